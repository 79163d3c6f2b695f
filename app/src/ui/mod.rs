//! The web UI: the HTML shell, the route table, navigation and pages.

pub mod auth;
pub mod nav;
pub mod pages;
pub mod shell;

use crate::api::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What a form's last submission said: the hydrated action's own result, or, after a plain
/// form post, what the server put in the redirect (`?done=1` or `?error=…&field=…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Done,
    Failed(AppError),
}

/// Reads [`FormOutcome`] for a form; `action_result` is the hydrated action's latest value.
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
