//! Views that server functions return to the UI. Wire types, not database rows.

use crate::domain::role::Role;
use crate::domain::roster::LedgerColumn;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One row of the admin's user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope_label: Option<String>,
    pub active: bool,
}

/// A brand as shown on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandCard {
    pub slug: String,
    pub name: String,
    pub county_name: String,
    pub occupations: Vec<String>,
}

/// How an import treats bad rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Nothing is imported if any row is bad (the default).
    AllOrNothing,
    /// Import the good rows, report the bad ones.
    GoodRows,
}

impl ImportMode {
    pub fn code(self) -> &'static str {
        match self {
            ImportMode::AllOrNothing => "all_or_nothing",
            ImportMode::GoodRows => "good_rows",
        }
    }
}

/// One rejected row: its spreadsheet row number (header = row 1), column and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RejectedRow {
    pub row: usize,
    /// The Chinese column header.
    pub column: String,
    pub reason: String,
}

/// What an import did (or, for a dry run or a refused file, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<RejectedRow>,
    /// Whether anything was written (false for a dry run or a refused all-or-nothing file).
    pub written: bool,
}

/// A worker as the company's roster shows it: ID and phone masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub id: i32,
    pub name: String,
    pub id_number_masked: String,
    pub phone_masked: String,
    pub sex: String,
    pub birth_date: String,
    /// Whole years today (Asia/Shanghai), from the birth date in the ID number.
    pub age: u16,
    pub occupations: Vec<String>,
    pub certificate_level: Option<String>,
    /// Whether a promoter has verified the certificate.
    pub certificate_status: crate::domain::brand::CertificateStatus,
    /// Why a promoter rejected it.
    pub certificate_reject_reason: Option<String>,
    pub active: bool,
    pub consented: bool,
    /// Active and consented: the only workers employers may ever see.
    pub published: bool,
    /// Out working; published workers who are not placed are available.
    pub placed: bool,
    /// Send it back when editing: a stale version is refused with 409.
    pub version: i32,
}

/// One page of the roster list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RosterPage {
    pub workers: Vec<RosterEntry>,
    /// Workers matching the filter, on all pages.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A roster filter as the query string carries it (the filter form, the API); every field is
/// optional and empty means "any". [`RosterQuery::to_filter`] checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct RosterQuery {
    /// Part of an occupation name, e.g. 烹调.
    pub occupation: Option<String>,
    /// 五级 … 一级 (or 5 … 1).
    pub level: Option<String>,
    /// `active`, `inactive`, `published` or `unpublished`.
    pub status: Option<String>,
    /// Certificate check: `verified`, `unverified` or `rejected`.
    pub certificate: Option<String>,
    /// `-created` (default), `created`, `name` or `-name`.
    pub sort: Option<String>,
    /// 1-based page number.
    pub page: Option<String>,
    /// 1–200, default 50.
    pub per_page: Option<String>,
}

impl RosterQuery {
    /// # Errors
    /// A [`FieldError`](crate::domain::credentials::FieldError) naming the bad parameter.
    pub fn to_filter(
        &self,
    ) -> Result<crate::domain::roster::RosterFilter, crate::domain::credentials::FieldError> {
        crate::domain::roster::RosterFilter::parse(
            self.occupation.as_deref(),
            self.level.as_deref(),
            self.status.as_deref(),
            self.sort.as_deref(),
            self.page.as_deref(),
            self.per_page.as_deref(),
        )?
        .with_certificate(self.certificate.as_deref())
    }
}

/// A brand in the public catalogue, with its counts. No personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrandSummary {
    pub slug: String,
    pub name: String,
    /// None for a city-wide brand.
    pub county_code: Option<String>,
    pub county_name: String,
    pub tier: crate::domain::brand::RecognitionTier,
    pub tier_label: String,
    pub occupations: Vec<String>,
    /// Companies whose membership is approved.
    pub member_companies: u64,
    /// Active workers of member companies with a verified certificate in one of the brand's
    /// occupations.
    pub certified_workers: u64,
    /// Of those, the ones published to employers (consented) and not out working.
    pub available_workers: u64,
    /// Of the certified, the ones out working (placed).
    pub placed_workers: u64,
}

