//! One worker's page: everything the company recorded (masked), the form that edits it without
//! re-typing the ID number, and the audited, capped reveal of the full numbers.

use app::domain::id_number::with_check_char;
use laowu_tests::{COMPANY, EMPLOYER, TestApp, on_both_databases, send_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_databases!(
    the_worker_page_shows_everything_recorded_masked,
    a_form_edit_keeps_the_stored_id_and_phone_when_left_empty,
    revealing_full_numbers_needs_a_purpose_is_audited_and_capped_per_day,
    only_the_worker_s_company_can_reveal,
);

fn id_number() -> String {
    with_check_char("14102719900508121").unwrap()
}

async fn add_worker(app: &TestApp) -> i64 {
    app.login(COMPANY).await;
    let created = send_json(app.client.post(app.url("/api/v1/workers")).json(&json!({
        "name": "薛春燕",
        "id_number": id_number(),
        "phone": "13503570121",
        "household_county": "浮山县",
        "poverty_registered": true,
        "household_number": "141027000123",
        "poverty_status": "监测户",
        "education": "中专",
        "training_wish": true,
        "employment_wish": true,
        "occupations": ["养老护理员"],
        "certificate_level": "四级",
        "certificate_number": "Y-2020-0001",
        "certificate_issuer": "临汾市职业技能鉴定中心",
        "certificate_date": "2020-09-01",
        "years_experience": 5,
        "expected_wage": "6800",
        "target_regions": ["北京", "上海"],
        "available_from": "2027-03-01",
        "bio": "护理失能老人五年"
    })))
    .await;
    created["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{created}"))
}

async fn the_worker_page_shows_everything_recorded_masked(app: TestApp) {
    let id = add_worker(&app).await;
    let detail = app.get_json(&format!("/api/v1/workers/{id}")).await;
    assert_eq!(detail["name"], "薛春燕");
    assert_eq!(
        detail["id_number_masked"],
        "1410**********121X".replace('X', &id_number()[17..])
    );
    assert_eq!(detail["phone_masked"], "135****0121");
    assert_eq!(detail["education"], "中专/技校");
    assert_eq!(detail["training_wish"], true);
    assert_eq!(detail["poverty_registered"], true);
    assert_eq!(detail["household_county_name"], "浮山县");
    assert_eq!(detail["household_number"], "141027000123");
    assert_eq!(detail["poverty_status"], "监测户");
    assert_eq!(detail["target_region_names"], json!(["北京", "上海"]));
    assert_eq!(detail["expected_wage"], "6800.00");
    assert_eq!(detail["certificate_status"], "unverified");
    assert!(!detail.to_string().contains(&id_number()), "{detail}");

    // The page renders the same on the server (no JavaScript needed).
    let html = app
        .get(&format!("/roster/workers/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("薛春燕") && html.contains("中专/技校") && html.contains("135****0121"));
    assert!(!html.contains(&id_number()) && !html.contains("13503570121"));

    // The ledger round-trips the new columns.
    let export = app
        .get("/api/v1/rosters/export?format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        export.contains("学历") && export.contains("中专/技校"),
        "{export}"
    );
    assert!(
        export.contains("141027000123") && export.contains("监测户"),
        "{export}"
    );
    // Re-importing the export changes nothing.
    let report: Value = app.import_roster(&export, "").await.json().await.unwrap();
    assert_eq!(report["unchanged"], 1, "{report}");
}

async fn a_form_edit_keeps_the_stored_id_and_phone_when_left_empty(app: TestApp) {
    let id = add_worker(&app).await;
    let saved: Value = app
        .client
        .post(app.url("/sfn/save_worker"))
        .form(&[
            ("id", id.to_string().as_str()),
            ("version", "1"),
            ("name", "薛春燕"),
            ("id_number", ""),
            ("phone", ""),
            ("household_county", "141027"),
            ("education", "大专"),
            ("employment_wish", "on"),
            ("occupations", "养老护理员、家政服务员"),
            ("certificate_level", "四级/中级工"),
            ("certificate_number", "Y-2020-0001"),
            ("certificate_issuer", "临汾市职业技能鉴定中心"),
            ("certificate_date", "2020-09-01"),
            ("years_experience", "6"),
            ("expected_wage", "7200"),
            ("target_regions", "北京"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(saved["version"], 2, "{saved}");
    assert_eq!(saved["education"], "大专");
    assert_eq!(saved["training_wish"], false, "an unchecked box is no");
    assert_eq!(saved["poverty_registered"], false);
    assert_eq!(saved["occupations"], json!(["养老护理员", "家政服务员"]));
    assert_eq!(
        saved["phone_masked"], "135****0121",
        "the stored phone is kept"
    );
    assert_eq!(saved["certificate_status"], "unverified");

    // A bad field is named; nothing changes.
    let bad = app
        .client
        .post(app.url("/sfn/save_worker"))
        .form(&[
            ("id", id.to_string().as_str()),
            ("version", "2"),
            ("name", "薛春燕"),
            ("years_experience", "很多"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad: Value = bad.json().await.unwrap();
    assert_eq!(bad["field"], "years_experience", "{bad}");
    let detail = app.get_json(&format!("/api/v1/workers/{id}")).await;
    assert_eq!(detail["version"], 2);
}

async fn reveal(app: &TestApp, id: i64, purpose: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/workers/{id}/reveal")))
        .json(&json!({ "purpose": purpose }))
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn revealing_full_numbers_needs_a_purpose_is_audited_and_capped_per_day(app: TestApp) {
    let id = add_worker(&app).await;
    let (status, body) = reveal(&app, id, " ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["details"]["field"], "purpose");
    assert_eq!(app.audit_count("worker.reveal", "ok").await, 0);

    let (status, contact) = reveal(&app, id, "办理社保").await;
    assert_eq!(status, StatusCode::OK, "{contact}");
    assert_eq!(contact["id_number"], id_number());
    assert_eq!(contact["phone"], "13503570121");
    assert_eq!(contact["remaining_today"], 49);
    assert_eq!(app.audit_count("worker.reveal", "ok").await, 1);

    for n in 2..=50 {
        let (status, _) = reveal(&app, id, "签订劳动合同").await;
        assert_eq!(status, StatusCode::OK, "reveal {n}");
    }
    let (status, body) = reveal(&app, id, "签订劳动合同").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(app.audit_count("worker.reveal", "ok").await, 50);
}

async fn only_the_worker_s_company_can_reveal(app: TestApp) {
    let id = add_worker(&app).await;
    app.create_company_with_user("浮山县好厨劳务有限公司", "haochu", "haochu-password-1")
        .await;
    let other = app.client_for(("haochu", "haochu-password-1")).await;
    let response = other
        .post(app.url(&format!("/api/v1/workers/{id}/reveal")))
        .json(&json!({ "purpose": "办理社保" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = other
        .post(app.url("/sfn/reveal_worker"))
        .form(&[("id", id.to_string().as_str()), ("purpose", "办理社保")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let employer = app.client_for(EMPLOYER).await;
    let response = employer
        .post(app.url(&format!("/api/v1/workers/{id}/reveal")))
        .json(&json!({ "purpose": "办理社保" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.audit_count("worker.reveal", "ok").await, 0);
}
