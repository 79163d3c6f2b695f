//! The roster ledger (台账): its columns, and the check that turns one ledger row into a worker
//! record or a list of cell errors. Used by import, export and the roster forms alike.

use super::calendar::CalendarDate;
use super::id_number::IdNumber;
use super::money::Fen;
use super::phone::MobileNumber;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The ledger's columns in file order, with the Chinese header counties use and an English alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LedgerColumn {
    Name,
    IdNumber,
    Phone,
    HouseholdCounty,
    PovertyRegistered,
    Occupations,
    CertificateLevel,
    CertificateNumber,
    CertificateIssuer,
    CertificateDate,
    YearsExperience,
    ExpectedWage,
    TargetRegions,
    AvailableFrom,
    Bio,
    Education,
    TrainingWish,
    EmploymentWish,
    HouseholdNumber,
    PovertyStatus,
}

impl LedgerColumn {
    pub const ALL: [LedgerColumn; 20] = [
        LedgerColumn::Name,
        LedgerColumn::IdNumber,
        LedgerColumn::Phone,
        LedgerColumn::HouseholdCounty,
        LedgerColumn::PovertyRegistered,
        LedgerColumn::Occupations,
        LedgerColumn::CertificateLevel,
        LedgerColumn::CertificateNumber,
        LedgerColumn::CertificateIssuer,
        LedgerColumn::CertificateDate,
        LedgerColumn::YearsExperience,
        LedgerColumn::ExpectedWage,
        LedgerColumn::TargetRegions,
        LedgerColumn::AvailableFrom,
        LedgerColumn::Bio,
        LedgerColumn::Education,
        LedgerColumn::TrainingWish,
        LedgerColumn::EmploymentWish,
        LedgerColumn::HouseholdNumber,
        LedgerColumn::PovertyStatus,
    ];

    pub fn chinese(self) -> &'static str {
        match self {
            LedgerColumn::Name => "姓名",
            LedgerColumn::IdNumber => "身份证号",
            LedgerColumn::Phone => "手机号",
            LedgerColumn::HouseholdCounty => "户籍区县",
            LedgerColumn::PovertyRegistered => "是否建档立卡",
            LedgerColumn::Occupations => "技能工种",
            LedgerColumn::CertificateLevel => "职业技能等级",
            LedgerColumn::CertificateNumber => "证书编号",
            LedgerColumn::CertificateIssuer => "发证机构",
            LedgerColumn::CertificateDate => "发证日期",
            LedgerColumn::YearsExperience => "从业年限",
            LedgerColumn::ExpectedWage => "期望月薪",
            LedgerColumn::TargetRegions => "意向地区",
            LedgerColumn::AvailableFrom => "可到岗日期",
            LedgerColumn::Bio => "个人简介",
            LedgerColumn::Education => "学历",
            LedgerColumn::TrainingWish => "培训意愿",
            LedgerColumn::EmploymentWish => "就业意愿",
            LedgerColumn::HouseholdNumber => "建档立卡户编号",
            LedgerColumn::PovertyStatus => "脱贫状态",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            LedgerColumn::Name => "name",
            LedgerColumn::IdNumber => "id_number",
            LedgerColumn::Phone => "phone",
            LedgerColumn::HouseholdCounty => "household_county",
            LedgerColumn::PovertyRegistered => "poverty_registered",
            LedgerColumn::Occupations => "occupations",
            LedgerColumn::CertificateLevel => "certificate_level",
            LedgerColumn::CertificateNumber => "certificate_number",
            LedgerColumn::CertificateIssuer => "certificate_issuer",
            LedgerColumn::CertificateDate => "certificate_date",
            LedgerColumn::YearsExperience => "years_experience",
            LedgerColumn::ExpectedWage => "expected_wage",
            LedgerColumn::TargetRegions => "target_regions",
            LedgerColumn::AvailableFrom => "available_from",
            LedgerColumn::Bio => "bio",
            LedgerColumn::Education => "education",
            LedgerColumn::TrainingWish => "training_wish",
            LedgerColumn::EmploymentWish => "employment_wish",
            LedgerColumn::HouseholdNumber => "household_number",
            LedgerColumn::PovertyStatus => "poverty_status",
        }
    }

    fn required(self) -> bool {
        matches!(
            self,
            LedgerColumn::Name | LedgerColumn::IdNumber | LedgerColumn::Phone
        )
    }

    /// Recognises a header cell: Chinese or English, ignoring case, spaces and a BOM.
    pub fn from_header(header: &str) -> Option<Self> {
        let h = header.trim().trim_start_matches('\u{feff}').trim();
        Self::ALL
            .into_iter()
            .find(|c| c.chinese() == h || c.english().eq_ignore_ascii_case(h))
    }
}

/// 国家职业技能等级: 五级 (lowest) … 一级 (highest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CertificateLevel {
    Five,
    Four,
    Three,
    Two,
    One,
}

impl CertificateLevel {
    pub const ALL: [CertificateLevel; 5] = [
        CertificateLevel::Five,
        CertificateLevel::Four,
        CertificateLevel::Three,
        CertificateLevel::Two,
        CertificateLevel::One,
    ];

