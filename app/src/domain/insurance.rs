//! 员工制 enrolment and flexible-employment social insurance (灵活就业人员参保): months, schemes,
//! the forms companies fill in, what a month costs and what is in arrears.

use super::calendar::CalendarDate;
use super::credentials::FieldError;
use super::money::Fen;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A calendar month (费款所属期). Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    year: u16,
    month: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("月份格式应为 YYYY-MM，例如 2026-03")]
pub struct PeriodError;

impl Period {
    /// # Errors
    /// [`PeriodError`] outside 1900-01..2999-12.
    pub fn new(year: u16, month: u8) -> Result<Self, PeriodError> {
        if (1900..=2999).contains(&year) && (1..=12).contains(&month) {
            Ok(Self { year, month })
        } else {
            Err(PeriodError)
        }
    }

    /// Parses `2026-03`, `2026/3`, `202603` or `2026年3月`.
    ///
    /// # Errors
    /// [`PeriodError`].
    pub fn parse(text: &str) -> Result<Self, PeriodError> {
        let text = text.trim().trim_end_matches('月');
        let (year, month) = if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
            (&text[..4], &text[4..])
        } else {
            text.split_once(['-', '/', '.', '年']).ok_or(PeriodError)?
        };
        let year: u16 = year.trim().parse().map_err(|_| PeriodError)?;
        let month: u8 = month.trim().parse().map_err(|_| PeriodError)?;
        Self::new(year, month)
    }

    pub fn of(date: CalendarDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// Months since year 0: differences count months.
    pub fn index(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }

    fn from_index(index: i32) -> Option<Self> {
        let year = u16::try_from(index.div_euclid(12)).ok()?;
        let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
        Self::new(year, month).ok()
    }

    /// The month `months` later (earlier when negative), if it exists.
    pub fn plus(self, months: i32) -> Option<Self> {
        Self::from_index(self.index().checked_add(months)?)
    }

    pub fn first_day(self) -> CalendarDate {
        CalendarDate::new(self.year, self.month, 1)
            .expect("Period::new bounds the year and month, so the first exists")
    }

    /// Every month from `self` to `last`, both included.
    pub fn through(self, last: Period) -> impl Iterator<Item = Period> {
        (self.index()..=last.index()).filter_map(Self::from_index)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The two schemes a flexible-employment participant joins at origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// 基本养老保险
    Pension,
    /// 基本医疗保险
    Medical,
}

impl Scheme {
    pub const ALL: [Scheme; 2] = [Scheme::Pension, Scheme::Medical];

    pub fn code(self) -> &'static str {
        match self {
            Scheme::Pension => "pension",
            Scheme::Medical => "medical",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scheme::Pension => "基本养老保险",
            Scheme::Medical => "基本医疗保险",
        }
    }

    /// Accepts the code and the words agency statements use (养老, 医疗, 职工医保 …).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text == "pension" || text.contains("养老") {
            Some(Scheme::Pension)
        } else if text == "medical" || text.contains("医疗") || text.contains("医保") {
            Some(Scheme::Medical)
        } else {
            None
        }
    }
}

/// The 员工制 work arrangements section 二.16 allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkArrangement {
    /// 弹性工时
    FlexibleHours,
    /// 协商薪酬
    NegotiatedPay,
    /// 轮岗轮休
    Rotation,
}

impl WorkArrangement {
    pub const ALL: [WorkArrangement; 3] = [
        WorkArrangement::FlexibleHours,
        WorkArrangement::NegotiatedPay,
        WorkArrangement::Rotation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WorkArrangement::FlexibleHours => "flexible_hours",
            WorkArrangement::NegotiatedPay => "negotiated_pay",
            WorkArrangement::Rotation => "rotation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkArrangement::FlexibleHours => "弹性工时",
            WorkArrangement::NegotiatedPay => "协商薪酬",
            WorkArrangement::Rotation => "轮岗轮休",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code.trim())
    }

    /// Stored as codes separated by `,`.
    pub fn join(arrangements: &[WorkArrangement]) -> String {
        arrangements
            .iter()
            .map(|a| a.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn split(stored: &str) -> Vec<WorkArrangement> {
        stored.split(',').filter_map(Self::parse).collect()
    }
}

/// Enrolling a worker in 员工制 under a signed 员工制 contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EmployeeSystemForm {
    pub contract_id: i32,
    /// Codes of [`WorkArrangement`]; at least one.
    pub work_arrangements: Vec<String>,
    pub started_on: String,
}

