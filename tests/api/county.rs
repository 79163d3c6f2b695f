//! The county desk over HTTP: the household ledger import (named bad rows, all-or-nothing,
//! idempotent re-run, .xlsx), single households with optimistic locking, local jobs, the
//! masked workers view, targets, and the dashboard and its 考核 workbook counting households
//! at work from real placements and local jobs; who may see what (another county is 404),
//! and the audit of every household list.

use app::domain::id_number::with_check_char;
use app::domain::role::{Role, Scope};
use laowu_tests::{Backend, EMPLOYER, Options, PROMOTER, TestApp, on_both_databases, send_json};
use reqwest::{Client, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};
use server::db::entities::{brand, brand_membership, household, worker};
use server::services::ledger_file::{LedgerFormat, read_rows, write_rows};

on_both_databases!(
    a_household_ledger_is_checked_whole_and_a_rerun_changes_nothing,
    good_rows_mode_and_xlsx_ledgers_import_what_is_right,
    a_household_is_added_and_corrected_with_optimistic_locking,
    poverty_data_stays_with_the_county_and_every_list_is_audited,
    local_jobs_are_recorded_by_company_or_county_and_bad_input_is_named,
    the_dashboard_counts_households_at_work_training_and_placements,
    the_county_workers_view_is_masked_and_filtered,
    targets_are_set_per_county_and_year_and_shown_against_the_figures,
    the_kaohe_workbook_has_quarters_townships_and_the_households_to_act_on,
);

const YAODU: &str = "141002";
const YAODU_PROMOTER: (&str, &str) = ("yaodu", "yaodu-promoter-2026");
const YAODU_COMPANY: (&str, &str) = ("jiangxin", "jiangxin-company-2026");

const HOUSEHOLD_HEADER: &str = "户编号,户主姓名,乡镇,村,脱贫状态,劳动力人数,有就业意愿人数";
const HOUSEHOLDS: [&str; 4] = [
    "Y0001,赵大山,屯里镇,东关村,贫困户,2,2",
    "Y0002,钱老三,屯里镇,西关村,已脱贫,1,1",
    "Y0003,孙老汉,乔李镇,北村,监测户,1,1",
    "Y0004,周守业,乔李镇,北村,已脱贫,0,0",
];

