//! The tamper-evident audit log: every entry joins one keyed hash chain. `laowu audit verify`
//! passes on an untouched log and names the first entry changed, deleted or inserted directly
//! in the database; concurrent requests still build one unbroken chain.

use laowu_tests::{ADMIN, COMPANY, TestApp, laowu_binary, on_both_databases};
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