/// A checked enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedEnrolment {
    pub contract_id: i32,
    pub work_arrangements: Vec<WorkArrangement>,
    pub started_on: CalendarDate,
}

impl EmployeeSystemForm {
    /// # Errors
    /// The field that is missing or malformed.
    pub fn check(&self) -> Result<CheckedEnrolment, FieldError> {
        if self.contract_id <= 0 {
            return Err(FieldError::new("contract_id", "请选择已签订的员工制合同"));
        }
        let mut work_arrangements = Vec::new();
        for code in &self.work_arrangements {
            let arrangement = WorkArrangement::parse(code).ok_or_else(|| {
                FieldError::new(
                    "work_arrangements",
                    format!("未知的用工方式“{code}”，可选：弹性工时、协商薪酬、轮岗轮休"),
                )
            })?;
            if !work_arrangements.contains(&arrangement) {
                work_arrangements.push(arrangement);
            }
        }
        if work_arrangements.is_empty() {
            return Err(FieldError::new(
                "work_arrangements",
                "请至少选择一种用工方式（弹性工时、协商薪酬、轮岗轮休）",
            ));
        }
        work_arrangements.sort();
        let started_on = CalendarDate::parse(&self.started_on)
            .map_err(|e| FieldError::new("started_on", format!("纳入员工制日期：{e}")))?;
        Ok(CheckedEnrolment {
            contract_id: self.contract_id,
            work_arrangements,
            started_on,
        })
    }
}

/// Ending an enrolment (员工制 or insurance): a date not before the start, and a reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EnrolmentEnd {
    pub ended_on: String,
    pub reason: String,
}

impl EnrolmentEnd {
    /// # Errors
    /// `ended_on` malformed or before `started_on`; `reason` empty or too long.
    pub fn check(&self, started_on: CalendarDate) -> Result<(CalendarDate, String), FieldError> {
        let ended_on = CalendarDate::parse(&self.ended_on)
            .map_err(|e| FieldError::new("ended_on", format!("结束日期：{e}")))?;
        if ended_on < started_on {
            return Err(FieldError::new(
                "ended_on",
                format!("结束日期不能早于开始日期 {started_on}"),
            ));
        }
        let reason = self.reason.trim();
        if reason.is_empty() {
            return Err(FieldError::new("reason", "请填写结束原因"));
        }
        if reason.chars().count() > 200 {
            return Err(FieldError::new("reason", "结束原因最多 200 字"));
        }
        Ok((ended_on, reason.to_string()))
    }
}

/// Enrolling a worker as a flexible-employment participant at their home county.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InsuranceEnrolmentForm {
    pub worker_id: i32,
    /// Codes of [`Scheme`]; at least one.
    pub schemes: Vec<String>,
    /// The first month contributions are due, `YYYY-MM`.
    pub start_period: String,
    /// The monthly contribution base for the start month's year, in yuan.
    pub monthly_base_yuan: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedInsuranceEnrolment {
    pub worker_id: i32,
    pub schemes: Vec<Scheme>,
    pub start_period: Period,
    pub monthly_base_fen: i64,
}

fn positive_yuan(field: &'static str, raw: &str, label: &str) -> Result<i64, FieldError> {
    let fen = Fen::parse_yuan(raw).map_err(|e| FieldError::new(field, format!("{label}：{e}")))?;
    if fen.0 <= 0 {
        return Err(FieldError::new(field, format!("{label}必须大于 0")));
    }
    Ok(fen.0)
}

