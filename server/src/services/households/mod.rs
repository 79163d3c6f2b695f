//! 建档立卡 households and the county's workers, for promoters (their own county) and
//! admins: lists, one household with its members, adding and correcting one. The ledger
//! import is in [`import`], the workers list in [`county_workers`]. Who works today is read
//! from placements and local jobs, never stored.

mod at_work;
mod county_workers;
mod import;

use at_work::status_label;
pub(crate) use at_work::{age_on, at_work_on, home_county_is, household_at_work_on, work_on};

use super::brands::{audit_entry, county_official};
use super::uploads::{ImportBoard, spool_upload};
use super::{audit, begin_write, unexpected};
use crate::db::entities::{company, county, household, household_import, worker};
use app::api::context::{RequestIdentity, SpooledUpload, UploadSpool};
use app::api::county_context::HouseholdDesk;
use app::api::households::{
    CountyWorkerPage, HouseholdDetail, HouseholdMember, HouseholdPage, HouseholdView,
};
use app::api::types::{ImportMode, ImportProgress, ImportReport};
use app::api::{AppError, ErrorCode};
use app::domain::county_view::{CountyWorkerFilter, HouseholdFilter};
use app::domain::dashboard::{AreaRefusal, county_in_view};
use app::domain::household::{HouseholdForm, HouseholdRecord};
use app::domain::roster::ReferenceData;
use async_trait::async_trait;
use chrono::Utc;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};
use std::collections::HashMap;
use std::path::PathBuf;

pub struct HouseholdService {
    db: DatabaseConnection,
    /// Imports in progress, per county.
    imports: ImportBoard<String>,
    upload_dir: PathBuf,
}

impl HouseholdService {
    pub fn new(db: DatabaseConnection, upload_dir: PathBuf) -> Self {
        Self {
            imports: ImportBoard::shared(db.clone(), "county"),
            db,
            upload_dir,
        }
    }

    /// County name, short name or code → code, for the 区县 column and the form.
    async fn county_lookup(&self) -> Result<ReferenceData, AppError> {
        let counties = county::Entity::find()
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading counties", e))?;
        Ok(ReferenceData::new(
            counties.iter().map(|c| (c.code.as_str(), c.name.as_str())),
            std::iter::empty(),
        ))
    }
}

/// The county an official's request covers (`None`: the whole city, for admins).
///
/// # Errors
/// `Forbidden` for companies and employers, `NotFound` for another county's data.
pub(crate) fn county_for(
    caller: &RequestIdentity,
    requested: Option<&str>,
) -> Result<Option<String>, AppError> {
    let user = county_official(caller)?;
    county_in_view(&user.scope, requested).map_err(refusal)
}

/// The one county an official acts on: a promoter's own; an admin must name one.
///
/// # Errors
/// As [`county_for`]; `InvalidInput` on `county` when an admin named none.
pub(crate) fn county_to_act_on(
    caller: &RequestIdentity,
    requested: Option<&str>,
) -> Result<String, AppError> {
    county_for(caller, requested)?.ok_or_else(|| AppError::invalid("county", "请选择区县"))
}

pub(crate) fn refusal(refused: AreaRefusal) -> AppError {
    match refused {
        AreaRefusal::NotAnOfficial => AppError::new(ErrorCode::Forbidden),
        AreaRefusal::OtherCounty => AppError::new(ErrorCode::NotFound),
    }
}

impl HouseholdService {
    /// The households view of `rows`, with their rostered and working members counted.
    async fn views(&self, rows: Vec<household::Model>) -> Result<Vec<HouseholdView>, AppError> {
        let fail = |e| unexpected("counting household members", e);
        let counties = super::county_names(&self.db).await.map_err(fail)?;
        let numbers: Vec<String> = rows.iter().map(|h| h.number.clone()).collect();
        let members: Vec<(i32, Option<String>)> = if numbers.is_empty() {
            Vec::new()
        } else {
            worker::Entity::find()
                .select_only()
                .column(worker::Column::Id)
                .column(worker::Column::HouseholdNumber)
                .filter(worker::Column::HouseholdNumber.is_in(numbers))
                .into_tuple()
                .all(&self.db)
                .await
                .map_err(fail)?
        };
        let ids: Vec<i32> = members.iter().map(|(id, _)| *id).collect();
        let working = work_on(&self.db, &ids, crate::clock::shanghai_today()).await?;
        let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
        for (id, number) in members {
            if let Some(number) = number {
                let count = counts.entry(number).or_default();
                count.0 += 1;
                count.1 += u32::from(working.contains_key(&id));
            }
        }
        Ok(rows
            .into_iter()
            .map(|h| {
                let (rostered, employed) = counts.get(&h.number).copied().unwrap_or_default();
                HouseholdView {
                    id: h.id,
                    county_name: counties.get(&h.county_code).cloned().unwrap_or_default(),
                    status_label: status_label(&h.status),
                    number: h.number,
                    county_code: h.county_code,
                    township: h.township,
                    village: h.village,
                    status: h.status,
                    head_name: h.head_name,
                    labour_count: u32::try_from(h.labour_count).unwrap_or(0),
                    willing_count: u32::try_from(h.willing_count).unwrap_or(0),
                    rostered_members: rostered,
                    employed_members: employed,
                    version: h.version,
                }
            })
            .collect())
    }

