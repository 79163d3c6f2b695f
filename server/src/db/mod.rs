//! The database connection: one pool per process, SQLite (default) or PostgreSQL.

pub mod entities;

use crate::config::Settings;
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// How long a SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the pool. For SQLite: WAL (readers never block the writer), foreign keys on,
/// `synchronous=FULL` (a commit survives power loss, not only a crash) and a busy timeout.
///
/// # Errors
/// When the database cannot be reached or created.
pub async fn connect(settings: &Settings) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(settings.database_url.clone());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if settings.is_postgres() {
        options.max_connections(16).min_connections(1);
    } else {
        std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
            DbErr::Custom(format!(
                "cannot create {}: {e}",
                settings.data_dir.display()
            ))
        })?;
        options
            .max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|opts| {
                opts.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
            });
    }
    Database::connect(options).await
}

/// Whether no migration has ever run here: the database was just created.
///
/// # Errors
/// When the migration table cannot be read.
pub async fn is_new(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(Migrator::get_applied_migrations(db).await?.is_empty())
}

/// Applies every pending migration.
///
/// # Errors
/// When a migration fails; nothing of that migration is kept.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// A cheap round trip, for `/readyz`.
///
/// # Errors
/// When the database does not answer.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}
