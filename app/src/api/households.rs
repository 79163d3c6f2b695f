//! 建档立卡 households and the county's workers, for promoters (their county) and admins:
//! the lists, one household with its members, adding or correcting one, and the ledger
//! import. Poverty data never reaches employers or the public; every view is audited.

use super::error::AppError;
use super::types::{ImportProgress, ImportReport};
use crate::domain::county_view::{AreaParams, CountyWorkerFilter, HouseholdFilter};
use crate::domain::credentials::FieldError;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::RequestContext;

/// A household as the county's lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HouseholdView {
    pub id: i32,
    /// 户编号.
    pub number: String,
    pub county_code: String,
    pub county_name: String,
    pub township: String,
    pub village: String,
    /// `poor`, `lifted_out` or `monitored`.
    pub status: String,
    /// 贫困户, 已脱贫 or 监测户.
    pub status_label: String,
    pub head_name: String,
    /// 劳动力人数.
    pub labour_count: u32,
    /// 有就业意愿人数.
    pub willing_count: u32,
    /// Rostered workers carrying this household's number.
    pub rostered_members: u32,
    /// Of them, at work today: a running placement or local job.
    pub employed_members: u32,
    /// Send it back when editing: a stale version is refused with 409.
    pub version: i32,
}

impl HouseholdView {
    /// Whether the county's first target still waits on this household.
    pub fn waits_for_work(&self) -> bool {
        self.willing_count > 0 && self.employed_members == 0
    }
}

/// One page of households.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HouseholdPage {
    pub households: Vec<HouseholdView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A rostered member of a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HouseholdMember {
    pub worker_id: i32,
    pub name: String,
    /// `male` or `female`.
    pub sex: String,
    pub age: u16,
    /// 16 until 60 (men) or 55 (women) today.
    pub working_age: bool,
    pub company_name: String,
    pub training_wish: bool,
    pub employment_wish: bool,
    /// What they work at today, e.g. 输出就业 · 北京市 · 中餐厨师; none when not at work.
    pub work: Option<String>,
}

/// A household with its rostered members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HouseholdDetail {
    pub household: HouseholdView,
    pub members: Vec<HouseholdMember>,
}

/// The households list as the query string carries it; empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct HouseholdQuery {
    /// County code (admins; a promoter's own county otherwise, another is 404).
    pub county: Option<String>,
    /// 乡镇 name.
    pub township: Option<String>,
    /// 村 name.
    pub village: Option<String>,
    /// `poor`, `lifted_out`, `monitored` (or 贫困户, 已脱贫, 监测户).
    pub status: Option<String>,
    /// `yes`: with a member who wants work; `no`: without.
    pub willing: Option<String>,
    /// `yes`: someone at work today; `no`: nobody.
    pub employed: Option<String>,
    /// The start of a household number, or the head's name.
    pub q: Option<String>,
    /// 1-based.
    pub page: Option<String>,
    /// 1–500, default 50.
    pub per_page: Option<String>,
}

impl HouseholdQuery {
    /// # Errors
    /// A [`FieldError`] naming the bad parameter.
    pub fn to_filter(&self) -> Result<HouseholdFilter, FieldError> {
        HouseholdFilter::parse(
            &AreaParams {
                county: self.county.as_deref(),
                township: self.township.as_deref(),
                village: self.village.as_deref(),
                status: self.status.as_deref(),
                employed: self.employed.as_deref(),
                page: self.page.as_deref(),
                per_page: self.per_page.as_deref(),
            },
            self.willing.as_deref(),
            self.q.as_deref(),
        )
    }
}

/// A rostered worker of the county, as a promoter sees them: ID and phone masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CountyWorker {
    pub worker_id: i32,
    pub name: String,
    pub id_number_masked: String,
    pub phone_masked: String,
    /// `male` or `female`.
    pub sex: String,
    pub age: u16,
    pub working_age: bool,
    pub company_name: String,
    pub occupations: Vec<String>,
    pub household_number: Option<String>,
    pub township: Option<String>,
    pub village: Option<String>,
    /// 贫困户, 已脱贫 or 监测户, for members of a registered household.
    pub household_status_label: Option<String>,
    pub training_wish: bool,
    pub employment_wish: bool,
    /// What they work at today; none when not at work.
    pub work: Option<String>,
}

