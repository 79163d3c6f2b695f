//! `/api/v1` routes of the county desk: 建档立卡 households and their ledger import, the
//! county's workers, local jobs (就地就近就业), the dashboard with its 考核 workbook, and the
//! yearly targets. Same rules as the UI: the extractor checks the role, the service the
//! county (another county's records are 404 to a promoter).

use super::api_v1::{caller_with, receive_ledger};
use super::api_v1_brands::Official;
use super::api_v1_hiring::extractor;
use super::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use crate::state::AppState;
use app::api::AppError;
use app::api::LOCAL_JOB_KEEPERS;
use app::api::context::RequestIdentity;
use app::api::dashboard::{DashboardQuery, DashboardView, TargetsView};
use app::api::households::{
    CountyWorkerPage, CountyWorkerQuery, HouseholdDetail, HouseholdPage, HouseholdQuery,
    HouseholdView,
};
use app::api::local_jobs::{LocalJobPage, LocalJobQuery, LocalJobView};
use app::api::types::{ImportMode, ImportReport};
use app::domain::household::HouseholdForm;
use app::domain::local_job::LocalJobForm;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{FromRequestParts, Multipart, Path, State};
use axum::response::Response;
use http::{StatusCode, request};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The county desk's routes, merged into the `/api/v1` router.
pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(list_households, create_household))
        .routes(routes!(import_households))
        .routes(routes!(household_import))
        .routes(routes!(get_household, edit_household))
        .routes(routes!(county_workers))
        .routes(routes!(list_local_jobs, record_local_job))
        .routes(routes!(end_local_job))
        .routes(routes!(dashboard))
        .routes(routes!(dashboard_xlsx))
        .routes(routes!(get_targets, put_targets))
}

/// Who records local jobs: companies (their workers), promoters (their county), admins.
pub struct LocalJobKeeper(RequestIdentity);
extractor!(LocalJobKeeper, LOCAL_JOB_KEEPERS);

// ---- Households ----

/// One page of 建档立卡 households, with their rostered and working members counted.
/// Access: promoters (their county), admins (any county, or the city). Audited.
#[utoipa::path(
    get, path = "/api/v1/households", tag = "county",
    security(("session" = [])),
    params(HouseholdQuery),
    responses(
        (status = 200, description = "A page of households", body = HouseholdPage),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters)", body = ErrorBody),
    )
)]
async fn list_households(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<HouseholdQuery>,
) -> Result<Json<HouseholdPage>, ApiError> {
    let filter = query.to_filter().map_err(AppError::bad_parameter)?;
    Ok(Json(
        state
            .services
            .households
            .households(&identity, &filter)
            .await?,
    ))
}

