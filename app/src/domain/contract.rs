//! Labour contracts (劳动合同): their terms, the clauses a Chinese labour contract must carry
//! (劳动合同法 第十七条), the signing state machine, and placements (输出就业) that follow.
//!
//! A contract version is drafted from an accepted hire line, edited while unsigned, signed by
//! the employer and by the company on the worker's behalf (with the worker's confirmation
//! recorded); once both have signed it never changes. A change after that is an amendment: a new
//! version, signed again, which supersedes the old one when complete.

use super::calendar::CalendarDate;
use super::credentials::FieldError;
use super::money::Fen;
use serde::{Deserialize, Serialize};

/// Who the worker's employer of record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    /// The employer hires the worker directly.
    Direct,
    /// 员工制: the labour company employs the worker and sends them to the employer.
    EmployeeSystem,
}

impl ContractKind {
    pub const ALL: [ContractKind; 2] = [ContractKind::Direct, ContractKind::EmployeeSystem];

    pub fn code(self) -> &'static str {
        match self {
            ContractKind::Direct => "direct",
            ContractKind::EmployeeSystem => "employee_system",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            ContractKind::Direct => "直接用工（用工单位与劳动者签订）",
            ContractKind::EmployeeSystem => "员工制（劳务公司与劳动者签订，派往用工单位）",
        }
    }
}

/// 合同期限.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    Fixed,
    OpenEnded,
    Task,
}

impl TermKind {
    pub const ALL: [TermKind; 3] = [TermKind::Fixed, TermKind::OpenEnded, TermKind::Task];

    pub fn code(self) -> &'static str {
        match self {
            TermKind::Fixed => "fixed",
            TermKind::OpenEnded => "open_ended",
            TermKind::Task => "task",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            TermKind::Fixed => "固定期限",
            TermKind::OpenEnded => "无固定期限",
            TermKind::Task => "以完成一定工作任务为期限",
        }
    }
}

/// 工时制度.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HoursSystem {
    Standard,
    Comprehensive,
    Flexible,
}

impl HoursSystem {
    pub const ALL: [HoursSystem; 3] = [
        HoursSystem::Standard,
        HoursSystem::Comprehensive,
        HoursSystem::Flexible,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HoursSystem::Standard => "standard",
            HoursSystem::Comprehensive => "comprehensive",
            HoursSystem::Flexible => "flexible",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            HoursSystem::Standard => "标准工时制",
            HoursSystem::Comprehensive => "综合计算工时制",
            HoursSystem::Flexible => "不定时工作制",
        }
    }
}

/// The clause texts a template supplies and parties may edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractClauses {
    /// 工作时间和休息休假.
    pub rest: String,
    /// 社会保险.
    pub social_insurance: String,
    /// 劳动保护、劳动条件和职业危害防护.
    pub labour_protection: String,
    /// 其他约定.
    pub other: String,
}

/// The content of one contract version: what is shown, printed and hashed. Field order is the
/// canonical order (serde keeps declaration order), so the same terms always hash the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractTerms {
    pub kind: ContractKind,
    /// 甲方: the employer (direct) or the labour company (员工制).
    pub party_a: String,
    /// 乙方: the worker.
    pub worker_name: String,
    /// The receiving employer under 员工制 (用工单位); the company under a direct contract.
    pub other_party: String,
    pub term_kind: TermKind,
    pub start_date: String,
    pub end_date: Option<String>,
    pub probation_months: u8,
    pub position: String,
    pub place: String,
    pub region_code: String,
    pub monthly_wage_fen: i64,
    /// Day of the month wages are paid.
    pub pay_day: u8,
    pub hours_system: HoursSystem,
    /// 弹性工时.
    pub flexible_hours: bool,
    /// 协商薪酬.
    pub negotiated_pay: bool,
    /// 轮岗轮休.
    pub rotation: bool,
    pub clauses: ContractClauses,
}

