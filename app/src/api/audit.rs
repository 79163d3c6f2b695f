//! Reading the audit log: admins read all of it, promoters what their county's users did and
//! what was done to their county's workers; a company sees, on each of its workers, who saw
//! that worker's unmasked data, when and why.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::{RequestContext, RequestIdentity};

/// One audit entry as the log page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditRow {
    /// The entry's place in the hash chain.
    pub seq: i64,
    /// YYYY-MM-DD HH:MM:SS, Beijing time.
    pub at: String,
    pub actor_user_id: Option<i32>,
    /// The user's display name and login, or the system.
    pub actor: String,
    pub actor_role: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub outcome: String,
    /// Where the request came from.
    pub client_ip: Option<String>,
    pub detail: Option<String>,
}

/// A page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The log's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
#[serde(default)]
pub struct AuditQuery {
    /// A user's login name.
    pub actor: Option<String>,
    /// An action, or its beginning: `worker.` for everything about workers.
    pub action: Option<String>,
    /// A record, e.g. `worker:12`.
    pub target: Option<String>,
    /// YYYY-MM-DD, Beijing time, inclusive.
    pub from: Option<String>,
    /// YYYY-MM-DD, Beijing time, inclusive.
    pub to: Option<String>,
    /// 1-based.
    pub page: Option<u64>,
}

/// Who saw a worker's unmasked data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DisclosureView {
    /// YYYY-MM-DD HH:MM, Beijing time.
    pub at: String,
    /// The user and their organisation.
    pub who: String,
    /// 查看完整号码, 查看联系方式 or 导出花名册.
    pub what: String,
    /// The purpose given, or where it happened.
    pub why: String,
}

/// A page of the audit log. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "audit_log")]
pub async fn audit_log(query: AuditQuery) -> Result<AuditPage, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("audit_log").await?;
    ctx.services
        .audit
        .log(&ctx.identity, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Who saw this worker's unmasked data. Access: the worker's company, promoters of the
/// worker's county, admins.
#[server(prefix = "/sfn", endpoint = "worker_disclosures")]
pub async fn worker_disclosures(worker_id: i32) -> Result<Vec<DisclosureView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker_disclosures").await?;
    ctx.services
        .audit
        .disclosures(&ctx.identity, worker_id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The audit desk's port, implemented by the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait AuditDesk: Send + Sync {
    async fn log(
        &self,
        caller: &RequestIdentity,
        query: &AuditQuery,
    ) -> Result<AuditPage, AppError>;

    /// The whole filtered log as an .xlsx workbook (at most 50,000 rows).
    async fn log_xlsx(
        &self,
        caller: &RequestIdentity,
        query: &AuditQuery,
    ) -> Result<Vec<u8>, AppError>;

    async fn disclosures(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<Vec<DisclosureView>, AppError>;
}
