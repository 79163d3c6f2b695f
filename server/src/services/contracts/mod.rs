//! Labour contracts and placements. A draft is created when a hire line is accepted
//! ([`draft_contract`], called in the same transaction); the parties edit it, then sign. When
//! both have signed, the version is immutable (its SHA-256 recorded) and, for a first version,
//! the placement starts: the worker leaves search until it ends. Later changes are amendments.

mod worker_confirmation;

pub(crate) use worker_confirmation::{awaiting_worker, confirm as confirm_by_worker};

use super::audit;
use super::brands::{audit_entry, signed_in};
use super::hiring::{
    Recipients, conflict, not_found, notify, record_event, shanghai_time, stale, system_audit,
};
use super::unexpected;
use crate::clock::shanghai_today;
use crate::crypto::{PiiKind, PiiVault};
use crate::db::entities::{
    app_user, company, contract, contract_signature, contract_template, employer, hire_line,
    hire_request, placement, worker,
};
use crate::search::change_log::{self, ChangeReason};
use app::api::context::{ContractDesk, RequestIdentity};
use app::api::error::{AppError, ErrorCode};
use app::api::types::{
    ClauseView, ContractEdit, ContractSigning, ContractTemplateView, ContractTermination,
    ContractVersionSummary, ContractView, PlacementEnd, PlacementView, SignatureView,
    WorkerContact,
};
use app::domain::access::SessionUser;
use app::domain::calendar::CalendarDate;
use app::domain::contract::{
    ContractClauses, ContractKind, ContractState, ContractTerms, HoursSystem, SIGNING_PARTIES,
    SigningParty, TermKind, check_amendment, check_edit, check_signature, check_termination,
    is_cross_province,
};
use app::domain::hiring::{HireAction, HireSide, HireState, next_state};
use app::domain::role::{Role, Scope};
use app::domain::search::masked_name;
use async_trait::async_trait;
use chrono::{Datelike, Months, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

const PLACEMENT_ACTIVE: &str = "active";
const PLACEMENT_ENDED: &str = "ended";

pub struct ContractService {
    db: DatabaseConnection,
    vault: PiiVault,
    font_path: std::path::PathBuf,
}

/// SHA-256 (hex) of the canonical content.
pub fn content_hash(terms: &ContractTerms) -> String {
    hex::encode(Sha256::digest(terms.canonical_bytes()))
}

fn terms_of(row: &contract::Model) -> Result<ContractTerms, AppError> {
    serde_json::from_str(&row.terms).map_err(|e| unexpected("reading contract terms", e))
}

fn state_of(row: &contract::Model) -> ContractState {
    ContractState::parse(&row.state).unwrap_or(ContractState::Draft)
}

/// The side the caller signs for, if they are a party.
fn party_of(user: &SessionUser, row: &contract::Model) -> Option<SigningParty> {
    match &user.scope {
        Scope::Employer { id } if *id == row.employer_id => Some(SigningParty::Employer),
        Scope::Company { id } if *id == row.company_id => Some(SigningParty::Company),
        _ => None,
    }
}

fn other_side(party: SigningParty, row: &contract::Model) -> Recipients {
    match party {
        SigningParty::Employer => Recipients::Company(row.company_id),
        SigningParty::Company => Recipients::Employer(row.employer_id),
    }
}

/// The last day of a term of `months` starting on `start` (2027-03-01 + 12 → 2028-02-29).
fn term_end(start: &str, months: u32) -> Option<String> {
    let start = NaiveDate::parse_from_str(start, "%Y-%m-%d").ok()?;
    let anniversary = start.checked_add_months(Months::new(months))?;
    // A month without the start's day (31 January + 1 month) ends on its last day.
    let end = if anniversary.day() == start.day() {
        anniversary.pred_opt()?
    } else {
        anniversary
    };
    Some(end.format("%Y-%m-%d").to_string())
}

async fn template_clauses(
    db: &impl ConnectionTrait,
    kind: ContractKind,
) -> Result<ContractClauses, DbErr> {
    Ok(contract_template::Entity::find()
        .filter(contract_template::Column::Kind.eq(kind.code()))
        .one(db)
        .await?
        .map(|t| ContractClauses {
            rest: t.rest,
            social_insurance: t.social_insurance,
            labour_protection: t.labour_protection,
            other: t.other,
        })
        .unwrap_or_default())
}

/// Who is 甲方 and who the other organisation is, for a kind of contract.
fn parties(kind: ContractKind, employer_name: &str, company_name: &str) -> (String, String) {
    match kind {
        ContractKind::Direct => (employer_name.to_string(), company_name.to_string()),
        ContractKind::EmployeeSystem => (company_name.to_string(), employer_name.to_string()),
    }
}

/// Drafts version 1 of the contract for a line just accepted on `wage_fen` from `start_date`.
///
/// # Errors
/// Database errors (the caller's transaction rolls back with the acceptance).
pub(super) async fn draft_contract(
    db: &impl ConnectionTrait,
    request: &hire_request::Model,
    line: &hire_line::Model,
    wage_fen: i64,
    start_date: &str,
    created_by: i32,
) -> Result<contract::Model, DbErr> {
    let employer_name = employer::Entity::find_by_id(request.employer_id)
        .one(db)
        .await?
        .map(|e| e.name)
        .unwrap_or_default();
    let company_name = company::Entity::find_by_id(request.company_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let worker_name = worker::Entity::find_by_id(line.worker_id)
        .one(db)
        .await?
        .map(|w| w.name)
        .unwrap_or_default();
    let kind = ContractKind::Direct;
    let (party_a, other_party) = parties(kind, &employer_name, &company_name);
    let months = u32::try_from(request.term_months).unwrap_or(12);
    let terms = ContractTerms {
        kind,
        party_a,
        worker_name,
        other_party,
        term_kind: TermKind::Fixed,
        start_date: start_date.to_string(),
        end_date: term_end(start_date, months),
        probation_months: 0,
        position: request.position.clone(),
        place: request.place.clone(),
        region_code: request.region_code.clone(),
        monthly_wage_fen: wage_fen,
        pay_day: 15,
        hours_system: HoursSystem::Standard,
        flexible_hours: false,
        negotiated_pay: false,
        rotation: false,
        clauses: template_clauses(db, kind).await?,
    };
    let now = Utc::now();
    contract::ActiveModel {
        hire_line_id: Set(line.id),
        version_number: Set(1),
        amends_id: Set(None),
        employer_id: Set(request.employer_id),
        company_id: Set(request.company_id),
        worker_id: Set(line.worker_id),
        kind: Set(kind.code().to_string()),
        terms: Set(String::from_utf8(terms.canonical_bytes()).unwrap_or_default()),
        state: Set(ContractState::Draft.code().to_string()),
        row_version: Set(1),
        created_by: Set(created_by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Moves a hire line through the system's steps (sign, start, end), with its history.
async fn advance_line(
    db: &impl ConnectionTrait,
    line_id: i32,
    actions: &[HireAction],
    detail: &str,
) -> Result<(), DbErr> {
    let Some(mut line) = hire_line::Entity::find_by_id(line_id).one(db).await? else {
        return Ok(());
    };
    for action in actions {
        let Some(from) = HireState::parse(&line.state) else {
            return Ok(());
        };
        // A line already past this step (e.g. ended twice) is left as it is.
        let Ok(to) = next_state(from, HireSide::System, action) else {
            continue;
        };
        let mut active: hire_line::ActiveModel = line.clone().into();
        active.state = Set(to.code().to_string());
        active.version = Set(line.version + 1);
        active.updated_at = Set(Utc::now());
        line = active.update(db).await?;
        record_event(
            db,
            line_id,
            (Some(from), to),
            action.code(),
            HireSide::System,
            None,
            detail.to_string(),
        )
        .await?;
    }
    Ok(())
}

/// Ends an active placement: the worker is available (and searchable) again. False when it
/// was no longer active (someone ended it meanwhile).
async fn finish_placement(
    db: &impl ConnectionTrait,
    row: &placement::Model,
    on: &str,
    reason: &str,
    by: Option<i32>,
) -> Result<bool, DbErr> {
    let ended = placement::Entity::update_many()
        .col_expr(placement::Column::State, Expr::value(PLACEMENT_ENDED))
        .col_expr(placement::Column::EndsOn, Expr::value(on))
        .col_expr(placement::Column::EndReason, Expr::value(reason))
        .col_expr(placement::Column::EndedBy, Expr::value(by))
        .filter(placement::Column::Id.eq(row.id))
        .filter(placement::Column::State.eq(PLACEMENT_ACTIVE))
        .exec(db)
        .await?
        .rows_affected;
    if ended != 1 {
        return Ok(false);
    }
    advance_line(db, row.hire_line_id, &[HireAction::End], reason).await?;
    // Only if no other placement of the worker is still running.
    let still_placed = placement::Entity::find()
        .filter(placement::Column::WorkerId.eq(row.worker_id))
        .filter(placement::Column::State.eq(PLACEMENT_ACTIVE))
        .filter(placement::Column::Id.ne(row.id))
        .one(db)
        .await?
        .is_some();
    if !still_placed {
        worker::Entity::update_many()
            .col_expr(
                worker::Column::PlacedSince,
                Expr::value(Option::<chrono::DateTime<Utc>>::None),
            )
            .filter(worker::Column::Id.eq(row.worker_id))
            .exec(db)
            .await?;
        change_log::log_workers(db, &[row.worker_id], ChangeReason::Placement).await?;
    }
    Ok(true)
}

impl ContractService {
    pub fn new(db: DatabaseConnection, vault: PiiVault, font_path: std::path::PathBuf) -> Self {
        Self {
            db,
            vault,
            font_path,
        }
    }

    async fn names(
        &self,
        employer_ids: impl IntoIterator<Item = i32>,
        company_ids: impl IntoIterator<Item = i32>,
    ) -> Result<(HashMap<i32, String>, HashMap<i32, String>), AppError> {
        let fail = |e| unexpected("loading contract parties", e);
        let employers = employer::Entity::find()
            .filter(employer::Column::Id.is_in(employer_ids))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let companies = company::Entity::find()
            .filter(company::Column::Id.is_in(company_ids))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        Ok((employers, companies))
    }

    /// Contracts expire after their end date (on reads and in the minute sweep).
    pub async fn expire_ended(&self) -> Result<u64, AppError> {
        let fail = |e| unexpected("expiring contracts", e);
        let today = shanghai_today().to_string();
        let signed = contract::Entity::find()
            .filter(contract::Column::State.eq(ContractState::Signed.code()))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let mut expired = 0;
        for row in signed {
            let Ok(terms) = terms_of(&row) else {
                continue;
            };
            let Some(end) = terms.end_date.filter(|end| *end < today) else {
                continue;
            };
            let txn = super::begin_write(&self.db).await.map_err(fail)?;
            let moved = contract::Entity::update_many()
                .col_expr(
                    contract::Column::State,
                    Expr::value(ContractState::Expired.code()),
                )
                .col_expr(
                    contract::Column::RowVersion,
                    Expr::value(row.row_version + 1),
                )
                .filter(contract::Column::Id.eq(row.id))
                .filter(contract::Column::RowVersion.eq(row.row_version))
                .exec(&txn)
                .await
                .map_err(fail)?
                .rows_affected;
            if moved == 1 {
                if let Some(p) = placement::Entity::find()
                    .filter(placement::Column::HireLineId.eq(row.hire_line_id))
                    .filter(placement::Column::State.eq(PLACEMENT_ACTIVE))
                    .one(&txn)
                    .await
                    .map_err(fail)?
                {
                    finish_placement(&txn, &p, &end, "合同到期", None)
                        .await
                        .map_err(fail)?;
                }
                audit::record(
                    &txn,
                    system_audit("contract.expire", format!("contract:{}", row.id)),
                )
                .await
                .map_err(fail)?;
                expired += 1;
            }
            txn.commit().await.map_err(fail)?;
        }
        Ok(expired)
    }

    /// Whether the caller may see a record between `employer_id` and `company_id`: its two
    /// parties, the company's county's promoters and admins.
    async fn may_see(
        &self,
        user: &SessionUser,
        employer_id: i32,
        company_id: i32,
    ) -> Result<bool, AppError> {
        Ok(match &user.scope {
            Scope::Employer { id } => *id == employer_id,
            Scope::Company { id } => *id == company_id,
            Scope::City => true,
            Scope::County { code } => company::Entity::find_by_id(company_id)
                .one(&self.db)
                .await
                .map_err(|e| unexpected("loading a company", e))?
                .is_some_and(|c| c.county_code == *code),
        })
    }

    /// A version the caller may see; anything else is "not found".
    async fn visible(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<contract::Model, AppError> {
        let user = signed_in(caller)?;
        let row = contract::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a contract", e))?
            .ok_or_else(not_found)?;
        if self.may_see(user, row.employer_id, row.company_id).await? {
            Ok(row)
        } else {
            Err(not_found())
        }
    }

    /// A version the caller is a party to, with their side.
    async fn as_party(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<(SessionUser, SigningParty, contract::Model), AppError> {
        let row = self.visible(caller, id).await?;
        let user = signed_in(caller)?;
        let party = party_of(user, &row).ok_or_else(|| {
            AppError::with_message(ErrorCode::Forbidden, "只有合同双方可以进行此操作")
        })?;
        Ok((user.clone(), party, row))
    }

    async fn views(
        &self,
        caller: &RequestIdentity,
        rows: Vec<contract::Model>,
    ) -> Result<Vec<ContractView>, AppError> {
        let user = signed_in(caller)?;
        let fail = |e| unexpected("loading contracts", e);
        let (employers, companies) = self
            .names(
                rows.iter().map(|r| r.employer_id),
                rows.iter().map(|r| r.company_id),
            )
            .await?;
        let regions = super::region_names(&self.db).await?;
        let signatures = contract_signature::Entity::find()
            .filter(contract_signature::Column::ContractId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(contract_signature::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let signers: HashMap<i32, String> = app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(signatures.iter().map(|s| s.user_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let all_versions = contract::Entity::find()
            .filter(contract::Column::HireLineId.is_in(rows.iter().map(|r| r.hire_line_id)))
            .order_by_asc(contract::Column::VersionNumber)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let confirmations =
            worker_confirmation::confirmed_at(&self.db, rows.iter().map(|r| r.id).collect())
                .await?;
        let requests: HashMap<i32, i32> = hire_line::Entity::find()
            .filter(hire_line::Column::Id.is_in(rows.iter().map(|r| r.hire_line_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|l| (l.id, l.hire_request_id))
            .collect();
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            let state = state_of(&row);
            let mut terms = terms_of(&row)?;
            let current_hash = content_hash(&terms);
            let worker_confirmed_at = confirmations
                .get(&(row.id, current_hash.clone()))
                .map(|at| shanghai_time(*at));
            // The employer sees the worker's name only once the contract is signed.
            let signed_once = all_versions
                .iter()
                .any(|v| v.hire_line_id == row.hire_line_id && v.signed_at.is_some());
            if matches!(user.scope, Scope::Employer { .. }) && !signed_once {
                terms.worker_name = masked_name(&terms.worker_name);
            }
            let region_name = regions.get(&terms.region_code).cloned().unwrap_or_default();
            let clauses = terms
                .clauses_in_order(&region_name)
                .into_iter()
                .map(|(heading, text)| ClauseView { heading, text })
                .collect();
            let signed: Vec<SignatureView> = signatures
                .iter()
                .filter(|s| s.contract_id == row.id)
                .filter_map(|s| {
                    let party = SigningParty::parse(&s.party)?;
                    Some(SignatureView {
                        party,
                        party_label: party.label().to_string(),
                        signer_name: signers.get(&s.user_id).cloned().unwrap_or_default(),
                        signed_at: shanghai_time(s.signed_at),
                        client_ip: s.client_ip.clone(),
                        content_hash: s.content_hash.clone(),
                        worker_confirmation_method: s.worker_confirmation_method.clone(),
                        worker_confirmed_on: s.worker_confirmed_on.clone(),
                    })
                })
                .collect();
            let awaiting = if state.is_editable() {
                SIGNING_PARTIES
                    .into_iter()
                    .filter(|p| !signed.iter().any(|s| s.party == *p))
                    .collect()
            } else {
                Vec::new()
            };
            views.push(ContractView {
                id: row.id,
                hire_line_id: row.hire_line_id,
                hire_request_id: requests.get(&row.hire_line_id).copied().unwrap_or_default(),
                version_number: row.version_number,
                amends_id: row.amends_id,
                employer_name: employers.get(&row.employer_id).cloned().unwrap_or_default(),
                company_name: companies.get(&row.company_id).cloned().unwrap_or_default(),
                state,
                state_label: state.label().to_string(),
                kind_label: terms.kind.label().to_string(),
                terms,
                region_name,
                clauses,
                current_hash,
                worker_confirmed_at,
                content_hash: row.content_hash.clone(),
                signatures: signed,
                awaiting,
                row_version: row.row_version,
                created_at: shanghai_time(row.created_at),
                signed_at: row.signed_at.map(shanghai_time),
                terminated_on: row.terminated_on.clone(),
                termination_reason: row.termination_reason.clone(),
                versions: all_versions
                    .iter()
                    .filter(|v| v.hire_line_id == row.hire_line_id)
                    .map(|v| {
                        let state = state_of(v);
                        ContractVersionSummary {
                            id: v.id,
                            version_number: v.version_number,
                            state,
                            state_label: state.label().to_string(),
                            signed_at: v.signed_at.map(shanghai_time),
                        }
                    })
                    .collect(),
            });
        }
        Ok(views)
    }

    async fn view(&self, caller: &RequestIdentity, id: i32) -> Result<ContractView, AppError> {
        let row = self.visible(caller, id).await?;
        self.views(caller, vec![row])
            .await?
            .pop()
            .ok_or_else(not_found)
    }

    async fn placement_views(
        &self,
        caller: &RequestIdentity,
        rows: Vec<placement::Model>,
    ) -> Result<Vec<PlacementView>, AppError> {
        signed_in(caller)?;
        let (employers, companies) = self
            .names(
                rows.iter().map(|r| r.employer_id),
                rows.iter().map(|r| r.company_id),
            )
            .await?;
        let regions = super::region_names(&self.db).await?;
        let workers: HashMap<i32, String> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(rows.iter().map(|r| r.worker_id)))
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading placed workers", e))?
            .into_iter()
            .map(|w| (w.id, w.name))
            .collect();
        Ok(rows
            .into_iter()
            .map(|p| PlacementView {
                id: p.id,
                contract_id: p.contract_id,
                hire_line_id: p.hire_line_id,
                worker_id: p.worker_id,
                worker_name: workers.get(&p.worker_id).cloned().unwrap_or_default(),
                employer_name: employers.get(&p.employer_id).cloned().unwrap_or_default(),
                company_name: companies.get(&p.company_id).cloned().unwrap_or_default(),
                region_name: regions.get(&p.region_code).cloned().unwrap_or_default(),
                state_label: if p.state == PLACEMENT_ACTIVE {
                    "在岗"
                } else {
                    "已结束"
                }
                .to_string(),
                position: p.position,
                place: p.place,
                region_code: p.region_code,
                cross_province: p.cross_province,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
                end_reason: p.end_reason,
                state: p.state,
            })
            .collect())
    }

    async fn visible_placement(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<placement::Model, AppError> {
        let user = signed_in(caller)?;
        let row = placement::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a placement", e))?
            .ok_or_else(not_found)?;
        if self.may_see(user, row.employer_id, row.company_id).await? {
            Ok(row)
        } else {
            Err(not_found())
        }
    }
}

fn template_view(t: contract_template::Model) -> Option<ContractTemplateView> {
    let kind = ContractKind::parse(&t.kind)?;
    Some(ContractTemplateView {
        kind,
        kind_label: kind.label().to_string(),
        clauses: ContractClauses {
            rest: t.rest,
            social_insurance: t.social_insurance,
            labour_protection: t.labour_protection,
            other: t.other,
        },
        updated_at: shanghai_time(t.updated_at),
    })
}

#[async_trait]
impl ContractDesk for ContractService {
    async fn contracts(&self, caller: &RequestIdentity) -> Result<Vec<ContractView>, AppError> {
        self.expire_ended().await?;
        let user = signed_in(caller)?;
        let mut query = contract::Entity::find().order_by_desc(contract::Column::Id);
        query = query.filter(super::hiring_scope(
            user,
            contract::Column::EmployerId,
            contract::Column::CompanyId,
        ));
        let rows = query
            .limit(1000)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing contracts", e))?;
        // The latest version of each contract.
        let mut latest: Vec<contract::Model> = Vec::new();
        for row in rows {
            if !latest.iter().any(|r| r.hire_line_id == row.hire_line_id) {
                latest.push(row);
            }
        }
        self.views(caller, latest).await
    }

    async fn contract(&self, caller: &RequestIdentity, id: i32) -> Result<ContractView, AppError> {
        self.expire_ended().await?;
        self.view(caller, id).await
    }

    async fn contract_versions(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<Vec<ContractView>, AppError> {
        let row = self.visible(caller, id).await?;
        let rows = contract::Entity::find()
            .filter(contract::Column::HireLineId.eq(row.hire_line_id))
            .order_by_asc(contract::Column::VersionNumber)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing contract versions", e))?;
        self.views(caller, rows).await
    }

    async fn edit_contract(
        &self,
        caller: &RequestIdentity,
        id: i32,
        edit: &ContractEdit,
    ) -> Result<ContractView, AppError> {
        let (user, party, row) = self.as_party(caller, id).await?;
        if row.row_version != edit.row_version {
            return Err(stale());
        }
        let next = check_edit(state_of(&row)).map_err(|e| conflict(e.0))?;
        let checked = edit.terms.check()?;
        let old = terms_of(&row)?;
        let (employers, companies) = self.names([row.employer_id], [row.company_id]).await?;
        let (party_a, other_party) = parties(
            checked.kind,
            employers.get(&row.employer_id).map_or("", String::as_str),
            companies.get(&row.company_id).map_or("", String::as_str),
        );
        let terms = ContractTerms {
            kind: checked.kind,
            party_a,
            worker_name: old.worker_name,
            other_party,
            term_kind: checked.term_kind,
            start_date: checked.start_date.to_string(),
            end_date: checked.end_date.map(|d| d.to_string()),
            probation_months: checked.probation_months,
            position: checked.position,
            place: checked.place,
            region_code: old.region_code,
            monthly_wage_fen: checked.monthly_wage_fen,
            pay_day: checked.pay_day,
            hours_system: checked.hours_system,
            flexible_hours: checked.flexible_hours,
            negotiated_pay: checked.negotiated_pay,
            rotation: checked.rotation,
            clauses: checked.clauses,
        };
        let fail = |e| unexpected("editing a contract", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let moved = contract::Entity::update_many()
            .col_expr(
                contract::Column::Terms,
                Expr::value(String::from_utf8(terms.canonical_bytes()).unwrap_or_default()),
            )
            .col_expr(contract::Column::Kind, Expr::value(terms.kind.code()))
            .col_expr(contract::Column::State, Expr::value(next.code()))
            .col_expr(
                contract::Column::RowVersion,
                Expr::value(row.row_version + 1),
            )
            .col_expr(contract::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(contract::Column::Id.eq(id))
            .filter(contract::Column::RowVersion.eq(row.row_version))
            .exec(&txn)
            .await
            .map_err(fail)?
            .rows_affected;
        if moved != 1 {
            return Err(stale());
        }
        // Signatures covered the old content: they no longer hold.
        contract_signature::Entity::delete_many()
            .filter(contract_signature::Column::ContractId.eq(id))
            .exec(&txn)
            .await
            .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(caller, "contract.edit", format!("contract:{id}"), None),
        )
        .await
        .map_err(fail)?;
        notify(
            &txn,
            other_side(party, &row),
            "contract.edited",
            "合同草稿已修改",
            &format!(
                "{} 修改了合同（第 {} 版），请查看后签署",
                user.display_name, row.version_number
            ),
            &format!("/contracts/{id}"),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.view(caller, id).await
    }

    async fn sign_contract(
        &self,
        caller: &RequestIdentity,
        id: i32,
        signing: &ContractSigning,
    ) -> Result<ContractView, AppError> {
        let (user, party, row) = self.as_party(caller, id).await?;
        if row.row_version != signing.row_version {
            return Err(stale());
        }
        let terms = terms_of(&row)?;
        let hash = content_hash(&terms);
        let confirmation = match party {
            // The worker's own confirmation of this very content, on their link, is the
            // record; without it the company says how and when the worker confirmed.
            SigningParty::Company => {
                match worker_confirmation::on_link(&self.db, id, &hash).await? {
                    Some(confirmed) => Some(confirmed),
                    None => {
                        let given = signing.worker_confirmation.clone().ok_or_else(|| {
                            AppError::invalid(
                                "worker_confirmation.method",
                                "劳动者尚未在本人二维码页面确认本版合同；代劳动者签署前，请记录劳动者如何、何时确认了合同内容",
                            )
                        })?;
                        Some(given.check(shanghai_today())?)
                    }
                }
            }
            SigningParty::Employer => None,
        };
        let fail = |e| unexpected("signing a contract", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let already: Vec<SigningParty> = contract_signature::Entity::find()
            .filter(contract_signature::Column::ContractId.eq(id))
            .all(&txn)
            .await
            .map_err(fail)?
            .iter()
            .filter_map(|s| SigningParty::parse(&s.party))
            .collect();
        let next = check_signature(state_of(&row), party, &already).map_err(|e| conflict(e.0))?;
        let now = Utc::now();
        if next == ContractState::Signed && row.amends_id.is_none() {
            // The first signed version starts a placement: the worker must still be free.
            let w = worker::Entity::find_by_id(row.worker_id)
                .one(&txn)
                .await
                .map_err(fail)?
                .ok_or_else(not_found)?;
            if w.placed_since.is_some() {
                return Err(conflict("该劳动者已在其他用工单位上岗，不能再签署本合同"));
            }
        }
        let mut update = contract::Entity::update_many()
            .col_expr(contract::Column::State, Expr::value(next.code()))
            .col_expr(
                contract::Column::RowVersion,
                Expr::value(row.row_version + 1),
            )
            .col_expr(contract::Column::UpdatedAt, Expr::value(now))
            .filter(contract::Column::Id.eq(id))
            .filter(contract::Column::RowVersion.eq(row.row_version));
        if next == ContractState::Signed {
            update = update
                .col_expr(contract::Column::ContentHash, Expr::value(hash.clone()))
                .col_expr(contract::Column::SignedAt, Expr::value(now));
        }
        if update.exec(&txn).await.map_err(fail)?.rows_affected != 1 {
            return Err(stale());
        }
        contract_signature::ActiveModel {
            contract_id: Set(id),
            party: Set(party.code().to_string()),
            user_id: Set(user.id),
            signed_at: Set(now),
            client_ip: Set(caller.client_ip.to_string()),
            content_hash: Set(hash.clone()),
            worker_confirmation_method: Set(confirmation.as_ref().map(|(m, _)| m.clone())),
            worker_confirmed_on: Set(confirmation.as_ref().map(|(_, on)| on.to_string())),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => stale(),
            _ => fail(e),
        })?;
        if next == ContractState::Signed {
            if let Some(old) = row.amends_id {
                contract::Entity::update_many()
                    .col_expr(
                        contract::Column::State,
                        Expr::value(ContractState::Superseded.code()),
                    )
                    .col_expr(contract::Column::UpdatedAt, Expr::value(now))
                    .filter(contract::Column::Id.eq(old))
                    .exec(&txn)
                    .await
                    .map_err(fail)?;
                // The placement follows the amended place and end.
                placement::Entity::update_many()
                    .col_expr(placement::Column::ContractId, Expr::value(id))
                    .col_expr(
                        placement::Column::Position,
                        Expr::value(terms.position.clone()),
                    )
                    .col_expr(placement::Column::Place, Expr::value(terms.place.clone()))
                    .filter(placement::Column::HireLineId.eq(row.hire_line_id))
                    .exec(&txn)
                    .await
                    .map_err(fail)?;
            } else {
                advance_line(
                    &txn,
                    row.hire_line_id,
                    &[HireAction::Sign, HireAction::Start],
                    &format!("合同第 {} 版签署完成", row.version_number),
                )
                .await
                .map_err(fail)?;
                let placed = placement::ActiveModel {
                    hire_line_id: Set(row.hire_line_id),
                    contract_id: Set(id),
                    worker_id: Set(row.worker_id),
                    employer_id: Set(row.employer_id),
                    company_id: Set(row.company_id),
                    position: Set(terms.position.clone()),
                    place: Set(terms.place.clone()),
                    region_code: Set(terms.region_code.clone()),
                    cross_province: Set(is_cross_province(&terms.region_code)),
                    starts_on: Set(terms.start_date.clone()),
                    ends_on: Set(None),
                    state: Set(PLACEMENT_ACTIVE.to_string()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(fail)?;
                // Every worker exported through a contract gets a named station (if the
                // region has one).
                super::follow_up::welcome_case(&txn, &placed)
                    .await
                    .map_err(fail)?;
                worker::Entity::update_many()
                    .col_expr(worker::Column::PlacedSince, Expr::value(Some(now)))
                    .filter(worker::Column::Id.eq(row.worker_id))
                    .exec(&txn)
                    .await
                    .map_err(fail)?;
                change_log::log_workers(&txn, &[row.worker_id], ChangeReason::Placement)
                    .await
                    .map_err(fail)?;
                // The subsidies a signed contract earns (transport, the employer's hiring
                // subsidy), computed with the facts in the same transaction.
                let signed_row = contract::Entity::find_by_id(id)
                    .one(&txn)
                    .await
                    .map_err(fail)?
                    .ok_or_else(AppError::internal)?;
                super::subsidy::claims_for_signed_contract(&txn, &signed_row)
                    .await
                    .map_err(fail)?;
            }
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "contract.sign",
                format!("contract:{id}"),
                Some(format!("party={} sha256={hash}", party.code())),
            ),
        )
        .await
        .map_err(fail)?;
        let (title, body) = if next == ContractState::Signed {
            (
                "合同已签署生效",
                format!(
                    "合同第 {} 版双方已签署，内容摘要 SHA-256 {}",
                    row.version_number,
                    &hash[..16]
                ),
            )
        } else {
            (
                "合同待您签署",
                format!(
                    "{} 已签署合同第 {} 版，请核对后签署",
                    user.display_name, row.version_number
                ),
            )
        };
        notify(
            &txn,
            other_side(party, &row),
            if next == ContractState::Signed {
                "contract.signed"
            } else {
                "contract.ready"
            },
            title,
            &body,
            &format!("/contracts/{id}"),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.view(caller, id).await
    }

    async fn amend_contract(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<ContractView, AppError> {
        let (user, party, row) = self.as_party(caller, id).await?;
        check_amendment(state_of(&row)).map_err(|e| conflict(e.0))?;
        let fail = |e| unexpected("amending a contract", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let versions = contract::Entity::find()
            .filter(contract::Column::HireLineId.eq(row.hire_line_id))
            .all(&txn)
            .await
            .map_err(fail)?;
        if versions.iter().any(|v| state_of(v).is_editable()) {
            return Err(conflict("已有待签署的变更协议，请先处理它"));
        }
        let number = versions.iter().map(|v| v.version_number).max().unwrap_or(1) + 1;
        let now = Utc::now();
        let amendment = contract::ActiveModel {
            hire_line_id: Set(row.hire_line_id),
            version_number: Set(number),
            amends_id: Set(Some(row.id)),
            employer_id: Set(row.employer_id),
            company_id: Set(row.company_id),
            worker_id: Set(row.worker_id),
            kind: Set(row.kind.clone()),
            terms: Set(row.terms.clone()),
            state: Set(ContractState::Draft.code().to_string()),
            row_version: Set(1),
            created_by: Set(user.id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        // Someone else drafted version `number` at the same moment.
        .map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => stale(),
            _ => fail(e),
        })?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "contract.amend",
                format!("contract:{}", amendment.id),
                Some(format!("amends={id}")),
            ),
        )
        .await
        .map_err(fail)?;
        notify(
            &txn,
            other_side(party, &row),
            "contract.amendment",
            "合同变更协议草稿",
            &format!("{} 起草了合同第 {number} 版（变更协议）", user.display_name),
            &format!("/contracts/{}", amendment.id),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.view(caller, amendment.id).await
    }

    async fn terminate_contract(
        &self,
        caller: &RequestIdentity,
        id: i32,
        termination: &ContractTermination,
    ) -> Result<ContractView, AppError> {
        let (user, party, row) = self.as_party(caller, id).await?;
        if row.row_version != termination.row_version {
            return Err(stale());
        }
        let terms = terms_of(&row)?;
        let on = CalendarDate::parse(&termination.on)
            .map_err(|e| AppError::invalid("on", format!("解除日期无效：{e}")))?;
        let start = CalendarDate::parse(&terms.start_date)
            .map_err(|e| unexpected("a stored start date", e))?;
        let next = check_termination(state_of(&row), start, on, &termination.reason)
            .map_err(|e| conflict(e.0))?;
        let reason = termination.reason.trim().to_string();
        let fail = |e| unexpected("terminating a contract", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let moved = contract::Entity::update_many()
            .col_expr(contract::Column::State, Expr::value(next.code()))
            .col_expr(
                contract::Column::RowVersion,
                Expr::value(row.row_version + 1),
            )
            .col_expr(contract::Column::TerminatedOn, Expr::value(on.to_string()))
            .col_expr(
                contract::Column::TerminationReason,
                Expr::value(reason.clone()),
            )
            .col_expr(contract::Column::TerminatedBy, Expr::value(user.id))
            .col_expr(contract::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(contract::Column::Id.eq(id))
            .filter(contract::Column::RowVersion.eq(row.row_version))
            .exec(&txn)
            .await
            .map_err(fail)?
            .rows_affected;
        if moved != 1 {
            return Err(stale());
        }
        if let Some(p) = placement::Entity::find()
            .filter(placement::Column::HireLineId.eq(row.hire_line_id))
            .filter(placement::Column::State.eq(PLACEMENT_ACTIVE))
            .one(&txn)
            .await
            .map_err(fail)?
        {
            finish_placement(&txn, &p, &on.to_string(), &reason, Some(user.id))
                .await
                .map_err(fail)?;
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "contract.terminate",
                format!("contract:{id}"),
                Some(format!("on={on}")),
            ),
        )
        .await
        .map_err(fail)?;
        notify(
            &txn,
            other_side(party, &row),
            "contract.terminated",
            "合同已解除",
            &format!("{} 于 {on} 解除合同：{reason}", user.display_name),
            &format!("/contracts/{id}"),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.view(caller, id).await
    }

    async fn contract_pdf(&self, caller: &RequestIdentity, id: i32) -> Result<Vec<u8>, AppError> {
        let view = self.view(caller, id).await?;
        let font_path = self.font_path.clone();
        tokio::task::spawn_blocking(move || super::contract_pdf::render(&view, &font_path))
            .await
            .map_err(|e| unexpected("rendering a contract", e))?
    }

    async fn placements(&self, caller: &RequestIdentity) -> Result<Vec<PlacementView>, AppError> {
        self.expire_ended().await?;
        let user = signed_in(caller)?;
        let mut query = placement::Entity::find().order_by_desc(placement::Column::Id);
        query = query.filter(super::hiring_scope(
            user,
            placement::Column::EmployerId,
            placement::Column::CompanyId,
        ));
        let rows = query
            .limit(1000)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing placements", e))?;
        self.placement_views(caller, rows).await
    }

    async fn end_placement(
        &self,
        caller: &RequestIdentity,
        id: i32,
        end: &PlacementEnd,
    ) -> Result<PlacementView, AppError> {
        let user = signed_in(caller)?;
        let row = self.visible_placement(caller, id).await?;
        let side = match &user.scope {
            Scope::Employer { .. } => Recipients::Company(row.company_id),
            Scope::Company { .. } => Recipients::Employer(row.employer_id),
            _ => {
                return Err(AppError::with_message(
                    ErrorCode::Forbidden,
                    "只有用工单位或劳务公司可以结束输出就业",
                ));
            }
        };
        if row.state != PLACEMENT_ACTIVE {
            return Err(conflict("该输出就业已结束"));
        }
        let on = CalendarDate::parse(&end.on)
            .map_err(|e| AppError::invalid("on", format!("结束日期无效：{e}")))?;
        if on.to_string() < row.starts_on {
            return Err(AppError::invalid("on", "结束日期不能早于上岗日期"));
        }
        let reason = end.reason.trim();
        if reason.is_empty() || reason.chars().count() > 200 {
            return Err(AppError::invalid("reason", "请写明结束原因（最多 200 字）"));
        }
        let fail = |e| unexpected("ending a placement", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        // A concurrent end loses cleanly.
        if !finish_placement(&txn, &row, &on.to_string(), reason, Some(user.id))
            .await
            .map_err(fail)?
        {
            return Err(stale());
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "placement.end",
                format!("placement:{id}"),
                Some(format!("on={on}")),
            ),
        )
        .await
        .map_err(fail)?;
        notify(
            &txn,
            side,
            "placement.ended",
            "输出就业已结束",
            &format!("{} 于 {on} 结束：{reason}", row.position),
            "/placements",
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        let row = self.visible_placement(caller, id).await?;
        self.placement_views(caller, vec![row])
            .await?
            .pop()
            .ok_or_else(not_found)
    }

    async fn placement_contact(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<WorkerContact, AppError> {
        let user = signed_in(caller)?;
        let row = self.visible_placement(caller, id).await?;
        if !matches!((&user.role, &user.scope), (Role::Employer, Scope::Employer { id }) if *id == row.employer_id)
        {
            return Err(AppError::with_message(
                ErrorCode::Forbidden,
                "只有签约的用工单位可以查看劳动者的联系方式",
            ));
        }
        let fail = |e| unexpected("revealing a placed worker's contact", e);
        let w = worker::Entity::find_by_id(row.worker_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let phone = self
            .vault
            .decrypt(PiiKind::Phone, &w.phone_enc)
            .map_err(|e| unexpected("decrypting a phone number", e))?;
        audit::record(
            &self.db,
            audit_entry(
                caller,
                "worker.contact_view",
                format!("worker:{}", w.id),
                Some(format!("placement={id}")),
            ),
        )
        .await
        .map_err(fail)?;
        Ok(WorkerContact {
            worker_id: w.id,
            name: w.name,
            phone,
        })
    }

    async fn contract_templates(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<ContractTemplateView>, AppError> {
        signed_in(caller)?;
        Ok(contract_template::Entity::find()
            .order_by_asc(contract_template::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading contract templates", e))?
            .into_iter()
            .filter_map(template_view)
            .collect())
    }

    async fn save_contract_template(
        &self,
        caller: &RequestIdentity,
        kind: ContractKind,
        clauses: &ContractClauses,
    ) -> Result<ContractTemplateView, AppError> {
        let user = signed_in(caller)?;
        if user.role != Role::Admin {
            return Err(AppError::new(ErrorCode::Forbidden));
        }
        let check = |field: &'static str, text: &str, min: usize| {
            let n = text.trim().chars().count();
            if n < min || n > 2000 {
                Err(AppError::invalid(field, format!("应为 {min}–2000 个字")))
            } else {
                Ok(text.trim().to_string())
            }
        };
        let rest = check("rest", &clauses.rest, 4)?;
        let social_insurance = check("social_insurance", &clauses.social_insurance, 4)?;
        let labour_protection = check("labour_protection", &clauses.labour_protection, 4)?;
        let other = check("other", &clauses.other, 0)?;
        let fail = |e| unexpected("saving a contract template", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let row = contract_template::Entity::find()
            .filter(contract_template::Column::Kind.eq(kind.code()))
            .one(&txn)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let mut active: contract_template::ActiveModel = row.into();
        active.rest = Set(rest);
        active.social_insurance = Set(social_insurance);
        active.labour_protection = Set(labour_protection);
        active.other = Set(other);
        active.updated_by = Set(Some(user.id));
        active.updated_at = Set(Utc::now());
        let saved = active.update(&txn).await.map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "contract_template.save",
                format!("contract_template:{}", kind.code()),
                None,
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        template_view(saved).ok_or_else(AppError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_of_months_ends_the_day_before_its_anniversary() {
        assert_eq!(term_end("2027-03-01", 12).as_deref(), Some("2028-02-29"));
        assert_eq!(term_end("2027-01-31", 1).as_deref(), Some("2027-02-28"));
        assert_eq!(term_end("not a date", 12), None);
    }

    #[test]
    fn the_first_party_is_the_employer_of_record() {
        assert_eq!(
            parties(ContractKind::Direct, "京味楼", "厨艺合作社"),
            ("京味楼".to_string(), "厨艺合作社".to_string())
        );
        assert_eq!(
            parties(ContractKind::EmployeeSystem, "京味楼", "厨艺合作社"),
            ("厨艺合作社".to_string(), "京味楼".to_string())
        );
    }
}
