use sea_orm::entity::prelude::*;

/// A party's signature on one contract version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_signature")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub contract_id: i32,
    /// A [`SigningParty`](app::domain::contract::SigningParty) code.
    pub party: String,
    pub user_id: i32,
    pub signed_at: DateTimeUtc,
    pub client_ip: String,
    /// SHA-256 (hex) of the canonical content signed.
    pub content_hash: String,
    pub worker_confirmation_method: Option<String>,
    pub worker_confirmed_on: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
