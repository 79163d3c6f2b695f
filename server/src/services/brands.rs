//! Labour brands: the public catalogue with its counts, and promoters' management of their
//! county's brands. Memberships, certificate checks, export bases and company registration
//! live in the neighbouring modules and are served through the same [`BrandDesk`] port.

use super::audit::{self, AuditEntry};
use super::{begin_write, unexpected};
use crate::auth::rate_limit::LoginLimiter;
use crate::db::entities::{brand, brand_membership, company, worker, worker_certificate};
use crate::search::change_log::{self, ChangeReason};
use app::api::context::{BrandDesk, RequestIdentity};
use app::api::types::{
    BrandCard, BrandProfile, BrandSummary, CertificateReview, CompanyView, County, ExportBaseView,
    MemberCompany, MembershipView,
};
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::brand::{
    BrandDraft, BrandForm, CertificateFinding, CertificateStatus, MembershipDecision,
    MembershipStatus, RecognitionTier, manages_county, split_occupations,
};
use app::domain::company::CompanyRegistration;
use app::domain::role::Role;
use async_trait::async_trait;
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, SqlErr,
};
use std::collections::HashMap;

pub struct BrandService {
    pub(super) db: DatabaseConnection,
    /// Limits company registrations per client address.
    pub(super) registrations: LoginLimiter,
}

impl BrandService {
    pub fn new(db: DatabaseConnection, registrations: LoginLimiter) -> Self {
        Self { db, registrations }
    }
}

/// The signed-in caller, or `Unauthenticated`.
pub(super) fn signed_in(caller: &RequestIdentity) -> Result<&SessionUser, AppError> {
    caller
        .user
        .as_ref()
        .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))
}

/// A promoter or an admin, or `Forbidden`.
pub(super) fn county_official(caller: &RequestIdentity) -> Result<&SessionUser, AppError> {
    let user = signed_in(caller)?;
    match user.role {
        Role::Promoter | Role::Admin => Ok(user),
        Role::Company | Role::Employer => Err(AppError::new(ErrorCode::Forbidden)),
    }
}

/// An audit entry for the caller's action on `target`.
pub(super) fn audit_entry(
    caller: &RequestIdentity,
    action: &'static str,
    target: String,
    detail: Option<String>,
) -> AuditEntry {
    super::roster::Actor::of(caller).audit(action, target, detail)
}

pub(super) fn county_label(counties: &HashMap<String, String>, code: Option<&str>) -> String {
    code.and_then(|c| counties.get(c).cloned())
        .unwrap_or_else(|| "临汾市".to_string())
}

pub(super) fn occupations_of(text: &str) -> Vec<String> {
    text.split('、')
        .filter(|o| !o.is_empty())
        .map(str::to_string)
        .collect()
}

impl BrandService {
    async fn brand_by_slug(&self, slug: &str) -> Result<brand::Model, AppError> {
        brand::Entity::find()
            .filter(brand::Column::Slug.eq(slug.trim()))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a brand", e))?
            .ok_or_else(|| AppError::with_message(ErrorCode::NotFound, "没有这个劳务品牌"))
    }

