//! Labour brands (劳务品牌): what a brand record must hold, its recognition tier, companies'
//! membership (加盟) and its decisions, and a promoter's check of a worker's certificate.

use super::calendar::CalendarDate;
use super::credentials::FieldError;
use super::role::Scope;
use serde::{Deserialize, Serialize};

/// How far a brand has been recognised. 培育中 until a government grants a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecognitionTier {
    Cultivating,
    County,
    City,
    Province,
    National,
}

impl RecognitionTier {
    pub const ALL: [RecognitionTier; 5] = [
        RecognitionTier::Cultivating,
        RecognitionTier::County,
        RecognitionTier::City,
        RecognitionTier::Province,
        RecognitionTier::National,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RecognitionTier::Cultivating => "cultivating",
            RecognitionTier::County => "county",
            RecognitionTier::City => "city",
            RecognitionTier::Province => "province",
            RecognitionTier::National => "national",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RecognitionTier::Cultivating => "培育中",
            RecognitionTier::County => "县级",
            RecognitionTier::City => "市级",
            RecognitionTier::Province => "省级",
            RecognitionTier::National => "国家级",
        }
    }

    /// Accepts the code (`city`) or the Chinese label (`市级`).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|t| t.code() == text || t.label() == text)
    }
}

/// A brand as a promoter enters it, checked. Occupations are kept in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandDraft {
    pub slug: String,
    pub name: String,
    /// `None` for a city-wide brand (admins only).
    pub county_code: Option<String>,
    pub occupations: Vec<String>,
    pub standard_text: String,
    pub standard_version: Option<String>,
    pub tier: RecognitionTier,
    /// Who granted the tier (e.g. 山西省人力资源和社会保障厅); required above 培育中.
    pub tier_granted_by: Option<String>,
    pub tier_granted_on: Option<CalendarDate>,
    pub trademark_number: Option<String>,
    pub story: String,
}

/// The raw form of a brand: every field as text, as forms and JSON carry it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrandForm {
    /// Lower-case letters, digits and hyphens, e.g. `fushan-chushi`; the page address.
    pub slug: String,
    pub name: String,
    /// GB/T 2260 county code; empty for a city-wide brand.
    #[serde(default)]
    pub county_code: String,
    /// Occupations separated by 、 or commas.
    pub occupations: String,
    #[serde(default)]
    pub standard_text: String,
    #[serde(default)]
    pub standard_version: String,
    /// `cultivating`, `county`, `city`, `province`, `national` (or 培育中 … 国家级).
    pub tier: String,
    #[serde(default)]
    pub tier_granted_by: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub tier_granted_on: String,
    #[serde(default)]
    pub trademark_number: String,
    #[serde(default)]
    pub story: String,
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn too_long(field: &'static str, text: &str, max: usize) -> Result<(), FieldError> {
    if text.chars().count() > max {
        return Err(FieldError::new(field, format!("最多 {max} 个字")));
    }
    Ok(())
}

/// Splits an occupation list written with 、 ， , ; or spaces.
pub fn split_occupations(text: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for part in text.split(['、', '，', ',', '；', ';', ' ', '\u{3000}']) {
        let part = part.trim();
        if !part.is_empty() && !seen.iter().any(|s: &String| s == part) {
            seen.push(part.to_string());
        }
    }
    seen
}

