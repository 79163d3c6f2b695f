//! Server functions: the public endpoints behind the UI. Each one declares its [`Access`] rule,
//! checks it first, and hands the work to a service the server injected (see [`context`]).
//!
//! [`Access`]: crate::domain::access::Access

pub mod accounts;
pub mod brands;
#[cfg(feature = "ssr")]
pub mod context;
pub mod error;
pub mod roster;
pub mod search;
pub mod types;

pub use error::{AppError, ErrorCode};

use crate::domain::access::Access;
use crate::domain::role::Role;

/// Where server functions are mounted. Stable names: tests and the docs refer to them.
pub const SERVER_FN_PREFIX: &str = "/sfn";

/// Every server function's endpoint name and who may call it: the one place access to server
/// functions is declared. Each function checks its entry first thing
/// ([`context::RequestContext::authorize`]); a function missing from this list refuses everyone,
/// and a test fails if a registered function is not listed.
pub const SERVER_FN_ACCESS: &[(&str, Access)] = &[
    ("login", Access::Public),
    ("logout", Access::Public),
    ("current_user", Access::Public),
    ("featured_brands", Access::Public),
    ("brands", Access::Public),
    ("counties", Access::Public),
    ("load_brand", Access::Public),
    ("register_company", Access::Public),
    ("save_brand", COUNTY_OFFICIALS),
    ("apply_membership", Access::Roles(&[Role::Company])),
    (
        "memberships",
        Access::Roles(&[Role::Company, Role::Promoter, Role::Admin]),
    ),
    ("decide_membership", COUNTY_OFFICIALS),
    ("certificates", COUNTY_OFFICIALS),
    ("check_certificate", COUNTY_OFFICIALS),
    ("companies", COUNTY_OFFICIALS),
    ("approve_company", COUNTY_OFFICIALS),
    ("export_bases", COUNTY_OFFICIALS),
    ("create_export_base", COUNTY_OFFICIALS),
    ("link_company", COUNTY_OFFICIALS),
    ("list_users", Access::ADMIN),
    ("roster", Access::Roles(&[Role::Company])),
    ("import_roster", Access::Roles(&[Role::Company])),
    ("import_job", Access::Roles(&[Role::Company])),
    ("import_progress", Access::Roles(&[Role::Company])),
    ("worker", Access::Roles(&[Role::Company])),
    ("save_worker", Access::Roles(&[Role::Company])),
    ("change_worker", Access::Roles(&[Role::Company])),
    ("reveal_worker", Access::Roles(&[Role::Company])),
    ("add_certificate", Access::Roles(&[Role::Company])),
    ("remove_certificate", Access::Roles(&[Role::Company])),
    ("search_workers", SEARCHERS),
    ("worker_profile", SEARCHERS),
    ("shortlists", SEARCHERS),
    ("create_shortlist", SEARCHERS),
    ("delete_shortlist", SEARCHERS),
    ("shortlist_worker", SEARCHERS),
    ("unshortlist_worker", SEARCHERS),
    ("saved_searches", SEARCHERS),
    ("save_search", SEARCHERS),
    ("delete_saved_search", SEARCHERS),
    ("visit_saved_search", SEARCHERS),
    ("unmet_demand", COUNTY_OFFICIALS),
];

/// Promoters (acting on their county) and admins (on the whole city).
pub const COUNTY_OFFICIALS: Access = Access::Roles(&[Role::Promoter, Role::Admin]);

/// Who may search workers: employers, and promoters and admins (to see what employers see).
pub const SEARCHERS: Access = Access::Roles(&[Role::Employer, Role::Promoter, Role::Admin]);

/// Server functions that take `multipart/form-data` (file uploads).
pub const MULTIPART_SERVER_FNS: &[&str] = &["import_roster"];

/// The declared access rule of a server function, if it has one.
pub fn server_fn_access(endpoint: &str) -> Option<Access> {
    SERVER_FN_ACCESS
        .iter()
        .find(|(name, _)| *name == endpoint)
        .map(|(_, access)| *access)
}
