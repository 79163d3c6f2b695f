//! The database connection: one pool per process, SQLite (default) or PostgreSQL.

pub mod entities;

use crate::config::Settings;
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::Postgres;
use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

/// The PostgreSQL advisory lock key of start-up (migrations, key check, demo data): any number,
/// the same in every node ("laowu" in ASCII).
const STARTUP_LOCK_KEY: i64 = 0x6c_616f_7775;

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

/// Held by the one process that prepares a database (migrations, the key check, demo data)
/// while other nodes starting at the same moment wait: on PostgreSQL a session advisory lock
/// on a connection of its own. SQLite serves one process, whose writers already queue.
pub struct StartupLock {
    connection: Option<PoolConnection<Postgres>>,
}

impl StartupLock {
    /// Waits until no other process holds the lock, then holds it.
    ///
    /// # Errors
    /// When no connection can be had or the lock cannot be asked for.
    pub async fn acquire(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let mut lock = StartupLock { connection: None };
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(lock);
        }
        let fail = |e: sea_orm::sqlx::Error| DbErr::Custom(format!("start-up lock: {e}"));
        let mut connection = db
            .get_postgres_connection_pool()
            .acquire()
            .await
            .map_err(fail)?;
        sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(STARTUP_LOCK_KEY)
            .execute(&mut *connection)
            .await
            .map_err(fail)?;
        lock.connection = Some(connection);
        Ok(lock)
    }

    /// Lets the next waiting process go on.
    ///
    /// # Errors
    /// When the unlock cannot be sent (the lock then ends with the connection, closed here).
    pub async fn release(mut self) -> Result<(), DbErr> {
        if let Some(mut connection) = self.connection.take() {
            let unlocked = sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(STARTUP_LOCK_KEY)
                .execute(&mut *connection)
                .await;
            if let Err(e) = unlocked {
                drop(connection.detach());
                return Err(DbErr::Custom(format!("start-up lock: {e}")));
            }
        }
        Ok(())
    }
}

impl Drop for StartupLock {
    /// Start-up failed half-way: close the connection, which ends the lock, rather than return
    /// it to the pool still holding it.
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take() {
            drop(connection.detach());
        }
    }
}

/// A cheap round trip, for `/readyz`.
///
/// # Errors
/// When the database does not answer.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}
