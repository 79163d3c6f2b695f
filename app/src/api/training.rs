//! Training 培训: programmes (public while published), enrolment of roster workers with the
//! free-once rule, attendance and results (a pass with a certificate number creates the
//! certificate), the programme's roster as .xlsx, and unmet demand grouped into drafts.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::{RequestContext, RequestIdentity};

/// A programme as lists and its page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgrammeView {
    pub id: i32,
    pub title: String,
    pub institution_name: Option<String>,
    pub institution_address: String,
    pub institution_contact: String,
    pub county_code: String,
    pub county_name: String,
    pub occupation: String,
    /// A type code: `employment_skills`, `skill_upgrade`, `entrepreneurship`, `preparatory`,
    /// `order`.
    pub training_type: String,
    pub training_type_label: String,
    /// A mode code: `train_then_work`, `work_then_train`, `train_while_work`, `reserve`.
    pub mode: String,
    pub mode_label: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD, the last day.
    pub ends_on: String,
    pub place: String,
    pub seats: i32,
    /// Enrolled workers.
    pub enrolled: u64,
    pub free: bool,
    /// The fee in yuan when not free.
    pub fee_yuan: Option<String>,
    pub brand_slug: Option<String>,
    pub brand_name: Option<String>,
    /// The brand company that runs it, if not the county.
    pub company_name: Option<String>,
    /// `draft`, `published` or `cancelled`.
    pub status: String,
    pub status_label: String,
    pub demand_note: Option<String>,
    /// Published, not ended and with seats left.
    pub open_for_enrolment: bool,
    /// The caller may edit it, record results and export its roster.
    pub can_manage: bool,
    pub version: i32,
}

/// The programme list as the query string carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct ProgrammeQuery {
    /// County code.
    pub county: Option<String>,
    /// Words of the occupation or title.
    pub q: Option<String>,
    /// Brand slug.
    pub brand: Option<String>,
    /// `yes`: the programmes the caller manages, drafts and cancelled ones included.
    pub mine: Option<String>,
    /// `yes`: include programmes that have ended (default: only current and coming).
    pub past: Option<String>,
    /// 1-based.
    pub page: Option<String>,
}

/// One page of programmes, soonest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgrammePage {
    pub programmes: Vec<ProgrammeView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// One worker's place in a programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EnrolmentView {
    pub id: i32,
    pub programme_id: i32,
    pub programme_title: String,
    pub worker_id: i32,
    pub worker_name: String,
    pub company_name: String,
    /// The worker's first free training: the one the county's target counts.
    pub free_once: bool,
    pub repeat_reason: Option<String>,
    pub attendance_percent: Option<i32>,
    /// `pending`, `passed` or `failed`.
    pub result: String,
    pub result_label: String,
    pub score: Option<i32>,
    pub certificate_number: Option<String>,
    pub certificate_id: Option<i32>,
    /// YYYY-MM-DD.
    pub result_on: Option<String>,
    /// The caller may record this trainee's result.
    pub can_grade: bool,
    pub version: i32,
}

/// A programme with the enrolments the caller may see (managers: all; a company: its own
/// workers'; others: none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgrammeDetail {
    pub programme: ProgrammeView,
    pub enrolments: Vec<EnrolmentView>,
    /// The caller may enrol workers (their roster's, or their county's).
    pub can_enrol: bool,
}

/// A training institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InstitutionView {
    pub id: i32,
    pub name: String,
    pub county_code: String,
    pub county_name: String,
    pub address: String,
    pub contact: String,
    pub programmes: u64,
}

/// An enrolment request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EnrolForm {
    pub worker_id: i32,
    /// Needed when the worker already had a free training.
    #[serde(default)]
    pub repeat_reason: Option<String>,
}

/// Unmet demand for one occupation in one region: searches that found fewer than
/// [`FEW_RESULTS`](crate::domain::training::FEW_RESULTS) workers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DemandGroupView {
    pub occupation: String,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    /// Searches in the months shown.
    pub searches: u64,
    /// Searches per month, in the order of [`DemandReport::months`].
    pub per_month: Vec<u64>,
    /// The newest such search, YYYY-MM.
    pub last_month: String,
    /// Draft programmes made from this group.
    pub drafts: Vec<i32>,
}

