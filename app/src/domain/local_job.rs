//! 就地就近就业 (policy §二.8–11): a rostered worker's job at home, the kinds the policy names,
//! and when such a job (or a placement) counts as work on a given day.

use super::calendar::CalendarDate;
use super::credentials::FieldError;
use serde::{Deserialize, Serialize};

/// The kinds of local work the policy promotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LocalJobKind {
    /// 公益性岗位: 保洁、保绿、保安、护林、护路 posts paid from public projects (§二.9).
    PublicWelfare,
    /// 扶贫车间: a workshop or processing point set up in the township or village (§二.10).
    PovertyWorkshop,
    /// 合作社/公司+农户: work through a cooperative or a company's contract with the household.
    Cooperative,
    /// 本地企业: an enterprise in the county.
    LocalEnterprise,
    /// 重点项目: a key public works project that hires locally first (§二.11).
    KeyProject,
    /// 自主创业: the worker's own business.
    SelfEmployed,
}

impl LocalJobKind {
    pub const ALL: [LocalJobKind; 6] = [
        LocalJobKind::PublicWelfare,
        LocalJobKind::PovertyWorkshop,
        LocalJobKind::Cooperative,
        LocalJobKind::LocalEnterprise,
        LocalJobKind::KeyProject,
        LocalJobKind::SelfEmployed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LocalJobKind::PublicWelfare => "public_welfare",
            LocalJobKind::PovertyWorkshop => "poverty_workshop",
            LocalJobKind::Cooperative => "cooperative",
            LocalJobKind::LocalEnterprise => "local_enterprise",
            LocalJobKind::KeyProject => "key_project",
            LocalJobKind::SelfEmployed => "self_employed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LocalJobKind::PublicWelfare => "公益性岗位",
            LocalJobKind::PovertyWorkshop => "扶贫车间",
            LocalJobKind::Cooperative => "合作社/公司+农户",
            LocalJobKind::LocalEnterprise => "本地企业",
            LocalJobKind::KeyProject => "重点项目",
            LocalJobKind::SelfEmployed => "自主创业",
        }
    }

    /// Reads the code or the label (also 合作社, 公司+农户).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.code() == text || k.label() == text)
            .or(match text {
                "合作社" | "公司+农户" | "合作社+农户" | "公司+贫困户" | "合作社+贫困户" => {
                    Some(LocalJobKind::Cooperative)
                }
                "创业" => Some(LocalJobKind::SelfEmployed),
                _ => None,
            })
    }
}

/// Whether something that runs from `starts_on` to `ends_on` (its last day; open when none)
/// is running on `day`. Placements and local jobs are both counted this way.
pub fn runs_on(starts_on: CalendarDate, ends_on: Option<CalendarDate>, day: CalendarDate) -> bool {
    starts_on <= day && ends_on.is_none_or(|end| end >= day)
}

/// How far ahead a job may be recorded: one that is agreed but has not begun.
const DAYS_AHEAD: i64 = 366;
const MAX_EMPLOYER_CHARS: usize = 64;

/// A local job as the form and `POST /api/v1/local-jobs` send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LocalJobForm {
    pub worker_id: i32,
    /// A kind code (public_welfare …) or its label (公益性岗位 …).
    pub kind: String,
    /// The workshop, cooperative, enterprise, project or (自主创业) business.
    pub employer_name: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD, the last day; empty while it runs.
    #[serde(default)]
    pub ends_on: Option<String>,
}

/// A local job that passed [`LocalJobForm::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedLocalJob {
    pub worker_id: i32,
    pub kind: LocalJobKind,
    pub employer_name: String,
    pub starts_on: CalendarDate,
    pub ends_on: Option<CalendarDate>,
}

