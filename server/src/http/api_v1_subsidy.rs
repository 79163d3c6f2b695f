//! `/api/v1` routes for 员工制 enrolment, flexible-employment social insurance, the
//! policy-parameter versions and the subsidy claims computed from them. Same rules as the UI:
//! the extractor checks the role (the `SERVER_FN_ACCESS` rule of the matching server
//! function), the [`SubsidyDesk`](app::api::context::SubsidyDesk) service the company, county
//! and claim state.

use super::api_v1::caller_with;
use super::api_v1_brands::{CompanyUser, Official};
use super::api_v1_hiring::{HiringParty, SignedIn, extractor};
use super::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use crate::state::AppState;
use app::api::WELFARE_KEEPERS;
use app::api::context::RequestIdentity;
use app::api::types::{
    BoardQuery, ClaimDecision, ClaimEvidence, ClaimFilter, ClaimTotal, ClaimView,
    EmployeeSystemCandidate, EmployeeSystemRow, EmployeeSystemView, ImportMode, ImportReport,
    InsuranceEnrolmentView, PolicyVersionView, RecomputeReport,
};
use app::api::{AppError, ErrorCode};
use app::domain::insurance::{
    ContributionBaseForm, ContributionForm, EmployeeSystemForm, EnrolmentEnd,
    InsuranceEnrolmentForm,
};
use app::domain::policy::PolicyVersionForm;
use app::domain::subsidy::ClaimStep;
use axum::Json;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{FromRequestParts, Multipart, Path, State};
use axum::response::Response;
use http::header::CONTENT_LENGTH;
use http::{HeaderMap, StatusCode, request};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The subsidy routes, merged into the `/api/v1` router.
pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(employee_system_board, enrol_employee_system))
        .routes(routes!(employee_system_xlsx))
        .routes(routes!(employee_system_candidates))
        .routes(routes!(end_employee_system))
        .routes(routes!(list_insurance_enrolments, enrol_insurance))
        .routes(routes!(get_insurance_enrolment))
        .routes(routes!(end_insurance))
        .routes(routes!(set_contribution_base))
        .routes(routes!(record_contribution))
        .routes(routes!(import_statement))
        .routes(routes!(list_policy_versions, create_policy_version))
        .routes(routes!(list_claims))
        .routes(routes!(claim_totals))
        .routes(routes!(claims_xlsx))
        .routes(routes!(recompute_claims))
        .routes(routes!(get_claim))
        .routes(routes!(attach_evidence))
        .routes(routes!(submit_claim))
        .routes(routes!(approve_claim))
        .routes(routes!(reject_claim))
        .routes(routes!(pay_claim))
}

/// Who keeps or oversees 员工制 and insurance records: company users (their workers),
/// promoters (their county), admins.
pub struct WelfareKeeper(pub RequestIdentity);

extractor!(WelfareKeeper, WELFARE_KEEPERS);

/// An .xlsx workbook as a download.
fn workbook(bytes: Vec<u8>, file_name: &str) -> Response {
    super::api_v1::xlsx_download(bytes, file_name, None)
}

// ---- 员工制 ----

/// The 员工制 board: each enrolment with its placement, insurance, subsidised months used,
/// arrears and claims. A company sees its own workers, a promoter their county's, admins all.
/// Access: company users, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/employee-system", tag = "subsidies",
    security(("session" = [])),
    params(
        ("sort" = Option<String>, Query, description = "`worker`, `started_on`, `arrears`, `months_used` or `claims`"),
        ("order" = Option<String>, Query, description = "`desc` for descending"),
    ),
    responses(
        (status = 200, description = "The board", body = [EmployeeSystemRow]),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
    )
)]
async fn employee_system_board(
    State(state): State<AppState>,
    WelfareKeeper(identity): WelfareKeeper,
    ApiQuery(query): ApiQuery<BoardQuery>,
) -> Result<Json<Vec<EmployeeSystemRow>>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .employee_system_board(&identity, &query)
            .await?,
    ))
}

