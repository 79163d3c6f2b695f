//! Enrolment under the free-once rule, results (a pass with a certificate number creates an
//! unverified certificate on the worker) and a worker's trainings.

use super::{TrainingService, date, keeps_worker, manages, result_of, signed_in};
use crate::db::entities::{
    company, subsidy_claim, training_enrolment, training_programme, worker, worker_certificate,
};
use crate::search::change_log::{self, ChangeReason};
use crate::services::brands::audit_entry;
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::training::{EnrolForm, EnrolmentView};
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::brand::CertificateStatus;
use app::domain::subsidy::{ClaimKind, ClaimState};
use app::domain::training::{EnrolmentResult, ProgrammeStatus, ResultForm, free_once};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

impl TrainingService {
    pub(super) async fn enrolment_views(
        &self,
        user: Option<&SessionUser>,
        rows: Vec<training_enrolment::Model>,
    ) -> Result<Vec<EnrolmentView>, AppError> {
        let fail = |e| unexpected("loading enrolments", e);
        let (people, companies) = self.people_of(&rows).await?;
        let programmes: HashMap<i32, training_programme::Model> =
            training_programme::Entity::find()
                .filter(training_programme::Column::Id.is_in(rows.iter().map(|e| e.programme_id)))
                .all(&self.db)
                .await
                .map_err(fail)?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        Ok(rows
            .into_iter()
            .map(|e| {
                let person = people.get(&e.worker_id);
                let programme = programmes.get(&e.programme_id);
                let result = result_of(&e.result);
                EnrolmentView {
                    id: e.id,
                    programme_id: e.programme_id,
                    programme_title: programme.map(|p| p.title.clone()).unwrap_or_default(),
                    worker_id: e.worker_id,
                    worker_name: person.map(|p| p.name.clone()).unwrap_or_default(),
                    company_name: person
                        .and_then(|p| companies.get(&p.company_id))
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    free_once: e.free_once,
                    repeat_reason: e.repeat_reason,
                    attendance_percent: e.attendance_percent,
                    result: result.code().to_string(),
                    result_label: result.label().to_string(),
                    score: e.score,
                    certificate_number: e.certificate_number,
                    certificate_id: e.certificate_id,
                    result_on: e.result_on,
                    can_grade: programme.is_some_and(|p| manages(user, p)),
                    version: e.version,
                }
            })
            .collect())
    }

