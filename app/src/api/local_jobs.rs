//! 就地就近就业: the jobs at home of rostered workers, recorded by their company or the
//! county's promoter, and ended when they end. A running one makes its worker's household
//! count as employed.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::RequestContext;

/// A local job as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LocalJobView {
    pub id: i32,
    pub worker_id: i32,
    pub worker_name: String,
    pub company_name: String,
    pub county_code: String,
    pub county_name: String,
    /// A kind code: `public_welfare`, `poverty_workshop`, `cooperative`, `local_enterprise`,
    /// `key_project`, `self_employed`.
    pub kind: String,
    /// 公益性岗位 …
    pub kind_label: String,
    pub employer_name: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD, the last day; none while it runs.
    pub ends_on: Option<String>,
    /// Running today.
    pub active: bool,
    pub version: i32,
}

/// The local jobs list as the query string carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct LocalJobQuery {
    /// County code (admins; a promoter's own county otherwise).
    pub county: Option<String>,
    /// One worker's jobs.
    pub worker_id: Option<i32>,
    /// `yes`: running today; `no`: ended or not begun.
    pub active: Option<String>,
    /// 1-based.
    pub page: Option<String>,
}

/// One page of local jobs, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LocalJobPage {
    pub jobs: Vec<LocalJobView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The worker a local job is being recorded for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkerForLocalJob {
    pub worker_id: i32,
    pub name: String,
    pub company_name: String,
    pub county_name: String,
    pub household_number: Option<String>,
}

/// Local jobs the caller may see: a company's workers', a promoter's county's, any for
/// admins; newest first. Access: companies, promoters, admins.
#[server(prefix = "/sfn", endpoint = "local_jobs")]
pub async fn local_jobs(
    county: Option<String>,
    worker_id: Option<i32>,
    active: Option<String>,
    page: Option<String>,
) -> Result<LocalJobPage, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("local_jobs").await?;
    let query = LocalJobQuery {
        county,
        worker_id,
        active,
        page,
    };
    ctx.services
        .local_jobs
        .local_jobs(&ctx.identity, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Whom a new local job would be recorded for (the caller must be able to record it).
/// Access: companies, promoters, admins.
#[server(prefix = "/sfn", endpoint = "local_job_worker")]
pub async fn local_job_worker(worker_id: i32) -> Result<WorkerForLocalJob, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("local_job_worker").await?;
    ctx.services
        .local_jobs
        .local_job_worker(&ctx.identity, worker_id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Records a local job. Access: the worker's company, the promoter of the worker's county,
/// admins.
#[server(prefix = "/sfn", endpoint = "record_local_job")]
pub async fn record_local_job(
    worker_id: i32,
    kind: String,
    employer_name: String,
    starts_on: String,
    ends_on: Option<String>,
) -> Result<LocalJobView, AppError> {
    use crate::domain::local_job::LocalJobForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("record_local_job").await?;
    let form = LocalJobForm {
        worker_id,
        kind,
        employer_name,
        starts_on,
        ends_on,
    };
    let result = ctx
        .services
        .local_jobs
        .record_local_job(&ctx.identity, &form)
        .await;
    if let (Ok(_), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect("/local-jobs?recorded=1");
        return result;
    }
    ctx.answer_form(result, &format!("/local-jobs/new?worker={worker_id}"))
}

/// Ends a local job on `ends_on` (its last day). Access: as for recording.
#[server(prefix = "/sfn", endpoint = "end_local_job")]
pub async fn end_local_job(
    id: i32,
    version: i32,
    ends_on: String,
) -> Result<LocalJobView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("end_local_job").await?;
    let result = ctx
        .services
        .local_jobs
        .end_local_job(&ctx.identity, id, version, &ends_on)
        .await;
    ctx.answer_form(result, "/local-jobs")
}
