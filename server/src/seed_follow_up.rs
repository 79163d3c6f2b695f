//! The follow-up demo, loaded once with the county demo: 鑫厨劳务's 浮山厨师 station in Beijing
//! (created before the demo placements, so the Beijing placements get their welcome cases
//! from the real contract flow), then a few cases: a wage dispute left without news for three
//! weeks (overdue), a resolved policy question and help for a family at home.

use crate::db::entities::{follow_up_case, service_station};
use crate::seed_county::{as_user, worker_named};
use crate::services::follow_up::FollowUpService;
use crate::services::unexpected;
use app::api::AppError;
use app::api::follow_up::FollowUpDesk;
use app::domain::follow_up::{CaseForm, StationForm};
use chrono::{TimeDelta, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};

pub struct FollowUpDemo<'a> {
    pub db: &'a DatabaseConnection,
    pub follow_up: &'a FollowUpService,
}

impl FollowUpDemo<'_> {
    /// The Beijing station, once (before the placements).
    ///
    /// # Errors
    /// Database errors, or demo data failing its own checks.
    pub async fn station(&self) -> Result<(), AppError> {
        let any = service_station::Entity::find()
            .count(self.db)
            .await
            .map_err(|e| unexpected("checking the follow-up demo", e))?;
        if any > 0 {
            return Ok(());
        }
        let company = as_user(self.db, "xinchu").await?;
        let form = StationForm {
            name: "浮山厨师北京服务站".into(),
            region_code: "110000".into(),
            city: "朝阳区".into(),
            address: "朝阳区劲松街道农光里 12 号".into(),
            contact_name: "卫建军".into(),
            contact_phone: "010-67701234".into(),
            brands: "fushan-chushi".into(),
            export_base_id: String::new(),
        };
        self.follow_up.save_station(&company, &form).await?;
        Ok(())
    }

    /// A few cases at the station, once (after the placements).
    ///
    /// # Errors
    /// As [`station`](Self::station).
    pub async fn cases(&self) -> Result<(), AppError> {
        let fail = |e| unexpected("loading the follow-up demo", e);
        let Some(station) = service_station::Entity::find()
            .filter(service_station::Column::RegionCode.eq("110000"))
            .one(self.db)
            .await
            .map_err(fail)?
        else {
            return Ok(());
        };
        let opened_by_hand = follow_up_case::Entity::find()
            .filter(follow_up_case::Column::PlacementId.is_null())
            .count(self.db)
            .await
            .map_err(fail)?;
        if opened_by_hand > 0 {
            return Ok(());
        }
        let company = as_user(self.db, "xinchu").await?;
        let fushan = as_user(self.db, "fushan").await?;
        let cases = [
            (
                &company,
                "李满仓",
                "dispute_mediation",
                "后厨工资拖欠两个月",
                "已联系用工单位人事部，对方答应月底前结清。",
                None,
            ),
            (
                &company,
                "郭金锁",
                "policy_consultation",
                "咨询灵活就业社保缴费基数",
                "已解释缴费基数下限和补贴办法。",
                Some("已答复，劳动者按下限缴费并申请补贴"),
            ),
            (
                &fushan,
                "刘春旺",
                "left_behind_family",
                "家中老人独居，需村里定期探望",
                "已转天坛镇北王村村委，每周上门一次。",
                None,
            ),
        ];
        let mut dispute = None;
        for (who, name, kind, subject, note, outcome) in cases {
            let person = worker_named(self.db, name).await?;
            let case = self
                .follow_up
                .open_case(
                    who,
                    &CaseForm {
                        worker_id: person.id,
                        station_id: station.id,
                        kind: kind.into(),
                        subject: subject.into(),
                        note: note.into(),
                    },
                )
                .await?;
            if let Some(outcome) = outcome {
                self.follow_up
                    .resolve(who, case.id, case.version, outcome)
                    .await?;
            }
            if kind == "dispute_mediation" {
                dispute = Some(case.id);
            }
        }
        // The dispute has had no news for three weeks: the demo shows an overdue case.
        if let Some(id) = dispute {
            let quiet = Utc::now() - TimeDelta::days(21);
            follow_up_case::Entity::update_many()
                .set(follow_up_case::ActiveModel {
                    last_activity_at: Set(quiet),
                    ..Default::default()
                })
                .filter(follow_up_case::Column::Id.eq(id))
                .exec(self.db)
                .await
                .map_err(fail)?;
        }
        Ok(())
    }
}
