use sea_orm::entity::prelude::*;

/// 活动: a job fair or a skill competition.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// An `EventKind` code.
    pub kind: String,
    pub title: String,
    /// The organising county.
    pub county_code: String,
    pub company_id: Option<i32>,
    pub brand_id: Option<i32>,
    /// Where it is held: a province code.
    pub region_code: String,
    pub venue: String,
    pub starts_on: String,
    pub ends_on: String,
    pub description: String,
    pub created_by: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
