//! Training 培训 (policy §一, §二.5–7): programmes of the four modes the policy names, their
//! form's checks, enrolment's free-once rule and results that may carry a certificate.

use super::calendar::CalendarDate;
use super::credentials::FieldError;
use super::roster::CertificateLevel;
use serde::{Deserialize, Serialize};

macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Reads the code or the label.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|v| v.code() == text || v.label() == text)
            }
        }
    };
}
/// Shared with the other coded enums of the domain (events).
pub(crate) use coded_enum;

coded_enum! {
    /// The kinds of training §二.6 names.
    TrainingType {
        EmploymentSkills = "employment_skills", "就业技能培训";
        SkillUpgrade = "skill_upgrade", "岗位技能提升培训";
        Entrepreneurship = "entrepreneurship", "创业培训";
        Preparatory = "preparatory", "劳动预备制培训";
        /// 订单、定向、定岗培训.
        Order = "order", "订单/定向/定岗培训";
    }
}

coded_enum! {
    /// The four modes of §二.7.
    TrainingMode {
        /// 先培训、后就业: schools and technical colleges.
        TrainThenWork = "train_then_work", "先培训后就业";
        /// 先就业、后培训: employers train the poor workers they hired.
        WorkThenTrain = "work_then_train", "先就业后培训";
        /// 边培训、边就业: human-resource agencies, short order classes.
        TrainWhileWork = "train_while_work", "边培训边就业";
        /// 需求储备式: short courses for occupations in demand.
        Reserve = "reserve", "需求储备式";
    }
}

coded_enum! {
    /// A programme is planned as a draft, published for enrolment, or cancelled.
    ProgrammeStatus {
        Draft = "draft", "草稿";
        Published = "published", "已发布";
        Cancelled = "cancelled", "已取消";
    }
}

coded_enum! {
    /// A trainee's result.
    EnrolmentResult {
        Pending = "pending", "待考核";
        Passed = "passed", "合格";
        Failed = "failed", "不合格";
    }
}

const MAX_TITLE_CHARS: usize = 64;
const MAX_NAME_CHARS: usize = 64;
const MAX_PLACE_CHARS: usize = 128;
const MAX_OCCUPATION_CHARS: usize = 32;
const MAX_SEATS: i32 = 2000;
/// The longest course: a 劳动预备制 course can last two school years.
const MAX_DAYS: i64 = 2 * 366;

/// A programme as the form and `POST /api/v1/training/programmes` send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProgrammeForm {
    pub title: String,
    /// The institution's name; a new name registers the institution in the county.
    pub institution_name: String,
    pub institution_address: String,
    pub institution_contact: String,
    /// 工种, e.g. 中式面点师.
    pub occupation: String,
    /// A type code (employment_skills …) or its label.
    pub training_type: String,
    /// A mode code (train_then_work …) or its label.
    pub mode: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD, the last day.
    pub ends_on: String,
    pub place: String,
    pub seats: String,
    /// `yes`: free (counts for the free-once target); `no`: fee-paying.
    pub free: String,
    /// The fee in yuan when not free.
    pub fee_yuan: String,
    /// The brand's slug, when it prepares workers for a brand.
    pub brand: String,
    /// `draft` or `published`.
    pub status: String,
    /// The county code it runs in (admins choose; promoters and companies have their own).
    pub county: String,
}

/// A programme that passed [`ProgrammeForm::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProgramme {
    pub title: String,
    pub institution_name: Option<String>,
    pub institution_address: String,
    pub institution_contact: String,
    pub occupation: String,
    pub training_type: TrainingType,
    pub mode: TrainingMode,
    pub starts_on: CalendarDate,
    pub ends_on: CalendarDate,
    pub place: String,
    pub seats: i32,
    pub free: bool,
    pub fee_fen: i64,
    pub brand: Option<String>,
    pub status: ProgrammeStatus,
}

/// A trimmed text field, required or not, at most `max` characters.
pub(crate) fn text_field(
    field: &'static str,
    name: &str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<String, FieldError> {
    let value = value.trim().to_string();
    if required && value.is_empty() {
        return Err(FieldError::new(field, format!("请填写{name}")));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(field, format!("{name}最多 {max} 个字")));
    }
    Ok(value)
}

