//! The dashboard's follow-up and events figures for a county (or the city) in a year:
//! stations, open and overdue cases, fairs with their outcome, competitions with awards.

use super::EventService;
use super::catalogue::is_hired;
use crate::clock::shanghai_today;
use crate::db::entities::{
    company, event, event_employer, event_worker, follow_up_case, hire_line, hire_request,
    service_station, worker,
};
use crate::services::unexpected;
use app::api::events::CountyActivity;
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::follow_up::is_overdue;
use app::domain::role::Scope;
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

impl EventService {
    pub(super) async fn activity(
        &self,
        user: &SessionUser,
        county: Option<&str>,
        year: Option<i32>,
    ) -> Result<CountyActivity, AppError> {
        let county = county.map(str::trim).filter(|c| !c.is_empty());
        let county = match &user.scope {
            Scope::County { code } => match county {
                // As the dashboard: another county is not there for a promoter.
                Some(asked) if asked != code => return Err(AppError::new(ErrorCode::NotFound)),
                _ => Some(code.clone()),
            },
            Scope::City => county.map(str::to_string),
            Scope::Company { .. } | Scope::Employer { .. } => {
                return Err(AppError::new(ErrorCode::Forbidden));
            }
        };
        let year = year.unwrap_or_else(|| i32::from(shanghai_today().year()));
        if !(2000..=2100).contains(&year) {
            return Err(AppError::invalid("year", "年份应在 2000 到 2100 之间"));
        }
        let fail = |e| unexpected("reading activity figures", e);
        let mut stations =
            service_station::Entity::find().filter(service_station::Column::Active.eq(true));
        if let Some(code) = &county {
            stations = stations.filter(service_station::Column::CountyCode.eq(code.as_str()));
        }
        let stations = stations.all(&self.db).await.map_err(fail)?.len() as u64;

        // Cases count for the county their worker comes from.
        let cases = follow_up_case::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(follow_up_case::Column::Status.eq("open"))
                    .add(follow_up_case::Column::ResolvedOn.starts_with(format!("{year:04}-"))),
            )
            .all(&self.db)
            .await
            .map_err(fail)?;
        let people: HashMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(cases.iter().map(|c| c.worker_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let company_counties: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(people.values().map(|w| w.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.county_code))
            .collect();
        let in_scope = |worker_id: i32| {
            let Some(code) = &county else {
                return true;
            };
            people.get(&worker_id).is_some_and(|w| {
                let company_county = company_counties
                    .get(&w.company_id)
                    .map_or("", String::as_str);
                crate::services::subsidy::county_of(w, company_county) == *code
            })
        };
        let now = Utc::now();
        let (mut open_cases, mut overdue_cases, mut resolved_cases) = (0, 0, 0);
        for case in cases.iter().filter(|c| in_scope(c.worker_id)) {
            if case.status == "open" {
                open_cases += 1;
                if is_overdue(true, (now - case.last_activity_at).num_days()) {
                    overdue_cases += 1;
                }
            } else {
                resolved_cases += 1;
            }
        }

        let mut events = event::Entity::find()
            .filter(event::Column::StartsOn.starts_with(format!("{year:04}-")));
        if let Some(code) = &county {
            events = events.filter(event::Column::CountyCode.eq(code.as_str()));
        }
        let events = events.all(&self.db).await.map_err(fail)?;
        let (fairs, competitions): (Vec<_>, Vec<_>) =
            events.iter().partition(|e| e.kind != "skill_competition");
        let fair_ids: Vec<i32> = fairs.iter().map(|e| e.id).collect();
        let competition_ids: Vec<i32> = competitions.iter().map(|e| e.id).collect();
        let fair_employers = event_employer::Entity::find()
            .filter(event_employer::Column::EventId.is_in(fair_ids.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?
            .len() as u64;
        let fair_workers = event_worker::Entity::find()
            .filter(event_worker::Column::EventId.is_in(fair_ids.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?
            .len() as u64;
        let requests: Vec<i32> = hire_request::Entity::find()
            .filter(hire_request::Column::EventId.is_in(fair_ids.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|r| r.id)
            .collect();
        let lines = hire_line::Entity::find()
            .filter(hire_line::Column::HireRequestId.is_in(requests.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let entrants = event_worker::Entity::find()
            .filter(event_worker::Column::EventId.is_in(competition_ids.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?;
        Ok(CountyActivity {
            county_code: county,
            year,
            stations,
            open_cases,
            overdue_cases,
            resolved_cases,
            fairs: fairs.len() as u64,
            fair_employers,
            fair_workers,
            fair_hire_requests: requests.len() as u64,
            fair_workers_requested: lines.len() as u64,
            fair_workers_hired: lines.iter().filter(|l| is_hired(&l.state)).count() as u64,
            competitions: competitions.len() as u64,
            competition_entrants: entrants.len() as u64,
            awards: entrants.iter().filter(|e| e.award.is_some()).count() as u64,
        })
    }
}
