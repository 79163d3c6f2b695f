//! Follow-up care at the destination: service stations (public list by region) and
//! follow-up cases with their notes, seen by the station's runners, the worker's company, the
//! placement's employer and the county; never with poverty data.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::{RequestContext, RequestIdentity};

/// A brand a station serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StationBrandView {
    pub slug: String,
    pub name: String,
}

/// A service station as its public page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StationView {
    pub id: i32,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    pub city: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// The labour company that runs it, if one does.
    pub company_name: Option<String>,
    pub county_code: String,
    pub county_name: String,
    pub brands: Vec<StationBrandView>,
    pub open_cases: u64,
    pub overdue_cases: u64,
    /// The caller runs it (may edit it and act on its cases).
    pub can_manage: bool,
    /// Closed stations are listed only to those who run them, and take no new cases.
    pub active: bool,
    pub version: i32,
}

/// The station list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct StationQuery {
    /// Province code (GB/T 2260), e.g. 110000.
    pub region: Option<String>,
    /// Brand slug.
    pub brand: Option<String>,
}

/// A follow-up case as lists show it (no poverty data, ever).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub id: i32,
    pub worker_id: i32,
    pub worker_name: String,
    pub company_name: String,
    pub station_id: i32,
    pub station_name: String,
    /// `policy_consultation`, `dispute_mediation`, `rights_protection`, `emergency_aid`,
    /// `left_behind_family` or `welcome`.
    pub kind: String,
    pub kind_label: String,
    pub subject: String,
    /// YYYY-MM-DD.
    pub opened_on: String,
    /// `open` or `resolved`.
    pub status: String,
    pub outcome: Option<String>,
    pub resolved_on: Option<String>,
    /// Open with no note or change for more than 14 days.
    pub overdue: bool,
    /// YYYY-MM-DD HH:MM, Beijing time.
    pub last_activity: String,
    pub placement_id: Option<i32>,
    pub version: i32,
}

/// One entry of a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseNoteView {
    pub author_name: String,
    pub body: String,
    /// YYYY-MM-DD HH:MM, Beijing time.
    pub written_at: String,
}

/// A case with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseDetail {
    pub case: CaseView,
    pub notes: Vec<CaseNoteView>,
    /// The caller may add notes and resolve it.
    pub can_act: bool,
}

/// The case list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct CaseQuery {
    pub station_id: Option<i32>,
    pub worker_id: Option<i32>,
    /// `open` or `resolved`.
    pub status: Option<String>,
    /// `yes`: only overdue ones.
    pub overdue: Option<String>,
}

