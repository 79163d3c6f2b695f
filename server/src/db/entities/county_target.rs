use sea_orm::entity::prelude::*;

/// A county's targets (目标任务) for one year; unique per (`county_code`, `year`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "county_target")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub county_code: String,
    pub year: i32,
    pub households_to_employ: i32,
    pub workers_to_train: i32,
    pub workers_to_export: i32,
    pub updated_by: Option<i32>,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
