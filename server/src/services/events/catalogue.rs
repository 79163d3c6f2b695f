//! The event list and page, and adding or changing an event.

use super::{EventService, conflict, kind_of, organises, signed_in, stored_date};
use crate::clock::shanghai_today;
use crate::db::entities::{
    brand, brand_membership, company, employer, event, event_employer, event_worker, hire_line,
    hire_request, worker,
};
use crate::services::brands::{audit_entry, county_label};
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::events::{EventDetail, EventEmployerView, EventQuery, EventView, EventWorkerView};
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::event::{
    Award, CheckedEvent, EventForm, EventPhase, counts_as_fair_outcome, format_score,
};
use app::domain::hiring::HireState;
use app::domain::role::{Role, Scope};
use app::domain::roster::CertificateLevel;
use app::domain::search::masked_name;
use chrono::Utc;
use sea_orm::sea_query::{Expr, NullOrdering};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, Order, QueryFilter, QueryOrder,
};
use std::collections::{HashMap, HashSet};

/// A line in one of these states is a hire the fair brought about.
pub(super) fn is_hired(state: &str) -> bool {
    matches!(
        HireState::parse(state),
        Some(HireState::Accepted | HireState::Contracted | HireState::Placed | HireState::Ended)
    )
}

/// Requests, requested workers and hires per fair.
#[derive(Default, Clone, Copy)]
pub(super) struct Outcome {
    pub requests: u64,
    pub workers_requested: u64,
    pub workers_hired: u64,
}

