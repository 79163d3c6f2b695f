//! Events 活动 (policy §一.4, §二.13): job fairs that bring employers and workers together
//! (春风行动, 就业洽谈会, 招聘会, 就业服务月) and brand skill competitions (丁陶杯, 蒲伊杯)
//! with scores and awards. What the form checks, when an event takes sign-ups or results,
//! and which hire requests count as a fair's outcome.

use super::calendar::CalendarDate;
use super::credentials::FieldError;
use super::training::{coded_enum, text_field};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// The kinds of event the policy names.
    EventKind {
        SpringBreeze = "spring_breeze", "春风行动";
        JobTalks = "job_talks", "就业洽谈会";
        RecruitmentFair = "recruitment_fair", "招聘会";
        ServiceMonth = "service_month", "就业服务月";
        SkillCompetition = "skill_competition", "技能大赛";
    }
}

impl EventKind {
    /// Fairs bring employers; competitions rank entrants.
    pub fn is_fair(self) -> bool {
        self != EventKind::SkillCompetition
    }
}

coded_enum! {
    /// A competition's awards, highest first.
    Award {
        First = "first", "一等奖";
        Second = "second", "二等奖";
        Third = "third", "三等奖";
        Excellence = "excellence", "优秀奖";
    }
}

/// An event may last at most this many days (a 就业服务月 is a month, give or take).
pub const MAX_EVENT_DAYS: i64 = 62;

/// Hire requests sent up to this many days after a fair ends still count as its outcome:
/// employers often settle terms in the weeks after meeting workers at the fair.
pub const FAIR_FOLLOW_UP_DAYS: i64 = 30;

const MAX_TITLE_CHARS: usize = 64;
const MAX_VENUE_CHARS: usize = 128;
const MAX_DESCRIPTION_CHARS: usize = 2000;

/// Where an event stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventPhase {
    Upcoming,
    Running,
    Past,
}

impl EventPhase {
    pub fn on(starts_on: CalendarDate, ends_on: CalendarDate, today: CalendarDate) -> Self {
        if today < starts_on {
            EventPhase::Upcoming
        } else if today <= ends_on {
            EventPhase::Running
        } else {
            EventPhase::Past
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EventPhase::Upcoming => "即将举办",
            EventPhase::Running => "进行中",
            EventPhase::Past => "已结束",
        }
    }

    /// Employers and workers sign up until the event ends.
    pub fn takes_sign_ups(self) -> bool {
        self != EventPhase::Past
    }

    /// Scores and awards are recorded once the competition has begun.
    pub fn takes_results(self) -> bool {
        self != EventPhase::Upcoming
    }
}

/// Whether a hire request sent on `sent_on` may name the fair as where it came from: from
/// the first day of the fair until [`FAIR_FOLLOW_UP_DAYS`] after its last.
pub fn counts_as_fair_outcome(
    starts_on: CalendarDate,
    ends_on: CalendarDate,
    sent_on: CalendarDate,
) -> bool {
    sent_on >= starts_on
        && sent_on.days_since_epoch() - ends_on.days_since_epoch() <= FAIR_FOLLOW_UP_DAYS
}

/// An event as the form and `POST /api/v1/events` send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EventForm {
    /// An [`EventKind`] code or label.
    pub kind: String,
    pub title: String,
    /// Where it is held: a province's GB/T 2260 code, e.g. 140000 for Shanxi.
    pub region_code: String,
    pub venue: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD; the same day for a one-day fair.
    pub ends_on: String,
    /// The brand a competition is for (slug), if any.
    pub brand: String,
    pub description: String,
}

/// An event that passed [`EventForm::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedEvent {
    pub kind: EventKind,
    pub title: String,
    pub region_code: String,
    pub venue: String,
    pub starts_on: CalendarDate,
    pub ends_on: CalendarDate,
    pub brand: Option<String>,
    pub description: String,
}

fn date_field(field: &'static str, name: &str, value: &str) -> Result<CalendarDate, FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, format!("请填写{name}")));
    }
    CalendarDate::parse(value)
        .map_err(|_| FieldError::new(field, format!("{name}应为日期，如 2027-02-20")))
}

