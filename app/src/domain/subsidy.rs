//! The money rules of 临政办发〔2017〕52号 section 三(四), as pure functions over integer fen.
//! Each returns the amount and the reasons it used (rule, parameter version, inputs, formula),
//! so every yuan can be traced to the rule and the parameter version that granted it.
//! Rounding: amounts are rounded down to the fen.

use super::insurance::Period;
use serde::{Deserialize, Serialize};

/// Why an amount is what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Explanation {
    /// A stable rule code, e.g. `transport`.
    pub rule: String,
    /// The policy-parameter version the amount was computed with.
    pub parameter_version: i64,
    /// The facts used, by name, as shown to users.
    pub inputs: Vec<(String, String)>,
    /// The formula in words and numbers.
    pub formula: String,
}

/// An amount with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Ruling {
    pub amount_fen: i64,
    pub explanation: Explanation,
}

/// Why nothing is granted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Ineligible(pub String);

fn yuan(fen: i64) -> String {
    super::money::Fen(fen).to_string()
}

/// The transport subsidy's parameters (一次性交通补助).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransportParams {
    pub version: i64,
    /// Default 80,000 fen (800 yuan).
    pub cap_fen: i64,
}

/// A worker placed across provinces with a contract signed in `year` may claim the actual
/// travel cost up to the cap, once per calendar year.
///
/// # Errors
/// [`Ineligible`] when the placement is within Shanxi, the year was already claimed, or the
/// cost is not positive.
pub fn transport_subsidy(
    params: TransportParams,
    travel_cost_fen: i64,
    cross_province: bool,
    year: u16,
    years_already_granted: &[u16],
) -> Result<Ruling, Ineligible> {
    if !cross_province {
        return Err(Ineligible("一次性交通补助只发给跨省输出的劳动者".into()));
    }
    if years_already_granted.contains(&year) {
        return Err(Ineligible(format!(
            "{year} 年已享受过一次性交通补助，每人每年一次"
        )));
    }
    if travel_cost_fen <= 0 {
        return Err(Ineligible("请填写实际交通费用".into()));
    }
    let cap = params.cap_fen.max(0);
    let amount_fen = travel_cost_fen.min(cap);
    Ok(Ruling {
        amount_fen,
        explanation: Explanation {
            rule: "transport".into(),
            parameter_version: params.version,
            inputs: vec![
                ("实际交通费用（元）".into(), yuan(travel_cost_fen)),
                ("签约年度".into(), year.to_string()),
                ("上限（元）".into(), yuan(cap)),
            ],
            formula: format!(
                "min(实际费用 {}, 上限 {}) = {} 元",
                yuan(travel_cost_fen),
                yuan(cap),
                yuan(amount_fen)
            ),
        },
    })
}

/// The social-insurance subsidy's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InsuranceSubsidyParams {
    pub version: i64,
    /// The share of what was paid: default 2/3.
    pub share_numerator: i64,
    pub share_denominator: i64,
    /// Default 36.
    pub max_months: u16,
}

/// One month of contributions actually paid, by a worker exported under 员工制, earns at most
/// the share of the amount paid. Every subsidised month lies within one window of
/// `max_months` months counted from the first subsidised month, whichever company enrolled
/// the worker: `subsidised` is the first and last month already subsidised, if any.
///
/// # Errors
/// [`Ineligible`] when nothing was paid, the worker was not under 员工制 that month, the month
/// falls outside the window, or the share is malformed.
pub fn insurance_subsidy(
    params: InsuranceSubsidyParams,
    paid_fen: i64,
    period: Period,
    under_employee_system: bool,
    subsidised: Option<(Period, Period)>,
) -> Result<Ruling, Ineligible> {
    if paid_fen <= 0 {
        return Err(Ineligible("当月未实际缴费，不予补贴".into()));
    }
    if !under_employee_system {
        return Err(Ineligible(format!(
            "{period} 劳动者未在员工制管理下输出就业，不予补贴"
        )));
    }
    if params.share_denominator <= 0
        || params.share_numerator < 0
        || params.share_numerator > params.share_denominator
    {
        return Err(Ineligible("补贴比例参数无效".into()));
    }
    let (first, last) = subsidised.map_or((period, period), |(first, last)| {
        (first.min(period), last.max(period))
    });
    let span = last.index() - first.index() + 1;
    let month_number = period.index() - first.index() + 1;
    if span > i32::from(params.max_months) {
        return Err(Ineligible(format!(
            "社会保险补贴最长 {} 个月，自首个补贴月 {first} 起计算，{period} 已超出",
            params.max_months
        )));
    }
    // i128: no overflow for any i64 amount; both positive, so division rounds down.
    let amount = i128::from(paid_fen) * i128::from(params.share_numerator)
        / i128::from(params.share_denominator);
    let amount_fen = i64::try_from(amount).unwrap_or(paid_fen);
    Ok(Ruling {
        amount_fen,
        explanation: Explanation {
            rule: "social_insurance".into(),
            parameter_version: params.version,
            inputs: vec![
                ("费款所属期".into(), period.to_string()),
                ("实际缴费（元）".into(), yuan(paid_fen)),
                ("首个补贴月".into(), first.to_string()),
                (
                    "补贴月序".into(),
                    format!("{month_number}/{}", params.max_months),
                ),
            ],
            formula: format!(
                "{} × {}/{}，向下取整到分 = {} 元（第 {} 个补贴月）",
                yuan(paid_fen),
                params.share_numerator,
                params.share_denominator,
                yuan(amount_fen),
                month_number
            ),
        },
    })
}

