use sea_orm::entity::prelude::*;

/// A worker under 员工制 with a labour company, under one signed 员工制 contract.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employee_system_enrolment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub company_id: i32,
    #[sea_orm(unique)]
    pub contract_id: i32,
    /// `WorkArrangement` codes separated by `,`.
    pub work_arrangements: String,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub end_reason: Option<String>,
    pub created_by: i32,
    pub ended_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
