//! `/api/v1` routes of the audit log: the filtered log and its workbook for officials, and
//! who saw one worker's unmasked data. Same rules as the UI.

use super::api_v1::xlsx_download;
use super::api_v1_brands::Official;
use super::api_v1_training::TrainingKeeper;
use super::error::{ApiError, ApiQuery, ErrorBody};
use crate::state::AppState;
use app::api::audit::{AuditPage, AuditQuery, DisclosureView};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(audit_log))
        .routes(routes!(audit_log_xlsx))
        .routes(routes!(worker_disclosures))
}

/// The audit log, newest first, 50 a page: who, what, which record, when, from where.
/// Filters: `actor` (login name), `action` (or its beginning, e.g. `worker.`), `target`
/// (e.g. `worker:12`), `from`/`to` (Beijing dates). Access: admins (everything), promoters
/// (what their county's users did and what was done to their county's workers).
#[utoipa::path(
    get, path = "/api/v1/audit", tag = "audit",
    security(("session" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of the log", body = AuditPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 422, description = "A filter is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn audit_log(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    Ok(Json(state.services.audit.log(&identity, &query).await?))
}

/// The filtered log as an .xlsx workbook (at most 50,000 entries). Access: as the log. Audited.
#[utoipa::path(
    get, path = "/api/v1/audit/export.xlsx", tag = "audit",
    security(("session" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 422, description = "A filter is wrong; details.field names it", body = ErrorBody),
    )
)]
async fn audit_log_xlsx(
    State(state): State<AppState>,
    Official(identity): Official,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Response, ApiError> {
    let bytes = state.services.audit.log_xlsx(&identity, &query).await?;
    Ok(xlsx_download(
        bytes,
        "audit-log.xlsx",
        Some("审计日志.xlsx"),
    ))
}

/// Who saw this worker's unmasked data (full ID or phone number, contact, a full roster
/// export), when and why, newest first. Access: the worker's company, promoters of the
/// worker's county, admins (others: 404).
#[utoipa::path(
    get, path = "/api/v1/workers/{id}/disclosures", tag = "audit",
    security(("session" = [])),
    params(("id" = i32, Path, description = "worker id")),
    responses(
        (status = 200, description = "Disclosures", body = [DisclosureView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Employer users", body = ErrorBody),
        (status = 404, description = "No such worker the caller keeps", body = ErrorBody),
    )
)]
async fn worker_disclosures(
    State(state): State<AppState>,
    TrainingKeeper(identity): TrainingKeeper,
    Path(id): Path<i32>,
) -> Result<Json<Vec<DisclosureView>>, ApiError> {
    Ok(Json(state.services.audit.disclosures(&identity, id).await?))
}
