//! The training and 技能鉴定 subsidy claims a result earns, computed in the result's
//! transaction and again by recomputation. Only a worker's free-once enrolment earns them,
//! so each is keyed by the worker: a worker is subsidised once, whatever is recorded later.

use crate::db::entities::{
    company, training_enrolment, training_institution, training_programme, worker,
};
use crate::services::subsidy::{
    NewClaim, count, county_of, load_versions, upsert_claim, withdraw_unsubmitted,
};
use app::api::types::RecomputeReport;
use app::domain::calendar::CalendarDate;
use app::domain::policy::version_in_force;
use app::domain::subsidy::ClaimKind;
use app::domain::training::{EnrolmentResult, TrainingType};
use app::domain::training_subsidy::{TraineeFacts, appraisal_subsidy, training_subsidy};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The claims' fact key: one per worker.
pub(crate) fn fact_key(worker_id: i32) -> String {
    format!("{worker_id}:free-training")
}

/// Free-once enrolments with a result: the facts recomputation walks.
pub(crate) async fn graded_enrolments(
    db: &impl ConnectionTrait,
) -> Result<Vec<training_enrolment::Model>, DbErr> {
    training_enrolment::Entity::find()
        .filter(training_enrolment::Column::FreeOnce.eq(true))
        .filter(training_enrolment::Column::Result.ne(EnrolmentResult::Pending.code()))
        .all(db)
        .await
}

/// Computes (or withdraws, while not submitted) the claims of one enrolment's result.
///
/// # Errors
/// Database errors.
pub(crate) async fn claims_for_enrolment(
    db: &impl ConnectionTrait,
    enrolment: &training_enrolment::Model,
) -> Result<RecomputeReport, DbErr> {
    let mut report = RecomputeReport::default();
    if !enrolment.free_once {
        return Ok(report);
    }
    let key = fact_key(enrolment.worker_id);
    let (Some(programme), Some(person)) = (
        training_programme::Entity::find_by_id(enrolment.programme_id)
            .one(db)
            .await?,
        worker::Entity::find_by_id(enrolment.worker_id)
            .one(db)
            .await?,
    ) else {
        return Ok(report);
    };
    let Some(day) = enrolment
        .result_on
        .as_deref()
        .and_then(|d| CalendarDate::parse(d).ok())
    else {
        return withdraw_both(db, &key).await;
    };
    let company_county = company::Entity::find_by_id(person.company_id)
        .one(db)
        .await?
        .map(|c| c.county_code)
        .unwrap_or_default();
    let county = county_of(&person, &company_county);
    let versions = load_versions(db).await?;
    let Some(version) = version_in_force(&versions, Some(&county), day) else {
        return withdraw_both(db, &key).await;
    };
    let institution = match programme.institution_id {
        Some(id) => training_institution::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|i| i.name),
        None => None,
    };
    let title = match &institution {
        Some(name) => format!("{}（{name}）", programme.title),
        None => programme.title.clone(),
    };
    let facts = TraineeFacts {
        programme: &title,
        training_type: TrainingType::parse(&programme.training_type)
            .unwrap_or(TrainingType::EmploymentSkills),
        programme_free: programme.free,
        free_once: enrolment.free_once,
        passed: enrolment.result == EnrolmentResult::Passed.code(),
        certificate_number: enrolment.certificate_number.as_deref(),
    };
    let rulings = [
        (
            ClaimKind::Training,
            training_subsidy(version.training(), &facts),
        ),
        (
            ClaimKind::SkillAppraisal,
            appraisal_subsidy(version.training(), &facts),
        ),
    ];
    for (kind, ruling) in rulings {
        let outcome = match ruling {
            Ok(ruling) => {
                upsert_claim(
                    db,
                    NewClaim {
                        kind,
                        fact_key: key.clone(),
                        worker_id: person.id,
                        company_id: person.company_id,
                        employer_id: None,
                        county_code: county.clone(),
                        period: None,
                        year: i32::from(day.year()),
                        amount_fen: ruling.amount_fen,
                        explanation: ruling.explanation,
                    },
                )
                .await?
            }
            Err(_) => withdraw_unsubmitted(db, kind, &key).await?,
        };
        count(&mut report, outcome);
    }
    Ok(report)
}

/// Takes back both claims while nobody has submitted them (a result taken back).
async fn withdraw_both(db: &impl ConnectionTrait, key: &str) -> Result<RecomputeReport, DbErr> {
    let mut report = RecomputeReport::default();
    for kind in [ClaimKind::Training, ClaimKind::SkillAppraisal] {
        count(&mut report, withdraw_unsubmitted(db, kind, key).await?);
    }
    Ok(report)
}
