//! `/shortlists`: the caller's named shortlists of workers; `/saved-searches`: searches kept by
//! name, with how many new workers match since the last look.

use super::search::{CertificateBadge, hire_href, hit_facts};
use crate::api::search::{
    CreateShortlist, DeleteSavedSearch, DeleteShortlist, UnshortlistWorker, VisitSavedSearch,
    saved_searches, shortlists,
};
use crate::api::types::{SearchHit, ShortlistView};
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::{Field, FormOutcome, form_outcome, general_message};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ShortlistsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let create = ServerAction::<CreateShortlist>::new();
    let delete = ServerAction::<DeleteShortlist>::new();
    let remove = ServerAction::<UnshortlistWorker>::new();
    let created = form_outcome(create.value());
    let lists = Resource::new(
        move || {
            (
                create.version().get(),
                delete.version().get(),
                remove.version().get(),
            )
        },
        |_| shortlists(),
    );
    view! {
        <Title text="候选名单"/>
        <section class="card">
            <h1>"候选名单"</h1>
            <ActionForm action=create attr:class="form inline-form" attr:id="shortlist-form">
                <Field id="shortlist-name" name="name" label="新建候选名单" outcome=created>
                    <input id="shortlist-name" name="name" required maxlength="40" placeholder="如：北京店厨师"/>
                </Field>
                <p class="form-error" role="alert">{general_message(created, &["name"])}</p>
                <button type="submit" class="button primary">"新建"</button>
            </ActionForm>
        </section>
        <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || {
                let employer = auth.signed_in().is_some_and(|u| u.role == Role::Employer);
                lists.get().map(|result| match result {
                Ok(lists) if lists.is_empty() => view! {
                    <section class="card"><p class="muted">"还没有候选名单。建一个，然后在搜索结果里把合适的工人加进来。"</p></section>
                }.into_any(),
                Ok(lists) => lists.into_iter().map(|list| view! { <ShortlistCard list employer delete remove/> }).collect_view().into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })
            }}
        </Transition>
    }
}

#[component]
fn ShortlistCard(
    list: ShortlistView,
    /// Whether the viewer may send hire requests.
    employer: bool,
    delete: ServerAction<DeleteShortlist>,
    remove: ServerAction<UnshortlistWorker>,
) -> impl IntoView {
    let list_id = list.id.to_string();
    let unavailable = (list.unavailable > 0).then(|| {
        format!(
            "另有 {} 人已不在求职中（已输出、撤回同意或停用）。",
            list.unavailable
        )
    });
    let empty = list.workers.is_empty();
    let ids: Vec<i32> = list.workers.iter().map(|w| w.id).collect();
    let hire_all = (employer && !empty).then(|| {
        view! {
            <p><a class="button small primary hire-link" href=hire_href(&ids)>"向名单中的工人发出邀约"</a></p>
        }
    });
    view! {
        <section class="card shortlist" data-shortlist=list.name.clone()>
            <h2>{list.name.clone()}<small class="muted">{format!(" {} 人", list.workers.len())}</small></h2>
            {empty.then(|| view! { <p class="muted">"名单是空的。"</p> })}
            <ol class="hits">
                {list.workers.into_iter().map(|hit| view! { <ShortlistedWorker hit list_id=list.id employer remove/> }).collect_view()}
            </ol>
            {hire_all}
            {unavailable.map(|text| view! { <p class="muted">{text}</p> })}
            <ActionForm action=delete attr:class="inline-form">
                <input type="hidden" name="id" value=list_id/>
                <button type="submit" class="button small danger">"删除名单"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ShortlistedWorker(
    hit: SearchHit,
    list_id: i32,
    employer: bool,
    remove: ServerAction<UnshortlistWorker>,
) -> impl IntoView {
    let facts = hit_facts(&hit).join(" · ");
    view! {
        <li class="hit" data-testid="shortlisted" data-worker-id=hit.id>
            <div class="hit-head">
                <a class="hit-name" href=format!("/search/workers/{}", hit.id)>{hit.display_name.clone()}</a>
                {hit.brand.clone().map(|b| view! { <span class="badge brand">{b}</span> })}
                <CertificateBadge level=hit.certificate_level.clone() verified=hit.verified/>
            </div>
            <p class="hit-occupations">{hit.occupations.join("、")}</p>
            <p class="muted">{facts}</p>
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="shortlist_id" value=list_id.to_string()/>
                <input type="hidden" name="worker_id" value=hit.id.to_string()/>
                <button type="submit" class="button small">"移出名单"</button>
            </ActionForm>
            {employer.then(|| view! { " "<a class="button small hire-link" href=hire_href(&[hit.id])>"发出邀约"</a> })}
        </li>
    }
}

#[component]
pub fn SavedSearchesPage() -> impl IntoView {
    let delete = ServerAction::<DeleteSavedSearch>::new();
    let visit = ServerAction::<VisitSavedSearch>::new();
    let deleted = form_outcome(delete.value());
    let searches = Resource::new(move || delete.version().get(), |_| saved_searches());
    view! {
        <Title text="保存的搜索"/>
        <section class="card">
            <h1>"保存的搜索"</h1>
            <p class="muted">"在搜索结果页点“保存此搜索”。每次打开会从那一刻起重新计算新工人。"</p>
            <p class="form-error" role="alert">{move || match deleted.get() {
                Some(FormOutcome::Failed(e)) => Some(e.message),
                _ => None,
            }}</p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || searches.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="muted">"还没有保存的搜索。"</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="stack" id="saved-searches">
                            {list.into_iter().map(|s| {
                                let (visit_id, delete_id) = (s.id.to_string(), s.id.to_string());
                                view! {
                                    <li class="saved-search" data-name=s.name.clone()>
                                        <strong>{s.name.clone()}</strong>
                                        <span class="muted">{format!(" 共 {} 人", s.total)}</span>
                                        {(s.new_since_last_visit > 0).then(|| view! {
                                            <span class="badge new" data-testid="new-count">{format!("{} 位新工人", s.new_since_last_visit)}</span>
                                        })}
                                        <small class="muted">{format!(" 上次查看 {}", s.last_visited_at)}</small>
                                        <ActionForm action=visit attr:class="inline-form">
                                            <input type="hidden" name="id" value=visit_id/>
                                            <button type="submit" class="button small primary">"打开"</button>
                                        </ActionForm>
                                        <ActionForm action=delete attr:class="inline-form">
                                            <input type="hidden" name="id" value=delete_id/>
                                            <button type="submit" class="button small danger">"删除"</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
