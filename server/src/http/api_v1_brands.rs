//! `/api/v1` routes for brands, memberships (加盟), certificate checks, export bases and company
//! registration. Same rules as the UI: each handler checks its access rule first, then calls the
//! [`BrandDesk`](app::api::context::BrandDesk) service, which checks the caller's county.

use super::api_v1::{authorize, caller_with};
use super::error::{ApiError, ApiJson, ErrorBody};
use crate::state::AppState;
use app::api::AppError;
use app::api::COUNTY_OFFICIALS;
use app::api::context::RequestIdentity;
use app::api::types::{
    BrandProfile, BrandSummary, CertificateReview, CompanyView, ExportBaseView, MembershipView,
};
use app::domain::access::Access;
use app::domain::brand::{
    BrandForm, CertificateFinding, CertificateStatus, MembershipDecision, MembershipStatus,
};
use app::domain::company::CompanyRegistration;
use app::domain::role::Role;
use axum::Json;
use axum::extract::{Extension, FromRequestParts, Path, Query, State};
use http::{StatusCode, request};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The brand routes, merged into the `/api/v1` router.
pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(list_brands, create_brand))
        .routes(routes!(get_brand, edit_brand))
        .routes(routes!(apply_for_membership))
        .routes(routes!(list_memberships))
        .routes(routes!(decide_membership))
        .routes(routes!(list_certificates))
        .routes(routes!(check_certificate))
        .routes(routes!(list_companies, register_company))
        .routes(routes!(approve_company))
        .routes(routes!(list_export_bases, create_export_base))
        .routes(routes!(link_company, unlink_company))
}

const MEMBERSHIP_READERS: Access = Access::Roles(&[Role::Company, Role::Promoter, Role::Admin]);
const COMPANY: Access = Access::Roles(&[Role::Company]);

/// A promoter or an admin.
pub struct Official(pub RequestIdentity);
/// A company user.
pub struct CompanyUser(pub RequestIdentity);
/// Anyone who has memberships to see: company users, promoters, admins.
pub struct MembershipReader(RequestIdentity);

impl FromRequestParts<AppState> for Official {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        caller_with(parts, state, COUNTY_OFFICIALS)
            .await
            .map(Official)
    }
}

impl FromRequestParts<AppState> for CompanyUser {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        caller_with(parts, state, COMPANY).await.map(CompanyUser)
    }
}

impl FromRequestParts<AppState> for MembershipReader {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        caller_with(parts, state, MEMBERSHIP_READERS)
            .await
            .map(MembershipReader)
    }
}

/// The brand catalogue with member and worker counts. Access: public.
#[utoipa::path(
    get, path = "/api/v1/brands", tag = "brands",
    responses((status = 200, description = "Every brand", body = [BrandSummary]))
)]
async fn list_brands(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Result<Json<Vec<BrandSummary>>, ApiError> {
    authorize(&state, &identity, Access::Public, "GET /api/v1/brands").await?;
    Ok(Json(state.services.brands.brands().await?))
}

/// A brand's public page: story, tier, standard, occupations, member companies and counts.
/// Access: public; no personal data.
#[utoipa::path(
    get, path = "/api/v1/brands/{slug}", tag = "brands",
    params(("slug" = String, Path, description = "the brand's address, e.g. fushan-chushi")),
    responses(
        (status = 200, description = "The brand", body = BrandProfile),
        (status = 404, description = "No such brand", body = ErrorBody),
    )
)]
async fn get_brand(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(slug): Path<String>,
) -> Result<Json<BrandProfile>, ApiError> {
    authorize(
        &state,
        &identity,
        Access::Public,
        "GET /api/v1/brands/{slug}",
    )
    .await?;
    Ok(Json(state.services.brands.brand_profile(&slug).await?))
}

