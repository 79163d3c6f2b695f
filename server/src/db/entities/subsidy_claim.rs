use sea_orm::entity::prelude::*;

/// A subsidy claim computed from facts by a rule and a policy version; unique per
/// (`kind`, `fact_key`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subsidy_claim")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// A [`ClaimKind`](app::domain::subsidy::ClaimKind) code.
    pub kind: String,
    pub fact_key: String,
    pub worker_id: i32,
    pub company_id: i32,
    pub employer_id: Option<i32>,
    pub county_code: String,
    pub period: Option<String>,
    pub year: i32,
    pub amount_fen: i64,
    pub travel_cost_fen: Option<i64>,
    pub policy_version_id: i32,
    /// The [`Explanation`](app::domain::subsidy::Explanation) as JSON.
    pub explanation: String,
    /// A [`ClaimState`](app::domain::subsidy::ClaimState) code.
    pub state: String,
    pub evidence: String,
    pub submitted_by: Option<i32>,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i32>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reject_reason: Option<String>,
    pub paid_by: Option<i32>,
    pub paid_at: Option<DateTimeUtc>,
    pub payment_reference: Option<String>,
    pub row_version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