    /// A household the caller may see, or `NotFound`.
    async fn visible(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<household::Model, AppError> {
        let county = county_for(caller, None)?;
        let row = household::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a household", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        match county {
            Some(code) if code != row.county_code => Err(AppError::new(ErrorCode::NotFound)),
            _ => Ok(row),
        }
    }

    async fn list(
        &self,
        caller: &RequestIdentity,
        filter: &HouseholdFilter,
    ) -> Result<HouseholdPage, AppError> {
        let county = county_for(caller, filter.county.as_deref())?;
        let today = crate::clock::shanghai_today().to_string();
        let mut query = household::Entity::find();
        if let Some(code) = &county {
            query = query.filter(household::Column::CountyCode.eq(code.as_str()));
        }
        if let Some(township) = &filter.township {
            query = query.filter(household::Column::Township.eq(township.as_str()));
        }
        if let Some(village) = &filter.village {
            query = query.filter(household::Column::Village.eq(village.as_str()));
        }
        if let Some(status) = filter.status {
            query = query.filter(household::Column::Status.eq(status.code()));
        }
        match filter.willing {
            Some(true) => query = query.filter(household::Column::WillingCount.gt(0)),
            Some(false) => query = query.filter(household::Column::WillingCount.eq(0)),
            None => {}
        }
        match filter.employed {
            Some(true) => query = query.filter(household_at_work_on(&today)),
            Some(false) => query = query.filter(household_at_work_on(&today).not()),
            None => {}
        }
        if let Some(text) = &filter.text {
            query = query.filter(
                Condition::any()
                    .add(household::Column::Number.starts_with(text.as_str()))
                    .add(household::Column::HeadName.eq(text.as_str())),
            );
        }
        let fail = |e| unexpected("listing households", e);
        let total = query.clone().count(&self.db).await.map_err(fail)?;
        let rows = query
            .order_by_asc(household::Column::CountyCode)
            .order_by_asc(household::Column::Township)
            .order_by_asc(household::Column::Village)
            .order_by_asc(household::Column::Number)
            .offset((filter.page - 1).saturating_mul(filter.per_page))
            .limit(filter.per_page)
            .all(&self.db)
            .await
            .map_err(fail)?;
        audit::record(
            &self.db,
            audit_entry(
                caller,
                "household.list",
                county.map_or_else(|| "city".to_string(), |c| format!("county:{c}")),
                Some(format!("page={} rows={}", filter.page, rows.len())),
            ),
        )
        .await
        .map_err(|e| unexpected("auditing a household list", e))?;
        Ok(HouseholdPage {
            households: self.views(rows).await?,
            total,
            page: filter.page,
            per_page: filter.per_page,
        })
    }

