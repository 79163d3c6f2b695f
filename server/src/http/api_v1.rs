//! The JSON API under `/api/v1`. Each handler states its access rule in its doc comment and
//! checks it first; the OpenAPI document is generated from these same declarations.

use super::error::{ApiError, ApiJson, ErrorBody};
use crate::services::ledger_file::{LedgerFormat, LedgerInput};
use crate::services::roster::RosterPage;
use crate::services::roster::{
    Actor, ConsentInput, ImportMode, ImportReport, RevealedContact, RosterEntry, WorkerChange,
    WorkerDetail, WorkerInput,
};
use crate::state::AppState;
use app::api::context::AccountDesk;
use app::api::context::RequestIdentity;
use app::api::types::RosterQuery;
use app::api::{AppError, ErrorCode};
use app::domain::access::{Access, SessionUser};
use app::domain::credentials::LoginAttempt;
use app::domain::role::{Role, Scope};
use app::domain::roster::CertificateForm;
use axum::Json;
use axum::extract::{Extension, FromRequestParts, Multipart, Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use http::{StatusCode, request};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "劳务品牌市场 Laowu API",
        version = "1",
        description = "临汾劳务品牌市场的 JSON 接口。登录后以 HttpOnly 会话 Cookie 认证；\
                       错误统一为 {\"error\":{\"code\",\"message\",\"details\"}}。"
    ),
    modifiers(&SessionCookieScheme),
    tags(
        (name = "auth", description = "登录、退出与当前用户"),
        (name = "admin", description = "市级管理"),
        (name = "roster", description = "劳务公司的实名花名册与台账导入导出"),
        (name = "brands", description = "劳务品牌、加盟、证书核验、输出基地与劳务公司注册"),
        (name = "search", description = "用工单位找工人：全文搜索、候选名单、保存的搜索与未满足的需求"),
        (name = "hiring", description = "用工单位注册与审核、空岗信息、用工邀约与站内消息"),
        (name = "subsidies", description = "员工制, social insurance, policy parameters and subsidy claims"),
        (name = "county", description = "建档立卡户、县域劳动力、就地就近就业、目标任务与县区看板（考核导出）"),
        (name = "follow-up", description = "输入地服务站与跟踪服务案件（政策咨询、争议调处、权益保障、应急救助、留守家庭帮扶）"),
        (name = "training", description = "培训机构与培训班、报名（免费培训一次）、考核结果与证书、培训花名册导出、未满足需求生成培训计划"),
        (name = "events", description = "活动：春风行动、就业洽谈会、招聘会、就业服务月（参会单位、劳动者与邀约成果）和技能大赛（选手、成绩与获奖）"),
        (name = "audit", description = "审计日志（哈希链防篡改）：按操作人、操作、对象、日期筛选与导出；劳动者完整信息的查看记录")
    )
)]
struct ApiDoc;

struct SessionCookieScheme;

impl Modify for SessionCookieScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("laowu_session"))),
        );
    }
}

/// The `/api/v1` routes together with their OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    let router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(list_users))
        .routes(routes!(import_roster))
        .routes(routes!(export_roster))
        .routes(routes!(list_workers, add_worker))
        .routes(routes!(get_worker, edit_worker))
        .routes(routes!(give_consent, withdraw_consent))
        .routes(routes!(deactivate_worker))
        .routes(routes!(reactivate_worker))
        .routes(routes!(reveal_worker))
        .routes(routes!(mark_placed))
        .routes(routes!(mark_available))
        .routes(routes!(add_certificate))
        .routes(routes!(remove_certificate));
    let router = super::api_v1_brands::routes(router);
    let router = super::api_v1_search::routes(router);
    let router = super::api_v1_hiring::routes(router);
    let router = super::api_v1_contracts::routes(router);
    let router = super::api_v1_subsidy::routes(router);
    let router = super::api_v1_county::routes(router);
    let router = super::api_v1_training::routes(router);
    let router = super::api_v1_follow_up::routes(router);
    let router = super::api_v1_events::routes(router);
    let router = super::api_v1_audit::routes(router);
    super::api_v1_worker_links::routes(router)
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "admin")]
    pub username: String,
    pub password: String,
}

/// The signed-in user.
#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    /// `employer`, `company`, `promoter` or `admin`.
    pub role: String,
    pub role_label: String,
    /// `{"kind":"county","code":"141027"}`, `{"kind":"company","id":1}`, … or `{"kind":"city"}`.
    #[schema(value_type = Object)]
    pub scope: serde_json::Value,
    pub scope_label: Option<String>,
}

