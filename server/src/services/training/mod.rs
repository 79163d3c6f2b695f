//! Training 培训: programmes run by a county's promoters or by a brand company for its brand,
//! enrolment of roster workers under the free-once rule, results that create certificates and
//! subsidy claims, the roster export, and unmet demand turned into draft programmes.
//!
//! Who may do what: a programme is managed by its county's promoters, by the company that
//! runs it, and by admins; everyone may read a published one. Workers are enrolled by their
//! company, their home county's promoters or admins.

pub(crate) mod claims;
mod demand;
mod editing;
mod enrolments;
mod export;
mod programmes;

use super::brands::signed_in;
use super::unexpected;
use crate::db::entities::{
    brand, company, training_enrolment, training_institution, training_programme, worker,
};
use app::api::context::RequestIdentity;
use app::api::training::{
    DemandGroupKey, DemandReport, EnrolForm, EnrolmentView, InstitutionView, ProgrammeDetail,
    ProgrammePage, ProgrammeQuery, ProgrammeView, TrainingDesk,
};
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::calendar::CalendarDate;
use app::domain::money::Fen;
use app::domain::role::Scope;
use app::domain::training::{
    EnrolmentResult, ProgrammeForm, ProgrammeStatus, ResultForm, TrainingMode, TrainingType,
};
use async_trait::async_trait;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

pub struct TrainingService {
    db: DatabaseConnection,
}

impl TrainingService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// Whether `user` manages the programme: its county's promoters, the company that runs it,
/// admins.
fn manages(user: Option<&SessionUser>, programme: &training_programme::Model) -> bool {
    match user.map(|u| &u.scope) {
        Some(Scope::City) => true,
        Some(Scope::County { code }) => *code == programme.county_code,
        Some(Scope::Company { id }) => programme.company_id == Some(*id),
        Some(Scope::Employer { .. }) | None => false,
    }
}

/// A worker's home county: the household's, else the roster company's.
fn home_county(person: &worker::Model, company: &company::Model) -> String {
    super::subsidy::county_of(person, &company.county_code)
}

/// Whether `user` may enrol the worker and see their enrolments: their company, their home
/// county's promoters, admins.
fn keeps_worker(user: &SessionUser, person: &worker::Model, company: &company::Model) -> bool {
    match &user.scope {
        Scope::City => true,
        Scope::County { code } => *code == home_county(person, company),
        Scope::Company { id } => *id == person.company_id,
        Scope::Employer { .. } => false,
    }
}

fn date(text: &str) -> Option<CalendarDate> {
    CalendarDate::parse(text).ok()
}

/// Labels and counts the views need, loaded once per list.
struct Labels {
    counties: HashMap<String, String>,
    institutions: HashMap<i32, training_institution::Model>,
    brands: HashMap<i32, brand::Model>,
    companies: HashMap<i32, String>,
    enrolled: HashMap<i32, u64>,
}