/// The editable terms as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractTermsForm {
    /// `direct` or `employee_system`.
    pub kind: String,
    /// `fixed`, `open_ended` or `task`.
    pub term_kind: String,
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub probation_months: String,
    pub position: String,
    pub place: String,
    pub monthly_wage_yuan: String,
    #[serde(default)]
    pub pay_day: String,
    /// `standard`, `comprehensive` or `flexible`.
    pub hours_system: String,
    #[serde(default)]
    pub flexible_hours: bool,
    #[serde(default)]
    pub negotiated_pay: bool,
    #[serde(default)]
    pub rotation: bool,
    #[serde(default)]
    pub clauses: ContractClauses,
}

/// What a form may change; the parties' names and the region come from the hire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedTerms {
    pub kind: ContractKind,
    pub term_kind: TermKind,
    pub start_date: CalendarDate,
    pub end_date: Option<CalendarDate>,
    pub probation_months: u8,
    pub position: String,
    pub place: String,
    pub monthly_wage_fen: i64,
    pub pay_day: u8,
    pub hours_system: HoursSystem,
    pub flexible_hours: bool,
    pub negotiated_pay: bool,
    pub rotation: bool,
    pub clauses: ContractClauses,
}

fn text(field: &'static str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let value = value.trim();
    let n = value.chars().count();
    if n < min || n > max {
        return Err(FieldError::new(
            field,
            if min > 0 {
                format!("应为 {min}–{max} 个字")
            } else {
                format!("最多 {max} 个字")
            },
        ));
    }
    Ok(value.to_string())
}

fn small_number(
    field: &'static str,
    value: &str,
    default: u8,
    range: std::ops::RangeInclusive<u8>,
) -> Result<u8, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(default);
    }
    value
        .parse::<u8>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            FieldError::new(
                field,
                format!("应为 {}–{} 的整数", range.start(), range.end()),
            )
        })
}

/// The same day `years` later (28 February for a 29 February start in a common year).
fn anniversary(start: CalendarDate, years: u16) -> Option<CalendarDate> {
    let year = start.year().checked_add(years)?;
    CalendarDate::new(year, start.month(), start.day())
        .or_else(|_| CalendarDate::new(year, start.month(), start.day() - 1))
        .ok()
}

