//! Taking part: employers join fairs, companies (and organisers) sign workers up, organisers
//! record competition results.

use super::{EventService, kind_of, organises, signed_in, stored_date};
use crate::clock::shanghai_today;
use crate::db::entities::{company, employer, event, event_employer, event_worker, worker};
use crate::services::brands::audit_entry;
use crate::services::hiring::conflict;
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::events::EventDetail;
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::event::{EventPhase, ResultForm};
use app::domain::role::Scope;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

fn phase(row: &event::Model) -> EventPhase {
    EventPhase::on(
        stored_date(&row.starts_on),
        stored_date(&row.ends_on),
        shanghai_today(),
    )
}

/// Whether `user` may sign this worker up or take them off: the worker's company, or an
/// organiser whose county is the worker's home (admins: anyone).
fn signs_up(user: &SessionUser, row: &event::Model, person: &worker::Model, home: &str) -> bool {
    match &user.scope {
        Scope::Company { id } => *id == person.company_id,
        Scope::County { code } => organises(user, row) && code == home,
        Scope::City => true,
        Scope::Employer { .. } => false,
    }
}

impl EventService {
    pub(super) async fn add_employer(
        &self,
        caller: &RequestIdentity,
        id: i32,
        employer_id: Option<i32>,
    ) -> Result<EventDetail, AppError> {
        let user = signed_in(caller)?;
        let row = self.find(id).await?;
        let fail = |e| unexpected("adding an employer to a fair", e);
        let employer_id = match user.scope {
            Scope::Employer { id: own } => own,
            _ if organises(user, &row) => {
                employer_id.ok_or_else(|| AppError::invalid("employer_id", "请选择用工单位"))?
            }
            _ => return Err(AppError::new(ErrorCode::Forbidden)),
        };
        let found = employer::Entity::find_by_id(employer_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::invalid("employer_id", "没有这个用工单位"))?;
        if found.verified_at.is_none() {
            return Err(AppError::with_message(
                ErrorCode::Forbidden,
                "用工单位通过认证后才能参加招聘活动",
            ));
        }
        if !kind_of(&row).is_fair() {
            return Err(conflict("技能大赛不接受用工单位报名"));
        }
        if !phase(&row).takes_sign_ups() {
            return Err(conflict("活动已结束，不能再报名"));
        }
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let already = event_employer::Entity::find_by_id((id, employer_id))
            .one(&txn)
            .await
            .map_err(fail)?
            .is_some();
        if !already {
            event_employer::ActiveModel {
                event_id: Set(id),
                employer_id: Set(employer_id),
                joined_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await
            .map_err(fail)?;
            audit::record(
                &txn,
                audit_entry(
                    caller,
                    "event.join",
                    format!("event:{id}"),
                    Some(format!("employer={employer_id}")),
                ),
            )
            .await
            .map_err(fail)?;
        }
        txn.commit().await.map_err(fail)?;
        self.detail(Some(user), id).await
    }

    pub(super) async fn add_workers(
        &self,
        caller: &RequestIdentity,
        id: i32,
        worker_ids: &[i32],
    ) -> Result<EventDetail, AppError> {
        let user = signed_in(caller)?;
        let row = self.find(id).await?;
        let fail = |e| unexpected("signing workers up for an event", e);
        if worker_ids.is_empty() {
            return Err(AppError::invalid("worker_ids", "请选择要报名的劳动者"));
        }
        if worker_ids.len() > 200 {
            return Err(AppError::invalid("worker_ids", "一次最多报名 200 人"));
        }
        if !phase(&row).takes_sign_ups() {
            return Err(conflict("活动已结束，不能再报名"));
        }
        let fair = kind_of(&row).is_fair();
        let people: HashMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(worker_ids.iter().copied()))
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
        for worker_id in worker_ids {
            let not_found =
                || AppError::invalid("worker_ids", format!("没有编号为 {worker_id} 的劳动者"));
            let person = people.get(worker_id).ok_or_else(not_found)?;
            let home = crate::services::subsidy::county_of(
                person,
                company_counties
                    .get(&person.company_id)
                    .map_or("", String::as_str),
            );
            if !signs_up(user, &row, person, &home) {
                return Err(not_found());
            }
            if !person.active {
                return Err(AppError::invalid(
                    "worker_ids",
                    format!("{} 已停用，不能报名", person.name),
                ));
            }
            // Employers at a fair see who is there: only workers who agreed to be shown.
            if fair && (person.consent_at.is_none() || person.placed_since.is_some()) {
                return Err(AppError::invalid(
                    "worker_ids",
                    format!(
                        "{} 未同意向用工单位展示或已在外务工，不能报名招聘活动",
                        person.name
                    ),
                ));
            }
        }
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let present: Vec<i32> = event_worker::Entity::find()
            .filter(event_worker::Column::EventId.eq(id))
            .filter(event_worker::Column::WorkerId.is_in(worker_ids.iter().copied()))
            .all(&txn)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| e.worker_id)
            .collect();
        let mut added = 0;
        let now = Utc::now();
        for worker_id in worker_ids {
            if present.contains(worker_id) {
                continue;
            }
            event_worker::ActiveModel {
                event_id: Set(id),
                worker_id: Set(*worker_id),
                registered_by: Set(Some(user.id)),
                registered_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(fail)?;
            added += 1;
        }
        if added > 0 {
            audit::record(
                &txn,
                audit_entry(
                    caller,
                    "event.register",
                    format!("event:{id}"),
                    Some(format!("workers={added}")),
                ),
            )
            .await
            .map_err(fail)?;
        }
        txn.commit().await.map_err(fail)?;
        self.detail(Some(user), id).await
    }

