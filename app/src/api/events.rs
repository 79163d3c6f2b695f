//! Events 活动: job fairs with the employers and workers taking part and the hire requests
//! sent from them, and skill competitions with entrants, scores and awards. Lists, results
//! and awards are public (entrants' names masked); sign-ups belong to employers, companies
//! and the organising county.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::{RequestContext, RequestIdentity};

/// An event as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventView {
    pub id: i32,
    /// `spring_breeze`, `job_talks`, `recruitment_fair`, `service_month` or `skill_competition`.
    pub kind: String,
    pub kind_label: String,
    pub is_fair: bool,
    pub title: String,
    pub county_code: String,
    /// The organising county.
    pub county_name: String,
    pub region_code: String,
    pub region_name: String,
    pub venue: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    pub ends_on: String,
    /// `upcoming`, `running` or `past`.
    pub phase: String,
    pub phase_label: String,
    pub brand_slug: Option<String>,
    pub brand_name: Option<String>,
    pub description: String,
    pub employers: u64,
    pub workers: u64,
    /// Hire requests sent from this fair.
    pub hire_requests: u64,
    /// Workers named in those requests.
    pub workers_requested: u64,
    /// Of them, workers whose line reached a signed contract or acceptance.
    pub workers_hired: u64,
    /// The caller organises it (may edit it, add employers and record results).
    pub can_manage: bool,
    pub version: i32,
}

/// An employer at a fair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventEmployerView {
    pub employer_id: i32,
    pub name: String,
    pub region_name: String,
}

/// A worker at a fair, or a competition's entrant with the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventWorkerView {
    pub worker_id: i32,
    /// 王** — the full name only for the worker's own company.
    pub display_name: String,
    pub company_name: String,
    pub brand_name: Option<String>,
    pub occupations: Vec<String>,
    pub certificate_level: Option<String>,
    /// 92.5
    pub score: Option<String>,
    pub award: Option<String>,
    pub award_label: Option<String>,
    /// An employer at the fair may send this worker a hire request.
    pub can_request: bool,
}

/// An event with the ones taking part; what the caller may do there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventDetail {
    pub event: EventView,
    pub employers: Vec<EventEmployerView>,
    /// A fair's workers are listed for the employers taking part, the organisers and the
    /// workers' companies; a competition's entrants and results for everyone.
    pub workers: Vec<EventWorkerView>,
    /// The caller is an employer that may join (a fair still taking sign-ups).
    pub can_join: bool,
    /// The caller is an employer taking part.
    pub joined: bool,
    /// The caller may sign up workers (their company's, or the county's for organisers).
    pub can_register_workers: bool,
}

/// An award as a worker's profile and a brand's page show it: attested by the organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AwardView {
    pub event_id: i32,
    pub event_title: String,
    /// YYYY-MM-DD: the competition's last day.
    pub held_on: String,
    pub organiser: String,
    pub brand_name: Option<String>,
    pub worker_id: i32,
    /// 王**
    pub display_name: String,
    pub award: String,
    pub award_label: String,
    pub score: Option<String>,
}

/// The event list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct EventQuery {
    /// An event kind code; `fair` for every kind of fair.
    pub kind: Option<String>,
    /// The organising county (GB/T 2260).
    pub county: Option<String>,
    /// Events starting in this year.
    pub year: Option<i32>,
    /// `upcoming`, `running` or `past`.
    pub phase: Option<String>,
}

/// Stations, cases and events of a county (or the city) in a year, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CountyActivity {
    /// The county shown; None for the whole city.
    pub county_code: Option<String>,
    pub year: i32,
    /// Active stations run by the county (or all, for the city).
    pub stations: u64,
    /// Open follow-up cases of the county's workers.
    pub open_cases: u64,
    pub overdue_cases: u64,
    /// Cases resolved in the year.
    pub resolved_cases: u64,
    /// Fairs starting in the year.
    pub fairs: u64,
    pub fair_employers: u64,
    pub fair_workers: u64,
    pub fair_hire_requests: u64,
    pub fair_workers_requested: u64,
    pub fair_workers_hired: u64,
    pub competitions: u64,
    pub competition_entrants: u64,
    pub awards: u64,
}

/// Events, newest first (public).
#[server(prefix = "/sfn", endpoint = "events")]
pub async fn events(query: EventQuery) -> Result<Vec<EventView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("events").await?;
    ctx.services
        .events
        .events(&ctx.identity, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One event with the ones taking part (public; a fair's workers only for those at it).
#[server(prefix = "/sfn", endpoint = "event")]
pub async fn event(id: i32) -> Result<EventDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("event").await?;
    ctx.services
        .events
        .event(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Adds an event (no `id`) or changes one. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "save_event")]
#[allow(clippy::too_many_arguments)]
pub async fn save_event(
    id: Option<i32>,
    version: Option<i32>,
    kind: String,
    title: String,
    region_code: String,
    venue: String,
    starts_on: String,
    ends_on: Option<String>,
    brand: Option<String>,
    description: Option<String>,
) -> Result<EventView, AppError> {
    use crate::domain::event::EventForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("save_event").await?;
    let form = EventForm {
        kind,
        title,
        region_code,
        venue,
        starts_on,
        ends_on: ends_on.unwrap_or_default(),
        brand: brand.unwrap_or_default(),
        description: description.unwrap_or_default(),
    };
    let result = match id {
        None => ctx.services.events.add_event(&ctx.identity, &form).await,
        Some(id) => {
            ctx.services
                .events
                .change_event(&ctx.identity, id, version.unwrap_or_default(), &form)
                .await
        }
    };
    if let (Ok(saved), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect(&format!("/events/{}", saved.id));
        return result;
    }
    ctx.answer_form(result, "/events/new")
}

/// An employer joins a fair; an organiser adds one (`employer_id`).
#[server(prefix = "/sfn", endpoint = "join_event")]
pub async fn join_event(id: i32, employer_id: Option<i32>) -> Result<EventDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("join_event").await?;
    let result = ctx
        .services
        .events
        .join(&ctx.identity, id, employer_id)
        .await;
    ctx.answer_form(result, &format!("/events/{id}"))
}

