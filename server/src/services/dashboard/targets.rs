//! The yearly targets (目标任务) a promoter sets for their county, or an admin for any.

use super::DashboardService;
use crate::db::entities::county_target;
use crate::services::brands::audit_entry;
use crate::services::households::county_to_act_on;
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::dashboard::TargetsView;
use app::api::{AppError, ErrorCode};
use app::domain::dashboard::{FIRST_YEAR, Targets, TargetsForm};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr};

impl DashboardService {
    /// The county the caller may set targets for, and a year targets may be set for: from the
    /// policy's first year to next year (planning ahead).
    async fn target_county(
        &self,
        caller: &RequestIdentity,
        county: &str,
        year: i32,
    ) -> Result<(String, String), AppError> {
        let code = county_to_act_on(caller, Some(county))?;
        let name = self
            .counties()
            .await?
            .into_iter()
            .find(|(c, _)| *c == code)
            .map(|(_, name)| name)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        let next_year = i32::from(crate::clock::shanghai_today().year()) + 1;
        if !(i32::from(FIRST_YEAR)..=next_year).contains(&year) {
            return Err(AppError::invalid(
                "year",
                format!("年度应在 {FIRST_YEAR}–{next_year} 之间"),
            ));
        }
        Ok((code, name))
    }

    async fn stored(
        &self,
        county: &str,
        year: i32,
    ) -> Result<Option<county_target::Model>, AppError> {
        county_target::Entity::find()
            .filter(county_target::Column::CountyCode.eq(county))
            .filter(county_target::Column::Year.eq(year))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading targets", e))
    }

    pub(super) async fn read_targets(
        &self,
        caller: &RequestIdentity,
        county: &str,
        year: i32,
    ) -> Result<TargetsView, AppError> {
        let (code, name) = self.target_county(caller, county, year).await?;
        let row = self.stored(&code, year).await?;
        Ok(view(code, name, year, row))
    }

    pub(super) async fn write_targets(
        &self,
        caller: &RequestIdentity,
        county: &str,
        year: i32,
        version: i32,
        form: &TargetsForm,
    ) -> Result<TargetsView, AppError> {
        let (code, name) = self.target_county(caller, county, year).await?;
        let targets = form.check()?;
        let fail = |e| unexpected("saving targets", e);
        let number = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let values = county_target::ActiveModel {
            households_to_employ: Set(number(targets.households_to_employ)),
            workers_to_train: Set(number(targets.workers_to_train)),
            workers_to_export: Set(number(targets.workers_to_export)),
            updated_by: Set(caller.user.as_ref().map(|u| u.id)),
            updated_at: Set(Utc::now()),
            version: Set(version + 1),
            ..Default::default()
        };
        if version == 0 {
            let mut row = values;
            row.county_code = Set(code.clone());
            row.year = Set(year);
            row.insert(&txn).await.map_err(|e| match e.sql_err() {
                // Someone set them first.
                Some(SqlErr::UniqueConstraintViolation(_)) => AppError::new(ErrorCode::Conflict),
                _ => fail(e),
            })?;
        } else {
            let updated = county_target::Entity::update_many()
                .set(values)
                .filter(county_target::Column::CountyCode.eq(code.as_str()))
                .filter(county_target::Column::Year.eq(year))
                .filter(county_target::Column::Version.eq(version))
                .exec(&txn)
                .await
                .map_err(fail)?;
            if updated.rows_affected != 1 {
                return Err(AppError::new(ErrorCode::Conflict));
            }
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "targets.save",
                format!("county:{code}:{year}"),
                Some(format!(
                    "households={} training={} export={}",
                    targets.households_to_employ,
                    targets.workers_to_train,
                    targets.workers_to_export
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        let row = self.stored(&code, year).await?;
        Ok(view(code, name, year, row))
    }
}

fn view(
    county_code: String,
    county_name: String,
    year: i32,
    row: Option<county_target::Model>,
) -> TargetsView {
    let number = |n: i32| u32::try_from(n).unwrap_or(0);
    TargetsView {
        county_code,
        county_name,
        year,
        version: row.as_ref().map_or(0, |r| r.version),
        updated_at: row.as_ref().map(|r| {
            (r.updated_at + chrono::TimeDelta::hours(8))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        }),
        targets: row.map(|r| Targets {
            households_to_employ: number(r.households_to_employ),
            workers_to_train: number(r.workers_to_train),
            workers_to_export: number(r.workers_to_export),
        }),
    }
}
