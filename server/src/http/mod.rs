//! The HTTP surface: Leptos pages and server functions, the JSON API under `/api/v1`, health
//! probes, and the middleware every request passes through.

pub mod api_v1;
mod api_v1_audit;
pub mod api_v1_brands;
mod api_v1_contracts;
mod api_v1_county;
mod api_v1_events;
mod api_v1_follow_up;
mod api_v1_hiring;
mod api_v1_search;
mod api_v1_subsidy;
mod api_v1_training;
mod api_v1_worker_links;
pub mod error;
pub mod forms;
pub mod health;
pub mod security;

use crate::auth::middleware::{guard_server_fns, identify};
use crate::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};

/// Builds the whole application router.
pub fn router(state: AppState) -> Router {
    let services = state.services.clone();
    let provide_services = move || provide_context(services.clone());
    let leptos_options = state.leptos_options.clone();
    let shell_fn = move || shell(leptos_options.clone());

    let (api, openapi) = api_v1::router().split_for_parts();
    let openapi = std::sync::Arc::new(openapi);
    let body_limits = security::BodyLimits {
        default: state.settings.body_limit_bytes,
        upload: state.settings.upload_limit_bytes,
    };

    Router::new()
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            provide_services.clone(),
            shell_fn,
        )
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let openapi = openapi.clone();
                async move { axum::Json(openapi.as_ref().clone()) }
            }),
        )
        .route("/healthz", axum::routing::get(health::healthz))
        .route("/readyz", axum::routing::get(health::readyz))
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            provide_services,
            shell,
        ))
        // Layers run outside-in from the bottom: headers wrap everything, then the body limit,
        // then the cross-site check, then the session lookup, then server-function access;
        // innermost, a form posted in place gets its redirect's target instead of the redirect.
        .layer(from_fn(forms::answer_redirects_in_place))
        .layer(from_fn_with_state(state.clone(), guard_server_fns))
        .layer(from_fn_with_state(state.clone(), identify))
        .layer(from_fn(security::reject_cross_site))
        // Our own per-route limit replaces axum's fixed 2 MB extractor default.
        .layer(DefaultBodyLimit::disable())
        .layer(from_fn_with_state(body_limits, security::limit_bodies))
        .layer(from_fn_with_state(
            state.settings.secure_cookies,
            security::security_headers,
        ))
        .with_state(state)
}
