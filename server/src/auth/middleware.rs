//! Resolves the session cookie once per request and stores a [`RequestIdentity`] in the
//! request's extensions for server functions and API handlers.

use crate::http::error::error_response;
use crate::state::AppState;
use app::api::context::{AccountDesk, RequestIdentity};
use app::api::{AppError, MULTIPART_SERVER_FNS, SERVER_FN_PREFIX, server_fn_access};
use app::domain::access::Access;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{CONTENT_TYPE, COOKIE};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // The TCP peer, never a client-supplied X-Forwarded-For: rate limits must not be spoofable.
    let client_ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |info| info.0.ip());
    // The bundle and stylesheet are the same for everyone: no session lookup for them.
    let is_bundle = request.uri().path().starts_with("/pkg/");
    let token =
        session_token(&request, state.services.session_cookie.name()).filter(|_| !is_bundle);
    let (session_id, user) = match token {
        Some(token) => match state.accounts.identify(&token).await {
            Ok(Some((id, user))) => (Some(id), Some(user)),
            Ok(None) => (None, None),
            Err(error) => return error_response(request.uri().path(), &error),
        },
        None => (None, None),
    };
    request.extensions_mut().insert(RequestIdentity {
        user,
        session_id,
        client_ip,
    });
    next.run(request).await
}

/// Applies an access rule to the caller; a refusal is audited and becomes 401/403.
///
/// # Errors
/// `Unauthenticated` or `Forbidden`.
pub async fn enforce(
    state: &AppState,
    identity: &RequestIdentity,
    access: Access,
    endpoint: &str,
) -> Result<(), AppError> {
    if let Err(denied) = access.check(identity.user.as_ref()) {
        state.accounts.record_denial(identity, endpoint).await;
        return Err(denied.into());
    }
    Ok(())
}

/// Applies a server function's declared access rule before its body is read or decoded, so a
/// refused caller never gets as far as the input decoder; the function checks again itself.
/// Also refuses an upload without a multipart boundary, which the decoder cannot handle.
pub async fn guard_server_fns(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let Some(endpoint) = path
        .strip_prefix(SERVER_FN_PREFIX)
        .and_then(|p| p.strip_prefix('/'))
    else {
        return next.run(request).await;
    };
    let Some(identity) = request.extensions().get::<RequestIdentity>().cloned() else {
        return error_response(&path, &AppError::internal());
    };
    // Undeclared endpoints admit nobody (fail closed).
    let access = server_fn_access(endpoint).unwrap_or(Access::Roles(&[]));
    if let Err(error) = enforce(&state, &identity, access, endpoint).await {
        return error_response(&path, &error);
    }
    if MULTIPART_SERVER_FNS.contains(&endpoint) {
        let has_boundary = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data") && v.contains("boundary="));
        if !has_boundary {
            return error_response(
                &path,
                &AppError::invalid("file", "请以 multipart/form-data 上传文件"),
            );
        }
    }
    next.run(request).await
}

/// The session token from the `Cookie` headers, if it has the shape of one (64 hex digits).
fn session_token(request: &Request, cookie_name: &str) -> Option<String> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie_name)
        .map(|(_, value)| value.to_string())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request_with_cookie(cookie: &str) -> Request {
        Request::builder()
            .header(COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let token = "a".repeat(64);
        let req = request_with_cookie(&format!("theme=dark; laowu_session={token}; x=1"));
        assert_eq!(session_token(&req, "laowu_session"), Some(token));
    }

    #[test]
    fn a_malformed_token_is_ignored() {
        let req = request_with_cookie("laowu_session=../../etc/passwd");
        assert_eq!(session_token(&req, "laowu_session"), None);
        let req = request_with_cookie(&format!("other_session={}", "a".repeat(64)));
        assert_eq!(session_token(&req, "laowu_session"), None);
    }
}
