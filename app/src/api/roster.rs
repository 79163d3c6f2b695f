//! The company's roster page: its list, ledger import (multipart upload) and import reports.

use super::error::AppError;
pub use super::types::RosterQuery;
use super::types::{ImportReport, RosterPage};
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
    let (mut file, mut file_name, mut mode, mut dry_run) =
        (None, None, ImportMode::AllOrNothing, false);
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| unreadable(e.to_string()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                file_name = field.file_name().map(str::to_string);
                file = Some(
                    field
                        .bytes()
                        .await
                        .map_err(|e| unreadable(e.to_string()))?
                        .to_vec(),
                )
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
    let outcome = match file.filter(|f| !f.is_empty()) {
        None => Err(AppError::invalid("file", "请选择要导入的台账文件")),
        Some(file) => {
            ctx.services
                .roster
                .import_ledger(company_id, &ctx.identity, file, file_name, mode, dry_run)
                .await
        }
    };
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
