//! The worker's own part of their link, without an account: opened with the last six
//! characters of their ID number (wrong endings are 422, many tries lock it), consent given
//! and withdrawn as 本人扫码确认, who saw their full numbers, a contract's content confirmed
//! before the company signs on their behalf (an edit needs a new confirmation); and the
//! printed PDF sheet whose codes scan to each worker's badge.

use app::domain::id_number::with_check_char;
use laowu_tests::{COMPANY, EMPLOYER, TestApp, on_both_databases, send_json};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use server::db::entities::audit_log;

on_both_databases!(
    the_worker_opens_their_part_and_gives_or_withdraws_consent,
    the_worker_confirms_the_contract_the_company_signs_for_them,
    many_wrong_endings_lock_the_link,
    a_printed_sheet_scans_to_each_workers_badge,
);

/// 鑫厨's ledger rows (name, ID number); returns the workers' ids in order.
async fn import(app: &TestApp, rows: &[(&str, &str)]) -> Vec<i64> {
    app.login(COMPANY).await;
    let mut csv = String::from(
        "姓名,身份证号,手机号,户籍区县,是否建档立卡,技能工种,职业技能等级,证书编号,发证机构,发证日期,从业年限,期望月薪,意向地区,可到岗日期,个人简介\n",
    );
    for (i, (name, id_number)) in rows.iter().enumerate() {
        csv.push_str(&format!(
            "{name},{id_number},1380000{i:04},浮山县,否,中式烹调师,三级/高级工,S00000{i},临汾市职业技能鉴定中心,2020-05-01,8,7000,北京,2027-01-01,擅长过油肉\n"
        ));
    }
    let imported = app.import_roster(&csv, "").await;
    assert_eq!(imported.status(), StatusCode::OK);
    let workers: Value = app.get_json("/api/v1/workers?sort=created").await;
    rows.iter()
        .map(|(name, _)| {
            workers["workers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| w["name"] == *name)
                .and_then(|w| w["id"].as_i64())
                .unwrap_or_else(|| panic!("{name} imported: {workers}"))
        })
        .collect()
}

fn wang_id_number() -> String {
    with_check_char("14102719850312123").unwrap()
}

/// The token of a new link the company issues for the worker.
async fn issue(app: &TestApp, company: &Client, worker_id: i64) -> String {
    let issued =
        send_json(company.post(app.url(&format!("/api/v1/workers/{worker_id}/link")))).await;
    let url = issued["url"].as_str().unwrap();
    url.split_once("/v/").unwrap().1.to_string()
}

/// POSTs `body` to the worker's `step` (self, consent, contracts/N/confirm) without a session.
async fn worker_step(app: &TestApp, token: &str, step: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .new_client()
        .post(app.url(&format!("/api/v1/badges/{token}/{step}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn ending(id_number: &str) -> String {
    id_number[id_number.len() - 6..].to_string()
}

async fn the_worker_opens_their_part_and_gives_or_withdraws_consent(app: TestApp) {
    // Arrange
    let id_number = wang_id_number();
    let ids = import(&app, &[("王建国", &id_number)]).await;
    let company = app.client_for(COMPANY).await;
    let token = issue(&app, &company, ids[0]).await;
    let suffix = ending(&id_number);

    // Act / Assert: a wrong ending names the field and shows nothing.
    let (status, refused) = worker_step(&app, &token, "self", json!({"id_suffix": "000000"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(
        refused["error"]["details"]["field"], "id_suffix",
        "{refused}"
    );
    assert!(!refused.to_string().contains("王"), "{refused}");

    // The right one: masked name, no consent yet, nobody has looked.
    let (status, me) = worker_step(&app, &token, "self", json!({"id_suffix": suffix})).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["masked_name"], "王**");
    assert_eq!(me["consent"], Value::Null);
    assert_eq!(me["published"], false);
    assert_eq!(
        me["as_employers_see"],
        Value::Null,
        "employers cannot see him yet"
    );
    assert_eq!(me["disclosures"], json!([]));
    assert_eq!(me["contracts"], json!([]));

    // The company looks at the full ID number: the worker sees who, what and why.
    let reveal = company
        .post(app.url(&format!("/api/v1/workers/{}/reveal", ids[0])))
        .json(&json!({"purpose": "办理社保"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reveal.status(), StatusCode::OK);
    let (_, me) = worker_step(&app, &token, "self", json!({"id_suffix": suffix})).await;
    let seen = &me["disclosures"][0];
    assert!(
        seen["who"]
            .as_str()
            .unwrap()
            .contains(server::seed::DEMO_COMPANY),
        "{me}"
    );
    assert!(seen["why"].as_str().unwrap().contains("办理社保"), "{me}");

    // Consent on the link, recorded as 本人扫码确认, and audited as the worker from the address.
    let (status, me) = worker_step(
        &app,
        &token,
        "consent",
        json!({"id_suffix": suffix, "give": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert!(
        me["consent"].as_str().unwrap().contains("本人扫码确认"),
        "{me}"
    );
    assert_eq!(me["published"], true);
    // The card employers now see: masked name, trade, no ID or phone.
    let card = &me["as_employers_see"];
    assert_eq!(card["display_name"], "王**", "{me}");
    assert_eq!(card["occupations"], json!(["中式烹调师"]));
    assert!(!card.to_string().contains("1380000"), "{card}");
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("worker.consent.give"))
        .order_by_desc(audit_log::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the consent is audited");
    assert_eq!(entry.actor_role.as_deref(), Some("worker"));
    assert_eq!(entry.actor_user_id, None);
    assert_eq!(
        entry.target.as_deref(),
        Some(format!("worker:{}", ids[0]).as_str())
    );
    let worker: Value = app.get_json(&format!("/api/v1/workers/{}", ids[0])).await;
    assert_eq!(worker["consent_method"], "本人扫码确认", "{worker}");

    // Withdrawn: the worker leaves the marketplace at once.
    let (status, me) = worker_step(
        &app,
        &token,
        "consent",
        json!({"id_suffix": suffix, "give": false}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["consent"], Value::Null);
    assert_eq!(me["published"], false);

    // A revoked code opens nothing, even with the right ending.
    let revoked = company
        .delete(app.url(&format!("/api/v1/workers/{}/link", ids[0])))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let (status, gone) = worker_step(&app, &token, "self", json!({"id_suffix": suffix})).await;
    assert_eq!(status, StatusCode::GONE, "{gone}");
    assert!(!gone.to_string().contains("王"), "{gone}");
}

async fn the_worker_confirms_the_contract_the_company_signs_for_them(app: TestApp) {
    // Arrange: 王建国 consents on his link; 京味楼 asks for him; 鑫厨 accepts: a draft.
    let id_number = wang_id_number();
    let ids = import(&app, &[("王建国", &id_number)]).await;
    let company = app.client_for(COMPANY).await;
    let token = issue(&app, &company, ids[0]).await;
    let suffix = ending(&id_number);
    let (status, _) = worker_step(
        &app,
        &token,
        "consent",
        json!({"id_suffix": suffix, "give": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let employer = app.client_for(EMPLOYER).await;
    let sent = send_json(employer.post(app.url("/api/v1/hire-requests")).json(&json!({
        "worker_ids": [ids[0]],
        "terms": {
            "position": "中餐厨师", "place": "北京市朝阳区京味楼总店", "region_code": "110000",
            "monthly_wage_yuan": "8000", "start_date": "2099-03-01", "term_months": "12",
            "conditions": "包吃住", "message": "",
        }
    })))
    .await;
    let line = &sent[0]["lines"][0];
    send_json(
        company
            .post(app.url(&format!(
                "/api/v1/hire-requests/lines/{}/answer",
                line["id"]
            )))
            .json(&json!({"version": line["version"], "action": "accept"})),
    )
    .await;
    let contracts = send_json(company.get(app.url("/api/v1/contracts"))).await;
    let draft = contracts[0].clone();
    let contract_id = draft["id"].as_i64().unwrap();
    let contract_url = app.url(&format!("/api/v1/contracts/{contract_id}"));

    // The worker reads the draft with the hash a signature would cover.
    let (_, me) = worker_step(&app, &token, "self", json!({"id_suffix": suffix})).await;
    let shown = &me["contracts"][0];
    assert_eq!(shown["contract_id"], contract_id, "{me}");
    assert_eq!(shown["content_hash"], draft["current_hash"]);
    assert_eq!(shown["confirmed_at"], Value::Null);
    assert!(shown["clauses"].to_string().contains("8000"), "{shown}");

    // Without the worker's confirmation the company must record one by hand.
    let unconfirmed = company
        .post(app.url(&format!("/api/v1/contracts/{contract_id}/sign")))
        .json(&json!({"row_version": draft["row_version"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = unconfirmed.json().await.unwrap();
    assert_eq!(
        body["error"]["details"]["field"],
        "worker_confirmation.method"
    );

    // A hash that is not the content is refused; the right one is recorded.
    let confirm_step = format!("contracts/{contract_id}/confirm");
    let (status, wrong) = worker_step(
        &app,
        &token,
        &confirm_step,
        json!({"id_suffix": suffix, "content_hash": "ab".repeat(32)}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{wrong}");
    let first_hash = draft["current_hash"].as_str().unwrap().to_string();
    let (status, me) = worker_step(
        &app,
        &token,
        &confirm_step,
        json!({"id_suffix": suffix, "content_hash": first_hash}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert!(me["contracts"][0]["confirmed_at"].is_string(), "{me}");
    let seen = send_json(company.get(&contract_url)).await;
    assert!(seen["worker_confirmed_at"].is_string(), "{seen}");
    assert_eq!(app.audit_count("contract.worker_confirm", "ok").await, 1);

    // The company changes the wage: the confirmation covered other content.
    let t = &seen["terms"];
    let edited = send_json(company.put(&contract_url).json(&json!({
        "row_version": seen["row_version"],
        "terms": {
            "kind": "employee_system", "term_kind": "fixed",
            "start_date": t["start_date"], "end_date": t["end_date"], "probation_months": "1",
            "position": t["position"], "place": t["place"], "monthly_wage_yuan": "7500",
            "pay_day": "10", "hours_system": "standard", "flexible_hours": false,
            "negotiated_pay": false, "rotation": false, "clauses": t["clauses"],
        }
    })))
    .await;
    assert_ne!(edited["current_hash"], first_hash.as_str());
    assert_eq!(edited["worker_confirmed_at"], Value::Null, "{edited}");
    let (status, stale) = worker_step(
        &app,
        &token,
        &confirm_step,
        json!({"id_suffix": suffix, "content_hash": first_hash}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");
    let (_, me) = worker_step(&app, &token, "self", json!({"id_suffix": suffix})).await;
    assert_eq!(me["contracts"][0]["content_hash"], edited["current_hash"]);
    assert_eq!(me["contracts"][0]["confirmed_at"], Value::Null);

    // Confirmed again, both sign; the company's signature records 本人扫码确认.
    let (status, _) = worker_step(
        &app,
        &token,
        &confirm_step,
        json!({"id_suffix": suffix, "content_hash": edited["current_hash"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let once = send_json(
        employer
            .post(app.url(&format!("/api/v1/contracts/{contract_id}/sign")))
            .json(&json!({"row_version": edited["row_version"]})),
    )
    .await;
    let both = send_json(
        company
            .post(app.url(&format!("/api/v1/contracts/{contract_id}/sign")))
            .json(&json!({"row_version": once["row_version"]})),
    )
    .await;
    assert_eq!(both["state"], "signed", "{both}");
    let by_company = both["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["party"] == "company")
        .unwrap();
    assert_eq!(by_company["worker_confirmation_method"], "本人扫码确认");
    assert_eq!(by_company["content_hash"], edited["current_hash"]);
    let (_, me) = worker_step(&app, &token, "self", json!({"id_suffix": suffix})).await;
    assert_eq!(me["contracts"], json!([]), "nothing left to confirm");
}

async fn many_wrong_endings_lock_the_link(app: TestApp) {
    let id_number = wang_id_number();
    let ids = import(&app, &[("王建国", &id_number)]).await;
    let company = app.client_for(COMPANY).await;
    let token = issue(&app, &company, ids[0]).await;
    let mut statuses = Vec::new();
    for guess in 0..10 {
        let (status, _) = worker_step(
            &app,
            &token,
            "self",
            json!({"id_suffix": format!("{guess:06}")}),
        )
        .await;
        statuses.push(status);
    }
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    // Locked for the link: even the right ending waits.
    let (status, locked) = worker_step(
        &app,
        &token,
        "self",
        json!({"id_suffix": ending(&id_number)}),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{locked}");
}

async fn a_printed_sheet_scans_to_each_workers_badge(app: TestApp) {
    // Arrange: two workers; 王建国 already has a code.
    let ids = import(
        &app,
        &[
            ("王建国", &wang_id_number()),
            ("李秀英", &with_check_char("14102719920601222").unwrap()),
        ],
    )
    .await;
    let company = app.client_for(COMPANY).await;
    let old_token = issue(&app, &company, ids[0]).await;
    let sheet_url = app.url("/api/v1/workers/qr-sheet");

    // Act
    let response = company
        .post(&sheet_url)
        .form(&[("worker_id", ids[0]), ("worker_id", ids[1])])
        .send()
        .await
        .unwrap();

    // Assert: one A4 page with both names, and codes that open their badges.
    let status = response.status();
    assert_eq!(
        response.headers()["content-type"],
        "application/pdf",
        "{status}"
    );
    let pdf = response.bytes().await.unwrap();
    let path = app.data_dir.path().join("sheet.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim);
    assert_eq!(pages, Some("1"), "{info}");
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    for expected in ["王建国", "李秀英", "有效期至", "中式烹调师"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let urls = scan_codes(&app, &path);
    assert_eq!(urls.len(), 2, "{urls:?}");
    for url in &urls {
        let token = url.split_once("/v/").unwrap().1;
        let badge = app
            .new_client()
            .get(app.url(&format!("/api/v1/badges/{token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(badge.status(), StatusCode::OK, "{url}");
    }
    let old = app
        .new_client()
        .get(app.url(&format!("/api/v1/badges/{old_token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.status(),
        StatusCode::GONE,
        "the printed code replaces the old one"
    );
    assert_eq!(app.audit_count("worker.link_issue", "ok").await, 3);

    // Bad requests name the field; only the company prints.
    for form in [
        vec![],
        vec![("worker_id", "999999")],
        vec![("worker_id", "x")],
    ] {
        let refused = company.post(&sheet_url).form(&form).send().await.unwrap();
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{form:?}"
        );
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["details"]["field"], "worker_id", "{body}");
    }
    let employer = app.client_for(EMPLOYER).await;
    let forbidden = employer
        .post(&sheet_url)
        .form(&[("worker_id", ids[0])])
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
}

fn run(program: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} (poppler-utils; scripts/setup.sh installs it): {e}"));
    assert!(output.status.success(), "{program} {args:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Renders the sheet's page to grey pixels (pdftoppm) and decodes every QR code on it.
fn scan_codes(app: &TestApp, pdf: &std::path::Path) -> Vec<String> {
    let prefix = app.data_dir.path().join("sheet");
    run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-gray",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let page = std::fs::read_dir(app.data_dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pgm"))
        .expect("a rendered page");
    let (width, height, pixels) = read_pgm(&std::fs::read(page).unwrap());
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("a readable code").1)
        .collect()
}

/// A binary PGM (P5, 8-bit): width, height and the pixels.
fn read_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "a binary grey map");
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    (width, height, bytes[at + 1..].to_vec())
}
