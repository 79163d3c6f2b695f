//! Login, logout, sessions and rate limits.

use laowu_tests::{ADMIN, COMPANY, EMPLOYER, TestApp, login_with, on_both_databases};
use reqwest::StatusCode;
use serde_json::Value;

on_both_databases!(
    logging_in_sets_an_http_only_session_cookie_and_identifies_the_user,
    a_wrong_password_and_an_unknown_user_get_the_same_answer,
    missing_fields_are_named_in_the_error,
    logging_out_ends_the_session_on_the_server,
    logging_in_replaces_the_session_id,
    the_login_form_server_function_signs_in_and_redirects_a_plain_post,
    the_login_form_server_function_sends_a_plain_post_back_with_the_error,
    a_form_posted_in_place_gets_the_redirect_target_instead_of_the_redirect,
    logins_are_rate_limited_per_account,
    logins_are_rate_limited_per_address,
    a_login_is_audited,
);

async fn logging_in_sets_an_http_only_session_cookie_and_identifies_the_user(app: TestApp) {
    let response = app.login(COMPANY).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie")
        .to_string();
    assert!(cookie.starts_with("laowu_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["username"], "xinchu");
    assert_eq!(body["role"], "company");
    assert_eq!(body["scope_label"], "浮山县鑫厨劳务有限公司");

    let me: Value = app.get_json("/api/v1/me").await;
    assert_eq!(me["display_name"], "鑫厨劳务");
    assert_eq!(me["scope"]["kind"], "company");
}

async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(app: TestApp) {
    let wrong = app.login(("admin", "not-the-password")).await;
    let unknown = app.login(("nobody-here", "not-the-password")).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get("set-cookie").is_none());
    let wrong: Value = wrong.json().await.unwrap();
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["error"]["code"], "invalid_credentials");
    assert_eq!(wrong["error"]["message"], "用户名或密码错误");
}

async fn missing_fields_are_named_in_the_error(app: TestApp) {
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({ "username": "admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_input");
    assert_eq!(body["error"]["details"]["field"], "password");

    let response = app.login(("  ", "x")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["details"]["field"], "username");
    assert_eq!(body["error"]["message"], "请输入用户名");

    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_input");
}

async fn logging_out_ends_the_session_on_the_server(app: TestApp) {
    let response = app.login(EMPLOYER).await;
    let token = session_token(&response);
    let logout = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Replaying the old cookie from another client does not bring the session back.
    let replay = app
        .new_client()
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("laowu_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
}

async fn logging_in_replaces_the_session_id(app: TestApp) {
    let first = session_token(&app.login(ADMIN).await);
    let second = session_token(&app.login(ADMIN).await);
    assert_ne!(first, second);
    let old = app
        .new_client()
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("laowu_session={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.status(),
        StatusCode::UNAUTHORIZED,
        "the pre-login session must be gone"
    );
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::OK);
}

async fn the_login_form_server_function_signs_in_and_redirects_a_plain_post(app: TestApp) {
    let response = app
        .client
        .post(app.url("/sfn/login"))
        .header("accept", "text/html")
        .form(&[("username", "fushan"), ("password", "laowu-promoter-2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()["location"], "/");
    let me: Value = app.get_json("/api/v1/me").await;
    assert_eq!(me["role"], "promoter");
    assert_eq!(me["scope_label"], "浮山县");
}

/// What the browser's forms posted in place (`ui::in_place`) get: 204 and the target, the
/// session cookie of a sign-in kept, a refusal's target naming the error.
async fn a_form_posted_in_place_gets_the_redirect_target_instead_of_the_redirect(app: TestApp) {
    let post = |password: &'static str| {
        app.client
            .post(app.url("/sfn/login"))
            .header("accept", "text/html")
            .header("x-laowu-form", "in-place")
            .form(&[("username", "fushan"), ("password", password)])
            .send()
    };
    let refused = post("wrong").await.unwrap();
    assert_eq!(refused.status(), StatusCode::NO_CONTENT);
    assert!(refused.headers().get("location").is_none());
    assert_eq!(
        refused.headers()["x-laowu-location"],
        "/login?error=invalid_credentials&field="
    );
    assert!(refused.headers().get("set-cookie").is_none());

    let signed_in = post("laowu-promoter-2026").await.unwrap();
    assert_eq!(signed_in.status(), StatusCode::NO_CONTENT);
    assert_eq!(signed_in.headers()["x-laowu-location"], "/");
    assert!(signed_in.headers().get("set-cookie").is_some());
    let me: Value = app.get_json("/api/v1/me").await;
    assert_eq!(me["role"], "promoter");
}

async fn the_login_form_server_function_sends_a_plain_post_back_with_the_error(app: TestApp) {
    let response = app
        .client
        .post(app.url("/sfn/login"))
        .header("accept", "text/html")
        .form(&[("username", "fushan"), ("password", "wrong")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()["location"],
        "/login?error=invalid_credentials&field="
    );
    assert!(response.headers().get("set-cookie").is_none());

    // The page it sends the browser back to shows the message.
    let page = app
        .get("/login?error=invalid_credentials&field=")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("用户名或密码错误"));
}

async fn logins_are_rate_limited_per_account(app: TestApp) {
    // Default: 5 attempts per account per minute, whoever makes them.
    for _ in 0..5 {
        let status = app.login(("admin", "guess")).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let limited = app.new_client();
    let response = login_with(&limited, &app.address, "admin", "laowu-admin-2026").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    // Other accounts are unaffected.
    assert_eq!(app.login(COMPANY).await.status(), StatusCode::OK);
}

async fn logins_are_rate_limited_per_address(app: TestApp) {
    // Default: 10 attempts per address per minute, whatever the usernames.
    for n in 0..10 {
        let status = app.login((&format!("someone{n}"), "guess")).await.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let response = app.login(COMPANY).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // X-Forwarded-For is not trusted: a made-up address does not reset the limit.
    let spoofed = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", "10.1.2.3")
        .json(&serde_json::json!({ "username": "xinchu", "password": "laowu-company-2026" }))
        .send()
        .await
        .unwrap();
    assert_eq!(spoofed.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn a_login_is_audited(app: TestApp) {
    app.login(("admin", "wrong")).await;
    app.login(ADMIN).await;
    assert_eq!(app.audit_count("login", "failed").await, 1);
    assert_eq!(app.audit_count("login", "ok").await, 1);
}

fn session_token(response: &reqwest::Response) -> String {
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie");
    cookie
        .trim_start_matches("laowu_session=")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string()
}