/// Whether `slug` is a usable page address: 2–48 of a–z, 0–9 and inner hyphens.
pub fn is_valid_slug(slug: &str) -> bool {
    (2..=48).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

impl BrandForm {
    /// Checks every field; the error names the first bad one.
    ///
    /// # Errors
    /// A [`FieldError`] naming the form field.
    pub fn parse(&self) -> Result<BrandDraft, FieldError> {
        let slug = self.slug.trim().to_ascii_lowercase();
        if !is_valid_slug(&slug) {
            return Err(FieldError::new(
                "slug",
                "网址名须为 2–48 位小写字母、数字或连字符，如 fushan-chushi",
            ));
        }
        let name = self.name.trim().to_string();
        if name.chars().count() < 2 {
            return Err(FieldError::new("name", "请填写品牌名称（至少 2 个字）"));
        }
        too_long("name", &name, 32)?;
        let county_code = optional(&self.county_code);
        if let Some(code) = &county_code
            && !(code.len() == 6
                && code.starts_with("14")
                && code.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(FieldError::new(
                "county_code",
                "区县代码应为临汾市的 6 位代码",
            ));
        }
        let occupations = split_occupations(&self.occupations);
        if occupations.is_empty() {
            return Err(FieldError::new("occupations", "请至少填写一个覆盖的工种"));
        }
        if occupations.len() > 12 || occupations.iter().any(|o| o.chars().count() > 20) {
            return Err(FieldError::new(
                "occupations",
                "工种最多 12 个，每个最多 20 个字",
            ));
        }
        let standard_text = self.standard_text.trim().to_string();
        too_long("standard_text", &standard_text, 20_000)?;
        let standard_version = optional(&self.standard_version);
        if let Some(version) = &standard_version {
            too_long("standard_version", version, 32)?;
        }
        if !standard_text.is_empty() && standard_version.is_none() {
            return Err(FieldError::new(
                "standard_version",
                "填写了服务标准时须注明版本，如 2024 版",
            ));
        }
        let tier = RecognitionTier::parse(&self.tier).ok_or_else(|| {
            FieldError::new("tier", "认定级别应为 培育中、县级、市级、省级 或 国家级")
        })?;
        let tier_granted_by = optional(&self.tier_granted_by);
        let tier_granted_on =
            match optional(&self.tier_granted_on) {
                None => None,
                Some(text) => Some(CalendarDate::parse(&text).map_err(|e| {
                    FieldError::new("tier_granted_on", format!("认定日期无效：{e}"))
                })?),
            };
        if tier != RecognitionTier::Cultivating {
            if tier_granted_by.is_none() {
                return Err(FieldError::new(
                    "tier_granted_by",
                    "已认定的品牌须填写认定单位",
                ));
            }
            if tier_granted_on.is_none() {
                return Err(FieldError::new(
                    "tier_granted_on",
                    "已认定的品牌须填写认定日期",
                ));
            }
        }
        if let Some(by) = &tier_granted_by {
            too_long("tier_granted_by", by, 64)?;
        }
        let trademark_number = optional(&self.trademark_number);
        if let Some(number) = &trademark_number
            && !(number.len() <= 32 && number.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Err(FieldError::new(
                "trademark_number",
                "商标注册号应为最多 32 位的数字或字母",
            ));
        }
        let story = self.story.trim().to_string();
        too_long("story", &story, 5_000)?;
        Ok(BrandDraft {
            slug,
            name,
            county_code,
            occupations,
            standard_text,
            standard_version,
            tier,
            tier_granted_by,
            tier_granted_on,
            trademark_number,
            story,
        })
    }
}

/// Whether an account may manage things belonging to `county_code` (`None`: city-wide).
/// Admins manage everything; a promoter only their own county.
pub fn manages_county(scope: &Scope, county_code: Option<&str>) -> bool {
    match scope {
        Scope::City => true,
        Scope::County { code } => county_code == Some(code.as_str()),
        Scope::Company { .. } | Scope::Employer { .. } => false,
    }
}

/// A company's membership (加盟) of a brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    Pending,
    Approved,
    Rejected,
    Suspended,
}

