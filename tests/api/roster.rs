//! Roster ledgers: whole-file checks, modes, idempotent re-import, export round trip,
//! one person per company, access, and no plaintext personal data at rest.

use app::domain::id_number::with_check_char;
use laowu_tests::{
    Backend, COMPANY, EMPLOYER, Options, PROMOTER, TestApp, on_both_databases, send_json,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

on_both_databases!(
    a_file_with_bad_rows_reports_each_and_imports_nothing,
    good_rows_mode_imports_exactly_the_good_ones,
    a_reimport_changes_nothing_and_a_changed_row_updates_its_worker,
    an_export_reimports_as_unchanged,
    a_second_company_cannot_register_the_same_person,
    only_company_users_may_import_export_or_list,
    a_dry_run_writes_nothing,
    a_file_that_is_not_a_ledger_is_refused_with_a_clear_error,
    consent_and_deactivation_decide_who_is_published,
    another_companys_worker_ids_are_not_found,
    the_upload_server_function_refuses_a_body_that_is_not_multipart,
    an_xlsx_export_reimports_as_unchanged,
    a_ledger_larger_than_the_general_body_limit_can_be_uploaded,
    a_worker_is_added_and_edited_by_form_with_optimistic_locking,
    the_roster_list_filters_sorts_and_pages,
    the_roster_server_function_answers_an_empty_filter,
    a_ledger_without_some_columns_keeps_what_it_does_not_mention,
    a_ledger_with_old_mac_line_endings_imports_row_by_row,
);

const HEADER: &str = "姓名,身份证号,手机号,户籍区县,是否建档立卡,技能工种,职业技能等级,证书编号,发证机构,发证日期,从业年限,期望月薪,意向地区,可到岗日期,个人简介";

fn id(seed: u32) -> String {
    // 浮山县, born 19YY-0M-1D, sequence = seed: distinct seeds give distinct people.
    let birth = format!("19{:02}0{}1{}", 80 + seed % 20, 1 + seed % 9, seed % 9);
    with_check_char(&format!("141027{birth}{:03}", seed % 1000)).unwrap()
}

fn id_of_seed(seed: u32) -> String {
    id(seed)
}

fn row(name: &str, seed: u32, wage: &str) -> String {
    format!(
        "{name},{},1380000{:04},浮山县,否,中式烹调师,三级/高级工,S{seed:06},临汾市职业技能鉴定中心,2020-05-01,8,{wage},北京、上海,2027-01-01,擅长过油肉和羊汤",
        id(seed),
        seed
    )
}

fn ledger(rows: &[String]) -> String {
    let mut text = String::from(HEADER);
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    text
}

async fn report(app: &TestApp, csv: &str, query: &str) -> Value {
    let response = app.import_roster(csv, query).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn worker_count(app: &TestApp) -> u64 {
    let page: Value = app.get_json("/api/v1/workers").await;
    page["total"].as_u64().unwrap()
}

async fn a_file_with_bad_rows_reports_each_and_imports_nothing(app: TestApp) {
    app.login(COMPANY).await;
    let mut bad_check = id(2);
    bad_check.replace_range(17..18, if bad_check.ends_with('0') { "1" } else { "0" });
    let rows = vec![
        row("王建国", 1, "8000"),
        row("李秀英", 2, "7000").replace(&id(2), &bad_check),
        row("张伟", 3, "八千"),
        row("赵敏", 4, "6000").replace("13800000004", "0357123"),
        row("刘洋", 5, "6000").replace("浮山县", "太原市"),
        // Same person as row 2 under another name.
        row("陈静", 1, "6000"),
        row("", 6, "6000"),
        row("孙强", 7, "6000").replace("北京、上海", "火星"),
    ];
    let body = report(&app, &ledger(&rows), "").await;
    assert_eq!(body["written"], false);
    assert_eq!(body["inserted"], 0);
    let rejected = body["rejected"].as_array().unwrap();
    let has = |row: u64, column: &str, words: &str| {
        rejected.iter().any(|r| {
            r["row"] == row
                && r["column"] == column
                && r["reason"].as_str().unwrap().contains(words)
        })
    };
    assert!(has(3, "身份证号", "校验位"), "{rejected:?}");
    assert!(has(4, "期望月薪", "金额"), "{rejected:?}");
    assert!(has(5, "手机号", "手机号"), "{rejected:?}");
    assert!(has(6, "户籍区县", "太原市"), "{rejected:?}");
    assert!(has(7, "身份证号", "第 2 行"), "{rejected:?}");
    assert!(has(8, "姓名", "不能为空"), "{rejected:?}");
    assert!(has(9, "意向地区", "火星"), "{rejected:?}");
    assert_eq!(worker_count(&app).await, 0);
}

async fn good_rows_mode_imports_exactly_the_good_ones(app: TestApp) {
    app.login(COMPANY).await;
    let rows = vec![
        row("王建国", 1, "8000"),
        row("张伟", 3, "八千"),
        row("李娜", 4, "6500.50"),
    ];
    let body = report(&app, &ledger(&rows), "?mode=good_rows").await;
    assert_eq!(body["written"], true);
    assert_eq!(body["inserted"], 2);
    assert_eq!(body["rejected"].as_array().unwrap().len(), 1);
    let page: Value = app.get_json("/api/v1/workers").await;
    let workers = &page["workers"];
    let names: Vec<&str> = workers
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"王建国") && names.contains(&"李娜") && !names.contains(&"张伟"));
    // The roster shows masked numbers only.
    let first = &workers[0];
    assert!(
        first["id_number_masked"]
            .as_str()
            .unwrap()
            .contains("**********")
    );
    assert!(first["phone_masked"].as_str().unwrap().contains("****"));
    assert_eq!(app.audit_count("roster.import", "ok").await, 1);
}