fn ledger(rows: &[&str]) -> String {
    let mut text = String::from(HOUSEHOLD_HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    text
}

async fn import(
    client: &Client,
    app: &TestApp,
    body: Vec<u8>,
    name: &str,
    query: &str,
) -> (StatusCode, Value) {
    let part = reqwest::multipart::Part::bytes(body)
        .file_name(name.to_string())
        .mime_str(if name.ends_with(".csv") {
            "text/csv"
        } else {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        })
        .unwrap();
    let response = client
        .post(app.url(&format!("/api/v1/households/import{query}")))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

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
    app.create_company_in(
        YAODU,
        "尧都区匠心劳务有限公司",
        YAODU_COMPANY.0,
        YAODU_COMPANY.1,
    )
    .await;
    (
        app.client_for(YAODU_PROMOTER).await,
        app.client_for(YAODU_COMPANY).await,
    )
}

/// An ID number of 尧都区 for someone born on `birth` (YYYYMMDD); odd `sequence`: a man.
fn id_number(birth: &str, sequence: u32) -> String {
    with_check_char(&format!("{YAODU}{birth}{sequence:03}")).unwrap()
}

/// Five workers of 尧都区 on the company's roster: two of household Y0001 (one certified),
/// one of Y0002, one too old to count of Y0003, and one of no household.
async fn roster(app: &TestApp, company: &Client) -> Vec<worker::Model> {
    let header = "姓名,身份证号,手机号,户籍区县,是否建档立卡,建档立卡户编号,脱贫状态,技能工种,职业技能等级,证书编号,发证机构,发证日期,培训意愿,就业意愿";
    let rows = [
        format!(
            "赵大山,{},13800000001,尧都区,是,Y0001,贫困户,家政服务员,四级/中级工,S1,临汾市职业技能鉴定中心,2020-05-01,是,是",
            id_number("19800312", 11)
        ),
        format!(
            "赵小川,{},13800000002,尧都区,是,Y0001,贫困户,家政服务员,,,,,是,是",
            id_number("19900101", 13)
        ),
        format!(
            "钱春花,{},13800000003,尧都区,是,Y0002,已脱贫,养老护理员,,,,,是,是",
            id_number("19750601", 22)
        ),
        format!(
            "孙老汉,{},13800000004,尧都区,是,Y0003,监测户,编织工,,,,,是,否",
            id_number("19500101", 15)
        ),
        format!(
            "李四,{},13800000005,尧都区,否,,,焊工,,,,,否,是",
            id_number("19850505", 17)
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
    assert_eq!(report["inserted"], 5, "{report}");
    let mut workers = worker::Entity::find()
        .filter(worker::Column::HouseholdCountyCode.eq(YAODU))
        .all(&app.db)
        .await
        .unwrap();
    workers.sort_by_key(|w| w.id);
    workers
}

fn named<'a>(workers: &'a [worker::Model], name: &str) -> &'a worker::Model {
    workers.iter().find(|w| w.name == name).unwrap()
}

/// Places `worker` with the demo employer in Beijing from 2026-06-01 through the real flow:
/// consent, a hire request, acceptance and both signatures.
async fn place_in_beijing(app: &TestApp, company: &Client, worker: &worker::Model) {
    // The company joins a brand (as a promoter would approve), so its workers can be hired.
    let brand = brand::Entity::find()
        .filter(brand::Column::Slug.eq("lvliangshan-jiazheng-hugong"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    if brand_membership::Entity::find()
        .filter(brand_membership::Column::CompanyId.eq(worker.company_id))
        .one(&app.db)
        .await
        .unwrap()
        .is_none()
    {
        brand_membership::ActiveModel {
            brand_id: Set(brand.id),
            company_id: Set(worker.company_id),
            status: Set("approved".to_string()),
            applied_at: Set(chrono::Utc::now()),
            decided_at: Set(Some(chrono::Utc::now())),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
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
                    "position": "住家保姆", "place": "北京市海淀区", "region_code": "110000",
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
    let t = &draft["terms"];
    let edited = send_json(
        company
            .put(app.url(&format!("/api/v1/contracts/{}", draft["id"])))
            .json(&json!({
                "row_version": draft["row_version"],
                "terms": {
                    "kind": "direct", "term_kind": "fixed",
                    "start_date": "2026-06-01", "end_date": "2027-05-31",
                    "probation_months": "1", "position": t["position"], "place": t["place"],
                    "monthly_wage_yuan": "7000", "pay_day": "10",
                    "hours_system": "standard", "flexible_hours": false,
                    "negotiated_pay": false, "rotation": false, "clauses": t["clauses"],
                }
            })),
    )
    .await;
    assert_eq!(edited["terms"]["start_date"], "2026-06-01", "{edited}");
    let once = send_json(
        employer
            .post(app.url(&format!("/api/v1/contracts/{}/sign", edited["id"])))
            .json(&json!({"row_version": edited["row_version"]})),
    )
    .await;
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
}

async fn a_household_ledger_is_checked_whole_and_a_rerun_changes_nothing(app: TestApp) {
    let (promoter, _) = yaodu(&app).await;
    let bad = ledger(&[
        HOUSEHOLDS[0],
        "Y0002,钱老三,屯里镇,,富裕户,1,2",
        HOUSEHOLDS[2],
        "Y0001,赵大山,屯里镇,东关村,贫困户,2,2",
        "Y0009,吴六,屯里镇,东关村,贫困户,2,1,",
    ]);
    let (status, result) = import(&promoter, &app, bad.into_bytes(), "households.csv", "").await;
    assert_eq!(status, StatusCode::OK, "{result}");
    let report = &result["report"];
    assert_eq!(report["written"], false);
    assert_eq!(report["inserted"], 0);
    let rejected = report["rejected"].as_array().unwrap();
    let at = |row: u64, column: &str| {
        rejected.iter().any(|r| {
            r["row"] == row && r["column"] == column && !r["reason"].as_str().unwrap().is_empty()
        })
    };
    assert!(at(3, "村"), "{rejected:?}");
    assert!(at(3, "脱贫状态"), "{rejected:?}");
    assert!(at(3, "有就业意愿人数"), "{rejected:?}");
    assert!(at(5, "户编号"), "a duplicate number is named: {rejected:?}");
    assert_eq!(
        household::Entity::find().all(&app.db).await.unwrap().len(),
        0
    );

    // The stored report is what a page loaded after a plain form post shows.
    let id = result["import_id"].as_i64().unwrap();
    let (status, stored) =
        call(promoter.get(app.url(&format!("/api/v1/households/imports/{id}")))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored, *report);

    let good = ledger(&HOUSEHOLDS);
    let (_, first) = import(
        &promoter,
        &app,
        good.clone().into_bytes(),
        "households.csv",
        "",
    )
    .await;
    assert_eq!(
        (&first["report"]["inserted"], &first["report"]["written"]),
        (&json!(4), &json!(true)),
        "{first}"
    );
    let (_, again) = import(&promoter, &app, good.into_bytes(), "households.csv", "").await;
    assert_eq!(again["report"]["unchanged"], 4, "{again}");
    assert_eq!(again["report"]["inserted"], 0);
    assert_eq!(again["report"]["updated"], 0);

    let changed = ledger(&[HOUSEHOLDS[0], "Y0002,钱老三,屯里镇,西关村,已脱贫,2,2"]);
    let (_, update) = import(&promoter, &app, changed.into_bytes(), "households.csv", "").await;
    assert_eq!(
        (
            update["report"]["updated"].as_u64(),
            update["report"]["unchanged"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let y2 = household::Entity::find()
        .filter(household::Column::Number.eq("Y0002"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((y2.labour_count, y2.willing_count, y2.version), (2, 2, 2));

    // Not a ledger: the file is refused with a clear error naming it.
    let (status, error) = import(&promoter, &app, b"a,b\n1,2\n".to_vec(), "x.csv", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["details"]["field"], "file", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("户编号")
    );
}

async fn good_rows_mode_and_xlsx_ledgers_import_what_is_right(app: TestApp) {
    let (promoter, _) = yaodu(&app).await;
    let rows: Vec<Vec<String>> = std::iter::once(HOUSEHOLD_HEADER)
        .chain([
            HOUSEHOLDS[0],
            "Y0002,钱老三,屯里镇,西关村,已脱贫,x,1",
            HOUSEHOLDS[2],
        ])
        .map(|line| line.split(',').map(str::to_string).collect())
        .collect();
    let xlsx = write_rows(&rows, LedgerFormat::Xlsx).unwrap();
    let (status, dry) = import(
        &promoter,
        &app,
        xlsx.clone(),
        "households.xlsx",
        "?mode=good_rows&dry_run=true",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(
        (
            dry["report"]["inserted"].as_u64(),
            dry["report"]["written"].as_bool()
        ),
        (Some(2), Some(false))
    );
    assert_eq!(
        household::Entity::find().all(&app.db).await.unwrap().len(),
        0,
        "a dry run writes nothing"
    );
    let (_, result) = import(&promoter, &app, xlsx, "households.xlsx", "?mode=good_rows").await;
    assert_eq!(result["report"]["inserted"], 2, "{result}");
    assert_eq!(result["report"]["rejected"][0]["row"], 3);
    assert_eq!(result["report"]["rejected"][0]["column"], "劳动力人数");
    assert_eq!(
        household::Entity::find().all(&app.db).await.unwrap().len(),
        2
    );

    // A row naming another county is refused, never imported into the caller's.
    let other = "户编号,户主姓名,区县,乡镇,村,脱贫状态,劳动力人数,有就业意愿人数\nX1,王五,浮山县,天坛镇,北王村,贫困户,1,1\n";
    let (_, refused) = import(
        &promoter,
        &app,
        other.as_bytes().to_vec(),
        "h.csv",
        "?mode=good_rows",
    )
    .await;
    assert_eq!(
        refused["report"]["rejected"][0]["column"], "区县",
        "{refused}"
    );
    assert_eq!(refused["report"]["inserted"], 0);

    // An admin names the county; without one the import is refused on that field.
    let admin = app.client_for(laowu_tests::ADMIN).await;
    let (status, error) = import(
        &admin,
        &app,
        ledger(&[HOUSEHOLDS[3]]).into_bytes(),
        "h.csv",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["details"]["field"], "county");
    let (status, ok) = import(
        &admin,
        &app,
        ledger(&[HOUSEHOLDS[3]]).into_bytes(),
        "h.csv",
        "?county=141002",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ok}");
    assert_eq!(ok["report"]["inserted"], 1);
}

async fn a_household_is_added_and_corrected_with_optimistic_locking(app: TestApp) {
    let (promoter, _) = yaodu(&app).await;
    let form = json!({
        "number": "Y0100", "head_name": "冯有田", "township": "屯里镇", "village": "东关村",
        "status": "监测户", "labour_count": "3", "willing_count": "1",
    });
    let (status, created) = call(promoter.post(app.url("/api/v1/households")).json(&form)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["county_code"], YAODU);
    assert_eq!(created["status"], "monitored");
    let (status, again) = call(promoter.post(app.url("/api/v1/households")).json(&form)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(again["error"]["details"]["field"], "number");

    let mut bad = form.clone();
    bad["willing_count"] = json!("5");
    let (status, error) = call(promoter.post(app.url("/api/v1/households")).json(&bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["details"]["field"], "willing_count");

    let id = created["id"].as_i64().unwrap();
    let mut edit = form.clone();
    edit["willing_count"] = json!("2");
    edit["version"] = created["version"].clone();
    let (status, saved) = call(
        promoter
            .put(app.url(&format!("/api/v1/households/{id}")))
            .json(&edit),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["willing_count"], 2);
    let (status, _) = call(
        promoter
            .put(app.url(&format!("/api/v1/households/{id}")))
            .json(&edit),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version is refused");

    // The form works as a plain HTML post too: redirected to the household with done=1.
    let response = promoter
        .post(app.url("/sfn/save_household"))
        .header("Accept", "text/html")
        .form(&[
            ("number", "Y0101"),
            ("head_name", "褚大年"),
            ("township", "屯里镇"),
            ("village", "东关村"),
            ("status", "贫困户"),
            ("labour_count", "1"),
            ("willing_count", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/households/") && location.ends_with("?done=1"),
        "{location}"
    );
}

async fn poverty_data_stays_with_the_county_and_every_list_is_audited(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    import(
        &promoter,
        &app,
        ledger(&HOUSEHOLDS).into_bytes(),
        "h.csv",
        "",
    )
    .await;
    let y1 = household::Entity::find()
        .filter(household::Column::Number.eq("Y0001"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let before = app.audit_count("household.list", "ok").await;
    let (status, page) = call(promoter.get(app.url("/api/v1/households?willing=yes"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 3, "{page}");
    assert_eq!(app.audit_count("household.list", "ok").await, before + 1);
    let (status, _) = call(promoter.get(app.url(&format!("/api/v1/households/{}", y1.id)))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.audit_count("household.view", "ok").await, 1);

    // 浮山's promoter: 尧都's households do not exist for them.
    let fushan = app.client_for(PROMOTER).await;
    for path in [
        format!("/api/v1/households/{}", y1.id),
        "/api/v1/households?county=141002".to_string(),
        "/api/v1/dashboard?county=141002".to_string(),
        "/api/v1/county-workers?county=141002".to_string(),
        "/api/v1/targets/141002/2026".to_string(),
        "/api/v1/dashboard/export.xlsx?county=141002".to_string(),
    ] {
        let (status, _) = call(fushan.get(app.url(&path))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = call(
        fushan
            .put(app.url("/api/v1/targets/141002/2026"))
            .json(&json!({"version": 0, "households_to_employ": "1", "workers_to_train": "1", "workers_to_export": "1"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, own) = call(fushan.get(app.url("/api/v1/households"))).await;
    assert_eq!(own["total"], 0, "浮山's list holds none of 尧都's: {own}");

    // Companies, employers and the public never see households.
    let employer = app.client_for(EMPLOYER).await;
    for client in [&company, &employer] {
        for path in [
            "/api/v1/households",
            "/api/v1/dashboard",
            "/api/v1/county-workers",
        ] {
            let (status, _) = call(client.get(app.url(path))).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        }
    }
    let (status, _) = call(app.new_client().get(app.url("/api/v1/households"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn local_jobs_are_recorded_by_company_or_county_and_bad_input_is_named(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let chun = named(&workers, "钱春花");
    let job = json!({
        "worker_id": chun.id, "kind": "扶贫车间", "employer_name": "屯里镇手工扶贫车间",
        "starts_on": "2026-03-01",
    });
    let (status, recorded) = call(company.post(app.url("/api/v1/local-jobs")).json(&job)).await;
    assert_eq!(status, StatusCode::CREATED, "{recorded}");
    assert_eq!(
        (recorded["kind"].as_str(), recorded["active"].as_bool()),
        (Some("poverty_workshop"), Some(true))
    );
    assert_eq!(recorded["county_code"], YAODU);

    // The county's promoter records one too; another county's promoter cannot see the worker.
    let li = named(&workers, "李四");
    let (status, _) = call(promoter.post(app.url("/api/v1/local-jobs")).json(&json!({
        "worker_id": li.id, "kind": "public_welfare", "employer_name": "乔李镇护林队", "starts_on": "2026-09-01",
    }))).await;
    assert_eq!(status, StatusCode::CREATED);
    let fushan = app.client_for(PROMOTER).await;
    let (status, _) = call(fushan.post(app.url("/api/v1/local-jobs")).json(&job)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let xinchu = app.client_for(laowu_tests::COMPANY).await;
    let (status, _) = call(xinchu.post(app.url("/api/v1/local-jobs")).json(&job)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another company's worker");
    let employer = app.client_for(EMPLOYER).await;
    let (status, _) = call(employer.get(app.url("/api/v1/local-jobs"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    for (field, value) in [
        ("kind", json!("打零工")),
        ("starts_on", json!("2026-02-30")),
        ("employer_name", json!("")),
    ] {
        let mut bad = job.clone();
        bad[field] = value;
        let (status, error) = call(company.post(app.url("/api/v1/local-jobs")).json(&bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(error["error"]["details"]["field"], field);
    }

    let (_, list) = call(promoter.get(app.url("/api/v1/local-jobs?active=yes"))).await;
    assert_eq!(list["total"], 2, "{list}");
    let id = recorded["id"].as_i64().unwrap();
    let (status, error) = call(
        company
            .post(app.url(&format!("/api/v1/local-jobs/{id}/end")))
            .json(&json!({"version": 1, "ends_on": "2026-02-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["details"]["field"], "ends_on");
    let (status, ended) = call(
        company
            .post(app.url(&format!("/api/v1/local-jobs/{id}/end")))
            .json(&json!({"version": 1, "ends_on": "2026-10-31"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    assert_eq!(ended["active"], false);
    let (status, _) = call(
        company
            .post(app.url(&format!("/api/v1/local-jobs/{id}/end")))
            .json(&json!({"version": 1, "ends_on": "2026-10-30"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version is refused");
    let (_, company_list) = call(company.get(app.url("/api/v1/local-jobs?active=no"))).await;
    assert_eq!(company_list["total"], 1);
}

async fn the_dashboard_counts_households_at_work_training_and_placements(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    import(
        &promoter,
        &app,
        ledger(&HOUSEHOLDS).into_bytes(),
        "h.csv",
        "",
    )
    .await;
    let workers = roster(&app, &company).await;

    let (status, before) = call(promoter.get(app.url("/api/v1/dashboard"))).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(before["scope"]["county_code"], YAODU);
    assert_eq!(
        before["households"],
        json!({"total": 4, "willing": 3, "employed": 0, "without_work": 3})
    );
    // Of working age and wanting training: 赵大山, 赵小川, 钱春花; 孙老汉 is 76. 赵大山's
    // certificate is no training record: "trained" counts first free trainings with a result
    // (tests/api/training.rs).
    assert_eq!(before["training"], json!({"willing": 3, "trained": 0}));
    assert_eq!(
        before["households_without_work"].as_array().unwrap().len(),
        3
    );

    // A local job for 钱春花 (Y0002) and a placement in Beijing for 赵小川 (Y0001).
    let (status, _) = call(company.post(app.url("/api/v1/local-jobs")).json(&json!({
        "worker_id": named(&workers, "钱春花").id, "kind": "扶贫车间",
        "employer_name": "屯里镇手工扶贫车间", "starts_on": "2026-03-01",
    })))
    .await;
    assert_eq!(status, StatusCode::CREATED);
    place_in_beijing(&app, &company, named(&workers, "赵小川")).await;

    let (_, after) = call(promoter.get(app.url("/api/v1/dashboard?year=2026"))).await;
    assert_eq!(after["households"]["employed"], 2, "{after}");
    assert_eq!(after["households"]["without_work"], 1);
    assert_eq!(
        after["placements"],
        json!({"cross_province": 1, "in_province": 0, "local": 1})
    );
    let waiting: Vec<&str> = after["households_without_work"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["number"].as_str().unwrap())
        .collect();
    assert_eq!(waiting, vec!["Y0003"]);
    let june = after["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["month"] == "2026-06")
        .unwrap();
    assert_eq!(june["cross_province"], 1);
    let townships: Vec<&str> = after["by_township"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(townships, vec!["乔李镇", "屯里镇"]);
    let tunli = &after["by_township"][1];
    assert_eq!(tunli["households"]["employed"], 2);

    // Drill down: the township's villages.
    let (_, township) =
        call(promoter.get(app.url("/api/v1/dashboard?township=%E5%B1%AF%E9%87%8C%E9%95%87"))).await;
    assert_eq!(township["scope"]["kind"], "township", "{township}");
    let villages: Vec<&str> = township["by_village"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(villages, vec!["东关村", "西关村"]);

    // A past counting day: none of this year's work had begun in 2025.
    let (_, last_year) = call(promoter.get(app.url("/api/v1/dashboard?year=2025"))).await;
    assert_eq!(last_year["as_of"], "2025-12-31");
    assert_eq!(last_year["households"]["employed"], 0);
    let (status, error) = call(promoter.get(app.url("/api/v1/dashboard?year=2099"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"]["details"]["field"], "year");

    // The admin's city view puts the counties side by side and drills into one.
    let admin = app.client_for(laowu_tests::ADMIN).await;
    let (_, city) = call(admin.get(app.url("/api/v1/dashboard"))).await;
    assert_eq!(city["scope"]["kind"], "city");
    assert_eq!(
        city["by_county"].as_array().unwrap().len(),
        17,
        "every county, even empty ones"
    );
    let row = city["by_county"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == YAODU)
        .unwrap();
    assert_eq!(row["households"]["employed"], 2);
    let (_, county) = call(admin.get(app.url("/api/v1/dashboard?county=141002"))).await;
    assert_eq!(county["households"], after["households"]);

    // The local job ends: its household waits for work again, at once.
    let job = &call(company.get(app.url("/api/v1/local-jobs"))).await.1["jobs"][0];
    let (status, _) = call(
        company
            .post(app.url(&format!("/api/v1/local-jobs/{}/end", job["id"])))
            .json(&json!({"version": job["version"], "ends_on": "2026-04-30"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, ended) = call(promoter.get(app.url("/api/v1/dashboard"))).await;
    assert_eq!(ended["households"]["employed"], 1, "{ended}");
    assert_eq!(
        ended["placements"]["local"], 1,
        "begun this year, still counted as a placement"
    );
}

async fn the_county_workers_view_is_masked_and_filtered(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    import(
        &promoter,
        &app,
        ledger(&HOUSEHOLDS).into_bytes(),
        "h.csv",
        "",
    )
    .await;
    let workers = roster(&app, &company).await;
    call(company.post(app.url("/api/v1/local-jobs")).json(&json!({
        "worker_id": named(&workers, "钱春花").id, "kind": "本地企业",
        "employer_name": "尧都区家政服务中心", "starts_on": "2026-03-01",
    })))
    .await;

    let (status, all) = call(promoter.get(app.url("/api/v1/county-workers"))).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all["total"], 5);
    for w in all["workers"].as_array().unwrap() {
        let id = w["id_number_masked"].as_str().unwrap();
        assert!(id.contains('*') && id.len() == 18, "{id}");
        assert!(w["phone_masked"].as_str().unwrap().contains('*'));
    }
    let (_, idle) = call(promoter.get(app.url(
        "/api/v1/county-workers?employed=no&training_wish=yes&township=%E5%B1%AF%E9%87%8C%E9%95%87",
    )))
    .await;
    let names: Vec<&str> = idle["workers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["赵大山", "赵小川"], "{idle}");
    let (_, busy) = call(promoter.get(app.url("/api/v1/county-workers?employed=yes"))).await;
    assert_eq!(busy["total"], 1);
    assert!(
        busy["workers"][0]["work"]
            .as_str()
            .unwrap()
            .contains("本地企业")
    );
    let (_, monitored) =
        call(promoter.get(app.url("/api/v1/county-workers?status=monitored"))).await;
    assert_eq!(monitored["workers"][0]["name"], "孙老汉");
    assert_eq!(monitored["workers"][0]["working_age"], false);
    let (status, error) =
        call(promoter.get(app.url("/api/v1/county-workers?employed=maybe"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"]["details"]["field"], "employed");
    assert_eq!(app.audit_count("county_workers.list", "ok").await, 4);
}

async fn targets_are_set_per_county_and_year_and_shown_against_the_figures(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    import(
        &promoter,
        &app,
        ledger(&HOUSEHOLDS).into_bytes(),
        "h.csv",
        "",
    )
    .await;
    let workers = roster(&app, &company).await;
    call(company.post(app.url("/api/v1/local-jobs")).json(&json!({
        "worker_id": named(&workers, "赵大山").id, "kind": "合作社/公司+农户",
        "employer_name": "屯里镇养殖合作社", "starts_on": "2026-02-01",
    })))
    .await;

    let (status, unset) = call(promoter.get(app.url("/api/v1/targets/141002/2026"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (unset["targets"].clone(), unset["version"].clone()),
        (Value::Null, json!(0))
    );
    let put = |version: i64, households: &str| {
        json!({
            "version": version, "households_to_employ": households, "workers_to_train": "2", "workers_to_export": "4",
        })
    };
    let (status, error) = call(
        promoter
            .put(app.url("/api/v1/targets/141002/2026"))
            .json(&put(0, "三户")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["details"]["field"], "households_to_employ");
    let (status, saved) = call(
        promoter
            .put(app.url("/api/v1/targets/141002/2026"))
            .json(&put(0, "3")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 1);
    let (status, _) = call(
        promoter
            .put(app.url("/api/v1/targets/141002/2026"))
            .json(&put(0, "4")),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "set meanwhile");
    let (_, dashboard) = call(promoter.get(app.url("/api/v1/dashboard"))).await;
    let progress = &dashboard["targets"];
    assert_eq!(
        progress["targets"]["households_to_employ"], 3,
        "{dashboard}"
    );
    assert_eq!(progress["households_percent"], 33, "1 of 3 households");
    assert_eq!(progress["training_percent"], 0, "nobody trained yet of 2");
    assert_eq!(progress["export_percent"], 0);
    let (status, _) = call(
        promoter
            .put(app.url("/api/v1/targets/141002/2031"))
            .json(&put(0, "3")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "too far ahead");
}

async fn the_kaohe_workbook_has_quarters_townships_and_the_households_to_act_on(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    import(
        &promoter,
        &app,
        ledger(&HOUSEHOLDS).into_bytes(),
        "h.csv",
        "",
    )
    .await;
    let workers = roster(&app, &company).await;
    call(company.post(app.url("/api/v1/local-jobs")).json(&json!({
        "worker_id": named(&workers, "钱春花").id, "kind": "扶贫车间",
        "employer_name": "屯里镇手工扶贫车间", "starts_on": "2026-05-10",
    })))
    .await;
    let response = promoter
        .get(app.url("/api/v1/dashboard/export.xlsx?year=2025"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''")
    );
    let past = response.bytes().await.unwrap();
    let rows = read_rows(&past, Some("k.xlsx")).unwrap();
    assert!(rows[0][0].contains("尧都区2025年"), "{:?}", rows[0]);
    let header = rows.iter().find(|r| r[0] == "指标").unwrap();
    assert_eq!(
        &header[3..7],
        ["第一季度", "第二季度", "第三季度", "第四季度"]
    );

    let this_year = promoter
        .get(app.url("/api/v1/dashboard/export.xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let rows = read_rows(&this_year, Some("k.xlsx")).unwrap();
    let line = |label: &str| {
        rows.iter()
            .find(|r| r[0].trim_start_matches('　') == label)
            .cloned()
            .unwrap()
    };
    let households = line("建档立卡户");
    assert_eq!(households[3], "4", "{households:?}");
    let employed = line("至少一人就业的户");
    // Q1 (31 March): the job began on 10 May; Q2 (30 June): it runs.
    assert_eq!(
        (employed[3].as_str(), employed[4].as_str()),
        ("0", "1"),
        "{employed:?}"
    );
    let local = line("就地就近就业（年初累计）");
    assert_eq!(local[4], "1");
    assert!(app.audit_count("dashboard.export", "ok").await >= 2);
}

/// With no time to wait, a dashboard read right after a change shows the figures read before,
/// marked as being refreshed, and the new figures follow by themselves.
async fn the_dashboard_shows_the_figures_read_before_while_new_ones_are_read(backend: Backend) {
    let mut options = Options::default();
    options
        .settings
        .insert("dashboard_wait_ms".to_string(), "0".to_string());
    let Some(app) = TestApp::spawn_with(backend, options).await else {
        return;
    };
    let (promoter, _) = yaodu(&app).await;
    import(
        &promoter,
        &app,
        ledger(&HOUSEHOLDS[..2]).into_bytes(),
        "h.csv",
        "",
    )
    .await;
    // Nothing kept for this state yet at first: wait until the figures are the imported ones.
    let mut first = json!(null);
    for _ in 0..200 {
        first = call(promoter.get(app.url("/api/v1/dashboard"))).await.1;
        if first["households"]["total"] == 2 && first["refreshing"] == false {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(first["households"]["total"], 2, "{first}");

    import(
        &promoter,
        &app,
        ledger(&HOUSEHOLDS[2..]).into_bytes(),
        "h.csv",
        "",
    )
    .await;
    let (_, stale) = call(promoter.get(app.url("/api/v1/dashboard"))).await;
    assert_eq!(stale["refreshing"], true, "{stale}");
    assert_eq!(stale["households"]["total"], 2, "the figures read before");
    let mut fresh = stale;
    for _ in 0..200 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        fresh = call(promoter.get(app.url("/api/v1/dashboard"))).await.1;
        if fresh["refreshing"] == false {
            break;
        }
    }
    assert_eq!(fresh["refreshing"], false, "{fresh}");
    assert_eq!(fresh["households"]["total"], 4);
}

#[tokio::test]
async fn the_dashboard_shows_the_figures_read_before_while_new_ones_are_read_on_sqlite() {
    the_dashboard_shows_the_figures_read_before_while_new_ones_are_read(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_dashboard_shows_the_figures_read_before_while_new_ones_are_read_on_postgres() {
    the_dashboard_shows_the_figures_read_before_while_new_ones_are_read(Backend::Postgres).await;
}
