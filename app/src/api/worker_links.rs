//! A worker's own link: the company prints a QR code for each worker (card or brand badge);
//! scanning it opens a public page that verifies the worker's brand, certificate, attested
//! work and awards without any personal data. The company can revoke it; a revoked or
//! expired code says so and shows nothing else.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::{RequestContext, RequestIdentity};

/// A freshly issued link: the only time its address is shown (only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IssuedLink {
    pub worker_id: i32,
    /// The address the QR code opens.
    pub url: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
    /// YYYY-MM-DD.
    pub valid_until: String,
}

/// What a scan of a worker's code verifies: no name, ID or phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BadgeView {
    pub brand_name: Option<String>,
    pub brand_slug: Option<String>,
    pub company_name: String,
    pub occupations: Vec<String>,
    pub certificate_level: Option<String>,
    /// The county's check of the certificate: 已核验, 待核验 or 未通过.
    pub certificate_status: String,
    pub certificate_verified: bool,
    pub attested_work: Vec<super::types::AttestedWork>,
    pub awards: Vec<super::events::AwardView>,
    /// YYYY-MM-DD.
    pub valid_until: String,
}

/// The worker's own view on their link, once they proved it is theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SelfView {
    /// 王** (the worker knows their name; the page may be seen over a shoulder).
    pub masked_name: String,
    /// Consent to be shown to employers: when and how it was given, or None.
    pub consent: Option<String>,
    /// Shown to employers now (consented, active and not out working).
    pub published: bool,
    /// The worker's card exactly as employers see it, while they can.
    pub as_employers_see: Option<super::types::SearchHit>,
    /// Who saw the worker's full ID or phone number, when and why.
    pub disclosures: Vec<super::audit::DisclosureView>,
    /// Contract versions the company is to sign on the worker's behalf.
    pub contracts: Vec<ContractToConfirm>,
}

/// A contract version awaiting the company's signature on the worker's behalf, as the worker
/// reads and confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractToConfirm {
    pub contract_id: i32,
    pub version_number: i32,
    /// 甲方 and the other party (用工单位 under 员工制).
    pub party_a: String,
    pub other_party: String,
    pub clauses: Vec<super::types::ClauseView>,
    /// SHA-256 of the content as it stands: what the worker confirms.
    pub content_hash: String,
    /// When the worker confirmed this very content (Beijing time), if they have.
    pub confirmed_at: Option<String>,
}

/// The worker opens their own part of the page with the last six characters of their ID
/// number (public; a few wrong tries lock it for ten minutes).
#[server(prefix = "/sfn", endpoint = "worker_self")]
pub async fn worker_self(token: String, id_suffix: String) -> Result<SelfView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker_self").await?;
    ctx.services
        .worker_links
        .self_view(&ctx.identity, &token, &id_suffix)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The worker gives (`give` = true) or withdraws consent to be shown to employers, recorded
/// with the method 本人扫码确认.
#[server(prefix = "/sfn", endpoint = "worker_self_consent")]
pub async fn worker_self_consent(
    token: String,
    id_suffix: String,
    give: bool,
) -> Result<SelfView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker_self_consent").await?;
    ctx.services
        .worker_links
        .self_consent(&ctx.identity, &token, &id_suffix, give)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The worker confirms a contract version's content (its SHA-256 as shown) before the
/// company signs on their behalf; a hash that no longer matches the draft is refused (409).
#[server(prefix = "/sfn", endpoint = "worker_confirm_contract")]
pub async fn worker_confirm_contract(
    token: String,
    id_suffix: String,
    contract_id: i32,
    content_hash: String,
) -> Result<SelfView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker_confirm_contract").await?;
    ctx.services
        .worker_links
        .confirm_contract(
            &ctx.identity,
            &token,
            &id_suffix,
            contract_id,
            &content_hash,
        )
        .await
        .map_err(|e| ctx.fail(e))
}

/// Issues a new link for the worker (the old one stops working). Access: the worker's company.
#[server(prefix = "/sfn", endpoint = "issue_worker_link")]
pub async fn issue_worker_link(worker_id: i32) -> Result<IssuedLink, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("issue_worker_link").await?;
    let origin = ctx.origin();
    let result = ctx
        .services
        .worker_links
        .issue(&ctx.identity, worker_id, &origin)
        .await;
    ctx.answer_form(result, &format!("/roster/workers/{worker_id}"))
}

/// Revokes the worker's link. Access: the worker's company.
#[server(prefix = "/sfn", endpoint = "revoke_worker_link")]
pub async fn revoke_worker_link(worker_id: i32) -> Result<(), AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("revoke_worker_link").await?;
    let result = ctx
        .services
        .worker_links
        .revoke(&ctx.identity, worker_id)
        .await;
    ctx.answer_form(result, &format!("/roster/workers/{worker_id}"))
}

/// What a scanned code verifies (public, rate-limited per address).
#[server(prefix = "/sfn", endpoint = "worker_badge")]
pub async fn worker_badge(token: String) -> Result<BadgeView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker_badge").await?;
    ctx.services
        .worker_links
        .badge(&ctx.identity, &token)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The worker-link desk's port, implemented by the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait WorkerLinkDesk: Send + Sync {
    /// `origin`: scheme and host the QR code's address starts with.
    async fn issue(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
        origin: &str,
    ) -> Result<IssuedLink, AppError>;

    async fn revoke(&self, caller: &RequestIdentity, worker_id: i32) -> Result<(), AppError>;

    async fn badge(&self, caller: &RequestIdentity, token: &str) -> Result<BadgeView, AppError>;

    async fn self_view(
        &self,
        caller: &RequestIdentity,
        token: &str,
        id_suffix: &str,
    ) -> Result<SelfView, AppError>;

    async fn self_consent(
        &self,
        caller: &RequestIdentity,
        token: &str,
        id_suffix: &str,
        give: bool,
    ) -> Result<SelfView, AppError>;

    /// A printable A4 sheet (PDF) of new QR cards for the company's `worker_ids`; their old
    /// codes stop working.
    async fn qr_sheet(
        &self,
        caller: &RequestIdentity,
        worker_ids: &[i32],
        origin: &str,
    ) -> Result<Vec<u8>, AppError>;

    async fn confirm_contract(
        &self,
        caller: &RequestIdentity,
        token: &str,
        id_suffix: &str,
        contract_id: i32,
        content_hash: &str,
    ) -> Result<SelfView, AppError>;
}
