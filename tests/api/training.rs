//! Training 培训 over HTTP: programmes published or drafted with each bad field named, the
//! brand rule for companies, enrolment under the free-once rule, full programmes, results
//! that create certificates and the training and 技能鉴定 subsidy claims (and withdraw them),
//! who may manage what, the roster workbook, unmet demand turned into draft programmes, and
//! the dashboard's 'trained' figure fed from training records; enrolments sent at the same
//! time neither oversell seats nor count two free trainings.

use app::domain::id_number::with_check_char;
use app::domain::role::{Role, Scope};
use chrono::{Datelike, NaiveDate, TimeDelta, Utc};
use laowu_tests::{ADMIN, COMPANY, EMPLOYER, PROMOTER, TestApp, on_both_databases, send_json};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use server::db::entities::worker;
use server::services::ledger_file::read_rows;

on_both_databases!(
    programmes_are_published_or_drafted_and_every_bad_field_is_named,
    a_company_runs_programmes_only_for_a_brand_it_has_joined,
    a_second_free_training_needs_a_reason_and_never_counts_again,
    a_full_programme_takes_nobody_more_and_keeps_its_enrolled_seats,
    a_pass_with_a_certificate_creates_it_and_computes_both_subsidy_claims,
    only_the_first_free_training_earns_subsidy_claims,
    only_a_programme_s_managers_grade_export_and_see_its_drafts,
    the_roster_exports_as_xlsx_with_masked_ids_and_results,
    unmet_demand_groups_become_draft_programmes,
    the_dashboard_counts_workers_whose_first_free_training_has_a_result,
    workers_enrolled_at_once_into_the_last_seat_take_it_once,
    a_worker_enrolled_at_once_into_two_free_programmes_is_free_once_only,
    a_fail_takes_back_a_rejected_training_claim_which_cannot_be_resubmitted,
    a_draft_shows_in_its_own_occupation_and_region_group_only,
);