/// Unmet demand of the last months, largest groups first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DemandReport {
    /// YYYY-MM, oldest first.
    pub months: Vec<String>,
    pub groups: Vec<DemandGroupView>,
}

/// The group a draft is made from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DemandGroupKey {
    pub occupation: String,
    #[serde(default)]
    pub region_code: Option<String>,
}

/// Published programmes (and, for their managers, drafts), soonest first. Access: public.
#[server(prefix = "/sfn", endpoint = "training_programmes")]
pub async fn training_programmes(query: ProgrammeQuery) -> Result<ProgrammePage, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("training_programmes").await?;
    ctx.services
        .training
        .programmes(&ctx.identity, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One programme; a draft or cancelled one only for its managers. Access: public.
#[server(prefix = "/sfn", endpoint = "training_programme")]
pub async fn training_programme(id: i32) -> Result<ProgrammeDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("training_programme").await?;
    ctx.services
        .training
        .programme(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Creates (`id` none) or edits a programme. Access: brand companies (for their brand),
/// promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "save_training_programme")]
#[allow(clippy::too_many_arguments)]
pub async fn save_training_programme(
    id: Option<i32>,
    version: Option<i32>,
    title: String,
    institution_name: Option<String>,
    institution_address: Option<String>,
    institution_contact: Option<String>,
    occupation: String,
    training_type: String,
    mode: String,
    starts_on: String,
    ends_on: String,
    place: Option<String>,
    seats: Option<String>,
    free: Option<String>,
    fee_yuan: Option<String>,
    brand: Option<String>,
    status: Option<String>,
    county: Option<String>,
) -> Result<ProgrammeView, AppError> {
    use crate::domain::training::ProgrammeForm;
    let form = ProgrammeForm {
        title,
        institution_name: institution_name.unwrap_or_default(),
        institution_address: institution_address.unwrap_or_default(),
        institution_contact: institution_contact.unwrap_or_default(),
        occupation,
        training_type,
        mode,
        starts_on,
        ends_on,
        place: place.unwrap_or_default(),
        seats: seats.unwrap_or_default(),
        free: free.unwrap_or_default(),
        fee_yuan: fee_yuan.unwrap_or_default(),
        brand: brand.unwrap_or_default(),
        status: status.unwrap_or_default(),
        county: county.unwrap_or_default(),
    };
    let ctx = RequestContext::current()?;
    ctx.authorize("save_training_programme").await?;
    let result = ctx
        .services
        .training
        .save_programme(&ctx.identity, id, version, &form)
        .await;
    if let (Ok(saved), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect(&format!("/training/{}?saved=1", saved.id));
        return result;
    }
    let back = match id {
        Some(id) => format!("/training/{id}/edit"),
        None => "/training/new".to_string(),
    };
    ctx.answer_form(result, &back)
}

/// Cancels a programme (its enrolments stay on record). Access: its managers.
#[server(prefix = "/sfn", endpoint = "cancel_training_programme")]
pub async fn cancel_training_programme(id: i32, version: i32) -> Result<ProgrammeView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("cancel_training_programme").await?;
    let result = ctx
        .services
        .training
        .cancel_programme(&ctx.identity, id, version)
        .await;
    ctx.answer_form(result, &format!("/training/{id}"))
}

/// Enrols a roster worker. Access: the worker's company, the promoter of the worker's
/// county, admins.
#[server(prefix = "/sfn", endpoint = "enrol_in_training")]
pub async fn enrol_in_training(
    programme_id: i32,
    worker_id: i32,
    repeat_reason: Option<String>,
) -> Result<EnrolmentView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("enrol_in_training").await?;
    let form = EnrolForm {
        worker_id,
        repeat_reason,
    };
    let result = ctx
        .services
        .training
        .enrol(&ctx.identity, programme_id, &form)
        .await;
    ctx.answer_form(
        result,
        &format!("/training/{programme_id}?worker={worker_id}"),
    )
}

