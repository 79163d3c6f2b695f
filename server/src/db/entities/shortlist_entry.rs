use sea_orm::entity::prelude::*;

/// A worker on a shortlist.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shortlist_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub shortlist_id: i32,
    pub worker_id: i32,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
