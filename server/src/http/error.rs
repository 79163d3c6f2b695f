//! The one place an [`AppError`] becomes an HTTP response.
//!
//! - `/api/…`: `{"error":{"code","message","details"}}`, the documented API shape.
//! - `/sfn/…`: the `AppError` JSON the server-function client decodes.
//! - anything else (pages, plain form posts): a short Chinese text.

use app::api::{AppError, ErrorCode, SERVER_FN_PREFIX};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use utoipa::ToSchema;

/// The API's error envelope, for the OpenAPI document.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine code, e.g. `invalid_credentials`, `forbidden`, `invalid_input`.
    pub code: String,
    /// Chinese message safe to show to a user.
    pub message: String,
    /// `{"field": "…"}` when the error is about one input field.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

fn status_of(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The API envelope for an error.
pub fn api_error_body(error: &AppError) -> serde_json::Value {
    let details = match &error.field {
        Some(field) => json!({ "field": field }),
        None => json!({}),
    };
    json!({ "error": { "code": error.code.as_str(), "message": error.message, "details": details } })
}

/// Renders an error in the form the caller at `path` understands.
pub fn error_response(path: &str, error: &AppError) -> Response {
    let status = status_of(error);
    if path.starts_with("/api/") {
        (status, Json(api_error_body(error))).into_response()
    } else if path.starts_with(SERVER_FN_PREFIX) {
        (status, Json(error)).into_response()
    } else {
        (
            status,
            [(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            error.message.clone(),
        )
            .into_response()
    }
}

/// An API handler's error: always the JSON envelope.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (status_of(&self.0), Json(api_error_body(&self.0))).into_response()
    }
}

/// `Json<T>` whose rejections are API errors naming the problem (and the field, when serde
/// says which one is missing or wrong).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError(json_rejection(&rejection))),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::with_message(
            ErrorCode::InvalidInput,
            "请求须为 JSON（Content-Type: application/json）",
        ),
        JsonRejection::BytesRejection(_) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::new(ErrorCode::PayloadTooLarge)
        }
        JsonRejection::JsonDataError(e) => {
            let text = e.body_text();
            let mut error = AppError::with_message(
                ErrorCode::InvalidInput,
                format!("字段缺失或格式错误：{}", serde_detail(&text)),
            );
            error.field = field_named_in(&text);
            error
        }
        _ => AppError::with_message(ErrorCode::InvalidInput, "请求体不是有效的 JSON"),
    }
}

/// serde's own words ("missing field `password`"), without axum's prefix.
fn serde_detail(text: &str) -> String {
    text.rsplit(": ").next().unwrap_or(text).to_string()
}

/// The field a serde message is about: "missing field `password`" → `password`.
fn field_named_in(text: &str) -> Option<String> {
    let start = text.find('`')? + 1;
    let len = text[start..].find('`')?;
    Some(text[start..start + len].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_is_taken_from_serdes_message() {
        assert_eq!(
            field_named_in(
                "Failed to deserialize the JSON body into the target type: missing field `password` at line 1 column 20"
            ),
            Some("password".to_string())
        );
        assert_eq!(field_named_in("no field here"), None);
    }

    #[test]
    fn the_api_envelope_carries_code_message_and_details() {
        let body = api_error_body(&AppError::invalid("username", "请输入用户名"));
        assert_eq!(body["error"]["code"], "invalid_input");
        assert_eq!(body["error"]["message"], "请输入用户名");
        assert_eq!(body["error"]["details"]["field"], "username");
    }
}
