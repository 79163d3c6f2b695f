use sea_orm::entity::prelude::*;

/// A company tied to an export base.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "export_base_company")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub export_base_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub company_id: i32,
    pub linked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
