use sea_orm::entity::prelude::*;

/// A worker taking part in a fair, or entered in a competition with its result.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_worker")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: i32,
    pub worker_id: i32,
    pub registered_by: Option<i32>,
    pub registered_at: DateTimeUtc,
    /// Tenths of a point, 0–1000.
    pub score_tenths: Option<i32>,
    /// An `Award` code.
    pub award: Option<String>,
    pub result_recorded_by: Option<i32>,
    pub result_recorded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