/// The 员工制 board as an .xlsx workbook, in the same order.
/// Access: company users, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/employee-system/export.xlsx", tag = "subsidies",
    security(("session" = [])),
    params(
        ("sort" = Option<String>, Query, description = "`worker`, `started_on`, `arrears`, `months_used` or `claims`"),
        ("order" = Option<String>, Query, description = "`desc` for descending"),
    ),
    responses(
        (status = 200, description = "employee-system.xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
    )
)]
async fn employee_system_xlsx(
    State(state): State<AppState>,
    WelfareKeeper(identity): WelfareKeeper,
    ApiQuery(query): ApiQuery<BoardQuery>,
) -> Result<Response, ApiError> {
    let bytes = state
        .services
        .subsidies
        .employee_system_xlsx(&identity, &query)
        .await?;
    Ok(workbook(bytes, "employee-system.xlsx"))
}

/// The caller's signed 员工制 contracts whose worker is not enrolled yet: what may be enrolled.
/// Access: company users.
#[utoipa::path(
    get, path = "/api/v1/employee-system/candidates", tag = "subsidies",
    security(("session" = [])),
    responses(
        (status = 200, description = "Contracts waiting for enrolment", body = [EmployeeSystemCandidate]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
    )
)]
async fn employee_system_candidates(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
) -> Result<Json<Vec<EmployeeSystemCandidate>>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .employee_system_candidates(&identity)
            .await?,
    ))
}

/// Enrol a worker in 员工制 under a signed 员工制 contract of the caller's company, with the
/// work arrangements (`flexible_hours`, `negotiated_pay`, `rotation`; at least one) and the
/// start date. Access: company users.
#[utoipa::path(
    post, path = "/api/v1/employee-system", tag = "subsidies",
    security(("session" = [])),
    request_body = EmployeeSystemForm,
    responses(
        (status = 201, description = "Enrolled", body = EmployeeSystemView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such contract of the caller's company", body = ErrorBody),
        (status = 409, description = "The contract is not a signed 员工制 contract, or the worker is already enrolled", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn enrol_employee_system(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    ApiJson(form): ApiJson<EmployeeSystemForm>,
) -> Result<(StatusCode, Json<EmployeeSystemView>), ApiError> {
    let view = state
        .services
        .subsidies
        .enrol_employee_system(&identity, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// End a 员工制 enrolment on a date (not before its start) with a reason.
/// Access: company users, their own workers.
#[utoipa::path(
    post, path = "/api/v1/employee-system/{id}/end", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "员工制 enrolment id")),
    request_body = EnrolmentEnd,
    responses(
        (status = 200, description = "Ended", body = EmployeeSystemView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such enrolment of the caller's company", body = ErrorBody),
        (status = 409, description = "Already ended", body = ErrorBody),
        (status = 422, description = "Bad date or no reason; details.field names it", body = ErrorBody),
    )
)]
async fn end_employee_system(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    Path(id): Path<i32>,
    ApiJson(end): ApiJson<EnrolmentEnd>,
) -> Result<Json<EmployeeSystemView>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .end_employee_system(&identity, id, &end)
            .await?,
    ))
}

// ---- Social insurance ----

/// Which insurance enrolments to list.
#[derive(Deserialize)]
struct EnrolmentQuery {
    worker_id: Option<i32>,
}

/// Insurance enrolments with their yearly bases, monthly contributions (newest first) and
/// arrears: a company's workers', a promoter's county's, all for admins; optionally one
/// worker's. Access: company users, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/insurance/enrolments", tag = "subsidies",
    security(("session" = [])),
    params(("worker_id" = Option<i32>, Query, description = "Only this worker's enrolments")),
    responses(
        (status = 200, description = "Enrolments", body = [InsuranceEnrolmentView]),
        (status = 400, description = "worker_id is not a number; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
    )
)]
async fn list_insurance_enrolments(
    State(state): State<AppState>,
    WelfareKeeper(identity): WelfareKeeper,
    ApiQuery(query): ApiQuery<EnrolmentQuery>,
) -> Result<Json<Vec<InsuranceEnrolmentView>>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .insurance_enrolments(&identity, query.worker_id)
            .await?,
    ))
}

