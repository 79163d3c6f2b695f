//! Middleware every request passes: security headers, the cross-site request check and the
//! request-body limit.

use super::error::error_response;
use app::api::{AppError, ErrorCode};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method};

/// The policy for everything that is not a page (pages set their own, with the script nonce).
const DEFAULT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Adds the security headers to every response, including errors and static files.
pub async fn security_headers(State(https): State<bool>, request: Request, next: Next) -> Response {
    let is_bundle = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, DEFAULT_CSP);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    // Pages and API answers can carry personal data: no caching. The bundle may be cached.
    if !is_bundle {
        set(header::CACHE_CONTROL, "no-store");
    }
    if https {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// Refuses state-changing requests that a browser sent from another site (CSRF). Leptos server
/// functions do no such check themselves (leptos-rs/leptos#3786), so it is done here, for
/// every route: Fetch Metadata first, `Origin` for browsers without it. Requests carrying
/// neither come from non-browser clients, which cannot ride on a user's cookies.
pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    if is_safe_method(request.method()) || is_same_site(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        error_response(request.uri().path(), &AppError::new(ErrorCode::CrossSite))
    }
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a state-changing request may proceed.
fn is_same_site(headers: &HeaderMap) -> bool {
    let value = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = value("sec-fetch-site") {
        // `none`: typed into the address bar or opened from a bookmark.
        return site == "same-origin" || site == "none";
    }
    match (value("origin"), value("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin_host(origin) == Some(host),
        (Some(_), None) => false,
    }
}

/// `https://example.org:8443` → `example.org:8443`; `null` and junk → `None`.
fn origin_host(origin: &str) -> Option<&str> {
    let (_, rest) = origin.split_once("://")?;
    (!rest.is_empty() && !rest.contains('/')).then_some(rest)
}

/// Request-body limits: a small one for everything, a larger one for ledger uploads.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    pub default: usize,
    pub upload: usize,
}

/// Routes that take ledger files (rosters, insurance agency statements, household ledgers),
/// in a form field named `file`.
const UPLOAD_PATHS: [&str; 6] = [
    "/api/v1/rosters/import",
    "/sfn/import_roster",
    "/api/v1/insurance/import",
    "/sfn/import_statement",
    "/api/v1/households/import",
    "/sfn/import_households",
];

impl BodyLimits {
    /// Whether the route takes a file upload (the `file` field), with the larger limit.
    pub fn is_upload(path: &str) -> bool {
        UPLOAD_PATHS.contains(&path)
    }

    pub fn for_path(&self, path: &str) -> usize {
        if Self::is_upload(path) {
            self.upload
        } else {
            self.default
        }
    }
}

/// Answers 413 before reading a body whose declared length is over the route's limit, and caps
/// every body at that limit while it is read (bodies without a length, chunked uploads).
pub async fn limit_bodies(
    State(limits): State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let limit = limits.for_path(&path);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        let mut error = AppError::new(ErrorCode::PayloadTooLarge);
        error.message = format!("提交的内容过大（上限 {} KB）", limit / 1024);
        if BodyLimits::is_upload(&path) {
            error.field = Some("file".to_string());
        }
        return error_response(&path, &error);
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(is_same_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(!is_same_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_same_site(&headers(&[("sec-fetch-site", "same-site")])));
        // A matching Origin does not override a cross-site Fetch Metadata verdict.
        assert!(!is_same_site(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ])));
    }

    #[test]
    fn origin_must_match_host_when_there_is_no_fetch_metadata() {
        assert!(is_same_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ])));
        assert!(!is_same_site(&headers(&[
            ("origin", "http://evil.example"),
            ("host", "127.0.0.1:3000"),
        ])));
        assert!(!is_same_site(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
    }

    #[test]
    fn only_ledger_uploads_get_the_larger_limit() {
        let limits = BodyLimits {
            default: 10,
            upload: 100,
        };
        assert_eq!(limits.for_path("/api/v1/rosters/import"), 100);
        assert_eq!(limits.for_path("/sfn/import_roster"), 100);
        assert_eq!(limits.for_path("/api/v1/insurance/import"), 100);
        assert_eq!(limits.for_path("/sfn/import_statement"), 100);
        assert_eq!(limits.for_path("/api/v1/auth/login"), 10);
        assert_eq!(limits.for_path("/sfn/login"), 10);
    }

    #[test]
    fn clients_that_send_neither_header_are_not_browsers_and_pass() {
        assert!(is_same_site(&headers(&[("host", "127.0.0.1:3000")])));
    }
}