impl From<&SessionUser> for MeResponse {
    fn from(user: &SessionUser) -> Self {
        MeResponse {
            id: user.id,
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: user.role.code().to_string(),
            role_label: user.role.label().to_string(),
            scope: serde_json::to_value(&user.scope).unwrap_or_default(),
            scope_label: user.scope_label.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserRow {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub scope_label: Option<String>,
    pub active: bool,
}

/// Checks an access rule for an API route, auditing refusals.
pub(super) async fn authorize(
    state: &AppState,
    identity: &RequestIdentity,
    access: Access,
    endpoint: &str,
) -> Result<(), ApiError> {
    Ok(crate::auth::middleware::enforce(state, identity, access, endpoint).await?)
}

/// Sign in. Access: public; rate-limited per client IP and per account.
///
/// Sets the session cookie. A wrong password and an unknown user get the same answer.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = MeResponse),
        (status = 401, description = "Username or password wrong", body = ErrorBody),
        (status = 403, description = "Cross-site request", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 422, description = "A field is missing or malformed", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    )
)]
async fn login(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    authorize(&state, &identity, Access::Public, "POST /api/v1/auth/login").await?;
    let attempt = LoginAttempt::parse(&body.username, &body.password).map_err(AppError::from)?;
    let success = state
        .accounts
        .login(attempt, identity.session_id.clone(), identity.client_ip)
        .await?;
    let cookie = state.services.session_cookie.set(&success.session_token);
    Ok((
        [(SET_COOKIE, cookie)],
        Json(MeResponse::from(&success.user)),
    )
        .into_response())
}

/// Sign out: ends the session and clears the cookie. Access: public (no-op when signed out).
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out"), (status = 403, description = "Cross-site request", body = ErrorBody))
)]
async fn logout(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Result<Response, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "POST /api/v1/auth/logout",
    )
    .await?;
    state.accounts.logout(&identity).await?;
    let cookie = state.services.session_cookie.clear();
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// The signed-in user. Access: any signed-in user.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    security(("session" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = MeResponse),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn me(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Result<Json<MeResponse>, ApiError> {
    authorize(&state, &identity, Access::SignedIn, "GET /api/v1/me").await?;
    let user = identity
        .user
        .as_ref()
        .ok_or_else(|| ApiError(AppError::new(ErrorCode::Unauthenticated)))?;
    Ok(Json(MeResponse::from(user)))
}

/// Every account. Access: admins.
#[utoipa::path(
    get, path = "/api/v1/users", tag = "admin",
    security(("session" = [])),
    responses(
        (status = 200, description = "All accounts", body = [UserRow]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    )
)]
async fn list_users(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Result<Json<Vec<UserRow>>, ApiError> {
    authorize(&state, &identity, Access::ADMIN, "GET /api/v1/users").await?;
    let actor = identity
        .user
        .as_ref()
        .ok_or_else(|| ApiError(AppError::new(ErrorCode::Unauthenticated)))?;
    let users = state.accounts.list_users(actor).await?;
    Ok(Json(
        users
            .into_iter()
            .map(|u| UserRow {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role.code().to_string(),
                scope_label: u.scope_label,
                active: u.active,
            })
            .collect(),
    ))
}

/// Company users, acting on their own company's roster.
const COMPANY: Access = Access::Roles(&[Role::Company]);

/// A company user acting on their own company's roster: the access check as an extractor, so
/// it runs before the request body is read (an anonymous upload is 401, not a body error).
pub struct CompanyCaller {
    pub company_id: i32,
    pub actor: Actor,
}

impl FromRequestParts<AppState> for CompanyCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        let identity = caller_with(parts, state, COMPANY).await?;
        let user = identity
            .user
            .as_ref()
            .ok_or_else(|| ApiError(AppError::new(ErrorCode::Unauthenticated)))?;
        let Scope::Company { id } = user.scope else {
            return Err(ApiError(AppError::new(ErrorCode::Forbidden)));
        };
        Ok(CompanyCaller {
            company_id: id,
            actor: Actor::of(&identity),
        })
    }
}

