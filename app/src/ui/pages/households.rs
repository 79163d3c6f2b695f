//! `/households`: a county's 建档立卡 households — the ledger import (a plain form post before
//! the WebAssembly loads, in place after, with progress), the list with its filters, and one
//! household with its members (`/households/:id`, `/households/new`). Promoters and admins
//! only; every list and household shown is audited.

use crate::api::brands::counties;
use crate::api::households::{
    HouseholdDetail, HouseholdPage, HouseholdQuery, HouseholdView, SaveHousehold, household,
    household_import, household_import_progress, households, import_households,
};
use crate::api::types::County;
use crate::domain::roster::PovertyStatus;
use crate::ui::auth::Auth;
use crate::ui::import::{
    ImportChoices, ImportProgressLine, ImportResult, show_written_import, submit_upload,
};
use crate::ui::island::provide_page_url;
use crate::ui::{
    CountyFilter, Field, FormOutcome, PagerLinks, form_outcome, general_message, page_href,
    route_id,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::web_sys::FormData;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        HouseholdQuery {
            county: q.get("county"),
            township: q.get("township"),
            village: q.get("village"),
            status: q.get("status"),
            willing: q.get("willing"),
            employed: q.get("employed"),
            q: q.get("q"),
            page: q.get("page"),
            per_page: None,
        }
    };
    let list = Resource::new(filter, |f| {
        households(
            f.county, f.township, f.village, f.status, f.willing, f.employed, f.q, f.page,
        )
    });
    let is_admin = move || {
        auth.signed_in()
            .is_some_and(|u| u.role == crate::domain::role::Role::Admin)
    };
    let selected = move |key: &'static str| move || query.read().get(key).unwrap_or_default();

    view! {
        <Title text="建档立卡户"/>
        <section class="card">
            <h1>"建档立卡户"</h1>
            <p class="muted">"贫困户、已脱贫户和监测户的台账。户内成员是花名册上填写了同一户编号的劳动者；有成员输出就业或就地就近就业的户计为已就业。"</p>
            <HouseholdImport/>
        </section>
        <section class="card">
            <h2>"台账"</h2>
            <Form method="GET" action="/households" attr:class="filters" attr:id="household-filters">
                <Transition fallback=|| ()>{move || is_admin().then(|| view! { <CountyFilter/> })}</Transition>
                <input type="search" name="township" placeholder="乡镇" aria-label="乡镇" prop:value=selected("township")/>
                <input type="search" name="village" placeholder="村" aria-label="村" prop:value=selected("village")/>
                <select name="status" aria-label="脱贫状态">
                    <option value="">"全部状态"</option>
                    {PovertyStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=move || query.read().get("status").as_deref() == Some(s.code())>{s.label()}</option>
                    }).collect_view()}
                </select>
                <YesNo name="willing" label="就业意愿" yes="有成员想就业" no="无就业意愿"/>
                <YesNo name="employed" label="就业" yes="已有成员就业" no="尚无成员就业"/>
                <input type="search" name="q" placeholder="户编号或户主姓名" aria-label="户编号或户主姓名" prop:value=selected("q")/>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(page) if page.total == 0 => view! { <p class="muted">"没有符合条件的户。"</p> }.into_any(),
                    Ok(page) => view! { <HouseholdTable page query=filter()/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// A yes/no/any select that keeps the query's value.
/// The household ledger import: an island, so the upload shows its progress and report in
/// place; when it wrote households, the page loads again with the report, to list them.
/// An admin chooses the county (a promoter imports into their own).
#[island]
fn HouseholdImport() -> impl IntoView {
    provide_page_url();
    let viewer = Resource::new(|| (), |_| crate::api::accounts::current_user());
    let admin = move || {
        viewer
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.role == crate::domain::role::Role::Admin)
    };
    let upload = Action::new_local(|data: &FormData| import_households(data.clone().into()));
    show_written_import(upload, "/households");
    let on_submit = submit_upload(upload);
    let latest = Signal::derive(move || upload.value().get().map(|r| r.map(|o| o.report)));
    let all_counties = Resource::new(|| (), |_| counties());
    view! {
            <form class="form import-form" id="household-import-form" method="post" action="/sfn/import_households"
                enctype="multipart/form-data" on:submit=on_submit>
                <div class="field">
                    <label for="household-file">"导入建档立卡户台账（.xlsx 或 CSV，表头：户编号、户主姓名、乡镇、村、脱贫状态、劳动力人数、有就业意愿人数）"</label>
                    <input id="household-file" name="file" type="file" required
                        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                </div>
                <Transition fallback=|| ()>
                {move || admin().then(|| view! {
                    <div class="field">
                        <label for="household-county">"区县"</label>
                        <Transition fallback=|| ()>
                            {move || all_counties.get().and_then(|r| r.ok()).map(|list| view! {
                                <select id="household-county" name="county">
                                    {list.into_iter().map(|c| view! { <option value=c.code>{c.name}</option> }).collect_view()}
                                </select>
                            })}
                        </Transition>
                    </div>
                })}
                </Transition>
                <ImportChoices mode_id="household-import-mode" pending=upload.pending()>
                    <a class="button" href="/households/new" id="add-household">"登记一户"</a>
                    <a class="button" href="/county-workers">"县域劳动力"</a>
                </ImportChoices>
            </form>
            <ImportProgressLine pending=upload.pending() fetch=household_import_progress/>
            <ImportResult latest stored=household_import unit="户"/>
    }
}

