//! Use cases behind the server functions and the JSON API. They implement the ports declared in
//! `app::api::context`, so the UI and `/api/v1` share one implementation and one set of rules.

pub mod accounts;
pub mod audit;
pub mod brands;
pub mod ledger_file;
pub mod roster;

use app::api::{AppError, ErrorCode};

/// Logs an unexpected failure with its cause and returns the opaque error users see.
pub(crate) fn unexpected(context: &'static str, cause: impl std::fmt::Display) -> AppError {
    tracing::error!(%cause, "{context}");
    AppError::new(ErrorCode::Internal)
}
