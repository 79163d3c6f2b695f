//! Hiring between employers (用工单位) and labour companies: the states of one worker's line in
//! a hire request (用工邀约) and the single function that moves it, the terms of a request, a
//! vacancy (空岗信息) and its status, and an employer's registration.
//!
//! Everything here is decided from its inputs alone: the caller supplies today's date and the
//! region lookups, so the same rules run on the server and in the browser.

use super::calendar::CalendarDate;
use super::credentials::{FieldError, validate_new_password, validate_new_username};
use super::credit_code::CreditCode;
use super::money::Fen;
use super::phone::MobileNumber;
use serde::{Deserialize, Serialize};

/// Lowest monthly wage a request, counter-offer or vacancy may state: 1,000 yuan.
pub const MIN_MONTHLY_WAGE_FEN: i64 = 100_000;
/// Highest monthly wage: 100,000 yuan. Anything above is almost surely a typo (fen for yuan).
pub const MAX_MONTHLY_WAGE_FEN: i64 = 10_000_000;
/// Contract term assumed when the form leaves it empty: the usual one-year labour contract.
pub const DEFAULT_TERM_MONTHS: u16 = 12;

const MAX_REASON_CHARS: usize = 200;

/// Which side of a hire acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HireSide {
    /// The receiving employer (用工单位).
    Employer,
    /// The sending labour company (劳务公司).
    Company,
    /// The platform itself: deadlines, signatures, start and end of work.
    System,
}

impl HireSide {
    /// The side as named to users.
    pub fn label(self) -> &'static str {
        match self {
            HireSide::Employer => "用工单位",
            HireSide::Company => "劳务公司",
            HireSide::System => "系统",
        }
    }
}

/// The state of one worker within a hire request (用工邀约). Stored as `code()`.
///
/// A request names several workers; each worker's line moves on its own, so a company can
/// accept two of three requested workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HireState {
    /// The employer asked the company for this worker.
    Requested,
    /// The company proposed this worker for the employer's vacancy.
    Proposed,
    /// The company proposed other terms (wage, start date); the employer must answer.
    Countered,
    /// Both sides agreed; a contract draft follows.
    Accepted,
    /// Refused (by the company, or by the employer for a proposal or counter-offer).
    Declined,
    /// Withdrawn by the side that started it while still open.
    Withdrawn,
    /// Nobody answered within the deadline.
    Expired,
    /// The contract was signed by everyone.
    Contracted,
    /// The worker started work (placement open).
    Placed,
    /// The placement ended.
    Ended,
}

impl HireState {
    pub const ALL: [HireState; 10] = [
        HireState::Requested,
        HireState::Proposed,
        HireState::Countered,
        HireState::Accepted,
        HireState::Declined,
        HireState::Withdrawn,
        HireState::Expired,
        HireState::Contracted,
        HireState::Placed,
        HireState::Ended,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HireState::Requested => "requested",
            HireState::Proposed => "proposed",
            HireState::Countered => "countered",
            HireState::Accepted => "accepted",
            HireState::Declined => "declined",
            HireState::Withdrawn => "withdrawn",
            HireState::Expired => "expired",
            HireState::Contracted => "contracted",
            HireState::Placed => "placed",
            HireState::Ended => "ended",
        }
    }

    /// The state stored as [`HireState::code`]; surrounding spaces are ignored.
    pub fn parse(code: &str) -> Option<HireState> {
        let code = code.trim();
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            HireState::Requested => "待答复",
            HireState::Proposed => "待用工单位确认",
            HireState::Countered => "对方提出新条件",
            HireState::Accepted => "已接受",
            HireState::Declined => "已拒绝",
            HireState::Withdrawn => "已撤回",
            HireState::Expired => "已过期",
            HireState::Contracted => "已签约",
            HireState::Placed => "已上岗",
            HireState::Ended => "已结束",
        }
    }

    /// Still waiting for an answer: such a line can expire or be withdrawn.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            HireState::Requested | HireState::Proposed | HireState::Countered
        )
    }

    /// Nothing can happen to the line any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            HireState::Declined | HireState::Withdrawn | HireState::Expired | HireState::Ended
        )
    }

    /// Who must answer next, for to-do lists and reminders; `None` once nobody owes an answer.
    pub fn awaits(self) -> Option<HireSide> {
        match self {
            HireState::Requested => Some(HireSide::Company),
            HireState::Proposed | HireState::Countered => Some(HireSide::Employer),
            _ => None,
        }
    }
}

/// Other terms a company may answer a request with. At least one must be given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CounterTerms {
    /// Proposed monthly wage in fen, 100,000–10,000,000 (1,000–100,000 yuan).
    #[serde(default)]
    pub monthly_wage_fen: Option<i64>,
    /// Proposed start date, YYYY-MM-DD.
    #[serde(default)]
    pub start_date: Option<String>,
}

/// What someone does to one worker's line of a hire request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum HireAction {
    /// The company accepts a request; the employer accepts a proposal or a counter-offer.
    Accept,
    /// The company declines a request; the employer declines a proposal or a counter-offer.
    Decline { reason: String },
    /// The company answers a request with other terms.
    Counter { terms: CounterTerms },
    /// The employer withdraws its request (also after a counter-offer); the company withdraws
    /// its proposal.
    Withdraw,
    /// The platform, on any open line past its deadline.
    Expire,
    /// The platform, once every signature on the contract is present.
    Sign,
    /// The platform, when the worker starts work.
    Start,
    /// The platform, when the placement ends, or when a signed contract is terminated before
    /// the worker started.
    End,
}

impl HireAction {
    /// The action's name, the same as its serde tag.
    pub fn code(&self) -> &'static str {
        match self {
            HireAction::Accept => "accept",
            HireAction::Decline { .. } => "decline",
            HireAction::Counter { .. } => "counter",
            HireAction::Withdraw => "withdraw",
            HireAction::Expire => "expire",
            HireAction::Sign => "sign",
            HireAction::Start => "start",
            HireAction::End => "end",
        }
    }

    /// The action as a verb in user messages ("不能再{verb}").
    fn verb(&self) -> &'static str {
        match self {
            HireAction::Accept => "接受",
            HireAction::Decline { .. } => "拒绝",
            HireAction::Counter { .. } => "提出新条件",
            HireAction::Withdraw => "撤回",
            HireAction::Expire => "置为过期",
            HireAction::Sign => "签约",
            HireAction::Start => "上岗",
            HireAction::End => "结束",
        }
    }
}

