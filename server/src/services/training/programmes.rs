//! Programmes as readers see them: the public list (and a manager's own, drafts included),
//! one programme with the enrolments the caller may see, institutions, and trainees' people.

use super::{TrainingService, keeps_worker, manages, signed_in};
use crate::db::entities::{
    brand, company, training_enrolment, training_institution, training_programme, worker,
};
use crate::services::unexpected;
use app::api::context::RequestIdentity;
use app::api::training::{InstitutionView, ProgrammeDetail, ProgrammePage, ProgrammeQuery};
use app::api::{AppError, ErrorCode};
use app::domain::county_view::{DEFAULT_PER_PAGE, yes_no_param};
use app::domain::credentials::FieldError;
use app::domain::role::{Role, Scope};
use app::domain::training::ProgrammeStatus;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

fn page_param(text: Option<&str>) -> Result<u64, AppError> {
    match text.map(str::trim).unwrap_or("") {
        "" => Ok(1),
        text => text
            .parse::<u64>()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| AppError::bad_parameter(FieldError::new("page", "page 应为正整数"))),
    }
}

impl TrainingService {
    pub(super) async fn list_programmes(
        &self,
        caller: &RequestIdentity,
        query: &ProgrammeQuery,
    ) -> Result<ProgrammePage, AppError> {
        let user = caller.user.as_ref();
        let mine = yes_no_param("mine", query.mine.as_deref()).map_err(AppError::bad_parameter)?;
        let past = yes_no_param("past", query.past.as_deref()).map_err(AppError::bad_parameter)?;
        let page = page_param(query.page.as_deref())?;
        let mut select = training_programme::Entity::find();
        if mine == Some(true) {
            let user = signed_in(caller)?;
            select = select.filter(match &user.scope {
                Scope::City => Condition::all(),
                Scope::County { code } => {
                    Condition::all().add(training_programme::Column::CountyCode.eq(code.as_str()))
                }
                Scope::Company { id } => {
                    Condition::all().add(training_programme::Column::CompanyId.eq(*id))
                }
                Scope::Employer { .. } => return Err(AppError::new(ErrorCode::Forbidden)),
            });
        } else {
            select = select
                .filter(training_programme::Column::Status.eq(ProgrammeStatus::Published.code()));
        }
        if past != Some(true) {
            let today = crate::clock::shanghai_today().to_string();
            select = select.filter(training_programme::Column::EndsOn.gte(today));
        }
        if let Some(county) = query
            .county
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            select = select.filter(training_programme::Column::CountyCode.eq(county));
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
                .map_err(|e| unexpected("loading a brand", e))?
                .map_or(0, |b| b.id);
            select = select.filter(training_programme::Column::BrandId.eq(brand_id));
        }
        if let Some(words) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            for word in words.split_whitespace().take(5) {
                select = select.filter(
                    Condition::any()
                        .add(training_programme::Column::Occupation.contains(word))
                        .add(training_programme::Column::Title.contains(word)),
                );
            }
        }
        let fail = |e| unexpected("listing programmes", e);
        let total = select.clone().count(&self.db).await.map_err(fail)?;
        let rows = select
            .order_by_asc(training_programme::Column::StartsOn)
            .order_by_asc(training_programme::Column::Id)
            .offset((page - 1).saturating_mul(DEFAULT_PER_PAGE))
            .limit(DEFAULT_PER_PAGE)
            .all(&self.db)
            .await
            .map_err(fail)?;
        Ok(ProgrammePage {
            programmes: self.views(user, rows).await?,
            total,
            page,
            per_page: DEFAULT_PER_PAGE,
        })
    }

    pub(super) async fn programme_detail(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<ProgrammeDetail, AppError> {
        let user = caller.user.as_ref();
        let row = self.readable(user, id).await?;
        let managing = manages(user, &row);
        let rows = match user {
            Some(user) if user.role != Role::Employer => {
                let fail = |e| unexpected("loading enrolments", e);
                let enrolments = training_enrolment::Entity::find()
                    .filter(training_enrolment::Column::ProgrammeId.eq(id))
                    .order_by_asc(training_enrolment::Column::Id)
                    .all(&self.db)
                    .await
                    .map_err(fail)?;
                if managing {
                    enrolments
                } else {
                    let (people, companies) = self.people_of(&enrolments).await?;
                    enrolments
                        .into_iter()
                        .filter(|e| {
                            people.get(&e.worker_id).is_some_and(|p| {
                                companies
                                    .get(&p.company_id)
                                    .is_some_and(|c| keeps_worker(user, p, c))
                            })
                        })
                        .collect()
                }
            }
            _ => Vec::new(),
        };
        let programme = self.views(user, vec![row]).await?.remove(0);
        let can_enrol = programme.open_for_enrolment
            && user.is_some_and(|u| matches!(u.role, Role::Company | Role::Promoter | Role::Admin));
        Ok(ProgrammeDetail {
            enrolments: self.enrolment_views(user, rows).await?,
            programme,
            can_enrol,
        })
    }

    pub(super) async fn list_institutions(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<InstitutionView>, AppError> {
        let user = signed_in(caller)?;
        let fail = |e| unexpected("listing institutions", e);
        let mut select = training_institution::Entity::find();
        if let Scope::County { code } = &user.scope {
            select = select.filter(training_institution::Column::CountyCode.eq(code.as_str()));
        }
        let rows = select
            .order_by_asc(training_institution::Column::CountyCode)
            .order_by_asc(training_institution::Column::Name)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let counties = super::super::county_names(&self.db).await.map_err(fail)?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            let programmes = training_programme::Entity::find()
                .filter(training_programme::Column::InstitutionId.eq(row.id))
                .count(&self.db)
                .await
                .map_err(fail)?;
            views.push(InstitutionView {
                id: row.id,
                county_name: counties.get(&row.county_code).cloned().unwrap_or_default(),
                county_code: row.county_code,
                name: row.name,
                address: row.address,
                contact: row.contact,
                programmes,
            });
        }
        Ok(views)
    }

    /// The workers of some enrolments and their companies.
    pub(super) async fn people_of(
        &self,
        enrolments: &[training_enrolment::Model],
    ) -> Result<
        (
            std::collections::HashMap<i32, worker::Model>,
            std::collections::HashMap<i32, company::Model>,
        ),
        AppError,
    > {
        let fail = |e| unexpected("loading trainees", e);
        let people: std::collections::HashMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(enrolments.iter().map(|e| e.worker_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let companies = company::Entity::find()
            .filter(company::Column::Id.is_in(people.values().map(|w| w.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok((people, companies))
    }
}
