//! Hiring over HTTP: employer registration and verification, vacancies, hire requests with
//! their per-worker answers, counters, withdrawals and expiry, version conflicts, the inbox,
//! and who may do what.

use app::domain::role::{Role, Scope};
use laowu_tests::{
    ADMIN, COMPANY, EMPLOYER, PROMOTER, TestApp, on_both_databases_with_cast, send_json,
};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use server::db::entities::{company, hire_event, hire_line, hire_request, worker};

on_both_databases_with_cast!(
    a_registered_employer_searches_but_hires_only_once_verified,
    registration_errors_name_the_field_and_save_nothing,
    a_company_answers_each_requested_worker_and_the_history_is_kept,
    a_counter_offer_becomes_the_agreed_terms_when_the_employer_accepts,
    illegal_transitions_are_refused_with_409_and_change_nothing,
    two_people_answering_the_same_line_at_once_one_wins,
    unanswered_requests_expire,
    vacancies_are_published_edited_closed_and_proposed_for,
    only_the_two_sides_see_a_request_and_only_published_workers_can_be_requested,
    the_inbox_counts_unread_messages,
);

const CHUYI: (&str, &str) = ("chuyi", "chuyi-company-pass-2026");
const CHUYI_COMPANY: &str = "浮山县厨艺劳务合作社";
const QUWO: (&str, &str) = ("quwo", "quwo-company-pass-2026");
const QUWO_COMPANY: &str = "曲沃县羊汤劳务有限公司";

