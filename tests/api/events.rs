//! Events 活动 over HTTP: job fairs and skill competitions, public to read and added or changed
//! by the organising county (each bad field named, stale versions refused); verified employers
//! join fairs and companies sign up their consented workers, whom only the employers at the
//! fair see (names masked); hire requests that name the fair count as its outcome within the
//! follow-up window; competition results recorded by organisers once the competition has
//! begun, shown as attested awards on the worker and the brand; the dashboard's figures.

use app::domain::id_number::with_check_char;
use app::domain::role::{Role, Scope};
use chrono::{Datelike, NaiveDate, TimeDelta, Utc};
use laowu_tests::{ADMIN, COMPANY, EMPLOYER, PROMOTER, TestApp, on_both_databases};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use server::db::entities::worker;

on_both_databases!(
    events_are_public_and_only_county_officials_add_them,
    every_bad_event_field_is_named_and_nothing_is_saved,
    an_event_is_changed_by_its_organisers_under_its_version,
    a_fair_brings_verified_employers_and_consented_workers_and_counts_its_hires,
    competition_results_are_recorded_by_organisers_and_shown_as_awards,
    the_dashboard_counts_a_county_s_fairs_and_competitions,
    a_fair_long_over_takes_no_sign_ups_and_no_hire_requests,
);

const EVENTS: &str = "/api/v1/events";
const FUSHAN: &str = "141027";
const YAODU: &str = "141002";
const YAODU_PROMOTER: (&str, &str) = ("yaodu", "yaodu-promoter-2026");
const CHUYI: (&str, &str) = ("chuyi", "chuyi-company-pass-2026");
const CHUYI_COMPANY: &str = "浮山县厨艺劳务合作社";
const KANGLE: (&str, &str) = ("kangle", "shanghai-care-home-2026");
const KANGLE_NAME: &str = "上海康乐养老服务有限公司";
const BRAND: &str = "fushan-chushi";
const BRAND_NAME: &str = "浮山厨师";