/// Why a hire action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HireTransitionError {
    /// The action exists in this state but belongs to another side.
    #[error("{0}")]
    NotYourTurn(String),
    /// The state does not allow the action at all (a conflict: someone else moved first).
    #[error("{0}")]
    Illegal(String),
    /// The action is allowed but its reason or terms are unusable.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

/// The one legal move for an action in a state: who may make it and where it leads.
/// Each (state, action) pair has at most one side, which is what lets `next_state` tell
/// "not your turn" from "not possible".
fn rule(state: HireState, action: &HireAction) -> Option<(HireSide, HireState)> {
    use HireAction as A;
    use HireSide as S;
    use HireState as H;
    match (state, action) {
        (H::Requested, A::Accept) => Some((S::Company, H::Accepted)),
        (H::Requested, A::Decline { .. }) => Some((S::Company, H::Declined)),
        (H::Requested, A::Counter { .. }) => Some((S::Company, H::Countered)),
        (H::Requested | H::Countered, A::Withdraw) => Some((S::Employer, H::Withdrawn)),
        (H::Proposed | H::Countered, A::Accept) => Some((S::Employer, H::Accepted)),
        (H::Proposed | H::Countered, A::Decline { .. }) => Some((S::Employer, H::Declined)),
        (H::Proposed, A::Withdraw) => Some((S::Company, H::Withdrawn)),
        (H::Requested | H::Proposed | H::Countered, A::Expire) => Some((S::System, H::Expired)),
        (H::Accepted, A::Sign) => Some((S::System, H::Contracted)),
        (H::Contracted, A::Start) => Some((S::System, H::Placed)),
        (H::Contracted | H::Placed, A::End) => Some((S::System, H::Ended)),
        _ => None,
    }
}

/// The message for an action that belongs to `owner`, not to the side that tried it.
fn not_your_turn(state: HireState, owner: HireSide, action: &HireAction) -> String {
    match (owner, action) {
        (HireSide::System, HireAction::Expire) => "邀约到期未答复时由系统自动置为过期".into(),
        (HireSide::System, HireAction::Sign) => "各方在合同上签字后由系统自动完成签约".into(),
        (HireSide::System, HireAction::Start) => "上岗由系统根据合同自动登记".into(),
        (HireSide::System, _) => "用工结束由系统根据合同自动登记".into(),
        (HireSide::Employer, HireAction::Withdraw) => "只有发出邀约的用工单位可以撤回".into(),
        (HireSide::Company, HireAction::Withdraw) => "只有推荐该工人的劳务公司可以撤回".into(),
        (owner, _) => match state.awaits() {
            Some(awaited) => format!("该邀约正等待{}答复", awaited.label()),
            None => format!("只有{}可以{}", owner.label(), action.verb()),
        },
    }
}

/// The message for an action that no side may take in `state`; it names the state.
fn illegal(state: HireState, action: &HireAction) -> String {
    let verb = action.verb();
    match (state, action) {
        (HireState::Proposed, HireAction::Counter { .. }) => {
            "对推荐的人选不能提出新条件，请接受或拒绝".into()
        }
        (HireState::Countered, HireAction::Counter { .. }) => {
            "对方已提出新条件，请接受或拒绝".into()
        }
        (HireState::Requested | HireState::Proposed | HireState::Countered, _) => {
            format!("邀约尚未接受，不能{verb}")
        }
        (HireState::Accepted, HireAction::Withdraw) => {
            "已接受的邀约不能撤回，请在合同中处理".into()
        }
        (HireState::Accepted, HireAction::Start | HireAction::End) => {
            format!("邀约已接受但尚未签约，不能{verb}")
        }
        (HireState::Accepted, _) => format!("邀约已接受，不能再{verb}"),
        (HireState::Contracted, _) => format!("已签约的合同不能再{verb}"),
        (HireState::Placed, _) => format!("工人已上岗，不能再{verb}"),
        (HireState::Declined, _) => format!("邀约已拒绝，不能再{verb}"),
        (HireState::Withdrawn, _) => format!("邀约已撤回，不能再{verb}"),
        (HireState::Expired, _) => format!("邀约已过期，不能再{verb}"),
        (HireState::Ended, _) => format!("用工已结束，不能再{verb}"),
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> HireTransitionError {
    HireTransitionError::Invalid {
        field,
        message: message.into(),
    }
}

fn check_reason(reason: &str) -> Result<(), HireTransitionError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(invalid("reason", "请填写拒绝理由"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(invalid(
            "reason",
            format!("拒绝理由最多 {MAX_REASON_CHARS} 个字"),
        ));
    }
    Ok(())
}

fn wage_in_range(fen: i64) -> bool {
    (MIN_MONTHLY_WAGE_FEN..=MAX_MONTHLY_WAGE_FEN).contains(&fen)
}

fn check_counter_terms(terms: &CounterTerms) -> Result<(), HireTransitionError> {
    let start_date = terms
        .start_date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if terms.monthly_wage_fen.is_none() && start_date.is_none() {
        return Err(invalid("terms", "请至少提出新的月工资或到岗日期"));
    }
    if let Some(fen) = terms.monthly_wage_fen
        && !wage_in_range(fen)
    {
        return Err(invalid("monthly_wage", "月工资应在 1000–100000 元之间"));
    }
    if let Some(date) = start_date {
        CalendarDate::parse(date)
            .map_err(|e| invalid("start_date", format!("到岗日期无效：{e}")))?;
    }
    Ok(())
}

/// The one transition function: where `action` by `side` takes a line in `state`.
///
/// The state and side are checked before the payload: a line that someone else already moved
/// is a conflict whatever the reason or terms said.
///
/// # Errors
/// [`HireTransitionError::Illegal`] when no side may take the action in this state,
/// [`HireTransitionError::NotYourTurn`] when it belongs to another side, and
/// [`HireTransitionError::Invalid`] for an empty or overlong reason or unusable counter terms.
pub fn next_state(
    state: HireState,
    side: HireSide,
    action: &HireAction,
) -> Result<HireState, HireTransitionError> {
    let Some((owner, to)) = rule(state, action) else {
        return Err(HireTransitionError::Illegal(illegal(state, action)));
    };
    if owner != side {
        return Err(HireTransitionError::NotYourTurn(not_your_turn(
            state, owner, action,
        )));
    }
    match action {
        HireAction::Decline { reason } => check_reason(reason)?,
        HireAction::Counter { terms } => check_counter_terms(terms)?,
        _ => {}
    }
    Ok(to)
}

/// Trimmed `text` if it has `min..=max` characters, else the error on `field`.
fn text_between(
    field: &'static str,
    text: &str,
    min: usize,
    max: usize,
    message: &str,
) -> Result<String, FieldError> {
    let text = text.trim();
    if (min..=max).contains(&text.chars().count()) {
        Ok(text.to_string())
    } else {
        Err(FieldError::new(field, message))
    }
}

/// Trimmed `text` if it has at most `max` characters (empty allowed).
fn text_at_most(field: &'static str, text: &str, max: usize) -> Result<String, FieldError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(FieldError::new(field, format!("最多 {max} 个字")));
    }
    Ok(text.to_string())
}

/// A monthly wage typed in yuan, as fen within the accepted range.
fn monthly_wage(field: &'static str, text: &str) -> Result<i64, FieldError> {
    let fen = Fen::parse_yuan(text).map_err(|e| FieldError::new(field, e.to_string()))?;
    if !wage_in_range(fen.0) {
        return Err(FieldError::new(field, "月工资应在 1000–100000 元之间"));
    }
    Ok(fen.0)
}

fn date(field: &'static str, text: &str, what: &str) -> Result<CalendarDate, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new(
            field,
            format!("请填写{what}（YYYY-MM-DD）"),
        ));
    }
    CalendarDate::parse(text).map_err(|e| FieldError::new(field, format!("{what}无效：{e}")))
}

