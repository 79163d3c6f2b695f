//! Resolves the session cookie once per request and stores a [`RequestIdentity`] in the
//! request's extensions for server functions and API handlers.

use crate::http::error::error_response;
use crate::state::AppState;
use app::api::context::RequestIdentity;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::COOKIE;
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
