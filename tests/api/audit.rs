//! The tamper-evident audit log: every entry joins one keyed hash chain. `laowu audit verify`
//! passes on an untouched log and names the first entry changed, deleted or inserted directly
//! in the database; concurrent requests still build one unbroken chain.

use app::domain::id_number::with_check_char;
use app::domain::role::{Role, Scope};
use laowu_tests::{ADMIN, COMPANY, EMPLOYER, PROMOTER, TestApp, laowu_binary, on_both_databases};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use server::db::entities::audit_log;
use server::secrets::SecretKeys;
use server::services::audit::chain::{ChainBreak, VerifyError, verify};

on_both_databases!(
    verify_names_the_first_entry_changed_deleted_or_inserted,
    concurrent_requests_build_one_unbroken_chain,
    officials_read_their_scope_and_a_company_sees_who_saw_its_worker,
);

/// `laowu audit verify` on the app's data: whether it passed, and what it said.
fn verify_cli(app: &TestApp) -> (bool, String) {
    let output = std::process::Command::new(laowu_binary())
        .args(["audit", "verify"])
        .env_remove("LAOWU_CONFIG")
        .env("LAOWU_DATA_DIR", app.data_dir.path())
        .env("LAOWU_DATABASE_URL", &app.settings.database_url)
        .env("LAOWU_DEMO_DATA", "false")
        .env("LAOWU_LOG_LEVEL", "warn")
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", laowu_binary().display()));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), said)
}

