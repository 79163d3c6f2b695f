use sea_orm::entity::prelude::*;

/// 用工邀约: the terms an employer offers a company for one or more of its workers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hire_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub employer_id: i32,
    pub company_id: i32,
    pub vacancy_id: Option<i32>,
    /// `employer` or `company` (a company proposing workers for a vacancy).
    pub started_by: String,
    pub position: String,
    pub place: String,
    pub region_code: String,
    pub monthly_wage_fen: i64,
    pub start_date: String,
    pub term_months: i32,
    pub conditions: String,
    pub message: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// The job fair it was sent from, if any.
    pub event_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
