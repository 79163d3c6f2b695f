//! Contracts and placements over HTTP: a draft on acceptance, edits that void signatures,
//! signing with the worker's confirmation and the content hash, immutability and amendments,
//! the PDF's Chinese text, termination, the placement and the worker's way out of and back into
//! search, unmasking for the employer, and who may do what.

use app::domain::role::{Role, Scope};
use laowu_tests::{ADMIN, EMPLOYER, PROMOTER, TestApp, on_both_databases_with_cast, send_json};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use server::db::entities::{company, worker};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

on_both_databases_with_cast!(
    an_accepted_request_is_signed_by_both_and_places_the_worker,
    editing_a_draft_voids_signatures_and_a_signed_version_never_changes,
    the_pdf_carries_the_chinese_text_and_the_hash,
    terminating_ends_the_placement_and_the_worker_returns_to_search,
    an_ended_placement_is_attested_work_on_the_profile,
    a_contract_past_its_end_date_expires_and_frees_the_worker,
    only_the_parties_act_on_a_contract_and_admins_keep_the_templates,
);

const CHUYI: (&str, &str) = ("chuyi", "chuyi-company-pass-2026");
const CHUYI_COMPANY: &str = "浮山县厨艺劳务合作社";
const QUWO: (&str, &str) = ("quwo", "quwo-company-pass-2026");
const QUWO_COMPANY: &str = "曲沃县羊汤劳务有限公司";