/// A few entries of different kinds: sign-ins, a refused one, a station.
async fn some_activity(app: &TestApp) {
    let admin = app.client_for(ADMIN).await;
    let company = app.client_for(COMPANY).await;
    let refused = app.login(("admin", "not-the-password")).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let station = company
        .post(app.url("/api/v1/stations"))
        .json(&json!({
            "name": "鑫厨北京服务站", "region_code": "110000", "address": "朝阳区劲松街道 12 号",
            "contact_name": "王站长", "contact_phone": "010-64001234", "brands": "",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(station.status(), StatusCode::CREATED);
    let users = admin.get(app.url("/api/v1/users")).send().await.unwrap();
    assert_eq!(users.status(), StatusCode::OK);
}

async fn entry(app: &TestApp, seq: i64) -> audit_log::Model {
    audit_log::Entity::find()
        .filter(audit_log::Column::Seq.eq(seq))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("audit entry {seq}"))
}

async fn verify_names_the_first_entry_changed_deleted_or_inserted(app: TestApp) {
    // Arrange
    some_activity(&app).await;
    let (ok, said) = verify_cli(&app);
    assert!(ok, "an untouched log verifies: {said}");
    assert!(said.contains("audit log intact"), "{said}");
    let total = audit_log::Entity::find().count(&app.db).await.unwrap();
    assert!(
        total >= 5,
        "sign-ins, the refusal and the station were audited ({total})"
    );
    assert!(said.contains(&format!("{total} entries")), "{said}");

    // A changed entry is named by its place in the chain.
    let second = entry(&app, 2).await;
    let mut edited = second.clone().into_active_model();
    edited.outcome = Set("denied".to_string());
    edited.update(&app.db).await.unwrap();
    let (ok, said) = verify_cli(&app);
    assert!(!ok, "a changed row fails: {said}");
    assert!(said.contains("audit entry 2 "), "{said}");
    assert!(said.contains("changed"), "{said}");
    second
        .clone()
        .into_active_model()
        .reset_all()
        .update(&app.db)
        .await
        .unwrap();
    assert!(verify_cli(&app).0, "put back, the chain holds again");

    // A deleted entry is named as missing.
    let third = entry(&app, 3).await;
    audit_log::Entity::delete_by_id(third.id)
        .exec(&app.db)
        .await
        .unwrap();
    let (ok, said) = verify_cli(&app);
    assert!(!ok, "a deleted row fails: {said}");
    assert!(said.contains("audit entry 3 is missing"), "{said}");
    third
        .clone()
        .into_active_model()
        .reset_all()
        .insert(&app.db)
        .await
        .unwrap();
    assert!(verify_cli(&app).0, "restored");

    // An inserted entry: without a place, or with a forged one.
    let mut forged = entry(&app, 4).await.into_active_model();
    forged.id = sea_orm::ActiveValue::NotSet;
    forged.seq = Set(None);
    forged.detail = Set(Some("inserted".to_string()));
    let inserted = forged.clone().insert(&app.db).await.unwrap();
    let (ok, said) = verify_cli(&app);
    assert!(!ok, "an inserted row fails: {said}");
    assert!(
        said.contains(&format!("audit row id {} is not in the chain", inserted.id)),
        "{said}"
    );
    // Given the last place, it reads as beyond the chain's end; its hash cannot be forged.
    let last = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_not_null())
        .order_by_desc(audit_log::Column::Seq)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .seq
        .unwrap();
    let mut placed = inserted.into_active_model();
    placed.seq = Set(Some(last + 1));
    placed.update(&app.db).await.unwrap();
    let (ok, said) = verify_cli(&app);
    assert!(!ok, "{said}");
    assert!(
        said.contains(&format!("audit entry {} ", last + 1)),
        "{said}"
    );
    assert!(said.contains("beyond"), "{said}");
}

async fn concurrent_requests_build_one_unbroken_chain(app: TestApp) {
    // Act: sign-ins, refused sign-ins and stations, all at once.
    let company = app.client_for(COMPANY).await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let url = app.url("/api/v1/stations");
        let company = company.clone();
        let login = app.url("/api/v1/auth/login");
        let client = app.new_client();
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                let response = company
                    .post(url)
                    .json(&json!({
                        "name": format!("服务站 {i}"), "region_code": "110000",
                        "address": "朝阳区劲松街道 12 号", "contact_name": "王站长",
                        "contact_phone": "010-64001234", "brands": "",
                    }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::CREATED);
            } else {
                let response = client
                    .post(login)
                    .json(&json!({"username": "xinchu", "password": format!("wrong-{i}")}))
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_client_error());
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    // Assert: one chain, places 1..n without a gap, every link and hash right.
    let keys = SecretKeys::load_or_create(app.data_dir.path()).unwrap();
    let intact = match verify(&app.db, &keys.audit_chain_key).await {
        Ok(intact) => intact,
        Err(VerifyError::Broken(e)) => panic!("the chain broke under concurrency: {e}"),
        Err(e) => panic!("{e}"),
    };
    let rows = audit_log::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(intact.entries, i64::try_from(rows).unwrap());
    assert!(
        rows >= 25,
        "12 stations and 12 refusals were audited ({rows})"
    );
    let unchained = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(unchained, 0);
    // The library reports the same break the command prints.
    let first = entry(&app, 1).await;
    let mut edited = first.into_active_model();
    edited.action = Set("login.forged".to_string());
    edited.update(&app.db).await.unwrap();
    match verify(&app.db, &keys.audit_chain_key).await {
        Err(VerifyError::Broken(ChainBreak::Changed { seq: 1, .. })) => {}
        other => panic!("entry 1 was changed: {other:?}"),
    }
}

async fn officials_read_their_scope_and_a_company_sees_who_saw_its_worker(app: TestApp) {
    // Arrange: one 浮山 worker on 鑫厨's roster; its company reveals the numbers and exports.
    app.login(COMPANY).await;
    let id_number = with_check_char("14102719850312123").unwrap();
    let csv = format!(
        "姓名,身份证号,手机号,户籍区县,是否建档立卡,技能工种,职业技能等级,证书编号,发证机构,发证日期,从业年限,期望月薪,意向地区,可到岗日期,个人简介\n\
         王建国,{id_number},13800001234,浮山县,否,中式烹调师,三级/高级工,S000001,临汾市职业技能鉴定中心,2020-05-01,8,7000,北京,2027-01-01,擅长过油肉\n"
    );
    let imported = app.import_roster(&csv, "").await;
    assert_eq!(imported.status(), StatusCode::OK);
    let company = app.client_for(COMPANY).await;
    let workers: serde_json::Value = company
        .get(app.url("/api/v1/workers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let worker_id = workers["workers"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("a worker: {workers}"));
    let reveal = company
        .post(app.url(&format!("/api/v1/workers/{worker_id}/reveal")))
        .json(&json!({"purpose": "办理社保"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reveal.status(), StatusCode::OK);
    let export = company
        .get(app.url("/api/v1/rosters/export?format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::OK);

    // The company sees both disclosures on the worker, newest first, with the purpose.
    let disclosures = app.url(&format!("/api/v1/workers/{worker_id}/disclosures"));
    let seen: serde_json::Value = company
        .get(&disclosures)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let seen = seen.as_array().unwrap_or_else(|| panic!("{seen}")).clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen[0]["what"].as_str().unwrap().contains("导出花名册"),
        "{seen:?}"
    );
    assert_eq!(seen[1]["why"], "办理社保");
    assert!(
        seen[1]["who"]
            .as_str()
            .unwrap()
            .contains(server::seed::DEMO_COMPANY)
    );
    // The county sees them too; another county and employers do not.
    let fushan = app.client_for(PROMOTER).await;
    let status = fushan.get(&disclosures).send().await.unwrap().status();
    assert_eq!(status, StatusCode::OK);
    app.create_user(
        Role::Promoter,
        Scope::County {
            code: "141002".to_string(),
        },
        "yaodu",
        "yaodu-promoter-2026",
    )
    .await;
    let yaodu = app.client_for(("yaodu", "yaodu-promoter-2026")).await;
    assert_eq!(
        yaodu.get(&disclosures).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let employer = app.client_for(EMPLOYER).await;
    assert_eq!(
        employer.get(&disclosures).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    // The log: filters by record, action and actor; bad filters are named.
    let admin = app.client_for(ADMIN).await;
    let read = |client: &reqwest::Client, query: &str| {
        let request = client.get(app.url(&format!("/api/v1/audit{query}")));
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            (
                status,
                response
                    .json::<serde_json::Value>()
                    .await
                    .unwrap_or_default(),
            )
        }
    };
    let target = format!("?target=worker:{worker_id}");
    let (status, about) = read(&admin, &target).await;
    assert_eq!(status, StatusCode::OK, "{about}");
    assert_eq!(about["total"], 2, "{about}");
    assert!(about["rows"][0]["seq"].as_i64().unwrap() > about["rows"][1]["seq"].as_i64().unwrap());
    assert!(
        about["rows"][1]["actor"]
            .as_str()
            .unwrap()
            .contains("xinchu"),
        "{about}"
    );
    let (_, reveals) = read(&admin, "?action=worker.reveal").await;
    assert_eq!(reveals["total"], 1, "{reveals}");
    let (_, by_xinchu) = read(&admin, "?actor=xinchu&action=worker.").await;
    assert_eq!(by_xinchu["total"], 2, "{by_xinchu}");
    let (_, future) = read(&admin, "?from=2099-01-01").await;
    assert_eq!(future["total"], 0);
    let (status, error) = read(&admin, "?from=yesterday").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["details"]["field"], "from", "{error}");
    let (status, error) = read(&admin, "?actor=nobody").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["details"]["field"], "actor", "{error}");
    // 浮山's promoter reads what its company did; 尧都's does not; a company may not read it.
    let (_, county) = read(&fushan, &target).await;
    assert_eq!(county["total"], 2, "{county}");
    let (_, other) = read(&yaodu, &target).await;
    assert_eq!(other["total"], 0, "{other}");
    let (status, _) = read(&company, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The workbook, itself audited.
    let workbook = admin
        .get(app.url(&format!("/api/v1/audit/export.xlsx{target}")))
        .send()
        .await
        .unwrap();
    assert_eq!(workbook.status(), StatusCode::OK);
    assert!(
        workbook.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(workbook.bytes().await.unwrap().starts_with(b"PK"));
    assert_eq!(app.audit_count("audit.export", "ok").await, 1);
}
