//! The web UI: the HTML shell, the route table, navigation and pages.

pub mod auth;
pub mod chart;
pub mod import;
#[cfg(feature = "hydrate")]
pub mod in_place;
pub mod island;
pub mod nav;
pub mod pages;
pub mod shell;

use crate::api::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What a form's last submission said: an island's action's own result, or, after a plain
/// form post, what the server put in the redirect (`?done=1` or `?error=…&field=…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Done,
    Failed(AppError),
}

/// Reads [`FormOutcome`] for a form; `action_value` is the action's latest value (only an
/// island's action has one; elsewhere the outcome comes from the address).
pub fn form_outcome<T, S>(action_value: S) -> Memo<Option<FormOutcome>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    let query = use_query_map();
    Memo::new(move |_| match action_value.get() {
        Some(Ok(_)) => Some(FormOutcome::Done),
        Some(Err(e)) => Some(FormOutcome::Failed(e)),
        None => {
            let query = query.read();
            if let Some(message) = query.get("error") {
                let mut error = AppError::invalid("", message);
                error.field = query.get("field").filter(|f| !f.is_empty());
                Some(FormOutcome::Failed(error))
            } else {
                query.get("done").map(|_| FormOutcome::Done)
            }
        }
    })
}

/// The message for `field` in a failed outcome.
pub fn field_message(
    outcome: Memo<Option<FormOutcome>>,
    field: &'static str,
) -> impl Fn() -> Option<String> {
    move || match outcome.get() {
        Some(FormOutcome::Failed(e)) => e.for_field(field).map(str::to_string),
        _ => None,
    }
}

/// A labelled form field with its error line.
#[component]
pub fn Field(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    outcome: Memo<Option<FormOutcome>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {children()}
            <p class="field-error" role="alert" data-field=name>{field_message(outcome, name)}</p>
        </div>
    }
}

/// The message of a failure that names no field of the form.
pub fn general_message(
    outcome: Memo<Option<FormOutcome>>,
    fields: &'static [&'static str],
) -> impl Fn() -> Option<String> {
    move || match outcome.get() {
        Some(FormOutcome::Failed(e)) => {
            (!e.field.as_deref().is_some_and(|f| fields.contains(&f))).then_some(e.message)
        }
        _ => None,
    }
}

/// A status line under a form or at the top of a page: `done` after a success, the error's
/// message after a failure, nothing before.
#[component]
pub fn OutcomeLine(
    outcome: Memo<Option<FormOutcome>>,
    done: &'static str,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    view! {
        <p role="status" id=id
            class=move || match outcome.get() { Some(FormOutcome::Failed(_)) => "form-error", _ => "success" }>
            {move || match outcome.get() {
                Some(FormOutcome::Done) => Some(done.to_string()),
                Some(FormOutcome::Failed(e)) => Some(e.message),
                None => None,
            }}
        </p>
    }
}

/// The latest answer of any of several actions, for a page with many small forms (one per
/// row or line) and one status line: in an island, whichever action answered last; after a plain
/// form post, what the redirect says.
#[derive(Debug, Clone, Copy)]
pub struct LatestAnswer(RwSignal<Option<Result<(), AppError>>>);

impl Default for LatestAnswer {
    fn default() -> Self {
        Self::new()
    }
}

impl LatestAnswer {
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }

    /// Follows an action's answers (`action.value()`).
    pub fn follow<T, S>(self, value: S) -> Self
    where
        T: 'static,
        S: Get<Value = Option<Result<T, AppError>>> + 'static,
    {
        let latest = self.0;
        Effect::new(move |_| {
            if let Some(answer) = value.get() {
                latest.set(Some(answer.map(|_| ())));
            }
        });
        self
    }

    /// The outcome to show, as [`form_outcome`] reads it.
    pub fn outcome(self) -> Memo<Option<FormOutcome>> {
        form_outcome(self.0)
    }
}

/// Counts an action's successful answers (in an island). A page that reloads its data after a
/// successful save keys its resource on this rather than on the action's version, so a form
/// that failed keeps what was typed.
pub fn successes<T, S>(value: S) -> ReadSignal<usize>
where
    T: 'static,
    S: Get<Value = Option<Result<T, AppError>>> + 'static,
{
    let (count, set_count) = signal(0usize);
    Effect::new(move |_| {
        if let Some(Ok(_)) = value.get() {
            set_count.update(|n| *n += 1);
        }
    });
    count
}

/// Provinces employers most often hire Linfen's workers for, as GB/T 2260 codes: hints for the
/// region fields (there is no list of every province in the UI).
pub const COMMON_PROVINCES: [(&str, &str); 9] = [
    ("110000", "北京"),
    ("120000", "天津"),
    ("310000", "上海"),
    ("320000", "江苏"),
    ("330000", "浙江"),
    ("440000", "广东"),
    ("650000", "新疆"),
    ("150000", "内蒙古"),
    ("610000", "陕西"),
];

/// Suggestions for a province-code input (`<input list=id>`) and a visible hint with the same
/// codes, so the field is usable without JavaScript and on browsers without datalists.
#[component]
pub fn ProvinceCodes(id: &'static str) -> impl IntoView {
    let hint = COMMON_PROVINCES
        .iter()
        .map(|(code, name)| format!("{name} {code}"))
        .collect::<Vec<_>>()
        .join("、");
    view! {
        <datalist id=id>
            {COMMON_PROVINCES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
        </datalist>
        <small class="muted hint">"省级行政区划代码，常用："{hint}</small>
    }
}

/// Percent-encodes text for a URL query value (UTF-8 bytes; unreserved characters kept).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded_as_utf8() {
        assert_eq!(super::percent_encode("a b&c"), "a%20b%26c");
        assert_eq!(super::percent_encode("表"), "%E8%A1%A8");
    }
}

/// A list page's link to page `number`, keeping the filter parameters that are set.
pub fn page_href(path: &str, params: &[(&str, &Option<String>)], number: u64) -> String {
    let mut query: Vec<String> = params
        .iter()
        .filter_map(|(key, value)| {
            value
                .as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{key}={}", percent_encode(v)))
        })
        .collect();
    query.push(format!("page={number}"));
    format!("{path}?{}", query.join("&"))
}

/// An admin's county filter on a list page (a GET form): the city's counties, "全市" for all,
/// the query's `county` selected.
#[component]
pub fn CountyFilter() -> impl IntoView {
    let query = use_query_map();
    let counties = Resource::new(|| (), |_| crate::api::brands::counties());
    view! {
        <Transition fallback=|| ()>
            {move || counties.get().and_then(|r| r.ok()).map(|list| view! {
                <select name="county" aria-label="区县">
                    <option value="">"全市"</option>
                    {list.into_iter().map(|c| {
                        let code = c.code.clone();
                        let selected = move || query.read().get("county").as_deref() == Some(code.as_str());
                        view! { <option value=c.code selected=selected>{c.name}</option> }
                    }).collect_view()}
                </select>
            })}
        </Transition>
    }
}

/// Previous and next links of a paged list.
#[component]
pub fn PagerLinks(
    page: u64,
    last_page: u64,
    href: impl Fn(u64) -> String + 'static,
) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="分页">
            {(page > 1).then(|| view! { <a class="button small" href=href(page - 1)>"上一页"</a> })}
            {(page < last_page).then(|| view! { <a class="button small" href=href(page + 1)>"下一页"</a> })}
        </nav>
    }
}

/// The `:id` of the current route as a number (0 when missing or malformed, which no record
/// has, so the page shows "not found").
pub fn route_id() -> impl Fn() -> i32 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    }
}
