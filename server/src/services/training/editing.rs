//! Creating, editing and cancelling programmes, and the institution a programme names.

use super::{TrainingService, signed_in};
use crate::db::entities::{
    brand, brand_membership, company, training_enrolment, training_institution, training_programme,
};
use crate::services::brands::audit_entry;
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::training::ProgrammeView;
use app::api::{AppError, ErrorCode};
use app::domain::brand::MembershipStatus;
use app::domain::role::Scope;
use app::domain::training::{CheckedProgramme, ProgrammeForm, ProgrammeStatus};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};

impl TrainingService {
    pub(super) async fn store_programme(
        &self,
        caller: &RequestIdentity,
        id: Option<i32>,
        version: Option<i32>,
        form: &ProgrammeForm,
    ) -> Result<ProgrammeView, AppError> {
        let user = signed_in(caller)?;
        let checked = form.check()?;
        let fail = |e| unexpected("saving a programme", e);
        let existing = match id {
            Some(id) => Some(self.managed(caller, id).await?),
            None => None,
        };
        let (county_code, company_id) = match &existing {
            Some(row) => (row.county_code.clone(), row.company_id),
            None => self.owner_of_new(user, &form.county).await?,
        };
        let brand_id = self.brand_for(company_id, &checked).await?;
        if let Some(row) = &existing {
            if Some(row.version) != version {
                return Err(AppError::new(ErrorCode::Conflict));
            }
            if row.status == ProgrammeStatus::Cancelled.code() {
                return Err(AppError::with_message(
                    ErrorCode::Conflict,
                    "培训班已取消，不能再修改",
                ));
            }
            let enrolled = training_enrolment::Entity::find()
                .filter(training_enrolment::Column::ProgrammeId.eq(row.id))
                .count(&self.db)
                .await
                .map_err(fail)?;
            if enrolled > 0 {
                if checked.free != row.free {
                    return Err(AppError::invalid("free", "已有学员报名，不能更改是否免费"));
                }
                if checked.status == ProgrammeStatus::Draft {
                    return Err(AppError::invalid("status", "已有学员报名，不能改回草稿"));
                }
                if u64::try_from(checked.seats).unwrap_or(0) < enrolled {
                    return Err(AppError::invalid(
                        "seats",
                        format!("已有 {enrolled} 人报名，招生人数不能少于 {enrolled}"),
                    ));
                }
            }
        }
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let institution_id = match &checked.institution_name {
            Some(name) => Some(
                institution_id(&txn, caller, &county_code, name, &checked)
                    .await
                    .map_err(fail)?,
            ),
            None => None,
        };
        let now = Utc::now();
        let saved = match existing {
            Some(row) => {
                let updated = training_programme::Entity::update_many()
                    .set(training_programme::ActiveModel {
                        title: Set(checked.title.clone()),
                        institution_id: Set(institution_id),
                        occupation: Set(checked.occupation.clone()),
                        training_type: Set(checked.training_type.code().to_string()),
                        mode: Set(checked.mode.code().to_string()),
                        starts_on: Set(checked.starts_on.to_string()),
                        ends_on: Set(checked.ends_on.to_string()),
                        place: Set(checked.place.clone()),
                        seats: Set(checked.seats),
                        free: Set(checked.free),
                        fee_fen: Set(checked.fee_fen),
                        brand_id: Set(brand_id),
                        status: Set(checked.status.code().to_string()),
                        version: Set(row.version + 1),
                        updated_at: Set(now),
                        ..Default::default()
                    })
                    .filter(training_programme::Column::Id.eq(row.id))
                    .filter(training_programme::Column::Version.eq(row.version))
                    .exec(&txn)
                    .await
                    .map_err(fail)?;
                if updated.rows_affected != 1 {
                    return Err(AppError::new(ErrorCode::Conflict));
                }
                training_programme::Entity::find_by_id(row.id)
                    .one(&txn)
                    .await
                    .map_err(fail)?
                    .ok_or_else(AppError::internal)?
            }
            None => training_programme::ActiveModel {
                title: Set(checked.title.clone()),
                institution_id: Set(institution_id),
                county_code: Set(county_code),
                occupation: Set(checked.occupation.clone()),
                training_type: Set(checked.training_type.code().to_string()),
                mode: Set(checked.mode.code().to_string()),
                starts_on: Set(checked.starts_on.to_string()),
                ends_on: Set(checked.ends_on.to_string()),
                place: Set(checked.place.clone()),
                seats: Set(checked.seats),
                free: Set(checked.free),
                fee_fen: Set(checked.fee_fen),
                brand_id: Set(brand_id),
                company_id: Set(company_id),
                status: Set(checked.status.code().to_string()),
                demand_note: Set(None),
                demand_region_code: Set(None),
                created_by: Set(Some(user.id)),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(fail)?,
        };
        audit::record(
            &txn,
            audit_entry(
                caller,
                "training.programme.save",
                format!("training_programme:{}", saved.id),
                Some(format!("status={} free={}", saved.status, saved.free)),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self.views(Some(user), vec![saved]).await?.remove(0))
    }

    /// Where a new programme belongs: the promoter's county, the company's (which runs it),
    /// or the county an admin chose.
    async fn owner_of_new(
        &self,
        user: &app::domain::access::SessionUser,
        county: &str,
    ) -> Result<(String, Option<i32>), AppError> {
        match &user.scope {
            Scope::County { code } => Ok((code.clone(), None)),
            Scope::Company { id } => {
                let company = company::Entity::find_by_id(*id)
                    .one(&self.db)
                    .await
                    .map_err(|e| unexpected("loading a company", e))?
                    .ok_or_else(|| AppError::new(ErrorCode::Forbidden))?;
                Ok((company.county_code, Some(company.id)))
            }
            Scope::City => {
                let names = super::super::county_names(&self.db)
                    .await
                    .map_err(|e| unexpected("loading counties", e))?;
                let code = county.trim();
                if names.contains_key(code) {
                    Ok((code.to_string(), None))
                } else {
                    Err(AppError::invalid("county", "请选择举办培训的县（区）"))
                }
            }
            Scope::Employer { .. } => Err(AppError::new(ErrorCode::Forbidden)),
        }
    }

    /// The brand the programme prepares for. A company may only train for a brand it has
    /// joined (approved), and must name one.
    async fn brand_for(
        &self,
        company_id: Option<i32>,
        checked: &CheckedProgramme,
    ) -> Result<Option<i32>, AppError> {
        let fail = |e| unexpected("loading a brand", e);
        let Some(slug) = &checked.brand else {
            return match company_id {
                Some(_) => Err(AppError::invalid(
                    "brand",
                    "企业举办培训请选择本企业加盟的品牌",
                )),
                None => Ok(None),
            };
        };
        let found = brand::Entity::find()
            .filter(brand::Column::Slug.eq(slug.as_str()))
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::invalid("brand", format!("没有品牌“{slug}”")))?;
        if let Some(company_id) = company_id {
            let member = brand_membership::Entity::find()
                .filter(brand_membership::Column::BrandId.eq(found.id))
                .filter(brand_membership::Column::CompanyId.eq(company_id))
                .filter(brand_membership::Column::Status.eq(MembershipStatus::Approved.code()))
                .one(&self.db)
                .await
                .map_err(fail)?;
            if member.is_none() {
                return Err(AppError::invalid(
                    "brand",
                    format!("本企业未获准加盟“{}”，不能以该品牌举办培训", found.name),
                ));
            }
        }
        Ok(Some(found.id))
    }

    pub(super) async fn cancel(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
    ) -> Result<ProgrammeView, AppError> {
        let user = signed_in(caller)?;
        let row = self.managed(caller, id).await?;
        if row.status == ProgrammeStatus::Cancelled.code() {
            return Err(AppError::with_message(ErrorCode::Conflict, "培训班已取消"));
        }
        let fail = |e| unexpected("cancelling a programme", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let updated = training_programme::Entity::update_many()
            .set(training_programme::ActiveModel {
                status: Set(ProgrammeStatus::Cancelled.code().to_string()),
                version: Set(version + 1),
                updated_at: Set(Utc::now()),
                ..Default::default()
            })
            .filter(training_programme::Column::Id.eq(id))
            .filter(training_programme::Column::Version.eq(version))
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
                "training.programme.cancel",
                format!("training_programme:{id}"),
                None,
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        let saved = training_programme::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(AppError::internal)?;
        Ok(self.views(Some(user), vec![saved]).await?.remove(0))
    }
}

/// The institution of that name in the county, registered when new; a given address or
/// contact replaces the stored one.
async fn institution_id(
    db: &impl ConnectionTrait,
    caller: &RequestIdentity,
    county_code: &str,
    name: &str,
    checked: &CheckedProgramme,
) -> Result<i32, sea_orm::DbErr> {
    let found = training_institution::Entity::find()
        .filter(training_institution::Column::CountyCode.eq(county_code))
        .filter(training_institution::Column::Name.eq(name))
        .one(db)
        .await?;
    if let Some(found) = found {
        let address = Some(checked.institution_address.clone()).filter(|a| !a.is_empty());
        let contact = Some(checked.institution_contact.clone()).filter(|c| !c.is_empty());
        if address.as_ref().is_some_and(|a| *a != found.address)
            || contact.as_ref().is_some_and(|c| *c != found.contact)
        {
            let id = found.id;
            let mut active: training_institution::ActiveModel = found.into();
            if let Some(address) = address {
                active.address = Set(address);
            }
            if let Some(contact) = contact {
                active.contact = Set(contact);
            }
            active.update(db).await?;
            return Ok(id);
        }
        return Ok(found.id);
    }
    let inserted = training_institution::ActiveModel {
        name: Set(name.to_string()),
        county_code: Set(county_code.to_string()),
        address: Set(checked.institution_address.clone()),
        contact: Set(checked.institution_contact.clone()),
        created_by: Set(caller.user.as_ref().map(|u| u.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(inserted.id)
}