impl InsuranceEnrolmentForm {
    /// Shape only; the base's range is checked against the year's parameters by
    /// [`super::subsidy::check_contribution_base`].
    ///
    /// # Errors
    /// The field that is missing or malformed.
    pub fn check(&self) -> Result<CheckedInsuranceEnrolment, FieldError> {
        if self.worker_id <= 0 {
            return Err(FieldError::new("worker_id", "请选择劳动者"));
        }
        let mut schemes = Vec::new();
        for code in &self.schemes {
            let scheme = Scheme::parse(code).ok_or_else(|| {
                FieldError::new("schemes", format!("未知险种“{code}”，可选：养老、医疗"))
            })?;
            if !schemes.contains(&scheme) {
                schemes.push(scheme);
            }
        }
        if schemes.is_empty() {
            return Err(FieldError::new(
                "schemes",
                "请至少选择一个险种（基本养老保险、基本医疗保险）",
            ));
        }
        schemes.sort();
        let start_period = Period::parse(&self.start_period)
            .map_err(|e| FieldError::new("start_period", format!("参保起始月：{e}")))?;
        let monthly_base_fen =
            positive_yuan("monthly_base_yuan", &self.monthly_base_yuan, "缴费基数")?;
        Ok(CheckedInsuranceEnrolment {
            worker_id: self.worker_id,
            schemes,
            start_period,
            monthly_base_fen,
        })
    }
}

/// Choosing the monthly base for one year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContributionBaseForm {
    pub year: String,
    pub monthly_base_yuan: String,
}

impl ContributionBaseForm {
    /// # Errors
    /// `year` outside 2000–2999, `monthly_base_yuan` not a positive amount.
    pub fn check(&self) -> Result<(u16, i64), FieldError> {
        let year: u16 = self
            .year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2999).contains(y))
            .ok_or_else(|| FieldError::new("year", "缴费年度应为四位年份，例如 2026"))?;
        let base = positive_yuan("monthly_base_yuan", &self.monthly_base_yuan, "缴费基数")?;
        Ok((year, base))
    }
}

/// One month's contribution as recorded by hand or read from an agency statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContributionForm {
    /// `YYYY-MM`.
    pub period: String,
    pub base_yuan: String,
    /// What was actually paid (实缴); 0 records a month known to be unpaid.
    pub paid_yuan: String,
    /// Empty when nothing was paid.
    pub paid_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedContribution {
    pub period: Period,
    pub base_fen: i64,
    pub paid_fen: i64,
    pub paid_on: Option<CalendarDate>,
}

impl ContributionForm {
    /// # Errors
    /// The field that is malformed; a payment without a date; a date before the month.
    pub fn check(&self) -> Result<CheckedContribution, FieldError> {
        let period = Period::parse(&self.period)
            .map_err(|e| FieldError::new("period", format!("费款所属期：{e}")))?;
        let base_fen = positive_yuan("base_yuan", &self.base_yuan, "缴费基数")?;
        let paid_fen = Fen::parse_yuan(&self.paid_yuan)
            .map_err(|e| FieldError::new("paid_yuan", format!("实缴金额：{e}")))?
            .0;
        if paid_fen < 0 {
            return Err(FieldError::new("paid_yuan", "实缴金额不能为负数"));
        }
        let paid_on = match self.paid_on.trim() {
            "" if paid_fen == 0 => None,
            "" => {
                return Err(FieldError::new("paid_on", "请填写缴费日期"));
            }
            raw => Some(
                CalendarDate::parse(raw)
                    .map_err(|e| FieldError::new("paid_on", format!("缴费日期：{e}")))?,
            ),
        };
        // Agencies collect a month in advance at the earliest: a payment dated a year before
        // its month is a typo.
        if let Some(on) = paid_on
            && Period::of(on).index() < period.index() - 12
        {
            return Err(FieldError::new(
                "paid_on",
                format!("缴费日期 {on} 早于所属期 {period} 一年以上，请核对"),
            ));
        }
        Ok(CheckedContribution {
            period,
            base_fen,
            paid_fen,
            paid_on,
        })
    }
}

/// What a month costs at `base_fen` and `rate_bp` basis points, rounded down to the fen.
pub fn month_due_fen(base_fen: i64, rate_bp: i64) -> i64 {
    let due = i128::from(base_fen.max(0)) * i128::from(rate_bp.max(0)) / 10_000;
    i64::try_from(due).unwrap_or(i64::MAX)
}