/// One page of the county's workers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CountyWorkerPage {
    pub workers: Vec<CountyWorker>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The county's workers list as the query string carries it; empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct CountyWorkerQuery {
    pub county: Option<String>,
    pub township: Option<String>,
    pub village: Option<String>,
    /// Their household's status: `poor`, `lifted_out`, `monitored`.
    pub status: Option<String>,
    /// `yes` or `no`.
    pub training_wish: Option<String>,
    /// `yes` or `no`.
    pub employment_wish: Option<String>,
    /// `yes`: at work today; `no`: not.
    pub employed: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

impl CountyWorkerQuery {
    /// # Errors
    /// A [`FieldError`] naming the bad parameter.
    pub fn to_filter(&self) -> Result<CountyWorkerFilter, FieldError> {
        CountyWorkerFilter::parse(
            &AreaParams {
                county: self.county.as_deref(),
                township: self.township.as_deref(),
                village: self.village.as_deref(),
                status: self.status.as_deref(),
                employed: self.employed.as_deref(),
                page: self.page.as_deref(),
                per_page: self.per_page.as_deref(),
            },
            self.training_wish.as_deref(),
            self.employment_wish.as_deref(),
        )
    }
}

/// An import's id and report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdImportOutcome {
    pub import_id: i32,
    pub report: ImportReport,
}

/// One page of households. Access: promoters (their county), admins. Audited.
#[server(prefix = "/sfn", endpoint = "households")]
#[allow(clippy::too_many_arguments)]
pub async fn households(
    county: Option<String>,
    township: Option<String>,
    village: Option<String>,
    status: Option<String>,
    willing: Option<String>,
    employed: Option<String>,
    q: Option<String>,
    page: Option<String>,
) -> Result<HouseholdPage, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("households").await?;
    let query = HouseholdQuery {
        county,
        township,
        village,
        status,
        willing,
        employed,
        q,
        page,
        per_page: None,
    };
    let filter = query.to_filter().map_err(|e| ctx.fail(e.into()))?;
    ctx.services
        .households
        .households(&ctx.identity, &filter)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One household with its members. Access: promoters (their county), admins. Audited.