/// Signs up workers (`worker_ids`: comma-separated) for a fair or a competition. Access: the
/// workers' company, the organising county's promoters, admins.
#[server(prefix = "/sfn", endpoint = "register_event_workers")]
pub async fn register_event_workers(id: i32, worker_ids: String) -> Result<EventDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("register_event_workers").await?;
    let result = match super::hiring::id_list("worker_ids", &worker_ids) {
        Ok(ids) => {
            ctx.services
                .events
                .register_workers(&ctx.identity, id, &ids)
                .await
        }
        Err(e) => Err(e),
    };
    ctx.answer_form(result, &format!("/events/{id}"))
}

/// Takes a worker off an event that has not ended (no result recorded yet).
#[server(prefix = "/sfn", endpoint = "withdraw_event_worker")]
pub async fn withdraw_event_worker(id: i32, worker_id: i32) -> Result<EventDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("withdraw_event_worker").await?;
    let result = ctx
        .services
        .events
        .withdraw_worker(&ctx.identity, id, worker_id)
        .await;
    ctx.answer_form(result, &format!("/events/{id}"))
}

/// Records an entrant's score and award. Access: the organising county's promoters, admins.
#[server(prefix = "/sfn", endpoint = "record_event_result")]
pub async fn record_event_result(
    id: i32,
    worker_id: i32,
    score: Option<String>,
    award: Option<String>,
) -> Result<EventDetail, AppError> {
    use crate::domain::event::ResultForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("record_event_result").await?;
    let form = ResultForm {
        worker_id,
        score: score.unwrap_or_default(),
        award: award.unwrap_or_default(),
    };
    let result = ctx
        .services
        .events
        .record_result(&ctx.identity, id, &form)
        .await;
    ctx.answer_form(result, &format!("/events/{id}"))
}

/// A worker's competition awards (public: names are not part of it).
#[server(prefix = "/sfn", endpoint = "worker_awards")]
pub async fn worker_awards(worker_id: i32) -> Result<Vec<AwardView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker_awards").await?;
    ctx.services
        .events
        .worker_awards(worker_id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Awards won in a brand's competitions (public, names masked).
#[server(prefix = "/sfn", endpoint = "brand_awards")]
pub async fn brand_awards(slug: String) -> Result<Vec<AwardView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("brand_awards").await?;
    ctx.services
        .events
        .brand_awards(&slug)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Stations, cases and events for the dashboard. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "activity_figures")]
pub async fn activity_figures(
    county: Option<String>,
    year: Option<i32>,
) -> Result<CountyActivity, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("activity_figures").await?;
    ctx.services
        .events
        .figures(&ctx.identity, county.as_deref(), year)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The events desk's port, implemented by the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait EventsDesk: Send + Sync {
    async fn events(
        &self,
        caller: &RequestIdentity,
        query: &EventQuery,
    ) -> Result<Vec<EventView>, AppError>;

    async fn event(&self, caller: &RequestIdentity, id: i32) -> Result<EventDetail, AppError>;

    async fn add_event(
        &self,
        caller: &RequestIdentity,
        form: &crate::domain::event::EventForm,
    ) -> Result<EventView, AppError>;

    async fn change_event(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        form: &crate::domain::event::EventForm,
    ) -> Result<EventView, AppError>;

    async fn join(
        &self,
        caller: &RequestIdentity,
        id: i32,
        employer_id: Option<i32>,
    ) -> Result<EventDetail, AppError>;

    async fn register_workers(
        &self,
        caller: &RequestIdentity,
        id: i32,
        worker_ids: &[i32],
    ) -> Result<EventDetail, AppError>;

    async fn withdraw_worker(
        &self,
        caller: &RequestIdentity,
        id: i32,
        worker_id: i32,
    ) -> Result<EventDetail, AppError>;

    async fn record_result(
        &self,
        caller: &RequestIdentity,
        id: i32,
        form: &crate::domain::event::ResultForm,
    ) -> Result<EventDetail, AppError>;

    async fn worker_awards(&self, worker_id: i32) -> Result<Vec<AwardView>, AppError>;

    async fn brand_awards(&self, slug: &str) -> Result<Vec<AwardView>, AppError>;

    async fn figures(
        &self,
        caller: &RequestIdentity,
        county: Option<&str>,
        year: Option<i32>,
    ) -> Result<CountyActivity, AppError>;
}