/// Enrol one of the caller's workers as a flexible-employment participant at their home
/// county, in each scheme chosen (`pension`, `medical`), from a month (`YYYY-MM`) with that
/// year's monthly base in yuan (checked against the floor and ceiling of the policy version in
/// force). Access: company users.
#[utoipa::path(
    post, path = "/api/v1/insurance/enrolments", tag = "subsidies",
    security(("session" = [])),
    request_body = InsuranceEnrolmentForm,
    responses(
        (status = 201, description = "Enrolled: one enrolment per scheme", body = [InsuranceEnrolmentView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
        (status = 409, description = "Already enrolled in a scheme", body = ErrorBody),
        (status = 422, description = "A field is invalid, or the base is outside the floor and ceiling; details.field names it", body = ErrorBody),
    )
)]
async fn enrol_insurance(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    ApiJson(form): ApiJson<InsuranceEnrolmentForm>,
) -> Result<(StatusCode, Json<Vec<InsuranceEnrolmentView>>), ApiError> {
    let views = state
        .services
        .subsidies
        .enrol_insurance(&identity, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(views)))
}

/// One insurance enrolment with its bases, contributions and arrears.
/// Access: company users (own workers), promoters (their county), admins.
#[utoipa::path(
    get, path = "/api/v1/insurance/enrolments/{id}", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "insurance enrolment id")),
    responses(
        (status = 200, description = "The enrolment", body = InsuranceEnrolmentView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 404, description = "No such enrolment the caller may see", body = ErrorBody),
    )
)]
async fn get_insurance_enrolment(
    State(state): State<AppState>,
    WelfareKeeper(identity): WelfareKeeper,
    Path(id): Path<i32>,
) -> Result<Json<InsuranceEnrolmentView>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .insurance_enrolment(&identity, id)
            .await?,
    ))
}

/// End an insurance enrolment: the month of `ended_on` is the last one due.
/// Access: company users, own workers.
#[utoipa::path(
    post, path = "/api/v1/insurance/enrolments/{id}/end", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "insurance enrolment id")),
    request_body = EnrolmentEnd,
    responses(
        (status = 200, description = "Ended", body = InsuranceEnrolmentView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such enrolment of the caller's company", body = ErrorBody),
        (status = 409, description = "Already ended", body = ErrorBody),
        (status = 422, description = "Bad date or no reason; details.field names it", body = ErrorBody),
    )
)]
async fn end_insurance(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    Path(id): Path<i32>,
    ApiJson(end): ApiJson<EnrolmentEnd>,
) -> Result<Json<InsuranceEnrolmentView>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .end_insurance(&identity, id, &end)
            .await?,
    ))
}

/// Set (or change) the monthly contribution base for a year, checked against that year's
/// floor and ceiling. Access: company users, own workers.
#[utoipa::path(
    put, path = "/api/v1/insurance/enrolments/{id}/bases", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "insurance enrolment id")),
    request_body = ContributionBaseForm,
    responses(
        (status = 200, description = "Saved; the enrolment", body = InsuranceEnrolmentView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such enrolment of the caller's company", body = ErrorBody),
        (status = 409, description = "No policy version for that year, or the enrolment has ended", body = ErrorBody),
        (status = 422, description = "Bad year, or a base outside the floor and ceiling; details.field names it", body = ErrorBody),
    )
)]
async fn set_contribution_base(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    Path(id): Path<i32>,
    ApiJson(form): ApiJson<ContributionBaseForm>,
) -> Result<Json<InsuranceEnrolmentView>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .set_contribution_base(&identity, id, &form)
            .await?,
    ))
}

