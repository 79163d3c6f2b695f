//! `/api/v1` routes for hiring: employers (registration, verification, colleagues), vacancies,
//! hire requests and the inbox. Same rules as the UI: the extractor checks the role, the
//! [`HiringDesk`](app::api::context::HiringDesk) service the organisation and the state.

use super::api_v1::{authorize, caller_with};
use super::api_v1_brands::Official;
use super::error::{ApiError, ApiJson, ErrorBody};
use crate::state::AppState;
use app::api::context::RequestIdentity;
use app::api::types::{
    EmployerView, HireLineAnswer, HireRequestView, InboxView, NewColleague, NewHireRequest,
    SearchResults, VacancyFilter, VacancyProposal, VacancyStatusChange, VacancyView,
};
use app::api::{EMPLOYERS, HIRING_PARTIES};
use app::domain::access::Access;
use app::domain::hiring::{EmployerRegistration, VacancyForm};
use app::domain::role::Role;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::{Extension, Json};
use http::{StatusCode, request};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(list_employers, register_employer))
        .routes(routes!(my_employer))
        .routes(routes!(verify_employer))
        .routes(routes!(add_colleague))
        .routes(routes!(list_vacancies, publish_vacancy))
        .routes(routes!(get_vacancy, edit_vacancy))
        .routes(routes!(change_vacancy_status))
        .routes(routes!(vacancy_suggestions))
        .routes(routes!(propose_for_vacancy))
        .routes(routes!(list_hire_requests, send_hire_request))
        .routes(routes!(get_hire_request))
        .routes(routes!(withdraw_hire_request))
        .routes(routes!(answer_hire_line))
        .routes(routes!(inbox))
        .routes(routes!(mark_read))
}

/// Anyone signed in.
pub struct SignedIn(pub RequestIdentity);
/// An employer user.
pub struct EmployerUser(pub RequestIdentity);
/// An employer or company user: the two sides of a hire.
pub struct HiringParty(pub RequestIdentity);
/// An admin.
pub struct AdminUser(pub RequestIdentity);
/// A company user proposing workers.
pub struct ProposingCompany(RequestIdentity);
/// Employers and officials.
pub struct EmployerReader(RequestIdentity);

macro_rules! extractor {
    ($name:ident, $access:expr) => {
        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;
            async fn from_request_parts(
                parts: &mut request::Parts,
                state: &AppState,
            ) -> Result<Self, ApiError> {
                caller_with(parts, state, $access).await.map($name)
            }
        }
    };
}
/// For the other route modules' extractors (they import what the expansion names:
/// `FromRequestParts`, `AppState`, `request`, `ApiError`, `caller_with`).
pub(super) use extractor;

extractor!(SignedIn, Access::SignedIn);
extractor!(AdminUser, Access::ADMIN);
extractor!(EmployerUser, EMPLOYERS);
extractor!(HiringParty, HIRING_PARTIES);
extractor!(ProposingCompany, Access::Roles(&[Role::Company]));
extractor!(
    EmployerReader,
    Access::Roles(&[Role::Employer, Role::Promoter, Role::Admin])
);

/// Register an employer (用工单位) and its first account. It may search at once, and publish
/// vacancies and send hire requests once a promoter or admin verifies it. Access: public;
/// limited per address.
#[utoipa::path(
    post, path = "/api/v1/employers", tag = "hiring",
    request_body = EmployerRegistration,
    responses(
        (status = 201, description = "Registered, waiting for verification", body = EmployerView),
        (status = 409, description = "Credit code, name or username taken; details.field names it", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
        (status = 429, description = "Too many registrations from this address", body = ErrorBody),
    )
)]
async fn register_employer(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    ApiJson(registration): ApiJson<EmployerRegistration>,
) -> Result<(StatusCode, Json<EmployerView>), ApiError> {
    authorize(&state, &identity, Access::Public, "POST /api/v1/employers").await?;
    let view = state
        .services
        .hiring
        .register_employer(&identity, &registration)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Employers: promoters and admins see all (unverified first); an employer user sees its own.
#[utoipa::path(
    get, path = "/api/v1/employers", tag = "hiring",
    security(("session" = [])),
    responses(
        (status = 200, description = "Employers with their accounts", body = [EmployerView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Company users", body = ErrorBody),
    )
)]
async fn list_employers(
    State(state): State<AppState>,
    EmployerReader(identity): EmployerReader,
) -> Result<Json<Vec<EmployerView>>, ApiError> {
    Ok(Json(state.services.hiring.employers(&identity).await?))
}

/// The caller's own employer, with its verification state and accounts. Access: employers.
#[utoipa::path(
    get, path = "/api/v1/employers/mine", tag = "hiring",
    security(("session" = [])),
    responses(
        (status = 200, description = "The caller's employer", body = EmployerView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an employer user", body = ErrorBody),
    )
)]
async fn my_employer(
    State(state): State<AppState>,
    EmployerUser(identity): EmployerUser,
) -> Result<Json<EmployerView>, ApiError> {
    Ok(Json(state.services.hiring.my_employer(&identity).await?))
}