const YAODU: &str = "141002";
const YAODU_PROMOTER: (&str, &str) = ("yaodu", "yaodu-promoter-2026");
const YAODU_COMPANY: (&str, &str) = ("jiangxin", "jiangxin-company-2026");
const YAODU_COMPANY_NAME: &str = "尧都区匠心劳务有限公司";
const INSTITUTION: &str = "尧都区职业技术学校";
const PROGRAMMES: &str = "/api/v1/training/programmes";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn call(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
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

/// An ID number of 尧都区 for someone born on `birth` (YYYYMMDD); odd `sequence`: a man.
fn id_number(birth: &str, sequence: u32) -> String {
    with_check_char(&format!("{YAODU}{birth}{sequence:03}")).unwrap()
}

/// Four workers of 尧都区 on the company's roster, of working age: three want training
/// (赵大山, 钱春花, 孙小军), 李四 does not.
async fn roster(app: &TestApp, company: &Client) -> Vec<worker::Model> {
    let rows = [
        format!(
            "赵大山,{},13800000001,尧都区,中式面点师,是,是",
            id_number("19800312", 11)
        ),
        format!(
            "钱春花,{},13800000002,尧都区,养老护理员,是,是",
            id_number("19920601", 22)
        ),
        format!(
            "孙小军,{},13800000003,尧都区,中式烹调师,是,是",
            id_number("19850505", 13)
        ),
        format!(
            "李四,{},13800000004,尧都区,焊工,否,是",
            id_number("19880808", 17)
        ),
    ];
    import(app, company, &rows).await;
    let mut workers = worker::Entity::find()
        .filter(worker::Column::HouseholdCountyCode.eq(YAODU))
        .all(&app.db)
        .await
        .unwrap();
    workers.sort_by_key(|w| w.id);
    assert_eq!(workers.len(), 4);
    workers
}

/// Imports these ledger rows (姓名,身份证号,手机号,户籍区县,技能工种,培训意愿,就业意愿) to the
/// company's roster; every one is inserted.
async fn import(app: &TestApp, company: &Client, rows: &[String]) {
    let header = "姓名,身份证号,手机号,户籍区县,技能工种,培训意愿,就业意愿";
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
    assert_eq!(report["inserted"], rows.len(), "{report}");
}

/// `count` workers of 尧都区 on the company's roster who want training (学员1, 学员2, …): their
/// ids, in that order.
async fn trainees(app: &TestApp, company: &Client, count: u32) -> Vec<i32> {
    let rows: Vec<String> = (1..=count)
        .map(|k| {
            format!(
                "学员{k},{},139{k:08},尧都区,育婴员,是,是",
                id_number("19900101", 100 + k)
            )
        })
        .collect();
    import(app, company, &rows).await;
    let mut workers = worker::Entity::find()
        .filter(worker::Column::HouseholdCountyCode.eq(YAODU))
        .filter(worker::Column::Name.starts_with("学员"))
        .all(&app.db)
        .await
        .unwrap();
    workers.sort_by_key(|w| w.id);
    assert_eq!(workers.len(), rows.len());
    workers.iter().map(|w| w.id).collect()
}

fn named(workers: &[worker::Model], name: &str) -> i32 {
    workers.iter().find(|w| w.name == name).unwrap().id
}

/// A complete programme form: published, running from ten days ago for a month.
fn form(title: &str, free: bool, seats: &str) -> Value {
    json!({
        "title": title,
        "institution_name": INSTITUTION,
        "institution_address": "尧都区解放路 12 号",
        "institution_contact": "0357-2021234",
        "occupation": "中式面点师",
        "training_type": "employment_skills",
        "mode": "train_then_work",
        "starts_on": day(-10),
        "ends_on": day(20),
        "place": "尧都区职业技术学校实训楼",
        "seats": seats,
        "free": if free { "yes" } else { "no" },
        "fee_yuan": if free { "" } else { "1200" },
        "brand": "",
        "status": "published",
    })
}

/// `base` with some fields changed.
fn with(mut base: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

async fn create(app: &TestApp, client: &Client, body: &Value) -> Value {
    let (status, created) = call(client.post(app.url(PROGRAMMES)).json(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

async fn enrol(
    app: &TestApp,
    client: &Client,
    programme: &Value,
    worker_id: i32,
    reason: Option<&str>,
) -> (StatusCode, Value) {
    call(
        client
            .post(app.url(&format!("{PROGRAMMES}/{}/enrolments", programme["id"])))
            .json(&json!({"worker_id": worker_id, "repeat_reason": reason})),
    )
    .await
}

async fn enrolled(app: &TestApp, client: &Client, programme: &Value, worker_id: i32) -> Value {
    let (status, enrolment) = enrol(app, client, programme, worker_id, None).await;
    assert_eq!(status, StatusCode::CREATED, "{enrolment}");
    enrolment
}

/// Records a result given today (attendance 95, score 88 for a pass, 40 otherwise).
async fn grade(
    app: &TestApp,
    client: &Client,
    enrolment: &Value,
    result: &str,
    certificate: &str,
) -> (StatusCode, Value) {
    let body = json!({
        "version": enrolment["version"],
        "attendance_percent": "95",
        "result": result,
        "score": if result == "passed" { "88" } else { "40" },
        "certificate_number": certificate,
        "certificate_level": "四级",
        "result_on": if result == "pending" { String::new() } else { day(0) },
    });
    put_result(app, client, enrolment, body).await
}

async fn put_result(
    app: &TestApp,
    client: &Client,
    enrolment: &Value,
    body: Value,
) -> (StatusCode, Value) {
    call(
        client
            .put(app.url(&format!(
                "/api/v1/training/enrolments/{}/result",
                enrolment["id"]
            )))
            .json(&body),
    )
    .await
}

async fn claims(app: &TestApp, client: &Client, kind: &str) -> Vec<Value> {
    let listed =
        send_json(client.get(app.url(&format!("/api/v1/subsidy-claims?kind={kind}")))).await;
    listed
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{listed}"))
}

fn ids(page: &Value) -> Vec<i64> {
    page["programmes"]
        .as_array()
        .unwrap_or_else(|| panic!("{page}"))
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

async fn programmes_are_published_or_drafted_and_every_bad_field_is_named(app: TestApp) {
    let (promoter, _) = yaodu(&app).await;

    // A complete form publishes a free programme in the promoter's county.
    let cooks = create(
        &app,
        &promoter,
        &form("尧都面点师就业技能培训班", true, "30"),
    )
    .await;
    assert_eq!(cooks["county_code"], YAODU, "{cooks}");
    assert_eq!(cooks["county_name"], "尧都区");
    assert_eq!(cooks["institution_name"], INSTITUTION);
    assert_eq!(cooks["institution_address"], "尧都区解放路 12 号");
    assert_eq!(
        (&cooks["training_type"], &cooks["training_type_label"]),
        (&json!("employment_skills"), &json!("就业技能培训"))
    );
    assert_eq!(
        (&cooks["mode"], &cooks["mode_label"]),
        (&json!("train_then_work"), &json!("先培训后就业"))
    );
    assert_eq!(
        (&cooks["seats"], &cooks["enrolled"]),
        (&json!(30), &json!(0))
    );
    assert_eq!(
        (&cooks["free"], &cooks["fee_yuan"]),
        (&json!(true), &Value::Null)
    );
    assert_eq!(
        (&cooks["status"], &cooks["status_label"]),
        (&json!("published"), &json!("已发布"))
    );
    assert_eq!(cooks["starts_on"], day(-10));
    assert_eq!(cooks["open_for_enrolment"], true);
    assert_eq!(cooks["can_manage"], true);
    assert_eq!(cooks["version"], 1);
    assert_eq!(cooks["company_name"], Value::Null);

    // Labels are read as well as codes; a fee is kept to the fen.
    let carers = create(
        &app,
        &promoter,
        &with(
            form("尧都养老护理员提升班", false, "20"),
            json!({
                "occupation": "养老护理员", "training_type": "岗位技能提升培训",
                "mode": "边培训边就业", "fee_yuan": "1200.50",
            }),
        ),
    )
    .await;
    assert_eq!(carers["training_type"], "skill_upgrade", "{carers}");
    assert_eq!(carers["mode"], "train_while_work");
    assert_eq!(
        (&carers["free"], &carers["fee_yuan"]),
        (&json!(false), &json!("1200.50"))
    );

    // A draft may leave the institution, place and seats open.
    let draft = create(
        &app,
        &promoter,
        &with(
            form("尧都育婴员班（筹）", true, ""),
            json!({"status": "draft", "institution_name": "", "place": ""}),
        ),
    )
    .await;
    assert_eq!(
        (&draft["status"], &draft["status_label"]),
        (&json!("draft"), &json!("草稿"))
    );
    assert_eq!(
        (&draft["seats"], &draft["institution_name"]),
        (&json!(0), &Value::Null)
    );
    assert_eq!(draft["open_for_enrolment"], false);

    // Each bad field is named, and nothing is saved.
    let cases = [
        ("title", json!({"title": "  "})),
        ("institution_name", json!({"institution_name": ""})),
        ("occupation", json!({"occupation": ""})),
        ("training_type", json!({"training_type": "夜校"})),
        ("mode", json!({"mode": "随到随学"})),
        ("starts_on", json!({"starts_on": "2026-02-30"})),
        ("ends_on", json!({"ends_on": day(-20)})),
        ("place", json!({"place": ""})),
        ("seats", json!({"seats": "0"})),
        ("seats", json!({"seats": "三十"})),
        ("free", json!({"free": "maybe"})),
        ("fee_yuan", json!({"free": "no", "fee_yuan": ""})),
        ("status", json!({"status": "cancelled"})),
        ("brand", json!({"brand": "no-such-brand"})),
    ];
    for (field, changes) in cases {
        let body = with(form("坏表单", true, "10"), changes.clone());
        let (status, error) = call(promoter.post(app.url(PROGRAMMES)).json(&body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes}: {error}"
        );
        assert_eq!(
            error["error"]["details"]["field"], field,
            "{changes}: {error}"
        );
    }

    // An admin names the county; without one the form is refused on that field.
    let admin = app.client_for(ADMIN).await;
    let (status, error) = call(admin.post(app.url(PROGRAMMES)).json(&form(
        "尧都面点师二期",
        true,
        "30",
    )))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "county");
    let second = create(
        &app,
        &admin,
        &with(form("尧都面点师二期", true, "30"), json!({"county": YAODU})),
    )
    .await;
    assert_eq!(second["county_code"], YAODU, "{second}");

    // The public sees the published ones only; the promoter's own list has the draft too.
    let public = app.new_client();
    let (status, listed) = call(public.get(app.url(&format!("{PROGRAMMES}?county={YAODU}")))).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["total"], 3, "{listed}");
    let mut published = ids(&listed);
    published.sort_unstable();
    assert_eq!(
        published,
        vec![
            cooks["id"].as_i64().unwrap(),
            carers["id"].as_i64().unwrap(),
            second["id"].as_i64().unwrap()
        ]
    );
    let (_, found) =
        call(public.get(app.url(&format!("{PROGRAMMES}?county={YAODU}&q=护理")))).await;
    assert_eq!(ids(&found), vec![carers["id"].as_i64().unwrap()], "{found}");
    let (_, mine) = call(promoter.get(app.url(&format!("{PROGRAMMES}?mine=yes")))).await;
    assert_eq!(mine["total"], 4, "{mine}");
    assert!(ids(&mine).contains(&draft["id"].as_i64().unwrap()));
    let (status, _) = call(public.get(app.url(&format!("{PROGRAMMES}?mine=yes")))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(public.get(app.url(&format!("{PROGRAMMES}?mine=maybe")))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(public.get(app.url(&format!("{PROGRAMMES}/{}", draft["id"])))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is not public");
    let (status, own) = call(promoter.get(app.url(&format!("{PROGRAMMES}/{}", draft["id"])))).await;
    assert_eq!(status, StatusCode::OK, "{own}");
    assert_eq!(own["programme"]["title"], "尧都育婴员班（筹）");

    // One institution, registered by the first programme that named it.
    let (status, institutions) = call(promoter.get(app.url("/api/v1/training/institutions"))).await;
    assert_eq!(status, StatusCode::OK, "{institutions}");
    assert_eq!(institutions.as_array().unwrap().len(), 1, "{institutions}");
    assert_eq!(institutions[0]["name"], INSTITUTION);
    assert_eq!(institutions[0]["county_code"], YAODU);
    assert_eq!(institutions[0]["contact"], "0357-2021234");
    assert_eq!(institutions[0]["programmes"], 3);

    // Edits need the version read; a cancelled programme leaves the public list for good.
    let url = app.url(&format!("{PROGRAMMES}/{}", cooks["id"]));
    let edit = |version: i64, seats: &str| {
        let mut body = form("尧都面点师就业技能培训班", true, seats);
        body["version"] = json!(version);
        body
    };
    let (status, edited) = call(promoter.put(&url).json(&edit(1, "40"))).await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(
        (&edited["seats"], &edited["version"]),
        (&json!(40), &json!(2))
    );
    let (status, _) = call(promoter.put(&url).json(&edit(1, "50"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version");
    let (status, cancelled) = call(
        promoter
            .post(app.url(&format!("{PROGRAMMES}/{}/cancel", cooks["id"])))
            .json(&json!({"version": 2})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(
        (&cancelled["status"], &cancelled["version"]),
        (&json!("cancelled"), &json!(3))
    );
    let (status, _) = call(promoter.put(&url).json(&edit(3, "40"))).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a cancelled programme is not edited"
    );
    let (status, _) = call(
        promoter
            .post(app.url(&format!("{PROGRAMMES}/{}/cancel", cooks["id"])))
            .json(&json!({"version": 3})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "already cancelled");
    let (_, listed) = call(public.get(app.url(&format!("{PROGRAMMES}?county={YAODU}")))).await;
    assert_eq!(listed["total"], 2, "{listed}");
    assert!(!ids(&listed).contains(&cooks["id"].as_i64().unwrap()));
    assert_eq!(app.audit_count("training.programme.save", "ok").await, 5);
    assert_eq!(app.audit_count("training.programme.cancel", "ok").await, 1);
}

async fn a_company_runs_programmes_only_for_a_brand_it_has_joined(app: TestApp) {
    // The demo company is an approved member of 浮山厨师 only.
    let xinchu = app.client_for(COMPANY).await;
    for (brand, message) in [("", "品牌"), ("quwo-yangtang", "曲沃羊汤")] {
        let body = with(form("鑫厨面点班", true, "20"), json!({"brand": brand}));
        let (status, error) = call(xinchu.post(app.url(PROGRAMMES)).json(&body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{brand}: {error}");
        assert_eq!(error["error"]["details"]["field"], "brand", "{error}");
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{error}"
        );
    }
    let own = create(
        &app,
        &xinchu,
        &with(
            form("鑫厨面点班", true, "20"),
            json!({"brand": "fushan-chushi"}),
        ),
    )
    .await;
    assert_eq!(
        (&own["brand_slug"], &own["brand_name"]),
        (&json!("fushan-chushi"), &json!("浮山厨师")),
        "{own}"
    );
    assert_eq!(own["company_name"], "浮山县鑫厨劳务有限公司");
    assert_eq!(own["county_code"], "141027", "the company's county");
    assert_eq!(own["can_manage"], true);
    let (status, error) = call(
        xinchu
            .put(app.url(&format!("{PROGRAMMES}/{}", own["id"])))
            .json(&with(
                form("鑫厨面点班", true, "20"),
                json!({"version": 1, "brand": "quwo-yangtang"}),
            )),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "brand");

    // A company that has only applied may not; once approved it may.
    let (_, jiangxin) = yaodu(&app).await;
    let (status, applied) =
        call(jiangxin.post(app.url("/api/v1/brands/lvliangshan-jiazheng-hugong/memberships")))
            .await;
    assert_eq!(status, StatusCode::CREATED, "{applied}");
    assert_eq!(applied["status"], "pending");
    let carers = with(
        form("匠心护工班", true, "20"),
        json!({"occupation": "养老护理员", "brand": "lvliangshan-jiazheng-hugong"}),
    );
    let (status, error) = call(jiangxin.post(app.url(PROGRAMMES)).json(&carers)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "brand");
    let admin = app.client_for(ADMIN).await;
    let (status, approved) = call(
        admin
            .post(app.url(&format!("/api/v1/memberships/{}/decision", applied["id"])))
            .json(&json!({"decision": "approve"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "approved");
    let theirs = create(&app, &jiangxin, &carers).await;
    assert_eq!(theirs["company_name"], YAODU_COMPANY_NAME, "{theirs}");
    assert_eq!(theirs["county_code"], YAODU);
    assert_eq!(theirs["brand_name"], "吕梁山家政护工");

    // Each company lists and manages its own; the county's promoter manages both.
    let (_, mine) = call(xinchu.get(app.url(&format!("{PROGRAMMES}?mine=yes")))).await;
    assert_eq!(ids(&mine), vec![own["id"].as_i64().unwrap()], "{mine}");
    let (status, _) = call(
        jiangxin
            .put(app.url(&format!("{PROGRAMMES}/{}", own["id"])))
            .json(&with(
                form("鑫厨面点班", true, "20"),
                json!({"version": 1, "brand": "fushan-chushi"}),
            )),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another company's programme");
    let fushan = app.client_for(PROMOTER).await;
    let (_, county) = call(fushan.get(app.url(&format!("{PROGRAMMES}?mine=yes")))).await;
    assert!(
        ids(&county).contains(&own["id"].as_i64().unwrap()),
        "{county}"
    );
    assert!(
        !ids(&county).contains(&theirs["id"].as_i64().unwrap()),
        "{county}"
    );
    let (_, detail) = call(fushan.get(app.url(&format!("{PROGRAMMES}/{}", own["id"])))).await;
    assert_eq!(detail["programme"]["can_manage"], true, "{detail}");

    // Employers run no training.
    let employer = app.client_for(EMPLOYER).await;
    let (status, _) = call(
        employer
            .post(app.url(PROGRAMMES))
            .json(&form("京味楼班", true, "5")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(employer.get(app.url(&format!("{PROGRAMMES}?mine=yes")))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(employer.get(app.url("/api/v1/training/institutions"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn a_second_free_training_needs_a_reason_and_never_counts_again(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let (zhao, qian, sun) = (
        named(&workers, "赵大山"),
        named(&workers, "钱春花"),
        named(&workers, "孙小军"),
    );
    let cooks = create(&app, &promoter, &form("尧都面点师班", true, "30")).await;
    let carers = create(&app, &promoter, &form("尧都护理员班", true, "30")).await;
    let paid = create(&app, &promoter, &form("尧都烘焙收费班", false, "30")).await;
    let doomed = create(&app, &promoter, &form("尧都停办班", true, "30")).await;
    let draft = create(
        &app,
        &promoter,
        &with(form("尧都草稿班", true, "30"), json!({"status": "draft"})),
    )
    .await;

    // The first free training counts.
    let first = enrolled(&app, &company, &cooks, zhao).await;
    assert_eq!(first["free_once"], true, "{first}");
    assert_eq!(first["repeat_reason"], Value::Null);
    assert_eq!(
        (&first["result"], &first["result_label"]),
        (&json!("pending"), &json!("待考核"))
    );
    assert_eq!(first["worker_name"], "赵大山");
    assert_eq!(first["company_name"], YAODU_COMPANY_NAME);
    assert_eq!(first["programme_title"], "尧都面点师班");
    assert_eq!(first["can_grade"], false, "the company does not run it");

    // A second free one needs a reason, and is never the free one.
    for reason in [None, Some("   ")] {
        let (status, error) = enrol(&app, &company, &carers, zhao, reason).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(
            error["error"]["details"]["field"], "repeat_reason",
            "{error}"
        );
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap()
                .contains("尧都面点师班"),
            "the earlier training is named: {error}"
        );
    }
    let reason = "首次培训未结业，用工单位订单需要护理证书";
    let (status, second) = enrol(&app, &company, &carers, zhao, Some(reason)).await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    assert_eq!(second["free_once"], false);
    assert_eq!(second["repeat_reason"], reason);
    let (status, _) = enrol(&app, &company, &cooks, zhao, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "already enrolled");

    // A fee-paying training never counts and needs no reason.
    let third = enrolled(&app, &company, &paid, zhao).await;
    assert_eq!(
        (&third["free_once"], &third["repeat_reason"]),
        (&json!(false), &Value::Null),
        "{third}"
    );
    assert_eq!(
        enrolled(&app, &company, &paid, qian).await["free_once"],
        false
    );
    assert_eq!(
        enrolled(&app, &company, &cooks, qian).await["free_once"],
        true,
        "a fee-paying training before is no free training"
    );

    // A cancelled programme's enrolment is not the free one; nobody joins it or a draft.
    assert_eq!(
        enrolled(&app, &promoter, &doomed, sun).await["free_once"],
        true
    );
    let (status, _) = call(
        promoter
            .post(app.url(&format!("{PROGRAMMES}/{}/cancel", doomed["id"])))
            .json(&json!({"version": doomed["version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let after_cancel = enrolled(&app, &company, &carers, sun).await;
    assert_eq!(after_cancel["free_once"], true, "{after_cancel}");
    let (status, _) = enrol(&app, &promoter, &doomed, qian, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "cancelled");
    let (status, _) = enrol(&app, &company, &doomed, qian, None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "cancelled: only its managers read it"
    );
    let (status, _) = enrol(&app, &promoter, &draft, qian, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "not published");

    // The worker's trainings, oldest first.
    let (status, trainings) =
        call(company.get(app.url(&format!("/api/v1/workers/{zhao}/trainings")))).await;
    assert_eq!(status, StatusCode::OK, "{trainings}");
    let seen: Vec<(i64, bool)> = trainings
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["programme_id"].as_i64().unwrap(),
                e["free_once"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (cooks["id"].as_i64().unwrap(), true),
            (carers["id"].as_i64().unwrap(), false),
            (paid["id"].as_i64().unwrap(), false),
        ]
    );
    assert_eq!(app.audit_count("training.enrol", "ok").await, 7);
}

async fn a_full_programme_takes_nobody_more_and_keeps_its_enrolled_seats(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let small = create(&app, &promoter, &form("尧都面点小班", true, "2")).await;
    enrolled(&app, &company, &small, named(&workers, "赵大山")).await;
    enrolled(&app, &company, &small, named(&workers, "钱春花")).await;

    let (status, error) = enrol(&app, &company, &small, named(&workers, "孙小军"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("名额已满"),
        "{error}"
    );
    let (_, detail) = call(promoter.get(app.url(&format!("{PROGRAMMES}/{}", small["id"])))).await;
    assert_eq!(detail["programme"]["enrolled"], 2, "{detail}");
    assert_eq!(detail["programme"]["open_for_enrolment"], false);
    assert_eq!(detail["can_enrol"], false);
    assert_eq!(detail["enrolments"].as_array().unwrap().len(), 2);
    assert_eq!(
        detail["enrolments"][0]["can_grade"], true,
        "the promoter runs it"
    );

    // With workers enrolled: never fewer seats, back to draft, or a fee.
    let url = app.url(&format!("{PROGRAMMES}/{}", small["id"]));
    let edit = |changes: Value| {
        with(
            form("尧都面点小班", true, "2"),
            with(json!({"version": 1}), changes),
        )
    };
    for (field, changes) in [
        ("seats", json!({"seats": "1"})),
        ("status", json!({"status": "draft"})),
        ("free", json!({"free": "no", "fee_yuan": "300"})),
    ] {
        let (status, error) = call(promoter.put(&url).json(&edit(changes))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(error["error"]["details"]["field"], field, "{error}");
    }
    let (status, wider) = call(promoter.put(&url).json(&edit(json!({"seats": "3"})))).await;
    assert_eq!(status, StatusCode::OK, "{wider}");
    assert_eq!(wider["open_for_enrolment"], true);
    let (status, _) = enrol(&app, &company, &small, named(&workers, "孙小军"), None).await;
    assert_eq!(status, StatusCode::CREATED);

    // The public sees the count, not the trainees.
    let (_, public) = call(app.new_client().get(&url)).await;
    assert_eq!(public["programme"]["enrolled"], 3, "{public}");
    assert_eq!(public["enrolments"], json!([]));
    assert_eq!(public["can_enrol"], false);
}

async fn a_pass_with_a_certificate_creates_it_and_computes_both_subsidy_claims(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let zhao = named(&workers, "赵大山");
    let cooks = create(&app, &promoter, &form("尧都面点师班", true, "30")).await;
    let enrolment = enrolled(&app, &company, &cooks, zhao).await;

    // Bad results are named.
    let bad = |changes: Value| {
        with(
            json!({
                "version": 1, "attendance_percent": "95", "result": "passed", "score": "88",
                "certificate_number": "", "certificate_level": "", "result_on": day(0),
            }),
            changes,
        )
    };
    for (field, changes) in [
        ("result", json!({"result": "优秀"})),
        ("score", json!({"score": "101"})),
        ("attendance_percent", json!({"attendance_percent": "-1"})),
        (
            "certificate_number",
            json!({"result": "failed", "certificate_number": "MD-1"}),
        ),
        (
            "certificate_number",
            json!({"certificate_number": "MD 1/2"}),
        ),
        (
            "certificate_level",
            json!({"certificate_number": "MD-1", "certificate_level": "六级"}),
        ),
        ("result_on", json!({"result_on": day(1)})),
        ("result_on", json!({"result_on": day(-11)})),
    ] {
        let (status, error) = put_result(&app, &promoter, &enrolment, bad(changes.clone())).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes}: {error}"
        );
        assert_eq!(
            error["error"]["details"]["field"], field,
            "{changes}: {error}"
        );
    }

    // A pass with a certificate number.
    let (status, passed) = grade(&app, &promoter, &enrolment, "passed", "MD-2026-0001").await;
    assert_eq!(status, StatusCode::OK, "{passed}");
    assert_eq!(
        (&passed["result"], &passed["result_label"]),
        (&json!("passed"), &json!("合格"))
    );
    assert_eq!(
        (&passed["attendance_percent"], &passed["score"]),
        (&json!(95), &json!(88))
    );
    assert_eq!(passed["certificate_number"], "MD-2026-0001");
    assert_eq!(passed["result_on"], day(0));
    assert_eq!(passed["version"], 2);
    assert!(passed["certificate_id"].is_i64(), "{passed}");
    let (status, _) = grade(&app, &promoter, &enrolment, "failed", "").await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version");

    // The worker now holds an unverified certificate for the programme's occupation.
    let detail = send_json(company.get(app.url(&format!("/api/v1/workers/{zhao}")))).await;
    let certificates = detail["other_certificates"]
        .as_array()
        .unwrap_or_else(|| panic!("{detail}"));
    assert_eq!(certificates.len(), 1, "{detail}");
    let certificate = &certificates[0];
    assert_eq!(certificate["id"], passed["certificate_id"]);
    assert_eq!(certificate["occupation"], "中式面点师");
    assert_eq!(certificate["level"], "四级/中级工");
    assert_eq!(certificate["number"], "MD-2026-0001");
    assert_eq!(certificate["issuer"], INSTITUTION);
    assert_eq!(certificate["issued_on"], day(0));
    assert_eq!(certificate["status"], "unverified");

    // Both claims, for the worker's company and county, citing the rule and the version.
    let year = i64::from(today().year());
    let training = claims(&app, &company, "training").await;
    assert_eq!(training.len(), 1, "{training:?}");
    let claim = &training[0];
    assert_eq!(claim["amount_fen"], 100_000, "{claim}");
    assert_eq!(claim["state"], "computed");
    assert_eq!(claim["worker_id"], zhao);
    assert_eq!(claim["company_name"], YAODU_COMPANY_NAME);
    assert_eq!(claim["county_code"], YAODU);
    assert_eq!(claim["year"], year);
    assert_eq!(claim["explanation"]["rule"], "training");
    assert_eq!(claim["explanation"]["parameter_version"], 1);
    assert_eq!(claim["policy_version_id"], 1);
    let formula = claim["explanation"]["formula"].as_str().unwrap();
    assert!(formula.contains("1000.00"), "{formula}");
    let appraisal = claims(&app, &company, "skill_appraisal").await;
    assert_eq!(appraisal.len(), 1, "{appraisal:?}");
    assert_eq!(appraisal[0]["amount_fen"], 15_000, "{appraisal:?}");
    assert_eq!(appraisal[0]["explanation"]["rule"], "skill_appraisal");
    assert_eq!(appraisal[0]["explanation"]["parameter_version"], 1);
    let inputs = appraisal[0]["explanation"]["inputs"].to_string();
    assert!(inputs.contains("MD-2026-0001"), "{inputs}");
    assert_eq!(
        claims(&app, &promoter, "training").await.len(),
        1,
        "the county sees it"
    );

    // A fail takes back the certificate and both computed claims.
    let (status, failed) = grade(&app, &promoter, &passed, "failed", "").await;
    assert_eq!(status, StatusCode::OK, "{failed}");
    assert_eq!(
        (&failed["result_label"], &failed["certificate_id"]),
        (&json!("不合格"), &Value::Null)
    );
    assert!(claims(&app, &company, "training").await.is_empty());
    assert!(claims(&app, &company, "skill_appraisal").await.is_empty());
    let detail = send_json(company.get(app.url(&format!("/api/v1/workers/{zhao}")))).await;
    assert_eq!(detail["other_certificates"], json!([]), "{detail}");

    // A pass without a certificate earns the training subsidy only.
    let (status, passed) = grade(&app, &promoter, &failed, "passed", "").await;
    assert_eq!(status, StatusCode::OK, "{passed}");
    let training = claims(&app, &company, "training").await;
    assert_eq!(training.len(), 1);
    assert_eq!(training[0]["amount_fen"], 100_000);
    assert!(claims(&app, &company, "skill_appraisal").await.is_empty());

    // Once the claim is submitted, the result that earned it stands.
    let (status, evidenced) = call(
        company
            .put(app.url(&format!(
                "/api/v1/subsidy-claims/{}/evidence",
                training[0]["id"]
            )))
            .json(&json!({
                "row_version": training[0]["row_version"],
                "evidence": "尧都区职业技术学校结业名单", "travel_cost_yuan": "",
            })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{evidenced}");
    let (status, submitted) = call(
        company
            .post(app.url(&format!(
                "/api/v1/subsidy-claims/{}/submit",
                training[0]["id"]
            )))
            .json(&json!({"row_version": evidenced["row_version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["state"], "submitted");
    let (status, error) = grade(&app, &promoter, &passed, "failed", "").await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    let (status, rescored) = put_result(
        &app,
        &promoter,
        &passed,
        json!({
            "version": passed["version"], "attendance_percent": "98", "result": "passed",
            "score": "90", "certificate_number": "", "certificate_level": "",
            "result_on": day(0),
        }),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the same result, rescored: {rescored}"
    );
    assert_eq!(rescored["score"], 90);
    assert_eq!(app.audit_count("training.result", "ok").await, 4);
}

async fn only_the_first_free_training_earns_subsidy_claims(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let (zhao, qian) = (named(&workers, "赵大山"), named(&workers, "钱春花"));
    let cooks = create(&app, &promoter, &form("尧都面点师班", true, "30")).await;
    let carers = create(&app, &promoter, &form("尧都护理员班", true, "30")).await;
    let paid = create(&app, &promoter, &form("尧都烘焙收费班", false, "30")).await;
    let first = enrolled(&app, &company, &cooks, zhao).await;
    let (status, repeat) = enrol(&app, &company, &carers, zhao, Some("企业订单需要")).await;
    assert_eq!(status, StatusCode::CREATED, "{repeat}");
    let fee_paying = enrolled(&app, &company, &paid, qian).await;

    // A repeat free training and a fee-paying one: certificates, but no claims.
    let (status, graded) = grade(&app, &promoter, &repeat, "passed", "HL-2026-0002").await;
    assert_eq!(status, StatusCode::OK, "{graded}");
    assert!(graded["certificate_id"].is_i64());
    let (status, graded) = grade(&app, &promoter, &fee_paying, "passed", "HB-2026-0003").await;
    assert_eq!(status, StatusCode::OK, "{graded}");
    assert!(graded["certificate_id"].is_i64());
    assert!(claims(&app, &company, "training").await.is_empty());
    assert!(claims(&app, &company, "skill_appraisal").await.is_empty());
    let detail = send_json(company.get(app.url(&format!("/api/v1/workers/{qian}")))).await;
    assert_eq!(
        detail["other_certificates"][0]["number"], "HB-2026-0003",
        "{detail}"
    );

    // The first free training's pass earns them, once.
    let (status, _) = grade(&app, &promoter, &first, "passed", "MD-2026-0001").await;
    assert_eq!(status, StatusCode::OK);
    let training = claims(&app, &company, "training").await;
    assert_eq!(training.len(), 1, "{training:?}");
    assert_eq!(
        (&training[0]["worker_id"], &training[0]["amount_fen"]),
        (&json!(zhao), &json!(100_000))
    );
    let appraisal = claims(&app, &company, "skill_appraisal").await;
    assert_eq!(appraisal.len(), 1, "{appraisal:?}");
    let inputs = appraisal[0]["explanation"]["inputs"].to_string();
    assert!(
        inputs.contains("MD-2026-0001") && !inputs.contains("HL-2026-0002"),
        "{inputs}"
    );
    let detail = send_json(company.get(app.url(&format!("/api/v1/workers/{zhao}")))).await;
    assert_eq!(
        detail["other_certificates"].as_array().unwrap().len(),
        2,
        "{detail}"
    );

    // Recomputation finds the same claims.
    let admin = app.client_for(ADMIN).await;
    let (status, report) = call(admin.post(app.url("/api/v1/subsidy-claims/recompute"))).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (&report["created"], &report["updated"]),
        (&json!(0), &json!(0)),
        "{report}"
    );
    assert_eq!(claims(&app, &company, "training").await, training);
}

async fn only_a_programme_s_managers_grade_export_and_see_its_drafts(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let zhao = named(&workers, "赵大山");
    let cooks = create(&app, &promoter, &form("尧都面点师班", true, "30")).await;
    let draft = create(
        &app,
        &promoter,
        &with(form("尧都草稿班", true, "30"), json!({"status": "draft"})),
    )
    .await;
    let enrolment = enrolled(&app, &company, &cooks, zhao).await;
    let programme_url = app.url(&format!("{PROGRAMMES}/{}", cooks["id"]));
    let draft_url = app.url(&format!("{PROGRAMMES}/{}", draft["id"]));
    let export_url = app.url(&format!("{PROGRAMMES}/{}/export.xlsx", cooks["id"]));
    let trainings_url = app.url(&format!("/api/v1/workers/{zhao}/trainings"));

    // Another county's promoter reads the programme but manages nothing of it.
    let fushan = app.client_for(PROMOTER).await;
    let (status, seen) = call(fushan.get(&programme_url)).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!(seen["programme"]["can_manage"], false);
    assert_eq!(seen["enrolments"], json!([]), "not their county's worker");
    let (status, error) = grade(&app, &fushan, &enrolment, "passed", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    let (status, _) = call(fushan.get(&export_url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        fushan
            .put(&programme_url)
            .json(&with(form("改名", true, "30"), json!({"version": 1}))),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        fushan
            .post(app.url(&format!("{PROGRAMMES}/{}/cancel", cooks["id"])))
            .json(&json!({"version": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(fushan.get(&draft_url)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, error) = enrol(&app, &fushan, &cooks, named(&workers, "钱春花"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "worker_id");
    let (status, _) = call(fushan.get(&trainings_url)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The worker's company sees its worker's enrolment, and grades nothing.
    let (_, own) = call(company.get(&programme_url)).await;
    assert_eq!(own["programme"]["can_manage"], false, "{own}");
    assert_eq!(own["enrolments"].as_array().unwrap().len(), 1);
    assert_eq!(own["enrolments"][0]["can_grade"], false);
    let (status, _) = grade(&app, &company, &enrolment, "passed", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(company.get(&draft_url)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Another company may not enrol someone else's worker.
    let xinchu = app.client_for(COMPANY).await;
    let (status, error) = enrol(&app, &xinchu, &cooks, named(&workers, "孙小军"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["error"]["details"]["field"], "worker_id");

    // Employers and the public read published programmes only, without trainees.
    let employer = app.client_for(EMPLOYER).await;
    let (status, read) = call(employer.get(&programme_url)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["enrolments"], json!([]), "{read}");
    assert_eq!(read["can_enrol"], false);
    let (status, _) = grade(&app, &employer, &enrolment, "passed", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(employer.get(&trainings_url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let public = app.new_client();
    let (status, _) = call(public.get(&draft_url)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is not public");
    let (status, _) = grade(&app, &public, &enrolment, "passed", "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(
        public
            .post(app.url(PROGRAMMES))
            .json(&form("匿名班", true, "5")),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The county's promoter and admins manage it.
    let (status, graded) = grade(&app, &promoter, &enrolment, "passed", "").await;
    assert_eq!(status, StatusCode::OK, "{graded}");
    let admin = app.client_for(ADMIN).await;
    let (status, regraded) = grade(&app, &admin, &graded, "failed", "").await;
    assert_eq!(status, StatusCode::OK, "{regraded}");
    assert_eq!(regraded["result"], "failed");
    let (status, _) = call(promoter.get(&export_url)).await;
    assert_eq!(status, StatusCode::OK);
}

async fn the_roster_exports_as_xlsx_with_masked_ids_and_results(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let cooks = create(&app, &promoter, &form("尧都面点师班", true, "30")).await;
    let zhao = enrolled(&app, &company, &cooks, named(&workers, "赵大山")).await;
    let qian = enrolled(&app, &company, &cooks, named(&workers, "钱春花")).await;
    let (status, _) = grade(&app, &promoter, &zhao, "passed", "MD-2026-0001").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = grade(&app, &promoter, &qian, "failed", "").await;
    assert_eq!(status, StatusCode::OK);

    let response = promoter
        .get(app.url(&format!("{PROGRAMMES}/{}/export.xlsx", cooks["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], XLSX);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''"),
        "{:?}",
        response.headers()
    );
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");

    let rows = read_rows(&bytes, Some("training.xlsx")).unwrap();
    assert!(
        rows[0][0].contains("尧都面点师班 培训花名册及考核结果"),
        "{:?}",
        rows[0]
    );
    let header = rows
        .iter()
        .find(|r| r[0] == "序号")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(header[1], "姓名");
    assert_eq!(header[6], "考核结果");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.get(1).is_some_and(|c| c == name))
            .cloned()
            .unwrap_or_else(|| panic!("no row for {name}: {rows:?}"))
    };
    let zhao_row = row("赵大山");
    assert!(
        zhao_row[2].contains('*') && zhao_row[2].chars().count() == 18,
        "a masked ID number: {zhao_row:?}"
    );
    assert_eq!(zhao_row[3], YAODU_COMPANY_NAME);
    assert_eq!(zhao_row[4], "是");
    assert_eq!(zhao_row[6], "合格");
    assert_eq!(zhao_row[8], "MD-2026-0001");
    assert_eq!(zhao_row[9], day(0));
    assert_eq!(row("钱春花")[6], "不合格");
    assert!(
        rows.iter()
            .any(|r| r[0] == "报名 / 名额" && r[1] == "2 / 30"),
        "{rows:?}"
    );
    assert_eq!(app.audit_count("training.export", "ok").await, 1);

    // The trainees' company does not run it.
    let (status, _) =
        call(company.get(app.url(&format!("{PROGRAMMES}/{}/export.xlsx", cooks["id"])))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn search(app: &TestApp, employer: &Client, params: &[(&str, &str)]) -> Value {
    let response = employer
        .get(app.url("/api/v1/workers/search"))
        .query(params)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "search {params:?}");
    response.json().await.unwrap()
}

fn group<'a>(report: &'a Value, occupation: &str, region: &str) -> &'a Value {
    report["groups"]
        .as_array()
        .unwrap_or_else(|| panic!("{report}"))
        .iter()
        .find(|g| g["occupation"] == occupation && g["region_code"] == region)
        .unwrap_or_else(|| panic!("no group {occupation} / {region}: {report}"))
}

async fn unmet_demand_groups_become_draft_programmes(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let employer = app.client_for(EMPLOYER).await;

    // Searches that find fewer than three workers, on their first page, are unmet demand.
    let asked = [("occupation", "育婴员"), ("region", "上海")];
    let found = search(&app, &employer, &asked).await;
    assert_eq!(found["total"], 0, "{found}");
    let occupation_chip = found["chips"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["param"] == "occupation")
        .unwrap_or_else(|| panic!("{found}"));
    assert_eq!(occupation_chip["value"], "育婴员");
    search(&app, &employer, &asked).await;
    search(
        &app,
        &employer,
        &[("occupation", "育婴员"), ("region", "上海"), ("page", "2")],
    )
    .await;
    let piano = search(&app, &employer, &[("q", "钢琴调音")]).await;
    assert_eq!(piano["total"], 0, "{piano}");
    assert!(
        !piano["words"].as_array().unwrap().is_empty(),
        "searched as words, no chip: {piano}"
    );

    // Grouped by occupation and region, counted per month of the last six.
    let (status, report) = call(promoter.get(app.url("/api/v1/unmet-demand/groups"))).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let this_month = today().format("%Y-%m").to_string();
    let months = report["months"].as_array().unwrap();
    assert_eq!(months.len(), 6, "{report}");
    assert_eq!(months[5], this_month.as_str());
    let carers = group(&report, "育婴员", "310000");
    assert_eq!(
        carers["searches"], 2,
        "the second page is not counted: {carers}"
    );
    assert_eq!(carers["per_month"], json!([0, 0, 0, 0, 0, 2]));
    assert_eq!(carers["last_month"], this_month.as_str());
    assert!(
        carers["region_name"].as_str().unwrap().contains("上海"),
        "{carers}"
    );
    assert_eq!(carers["drafts"], json!([]));
    // No occupation chip: the words as typed; no region chip: the employer's (北京).
    let pianos = group(&report, "钢琴调音", "110000");
    assert_eq!(pianos["searches"], 1, "{pianos}");
    assert_eq!(pianos["per_month"], json!([0, 0, 0, 0, 0, 1]));

    // Only officials see it.
    for client in [&employer, &company] {
        let (status, _) = call(client.get(app.url("/api/v1/unmet-demand/groups"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = call(app.new_client().get(app.url("/api/v1/unmet-demand/groups"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A group becomes a draft 需求储备式 programme of the promoter's county.
    let draft_url = app.url("/api/v1/unmet-demand/groups/draft");
    let (status, draft) = call(
        promoter
            .post(&draft_url)
            .json(&json!({"occupation": "育婴员", "region_code": "310000"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    assert_eq!(draft["status"], "draft");
    assert_eq!(
        (&draft["mode"], &draft["mode_label"]),
        (&json!("reserve"), &json!("需求储备式"))
    );
    assert_eq!(draft["training_type"], "employment_skills");
    assert_eq!(draft["county_code"], YAODU);
    assert_eq!(draft["occupation"], "育婴员");
    assert_eq!(draft["title"], "育婴员需求储备式培训班");
    assert_eq!((&draft["free"], &draft["seats"]), (&json!(true), &json!(0)));
    let next = today().with_day(1).unwrap() + chrono::Months::new(1);
    assert_eq!(draft["starts_on"], next.format("%Y-%m-%d").to_string());
    assert_eq!(
        draft["ends_on"],
        next.with_day(15).unwrap().format("%Y-%m-%d").to_string()
    );
    let note = draft["demand_note"].as_str().unwrap();
    assert!(
        note.contains("上海") && note.contains("育婴员") && note.contains("2 次"),
        "{note}"
    );
    for (status_expected, key) in [
        (
            StatusCode::NOT_FOUND,
            json!({"occupation": "钢琴调音师", "region_code": "310000"}),
        ),
        (StatusCode::NOT_FOUND, json!({"occupation": "育婴员"})),
        (StatusCode::UNPROCESSABLE_ENTITY, json!({"occupation": " "})),
    ] {
        let (status, answer) = call(promoter.post(&draft_url).json(&key)).await;
        assert_eq!(status, status_expected, "{key}: {answer}");
    }
    let (status, _) = call(
        company
            .post(&draft_url)
            .json(&json!({"occupation": "育婴员", "region_code": "310000"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The draft is the group's, the promoter's, and not the public's.
    let id = draft["id"].as_i64().unwrap();
    let (_, report) = call(promoter.get(app.url("/api/v1/unmet-demand/groups"))).await;
    assert_eq!(group(&report, "育婴员", "310000")["drafts"], json!([id]));
    let (_, elsewhere) = call(
        app.client_for(PROMOTER)
            .await
            .get(app.url("/api/v1/unmet-demand/groups")),
    )
    .await;
    assert_eq!(
        group(&elsewhere, "育婴员", "310000")["drafts"],
        json!([]),
        "another county's drafts are its own"
    );
    let (_, mine) = call(promoter.get(app.url(&format!("{PROGRAMMES}?mine=yes")))).await;
    assert_eq!(ids(&mine), vec![id], "{mine}");
    let public = app.new_client();
    let (_, listed) = call(public.get(app.url(&format!("{PROGRAMMES}?county={YAODU}")))).await;
    assert_eq!(listed["total"], 0, "{listed}");
    let (status, _) = call(public.get(app.url(&format!("{PROGRAMMES}/{id}")))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Completed and published, it is open to all.
    let completed = with(
        form("育婴员需求储备式培训班", true, "25"),
        json!({
            "version": 1, "occupation": "育婴员", "mode": "reserve",
            "starts_on": draft["starts_on"], "ends_on": draft["ends_on"],
        }),
    );
    let (status, published) = call(
        promoter
            .put(app.url(&format!("{PROGRAMMES}/{id}")))
            .json(&completed),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(published["status"], "published");
    assert_eq!(published["demand_note"], note, "the note stays");
    let (_, listed) = call(public.get(app.url(&format!("{PROGRAMMES}?county={YAODU}")))).await;
    assert_eq!(ids(&listed), vec![id], "{listed}");
    assert_eq!(
        app.audit_count("training.programme.draft_from_demand", "ok")
            .await,
        1
    );
}

async fn the_dashboard_counts_workers_whose_first_free_training_has_a_result(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let year = today().year();
    let dashboard = |year: i32| {
        let promoter = promoter.clone();
        let url = app.url(&format!("/api/v1/dashboard?year={year}"));
        async move {
            let (status, figures) = call(promoter.get(url)).await;
            assert_eq!(status, StatusCode::OK, "{figures}");
            figures["training"].clone()
        }
    };
    // 赵大山, 钱春花 and 孙小军 want training; 李四 does not.
    assert_eq!(dashboard(year).await, json!({"willing": 3, "trained": 0}));

    let cooks = create(&app, &promoter, &form("尧都面点师班", true, "30")).await;
    let paid = create(&app, &promoter, &form("尧都烘焙收费班", false, "30")).await;
    let zhao = enrolled(&app, &company, &cooks, named(&workers, "赵大山")).await;
    let qian = enrolled(&app, &company, &cooks, named(&workers, "钱春花")).await;
    let sun = enrolled(&app, &company, &paid, named(&workers, "孙小军")).await;
    let li = enrolled(&app, &company, &cooks, named(&workers, "李四")).await;
    assert_eq!(
        dashboard(year).await,
        json!({"willing": 3, "trained": 0}),
        "enrolled, no result yet"
    );

    // A result, passed or failed, of the first free training counts; a fee-paying training's
    // does not, nor a worker who never wanted training.
    let (status, zhao) = grade(&app, &promoter, &zhao, "passed", "").await;
    assert_eq!(status, StatusCode::OK, "{zhao}");
    let (status, _) = grade(&app, &promoter, &qian, "failed", "").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = grade(&app, &promoter, &sun, "passed", "").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = grade(&app, &promoter, &li, "passed", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(dashboard(year).await, json!({"willing": 3, "trained": 2}));

    // A past counting day: no result had been given by then.
    assert_eq!(dashboard(year - 1).await["trained"], 0);
    // The admin's view of the county agrees.
    let admin = app.client_for(ADMIN).await;
    let (_, county) =
        call(admin.get(app.url(&format!("/api/v1/dashboard?county={YAODU}&year={year}")))).await;
    assert_eq!(
        county["training"],
        json!({"willing": 3, "trained": 2}),
        "{county}"
    );

    // A result taken back no longer counts.
    let (status, _) = grade(&app, &promoter, &zhao, "pending", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(dashboard(year).await, json!({"willing": 3, "trained": 1}));
}

/// How many rounds a race is run: each a fresh chance for the requests to interleave (before
/// the fix, PostgreSQL lost the free-once race in about every other round).
const ROUNDS: u32 = 8;

async fn workers_enrolled_at_once_into_the_last_seat_take_it_once(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let pool = trainees(&app, &company, 3 * ROUNDS).await;
    for (round, three) in pool.chunks(3).enumerate() {
        // One seat, three different workers sent for it at the same time.
        let single = create(
            &app,
            &promoter,
            &form(&format!("尧都面点单人班{round}"), true, "1"),
        )
        .await;
        let (a, b, c) = tokio::join!(
            enrol(&app, &company, &single, three[0], None),
            enrol(&app, &company, &single, three[1], None),
            enrol(&app, &company, &single, three[2], None),
        );
        let answers = [a, b, c];
        let seated: Vec<&Value> = answers
            .iter()
            .filter(|(status, _)| *status == StatusCode::CREATED)
            .map(|(_, enrolment)| enrolment)
            .collect();
        assert_eq!(seated.len(), 1, "round {round}: one seat: {answers:?}");
        assert_eq!(seated[0]["free_once"], true, "round {round}: {answers:?}");
        for (status, error) in answers
            .iter()
            .filter(|(status, _)| *status != StatusCode::CREATED)
        {
            assert_eq!(*status, StatusCode::CONFLICT, "round {round}: {answers:?}");
            assert!(
                error["error"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("名额已满"),
                "round {round}: {error}"
            );
        }
        let (_, detail) =
            call(promoter.get(app.url(&format!("{PROGRAMMES}/{}", single["id"])))).await;
        assert_eq!(
            detail["programme"]["enrolled"], 1,
            "round {round}: {detail}"
        );
        assert_eq!(
            detail["enrolments"].as_array().unwrap().len(),
            1,
            "round {round}: {detail}"
        );
        assert_eq!(detail["programme"]["open_for_enrolment"], false);
    }
    assert_eq!(
        app.audit_count("training.enrol", "ok").await,
        i64::from(ROUNDS)
    );
}

async fn a_worker_enrolled_at_once_into_two_free_programmes_is_free_once_only(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let pool = trainees(&app, &company, ROUNDS).await;
    for (round, &trainee) in pool.iter().enumerate() {
        // Two free programmes, one worker sent to both at the same time, with no reason.
        let cooks = create(
            &app,
            &promoter,
            &form(&format!("尧都面点师班{round}"), true, "30"),
        )
        .await;
        let carers = create(
            &app,
            &promoter,
            &form(&format!("尧都护理员班{round}"), true, "30"),
        )
        .await;
        let (first, second) = tokio::join!(
            enrol(&app, &company, &cooks, trainee, None),
            enrol(&app, &company, &carers, trainee, None),
        );
        let answers = [first, second];
        let taken: Vec<&Value> = answers
            .iter()
            .filter(|(status, _)| *status == StatusCode::CREATED)
            .map(|(_, enrolment)| enrolment)
            .collect();
        assert_eq!(
            taken.len(),
            1,
            "round {round}: never two free trainings: {answers:?}"
        );
        assert_eq!(taken[0]["free_once"], true, "round {round}: {answers:?}");
        let (status, error) = answers
            .iter()
            .find(|(status, _)| *status != StatusCode::CREATED)
            .unwrap();
        assert_eq!(
            *status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "round {round}: {answers:?}"
        );
        assert_eq!(
            error["error"]["details"]["field"], "repeat_reason",
            "round {round}: the later one needs a reason: {error}"
        );

        // The worker has the one training, the free one.
        let (status, trainings) =
            call(company.get(app.url(&format!("/api/v1/workers/{trainee}/trainings")))).await;
        assert_eq!(status, StatusCode::OK, "{trainings}");
        let trainings = trainings.as_array().unwrap();
        assert_eq!(trainings.len(), 1, "round {round}: {trainings:?}");
        assert_eq!(trainings[0]["id"], taken[0]["id"]);
        assert_eq!(trainings[0]["free_once"], true);
    }
}

async fn a_fail_takes_back_a_rejected_training_claim_which_cannot_be_resubmitted(app: TestApp) {
    let (promoter, company) = yaodu(&app).await;
    let workers = roster(&app, &company).await;
    let zhao = named(&workers, "赵大山");
    let cooks = create(&app, &promoter, &form("尧都面点师班", true, "30")).await;
    let enrolment = enrolled(&app, &company, &cooks, zhao).await;
    let (status, passed) = grade(&app, &promoter, &enrolment, "passed", "MD-2026-0001").await;
    assert_eq!(status, StatusCode::OK, "{passed}");
    let training = claims(&app, &company, "training").await;
    assert_eq!(training.len(), 1, "{training:?}");
    assert_eq!(training[0]["worker_id"], zhao);
    let appraisal = claims(&app, &company, "skill_appraisal").await;
    assert_eq!(appraisal.len(), 1, "{appraisal:?}");
    assert_eq!(appraisal[0]["state"], "computed");

    // The company submits the training claim with its evidence; the promoter rejects it.
    let claim_url = |action: &str| {
        app.url(&format!(
            "/api/v1/subsidy-claims/{}{action}",
            training[0]["id"]
        ))
    };
    let (status, evidenced) = call(company.put(claim_url("/evidence")).json(&json!({
        "row_version": training[0]["row_version"],
        "evidence": "尧都区职业技术学校结业名单", "travel_cost_yuan": "",
    })))
    .await;
    assert_eq!(status, StatusCode::OK, "{evidenced}");
    let (status, submitted) = call(
        company
            .post(claim_url("/submit"))
            .json(&json!({"row_version": evidenced["row_version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["state"], "submitted");
    let (status, rejected) = call(promoter.post(claim_url("/reject")).json(&json!({
        "row_version": submitted["row_version"], "reason": "结业名单缺少签章",
    })))
    .await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["state"], "rejected");

    // A rejected claim no longer holds the result: the trainee is failed.
    let (status, failed) = grade(&app, &promoter, &passed, "failed", "").await;
    assert_eq!(status, StatusCode::OK, "{failed}");
    assert_eq!(failed["certificate_id"], Value::Null, "{failed}");

    // Both claims are gone, the rejected one too: nothing is left to resubmit.
    assert_eq!(
        claims(&app, &company, "training").await,
        Vec::<Value>::new(),
        "a failed trainee keeps no training claim"
    );
    assert_eq!(
        claims(&app, &company, "skill_appraisal").await,
        Vec::<Value>::new()
    );
    assert_eq!(
        claims(&app, &promoter, "training").await,
        Vec::<Value>::new(),
        "nor does the county see one"
    );
    let (status, _) = call(company.get(claim_url(""))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, answer) = call(
        company
            .post(claim_url("/submit"))
            .json(&json!({"row_version": rejected["row_version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    let (status, _) = call(
        promoter
            .post(claim_url("/approve"))
            .json(&json!({"row_version": rejected["row_version"]})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A pass given again earns a fresh claim, computed, to be evidenced and submitted anew.
    let (status, _) = grade(&app, &promoter, &failed, "passed", "").await;
    assert_eq!(status, StatusCode::OK);
    let fresh = claims(&app, &company, "training").await;
    assert_eq!(fresh.len(), 1, "{fresh:?}");
    assert_eq!(fresh[0]["state"], "computed", "{fresh:?}");
    assert_ne!(fresh[0]["id"], training[0]["id"]);
}

async fn a_draft_shows_in_its_own_occupation_and_region_group_only(app: TestApp) {
    let (promoter, _) = yaodu(&app).await;
    let employer = app.client_for(EMPLOYER).await;

    // The same occupation asked for in two regions: two groups.
    for region in ["上海", "北京"] {
        let found = search(
            &app,
            &employer,
            &[("occupation", "育婴员"), ("region", region)],
        )
        .await;
        assert_eq!(found["total"], 0, "{found}");
    }
    let groups_url = app.url("/api/v1/unmet-demand/groups");
    let (status, report) = call(promoter.get(&groups_url)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    for region in ["310000", "110000"] {
        let asked = group(&report, "育婴员", region);
        assert_eq!(asked["searches"], 1, "{asked}");
        assert_eq!(asked["drafts"], json!([]), "{asked}");
    }

    // A draft from the Shanghai group is that group's only.
    let draft_url = app.url("/api/v1/unmet-demand/groups/draft");
    let (status, shanghai) = call(
        promoter
            .post(&draft_url)
            .json(&json!({"occupation": "育婴员", "region_code": "310000"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{shanghai}");
    let shanghai = shanghai["id"].as_i64().unwrap();
    let (_, report) = call(promoter.get(&groups_url)).await;
    assert_eq!(
        group(&report, "育婴员", "310000")["drafts"],
        json!([shanghai]),
        "{report}"
    );
    assert_eq!(
        group(&report, "育婴员", "110000")["drafts"],
        json!([]),
        "not the Beijing group's: {report}"
    );

    // The Beijing group's own draft is its own.
    let (status, beijing) = call(
        promoter
            .post(&draft_url)
            .json(&json!({"occupation": "育婴员", "region_code": "110000"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{beijing}");
    let beijing = beijing["id"].as_i64().unwrap();
    assert_ne!(beijing, shanghai);
    let (_, report) = call(promoter.get(&groups_url)).await;
    assert_eq!(
        group(&report, "育婴员", "310000")["drafts"],
        json!([shanghai]),
        "{report}"
    );
    assert_eq!(
        group(&report, "育婴员", "110000")["drafts"],
        json!([beijing]),
        "{report}"
    );
}