/// Record (or correct) one month's contribution: base, amount actually paid (0 for a month
/// known to be unpaid) and the date paid. The month's subsidy claims follow.
/// Access: company users, own workers.
#[utoipa::path(
    post, path = "/api/v1/insurance/enrolments/{id}/contributions", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "insurance enrolment id")),
    request_body = ContributionForm,
    responses(
        (status = 200, description = "Recorded; the enrolment", body = InsuranceEnrolmentView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such enrolment of the caller's company", body = ErrorBody),
        (status = 409, description = "The month is outside the enrolment, or its claim is already submitted", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn record_contribution(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    Path(id): Path<i32>,
    ApiJson(form): ApiJson<ContributionForm>,
) -> Result<Json<InsuranceEnrolmentView>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .record_contribution(&identity, id, &form)
            .await?,
    ))
}

/// Agency statements are a few hundred rows; anything past this is not one.
const MAX_STATEMENT_BYTES: usize = 5 * 1024 * 1024;
/// Room for the multipart boundaries, part headers and the `mode` part around the file.
const MULTIPART_ALLOWANCE: usize = 64 * 1024;

/// The multipart form of a statement import.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StatementUpload {
    /// The insurance agency's statement: .xlsx, or CSV (UTF-8 or GB18030); at most 5 MB.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// `good_rows` (default): import the good rows and report the bad ones;
    /// `all_or_nothing`: import nothing if any row is bad.
    pub mode: Option<ImportMode>,
}

fn statement_too_large() -> ApiError {
    ApiError(AppError {
        code: ErrorCode::PayloadTooLarge,
        message: "对账单超过 5 MB，请按月份拆分后再导入".to_string(),
        field: Some("file".to_string()),
    })
}

fn unreadable(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return statement_too_large();
    }
    ApiError(AppError::invalid(
        "file",
        format!("上传内容无法读取：{}", e.body_text()),
    ))
}

/// The `mode` part: a short word.
async fn import_mode(mut field: Field<'_>) -> Result<ImportMode, ApiError> {
    let invalid = || {
        ApiError(AppError::invalid(
            "mode",
            "导入方式应为 good_rows（导入正确的行）或 all_or_nothing（有错行则全不导入）",
        ))
    };
    let mut text = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        text.extend_from_slice(&chunk);
        if text.len() > 64 {
            return Err(invalid());
        }
    }
    match String::from_utf8_lossy(&text).trim() {
        "" | "good_rows" => Ok(ImportMode::GoodRows),
        "all_or_nothing" => Ok(ImportMode::AllOrNothing),
        _ => Err(invalid()),
    }
}

/// Import an insurance agency statement (对账单) for the caller's company's workers: rows are
/// matched by ID number and scheme; every bad row is reported with its row number, column and
/// reason. Importing the same statement again changes nothing. The multipart form has the
/// part `file` (.xlsx or .csv, at most 5 MB) and optionally `mode` (`good_rows`, the default,
/// or `all_or_nothing`). Access: company users.
#[utoipa::path(
    post, path = "/api/v1/insurance/import", tag = "subsidies",
    security(("session" = [])),
    request_body(content = StatementUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The import report", body = ImportReport),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 413, description = "Over 5 MB; details.field is `file`", body = ErrorBody),
        (status = 422, description = "No file, an empty or unreadable file, not a statement, or an unknown mode; details.field names the part", body = ErrorBody),
    )
)]
async fn import_statement(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<ImportReport>, ApiError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > (MAX_STATEMENT_BYTES + MULTIPART_ALLOWANCE) as u64) {
        return Err(statement_too_large());
    }
    let mut multipart = multipart.map_err(|_| {
        ApiError(AppError::invalid(
            "file",
            "请以 multipart/form-data 上传对账单（字段 file）",
        ))
    })?;
    let (mut upload, mut mode) = (None, ImportMode::GoodRows);
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("file") => {
                if upload.is_some() {
                    return Err(ApiError(AppError::invalid(
                        "file",
                        "一次只能导入一个对账单文件",
                    )));
                }
                let name = field.file_name().map(str::to_string);
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                    if bytes.len() + chunk.len() > MAX_STATEMENT_BYTES {
                        return Err(statement_too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                upload = Some((name, bytes));
            }
            Some("mode") => mode = import_mode(field).await?,
            _ => {}
        }
    }
    let (file_name, bytes) = upload.ok_or_else(|| {
        ApiError(AppError::invalid(
            "file",
            "请选择社保经办机构的对账单文件（字段 file）",
        ))
    })?;
    if bytes.is_empty() {
        return Err(ApiError(AppError::invalid("file", "文件是空的")));
    }
    Ok(Json(
        state
            .services
            .subsidies
            .import_statement(&identity, file_name, bytes, mode)
            .await?,
    ))
}