impl ProgrammeForm {
    /// A draft may leave the institution and place open; publishing needs them.
    ///
    /// # Errors
    /// A [`FieldError`] naming the field.
    pub fn check(&self) -> Result<CheckedProgramme, FieldError> {
        let status = match self.status.trim() {
            "" => ProgrammeStatus::Published,
            text => ProgrammeStatus::parse(text)
                .filter(|s| *s != ProgrammeStatus::Cancelled)
                .ok_or_else(|| {
                    FieldError::new("status", "状态应为 draft（草稿）或 published（发布）")
                })?,
        };
        let publishing = status == ProgrammeStatus::Published;
        let title = text_field("title", "培训班名称", &self.title, MAX_TITLE_CHARS, true)?;
        let institution = text_field(
            "institution_name",
            "培训机构",
            &self.institution_name,
            MAX_NAME_CHARS,
            publishing,
        )?;
        let institution_address = text_field(
            "institution_address",
            "机构地址",
            &self.institution_address,
            MAX_PLACE_CHARS,
            false,
        )?;
        let institution_contact = text_field(
            "institution_contact",
            "机构联系方式",
            &self.institution_contact,
            MAX_NAME_CHARS,
            false,
        )?;
        let occupation = text_field(
            "occupation",
            "培训工种",
            &self.occupation,
            MAX_OCCUPATION_CHARS,
            true,
        )?;
        let training_type = TrainingType::parse(&self.training_type).ok_or_else(|| {
            FieldError::new(
                "training_type",
                "培训类型应为 就业技能培训、岗位技能提升培训、创业培训、劳动预备制培训 或 订单/定向/定岗培训",
            )
        })?;
        let mode = TrainingMode::parse(&self.mode).ok_or_else(|| {
            FieldError::new(
                "mode",
                "培训模式应为 先培训后就业、先就业后培训、边培训边就业 或 需求储备式",
            )
        })?;
        let starts_on = CalendarDate::parse(self.starts_on.trim())
            .map_err(|e| FieldError::new("starts_on", format!("开班日期：{e}")))?;
        let ends_on = CalendarDate::parse(self.ends_on.trim())
            .map_err(|e| FieldError::new("ends_on", format!("结业日期：{e}")))?;
        let days = ends_on.days_since_epoch() - starts_on.days_since_epoch();
        if days < 0 {
            return Err(FieldError::new("ends_on", "结业日期不能早于开班日期"));
        }
        if days > MAX_DAYS {
            return Err(FieldError::new("ends_on", "培训期最长两年"));
        }
        let place = text_field(
            "place",
            "培训地点",
            &self.place,
            MAX_PLACE_CHARS,
            publishing,
        )?;
        let seats = match self.seats.trim() {
            "" if !publishing => 0,
            text => text
                .parse::<i32>()
                .ok()
                .filter(|n| (1..=MAX_SEATS).contains(n))
                .ok_or_else(|| {
                    FieldError::new("seats", format!("招生人数应为 1 到 {MAX_SEATS} 的整数"))
                })?,
        };
        let free = match self.free.trim() {
            "" | "yes" | "true" | "1" | "是" | "免费" => true,
            "no" | "false" | "0" | "否" | "收费" => false,
            _ => return Err(FieldError::new("free", "是否免费应为 yes 或 no")),
        };
        let fee_fen = if free {
            0
        } else {
            super::money::Fen::parse_yuan(self.fee_yuan.trim())
                .ok()
                .map(|f| f.0)
                .filter(|f| *f > 0)
                .ok_or_else(|| {
                    FieldError::new("fee_yuan", "收费培训请填写费用（元，如 1200 或 1200.50）")
                })?
        };
        let brand = Some(self.brand.trim().to_string()).filter(|b| !b.is_empty());
        Ok(CheckedProgramme {
            title,
            institution_name: Some(institution).filter(|i| !i.is_empty()),
            institution_address,
            institution_contact,
            occupation,
            training_type,
            mode,
            starts_on,
            ends_on,
            place,
            seats,
            free,
            fee_fen,
            brand,
            status,
        })
    }
}

/// Why an enrolment needs a second look: the worker already had a free training.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("该劳动者已参加过免费培训（{earlier}）；每人免费培训一次，如确需再次免费参加，请填写原因")]
pub struct RepeatFreeTraining {
    /// The earlier programme's title.
    pub earlier: String,
}

