//! 建档立卡 households: the county ledger's columns, and the one check that turns a ledger row
//! or a form into a household record. Used by import, the single-household form and seeding.
//!
//! A household's members are the rostered workers who carry its number; the ledger only says
//! how many of its people can work (劳动力人数) and how many want to (有就业意愿人数). The
//! county's first target counts households with a willing member.

use super::roster::PovertyStatus;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The household ledger's columns, with the Chinese header counties use and an English alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HouseholdColumn {
    Number,
    HeadName,
    County,
    Township,
    Village,
    Status,
    LabourCount,
    WillingCount,
}

impl HouseholdColumn {
    pub const ALL: [HouseholdColumn; 8] = [
        HouseholdColumn::Number,
        HouseholdColumn::HeadName,
        HouseholdColumn::County,
        HouseholdColumn::Township,
        HouseholdColumn::Village,
        HouseholdColumn::Status,
        HouseholdColumn::LabourCount,
        HouseholdColumn::WillingCount,
    ];

    pub fn chinese(self) -> &'static str {
        match self {
            HouseholdColumn::Number => "户编号",
            HouseholdColumn::HeadName => "户主姓名",
            HouseholdColumn::County => "区县",
            HouseholdColumn::Township => "乡镇",
            HouseholdColumn::Village => "村",
            HouseholdColumn::Status => "脱贫状态",
            HouseholdColumn::LabourCount => "劳动力人数",
            HouseholdColumn::WillingCount => "有就业意愿人数",
        }
    }

    /// The English header, also the form and API field name.
    pub fn english(self) -> &'static str {
        match self {
            HouseholdColumn::Number => "number",
            HouseholdColumn::HeadName => "head_name",
            HouseholdColumn::County => "county",
            HouseholdColumn::Township => "township",
            HouseholdColumn::Village => "village",
            HouseholdColumn::Status => "status",
            HouseholdColumn::LabourCount => "labour_count",
            HouseholdColumn::WillingCount => "willing_count",
        }
    }

    /// Every column but 区县: a county's own ledger need not name its county.
    fn required(self) -> bool {
        self != HouseholdColumn::County
    }

    /// Recognises a header cell: Chinese (also 户主, 行政村, 乡（镇）), or English, ignoring
    /// case, spaces and a BOM.
    pub fn from_header(header: &str) -> Option<Self> {
        let h: String = header
            .trim()
            .trim_start_matches('\u{feff}')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let alias = match h.as_str() {
            "户主" | "户主名" => Some(HouseholdColumn::HeadName),
            "县区" | "区县（市）" | "县（市、区）" => Some(HouseholdColumn::County),
            "乡（镇）" | "乡镇（街道）" | "乡镇名称" => {
                Some(HouseholdColumn::Township)
            }
            "行政村" | "村名" | "村（社区）" => Some(HouseholdColumn::Village),
            "户类型" | "贫困户属性" => Some(HouseholdColumn::Status),
            "建档立卡户编号" => Some(HouseholdColumn::Number),
            _ => None,
        };
        alias.or_else(|| {
            Self::ALL
                .into_iter()
                .find(|c| c.chinese() == h || c.english().eq_ignore_ascii_case(&h))
        })
    }
}

/// Maps a header row to columns. Columns the ledger keeps for other purposes (序号, 备注,
/// 联系电话 …) are skipped.
///
/// # Errors
/// A message naming a duplicated header or the required columns that are missing.
pub fn map_household_headers(headers: &[String]) -> Result<Vec<Option<HouseholdColumn>>, String> {
    let mut mapped = Vec::with_capacity(headers.len());
    let mut seen = Vec::new();
    for header in headers {
        match HouseholdColumn::from_header(header) {
            Some(column) if seen.contains(&column) => {
                return Err(format!("表头“{}”重复", header.trim()));
            }
            Some(column) => {
                seen.push(column);
                mapped.push(Some(column));
            }
            None => mapped.push(None),
        }
    }
    let missing: Vec<&str> = HouseholdColumn::ALL
        .iter()
        .filter(|c| c.required() && !seen.contains(c))
        .map(|c| c.chinese())
        .collect();
    if !missing.is_empty() {
        let accepted: Vec<&str> = HouseholdColumn::ALL.iter().map(|c| c.chinese()).collect();
        return Err(format!(
            "缺少必填列：{}；户籍台账的表头应为：{}",
            missing.join("、"),
            accepted.join("、")
        ));
    }
    Ok(mapped)
}

