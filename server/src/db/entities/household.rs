use sea_orm::entity::prelude::*;

/// A 建档立卡 household from the county ledger. Its members are the workers whose
/// `household_number` is this `number`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "household")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// 户编号.
    #[sea_orm(unique)]
    pub number: String,
    pub county_code: String,
    pub township: String,
    pub village: String,
    /// A [`PovertyStatus`](app::domain::roster::PovertyStatus) code.
    pub status: String,
    pub head_name: String,
    /// 劳动力人数.
    pub labour_count: i32,
    /// 有就业意愿人数.
    pub willing_count: i32,
    pub ledger_hash: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
