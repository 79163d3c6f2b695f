use sea_orm::entity::prelude::*;

/// One month's contribution to one scheme: what the base was and what was actually paid.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "insurance_contribution")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub enrolment_id: i32,
    pub worker_id: i32,
    /// `YYYY-MM`.
    pub period: String,
    pub base_fen: i64,
    pub paid_fen: i64,
    pub paid_on: Option<String>,
    /// `manual` or `statement`.
    pub source: String,
    pub recorded_by: i32,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
