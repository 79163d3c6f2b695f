//! Reading the log: the filtered, paged list and its workbook for admins and promoters, and
//! the disclosures of one worker's unmasked data for the worker's company.

use super::record;
use crate::db::entities::{app_user, audit_log, company, employer, worker};
use crate::services::brands::signed_in;
use crate::services::ledger_file::{LedgerFormat, write_rows};
use crate::services::unexpected;
use app::api::audit::{AuditDesk, AuditPage, AuditQuery, AuditRow, DisclosureView};
use app::api::context::RequestIdentity;
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::calendar::CalendarDate;
use app::domain::role::Scope;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;

const PER_PAGE: u64 = 50;
/// A workbook holds at most this many entries; narrow the filters for more.
const MOST_EXPORTED: u64 = 50_000;
/// The actions that disclose a worker's unmasked data.
const DISCLOSURES: [&str; 3] = ["worker.reveal", "worker.contact_view", "worker.export"];

pub struct AuditReader {
    db: DatabaseConnection,
}

impl AuditReader {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// What the official may read: admins everything; a promoter what their county's users
    /// (promoters and the county's companies) did and what was done to the county's workers.
    fn scope(user: &SessionUser) -> Result<Condition, AppError> {
        match &user.scope {
            Scope::City => Ok(Condition::all()),
            Scope::County { code } => {
                let users = Query::select()
                    .column((app_user::Entity, app_user::Column::Id))
                    .from(app_user::Entity)
                    .left_join(
                        company::Entity,
                        Expr::col((company::Entity, company::Column::Id))
                            .equals((app_user::Entity, app_user::Column::CompanyId)),
                    )
                    .cond_where(
                        Condition::any()
                            .add(
                                Expr::col((app_user::Entity, app_user::Column::CountyCode))
                                    .eq(code.as_str()),
                            )
                            .add(
                                Expr::col((company::Entity, company::Column::CountyCode))
                                    .eq(code.as_str()),
                            ),
                    )
                    .to_owned();
                // A worker's county is their household's, else their company's (county_of).
                let workers = Query::select()
                    .expr(Expr::cust(r#"'worker:' || "worker"."id""#))
                    .from(worker::Entity)
                    .inner_join(
                        company::Entity,
                        Expr::col((company::Entity, company::Column::Id))
                            .equals((worker::Entity, worker::Column::CompanyId)),
                    )
                    .and_where(
                        Func::coalesce([
                            Expr::col((worker::Entity, worker::Column::HouseholdCountyCode)),
                            Expr::col((company::Entity, company::Column::CountyCode)),
                        ])
                        .eq(code.as_str()),
                    )
                    .to_owned();
                Ok(Condition::any()
                    .add(audit_log::Column::ActorUserId.in_subquery(users))
                    .add(audit_log::Column::Target.in_subquery(workers)))
            }
            Scope::Company { .. } | Scope::Employer { .. } => {
                Err(AppError::new(ErrorCode::Forbidden))
            }
        }
    }

    async fn filtered(
        &self,
        user: &SessionUser,
        query: &AuditQuery,
    ) -> Result<Select<audit_log::Entity>, AppError> {
        let mut select = audit_log::Entity::find().filter(Self::scope(user)?);
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        if let Some(username) = text(&query.actor) {
            let found = app_user::Entity::find()
                .filter(app_user::Column::Username.eq(username.as_str()))
                .one(&self.db)
                .await
                .map_err(|e| unexpected("looking up an audit actor", e))?
                .ok_or_else(|| AppError::invalid("actor", format!("没有用户“{username}”")))?;
            select = select.filter(audit_log::Column::ActorUserId.eq(found.id));
        }
        if let Some(action) = text(&query.action) {
            select = select.filter(audit_log::Column::Action.starts_with(action.as_str()));
        }
        if let Some(target) = text(&query.target) {
            select = select.filter(audit_log::Column::Target.eq(target.as_str()));
        }
        let from = text(&query.from)
            .map(|d| beijing_midnight("from", &d, 0))
            .transpose()?;
        let to = text(&query.to)
            .map(|d| beijing_midnight("to", &d, 1))
            .transpose()?;
        if let (Some(from), Some(to)) = (from, to)
            && to <= from
        {
            return Err(AppError::invalid("to", "结束日期不能早于开始日期"));
        }
        if let Some(from) = from {
            select = select.filter(audit_log::Column::At.gte(from));
        }
        if let Some(to) = to {
            select = select.filter(audit_log::Column::At.lt(to));
        }
        Ok(select.order_by_desc(audit_log::Column::Id))
    }

    async fn rows(&self, models: Vec<audit_log::Model>) -> Result<Vec<AuditRow>, AppError> {
        let users: HashMap<i32, app_user::Model> = app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(models.iter().filter_map(|m| m.actor_user_id)))
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading audit actors", e))?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        Ok(models
            .into_iter()
            .map(|m| AuditRow {
                seq: m.seq.unwrap_or_default(),
                at: (m.at + TimeDelta::hours(8))
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                actor: match m.actor_user_id.and_then(|id| users.get(&id)) {
                    Some(u) => format!("{}（{}）", u.display_name, u.username),
                    None if m.actor_user_id.is_some() => "已删除的用户".to_string(),
                    None => "系统".to_string(),
                },
                actor_user_id: m.actor_user_id,
                actor_role: m.actor_role,
                action: m.action,
                target: m.target,
                outcome: m.outcome,
                client_ip: m.client_ip,
                detail: m.detail,
            })
            .collect())
    }

