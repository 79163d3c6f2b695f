//! Turning the city's figures into one area's dashboard: the city with its counties side by
//! side, a county with its townships, or a township with its villages. Plain arithmetic over
//! a [`Snapshot`]; no database.

use super::figures::{AreaCounts, CountyFigures, MonthCounts, Snapshot};
use app::api::dashboard::{
    AreaFigures, DashboardScope, DashboardView, HouseholdFigures, MonthFigures, PlacementFigures,
    SubsidyFigures, SubsidyKindFigures, TargetProgress, TrainingFigures,
};
use app::domain::dashboard::{Targets, completion_percent, months_until};
use app::domain::subsidy::{ClaimKind, ClaimState};
use std::collections::BTreeMap;

/// The row of workers who belong to no registered household.
pub const NO_HOUSEHOLD: &str = "未关联建档立卡户的劳动力";

/// The area a dashboard covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    City,
    County(String),
    Township { county: String, township: String },
}

impl Area {
    fn county(&self) -> Option<&str> {
        match self {
            Area::City => None,
            Area::County(code) | Area::Township { county: code, .. } => Some(code),
        }
    }

    fn township(&self) -> Option<&str> {
        match self {
            Area::Township { township, .. } => Some(township),
            _ => None,
        }
    }
}

fn households(c: &AreaCounts) -> HouseholdFigures {
    HouseholdFigures {
        total: c.households_total,
        willing: c.households_willing,
        employed: c.households_employed,
        without_work: c.households_willing.saturating_sub(c.households_employed),
    }
}

fn area_figures(key: String, name: String, c: &AreaCounts) -> AreaFigures {
    AreaFigures {
        key,
        name,
        households: households(c),
        training: TrainingFigures {
            willing: c.training_willing,
            trained: c.training_trained,
        },
        placements: PlacementFigures {
            cross_province: c.cross_province,
            in_province: c.in_province,
            local: c.local,
        },
    }
}

fn township_name(township: &str) -> String {
    if township.is_empty() {
        NO_HOUSEHOLD.to_string()
    } else {
        township.to_string()
    }
}

/// The dashboard of `area` (its list of households waiting for work left empty: the service
/// reads it). `counties` lists the city's counties (code, name) in their order.
pub fn assemble(snapshot: &Snapshot, area: &Area, counties: &[(String, String)]) -> DashboardView {
    let empty = CountyFigures::default();
    let county_figures = |code: &str| snapshot.counties.get(code).unwrap_or(&empty);
    let name_of = |code: &str| {
        counties
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, name)| name.clone())
    };
    let in_area: Vec<&CountyFigures> = match area.county() {
        Some(code) => vec![county_figures(code)],
        None => snapshot.counties.values().collect(),
    };
    let in_township = |township: &str| area.township().is_none_or(|t| t == township);

    let mut total = AreaCounts::default();
    let mut months: BTreeMap<&str, MonthCounts> = BTreeMap::new();
    for figures in &in_area {
        for ((township, _), counts) in &figures.villages {
            if in_township(township) {
                total.add(counts);
            }
        }
        for ((township, month), counts) in &figures.months {
            if in_township(township) {
                let entry = months.entry(month.as_str()).or_default();
                entry.cross_province += counts.cross_province;
                entry.in_province += counts.in_province;
                entry.local += counts.local;
            }
        }
    }
    let monthly = months_until(snapshot.as_of)
        .into_iter()
        .map(|month| {
            let counts = months.get(month.as_str()).copied().unwrap_or_default();
            MonthFigures {
                month,
                cross_province: counts.cross_province,
                in_province: counts.in_province,
                local: counts.local,
            }
        })
        .collect();

    let (by_county, by_township, by_village) = match area {
        Area::City => {
            let rows = counties
                .iter()
                .map(|(code, name)| {
                    let mut sum = AreaCounts::default();
                    for counts in county_figures(code).villages.values() {
                        sum.add(counts);
                    }
                    area_figures(code.clone(), name.clone(), &sum)
                })
                .collect();
            (rows, Vec::new(), Vec::new())
        }
        Area::County(code) => {
            let mut townships: BTreeMap<&str, AreaCounts> = BTreeMap::new();
            for ((township, _), counts) in &county_figures(code).villages {
                townships.entry(township.as_str()).or_default().add(counts);
            }
            // Townships by name, the workers of no household last.
            let mut rows: Vec<AreaFigures> = townships
                .iter()
                .filter(|(t, _)| !t.is_empty())
                .map(|(t, c)| area_figures((*t).to_string(), (*t).to_string(), c))
                .collect();
            rows.extend(
                townships
                    .get("")
                    .map(|c| area_figures(String::new(), township_name(""), c)),
            );
            (Vec::new(), rows, Vec::new())
        }
        Area::Township { county, township } => {
            let rows = county_figures(county)
                .villages
                .iter()
                .filter(|((t, _), _)| t == township)
                .map(|((_, village), c)| area_figures(village.clone(), village.clone(), c))
                .collect();
            (Vec::new(), Vec::new(), rows)
        }
    };

    let with_subsidies = area.township().is_none();
    let subsidies = with_subsidies.then(|| subsidy_figures(&in_area));
    let targets = with_subsidies
        .then(|| target_progress(&in_area, &total))
        .flatten();

    let scope = match area {
        Area::City => DashboardScope {
            kind: "city".to_string(),
            county_code: None,
            county_name: None,
            township: None,
            label: "临汾市".to_string(),
        },
        Area::County(code) => DashboardScope {
            kind: "county".to_string(),
            county_code: Some(code.clone()),
            county_name: Some(name_of(code)),
            township: None,
            label: name_of(code),
        },
        Area::Township { county, township } => DashboardScope {
            kind: "township".to_string(),
            county_code: Some(county.clone()),
            county_name: Some(name_of(county)),
            township: Some(township.clone()),
            label: format!("{} {}", name_of(county), township_name(township)),
        },
    };
    DashboardView {
        scope,
        year: snapshot.year,
        as_of: snapshot.as_of.to_string(),
        computed_at: (snapshot.computed_at + chrono::TimeDelta::hours(8))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        refreshing: false,
        households: households(&total),
        training: TrainingFigures {
            willing: total.training_willing,
            trained: total.training_trained,
        },
        placements: PlacementFigures {
            cross_province: total.cross_province,
            in_province: total.in_province,
            local: total.local,
        },
        subsidies,
        targets,
        monthly,
        by_county,
        by_township,
        by_village,
        households_without_work: Vec::new(),
    }
}