/// A whole number of ASCII digits within `range`; `None` for anything else.
fn whole_number(text: &str, range: std::ops::RangeInclusive<u16>) -> Option<u16> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u16>().ok().filter(|n| range.contains(n))
}

fn region(
    field: &'static str,
    code: &str,
    is_region: impl Fn(&str) -> bool,
    message: &str,
) -> Result<String, FieldError> {
    let code = code.trim();
    if is_region(code) {
        Ok(code.to_string())
    } else {
        Err(FieldError::new(field, message))
    }
}

/// Terms of a hire request as typed (all text), checked into [`HireTerms`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HireTermsForm {
    /// The job, e.g. 中餐厨师.
    pub position: String,
    /// Where the work is done, e.g. 上海市浦东新区某酒店.
    pub place: String,
    /// GB/T 2260 code of the province (provincial level) of the workplace.
    pub region_code: String,
    /// Monthly wage in yuan, e.g. `6500` or `6500.50`.
    pub monthly_wage_yuan: String,
    /// YYYY-MM-DD; not before today.
    pub start_date: String,
    /// Contract term in months, 1–120; empty means 12.
    #[serde(default)]
    pub term_months: String,
    /// Board, lodging, overtime and other conditions.
    #[serde(default)]
    pub conditions: String,
    /// A note to the other side.
    #[serde(default)]
    pub message: String,
}

/// Terms of a hire request that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HireTerms {
    pub position: String,
    pub place: String,
    pub region_code: String,
    pub monthly_wage_fen: i64,
    pub start_date: CalendarDate,
    pub term_months: u16,
    pub conditions: String,
    pub message: String,
}

impl HireTermsForm {
    /// Checks every field in form order.
    ///
    /// `is_region` says whether a 6-digit code is a known receiving region (provincial level);
    /// `today` is the Asia/Shanghai date.
    ///
    /// # Errors
    /// A [`FieldError`] naming the first bad field.
    pub fn check(
        &self,
        is_region: impl Fn(&str) -> bool,
        today: CalendarDate,
    ) -> Result<HireTerms, FieldError> {
        let position = text_between(
            "position",
            &self.position,
            2,
            32,
            "请填写岗位名称（2–32 个字）",
        )?;
        let place = text_between("place", &self.place, 2, 64, "请填写工作地点（2–64 个字）")?;
        let region_code = region(
            "region_code",
            &self.region_code,
            is_region,
            "请选择工作地所在省份",
        )?;
        let monthly_wage_fen = monthly_wage("monthly_wage_yuan", &self.monthly_wage_yuan)?;
        let start_date = date("start_date", &self.start_date, "到岗日期")?;
        if start_date < today {
            return Err(FieldError::new("start_date", "到岗日期不能早于今天"));
        }
        let term_months = if self.term_months.trim().is_empty() {
            DEFAULT_TERM_MONTHS
        } else {
            whole_number(&self.term_months, 1..=120)
                .ok_or_else(|| FieldError::new("term_months", "合同期限应为 1–120 个月"))?
        };
        let conditions = text_at_most("conditions", &self.conditions, 500)?;
        let message = text_at_most("message", &self.message, 500)?;
        Ok(HireTerms {
            position,
            place,
            region_code,
            monthly_wage_fen,
            start_date,
            term_months,
            conditions,
            message,
        })
    }
}

/// A vacancy (空岗信息) as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VacancyForm {
    /// The job as the employer calls it, e.g. 后厨帮厨.
    pub position: String,
    /// The occupation as trained and certified, free text, e.g. 中式烹调师.
    pub occupation: String,
    /// Number of workers wanted, 1–500.
    pub headcount: String,
    pub place: String,
    /// GB/T 2260 code of the province (provincial level) of the workplace.
    pub region_code: String,
    /// Monthly wage range in yuan.
    pub wage_min_yuan: String,
    pub wage_max_yuan: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD; empty for open-ended work.
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub housing: bool,
    #[serde(default)]
    pub meals: bool,
    /// Social insurance paid by the employer.
    #[serde(default)]
    pub insurance: bool,
    #[serde(default)]
    pub requirements: String,
}

/// A vacancy that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedVacancy {
    pub position: String,
    pub occupation: String,
    pub headcount: u16,
    pub place: String,
    pub region_code: String,
    pub wage_min_fen: i64,
    pub wage_max_fen: i64,
    pub starts_on: CalendarDate,
    pub ends_on: Option<CalendarDate>,
    pub housing: bool,
    pub meals: bool,
    pub insurance: bool,
    pub requirements: String,
}

