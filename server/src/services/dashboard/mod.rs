//! The county dashboard: figures for the city, a county or a township against the policy's
//! targets ([`figures`] reads them, [`assemble`] shapes one area), the yearly targets
//! ([`targets`]) and the 考核 workbook ([`export`]).
//!
//! Reading the whole city's figures takes a few grouped queries over every household and
//! worker, so [`keeper`] keeps the last ones per counting day while the tables they were read
//! from are unchanged, and serves the ones read before while new ones are read after a change.

pub mod assemble;
mod export;
pub mod figures;
mod keeper;
mod targets;

use super::brands::county_official;
use super::households::{county_for, household_at_work_on};
use super::unexpected;
use crate::db::entities::{county, household};
use app::api::context::RequestIdentity;
use app::api::county_context::DashboardDesk;
use app::api::dashboard::{DashboardQuery, DashboardView, TargetsView, WaitingHousehold};
use app::api::{AppError, ErrorCode};
use app::domain::calendar::CalendarDate;
use app::domain::dashboard::{TargetsForm, as_of_for};
use app::domain::roster::PovertyStatus;
use assemble::{Area, assemble};
use async_trait::async_trait;
use keeper::{Figures, Keeper};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::Arc;
use std::time::Duration;

/// Households waiting for work listed on a county's or township's dashboard.
const WAITING_LISTED: u64 = 20;

/// The willing households of a county (or one township) nobody of which is at work on `day`,
/// by township, village and number: the list to act on (public for the benchmark).
pub fn waiting_households(
    county: &str,
    township: Option<&str>,
    day: CalendarDate,
) -> sea_orm::Select<household::Entity> {
    let mut query = household::Entity::find()
        .filter(household::Column::CountyCode.eq(county))
        .filter(household::Column::WillingCount.gt(0))
        .filter(household_at_work_on(&day.to_string()).not());
    if let Some(township) = township {
        query = query.filter(household::Column::Township.eq(township));
    }
    query
        .order_by_asc(household::Column::Township)
        .order_by_asc(household::Column::Village)
        .order_by_asc(household::Column::Number)
}

pub struct DashboardService {
    db: DatabaseConnection,
    keeper: Arc<Keeper>,
}

impl DashboardService {
    /// `wait`: how long a request waits for figures being read again after a change.
    pub fn new(db: DatabaseConnection, wait: Duration) -> Self {
        Self {
            keeper: Arc::new(Keeper::new(db.clone(), wait)),
            db,
        }
    }

    /// Reads this year's figures in the background, so the first dashboard after a start
    /// need not wait for them.
    pub fn warm_up(&self) {
        let keeper = self.keeper.clone();
        tokio::spawn(async move {
            let today = crate::clock::shanghai_today();
            if let Err(e) = keeper.figures(i32::from(today.year()), today).await {
                tracing::warn!(error = %e.message, "reading the dashboard's figures at start failed");
            }
        });
    }

    /// The city's figures for `year` counted on `as_of`, kept or read again (see [`keeper`]).
    ///
    /// # Errors
    /// `Internal` when the database fails.
    pub async fn snapshot(&self, year: i32, as_of: CalendarDate) -> Result<Figures, AppError> {
        self.keeper.figures(year, as_of).await
    }

    /// The city's counties (code, name) in their order.
    async fn counties(&self) -> Result<Vec<(String, String)>, AppError> {
        Ok(county::Entity::find()
            .order_by_asc(county::Column::SortOrder)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading counties", e))?
            .into_iter()
            .map(|c| (c.code, c.name))
            .collect())
    }

    /// The area and year a query asks for, as the caller may see it.
    async fn area_of(
        &self,
        caller: &RequestIdentity,
        query: &DashboardQuery,
    ) -> Result<(Area, i32, CalendarDate), AppError> {
        county_official(caller)?;
        let county = county_for(caller, query.county.as_deref())?;
        let counties = self.counties().await?;
        if let Some(code) = &county
            && !counties.iter().any(|(c, _)| c == code)
        {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        let today = crate::clock::shanghai_today();
        let year = query.year.unwrap_or(i32::from(today.year()));
        let as_of = as_of_for(year, today).map_err(AppError::bad_parameter)?;
        let township = query
            .township
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let area = match (county, township) {
            (None, None) => Area::City,
            (None, Some(_)) => {
                let mut error =
                    AppError::with_message(ErrorCode::BadParameter, "查看乡镇时请先选择区县");
                error.field = Some("township".to_string());
                return Err(error);
            }
            (Some(code), None) => Area::County(code),
            (Some(county), Some(township)) => Area::Township {
                county,
                // The row of workers without a household is asked for by its label.
                township: if township == assemble::NO_HOUSEHOLD {
                    String::new()
                } else {
                    township.to_string()
                },
            },
        };
        Ok((area, year, as_of))
    }

    /// The first willing households of a county (or township) nobody of which works today.
    async fn waiting(
        &self,
        area: &Area,
        day: CalendarDate,
    ) -> Result<Vec<WaitingHousehold>, AppError> {
        let (county, township) = match area {
            Area::City => return Ok(Vec::new()),
            Area::County(county) => (county, None),
            Area::Township { county, township } => (county, Some(township)),
        };
        Ok(
            waiting_households(county, township.map(String::as_str), day)
                .limit(WAITING_LISTED)
                .all(&self.db)
                .await
                .map_err(|e| unexpected("listing households without work", e))?
                .into_iter()
                .map(|h| WaitingHousehold {
                    id: h.id,
                    status_label: PovertyStatus::from_code(&h.status)
                        .map(|s| s.label().to_string())
                        .unwrap_or_default(),
                    number: h.number,
                    head_name: h.head_name,
                    township: h.township,
                    village: h.village,
                    willing_count: u32::try_from(h.willing_count).unwrap_or(0),
                })
                .collect(),
        )
    }
}

#[async_trait]
impl DashboardDesk for DashboardService {
    async fn dashboard(
        &self,
        caller: &RequestIdentity,
        query: &DashboardQuery,
    ) -> Result<DashboardView, AppError> {
        let (area, year, as_of) = self.area_of(caller, query).await?;
        let figures = self.snapshot(year, as_of).await?;
        let mut dashboard = assemble(&figures.snapshot, &area, &self.counties().await?);
        dashboard.refreshing = figures.refreshing;
        // The list to act on is of today: a past year's view has none.
        if as_of == crate::clock::shanghai_today() {
            dashboard.households_without_work = self.waiting(&area, as_of).await?;
        }
        Ok(dashboard)
    }

    async fn dashboard_xlsx(
        &self,
        caller: &RequestIdentity,
        query: &DashboardQuery,
    ) -> Result<(String, Vec<u8>), AppError> {
        let (area, year, as_of) = self.area_of(caller, query).await?;
        self.workbook(caller, &area, year, as_of).await
    }

    async fn targets(
        &self,
        caller: &RequestIdentity,
        county: &str,
        year: i32,
    ) -> Result<TargetsView, AppError> {
        self.read_targets(caller, county, year).await
    }

    async fn save_targets(
        &self,
        caller: &RequestIdentity,
        county: &str,
        year: i32,
        version: i32,
        form: &TargetsForm,
    ) -> Result<TargetsView, AppError> {
        self.write_targets(caller, county, year, version, form)
            .await
    }
}