/// A member company as a brand page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MemberCompany {
    pub name: String,
    pub county_name: String,
    /// YYYY-MM-DD, when the membership was approved.
    pub member_since: Option<String>,
}

/// A brand's public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BrandProfile {
    pub summary: BrandSummary,
    pub standard_text: String,
    pub standard_version: Option<String>,
    pub tier_granted_by: Option<String>,
    /// YYYY-MM-DD.
    pub tier_granted_on: Option<String>,
    pub trademark_number: Option<String>,
    pub story: String,
    pub members: Vec<MemberCompany>,
    /// Send it back when editing: a stale version is refused with 409.
    pub version: i32,
}

/// A company's application to join a brand, and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MembershipView {
    pub id: i32,
    pub brand_slug: String,
    pub brand_name: String,
    pub company_id: i32,
    pub company_name: String,
    pub company_county_name: String,
    pub status: crate::domain::brand::MembershipStatus,
    pub status_label: String,
    /// Why it was rejected or suspended.
    pub reason: Option<String>,
    /// RFC 3339.
    pub applied_at: String,
    pub decided_at: Option<String>,
}

/// A worker's certificate as a promoter checks it: no ID or phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificateReview {
    pub worker_id: i32,
    /// A further certificate's id; none for the ledger row's certificate.
    pub certificate_id: Option<i32>,
    /// The worker's version when this was read: send it with the decision, so a certificate
    /// the company changed in the meantime is not verified unseen (409).
    pub version: i32,
    pub worker_name: String,
    pub company_name: String,
    pub occupations: Vec<String>,
    pub level: String,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<String>,
    pub status: crate::domain::brand::CertificateStatus,
    pub status_label: String,
    pub reject_reason: Option<String>,
}

/// A company as promoters see it when linking it to an export base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompanyView {
    pub id: i32,
    pub name: String,
    pub credit_code: Option<String>,
    pub county_code: String,
    pub county_name: String,
    /// Approved by the county: may keep a roster. Self-registered companies start unapproved.
    pub approved: bool,
}

/// A county's export base and the companies it ties together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ExportBaseView {
    pub id: i32,
    pub county_code: String,
    pub county_name: String,
    pub name: String,
    pub description: String,
    pub companies: Vec<CompanyView>,
}

/// One of Linfen's 17 counties (GB/T 2260).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct County {
    pub code: String,
    pub name: String,
}

/// How the worker's separate consent (PIPL art. 23 单独同意) to be shown to employers was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConsentInput {
    /// How it was given, e.g. `书面签字`, `短信确认`.
    pub method: String,
    /// What the worker agreed to, e.g. `向认证用工单位展示技能、等级、求职意向和简介`.
    pub scope: String,
}

/// A change to one worker's standing on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerChange {
    GiveConsent(ConsentInput),
    WithdrawConsent,
    Deactivate,
    Reactivate,
    /// Out working (输出就业): no longer available to employers.
    Placed,
    /// Back from work and available again.
    Available,
}

/// One worker as a form or the API sends it: the ledger's fields by their English names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkerInput {
    pub name: String,
    /// 18 characters, GB 11643.
    pub id_number: String,
    pub phone: String,
    /// County name (浮山县) or code.
    pub household_county: Option<String>,
    pub poverty_registered: Option<bool>,
    #[serde(default)]
    pub occupations: Vec<String>,
    /// 五级/初级工 … 一级/高级技师, or 五级 … 一级, or 5 … 1.
    pub certificate_level: Option<String>,
    pub certificate_number: Option<String>,
    pub certificate_issuer: Option<String>,
    /// YYYY-MM-DD.
    pub certificate_date: Option<String>,
    pub years_experience: Option<u8>,
    /// Yuan, e.g. "6500" or "6500.50".
    pub expected_wage: Option<String>,
    /// Province names (北京, 新疆) or codes.
    #[serde(default)]
    pub target_regions: Vec<String>,
    /// YYYY-MM-DD.
    pub available_from: Option<String>,
    pub bio: Option<String>,
    /// 小学及以下, 初中, 高中, 中专/技校, 大专 or 本科及以上.
    pub education: Option<String>,
    /// 有培训意愿.
    pub training_wish: Option<bool>,
    /// 有就业意愿.
    pub employment_wish: Option<bool>,
    /// The 建档立卡 household's number.
    pub household_number: Option<String>,
    /// 贫困户, 已脱贫 or 监测户.
    pub poverty_status: Option<String>,
    /// Required when editing: the version that was read.
    pub version: Option<i32>,
}