impl ContractTermsForm {
    /// Checks the terms (劳动合同法 第十七、十九条: probation at most 6 months and only for a
    /// fixed term of at least 3 months, none for a task contract).
    ///
    /// # Errors
    /// A [`FieldError`] naming the first bad field.
    pub fn check(&self) -> Result<CheckedTerms, FieldError> {
        let kind = ContractKind::parse(&self.kind)
            .ok_or_else(|| FieldError::new("kind", "请选择直接用工或员工制"))?;
        let term_kind = TermKind::parse(&self.term_kind)
            .ok_or_else(|| FieldError::new("term_kind", "请选择合同期限类型"))?;
        let start_date = CalendarDate::parse(&self.start_date)
            .map_err(|e| FieldError::new("start_date", format!("开始日期无效：{e}")))?;
        let end_date = match self.end_date.trim() {
            "" => None,
            text => Some(
                CalendarDate::parse(text)
                    .map_err(|e| FieldError::new("end_date", format!("结束日期无效：{e}")))?,
            ),
        };
        match (term_kind, end_date) {
            (TermKind::Fixed, None) => {
                return Err(FieldError::new("end_date", "固定期限合同须写明结束日期"));
            }
            (_, Some(end)) if end <= start_date => {
                return Err(FieldError::new("end_date", "结束日期应晚于开始日期"));
            }
            (TermKind::OpenEnded, Some(_)) => {
                return Err(FieldError::new("end_date", "无固定期限合同不写结束日期"));
            }
            _ => {}
        }
        let probation_months = small_number("probation_months", &self.probation_months, 0, 0..=6)?;
        if probation_months > 0 {
            let allowed = match (term_kind, end_date) {
                (TermKind::Task, _) => 0,
                (TermKind::OpenEnded, _) => 6,
                (TermKind::Fixed, Some(end)) => {
                    // 3 months to under 1 year: 1; 1 to under 3 years: 2; 3 years or more: 6.
                    let lasts = |years: u16| {
                        anniversary(start_date, years)
                            .is_some_and(|a| end.days_since_epoch() >= a.days_since_epoch() - 1)
                    };
                    let days = end.days_since_epoch() - start_date.days_since_epoch() + 1;
                    if lasts(3) {
                        6
                    } else if lasts(1) {
                        2
                    } else if days >= 90 {
                        1
                    } else {
                        0
                    }
                }
                (TermKind::Fixed, None) => 0,
            };
            if probation_months > allowed {
                return Err(FieldError::new(
                    "probation_months",
                    format!("按合同期限，试用期最多 {allowed} 个月"),
                ));
            }
        }
        let position = text("position", &self.position, 2, 32)?;
        let place = text("place", &self.place, 2, 64)?;
        let wage = Fen::parse_yuan(&self.monthly_wage_yuan)
            .map_err(|e| FieldError::new("monthly_wage_yuan", e.to_string()))?;
        if !(100_000..=10_000_000).contains(&wage.0) {
            return Err(FieldError::new(
                "monthly_wage_yuan",
                "月工资应在 1000–100000 元之间",
            ));
        }
        let pay_day = small_number("pay_day", &self.pay_day, 15, 1..=31)?;
        let hours_system = HoursSystem::parse(&self.hours_system)
            .ok_or_else(|| FieldError::new("hours_system", "请选择工时制度"))?;
        let clauses = ContractClauses {
            rest: text("rest", &self.clauses.rest, 4, 2000)?,
            social_insurance: text("social_insurance", &self.clauses.social_insurance, 4, 2000)?,
            labour_protection: text(
                "labour_protection",
                &self.clauses.labour_protection,
                4,
                2000,
            )?,
            other: text("other", &self.clauses.other, 0, 2000)?,
        };
        Ok(CheckedTerms {
            kind,
            term_kind,
            start_date,
            end_date,
            probation_months,
            position,
            place,
            monthly_wage_fen: wage.0,
            pay_day,
            hours_system,
            flexible_hours: self.flexible_hours,
            negotiated_pay: self.negotiated_pay,
            rotation: self.rotation,
            clauses,
        })
    }
}