    /// Member companies and worker counts of one brand.
    async fn summary_of(
        &self,
        b: &brand::Model,
        counties: &HashMap<String, String>,
    ) -> Result<(BrandSummary, Vec<brand_membership::Model>), AppError> {
        let fail = |e| unexpected("counting a brand's workers", e);
        let members = brand_membership::Entity::find()
            .filter(brand_membership::Column::BrandId.eq(b.id))
            .filter(brand_membership::Column::Status.eq(MembershipStatus::Approved.code()))
            .order_by_asc(brand_membership::Column::DecidedAt)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let occupations = occupations_of(&b.occupations);
        let (mut certified, mut available, mut placed) = (0, 0, 0);
        if !members.is_empty() && !occupations.is_empty() {
            let covers = occupations.iter().fold(Condition::any(), |any, o| {
                any.add(worker::Column::Occupations.contains(o.as_str()))
            });
            // Certified: the ledger certificate is verified and the worker's occupations
            // overlap the brand's, or a verified further certificate names one of them.
            let ledger_certificate = Condition::all()
                .add(worker::Column::CertificateLevel.is_not_null())
                .add(worker::Column::CertificateStatus.eq(CertificateStatus::Verified.code()))
                .add(covers);
            let further_certificate = worker_certificate::Entity::find()
                .select_only()
                .column(worker_certificate::Column::WorkerId)
                .filter(worker_certificate::Column::Status.eq(CertificateStatus::Verified.code()))
                .filter(worker_certificate::Column::Occupation.is_in(occupations.clone()))
                .into_query();
            let certified_query = worker::Entity::find()
                .filter(worker::Column::CompanyId.is_in(members.iter().map(|m| m.company_id)))
                .filter(worker::Column::Active.eq(true))
                .filter(
                    Condition::any()
                        .add(ledger_certificate)
                        .add(worker::Column::Id.in_subquery(further_certificate)),
                );
            certified = certified_query
                .clone()
                .count(&self.db)
                .await
                .map_err(fail)?;
            available = certified_query
                .clone()
                .filter(worker::Column::ConsentAt.is_not_null())
                .filter(worker::Column::PlacedSince.is_null())
                .count(&self.db)
                .await
                .map_err(fail)?;
            placed = certified_query
                .filter(worker::Column::PlacedSince.is_not_null())
                .count(&self.db)
                .await
                .map_err(fail)?;
        }
        let tier = RecognitionTier::parse(&b.tier).unwrap_or(RecognitionTier::Cultivating);
        Ok((
            BrandSummary {
                slug: b.slug.clone(),
                name: b.name.clone(),
                county_code: b.county_code.clone(),
                county_name: county_label(counties, b.county_code.as_deref()),
                tier,
                tier_label: tier.label().to_string(),
                occupations,
                member_companies: members.len() as u64,
                certified_workers: certified,
                available_workers: available,
                placed_workers: placed,
            },
            members,
        ))
    }

    async fn profile_of(&self, b: brand::Model) -> Result<BrandProfile, AppError> {
        let counties = super::county_names(&self.db)
            .await
            .map_err(|e| unexpected("loading counties", e))?;
        let (summary, members) = self.summary_of(&b, &counties).await?;
        let companies: HashMap<i32, company::Model> = company::Entity::find()
            .filter(company::Column::Id.is_in(members.iter().map(|m| m.company_id)))
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading member companies", e))?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let members = members
            .iter()
            .filter_map(|m| {
                companies.get(&m.company_id).map(|c| MemberCompany {
                    name: c.name.clone(),
                    county_name: county_label(&counties, Some(&c.county_code)),
                    member_since: m.decided_at.map(|at| at.date_naive().to_string()),
                })
            })
            .collect();
        Ok(BrandProfile {
            summary,
            standard_text: b.standard_text,
            standard_version: b.standard_version,
            tier_granted_by: b.tier_granted_by,
            tier_granted_on: b.tier_granted_on,
            trademark_number: b.trademark_number,
            story: b.story,
            members,
            version: b.version,
        })
    }

    /// May the caller manage a brand of `county_code`? City-wide brands are for admins.
    fn check_manages(user: &SessionUser, county_code: Option<&str>) -> Result<(), AppError> {
        if manages_county(&user.scope, county_code) {
            Ok(())
        } else {
            Err(AppError::with_message(
                ErrorCode::Forbidden,
                "只能管理本县的劳务品牌（市级品牌由市人社局管理）",
            ))
        }
    }

    fn brand_columns(draft: &BrandDraft) -> brand::ActiveModel {
        brand::ActiveModel {
            slug: Set(draft.slug.clone()),
            name: Set(draft.name.clone()),
            county_code: Set(draft.county_code.clone()),
            occupations: Set(draft.occupations.join("、")),
            tier: Set(draft.tier.code().to_string()),
            standard_text: Set(draft.standard_text.clone()),
            standard_version: Set(draft.standard_version.clone()),
            tier_granted_by: Set(draft.tier_granted_by.clone()),
            tier_granted_on: Set(draft.tier_granted_on.map(|d| d.to_string())),
            trademark_number: Set(draft.trademark_number.clone()),
            story: Set(draft.story.clone()),
            updated_at: Set(Some(Utc::now())),
            ..Default::default()
        }
    }

    /// Which unique column a violation hit, as the form field to name.
    async fn taken_field(&self, draft: &BrandDraft, except_id: Option<i32>) -> AppError {
        let clash = |column: brand::Column, value: String| {
            let mut query = brand::Entity::find().filter(column.eq(value));
            if let Some(id) = except_id {
                query = query.filter(brand::Column::Id.ne(id));
            }
            query
        };
        let name_taken = clash(brand::Column::Name, draft.name.clone())
            .one(&self.db)
            .await
            .ok()
            .flatten()
            .is_some();
        let mut error = AppError::with_message(
            ErrorCode::Conflict,
            if name_taken {
                "已有同名的劳务品牌"
            } else {
                "这个网址名已被其他品牌使用"
            },
        );
        error.field = Some(if name_taken { "name" } else { "slug" }.to_string());
        error
    }