impl MembershipStatus {
    pub fn code(self) -> &'static str {
        match self {
            MembershipStatus::Pending => "pending",
            MembershipStatus::Approved => "approved",
            MembershipStatus::Rejected => "rejected",
            MembershipStatus::Suspended => "suspended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MembershipStatus::Pending => "待审核",
            MembershipStatus::Approved => "已加盟",
            MembershipStatus::Rejected => "未通过",
            MembershipStatus::Suspended => "已暂停",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            MembershipStatus::Pending,
            MembershipStatus::Approved,
            MembershipStatus::Rejected,
            MembershipStatus::Suspended,
        ]
        .into_iter()
        .find(|s| s.code() == text.trim())
    }

    /// A status filter from a query value (`field` names it in the error); empty means any.
    ///
    /// # Errors
    /// A [`FieldError`] on `field` for an unknown status.
    pub fn parse_filter(
        value: Option<&str>,
        field: &'static str,
    ) -> Result<Option<Self>, FieldError> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(text) => Self::parse(text).map(Some).ok_or_else(|| {
                FieldError::new(field, "状态应为 pending、approved、rejected 或 suspended")
            }),
        }
    }

    /// What a company applying (again) leads to: a new or rejected application becomes pending;
    /// a pending, approved or suspended one cannot be re-submitted.
    ///
    /// # Errors
    /// [`MembershipError`] saying why.
    pub fn apply_again(self) -> Result<MembershipStatus, MembershipError> {
        match self {
            MembershipStatus::Rejected => Ok(MembershipStatus::Pending),
            MembershipStatus::Pending => Err(MembershipError::AlreadyPending),
            MembershipStatus::Approved => Err(MembershipError::AlreadyMember),
            MembershipStatus::Suspended => Err(MembershipError::Suspended),
        }
    }

    /// The status a promoter's decision leads to. Rejecting and suspending need a reason.
    ///
    /// # Errors
    /// [`MembershipError`] when the decision does not apply to this status or lacks a reason.
    pub fn decide(
        self,
        decision: MembershipDecision,
        reason: Option<&str>,
    ) -> Result<MembershipStatus, MembershipError> {
        let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
        match (self, decision) {
            (
                MembershipStatus::Pending | MembershipStatus::Suspended,
                MembershipDecision::Approve,
            ) => Ok(MembershipStatus::Approved),
            (MembershipStatus::Pending, MembershipDecision::Reject) if has_reason => {
                Ok(MembershipStatus::Rejected)
            }
            (MembershipStatus::Approved, MembershipDecision::Suspend) if has_reason => {
                Ok(MembershipStatus::Suspended)
            }
            (MembershipStatus::Pending, MembershipDecision::Reject)
            | (MembershipStatus::Approved, MembershipDecision::Suspend) => {
                Err(MembershipError::ReasonRequired)
            }
            (from, decision) => Err(MembershipError::NotAllowed { from, decision }),
        }
    }
}

/// A promoter's decision on a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MembershipDecision {
    Approve,
    Reject,
    Suspend,
}

impl MembershipDecision {
    pub fn code(self) -> &'static str {
        match self {
            MembershipDecision::Approve => "approve",
            MembershipDecision::Reject => "reject",
            MembershipDecision::Suspend => "suspend",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MembershipDecision::Approve => "批准",
            MembershipDecision::Reject => "驳回",
            MembershipDecision::Suspend => "暂停",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            MembershipDecision::Approve,
            MembershipDecision::Reject,
            MembershipDecision::Suspend,
        ]
        .into_iter()
        .find(|d| d.code() == text.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MembershipError {
    #[error("已提交加盟申请，正在审核")]
    AlreadyPending,
    #[error("已是该品牌的加盟企业")]
    AlreadyMember,
    #[error("加盟已被暂停，请联系品牌所在县人社局")]
    Suspended,
    #[error("驳回或暂停须填写理由")]
    ReasonRequired,
    #[error("“{}”的加盟不能{}", .from.label(), .decision.label())]
    NotAllowed {
        from: MembershipStatus,
        decision: MembershipDecision,
    },
}

/// Where a worker's certificate stands with the county's promoters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    #[default]
    Unverified,
    Verified,
    Rejected,
}

impl CertificateStatus {
    pub fn code(self) -> &'static str {
        match self {
            CertificateStatus::Unverified => "unverified",
            CertificateStatus::Verified => "verified",
            CertificateStatus::Rejected => "rejected",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CertificateStatus::Unverified => "待核验",
            CertificateStatus::Verified => "已核验",
            CertificateStatus::Rejected => "核验未通过",
        }
    }

