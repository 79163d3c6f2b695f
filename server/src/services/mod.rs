//! Use cases behind the server functions and the JSON API. They implement the ports declared in
//! `app::api::context`, so the UI and `/api/v1` share one implementation and one set of rules.

pub mod accounts;
pub mod audit;
pub mod brands;
pub mod certificates;
pub mod contract_pdf;
pub mod contracts;
pub mod dashboard;
pub mod events;
pub mod follow_up;
pub mod hiring;
pub mod households;
pub mod ledger_file;
pub mod local_jobs;
pub mod memberships;
pub mod organisations;
pub mod roster;
pub mod search;
pub mod subsidy;
pub mod training;
pub mod uploads;
pub mod worker_links;
pub mod workers;

use app::api::{AppError, ErrorCode};

/// County code → name, for labels.
pub(crate) async fn county_names(
    db: &sea_orm::DatabaseConnection,
) -> Result<std::collections::HashMap<String, String>, sea_orm::DbErr> {
    use sea_orm::EntityTrait;
    Ok(crate::db::entities::county::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect())
}

/// Region code → name, for labels.
pub(crate) async fn region_names(
    db: &sea_orm::DatabaseConnection,
) -> Result<std::collections::HashMap<String, String>, AppError> {
    use sea_orm::EntityTrait;
    Ok(crate::db::entities::region::Entity::find()
        .all(db)
        .await
        .map_err(|e| unexpected("loading regions", e))?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect())
}

/// Which records between an employer and a company `user` may see: their own organisation's,
/// a promoter's county's companies', all for admins.
pub(crate) fn hiring_scope(
    user: &app::domain::access::SessionUser,
    employer: impl sea_orm::ColumnTrait,
    company: impl sea_orm::ColumnTrait,
) -> sea_orm::Condition {
    use crate::db::entities::company as companies;
    use app::domain::role::Scope;
    use sea_orm::sea_query::Query;
    use sea_orm::{ColumnTrait, Condition};
    match &user.scope {
        Scope::Employer { id } => Condition::all().add(employer.eq(*id)),
        Scope::Company { id } => Condition::all().add(company.eq(*id)),
        Scope::County { code } => Condition::all().add(
            company.in_subquery(
                Query::select()
                    .column(companies::Column::Id)
                    .from(companies::Entity)
                    .and_where(companies::Column::CountyCode.eq(code.as_str()))
                    .to_owned(),
            ),
        ),
        Scope::City => Condition::all(),
    }
}

/// Logs an unexpected failure with its cause and returns the opaque error users see.
pub(crate) fn unexpected(context: &'static str, cause: impl std::fmt::Display) -> AppError {
    tracing::error!(%cause, "{context}");
    AppError::new(ErrorCode::Internal)
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`): two people acting on one record then queue (busy timeout) and the
/// second finds the record changed (409), instead of one failing when its read lock cannot be
/// upgraded.
///
/// # Errors
/// Database errors.
pub(crate) async fn begin_write(
    db: &sea_orm::DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        isolation_level: None,
        access_mode: None,
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
    })
    .await
}