/// Whether an enrolment is the worker's free-once training. A free programme is the free
/// once when the worker has no other free enrolment; a second free one needs a reason (it is
/// allowed, but never counted again). Fee-paying programmes never count.
///
/// # Errors
/// [`RepeatFreeTraining`] when a second free training has no reason.
pub fn free_once(
    programme_free: bool,
    earlier_free_title: Option<&str>,
    reason: Option<&str>,
) -> Result<bool, RepeatFreeTraining> {
    if !programme_free {
        return Ok(false);
    }
    match earlier_free_title {
        None => Ok(true),
        Some(_) if reason.is_some_and(|r| !r.trim().is_empty()) => Ok(false),
        Some(title) => Err(RepeatFreeTraining {
            earlier: title.to_string(),
        }),
    }
}

/// A trainee's attendance and result as the form sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ResultForm {
    /// 出勤率, whole percent 0–100; empty when not yet known.
    pub attendance_percent: String,
    /// `pending`, `passed` (合格) or `failed` (不合格).
    pub result: String,
    /// 0–100; empty when not scored.
    pub score: String,
    /// The certificate number a passing result earned (creates a certificate on the worker).
    pub certificate_number: String,
    /// The certificate's level (五级/初级工 …); default 五级/初级工.
    pub certificate_level: String,
    /// YYYY-MM-DD the result was given; default today.
    pub result_on: String,
}

/// A result that passed [`ResultForm::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedResult {
    pub attendance_percent: Option<i32>,
    pub result: EnrolmentResult,
    pub score: Option<i32>,
    pub certificate: Option<(String, CertificateLevel)>,
    pub result_on: Option<CalendarDate>,
}

fn percent(field: &'static str, name: &str, text: &str) -> Result<Option<i32>, FieldError> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .trim_end_matches('%')
            .parse::<i32>()
            .ok()
            .filter(|n| (0..=100).contains(n))
            .map(Some)
            .ok_or_else(|| FieldError::new(field, format!("{name}应为 0 到 100 的整数"))),
    }
}

impl ResultForm {
    /// # Errors
    /// A [`FieldError`] naming the field.
    pub fn check(
        &self,
        today: CalendarDate,
        programme_starts_on: CalendarDate,
    ) -> Result<CheckedResult, FieldError> {
        let result = EnrolmentResult::parse(match self.result.trim() {
            "" => "pending",
            text => text,
        })
        .ok_or_else(|| FieldError::new("result", "结果应为 合格、不合格 或 待考核"))?;
        let attendance_percent = percent("attendance_percent", "出勤率", &self.attendance_percent)?;
        let score = percent("score", "成绩", &self.score)?;
        let number = self.certificate_number.trim();
        let certificate = if number.is_empty() {
            None
        } else {
            if result != EnrolmentResult::Passed {
                return Err(FieldError::new(
                    "certificate_number",
                    "只有考核合格才能登记证书编号",
                ));
            }
            if number.chars().count() > 64
                || !number
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                return Err(FieldError::new(
                    "certificate_number",
                    "证书编号应为字母、数字或连字符，最多 64 位",
                ));
            }
            let level = match self.certificate_level.trim() {
                "" => CertificateLevel::Five,
                text => CertificateLevel::parse(text).ok_or_else(|| {
                    FieldError::new(
                        "certificate_level",
                        "证书等级应为 五级/初级工 到 一级/高级技师",
                    )
                })?,
            };
            Some((number.to_string(), level))
        };
        let result_on = if result == EnrolmentResult::Pending {
            None
        } else {
            let day = match self.result_on.trim() {
                "" => today,
                text => CalendarDate::parse(text)
                    .map_err(|e| FieldError::new("result_on", format!("考核日期：{e}")))?,
            };
            if day > today {
                return Err(FieldError::new("result_on", "考核日期不能晚于今天"));
            }
            if day < programme_starts_on {
                return Err(FieldError::new("result_on", "考核日期不能早于开班日期"));
            }
            Some(day)
        };
        Ok(CheckedResult {
            attendance_percent,
            result,
            score,
            certificate,
            result_on,
        })
    }
}

/// Searches that found fewer workers than this are unmet demand.
pub const FEW_RESULTS: u64 = 3;