fn subsidy_figures(in_area: &[&CountyFigures]) -> SubsidyFigures {
    let mut figures = SubsidyFigures::default();
    let mut kinds: BTreeMap<usize, SubsidyKindFigures> = BTreeMap::new();
    for claim in in_area.iter().flat_map(|c| c.claims.iter()) {
        let state = ClaimState::parse(&claim.state);
        figures.claims += claim.claims;
        match state {
            Some(ClaimState::Computed) => figures.computed_fen += claim.amount_fen,
            Some(ClaimState::Submitted) => figures.submitted_fen += claim.amount_fen,
            Some(ClaimState::Approved) => figures.approved_fen += claim.amount_fen,
            Some(ClaimState::Paid) => figures.paid_fen += claim.amount_fen,
            Some(ClaimState::Rejected) | None => {}
        }
        let Some(kind) = ClaimKind::parse(&claim.kind) else {
            continue;
        };
        let order = ClaimKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        let entry = kinds.entry(order).or_insert_with(|| SubsidyKindFigures {
            kind: kind.code().to_string(),
            label: kind.label().to_string(),
            claims: 0,
            amount_fen: 0,
            paid_fen: 0,
        });
        if state != Some(ClaimState::Rejected) {
            entry.claims += claim.claims;
            entry.amount_fen += claim.amount_fen;
        }
        if state == Some(ClaimState::Paid) {
            entry.paid_fen += claim.amount_fen;
        }
    }
    figures.by_kind = kinds.into_values().collect();
    figures
}

fn target_progress(in_area: &[&CountyFigures], total: &AreaCounts) -> Option<TargetProgress> {
    let set: Vec<Targets> = in_area.iter().filter_map(|c| c.targets).collect();
    if set.is_empty() {
        return None;
    }
    let targets = set.iter().fold(Targets::default(), |sum, t| Targets {
        households_to_employ: sum.households_to_employ + t.households_to_employ,
        workers_to_train: sum.workers_to_train + t.workers_to_train,
        workers_to_export: sum.workers_to_export + t.workers_to_export,
    });
    Some(TargetProgress {
        households_percent: completion_percent(
            total.households_employed,
            u64::from(targets.households_to_employ),
        ),
        training_percent: completion_percent(
            total.training_trained,
            u64::from(targets.workers_to_train),
        ),
        export_percent: completion_percent(
            total.cross_province + total.in_province,
            u64::from(targets.workers_to_export),
        ),
        counties_with_targets: u32::try_from(set.len()).unwrap_or(u32::MAX),
        targets,
    })
}

#[cfg(test)]
mod tests {
    use super::super::figures::ClaimCounts;
    use super::*;
    use app::domain::calendar::CalendarDate;

    fn counts(total: u64, willing: u64, employed: u64, cross: u64) -> AreaCounts {
        AreaCounts {
            households_total: total,
            households_willing: willing,
            households_employed: employed,
            training_willing: willing * 2,
            training_trained: employed,
            cross_province: cross,
            in_province: 1,
            local: 2,
        }
    }