impl WorkerInput {
    /// The form as ledger cells, for the one ledger-row check.
    pub fn ledger_cells(&self) -> HashMap<LedgerColumn, String> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        [
            (LedgerColumn::Name, self.name.clone()),
            (LedgerColumn::IdNumber, self.id_number.clone()),
            (LedgerColumn::Phone, self.phone.clone()),
            (LedgerColumn::HouseholdCounty, text(&self.household_county)),
            (
                LedgerColumn::PovertyRegistered,
                crate::domain::roster::yes_no_cell(self.poverty_registered.unwrap_or(false)),
            ),
            (LedgerColumn::Education, text(&self.education)),
            (
                LedgerColumn::TrainingWish,
                crate::domain::roster::yes_no_cell(self.training_wish.unwrap_or(false)),
            ),
            (
                LedgerColumn::EmploymentWish,
                crate::domain::roster::yes_no_cell(self.employment_wish.unwrap_or(false)),
            ),
            (LedgerColumn::HouseholdNumber, text(&self.household_number)),
            (LedgerColumn::PovertyStatus, text(&self.poverty_status)),
            (LedgerColumn::Occupations, self.occupations.join("、")),
            (
                LedgerColumn::CertificateLevel,
                text(&self.certificate_level),
            ),
            (
                LedgerColumn::CertificateNumber,
                text(&self.certificate_number),
            ),
            (
                LedgerColumn::CertificateIssuer,
                text(&self.certificate_issuer),
            ),
            (LedgerColumn::CertificateDate, text(&self.certificate_date)),
            (
                LedgerColumn::YearsExperience,
                self.years_experience
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
            ),
            (LedgerColumn::ExpectedWage, text(&self.expected_wage)),
            (LedgerColumn::TargetRegions, self.target_regions.join("、")),
            (LedgerColumn::AvailableFrom, text(&self.available_from)),
            (LedgerColumn::Bio, text(&self.bio)),
        ]
        .into_iter()
        .collect()
    }
}

/// One worker as their own company sees them on the worker page: everything on the roster,
/// ID and phone still masked (see [`RevealedContact`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkerDetail {
    #[serde(flatten)]
    pub entry: RosterEntry,
    pub household_county_code: Option<String>,
    pub household_county_name: Option<String>,
    /// 建档立卡: shown to the worker's company, promoters and admins only.
    pub poverty_registered: bool,
    pub household_number: Option<String>,
    /// 贫困户, 已脱贫 or 监测户.
    pub poverty_status: Option<String>,
    pub education: Option<String>,
    pub training_wish: bool,
    pub employment_wish: bool,
    pub certificate_number: Option<String>,
    pub certificate_issuer: Option<String>,
    pub certificate_date: Option<String>,
    pub years_experience: Option<u8>,
    /// Yuan with fen, e.g. "6500.00".
    pub expected_wage: Option<String>,
    pub target_region_names: Vec<String>,
    pub available_from: Option<String>,
    pub bio: String,
    /// RFC 3339, when consent was recorded.
    pub consent_at: Option<String>,
    pub consent_method: Option<String>,
    pub consent_scope: Option<String>,
    /// Certificates beyond the ledger row's one.
    pub other_certificates: Vec<CertificateView>,
}

