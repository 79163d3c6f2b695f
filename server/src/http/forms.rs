//! Forms posted in place (the browser side is `app::ui::in_place`). A server function answers
//! a plain form post with a redirect: to the next page, or back to the form with the failure in
//! the address. A background `fetch` would follow that redirect and load a page it does not
//! need, so when the request asks for it (`x-laowu-form: in-place`) the redirect is answered as
//! `204 No Content` with its target in `x-laowu-location`; cookies and other headers stay.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// What the browser sends to ask for the target instead of the redirect.
pub const IN_PLACE: HeaderName = HeaderName::from_static("x-laowu-form");
/// Where the target goes.
pub const LOCATION: HeaderName = HeaderName::from_static("x-laowu-location");

pub async fn answer_redirects_in_place(request: Request, next: Next) -> Response {
    let in_place = request.headers().get(&IN_PLACE) == Some(&HeaderValue::from_static("in-place"));
    let response = next.run(request).await;
    if in_place && response.status().is_redirection() {
        in_place_answer(response)
    } else {
        response
    }
}

fn in_place_answer(response: Response) -> Response {
    let (mut parts, _) = response.into_parts();
    if let Some(target) = parts.headers.remove(header::LOCATION) {
        parts.headers.insert(LOCATION, target);
        parts.status = StatusCode::NO_CONTENT;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
    }
    Response::from_parts(parts, Body::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_becomes_no_content_with_its_target_and_keeps_its_cookies() {
        let response = Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, "/brands/new?error=x&field=name")
            .header(header::SET_COOKIE, "laowu_session=abc")
            .body(Body::from("redirecting"))
            .expect("a response");
        let answer = in_place_answer(response);
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(answer.headers().get(header::LOCATION), None);
        assert_eq!(
            answer
                .headers()
                .get(&LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/brands/new?error=x&field=name")
        );
        assert_eq!(
            answer
                .headers()
                .get(header::SET_COOKIE)
                .and_then(|v| v.to_str().ok()),
            Some("laowu_session=abc")
        );
    }
}
