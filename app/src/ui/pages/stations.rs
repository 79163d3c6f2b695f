//! `/stations`: the service stations (联络、维权、应急服务站) in receiving regions, by province
//! and brand, for a worker's family or an employer to find one; companies, promoters and
//! admins add one below the list.

use crate::api::follow_up::{
    SaveStation, SetStationActive, StationQuery, StationView, station, stations,
};
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::{
    Field, FormOutcome, LatestAnswer, OutcomeLine, ProvinceCodes, form_outcome, general_message,
    route_id,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const FIELDS: &[&str] = &[
    "name",
    "region_code",
    "city",
    "address",
    "contact_name",
    "contact_phone",
    "brands",
];

#[component]
pub fn StationsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let save = ServerAction::<SaveStation>::new();
    let saved = crate::ui::successes(save.value());
    let outcome = form_outcome(save.value());
    let list = Resource::new(
        move || {
            let q = query.read();
            (
                StationQuery {
                    region: q.get("region"),
                    brand: q.get("brand"),
                },
                saved.get(),
            )
        },
        |(query, _)| stations(query),
    );
    let region = move || query.read().get("region").unwrap_or_default();
    view! {
        <Title text="输入地服务站"/>
        <section class="card">
            <h1>"输入地服务站"</h1>
            <p class="muted">"在劳务输入地设立的联络、维权、应急服务站：政策咨询、争议调处、权益保障、应急救助，也为留守家庭帮扶牵线。"</p>
            <Form method="GET" action="/stations" attr:class="filters" attr:id="station-filters">
                <input name="region" placeholder="省级行政区划代码，如 110000" aria-label="地区" value=region list="province-codes"/>
                <ProvinceCodes id="province-codes"/>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted" id="no-stations">"该地区暂无服务站。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap">
                            <table id="station-table">
                                <thead><tr>
                                    <th>"服务站"</th><th>"地区"</th><th>"地址"</th><th>"联系人"</th><th>"电话"</th>
                                    <th>"服务品牌"</th><th>"主办"</th><th class="num">"在办 / 逾期案件"</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|s| view! {
                                        <tr data-station=s.id>
                                            <td>
                                                {s.name.clone()}
                                                {(!s.active).then_some("（已停用）")}
                                                {s.can_manage.then(|| view! { " "<a class="small" href=format!("/stations/{}/edit", s.id)>"修改"</a> })}
                                            </td>
                                            <td>{format!("{} {}", s.region_name, s.city)}</td>
                                            <td>{s.address}</td>
                                            <td>{s.contact_name}</td>
                                            <td><a href=format!("tel:{}", s.contact_phone)>{s.contact_phone.clone()}</a></td>
                                            <td>{s.brands.iter().map(|b| b.name.clone()).collect::<Vec<_>>().join("、")}</td>
                                            <td>{s.company_name.unwrap_or(s.county_name)}</td>
                                            <td class="num">
                                                {if s.can_manage {
                                                    view! { <a href=format!("/cases?station_id={}", s.id)>{format!("{} / {}", s.open_cases, s.overdue_cases)}</a> }.into_any()
                                                } else {
                                                    view! { <span>{format!("{} / {}", s.open_cases, s.overdue_cases)}</span> }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || auth.signed_in().filter(|u| u.role != Role::Employer).map(|_| view! {
                <section class="card">
                    <h2>"新增服务站"</h2>
                    <ActionForm action=save attr:class="form" attr:id="station-form">
                        <Field id="st-name" name="name" label="服务站名称" outcome>
                            <input id="st-name" name="name" required maxlength="64"/>
                        </Field>
                        <Field id="st-region" name="region_code" label="所在省级地区（行政区划代码，如北京 110000）" outcome>
                            <input id="st-region" name="region_code" required list="province-codes-form"/>
                            <ProvinceCodes id="province-codes-form"/>
                        </Field>
                        <Field id="st-city" name="city" label="城市或区" outcome>
                            <input id="st-city" name="city" maxlength="32"/>
                        </Field>
                        <Field id="st-address" name="address" label="地址" outcome>
                            <input id="st-address" name="address" required maxlength="128"/>
                        </Field>
                        <Field id="st-contact" name="contact_name" label="联系人" outcome>
                            <input id="st-contact" name="contact_name" required maxlength="32"/>
                        </Field>
                        <Field id="st-phone" name="contact_phone" label="联系电话（手机或座机）" outcome>
                            <input id="st-phone" name="contact_phone" required maxlength="20"/>
                        </Field>
                        <Field id="st-brands" name="brands" label="服务的品牌（品牌地址，逗号分隔，如 fushan-chushi）" outcome>
                            <input id="st-brands" name="brands" maxlength="200"/>
                        </Field>
                        <p class="form-error" role="alert">{general_message(outcome, FIELDS)}</p>
                        <p class="success" role="status">
                            {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已新增服务站。")}
                        </p>
                        <button type="submit" class="button primary" disabled=move || save.pending().get()>"新增"</button>
                    </ActionForm>
                </section>
            })}
        </Transition>
    }
}

/// `/stations/:id/edit`: those who run a station correct it, or close and reopen it.
#[component]
pub fn StationEditPage() -> impl IntoView {
    let id = route_id();
    let save = ServerAction::<SaveStation>::new();
    let toggle = ServerAction::<SetStationActive>::new();
    let saved = crate::ui::successes(save.value());
    let toggled = crate::ui::successes(toggle.value());
    let answer = LatestAnswer::new().follow(toggle.value());
    let current = Resource::new(
        move || (id(), saved.get(), toggled.get()),
        |(id, ..)| station(id),
    );
    view! {
        <Title text="修改服务站"/>
        <section class="card">
            <p><a href="/stations">"← 服务站"</a></p>
            <h1>"修改服务站"</h1>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || current.get().map(|result| match result {
                    Ok(s) if s.can_manage => view! { <StationEditForm s save toggle/> }.into_any(),
                    Ok(_) => view! { <p class="form-error" role="alert">"只有主办单位可以修改服务站。"</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
            <OutcomeLine outcome=answer.outcome() done="已保存。" id="station-active-result"/>
        </section>
    }
}

#[component]
fn StationEditForm(
    s: StationView,
    save: ServerAction<SaveStation>,
    toggle: ServerAction<SetStationActive>,
) -> impl IntoView {
    let outcome = form_outcome(save.value());
    let brands = s
        .brands
        .iter()
        .map(|b| b.slug.clone())
        .collect::<Vec<_>>()
        .join(",");
    view! {
        <p class="muted" id="station-state">{if s.active { "开放中" } else { "已停用：不在公开名单上，不接新案件" }}</p>
        <ActionForm action=save attr:class="form" attr:id="station-edit-form">
            <input type="hidden" name="id" value=s.id/>
            <input type="hidden" name="version" value=s.version/>
            <Field id="se-name" name="name" label="服务站名称" outcome>
                <input id="se-name" name="name" required maxlength="64" value=s.name.clone()/>
            </Field>
            <Field id="se-region" name="region_code" label="所在省级地区（行政区划代码）" outcome>
                <input id="se-region" name="region_code" required list="province-codes-edit" value=s.region_code.clone()/>
                <ProvinceCodes id="province-codes-edit"/>
            </Field>
            <Field id="se-city" name="city" label="城市或区" outcome>
                <input id="se-city" name="city" maxlength="32" value=s.city.clone()/>
            </Field>
            <Field id="se-address" name="address" label="地址" outcome>
                <input id="se-address" name="address" required maxlength="128" value=s.address.clone()/>
            </Field>
            <Field id="se-contact" name="contact_name" label="联系人" outcome>
                <input id="se-contact" name="contact_name" required maxlength="32" value=s.contact_name.clone()/>
            </Field>
            <Field id="se-phone" name="contact_phone" label="联系电话（手机或座机）" outcome>
                <input id="se-phone" name="contact_phone" required maxlength="20" value=s.contact_phone.clone()/>
            </Field>
            <Field id="se-brands" name="brands" label="服务的品牌（品牌地址，逗号分隔）" outcome>
                <input id="se-brands" name="brands" maxlength="200" value=brands/>
            </Field>
            <p class="form-error" role="alert">{general_message(outcome, FIELDS)}</p>
            <p class="success" role="status">
                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已保存。")}
            </p>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>"保存"</button>
        </ActionForm>
        <ActionForm action=toggle attr:class="inline" attr:id="station-active-form">
            <input type="hidden" name="id" value=s.id/>
            <input type="hidden" name="active" value=if s.active { "false" } else { "true" }/>
            <button type="submit" class="button small">{if s.active { "停用服务站" } else { "重新开放" }}</button>
        </ActionForm>
    }
}
