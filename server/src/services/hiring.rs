//! Hiring: employers (registration, colleagues, verification), vacancies, hire requests with
//! one line per worker, and the inbox that tells each side what changed.
//!
//! Every state change of a line goes through `app::domain::hiring::next_state`, is written with
//! a version check (`UPDATE … WHERE version = seen`), recorded as a `hire_event`, audited, and
//! announced in the other side's inbox, all in one transaction.

use super::audit;
use super::brands::{audit_entry, county_official, signed_in};
use super::search::SearchService;
use super::unexpected;
use crate::auth::password;
use crate::auth::rate_limit::LoginLimiter;
use crate::clock::shanghai_today;
use crate::db::entities::{
    app_user, brand_membership, company, employer, hire_event, hire_line, hire_request,
    inbox_message, vacancy, worker,
};
use crate::search::document::published_workers;
use app::api::context::{HiringDesk, RequestIdentity, SearchDesk};
use app::api::error::{AppError, ErrorCode};
use app::api::types::{
    ColleagueView, EmployerView, HireEventView, HireLineAnswer, HireLineView, HireRequestView,
    InboxMessageView, InboxView, NewColleague, NewHireRequest, SearchResults, VacancyFilter,
    VacancyProposal, VacancyStatusChange, VacancyView,
};
use app::domain::access::SessionUser;
use app::domain::brand::MembershipStatus;
use app::domain::credentials::{validate_new_password, validate_new_username};
use app::domain::hiring::{
    EmployerRegistration, HireAction, HireSide, HireState, VacancyForm, VacancyStatus, next_state,
};
use app::domain::role::{Role, Scope};
use app::domain::search::masked_name;
use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// Workers one request may name.
const MAX_WORKERS_PER_REQUEST: usize = 50;
/// Inbox messages listed.
const INBOX_LISTED: u64 = 200;

pub struct HiringService {
    db: DatabaseConnection,
    search: Arc<SearchService>,
    request_days: u16,
    /// Limits employer registrations per client address.
    registrations: LoginLimiter,
}

/// Shown as a date and minute in Asia/Shanghai.
pub(super) fn shanghai_time(at: DateTime<Utc>) -> String {
    (at + TimeDelta::hours(8))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn yuan(fen: i64) -> i64 {
    fen / 100
}

pub(super) fn conflict(message: impl Into<String>) -> AppError {
    AppError::with_message(ErrorCode::Conflict, message)
}

pub(super) fn stale() -> AppError {
    conflict("已被他人修改，请刷新后重试")
}

pub(super) fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound)
}

/// The employer a signed-in employer user acts for.
fn employer_user(caller: &RequestIdentity) -> Result<(&SessionUser, i32), AppError> {
    let user = signed_in(caller)?;
    match (&user.role, &user.scope) {
        (Role::Employer, Scope::Employer { id }) => Ok((user, *id)),
        _ => Err(AppError::new(ErrorCode::Forbidden)),
    }
}

/// The company a signed-in company user acts for.
fn company_user(caller: &RequestIdentity) -> Result<(&SessionUser, i32), AppError> {
    let user = signed_in(caller)?;
    match (&user.role, &user.scope) {
        (Role::Company, Scope::Company { id }) => Ok((user, *id)),
        _ => Err(AppError::new(ErrorCode::Forbidden)),
    }
}

/// Which side of `request` the caller is on, if any.
fn side_in(user: &SessionUser, request: &hire_request::Model) -> Option<HireSide> {
    match &user.scope {
        Scope::Employer { id } if *id == request.employer_id => Some(HireSide::Employer),
        Scope::Company { id } if *id == request.company_id => Some(HireSide::Company),
        _ => None,
    }
}

fn started_by(request: &hire_request::Model) -> HireSide {
    if request.started_by == "company" {
        HireSide::Company
    } else {
        HireSide::Employer
    }
}

fn side_code(side: HireSide) -> &'static str {
    match side {
        HireSide::Employer => "employer",
        HireSide::Company => "company",
        HireSide::System => "system",
    }
}

fn side_of_code(code: &str) -> HireSide {
    match code {
        "employer" => HireSide::Employer,
        "company" => HireSide::Company,
        _ => HireSide::System,
    }
}

/// The workers one request names: at least one, at most [`MAX_WORKERS_PER_REQUEST`], each once.
fn checked_worker_ids(ids: &[i32]) -> Result<Vec<i32>, AppError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(AppError::invalid("worker_ids", "请至少选择一位劳动者"));
    }
    if ids.len() > MAX_WORKERS_PER_REQUEST {
        return Err(AppError::invalid(
            "worker_ids",
            format!("一次最多 {MAX_WORKERS_PER_REQUEST} 人"),
        ));
    }
    Ok(ids)
}

/// An audit entry for a step the system took by itself (a deadline passed).
pub(super) fn system_audit(action: &'static str, target: String) -> audit::AuditEntry {
    audit::AuditEntry {
        actor_role: Some("system".to_string()),
        action,
        target: Some(target),
        outcome: "ok",
        ..Default::default()
    }
}

/// Who receives a notice: every active user of an organisation.
#[derive(Clone, Copy)]
pub(super) enum Recipients {
    Employer(i32),
    Company(i32),
}

