//! Forms posted in place. Outside islands, every form is a plain HTML form that posts to a
//! server function, which answers a plain post with a redirect: to the next page, or back with
//! `?error=…&field=…` (see `RequestContext::answer_form`). Once the WebAssembly has loaded, this
//! posts those forms in the background instead. The server then answers the redirect as
//! `204` with its target in `x-laowu-location` (`server::http::forms`):
//! - a failure is shown in place: the page it names is fetched and its messages (every
//!   `role=alert` and `role=status` element) replace the current ones, so what was typed stays;
//! - a success loads the page the server chose, as the plain post would have.
//!
//! Forms inside islands handle their own submissions and are left alone.

use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomParser, FormData, HtmlElement, HtmlFormElement, RequestInit, Response, SubmitEvent,
    SupportedType, UrlSearchParams,
};

/// The request header that asks the server for the redirect's target instead of the redirect.
pub const IN_PLACE_HEADER: &str = "x-laowu-form";
/// The response header that carries the target.
pub const LOCATION_HEADER: &str = "x-laowu-location";
/// The elements that carry a page's messages about its forms.
const MESSAGES: &str = "[role=alert], [role=status]";

/// Posts every server-function form of the page in place, from now on.
pub fn post_forms_in_place() {
    let listener = window_event_listener(leptos::ev::submit, |ev: SubmitEvent| {
        // An island's form (it prevented the default), a GET form, a form opening another tab.
        if ev.default_prevented() {
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(action) = server_function_of(&form) else {
            return;
        };
        ev.prevent_default();
        let submitter = ev.submitter();
        leptos::task::spawn_local(async move {
            if let Some(button) = &submitter {
                let _ = button.set_attribute("disabled", "");
            }
            let answered = submit(&form, &action, submitter.as_ref()).await;
            if let Some(button) = &submitter {
                let _ = button.remove_attribute("disabled");
            }
            if answered.is_err() {
                // Could not post in the background (offline, an odd answer): post it plainly.
                submit_plainly(&form);
            }
        });
    });
    // The listener lives as long as the page.
    std::mem::forget(listener);
}

/// The address of the server function a form posts to (`/sfn/…` on this origin), if it is a
/// form to post in place: method post, same tab.
///
/// Read from the attributes, not the form's properties: a field named `action`, `method` or
/// `target` hides the property of the same name (and a hire line's form has one).
fn server_function_of(form: &HtmlFormElement) -> Option<String> {
    let attribute = |name| form.get_attribute(name).unwrap_or_default();
    if !attribute("method").eq_ignore_ascii_case("post") || !attribute("target").is_empty() {
        return None;
    }
    let location = window().location();
    let url = web_sys::Url::new_with_base(&attribute("action"), &location.href().ok()?).ok()?;
    (url.origin() == location.origin().ok()? && url.pathname().starts_with("/sfn/"))
        .then(|| url.href())
}

/// Submits the form as the browser would without us, through the prototype's `submit` (a
/// field named `submit` would hide the form's own).
fn submit_plainly(form: &HtmlFormElement) {
    let submit = js_sys::Reflect::get(&js_sys::global(), &"HTMLFormElement".into())
        .and_then(|class| js_sys::Reflect::get(&class, &"prototype".into()))
        .and_then(|prototype| js_sys::Reflect::get(&prototype, &"submit".into()))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(submit) = submit {
        let _ = submit.call0(form);
    }
}

async fn submit(
    form: &HtmlFormElement,
    action: &str,
    submitter: Option<&HtmlElement>,
) -> Result<(), JsValue> {
    let data = FormData::new_with_form(form)?;
    // The button pressed is part of what a plain post sends (a decision's value, say).
    if let Some(button) = submitter
        && let Some(name) = button.get_attribute("name").filter(|n| !n.is_empty())
    {
        data.append_with_str(&name, &button.get_attribute("value").unwrap_or_default())?;
    }
    let init = RequestInit::new();
    init.set_method("POST");
    let enctype = form.get_attribute("enctype").unwrap_or_default();
    if enctype.eq_ignore_ascii_case("multipart/form-data") {
        init.set_body(&data);
    } else {
        let encoded = UrlSearchParams::new_with_str_sequence_sequence(&data)?;
        init.set_body(&encoded.into());
    }
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "text/html")?;
    headers.set(IN_PLACE_HEADER, "in-place")?;
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(action, &init))
        .await?
        .dyn_into()?;
    let Some(target) = response.headers().get(LOCATION_HEADER)? else {
        if response.ok() {
            // Answered without a redirect: what the page shows may have changed.
            return window().location().reload();
        }
        // Refused before it ran (signed out, say): the plain post shows why.
        return Err(JsValue::NULL);
    };
    let failed = web_sys::Url::new_with_base(&target, &window().location().href()?)?
        .search_params()
        .has("error");
    if failed && show_messages_of(&target).await? {
        focus_field(form, &target);
        return Ok(());
    }
    window().location().assign(&target)
}

/// Replaces the page's messages with those of the page at `target` (the same page, with the
/// failure in its address); `false` when the two pages do not line up, and nothing changed.
async fn show_messages_of(target: &str) -> Result<bool, JsValue> {
    let answer = fetch_page(target).await?;
    let fresh = answer.query_selector_all(MESSAGES)?;
    let current = document().query_selector_all(MESSAGES)?;
    if fresh.length() != current.length() {
        return Ok(false);
    }
    for index in 0..current.length() {
        let (Some(now), Some(then)) = (current.item(index), fresh.item(index)) else {
            return Ok(false);
        };
        let (Ok(now), Ok(then)) = (
            now.dyn_into::<web_sys::Element>(),
            then.dyn_into::<web_sys::Element>(),
        ) else {
            return Ok(false);
        };
        now.set_inner_html(&then.inner_html());
        if let Some(class) = then.get_attribute("class") {
            now.set_attribute("class", &class)?;
        }
    }
    Ok(true)
}

/// The page at `href` (on this site) as the server renders it, parsed but not shown.
pub async fn fetch_page(href: &str) -> Result<web_sys::Document, JsValue> {
    let init = RequestInit::new();
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "text/html")?;
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(href, &init))
        .await?
        .dyn_into()?;
    let html = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)
}

/// Puts the cursor in the field a failure names, if the form has it.
fn focus_field(form: &HtmlFormElement, target: &str) {
    let field = web_sys::Url::new_with_base(target, "http://localhost/")
        .ok()
        .and_then(|url| url.search_params().get("field"))
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if let Some(field) = field
        && let Ok(Some(input)) = form.query_selector(&format!("[name={field}]"))
        && let Ok(input) = input.dyn_into::<HtmlElement>()
    {
        let _ = input.focus();
    }
}
