//! The audit log: who did what, to which record, when, from where, with what outcome. Every
//! entry joins one hash chain as it is written (see [`chain`]), so a row changed, deleted or
//! inserted behind the application's back is found by `laowu audit verify`.

pub mod chain;
mod reading;

pub use reading::AuditReader;
pub(crate) use reading::disclosures_of;

use sea_orm::{ConnectionTrait, DbErr, TransactionSession, TransactionTrait};

/// One audit event. `target` must never hold unmasked personal data.
#[derive(Debug, Default, Clone)]
pub struct AuditEntry {
    pub actor_user_id: Option<i32>,
    pub actor_role: Option<String>,
    pub action: &'static str,
    pub target: Option<String>,
    pub outcome: &'static str,
    pub client_ip: Option<String>,
    pub detail: Option<String>,
}

/// Writes the entry at the end of the chain; pass a transaction to make it part of the change
/// it records (the entry is then written in a savepoint of it).
///
/// # Errors
/// When the row cannot be written, or the chain was not opened in this process.
pub async fn record<C>(db: &C, entry: AuditEntry) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    record_all(db, vec![entry]).await
}

/// Writes the entries together, in order: one disclosure per worker of a file, say.
///
/// # Errors
/// As [`record`].
pub async fn record_all<C>(db: &C, entries: Vec<AuditEntry>) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    chain::append(&txn, entries).await?;
    txn.commit().await
}

/// Writes an entry for an event that must not fail the request (a failed login, a refusal);
/// a write failure is logged instead.
pub async fn record_best_effort<C>(db: &C, entry: AuditEntry)
where
    C: ConnectionTrait + TransactionTrait,
{
    let action = entry.action;
    if let Err(e) = record(db, entry).await {
        tracing::error!(error = %e, action, "audit log write failed");
    }
}
