//! Policy parameters as dated versions. Every amount and cap of section 三(四) is a parameter
//! that differs by county and year; a version is in force from one date to another, for one
//! county or city-wide, and every claim records the version it was computed with.

use super::calendar::CalendarDate;
use super::credentials::FieldError;
use super::money::Fen;
use super::subsidy::{
    BaseParams, EmployerInsuranceParams, HiringSubsidyParams, InsuranceSubsidyParams,
    TransportParams,
};
use super::training_subsidy::TrainingSubsidyParams;
use serde::{Deserialize, Serialize};

/// The figures of one version. Money in fen, percentages in whole percent, rates in basis
/// points (1/10,000) so 20% is 2000 and 8.5% is 850.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PolicyFigures {
    /// 全省在岗职工平均工资 (annual) of the year the version serves.
    pub annual_average_wage_fen: i64,
    /// Lowest contribution base, percent of the monthly average: default 40.
    pub base_floor_percent: i64,
    /// Highest contribution base, percent of the monthly average: default 300.
    pub base_ceiling_percent: i64,
    /// Flexible-employment pension contribution rate: default 2000 (20%).
    pub pension_rate_bp: i64,
    /// Flexible-employment medical contribution rate: default 800 (8%).
    pub medical_rate_bp: i64,
    /// 一次性交通补助 cap: default 80,000 (800 yuan).
    pub transport_cap_fen: i64,
    /// Social-insurance subsidy share of what was paid: default 2/3.
    pub insurance_share_numerator: i64,
    pub insurance_share_denominator: i64,
    /// Default 36.
    pub insurance_max_months: i64,
    /// Employer's one-off hiring subsidy for a 建档立卡 worker: default 0 (not set).
    pub employer_hiring_fen: i64,
    /// Employer's monthly social-insurance subsidy for a 建档立卡 worker: default 0 (not set).
    pub employer_insurance_monthly_fen: i64,
    /// 职业培训补贴 per free trainee who passed: default 100,000 (1,000 yuan, a placeholder).
    #[serde(default)]
    pub training_per_person_fen: i64,
    /// 创业培训补贴 per free trainee who passed: default 100,000 (a placeholder).
    #[serde(default)]
    pub entrepreneurship_training_fen: i64,
    /// 技能鉴定补贴 per certificate from a free training: default 15,000 (150 yuan, a placeholder).
    #[serde(default)]
    pub skill_appraisal_fen: i64,
    /// 就业服务补贴 per person a service station served in a year: default 30,000 (300 yuan).
    #[serde(default)]
    pub station_service_fen: i64,
}

impl PolicyFigures {
    /// The defaults of design.md, with Shanxi's 2025 average wage as a placeholder an admin
    /// replaces with the published figure.
    pub const DEFAULTS: PolicyFigures = PolicyFigures {
        annual_average_wage_fen: 8_800_000,
        base_floor_percent: 40,
        base_ceiling_percent: 300,
        pension_rate_bp: 2000,
        medical_rate_bp: 800,
        transport_cap_fen: 80_000,
        insurance_share_numerator: 2,
        insurance_share_denominator: 3,
        insurance_max_months: 36,
        employer_hiring_fen: 0,
        employer_insurance_monthly_fen: 0,
        training_per_person_fen: 100_000,
        entrepreneurship_training_fen: 100_000,
        skill_appraisal_fen: 15_000,
        station_service_fen: 30_000,
    };
}

/// One dated version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVersion {
    pub id: i64,
    /// None: city-wide (临汾市); otherwise the county it applies to.
    pub county_code: Option<String>,
    pub effective_from: CalendarDate,
    /// Last day in force; none: until replaced.
    pub effective_to: Option<CalendarDate>,
    pub figures: PolicyFigures,
}

impl PolicyVersion {
    pub fn in_force_on(&self, date: CalendarDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }

    pub fn transport(&self) -> TransportParams {
        TransportParams {
            version: self.id,
            cap_fen: self.figures.transport_cap_fen,
        }
    }

