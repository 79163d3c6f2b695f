//! `/manage/export-bases`: a promoter creates their county's labour-export bases
//! (劳务输出基地) and ties the county's companies to them.

use crate::api::brands::{CreateExportBase, LinkCompany, companies, counties, export_bases};
use crate::api::types::{CompanyView, ExportBaseView};
use crate::ui::auth::Auth;
use crate::ui::{Field, FormOutcome, form_outcome, general_message};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ExportBasesPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let create = ServerAction::<CreateExportBase>::new();
    let link = ServerAction::<LinkCompany>::new();
    let created = form_outcome(create.value());
    let linked = form_outcome(link.value());
    let data = Resource::new(
        move || (create.version().get(), link.version().get()),
        |_| async move {
            Ok::<_, crate::api::AppError>((
                export_bases().await?,
                companies().await?,
                counties().await?,
            ))
        },
    );
    let user_county = move || auth.county_code();
    view! {
        <Title text="劳务输出基地"/>
        <section class="card">
            <h1>"劳务输出基地"</h1>
            <p role="alert" id="link-result">
                {move || match linked.get() {
                    Some(FormOutcome::Failed(e)) => Some(e.message),
                    _ => None,
                }}
            </p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || data.get().map(|result| match result {
                    Ok((bases, companies, _)) if bases.is_empty() => {
                        let _ = companies;
                        view! { <p class="muted">"本县还没有劳务输出基地。"</p> }.into_any()
                    }
                    Ok((bases, companies, _)) => view! {
                        <ul id="base-list" class="stack">
                            {bases.into_iter().map(|b| view! { <BaseCard base=b companies=companies.clone() link/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
        <section class="card">
            <h2>"新建基地"</h2>
            <ActionForm action=create attr:class="form" attr:id="base-form">
                <Field id="base-county" name="county_code" label="所属区县" outcome=created>
                    <Transition fallback=|| ()>
                        {move || data.get().and_then(|r| r.ok()).map(|(_, _, counties)| view! {
                            <select id="base-county" name="county_code">
                                {counties.into_iter().map(|c| {
                                    let code = c.code.clone();
                                    view! {
                                        <option value=c.code.clone() selected=move || user_county().as_deref() == Some(code.as_str())>{c.name}</option>
                                    }
                                }).collect_view()}
                            </select>
                        })}
                    </Transition>
                </Field>
                <Field id="base-name" name="name" label="基地名称" outcome=created>
                    <input id="base-name" name="name" required maxlength="64"/>
                </Field>
                <Field id="base-description" name="description" label="简介（培训点、服务站等）" outcome=created>
                    <textarea id="base-description" name="description" rows="3"></textarea>
                </Field>
                <p class="form-error" role="alert">{general_message(created, &["county_code", "name", "description"])}</p>
                <button type="submit" class="button primary">"新建"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn BaseCard(
    base: ExportBaseView,
    companies: Vec<CompanyView>,
    link: ServerAction<LinkCompany>,
) -> impl IntoView {
    let base_id = base.id;
    let linked_ids: Vec<i32> = base.companies.iter().map(|c| c.id).collect();
    let candidates: Vec<CompanyView> = companies
        .into_iter()
        .filter(|c| c.county_code == base.county_code && !linked_ids.contains(&c.id))
        .collect();
    view! {
        <li class="card" data-base=base_id>
            <h3>{base.name}" "<span class="muted">{base.county_name}</span></h3>
            <p class="prose">{base.description}</p>
            <ul class="member-companies">
                {base.companies.into_iter().map(|c| view! {
                    <li>
                        {c.name}
                        <ActionForm action=link attr:class="inline">
                            <input type="hidden" name="base_id" value=base_id/>
                            <input type="hidden" name="company_id" value=c.id/>
                            <input type="hidden" name="linked" value="false"/>
                            <button type="submit" class="link-button">"移出"</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            {(!candidates.is_empty()).then(|| view! {
                <ActionForm action=link attr:class="inline">
                    <input type="hidden" name="base_id" value=base_id/>
                    <input type="hidden" name="linked" value="true"/>
                    <select name="company_id" aria-label="劳务公司">
                        {candidates.into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button small">"纳入基地"</button>
                </ActionForm>
            })}
        </li>
    }
}
