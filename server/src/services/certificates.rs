//! A promoter's check of workers' certificates: those on the rosters of their county's
//! companies. A changed certificate goes back to unverified (see `services::roster`).

use super::brands::{BrandService, audit_entry, county_official, occupations_of};
use super::{begin_write, unexpected};
use crate::db::entities::{company, worker, worker_certificate};
use crate::search::change_log::{self, ChangeReason};
use app::api::context::RequestIdentity;
use app::api::types::CertificateReview;
use app::api::{AppError, ErrorCode};
use app::domain::brand::{CertificateFinding, CertificateStatus};
use app::domain::role::Scope;
use app::domain::roster::CertificateLevel;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use std::collections::HashMap;

/// The most a review list shows at once; the rest come after these are decided.
const REVIEW_PAGE: u64 = 200;

fn review_of(w: worker::Model, company_name: String) -> CertificateReview {
    let status = CertificateStatus::from_code(&w.certificate_status);
    CertificateReview {
        worker_id: w.id,
        certificate_id: None,
        version: w.version,
        worker_name: w.name,
        company_name,
        occupations: occupations_of(&w.occupations),
        level: w
            .certificate_level
            .as_deref()
            .and_then(CertificateLevel::from_code)
            .map(|l| l.label().to_string())
            .unwrap_or_default(),
        number: w.certificate_number,
        issuer: w.certificate_issuer,
        issued_on: w.certificate_date,
        status,
        status_label: status.label().to_string(),
        reject_reason: w.certificate_reject_reason,
    }
}

fn review_of_other(
    c: worker_certificate::Model,
    worker_name: String,
    version: i32,
    company_name: String,
) -> CertificateReview {
    let status = CertificateStatus::from_code(&c.status);
    CertificateReview {
        worker_id: c.worker_id,
        certificate_id: Some(c.id),
        version,
        worker_name,
        company_name,
        occupations: vec![c.occupation],
        level: CertificateLevel::from_code(&c.level)
            .map(|l| l.label().to_string())
            .unwrap_or_default(),
        number: c.number,
        issuer: c.issuer,
        issued_on: c.issued_on,
        status,
        status_label: status.label().to_string(),
        reject_reason: c.reject_reason,
    }
}

impl BrandService {
    /// The companies whose workers the caller may check: their county's, or all for admins.
    async fn companies_in_reach(
        &self,
        scope: &Scope,
    ) -> Result<HashMap<i32, company::Model>, AppError> {
        let mut query = company::Entity::find();
        match scope {
            Scope::City => {}
            Scope::County { code } => {
                query = query.filter(company::Column::CountyCode.eq(code.as_str()));
            }
            Scope::Company { .. } | Scope::Employer { .. } => {
                return Err(AppError::new(ErrorCode::Forbidden));
            }
        }
        Ok(query
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading companies", e))?
            .into_iter()
            .map(|c| (c.id, c))
            .collect())
    }

    pub(super) async fn list_certificates(
        &self,
        caller: &RequestIdentity,
        status: Option<CertificateStatus>,
    ) -> Result<Vec<CertificateReview>, AppError> {
        let user = county_official(caller)?;
        let companies = self.companies_in_reach(&user.scope).await?;
        let mut query = worker::Entity::find()
            .filter(worker::Column::CompanyId.is_in(companies.keys().copied()))
            .filter(worker::Column::Active.eq(true))
            .filter(worker::Column::CertificateLevel.is_not_null());
        if let Some(status) = status {
            query = query.filter(worker::Column::CertificateStatus.eq(status.code()));
        }
        let fail = |e| unexpected("listing certificates", e);
        let workers = query
            .order_by_asc(worker::Column::Id)
            .limit(REVIEW_PAGE)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let company_name = |id: i32| {
            companies
                .get(&id)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        };
        let mut reviews: Vec<CertificateReview> = workers
            .into_iter()
            .map(|w| {
                let name = company_name(w.company_id);
                review_of(w, name)
            })
            .collect();

        // Further certificates of the same companies' active workers.
        let active_workers = worker::Entity::find()
            .select_only()
            .column(worker::Column::Id)
            .filter(worker::Column::CompanyId.is_in(companies.keys().copied()))
            .filter(worker::Column::Active.eq(true));
        let mut others = worker_certificate::Entity::find()
            .filter(worker_certificate::Column::WorkerId.in_subquery(active_workers.into_query()));
        if let Some(status) = status {
            others = others.filter(worker_certificate::Column::Status.eq(status.code()));
        }
        let others = others
            .order_by_asc(worker_certificate::Column::Id)
            .limit(REVIEW_PAGE)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let holders: HashMap<i32, (String, i32, i32)> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(others.iter().map(|c| c.worker_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, (w.name, w.company_id, w.version)))
            .collect();
        reviews.extend(others.into_iter().filter_map(|c| {
            let (name, company, version) = holders.get(&c.worker_id)?.clone();
            Some(review_of_other(c, name, version, company_name(company)))
        }));
        Ok(reviews)
    }

