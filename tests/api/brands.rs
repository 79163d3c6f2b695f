//! Brands, memberships (加盟), certificate checks, export bases, company registration and the
//! public brand pages: who may do what, what is recorded, and what the public sees.

use app::domain::credit_code;
use app::domain::id_number::with_check_char;
use app::domain::role::{Role, Scope};
use laowu_tests::{ADMIN, COMPANY, EMPLOYER, PROMOTER, TestApp, on_both_databases, send_json};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

on_both_databases!(
    promoters_create_and_edit_only_their_county_s_brands,
    a_membership_is_applied_for_decided_and_audited,
    verified_certificates_make_certified_and_available_workers,
    a_changed_certificate_must_be_verified_again,
    export_bases_tie_together_a_county_s_companies,
    a_company_registers_and_its_user_signs_in,
    public_brand_pages_show_counts_and_no_personal_data,
    the_brand_server_functions_answer_plain_form_posts_with_redirects,
    a_further_certificate_is_checked_and_counts_for_its_occupation,
);

/// A promoter of 襄汾县, another county than the demo promoter's 浮山县.
const XIANGFEN_PROMOTER: (&str, &str) = ("xiangfen", "xiangfen-promoter-2026");

async fn add_xiangfen_promoter(app: &TestApp) -> Client {
    app.create_user(
        Role::Promoter,
        Scope::County {
            code: "141023".into(),
        },
        XIANGFEN_PROMOTER.0,
        XIANGFEN_PROMOTER.1,
    )
    .await;
    app.client_for(XIANGFEN_PROMOTER).await
}

fn brand_form(slug: &str, name: &str, county: &str) -> Value {
    json!({
        "slug": slug,
        "name": name,
        "county_code": county,
        "occupations": "中式烹调师、中式面点师",
        "standard_text": "持证上岗，统一着装，明码标价",
        "standard_version": "2026 版",
        "tier": "county",
        "tier_granted_by": "浮山县人力资源和社会保障局",
        "tier_granted_on": "2026-03-01",
        "trademark_number": "70123456",
        "story": "从浮山走出去的厨师"
    })
}

async fn status_and_body(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn promoters_create_and_edit_only_their_county_s_brands(app: TestApp) {
    let promoter = app.client_for(PROMOTER).await;
    let (status, created) =
        status_and_body(promoter.post(app.url("/api/v1/brands")).json(&brand_form(
            "fushan-mianshi",
            "浮山面食",
            "141027",
        )))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["summary"]["tier_label"], "县级");
    assert_eq!(created["standard_version"], "2026 版");
    assert_eq!(created["version"], 1);

    // Another county's brand: refused, nothing saved.
    let (status, body) =
        status_and_body(promoter.post(app.url("/api/v1/brands")).json(&brand_form(
            "xiangfen-mianshi",
            "襄汾面食",
            "141023",
        )))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        app.get("/api/v1/brands/xiangfen-mianshi").await.status(),
        StatusCode::NOT_FOUND
    );

    // Names are unique; the error names the field.
    let (status, body) =
        status_and_body(promoter.post(app.url("/api/v1/brands")).json(&brand_form(
            "fushan-chushi-2",
            "浮山厨师",
            "141027",
        )))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["details"]["field"], "name");

    // A recognised tier needs who granted it.
    let mut incomplete = brand_form("fushan-tang", "浮山汤", "141027");
    incomplete["tier_granted_by"] = json!("");
    let (status, body) =
        status_and_body(promoter.post(app.url("/api/v1/brands")).json(&incomplete)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["field"], "tier_granted_by");

    // Edit with the version read; a stale version is a conflict and changes nothing.
    let mut edit = brand_form("fushan-mianshi", "浮山面食", "141027");
    edit["tier"] = json!("city");
    edit["tier_granted_by"] = json!("临汾市人力资源和社会保障局");
    edit["version"] = json!(1);
    let (status, edited) = status_and_body(
        promoter
            .put(app.url("/api/v1/brands/fushan-mianshi"))
            .json(&edit),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["summary"]["tier"], "city");
    assert_eq!(edited["version"], 2);
    edit["story"] = json!("stale");
    let (status, _) = status_and_body(
        promoter
            .put(app.url("/api/v1/brands/fushan-mianshi"))
            .json(&edit),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let stored = app.get_json("/api/v1/brands/fushan-mianshi").await;
    assert_eq!(stored["story"], "从浮山走出去的厨师");

    // Another county's promoter cannot edit it; a company cannot create brands.
    let xiangfen = add_xiangfen_promoter(&app).await;
    edit["version"] = json!(2);
    let (status, _) = status_and_body(
        xiangfen
            .put(app.url("/api/v1/brands/fushan-mianshi"))
            .json(&edit),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let company = app.client_for(COMPANY).await;
    let (status, _) = status_and_body(company.post(app.url("/api/v1/brands")).json(&brand_form(
        "x-y",
        "某品牌",
        "141027",
    )))
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The admin manages city-wide brands.
    let admin = app.client_for(ADMIN).await;
    let (status, body) = status_and_body(admin.post(app.url("/api/v1/brands")).json(&brand_form(
        "linfen-huagong",
        "临汾护工",
        "",
    )))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["summary"]["county_name"], "临汾市");

    assert_eq!(app.audit_count("brand.create", "ok").await, 2);
    assert_eq!(app.audit_count("brand.update", "ok").await, 1);
}

