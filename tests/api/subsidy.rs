//! 员工制, flexible-employment insurance and subsidy claims over HTTP: the flow from a signed
//! 员工制 contract through enrolment, contributions (by hand and from an agency statement with
//! bad rows), computed claims with their explanations, submission, approval and payment;
//! idempotent recomputation backed by a unique constraint; parameter versions that never
//! change an approved claim; and who may see and do what.

use app::domain::role::{Role, Scope};
use laowu_tests::{ADMIN, EMPLOYER, PROMOTER, TestApp, on_both_databases_with_cast, send_json};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};
use server::crypto::{PiiKind, PiiVault};
use server::db::entities::{company, subsidy_claim, worker};
use server::secrets::SecretKeys;

on_both_databases_with_cast!(
    a_company_enrols_records_contributions_and_is_paid_its_claims,
    recomputing_never_makes_a_second_claim,
    a_new_parameter_version_never_changes_an_approved_claim,
    each_side_sees_and_decides_only_its_own_claims,
    an_xlsx_statement_imports_like_csv_and_all_or_nothing_writes_nothing_on_a_bad_row,
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

/// A worker placed in Beijing under a signed 员工制 contract from 2026-06-01.
struct Deal {
    employer: reqwest::Client,
    company: reqwest::Client,
    worker: worker::Model,
    id_number: String,
    contract_id: i64,
}

async fn signed_employee_system_deal(app: &TestApp) -> Deal {
    let company_id = company_user(app, CHUYI_COMPANY, CHUYI).await;
    let worker = worker::Entity::find()
        .filter(worker::Column::CompanyId.eq(company_id))
        .filter(worker::Column::ConsentAt.is_not_null())
        .filter(worker::Column::Active.eq(true))
        .order_by_asc(worker::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let employer = app.client_for(EMPLOYER).await;
    let company = app.client_for(CHUYI).await;
    let sent = send_json(employer.post(app.url("/api/v1/hire-requests")).json(&json!({
        "worker_ids": [worker.id],
        "terms": {
            "position": "中餐厨师", "place": "北京市朝阳区京味楼总店", "region_code": "110000",
            "monthly_wage_yuan": "8000", "start_date": "2099-03-01", "term_months": "24",
            "conditions": "包吃住", "message": "",
        }
    })))
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
    let draft = send_json(employer.get(app.url("/api/v1/contracts"))).await[0].clone();
    let t = &draft["terms"];
    let edited = send_json(
        company
            .put(app.url(&format!("/api/v1/contracts/{}", draft["id"])))
            .json(&json!({
                "row_version": draft["row_version"],
                "terms": {
                    "kind": "employee_system", "term_kind": "fixed",
                    "start_date": "2026-06-01", "end_date": "2028-05-31",
                    "probation_months": "1", "position": t["position"], "place": t["place"],
                    "monthly_wage_yuan": "8000", "pay_day": "10",
                    "hours_system": "comprehensive", "flexible_hours": true,
                    "negotiated_pay": false, "rotation": true, "clauses": t["clauses"],
                }
            })),
    )
    .await;
    assert_eq!(edited["terms"]["kind"], "employee_system", "{edited}");
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
    let keys = SecretKeys::load_or_create(&app.settings.data_dir).unwrap();
    let id_number = PiiVault::new(&keys)
        .decrypt(PiiKind::IdNumber, &worker.id_number_enc)
        .unwrap();
    Deal {
        employer,
        company,
        worker,
        id_number,
        contract_id: both["id"].as_i64().unwrap(),
    }
}

async fn call(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Enrols the deal's worker in 员工制 and both schemes from 2026-06 at a 3,000-yuan base;
/// returns the (pension, medical) enrolment ids.
async fn enrolled(app: &TestApp, deal: &Deal) -> (i64, i64) {
    let (status, enrolment) = call(deal.company.post(app.url("/api/v1/employee-system")).json(
        &json!({
            "contract_id": deal.contract_id,
            "work_arrangements": ["flexible_hours", "rotation"],
            "started_on": "2026-06-01",
        }),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{enrolment}");
    let (status, schemes) = call(
        deal.company
            .post(app.url("/api/v1/insurance/enrolments"))
            .json(&json!({
                "worker_id": deal.worker.id, "schemes": ["pension", "medical"],
                "start_period": "2026-06", "monthly_base_yuan": "3000",
            })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{schemes}");
    let id_of = |scheme: &str| {
        schemes
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["scheme"] == scheme)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    (id_of("pension"), id_of("medical"))
}

async fn record(app: &TestApp, deal: &Deal, enrolment: i64, period: &str, paid: &str) -> Value {
    let (status, view) = call(
        deal.company
            .post(app.url(&format!(
                "/api/v1/insurance/enrolments/{enrolment}/contributions"
            )))
            .json(&json!({
                "period": period, "base_yuan": "3000", "paid_yuan": paid,
                "paid_on": format!("{period}-20"),
            })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    view
}

async fn import(app: &TestApp, client: &reqwest::Client, csv: String) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.into_bytes())
            .file_name("statement.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    call(
        client
            .post(app.url("/api/v1/insurance/import"))
            .multipart(form),
    )
    .await
}

async fn claims(app: &TestApp, client: &reqwest::Client, query: &str) -> Vec<Value> {
    let listed = send_json(client.get(app.url(&format!("/api/v1/subsidy-claims{query}")))).await;
    listed
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{listed}"))
}

async fn step(
    app: &TestApp,
    client: &reqwest::Client,
    claim: &Value,
    action: &str,
    extra: Value,
) -> (StatusCode, Value) {
    let mut body = json!({"row_version": claim["row_version"]});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    call(
        client
            .post(app.url(&format!("/api/v1/subsidy-claims/{}/{action}", claim["id"])))
            .json(&body),
    )
    .await
}

async fn with_evidence(
    app: &TestApp,
    client: &reqwest::Client,
    claim: &Value,
    cost: &str,
) -> Value {
    let (status, updated) = call(
        client
            .put(app.url(&format!("/api/v1/subsidy-claims/{}/evidence", claim["id"])))
            .json(&json!({
                "row_version": claim["row_version"],
                "evidence": "缴费凭证 2026-06 / G123 次车票",
                "travel_cost_yuan": cost,
            })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    updated
}

fn find<'a>(claims: &'a [Value], kind: &str, period: Option<&str>) -> &'a Value {
    claims
        .iter()
        .find(|c| c["kind"] == kind && period.is_none_or(|p| c["period"] == p))
        .unwrap_or_else(|| panic!("no {kind} {period:?} claim in {claims:?}"))
}

async fn a_company_enrols_records_contributions_and_is_paid_its_claims(app: TestApp) {
    // Arrange: a signed 员工制 contract for a placement in Beijing.
    let deal = signed_employee_system_deal(&app).await;
    let transport = claims(&app, &deal.company, "?kind=transport").await;
    assert_eq!(transport.len(), 1, "signing computes the transport claim");
    assert_eq!(transport[0]["amount_fen"], 0, "until the cost is known");
    assert_eq!(transport[0]["year"], 2026);
    assert_eq!(transport[0]["state"], "computed");
    assert_eq!(transport[0]["state_label"], "待填写交通费用");

    // A base below the floor is refused with the range in yuan (default average wage
    // 88,000 a year: 7,333.33 a month; 40% = 2,933.34, 300% = 22,000.00).
    let (status, refused) = call(
        deal.company
            .post(app.url("/api/v1/insurance/enrolments"))
            .json(&json!({
                "worker_id": deal.worker.id, "schemes": ["pension"],
                "start_period": "2026-06", "monthly_base_yuan": "2000",
            })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(
        refused["error"]["details"]["field"], "monthly_base_yuan",
        "{refused}"
    );
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(message.contains("2933.34 元至 22000.00 元"), "{message}");

    // Act: enrol, record June by hand, import July and August from the agency's statement.
    let (pension, medical) = enrolled(&app, &deal).await;
    record(&app, &deal, pension, "2026-06", "600").await;
    let (name, id) = (&deal.worker.name, &deal.id_number);
    let statement = format!(
        "身份证号,姓名,险种,费款所属期,缴费基数,实缴金额,缴费日期\n\
         {id},{name},养老,2026-07,3000,600,2026-07-20\n\
         {id},{name},基本养老保险,202608,3000,600.00,2026-08-20\n\
         {id},{name},医疗,2026-07,3000,240,2026-07-20\n\
         141027199001011230,{name},养老,2026-07,3000,600,2026-07-20\n\
         {id},{name},养老,2026-13,3000,600,2026-07-20\n\
         {id},{name},养老,2026-09,1000,200,2026-09-20\n\
         {id},{name},养老,2026-07,3000,600,2026-07-20\n\
         {id},{name},工伤,2026-07,3000,600,2026-07-20\n"
    );
    let (status, report) = import(&app, &deal.company, statement.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");

    // Assert: good rows in, each bad row named with its column.
    assert_eq!(report["inserted"], 3, "{report}");
    let rejected: Vec<(u64, &str)> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["column"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rejected,
        [
            (5, "身份证号"),
            (6, "费款所属期"),
            (7, "缴费基数"),
            (8, "费款所属期"),
            (9, "险种")
        ],
        "{report}"
    );
    let (_, again) = import(&app, &deal.company, statement).await;
    assert_eq!(
        (&again["inserted"], &again["updated"], &again["unchanged"]),
        (&json!(0), &json!(0), &json!(3)),
        "a statement imported twice changes nothing: {again}"
    );

    // Months due and unpaid are arrears (pension 600.00 = 3,000 × 20%, medical 240.00).
    let pension_view = send_json(
        deal.company
            .get(app.url(&format!("/api/v1/insurance/enrolments/{pension}"))),
    )
    .await;
    assert_eq!(
        pension_view["arrears"]["months"][0], "2026-09",
        "{pension_view}"
    );
    assert_eq!(pension_view["contributions"][0]["due_fen"], 60_000);
    let medical_view = send_json(
        deal.company
            .get(app.url(&format!("/api/v1/insurance/enrolments/{medical}"))),
    )
    .await;
    assert_eq!(
        medical_view["arrears"]["months"][0], "2026-06",
        "{medical_view}"
    );
    assert_eq!(
        medical_view["arrears"]["months"][1], "2026-08",
        "{medical_view}"
    );

    // One social-insurance claim per month and scheme: two thirds, rounded down to the fen.
    let all = claims(&app, &deal.company, "?kind=social_insurance").await;
    assert_eq!(all.len(), 4, "{all:?}");
    let june = find(&all, "social_insurance", Some("2026-06"));
    assert_eq!(june["amount_fen"], 40_000);
    assert_eq!(june["explanation"]["parameter_version"], 1);
    let formula = june["explanation"]["formula"].as_str().unwrap();
    assert!(formula.contains("600.00 × 2/3"), "{formula}");
    assert!(formula.contains("第 1 个补贴月"), "{formula}");
    let medical_july = all
        .iter()
        .find(|c| c["period"] == "2026-07" && c["amount_fen"] == 16_000)
        .unwrap_or_else(|| panic!("240.00 paid earns 160.00: {all:?}"));
    assert_eq!(medical_july["state"], "computed");

    // The board: three subsidised months of 36, five claims.
    let board = send_json(deal.company.get(app.url("/api/v1/employee-system"))).await;
    let row = &board[0];
    assert_eq!(row["enrolment"]["worker_id"], deal.worker.id, "{board}");
    assert_eq!(row["subsidised_months"], 3, "{row}");
    assert_eq!(row["max_subsidised_months"], 36);
    assert_eq!(row["claims"], 5, "{row}");
    assert_eq!(row["insurance_state"], "基本养老保险、基本医疗保险");
    assert!(
        row["arrears_fen"].as_i64().unwrap() >= 120_000 + 96_000,
        "{row}"
    );
    let export = deal
        .company
        .get(app.url("/api/v1/employee-system/export.xlsx?sort=arrears&order=desc"))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export.bytes().await.unwrap().starts_with(b"PK"),
        "an xlsx is a zip"
    );

    // Submitting needs evidence; the transport claim's amount follows the cost, capped.
    let (status, refused) = step(&app, &deal.company, june, "submit", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let transport = with_evidence(&app, &deal.company, &transport[0], "1200").await;
    assert_eq!(transport["amount_fen"], 80_000, "capped at 800 yuan");
    assert_eq!(transport["travel_cost_fen"], 120_000);
    let (status, submitted) = step(&app, &deal.company, &transport, "submit", json!({})).await;
    assert_eq!(
        (status, &submitted["state"]),
        (StatusCode::OK, &json!("submitted"))
    );

    // The county's promoter approves and pays it; paying needs a payment reference.
    let promoter = app.client_for(PROMOTER).await;
    assert_eq!(
        transport["county_code"], "141027",
        "the worker's home county"
    );
    let (status, approved) = step(&app, &promoter, &submitted, "approve", json!({})).await;
    assert_eq!(
        (status, &approved["state"]),
        (StatusCode::OK, &json!("approved")),
        "{approved}"
    );
    let (status, refused) = step(&app, &promoter, &approved, "pay", json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["details"]["field"], "payment_reference");
    let (status, paid) = step(
        &app,
        &promoter,
        &approved,
        "pay",
        json!({"payment_reference": "HX2026112900017"}),
    )
    .await;
    assert_eq!(
        (status, &paid["state"]),
        (StatusCode::OK, &json!("paid")),
        "{paid}"
    );
    let inbox = send_json(deal.company.get(app.url("/api/v1/inbox"))).await;
    assert_eq!(inbox["messages"][0]["kind"], "claim.paid", "{inbox}");

    // Totals by county, kind and year, and the finance office's workbook.
    let totals = send_json(promoter.get(app.url("/api/v1/subsidy-claims/totals?year=2026"))).await;
    let transport_total = totals
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "transport")
        .unwrap();
    assert_eq!(transport_total["paid_fen"], 80_000, "{totals}");
    let social = totals
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "social_insurance")
        .unwrap();
    assert_eq!(social["computed_fen"], 40_000 * 3 + 16_000, "{totals}");
    let workbook = promoter
        .get(app.url("/api/v1/subsidy-claims/export.xlsx?year=2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(workbook.status(), StatusCode::OK);
    assert!(workbook.bytes().await.unwrap().starts_with(b"PK"));
}

async fn recomputing_never_makes_a_second_claim(app: TestApp) {
    // Arrange
    let deal = signed_employee_system_deal(&app).await;
    let (pension, _) = enrolled(&app, &deal).await;
    record(&app, &deal, pension, "2026-06", "600").await;
    let before = subsidy_claim::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(before.len(), 2, "transport + one month: {before:?}");

    // Act: recompute twice, and record the same month again.
    let admin = app.client_for(ADMIN).await;
    for _ in 0..2 {
        let (status, report) = call(admin.post(app.url("/api/v1/subsidy-claims/recompute"))).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 0, "{report}");
        assert_eq!(report["updated"], 0, "{report}");
    }
    record(&app, &deal, pension, "2026-06", "600").await;

    // Assert: the same claims, and the database itself refuses a duplicate.
    let after = subsidy_claim::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(after, before);
    let mut duplicate: subsidy_claim::ActiveModel = before[0].clone().into();
    duplicate.id = sea_orm::ActiveValue::NotSet;
    assert!(
        duplicate.insert(&app.db).await.is_err(),
        "the unique (kind, fact_key) index refuses a second claim for the same facts"
    );
}

async fn a_new_parameter_version_never_changes_an_approved_claim(app: TestApp) {
    // Arrange: June approved, July still computed.
    let deal = signed_employee_system_deal(&app).await;
    let (pension, _) = enrolled(&app, &deal).await;
    record(&app, &deal, pension, "2026-06", "600").await;
    record(&app, &deal, pension, "2026-07", "600").await;
    let all = claims(&app, &deal.company, "?kind=social_insurance").await;
    let june = with_evidence(
        &app,
        &deal.company,
        find(&all, "social_insurance", Some("2026-06")),
        "",
    )
    .await;
    let (_, june) = step(&app, &deal.company, &june, "submit", json!({})).await;
    let promoter = app.client_for(PROMOTER).await;
    let (status, june) = step(&app, &promoter, &june, "approve", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{june}");
    let mut poor: worker::ActiveModel = deal.worker.clone().into();
    poor.poverty_registered = Set(true);
    poor.update(&app.db).await.unwrap();

    // Act: the county halves the share and sets the employer's hiring subsidy from July.
    let (status, version) = call(promoter.post(app.url("/api/v1/policy-parameters")).json(&json!({
        "county_code": "141027", "effective_from": "2026-07-01", "effective_to": "",
        "annual_average_wage_yuan": "88000", "base_floor_percent": "40",
        "base_ceiling_percent": "300", "pension_rate_percent": "20", "medical_rate_percent": "8",
        "transport_cap_yuan": "800", "insurance_share": "1/2", "insurance_max_months": "36",
        "employer_hiring_yuan": "1000", "employer_insurance_monthly_yuan": "0",
        "note": "浮山县人社局 2026 年第 3 号",
    })))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{version}");
    let (status, bad) = call(promoter.post(app.url("/api/v1/policy-parameters")).json(&json!({
        "county_code": "141027", "effective_from": "2026-07-01", "insurance_share": "4/3",
        "annual_average_wage_yuan": "88000", "base_floor_percent": "40",
        "base_ceiling_percent": "300", "pension_rate_percent": "20", "medical_rate_percent": "8",
        "transport_cap_yuan": "800", "insurance_max_months": "36",
        "employer_hiring_yuan": "0", "employer_insurance_monthly_yuan": "0",
    })))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert_eq!(bad["error"]["details"]["field"], "insurance_share");

    // Assert: June keeps its amount and version; July, still computed, follows the county's
    // version in force on 2026-07-01; the employer now has its hiring subsidy.
    let all = claims(&app, &deal.company, "?kind=social_insurance").await;
    let june_after = find(&all, "social_insurance", Some("2026-06"));
    assert_eq!(june_after["state"], "approved");
    assert_eq!(june_after["amount_fen"], 40_000);
    assert_eq!(june_after["policy_version_id"], 1);
    let july = find(&all, "social_insurance", Some("2026-07"));
    assert_eq!(july["amount_fen"], 30_000, "{july}");
    assert_eq!(july["policy_version_id"], version["id"]);
    let employer_claims = claims(&app, &deal.employer, "").await;
    assert_eq!(employer_claims.len(), 1, "{employer_claims:?}");
    assert_eq!(employer_claims[0]["kind"], "employer_hiring");
    assert_eq!(employer_claims[0]["amount_fen"], 100_000);
    assert_eq!(
        employer_claims[0]["worker_name"]
            .as_str()
            .unwrap()
            .chars()
            .nth(1),
        Some('*')
    );
    // The employer claims it itself; the company cannot.
    let (status, _) = step(
        &app,
        &deal.company,
        &employer_claims[0],
        "submit",
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not the company's claim");
    let with_receipt = with_evidence(&app, &deal.employer, &employer_claims[0], "").await;
    let (status, submitted) = step(&app, &deal.employer, &with_receipt, "submit", json!({})).await;
    assert_eq!(
        (status, &submitted["state"]),
        (StatusCode::OK, &json!("submitted")),
        "{submitted}"
    );
    let versions = send_json(deal.company.get(app.url("/api/v1/policy-parameters"))).await;
    assert_eq!(versions.as_array().unwrap().len(), 2, "{versions}");
}

async fn each_side_sees_and_decides_only_its_own_claims(app: TestApp) {
    // Arrange
    let deal = signed_employee_system_deal(&app).await;
    let (pension, _) = enrolled(&app, &deal).await;
    record(&app, &deal, pension, "2026-06", "600").await;
    let own = claims(&app, &deal.company, "").await;
    assert_eq!(own.len(), 2);
    let claim = find(&own, "social_insurance", None).clone();
    let claim = with_evidence(&app, &deal.company, &claim, "").await;
    company_user(&app, QUWO_COMPANY, QUWO).await;
    let other_company = app.client_for(QUWO).await;
    app.create_user(
        Role::Promoter,
        Scope::County {
            code: "141023".into(),
        },
        "xiangfen",
        "xiangfen-promoter-2026",
    )
    .await;
    let other_promoter = app.client_for(("xiangfen", "xiangfen-promoter-2026")).await;

    // Act + Assert: another company sees nothing and cannot touch the records.
    assert!(claims(&app, &other_company, "").await.is_empty());
    let (status, _) =
        call(other_company.get(app.url(&format!("/api/v1/subsidy-claims/{}", claim["id"])))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = step(&app, &other_company, &claim, "submit", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        other_company
            .post(app.url(&format!("/api/v1/insurance/enrolments/{pension}/contributions")))
            .json(&json!({"period": "2026-07", "base_yuan": "3000", "paid_yuan": "600", "paid_on": "2026-07-20"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The employer sees no worker claims and no 员工制 board.
    assert!(claims(&app, &deal.employer, "").await.is_empty());
    let (status, _) = call(deal.employer.get(app.url("/api/v1/employee-system"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The company cannot approve its own claim; another county's promoter cannot see it.
    let (status, submitted) = step(&app, &deal.company, &claim, "submit", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    let (status, _) = step(&app, &deal.company, &submitted, "approve", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = step(&app, &other_promoter, &submitted, "approve", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Rejection needs a reason and goes back to the company, who may submit again.
    let promoter = app.client_for(PROMOTER).await;
    let (status, refused) = step(&app, &promoter, &submitted, "reject", json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["details"]["field"], "reason");
    let (status, rejected) = step(
        &app,
        &promoter,
        &submitted,
        "reject",
        json!({"reason": "缴费凭证不清晰"}),
    )
    .await;
    assert_eq!(
        (status, &rejected["state"]),
        (StatusCode::OK, &json!("rejected"))
    );
    let (status, stale) = step(&app, &promoter, &submitted, "approve", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale row_version: {stale}");
    let (status, again) = step(&app, &deal.company, &rejected, "submit", json!({})).await;
    assert_eq!(
        (status, &again["state"]),
        (StatusCode::OK, &json!("submitted"))
    );
    // Nobody signed in gets nothing.
    let (status, _) = call(app.new_client().get(app.url("/api/v1/subsidy-claims"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Money is integer fen in every answer.
    assert!(again["amount_fen"].is_i64(), "{again}");
}

async fn an_xlsx_statement_imports_like_csv_and_all_or_nothing_writes_nothing_on_a_bad_row(
    app: TestApp,
) {
    use server::services::ledger_file::{LedgerFormat, write_rows};
    // Arrange
    let deal = signed_employee_system_deal(&app).await;
    let (pension, _) = enrolled(&app, &deal).await;
    let row = |period: &str, paid: &str| {
        vec![
            deal.id_number.clone(),
            "养老".to_string(),
            period.to_string(),
            "3000".to_string(),
            paid.to_string(),
            format!("{period}-20"),
        ]
    };
    let header: Vec<String> = [
        "身份证号",
        "险种",
        "费款所属期",
        "缴费基数",
        "实缴金额",
        "缴费日期",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    let upload = |bytes: Vec<u8>, name: &'static str, mode: &'static str| {
        let form = reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            )
            .text("mode", mode);
        deal.company
            .post(app.url("/api/v1/insurance/import"))
            .multipart(form)
    };

    // Act: an all-or-nothing statement with one bad row, then the same months as .xlsx.
    let bad = write_rows(
        &[header.clone(), row("2026-06", "600"), row("2026-07", "abc")],
        LedgerFormat::Csv,
    )
    .unwrap();
    let (status, refused) = call(upload(bad, "statement.csv", "all_or_nothing")).await;
    let xlsx = write_rows(
        &[header, row("2026-06", "600"), row("2026-07", "600.5")],
        LedgerFormat::Xlsx,
    )
    .unwrap();
    let (xlsx_status, imported) = call(upload(xlsx, "statement.xlsx", "good_rows")).await;

    // Assert
    assert_eq!(status, StatusCode::OK, "{refused}");
    assert_eq!(refused["written"], false, "{refused}");
    assert_eq!(refused["rejected"][0]["column"], "实缴金额", "{refused}");
    assert_eq!(xlsx_status, StatusCode::OK, "{imported}");
    assert_eq!(imported["inserted"], 2, "{imported}");
    let view = send_json(
        deal.company
            .get(app.url(&format!("/api/v1/insurance/enrolments/{pension}"))),
    )
    .await;
    let july = &view["contributions"][0];
    assert_eq!(
        (&july["period"], &july["paid_fen"], &july["source"]),
        (&json!("2026-07"), &json!(60_050), &json!("statement")),
        "{view}"
    );
    let all = claims(&app, &deal.company, "?kind=social_insurance").await;
    let july_claim = find(&all, "social_insurance", Some("2026-07"));
    assert_eq!(
        july_claim["amount_fen"], 40_033,
        "600.50 × 2/3 = 400.333… → 400.33"
    );
}
