//! The database: connection settings, reference data, and the first-start demo seed.

use laowu_tests::{Backend, Options, TestApp, on_both_databases};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, TransactionTrait};

on_both_databases!(
    the_reference_data_holds_linfens_17_counties_and_31_provinces,
    demo_data_is_seeded_only_into_a_new_database,
    without_demo_data_there_are_no_accounts,
    every_amount_of_money_is_stored_as_an_integer,
);

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn the_reference_data_holds_linfens_17_counties_and_31_provinces(app: TestApp) {
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM county").await, 17);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM region").await, 31);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM county WHERE code = '141027' AND name = '浮山县'"
        )
        .await,
        1
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM region WHERE code = '650000' AND short_name = '新疆'"
        )
        .await,
        1
    );
}

async fn demo_data_is_seeded_only_into_a_new_database(app: TestApp) {
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM brand").await, 6);
    app.db
        .execute_unprepared("DELETE FROM brand WHERE slug = 'quwo-yangtang'")
        .await
        .unwrap();
    // Start a second server on the same database: it must not seed again.
    let options = Options {
        reuse: Some((
            app.data_dir.path().to_path_buf(),
            Some(app.settings.database_url.clone()),
        )),
        ..Options::default()
    };
    let again = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    assert_eq!(scalar(&again, "SELECT COUNT(*) FROM brand").await, 5);
    assert_eq!(scalar(&again, "SELECT COUNT(*) FROM app_user").await, 4);
}

async fn without_demo_data_there_are_no_accounts(app: TestApp) {
    drop(app);
    let mut options = Options::default();
    options.settings.insert("demo_data".into(), "false".into());
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM app_user").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM brand").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM county").await, 17);
}

/// Every pooled SQLite connection runs in WAL mode with foreign keys, FULL sync and a busy
/// timeout (durability of acknowledged writes; no "database is locked" under load).
#[tokio::test]
async fn sqlite_connections_are_durable_and_wait_for_locks() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    assert_eq!(app.db.get_database_backend(), DatabaseBackend::Sqlite);
    // Open transactions hold their connections, so these are four different pooled connections.
    let mut transactions = Vec::new();
    for _ in 0..4 {
        transactions.push(app.db.begin().await.unwrap());
    }
    for txn in &transactions {
        let pragma = |name: &'static str| async move {
            let row = txn
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Sqlite,
                    format!("PRAGMA {name}"),
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<String>(0)
                .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
                .unwrap()
        };
        assert_eq!(pragma("journal_mode").await, "wal");
        assert_eq!(pragma("foreign_keys").await, "1");
        assert_eq!(pragma("synchronous").await, "2", "synchronous=FULL");
        assert_eq!(pragma("busy_timeout").await, "5000");
    }
}

/// Money is integer fen: every column holding an amount (`*_fen`) is an integer column, in
/// every table, on both databases, so no amount is ever stored as floating point.
async fn every_amount_of_money_is_stored_as_an_integer(app: TestApp) {
    let sql = match app.db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            "SELECT m.name || '.' || p.name, lower(p.type) FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name LIKE '%\\_fen' ESCAPE '\\'"
        }
        _ => {
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name LIKE '%\\_fen' ESCAPE '\\'"
        }
    };
    let rows = app
        .db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap();
    let columns: Vec<(String, String)> = rows
        .iter()
        .map(|row| {
            (
                row.try_get_by_index::<String>(0).unwrap(),
                row.try_get_by_index::<String>(1).unwrap(),
            )
        })
        .collect();
    for required in [
        "subsidy_claim.amount_fen",
        "insurance_contribution.paid_fen",
        "contribution_base.monthly_base_fen",
        "policy_version.transport_cap_fen",
        "worker.expected_wage_fen",
    ] {
        assert!(
            columns.iter().any(|(name, _)| name == required),
            "{required} is among the money columns: {columns:?}"
        );
    }
    for (name, kind) in &columns {
        assert!(
            matches!(kind.as_str(), "bigint" | "integer" | "int" | "int8"),
            "{name} is {kind}, not an integer"
        );
    }
}
