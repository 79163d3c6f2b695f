//! The audit log: who did what, to which record, when, from where, with what outcome.

use crate::db::entities::audit_log;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};

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

/// Writes the entry; pass a transaction to make it part of the change it records.
///
/// # Errors
/// When the row cannot be written.
pub async fn record(db: &impl ConnectionTrait, entry: AuditEntry) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_user_id: Set(entry.actor_user_id),
        actor_role: Set(entry.actor_role),
        action: Set(entry.action.to_string()),
        target: Set(entry.target.map(|t| t.chars().take(128).collect())),
        outcome: Set(entry.outcome.to_string()),
        client_ip: Set(entry.client_ip),
        detail: Set(entry.detail),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Writes an entry for an event that must not fail the request (a failed login, a refusal);
/// a write failure is logged instead.
pub async fn record_best_effort(db: &impl ConnectionTrait, entry: AuditEntry) {
    let action = entry.action;
    if let Err(e) = record(db, entry).await {
        tracing::error!(error = %e, action, "audit log write failed");
    }
}