/// One of a worker's further certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificateView {
    pub id: i32,
    pub occupation: String,
    pub level: String,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<String>,
    pub status: crate::domain::brand::CertificateStatus,
    pub status_label: String,
    pub reject_reason: Option<String>,
}

/// A worker's full ID and phone number, revealed for a stated purpose (audited, capped per day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevealedContact {
    pub id_number: String,
    pub phone: String,
    /// Reveals left for the caller today.
    pub remaining_today: u32,
}

/// Which pass an import is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportPhase {
    /// Reading and checking every row.
    Checking,
    /// Writing the new and changed rows.
    Writing,
}

/// How far a running import has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportProgress {
    pub phase: ImportPhase,
    /// Rows checked, or rows written.
    pub done: usize,
    /// Rows to write (0 while checking: the file's length is not known until it is read).
    pub total: usize,
}

impl ImportProgress {
    pub fn checking(done: usize) -> Self {
        Self {
            phase: ImportPhase::Checking,
            done,
            total: 0,
        }
    }

    pub fn writing(done: usize, total: usize) -> Self {
        Self {
            phase: ImportPhase::Writing,
            done,
            total,
        }
    }

    /// A one-line description for the UI and the CLI.
    pub fn describe(&self) -> String {
        match self.phase {
            ImportPhase::Checking => format!("正在检查：已检查 {} 行", self.done),
            ImportPhase::Writing if self.total == 0 => "正在写入…".to_string(),
            ImportPhase::Writing => format!(
                "正在写入：{}/{} 行（{}%）",
                self.done,
                self.total,
                self.done * 100 / self.total
            ),
        }
    }
}

/// A filter search applies, shown as a chip the employer can remove. `from_query` holds the
/// words of the query it was recognised in (removing the chip removes them); `None` for a filter
/// that came from a parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchChip {
    /// The URL parameter it sets: county, brand, occupation, level, verified, region, wage_min …
    pub param: String,
    pub value: String,
    pub label: String,
    pub from_query: Option<String>,
}

/// One value of a facet with how many of the current results have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FacetCount {
    /// What the filter parameter takes (a code or a slug).
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchFacets {
    pub county: Vec<FacetCount>,
    pub brand: Vec<FacetCount>,
    pub occupation: Vec<FacetCount>,
    pub level: Vec<FacetCount>,
    pub region: Vec<FacetCount>,
    pub sex: Vec<FacetCount>,
}

/// A worker as employers see them: masked name, never ID, phone or 建档立卡 status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub id: i32,
    /// 王**
    pub display_name: String,
    pub brand: Option<String>,
    pub brand_slug: Option<String>,
    pub county: Option<String>,
    pub occupations: Vec<String>,
    /// e.g. 三级/高级工
    pub certificate_level: Option<String>,
    pub verified: bool,
    pub experience_years: Option<i32>,
    pub expected_wage_yuan: Option<i64>,
    pub target_regions: Vec<String>,
    pub available_from: Option<String>,
    pub age: Option<u16>,
    pub sex: String,
    pub bio: String,
    /// BM25 relevance; 0 for a search without words.
    pub score: f32,
    /// Work attested by completed placements through Laowu (only on the profile, not on
    /// result cards), apart from the self-declared `experience_years`.
    #[serde(default)]
    pub attested_work: Vec<AttestedWork>,
}

/// A completed placement, as work history an employer can trust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AttestedWork {
    pub position: String,
    pub region_name: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub took_ms: u64,
    /// The search as URL parameters (q=…&county=…), for links and saved searches.
    pub query_string: String,
    /// The words of the query that were searched as text, after chips were taken out.
    pub words: Vec<String>,
    pub chips: Vec<SearchChip>,
    /// Words of the query the results do not all have: when every word together found nobody,
    /// the words no worker matches, then the rarest, were set aside (empty otherwise).
    #[serde(default)]
    pub set_aside: Vec<String>,
    /// When only a few workers have every word: how many. They come first, and workers with
    /// some of the words follow them, most words first; `total` counts both. Absent when
    /// every worker found has every word.
    #[serde(default)]
    pub fully_matched: Option<u64>,
    /// Words that describe a piece of work, and the occupations that do it, which were searched
    /// too (照顾老人 → 养老护理员).
    #[serde(default)]
    pub described_work: Vec<DescribedWork>,
    pub hits: Vec<SearchHit>,
    pub facets: SearchFacets,
}

