//! Cases: who sees them, opening one, its notes, resolving it, and the welcome case every
//! worker placed through a contract gets at the station of the region.

use super::{FollowUpService, employs, keeps, runs, signed_in};
use crate::db::entities::{
    brand_membership, case_note, company, follow_up_case, placement, service_station,
    station_brand, worker,
};
use crate::services::brands::audit_entry;
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::follow_up::{CaseDetail, CaseNoteView, CaseQuery, CaseView};
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::brand::MembershipStatus;
use app::domain::county_view::yes_no_param;
use app::domain::follow_up::{CaseForm, CaseKind, check_note, check_outcome, is_overdue};
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use std::collections::HashMap;

const OPEN: &str = "open";
const RESOLVED: &str = "resolved";

fn beijing(at: DateTime<Utc>) -> String {
    (at + TimeDelta::hours(8))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// What the caller may do with one case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    None,
    Read,
    Act,
}

/// The facts deciding who reaches a case.
struct Parties {
    person: worker::Model,
    company: company::Model,
    station: service_station::Model,
    placements: Vec<placement::Model>,
}

impl Parties {
    /// A station's runners reach only workers placed in the station's province: running a
    /// station gives no reach into other companies' rosters.
    fn reach(&self, user: &SessionUser) -> Reach {
        let province = self.station.region_code.get(..2);
        let placed_here = self
            .placements
            .iter()
            .any(|p| p.region_code.get(..2) == province);
        if (runs(user, &self.station) && placed_here) || keeps(user, &self.person, &self.company) {
            Reach::Act
        } else if employs(user, &self.placements) {
            Reach::Read
        } else {
            Reach::None
        }
    }
}

