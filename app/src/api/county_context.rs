//! The county desk's ports: households, local jobs and the dashboard, implemented by the
//! server over the database. Promoters act on their own county (another county's records
//! are not found), admins on any; every view of poverty data is audited.

use super::context::{RequestIdentity, SpooledUpload, UploadSpool};
use super::dashboard::{DashboardQuery, DashboardView, TargetsView};
use super::error::AppError;
use super::households::{CountyWorkerPage, HouseholdDetail, HouseholdPage, HouseholdView};
use super::local_jobs::{LocalJobPage, LocalJobQuery, LocalJobView, WorkerForLocalJob};
use super::types::{ImportMode, ImportProgress, ImportReport};
use crate::domain::county_view::{CountyWorkerFilter, HouseholdFilter};
use crate::domain::dashboard::TargetsForm;
use crate::domain::household::HouseholdForm;
use crate::domain::local_job::LocalJobForm;
use async_trait::async_trait;

/// 建档立卡 households and the county's workers.
#[async_trait]
pub trait HouseholdDesk: Send + Sync {
    /// A new temporary file for a ledger upload.
    fn spool_upload(&self) -> Result<Box<dyn UploadSpool>, AppError>;

    /// The caller's county's household import in progress, on whichever node it runs.
    async fn import_progress(&self, caller: &RequestIdentity) -> Option<ImportProgress>;

    /// One page of households; audited.
    async fn households(
        &self,
        caller: &RequestIdentity,
        filter: &HouseholdFilter,
    ) -> Result<HouseholdPage, AppError>;

    /// One household with its rostered members; audited.
    async fn household(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<HouseholdDetail, AppError>;

    /// Adds a household (`id` None) or corrects one (with the `version` read).
    async fn save_household(
        &self,
        caller: &RequestIdentity,
        id: Option<i32>,
        version: Option<i32>,
        form: &HouseholdForm,
    ) -> Result<HouseholdView, AppError>;

    /// Checks and (unless refused or a dry run) imports a household ledger into `county`
    /// (an admin's choice; a promoter's own county); returns the import's id and report.
    async fn import_households(
        &self,
        caller: &RequestIdentity,
        county: Option<String>,
        file: SpooledUpload,
        file_name: Option<String>,
        mode: ImportMode,
        dry_run: bool,
    ) -> Result<(i32, ImportReport), AppError>;

    /// An earlier import's report; another county's is not found.
    async fn household_import(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<ImportReport, AppError>;

    /// One page of the county's rostered workers, ID and phone masked; audited.
    async fn county_workers(
        &self,
        caller: &RequestIdentity,
        filter: &CountyWorkerFilter,
    ) -> Result<CountyWorkerPage, AppError>;
}

/// Local jobs (就地就近就业).
#[async_trait]
pub trait LocalJobDesk: Send + Sync {
    async fn local_jobs(
        &self,
        caller: &RequestIdentity,
        query: &LocalJobQuery,
    ) -> Result<LocalJobPage, AppError>;

    /// The worker a job would be recorded for, if the caller may record one.
    async fn local_job_worker(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<WorkerForLocalJob, AppError>;

    async fn record_local_job(
        &self,
        caller: &RequestIdentity,
        form: &LocalJobForm,
    ) -> Result<LocalJobView, AppError>;

    /// Ends a job on `ends_on` (its last day), if nobody changed it since `version`.
    async fn end_local_job(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        ends_on: &str,
    ) -> Result<LocalJobView, AppError>;
}

/// The dashboard, its 考核 export and the yearly targets.
#[async_trait]
pub trait DashboardDesk: Send + Sync {
    async fn dashboard(
        &self,
        caller: &RequestIdentity,
        query: &DashboardQuery,
    ) -> Result<DashboardView, AppError>;

    /// The county's figures quarter by quarter as an .xlsx workbook (a city one for admins
    /// without a county).
    async fn dashboard_xlsx(
        &self,
        caller: &RequestIdentity,
        query: &DashboardQuery,
    ) -> Result<(String, Vec<u8>), AppError>;

    async fn targets(
        &self,
        caller: &RequestIdentity,
        county: &str,
        year: i32,
    ) -> Result<TargetsView, AppError>;

    /// Sets the targets if nobody changed them since `version` (0: not set yet).
    async fn save_targets(
        &self,
        caller: &RequestIdentity,
        county: &str,
        year: i32,
        version: i32,
        form: &TargetsForm,
    ) -> Result<TargetsView, AppError>;
}
