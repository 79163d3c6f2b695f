use sea_orm::entity::prelude::*;

/// A search that found nobody: demand the county could not meet.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unmet_search")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub query: String,
    pub filters: String,
    pub county_code: Option<String>,
    pub employer_region_code: Option<String>,
    pub user_id: i32,
    /// The work asked for: the occupation chip, else the query's words.
    pub occupation: Option<String>,
    /// Where the workers were wanted: the region chip, else the employer's region.
    pub region_code: Option<String>,
    pub result_count: i32,
    /// YYYY-MM, Asia/Shanghai.
    pub month: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