/// Work a query describes in words, read as the occupations that do it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DescribedWork {
    /// The query's words for it, joined (照顾老人).
    pub words: String,
    pub occupations: Vec<String>,
}

/// A shortlist with its workers (those no longer searchable are listed as unavailable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ShortlistView {
    pub id: i32,
    pub name: String,
    pub workers: Vec<SearchHit>,
    /// Workers on the list who withdrew, were placed or deactivated since.
    pub unavailable: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SavedSearchView {
    pub id: i32,
    pub name: String,
    pub query_string: String,
    pub total: u64,
    /// Matching workers who entered search since the owner last opened it.
    pub new_since_last_visit: u64,
    pub last_visited_at: String,
}

/// A search that found nobody, for the county's promoters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnmetSearchView {
    pub query: String,
    pub filters: String,
    pub county: Option<String>,
    pub employer_region: Option<String>,
    pub searched_at: String,
}

// ---- Hiring: employers, vacancies, hire requests, inbox ----

/// An employer (用工单位) as its users and the officials who verify it see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmployerView {
    pub id: i32,
    pub name: String,
    pub credit_code: Option<String>,
    pub province_code: String,
    pub province_name: String,
    pub city_code: Option<String>,
    pub city_name: Option<String>,
    pub industry: Option<String>,
    pub contact_name: Option<String>,
    /// Masked (138****5678).
    pub contact_phone: Option<String>,
    /// Verified by a promoter or admin: only then may it publish vacancies and send requests.
    pub verified: bool,
    /// Colleagues' accounts (only for the employer's own users and officials).
    pub users: Vec<ColleagueView>,
}

/// One account of an employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ColleagueView {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub active: bool,
}

/// A colleague's new account, added by an employer user to their own organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewColleague {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

/// A vacancy (空岗信息).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VacancyView {
    pub id: i32,
    pub employer_id: i32,
    pub employer_name: String,
    pub position: String,
    pub occupation: String,
    pub headcount: i32,
    pub place: String,
    pub region_code: String,
    pub region_name: String,
    pub wage_min_yuan: i64,
    pub wage_max_yuan: i64,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub housing: bool,
    pub meals: bool,
    pub insurance: bool,
    pub requirements: String,
    pub status: crate::domain::hiring::VacancyStatus,
    pub status_label: String,
    /// Send it back with an edit or a status change: a stale one is refused (409).
    pub version: i32,
    /// The search page's query string that finds workers for this vacancy.
    pub suggestion_query: String,
    pub updated_at: String,
}

/// Filters of the public vacancy list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct VacancyFilter {
    /// Words of the occupation or position, e.g. 厨师.
    pub occupation: Option<String>,
    /// A receiving region's code, e.g. 110000.
    pub region: Option<String>,
    /// Vacancies paying at least this much a month (yuan, upper end of the range).
    pub wage_min: Option<String>,
    /// `open` (default for companies), `filled`, `closed` or `all`.
    pub status: Option<String>,
}

/// A vacancy status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VacancyStatusChange {
    pub status: crate::domain::hiring::VacancyStatus,
    pub version: i32,
}

/// A new hire request: the workers (of one or more companies: one request per company is
/// created) and the terms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewHireRequest {
    pub worker_ids: Vec<i32>,
    pub vacancy_id: Option<i32>,
    /// The job fair the employer met the workers at, if any: the request counts as its outcome.
    #[serde(default)]
    pub event_id: Option<i32>,
    pub terms: crate::domain::hiring::HireTermsForm,
}

/// A company proposing its workers for a vacancy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VacancyProposal {
    pub worker_ids: Vec<i32>,
    pub message: String,
}

