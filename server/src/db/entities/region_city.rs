use sea_orm::entity::prelude::*;

/// A prefecture-level city of a receiving region: a word employers type for its province.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "region_city")]
pub struct Model {
    /// GB/T 2260 code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    pub short_name: String,
    /// The province's code in `region`.
    pub region_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