pub(super) async fn notify(
    db: &impl ConnectionTrait,
    to: Recipients,
    kind: &str,
    title: &str,
    body: &str,
    link: &str,
) -> Result<(), sea_orm::DbErr> {
    let column = match to {
        Recipients::Employer(id) => app_user::Column::EmployerId.eq(id),
        Recipients::Company(id) => app_user::Column::CompanyId.eq(id),
    };
    let users = app_user::Entity::find()
        .filter(column)
        .filter(app_user::Column::Active.eq(true))
        .all(db)
        .await?;
    let now = Utc::now();
    for user in users {
        inbox_message::ActiveModel {
            user_id: Set(user.id),
            kind: Set(kind.to_string()),
            title: Set(title.chars().take(128).collect()),
            body: Set(body.to_string()),
            link: Set(link.to_string()),
            read_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The notice for a line that moved to `to`, and who gets it.
fn notice_for(
    to: HireState,
    request: &hire_request::Model,
    acting: HireSide,
) -> (Recipients, &'static str, &'static str) {
    let other = match acting {
        HireSide::Employer => Recipients::Company(request.company_id),
        HireSide::Company | HireSide::System => Recipients::Employer(request.employer_id),
    };
    let (kind, title) = match to {
        HireState::Accepted => ("hire.accepted", "用工邀约已接受"),
        HireState::Declined => ("hire.declined", "用工邀约被拒绝"),
        HireState::Countered => ("hire.countered", "劳务公司提出了新条件"),
        HireState::Withdrawn => ("hire.withdrawn", "用工邀约已撤回"),
        HireState::Expired => ("hire.expired", "用工邀约已过期"),
        _ => ("hire.changed", "用工邀约有变化"),
    };
    (other, kind, title)
}

pub(super) async fn record_event(
    db: &impl ConnectionTrait,
    line_id: i32,
    (from, to): (Option<HireState>, HireState),
    action: &str,
    side: HireSide,
    actor: Option<i32>,
    detail: String,
) -> Result<(), sea_orm::DbErr> {
    hire_event::ActiveModel {
        hire_line_id: Set(line_id),
        from_state: Set(from.map(|s| s.code().to_string())),
        to_state: Set(to.code().to_string()),
        action: Set(action.to_string()),
        side: Set(side_code(side).to_string()),
        actor_id: Set(actor),
        detail: Set(detail),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

impl HiringService {
    pub fn new(
        db: DatabaseConnection,
        search: Arc<SearchService>,
        request_days: u16,
        registrations: LoginLimiter,
    ) -> Self {
        Self {
            db,
            search,
            request_days,
            registrations,
        }
    }

    // ---- employers ----

    async fn employer_view(
        &self,
        e: employer::Model,
        with_users: bool,
    ) -> Result<EmployerView, AppError> {
        let regions = super::region_names(&self.db).await?;
        let users = if with_users {
            app_user::Entity::find()
                .filter(app_user::Column::EmployerId.eq(e.id))
                .order_by_asc(app_user::Column::Id)
                .all(&self.db)
                .await
                .map_err(|err| unexpected("loading an employer's users", err))?
                .into_iter()
                .map(|u| ColleagueView {
                    id: u.id,
                    username: u.username,
                    display_name: u.display_name,
                    active: u.active,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(EmployerView {
            id: e.id,
            province_name: regions.get(&e.region_code).cloned().unwrap_or_default(),
            name: e.name,
            credit_code: e.credit_code,
            province_code: e.region_code,
            city_code: e.city_code,
            city_name: e.city_name,
            industry: e.industry,
            contact_name: e.contact_name,
            contact_phone: e.contact_phone,
            verified: e.verified_at.is_some(),
            users,
        })
    }

    async fn load_employer(&self, id: i32) -> Result<employer::Model, AppError> {
        employer::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading an employer", e))?
            .ok_or_else(not_found)
    }

    /// The caller's employer, which must be verified to hire.
    async fn verified_employer(
        &self,
        caller: &RequestIdentity,
    ) -> Result<(SessionUser, employer::Model), AppError> {
        let (user, employer_id) = employer_user(caller)?;
        let employer = self.load_employer(employer_id).await?;
        if employer.verified_at.is_none() {
            return Err(AppError::with_message(
                ErrorCode::Forbidden,
                "贵单位尚未通过审核：审核通过后才能发布空岗和发出用工邀约，可以先搜索和收藏工人",
            ));
        }
        Ok((user.clone(), employer))
    }

    // ---- vacancies ----

    fn vacancy_view(
        v: vacancy::Model,
        employer_name: String,
        regions: &HashMap<String, String>,
    ) -> VacancyView {
        let status = VacancyStatus::parse(&v.status).unwrap_or(VacancyStatus::Closed);
        let suggestion_query = serde_urlencoded::to_string([
            ("q", v.occupation.as_str()),
            ("region", v.region_code.as_str()),
        ])
        .unwrap_or_default();
        VacancyView {
            id: v.id,
            employer_id: v.employer_id,
            employer_name,
            region_name: regions.get(&v.region_code).cloned().unwrap_or_default(),
            position: v.position,
            occupation: v.occupation,
            headcount: v.headcount,
            place: v.place,
            region_code: v.region_code,
            wage_min_yuan: yuan(v.wage_min_fen),
            wage_max_yuan: yuan(v.wage_max_fen),
            starts_on: v.starts_on,
            ends_on: v.ends_on,
            housing: v.housing,
            meals: v.meals,
            insurance: v.insurance,
            requirements: v.requirements,
            status,
            status_label: status.label().to_string(),
            version: v.version,
            suggestion_query,
            updated_at: shanghai_time(v.updated_at),
        }
    }

    async fn vacancy_views(&self, rows: Vec<vacancy::Model>) -> Result<Vec<VacancyView>, AppError> {
        let regions = super::region_names(&self.db).await?;
        let names: HashMap<i32, String> = employer::Entity::find()
            .filter(employer::Column::Id.is_in(rows.iter().map(|v| v.employer_id)))
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading employers", e))?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        Ok(rows
            .into_iter()
            .map(|v| {
                let name = names.get(&v.employer_id).cloned().unwrap_or_default();
                Self::vacancy_view(v, name, &regions)
            })
            .collect())
    }

    /// A vacancy the caller may see: an employer its own, a company open ones (or ones it
    /// proposed for), officials all.
    async fn visible_vacancy(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<vacancy::Model, AppError> {
        let user = signed_in(caller)?;
        let v = vacancy::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a vacancy", e))?
            .ok_or_else(not_found)?;
        let visible = match &user.scope {
            Scope::Employer { id } => *id == v.employer_id,
            Scope::Company { .. } => v.status == VacancyStatus::Open.code(),
            Scope::County { .. } | Scope::City => true,
        };
        if visible { Ok(v) } else { Err(not_found()) }
    }

    // ---- hire requests ----

    /// Lines left open past their request's deadline expire (System side). Runs before every
    /// read and answer, and from the server's periodic sweep.
    pub async fn expire_overdue(&self) -> Result<u64, AppError> {
        let fail = |e| unexpected("expiring hire requests", e);
        let now = Utc::now();
        let overdue: Vec<hire_request::Model> = hire_request::Entity::find()
            .filter(hire_request::Column::ExpiresAt.lt(now))
            .filter(
                hire_request::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(hire_line::Column::HireRequestId)
                        .from(hire_line::Entity)
                        .and_where(
                            hire_line::Column::State.is_in(
                                HireState::ALL
                                    .into_iter()
                                    .filter(|s| s.is_open())
                                    .map(HireState::code),
                            ),
                        )
                        .to_owned(),
                ),
            )
            .all(&self.db)
            .await
            .map_err(fail)?;
        let mut expired = 0;
        for request in overdue {
            let txn = super::begin_write(&self.db).await.map_err(fail)?;
            let lines = hire_line::Entity::find()
                .filter(hire_line::Column::HireRequestId.eq(request.id))
                .all(&txn)
                .await
                .map_err(fail)?;
            let mut any = false;
            for line in lines {
                let Some(state) = HireState::parse(&line.state) else {
                    continue;
                };
                let Ok(to) = next_state(state, HireSide::System, &HireAction::Expire) else {
                    continue;
                };
                if self
                    .move_line(&txn, &line, to, Vec::new())
                    .await
                    .map_err(fail)?
                {
                    record_event(
                        &txn,
                        line.id,
                        (Some(state), to),
                        "expire",
                        HireSide::System,
                        None,
                        String::new(),
                    )
                    .await
                    .map_err(fail)?;
                    audit::record(
                        &txn,
                        system_audit("hire_line.expire", format!("hire_line:{}", line.id)),
                    )
                    .await
                    .map_err(fail)?;
                    expired += 1;
                    any = true;
                }
            }
            if any {
                let link = format!("/hiring/{}", request.id);
                let body = format!("{}（{}）无人答复，已过期", request.position, request.place);
                for to in [
                    Recipients::Employer(request.employer_id),
                    Recipients::Company(request.company_id),
                ] {
                    notify(&txn, to, "hire.expired", "用工邀约已过期", &body, &link)
                        .await
                        .map_err(fail)?;
                }
            }
            txn.commit().await.map_err(fail)?;
        }
        Ok(expired)
    }

    /// Moves a line to `to` if nobody changed it since it was read; false when someone did.
    async fn move_line(
        &self,
        txn: &DatabaseTransaction,
        line: &hire_line::Model,
        to: HireState,
        also: Vec<(hire_line::Column, SimpleExpr)>,
    ) -> Result<bool, sea_orm::DbErr> {
        let mut update = hire_line::Entity::update_many()
            .col_expr(hire_line::Column::State, Expr::value(to.code()))
            .col_expr(hire_line::Column::Version, Expr::value(line.version + 1))
            .col_expr(hire_line::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(hire_line::Column::Id.eq(line.id))
            .filter(hire_line::Column::Version.eq(line.version));
        for (column, value) in also {
            update = update.col_expr(column, value);
        }
        Ok(update.exec(txn).await?.rows_affected == 1)
    }

    /// Requests visible to the caller: its own side's, or (officials) those of companies in
    /// their county (admins: all).
    async fn visible_requests(
        &self,
        caller: &RequestIdentity,
        only: Option<i32>,
    ) -> Result<Vec<hire_request::Model>, AppError> {
        let user = signed_in(caller)?;
        let fail = |e| unexpected("listing hire requests", e);
        let mut query = hire_request::Entity::find().order_by_desc(hire_request::Column::Id);
        if let Some(id) = only {
            query = query.filter(hire_request::Column::Id.eq(id));
        }
        query = query.filter(super::hiring_scope(
            user,
            hire_request::Column::EmployerId,
            hire_request::Column::CompanyId,
        ));
        query.limit(500).all(&self.db).await.map_err(fail)
    }

    async fn request_views(
        &self,
        caller: &RequestIdentity,
        requests: Vec<hire_request::Model>,
    ) -> Result<Vec<HireRequestView>, AppError> {
        let user = signed_in(caller)?;
        let fail = |e| unexpected("loading hire requests", e);
        let regions = super::region_names(&self.db).await?;
        let lines = hire_line::Entity::find()
            .filter(hire_line::Column::HireRequestId.is_in(requests.iter().map(|r| r.id)))
            .order_by_asc(hire_line::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let mut events: HashMap<i32, Vec<hire_event::Model>> = HashMap::new();
        for event in hire_event::Entity::find()
            .filter(hire_event::Column::HireLineId.is_in(lines.iter().map(|l| l.id)))
            .order_by_asc(hire_event::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?
        {
            events.entry(event.hire_line_id).or_default().push(event);
        }
        let actor_ids: HashSet<i32> = events
            .values()
            .flatten()
            .filter_map(|e| e.actor_id)
            .collect();
        let actors: HashMap<i32, String> = app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(actor_ids))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let workers: HashMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(lines.iter().map(|l| l.worker_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let employers: HashMap<i32, String> = employer::Entity::find()
            .filter(employer::Column::Id.is_in(requests.iter().map(|r| r.employer_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let companies: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(requests.iter().map(|r| r.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let mut by_request: BTreeMap<i32, Vec<HireLineView>> = BTreeMap::new();
        for line in lines {
            let state = HireState::parse(&line.state).unwrap_or(HireState::Expired);
            let worker = workers.get(&line.worker_id);
            // Full names only for the worker's own company and officials; employers see the
            // masked name until a contract is signed.
            let own_company = matches!(&user.scope, Scope::Company { .. });
            let official = matches!(&user.scope, Scope::County { .. } | Scope::City);
            let worker_name = worker.map_or_else(String::new, |w| {
                if own_company || official {
                    w.name.clone()
                } else {
                    masked_name(&w.name)
                }
            });
            let history = events
                .remove(&line.id)
                .unwrap_or_default()
                .into_iter()
                .map(|e| HireEventView {
                    at: shanghai_time(e.created_at),
                    from_state: e.from_state.as_deref().and_then(HireState::parse),
                    to_state: HireState::parse(&e.to_state).unwrap_or(state),
                    action: e.action,
                    side: side_of_code(&e.side),
                    actor_name: e.actor_id.and_then(|id| actors.get(&id).cloned()),
                    detail: e.detail,
                })
                .collect();
            by_request
                .entry(line.hire_request_id)
                .or_default()
                .push(HireLineView {
                    id: line.id,
                    worker_id: line.worker_id,
                    worker_name,
                    occupations: worker
                        .map(|w| super::brands::occupations_of(&w.occupations))
                        .unwrap_or_default(),
                    state,
                    state_label: state.label().to_string(),
                    awaits: state.awaits(),
                    decline_reason: line.decline_reason,
                    counter_wage_yuan: line.counter_wage_fen.map(yuan),
                    counter_start_date: line.counter_start_date,
                    agreed_wage_yuan: line.agreed_wage_fen.map(yuan),
                    agreed_start_date: line.agreed_start_date,
                    version: line.version,
                    history,
                });
        }
        Ok(requests
            .into_iter()
            .map(|r| HireRequestView {
                lines: by_request.remove(&r.id).unwrap_or_default(),
                employer_name: employers.get(&r.employer_id).cloned().unwrap_or_default(),
                company_name: companies.get(&r.company_id).cloned().unwrap_or_default(),
                region_name: regions.get(&r.region_code).cloned().unwrap_or_default(),
                started_by: started_by(&r),
                id: r.id,
                employer_id: r.employer_id,
                company_id: r.company_id,
                vacancy_id: r.vacancy_id,
                event_id: r.event_id,
                position: r.position,
                place: r.place,
                region_code: r.region_code,
                monthly_wage_yuan: yuan(r.monthly_wage_fen),
                start_date: r.start_date,
                term_months: r.term_months,
                conditions: r.conditions,
                message: r.message,
                created_at: shanghai_time(r.created_at),
                expires_at: shanghai_time(r.expires_at),
            })
            .collect())
    }

    async fn one_request(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<HireRequestView, AppError> {
        let requests = self.visible_requests(caller, Some(id)).await?;
        self.request_views(caller, requests)
            .await?
            .pop()
            .ok_or_else(not_found)
    }

    /// Workers who may be requested: published (consented, active, not placed) on the roster
    /// of a company with an approved brand membership. Anything else is refused by name.
    async fn requestable_workers(
        &self,
        db: &impl ConnectionTrait,
        ids: &[i32],
    ) -> Result<Vec<worker::Model>, AppError> {
        let fail = |e| unexpected("checking requested workers", e);
        let workers = published_workers()
            .filter(worker::Column::Id.is_in(ids.iter().copied()))
            .all(db)
            .await
            .map_err(fail)?;
        let members: HashSet<i32> = brand_membership::Entity::find()
            .filter(brand_membership::Column::CompanyId.is_in(workers.iter().map(|w| w.company_id)))
            .filter(brand_membership::Column::Status.eq(MembershipStatus::Approved.code()))
            .all(db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|m| m.company_id)
            .collect();
        let workers: Vec<worker::Model> = workers
            .into_iter()
            .filter(|w| members.contains(&w.company_id))
            .collect();
        if let Some(missing) = ids.iter().find(|id| !workers.iter().any(|w| w.id == **id)) {
            return Err(conflict(format!(
                "劳动者 {missing} 目前不在求职中（已上岗、撤回授权或已停用），不能发出邀约"
            )));
        }
        Ok(workers)
    }

    /// Refuses a worker who already has an open or accepted line with this employer.
    async fn refuse_duplicates(
        &self,
        db: &impl ConnectionTrait,
        employer_id: i32,
        worker_ids: &[i32],
    ) -> Result<(), AppError> {
        let fail = |e| unexpected("checking earlier hire requests", e);
        let live: Vec<&str> = [
            HireState::Requested,
            HireState::Proposed,
            HireState::Countered,
            HireState::Accepted,
        ]
        .into_iter()
        .map(HireState::code)
        .collect();
        let existing = hire_line::Entity::find()
            .filter(hire_line::Column::WorkerId.is_in(worker_ids.iter().copied()))
            .filter(hire_line::Column::State.is_in(live))
            .filter(
                hire_line::Column::HireRequestId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(hire_request::Column::Id)
                        .from(hire_request::Entity)
                        .and_where(hire_request::Column::EmployerId.eq(employer_id))
                        .to_owned(),
                ),
            )
            .one(db)
            .await
            .map_err(fail)?;
        match existing {
            Some(line) => Err(conflict(format!(
                "已向劳动者 {} 发出邀约（第 {} 号），请在原邀约中处理",
                line.worker_id, line.hire_request_id
            ))),
            None => Ok(()),
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_request(
        &self,
        txn: &DatabaseTransaction,
        user: &SessionUser,
        employer_id: i32,
        company_id: i32,
        vacancy_id: Option<i32>,
        event_id: Option<i32>,
        side: HireSide,
        terms: &app::domain::hiring::HireTerms,
        worker_ids: &[i32],
    ) -> Result<hire_request::Model, sea_orm::DbErr> {
        let now = Utc::now();
        let request = hire_request::ActiveModel {
            employer_id: Set(employer_id),
            company_id: Set(company_id),
            vacancy_id: Set(vacancy_id),
            event_id: Set(event_id),
            started_by: Set(side_code(side).to_string()),
            position: Set(terms.position.clone()),
            place: Set(terms.place.clone()),
            region_code: Set(terms.region_code.clone()),
            monthly_wage_fen: Set(terms.monthly_wage_fen),
            start_date: Set(terms.start_date.to_string()),
            term_months: Set(i32::from(terms.term_months)),
            conditions: Set(terms.conditions.clone()),
            message: Set(terms.message.clone()),
            created_by: Set(user.id),
            created_at: Set(now),
            expires_at: Set(now + TimeDelta::days(i64::from(self.request_days))),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let first = if side == HireSide::Company {
            HireState::Proposed
        } else {
            HireState::Requested
        };
        for worker_id in worker_ids {
            let line = hire_line::ActiveModel {
                hire_request_id: Set(request.id),
                worker_id: Set(*worker_id),
                state: Set(first.code().to_string()),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            record_event(
                txn,
                line.id,
                (None, first),
                "create",
                side,
                Some(user.id),
                String::new(),
            )
            .await?;
        }
        Ok(request)
    }
}

#[async_trait]
impl HiringDesk for HiringService {
    async fn register_employer(
        &self,
        caller: &RequestIdentity,
        registration: &EmployerRegistration,
    ) -> Result<EmployerView, AppError> {
        let regions = super::region_names(&self.db).await?;
        let checked = registration.check(|code| regions.contains_key(code))?;
        if self
            .registrations
            .check(
                caller.client_ip,
                &format!("employer-registration:{}", caller.client_ip),
            )
            .await
            .is_err()
        {
            return Err(AppError::with_message(
                ErrorCode::RateLimited,
                "注册过于频繁，请稍后再试",
            ));
        }
        let password_hash = password::hash(checked.password.clone())
            .await
            .map_err(|e| unexpected("hashing a new password", e))?;
        let fail = |e| unexpected("registering an employer", e);
        let taken = |field: &str, message: &str| AppError {
            field: Some(field.to_string()),
            ..conflict(message)
        };
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        if employer::Entity::find()
            .filter(
                Condition::any()
                    .add(employer::Column::CreditCode.eq(checked.credit_code.as_str()))
                    .add(employer::Column::Name.eq(checked.name.as_str())),
            )
            .one(&txn)
            .await
            .map_err(fail)?
            .is_some()
        {
            return Err(taken(
                "credit_code",
                "该单位已注册（统一社会信用代码或名称相同）",
            ));
        }
        if app_user::Entity::find()
            .filter(app_user::Column::Username.eq(checked.username.as_str()))
            .one(&txn)
            .await
            .map_err(fail)?
            .is_some()
        {
            return Err(taken("username", "该用户名已被使用"));
        }
        let now = Utc::now();
        let employer = employer::ActiveModel {
            name: Set(checked.name.clone()),
            region_code: Set(checked.province_code.clone()),
            credit_code: Set(Some(checked.credit_code.as_str().to_string())),
            city_code: Set(Some(checked.city_code.clone())),
            city_name: Set(Some(checked.city_name.clone())),
            industry: Set(Some(checked.industry.clone())),
            contact_name: Set(Some(checked.contact_name.clone())),
            contact_phone: Set(Some(checked.contact_phone.masked())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => taken("credit_code", "该单位已注册"),
            _ => fail(e),
        })?;
        let user = app_user::ActiveModel {
            username: Set(checked.username.clone()),
            display_name: Set(checked.contact_name.clone()),
            password_hash: Set(password_hash),
            role: Set(Role::Employer.code().to_string()),
            employer_id: Set(Some(employer.id)),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => taken("username", "该用户名已被使用"),
            _ => fail(e),
        })?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "employer.register",
                format!("employer:{}", employer.id),
                Some(format!("user={}", user.id)),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.employer_view(employer, false).await
    }

    async fn employers(&self, caller: &RequestIdentity) -> Result<Vec<EmployerView>, AppError> {
        let user = signed_in(caller)?;
        let rows = match &user.scope {
            Scope::Employer { id } => vec![self.load_employer(*id).await?],
            Scope::County { .. } | Scope::City => {
                county_official(caller)?;
                let mut rows = employer::Entity::find()
                    .order_by_asc(employer::Column::Id)
                    .all(&self.db)
                    .await
                    .map_err(|e| unexpected("listing employers", e))?;
                // Those waiting for verification first.
                rows.sort_by_key(|e| e.verified_at.is_some());
                rows
            }
            Scope::Company { .. } => return Err(AppError::new(ErrorCode::Forbidden)),
        };
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            views.push(self.employer_view(row, true).await?);
        }
        Ok(views)
    }

    async fn my_employer(&self, caller: &RequestIdentity) -> Result<EmployerView, AppError> {
        let (_, employer_id) = employer_user(caller)?;
        let employer = self.load_employer(employer_id).await?;
        self.employer_view(employer, true).await
    }

    async fn verify_employer(
        &self,
        caller: &RequestIdentity,
        employer_id: i32,
    ) -> Result<EmployerView, AppError> {
        let official = county_official(caller)?;
        let fail = |e| unexpected("verifying an employer", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let employer = employer::Entity::find_by_id(employer_id)
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let employer = if employer.verified_at.is_some() {
            employer
        } else {
            let mut active: employer::ActiveModel = employer.into();
            active.verified_at = Set(Some(Utc::now()));
            active.verified_by = Set(Some(official.id));
            let verified = active.update(&txn).await.map_err(fail)?;
            audit::record(
                &txn,
                audit_entry(
                    caller,
                    "employer.verify",
                    format!("employer:{employer_id}"),
                    None,
                ),
            )
            .await
            .map_err(fail)?;
            notify(
                &txn,
                Recipients::Employer(employer_id),
                "employer.verified",
                "贵单位已通过审核",
                "现在可以发布空岗信息、向劳务公司发出用工邀约。",
                "/employer",
            )
            .await
            .map_err(fail)?;
            verified
        };
        txn.commit().await.map_err(fail)?;
        self.employer_view(employer, true).await
    }

    async fn add_colleague(
        &self,
        caller: &RequestIdentity,
        colleague: &NewColleague,
    ) -> Result<EmployerView, AppError> {
        let (_, employer_id) = employer_user(caller)?;
        let username = validate_new_username(&colleague.username)?;
        validate_new_password(&colleague.password, &username)?;
        let display_name = colleague.display_name.trim().to_string();
        if display_name.is_empty() || display_name.chars().count() > 64 {
            return Err(AppError::invalid("display_name", "姓名须为 1–64 个字符"));
        }
        let password_hash = password::hash(colleague.password.clone())
            .await
            .map_err(|e| unexpected("hashing a new password", e))?;
        let fail = |e| unexpected("adding a colleague", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let now = Utc::now();
        let user = app_user::ActiveModel {
            username: Set(username),
            display_name: Set(display_name),
            password_hash: Set(password_hash),
            role: Set(Role::Employer.code().to_string()),
            employer_id: Set(Some(employer_id)),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                AppError::invalid("username", "该用户名已被使用")
            }
            _ => fail(e),
        })?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "employer.add_user",
                format!("employer:{employer_id}"),
                Some(format!("user={}", user.id)),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.my_employer(caller).await
    }

    async fn vacancies(
        &self,
        caller: &RequestIdentity,
        filter: &VacancyFilter,
    ) -> Result<Vec<VacancyView>, AppError> {
        let user = signed_in(caller)?;
        let mut query = vacancy::Entity::find().order_by_desc(vacancy::Column::UpdatedAt);
        let status = filter
            .status
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        match &user.scope {
            Scope::Employer { id } => query = query.filter(vacancy::Column::EmployerId.eq(*id)),
            // Companies see only what is open.
            Scope::Company { .. } => {
                query = query.filter(vacancy::Column::Status.eq(VacancyStatus::Open.code()));
            }
            Scope::County { .. } | Scope::City => {}
        }
        if !matches!(&user.scope, Scope::Company { .. }) {
            match status {
                None | Some("all") => {}
                Some(code) => {
                    let status = VacancyStatus::parse(code).ok_or_else(|| {
                        AppError::bad_parameter(app::domain::credentials::FieldError::new(
                            "status",
                            "状态应为 open、filled、closed 或 all",
                        ))
                    })?;
                    query = query.filter(vacancy::Column::Status.eq(status.code()));
                }
            }
        }
        if let Some(words) = filter
            .occupation
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            for word in words.split_whitespace().take(5) {
                query = query.filter(
                    Condition::any()
                        .add(vacancy::Column::Occupation.contains(word))
                        .add(vacancy::Column::Position.contains(word)),
                );
            }
        }
        if let Some(region) = filter
            .region
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let regions = super::region_names(&self.db).await?;
            let code = regions
                .iter()
                .find(|(code, name)| *code == region || name.starts_with(region))
                .map(|(code, _)| code.clone())
                .ok_or_else(|| {
                    AppError::bad_parameter(app::domain::credentials::FieldError::new(
                        "region",
                        "没有这个地区",
                    ))
                })?;
            query = query.filter(vacancy::Column::RegionCode.eq(code));
        }
        if let Some(wage) = filter
            .wage_min
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let yuan: i64 = wage.parse().ok().filter(|y| *y >= 0).ok_or_else(|| {
                AppError::bad_parameter(app::domain::credentials::FieldError::new(
                    "wage_min",
                    "月薪应为整数（元）",
                ))
            })?;
            query = query.filter(vacancy::Column::WageMaxFen.gte(yuan.saturating_mul(100)));
        }
        let rows = query
            .limit(500)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing vacancies", e))?;
        self.vacancy_views(rows).await
    }

    async fn vacancy(&self, caller: &RequestIdentity, id: i32) -> Result<VacancyView, AppError> {
        let v = self.visible_vacancy(caller, id).await?;
        self.vacancy_views(vec![v])
            .await?
            .pop()
            .ok_or_else(not_found)
    }

    async fn save_vacancy(
        &self,
        caller: &RequestIdentity,
        id: Option<i32>,
        version: Option<i32>,
        form: &VacancyForm,
    ) -> Result<VacancyView, AppError> {
        let (user, employer) = self.verified_employer(caller).await?;
        let regions = super::region_names(&self.db).await?;
        let checked = form.check(|code| regions.contains_key(code))?;
        let fail = |e| unexpected("saving a vacancy", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let now = Utc::now();
        let saved = match id {
            None => vacancy::ActiveModel {
                employer_id: Set(employer.id),
                status: Set(VacancyStatus::Open.code().to_string()),
                version: Set(1),
                created_by: Set(user.id),
                created_at: Set(now),
                ..Default::default()
            },
            Some(id) => {
                let existing = vacancy::Entity::find_by_id(id)
                    .one(&txn)
                    .await
                    .map_err(fail)?
                    .filter(|v| v.employer_id == employer.id)
                    .ok_or_else(not_found)?;
                let seen = version.ok_or_else(|| AppError::invalid("version", "缺少版本号"))?;
                if existing.version != seen {
                    return Err(stale());
                }
                let mut active: vacancy::ActiveModel = existing.into();
                active.version = Set(seen + 1);
                active
            }
        };
        let mut active = saved;
        active.position = Set(checked.position);
        active.occupation = Set(checked.occupation);
        active.headcount = Set(i32::from(checked.headcount));
        active.place = Set(checked.place);
        active.region_code = Set(checked.region_code);
        active.wage_min_fen = Set(checked.wage_min_fen);
        active.wage_max_fen = Set(checked.wage_max_fen);
        active.starts_on = Set(checked.starts_on.to_string());
        active.ends_on = Set(checked.ends_on.map(|d| d.to_string()));
        active.housing = Set(checked.housing);
        active.meals = Set(checked.meals);
        active.insurance = Set(checked.insurance);
        active.requirements = Set(checked.requirements);
        active.updated_at = Set(now);
        let row = if let Some(id) = id {
            // The version guard makes a concurrent edit lose cleanly (409), never silently.
            let seen = version.unwrap_or_default();
            let result = vacancy::Entity::update_many()
                .set(active)
                .filter(vacancy::Column::Id.eq(id))
                .filter(vacancy::Column::Version.eq(seen))
                .exec(&txn)
                .await
                .map_err(fail)?;
            if result.rows_affected != 1 {
                return Err(stale());
            }
            vacancy::Entity::find_by_id(id)
                .one(&txn)
                .await
                .map_err(fail)?
                .ok_or_else(not_found)?
        } else {
            active.insert(&txn).await.map_err(fail)?
        };
        audit::record(
            &txn,
            audit_entry(
                caller,
                if id.is_some() {
                    "vacancy.edit"
                } else {
                    "vacancy.create"
                },
                format!("vacancy:{}", row.id),
                None,
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.vacancy_views(vec![row])
            .await?
            .pop()
            .ok_or_else(not_found)
    }

    async fn vacancy_suggestions(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<SearchResults, AppError> {
        let v = self.vacancy(caller, id).await?;
        let params = super::search::params_from_query_string(&v.suggestion_query)?;
        self.search.search(caller, &params).await
    }

    async fn change_vacancy_status(
        &self,
        caller: &RequestIdentity,
        id: i32,
        change: &VacancyStatusChange,
    ) -> Result<VacancyView, AppError> {
        let (_, employer_id) = employer_user(caller)?;
        let fail = |e| unexpected("changing a vacancy's status", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let existing = vacancy::Entity::find_by_id(id)
            .one(&txn)
            .await
            .map_err(fail)?
            .filter(|v| v.employer_id == employer_id)
            .ok_or_else(not_found)?;
        if existing.version != change.version {
            return Err(stale());
        }
        let from = VacancyStatus::parse(&existing.status).unwrap_or(VacancyStatus::Closed);
        let to = from.change_to(change.status)?;
        let result = vacancy::Entity::update_many()
            .col_expr(vacancy::Column::Status, Expr::value(to.code()))
            .col_expr(vacancy::Column::Version, Expr::value(change.version + 1))
            .col_expr(vacancy::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(vacancy::Column::Id.eq(id))
            .filter(vacancy::Column::Version.eq(change.version))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if result.rows_affected != 1 {
            return Err(stale());
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "vacancy.status",
                format!("vacancy:{id}"),
                Some(format!("{}->{}", from.code(), to.code())),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.vacancy(caller, id).await
    }

    async fn send_hire_request(
        &self,
        caller: &RequestIdentity,
        request: &NewHireRequest,
    ) -> Result<Vec<HireRequestView>, AppError> {
        let (user, employer) = self.verified_employer(caller).await?;
        let worker_ids = checked_worker_ids(&request.worker_ids)?;
        let regions = super::region_names(&self.db).await?;
        let terms = request
            .terms
            .check(|code| regions.contains_key(code), shanghai_today())?;
        if let Some(vacancy_id) = request.vacancy_id {
            let v = vacancy::Entity::find_by_id(vacancy_id)
                .one(&self.db)
                .await
                .map_err(|e| unexpected("loading a vacancy", e))?
                .filter(|v| v.employer_id == employer.id)
                .ok_or_else(|| AppError::invalid("vacancy_id", "没有这个空岗"))?;
            if v.status != VacancyStatus::Open.code() {
                return Err(conflict("该空岗已不在招聘中"));
            }
        }
        if let Some(event_id) = request.event_id {
            super::events::check_fair_origin(&self.db, event_id, employer.id, shanghai_today())
                .await?;
        }
        let fail = |e| unexpected("sending a hire request", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let workers = self.requestable_workers(&txn, &worker_ids).await?;
        self.refuse_duplicates(&txn, employer.id, &worker_ids)
            .await?;
        let mut by_company: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        for w in &workers {
            by_company.entry(w.company_id).or_default().push(w.id);
        }
        let mut created = Vec::new();
        for (company_id, ids) in by_company {
            let row = self
                .insert_request(
                    &txn,
                    &user,
                    employer.id,
                    company_id,
                    request.vacancy_id,
                    request.event_id,
                    HireSide::Employer,
                    &terms,
                    &ids,
                )
                .await
                .map_err(fail)?;
            audit::record(
                &txn,
                audit_entry(
                    caller,
                    "hire_request.create",
                    format!("hire_request:{}", row.id),
                    Some(format!("workers={}", ids.len())),
                ),
            )
            .await
            .map_err(fail)?;
            notify(
                &txn,
                Recipients::Company(company_id),
                "hire.requested",
                "收到用工邀约",
                &format!(
                    "{}邀请 {} 位劳动者：{}，{}，月薪 {} 元，{} 到岗",
                    employer.name,
                    ids.len(),
                    terms.position,
                    terms.place,
                    yuan(terms.monthly_wage_fen),
                    terms.start_date
                ),
                &format!("/hiring/{}", row.id),
            )
            .await
            .map_err(fail)?;
            created.push(row);
        }
        txn.commit().await.map_err(fail)?;
        self.request_views(caller, created).await
    }

    async fn propose_for_vacancy(
        &self,
        caller: &RequestIdentity,
        vacancy_id: i32,
        proposal: &VacancyProposal,
    ) -> Result<HireRequestView, AppError> {
        let (user, company_id) = company_user(caller)?;
        let user = user.clone();
        let v = vacancy::Entity::find_by_id(vacancy_id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a vacancy", e))?
            .filter(|v| v.status == VacancyStatus::Open.code())
            .ok_or_else(not_found)?;
        let worker_ids = checked_worker_ids(&proposal.worker_ids)?;
        let message = proposal.message.trim().to_string();
        if message.chars().count() > 500 {
            return Err(AppError::invalid("message", "留言最多 500 个字"));
        }
        let fail = |e| unexpected("proposing workers", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let workers = self.requestable_workers(&txn, &worker_ids).await?;
        if workers.iter().any(|w| w.company_id != company_id) {
            // Another company's worker is simply not one of ours.
            return Err(AppError::invalid(
                "worker_ids",
                "只能推荐本公司花名册中的劳动者",
            ));
        }
        self.refuse_duplicates(&txn, v.employer_id, &worker_ids)
            .await?;
        let start_date = app::domain::calendar::CalendarDate::parse(&v.starts_on)
            .ok()
            .filter(|d| *d >= shanghai_today())
            .unwrap_or_else(shanghai_today);
        let terms = app::domain::hiring::HireTerms {
            position: v.position.clone(),
            place: v.place.clone(),
            region_code: v.region_code.clone(),
            // The company proposes at the top of the advertised range; the employer may
            // accept or decline.
            monthly_wage_fen: v.wage_max_fen,
            start_date,
            term_months: 12,
            conditions: String::new(),
            message,
        };
        let row = self
            .insert_request(
                &txn,
                &user,
                v.employer_id,
                company_id,
                Some(v.id),
                None,
                HireSide::Company,
                &terms,
                &worker_ids,
            )
            .await
            .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "hire_request.propose",
                format!("hire_request:{}", row.id),
                Some(format!("vacancy={vacancy_id} workers={}", worker_ids.len())),
            ),
        )
        .await
        .map_err(fail)?;
        notify(
            &txn,
            Recipients::Employer(v.employer_id),
            "hire.proposed",
            "劳务公司为空岗推荐了劳动者",
            &format!("{}：{} 位劳动者，请确认", v.position, worker_ids.len()),
            &format!("/hiring/{}", row.id),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.one_request(caller, row.id).await
    }

    async fn hire_requests(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<HireRequestView>, AppError> {
        self.expire_overdue().await?;
        let requests = self.visible_requests(caller, None).await?;
        self.request_views(caller, requests).await
    }

    async fn hire_request(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<HireRequestView, AppError> {
        self.expire_overdue().await?;
        self.one_request(caller, id).await
    }

    async fn answer_hire_line(
        &self,
        caller: &RequestIdentity,
        line_id: i32,
        answer: &HireLineAnswer,
    ) -> Result<HireRequestView, AppError> {
        self.expire_overdue().await?;
        let user = signed_in(caller)?;
        let fail = |e| unexpected("answering a hire request", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let line = hire_line::Entity::find_by_id(line_id)
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let request = hire_request::Entity::find_by_id(line.hire_request_id)
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        // Someone else's request is "not found"; officials watch but do not answer.
        let side = side_in(user, &request).ok_or_else(not_found)?;
        if line.version != answer.version {
            return Err(stale());
        }
        let from = HireState::parse(&line.state).ok_or_else(AppError::internal)?;
        // Only the system moves lines past acceptance (signing, start, end).
        if matches!(
            answer.action,
            HireAction::Expire | HireAction::Sign | HireAction::Start | HireAction::End
        ) {
            return Err(conflict("该操作由系统根据合同自动完成"));
        }
        let to = next_state(from, side, &answer.action)?;
        if to == HireState::Accepted && side == HireSide::Company {
            // A worker who started elsewhere meanwhile cannot be promised again.
            let worker = worker::Entity::find_by_id(line.worker_id)
                .one(&txn)
                .await
                .map_err(fail)?
                .ok_or_else(not_found)?;
            if worker.placed_since.is_some() || !worker.active {
                return Err(conflict("该劳动者已上岗或已停用，不能接受邀约"));
            }
        }
        let (detail, counter_wage, counter_start, agreed) = match &answer.action {
            HireAction::Decline { reason } => (reason.trim().to_string(), None, None, None),
            HireAction::Counter { terms } => {
                let mut parts = Vec::new();
                if let Some(w) = terms.monthly_wage_fen {
                    parts.push(format!("月薪 {} 元", yuan(w)));
                }
                if let Some(d) = &terms.start_date {
                    parts.push(format!("{d} 到岗"));
                }
                (
                    parts.join("，"),
                    terms.monthly_wage_fen,
                    terms.start_date.clone(),
                    None,
                )
            }
            HireAction::Accept => {
                // Accepting a counter agrees to its terms; otherwise the request's.
                let wage = line
                    .counter_wage_fen
                    .filter(|_| from == HireState::Countered);
                let start = line
                    .counter_start_date
                    .clone()
                    .filter(|_| from == HireState::Countered);
                (
                    String::new(),
                    None,
                    None,
                    Some((
                        wage.unwrap_or(request.monthly_wage_fen),
                        start.unwrap_or_else(|| request.start_date.clone()),
                    )),
                )
            }
            _ => (String::new(), None, None, None),
        };
        let reason = matches!(answer.action, HireAction::Decline { .. }).then(|| detail.clone());
        let mut also = Vec::new();
        if let Some(reason) = reason {
            also.push((hire_line::Column::DeclineReason, Expr::value(reason)));
        }
        if counter_wage.is_some() || counter_start.is_some() {
            also.push((hire_line::Column::CounterWageFen, Expr::value(counter_wage)));
            also.push((
                hire_line::Column::CounterStartDate,
                Expr::value(counter_start),
            ));
        }
        if let Some((wage, start)) = agreed.clone() {
            also.push((hire_line::Column::AgreedWageFen, Expr::value(wage)));
            also.push((hire_line::Column::AgreedStartDate, Expr::value(start)));
        }
        let moved = self.move_line(&txn, &line, to, also).await.map_err(fail)?;
        if !moved {
            return Err(stale());
        }
        // Acceptance drafts the contract the two sides then edit and sign.
        let drafted = match agreed {
            Some((wage, start)) => Some(
                super::contracts::draft_contract(&txn, &request, &line, wage, &start, user.id)
                    .await
                    .map_err(fail)?,
            ),
            None => None,
        };
        record_event(
            &txn,
            line.id,
            (Some(from), to),
            answer.action.code(),
            side,
            Some(user.id),
            detail.clone(),
        )
        .await
        .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "hire_line.answer",
                format!("hire_line:{line_id}"),
                Some(format!("{}->{}", from.code(), to.code())),
            ),
        )
        .await
        .map_err(fail)?;
        let (to_whom, kind, title) = notice_for(to, &request, side);
        let body = if detail.is_empty() {
            format!("{}（{}）：{}", request.position, request.place, to.label())
        } else {
            format!(
                "{}（{}）：{}，{}",
                request.position,
                request.place,
                to.label(),
                detail
            )
        };
        notify(
            &txn,
            to_whom,
            kind,
            title,
            &body,
            &format!("/hiring/{}", request.id),
        )
        .await
        .map_err(fail)?;
        if let Some(draft) = drafted {
            for to in [
                Recipients::Employer(request.employer_id),
                Recipients::Company(request.company_id),
            ] {
                notify(
                    &txn,
                    to,
                    "contract.draft",
                    "劳动合同草稿已生成",
                    &format!(
                        "{}（{}）：请核对合同条款后签署",
                        request.position, request.place
                    ),
                    &format!("/contracts/{}", draft.id),
                )
                .await
                .map_err(fail)?;
            }
        }
        txn.commit().await.map_err(fail)?;
        self.one_request(caller, request.id).await
    }

    async fn withdraw_hire_request(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<HireRequestView, AppError> {
        self.expire_overdue().await?;
        let user = signed_in(caller)?;
        let fail = |e| unexpected("withdrawing a hire request", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let request = hire_request::Entity::find_by_id(id)
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let side = side_in(user, &request).ok_or_else(not_found)?;
        if side != started_by(&request) {
            return Err(conflict("只有发出邀约的一方可以撤回"));
        }
        let lines = hire_line::Entity::find()
            .filter(hire_line::Column::HireRequestId.eq(id))
            .all(&txn)
            .await
            .map_err(fail)?;
        let mut withdrawn = 0;
        for line in &lines {
            let Some(from) = HireState::parse(&line.state) else {
                continue;
            };
            let Ok(to) = next_state(from, side, &HireAction::Withdraw) else {
                continue;
            };
            if !self
                .move_line(&txn, line, to, Vec::new())
                .await
                .map_err(fail)?
            {
                return Err(stale());
            }
            record_event(
                &txn,
                line.id,
                (Some(from), to),
                "withdraw",
                side,
                Some(user.id),
                String::new(),
            )
            .await
            .map_err(fail)?;
            withdrawn += 1;
        }
        if withdrawn == 0 {
            return Err(conflict("该邀约已没有待答复的劳动者，不能撤回"));
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "hire_request.withdraw",
                format!("hire_request:{id}"),
                Some(format!("lines={withdrawn}")),
            ),
        )
        .await
        .map_err(fail)?;
        let (to_whom, kind, title) = notice_for(HireState::Withdrawn, &request, side);
        notify(
            &txn,
            to_whom,
            kind,
            title,
            &format!("{}（{}）的邀约已撤回", request.position, request.place),
            &format!("/hiring/{id}"),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.one_request(caller, id).await
    }

    async fn inbox(&self, caller: &RequestIdentity) -> Result<InboxView, AppError> {
        self.expire_overdue().await?;
        let user = signed_in(caller)?;
        let fail = |e| unexpected("reading the inbox", e);
        let rows = inbox_message::Entity::find()
            .filter(inbox_message::Column::UserId.eq(user.id))
            .order_by_desc(inbox_message::Column::Id)
            .limit(INBOX_LISTED)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let unread = sea_orm::PaginatorTrait::count(
            inbox_message::Entity::find()
                .filter(inbox_message::Column::UserId.eq(user.id))
                .filter(inbox_message::Column::ReadAt.is_null()),
            &self.db,
        )
        .await
        .map_err(fail)?;
        Ok(InboxView {
            unread,
            messages: rows
                .into_iter()
                .map(|m| InboxMessageView {
                    id: m.id,
                    kind: m.kind,
                    title: m.title,
                    body: m.body,
                    link: m.link,
                    read: m.read_at.is_some(),
                    created_at: shanghai_time(m.created_at),
                })
                .collect(),
        })
    }

    async fn mark_read(
        &self,
        caller: &RequestIdentity,
        id: Option<i64>,
    ) -> Result<InboxView, AppError> {
        let user = signed_in(caller)?;
        let mut update = inbox_message::Entity::update_many()
            .col_expr(inbox_message::Column::ReadAt, Expr::value(Utc::now()))
            .filter(inbox_message::Column::UserId.eq(user.id))
            .filter(inbox_message::Column::ReadAt.is_null());
        if let Some(id) = id {
            update = update.filter(inbox_message::Column::Id.eq(id));
        }
        update
            .exec(&self.db)
            .await
            .map_err(|e| unexpected("marking messages read", e))?;
        self.inbox(caller).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_side_hears_of_each_answer() {
        let request = hire_request::Model {
            id: 1,
            employer_id: 7,
            company_id: 9,
            vacancy_id: None,
            started_by: "employer".into(),
            position: "厨师".into(),
            place: "北京".into(),
            region_code: "110000".into(),
            monthly_wage_fen: 800_000,
            start_date: "2026-12-01".into(),
            term_months: 12,
            conditions: String::new(),
            message: String::new(),
            created_by: 1,
            created_at: Utc::now(),
            expires_at: Utc::now(),
            event_id: None,
        };
        let (to, kind, _) = notice_for(HireState::Accepted, &request, HireSide::Company);
        assert!(matches!(to, Recipients::Employer(7)));
        assert_eq!(kind, "hire.accepted");
        let (to, kind, _) = notice_for(HireState::Withdrawn, &request, HireSide::Employer);
        assert!(matches!(to, Recipients::Company(9)));
        assert_eq!(kind, "hire.withdrawn");
        assert_eq!(started_by(&request), HireSide::Employer);
    }

    #[test]
    fn times_are_shown_in_shanghai() {
        let at = DateTime::parse_from_rfc3339("2026-11-29T16:30:00Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("a valid timestamp");
        assert_eq!(shanghai_time(at), "2026-11-30 00:30");
    }
}
