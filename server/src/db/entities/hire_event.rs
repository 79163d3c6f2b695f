use sea_orm::entity::prelude::*;

/// One step in a hire line's history.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hire_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub hire_line_id: i32,
    pub from_state: Option<String>,
    pub to_state: String,
    pub action: String,
    pub side: String,
    pub actor_id: Option<i32>,
    pub detail: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
