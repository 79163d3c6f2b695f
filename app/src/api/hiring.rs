//! Server functions of the hiring pages: employer registration and verification, colleagues,
//! vacancies, hire requests and the inbox. Arguments are flat so every form also works as a
//! plain post before the WebAssembly loads.

use super::error::AppError;
use super::types::{
    EmployerView, HireRequestView, InboxView, SearchResults, VacancyFilter, VacancyView,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::RequestContext;

/// `"on"` (a checked box in a plain form), `"true"` or `"1"`.
#[cfg(feature = "ssr")]
fn checked(value: Option<String>) -> bool {
    matches!(value.as_deref(), Some("on" | "true" | "1"))
}

/// `1,2, 3` → [1, 2, 3]; anything unreadable names the field.
#[cfg(feature = "ssr")]
pub(crate) fn id_list(field: &str, text: &str) -> Result<Vec<i32>, AppError> {
    text.split([',', ' ', '，'])
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse::<i32>()
                .map_err(|_| AppError::invalid(field, "劳动者编号应为数字"))
        })
        .collect()
}

/// Registers an employer and its first account; it waits for verification. Access: public.
#[server(prefix = "/sfn", endpoint = "register_employer")]
#[allow(clippy::too_many_arguments)]
pub async fn register_employer(
    name: String,
    credit_code: String,
    province_code: String,
    city_code: String,
    city_name: String,
    industry: String,
    contact_name: String,
    contact_phone: String,
    username: String,
    password: String,
) -> Result<EmployerView, AppError> {
    use crate::domain::hiring::EmployerRegistration;

    let ctx = RequestContext::current()?;
    ctx.authorize("register_employer").await?;
    let registration = EmployerRegistration {
        name,
        credit_code,
        province_code,
        city_code,
        city_name,
        industry,
        contact_name,
        contact_phone,
        username,
        password,
    };
    let result = ctx
        .services
        .hiring
        .register_employer(&ctx.identity, &registration)
        .await;
    if let (Ok(_), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect("/login?registered=1");
        return result;
    }
    ctx.answer_form(result, "/register/employer")
}

