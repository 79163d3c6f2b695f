//! Follow-up care at the destination (policy §二.15, §二.17): service stations in receiving
//! regions, and follow-up cases (跟踪服务) with the kinds the design names, their notes, and
//! when an open case counts as overdue.

use super::credentials::FieldError;
use super::phone::MobileNumber;
use serde::{Deserialize, Serialize};

/// The kinds of follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// 政策咨询.
    PolicyConsultation,
    /// 争议调处.
    DisputeMediation,
    /// 权益保障.
    RightsProtection,
    /// 应急救助.
    EmergencyAid,
    /// 留守家庭帮扶: the family at home.
    LeftBehindFamily,
    /// 到岗联络: the station's first contact with a worker placed in its region.
    Welcome,
}

impl CaseKind {
    pub const ALL: [CaseKind; 6] = [
        CaseKind::PolicyConsultation,
        CaseKind::DisputeMediation,
        CaseKind::RightsProtection,
        CaseKind::EmergencyAid,
        CaseKind::LeftBehindFamily,
        CaseKind::Welcome,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseKind::PolicyConsultation => "policy_consultation",
            CaseKind::DisputeMediation => "dispute_mediation",
            CaseKind::RightsProtection => "rights_protection",
            CaseKind::EmergencyAid => "emergency_aid",
            CaseKind::LeftBehindFamily => "left_behind_family",
            CaseKind::Welcome => "welcome",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseKind::PolicyConsultation => "政策咨询",
            CaseKind::DisputeMediation => "争议调处",
            CaseKind::RightsProtection => "权益保障",
            CaseKind::EmergencyAid => "应急救助",
            CaseKind::LeftBehindFamily => "留守家庭帮扶",
            CaseKind::Welcome => "到岗联络",
        }
    }

    /// Reads the code or the label.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.code() == text || k.label() == text)
    }
}

/// An open case with no note or change for this many days is overdue.
pub const OVERDUE_AFTER_DAYS: i64 = 14;

/// Whether an open case whose last activity was `days_since_activity` days ago is overdue.
pub fn is_overdue(open: bool, days_since_activity: i64) -> bool {
    open && days_since_activity > OVERDUE_AFTER_DAYS
}

fn text(
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

/// A station as the form and `POST /api/v1/stations` send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StationForm {
    pub name: String,
    /// The receiving province's GB/T 2260 code, e.g. 110000.
    pub region_code: String,
    /// The city or district, e.g. 朝阳区.
    pub city: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// Slugs of the brands it serves, separated by commas.
    pub brands: String,
    /// The export base it serves (id), if any.
    pub export_base_id: String,
}

/// A station that passed [`StationForm::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedStation {
    pub name: String,
    pub region_code: String,
    pub city: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub brands: Vec<String>,
    pub export_base_id: Option<i32>,
}

impl StationForm {
    /// # Errors
    /// A [`FieldError`] naming the field.
    pub fn check(&self) -> Result<CheckedStation, FieldError> {
        let name = text("name", "服务站名称", &self.name, 64, true)?;
        let region_code = self.region_code.trim().to_string();
        if region_code.len() != 6 || !region_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "region_code",
                "所在地区应为 6 位行政区划代码，如北京 110000",
            ));
        }
        let city = text("city", "所在城市或区", &self.city, 32, false)?;
        let address = text("address", "地址", &self.address, 128, true)?;
        let contact_name = text("contact_name", "联系人", &self.contact_name, 32, true)?;
        let contact_phone = match MobileNumber::parse(self.contact_phone.trim()) {
            Ok(phone) => phone.as_str().to_string(),
            Err(_) if is_landline(self.contact_phone.trim()) => {
                self.contact_phone.trim().to_string()
            }
            Err(_) => {
                return Err(FieldError::new(
                    "contact_phone",
                    "联系电话应为手机号或座机号（如 010-64001234）",
                ));
            }
        };
        let brands = self
            .brands
            .split([',', '，', '、', ' '])
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_string)
            .collect();
        let export_base_id = match self.export_base_id.trim() {
            "" => None,
            id => Some(
                id.parse::<i32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| FieldError::new("export_base_id", "请选择输出基地"))?,
            ),
        };
        Ok(CheckedStation {
            name,
            region_code,
            city,
            address,
            contact_name,
            contact_phone,
            brands,
            export_base_id,
        })
    }
}