/// Registers one household. `county` may be empty for a promoter (their own county).
/// Access: promoters (their county), admins.
#[utoipa::path(
    post, path = "/api/v1/households", tag = "county",
    security(("session" = [])),
    request_body = HouseholdForm,
    responses(
        (status = 201, description = "Registered", body = HouseholdView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters)", body = ErrorBody),
        (status = 409, description = "The household number is registered already", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn create_household(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiJson(form): ApiJson<HouseholdForm>,
) -> Result<(StatusCode, Json<HouseholdView>), ApiError> {
    let view = state
        .services
        .households
        .save_household(&identity, None, None, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A household edit: its fields and the version read.
#[derive(Deserialize, ToSchema)]
pub struct HouseholdEdit {
    pub version: i32,
    #[serde(flatten)]
    pub form: HouseholdForm,
}

/// One household with its rostered members (age, company, wishes, what they work at).
/// Access: promoters (their county), admins. Audited.
#[utoipa::path(
    get, path = "/api/v1/households/{id}", tag = "county",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Household id")),
    responses(
        (status = 200, description = "The household", body = HouseholdDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such household, or another county's", body = ErrorBody),
    )
)]
async fn get_household(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
) -> Result<Json<HouseholdDetail>, ApiError> {
    Ok(Json(
        state.services.households.household(&identity, id).await?,
    ))
}

/// Corrects a household if nobody changed it since `version`. Access: promoters (their
/// county), admins.
#[utoipa::path(
    put, path = "/api/v1/households/{id}", tag = "county",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Household id")),
    request_body = HouseholdEdit,
    responses(
        (status = 200, description = "Saved", body = HouseholdView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such household, or another county's", body = ErrorBody),
        (status = 409, description = "Changed by someone else, or the number is taken", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn edit_household(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
    ApiJson(edit): ApiJson<HouseholdEdit>,
) -> Result<Json<HouseholdView>, ApiError> {
    Ok(Json(
        state
            .services
            .households
            .save_household(&identity, Some(id), Some(edit.version), &edit.form)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct HouseholdImportQuery {
    /// The county the ledger is for (admins; a promoter's own county otherwise).
    pub county: Option<String>,
    /// `all_or_nothing` (default) or `good_rows`.
    pub mode: Option<ImportMode>,
    /// Check and report without writing.
    pub dry_run: Option<bool>,
}

/// The multipart form of a household ledger import.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct HouseholdUpload {
    /// .xlsx, or CSV (UTF-8 or GB18030), headers 户编号, 户主姓名, 乡镇, 村, 脱贫状态, 劳动力人数,
    /// 有就业意愿人数 (区县 optional; English names accepted).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// A household import's id and report.
#[derive(serde::Serialize, ToSchema)]
pub struct HouseholdImportResult {
    pub import_id: i32,
    pub report: ImportReport,
}

/// Imports a county's household ledger. Access: promoters (their county), admins (naming
/// `county`).
///
/// The whole file is checked first; every bad row is reported with its row number, column and
/// reason. In `all_or_nothing` mode nothing is written if any row is bad. Importing the same
/// file again reports every row unchanged.
#[utoipa::path(
    post, path = "/api/v1/households/import", tag = "county",
    security(("session" = [])),
    params(HouseholdImportQuery),
    request_body(content = HouseholdUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The import's id and report", body = HouseholdImportResult),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters)", body = ErrorBody),
        (status = 409, description = "Households changed by someone else during the import", body = ErrorBody),
        (status = 413, description = "File too large", body = ErrorBody),
        (status = 422, description = "No file, not a ledger, or missing headers; details.field names it", body = ErrorBody),
    )
)]
async fn import_households(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<HouseholdImportQuery>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<HouseholdImportResult>, ApiError> {
    let mut multipart = multipart.map_err(|_| {
        ApiError(AppError::invalid(
            "file",
            "请以 multipart/form-data 上传台账（字段 file）",
        ))
    })?;
    let (file, file_name) = receive_ledger(
        &mut multipart,
        || state.services.households.spool_upload(),
        "请选择要导入的建档立卡户台账文件（字段 file）",
    )
    .await?;
    let (import_id, report) = state
        .services
        .households
        .import_households(
            &identity,
            query.county,
            file,
            file_name,
            query.mode.unwrap_or(ImportMode::AllOrNothing),
            query.dry_run.unwrap_or(false),
        )
        .await?;
    Ok(Json(HouseholdImportResult { import_id, report }))
}

/// An earlier household import's report. Access: promoters (their county's), admins.
#[utoipa::path(
    get, path = "/api/v1/households/imports/{id}", tag = "county",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Import id")),
    responses(
        (status = 200, description = "The report", body = ImportReport),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such import, or another county's", body = ErrorBody),
    )
)]
async fn household_import(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
) -> Result<Json<ImportReport>, ApiError> {
    Ok(Json(
        state
            .services
            .households
            .household_import(&identity, id)
            .await?,
    ))
}

/// One page of the county's rostered workers (by home county), ID and phone masked, with
/// their household, wishes and what they work at today. Access: promoters (their county),
/// admins. Audited.
#[utoipa::path(
    get, path = "/api/v1/county-workers", tag = "county",
    security(("session" = [])),
    params(CountyWorkerQuery),
    responses(
        (status = 200, description = "A page of workers", body = CountyWorkerPage),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters)", body = ErrorBody),
    )
)]
async fn county_workers(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<CountyWorkerQuery>,
) -> Result<Json<CountyWorkerPage>, ApiError> {
    let filter = query.to_filter().map_err(AppError::bad_parameter)?;
    Ok(Json(
        state
            .services
            .households
            .county_workers(&identity, &filter)
            .await?,
    ))
}

// ---- Local jobs ----

/// Local jobs, newest first: a company's workers', a promoter's county's, any (or one
/// county's) for admins. Access: companies, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/local-jobs", tag = "county",
    security(("session" = [])),
    params(LocalJobQuery),
    responses(
        (status = 200, description = "A page of local jobs", body = LocalJobPage),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 404, description = "Another county (promoters)", body = ErrorBody),
    )
)]
async fn list_local_jobs(
    State(state): State<AppState>,
    LocalJobKeeper(identity): LocalJobKeeper,
    ApiQuery(query): ApiQuery<LocalJobQuery>,
) -> Result<Json<LocalJobPage>, ApiError> {
    Ok(Json(
        state
            .services
            .local_jobs
            .local_jobs(&identity, &query)
            .await?,
    ))
}