// ---- Policy parameters ----

/// Every policy-parameter version (city-wide and per county), newest first, with whether it is
/// in force today. Access: signed in.
#[utoipa::path(
    get, path = "/api/v1/policy-parameters", tag = "subsidies",
    security(("session" = [])),
    responses(
        (status = 200, description = "The versions", body = [PolicyVersionView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn list_policy_versions(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
) -> Result<Json<Vec<PolicyVersionView>>, ApiError> {
    Ok(Json(
        state.services.subsidies.policy_versions(&identity).await?,
    ))
}

/// Add a policy-parameter version: the average wage, base floor and ceiling, contribution
/// rates and subsidy amounts from a date. Claims already computed keep the version they were
/// computed with. Access: promoters (their county), admins (any county, or city-wide with an
/// empty `county_code`).
#[utoipa::path(
    post, path = "/api/v1/policy-parameters", tag = "subsidies",
    security(("session" = [])),
    request_body = PolicyVersionForm,
    responses(
        (status = 201, description = "Added", body = PolicyVersionView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin, another county's, or city-wide by a promoter", body = ErrorBody),
        (status = 409, description = "A version for this scope already starts on that date", body = ErrorBody),
        (status = 422, description = "A figure is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn create_policy_version(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiJson(form): ApiJson<PolicyVersionForm>,
) -> Result<(StatusCode, Json<PolicyVersionView>), ApiError> {
    let view = state
        .services
        .subsidies
        .create_policy_version(&identity, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

// ---- Subsidy claims ----

/// The claims the caller may see, with the reasons for each amount: a company's and an
/// employer's own (employers see worker names masked), a promoter's county's, all for admins.
/// Access: signed in.
#[utoipa::path(
    get, path = "/api/v1/subsidy-claims", tag = "subsidies",
    security(("session" = [])),
    params(
        ("state" = Option<String>, Query, description = "`computed`, `submitted`, `approved`, `rejected` or `paid`"),
        ("kind" = Option<String>, Query, description = "`transport`, `social_insurance`, `employer_hiring` or `employer_insurance`"),
        ("year" = Option<String>, Query, description = "e.g. 2026"),
        ("county" = Option<String>, Query, description = "Officials: a county code, e.g. 141027"),
        ("worker_id" = Option<i32>, Query, description = "Only this worker's claims"),
    ),
    responses(
        (status = 200, description = "Claims", body = [ClaimView]),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn list_claims(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    ApiQuery(filter): ApiQuery<ClaimFilter>,
) -> Result<Json<Vec<ClaimView>>, ApiError> {
    Ok(Json(
        state.services.subsidies.claims(&identity, &filter).await?,
    ))
}

/// One claim with the explanation of its amount (rule, policy version, inputs, formula).
/// Access: signed in (the claimant, the county's promoters, admins).
#[utoipa::path(
    get, path = "/api/v1/subsidy-claims/{id}", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "claim id")),
    responses(
        (status = 200, description = "The claim", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such claim the caller may see", body = ErrorBody),
    )
)]
async fn get_claim(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    Path(id): Path<i32>,
) -> Result<Json<ClaimView>, ApiError> {
    Ok(Json(state.services.subsidies.claim(&identity, id).await?))
}

/// Attach the claimant's evidence (ticket or receipt numbers, …) and, for a transport claim,
/// the actual travel cost in yuan, which sets its amount (up to the cap). Send the
/// `row_version` you read. Access: the claimant (company or employer users).
#[utoipa::path(
    put, path = "/api/v1/subsidy-claims/{id}/evidence", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "claim id")),
    request_body = ClaimEvidence,
    responses(
        (status = 200, description = "Saved", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company or employer user", body = ErrorBody),
        (status = 404, description = "No such claim of the caller's", body = ErrorBody),
        (status = 409, description = "Already submitted, or changed by someone else since `row_version`", body = ErrorBody),
        (status = 422, description = "Bad travel cost or evidence; details.field names it", body = ErrorBody),
    )
)]
async fn attach_evidence(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(id): Path<i32>,
    ApiJson(evidence): ApiJson<ClaimEvidence>,
) -> Result<Json<ClaimView>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .attach_evidence(&identity, id, &evidence)
            .await?,
    ))
}

