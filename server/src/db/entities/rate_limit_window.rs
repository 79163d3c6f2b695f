use sea_orm::entity::prelude::*;

/// Hits of one rate-limited key in one fixed window, shared by every node.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_limit_window")]
pub struct Model {
    /// `<limit name>:<key>`, e.g. `login-ip:10.0.0.7`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Seconds since the epoch at the window's start.
    #[sea_orm(primary_key, auto_increment = false)]
    pub window_start: i64,
    pub hits: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
