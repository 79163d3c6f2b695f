//! Server functions of the contract and placement pages. Arguments are flat so every form also
//! works as a plain post before the WebAssembly loads.

use super::error::AppError;
use super::types::{ContractTemplateView, ContractView, PlacementView, WorkerContact};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::RequestContext;

#[cfg(feature = "ssr")]
fn checked(value: Option<String>) -> bool {
    matches!(value.as_deref(), Some("on" | "true" | "1"))
}

/// The caller's contracts (latest versions). Access: signed in.
#[server(prefix = "/sfn", endpoint = "contracts")]
pub async fn contracts() -> Result<Vec<ContractView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("contracts").await?;
    ctx.services
        .contracts
        .contracts(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One contract version. Access: its parties, the company's county's promoters, admins.
#[server(prefix = "/sfn", endpoint = "contract")]
pub async fn contract(id: i32) -> Result<ContractView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("contract").await?;
    ctx.services
        .contracts
        .contract(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Edits an unsigned version (voids signatures given). Access: the two parties.
#[server(prefix = "/sfn", endpoint = "edit_contract")]
#[allow(clippy::too_many_arguments)]
pub async fn edit_contract(
    id: i32,
    row_version: i32,
    kind: String,
    term_kind: String,
    start_date: String,
    end_date: String,
    probation_months: String,
    position: String,
    place: String,
    monthly_wage_yuan: String,
    pay_day: String,
    hours_system: String,
    flexible_hours: Option<String>,
    negotiated_pay: Option<String>,
    rotation: Option<String>,
    rest: String,
    social_insurance: String,
    labour_protection: String,
    other: String,
) -> Result<ContractView, AppError> {
    use super::types::ContractEdit;
    use crate::domain::contract::{ContractClauses, ContractTermsForm};

    let ctx = RequestContext::current()?;
    ctx.authorize("edit_contract").await?;
    let edit = ContractEdit {
        row_version,
        terms: ContractTermsForm {
            kind,
            term_kind,
            start_date,
            end_date,
            probation_months,
            position,
            place,
            monthly_wage_yuan,
            pay_day,
            hours_system,
            flexible_hours: checked(flexible_hours),
            negotiated_pay: checked(negotiated_pay),
            rotation: checked(rotation),
            clauses: ContractClauses {
                rest,
                social_insurance,
                labour_protection,
                other,
            },
        },
    };
    let result = ctx
        .services
        .contracts
        .edit_contract(&ctx.identity, id, &edit)
        .await;
    ctx.answer_form(result, &format!("/contracts/{id}"))
}

/// Signs as the caller's side; a company user records how and when the worker confirmed.
/// Access: the two parties.
#[server(prefix = "/sfn", endpoint = "sign_contract")]
pub async fn sign_contract(
    id: i32,
    row_version: i32,
    confirmation_method: Option<String>,
    confirmed_on: Option<String>,
) -> Result<ContractView, AppError> {
    use super::types::ContractSigning;
    use crate::domain::contract::WorkerConfirmation;

    let ctx = RequestContext::current()?;
    ctx.authorize("sign_contract").await?;
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|t| t.trim().is_empty());
    let worker_confirmation = match (confirmation_method, confirmed_on) {
        (method, on) if blank(&method) && blank(&on) => None,
        (method, on) => Some(WorkerConfirmation {
            method: method.unwrap_or_default(),
            confirmed_on: on.unwrap_or_default(),
        }),
    };
    let result = ctx
        .services
        .contracts
        .sign_contract(
            &ctx.identity,
            id,
            &ContractSigning {
                row_version,
                worker_confirmation,
            },
        )
        .await;
    ctx.answer_form(result, &format!("/contracts/{id}"))
}

/// Drafts an amendment of a signed contract. Access: the two parties.
#[server(prefix = "/sfn", endpoint = "amend_contract")]
pub async fn amend_contract(id: i32) -> Result<ContractView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("amend_contract").await?;
    let result = ctx
        .services
        .contracts
        .amend_contract(&ctx.identity, id)
        .await;
    if let (Ok(amendment), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect(&format!("/contracts/{}", amendment.id));
        return result;
    }
    ctx.answer_form(result, &format!("/contracts/{id}"))
}

/// Terminates a signed contract. Access: the two parties.
#[server(prefix = "/sfn", endpoint = "terminate_contract")]
pub async fn terminate_contract(
    id: i32,
    row_version: i32,
    on: String,
    reason: String,
) -> Result<ContractView, AppError> {
    use super::types::ContractTermination;

    let ctx = RequestContext::current()?;
    ctx.authorize("terminate_contract").await?;
    let result = ctx
        .services
        .contracts
        .terminate_contract(
            &ctx.identity,
            id,
            &ContractTermination {
                row_version,
                on,
                reason,
            },
        )
        .await;
    ctx.answer_form(result, &format!("/contracts/{id}"))
}

/// Placements the caller may see. Access: signed in.
#[server(prefix = "/sfn", endpoint = "placements")]
pub async fn placements() -> Result<Vec<PlacementView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("placements").await?;
    ctx.services
        .contracts
        .placements(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Ends a placement; the worker becomes available again. Access: the two parties.
#[server(prefix = "/sfn", endpoint = "end_placement")]
pub async fn end_placement(id: i32, on: String, reason: String) -> Result<PlacementView, AppError> {
    use super::types::PlacementEnd;

    let ctx = RequestContext::current()?;
    ctx.authorize("end_placement").await?;
    let result = ctx
        .services
        .contracts
        .end_placement(&ctx.identity, id, &PlacementEnd { on, reason })
        .await;
    ctx.answer_form(result, "/placements")
}

/// A placed worker's full name and phone for their employer; audited. Access: employers.
#[server(prefix = "/sfn", endpoint = "placement_contact")]
pub async fn placement_contact(id: i32) -> Result<WorkerContact, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("placement_contact").await?;
    ctx.services
        .contracts
        .placement_contact(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The clause templates. Access: admins.
#[server(prefix = "/sfn", endpoint = "contract_templates")]
pub async fn contract_templates() -> Result<Vec<ContractTemplateView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("contract_templates").await?;
    ctx.services
        .contracts
        .contract_templates(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Saves one kind's clause template. Access: admins.
#[server(prefix = "/sfn", endpoint = "save_contract_template")]
pub async fn save_contract_template(
    kind: String,
    rest: String,
    social_insurance: String,
    labour_protection: String,
    other: String,
) -> Result<ContractTemplateView, AppError> {
    use crate::domain::contract::{ContractClauses, ContractKind};

    let ctx = RequestContext::current()?;
    ctx.authorize("save_contract_template").await?;
    let result = match ContractKind::parse(&kind) {
        Some(kind) => {
            ctx.services
                .contracts
                .save_contract_template(
                    &ctx.identity,
                    kind,
                    &ContractClauses {
                        rest,
                        social_insurance,
                        labour_protection,
                        other,
                    },
                )
                .await
        }
        None => Err(AppError::invalid(
            "kind",
            "合同类型应为 direct 或 employee_system",
        )),
    };
    ctx.answer_form(result, "/manage/contract-templates")
}