async fn step(
    state: &AppState,
    identity: &RequestIdentity,
    id: i32,
    step: ClaimStep,
    decision: ClaimDecision,
) -> Result<Json<ClaimView>, ApiError> {
    Ok(Json(
        state
            .services
            .subsidies
            .step_claim(identity, id, step, &decision)
            .await?,
    ))
}

/// Submit a computed claim for review; it needs an amount above 0 and evidence. Only
/// `row_version` is read from the body. Access: the claimant (company or employer users).
#[utoipa::path(
    post, path = "/api/v1/subsidy-claims/{id}/submit", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "claim id")),
    request_body = ClaimDecision,
    responses(
        (status = 200, description = "Submitted", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company or employer user", body = ErrorBody),
        (status = 404, description = "No such claim of the caller's", body = ErrorBody),
        (status = 409, description = "Not submittable in its state (no amount, no evidence, already submitted), or changed by someone else", body = ErrorBody),
        (status = 422, description = "Malformed body", body = ErrorBody),
    )
)]
async fn submit_claim(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(id): Path<i32>,
    ApiJson(decision): ApiJson<ClaimDecision>,
) -> Result<Json<ClaimView>, ApiError> {
    let decision = ClaimDecision {
        row_version: decision.row_version,
        ..ClaimDecision::default()
    };
    step(&state, &identity, id, ClaimStep::Submit, decision).await
}

/// Approve a submitted claim. Only `row_version` is read from the body.
/// Access: promoters (their county), admins.
#[utoipa::path(
    post, path = "/api/v1/subsidy-claims/{id}/approve", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "claim id")),
    request_body = ClaimDecision,
    responses(
        (status = 200, description = "Approved", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such claim in the caller's county", body = ErrorBody),
        (status = 409, description = "Not submitted, or changed by someone else", body = ErrorBody),
        (status = 422, description = "Malformed body", body = ErrorBody),
    )
)]
async fn approve_claim(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
    ApiJson(decision): ApiJson<ClaimDecision>,
) -> Result<Json<ClaimView>, ApiError> {
    let decision = ClaimDecision {
        row_version: decision.row_version,
        ..ClaimDecision::default()
    };
    step(&state, &identity, id, ClaimStep::Approve, decision).await
}

/// Reject a submitted claim; `reason` is required and shown to the claimant.
/// Access: promoters (their county), admins.
#[utoipa::path(
    post, path = "/api/v1/subsidy-claims/{id}/reject", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "claim id")),
    request_body = ClaimDecision,
    responses(
        (status = 200, description = "Rejected", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such claim in the caller's county", body = ErrorBody),
        (status = 409, description = "Not submitted, or changed by someone else", body = ErrorBody),
        (status = 422, description = "No reason; details.field is `reason`", body = ErrorBody),
    )
)]
async fn reject_claim(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
    ApiJson(decision): ApiJson<ClaimDecision>,
) -> Result<Json<ClaimView>, ApiError> {
    let decision = ClaimDecision {
        row_version: decision.row_version,
        reason: decision.reason,
        ..ClaimDecision::default()
    };
    step(&state, &identity, id, ClaimStep::Reject, decision).await
}

