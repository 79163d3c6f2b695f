//! What every handler can reach. Built once at start-up.

use crate::config::Settings;
use crate::services::accounts::AccountService;
use crate::services::roster::RosterService;
use app::api::context::Services;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    /// The concrete account service, for the session middleware and the JSON API.
    pub accounts: Arc<AccountService>,
    pub roster: Arc<RosterService>,
    /// The same services as ports, for server functions.
    pub services: Services,
}