async fn a_reimport_changes_nothing_and_a_changed_row_updates_its_worker(app: TestApp) {
    app.login(COMPANY).await;
    let rows = vec![row("王建国", 1, "8000"), row("李娜", 4, "6500")];
    let first = report(&app, &ledger(&rows), "").await;
    assert_eq!(first["inserted"], 2);
    let again = report(&app, &ledger(&rows), "").await;
    assert_eq!(
        (
            again["inserted"].as_u64(),
            again["updated"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(2))
    );
    let changed = vec![row("王建国", 1, "9000"), row("李娜", 4, "6500")];
    let third = report(&app, &ledger(&changed), "").await;
    assert_eq!(
        (third["updated"].as_u64(), third["unchanged"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(worker_count(&app).await, 2);
}

async fn an_export_reimports_as_unchanged(app: TestApp) {
    app.login(COMPANY).await;
    let mut rows: Vec<String> = (10..40)
        .map(|n| row(&format!("工人{n}"), n, "7200.5"))
        .collect();
    // A bio that a spreadsheet would run as a formula is exported guarded and re-imported intact.
    rows.push(row("周鹏", 50, "6000").replace("擅长过油肉和羊汤", "=HYPERLINK(\"http://x\")"));
    assert_eq!(report(&app, &ledger(&rows), "").await["inserted"], 31);
    let export = app.get("/api/v1/rosters/export?format=csv").await;
    assert_eq!(export.status(), StatusCode::OK);
    // Full ID and phone numbers left in the file: one disclosure per worker, and the file.
    assert_eq!(app.audit_count("worker.export", "ok").await, 31);
    assert_eq!(app.audit_count("roster.export", "ok").await, 1);
    let targets: std::collections::HashSet<String> =
        server::db::entities::audit_log::Entity::find()
            .filter(server::db::entities::audit_log::Column::Action.eq("worker.export"))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|row| row.target)
            .collect();
    assert_eq!(targets.len(), 31, "each worker named once: {targets:?}");
    assert!(
        export.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = export.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM so Excel reads UTF-8");
    assert!(text.contains("'=HYPERLINK"), "formula cells are guarded");
    let body = report(&app, &text, "").await;
    assert_eq!(body["unchanged"], 31, "{body}");
    assert_eq!(body["inserted"], 0);
    assert_eq!(body["updated"], 0);
}

async fn a_second_company_cannot_register_the_same_person(app: TestApp) {
    app.login(COMPANY).await;
    report(&app, &ledger(&[row("王建国", 1, "8000")]), "").await;

    app.create_company_with_user("翼城石头饼劳务合作社", "shitoubing", "yicheng stone cakes")
        .await;
    let other = app.new_client();
    laowu_tests::login_with(&other, &app.address, "shitoubing", "yicheng stone cakes").await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(ledger(&[row("王建国", 1, "5000")]).into_bytes())
            .file_name("r.csv"),
    );
    let body: Value = other
        .post(app.url("/api/v1/rosters/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["inserted"], 0);
    let reason = body["rejected"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("其他劳务公司"), "{reason}");
    assert!(
        !body.to_string().contains("鑫厨"),
        "nothing about the other company leaks"
    );
    let theirs: Value = other
        .get(app.url("/api/v1/workers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["total"], 0, "and company B sees none of A's workers");
}

async fn only_company_users_may_import_export_or_list(app: TestApp) {
    for path in ["/api/v1/workers", "/api/v1/rosters/export"] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    for account in [EMPLOYER, PROMOTER] {
        let client = app.new_client();
        laowu_tests::login_with(&client, &app.address, account.0, account.1).await;
        for path in ["/api/v1/workers", "/api/v1/rosters/export"] {
            let status = client.get(app.url(path)).send().await.unwrap().status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{} {path}", account.0);
        }
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(ledger(&[row("王建国", 1, "8000")]).into_bytes()),
        );
        let status = client
            .post(app.url("/api/v1/rosters/import"))
            .multipart(form)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", account.0);
    }
}

async fn a_dry_run_writes_nothing(app: TestApp) {
    app.login(COMPANY).await;
    let body = report(&app, &ledger(&[row("王建国", 1, "8000")]), "?dry_run=true").await;
    assert_eq!(body["inserted"], 1);
    assert_eq!(body["written"], false);
    assert_eq!(worker_count(&app).await, 0);
}

async fn a_file_that_is_not_a_ledger_is_refused_with_a_clear_error(app: TestApp) {
    app.login(COMPANY).await;
    for (content, words) in [
        ("名字,号码\n张三,1\n", "无法识别的表头"),
        ("姓名,身份证号\n张三,1\n", "缺少必填列"),
        ("", "空"),
    ] {
        let response = app.import_roster(content, "").await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{content}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["details"]["field"], "file");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(words),
            "{body}"
        );
    }
    let zip = app
        .client
        .post(app.url("/api/v1/rosters/import"))
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"PK\x03\x04binary".to_vec()).file_name("r.xlsx"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(zip.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// After an import, neither the database file nor its WAL holds an ID or phone number in clear.
#[tokio::test]
async fn the_database_file_holds_no_plaintext_id_or_phone_number() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    app.login(COMPANY).await;
    let rows: Vec<String> = (100..120)
        .map(|n| row(&format!("工人{n}"), n, "6000"))
        .collect();
    assert_eq!(report(&app, &ledger(&rows), "").await["inserted"], 20);
    let mut stored = Vec::new();
    for file in ["laowu.db", "laowu.db-wal"] {
        if let Ok(bytes) = std::fs::read(app.data_dir.path().join(file)) {
            stored.extend(bytes);
        }
    }
    assert!(stored.len() > 4096);
    let contains = |needle: &str| stored.windows(needle.len()).any(|w| w == needle.as_bytes());
    for n in 100..120 {
        assert!(!contains(&id(n)), "ID {n} in clear");
        assert!(!contains(&format!("1380000{n:04}")), "phone {n} in clear");
    }
    assert!(contains("工人100"), "the scan does see the stored rows");
}

async fn first_worker_id(app: &TestApp, client: &reqwest::Client) -> i64 {
    let workers: Value = client
        .get(app.url("/api/v1/workers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    workers["workers"][0]["id"].as_i64().unwrap()
}

async fn consent_and_deactivation_decide_who_is_published(app: TestApp) {
    app.login(COMPANY).await;
    report(&app, &ledger(&[row("王建国", 1, "8000")]), "").await;
    let id = first_worker_id(&app, &app.client).await;
    let worker: Value = app.get_json(&format!("/api/v1/workers/{id}")).await;
    assert_eq!(
        (worker["consented"].as_bool(), worker["published"].as_bool()),
        (Some(false), Some(false))
    );

    let consent = serde_json::json!({ "method": "书面签字", "scope": "向认证用工单位展示技能、等级、求职意向和简介" });
    let given: Value = app
        .client
        .post(app.url(&format!("/api/v1/workers/{id}/consent")))
        .json(&consent)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(given["published"], true);

    let missing = app
        .client
        .post(app.url(&format!("/api/v1/workers/{id}/consent")))
        .json(&serde_json::json!({ "method": "", "scope": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["details"]["field"], "method");

    let off: Value = send_json(
        app.client
            .post(app.url(&format!("/api/v1/workers/{id}/deactivate"))),
    )
    .await;
    assert_eq!(
        (off["active"].as_bool(), off["published"].as_bool()),
        (Some(false), Some(false))
    );
    let on: Value = send_json(
        app.client
            .post(app.url(&format!("/api/v1/workers/{id}/reactivate"))),
    )
    .await;
    assert_eq!(on["published"], true);
    let withdrawn: Value = send_json(
        app.client
            .delete(app.url(&format!("/api/v1/workers/{id}/consent"))),
    )
    .await;
    assert_eq!(
        (
            withdrawn["consented"].as_bool(),
            withdrawn["published"].as_bool()
        ),
        (Some(false), Some(false))
    );

    assert_eq!(app.audit_count("worker.consent.give", "ok").await, 1);
    assert_eq!(app.audit_count("worker.consent.withdraw", "ok").await, 1);
    assert_eq!(app.audit_count("worker.deactivate", "ok").await, 1);
}

async fn another_companys_worker_ids_are_not_found(app: TestApp) {
    app.login(COMPANY).await;
    report(&app, &ledger(&[row("王建国", 1, "8000")]), "").await;
    let id = first_worker_id(&app, &app.client).await;

    app.create_company_with_user("翼城石头饼劳务合作社", "shitoubing", "yicheng stone cakes")
        .await;
    let other = app.new_client();
    laowu_tests::login_with(&other, &app.address, "shitoubing", "yicheng stone cakes").await;
    let consent = serde_json::json!({ "method": "书面签字", "scope": "展示" });
    let attempts = [
        other.get(app.url(&format!("/api/v1/workers/{id}"))),
        other
            .post(app.url(&format!("/api/v1/workers/{id}/consent")))
            .json(&consent),
        other.delete(app.url(&format!("/api/v1/workers/{id}/consent"))),
        other.post(app.url(&format!("/api/v1/workers/{id}/deactivate"))),
        other.post(app.url(&format!("/api/v1/workers/{id}/reactivate"))),
        other.post(app.url(&format!("/api/v1/workers/{id}/placed"))),
        other.post(app.url(&format!("/api/v1/workers/{id}/available"))),
        other
            .put(app.url(&format!("/api/v1/workers/{id}")))
            .json(&serde_json::json!({"name": "改名", "id_number": id_of_seed(9), "phone": "13800000009", "version": 1})),
        other
            .post(app.url(&format!("/api/v1/workers/{id}/reveal")))
            .json(&serde_json::json!({"purpose": "办理社保"})),
        // The same through the server functions the pages use.
        other
            .post(app.url("/sfn/worker"))
            .form(&[("id", id.to_string())]),
        other.post(app.url("/sfn/save_worker")).form(&[
            ("id", id.to_string()),
            ("version", "1".to_string()),
            ("name", "改名".to_string()),
        ]),
        other.post(app.url("/sfn/change_worker")).form(&[
            ("id", id.to_string()),
            ("change", "deactivate".to_string()),
        ]),
        other.post(app.url("/sfn/reveal_worker")).form(&[
            ("id", id.to_string()),
            ("purpose", "办理社保".to_string()),
        ]),
        other
            .post(app.url(&format!("/api/v1/workers/{id}/certificates")))
            .json(&serde_json::json!({"occupation": "中式面点师", "level": "四级"})),
        other.delete(app.url(&format!("/api/v1/workers/{id}/certificates/1"))),
        other.post(app.url("/sfn/add_certificate")).form(&[
            ("worker_id", id.to_string()),
            ("occupation", "中式面点师".to_string()),
            ("level", "四级".to_string()),
        ]),
    ];
    for attempt in attempts {
        let response = attempt.send().await.unwrap();
        let url = response.url().to_string();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{url}");
    }
    assert_eq!(app.audit_count("worker.reveal", "ok").await, 0);
    // Nothing changed for company A.
    let worker: Value = app.get_json(&format!("/api/v1/workers/{id}")).await;
    assert_eq!(
        (worker["active"].as_bool(), worker["consented"].as_bool()),
        (Some(true), Some(false))
    );
}

async fn the_upload_server_function_refuses_a_body_that_is_not_multipart(app: TestApp) {
    app.login(COMPANY).await;
    let response = app
        .client
        .post(app.url("/sfn/import_roster"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("file=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["field"], "file");
    // And the server is still answering.
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

async fn an_xlsx_export_reimports_as_unchanged(app: TestApp) {
    app.login(COMPANY).await;
    let rows: Vec<String> = (60..75)
        .map(|n| row(&format!("工人{n}"), n, "6800"))
        .collect();
    assert_eq!(report(&app, &ledger(&rows), "").await["inserted"], 15);
    let export = app.get("/api/v1/rosters/export?format=xlsx").await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let workbook = export.bytes().await.unwrap().to_vec();
    assert!(workbook.starts_with(b"PK\x03\x04"));
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(workbook).file_name("花名册.xlsx"),
    );
    let body: Value = app
        .client
        .post(app.url("/api/v1/rosters/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["unchanged"], 15, "{body}");
    let unknown = app.get("/api/v1/rosters/export?format=pdf").await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_ledger_larger_than_the_general_body_limit_can_be_uploaded(app: TestApp) {
    app.login(COMPANY).await;
    let long_bio = "擅长过油肉、糖醋鲤鱼和晋南家常菜，能带徒弟。".repeat(20);
    let rows: Vec<String> = (200..1900)
        .map(|n| row(&format!("工人{n}"), n, "6000").replace("擅长过油肉和羊汤", &long_bio))
        .collect();
    let csv = ledger(&rows);
    assert!(
        csv.len() > app.settings.body_limit_bytes,
        "{} bytes",
        csv.len()
    );
    let body = report(&app, &csv, "?dry_run=true").await;
    assert_eq!(body["inserted"], 1700, "{}", body["rejected"]);
}

/// Uploads have their own limit (`upload_limit_bytes`); past it the answer is 413.
#[tokio::test]
async fn an_upload_over_the_upload_limit_is_refused_with_413() {
    let mut options = Options::default();
    options
        .settings
        .insert("upload_limit_bytes".into(), "65536".into());
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    app.login(COMPANY).await;
    let rows: Vec<String> = (0..600)
        .map(|n| row(&format!("工人{n}"), n, "6000"))
        .collect();
    let response = app.import_roster(&ledger(&rows), "").await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
    assert_eq!(worker_count(&app).await, 0);
}

async fn a_worker_is_added_and_edited_by_form_with_optimistic_locking(app: TestApp) {
    app.login(COMPANY).await;
    let mut input = serde_json::json!({
        "name": "贾海平",
        "id_number": id(7),
        "phone": "139 0357 0007",
        "household_county": "浮山县",
        "occupations": ["中式烹调师"],
        "certificate_level": "四级",
        "expected_wage": "7500",
        "target_regions": ["北京", "天津"],
        "bio": "会做过油肉"
    });
    let created = app
        .client
        .post(app.url("/api/v1/workers"))
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["version"], 1);
    assert_eq!(created["phone_masked"], "139****0007");

    // The same person again is a conflict naming the field.
    let again = app
        .client
        .post(app.url("/api/v1/workers"))
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["error"]["details"]["field"], "id_number");

    // A bad field is named by its API name.
    input["phone"] = "12345".into();
    let bad = app
        .client
        .post(app.url("/api/v1/workers"))
        .json(&input)
        .send()
        .await
        .unwrap();
    let bad: Value = bad.json().await.unwrap();
    assert_eq!(bad["error"]["details"]["field"], "phone");

    // Two editors read version 1; the first save wins, the second gets 409 and changes nothing.
    input["phone"] = "13903570007".into();
    input["version"] = 1.into();
    input["expected_wage"] = "8000".into();
    let first = app
        .client
        .put(app.url(&format!("/api/v1/workers/{id}")))
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["version"], 2);
    input["bio"] = "second editor".into();
    let second = app
        .client
        .put(app.url(&format!("/api/v1/workers/{id}")))
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::CONFLICT);

    // The export shows the first editor's wage.
    let text = app
        .get("/api/v1/rosters/export?format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("8000.00") && !text.contains("second editor"),
        "{text}"
    );
    assert_eq!(app.audit_count("worker.create", "ok").await, 1);
    assert_eq!(app.audit_count("worker.update", "ok").await, 1);
}

async fn the_roster_list_filters_sorts_and_pages(app: TestApp) {
    app.login(COMPANY).await;
    let mut rows: Vec<String> = (300..325)
        .map(|n| row(&format!("厨师{n}"), n, "7000"))
        .collect();
    rows.extend((400..405).map(|n| {
        row(&format!("护工{n}"), n, "6000")
            .replace("中式烹调师", "养老护理员")
            .replace("三级/高级工", "五级")
    }));
    assert_eq!(report(&app, &ledger(&rows), "").await["inserted"], 30);

    let page: Value = app.get_json("/api/v1/workers?per_page=10&sort=name").await;
    assert_eq!(
        (
            page["total"].as_u64(),
            page["workers"].as_array().unwrap().len()
        ),
        (Some(30), 10)
    );
    assert_eq!(page["workers"][0]["name"], "厨师300", "sorted by name");
    let third: Value = app
        .get_json("/api/v1/workers?per_page=10&sort=name&page=3")
        .await;
    assert_eq!(third["workers"].as_array().unwrap().len(), 10);
    assert_eq!(third["workers"][9]["name"], "护工404");

    let carers: Value = app.get_json("/api/v1/workers?occupation=护理").await;
    assert_eq!(carers["total"], 5);
    let level_five: Value = app.get_json("/api/v1/workers?level=五级").await;
    assert_eq!(level_five["total"], 5);

    let id = carers["workers"][0]["id"].as_i64().unwrap();
    let consent = serde_json::json!({ "method": "书面签字", "scope": "展示" });
    app.client
        .post(app.url(&format!("/api/v1/workers/{id}/consent")))
        .json(&consent)
        .send()
        .await
        .unwrap();
    let published: Value = app.get_json("/api/v1/workers?status=published").await;
    assert_eq!(published["total"], 1);
    let unpublished: Value = app.get_json("/api/v1/workers?status=unpublished").await;
    assert_eq!(unpublished["total"], 29);

    let bad = app.get("/api/v1/workers?sort=age").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad: Value = bad.json().await.unwrap();
    assert_eq!(bad["error"]["details"]["field"], "sort");
}

async fn the_roster_server_function_answers_an_empty_filter(app: TestApp) {
    app.login(COMPANY).await;
    report(&app, &ledger(&[row("王建国", 1, "8000")]), "").await;
    // What the hydrated page sends when no filter is set: an empty form.
    let response = app
        .client
        .post(app.url("/sfn/roster"))
        .form(&[("", ""); 0])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["total"], 1);
    let filtered: Value = send_json(
        app.client
            .post(app.url("/sfn/roster"))
            .form(&[("occupation", "护理")]),
    )
    .await;
    assert_eq!(filtered["total"], 0);
}

/// A large ledger is read in two streamed passes; progress is reported for both, and the
/// spooled upload is gone afterwards.
#[tokio::test]
async fn an_import_reports_its_progress_through_both_passes() {
    use server::crypto::PiiVault;
    use server::secrets::SecretKeys;
    use server::services::ledger_file::LedgerInput;
    use server::services::roster::{Actor, ImportMode, ImportProgress, RosterService};
    use std::sync::{Arc, Mutex};

    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let keys = SecretKeys::load_or_create(&app.settings.data_dir).unwrap();
    let uploads = app.settings.data_dir.join("uploads");
    let roster = RosterService::new(app.db.clone(), PiiVault::new(&keys), uploads.clone());
    let company = roster
        .company_by_credit_code(server::seed::DEMO_COMPANY_CREDIT_CODE)
        .await
        .unwrap();
    let seen: Arc<Mutex<Vec<ImportProgress>>> = Arc::default();
    let record = {
        let seen = seen.clone();
        move |p: ImportProgress| seen.lock().unwrap().push(p)
    };
    let actor = Actor {
        user_id: None,
        role: Some("test".into()),
        client_ip: None,
    };
    let ledger = server::seed::demo_ledger(1_200);
    let (_, report) = roster
        .import_ledger_file(
            company.id,
            &actor,
            LedgerInput::Bytes(Arc::from(ledger.into_bytes())),
            Some("big.csv"),
            ImportMode::AllOrNothing,
            false,
            &record,
        )
        .await
        .unwrap();
    assert_eq!(report.inserted, 1_200, "{report:?}");
    assert_eq!(
        roster.import_progress(company.id).await,
        None,
        "cleared when done"
    );
    let seen = seen.lock().unwrap();
    use app::api::types::ImportPhase::{Checking, Writing};
    let checking: Vec<usize> = seen
        .iter()
        .filter(|p| p.phase == Checking)
        .map(|p| p.done)
        .collect();
    let writing: Vec<usize> = seen
        .iter()
        .filter(|p| p.phase == Writing)
        .map(|p| p.done)
        .collect();
    assert!(checking.len() >= 3, "checked in batches: {checking:?}");
    assert!(checking.windows(2).all(|w| w[0] < w[1]), "{checking:?}");
    assert_eq!(checking.last(), Some(&1_200));
    assert_eq!(writing.last(), Some(&1_200));
    assert!(writing.windows(2).all(|w| w[0] <= w[1]), "{writing:?}");
    assert!(
        seen.iter()
            .filter(|p| p.phase == Writing)
            .all(|p| p.total == 1_200)
    );
    assert!(
        !uploads.exists() || std::fs::read_dir(&uploads).unwrap().next().is_none(),
        "no spooled upload is left behind"
    );
}

async fn a_ledger_without_some_columns_keeps_what_it_does_not_mention(app: TestApp) {
    app.login(COMPANY).await;
    assert_eq!(
        report(&app, &ledger(&[row("王建国", 1, "8000")]), "").await["inserted"],
        1
    );
    // Only name, ID and a new phone number: the rest of the worker stays as it was.
    let partial = format!("姓名,身份证号,手机号\n王建国,{},13900000001\n", id(1));
    let body = report(&app, &partial, "").await;
    assert_eq!(
        (body["updated"].as_u64(), body["unchanged"].as_u64()),
        (Some(1), Some(0)),
        "{body}"
    );
    let page = app.get_json("/api/v1/workers").await;
    let worker = &page["workers"][0];
    assert_eq!(worker["phone_masked"], "139****0001");
    assert_eq!(worker["occupations"], serde_json::json!(["中式烹调师"]));
    assert_eq!(worker["certificate_level"], "三级/高级工");
    // The same partial file again changes nothing.
    let body = report(&app, &partial, "").await;
    assert_eq!(
        (body["updated"].as_u64(), body["unchanged"].as_u64()),
        (Some(0), Some(1)),
        "{body}"
    );
}

async fn a_ledger_with_old_mac_line_endings_imports_row_by_row(app: TestApp) {
    app.login(COMPANY).await;
    let mut bad = row("李秀英", 2, "七千");
    bad.push('\r');
    let text = format!("{HEADER}\r{}\r{}", row("王建国", 1, "8000"), bad);
    let body = report(&app, &text, "?mode=good_rows").await;
    assert_eq!(body["inserted"], 1, "{body}");
    assert_eq!(body["rejected"][0]["row"], 3, "{body}");
    assert_eq!(body["rejected"][0]["column"], "期望月薪");
    assert_eq!(worker_count(&app).await, 1);
}
