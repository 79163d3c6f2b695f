//! `/api/v1` routes for labour contracts (versions, signatures, amendments, termination, PDF),
//! placements and the admins' clause templates. Same rules as the UI: the extractor checks the
//! role, the [`ContractDesk`](app::api::context::ContractDesk) service the party and the state.

use super::api_v1_hiring::{AdminUser, EmployerUser, HiringParty, SignedIn};
use super::error::{ApiError, ApiJson, ErrorBody};
use crate::state::AppState;
use app::api::AppError;
use app::api::types::{
    ContractEdit, ContractSigning, ContractTemplateView, ContractTermination, ContractView,
    PlacementEnd, PlacementView, WorkerContact,
};
use app::domain::contract::{ContractClauses, ContractKind};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(list_contracts))
        .routes(routes!(get_contract, edit_contract))
        .routes(routes!(list_versions, amend_contract))
        .routes(routes!(sign_contract))
        .routes(routes!(terminate_contract))
        .routes(routes!(contract_pdf))
        .routes(routes!(list_placements))
        .routes(routes!(end_placement))
        .routes(routes!(placement_contact))
        .routes(routes!(list_templates))
        .routes(routes!(save_template))
}

/// The caller's contracts (the latest version of each), newest first: an employer's and a
/// company's own, a promoter's county's companies', all for admins. Access: signed in.
#[utoipa::path(
    get, path = "/api/v1/contracts", tag = "hiring",
    security(("session" = [])),
    responses(
        (status = 200, description = "Contracts", body = [ContractView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn list_contracts(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
) -> Result<Json<Vec<ContractView>>, ApiError> {
    Ok(Json(state.services.contracts.contracts(&identity).await?))
}

/// One contract version with its clauses, signatures (who, when, from where, SHA-256) and the
/// list of versions. The worker's name is masked for the employer until it is signed.
/// Access: its parties, the company's county's promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/contracts/{id}", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "contract version id")),
    responses(
        (status = 200, description = "The version", body = ContractView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such contract the caller may see", body = ErrorBody),
    )
)]
async fn get_contract(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    Path(id): Path<i32>,
) -> Result<Json<ContractView>, ApiError> {
    Ok(Json(
        state.services.contracts.contract(&identity, id).await?,
    ))
}

/// Edit an unsigned version; signatures already given are voided (they covered other
/// content). A signed version is refused with 409: amend it instead. Access: the two parties.
#[utoipa::path(
    put, path = "/api/v1/contracts/{id}", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "contract version id")),
    request_body = ContractEdit,
    responses(
        (status = 200, description = "Saved, back to draft", body = ContractView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a party", body = ErrorBody),
        (status = 404, description = "No such contract the caller may see", body = ErrorBody),
        (status = 409, description = "Signed (immutable), or changed by someone else", body = ErrorBody),
        (status = 422, description = "A term is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn edit_contract(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(id): Path<i32>,
    ApiJson(edit): ApiJson<ContractEdit>,
) -> Result<Json<ContractView>, ApiError> {
    Ok(Json(
        state
            .services
            .contracts
            .edit_contract(&identity, id, &edit)
            .await?,
    ))
}

/// Every version of the contract, oldest first. Access: as for one version.
#[utoipa::path(
    get, path = "/api/v1/contracts/{id}/versions", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "any version's id")),
    responses(
        (status = 200, description = "The versions", body = [ContractView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such contract the caller may see", body = ErrorBody),
    )
)]
async fn list_versions(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    Path(id): Path<i32>,
) -> Result<Json<Vec<ContractView>>, ApiError> {
    Ok(Json(
        state
            .services
            .contracts
            .contract_versions(&identity, id)
            .await?,
    ))
}

/// Draft an amendment: a new version linked to this signed one, to be signed again. The old
/// version stays in force until the amendment is signed. Access: the two parties.
#[utoipa::path(
    post, path = "/api/v1/contracts/{id}/versions", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "the signed version's id")),
    responses(
        (status = 201, description = "The new draft version", body = ContractView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a party", body = ErrorBody),
        (status = 409, description = "Not signed, or an amendment is already open", body = ErrorBody),
    )
)]
async fn amend_contract(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(id): Path<i32>,
) -> Result<(StatusCode, Json<ContractView>), ApiError> {
    let view = state
        .services
        .contracts
        .amend_contract(&identity, id)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Sign as the caller's side: the employer user, or the company user on the worker's behalf
/// with `worker_confirmation` (how and when the worker confirmed). Records who, when, the
/// client address and the SHA-256 of the canonical content. When both have signed, a first
/// version starts the placement (the worker leaves search). Access: the two parties.
#[utoipa::path(
    post, path = "/api/v1/contracts/{id}/sign", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "contract version id")),
    request_body = ContractSigning,
    responses(
        (status = 200, description = "Signed", body = ContractView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a party", body = ErrorBody),
        (status = 409, description = "Already signed by this side, not signable in its state, the worker is placed elsewhere, or changed by someone else", body = ErrorBody),
        (status = 422, description = "The worker's confirmation is missing or invalid", body = ErrorBody),
    )
)]
async fn sign_contract(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(id): Path<i32>,
    ApiJson(signing): ApiJson<ContractSigning>,
) -> Result<Json<ContractView>, ApiError> {
    Ok(Json(
        state
            .services
            .contracts
            .sign_contract(&identity, id, &signing)
            .await?,
    ))
}