    /// A status filter from a query value (`field` names it in the error); empty means any.
    ///
    /// # Errors
    /// A [`FieldError`] on `field` for an unknown status.
    pub fn parse_filter(
        value: Option<&str>,
        field: &'static str,
    ) -> Result<Option<Self>, FieldError> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(code @ ("unverified" | "verified" | "rejected")) => {
                Ok(Some(Self::from_code(code)))
            }
            Some(_) => Err(FieldError::new(
                field,
                "证书核验状态应为 unverified、verified 或 rejected",
            )),
        }
    }

    /// Unknown stored values read as unverified: never claim a check that was not made.
    pub fn from_code(code: &str) -> Self {
        match code {
            "verified" => CertificateStatus::Verified,
            "rejected" => CertificateStatus::Rejected,
            _ => CertificateStatus::Unverified,
        }
    }
}

/// A promoter's finding on a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateFinding {
    Verified,
    Rejected { reason: String },
}

impl CertificateFinding {
    /// # Errors
    /// A [`FieldError`] on `decision` or `reason`.
    pub fn parse(decision: &str, reason: Option<&str>) -> Result<Self, FieldError> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        match decision.trim() {
            "verify" => Ok(CertificateFinding::Verified),
            "reject" => {
                let reason = reason
                    .ok_or_else(|| FieldError::new("reason", "驳回证书须填写理由"))?
                    .to_string();
                too_long("reason", &reason, 200)?;
                Ok(CertificateFinding::Rejected { reason })
            }
            _ => Err(FieldError::new(
                "decision",
                "decision 应为 verify 或 reject",
            )),
        }
    }

    pub fn status(&self) -> CertificateStatus {
        match self {
            CertificateFinding::Verified => CertificateStatus::Verified,
            CertificateFinding::Rejected { .. } => CertificateStatus::Rejected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> BrandForm {
        BrandForm {
            slug: "fushan-chushi".into(),
            name: "浮山厨师".into(),
            county_code: "141027".into(),
            occupations: "中式烹调师、中式面点师".into(),
            standard_text: "持证上岗，统一着装".into(),
            standard_version: "2024 版".into(),
            tier: "市级".into(),
            tier_granted_by: "临汾市人力资源和社会保障局".into(),
            tier_granted_on: "2023-06-01".into(),
            trademark_number: "61234567".into(),
            story: "浮山厨师走出大山".into(),
        }
    }

    #[test]
    fn a_complete_brand_form_parses() {
        let draft = form().parse().expect("valid");
        assert_eq!(draft.tier, RecognitionTier::City);
        assert_eq!(draft.occupations, ["中式烹调师", "中式面点师"]);
        assert_eq!(draft.county_code.as_deref(), Some("141027"));
        assert_eq!(draft.tier_granted_on.map(|d| d.year()), Some(2023));
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut BrandForm);
        let cases: [(Spoil, &str); 9] = [
            (|f| f.slug = "浮山".into(), "slug"),
            (|f| f.slug = "-a".into(), "slug"),
            (|f| f.name = " ".into(), "name"),
            (|f| f.county_code = "110101".into(), "county_code"),
            (|f| f.occupations = "、".into(), "occupations"),
            (|f| f.standard_version = String::new(), "standard_version"),
            (|f| f.tier = "世界级".into(), "tier"),
            (
                |f| f.tier_granted_on = "2023-02-30".into(),
                "tier_granted_on",
            ),
            (|f| f.trademark_number = "61-234".into(), "trademark_number"),
        ];
        for (spoil, field) in cases {
            let mut f = form();
            spoil(&mut f);
            assert_eq!(f.parse().expect_err(field).field, field);
        }
    }

    #[test]
    fn a_recognised_tier_needs_who_and_when_but_cultivating_does_not() {
        let mut f = form();
        f.tier_granted_by = String::new();
        assert_eq!(f.parse().expect_err("by").field, "tier_granted_by");
        let mut f = form();
        f.tier_granted_on = String::new();
        assert_eq!(f.parse().expect_err("on").field, "tier_granted_on");
        let mut f = form();
        f.tier = "培育中".into();
        f.tier_granted_by = String::new();
        f.tier_granted_on = String::new();
        assert_eq!(f.parse().expect("ok").tier, RecognitionTier::Cultivating);
    }

    #[test]
    fn tiers_parse_from_code_and_label() {
        for tier in RecognitionTier::ALL {
            assert_eq!(RecognitionTier::parse(tier.code()), Some(tier));
            assert_eq!(RecognitionTier::parse(tier.label()), Some(tier));
        }
        assert!(RecognitionTier::Cultivating < RecognitionTier::National);
    }

    #[test]
    fn occupations_split_on_chinese_and_latin_separators_without_duplicates() {
        assert_eq!(
            split_occupations("中式烹调师，中式面点师,养老护理员、中式烹调师"),
            ["中式烹调师", "中式面点师", "养老护理员"]
        );
    }

    #[test]
    fn only_the_brand_county_s_promoter_or_an_admin_manages_it() {
        let promoter = Scope::County {
            code: "141027".into(),
        };
        assert!(manages_county(&promoter, Some("141027")));
        assert!(!manages_county(&promoter, Some("141023")));
        assert!(!manages_county(&promoter, None));
        assert!(manages_county(&Scope::City, None));
        assert!(!manages_county(&Scope::Company { id: 1 }, Some("141027")));
    }

    #[test]
    fn membership_decisions_follow_the_state_machine() {
        use MembershipDecision::*;
        use MembershipStatus::*;
        assert_eq!(Pending.decide(Approve, None), Ok(Approved));
        assert_eq!(Pending.decide(Reject, Some("材料不全")), Ok(Rejected));
        assert_eq!(Approved.decide(Suspend, Some("投诉核实")), Ok(Suspended));
        assert_eq!(Suspended.decide(Approve, None), Ok(Approved));
        assert_eq!(
            Pending.decide(Reject, Some("  ")),
            Err(MembershipError::ReasonRequired)
        );
        assert_eq!(
            Approved.decide(Suspend, None),
            Err(MembershipError::ReasonRequired)
        );
        for (from, decision) in [
            (Approved, Approve),
            (Approved, Reject),
            (Rejected, Approve),
            (Rejected, Suspend),
            (Pending, Suspend),
            (Suspended, Reject),
        ] {
            assert!(matches!(
                from.decide(decision, Some("理由")),
                Err(MembershipError::NotAllowed { .. })
            ));
        }
    }

    #[test]
    fn only_a_rejected_application_can_be_made_again() {
        assert_eq!(
            MembershipStatus::Rejected.apply_again(),
            Ok(MembershipStatus::Pending)
        );
        assert_eq!(
            MembershipStatus::Pending.apply_again(),
            Err(MembershipError::AlreadyPending)
        );
        assert_eq!(
            MembershipStatus::Approved.apply_again(),
            Err(MembershipError::AlreadyMember)
        );
        assert_eq!(
            MembershipStatus::Suspended.apply_again(),
            Err(MembershipError::Suspended)
        );
    }

    #[test]
    fn rejecting_a_certificate_needs_a_reason() {
        assert_eq!(
            CertificateFinding::parse("verify", None),
            Ok(CertificateFinding::Verified)
        );
        assert_eq!(
            CertificateFinding::parse("reject", Some(" "))
                .expect_err("reason")
                .field,
            "reason"
        );
        assert_eq!(
            CertificateFinding::parse("reject", Some("编号查无此证"))
                .expect("ok")
                .status(),
            CertificateStatus::Rejected
        );
        assert_eq!(
            CertificateFinding::parse("maybe", None)
                .expect_err("d")
                .field,
            "decision"
        );
        assert_eq!(
            CertificateStatus::from_code("garbage"),
            CertificateStatus::Unverified
        );
    }
}