/// The flexible-employment contribution base's bounds for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseParams {
    pub version: i64,
    /// 全省在岗职工平均工资 for the year (annual, fen).
    pub annual_average_wage_fen: i64,
    /// Default 40.
    pub floor_percent: i64,
    /// Default 300.
    pub ceiling_percent: i64,
}

/// A base outside the allowed range, with the range in yuan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("缴费基数应在 {} 元至 {} 元之间（全省在岗职工月平均工资的 {floor_percent}%–{ceiling_percent}%）", yuan(*.min_fen), yuan(*.max_fen))]
pub struct BaseOutOfRange {
    pub min_fen: i64,
    pub max_fen: i64,
    pub floor_percent: i64,
    pub ceiling_percent: i64,
}

impl BaseParams {
    /// The lowest and highest monthly base allowed (fen): the floor rounded up, the ceiling
    /// rounded down, so every base inside is allowed exactly.
    pub fn range_fen(self) -> (i64, i64) {
        let annual = i128::from(self.annual_average_wage_fen.max(0));
        let floor = annual * i128::from(self.floor_percent);
        let ceiling = annual * i128::from(self.ceiling_percent);
        // Monthly = annual / 12; percent / 100.
        let min = (floor + 1199) / 1200;
        let max = ceiling / 1200;
        (
            i64::try_from(min).unwrap_or(i64::MAX),
            i64::try_from(max).unwrap_or(i64::MAX),
        )
    }
}

/// Checks a chosen monthly contribution base against the year's floor and ceiling.
///
/// # Errors
/// [`BaseOutOfRange`] stating the allowed range in yuan.
pub fn check_contribution_base(
    params: BaseParams,
    monthly_base_fen: i64,
) -> Result<(), BaseOutOfRange> {
    let (min_fen, max_fen) = params.range_fen();
    if monthly_base_fen < min_fen || monthly_base_fen > max_fen {
        return Err(BaseOutOfRange {
            min_fen,
            max_fen,
            floor_percent: params.floor_percent,
            ceiling_percent: params.ceiling_percent,
        });
    }
    Ok(())
}

/// The enterprise hiring subsidy's parameters (as for urban hard-to-employ people). Both
/// amounts are 0 until a county sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HiringSubsidyParams {
    pub version: i64,
    /// One-off, per worker hired.
    pub one_off_fen: i64,
}

/// An employer that hires a worker from a registered poor household (建档立卡) earns the
/// one-off hiring subsidy, once per worker and employer. (Its social-insurance part follows
/// [`insurance_subsidy`] on the contributions the employer pays.)
///
/// # Errors
/// [`Ineligible`] when the worker is not from a registered household, it was granted already,
/// or the amount is not set (0).
pub fn hiring_subsidy(
    params: HiringSubsidyParams,
    poverty_registered: bool,
    already_granted: bool,
) -> Result<Ruling, Ineligible> {
    if !poverty_registered {
        return Err(Ineligible("劳动者不属于建档立卡贫困家庭".into()));
    }
    if already_granted {
        return Err(Ineligible(
            "该用工单位已为这位劳动者领取过吸纳就业补贴".into(),
        ));
    }
    if params.one_off_fen <= 0 {
        return Err(Ineligible("本县尚未设定吸纳就业补贴标准".into()));
    }
    Ok(Ruling {
        amount_fen: params.one_off_fen,
        explanation: Explanation {
            rule: "employer_hiring".into(),
            parameter_version: params.version,
            inputs: vec![("建档立卡".into(), "是".into())],
            formula: format!("一次性吸纳就业补贴 {} 元", yuan(params.one_off_fen)),
        },
    })
}

