//! Stations: the public list by region and brand, and adding one.

use super::{FollowUpService, runs, signed_in};
use crate::db::entities::{brand, company, follow_up_case, service_station, station_brand};
use crate::services::brands::audit_entry;
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::follow_up::{StationBrandView, StationQuery, StationView};
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::follow_up::{StationForm, is_overdue};
use app::domain::role::Scope;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QueryOrder,
};
use std::collections::HashMap;

impl FollowUpService {
    pub(super) async fn list_stations(
        &self,
        user: Option<&SessionUser>,
        query: &StationQuery,
    ) -> Result<Vec<StationView>, AppError> {
        let fail = |e| unexpected("listing stations", e);
        // Closed stations stay visible to those who run them, so they can open them again.
        let open = service_station::Column::Active.eq(true);
        let visible = match user.map(|u| &u.scope) {
            Some(Scope::City) => Condition::all(),
            Some(Scope::County { code }) => Condition::any()
                .add(open)
                .add(service_station::Column::CountyCode.eq(code.as_str())),
            Some(Scope::Company { id }) => Condition::any()
                .add(open)
                .add(service_station::Column::CompanyId.eq(*id)),
            _ => Condition::all().add(open),
        };
        let mut select = service_station::Entity::find().filter(visible);
        if let Some(region) = query
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            select = select.filter(service_station::Column::RegionCode.eq(region));
        }
        if let Some(slug) = query
            .brand
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            let brand_id = brand::Entity::find()
                .filter(brand::Column::Slug.eq(slug))
                .one(&self.db)
                .await
                .map_err(fail)?
                .map_or(0, |b| b.id);
            let ids: Vec<i32> = station_brand::Entity::find()
                .filter(station_brand::Column::BrandId.eq(brand_id))
                .all(&self.db)
                .await
                .map_err(fail)?
                .into_iter()
                .map(|s| s.station_id)
                .collect();
            select = select.filter(service_station::Column::Id.is_in(ids));
        }
        let rows = select
            .order_by_asc(service_station::Column::RegionCode)
            .order_by_asc(service_station::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        self.station_views(user, rows).await
    }

    pub(super) async fn station_views(
        &self,
        user: Option<&SessionUser>,
        rows: Vec<service_station::Model>,
    ) -> Result<Vec<StationView>, AppError> {
        let fail = |e| unexpected("loading station labels", e);
        let regions = crate::services::region_names(&self.db).await?;
        let counties = crate::services::county_names(&self.db)
            .await
            .map_err(fail)?;
        let companies: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(rows.iter().filter_map(|s| s.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let links = station_brand::Entity::find()
            .filter(station_brand::Column::StationId.is_in(rows.iter().map(|s| s.id)))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let brands: HashMap<i32, brand::Model> = brand::Entity::find()
            .filter(brand::Column::Id.is_in(links.iter().map(|l| l.brand_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
        let open = follow_up_case::Entity::find()
            .filter(follow_up_case::Column::StationId.is_in(rows.iter().map(|s| s.id)))
            .filter(follow_up_case::Column::Status.eq("open"))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let now = Utc::now();
        Ok(rows
            .into_iter()
            .map(|s| {
                let mine = open.iter().filter(|c| c.station_id == s.id);
                let open_cases = mine.clone().count() as u64;
                let overdue_cases = mine
                    .filter(|c| is_overdue(true, (now - c.last_activity_at).num_days()))
                    .count() as u64;
                StationView {
                    id: s.id,
                    can_manage: user.is_some_and(|u| runs(u, &s)),
                    region_name: regions.get(&s.region_code).cloned().unwrap_or_default(),
                    county_name: counties.get(&s.county_code).cloned().unwrap_or_default(),
                    company_name: s.company_id.and_then(|id| companies.get(&id).cloned()),
                    brands: links
                        .iter()
                        .filter(|l| l.station_id == s.id)
                        .filter_map(|l| brands.get(&l.brand_id))
                        .map(|b| StationBrandView {
                            slug: b.slug.clone(),
                            name: b.name.clone(),
                        })
                        .collect(),
                    open_cases,
                    overdue_cases,
                    name: s.name,
                    region_code: s.region_code,
                    city: s.city,
                    address: s.address,
                    contact_name: s.contact_name,
                    contact_phone: s.contact_phone,
                    county_code: s.county_code,
                    active: s.active,
                    version: s.version,
                }
            })
            .collect())
    }

    pub(super) async fn add_station(
        &self,
        caller: &RequestIdentity,
        form: &StationForm,
    ) -> Result<StationView, AppError> {
        let user = signed_in(caller)?;
        let checked = form.check()?;
        let fail = |e| unexpected("adding a station", e);
        let regions = crate::services::region_names(&self.db).await?;
        if !regions.contains_key(&checked.region_code) {
            return Err(AppError::invalid("region_code", "没有这个省级行政区划代码"));
        }
        let (company_id, county_code) = match &user.scope {
            Scope::Company { id } => {
                let company = company::Entity::find_by_id(*id)
                    .one(&self.db)
                    .await
                    .map_err(fail)?
                    .ok_or_else(|| AppError::new(ErrorCode::Forbidden))?;
                (Some(company.id), company.county_code)
            }
            Scope::County { code } => (None, code.clone()),
            // An admin's station is the city's: it is kept under the city's seat (临汾市).
            Scope::City => (None, "141000".to_string()),
            Scope::Employer { .. } => return Err(AppError::new(ErrorCode::Forbidden)),
        };
        if let Some(base) = checked.export_base_id {
            let found = crate::db::entities::export_base::Entity::find_by_id(base)
                .one(&self.db)
                .await
                .map_err(fail)?;
            if found.is_none() {
                return Err(AppError::invalid("export_base_id", "没有这个输出基地"));
            }
        }
        let brand_ids = self.brand_ids(&checked.brands).await?;
        let now = Utc::now();
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let saved = service_station::ActiveModel {
            name: Set(checked.name),
            region_code: Set(checked.region_code),
            city: Set(checked.city),
            address: Set(checked.address),
            contact_name: Set(checked.contact_name),
            contact_phone: Set(checked.contact_phone),
            company_id: Set(company_id),
            county_code: Set(county_code),
            export_base_id: Set(checked.export_base_id),
            active: Set(true),
            created_by: Set(Some(user.id)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(fail)?;
        for brand_id in brand_ids {
            station_brand::ActiveModel {
                station_id: Set(saved.id),
                brand_id: Set(brand_id),
            }
            .insert(&txn)
            .await
            .map_err(fail)?;
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "station.create",
                format!("station:{}", saved.id),
                None,
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self.station_views(Some(user), vec![saved]).await?.remove(0))
    }

    /// The brands named by slug, each checked.
    async fn brand_ids(&self, slugs: &[String]) -> Result<Vec<i32>, AppError> {
        let mut ids = Vec::new();
        for slug in slugs {
            let found = brand::Entity::find()
                .filter(brand::Column::Slug.eq(slug.as_str()))
                .one(&self.db)
                .await
                .map_err(|e| unexpected("loading a brand", e))?
                .ok_or_else(|| AppError::invalid("brands", format!("没有品牌“{slug}”")))?;
            ids.push(found.id);
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// A station the caller may see: open ones for everyone, closed ones for their runners.
    async fn visible_station(
        &self,
        user: Option<&SessionUser>,
        id: i32,
    ) -> Result<service_station::Model, AppError> {
        service_station::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a station", e))?
            .filter(|s| s.active || user.is_some_and(|u| runs(u, s)))
            .ok_or_else(|| AppError::with_message(ErrorCode::NotFound, "没有这个服务站"))
    }

    pub(super) async fn one_station(
        &self,
        user: Option<&SessionUser>,
        id: i32,
    ) -> Result<StationView, AppError> {
        let row = self.visible_station(user, id).await?;
        Ok(self.station_views(user, vec![row]).await?.remove(0))
    }

    /// A station only its runners change.
    async fn run_station(
        &self,
        user: &SessionUser,
        id: i32,
    ) -> Result<service_station::Model, AppError> {
        let row = self.visible_station(Some(user), id).await?;
        if !runs(user, &row) {
            return Err(AppError::new(ErrorCode::Forbidden));
        }
        Ok(row)
    }

    pub(super) async fn edit_station(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        form: &StationForm,
    ) -> Result<StationView, AppError> {
        let user = signed_in(caller)?;
        self.run_station(user, id).await?;
        let checked = form.check()?;
        let regions = crate::services::region_names(&self.db).await?;
        if !regions.contains_key(&checked.region_code) {
            return Err(AppError::invalid("region_code", "没有这个省级行政区划代码"));
        }
        let brand_ids = self.brand_ids(&checked.brands).await?;
        let fail = |e| unexpected("changing a station", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let changed = service_station::Entity::update_many()
            .col_expr(service_station::Column::Name, Expr::value(checked.name))
            .col_expr(
                service_station::Column::RegionCode,
                Expr::value(checked.region_code),
            )
            .col_expr(service_station::Column::City, Expr::value(checked.city))
            .col_expr(
                service_station::Column::Address,
                Expr::value(checked.address),
            )
            .col_expr(
                service_station::Column::ContactName,
                Expr::value(checked.contact_name),
            )
            .col_expr(
                service_station::Column::ContactPhone,
                Expr::value(checked.contact_phone),
            )
            .col_expr(service_station::Column::Version, Expr::value(version + 1))
            .col_expr(service_station::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(service_station::Column::Id.eq(id))
            .filter(service_station::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if changed.rows_affected == 0 {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                "服务站已被他人修改，请刷新后重试",
            ));
        }
        station_brand::Entity::delete_many()
            .filter(station_brand::Column::StationId.eq(id))
            .exec(&txn)
            .await
            .map_err(fail)?;
        for brand_id in brand_ids {
            station_brand::ActiveModel {
                station_id: Set(id),
                brand_id: Set(brand_id),
            }
            .insert(&txn)
            .await
            .map_err(fail)?;
        }
        audit::record(
            &txn,
            audit_entry(caller, "station.update", format!("station:{id}"), None),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.one_station(Some(user), id).await
    }

    pub(super) async fn open_or_close(
        &self,
        caller: &RequestIdentity,
        id: i32,
        active: bool,
    ) -> Result<StationView, AppError> {
        let user = signed_in(caller)?;
        let row = self.run_station(user, id).await?;
        if row.active != active {
            let fail = |e| unexpected("opening or closing a station", e);
            let txn = begin_write(&self.db).await.map_err(fail)?;
            service_station::Entity::update_many()
                .col_expr(service_station::Column::Active, Expr::value(active))
                .col_expr(
                    service_station::Column::Version,
                    Expr::value(row.version + 1),
                )
                .col_expr(service_station::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(service_station::Column::Id.eq(id))
                .exec(&txn)
                .await
                .map_err(fail)?;
            let action = if active {
                "station.reopen"
            } else {
                "station.close"
            };
            audit::record(
                &txn,
                audit_entry(caller, action, format!("station:{id}"), None),
            )
            .await
            .map_err(fail)?;
            txn.commit().await.map_err(fail)?;
        }
        self.one_station(Some(user), id).await
    }
}
