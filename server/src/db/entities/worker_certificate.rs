use sea_orm::entity::prelude::*;

/// A worker's further certificate, beyond the ledger row's one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "worker_certificate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub occupation: String,
    /// A [`CertificateLevel`](app::domain::roster::CertificateLevel) code.
    pub level: String,
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// YYYY-MM-DD.
    pub issued_on: Option<String>,
    /// A [`CertificateStatus`](app::domain::brand::CertificateStatus) code.
    pub status: String,
    pub checked_by: Option<i32>,
    pub checked_at: Option<DateTimeUtc>,
    pub reject_reason: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