/// The employer's monthly social-insurance subsidy for a 建档立卡 worker it employs (as for
/// urban hard-to-employ people). 0 until a county sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmployerInsuranceParams {
    pub version: i64,
    pub monthly_fen: i64,
}

/// A month in which the worker's contributions were actually paid while placed with the
/// employer earns the employer the monthly amount, never more than was paid.
///
/// # Errors
/// [`Ineligible`] when the worker is not from a registered household, nothing was paid, or
/// the amount is not set (0).
pub fn employer_insurance_subsidy(
    params: EmployerInsuranceParams,
    poverty_registered: bool,
    period: Period,
    paid_fen: i64,
) -> Result<Ruling, Ineligible> {
    if !poverty_registered {
        return Err(Ineligible("劳动者不属于建档立卡贫困家庭".into()));
    }
    if paid_fen <= 0 {
        return Err(Ineligible("当月未实际缴费，不予补贴".into()));
    }
    if params.monthly_fen <= 0 {
        return Err(Ineligible("本县尚未设定用工单位社会保险补贴标准".into()));
    }
    let amount_fen = params.monthly_fen.min(paid_fen);
    Ok(Ruling {
        amount_fen,
        explanation: Explanation {
            rule: "employer_insurance".into(),
            parameter_version: params.version,
            inputs: vec![
                ("费款所属期".into(), period.to_string()),
                ("建档立卡".into(), "是".into()),
                ("实际缴费（元）".into(), yuan(paid_fen)),
            ],
            formula: format!(
                "min(每月标准 {}, 实际缴费 {}) = {} 元",
                yuan(params.monthly_fen),
                yuan(paid_fen),
                yuan(amount_fen)
            ),
        },
    })
}

/// The kinds of subsidy claim, each with its rule and who claims it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// 一次性交通补助: the labour company claims for its worker.
    Transport,
    /// 社会保险补贴: the labour company claims for its 员工制 worker, per month and scheme.
    SocialInsurance,
    /// 一次性吸纳就业补贴: the employer claims.
    EmployerHiring,
    /// 用工单位社会保险补贴: the employer claims, per month.
    EmployerInsurance,
    /// 职业培训补贴 (创业培训补贴 for entrepreneurship courses): the worker's labour company
    /// claims for a free trainee who passed.
    Training,
    /// 技能鉴定补贴: the worker's labour company claims for a certificate from free training.
    SkillAppraisal,
    /// 就业服务补贴 of a service station: per person it served in a year, claimed by the
    /// station's company (the worker's company for a county's station).
    StationService,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 7] = [
        ClaimKind::Transport,
        ClaimKind::SocialInsurance,
        ClaimKind::EmployerHiring,
        ClaimKind::EmployerInsurance,
        ClaimKind::Training,
        ClaimKind::SkillAppraisal,
        ClaimKind::StationService,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClaimKind::Transport => "transport",
            ClaimKind::SocialInsurance => "social_insurance",
            ClaimKind::EmployerHiring => "employer_hiring",
            ClaimKind::EmployerInsurance => "employer_insurance",
            ClaimKind::Training => "training",
            ClaimKind::SkillAppraisal => "skill_appraisal",
            ClaimKind::StationService => "station_service",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClaimKind::Transport => "一次性交通补助",
            ClaimKind::SocialInsurance => "社会保险补贴",
            ClaimKind::EmployerHiring => "一次性吸纳就业补贴",
            ClaimKind::EmployerInsurance => "用工单位社会保险补贴",
            ClaimKind::Training => "职业培训补贴",
            ClaimKind::SkillAppraisal => "技能鉴定补贴",
            ClaimKind::StationService => "服务站就业服务补贴",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// Whether the employer (not the labour company) claims it.
    pub fn claimed_by_employer(self) -> bool {
        matches!(
            self,
            ClaimKind::EmployerHiring | ClaimKind::EmployerInsurance
        )
    }
}