    pub(super) async fn record_finding(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
        certificate_id: Option<i32>,
        seen_version: Option<i32>,
        finding: CertificateFinding,
    ) -> Result<CertificateReview, AppError> {
        let user = county_official(caller)?;
        let companies = self.companies_in_reach(&user.scope).await?;
        let fail = |e| unexpected("recording a certificate check", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        // A worker outside the caller's county is "not found": ids reveal nothing.
        let w = worker::Entity::find_by_id(worker_id)
            .filter(worker::Column::CompanyId.is_in(companies.keys().copied()))
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        if let Some(certificate_id) = certificate_id {
            return self
                .record_other_finding(caller, user.id, w, certificate_id, finding, txn, companies)
                .await;
        }
        if w.certificate_level.is_none() {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                "该工人没有登记职业技能证书",
            ));
        }
        let company_name = companies
            .get(&w.company_id)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let reason = match &finding {
            CertificateFinding::Verified => None,
            CertificateFinding::Rejected { reason } => Some(reason.clone()),
        };
        if seen_version.is_some_and(|seen| seen != w.version) {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                "劳务公司刚修改了这名工人的信息，请刷新后重新核验",
            ));
        }
        // Compare-and-set on the version: a change committed after the read is not verified.
        let version = w.version;
        let changed = worker::Entity::update_many()
            .set(worker::ActiveModel {
                certificate_status: Set(finding.status().code().to_string()),
                certificate_checked_by: Set(Some(user.id)),
                certificate_checked_at: Set(Some(Utc::now())),
                certificate_reject_reason: Set(reason.clone()),
                ..Default::default()
            })
            .filter(worker::Column::Id.eq(w.id))
            .filter(worker::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if changed.rows_affected != 1 {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                "劳务公司刚修改了这名工人的信息，请刷新后重新核验",
            ));
        }
        let updated = worker::Entity::find_by_id(w.id)
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(AppError::internal)?;
        super::audit::record(
            &txn,
            audit_entry(
                caller,
                "certificate.check",
                format!("worker:{worker_id}"),
                Some(format!(
                    "{} {}",
                    finding.status().code(),
                    reason.unwrap_or_default()
                )),
            ),
        )
        .await
        .map_err(fail)?;
        change_log::log_workers(&txn, &[worker_id], ChangeReason::Certificate)
            .await
            .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(review_of(updated, company_name))
    }
}

impl BrandService {
    /// Records a finding on one of a worker's further certificates (inside `txn`).
    #[allow(clippy::too_many_arguments)]
    async fn record_other_finding(
        &self,
        caller: &RequestIdentity,
        checker: i32,
        holder: worker::Model,
        certificate_id: i32,
        finding: CertificateFinding,
        txn: sea_orm::DatabaseTransaction,
        companies: HashMap<i32, company::Model>,
    ) -> Result<CertificateReview, AppError> {
        let fail = |e| unexpected("recording a certificate check", e);
        let certificate = worker_certificate::Entity::find_by_id(certificate_id)
            .filter(worker_certificate::Column::WorkerId.eq(holder.id))
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        let reason = match &finding {
            CertificateFinding::Verified => None,
            CertificateFinding::Rejected { reason } => Some(reason.clone()),
        };
        let mut active: worker_certificate::ActiveModel = certificate.into();
        active.status = Set(finding.status().code().to_string());
        active.checked_by = Set(Some(checker));
        active.checked_at = Set(Some(Utc::now()));
        active.reject_reason = Set(reason.clone());
        let updated = active.update(&txn).await.map_err(fail)?;
        super::audit::record(
            &txn,
            audit_entry(
                caller,
                "certificate.check",
                format!("worker:{}", holder.id),
                Some(format!(
                    "certificate={certificate_id} {} {}",
                    finding.status().code(),
                    reason.unwrap_or_default()
                )),
            ),
        )
        .await
        .map_err(fail)?;
        change_log::log_workers(&txn, &[holder.id], ChangeReason::Certificate)
            .await
            .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        let company_name = companies
            .get(&holder.company_id)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        Ok(review_of_other(
            updated,
            holder.name,
            holder.version,
            company_name,
        ))
    }
}