impl TrainingService {
    async fn labels(&self, rows: &[training_programme::Model]) -> Result<Labels, AppError> {
        let fail = |e| unexpected("loading programme labels", e);
        let counties = super::county_names(&self.db).await.map_err(fail)?;
        let institutions = training_institution::Entity::find()
            .filter(
                training_institution::Column::Id
                    .is_in(rows.iter().filter_map(|p| p.institution_id)),
            )
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let brands = brand::Entity::find()
            .filter(brand::Column::Id.is_in(rows.iter().filter_map(|p| p.brand_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
        let companies = company::Entity::find()
            .filter(company::Column::Id.is_in(rows.iter().filter_map(|p| p.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let counts: Vec<(i32, i64)> = training_enrolment::Entity::find()
            .select_only()
            .column(training_enrolment::Column::ProgrammeId)
            .column_as(
                Expr::expr(Func::count(Expr::col(training_enrolment::Column::Id))),
                "enrolled",
            )
            .filter(training_enrolment::Column::ProgrammeId.is_in(rows.iter().map(|p| p.id)))
            .group_by(training_enrolment::Column::ProgrammeId)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(fail)?;
        let enrolled = counts
            .into_iter()
            .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
            .collect();
        Ok(Labels {
            counties,
            institutions,
            brands,
            companies,
            enrolled,
        })
    }

    fn view(
        labels: &Labels,
        user: Option<&SessionUser>,
        row: training_programme::Model,
    ) -> ProgrammeView {
        let today = crate::clock::shanghai_today();
        let institution = row
            .institution_id
            .and_then(|id| labels.institutions.get(&id));
        let brand = row.brand_id.and_then(|id| labels.brands.get(&id));
        let enrolled = labels.enrolled.get(&row.id).copied().unwrap_or(0);
        let status = ProgrammeStatus::parse(&row.status).unwrap_or(ProgrammeStatus::Draft);
        let open_for_enrolment = status == ProgrammeStatus::Published
            && date(&row.ends_on).is_some_and(|end| end >= today)
            && enrolled < u64::try_from(row.seats).unwrap_or(0);
        ProgrammeView {
            id: row.id,
            can_manage: manages(user, &row),
            institution_name: institution.map(|i| i.name.clone()),
            institution_address: institution.map(|i| i.address.clone()).unwrap_or_default(),
            institution_contact: institution.map(|i| i.contact.clone()).unwrap_or_default(),
            county_name: labels
                .counties
                .get(&row.county_code)
                .cloned()
                .unwrap_or_default(),
            county_code: row.county_code,
            occupation: row.occupation,
            training_type_label: TrainingType::parse(&row.training_type)
                .map(|t| t.label().to_string())
                .unwrap_or_default(),
            training_type: row.training_type,
            mode_label: TrainingMode::parse(&row.mode)
                .map(|m| m.label().to_string())
                .unwrap_or_default(),
            mode: row.mode,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            place: row.place,
            seats: row.seats,
            enrolled,
            free: row.free,
            fee_yuan: (!row.free).then(|| Fen(row.fee_fen).to_string()),
            brand_slug: brand.map(|b| b.slug.clone()),
            brand_name: brand.map(|b| b.name.clone()),
            company_name: row
                .company_id
                .and_then(|id| labels.companies.get(&id).cloned()),
            status: status.code().to_string(),
            status_label: status.label().to_string(),
            demand_note: row.demand_note,
            open_for_enrolment,
            title: row.title,
            version: row.version,
        }
    }

    async fn views(
        &self,
        user: Option<&SessionUser>,
        rows: Vec<training_programme::Model>,
    ) -> Result<Vec<ProgrammeView>, AppError> {
        let labels = self.labels(&rows).await?;
        Ok(rows
            .into_iter()
            .map(|row| Self::view(&labels, user, row))
            .collect())
    }

    /// A programme the caller may read: published ones for everyone, others for managers.
    async fn readable(
        &self,
        user: Option<&SessionUser>,
        id: i32,
    ) -> Result<training_programme::Model, AppError> {
        let row = training_programme::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a programme", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        if row.status == ProgrammeStatus::Published.code() || manages(user, &row) {
            Ok(row)
        } else {
            Err(AppError::new(ErrorCode::NotFound))
        }
    }

    /// A programme the caller manages; `Forbidden` when they may only read it.
    async fn managed(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<training_programme::Model, AppError> {
        let user = signed_in(caller)?;
        let row = self.readable(Some(user), id).await?;
        if manages(Some(user), &row) {
            Ok(row)
        } else {
            Err(AppError::with_message(
                ErrorCode::Forbidden,
                "只有举办培训的县（区）或品牌企业可以管理该培训班",
            ))
        }
    }
}

#[async_trait]
impl TrainingDesk for TrainingService {
    async fn programmes(
        &self,
        caller: &RequestIdentity,
        query: &ProgrammeQuery,
    ) -> Result<ProgrammePage, AppError> {
        self.list_programmes(caller, query).await
    }

    async fn programme(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<ProgrammeDetail, AppError> {
        self.programme_detail(caller, id).await
    }

    async fn save_programme(
        &self,
        caller: &RequestIdentity,
        id: Option<i32>,
        version: Option<i32>,
        form: &ProgrammeForm,
    ) -> Result<ProgrammeView, AppError> {
        self.store_programme(caller, id, version, form).await
    }

    async fn cancel_programme(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
    ) -> Result<ProgrammeView, AppError> {
        self.cancel(caller, id, version).await
    }

    async fn institutions(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<InstitutionView>, AppError> {
        self.list_institutions(caller).await
    }

    async fn enrol(
        &self,
        caller: &RequestIdentity,
        programme_id: i32,
        form: &EnrolForm,
    ) -> Result<EnrolmentView, AppError> {
        self.enrol_worker(caller, programme_id, form).await
    }

    async fn record_result(
        &self,
        caller: &RequestIdentity,
        enrolment_id: i32,
        version: i32,
        form: &ResultForm,
    ) -> Result<EnrolmentView, AppError> {
        self.grade(caller, enrolment_id, version, form).await
    }

    async fn worker_trainings(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<Vec<EnrolmentView>, AppError> {
        self.trainings_of(caller, worker_id).await
    }

    async fn programme_xlsx(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<(String, Vec<u8>), AppError> {
        self.roster_workbook(caller, id).await
    }

    async fn demand(&self, caller: &RequestIdentity) -> Result<DemandReport, AppError> {
        self.demand_report(caller).await
    }

    async fn draft_from_demand(
        &self,
        caller: &RequestIdentity,
        key: &DemandGroupKey,
    ) -> Result<ProgrammeView, AppError> {
        self.draft(caller, key).await
    }
}

/// The result a stored code names.
fn result_of(code: &str) -> EnrolmentResult {
    EnrolmentResult::parse(code).unwrap_or(EnrolmentResult::Pending)
}