/// Where a claim is: computed by the system, submitted by the claimant, then reviewed by the
/// county (approved or rejected) and, once approved, paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimState {
    Computed,
    Submitted,
    Approved,
    Rejected,
    Paid,
}

impl ClaimState {
    pub const ALL: [ClaimState; 5] = [
        ClaimState::Computed,
        ClaimState::Submitted,
        ClaimState::Approved,
        ClaimState::Rejected,
        ClaimState::Paid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClaimState::Computed => "computed",
            ClaimState::Submitted => "submitted",
            ClaimState::Approved => "approved",
            ClaimState::Rejected => "rejected",
            ClaimState::Paid => "paid",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClaimState::Computed => "待提交",
            ClaimState::Submitted => "待审核",
            ClaimState::Approved => "已核准",
            ClaimState::Rejected => "已驳回",
            ClaimState::Paid => "已拨付",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// The claimant may still change its evidence (and, for transport, the cost).
    pub fn is_editable(self) -> bool {
        matches!(self, ClaimState::Computed | ClaimState::Rejected)
    }
}

/// A step on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStep {
    Submit,
    Approve,
    Reject,
    Pay,
}

/// A step the claim's state does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ClaimStepError(pub String);

/// The claim's next state after `step`; a submission needs an amount above 0 and evidence.
///
/// # Errors
/// [`ClaimStepError`] saying why the step is not allowed now.
pub fn next_claim_state(
    state: ClaimState,
    step: ClaimStep,
    amount_fen: i64,
    has_evidence: bool,
) -> Result<ClaimState, ClaimStepError> {
    use ClaimState as S;
    match (state, step) {
        (S::Computed | S::Rejected, ClaimStep::Submit) if amount_fen <= 0 => Err(ClaimStepError(
            "补贴金额为 0，不能提交（交通补助请先填写实际交通费用）".into(),
        )),
        (S::Computed | S::Rejected, ClaimStep::Submit) if !has_evidence => Err(ClaimStepError(
            "请先填写凭证（票据号、收据号等）再提交".into(),
        )),
        (S::Computed | S::Rejected, ClaimStep::Submit) => Ok(S::Submitted),
        (S::Submitted, ClaimStep::Approve) => Ok(S::Approved),
        (S::Submitted, ClaimStep::Reject) => Ok(S::Rejected),
        (S::Approved, ClaimStep::Pay) => Ok(S::Paid),
        (state, step) => Err(ClaimStepError(format!(
            "申请当前状态为“{}”，不能{}",
            state.label(),
            match step {
                ClaimStep::Submit => "提交",
                ClaimStep::Approve => "核准",
                ClaimStep::Reject => "驳回",
                ClaimStep::Pay => "标记拨付",
            }
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRANSPORT: TransportParams = TransportParams {
        version: 1,
        cap_fen: 80_000,
    };
    const INSURANCE: InsuranceSubsidyParams = InsuranceSubsidyParams {
        version: 1,
        share_numerator: 2,
        share_denominator: 3,
        max_months: 36,
    };

    #[test]
    fn the_transport_subsidy_pays_the_cost_up_to_800_yuan_once_a_year() {
        let ruling = transport_subsidy(TRANSPORT, 65_050, true, 2027, &[]).unwrap();
        assert_eq!(ruling.amount_fen, 65_050);
        let ruling = transport_subsidy(TRANSPORT, 120_000, true, 2027, &[2026]).unwrap();
        assert_eq!(ruling.amount_fen, 80_000, "capped at 800 yuan");
        assert!(ruling.explanation.formula.contains("800.00"));
        assert_eq!(ruling.explanation.parameter_version, 1);
        assert!(transport_subsidy(TRANSPORT, 50_000, true, 2027, &[2027]).is_err());
        assert!(transport_subsidy(TRANSPORT, 50_000, false, 2027, &[]).is_err());
        assert!(transport_subsidy(TRANSPORT, 0, true, 2027, &[]).is_err());
    }

    fn month(text: &str) -> Period {
        Period::parse(text).expect("test period")
    }

    #[test]
    fn two_thirds_of_what_was_paid_rounded_down_for_36_months() {
        // 600.00 yuan paid → 400.00; 100.00 → 66.66 (not 66.67).
        let first = month("2026-01");
        let paid =
            |fen, period: &str, span| insurance_subsidy(INSURANCE, fen, month(period), true, span);
        assert_eq!(paid(60_000, "2026-01", None).unwrap().amount_fen, 40_000);
        let month_36 = paid(10_000, "2028-12", Some((first, month("2028-11")))).unwrap();
        assert_eq!(month_36.amount_fen, 6_666);
        assert!(
            month_36.explanation.formula.contains("第 36 个补贴月"),
            "{month_36:?}"
        );
        assert!(
            paid(10_000, "2029-01", Some((first, month("2028-12")))).is_err(),
            "no 37th month, even after gaps"
        );
        assert!(
            paid(0, "2026-02", None).is_err(),
            "unpaid months earn nothing"
        );
        assert!(
            insurance_subsidy(INSURANCE, 10_000, month("2026-02"), false, None).is_err(),
            "only under 员工制"
        );
        // A late-recorded earlier month moves the window's start, never stretching it.
        assert!(paid(10_000, "2025-12", Some((first, month("2028-12")))).is_err());
        assert!(paid(10_000, "2025-12", Some((first, month("2028-11")))).is_ok());
    }

    #[test]
    fn the_employer_insurance_subsidy_is_the_monthly_amount_never_above_what_was_paid() {
        let set = EmployerInsuranceParams {
            version: 4,
            monthly_fen: 50_000,
        };
        let march = month("2026-03");
        assert_eq!(
            employer_insurance_subsidy(set, true, march, 70_400)
                .unwrap()
                .amount_fen,
            50_000
        );
        assert_eq!(
            employer_insurance_subsidy(set, true, march, 30_000)
                .unwrap()
                .amount_fen,
            30_000
        );
        assert!(employer_insurance_subsidy(set, false, march, 70_400).is_err());
        let unset = EmployerInsuranceParams {
            version: 1,
            monthly_fen: 0,
        };
        assert!(employer_insurance_subsidy(unset, true, march, 70_400).is_err());
    }

    #[test]
    fn claims_move_computed_submitted_approved_paid_or_rejected_and_back() {
        use ClaimState as S;
        use ClaimStep as T;
        assert_eq!(
            next_claim_state(S::Computed, T::Submit, 100, true),
            Ok(S::Submitted)
        );
        assert!(next_claim_state(S::Computed, T::Submit, 0, true).is_err());
        assert!(next_claim_state(S::Computed, T::Submit, 100, false).is_err());
        assert_eq!(
            next_claim_state(S::Submitted, T::Approve, 100, true),
            Ok(S::Approved)
        );
        assert_eq!(
            next_claim_state(S::Submitted, T::Reject, 100, true),
            Ok(S::Rejected)
        );
        assert_eq!(
            next_claim_state(S::Rejected, T::Submit, 100, true),
            Ok(S::Submitted)
        );
        assert_eq!(
            next_claim_state(S::Approved, T::Pay, 100, true),
            Ok(S::Paid)
        );
        for state in ClaimState::ALL {
            for step in [T::Submit, T::Approve, T::Reject, T::Pay] {
                let allowed = matches!(
                    (state, step),
                    (S::Computed | S::Rejected, T::Submit)
                        | (S::Submitted, T::Approve | T::Reject)
                        | (S::Approved, T::Pay)
                );
                assert_eq!(
                    next_claim_state(state, step, 100, true).is_ok(),
                    allowed,
                    "{state:?} {step:?}"
                );
            }
        }
    }

    #[test]
    fn the_base_must_lie_between_40_and_300_percent_of_the_monthly_average() {
        // An annual average of 78,000.00 yuan: 6,500.00 a month; 40% = 2,600.00, 300% = 19,500.00.
        let params = BaseParams {
            version: 3,
            annual_average_wage_fen: 7_800_000,
            floor_percent: 40,
            ceiling_percent: 300,
        };
        assert_eq!(params.range_fen(), (260_000, 1_950_000));
        assert!(check_contribution_base(params, 260_000).is_ok());
        assert!(check_contribution_base(params, 1_950_000).is_ok());
        let low = check_contribution_base(params, 259_999).unwrap_err();
        assert_eq!(
            low.to_string(),
            "缴费基数应在 2600.00 元至 19500.00 元之间（全省在岗职工月平均工资的 40%–300%）"
        );
        assert!(check_contribution_base(params, 1_950_001).is_err());
    }

    #[test]
    fn employers_earn_the_hiring_subsidy_once_for_a_registered_poor_worker() {
        let unset = HiringSubsidyParams {
            version: 1,
            one_off_fen: 0,
        };
        assert!(
            hiring_subsidy(unset, true, false).is_err(),
            "0 until a county sets it"
        );
        let set = HiringSubsidyParams {
            version: 2,
            one_off_fen: 100_000,
        };
        let ruling = hiring_subsidy(set, true, false).unwrap();
        assert_eq!(ruling.amount_fen, 100_000);
        assert_eq!(ruling.explanation.parameter_version, 2);
        assert!(hiring_subsidy(set, false, false).is_err());
        assert!(hiring_subsidy(set, true, true).is_err());
    }

    #[test]
    fn a_floor_that_is_not_a_whole_fen_rounds_up() {
        // 10,000.01 yuan a year: 40% of a month is 333.3336… yuan → 333.34 is the lowest base.
        let params = BaseParams {
            version: 1,
            annual_average_wage_fen: 1_000_001,
            floor_percent: 40,
            ceiling_percent: 300,
        };
        let (min, _) = params.range_fen();
        assert_eq!(min, 33_334);
        assert!(check_contribution_base(params, 33_333).is_err());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn insurance_params() -> impl Strategy<Value = InsuranceSubsidyParams> {
            (1i64..100, 1i64..=100, 1u16..=60).prop_map(|(version, denominator, max_months)| {
                InsuranceSubsidyParams {
                    version,
                    share_numerator: denominator * 2 / 3,
                    share_denominator: denominator,
                    max_months,
                }
            })
        }

        proptest! {
            #[test]
            fn no_transport_amount_exceeds_its_cap_or_the_cost(
                cap in 0i64..1_000_000,
                cost in 1i64..10_000_000,
                year in 2017u16..2040,
                claimed in proptest::collection::vec(2017u16..2040, 0..5),
            ) {
                let params = TransportParams { version: 1, cap_fen: cap };
                match transport_subsidy(params, cost, true, year, &claimed) {
                    Ok(r) => {
                        prop_assert!(r.amount_fen <= cap && r.amount_fen <= cost);
                        prop_assert!(!claimed.contains(&year), "never twice in a year");
                    }
                    Err(_) => prop_assert!(claimed.contains(&year)),
                }
            }

            #[test]
            fn no_insurance_amount_exceeds_its_share_or_a_37th_month(
                params in insurance_params(),
                months in proptest::collection::vec((0i32..120, -1_000i64..10_000_000), 1..80),
            ) {
                // Months recorded in any order, as statements arrive; the granted ones must fit
                // one window of max_months and each pay at most the share of what was paid.
                let start = Period::new(2026, 1).expect("valid");
                let mut span: Option<(Period, Period)> = None;
                for (offset, paid) in months {
                    let period = start.plus(offset).expect("in range");
                    if let Ok(r) = insurance_subsidy(params, paid, period, true, span) {
                        prop_assert!(paid > 0);
                        prop_assert!(r.amount_fen >= 0);
                        prop_assert!(
                            i128::from(r.amount_fen) * i128::from(params.share_denominator)
                                <= i128::from(paid) * i128::from(params.share_numerator)
                        );
                        span = Some(span.map_or((period, period), |(first, last)| {
                            (first.min(period), last.max(period))
                        }));
                    }
                    if let Some((first, last)) = span {
                        prop_assert!(last.index() - first.index() < i32::from(params.max_months));
                    }
                }
            }

            #[test]
            fn a_base_below_the_floor_is_always_refused(
                annual in 1_000_000i64..50_000_000,
                floor in 1i64..100,
                ceiling in 100i64..500,
                base in 0i64..20_000_000,
            ) {
                let params = BaseParams {
                    version: 1,
                    annual_average_wage_fen: annual,
                    floor_percent: floor,
                    ceiling_percent: ceiling,
                };
                let below_floor = i128::from(base) * 1200 < i128::from(annual) * i128::from(floor);
                let above_ceiling = i128::from(base) * 1200 > i128::from(annual) * i128::from(ceiling);
                prop_assert_eq!(
                    check_contribution_base(params, base).is_err(),
                    below_floor || above_ceiling
                );
            }
        }
    }
}
