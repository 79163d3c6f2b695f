use sea_orm::entity::prelude::*;

/// One requested worker of a hire request, with its own state.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hire_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub hire_request_id: i32,
    pub worker_id: i32,
    /// A [`HireState`](app::domain::hiring::HireState) code.
    pub state: String,
    pub decline_reason: Option<String>,
    pub counter_wage_fen: Option<i64>,
    pub counter_start_date: Option<String>,
    pub agreed_wage_fen: Option<i64>,
    pub agreed_start_date: Option<String>,
    /// Bumped on every change; a change based on an older version is refused.
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