/// Officials: every employer; an employer user: their own. Access: employers and officials.
#[server(prefix = "/sfn", endpoint = "employers")]
pub async fn employers() -> Result<Vec<EmployerView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("employers").await?;
    ctx.services
        .hiring
        .employers(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The caller's own employer with its users. Access: employers.
#[server(prefix = "/sfn", endpoint = "my_employer")]
pub async fn my_employer() -> Result<EmployerView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("my_employer").await?;
    ctx.services
        .hiring
        .my_employer(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Verifies an employer. Access: promoters and admins.
#[server(prefix = "/sfn", endpoint = "verify_employer")]
pub async fn verify_employer(id: i32) -> Result<EmployerView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("verify_employer").await?;
    let result = ctx.services.hiring.verify_employer(&ctx.identity, id).await;
    ctx.answer_form(result, "/manage/employers")
}

/// Adds a colleague's account to the caller's employer. Access: employers.
#[server(prefix = "/sfn", endpoint = "add_colleague")]
pub async fn add_colleague(
    username: String,
    display_name: String,
    password: String,
) -> Result<EmployerView, AppError> {
    use super::types::NewColleague;

    let ctx = RequestContext::current()?;
    ctx.authorize("add_colleague").await?;
    let colleague = NewColleague {
        username,
        display_name,
        password,
    };
    let result = ctx
        .services
        .hiring
        .add_colleague(&ctx.identity, &colleague)
        .await;
    ctx.answer_form(result, "/employer")
}

/// Vacancies the caller may see. Access: signed in.
#[server(prefix = "/sfn", endpoint = "vacancies")]
pub async fn vacancies(filter: VacancyFilter) -> Result<Vec<VacancyView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("vacancies").await?;
    ctx.services
        .hiring
        .vacancies(&ctx.identity, &filter)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One vacancy. Access: signed in (each sees what their role may).
#[server(prefix = "/sfn", endpoint = "vacancy")]
pub async fn vacancy(id: i32) -> Result<VacancyView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("vacancy").await?;
    ctx.services
        .hiring
        .vacancy(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Workers suggested for a vacancy. Access: employers and officials.
#[server(prefix = "/sfn", endpoint = "vacancy_suggestions")]
pub async fn vacancy_suggestions(id: i32) -> Result<SearchResults, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("vacancy_suggestions").await?;
    ctx.services
        .hiring
        .vacancy_suggestions(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Publishes (no `id`) or edits a vacancy. Access: employers.
#[server(prefix = "/sfn", endpoint = "save_vacancy")]
#[allow(clippy::too_many_arguments)]
pub async fn save_vacancy(
    id: Option<i32>,
    version: Option<i32>,
    position: String,
    occupation: String,
    headcount: String,
    place: String,
    region_code: String,
    wage_min_yuan: String,
    wage_max_yuan: String,
    starts_on: String,
    ends_on: String,
    housing: Option<String>,
    meals: Option<String>,
    insurance: Option<String>,
    requirements: String,
) -> Result<VacancyView, AppError> {
    use crate::domain::hiring::VacancyForm;

    let ctx = RequestContext::current()?;
    ctx.authorize("save_vacancy").await?;
    let form = VacancyForm {
        position,
        occupation,
        headcount,
        place,
        region_code,
        wage_min_yuan,
        wage_max_yuan,
        starts_on,
        ends_on,
        housing: checked(housing),
        meals: checked(meals),
        insurance: checked(insurance),
        requirements,
    };
    let result = ctx
        .services
        .hiring
        .save_vacancy(&ctx.identity, id, version, &form)
        .await;
    let back = id.map_or_else(|| "/vacancies".to_string(), |id| format!("/vacancies/{id}"));
    ctx.answer_form(result, &back)
}

/// Closes, fills or reopens a vacancy (`status`: open, filled, closed). Access: employers.
#[server(prefix = "/sfn", endpoint = "change_vacancy_status")]
pub async fn change_vacancy_status(
    id: i32,
    version: i32,
    status: String,
) -> Result<VacancyView, AppError> {
    use super::types::VacancyStatusChange;
    use crate::domain::hiring::VacancyStatus;

    let ctx = RequestContext::current()?;
    ctx.authorize("change_vacancy_status").await?;
    let result = match VacancyStatus::parse(&status) {
        Some(status) => {
            ctx.services
                .hiring
                .change_vacancy_status(&ctx.identity, id, &VacancyStatusChange { status, version })
                .await
        }
        None => Err(AppError::invalid(
            "status",
            "状态应为 open、filled 或 closed",
        )),
    };
    ctx.answer_form(result, &format!("/vacancies/{id}"))
}

/// Sends hire requests for the workers (`worker_ids`: comma-separated). Access: employers.
#[server(prefix = "/sfn", endpoint = "send_hire_request")]
#[allow(clippy::too_many_arguments)]
pub async fn send_hire_request(
    worker_ids: String,
    vacancy_id: Option<i32>,
    position: String,
    place: String,
    region_code: String,
    monthly_wage_yuan: String,
    start_date: String,
    term_months: String,
    conditions: String,
    message: String,
    event_id: Option<i32>,
) -> Result<Vec<HireRequestView>, AppError> {
    use super::types::NewHireRequest;
    use crate::domain::hiring::HireTermsForm;

    let ctx = RequestContext::current()?;
    ctx.authorize("send_hire_request").await?;
    let result = match id_list("worker_ids", &worker_ids) {
        Ok(worker_ids) => {
            let request = NewHireRequest {
                worker_ids,
                vacancy_id,
                event_id,
                terms: HireTermsForm {
                    position,
                    place,
                    region_code,
                    monthly_wage_yuan,
                    start_date,
                    term_months,
                    conditions,
                    message,
                },
            };
            ctx.services
                .hiring
                .send_hire_request(&ctx.identity, &request)
                .await
        }
        Err(e) => Err(e),
    };
    if let (Ok(created), true) = (&result, ctx.is_plain_form_post())
        && let Some(first) = created.first()
    {
        leptos_axum::redirect(&format!("/hiring/{}", first.id));
        return result;
    }
    ctx.answer_form(result, "/hiring/new")
}

/// A company proposes its workers for an open vacancy. Access: companies.
#[server(prefix = "/sfn", endpoint = "propose_for_vacancy")]
pub async fn propose_for_vacancy(
    vacancy_id: i32,
    worker_ids: String,
    message: String,
) -> Result<HireRequestView, AppError> {
    use super::types::VacancyProposal;

    let ctx = RequestContext::current()?;
    ctx.authorize("propose_for_vacancy").await?;
    let result = match id_list("worker_ids", &worker_ids) {
        Ok(worker_ids) => {
            ctx.services
                .hiring
                .propose_for_vacancy(
                    &ctx.identity,
                    vacancy_id,
                    &VacancyProposal {
                        worker_ids,
                        message,
                    },
                )
                .await
        }
        Err(e) => Err(e),
    };
    if let (Ok(created), true) = (&result, ctx.is_plain_form_post()) {
        leptos_axum::redirect(&format!("/hiring/{}", created.id));
        return result;
    }
    ctx.answer_form(result, &format!("/vacancies/{vacancy_id}"))
}

/// The requests the caller's organisation sent or received. Access: signed in.
#[server(prefix = "/sfn", endpoint = "hire_requests")]
pub async fn hire_requests() -> Result<Vec<HireRequestView>, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("hire_requests").await?;
    ctx.services
        .hiring
        .hire_requests(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One request with every line's history. Access: signed in (its two sides and officials).
#[server(prefix = "/sfn", endpoint = "hire_request")]
pub async fn hire_request(id: i32) -> Result<HireRequestView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("hire_request").await?;
    ctx.services
        .hiring
        .hire_request(&ctx.identity, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Answers one worker's line: `action` is accept, decline (with `reason`), counter (with
/// `counter_wage_yuan` and/or `counter_start_date`) or withdraw. Access: employers, companies.
#[server(prefix = "/sfn", endpoint = "answer_hire_line")]
#[allow(clippy::too_many_arguments)]
pub async fn answer_hire_line(
    request_id: i32,
    line_id: i32,
    version: i32,
    action: String,
    reason: Option<String>,
    counter_wage_yuan: Option<String>,
    counter_start_date: Option<String>,
) -> Result<HireRequestView, AppError> {
    use super::types::HireLineAnswer;
    use crate::domain::hiring::{CounterTerms, HireAction};
    use crate::domain::money::Fen;

    let ctx = RequestContext::current()?;
    ctx.authorize("answer_hire_line").await?;
    let action = match action.as_str() {
        "accept" => Ok(HireAction::Accept),
        "decline" => Ok(HireAction::Decline {
            reason: reason.unwrap_or_default(),
        }),
        "withdraw" => Ok(HireAction::Withdraw),
        "counter" => {
            let wage = counter_wage_yuan
                .as_deref()
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(|w| {
                    Fen::parse_yuan(w)
                        .map(|f| f.0)
                        .map_err(|_| AppError::invalid("monthly_wage", "月薪应为金额（元）"))
                })
                .transpose();
            wage.map(|monthly_wage_fen| HireAction::Counter {
                terms: CounterTerms {
                    monthly_wage_fen,
                    start_date: counter_start_date
                        .map(|d| d.trim().to_string())
                        .filter(|d| !d.is_empty()),
                },
            })
        }
        _ => Err(AppError::invalid(
            "action",
            "操作应为 accept、decline、counter 或 withdraw",
        )),
    };
    let result = match action {
        Ok(action) => {
            ctx.services
                .hiring
                .answer_hire_line(&ctx.identity, line_id, &HireLineAnswer { version, action })
                .await
        }
        Err(e) => Err(e),
    };
    ctx.answer_form(result, &format!("/hiring/{request_id}"))
}

/// Withdraws every open line of a request the caller's side started. Access: employers,
/// companies.
#[server(prefix = "/sfn", endpoint = "withdraw_hire_request")]
pub async fn withdraw_hire_request(id: i32) -> Result<HireRequestView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("withdraw_hire_request").await?;
    let result = ctx
        .services
        .hiring
        .withdraw_hire_request(&ctx.identity, id)
        .await;
    ctx.answer_form(result, &format!("/hiring/{id}"))
}

/// The caller's inbox. Access: signed in.
#[server(prefix = "/sfn", endpoint = "inbox")]
pub async fn inbox() -> Result<InboxView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("inbox").await?;
    ctx.services
        .hiring
        .inbox(&ctx.identity)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Marks one message (`id`) or all as read. Access: signed in.
#[server(prefix = "/sfn", endpoint = "mark_read")]
pub async fn mark_read(id: Option<i64>) -> Result<InboxView, AppError> {
    let ctx = RequestContext::current()?;
    ctx.authorize("mark_read").await?;
    let result = ctx.services.hiring.mark_read(&ctx.identity, id).await;
    ctx.answer_form(result, "/inbox")
}