    async fn county_exists(&self, code: &str) -> Result<bool, AppError> {
        Ok(super::county_names(&self.db)
            .await
            .map_err(|e| unexpected("loading counties", e))?
            .contains_key(code))
    }

    async fn create(
        &self,
        caller: &RequestIdentity,
        form: &BrandForm,
    ) -> Result<BrandProfile, AppError> {
        let user = county_official(caller)?;
        let draft = form.parse()?;
        Self::check_manages(user, draft.county_code.as_deref())?;
        if let Some(code) = &draft.county_code
            && !self.county_exists(code).await?
        {
            return Err(AppError::invalid("county_code", "没有这个区县"));
        }
        let mut model = Self::brand_columns(&draft);
        model.created_at = Set(Utc::now());
        model.version = Set(1);
        let txn = begin_write(&self.db)
            .await
            .map_err(|e| unexpected("starting a brand insert", e))?;
        let inserted = brand::Entity::insert(model).exec(&txn).await;
        let id = match inserted {
            Ok(r) => r.last_insert_id,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(self.taken_field(&draft, None).await);
            }
            Err(e) => return Err(unexpected("inserting a brand", e)),
        };
        audit::record(
            &txn,
            audit_entry(
                caller,
                "brand.create",
                format!("brand:{id}"),
                Some(format!("tier={}", draft.tier.code())),
            ),
        )
        .await
        .map_err(|e| unexpected("auditing a brand insert", e))?;
        txn.commit()
            .await
            .map_err(|e| unexpected("committing a brand insert", e))?;
        self.profile_of(self.brand_by_slug(&draft.slug).await?)
            .await
    }

    async fn edit(
        &self,
        caller: &RequestIdentity,
        slug: &str,
        form: &BrandForm,
        version: i32,
    ) -> Result<BrandProfile, AppError> {
        let user = county_official(caller)?;
        let current = self.brand_by_slug(slug).await?;
        Self::check_manages(user, current.county_code.as_deref())?;
        let draft = form.parse()?;
        // Moving a brand to another county is the city's call.
        Self::check_manages(user, draft.county_code.as_deref())?;
        if let Some(code) = &draft.county_code
            && !self.county_exists(code).await?
        {
            return Err(AppError::invalid("county_code", "没有这个区县"));
        }
        let mut model = Self::brand_columns(&draft);
        model.version = Set(super::roster::next_version(version)?);
        let txn = begin_write(&self.db)
            .await
            .map_err(|e| unexpected("starting a brand edit", e))?;
        let result = brand::Entity::update_many()
            .set(model)
            .filter(brand::Column::Id.eq(current.id))
            .filter(brand::Column::Version.eq(version))
            .exec(&txn)
            .await;
        match result {
            Ok(r) if r.rows_affected == 1 => {}
            Ok(_) => {
                return Err(AppError::with_message(
                    ErrorCode::Conflict,
                    "品牌已被他人修改，请刷新后重试",
                ));
            }
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(self.taken_field(&draft, Some(current.id)).await);
            }
            Err(e) => return Err(unexpected("editing a brand", e)),
        }
        let detail = (current.tier != draft.tier.code())
            .then(|| format!("tier {}→{}", current.tier, draft.tier.code()));
        audit::record(
            &txn,
            audit_entry(
                caller,
                "brand.update",
                format!("brand:{}", current.id),
                detail,
            ),
        )
        .await
        .map_err(|e| unexpected("auditing a brand edit", e))?;
        // The brand's name and trades are on its members' workers' search cards.
        let members: Vec<i32> = brand_membership::Entity::find()
            .select_only()
            .column(brand_membership::Column::CompanyId)
            .filter(brand_membership::Column::BrandId.eq(current.id))
            .filter(brand_membership::Column::Status.eq(MembershipStatus::Approved.code()))
            .into_tuple()
            .all(&txn)
            .await
            .map_err(|e| unexpected("finding a brand's members", e))?;
        change_log::log_company_workers(&txn, &members, None, ChangeReason::Brand)
            .await
            .map_err(|e| unexpected("logging a brand edit for search", e))?;
        txn.commit()
            .await
            .map_err(|e| unexpected("committing a brand edit", e))?;
        self.profile_of(self.brand_by_slug(&draft.slug).await?)
            .await
    }
}

