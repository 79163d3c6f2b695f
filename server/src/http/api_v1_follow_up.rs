//! `/api/v1` routes of follow-up care: service stations (public list by region and brand)
//! and follow-up cases with their notes. Same rules as the UI.

use super::api_v1::authorize;
use super::api_v1_hiring::SignedIn;
use super::api_v1_training::TrainingKeeper;
use super::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use crate::state::AppState;
use app::api::context::RequestIdentity;
use app::api::follow_up::{CaseDetail, CaseQuery, CaseView, StationQuery, StationView};
use app::domain::access::Access;
use app::domain::follow_up::{CaseForm, StationForm};
use axum::Json;
use axum::extract::{Extension, Path, State};
use http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(list_stations, create_station))
        .routes(routes!(get_station, edit_station))
        .routes(routes!(set_station_active))
        .routes(routes!(list_cases, create_case))
        .routes(routes!(get_case))
        .routes(routes!(add_note))
        .routes(routes!(resolve_case))
}

/// Active stations, by province (`region`) and brand, with their open and overdue case
/// counts. Access: public (a worker's family or an employer finds one).
#[utoipa::path(
    get, path = "/api/v1/stations", tag = "follow-up",
    params(StationQuery),
    responses((status = 200, description = "Stations", body = [StationView]))
)]
async fn list_stations(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    ApiQuery(query): ApiQuery<StationQuery>,
) -> Result<Json<Vec<StationView>>, ApiError> {
    authorize(&state, &identity, Access::Public, "GET /api/v1/stations").await?;
    Ok(Json(
        state.services.follow_up.stations(&identity, &query).await?,
    ))
}

/// Adds a station, run by the calling company (or the promoter's county; an admin's is the
/// city's). Access: companies, promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/stations", tag = "follow-up",
    security(("session" = [])),
    request_body = StationForm,
    responses(
        (status = 201, description = "Added", body = StationView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn create_station(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    ApiJson(form): ApiJson<StationForm>,
) -> Result<(StatusCode, Json<StationView>), ApiError> {
    let view = state
        .services
        .follow_up
        .save_station(&identity, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One station: open ones for everyone, a closed one only for those who run it (others 404).
#[utoipa::path(
    get, path = "/api/v1/stations/{id}", tag = "follow-up",
    params(("id" = i32, Path, description = "Station id")),
    responses(
        (status = 200, description = "The station", body = StationView),
        (status = 404, description = "No such station, or closed", body = ErrorBody),
    )
)]
async fn get_station(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(id): Path<i32>,
) -> Result<Json<StationView>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "GET /api/v1/stations/{id}",
    )
    .await?;
    Ok(Json(state.services.follow_up.station(&identity, id).await?))
}

/// A station's new content with the version it was based on.
#[derive(Deserialize, ToSchema)]
pub struct StationEdit {
    pub version: i32,
    #[serde(flatten)]
    pub form: StationForm,
}

