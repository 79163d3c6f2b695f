//! Writing the search change log: every change that affects what search shows about a worker
//! adds a row in the same transaction as the change, so the index can never miss one.

use crate::db::entities::{search_change, worker};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, InsertStatement, Query};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

/// Why a worker's search document must be looked at again (kept for diagnosis).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeReason {
    WorkerSaved,
    Imported,
    Consent,
    Status,
    Certificate,
    Membership,
    Brand,
    Placement,
}

impl ChangeReason {
    pub fn code(self) -> &'static str {
        match self {
            ChangeReason::WorkerSaved => "worker_saved",
            ChangeReason::Imported => "imported",
            ChangeReason::Consent => "consent",
            ChangeReason::Status => "status",
            ChangeReason::Certificate => "certificate",
            ChangeReason::Membership => "membership",
            ChangeReason::Brand => "brand",
            ChangeReason::Placement => "placement",
        }
    }
}

/// On PostgreSQL, transactions that append to the log take this lock until they commit, so
/// change ids become visible in id order and an index can record its progress as one number.
/// SQLite has one writer at a time anyway.
const CHANGE_LOG_LOCK: i64 = 0x1a05_eac4;

async fn serialise_appends(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_advisory_xact_lock({CHANGE_LOG_LOCK})"),
        ))
        .await?;
    }
    Ok(())
}

/// `INSERT INTO search_change (worker_id, reason, created_at)`, values to follow.
fn into_change_log() -> InsertStatement {
    let mut insert = Query::insert();
    insert.into_table(search_change::Entity).columns([
        search_change::Column::WorkerId,
        search_change::Column::Reason,
        search_change::Column::CreatedAt,
    ]);
    insert
}

/// Logs a change for each of `worker_ids`. Call inside the transaction that makes the change.
///
/// # Errors
/// Database errors (the caller's transaction then rolls back with its change).
pub async fn log_workers(
    db: &impl ConnectionTrait,
    worker_ids: &[i32],
    reason: ChangeReason,
) -> Result<(), DbErr> {
    if worker_ids.is_empty() {
        return Ok(());
    }
    serialise_appends(db).await?;
    let now = Utc::now();
    for chunk in worker_ids.chunks(500) {
        let mut insert = into_change_log();
        for id in chunk {
            insert
                .values([(*id).into(), reason.code().into(), now.into()])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

/// Logs a change for every worker of the companies (a membership or brand decision), or only
/// those updated since `since` (an import).
///
/// # Errors
/// Database errors.
pub async fn log_company_workers(
    db: &impl ConnectionTrait,
    company_ids: &[i32],
    since: Option<DateTime<Utc>>,
    reason: ChangeReason,
) -> Result<(), DbErr> {
    if company_ids.is_empty() {
        return Ok(());
    }
    serialise_appends(db).await?;
    let mut select = Query::select();
    select
        .column(worker::Column::Id)
        .expr(Expr::val(reason.code()))
        .expr(Expr::val(Utc::now()))
        .from(worker::Entity)
        .and_where(Expr::col(worker::Column::CompanyId).is_in(company_ids.iter().copied()));
    if let Some(since) = since {
        select.and_where(Expr::col(worker::Column::UpdatedAt).gte(since));
    }
    let mut insert = into_change_log();
    insert
        .select_from(select)
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    db.execute(&insert).await?;
    Ok(())
}
