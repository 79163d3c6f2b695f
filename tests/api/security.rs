//! Cross-site request refusal, security headers and the request-body limit.

use laowu_tests::{COMPANY, TestApp, on_both_databases};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    a_cross_site_login_is_refused_and_changes_nothing,
    a_foreign_origin_is_refused_when_fetch_metadata_is_missing,
    a_cross_site_server_function_call_is_refused,
    same_origin_requests_pass,
    every_response_carries_the_security_headers,
    pages_get_a_script_nonce_in_their_policy,
    an_oversized_body_is_refused_with_413,
);

async fn a_cross_site_login_is_refused_and_changes_nothing(app: TestApp) {
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({ "username": COMPANY.0, "password": COMPANY.1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get("set-cookie").is_none());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "cross_site");
    assert_eq!(app.audit_count("login", "ok").await, 0, "no login happened");
}

async fn a_foreign_origin_is_refused_when_fetch_metadata_is_missing(app: TestApp) {
    let response = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn a_cross_site_server_function_call_is_refused(app: TestApp) {
    app.login(COMPANY).await;
    let response = app
        .client
        .post(app.url("/sfn/logout"))
        .header("sec-fetch-site", "cross-site")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "cross_site");
    assert_eq!(
        app.get("/api/v1/me").await.status(),
        StatusCode::OK,
        "still signed in"
    );
}

async fn same_origin_requests_pass(app: TestApp) {
    let origin = app.address.clone();
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("origin", origin)
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "username": COMPANY.0, "password": COMPANY.1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

async fn every_response_carries_the_security_headers(app: TestApp) {
    for path in [
        "/",
        "/login",
        "/no-such-page",
        "/api/v1/me",
        "/healthz",
        "/api/v1/openapi.json",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
    }
}

async fn pages_get_a_script_nonce_in_their_policy(app: TestApp) {
    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the page's CSP")
        .to_string();
    assert!(
        csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"),
        "{csp}"
    );
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    // A fresh nonce for every response.
    let again = app.get("/").await;
    assert!(
        !again.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(&nonce)
    );
}

async fn an_oversized_body_is_refused_with_413(app: TestApp) {
    let big = "x".repeat(app.settings.body_limit_bytes + 1);
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(format!("{{\"username\":\"{big}\",\"password\":\"x\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
}
