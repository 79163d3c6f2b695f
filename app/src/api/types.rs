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
    pub hits: Vec<SearchHit>,
    pub facets: SearchFacets,
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