/// Records a worker's local job. Access: the worker's company, the promoter of the worker's
/// home county, admins (any other worker is 404).
#[utoipa::path(
    post, path = "/api/v1/local-jobs", tag = "county",
    security(("session" = [])),
    request_body = LocalJobForm,
    responses(
        (status = 201, description = "Recorded", body = LocalJobView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 404, description = "No such worker, or not the caller's", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn record_local_job(
    State(state): State<AppState>,
    LocalJobKeeper(identity): LocalJobKeeper,
    ApiJson(form): ApiJson<LocalJobForm>,
) -> Result<(StatusCode, Json<LocalJobView>), ApiError> {
    let view = state
        .services
        .local_jobs
        .record_local_job(&identity, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The end of a local job: its last day, and the version read.
#[derive(Deserialize, ToSchema)]
pub struct LocalJobEnd {
    pub version: i32,
    /// YYYY-MM-DD.
    pub ends_on: String,
}

/// Ends a local job. Access: as for recording it.
#[utoipa::path(
    post, path = "/api/v1/local-jobs/{id}/end", tag = "county",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Local job id")),
    request_body = LocalJobEnd,
    responses(
        (status = 200, description = "Ended", body = LocalJobView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 409, description = "Changed by someone else", body = ErrorBody),
        (status = 422, description = "A bad end date; details.field is ends_on", body = ErrorBody),
    )
)]
async fn end_local_job(
    State(state): State<AppState>,
    LocalJobKeeper(identity): LocalJobKeeper,
    Path(id): Path<i32>,
    ApiJson(end): ApiJson<LocalJobEnd>,
) -> Result<Json<LocalJobView>, ApiError> {
    Ok(Json(
        state
            .services
            .local_jobs
            .end_local_job(&identity, id, end.version, &end.ends_on)
            .await?,
    ))
}

// ---- Dashboard and targets ----

/// The dashboard: households with a willing member and how many have someone at work,
/// willing workers of working age and how many were trained, placements cross-province /
/// in-province / local, subsidies, targets, the monthly trend and the areas side by side
/// (`by_county` for the city, `by_township` for a county, `by_village` with `township`).
/// Access: promoters (their county), admins (the city or any county).
#[utoipa::path(
    get, path = "/api/v1/dashboard", tag = "county",
    security(("session" = [])),
    params(DashboardQuery),
    responses(
        (status = 200, description = "The dashboard", body = DashboardView),
        (status = 400, description = "A parameter is malformed (a future year …); details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters), or an unknown county", body = ErrorBody),
    )
)]
async fn dashboard(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Json<DashboardView>, ApiError> {
    Ok(Json(
        state
            .services
            .dashboard
            .dashboard(&identity, &query)
            .await?,
    ))
}

/// The 考核 workbook: the figures quarter by quarter against the targets, the townships (or
/// counties) side by side, and the households still waiting for work. Access: as the
/// dashboard. Audited.
#[utoipa::path(
    get, path = "/api/v1/dashboard/export.xlsx", tag = "county",
    security(("session" = [])),
    params(DashboardQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters)", body = ErrorBody),
    )
)]
async fn dashboard_xlsx(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Response, ApiError> {
    let (file_name, bytes) = state
        .services
        .dashboard
        .dashboard_xlsx(&identity, &query)
        .await?;
    Ok(super::api_v1::xlsx_download(
        bytes,
        "dashboard.xlsx",
        Some(&file_name),
    ))
}

/// A county's targets for a year (`targets` is null until set). Access: promoters (their
/// county), admins.
#[utoipa::path(
    get, path = "/api/v1/targets/{county}/{year}", tag = "county",
    security(("session" = [])),
    params(
        ("county" = String, Path, description = "County code (GB/T 2260)"),
        ("year" = i32, Path, description = "Year"),
    ),
    responses(
        (status = 200, description = "The targets", body = TargetsView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters), or an unknown county", body = ErrorBody),
        (status = 422, description = "A year out of range", body = ErrorBody),
    )
)]
async fn get_targets(
    State(state): State<AppState>,
    Official(identity): Official,
    Path((county, year)): Path<(String, i32)>,
) -> Result<Json<TargetsView>, ApiError> {
    Ok(Json(
        state
            .services
            .dashboard
            .targets(&identity, &county, year)
            .await?,
    ))
}

/// New targets and the version read (0 when none are set yet).
#[derive(Deserialize, ToSchema)]
pub struct TargetsPut {
    pub version: i32,
    #[serde(flatten)]
    pub form: app::domain::dashboard::TargetsForm,
}

/// Sets a county's targets for a year: households to employ, workers to train, workers to
/// export. Access: promoters (their county), admins.
#[utoipa::path(
    put, path = "/api/v1/targets/{county}/{year}", tag = "county",
    security(("session" = [])),
    params(
        ("county" = String, Path, description = "County code (GB/T 2260)"),
        ("year" = i32, Path, description = "Year"),
    ),
    request_body = TargetsPut,
    responses(
        (status = 200, description = "Saved", body = TargetsView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters), or an unknown county", body = ErrorBody),
        (status = 409, description = "Changed by someone else since `version`", body = ErrorBody),
        (status = 422, description = "A number or the year is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn put_targets(
    State(state): State<AppState>,
    Official(identity): Official,
    Path((county, year)): Path<(String, i32)>,
    ApiJson(put): ApiJson<TargetsPut>,
) -> Result<Json<TargetsView>, ApiError> {
    Ok(Json(
        state
            .services
            .dashboard
            .save_targets(&identity, &county, year, put.version, &put.form)
            .await?,
    ))
}