    pub fn insurance(&self) -> InsuranceSubsidyParams {
        InsuranceSubsidyParams {
            version: self.id,
            share_numerator: self.figures.insurance_share_numerator,
            share_denominator: self.figures.insurance_share_denominator,
            max_months: u16::try_from(self.figures.insurance_max_months.clamp(0, 1200))
                .unwrap_or(36),
        }
    }

    pub fn base(&self) -> BaseParams {
        BaseParams {
            version: self.id,
            annual_average_wage_fen: self.figures.annual_average_wage_fen,
            floor_percent: self.figures.base_floor_percent,
            ceiling_percent: self.figures.base_ceiling_percent,
        }
    }

    pub fn hiring(&self) -> HiringSubsidyParams {
        HiringSubsidyParams {
            version: self.id,
            one_off_fen: self.figures.employer_hiring_fen,
        }
    }

    pub fn training(&self) -> TrainingSubsidyParams {
        TrainingSubsidyParams {
            version: self.id,
            per_person_fen: self.figures.training_per_person_fen,
            entrepreneurship_fen: self.figures.entrepreneurship_training_fen,
            appraisal_fen: self.figures.skill_appraisal_fen,
        }
    }

    /// The station service subsidy's amount per person served, with the version.
    pub fn station_service(&self) -> (i64, i64) {
        (self.id, self.figures.station_service_fen)
    }

    pub fn employer_insurance(&self) -> EmployerInsuranceParams {
        EmployerInsuranceParams {
            version: self.id,
            monthly_fen: self.figures.employer_insurance_monthly_fen,
        }
    }
}

/// The version that governs `county_code` on `date`: a county's own version in force beats a
/// city-wide one; among several of the same scope the latest start wins, then the newest.
pub fn version_in_force<'a>(
    versions: &'a [PolicyVersion],
    county_code: Option<&str>,
    date: CalendarDate,
) -> Option<&'a PolicyVersion> {
    versions
        .iter()
        .filter(|v| v.in_force_on(date))
        .filter(|v| v.county_code.is_none() || v.county_code.as_deref() == county_code)
        .max_by_key(|v| (v.county_code.is_some(), v.effective_from, v.id))
}

/// The form an official fills in: text as typed, checked by [`PolicyVersionForm::check`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PolicyVersionForm {
    /// Empty: city-wide (admins only).
    pub county_code: String,
    pub effective_from: String,
    /// Empty: until replaced.
    pub effective_to: String,
    pub annual_average_wage_yuan: String,
    pub base_floor_percent: String,
    pub base_ceiling_percent: String,
    /// Percent, up to two decimals, e.g. `20` or `8.5`.
    pub pension_rate_percent: String,
    pub medical_rate_percent: String,
    pub transport_cap_yuan: String,
    /// e.g. `2/3`.
    pub insurance_share: String,
    pub insurance_max_months: String,
    pub employer_hiring_yuan: String,
    pub employer_insurance_monthly_yuan: String,
    pub training_per_person_yuan: String,
    pub entrepreneurship_training_yuan: String,
    pub skill_appraisal_yuan: String,
    pub station_service_yuan: String,
    /// Why the figures changed (the document number, say).
    pub note: String,
}

/// A checked form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPolicyVersion {
    pub county_code: Option<String>,
    pub effective_from: CalendarDate,
    pub effective_to: Option<CalendarDate>,
    pub figures: PolicyFigures,
    pub note: String,
}

fn money(field: &'static str, raw: &str, label: &str) -> Result<i64, FieldError> {
    let fen = Fen::parse_yuan(raw).map_err(|e| FieldError::new(field, format!("{label}：{e}")))?;
    if fen.0 < 0 {
        return Err(FieldError::new(field, format!("{label}不能为负数")));
    }
    Ok(fen.0)
}

fn whole(
    field: &'static str,
    raw: &str,
    label: &str,
    range: (i64, i64),
) -> Result<i64, FieldError> {
    let value: i64 = raw
        .trim()
        .parse()
        .map_err(|_| FieldError::new(field, format!("{label}应为整数")))?;
    if value < range.0 || value > range.1 {
        return Err(FieldError::new(
            field,
            format!("{label}应在 {} 至 {} 之间", range.0, range.1),
        ));
    }
    Ok(value)
}