/// Verify an employer, so it may publish vacancies and send hire requests. Verifying twice
/// changes nothing. Access: promoters, admins.
#[utoipa::path(
    post, path = "/api/v1/employers/{id}/verify", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "employer id")),
    responses(
        (status = 200, description = "Verified", body = EmployerView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a promoter or admin", body = ErrorBody),
        (status = 404, description = "No such employer", body = ErrorBody),
    )
)]
async fn verify_employer(
    State(state): State<AppState>,
    Official(identity): Official,
    Path(id): Path<i32>,
) -> Result<Json<EmployerView>, ApiError> {
    Ok(Json(
        state.services.hiring.verify_employer(&identity, id).await?,
    ))
}

/// Add a colleague's account to the caller's employer. Access: employers.
#[utoipa::path(
    post, path = "/api/v1/employers/mine/users", tag = "hiring",
    security(("session" = [])),
    request_body = NewColleague,
    responses(
        (status = 201, description = "Added", body = EmployerView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an employer user", body = ErrorBody),
        (status = 422, description = "Username taken or a field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn add_colleague(
    State(state): State<AppState>,
    EmployerUser(identity): EmployerUser,
    ApiJson(colleague): ApiJson<NewColleague>,
) -> Result<(StatusCode, Json<EmployerView>), ApiError> {
    let view = state
        .services
        .hiring
        .add_colleague(&identity, &colleague)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Vacancies: an employer sees its own (any status), companies the open ones of every
/// employer, officials all. Filters by occupation words, region and wage. Access: signed in.
#[utoipa::path(
    get, path = "/api/v1/vacancies", tag = "hiring",
    security(("session" = [])),
    params(VacancyFilter),
    responses(
        (status = 200, description = "Vacancies, most recently changed first", body = [VacancyView]),
        (status = 400, description = "Unknown region or status, or a malformed wage; details.field names it", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn list_vacancies(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    Query(filter): Query<VacancyFilter>,
) -> Result<Json<Vec<VacancyView>>, ApiError> {
    Ok(Json(
        state.services.hiring.vacancies(&identity, &filter).await?,
    ))
}

/// Publish a vacancy (空岗信息). Access: verified employers.
#[utoipa::path(
    post, path = "/api/v1/vacancies", tag = "hiring",
    security(("session" = [])),
    request_body = VacancyForm,
    responses(
        (status = 201, description = "Published (open)", body = VacancyView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an employer, or not verified yet (the message says so)", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn publish_vacancy(
    State(state): State<AppState>,
    EmployerUser(identity): EmployerUser,
    ApiJson(form): ApiJson<VacancyForm>,
) -> Result<(StatusCode, Json<VacancyView>), ApiError> {
    let view = state
        .services
        .hiring
        .save_vacancy(&identity, None, None, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One vacancy. Access: signed in (an employer its own; companies open ones; officials all).
#[utoipa::path(
    get, path = "/api/v1/vacancies/{id}", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "vacancy id")),
    responses(
        (status = 200, description = "The vacancy", body = VacancyView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such vacancy the caller may see", body = ErrorBody),
    )
)]
async fn get_vacancy(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    Path(id): Path<i32>,
) -> Result<Json<VacancyView>, ApiError> {
    Ok(Json(state.services.hiring.vacancy(&identity, id).await?))
}

/// A vacancy edit, based on the version the caller read.
#[derive(Deserialize, ToSchema)]
pub struct VacancyEdit {
    pub version: i32,
    #[serde(flatten)]
    pub form: VacancyForm,
}

/// Edit a vacancy. Access: the employer that published it.
#[utoipa::path(
    put, path = "/api/v1/vacancies/{id}", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "vacancy id")),
    request_body = VacancyEdit,
    responses(
        (status = 200, description = "Saved", body = VacancyView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "Not one of the caller's vacancies", body = ErrorBody),
        (status = 409, description = "Changed by someone else since `version` (已被他人修改)", body = ErrorBody),
        (status = 422, description = "A field is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn edit_vacancy(
    State(state): State<AppState>,
    EmployerUser(identity): EmployerUser,
    Path(id): Path<i32>,
    ApiJson(edit): ApiJson<VacancyEdit>,
) -> Result<Json<VacancyView>, ApiError> {
    Ok(Json(
        state
            .services
            .hiring
            .save_vacancy(&identity, Some(id), Some(edit.version), &edit.form)
            .await?,
    ))
}

/// Close a vacancy, mark it filled, or reopen it. Access: the employer that published it.
#[utoipa::path(
    post, path = "/api/v1/vacancies/{id}/status", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "vacancy id")),
    request_body = VacancyStatusChange,
    responses(
        (status = 200, description = "Changed", body = VacancyView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "Not one of the caller's vacancies", body = ErrorBody),
        (status = 409, description = "Not allowed from the current status, or changed by someone else", body = ErrorBody),
    )
)]
async fn change_vacancy_status(
    State(state): State<AppState>,
    EmployerUser(identity): EmployerUser,
    Path(id): Path<i32>,
    ApiJson(change): ApiJson<VacancyStatusChange>,
) -> Result<Json<VacancyView>, ApiError> {
    Ok(Json(
        state
            .services
            .hiring
            .change_vacancy_status(&identity, id, &change)
            .await?,
    ))
}

