//! 员工制 enrolment, flexible-employment social insurance, the policy-parameter versions, and
//! the subsidy claims computed from them. Claims are computed in the same transaction as the
//! fact that earns them (a contract signed, a contribution recorded, an enrolment); the pure
//! rules live in `app::domain::subsidy`, and the unique (kind, fact_key) index makes sure the
//! same facts never produce a second claim.

use super::audit;
use super::brands::{audit_entry, signed_in};
use super::hiring::{Recipients, conflict, not_found, notify, shanghai_time, stale};
use super::ledger_file;
use super::unexpected;
use crate::clock::shanghai_today;
use crate::crypto::{PiiKind, PiiVault};
use crate::db::entities::{
    company, contract, contribution_base, employee_system_enrolment, employer,
    insurance_contribution, insurance_enrolment, placement, policy_version, subsidy_claim, worker,
};
use app::api::context::{RequestIdentity, SubsidyDesk};
use app::api::error::{AppError, ErrorCode};
use app::api::types::{
    BoardQuery, ClaimDecision, ClaimEvidence, ClaimFilter, ClaimTotal, ClaimView,
    ContributionBaseView, ContributionView, EmployeeSystemCandidate, EmployeeSystemRow,
    EmployeeSystemView, ImportMode, ImportReport, InsuranceEnrolmentView, PolicyVersionView,
    RecomputeReport, RejectedRow,
};
use app::domain::access::SessionUser;
use app::domain::calendar::CalendarDate;
use app::domain::contract::{ContractKind, ContractState, ContractTerms, is_cross_province};
use app::domain::id_number::IdNumber;
use app::domain::insurance::{
    Arrears, ContributionBaseForm, ContributionForm, EmployeeSystemForm, EnrolmentEnd,
    InsuranceEnrolmentForm, Period, Scheme, WorkArrangement, arrears, month_due_fen,
};
use app::domain::money::Fen;
use app::domain::policy::{PolicyFigures, PolicyVersion, PolicyVersionForm, version_in_force};
use app::domain::role::{Role, Scope};
use app::domain::search::masked_name;
use app::domain::subsidy::{
    ClaimKind, ClaimState, ClaimStep, Explanation, Ruling, check_contribution_base,
    employer_insurance_subsidy, hiring_subsidy, insurance_subsidy, next_claim_state,
    transport_subsidy,
};
use async_trait::async_trait;
use chrono::{TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Set, TryInsertResult,
};
use std::collections::{BTreeMap, HashMap, HashSet};

const SOURCE_MANUAL: &str = "manual";
const SOURCE_STATEMENT: &str = "statement";

pub struct SubsidyService {
    db: DatabaseConnection,
    vault: PiiVault,
}

/// The company a signed-in company user acts for.
fn company_user(caller: &RequestIdentity) -> Result<(&SessionUser, i32), AppError> {
    let user = signed_in(caller)?;
    match (&user.role, &user.scope) {
        (Role::Company, Scope::Company { id }) => Ok((user, *id)),
        _ => Err(AppError::new(ErrorCode::Forbidden)),
    }
}

fn date_of(text: &str) -> Option<CalendarDate> {
    CalendarDate::parse(text).ok()
}

fn period_of(text: &str) -> Option<Period> {
    Period::parse(text).ok()
}

fn yuan(fen: i64) -> String {
    Fen(fen).to_string()
}

/// Names by id, for labels: one query per kind of organisation or person.
macro_rules! names_by_id {
    ($function:ident, $entity:ident) => {
        async fn $function(
            db: &impl ConnectionTrait,
            ids: impl IntoIterator<Item = i32>,
        ) -> Result<HashMap<i32, String>, DbErr> {
            Ok($entity::Entity::find()
                .filter($entity::Column::Id.is_in(ids))
                .all(db)
                .await?
                .into_iter()
                .map(|row| (row.id, row.name))
                .collect())
        }
    };
}

names_by_id!(worker_names, worker);
names_by_id!(company_names, company);
names_by_id!(employer_names, employer);

/// The domain's view of a stored version; a row with unreadable dates is ignored.
fn version_of(row: &policy_version::Model) -> Option<PolicyVersion> {
    Some(PolicyVersion {
        id: i64::from(row.id),
        county_code: row.county_code.clone(),
        effective_from: date_of(&row.effective_from)?,
        effective_to: match &row.effective_to {
            Some(to) => Some(date_of(to)?),
            None => None,
        },
        figures: PolicyFigures {
            annual_average_wage_fen: row.annual_average_wage_fen,
            base_floor_percent: row.base_floor_percent,
            base_ceiling_percent: row.base_ceiling_percent,
            pension_rate_bp: row.pension_rate_bp,
            medical_rate_bp: row.medical_rate_bp,
            transport_cap_fen: row.transport_cap_fen,
            insurance_share_numerator: row.insurance_share_numerator,
            insurance_share_denominator: row.insurance_share_denominator,
            insurance_max_months: row.insurance_max_months,
            employer_hiring_fen: row.employer_hiring_fen,
            employer_insurance_monthly_fen: row.employer_insurance_monthly_fen,
            training_per_person_fen: row.training_per_person_fen,
            entrepreneurship_training_fen: row.entrepreneurship_training_fen,
            skill_appraisal_fen: row.skill_appraisal_fen,
            station_service_fen: row.station_service_fen,
        },
    })
}

pub(crate) async fn load_versions(db: &impl ConnectionTrait) -> Result<Vec<PolicyVersion>, DbErr> {
    Ok(policy_version::Entity::find()
        .all(db)
        .await?
        .iter()
        .filter_map(version_of)
        .collect())
}

fn version_id(version: &PolicyVersion) -> i32 {
    i32::try_from(version.id).unwrap_or_default()
}

/// The version for `county` on `date`, or a clear refusal naming what is missing.
fn governing<'a>(
    versions: &'a [PolicyVersion],
    county: &str,
    date: CalendarDate,
) -> Result<&'a PolicyVersion, AppError> {
    version_in_force(versions, Some(county), date).ok_or_else(|| {
        AppError::with_message(
            ErrorCode::Conflict,
            format!("{date} 没有生效的政策参数版本，请先由推广员或管理员设定"),
        )
    })
}

/// The county whose promoters review a worker's claims: the home county, else the company's.
pub(crate) fn county_of(worker: &worker::Model, company_county: &str) -> String {
    worker
        .household_county_code
        .clone()
        .unwrap_or_else(|| company_county.to_string())
}

fn scheme_rate(version: &PolicyVersion, scheme: Scheme) -> i64 {
    match scheme {
        Scheme::Pension => version.figures.pension_rate_bp,
        Scheme::Medical => version.figures.medical_rate_bp,
    }
}

fn last_day(period: Period) -> CalendarDate {
    (28..=31)
        .rev()
        .find_map(|day| CalendarDate::new(period.year(), period.month(), day).ok())
        .unwrap_or_else(|| period.first_day())
}

/// Whether `[from, to]` (dates, `to` open when none) overlaps the month.
fn covers(from: &str, to: Option<&str>, period: Period) -> bool {
    let (first, last) = (period.first_day(), last_day(period));
    let starts_in_time = date_of(from).is_some_and(|from| from <= last);
    let not_ended = to.is_none_or(|to| date_of(to).is_none_or(|to| to >= first));
    starts_in_time && not_ended
}

// ---------------------------------------------------------------------------------------------
// Claim computation: one function per fact, shared by the events and by recomputation.
// ---------------------------------------------------------------------------------------------

/// What a computation did to one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Upsert {
    Created,
    Updated,
    Unchanged,
}

pub(crate) fn count(report: &mut RecomputeReport, outcome: Upsert) {
    match outcome {
        Upsert::Created => report.created += 1,
        Upsert::Updated => report.updated += 1,
        Upsert::Unchanged => report.unchanged += 1,
    }
}

pub(crate) struct NewClaim {
    pub kind: ClaimKind,
    pub fact_key: String,
    pub worker_id: i32,
    pub company_id: i32,
    pub employer_id: Option<i32>,
    pub county_code: String,
    pub period: Option<Period>,
    pub year: i32,
    pub amount_fen: i64,
    pub explanation: Explanation,
}

fn explanation_json(explanation: &Explanation) -> Result<String, DbErr> {
    serde_json::to_string(explanation).map_err(|e| DbErr::Custom(e.to_string()))
}

