//! Server-rendered pages, the API description and the health probes.

use laowu_tests::{TestApp, on_both_databases};
use reqwest::StatusCode;
use serde_json::Value;

on_both_databases!(
    the_home_page_is_rendered_on_the_server_in_chinese,
    an_unknown_page_is_a_404_in_chinese,
    the_openapi_document_describes_the_api,
    health_and_readiness_answer,
);

async fn the_home_page_is_rendered_on_the_server_in_chinese(app: TestApp) {
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"zh-CN\""));
    assert!(html.contains("临汾劳务品牌市场"));
    for brand in [
        "浮山厨师",
        "曲沃羊汤",
        "襄汾烧饼",
        "翼城石头饼",
        "乡宁空心月饼",
        "吕梁山家政护工",
    ] {
        assert!(html.contains(brand), "{brand} missing");
    }
    assert!(
        html.contains("/pkg/laowu.js"),
        "the hydration script is referenced"
    );
    assert!(
        html.contains("href=\"/login\""),
        "visitors are offered a login"
    );
}

async fn an_unknown_page_is_a_404_in_chinese(app: TestApp) {
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("页面不存在"));
}

async fn the_openapi_document_describes_the_api(app: TestApp) {
    let doc: Value = app.get_json("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for (path, method) in [
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/users", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is described"
        );
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

async fn health_and_readiness_answer(app: TestApp) {
    let health: Value = app.get_json("/healthz").await;
    assert_eq!(health["status"], "ok");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["database"], "ok");
}