/// Workers the search engine suggests for a vacancy: its occupation as the query, its region
/// as a filter. Access: the employer that published it, promoters, admins.
#[utoipa::path(
    get, path = "/api/v1/vacancies/{id}/suggestions", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "vacancy id")),
    responses(
        (status = 200, description = "A page of search results", body = SearchResults),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Company users", body = ErrorBody),
        (status = 404, description = "No such vacancy the caller may see", body = ErrorBody),
    )
)]
async fn vacancy_suggestions(
    State(state): State<AppState>,
    EmployerReader(identity): EmployerReader,
    Path(id): Path<i32>,
) -> Result<Json<SearchResults>, ApiError> {
    Ok(Json(
        state
            .services
            .hiring
            .vacancy_suggestions(&identity, id)
            .await?,
    ))
}

/// Propose the caller's workers for an open vacancy; the employer accepts or declines each.
/// Access: company users.
#[utoipa::path(
    post, path = "/api/v1/vacancies/{id}/proposals", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "vacancy id")),
    request_body = VacancyProposal,
    responses(
        (status = 201, description = "Proposed: a hire request the employer answers", body = HireRequestView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a company user", body = ErrorBody),
        (status = 404, description = "No such open vacancy", body = ErrorBody),
        (status = 409, description = "A worker is not in search (placed, withdrawn) or already has an open request with this employer", body = ErrorBody),
        (status = 422, description = "No workers, or a worker of another company", body = ErrorBody),
    )
)]
async fn propose_for_vacancy(
    State(state): State<AppState>,
    ProposingCompany(identity): ProposingCompany,
    Path(id): Path<i32>,
    ApiJson(proposal): ApiJson<VacancyProposal>,
) -> Result<(StatusCode, Json<HireRequestView>), ApiError> {
    let view = state
        .services
        .hiring
        .propose_for_vacancy(&identity, id, &proposal)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Hire requests the caller's organisation sent or received, newest first, with every line's
/// state and history (promoters: those of their county's companies; admins: all).
/// Access: signed in.
#[utoipa::path(
    get, path = "/api/v1/hire-requests", tag = "hiring",
    security(("session" = [])),
    responses(
        (status = 200, description = "Hire requests", body = [HireRequestView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn list_hire_requests(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
) -> Result<Json<Vec<HireRequestView>>, ApiError> {
    Ok(Json(state.services.hiring.hire_requests(&identity).await?))
}

/// Send hire requests (用工邀约) for named workers: one request per company. Only published
/// workers may be named; a worker with an open request from this employer is refused.
/// Access: verified employers.
#[utoipa::path(
    post, path = "/api/v1/hire-requests", tag = "hiring",
    security(("session" = [])),
    request_body = NewHireRequest,
    responses(
        (status = 201, description = "Sent, one request per company", body = [HireRequestView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an employer, or not verified yet (the message says so)", body = ErrorBody),
        (status = 409, description = "A worker is not in search or already has an open request", body = ErrorBody),
        (status = 422, description = "A term is invalid; details.field names it", body = ErrorBody),
    )
)]
async fn send_hire_request(
    State(state): State<AppState>,
    EmployerUser(identity): EmployerUser,
    ApiJson(request): ApiJson<NewHireRequest>,
) -> Result<(StatusCode, Json<Vec<HireRequestView>>), ApiError> {
    let views = state
        .services
        .hiring
        .send_hire_request(&identity, &request)
        .await?;
    Ok((StatusCode::CREATED, Json(views)))
}

/// One hire request with its lines and their history. Access: its employer, its company,
/// promoters of the company's county, admins.
#[utoipa::path(
    get, path = "/api/v1/hire-requests/{id}", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "hire request id")),
    responses(
        (status = 200, description = "The request", body = HireRequestView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such request the caller may see", body = ErrorBody),
    )
)]
async fn get_hire_request(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    Path(id): Path<i32>,
) -> Result<Json<HireRequestView>, ApiError> {
    Ok(Json(
        state.services.hiring.hire_request(&identity, id).await?,
    ))
}

/// Withdraw every still-open line of a request the caller's side started.
/// Access: employer and company users (the side that started it).
#[utoipa::path(
    post, path = "/api/v1/hire-requests/{id}/withdraw", tag = "hiring",
    security(("session" = [])),
    params(("id" = i32, Path, description = "hire request id")),
    responses(
        (status = 200, description = "Withdrawn", body = HireRequestView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such request of the caller's", body = ErrorBody),
        (status = 409, description = "Nothing open to withdraw, or the other side started it", body = ErrorBody),
    )
)]
async fn withdraw_hire_request(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(id): Path<i32>,
) -> Result<Json<HireRequestView>, ApiError> {
    Ok(Json(
        state
            .services
            .hiring
            .withdraw_hire_request(&identity, id)
            .await?,
    ))
}