    /// The user and their organisation, for a disclosure line.
    async fn organisations(
        &self,
        users: &[app_user::Model],
    ) -> Result<HashMap<i32, String>, AppError> {
        let fail = |e| unexpected("loading organisations", e);
        let companies: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(users.iter().filter_map(|u| u.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let employers: HashMap<i32, String> = employer::Entity::find()
            .filter(employer::Column::Id.is_in(users.iter().filter_map(|u| u.employer_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        Ok(users
            .iter()
            .map(|u| {
                let organisation = u
                    .company_id
                    .and_then(|id| companies.get(&id))
                    .or_else(|| u.employer_id.and_then(|id| employers.get(&id)))
                    .cloned();
                let who = match organisation {
                    Some(org) => format!("{}（{org}）", u.display_name),
                    None => u.display_name.clone(),
                };
                (u.id, who)
            })
            .collect())
    }
}

/// The UTC instant of Beijing midnight on `text`'s date, `days_after` days later.
fn beijing_midnight(
    field: &'static str,
    text: &str,
    days_after: i64,
) -> Result<DateTime<Utc>, AppError> {
    let day = CalendarDate::parse(text)
        .map_err(|_| AppError::invalid(field, "日期应为 YYYY-MM-DD，如 2026-12-01"))?;
    let date = NaiveDate::from_ymd_opt(
        i32::from(day.year()),
        u32::from(day.month()),
        u32::from(day.day()),
    )
    .ok_or_else(|| AppError::invalid(field, "没有这一天"))?;
    let midnight = Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN));
    Ok(midnight - TimeDelta::hours(8) + TimeDelta::days(days_after))
}

fn disclosure_label(action: &str) -> &'static str {
    match action {
        "worker.reveal" => "查看完整身份证号和手机号",
        "worker.contact_view" => "查看联系方式",
        "worker.export" => "导出花名册（含完整号码）",
        _ => "查看",
    }
}

fn disclosure_reason(action: &str, detail: Option<&str>) -> String {
    let detail = detail.unwrap_or_default();
    match action {
        "worker.reveal" => detail
            .strip_prefix("purpose=")
            .unwrap_or(detail)
            .to_string(),
        "worker.contact_view" => match detail.strip_prefix("placement=") {
            Some(id) => format!("签约用工（输出就业 #{id}）"),
            None => detail.to_string(),
        },
        "worker.export" => "花名册导出".to_string(),
        _ => detail.to_string(),
    }
}

#[async_trait]
impl AuditDesk for AuditReader {
    async fn log(
        &self,
        caller: &RequestIdentity,
        query: &AuditQuery,
    ) -> Result<AuditPage, AppError> {
        let user = signed_in(caller)?;
        let select = self.filtered(user, query).await?;
        let fail = |e| unexpected("reading the audit log", e);
        let total = select.clone().count(&self.db).await.map_err(fail)?;
        let page = Ord::max(query.page.unwrap_or(1), 1);
        let models = select
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE)
            .all(&self.db)
            .await
            .map_err(fail)?;
        Ok(AuditPage {
            rows: self.rows(models).await?,
            total,
            page,
            per_page: PER_PAGE,
        })
    }

    async fn log_xlsx(
        &self,
        caller: &RequestIdentity,
        query: &AuditQuery,
    ) -> Result<Vec<u8>, AppError> {
        let user = signed_in(caller)?;
        let select = self.filtered(user, query).await?;
        let models = select
            .limit(MOST_EXPORTED)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("exporting the audit log", e))?;
        let count = models.len();
        let mut sheet = vec![
            [
                "序号",
                "时间（北京时间）",
                "操作人",
                "角色",
                "操作",
                "对象",
                "结果",
                "来源地址",
                "说明",
            ]
            .map(str::to_string)
            .to_vec(),
        ];
        for row in self.rows(models).await? {
            sheet.push(vec![
                row.seq.to_string(),
                row.at,
                row.actor,
                row.actor_role.unwrap_or_default(),
                row.action,
                row.target.unwrap_or_default(),
                row.outcome,
                row.client_ip.unwrap_or_default(),
                row.detail.unwrap_or_default(),
            ]);
        }
        let bytes = write_rows(&sheet, LedgerFormat::Xlsx)?;
        let entry = crate::services::brands::audit_entry(
            caller,
            "audit.export",
            "audit_log".to_string(),
            Some(format!("rows={count}")),
        );
        record(&self.db, entry)
            .await
            .map_err(|e| unexpected("recording the audit export", e))?;
        Ok(bytes)
    }

