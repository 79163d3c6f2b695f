//! `/api/v1` routes of training 培训: programmes (public while published), institutions,
//! enrolments with the free-once rule, results, the roster export and unmet demand turned
//! into draft programmes. Same rules as the UI.

use super::api_v1::{authorize, caller_with};
use super::api_v1_brands::Official;
use super::api_v1_hiring::extractor;
use super::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use crate::state::AppState;
use app::api::TRAINING_KEEPERS;
use app::api::context::RequestIdentity;
use app::api::training::{
    DemandGroupKey, DemandReport, EnrolForm, EnrolmentView, InstitutionView, ProgrammeDetail,
    ProgrammePage, ProgrammeQuery, ProgrammeView,
};
use app::domain::access::Access;
use app::domain::training::{ProgrammeForm, ResultForm};
use axum::Json;
use axum::extract::{Extension, FromRequestParts, Path, State};
use axum::response::Response;
use http::{StatusCode, request};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(list_programmes, create_programme))
        .routes(routes!(get_programme, edit_programme))
        .routes(routes!(cancel_programme))
        .routes(routes!(programme_xlsx))
        .routes(routes!(list_institutions))
        .routes(routes!(enrol))
        .routes(routes!(record_result))
        .routes(routes!(worker_trainings))
        .routes(routes!(demand_groups))
        .routes(routes!(draft_from_demand))
}

/// Who runs training: companies (their brand's programmes, their workers), promoters (their
/// county), admins.
pub struct TrainingKeeper(pub RequestIdentity);
extractor!(TrainingKeeper, TRAINING_KEEPERS);

/// Published programmes that have not ended (`past=yes`: ended too), soonest first;
/// `mine=yes`: the programmes the caller manages, drafts and cancelled ones included.
/// Access: public (`mine` needs a company, promoter or admin).
#[utoipa::path(
    get, path = "/api/v1/training/programmes", tag = "training",
    params(ProgrammeQuery),
    responses(
        (status = 200, description = "A page of programmes", body = ProgrammePage),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "mine=yes without signing in", body = ErrorBody),
    )
)]
async fn list_programmes(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    ApiQuery(query): ApiQuery<ProgrammeQuery>,
) -> Result<Json<ProgrammePage>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "GET /api/v1/training/programmes",
    )
    .await?;
    Ok(Json(
        state
            .services
            .training
            .programmes(&identity, &query)
            .await?,
    ))
}

/// Creates a programme (`status`: `published`, the default, or `draft`). A company names a
/// brand it has joined; an admin names the `county`. A new institution name registers the
/// institution. Access: companies, promoters (their county), admins.
#[utoipa::path(
    post, path = "/api/v1/training/programmes", tag = "training",
    security(("session" = [])),
    request_body = ProgrammeForm,
    responses(
        (status = 201, description = "Created", body = ProgrammeView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn create_programme(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    ApiJson(form): ApiJson<ProgrammeForm>,
) -> Result<(StatusCode, Json<ProgrammeView>), ApiError> {
    let view = state
        .services
        .training
        .save_programme(&identity, None, None, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A programme with the enrolments the caller may see: its managers all, a company its own
/// workers', a promoter their county's. Drafts and cancelled programmes only for managers.
/// Access: public.
#[utoipa::path(
    get, path = "/api/v1/training/programmes/{id}", tag = "training",
    params(("id" = i32, Path, description = "Programme id")),
    responses(
        (status = 200, description = "The programme", body = ProgrammeDetail),
        (status = 404, description = "No such programme, or a draft of someone else", body = ErrorBody),
    )
)]
async fn get_programme(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(id): Path<i32>,
) -> Result<Json<ProgrammeDetail>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "GET /api/v1/training/programmes/{id}",
    )
    .await?;
    Ok(Json(
        state.services.training.programme(&identity, id).await?,
    ))
}

/// A programme's new content and the version read.
#[derive(Deserialize, ToSchema)]
pub struct ProgrammeEdit {
    pub version: i32,
    #[serde(flatten)]
    pub form: ProgrammeForm,
}

/// Edits a programme (with the `version` read). Once workers are enrolled, it can no longer
/// become a draft, change whether it is free, or have fewer seats than enrolled.
/// Access: its managers.
#[utoipa::path(
    put, path = "/api/v1/training/programmes/{id}", tag = "training",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Programme id")),
    request_body = ProgrammeEdit,
    responses(
        (status = 200, description = "Saved", body = ProgrammeView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not its manager", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
        (status = 409, description = "Changed by someone else, or cancelled", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn edit_programme(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(edit): ApiJson<ProgrammeEdit>,
) -> Result<Json<ProgrammeView>, ApiError> {
    Ok(Json(
        state
            .services
            .training
            .save_programme(&identity, Some(id), Some(edit.version), &edit.form)
            .await?,
    ))
}

/// The version read, for a change that needs nothing else.
#[derive(Deserialize, ToSchema)]
pub struct VersionRead {
    pub version: i32,
}

/// Cancels a programme; its enrolments stay on record. Access: its managers.
#[utoipa::path(
    post, path = "/api/v1/training/programmes/{id}/cancel", tag = "training",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Programme id")),
    request_body = VersionRead,
    responses(
        (status = 200, description = "Cancelled", body = ProgrammeView),
        (status = 403, description = "Not its manager", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
        (status = 409, description = "Changed by someone else, or already cancelled", body = ErrorBody),
    )
)]
async fn cancel_programme(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(read): ApiJson<VersionRead>,
) -> Result<Json<ProgrammeView>, ApiError> {
    Ok(Json(
        state
            .services
            .training
            .cancel_programme(&identity, id, read.version)
            .await?,
    ))
}

/// The programme's roster and results (ID numbers masked) as .xlsx. Access: its managers.
/// Audited.
#[utoipa::path(
    get, path = "/api/v1/training/programmes/{id}/export.xlsx", tag = "training",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Programme id")),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, description = "Not its manager", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
    )
)]
async fn programme_xlsx(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
) -> Result<Response, ApiError> {
    let (file_name, bytes) = state
        .services
        .training
        .programme_xlsx(&identity, id)
        .await?;
    Ok(super::api_v1::xlsx_download(
        bytes,
        "training.xlsx",
        Some(&file_name),
    ))
}