impl EventForm {
    /// # Errors
    /// A [`FieldError`] naming the field.
    pub fn check(&self) -> Result<CheckedEvent, FieldError> {
        let kind = EventKind::parse(&self.kind).ok_or_else(|| {
            FieldError::new(
                "kind",
                "活动类型应为春风行动、就业洽谈会、招聘会、就业服务月或技能大赛",
            )
        })?;
        let title = text_field("title", "活动名称", &self.title, MAX_TITLE_CHARS, true)?;
        let region_code = self.region_code.trim().to_string();
        if region_code.len() != 6 || !region_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "region_code",
                "举办地应为 6 位行政区划代码，如山西 140000",
            ));
        }
        let venue = text_field("venue", "举办地点", &self.venue, MAX_VENUE_CHARS, true)?;
        let starts_on = date_field("starts_on", "开始日期", &self.starts_on)?;
        let ends_on = if self.ends_on.trim().is_empty() {
            starts_on
        } else {
            date_field("ends_on", "结束日期", &self.ends_on)?
        };
        if ends_on < starts_on {
            return Err(FieldError::new("ends_on", "结束日期不能早于开始日期"));
        }
        if ends_on.days_since_epoch() - starts_on.days_since_epoch() >= MAX_EVENT_DAYS {
            return Err(FieldError::new(
                "ends_on",
                format!("一次活动最长 {MAX_EVENT_DAYS} 天"),
            ));
        }
        let brand = Some(self.brand.trim().to_string()).filter(|b| !b.is_empty());
        let description = text_field(
            "description",
            "活动介绍",
            &self.description,
            MAX_DESCRIPTION_CHARS,
            false,
        )?;
        Ok(CheckedEvent {
            kind,
            title,
            region_code,
            venue,
            starts_on,
            ends_on,
            brand,
            description,
        })
    }
}

/// A competition result as the form and `POST /api/v1/events/{id}/results` send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ResultForm {
    pub worker_id: i32,
    /// 0–100, at most one decimal (92.5); empty when not scored.
    pub score: String,
    /// An [`Award`] code or label; empty for none.
    pub award: String,
}

/// A result that passed [`ResultForm::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedResult {
    pub worker_id: i32,
    pub score_tenths: Option<i32>,
    pub award: Option<Award>,
}

impl ResultForm {
    /// # Errors
    /// A [`FieldError`] naming the field.
    pub fn check(&self) -> Result<CheckedResult, FieldError> {
        if self.worker_id <= 0 {
            return Err(FieldError::new("worker_id", "请选择参赛选手"));
        }
        let score_tenths = match self.score.trim() {
            "" => None,
            text => Some(parse_score(text).ok_or_else(|| {
                FieldError::new("score", "成绩应为 0 到 100 的分数，最多一位小数，如 92.5")
            })?),
        };
        let award = match self.award.trim() {
            "" | "none" | "无" => None,
            text => Some(Award::parse(text).ok_or_else(|| {
                FieldError::new("award", "奖项应为一等奖、二等奖、三等奖或优秀奖")
            })?),
        };
        if score_tenths.is_none() && award.is_none() {
            return Err(FieldError::new("score", "请填写成绩或奖项"));
        }
        Ok(CheckedResult {
            worker_id: self.worker_id,
            score_tenths,
            award,
        })
    }
}