    /// The ledger spelling, e.g. `三级/高级工`.
    pub fn label(self) -> &'static str {
        match self {
            CertificateLevel::Five => "五级/初级工",
            CertificateLevel::Four => "四级/中级工",
            CertificateLevel::Three => "三级/高级工",
            CertificateLevel::Two => "二级/技师",
            CertificateLevel::One => "一级/高级技师",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            CertificateLevel::Five => "5",
            CertificateLevel::Four => "4",
            CertificateLevel::Three => "3",
            CertificateLevel::Two => "2",
            CertificateLevel::One => "1",
        }
    }

    /// The level stored under [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|level| level.code() == code)
    }

    /// Accepts `三级`, `高级工`, `三级/高级工`, `3`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL.into_iter().find(|level| {
            let (grade, title) = level.label().split_once('/').unwrap_or((level.label(), ""));
            t == level.label() || t == grade || t == title || t == level.code()
        })
    }
}

/// Reference data the check needs: county and region names and codes (from the database).
#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    /// County name (浮山县), short name (浮山) or code → code.
    pub counties: HashMap<String, String>,
    /// Region name (新疆维吾尔自治区), short name (新疆) or code → code.
    pub regions: HashMap<String, String>,
    /// Region code → short name, for writing ledgers.
    pub region_names: HashMap<String, String>,
    /// County code → name, for writing ledgers.
    pub county_names: HashMap<String, String>,
}

impl ReferenceData {
    /// Builds the lookups from (code, name, short name) triples.
    pub fn new<'a>(
        counties: impl IntoIterator<Item = (&'a str, &'a str)>,
        regions: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Self {
        let mut data = ReferenceData::default();
        for (code, name) in counties {
            let short = name.trim_end_matches(['县', '区', '市']);
            for key in [code, name, short] {
                data.counties.insert(key.to_string(), code.to_string());
            }
            data.county_names.insert(code.to_string(), name.to_string());
        }
        for (code, name, short) in regions {
            for key in [code, name, short] {
                data.regions.insert(key.to_string(), code.to_string());
            }
            data.region_names
                .insert(code.to_string(), short.to_string());
        }
        data
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub level: CertificateLevel,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<CalendarDate>,
}

/// A further certificate (beyond the ledger row's) as a form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificateForm {
    /// The occupation it certifies, e.g. 中式面点师.
    pub occupation: String,
    /// 五级/初级工 … 一级/高级技师, or 五级 … 一级, or 5 … 1.
    pub level: String,
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// YYYY-MM-DD.
    pub issued_on: Option<String>,
}

/// A further certificate that passed [`CertificateForm::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherCertificate {
    pub occupation: String,
    pub certificate: Certificate,
}

impl CertificateForm {
    /// # Errors
    /// A [`FieldError`](super::credentials::FieldError) naming the field.
    pub fn check(
        &self,
        today: CalendarDate,
    ) -> Result<OtherCertificate, super::credentials::FieldError> {
        use super::credentials::FieldError;
        let present = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let occupation = self.occupation.trim().to_string();
        if occupation.is_empty() || occupation.chars().count() > 32 {
            return Err(FieldError::new(
                "occupation",
                "请填写证书对应的工种（最多 32 个字）",
            ));
        }
        let level = CertificateLevel::parse(&self.level).ok_or_else(|| {
            FieldError::new("level", "职业技能等级应为 五级/初级工 … 一级/高级技师")
        })?;
        let number = present(&self.number);
        let issuer = present(&self.issuer);
        for (field, value) in [("number", &number), ("issuer", &issuer)] {
            if value
                .as_ref()
                .is_some_and(|v| v.chars().count() > MAX_TEXT_CHARS)
            {
                return Err(FieldError::new(
                    field,
                    format!("最多 {MAX_TEXT_CHARS} 个字"),
                ));
            }
        }
        let issued_on = match present(&self.issued_on) {
            None => None,
            Some(text) => {
                let date = CalendarDate::parse(&text)
                    .map_err(|e| FieldError::new("issued_on", format!("发证日期：{e}")))?;
                if date > today {
                    return Err(FieldError::new("issued_on", "发证日期晚于今天"));
                }
                Some(date)
            }
        };
        Ok(OtherCertificate {
            occupation,
            certificate: Certificate {
                level,
                number,
                issuer,
                issued_on,
            },
        })
    }
}

/// One checked ledger row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerRecord {
    pub name: String,
    pub id_number: IdNumber,
    pub phone: MobileNumber,
    pub household_county: Option<String>,
    pub poverty_registered: bool,
    pub occupations: Vec<String>,
    pub certificate: Option<Certificate>,
    pub years_experience: Option<u8>,
    pub expected_wage: Option<Fen>,
    pub target_regions: Vec<String>,
    pub available_from: Option<CalendarDate>,
    pub bio: String,
    pub education: Option<Education>,
    /// 有培训意愿: wants (free) skills training.
    pub training_wish: bool,
    /// 有就业意愿: wants to be placed in work.
    pub employment_wish: bool,
    /// The 建档立卡 household's number: workers of one household share it.
    pub household_number: Option<String>,
    pub poverty_status: Option<PovertyStatus>,
}

/// Where a registered (建档立卡) household stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PovertyStatus {
    /// 贫困户: still registered as poor.
    Poor,
    /// 已脱贫: lifted out of poverty.
    LiftedOut,
    /// 监测户: watched for falling back (防返贫监测).
    Monitored,
}