/// Inserts the claim unless its facts already have one; a claim not yet submitted follows
/// its facts (a corrected contribution), one submitted or later never changes.
pub(crate) async fn upsert_claim(
    db: &impl ConnectionTrait,
    claim: NewClaim,
) -> Result<Upsert, DbErr> {
    let explanation = explanation_json(&claim.explanation)?;
    let version = i32::try_from(claim.explanation.parameter_version).unwrap_or_default();
    let existing = subsidy_claim::Entity::find()
        .filter(subsidy_claim::Column::Kind.eq(claim.kind.code()))
        .filter(subsidy_claim::Column::FactKey.eq(claim.fact_key.as_str()))
        .one(db)
        .await?;
    if let Some(row) = existing {
        let unchanged = row.amount_fen == claim.amount_fen
            && row.policy_version_id == version
            && row.explanation == explanation;
        if unchanged || row.state != ClaimState::Computed.code() {
            return Ok(Upsert::Unchanged);
        }
        let updated = subsidy_claim::Entity::update_many()
            .col_expr(
                subsidy_claim::Column::AmountFen,
                Expr::value(claim.amount_fen),
            )
            .col_expr(subsidy_claim::Column::PolicyVersionId, Expr::value(version))
            .col_expr(subsidy_claim::Column::Explanation, Expr::value(explanation))
            .col_expr(
                subsidy_claim::Column::CompanyId,
                Expr::value(claim.company_id),
            )
            .col_expr(
                subsidy_claim::Column::RowVersion,
                Expr::value(row.row_version + 1),
            )
            .col_expr(subsidy_claim::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(subsidy_claim::Column::Id.eq(row.id))
            .filter(subsidy_claim::Column::RowVersion.eq(row.row_version))
            .filter(subsidy_claim::Column::State.eq(ClaimState::Computed.code()))
            .exec(db)
            .await?;
        return Ok(if updated.rows_affected == 1 {
            Upsert::Updated
        } else {
            Upsert::Unchanged
        });
    }
    let now = Utc::now();
    let inserted = subsidy_claim::Entity::insert(subsidy_claim::ActiveModel {
        kind: Set(claim.kind.code().to_string()),
        fact_key: Set(claim.fact_key),
        worker_id: Set(claim.worker_id),
        company_id: Set(claim.company_id),
        employer_id: Set(claim.employer_id),
        county_code: Set(claim.county_code),
        period: Set(claim.period.map(|p| p.to_string())),
        year: Set(claim.year),
        amount_fen: Set(claim.amount_fen),
        travel_cost_fen: Set(None),
        policy_version_id: Set(version),
        explanation: Set(explanation),
        state: Set(ClaimState::Computed.code().to_string()),
        evidence: Set(String::new()),
        row_version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    // Two computations racing on the same facts: the second one's insert does nothing.
    .on_conflict_do_nothing_on([subsidy_claim::Column::Kind, subsidy_claim::Column::FactKey])
    .exec(db)
    .await?;
    Ok(match inserted {
        TryInsertResult::Inserted(_) => Upsert::Created,
        TryInsertResult::Conflicted | TryInsertResult::Empty => Upsert::Unchanged,
    })
}

/// Removes a claim its facts no longer earn while it is with the claimant (computed, or
/// rejected and not resubmitted): a rejected claim must not be resubmitted for facts that are
/// gone (a training result taken back). The rejection stays in the audit log.
pub(crate) async fn withdraw_unsubmitted(
    db: &impl ConnectionTrait,
    kind: ClaimKind,
    fact_key: &str,
) -> Result<Upsert, DbErr> {
    let deleted = subsidy_claim::Entity::delete_many()
        .filter(subsidy_claim::Column::Kind.eq(kind.code()))
        .filter(subsidy_claim::Column::FactKey.eq(fact_key))
        .filter(
            subsidy_claim::Column::State
                .is_in([ClaimState::Computed.code(), ClaimState::Rejected.code()]),
        )
        .exec(db)
        .await?;
    Ok(if deleted.rows_affected > 0 {
        Upsert::Updated
    } else {
        Upsert::Unchanged
    })
}

/// Removes a claim its facts no longer earn (a contribution corrected to 0, an enrolment
/// ended earlier), but only while nobody has submitted it.
pub(crate) async fn withdraw_computed(
    db: &impl ConnectionTrait,
    kind: ClaimKind,
    fact_key: &str,
) -> Result<Upsert, DbErr> {
    let deleted = subsidy_claim::Entity::delete_many()
        .filter(subsidy_claim::Column::Kind.eq(kind.code()))
        .filter(subsidy_claim::Column::FactKey.eq(fact_key))
        .filter(subsidy_claim::Column::State.eq(ClaimState::Computed.code()))
        .exec(db)
        .await?;
    Ok(if deleted.rows_affected > 0 {
        Upsert::Updated
    } else {
        Upsert::Unchanged
    })
}

/// The transport claim waits for the actual travel cost; until then its amount is 0.
fn pending_transport(version: &PolicyVersion, year: u16, region: &str) -> Explanation {
    Explanation {
        rule: "transport".into(),
        parameter_version: version.id,
        inputs: vec![
            ("签约年度".into(), year.to_string()),
            ("跨省输出地".into(), region.to_string()),
            ("上限（元）".into(), yuan(version.figures.transport_cap_fen)),
        ],
        formula: format!(
            "待填写实际交通费用：补助 = min(实际费用, 上限 {} 元)",
            yuan(version.figures.transport_cap_fen)
        ),
    }
}

/// The date a contract was signed, in Asia/Shanghai.
fn signed_on(row: &contract::Model) -> Option<CalendarDate> {
    let at = row.signed_at? + TimeDelta::hours(8);
    date_of(&at.format("%Y-%m-%d").to_string())
}

/// The claims a first signed contract earns: the transport subsidy for a placement across
/// provinces (once per worker and year) and, for a worker from a registered poor household,
/// the employer's one-off hiring subsidy. Called in the signing transaction.
///
/// # Errors
/// Database errors.
pub(crate) async fn claims_for_signed_contract(
    db: &impl ConnectionTrait,
    row: &contract::Model,
) -> Result<RecomputeReport, DbErr> {
    let mut report = RecomputeReport::default();
    let (Some(signed), Ok(terms)) = (
        signed_on(row),
        serde_json::from_str::<ContractTerms>(&row.terms),
    ) else {
        return Ok(report);
    };
    let Some(person) = worker::Entity::find_by_id(row.worker_id).one(db).await? else {
        return Ok(report);
    };
    let company_county = company::Entity::find_by_id(row.company_id)
        .one(db)
        .await?
        .map(|c| c.county_code)
        .unwrap_or_default();
    let county = county_of(&person, &company_county);
    let versions = load_versions(db).await?;
    let Some(version) = version_in_force(&versions, Some(&county), signed) else {
        return Ok(report);
    };
    let year = signed.year();
    if is_cross_province(&terms.region_code) {
        count(
            &mut report,
            upsert_claim(
                db,
                NewClaim {
                    kind: ClaimKind::Transport,
                    fact_key: format!("{}:{year}", row.worker_id),
                    worker_id: row.worker_id,
                    company_id: row.company_id,
                    employer_id: None,
                    county_code: county.clone(),
                    period: None,
                    year: i32::from(year),
                    amount_fen: 0,
                    explanation: pending_transport(version, year, &terms.place),
                },
            )
            .await?,
        );
    }
    if let Ok(ruling) = hiring_subsidy(version.hiring(), person.poverty_registered, false) {
        count(
            &mut report,
            upsert_claim(
                db,
                NewClaim {
                    kind: ClaimKind::EmployerHiring,
                    fact_key: format!("{}:{}", row.worker_id, row.employer_id),
                    worker_id: row.worker_id,
                    company_id: row.company_id,
                    employer_id: Some(row.employer_id),
                    county_code: county,
                    period: None,
                    year: i32::from(year),
                    amount_fen: ruling.amount_fen,
                    explanation: ruling.explanation,
                },
            )
            .await?,
        );
    }
    Ok(report)
}

/// The claims one month of one scheme's contributions earns: the worker's social-insurance
/// subsidy (under 员工制, within the 36-month window, whichever company) and, for a worker
/// from a registered poor household, the employer's monthly insurance subsidy.
async fn claims_for_contribution(
    db: &impl ConnectionTrait,
    versions: &[PolicyVersion],
    person: &worker::Model,
    company_county: &str,
    enrolment: &insurance_enrolment::Model,
    contribution: &insurance_contribution::Model,
) -> Result<RecomputeReport, DbErr> {
    let mut report = RecomputeReport::default();
    let (Some(period), Some(scheme)) = (
        period_of(&contribution.period),
        Scheme::parse(&enrolment.scheme),
    ) else {
        return Ok(report);
    };
    let county = county_of(person, company_county);
    let Some(version) = version_in_force(versions, Some(&county), period.first_day()) else {
        return Ok(report);
    };
    let insurance_key = format!("{}:{}:{period}", person.id, scheme.code());

    // 员工制 that month, with whichever company.
    let employee_system = employee_system_enrolment::Entity::find()
        .filter(employee_system_enrolment::Column::WorkerId.eq(person.id))
        .all(db)
        .await?
        .into_iter()
        .find(|e| covers(&e.started_on, e.ended_on.as_deref(), period));
    // The months already subsidised (any scheme, any company), not counting this claim.
    let subsidised: Vec<Period> = subsidy_claim::Entity::find()
        .filter(subsidy_claim::Column::WorkerId.eq(person.id))
        .filter(subsidy_claim::Column::Kind.eq(ClaimKind::SocialInsurance.code()))
        .filter(subsidy_claim::Column::State.ne(ClaimState::Rejected.code()))
        .filter(subsidy_claim::Column::FactKey.ne(insurance_key.as_str()))
        .all(db)
        .await?
        .iter()
        .filter_map(|c| c.period.as_deref().and_then(period_of))
        .collect();
    let span = subsidised
        .iter()
        .min()
        .copied()
        .zip(subsidised.iter().max().copied());
    match insurance_subsidy(
        version.insurance(),
        contribution.paid_fen,
        period,
        employee_system.is_some(),
        span,
    ) {
        Ok(ruling) => count(
            &mut report,
            upsert_claim(
                db,
                NewClaim {
                    kind: ClaimKind::SocialInsurance,
                    fact_key: insurance_key,
                    worker_id: person.id,
                    company_id: employee_system.map_or(enrolment.company_id, |e| e.company_id),
                    employer_id: None,
                    county_code: county.clone(),
                    period: Some(period),
                    year: i32::from(period.year()),
                    amount_fen: ruling.amount_fen,
                    explanation: with_scheme(ruling, scheme).explanation,
                },
            )
            .await?,
        ),
        Err(_) => count(
            &mut report,
            withdraw_computed(db, ClaimKind::SocialInsurance, &insurance_key).await?,
        ),
    }

    // The employer's part: every employer the worker was placed with that month.
    let placements = placement::Entity::find()
        .filter(placement::Column::WorkerId.eq(person.id))
        .all(db)
        .await?;
    let paid_that_month: i64 = insurance_contribution::Entity::find()
        .filter(insurance_contribution::Column::WorkerId.eq(person.id))
        .filter(insurance_contribution::Column::Period.eq(period.to_string()))
        .all(db)
        .await?
        .iter()
        .map(|c| c.paid_fen)
        .sum();
    for placed in placements
        .iter()
        .filter(|p| covers(&p.starts_on, p.ends_on.as_deref(), period))
    {
        let key = format!("{}:{}:{period}", person.id, placed.employer_id);
        match employer_insurance_subsidy(
            version.employer_insurance(),
            person.poverty_registered,
            period,
            paid_that_month,
        ) {
            Ok(ruling) => count(
                &mut report,
                upsert_claim(
                    db,
                    NewClaim {
                        kind: ClaimKind::EmployerInsurance,
                        fact_key: key,
                        worker_id: person.id,
                        company_id: placed.company_id,
                        employer_id: Some(placed.employer_id),
                        county_code: county.clone(),
                        period: Some(period),
                        year: i32::from(period.year()),
                        amount_fen: ruling.amount_fen,
                        explanation: ruling.explanation,
                    },
                )
                .await?,
            ),
            Err(_) => {
                count(
                    &mut report,
                    withdraw_computed(db, ClaimKind::EmployerInsurance, &key).await?,
                );
            }
        }
    }
    Ok(report)
}

fn with_scheme(mut ruling: Ruling, scheme: Scheme) -> Ruling {
    ruling
        .explanation
        .inputs
        .insert(0, ("险种".into(), scheme.label().into()));
    ruling
}

/// Recomputes every contribution of one worker (after a 员工制 enrolment starts or ends).
async fn claims_for_worker(
    db: &impl ConnectionTrait,
    worker_id: i32,
) -> Result<RecomputeReport, DbErr> {
    let mut report = RecomputeReport::default();
    let Some(person) = worker::Entity::find_by_id(worker_id).one(db).await? else {
        return Ok(report);
    };
    let company_county = company::Entity::find_by_id(person.company_id)
        .one(db)
        .await?
        .map(|c| c.county_code)
        .unwrap_or_default();
    let versions = load_versions(db).await?;
    let enrolments: HashMap<i32, insurance_enrolment::Model> = insurance_enrolment::Entity::find()
        .filter(insurance_enrolment::Column::WorkerId.eq(worker_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let contributions = insurance_contribution::Entity::find()
        .filter(insurance_contribution::Column::WorkerId.eq(worker_id))
        .order_by_asc(insurance_contribution::Column::Period)
        .all(db)
        .await?;
    for contribution in &contributions {
        if let Some(enrolment) = enrolments.get(&contribution.enrolment_id) {
            let step = claims_for_contribution(
                db,
                &versions,
                &person,
                &company_county,
                enrolment,
                contribution,
            )
            .await?;
            report.created += step.created;
            report.updated += step.updated;
            report.unchanged += step.unchanged;
        }
    }
    Ok(report)
}

fn merge(into: &mut RecomputeReport, step: RecomputeReport) {
    into.created += step.created;
    into.updated += step.updated;
    into.unchanged += step.unchanged;
}

// ---------------------------------------------------------------------------------------------
// The service.
// ---------------------------------------------------------------------------------------------

/// A statement's columns, found by header.
struct StatementColumns {
    id_number: usize,
    name: Option<usize>,
    scheme: usize,
    period: usize,
    base: usize,
    paid: usize,
    paid_on: Option<usize>,
}

const STATEMENT_HEADERS: [(&str, &[&str]); 7] = [
    (
        "身份证号",
        &["身份证号", "公民身份号码", "身份证号码", "证件号码"],
    ),
    ("姓名", &["姓名"]),
    ("险种", &["险种", "险种类型"]),
    (
        "费款所属期",
        &["费款所属期", "所属期", "缴费月份", "所属月份"],
    ),
    ("缴费基数", &["缴费基数", "基数"]),
    ("实缴金额", &["实缴金额", "实缴", "缴费金额", "个人缴费"]),
    ("缴费日期", &["缴费日期", "到账日期", "缴费时间"]),
];

fn statement_columns(header: &[String]) -> Result<StatementColumns, AppError> {
    let find = |index: usize| {
        header.iter().position(|cell| {
            let cell = cell.trim().trim_start_matches('\u{feff}');
            STATEMENT_HEADERS[index].1.contains(&cell)
        })
    };
    let need = |index: usize| {
        find(index).ok_or_else(|| {
            AppError::invalid(
                "file",
                format!(
                    "对账单缺少“{}”列；需要的列：身份证号、险种、费款所属期、缴费基数、实缴金额（可选：姓名、缴费日期）",
                    STATEMENT_HEADERS[index].0
                ),
            )
        })
    };
    Ok(StatementColumns {
        id_number: need(0)?,
        name: find(1),
        scheme: need(2)?,
        period: need(3)?,
        base: need(4)?,
        paid: need(5)?,
        paid_on: find(6),
    })
}

/// A statement row that passed every check, ready to write.
struct GoodStatementRow {
    enrolment: insurance_enrolment::Model,
    contribution: app::domain::insurance::CheckedContribution,
}

/// Which column of the statement a form field came from.
fn statement_column_of(field: &str) -> &'static str {
    match field {
        "period" => "费款所属期",
        "base_yuan" => "缴费基数",
        "paid_yuan" => "实缴金额",
        "paid_on" => "缴费日期",
        _ => "身份证号",
    }
}

impl SubsidyService {
    pub fn new(db: DatabaseConnection, vault: PiiVault) -> Self {
        Self { db, vault }
    }

    /// Which companies' records the caller may read: their own, their county's, all.
    fn company_scope(user: &SessionUser, column: impl ColumnTrait) -> Result<Condition, AppError> {
        use sea_orm::sea_query::Query;
        Ok(match &user.scope {
            Scope::Company { id } => Condition::all().add(column.eq(*id)),
            Scope::County { code } => Condition::all().add(
                column.in_subquery(
                    Query::select()
                        .column(company::Column::Id)
                        .from(company::Entity)
                        .and_where(company::Column::CountyCode.eq(code.as_str()))
                        .to_owned(),
                ),
            ),
            Scope::City => Condition::all(),
            Scope::Employer { .. } => return Err(AppError::new(ErrorCode::Forbidden)),
        })
    }

    async fn own_worker(&self, company_id: i32, worker_id: i32) -> Result<worker::Model, AppError> {
        worker::Entity::find_by_id(worker_id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a worker", e))?
            .filter(|w| w.company_id == company_id)
            .ok_or_else(|| AppError::invalid("worker_id", "花名册上没有这位劳动者"))
    }

    async fn counties(&self) -> Result<HashMap<String, String>, AppError> {
        super::county_names(&self.db)
            .await
            .map_err(|e| unexpected("loading counties", e))
    }

    async fn versions(&self) -> Result<Vec<PolicyVersion>, AppError> {
        load_versions(&self.db)
            .await
            .map_err(|e| unexpected("loading policy versions", e))
    }

    // ---- 员工制 ----

    async fn employee_system_view(
        &self,
        row: employee_system_enrolment::Model,
    ) -> Result<EmployeeSystemView, AppError> {
        let fail = |e| unexpected("loading a 员工制 enrolment", e);
        let person = worker::Entity::find_by_id(row.worker_id)
            .one(&self.db)
            .await
            .map_err(fail)?;
        let firm = company::Entity::find_by_id(row.company_id)
            .one(&self.db)
            .await
            .map_err(fail)?;
        let deal = contract::Entity::find_by_id(row.contract_id)
            .one(&self.db)
            .await
            .map_err(fail)?;
        Ok(Self::employee_system_of(
            row,
            person.map(|w| w.name).unwrap_or_default(),
            firm.map(|c| c.name).unwrap_or_default(),
            deal.and_then(|c| ContractState::parse(&c.state))
                .unwrap_or(ContractState::Signed),
        ))
    }

    fn employee_system_of(
        row: employee_system_enrolment::Model,
        worker_name: String,
        company_name: String,
        contract_state: ContractState,
    ) -> EmployeeSystemView {
        let arrangements = WorkArrangement::split(&row.work_arrangements);
        EmployeeSystemView {
            id: row.id,
            worker_id: row.worker_id,
            worker_name,
            company_id: row.company_id,
            company_name,
            contract_id: row.contract_id,
            contract_state,
            contract_state_label: contract_state.label().to_string(),
            work_arrangements_label: arrangements
                .iter()
                .map(|a| a.label())
                .collect::<Vec<_>>()
                .join("、"),
            work_arrangements: arrangements,
            started_on: row.started_on,
            active: row.ended_on.is_none(),
            ended_on: row.ended_on,
            end_reason: row.end_reason,
        }
    }

    async fn board_rows(
        &self,
        caller: &RequestIdentity,
        query: &BoardQuery,
    ) -> Result<Vec<EmployeeSystemRow>, AppError> {
        let user = signed_in(caller)?;
        let scope = Self::company_scope(user, employee_system_enrolment::Column::CompanyId)?;
        let fail = |e| unexpected("loading the 员工制 board", e);
        let enrolments = employee_system_enrolment::Entity::find()
            .filter(scope)
            .order_by_desc(employee_system_enrolment::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let worker_ids: Vec<i32> = enrolments.iter().map(|e| e.worker_id).collect();
        let workers: HashMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(worker_ids.clone()))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let companies: HashMap<i32, company::Model> = company::Entity::find()
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let contracts: HashMap<i32, contract::Model> = contract::Entity::find()
            .filter(contract::Column::WorkerId.is_in(worker_ids.clone()))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let placements = placement::Entity::find()
            .filter(placement::Column::WorkerId.is_in(worker_ids.clone()))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let employers = employer_names(&self.db, placements.iter().map(|p| p.employer_id))
            .await
            .map_err(fail)?;
        let claims = subsidy_claim::Entity::find()
            .filter(subsidy_claim::Column::WorkerId.is_in(worker_ids.clone()))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let insurance = self.enrolment_views_for(&worker_ids).await?;
        let versions = self.versions().await?;
        let today = shanghai_today();

        let mut rows = Vec::new();
        for enrolment in enrolments {
            let person = workers.get(&enrolment.worker_id);
            let company_county = companies
                .get(&enrolment.company_id)
                .map(|c| c.county_code.clone())
                .unwrap_or_default();
            let deal = contracts.get(&enrolment.contract_id);
            let placed =
                deal.and_then(|d| placements.iter().find(|p| p.hire_line_id == d.hire_line_id));
            let worker_claims: Vec<&subsidy_claim::Model> = claims
                .iter()
                .filter(|c| c.worker_id == enrolment.worker_id)
                .filter(|c| c.state != ClaimState::Rejected.code())
                .collect();
            let subsidised: HashSet<&str> = worker_claims
                .iter()
                .filter(|c| c.kind == ClaimKind::SocialInsurance.code())
                .filter_map(|c| c.period.as_deref())
                .collect();
            let own_claims: Vec<&&subsidy_claim::Model> = worker_claims
                .iter()
                .filter(|c| c.company_id == enrolment.company_id)
                .filter(|c| ClaimKind::parse(&c.kind).is_some_and(|k| !k.claimed_by_employer()))
                .collect();
            let county = person.map_or(company_county.clone(), |p| county_of(p, &company_county));
            let max_months = version_in_force(&versions, Some(&county), today)
                .map_or(36, |v| v.insurance().max_months);
            let schemes: Vec<&InsuranceEnrolmentView> = insurance
                .iter()
                .filter(|i| i.worker_id == enrolment.worker_id)
                .collect();
            let active_schemes: Vec<&str> = schemes
                .iter()
                .filter(|i| i.active)
                .map(|i| i.scheme_label.as_str())
                .collect();
            rows.push(EmployeeSystemRow {
                placement: placed.map(|p| {
                    format!(
                        "{} · {}",
                        employers.get(&p.employer_id).cloned().unwrap_or_default(),
                        p.place
                    )
                }),
                placement_state: placed.map(|p| {
                    if p.state == "active" {
                        "在岗".to_string()
                    } else {
                        "已结束".to_string()
                    }
                }),
                insurance_state: if active_schemes.is_empty() {
                    "未参保".to_string()
                } else {
                    active_schemes.join("、")
                },
                subsidised_months: u16::try_from(subsidised.len()).unwrap_or(u16::MAX),
                max_subsidised_months: max_months,
                arrears_months: schemes
                    .iter()
                    .map(|i| u32::try_from(i.arrears.months.len()).unwrap_or(u32::MAX))
                    .sum(),
                arrears_fen: schemes.iter().map(|i| i.arrears.amount_fen).sum(),
                claims: u32::try_from(own_claims.len()).unwrap_or(u32::MAX),
                claims_fen: own_claims.iter().map(|c| c.amount_fen).sum(),
                enrolment: Self::employee_system_of(
                    enrolment.clone(),
                    person.map(|w| w.name.clone()).unwrap_or_default(),
                    companies
                        .get(&enrolment.company_id)
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    deal.and_then(|d| ContractState::parse(&d.state))
                        .unwrap_or(ContractState::Signed),
                ),
            });
        }
        sort_board(&mut rows, query)?;
        Ok(rows)
    }

    // ---- insurance ----

    /// Views of every enrolment of these workers.
    async fn enrolment_views_for(
        &self,
        worker_ids: &[i32],
    ) -> Result<Vec<InsuranceEnrolmentView>, AppError> {
        let rows = insurance_enrolment::Entity::find()
            .filter(insurance_enrolment::Column::WorkerId.is_in(worker_ids.to_vec()))
            .order_by_asc(insurance_enrolment::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading insurance enrolments", e))?;
        self.enrolment_views(rows).await
    }

    async fn enrolment_views(
        &self,
        rows: Vec<insurance_enrolment::Model>,
    ) -> Result<Vec<InsuranceEnrolmentView>, AppError> {
        let fail = |e| unexpected("loading insurance records", e);
        let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
        let mut bases: HashMap<i32, Vec<contribution_base::Model>> = HashMap::new();
        for base in contribution_base::Entity::find()
            .filter(contribution_base::Column::EnrolmentId.is_in(ids.clone()))
            .order_by_asc(contribution_base::Column::Year)
            .all(&self.db)
            .await
            .map_err(fail)?
        {
            bases.entry(base.enrolment_id).or_default().push(base);
        }
        let mut contributions: HashMap<i32, Vec<insurance_contribution::Model>> = HashMap::new();
        for paid in insurance_contribution::Entity::find()
            .filter(insurance_contribution::Column::EnrolmentId.is_in(ids))
            .order_by_desc(insurance_contribution::Column::Period)
            .all(&self.db)
            .await
            .map_err(fail)?
        {
            contributions
                .entry(paid.enrolment_id)
                .or_default()
                .push(paid);
        }
        let names = worker_names(&self.db, rows.iter().map(|r| r.worker_id))
            .await
            .map_err(fail)?;
        let counties = self.counties().await?;
        let versions = self.versions().await?;
        let last_due = Period::of(shanghai_today()).plus(-1);
        Ok(rows
            .into_iter()
            .map(|row| {
                let bases = bases.remove(&row.id).unwrap_or_default();
                let paid = contributions.remove(&row.id).unwrap_or_default();
                enrolment_view(row, &bases, &paid, &names, &counties, &versions, last_due)
            })
            .collect())
    }

    async fn enrolment_in_scope(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<insurance_enrolment::Model, AppError> {
        let user = signed_in(caller)?;
        let row = insurance_enrolment::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading an insurance enrolment", e))?
            .ok_or_else(not_found)?;
        let visible = match &user.scope {
            Scope::Company { id } => row.company_id == *id,
            Scope::County { code } => row.insured_county_code == *code,
            Scope::City => true,
            Scope::Employer { .. } => false,
        };
        if visible { Ok(row) } else { Err(not_found()) }
    }

    async fn own_enrolment(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<(i32, insurance_enrolment::Model), AppError> {
        let (_, company_id) = company_user(caller)?;
        let row = self.enrolment_in_scope(caller, id).await?;
        Ok((company_id, row))
    }

    async fn enrolment_view_by_id(&self, id: i32) -> Result<InsuranceEnrolmentView, AppError> {
        let row = insurance_enrolment::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading an insurance enrolment", e))?
            .ok_or_else(not_found)?;
        self.enrolment_views(vec![row])
            .await?
            .pop()
            .ok_or_else(not_found)
    }

    /// Checks a base against the floor and ceiling of the version in force for the county on
    /// `date`; returns that version's id.
    fn checked_base(
        versions: &[PolicyVersion],
        county: &str,
        date: CalendarDate,
        base_fen: i64,
        field: &'static str,
    ) -> Result<i32, AppError> {
        let version = governing(versions, county, date)?;
        check_contribution_base(version.base(), base_fen)
            .map_err(|e| AppError::invalid(field, e.to_string()))?;
        Ok(version_id(version))
    }

    /// Writes (insert or update) one month and recomputes its claims; in `db`'s transaction.
    async fn write_contribution(
        db: &impl ConnectionTrait,
        versions: &[PolicyVersion],
        enrolment: &insurance_enrolment::Model,
        checked: &app::domain::insurance::CheckedContribution,
        source: &str,
        recorded_by: i32,
    ) -> Result<Upsert, DbErr> {
        let period = checked.period.to_string();
        let existing = insurance_contribution::Entity::find()
            .filter(insurance_contribution::Column::EnrolmentId.eq(enrolment.id))
            .filter(insurance_contribution::Column::Period.eq(period.as_str()))
            .one(db)
            .await?;
        let paid_on = checked.paid_on.map(|d| d.to_string());
        let outcome = match existing {
            Some(row)
                if row.base_fen == checked.base_fen
                    && row.paid_fen == checked.paid_fen
                    && row.paid_on == paid_on =>
            {
                Upsert::Unchanged
            }
            Some(row) => {
                let mut model: insurance_contribution::ActiveModel = row.into();
                model.base_fen = Set(checked.base_fen);
                model.paid_fen = Set(checked.paid_fen);
                model.paid_on = Set(paid_on);
                model.source = Set(source.to_string());
                model.recorded_by = Set(recorded_by);
                model.recorded_at = Set(Utc::now());
                model.update(db).await?;
                Upsert::Updated
            }
            None => {
                insurance_contribution::ActiveModel {
                    enrolment_id: Set(enrolment.id),
                    worker_id: Set(enrolment.worker_id),
                    period: Set(period.clone()),
                    base_fen: Set(checked.base_fen),
                    paid_fen: Set(checked.paid_fen),
                    paid_on: Set(paid_on),
                    source: Set(source.to_string()),
                    recorded_by: Set(recorded_by),
                    recorded_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                Upsert::Created
            }
        };
        let stored = insurance_contribution::Entity::find()
            .filter(insurance_contribution::Column::EnrolmentId.eq(enrolment.id))
            .filter(insurance_contribution::Column::Period.eq(period))
            .one(db)
            .await?;
        let person = worker::Entity::find_by_id(enrolment.worker_id)
            .one(db)
            .await?;
        if let (Some(stored), Some(person)) = (stored, person) {
            let company_county = company::Entity::find_by_id(person.company_id)
                .one(db)
                .await?
                .map(|c| c.county_code)
                .unwrap_or_default();
            claims_for_contribution(db, versions, &person, &company_county, enrolment, &stored)
                .await?;
        }
        Ok(outcome)
    }

    /// Checks one contribution against its enrolment and the base's range.
    fn check_contribution(
        versions: &[PolicyVersion],
        enrolment: &insurance_enrolment::Model,
        form: &ContributionForm,
    ) -> Result<app::domain::insurance::CheckedContribution, AppError> {
        let checked = form.check()?;
        let start = period_of(&enrolment.start_period).ok_or_else(AppError::internal)?;
        if checked.period < start {
            return Err(AppError::invalid(
                "period",
                format!("费款所属期 {} 早于参保起始月 {start}", checked.period),
            ));
        }
        if let Some(end) = enrolment.end_period.as_deref().and_then(period_of)
            && checked.period > end
        {
            return Err(AppError::invalid(
                "period",
                format!("费款所属期 {} 晚于停保月 {end}", checked.period),
            ));
        }
        Self::checked_base(
            versions,
            &enrolment.insured_county_code,
            checked.period.first_day(),
            checked.base_fen,
            "base_yuan",
        )?;
        Ok(checked)
    }

    // ---- claims ----

    /// The claims the caller may see.
    fn claim_scope(user: &SessionUser) -> Condition {
        let employer_kinds = [
            ClaimKind::EmployerHiring.code(),
            ClaimKind::EmployerInsurance.code(),
        ];
        match &user.scope {
            Scope::Company { id } => Condition::all()
                .add(subsidy_claim::Column::CompanyId.eq(*id))
                .add(subsidy_claim::Column::Kind.is_not_in(employer_kinds)),
            Scope::Employer { id } => Condition::all()
                .add(subsidy_claim::Column::EmployerId.eq(*id))
                .add(subsidy_claim::Column::Kind.is_in(employer_kinds)),
            Scope::County { code } => {
                Condition::all().add(subsidy_claim::Column::CountyCode.eq(code.as_str()))
            }
            Scope::City => Condition::all(),
        }
    }

    fn filter_condition(filter: &ClaimFilter) -> Result<Condition, AppError> {
        let mut condition = Condition::all();
        if !filter.state.trim().is_empty() {
            let state = ClaimState::parse(&filter.state).ok_or_else(|| {
                AppError::invalid(
                    "state",
                    "未知的状态；可选：computed, submitted, approved, rejected, paid",
                )
            })?;
            condition = condition.add(subsidy_claim::Column::State.eq(state.code()));
        }
        if !filter.kind.trim().is_empty() {
            let kind = ClaimKind::parse(&filter.kind).ok_or_else(|| {
                AppError::invalid(
                    "kind",
                    "未知的补贴类型；可选：transport, social_insurance, employer_hiring, employer_insurance",
                )
            })?;
            condition = condition.add(subsidy_claim::Column::Kind.eq(kind.code()));
        }
        if !filter.year.trim().is_empty() {
            let year: i32 = filter
                .year
                .trim()
                .parse()
                .ok()
                .filter(|y| (2000..=2999).contains(y))
                .ok_or_else(|| AppError::invalid("year", "年度应为四位年份，例如 2026"))?;
            condition = condition.add(subsidy_claim::Column::Year.eq(year));
        }
        if !filter.county.trim().is_empty() {
            condition = condition.add(subsidy_claim::Column::CountyCode.eq(filter.county.trim()));
        }
        if let Some(worker_id) = filter.worker_id {
            condition = condition.add(subsidy_claim::Column::WorkerId.eq(worker_id));
        }
        Ok(condition)
    }

    async fn claim_rows(
        &self,
        user: &SessionUser,
        filter: &ClaimFilter,
    ) -> Result<Vec<subsidy_claim::Model>, AppError> {
        subsidy_claim::Entity::find()
            .filter(Self::claim_scope(user))
            .filter(Self::filter_condition(filter)?)
            .order_by_desc(subsidy_claim::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing subsidy claims", e))
    }

    async fn claim_views(
        &self,
        user: &SessionUser,
        rows: Vec<subsidy_claim::Model>,
    ) -> Result<Vec<ClaimView>, AppError> {
        let fail = |e| unexpected("loading subsidy claims", e);
        let workers = worker_names(&self.db, rows.iter().map(|r| r.worker_id))
            .await
            .map_err(fail)?;
        let companies = company_names(&self.db, rows.iter().map(|r| r.company_id))
            .await
            .map_err(fail)?;
        let employers = employer_names(&self.db, rows.iter().filter_map(|r| r.employer_id))
            .await
            .map_err(fail)?;
        let counties = self.counties().await?;
        let masked = user.role == Role::Employer;
        Ok(rows
            .into_iter()
            .map(|row| {
                let name = workers.get(&row.worker_id).cloned().unwrap_or_default();
                claim_view(
                    row.clone(),
                    if masked { masked_name(&name) } else { name },
                    companies.get(&row.company_id).cloned().unwrap_or_default(),
                    row.employer_id.and_then(|id| employers.get(&id).cloned()),
                    counties.get(&row.county_code).cloned().unwrap_or_default(),
                )
            })
            .collect())
    }

    async fn claim_in_scope(
        &self,
        user: &SessionUser,
        id: i32,
    ) -> Result<subsidy_claim::Model, AppError> {
        subsidy_claim::Entity::find_by_id(id)
            .filter(Self::claim_scope(user))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a subsidy claim", e))?
            .ok_or_else(not_found)
    }

    async fn one_claim_view(&self, user: &SessionUser, id: i32) -> Result<ClaimView, AppError> {
        let row = self.claim_in_scope(user, id).await?;
        self.claim_views(user, vec![row])
            .await?
            .pop()
            .ok_or_else(not_found)
    }

    /// Whether the caller claims this one: the company for worker claims, the employer for
    /// employer claims.
    fn is_claimant(user: &SessionUser, row: &subsidy_claim::Model) -> bool {
        let employer_claim = ClaimKind::parse(&row.kind).is_some_and(|k| k.claimed_by_employer());
        match &user.scope {
            Scope::Company { id } => !employer_claim && row.company_id == *id,
            Scope::Employer { id } => employer_claim && row.employer_id == Some(*id),
            _ => false,
        }
    }

    fn may_review(user: &SessionUser, row: &subsidy_claim::Model) -> bool {
        match &user.scope {
            Scope::County { code } => user.role == Role::Promoter && row.county_code == *code,
            Scope::City => user.role == Role::Admin,
            _ => false,
        }
    }

    async fn recompute_all(&self, county: Option<&str>) -> Result<RecomputeReport, AppError> {
        let fail = |e| unexpected("recomputing subsidy claims", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let mut report = RecomputeReport::default();
        let companies: HashMap<i32, String> = company::Entity::find()
            .all(&txn)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.county_code))
            .collect();
        let in_scope = |person: &worker::Model| {
            county.is_none_or(|code| {
                county_of(
                    person,
                    companies.get(&person.company_id).map_or("", String::as_str),
                ) == code
            })
        };
        // First signed versions: the facts of transport and hiring subsidies.
        let signed = contract::Entity::find()
            .filter(contract::Column::VersionNumber.eq(1))
            .filter(contract::Column::SignedAt.is_not_null())
            .all(&txn)
            .await
            .map_err(fail)?;
        let mut workers_seen = HashSet::new();
        for row in &signed {
            let person = worker::Entity::find_by_id(row.worker_id)
                .one(&txn)
                .await
                .map_err(fail)?;
            if person.as_ref().is_some_and(in_scope) {
                merge(
                    &mut report,
                    claims_for_signed_contract(&txn, row).await.map_err(fail)?,
                );
            }
        }
        let contributors = insurance_contribution::Entity::find()
            .all(&txn)
            .await
            .map_err(fail)?;
        for contribution in contributors {
            if !workers_seen.insert(contribution.worker_id) {
                continue;
            }
            let person = worker::Entity::find_by_id(contribution.worker_id)
                .one(&txn)
                .await
                .map_err(fail)?;
            if person.as_ref().is_some_and(in_scope) {
                merge(
                    &mut report,
                    claims_for_worker(&txn, contribution.worker_id)
                        .await
                        .map_err(fail)?,
                );
            }
        }
        // Training results: the facts of training and 技能鉴定 subsidies.
        let results = super::training::claims::graded_enrolments(&txn)
            .await
            .map_err(fail)?;
        for enrolment in results {
            let person = worker::Entity::find_by_id(enrolment.worker_id)
                .one(&txn)
                .await
                .map_err(fail)?;
            if person.as_ref().is_some_and(in_scope) {
                merge(
                    &mut report,
                    super::training::claims::claims_for_enrolment(&txn, &enrolment)
                        .await
                        .map_err(fail)?,
                );
            }
        }
        txn.commit().await.map_err(fail)?;
        Ok(report)
    }
}

fn sort_board(rows: &mut [EmployeeSystemRow], query: &BoardQuery) -> Result<(), AppError> {
    match query.sort.trim() {
        "" | "started_on" => rows.sort_by(|a, b| {
            (a.enrolment.started_on.as_str(), a.enrolment.id)
                .cmp(&(b.enrolment.started_on.as_str(), b.enrolment.id))
        }),
        "worker" => rows.sort_by(|a, b| {
            (a.enrolment.worker_name.as_str(), a.enrolment.id)
                .cmp(&(b.enrolment.worker_name.as_str(), b.enrolment.id))
        }),
        "arrears" => rows.sort_by_key(|r| (r.arrears_fen, r.arrears_months, r.enrolment.id)),
        "months_used" => rows.sort_by_key(|r| (r.subsidised_months, r.enrolment.id)),
        "claims" => rows.sort_by_key(|r| (r.claims_fen, r.claims, r.enrolment.id)),
        _ => {
            return Err(AppError::invalid(
                "sort",
                "未知的排序列；可选：worker, started_on, arrears, months_used, claims",
            ));
        }
    }
    match query.order.trim() {
        "" | "asc" => {}
        "desc" => rows.reverse(),
        _ => return Err(AppError::invalid("order", "排序方向应为 asc 或 desc")),
    }
    Ok(())
}

fn enrolment_view(
    row: insurance_enrolment::Model,
    bases: &[contribution_base::Model],
    paid: &[insurance_contribution::Model],
    names: &HashMap<i32, String>,
    counties: &HashMap<String, String>,
    versions: &[PolicyVersion],
    last_due: Option<Period>,
) -> InsuranceEnrolmentView {
    let scheme = Scheme::parse(&row.scheme).unwrap_or(Scheme::Pension);
    // The base of a month: that year's, else the latest earlier year's.
    let base_for = |period: Period| {
        bases
            .iter()
            .filter(|b| b.year <= i32::from(period.year()))
            .max_by_key(|b| b.year)
            .map_or(0, |b| b.monthly_base_fen)
    };
    let due_for = |period: Period, base_fen: i64| {
        version_in_force(versions, Some(&row.insured_county_code), period.first_day())
            .map_or(0, |v| month_due_fen(base_fen, scheme_rate(v, scheme)))
    };
    let start = period_of(&row.start_period);
    let end = row.end_period.as_deref().and_then(period_of);
    let through = match (end, last_due) {
        (Some(end), Some(last)) => Some(end.min(last)),
        (end, last) => end.or(last),
    };
    let paid_by_month: BTreeMap<Period, i64> = paid
        .iter()
        .filter_map(|c| Some((period_of(&c.period)?, c.paid_fen)))
        .collect();
    let owed = match (start, through) {
        (Some(first), Some(last)) if first <= last => arrears(
            first,
            last,
            |period| due_for(period, base_for(period)),
            &paid_by_month,
        ),
        _ => Arrears::default(),
    };
    InsuranceEnrolmentView {
        id: row.id,
        worker_id: row.worker_id,
        worker_name: names.get(&row.worker_id).cloned().unwrap_or_default(),
        company_id: row.company_id,
        scheme,
        scheme_label: scheme.label().to_string(),
        insured_county_name: counties
            .get(&row.insured_county_code)
            .cloned()
            .unwrap_or_default(),
        insured_county_code: row.insured_county_code.clone(),
        start_period: row.start_period,
        active: row.end_period.is_none(),
        end_period: row.end_period,
        end_reason: row.end_reason,
        bases: bases
            .iter()
            .map(|b| ContributionBaseView {
                year: b.year,
                monthly_base_fen: b.monthly_base_fen,
                policy_version_id: b.policy_version_id,
            })
            .collect(),
        contributions: paid
            .iter()
            .map(|c| ContributionView {
                period: c.period.clone(),
                base_fen: c.base_fen,
                paid_fen: c.paid_fen,
                due_fen: period_of(&c.period).map_or(0, |p| due_for(p, c.base_fen)),
                paid_on: c.paid_on.clone(),
                source: c.source.clone(),
            })
            .collect(),
        arrears: owed,
    }
}

fn claim_view(
    row: subsidy_claim::Model,
    worker_name: String,
    company_name: String,
    employer_name: Option<String>,
    county_name: String,
) -> ClaimView {
    let kind = ClaimKind::parse(&row.kind).unwrap_or(ClaimKind::Transport);
    let state = ClaimState::parse(&row.state).unwrap_or(ClaimState::Computed);
    let explanation = serde_json::from_str(&row.explanation).unwrap_or_else(|_| Explanation {
        rule: row.kind.clone(),
        parameter_version: i64::from(row.policy_version_id),
        inputs: Vec::new(),
        formula: String::new(),
    });
    ClaimView {
        id: row.id,
        kind,
        kind_label: kind.label().to_string(),
        worker_id: row.worker_id,
        worker_name,
        company_id: row.company_id,
        company_name,
        employer_id: row.employer_id,
        employer_name,
        county_code: row.county_code,
        county_name,
        period: row.period,
        year: row.year,
        amount_fen: row.amount_fen,
        travel_cost_fen: row.travel_cost_fen,
        policy_version_id: row.policy_version_id,
        explanation,
        state,
        // A transport claim waits for the company to enter the actual travel cost.
        state_label: if kind == ClaimKind::Transport
            && state == ClaimState::Computed
            && row.amount_fen == 0
        {
            "待填写交通费用".to_string()
        } else {
            state.label().to_string()
        },
        evidence: row.evidence,
        submitted_at: row.submitted_at.map(shanghai_time),
        reviewed_at: row.reviewed_at.map(shanghai_time),
        reject_reason: row.reject_reason,
        paid_at: row.paid_at.map(shanghai_time),
        payment_reference: row.payment_reference,
        row_version: row.row_version,
    }
}

fn policy_view(
    row: &policy_version::Model,
    counties: &HashMap<String, String>,
    in_force: &HashSet<i32>,
) -> PolicyVersionView {
    let figures = version_of(row).map_or(PolicyFigures::DEFAULTS, |v| v.figures);
    PolicyVersionView {
        id: row.id,
        county_code: row.county_code.clone(),
        scope_label: row.county_code.as_ref().map_or_else(
            || "临汾市（全市）".to_string(),
            |code| counties.get(code).cloned().unwrap_or_else(|| code.clone()),
        ),
        effective_from: row.effective_from.clone(),
        effective_to: row.effective_to.clone(),
        figures,
        note: row.note.clone(),
        in_force: in_force.contains(&row.id),
    }
}

/// A workbook with one sheet: text cells, and amounts both as yuan text and as whole fen
/// (exact integers Excel can sum).
fn workbook(name: &str, rows: &[Vec<XlsxCell>]) -> Result<Vec<u8>, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| unexpected("writing a workbook", e);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(fail)?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).map_err(|e| unexpected("writing a workbook", e))?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| unexpected("writing a workbook", e))?;
            match cell {
                XlsxCell::Text(text) => sheet.write_string(r, c, text).map_err(fail)?,
                XlsxCell::Whole(n) => sheet.write_number(r, c, *n as f64).map_err(fail)?,
            };
        }
    }
    book.save_to_buffer().map_err(fail)
}

enum XlsxCell {
    Text(String),
    /// A whole number (counts, fen): exact in a spreadsheet up to 2^53.
    Whole(i64),
}

fn text(value: impl Into<String>) -> XlsxCell {
    XlsxCell::Text(value.into())
}

#[async_trait]
impl SubsidyDesk for SubsidyService {
    async fn employee_system_board(
        &self,
        caller: &RequestIdentity,
        query: &BoardQuery,
    ) -> Result<Vec<EmployeeSystemRow>, AppError> {
        self.board_rows(caller, query).await
    }

    async fn employee_system_xlsx(
        &self,
        caller: &RequestIdentity,
        query: &BoardQuery,
    ) -> Result<Vec<u8>, AppError> {
        let rows = self.board_rows(caller, query).await?;
        let mut sheet = vec![
            [
                "劳动者",
                "劳务公司",
                "合同编号",
                "合同状态",
                "用工方式",
                "纳入日期",
                "结束日期",
                "派驻",
                "参保情况",
                "已享受补贴月数",
                "最长月数",
                "欠费月数",
                "欠费金额（元）",
                "欠费金额（分）",
                "补贴申请数",
                "补贴金额（元）",
                "补贴金额（分）",
            ]
            .into_iter()
            .map(text)
            .collect::<Vec<_>>(),
        ];
        for row in rows {
            let e = &row.enrolment;
            sheet.push(vec![
                text(e.worker_name.clone()),
                text(e.company_name.clone()),
                XlsxCell::Whole(i64::from(e.contract_id)),
                text(e.contract_state_label.clone()),
                text(e.work_arrangements_label.clone()),
                text(e.started_on.clone()),
                text(e.ended_on.clone().unwrap_or_default()),
                text(row.placement.clone().unwrap_or_default()),
                text(row.insurance_state.clone()),
                XlsxCell::Whole(i64::from(row.subsidised_months)),
                XlsxCell::Whole(i64::from(row.max_subsidised_months)),
                XlsxCell::Whole(i64::from(row.arrears_months)),
                text(yuan(row.arrears_fen)),
                XlsxCell::Whole(row.arrears_fen),
                XlsxCell::Whole(i64::from(row.claims)),
                text(yuan(row.claims_fen)),
                XlsxCell::Whole(row.claims_fen),
            ]);
        }
        workbook("员工制台账", &sheet)
    }

    async fn employee_system_candidates(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<EmployeeSystemCandidate>, AppError> {
        let (_, company_id) = company_user(caller)?;
        let fail = |e| unexpected("listing 员工制 contracts", e);
        let enrolled: HashSet<i32> = employee_system_enrolment::Entity::find()
            .filter(employee_system_enrolment::Column::CompanyId.eq(company_id))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .filter(|e| e.ended_on.is_none())
            .map(|e| e.worker_id)
            .collect();
        let contracts = contract::Entity::find()
            .filter(contract::Column::CompanyId.eq(company_id))
            .filter(contract::Column::Kind.eq(ContractKind::EmployeeSystem.code()))
            .filter(contract::Column::State.eq(ContractState::Signed.code()))
            .order_by_desc(contract::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let names = worker_names(&self.db, contracts.iter().map(|c| c.worker_id))
            .await
            .map_err(fail)?;
        let employers = employer_names(&self.db, contracts.iter().map(|c| c.employer_id))
            .await
            .map_err(fail)?;
        Ok(contracts
            .into_iter()
            .filter(|c| !enrolled.contains(&c.worker_id))
            .filter_map(|c| {
                let terms: ContractTerms = serde_json::from_str(&c.terms).ok()?;
                let mut work_arrangements = Vec::new();
                if terms.flexible_hours {
                    work_arrangements.push(WorkArrangement::FlexibleHours);
                }
                if terms.negotiated_pay {
                    work_arrangements.push(WorkArrangement::NegotiatedPay);
                }
                if terms.rotation {
                    work_arrangements.push(WorkArrangement::Rotation);
                }
                Some(EmployeeSystemCandidate {
                    contract_id: c.id,
                    worker_id: c.worker_id,
                    worker_name: names.get(&c.worker_id).cloned().unwrap_or_default(),
                    employer_name: employers.get(&c.employer_id).cloned().unwrap_or_default(),
                    start_date: terms.start_date,
                    work_arrangements,
                })
            })
            .collect())
    }

    async fn enrol_employee_system(
        &self,
        caller: &RequestIdentity,
        form: &EmployeeSystemForm,
    ) -> Result<EmployeeSystemView, AppError> {
        let (user, company_id) = company_user(caller)?;
        let checked = form.check()?;
        let fail = |e| unexpected("enrolling in 员工制", e);
        let deal = contract::Entity::find_by_id(checked.contract_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .filter(|c| c.company_id == company_id)
            .ok_or_else(|| AppError::invalid("contract_id", "没有这份合同"))?;
        if deal.kind != ContractKind::EmployeeSystem.code() {
            return Err(AppError::invalid(
                "contract_id",
                "只有员工制劳动合同（劳务公司为用人单位）才能纳入员工制管理",
            ));
        }
        if deal.state != ContractState::Signed.code() {
            return Err(AppError::invalid(
                "contract_id",
                "合同尚未签署生效（或已解除、到期），不能纳入员工制",
            ));
        }
        if let Some(start) = serde_json::from_str::<ContractTerms>(&deal.terms)
            .ok()
            .and_then(|t| date_of(&t.start_date))
            && checked.started_on < start
        {
            return Err(AppError::invalid(
                "started_on",
                format!("纳入员工制日期不能早于合同开始日期 {start}"),
            ));
        }
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let open = employee_system_enrolment::Entity::find()
            .filter(employee_system_enrolment::Column::WorkerId.eq(deal.worker_id))
            .filter(employee_system_enrolment::Column::EndedOn.is_null())
            .one(&txn)
            .await
            .map_err(fail)?;
        if open.is_some() {
            return Err(conflict(
                "这位劳动者已在员工制管理中；请先结束原来的员工制，再重新纳入",
            ));
        }
        let already = employee_system_enrolment::Entity::find()
            .filter(employee_system_enrolment::Column::ContractId.eq(deal.id))
            .one(&txn)
            .await
            .map_err(fail)?;
        if already.is_some() {
            return Err(conflict("这份合同已经纳入过员工制"));
        }
        let row = employee_system_enrolment::ActiveModel {
            worker_id: Set(deal.worker_id),
            company_id: Set(company_id),
            contract_id: Set(deal.id),
            work_arrangements: Set(WorkArrangement::join(&checked.work_arrangements)),
            started_on: Set(checked.started_on.to_string()),
            created_by: Set(user.id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(fail)?;
        // Contributions recorded before the enrolment may now earn the subsidy.
        claims_for_worker(&txn, deal.worker_id)
            .await
            .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "employee_system.enrol",
                format!("worker:{}", deal.worker_id),
                Some(format!("contract={}", deal.id)),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.employee_system_view(row).await
    }

    async fn end_employee_system(
        &self,
        caller: &RequestIdentity,
        id: i32,
        end: &EnrolmentEnd,
    ) -> Result<EmployeeSystemView, AppError> {
        let (user, company_id) = company_user(caller)?;
        let fail = |e| unexpected("ending a 员工制 enrolment", e);
        let row = employee_system_enrolment::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .filter(|r| r.company_id == company_id)
            .ok_or_else(not_found)?;
        if row.ended_on.is_some() {
            return Err(conflict("这条员工制记录已经结束"));
        }
        let started = date_of(&row.started_on).ok_or_else(AppError::internal)?;
        let (ended_on, reason) = end.check(started)?;
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let updated = employee_system_enrolment::Entity::update_many()
            .col_expr(
                employee_system_enrolment::Column::EndedOn,
                Expr::value(Some(ended_on.to_string())),
            )
            .col_expr(
                employee_system_enrolment::Column::EndReason,
                Expr::value(Some(reason)),
            )
            .col_expr(
                employee_system_enrolment::Column::EndedBy,
                Expr::value(Some(user.id)),
            )
            .filter(employee_system_enrolment::Column::Id.eq(id))
            .filter(employee_system_enrolment::Column::EndedOn.is_null())
            .exec(&txn)
            .await
            .map_err(fail)?;
        if updated.rows_affected != 1 {
            return Err(stale());
        }
        claims_for_worker(&txn, row.worker_id).await.map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "employee_system.end",
                format!("worker:{}", row.worker_id),
                Some(format!("on={ended_on}")),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        let row = employee_system_enrolment::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        self.employee_system_view(row).await
    }

    async fn insurance_enrolments(
        &self,
        caller: &RequestIdentity,
        worker_id: Option<i32>,
    ) -> Result<Vec<InsuranceEnrolmentView>, AppError> {
        let user = signed_in(caller)?;
        let mut query = insurance_enrolment::Entity::find();
        query = match &user.scope {
            Scope::Company { id } => query.filter(insurance_enrolment::Column::CompanyId.eq(*id)),
            Scope::County { code } => {
                query.filter(insurance_enrolment::Column::InsuredCountyCode.eq(code.as_str()))
            }
            Scope::City => query,
            Scope::Employer { .. } => return Err(AppError::new(ErrorCode::Forbidden)),
        };
        if let Some(worker_id) = worker_id {
            query = query.filter(insurance_enrolment::Column::WorkerId.eq(worker_id));
        }
        let rows = query
            .order_by_desc(insurance_enrolment::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing insurance enrolments", e))?;
        self.enrolment_views(rows).await
    }

    async fn insurance_enrolment(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<InsuranceEnrolmentView, AppError> {
        let row = self.enrolment_in_scope(caller, id).await?;
        self.enrolment_view_by_id(row.id).await
    }

    async fn enrol_insurance(
        &self,
        caller: &RequestIdentity,
        form: &InsuranceEnrolmentForm,
    ) -> Result<Vec<InsuranceEnrolmentView>, AppError> {
        let (user, company_id) = company_user(caller)?;
        let checked = form.check()?;
        let person = self.own_worker(company_id, checked.worker_id).await?;
        let county = person.household_county_code.clone().ok_or_else(|| {
            AppError::invalid(
                "worker_id",
                "花名册上没有这位劳动者的户籍所在县，无法确定参保地；请先补全",
            )
        })?;
        let versions = self.versions().await?;
        let version_id = Self::checked_base(
            &versions,
            &county,
            checked.start_period.first_day(),
            checked.monthly_base_fen,
            "monthly_base_yuan",
        )?;
        let fail = |e| unexpected("enrolling in social insurance", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let mut ids = Vec::new();
        for scheme in &checked.schemes {
            let open = insurance_enrolment::Entity::find()
                .filter(insurance_enrolment::Column::WorkerId.eq(person.id))
                .filter(insurance_enrolment::Column::Scheme.eq(scheme.code()))
                .filter(insurance_enrolment::Column::EndPeriod.is_null())
                .one(&txn)
                .await
                .map_err(fail)?;
            if open.is_some() {
                return Err(AppError::with_message(
                    ErrorCode::Conflict,
                    format!("这位劳动者已参加{}，请勿重复参保", scheme.label()),
                ));
            }
            let now = Utc::now();
            let row = insurance_enrolment::ActiveModel {
                worker_id: Set(person.id),
                company_id: Set(company_id),
                scheme: Set(scheme.code().to_string()),
                insured_county_code: Set(county.clone()),
                start_period: Set(checked.start_period.to_string()),
                created_by: Set(user.id),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(fail)?;
            contribution_base::ActiveModel {
                enrolment_id: Set(row.id),
                year: Set(i32::from(checked.start_period.year())),
                monthly_base_fen: Set(checked.monthly_base_fen),
                policy_version_id: Set(version_id),
                set_by: Set(user.id),
                set_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(fail)?;
            ids.push(row.id);
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "insurance.enrol",
                format!("worker:{}", person.id),
                Some(format!(
                    "schemes={} from={} base={}",
                    checked
                        .schemes
                        .iter()
                        .map(|s| s.code())
                        .collect::<Vec<_>>()
                        .join(","),
                    checked.start_period,
                    yuan(checked.monthly_base_fen)
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        let rows = insurance_enrolment::Entity::find()
            .filter(insurance_enrolment::Column::Id.is_in(ids))
            .all(&self.db)
            .await
            .map_err(fail)?;
        self.enrolment_views(rows).await
    }

    async fn end_insurance(
        &self,
        caller: &RequestIdentity,
        id: i32,
        end: &EnrolmentEnd,
    ) -> Result<InsuranceEnrolmentView, AppError> {
        let (_, row) = self.own_enrolment(caller, id).await?;
        if row.end_period.is_some() {
            return Err(conflict("这项参保已经停保"));
        }
        let start = period_of(&row.start_period).ok_or_else(AppError::internal)?;
        let (ended_on, reason) = end.check(start.first_day())?;
        let fail = |e| unexpected("ending an insurance enrolment", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let updated = insurance_enrolment::Entity::update_many()
            .col_expr(
                insurance_enrolment::Column::EndPeriod,
                Expr::value(Some(Period::of(ended_on).to_string())),
            )
            .col_expr(
                insurance_enrolment::Column::EndReason,
                Expr::value(Some(reason)),
            )
            .filter(insurance_enrolment::Column::Id.eq(id))
            .filter(insurance_enrolment::Column::EndPeriod.is_null())
            .exec(&txn)
            .await
            .map_err(fail)?;
        if updated.rows_affected != 1 {
            return Err(stale());
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "insurance.end",
                format!("insurance_enrolment:{id}"),
                Some(format!("on={ended_on}")),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.enrolment_view_by_id(id).await
    }

    async fn set_contribution_base(
        &self,
        caller: &RequestIdentity,
        enrolment_id: i32,
        form: &ContributionBaseForm,
    ) -> Result<InsuranceEnrolmentView, AppError> {
        let (user, row) = {
            let user = signed_in(caller)?.clone();
            let (_, row) = self.own_enrolment(caller, enrolment_id).await?;
            (user, row)
        };
        let (year, base_fen) = form.check()?;
        let start = period_of(&row.start_period).ok_or_else(AppError::internal)?;
        let end = row.end_period.as_deref().and_then(period_of);
        if year < start.year() || end.is_some_and(|end| year > end.year()) {
            return Err(AppError::invalid(
                "year",
                format!(
                    "{year} 年不在参保期间（{start} 起{}）",
                    end.map(|e| format!("，{e} 止")).unwrap_or_default()
                ),
            ));
        }
        // The year's first month in the enrolment decides which version's range applies.
        let first_month = Period::new(year, 1)
            .map_err(|_| AppError::invalid("year", "年度无效"))?
            .max(start);
        let versions = self.versions().await?;
        let version_id = Self::checked_base(
            &versions,
            &row.insured_county_code,
            first_month.first_day(),
            base_fen,
            "monthly_base_yuan",
        )?;
        let fail = |e| unexpected("setting a contribution base", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let existing = contribution_base::Entity::find()
            .filter(contribution_base::Column::EnrolmentId.eq(row.id))
            .filter(contribution_base::Column::Year.eq(i32::from(year)))
            .one(&txn)
            .await
            .map_err(fail)?;
        let now = Utc::now();
        match existing {
            Some(base) => {
                let mut model: contribution_base::ActiveModel = base.into();
                model.monthly_base_fen = Set(base_fen);
                model.policy_version_id = Set(version_id);
                model.set_by = Set(user.id);
                model.set_at = Set(now);
                model.update(&txn).await.map_err(fail)?;
            }
            None => {
                contribution_base::ActiveModel {
                    enrolment_id: Set(row.id),
                    year: Set(i32::from(year)),
                    monthly_base_fen: Set(base_fen),
                    policy_version_id: Set(version_id),
                    set_by: Set(user.id),
                    set_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(fail)?;
            }
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "insurance.base",
                format!("insurance_enrolment:{}", row.id),
                Some(format!("year={year} base={}", yuan(base_fen))),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.enrolment_view_by_id(row.id).await
    }

    async fn record_contribution(
        &self,
        caller: &RequestIdentity,
        enrolment_id: i32,
        form: &ContributionForm,
    ) -> Result<InsuranceEnrolmentView, AppError> {
        let user_id = signed_in(caller)?.id;
        let (_, row) = self.own_enrolment(caller, enrolment_id).await?;
        let versions = self.versions().await?;
        let checked = Self::check_contribution(&versions, &row, form)?;
        let fail = |e| unexpected("recording a contribution", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        Self::write_contribution(&txn, &versions, &row, &checked, SOURCE_MANUAL, user_id)
            .await
            .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "insurance.contribution",
                format!("insurance_enrolment:{}", row.id),
                Some(format!(
                    "period={} paid={}",
                    checked.period,
                    yuan(checked.paid_fen)
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.enrolment_view_by_id(row.id).await
    }

    async fn import_statement(
        &self,
        caller: &RequestIdentity,
        file_name: Option<String>,
        bytes: Vec<u8>,
        mode: ImportMode,
    ) -> Result<ImportReport, AppError> {
        let (user, company_id) = company_user(caller)?;
        let rows = ledger_file::read_rows(&bytes, file_name.as_deref())?;
        let Some((header, body)) = rows.split_first() else {
            return Err(AppError::invalid("file", "对账单是空的"));
        };
        let columns = statement_columns(header)?;
        let fail = |e| unexpected("importing an insurance statement", e);
        let workers: HashMap<String, worker::Model> = worker::Entity::find()
            .filter(worker::Column::CompanyId.eq(company_id))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id_number_index.clone(), w))
            .collect();
        let enrolments = insurance_enrolment::Entity::find()
            .filter(insurance_enrolment::Column::CompanyId.eq(company_id))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let versions = self.versions().await?;
        let today = shanghai_today();
        let cell = |row: &[String], index: usize| row.get(index).cloned().unwrap_or_default();

        let mut report = ImportReport::default();
        let mut good: Vec<GoodStatementRow> = Vec::new();
        let mut seen: HashMap<(i32, Period), usize> = HashMap::new();
        for (offset, row) in body.iter().enumerate() {
            // Spreadsheet row numbers: the header is row 1.
            let number = offset + 2;
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let reject = |column: &str, reason: String| RejectedRow {
                row: number,
                column: column.to_string(),
                reason,
            };
            let checked = (|| {
                let id = IdNumber::parse(&cell(row, columns.id_number), today)
                    .map_err(|e| reject("身份证号", e.to_string()))?;
                let person = workers
                    .get(&self.vault.blind_index(PiiKind::IdNumber, id.as_str()))
                    .ok_or_else(|| reject("身份证号", "不是本公司花名册上的劳动者".to_string()))?;
                if let Some(name_at) = columns.name {
                    let name = cell(row, name_at);
                    if !name.trim().is_empty() && name.trim() != person.name {
                        return Err(reject("姓名", "姓名与身份证号不符".to_string()));
                    }
                }
                let scheme_text = cell(row, columns.scheme);
                let scheme = Scheme::parse(&scheme_text).ok_or_else(|| {
                    reject("险种", format!("未知险种“{scheme_text}”，应为养老或医疗"))
                })?;
                let form = ContributionForm {
                    period: cell(row, columns.period),
                    base_yuan: cell(row, columns.base),
                    paid_yuan: cell(row, columns.paid),
                    paid_on: columns.paid_on.map(|i| cell(row, i)).unwrap_or_default(),
                };
                let period =
                    Period::parse(&form.period).map_err(|e| reject("费款所属期", e.to_string()))?;
                let enrolment = enrolments
                    .iter()
                    .filter(|e| e.worker_id == person.id && e.scheme == scheme.code())
                    .find(|e| {
                        period_of(&e.start_period).is_some_and(|s| s <= period)
                            && e.end_period
                                .as_deref()
                                .and_then(period_of)
                                .is_none_or(|end| period <= end)
                    })
                    .ok_or_else(|| {
                        reject(
                            "险种",
                            format!("{period} 这位劳动者没有在本公司参加{}", scheme.label()),
                        )
                    })?;
                let contribution =
                    Self::check_contribution(&versions, enrolment, &form).map_err(|e| {
                        reject(
                            statement_column_of(e.field.as_deref().unwrap_or("")),
                            e.message,
                        )
                    })?;
                if let Some(first) = seen.insert((enrolment.id, period), number) {
                    return Err(reject(
                        "费款所属期",
                        format!("与第 {first} 行重复（同一人、同一险种、同一月份）"),
                    ));
                }
                Ok(GoodStatementRow {
                    enrolment: enrolment.clone(),
                    contribution,
                })
            })();
            match checked {
                Ok(row) => good.push(row),
                Err(rejected) => report.rejected.push(rejected),
            }
        }
        if good.is_empty() || (mode == ImportMode::AllOrNothing && !report.rejected.is_empty()) {
            return Ok(report);
        }
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        for row in &good {
            match Self::write_contribution(
                &txn,
                &versions,
                &row.enrolment,
                &row.contribution,
                SOURCE_STATEMENT,
                user.id,
            )
            .await
            .map_err(fail)?
            {
                Upsert::Created => report.inserted += 1,
                Upsert::Updated => report.updated += 1,
                Upsert::Unchanged => report.unchanged += 1,
            }
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "insurance.import",
                format!("company:{company_id}"),
                Some(format!(
                    "file={} inserted={} updated={} unchanged={} rejected={}",
                    file_name.unwrap_or_default(),
                    report.inserted,
                    report.updated,
                    report.unchanged,
                    report.rejected.len()
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        report.written = true;
        Ok(report)
    }

    async fn policy_versions(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<PolicyVersionView>, AppError> {
        signed_in(caller)?;
        let rows = policy_version::Entity::find()
            .order_by_desc(policy_version::Column::EffectiveFrom)
            .order_by_desc(policy_version::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing policy versions", e))?;
        let counties = self.counties().await?;
        let versions: Vec<PolicyVersion> = rows.iter().filter_map(version_of).collect();
        let today = shanghai_today();
        // In force: what governs its own scope today.
        let in_force: HashSet<i32> = versions
            .iter()
            .filter_map(|v| {
                version_in_force(&versions, v.county_code.as_deref(), today)
                    .filter(|w| w.id == v.id)
                    .map(version_id)
            })
            .collect();
        Ok(rows
            .iter()
            .map(|row| policy_view(row, &counties, &in_force))
            .collect())
    }

    async fn create_policy_version(
        &self,
        caller: &RequestIdentity,
        form: &PolicyVersionForm,
    ) -> Result<PolicyVersionView, AppError> {
        let user = signed_in(caller)?;
        let checked = form.check()?;
        match (&user.role, &user.scope, &checked.county_code) {
            (Role::Admin, _, _) => {}
            (Role::Promoter, Scope::County { code }, Some(county)) if code == county => {}
            (Role::Promoter, _, _) => {
                return Err(AppError::with_message(
                    ErrorCode::Forbidden,
                    "推广员只能设定本县的参数版本（县代码填本县）",
                ));
            }
            _ => return Err(AppError::new(ErrorCode::Forbidden)),
        }
        let counties = self.counties().await?;
        if let Some(code) = &checked.county_code
            && !counties.contains_key(code)
        {
            return Err(AppError::invalid(
                "county_code",
                "临汾市没有这个县（区）代码",
            ));
        }
        let fail = |e| unexpected("adding a policy version", e);
        let f = checked.figures;
        let row = policy_version::ActiveModel {
            county_code: Set(checked.county_code.clone()),
            effective_from: Set(checked.effective_from.to_string()),
            effective_to: Set(checked.effective_to.map(|d| d.to_string())),
            annual_average_wage_fen: Set(f.annual_average_wage_fen),
            base_floor_percent: Set(f.base_floor_percent),
            base_ceiling_percent: Set(f.base_ceiling_percent),
            pension_rate_bp: Set(f.pension_rate_bp),
            medical_rate_bp: Set(f.medical_rate_bp),
            transport_cap_fen: Set(f.transport_cap_fen),
            insurance_share_numerator: Set(f.insurance_share_numerator),
            insurance_share_denominator: Set(f.insurance_share_denominator),
            insurance_max_months: Set(f.insurance_max_months),
            employer_hiring_fen: Set(f.employer_hiring_fen),
            employer_insurance_monthly_fen: Set(f.employer_insurance_monthly_fen),
            training_per_person_fen: Set(f.training_per_person_fen),
            entrepreneurship_training_fen: Set(f.entrepreneurship_training_fen),
            skill_appraisal_fen: Set(f.skill_appraisal_fen),
            station_service_fen: Set(f.station_service_fen),
            note: Set(checked.note.clone()),
            created_by: Set(Some(user.id)),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let row = row.insert(&txn).await.map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "policy.version",
                format!("policy_version:{}", row.id),
                Some(format!(
                    "county={} from={}",
                    checked.county_code.as_deref().unwrap_or("city"),
                    checked.effective_from
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        // Facts that earned nothing under the old figures (an amount that was 0) may now
        // earn a claim; claims already submitted keep the version they were computed with.
        self.recompute_all(checked.county_code.as_deref()).await?;
        let today = shanghai_today();
        let versions = self.versions().await?;
        let in_force: HashSet<i32> =
            version_in_force(&versions, checked.county_code.as_deref(), today)
                .map(version_id)
                .into_iter()
                .collect();
        Ok(policy_view(&row, &counties, &in_force))
    }

    async fn claims(
        &self,
        caller: &RequestIdentity,
        filter: &ClaimFilter,
    ) -> Result<Vec<ClaimView>, AppError> {
        let user = signed_in(caller)?;
        let rows = self.claim_rows(user, filter).await?;
        self.claim_views(user, rows).await
    }

    async fn claim(&self, caller: &RequestIdentity, id: i32) -> Result<ClaimView, AppError> {
        let user = signed_in(caller)?;
        self.one_claim_view(user, id).await
    }

    async fn attach_evidence(
        &self,
        caller: &RequestIdentity,
        id: i32,
        evidence: &ClaimEvidence,
    ) -> Result<ClaimView, AppError> {
        let user = signed_in(caller)?;
        let row = self.claim_in_scope(user, id).await?;
        if !Self::is_claimant(user, &row) {
            return Err(AppError::with_message(
                ErrorCode::Forbidden,
                "只有申请方可以填写凭证",
            ));
        }
        let state = ClaimState::parse(&row.state).unwrap_or(ClaimState::Computed);
        if !state.is_editable() {
            return Err(conflict(format!(
                "申请当前状态为“{}”，不能再修改凭证",
                state.label()
            )));
        }
        let text = evidence.evidence.trim().to_string();
        if text.chars().count() > 500 {
            return Err(AppError::invalid("evidence", "凭证说明最多 500 字"));
        }
        let kind = ClaimKind::parse(&row.kind).unwrap_or(ClaimKind::Transport);
        let fail = |e| unexpected("attaching claim evidence", e);
        let mut update = subsidy_claim::Entity::update_many()
            .col_expr(subsidy_claim::Column::Evidence, Expr::value(text.clone()))
            .col_expr(
                subsidy_claim::Column::RowVersion,
                Expr::value(row.row_version + 1),
            )
            .col_expr(subsidy_claim::Column::UpdatedAt, Expr::value(Utc::now()));
        if kind == ClaimKind::Transport && !evidence.travel_cost_yuan.trim().is_empty() {
            let cost = Fen::parse_yuan(&evidence.travel_cost_yuan)
                .map_err(|e| AppError::invalid("travel_cost_yuan", format!("实际交通费用：{e}")))?;
            if cost.0 <= 0 {
                return Err(AppError::invalid(
                    "travel_cost_yuan",
                    "实际交通费用必须大于 0",
                ));
            }
            // The version the claim was computed with, never today's: its cap applies.
            let version = policy_version::Entity::find_by_id(row.policy_version_id)
                .one(&self.db)
                .await
                .map_err(fail)?
                .as_ref()
                .and_then(version_of)
                .ok_or_else(AppError::internal)?;
            let year = u16::try_from(row.year).map_err(|_| AppError::internal())?;
            // Once a year is enforced by the claim's unique (worker, year) key.
            let ruling = transport_subsidy(version.transport(), cost.0, true, year, &[])
                .map_err(|e| AppError::invalid("travel_cost_yuan", e.0))?;
            let explanation = explanation_json(&ruling.explanation).map_err(fail)?;
            update = update
                .col_expr(
                    subsidy_claim::Column::TravelCostFen,
                    Expr::value(Some(cost.0)),
                )
                .col_expr(
                    subsidy_claim::Column::AmountFen,
                    Expr::value(ruling.amount_fen),
                )
                .col_expr(subsidy_claim::Column::Explanation, Expr::value(explanation));
        }
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let updated = update
            .filter(subsidy_claim::Column::Id.eq(id))
            .filter(subsidy_claim::Column::RowVersion.eq(evidence.row_version))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if updated.rows_affected != 1 {
            return Err(stale());
        }
        audit::record(
            &txn,
            audit_entry(caller, "claim.evidence", format!("claim:{id}"), None),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.one_claim_view(user, id).await
    }

    async fn step_claim(
        &self,
        caller: &RequestIdentity,
        id: i32,
        step: ClaimStep,
        decision: &ClaimDecision,
    ) -> Result<ClaimView, AppError> {
        let user = signed_in(caller)?;
        let row = self.claim_in_scope(user, id).await?;
        let allowed = match step {
            ClaimStep::Submit => Self::is_claimant(user, &row),
            ClaimStep::Approve | ClaimStep::Reject | ClaimStep::Pay => Self::may_review(user, &row),
        };
        if !allowed {
            return Err(AppError::with_message(
                ErrorCode::Forbidden,
                match step {
                    ClaimStep::Submit => "只有申请方可以提交",
                    _ => "只有劳动者所在县的推广员或管理员可以审核",
                },
            ));
        }
        let state = ClaimState::parse(&row.state).unwrap_or(ClaimState::Computed);
        let next = next_claim_state(state, step, row.amount_fen, !row.evidence.trim().is_empty())
            .map_err(|e| conflict(e.0))?;
        let now = Utc::now();
        let mut update = subsidy_claim::Entity::update_many()
            .col_expr(subsidy_claim::Column::State, Expr::value(next.code()))
            .col_expr(
                subsidy_claim::Column::RowVersion,
                Expr::value(row.row_version + 1),
            )
            .col_expr(subsidy_claim::Column::UpdatedAt, Expr::value(now));
        let (notice_kind, title) = match step {
            ClaimStep::Submit => {
                update = update
                    .col_expr(
                        subsidy_claim::Column::SubmittedBy,
                        Expr::value(Some(user.id)),
                    )
                    .col_expr(subsidy_claim::Column::SubmittedAt, Expr::value(Some(now)))
                    .col_expr(
                        subsidy_claim::Column::RejectReason,
                        Expr::value(Option::<String>::None),
                    );
                ("claim.submitted", "")
            }
            ClaimStep::Approve => {
                update = update
                    .col_expr(
                        subsidy_claim::Column::ReviewedBy,
                        Expr::value(Some(user.id)),
                    )
                    .col_expr(subsidy_claim::Column::ReviewedAt, Expr::value(Some(now)));
                ("claim.approved", "补贴申请已核准")
            }
            ClaimStep::Reject => {
                let reason = decision.reason.trim();
                if reason.is_empty() {
                    return Err(AppError::invalid("reason", "请填写驳回原因"));
                }
                if reason.chars().count() > 200 {
                    return Err(AppError::invalid("reason", "驳回原因最多 200 字"));
                }
                update = update
                    .col_expr(
                        subsidy_claim::Column::ReviewedBy,
                        Expr::value(Some(user.id)),
                    )
                    .col_expr(subsidy_claim::Column::ReviewedAt, Expr::value(Some(now)))
                    .col_expr(
                        subsidy_claim::Column::RejectReason,
                        Expr::value(Some(reason.to_string())),
                    );
                ("claim.rejected", "补贴申请被驳回")
            }
            ClaimStep::Pay => {
                let reference = decision.payment_reference.trim();
                if reference.is_empty() {
                    return Err(AppError::invalid(
                        "payment_reference",
                        "请填写拨付凭证号（银行流水号等）",
                    ));
                }
                if reference.chars().count() > 64 {
                    return Err(AppError::invalid(
                        "payment_reference",
                        "拨付凭证号最多 64 个字符",
                    ));
                }
                update = update
                    .col_expr(subsidy_claim::Column::PaidBy, Expr::value(Some(user.id)))
                    .col_expr(subsidy_claim::Column::PaidAt, Expr::value(Some(now)))
                    .col_expr(
                        subsidy_claim::Column::PaymentReference,
                        Expr::value(Some(reference.to_string())),
                    );
                ("claim.paid", "补贴已拨付")
            }
        };
        let fail = |e| unexpected("moving a subsidy claim", e);
        let txn = super::begin_write(&self.db).await.map_err(fail)?;
        let updated = update
            .filter(subsidy_claim::Column::Id.eq(id))
            .filter(subsidy_claim::Column::RowVersion.eq(decision.row_version))
            .filter(subsidy_claim::Column::State.eq(state.code()))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if updated.rows_affected != 1 {
            return Err(stale());
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                match step {
                    ClaimStep::Submit => "claim.submit",
                    ClaimStep::Approve => "claim.approve",
                    ClaimStep::Reject => "claim.reject",
                    ClaimStep::Pay => "claim.pay",
                },
                format!("claim:{id}"),
                Some(format!("amount={}", yuan(row.amount_fen))),
            ),
        )
        .await
        .map_err(fail)?;
        if step != ClaimStep::Submit {
            let kind = ClaimKind::parse(&row.kind).unwrap_or(ClaimKind::Transport);
            let to = match (kind.claimed_by_employer(), row.employer_id) {
                (true, Some(employer)) => Recipients::Employer(employer),
                _ => Recipients::Company(row.company_id),
            };
            let body = format!(
                "{}{} {} 元：{}",
                kind.label(),
                row.period
                    .as_deref()
                    .map(|p| format!("（{p}）"))
                    .unwrap_or_default(),
                yuan(row.amount_fen),
                match step {
                    ClaimStep::Reject => format!("驳回原因：{}", decision.reason.trim()),
                    ClaimStep::Pay => format!("拨付凭证号 {}", decision.payment_reference.trim()),
                    _ => "已核准，等待拨付".to_string(),
                }
            );
            notify(
                &txn,
                to,
                notice_kind,
                title,
                &body,
                &format!("/subsidies/{id}"),
            )
            .await
            .map_err(fail)?;
        }
        txn.commit().await.map_err(fail)?;
        self.one_claim_view(user, id).await
    }

    async fn claim_totals(
        &self,
        caller: &RequestIdentity,
        filter: &ClaimFilter,
    ) -> Result<Vec<ClaimTotal>, AppError> {
        let user = signed_in(caller)?;
        let rows = self.claim_rows(user, filter).await?;
        let counties = self.counties().await?;
        let mut totals: BTreeMap<(String, ClaimKind, i32), ClaimTotal> = BTreeMap::new();
        for row in rows {
            let kind = ClaimKind::parse(&row.kind).unwrap_or(ClaimKind::Transport);
            let total = totals
                .entry((row.county_code.clone(), kind, row.year))
                .or_insert_with(|| ClaimTotal {
                    county_name: counties.get(&row.county_code).cloned().unwrap_or_default(),
                    county_code: row.county_code.clone(),
                    kind,
                    kind_label: kind.label().to_string(),
                    year: row.year,
                    claims: 0,
                    computed_fen: 0,
                    submitted_fen: 0,
                    approved_fen: 0,
                    paid_fen: 0,
                    rejected_fen: 0,
                });
            total.claims += 1;
            let bucket = match ClaimState::parse(&row.state).unwrap_or(ClaimState::Computed) {
                ClaimState::Computed => &mut total.computed_fen,
                ClaimState::Submitted => &mut total.submitted_fen,
                ClaimState::Approved => &mut total.approved_fen,
                ClaimState::Rejected => &mut total.rejected_fen,
                ClaimState::Paid => &mut total.paid_fen,
            };
            *bucket = bucket.saturating_add(row.amount_fen);
        }
        Ok(totals.into_values().collect())
    }

    async fn claims_xlsx(
        &self,
        caller: &RequestIdentity,
        filter: &ClaimFilter,
    ) -> Result<Vec<u8>, AppError> {
        let claims = self.claims(caller, filter).await?;
        let mut sheet = vec![
            [
                "申请编号",
                "县（区）",
                "补贴类型",
                "年度",
                "所属期",
                "劳动者",
                "劳务公司",
                "用工单位",
                "金额（元）",
                "金额（分）",
                "参数版本",
                "计算公式",
                "状态",
                "凭证",
                "提交时间",
                "审核时间",
                "驳回原因",
                "拨付时间",
                "拨付凭证号",
            ]
            .into_iter()
            .map(text)
            .collect::<Vec<_>>(),
        ];
        for c in claims {
            sheet.push(vec![
                XlsxCell::Whole(i64::from(c.id)),
                text(c.county_name),
                text(c.kind_label),
                XlsxCell::Whole(i64::from(c.year)),
                text(c.period.unwrap_or_default()),
                text(c.worker_name),
                text(c.company_name),
                text(c.employer_name.unwrap_or_default()),
                text(yuan(c.amount_fen)),
                XlsxCell::Whole(c.amount_fen),
                XlsxCell::Whole(i64::from(c.policy_version_id)),
                text(c.explanation.formula),
                text(c.state_label),
                text(c.evidence),
                text(c.submitted_at.unwrap_or_default()),
                text(c.reviewed_at.unwrap_or_default()),
                text(c.reject_reason.unwrap_or_default()),
                text(c.paid_at.unwrap_or_default()),
                text(c.payment_reference.unwrap_or_default()),
            ]);
        }
        workbook("补贴申请", &sheet)
    }

    async fn recompute_claims(
        &self,
        caller: &RequestIdentity,
    ) -> Result<RecomputeReport, AppError> {
        let user = signed_in(caller)?;
        let county = match (&user.role, &user.scope) {
            (Role::Admin, _) => None,
            (Role::Promoter, Scope::County { code }) => Some(code.clone()),
            _ => return Err(AppError::new(ErrorCode::Forbidden)),
        };
        let report = self.recompute_all(county.as_deref()).await?;
        audit::record_best_effort(
            &self.db,
            audit_entry(
                caller,
                "claim.recompute",
                county.map_or_else(|| "city".to_string(), |c| format!("county:{c}")),
                Some(format!(
                    "created={} updated={} unchanged={}",
                    report.created, report.updated, report.unchanged
                )),
            ),
        )
        .await;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_covers_what_overlaps_it() {
        let march = Period::new(2026, 3).expect("valid");
        assert!(covers("2026-03-31", None, march));
        assert!(covers("2026-01-01", Some("2026-03-01"), march));
        assert!(!covers("2026-04-01", None, march));
        assert!(!covers("2026-01-01", Some("2026-02-28"), march));
        assert_eq!(
            last_day(Period::new(2028, 2).expect("valid")).to_string(),
            "2028-02-29"
        );
        assert_eq!(
            last_day(Period::new(2026, 12).expect("valid")).to_string(),
            "2026-12-31"
        );
    }

    #[test]
    fn statement_headers_are_found_by_their_usual_names() {
        let header: Vec<String> = [
            "姓名",
            "公民身份号码",
            "险种类型",
            "所属期",
            "缴费基数",
            "实缴",
            "到账日期",
        ]
        .into_iter()
        .map(str::to_string)
        .collect();
        let columns = statement_columns(&header).expect("all found");
        assert_eq!(
            (
                columns.id_number,
                columns.scheme,
                columns.period,
                columns.paid,
                columns.paid_on
            ),
            (1, 2, 3, 5, Some(6))
        );
        let missing = statement_columns(&header[..4]).map(|_| ()).unwrap_err();
        assert_eq!(missing.field.as_deref(), Some("file"));
        assert!(missing.message.contains("缴费基数"), "{}", missing.message);
    }
}