/// The caller, after the route's access rule passed. Used by extractors, so the check runs
/// before the path and body are read: an anonymous caller gets 401 whatever else is wrong.
pub(super) async fn caller_with(
    parts: &request::Parts,
    state: &AppState,
    access: Access,
) -> Result<RequestIdentity, ApiError> {
    let identity = parts
        .extensions
        .get::<RequestIdentity>()
        .cloned()
        .ok_or_else(|| ApiError(AppError::internal()))?;
    let endpoint = format!("{} {}", parts.method, parts.uri.path());
    authorize(state, &identity, access, &endpoint).await?;
    Ok(identity)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// `all_or_nothing` (default) or `good_rows`.
    pub mode: Option<ImportMode>,
    /// Check and report without writing.
    pub dry_run: Option<bool>,
}

/// The multipart form of an import.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImportUpload {
    /// The ledger: .xlsx, or CSV (UTF-8 or GB18030), with the Chinese (or English) headers.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Import a roster ledger into the caller's company. Access: company users.
///
/// The whole file is checked first; every bad row is reported with its row number, column and
/// reason. In `all_or_nothing` mode nothing is written if any row is bad. Re-importing the same
/// file reports every row unchanged.
#[utoipa::path(
    post, path = "/api/v1/rosters/import", tag = "roster",
    security(("session" = [])),
    params(ImportQuery),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The import report", body = ImportReport),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 413, description = "File too large", body = ErrorBody),
        (status = 422, description = "Not a CSV ledger, or unknown headers", body = ErrorBody),
    )
)]
async fn import_roster(
    State(state): State<AppState>,
    CompanyCaller { company_id, actor }: CompanyCaller,
    Query(query): Query<ImportQuery>,
    mut multipart: Multipart,
) -> Result<Json<ImportReport>, ApiError> {
    use app::api::context::RosterDesk;
    let (file, file_name) = receive_ledger(
        &mut multipart,
        || state.roster.spool_upload(),
        "请选择要导入的台账文件（字段 file）",
    )
    .await?;
    let (_, report) = state
        .roster
        .import_ledger_file(
            company_id,
            &actor,
            LedgerInput::File(file.path.clone()),
            file_name.as_deref(),
            query.mode.unwrap_or(ImportMode::AllOrNothing),
            query.dry_run.unwrap_or(false),
            &|_| {},
        )
        .await?;
    drop(file);
    Ok(Json(report))
}

/// Receives the `file` field of a ledger upload into a temporary file, chunk by chunk (never
/// whole in memory); `missing` is the message when there is no file.
///
/// # Errors
/// `InvalidInput` on `file` when the body cannot be read, has no file or an empty one.
pub(super) async fn receive_ledger(
    multipart: &mut Multipart,
    spool: impl Fn() -> Result<Box<dyn app::api::context::UploadSpool>, AppError>,
    missing: &str,
) -> Result<(app::api::context::SpooledUpload, Option<String>), ApiError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        ApiError(AppError::invalid("file", format!("上传内容无法读取：{e}")))
    };
    let mut upload = None;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() == Some("file") {
            let name = field.file_name().map(str::to_string);
            let mut file = spool()?;
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                file.write(&chunk)?;
            }
            upload = Some((file, name));
        }
    }
    let (file, name) = upload.ok_or_else(|| ApiError(AppError::invalid("file", missing)))?;
    if file.is_empty() {
        return Err(ApiError(AppError::invalid("file", "文件是空的")));
    }
    Ok((file.finish()?, name))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// `csv` (default) or `xlsx`.
    pub format: Option<String>,
}

