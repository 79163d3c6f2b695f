//! Awards as the worker's profile and the brand's page show them: recorded by an organiser,
//! so attested, never self-declared. Names are masked (王**).

use super::{EventService, kind_of};
use crate::db::entities::{brand, event, event_worker, worker};
use crate::services::brands::county_label;
use crate::services::unexpected;
use app::api::AppError;
use app::api::events::AwardView;
use app::domain::event::{Award, format_score};
use app::domain::search::masked_name;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

fn rank(award: Award) -> usize {
    Award::ALL
        .iter()
        .position(|a| *a == award)
        .unwrap_or(usize::MAX)
}

impl EventService {
    async fn award_views(
        &self,
        entries: Vec<event_worker::Model>,
    ) -> Result<Vec<AwardView>, AppError> {
        let fail = |e| unexpected("loading awards", e);
        let events: HashMap<i32, event::Model> = event::Entity::find()
            .filter(event::Column::Id.is_in(entries.iter().map(|e| e.event_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .filter(|e| !kind_of(e).is_fair())
            .map(|e| (e.id, e))
            .collect();
        let names: HashMap<i32, String> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(entries.iter().map(|e| e.worker_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, masked_name(&w.name)))
            .collect();
        let brands: HashMap<i32, String> = brand::Entity::find()
            .filter(brand::Column::Id.is_in(events.values().filter_map(|e| e.brand_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|b| (b.id, b.name))
            .collect();
        let counties = crate::services::county_names(&self.db)
            .await
            .map_err(fail)?;
        let mut awards: Vec<(usize, Option<i32>, AwardView)> = entries
            .into_iter()
            .filter_map(|entry| {
                let award = Award::parse(entry.award.as_deref()?)?;
                let held = events.get(&entry.event_id)?;
                Some((
                    rank(award),
                    entry.score_tenths,
                    AwardView {
                        event_id: held.id,
                        event_title: held.title.clone(),
                        held_on: held.ends_on.clone(),
                        organiser: format!(
                            "{}人社局",
                            county_label(&counties, Some(&held.county_code))
                        ),
                        brand_name: held.brand_id.and_then(|id| brands.get(&id).cloned()),
                        worker_id: entry.worker_id,
                        display_name: names.get(&entry.worker_id).cloned().unwrap_or_default(),
                        award: award.code().to_string(),
                        award_label: award.label().to_string(),
                        score: entry.score_tenths.map(format_score),
                    },
                ))
            })
            .collect();
        // Scores compare as numbers: as text, "95.5" would come before "100".
        awards.sort_by(|(ra, sa, a), (rb, sb, b)| {
            b.held_on
                .cmp(&a.held_on)
                .then(a.event_id.cmp(&b.event_id))
                .then(ra.cmp(rb))
                .then(sb.cmp(sa))
        });
        Ok(awards.into_iter().map(|(_, _, a)| a).collect())
    }

    pub(super) async fn awards_of_worker(
        &self,
        worker_id: i32,
    ) -> Result<Vec<AwardView>, AppError> {
        let entries = event_worker::Entity::find()
            .filter(event_worker::Column::WorkerId.eq(worker_id))
            .filter(event_worker::Column::Award.is_not_null())
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading a worker's awards", e))?;
        self.award_views(entries).await
    }

    pub(super) async fn awards_of_brand(&self, slug: &str) -> Result<Vec<AwardView>, AppError> {
        let fail = |e| unexpected("loading a brand's awards", e);
        let Some(found) = brand::Entity::find()
            .filter(brand::Column::Slug.eq(slug.trim()))
            .one(&self.db)
            .await
            .map_err(fail)?
        else {
            return Err(AppError::with_message(
                app::api::ErrorCode::NotFound,
                "没有这个劳务品牌",
            ));
        };
        let events: Vec<i32> = event::Entity::find()
            .filter(event::Column::BrandId.eq(found.id))
            .filter(event::Column::Kind.eq("skill_competition"))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| e.id)
            .collect();
        let entries = event_worker::Entity::find()
            .filter(event_worker::Column::EventId.is_in(events))
            .filter(event_worker::Column::Award.is_not_null())
            .all(&self.db)
            .await
            .map_err(fail)?;
        self.award_views(entries).await
    }
}