#[server(prefix = "/sfn", endpoint = "household")]
pub async fn household(id: i32) -> Result<HouseholdDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("household").await?;
    ctx.services
        .households
        .household(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Adds a household (no `id`) or corrects one (`id` and the `version` read). Access:
/// promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "save_household")]
#[allow(clippy::too_many_arguments)]
pub async fn save_household(
    id: Option<i32>,
    version: Option<i32>,
    number: String,
    county: Option<String>,
    head_name: String,
    township: String,
    village: String,
    status: String,
    labour_count: String,
    willing_count: String,
) -> Result<HouseholdView, AppError> {
    use crate::domain::household::HouseholdForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("save_household").await?;
    let form = HouseholdForm {
        number,
        county: county.unwrap_or_default(),
        head_name,
        township,
        village,
        status,
        labour_count,
        willing_count,
    };
    let result = ctx
        .services
        .households
        .save_household(&ctx.identity, id, version, &form)
        .await;
    if let (Ok(saved), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect(&format!("/households/{}?done=1", saved.id));
        return result;
    }
    let back = match id {
        Some(id) => format!("/households/{id}"),
        None => "/households/new".to_string(),
    };
    ctx.answer_form(result, &back)
}

/// Imports a household ledger (form fields `file`, `county` for admins, `mode`, `dry_run`).
/// Access: promoters (their county), admins.
///
/// Without JavaScript the browser is redirected to `/households?import=<id>` (or
/// `?import_error=<message>`), where the report is shown.
#[server(prefix = "/sfn", endpoint = "import_households", input = MultipartFormData)]
pub async fn import_households(data: MultipartData) -> Result<HouseholdImportOutcome, AppError> {
    use super::types::ImportMode;

    let ctx = RequestContext::current()?;
    ctx.authorize("import_households").await?;
    let unreadable = |e: String| AppError::invalid("file", format!("上传内容无法读取：{e}"));
    let mut form = data.into_inner().ok_or_else(AppError::internal)?;
    let (mut upload, mut file_name, mut county, mut mode, mut dry_run) =
        (None, None, None, ImportMode::AllOrNothing, false);
    let outcome = async {
        while let Some(mut field) = form
            .next_field()
            .await
            .map_err(|e| unreadable(e.to_string()))?
        {
            match field.name().unwrap_or_default() {
                "file" => {
                    file_name = field.file_name().map(str::to_string);
                    let mut spool = ctx.services.households.spool_upload()?;
                    while let Some(chunk) =
                        field.chunk().await.map_err(|e| unreadable(e.to_string()))?
                    {
                        spool.write(&chunk)?;
                    }
                    upload = Some(spool);
                }
                "county" => {
                    county = Some(field.text().await.map_err(|e| unreadable(e.to_string()))?);
                }
                "mode" => {
                    let text = field.text().await.map_err(|e| unreadable(e.to_string()))?;
                    if text == "good_rows" {
                        mode = ImportMode::GoodRows;
                    }
                }
                "dry_run" => dry_run = true,
                _ => {}
            }
        }
        match upload {
            Some(spool) if !spool.is_empty() => {
                let file = spool.finish()?;
                ctx.services
                    .households
                    .import_households(&ctx.identity, county, file, file_name, mode, dry_run)
                    .await
            }
            Some(_) if file_name.as_deref().is_some_and(|n| !n.is_empty()) => {
                Err(AppError::invalid("file", "文件是空的"))
            }
            _ => Err(AppError::invalid(
                "file",
                "请选择要导入的建档立卡户台账文件",
            )),
        }
    }
    .await;
    match outcome {
        Ok((import_id, report)) => {
            if ctx.is_plain_form_post() {
                leptos_axum::redirect(&format!("/households?import={import_id}"));
            }
            Ok(HouseholdImportOutcome { import_id, report })
        }
        Err(error) => {
            let error = ctx.fail(error);
            if ctx.is_plain_form_post() {
                leptos_axum::redirect(&format!(
                    "/households?import_error={}",
                    crate::ui::percent_encode(&error.message)
                ));
            }
            Err(error)
        }
    }
}

/// An earlier household import's report. Access: promoters (their county's), admins.
#[server(prefix = "/sfn", endpoint = "household_import")]
pub async fn household_import(id: i32) -> Result<ImportReport, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("household_import").await?;
    ctx.services
        .households
        .household_import(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The caller's household import in progress, if one runs. Access: promoters, admins.
#[server(prefix = "/sfn", endpoint = "household_import_progress")]
pub async fn household_import_progress() -> Result<Option<ImportProgress>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("household_import_progress").await?;
    Ok(ctx.services.households.import_progress(&ctx.identity).await)
}

/// One page of the county's rostered workers, masked. Access: promoters (their county),
/// admins. Audited.
#[server(prefix = "/sfn", endpoint = "county_workers")]
#[allow(clippy::too_many_arguments)]
pub async fn county_workers(
    county: Option<String>,
    township: Option<String>,
    village: Option<String>,
    status: Option<String>,
    training_wish: Option<String>,
    employment_wish: Option<String>,
    employed: Option<String>,
    page: Option<String>,
) -> Result<CountyWorkerPage, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("county_workers").await?;
    let query = CountyWorkerQuery {
        county,
        township,
        village,
        status,
        training_wish,
        employment_wish,
        employed,
        page,
        per_page: None,
    };
    let filter = query.to_filter().map_err(|e| ctx.fail(e.into()))?;
    ctx.services
        .households
        .county_workers(&ctx.identity, &filter)
        .await
        .map_err(|e| ctx.fail(e))
}