/// An answer to one worker's line, based on the version the caller saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HireLineAnswer {
    pub version: i32,
    #[serde(flatten)]
    pub action: crate::domain::hiring::HireAction,
}

/// One step of a line's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HireEventView {
    pub at: String,
    pub from_state: Option<crate::domain::hiring::HireState>,
    pub to_state: crate::domain::hiring::HireState,
    pub action: String,
    pub side: crate::domain::hiring::HireSide,
    pub actor_name: Option<String>,
    pub detail: String,
}

/// One requested worker and where their answer stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HireLineView {
    pub id: i32,
    pub worker_id: i32,
    /// Masked (王**) for employers, the full name for the worker's own company.
    pub worker_name: String,
    pub occupations: Vec<String>,
    pub state: crate::domain::hiring::HireState,
    pub state_label: String,
    /// Whose answer the line is waiting for.
    pub awaits: Option<crate::domain::hiring::HireSide>,
    pub decline_reason: Option<String>,
    pub counter_wage_yuan: Option<i64>,
    pub counter_start_date: Option<String>,
    pub agreed_wage_yuan: Option<i64>,
    pub agreed_start_date: Option<String>,
    pub version: i32,
    pub history: Vec<HireEventView>,
}

/// A hire request (用工邀约) with its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HireRequestView {
    pub id: i32,
    pub employer_id: i32,
    pub employer_name: String,
    pub company_id: i32,
    pub company_name: String,
    pub vacancy_id: Option<i32>,
    /// The job fair it was sent from, if any.
    #[serde(default)]
    pub event_id: Option<i32>,
    pub started_by: crate::domain::hiring::HireSide,
    pub position: String,
    pub place: String,
    pub region_code: String,
    pub region_name: String,
    pub monthly_wage_yuan: i64,
    pub start_date: String,
    pub term_months: i32,
    pub conditions: String,
    pub message: String,
    pub created_at: String,
    /// Open lines expire then.
    pub expires_at: String,
    pub lines: Vec<HireLineView>,
}

/// A notice in the caller's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboxMessageView {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub read: bool,
    pub created_at: String,
}

/// The caller's inbox, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboxView {
    pub unread: u64,
    pub messages: Vec<InboxMessageView>,
}

// ---- Contracts and placements ----

/// A clause as printed: heading and text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClauseView {
    pub heading: String,
    pub text: String,
}

/// A party's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SignatureView {
    pub party: crate::domain::contract::SigningParty,
    pub party_label: String,
    pub signer_name: String,
    pub signed_at: String,
    pub client_ip: String,
    /// SHA-256 of the canonical content this party signed.
    pub content_hash: String,
    pub worker_confirmation_method: Option<String>,
    pub worker_confirmed_on: Option<String>,
}

/// One version in a contract's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractVersionSummary {
    pub id: i32,
    pub version_number: i32,
    pub state: crate::domain::contract::ContractState,
    pub state_label: String,
    pub signed_at: Option<String>,
}

/// One contract version with its clauses, signatures and the other versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractView {
    pub id: i32,
    pub hire_line_id: i32,
    pub hire_request_id: i32,
    pub version_number: i32,
    pub amends_id: Option<i32>,
    pub employer_name: String,
    pub company_name: String,
    pub state: crate::domain::contract::ContractState,
    pub state_label: String,
    pub kind_label: String,
    /// The worker's name is masked for the employer until every party signed.
    pub terms: crate::domain::contract::ContractTerms,
    pub region_name: String,
    pub clauses: Vec<ClauseView>,
    /// SHA-256 of the content as it stands (what a signature now would cover).
    pub current_hash: String,
    /// When the worker confirmed `current_hash` on their own link (Beijing time): the company
    /// then signs on their behalf without recording a confirmation by hand.
    pub worker_confirmed_at: Option<String>,
    /// Set when every party signed.
    pub content_hash: Option<String>,
    pub signatures: Vec<SignatureView>,
    /// Parties whose signature is still missing.
    pub awaiting: Vec<crate::domain::contract::SigningParty>,
    /// Send it back with a change: a stale one is refused (409).
    pub row_version: i32,
    pub created_at: String,
    pub signed_at: Option<String>,
    pub terminated_on: Option<String>,
    pub termination_reason: Option<String>,
    pub versions: Vec<ContractVersionSummary>,
}