/// Mark an approved claim paid; `payment_reference` (the payment voucher number) is required.
/// Access: promoters (their county), admins.
#[utoipa::path(
    post, path = "/api/v1/subsidy-claims/{id}/pay", tag = "subsidies",
    security(("session" = [])),
    params(("id" = i32, Path, description = "claim id")),
    request_body = ClaimDecision,
    responses(
        (status = 200, description = "Paid", body = ClaimView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such claim in the caller's county", body = ErrorBody),
        (status = 409, description = "Not approved, or changed by someone else", body = ErrorBody),
        (status = 422, description = "No payment reference; details.field is `payment_reference`", body = ErrorBody),
    )
)]
async fn pay_claim(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
    ApiJson(decision): ApiJson<ClaimDecision>,
) -> Result<Json<ClaimView>, ApiError> {
    let decision = ClaimDecision {
        row_version: decision.row_version,
        payment_reference: decision.payment_reference,
        ..ClaimDecision::default()
    };
    step(&state, &identity, id, ClaimStep::Pay, decision).await
}

/// Which totals to add up.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TotalsQuery {
    year: String,
    county: String,
}

/// Totals of the claims the caller may see, by county, kind and year, split by state (fen).
/// Access: promoters (their county), admins.
#[utoipa::path(
    get, path = "/api/v1/subsidy-claims/totals", tag = "subsidies",
    security(("session" = [])),
    params(
        ("year" = Option<String>, Query, description = "e.g. 2026"),
        ("county" = Option<String>, Query, description = "A county code, e.g. 141027"),
    ),
    responses(
        (status = 200, description = "Totals", body = [ClaimTotal]),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
    )
)]
async fn claim_totals(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<TotalsQuery>,
) -> Result<Json<Vec<ClaimTotal>>, ApiError> {
    let filter = ClaimFilter {
        year: query.year,
        county: query.county,
        ..ClaimFilter::default()
    };
    Ok(Json(
        state
            .services
            .subsidies
            .claim_totals(&identity, &filter)
            .await?,
    ))
}

/// The claims (as filtered) and their totals as an .xlsx workbook for the finance office.
/// Access: promoters (their county), admins.
#[utoipa::path(
    get, path = "/api/v1/subsidy-claims/export.xlsx", tag = "subsidies",
    security(("session" = [])),
    params(
        ("state" = Option<String>, Query, description = "`computed`, `submitted`, `approved`, `rejected` or `paid`"),
        ("kind" = Option<String>, Query, description = "`transport`, `social_insurance`, `employer_hiring` or `employer_insurance`"),
        ("year" = Option<String>, Query, description = "e.g. 2026"),
        ("county" = Option<String>, Query, description = "A county code, e.g. 141027"),
        ("worker_id" = Option<i32>, Query, description = "Only this worker's claims"),
    ),
    responses(
        (status = 200, description = "subsidy-claims.xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
    )
)]
async fn claims_xlsx(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(filter): ApiQuery<ClaimFilter>,
) -> Result<Response, ApiError> {
    let bytes = state
        .services
        .subsidies
        .claims_xlsx(&identity, &filter)
        .await?;
    Ok(workbook(bytes, "subsidy-claims.xlsx"))
}

/// Compute every claim whose facts exist and which is missing (e.g. after a county set an
/// amount), and update computed claims whose facts changed; running it twice changes nothing
/// the second time. Access: promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/subsidy-claims/recompute", tag = "subsidies",
    security(("session" = [])),
    responses(
        (status = 200, description = "What changed", body = RecomputeReport),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
    )
)]
async fn recompute_claims(
    State(state): State<AppState>,
    Official(identity): Official,
) -> Result<Json<RecomputeReport>, ApiError> {
    Ok(Json(
        state.services.subsidies.recompute_claims(&identity).await?,
    ))
}
