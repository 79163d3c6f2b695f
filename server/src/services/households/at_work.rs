//! When a worker is at work (a placement or a local job running on a day), whose home is a
//! county, and the small readings of stored rows the household views share.

use crate::db::entities::{company, employer, household, local_job, placement, region, worker};
use crate::services::unexpected;
use app::api::AppError;
use app::domain::calendar::CalendarDate;
use app::domain::dashboard::is_working_age;
use app::domain::id_number::Sex;
use app::domain::local_job::LocalJobKind;
use app::domain::roster::PovertyStatus;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Workers whose home is `county`: their 户籍区县, or, when the roster does not say, their
/// company's county.
pub(crate) fn home_county_is(county: &str) -> Condition {
    Condition::any()
        .add(worker::Column::HouseholdCountyCode.eq(county))
        .add(
            Condition::all()
                .add(worker::Column::HouseholdCountyCode.is_null())
                .add(
                    worker::Column::CompanyId.in_subquery(
                        Query::select()
                            .column(company::Column::Id)
                            .from(company::Entity)
                            .and_where(company::Column::CountyCode.eq(county))
                            .to_owned(),
                    ),
                ),
        )
}

/// Workers (the `worker` table in the enclosing query) at work on `day`: a placement or a
/// local job that runs that day.
pub(crate) fn at_work_on(day: &str) -> Condition {
    let placement_runs = Query::select()
        .expr(Expr::val(1))
        .from(placement::Entity)
        .and_where(
            Expr::col((placement::Entity, placement::Column::WorkerId))
                .equals((worker::Entity, worker::Column::Id)),
        )
        .and_where(placement::Column::StartsOn.lte(day))
        .cond_where(
            Condition::any()
                .add(placement::Column::EndsOn.is_null())
                .add(placement::Column::EndsOn.gte(day)),
        )
        .to_owned();
    let local_job_runs = Query::select()
        .expr(Expr::val(1))
        .from(local_job::Entity)
        .and_where(
            Expr::col((local_job::Entity, local_job::Column::WorkerId))
                .equals((worker::Entity, worker::Column::Id)),
        )
        .and_where(local_job::Column::StartsOn.lte(day))
        .cond_where(
            Condition::any()
                .add(local_job::Column::EndsOn.is_null())
                .add(local_job::Column::EndsOn.gte(day)),
        )
        .to_owned();
    Condition::any()
        .add(Expr::exists(placement_runs))
        .add(Expr::exists(local_job_runs))
}

/// Households (the `household` table in the enclosing query) with a member at work on `day`.
pub(crate) fn household_at_work_on(day: &str) -> Expr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(worker::Entity)
            .and_where(
                Expr::col((worker::Entity, worker::Column::HouseholdNumber))
                    .equals((household::Entity, household::Column::Number)),
            )
            .cond_where(at_work_on(day))
            .to_owned(),
    )
}

/// What each of `workers` works at on `day`: 输出就业 · 北京市 · 京味楼 or 就地就业 · 扶贫车间 ·
/// its name. Workers not at work are absent.
pub(crate) async fn work_on(
    db: &DatabaseConnection,
    workers: &[i32],
    day: CalendarDate,
) -> Result<HashMap<i32, String>, AppError> {
    let fail = |e| unexpected("reading who is at work", e);
    let day = day.to_string();
    let mut work = HashMap::new();
    if workers.is_empty() {
        return Ok(work);
    }
    let running = |ends: Option<&String>| ends.is_none_or(|end| *end >= day);
    let local = local_job::Entity::find()
        .filter(local_job::Column::WorkerId.is_in(workers.iter().copied()))
        .filter(local_job::Column::StartsOn.lte(day.as_str()))
        .order_by_asc(local_job::Column::StartsOn)
        .all(db)
        .await
        .map_err(fail)?;
    for job in local.into_iter().filter(|j| running(j.ends_on.as_ref())) {
        let kind = LocalJobKind::parse(&job.kind).map_or("就地就业", LocalJobKind::label);
        work.insert(
            job.worker_id,
            format!("就地就业 · {kind} · {}", job.employer_name),
        );
    }
    let placements = placement::Entity::find()
        .filter(placement::Column::WorkerId.is_in(workers.iter().copied()))
        .filter(placement::Column::StartsOn.lte(day.as_str()))
        .order_by_asc(placement::Column::StartsOn)
        .all(db)
        .await
        .map_err(fail)?;
    let placements: Vec<placement::Model> = placements
        .into_iter()
        .filter(|p| running(p.ends_on.as_ref()))
        .collect();
    if placements.is_empty() {
        return Ok(work);
    }
    let employers: HashMap<i32, String> = employer::Entity::find()
        .filter(employer::Column::Id.is_in(placements.iter().map(|p| p.employer_id)))
        .all(db)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    let regions: HashMap<String, String> = region::Entity::find()
        .all(db)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    for p in placements {
        let place = regions
            .get(&p.region_code)
            .cloned()
            .unwrap_or(p.region_code);
        let employer = employers.get(&p.employer_id).cloned().unwrap_or_default();
        // A placement away from home is what the county counts first.
        work.insert(
            p.worker_id,
            format!("输出就业 · {place} · {employer} · {}", p.position),
        );
    }
    Ok(work)
}

pub(super) fn status_label(code: &str) -> String {
    PovertyStatus::from_code(code)
        .map(|s| s.label().to_string())
        .unwrap_or_default()
}

fn sex_of(code: &str) -> Sex {
    if code == "female" {
        Sex::Female
    } else {
        Sex::Male
    }
}

/// Age and whether of working age on `day`, from the stored birth date.
pub(crate) fn age_on(birth_date: &str, sex: &str, day: CalendarDate) -> (u16, bool) {
    match CalendarDate::parse(birth_date) {
        Ok(born) => (born.age_on(day), is_working_age(born, sex_of(sex), day)),
        Err(_) => (0, false),
    }
}
