//! The county dashboard (目标任务完成情况): how far a county, or the city, is from the
//! policy's two targets and its own, with placements, subsidies and the monthly trend; and
//! the yearly targets promoters set. Figures only: names appear only in the list of
//! households still waiting for work.

use super::error::AppError;
use crate::domain::dashboard::Targets;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::RequestContext;

/// Which area a dashboard shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct DashboardQuery {
    /// County code: an admin's choice (none: the whole city); a promoter's own county
    /// whatever is asked (another county is 404).
    pub county: Option<String>,
    /// The year, 2017 … this year (default: this year).
    pub year: Option<i32>,
    /// A township of the county, to see its villages.
    pub township: Option<String>,
}

/// The area a dashboard covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DashboardScope {
    /// `city`, `county` or `township`.
    pub kind: String,
    pub county_code: Option<String>,
    pub county_name: Option<String>,
    pub township: Option<String>,
    /// 临汾市, 浮山县, 浮山县 天坛镇.
    pub label: String,
}

/// The first target: households with a member who wants work, and whether someone works.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HouseholdFigures {
    /// 建档立卡 households on the county ledgers.
    pub total: u64,
    /// Of them, with at least one member willing and able to work (有就业意愿人数 > 0).
    pub willing: u64,
    /// Of the willing, with at least one member at work on the counting day: a running
    /// placement or local job.
    pub employed: u64,
    /// Willing households nobody of which works yet: the list to act on.
    pub without_work: u64,
}

/// The second target: willing workers of working age trained (free) once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrainingFigures {
    /// Active rostered workers of working age who want training (有培训意愿).
    pub willing: u64,
    /// Of them, those whose first free training (培训 records) has a result by the counting
    /// day, passed or not.
    pub trained: u64,
}

/// Placements begun this year up to the counting day, by where the work is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlacementFigures {
    /// 跨省: outside Shanxi.
    pub cross_province: u64,
    /// 省内: in Shanxi, away from home.
    pub in_province: u64,
    /// 就地就近: local jobs begun.
    pub local: u64,
}

/// Subsidy claims of the year, by where they stand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubsidyFigures {
    pub claims: u64,
    pub computed_fen: i64,
    pub submitted_fen: i64,
    pub approved_fen: i64,
    pub paid_fen: i64,
    pub by_kind: Vec<SubsidyKindFigures>,
}

/// One kind of subsidy's claims of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubsidyKindFigures {
    pub kind: String,
    pub label: String,
    pub claims: u64,
    /// Every claim not rejected.
    pub amount_fen: i64,
    pub paid_fen: i64,
}

/// Targets against what was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetProgress {
    pub targets: Targets,
    /// Employed households against `households_to_employ`, in whole percent.
    pub households_percent: Option<u64>,
    /// Trained workers against `workers_to_train`.
    pub training_percent: Option<u64>,
    /// Placements in and outside the province against `workers_to_export`.
    pub export_percent: Option<u64>,
    /// Counties (of a city view) that have set targets for the year.
    pub counties_with_targets: u32,
}

/// One month's new placements and local jobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    /// YYYY-MM.
    pub month: String,
    pub cross_province: u64,
    pub in_province: u64,
    pub local: u64,
}

/// One county, township or village side by side with the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AreaFigures {
    /// The county code, or the township or village name.
    pub key: String,
    pub name: String,
    pub households: HouseholdFigures,
    pub training: TrainingFigures,
    pub placements: PlacementFigures,
}

/// A household that waits for work, for the list to act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WaitingHousehold {
    pub id: i32,
    pub number: String,
    pub head_name: String,
    pub township: String,
    pub village: String,
    pub status_label: String,
    pub willing_count: u32,
}

/// A dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DashboardView {
    pub scope: DashboardScope,
    pub year: i32,
    /// The counting day, YYYY-MM-DD: today for this year, 31 December for a past one.
    pub as_of: String,
    /// When the figures were computed (Beijing time, YYYY-MM-DD HH:MM:SS).
    pub computed_at: String,
    /// The data changed after these figures were read and newer ones are being read (on a
    /// large city this takes seconds; the page shows these meanwhile).
    pub refreshing: bool,
    pub households: HouseholdFigures,
    pub training: TrainingFigures,
    pub placements: PlacementFigures,
    /// Claims are kept per county: none for a township.
    pub subsidies: Option<SubsidyFigures>,
    /// None when no target is set (or for a township).
    pub targets: Option<TargetProgress>,
    pub monthly: Vec<MonthFigures>,
    /// A city view's counties.
    pub by_county: Vec<AreaFigures>,
    /// A county view's townships (workers of no registered household under their own row).
    pub by_township: Vec<AreaFigures>,
    /// A township view's villages.
    pub by_village: Vec<AreaFigures>,
    /// The first households still waiting for work (a county or township view).
    pub households_without_work: Vec<WaitingHousehold>,
}

/// A county's targets for a year as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetsView {
    pub county_code: String,
    pub county_name: String,
    pub year: i32,
    /// None until set.
    pub targets: Option<Targets>,
    /// Send it back when changing them (0 before they are first set).
    pub version: i32,
    /// YYYY-MM-DD HH:MM:SS (Beijing time).
    pub updated_at: Option<String>,
}

/// A dashboard. Access: promoters (their county), admins (the city or any county).
#[server(prefix = "/sfn", endpoint = "dashboard")]
pub async fn dashboard(
    county: Option<String>,
    year: Option<i32>,
    township: Option<String>,
) -> Result<DashboardView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("dashboard").await?;
    let query = DashboardQuery {
        county,
        year,
        township,
    };
    ctx.services
        .dashboard
        .dashboard(&ctx.identity, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// A county's targets for a year. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "county_targets")]
pub async fn county_targets(county: String, year: i32) -> Result<TargetsView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("county_targets").await?;
    ctx.services
        .dashboard
        .targets(&ctx.identity, &county, year)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Sets a county's targets for a year. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "save_targets")]
pub async fn save_targets(
    county: String,
    year: i32,
    version: i32,
    households_to_employ: String,
    workers_to_train: String,
    workers_to_export: String,
) -> Result<TargetsView, AppError> {
    use crate::domain::dashboard::TargetsForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("save_targets").await?;
    let form = TargetsForm {
        households_to_employ,
        workers_to_train,
        workers_to_export,
    };
    let result = ctx
        .services
        .dashboard
        .save_targets(&ctx.identity, &county, year, version, &form)
        .await;
    ctx.answer_form(
        result,
        &format!("/dashboard/targets?county={county}&year={year}"),
    )
}