impl LocalJobForm {
    /// # Errors
    /// A [`FieldError`] naming the field.
    pub fn check(&self, today: CalendarDate) -> Result<CheckedLocalJob, FieldError> {
        if self.worker_id <= 0 {
            return Err(FieldError::new("worker_id", "请选择工人"));
        }
        let kind = LocalJobKind::parse(&self.kind).ok_or_else(|| {
            FieldError::new(
                "kind",
                "就业形式应为 公益性岗位、扶贫车间、合作社/公司+农户、本地企业、重点项目 或 自主创业",
            )
        })?;
        let employer_name = self.employer_name.trim().to_string();
        if employer_name.is_empty() || employer_name.chars().count() > MAX_EMPLOYER_CHARS {
            return Err(FieldError::new(
                "employer_name",
                format!("请填写用工单位或项目名称（最多 {MAX_EMPLOYER_CHARS} 个字）"),
            ));
        }
        let starts_on = CalendarDate::parse(self.starts_on.trim())
            .map_err(|e| FieldError::new("starts_on", format!("开始日期：{e}")))?;
        if starts_on.days_since_epoch() - today.days_since_epoch() > DAYS_AHEAD {
            return Err(FieldError::new("starts_on", "开始日期不能晚于一年以后"));
        }
        let ends_on = check_end(self.ends_on.as_deref(), starts_on)?;
        Ok(CheckedLocalJob {
            worker_id: self.worker_id,
            kind,
            employer_name,
            starts_on,
            ends_on,
        })
    }
}

/// Checks an end date (empty: still running) against the start.
///
/// # Errors
/// A [`FieldError`] on `ends_on`.
pub fn check_end(
    ends_on: Option<&str>,
    starts_on: CalendarDate,
) -> Result<Option<CalendarDate>, FieldError> {
    match ends_on.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => {
            let end = CalendarDate::parse(text)
                .map_err(|e| FieldError::new("ends_on", format!("结束日期：{e}")))?;
            if end < starts_on {
                return Err(FieldError::new("ends_on", "结束日期不能早于开始日期"));
            }
            Ok(Some(end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap()
    }

    fn form() -> LocalJobForm {
        LocalJobForm {
            worker_id: 7,
            kind: "扶贫车间".into(),
            employer_name: "天坛镇手工编织扶贫车间".into(),
            starts_on: "2026-03-01".into(),
            ends_on: None,
        }
    }

    #[test]
    fn a_job_runs_from_its_first_to_its_last_day() {
        let start = day("2026-03-01");
        assert!(!runs_on(start, None, day("2026-02-28")));
        assert!(runs_on(start, None, day("2026-03-01")));
        assert!(runs_on(start, None, day("2030-01-01")));
        let end = Some(day("2026-06-30"));
        assert!(runs_on(start, end, day("2026-06-30")));
        assert!(!runs_on(start, end, day("2026-07-01")));
    }

    #[test]
    fn a_good_form_is_checked_and_kinds_are_read_by_label_or_code() {
        let job = form().check(day("2026-12-06")).unwrap();
        assert_eq!(job.kind, LocalJobKind::PovertyWorkshop);
        assert_eq!(job.ends_on, None);
        for kind in LocalJobKind::ALL {
            assert_eq!(LocalJobKind::parse(kind.code()), Some(kind));
            assert_eq!(LocalJobKind::parse(kind.label()), Some(kind));
        }
        assert_eq!(
            LocalJobKind::parse("公司+农户"),
            Some(LocalJobKind::Cooperative)
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let today = day("2026-12-06");
        let cases = [
            (
                LocalJobForm {
                    kind: "打零工".into(),
                    ..form()
                },
                "kind",
            ),
            (
                LocalJobForm {
                    employer_name: " ".into(),
                    ..form()
                },
                "employer_name",
            ),
            (
                LocalJobForm {
                    starts_on: "2026-13-01".into(),
                    ..form()
                },
                "starts_on",
            ),
            (
                LocalJobForm {
                    starts_on: "2028-01-01".into(),
                    ..form()
                },
                "starts_on",
            ),
            (
                LocalJobForm {
                    ends_on: Some("2026-02-01".into()),
                    ..form()
                },
                "ends_on",
            ),
            (
                LocalJobForm {
                    worker_id: 0,
                    ..form()
                },
                "worker_id",
            ),
        ];
        for (form, field) in cases {
            assert_eq!(form.check(today).unwrap_err().field, field, "{form:?}");
        }
    }
}
