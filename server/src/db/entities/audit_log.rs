use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_user_id: Option<i32>,
    pub actor_role: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub outcome: String,
    pub client_ip: Option<String>,
    pub detail: Option<String>,
    /// The entry's place in the chain (1, 2, …).
    pub seq: Option<i64>,
    /// The hash of the entry before it; empty for the first.
    pub prev_hash: Option<String>,
    /// HMAC-SHA256 (hex) over the entry and `prev_hash`, keyed from secrets.toml.
    pub hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
