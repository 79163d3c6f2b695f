//! A promoter's read-only, masked view of every worker rostered from their county, to find
//! the households still without work: by township and village, household status, training
//! and employment wish, and whether at work today.

use super::{
    HouseholdService, age_on, at_work_on, county_for, home_county_is, status_label, work_on,
};
use crate::db::entities::{company, household, worker};
use crate::services::brands::{audit_entry, occupations_of};
use crate::services::{audit, unexpected};
use app::api::AppError;
use app::api::context::RequestIdentity;
use app::api::households::{CountyWorker, CountyWorkerPage};
use app::domain::county_view::CountyWorkerFilter;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

impl HouseholdService {
    pub(super) async fn workers_page(
        &self,
        caller: &RequestIdentity,
        filter: &CountyWorkerFilter,
    ) -> Result<CountyWorkerPage, AppError> {
        let county = county_for(caller, filter.county.as_deref())?;
        let today = crate::clock::shanghai_today();
        let mut query = worker::Entity::find().filter(worker::Column::Active.eq(true));
        if let Some(code) = &county {
            query = query.filter(home_county_is(code));
        }
        // Township, village and status are the household's: narrow by the numbers of the
        // households that match.
        if filter.township.is_some() || filter.village.is_some() || filter.status.is_some() {
            let mut households = Query::select()
                .column(household::Column::Number)
                .from(household::Entity)
                .to_owned();
            if let Some(code) = &county {
                households.and_where(household::Column::CountyCode.eq(code.as_str()));
            }
            if let Some(township) = &filter.township {
                households.and_where(household::Column::Township.eq(township.as_str()));
            }
            if let Some(village) = &filter.village {
                households.and_where(household::Column::Village.eq(village.as_str()));
            }
            if let Some(status) = filter.status {
                households.and_where(household::Column::Status.eq(status.code()));
            }
            query = query.filter(worker::Column::HouseholdNumber.in_subquery(households));
        }
        if let Some(wish) = filter.training_wish {
            query = query.filter(worker::Column::TrainingWish.eq(wish));
        }
        if let Some(wish) = filter.employment_wish {
            query = query.filter(worker::Column::EmploymentWish.eq(wish));
        }
        let at_work = at_work_on(&today.to_string());
        match filter.employed {
            Some(true) => query = query.filter(at_work),
            Some(false) => query = query.filter(Condition::not(at_work)),
            None => {}
        }
        let fail = |e| unexpected("listing the county's workers", e);
        let total = query.clone().count(&self.db).await.map_err(fail)?;
        let rows = query
            .order_by_asc(worker::Column::HouseholdNumber)
            .order_by_asc(worker::Column::Id)
            .offset((filter.page - 1).saturating_mul(filter.per_page))
            .limit(filter.per_page)
            .all(&self.db)
            .await
            .map_err(fail)?;

        let companies: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(rows.iter().map(|w| w.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let numbers: Vec<String> = rows
            .iter()
            .filter_map(|w| w.household_number.clone())
            .collect();
        let households: HashMap<String, household::Model> = if numbers.is_empty() {
            HashMap::new()
        } else {
            household::Entity::find()
                .filter(household::Column::Number.is_in(numbers))
                .all(&self.db)
                .await
                .map_err(fail)?
                .into_iter()
                .map(|h| (h.number.clone(), h))
                .collect()
        };
        let ids: Vec<i32> = rows.iter().map(|w| w.id).collect();
        let mut work = work_on(&self.db, &ids, today).await?;
        let workers = rows
            .into_iter()
            .map(|w| {
                let (age, working_age) = age_on(&w.birth_date, &w.sex, today);
                let home = w.household_number.as_ref().and_then(|n| households.get(n));
                CountyWorker {
                    worker_id: w.id,
                    company_name: companies.get(&w.company_id).cloned().unwrap_or_default(),
                    occupations: occupations_of(&w.occupations),
                    township: home.map(|h| h.township.clone()),
                    village: home.map(|h| h.village.clone()),
                    household_status_label: home.map(|h| status_label(&h.status)),
                    work: work.remove(&w.id),
                    name: w.name,
                    id_number_masked: w.id_number_masked,
                    phone_masked: w.phone_masked,
                    sex: w.sex,
                    age,
                    working_age,
                    household_number: w.household_number,
                    training_wish: w.training_wish,
                    employment_wish: w.employment_wish,
                }
            })
            .collect::<Vec<_>>();
        audit::record(
            &self.db,
            audit_entry(
                caller,
                "county_workers.list",
                county.map_or_else(|| "city".to_string(), |c| format!("county:{c}")),
                Some(format!("page={} rows={}", filter.page, workers.len())),
            ),
        )
        .await
        .map_err(|e| unexpected("auditing a workers list", e))?;
        Ok(CountyWorkerPage {
            workers,
            total,
            page: filter.page,
            per_page: filter.per_page,
        })
    }
}
