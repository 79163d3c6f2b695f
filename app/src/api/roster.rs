//! The company's roster page: its list, ledger import (multipart upload) and import reports.

use super::error::AppError;
pub use super::types::RosterQuery;
use super::types::{ImportReport, RevealedContact, RosterPage, WorkerDetail};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::RequestContext;

/// An import's job id and report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub job_id: i32,
    pub report: ImportReport,
}

/// One page of the caller's roster, masked. Access: company users. (Separate optional
/// arguments rather than one struct: an empty filter must encode to an empty form.)
#[server(prefix = "/sfn", endpoint = "roster")]
pub async fn roster(
    occupation: Option<String>,
    level: Option<String>,
    status: Option<String>,
    certificate: Option<String>,
    sort: Option<String>,
    page: Option<String>,
) -> Result<RosterPage, AppError> {
    let query = RosterQuery {
        occupation,
        level,
        status,
        certificate,
        sort,
        page,
        per_page: None,
    };
    let ctx = RequestContext::current()?;
    ctx.authorize("roster").await?;
    let company_id = ctx.company_id()?;
    let filter = query.to_filter().map_err(|e| ctx.fail(e.into()))?;
    ctx.services
        .roster
        .roster(company_id, &filter)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Imports a ledger file (form fields `file`, `mode`, `dry_run`). Access: company users.
///
/// Without JavaScript the browser posts the form and is redirected to `/roster?import=<job>`
/// (or `?import_error=<message>`), where the report is shown; once hydrated the page shows the
/// report in place.
#[server(prefix = "/sfn", endpoint = "import_roster", input = MultipartFormData)]
pub async fn import_roster(data: MultipartData) -> Result<ImportOutcome, AppError> {
    use super::types::ImportMode;

    let ctx = RequestContext::current()?;
    ctx.authorize("import_roster").await?;
    let company_id = ctx.company_id()?;
    let unreadable = |e: String| AppError::invalid("file", format!("上传内容无法读取：{e}"));
    let mut form = data.into_inner().ok_or_else(AppError::internal)?;
    let (mut upload, mut file_name, mut mode, mut dry_run) =
        (None, None, ImportMode::AllOrNothing, false);
    let outcome = async {
        while let Some(mut field) = form
            .next_field()
            .await
            .map_err(|e| unreadable(e.to_string()))?
        {
            let name = field.name().unwrap_or_default().to_string();
            match name.as_str() {
                "file" => {
                    file_name = field.file_name().map(str::to_string);
                    // Chunk by chunk to a temporary file: a large ledger never sits in memory.
                    let mut spool = ctx.services.roster.spool_upload()?;
                    while let Some(chunk) =
                        field.chunk().await.map_err(|e| unreadable(e.to_string()))?
                    {
                        spool.write(&chunk)?;
                    }
                    upload = Some(spool);
                }
                "mode" => {
                    let text = field.text().await.map_err(|e| unreadable(e.to_string()))?;
                    mode = if text == "good_rows" {
                        ImportMode::GoodRows
                    } else {
                        ImportMode::AllOrNothing
                    };
                }
                "dry_run" => dry_run = true,
                _ => {}
            }
        }
        match upload {
            None => Err(AppError::invalid("file", "请选择要导入的台账文件")),
            // A browser sends an empty part when no file was chosen.
            Some(spool) if spool.is_empty() && file_name.as_deref().unwrap_or("").is_empty() => {
                Err(AppError::invalid("file", "请选择要导入的台账文件"))
            }
            Some(spool) if spool.is_empty() => Err(AppError::invalid("file", "文件是空的")),
            Some(spool) => {
                let file = spool.finish()?;
                ctx.services
                    .roster
                    .import_ledger(company_id, &ctx.identity, file, file_name, mode, dry_run)
                    .await
            }
        }
    }
    .await;
    match outcome {
        Ok((job_id, report)) => {
            if ctx.is_plain_form_post() {
                leptos_axum::redirect(&format!("/roster?import={job_id}"));
            }
            Ok(ImportOutcome { job_id, report })
        }
        Err(error) => {
            let error = ctx.fail(error);
            if ctx.is_plain_form_post() {
                leptos_axum::redirect(&format!(
                    "/roster?import_error={}",
                    crate::ui::percent_encode(&error.message)
                ));
            }
            Err(error)
        }
    }
}

/// An earlier import's report. Access: company users (their own company's imports only).
#[server(prefix = "/sfn", endpoint = "import_job")]
pub async fn import_job(id: i32) -> Result<ImportReport, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("import_job").await?;
    let company_id = ctx.company_id()?;
    ctx.services
        .roster
        .import_job(company_id, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One of the caller's workers, masked. Access: company users (own workers only).
#[server(prefix = "/sfn", endpoint = "worker")]
pub async fn worker(id: i32) -> Result<WorkerDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("worker").await?;
    let company_id = ctx.company_id()?;
    ctx.services
        .roster
        .worker(company_id, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Adds a worker (no `id`) or saves one's fields (`id` and the `version` read). Checkboxes
/// arrive as "on"/"true" or not at all; lists as text separated by 、 or commas. When editing,
/// an empty ID or phone number keeps the stored one. Access: company users.
#[server(prefix = "/sfn", endpoint = "save_worker")]
#[allow(clippy::too_many_arguments)]
pub async fn save_worker(
    id: Option<i32>,
    version: Option<i32>,
    name: String,
    id_number: Option<String>,
    phone: Option<String>,
    household_county: Option<String>,
    poverty_registered: Option<String>,
    household_number: Option<String>,
    poverty_status: Option<String>,
    education: Option<String>,
    training_wish: Option<String>,
    employment_wish: Option<String>,
    occupations: Option<String>,
    certificate_level: Option<String>,
    certificate_number: Option<String>,
    certificate_issuer: Option<String>,
    certificate_date: Option<String>,
    years_experience: Option<String>,
    expected_wage: Option<String>,
    target_regions: Option<String>,
    available_from: Option<String>,
    bio: Option<String>,
) -> Result<WorkerDetail, AppError> {
    use super::types::WorkerInput;
    use crate::domain::brand::split_occupations;

    let ctx = RequestContext::current()?;
    ctx.authorize("save_worker").await?;
    let company_id = ctx.company_id()?;
    let checked = |v: &Option<String>| v.as_deref().is_some_and(|v| v == "on" || v == "true");
    let present = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    let years = match present(years_experience) {
        None => Ok(None),
        Some(text) => text
            .trim()
            .parse::<u8>()
            .map(Some)
            .map_err(|_| AppError::invalid("years_experience", "从业年限应为 0–60 的整数")),
    };
    let result = match years {
        Err(e) => Err(e),
        Ok(years_experience) => {
            let input = WorkerInput {
                name,
                id_number: id_number.unwrap_or_default(),
                phone: phone.unwrap_or_default(),
                household_county: present(household_county),
                poverty_registered: Some(checked(&poverty_registered)),
                household_number: present(household_number),
                poverty_status: present(poverty_status),
                occupations: split_occupations(&occupations.unwrap_or_default()),
                certificate_level: present(certificate_level),
                certificate_number: present(certificate_number),
                certificate_issuer: present(certificate_issuer),
                certificate_date: present(certificate_date),
                years_experience,
                expected_wage: present(expected_wage),
                target_regions: split_occupations(&target_regions.unwrap_or_default()),
                available_from: present(available_from),
                bio: present(bio),
                education: present(education),
                training_wish: Some(checked(&training_wish)),
                employment_wish: Some(checked(&employment_wish)),
                version,
            };
            ctx.services
                .roster
                .save_worker(company_id, &ctx.identity, id, input)
                .await
        }
    };
    if let (Ok(saved), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect(&format!("/roster/workers/{}?done=1", saved.entry.id));
        return result;
    }
    let back = match id {
        Some(id) => format!("/roster/workers/{id}"),
        None => "/roster/workers/new".to_string(),
    };
    ctx.answer_form(result, &back)
}

/// Records or withdraws consent (`change`: consent, withdraw_consent) or (de)activates the
/// worker (deactivate, reactivate). Access: company users, own workers.
#[server(prefix = "/sfn", endpoint = "change_worker")]
pub async fn change_worker(
    id: i32,
    change: String,
    method: Option<String>,
    scope: Option<String>,
) -> Result<WorkerDetail, AppError> {
    use super::types::{ConsentInput, WorkerChange};

    let ctx = RequestContext::current()?;
    ctx.authorize("change_worker").await?;
    let company_id = ctx.company_id()?;
    let change = match change.as_str() {
        "consent" => Ok(WorkerChange::GiveConsent(ConsentInput {
            method: method.unwrap_or_default(),
            scope: scope.unwrap_or_default(),
        })),
        "withdraw_consent" => Ok(WorkerChange::WithdrawConsent),
        "deactivate" => Ok(WorkerChange::Deactivate),
        "reactivate" => Ok(WorkerChange::Reactivate),
        "placed" => Ok(WorkerChange::Placed),
        "available" => Ok(WorkerChange::Available),
        _ => Err(AppError::invalid(
            "change",
            "change 应为 consent、withdraw_consent、deactivate、reactivate、placed 或 available",
        )),
    };
    let result = match change {
        Ok(change) => {
            ctx.services
                .roster
                .change_worker(company_id, &ctx.identity, id, change)
                .await
        }
        Err(e) => Err(e),
    };
    ctx.answer_form(result, &format!("/roster/workers/{id}"))
}

/// The worker's full ID and phone number, for a stated purpose. Audited; 50 per user per day.
/// Access: company users, own workers.
#[server(prefix = "/sfn", endpoint = "reveal_worker")]
pub async fn reveal_worker(id: i32, purpose: String) -> Result<RevealedContact, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("reveal_worker").await?;
    let company_id = ctx.company_id()?;
    ctx.services
        .roster
        .reveal(company_id, &ctx.identity, id, &purpose)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The caller's company's import in progress, if one is running. Access: company users.
#[server(prefix = "/sfn", endpoint = "import_progress")]
pub async fn import_progress() -> Result<Option<super::types::ImportProgress>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("import_progress").await?;
    let company_id = ctx.company_id()?;
    Ok(ctx.services.roster.import_progress(company_id).await)
}

/// Adds a further certificate to one of the caller's workers. Access: company users.
#[server(prefix = "/sfn", endpoint = "add_certificate")]
pub async fn add_certificate(
    worker_id: i32,
    occupation: String,
    level: String,
    number: Option<String>,
    issuer: Option<String>,
    issued_on: Option<String>,
) -> Result<WorkerDetail, AppError> {
    use crate::domain::roster::CertificateForm;

    let ctx = RequestContext::current()?;
    ctx.authorize("add_certificate").await?;
    let company_id = ctx.company_id()?;
    let form = CertificateForm {
        occupation,
        level,
        number,
        issuer,
        issued_on,
    };
    let result = ctx
        .services
        .roster
        .add_certificate(company_id, &ctx.identity, worker_id, form)
        .await;
    ctx.answer_form(result, &format!("/roster/workers/{worker_id}"))
}

/// Removes one of a worker's further certificates. Access: company users, own workers.
#[server(prefix = "/sfn", endpoint = "remove_certificate")]
pub async fn remove_certificate(
    worker_id: i32,
    certificate_id: i32,
) -> Result<WorkerDetail, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("remove_certificate").await?;
    let company_id = ctx.company_id()?;
    let result = ctx
        .services
        .roster
        .remove_certificate(company_id, &ctx.identity, worker_id, certificate_id)
        .await;
    ctx.answer_form(result, &format!("/roster/workers/{worker_id}"))
}