impl PovertyStatus {
    pub const ALL: [PovertyStatus; 3] = [
        PovertyStatus::Poor,
        PovertyStatus::LiftedOut,
        PovertyStatus::Monitored,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PovertyStatus::Poor => "贫困户",
            PovertyStatus::LiftedOut => "已脱贫",
            PovertyStatus::Monitored => "监测户",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PovertyStatus::Poor => "poor",
            PovertyStatus::LiftedOut => "lifted_out",
            PovertyStatus::Monitored => "monitored",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Reads the label, the code or a common spelling (脱贫户, 监测对象 …).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.label() == text || s.code() == text)
            .or(match text {
                "贫困" | "未脱贫" | "建档立卡贫困户" => Some(PovertyStatus::Poor),
                "脱贫" | "脱贫户" | "已脱贫户" => Some(PovertyStatus::LiftedOut),
                "监测" | "监测对象" | "边缘易致贫户" | "突发严重困难户" | "脱贫不稳定户" => {
                    Some(PovertyStatus::Monitored)
                }
                _ => None,
            })
    }
}

/// Highest schooling completed, as county ledgers record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Education {
    Primary,
    JuniorMiddle,
    SeniorMiddle,
    Vocational,
    College,
    University,
}

impl Education {
    pub const ALL: [Education; 6] = [
        Education::Primary,
        Education::JuniorMiddle,
        Education::SeniorMiddle,
        Education::Vocational,
        Education::College,
        Education::University,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Education::Primary => "小学及以下",
            Education::JuniorMiddle => "初中",
            Education::SeniorMiddle => "高中",
            Education::Vocational => "中专/技校",
            Education::College => "大专",
            Education::University => "本科及以上",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Education::Primary => "primary",
            Education::JuniorMiddle => "junior_middle",
            Education::SeniorMiddle => "senior_middle",
            Education::Vocational => "vocational",
            Education::College => "college",
            Education::University => "university",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    /// Reads the label, the code or a common spelling (小学, 中专, 技校, 职高, 本科, 硕士 …).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(e) = Self::ALL
            .into_iter()
            .find(|e| e.label() == text || e.code() == text)
        {
            return Some(e);
        }
        Some(match text {
            "小学" | "文盲" | "半文盲" => Education::Primary,
            "初中" | "初中及以下" => Education::JuniorMiddle,
            "高中" | "普高" => Education::SeniorMiddle,
            "中专" | "技校" | "职高" | "中职" | "中专/职高" => Education::Vocational,
            "大专" | "专科" | "高职" => Education::College,
            "本科" | "大学" | "硕士" | "研究生" | "博士" => Education::University,
            _ => return None,
        })
    }
}

/// Reads a yes/no cell; empty is no.
fn yes_no(text: &str) -> Result<bool, String> {
    match text {
        "" | "否" | "无" | "no" | "No" | "NO" | "false" | "0" | "N" | "n" => Ok(false),
        "是" | "有" | "yes" | "Yes" | "YES" | "true" | "1" | "Y" | "y" => Ok(true),
        other => Err(format!("应填“是”或“否”，而不是“{other}”")),
    }
}

/// What is wrong with one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellError {
    pub column: LedgerColumn,
    pub reason: String,
}

const MAX_NAME_CHARS: usize = 32;
const MAX_BIO_CHARS: usize = 500;
const MAX_TEXT_CHARS: usize = 64;