async fn call(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The field a 422 answer names.
fn field(error: &Value) -> &Value {
    &error["error"]["details"]["field"]
}

/// Today in Asia/Shanghai, as the server counts days.
fn today() -> NaiveDate {
    (Utc::now() + TimeDelta::hours(8)).date_naive()
}

/// The day `offset` days from today, YYYY-MM-DD.
fn day(offset: i64) -> String {
    (today() + TimeDelta::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A complete event form held in Shanxi.
fn form(kind: &str, title: &str, starts_on: &str, ends_on: &str) -> Value {
    json!({
        "kind": kind,
        "title": title,
        "region_code": "140000",
        "venue": "浮山县人力资源市场",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "brand": "",
        "description": "浮山厨师专场，现场签约",
    })
}

/// `base` with some fields changed.
fn with(mut base: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

/// Adds an event; it must be created.
async fn create(app: &TestApp, client: &Client, body: &Value) -> Value {
    let (status, created) = call(client.post(app.url(EVENTS)).json(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}: {created}");
    created
}

/// A running fair of 浮山县 (yesterday to tomorrow).
async fn running_fair(app: &TestApp, promoter: &Client, title: &str) -> Value {
    create(
        app,
        promoter,
        &form("recruitment_fair", title, &day(-1), &day(1)),
    )
    .await
}

/// The ids `client` lists with this query, in the list's order, of those in `ours`.
async fn listed(app: &TestApp, client: &Client, query: &str, ours: &[&Value]) -> Vec<i64> {
    let (status, all) = call(client.get(app.url(&format!("{EVENTS}{query}")))).await;
    assert_eq!(status, StatusCode::OK, "{query}: {all}");
    let ours: Vec<i64> = ours.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    all.as_array()
        .unwrap_or_else(|| panic!("{all}"))
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .filter(|id| ours.contains(id))
        .collect()
}

fn ids(events: &[&Value]) -> Vec<i64> {
    events.iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

/// Every event anybody lists.
async fn count_events(app: &TestApp) -> usize {
    let (status, all) = call(app.new_client().get(app.url(EVENTS))).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    all.as_array().unwrap().len()
}

async fn detail(app: &TestApp, client: &Client, event: &Value) -> Value {
    let (status, read) = call(client.get(app.url(&format!("{EVENTS}/{}", event["id"])))).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    read
}

async fn edit(app: &TestApp, client: &Client, event: &Value, body: Value) -> (StatusCode, Value) {
    call(
        client
            .put(app.url(&format!("{EVENTS}/{}", event["id"])))
            .json(&body),
    )
    .await
}

/// The edit body: `version` and the whole form.
fn edit_body(version: &Value, form: &Value) -> Value {
    with(form.clone(), json!({ "version": version }))
}

async fn join(app: &TestApp, client: &Client, event: &Value, body: Value) -> (StatusCode, Value) {
    call(
        client
            .post(app.url(&format!("{EVENTS}/{}/employers", event["id"])))
            .json(&body),
    )
    .await
}

async fn sign_up(
    app: &TestApp,
    client: &Client,
    event: &Value,
    worker_ids: &[i32],
) -> (StatusCode, Value) {
    call(
        client
            .post(app.url(&format!("{EVENTS}/{}/workers", event["id"])))
            .json(&json!({ "worker_ids": worker_ids })),
    )
    .await
}

async fn signed_up(app: &TestApp, client: &Client, event: &Value, worker_ids: &[i32]) -> Value {
    let (status, read) = sign_up(app, client, event, worker_ids).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    read
}

async fn withdraw(
    app: &TestApp,
    client: &Client,
    event: &Value,
    worker_id: i32,
) -> (StatusCode, Value) {
    call(client.delete(app.url(&format!("{EVENTS}/{}/workers/{worker_id}", event["id"])))).await
}

async fn result(
    app: &TestApp,
    client: &Client,
    event: &Value,
    worker_id: i32,
    score: &str,
    award: &str,
) -> (StatusCode, Value) {
    call(
        client
            .post(app.url(&format!("{EVENTS}/{}/results", event["id"])))
            .json(&json!({ "worker_id": worker_id, "score": score, "award": award })),
    )
    .await
}

/// A hire request for these workers, naming `event_id` (null for none).
async fn hire(
    app: &TestApp,
    employer: &Client,
    worker_ids: &[i32],
    event_id: &Value,
) -> (StatusCode, Value) {
    call(employer.post(app.url("/api/v1/hire-requests")).json(&json!({
        "worker_ids": worker_ids,
        "event_id": event_id,
        "terms": {
            "position": "中餐厨师", "place": "北京市朝阳区京味楼总店", "region_code": "110000",
            "monthly_wage_yuan": "8000", "start_date": "2099-03-01", "term_months": "12",
            "conditions": "包吃住，五险", "message": "招聘会上见过面",
        }
    })))
    .await
}

/// The company accepts the request's only line.
async fn accept(app: &TestApp, company: &Client, request: &Value) {
    let line = &request[0]["lines"][0];
    let (status, accepted) = call(
        company
            .post(app.url(&format!(
                "/api/v1/hire-requests/lines/{}/answer",
                line["id"]
            )))
            .json(&json!({"version": line["version"], "action": "accept"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["lines"][0]["state"], "accepted", "{accepted}");
}

/// An ID number of 浮山县 for someone born on `birth` (YYYYMMDD); odd `sequence`: a man.
fn id_number(birth: &str, sequence: u32) -> String {
    with_check_char(&format!("{FUSHAN}{birth}{sequence:03}")).unwrap()
}

/// Imports these ledger rows (姓名,身份证号,手机号,户籍区县,技能工种,培训意愿,就业意愿) to the
/// company's roster; every one is inserted. Returns the new workers' ids, in the rows' order.
async fn import(app: &TestApp, company: &Client, rows: &[(&str, String)]) -> Vec<i32> {
    let header = "姓名,身份证号,手机号,户籍区县,技能工种,培训意愿,就业意愿";
    // A mobile number of the worker's own, from the ID number's birth date and sequence.
    let lines: Vec<String> = rows
        .iter()
        .map(|(name, id)| format!("{name},{id},13{},浮山县,中式烹调师,否,是", &id[8..17]))
        .collect();
    let csv = format!("{header}\n{}\n", lines.join("\n"));
    let part = reqwest::multipart::Part::bytes(csv.into_bytes())
        .file_name("roster.csv")
        .mime_str("text/csv")
        .unwrap();
    let (status, report) = call(
        company
            .post(app.url("/api/v1/rosters/import"))
            .multipart(reqwest::multipart::Form::new().part("file", part)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["inserted"], rows.len(), "{report}");
    let mut ids = Vec::new();
    for (name, _) in rows {
        let found = worker::Entity::find()
            .filter(worker::Column::Name.eq(*name))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        ids.push(found.id);
    }
    ids
}

async fn consent(app: &TestApp, company: &Client, worker_id: i32) {
    let (status, answer) = call(
        company
            .post(app.url(&format!("/api/v1/workers/{worker_id}/consent")))
            .json(&json!({"method": "书面签字", "scope": "向认证用工单位展示技能、等级、求职意向和简介"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// 鑫厨's workers of 浮山县: 王建国 and 李秀英 agreed to be shown to employers, 张海平 and
/// 陈红梅 did not.
struct Cast {
    wang: i32,
    li: i32,
    zhang: i32,
    chen: i32,
}

async fn cast(app: &TestApp, xinchu: &Client) -> Cast {
    let ids = import(
        app,
        xinchu,
        &[
            ("王建国", id_number("19800312", 11)),
            ("李秀英", id_number("19920601", 22)),
            ("张海平", id_number("19850505", 13)),
            ("陈红梅", id_number("19880808", 24)),
        ],
    )
    .await;
    consent(app, xinchu, ids[0]).await;
    consent(app, xinchu, ids[1]).await;
    Cast {
        wang: ids[0],
        li: ids[1],
        zhang: ids[2],
        chen: ids[3],
    }
}

/// Another labour company of 浮山县 with its user, and its consented worker 刘志强.
async fn chuyi(app: &TestApp) -> (Client, i32) {
    app.create_company_in(FUSHAN, CHUYI_COMPANY, CHUYI.0, CHUYI.1)
        .await;
    let client = app.client_for(CHUYI).await;
    let ids = import(app, &client, &[("刘志强", id_number("19870707", 15))]).await;
    consent(app, &client, ids[0]).await;
    (client, ids[0])
}

/// 尧都区's promoter.
async fn yaodu_promoter(app: &TestApp) -> Client {
    app.create_user(
        Role::Promoter,
        Scope::County {
            code: YAODU.to_string(),
        },
        YAODU_PROMOTER.0,
        YAODU_PROMOTER.1,
    )
    .await;
    app.client_for(YAODU_PROMOTER).await
}

/// A Shanghai employer that registered itself and is not verified yet: its client and id.
async fn kangle(app: &TestApp) -> (Client, i64) {
    let code = app::domain::credit_code::with_check_char("91310104MA1FL8KX3").unwrap();
    let (status, registered) = call(app.new_client().post(app.url("/api/v1/employers")).json(
        &json!({
            "name": KANGLE_NAME,
            "credit_code": code,
            "province_code": "310000",
            "city_code": "310100",
            "city_name": "上海市",
            "industry": "养老服务",
            "contact_name": "周主任",
            "contact_phone": "13912345678",
            "username": KANGLE.0,
            "password": KANGLE.1,
        }),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{registered}");
    assert_eq!(registered["verified"], false);
    (
        app.client_for(KANGLE).await,
        registered["id"].as_i64().unwrap(),
    )
}

/// The workers a detail lists: (worker id, display name).
fn workers_of(detail: &Value) -> Vec<(i64, String)> {
    detail["workers"]
        .as_array()
        .unwrap_or_else(|| panic!("{detail}"))
        .iter()
        .map(|w| {
            (
                w["worker_id"].as_i64().unwrap(),
                w["display_name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

async fn events_are_public_and_only_county_officials_add_them(app: TestApp) {
    // Arrange
    let promoter = app.client_for(PROMOTER).await;
    let admin = app.client_for(ADMIN).await;
    let public = app.new_client();

    // Act: 浮山县 adds two fairs and a competition; the city adds a fair of its own.
    let spring = create(
        &app,
        &promoter,
        &form(
            "spring_breeze",
            "2031 年春风行动浮山专场",
            "2031-02-20",
            "2031-02-21",
        ),
    )
    .await;
    let cup = create(
        &app,
        &promoter,
        &with(
            form(
                "技能大赛",
                "2031 年浮山厨师技能大赛",
                "2031-10-10",
                "2031-10-11",
            ),
            json!({ "brand": BRAND }),
        ),
    )
    .await;
    let market = create(
        &app,
        &promoter,
        &form("recruitment_fair", "2032 年浮山县招聘会", "2032-03-01", ""),
    )
    .await;
    let city = create(
        &app,
        &admin,
        &form(
            "job_talks",
            "2030 年临汾市就业洽谈会",
            "2030-05-01",
            "2030-05-03",
        ),
    )
    .await;

    // Assert: what was saved, and read back.
    assert_eq!(spring["kind"], "spring_breeze", "{spring}");
    assert_eq!(spring["kind_label"], "春风行动");
    assert_eq!(spring["is_fair"], true);
    assert_eq!(spring["county_code"], FUSHAN);
    assert_eq!(spring["county_name"], "浮山县");
    assert_eq!(spring["region_code"], "140000");
    assert_eq!(spring["region_name"], "山西省");
    assert_eq!(
        (&spring["starts_on"], &spring["ends_on"]),
        (&json!("2031-02-20"), &json!("2031-02-21"))
    );
    assert_eq!(spring["phase"], "upcoming");
    assert_eq!(spring["brand_slug"], Value::Null);
    assert_eq!(spring["can_manage"], true);
    assert_eq!(spring["version"], 1);
    assert_eq!(
        (
            &spring["employers"],
            &spring["workers"],
            &spring["hire_requests"]
        ),
        (&json!(0), &json!(0), &json!(0))
    );
    assert_eq!(cup["kind"], "skill_competition", "labels are read: {cup}");
    assert_eq!(cup["kind_label"], "技能大赛");
    assert_eq!(cup["is_fair"], false);
    assert_eq!(
        (&cup["brand_slug"], &cup["brand_name"]),
        (&json!(BRAND), &json!(BRAND_NAME))
    );
    assert_eq!(market["ends_on"], "2032-03-01", "a one-day fair: {market}");
    assert_eq!(city["county_code"], "141000", "the city's: {city}");

    // Public: anybody lists them (latest first) and reads one.
    let all = [&spring, &cup, &market, &city];
    assert_eq!(
        listed(&app, &public, "", &all).await,
        ids(&[&market, &cup, &spring, &city])
    );
    let (status, read) = call(public.get(app.url(&format!("{EVENTS}/{}", cup["id"])))).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["event"]["title"], "2031 年浮山厨师技能大赛");
    assert_eq!(read["event"]["can_manage"], false);
    assert_eq!(read["employers"], json!([]));
    assert_eq!(read["workers"], json!([]));
    assert_eq!(read["can_join"], false);
    assert_eq!(read["can_register_workers"], false);
    let (status, _) = call(public.get(app.url(&format!("{EVENTS}/999999")))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Filters: kind (`fair` for every kind of fair), year, county.
    assert_eq!(
        listed(&app, &public, "?kind=fair", &all).await,
        ids(&[&market, &spring, &city])
    );
    assert_eq!(
        listed(&app, &public, "?kind=skill_competition", &all).await,
        ids(&[&cup])
    );
    assert_eq!(
        listed(&app, &public, "?kind=spring_breeze", &all).await,
        ids(&[&spring])
    );
    let (status, error) = call(public.get(app.url(&format!("{EVENTS}?kind=庙会")))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "kind");
    assert_eq!(
        listed(&app, &public, "?year=2031", &all).await,
        ids(&[&cup, &spring])
    );
    assert_eq!(
        listed(&app, &public, "?year=2032", &all).await,
        ids(&[&market])
    );
    assert_eq!(
        listed(&app, &public, "?year=2029", &all).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        listed(&app, &public, &format!("?county={FUSHAN}"), &all).await,
        ids(&[&market, &cup, &spring])
    );
    assert_eq!(
        listed(&app, &public, "?county=141000", &all).await,
        ids(&[&city])
    );
    assert_eq!(
        listed(
            &app,
            &public,
            &format!("?kind=fair&year=2031&county={FUSHAN}"),
            &all
        )
        .await,
        ids(&[&spring])
    );
    // The county manages its own events only; the city all of them.
    let (_, seen) = call(promoter.get(app.url(EVENTS))).await;
    let manages = |list: &Value, event: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == event["id"])
            .map(|e| e["can_manage"].clone())
            .unwrap()
    };
    assert_eq!(manages(&seen, &spring), true);
    assert_eq!(manages(&seen, &city), false);
    let (_, seen) = call(admin.get(app.url(EVENTS))).await;
    assert_eq!(manages(&seen, &spring), true);

    // Companies and employers may not add events; the anonymous must sign in.
    let before = count_events(&app).await;
    let body = form("recruitment_fair", "不该保存", "2031-04-01", "");
    for (who, account) in [("company", COMPANY), ("employer", EMPLOYER)] {
        let client = app.client_for(account).await;
        let (status, error) = call(client.post(app.url(EVENTS)).json(&body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {error}");
    }
    let (status, error) = call(public.post(app.url(EVENTS)).json(&body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{error}");
    assert_eq!(count_events(&app).await, before);
}

async fn every_bad_event_field_is_named_and_nothing_is_saved(app: TestApp) {
    // Arrange: the good form is saved.
    let promoter = app.client_for(PROMOTER).await;
    let good = with(
        form(
            "skill_competition",
            "浮山厨师技能大赛",
            "2031-10-10",
            "2031-10-11",
        ),
        json!({ "brand": BRAND }),
    );
    create(&app, &promoter, &good).await;
    let before = count_events(&app).await;

    // Act and assert: each bad field is named.
    let cases = [
        ("kind", json!({"kind": "庙会"})),
        ("kind", json!({"kind": ""})),
        ("title", json!({"title": "  "})),
        ("title", json!({"title": "赛".repeat(65)})),
        ("region_code", json!({"region_code": "山西"})),
        ("region_code", json!({"region_code": "14000"})),
        ("region_code", json!({"region_code": "990000"})),
        ("venue", json!({"venue": ""})),
        ("starts_on", json!({"starts_on": ""})),
        ("starts_on", json!({"starts_on": "2031-02-30"})),
        ("ends_on", json!({"ends_on": "2031-10-09"})),
        ("ends_on", json!({"ends_on": "2031-10-32"})),
        ("ends_on", json!({"ends_on": "2031-12-31"})),
        ("brand", json!({"brand": "no-such-brand"})),
        ("description", json!({"description": "介".repeat(2001)})),
    ];
    for (name, changes) in cases {
        let body = with(good.clone(), changes.clone());
        let (status, error) = call(promoter.post(app.url(EVENTS)).json(&body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes}: {error}"
        );
        assert_eq!(field(&error), name, "{changes}: {error}");
    }

    // Nothing was saved.
    assert_eq!(count_events(&app).await, before);
}

async fn an_event_is_changed_by_its_organisers_under_its_version(app: TestApp) {
    // Arrange
    let promoter = app.client_for(PROMOTER).await;
    let xinchu = app.client_for(COMPANY).await;
    let employer = app.client_for(EMPLOYER).await;
    let yaodu = yaodu_promoter(&app).await;
    let admin = app.client_for(ADMIN).await;
    let base = form("recruitment_fair", "浮山县春季招聘会", &day(5), &day(6));
    let fair = create(&app, &promoter, &base).await;
    let renamed = with(base.clone(), json!({"title": "浮山县春季大型招聘会"}));

    // Act: the organiser changes it with the version read.
    let (status, changed) = edit(&app, &promoter, &fair, edit_body(&json!(1), &renamed)).await;

    // Assert
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["title"], "浮山县春季大型招聘会");

    // The same stale version again: refused, nothing changed.
    let stale = with(base.clone(), json!({"title": "过期的修改"}));
    let (status, error) = edit(&app, &promoter, &fair, edit_body(&json!(1), &stale)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    let read = detail(&app, &app.new_client(), &fair).await;
    assert_eq!(read["event"]["title"], "浮山县春季大型招聘会");
    assert_eq!(read["event"]["version"], 2);

    // Another county's promoter, a company, an employer: refused; the anonymous: sign in.
    let (status, error) = edit(&app, &yaodu, &fair, edit_body(&json!(2), &stale)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    for client in [&xinchu, &employer] {
        let (status, error) = edit(&app, client, &fair, edit_body(&json!(2), &stale)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    }
    let (status, _) = edit(&app, &app.new_client(), &fair, edit_body(&json!(2), &stale)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(
        promoter
            .put(app.url(&format!("{EVENTS}/999999")))
            .json(&edit_body(&json!(1), &base)),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A bad field is named and changes nothing.
    let (status, error) = edit(
        &app,
        &promoter,
        &fair,
        edit_body(&json!(2), &with(renamed.clone(), json!({"venue": " "}))),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "venue");
    let read = detail(&app, &app.new_client(), &fair).await;
    assert_eq!(read["event"]["version"], 2);
    assert_eq!(read["event"]["venue"], "浮山县人力资源市场");

    // The city may change a county's event.
    let (status, changed) = edit(&app, &admin, &fair, edit_body(&json!(2), &renamed)).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["version"], 3);

    // Without sign-ups a fair may become a competition, and back.
    let as_cup = with(renamed.clone(), json!({"kind": "skill_competition"}));
    let (status, changed) = edit(&app, &promoter, &fair, edit_body(&json!(3), &as_cup)).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["kind"], "skill_competition");
    let (status, changed) = edit(&app, &promoter, &fair, edit_body(&json!(4), &renamed)).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["kind"], "recruitment_fair");

    // Once an employer has joined, it stays a fair (another kind of fair is fine).
    let (status, joined) = join(&app, &employer, &fair, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    let (status, error) = edit(&app, &promoter, &fair, edit_body(&json!(5), &as_cup)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "kind");
    let as_talks = with(renamed.clone(), json!({"kind": "job_talks"}));
    let (status, changed) = edit(&app, &promoter, &fair, edit_body(&json!(5), &as_talks)).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["kind"], "job_talks");
    assert_eq!(changed["version"], 6);

    // Likewise once a worker is signed up.
    let workers = cast(&app, &xinchu).await;
    let other = create(
        &app,
        &promoter,
        &form("service_month", "浮山县就业服务月", &day(5), &day(20)),
    )
    .await;
    signed_up(&app, &xinchu, &other, &[workers.wang]).await;
    let (status, error) = edit(
        &app,
        &promoter,
        &other,
        edit_body(
            &json!(1),
            &form("skill_competition", "浮山县就业服务月", &day(5), &day(20)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "kind");
    let read = detail(&app, &promoter, &other).await;
    assert_eq!(read["event"]["kind"], "service_month");
    assert_eq!(read["event"]["version"], 1);
}

async fn a_fair_brings_verified_employers_and_consented_workers_and_counts_its_hires(app: TestApp) {
    // Arrange
    let promoter = app.client_for(PROMOTER).await;
    let xinchu = app.client_for(COMPANY).await;
    let employer = app.client_for(EMPLOYER).await;
    let public = app.new_client();
    let workers = cast(&app, &xinchu).await;
    let (chuyi, liu) = chuyi(&app).await;
    let (kangle, kangle_id) = kangle(&app).await;
    let fair = running_fair(&app, &promoter, "浮山县厨师专场招聘会").await;
    assert_eq!(fair["phase"], "running", "{fair}");

    // The company signs up its consented workers, twice over: once each.
    let read = signed_up(&app, &xinchu, &fair, &[workers.wang, workers.li]).await;
    assert_eq!(read["event"]["workers"], 2, "{read}");
    assert_eq!(read["can_register_workers"], true);
    let read = signed_up(&app, &xinchu, &fair, &[workers.wang]).await;
    assert_eq!(read["event"]["workers"], 2, "{read}");
    // Not one who did not agree to be shown, nor another company's worker.
    for refused in [workers.zhang, liu] {
        let (status, error) = sign_up(&app, &xinchu, &fair, &[refused]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(field(&error), "worker_ids");
    }
    let (status, error) = sign_up(&app, &xinchu, &fair, &[workers.li, workers.zhang]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let (status, _) = sign_up(&app, &employer, &fair, &[workers.wang]).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "employers sign up no workers"
    );
    assert_eq!(detail(&app, &public, &fair).await["event"]["workers"], 2);

    // Before joining, the employer may join and sees nobody.
    let read = detail(&app, &employer, &fair).await;
    assert_eq!(read["can_join"], true, "{read}");
    assert_eq!(read["joined"], false);
    assert_eq!(read["workers"], json!([]));

    // Act: the verified employer joins, twice over.
    let (status, joined) = join(&app, &employer, &fair, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    let (status, again) = join(&app, &employer, &fair, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{again}");

    // Assert: one employer at the fair.
    assert_eq!(again["event"]["employers"], 1, "{again}");
    assert_eq!(again["employers"].as_array().unwrap().len(), 1);
    assert_eq!(again["employers"][0]["name"], server::seed::DEMO_EMPLOYER);
    assert_eq!(again["employers"][0]["region_name"], "北京市");
    assert_eq!(again["joined"], true);
    assert_eq!(again["can_join"], false);
    // It sees the workers, names masked, and may send them hire requests.
    assert_eq!(
        workers_of(&again),
        [
            (i64::from(workers.wang), "王**".to_string()),
            (i64::from(workers.li), "李**".to_string())
        ],
        "{again}"
    );
    for w in again["workers"].as_array().unwrap() {
        assert_eq!(w["can_request"], true, "{w}");
        assert_eq!(w["company_name"], server::seed::DEMO_COMPANY);
        assert_eq!(w["brand_name"], BRAND_NAME);
        assert_eq!(w["occupations"], json!(["中式烹调师"]));
    }
    // The anonymous see the employers but not the workers; the workers' own company sees them
    // by name; another company sees none of them; the organiser sees them masked.
    let read = detail(&app, &public, &fair).await;
    assert_eq!(read["employers"].as_array().unwrap().len(), 1, "{read}");
    assert_eq!(read["workers"], json!([]));
    assert_eq!(read["event"]["workers"], 2);
    let read = detail(&app, &xinchu, &fair).await;
    assert_eq!(
        workers_of(&read),
        [
            (i64::from(workers.wang), "王建国".to_string()),
            (i64::from(workers.li), "李秀英".to_string())
        ],
        "{read}"
    );
    assert!(
        read["workers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["can_request"] == false)
    );
    assert_eq!(detail(&app, &chuyi, &fair).await["workers"], json!([]));
    let read = detail(&app, &promoter, &fair).await;
    assert_eq!(read["workers"][0]["display_name"], "王**", "{read}");

    // An unverified employer may not join; a company may not join at all.
    let (status, error) = join(&app, &kangle, &fair, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    let (status, _) = join(&app, &xinchu, &fair, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = join(&app, &public, &fair, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let read = detail(&app, &kangle, &fair).await;
    assert_eq!(read["can_join"], false, "unverified: {read}");
    assert_eq!(read["workers"], json!([]));
    assert_eq!(read["event"]["employers"], 1);

    // The employer's hire request names the fair: the fair's outcome.
    let (status, sent) = hire(&app, &employer, &[workers.wang], &fair["id"]).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let read = detail(&app, &public, &fair).await;
    assert_eq!(
        (
            &read["event"]["hire_requests"],
            &read["event"]["workers_requested"],
            &read["event"]["workers_hired"]
        ),
        (&json!(1), &json!(1), &json!(0)),
        "{read}"
    );
    // A request naming no fair is not its outcome.
    let (status, sent_plain) = hire(&app, &employer, &[workers.li], &Value::Null).await;
    assert_eq!(status, StatusCode::CREATED, "{sent_plain}");
    assert_eq!(
        detail(&app, &public, &fair).await["event"]["hire_requests"],
        1
    );
    // The company accepts: a hire the fair brought about.
    accept(&app, &xinchu, &sent).await;
    let read = detail(&app, &public, &fair).await;
    assert_eq!(read["event"]["workers_hired"], 1, "{read}");
    assert_eq!(read["event"]["workers_requested"], 1);

    // Once verified, an employer that did not join may not name the fair.
    let (status, verified) =
        call(promoter.post(app.url(&format!("/api/v1/employers/{kangle_id}/verify")))).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    let (status, error) = hire(&app, &kangle, &[workers.li], &fair["id"]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "event_id");
    // Nor may anyone name a competition, or an event that does not exist.
    let cup = create(
        &app,
        &promoter,
        &form("skill_competition", "浮山厨师技能大赛", &day(-1), &day(1)),
    )
    .await;
    let (status, error) = join(&app, &employer, &cup, json!({})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a competition takes no employers: {error}"
    );
    for event_id in [&cup["id"], &json!(999_999)] {
        let (status, error) = hire(&app, &employer, &[liu], event_id).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(field(&error), "event_id");
    }
    // The organiser adds the now verified employer; without naming one, it is asked to.
    let (status, error) = join(&app, &promoter, &fair, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "employer_id");
    let yaodu = yaodu_promoter(&app).await;
    let (status, _) = join(&app, &yaodu, &fair, json!({"employer_id": kangle_id})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not the organiser");
    let (status, added) = join(&app, &promoter, &fair, json!({"employer_id": kangle_id})).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["event"]["employers"], 2, "{added}");
    let (status, sent) = hire(&app, &kangle, &[workers.li], &fair["id"]).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let read = detail(&app, &public, &fair).await;
    assert_eq!(
        (
            &read["event"]["hire_requests"],
            &read["event"]["workers_requested"],
            &read["event"]["workers_hired"]
        ),
        (&json!(2), &json!(2), &json!(1)),
        "{read}"
    );
}

async fn competition_results_are_recorded_by_organisers_and_shown_as_awards(app: TestApp) {
    // Arrange: a competition of 浮山厨师 held today, and one next month.
    let promoter = app.client_for(PROMOTER).await;
    let xinchu = app.client_for(COMPANY).await;
    let yaodu = yaodu_promoter(&app).await;
    let public = app.new_client();
    let workers = cast(&app, &xinchu).await;
    let cup = create(
        &app,
        &promoter,
        &with(
            form("skill_competition", "浮山厨师技能大赛", &day(0), &day(0)),
            json!({ "brand": BRAND }),
        ),
    )
    .await;
    assert_eq!(cup["phase"], "running", "{cup}");
    let later = create(
        &app,
        &promoter,
        &with(
            form("skill_competition", "浮山面点技能大赛", &day(30), &day(31)),
            json!({ "brand": BRAND }),
        ),
    )
    .await;
    // A competition takes entrants who did not agree to be shown to employers.
    let entered = signed_up(
        &app,
        &xinchu,
        &cup,
        &[workers.wang, workers.li, workers.zhang],
    )
    .await;
    assert_eq!(entered["event"]["workers"], 3, "{entered}");
    signed_up(&app, &xinchu, &later, &[workers.wang, workers.chen]).await;

    // Only an organiser records results.
    let (status, _) = result(&app, &xinchu, &cup, workers.wang, "95.5", "first").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a company");
    let (status, _) = result(&app, &yaodu, &cup, workers.wang, "95.5", "first").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another county");
    let (status, _) = result(&app, &public, &cup, workers.wang, "95.5", "first").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Once the competition has begun, for an entrant of it, with a valid score and award.
    let (status, error) = result(&app, &promoter, &later, workers.wang, "95.5", "first").await;
    assert_eq!(status, StatusCode::CONFLICT, "not begun: {error}");
    let (status, error) = result(&app, &promoter, &cup, workers.chen, "95.5", "first").await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "entered in another competition only: {error}"
    );
    assert_eq!(field(&error), "worker_id");
    for (score, award, name) in [
        ("100.5", "first", "score"),
        ("92.55", "first", "score"),
        ("-3", "", "score"),
        ("", "", "score"),
        ("90", "特等奖", "award"),
    ] {
        let (status, error) = result(&app, &promoter, &cup, workers.wang, score, award).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{score}/{award}: {error}"
        );
        assert_eq!(field(&error), name, "{score}/{award}: {error}");
    }
    let fair = running_fair(&app, &promoter, "浮山县招聘会").await;
    signed_up(&app, &xinchu, &fair, &[workers.wang]).await;
    let (status, _) = result(&app, &promoter, &fair, workers.wang, "95.5", "first").await;
    assert_eq!(status, StatusCode::CONFLICT, "a fair has no results");
    // The organising county signs up a worker of its own county too.
    let entered = signed_up(&app, &promoter, &cup, &[workers.chen]).await;
    assert_eq!(entered["event"]["workers"], 4, "{entered}");

    // Act: 王建国 a third prize, changed to a first at 95.5; 李秀英 a joint first at 100;
    // 张海平 an excellence award without a score; 陈红梅 no result.
    let (status, _) = result(&app, &promoter, &cup, workers.wang, "80", "三等奖").await;
    assert_eq!(status, StatusCode::OK);
    let (status, read) = result(&app, &promoter, &cup, workers.wang, "95.5", "first").await;
    assert_eq!(status, StatusCode::OK, "{read}");
    let (status, _) = result(&app, &promoter, &cup, workers.li, "100", "first").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = result(&app, &promoter, &cup, workers.zhang, "", "优秀奖").await;
    assert_eq!(status, StatusCode::OK);

    // Assert: the competition's results are public, best score first, the unscored last
    // (by entry), names masked.
    let read = detail(&app, &public, &cup).await;
    assert_eq!(
        workers_of(&read),
        [
            (i64::from(workers.li), "李**".to_string()),
            (i64::from(workers.wang), "王**".to_string()),
            (i64::from(workers.zhang), "张**".to_string()),
            (i64::from(workers.chen), "陈**".to_string()),
        ],
        "{read}"
    );
    assert_eq!(read["workers"][0]["score"], "100", "{read}");
    let winner = &read["workers"][1];
    assert_eq!(winner["score"], "95.5", "{winner}");
    assert_eq!(winner["award"], "first");
    assert_eq!(winner["award_label"], "一等奖");
    assert_eq!(read["workers"][2]["score"], Value::Null);
    assert_eq!(read["workers"][2]["award"], "excellence");
    assert_eq!(read["workers"][3]["award"], Value::Null);
    // The worker's awards, attested by the organiser.
    let (status, awards) =
        call(public.get(app.url(&format!("/api/v1/workers/{}/awards", workers.wang)))).await;
    assert_eq!(status, StatusCode::OK, "{awards}");
    assert_eq!(awards.as_array().unwrap().len(), 1, "{awards}");
    let award = &awards[0];
    assert_eq!(award["event_id"], cup["id"]);
    assert_eq!(award["event_title"], "浮山厨师技能大赛");
    assert_eq!(award["held_on"], day(0));
    assert_eq!(award["organiser"], "浮山县人社局");
    assert_eq!(award["brand_name"], BRAND_NAME);
    assert_eq!(award["worker_id"], workers.wang);
    assert_eq!(award["display_name"], "王**");
    assert_eq!(award["award"], "first");
    assert_eq!(award["award_label"], "一等奖");
    assert_eq!(award["score"], "95.5");
    assert!(!awards.to_string().contains("王建国"), "{awards}");
    let (_, none) =
        call(public.get(app.url(&format!("/api/v1/workers/{}/awards", workers.chen)))).await;
    assert_eq!(none, json!([]), "no award, no entry");
    // The brand's awards: highest award first, then the higher score.
    let (status, brand) =
        call(public.get(app.url(&format!("/api/v1/brands/{BRAND}/awards")))).await;
    assert_eq!(status, StatusCode::OK, "{brand}");
    let won: Vec<(i64, &str, &Value)> = brand
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["event_id"] == cup["id"])
        .map(|a| {
            (
                a["worker_id"].as_i64().unwrap(),
                a["award"].as_str().unwrap(),
                &a["score"],
            )
        })
        .collect();
    assert_eq!(
        won,
        [
            (i64::from(workers.li), "first", &json!("100")),
            (i64::from(workers.wang), "first", &json!("95.5")),
            (i64::from(workers.zhang), "excellence", &Value::Null),
        ],
        "{brand}"
    );
    let (_, other) =
        call(public.get(app.url("/api/v1/brands/lvliangshan-jiazheng-hugong/awards"))).await;
    assert!(
        other
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["event_id"] != cup["id"]),
        "{other}"
    );
    let (status, _) = call(public.get(app.url("/api/v1/brands/no-such-brand/awards"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // An entrant with a result (a score, or an award alone) stays; one without may go.
    for kept in [workers.wang, workers.zhang] {
        let (status, error) = withdraw(&app, &xinchu, &cup, kept).await;
        assert_eq!(status, StatusCode::CONFLICT, "{error}");
    }
    let (status, read) = withdraw(&app, &xinchu, &cup, workers.chen).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["event"]["workers"], 3, "{read}");
    assert!(
        workers_of(&read)
            .iter()
            .all(|(id, _)| *id != i64::from(workers.chen))
    );
    let (status, error) = withdraw(&app, &xinchu, &cup, workers.chen).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "gone: {error}");
    assert_eq!(field(&error), "worker_id");
    let (status, error) = result(&app, &promoter, &cup, workers.chen, "70", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "worker_id");
}

async fn the_dashboard_counts_a_county_s_fairs_and_competitions(app: TestApp) {
    // Arrange: in 浮山县 this year, a fair with an employer, two workers and a hire request
    // accepted (and a request naming no fair), and a competition with two entrants and one
    // award; a fair of 浮山县 in 2031; a fair of the city and one of 尧都区 this year.
    let promoter = app.client_for(PROMOTER).await;
    let xinchu = app.client_for(COMPANY).await;
    let employer = app.client_for(EMPLOYER).await;
    let admin = app.client_for(ADMIN).await;
    let yaodu = yaodu_promoter(&app).await;
    let workers = cast(&app, &xinchu).await;
    let this_year = today().year();
    let fair = create(
        &app,
        &promoter,
        &form("recruitment_fair", "浮山县招聘会", &day(0), &day(0)),
    )
    .await;
    let (status, _) = join(&app, &employer, &fair, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    signed_up(&app, &xinchu, &fair, &[workers.wang, workers.li]).await;
    let (status, sent) = hire(&app, &employer, &[workers.wang], &fair["id"]).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    accept(&app, &xinchu, &sent).await;
    let (status, _) = hire(&app, &employer, &[workers.li], &Value::Null).await;
    assert_eq!(status, StatusCode::CREATED);
    let cup = create(
        &app,
        &promoter,
        &form("skill_competition", "浮山厨师技能大赛", &day(0), &day(0)),
    )
    .await;
    signed_up(&app, &xinchu, &cup, &[workers.wang, workers.zhang]).await;
    let (status, _) = result(&app, &promoter, &cup, workers.wang, "95.5", "first").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = result(&app, &promoter, &cup, workers.zhang, "70", "").await;
    assert_eq!(status, StatusCode::OK);
    create(
        &app,
        &promoter,
        &form("spring_breeze", "2031 年春风行动", "2031-02-20", ""),
    )
    .await;
    create(
        &app,
        &admin,
        &form("job_talks", "临汾市就业洽谈会", &day(0), ""),
    )
    .await;
    create(
        &app,
        &yaodu,
        &form("service_month", "尧都区就业服务月", &day(0), ""),
    )
    .await;
    let activity = "/api/v1/dashboard/activity";

    // Act
    let (status, figures) = call(promoter.get(app.url(activity))).await;

    // Assert: the county's own, this year.
    assert_eq!(status, StatusCode::OK, "{figures}");
    assert_eq!(figures["county_code"], FUSHAN, "{figures}");
    assert_eq!(figures["year"], this_year);
    let expected = json!({
        "fairs": 1, "fair_employers": 1, "fair_workers": 2, "fair_hire_requests": 1,
        "fair_workers_requested": 1, "fair_workers_hired": 1,
        "competitions": 1, "competition_entrants": 2, "awards": 1,
    });
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&figures[key], value, "{key}: {figures}");
    }
    let (status, same) =
        call(promoter.get(app.url(&format!("{activity}?county={FUSHAN}&year={this_year}")))).await;
    assert_eq!(status, StatusCode::OK, "{same}");
    assert_eq!(same, figures);
    let (_, later) = call(promoter.get(app.url(&format!("{activity}?year=2031")))).await;
    assert_eq!(later["year"], 2031, "{later}");
    assert_eq!(
        (
            &later["fairs"],
            &later["competitions"],
            &later["fair_workers"]
        ),
        (&json!(1), &json!(0), &json!(0)),
        "{later}"
    );
    let (status, error) = call(promoter.get(app.url(&format!("{activity}?year=1999")))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "year");

    // Another county is not there for a promoter; companies and employers are refused.
    let (status, error) = call(promoter.get(app.url(&format!("{activity}?county={YAODU}")))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{error}");
    for (who, client) in [("company", &xinchu), ("employer", &employer)] {
        let (status, error) = call(client.get(app.url(activity))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {error}");
    }
    let (status, _) = call(app.new_client().get(app.url(activity))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The city: all of them, or any county.
    let (status, city) = call(admin.get(app.url(activity))).await;
    assert_eq!(status, StatusCode::OK, "{city}");
    assert_eq!(city["county_code"], Value::Null, "{city}");
    assert_eq!(city["fairs"], 3, "{city}");
    assert_eq!(city["fair_hire_requests"], 1);
    assert_eq!(city["competitions"], 1);
    assert_eq!(city["awards"], 1);
    let (_, county) = call(admin.get(app.url(&format!("{activity}?county={FUSHAN}")))).await;
    assert_eq!(county, figures);
    let (_, other) = call(admin.get(app.url(&format!("{activity}?county={YAODU}")))).await;
    assert_eq!(other["county_code"], YAODU, "{other}");
    assert_eq!(
        (
            &other["fairs"],
            &other["competitions"],
            &other["fair_employers"]
        ),
        (&json!(1), &json!(0), &json!(0)),
        "{other}"
    );
}

async fn a_fair_long_over_takes_no_sign_ups_and_no_hire_requests(app: TestApp) {
    // Arrange: the employer joins two running fairs and 鑫厨 signs its workers up; then the
    // fairs are moved into the past: one ended 30 days ago, one 31.
    let promoter = app.client_for(PROMOTER).await;
    let xinchu = app.client_for(COMPANY).await;
    let employer = app.client_for(EMPLOYER).await;
    let workers = cast(&app, &xinchu).await;
    let (kangle, kangle_id) = kangle(&app).await;
    let (status, _) =
        call(promoter.post(app.url(&format!("/api/v1/employers/{kangle_id}/verify")))).await;
    assert_eq!(status, StatusCode::OK);
    let within = running_fair(&app, &promoter, "三十天前的招聘会").await;
    let beyond = running_fair(&app, &promoter, "三十一天前的招聘会").await;
    for fair in [&within, &beyond] {
        let (status, _) = join(&app, &employer, fair, json!({})).await;
        assert_eq!(status, StatusCode::OK);
        signed_up(&app, &xinchu, fair, &[workers.wang, workers.li]).await;
    }
    let moved =
        |title: &str, ended: i64| form("recruitment_fair", title, &day(-ended - 1), &day(-ended));
    let (status, within) = edit(
        &app,
        &promoter,
        &within,
        edit_body(&json!(1), &moved("三十天前的招聘会", 30)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{within}");
    assert_eq!(within["phase"], "past");
    let (status, beyond) = edit(
        &app,
        &promoter,
        &beyond,
        edit_body(&json!(1), &moved("三十一天前的招聘会", 31)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{beyond}");
    // One created in the past straight away.
    let old = create(
        &app,
        &promoter,
        &form("job_talks", "去年的洽谈会", &day(-60), &day(-59)),
    )
    .await;
    assert_eq!(old["phase"], "past", "{old}");
    assert_eq!(
        listed(&app, &promoter, "?phase=past", &[&within, &beyond, &old]).await,
        ids(&[&within, &beyond, &old])
    );

    // Act and assert: an ended fair takes no employers and no workers, nor withdrawals.
    for fair in [&within, &beyond, &old] {
        let (status, error) = join(&app, &kangle, fair, json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{error}");
        let (status, error) = join(&app, &promoter, fair, json!({"employer_id": kangle_id})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{error}");
        let (status, error) = sign_up(&app, &xinchu, fair, &[workers.wang]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{error}");
        let read = detail(&app, &xinchu, fair).await;
        assert_eq!(read["can_register_workers"], false, "{read}");
    }
    let (status, error) = withdraw(&app, &xinchu, &within, workers.li).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(detail(&app, &xinchu, &within).await["event"]["workers"], 2);

    // Hire requests still name a fair 30 days after it ended, not 31.
    let read = detail(&app, &employer, &within).await;
    assert_eq!(read["workers"][0]["can_request"], true, "{read}");
    let read = detail(&app, &employer, &beyond).await;
    assert_eq!(read["workers"][0]["can_request"], false, "{read}");
    let (status, error) = hire(&app, &employer, &[workers.li], &beyond["id"]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "event_id");
    assert_eq!(
        detail(&app, &promoter, &beyond).await["event"]["hire_requests"],
        0
    );
    let (status, sent) = hire(&app, &employer, &[workers.wang], &within["id"]).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(
        detail(&app, &promoter, &within).await["event"]["hire_requests"],
        1
    );

    // Nor before a fair has begun, even for an employer that joined it.
    let upcoming = create(
        &app,
        &promoter,
        &form("recruitment_fair", "下月招聘会", &day(20), &day(21)),
    )
    .await;
    let (status, joined) = join(&app, &employer, &upcoming, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    let (status, error) = hire(&app, &employer, &[workers.li], &upcoming["id"]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(field(&error), "event_id");
}