#[component]
fn YesNo(
    name: &'static str,
    label: &'static str,
    yes: &'static str,
    no: &'static str,
) -> impl IntoView {
    let query = use_query_map();
    let current = move || query.read().get(name).unwrap_or_default();
    view! {
        <select name=name aria-label=label>
            <option value="">{format!("{label}：全部")}</option>
            <option value="yes" selected=move || current() == "yes">{yes}</option>
            <option value="no" selected=move || current() == "no">{no}</option>
        </select>
    }
}

#[component]
fn HouseholdTable(page: HouseholdPage, query: HouseholdQuery) -> impl IntoView {
    let last_page = page.total.div_ceil(page.per_page).max(1);
    let href = move |number: u64| {
        page_href(
            "/households",
            &[
                ("county", &query.county),
                ("township", &query.township),
                ("village", &query.village),
                ("status", &query.status),
                ("willing", &query.willing),
                ("employed", &query.employed),
                ("q", &query.q),
            ],
            number,
        )
    };
    view! {
        <p class="muted">{format!("共 {} 户，第 {}/{} 页", page.total, page.page, last_page)}</p>
        <div class="table-wrap">
            <table id="household-table">
                <thead><tr>
                    <th>"户编号"</th><th>"户主"</th><th>"区县"</th><th>"乡镇"</th><th>"村"</th><th>"脱贫状态"</th>
                    <th>"劳动力"</th><th>"有就业意愿"</th><th>"在册成员"</th><th>"在岗成员"</th>
                </tr></thead>
                <tbody>
                    {page.households.into_iter().map(|h| {
                        let waiting = h.waits_for_work();
                        view! {
                            <tr class:waiting=waiting>
                                <td><a href=format!("/households/{}", h.id)>{h.number}</a></td>
                                <td>{h.head_name}</td><td>{h.county_name}</td><td>{h.township}</td><td>{h.village}</td>
                                <td>{h.status_label}</td><td>{h.labour_count}</td><td>{h.willing_count}</td>
                                <td>{h.rostered_members}</td>
                                <td>{if waiting { format!("{}（待就业）", h.employed_members) } else { h.employed_members.to_string() }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <PagerLinks page=page.page last_page href/>
    }
}

/// `/households/:id`: one household, its members and what they work at, and the correction
/// form.
#[component]
pub fn HouseholdPage() -> impl IntoView {
    let id = route_id();
    let save = ServerAction::<SaveHousehold>::new();
    let saved = crate::ui::successes(save.value());
    let detail = Resource::new(move || (id(), saved.get()), |(id, _)| household(id));
    let all_counties = Resource::new(|| (), |_| counties());
    view! {
        <Title text="建档立卡户"/>
        <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || detail.get().map(|result| match result {
                Ok(d) => {
                    let list = all_counties.get().and_then(|r| r.ok()).unwrap_or_default();
                    view! { <HouseholdDetailView detail=d counties=list save/> }.into_any()
                }
                Err(e) => view! { <section class="card"><p class="form-error" role="alert">{e.message}</p></section> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn HouseholdDetailView(
    detail: HouseholdDetail,
    counties: Vec<County>,
    save: ServerAction<SaveHousehold>,
) -> impl IntoView {
    let h = detail.household.clone();
    view! {
        <section class="card">
            <p><a href="/households">"← 建档立卡户"</a></p>
            <h1>{format!("{}户（{}）", h.head_name, h.number)}</h1>
            <dl class="facts">
                <dt>"地址"</dt><dd>{format!("{} {} {}", h.county_name, h.township, h.village)}</dd>
                <dt>"脱贫状态"</dt><dd>{h.status_label.clone()}</dd>
                <dt>"劳动力人数"</dt><dd>{h.labour_count}</dd>
                <dt>"有就业意愿人数"</dt><dd>{h.willing_count}</dd>
                <dt>"就业"</dt>
                <dd id="household-employment">{if h.employed_members > 0 {
                    format!("{} 名成员在岗", h.employed_members)
                } else if h.willing_count > 0 {
                    "尚无成员就业：请安排输出或就地就近就业".to_string()
                } else {
                    "无就业意愿".to_string()
                }}</dd>
            </dl>
            <h2>"在册成员"</h2>
            {if detail.members.is_empty() {
                view! { <p class="muted">"花名册上还没有填写此户编号的劳动者。劳务公司在花名册中填写“建档立卡户编号”后即关联到本户。"</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table id="member-table">
                        <thead><tr><th>"姓名"</th><th>"性别"</th><th>"年龄"</th><th>"劳务公司"</th><th>"培训意愿"</th><th>"就业意愿"</th><th>"就业情况"</th><th></th></tr></thead>
                        <tbody>
                            {detail.members.into_iter().map(|m| view! {
                                <tr>
                                    <td>{m.name}</td>
                                    <td>{if m.sex == "female" { "女" } else { "男" }}</td>
                                    <td>{if m.working_age { m.age.to_string() } else { format!("{}（非劳动年龄）", m.age) }}</td>
                                    <td>{m.company_name}</td>
                                    <td>{if m.training_wish { "有" } else { "无" }}</td>
                                    <td>{if m.employment_wish { "有" } else { "无" }}</td>
                                    <td>{m.work.unwrap_or_else(|| "未就业".to_string())}</td>
                                    <td><a href=format!("/local-jobs/new?worker={}", m.worker_id)>"登记就地就业"</a></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        <section class="card">
            <h2>"更正户信息"</h2>
            <HouseholdForm existing=Some(h) counties save/>
        </section>
    }
}

/// `/households/new`: registers one household by hand.
#[component]
pub fn NewHouseholdPage() -> impl IntoView {
    let save = ServerAction::<SaveHousehold>::new();
    let all_counties = Resource::new(|| (), |_| counties());
    view! {
        <Title text="登记建档立卡户"/>
        <section class="card">
            <p><a href="/households">"← 建档立卡户"</a></p>
            <h1>"登记一户"</h1>
            <Transition fallback=|| ()>
                {move || all_counties.get().map(|r| {
                    let list = r.unwrap_or_default();
                    view! { <HouseholdForm existing=None counties=list save/> }
                })}
            </Transition>
        </section>
    }
}

const FORM_FIELDS: &[&str] = &[
    "number",
    "county",
    "head_name",
    "township",
    "village",
    "status",
    "labour_count",
    "willing_count",
];

#[component]
fn HouseholdForm(
    existing: Option<HouseholdView>,
    counties: Vec<County>,
    save: ServerAction<SaveHousehold>,
) -> impl IntoView {
    let auth = Auth::use_auth();
    let outcome = form_outcome(save.value());
    let value =
        |pick: fn(&HouseholdView) -> String| existing.as_ref().map(pick).unwrap_or_default();
    let number = value(|h| h.number.clone());
    let head_name = value(|h| h.head_name.clone());
    let township = value(|h| h.township.clone());
    let village = value(|h| h.village.clone());
    let labour = value(|h| h.labour_count.to_string());
    let willing = value(|h| h.willing_count.to_string());
    let status = existing.as_ref().map(|h| h.status.clone());
    let county = existing
        .as_ref()
        .map(|h| h.county_code.clone())
        .or_else(|| auth.county_code());
    let own = auth.county_code();
    let hidden = existing.as_ref().map(|h| (h.id, h.version));
    view! {
        <ActionForm action=save attr:class="form" attr:id="household-form">
            {hidden.map(|(id, version)| view! {
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
            })}
            <Field id="h-number" name="number" label="户编号" outcome>
                <input id="h-number" name="number" required maxlength="32" value=number/>
            </Field>
            <Field id="h-county" name="county" label="区县" outcome>
                <select id="h-county" name="county">
                    {counties.into_iter()
                        .filter(|c| own.as_ref().is_none_or(|o| *o == c.code))
                        .map(|c| {
                            let selected = county.as_deref() == Some(c.code.as_str());
                            view! { <option value=c.code selected=selected>{c.name}</option> }
                        }).collect_view()}
                </select>
            </Field>
            <Field id="h-head" name="head_name" label="户主姓名" outcome>
                <input id="h-head" name="head_name" required maxlength="32" value=head_name/>
            </Field>
            <Field id="h-township" name="township" label="乡镇" outcome>
                <input id="h-township" name="township" required maxlength="32" value=township/>
            </Field>
            <Field id="h-village" name="village" label="村" outcome>
                <input id="h-village" name="village" required maxlength="32" value=village/>
            </Field>
            <Field id="h-status" name="status" label="脱贫状态" outcome>
                <select id="h-status" name="status">
                    {PovertyStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=status.as_deref() == Some(s.code())>{s.label()}</option>
                    }).collect_view()}
                </select>
            </Field>
            <Field id="h-labour" name="labour_count" label="劳动力人数" outcome>
                <input id="h-labour" name="labour_count" required inputmode="numeric" maxlength="2" value=labour/>
            </Field>
            <Field id="h-willing" name="willing_count" label="有就业意愿人数" outcome>
                <input id="h-willing" name="willing_count" required inputmode="numeric" maxlength="2" value=willing/>
            </Field>
            <p class="form-error" role="alert" id="household-error">{general_message(outcome, FORM_FIELDS)}</p>
            <p class="success" role="status">
                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已保存。")}
            </p>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>"保存"</button>
        </ActionForm>
    }
}
