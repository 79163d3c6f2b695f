use sea_orm::entity::prelude::*;

/// 空岗信息: an employer's published vacancy.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vacancy")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub employer_id: i32,
    pub position: String,
    pub occupation: String,
    pub headcount: i32,
    pub place: String,
    pub region_code: String,
    pub wage_min_fen: i64,
    pub wage_max_fen: i64,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub housing: bool,
    pub meals: bool,
    pub insurance: bool,
    pub requirements: String,
    /// A [`VacancyStatus`](app::domain::hiring::VacancyStatus) code.
    pub status: String,
    pub version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