/// Create a brand. Access: promoters (for their county) and admins (any county, or city-wide
/// with an empty `county_code`). Names and addresses are unique.
#[utoipa::path(
    post, path = "/api/v1/brands", tag = "brands",
    security(("session" = [])),
    request_body = BrandForm,
    responses(
        (status = 201, description = "Created", body = BrandProfile),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter of that county, or not an admin", body = ErrorBody),
        (status = 409, description = "Name or address taken; details.field names it", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn create_brand(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiJson(form): ApiJson<BrandForm>,
) -> Result<(StatusCode, Json<BrandProfile>), ApiError> {
    let profile = state.services.brands.create_brand(&identity, &form).await?;
    Ok((StatusCode::CREATED, Json(profile)))
}

/// A brand edit: every field, and the `version` that was read.
#[derive(Deserialize, ToSchema)]
pub struct BrandEdit {
    pub version: i32,
    #[serde(flatten)]
    pub brand: BrandForm,
}

/// Replace a brand's fields. Access: promoters of the brand's county, admins. A stale
/// `version` gets 409 and changes nothing.
#[utoipa::path(
    put, path = "/api/v1/brands/{slug}", tag = "brands",
    security(("session" = [])),
    params(("slug" = String, Path, description = "the brand's current address")),
    request_body = BrandEdit,
    responses(
        (status = 200, description = "Saved", body = BrandProfile),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Another county's brand", body = ErrorBody),
        (status = 404, description = "No such brand", body = ErrorBody),
        (status = 409, description = "Changed by someone else, or name taken", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn edit_brand(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(slug): Path<String>,
    ApiJson(edit): ApiJson<BrandEdit>,
) -> Result<Json<BrandProfile>, ApiError> {
    let profile = state
        .services
        .brands
        .edit_brand(&identity, &slug, &edit.brand, edit.version)
        .await?;
    Ok(Json(profile))
}

/// Apply for the caller's company to join a brand (加盟); a rejected application may be made
/// again. Access: company users.
#[utoipa::path(
    post, path = "/api/v1/brands/{slug}/memberships", tag = "brands",
    security(("session" = [])),
    params(("slug" = String, Path, description = "the brand's address")),
    responses(
        (status = 201, description = "Applied; pending a promoter's decision", body = MembershipView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such brand", body = ErrorBody),
        (status = 409, description = "Already pending, a member, or suspended", body = ErrorBody),
    )
)]
async fn apply_for_membership(
    State(state): State<AppState>,
    CompanyUser(identity): CompanyUser,
    Path(slug): Path<String>,
) -> Result<(StatusCode, Json<MembershipView>), ApiError> {
    let view = state
        .services
        .brands
        .apply_for_membership(&identity, &slug)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatusQuery {
    /// Only this status.
    pub status: Option<String>,
}

/// Memberships: a company sees its own, a promoter those of their county's brands, an admin
/// all. `status`: pending, approved, rejected or suspended.
#[utoipa::path(
    get, path = "/api/v1/memberships", tag = "brands",
    security(("session" = [])),
    params(StatusQuery),
    responses(
        (status = 200, description = "Memberships, newest application first", body = [MembershipView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employers have no memberships", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    )
)]
async fn list_memberships(
    State(state): State<AppState>,
    MembershipReader(identity): MembershipReader,
    Query(query): Query<StatusQuery>,
) -> Result<Json<Vec<MembershipView>>, ApiError> {
    let status = MembershipStatus::parse_filter(query.status.as_deref(), "status")
        .map_err(AppError::from)?;
    Ok(Json(
        state.services.brands.memberships(&identity, status).await?,
    ))
}

/// A promoter's decision.
#[derive(Deserialize, ToSchema)]
pub struct MembershipDecisionBody {
    pub decision: MembershipDecision,
    /// Required to reject or suspend.
    pub reason: Option<String>,
}

/// Approve, reject (with reason) or suspend (with reason) a membership; a suspended one may be
/// approved again. Access: promoters of the brand's county, admins. Recorded in the audit log.
#[utoipa::path(
    post, path = "/api/v1/memberships/{id}/decision", tag = "brands",
    security(("session" = [])),
    params(("id" = i32, Path, description = "membership id")),
    request_body = MembershipDecisionBody,
    responses(
        (status = 200, description = "Decided", body = MembershipView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such membership in the caller's county", body = ErrorBody),
        (status = 409, description = "The decision does not apply to its current status", body = ErrorBody),
        (status = 422, description = "Reason missing", body = ErrorBody),
    )
)]
async fn decide_membership(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
    ApiJson(body): ApiJson<MembershipDecisionBody>,
) -> Result<Json<MembershipView>, ApiError> {
    Ok(Json(
        state
            .services
            .brands
            .decide_membership(&identity, id, body.decision, body.reason)
            .await?,
    ))
}

/// Workers' certificates in the caller's county (at most 200). `status`: unverified,
/// verified or rejected. Access: promoters, admins. No ID or phone numbers.
#[utoipa::path(
    get, path = "/api/v1/certificates", tag = "brands",
    security(("session" = [])),
    params(StatusQuery),
    responses(
        (status = 200, description = "Certificates", body = [CertificateReview]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    )
)]
async fn list_certificates(
    State(state): State<AppState>,
    Official(identity): Official,
    Query(query): Query<StatusQuery>,
) -> Result<Json<Vec<CertificateReview>>, ApiError> {
    let status = CertificateStatus::parse_filter(query.status.as_deref(), "status")
        .map_err(AppError::from)?;
    Ok(Json(
        state
            .services
            .brands
            .certificates(&identity, status)
            .await?,
    ))
}

/// A promoter's finding on a certificate.
#[derive(Deserialize, ToSchema)]
pub struct CertificateDecisionBody {
    /// One of the worker's further certificates; omit for the ledger row's certificate.
    pub certificate_id: Option<i32>,
    /// The worker's `version` from the review list: a certificate changed since is 409.
    pub version: Option<i32>,
    /// `verify` or `reject`.
    pub decision: String,
    /// Required to reject.
    pub reason: Option<String>,
}

/// Verify or reject (with reason) a worker's certificate. Access: promoters of the worker's
/// company's county, admins. Recorded in the audit log; a later change of the certificate on
/// the roster sends it back to unverified.
#[utoipa::path(
    post, path = "/api/v1/certificates/{worker_id}/decision", tag = "brands",
    security(("session" = [])),
    params(("worker_id" = i32, Path, description = "worker id")),
    request_body = CertificateDecisionBody,
    responses(
        (status = 200, description = "Recorded", body = CertificateReview),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such worker in the caller's county", body = ErrorBody),
        (status = 409, description = "The worker has no certificate", body = ErrorBody),
        (status = 422, description = "decision or reason invalid", body = ErrorBody),
    )
)]
async fn check_certificate(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(worker_id): Path<i32>,
    ApiJson(body): ApiJson<CertificateDecisionBody>,
) -> Result<Json<CertificateReview>, ApiError> {
    let finding = CertificateFinding::parse(&body.decision, body.reason.as_deref())
        .map_err(AppError::from)?;
    Ok(Json(
        state
            .services
            .brands
            .check_certificate(
                &identity,
                worker_id,
                body.certificate_id,
                body.version,
                finding,
            )
            .await?,
    ))
}

/// Labour companies of the caller's county (all for admins). Access: promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/companies", tag = "brands",
    security(("session" = [])),
    responses(
        (status = 200, description = "Companies", body = [CompanyView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
    )
)]
async fn list_companies(
    State(state): State<AppState>,
    Official(identity): Official,
) -> Result<Json<Vec<CompanyView>>, ApiError> {
    Ok(Json(state.services.brands.companies(&identity).await?))
}

/// Approve a self-registered company of the caller's county, so it may keep a roster.
/// Access: promoters (their county), admins. Approving an approved company changes nothing.
#[utoipa::path(
    post, path = "/api/v1/companies/{id}/approve", tag = "brands",
    security(("session" = [])),
    params(("id" = i32, Path, description = "company id")),
    responses(
        (status = 200, description = "Approved", body = CompanyView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such company in the caller's county", body = ErrorBody),
    )
)]
async fn approve_company(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
) -> Result<Json<CompanyView>, ApiError> {
    Ok(Json(
        state.services.brands.approve_company(&identity, id).await?,
    ))
}

