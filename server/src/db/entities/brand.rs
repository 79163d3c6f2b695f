use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "brand")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(unique)]
    pub name: String,
    /// Null for a city-wide brand.
    pub county_code: Option<String>,
    /// Occupations covered, separated by `、`.
    pub occupations: String,
    /// A [`RecognitionTier`](app::domain::brand::RecognitionTier) code.
    pub tier: String,
    pub created_at: DateTimeUtc,
    pub standard_text: String,
    pub standard_version: Option<String>,
    pub tier_granted_by: Option<String>,
    /// YYYY-MM-DD.
    pub tier_granted_on: Option<String>,
    pub trademark_number: Option<String>,
    pub story: String,
    pub version: i32,
    pub updated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
