//! Server functions: the public endpoints behind the UI. Each one declares its [`Access`] rule,
//! checks it first, and hands the work to a service the server injected (see [`context`]).
//!
//! [`Access`]: crate::domain::access::Access

pub mod accounts;
pub mod brands;
#[cfg(feature = "ssr")]
pub mod context;
pub mod error;
pub mod types;

pub use error::{AppError, ErrorCode};

/// Where server functions are mounted. Stable names: tests and the docs refer to them.
pub const SERVER_FN_PREFIX: &str = "/sfn";