impl VacancyForm {
    /// Checks every field in form order; `is_region` as for [`HireTermsForm::check`].
    ///
    /// # Errors
    /// A [`FieldError`] naming the first bad field.
    pub fn check(&self, is_region: impl Fn(&str) -> bool) -> Result<CheckedVacancy, FieldError> {
        let position = text_between(
            "position",
            &self.position,
            2,
            32,
            "请填写岗位名称（2–32 个字）",
        )?;
        let occupation = text_between(
            "occupation",
            &self.occupation,
            2,
            32,
            "请填写工种（2–32 个字），如 中式烹调师",
        )?;
        let headcount = whole_number(&self.headcount, 1..=500)
            .ok_or_else(|| FieldError::new("headcount", "招聘人数应为 1–500 的整数"))?;
        let place = text_between("place", &self.place, 2, 64, "请填写工作地点（2–64 个字）")?;
        let region_code = region(
            "region_code",
            &self.region_code,
            is_region,
            "请选择工作地所在省份",
        )?;
        let wage_min_fen = monthly_wage("wage_min_yuan", &self.wage_min_yuan)?;
        let wage_max_fen = monthly_wage("wage_max_yuan", &self.wage_max_yuan)?;
        if wage_min_fen > wage_max_fen {
            return Err(FieldError::new("wage_max_yuan", "最高工资不能低于最低工资"));
        }
        let starts_on = date("starts_on", &self.starts_on, "开始日期")?;
        let ends_on = if self.ends_on.trim().is_empty() {
            None
        } else {
            let ends_on = date("ends_on", &self.ends_on, "结束日期")?;
            if ends_on < starts_on {
                return Err(FieldError::new("ends_on", "结束日期不能早于开始日期"));
            }
            Some(ends_on)
        };
        let requirements = text_at_most("requirements", &self.requirements, 1000)?;
        Ok(CheckedVacancy {
            position,
            occupation,
            headcount,
            place,
            region_code,
            wage_min_fen,
            wage_max_fen,
            starts_on,
            ends_on,
            housing: self.housing,
            meals: self.meals,
            insurance: self.insurance,
            requirements,
        })
    }
}

/// Whether a vacancy is shown to companies. Stored as `code()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VacancyStatus {
    Open,
    Filled,
    Closed,
}

impl VacancyStatus {
    pub fn code(self) -> &'static str {
        match self {
            VacancyStatus::Open => "open",
            VacancyStatus::Filled => "filled",
            VacancyStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim();
        [
            VacancyStatus::Open,
            VacancyStatus::Filled,
            VacancyStatus::Closed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            VacancyStatus::Open => "招聘中",
            VacancyStatus::Filled => "已招满",
            VacancyStatus::Closed => "已关闭",
        }
    }

    /// Open→Filled, Open→Closed, Filled→Open (reopen), Closed→Open (reopen); same→same is an
    /// error too, so a double click or a stale page shows up as a conflict, not a silent no-op.
    ///
    /// # Errors
    /// [`HireTransitionError::Illegal`] naming both statuses.
    pub fn change_to(self, to: VacancyStatus) -> Result<VacancyStatus, HireTransitionError> {
        use VacancyStatus as V;
        match (self, to) {
            (V::Open, V::Filled | V::Closed) | (V::Filled | V::Closed, V::Open) => Ok(to),
            (from, to) if from == to => Err(HireTransitionError::Illegal(format!(
                "岗位已是“{}”状态",
                from.label()
            ))),
            (from, to) => Err(HireTransitionError::Illegal(format!(
                "“{}”的岗位不能改为“{}”，请先重新开放",
                from.label(),
                to.label()
            ))),
        }
    }
}

/// Whether `city_code` is a prefecture-level city code (GB/T 2260) inside `province_code`:
/// six digits, the province's first two, a non-zero middle pair and `00` at the end
/// (北京 110000 → 110100, 上海 310000 → 310100, 新疆 650000 → 乌鲁木齐 650100).
pub fn city_code_fits(province_code: &str, city_code: &str) -> bool {
    let six_digits = |code: &str| code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    six_digits(province_code)
        && six_digits(city_code)
        && province_code.ends_with("0000")
        && city_code[..2] == province_code[..2]
        && &city_code[2..4] != "00"
        && city_code.ends_with("00")
}

/// An employer's registration (用工单位注册), every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmployerRegistration {
    /// Full registered name, e.g. 上海某某餐饮管理有限公司.
    pub name: String,
    /// 统一社会信用代码, 18 characters with the GB 32100 check character.
    pub credit_code: String,
    /// GB/T 2260 code of the province (provincial level), e.g. 310000.
    pub province_code: String,
    /// GB/T 2260 code of the prefecture-level city inside the province, e.g. 310100.
    pub city_code: String,
    pub city_name: String,
    /// e.g. 餐饮, 建筑, 家政.
    pub industry: String,
    pub contact_name: String,
    /// Mainland mobile number.
    pub contact_phone: String,
    /// The first account of the employer.
    pub username: String,
    pub password: String,
}

/// An employer's registration that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedEmployer {
    pub name: String,
    pub credit_code: CreditCode,
    pub province_code: String,
    pub city_code: String,
    pub city_name: String,
    pub industry: String,
    pub contact_name: String,
    pub contact_phone: MobileNumber,
    pub username: String,
    pub password: String,
}