/// The work a search asked for: its occupation filter, else its searched words.
pub fn demand_occupation(occupation_chip: Option<&str>, words: &[String]) -> Option<String> {
    if let Some(occupation) = occupation_chip.map(str::trim).filter(|o| !o.is_empty()) {
        return Some(occupation.to_string());
    }
    // Chinese words join as they were typed (茶艺 师 → 茶艺师); Latin ones keep a space.
    let mut text = String::new();
    for word in words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .take(3)
    {
        let latin_seam = text
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && word
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if latin_seam {
            text.push(' ');
        }
        text.push_str(word);
    }
    (!text.is_empty()).then(|| text.chars().take(MAX_OCCUPATION_CHARS).collect())
}

/// The draft a promoter starts from when turning unmet demand into training: a 需求储备式
/// employment-skills class for the occupation, opening the first of next month for two weeks.
pub fn draft_from_demand(
    occupation: &str,
    region_name: Option<&str>,
    searches: u64,
    today: CalendarDate,
) -> (ProgrammeForm, String) {
    let (year, month) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    let starts_on = CalendarDate::new(year, month, 1).unwrap_or(today);
    let ends_on = CalendarDate::new(year, month, 15).unwrap_or(today);
    let occupation: String = occupation.chars().take(MAX_OCCUPATION_CHARS).collect();
    let title: String = format!("{occupation}需求储备式培训班")
        .chars()
        .take(MAX_TITLE_CHARS)
        .collect();
    let note = match region_name {
        Some(region) => {
            format!("来自未满足需求：{region}的用工单位搜索“{occupation}” {searches} 次")
        }
        None => format!("来自未满足需求：用工单位搜索“{occupation}” {searches} 次"),
    };
    let form = ProgrammeForm {
        title,
        occupation,
        training_type: TrainingType::EmploymentSkills.code().into(),
        mode: TrainingMode::Reserve.code().into(),
        starts_on: starts_on.to_string(),
        ends_on: ends_on.to_string(),
        free: "yes".into(),
        status: ProgrammeStatus::Draft.code().into(),
        ..ProgrammeForm::default()
    };
    (form, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> CalendarDate {
        CalendarDate::parse(text).expect("date")
    }

    fn form() -> ProgrammeForm {
        ProgrammeForm {
            title: "浮山厨师面点班".into(),
            institution_name: "浮山县职业技术学校".into(),
            occupation: "中式面点师".into(),
            training_type: "就业技能培训".into(),
            mode: "先培训后就业".into(),
            starts_on: "2026-03-01".into(),
            ends_on: "2026-03-30".into(),
            place: "浮山县天坛镇".into(),
            seats: "40".into(),
            free: "yes".into(),
            ..ProgrammeForm::default()
        }
    }

    #[test]
    fn a_complete_form_publishes_a_free_programme() {
        let checked = form().check().expect("valid");
        assert_eq!(checked.status, ProgrammeStatus::Published);
        assert_eq!(checked.training_type, TrainingType::EmploymentSkills);
        assert_eq!(checked.mode, TrainingMode::TrainThenWork);
        assert_eq!(checked.seats, 40);
        assert!(checked.free);
        assert_eq!(checked.fee_fen, 0);
        assert_eq!(
            checked.institution_name.as_deref(),
            Some("浮山县职业技术学校")
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut ProgrammeForm);
        let cases: [(&str, Spoil); 9] = [
            ("title", |f| f.title = " ".into()),
            ("institution_name", |f| f.institution_name = String::new()),
            ("occupation", |f| f.occupation = String::new()),
            ("training_type", |f| f.training_type = "夜校".into()),
            ("mode", |f| f.mode = "随到随学".into()),
            ("ends_on", |f| f.ends_on = "2026-02-01".into()),
            ("seats", |f| f.seats = "0".into()),
            ("fee_yuan", |f| f.free = "no".into()),
            ("status", |f| f.status = "cancelled".into()),
        ];
        for (field, spoil) in cases {
            let mut f = form();
            spoil(&mut f);
            assert_eq!(f.check().expect_err(field).field, field);
        }
    }

    #[test]
    fn a_draft_may_leave_institution_place_and_seats_open() {
        let mut f = form();
        f.status = "draft".into();
        f.institution_name = String::new();
        f.place = String::new();
        f.seats = String::new();
        let checked = f.check().expect("draft");
        assert_eq!(checked.status, ProgrammeStatus::Draft);
        assert_eq!(checked.institution_name, None);
        assert_eq!(checked.seats, 0);
    }

    #[test]
    fn a_fee_paying_programme_keeps_its_fee_in_fen() {
        let mut f = form();
        f.free = "no".into();
        f.fee_yuan = "1200.50".into();
        let checked = f.check().expect("fee");
        assert!(!checked.free);
        assert_eq!(checked.fee_fen, 120_050);
    }

    #[test]
    fn the_first_free_training_counts_and_a_second_needs_a_reason() {
        assert_eq!(free_once(true, None, None), Ok(true));
        assert_eq!(free_once(false, None, None), Ok(false));
        assert_eq!(free_once(false, Some("护工班"), None), Ok(false));
        let err = free_once(true, Some("护工班"), Some("  ")).expect_err("needs reason");
        assert_eq!(err.earlier, "护工班");
        assert!(err.to_string().contains("护工班"));
        assert_eq!(
            free_once(true, Some("护工班"), Some("首次未结业")),
            Ok(false)
        );
    }

    #[test]
    fn a_result_with_a_certificate_must_be_a_pass() {
        let today = day("2026-04-01");
        let start = day("2026-03-01");
        let pass = ResultForm {
            attendance_percent: "95".into(),
            result: "合格".into(),
            score: "88".into(),
            certificate_number: "S2026-0001".into(),
            ..ResultForm::default()
        }
        .check(today, start)
        .expect("pass");
        assert_eq!(pass.result, EnrolmentResult::Passed);
        assert_eq!(
            pass.certificate,
            Some(("S2026-0001".into(), CertificateLevel::Five))
        );
        assert_eq!(pass.result_on, Some(today));
        let fail = ResultForm {
            result: "failed".into(),
            certificate_number: "S2026-0002".into(),
            ..ResultForm::default()
        }
        .check(today, start)
        .expect_err("no certificate on a fail");
        assert_eq!(fail.field, "certificate_number");
        for (field, form) in [
            (
                "score",
                ResultForm {
                    result: "passed".into(),
                    score: "101".into(),
                    ..ResultForm::default()
                },
            ),
            (
                "attendance_percent",
                ResultForm {
                    attendance_percent: "-1".into(),
                    ..ResultForm::default()
                },
            ),
            (
                "result",
                ResultForm {
                    result: "优秀".into(),
                    ..ResultForm::default()
                },
            ),
            (
                "result_on",
                ResultForm {
                    result: "passed".into(),
                    result_on: "2026-05-01".into(),
                    ..ResultForm::default()
                },
            ),
            (
                "result_on",
                ResultForm {
                    result: "passed".into(),
                    result_on: "2026-02-01".into(),
                    ..ResultForm::default()
                },
            ),
        ] {
            assert_eq!(form.check(today, start).expect_err(field).field, field);
        }
        let pending = ResultForm::default().check(today, start).expect("pending");
        assert_eq!(pending.result_on, None);
    }

    #[test]
    fn demand_is_named_by_its_occupation_or_its_words() {
        assert_eq!(
            demand_occupation(Some("育婴员"), &["会带孩子".into()]).as_deref(),
            Some("育婴员")
        );
        assert_eq!(
            demand_occupation(None, &["面点".into(), "师傅".into()]).as_deref(),
            Some("面点师傅")
        );
        assert_eq!(
            demand_occupation(None, &["forklift".into(), "driver".into()]).as_deref(),
            Some("forklift driver")
        );
        assert_eq!(demand_occupation(None, &[]), None);
    }

    #[test]
    fn a_draft_from_demand_opens_next_month_as_a_reserve_class() {
        let (form, note) = draft_from_demand("育婴员", Some("北京市"), 12, day("2026-12-06"));
        assert_eq!(form.starts_on, "2027-01-01");
        assert_eq!(form.ends_on, "2027-01-15");
        assert_eq!(form.mode, "reserve");
        assert!(note.contains("北京市") && note.contains("12"));
        let checked = form.check().expect("a draft checks");
        assert_eq!(checked.status, ProgrammeStatus::Draft);
        assert_eq!(checked.mode, TrainingMode::Reserve);
    }
}
