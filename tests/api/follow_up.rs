//! Follow-up care over HTTP: service stations (a public list by province and brand, added by
//! companies, promoters and admins, each bad field named), follow-up cases with their notes,
//! resolved once under optimistic locking, who reaches a case (its station's runners, the
//! worker's company and home county, admins act; an employer who placed the worker reads;
//! everybody else sees nothing), overdue cases, and the welcome case a signed contract opens
//! at a station of the placement's province. No poverty data in any case.

use app::domain::id_number::with_check_char;
use app::domain::role::{Role, Scope};
use chrono::{TimeDelta, Utc};
use laowu_tests::{ADMIN, COMPANY, EMPLOYER, PROMOTER, TestApp, on_both_databases, send_json};
use reqwest::{Client, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};
use server::db::entities::{
    brand, brand_membership, follow_up_case, placement, service_station, worker,
};

on_both_databases!(
    stations_are_public_and_run_by_the_company_or_county_that_adds_them,
    every_bad_station_field_is_named_and_only_keepers_add_stations,
    a_case_is_noted_and_resolved_once_under_optimistic_locking,
    only_runners_keepers_and_admins_act_on_a_case_and_others_do_not_see_it,
    a_quiet_open_case_is_overdue_until_a_note,
    a_signed_contract_opens_a_welcome_case_the_employer_only_reads,
    without_an_active_station_in_the_province_no_welcome_case_is_opened,
    a_station_is_corrected_and_closed_only_by_those_who_run_it,
);

const YAODU: &str = "141002";
const YAODU_PROMOTER: (&str, &str) = ("yaodu", "yaodu-promoter-2026");
const YAODU_COMPANY: (&str, &str) = ("jiangxin", "jiangxin-company-2026");
const YAODU_COMPANY_NAME: &str = "尧都区匠心劳务有限公司";
const QUWO: &str = "141021";
const QUWO_COMPANY: (&str, &str) = ("quwo", "quwo-company-pass-2026");
const QUWO_COMPANY_NAME: &str = "曲沃县羊汤劳务有限公司";
const JIAZHENG: &str = "lvliangshan-jiazheng-hugong";
/// The keys of poverty data, and 赵大山's poverty facts: never in a case.
const POVERTY: [&str; 6] = [
    "poverty",
    "household_number",
    "household",
    "Y0001",
    "贫困户",
    "建档立卡",
];

async fn call(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// 尧都区: its promoter and a labour company with its user (the demo data has neither).
async fn yaodu(app: &TestApp) -> (Client, Client) {
    app.create_user(
        Role::Promoter,
        Scope::County {
            code: YAODU.to_string(),
        },
        YAODU_PROMOTER.0,
        YAODU_PROMOTER.1,
    )
    .await;
    app.create_company_in(YAODU, YAODU_COMPANY_NAME, YAODU_COMPANY.0, YAODU_COMPANY.1)
        .await;
    (
        app.client_for(YAODU_PROMOTER).await,
        app.client_for(YAODU_COMPANY).await,
    )
}

/// A labour company of 曲沃县 with nothing to do with 尧都's workers.
async fn quwo(app: &TestApp) -> Client {
    app.create_company_in(QUWO, QUWO_COMPANY_NAME, QUWO_COMPANY.0, QUWO_COMPANY.1)
        .await;
    app.client_for(QUWO_COMPANY).await
}

/// An ID number of 尧都区 for someone born on `birth` (YYYYMMDD); odd `sequence`: a man.
fn id_number(birth: &str, sequence: u32) -> String {
    with_check_char(&format!("{YAODU}{birth}{sequence:03}")).unwrap()
}

/// Two workers of 尧都区 on the company's roster: 赵大山 of poverty household Y0001, and
/// 钱春花 of none. Sorted by id.
async fn roster(app: &TestApp, company: &Client) -> Vec<worker::Model> {
    let header = "姓名,身份证号,手机号,户籍区县,是否建档立卡,建档立卡户编号,脱贫状态,技能工种,职业技能等级,证书编号,发证机构,发证日期,培训意愿,就业意愿";
    let rows = [
        format!(
            "赵大山,{},13800000001,尧都区,是,Y0001,贫困户,家政服务员,,,,,是,是",
            id_number("19800312", 11)
        ),
        format!(
            "钱春花,{},13800000003,尧都区,否,,,养老护理员,,,,,是,是",
            id_number("19750601", 22)
        ),
    ];
    let csv = format!("{header}\n{}\n", rows.join("\n"));
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
    assert_eq!(report["inserted"], 2, "{report}");
    let mut workers = worker::Entity::find()
        .filter(worker::Column::HouseholdCountyCode.eq(YAODU))
        .all(&app.db)
        .await
        .unwrap();
    workers.sort_by_key(|w| w.id);
    assert_eq!(workers.len(), 2);
    workers
}

/// A demo account's display name (notes are signed with it).
fn display_name(username: &str) -> &'static str {
    server::seed::DEMO_USERS
        .iter()
        .find(|u| u.0 == username)
        .map(|u| u.1)
        .unwrap()
}

