//! The county dashboard: figures for the city, a county or a township against the policy's
//! targets ([`figures`] reads them, [`assemble`] shapes one area), the yearly targets
//! ([`targets`]) and the 考核 workbook ([`export`]).
//!
//! Reading the whole city's figures takes a few grouped queries over every household and
//! worker, so the last results are kept, per counting day, while the tables they were read
//! from are unchanged ([`figures::data_mark`], a few index lookups per request). Any change
//! makes the next request read them again; at most one reading runs at a time.

pub mod assemble;
mod export;
pub mod figures;
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
use figures::Snapshot;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Counting days kept (this year's today, the quarter ends an export reads, past years).
const KEPT_SNAPSHOTS: usize = 12;
/// A kept snapshot is read again after this long even if nothing seems changed: a safety net
/// for the rare change no mark sees (a claim removed with its fact and nothing else).
const LONGEST_KEPT: Duration = Duration::from_secs(300);
/// Households waiting for work listed on a county's or township's dashboard.
const WAITING_LISTED: u64 = 20;

struct Kept {
    year: i32,
    as_of: CalendarDate,
    mark: Vec<Option<String>>,
    read_at: Instant,
    snapshot: Arc<Snapshot>,
}

pub struct DashboardService {
    db: DatabaseConnection,
    kept: Mutex<Vec<Kept>>,
    /// One reading of the figures at a time: others wait for it rather than repeat it.
    reading: tokio::sync::Mutex<()>,
}

impl DashboardService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            kept: Mutex::new(Vec::new()),
            reading: tokio::sync::Mutex::new(()),
        }
    }

    fn kept(
        &self,
        year: i32,
        as_of: CalendarDate,
        mark: &[Option<String>],
    ) -> Option<Arc<Snapshot>> {
        let kept = self.kept.lock().ok()?;
        kept.iter()
            .find(|k| {
                k.year == year
                    && k.as_of == as_of
                    && k.mark == mark
                    && k.read_at.elapsed() < LONGEST_KEPT
            })
            .map(|k| k.snapshot.clone())
    }

    fn keep(&self, mark: Vec<Option<String>>, snapshot: Arc<Snapshot>) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.retain(|k| !(k.year == snapshot.year && k.as_of == snapshot.as_of));
            if kept.len() >= KEPT_SNAPSHOTS {
                kept.remove(0);
            }
            kept.push(Kept {
                year: snapshot.year,
                as_of: snapshot.as_of,
                mark,
                read_at: Instant::now(),
                snapshot,
            });
        }
    }

    /// The city's figures for `year` counted on `as_of`: kept ones if nothing changed since.
    ///
    /// # Errors
    /// `Internal` when the database fails.
    pub async fn snapshot(
        &self,
        year: i32,
        as_of: CalendarDate,
    ) -> Result<Arc<Snapshot>, AppError> {
        let fail = |e| unexpected("reading the dashboard's figures", e);
        let mark = figures::data_mark(&self.db).await.map_err(fail)?;
        if let Some(snapshot) = self.kept(year, as_of, &mark) {
            return Ok(snapshot);
        }
        let _reading = self.reading.lock().await;
        if let Some(snapshot) = self.kept(year, as_of, &mark) {
            return Ok(snapshot);
        }
        // The mark read before the figures: a change while they are read makes the next
        // request read them again, never the other way round.
        let snapshot = Arc::new(
            figures::compute(&self.db, year, as_of)
                .await
                .map_err(fail)?,
        );
        self.keep(mark, snapshot.clone());
        Ok(snapshot)
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
        let mut query = household::Entity::find()
            .filter(household::Column::CountyCode.eq(county.as_str()))
            .filter(household::Column::WillingCount.gt(0))
            .filter(household_at_work_on(&day.to_string()).not());
        if let Some(township) = township {
            query = query.filter(household::Column::Township.eq(township.as_str()));
        }
        Ok(query
            .order_by_asc(household::Column::Township)
            .order_by_asc(household::Column::Village)
            .order_by_asc(household::Column::Number)
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
            .collect())
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
        let snapshot = self.snapshot(year, as_of).await?;
        let mut dashboard = assemble(&snapshot, &area, &self.counties().await?);
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