/// A draft edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractEdit {
    pub row_version: i32,
    pub terms: crate::domain::contract::ContractTermsForm,
}

/// A signature; the company must say how the worker confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractSigning {
    pub row_version: i32,
    #[serde(default)]
    pub worker_confirmation: Option<crate::domain::contract::WorkerConfirmation>,
}

/// Ending a signed contract (解除).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractTermination {
    pub row_version: i32,
    /// YYYY-MM-DD.
    pub on: String,
    pub reason: String,
}

/// A placement (输出就业).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlacementView {
    pub id: i32,
    pub contract_id: i32,
    pub hire_line_id: i32,
    pub worker_id: i32,
    /// In full: a contract with the worker is signed.
    pub worker_name: String,
    pub employer_name: String,
    pub company_name: String,
    pub position: String,
    pub place: String,
    pub region_code: String,
    pub region_name: String,
    /// Outside Shanxi (14xxxx).
    pub cross_province: bool,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub end_reason: Option<String>,
    /// `active` or `ended`.
    pub state: String,
    pub state_label: String,
}

/// Ending a placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlacementEnd {
    /// YYYY-MM-DD.
    pub on: String,
    pub reason: String,
}

/// A placed worker's full name and phone for their employer (each view audited).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkerContact {
    pub worker_id: i32,
    pub name: String,
    pub phone: String,
}

/// The clause texts new contracts of one kind start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractTemplateView {
    pub kind: crate::domain::contract::ContractKind,
    pub kind_label: String,
    pub clauses: crate::domain::contract::ContractClauses,
    pub updated_at: String,
}

// ---- 员工制, social insurance, policy parameters and subsidy claims ----

/// A worker's 员工制 enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmployeeSystemView {
    pub id: i32,
    pub worker_id: i32,
    pub worker_name: String,
    pub company_id: i32,
    pub company_name: String,
    pub contract_id: i32,
    pub contract_state: crate::domain::contract::ContractState,
    pub contract_state_label: String,
    pub work_arrangements: Vec<crate::domain::insurance::WorkArrangement>,
    /// The arrangements in Chinese, joined with `、`.
    pub work_arrangements_label: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub end_reason: Option<String>,
    pub active: bool,
}

/// A signed 员工制 contract whose worker is not yet enrolled: what the enrol form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmployeeSystemCandidate {
    pub contract_id: i32,
    pub worker_id: i32,
    pub worker_name: String,
    pub employer_name: String,
    pub start_date: String,
    /// The arrangements the contract agreed (preselected in the form).
    pub work_arrangements: Vec<crate::domain::insurance::WorkArrangement>,
}

/// One row of the 员工制 board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmployeeSystemRow {
    pub enrolment: EmployeeSystemView,
    /// `employer · place`, or none when not placed.
    pub placement: Option<String>,
    pub placement_state: Option<String>,
    /// e.g. `基本养老保险、基本医疗保险`, or `未参保`.
    pub insurance_state: String,
    /// Months of social-insurance subsidy used (claims not rejected), any company.
    pub subsidised_months: u16,
    /// Of how many (the version in force today).
    pub max_subsidised_months: u16,
    pub arrears_months: u32,
    pub arrears_fen: i64,
    pub claims: u32,
    /// Claims not rejected, in fen.
    pub claims_fen: i64,
}

/// How the board is sorted: `worker`, `started_on`, `arrears`, `months_used`, `claims`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[serde(default)]
pub struct BoardQuery {
    pub sort: String,
    /// `desc` for descending.
    pub order: String,
}

/// The monthly base chosen for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContributionBaseView {
    pub year: i32,
    pub monthly_base_fen: i64,
    pub policy_version_id: i32,
}