/// Percent with up to two decimals as basis points: `20` → 2000, `8.5` → 850.
fn rate_bp(field: &'static str, raw: &str, label: &str) -> Result<i64, FieldError> {
    // A percentage has the same shape as a yuan amount: at most two decimals.
    let hundredths = Fen::parse_yuan(raw)
        .map_err(|_| FieldError::new(field, format!("{label}应为百分数，例如 20 或 8.5")))?;
    if !(0..=10_000).contains(&hundredths.0) {
        return Err(FieldError::new(field, format!("{label}应在 0 至 100 之间")));
    }
    Ok(hundredths.0)
}

impl PolicyVersionForm {
    /// The defaults, as the form shows them for a new version.
    pub fn from_figures(figures: &PolicyFigures) -> Self {
        let yuan = |fen: i64| Fen(fen).to_string();
        let percent = |bp: i64| {
            if bp % 100 == 0 {
                (bp / 100).to_string()
            } else {
                Fen(bp).to_string()
            }
        };
        Self {
            annual_average_wage_yuan: yuan(figures.annual_average_wage_fen),
            base_floor_percent: figures.base_floor_percent.to_string(),
            base_ceiling_percent: figures.base_ceiling_percent.to_string(),
            pension_rate_percent: percent(figures.pension_rate_bp),
            medical_rate_percent: percent(figures.medical_rate_bp),
            transport_cap_yuan: yuan(figures.transport_cap_fen),
            insurance_share: format!(
                "{}/{}",
                figures.insurance_share_numerator, figures.insurance_share_denominator
            ),
            insurance_max_months: figures.insurance_max_months.to_string(),
            employer_hiring_yuan: yuan(figures.employer_hiring_fen),
            employer_insurance_monthly_yuan: yuan(figures.employer_insurance_monthly_fen),
            training_per_person_yuan: yuan(figures.training_per_person_fen),
            entrepreneurship_training_yuan: yuan(figures.entrepreneurship_training_fen),
            skill_appraisal_yuan: yuan(figures.skill_appraisal_fen),
            station_service_yuan: yuan(figures.station_service_fen),
            ..Self::default()
        }
    }