/// Terminate (解除) a signed contract on a date with a reason; its placement ends and the
/// worker becomes available. Access: the two parties.
#[utoipa::path(
    post, path = "/api/v1/contracts/{id}/terminate", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "contract version id")),
    request_body = ContractTermination,
    responses(
        (status = 200, description = "Terminated", body = ContractView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a party", body = ErrorBody),
        (status = 409, description = "Not signed, a date before the start, no reason, or changed by someone else", body = ErrorBody),
        (status = 422, description = "Malformed date", body = ErrorBody),
    )
)]
async fn terminate_contract(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(id): Path<i32>,
    ApiJson(termination): ApiJson<ContractTermination>,
) -> Result<Json<ContractView>, ApiError> {
    Ok(Json(
        state
            .services
            .contracts
            .terminate_contract(&identity, id, &termination)
            .await?,
    ))
}

/// The version as a PDF: parties, clauses, signatures and the content hash, in Chinese with
/// an embedded font. Access: as for one version.
#[utoipa::path(
    get, path = "/api/v1/contracts/{id}/pdf", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "contract version id")),
    responses(
        (status = 200, description = "application/pdf", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such contract the caller may see", body = ErrorBody),
    )
)]
async fn contract_pdf(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    Path(id): Path<i32>,
) -> Result<Response, ApiError> {
    let bytes = state.services.contracts.contract_pdf(&identity, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"contract-{id}.pdf\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// Placements (输出就业): an employer's and a company's own, a promoter's county's, all for
/// admins. Access: signed in.
#[utoipa::path(
    get, path = "/api/v1/placements", tag = "hiring",
    security(("session" = [])),
    responses(
        (status = 200, description = "Placements, newest first", body = [PlacementView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn list_placements(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
) -> Result<Json<Vec<PlacementView>>, ApiError> {
    Ok(Json(state.services.contracts.placements(&identity).await?))
}

/// End a placement on a date with a reason; the worker becomes available again and it shows
/// on their profile as attested work. Access: the employer and the company.
#[utoipa::path(
    post, path = "/api/v1/placements/{id}/end", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "placement id")),
    request_body = PlacementEnd,
    responses(
        (status = 200, description = "Ended", body = PlacementView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such placement of the caller's", body = ErrorBody),
        (status = 409, description = "Already ended", body = ErrorBody),
        (status = 422, description = "Bad date or no reason; details.field names it", body = ErrorBody),
    )
)]
async fn end_placement(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(id): Path<i32>,
    ApiJson(end): ApiJson<PlacementEnd>,
) -> Result<Json<PlacementView>, ApiError> {
    Ok(Json(
        state
            .services
            .contracts
            .end_placement(&identity, id, &end)
            .await?,
    ))
}

/// The placed worker's full name and phone number, for the employer that signed the contract.
/// Every call is audited (`worker.contact_view`). Access: employers.
#[utoipa::path(
    get, path = "/api/v1/placements/{id}/contact", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "placement id")),
    responses(
        (status = 200, description = "Name and phone", body = WorkerContact),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the employer of this placement", body = ErrorBody),
        (status = 404, description = "No such placement of the caller's", body = ErrorBody),
    )
)]
async fn placement_contact(
    State(state): State<AppState>,
    EmployerUser(identity): EmployerUser,
    Path(id): Path<i32>,
) -> Result<Response, ApiError> {
    let contact = state
        .services
        .contracts
        .placement_contact(&identity, id)
        .await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(contact)).into_response())
}

/// The clause templates new contracts start from. Access: admins.
#[utoipa::path(
    get, path = "/api/v1/contract-templates", tag = "hiring",
    security(("session" = [])),
    responses(
        (status = 200, description = "One per kind", body = [ContractTemplateView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    )
)]
async fn list_templates(
    State(state): State<AppState>,
    AdminUser(identity): AdminUser,
) -> Result<Json<Vec<ContractTemplateView>>, ApiError> {
    Ok(Json(
        state
            .services
            .contracts
            .contract_templates(&identity)
            .await?,
    ))
}

/// Save one kind's clause template (`direct` or `employee_system`); contracts already drafted
/// keep their text. Access: admins.
#[utoipa::path(
    put, path = "/api/v1/contract-templates/{kind}", tag = "hiring",
    security(("session" = [])),
    params(("kind" = String, Path, description = "direct or employee_system")),
    request_body = ContractClauses,
    responses(
        (status = 200, description = "Saved", body = ContractTemplateView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 422, description = "Unknown kind or a clause too short or long", body = ErrorBody),
    )
)]
async fn save_template(
    State(state): State<AppState>,
    AdminUser(identity): AdminUser,
    Path(kind): Path<String>,
    ApiJson(clauses): ApiJson<ContractClauses>,
) -> Result<Json<ContractTemplateView>, ApiError> {
    let kind = ContractKind::parse(&kind).ok_or_else(|| {
        ApiError(AppError::invalid(
            "kind",
            "合同类型应为 direct 或 employee_system",
        ))
    })?;
    Ok(Json(
        state
            .services
            .contracts
            .save_contract_template(&identity, kind, &clauses)
            .await?,
    ))
}