impl ContractTerms {
    /// The bytes a signature's hash covers: the terms as JSON in declaration order.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The clauses in order, as printed: (heading, text).
    pub fn clauses_in_order(&self, region_name: &str) -> Vec<(String, String)> {
        let yuan = Fen(self.monthly_wage_fen);
        let term = match (&self.term_kind, &self.end_date) {
            (TermKind::Fixed, Some(end)) => format!(
                "{}，自 {} 起至 {} 止",
                self.term_kind.label(),
                self.start_date,
                end
            ),
            (kind, _) => format!("{}，自 {} 起", kind.label(), self.start_date),
        };
        let probation = if self.probation_months == 0 {
            "不约定试用期".to_string()
        } else {
            format!("试用期 {} 个月，包含在合同期限内", self.probation_months)
        };
        let mut flexible = Vec::new();
        if self.flexible_hours {
            flexible.push("弹性工时");
        }
        if self.negotiated_pay {
            flexible.push("协商薪酬");
        }
        if self.rotation {
            flexible.push("轮岗轮休");
        }
        let flexible = if flexible.is_empty() {
            "无".to_string()
        } else {
            flexible.join("、")
        };
        vec![
            (
                "一、合同当事人".to_string(),
                format!(
                    "甲方：{}；乙方（劳动者）：{}；{}：{}。用工形式：{}。",
                    self.party_a,
                    self.worker_name,
                    match self.kind {
                        ContractKind::Direct => "劳务合作单位",
                        ContractKind::EmployeeSystem => "实际用工单位",
                    },
                    self.other_party,
                    self.kind.label()
                ),
            ),
            ("二、合同期限".to_string(), format!("{term}；{probation}。")),
            (
                "三、工作内容和工作地点".to_string(),
                format!(
                    "乙方从事{}工作，工作地点为{}（{}）。",
                    self.position, self.place, region_name
                ),
            ),
            (
                "四、工作时间和休息休假".to_string(),
                format!(
                    "实行{}。灵活约定：{}。{}",
                    self.hours_system.label(),
                    flexible,
                    self.clauses.rest
                ),
            ),
            (
                "五、劳动报酬".to_string(),
                format!(
                    "月工资 {yuan} 元，甲方于每月 {} 日前以货币形式足额支付，不得克扣或无故拖欠。",
                    self.pay_day
                ),
            ),
            (
                "六、社会保险".to_string(),
                self.clauses.social_insurance.clone(),
            ),
            (
                "七、劳动保护、劳动条件和职业危害防护".to_string(),
                self.clauses.labour_protection.clone(),
            ),
            (
                "八、其他约定".to_string(),
                if self.clauses.other.is_empty() {
                    "无".to_string()
                } else {
                    self.clauses.other.clone()
                },
            ),
        ]
    }
}

/// The state of one contract version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContractState {
    Draft,
    /// One party signed; the other's signature is awaited.
    AwaitingSignatures,
    Signed,
    /// Replaced by a signed amendment.
    Superseded,
    Terminated,
    Expired,
}

impl ContractState {
    pub const ALL: [ContractState; 6] = [
        ContractState::Draft,
        ContractState::AwaitingSignatures,
        ContractState::Signed,
        ContractState::Superseded,
        ContractState::Terminated,
        ContractState::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContractState::Draft => "draft",
            ContractState::AwaitingSignatures => "awaiting_signatures",
            ContractState::Signed => "signed",
            ContractState::Superseded => "superseded",
            ContractState::Terminated => "terminated",
            ContractState::Expired => "expired",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContractState::Draft => "草稿",
            ContractState::AwaitingSignatures => "待签署",
            ContractState::Signed => "已签署（生效）",
            ContractState::Superseded => "已被变更协议取代",
            ContractState::Terminated => "已解除",
            ContractState::Expired => "已到期",
        }
    }

    /// Unsigned versions may be edited; an edit voids signatures given so far.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            ContractState::Draft | ContractState::AwaitingSignatures
        )
    }
}

/// Who signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SigningParty {
    /// The employer user.
    Employer,
    /// The company user, on the worker's behalf (and for itself under 员工制).
    Company,
}

impl SigningParty {
    pub fn code(self) -> &'static str {
        match self {
            SigningParty::Employer => "employer",
            SigningParty::Company => "company",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "employer" => Some(SigningParty::Employer),
            "company" => Some(SigningParty::Company),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SigningParty::Employer => "用工单位",
            SigningParty::Company => "劳务公司（代劳动者签署，经劳动者确认）",
        }
    }
}

/// Both parties must sign.
pub const SIGNING_PARTIES: [SigningParty; 2] = [SigningParty::Employer, SigningParty::Company];

/// Why a contract step is refused (409 with this message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ContractStepError(pub String);

fn refuse(message: impl Into<String>) -> ContractStepError {
    ContractStepError(message.into())
}

/// An edit of a version in `state`.
///
/// # Errors
/// Signed, superseded, terminated or expired versions never change.
pub fn check_edit(state: ContractState) -> Result<ContractState, ContractStepError> {
    if state.is_editable() {
        Ok(ContractState::Draft)
    } else {
        Err(refuse(format!(
            "合同{}，不能再修改；如需变更请签订变更协议（新版本）",
            state.label()
        )))
    }
}

