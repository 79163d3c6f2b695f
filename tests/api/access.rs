//! Every endpoint declares who may call it; everyone else is refused with a clear message.

use laowu_tests::{ADMIN, COMPANY, EMPLOYER, PROMOTER, TestApp, on_both_databases};
use reqwest::StatusCode;
use serde_json::Value;

on_both_databases!(
    anonymous_callers_are_asked_to_sign_in,
    only_admins_may_list_users_through_the_api,
    only_admins_may_list_users_through_the_server_function,
    refusals_are_audited,
    every_server_function_declares_its_access_and_refuses_anonymous_callers_where_it_says,
    every_api_operation_that_needs_a_session_refuses_anonymous_callers,
);

async fn anonymous_callers_are_asked_to_sign_in(app: TestApp) {
    for path in ["/api/v1/me", "/api/v1/users"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthenticated");
        assert_eq!(body["error"]["message"], "请先登录");
    }
}

async fn only_admins_may_list_users_through_the_api(app: TestApp) {
    for account in [COMPANY, EMPLOYER, PROMOTER] {
        let client = app.new_client();
        laowu_tests::login_with(&client, &app.address, account.0, account.1).await;
        let response = client.get(app.url("/api/v1/users")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{}", account.0);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "forbidden");
        assert_eq!(body["error"]["message"], "您的账号无权进行此操作");
    }
    app.login(ADMIN).await;
    let users: Value = app.get_json("/api/v1/users").await;
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["username"].as_str())
        .collect();
    assert_eq!(names, ["admin", "fushan", "xinchu", "jingweilou"]);
    assert!(
        users.to_string().find("password").is_none(),
        "no hashes leave the server"
    );
}

async fn only_admins_may_list_users_through_the_server_function(app: TestApp) {
    app.login(COMPANY).await;
    let response = app
        .client
        .post(app.url("/sfn/list_users"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "forbidden");

    let admin = app.new_client();
    laowu_tests::login_with(&admin, &app.address, ADMIN.0, ADMIN.1).await;
    let response = admin.post(app.url("/sfn/list_users")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body.as_array().map(Vec::len), Some(4));
}

async fn refusals_are_audited(app: TestApp) {
    app.login(EMPLOYER).await;
    app.get("/api/v1/users").await;
    assert_eq!(app.audit_count("access.denied", "denied").await, 1);
}

async fn every_server_function_declares_its_access_and_refuses_anonymous_callers_where_it_says(
    app: TestApp,
) {
    use app::api::{SERVER_FN_PREFIX, server_fn_access};
    use app::domain::access::Access;

    let registered: Vec<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method.to_string()))
        .collect();
    assert!(
        registered.len() >= 5,
        "server functions are registered: {registered:?}"
    );
    for (path, method) in registered {
        let endpoint = path
            .strip_prefix(SERVER_FN_PREFIX)
            .and_then(|p| p.strip_prefix('/'))
            .unwrap_or_else(|| panic!("{path} is mounted outside {SERVER_FN_PREFIX}"));
        let access = server_fn_access(endpoint)
            .unwrap_or_else(|| panic!("{endpoint} has no entry in SERVER_FN_ACCESS"));
        if access == Access::Public {
            continue;
        }
        assert_eq!(
            method, "POST",
            "{endpoint}: state may only change through POST"
        );
        let response = app.new_client().post(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{endpoint}");
    }
}

async fn every_api_operation_that_needs_a_session_refuses_anonymous_callers(app: TestApp) {
    let doc: Value = app.get_json("/api/v1/openapi.json").await;
    let mut checked = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            if operation.get("security").is_none() {
                continue;
            }
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = app
                .new_client()
                .request(method, app.url(path))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
            checked += 1;
        }
    }
    assert!(checked >= 2, "the document marks its protected operations");
}