/// Records a trainee's attendance and result. Access: the programme's managers.
#[server(prefix = "/sfn", endpoint = "record_training_result")]
#[allow(clippy::too_many_arguments)]
pub async fn record_training_result(
    programme_id: i32,
    id: i32,
    version: i32,
    attendance_percent: Option<String>,
    result: String,
    score: Option<String>,
    certificate_number: Option<String>,
    certificate_level: Option<String>,
    result_on: Option<String>,
) -> Result<EnrolmentView, AppError> {
    use crate::domain::training::ResultForm;
    let form = ResultForm {
        attendance_percent: attendance_percent.unwrap_or_default(),
        result,
        score: score.unwrap_or_default(),
        certificate_number: certificate_number.unwrap_or_default(),
        certificate_level: certificate_level.unwrap_or_default(),
        result_on: result_on.unwrap_or_default(),
    };
    let ctx = RequestContext::current()?;
    ctx.authorize("record_training_result").await?;
    let result = ctx
        .services
        .training
        .record_result(&ctx.identity, id, version, &form)
        .await;
    ctx.answer_form(result, &format!("/training/{programme_id}?enrolment={id}"))
}

/// A worker's trainings. Access: the worker's company, promoters of their county, admins.
#[server(prefix = "/sfn", endpoint = "worker_trainings")]
pub async fn worker_trainings(worker_id: i32) -> Result<Vec<EnrolmentView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker_trainings").await?;
    ctx.services
        .training
        .worker_trainings(&ctx.identity, worker_id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Unmet demand grouped by occupation and region. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "unmet_demand_groups")]
pub async fn unmet_demand_groups() -> Result<DemandReport, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("unmet_demand_groups").await?;
    ctx.services
        .training
        .demand(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Turns an unmet-demand group into a draft programme. Access: promoters, admins.
#[server(prefix = "/sfn", endpoint = "draft_programme_from_demand")]
pub async fn draft_programme_from_demand(
    occupation: String,
    region_code: Option<String>,
) -> Result<ProgrammeView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("draft_programme_from_demand").await?;
    let key = DemandGroupKey {
        occupation,
        region_code: region_code.filter(|r| !r.trim().is_empty()),
    };
    let result = ctx
        .services
        .training
        .draft_from_demand(&ctx.identity, &key)
        .await;
    if let (Ok(saved), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect(&format!("/training/{}/edit?drafted=1", saved.id));
        return result;
    }
    ctx.answer_form(result, "/unmet-demand")
}

/// The training desk's port, implemented by the server.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait TrainingDesk: Send + Sync {
    async fn programmes(
        &self,
        caller: &RequestIdentity,
        query: &ProgrammeQuery,
    ) -> Result<ProgrammePage, AppError>;

    async fn programme(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<ProgrammeDetail, AppError>;

    async fn save_programme(
        &self,
        caller: &RequestIdentity,
        id: Option<i32>,
        version: Option<i32>,
        form: &crate::domain::training::ProgrammeForm,
    ) -> Result<ProgrammeView, AppError>;

    async fn cancel_programme(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
    ) -> Result<ProgrammeView, AppError>;

    async fn institutions(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<InstitutionView>, AppError>;

    async fn enrol(
        &self,
        caller: &RequestIdentity,
        programme_id: i32,
        form: &EnrolForm,
    ) -> Result<EnrolmentView, AppError>;

    async fn record_result(
        &self,
        caller: &RequestIdentity,
        enrolment_id: i32,
        version: i32,
        form: &crate::domain::training::ResultForm,
    ) -> Result<EnrolmentView, AppError>;

    async fn worker_trainings(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<Vec<EnrolmentView>, AppError>;

    /// The programme's roster and results as an .xlsx workbook (file name, bytes).
    async fn programme_xlsx(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<(String, Vec<u8>), AppError>;

    async fn demand(&self, caller: &RequestIdentity) -> Result<DemandReport, AppError>;

    async fn draft_from_demand(
        &self,
        caller: &RequestIdentity,
        key: &DemandGroupKey,
    ) -> Result<ProgrammeView, AppError>;
}
