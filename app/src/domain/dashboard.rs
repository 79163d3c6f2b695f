//! The county dashboard's rules: whose county an official may look at, which day a year's
//! figures are counted on, who is of working age, the quarters of a 考核 report, and the
//! yearly targets (目标任务, policy §一 and §三(二)) a promoter sets.

use super::calendar::CalendarDate;
use super::credentials::FieldError;
use super::id_number::Sex;
use super::role::Scope;
use serde::{Deserialize, Serialize};

/// The first year the policy (临政办发〔2017〕52号) counts.
pub const FIRST_YEAR: u16 = 2017;

/// Why an official may not look at an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AreaRefusal {
    /// Not an official: companies and employers have no dashboard.
    #[error("only promoters and admins have a county dashboard")]
    NotAnOfficial,
    /// Another county: a promoter is told it does not exist (404), as for any record.
    #[error("another county's data")]
    OtherCounty,
}

/// The county an official's view covers: a promoter's own county whatever they ask (another
/// county is refused), an admin's chosen county or, with none, the whole city (`None`).
///
/// # Errors
/// [`AreaRefusal`].
pub fn county_in_view(
    scope: &Scope,
    requested: Option<&str>,
) -> Result<Option<String>, AreaRefusal> {
    let requested = requested.map(str::trim).filter(|c| !c.is_empty());
    match scope {
        Scope::County { code } => match requested {
            Some(other) if other != code => Err(AreaRefusal::OtherCounty),
            _ => Ok(Some(code.clone())),
        },
        Scope::City => Ok(requested.map(str::to_string)),
        Scope::Company { .. } | Scope::Employer { .. } => Err(AreaRefusal::NotAnOfficial),
    }
}

/// The day a year's figures are counted on: today for the current year, 31 December for a
/// past one.
///
/// # Errors
/// A [`FieldError`] on `year` for a future year or one before the policy.
pub fn as_of_for(year: i32, today: CalendarDate) -> Result<CalendarDate, FieldError> {
    let current = i32::from(today.year());
    if year > current || year < i32::from(FIRST_YEAR) {
        return Err(FieldError::new(
            "year",
            format!("年度应在 {FIRST_YEAR}–{current} 之间"),
        ));
    }
    if year == current {
        return Ok(today);
    }
    u16::try_from(year)
        .ok()
        .and_then(|y| CalendarDate::new(y, 12, 31).ok())
        .ok_or_else(|| FieldError::new("year", "年度有误"))
}

/// 1 January of `as_of`'s year: flows (placements, local jobs) are counted from it.
pub fn year_start(as_of: CalendarDate) -> CalendarDate {
    CalendarDate::new(as_of.year(), 1, 1).unwrap_or(as_of)
}

/// The youngest age of work (劳动法 §15).
pub const WORKING_AGE_FROM: u16 = 16;
/// Statutory retirement ages before the 2025 reform, which the county ledgers still use for
/// 法定劳动年龄: 60 for men, 55 for women.
pub const WORKING_AGE_UNTIL_MEN: u16 = 60;
pub const WORKING_AGE_UNTIL_WOMEN: u16 = 55;

/// Whether someone born on `birth` is of legal working age on `on`.
pub fn is_working_age(birth: CalendarDate, sex: Sex, on: CalendarDate) -> bool {
    let age = birth.age_on(on);
    let until = match sex {
        Sex::Male => WORKING_AGE_UNTIL_MEN,
        Sex::Female => WORKING_AGE_UNTIL_WOMEN,
    };
    on >= birth && (WORKING_AGE_FROM..until).contains(&age)
}

/// The birth dates of working age on `on`, for a query: born after the first date and on or
/// before the second (the same rule as [`is_working_age`]).
pub fn working_age_births(sex: Sex, on: CalendarDate) -> Option<(CalendarDate, CalendarDate)> {
    let until = match sex {
        Sex::Male => WORKING_AGE_UNTIL_MEN,
        Sex::Female => WORKING_AGE_UNTIL_WOMEN,
    };
    Some((
        on.years_earlier(until)?,
        on.years_earlier(WORKING_AGE_FROM)?,
    ))
}

/// The quarters of `as_of`'s year that have begun by `as_of`, each with the day it is counted
/// on (its last day, or `as_of` for the running one).
pub fn quarter_ends(as_of: CalendarDate) -> Vec<(u8, CalendarDate)> {
    let year = as_of.year();
    [(1, 3, 31), (2, 6, 30), (3, 9, 30), (4, 12, 31)]
        .into_iter()
        .filter_map(|(quarter, month, day)| {
            let first = CalendarDate::new(year, month - 2, 1).ok()?;
            let last = CalendarDate::new(year, month, day).ok()?;
            (first <= as_of).then_some((quarter, last.min(as_of)))
        })
        .collect()
}

/// `YYYY-MM` of every month of `as_of`'s year up to and including its own.
pub fn months_until(as_of: CalendarDate) -> Vec<String> {
    (1..=as_of.month())
        .map(|month| format!("{:04}-{month:02}", as_of.year()))
        .collect()
}

/// How much of a target is reached, in whole percent (rounded down); none without a target.
pub fn completion_percent(actual: u64, target: u64) -> Option<u64> {
    (target > 0).then(|| actual.saturating_mul(100) / target)
}

/// A county's targets for a year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Targets {
    /// Households with a willing member to have someone employed.
    pub households_to_employ: u32,
    /// Willing workers of working age to train (free, once).
    pub workers_to_train: u32,
    /// Workers to place away from home (in and outside the province).
    pub workers_to_export: u32,
}

/// More than the whole city's people: a typo guard.
const MAX_TARGET: u32 = 1_000_000;