/// "92.5" → 925 tenths; at most 100 points and one decimal.
fn parse_score(text: &str) -> Option<i32> {
    let (whole, tenth) = match text.split_once('.') {
        Some((w, t)) if t.len() == 1 => (w, t),
        Some(_) => return None,
        None => (text, "0"),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(tenth) {
        return None;
    }
    let tenths = whole.parse::<i32>().ok()? * 10 + tenth.parse::<i32>().ok()?;
    (tenths <= 1000).then_some(tenths)
}

/// 925 tenths → "92.5"; whole points without the decimal.
pub fn format_score(tenths: i32) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap()
    }

    fn fair() -> EventForm {
        EventForm {
            kind: "春风行动".into(),
            title: "2027 年春风行动浮山专场".into(),
            region_code: "140000".into(),
            venue: "浮山县人力资源市场".into(),
            starts_on: "2027-02-20".into(),
            ends_on: "2027-02-21".into(),
            ..EventForm::default()
        }
    }

    #[test]
    fn a_fair_form_is_read_with_its_kind_and_dates() {
        let checked = fair().check().unwrap();
        assert_eq!(checked.kind, EventKind::SpringBreeze);
        assert!(checked.kind.is_fair());
        assert_eq!(checked.ends_on, date("2027-02-21"));
        assert_eq!(checked.brand, None);
    }

    #[test]
    fn a_one_day_event_may_leave_the_end_empty() {
        let mut form = fair();
        form.ends_on = String::new();
        assert_eq!(form.check().unwrap().ends_on, date("2027-02-20"));
    }

    /// Spoils one field of a good form.
    type Spoil = fn(&mut EventForm);

    #[test]
    fn bad_forms_name_the_field() {
        let cases: [(Spoil, &str); 7] = [
            (|f| f.kind = "庙会".into(), "kind"),
            (|f| f.title = " ".into(), "title"),
            (|f| f.region_code = "山西".into(), "region_code"),
            (|f| f.venue = String::new(), "venue"),
            (|f| f.starts_on = "2027-02-30".into(), "starts_on"),
            (|f| f.ends_on = "2027-02-19".into(), "ends_on"),
            (|f| f.ends_on = "2027-05-01".into(), "ends_on"),
        ];
        for (spoil, field) in cases {
            let mut form = fair();
            spoil(&mut form);
            assert_eq!(form.check().unwrap_err().field, field);
        }
    }

    #[test]
    fn competitions_are_not_fairs() {
        assert!(!EventKind::SkillCompetition.is_fair());
        assert_eq!(
            EventKind::parse("skill_competition"),
            Some(EventKind::SkillCompetition)
        );
        assert_eq!(
            EventKind::parse("技能大赛"),
            Some(EventKind::SkillCompetition)
        );
    }

    #[test]
    fn the_phase_follows_the_dates() {
        let (starts, ends) = (date("2027-02-20"), date("2027-02-21"));
        assert_eq!(
            EventPhase::on(starts, ends, date("2027-02-19")),
            EventPhase::Upcoming
        );
        assert_eq!(
            EventPhase::on(starts, ends, date("2027-02-21")),
            EventPhase::Running
        );
        assert_eq!(
            EventPhase::on(starts, ends, date("2027-02-22")),
            EventPhase::Past
        );
        assert!(EventPhase::Running.takes_sign_ups());
        assert!(!EventPhase::Past.takes_sign_ups());
        assert!(!EventPhase::Upcoming.takes_results());
        assert!(EventPhase::Past.takes_results());
    }

    #[test]
    fn requests_count_from_the_first_day_until_thirty_days_after() {
        let (starts, ends) = (date("2027-02-20"), date("2027-02-21"));
        assert!(!counts_as_fair_outcome(starts, ends, date("2027-02-19")));
        assert!(counts_as_fair_outcome(starts, ends, date("2027-02-20")));
        assert!(counts_as_fair_outcome(starts, ends, date("2027-03-23")));
        assert!(!counts_as_fair_outcome(starts, ends, date("2027-03-24")));
    }

    #[test]
    fn scores_have_at_most_one_decimal_and_a_hundred_points() {
        let result = |score: &str, award: &str| {
            ResultForm {
                worker_id: 7,
                score: score.into(),
                award: award.into(),
            }
            .check()
        };
        assert_eq!(result("92.5", "一等奖").unwrap().score_tenths, Some(925));
        assert_eq!(result("100", "").unwrap().score_tenths, Some(1000));
        assert_eq!(
            result("", "excellence").unwrap().award,
            Some(Award::Excellence)
        );
        assert_eq!(result("100.5", "").unwrap_err().field, "score");
        assert_eq!(result("92.55", "").unwrap_err().field, "score");
        assert_eq!(result("-3", "").unwrap_err().field, "score");
        assert_eq!(result("90", "特等奖").unwrap_err().field, "award");
        assert_eq!(result("", "").unwrap_err().field, "score");
        assert_eq!(format_score(925), "92.5");
        assert_eq!(format_score(880), "88");
    }
}