/// Export the caller's roster as a ledger in the import format. Access: company users.
#[utoipa::path(
    get, path = "/api/v1/rosters/export", tag = "roster",
    security(("session" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "The ledger: UTF-8 CSV with BOM, or .xlsx"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 422, description = "Unsupported format", body = ErrorBody),
    )
)]
async fn export_roster(
    State(state): State<AppState>,
    CompanyCaller { company_id, actor }: CompanyCaller,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let requested = query.format.as_deref().unwrap_or("csv");
    let format = LedgerFormat::parse(requested).ok_or_else(|| {
        ApiError(AppError::invalid(
            "format",
            format!("不支持的导出格式“{requested}”，可用：csv、xlsx"),
        ))
    })?;
    let bytes = state.roster.export(company_id, &actor, format).await?;
    let (content_type, disposition) = match format {
        LedgerFormat::Csv => (
            "text/csv; charset=utf-8",
            "attachment; filename=\"roster.csv\"",
        ),
        LedgerFormat::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment; filename=\"roster.xlsx\"",
        ),
    };
    Ok((
        [
            (CONTENT_TYPE, content_type),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// An .xlsx workbook as a download named `file_name` (ASCII), with the Chinese
/// `display_name` for browsers that read RFC 6266's `filename*`.
pub(super) fn xlsx_download(
    bytes: Vec<u8>,
    file_name: &str,
    display_name: Option<&str>,
) -> axum::response::Response {
    let mut disposition = format!("attachment; filename=\"{file_name}\"");
    if let Some(name) = display_name {
        disposition.push_str(&format!(
            "; filename*=UTF-8''{}",
            app::ui::percent_encode(name)
        ));
    }
    (
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// One page of the caller's roster, ID and phone masked. Access: company users.
#[utoipa::path(
    get, path = "/api/v1/workers", tag = "roster",
    security(("session" = [])),
    params(RosterQuery),
    responses(
        (status = 200, description = "A page of the company's workers", body = RosterPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 422, description = "A filter is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn list_workers(
    State(state): State<AppState>,
    CompanyCaller { company_id, .. }: CompanyCaller,
    Query(query): Query<RosterQuery>,
) -> Result<Json<RosterPage>, ApiError> {
    let filter = query.to_filter().map_err(AppError::from)?;
    Ok(Json(state.roster.list(company_id, &filter).await?))
}

/// One of the caller's workers, ID and phone masked: everything on the worker page.
/// Access: company users (their own workers only; any other id is 404).
#[utoipa::path(
    get, path = "/api/v1/workers/{id}", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 200, description = "The worker", body = WorkerDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
    )
)]
async fn get_worker(
    State(state): State<AppState>,
    CompanyCaller { company_id, .. }: CompanyCaller,
    Path(id): Path<i32>,
) -> Result<Json<WorkerDetail>, ApiError> {
    Ok(Json(state.roster.detail(company_id, id).await?))
}

/// Add a further certificate (its own occupation, level, number, issuer, date) to one of the
/// caller's workers; it is unverified until a promoter checks it. Access: company users.
#[utoipa::path(
    post, path = "/api/v1/workers/{id}/certificates", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    request_body = CertificateForm,
    responses(
        (status = 201, description = "Added; the worker with all certificates", body = WorkerDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn add_certificate(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
    ApiJson(form): ApiJson<CertificateForm>,
) -> Result<(StatusCode, Json<WorkerDetail>), ApiError> {
    let detail = state
        .roster
        .add_certificate(caller.company_id, &caller.actor, id, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(detail)))
}

/// Remove one of a worker's further certificates. Access: company users, own workers.
#[utoipa::path(
    delete, path = "/api/v1/workers/{id}/certificates/{certificate_id}", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id"), ("certificate_id" = i32, Path, description = "certificate id")),
    responses(
        (status = 200, description = "Removed", body = WorkerDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such worker or certificate", body = ErrorBody),
    )
)]
async fn remove_certificate(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path((id, certificate_id)): Path<(i32, i32)>,
) -> Result<Json<WorkerDetail>, ApiError> {
    Ok(Json(
        state
            .roster
            .remove_certificate(caller.company_id, &caller.actor, id, certificate_id)
            .await?,
    ))
}

/// Why the full numbers are needed.
#[derive(Deserialize, ToSchema)]
pub struct RevealRequest {
    /// e.g. 办理社保, 签订劳动合同 (2–100 characters); kept in the audit log.
    pub purpose: String,
}

/// Reveal one of the caller's workers' full ID and phone number, for a stated purpose.
/// Access: company users, own workers. Every reveal is audited; 50 per user per day, then 429.
#[utoipa::path(
    post, path = "/api/v1/workers/{id}/reveal", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    request_body = RevealRequest,
    responses(
        (status = 200, description = "The full numbers", body = RevealedContact),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
        (status = 422, description = "purpose missing", body = ErrorBody),
        (status = 429, description = "Daily reveal limit reached", body = ErrorBody),
    )
)]
async fn reveal_worker(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
    ApiJson(request): ApiJson<RevealRequest>,
) -> Result<Json<RevealedContact>, ApiError> {
    Ok(Json(
        state
            .roster
            .reveal_contact(caller.company_id, &caller.actor, id, &request.purpose)
            .await?,
    ))
}

async fn apply(
    state: &AppState,
    caller: CompanyCaller,
    id: i32,
    change: WorkerChange,
) -> Result<Json<RosterEntry>, ApiError> {
    let entry = state
        .roster
        .change_worker(caller.company_id, id, change, &caller.actor)
        .await?;
    Ok(Json(entry))
}

/// Record the worker's separate consent to be shown to employers. Access: company users, own
/// workers.
#[utoipa::path(
    post, path = "/api/v1/workers/{id}/consent", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    request_body = ConsentInput,
    responses(
        (status = 200, description = "Consent recorded", body = RosterEntry),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
        (status = 422, description = "method or scope missing", body = ErrorBody),
    )
)]
async fn give_consent(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
    ApiJson(consent): ApiJson<ConsentInput>,
) -> Result<Json<RosterEntry>, ApiError> {
    apply(&state, caller, id, WorkerChange::GiveConsent(consent)).await
}