/// Checks a 建档立卡 household number: up to 32 digits, letters or hyphens.
///
/// # Errors
/// The reason, in Chinese.
pub fn parse_household_number(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if !raw.is_empty()
        && raw.len() <= MAX_NUMBER_LEN
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Ok(raw.to_string())
    } else {
        Err(format!(
            "建档立卡户编号应为最多 {MAX_NUMBER_LEN} 位的数字、字母或连字符，而不是“{raw}”"
        ))
    }
}

const MAX_NUMBER_LEN: usize = 32;
const MAX_NAME_CHARS: usize = 32;
/// More working members than any real household has: a typo guard.
pub const MAX_MEMBERS: u8 = 30;

/// One checked household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdRecord {
    pub number: String,
    /// The county the row names (区县), if it names one.
    pub county_code: Option<String>,
    pub head_name: String,
    pub township: String,
    pub village: String,
    pub status: PovertyStatus,
    pub labour_count: u8,
    pub willing_count: u8,
}

impl HouseholdRecord {
    /// Whether at least one member wants work: such a household is in the county's target.
    pub fn has_willing_member(&self) -> bool {
        self.willing_count > 0
    }

    /// The row in a canonical form for the ledger hash: equal means an unchanged re-import.
    pub fn canonical(&self, county_code: &str) -> String {
        [
            self.number.as_str(),
            county_code,
            self.head_name.as_str(),
            self.township.as_str(),
            self.village.as_str(),
            self.status.code(),
            &self.labour_count.to_string(),
            &self.willing_count.to_string(),
        ]
        .join("\u{1f}")
    }
}

/// What is wrong with one cell of a household row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdCellError {
    pub column: HouseholdColumn,
    pub reason: String,
}

/// Checks one row; every bad cell is reported. `counties` maps a county's name, short name or
/// code to its code.
///
/// # Errors
/// The cell errors of the row.
pub fn check_household_row(
    cells: &HashMap<HouseholdColumn, String>,
    counties: &HashMap<String, String>,
) -> Result<HouseholdRecord, Vec<HouseholdCellError>> {
    let mut errors = Vec::new();
    let mut fail = |column: HouseholdColumn, reason: String| {
        errors.push(HouseholdCellError { column, reason });
    };
    let cell = |column: HouseholdColumn| cells.get(&column).map(|c| clean(c)).unwrap_or("");

    for column in HouseholdColumn::ALL.into_iter().filter(|c| c.required()) {
        if cell(column).is_empty() {
            fail(column, format!("{}不能为空", column.chinese()));
        }
    }
    let number = match cell(HouseholdColumn::Number) {
        "" => None,
        raw => parse_household_number(raw)
            .map_err(|reason| fail(HouseholdColumn::Number, reason))
            .ok(),
    };
    let county_code = match cell(HouseholdColumn::County) {
        "" => None,
        raw => match counties.get(raw) {
            Some(code) => Some(code.clone()),
            None => {
                fail(
                    HouseholdColumn::County,
                    format!("未知的区县“{raw}”，应为临汾市 17 个县（市、区）之一"),
                );
                None
            }
        },
    };
    for column in [
        HouseholdColumn::HeadName,
        HouseholdColumn::Township,
        HouseholdColumn::Village,
    ] {
        if cell(column).chars().count() > MAX_NAME_CHARS {
            fail(
                column,
                format!("{}不能超过 {MAX_NAME_CHARS} 个字", column.chinese()),
            );
        }
    }
    let status = match cell(HouseholdColumn::Status) {
        "" => None,
        raw => match PovertyStatus::parse(raw) {
            Some(status) => Some(status),
            None => {
                fail(
                    HouseholdColumn::Status,
                    format!("未知的脱贫状态“{raw}”，应为 贫困户、已脱贫 或 监测户"),
                );
                None
            }
        },
    };
    let mut count = |column: HouseholdColumn| match cell(column) {
        "" => None,
        raw => match raw.trim_end_matches('人').trim().parse::<u8>() {
            Ok(n) if n <= MAX_MEMBERS => Some(n),
            _ => {
                fail(
                    column,
                    format!(
                        "{}应为 0–{MAX_MEMBERS} 的整数，而不是“{raw}”",
                        column.chinese()
                    ),
                );
                None
            }
        },
    };
    let labour_count = count(HouseholdColumn::LabourCount);
    let willing_count = count(HouseholdColumn::WillingCount);
    if let (Some(labour), Some(willing)) = (labour_count, willing_count)
        && willing > labour
    {
        fail(
            HouseholdColumn::WillingCount,
            format!("有就业意愿人数（{willing}）不能多于劳动力人数（{labour}）"),
        );
    }
    match (number, status, labour_count, willing_count) {
        (Some(number), Some(status), Some(labour_count), Some(willing_count))
            if errors.is_empty() =>
        {
            Ok(HouseholdRecord {
                number,
                county_code,
                head_name: cell(HouseholdColumn::HeadName).to_string(),
                township: cell(HouseholdColumn::Township).to_string(),
                village: cell(HouseholdColumn::Village).to_string(),
                status,
                labour_count,
                willing_count,
            })
        }
        _ => Err(errors),
    }
}