    async fn detail(&self, caller: &RequestIdentity, id: i32) -> Result<HouseholdDetail, AppError> {
        let row = self.visible(caller, id).await?;
        let fail = |e| unexpected("loading household members", e);
        let workers = worker::Entity::find()
            .filter(worker::Column::HouseholdNumber.eq(row.number.as_str()))
            .order_by_asc(worker::Column::BirthDate)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let companies: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(workers.iter().map(|w| w.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let today = crate::clock::shanghai_today();
        let ids: Vec<i32> = workers.iter().map(|w| w.id).collect();
        let mut work = work_on(&self.db, &ids, today).await?;
        let members = workers
            .into_iter()
            .map(|w| {
                let (age, working_age) = age_on(&w.birth_date, &w.sex, today);
                HouseholdMember {
                    worker_id: w.id,
                    company_name: companies.get(&w.company_id).cloned().unwrap_or_default(),
                    work: work.remove(&w.id),
                    name: w.name,
                    sex: w.sex,
                    age,
                    working_age,
                    training_wish: w.training_wish,
                    employment_wish: w.employment_wish,
                }
            })
            .collect();
        audit::record(
            &self.db,
            audit_entry(caller, "household.view", format!("household:{id}"), None),
        )
        .await
        .map_err(|e| unexpected("auditing a household view", e))?;
        let household = self.views(vec![row]).await?.remove(0);
        Ok(HouseholdDetail { household, members })
    }

    async fn save(
        &self,
        caller: &RequestIdentity,
        id: Option<i32>,
        version: Option<i32>,
        form: &HouseholdForm,
    ) -> Result<HouseholdView, AppError> {
        let lookup = self.county_lookup().await?;
        let record = form.check(&lookup.counties)?;
        let county = county_to_act_on(caller, record.county_code.as_deref())?;
        let hash = ledger_hash(&record, &county);
        let now = Utc::now();
        let fail = |e| unexpected("saving a household", e);
        // The household being corrected must be the caller's to see, before anything is written.
        let current = match id {
            Some(id) => Some(self.visible(caller, id).await?),
            None => None,
        };
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let saved = match id {
            None => {
                let mut model = active_model(&record, &county, &hash);
                model.version = Set(1);
                model.created_at = Set(now);
                model.insert(&txn).await.map_err(|e| match e.sql_err() {
                    Some(SqlErr::UniqueConstraintViolation(_)) => duplicate_number(),
                    _ => fail(e),
                })?
            }
            Some(id) => {
                let current = current.ok_or_else(AppError::internal)?;
                let seen = version
                    .ok_or_else(|| AppError::invalid("version", "修改时需带上读取时的 version"))?;
                let mut model = active_model(&record, &county, &hash);
                model.version = Set(seen + 1);
                let updated = household::Entity::update_many()
                    .set(model)
                    .filter(household::Column::Id.eq(current.id))
                    .filter(household::Column::Version.eq(seen))
                    .exec(&txn)
                    .await
                    .map_err(|e| match e.sql_err() {
                        Some(SqlErr::UniqueConstraintViolation(_)) => duplicate_number(),
                        _ => fail(e),
                    })?;
                if updated.rows_affected != 1 {
                    return Err(AppError::new(ErrorCode::Conflict));
                }
                household::Entity::find_by_id(id)
                    .one(&txn)
                    .await
                    .map_err(fail)?
                    .ok_or_else(AppError::internal)?
            }
        };
        audit::record(
            &txn,
            audit_entry(
                caller,
                if id.is_some() {
                    "household.update"
                } else {
                    "household.create"
                },
                format!("household:{}", saved.id),
                None,
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self.views(vec![saved]).await?.remove(0))
    }
}

fn duplicate_number() -> AppError {
    let mut error = AppError::with_message(ErrorCode::Conflict, "该户编号已经登记过，不能重复登记");
    error.field = Some("number".to_string());
    error
}

/// SHA-256 of the canonical row: the row holds nothing secret beyond what the table does.
fn ledger_hash(record: &HouseholdRecord, county: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(record.canonical(county).as_bytes()))
}

/// The columns a household record sets; identity, version and creation are the caller's.
fn active_model(record: &HouseholdRecord, county: &str, hash: &str) -> household::ActiveModel {
    household::ActiveModel {
        number: Set(record.number.clone()),
        county_code: Set(county.to_string()),
        township: Set(record.township.clone()),
        village: Set(record.village.clone()),
        status: Set(record.status.code().to_string()),
        head_name: Set(record.head_name.clone()),
        labour_count: Set(i32::from(record.labour_count)),
        willing_count: Set(i32::from(record.willing_count)),
        ledger_hash: Set(hash.to_string()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
}

#[async_trait]
impl HouseholdDesk for HouseholdService {
    fn spool_upload(&self) -> Result<Box<dyn UploadSpool>, AppError> {
        spool_upload(&self.upload_dir)
    }

    async fn import_progress(&self, caller: &RequestIdentity) -> Option<ImportProgress> {
        let county = county_for(caller, None).ok().flatten()?;
        self.imports.get(&county).await
    }

    async fn households(
        &self,
        caller: &RequestIdentity,
        filter: &HouseholdFilter,
    ) -> Result<HouseholdPage, AppError> {
        self.list(caller, filter).await
    }

    async fn household(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<HouseholdDetail, AppError> {
        self.detail(caller, id).await
    }

    async fn save_household(
        &self,
        caller: &RequestIdentity,
        id: Option<i32>,
        version: Option<i32>,
        form: &HouseholdForm,
    ) -> Result<HouseholdView, AppError> {
        self.save(caller, id, version, form).await
    }

    async fn import_households(
        &self,
        caller: &RequestIdentity,
        county: Option<String>,
        file: SpooledUpload,
        file_name: Option<String>,
        mode: ImportMode,
        dry_run: bool,
    ) -> Result<(i32, ImportReport), AppError> {
        let county = county_to_act_on(caller, county.as_deref())?;
        // `file` lives until the import is done; dropping it removes the temporary file.
        self.import_file(
            &super::roster::Actor::of(caller),
            &county,
            super::ledger_file::LedgerInput::File(file.path.clone()),
            file_name.as_deref(),
            mode,
            dry_run,
        )
        .await
    }

    async fn household_import(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<ImportReport, AppError> {
        let county = county_for(caller, None)?;
        let job = household_import::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading an import", e))?
            .filter(|job| county.as_ref().is_none_or(|c| *c == job.county_code))
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        serde_json::from_str(&job.report).map_err(|e| unexpected("reading an import report", e))
    }

    async fn county_workers(
        &self,
        caller: &RequestIdentity,
        filter: &CountyWorkerFilter,
    ) -> Result<CountyWorkerPage, AppError> {
        self.workers_page(caller, filter).await
    }
}