async fn apply(client: &Client, app: &TestApp, slug: &str) -> (StatusCode, Value) {
    status_and_body(client.post(app.url(&format!("/api/v1/brands/{slug}/memberships")))).await
}

async fn decide(
    client: &Client,
    app: &TestApp,
    id: i64,
    decision: &str,
    reason: Option<&str>,
) -> (StatusCode, Value) {
    status_and_body(
        client
            .post(app.url(&format!("/api/v1/memberships/{id}/decision")))
            .json(&json!({ "decision": decision, "reason": reason })),
    )
    .await
}

async fn a_membership_is_applied_for_decided_and_audited(app: TestApp) {
    // The demo company is already a member; a second 浮山县 company applies.
    let (status, _) = apply(&app.client_for(COMPANY).await, &app, "fushan-chushi").await;
    assert_eq!(status, StatusCode::CONFLICT, "already a member");
    app.create_company_in(
        "141027",
        "浮山县好厨劳务有限公司",
        "haochu",
        "haochu-password-1",
    )
    .await;
    let company = app.client_for(("haochu", "haochu-password-1")).await;
    let (status, applied) = apply(&company, &app, "fushan-chushi").await;
    assert_eq!(status, StatusCode::CREATED, "{applied}");
    assert_eq!(applied["status"], "pending");
    let id = applied["id"].as_i64().unwrap();
    let (status, again) = apply(&company, &app, "fushan-chushi").await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");

    // Only the brand county's promoter sees and decides it.
    let xiangfen = add_xiangfen_promoter(&app).await;
    let theirs = send_json(xiangfen.get(app.url("/api/v1/memberships"))).await;
    assert_eq!(theirs.as_array().map(Vec::len), Some(0));
    let (status, _) = decide(&xiangfen, &app, id, "approve", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let promoter = app.client_for(PROMOTER).await;
    let pending = send_json(promoter.get(app.url("/api/v1/memberships?status=pending"))).await;
    assert_eq!(pending.as_array().map(Vec::len), Some(1), "{pending}");
    assert_eq!(pending[0]["company_name"], "浮山县好厨劳务有限公司");
    let (status, body) = decide(&promoter, &app, id, "reject", Some(" ")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["details"]["field"], "reason");
    let (status, body) = decide(&promoter, &app, id, "suspend", Some("x")).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a pending membership cannot be suspended: {body}"
    );

    let (status, approved) = decide(&promoter, &app, id, "approve", None).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "approved");
    let page = app.get_json("/api/v1/brands/fushan-chushi").await;
    assert_eq!(page["summary"]["member_companies"], 2);
    assert_eq!(page["members"][1]["name"], "浮山县好厨劳务有限公司");

    let (_, suspended) = decide(&promoter, &app, id, "suspend", Some("游客投诉，核查中")).await;
    assert_eq!(suspended["status"], "suspended");
    assert_eq!(suspended["reason"], "游客投诉，核查中");
    let mine = send_json(company.get(app.url("/api/v1/memberships"))).await;
    assert_eq!(mine[0]["status"], "suspended");
    assert_eq!(mine[0]["reason"], "游客投诉，核查中");
    let page = app.get_json("/api/v1/brands/fushan-chushi").await;
    assert_eq!(page["summary"]["member_companies"], 1);
    let (status, _) = apply(&company, &app, "fushan-chushi").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a suspended member cannot re-apply"
    );

    // A rejected application can be made again.
    let (_, second) = apply(&company, &app, "lvliangshan-jiazheng-hugong").await;
    let second_id = second["id"].as_i64().unwrap();
    let admin = app.client_for(ADMIN).await;
    let (_, rejected) = decide(
        &admin,
        &app,
        second_id,
        "reject",
        Some("不符合家政服务标准"),
    )
    .await;
    assert_eq!(rejected["status"], "rejected");
    let (status, again) = apply(&company, &app, "lvliangshan-jiazheng-hugong").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(again["status"], "pending");

    // Employers have no memberships to see.
    let employer = app.client_for(EMPLOYER).await;
    let (status, _) = status_and_body(employer.get(app.url("/api/v1/memberships"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    assert_eq!(app.audit_count("membership.apply", "ok").await, 3);
    // The refused re-applications were not recorded as applications.
    assert_eq!(app.audit_count("membership.decide", "ok").await, 3);
}

const HEADER: &str = "姓名,身份证号,手机号,户籍区县,是否建档立卡,技能工种,职业技能等级,证书编号,发证机构,发证日期,从业年限,期望月薪,意向地区,可到岗日期,个人简介";

fn id_number(seed: u32) -> String {
    with_check_char(&format!("1410271985030{}1{seed:02}", seed % 10)).unwrap()
}

fn ledger(rows: &[(&str, u32, &str, &str)]) -> String {
    let mut text = String::from(HEADER);
    for (name, seed, occupation, certificate) in rows {
        text.push_str(&format!(
            "\n{name},{},1390000{seed:04},浮山县,是,{occupation},三级/高级工,{certificate},临汾市职业技能鉴定中心,2021-06-01,6,7000,北京,2027-01-01,会做过油肉",
            id_number(*seed)
        ));
    }
    text.push('\n');
    text
}

/// Xinchu (a member of 浮山厨师 in the demo data) imports three cooks and a carer; returns
/// the promoter's client.
async fn member_with_workers(app: &TestApp) -> Client {
    let page = app.get_json("/api/v1/brands/fushan-chushi").await;
    assert_eq!(page["summary"]["member_companies"], 1, "{page}");
    app.login(COMPANY).await;
    let csv = ledger(&[
        ("王大厨", 1, "中式烹调师", "C-0001"),
        ("李面点", 2, "中式面点师", "C-0002"),
        ("赵帮厨", 3, "中式烹调师", "C-0003"),
        ("钱护工", 4, "养老护理员", "C-0004"),
    ]);
    let report: Value = app.import_roster(&csv, "").await.json().await.unwrap();
    assert_eq!(report["inserted"], 4, "{report}");
    app.client_for(PROMOTER).await
}

async fn certificate_ids(promoter: &Client, app: &TestApp, status: &str) -> Vec<(String, i64)> {
    let list =
        send_json(promoter.get(app.url(&format!("/api/v1/certificates?status={status}")))).await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["worker_name"].as_str().unwrap().to_string(),
                c["worker_id"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn check(client: &Client, app: &TestApp, worker: i64, body: Value) -> (StatusCode, Value) {
    status_and_body(
        client
            .post(app.url(&format!("/api/v1/certificates/{worker}/decision")))
            .json(&body),
    )
    .await
}

async fn verified_certificates_make_certified_and_available_workers(app: TestApp) {
    let promoter = member_with_workers(&app).await;
    let summary = |page: &Value| {
        (
            page["summary"]["certified_workers"].as_u64().unwrap(),
            page["summary"]["available_workers"].as_u64().unwrap(),
        )
    };
    assert_eq!(
        summary(&app.get_json("/api/v1/brands/fushan-chushi").await),
        (0, 0)
    );

    let unverified = certificate_ids(&promoter, &app, "unverified").await;
    assert_eq!(unverified.len(), 4);
    let worker = |name: &str| unverified.iter().find(|(n, _)| n == name).unwrap().1;
    for name in ["王大厨", "李面点", "钱护工"] {
        let (status, body) =
            check(&promoter, &app, worker(name), json!({"decision": "verify"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "verified");
    }
    let (status, body) = check(
        &promoter,
        &app,
        worker("赵帮厨"),
        json!({"decision": "reject"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["details"]["field"], "reason");
    let (_, body) = check(
        &promoter,
        &app,
        worker("赵帮厨"),
        json!({"decision": "reject", "reason": "证书编号查无此证"}),
    )
    .await;
    assert_eq!(body["status"], "rejected");

    // A decision on a certificate the company changed since the list was read is refused.
    let stale = send_json(promoter.get(app.url("/api/v1/certificates?status=verified"))).await;
    let stale_version = stale[0]["version"].as_i64().unwrap();
    let stale_worker = stale[0]["worker_id"].as_i64().unwrap();
    let (status, _) = check(
        &promoter,
        &app,
        stale_worker,
        json!({"decision": "verify", "version": stale_version + 7}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // 钱护工 is a carer: verified, but not in 浮山厨师's occupations.
    assert_eq!(
        summary(&app.get_json("/api/v1/brands/fushan-chushi").await),
        (2, 0)
    );

    // Consent publishes a worker: one of the two certified becomes available.
    app.client
        .post(app.url(&format!("/api/v1/workers/{}/consent", worker("王大厨"))))
        .json(&json!({"method": "书面签字", "scope": "向用工单位展示技能与求职意向"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        summary(&app.get_json("/api/v1/brands/fushan-chushi").await),
        (2, 1)
    );

    // Out working: placed, no longer available; and back again.
    let placed = send_json(
        app.client
            .post(app.url(&format!("/api/v1/workers/{}/placed", worker("王大厨")))),
    )
    .await;
    assert_eq!(placed["placed"], true, "{placed}");
    let page = app.get_json("/api/v1/brands/fushan-chushi").await;
    assert_eq!(summary(&page), (2, 0));
    assert_eq!(page["summary"]["placed_workers"], 1);
    assert_eq!(
        app.get_json("/api/v1/workers?status=placed").await["total"],
        1
    );
    assert_eq!(
        app.get_json("/api/v1/workers?status=available").await["total"],
        0
    );
    app.client
        .post(app.url(&format!("/api/v1/workers/{}/available", worker("王大厨"))))
        .send()
        .await
        .unwrap();
    let page = app.get_json("/api/v1/brands/fushan-chushi").await;
    assert_eq!(summary(&page), (2, 1));
    assert_eq!(page["summary"]["placed_workers"], 0);
    assert_eq!(
        app.get_json("/api/v1/workers?status=available").await["total"],
        1
    );
    assert_eq!(app.audit_count("worker.placed", "ok").await, 1);

    // The company sees the findings and can filter by them.
    let verified = app.get_json("/api/v1/workers?certificate=verified").await;
    assert_eq!(verified["total"], 3);
    let rejected = app.get_json("/api/v1/workers?certificate=rejected").await;
    assert_eq!(rejected["workers"][0]["name"], "赵帮厨");
    assert_eq!(
        rejected["workers"][0]["certificate_reject_reason"],
        "证书编号查无此证"
    );
    let bad = app.get("/api/v1/workers?certificate=maybe").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Another county's promoter, or a company, cannot check these certificates.
    let xiangfen = add_xiangfen_promoter(&app).await;
    assert!(
        certificate_ids(&xiangfen, &app, "verified")
            .await
            .is_empty()
    );
    let (status, _) = check(
        &xiangfen,
        &app,
        worker("赵帮厨"),
        json!({"decision": "verify"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = check(
        &app.client,
        &app,
        worker("赵帮厨"),
        json!({"decision": "verify"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    assert_eq!(app.audit_count("certificate.check", "ok").await, 4);
    // Reviews carry no ID or phone numbers.
    let all = send_json(promoter.get(app.url("/api/v1/certificates")))
        .await
        .to_string();
    assert!(
        !all.contains(&id_number(1)) && !all.contains("1390000"),
        "{all}"
    );
}

async fn a_changed_certificate_must_be_verified_again(app: TestApp) {
    let promoter = member_with_workers(&app).await;
    let unverified = certificate_ids(&promoter, &app, "unverified").await;
    for (_, id) in &unverified {
        check(&promoter, &app, *id, json!({"decision": "verify"})).await;
    }
    assert_eq!(
        app.get_json("/api/v1/brands/fushan-chushi").await["summary"]["certified_workers"],
        3
    );
    // Re-importing the same ledger keeps the findings; a new certificate number resets one.
    let csv = ledger(&[
        ("王大厨", 1, "中式烹调师", "C-0001"),
        ("李面点", 2, "中式面点师", "C-0002"),
        ("赵帮厨", 3, "中式烹调师", "C-9999"),
        ("钱护工", 4, "养老护理员", "C-0004"),
    ]);
    let report: Value = app.import_roster(&csv, "").await.json().await.unwrap();
    assert_eq!(
        (report["unchanged"].as_u64(), report["updated"].as_u64()),
        (Some(3), Some(1))
    );
    let again = certificate_ids(&promoter, &app, "unverified").await;
    assert_eq!(
        again.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["赵帮厨"]
    );
    assert_eq!(
        app.get_json("/api/v1/brands/fushan-chushi").await["summary"]["certified_workers"],
        2
    );
}

async fn export_bases_tie_together_a_county_s_companies(app: TestApp) {
    let promoter = app.client_for(PROMOTER).await;
    let (status, base) = status_and_body(promoter.post(app.url("/api/v1/export-bases")).json(&json!({
        "county_code": "141027", "name": "浮山县厨师劳务输出基地", "description": "县职教中心培训点"
    })))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{base}");
    let base_id = base["id"].as_i64().unwrap();
    let (status, _) =
        status_and_body(promoter.post(app.url("/api/v1/export-bases")).json(&json!({
            "county_code": "141023", "name": "襄汾基地"
        })))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) =
        status_and_body(promoter.post(app.url("/api/v1/export-bases")).json(&json!({
            "county_code": "141027", "name": " "
        })))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["details"]["field"], "name");

    let companies = send_json(promoter.get(app.url("/api/v1/companies"))).await;
    let xinchu = companies[0]["id"].as_i64().unwrap();
    let other = app
        .create_company_in(
            "141023",
            "襄汾县好面劳务有限公司",
            "haomian",
            "haomian-password-1",
        )
        .await;
    assert_eq!(
        companies.as_array().map(Vec::len),
        Some(1),
        "only the county's companies"
    );

    let link = |company: i64| {
        app.url(&format!(
            "/api/v1/export-bases/{base_id}/companies/{company}"
        ))
    };
    let (status, linked) = status_and_body(promoter.put(link(xinchu))).await;
    assert_eq!(status, StatusCode::OK, "{linked}");
    assert_eq!(linked["companies"][0]["name"], "浮山县鑫厨劳务有限公司");
    let (status, body) = status_and_body(promoter.put(link(i64::from(other)))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["field"], "company_id");

    let xiangfen = add_xiangfen_promoter(&app).await;
    let (status, _) = status_and_body(xiangfen.delete(link(xinchu))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        send_json(xiangfen.get(app.url("/api/v1/export-bases")))
            .await
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    let (_, unlinked) = status_and_body(promoter.delete(link(xinchu))).await;
    assert_eq!(unlinked["companies"].as_array().map(Vec::len), Some(0));
    assert_eq!(app.audit_count("export_base.create", "ok").await, 1);
    assert_eq!(app.audit_count("export_base.link", "ok").await, 1);
    assert_eq!(app.audit_count("export_base.unlink", "ok").await, 1);
}

fn registration(code: &str) -> Value {
    json!({
        "name": "襄汾县好面劳务有限公司",
        "credit_code": code,
        "county_code": "141023",
        "contact_name": "李经理",
        "contact_phone": "13912345678",
        "username": "haomian",
        "password": "haomian-password-1"
    })
}

async fn a_company_registers_and_its_user_signs_in(app: TestApp) {
    let code = credit_code::with_check_char("91141023MA0XF0001").unwrap();
    let client = app.new_client();
    let mut bad = registration(&code);
    bad["credit_code"] = json!(if code.ends_with('0') {
        format!("{}1", &code[..17])
    } else {
        format!("{}0", &code[..17])
    });
    let (status, body) =
        status_and_body(client.post(app.url("/api/v1/companies")).json(&bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["field"], "credit_code");

    let (status, company) = status_and_body(
        client
            .post(app.url("/api/v1/companies"))
            .json(&registration(&code)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{company}");
    assert_eq!(company["county_name"], "襄汾县");
    assert_eq!(company["credit_code"], code);

    let mut same_code = registration(&code);
    same_code["name"] = json!("另一家劳务有限公司");
    same_code["username"] = json!("another");
    let (status, body) =
        status_and_body(client.post(app.url("/api/v1/companies")).json(&same_code)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["details"]["field"], "credit_code");

    let user = app.client_for(("haomian", "haomian-password-1")).await;
    let me = send_json(user.get(app.url("/api/v1/me"))).await;
    assert_eq!(me["role"], "company");
    assert_eq!(me["scope_label"], "襄汾县好面劳务有限公司");
    let (status, _) = apply(&user, &app, "xiangfen-shaobing").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(app.audit_count("company.register", "ok").await, 1);
    assert_eq!(company["approved"], false);

    // Until its county approves it, the new company keeps no roster.
    let worker = json!({"name": "李秀英", "id_number": with_check_char("14102319900101002").unwrap(), "phone": "13912340001"});
    let (status, body) = status_and_body(user.post(app.url("/api/v1/workers")).json(&worker)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("审核"),
        "{body}"
    );
    let company_id = company["id"].as_i64().unwrap();
    // 浮山县's promoter cannot approve a 襄汾县 company; 襄汾县's can.
    let fushan = app.client_for(PROMOTER).await;
    let approve = |client: &Client| {
        client
            .post(app.url(&format!("/api/v1/companies/{company_id}/approve")))
            .send()
    };
    assert_eq!(
        approve(&fushan).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let xiangfen = add_xiangfen_promoter(&app).await;
    let pending = send_json(xiangfen.get(app.url("/api/v1/companies"))).await;
    assert_eq!(pending[0]["approved"], false, "{pending}");
    let approved: Value = approve(&xiangfen).await.unwrap().json().await.unwrap();
    assert_eq!(approved["approved"], true, "{approved}");
    let (status, body) = status_and_body(user.post(app.url("/api/v1/workers")).json(&worker)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(app.audit_count("company.approve", "ok").await, 1);
}

async fn public_brand_pages_show_counts_and_no_personal_data(app: TestApp) {
    let promoter = member_with_workers(&app).await;
    for (_, id) in certificate_ids(&promoter, &app, "unverified").await {
        check(&promoter, &app, id, json!({"decision": "verify"})).await;
    }
    let anonymous = app.new_client();
    let list = send_json(anonymous.get(app.url("/api/v1/brands"))).await;
    let fushan = list
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["slug"] == "fushan-chushi")
        .unwrap();
    assert_eq!(fushan["certified_workers"], 3);
    assert_eq!(fushan["member_companies"], 1);

    let page = anonymous
        .get(app.url("/brands/fushan-chushi"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("浮山厨师") && html.contains("浮山县鑫厨劳务有限公司"),
        "{html}"
    );
    assert!(
        html.contains("class=\"count-certified\">3<"),
        "the count is on the page"
    );
    for secret in [
        id_number(1),
        "1390000".to_string(),
        "王大厨".to_string(),
        "建档立卡".to_string(),
    ] {
        assert!(
            !html.contains(&secret),
            "{secret} must not be on a public page"
        );
    }
    let json = anonymous
        .get(app.url("/api/v1/brands/fushan-chushi"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !json.contains("王大厨") && !json.contains(&id_number(1)),
        "{json}"
    );

    let catalogue = anonymous
        .get(app.url("/brands"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        catalogue.contains("href=\"/brands/fushan-chushi\""),
        "{catalogue}"
    );
    let missing = anonymous
        .get(app.url("/api/v1/brands/no-such-brand"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn the_brand_server_functions_answer_plain_form_posts_with_redirects(app: TestApp) {
    // A form post without JavaScript: the answer is a redirect back with the error or done.
    let promoter = app.client_for(PROMOTER).await;
    let form = [
        ("slug", "fushan-mianshi"),
        ("name", "浮山面食"),
        ("county_code", "141027"),
        ("occupations", "中式面点师"),
        ("tier", "县级"),
        ("tier_granted_by", ""),
        ("tier_granted_on", ""),
    ];
    let response = promoter
        .post(app.url("/sfn/save_brand"))
        .header("accept", "text/html")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with("/manage/brands/new?error=")
            && location.ends_with("field=tier_granted_by"),
        "{location}"
    );
    let mut fixed = form.to_vec();
    fixed[4] = ("tier", "培育中");
    let response = promoter
        .post(app.url("/sfn/save_brand"))
        .header("accept", "text/html")
        .form(&fixed)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/brands/fushan-mianshi");

    let company = app.client_for(COMPANY).await;
    let response = company
        .post(app.url("/sfn/apply_membership"))
        .header("accept", "text/html")
        .form(&[("slug", "fushan-mianshi")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["location"],
        "/brands/fushan-mianshi?done=1"
    );
    let memberships: Value = promoter
        .post(app.url("/sfn/memberships"))
        .form(&[("status", "pending")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = memberships[0]["id"].as_i64().unwrap().to_string();
    let response = promoter
        .post(app.url("/sfn/decide_membership"))
        .header("accept", "text/html")
        .form(&[("id", id.as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/memberships?done=1");
}

async fn a_further_certificate_is_checked_and_counts_for_its_occupation(app: TestApp) {
    let promoter = member_with_workers(&app).await;
    let workers = app.get_json("/api/v1/workers?occupation=养老").await;
    let carer = workers["workers"][0]["id"].as_i64().unwrap();

    // 钱护工, a carer, also holds a 中式面点师 certificate: 浮山厨师 covers that occupation.
    let (status, detail) = status_and_body(
        app.client
            .post(app.url(&format!("/api/v1/workers/{carer}/certificates")))
            .json(&json!({"occupation": "中式面点师", "level": "四级", "number": "M-77", "issued_on": "2022-05-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{detail}");
    let certificate = detail["other_certificates"][0]["id"].as_i64().unwrap();
    assert_eq!(detail["other_certificates"][0]["status"], "unverified");
    let (status, bad) = status_and_body(
        app.client
            .post(app.url(&format!("/api/v1/workers/{carer}/certificates")))
            .json(&json!({"occupation": "中式面点师", "level": "六级"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["details"]["field"], "level");

    let list = send_json(promoter.get(app.url("/api/v1/certificates?status=unverified"))).await;
    let review = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["certificate_id"] == certificate)
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(review["occupations"], json!(["中式面点师"]));
    let certified = |page: Value| page["summary"]["certified_workers"].as_u64().unwrap();
    assert_eq!(
        certified(app.get_json("/api/v1/brands/fushan-chushi").await),
        0
    );

    let (status, body) = check(
        &promoter,
        &app,
        carer,
        json!({"certificate_id": certificate, "decision": "verify"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["certificate_id"], certificate);
    assert_eq!(
        certified(app.get_json("/api/v1/brands/fushan-chushi").await),
        1
    );
    // The roster's "verified" filter sees it; the ledger certificate is still unchecked.
    let verified = app.get_json("/api/v1/workers?certificate=verified").await;
    assert_eq!(verified["total"], 1);
    assert_eq!(verified["workers"][0]["certificate_status"], "unverified");

    // A certificate id of another worker is not found.
    let (status, _) = check(
        &promoter,
        &app,
        carer + 1,
        json!({"certificate_id": certificate, "decision": "verify"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let removed = send_json(app.client.delete(app.url(&format!(
        "/api/v1/workers/{carer}/certificates/{certificate}"
    ))))
    .await;
    assert_eq!(removed["other_certificates"], json!([]));
    assert_eq!(
        certified(app.get_json("/api/v1/brands/fushan-chushi").await),
        0
    );
    assert_eq!(app.audit_count("certificate.add", "ok").await, 1);
    assert_eq!(app.audit_count("certificate.remove", "ok").await, 1);
}