/// `party` signs a version in `state` that `already` holds signatures from.
///
/// # Errors
/// Not signable in this state, or this party has signed.
pub fn check_signature(
    state: ContractState,
    party: SigningParty,
    already: &[SigningParty],
) -> Result<ContractState, ContractStepError> {
    if !state.is_editable() {
        return Err(refuse(format!("合同{}，不能再签署", state.label())));
    }
    if already.contains(&party) {
        return Err(refuse(format!("{}已签署", party.label())));
    }
    let complete = SIGNING_PARTIES
        .iter()
        .all(|p| *p == party || already.contains(p));
    Ok(if complete {
        ContractState::Signed
    } else {
        ContractState::AwaitingSignatures
    })
}

/// Terminating a version in `state` on `on`, which began on `start`.
///
/// # Errors
/// Only a signed contract can be terminated, not before it started... or later than today.
pub fn check_termination(
    state: ContractState,
    start: CalendarDate,
    on: CalendarDate,
    reason: &str,
) -> Result<ContractState, ContractStepError> {
    if state != ContractState::Signed {
        return Err(refuse(format!(
            "合同{}，不能解除（只有已签署生效的合同可以解除）",
            state.label()
        )));
    }
    if on < start {
        return Err(refuse("解除日期不能早于合同开始日期"));
    }
    if reason.trim().is_empty() || reason.trim().chars().count() > 200 {
        return Err(refuse("请写明解除原因（最多 200 字）"));
    }
    Ok(ContractState::Terminated)
}

/// Whether an amendment may be drafted from a version in `state`.
///
/// # Errors
/// Only the signed, current version can be amended.
pub fn check_amendment(state: ContractState) -> Result<(), ContractStepError> {
    if state == ContractState::Signed {
        Ok(())
    } else {
        Err(refuse(format!(
            "合同{}，只有已签署生效的合同可以变更",
            state.label()
        )))
    }
}

/// Whether a placement in `region_code` is outside Shanxi (14xxxx): 跨省.
pub fn is_cross_province(region_code: &str) -> bool {
    !region_code.starts_with("14")
}

/// How the worker confirmed a contract the company signs on their behalf.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkerConfirmation {
    /// e.g. 当面签字确认, 电话录音确认, 微信视频确认.
    pub method: String,
    /// YYYY-MM-DD.
    pub confirmed_on: String,
}

impl WorkerConfirmation {
    /// # Errors
    /// A [`FieldError`] on `method` or `confirmed_on` (not after `today`).
    pub fn check(&self, today: CalendarDate) -> Result<(String, CalendarDate), FieldError> {
        let method = text("worker_confirmation.method", &self.method, 2, 64)?;
        let on = CalendarDate::parse(&self.confirmed_on).map_err(|e| {
            FieldError::new(
                "worker_confirmation.confirmed_on",
                format!("确认日期无效：{e}"),
            )
        })?;
        if on > today {
            return Err(FieldError::new(
                "worker_confirmation.confirmed_on",
                "确认日期不能晚于今天",
            ));
        }
        Ok((method, on))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap()
    }

    fn form() -> ContractTermsForm {
        ContractTermsForm {
            kind: "direct".into(),
            term_kind: "fixed".into(),
            start_date: "2027-03-01".into(),
            end_date: "2028-02-29".into(),
            probation_months: "1".into(),
            position: "中餐厨师".into(),
            place: "北京市朝阳区京味楼".into(),
            monthly_wage_yuan: "8000".into(),
            pay_day: "10".into(),
            hours_system: "standard".into(),
            flexible_hours: false,
            negotiated_pay: true,
            rotation: true,
            clauses: ContractClauses {
                rest: "每周至少休息一日".into(),
                social_insurance: "依法参加社会保险".into(),
                labour_protection: "提供必要的劳动防护用品".into(),
                other: String::new(),
            },
        }
    }

