//! `/brands` and `/brands/{slug}`: the public brand pages. No personal data: counts only.
//! A company user can apply to join the brand from its page; the brand's county promoters
//! get a link to edit it.

use crate::api::brands::{ApplyMembership, brands, load_brand};
use crate::api::types::{BrandProfile, BrandSummary};
use crate::domain::brand::manages_county;
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::{FormOutcome, form_outcome};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BrandsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| brands());
    let auth = Auth::use_auth();
    let official = move || auth.is_county_official();
    view! {
        <Title text="劳务品牌"/>
        <section class="card">
            <h1>"临汾劳务品牌"</h1>
            <p class="muted">"各县培育的劳务品牌、加盟的劳务公司和持证工人数量。"</p>
            <Suspense fallback=|| ()>
                {move || official().then(|| view! {
                    <p><a class="button small" href="/manage/brands/new" id="new-brand">"新建品牌"</a></p>
                })}
            </Suspense>
        </section>
        <Suspense fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || list.get().map(|result| match result {
                Ok(list) => view! {
                    <ul class="brand-grid" id="brand-list">
                        {list.into_iter().map(|b| view! { <BrandTile brand=b/> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn BrandTile(brand: BrandSummary) -> impl IntoView {
    let href = format!("/brands/{}", brand.slug);
    view! {
        <li class="card brand-card">
            <h3><a href=href>{brand.name}</a></h3>
            <p class="muted">{brand.county_name}" · "<span class="tier">{brand.tier_label}</span></p>
            <p class="tags">
                {brand.occupations.into_iter().map(|o| view! { <span class="tag">{o}</span> }).collect_view()}
            </p>
            <Counts members=brand.member_companies certified=brand.certified_workers available=brand.available_workers placed=brand.placed_workers/>
        </li>
    }
}

#[component]
fn Counts(members: u64, certified: u64, available: u64, placed: u64) -> impl IntoView {
    view! {
        <dl class="counts">
            <div><dt>"加盟企业"</dt><dd class="count-members">{members}</dd></div>
            <div><dt>"持证工人"</dt><dd class="count-certified">{certified}</dd></div>
            <div><dt>"可接单"</dt><dd class="count-available">{available}</dd></div>
            <div><dt>"已输出"</dt><dd class="count-placed">{placed}</dd></div>
        </dl>
    }
}

#[component]
pub fn BrandPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let apply = ServerAction::<ApplyMembership>::new();
    let profile = Resource::new(
        move || (slug(), apply.version().get()),
        |(slug, _)| load_brand(slug),
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || profile.get().map(|result| match result {
                Ok(profile) => view! { <BrandView profile apply/> }.into_any(),
                Err(e) => view! {
                    <Title text="劳务品牌"/>
                    <section class="card"><h1>"劳务品牌"</h1><p class="form-error" role="alert">{e.message}</p></section>
                }.into_any(),
            })}
        </Suspense>
        <super::events::BrandAwards slug=Signal::derive(slug)/>
    }
}

#[component]
fn BrandView(profile: BrandProfile, apply: ServerAction<ApplyMembership>) -> impl IntoView {
    let auth = Auth::use_auth();
    let summary = profile.summary;
    let county_code = summary.county_code.clone();
    let slug = summary.slug.clone();
    let user = move || auth.signed_in();
    let is_company = move || user().is_some_and(|u| u.role == Role::Company);
    let manages = move || user().is_some_and(|u| manages_county(&u.scope, county_code.as_deref()));
    let outcome = form_outcome(apply.value());
    let edit_href = format!("/manage/brands/{slug}");
    let tier_line = match (&profile.tier_granted_by, &profile.tier_granted_on) {
        (Some(by), Some(on)) => format!("{}（{by}，{on} 认定）", summary.tier_label),
        _ => summary.tier_label.clone(),
    };
    view! {
        <Title text=summary.name.clone()/>
        <section class="card" id="brand-profile">
            <h1>{summary.name.clone()}</h1>
            <p class="muted">{summary.county_name}" · "<span class="tier">{tier_line}</span></p>
            {profile.trademark_number.map(|n| view! { <p class="muted">"注册商标：第 "{n}" 号"</p> })}
            <p class="tags">
                {summary.occupations.into_iter().map(|o| view! { <span class="tag">{o}</span> }).collect_view()}
            </p>
            <Counts members=summary.member_companies certified=summary.certified_workers available=summary.available_workers placed=summary.placed_workers/>
            <Suspense fallback=|| ()>
                {let edit_href = edit_href.clone(); move || manages().then(|| view! {
                    <p><a class="button small" id="edit-brand" href=edit_href.clone()>"编辑品牌"</a></p>
                })}
                {move || { let slug = slug.clone(); is_company().then(move || view! {
                    <ActionForm action=apply attr:class="form inline" attr:id="apply-form">
                        <input type="hidden" name="slug" value=slug.clone()/>
                        <button type="submit" class="button primary">"申请加盟"</button>
                    </ActionForm>
                    <p role="alert" id="apply-result">
                        {move || match outcome.get() {
                            Some(FormOutcome::Done) => Some("已提交加盟申请，等待品牌所在县人社局审核。".to_string()),
                            Some(FormOutcome::Failed(e)) => Some(e.message),
                            None => None,
                        }}
                    </p>
                })}}
            </Suspense>
        </section>
        {(!profile.story.is_empty()).then(|| view! {
            <section class="card"><h2>"品牌故事"</h2><p class="prose">{profile.story}</p></section>
        })}
        {(!profile.standard_text.is_empty()).then(|| view! {
            <section class="card">
                <h2>"服务标准 "<span class="muted">{profile.standard_version.unwrap_or_default()}</span></h2>
                <p class="prose">{profile.standard_text}</p>
            </section>
        })}
        <section class="card">
            <h2>"加盟企业"</h2>
            {if profile.members.is_empty() {
                view! { <p class="muted">"还没有加盟企业。"</p> }.into_any()
            } else {
                view! {
                    <ul id="member-list">
                        {profile.members.into_iter().map(|m| view! {
                            <li>{m.name}" · "{m.county_name}{m.member_since.map(|d| format!("（{d} 加盟）"))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
