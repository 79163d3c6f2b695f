//! The top of the home page for a signed-in user: their own work first. An employer sees their
//! saved searches (with what is new) and open hire requests; a company what waits for its
//! answer or signature; a county official the county dashboard.

use crate::api::contracts::contracts;
use crate::api::hiring::hire_requests;
use crate::api::search::saved_searches;
use crate::api::types::{ContractView, HireRequestView, SavedSearchView};
use crate::domain::contract::SigningParty;
use crate::domain::hiring::HireSide;
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::pages::dashboard::DashboardPage;
use leptos::prelude::*;

/// Items listed per kind of work; the page each links to holds the rest.
const SHOWN: usize = 5;

/// Hire requests with a line that waits for `side`, newest first.
pub fn waiting_for(requests: &[HireRequestView], side: HireSide) -> Vec<&HireRequestView> {
    requests
        .iter()
        .filter(|r| r.lines.iter().any(|l| l.awaits == Some(side)))
        .collect()
}

/// Contract versions still missing `party`'s signature.
pub fn unsigned_by(list: &[ContractView], party: SigningParty) -> Vec<&ContractView> {
    list.iter()
        .filter(|c| c.awaiting.contains(&party))
        .collect()
}

#[component]
pub fn MyWork() -> impl IntoView {
    let auth = Auth::use_auth();
    view! {
        <Transition fallback=|| ()>
            {move || auth.user.get().and_then(Result::ok).flatten().map(|user| match user.role {
                Role::Employer => view! { <EmployerWork/> }.into_any(),
                Role::Company => view! { <CompanyWork/> }.into_any(),
                Role::Promoter | Role::Admin => view! {
                    <section class="my-work" id="my-work"><DashboardPage/></section>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn EmployerWork() -> impl IntoView {
    let searches = Resource::new(|| (), |_| saved_searches());
    let requests = Resource::new(|| (), |_| hire_requests());
    let signing = Resource::new(|| (), |_| contracts());
    view! {
        <section class="my-work card" id="my-work">
            <h2>"我的工作"</h2>
            <p><a class="button primary" href="/search">"找工人"</a></p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || searches.get().and_then(Result::ok).map(|list| view! { <SavedSearches list/> })}
                {move || requests.get().and_then(Result::ok).map(|list| {
                    let open: Vec<HireRequestView> =
                        waiting_for(&list, HireSide::Employer).into_iter().cloned().collect();
                    view! { <Requests title="待我答复的用工邀约" list=open empty="没有待答复的邀约。"/> }
                })}
                {move || signing.get().and_then(Result::ok).map(|list| {
                    let mine: Vec<ContractView> =
                        unsigned_by(&list, SigningParty::Employer).into_iter().cloned().collect();
                    view! { <Contracts list=mine/> }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CompanyWork() -> impl IntoView {
    let requests = Resource::new(|| (), |_| hire_requests());
    let signing = Resource::new(|| (), |_| contracts());
    view! {
        <section class="my-work card" id="my-work">
            <h2>"我的工作"</h2>
            <p><a class="button primary" href="/roster">"花名册"</a></p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || requests.get().and_then(Result::ok).map(|list| {
                    let open: Vec<HireRequestView> =
                        waiting_for(&list, HireSide::Company).into_iter().cloned().collect();
                    view! { <Requests title="待我答复的用工邀约" list=open empty="没有待答复的邀约。"/> }
                })}
                {move || signing.get().and_then(Result::ok).map(|list| {
                    let mine: Vec<ContractView> =
                        unsigned_by(&list, SigningParty::Company).into_iter().cloned().collect();
                    view! { <Contracts list=mine/> }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SavedSearches(list: Vec<SavedSearchView>) -> impl IntoView {
    view! {
        <h3>"保存的搜索"</h3>
        {if list.is_empty() {
            view! { <p class="muted">"还没有保存的搜索：在找工人页面保存常用条件。"</p> }.into_any()
        } else {
            view! {
                <ul class="history" id="my-saved-searches">
                    {list.into_iter().take(SHOWN).map(|s| view! {
                        <li>
                            <a href=format!("/search?{}", s.query_string)>{s.name}</a>
                            {format!(" · 共 {} 人", s.total)}
                            {(s.new_since_last_visit > 0).then(|| view! {
                                " "<span class="badge new">{format!("新增 {}", s.new_since_last_visit)}</span>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn Requests(title: &'static str, list: Vec<HireRequestView>, empty: &'static str) -> impl IntoView {
    let more = list.len() > SHOWN;
    view! {
        <h3>{title}</h3>
        {if list.is_empty() {
            view! { <p class="muted">{empty}</p> }.into_any()
        } else {
            view! {
                <ul class="history" id="my-requests">
                    {list.into_iter().take(SHOWN).map(|r| view! {
                        <li>
                            <a href=format!("/hiring/{}", r.id)>{format!("{} · {}", r.position, r.place)}</a>
                            {format!(" · {} ↔ {} · {} 人", r.employer_name, r.company_name, r.lines.len())}
                        </li>
                    }).collect_view()}
                </ul>
                {more.then(|| view! { <p><a href="/hiring">"全部用工邀约 →"</a></p> })}
            }.into_any()
        }}
    }
}

#[component]
fn Contracts(list: Vec<ContractView>) -> impl IntoView {
    view! {
        <h3>"待我签署的合同"</h3>
        {if list.is_empty() {
            view! { <p class="muted">"没有待签署的合同。"</p> }.into_any()
        } else {
            view! {
                <ul class="history" id="my-contracts">
                    {list.into_iter().take(SHOWN).map(|c| view! {
                        <li>
                            <a href=format!("/contracts/{}", c.id)>
                                {format!("{} · {} · 第 {} 版", c.terms.position, c.terms.worker_name, c.version_number)}
                            </a>
                            {format!(" · {}", c.state_label)}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
