use sea_orm::entity::prelude::*;

/// A company's membership (加盟) of a brand; one row per company and brand.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "brand_membership")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub brand_id: i32,
    pub company_id: i32,
    /// A [`MembershipStatus`](app::domain::brand::MembershipStatus) code.
    pub status: String,
    /// Why it was rejected or suspended.
    pub reason: Option<String>,
    pub applied_at: DateTimeUtc,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