impl FollowUpService {
    async fn parties(&self, worker_id: i32, station_id: i32) -> Result<Parties, AppError> {
        let fail = |e| unexpected("loading a case's parties", e);
        let not_found = || AppError::new(ErrorCode::NotFound);
        let person = worker::Entity::find_by_id(worker_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let company = company::Entity::find_by_id(person.company_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let station = service_station::Entity::find_by_id(station_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(not_found)?;
        let placements = placement::Entity::find()
            .filter(placement::Column::WorkerId.eq(worker_id))
            .all(&self.db)
            .await
            .map_err(fail)?;
        Ok(Parties {
            person,
            company,
            station,
            placements,
        })
    }

    async fn views(&self, rows: Vec<follow_up_case::Model>) -> Result<Vec<CaseView>, AppError> {
        let fail = |e| unexpected("loading cases", e);
        let people: HashMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::Id.is_in(rows.iter().map(|c| c.worker_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let companies: HashMap<i32, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(people.values().map(|w| w.company_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let stations: HashMap<i32, String> = service_station::Entity::find()
            .filter(service_station::Column::Id.is_in(rows.iter().map(|c| c.station_id)))
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let now = Utc::now();
        Ok(rows
            .into_iter()
            .map(|c| {
                let person = people.get(&c.worker_id);
                let open = c.status == OPEN;
                CaseView {
                    id: c.id,
                    worker_id: c.worker_id,
                    worker_name: person.map(|p| p.name.clone()).unwrap_or_default(),
                    company_name: person
                        .and_then(|p| companies.get(&p.company_id).cloned())
                        .unwrap_or_default(),
                    station_id: c.station_id,
                    station_name: stations.get(&c.station_id).cloned().unwrap_or_default(),
                    kind_label: CaseKind::parse(&c.kind)
                        .map(|k| k.label().to_string())
                        .unwrap_or_default(),
                    kind: c.kind,
                    subject: c.subject,
                    opened_on: c.opened_on,
                    status: c.status,
                    outcome: c.outcome,
                    resolved_on: c.resolved_on,
                    overdue: is_overdue(open, (now - c.last_activity_at).num_days()),
                    last_activity: beijing(c.last_activity_at),
                    placement_id: c.placement_id,
                    version: c.version,
                }
            })
            .collect())
    }

    pub(super) async fn list_cases(
        &self,
        user: &SessionUser,
        query: &CaseQuery,
    ) -> Result<Vec<CaseView>, AppError> {
        let fail = |e| unexpected("listing cases", e);
        let overdue_only =
            yes_no_param("overdue", query.overdue.as_deref()).map_err(AppError::bad_parameter)?;
        let mut select = follow_up_case::Entity::find();
        if let Some(station) = query.station_id {
            select = select.filter(follow_up_case::Column::StationId.eq(station));
        }
        if let Some(worker) = query.worker_id {
            select = select.filter(follow_up_case::Column::WorkerId.eq(worker));
        }
        match query.status.as_deref().map(str::trim).unwrap_or("") {
            "" => {}
            status @ (OPEN | RESOLVED) => {
                select = select.filter(follow_up_case::Column::Status.eq(status));
            }
            _ => {
                return Err(AppError::bad_parameter(
                    app::domain::credentials::FieldError::new(
                        "status",
                        "status 应为 open 或 resolved",
                    ),
                ));
            }
        }
        let rows = select
            .order_by_desc(follow_up_case::Column::LastActivityAt)
            .all(&self.db)
            .await
            .map_err(fail)?;
        // Whom each case reaches depends on its worker and station; decided row by row.
        let mut seen = Vec::new();
        let mut reach_of: HashMap<(i32, i32), Reach> = HashMap::new();
        for row in rows {
            let key = (row.worker_id, row.station_id);
            let reach = match reach_of.get(&key) {
                Some(reach) => *reach,
                None => {
                    let reach = self.parties(key.0, key.1).await?.reach(user);
                    reach_of.insert(key, reach);
                    reach
                }
            };
            if reach != Reach::None {
                seen.push(row);
            }
        }
        let mut views = self.views(seen).await?;
        if overdue_only == Some(true) {
            views.retain(|c| c.overdue);
        }
        Ok(views)
    }

    async fn reached(
        &self,
        user: &SessionUser,
        id: i32,
    ) -> Result<(follow_up_case::Model, Reach), AppError> {
        let row = follow_up_case::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a case", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        let reach = self
            .parties(row.worker_id, row.station_id)
            .await?
            .reach(user);
        if reach == Reach::None {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        Ok((row, reach))
    }

    pub(super) async fn case_detail(
        &self,
        user: &SessionUser,
        id: i32,
    ) -> Result<CaseDetail, AppError> {
        let (row, reach) = self.reached(user, id).await?;
        let notes = case_note::Entity::find()
            .filter(case_note::Column::CaseId.eq(id))
            .order_by_asc(case_note::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading case notes", e))?
            .into_iter()
            .map(|n| CaseNoteView {
                author_name: n.author_name,
                body: n.body,
                written_at: beijing(n.created_at),
            })
            .collect();
        Ok(CaseDetail {
            case: self.views(vec![row]).await?.remove(0),
            notes,
            can_act: reach == Reach::Act,
        })
    }

    pub(super) async fn open(
        &self,
        caller: &RequestIdentity,
        form: &CaseForm,
    ) -> Result<CaseView, AppError> {
        let user = signed_in(caller)?;
        let checked = form.check()?;
        let station = service_station::Entity::find_by_id(checked.station_id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a station", e))?
            .filter(|s| s.active)
            .ok_or_else(|| AppError::invalid("station_id", "没有这个服务站，或该服务站已停用"))?;
        let parties = self
            .parties(checked.worker_id, station.id)
            .await
            .map_err(|_| AppError::invalid("worker_id", "找不到该劳动者"))?;
        if parties.reach(user) != Reach::Act {
            return Err(AppError::invalid(
                "worker_id",
                "只能为本公司、本县的劳动者或输出到本站所在省份的劳动者立案",
            ));
        }
        let fail = |e| unexpected("opening a case", e);
        let now = Utc::now();
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let saved = follow_up_case::ActiveModel {
            worker_id: Set(checked.worker_id),
            station_id: Set(checked.station_id),
            kind: Set(checked.kind.code().to_string()),
            subject: Set(checked.subject),
            opened_on: Set(crate::clock::shanghai_today().to_string()),
            status: Set(OPEN.to_string()),
            outcome: Set(None),
            resolved_on: Set(None),
            placement_id: Set(None),
            opened_by: Set(Some(user.id)),
            last_activity_at: Set(now),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(fail)?;
        if !checked.note.is_empty() {
            write_note(&txn, saved.id, user, &checked.note)
                .await
                .map_err(fail)?;
        }
        station_claim(
            &txn,
            &parties.station,
            saved.worker_id,
            crate::clock::shanghai_today(),
        )
        .await
        .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "case.open",
                format!("worker:{}", saved.worker_id),
                Some(format!("case:{} kind={}", saved.id, saved.kind)),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(self.views(vec![saved]).await?.remove(0))
    }

    pub(super) async fn note(
        &self,
        caller: &RequestIdentity,
        id: i32,
        body: &str,
    ) -> Result<CaseDetail, AppError> {
        let user = signed_in(caller)?;
        let (row, reach) = self.reached(user, id).await?;
        if reach != Reach::Act {
            return Err(AppError::new(ErrorCode::Forbidden));
        }
        let body = check_note(body)?;
        if row.status == RESOLVED {
            return Err(AppError::with_message(ErrorCode::Conflict, "该案件已办结"));
        }
        let fail = |e| unexpected("adding a case note", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        write_note(&txn, id, user, &body).await.map_err(fail)?;
        let now = Utc::now();
        follow_up_case::Entity::update_many()
            .set(follow_up_case::ActiveModel {
                last_activity_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            // A note never conflicts; it moves the version so a resolution read before it
            // is refused and re-read.
            .col_expr(
                follow_up_case::Column::Version,
                Expr::col(follow_up_case::Column::Version).add(1),
            )
            .filter(follow_up_case::Column::Id.eq(id))
            .exec(&txn)
            .await
            .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(caller, "case.note", format!("case:{id}"), None),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.case_detail(user, id).await
    }

    pub(super) async fn close(
        &self,
        caller: &RequestIdentity,
        id: i32,
        version: i32,
        outcome: &str,
    ) -> Result<CaseDetail, AppError> {
        let user = signed_in(caller)?;
        let (row, reach) = self.reached(user, id).await?;
        if reach != Reach::Act {
            return Err(AppError::new(ErrorCode::Forbidden));
        }
        let outcome = check_outcome(outcome)?;
        if row.status == RESOLVED {
            return Err(AppError::with_message(ErrorCode::Conflict, "该案件已办结"));
        }
        let fail = |e| unexpected("resolving a case", e);
        let now = Utc::now();
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let updated = follow_up_case::Entity::update_many()
            .set(follow_up_case::ActiveModel {
                status: Set(RESOLVED.to_string()),
                outcome: Set(Some(outcome.clone())),
                resolved_on: Set(Some(crate::clock::shanghai_today().to_string())),
                last_activity_at: Set(now),
                updated_at: Set(now),
                version: Set(version + 1),
                ..Default::default()
            })
            .filter(follow_up_case::Column::Id.eq(id))
            .filter(follow_up_case::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(fail)?;
        if updated.rows_affected != 1 {
            return Err(AppError::new(ErrorCode::Conflict));
        }
        write_note(&txn, id, user, &format!("办结：{outcome}"))
            .await
            .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(caller, "case.resolve", format!("case:{id}"), None),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        self.case_detail(user, id).await
    }
}

async fn write_note(
    db: &impl ConnectionTrait,
    case_id: i32,
    user: &SessionUser,
    body: &str,
) -> Result<(), DbErr> {
    case_note::ActiveModel {
        case_id: Set(case_id),
        author_id: Set(Some(user.id)),
        author_name: Set(user.display_name.clone()),
        body: Set(body.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Offers a worker just placed through a contract to a station of the placement's province
/// (one serving a brand the worker's company belongs to first): a `welcome` case, so every
/// exported worker has a named station. Called in the signing transaction; nothing happens
/// when the region has no station.
///
/// # Errors
/// Database errors.
pub(crate) async fn welcome_case(
    db: &impl ConnectionTrait,
    placed: &placement::Model,
) -> Result<Option<i32>, DbErr> {
    let province = placed.region_code.get(..2).unwrap_or("");
    let stations: Vec<service_station::Model> = service_station::Entity::find()
        .filter(service_station::Column::Active.eq(true))
        .filter(service_station::Column::RegionCode.starts_with(province))
        .order_by_asc(service_station::Column::Id)
        .all(db)
        .await?;
    if province.is_empty() || stations.is_empty() {
        return Ok(None);
    }
    let brands: Vec<i32> = brand_membership::Entity::find()
        .filter(brand_membership::Column::CompanyId.eq(placed.company_id))
        .filter(brand_membership::Column::Status.eq(MembershipStatus::Approved.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.brand_id)
        .collect();
    let serving: Vec<i32> = station_brand::Entity::find()
        .filter(station_brand::Column::BrandId.is_in(brands))
        .filter(station_brand::Column::StationId.is_in(stations.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.station_id)
        .collect();
    let station = stations
        .iter()
        .find(|s| serving.contains(&s.id))
        .or_else(|| stations.first())
        .map(|s| s.id);
    let Some(station_id) = station else {
        return Ok(None);
    };
    let now = Utc::now();
    let saved = follow_up_case::ActiveModel {
        worker_id: Set(placed.worker_id),
        station_id: Set(station_id),
        kind: Set(CaseKind::Welcome.code().to_string()),
        subject: Set(format!("到岗联络：{}", placed.place)
            .chars()
            .take(100)
            .collect()),
        opened_on: Set(crate::clock::shanghai_today().to_string()),
        status: Set(OPEN.to_string()),
        outcome: Set(None),
        resolved_on: Set(None),
        placement_id: Set(Some(placed.id)),
        opened_by: Set(None),
        last_activity_at: Set(now),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    case_note::ActiveModel {
        case_id: Set(saved.id),
        author_id: Set(None),
        author_name: Set("系统".into()),
        body: Set(format!(
            "劳动者经劳动合同输出到本地区（{}，{} 起），转交本站跟踪服务。",
            placed.place, placed.starts_on
        )),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if let Some(station) = stations.iter().find(|s| s.id == station_id) {
        station_claim(
            db,
            station,
            placed.worker_id,
            crate::clock::shanghai_today(),
        )
        .await?;
    }
    Ok(Some(saved.id))
}

/// Computes the station's 就业服务补贴 claim for the worker and the case's year from the
/// worker's cases at the station that year (a claim per station, person and year), with the
/// policy version in force for the station's county on the day the case was opened.
///
/// # Errors
/// Database errors.
pub(crate) async fn station_claim(
    db: &impl ConnectionTrait,
    station: &service_station::Model,
    worker_id: i32,
    opened_on: app::domain::calendar::CalendarDate,
) -> Result<(), DbErr> {
    use crate::services::subsidy::{NewClaim, load_versions, upsert_claim};
    use app::domain::follow_up::station_service_subsidy;
    use app::domain::policy::version_in_force;
    use app::domain::subsidy::ClaimKind;
    let Some(person) = worker::Entity::find_by_id(worker_id).one(db).await? else {
        return Ok(());
    };
    let year = opened_on.year();
    let cases: Vec<i32> = follow_up_case::Entity::find()
        .filter(follow_up_case::Column::StationId.eq(station.id))
        .filter(follow_up_case::Column::WorkerId.eq(worker_id))
        .filter(follow_up_case::Column::OpenedOn.starts_with(format!("{year:04}-")))
        .order_by_asc(follow_up_case::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let versions = load_versions(db).await?;
    let Some(version) = version_in_force(&versions, Some(&station.county_code), opened_on) else {
        return Ok(());
    };
    let (version_id, per_person) = version.station_service();
    let Ok(ruling) = station_service_subsidy(version_id, per_person, &station.name, year, &cases)
    else {
        return Ok(());
    };
    upsert_claim(
        db,
        NewClaim {
            kind: ClaimKind::StationService,
            fact_key: format!("{}:{worker_id}:{year}", station.id),
            worker_id,
            company_id: station.company_id.unwrap_or(person.company_id),
            employer_id: None,
            county_code: station.county_code.clone(),
            period: None,
            year: i32::from(year),
            amount_fen: ruling.amount_fen,
            explanation: ruling.explanation,
        },
    )
    .await?;
    Ok(())
}
