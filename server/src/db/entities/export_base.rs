use sea_orm::entity::prelude::*;

/// A county's labour-export base (劳务输出基地).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "export_base")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub county_code: String,
    #[sea_orm(unique)]
    pub name: String,
    pub description: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