    /// The worker and company if the caller keeps the worker (else not found).
    async fn kept_worker(
        &self,
        user: &SessionUser,
        worker_id: i32,
    ) -> Result<(worker::Model, company::Model), AppError> {
        let fail = |e| unexpected("loading a worker", e);
        let not_found = || AppError::invalid("worker_id", "找不到该劳动者，或不在您的花名册/本县");
        let person = worker::Entity::find_by_id(worker_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let company = company::Entity::find_by_id(person.company_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        if !keeps_worker(user, &person, &company) {
            return Err(not_found());
        }
        Ok((person, company))
    }

    pub(super) async fn enrol_worker(
        &self,
        caller: &RequestIdentity,
        programme_id: i32,
        form: &EnrolForm,
    ) -> Result<EnrolmentView, AppError> {
        let user = signed_in(caller)?;
        let programme = self.readable(Some(user), programme_id).await?;
        let today = crate::clock::shanghai_today();
        if programme.status != ProgrammeStatus::Published.code() {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                "培训班未发布或已取消，不能报名",
            ));
        }
        if date(&programme.ends_on).is_none_or(|end| end < today) {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                "培训班已结业，不能报名",
            ));
        }
        let (person, _) = self.kept_worker(user, form.worker_id).await?;
        if !person.active {
            return Err(AppError::invalid("worker_id", "该劳动者已停用，不能报名"));
        }
        let fail = |e| unexpected("enrolling a worker", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        // Seats and the free-once rule are read, then written: enrolments into one programme,
        // and of one worker, take their turn (SQLite's write transaction already serialises).
        if txn.get_database_backend() == DbBackend::Postgres {
            training_programme::Entity::find_by_id(programme_id)
                .lock_exclusive()
                .one(&txn)
                .await
                .map_err(fail)?;
            worker::Entity::find_by_id(person.id)
                .lock_exclusive()
                .one(&txn)
                .await
                .map_err(fail)?;
        }
        let enrolled = training_enrolment::Entity::find()
            .filter(training_enrolment::Column::ProgrammeId.eq(programme_id))
            .count(&txn)
            .await
            .map_err(fail)?;
        if enrolled >= u64::try_from(programme.seats).unwrap_or(0) {
            return Err(AppError::with_message(ErrorCode::Conflict, "名额已满"));
        }
        let earlier = training_enrolment::Entity::find()
            .filter(training_enrolment::Column::WorkerId.eq(person.id))
            .all(&txn)
            .await
            .map_err(fail)?;
        if earlier.iter().any(|e| e.programme_id == programme_id) {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                format!("{} 已报名该培训班", person.name),
            ));
        }
        let earlier_free = training_programme::Entity::find()
            .filter(training_programme::Column::Id.is_in(earlier.iter().map(|e| e.programme_id)))
            .filter(training_programme::Column::Free.eq(true))
            .filter(training_programme::Column::Status.ne(ProgrammeStatus::Cancelled.code()))
            .order_by_asc(training_programme::Column::StartsOn)
            .one(&txn)
            .await
            .map_err(fail)?;
        let reason = form
            .repeat_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if reason.is_some_and(|r| r.chars().count() > 200) {
            return Err(AppError::invalid("repeat_reason", "原因最多 200 字"));
        }
        let counts = free_once(
            programme.free,
            earlier_free.as_ref().map(|p| p.title.as_str()),
            reason,
        )
        .map_err(|e| AppError::invalid("repeat_reason", e.to_string()))?;
        let now = Utc::now();
        let saved = training_enrolment::ActiveModel {
            programme_id: Set(programme_id),
            worker_id: Set(person.id),
            enrolled_by: Set(Some(user.id)),
            free_once: Set(counts),
            repeat_reason: Set(earlier_free.and(reason.map(str::to_string))),
            attendance_percent: Set(None),
            result: Set(EnrolmentResult::Pending.code().to_string()),
            score: Set(None),
            certificate_number: Set(None),
            certificate_id: Set(None),
            result_on: Set(None),
            result_by: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                AppError::with_message(ErrorCode::Conflict, "已报名该培训班")
            }
            _ => fail(e),
        })?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "training.enrol",
                format!("worker:{}", person.id),
                Some(format!(
                    "training_programme:{programme_id} free_once={counts}{}",
                    reason.map(|r| format!(" reason={r}")).unwrap_or_default()
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self
            .enrolment_views(Some(user), vec![saved])
            .await?
            .remove(0))
    }

    pub(super) async fn grade(
        &self,
        caller: &RequestIdentity,
        enrolment_id: i32,
        version: i32,
        form: &ResultForm,
    ) -> Result<EnrolmentView, AppError> {
        let user = signed_in(caller)?;
        let fail = |e| unexpected("recording a training result", e);
        let enrolment = training_enrolment::Entity::find_by_id(enrolment_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        let programme = self.managed(caller, enrolment.programme_id).await?;
        let starts_on = date(&programme.starts_on).ok_or_else(AppError::internal)?;
        let checked = form.check(crate::clock::shanghai_today(), starts_on)?;
        if enrolment.version != version {
            return Err(AppError::new(ErrorCode::Conflict));
        }
        let txn = begin_write(&self.db).await.map_err(fail)?;
        if enrolment.free_once
            && claims_locked(&txn, enrolment.worker_id)
                .await
                .map_err(fail)?
        {
            let unchanged = result_of(&enrolment.result) == checked.result
                && enrolment.certificate_number.as_deref()
                    == checked.certificate.as_ref().map(|(n, _)| n.as_str());
            if !unchanged {
                return Err(AppError::with_message(
                    ErrorCode::Conflict,
                    "培训补贴已提交审核，不能再更改考核结果或证书",
                ));
            }
        }
        let certificate_id = self
            .certificate_for(&txn, &enrolment, &programme, &checked)
            .await?;
        let updated = training_enrolment::Entity::update_many()
            .set(training_enrolment::ActiveModel {
                attendance_percent: Set(checked.attendance_percent),
                result: Set(checked.result.code().to_string()),
                score: Set(checked.score),
                certificate_number: Set(checked.certificate.as_ref().map(|(n, _)| n.clone())),
                certificate_id: Set(certificate_id),
                result_on: Set(checked.result_on.map(|d| d.to_string())),
                result_by: Set(Some(user.id)),
                version: Set(version + 1),
                updated_at: Set(Utc::now()),
                ..Default::default()
            })
            .filter(training_enrolment::Column::Id.eq(enrolment_id))
            .filter(training_enrolment::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if updated.rows_affected != 1 {
            return Err(AppError::new(ErrorCode::Conflict));
        }
        let saved = training_enrolment::Entity::find_by_id(enrolment_id)
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(AppError::internal)?;
        super::claims::claims_for_enrolment(&txn, &saved)
            .await
            .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "training.result",
                format!("worker:{}", saved.worker_id),
                Some(format!(
                    "training_enrolment:{enrolment_id} result={} certificate={}",
                    saved.result,
                    saved.certificate_number.as_deref().unwrap_or("-")
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self
            .enrolment_views(Some(user), vec![saved])
            .await?
            .remove(0))
    }

    /// Keeps the worker's certificate in step with the result: created (unverified) for a
    /// pass with a number, replaced when the number changes, removed when the pass is taken
    /// back; a certificate a promoter already checked is never changed.
    async fn certificate_for(
        &self,
        txn: &DatabaseTransaction,
        enrolment: &training_enrolment::Model,
        programme: &training_programme::Model,
        checked: &app::domain::training::CheckedResult,
    ) -> Result<Option<i32>, AppError> {
        let fail = |e| unexpected("keeping a training certificate", e);
        let wanted = checked.certificate.as_ref();
        if let Some(id) = enrolment.certificate_id {
            let current = worker_certificate::Entity::find_by_id(id)
                .one(txn)
                .await
                .map_err(fail)?;
            if let Some(current) = current {
                let same = wanted.is_some_and(|(number, level)| {
                    current.number.as_deref() == Some(number.as_str())
                        && current.level == level.code()
                });
                if same {
                    return Ok(Some(id));
                }
                if current.status != CertificateStatus::Unverified.code() {
                    return Err(AppError::with_message(
                        ErrorCode::Conflict,
                        "该证书已由推广员核验，不能再更改",
                    ));
                }
                worker_certificate::Entity::delete_by_id(id)
                    .exec(txn)
                    .await
                    .map_err(fail)?;
            }
        }
        let Some((number, level)) = wanted else {
            if enrolment.certificate_id.is_some() {
                change_log::log_workers(txn, &[enrolment.worker_id], ChangeReason::Certificate)
                    .await
                    .map_err(fail)?;
            }
            return Ok(None);
        };
        let institution = match programme.institution_id {
            Some(id) => crate::db::entities::training_institution::Entity::find_by_id(id)
                .one(txn)
                .await
                .map_err(fail)?
                .map(|i| i.name),
            None => None,
        };
        let inserted = worker_certificate::ActiveModel {
            worker_id: Set(enrolment.worker_id),
            occupation: Set(programme.occupation.clone()),
            level: Set(level.code().to_string()),
            number: Set(Some(number.clone())),
            issuer: Set(institution),
            issued_on: Set(checked.result_on.map(|d| d.to_string())),
            status: Set(CertificateStatus::Unverified.code().to_string()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(fail)?;
        change_log::log_workers(txn, &[enrolment.worker_id], ChangeReason::Certificate)
            .await
            .map_err(fail)?;
        Ok(Some(inserted.id))
    }

    pub(super) async fn trainings_of(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<Vec<EnrolmentView>, AppError> {
        let user = signed_in(caller)?;
        self.kept_worker(user, worker_id)
            .await
            .map_err(|_| AppError::new(ErrorCode::NotFound))?;
        let rows = training_enrolment::Entity::find()
            .filter(training_enrolment::Column::WorkerId.eq(worker_id))
            .order_by_asc(training_enrolment::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading a worker's trainings", e))?;
        self.enrolment_views(Some(user), rows).await
    }
}

/// Whether the worker's training claims went beyond computed (submitted, approved, paid).
async fn claims_locked(txn: &DatabaseTransaction, worker_id: i32) -> Result<bool, sea_orm::DbErr> {
    let key = super::claims::fact_key(worker_id);
    let locked = subsidy_claim::Entity::find()
        .filter(
            subsidy_claim::Column::Kind
                .is_in([ClaimKind::Training.code(), ClaimKind::SkillAppraisal.code()]),
        )
        .filter(subsidy_claim::Column::FactKey.eq(key))
        .filter(
            subsidy_claim::Column::State
                .is_not_in([ClaimState::Computed.code(), ClaimState::Rejected.code()]),
        )
        .count(txn)
        .await?;
    Ok(locked > 0)
}
