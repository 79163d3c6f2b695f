use sea_orm::entity::prelude::*;

/// A worker's flexible-employment enrolment in one scheme at their home county.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "insurance_enrolment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub company_id: i32,
    /// `pension` or `medical`.
    pub scheme: String,
    pub insured_county_code: String,
    /// `YYYY-MM`: the first month due.
    pub start_period: String,
    /// `YYYY-MM`: the last month due, once ended.
    pub end_period: Option<String>,
    pub end_reason: Option<String>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
