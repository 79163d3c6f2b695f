//! What islands share. An island hydrates in the browser on its own, without the router
//! around it, so it gets the page's URL here: [`provide_page_url`] puts it where the router's
//! hooks (`use_query_map`) look first, and [`show_url`] changes it without a reload.

use leptos::prelude::*;
use leptos_router::location::Url;

/// Makes the page's URL readable inside an island: the request's on the server, the address
/// bar's in the browser (kept in step with the back and forward buttons).
pub fn provide_page_url() -> ArcRwSignal<Url> {
    #[cfg(feature = "hydrate")]
    let url = {
        use leptos_router::location::{BrowserUrl, LocationProvider};
        BrowserUrl::current().unwrap_or_default()
    };
    #[cfg(not(feature = "hydrate"))]
    let url = leptos_router::hooks::use_url().get_untracked();
    let signal = ArcRwSignal::new(url);
    #[cfg(feature = "hydrate")]
    {
        use leptos_router::location::{BrowserUrl, LocationProvider};
        let follow = signal.clone();
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            if let Ok(url) = BrowserUrl::current() {
                follow.set(url);
            }
        });
        on_cleanup(move || handle.remove());
    }
    provide_context(signal.clone());
    signal
}

/// Shows `href` (a path on this site) in the address bar and in the island's URL, without
/// loading the page again; `replace` keeps it out of the history (typing), otherwise the back
/// button returns to the previous one (a chip, a facet, a page).
pub fn show_url(url: &ArcRwSignal<Url>, href: &str, replace: bool) {
    #[cfg(feature = "hydrate")]
    {
        use leptos_router::location::{BrowserUrl, LocationProvider};
        let history = window().history();
        if let Ok(history) = history {
            let state = leptos::wasm_bindgen::JsValue::NULL;
            let _ = if replace {
                history.replace_state_with_url(&state, "", Some(href))
            } else {
                history.push_state_with_url(&state, "", Some(href))
            };
        }
        if let Ok(next) = BrowserUrl::parse(href) {
            url.set(next);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, href, replace);
}

/// Leaves the page for `href`: a full load, for an island whose action changed what the
/// server-rendered parts of the page show (signing in, a finished import).
pub fn load_page(href: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().assign(href);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
}

/// The inner HTML of the element `id` on the page at `href`, as the server renders it (`None`
/// when it cannot be fetched or has no such element): an island shows parts of the page that
/// are rendered on the server without shipping their views.
pub async fn page_part(href: &str, id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let page = crate::ui::in_place::fetch_page(href).await.ok()?;
        page.get_element_by_id(id).map(|part| part.inner_html())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (href, id);
        None
    }
}

/// Replaces the content of the element `id` of this page with `html` (from [`page_part`]).
pub fn replace_part(id: &str, html: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(part) = document().get_element_by_id(id) {
        part.set_inner_html(html);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, html);
}
