//! Follow-up care at the destination: service stations in receiving regions and follow-up
//! cases (跟踪服务). A station is run by a labour company or a county; its runners, the
//! worker's company, the county's promoters and admins act on cases; the employer of a
//! placement of the worker reads them. Poverty data is never part of a case.

mod cases;
mod stations;

pub(crate) use cases::welcome_case;

use super::brands::signed_in;
use crate::db::entities::{company, placement, service_station, worker};
use app::api::AppError;
use app::api::context::RequestIdentity;
use app::api::follow_up::{
    CaseDetail, CaseQuery, CaseView, FollowUpDesk, StationQuery, StationView,
};
use app::domain::access::SessionUser;
use app::domain::follow_up::{CaseForm, StationForm};
use app::domain::role::Scope;
use async_trait::async_trait;
use sea_orm::DatabaseConnection;

pub struct FollowUpService {
    db: DatabaseConnection,
}

impl FollowUpService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// Whether `user` runs the station: the company that runs it, its county's promoters, admins.
fn runs(user: &SessionUser, station: &service_station::Model) -> bool {
    match &user.scope {
        Scope::City => true,
        Scope::County { code } => *code == station.county_code,
        Scope::Company { id } => station.company_id == Some(*id),
        Scope::Employer { .. } => false,
    }
}

/// Whether `user` keeps the worker: their company, their home county's promoters, admins.
fn keeps(user: &SessionUser, person: &worker::Model, company: &company::Model) -> bool {
    match &user.scope {
        Scope::City => true,
        Scope::County { code } => *code == super::subsidy::county_of(person, &company.county_code),
        Scope::Company { id } => *id == person.company_id,
        Scope::Employer { .. } => false,
    }
}

/// Whether an employer placed the worker (now or before): they may read the worker's cases.
fn employs(user: &SessionUser, placements: &[placement::Model]) -> bool {
    matches!(user.scope, Scope::Employer { id } if placements.iter().any(|p| p.employer_id == id))
}

#[async_trait]
impl FollowUpDesk for FollowUpService {
    async fn stations(
        &self,
        caller: &RequestIdentity,
        query: &StationQuery,
    ) -> Result<Vec<StationView>, AppError> {
        self.list_stations(caller.user.as_ref(), query).await
    }

    async fn save_station(
        &self,
        caller: &RequestIdentity,
        form: &StationForm,
    ) -> Result<StationView, AppError> {
        self.add_station(caller, form).await
    }

    async fn station(&self, caller: &RequestIdentity, id: i32) -> Result<StationView, AppError> {
        self.one_station(caller.user.as_ref(), id).await
    }

    async fn change_station(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        form: &StationForm,
    ) -> Result<StationView, AppError> {
        self.edit_station(caller, id, version, form).await
    }

    async fn set_station_active(
        &self,
        caller: &RequestIdentity,
        id: i32,
        active: bool,
    ) -> Result<StationView, AppError> {
        self.open_or_close(caller, id, active).await
    }

    async fn cases(
        &self,
        caller: &RequestIdentity,
        query: &CaseQuery,
    ) -> Result<Vec<CaseView>, AppError> {
        self.list_cases(signed_in(caller)?, query).await
    }

    async fn case(&self, caller: &RequestIdentity, id: i32) -> Result<CaseDetail, AppError> {
        self.case_detail(signed_in(caller)?, id).await
    }

    async fn open_case(
        &self,
        caller: &RequestIdentity,
        form: &CaseForm,
    ) -> Result<CaseView, AppError> {
        self.open(caller, form).await
    }

    async fn add_note(
        &self,
        caller: &RequestIdentity,
        id: i32,
        body: &str,
    ) -> Result<CaseDetail, AppError> {
        self.note(caller, id, body).await
    }

    async fn resolve(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        outcome: &str,
    ) -> Result<CaseDetail, AppError> {
        self.close(caller, id, version, outcome).await
    }
}