/// A company user for one of the cast's companies (the cast is seeded without accounts).
async fn company_user(app: &TestApp, company_name: &str, account: (&str, &str)) -> i32 {
    let company = company::Entity::find()
        .filter(company::Column::Name.eq(company_name))
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

/// Published (consented, active) workers of a company, by id.
async fn published_workers_of(app: &TestApp, company_id: i32) -> Vec<i32> {
    worker::Entity::find()
        .filter(worker::Column::CompanyId.eq(company_id))
        .filter(worker::Column::ConsentAt.is_not_null())
        .filter(worker::Column::Active.eq(true))
        .order_by_asc(worker::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.id)
        .collect()
}

fn terms() -> Value {
    json!({
        "position": "中餐厨师",
        "place": "北京市朝阳区京味楼总店",
        "region_code": "110000",
        "monthly_wage_yuan": "8000",
        "start_date": "2099-03-01",
        "term_months": "12",
        "conditions": "包吃住，五险",
        "message": "急需两位浮山厨师",
    })
}

async fn send_request(employer: &reqwest::Client, app: &TestApp, workers: &[i32]) -> Value {
    let response = employer
        .post(app.url("/api/v1/hire-requests"))
        .json(&json!({ "worker_ids": workers, "terms": terms() }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn answer(
    client: &reqwest::Client,
    app: &TestApp,
    line: &Value,
    action: Value,
) -> (StatusCode, Value) {
    let mut body = action;
    body["version"] = line["version"].clone();
    let response = client
        .post(app.url(&format!(
            "/api/v1/hire-requests/lines/{}/answer",
            line["id"]
        )))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

fn line_of(request: &Value, worker_id: i32) -> Value {
    request["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["worker_id"] == worker_id)
        .cloned()
        .unwrap_or_else(|| panic!("worker {worker_id} in {request}"))
}

fn credit_code(first17: &str) -> String {
    app::domain::credit_code::with_check_char(first17).unwrap()
}

fn registration(name: &str, code: &str, username: &str) -> Value {
    json!({
        "name": name,
        "credit_code": code,
        "province_code": "310000",
        "city_code": "310100",
        "city_name": "上海市",
        "industry": "养老服务",
        "contact_name": "周主任",
        "contact_phone": "13912345678",
        "username": username,
        "password": "shanghai-care-home-2026",
    })
}

fn vacancy_form() -> Value {
    json!({
        "position": "养老护理员",
        "occupation": "养老护理员",
        "headcount": "5",
        "place": "上海市徐汇区康乐养老院",
        "region_code": "310000",
        "wage_min_yuan": "6000",
        "wage_max_yuan": "7500",
        "starts_on": "2099-01-15",
        "ends_on": "",
        "housing": true,
        "meals": true,
        "insurance": true,
        "requirements": "有护理员证书，能适应夜班",
    })
}

async fn a_registered_employer_searches_but_hires_only_once_verified(app: TestApp) {
    // Arrange
    let anonymous = app.new_client();
    let code = credit_code("91310104MA1FL8KX3");
    // Act: register
    let response = anonymous
        .post(app.url("/api/v1/employers"))
        .json(&registration("上海康乐养老服务有限公司", &code, "kangle"))
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(response.status(), StatusCode::CREATED);
    let employer: Value = response.json().await.unwrap();
    assert_eq!(employer["verified"], false);
    assert_eq!(employer["contact_phone"], "139****5678");
    assert_eq!(employer["province_name"], "上海市");
    let kangle = app.client_for(("kangle", "shanghai-care-home-2026")).await;
    let search = kangle
        .get(app.url("/api/v1/workers/search?q=护工"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        search.status(),
        StatusCode::OK,
        "unverified employers search"
    );
    let refused = kangle
        .post(app.url("/api/v1/vacancies"))
        .json(&vacancy_form())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"]["message"].as_str().unwrap().contains("审核"),
        "{body}"
    );
    let refused = send_json(
        kangle
            .post(app.url("/api/v1/hire-requests"))
            .json(&json!({ "worker_ids": [1], "terms": terms() })),
    )
    .await;
    assert_eq!(refused["error"]["code"], "forbidden");

    // Act: a promoter verifies it
    let promoter = app.client_for(PROMOTER).await;
    let listed = send_json(promoter.get(app.url("/api/v1/employers"))).await;
    let first = &listed.as_array().unwrap()[0];
    assert_eq!(
        first["name"], "上海康乐养老服务有限公司",
        "unverified first"
    );
    let verified =
        send_json(promoter.post(app.url(&format!("/api/v1/employers/{}/verify", employer["id"]))))
            .await;
    // Assert
    assert_eq!(verified["verified"], true);
    let published = kangle
        .post(app.url("/api/v1/vacancies"))
        .json(&vacancy_form())
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), StatusCode::CREATED);
    let inbox = send_json(kangle.get(app.url("/api/v1/inbox"))).await;
    assert_eq!(inbox["unread"], 1);
    assert_eq!(inbox["messages"][0]["kind"], "employer.verified");
    assert_eq!(app.audit_count("employer.verify", "ok").await, 1);

    // A colleague joins and signs in.
    let added = kangle
        .post(app.url("/api/v1/employers/mine/users"))
        .json(&json!({"username": "kangle2", "display_name": "吴护士长", "password": "colleague-pass-2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let colleague = app.client_for(("kangle2", "colleague-pass-2026")).await;
    let mine = send_json(colleague.get(app.url("/api/v1/employers/mine"))).await;
    assert_eq!(mine["name"], "上海康乐养老服务有限公司");
    assert_eq!(mine["users"].as_array().unwrap().len(), 2);
}

async fn registration_errors_name_the_field_and_save_nothing(app: TestApp) {
    let anonymous = app.new_client();
    let good = credit_code("91310104MA1FL8KX3");
    let mut bad_check = good.clone();
    bad_check.replace_range(17..18, if good.ends_with('0') { "1" } else { "0" });
    let cases = [
        ("credit_code", json!(bad_check)),
        ("city_code", json!("320100")),
        ("province_code", json!("999999")),
        ("contact_phone", json!("12345")),
        ("name", json!("上海")),
    ];
    for (field, value) in cases {
        let mut body = registration("上海康乐养老服务有限公司", &good, "kangle");
        body[field] = value;
        let answer = send_json(anonymous.post(app.url("/api/v1/employers")).json(&body)).await;
        assert_eq!(answer["error"]["details"]["field"], field, "{answer}");
    }
    let count = server::db::entities::employer::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 1, "only the demo employer");
    // A second registration of the same code is a conflict on credit_code.
    let first = anonymous
        .post(app.url("/api/v1/employers"))
        .json(&registration("上海康乐养老服务有限公司", &good, "kangle"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = send_json(
        anonymous
            .post(app.url("/api/v1/employers"))
            .json(&registration("上海另一家养老院有限公司", &good, "kangle9")),
    )
    .await;
    assert_eq!(again["error"]["code"], "conflict");
    assert_eq!(again["error"]["details"]["field"], "credit_code");
}

async fn a_company_answers_each_requested_worker_and_the_history_is_kept(app: TestApp) {
    // Arrange
    let company_id = company_user(&app, CHUYI_COMPANY, CHUYI).await;
    let workers = published_workers_of(&app, company_id).await;
    assert!(workers.len() >= 2, "the cast has cooks in 浮山");
    let employer = app.client_for(EMPLOYER).await;
    let chuyi = app.client_for(CHUYI).await;
    // Act
    let sent = send_request(&employer, &app, &workers[..2]).await;
    // Assert: one request to the one company, two lines waiting for it
    let requests = sent.as_array().unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request["company_id"], company_id);
    assert_eq!(request["monthly_wage_yuan"], 8000);
    for line in request["lines"].as_array().unwrap() {
        assert_eq!(line["state"], "requested");
        assert_eq!(line["awaits"], "company");
        assert!(
            line["worker_name"].as_str().unwrap().contains('*'),
            "masked for the employer: {line}"
        );
    }
    let inbox = send_json(chuyi.get(app.url("/api/v1/inbox"))).await;
    assert_eq!(inbox["messages"][0]["kind"], "hire.requested");
    let seen =
        send_json(chuyi.get(app.url(&format!("/api/v1/hire-requests/{}", request["id"])))).await;
    let first = line_of(&seen, workers[0]);
    assert!(
        !first["worker_name"].as_str().unwrap().contains('*'),
        "the worker's own company sees the name"
    );

    // Act: accept the first, decline the second (a reason is required)
    let (status, accepted) = answer(&chuyi, &app, &first, json!({"action": "accept"})).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let second = line_of(&seen, workers[1]);
    let (status, refused) = answer(
        &chuyi,
        &app,
        &second,
        json!({"action": "decline", "reason": "  "}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["details"]["field"], "reason");
    let (status, declined) = answer(
        &chuyi,
        &app,
        &second,
        json!({"action": "decline", "reason": "已答应家乡饭店"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{declined}");

    // Assert
    let now =
        send_json(employer.get(app.url(&format!("/api/v1/hire-requests/{}", request["id"])))).await;
    let first = line_of(&now, workers[0]);
    assert_eq!(first["state"], "accepted");
    assert_eq!(first["agreed_wage_yuan"], 8000);
    assert_eq!(first["agreed_start_date"], "2099-03-01");
    let history: Vec<&str> = first["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["create", "accept"]);
    let second = line_of(&now, workers[1]);
    assert_eq!(second["state"], "declined");
    assert_eq!(second["decline_reason"], "已答应家乡饭店");
    let inbox = send_json(employer.get(app.url("/api/v1/inbox"))).await;
    let kinds: Vec<&str> = inbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    // Acceptance also announces the contract draft to both sides.
    assert_eq!(kinds, ["hire.declined", "contract.draft", "hire.accepted"]);
    assert_eq!(app.audit_count("hire_line.answer", "ok").await, 2);
    assert_eq!(app.audit_count("hire_request.create", "ok").await, 1);
}

async fn a_counter_offer_becomes_the_agreed_terms_when_the_employer_accepts(app: TestApp) {
    // Arrange
    let company_id = company_user(&app, CHUYI_COMPANY, CHUYI).await;
    let workers = published_workers_of(&app, company_id).await;
    let employer = app.client_for(EMPLOYER).await;
    let chuyi = app.client_for(CHUYI).await;
    let sent = send_request(&employer, &app, &workers[..1]).await;
    let line = line_of(&sent[0], workers[0]);
    // Act
    let (status, countered) = answer(
        &chuyi,
        &app,
        &line,
        json!({"action": "counter", "terms": {"monthly_wage_fen": 950_000, "start_date": "2099-04-01"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{countered}");
    let line = line_of(&countered, workers[0]);
    assert_eq!(line["state"], "countered");
    assert_eq!(line["awaits"], "employer");
    assert_eq!(line["counter_wage_yuan"], 9500);
    // The company cannot accept its own counter.
    let (status, _) = answer(&chuyi, &app, &line, json!({"action": "accept"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, accepted) = answer(&employer, &app, &line, json!({"action": "accept"})).await;
    // Assert
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let line = line_of(&accepted, workers[0]);
    assert_eq!(line["state"], "accepted");
    assert_eq!(line["agreed_wage_yuan"], 9500);
    assert_eq!(line["agreed_start_date"], "2099-04-01");
    // A bad counter names its field.
    let sent = send_request(&employer, &app, &workers[1..2]).await;
    let other = line_of(&sent[0], workers[1]);
    let (status, bad) = answer(
        &chuyi,
        &app,
        &other,
        json!({"action": "counter", "terms": {"monthly_wage_fen": 5, "start_date": null}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["details"]["field"], "monthly_wage");
}

async fn illegal_transitions_are_refused_with_409_and_change_nothing(app: TestApp) {
    // Arrange
    let company_id = company_user(&app, CHUYI_COMPANY, CHUYI).await;
    let workers = published_workers_of(&app, company_id).await;
    let employer = app.client_for(EMPLOYER).await;
    let chuyi = app.client_for(CHUYI).await;
    let sent = send_request(&employer, &app, &workers[..1]).await;
    let id = sent[0]["id"].as_i64().unwrap();
    // The employer cannot answer its own request.
    let line = line_of(&sent[0], workers[0]);
    let (status, body) = answer(&employer, &app, &line, json!({"action": "accept"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // Act: withdraw, then try to accept
    let withdrawn =
        send_json(employer.post(app.url(&format!("/api/v1/hire-requests/{id}/withdraw")))).await;
    let line = line_of(&withdrawn, workers[0]);
    assert_eq!(line["state"], "withdrawn");
    let events_before = hire_event::Entity::find().count(&app.db).await.unwrap();
    let (status, body) = answer(&chuyi, &app, &line, json!({"action": "accept"})).await;
    // Assert
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("撤回"),
        "a Chinese message naming the state: {body}"
    );
    let stored = hire_line::Entity::find_by_id(line["id"].as_i64().unwrap() as i32)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state, "withdrawn");
    assert_eq!(
        hire_event::Entity::find().count(&app.db).await.unwrap(),
        events_before
    );
    // Withdrawing twice has nothing left to withdraw.
    let again =
        send_json(employer.post(app.url(&format!("/api/v1/hire-requests/{id}/withdraw")))).await;
    assert_eq!(again["error"]["code"], "conflict");
    // The system's own steps cannot be asked for.
    let (status, _) = answer(&chuyi, &app, &line, json!({"action": "sign"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

async fn two_people_answering_the_same_line_at_once_one_wins(app: TestApp) {
    // Arrange: two users of the same company see the same version
    let company_id = company_user(&app, CHUYI_COMPANY, CHUYI).await;
    app.create_user(
        Role::Company,
        Scope::Company { id: company_id },
        "chuyi2",
        "chuyi-second-pass-2026",
    )
    .await;
    let workers = published_workers_of(&app, company_id).await;
    let employer = app.client_for(EMPLOYER).await;
    let first = app.client_for(CHUYI).await;
    let second = app.client_for(("chuyi2", "chuyi-second-pass-2026")).await;
    let sent = send_request(&employer, &app, &workers[..1]).await;
    let line = line_of(&sent[0], workers[0]);
    // Act: at once
    let (a, b) = tokio::join!(
        answer(&first, &app, &line, json!({"action": "accept"})),
        answer(
            &second,
            &app,
            &line,
            json!({"action": "decline", "reason": "人已派出"})
        ),
    );
    // Assert
    let statuses = [a.0, b.0];
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
        "one wins, one is told: {a:?} {b:?}"
    );
    let loser = if a.0 == StatusCode::CONFLICT {
        a.1
    } else {
        b.1
    };
    assert!(
        loser["error"]["message"]
            .as_str()
            .unwrap()
            .contains("已被他人修改"),
        "{loser}"
    );
    let stored = hire_line::Entity::find_by_id(line["id"].as_i64().unwrap() as i32)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.version, 2, "exactly one change");
    // A later answer based on the old version is stale too.
    let (status, body) = answer(&first, &app, &line, json!({"action": "accept"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("已被他人修改")
    );
}

async fn unanswered_requests_expire(app: TestApp) {
    // Arrange: a request whose deadline has passed
    let company_id = company_user(&app, CHUYI_COMPANY, CHUYI).await;
    let workers = published_workers_of(&app, company_id).await;
    let employer = app.client_for(EMPLOYER).await;
    let chuyi = app.client_for(CHUYI).await;
    let sent = send_request(&employer, &app, &workers[..1]).await;
    let id = sent[0]["id"].as_i64().unwrap() as i32;
    let expires = hire_request::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .expires_at;
    let days = (expires - chrono::Utc::now()).num_days();
    assert!((13..=14).contains(&days), "14 days by default, got {days}");
    hire_request::Entity::update_many()
        .col_expr(
            hire_request::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::TimeDelta::minutes(1)),
        )
        .filter(hire_request::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
    // Act
    let seen = send_json(chuyi.get(app.url(&format!("/api/v1/hire-requests/{id}")))).await;
    // Assert
    let line = line_of(&seen, workers[0]);
    assert_eq!(line["state"], "expired");
    assert_eq!(line["history"][1]["side"], "system");
    let (status, body) = answer(&chuyi, &app, &line, json!({"action": "accept"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("过期"),
        "{body}"
    );
    let inbox = send_json(employer.get(app.url("/api/v1/inbox"))).await;
    assert_eq!(inbox["messages"][0]["kind"], "hire.expired");
    assert_eq!(app.audit_count("hire_line.expire", "ok").await, 1);
    // Expired, the worker may be asked again.
    let again = send_request(&employer, &app, &workers[..1]).await;
    assert_eq!(line_of(&again[0], workers[0])["state"], "requested");
}

async fn vacancies_are_published_edited_closed_and_proposed_for(app: TestApp) {
    // Arrange
    let employer = app.client_for(EMPLOYER).await;
    let company_id = company_user(&app, QUWO_COMPANY, QUWO).await;
    let quwo = app.client_for(QUWO).await;
    let workers = published_workers_of(&app, company_id).await;
    let mut form = vacancy_form();
    form["position"] = json!("羊汤师傅");
    form["occupation"] = json!("中式烹调师");
    form["region_code"] = json!("110000");
    form["place"] = json!("北京市东城区京味楼");
    // Act: publish, then edit with the version read
    let published = employer
        .post(app.url("/api/v1/vacancies"))
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), StatusCode::CREATED);
    let vacancy: Value = published.json().await.unwrap();
    let id = vacancy["id"].as_i64().unwrap();
    assert_eq!(vacancy["status"], "open");
    assert!(
        vacancy["suggestion_query"]
            .as_str()
            .unwrap()
            .contains("region=110000")
    );
    let mut edit = form.clone();
    edit["headcount"] = json!("3");
    edit["version"] = vacancy["version"].clone();
    let edited = send_json(
        employer
            .put(app.url(&format!("/api/v1/vacancies/{id}")))
            .json(&edit),
    )
    .await;
    assert_eq!(edited["headcount"], 3);
    let stale = send_json(
        employer
            .put(app.url(&format!("/api/v1/vacancies/{id}")))
            .json(&edit),
    )
    .await;
    assert_eq!(stale["error"]["code"], "conflict", "the old version lost");
    let mut bad = edit.clone();
    bad["version"] = edited["version"].clone();
    bad["wage_min_yuan"] = json!("9000");
    let invalid = send_json(
        employer
            .put(app.url(&format!("/api/v1/vacancies/{id}")))
            .json(&bad),
    )
    .await;
    assert_eq!(invalid["error"]["details"]["field"], "wage_max_yuan");
    let suggestions =
        send_json(employer.get(app.url(&format!("/api/v1/vacancies/{id}/suggestions")))).await;
    assert!(suggestions["total"].is_u64(), "{suggestions}");

    // Companies find it by occupation and region, and propose a worker.
    let found =
        send_json(quwo.get(app.url("/api/v1/vacancies?occupation=烹调&region=110000"))).await;
    assert!(
        found.as_array().unwrap().iter().any(|v| v["id"] == id),
        "{found}"
    );
    let elsewhere = send_json(quwo.get(app.url("/api/v1/vacancies?region=650000"))).await;
    assert!(elsewhere.as_array().unwrap().iter().all(|v| v["id"] != id));
    let bad_region = quwo
        .get(app.url("/api/v1/vacancies?region=火星"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_region.status(), StatusCode::BAD_REQUEST);
    // The vacancy page, rendered on the server, lists the company's workers by number.
    let page = quwo
        .get(app.url(&format!("/vacancies/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("propose-candidates"),
        "the proposal form lists workers"
    );
    assert!(
        page.contains(&format!("<td>{}</td>", workers[0])),
        "worker {} listed by number",
        workers[0]
    );
    let proposed = quwo
        .post(app.url(&format!("/api/v1/vacancies/{id}/proposals")))
        .json(&json!({"worker_ids": [workers[0]], "message": "做了二十年羊汤"}))
        .send()
        .await
        .unwrap();
    assert_eq!(proposed.status(), StatusCode::CREATED);
    let proposal: Value = proposed.json().await.unwrap();
    assert_eq!(proposal["started_by"], "company");
    assert_eq!(proposal["vacancy_id"], id);
    let line = line_of(&proposal, workers[0]);
    assert_eq!(line["state"], "proposed");
    assert_eq!(line["awaits"], "employer");
    // Another company's worker cannot be proposed by this one.
    let chuyi_id = company_user(&app, CHUYI_COMPANY, CHUYI).await;
    let theirs = published_workers_of(&app, chuyi_id).await;
    let refused = send_json(
        quwo.post(app.url(&format!("/api/v1/vacancies/{id}/proposals")))
            .json(&json!({"worker_ids": [theirs[0]], "message": ""})),
    )
    .await;
    assert_eq!(refused["error"]["details"]["field"], "worker_ids");
    // The employer accepts the proposal.
    let (status, accepted) = answer(&employer, &app, &line, json!({"action": "accept"})).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(line_of(&accepted, workers[0])["state"], "accepted");

    // Close it: companies no longer see it; closed → filled is not a change the rules allow.
    let current = send_json(employer.get(app.url(&format!("/api/v1/vacancies/{id}")))).await;
    let closed = send_json(
        employer
            .post(app.url(&format!("/api/v1/vacancies/{id}/status")))
            .json(&json!({"status": "closed", "version": current["version"]})),
    )
    .await;
    assert_eq!(closed["status"], "closed");
    let illegal = send_json(
        employer
            .post(app.url(&format!("/api/v1/vacancies/{id}/status")))
            .json(&json!({"status": "filled", "version": closed["version"]})),
    )
    .await;
    assert_eq!(illegal["error"]["code"], "conflict");
    let hidden = quwo
        .get(app.url(&format!("/api/v1/vacancies/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
}

async fn only_the_two_sides_see_a_request_and_only_published_workers_can_be_requested(
    app: TestApp,
) {
    // Arrange
    let company_id = company_user(&app, CHUYI_COMPANY, CHUYI).await;
    company_user(&app, QUWO_COMPANY, QUWO).await;
    let workers = published_workers_of(&app, company_id).await;
    let employer = app.client_for(EMPLOYER).await;
    let sent = send_request(&employer, &app, &workers[..1]).await;
    let id = sent[0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/hire-requests/{id}");
    // Act / Assert
    let anonymous = app.new_client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let quwo = app.client_for(QUWO).await;
    let other = quwo.get(app.url(&path)).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND, "another company");
    let listed = send_json(quwo.get(app.url("/api/v1/hire-requests"))).await;
    assert_eq!(listed.as_array().unwrap().len(), 0);
    let line = line_of(&sent[0], workers[0]);
    let (status, _) = answer(&quwo, &app, &line, json!({"action": "accept"})).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another company cannot answer"
    );
    // The demo company (not in the cast) and a promoter of another county see nothing; the
    // promoter of 浮山 (the company's county) and admins watch.
    let xinchu = app.client_for(COMPANY).await;
    assert_eq!(
        xinchu.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let promoter = app.client_for(PROMOTER).await;
    assert_eq!(
        promoter.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::OK
    );
    let (status, _) = answer(&promoter, &app, &line, json!({"action": "accept"})).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "officials watch, they do not answer"
    );
    let admin = app.client_for(ADMIN).await;
    assert_eq!(
        admin.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::OK
    );
    // Companies cannot send requests.
    let refused = xinchu
        .post(app.url("/api/v1/hire-requests"))
        .json(&json!({ "worker_ids": [workers[1]], "terms": terms() }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // A worker without consent, and a worker already requested, are refused.
    let unconsented = worker::Entity::find()
        .filter(worker::Column::ConsentAt.is_null())
        .one(&app.db)
        .await
        .unwrap()
        .expect("the cast has a worker without consent");
    let refused = send_json(
        employer
            .post(app.url("/api/v1/hire-requests"))
            .json(&json!({ "worker_ids": [unconsented.id], "terms": terms() })),
    )
    .await;
    assert_eq!(refused["error"]["code"], "conflict");
    let twice = send_json(
        employer
            .post(app.url("/api/v1/hire-requests"))
            .json(&json!({ "worker_ids": [workers[0]], "terms": terms() })),
    )
    .await;
    assert_eq!(twice["error"]["code"], "conflict");
    // Bad terms name their field and create nothing.
    let before = hire_request::Entity::find().count(&app.db).await.unwrap();
    for (field, value) in [
        ("monthly_wage_yuan", json!("八千")),
        ("start_date", json!("2020-01-01")),
        ("region_code", json!("999999")),
        ("position", json!("")),
    ] {
        let mut t = terms();
        t[field] = value;
        let answer = send_json(
            employer
                .post(app.url("/api/v1/hire-requests"))
                .json(&json!({ "worker_ids": [workers[1]], "terms": t })),
        )
        .await;
        assert_eq!(answer["error"]["details"]["field"], field, "{answer}");
    }
    assert_eq!(
        hire_request::Entity::find().count(&app.db).await.unwrap(),
        before
    );
    // Every hiring route is in the OpenAPI document.
    let openapi = app.get_json("/api/v1/openapi.json").await;
    for path in [
        "/api/v1/employers",
        "/api/v1/employers/{id}/verify",
        "/api/v1/vacancies",
        "/api/v1/vacancies/{id}/proposals",
        "/api/v1/hire-requests",
        "/api/v1/hire-requests/{id}/withdraw",
        "/api/v1/hire-requests/lines/{line_id}/answer",
        "/api/v1/inbox",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} documented");
    }
}

async fn the_inbox_counts_unread_messages(app: TestApp) {
    // Arrange
    let company_id = company_user(&app, CHUYI_COMPANY, CHUYI).await;
    let workers = published_workers_of(&app, company_id).await;
    let employer = app.client_for(EMPLOYER).await;
    let chuyi = app.client_for(CHUYI).await;
    send_request(&employer, &app, &workers[..1]).await;
    send_request(&employer, &app, &workers[1..2]).await;
    // Act / Assert
    let inbox = send_json(chuyi.get(app.url("/api/v1/inbox"))).await;
    assert_eq!(inbox["unread"], 2);
    let first = inbox["messages"][0]["id"].clone();
    let after_one = send_json(
        chuyi
            .post(app.url("/api/v1/inbox/read"))
            .json(&json!({ "id": first })),
    )
    .await;
    assert_eq!(after_one["unread"], 1);
    // Another user's message id marks nothing of theirs.
    let other = send_json(
        employer
            .post(app.url("/api/v1/inbox/read"))
            .json(&json!({ "id": inbox["messages"][1]["id"] })),
    )
    .await;
    assert_eq!(other["unread"], 0);
    let still = send_json(chuyi.get(app.url("/api/v1/inbox"))).await;
    assert_eq!(still["unread"], 1);
    let all = send_json(chuyi.post(app.url("/api/v1/inbox/read")).json(&json!({}))).await;
    assert_eq!(all["unread"], 0);
    assert_eq!(all["messages"].as_array().unwrap().len(), 2);
}
