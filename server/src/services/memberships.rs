//! Brand membership (加盟): a company applies, a promoter of the brand's county decides.
//! The rules of which decision applies when are in `app::domain::brand::MembershipStatus`.

use super::brands::{BrandService, audit_entry, county_label, signed_in};
use super::{begin_write, unexpected};
use crate::db::entities::{brand, brand_membership, company};
use crate::search::change_log::{self, ChangeReason};
use app::api::context::RequestIdentity;
use app::api::types::MembershipView;
use app::api::{AppError, ErrorCode};
use app::domain::brand::{MembershipDecision, MembershipStatus, manages_county};
use app::domain::role::{Role, Scope};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

fn membership_error(e: app::domain::brand::MembershipError) -> AppError {
    AppError::with_message(ErrorCode::Conflict, e.to_string())
}

impl BrandService {
    async fn views(
        &self,
        rows: Vec<brand_membership::Model>,
    ) -> Result<Vec<MembershipView>, AppError> {
        let fail = |e| unexpected("loading memberships", e);
        let counties = super::county_names(&self.db).await.map_err(fail)?;
        let brands: HashMap<i32, brand::Model> = brand::Entity::find()
            .filter(brand::Column::Id.is_in(rows.iter().map(|m| m.brand_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
        let companies: HashMap<i32, company::Model> = company::Entity::find()
            .filter(company::Column::Id.is_in(rows.iter().map(|m| m.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(|m| {
                let b = brands.get(&m.brand_id)?;
                let c = companies.get(&m.company_id)?;
                let status = MembershipStatus::parse(&m.status)?;
                Some(MembershipView {
                    id: m.id,
                    brand_slug: b.slug.clone(),
                    brand_name: b.name.clone(),
                    company_id: c.id,
                    company_name: c.name.clone(),
                    company_county_name: county_label(&counties, Some(&c.county_code)),
                    status,
                    status_label: status.label().to_string(),
                    reason: m.reason,
                    applied_at: m.applied_at.to_rfc3339(),
                    decided_at: m.decided_at.map(|at| at.to_rfc3339()),
                })
            })
            .collect())
    }

    async fn view(&self, id: i32) -> Result<MembershipView, AppError> {
        let row = brand_membership::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a membership", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        self.views(vec![row])
            .await?
            .pop()
            .ok_or_else(AppError::internal)
    }

    pub(super) async fn apply(
        &self,
        caller: &RequestIdentity,
        slug: &str,
    ) -> Result<MembershipView, AppError> {
        let user = signed_in(caller)?;
        let Scope::Company { id: company_id } = user.scope else {
            return Err(AppError::new(ErrorCode::Forbidden));
        };
        let fail = |e| unexpected("applying for membership", e);
        let b = brand::Entity::find()
            .filter(brand::Column::Slug.eq(slug.trim()))
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::with_message(ErrorCode::NotFound, "没有这个劳务品牌"))?;
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let existing = brand_membership::Entity::find()
            .filter(brand_membership::Column::BrandId.eq(b.id))
            .filter(brand_membership::Column::CompanyId.eq(company_id))
            .one(&txn)
            .await
            .map_err(fail)?;
        let now = Utc::now();
        let id = match existing {
            Some(row) => {
                let status = MembershipStatus::parse(&row.status)
                    .unwrap_or(MembershipStatus::Pending)
                    .apply_again()
                    .map_err(membership_error)?;
                let id = row.id;
                let mut active: brand_membership::ActiveModel = row.into();
                active.status = Set(status.code().to_string());
                active.reason = Set(None);
                active.applied_at = Set(now);
                active.decided_by = Set(None);
                active.decided_at = Set(None);
                active.update(&txn).await.map_err(fail)?;
                id
            }
            None => {
                brand_membership::ActiveModel {
                    brand_id: Set(b.id),
                    company_id: Set(company_id),
                    status: Set(MembershipStatus::Pending.code().to_string()),
                    applied_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(|e| match e.sql_err() {
                    // The same company applied twice at once.
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                        membership_error(app::domain::brand::MembershipError::AlreadyPending)
                    }
                    _ => fail(e),
                })?
                .id
            }
        };
        super::audit::record(
            &txn,
            audit_entry(
                caller,
                "membership.apply",
                format!("membership:{id}"),
                Some(format!("brand={} company={company_id}", b.slug)),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.view(id).await
    }

    pub(super) async fn list_memberships(
        &self,
        caller: &RequestIdentity,
        status: Option<MembershipStatus>,
    ) -> Result<Vec<MembershipView>, AppError> {
        let user = signed_in(caller)?;
        let fail = |e| unexpected("listing memberships", e);
        let mut query =
            brand_membership::Entity::find().order_by_desc(brand_membership::Column::AppliedAt);
        if let Some(status) = status {
            query = query.filter(brand_membership::Column::Status.eq(status.code()));
        }
        query = match (&user.role, &user.scope) {
            (Role::Admin, _) => query,
            (Role::Company, Scope::Company { id }) => {
                query.filter(brand_membership::Column::CompanyId.eq(*id))
            }
            (Role::Promoter, Scope::County { code }) => {
                let brand_ids: Vec<i32> = brand::Entity::find()
                    .filter(brand::Column::CountyCode.eq(code.as_str()))
                    .all(&self.db)
                    .await
                    .map_err(fail)?
                    .into_iter()
                    .map(|b| b.id)
                    .collect();
                query.filter(brand_membership::Column::BrandId.is_in(brand_ids))
            }
            _ => return Err(AppError::new(ErrorCode::Forbidden)),
        };
        let rows = query.all(&self.db).await.map_err(fail)?;
        self.views(rows).await
    }

    pub(super) async fn decide(
        &self,
        caller: &RequestIdentity,
        membership_id: i32,
        decision: MembershipDecision,
        reason: Option<String>,
    ) -> Result<MembershipView, AppError> {
        let user = super::brands::county_official(caller)?;
        let fail = |e| unexpected("deciding a membership", e);
        let reason = reason
            .map(|r| r.trim().chars().take(200).collect::<String>())
            .filter(|r| !r.is_empty());
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let row = brand_membership::Entity::find_by_id(membership_id)
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        let b = brand::Entity::find_by_id(row.brand_id)
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(AppError::internal)?;
        // Another county's membership is "not found" to a promoter: ids reveal nothing.
        if !manages_county(&user.scope, b.county_code.as_deref()) {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        let from = MembershipStatus::parse(&row.status).ok_or_else(AppError::internal)?;
        let to = match from.decide(decision, reason.as_deref()) {
            Ok(to) => to,
            Err(app::domain::brand::MembershipError::ReasonRequired) => {
                return Err(AppError::invalid("reason", "驳回或暂停须填写理由"));
            }
            Err(e) => return Err(membership_error(e)),
        };
        // Compare-and-set on the status decided from: of two promoters deciding at once, the
        // second is told the application has moved on.
        let changed = brand_membership::Entity::update_many()
            .set(brand_membership::ActiveModel {
                status: Set(to.code().to_string()),
                reason: Set(reason.clone()),
                decided_by: Set(Some(user.id)),
                decided_at: Set(Some(Utc::now())),
                ..Default::default()
            })
            .filter(brand_membership::Column::Id.eq(membership_id))
            .filter(brand_membership::Column::Status.eq(from.code()))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if changed.rows_affected != 1 {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                "这条加盟申请刚被他人处理，请刷新后再看",
            ));
        }
        super::audit::record(
            &txn,
            audit_entry(
                caller,
                "membership.decide",
                format!("membership:{membership_id}"),
                Some(format!(
                    "{}→{} {}",
                    from.code(),
                    to.code(),
                    reason.unwrap_or_default()
                )),
            ),
        )
        .await
        .map_err(fail)?;
        // Approval puts the company's workers in search; suspension takes them out.
        change_log::log_company_workers(&txn, &[row.company_id], None, ChangeReason::Membership)
            .await
            .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.view(membership_id).await
    }
}