/// Register a labour company and its first account. Access: public; limited per address.
#[utoipa::path(
    post, path = "/api/v1/companies", tag = "brands",
    request_body = CompanyRegistration,
    responses(
        (status = 201, description = "Registered; the account can sign in and apply to brands, and keeps a roster once the county approves the company", body = CompanyView),
        (status = 409, description = "Credit code, name or username taken; details.field names it", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
        (status = 429, description = "Too many registrations from this address", body = ErrorBody),
    )
)]
async fn register_company(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    ApiJson(registration): ApiJson<CompanyRegistration>,
) -> Result<(StatusCode, Json<CompanyView>), ApiError> {
    authorize(&state, &identity, Access::Public, "POST /api/v1/companies").await?;
    let company = state
        .services
        .brands
        .register_company(&identity, &registration)
        .await?;
    Ok((StatusCode::CREATED, Json(company)))
}

/// Export bases of the caller's county (all for admins). Access: promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/export-bases", tag = "brands",
    security(("session" = [])),
    responses(
        (status = 200, description = "Export bases with their companies", body = [ExportBaseView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
    )
)]
async fn list_export_bases(
    State(state): State<AppState>,
    Official(identity): Official,
) -> Result<Json<Vec<ExportBaseView>>, ApiError> {
    Ok(Json(state.services.brands.export_bases(&identity).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewExportBase {
    pub county_code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// Create an export base (劳务输出基地). Access: promoters (their county), admins.
#[utoipa::path(
    post, path = "/api/v1/export-bases", tag = "brands",
    security(("session" = [])),
    request_body = NewExportBase,
    responses(
        (status = 201, description = "Created", body = ExportBaseView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Another county", body = ErrorBody),
        (status = 409, description = "Name taken", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn create_export_base(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiJson(body): ApiJson<NewExportBase>,
) -> Result<(StatusCode, Json<ExportBaseView>), ApiError> {
    let base = state
        .services
        .brands
        .create_export_base(&identity, &body.county_code, &body.name, &body.description)
        .await?;
    Ok((StatusCode::CREATED, Json(base)))
}

/// Tie a company of the base's county to the base. Access: promoters (their county), admins.
#[utoipa::path(
    put, path = "/api/v1/export-bases/{id}/companies/{company_id}", tag = "brands",
    security(("session" = [])),
    params(("id" = i32, Path, description = "export base id"), ("company_id" = i32, Path, description = "company id")),
    responses(
        (status = 200, description = "Linked (or already linked)", body = ExportBaseView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such base in the caller's county", body = ErrorBody),
        (status = 422, description = "No such company, or another county's", body = ErrorBody),
    )
)]
async fn link_company(
    State(state): State<AppState>,
    Official(identity): Official,
    Path((id, company_id)): Path<(i32, i32)>,
) -> Result<Json<ExportBaseView>, ApiError> {
    Ok(Json(
        state
            .services
            .brands
            .link_company(&identity, id, company_id, true)
            .await?,
    ))
}

/// Untie a company from the base. Access: promoters (their county), admins.
#[utoipa::path(
    delete, path = "/api/v1/export-bases/{id}/companies/{company_id}", tag = "brands",
    security(("session" = [])),
    params(("id" = i32, Path, description = "export base id"), ("company_id" = i32, Path, description = "company id")),
    responses(
        (status = 200, description = "Unlinked (or was not linked)", body = ExportBaseView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such base in the caller's county", body = ErrorBody),
    )
)]
async fn unlink_company(
    State(state): State<AppState>,
    Official(identity): Official,
    Path((id, company_id)): Path<(i32, i32)>,
) -> Result<Json<ExportBaseView>, ApiError> {
    Ok(Json(
        state
            .services
            .brands
            .link_company(&identity, id, company_id, false)
            .await?,
    ))
}