/// A cell as a spreadsheet writes it: trimmed, without the `'` that guards a formula.
fn clean(cell: &str) -> &str {
    let cell = cell.trim();
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// One household as the add/edit form and `POST /api/v1/households` send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HouseholdForm {
    /// 户编号.
    pub number: String,
    /// The county's GB/T 2260 code (or name); a promoter's own county when empty.
    #[serde(default)]
    pub county: String,
    pub head_name: String,
    pub township: String,
    pub village: String,
    /// 贫困户, 已脱贫 or 监测户 (or poor, lifted_out, monitored).
    pub status: String,
    /// 劳动力人数.
    pub labour_count: String,
    /// 有就业意愿人数.
    pub willing_count: String,
}

impl HouseholdForm {
    /// The same check as a ledger row; the first bad field is named.
    ///
    /// # Errors
    /// A [`FieldError`](super::credentials::FieldError) naming the field (its English name).
    pub fn check(
        &self,
        counties: &HashMap<String, String>,
    ) -> Result<HouseholdRecord, super::credentials::FieldError> {
        let cells: HashMap<HouseholdColumn, String> = [
            (HouseholdColumn::Number, &self.number),
            (HouseholdColumn::County, &self.county),
            (HouseholdColumn::HeadName, &self.head_name),
            (HouseholdColumn::Township, &self.township),
            (HouseholdColumn::Village, &self.village),
            (HouseholdColumn::Status, &self.status),
            (HouseholdColumn::LabourCount, &self.labour_count),
            (HouseholdColumn::WillingCount, &self.willing_count),
        ]
        .into_iter()
        .map(|(column, value)| (column, value.clone()))
        .collect();
        check_household_row(&cells, counties).map_err(|errors| {
            let first = errors
                .into_iter()
                .min_by_key(|e| HouseholdColumn::ALL.iter().position(|c| *c == e.column));
            match first {
                Some(e) => super::credentials::FieldError::new(e.column.english(), e.reason),
                None => super::credentials::FieldError::new("number", "户信息有误"),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counties() -> HashMap<String, String> {
        [
            ("浮山县", "141027"),
            ("浮山", "141027"),
            ("141027", "141027"),
            ("襄汾县", "141023"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn row(pairs: &[(HouseholdColumn, &str)]) -> HashMap<HouseholdColumn, String> {
        let mut cells: HashMap<HouseholdColumn, String> = [
            (HouseholdColumn::Number, "1410270101001"),
            (HouseholdColumn::HeadName, "李满仓"),
            (HouseholdColumn::Township, "天坛镇"),
            (HouseholdColumn::Village, "北王村"),
            (HouseholdColumn::Status, "已脱贫"),
            (HouseholdColumn::LabourCount, "3"),
            (HouseholdColumn::WillingCount, "2"),
        ]
        .into_iter()
        .map(|(c, v)| (c, v.to_string()))
        .collect();
        for (c, v) in pairs {
            cells.insert(*c, (*v).to_string());
        }
        cells
    }

    #[test]
    fn a_good_row_becomes_a_household_with_a_willing_member() {
        let record = check_household_row(&row(&[]), &counties()).unwrap();
        assert_eq!(record.number, "1410270101001");
        assert_eq!(record.status, PovertyStatus::LiftedOut);
        assert_eq!((record.labour_count, record.willing_count), (3, 2));
        assert_eq!(record.county_code, None);
        assert!(record.has_willing_member());
    }

    #[test]
    fn every_bad_cell_of_a_row_is_named() {
        let errors = check_household_row(
            &row(&[
                (HouseholdColumn::Number, "14 10"),
                (HouseholdColumn::Status, "富裕户"),
                (HouseholdColumn::LabourCount, "三"),
                (HouseholdColumn::Village, ""),
                (HouseholdColumn::County, "太原"),
            ]),
            &counties(),
        )
        .unwrap_err();
        let columns: Vec<HouseholdColumn> = errors.iter().map(|e| e.column).collect();
        for expected in [
            HouseholdColumn::Number,
            HouseholdColumn::Status,
            HouseholdColumn::LabourCount,
            HouseholdColumn::Village,
            HouseholdColumn::County,
        ] {
            assert!(columns.contains(&expected), "{expected:?} in {errors:?}");
        }
    }

    #[test]
    fn more_willing_members_than_workers_is_refused() {
        let errors = check_household_row(
            &row(&[
                (HouseholdColumn::LabourCount, "1"),
                (HouseholdColumn::WillingCount, "2"),
            ]),
            &counties(),
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].column, HouseholdColumn::WillingCount);
        assert!(errors[0].reason.contains("不能多于"));
    }

    #[test]
    fn counts_accept_a_trailing_person_word_and_refuse_absurd_sizes() {
        let record =
            check_household_row(&row(&[(HouseholdColumn::LabourCount, "4人")]), &counties())
                .unwrap();
        assert_eq!(record.labour_count, 4);
        let errors =
            check_household_row(&row(&[(HouseholdColumn::LabourCount, "99")]), &counties())
                .unwrap_err();
        assert_eq!(errors[0].column, HouseholdColumn::LabourCount);
    }

    #[test]
    fn the_county_column_is_optional_and_read_by_name() {
        let record =
            check_household_row(&row(&[(HouseholdColumn::County, "襄汾县")]), &counties()).unwrap();
        assert_eq!(record.county_code.as_deref(), Some("141023"));
    }

    #[test]
    fn headers_are_read_in_chinese_english_and_common_spellings() {
        let headers: Vec<String> = [
            "序号",
            "户编号",
            "户主",
            "乡镇",
            "行政村",
            "脱贫状态",
            "劳动力人数",
            "Willing_Count",
        ]
        .map(str::to_string)
        .to_vec();
        let mapped = map_household_headers(&headers).unwrap();
        assert_eq!(mapped[0], None, "unrelated columns are skipped");
        assert_eq!(mapped[2], Some(HouseholdColumn::HeadName));
        assert_eq!(mapped[4], Some(HouseholdColumn::Village));
        assert_eq!(mapped[7], Some(HouseholdColumn::WillingCount));
    }

    #[test]
    fn missing_and_duplicated_headers_are_refused_with_the_accepted_list() {
        let missing = map_household_headers(&["户编号".to_string()]).unwrap_err();
        assert!(missing.contains("户主姓名") && missing.contains("有就业意愿人数"));
        let twice =
            map_household_headers(&["户编号".to_string(), "number".to_string()]).unwrap_err();
        assert!(twice.contains("重复"));
    }

    #[test]
    fn the_canonical_row_changes_with_any_field() {
        let record = check_household_row(&row(&[]), &counties()).unwrap();
        let mut other = record.clone();
        other.willing_count = 1;
        assert_ne!(record.canonical("141027"), other.canonical("141027"));
        assert_ne!(record.canonical("141027"), record.canonical("141023"));
        assert_eq!(
            record.canonical("141027"),
            record.clone().canonical("141027")
        );
    }

    #[test]
    fn the_form_names_its_first_bad_field() {
        let form = HouseholdForm {
            number: "1410270101001".into(),
            county: String::new(),
            head_name: "李满仓".into(),
            township: "天坛镇".into(),
            village: "北王村".into(),
            status: "贫困户".into(),
            labour_count: "2".into(),
            willing_count: "x".into(),
        };
        let error = form.check(&counties()).unwrap_err();
        assert_eq!(error.field, "willing_count");
        let good = HouseholdForm {
            willing_count: "1".into(),
            ..form
        };
        assert_eq!(good.check(&counties()).unwrap().status, PovertyStatus::Poor);
    }

    #[test]
    fn household_numbers_are_digits_letters_or_hyphens() {
        assert_eq!(parse_household_number(" 1410-27A ").unwrap(), "1410-27A");
        assert!(parse_household_number("").is_err());
        assert!(parse_household_number("户123").is_err());
        assert!(parse_household_number(&"1".repeat(33)).is_err());
    }
}
