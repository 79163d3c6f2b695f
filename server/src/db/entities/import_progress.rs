use sea_orm::entity::prelude::*;

/// A running import's progress, per owner (`company:<id>`, `county:<code>`), for whichever node
/// is asked; the row goes when the import ends.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_progress")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub owner: String,
    /// `checking` or `writing`.
    pub phase: String,
    pub done: i64,
    pub total: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