async fn company_user(app: &TestApp, name: &str, account: (&str, &str)) -> i32 {
    let company = company::Entity::find()
        .filter(company::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    app.create_user(
        Role::Company,
        Scope::Company { id: company.id },
        account.0,
        account.1,
    )
    .await;
    company.id
}

async fn first_published_worker(app: &TestApp, company_id: i32) -> worker::Model {
    worker::Entity::find()
        .filter(worker::Column::CompanyId.eq(company_id))
        .filter(worker::Column::ConsentAt.is_not_null())
        .filter(worker::Column::Active.eq(true))
        .order_by_asc(worker::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// The parties, and a draft contract for one worker the company accepted.
struct Deal {
    employer: reqwest::Client,
    company: reqwest::Client,
    worker: worker::Model,
    request_id: i64,
    contract: Value,
}

async fn accepted_deal(app: &TestApp) -> Deal {
    let company_id = company_user(app, CHUYI_COMPANY, CHUYI).await;
    let worker = first_published_worker(app, company_id).await;
    let employer = app.client_for(EMPLOYER).await;
    let company = app.client_for(CHUYI).await;
    let sent = send_json(
        employer
            .post(app.url("/api/v1/hire-requests"))
            .json(&json!({
                "worker_ids": [worker.id],
                "terms": {
                    "position": "中餐厨师",
                    "place": "北京市朝阳区京味楼总店",
                    "region_code": "110000",
                    "monthly_wage_yuan": "8000",
                    "start_date": "2099-03-01",
                    "term_months": "12",
                    "conditions": "包吃住",
                    "message": "",
                }
            })),
    )
    .await;
    let request_id = sent[0]["id"].as_i64().unwrap();
    let line = &sent[0]["lines"][0];
    let accepted = send_json(
        company
            .post(app.url(&format!(
                "/api/v1/hire-requests/lines/{}/answer",
                line["id"]
            )))
            .json(&json!({"version": line["version"], "action": "accept"})),
    )
    .await;
    assert_eq!(accepted["lines"][0]["state"], "accepted", "{accepted}");
    let contracts = send_json(employer.get(app.url("/api/v1/contracts"))).await;
    let contract = contracts[0].clone();
    Deal {
        employer,
        company,
        worker,
        request_id,
        contract,
    }
}

fn confirmation() -> Value {
    json!({"method": "当面签字确认", "confirmed_on": "2026-01-05"})
}

async fn sign(
    client: &reqwest::Client,
    app: &TestApp,
    contract: &Value,
    with: Option<Value>,
) -> (StatusCode, Value) {
    let response = client
        .post(app.url(&format!("/api/v1/contracts/{}/sign", contract["id"])))
        .json(&json!({"row_version": contract["row_version"], "worker_confirmation": with}))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn signed_deal(app: &TestApp) -> Deal {
    let mut deal = accepted_deal(app).await;
    let (status, once) = sign(&deal.employer, app, &deal.contract, None).await;
    assert_eq!(status, StatusCode::OK, "{once}");
    let (status, both) = sign(&deal.company, app, &once, Some(confirmation())).await;
    assert_eq!(status, StatusCode::OK, "{both}");
    deal.contract = both;
    deal
}

fn edit_body(contract: &Value, wage: &str) -> Value {
    let t = &contract["terms"];
    json!({
        "row_version": contract["row_version"],
        "terms": {
            "kind": "employee_system",
            "term_kind": "fixed",
            "start_date": t["start_date"],
            "end_date": t["end_date"],
            "probation_months": "1",
            "position": t["position"],
            "place": t["place"],
            "monthly_wage_yuan": wage,
            "pay_day": "10",
            "hours_system": "comprehensive",
            "flexible_hours": true,
            "negotiated_pay": false,
            "rotation": true,
            "clauses": t["clauses"],
        }
    })
}

async fn profile_status(client: &reqwest::Client, app: &TestApp, worker_id: i32) -> StatusCode {
    client
        .get(app.url(&format!("/api/v1/profiles/{worker_id}")))
        .send()
        .await
        .unwrap()
        .status()
}

/// Polls the employer's view of the worker's profile until it answers `want`.
async fn profile_becomes(
    client: &reqwest::Client,
    app: &TestApp,
    worker_id: i32,
    want: StatusCode,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status = profile_status(client, app, worker_id).await;
        if status == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "profile {worker_id} stayed {status}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn an_accepted_request_is_signed_by_both_and_places_the_worker(app: TestApp) {
    // Arrange
    let deal = accepted_deal(&app).await;
    let contract = &deal.contract;
    assert_eq!(contract["state"], "draft");
    assert_eq!(contract["version_number"], 1);
    assert_eq!(contract["terms"]["monthly_wage_fen"], 800_000);
    assert_eq!(contract["terms"]["end_date"], "2100-02-28");
    assert!(
        contract["terms"]["worker_name"]
            .as_str()
            .unwrap()
            .contains('*'),
        "masked for the employer before signing: {contract}"
    );
    assert_eq!(contract["clauses"].as_array().unwrap().len(), 8);
    profile_becomes(&deal.employer, &app, deal.worker.id, StatusCode::OK).await;

    // Act: the employer signs, then the company without and with the worker's confirmation
    let (status, once) = sign(&deal.employer, &app, contract, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(once["state"], "awaiting_signatures");
    assert_eq!(once["awaiting"], json!(["company"]));
    let (status, refused) = sign(&deal.company, &app, &once, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["error"]["details"]["field"],
        "worker_confirmation.method"
    );
    let (status, signed) = sign(&deal.company, &app, &once, Some(confirmation())).await;

    // Assert: immutable, hashed, both signatures cover that hash
    assert_eq!(status, StatusCode::OK, "{signed}");
    assert_eq!(signed["state"], "signed");
    let hash = signed["content_hash"].as_str().unwrap();
    let stored =
        server::db::entities::contract::Entity::find_by_id(signed["id"].as_i64().unwrap() as i32)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(hash, hex::encode(Sha256::digest(stored.terms.as_bytes())));
    let signatures = signed["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 2);
    for s in signatures {
        assert_eq!(s["content_hash"], hash);
        assert_eq!(s["client_ip"], "127.0.0.1");
    }
    let company_signature = signatures.iter().find(|s| s["party"] == "company").unwrap();
    assert_eq!(
        company_signature["worker_confirmation_method"],
        "当面签字确认"
    );
    assert_eq!(company_signature["worker_confirmed_on"], "2026-01-05");
    assert_eq!(app.audit_count("contract.sign", "ok").await, 2);

    // The hire line is placed, a placement exists, the worker left search.
    let request = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/hire-requests/{}", deal.request_id))),
    )
    .await;
    let line = &request["lines"][0];
    assert_eq!(line["state"], "placed");
    let steps: Vec<&str> = line["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["create", "accept", "sign", "start"]);
    let placements = send_json(deal.employer.get(app.url("/api/v1/placements"))).await;
    let placement = &placements[0];
    assert_eq!(placement["state"], "active");
    assert_eq!(placement["cross_province"], true);
    assert_eq!(placement["worker_name"], deal.worker.name.as_str());
    let placed = worker::Entity::find_by_id(deal.worker.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(placed.placed_since.is_some());
    profile_becomes(&deal.employer, &app, deal.worker.id, StatusCode::NOT_FOUND).await;

    // Signed: the employer sees the name, and the phone on request (audited).
    let now = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/contracts/{}", signed["id"]))),
    )
    .await;
    assert_eq!(now["terms"]["worker_name"], deal.worker.name.as_str());
    let contact = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/placements/{}/contact", placement["id"]))),
    )
    .await;
    let phone = contact["phone"].as_str().unwrap();
    assert_eq!(phone.len(), 11, "{contact}");
    assert!(!phone.contains('*'));
    assert_eq!(app.audit_count("worker.contact_view", "ok").await, 1);
    let company_asks = deal
        .company
        .get(app.url(&format!("/api/v1/placements/{}/contact", placement["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(company_asks.status(), StatusCode::FORBIDDEN);
    // Both sides were told.
    let inbox = send_json(deal.employer.get(app.url("/api/v1/inbox"))).await;
    assert_eq!(inbox["messages"][0]["kind"], "contract.signed");
}

async fn editing_a_draft_voids_signatures_and_a_signed_version_never_changes(app: TestApp) {
    // Arrange
    let deal = accepted_deal(&app).await;
    let (_, once) = sign(&deal.employer, &app, &deal.contract, None).await;
    // Act: the company edits the draft the employer signed
    let edited = send_json(
        deal.company
            .put(app.url(&format!("/api/v1/contracts/{}", once["id"])))
            .json(&edit_body(&once, "8500")),
    )
    .await;
    // Assert
    assert_eq!(edited["state"], "draft", "{edited}");
    assert_eq!(edited["signatures"], json!([]));
    assert_eq!(edited["terms"]["kind"], "employee_system");
    assert_eq!(
        edited["terms"]["party_a"], CHUYI_COMPANY,
        "the company employs under 员工制"
    );
    assert_eq!(edited["terms"]["monthly_wage_fen"], 850_000);
    // A stale row version is refused.
    let stale = send_json(
        deal.company
            .put(app.url(&format!("/api/v1/contracts/{}", once["id"])))
            .json(&edit_body(&once, "9000")),
    )
    .await;
    assert_eq!(stale["error"]["code"], "conflict");
    // Bad terms name their field.
    let mut bad = edit_body(&edited, "8500");
    bad["terms"]["probation_months"] = json!("4");
    let invalid = send_json(
        deal.company
            .put(app.url(&format!("/api/v1/contracts/{}", once["id"])))
            .json(&bad),
    )
    .await;
    assert_eq!(invalid["error"]["details"]["field"], "probation_months");

    // Sign it, then try to change it.
    let (_, a) = sign(&deal.employer, &app, &edited, None).await;
    let (_, signed) = sign(&deal.company, &app, &a, Some(confirmation())).await;
    assert_eq!(signed["state"], "signed");
    let refused = deal
        .employer
        .put(app.url(&format!("/api/v1/contracts/{}", signed["id"])))
        .json(&edit_body(&signed, "9999"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("不能再修改"),
        "{body}"
    );
    let (status, _) = sign(&deal.employer, &app, &signed, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "signing twice");

    // An amendment is a new version, signed again; then the old one is superseded.
    let amendment = deal
        .employer
        .post(app.url(&format!("/api/v1/contracts/{}/versions", signed["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(amendment.status(), StatusCode::CREATED);
    let amendment: Value = amendment.json().await.unwrap();
    assert_eq!(amendment["version_number"], 2);
    assert_eq!(amendment["amends_id"], signed["id"]);
    assert_eq!(amendment["state"], "draft");
    let second = send_json(
        deal.employer
            .post(app.url(&format!("/api/v1/contracts/{}/versions", signed["id"]))),
    )
    .await;
    assert_eq!(
        second["error"]["code"], "conflict",
        "one open amendment at a time"
    );
    let changed = send_json(
        deal.employer
            .put(app.url(&format!("/api/v1/contracts/{}", amendment["id"])))
            .json(&edit_body(&amendment, "9000")),
    )
    .await;
    let (_, a) = sign(&deal.employer, &app, &changed, None).await;
    let (_, v2) = sign(&deal.company, &app, &a, Some(confirmation())).await;
    assert_eq!(v2["state"], "signed");
    assert_ne!(v2["content_hash"], signed["content_hash"]);
    let versions = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/contracts/{}/versions", v2["id"]))),
    )
    .await;
    let states: Vec<&str> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["superseded", "signed"]);
    let old = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/contracts/{}", signed["id"]))),
    )
    .await;
    assert_eq!(
        old["content_hash"], signed["content_hash"],
        "the signed content is kept"
    );
    assert_eq!(old["terms"]["monthly_wage_fen"], 850_000);
    let placements = send_json(deal.employer.get(app.url("/api/v1/placements"))).await;
    assert_eq!(
        placements.as_array().unwrap().len(),
        1,
        "an amendment is no new placement"
    );
    assert_eq!(placements[0]["contract_id"], v2["id"]);
}

async fn the_pdf_carries_the_chinese_text_and_the_hash(app: TestApp) {
    // Arrange
    let deal = signed_deal(&app).await;
    // Act
    let response = deal
        .employer
        .get(app.url(&format!("/api/v1/contracts/{}/pdf", deal.contract["id"])))
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        bytes.len() < 200_000,
        "the font is subset: {} bytes",
        bytes.len()
    );
    let path = app.data_dir.path().join("contract.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils; scripts/setup.sh test installs it)");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let squeezed: String = text.split_whitespace().collect();
    let hash = deal.contract["content_hash"].as_str().unwrap();
    for needle in [
        "劳动合同",
        "北京京味楼餐饮有限公司",
        CHUYI_COMPANY,
        deal.worker.name.as_str(),
        "8000.00",
        "社会保险",
        "劳动保护",
        "当面签字确认",
        hash,
    ] {
        assert!(
            squeezed.contains(needle),
            "{needle} in the PDF text:\n{text}"
        );
    }
    let fonts = std::process::Command::new("pdffonts")
        .arg(path.to_str().unwrap())
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    assert!(
        fonts.contains("yes yes yes"),
        "embedded, subset, with ToUnicode:\n{fonts}"
    );
    // Another company cannot download it.
    let quwo_id = company_user(&app, QUWO_COMPANY, QUWO).await;
    assert!(quwo_id > 0);
    let quwo = app.client_for(QUWO).await;
    let refused = quwo
        .get(app.url(&format!("/api/v1/contracts/{}/pdf", deal.contract["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
}

async fn terminating_ends_the_placement_and_the_worker_returns_to_search(app: TestApp) {
    // Arrange
    let deal = signed_deal(&app).await;
    profile_becomes(&deal.employer, &app, deal.worker.id, StatusCode::NOT_FOUND).await;
    let id = deal.contract["id"].clone();
    // Act: a date before the start, then a good one
    let early = send_json(deal.company.post(app.url(&format!("/api/v1/contracts/{id}/terminate"))).json(&json!({
        "row_version": deal.contract["row_version"], "on": "2099-01-01", "reason": "协商一致解除"
    })))
    .await;
    assert_eq!(early["error"]["code"], "conflict");
    let ended = send_json(deal.company.post(app.url(&format!("/api/v1/contracts/{id}/terminate"))).json(&json!({
        "row_version": deal.contract["row_version"], "on": "2099-06-30", "reason": "协商一致解除"
    })))
    .await;
    // Assert
    assert_eq!(ended["state"], "terminated", "{ended}");
    assert_eq!(ended["terminated_on"], "2099-06-30");
    let placements = send_json(deal.employer.get(app.url("/api/v1/placements"))).await;
    assert_eq!(placements[0]["state"], "ended");
    assert_eq!(placements[0]["end_reason"], "协商一致解除");
    let request = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/hire-requests/{}", deal.request_id))),
    )
    .await;
    assert_eq!(request["lines"][0]["state"], "ended");
    let back = worker::Entity::find_by_id(deal.worker.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(back.placed_since.is_none());
    profile_becomes(&deal.employer, &app, deal.worker.id, StatusCode::OK).await;
    // Terminated is final.
    let again = send_json(
        deal.company
            .post(app.url(&format!("/api/v1/contracts/{id}/terminate")))
            .json(&json!({
                "row_version": ended["row_version"], "on": "2099-07-01", "reason": "再次"
            })),
    )
    .await;
    assert_eq!(again["error"]["code"], "conflict");
    let inbox = send_json(deal.employer.get(app.url("/api/v1/inbox"))).await;
    assert_eq!(inbox["messages"][0]["kind"], "contract.terminated");
}

async fn only_the_parties_act_on_a_contract_and_admins_keep_the_templates(app: TestApp) {
    // Arrange
    let deal = accepted_deal(&app).await;
    let path = format!("/api/v1/contracts/{}", deal.contract["id"]);
    company_user(&app, QUWO_COMPANY, QUWO).await;
    let quwo = app.client_for(QUWO).await;
    let promoter = app.client_for(PROMOTER).await;
    let admin = app.client_for(ADMIN).await;
    // Act / Assert
    assert_eq!(
        app.new_client()
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        quwo.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let seen = send_json(promoter.get(app.url(&path))).await;
    assert!(
        !seen["terms"]["worker_name"].as_str().unwrap().contains('*'),
        "the county's promoter watches with full data"
    );
    let (status, _) = sign(&promoter, &app, &deal.contract, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "officials do not sign");
    let (status, _) = sign(&quwo, &app, &deal.contract, Some(confirmation())).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another company cannot sign");
    let listed = send_json(quwo.get(app.url("/api/v1/contracts"))).await;
    assert_eq!(listed, json!([]));

    // Templates: admins only; a saved template shapes the next draft.
    let refused = promoter
        .get(app.url("/api/v1/contract-templates"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let templates = send_json(admin.get(app.url("/api/v1/contract-templates"))).await;
    assert_eq!(templates.as_array().unwrap().len(), 2);
    let saved = send_json(
        admin
            .put(app.url("/api/v1/contract-templates/direct"))
            .json(&json!({
                "rest": "每周休息两日，春节回乡探亲假十五天。",
                "social_insurance": "依法缴纳五险。",
                "labour_protection": "提供厨房防烫防滑用品。",
                "other": "",
            })),
    )
    .await;
    assert_eq!(saved["kind"], "direct", "{saved}");
    let bad = send_json(admin.put(app.url("/api/v1/contract-templates/direct")).json(&json!({
        "rest": "休", "social_insurance": "依法缴纳五险。", "labour_protection": "提供防护用品。", "other": ""
    })))
    .await;
    assert_eq!(bad["error"]["details"]["field"], "rest");
    let unknown = admin
        .put(app.url("/api/v1/contract-templates/gig"))
        .json(&json!({"rest": "每周休息两日", "social_insurance": "依法缴纳", "labour_protection": "提供用品", "other": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The draft already made keeps its text; a new one takes the template's.
    let kept = send_json(deal.employer.get(app.url(&path))).await;
    assert_ne!(
        kept["terms"]["clauses"]["rest"],
        "每周休息两日，春节回乡探亲假十五天。"
    );
    let company_id = company::Entity::find()
        .filter(company::Column::Name.eq(CHUYI_COMPANY))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let other = worker::Entity::find()
        .filter(worker::Column::CompanyId.eq(company_id))
        .filter(worker::Column::ConsentAt.is_not_null())
        .filter(worker::Column::Id.ne(deal.worker.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let sent = send_json(deal.employer.post(app.url("/api/v1/hire-requests")).json(&json!({
        "worker_ids": [other.id],
        "terms": {"position": "面点师", "place": "北京市东城区", "region_code": "110000",
                  "monthly_wage_yuan": "7000", "start_date": "2099-04-01", "term_months": "",
                  "conditions": "", "message": ""}
    })))
    .await;
    let line = &sent[0]["lines"][0];
    send_json(
        deal.company
            .post(app.url(&format!(
                "/api/v1/hire-requests/lines/{}/answer",
                line["id"]
            )))
            .json(&json!({"version": line["version"], "action": "accept"})),
    )
    .await;
    let contracts = send_json(deal.employer.get(app.url("/api/v1/contracts"))).await;
    let newest = &contracts[0];
    assert_eq!(newest["terms"]["position"], "面点师");
    assert_eq!(
        newest["terms"]["clauses"]["rest"],
        "每周休息两日，春节回乡探亲假十五天。"
    );
}

async fn an_ended_placement_is_attested_work_on_the_profile(app: TestApp) {
    // Arrange
    let deal = signed_deal(&app).await;
    let placements = send_json(deal.company.get(app.url("/api/v1/placements"))).await;
    let id = placements[0]["id"].clone();
    let path = format!("/api/v1/placements/{id}/end");
    // Act: a date before the start, no reason, then a good end
    let early = send_json(
        deal.company
            .post(app.url(&path))
            .json(&json!({"on": "2099-01-01", "reason": "期满"})),
    )
    .await;
    assert_eq!(early["error"]["details"]["field"], "on");
    let vague = send_json(
        deal.company
            .post(app.url(&path))
            .json(&json!({"on": "2099-09-30", "reason": " "})),
    )
    .await;
    assert_eq!(vague["error"]["details"]["field"], "reason");
    let ended = send_json(
        deal.company
            .post(app.url(&path))
            .json(&json!({"on": "2099-09-30", "reason": "季节性用工结束"})),
    )
    .await;
    // Assert
    assert_eq!(ended["state"], "ended", "{ended}");
    let again = send_json(
        deal.employer
            .post(app.url(&path))
            .json(&json!({"on": "2099-10-01", "reason": "再次"})),
    )
    .await;
    assert_eq!(again["error"]["code"], "conflict");
    profile_becomes(&deal.employer, &app, deal.worker.id, StatusCode::OK).await;
    let profile = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/profiles/{}", deal.worker.id))),
    )
    .await;
    let work = profile["attested_work"].as_array().unwrap();
    assert_eq!(work.len(), 1, "{profile}");
    assert_eq!(work[0]["position"], "中餐厨师");
    assert_eq!(work[0]["region_name"], "北京市");
    assert_eq!(work[0]["starts_on"], "2099-03-01");
    assert_eq!(work[0]["ends_on"], "2099-09-30");
    let request = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/hire-requests/{}", deal.request_id))),
    )
    .await;
    assert_eq!(request["lines"][0]["state"], "ended");
    assert_eq!(app.audit_count("placement.end", "ok").await, 1);
    // The contract itself stays signed (under 员工制 the company still employs the worker).
    let contract = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/contracts/{}", deal.contract["id"]))),
    )
    .await;
    assert_eq!(contract["state"], "signed");
}

async fn a_contract_past_its_end_date_expires_and_frees_the_worker(app: TestApp) {
    // Arrange: a contract whose term is already over when it is signed (a late paper contract)
    let deal = accepted_deal(&app).await;
    let mut body = edit_body(&deal.contract, "8000");
    body["terms"]["start_date"] = json!("2025-01-01");
    body["terms"]["end_date"] = json!("2025-12-31");
    let edited = send_json(
        deal.company
            .put(app.url(&format!("/api/v1/contracts/{}", deal.contract["id"])))
            .json(&body),
    )
    .await;
    let (_, once) = sign(&deal.employer, &app, &edited, None).await;
    let (status, signed) = sign(&deal.company, &app, &once, Some(confirmation())).await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    // Act: the next read (or the minute sweep) expires it
    let now = send_json(
        deal.employer
            .get(app.url(&format!("/api/v1/contracts/{}", signed["id"]))),
    )
    .await;
    // Assert
    assert_eq!(now["state"], "expired", "{now}");
    assert_eq!(now["content_hash"], signed["content_hash"]);
    let placements = send_json(deal.employer.get(app.url("/api/v1/placements"))).await;
    assert_eq!(placements[0]["state"], "ended");
    assert_eq!(placements[0]["ends_on"], "2025-12-31");
    assert_eq!(placements[0]["end_reason"], "合同到期");
    let back = worker::Entity::find_by_id(deal.worker.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(back.placed_since.is_none());
    assert_eq!(app.audit_count("contract.expire", "ok").await, 1);
    let refused = send_json(
        deal.company
            .post(app.url(&format!("/api/v1/contracts/{}/terminate", signed["id"])))
            .json(
                &json!({"row_version": now["row_version"], "on": "2025-06-30", "reason": "解除"}),
            ),
    )
    .await;
    assert_eq!(
        refused["error"]["code"], "conflict",
        "an expired contract is not terminated"
    );
}