    /// # Errors
    /// The first field that is missing or out of range, named.
    pub fn check(&self) -> Result<CheckedPolicyVersion, FieldError> {
        let county_code = match self.county_code.trim() {
            "" => None,
            code if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) => {
                Some(code.to_string())
            }
            _ => {
                return Err(FieldError::new(
                    "county_code",
                    "县（区）代码应为 6 位数字，全市通用请留空",
                ));
            }
        };
        let effective_from = CalendarDate::parse(&self.effective_from)
            .map_err(|e| FieldError::new("effective_from", format!("生效日期：{e}")))?;
        let effective_to = match self.effective_to.trim() {
            "" => None,
            raw => Some(
                CalendarDate::parse(raw)
                    .map_err(|e| FieldError::new("effective_to", format!("失效日期：{e}")))?,
            ),
        };
        if effective_to.is_some_and(|to| to < effective_from) {
            return Err(FieldError::new("effective_to", "失效日期不能早于生效日期"));
        }
        let annual_average_wage_fen = money(
            "annual_average_wage_yuan",
            &self.annual_average_wage_yuan,
            "全省在岗职工年平均工资",
        )?;
        if annual_average_wage_fen == 0 {
            return Err(FieldError::new(
                "annual_average_wage_yuan",
                "全省在岗职工年平均工资必须大于 0",
            ));
        }
        let base_floor_percent = whole(
            "base_floor_percent",
            &self.base_floor_percent,
            "缴费基数下限（%）",
            (1, 1000),
        )?;
        let base_ceiling_percent = whole(
            "base_ceiling_percent",
            &self.base_ceiling_percent,
            "缴费基数上限（%）",
            (1, 1000),
        )?;
        if base_ceiling_percent < base_floor_percent {
            return Err(FieldError::new(
                "base_ceiling_percent",
                "缴费基数上限不能低于下限",
            ));
        }
        let pension_rate_bp = rate_bp(
            "pension_rate_percent",
            &self.pension_rate_percent,
            "养老保险费率",
        )?;
        let medical_rate_bp = rate_bp(
            "medical_rate_percent",
            &self.medical_rate_percent,
            "医疗保险费率",
        )?;
        let transport_cap_fen = money(
            "transport_cap_yuan",
            &self.transport_cap_yuan,
            "一次性交通补助上限",
        )?;
        let share_error = || {
            FieldError::new(
                "insurance_share",
                "社会保险补贴比例应写成分数，例如 2/3，且不超过 1",
            )
        };
        let (numerator, denominator) = self
            .insurance_share
            .trim()
            .split_once('/')
            .ok_or_else(share_error)?;
        let insurance_share_numerator: i64 = numerator.trim().parse().map_err(|_| share_error())?;
        let insurance_share_denominator: i64 =
            denominator.trim().parse().map_err(|_| share_error())?;
        if insurance_share_denominator <= 0
            || insurance_share_numerator < 0
            || insurance_share_numerator > insurance_share_denominator
        {
            return Err(share_error());
        }
        let insurance_max_months = whole(
            "insurance_max_months",
            &self.insurance_max_months,
            "社会保险补贴最长月数",
            (0, 120),
        )?;
        let employer_hiring_fen = money(
            "employer_hiring_yuan",
            &self.employer_hiring_yuan,
            "一次性吸纳就业补贴",
        )?;
        let employer_insurance_monthly_fen = money(
            "employer_insurance_monthly_yuan",
            &self.employer_insurance_monthly_yuan,
            "用工单位社会保险补贴（每月）",
        )?;
        // Older clients leave the training amounts out: they keep the defaults.
        let optional_money = |field, raw: &str, label, default| match raw.trim() {
            "" => Ok(default),
            raw => money(field, raw, label),
        };
        let training_per_person_fen = optional_money(
            "training_per_person_yuan",
            &self.training_per_person_yuan,
            "职业培训补贴（每人）",
            PolicyFigures::DEFAULTS.training_per_person_fen,
        )?;
        let entrepreneurship_training_fen = optional_money(
            "entrepreneurship_training_yuan",
            &self.entrepreneurship_training_yuan,
            "创业培训补贴（每人）",
            PolicyFigures::DEFAULTS.entrepreneurship_training_fen,
        )?;
        let skill_appraisal_fen = optional_money(
            "skill_appraisal_yuan",
            &self.skill_appraisal_yuan,
            "技能鉴定补贴（每人）",
            PolicyFigures::DEFAULTS.skill_appraisal_fen,
        )?;
        let station_service_fen = optional_money(
            "station_service_yuan",
            &self.station_service_yuan,
            "服务站就业服务补贴（每人每年）",
            PolicyFigures::DEFAULTS.station_service_fen,
        )?;
        let note = self.note.trim().to_string();
        if note.chars().count() > 200 {
            return Err(FieldError::new("note", "说明最多 200 字"));
        }
        Ok(CheckedPolicyVersion {
            county_code,
            effective_from,
            effective_to,
            figures: PolicyFigures {
                annual_average_wage_fen,
                base_floor_percent,
                base_ceiling_percent,
                pension_rate_bp,
                medical_rate_bp,
                transport_cap_fen,
                insurance_share_numerator,
                insurance_share_denominator,
                insurance_max_months,
                employer_hiring_fen,
                employer_insurance_monthly_fen,
                training_per_person_fen,
                entrepreneurship_training_fen,
                skill_appraisal_fen,
                station_service_fen,
            },
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).expect("test date")
    }

    fn version(id: i64, county: Option<&str>, from: &str, to: Option<&str>) -> PolicyVersion {
        PolicyVersion {
            id,
            county_code: county.map(str::to_string),
            effective_from: date(from),
            effective_to: to.map(date),
            figures: PolicyFigures::DEFAULTS,
        }
    }

