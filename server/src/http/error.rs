//! The one place an [`AppError`] becomes an HTTP response.
//!
//! - `/api/…`: `{"error":{"code","message","details"}}`, the documented API shape.
//! - `/sfn/…`: the `AppError` JSON the server-function client decodes.
//! - anything else (pages, plain form posts): a short Chinese text.

use app::api::{AppError, ErrorCode, SERVER_FN_PREFIX};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
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
            error.field = json_field_of(&text);
            error
        }
        _ => AppError::with_message(ErrorCode::InvalidInput, "请求体不是有效的 JSON"),
    }
}

/// `Query<T>` whose rejections are 400 `bad_parameter` naming the parameter
/// (`?worker_id=abc` → `details.field = "worker_id"`), not axum's plain-text 400.
///
/// utoipa does not recognise it as a query extractor: declare its parameters in
/// `params((…, Query, …))` of the route's `#[utoipa::path]`.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(ApiError(query_rejection(&rejection.body_text()))),
        }
    }
}

/// axum's words for a bad query string ("Failed to deserialize query string: worker_id:
/// invalid digit found in string") as a 400 naming the parameter when the text says which.
fn query_rejection(text: &str) -> AppError {
    let detail = text.split_once(": ").map_or(text, |(_, rest)| rest);
    let (field, reason) = match detail.split_once(": ") {
        // serde_path_to_error puts the parameter's path first.
        Some((path, reason)) if is_parameter_path(path) => (Some(path.to_string()), reason),
        // A top-level error: "missing field `year`", "unknown field `x`".
        _ => (field_named_in(detail), detail),
    };
    let message = match &field {
        Some(field) => format!("查询参数 {field} 有误：{reason}"),
        None => format!("查询参数有误：{reason}"),
    };
    let mut error = AppError::with_message(ErrorCode::BadParameter, message);
    error.field = field;
    error
}

/// `worker_id`, `filter.year`, `ids[0]`: what serde_path_to_error prints for a path.
fn is_parameter_path(path: &str) -> bool {
    !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'))
}

/// The field a JSON body error is about. axum puts serde's path first for a value of the
/// wrong type ("…target type: year: invalid type: integer `2027`…"), and serde names a missing
/// or unknown field in backquotes ("missing field `password`").
fn json_field_of(text: &str) -> Option<String> {
    let detail = text
        .split_once("target type: ")
        .map_or(text, |(_, rest)| rest);
    match detail.split_once(": ") {
        // A missing or unknown field inside a nested object: the field itself.
        Some((_, reason)) if reason.contains(" field `") => field_named_in(reason),
        Some((path, _)) if is_parameter_path(path) => Some(path.to_string()),
        _ => field_named_in(detail),
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
        assert_eq!(
            json_field_of(
                "Failed to deserialize the JSON body into the target type: year: invalid type: integer `2027`, expected a string at line 1 column 12"
            ),
            Some("year".to_string()),
            "the path, not the value in backquotes"
        );
        assert_eq!(
            json_field_of(
                "Failed to deserialize the JSON body into the target type: missing field `password` at line 1 column 20"
            ),
            Some("password".to_string())
        );
        assert_eq!(
            json_field_of(
                "Failed to deserialize the JSON body into the target type: terms: missing field `position` at line 1 column 40"
            ),
            Some("position".to_string())
        );
    }

    #[test]
    fn a_bad_query_parameter_is_a_400_naming_it() {
        let error = query_rejection(
            "Failed to deserialize query string: worker_id: invalid digit found in string",
        );
        assert_eq!(error.code, ErrorCode::BadParameter);
        assert_eq!(error.field.as_deref(), Some("worker_id"));
        assert_eq!(
            error.message,
            "查询参数 worker_id 有误：invalid digit found in string"
        );
        let error = query_rejection("Failed to deserialize query string: missing field `year`");
        assert_eq!(error.code, ErrorCode::BadParameter);
        assert_eq!(error.field.as_deref(), Some("year"));
        let error = query_rejection("Failed to deserialize query string: something odd");
        assert_eq!(error.field, None);
        assert_eq!(error.message, "查询参数有误：something odd");
    }

    #[test]
    fn axums_own_query_rejection_names_the_parameter() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Filter {
            year: Option<String>,
            worker_id: Option<i32>,
        }
        let uri: http::Uri = "/x?year=2026&worker_id=abc".parse().unwrap();
        let rejection = Query::<Filter>::try_from_uri(&uri).unwrap_err();
        let error = query_rejection(&rejection.body_text());
        assert_eq!(error.code.http_status(), 400);
        assert_eq!(
            error.field.as_deref(),
            Some("worker_id"),
            "{}",
            error.message
        );
        assert!(Query::<Filter>::try_from_uri(&"/x?year=2026".parse().unwrap()).is_ok());
    }

    #[test]
    fn the_api_envelope_carries_code_message_and_details() {
        let body = api_error_body(&AppError::invalid("username", "请输入用户名"));
        assert_eq!(body["error"]["code"], "invalid_input");
        assert_eq!(body["error"]["message"], "请输入用户名");
        assert_eq!(body["error"]["details"]["field"], "username");
    }
}
