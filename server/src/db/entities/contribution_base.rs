use sea_orm::entity::prelude::*;

/// The monthly contribution base chosen for one enrolment and year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contribution_base")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub enrolment_id: i32,
    pub year: i32,
    pub monthly_base_fen: i64,
    pub policy_version_id: i32,
    pub set_by: i32,
    pub set_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
