//! Labour companies (registration, the county's list) and the counties' export bases
//! (劳务输出基地) that tie companies together.

use super::brands::{BrandService, audit_entry, county_label, county_official};
use super::{begin_write, unexpected};
use crate::auth::password;
use crate::db::entities::{app_user, company, export_base, export_base_company};
use app::api::context::RequestIdentity;
use app::api::types::{CompanyView, ExportBaseView};
use app::api::{AppError, ErrorCode};
use app::domain::brand::manages_county;
use app::domain::company::CompanyRegistration;
use app::domain::role::{Role, Scope};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, SqlErr,
};
use std::collections::HashMap;

fn company_view(c: &company::Model, counties: &HashMap<String, String>) -> CompanyView {
    CompanyView {
        id: c.id,
        name: c.name.clone(),
        credit_code: c.credit_code.clone(),
        county_code: c.county_code.clone(),
        county_name: county_label(counties, Some(&c.county_code)),
        approved: c.approved_at.is_some(),
    }
}

impl BrandService {
    async fn counties(&self) -> Result<HashMap<String, String>, AppError> {
        super::county_names(&self.db)
            .await
            .map_err(|e| unexpected("loading counties", e))
    }

    pub(super) async fn list_companies(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<CompanyView>, AppError> {
        let user = county_official(caller)?;
        let counties = self.counties().await?;
        let mut query = company::Entity::find().order_by_asc(company::Column::Name);
        if let Scope::County { code } = &user.scope {
            query = query.filter(company::Column::CountyCode.eq(code.as_str()));
        }
        Ok(query
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing companies", e))?
            .iter()
            .map(|c| company_view(c, &counties))
            .collect())
    }

    async fn base_views(
        &self,
        bases: Vec<export_base::Model>,
    ) -> Result<Vec<ExportBaseView>, AppError> {
        let fail = |e| unexpected("loading export bases", e);
        let counties = self.counties().await?;
        let links = export_base_company::Entity::find()
            .filter(export_base_company::Column::ExportBaseId.is_in(bases.iter().map(|b| b.id)))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let companies: HashMap<i32, company::Model> = company::Entity::find()
            .filter(company::Column::Id.is_in(links.iter().map(|l| l.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok(bases
            .into_iter()
            .map(|b| ExportBaseView {
                companies: links
                    .iter()
                    .filter(|l| l.export_base_id == b.id)
                    .filter_map(|l| companies.get(&l.company_id))
                    .map(|c| company_view(c, &counties))
                    .collect(),
                county_name: county_label(&counties, Some(&b.county_code)),
                id: b.id,
                county_code: b.county_code,
                name: b.name,
                description: b.description,
            })
            .collect())
    }

    pub(super) async fn list_export_bases(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<ExportBaseView>, AppError> {
        let user = county_official(caller)?;
        let mut query = export_base::Entity::find().order_by_asc(export_base::Column::Id);
        if let Scope::County { code } = &user.scope {
            query = query.filter(export_base::Column::CountyCode.eq(code.as_str()));
        }
        let bases = query
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing export bases", e))?;
        self.base_views(bases).await
    }

    async fn base_view(&self, id: i32) -> Result<ExportBaseView, AppError> {
        let base = export_base::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading an export base", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        self.base_views(vec![base])
            .await?
            .pop()
            .ok_or_else(AppError::internal)
    }

    pub(super) async fn new_export_base(
        &self,
        caller: &RequestIdentity,
        county_code: &str,
        name: &str,
        description: &str,
    ) -> Result<ExportBaseView, AppError> {
        let user = county_official(caller)?;
        let county_code = county_code.trim();
        if !self.counties().await?.contains_key(county_code) {
            return Err(AppError::invalid("county_code", "请选择临汾市的一个区县"));
        }
        if !manages_county(&user.scope, Some(county_code)) {
            return Err(AppError::with_message(
                ErrorCode::Forbidden,
                "只能为本县建立劳务输出基地",
            ));
        }
        let name = name.trim();
        if !(2..=64).contains(&name.chars().count()) {
            return Err(AppError::invalid("name", "请填写基地名称（2–64 个字）"));
        }
        let description = description.trim();
        if description.chars().count() > 2_000 {
            return Err(AppError::invalid("description", "简介最多 2000 个字"));
        }
        let fail = |e| unexpected("creating an export base", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let inserted = export_base::ActiveModel {
            county_code: Set(county_code.to_string()),
            name: Set(name.to_string()),
            description: Set(description.to_string()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let base = match inserted {
            Ok(base) => base,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                let mut error =
                    AppError::with_message(ErrorCode::Conflict, "已有同名的劳务输出基地");
                error.field = Some("name".to_string());
                return Err(error);
            }
            Err(e) => return Err(fail(e)),
        };
        super::audit::record(
            &txn,
            audit_entry(
                caller,
                "export_base.create",
                format!("export_base:{}", base.id),
                None,
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.base_view(base.id).await
    }

    pub(super) async fn set_link(
        &self,
        caller: &RequestIdentity,
        base_id: i32,
        company_id: i32,
        linked: bool,
    ) -> Result<ExportBaseView, AppError> {
        let user = county_official(caller)?;
        let fail = |e| unexpected("linking a company to an export base", e);
        let base = export_base::Entity::find_by_id(base_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .filter(|b| manages_county(&user.scope, Some(&b.county_code)))
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        let company = company::Entity::find_by_id(company_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::invalid("company_id", "没有这家劳务公司"))?;
        if linked && company.county_code != base.county_code {
            return Err(AppError::invalid(
                "company_id",
                "只能把本县的劳务公司纳入本县的输出基地",
            ));
        }
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let existing = export_base_company::Entity::find_by_id((base_id, company_id))
            .one(&txn)
            .await
            .map_err(fail)?;
        let changed = match (linked, existing) {
            (true, None) => {
                export_base_company::ActiveModel {
                    export_base_id: Set(base_id),
                    company_id: Set(company_id),
                    linked_at: Set(Utc::now()),
                }
                .insert(&txn)
                .await
                .map_err(|e| match e.sql_err() {
                    // Linked by someone else a moment ago: nothing to do.
                    Some(SqlErr::UniqueConstraintViolation(_)) => {
                        AppError::with_message(ErrorCode::Conflict, "该公司刚被纳入此基地")
                    }
                    _ => fail(e),
                })?;
                true
            }
            (false, Some(link)) => {
                export_base_company::Entity::delete_by_id((link.export_base_id, link.company_id))
                    .exec(&txn)
                    .await
                    .map_err(fail)?;
                true
            }
            _ => false,
        };
        if changed {
            super::audit::record(
                &txn,
                audit_entry(
                    caller,
                    if linked {
                        "export_base.link"
                    } else {
                        "export_base.unlink"
                    },
                    format!("export_base:{base_id}"),
                    Some(format!("company={company_id}")),
                ),
            )
            .await
            .map_err(fail)?;
        }
        txn.commit().await.map_err(fail)?;
        self.base_view(base_id).await
    }

    /// Approves a self-registered company of the caller's county, so it may keep a roster.
    pub(super) async fn approve(
        &self,
        caller: &RequestIdentity,
        company_id: i32,
    ) -> Result<CompanyView, AppError> {
        let user = county_official(caller)?;
        let fail = |e| unexpected("approving a company", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        // Another county's company is "not found".
        let company = company::Entity::find_by_id(company_id)
            .one(&txn)
            .await
            .map_err(fail)?
            .filter(|c| manages_county(&user.scope, Some(&c.county_code)))
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        let company = if company.approved_at.is_some() {
            company
        } else {
            let mut active: company::ActiveModel = company.into();
            active.approved_at = Set(Some(Utc::now()));
            active.approved_by = Set(Some(user.id));
            let approved = active.update(&txn).await.map_err(fail)?;
            super::audit::record(
                &txn,
                audit_entry(
                    caller,
                    "company.approve",
                    format!("company:{company_id}"),
                    None,
                ),
            )
            .await
            .map_err(fail)?;
            approved
        };
        txn.commit().await.map_err(fail)?;
        Ok(company_view(&company, &self.counties().await?))
    }

    /// Registers a company with its first company account, in one transaction.
    pub(super) async fn register(
        &self,
        caller: &RequestIdentity,
        registration: &CompanyRegistration,
    ) -> Result<CompanyView, AppError> {
        let counties = self.counties().await?;
        let checked = registration.check(|code| counties.contains_key(code))?;
        if self
            .registrations
            .check(
                caller.client_ip,
                &format!("company-registration:{}", caller.client_ip),
            )
            .await
            .is_err()
        {
            return Err(AppError::with_message(
                ErrorCode::RateLimited,
                "注册过于频繁，请稍后再试",
            ));
        }
        let password_hash = password::hash(checked.password.clone())
            .await
            .map_err(|e| unexpected("hashing a new password", e))?;
        let fail = |e| unexpected("registering a company", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let taken = |field: &str, message: &str| {
            let mut error = AppError::with_message(ErrorCode::Conflict, message);
            error.field = Some(field.to_string());
            error
        };
        for (column, value, field, message) in [
            (
                company::Column::CreditCode,
                checked.credit_code.as_str().to_string(),
                "credit_code",
                "该统一社会信用代码已注册",
            ),
            (
                company::Column::Name,
                checked.name.clone(),
                "name",
                "已有同名的劳务公司",
            ),
        ] {
            if company::Entity::find()
                .filter(column.eq(value))
                .one(&txn)
                .await
                .map_err(fail)?
                .is_some()
            {
                return Err(taken(field, message));
            }
        }
        if app_user::Entity::find()
            .filter(app_user::Column::Username.eq(checked.username.as_str()))
            .one(&txn)
            .await
            .map_err(fail)?
            .is_some()
        {
            return Err(taken("username", "该用户名已被使用"));
        }
        let now = Utc::now();
        let company = company::ActiveModel {
            name: Set(checked.name.clone()),
            county_code: Set(checked.county_code.clone()),
            credit_code: Set(Some(checked.credit_code.as_str().to_string())),
            contact_name: Set(Some(checked.contact_name.clone())),
            // A business contact number, not a worker's: stored masked only, like every phone
            // number outside the vault.
            contact_phone: Set(Some(checked.contact_phone.masked())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => taken("credit_code", "该公司已注册"),
            _ => fail(e),
        })?;
        let user = app_user::ActiveModel {
            username: Set(checked.username.clone()),
            display_name: Set(checked.contact_name.clone()),
            password_hash: Set(password_hash),
            role: Set(Role::Company.code().to_string()),
            company_id: Set(Some(company.id)),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => taken("username", "该用户名已被使用"),
            _ => fail(e),
        })?;
        super::audit::record(
            &txn,
            audit_entry(
                caller,
                "company.register",
                format!("company:{}", company.id),
                Some(format!("user={}", user.id)),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(company_view(&company, &counties))
    }
}
