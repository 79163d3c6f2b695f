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
}