/// Months due but not (fully) paid, and the amount outstanding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Arrears {
    /// The months, oldest first.
    pub months: Vec<String>,
    pub amount_fen: i64,
}

/// The arrears of one enrolment from `first` to `last` (both included): a month is in arrears
/// when what was paid is less than what was due; `due` gives the month's amount due.
pub fn arrears(
    first: Period,
    last: Period,
    due: impl Fn(Period) -> i64,
    paid: &BTreeMap<Period, i64>,
) -> Arrears {
    let mut result = Arrears::default();
    for period in first.through(last) {
        let owed = due(period) - paid.get(&period).copied().unwrap_or(0);
        if owed > 0 {
            result.months.push(period.to_string());
            result.amount_fen = result.amount_fen.saturating_add(owed);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Period {
        Period::parse(text).expect("test period")
    }

    #[test]
    fn months_parse_in_the_shapes_statements_use() {
        for text in ["2026-03", "2026/3", "202603", "2026年3月", " 2026.03 "] {
            assert_eq!(period(text), Period::new(2026, 3).expect("valid"), "{text}");
        }
        for text in ["2026-13", "2026", "26-03", "三月", ""] {
            assert!(Period::parse(text).is_err(), "{text}");
        }
        assert_eq!(period("2026-12").plus(1), Some(period("2027-01")));
        assert_eq!(period("2026-01").plus(-1), Some(period("2025-12")));
        assert_eq!(period("2026-11").through(period("2027-02")).count(), 4);
    }

    #[test]
    fn arrears_count_unpaid_and_short_months() {
        let paid = BTreeMap::from([(period("2026-01"), 10_000), (period("2026-03"), 6_000)]);
        let owed = arrears(period("2026-01"), period("2026-04"), |_| 10_000, &paid);
        assert_eq!(owed.months, ["2026-02", "2026-03", "2026-04"]);
        assert_eq!(owed.amount_fen, 10_000 + 4_000 + 10_000);
    }

    #[test]
    fn a_month_costs_base_times_rate_rounded_down() {
        // 3,520.01 yuan at 20% = 704.002 → 704.00.
        assert_eq!(month_due_fen(352_001, 2000), 70_400);
        assert_eq!(month_due_fen(352_000, 850), 29_920);
    }

    #[test]
    fn forms_name_the_field_that_is_wrong() {
        let enrol = InsuranceEnrolmentForm {
            worker_id: 1,
            schemes: vec!["pension".into(), "养老".into(), "medical".into()],
            start_period: "2026-03".into(),
            monthly_base_yuan: "3520".into(),
        };
        let checked = enrol.check().expect("valid");
        assert_eq!(checked.schemes, [Scheme::Pension, Scheme::Medical]);
        let no_scheme = InsuranceEnrolmentForm {
            schemes: vec![],
            ..enrol.clone()
        };
        assert_eq!(no_scheme.check().unwrap_err().field, "schemes");

        let contribution = ContributionForm {
            period: "2026-03".into(),
            base_yuan: "3520".into(),
            paid_yuan: "704".into(),
            paid_on: "".into(),
        };
        assert_eq!(contribution.check().unwrap_err().field, "paid_on");
        let unpaid = ContributionForm {
            paid_yuan: "0".into(),
            ..contribution.clone()
        };
        assert_eq!(unpaid.check().expect("valid").paid_on, None);

        let employee_system = EmployeeSystemForm {
            contract_id: 3,
            work_arrangements: vec!["rotation".into(), "flexible_hours".into()],
            started_on: "2026-03-01".into(),
        };
        assert_eq!(
            employee_system.check().expect("valid").work_arrangements,
            [WorkArrangement::FlexibleHours, WorkArrangement::Rotation]
        );
        let none = EmployeeSystemForm {
            work_arrangements: vec![],
            ..employee_system
        };
        assert_eq!(none.check().unwrap_err().field, "work_arrangements");

        let end = EnrolmentEnd {
            ended_on: "2026-02-01".into(),
            reason: "合同到期".into(),
        };
        let start = CalendarDate::parse("2026-03-01").expect("date");
        assert_eq!(end.check(start).unwrap_err().field, "ended_on");
    }
}
