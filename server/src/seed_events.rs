//! The events demo, loaded once after the follow-up demo: a job fair that ended ten days ago,
//! where 京味楼 met 鑫厨劳务's cooks and sent a hire request from it (one cook accepted), and
//! a 浮山厨师 cooking competition with scores and awards. Everything goes through the real
//! services; each event is created as running so sign-ups are accepted, then moved to its
//! real (past) dates, as an organiser correcting the dates would.

use crate::db::entities::event;
use crate::seed_county::{as_user, demo_error, seed_actor, worker_named};
use crate::seed_training::day_after;
use crate::services::events::EventService;
use crate::services::hiring::HiringService;
use crate::services::roster::RosterService;
use crate::services::unexpected;
use app::api::AppError;
use app::api::context::HiringDesk;
use app::api::events::{EventView, EventsDesk};
use app::api::types::{ConsentInput, WorkerChange};
use app::domain::event::{EventForm, ResultForm};
use app::domain::role::Scope;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use serde_json::json;

pub struct EventsDemo<'a> {
    pub db: &'a DatabaseConnection,
    pub events: &'a EventService,
    pub hiring: &'a HiringService,
    pub roster: &'a RosterService,
}

/// 鑫厨劳务's cooks at the fair; they agree to be shown to employers at its registration desk.
const FAIR_COOKS: [&str; 4] = ["李小军", "王秋菊", "张有福", "刘春旺"];

impl EventsDemo<'_> {
    /// # Errors
    /// Database errors, or demo data failing its own checks.
    pub async fn seed(&self) -> Result<(), AppError> {
        let fail = |e| unexpected("loading the events demo", e);
        if event::Entity::find().count(self.db).await.map_err(fail)? > 0 {
            return Ok(());
        }
        let fushan = as_user(self.db, "fushan").await?;
        let xinchu = as_user(self.db, "xinchu").await?;
        let employer = as_user(self.db, "jingweilou").await?;
        let Some(Scope::Company { id: company_id }) = xinchu.user.as_ref().map(|u| u.scope.clone())
        else {
            return Err(demo_error("xinchu is not a company user"));
        };
        let mut cooks = Vec::new();
        for name in FAIR_COOKS {
            let cook = worker_named(self.db, name).await?;
            if cook.consent_at.is_none() {
                let consent = WorkerChange::GiveConsent(ConsentInput {
                    method: "书面签字（洽谈会报名处）".to_string(),
                    scope: "向认证用工单位展示技能、等级、求职意向和简介".to_string(),
                });
                self.roster
                    .change_worker(company_id, cook.id, consent, &seed_actor())
                    .await?;
            }
            cooks.push(cook.id);
        }
        let today = crate::clock::shanghai_today();
        let today_text = today.to_string();

        let fair_form = EventForm {
            kind: "job_talks".into(),
            title: format!("浮山县 {} 年冬季就业洽谈会", today.year()),
            region_code: "140000".into(),
            venue: "浮山县人力资源市场（天坛镇府前街）".into(),
            starts_on: today_text.clone(),
            ends_on: today_text.clone(),
            brand: String::new(),
            description: "京津冀餐饮企业专场：浮山厨师现场展示、面试，当场发出用工邀约。".into(),
        };
        let fair = self.events.add_event(&fushan, &fair_form).await?;
        self.events.join(&employer, fair.id, None).await?;
        self.events
            .register_workers(&xinchu, fair.id, &cooks)
            .await?;
        let request = serde_json::from_value(json!({
            "worker_ids": [cooks[0], cooks[1]],
            "event_id": fair.id,
            "terms": {
                "position": "中餐厨师", "place": "北京市东城区京味楼王府井店", "region_code": "110000",
                "monthly_wage_yuan": "7800", "start_date": format!("{}-03-01", today.year() + 1),
                "term_months": "24", "conditions": "包吃住，每月四天休息", "message": "洽谈会上面试过，欢迎加入。",
            }
        }))
        .map_err(|e| demo_error(e.to_string()))?;
        let sent = self.hiring.send_hire_request(&employer, &request).await?;
        let line = sent
            .first()
            .and_then(|r| r.lines.first())
            .ok_or_else(|| demo_error("the fair's hire request has no line"))?;
        let answer = serde_json::from_value(json!({"version": line.version, "action": "accept"}))
            .map_err(|e| demo_error(e.to_string()))?;
        self.hiring
            .answer_hire_line(&xinchu, line.id, &answer)
            .await?;
        self.move_to(&fushan, &fair, &fair_form, -10).await?;

        let contest_form = EventForm {
            kind: "skill_competition".into(),
            title: format!("{} 年浮山厨师烹饪技能大赛", today.year()),
            region_code: "140000".into(),
            venue: "浮山县职业中学实训楼".into(),
            starts_on: today_text.clone(),
            ends_on: today_text,
            brand: "fushan-chushi".into(),
            description: "热菜、冷拼、面点三项，按《浮山厨师服务标准》评分。".into(),
        };
        let contest = self.events.add_event(&fushan, &contest_form).await?;
        self.events
            .register_workers(&xinchu, contest.id, &cooks)
            .await?;
        self.move_to(&fushan, &contest, &contest_form, -20).await?;
        let results = [("95.5", "first"), ("91", "second"), ("88.5", "third")];
        for (worker_id, (score, award)) in cooks.iter().zip(results) {
            let form = ResultForm {
                worker_id: *worker_id,
                score: score.into(),
                award: award.into(),
            };
            self.events
                .record_result(&fushan, contest.id, &form)
                .await?;
        }
        if let Some(last) = cooks.get(3) {
            let form = ResultForm {
                worker_id: *last,
                score: "82".into(),
                award: String::new(),
            };
            self.events
                .record_result(&fushan, contest.id, &form)
                .await?;
        }
        Ok(())
    }

    /// Moves a one-day event `days` from today (negative: into the past).
    async fn move_to(
        &self,
        organiser: &app::api::context::RequestIdentity,
        saved: &EventView,
        form: &EventForm,
        days: i64,
    ) -> Result<(), AppError> {
        let day = day_after(crate::clock::shanghai_today(), days);
        let moved = EventForm {
            starts_on: day.clone(),
            ends_on: day,
            ..form.clone()
        };
        self.events
            .change_event(organiser, saved.id, saved.version, &moved)
            .await?;
        Ok(())
    }
}