/// One month's contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContributionView {
    pub period: String,
    pub base_fen: i64,
    pub paid_fen: i64,
    /// base × rate of the version in force that month, rounded down.
    pub due_fen: i64,
    pub paid_on: Option<String>,
    /// `manual` or `statement`.
    pub source: String,
}

/// A worker's enrolment in one scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InsuranceEnrolmentView {
    pub id: i32,
    pub worker_id: i32,
    pub worker_name: String,
    pub company_id: i32,
    pub scheme: crate::domain::insurance::Scheme,
    pub scheme_label: String,
    pub insured_county_code: String,
    pub insured_county_name: String,
    pub start_period: String,
    pub end_period: Option<String>,
    pub end_reason: Option<String>,
    pub active: bool,
    pub bases: Vec<ContributionBaseView>,
    /// Newest first.
    pub contributions: Vec<ContributionView>,
    /// Months due up to last month (or the end) and not fully paid.
    pub arrears: crate::domain::insurance::Arrears,
}

/// A policy-parameter version as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PolicyVersionView {
    pub id: i32,
    pub county_code: Option<String>,
    /// 临汾市（全市） when city-wide.
    pub scope_label: String,
    pub effective_from: String,
    pub effective_to: Option<String>,
    pub figures: crate::domain::policy::PolicyFigures,
    pub note: String,
    /// In force today for its scope.
    pub in_force: bool,
}

/// A subsidy claim with the reasons for its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimView {
    pub id: i32,
    pub kind: crate::domain::subsidy::ClaimKind,
    pub kind_label: String,
    pub worker_id: i32,
    /// In full for the company and officials; masked (王**) for employers.
    pub worker_name: String,
    pub company_id: i32,
    pub company_name: String,
    pub employer_id: Option<i32>,
    pub employer_name: Option<String>,
    pub county_code: String,
    pub county_name: String,
    pub period: Option<String>,
    pub year: i32,
    pub amount_fen: i64,
    pub travel_cost_fen: Option<i64>,
    pub policy_version_id: i32,
    pub explanation: crate::domain::subsidy::Explanation,
    pub state: crate::domain::subsidy::ClaimState,
    pub state_label: String,
    pub evidence: String,
    pub submitted_at: Option<String>,
    pub reviewed_at: Option<String>,
    pub reject_reason: Option<String>,
    pub paid_at: Option<String>,
    pub payment_reference: Option<String>,
    /// Send it back with every change: a stale one is refused with 409.
    pub row_version: i32,
}

/// Which claims to list; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[serde(default)]
pub struct ClaimFilter {
    /// A `ClaimState` code.
    pub state: String,
    /// A `ClaimKind` code.
    pub kind: String,
    pub year: String,
    /// Officials: a county code.
    pub county: String,
    pub worker_id: Option<i32>,
}

/// The claimant's evidence; for a transport claim also the actual travel cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClaimEvidence {
    pub row_version: i32,
    /// Ticket numbers, receipt numbers, …
    pub evidence: String,
    /// Transport claims only.
    pub travel_cost_yuan: String,
}

/// A decision or payment on a claim.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClaimDecision {
    pub row_version: i32,
    /// Required to reject.
    pub reason: String,
    /// Required to mark paid.
    pub payment_reference: String,
}

/// Totals by county, kind and year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimTotal {
    pub county_code: String,
    pub county_name: String,
    pub kind: crate::domain::subsidy::ClaimKind,
    pub kind_label: String,
    pub year: i32,
    pub claims: u64,
    pub computed_fen: i64,
    pub submitted_fen: i64,
    pub approved_fen: i64,
    pub paid_fen: i64,
    pub rejected_fen: i64,
}

/// What a recomputation did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecomputeReport {
    /// Claims created.
    pub created: u64,
    /// Computed (not yet submitted) claims whose amount changed with their facts.
    pub updated: u64,
    /// Claims already there and unchanged.
    pub unchanged: u64,
}
