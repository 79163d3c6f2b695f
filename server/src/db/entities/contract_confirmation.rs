use sea_orm::entity::prelude::*;

/// The worker's own confirmation, on their link, of one contract version's content hash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_confirmation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub contract_id: i32,
    /// SHA-256 (hex) of the content the worker confirmed.
    pub content_hash: String,
    pub worker_link_id: i32,
    pub confirmed_at: DateTimeUtc,
    pub client_ip: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
