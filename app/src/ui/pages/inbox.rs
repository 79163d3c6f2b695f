//! `/inbox`: the caller's messages (站内消息), newest first, unread ones in bold; each can be
//! marked read, or all at once.

use crate::api::hiring::{MarkRead, inbox};
use crate::api::types::InboxMessageView;
use crate::ui::{OutcomeLine, form_outcome};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InboxPage() -> impl IntoView {
    let mark = ServerAction::<MarkRead>::new();
    let outcome = form_outcome(mark.value());
    let messages = Resource::new(move || mark.version().get(), |_| inbox());
    view! {
        <Title text="消息"/>
        <section class="card">
            <h1>"消息"</h1>
            <OutcomeLine outcome done="已标为已读。" id="inbox-result"/>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || messages.get().map(|result| match result {
                    Ok(inbox) if inbox.messages.is_empty() => view! { <p class="muted" id="inbox-empty">"还没有消息。"</p> }.into_any(),
                    Ok(inbox) => view! {
                        <p class="muted" id="unread-count">{format!("{} 条未读", inbox.unread)}</p>
                        {(inbox.unread > 0).then(|| view! {
                            <ActionForm action=mark attr:class="inline-form" attr:id="mark-all-read">
                                <button type="submit" class="button small">"全部标为已读"</button>
                            </ActionForm>
                        })}
                        <ul class="inbox" id="inbox">
                            {inbox.messages.into_iter().map(|message| view! { <Message message mark/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn Message(message: InboxMessageView, mark: ServerAction<MarkRead>) -> impl IntoView {
    let unread = !message.read;
    view! {
        <li class="message" class:unread=unread data-message=message.id data-kind=message.kind.clone()>
            <div class="message-head">
                <span class="message-title">{message.title.clone()}</span>
                <small class="muted">{message.created_at.clone()}</small>
            </div>
            <p class="prose">{message.body.clone()}</p>
            <div class="actions">
                {(!message.link.is_empty()).then(|| view! { <a class="button small" href=message.link.clone()>"查看"</a> })}
                {unread.then(|| view! {
                    <ActionForm action=mark attr:class="inline-form">
                        <input type="hidden" name="id" value=message.id/>
                        <button type="submit" class="link-button">"标为已读"</button>
                    </ActionForm>
                })}
            </div>
        </li>
    }
    .into_any()
}
