use sea_orm::entity::prelude::*;

/// One version of a labour contract; versions of one contract share `hire_line_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub hire_line_id: i32,
    pub version_number: i32,
    pub amends_id: Option<i32>,
    pub employer_id: i32,
    pub company_id: i32,
    pub worker_id: i32,
    /// A [`ContractKind`](app::domain::contract::ContractKind) code.
    pub kind: String,
    /// [`ContractTerms`](app::domain::contract::ContractTerms) as canonical JSON.
    pub terms: String,
    /// A [`ContractState`](app::domain::contract::ContractState) code.
    pub state: String,
    pub content_hash: Option<String>,
    pub row_version: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub signed_at: Option<DateTimeUtc>,
    pub terminated_on: Option<String>,
    pub termination_reason: Option<String>,
    pub terminated_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
