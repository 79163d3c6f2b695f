use sea_orm::entity::prelude::*;

/// 输出就业: a worker at an employer under a signed contract.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "placement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub hire_line_id: i32,
    pub contract_id: i32,
    pub worker_id: i32,
    pub employer_id: i32,
    pub company_id: i32,
    pub position: String,
    pub place: String,
    pub region_code: String,
    pub cross_province: bool,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub end_reason: Option<String>,
    pub ended_by: Option<i32>,
    /// `active` or `ended`.
    pub state: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