    #[test]
    fn a_county_version_beats_the_city_wide_one_and_the_latest_start_wins() {
        let versions = [
            version(1, None, "2017-01-01", None),
            version(2, None, "2026-07-01", None),
            version(3, Some("141027"), "2026-01-01", Some("2026-12-31")),
        ];
        let pick = |county, on| version_in_force(&versions, county, date(on)).map(|v| v.id);
        assert_eq!(pick(Some("141023"), "2026-06-30"), Some(1));
        assert_eq!(pick(Some("141023"), "2026-07-01"), Some(2));
        assert_eq!(pick(Some("141027"), "2026-08-01"), Some(3));
        assert_eq!(pick(Some("141027"), "2027-01-01"), Some(2));
        assert_eq!(pick(None, "2016-12-31"), None);
    }

    #[test]
    fn the_form_names_the_field_that_is_wrong() {
        let good = PolicyVersionForm {
            effective_from: "2026-01-01".into(),
            ..PolicyVersionForm::from_figures(&PolicyFigures::DEFAULTS)
        };
        let checked = good.check().expect("defaults are valid");
        assert_eq!(checked.figures, PolicyFigures::DEFAULTS);
        assert_eq!(checked.county_code, None);

        type Spoil = fn(&mut PolicyVersionForm);
        let cases: [(&str, Spoil); 8] = [
            ("effective_from", |f| f.effective_from = "2026-02-30".into()),
            ("effective_to", |f| f.effective_to = "2025-12-31".into()),
            ("county_code", |f| f.county_code = "浮山".into()),
            ("annual_average_wage_yuan", |f| {
                f.annual_average_wage_yuan = "0".into();
            }),
            ("base_ceiling_percent", |f| {
                f.base_ceiling_percent = "30".into()
            }),
            ("pension_rate_percent", |f| {
                f.pension_rate_percent = "120".into()
            }),
            ("insurance_share", |f| f.insurance_share = "4/3".into()),
            ("transport_cap_yuan", |f| f.transport_cap_yuan = "-1".into()),
        ];
        for (field, spoil) in cases {
            let mut form = good.clone();
            spoil(&mut form);
            assert_eq!(form.check().map(|_| ()).unwrap_err().field, field);
        }
    }

    #[test]
    fn rates_keep_two_decimals_as_basis_points() {
        let form = PolicyVersionForm {
            effective_from: "2026-01-01".into(),
            medical_rate_percent: "8.5".into(),
            ..PolicyVersionForm::from_figures(&PolicyFigures::DEFAULTS)
        };
        let figures = form.check().expect("valid").figures;
        assert_eq!(figures.medical_rate_bp, 850);
        assert_eq!(
            PolicyVersionForm::from_figures(&figures).medical_rate_percent,
            "8.50"
        );
    }

    mod properties {
        use super::super::*;
        use crate::domain::insurance::Period;
        use crate::domain::subsidy::{
            check_contribution_base, insurance_subsidy, transport_subsidy,
        };
        use proptest::prelude::*;

        fn figures() -> impl Strategy<Value = PolicyFigures> {
            (
                1_000_000i64..20_000_000,
                20i64..=60,
                200i64..=400,
                0i64..200_000,
                (1i64..=12, 1i64..=12),
                1i64..=48,
            )
                .prop_map(|(wage, floor, ceiling, cap, (a, b), months)| {
                    PolicyFigures {
                        annual_average_wage_fen: wage,
                        base_floor_percent: floor,
                        base_ceiling_percent: ceiling,
                        transport_cap_fen: cap,
                        insurance_share_numerator: a.min(b),
                        insurance_share_denominator: a.max(b),
                        insurance_max_months: months,
                        ..PolicyFigures::DEFAULTS
                    }
                })
        }

        #[derive(Debug, Clone)]
        enum Fact {
            Contribution { month: i32, paid: i64 },
            Signing { day: i64, cost: i64 },
            Base { month: i32, base: i64 },
        }

        fn fact() -> impl Strategy<Value = Fact> {
            prop_oneof![
                (0i32..60, -100i64..2_000_000)
                    .prop_map(|(month, paid)| Fact::Contribution { month, paid }),
                (0i64..1800, 1i64..300_000).prop_map(|(day, cost)| Fact::Signing { day, cost }),
                (0i32..60, 0i64..5_000_000).prop_map(|(month, base)| Fact::Base { month, base }),
            ]
        }

