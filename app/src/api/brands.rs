//! Brands and what hangs off them, as server functions for the UI: the public catalogue, brand
//! editing, membership applications and decisions, certificate checks, export bases and
//! company registration. Form-shaped functions take one argument per form field, so a plain
//! HTML form post (before the WebAssembly loads) decodes the same as a hydrated submit.

use super::error::AppError;
use super::types::{
    BrandCard, BrandProfile, BrandSummary, CertificateReview, CompanyView, County, ExportBaseView,
    MembershipView,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::RequestContext;

/// The labour brands shown on the home page. Access: public; carries no personal data.
#[server(prefix = "/sfn", endpoint = "featured_brands")]
pub async fn featured_brands() -> Result<Vec<BrandCard>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("featured_brands").await?;
    ctx.services
        .brands
        .featured_brands()
        .await
        .map_err(|e| ctx.fail(e))
}

/// Linfen's counties, for forms. Access: public.
#[server(prefix = "/sfn", endpoint = "counties")]
pub async fn counties() -> Result<Vec<County>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("counties").await?;
    ctx.services
        .brands
        .counties()
        .await
        .map_err(|e| ctx.fail(e))
}

/// The brand catalogue with member and worker counts. Access: public.
#[server(prefix = "/sfn", endpoint = "brands")]
pub async fn brands() -> Result<Vec<BrandSummary>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("brands").await?;
    ctx.services.brands.brands().await.map_err(|e| ctx.fail(e))
}

/// A brand's public page. Access: public.
#[server(prefix = "/sfn", endpoint = "load_brand")]
pub async fn load_brand(slug: String) -> Result<BrandProfile, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("load_brand").await?;
    ctx.services
        .brands
        .brand_profile(&slug)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Creates a brand (no `original_slug`) or edits the one at `original_slug` (with the
/// `version` read). Access: promoters (their county) and admins.
#[server(prefix = "/sfn", endpoint = "save_brand")]
#[allow(clippy::too_many_arguments)]
pub async fn save_brand(
    original_slug: Option<String>,
    version: Option<i32>,
    slug: String,
    name: String,
    county_code: Option<String>,
    occupations: String,
    standard_text: Option<String>,
    standard_version: Option<String>,
    tier: String,
    tier_granted_by: Option<String>,
    tier_granted_on: Option<String>,
    trademark_number: Option<String>,
    story: Option<String>,
) -> Result<BrandProfile, AppError> {
    use crate::domain::brand::BrandForm;

    let ctx = RequestContext::current()?;
    ctx.authorize("save_brand").await?;
    let form = BrandForm {
        slug,
        name,
        county_code: county_code.unwrap_or_default(),
        occupations,
        standard_text: standard_text.unwrap_or_default(),
        standard_version: standard_version.unwrap_or_default(),
        tier,
        tier_granted_by: tier_granted_by.unwrap_or_default(),
        tier_granted_on: tier_granted_on.unwrap_or_default(),
        trademark_number: trademark_number.unwrap_or_default(),
        story: story.unwrap_or_default(),
    };
    let original_slug = original_slug.filter(|s| !s.is_empty());
    let result = match (&original_slug, version) {
        (None, _) => ctx.services.brands.create_brand(&ctx.identity, &form).await,
        (Some(slug), Some(version)) => {
            ctx.services
                .brands
                .edit_brand(&ctx.identity, slug, &form, version)
                .await
        }
        (Some(_), None) => Err(AppError::invalid("version", "修改时须提供读取到的版本号")),
    };
    let back = match &original_slug {
        Some(slug) => format!("/manage/brands/{}", crate::ui::percent_encode(slug)),
        None => "/manage/brands/new".to_string(),
    };
    if let (Ok(profile), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect(&format!("/brands/{}", profile.summary.slug));
        return result;
    }
    ctx.answer_form(result, &back)
}

/// The caller's company applies to join the brand. Access: company users.
#[server(prefix = "/sfn", endpoint = "apply_membership")]
pub async fn apply_membership(slug: String) -> Result<MembershipView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("apply_membership").await?;
    let result = ctx
        .services
        .brands
        .apply_for_membership(&ctx.identity, &slug)
        .await;
    ctx.answer_form(
        result,
        &format!("/brands/{}", crate::ui::percent_encode(&slug)),
    )
}