/// The targets form and `PUT /api/v1/targets/{county}/{year}`; numbers as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetsForm {
    pub households_to_employ: String,
    pub workers_to_train: String,
    pub workers_to_export: String,
}

impl TargetsForm {
    /// # Errors
    /// A [`FieldError`] naming the first field that is not a whole number in range.
    pub fn check(&self) -> Result<Targets, FieldError> {
        let number = |field: &'static str, label: &str, text: &str| {
            let text = text.trim().trim_end_matches(['户', '人']).trim();
            match text.parse::<u32>() {
                Ok(n) if n <= MAX_TARGET => Ok(n),
                _ => Err(FieldError::new(
                    field,
                    format!("{label}应为 0–{MAX_TARGET} 的整数"),
                )),
            }
        };
        Ok(Targets {
            households_to_employ: number(
                "households_to_employ",
                "就业户数目标",
                &self.households_to_employ,
            )?,
            workers_to_train: number("workers_to_train", "培训人数目标", &self.workers_to_train)?,
            workers_to_export: number(
                "workers_to_export",
                "转移输出人数目标",
                &self.workers_to_export,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap()
    }

    #[test]
    fn a_promoter_sees_only_their_county_and_an_admin_any_or_the_city() {
        let promoter = Scope::County {
            code: "141027".into(),
        };
        assert_eq!(
            county_in_view(&promoter, None),
            Ok(Some("141027".to_string()))
        );
        assert_eq!(
            county_in_view(&promoter, Some("141027")),
            Ok(Some("141027".to_string()))
        );
        assert_eq!(
            county_in_view(&promoter, Some("141023")),
            Err(AreaRefusal::OtherCounty)
        );
        assert_eq!(county_in_view(&Scope::City, Some(" ")), Ok(None));
        assert_eq!(
            county_in_view(&Scope::City, Some("141023")),
            Ok(Some("141023".to_string()))
        );
        assert_eq!(
            county_in_view(&Scope::Company { id: 1 }, None),
            Err(AreaRefusal::NotAnOfficial)
        );
    }

    #[test]
    fn this_year_counts_today_and_a_past_year_its_last_day() {
        let today = day("2026-12-06");
        assert_eq!(as_of_for(2026, today), Ok(today));
        assert_eq!(as_of_for(2025, today), Ok(day("2025-12-31")));
        assert_eq!(as_of_for(2027, today).unwrap_err().field, "year");
        assert_eq!(as_of_for(2016, today).unwrap_err().field, "year");
        assert_eq!(year_start(today), day("2026-01-01"));
    }

    #[test]
    fn working_age_is_sixteen_until_sixty_for_men_and_fifty_five_for_women() {
        let on = day("2026-12-06");
        assert!(!is_working_age(day("2010-12-07"), Sex::Male, on), "15");
        assert!(is_working_age(day("2010-12-06"), Sex::Male, on), "16 today");
        assert!(is_working_age(day("1966-12-07"), Sex::Male, on), "59");
        assert!(
            !is_working_age(day("1966-12-06"), Sex::Male, on),
            "60 today"
        );
        assert!(is_working_age(day("1971-12-07"), Sex::Female, on), "54");
        assert!(
            !is_working_age(day("1971-12-06"), Sex::Female, on),
            "55 today"
        );
    }

    #[test]
    fn the_birth_range_agrees_with_the_rule() {
        let on = day("2026-12-06");
        for sex in [Sex::Male, Sex::Female] {
            let (after, until) = working_age_births(sex, on).unwrap();
            for years in 10..=65 {
                let anniversary = on.years_earlier(years).unwrap();
                for day_of_month in [5, 6, 7] {
                    let birth = CalendarDate::new(anniversary.year(), 12, day_of_month).unwrap();
                    let in_range = birth > after && birth <= until;
                    assert_eq!(in_range, is_working_age(birth, sex, on), "{birth} {sex:?}");
                }
            }
        }
    }

    #[test]
    fn quarters_begun_are_counted_on_their_last_day_or_today() {
        assert_eq!(
            quarter_ends(day("2026-08-15")),
            vec![
                (1, day("2026-03-31")),
                (2, day("2026-06-30")),
                (3, day("2026-08-15"))
            ]
        );
        assert_eq!(quarter_ends(day("2025-12-31")).len(), 4);
        assert_eq!(
            quarter_ends(day("2026-01-01")),
            vec![(1, day("2026-01-01"))]
        );
    }

    #[test]
    fn months_run_from_january_to_the_counting_day() {
        assert_eq!(
            months_until(day("2026-03-02")),
            vec!["2026-01", "2026-02", "2026-03"]
        );
    }

    #[test]
    fn completion_is_whole_percent_and_needs_a_target() {
        assert_eq!(completion_percent(3, 4), Some(75));
        assert_eq!(completion_percent(5, 4), Some(125));
        assert_eq!(completion_percent(5, 0), None);
    }

    #[test]
    fn targets_are_whole_numbers_and_each_bad_one_is_named() {
        let form = TargetsForm {
            households_to_employ: "120户".into(),
            workers_to_train: " 300 ".into(),
            workers_to_export: "80".into(),
        };
        assert_eq!(
            form.check(),
            Ok(Targets {
                households_to_employ: 120,
                workers_to_train: 300,
                workers_to_export: 80
            })
        );
        for (field, bad) in [
            ("households_to_employ", "-1"),
            ("workers_to_train", "三百"),
            ("workers_to_export", "2000000"),
        ] {
            let mut form = form.clone();
            match field {
                "households_to_employ" => form.households_to_employ = bad.into(),
                "workers_to_train" => form.workers_to_train = bad.into(),
                _ => form.workers_to_export = bad.into(),
            }
            assert_eq!(form.check().unwrap_err().field, field);
        }
    }
}