/// Splits a list cell on the separators ledgers use: 、 , ， ; ； / and spaces.
fn split_list(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '/', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A cell as written by a spreadsheet: trimmed, and without the `'` that guards a formula.
fn clean(cell: &str) -> &str {
    let cell = cell.trim();
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// Checks one row; every bad cell is reported, not only the first.
///
/// # Errors
/// The cell errors of the row.
pub fn check_row(
    cells: &HashMap<LedgerColumn, String>,
    reference: &ReferenceData,
    today: CalendarDate,
) -> Result<WorkerRecord, Vec<CellError>> {
    let mut errors = Vec::new();
    let mut fail = |column: LedgerColumn, reason: String| errors.push(CellError { column, reason });
    let cell = |column: LedgerColumn| cells.get(&column).map(|c| clean(c)).unwrap_or("");

    for column in LedgerColumn::ALL.into_iter().filter(|c| c.required()) {
        if cell(column).is_empty() {
            fail(column, format!("{}不能为空", column.chinese()));
        }
    }

    let name = cell(LedgerColumn::Name).to_string();
    if name.chars().count() > MAX_NAME_CHARS {
        fail(
            LedgerColumn::Name,
            format!("姓名不能超过 {MAX_NAME_CHARS} 个字"),
        );
    }
    let id_number = match cell(LedgerColumn::IdNumber) {
        "" => None,
        raw => IdNumber::parse(raw, today)
            .map_err(|e| fail(LedgerColumn::IdNumber, e.to_string()))
            .ok(),
    };
    let phone = match cell(LedgerColumn::Phone) {
        "" => None,
        raw => MobileNumber::parse(raw)
            .map_err(|e| fail(LedgerColumn::Phone, e.to_string()))
            .ok(),
    };
    let household_county = match cell(LedgerColumn::HouseholdCounty) {
        "" => None,
        raw => match reference.counties.get(raw) {
            Some(code) => Some(code.clone()),
            None => {
                fail(
                    LedgerColumn::HouseholdCounty,
                    format!("未知的区县“{raw}”，应为临汾市 17 个县（市、区）之一"),
                );
                None
            }
        },
    };
    let mut flag = |column: LedgerColumn| {
        yes_no(cell(column)).unwrap_or_else(|reason| {
            fail(column, reason);
            false
        })
    };
    let poverty_registered = flag(LedgerColumn::PovertyRegistered);
    let training_wish = flag(LedgerColumn::TrainingWish);
    let employment_wish = flag(LedgerColumn::EmploymentWish);
    let education = match cell(LedgerColumn::Education) {
        "" => None,
        raw => match Education::parse(raw) {
            Some(education) => Some(education),
            None => {
                fail(
                    LedgerColumn::Education,
                    format!(
                        "未知的学历“{raw}”，应为 小学及以下、初中、高中、中专/技校、大专 或 本科及以上"
                    ),
                );
                None
            }
        },
    };
    let occupations = split_list(cell(LedgerColumn::Occupations));
    if occupations
        .iter()
        .any(|o| o.chars().count() > MAX_TEXT_CHARS)
    {
        fail(LedgerColumn::Occupations, "工种名称过长".to_string());
    }

    let level = match cell(LedgerColumn::CertificateLevel) {
        "" => None,
        raw => match CertificateLevel::parse(raw) {
            Some(level) => Some(level),
            None => {
                fail(
                    LedgerColumn::CertificateLevel,
                    format!("未知的技能等级“{raw}”，应为五级/初级工 … 一级/高级技师"),
                );
                None
            }
        },
    };
    let optional_text = |column: LedgerColumn| {
        let value = cell(column);
        (!value.is_empty()).then(|| value.to_string())
    };
    let certificate_number = optional_text(LedgerColumn::CertificateNumber);
    let certificate_issuer = optional_text(LedgerColumn::CertificateIssuer);
    for (column, value) in [
        (LedgerColumn::CertificateNumber, &certificate_number),
        (LedgerColumn::CertificateIssuer, &certificate_issuer),
    ] {
        if value
            .as_ref()
            .is_some_and(|v| v.chars().count() > MAX_TEXT_CHARS)
        {
            fail(column, format!("{}过长", column.chinese()));
        }
    }
    let mut date_cell = |column: LedgerColumn| match cell(column) {
        "" => None,
        raw => CalendarDate::parse(raw)
            .map_err(|e| fail(column, format!("{}：{e}", column.chinese())))
            .ok(),
    };
    let certificate_date = date_cell(LedgerColumn::CertificateDate);
    let available_from = date_cell(LedgerColumn::AvailableFrom);
    if certificate_date.is_some_and(|d| d > today) {
        fail(
            LedgerColumn::CertificateDate,
            "发证日期晚于今天".to_string(),
        );
    }
    if level.is_none() && (certificate_number.is_some() || certificate_date.is_some()) {
        fail(
            LedgerColumn::CertificateLevel,
            "填写了证书信息时，职业技能等级不能为空".to_string(),
        );
    }

    let years_experience = match cell(LedgerColumn::YearsExperience) {
        "" => None,
        raw => match raw.trim_end_matches('年').parse::<u8>() {
            Ok(years) if years <= 60 => Some(years),
            _ => {
                fail(
                    LedgerColumn::YearsExperience,
                    format!("从业年限应为 0–60 的整数，而不是“{raw}”"),
                );
                None
            }
        },
    };
    let expected_wage = match cell(LedgerColumn::ExpectedWage) {
        "" => None,
        raw => match Fen::parse_yuan(raw) {
            Ok(fen) if fen.0 >= 0 => Some(fen),
            _ => {
                fail(
                    LedgerColumn::ExpectedWage,
                    format!("期望月薪应为金额（元），例如 6500，而不是“{raw}”"),
                );
                None
            }
        },
    };
    let mut target_regions = Vec::new();
    for region in split_list(cell(LedgerColumn::TargetRegions)) {
        match reference.regions.get(&region) {
            Some(code) if !target_regions.contains(code) => target_regions.push(code.clone()),
            Some(_) => {}
            None => fail(
                LedgerColumn::TargetRegions,
                format!("未知的地区“{region}”，应为省级地区名称，例如 北京、新疆"),
            ),
        }
    }
    let household_number = match cell(LedgerColumn::HouseholdNumber) {
        "" => None,
        raw => super::household::parse_household_number(raw)
            .map_err(|reason| fail(LedgerColumn::HouseholdNumber, reason))
            .ok(),
    };
    let poverty_status = match cell(LedgerColumn::PovertyStatus) {
        "" => None,
        raw => match PovertyStatus::parse(raw) {
            Some(status) => Some(status),
            None => {
                fail(
                    LedgerColumn::PovertyStatus,
                    format!("未知的脱贫状态“{raw}”，应为 贫困户、已脱贫 或 监测户"),
                );
                None
            }
        },
    };
    if household_number.is_some()
        && poverty_status.is_none()
        && cell(LedgerColumn::PovertyStatus).is_empty()
    {
        fail(
            LedgerColumn::PovertyStatus,
            "填写了建档立卡户编号时，脱贫状态不能为空".to_string(),
        );
    }
    if (household_number.is_some() || poverty_status.is_some()) && !poverty_registered {
        fail(
            LedgerColumn::PovertyRegistered,
            "填写了建档立卡户编号或脱贫状态时，是否建档立卡应为“是”".to_string(),
        );
    }
    let bio = cell(LedgerColumn::Bio).to_string();
    if bio.chars().count() > MAX_BIO_CHARS {
        fail(
            LedgerColumn::Bio,
            format!("个人简介不能超过 {MAX_BIO_CHARS} 个字"),
        );
    }

    match (errors.is_empty(), id_number, phone) {
        (true, Some(id_number), Some(phone)) => Ok(WorkerRecord {
            name,
            id_number,
            phone,
            household_county,
            poverty_registered,
            occupations,
            certificate: level.map(|level| Certificate {
                level,
                number: certificate_number,
                issuer: certificate_issuer,
                issued_on: certificate_date,
            }),
            years_experience,
            expected_wage,
            target_regions,
            available_from,
            bio,
            education,
            training_wish,
            employment_wish,
            household_number,
            poverty_status,
        }),
        _ => Err(errors),
    }
}

/// A worker is shown to employers only while active on a roster and with their separate
/// consent (PIPL art. 23) on record; withdrawing either takes them out at once.
pub fn is_published(active: bool, consented: bool) -> bool {
    active && consented
}

/// Guards a cell against formula injection when a spreadsheet opens the export (OWASP ASVS
/// 1.2.10): a leading `= + - @`, tab or CR gets a `'` in front. [`check_row`] removes it again.
pub fn guard_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

impl WorkerRecord {
    /// This row with the values of `columns` taken from `stored`: a ledger without some
    /// columns leaves what it does not mention as it was.
    #[must_use]
    pub fn keep_columns_from(mut self, stored: WorkerRecord, columns: &[LedgerColumn]) -> Self {
        let has = |c: LedgerColumn| columns.contains(&c);
        if has(LedgerColumn::HouseholdCounty) {
            self.household_county = stored.household_county;
        }
        if has(LedgerColumn::PovertyRegistered) {
            self.poverty_registered = stored.poverty_registered;
        }
        if has(LedgerColumn::Occupations) {
            self.occupations = stored.occupations;
        }
        if has(LedgerColumn::CertificateLevel) {
            // Without the level there is no certificate in the row: keep the stored one whole.
            self.certificate = stored.certificate;
        } else if let (Some(row), Some(kept)) = (self.certificate.as_mut(), stored.certificate) {
            if has(LedgerColumn::CertificateNumber) {
                row.number = kept.number;
            }
            if has(LedgerColumn::CertificateIssuer) {
                row.issuer = kept.issuer;
            }
            if has(LedgerColumn::CertificateDate) {
                row.issued_on = kept.issued_on;
            }
        }
        if has(LedgerColumn::YearsExperience) {
            self.years_experience = stored.years_experience;
        }
        if has(LedgerColumn::ExpectedWage) {
            self.expected_wage = stored.expected_wage;
        }
        if has(LedgerColumn::TargetRegions) {
            self.target_regions = stored.target_regions;
        }
        if has(LedgerColumn::AvailableFrom) {
            self.available_from = stored.available_from;
        }
        if has(LedgerColumn::Bio) {
            self.bio = stored.bio;
        }
        if has(LedgerColumn::Education) {
            self.education = stored.education;
        }
        if has(LedgerColumn::TrainingWish) {
            self.training_wish = stored.training_wish;
        }
        if has(LedgerColumn::EmploymentWish) {
            self.employment_wish = stored.employment_wish;
        }
        if has(LedgerColumn::HouseholdNumber) {
            self.household_number = stored.household_number;
        }
        if has(LedgerColumn::PovertyStatus) {
            self.poverty_status = stored.poverty_status;
        }
        self
    }

    /// The row as the ledger writes it, in [`LedgerColumn::ALL`] order. Export writes this and
    /// import compares it, so an exported file re-imports as unchanged.
    pub fn ledger_cells(&self, reference: &ReferenceData) -> Vec<String> {
        let date = |d: Option<CalendarDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let certificate = self.certificate.as_ref();
        vec![
            self.name.clone(),
            self.id_number.as_str().to_string(),
            self.phone.as_str().to_string(),
            self.household_county
                .as_ref()
                .map(|code| {
                    reference
                        .county_names
                        .get(code)
                        .cloned()
                        .unwrap_or_else(|| code.clone())
                })
                .unwrap_or_default(),
            if self.poverty_registered {
                "是"
            } else {
                "否"
            }
            .to_string(),
            self.occupations.join("、"),
            certificate
                .map(|c| c.level.label().to_string())
                .unwrap_or_default(),
            certificate
                .and_then(|c| c.number.clone())
                .unwrap_or_default(),
            certificate
                .and_then(|c| c.issuer.clone())
                .unwrap_or_default(),
            date(certificate.and_then(|c| c.issued_on)),
            self.years_experience
                .map(|y| y.to_string())
                .unwrap_or_default(),
            self.expected_wage
                .map(|w| w.to_string())
                .unwrap_or_default(),
            self.target_regions
                .iter()
                .map(|code| {
                    reference
                        .region_names
                        .get(code)
                        .cloned()
                        .unwrap_or_else(|| code.clone())
                })
                .collect::<Vec<_>>()
                .join("、"),
            date(self.available_from),
            self.bio.clone(),
            self.education
                .map(|e| e.label().to_string())
                .unwrap_or_default(),
            yes_no_cell(self.training_wish),
            yes_no_cell(self.employment_wish),
            self.household_number.clone().unwrap_or_default(),
            self.poverty_status
                .map(|s| s.label().to_string())
                .unwrap_or_default(),
        ]
    }
}

/// A yes/no cell as the ledger writes it.
pub fn yes_no_cell(value: bool) -> String {
    if value { "是" } else { "否" }.to_string()
}

/// Maps a header row to columns.
///
/// # Errors
/// A message naming unknown headers, duplicated headers or missing required columns.
pub fn map_headers(headers: &[String]) -> Result<Vec<Option<LedgerColumn>>, String> {
    let mut seen = Vec::new();
    let mut mapped = Vec::new();
    let mut unknown = Vec::new();
    for header in headers {
        if header.trim().is_empty() {
            mapped.push(None);
            continue;
        }
        match LedgerColumn::from_header(header) {
            Some(column) if seen.contains(&column) => {
                return Err(format!("表头“{}”重复", header.trim()));
            }
            Some(column) => {
                seen.push(column);
                mapped.push(Some(column));
            }
            None => unknown.push(header.trim().to_string()),
        }
    }
    if !unknown.is_empty() {
        let accepted: Vec<&str> = LedgerColumn::ALL.iter().map(|c| c.chinese()).collect();
        return Err(format!(
            "无法识别的表头：{}；可用表头：{}",
            unknown.join("、"),
            accepted.join("、")
        ));
    }
    let missing: Vec<&str> = LedgerColumn::ALL
        .iter()
        .filter(|c| c.required() && !seen.contains(c))
        .map(|c| c.chinese())
        .collect();
    if !missing.is_empty() {
        return Err(format!("缺少必填列：{}", missing.join("、")));
    }
    Ok(mapped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id_number::with_check_char;

    fn today() -> CalendarDate {
        CalendarDate::new(2026, 11, 28).unwrap()
    }

    fn reference() -> ReferenceData {
        ReferenceData::new(
            [("141027", "浮山县"), ("141002", "尧都区")],
            [
                ("110000", "北京市", "北京"),
                ("650000", "新疆维吾尔自治区", "新疆"),
            ],
        )
    }

    fn good_row() -> HashMap<LedgerColumn, String> {
        let id = with_check_char("14102719850312123").unwrap();
        [
            (LedgerColumn::Name, "王建国"),
            (LedgerColumn::IdNumber, id.as_str()),
            (LedgerColumn::Phone, "138 1234 5678"),
            (LedgerColumn::HouseholdCounty, "浮山"),
            (LedgerColumn::PovertyRegistered, "是"),
            (LedgerColumn::Occupations, "中式烹调师、面点师"),
            (LedgerColumn::CertificateLevel, "三级"),
            (LedgerColumn::CertificateNumber, "S000014100001234"),
            (LedgerColumn::CertificateIssuer, "临汾市职业技能鉴定中心"),
            (LedgerColumn::CertificateDate, "2019/6/1"),
            (LedgerColumn::YearsExperience, "12"),
            (LedgerColumn::ExpectedWage, "8,000"),
            (LedgerColumn::TargetRegions, "北京，新疆维吾尔自治区"),
            (LedgerColumn::AvailableFrom, "2027-01-05"),
            (LedgerColumn::Bio, "擅长过油肉、羊汤"),
            (LedgerColumn::Education, "初中"),
            (LedgerColumn::TrainingWish, "是"),
            (LedgerColumn::EmploymentWish, "否"),
        ]
        .into_iter()
        .map(|(c, v)| (c, v.to_string()))
        .collect()
    }

    #[test]
    fn a_good_row_becomes_a_record_with_normalised_values() {
        let record = check_row(&good_row(), &reference(), today()).unwrap();
        assert_eq!(record.phone.as_str(), "13812345678");
        assert_eq!(record.household_county.as_deref(), Some("141027"));
        assert!(record.poverty_registered);
        assert_eq!(record.occupations, ["中式烹调师", "面点师"]);
        assert_eq!(
            record.certificate.as_ref().unwrap().level,
            CertificateLevel::Three
        );
        assert_eq!(record.expected_wage, Some(Fen(800_000)));
        assert_eq!(record.target_regions, ["110000", "650000"]);
        assert_eq!(record.id_number.birth_date().to_string(), "1985-03-12");
        assert_eq!(record.education, Some(Education::JuniorMiddle));
        assert!(record.training_wish && !record.employment_wish);
    }

    #[test]
    fn a_household_number_needs_a_status_and_a_registered_worker() {
        let mut row = good_row();
        row.insert(LedgerColumn::HouseholdNumber, "1410270001".into());
        row.insert(LedgerColumn::PovertyStatus, "脱贫户".into());
        let record = check_row(&row, &reference(), today()).unwrap();
        assert_eq!(record.household_number.as_deref(), Some("1410270001"));
        assert_eq!(record.poverty_status, Some(PovertyStatus::LiftedOut));

        row.insert(LedgerColumn::PovertyStatus, String::new());
        let errors = check_row(&row, &reference(), today()).unwrap_err();
        assert_eq!(errors[0].column, LedgerColumn::PovertyStatus);

        row.insert(LedgerColumn::PovertyStatus, "监测户".into());
        row.insert(LedgerColumn::PovertyRegistered, "否".into());
        let errors = check_row(&row, &reference(), today()).unwrap_err();
        assert_eq!(errors[0].column, LedgerColumn::PovertyRegistered);
        for status in PovertyStatus::ALL {
            assert_eq!(PovertyStatus::parse(status.label()), Some(status));
            assert_eq!(PovertyStatus::from_code(status.code()), Some(status));
        }
    }

    #[test]
    fn a_further_certificate_names_its_bad_field() {
        let form = CertificateForm {
            occupation: "中式面点师".into(),
            level: "四级".into(),
            number: Some(" M-1 ".into()),
            issuer: None,
            issued_on: Some("2021-04-01".into()),
        };
        let checked = form.check(today()).unwrap();
        assert_eq!(checked.certificate.level, CertificateLevel::Four);
        assert_eq!(checked.certificate.number.as_deref(), Some("M-1"));
        for (spoil, field) in [
            (
                CertificateForm {
                    occupation: " ".into(),
                    ..form.clone()
                },
                "occupation",
            ),
            (
                CertificateForm {
                    level: "六级".into(),
                    ..form.clone()
                },
                "level",
            ),
            (
                CertificateForm {
                    issued_on: Some("2999-01-01".into()),
                    ..form.clone()
                },
                "issued_on",
            ),
        ] {
            assert_eq!(spoil.check(today()).unwrap_err().field, field);
        }
    }

    #[test]
    fn education_and_wishes_read_common_spellings_and_name_bad_cells() {
        for (text, expected) in [
            ("中专", Education::Vocational),
            ("技校", Education::Vocational),
            ("本科", Education::University),
            ("小学及以下", Education::Primary),
            ("college", Education::College),
        ] {
            assert_eq!(Education::parse(text), Some(expected), "{text}");
        }
        for e in Education::ALL {
            assert_eq!(Education::parse(e.label()), Some(e));
            assert_eq!(Education::from_code(e.code()), Some(e));
        }
        let mut row = good_row();
        row.insert(LedgerColumn::Education, "幼儿园".into());
        row.insert(LedgerColumn::TrainingWish, "也许".into());
        let errors = check_row(&row, &reference(), today()).unwrap_err();
        let columns: Vec<LedgerColumn> = errors.iter().map(|e| e.column).collect();
        assert_eq!(
            columns,
            [LedgerColumn::TrainingWish, LedgerColumn::Education]
        );
    }

    #[test]
    fn every_bad_cell_of_a_row_is_reported_with_its_column() {
        let mut row = good_row();
        row.insert(LedgerColumn::IdNumber, "141027198503121230".into());
        row.insert(LedgerColumn::Phone, "0357-1234567".into());
        row.insert(LedgerColumn::HouseholdCounty, "太原".into());
        row.insert(LedgerColumn::ExpectedWage, "八千".into());
        row.insert(LedgerColumn::TargetRegions, "北京、火星".into());
        row.insert(LedgerColumn::AvailableFrom, "2026-02-30".into());
        let errors = check_row(&row, &reference(), today()).unwrap_err();
        let columns: Vec<LedgerColumn> = errors.iter().map(|e| e.column).collect();
        for expected in [
            LedgerColumn::IdNumber,
            LedgerColumn::Phone,
            LedgerColumn::HouseholdCounty,
            LedgerColumn::ExpectedWage,
            LedgerColumn::TargetRegions,
            LedgerColumn::AvailableFrom,
        ] {
            assert!(columns.contains(&expected), "{expected:?} in {errors:?}");
        }
    }

    #[test]
    fn missing_required_fields_are_named() {
        let mut row = good_row();
        row.insert(LedgerColumn::Name, " ".into());
        row.remove(&LedgerColumn::Phone);
        let errors = check_row(&row, &reference(), today()).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.column == LedgerColumn::Name && e.reason.contains("不能为空"))
        );
        assert!(errors.iter().any(|e| e.column == LedgerColumn::Phone));
    }

    #[test]
    fn an_impossible_birth_date_in_the_id_is_its_own_reason() {
        let mut row = good_row();
        row.insert(
            LedgerColumn::IdNumber,
            with_check_char("14102719850230123").unwrap(),
        );
        let errors = check_row(&row, &reference(), today()).unwrap_err();
        assert!(errors[0].reason.contains("出生日期"), "{errors:?}");
    }

    #[test]
    fn the_ledger_cells_check_back_to_the_same_record() {
        let reference = reference();
        let record = check_row(&good_row(), &reference, today()).unwrap();
        let cells: HashMap<LedgerColumn, String> = LedgerColumn::ALL
            .into_iter()
            .zip(record.ledger_cells(&reference))
            .collect();
        assert_eq!(check_row(&cells, &reference, today()).unwrap(), record);
    }

    #[test]
    fn headers_are_recognised_in_chinese_or_english_and_checked() {
        let headers: Vec<String> = ["\u{feff}姓名", "ID_Number", "手机号", "个人简介"]
            .map(String::from)
            .into();
        let mapped = map_headers(&headers).unwrap();
        assert_eq!(mapped[1], Some(LedgerColumn::IdNumber));
        let err = map_headers(&["姓名".to_string(), "身份证".to_string()]).unwrap_err();
        assert!(err.contains("身份证") && err.contains("可用表头"), "{err}");
        let err = map_headers(&["姓名".to_string(), "身份证号".to_string()]).unwrap_err();
        assert!(err.contains("手机号"), "{err}");
    }

    #[test]
    fn formula_like_cells_are_guarded_on_export_and_restored_on_import() {
        assert_eq!(guard_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard_formula("-5"), "'-5");
        assert_eq!(guard_formula("王**"), "王**");
        let mut row = good_row();
        row.insert(LedgerColumn::Bio, guard_formula("=1+1 擅长面点"));
        let record = check_row(&row, &reference(), today()).unwrap();
        assert_eq!(record.bio, "=1+1 擅长面点");
    }

    #[test]
    fn only_active_consented_workers_are_published() {
        assert!(is_published(true, true));
        assert!(!is_published(true, false));
        assert!(!is_published(false, true));
        assert!(!is_published(false, false));
    }

    #[test]
    fn certificate_levels_accept_grade_title_or_digit() {
        for text in ["三级", "高级工", "三级/高级工", "3"] {
            assert_eq!(
                CertificateLevel::parse(text),
                Some(CertificateLevel::Three),
                "{text}"
            );
        }
        assert_eq!(CertificateLevel::parse("六级"), None);
        assert!(CertificateLevel::One > CertificateLevel::Five);
    }
}

/// How the roster list is narrowed, ordered and paged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RosterFilter {
    /// Part of an occupation name, e.g. 烹调.
    pub occupation: Option<String>,
    pub level: Option<CertificateLevel>,
    pub status: Option<RosterStatus>,
    /// Where the certificate stands with the county's promoters.
    pub certificate: Option<super::brand::CertificateStatus>,
    pub sort: RosterSort,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RosterStatus {
    /// On the roster (active), consented or not.
    Active,
    Inactive,
    /// Active and consented: visible to employers.
    Published,
    /// Active but without consent: not visible to employers.
    Unpublished,
    /// Active and out working.
    Placed,
    /// Published and not placed: what employers can hire.
    Available,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum RosterSort {
    #[default]
    NewestFirst,
    OldestFirst,
    NameAscending,
    NameDescending,
}

pub const DEFAULT_PAGE_SIZE: u64 = 50;
pub const MAX_PAGE_SIZE: u64 = 200;

/// A query value that says something: trimmed and not empty.
fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

impl RosterFilter {
    /// Adds the certificate filter: `verified`, `unverified` or `rejected` (empty: any).
    ///
    /// # Errors
    /// A [`FieldError`](super::credentials::FieldError) on `certificate`.
    pub fn with_certificate(
        mut self,
        certificate: Option<&str>,
    ) -> Result<Self, super::credentials::FieldError> {
        self.certificate =
            super::brand::CertificateStatus::parse_filter(certificate, "certificate")?;
        Ok(self)
    }

    /// Reads the filter from query-string values (all optional; empty means "any").
    ///
    /// # Errors
    /// A [`FieldError`](super::credentials::FieldError) naming the bad parameter.
    pub fn parse(
        occupation: Option<&str>,
        level: Option<&str>,
        status: Option<&str>,
        sort: Option<&str>,
        page: Option<&str>,
        per_page: Option<&str>,
    ) -> Result<Self, super::credentials::FieldError> {
        use super::credentials::FieldError;
        let bad = |field: &'static str, message: &str| FieldError {
            field,
            message: message.to_string(),
        };
        let level = match present(level) {
            None => None,
            Some(text) => Some(
                CertificateLevel::parse(text)
                    .ok_or_else(|| bad("level", "技能等级应为 五级 … 一级"))?,
            ),
        };
        let status = match present(status) {
            None => None,
            Some("active") => Some(RosterStatus::Active),
            Some("inactive") => Some(RosterStatus::Inactive),
            Some("published") => Some(RosterStatus::Published),
            Some("unpublished") => Some(RosterStatus::Unpublished),
            Some("placed") => Some(RosterStatus::Placed),
            Some("available") => Some(RosterStatus::Available),
            Some(_) => {
                return Err(bad(
                    "status",
                    "状态应为 active、inactive、published、unpublished、placed 或 available",
                ));
            }
        };
        let sort = match present(sort) {
            None | Some("-created") => RosterSort::NewestFirst,
            Some("created") => RosterSort::OldestFirst,
            Some("name") => RosterSort::NameAscending,
            Some("-name") => RosterSort::NameDescending,
            Some(_) => return Err(bad("sort", "排序应为 created、-created、name 或 -name")),
        };
        let number =
            |field: &'static str, value: Option<&str>, default: u64, max: u64| match present(value)
            {
                None => Ok(default),
                Some(text) => text
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| bad(field, &format!("应为 1–{max} 的整数"))),
            };
        Ok(Self {
            occupation: present(occupation).map(|o| o.chars().take(32).collect()),
            level,
            status,
            certificate: None,
            sort,
            page: number("page", page, 1, 1_000_000)?,
            per_page: number("per_page", per_page, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?,
        })
    }
}

#[cfg(test)]
mod filter_tests {
    use super::*;

    #[test]
    fn an_empty_query_lists_the_newest_first_page() {
        let f = RosterFilter::parse(None, Some(""), None, None, None, None).unwrap();
        assert_eq!(
            (f.page, f.per_page, f.sort),
            (1, DEFAULT_PAGE_SIZE, RosterSort::NewestFirst)
        );
        assert_eq!((f.level, f.status, f.occupation), (None, None, None));
    }

    #[test]
    fn filters_are_read_and_bad_ones_named() {
        let f = RosterFilter::parse(
            Some(" 烹调 "),
            Some("三级"),
            Some("published"),
            Some("name"),
            Some("2"),
            Some("20"),
        )
        .unwrap();
        assert_eq!(f.occupation.as_deref(), Some("烹调"));
        assert_eq!(f.level, Some(CertificateLevel::Three));
        assert_eq!(f.status, Some(RosterStatus::Published));
        assert_eq!(
            (f.sort, f.page, f.per_page),
            (RosterSort::NameAscending, 2, 20)
        );
        assert_eq!(
            RosterFilter::parse(None, Some("六级"), None, None, None, None)
                .unwrap_err()
                .field,
            "level"
        );
        assert_eq!(
            RosterFilter::parse(None, None, Some("gone"), None, None, None)
                .unwrap_err()
                .field,
            "status"
        );
        assert_eq!(
            RosterFilter::parse(None, None, None, Some("age"), None, None)
                .unwrap_err()
                .field,
            "sort"
        );
        assert_eq!(
            RosterFilter::parse(None, None, None, None, Some("0"), None)
                .unwrap_err()
                .field,
            "page"
        );
        assert_eq!(
            RosterFilter::parse(None, None, None, None, None, Some("500"))
                .unwrap_err()
                .field,
            "per_page"
        );
    }
}
