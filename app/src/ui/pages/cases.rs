//! `/cases`: follow-up cases (跟踪服务) the caller reaches, overdue ones flagged, with a form
//! to open one; `/cases/:id`: a case with its history, a note and its resolution.

use crate::api::follow_up::{
    AddCaseNote, CaseQuery, OpenCase, ResolveCase, StationQuery, follow_up_case, follow_up_cases,
    stations,
};
use crate::domain::follow_up::CaseKind;
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::{
    Field, FormOutcome, LatestAnswer, OutcomeLine, form_outcome, general_message, route_id,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const FIELDS: &[&str] = &["worker_id", "station_id", "kind", "subject", "note"];

#[component]
pub fn CasesPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let open = ServerAction::<OpenCase>::new();
    let opened = crate::ui::successes(open.value());
    let outcome = form_outcome(open.value());
    let list = Resource::new(
        move || {
            let q = query.read();
            (
                CaseQuery {
                    station_id: q.get("station_id").and_then(|s| s.parse().ok()),
                    worker_id: q.get("worker_id").and_then(|s| s.parse().ok()),
                    status: q.get("status"),
                    overdue: q.get("overdue"),
                },
                opened.get(),
            )
        },
        |(query, _)| follow_up_cases(query),
    );
    let station_list = Resource::new(|| (), |_| stations(StationQuery::default()));
    let status = move || query.read().get("status").unwrap_or_default();
    let worker = move || query.read().get("worker_id").unwrap_or_default();
    view! {
        <Title text="跟踪服务"/>
        <section class="card">
            <h1>"跟踪服务"</h1>
            <p class="muted">"输入地服务站对输出劳动者及其留守家庭的跟踪服务。超过 14 天没有进展的在办案件标为逾期。"</p>
            <Form method="GET" action="/cases" attr:class="filters" attr:id="case-filters">
                <select name="status" aria-label="状态">
                    <option value="">"全部"</option>
                    <option value="open" selected=move || status() == "open">"在办"</option>
                    <option value="resolved" selected=move || status() == "resolved">"已办结"</option>
                </select>
                <label class="inline">
                    <input type="checkbox" name="overdue" value="yes"
                        checked=move || query.read().get("overdue").as_deref() == Some("yes")/>
                    "只看逾期"
                </label>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted" id="no-cases">"暂无案件。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap">
                            <table id="case-table">
                                <thead><tr>
                                    <th>"劳动者"</th><th>"劳务公司"</th><th>"服务站"</th><th>"类别"</th><th>"事由"</th>
                                    <th>"立案"</th><th>"最近进展"</th><th>"状态"</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|c| view! {
                                        <tr data-case=c.id class=if c.overdue { "overdue" } else { "" }>
                                            <td>{c.worker_name}</td>
                                            <td>{c.company_name}</td>
                                            <td>{c.station_name}</td>
                                            <td>{c.kind_label}</td>
                                            <td><a href=format!("/cases/{}", c.id)>{c.subject}</a></td>
                                            <td>{c.opened_on}</td>
                                            <td>{c.last_activity}</td>
                                            <td>{if c.status == "resolved" {
                                                view! { <span class="badge verified">"已办结"</span> }.into_any()
                                            } else if c.overdue {
                                                view! { <span class="badge rejected">"逾期"</span> }.into_any()
                                            } else {
                                                view! { <span class="badge">"在办"</span> }.into_any()
                                            }}</td>
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
                    <h2>"立案"</h2>
                    <ActionForm action=open attr:class="form" attr:id="case-form">
                        <Field id="case-worker" name="worker_id" label="工人编号（见花名册或县域劳动力）" outcome>
                            <input id="case-worker" name="worker_id" type="number" min="1" required value=worker/>
                        </Field>
                        <Field id="case-station" name="station_id" label="服务站" outcome>
                            <select id="case-station" name="station_id">
                                {move || station_list.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|s| view! {
                                    <option value=s.id>{format!("{}（{}）", s.name, s.region_name)}</option>
                                }).collect_view()}
                            </select>
                        </Field>
                        <Field id="case-kind" name="kind" label="类别" outcome>
                            <select id="case-kind" name="kind">
                                {CaseKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                            </select>
                        </Field>
                        <Field id="case-subject" name="subject" label="事由" outcome>
                            <input id="case-subject" name="subject" required maxlength="100"/>
                        </Field>
                        <Field id="case-note" name="note" label="首条记录（可不填）" outcome>
                            <textarea id="case-note" name="note" maxlength="2000" rows="3"></textarea>
                        </Field>
                        <p class="form-error" role="alert">{general_message(outcome, FIELDS)}</p>
                        <p class="success" role="status">
                            {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已立案。")}
                        </p>
                        <button type="submit" class="button primary" disabled=move || open.pending().get()>"立案"</button>
                    </ActionForm>
                </section>
            })}
        </Transition>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let id = route_id();
    let note = ServerAction::<AddCaseNote>::new();
    let resolve = ServerAction::<ResolveCase>::new();
    let noted = crate::ui::successes(note.value());
    let resolved = crate::ui::successes(resolve.value());
    let answer = LatestAnswer::new()
        .follow(note.value())
        .follow(resolve.value());
    let detail = Resource::new(
        move || (id(), noted.get(), resolved.get()),
        |(id, ..)| follow_up_case(id),
    );
    view! {
        <Title text="跟踪服务案件"/>
        <section class="card">
            <p><a href="/cases">"← 跟踪服务"</a></p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || detail.get().map(|result| match result {
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    Ok(d) => {
                        let c = d.case.clone();
                        let open = c.status == "open";
                        view! {
                            <h1 id="case-subject">{c.subject.clone()}</h1>
                            <dl class="facts" id="case-facts">
                                <dt>"劳动者"</dt><dd>{format!("{}（{}）", c.worker_name, c.company_name)}</dd>
                                <dt>"服务站"</dt><dd>{c.station_name.clone()}</dd>
                                <dt>"类别"</dt><dd>{c.kind_label.clone()}</dd>
                                <dt>"立案日期"</dt><dd>{c.opened_on.clone()}</dd>
                                <dt>"状态"</dt><dd id="case-status">{if open {
                                    if c.overdue { "在办（逾期）".to_string() } else { "在办".to_string() }
                                } else {
                                    format!("已办结（{}）", c.resolved_on.clone().unwrap_or_default())
                                }}</dd>
                                {c.outcome.clone().map(|o| view! { <dt>"办结结果"</dt><dd>{o}</dd> })}
                            </dl>
                            <h2>"记录"</h2>
                            <ol class="history" id="case-notes">
                                {d.notes.into_iter().map(|n| view! {
                                    <li><span class="muted">{format!("{} · {}", n.written_at, n.author_name)}</span><p>{n.body}</p></li>
                                }).collect_view()}
                            </ol>
                            <OutcomeLine outcome=answer.outcome() done="已保存。" id="case-result"/>
                            {(d.can_act && open).then(|| view! {
                                <ActionForm action=note attr:class="form" attr:id="note-form">
                                    <input type="hidden" name="id" value=c.id/>
                                    <div class="field">
                                        <label for="note-body">"新增记录"</label>
                                        <textarea id="note-body" name="body" required maxlength="2000" rows="3"></textarea>
                                    </div>
                                    <button type="submit" class="button small primary">"添加记录"</button>
                                </ActionForm>
                                <ActionForm action=resolve attr:class="form" attr:id="resolve-form">
                                    <input type="hidden" name="id" value=c.id/>
                                    <input type="hidden" name="version" value=c.version/>
                                    <div class="field">
                                        <label for="resolve-outcome">"办结结果"</label>
                                        <input id="resolve-outcome" name="outcome" required maxlength="500"/>
                                    </div>
                                    <button type="submit" class="button small">"办结"</button>
                                </ActionForm>
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// A worker's named station and follow-up cases, on the company's worker page.
#[component]
pub fn WorkerCases(worker_id: i32) -> impl IntoView {
    let cases = Resource::new(
        move || worker_id,
        |worker_id| {
            follow_up_cases(CaseQuery {
                worker_id: Some(worker_id),
                ..CaseQuery::default()
            })
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || cases.get().and_then(|r| r.ok()).filter(|c| !c.is_empty()).map(|rows| view! {
                <section class="card" id="worker-cases">
                    <h2>"输入地服务站与跟踪服务"</h2>
                    <ul>
                        {rows.into_iter().map(|c| view! {
                            <li class=if c.overdue { "overdue" } else { "" }>
                                <a href=format!("/cases/{}", c.id)>{c.subject}</a>
                                {format!(" · {} · {} · {}", c.station_name, c.kind_label,
                                    if c.status == "open" { if c.overdue { "在办（逾期）" } else { "在办" } } else { "已办结" })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </Transition>
    }
}