    fn snapshot() -> Snapshot {
        let mut fushan = CountyFigures::default();
        fushan
            .villages
            .insert(("天坛镇".into(), "北王村".into()), counts(10, 8, 5, 3));
        fushan
            .villages
            .insert(("天坛镇".into(), "南王村".into()), counts(4, 4, 1, 0));
        fushan
            .villages
            .insert(("响水河镇".into(), "东村".into()), counts(6, 2, 2, 1));
        fushan
            .villages
            .insert((String::new(), String::new()), counts(0, 0, 0, 4));
        fushan.months.insert(
            ("天坛镇".into(), "2026-03".into()),
            MonthCounts {
                cross_province: 3,
                in_province: 2,
                local: 4,
            },
        );
        fushan.months.insert(
            (String::new(), "2026-05".into()),
            MonthCounts {
                cross_province: 4,
                ..MonthCounts::default()
            },
        );
        fushan.targets = Some(Targets {
            households_to_employ: 16,
            workers_to_train: 10,
            workers_to_export: 0,
        });
        fushan.claims = vec![
            ClaimCounts {
                kind: "transport".into(),
                state: "paid".into(),
                claims: 2,
                amount_fen: 160_000,
            },
            ClaimCounts {
                kind: "transport".into(),
                state: "rejected".into(),
                claims: 1,
                amount_fen: 80_000,
            },
            ClaimCounts {
                kind: "social_insurance".into(),
                state: "computed".into(),
                claims: 3,
                amount_fen: 30_000,
            },
        ];
        let mut xiangfen = CountyFigures::default();
        xiangfen
            .villages
            .insert(("汾城镇".into(), "古城村".into()), counts(5, 5, 0, 0));
        Snapshot {
            year: 2026,
            as_of: CalendarDate::parse("2026-06-15").unwrap(),
            computed_at: chrono::Utc::now(),
            counties: [
                ("141027".to_string(), fushan),
                ("141023".to_string(), xiangfen),
            ]
            .into_iter()
            .collect(),
        }
    }

    fn counties() -> Vec<(String, String)> {
        vec![
            ("141023".into(), "襄汾县".into()),
            ("141027".into(), "浮山县".into()),
            ("141002".into(), "尧都区".into()),
        ]
    }

    #[test]
    fn a_county_adds_up_its_villages_and_shows_its_townships() {
        let d = assemble(&snapshot(), &Area::County("141027".into()), &counties());
        assert_eq!(d.scope.label, "浮山县");
        assert_eq!(
            d.households,
            HouseholdFigures {
                total: 20,
                willing: 14,
                employed: 8,
                without_work: 6
            }
        );
        assert_eq!(d.placements.cross_province, 8);
        let townships: Vec<&str> = d.by_township.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(townships, vec!["响水河镇", "天坛镇", NO_HOUSEHOLD]);
        assert_eq!(d.by_township[1].households.willing, 12);
        assert!(d.by_county.is_empty() && d.by_village.is_empty());
    }

    #[test]
    fn the_city_lists_every_county_side_by_side_and_sums_them() {
        let d = assemble(&snapshot(), &Area::City, &counties());
        assert_eq!(d.scope.kind, "city");
        assert_eq!(d.households.total, 25);
        assert_eq!(d.households.without_work, 11);
        let names: Vec<&str> = d.by_county.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["襄汾县", "浮山县", "尧都区"]);
        assert_eq!(
            d.by_county[2].households.total, 0,
            "a county with nothing shows zeros"
        );
        let progress = d.targets.unwrap();
        assert_eq!(progress.counties_with_targets, 1);
        assert_eq!(progress.households_percent, Some(8 * 100 / 16));
    }

    #[test]
    fn a_township_shows_its_villages_without_county_money_or_targets() {
        let d = assemble(
            &snapshot(),
            &Area::Township {
                county: "141027".into(),
                township: "天坛镇".into(),
            },
            &counties(),
        );
        assert_eq!(d.scope.label, "浮山县 天坛镇");
        assert_eq!(d.households.total, 14);
        assert_eq!(d.by_village.len(), 2);
        assert!(d.subsidies.is_none() && d.targets.is_none());
        let march = d.monthly.iter().find(|m| m.month == "2026-03").unwrap();
        assert_eq!(march.local, 4);
        assert!(
            d.monthly.iter().all(|m| m.cross_province != 4),
            "another township's"
        );
    }

    #[test]
    fn months_run_to_the_counting_day_and_subsidies_leave_out_rejections() {
        let d = assemble(&snapshot(), &Area::County("141027".into()), &counties());
        assert_eq!(d.monthly.len(), 6);
        assert_eq!(d.monthly[4].cross_province, 4);
        let subsidies = d.subsidies.unwrap();
        assert_eq!(subsidies.claims, 6);
        assert_eq!(subsidies.paid_fen, 160_000);
        assert_eq!(subsidies.computed_fen, 30_000);
        assert_eq!(subsidies.by_kind[0].kind, "transport");
        assert_eq!(subsidies.by_kind[0].claims, 2);
        assert_eq!(subsidies.by_kind[0].amount_fen, 160_000);
        let progress = d.targets.unwrap();
        assert_eq!(progress.training_percent, Some(80));
        assert_eq!(
            progress.export_percent, None,
            "a zero target has no percent"
        );
    }
}
