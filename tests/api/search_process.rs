//! The search index against real process deaths: a server killed with SIGKILL (mid-import,
//! and while the index is catching up) must, after a restart, show exactly the workers the
//! database says are searchable, within 10 seconds; `laowu reindex` rebuilds beside a running
//! server without interrupting search.

use laowu_tests::{Backend, EMPLOYER, ServerProcess};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::Value;
use server::db::entities::{brand_membership, worker};
use server::search::change_log::{self, ChangeReason};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The promise: after a restart the index matches the database within this long.
const RESTART_DEADLINE: Duration = Duration::from_secs(10);
const CAST_SEARCHABLE: usize = 31;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let server = laowu_tests::ServerProcess::start(laowu_tests::Backend::Sqlite)
                        .await
                        .expect("SQLite is always available");
                    super::$name(server).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(server) = laowu_tests::ServerProcess::start(laowu_tests::Backend::Postgres).await {
                        super::$name(server).await;
                    }
                }
            )*
        }
    };
}

on_both_backends!(
    the_index_catches_up_after_a_restart,
    killing_the_server_mid_import_leaves_the_index_equal_to_the_database,
    reindex_rebuilds_beside_a_running_server,
);

// Keep the Backend import meaningful for readers: the macro names it by path.
const _: Backend = Backend::Sqlite;

/// What the database says employers may find: worker id → bio.
async fn searchable_in_database(db: &DatabaseConnection) -> BTreeMap<i64, String> {
    let members: Vec<i32> = brand_membership::Entity::find()
        .filter(brand_membership::Column::Status.eq("approved"))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.company_id)
        .collect();
    worker::Entity::find()
        .filter(worker::Column::Active.eq(true))
        .filter(worker::Column::ConsentAt.is_not_null())
        .filter(worker::Column::PlacedSince.is_null())
        .filter(worker::Column::CompanyId.is_in(members))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|w| (i64::from(w.id), w.bio))
        .collect()
}

/// Everything search returns (all pages): worker id → bio. `None` while the server is not
/// answering.
async fn searchable_in_index(
    server: &ServerProcess,
    client: &reqwest::Client,
) -> Option<BTreeMap<i64, String>> {
    let mut found = BTreeMap::new();
    for page in 1..=500 {
        let response = client
            .get(server.url("/api/v1/workers/search"))
            .query(&[("per_page", "100"), ("page", &page.to_string())])
            .send()
            .await
            .ok()?;
        if response.status() != StatusCode::OK {
            return None;
        }
        let body: Value = response.json().await.ok()?;
        let hits = body["hits"].as_array()?;
        for hit in hits {
            found.insert(hit["id"].as_i64()?, hit["bio"].as_str()?.to_string());
        }
        if hits.len() < 100 {
            break;
        }
    }
    Some(found)
}

