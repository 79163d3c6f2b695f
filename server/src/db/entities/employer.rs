use sea_orm::entity::prelude::*;

/// 用工单位: an organisation in a receiving region that hires workers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "employer")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    /// The province (GB/T 2260, e.g. 310000).
    pub region_code: String,
    pub created_at: DateTimeUtc,
    /// 统一社会信用代码 (GB 32100).
    pub credit_code: Option<String>,
    /// The prefecture-level city (GB/T 2260, e.g. 310100).
    pub city_code: Option<String>,
    pub city_name: Option<String>,
    pub industry: Option<String>,
    pub contact_name: Option<String>,
    /// Masked.
    pub contact_phone: Option<String>,
    /// Until a promoter or admin verifies it, the employer may search but not hire.
    pub verified_at: Option<DateTimeUtc>,
    pub verified_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