    async fn disclosures(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<Vec<DisclosureView>, AppError> {
        let user = signed_in(caller)?;
        let fail = |e| unexpected("reading a worker's disclosures", e);
        let not_found = || AppError::with_message(ErrorCode::NotFound, "没有这位劳动者");
        let person = worker::Entity::find_by_id(worker_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let company_county = company::Entity::find_by_id(person.company_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .map(|c| c.county_code)
            .unwrap_or_default();
        let keeps = match &user.scope {
            Scope::City => true,
            Scope::County { code } => {
                *code == crate::services::subsidy::county_of(&person, &company_county)
            }
            Scope::Company { id } => *id == person.company_id,
            Scope::Employer { .. } => false,
        };
        if !keeps {
            return Err(not_found());
        }
        disclosures_of(&self.db, worker_id).await
    }
}

/// Who saw the worker's unmasked data, newest first (at most 200): for the worker's keepers
/// and for the worker on their own link.
///
/// # Errors
/// `Internal` on a database failure.
pub(crate) async fn disclosures_of(
    db: &DatabaseConnection,
    worker_id: i32,
) -> Result<Vec<DisclosureView>, AppError> {
    let fail = |e| unexpected("reading a worker's disclosures", e);
    let reader = AuditReader::new(db.clone());
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Target.eq(format!("worker:{worker_id}")))
        .filter(audit_log::Column::Action.is_in(DISCLOSURES))
        .filter(audit_log::Column::Outcome.eq("ok"))
        .order_by_desc(audit_log::Column::Id)
        .limit(200)
        .all(db)
        .await
        .map_err(fail)?;
    let users: Vec<app_user::Model> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(entries.iter().filter_map(|e| e.actor_user_id)))
        .all(db)
        .await
        .map_err(fail)?;
    let who = reader.organisations(&users).await?;
    Ok(entries
        .into_iter()
        .map(|e| DisclosureView {
            at: (e.at + TimeDelta::hours(8))
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            who: e
                .actor_user_id
                .and_then(|id| who.get(&id).cloned())
                .unwrap_or_else(|| "系统".to_string()),
            what: disclosure_label(&e.action).to_string(),
            why: disclosure_reason(&e.action, e.detail.as_deref()),
        })
        .collect())
}