/// Changes a station (its brands are replaced by those named). Access: those who run it.
#[utoipa::path(
    put, path = "/api/v1/stations/{id}", tag = "follow-up",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Station id")),
    request_body = StationEdit,
    responses(
        (status = 200, description = "Changed", body = StationView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Does not run it", body = ErrorBody),
        (status = 404, description = "No such station", body = ErrorBody),
        (status = 409, description = "Changed by someone else meanwhile", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn edit_station(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(edit): ApiJson<StationEdit>,
) -> Result<Json<StationView>, ApiError> {
    Ok(Json(
        state
            .services
            .follow_up
            .change_station(&identity, id, edit.version, &edit.form)
            .await?,
    ))
}

/// Open or closed.
#[derive(Deserialize, ToSchema)]
pub struct StationActive {
    pub active: bool,
}

/// Closes a station (off the public list, no new cases; its open cases stay) or opens it
/// again. Access: those who run it.
#[utoipa::path(
    post, path = "/api/v1/stations/{id}/active", tag = "follow-up",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Station id")),
    request_body = StationActive,
    responses(
        (status = 200, description = "The station", body = StationView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Does not run it", body = ErrorBody),
        (status = 404, description = "No such station", body = ErrorBody),
    )
)]
async fn set_station_active(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<StationActive>,
) -> Result<Json<StationView>, ApiError> {
    Ok(Json(
        state
            .services
            .follow_up
            .set_station_active(&identity, id, body.active)
            .await?,
    ))
}

/// Cases the caller reaches, newest activity first: the station's runners, the worker's
/// company and home county, admins; an employer reads the cases of workers it placed.
/// Access: signed in.
#[utoipa::path(
    get, path = "/api/v1/cases", tag = "follow-up",
    security(("session" = [])),
    params(CaseQuery),
    responses(
        (status = 200, description = "Cases", body = [CaseView]),
        (status = 400, description = "A parameter is malformed; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn list_cases(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    ApiQuery(query): ApiQuery<CaseQuery>,
) -> Result<Json<Vec<CaseView>>, ApiError> {
    Ok(Json(
        state.services.follow_up.cases(&identity, &query).await?,
    ))
}

/// Opens a case for a worker at a station. Access: the station's runners, the worker's
/// company and home county's promoters, admins (others: 422 on `worker_id`).
#[utoipa::path(
    post, path = "/api/v1/cases", tag = "follow-up",
    security(("session" = [])),
    request_body = CaseForm,
    responses(
        (status = 201, description = "Opened", body = CaseView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn create_case(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    ApiJson(form): ApiJson<CaseForm>,
) -> Result<(StatusCode, Json<CaseView>), ApiError> {
    let view = state.services.follow_up.open_case(&identity, &form).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A case with its history. Access: as the list (others: 404).
#[utoipa::path(
    get, path = "/api/v1/cases/{id}", tag = "follow-up",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Case id")),
    responses(
        (status = 200, description = "The case", body = CaseDetail),
        (status = 404, description = "No such case, or not the caller's", body = ErrorBody),
    )
)]
async fn get_case(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    Path(id): Path<i32>,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(state.services.follow_up.case(&identity, id).await?))
}

/// A note's text.
#[derive(Deserialize, ToSchema)]
pub struct NoteBody {
    pub body: String,
}

/// Adds a note to the case's history. Access: those who act on it.
#[utoipa::path(
    post, path = "/api/v1/cases/{id}/notes", tag = "follow-up",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Case id")),
    request_body = NoteBody,
    responses(
        (status = 200, description = "The case with the note", body = CaseDetail),
        (status = 403, description = "May only read it (an employer)", body = ErrorBody),
        (status = 404, description = "No such case, or not the caller's", body = ErrorBody),
        (status = 422, description = "An empty note; details.field is body", body = ErrorBody),
    )
)]
async fn add_note(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(note): ApiJson<NoteBody>,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(
        state
            .services
            .follow_up
            .add_note(&identity, id, &note.body)
            .await?,
    ))
}

/// A resolution: the version read and the outcome.
#[derive(Deserialize, ToSchema)]
pub struct Resolution {
    pub version: i32,
    pub outcome: String,
}

/// Resolves the case with its outcome. Access: those who act on it.
#[utoipa::path(
    post, path = "/api/v1/cases/{id}/resolve", tag = "follow-up",
    security(("session" = [])),
    params(("id" = i32, Path, description = "Case id")),
    request_body = Resolution,
    responses(
        (status = 200, description = "Resolved", body = CaseDetail),
        (status = 404, description = "No such case, or not the caller's", body = ErrorBody),
        (status = 409, description = "Already resolved, or changed meanwhile", body = ErrorBody),
        (status = 422, description = "No outcome; details.field is outcome", body = ErrorBody),
    )
)]
async fn resolve_case(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(resolution): ApiJson<Resolution>,
) -> Result<Json<CaseDetail>, ApiError> {
    Ok(Json(
        state
            .services
            .follow_up
            .resolve(&identity, id, resolution.version, &resolution.outcome)
            .await?,
    ))
}
