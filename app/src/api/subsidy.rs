//! Server functions of the 员工制, social-insurance, policy-parameter and subsidy-claim pages.
//! Arguments are flat (checkboxes as optional strings) so every form also works as a plain
//! post before the WebAssembly loads.

use super::error::AppError;
use super::types::{
    ClaimTotal, ClaimView, EmployeeSystemCandidate, EmployeeSystemRow, EmployeeSystemView,
    ImportReport, InsuranceEnrolmentView, PolicyVersionView, RecomputeReport,
};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use super::context::RequestContext;

#[cfg(feature = "ssr")]
fn checked(value: &Option<String>) -> bool {
    matches!(value.as_deref(), Some("on" | "true" | "1"))
}

/// The 员工制 board. Access: companies (own), promoters (county), admins.
#[server(prefix = "/sfn", endpoint = "employee_system_board")]
pub async fn employee_system_board(
    sort: Option<String>,
    order: Option<String>,
) -> Result<Vec<EmployeeSystemRow>, AppError> {
    use super::types::BoardQuery;
    let ctx = RequestContext::current()?;
    ctx.authorize("employee_system_board").await?;
    let query = BoardQuery {
        sort: sort.unwrap_or_default(),
        order: order.unwrap_or_default(),
    };
    ctx.services
        .subsidies
        .employee_system_board(&ctx.identity, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Signed 员工制 contracts not yet enrolled. Access: companies.
#[server(prefix = "/sfn", endpoint = "employee_system_candidates")]
pub async fn employee_system_candidates() -> Result<Vec<EmployeeSystemCandidate>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("employee_system_candidates").await?;
    ctx.services
        .subsidies
        .employee_system_candidates(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Enrols a worker in 员工制 under a signed 员工制 contract. Access: companies.
#[server(prefix = "/sfn", endpoint = "enrol_employee_system")]
pub async fn enrol_employee_system(
    contract_id: i32,
    started_on: String,
    flexible_hours: Option<String>,
    negotiated_pay: Option<String>,
    rotation: Option<String>,
) -> Result<EmployeeSystemView, AppError> {
    use crate::domain::insurance::{EmployeeSystemForm, WorkArrangement};
    let ctx = RequestContext::current()?;
    ctx.authorize("enrol_employee_system").await?;
    let work_arrangements = [
        (WorkArrangement::FlexibleHours, &flexible_hours),
        (WorkArrangement::NegotiatedPay, &negotiated_pay),
        (WorkArrangement::Rotation, &rotation),
    ]
    .into_iter()
    .filter(|(_, value)| checked(value))
    .map(|(a, _)| a.code().to_string())
    .collect();
    let form = EmployeeSystemForm {
        contract_id,
        work_arrangements,
        started_on,
    };
    let result = ctx
        .services
        .subsidies
        .enrol_employee_system(&ctx.identity, &form)
        .await;
    ctx.answer_form(result, "/employee-system")
}

/// Ends a 员工制 enrolment. Access: companies.
#[server(prefix = "/sfn", endpoint = "end_employee_system")]
pub async fn end_employee_system(
    id: i32,
    ended_on: String,
    reason: String,
) -> Result<EmployeeSystemView, AppError> {
    use crate::domain::insurance::EnrolmentEnd;
    let ctx = RequestContext::current()?;
    ctx.authorize("end_employee_system").await?;
    let result = ctx
        .services
        .subsidies
        .end_employee_system(&ctx.identity, id, &EnrolmentEnd { ended_on, reason })
        .await;
    ctx.answer_form(result, "/employee-system")
}

/// Insurance enrolments (optionally one worker's). Access: companies, promoters, admins.
#[server(prefix = "/sfn", endpoint = "insurance_enrolments")]
pub async fn insurance_enrolments(
    worker_id: Option<i32>,
) -> Result<Vec<InsuranceEnrolmentView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("insurance_enrolments").await?;
    ctx.services
        .subsidies
        .insurance_enrolments(&ctx.identity, worker_id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One insurance enrolment. Access: companies, promoters, admins.
#[server(prefix = "/sfn", endpoint = "insurance_enrolment")]
pub async fn insurance_enrolment(id: i32) -> Result<InsuranceEnrolmentView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("insurance_enrolment").await?;
    ctx.services
        .subsidies
        .insurance_enrolment(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Enrols a worker in pension and/or medical insurance. Access: companies.
#[server(prefix = "/sfn", endpoint = "enrol_insurance")]
pub async fn enrol_insurance(
    worker_id: i32,
    start_period: String,
    monthly_base_yuan: String,
    pension: Option<String>,
    medical: Option<String>,
) -> Result<Vec<InsuranceEnrolmentView>, AppError> {
    use crate::domain::insurance::{InsuranceEnrolmentForm, Scheme};
    let ctx = RequestContext::current()?;
    ctx.authorize("enrol_insurance").await?;
    let schemes = [(Scheme::Pension, &pension), (Scheme::Medical, &medical)]
        .into_iter()
        .filter(|(_, value)| checked(value))
        .map(|(s, _)| s.code().to_string())
        .collect();
    let form = InsuranceEnrolmentForm {
        worker_id,
        schemes,
        start_period,
        monthly_base_yuan,
    };
    let result = ctx
        .services
        .subsidies
        .enrol_insurance(&ctx.identity, &form)
        .await;
    ctx.answer_form(result, "/insurance")
}

/// Ends an insurance enrolment. Access: companies.
#[server(prefix = "/sfn", endpoint = "end_insurance")]
pub async fn end_insurance(
    id: i32,
    ended_on: String,
    reason: String,
) -> Result<InsuranceEnrolmentView, AppError> {
    use crate::domain::insurance::EnrolmentEnd;
    let ctx = RequestContext::current()?;
    ctx.authorize("end_insurance").await?;
    let result = ctx
        .services
        .subsidies
        .end_insurance(&ctx.identity, id, &EnrolmentEnd { ended_on, reason })
        .await;
    ctx.answer_form(result, &format!("/insurance/{id}"))
}

/// Sets the monthly base for a year. Access: companies.
#[server(prefix = "/sfn", endpoint = "set_contribution_base")]
pub async fn set_contribution_base(
    enrolment_id: i32,
    year: String,
    monthly_base_yuan: String,
) -> Result<InsuranceEnrolmentView, AppError> {
    use crate::domain::insurance::ContributionBaseForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("set_contribution_base").await?;
    let result = ctx
        .services
        .subsidies
        .set_contribution_base(
            &ctx.identity,
            enrolment_id,
            &ContributionBaseForm {
                year,
                monthly_base_yuan,
            },
        )
        .await;
    ctx.answer_form(result, &format!("/insurance/{enrolment_id}"))
}

/// Records one month's contribution. Access: companies.
#[server(prefix = "/sfn", endpoint = "record_contribution")]
pub async fn record_contribution(
    enrolment_id: i32,
    period: String,
    base_yuan: String,
    paid_yuan: String,
    paid_on: String,
) -> Result<InsuranceEnrolmentView, AppError> {
    use crate::domain::insurance::ContributionForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("record_contribution").await?;
    let result = ctx
        .services
        .subsidies
        .record_contribution(
            &ctx.identity,
            enrolment_id,
            &ContributionForm {
                period,
                base_yuan,
                paid_yuan,
                paid_on,
            },
        )
        .await;
    ctx.answer_form(result, &format!("/insurance/{enrolment_id}"))
}

/// Imports an insurance agency statement (multipart: `file`, optional `mode` =
/// `all_or_nothing`). Access: companies.
#[server(prefix = "/sfn", endpoint = "import_statement", input = MultipartFormData)]
pub async fn import_statement(data: MultipartData) -> Result<ImportReport, AppError> {
    use super::types::ImportMode;
    // Agency statements are a few hundred rows; anything past this is not one.
    const MAX_STATEMENT_BYTES: usize = 5 * 1024 * 1024;
    let ctx = RequestContext::current()?;
    ctx.authorize("import_statement").await?;
    let unreadable = |e: String| AppError::invalid("file", format!("上传内容无法读取：{e}"));
    let mut form = data.into_inner().ok_or_else(AppError::internal)?;
    let (mut bytes, mut file_name, mut mode) = (Vec::new(), None, ImportMode::GoodRows);
    let result = async {
        while let Some(mut field) = form
            .next_field()
            .await
            .map_err(|e| unreadable(e.to_string()))?
        {
            match field.name().unwrap_or_default() {
                "file" => {
                    file_name = field.file_name().map(str::to_string);
                    while let Some(chunk) =
                        field.chunk().await.map_err(|e| unreadable(e.to_string()))?
                    {
                        if bytes.len() + chunk.len() > MAX_STATEMENT_BYTES {
                            return Err(AppError::invalid(
                                "file",
                                "对账单超过 5 MB，请按月份拆分后再导入",
                            ));
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                }
                "mode" => {
                    let text = field.text().await.map_err(|e| unreadable(e.to_string()))?;
                    if text == "all_or_nothing" {
                        mode = ImportMode::AllOrNothing;
                    }
                }
                _ => {}
            }
        }
        if bytes.is_empty() {
            return Err(AppError::invalid("file", "请选择社保经办机构的对账单文件"));
        }
        ctx.services
            .subsidies
            .import_statement(&ctx.identity, file_name, bytes, mode)
            .await
    }
    .await;
    let result = result.map_err(|e| ctx.fail(e));
    if ctx.is_plain_form_post() {
        let target = match &result {
            Ok(report) => format!(
                "/insurance?imported={}&updated={}&unchanged={}&rejected={}",
                report.inserted,
                report.updated,
                report.unchanged,
                report.rejected.len()
            ),
            Err(e) => format!(
                "/insurance?error={}&field={}",
                crate::ui::percent_encode(&e.message),
                e.field.as_deref().unwrap_or("")
            ),
        };
        leptos_axum::redirect(&target);
    }
    result
}

/// Every policy-parameter version. Access: signed in.
#[server(prefix = "/sfn", endpoint = "policy_versions")]
pub async fn policy_versions() -> Result<Vec<PolicyVersionView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("policy_versions").await?;
    ctx.services
        .subsidies
        .policy_versions(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Adds a policy-parameter version. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "create_policy_version")]
#[allow(clippy::too_many_arguments)]
pub async fn create_policy_version(
    county_code: String,
    effective_from: String,
    effective_to: String,
    annual_average_wage_yuan: String,
    base_floor_percent: String,
    base_ceiling_percent: String,
    pension_rate_percent: String,
    medical_rate_percent: String,
    transport_cap_yuan: String,
    insurance_share: String,
    insurance_max_months: String,
    employer_hiring_yuan: String,
    employer_insurance_monthly_yuan: String,
    training_per_person_yuan: Option<String>,
    entrepreneurship_training_yuan: Option<String>,
    skill_appraisal_yuan: Option<String>,
    station_service_yuan: Option<String>,
    note: String,
) -> Result<PolicyVersionView, AppError> {
    use crate::domain::policy::PolicyVersionForm;
    let ctx = RequestContext::current()?;
    ctx.authorize("create_policy_version").await?;
    let form = PolicyVersionForm {
        county_code,
        effective_from,
        effective_to,
        annual_average_wage_yuan,
        base_floor_percent,
        base_ceiling_percent,
        pension_rate_percent,
        medical_rate_percent,
        transport_cap_yuan,
        insurance_share,
        insurance_max_months,
        employer_hiring_yuan,
        employer_insurance_monthly_yuan,
        training_per_person_yuan: training_per_person_yuan.unwrap_or_default(),
        entrepreneurship_training_yuan: entrepreneurship_training_yuan.unwrap_or_default(),
        skill_appraisal_yuan: skill_appraisal_yuan.unwrap_or_default(),
        station_service_yuan: station_service_yuan.unwrap_or_default(),
        note,
    };
    let result = ctx
        .services
        .subsidies
        .create_policy_version(&ctx.identity, &form)
        .await;
    ctx.answer_form(result, "/manage/policy-parameters")
}

/// Claims the caller may see. Access: signed in (employers: their own).
#[server(prefix = "/sfn", endpoint = "subsidy_claims")]
pub async fn subsidy_claims(
    state: Option<String>,
    kind: Option<String>,
    year: Option<String>,
    county: Option<String>,
    worker_id: Option<i32>,
) -> Result<Vec<ClaimView>, AppError> {
    use super::types::ClaimFilter;
    let ctx = RequestContext::current()?;
    ctx.authorize("subsidy_claims").await?;
    let filter = ClaimFilter {
        state: state.unwrap_or_default(),
        kind: kind.unwrap_or_default(),
        year: year.unwrap_or_default(),
        county: county.unwrap_or_default(),
        worker_id,
    };
    ctx.services
        .subsidies
        .claims(&ctx.identity, &filter)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One claim with its explanation. Access: signed in (the claimant, the county, admins).
#[server(prefix = "/sfn", endpoint = "subsidy_claim")]
pub async fn subsidy_claim(id: i32) -> Result<ClaimView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("subsidy_claim").await?;
    ctx.services
        .subsidies
        .claim(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The claimant's evidence (and a transport claim's travel cost). Access: companies,
/// employers.
#[server(prefix = "/sfn", endpoint = "attach_claim_evidence")]
pub async fn attach_claim_evidence(
    id: i32,
    row_version: i32,
    evidence: String,
    travel_cost_yuan: Option<String>,
) -> Result<ClaimView, AppError> {
    use super::types::ClaimEvidence;
    let ctx = RequestContext::current()?;
    ctx.authorize("attach_claim_evidence").await?;
    let result = ctx
        .services
        .subsidies
        .attach_evidence(
            &ctx.identity,
            id,
            &ClaimEvidence {
                row_version,
                evidence,
                travel_cost_yuan: travel_cost_yuan.unwrap_or_default(),
            },
        )
        .await;
    ctx.answer_form(result, &format!("/subsidies/{id}"))
}

/// A step on a claim: `submit` (claimant), `approve`, `reject` (with reason), `pay` (with
/// payment reference) (officials).
#[cfg(feature = "ssr")]
async fn step(
    endpoint: &str,
    id: i32,
    step: crate::domain::subsidy::ClaimStep,
    decision: super::types::ClaimDecision,
) -> Result<ClaimView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize(endpoint).await?;
    let result = ctx
        .services
        .subsidies
        .step_claim(&ctx.identity, id, step, &decision)
        .await;
    ctx.answer_form(result, &format!("/subsidies/{id}"))
}

/// Submits a claim. Access: companies, employers (the claimant).
#[server(prefix = "/sfn", endpoint = "submit_claim")]
pub async fn submit_claim(id: i32, row_version: i32) -> Result<ClaimView, AppError> {
    use super::types::ClaimDecision;
    use crate::domain::subsidy::ClaimStep;
    step(
        "submit_claim",
        id,
        ClaimStep::Submit,
        ClaimDecision {
            row_version,
            ..ClaimDecision::default()
        },
    )
    .await
}

/// Approves a submitted claim. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "approve_claim")]
pub async fn approve_claim(id: i32, row_version: i32) -> Result<ClaimView, AppError> {
    use super::types::ClaimDecision;
    use crate::domain::subsidy::ClaimStep;
    step(
        "approve_claim",
        id,
        ClaimStep::Approve,
        ClaimDecision {
            row_version,
            ..ClaimDecision::default()
        },
    )
    .await
}

/// Rejects a submitted claim with a reason. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "reject_claim")]
pub async fn reject_claim(
    id: i32,
    row_version: i32,
    reason: String,
) -> Result<ClaimView, AppError> {
    use super::types::ClaimDecision;
    use crate::domain::subsidy::ClaimStep;
    step(
        "reject_claim",
        id,
        ClaimStep::Reject,
        ClaimDecision {
            row_version,
            reason,
            ..ClaimDecision::default()
        },
    )
    .await
}

/// Marks an approved claim paid. Access: promoters (their county), admins.
#[server(prefix = "/sfn", endpoint = "pay_claim")]
pub async fn pay_claim(
    id: i32,
    row_version: i32,
    payment_reference: String,
) -> Result<ClaimView, AppError> {
    use super::types::ClaimDecision;
    use crate::domain::subsidy::ClaimStep;
    step(
        "pay_claim",
        id,
        ClaimStep::Pay,
        ClaimDecision {
            row_version,
            payment_reference,
            ..ClaimDecision::default()
        },
    )
    .await
}

/// Totals by county, kind and year. Access: promoters, admins.
#[server(prefix = "/sfn", endpoint = "claim_totals")]
pub async fn claim_totals(
    year: Option<String>,
    county: Option<String>,
) -> Result<Vec<ClaimTotal>, AppError> {
    use super::types::ClaimFilter;
    let ctx = RequestContext::current()?;
    ctx.authorize("claim_totals").await?;
    let filter = ClaimFilter {
        year: year.unwrap_or_default(),
        county: county.unwrap_or_default(),
        ..ClaimFilter::default()
    };
    ctx.services
        .subsidies
        .claim_totals(&ctx.identity, &filter)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Computes missing claims from existing facts. Access: promoters, admins.
#[server(prefix = "/sfn", endpoint = "recompute_claims")]
pub async fn recompute_claims() -> Result<RecomputeReport, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("recompute_claims").await?;
    let result = ctx.services.subsidies.recompute_claims(&ctx.identity).await;
    ctx.answer_form(result, "/subsidies")
}
