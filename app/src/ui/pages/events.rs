//! `/events`: job fairs (春风行动, 就业洽谈会, 招聘会, 就业服务月) and skill competitions, by
//! kind and year; `/events/:id`: one event with the employers and workers at it, a fair's
//! outcome (hire requests sent from it), a competition's results, and the forms of those
//! who take part: employers join, companies sign workers up, organisers record results.

use crate::api::events::{
    EventDetail, EventQuery, EventWorkerView, JoinEvent, RecordEventResult, RegisterEventWorkers,
    WithdrawEventWorker, event, events,
};
use crate::domain::event::{Award, EventKind};
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::{LatestAnswer, OutcomeLine, route_id};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EventsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let list = Resource::new(
        move || {
            let q = query.read();
            EventQuery {
                kind: q.get("kind").filter(|k| !k.is_empty()),
                county: q.get("county").filter(|c| !c.is_empty()),
                year: q.get("year").and_then(|y| y.parse().ok()),
                phase: q.get("phase").filter(|p| !p.is_empty()),
            }
        },
        events,
    );
    let kind = move || query.read().get("kind").unwrap_or_default();
    let year = move || query.read().get("year").unwrap_or_default();
    view! {
        <Title text="活动"/>
        <section class="card">
            <h1>"招聘活动与技能大赛"</h1>
            <p class="muted">"春风行动、就业洽谈会、招聘会、就业服务月搭建用工对接平台；技能大赛为劳务品牌评出能手，获奖记录由主办方录入，显示在选手资料和品牌页上。"</p>
            <Form method="GET" action="/events" attr:class="filters" attr:id="event-filters">
                <select name="kind" aria-label="类型">
                    <option value="">"全部类型"</option>
                    <option value="fair" selected=move || kind() == "fair">"全部招聘活动"</option>
                    {EventKind::ALL.iter().map(|k| {
                        let code = k.code();
                        view! { <option value=code selected=move || kind() == code>{k.label()}</option> }
                    }).collect_view()}
                </select>
                <input name="year" inputmode="numeric" placeholder="年份，如 2026" aria-label="年份" value=year/>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <Transition fallback=|| ()>
                {move || auth.signed_in().filter(|u| matches!(u.role, Role::Promoter | Role::Admin)).map(|_| view! {
                    <p><a class="button small primary" id="new-event" href="/events/new">"新增活动"</a></p>
                })}
            </Transition>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted" id="no-events">"暂无活动。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap">
                            <table id="event-table">
                                <thead><tr>
                                    <th>"活动"</th><th>"类型"</th><th>"日期"</th><th>"地点"</th><th>"主办"</th>
                                    <th>"状态"</th><th class="num">"单位 / 劳动者"</th><th class="num">"邀约 / 录用"</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|e| view! {
                                        <tr data-event=e.id>
                                            <td><a href=format!("/events/{}", e.id)>{e.title}</a></td>
                                            <td>{e.kind_label}</td>
                                            <td>{date_span(&e.starts_on, &e.ends_on)}</td>
                                            <td>{format!("{} {}", e.region_name, e.venue)}</td>
                                            <td>{e.county_name}</td>
                                            <td>{e.phase_label}</td>
                                            <td class="num">{if e.is_fair { format!("{} / {}", e.employers, e.workers) } else { format!("— / {}", e.workers) }}</td>
                                            <td class="num">{if e.is_fair { format!("{} / {}", e.hire_requests, e.workers_hired) } else { "—".to_string() }}</td>
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
    }
}

fn date_span(starts_on: &str, ends_on: &str) -> String {
    if starts_on == ends_on {
        starts_on.to_string()
    } else {
        format!("{starts_on} 至 {ends_on}")
    }
}

/// The actions of the event page.
#[derive(Clone, Copy)]
struct EventActions {
    join: ServerAction<JoinEvent>,
    register: ServerAction<RegisterEventWorkers>,
    withdraw: ServerAction<WithdrawEventWorker>,
    result: ServerAction<RecordEventResult>,
}

#[component]
pub fn EventPage() -> impl IntoView {
    let id = route_id();
    let actions = EventActions {
        join: ServerAction::new(),
        register: ServerAction::new(),
        withdraw: ServerAction::new(),
        result: ServerAction::new(),
    };
    let joined = crate::ui::successes(actions.join.value());
    let registered = crate::ui::successes(actions.register.value());
    let withdrawn = crate::ui::successes(actions.withdraw.value());
    let recorded = crate::ui::successes(actions.result.value());
    let answer = LatestAnswer::new()
        .follow(actions.join.value())
        .follow(actions.register.value())
        .follow(actions.withdraw.value())
        .follow(actions.result.value());
    let detail = Resource::new(
        move || {
            (
                id(),
                joined.get(),
                registered.get(),
                withdrawn.get(),
                recorded.get(),
            )
        },
        |(id, ..)| event(id),
    );
    view! {
        <section class="card">
            <p><a href="/events">"← 活动"</a></p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || detail.get().map(|result| match result {
                    Err(e) => view! { <Title text="活动"/><p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    Ok(d) => view! { <EventBody d actions/> }.into_any(),
                })}
            </Transition>
            <OutcomeLine outcome=answer.outcome() done="已保存。" id="event-result"/>
        </section>
    }
}

