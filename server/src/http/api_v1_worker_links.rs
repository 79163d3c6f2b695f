//! `/api/v1` routes of a worker's own link: the company issues, prints and revokes the QR
//! code; anyone who scans it reads the public badge; the worker, with the last six characters
//! of their ID number, sees and confirms their own part. Same rules as the UI.

use super::api_v1::authorize;
use super::api_v1_brands::CompanyUser;
use super::error::{ApiError, ErrorBody};
use crate::state::AppState;
use app::api::AppError;
use app::api::context::{RequestIdentity, origin_of};
use app::api::worker_links::{BadgeView, IssuedLink, SelfView};
use app::domain::access::Access;
use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(issue_link, revoke_link))
        .routes(routes!(qr_sheet))
        .routes(routes!(badge))
        .routes(routes!(self_view))
        .routes(routes!(self_consent))
        .routes(routes!(self_confirm_contract))
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

/// The workers chosen for a printed sheet: `worker_id` repeated, as a browser form sends it.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct QrSheetForm {
    pub worker_id: Vec<i32>,
}

/// A printable A4 sheet (PDF, 12 cards a page) of new QR codes for the chosen workers of the
/// caller's company; each worker's previous code stops working. Access: the company. Audited
/// per worker.
#[utoipa::path(
    post, path = "/api/v1/workers/qr-sheet", tag = "roster",
    security(("session" = [])),
    request_body(content = QrSheetForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "application/pdf", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 422, description = "No worker chosen, too many, or one not on the roster; details.field is worker_id", body = ErrorBody),
    )
)]
async fn qr_sheet(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| AppError::invalid("worker_id", "请以表单提交 worker_id（可重复）"))?;
    let mut worker_ids = Vec::new();
    for (key, value) in pairs {
        if key != "worker_id" {
            continue;
        }
        worker_ids.push(
            value
                .trim()
                .parse::<i32>()
                .map_err(|_| AppError::invalid("worker_id", format!("劳动者编号无效：{value}")))?,
        );
    }
    let bytes = state
        .services
        .worker_links
        .qr_sheet(&identity, &worker_ids, &origin_of(&headers))
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"worker-qr-codes.pdf\"".to_string(),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
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

/// The worker's proof that the code is theirs.
#[derive(Deserialize, ToSchema)]
pub struct SelfProof {
    /// The last six characters of the worker's ID number.
    pub id_suffix: String,
}

/// The worker's own view on their link: consent and who saw their full numbers. Access:
/// public with the last six characters of the worker's ID number; 10 tries per link in ten
/// minutes, then 429.
#[utoipa::path(
    post, path = "/api/v1/badges/{token}/self", tag = "roster",
    params(("token" = String, Path, description = "the code's token")),
    request_body = SelfProof,
    responses(
        (status = 200, description = "The worker's view", body = SelfView),
        (status = 404, description = "No such code", body = ErrorBody),
        (status = 410, description = "Revoked or expired", body = ErrorBody),
        (status = 422, description = "Wrong ID-number ending; details.field is id_suffix", body = ErrorBody),
        (status = 429, description = "Too many tries", body = ErrorBody),
    )
)]
async fn self_view(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(token): Path<String>,
    super::error::ApiJson(proof): super::error::ApiJson<SelfProof>,
) -> Result<Json<SelfView>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "POST /api/v1/badges/{token}/self",
    )
    .await?;
    Ok(Json(
        state
            .services
            .worker_links
            .self_view(&identity, &token, &proof.id_suffix)
            .await?,
    ))
}

/// The worker's consent decision.
#[derive(Deserialize, ToSchema)]
pub struct SelfConsent {
    pub id_suffix: String,
    /// true: give consent (本人扫码确认); false: withdraw it.
    pub give: bool,
}

/// The worker gives or withdraws consent to be shown to employers, on their own link. Access:
/// as the worker's view. Audited with the role `worker` and the address.
#[utoipa::path(
    post, path = "/api/v1/badges/{token}/consent", tag = "roster",
    params(("token" = String, Path, description = "the code's token")),
    request_body = SelfConsent,
    responses(
        (status = 200, description = "The worker's view after the change", body = SelfView),
        (status = 404, description = "No such code", body = ErrorBody),
        (status = 410, description = "Revoked or expired", body = ErrorBody),
        (status = 422, description = "Wrong ID-number ending; details.field is id_suffix", body = ErrorBody),
        (status = 429, description = "Too many tries", body = ErrorBody),
    )
)]
async fn self_consent(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(token): Path<String>,
    super::error::ApiJson(body): super::error::ApiJson<SelfConsent>,
) -> Result<Json<SelfView>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "POST /api/v1/badges/{token}/consent",
    )
    .await?;
    Ok(Json(
        state
            .services
            .worker_links
            .self_consent(&identity, &token, &body.id_suffix, body.give)
            .await?,
    ))
}

/// The worker's confirmation of a contract version's content.
#[derive(Deserialize, ToSchema)]
pub struct SelfContractConfirmation {
    pub id_suffix: String,
    /// The SHA-256 the worker read (`contracts[].content_hash` of their view).
    pub content_hash: String,
}

/// The worker confirms a contract version's content before the company signs on their
/// behalf (recorded as 本人扫码确认 with the hash, time and address). Access: as the worker's
/// view.
#[utoipa::path(
    post, path = "/api/v1/badges/{token}/contracts/{contract_id}/confirm", tag = "roster",
    params(
        ("token" = String, Path, description = "the code's token"),
        ("contract_id" = i32, Path, description = "the contract version"),
    ),
    request_body = SelfContractConfirmation,
    responses(
        (status = 200, description = "The worker's view with the confirmation", body = SelfView),
        (status = 404, description = "No such code", body = ErrorBody),
        (status = 409, description = "The content changed since it was read, or the company already signed", body = ErrorBody),
        (status = 410, description = "Revoked or expired", body = ErrorBody),
        (status = 422, description = "Wrong ID-number ending (details.field id_suffix) or not the worker's contract (contract_id)", body = ErrorBody),
        (status = 429, description = "Too many tries", body = ErrorBody),
    )
)]
async fn self_confirm_contract(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path((token, contract_id)): Path<(String, i32)>,
    super::error::ApiJson(body): super::error::ApiJson<SelfContractConfirmation>,
) -> Result<Json<SelfView>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "POST /api/v1/badges/{token}/contracts/{contract_id}/confirm",
    )
    .await?;
    Ok(Json(
        state
            .services
            .worker_links
            .confirm_contract(
                &identity,
                &token,
                &body.id_suffix,
                contract_id,
                &body.content_hash,
            )
            .await?,
    ))
}