impl EventService {
    pub(super) async fn outcomes(&self, ids: &[i32]) -> Result<HashMap<i32, Outcome>, AppError> {
        let fail = |e| unexpected("counting fair outcomes", e);
        let requests = hire_request::Entity::find()
            .filter(hire_request::Column::EventId.is_in(ids.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let event_of: HashMap<i32, i32> = requests
            .iter()
            .filter_map(|r| r.event_id.map(|e| (r.id, e)))
            .collect();
        let lines = hire_line::Entity::find()
            .filter(hire_line::Column::HireRequestId.is_in(event_of.keys().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?;
        let mut outcomes: HashMap<i32, Outcome> = HashMap::new();
        for event_id in event_of.values() {
            outcomes.entry(*event_id).or_default().requests += 1;
        }
        for line in lines {
            if let Some(event_id) = event_of.get(&line.hire_request_id) {
                let outcome = outcomes.entry(*event_id).or_default();
                outcome.workers_requested += 1;
                if is_hired(&line.state) {
                    outcome.workers_hired += 1;
                }
            }
        }
        Ok(outcomes)
    }

    pub(super) async fn views(
        &self,
        user: Option<&SessionUser>,
        rows: Vec<event::Model>,
    ) -> Result<Vec<EventView>, AppError> {
        let fail = |e| unexpected("loading event labels", e);
        let ids: Vec<i32> = rows.iter().map(|e| e.id).collect();
        let regions = crate::services::region_names(&self.db).await?;
        let counties = crate::services::county_names(&self.db)
            .await
            .map_err(fail)?;
        let brands: HashMap<i32, brand::Model> = brand::Entity::find()
            .filter(brand::Column::Id.is_in(rows.iter().filter_map(|e| e.brand_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
        let mut employers: HashMap<i32, u64> = HashMap::new();
        for joined in event_employer::Entity::find()
            .filter(event_employer::Column::EventId.is_in(ids.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?
        {
            *employers.entry(joined.event_id).or_default() += 1;
        }
        let mut workers: HashMap<i32, u64> = HashMap::new();
        for entry in event_worker::Entity::find()
            .filter(event_worker::Column::EventId.is_in(ids.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?
        {
            *workers.entry(entry.event_id).or_default() += 1;
        }
        let outcomes = self.outcomes(&ids).await?;
        let today = shanghai_today();
        Ok(rows
            .into_iter()
            .map(|e| {
                let kind = kind_of(&e);
                let phase =
                    EventPhase::on(stored_date(&e.starts_on), stored_date(&e.ends_on), today);
                let brand = e.brand_id.and_then(|id| brands.get(&id));
                let outcome = outcomes.get(&e.id).copied().unwrap_or_default();
                EventView {
                    id: e.id,
                    kind: kind.code().to_string(),
                    kind_label: kind.label().to_string(),
                    is_fair: kind.is_fair(),
                    county_name: county_label(&counties, Some(&e.county_code)),
                    region_name: regions.get(&e.region_code).cloned().unwrap_or_default(),
                    phase: match phase {
                        EventPhase::Upcoming => "upcoming",
                        EventPhase::Running => "running",
                        EventPhase::Past => "past",
                    }
                    .to_string(),
                    phase_label: phase.label().to_string(),
                    brand_slug: brand.map(|b| b.slug.clone()),
                    brand_name: brand.map(|b| b.name.clone()),
                    employers: employers.get(&e.id).copied().unwrap_or_default(),
                    workers: workers.get(&e.id).copied().unwrap_or_default(),
                    hire_requests: outcome.requests,
                    workers_requested: outcome.workers_requested,
                    workers_hired: outcome.workers_hired,
                    can_manage: user.is_some_and(|u| organises(u, &e)),
                    title: e.title,
                    county_code: e.county_code,
                    region_code: e.region_code,
                    venue: e.venue,
                    starts_on: e.starts_on,
                    ends_on: e.ends_on,
                    description: e.description,
                    version: e.version,
                }
            })
            .collect())
    }

    pub(super) async fn list(
        &self,
        user: Option<&SessionUser>,
        query: &EventQuery,
    ) -> Result<Vec<EventView>, AppError> {
        let fail = |e| unexpected("listing events", e);
        let mut select = event::Entity::find();
        match query
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            None => {}
            Some("fair") => {
                select = select.filter(event::Column::Kind.ne("skill_competition"));
            }
            Some(kind) => {
                let kind = app::domain::event::EventKind::parse(kind)
                    .ok_or_else(|| AppError::invalid("kind", "没有这种活动类型"))?;
                select = select.filter(event::Column::Kind.eq(kind.code()));
            }
        }
        if let Some(county) = query
            .county
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            select = select.filter(event::Column::CountyCode.eq(county));
        }
        if let Some(year) = query.year {
            select = select.filter(event::Column::StartsOn.starts_with(format!("{year:04}-")));
        }
        let rows = select
            .order_by_desc(event::Column::StartsOn)
            .order_by_desc(event::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let views = self.views(user, rows).await?;
        Ok(
            match query
                .phase
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                Some(phase) => views.into_iter().filter(|v| v.phase == phase).collect(),
                None => views,
            },
        )
    }

    pub(super) async fn detail(
        &self,
        user: Option<&SessionUser>,
        id: i32,
    ) -> Result<EventDetail, AppError> {
        let fail = |e| unexpected("loading an event", e);
        let row = self.find(id).await?;
        let manages = user.is_some_and(|u| organises(u, &row));
        let kind = kind_of(&row);
        let today = shanghai_today();
        let (starts, ends) = (stored_date(&row.starts_on), stored_date(&row.ends_on));
        let phase = EventPhase::on(starts, ends, today);
        let joined_rows = event_employer::Entity::find()
            .filter(event_employer::Column::EventId.eq(id))
            .order_by_asc(event_employer::Column::JoinedAt)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let regions = crate::services::region_names(&self.db).await?;
        let employer_rows: HashMap<i32, employer::Model> = employer::Entity::find()
            .filter(employer::Column::Id.is_in(joined_rows.iter().map(|j| j.employer_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let employers: Vec<EventEmployerView> = joined_rows
            .iter()
            .filter_map(|j| employer_rows.get(&j.employer_id))
            .map(|e| EventEmployerView {
                employer_id: e.id,
                name: e.name.clone(),
                region_name: regions.get(&e.region_code).cloned().unwrap_or_default(),
            })
            .collect();
        let my_employer = user.and_then(|u| match u.scope {
            Scope::Employer { id } => Some(id),
            _ => None,
        });
        let joined = my_employer.is_some_and(|me| employers.iter().any(|e| e.employer_id == me));
        let my_company = user.and_then(|u| match u.scope {
            Scope::Company { id } => Some(id),
            _ => None,
        });
        // A fair's workers are for those at it; a competition's entrants are public.
        let sees_all = !kind.is_fair() || manages || joined;
        let can_request = joined && kind.is_fair() && counts_as_fair_outcome(starts, ends, today);
        let asked = match (can_request, my_employer) {
            (true, Some(me)) => self.asked_by(me).await?,
            _ => HashSet::new(),
        };
        let workers = if sees_all || my_company.is_some() {
            self.worker_views(id, my_company, sees_all, can_request, &asked)
                .await?
        } else {
            Vec::new()
        };
        let verified_employer = match my_employer {
            Some(me) => employer::Entity::find_by_id(me)
                .one(&self.db)
                .await
                .map_err(fail)?
                .is_some_and(|e| e.verified_at.is_some()),
            None => false,
        };
        let event = self.views(user, vec![row]).await?.remove(0);
        Ok(EventDetail {
            can_join: verified_employer && kind.is_fair() && phase.takes_sign_ups() && !joined,
            joined,
            can_register_workers: phase.takes_sign_ups()
                && user.is_some_and(|u| u.role == Role::Company || manages),
            event,
            employers,
            workers,
        })
    }

    async fn worker_views(
        &self,
        event_id: i32,
        my_company: Option<i32>,
        sees_all: bool,
        can_request: bool,
        asked: &HashSet<i32>,
    ) -> Result<Vec<EventWorkerView>, AppError> {
        let fail = |e| unexpected("loading an event's workers", e);
        let entries = event_worker::Entity::find()
            .filter(event_worker::Column::EventId.eq(event_id))
            // The best first and the unscored last, on every database (PostgreSQL puts NULLs
            // first in a descending order, SQLite last).
            .order_by_with_nulls(
                event_worker::Column::ScoreTenths,
                Order::Desc,
                NullOrdering::Last,
            )
            .order_by_asc(event_worker::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let people: HashMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(entries.iter().map(|e| e.worker_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let company_ids: HashSet<i32> = people.values().map(|w| w.company_id).collect();
        let companies: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(company_ids.iter().copied()))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let memberships = brand_membership::Entity::find()
            .filter(brand_membership::Column::CompanyId.is_in(company_ids.iter().copied()))
            .filter(brand_membership::Column::Status.eq("approved"))
            .order_by_asc(brand_membership::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let brand_names: HashMap<i32, String> = brand::Entity::find()
            .filter(brand::Column::Id.is_in(memberships.iter().map(|m| m.brand_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|b| (b.id, b.name))
            .collect();
        let mut brand_of: HashMap<i32, String> = HashMap::new();
        for m in &memberships {
            if let Some(name) = brand_names.get(&m.brand_id) {
                brand_of.entry(m.company_id).or_insert_with(|| name.clone());
            }
        }
        Ok(entries
            .into_iter()
            .filter_map(|entry| {
                let person = people.get(&entry.worker_id)?;
                let own = my_company == Some(person.company_id);
                if !sees_all && !own {
                    return None;
                }
                let award = entry.award.as_deref().and_then(Award::parse);
                Some(EventWorkerView {
                    worker_id: person.id,
                    display_name: if own {
                        person.name.clone()
                    } else {
                        masked_name(&person.name)
                    },
                    company_name: companies
                        .get(&person.company_id)
                        .cloned()
                        .unwrap_or_default(),
                    brand_name: brand_of.get(&person.company_id).cloned(),
                    occupations: person
                        .occupations
                        .split('、')
                        .filter(|o| !o.is_empty())
                        .map(str::to_string)
                        .collect(),
                    certificate_level: person
                        .certificate_level
                        .as_deref()
                        .and_then(CertificateLevel::from_code)
                        .map(|l| l.label().to_string()),
                    score: entry.score_tenths.map(format_score),
                    award: award.map(|a| a.code().to_string()),
                    award_label: award.map(|a| a.label().to_string()),
                    can_request: can_request
                        && !asked.contains(&person.id)
                        && person.active
                        && person.consent_at.is_some()
                        && person.placed_since.is_none(),
                })
            })
            .collect())
    }

    /// Workers the employer has a live hire request for: asking again would be refused.
    async fn asked_by(&self, employer_id: i32) -> Result<HashSet<i32>, AppError> {
        let live = [
            HireState::Requested,
            HireState::Proposed,
            HireState::Countered,
            HireState::Accepted,
        ]
        .map(HireState::code);
        let requests = hire_request::Entity::find()
            .filter(hire_request::Column::EmployerId.eq(employer_id))
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading an employer's requests", e))?;
        Ok(hire_line::Entity::find()
            .filter(hire_line::Column::HireRequestId.is_in(requests.iter().map(|r| r.id)))
            .filter(hire_line::Column::State.is_in(live))
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading an employer's requests", e))?
            .into_iter()
            .map(|l| l.worker_id)
            .collect())
    }

    /// The brand a competition is for, by slug.
    async fn brand_id(&self, checked: &CheckedEvent) -> Result<Option<i32>, AppError> {
        let Some(slug) = &checked.brand else {
            return Ok(None);
        };
        brand::Entity::find()
            .filter(brand::Column::Slug.eq(slug.as_str()))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a brand", e))?
            .map(|b| Some(b.id))
            .ok_or_else(|| AppError::invalid("brand", format!("没有品牌“{slug}”")))
    }

    async fn checked(&self, form: &EventForm) -> Result<(CheckedEvent, Option<i32>), AppError> {
        let checked = form.check()?;
        let regions = crate::services::region_names(&self.db).await?;
        if !regions.contains_key(&checked.region_code) {
            return Err(AppError::invalid("region_code", "没有这个省级行政区划代码"));
        }
        let brand_id = self.brand_id(&checked).await?;
        Ok((checked, brand_id))
    }

    pub(super) async fn create(
        &self,
        caller: &RequestIdentity,
        form: &EventForm,
    ) -> Result<EventView, AppError> {
        let user = signed_in(caller)?;
        let county_code = match &user.scope {
            Scope::County { code } => code.clone(),
            // An admin's event is the city's, kept under the city's seat (临汾市).
            Scope::City => "141000".to_string(),
            Scope::Company { .. } | Scope::Employer { .. } => {
                return Err(AppError::new(ErrorCode::Forbidden));
            }
        };
        let (checked, brand_id) = self.checked(form).await?;
        let fail = |e| unexpected("adding an event", e);
        let now = Utc::now();
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let saved = event::ActiveModel {
            kind: Set(checked.kind.code().to_string()),
            title: Set(checked.title),
            county_code: Set(county_code),
            company_id: Set(None),
            brand_id: Set(brand_id),
            region_code: Set(checked.region_code),
            venue: Set(checked.venue),
            starts_on: Set(checked.starts_on.to_string()),
            ends_on: Set(checked.ends_on.to_string()),
            description: Set(checked.description),
            created_by: Set(Some(user.id)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(caller, "event.create", format!("event:{}", saved.id), None),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self.views(Some(user), vec![saved]).await?.remove(0))
    }

    pub(super) async fn change(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        form: &EventForm,
    ) -> Result<EventView, AppError> {
        let user = signed_in(caller)?;
        let row = self.find(id).await?;
        if !organises(user, &row) {
            return Err(AppError::new(ErrorCode::Forbidden));
        }
        let (checked, brand_id) = self.checked(form).await?;
        let fail = |e| unexpected("changing an event", e);
        let taking_part = event_worker::Entity::find()
            .filter(event_worker::Column::EventId.eq(id))
            .one(&self.db)
            .await
            .map_err(fail)?
            .is_some()
            || event_employer::Entity::find()
                .filter(event_employer::Column::EventId.eq(id))
                .one(&self.db)
                .await
                .map_err(fail)?
                .is_some();
        if taking_part && checked.kind.is_fair() != kind_of(&row).is_fair() {
            return Err(AppError::invalid(
                "kind",
                "已有单位或劳动者报名，不能在招聘活动和技能大赛之间改类型",
            ));
        }
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let changed = event::Entity::update_many()
            .col_expr(event::Column::Kind, Expr::value(checked.kind.code()))
            .col_expr(event::Column::Title, Expr::value(checked.title))
            .col_expr(event::Column::BrandId, Expr::value(brand_id))
            .col_expr(event::Column::RegionCode, Expr::value(checked.region_code))
            .col_expr(event::Column::Venue, Expr::value(checked.venue))
            .col_expr(
                event::Column::StartsOn,
                Expr::value(checked.starts_on.to_string()),
            )
            .col_expr(
                event::Column::EndsOn,
                Expr::value(checked.ends_on.to_string()),
            )
            .col_expr(event::Column::Description, Expr::value(checked.description))
            .col_expr(event::Column::Version, Expr::value(version + 1))
            .col_expr(event::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(event::Column::Id.eq(id))
            .filter(event::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if changed.rows_affected == 0 {
            return Err(conflict("活动已被他人修改，请刷新后重试"));
        }
        audit::record(
            &txn,
            audit_entry(caller, "event.update", format!("event:{id}"), None),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        let row = self.find(id).await?;
        Ok(self.views(Some(user), vec![row]).await?.remove(0))
    }
}
