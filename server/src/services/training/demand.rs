//! Unmet demand made useful: employers' searches that found fewer than
//! [`FEW_RESULTS`](app::domain::training::FEW_RESULTS) workers, grouped by the work asked for
//! and the region, counted per month, and turned by a promoter into a draft programme.

use super::TrainingService;
use crate::db::entities::{training_programme, unmet_search};
use crate::services::brands::{audit_entry, county_official};
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::training::{DemandGroupKey, DemandGroupView, DemandReport, ProgrammeView};
use app::api::{AppError, ErrorCode};
use app::domain::role::Scope;
use app::domain::training::{ProgrammeStatus, draft_from_demand};
use chrono::Utc;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QuerySelect,
};
use std::collections::{BTreeMap, HashMap};

/// (occupation, region, month, searches) as the grouping reads them.
type DemandCount = (Option<String>, Option<String>, Option<String>, i64);

/// How many months the report covers, this one included.
const MONTHS: usize = 6;
/// The largest groups shown.
const GROUPS: usize = 100;

/// The `MONTHS` months up to this one, oldest first, as YYYY-MM.
fn recent_months() -> Vec<String> {
    let today = crate::clock::shanghai_today();
    let mut index = i32::from(today.year()) * 12 + i32::from(today.month()) - 1;
    let mut months = Vec::with_capacity(MONTHS);
    for _ in 0..MONTHS {
        months.push(format!("{:04}-{:02}", index / 12, index % 12 + 1));
        index -= 1;
    }
    months.reverse();
    months
}

impl TrainingService {
    /// The searches a promoter sees: those about their county, and those about no county.
    fn demand_scope(scope: &Scope) -> Condition {
        match scope {
            Scope::County { code } => Condition::any()
                .add(unmet_search::Column::CountyCode.eq(code.as_str()))
                .add(unmet_search::Column::CountyCode.is_null()),
            _ => Condition::all(),
        }
    }

    pub(super) async fn demand_report(
        &self,
        caller: &RequestIdentity,
    ) -> Result<DemandReport, AppError> {
        let user = county_official(caller)?;
        let months = recent_months();
        let fail = |e| unexpected("grouping unmet demand", e);
        let rows: Vec<DemandCount> = unmet_search::Entity::find()
            .select_only()
            .column(unmet_search::Column::Occupation)
            .column(unmet_search::Column::RegionCode)
            .column(unmet_search::Column::Month)
            .column_as(
                Expr::expr(Func::count(Expr::col(unmet_search::Column::Id))),
                "searches",
            )
            .filter(Self::demand_scope(&user.scope))
            .filter(unmet_search::Column::Occupation.is_not_null())
            .filter(unmet_search::Column::Month.gte(months[0].as_str()))
            .group_by(unmet_search::Column::Occupation)
            .group_by(unmet_search::Column::RegionCode)
            .group_by(unmet_search::Column::Month)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(fail)?;
        let regions = crate::services::region_names(&self.db).await?;
        let drafts = self.drafts_by_group(&user.scope).await?;
        let mut groups: BTreeMap<(String, Option<String>), Vec<u64>> = BTreeMap::new();
        for (occupation, region, month, searches) in rows {
            let (Some(occupation), Some(month)) = (occupation, month) else {
                continue;
            };
            let Some(column) = months.iter().position(|m| *m == month) else {
                continue;
            };
            let counts = groups
                .entry((occupation, region))
                .or_insert_with(|| vec![0; months.len()]);
            counts[column] += u64::try_from(searches).unwrap_or(0);
        }
        let mut views: Vec<DemandGroupView> = groups
            .into_iter()
            .map(|((occupation, region_code), per_month)| {
                let last = per_month.iter().rposition(|n| *n > 0).unwrap_or(0);
                DemandGroupView {
                    searches: per_month.iter().sum(),
                    last_month: months[last].clone(),
                    region_name: region_code.as_ref().and_then(|c| regions.get(c).cloned()),
                    drafts: drafts
                        .get(&(occupation.clone(), region_code.clone()))
                        .cloned()
                        .unwrap_or_default(),
                    occupation,
                    region_code,
                    per_month,
                }
            })
            .collect();
        views.sort_by(|a, b| {
            b.searches
                .cmp(&a.searches)
                .then_with(|| b.last_month.cmp(&a.last_month))
                .then_with(|| a.occupation.cmp(&b.occupation))
        });
        views.truncate(GROUPS);
        Ok(DemandReport {
            months,
            groups: views,
        })
    }

