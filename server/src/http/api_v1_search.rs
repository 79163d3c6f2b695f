//! `/api/v1` routes for employer search, worker profiles as employers see them, shortlists,
//! saved searches and the promoters' unmet-demand list. Same rules as the UI: the extractor
//! checks the role, the [`SearchDesk`](app::api::context::SearchDesk) service the owner.

use super::api_v1::caller_with;
use super::api_v1_brands::Official;
use super::error::{ApiError, ApiJson, ErrorBody};
use crate::state::AppState;
use app::api::SEARCHERS;
use app::api::context::RequestIdentity;
use app::api::types::{SavedSearchView, SearchHit, SearchResults, ShortlistView, UnmetSearchView};
use app::domain::search::SearchParams;
use axum::Json;
use axum::extract::{FromRequestParts, Path, Query, State};
use http::{StatusCode, request};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(search_workers))
        .routes(routes!(worker_profile))
        .routes(routes!(list_shortlists, create_shortlist))
        .routes(routes!(delete_shortlist))
        .routes(routes!(shortlist_worker, unshortlist_worker))
        .routes(routes!(list_saved_searches, save_search))
        .routes(routes!(delete_saved_search))
        .routes(routes!(visit_saved_search))
        .routes(routes!(unmet_demand))
}

/// Employers, promoters and admins.
pub struct Searcher(RequestIdentity);

impl FromRequestParts<AppState> for Searcher {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        caller_with(parts, state, SEARCHERS).await.map(Searcher)
    }
}

/// Search published workers in Chinese or pinyin, with filters and facet counts. Words that
/// name a county, brand, region, certificate level or wage become `chips` (filters). The text
/// is never read as query syntax. Never returns ID, phone or 建档立卡 status; names are masked.
/// A search that finds nobody is recorded for the county's unmet-demand list.
/// Access: employers, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/workers/search", tag = "search",
    security(("session" = [])),
    params(SearchParams),
    responses(
        (status = 200, description = "A page of results", body = SearchResults),
        (status = 400, description = "A parameter is malformed or out of range; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Company users see their own roster instead", body = ErrorBody),
    )
)]
async fn search_workers(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResults>, ApiError> {
    Ok(Json(
        state.services.search.search(&identity, &params).await?,
    ))
}

/// One published worker as employers see them (the search card and bio).
/// Access: employers, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/profiles/{id}", tag = "search",
    security(("session" = [])),
    params(("id" = i32, Path, description = "the worker id from a search hit")),
    responses(
        (status = 200, description = "The worker", body = SearchHit),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an employer, promoter or admin", body = ErrorBody),
        (status = 404, description = "No such worker in search (withdrawn, placed, or never published)", body = ErrorBody),
    )
)]
async fn worker_profile(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    Path(id): Path<i32>,
) -> Result<Json<SearchHit>, ApiError> {
    Ok(Json(state.services.search.profile(&identity, id).await?))
}

/// The caller's shortlists with their workers. Access: employers, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/shortlists", tag = "search",
    security(("session" = [])),
    responses(
        (status = 200, description = "The caller's shortlists", body = [ShortlistView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an employer, promoter or admin", body = ErrorBody),
    )
)]
async fn list_shortlists(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
) -> Result<Json<Vec<ShortlistView>>, ApiError> {
    Ok(Json(state.services.search.shortlists(&identity).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewShortlist {
    #[schema(example = "北京店厨师")]
    pub name: String,
}

/// Create a named shortlist. Access: employers, promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/shortlists", tag = "search",
    security(("session" = [])),
    request_body = NewShortlist,
    responses(
        (status = 201, description = "Created", body = ShortlistView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 409, description = "The caller has a shortlist of that name", body = ErrorBody),
        (status = 422, description = "Name empty or too long", body = ErrorBody),
    )
)]
async fn create_shortlist(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    ApiJson(body): ApiJson<NewShortlist>,
) -> Result<(StatusCode, Json<ShortlistView>), ApiError> {
    let view = state
        .services
        .search
        .create_shortlist(&identity, &body.name)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Delete one of the caller's shortlists. Access: its owner.
#[utoipa::path(
    delete, path = "/api/v1/shortlists/{id}", tag = "search",
    security(("session" = [])),
    params(("id" = i32, Path, description = "the shortlist")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "Not the caller's shortlist", body = ErrorBody),
    )
)]
async fn delete_shortlist(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    Path(id): Path<i32>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .search
        .delete_shortlist(&identity, id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a worker (from search) to one of the caller's shortlists; adding twice is harmless.
/// Access: its owner.
#[utoipa::path(
    put, path = "/api/v1/shortlists/{id}/workers/{worker_id}", tag = "search",
    security(("session" = [])),
    params(
        ("id" = i32, Path, description = "the shortlist"),
        ("worker_id" = i32, Path, description = "a worker search shows"),
    ),
    responses(
        (status = 200, description = "The shortlist", body = ShortlistView),
        (status = 404, description = "Not the caller's shortlist, or the worker is not in search", body = ErrorBody),
        (status = 422, description = "The shortlist is full", body = ErrorBody),
    )
)]
async fn shortlist_worker(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    Path((id, worker_id)): Path<(i32, i32)>,
) -> Result<Json<ShortlistView>, ApiError> {
    Ok(Json(
        state
            .services
            .search
            .shortlist_worker(&identity, id, worker_id)
            .await?,
    ))
}