    pub(super) async fn remove_worker(
        &self,
        caller: &RequestIdentity,
        id: i32,
        worker_id: i32,
    ) -> Result<EventDetail, AppError> {
        let user = signed_in(caller)?;
        let row = self.find(id).await?;
        let fail = |e| unexpected("taking a worker off an event", e);
        let entry = event_worker::Entity::find()
            .filter(event_worker::Column::EventId.eq(id))
            .filter(event_worker::Column::WorkerId.eq(worker_id))
            .one(&self.db)
            .await
            .map_err(fail)?;
        let person = worker::Entity::find_by_id(worker_id)
            .one(&self.db)
            .await
            .map_err(fail)?;
        let not_there = || AppError::invalid("worker_id", "该劳动者没有报名这次活动");
        let (Some(entry), Some(person)) = (entry, person) else {
            return Err(not_there());
        };
        let company_county = company::Entity::find_by_id(person.company_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .map(|c| c.county_code)
            .unwrap_or_default();
        let home = crate::services::subsidy::county_of(&person, &company_county);
        if !signs_up(user, &row, &person, &home) {
            return Err(not_there());
        }
        if !phase(&row).takes_sign_ups() {
            return Err(conflict("活动已结束，报名记录不能再撤回"));
        }
        if entry.score_tenths.is_some() || entry.award.is_some() {
            return Err(conflict("已记录成绩的参赛记录不能撤回"));
        }
        let txn = begin_write(&self.db).await.map_err(fail)?;
        event_worker::Entity::delete_by_id(entry.id)
            .exec(&txn)
            .await
            .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "event.withdraw",
                format!("event:{id}"),
                Some(format!("worker={worker_id}")),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.detail(Some(user), id).await
    }

    pub(super) async fn save_result(
        &self,
        caller: &RequestIdentity,
        id: i32,
        form: &ResultForm,
    ) -> Result<EventDetail, AppError> {
        let user = signed_in(caller)?;
        let row = self.find(id).await?;
        if !organises(user, &row) {
            return Err(AppError::new(ErrorCode::Forbidden));
        }
        let checked = form.check()?;
        if kind_of(&row).is_fair() {
            return Err(conflict("招聘活动没有比赛成绩"));
        }
        if !phase(&row).takes_results() {
            return Err(conflict("大赛还没有开始，不能记录成绩"));
        }
        let fail = |e| unexpected("recording a competition result", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let changed = event_worker::Entity::update_many()
            .col_expr(
                event_worker::Column::ScoreTenths,
                Expr::value(checked.score_tenths),
            )
            .col_expr(
                event_worker::Column::Award,
                Expr::value(checked.award.map(|a| a.code().to_string())),
            )
            .col_expr(
                event_worker::Column::ResultRecordedBy,
                Expr::value(Some(user.id)),
            )
            .col_expr(
                event_worker::Column::ResultRecordedAt,
                Expr::value(Some(Utc::now())),
            )
            .filter(event_worker::Column::EventId.eq(id))
            .filter(event_worker::Column::WorkerId.eq(checked.worker_id))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if changed.rows_affected == 0 {
            return Err(AppError::invalid("worker_id", "该选手没有报名这次大赛"));
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "event.result",
                format!("event:{id}"),
                Some(format!(
                    "worker={} award={}",
                    checked.worker_id,
                    checked.award.map_or("none", |a| a.code())
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.detail(Some(user), id).await
    }
}