fn named<'a>(workers: &'a [worker::Model], name: &str) -> &'a worker::Model {
    workers.iter().find(|w| w.name == name).unwrap()
}

/// A complete station form.
fn station_form(name: &str, region_code: &str, brands: &str) -> Value {
    json!({
        "name": name,
        "region_code": region_code,
        "city": "朝阳区",
        "address": "朝阳区劲松街道 12 号",
        "contact_name": "王站长",
        "contact_phone": "010-64001234",
        "brands": brands,
        "export_base_id": "",
    })
}

/// Adds a station; it must be created.
async fn add_station(app: &TestApp, client: &Client, form: &Value) -> Value {
    let (status, station) = call(client.post(app.url("/api/v1/stations")).json(form)).await;
    assert_eq!(status, StatusCode::CREATED, "{station}");
    station
}

/// The public list's entry for this station.
async fn public_station(app: &TestApp, id: &Value) -> Value {
    let (status, all) = call(app.new_client().get(app.url("/api/v1/stations"))).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    all.as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == *id)
        .cloned()
        .unwrap_or_else(|| panic!("station {id} is listed: {all}"))
}

async fn open_case(
    app: &TestApp,
    client: &Client,
    worker_id: i32,
    station_id: &Value,
    kind: &str,
    subject: &str,
) -> (StatusCode, Value) {
    call(client.post(app.url("/api/v1/cases")).json(&json!({
        "worker_id": worker_id,
        "station_id": station_id,
        "kind": kind,
        "subject": subject,
        "note": "已电话联系本人",
    })))
    .await
}

async fn note(app: &TestApp, client: &Client, id: &Value, body: &str) -> (StatusCode, Value) {
    call(
        client
            .post(app.url(&format!("/api/v1/cases/{id}/notes")))
            .json(&json!({ "body": body })),
    )
    .await
}

async fn resolve(
    app: &TestApp,
    client: &Client,
    id: &Value,
    version: &Value,
    outcome: &str,
) -> (StatusCode, Value) {
    call(
        client
            .post(app.url(&format!("/api/v1/cases/{id}/resolve")))
            .json(&json!({ "version": version, "outcome": outcome })),
    )
    .await
}

