use sea_orm::entity::prelude::*;

/// A training programme (培训班): a draft, published or cancelled.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_programme")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    pub institution_id: Option<i32>,
    pub county_code: String,
    pub occupation: String,
    /// A [`TrainingType`](app::domain::training::TrainingType) code.
    pub training_type: String,
    /// A [`TrainingMode`](app::domain::training::TrainingMode) code.
    pub mode: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD, the last day.
    pub ends_on: String,
    pub place: String,
    pub seats: i32,
    pub free: bool,
    pub fee_fen: i64,
    pub brand_id: Option<i32>,
    pub company_id: Option<i32>,
    /// A [`ProgrammeStatus`](app::domain::training::ProgrammeStatus) code.
    pub status: String,
    pub demand_note: Option<String>,
    /// The region of the unmet-demand group a draft came from.
    pub demand_region_code: Option<String>,
    pub created_by: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