#[component]
fn EventBody(d: EventDetail, actions: EventActions) -> impl IntoView {
    let e = d.event.clone();
    let id = e.id;
    view! {
        <Title text=e.title.clone()/>
        <h1 id="event-title">{e.title.clone()}</h1>
        <p class="muted">{format!("{} · {} · {}", e.kind_label, e.phase_label, date_span(&e.starts_on, &e.ends_on))}</p>
        <dl class="facts" id="event-facts">
            <dt>"地点"</dt><dd>{format!("{} {}", e.region_name, e.venue)}</dd>
            <dt>"主办"</dt><dd>{format!("{}人社局", e.county_name)}</dd>
            {e.brand_name.clone().zip(e.brand_slug.clone()).map(|(name, slug)| view! {
                <dt>"品牌"</dt><dd><a href=format!("/brands/{slug}")>{name}</a></dd>
            })}
            {e.is_fair.then(|| view! {
                <dt>"对接成果"</dt>
                <dd id="fair-outcome">{format!(
                    "{} 家用工单位、{} 名劳动者参加；发出邀约 {} 份，涉及 {} 人，已录用 {} 人",
                    e.employers, e.workers, e.hire_requests, e.workers_requested, e.workers_hired
                )}</dd>
            })}
        </dl>
        {(!e.description.is_empty()).then(|| view! { <p class="prose">{e.description.clone()}</p> })}
        {e.can_manage.then(|| view! {
            <p><a class="button small" id="edit-event" href=format!("/events/{id}/edit")>"修改活动"</a></p>
        })}
        {d.can_join.then(|| view! {
            <ActionForm action=actions.join attr:class="inline" attr:id="join-form">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="button primary">"报名参会"</button>
            </ActionForm>
        })}
        {d.joined.then(|| view! { <p class="success" id="joined-note">"贵单位已报名参会：可向下列劳动者发出邀约，邀约计入本次活动成果。"</p> })}
        {e.is_fair.then(|| view! { <Employers d=d.clone() actions/> })}
        <Workers d=d.clone() actions/>
        {d.can_register_workers.then(|| view! {
            <h2>"报名劳动者"</h2>
            <ActionForm action=actions.register attr:class="form" attr:id="register-form">
                <input type="hidden" name="id" value=id/>
                <div class="field">
                    <label for="register-workers">"劳动者编号（逗号分隔；招聘活动只收已同意展示、未外出务工的劳动者）"</label>
                    <input id="register-workers" name="worker_ids" required placeholder="12, 15"/>
                </div>
                <button type="submit" class="button small primary">"报名"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn Employers(d: EventDetail, actions: EventActions) -> impl IntoView {
    let id = d.event.id;
    view! {
        <h2>{format!("参会用工单位（{}）", d.employers.len())}</h2>
        {if d.employers.is_empty() {
            view! { <p class="muted" id="no-employers">"还没有用工单位报名。"</p> }.into_any()
        } else {
            view! {
                <ul id="event-employers">
                    {d.employers.into_iter().map(|e| view! { <li>{format!("{}（{}）", e.name, e.region_name)}</li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {d.event.can_manage.then(|| view! {
            <ActionForm action=actions.join attr:class="form inline" attr:id="add-employer-form">
                <input type="hidden" name="id" value=id/>
                <label for="add-employer">"添加用工单位（编号）"</label>
                <input id="add-employer" name="employer_id" inputmode="numeric" required/>
                <button type="submit" class="button small">"添加"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn Workers(d: EventDetail, actions: EventActions) -> impl IntoView {
    let id = d.event.id;
    let fair = d.event.is_fair;
    let manage = d.event.can_manage && !fair && d.event.phase != "upcoming";
    let may_withdraw = d.can_register_workers;
    let heading = if fair {
        "参会劳动者"
    } else {
        "参赛选手与成绩"
    };
    let hidden = fair && d.workers.is_empty() && d.event.workers > 0;
    let workers = d.workers.clone();
    view! {
        <h2>{format!("{heading}（{}）", d.event.workers)}</h2>
        {if hidden {
            view! { <p class="muted" id="workers-hidden">"参会劳动者名单仅向报名参会的用工单位、主办方和劳务公司显示。"</p> }.into_any()
        } else if workers.is_empty() {
            view! { <p class="muted" id="no-workers">"还没有人报名。"</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table id="event-workers">
                        <thead><tr>
                            <th>"劳动者"</th><th>"品牌 · 劳务公司"</th><th>"工种"</th><th>"等级"</th>
                            {(!fair).then(|| view! { <th class="num">"成绩"</th><th>"奖项"</th> })}
                            <th></th>
                        </tr></thead>
                        <tbody>
                            {workers.into_iter().map(|w| view! { <WorkerRow w id fair may_withdraw actions/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {manage.then(|| view! { <ResultForm d actions/> })}
    }
}

#[component]
fn WorkerRow(
    w: EventWorkerView,
    id: i32,
    fair: bool,
    may_withdraw: bool,
    actions: EventActions,
) -> impl IntoView {
    let worker_id = w.worker_id;
    let no_result = w.score.is_none() && w.award.is_none();
    view! {
        <tr data-worker=worker_id>
            <td>{w.display_name.clone()}</td>
            <td>{match &w.brand_name {
                Some(b) => format!("{b} · {}", w.company_name),
                None => w.company_name.clone(),
            }}</td>
            <td>{w.occupations.join("、")}</td>
            <td>{w.certificate_level.clone().unwrap_or_default()}</td>
            {(!fair).then(|| view! {
                <td class="num">{w.score.clone().unwrap_or_default()}</td>
                <td class="award">{w.award_label.clone().unwrap_or_default()}</td>
            })}
            <td>
                {w.can_request.then(|| view! {
                    <a class="button small primary hire-link" href=format!("/hiring/new?workers={worker_id}&event={id}")>"发出邀约"</a>
                })}
                {(may_withdraw && no_result).then(|| view! {
                    <ActionForm action=actions.withdraw attr:class="inline">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="worker_id" value=worker_id/>
                        <button type="submit" class="button small">"撤回报名"</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

#[component]
fn ResultForm(d: EventDetail, actions: EventActions) -> impl IntoView {
    view! {
        <h2>"录入成绩"</h2>
        <ActionForm action=actions.result attr:class="form" attr:id="result-form">
            <input type="hidden" name="id" value=d.event.id/>
            <div class="field">
                <label for="result-worker">"选手"</label>
                <select id="result-worker" name="worker_id" required>
                    {d.workers.iter().map(|w| view! {
                        <option value=w.worker_id>{format!("{}（{}）", w.display_name, w.company_name)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="result-score">"成绩（0–100，可一位小数）"</label>
                <input id="result-score" name="score" inputmode="decimal" maxlength="5"/>
            </div>
            <div class="field">
                <label for="result-award">"奖项"</label>
                <select id="result-award" name="award">
                    <option value="">"无"</option>
                    {Award::ALL.iter().map(|a| view! { <option value=a.code()>{a.label()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button small primary">"保存成绩"</button>
        </ActionForm>
    }
}

/// Awards as a worker's profile or a brand's page shows them (attested by the organiser).
#[component]
pub fn AwardList(
    awards: Vec<crate::api::events::AwardView>,
    #[prop(optional)] with_names: bool,
) -> impl IntoView {
    view! {
        <ul class="attested awards">
            {awards.into_iter().map(|a| view! {
                <li>
                    {with_names.then(|| format!("{} · ", a.display_name))}
                    <strong>{a.award_label}</strong>
                    {a.score.map(|s| format!("（{s} 分）"))}
                    " · "<a href=format!("/events/{}", a.event_id)>{a.event_title}</a>
                    {format!(" · {} · {}认定", a.held_on, a.organiser)}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// A worker's awards, on the profile employers read and on the company's worker page.
#[component]
pub fn WorkerAwards(#[prop(into)] worker_id: Signal<i32>) -> impl IntoView {
    let awards = Resource::new(move || worker_id.get(), crate::api::events::worker_awards);
    view! {
        <Transition fallback=|| ()>
            {move || awards.get().and_then(|r| r.ok()).filter(|a| !a.is_empty()).map(|awards| view! {
                <section class="attested-work" id="worker-awards">
                    <h2>"技能大赛获奖（主办方认定）"</h2>
                    <AwardList awards/>
                </section>
            })}
        </Transition>
    }
}

/// Awards won in a brand's competitions, on the brand's public page.
#[component]
pub fn BrandAwards(#[prop(into)] slug: Signal<String>) -> impl IntoView {
    let awards = Resource::new(move || slug.get(), crate::api::events::brand_awards);
    view! {
        <Transition fallback=|| ()>
            {move || awards.get().and_then(|r| r.ok()).filter(|a| !a.is_empty()).map(|awards| view! {
                <section class="card" id="brand-awards">
                    <h2>"技能大赛获奖"</h2>
                    <p class="muted">"由主办的人社部门录入。"</p>
                    <AwardList awards with_names=true/>
                </section>
            })}
        </Transition>
    }
}