#[async_trait]
impl BrandDesk for BrandService {
    async fn featured_brands(&self) -> Result<Vec<BrandCard>, AppError> {
        let fail = |e| unexpected("listing brands", e);
        let counties = super::county_names(&self.db).await.map_err(fail)?;
        let brands = brand::Entity::find()
            .order_by_asc(brand::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        Ok(brands
            .into_iter()
            .map(|b| BrandCard {
                county_name: county_label(&counties, b.county_code.as_deref()),
                occupations: split_occupations(&b.occupations),
                slug: b.slug,
                name: b.name,
            })
            .collect())
    }

    async fn counties(&self) -> Result<Vec<County>, AppError> {
        let mut counties: Vec<County> = super::county_names(&self.db)
            .await
            .map_err(|e| unexpected("loading counties", e))?
            .into_iter()
            .map(|(code, name)| County { code, name })
            .collect();
        counties.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(counties)
    }

    async fn brands(&self) -> Result<Vec<BrandSummary>, AppError> {
        let fail = |e| unexpected("listing brands", e);
        let counties = super::county_names(&self.db).await.map_err(fail)?;
        let brands = brand::Entity::find()
            .order_by_asc(brand::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let mut summaries = Vec::with_capacity(brands.len());
        for b in &brands {
            summaries.push(self.summary_of(b, &counties).await?.0);
        }
        Ok(summaries)
    }

    async fn brand_profile(&self, slug: &str) -> Result<BrandProfile, AppError> {
        self.profile_of(self.brand_by_slug(slug).await?).await
    }

    async fn create_brand(
        &self,
        caller: &RequestIdentity,
        form: &BrandForm,
    ) -> Result<BrandProfile, AppError> {
        self.create(caller, form).await
    }

    async fn edit_brand(
        &self,
        caller: &RequestIdentity,
        slug: &str,
        form: &BrandForm,
        version: i32,
    ) -> Result<BrandProfile, AppError> {
        self.edit(caller, slug, form, version).await
    }

    async fn apply_for_membership(
        &self,
        caller: &RequestIdentity,
        slug: &str,
    ) -> Result<MembershipView, AppError> {
        self.apply(caller, slug).await
    }

    async fn memberships(
        &self,
        caller: &RequestIdentity,
        status: Option<MembershipStatus>,
    ) -> Result<Vec<MembershipView>, AppError> {
        self.list_memberships(caller, status).await
    }

    async fn decide_membership(
        &self,
        caller: &RequestIdentity,
        membership_id: i32,
        decision: MembershipDecision,
        reason: Option<String>,
    ) -> Result<MembershipView, AppError> {
        self.decide(caller, membership_id, decision, reason).await
    }

    async fn certificates(
        &self,
        caller: &RequestIdentity,
        status: Option<CertificateStatus>,
    ) -> Result<Vec<CertificateReview>, AppError> {
        self.list_certificates(caller, status).await
    }

    async fn check_certificate(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
        certificate_id: Option<i32>,
        seen_version: Option<i32>,
        finding: CertificateFinding,
    ) -> Result<CertificateReview, AppError> {
        self.record_finding(caller, worker_id, certificate_id, seen_version, finding)
            .await
    }

    async fn companies(&self, caller: &RequestIdentity) -> Result<Vec<CompanyView>, AppError> {
        self.list_companies(caller).await
    }

    async fn export_bases(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<ExportBaseView>, AppError> {
        self.list_export_bases(caller).await
    }

    async fn create_export_base(
        &self,
        caller: &RequestIdentity,
        county_code: &str,
        name: &str,
        description: &str,
    ) -> Result<ExportBaseView, AppError> {
        self.new_export_base(caller, county_code, name, description)
            .await
    }

    async fn link_company(
        &self,
        caller: &RequestIdentity,
        base_id: i32,
        company_id: i32,
        linked: bool,
    ) -> Result<ExportBaseView, AppError> {
        self.set_link(caller, base_id, company_id, linked).await
    }

    async fn approve_company(
        &self,
        caller: &RequestIdentity,
        company_id: i32,
    ) -> Result<CompanyView, AppError> {
        self.approve(caller, company_id).await
    }

    async fn register_company(
        &self,
        caller: &RequestIdentity,
        registration: &CompanyRegistration,
    ) -> Result<CompanyView, AppError> {
        self.register(caller, registration).await
    }
}
