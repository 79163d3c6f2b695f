use sea_orm::entity::prelude::*;

/// A household ledger import's report (counts and rejected rows; no personal data).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "household_import")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub county_code: String,
    pub user_id: Option<i32>,
    pub file_sha256: String,
    pub mode: String,
    pub dry_run: bool,
    pub written: bool,
    pub report: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