/// Training institutions (a promoter's county's; all for others) with their programme
/// counts. Access: companies, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/training/institutions", tag = "training",
    security(("session" = [])),
    responses(
        (status = 200, description = "Institutions", body = [InstitutionView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
    )
)]
async fn list_institutions(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
) -> Result<Json<Vec<InstitutionView>>, ApiError> {
    Ok(Json(state.services.training.institutions(&identity).await?))
}

/// Enrols a roster worker in a published programme with seats left. A worker who already
/// had a free training needs `repeat_reason` to join another free one (422 naming
/// `repeat_reason` otherwise); only the first free training counts for the target.
/// Access: the worker's company, the promoter of the worker's county, admins.
#[utoipa::path(
    post, path = "/api/v1/training/programmes/{id}/enrolments", tag = "training",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Programme id")),
    request_body = EnrolForm,
    responses(
        (status = 201, description = "Enrolled", body = EnrolmentView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
        (status = 409, description = "Not published, ended, full, or already enrolled", body = ErrorBody),
        (status = 422, description = "Not the caller's worker, or a reason is needed; details.field names it", body = ErrorBody),
    )
)]
async fn enrol(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(form): ApiJson<EnrolForm>,
) -> Result<(StatusCode, Json<EnrolmentView>), ApiError> {
    let view = state.services.training.enrol(&identity, id, &form).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A trainee's result and the version read.
#[derive(Deserialize, ToSchema)]
pub struct ResultEdit {
    pub version: i32,
    #[serde(flatten)]
    pub form: ResultForm,
}

/// Records attendance and the result. A pass with a certificate number creates an
/// unverified certificate on the worker, and a first free training's pass computes the
/// training (and, with a certificate, 技能鉴定) subsidy claims. Access: the programme's
/// managers.
#[utoipa::path(
    put, path = "/api/v1/training/enrolments/{id}/result", tag = "training",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Enrolment id")),
    request_body = ResultEdit,
    responses(
        (status = 200, description = "Recorded", body = EnrolmentView),
        (status = 403, description = "Not the programme's manager", body = ErrorBody),
        (status = 404, description = "No such enrolment", body = ErrorBody),
        (status = 409, description = "Changed by someone else, or its claim or certificate is already past review", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn record_result(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(edit): ApiJson<ResultEdit>,
) -> Result<Json<EnrolmentView>, ApiError> {
    Ok(Json(
        state
            .services
            .training
            .record_result(&identity, id, edit.version, &edit.form)
            .await?,
    ))
}

/// A worker's trainings. Access: the worker's company, promoters of their county, admins.
#[utoipa::path(
    get, path = "/api/v1/workers/{id}/trainings", tag = "training",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Worker id")),
    responses(
        (status = 200, description = "Enrolments, oldest first", body = [EnrolmentView]),
        (status = 404, description = "No such worker, or not the caller's", body = ErrorBody),
    )
)]
async fn worker_trainings(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
) -> Result<Json<Vec<EnrolmentView>>, ApiError> {
    Ok(Json(
        state
            .services
            .training
            .worker_trainings(&identity, id)
            .await?,
    ))
}

/// Unmet demand of the last six months: searches that found fewer than 3 workers, grouped
/// by the work asked for and the region, with counts per month, largest first.
/// Access: promoters (their county's and county-less searches), admins.
#[utoipa::path(
    get, path = "/api/v1/unmet-demand/groups", tag = "training",
    security(("session" = [])),
    responses(
        (status = 200, description = "The groups", body = DemandReport),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
    )
)]
async fn demand_groups(
    State(state): State<AppState>,
    Official(identity): Official,
) -> Result<Json<DemandReport>, ApiError> {
    Ok(Json(state.services.training.demand(&identity).await?))
}

/// Turns an unmet-demand group into a draft programme (需求储备式, opening next month) for the
/// promoter's county to complete and publish. Access: promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/unmet-demand/groups/draft", tag = "training",
    security(("session" = [])),
    request_body = DemandGroupKey,
    responses(
        (status = 201, description = "The draft", body = ProgrammeView),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such group", body = ErrorBody),
        (status = 422, description = "No group named; details.field names it", body = ErrorBody),
    )
)]
async fn draft_from_demand(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiJson(key): ApiJson<DemandGroupKey>,
) -> Result<(StatusCode, Json<ProgrammeView>), ApiError> {
    let view = state
        .services
        .training
        .draft_from_demand(&identity, &key)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}
