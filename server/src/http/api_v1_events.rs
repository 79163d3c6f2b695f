//! `/api/v1` routes of events 活动: job fairs and skill competitions, who takes part, results,
//! awards, and the dashboard's follow-up and events figures. Same rules as the UI.

use super::api_v1::{authorize, caller_with};
use super::api_v1_brands::Official;
use super::api_v1_hiring::extractor;
use super::api_v1_training::TrainingKeeper;
use super::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use crate::state::AppState;
use app::api::EVENT_EMPLOYERS;
use app::api::context::RequestIdentity;
use app::api::events::{AwardView, CountyActivity, EventDetail, EventQuery, EventView};
use app::domain::access::Access;
use app::domain::event::{EventForm, ResultForm};
use axum::Json;
use axum::extract::{Extension, FromRequestParts, Path, State};
use http::{StatusCode, request};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(list_events, create_event))
        .routes(routes!(get_event, edit_event))
        .routes(routes!(join_event))
        .routes(routes!(register_workers))
        .routes(routes!(withdraw_worker))
        .routes(routes!(record_result))
        .routes(routes!(worker_awards))
        .routes(routes!(brand_awards))
        .routes(routes!(activity_figures))
}

/// Who puts employers at a fair: employers themselves, and the organisers.
pub struct FairEmployer(RequestIdentity);
extractor!(FairEmployer, EVENT_EMPLOYERS);

/// Events, latest first, by kind (`fair` for every kind of fair), organising county, year
/// and phase. Access: public.
#[utoipa::path(
    get, path = "/api/v1/events", tag = "events",
    params(EventQuery),
    responses(
        (status = 200, description = "Events", body = [EventView]),
        (status = 422, description = "An unknown kind; details.field names it", body = ErrorBody),
    )
)]
async fn list_events(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    ApiQuery(query): ApiQuery<EventQuery>,
) -> Result<Json<Vec<EventView>>, ApiError> {
    authorize(&state, &identity, Access::Public, "GET /api/v1/events").await?;
    Ok(Json(state.services.events.events(&identity, &query).await?))
}

/// Adds an event of the caller's county (an admin's is the city's). Access: promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/events", tag = "events",
    security(("session" = [])),
    request_body = EventForm,
    responses(
        (status = 201, description = "Added", body = EventView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn create_event(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiJson(form): ApiJson<EventForm>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let view = state.services.events.add_event(&identity, &form).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One event: the employers at it, and its workers (a fair's only for the employers at it,
/// the organisers and the workers' own companies; a competition's entrants and results for
/// everyone, names masked). Access: public.
#[utoipa::path(
    get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    responses(
        (status = 200, description = "The event", body = EventDetail),
        (status = 404, description = "No such event", body = ErrorBody),
    )
)]
async fn get_event(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(id): Path<i32>,
) -> Result<Json<EventDetail>, ApiError> {
    authorize(&state, &identity, Access::Public, "GET /api/v1/events/{id}").await?;
    Ok(Json(state.services.events.event(&identity, id).await?))
}

/// An event's new content with the version it was based on.
#[derive(Deserialize, ToSchema)]
pub struct EventEdit {
    pub version: i32,
    #[serde(flatten)]
    pub form: EventForm,
}

/// Changes an event. Access: the organising county's promoters, admins. A stale version is
/// 409; a fair with sign-ups cannot become a competition (422 on `kind`).
#[utoipa::path(
    put, path = "/api/v1/events/{id}", tag = "events",
    security(("session" = [])),
    params(("id" = i32, Path, description = "event id")),
    request_body = EventEdit,
    responses(
        (status = 200, description = "Changed", body = EventView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not its organiser", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 409, description = "Changed by someone else meanwhile", body = ErrorBody),
        (status = 422, description = "A field is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn edit_event(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
    ApiJson(edit): ApiJson<EventEdit>,
) -> Result<Json<EventView>, ApiError> {
    Ok(Json(
        state
            .services
            .events
            .change_event(&identity, id, edit.version, &edit.form)
            .await?,
    ))
}

/// Who joins: nobody (an employer joins itself) or the employer an organiser adds.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct JoinRequest {
    pub employer_id: Option<i32>,
}

/// A verified employer joins a fair that has not ended; an organiser adds one
/// (`employer_id`). Joining twice changes nothing. Access: employers, promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/events/{id}/employers", tag = "events",
    security(("session" = [])),
    params(("id" = i32, Path, description = "event id")),
    request_body = JoinRequest,
    responses(
        (status = 200, description = "The event with its employers", body = EventDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not verified yet, or not the organiser", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 409, description = "A competition, or the fair has ended", body = ErrorBody),
        (status = 422, description = "No such employer; details.field names it", body = ErrorBody),
    )
)]
async fn join_event(
    State(state): State<AppState>,
    FairEmployer(identity): FairEmployer,
    Path(id): Path<i32>,
    body: Option<Json<JoinRequest>>,
) -> Result<Json<EventDetail>, ApiError> {
    let employer_id = body.and_then(|Json(b)| b.employer_id);
    Ok(Json(
        state
            .services
            .events
            .join(&identity, id, employer_id)
            .await?,
    ))
}

/// Workers to sign up.
#[derive(Deserialize, ToSchema)]
pub struct WorkerSignUp {
    pub worker_ids: Vec<i32>,
}

/// Signs workers up for an event that has not ended: a company its own, an organiser the
/// county's. A fair takes only workers who agreed to be shown to employers and are not out
/// working. Signing up twice changes nothing. Access: companies, promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/events/{id}/workers", tag = "events",
    security(("session" = [])),
    params(("id" = i32, Path, description = "event id")),
    request_body = WorkerSignUp,
    responses(
        (status = 200, description = "The event with its workers", body = EventDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 409, description = "The event has ended", body = ErrorBody),
        (status = 422, description = "A worker cannot be signed up; details.field names worker_ids", body = ErrorBody),
    )
)]
async fn register_workers(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<WorkerSignUp>,
) -> Result<Json<EventDetail>, ApiError> {
    Ok(Json(
        state
            .services
            .events
            .register_workers(&identity, id, &body.worker_ids)
            .await?,
    ))
}

