use sea_orm::entity::prelude::*;

/// 就地就近就业: a rostered worker's job at home.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "local_job")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub county_code: String,
    /// A [`LocalJobKind`](app::domain::local_job::LocalJobKind) code.
    pub kind: String,
    pub employer_name: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD, the last day; none while it runs.
    pub ends_on: Option<String>,
    pub created_by: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