/// The ids of the cases `client` lists with this query.
async fn listed(app: &TestApp, client: &Client, query: &str) -> Vec<i64> {
    let (status, cases) = call(client.get(app.url(&format!("/api/v1/cases{query}")))).await;
    assert_eq!(status, StatusCode::OK, "{cases}");
    cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

/// Fails if any poverty key or fact appears in this answer.
fn assert_no_poverty_data(answer: &Value) {
    let text = answer.to_string();
    for word in POVERTY {
        assert!(!text.contains(word), "{word} in {text}");
    }
}

/// Moves a case's last activity `ago` into the past, as if nothing had happened since.
async fn quiet_since(app: &TestApp, id: &Value, ago: TimeDelta) {
    follow_up_case::Entity::update_many()
        .set(follow_up_case::ActiveModel {
            last_activity_at: Set(Utc::now() - ago),
            ..Default::default()
        })
        .filter(follow_up_case::Column::Id.eq(i32::try_from(id.as_i64().unwrap()).unwrap()))
        .exec(&app.db)
        .await
        .unwrap();
}

/// Places `worker` with the demo employer at `place` in `region_code` through the real flow:
/// the company's brand membership, consent, a hire request, acceptance and both signatures.
/// Returns the employer's client and the signed contract.
async fn place(
    app: &TestApp,
    company: &Client,
    worker: &worker::Model,
    region_code: &str,
    place: &str,
) -> (Client, Value) {
    // The company joins a brand (as a promoter would approve), so its workers can be hired.
    let brand = brand::Entity::find()
        .filter(brand::Column::Slug.eq(JIAZHENG))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    brand_membership::ActiveModel {
        brand_id: Set(brand.id),
        company_id: Set(worker.company_id),
        status: Set("approved".to_string()),
        applied_at: Set(Utc::now()),
        decided_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let (status, _) = call(
        company
            .post(app.url(&format!("/api/v1/workers/{}/consent", worker.id)))
            .json(&json!({"method": "书面签字", "scope": "向认证用工单位展示技能、等级、求职意向和简介"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let employer = app.client_for(EMPLOYER).await;
    let sent = send_json(
        employer
            .post(app.url("/api/v1/hire-requests"))
            .json(&json!({
                "worker_ids": [worker.id],
                "terms": {
                    "position": "住家保姆", "place": place, "region_code": region_code,
                    "monthly_wage_yuan": "7000", "start_date": "2099-03-01", "term_months": "12",
                    "conditions": "包吃住", "message": "",
                }
            })),
    )
    .await;
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
    // The only contract of this fresh database.
    let draft = send_json(employer.get(app.url("/api/v1/contracts"))).await[0].clone();
    let once = send_json(
        employer
            .post(app.url(&format!("/api/v1/contracts/{}/sign", draft["id"])))
            .json(&json!({"row_version": draft["row_version"]})),
    )
    .await;
    assert_eq!(once["state"], "awaiting_signatures", "{once}");
    let both = send_json(
        company
            .post(app.url(&format!("/api/v1/contracts/{}/sign", once["id"])))
            .json(&json!({
                "row_version": once["row_version"],
                "worker_confirmation": {"method": "当面签字确认", "confirmed_on": "2026-05-28"},
            })),
    )
    .await;
    assert_eq!(both["state"], "signed", "{both}");
    (employer, both)
}

async fn stations_are_public_and_run_by_the_company_or_county_that_adds_them(app: TestApp) {
    // Arrange
    let xinchu = app.client_for(COMPANY).await;
    let fushan = app.client_for(PROMOTER).await;
    let admin = app.client_for(ADMIN).await;
    let quwo = quwo(&app).await;
    let public = app.new_client();
    let (status, none) = call(public.get(app.url("/api/v1/stations"))).await;
    assert_eq!(status, StatusCode::OK, "{none}");
    assert_eq!(none, json!([]), "no station yet");

    // Act: a company's station in Beijing (with a mobile number), the county's in Shanghai,
    // the city's in Beijing.
    let company_run = add_station(
        &app,
        &xinchu,
        &json!({
            "name": "鑫厨北京服务站",
            "region_code": "110000",
            "city": "朝阳区",
            "address": "朝阳区劲松街道 12 号",
            "contact_name": "王站长",
            "contact_phone": "13903571234",
            "brands": "fushan-chushi，lvliangshan-jiazheng-hugong",
        }),
    )
    .await;
    let county_run = add_station(
        &app,
        &fushan,
        &station_form("浮山上海服务站", "310000", "fushan-chushi"),
    )
    .await;
    let city_run = add_station(&app, &admin, &station_form("临汾驻京服务站", "110000", "")).await;

    // Assert: the company's station names it and is the company's (and its county's) to run.
    let company_name = server::seed::DEMO_COMPANY;
    assert_eq!(company_run["company_name"], company_name, "{company_run}");
    assert_eq!(company_run["can_manage"], true);
    assert_eq!(company_run["region_code"], "110000");
    assert_eq!(company_run["region_name"], "北京市");
    assert_eq!(company_run["county_code"], "141027", "the company's county");
    assert_eq!(company_run["county_name"], "浮山县");
    assert_eq!(company_run["contact_phone"], "13903571234");
    assert_eq!(company_run["open_cases"], 0);
    assert_eq!(company_run["overdue_cases"], 0);
    assert_eq!(company_run["version"], 1);
    let slugs: Vec<&str> = company_run["brands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs.len(), 2, "{company_run}");
    assert!(slugs.contains(&"fushan-chushi") && slugs.contains(&JIAZHENG));
    assert_eq!(county_run["company_name"], Value::Null, "{county_run}");
    assert_eq!(county_run["county_code"], "141027");
    assert_eq!(county_run["contact_phone"], "010-64001234", "a landline");
    assert_eq!(county_run["region_name"], "上海市");
    assert_eq!(city_run["company_name"], Value::Null);
    assert_eq!(
        city_run["county_code"], "141000",
        "kept under the city's seat"
    );
    assert_eq!(city_run["brands"], json!([]));

    // The public list shows all three, by province then id; nobody anonymous manages one.
    let (_, all) = call(public.get(app.url("/api/v1/stations"))).await;
    let ids: Vec<&Value> = all.as_array().unwrap().iter().map(|s| &s["id"]).collect();
    assert_eq!(
        ids,
        [&company_run["id"], &city_run["id"], &county_run["id"]],
        "{all}"
    );
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|s| s["can_manage"] == false)
    );
    // By province, by brand, by both.
    let (_, beijing) = call(public.get(app.url("/api/v1/stations?region=110000"))).await;
    assert_eq!(beijing.as_array().unwrap().len(), 2, "{beijing}");
    let (_, cooks) = call(public.get(app.url("/api/v1/stations?brand=fushan-chushi"))).await;
    let cook_ids: Vec<&Value> = cooks.as_array().unwrap().iter().map(|s| &s["id"]).collect();
    assert_eq!(cook_ids, [&company_run["id"], &county_run["id"]], "{cooks}");
    let (_, both) = call(
        public.get(app.url("/api/v1/stations?region=310000&brand=lvliangshan-jiazheng-hugong")),
    )
    .await;
    assert_eq!(both, json!([]), "Shanghai's station serves 浮山厨师 only");
    let (_, unknown) = call(public.get(app.url("/api/v1/stations?brand=no-such-brand"))).await;
    assert_eq!(unknown, json!([]));

    // Who manages the company's station: the company, its county, admins; not another
    // company nor an employer.
    for (who, client, manages) in [
        ("xinchu", &xinchu, true),
        ("fushan", &fushan, true),
        ("admin", &admin, true),
        ("quwo", &quwo, false),
        ("employer", &app.client_for(EMPLOYER).await, false),
    ] {
        let (_, seen) = call(client.get(app.url("/api/v1/stations?region=110000"))).await;
        let entry = seen
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == company_run["id"])
            .cloned()
            .unwrap();
        assert_eq!(entry["can_manage"], manages, "{who}: {entry}");
    }
    assert_eq!(app.audit_count("station.create", "ok").await, 3);
}

async fn every_bad_station_field_is_named_and_only_keepers_add_stations(app: TestApp) {
    // Arrange
    let xinchu = app.client_for(COMPANY).await;
    let good = station_form("鑫厨北京服务站", "110000", JIAZHENG);
    let spoiled = |field: &str, value: &str| {
        let mut form = good.clone();
        form[field] = json!(value);
        form
    };
    let cases = [
        ("name", spoiled("name", "  ")),
        ("region_code", spoiled("region_code", "北京")),
        ("region_code", spoiled("region_code", "990000")),
        // A county of Linfen is no receiving province.
        ("region_code", spoiled("region_code", "141027")),
        ("address", spoiled("address", "")),
        ("contact_name", spoiled("contact_name", "")),
        ("contact_phone", spoiled("contact_phone", "12345")),
        ("contact_phone", spoiled("contact_phone", "010-6400-1234")),
        ("brands", spoiled("brands", "fushan-chushi, no-such-brand")),
        ("export_base_id", spoiled("export_base_id", "x")),
    ];

    // Act / Assert: each bad field is named, and nothing is added.
    for (field, form) in cases {
        let (status, error) = call(xinchu.post(app.url("/api/v1/stations")).json(&form)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {error}");
        assert_eq!(error["error"]["code"], "invalid_input", "{error}");
        assert_eq!(error["error"]["details"]["field"], field, "{form}: {error}");
    }
    assert_eq!(
        service_station::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        0
    );

    // Employers may not add one; nor may the anonymous.
    let employer = app.client_for(EMPLOYER).await;
    let (status, error) = call(employer.post(app.url("/api/v1/stations")).json(&good)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    assert_eq!(error["error"]["code"], "forbidden");
    let (status, error) = call(
        app.new_client()
            .post(app.url("/api/v1/stations"))
            .json(&good),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{error}");
    assert_eq!(error["error"]["code"], "unauthenticated");
    let (status, _) = call(app.new_client().get(app.url("/api/v1/stations"))).await;
    assert_eq!(status, StatusCode::OK, "the list stays public");
    assert_eq!(
        service_station::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        0
    );

    // The good form is added.
    let added = add_station(&app, &xinchu, &good).await;
    assert_eq!(added["name"], "鑫厨北京服务站");
}

async fn a_case_is_noted_and_resolved_once_under_optimistic_locking(app: TestApp) {
    // Arrange: 尧都's company runs a Beijing station for its own workers.
    let (_, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let zhao = named(&workers, "赵大山").id;
    let station = add_station(
        &app,
        &company,
        &station_form("匠心北京服务站", "110000", ""),
    )
    .await;

    // Bad cases are named.
    for (field, kind, subject, worker_id) in [
        ("kind", "闲聊", "工资拖欠两个月", zhao),
        ("subject", "争议调处", " ", zhao),
        ("worker_id", "争议调处", "工资拖欠两个月", 999_999),
    ] {
        let (status, error) =
            open_case(&app, &company, worker_id, &station["id"], kind, subject).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {error}");
        assert_eq!(error["error"]["details"]["field"], field, "{error}");
    }

    // Act: opened by its Chinese label, with a first note.
    let (status, opened) = open_case(
        &app,
        &company,
        zhao,
        &station["id"],
        "争议调处",
        "工资拖欠两个月",
    )
    .await;

    // Assert
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    assert_eq!(opened["kind"], "dispute_mediation");
    assert_eq!(opened["kind_label"], "争议调处");
    assert_eq!(opened["status"], "open");
    assert_eq!(opened["worker_id"], zhao);
    assert_eq!(opened["worker_name"], "赵大山");
    assert_eq!(opened["company_name"], YAODU_COMPANY_NAME);
    assert_eq!(opened["station_id"], station["id"]);
    assert_eq!(opened["station_name"], "匠心北京服务站");
    assert_eq!(opened["overdue"], false);
    assert_eq!(opened["outcome"], Value::Null);
    assert_eq!(opened["placement_id"], Value::Null);
    assert_eq!(opened["version"], 1);
    assert_no_poverty_data(&opened);
    let id = opened["id"].clone();
    let url = app.url(&format!("/api/v1/cases/{id}"));
    let (status, detail) = call(company.get(&url)).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["can_act"], true);
    assert_eq!(detail["notes"].as_array().unwrap().len(), 1, "{detail}");
    assert_eq!(detail["notes"][0]["body"], "已电话联系本人");
    assert_eq!(detail["notes"][0]["author_name"], YAODU_COMPANY.0);
    assert_no_poverty_data(&detail);
    assert_eq!(public_station(&app, &station["id"]).await["open_cases"], 1);

    // A note joins the history, in order, and moves the version on; an empty one is named.
    let (status, error) = note(&app, &company, &id, "  ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "body");
    let (status, noted) = note(&app, &company, &id, "已约用工单位周五面谈").await;
    assert_eq!(status, StatusCode::OK, "{noted}");
    let bodies: Vec<&str> = noted["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["已电话联系本人", "已约用工单位周五面谈"]);
    assert_eq!(noted["case"]["version"], 2);

    // Resolving: an outcome is required, the version read must be the current one.
    let (status, error) = resolve(&app, &company, &id, &json!(2), " ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "outcome");
    let (status, error) = resolve(&app, &company, &id, &opened["version"], "已补发工资").await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version: {error}");
    assert_eq!(error["error"]["code"], "conflict");
    let (status, resolved) =
        resolve(&app, &company, &id, &noted["case"]["version"], "已补发工资").await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    assert_eq!(resolved["case"]["status"], "resolved");
    assert_eq!(resolved["case"]["outcome"], "已补发工资");
    assert!(resolved["case"]["resolved_on"].is_string(), "{resolved}");
    assert_eq!(resolved["case"]["version"], 3);
    assert_eq!(resolved["case"]["overdue"], false);
    assert_eq!(
        resolved["notes"].as_array().unwrap().last().unwrap()["body"],
        "办结：已补发工资"
    );
    // Once only, even with the current version.
    let (status, error) = resolve(
        &app,
        &company,
        &id,
        &resolved["case"]["version"],
        "再办一次",
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");

    // The list filters by status, station and worker; a bad status is a bad parameter.
    let (status, second) = open_case(
        &app,
        &company,
        named(&workers, "钱春花").id,
        &station["id"],
        "policy_consultation",
        "咨询社保转移",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    let first = id.as_i64().unwrap();
    let other = second["id"].as_i64().unwrap();
    assert_eq!(
        listed(&app, &company, "").await,
        [other, first],
        "newest activity first"
    );
    assert_eq!(listed(&app, &company, "?status=open").await, [other]);
    assert_eq!(listed(&app, &company, "?status=resolved").await, [first]);
    assert_eq!(
        listed(&app, &company, &format!("?worker_id={zhao}")).await,
        [first]
    );
    assert_eq!(
        listed(&app, &company, &format!("?station_id={}", station["id"])).await,
        [other, first]
    );
    assert_eq!(
        listed(&app, &company, "?station_id=999999").await,
        Vec::<i64>::new()
    );
    let (status, error) = call(company.get(app.url("/api/v1/cases?status=closed"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"]["details"]["field"], "status");
    assert_eq!(public_station(&app, &station["id"]).await["open_cases"], 1);
    assert_eq!(app.audit_count("case.open", "ok").await, 2);
    assert_eq!(app.audit_count("case.resolve", "ok").await, 1);
}

async fn only_runners_keepers_and_admins_act_on_a_case_and_others_do_not_see_it(app: TestApp) {
    // Arrange: 鑫厨 (浮山) runs a Beijing station; the worker is 尧都's.
    let (yaodu_promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let zhao = named(&workers, "赵大山").id;
    let xinchu = app.client_for(COMPANY).await;
    let fushan = app.client_for(PROMOTER).await;
    let admin = app.client_for(ADMIN).await;
    let quwo = quwo(&app).await;
    let employer = app.client_for(EMPLOYER).await;
    let public = app.new_client();
    let station = add_station(&app, &xinchu, &station_form("鑫厨北京服务站", "110000", "")).await;

    // Running a station gives no reach into another company's roster: 赵大山 was never
    // placed in Beijing.
    let (status, error) = open_case(
        &app,
        &xinchu,
        zhao,
        &station["id"],
        "rights_protection",
        "工伤认定咨询",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "worker_id");

    // Act: the worker's company opens a case at the station.
    let (status, opened) = open_case(
        &app,
        &company,
        zhao,
        &station["id"],
        "rights_protection",
        "工伤认定咨询",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    let id = opened["id"].clone();
    let url = app.url(&format!("/api/v1/cases/{id}"));

    // Assert: the worker's company and home county, admins: they see it and act on it.
    for (who, client) in [
        ("jiangxin", &company),
        ("yaodu", &yaodu_promoter),
        ("admin", &admin),
    ] {
        let (status, detail) = call(client.get(&url)).await;
        assert_eq!(status, StatusCode::OK, "{who}: {detail}");
        assert_eq!(detail["can_act"], true, "{who}");
        assert_no_poverty_data(&detail);
        assert_eq!(
            listed(&app, client, "").await,
            [id.as_i64().unwrap()],
            "{who}"
        );
        let (status, noted) = note(&app, client, &id, &format!("{who} 已跟进")).await;
        assert_eq!(status, StatusCode::OK, "{who}: {noted}");
    }
    let (_, all) = call(admin.get(app.url("/api/v1/cases"))).await;
    assert_no_poverty_data(&all);

    // Another company, the station's runners (the worker is not placed in its province) and an
    // employer that never placed the worker: no such case.
    for (who, client) in [
        ("quwo", &quwo),
        ("xinchu", &xinchu),
        ("fushan", &fushan),
        ("employer", &employer),
    ] {
        let (status, error) = call(client.get(&url)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {error}");
        assert_eq!(listed(&app, client, "").await, Vec::<i64>::new(), "{who}");
        assert_eq!(
            listed(&app, client, &format!("?worker_id={zhao}")).await,
            Vec::<i64>::new(),
            "{who}"
        );
    }
    let (status, _) = note(&app, &quwo, &id, "不该写入").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = resolve(&app, &quwo, &id, &json!(1), "不该办结").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Employers are refused at the door, whatever the case.
    let (status, _) = note(&app, &employer, &id, "不该写入").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = resolve(&app, &employer, &id, &json!(1), "不该办结").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = open_case(&app, &employer, zhao, &station["id"], "welcome", "到岗").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The anonymous: sign in first.
    for path in ["/api/v1/cases".to_string(), format!("/api/v1/cases/{id}")] {
        let (status, error) = call(public.get(app.url(&path))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}: {error}");
    }
    let (status, _) = note(&app, &public, &id, "匿名").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(admin.get(app.url("/api/v1/cases/999999"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Someone else's worker at someone else's station: refused on worker_id.
    let (status, error) = open_case(
        &app,
        &quwo,
        zhao,
        &station["id"],
        "policy_consultation",
        "咨询",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "worker_id");
    // Nor may 浮山's promoter open one at 曲沃's station for 尧都's worker.
    let quwo_station =
        add_station(&app, &quwo, &station_form("曲沃北京服务站", "110000", "")).await;
    let (status, error) = open_case(
        &app,
        &fushan,
        zhao,
        &quwo_station["id"],
        "policy_consultation",
        "咨询",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "worker_id");

    // The history names every hand that wrote in it, in order.
    let (_, detail) = call(admin.get(&url)).await;
    let authors: Vec<&str> = detail["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["author_name"].as_str().unwrap())
        .collect();
    let admin_name = display_name(ADMIN.0);
    assert_eq!(
        authors,
        [
            YAODU_COMPANY.0,
            YAODU_COMPANY.0,
            YAODU_PROMOTER.0,
            admin_name
        ],
        "{detail}"
    );
    assert_eq!(detail["case"]["version"], 4);
    // The one who read it last resolves it.
    let (status, resolved) = resolve(&app, &yaodu_promoter, &id, &json!(4), "已协助认定").await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
}

async fn a_quiet_open_case_is_overdue_until_a_note(app: TestApp) {
    // Arrange: three open cases at one station.
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let zhao = named(&workers, "赵大山").id;
    let qian = named(&workers, "钱春花").id;
    let station = add_station(
        &app,
        &company,
        &station_form("匠心北京服务站", "110000", ""),
    )
    .await;
    let mut ids = Vec::new();
    for (worker_id, subject) in [(zhao, "欠薪"), (qian, "社保"), (zhao, "住宿")] {
        let (status, opened) = open_case(
            &app,
            &company,
            worker_id,
            &station["id"],
            "emergency_aid",
            subject,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{opened}");
        ids.push(opened["id"].clone());
    }
    let quiet = ids[0].as_i64().unwrap();

    // Act: the first is quiet for 15 days, the second for 13 (not yet overdue).
    quiet_since(&app, &ids[0], TimeDelta::days(15)).await;
    quiet_since(&app, &ids[1], TimeDelta::days(13)).await;

    // Assert
    let (_, all) = call(company.get(app.url("/api/v1/cases"))).await;
    let overdue: Vec<(i64, bool)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["overdue"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        overdue,
        [
            (ids[2].as_i64().unwrap(), false),
            (ids[1].as_i64().unwrap(), false),
            (quiet, true),
        ],
        "{all}"
    );
    for client in [&company, &promoter] {
        assert_eq!(listed(&app, client, "?overdue=yes").await, [quiet]);
    }
    assert_eq!(
        listed(&app, &company, &format!("?overdue=yes&worker_id={qian}")).await,
        Vec::<i64>::new()
    );
    assert_eq!(listed(&app, &company, "?overdue=no").await.len(), 3);
    let (status, error) = call(company.get(app.url("/api/v1/cases?overdue=maybe"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"]["details"]["field"], "overdue");
    let listed_station = public_station(&app, &station["id"]).await;
    assert_eq!(listed_station["open_cases"], 3, "{listed_station}");
    assert_eq!(listed_station["overdue_cases"], 1);
    let (_, detail) = call(company.get(app.url(&format!("/api/v1/cases/{quiet}")))).await;
    assert_eq!(detail["case"]["overdue"], true, "{detail}");

    // A note brings it back to life.
    let (status, noted) = note(&app, &company, &ids[0], "已上门走访").await;
    assert_eq!(status, StatusCode::OK, "{noted}");
    assert_eq!(noted["case"]["overdue"], false);
    assert_eq!(
        listed(&app, &company, "?overdue=yes").await,
        Vec::<i64>::new()
    );
    assert_eq!(
        public_station(&app, &station["id"]).await["overdue_cases"],
        0
    );

    // A resolved case is never overdue, however quiet.
    let (_, read) = call(company.get(app.url(&format!("/api/v1/cases/{}", ids[2])))).await;
    let (status, _) = resolve(&app, &company, &ids[2], &read["case"]["version"], "已安置").await;
    assert_eq!(status, StatusCode::OK);
    quiet_since(&app, &ids[2], TimeDelta::days(60)).await;
    assert_eq!(
        listed(&app, &company, "?overdue=yes").await,
        Vec::<i64>::new()
    );
    let listed_station = public_station(&app, &station["id"]).await;
    assert_eq!(listed_station["open_cases"], 2, "{listed_station}");
    assert_eq!(listed_station["overdue_cases"], 0);
}

async fn a_signed_contract_opens_a_welcome_case_the_employer_only_reads(app: TestApp) {
    // Arrange: a Shanghai station serving the company's brand (wrong province), then in
    // Beijing one serving no brand and one serving it.
    let (_, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let zhao = named(&workers, "赵大山");
    let xinchu = app.client_for(COMPANY).await;
    let fushan = app.client_for(PROMOTER).await;
    let admin = app.client_for(ADMIN).await;
    let shanghai = add_station(
        &app,
        &admin,
        &station_form("临汾驻沪服务站", "310000", JIAZHENG),
    )
    .await;
    let plain = add_station(&app, &xinchu, &station_form("鑫厨北京服务站", "110000", "")).await;
    let serving = add_station(
        &app,
        &fushan,
        &station_form("吕梁山家政北京服务站", "110000", JIAZHENG),
    )
    .await;

    // Act
    let (employer, contract) = place(&app, &company, zhao, "110000", "北京市海淀区").await;

    // Assert: one welcome case, at the Beijing station serving the company's brand.
    let placed = placement::Entity::find()
        .filter(placement::Column::WorkerId.eq(zhao.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (status, cases) = call(company.get(app.url("/api/v1/cases"))).await;
    assert_eq!(status, StatusCode::OK, "{cases}");
    assert_eq!(cases.as_array().unwrap().len(), 1, "{cases}");
    let welcome = &cases[0];
    assert_eq!(welcome["kind"], "welcome");
    assert_eq!(welcome["kind_label"], "到岗联络");
    assert_eq!(welcome["status"], "open");
    assert_eq!(welcome["worker_id"], zhao.id);
    assert_eq!(welcome["station_id"], serving["id"], "{welcome}");
    assert_eq!(welcome["placement_id"], placed.id);
    assert_eq!(welcome["overdue"], false);
    assert!(
        welcome["subject"]
            .as_str()
            .unwrap()
            .contains("北京市海淀区"),
        "{welcome}"
    );
    assert_no_poverty_data(&cases);
    let id = welcome["id"].clone();
    let url = app.url(&format!("/api/v1/cases/{id}"));
    let (_, detail) = call(fushan.get(&url)).await;
    assert_eq!(
        detail["can_act"], true,
        "the station's county runs it: {detail}"
    );
    assert_eq!(detail["notes"].as_array().unwrap().len(), 1, "{detail}");
    assert_eq!(detail["notes"][0]["author_name"], "系统");
    assert!(
        detail["notes"][0]["body"]
            .as_str()
            .unwrap()
            .contains("北京市海淀区"),
        "{detail}"
    );
    assert_eq!(public_station(&app, &serving["id"]).await["open_cases"], 1);
    assert_eq!(public_station(&app, &plain["id"]).await["open_cases"], 0);
    assert_eq!(public_station(&app, &shanghai["id"]).await["open_cases"], 0);
    // 鑫厨 runs the other Beijing station only: nothing of it.
    assert_eq!(listed(&app, &xinchu, "").await, Vec::<i64>::new());
    let (status, _) = call(xinchu.get(&url)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The placement's employer reads it, and may not act on it.
    let case_id = id.as_i64().unwrap();
    assert_eq!(listed(&app, &employer, "").await, [case_id]);
    let (status, read) = call(employer.get(&url)).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["can_act"], false);
    assert_eq!(read["notes"][0]["author_name"], "系统");
    assert_no_poverty_data(&read);
    let (status, _) = note(&app, &employer, &id, "已到岗").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = resolve(&app, &employer, &id, &read["case"]["version"], "已到岗").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, unchanged) = call(company.get(&url)).await;
    assert_eq!(unchanged["case"]["status"], "open");
    assert_eq!(unchanged["notes"].as_array().unwrap().len(), 1);

    // Once the placement ends, the employer that had it still reads the case.
    let ended = send_json(
        company
            .post(app.url(&format!("/api/v1/contracts/{}/terminate", contract["id"])))
            .json(&json!({
                "row_version": contract["row_version"], "on": "2099-06-30", "reason": "协商一致解除"
            })),
    )
    .await;
    assert_eq!(ended["state"], "terminated", "{ended}");
    assert_eq!(listed(&app, &employer, "").await, [case_id]);
    let (status, read) = call(employer.get(&url)).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["can_act"], false);
}

async fn without_an_active_station_in_the_province_no_welcome_case_is_opened(app: TestApp) {
    // Arrange: a Shanghai station, and a Beijing one that has closed.
    let (_, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let admin = app.client_for(ADMIN).await;
    let shanghai = add_station(
        &app,
        &admin,
        &station_form("临汾驻沪服务站", "310000", JIAZHENG),
    )
    .await;
    let closed = add_station(
        &app,
        &admin,
        &station_form("临汾驻京服务站", "110000", JIAZHENG),
    )
    .await;
    let mut row: service_station::ActiveModel =
        service_station::Entity::find_by_id(i32::try_from(closed["id"].as_i64().unwrap()).unwrap())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
    row.active = Set(false);
    row.update(&app.db).await.unwrap();
    let (_, listed_stations) = call(app.new_client().get(app.url("/api/v1/stations"))).await;
    let ids: Vec<&Value> = listed_stations
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["id"])
        .collect();
    assert_eq!(ids, [&shanghai["id"]], "a closed station is not listed");

    // Act
    let (employer, contract) = place(
        &app,
        &company,
        named(&workers, "钱春花"),
        "110000",
        "北京市朝阳区",
    )
    .await;

    // Assert: placed, and no case anywhere.
    assert_eq!(contract["state"], "signed");
    assert_eq!(
        placement::Entity::find().all(&app.db).await.unwrap().len(),
        1
    );
    assert_eq!(
        follow_up_case::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(listed(&app, &admin, "").await, Vec::<i64>::new());
    assert_eq!(listed(&app, &employer, "").await, Vec::<i64>::new());
    assert_eq!(public_station(&app, &shanghai["id"]).await["open_cases"], 0);
}

async fn a_station_is_corrected_and_closed_only_by_those_who_run_it(app: TestApp) {
    // Arrange: 鑫厨's Beijing station; 浮山's promoter runs it too (the company's county).
    let xinchu = app.client_for(COMPANY).await;
    let fushan = app.client_for(PROMOTER).await;
    let quwo = quwo(&app).await;
    let public = app.new_client();
    let added = add_station(
        &app,
        &xinchu,
        &station_form("鑫厨北京服务站", "110000", "fushan-chushi"),
    )
    .await;
    let id = added["id"].as_i64().unwrap();
    let path = app.url(&format!("/api/v1/stations/{id}"));
    let mut edit = station_form("鑫厨北京服务站（劲松）", "110000", JIAZHENG);
    edit["contact_phone"] = json!("13903571234");

    // Act + Assert: outsiders may not change it; the content is unchanged.
    edit["version"] = json!(1);
    let (status, _) = call(quwo.put(&path).json(&edit)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another county's company");
    let (status, _) = call(public.put(&path).json(&edit)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A bad field is named and nothing changes.
    let mut bad = edit.clone();
    bad["contact_phone"] = json!("12345");
    let (status, error) = call(xinchu.put(&path).json(&bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(
        error["error"]["details"]["field"], "contact_phone",
        "{error}"
    );
    let (_, unchanged) = call(public.get(&path)).await;
    assert_eq!(unchanged["version"], 1, "{unchanged}");
    assert_eq!(unchanged["contact_phone"], "010-64001234");

    // The company corrects it: new name, phone and brands (replaced, not added).
    let (status, changed) = call(xinchu.put(&path).json(&edit)).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["name"], "鑫厨北京服务站（劲松）");
    assert_eq!(changed["contact_phone"], "13903571234");
    let slugs: Vec<&str> = changed["brands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, [JIAZHENG], "{changed}");
    // The county's promoter, working from the version it read, finds it changed.
    let (status, stale) = call(fushan.put(&path).json(&edit)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");

    // Closing: off the public list and 404 for the public, still there for its runners.
    let active = app.url(&format!("/api/v1/stations/{id}/active"));
    let (status, _) = call(quwo.post(&active).json(&json!({"active": false}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, closed) = call(fushan.post(&active).json(&json!({"active": false}))).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["active"], false);
    let (_, listed) = call(public.get(app.url("/api/v1/stations"))).await;
    assert_eq!(listed, json!([]), "a closed station is not listed publicly");
    let (status, _) = call(public.get(&path)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, own) = call(xinchu.get(app.url("/api/v1/stations"))).await;
    assert_eq!(own[0]["id"], id, "its runners still see it: {own}");
    assert_eq!(own[0]["active"], false);
    let (_, others) = call(quwo.get(app.url("/api/v1/stations"))).await;
    assert_eq!(others, json!([]), "another company does not");

    // Reopened, it is public again.
    let (status, reopened) = call(xinchu.post(&active).json(&json!({"active": true}))).await;
    assert_eq!(status, StatusCode::OK, "{reopened}");
    assert_eq!(public_station(&app, &json!(id)).await["active"], true);
    assert_eq!(
        app.audit_count("station.close", "ok").await
            + app.audit_count("station.reopen", "ok").await,
        2
    );
}