/// Takes a worker off an event that has not ended and has no result for them. Access: as
/// signing up.
#[utoipa::path(
    delete, path = "/api/v1/events/{id}/workers/{worker_id}", tag = "events",
    security(("session" = [])),
    params(
        ("id" = i32, Path, description = "event id"),
        ("worker_id" = i32, Path, description = "worker id"),
    ),
    responses(
        (status = 200, description = "The event with its workers", body = EventDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 409, description = "Ended, or a result is recorded", body = ErrorBody),
        (status = 422, description = "Not signed up (or not yours)", body = ErrorBody),
    )
)]
async fn withdraw_worker(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path((id, worker_id)): Path<(i32, i32)>,
) -> Result<Json<EventDetail>, ApiError> {
    Ok(Json(
        state
            .services
            .events
            .withdraw_worker(&identity, id, worker_id)
            .await?,
    ))
}

/// Records an entrant's score and award in a competition that has begun; recording again
/// replaces it. Access: the organising county's promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/events/{id}/results", tag = "events",
    security(("session" = [])),
    params(("id" = i32, Path, description = "event id")),
    request_body = ResultForm,
    responses(
        (status = 200, description = "The competition with its results", body = EventDetail),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not its organiser", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 409, description = "A fair, or the competition has not begun", body = ErrorBody),
        (status = 422, description = "A field is wrong, or the worker is not entered", body = ErrorBody),
    )
)]
async fn record_result(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
    ApiJson(form): ApiJson<ResultForm>,
) -> Result<Json<EventDetail>, ApiError> {
    Ok(Json(
        state
            .services
            .events
            .record_result(&identity, id, &form)
            .await?,
    ))
}

/// A worker's competition awards, as recorded by the organisers. Access: public (no
/// personal data beyond the masked name).
#[utoipa::path(
    get, path = "/api/v1/workers/{id}/awards", tag = "events",
    params(("id" = i32, Path, description = "worker id")),
    responses((status = 200, description = "Awards, latest first", body = [AwardView]))
)]
async fn worker_awards(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(id): Path<i32>,
) -> Result<Json<Vec<AwardView>>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "GET /api/v1/workers/{id}/awards",
    )
    .await?;
    Ok(Json(state.services.events.worker_awards(id).await?))
}

/// Awards won in a brand's competitions, names masked. Access: public.
#[utoipa::path(
    get, path = "/api/v1/brands/{slug}/awards", tag = "events",
    params(("slug" = String, Path, description = "brand slug")),
    responses(
        (status = 200, description = "Awards, latest first", body = [AwardView]),
        (status = 404, description = "No such brand", body = ErrorBody),
    )
)]
async fn brand_awards(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(slug): Path<String>,
) -> Result<Json<Vec<AwardView>>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "GET /api/v1/brands/{slug}/awards",
    )
    .await?;
    Ok(Json(state.services.events.brand_awards(&slug).await?))
}

/// The figures' county and year.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ActivityQuery {
    /// A county code; empty for the city (admins).
    pub county: Option<String>,
    /// Default: this year.
    pub year: Option<i32>,
}

/// The dashboard's follow-up and events figures: active stations, open / overdue / resolved
/// cases of the county's workers, fairs with employers, workers, hire requests sent from
/// them and hires, competitions with entrants and awards. Access: promoters (their county),
/// admins (the city or any county).
#[utoipa::path(
    get, path = "/api/v1/dashboard/activity", tag = "county",
    security(("session" = [])),
    params(ActivityQuery),
    responses(
        (status = 200, description = "The figures", body = CountyActivity),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "Another county (promoters)", body = ErrorBody),
        (status = 422, description = "A year out of range; details.field names it", body = ErrorBody),
    )
)]
async fn activity_figures(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<ActivityQuery>,
) -> Result<Json<CountyActivity>, ApiError> {
    Ok(Json(
        state
            .services
            .events
            .figures(&identity, query.county.as_deref(), query.year)
            .await?,
    ))
}