/// Withdraw the worker's consent: they stop being published at once. Access: company users,
/// own workers.
#[utoipa::path(
    delete, path = "/api/v1/workers/{id}/consent", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 200, description = "Consent withdrawn", body = RosterEntry),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
    )
)]
async fn withdraw_consent(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
) -> Result<Json<RosterEntry>, ApiError> {
    apply(&state, caller, id, WorkerChange::WithdrawConsent).await
}

/// Take a worker off the active roster (kept for the record). Access: company users, own workers.
#[utoipa::path(
    post, path = "/api/v1/workers/{id}/deactivate", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 200, description = "Deactivated", body = RosterEntry),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
    )
)]
async fn deactivate_worker(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
) -> Result<Json<RosterEntry>, ApiError> {
    apply(&state, caller, id, WorkerChange::Deactivate).await
}

/// Put a deactivated worker back on the active roster. Access: company users, own workers.
#[utoipa::path(
    post, path = "/api/v1/workers/{id}/reactivate", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 200, description = "Reactivated", body = RosterEntry),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
    )
)]
async fn reactivate_worker(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
) -> Result<Json<RosterEntry>, ApiError> {
    apply(&state, caller, id, WorkerChange::Reactivate).await
}

/// Mark a worker as out working (输出就业): counted as placed on brand pages, no longer
/// available. Access: company users, own workers.
#[utoipa::path(
    post, path = "/api/v1/workers/{id}/placed", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 200, description = "Marked placed", body = RosterEntry),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
    )
)]
async fn mark_placed(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
) -> Result<Json<RosterEntry>, ApiError> {
    apply(&state, caller, id, WorkerChange::Placed).await
}

/// Mark a worker as back and available. Access: company users, own workers.
#[utoipa::path(
    post, path = "/api/v1/workers/{id}/available", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 200, description = "Marked available", body = RosterEntry),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
    )
)]
async fn mark_available(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
) -> Result<Json<RosterEntry>, ApiError> {
    apply(&state, caller, id, WorkerChange::Available).await
}

/// Add one worker to the caller's roster. Access: company users.
#[utoipa::path(
    post, path = "/api/v1/workers", tag = "roster",
    security(("session" = [])),
    request_body = WorkerInput,
    responses(
        (status = 201, description = "Added", body = RosterEntry),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 409, description = "The person is already on a roster", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn add_worker(
    State(state): State<AppState>,
    caller: CompanyCaller,
    ApiJson(input): ApiJson<WorkerInput>,
) -> Result<(StatusCode, Json<RosterEntry>), ApiError> {
    let entry = state
        .roster
        .add_worker(caller.company_id, &caller.actor, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(entry)))
}

/// Replace one worker's fields. Access: company users, own workers. Send the `version` you
/// read; if someone changed the worker since, the answer is 409 and nothing changes.
#[utoipa::path(
    put, path = "/api/v1/workers/{id}", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    request_body = WorkerInput,
    responses(
        (status = 200, description = "Saved", body = RosterEntry),
        (status = 404, description = "No such worker on the caller's roster", body = ErrorBody),
        (status = 409, description = "Changed by someone else, or the ID number is taken", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn edit_worker(
    State(state): State<AppState>,
    caller: CompanyCaller,
    Path(id): Path<i32>,
    ApiJson(input): ApiJson<WorkerInput>,
) -> Result<Json<RosterEntry>, ApiError> {
    let entry = state
        .roster
        .edit_worker(caller.company_id, &caller.actor, id, &input)
        .await?;
    Ok(Json(entry))
}