/// Waits until the index equals the database; returns how long that took.
async fn index_matches_database(server: &ServerProcess, deadline: Duration) -> Duration {
    let db = server.database().await;
    let started = Instant::now();
    let mut client = None;
    loop {
        if client.is_none() {
            let fresh = reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap();
            let signed_in = fresh
                .post(server.url("/api/v1/auth/login"))
                .json(&serde_json::json!({ "username": EMPLOYER.0, "password": EMPLOYER.1 }))
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK);
            if signed_in {
                client = Some(fresh);
            }
        }
        if let Some(client) = &client {
            let truth = searchable_in_database(&db).await;
            if let Some(index) = searchable_in_index(server, client).await
                && index == truth
            {
                return started.elapsed();
            }
            if started.elapsed() > deadline {
                let index = searchable_in_index(server, client)
                    .await
                    .unwrap_or_default();
                let lost: Vec<_> = truth.keys().filter(|id| !index.contains_key(id)).collect();
                let phantom: Vec<_> = index.keys().filter(|id| !truth.contains_key(id)).collect();
                let stale: Vec<_> = truth
                    .iter()
                    .filter(|(id, bio)| index.get(id).is_some_and(|b| b != *bio))
                    .map(|(id, _)| id)
                    .collect();
                panic!(
                    "index ≠ database after {deadline:?}: lost {lost:?}, phantom {phantom:?}, stale {stale:?}; log {}",
                    server.log_path().display()
                );
            }
        } else {
            assert!(started.elapsed() < deadline, "cannot sign in");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn the_index_catches_up_after_a_restart(mut server: ServerProcess) {
    // Arrange: the cast is indexed, then the server dies.
    index_matches_database(&server, Duration::from_secs(60)).await;
    let db = server.database().await;
    assert_eq!(searchable_in_database(&db).await.len(), CAST_SEARCHABLE);
    server.kill();
    // Act: changes committed (with their change-log rows) while no server runs.
    let txn = db.begin().await.unwrap();
    let changed: Vec<worker::Model> = worker::Entity::find()
        .filter(worker::Column::Name.is_in(["王建国", "高秀英", "梁永刚"]))
        .all(&txn)
        .await
        .unwrap();
    let ids: Vec<i32> = changed.iter().map(|w| w.id).collect();
    worker::Entity::update_many()
        .col_expr(
            worker::Column::ConsentAt,
            sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(worker::Column::Id.is_in(ids[..2].to_vec()))
        .exec(&txn)
        .await
        .unwrap();
    worker::Entity::update_many()
        .col_expr(
            worker::Column::Bio,
            sea_orm::sea_query::Expr::value("重启期间改过的简介：会氩弧焊"),
        )
        .filter(worker::Column::Id.eq(ids[2]))
        .exec(&txn)
        .await
        .unwrap();
    change_log::log_workers(&txn, &ids, ChangeReason::WorkerSaved)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    server.spawn();
    // Assert
    let took = index_matches_database(&server, RESTART_DEADLINE).await;
    eprintln!("caught up {took:?} after the restart");
    assert_eq!(searchable_in_database(&db).await.len(), CAST_SEARCHABLE - 2);
}

/// The 浮山 cast company's roster as a ledger, with every bio changed, followed by `extra`
/// new workers (not consented): a long import that also changes searchable workers.
async fn changed_ledger(
    server: &ServerProcess,
    client: &reqwest::Client,
    mark: &str,
    extra: usize,
) -> String {
    let exported = client
        .get(server.url("/api/v1/rosters/export?format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(exported.status(), StatusCode::OK);
    let exported = exported.text().await.unwrap();
    let exported = exported.trim_start_matches('\u{feff}');
    let mut ledger = exported.replace("浮山厨师", &format!("浮山厨师{mark}"));
    if !ledger.ends_with('\n') {
        ledger.push('\n');
    }
    let generated = server::seed::demo_ledger(extra);
    ledger.extend(generated.lines().skip(1).map(|l| format!("{l}\n")));
    ledger
}

async fn upload(
    server: &ServerProcess,
    client: &reqwest::Client,
    ledger: String,
) -> Option<StatusCode> {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(ledger.into_bytes())
            .file_name("roster.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    client
        .post(server.url("/api/v1/rosters/import?mode=good_rows"))
        .multipart(form)
        .send()
        .await
        .ok()
        .map(|r| r.status())
}

async fn fushan_cast_company_user(server: &ServerProcess) -> reqwest::Client {
    let db = server.database().await;
    let wang = worker::Entity::find()
        .filter(worker::Column::Name.eq("王建国"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let limiter = server::auth::rate_limit::LoginLimiter::new(db.clone(), "test-login", 100, 100);
    let accounts = server::services::accounts::AccountService::new(db.clone(), limiter)
        .await
        .unwrap();
    accounts
        .create_user(server::services::accounts::NewAccount {
            username: "cast-fushan".into(),
            display_name: "浮山县厨艺劳务合作社".into(),
            role: app::domain::role::Role::Company,
            scope: app::domain::role::Scope::Company {
                id: wang.company_id,
            },
            password: "cast-company-2026".into(),
        })
        .await
        .unwrap();
    server
        .client_for(("cast-fushan", "cast-company-2026"))
        .await
}

async fn killing_the_server_mid_import_leaves_the_index_equal_to_the_database(
    mut server: ServerProcess,
) {
    index_matches_database(&server, Duration::from_secs(60)).await;
    // Round 1: killed while the import is being written (nothing or everything commits).
    let company = fushan_cast_company_user(&server).await;
    let ledger = changed_ledger(&server, &company, "（第一次）", 20_000).await;
    let address = server.address.clone();
    let uploading = {
        let company = company.clone();
        let ledger = ledger.clone();
        let probe = ServerProbe(address);
        tokio::spawn(async move { probe.upload(&company, ledger).await })
    };
    // Kill once the upload is spooled and the import is under way, not before.
    let uploads = server.data_dir.path().join("uploads");
    let started = Instant::now();
    while std::fs::read_dir(&uploads).map_or(0, |d| d.count()) == 0
        && started.elapsed() < Duration::from_secs(20)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.kill();
    let _ = uploading.await;
    server.spawn();
    let took = index_matches_database(&server, RESTART_DEADLINE).await;
    eprintln!("round 1 (killed mid-import): index = database {took:?} after restart");

    // Round 2: the import commits, then the server dies while the index is catching up.
    let company = server
        .client_for(("cast-fushan", "cast-company-2026"))
        .await;
    let ledger = changed_ledger(&server, &company, "（第二次）", 20_000).await;
    let status = upload(&server, &company, ledger).await;
    assert_eq!(
        status,
        Some(StatusCode::OK),
        "log {}",
        server.log_path().display()
    );
    server.kill();
    server.spawn();
    let took = index_matches_database(&server, RESTART_DEADLINE).await;
    eprintln!("round 2 (killed while indexing): index = database {took:?} after restart");
    let db = server.database().await;
    let bios = searchable_in_database(&db).await;
    assert!(
        bios.values().any(|bio| bio.contains("（第二次）")),
        "the committed import is what search shows"
    );
}

/// Uploads from a spawned task (the server may die under it).
struct ServerProbe(String);

impl ServerProbe {
    async fn upload(&self, client: &reqwest::Client, ledger: String) -> Option<StatusCode> {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(ledger.into_bytes())
                .file_name("roster.csv")
                .mime_str("text/csv")
                .ok()?,
        );
        client
            .post(format!("{}/api/v1/rosters/import?mode=good_rows", self.0))
            .multipart(form)
            .send()
            .await
            .ok()
            .map(|r| r.status())
    }
}

async fn reindex_rebuilds_beside_a_running_server(server: ServerProcess) {
    index_matches_database(&server, Duration::from_secs(60)).await;
    let employer = server.client_for(EMPLOYER).await;
    let generations = |server: &ServerProcess| -> Vec<String> {
        std::fs::read_dir(server.data_dir.path().join("index"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with("gen-"))
            .collect()
    };
    let before = generations(&server);
    assert_eq!(before.len(), 1, "{before:?}");
    // Act: rebuild from another process while searching all along.
    let mut reindex = server.cli_command(&["reindex"]);
    let handle = std::thread::spawn(move || reindex.output().expect("run laowu reindex"));
    let mut searches = 0;
    while !handle.is_finished() {
        let response = employer
            .get(server.url("/api/v1/workers/search"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "search keeps serving");
        let page: Value = response.json().await.unwrap();
        assert_eq!(page["total"].as_u64(), Some(CAST_SEARCHABLE as u64));
        searches += 1;
    }
    let output = handle.join().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("search index rebuilt"), "{stdout}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("正在重建索引"),
        "a progress bar"
    );
    eprintln!("{searches} searches answered during the rebuild");
    // The server follows the new generation and writes to it.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = generations(&server);
        if now.len() == 1 && now != before {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not follow: {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let db = server.database().await;
    let txn = db.begin().await.unwrap();
    let wang = worker::Entity::find()
        .filter(worker::Column::Name.eq("王建国"))
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    worker::Entity::update_many()
        .col_expr(
            worker::Column::Active,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(worker::Column::Id.eq(wang.id))
        .exec(&txn)
        .await
        .unwrap();
    change_log::log_workers(&txn, &[wang.id], ChangeReason::Status)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    index_matches_database(&server, RESTART_DEADLINE).await;
}