/// Answer one worker's line: `{"version": n, "action": "accept"}`, `"decline"` with
/// `reason`, `"counter"` with `terms` ({monthly_wage_fen, start_date}), or `"withdraw"`.
/// An illegal transition (answering an expired or withdrawn line, the wrong side answering)
/// is refused with 409 and a Chinese message; a stale `version` with 409 已被他人修改.
/// Access: employer and company users of the request.
#[utoipa::path(
    post, path = "/api/v1/hire-requests/lines/{line_id}/answer", tag = "hiring",
    security(("session" = [])),
    params(("line_id" = i32, Path, description = "hire line id")),
    request_body = HireLineAnswer,
    responses(
        (status = 200, description = "Answered; the whole request as it now stands", body = HireRequestView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such line of the caller's", body = ErrorBody),
        (status = 409, description = "Not allowed in the line's state, or changed by someone else", body = ErrorBody),
        (status = 422, description = "Decline without a reason, or bad counter terms", body = ErrorBody),
    )
)]
async fn answer_hire_line(
    State(state): State<AppState>,
    HiringParty(identity): HiringParty,
    Path(line_id): Path<i32>,
    ApiJson(answer): ApiJson<HireLineAnswer>,
) -> Result<Json<HireRequestView>, ApiError> {
    Ok(Json(
        state
            .services
            .hiring
            .answer_hire_line(&identity, line_id, &answer)
            .await?,
    ))
}

/// The caller's inbox: every state change that concerns them, newest first, with the unread
/// count. Access: signed in.
#[utoipa::path(
    get, path = "/api/v1/inbox", tag = "hiring",
    security(("session" = [])),
    responses(
        (status = 200, description = "The inbox", body = InboxView),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn inbox(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
) -> Result<Json<InboxView>, ApiError> {
    Ok(Json(state.services.hiring.inbox(&identity).await?))
}

/// Which messages to mark read.
#[derive(Deserialize, ToSchema)]
pub struct MarkRead {
    /// One message; omitted: all.
    pub id: Option<i64>,
}

/// Mark one message, or all, as read. Access: signed in.
#[utoipa::path(
    post, path = "/api/v1/inbox/read", tag = "hiring",
    security(("session" = [])),
    request_body = MarkRead,
    responses(
        (status = 200, description = "The inbox after marking", body = InboxView),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
async fn mark_read(
    State(state): State<AppState>,
    SignedIn(identity): SignedIn,
    ApiJson(body): ApiJson<MarkRead>,
) -> Result<Json<InboxView>, ApiError> {
    Ok(Json(
        state.services.hiring.mark_read(&identity, body.id).await?,
    ))
}