/// 010-64001234, 0351-1234567, 01064001234.
fn is_landline(text: &str) -> bool {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    text.starts_with('0')
        && (10..=12).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && text.matches('-').count() <= 1
}

/// A new case as the form and `POST /api/v1/cases` send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CaseForm {
    pub worker_id: i32,
    pub station_id: i32,
    /// A kind code (policy_consultation …) or its label.
    pub kind: String,
    /// What it is about, in a line.
    pub subject: String,
    /// The first note.
    pub note: String,
}

/// A case that passed [`CaseForm::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCase {
    pub worker_id: i32,
    pub station_id: i32,
    pub kind: CaseKind,
    pub subject: String,
    pub note: String,
}

impl CaseForm {
    /// # Errors
    /// A [`FieldError`] naming the field.
    pub fn check(&self) -> Result<CheckedCase, FieldError> {
        if self.worker_id <= 0 {
            return Err(FieldError::new("worker_id", "请选择劳动者"));
        }
        if self.station_id <= 0 {
            return Err(FieldError::new("station_id", "请选择服务站"));
        }
        let kind = CaseKind::parse(&self.kind).ok_or_else(|| {
            FieldError::new(
                "kind",
                "类别应为 政策咨询、争议调处、权益保障、应急救助、留守家庭帮扶 或 到岗联络",
            )
        })?;
        Ok(CheckedCase {
            worker_id: self.worker_id,
            station_id: self.station_id,
            kind,
            subject: text("subject", "事由", &self.subject, 100, true)?,
            note: text("note", "记录", &self.note, 2000, false)?,
        })
    }
}

/// A note's text, checked.
///
/// # Errors
/// A [`FieldError`] on `body`.
pub fn check_note(body: &str) -> Result<String, FieldError> {
    text("body", "记录内容", body, 2000, true)
}

/// A resolution's outcome, checked.
///
/// # Errors
/// A [`FieldError`] on `outcome`.
pub fn check_outcome(outcome: &str) -> Result<String, FieldError> {
    text("outcome", "办结结果", outcome, 500, true)
}

