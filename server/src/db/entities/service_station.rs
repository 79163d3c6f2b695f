use sea_orm::entity::prelude::*;

/// A 联络、维权、应急 service station in a receiving region.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_station")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// The receiving province (GB/T 2260).
    pub region_code: String,
    pub city: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub company_id: Option<i32>,
    pub county_code: String,
    pub export_base_id: Option<i32>,
    pub active: bool,
    pub created_by: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
