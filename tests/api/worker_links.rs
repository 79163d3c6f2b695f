//! A worker's own link: the company issues a QR code, a scan verifies brand, certificate and
//! attested work without any personal data, re-issuing or revoking kills the old code (410,
//! saying which), unknown codes are 404, and scans are rate-limited per address.

use app::domain::id_number::with_check_char;
use laowu_tests::{COMPANY, EMPLOYER, TestApp, on_both_databases};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    a_code_verifies_the_worker_without_personal_data_until_revoked,
    scans_are_rate_limited_per_address,
);

/// One worker on 鑫厨's roster; returns its id and ID number.
async fn a_worker(app: &TestApp) -> (i64, String) {
    app.login(COMPANY).await;
    let id_number = with_check_char("14102719850312123").unwrap();
    let csv = format!(
        "姓名,身份证号,手机号,户籍区县,是否建档立卡,技能工种,职业技能等级,证书编号,发证机构,发证日期,从业年限,期望月薪,意向地区,可到岗日期,个人简介\n\
         王建国,{id_number},13800001234,浮山县,否,中式烹调师,三级/高级工,S000001,临汾市职业技能鉴定中心,2020-05-01,8,7000,北京,2027-01-01,擅长过油肉\n"
    );
    assert_eq!(app.import_roster(&csv, "").await.status(), StatusCode::OK);
    let workers: Value = app.get_json("/api/v1/workers").await;
    (workers["workers"][0]["id"].as_i64().unwrap(), id_number)
}

async fn scan(app: &TestApp, url: &str) -> (StatusCode, Value) {
    let path = url.split_once("/v/").map(|(_, t)| t).unwrap_or(url);
    let response = app
        .new_client()
        .get(app.url(&format!("/api/v1/badges/{path}")))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn a_code_verifies_the_worker_without_personal_data_until_revoked(app: TestApp) {
    // Arrange
    let (worker_id, id_number) = a_worker(&app).await;
    let company = app.client_for(COMPANY).await;
    let link_path = app.url(&format!("/api/v1/workers/{worker_id}/link"));

    // Act: issue.
    let response = company.post(&link_path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let issued: Value = response.json().await.unwrap();
    let url = issued["url"].as_str().unwrap().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("/v/"),
        "{url}"
    );
    assert!(
        issued["qr_svg"].as_str().unwrap().starts_with("<?xml"),
        "an SVG document"
    );
    assert_eq!(issued["worker_id"], worker_id);

    // Assert: the badge verifies what employers may know, and nothing personal.
    let (status, badge) = scan(&app, &url).await;
    assert_eq!(status, StatusCode::OK, "{badge}");
    assert_eq!(badge["company_name"], server::seed::DEMO_COMPANY);
    assert_eq!(badge["occupations"], json!(["中式烹调师"]));
    assert_eq!(badge["certificate_level"], "三级/高级工");
    assert_eq!(badge["certificate_verified"], false);
    assert_eq!(badge["certificate_status"], "待核验");
    let text = badge.to_string();
    for secret in ["王建国", id_number.as_str(), "13800001234", "1234"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    // The page renders on the server too.
    let page = app.new_client().get(&url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("中式烹调师"));

    // Re-issuing kills the old code; revoking kills the new one; each says why.
    let again: Value = company
        .post(&link_path)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (status, old) = scan(&app, &url).await;
    assert_eq!(status, StatusCode::GONE, "{old}");
    assert!(
        old["error"]["message"].as_str().unwrap().contains("作废"),
        "{old}"
    );
    assert!(
        !old.to_string().contains("中式烹调师"),
        "a dead code shows nothing"
    );
    let (status, _) = scan(&app, again["url"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let revoked = company.delete(&link_path).send().await.unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let (status, _) = scan(&app, again["url"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::GONE);
    let twice = company.delete(&link_path).send().await.unwrap();
    assert_eq!(
        twice.status(),
        StatusCode::CONFLICT,
        "nothing left to revoke"
    );
    assert_eq!(app.audit_count("worker.link_issue", "ok").await, 2);
    assert_eq!(app.audit_count("worker.link_revoke", "ok").await, 1);

    // Unknown or malformed codes are 404; only the worker's company issues one.
    let (status, _) = scan(&app, &"ab".repeat(24)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = scan(&app, "not-a-token").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let employer = app.client_for(EMPLOYER).await;
    assert_eq!(
        employer.post(&link_path).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let unknown = app.url("/api/v1/workers/999999/link");
    assert_eq!(
        company.post(&unknown).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

async fn scans_are_rate_limited_per_address(app: TestApp) {
    let (worker_id, _) = a_worker(&app).await;
    let company = app.client_for(COMPANY).await;
    let issued: Value = company
        .post(app.url(&format!("/api/v1/workers/{worker_id}/link")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = issued["url"].as_str().unwrap().to_string();
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(scan(&app, &url).await.0);
    }
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(statuses[0], StatusCode::OK);
    assert!(limited >= 5, "30 a minute, then 429: {statuses:?}");
}