/// Stations, by region (public).
#[server(prefix = "/sfn", endpoint = "stations")]
pub async fn stations(query: StationQuery) -> Result<Vec<StationView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("stations").await?;
    ctx.services
        .follow_up
        .stations(&ctx.identity, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One station (public while open; a closed one only for those who run it).
#[server(prefix = "/sfn", endpoint = "station")]
pub async fn station(id: i32) -> Result<StationView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("station").await?;
    ctx.services
        .follow_up
        .station(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Adds a station (no `id`) or changes one. Access: companies (they run it), promoters
/// (their county), admins.
#[server(prefix = "/sfn", endpoint = "save_station")]
#[allow(clippy::too_many_arguments)]
pub async fn save_station(
    id: Option<i32>,
    version: Option<i32>,
    name: String,
    region_code: String,
    city: Option<String>,
    address: String,
    contact_name: String,
    contact_phone: String,
    brands: Option<String>,
) -> Result<StationView, AppError> {
    use crate::domain::follow_up::StationForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("save_station").await?;
    let form = StationForm {
        name,
        region_code,
        city: city.unwrap_or_default(),
        address,
        contact_name,
        contact_phone,
        brands: brands.unwrap_or_default(),
        export_base_id: String::new(),
    };
    let result = match id {
        None => {
            ctx.services
                .follow_up
                .save_station(&ctx.identity, &form)
                .await
        }
        Some(id) => {
            ctx.services
                .follow_up
                .change_station(&ctx.identity, id, version.unwrap_or_default(), &form)
                .await
        }
    };
    let back = id.map_or_else(
        || "/stations".to_string(),
        |id| format!("/stations/{id}/edit"),
    );
    ctx.answer_form(result, &back)
}

/// Closes a station (no new cases; off the public list) or opens it again. Access: those who
/// run it.
#[server(prefix = "/sfn", endpoint = "set_station_active")]
pub async fn set_station_active(id: i32, active: bool) -> Result<StationView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("set_station_active").await?;
    let result = ctx
        .services
        .follow_up
        .set_station_active(&ctx.identity, id, active)
        .await;
    ctx.answer_form(result, &format!("/stations/{id}/edit"))
}

/// Cases the caller may see. Access: signed in (employers: their placements' workers').
#[server(prefix = "/sfn", endpoint = "follow_up_cases")]
pub async fn follow_up_cases(query: CaseQuery) -> Result<Vec<CaseView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("follow_up_cases").await?;
    ctx.services
        .follow_up
        .cases(&ctx.identity, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One case with its history.
#[server(prefix = "/sfn", endpoint = "follow_up_case")]
pub async fn follow_up_case(id: i32) -> Result<CaseDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("follow_up_case").await?;
    ctx.services
        .follow_up
        .case(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Opens a case. Access: the station's runners, the worker's company, promoters, admins.
#[server(prefix = "/sfn", endpoint = "open_case")]
pub async fn open_case(
    worker_id: i32,
    station_id: i32,
    kind: String,
    subject: String,
    note: Option<String>,
) -> Result<CaseView, AppError> {
    use crate::domain::follow_up::CaseForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("open_case").await?;
    let form = CaseForm {
        worker_id,
        station_id,
        kind,
        subject,
        note: note.unwrap_or_default(),
    };
    let result = ctx.services.follow_up.open_case(&ctx.identity, &form).await;
    ctx.answer_form(result, "/cases")
}

/// Adds a note to a case's history. Access: as for opening.
#[server(prefix = "/sfn", endpoint = "add_case_note")]
pub async fn add_case_note(id: i32, body: String) -> Result<CaseDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("add_case_note").await?;
    let result = ctx
        .services
        .follow_up
        .add_note(&ctx.identity, id, &body)
        .await;
    ctx.answer_form(result, &format!("/cases/{id}"))
}

/// Resolves a case with its outcome. Access: as for opening.
#[server(prefix = "/sfn", endpoint = "resolve_case")]
pub async fn resolve_case(id: i32, version: i32, outcome: String) -> Result<CaseDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("resolve_case").await?;
    let result = ctx
        .services
        .follow_up
        .resolve(&ctx.identity, id, version, &outcome)
        .await;
    ctx.answer_form(result, &format!("/cases/{id}"))
}

/// The follow-up desk's port, implemented by the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait FollowUpDesk: Send + Sync {
    async fn stations(
        &self,
        caller: &RequestIdentity,
        query: &StationQuery,
    ) -> Result<Vec<StationView>, AppError>;

    async fn save_station(
        &self,
        caller: &RequestIdentity,
        form: &crate::domain::follow_up::StationForm,
    ) -> Result<StationView, AppError>;

    async fn station(&self, caller: &RequestIdentity, id: i32) -> Result<StationView, AppError>;

    async fn change_station(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        form: &crate::domain::follow_up::StationForm,
    ) -> Result<StationView, AppError>;

    async fn set_station_active(
        &self,
        caller: &RequestIdentity,
        id: i32,
        active: bool,
    ) -> Result<StationView, AppError>;

    async fn cases(
        &self,
        caller: &RequestIdentity,
        query: &CaseQuery,
    ) -> Result<Vec<CaseView>, AppError>;

    async fn case(&self, caller: &RequestIdentity, id: i32) -> Result<CaseDetail, AppError>;

    async fn open_case(
        &self,
        caller: &RequestIdentity,
        form: &crate::domain::follow_up::CaseForm,
    ) -> Result<CaseView, AppError>;

    async fn add_note(
        &self,
        caller: &RequestIdentity,
        id: i32,
        body: &str,
    ) -> Result<CaseDetail, AppError>;

    async fn resolve(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        outcome: &str,
    ) -> Result<CaseDetail, AppError>;
}
