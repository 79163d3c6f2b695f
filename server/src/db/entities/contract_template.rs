use sea_orm::entity::prelude::*;

/// The clause texts a new contract of one kind starts from; admins edit them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_template")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub kind: String,
    pub rest: String,
    pub social_insurance: String,
    pub labour_protection: String,
    pub other: String,
    pub updated_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
