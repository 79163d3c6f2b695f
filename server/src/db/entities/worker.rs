use sea_orm::entity::prelude::*;

/// A worker on a company's roster. ID and phone numbers only as ciphertext (`*_enc`), a keyed
/// hash (`id_number_index`) and a masked form for display.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "worker")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub company_id: i32,
    pub name: String,
    pub id_number_enc: String,
    #[sea_orm(unique)]
    pub id_number_index: String,
    pub id_number_masked: String,
    /// YYYY-MM-DD, derived from the ID number.
    pub birth_date: String,
    /// `male` or `female`, derived from the ID number.
    pub sex: String,
    pub phone_enc: String,
    pub phone_masked: String,
    pub household_county_code: Option<String>,
    pub poverty_registered: bool,
    /// Occupations separated by `、`.
    pub occupations: String,
    pub certificate_level: Option<String>,
    pub certificate_number: Option<String>,
    pub certificate_issuer: Option<String>,
    pub certificate_date: Option<String>,
    pub years_experience: Option<i32>,
    pub expected_wage_fen: Option<i64>,
    /// Region codes separated by `,`.
    pub target_regions: String,
    pub available_from: Option<String>,
    pub bio: String,
    pub active: bool,
    pub consent_at: Option<DateTimeUtc>,
    pub consent_method: Option<String>,
    pub consent_scope: Option<String>,
    pub ledger_hash: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// A [`CertificateStatus`](app::domain::brand::CertificateStatus) code.
    pub certificate_status: String,
    pub certificate_checked_by: Option<i32>,
    pub certificate_checked_at: Option<DateTimeUtc>,
    pub certificate_reject_reason: Option<String>,
    /// An [`Education`](app::domain::roster::Education) code.
    pub education: Option<String>,
    pub training_wish: bool,
    pub employment_wish: bool,
    /// The 建档立卡 household's number; members of one household share it.
    pub household_number: Option<String>,
    /// A [`PovertyStatus`](app::domain::roster::PovertyStatus) code.
    pub poverty_status: Option<String>,
    /// Out working since then (placed); none while available.
    pub placed_since: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
