use sea_orm::entity::prelude::*;

/// A follow-up case (跟踪服务) of a worker at a station.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub station_id: i32,
    /// A [`CaseKind`](app::domain::follow_up::CaseKind) code.
    pub kind: String,
    pub subject: String,
    /// YYYY-MM-DD.
    pub opened_on: String,
    /// `open` or `resolved`.
    pub status: String,
    pub outcome: Option<String>,
    pub resolved_on: Option<String>,
    pub placement_id: Option<i32>,
    pub opened_by: Option<i32>,
    pub last_activity_at: DateTimeUtc,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
