//! Laowu's application crate, compiled twice: with `ssr` into the server and with `hydrate` into
//! the browser bundle.
//!
//! - [`domain`]: plain rules (roles, access, credentials), no IO, unit-tested, shared by both sides.
//! - [`api`]: server functions (thin shells over the services the server injects) and the error
//!   type that crosses the wire.
//! - [`ui`]: the shell, the route table, pages and components.

pub mod api;
pub mod domain;
pub mod ui;

pub use ui::shell::{App, shell};

/// The browser entry point: attaches the reactive system to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // A visible signal that the page is now interactive (used by the browser tests).
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
