//! One worker as their company works with them: the worker page, the add/edit form, and the
//! audited reveal of the full ID and phone number.

use super::audit::{self, AuditEntry};
use super::roster::{Actor, RosterService};
use super::{begin_write, unexpected};
use crate::crypto::PiiKind;
use crate::db::entities::{audit_log, worker, worker_certificate};
use crate::search::change_log::{self, ChangeReason};
use app::api::context::RequestIdentity;
use app::api::types::{CertificateView, RevealedContact, WorkerDetail, WorkerInput};
use app::api::{AppError, ErrorCode};
use app::domain::brand::CertificateStatus;
use app::domain::money::Fen;
use app::domain::roster::Education;
use app::domain::roster::{CertificateForm, CertificateLevel, PovertyStatus};
use chrono::{Duration, NaiveTime, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

/// Reveals of full ID and phone numbers per user per day (security.md P3): enough for a day's
/// contract paperwork, few enough that a stolen session cannot harvest a roster.
pub const REVEALS_PER_USER_PER_DAY: u32 = 50;

const REVEAL_ACTION: &str = "worker.reveal";

impl Actor {
    pub fn of(caller: &RequestIdentity) -> Self {
        Actor {
            user_id: caller.user.as_ref().map(|u| u.id),
            role: caller.user.as_ref().map(|u| u.role.code().to_string()),
            client_ip: Some(caller.client_ip.to_string()),
        }
    }
}

impl RosterService {
    /// The worker page's view of a stored worker.
    pub async fn detail(&self, company_id: i32, worker_id: i32) -> Result<WorkerDetail, AppError> {
        let model = self.own_worker(company_id, worker_id).await?;
        let reference = self.reference().await?;
        let others = worker_certificate::Entity::find()
            .filter(worker_certificate::Column::WorkerId.eq(worker_id))
            .order_by_asc(worker_certificate::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading certificates", e))?;
        let mut detail = detail_of(model, &reference);
        detail.other_certificates = others.into_iter().map(certificate_view).collect();
        Ok(detail)
    }

    /// Adds a further certificate to one of the company's workers; it starts unverified.
    ///
    /// # Errors
    /// `NotFound` for another company's worker; `InvalidInput` naming the field.
    pub async fn add_certificate(
        &self,
        company_id: i32,
        actor: &Actor,
        worker_id: i32,
        form: &CertificateForm,
    ) -> Result<WorkerDetail, AppError> {
        self.ensure_may_keep_roster(company_id).await?;
        let checked = form.check(crate::clock::shanghai_today())?;
        self.own_worker(company_id, worker_id).await?;
        let fail = |e| unexpected("adding a certificate", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let certificate = checked.certificate;
        let inserted = worker_certificate::ActiveModel {
            worker_id: Set(worker_id),
            occupation: Set(checked.occupation),
            level: Set(certificate.level.code().to_string()),
            number: Set(certificate.number),
            issuer: Set(certificate.issuer),
            issued_on: Set(certificate.issued_on.map(|d| d.to_string())),
            status: Set(CertificateStatus::Unverified.code().to_string()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(fail)?;
        audit::record(
            &txn,
            certificate_audit("certificate.add", worker_id, inserted.id, actor),
        )
        .await
        .map_err(fail)?;
        change_log::log_workers(&txn, &[worker_id], ChangeReason::Certificate)
            .await
            .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.detail(company_id, worker_id).await
    }

    /// Removes one of a worker's further certificates.
    ///
    /// # Errors
    /// `NotFound` for another company's worker or certificate.
    pub async fn remove_certificate(
        &self,
        company_id: i32,
        actor: &Actor,
        worker_id: i32,
        certificate_id: i32,
    ) -> Result<WorkerDetail, AppError> {
        self.own_worker(company_id, worker_id).await?;
        let fail = |e| unexpected("removing a certificate", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let removed = worker_certificate::Entity::delete_many()
            .filter(worker_certificate::Column::Id.eq(certificate_id))
            .filter(worker_certificate::Column::WorkerId.eq(worker_id))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if removed.rows_affected == 0 {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        audit::record(
            &txn,
            certificate_audit("certificate.remove", worker_id, certificate_id, actor),
        )
        .await
        .map_err(fail)?;
        change_log::log_workers(&txn, &[worker_id], ChangeReason::Certificate)
            .await
            .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.detail(company_id, worker_id).await
    }

    /// Adds or edits from a form. When editing, an empty ID or phone number keeps the stored
    /// one, so the form never needs the plaintext.
    pub async fn save_from_form(
        &self,
        company_id: i32,
        actor: &Actor,
        worker_id: Option<i32>,
        mut input: WorkerInput,
    ) -> Result<WorkerDetail, AppError> {
        let id = match worker_id {
            None => self.add_worker(company_id, actor, &input).await?.id,
            Some(id) => {
                if input.id_number.trim().is_empty() || input.phone.trim().is_empty() {
                    let current = self.own_worker(company_id, id).await?;
                    if input.id_number.trim().is_empty() {
                        input.id_number = self
                            .vault
                            .decrypt(PiiKind::IdNumber, &current.id_number_enc)
                            .map_err(|e| unexpected("decrypting an ID number", e))?;
                    }
                    if input.phone.trim().is_empty() {
                        input.phone = self
                            .vault
                            .decrypt(PiiKind::Phone, &current.phone_enc)
                            .map_err(|e| unexpected("decrypting a phone number", e))?;
                    }
                }
                self.edit_worker(company_id, actor, id, &input).await?.id
            }
        };
        self.detail(company_id, id).await
    }

    /// The full ID and phone number of one of the company's workers, for a stated purpose.
    /// Every reveal is one audit row; the rows also count towards the daily cap.
    pub async fn reveal_contact(
        &self,
        company_id: i32,
        actor: &Actor,
        worker_id: i32,
        purpose: &str,
    ) -> Result<RevealedContact, AppError> {
        let purpose = purpose.trim();
        if purpose.chars().count() < 2 || purpose.chars().count() > 100 {
            return Err(AppError::invalid(
                "purpose",
                "请说明查看完整号码的用途（2–100 个字），例如 办理社保",
            ));
        }
        let user_id = actor
            .user_id
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
        let fail = |e| unexpected("revealing a worker's contact", e);
        let model = self.own_worker(company_id, worker_id).await?;
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let used = audit_log::Entity::find()
            .filter(audit_log::Column::ActorUserId.eq(user_id))
            .filter(audit_log::Column::Action.eq(REVEAL_ACTION))
            .filter(audit_log::Column::At.gte(start_of_shanghai_day()))
            .count(&txn)
            .await
            .map_err(fail)?;
        let used = u32::try_from(used).unwrap_or(u32::MAX);
        if used >= REVEALS_PER_USER_PER_DAY {
            return Err(AppError::with_message(
                ErrorCode::RateLimited,
                format!("今天已查看 {REVEALS_PER_USER_PER_DAY} 次完整号码，已达上限，请明天再试"),
            ));
        }
        let id_number = self
            .vault
            .decrypt(PiiKind::IdNumber, &model.id_number_enc)
            .map_err(|e| unexpected("decrypting an ID number", e))?;
        let phone = self
            .vault
            .decrypt(PiiKind::Phone, &model.phone_enc)
            .map_err(|e| unexpected("decrypting a phone number", e))?;
        audit::record(
            &txn,
            actor.audit(
                REVEAL_ACTION,
                format!("worker:{worker_id}"),
                Some(format!("purpose={purpose}")),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(RevealedContact {
            id_number,
            phone,
            remaining_today: REVEALS_PER_USER_PER_DAY - used - 1,
        })
    }
}

/// Midnight in Asia/Shanghai (UTC+8) today, as a UTC instant.
fn start_of_shanghai_day() -> chrono::DateTime<Utc> {
    let local = Utc::now() + Duration::hours(8);
    let midnight = local.date_naive().and_time(NaiveTime::MIN);
    Utc.from_utc_datetime(&midnight) - Duration::hours(8)
}

fn detail_of(model: worker::Model, reference: &app::domain::roster::ReferenceData) -> WorkerDetail {
    let household_county_name = model
        .household_county_code
        .as_ref()
        .and_then(|code| reference.county_names.get(code).cloned());
    let target_region_names = model
        .target_regions
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|code| {
            reference
                .region_names
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.to_string())
        })
        .collect();
    WorkerDetail {
        household_county_code: model.household_county_code.clone(),
        household_county_name,
        poverty_registered: model.poverty_registered,
        household_number: model.household_number.clone(),
        poverty_status: model
            .poverty_status
            .as_deref()
            .and_then(PovertyStatus::from_code)
            .map(|s| s.label().to_string()),
        education: model
            .education
            .as_deref()
            .and_then(Education::from_code)
            .map(|e| e.label().to_string()),
        training_wish: model.training_wish,
        employment_wish: model.employment_wish,
        certificate_number: model.certificate_number.clone(),
        certificate_issuer: model.certificate_issuer.clone(),
        certificate_date: model.certificate_date.clone(),
        years_experience: model.years_experience.and_then(|y| u8::try_from(y).ok()),
        expected_wage: model.expected_wage_fen.map(|f| Fen(f).to_string()),
        target_region_names,
        available_from: model.available_from.clone(),
        bio: model.bio.clone(),
        consent_at: model.consent_at.map(|at| at.to_rfc3339()),
        consent_method: model.consent_method.clone(),
        consent_scope: model.consent_scope.clone(),
        other_certificates: Vec::new(),
        entry: super::roster::entry_of(model),
    }
}

fn certificate_audit(
    action: &'static str,
    worker_id: i32,
    certificate_id: i32,
    actor: &Actor,
) -> AuditEntry {
    actor.audit(
        action,
        format!("worker:{worker_id}"),
        Some(format!("certificate={certificate_id}")),
    )
}

pub(super) fn certificate_view(c: worker_certificate::Model) -> CertificateView {
    let status = CertificateStatus::from_code(&c.status);
    CertificateView {
        id: c.id,
        level: CertificateLevel::from_code(&c.level)
            .map(|l| l.label().to_string())
            .unwrap_or_default(),
        occupation: c.occupation,
        number: c.number,
        issuer: c.issuer,
        issued_on: c.issued_on,
        status,
        status_label: status.label().to_string(),
        reject_reason: c.reject_reason,
    }
}
