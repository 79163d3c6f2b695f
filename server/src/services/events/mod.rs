//! Events 活动: job fairs and skill competitions. The organising county's promoters (and
//! admins) create them and record competition results; employers join fairs; companies sign
//! their workers up. A hire request may name the fair it came from, which is how a fair's
//! outcome is counted. Awards are attested: only an organiser records them.

mod awards;
mod catalogue;
mod figures;
mod sign_ups;

use super::brands::signed_in;
use super::hiring::conflict;
use super::unexpected;
use crate::db::entities::{event, event_employer};
use app::api::context::RequestIdentity;
use app::api::events::{AwardView, CountyActivity, EventDetail, EventQuery, EventView, EventsDesk};
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::calendar::CalendarDate;
use app::domain::event::{EventForm, EventKind, ResultForm, counts_as_fair_outcome};
use app::domain::role::Scope;
use async_trait::async_trait;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

pub struct EventService {
    db: DatabaseConnection,
}

impl EventService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    async fn find(&self, id: i32) -> Result<event::Model, AppError> {
        event::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading an event", e))?
            .ok_or_else(|| AppError::with_message(ErrorCode::NotFound, "没有这个活动"))
    }
}

/// Whether `user` organises the event: its county's promoters, admins.
fn organises(user: &SessionUser, row: &event::Model) -> bool {
    match &user.scope {
        Scope::City => true,
        Scope::County { code } => *code == row.county_code,
        Scope::Company { .. } | Scope::Employer { .. } => false,
    }
}

fn kind_of(row: &event::Model) -> EventKind {
    EventKind::parse(&row.kind).unwrap_or(EventKind::RecruitmentFair)
}

/// Stored dates were checked on the way in; a damaged one reads as the far past.
fn stored_date(text: &str) -> CalendarDate {
    CalendarDate::parse(text).unwrap_or_else(|_| {
        CalendarDate::new(1900, 1, 1).unwrap_or_else(|_| unreachable!("a valid date"))
    })
}

/// A hire request may name a fair only if it is a fair, the employer takes part in it, and
/// it is sent between the fair's first day and the follow-up window after it.
///
/// # Errors
/// 422 naming `event_id`.
pub(crate) async fn check_fair_origin(
    db: &DatabaseConnection,
    event_id: i32,
    employer_id: i32,
    today: CalendarDate,
) -> Result<(), AppError> {
    let fail = |e| unexpected("checking a hire request's fair", e);
    let row = event::Entity::find_by_id(event_id)
        .one(db)
        .await
        .map_err(fail)?
        .ok_or_else(|| AppError::invalid("event_id", "没有这个招聘活动"))?;
    if !kind_of(&row).is_fair() {
        return Err(AppError::invalid("event_id", "技能大赛不是招聘活动"));
    }
    let joined = event_employer::Entity::find()
        .filter(event_employer::Column::EventId.eq(event_id))
        .filter(event_employer::Column::EmployerId.eq(employer_id))
        .one(db)
        .await
        .map_err(fail)?
        .is_some();
    if !joined {
        return Err(AppError::invalid("event_id", "贵单位没有参加这场招聘活动"));
    }
    if !counts_as_fair_outcome(
        stored_date(&row.starts_on),
        stored_date(&row.ends_on),
        today,
    ) {
        return Err(AppError::invalid(
            "event_id",
            "只能在招聘活动开始后、结束 30 天内注明来自该活动",
        ));
    }
    Ok(())
}

#[async_trait]
impl EventsDesk for EventService {
    async fn events(
        &self,
        caller: &RequestIdentity,
        query: &EventQuery,
    ) -> Result<Vec<EventView>, AppError> {
        self.list(caller.user.as_ref(), query).await
    }

    async fn event(&self, caller: &RequestIdentity, id: i32) -> Result<EventDetail, AppError> {
        self.detail(caller.user.as_ref(), id).await
    }

    async fn add_event(
        &self,
        caller: &RequestIdentity,
        form: &EventForm,
    ) -> Result<EventView, AppError> {
        self.create(caller, form).await
    }

    async fn change_event(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        form: &EventForm,
    ) -> Result<EventView, AppError> {
        self.change(caller, id, version, form).await
    }

    async fn join(
        &self,
        caller: &RequestIdentity,
        id: i32,
        employer_id: Option<i32>,
    ) -> Result<EventDetail, AppError> {
        self.add_employer(caller, id, employer_id).await
    }

    async fn register_workers(
        &self,
        caller: &RequestIdentity,
        id: i32,
        worker_ids: &[i32],
    ) -> Result<EventDetail, AppError> {
        self.add_workers(caller, id, worker_ids).await
    }

    async fn withdraw_worker(
        &self,
        caller: &RequestIdentity,
        id: i32,
        worker_id: i32,
    ) -> Result<EventDetail, AppError> {
        self.remove_worker(caller, id, worker_id).await
    }

    async fn record_result(
        &self,
        caller: &RequestIdentity,
        id: i32,
        form: &ResultForm,
    ) -> Result<EventDetail, AppError> {
        self.save_result(caller, id, form).await
    }

    async fn worker_awards(&self, worker_id: i32) -> Result<Vec<AwardView>, AppError> {
        self.awards_of_worker(worker_id).await
    }

    async fn brand_awards(&self, slug: &str) -> Result<Vec<AwardView>, AppError> {
        self.awards_of_brand(slug).await
    }

    async fn figures(
        &self,
        caller: &RequestIdentity,
        county: Option<&str>,
        year: Option<i32>,
    ) -> Result<CountyActivity, AppError> {
        self.activity(signed_in(caller)?, county, year).await
    }
}