/// Memberships the caller may see (`status`: pending, approved, rejected, suspended; empty
/// for all). Access: company users (their own), promoters (their county's brands), admins.
#[server(prefix = "/sfn", endpoint = "memberships")]
pub async fn memberships(status: Option<String>) -> Result<Vec<MembershipView>, AppError> {
    use crate::domain::brand::MembershipStatus;

    let ctx = RequestContext::current()?;
    ctx.authorize("memberships").await?;
    let status = MembershipStatus::parse_filter(status.as_deref(), "status")
        .map_err(|e| ctx.fail(e.into()))?;
    ctx.services
        .brands
        .memberships(&ctx.identity, status)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Approves, rejects (with reason) or suspends (with reason) a membership. Access: promoters
/// of the brand's county, admins.
#[server(prefix = "/sfn", endpoint = "decide_membership")]
pub async fn decide_membership(
    id: i32,
    decision: String,
    reason: Option<String>,
) -> Result<MembershipView, AppError> {
    use crate::domain::brand::MembershipDecision;

    let ctx = RequestContext::current()?;
    ctx.authorize("decide_membership").await?;
    let result = match MembershipDecision::parse(&decision) {
        None => Err(AppError::invalid(
            "decision",
            "decision 应为 approve、reject 或 suspend",
        )),
        Some(decision) => {
            ctx.services
                .brands
                .decide_membership(&ctx.identity, id, decision, reason)
                .await
        }
    };
    ctx.answer_form(result, "/memberships")
}

/// Certificates to check (`status`: unverified, verified, rejected; empty for all). Access:
/// promoters (their county's companies), admins.
#[server(prefix = "/sfn", endpoint = "certificates")]
pub async fn certificates(status: Option<String>) -> Result<Vec<CertificateReview>, AppError> {
    use crate::domain::brand::CertificateStatus;

    let ctx = RequestContext::current()?;
    ctx.authorize("certificates").await?;
    let status = CertificateStatus::parse_filter(status.as_deref(), "status")
        .map_err(|e| ctx.fail(e.into()))?;
    ctx.services
        .brands
        .certificates(&ctx.identity, status)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Verifies or rejects (with reason) a worker's ledger certificate, or (with `certificate_id`)
/// one of their further certificates. Access: promoters of the worker's
/// company's county, admins.
#[server(prefix = "/sfn", endpoint = "check_certificate")]
pub async fn check_certificate(
    worker_id: i32,
    certificate_id: Option<i32>,
    version: Option<i32>,
    decision: String,
    reason: Option<String>,
) -> Result<CertificateReview, AppError> {
    use crate::domain::brand::CertificateFinding;

    let ctx = RequestContext::current()?;
    ctx.authorize("check_certificate").await?;
    let result = match CertificateFinding::parse(&decision, reason.as_deref()) {
        Err(e) => Err(e.into()),
        Ok(finding) => {
            ctx.services
                .brands
                .check_certificate(&ctx.identity, worker_id, certificate_id, version, finding)
                .await
        }
    };
    ctx.answer_form(result, "/manage/certificates")
}

/// Companies of the caller's county. Access: promoters, admins.
#[server(prefix = "/sfn", endpoint = "companies")]
pub async fn companies() -> Result<Vec<CompanyView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("companies").await?;
    ctx.services
        .brands
        .companies(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Approves a self-registered company of the caller's county. Access: promoters, admins.
#[server(prefix = "/sfn", endpoint = "approve_company")]
pub async fn approve_company(id: i32) -> Result<CompanyView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("approve_company").await?;
    let result = ctx.services.brands.approve_company(&ctx.identity, id).await;
    ctx.answer_form(result, "/manage/companies")
}

/// The caller's county's export bases. Access: promoters, admins.
#[server(prefix = "/sfn", endpoint = "export_bases")]
pub async fn export_bases() -> Result<Vec<ExportBaseView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("export_bases").await?;
    ctx.services
        .brands
        .export_bases(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Creates an export base. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "create_export_base")]
pub async fn create_export_base(
    county_code: String,
    name: String,
    description: Option<String>,
) -> Result<ExportBaseView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("create_export_base").await?;
    let result = ctx
        .services
        .brands
        .create_export_base(
            &ctx.identity,
            &county_code,
            &name,
            &description.unwrap_or_default(),
        )
        .await;
    ctx.answer_form(result, "/manage/export-bases")
}

/// Ties a company to an export base (`linked` = "true") or unties it. Access: promoters
/// (their county), admins.
#[server(prefix = "/sfn", endpoint = "link_company")]
pub async fn link_company(
    base_id: i32,
    company_id: i32,
    linked: String,
) -> Result<ExportBaseView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("link_company").await?;
    let result = ctx
        .services
        .brands
        .link_company(&ctx.identity, base_id, company_id, linked == "true")
        .await;
    ctx.answer_form(result, "/manage/export-bases")
}

/// Registers a labour company and its first account. Access: public (rate-limited).
#[server(prefix = "/sfn", endpoint = "register_company")]
#[allow(clippy::too_many_arguments)]
pub async fn register_company(
    name: String,
    credit_code: String,
    county_code: String,
    contact_name: String,
    contact_phone: String,
    username: String,
    password: String,
) -> Result<CompanyView, AppError> {
    use crate::domain::company::CompanyRegistration;

    let ctx = RequestContext::current()?;
    ctx.authorize("register_company").await?;
    let registration = CompanyRegistration {
        name,
        credit_code,
        county_code,
        contact_name,
        contact_phone,
        username,
        password,
    };
    let result = ctx
        .services
        .brands
        .register_company(&ctx.identity, &registration)
        .await;
    if let (Ok(_), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect("/login?registered=1");
        return result;
    }
    ctx.answer_form(result, "/register")
}
