//! `/api/v1` routes of a worker's own link: the company issues and revokes the QR code, and
//! anyone who scans it reads the public badge. Same rules as the UI.

use super::api_v1::authorize;
use super::api_v1_brands::CompanyUser;
use super::error::{ApiError, ErrorBody};
use crate::state::AppState;
use app::api::context::{RequestIdentity, origin_of};
use app::api::worker_links::{BadgeView, IssuedLink};
use app::domain::access::Access;
use axum::Json;
use axum::extract::{Extension, Path, State};
use http::{HeaderMap, StatusCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(issue_link, revoke_link))
        .routes(routes!(badge))
}

/// Issues the worker's QR code (a year's validity); the worker's previous code stops working.
/// The answer is the only time the address is shown: only its hash is kept. Access: the
/// worker's company. Audited.
#[utoipa::path(
    post, path = "/api/v1/workers/{id}/link", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 201, description = "The address and its QR code (SVG)", body = IssuedLink),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "Not on the caller's roster", body = ErrorBody),
    )
)]
async fn issue_link(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    headers: HeaderMap,
    Path(id): Path<i32>,
) -> Result<(StatusCode, Json<IssuedLink>), ApiError> {
    let issued = state
        .services
        .worker_links
        .issue(&identity, id, &origin_of(&headers))
        .await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// Revokes the worker's QR code: a scan then says it was revoked and shows nothing else.
/// Access: the worker's company. Audited.
#[utoipa::path(
    delete, path = "/api/v1/workers/{id}/link", tag = "roster",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "Not on the caller's roster", body = ErrorBody),
        (status = 409, description = "No code to revoke", body = ErrorBody),
    )
)]
async fn revoke_link(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    Path(id): Path<i32>,
) -> Result<StatusCode, ApiError> {
    state.services.worker_links.revoke(&identity, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a scanned code verifies: the worker's brand, company, occupations, certificate and
/// the county's check of it, work attested by signed contracts, and awards; never a name, ID
/// or phone number. Access: public, 30 scans a minute per address.
#[utoipa::path(
    get, path = "/api/v1/badges/{token}", tag = "roster",
    params(("token" = String, Path, description = "the code's token")),
    responses(
        (status = 200, description = "The badge", body = BadgeView),
        (status = 404, description = "No such code", body = ErrorBody),
        (status = 410, description = "Revoked or expired: the message says which", body = ErrorBody),
        (status = 429, description = "Too many scans from this address", body = ErrorBody),
    )
)]
async fn badge(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(token): Path<String>,
) -> Result<Json<BadgeView>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "GET /api/v1/badges/{token}",
    )
    .await?;
    Ok(Json(
        state.services.worker_links.badge(&identity, &token).await?,
    ))
}