/// The station service subsidy (就业服务补贴, §三(四)): at most the version's amount per person
/// a station served in a year, counted from real cases. `case_ids` are the worker's cases at
/// the station opened that year.
///
/// # Errors
/// [`Ineligible`](super::subsidy::Ineligible) without a case, or when the version sets no
/// amount.
pub fn station_service_subsidy(
    version: i64,
    per_person_fen: i64,
    station: &str,
    year: u16,
    case_ids: &[i32],
) -> Result<super::subsidy::Ruling, super::subsidy::Ineligible> {
    use super::subsidy::{Explanation, Ineligible, Ruling};
    if case_ids.is_empty() {
        return Err(Ineligible(format!("{year} 年服务站没有为该劳动者立案服务")));
    }
    if per_person_fen <= 0 {
        return Err(Ineligible(format!(
            "参数版本 {version} 未设置服务站就业服务补贴"
        )));
    }
    let yuan = super::money::Fen(per_person_fen).to_string();
    let cases = case_ids
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join("、");
    Ok(Ruling {
        amount_fen: per_person_fen,
        explanation: Explanation {
            rule: "station_service".into(),
            parameter_version: version,
            inputs: vec![
                ("服务站".into(), station.to_string()),
                ("年度".into(), year.to_string()),
                ("服务案件".into(), cases),
                ("每人每年上限（元）".into(), yuan.clone()),
            ],
            formula: format!(
                "{year} 年服务 1 人（{} 件案件）× {yuan} = {yuan} 元",
                case_ids.len()
            ),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station() -> StationForm {
        StationForm {
            name: "浮山厨师北京服务站".into(),
            region_code: "110000".into(),
            city: "朝阳区".into(),
            address: "朝阳区劲松街道 12 号".into(),
            contact_name: "王站长".into(),
            contact_phone: "010-64001234".into(),
            brands: "fushan-chushi, lvliangshan-jiazheng-hugong".into(),
            export_base_id: String::new(),
        }
    }

    #[test]
    fn a_station_keeps_its_brands_and_a_landline() {
        let checked = station().check().expect("valid");
        assert_eq!(
            checked.brands,
            ["fushan-chushi", "lvliangshan-jiazheng-hugong"]
        );
        assert_eq!(checked.contact_phone, "010-64001234");
        assert_eq!(checked.export_base_id, None);
        let mobile = StationForm {
            contact_phone: "13903571234".into(),
            ..station()
        };
        assert!(mobile.check().is_ok());
    }

    #[test]
    fn each_bad_station_field_is_named() {
        let cases: [(&str, StationForm); 5] = [
            (
                "name",
                StationForm {
                    name: " ".into(),
                    ..station()
                },
            ),
            (
                "region_code",
                StationForm {
                    region_code: "北京".into(),
                    ..station()
                },
            ),
            (
                "address",
                StationForm {
                    address: String::new(),
                    ..station()
                },
            ),
            (
                "contact_phone",
                StationForm {
                    contact_phone: "12345".into(),
                    ..station()
                },
            ),
            (
                "export_base_id",
                StationForm {
                    export_base_id: "x".into(),
                    ..station()
                },
            ),
        ];
        for (field, form) in cases {
            assert_eq!(form.check().expect_err(field).field, field);
        }
    }

    #[test]
    fn cases_need_a_kind_and_a_subject() {
        let form = CaseForm {
            worker_id: 3,
            station_id: 1,
            kind: "争议调处".into(),
            subject: "工资拖欠两个月".into(),
            note: "已联系用工单位".into(),
        };
        assert_eq!(
            form.check().expect("valid").kind,
            CaseKind::DisputeMediation
        );
        for (field, spoiled) in [
            (
                "kind",
                CaseForm {
                    kind: "闲聊".into(),
                    ..form.clone()
                },
            ),
            (
                "subject",
                CaseForm {
                    subject: String::new(),
                    ..form.clone()
                },
            ),
            (
                "station_id",
                CaseForm {
                    station_id: 0,
                    ..form.clone()
                },
            ),
        ] {
            assert_eq!(spoiled.check().expect_err(field).field, field);
        }
        assert_eq!(check_note("  ").expect_err("empty").field, "body");
        assert_eq!(check_outcome("").expect_err("empty").field, "outcome");
    }

    #[test]
    fn only_open_cases_quiet_for_over_two_weeks_are_overdue() {
        assert!(!is_overdue(true, OVERDUE_AFTER_DAYS));
        assert!(is_overdue(true, OVERDUE_AFTER_DAYS + 1));
        assert!(!is_overdue(false, 100));
    }

    #[test]
    fn a_station_earns_once_per_person_and_year_citing_its_cases() {
        let ruling = station_service_subsidy(4, 30_000, "浮山厨师北京服务站", 2026, &[3, 7])
            .expect("served");
        assert_eq!(ruling.amount_fen, 30_000);
        assert_eq!(ruling.explanation.rule, "station_service");
        assert_eq!(ruling.explanation.parameter_version, 4);
        assert!(ruling.explanation.inputs.iter().any(|(_, v)| v == "#3、#7"));
        assert!(station_service_subsidy(4, 30_000, "站", 2026, &[]).is_err());
        assert!(station_service_subsidy(4, 0, "站", 2026, &[1]).is_err());
    }
}
