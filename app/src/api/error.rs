//! The one error type that crosses the wire: from server functions to the UI, and (mapped by the
//! server) from `/api/v1` as `{"error":{"code","message","details"}}`. Messages are Chinese and
//! safe to show; internal details are logged on the server and never put here.

use crate::domain::access::Denied;
use crate::domain::credentials::FieldError;
use crate::domain::hiring::HireTransitionError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 401: the endpoint needs a signed-in user.
    Unauthenticated,
    /// 403: signed in, but the role or scope does not allow this.
    Forbidden,
    /// 403: a state-changing request from another site.
    CrossSite,
    /// 422: a field is missing or malformed; `field` names it.
    InvalidInput,
    /// 400: a URL query parameter is malformed or out of range; `field` names it.
    BadParameter,
    /// 401: the username and password do not match an active account (never says which).
    InvalidCredentials,
    /// 404
    NotFound,
    /// 413
    PayloadTooLarge,
    /// 429
    RateLimited,
    /// 409: the record changed since it was read, or the person is already on a roster.
    Conflict,
    /// 410: a link that existed and no longer works (revoked or expired).
    Gone,
    /// 503: the database is unreachable.
    Unavailable,
    /// 500: our fault; details are in the server log under the request's id.
    Internal,
    /// The request never reached the server function, or its answer could not be read.
    Transport,
}

impl ErrorCode {
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => 401,
            ErrorCode::Forbidden | ErrorCode::CrossSite => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::InvalidInput => 422,
            ErrorCode::BadParameter => 400,
            ErrorCode::RateLimited => 429,
            ErrorCode::Conflict => 409,
            ErrorCode::Gone => 410,
            ErrorCode::Unavailable => 503,
            ErrorCode::Internal | ErrorCode::Transport => 500,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CrossSite => "cross_site",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::BadParameter => "bad_parameter",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::NotFound => "not_found",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Gone => "gone",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::Transport => "transport",
        }
    }

    /// Parses the code carried in a `?error=` query after a plain (no-JavaScript) form post.
    pub fn from_query(s: &str) -> Option<Self> {
        [
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::CrossSite,
            ErrorCode::InvalidInput,
            ErrorCode::BadParameter,
            ErrorCode::InvalidCredentials,
            ErrorCode::NotFound,
            ErrorCode::PayloadTooLarge,
            ErrorCode::RateLimited,
            ErrorCode::Conflict,
            ErrorCode::Gone,
            ErrorCode::Unavailable,
            ErrorCode::Internal,
        ]
        .into_iter()
        .find(|code| code.as_str() == s)
    }

    /// The message shown when only the code is known.
    pub fn default_message(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "请先登录",
            ErrorCode::Forbidden => "您的账号无权进行此操作",
            ErrorCode::CrossSite => "请求来自其他网站，已被拒绝",
            ErrorCode::InvalidInput => "输入有误，请检查后重试",
            ErrorCode::BadParameter => "查询参数有误",
            ErrorCode::InvalidCredentials => "用户名或密码错误",
            ErrorCode::NotFound => "找不到该页面或记录",
            ErrorCode::PayloadTooLarge => "提交的内容过大",
            ErrorCode::RateLimited => "尝试次数过多，请稍后再试",
            ErrorCode::Conflict => "记录已被他人修改，请刷新后重试",
            ErrorCode::Gone => "链接已失效",
            ErrorCode::Unavailable => "服务暂时不可用，请稍后再试",
            ErrorCode::Internal => "服务器出错了，请稍后再试",
            ErrorCode::Transport => "网络连接失败，请检查网络后重试",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct AppError {
    pub code: ErrorCode,
    /// Chinese, safe to show to the user.
    pub message: String,
    /// The form field or setting this error is about, when there is one.
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            message: code.default_message().to_string(),
            field: None,
        }
    }

    pub fn with_message(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InvalidInput,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// A malformed URL query parameter (400), by name.
    pub fn bad_parameter(e: FieldError) -> Self {
        Self {
            code: ErrorCode::BadParameter,
            message: e.message,
            field: Some(e.field.to_string()),
        }
    }

    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal)
    }

    /// The message for a given form field, if this error is about that field.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        (self.field.as_deref() == Some(field)).then_some(self.message.as_str())
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::invalid(e.field, e.message)
    }
}

/// Illegal steps of a hire are conflicts (409) with the rule's Chinese message; bad payloads
/// name their field.
impl From<HireTransitionError> for AppError {
    fn from(e: HireTransitionError) -> Self {
        match e {
            HireTransitionError::Invalid { field, message } => AppError::invalid(field, message),
            HireTransitionError::NotYourTurn(m) | HireTransitionError::Illegal(m) => {
                AppError::with_message(ErrorCode::Conflict, m)
            }
        }
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotSignedIn => AppError::new(ErrorCode::Unauthenticated),
            Denied::WrongRole(_) => AppError::new(ErrorCode::Forbidden),
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // The arguments did not parse: a form field is missing or malformed.
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => {
                AppError::with_message(ErrorCode::InvalidInput, "请求缺少必填字段或格式错误")
            }
            _ => AppError::new(ErrorCode::Transport),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denials_map_to_401_and_403() {
        assert_eq!(AppError::from(Denied::NotSignedIn).code.http_status(), 401);
        assert_eq!(
            AppError::from(Denied::WrongRole(crate::domain::role::Role::Company))
                .code
                .http_status(),
            403
        );
    }

    #[test]
    fn a_field_error_keeps_its_field() {
        let e = AppError::from(FieldError {
            field: "password",
            message: "请输入密码".into(),
        });
        assert_eq!(e.for_field("password"), Some("请输入密码"));
        assert_eq!(e.for_field("username"), None);
    }

    #[test]
    fn error_codes_round_trip_through_the_query_string() {
        for code in [
            ErrorCode::InvalidCredentials,
            ErrorCode::RateLimited,
            ErrorCode::CrossSite,
        ] {
            assert_eq!(ErrorCode::from_query(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::from_query("nonsense"), None);
    }
}