/// Remove a worker from one of the caller's shortlists. Access: its owner.
#[utoipa::path(
    delete, path = "/api/v1/shortlists/{id}/workers/{worker_id}", tag = "search",
    security(("session" = [])),
    params(
        ("id" = i32, Path, description = "the shortlist"),
        ("worker_id" = i32, Path, description = "the worker"),
    ),
    responses(
        (status = 200, description = "The shortlist", body = ShortlistView),
        (status = 404, description = "Not the caller's shortlist", body = ErrorBody),
    )
)]
async fn unshortlist_worker(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    Path((id, worker_id)): Path<(i32, i32)>,
) -> Result<Json<ShortlistView>, ApiError> {
    Ok(Json(
        state
            .services
            .search
            .unshortlist_worker(&identity, id, worker_id)
            .await?,
    ))
}

/// The caller's saved searches, each with how many matching workers are new since it was
/// last opened. Access: employers, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/saved-searches", tag = "search",
    security(("session" = [])),
    responses(
        (status = 200, description = "The caller's saved searches", body = [SavedSearchView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn list_saved_searches(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
) -> Result<Json<Vec<SavedSearchView>>, ApiError> {
    Ok(Json(state.services.search.saved_searches(&identity).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewSavedSearch {
    #[schema(example = "浮山厨师 北京")]
    pub name: String,
    /// The search's URL parameters, as in `GET /api/v1/workers/search`.
    #[schema(example = "q=厨师&region=北京")]
    pub query_string: String,
}

/// Save a search by name. Access: employers, promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/saved-searches", tag = "search",
    security(("session" = [])),
    request_body = NewSavedSearch,
    responses(
        (status = 201, description = "Saved", body = SavedSearchView),
        (status = 409, description = "The caller has a saved search of that name", body = ErrorBody),
        (status = 422, description = "Name empty or too long, or a search parameter in query_string is wrong (details.field names name or query_string; the message names the parameter)", body = ErrorBody),
    )
)]
async fn save_search(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    ApiJson(body): ApiJson<NewSavedSearch>,
) -> Result<(StatusCode, Json<SavedSearchView>), ApiError> {
    let view = state
        .services
        .search
        .save_search(&identity, &body.name, &body.query_string)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Delete one of the caller's saved searches. Access: its owner.
#[utoipa::path(
    delete, path = "/api/v1/saved-searches/{id}", tag = "search",
    security(("session" = [])),
    params(("id" = i32, Path, description = "the saved search")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "Not the caller's saved search", body = ErrorBody),
    )
)]
async fn delete_saved_search(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    Path(id): Path<i32>,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .search
        .delete_saved_search(&identity, id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct VisitedSearch {
    pub query_string: String,
}

/// Open a saved search: marks it seen now (its "new" count starts again) and returns its
/// parameters. Access: its owner.
#[utoipa::path(
    post, path = "/api/v1/saved-searches/{id}/visit", tag = "search",
    security(("session" = [])),
    params(("id" = i32, Path, description = "the saved search")),
    responses(
        (status = 200, description = "Its parameters", body = VisitedSearch),
        (status = 404, description = "Not the caller's saved search", body = ErrorBody),
    )
)]
async fn visit_saved_search(
    State(state): State<AppState>,
    Searcher(identity): Searcher,
    Path(id): Path<i32>,
) -> Result<Json<VisitedSearch>, ApiError> {
    let query_string = state
        .services
        .search
        .visit_saved_search(&identity, id)
        .await?;
    Ok(Json(VisitedSearch { query_string }))
}

/// Searches by employers that found nobody, newest first: a promoter sees those that named
/// their county (or one of its brands) and those that named no county. Access: promoters,
/// admins.
#[utoipa::path(
    get, path = "/api/v1/unmet-demand", tag = "search",
    security(("session" = [])),
    responses(
        (status = 200, description = "Unmet searches", body = [UnmetSearchView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
    )
)]
async fn unmet_demand(
    State(state): State<AppState>,
    Official(identity): Official,
) -> Result<Json<Vec<UnmetSearchView>>, ApiError> {
    Ok(Json(state.services.search.unmet_demand(&identity).await?))
}
