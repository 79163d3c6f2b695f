//! Laowu's application crate, compiled twice: with `ssr` into the server and with `hydrate` into
//! the browser bundle.
//!
//! - [`domain`]: plain rules (roles, access, credentials), no IO, unit-tested, shared by both sides.
//! - [`api`]: server functions (thin shells over the services the server injects) and the error
//!   type that crosses the wire.
//! - [`ui`]: the shell, the route table, pages and components.

// In the browser build each server function becomes a client stub with one argument per form
// field, which clippy then counts (the server build of the same functions is linted as usual).
#![cfg_attr(feature = "hydrate", allow(clippy::too_many_arguments))]

pub mod api;
pub mod domain;
pub mod ui;

pub use ui::shell::{App, shell};

/// The browser entry point. The app runs in Leptos's islands mode: pages are rendered on the
/// server and work as plain links and form posts; only the parts marked `#[island]` (search as
/// you type, sign-in, imports with progress, revealing numbers) ship as WebAssembly and
/// hydrate, which keeps the bundle a phone downloads small. Every other form is then posted in
/// the background ([`ui::in_place`]), so a refused form keeps what was typed.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    ui::in_place::post_forms_in_place();
    // A visible signal that the islands are about to hydrate (used by the browser tests): the
    // loader hydrates them right after this returns, in the same task.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