        fn date_after(start: CalendarDate, days: i64) -> CalendarDate {
            let mut date = start;
            for _ in 0..days {
                let (y, m, d) = (date.year(), date.month(), date.day());
                date = CalendarDate::new(y, m, d + 1)
                    .or_else(|_| CalendarDate::new(y, m + 1, 1))
                    .or_else(|_| CalendarDate::new(y + 1, 1, 1))
                    .expect("a next day exists");
            }
            date
        }

        proptest! {
            /// Two versions, the second taking over on a random day in the middle of 2026 (and
            /// a county's own version for 2027), and facts on random dates: each amount is
            /// computed with the version in force on its date, records that version, and stays
            /// within that version's caps; no worker gets two transport subsidies in a year;
            /// no base below the floor passes.
            #[test]
            fn amounts_follow_the_version_in_force_even_when_it_changes_mid_year(
                first in figures(),
                second in figures(),
                county in figures(),
                change_day in 1i64..364,
                facts in proptest::collection::vec(fact(), 1..60),
            ) {
                let start = CalendarDate::new(2026, 1, 1).expect("valid");
                let change = date_after(start, change_day);
                let versions = [
                    PolicyVersion { id: 1, county_code: None, effective_from: start, effective_to: None, figures: first },
                    PolicyVersion { id: 2, county_code: None, effective_from: change, effective_to: None, figures: second },
                    PolicyVersion { id: 3, county_code: Some("141027".into()), effective_from: CalendarDate::new(2027, 1, 1).expect("valid"), effective_to: Some(CalendarDate::new(2027, 12, 31).expect("valid")), figures: county },
                ];
                let january = Period::of(start);
                let mut span: Option<(Period, Period)> = None;
                let mut transport_years: Vec<u16> = Vec::new();
                for fact in facts {
                    match fact {
                        Fact::Contribution { month, paid } => {
                            let period = january.plus(month).expect("in range");
                            let version = version_in_force(&versions, Some("141027"), period.first_day()).expect("a version is in force");
                            prop_assert_eq!(version.id, if period.year() == 2027 { 3 } else if period.first_day() >= change { 2 } else { 1 });
                            if let Ok(r) = insurance_subsidy(version.insurance(), paid, period, true, span) {
                                prop_assert_eq!(r.explanation.parameter_version, version.id);
                                let f = version.figures;
                                prop_assert!(i128::from(r.amount_fen) * i128::from(f.insurance_share_denominator) <= i128::from(paid) * i128::from(f.insurance_share_numerator));
                                let (lo, hi) = span.map_or((period, period), |(a, b)| (a.min(period), b.max(period)));
                                prop_assert!(i64::from(hi.index() - lo.index()) < f.insurance_max_months, "no month past the window");
                                span = Some((lo, hi));
                            }
                        }
                        Fact::Signing { day, cost } => {
                            let signed = date_after(start, day);
                            let version = version_in_force(&versions, Some("141027"), signed).expect("in force");
                            match transport_subsidy(version.transport(), cost, true, signed.year(), &transport_years) {
                                Ok(r) => {
                                    prop_assert!(r.amount_fen <= version.figures.transport_cap_fen && r.amount_fen <= cost);
                                    prop_assert!(!transport_years.contains(&signed.year()));
                                    prop_assert_eq!(r.explanation.parameter_version, version.id);
                                    transport_years.push(signed.year());
                                }
                                Err(_) => prop_assert!(transport_years.contains(&signed.year())),
                            }
                        }
                        Fact::Base { month, base } => {
                            let period = january.plus(month).expect("in range");
                            let version = version_in_force(&versions, Some("141027"), period.first_day()).expect("in force");
                            let f = version.figures;
                            let below = i128::from(base) * 1200 < i128::from(f.annual_average_wage_fen) * i128::from(f.base_floor_percent);
                            if below {
                                prop_assert!(check_contribution_base(version.base(), base).is_err());
                            }
                        }
                    }
                }
            }
        }
    }
}