    #[test]
    fn a_good_form_is_checked() {
        let checked = form().check().unwrap();
        assert_eq!(checked.monthly_wage_fen, 800_000);
        assert_eq!(checked.pay_day, 10);
        assert_eq!(checked.end_date, Some(date("2028-02-29")));
    }

    /// A field and a change of the good form that makes it wrong.
    type Spoiler = (&'static str, Box<dyn Fn(&mut ContractTermsForm)>);

    #[test]
    fn every_bad_field_is_named() {
        let cases: Vec<Spoiler> = vec![
            ("kind", Box::new(|f| f.kind = "gig".into())),
            ("term_kind", Box::new(|f| f.term_kind = String::new())),
            (
                "start_date",
                Box::new(|f| f.start_date = "2027-02-30".into()),
            ),
            ("end_date", Box::new(|f| f.end_date = String::new())),
            ("end_date", Box::new(|f| f.end_date = "2027-01-01".into())),
            (
                "end_date",
                Box::new(|f| {
                    f.term_kind = "open_ended".into();
                }),
            ),
            (
                "probation_months",
                Box::new(|f| f.probation_months = "7".into()),
            ),
            // Under a year (one day short of it) allows one month of probation, not two.
            (
                "probation_months",
                Box::new(|f| {
                    f.end_date = "2028-02-28".into();
                    f.probation_months = "2".into();
                }),
            ),
            (
                "probation_months",
                Box::new(|f| {
                    f.term_kind = "task".into();
                    f.probation_months = "1".into();
                }),
            ),
            ("position", Box::new(|f| f.position = "厨".into())),
            ("place", Box::new(|f| f.place = String::new())),
            (
                "monthly_wage_yuan",
                Box::new(|f| f.monthly_wage_yuan = "500".into()),
            ),
            (
                "monthly_wage_yuan",
                Box::new(|f| f.monthly_wage_yuan = "八千".into()),
            ),
            ("pay_day", Box::new(|f| f.pay_day = "32".into())),
            ("hours_system", Box::new(|f| f.hours_system = "996".into())),
            (
                "social_insurance",
                Box::new(|f| f.clauses.social_insurance = String::new()),
            ),
            ("rest", Box::new(|f| f.clauses.rest = "休".into())),
            (
                "labour_protection",
                Box::new(|f| f.clauses.labour_protection = "x".repeat(2001)),
            ),
        ];
        for (field, change) in cases {
            let mut f = form();
            change(&mut f);
            assert_eq!(f.check().unwrap_err().field, field, "{f:?}");
        }
    }

    #[test]
    fn a_full_year_allows_two_months_probation() {
        let mut f = form();
        f.probation_months = "2".into();
        assert_eq!(
            f.check().unwrap().probation_months,
            2,
            "2027-03-01..2028-02-29"
        );
    }

    #[test]
    fn an_open_ended_contract_allows_six_months_probation() {
        let mut f = form();
        f.term_kind = "open_ended".into();
        f.end_date = String::new();
        f.probation_months = "6".into();
        assert_eq!(f.check().unwrap().probation_months, 6);
    }

    #[test]
    fn signing_needs_both_parties_once_each() {
        let first = check_signature(ContractState::Draft, SigningParty::Employer, &[]).unwrap();
        assert_eq!(first, ContractState::AwaitingSignatures);
        assert!(
            check_signature(first, SigningParty::Employer, &[SigningParty::Employer]).is_err(),
            "twice"
        );
        let both =
            check_signature(first, SigningParty::Company, &[SigningParty::Employer]).unwrap();
        assert_eq!(both, ContractState::Signed);
        for state in [
            ContractState::Signed,
            ContractState::Superseded,
            ContractState::Terminated,
            ContractState::Expired,
        ] {
            assert!(check_signature(state, SigningParty::Company, &[]).is_err());
        }
    }

    #[test]
    fn only_unsigned_versions_are_edited_and_editing_voids_signatures() {
        assert_eq!(check_edit(ContractState::Draft), Ok(ContractState::Draft));
        assert_eq!(
            check_edit(ContractState::AwaitingSignatures),
            Ok(ContractState::Draft)
        );
        for state in [
            ContractState::Signed,
            ContractState::Superseded,
            ContractState::Terminated,
            ContractState::Expired,
        ] {
            let refused = check_edit(state).unwrap_err();
            assert!(refused.0.contains("不能再修改"), "{refused}");
        }
    }

    #[test]
    fn only_a_signed_contract_is_terminated_or_amended() {
        let start = date("2027-03-01");
        assert_eq!(
            check_termination(
                ContractState::Signed,
                start,
                date("2027-06-01"),
                "合同协商解除"
            ),
            Ok(ContractState::Terminated)
        );
        assert!(check_termination(ContractState::Signed, start, date("2027-02-01"), "x").is_err());
        assert!(check_termination(ContractState::Signed, start, date("2027-06-01"), " ").is_err());
        for state in ContractState::ALL {
            let terminable = check_termination(state, start, date("2027-06-01"), "原因").is_ok();
            assert_eq!(terminable, state == ContractState::Signed, "{state:?}");
            assert_eq!(
                check_amendment(state).is_ok(),
                state == ContractState::Signed,
                "{state:?}"
            );
        }
    }

    #[test]
    fn the_canonical_content_is_stable_and_covers_every_term() {
        let terms = ContractTerms {
            kind: ContractKind::EmployeeSystem,
            party_a: "浮山县厨艺劳务合作社".into(),
            worker_name: "王建国".into(),
            other_party: "北京京味楼餐饮有限公司".into(),
            term_kind: TermKind::Fixed,
            start_date: "2027-03-01".into(),
            end_date: Some("2028-02-29".into()),
            probation_months: 1,
            position: "中餐厨师".into(),
            place: "北京".into(),
            region_code: "110000".into(),
            monthly_wage_fen: 800_000,
            pay_day: 10,
            hours_system: HoursSystem::Comprehensive,
            flexible_hours: true,
            negotiated_pay: false,
            rotation: true,
            clauses: form().clauses,
        };
        assert_eq!(terms.canonical_bytes(), terms.clone().canonical_bytes());
        let mut changed = terms.clone();
        changed.monthly_wage_fen += 1;
        assert_ne!(terms.canonical_bytes(), changed.canonical_bytes());
        let clauses = terms.clauses_in_order("北京市");
        assert_eq!(clauses.len(), 8);
        let all: String = clauses.iter().map(|(h, t)| format!("{h}{t}")).collect();
        for needle in [
            "员工制",
            "8000.00",
            "综合计算工时制",
            "弹性工时、轮岗轮休",
            "2028-02-29",
        ] {
            assert!(all.contains(needle), "{needle} in {all}");
        }
    }

    #[test]
    fn placements_outside_shanxi_are_cross_province() {
        assert!(is_cross_province("110000"));
        assert!(!is_cross_province("140000"));
    }

    #[test]
    fn a_worker_confirmation_is_dated_and_says_how() {
        let today = date("2027-02-20");
        let ok = WorkerConfirmation {
            method: "当面签字确认".into(),
            confirmed_on: "2027-02-20".into(),
        };
        assert_eq!(ok.check(today).unwrap().0, "当面签字确认");
        let later = WorkerConfirmation {
            confirmed_on: "2027-02-21".into(),
            ..ok.clone()
        };
        assert_eq!(
            later.check(today).unwrap_err().field,
            "worker_confirmation.confirmed_on"
        );
        let vague = WorkerConfirmation {
            method: "是".into(),
            ..ok
        };
        assert_eq!(
            vague.check(today).unwrap_err().field,
            "worker_confirmation.method"
        );
    }
}
