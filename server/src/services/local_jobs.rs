//! 就地就近就业: local jobs of rostered workers, recorded and ended by the worker's company or
//! the promoter of the worker's home county (admins anywhere). A job belongs to the county
//! the worker's home was in when it was recorded.

use super::brands::{audit_entry, signed_in};
use super::{audit, begin_write, unexpected};
use crate::db::entities::{company, local_job, worker};
use app::api::context::RequestIdentity;
use app::api::county_context::LocalJobDesk;
use app::api::local_jobs::{LocalJobPage, LocalJobQuery, LocalJobView, WorkerForLocalJob};
use app::api::{AppError, ErrorCode};
use app::domain::calendar::CalendarDate;
use app::domain::county_view::{DEFAULT_PER_PAGE, yes_no_param};
use app::domain::local_job::{LocalJobForm, LocalJobKind, check_end, runs_on};
use app::domain::role::Scope;
use async_trait::async_trait;
use chrono::Utc;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

pub struct LocalJobService {
    db: DatabaseConnection,
}

impl LocalJobService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// A worker the caller may record local jobs for: their company's, their county's (by
    /// home), any for admins; otherwise `NotFound`. With the worker's home county.
    async fn worker_for(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<(worker::Model, company::Model, String), AppError> {
        let user = signed_in(caller)?;
        let fail = |e| unexpected("loading a worker", e);
        let not_found = || AppError::new(ErrorCode::NotFound);
        let row = worker::Entity::find_by_id(worker_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let company = company::Entity::find_by_id(row.company_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let home = super::subsidy::county_of(&row, &company.county_code);
        let allowed = match &user.scope {
            Scope::Company { id } => *id == row.company_id,
            Scope::County { code } => *code == home,
            Scope::City => true,
            Scope::Employer { .. } => false,
        };
        if !allowed {
            return Err(not_found());
        }
        Ok((row, company, home))
    }

    /// The jobs the caller may see.
    fn scope(
        user: &app::domain::access::SessionUser,
        county: Option<&str>,
    ) -> Result<Condition, AppError> {
        Ok(match &user.scope {
            Scope::Company { id } => Condition::all().add(
                local_job::Column::WorkerId.in_subquery(
                    Query::select()
                        .column(worker::Column::Id)
                        .from(worker::Entity)
                        .and_where(worker::Column::CompanyId.eq(*id))
                        .to_owned(),
                ),
            ),
            Scope::County { code } => {
                if county.is_some_and(|c| !c.trim().is_empty() && c.trim() != code) {
                    return Err(AppError::new(ErrorCode::NotFound));
                }
                Condition::all().add(local_job::Column::CountyCode.eq(code.as_str()))
            }
            Scope::City => match county.map(str::trim).filter(|c| !c.is_empty()) {
                Some(code) => Condition::all().add(local_job::Column::CountyCode.eq(code)),
                None => Condition::all(),
            },
            Scope::Employer { .. } => return Err(AppError::new(ErrorCode::Forbidden)),
        })
    }

    async fn views(&self, rows: Vec<local_job::Model>) -> Result<Vec<LocalJobView>, AppError> {
        let fail = |e| unexpected("loading local jobs", e);
        let workers: HashMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(rows.iter().map(|j| j.worker_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let companies: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(workers.values().map(|w| w.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let counties = super::county_names(&self.db).await.map_err(fail)?;
        let today = crate::clock::shanghai_today();
        Ok(rows
            .into_iter()
            .map(|j| {
                let worker = workers.get(&j.worker_id);
                let active = match CalendarDate::parse(&j.starts_on) {
                    Ok(start) => runs_on(
                        start,
                        j.ends_on
                            .as_deref()
                            .and_then(|e| CalendarDate::parse(e).ok()),
                        today,
                    ),
                    Err(_) => false,
                };
                LocalJobView {
                    id: j.id,
                    worker_id: j.worker_id,
                    worker_name: worker.map(|w| w.name.clone()).unwrap_or_default(),
                    company_name: worker
                        .and_then(|w| companies.get(&w.company_id).cloned())
                        .unwrap_or_default(),
                    county_name: counties.get(&j.county_code).cloned().unwrap_or_default(),
                    county_code: j.county_code,
                    kind_label: LocalJobKind::parse(&j.kind)
                        .map(|k| k.label().to_string())
                        .unwrap_or_default(),
                    kind: j.kind,
                    employer_name: j.employer_name,
                    starts_on: j.starts_on,
                    ends_on: j.ends_on,
                    active,
                    version: j.version,
                }
            })
            .collect())
    }
}

#[async_trait]
impl LocalJobDesk for LocalJobService {
    async fn local_jobs(
        &self,
        caller: &RequestIdentity,
        query: &LocalJobQuery,
    ) -> Result<LocalJobPage, AppError> {
        let user = signed_in(caller)?;
        let mut select =
            local_job::Entity::find().filter(Self::scope(user, query.county.as_deref())?);
        if let Some(worker_id) = query.worker_id {
            select = select.filter(local_job::Column::WorkerId.eq(worker_id));
        }
        let today = crate::clock::shanghai_today().to_string();
        let running = Condition::all()
            .add(local_job::Column::StartsOn.lte(today.as_str()))
            .add(
                Condition::any()
                    .add(local_job::Column::EndsOn.is_null())
                    .add(local_job::Column::EndsOn.gte(today.as_str())),
            );
        match yes_no_param("active", query.active.as_deref()).map_err(AppError::bad_parameter)? {
            Some(true) => select = select.filter(running),
            Some(false) => select = select.filter(Condition::not(running)),
            None => {}
        }
        let page = match query.page.as_deref().map(str::trim).unwrap_or("") {
            "" => 1,
            text => text
                .parse::<u64>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| {
                    AppError::bad_parameter(app::domain::credentials::FieldError::new(
                        "page",
                        "page 应为正整数",
                    ))
                })?,
        };
        let fail = |e| unexpected("listing local jobs", e);
        let total = select.clone().count(&self.db).await.map_err(fail)?;
        let rows = select
            .order_by_desc(local_job::Column::StartsOn)
            .order_by_desc(local_job::Column::Id)
            .offset((page - 1).saturating_mul(DEFAULT_PER_PAGE))
            .limit(DEFAULT_PER_PAGE)
            .all(&self.db)
            .await
            .map_err(fail)?;
        Ok(LocalJobPage {
            jobs: self.views(rows).await?,
            total,
            page,
            per_page: DEFAULT_PER_PAGE,
        })
    }

    async fn local_job_worker(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<WorkerForLocalJob, AppError> {
        let (row, company, home) = self.worker_for(caller, worker_id).await?;
        let counties = super::county_names(&self.db)
            .await
            .map_err(|e| unexpected("loading counties", e))?;
        Ok(WorkerForLocalJob {
            worker_id: row.id,
            name: row.name,
            company_name: company.name,
            county_name: counties.get(&home).cloned().unwrap_or_default(),
            household_number: row.household_number,
        })
    }

    async fn record_local_job(
        &self,
        caller: &RequestIdentity,
        form: &LocalJobForm,
    ) -> Result<LocalJobView, AppError> {
        signed_in(caller)?;
        let job = form.check(crate::clock::shanghai_today())?;
        let (row, _, home) = self.worker_for(caller, job.worker_id).await?;
        let fail = |e| unexpected("recording a local job", e);
        let now = Utc::now();
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let saved = local_job::ActiveModel {
            worker_id: Set(row.id),
            county_code: Set(home),
            kind: Set(job.kind.code().to_string()),
            employer_name: Set(job.employer_name),
            starts_on: Set(job.starts_on.to_string()),
            ends_on: Set(job.ends_on.map(|d| d.to_string())),
            created_by: Set(caller.user.as_ref().map(|u| u.id)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "local_job.record",
                format!("local_job:{}", saved.id),
                Some(format!("worker:{} kind={}", row.id, saved.kind)),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self.views(vec![saved]).await?.remove(0))
    }

    async fn end_local_job(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        ends_on: &str,
    ) -> Result<LocalJobView, AppError> {
        let fail = |e| unexpected("ending a local job", e);
        let job = local_job::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        self.worker_for(caller, job.worker_id).await?;
        let starts_on = CalendarDate::parse(&job.starts_on)
            .map_err(|e| unexpected("reading a local job's start", e))?;
        let end = check_end(Some(ends_on), starts_on)?
            .ok_or_else(|| AppError::invalid("ends_on", "请填写结束日期"))?;
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let updated = local_job::Entity::update_many()
            .set(local_job::ActiveModel {
                ends_on: Set(Some(end.to_string())),
                version: Set(version + 1),
                updated_at: Set(Utc::now()),
                ..Default::default()
            })
            .filter(local_job::Column::Id.eq(id))
            .filter(local_job::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if updated.rows_affected != 1 {
            return Err(AppError::new(ErrorCode::Conflict));
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "local_job.end",
                format!("local_job:{id}"),
                Some(format!("ends_on={end}")),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        let saved = local_job::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(AppError::internal)?;
        Ok(self.views(vec![saved]).await?.remove(0))
    }
}