impl EmployerRegistration {
    /// Checks every field in form order; `is_province` says whether a code is a known
    /// provincial-level region.
    ///
    /// # Errors
    /// A [`FieldError`] naming the first bad field.
    pub fn check(&self, is_province: impl Fn(&str) -> bool) -> Result<CheckedEmployer, FieldError> {
        let name = text_between("name", &self.name, 4, 64, "请填写单位全称（4–64 个字）")?;
        let credit_code = CreditCode::parse(&self.credit_code)
            .map_err(|e| FieldError::new("credit_code", e.to_string()))?;
        let province_code = region(
            "province_code",
            &self.province_code,
            is_province,
            "请选择所在省份",
        )?;
        let city_code = self.city_code.trim().to_string();
        if !city_code_fits(&province_code, &city_code) {
            return Err(FieldError::new(
                "city_code",
                "城市代码应为该省的地级市代码（GB/T 2260，如 310100）",
            ));
        }
        let city_name = text_between(
            "city_name",
            &self.city_name,
            2,
            16,
            "请填写城市名称（2–16 个字）",
        )?;
        let industry = text_between(
            "industry",
            &self.industry,
            2,
            32,
            "请填写所属行业（2–32 个字）",
        )?;
        let contact_name = text_between(
            "contact_name",
            &self.contact_name,
            1,
            32,
            "请填写联系人姓名（最多 32 个字）",
        )?;
        let contact_phone = MobileNumber::parse(&self.contact_phone)
            .map_err(|_| FieldError::new("contact_phone", "联系电话应为 11 位中国大陆手机号"))?;
        let username = validate_new_username(&self.username)?;
        validate_new_password(&self.password, &username)?;
        Ok(CheckedEmployer {
            name,
            credit_code,
            province_code,
            city_code,
            city_name,
            industry,
            contact_name,
            contact_phone,
            username,
            password: self.password.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::credit_code::with_check_char;

    const SIDES: [HireSide; 3] = [HireSide::Employer, HireSide::Company, HireSide::System];

    /// One example of every action, each with a usable payload.
    fn actions() -> [HireAction; 8] {
        [
            HireAction::Accept,
            HireAction::Decline {
                reason: "岗位已满".into(),
            },
            HireAction::Counter {
                terms: CounterTerms {
                    monthly_wage_fen: Some(700_000),
                    start_date: Some("2026-04-01".into()),
                },
            },
            HireAction::Withdraw,
            HireAction::Expire,
            HireAction::Sign,
            HireAction::Start,
            HireAction::End,
        ]
    }

    /// Every legal move, written out: (from, side, action code, to).
    const LEGAL: [(HireState, HireSide, &str, HireState); 17] = {
        use HireSide::{Company, Employer, System};
        use HireState::*;
        [
            (Requested, Company, "accept", Accepted),
            (Requested, Company, "decline", Declined),
            (Requested, Company, "counter", Countered),
            (Requested, Employer, "withdraw", Withdrawn),
            (Requested, System, "expire", Expired),
            (Proposed, Employer, "accept", Accepted),
            (Proposed, Employer, "decline", Declined),
            (Proposed, Company, "withdraw", Withdrawn),
            (Proposed, System, "expire", Expired),
            (Countered, Employer, "accept", Accepted),
            (Countered, Employer, "decline", Declined),
            (Countered, Employer, "withdraw", Withdrawn),
            (Countered, System, "expire", Expired),
            (Accepted, System, "sign", Contracted),
            (Contracted, System, "start", Placed),
            (Contracted, System, "end", Ended),
            (Placed, System, "end", Ended),
        ]
    };

    #[derive(Debug, PartialEq, Eq)]
    enum Outcome {
        To(HireState),
        NotYourTurn,
        Illegal,
    }

    fn outcome(result: &Result<HireState, HireTransitionError>) -> Outcome {
        match result {
            Ok(to) => Outcome::To(*to),
            Err(HireTransitionError::NotYourTurn(_)) => Outcome::NotYourTurn,
            Err(HireTransitionError::Illegal(_)) => Outcome::Illegal,
            Err(e @ HireTransitionError::Invalid { .. }) => panic!("valid payload refused: {e}"),
        }
    }

    #[test]
    fn every_state_side_and_action_has_exactly_the_expected_outcome() {
        let mut legal_seen = 0;
        for state in HireState::ALL {
            for side in SIDES {
                for action in actions() {
                    let legal = LEGAL
                        .iter()
                        .find(|(from, s, code, _)| {
                            *from == state && *s == side && *code == action.code()
                        })
                        .map(|row| row.3);
                    let someone_may = LEGAL
                        .iter()
                        .any(|(from, _, code, _)| *from == state && *code == action.code());
                    let expected = match legal {
                        Some(to) => Outcome::To(to),
                        None if someone_may => Outcome::NotYourTurn,
                        None => Outcome::Illegal,
                    };
                    let result = next_state(state, side, &action);
                    assert_eq!(
                        outcome(&result),
                        expected,
                        "{} by {side:?} on {}",
                        action.code(),
                        state.code()
                    );
                    if legal.is_some() {
                        legal_seen += 1;
                    }
                    if let Err(e) = result {
                        assert!(!e.to_string().is_empty());
                    }
                }
            }
        }
        // Every row of the table was reached, so none is misspelt.
        assert_eq!(legal_seen, LEGAL.len());
    }

    #[test]
    fn refusals_in_settled_states_name_the_state() {
        for state in HireState::ALL.into_iter().filter(|s| !s.is_open()) {
            for side in SIDES {
                for action in actions() {
                    if let Err(HireTransitionError::Illegal(message)) =
                        next_state(state, side, &action)
                    {
                        assert!(
                            message.contains(state.label()),
                            "{message} should name {}",
                            state.label()
                        );
                    }
                }
            }
        }
        for state in HireState::ALL.into_iter().filter(|s| s.is_final()) {
            for side in SIDES {
                for action in actions() {
                    assert!(matches!(
                        next_state(state, side, &action),
                        Err(HireTransitionError::Illegal(_))
                    ));
                }
            }
        }
    }

    #[test]
    fn messages_say_whose_turn_it_is() {
        assert_eq!(
            next_state(
                HireState::Requested,
                HireSide::Employer,
                &HireAction::Accept
            ),
            Err(HireTransitionError::NotYourTurn(
                "该邀约正等待劳务公司答复".into()
            ))
        );
        assert_eq!(
            next_state(HireState::Countered, HireSide::Company, &HireAction::Accept),
            Err(HireTransitionError::NotYourTurn(
                "该邀约正等待用工单位答复".into()
            ))
        );
        assert_eq!(
            next_state(HireState::Expired, HireSide::Company, &HireAction::Accept),
            Err(HireTransitionError::Illegal(
                "邀约已过期，不能再接受".into()
            ))
        );
        assert_eq!(
            next_state(HireState::Withdrawn, HireSide::System, &HireAction::Sign),
            Err(HireTransitionError::Illegal(
                "邀约已撤回，不能再签约".into()
            ))
        );
        for side in [HireSide::Employer, HireSide::Company] {
            assert_eq!(
                next_state(HireState::Accepted, side, &HireAction::Withdraw),
                Err(HireTransitionError::Illegal(
                    "已接受的邀约不能撤回，请在合同中处理".into()
                ))
            );
        }
    }

    #[test]
    fn open_states_await_the_side_that_may_answer() {
        assert_eq!(HireState::Requested.awaits(), Some(HireSide::Company));
        assert_eq!(HireState::Proposed.awaits(), Some(HireSide::Employer));
        assert_eq!(HireState::Countered.awaits(), Some(HireSide::Employer));
        for state in HireState::ALL {
            assert_eq!(state.is_open(), state.awaits().is_some(), "{state:?}");
            assert!(!(state.is_open() && state.is_final()), "{state:?}");
            // Every open line can expire; nothing else can.
            assert_eq!(
                next_state(state, HireSide::System, &HireAction::Expire).is_ok(),
                state.is_open()
            );
            if let Some(side) = state.awaits() {
                assert_eq!(
                    next_state(state, side, &HireAction::Accept),
                    Ok(HireState::Accepted)
                );
            }
        }
        let settled: Vec<_> = HireState::ALL
            .into_iter()
            .filter(|s| s.is_final())
            .collect();
        assert_eq!(
            settled,
            [
                HireState::Declined,
                HireState::Withdrawn,
                HireState::Expired,
                HireState::Ended
            ]
        );
    }

    #[test]
    fn state_codes_labels_and_serde_agree() {
        for state in HireState::ALL {
            assert_eq!(HireState::parse(state.code()), Some(state));
            assert_eq!(
                serde_json::to_string(&state).expect("serializes"),
                format!("\"{}\"", state.code())
            );
            assert!(!state.label().is_empty());
        }
        assert_eq!(HireState::parse(" placed "), Some(HireState::Placed));
        assert_eq!(HireState::parse("已上岗"), None);
        assert_eq!(HireState::parse(""), None);
        assert_eq!(HireState::Requested.label(), "待答复");
        assert_eq!(HireState::Proposed.label(), "待用工单位确认");
        assert_eq!(HireState::Countered.label(), "对方提出新条件");
    }

    #[test]
    fn actions_travel_as_json_tagged_by_their_code() {
        for action in actions() {
            let json = serde_json::to_value(&action).expect("serializes");
            assert_eq!(json["action"], action.code());
            let back: HireAction = serde_json::from_value(json).expect("deserializes");
            assert_eq!(back, action);
        }
        let counter: HireAction =
            serde_json::from_str(r#"{"action":"counter","terms":{"monthly_wage_fen":650000}}"#)
                .expect("terms without a date");
        assert_eq!(
            counter,
            HireAction::Counter {
                terms: CounterTerms {
                    monthly_wage_fen: Some(650_000),
                    start_date: None
                }
            }
        );
        let accept: HireAction = serde_json::from_str(r#"{"action":"accept"}"#).expect("accept");
        assert_eq!(accept, HireAction::Accept);
        assert!(serde_json::from_str::<HireAction>(r#"{"action":"approve"}"#).is_err());
        assert_eq!(
            serde_json::to_string(&HireSide::Company).expect("serializes"),
            "\"company\""
        );
    }

    fn decline(reason: &str) -> HireAction {
        HireAction::Decline {
            reason: reason.into(),
        }
    }

    fn counter(wage: Option<i64>, date: Option<&str>) -> HireAction {
        HireAction::Counter {
            terms: CounterTerms {
                monthly_wage_fen: wage,
                start_date: date.map(Into::into),
            },
        }
    }

    fn invalid_field(result: Result<HireState, HireTransitionError>) -> &'static str {
        match result {
            Err(HireTransitionError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_decline_needs_a_short_reason() {
        let company =
            |action: &HireAction| next_state(HireState::Requested, HireSide::Company, action);
        let employer =
            |action: &HireAction| next_state(HireState::Proposed, HireSide::Employer, action);
        for reason in ["", "   ", "\u{3000}"] {
            assert_eq!(
                invalid_field(company(&decline(reason))),
                "reason",
                "{reason:?}"
            );
            assert_eq!(
                invalid_field(employer(&decline(reason))),
                "reason",
                "{reason:?}"
            );
        }
        assert_eq!(
            invalid_field(company(&decline(&"满".repeat(201)))),
            "reason"
        );
        // 200 Chinese characters are 600 bytes, still within the limit.
        assert_eq!(
            company(&decline(&"满".repeat(200))),
            Ok(HireState::Declined)
        );
        assert_eq!(
            company(&decline(&format!(" {} ", "满".repeat(200)))),
            Ok(HireState::Declined)
        );
    }

    #[test]
    fn a_counter_offer_needs_usable_terms() {
        let company =
            |action: &HireAction| next_state(HireState::Requested, HireSide::Company, action);
        assert_eq!(invalid_field(company(&counter(None, None))), "terms");
        assert_eq!(invalid_field(company(&counter(None, Some("  ")))), "terms");
        for wage in [0, -100_000, 99_999, 10_000_001] {
            assert_eq!(
                invalid_field(company(&counter(Some(wage), None))),
                "monthly_wage",
                "{wage}"
            );
        }
        for date in ["2026-02-30", "明天", "2026-13-01"] {
            assert_eq!(
                invalid_field(company(&counter(None, Some(date)))),
                "start_date",
                "{date}"
            );
        }
        assert_eq!(
            invalid_field(company(&counter(Some(650_000), Some("soon")))),
            "start_date"
        );
        for ok in [
            counter(Some(100_000), None),
            counter(Some(10_000_000), None),
            counter(None, Some("2026-05-01")),
            counter(Some(650_000), Some("")),
            counter(Some(650_000), Some("2026年5月1日")),
        ] {
            assert_eq!(company(&ok), Ok(HireState::Countered), "{ok:?}");
        }
    }

    #[test]
    fn the_state_is_checked_before_the_payload() {
        // A stale page must learn that the line moved on, not that its reason was empty.
        assert!(matches!(
            next_state(HireState::Requested, HireSide::Employer, &decline("")),
            Err(HireTransitionError::NotYourTurn(_))
        ));
        assert!(matches!(
            next_state(HireState::Expired, HireSide::Company, &decline("")),
            Err(HireTransitionError::Illegal(_))
        ));
        assert!(matches!(
            next_state(HireState::Accepted, HireSide::Employer, &decline("")),
            Err(HireTransitionError::Illegal(_))
        ));
        assert!(matches!(
            next_state(
                HireState::Requested,
                HireSide::Employer,
                &counter(None, None)
            ),
            Err(HireTransitionError::NotYourTurn(_))
        ));
        // Only a request can be countered, and only once.
        assert_eq!(
            next_state(
                HireState::Countered,
                HireSide::Company,
                &counter(None, None)
            ),
            Err(HireTransitionError::Illegal(
                "对方已提出新条件，请接受或拒绝".into()
            ))
        );
        assert!(matches!(
            next_state(
                HireState::Proposed,
                HireSide::Employer,
                &counter(None, None)
            ),
            Err(HireTransitionError::Illegal(_))
        ));
    }

    fn d(text: &str) -> CalendarDate {
        CalendarDate::parse(text).expect("a valid date")
    }

    /// Provincial-level codes end in 0000; Shanxi (14) is a sending province, not a receiver.
    fn receiving_province(code: &str) -> bool {
        ["110000", "310000", "320000", "440000", "650000"].contains(&code)
    }

    fn terms_form() -> HireTermsForm {
        HireTermsForm {
            position: "中餐厨师".into(),
            place: "上海市浦东新区张江镇".into(),
            region_code: "310000".into(),
            monthly_wage_yuan: "6500".into(),
            start_date: "2026-04-01".into(),
            term_months: "24".into(),
            conditions: "包吃住，月休四天".into(),
            message: "希望尽快到岗".into(),
        }
    }

    #[test]
    fn good_hire_terms_are_checked_into_numbers_and_dates() {
        let terms = terms_form()
            .check(receiving_province, d("2026-03-01"))
            .expect("valid");
        assert_eq!(
            terms,
            HireTerms {
                position: "中餐厨师".into(),
                place: "上海市浦东新区张江镇".into(),
                region_code: "310000".into(),
                monthly_wage_fen: 650_000,
                start_date: d("2026-04-01"),
                term_months: 24,
                conditions: "包吃住，月休四天".into(),
                message: "希望尽快到岗".into(),
            }
        );
        let mut form = terms_form();
        form.monthly_wage_yuan = "6500.50".into();
        form.start_date = "2026-03-01".into();
        form.conditions = String::new();
        form.message = String::new();
        let terms = form
            .check(receiving_province, d("2026-03-01"))
            .expect("today is fine");
        assert_eq!(terms.monthly_wage_fen, 650_050);
        assert_eq!(terms.start_date, d("2026-03-01"));
    }

    #[test]
    fn an_empty_term_means_twelve_months() {
        for term in ["", "  "] {
            let mut form = terms_form();
            form.term_months = term.into();
            let terms = form
                .check(receiving_province, d("2026-03-01"))
                .expect("valid");
            assert_eq!(terms.term_months, 12);
        }
        for (term, months) in [("1", 1), ("120", 120), (" 36 ", 36)] {
            let mut form = terms_form();
            form.term_months = term.into();
            let terms = form.check(receiving_province, d("2026-03-01")).expect(term);
            assert_eq!(terms.term_months, months);
        }
    }

    #[test]
    fn each_bad_hire_term_is_named() {
        type Spoil = fn(&mut HireTermsForm);
        let cases: [(Spoil, &str); 17] = [
            (|f| f.position = "厨".into(), "position"),
            (|f| f.position = "厨".repeat(33), "position"),
            (|f| f.place = " 沪 ".into(), "place"),
            (|f| f.place = "地".repeat(65), "place"),
            (|f| f.region_code = "140000".into(), "region_code"),
            (|f| f.region_code = String::new(), "region_code"),
            (|f| f.monthly_wage_yuan = "六千".into(), "monthly_wage_yuan"),
            (
                |f| f.monthly_wage_yuan = "999.99".into(),
                "monthly_wage_yuan",
            ),
            (
                |f| f.monthly_wage_yuan = "100000.01".into(),
                "monthly_wage_yuan",
            ),
            (
                |f| f.monthly_wage_yuan = "6500.123".into(),
                "monthly_wage_yuan",
            ),
            (|f| f.start_date = "2026-02-28".into(), "start_date"),
            (|f| f.start_date = String::new(), "start_date"),
            (|f| f.start_date = "2026-04-31".into(), "start_date"),
            (|f| f.term_months = "0".into(), "term_months"),
            (|f| f.term_months = "121".into(), "term_months"),
            (|f| f.conditions = "条".repeat(501), "conditions"),
            (|f| f.message = "话".repeat(501), "message"),
        ];
        for (spoil, field) in cases {
            let mut form = terms_form();
            spoil(&mut form);
            let error = form
                .check(receiving_province, d("2026-03-01"))
                .expect_err(field);
            assert_eq!(error.field, field, "{form:?}");
            assert!(!error.message.is_empty());
        }
        for term in ["1.5", "-3", "十二", "99999"] {
            let mut form = terms_form();
            form.term_months = term.into();
            let error = form
                .check(receiving_province, d("2026-03-01"))
                .expect_err(term);
            assert_eq!(error.field, "term_months", "{term}");
        }
        let mut form = terms_form();
        form.region_code = "140000".into();
        let error = form
            .check(receiving_province, d("2026-03-01"))
            .expect_err("region");
        assert_eq!(error.message, "请选择工作地所在省份");
        for edge in ["1000", "100000", "1,000.00"] {
            let mut form = terms_form();
            form.monthly_wage_yuan = edge.into();
            assert!(
                form.check(receiving_province, d("2026-03-01")).is_ok(),
                "{edge}"
            );
        }
    }

    fn vacancy_form() -> VacancyForm {
        VacancyForm {
            position: "后厨帮厨".into(),
            occupation: "中式烹调师".into(),
            headcount: "12".into(),
            place: "北京市朝阳区望京".into(),
            region_code: "110000".into(),
            wage_min_yuan: "5000".into(),
            wage_max_yuan: "7000".into(),
            starts_on: "2026-04-01".into(),
            ends_on: "2026-12-31".into(),
            housing: true,
            meals: true,
            insurance: false,
            requirements: "持中式烹调师证书优先".into(),
        }
    }

    #[test]
    fn a_good_vacancy_is_checked() {
        let vacancy = vacancy_form().check(receiving_province).expect("valid");
        assert_eq!(
            vacancy,
            CheckedVacancy {
                position: "后厨帮厨".into(),
                occupation: "中式烹调师".into(),
                headcount: 12,
                place: "北京市朝阳区望京".into(),
                region_code: "110000".into(),
                wage_min_fen: 500_000,
                wage_max_fen: 700_000,
                starts_on: d("2026-04-01"),
                ends_on: Some(d("2026-12-31")),
                housing: true,
                meals: true,
                insurance: false,
                requirements: "持中式烹调师证书优先".into(),
            }
        );
        let mut form = vacancy_form();
        form.ends_on = " ".into();
        form.wage_max_yuan = "5000".into();
        let vacancy = form
            .check(receiving_province)
            .expect("open-ended, fixed wage");
        assert_eq!(vacancy.ends_on, None);
        assert_eq!(vacancy.wage_min_fen, vacancy.wage_max_fen);
        let mut form = vacancy_form();
        form.ends_on = form.starts_on.clone();
        assert!(form.check(receiving_province).is_ok(), "one-day work");
    }

    #[test]
    fn each_bad_vacancy_field_is_named() {
        type Spoil = fn(&mut VacancyForm);
        let cases: [(Spoil, &str); 20] = [
            (|f| f.position = "厨".into(), "position"),
            (|f| f.position = "厨".repeat(33), "position"),
            (|f| f.occupation = String::new(), "occupation"),
            (|f| f.occupation = "工".repeat(33), "occupation"),
            (|f| f.headcount = "0".into(), "headcount"),
            (|f| f.headcount = "501".into(), "headcount"),
            (|f| f.headcount = "十".into(), "headcount"),
            (|f| f.headcount = String::new(), "headcount"),
            (|f| f.place = "京".into(), "place"),
            (|f| f.region_code = "141000".into(), "region_code"),
            (|f| f.wage_min_yuan = "999".into(), "wage_min_yuan"),
            (|f| f.wage_min_yuan = String::new(), "wage_min_yuan"),
            (|f| f.wage_max_yuan = "100001".into(), "wage_max_yuan"),
            (|f| f.wage_max_yuan = "4999.99".into(), "wage_max_yuan"),
            (|f| f.starts_on = String::new(), "starts_on"),
            (|f| f.starts_on = "2026-02-29".into(), "starts_on"),
            (|f| f.ends_on = "2026-03-31".into(), "ends_on"),
            (|f| f.ends_on = "年底".into(), "ends_on"),
            (|f| f.requirements = "要".repeat(1001), "requirements"),
            (|f| f.place = "地".repeat(65), "place"),
        ];
        for (spoil, field) in cases {
            let mut form = vacancy_form();
            spoil(&mut form);
            let error = form.check(receiving_province).expect_err(field);
            assert_eq!(error.field, field, "{form:?}");
        }
        let mut form = vacancy_form();
        form.requirements = "要".repeat(1000);
        assert!(form.check(receiving_province).is_ok());
    }

    #[test]
    fn vacancy_status_changes() {
        use VacancyStatus::{Closed, Filled, Open};
        let legal = [
            (Open, Filled),
            (Open, Closed),
            (Filled, Open),
            (Closed, Open),
        ];
        for from in [Open, Filled, Closed] {
            assert_eq!(VacancyStatus::parse(from.code()), Some(from));
            for to in [Open, Filled, Closed] {
                let result = from.change_to(to);
                if legal.contains(&(from, to)) {
                    assert_eq!(result, Ok(to));
                } else {
                    assert!(
                        matches!(result, Err(HireTransitionError::Illegal(_))),
                        "{from:?} → {to:?}"
                    );
                }
            }
        }
        assert_eq!(
            Open.change_to(Open),
            Err(HireTransitionError::Illegal("岗位已是“招聘中”状态".into()))
        );
        assert_eq!(VacancyStatus::parse(" closed "), Some(Closed));
        assert_eq!(VacancyStatus::parse("招聘中"), None);
        assert_eq!(
            [Open.label(), Filled.label(), Closed.label()],
            ["招聘中", "已招满", "已关闭"]
        );
    }

    #[test]
    fn city_codes_are_prefecture_level_codes_of_the_province() {
        for (province, city) in [
            ("110000", "110100"),
            ("310000", "310100"),
            ("650000", "650100"),
            ("440000", "440300"),
        ] {
            assert!(city_code_fits(province, city), "{province} {city}");
        }
        for (province, city) in [
            ("310000", "310000"), // the province itself
            ("310000", "310115"), // a district
            ("310000", "320100"), // another province's city
            ("310000", "31010"),
            ("310000", "3101000"),
            ("310000", "31O100"),
            ("310000", "３１０１００"),
            ("310000", ""),
            ("310100", "310100"), // not a province code
            ("", "310100"),
        ] {
            assert!(!city_code_fits(province, city), "{province} {city}");
        }
    }

    fn employer_form() -> EmployerRegistration {
        EmployerRegistration {
            name: "上海浦江餐饮管理有限公司".into(),
            credit_code: with_check_char("91310115MA1H7RPQ3").expect("17 valid symbols"),
            province_code: "310000".into(),
            city_code: "310100".into(),
            city_name: "上海市".into(),
            industry: "餐饮".into(),
            contact_name: "王经理".into(),
            contact_phone: "139 1234 5678".into(),
            username: "Pujiang".into(),
            password: "a-long-enough-passphrase".into(),
        }
    }

    #[test]
    fn a_complete_employer_registration_passes() {
        let checked = employer_form().check(receiving_province).expect("valid");
        assert_eq!(
            checked.credit_code.as_str(),
            with_check_char("91310115MA1H7RPQ3").expect("valid")
        );
        assert_eq!(checked.province_code, "310000");
        assert_eq!(checked.city_code, "310100");
        assert_eq!(checked.contact_phone.as_str(), "13912345678");
        assert_eq!(checked.username, "pujiang");
        assert_eq!(checked.password, "a-long-enough-passphrase");
    }

    #[test]
    fn each_bad_employer_field_is_named() {
        type Spoil = fn(&mut EmployerRegistration);
        let cases: [(Spoil, &str); 16] = [
            (|f| f.name = "浦江".into(), "name"),
            (|f| f.name = "名".repeat(65), "name"),
            (
                |f| f.credit_code = "91310115MA1H7RPQ3".into(),
                "credit_code",
            ),
            (|f| f.province_code = "140000".into(), "province_code"),
            (|f| f.city_code = "320100".into(), "city_code"),
            (|f| f.city_code = "310115".into(), "city_code"),
            (|f| f.city_code = String::new(), "city_code"),
            (|f| f.city_name = "沪".into(), "city_name"),
            (|f| f.city_name = "城".repeat(17), "city_name"),
            (|f| f.industry = "餐".into(), "industry"),
            (|f| f.industry = "业".repeat(33), "industry"),
            (|f| f.contact_name = " ".into(), "contact_name"),
            (|f| f.contact_name = "名".repeat(33), "contact_name"),
            (|f| f.contact_phone = "021-12345678".into(), "contact_phone"),
            (|f| f.username = "王".into(), "username"),
            (|f| f.password = "pujiang".into(), "password"),
        ];
        for (spoil, field) in cases {
            let mut form = employer_form();
            spoil(&mut form);
            let error = form.check(receiving_province).expect_err(field);
            assert_eq!(error.field, field, "{form:?}");
        }
        let mut form = employer_form();
        form.city_code = "310115".into();
        assert_eq!(
            form.check(receiving_province)
                .expect_err("district")
                .message,
            "城市代码应为该省的地级市代码（GB/T 2260，如 310100）"
        );
        let mut form = employer_form();
        let valid = with_check_char("91310115MA1H7RPQ3").expect("valid");
        let wrong = if valid.ends_with('0') { '1' } else { '0' };
        form.credit_code = format!("{}{wrong}", &valid[..17]);
        let error = form.check(receiving_province).expect_err("check char");
        assert_eq!(error.field, "credit_code");
        assert!(
            error.message.contains("统一社会信用代码"),
            "{}",
            error.message
        );
        let mut form = employer_form();
        form.province_code = "140000".into();
        assert_eq!(
            form.check(receiving_province)
                .expect_err("province")
                .message,
            "请选择所在省份"
        );
    }
}