    /// Drafts made from demand in the caller's scope, by their group (occupation, region).
    async fn drafts_by_group(
        &self,
        scope: &Scope,
    ) -> Result<HashMap<(String, Option<String>), Vec<i32>>, AppError> {
        let mut select = training_programme::Entity::find()
            .filter(training_programme::Column::DemandNote.is_not_null())
            .filter(training_programme::Column::Status.ne(ProgrammeStatus::Cancelled.code()));
        if let Scope::County { code } = scope {
            select = select.filter(training_programme::Column::CountyCode.eq(code.as_str()));
        }
        let mut drafts: HashMap<(String, Option<String>), Vec<i32>> = HashMap::new();
        for row in select
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading drafts", e))?
        {
            drafts
                .entry((row.occupation, row.demand_region_code))
                .or_default()
                .push(row.id);
        }
        Ok(drafts)
    }

    pub(super) async fn draft(
        &self,
        caller: &RequestIdentity,
        key: &DemandGroupKey,
    ) -> Result<ProgrammeView, AppError> {
        let user = county_official(caller)?;
        let occupation = key.occupation.trim();
        if occupation.is_empty() {
            return Err(AppError::invalid("occupation", "请选择一组未满足的需求"));
        }
        let fail = |e| unexpected("drafting a programme from demand", e);
        let mut group = unmet_search::Entity::find()
            .filter(Self::demand_scope(&user.scope))
            .filter(unmet_search::Column::Occupation.eq(occupation));
        group = match key.region_code.as_deref() {
            Some(region) => group.filter(unmet_search::Column::RegionCode.eq(region)),
            None => group.filter(unmet_search::Column::RegionCode.is_null()),
        };
        let searches = group.all(&self.db).await.map_err(fail)?;
        if searches.is_empty() {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        let county_code = match &user.scope {
            Scope::County { code } => code.clone(),
            _ => {
                // An admin's draft goes to the county most of the searches asked about.
                let mut by_county: HashMap<&str, usize> = HashMap::new();
                for search in &searches {
                    if let Some(code) = search.county_code.as_deref() {
                        *by_county.entry(code).or_default() += 1;
                    }
                }
                by_county
                    .into_iter()
                    .max_by_key(|(code, n)| (*n, std::cmp::Reverse(*code)))
                    .map(|(code, _)| code.to_string())
                    .ok_or_else(|| {
                        AppError::invalid(
                            "occupation",
                            "这组搜索没有指明县（区），请由相关县的推广员生成培训计划",
                        )
                    })?
            }
        };
        let regions = crate::services::region_names(&self.db).await?;
        let region_name = key.region_code.as_ref().and_then(|c| regions.get(c));
        let (form, note) = draft_from_demand(
            occupation,
            region_name.map(String::as_str),
            u64::try_from(searches.len()).unwrap_or(u64::MAX),
            crate::clock::shanghai_today(),
        );
        let checked = form.check()?;
        let now = Utc::now();
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let saved = training_programme::ActiveModel {
            title: Set(checked.title),
            institution_id: Set(None),
            county_code: Set(county_code),
            occupation: Set(checked.occupation),
            training_type: Set(checked.training_type.code().to_string()),
            mode: Set(checked.mode.code().to_string()),
            starts_on: Set(checked.starts_on.to_string()),
            ends_on: Set(checked.ends_on.to_string()),
            place: Set(String::new()),
            seats: Set(0),
            free: Set(true),
            fee_fen: Set(0),
            brand_id: Set(None),
            company_id: Set(None),
            status: Set(ProgrammeStatus::Draft.code().to_string()),
            demand_note: Set(Some(note)),
            demand_region_code: Set(key.region_code.clone()),
            created_by: Set(Some(user.id)),
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
                "training.programme.draft_from_demand",
                format!("training_programme:{}", saved.id),
                Some(format!(
                    "occupation={occupation} searches={}",
                    searches.len()
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self.views(Some(user), vec![saved]).await?.remove(0))
    }
}
