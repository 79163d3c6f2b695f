//! `/hiring`: the hire requests (用工邀约) the caller's organisation sent or received;
//! `/hiring/new`: an employer sends one for the workers in `?workers=1,2,3` (optionally for
//! `&vacancy=ID`, whose terms prefill the form); `/hiring/{id}`: one request, each worker's line
//! with its history and the answers the caller's side may give.

use super::search::{CertificateBadge, hit_facts};
use crate::api::AppError;
use crate::api::hiring::{
    AnswerHireLine, SendHireRequest, WithdrawHireRequest, hire_request, hire_requests, vacancy,
};
use crate::api::search::worker_profile;
use crate::api::types::{HireLineView, HireRequestView, SearchHit, VacancyView};
use crate::domain::access::SessionUser;
use crate::domain::hiring::{HireSide, HireState};
use crate::domain::role::{Role, Scope};
use crate::ui::auth::Auth;
use crate::ui::{
    Field, FormOutcome, LatestAnswer, OutcomeLine, ProvinceCodes, form_outcome, general_message,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const REQUEST_FIELDS: &[&str] = &[
    "worker_ids",
    "position",
    "place",
    "region_code",
    "monthly_wage_yuan",
    "start_date",
    "term_months",
    "conditions",
    "message",
];

/// At most this many chosen workers are looked up to show who the request is for.
const WORKERS_SHOWN: usize = 20;

/// Which side of the request the user acts for, if any (officials only look).
pub fn side_of(user: Option<&SessionUser>, request: &HireRequestView) -> Option<HireSide> {
    match &user?.scope {
        Scope::Employer { id } if *id == request.employer_id => Some(HireSide::Employer),
        Scope::Company { id } if *id == request.company_id => Some(HireSide::Company),
        _ => None,
    }
}

#[component]
fn StateBadge(state: HireState, label: String) -> impl IntoView {
    view! { <span class=format!("badge state state-{}", state.code()) data-state=state.code()>{label}</span> }
}

/// How many of the request's lines are in each state, in the states' order.
fn state_counts(lines: &[HireLineView]) -> Vec<(HireState, String, usize)> {
    HireState::ALL
        .into_iter()
        .filter_map(|state| {
            let mut matching = lines.iter().filter(|l| l.state == state);
            let first = matching.next()?;
            Some((state, first.state_label.clone(), 1 + matching.count()))
        })
        .collect()
}

#[component]
pub fn HireRequestsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let list = Resource::new(|| (), |_| hire_requests());
    view! {
        <Title text="用工邀约"/>
        <section class="card">
            <h1>"用工邀约"</h1>
            <Suspense fallback=|| ()>
                {move || match auth.signed_in().map(|u| u.role) {
                    Some(Role::Employer) => Some(view! {
                        <p class="muted">"在"<a href="/search">"找工人"</a>"或"<a href="/shortlists">"候选名单"</a>"中点“发出邀约”，或从"<a href="/vacancies">"空岗信息"</a>"为岗位发出邀约。每位工人单独答复。"</p>
                    }.into_any()),
                    Some(Role::Company) => Some(view! {
                        <p class="muted">"用工单位向贵公司工人发出的邀约，以及贵公司为空岗推荐的工人。请在期限内逐一答复。"</p>
                    }.into_any()),
                    _ => None,
                }}
            </Suspense>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || {
                    let user = auth.signed_in();
                    list.get().map(|result| match result {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted" id="no-requests">"还没有用工邀约。"</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="stack" id="hire-requests">
                                {rows.into_iter().map(|request| {
                                    let side = side_of(user.as_ref(), &request);
                                    view! { <RequestSummary request side/> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn RequestSummary(request: HireRequestView, side: Option<HireSide>) -> impl IntoView {
    let href = format!("/hiring/{}", request.id);
    let counts = state_counts(&request.lines);
    let waiting_for_me =
        side.is_some_and(|side| request.lines.iter().any(|l| l.state.awaits() == Some(side)));
    view! {
        <li class="hire-request" data-request=request.id>
            <div class="hit-head">
                <a class="hit-name" href=href.clone()>{request.position.clone()}</a>
                <span class="muted">{format!("{} → {}", request.employer_name, request.company_name)}</span>
                {waiting_for_me.then(|| view! { <span class="badge new">"待您答复"</span> })}
            </div>
            <p>
                {format!(
                    "{}（{}） · {} 元/月 · {} 到岗 · {} 人",
                    request.place,
                    request.region_name,
                    request.monthly_wage_yuan,
                    request.start_date,
                    request.lines.len()
                )}
            </p>
            <p class="line-states">
                {counts.into_iter().map(|(state, label, n)| view! {
                    <StateBadge state label=format!("{label} {n}")/>" "
                }).collect_view()}
            </p>
            <p class="muted">
                <small>{format!("{} 发出 · 答复期限 {}", request.created_at, request.expires_at)}</small>
                " "<a href=href>"查看"</a>
            </p>
        </li>
    }
    .into_any()
}

/// The worker ids of `?workers=1,2,3` (unreadable parts skipped).
fn worker_ids(text: &str) -> Vec<i32> {
    text.split([',', ' ', '，'])
        .filter_map(|s| s.trim().parse::<i32>().ok())
        .collect()
}

#[component]
pub fn NewHireRequestPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let chosen = move || query.read().get("workers").unwrap_or_default();
    let vacancy_id = move || {
        query
            .read()
            .get("vacancy")
            .and_then(|v| v.trim().parse::<i32>().ok())
    };
    // Who the request is for and the vacancy whose terms prefill it; asked for only when an
    // employer is signed in (no other role may see workers or send requests).
    let prefill = Resource::new(
        move || (chosen(), vacancy_id()),
        move |(chosen, vacancy_id)| {
            // Rendering on the server, a worker's failed lookup sets the page's status (404);
            // the page itself is there, so it is put back.
            #[cfg(feature = "ssr")]
            let response = use_context::<leptos_axum::ResponseOptions>();
            async move {
                let user = auth.user.await.ok().flatten();
                if !user.as_ref().is_some_and(|u| u.role == Role::Employer) {
                    return Ok::<_, AppError>((user, None));
                }
                let vacancy = match vacancy_id {
                    Some(id) => Some(vacancy(id).await?),
                    None => None,
                };
                let mut workers = Vec::new();
                let mut missing = false;
                for id in worker_ids(&chosen).into_iter().take(WORKERS_SHOWN) {
                    // A worker no longer searchable is simply not listed; the request will say why.
                    match worker_profile(id).await {
                        Ok(hit) => workers.push(hit),
                        Err(_) => missing = true,
                    }
                }
                #[cfg(feature = "ssr")]
                if let (true, Some(response)) = (missing, &response) {
                    response.set_status(http::StatusCode::OK);
                }
                #[cfg(not(feature = "ssr"))]
                let _ = missing;
                Ok((user, Some((vacancy, workers))))
            }
        },
    );
    let send = ServerAction::<SendHireRequest>::new();
    view! {
        <Title text="发出用工邀约"/>
        <section class="card">
            <p><a href="/hiring">"← 用工邀约"</a></p>
            <h1>"发出用工邀约"</h1>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || prefill.get().map(|result| match result {
                    Ok((_, Some((vacancy, workers)))) => view! {
                        <RequestForm chosen=chosen() vacancy workers send/>
                    }.into_any(),
                    Ok((Some(_), None)) => view! { <p class="muted">"只有用工单位可以发出用工邀约。"</p> }.into_any(),
                    Ok((None, None)) => view! { <p class="muted">"请先"<a href="/login">"登录"</a>"。"</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn RequestForm(
    chosen: String,
    vacancy: Option<VacancyView>,
    workers: Vec<SearchHit>,
    send: ServerAction<SendHireRequest>,
) -> impl IntoView {
    let outcome = form_outcome(send.value());
    let from_vacancy =
        |read: fn(&VacancyView) -> String| vacancy.as_ref().map(read).unwrap_or_default();
    let position = from_vacancy(|v| v.position.clone());
    let place = from_vacancy(|v| v.place.clone());
    let region_code = from_vacancy(|v| v.region_code.clone());
    let wage = from_vacancy(|v| v.wage_min_yuan.to_string());
    let start_date = from_vacancy(|v| v.starts_on.clone());
    let vacancy_line = vacancy.as_ref().map(|v| {
        view! {
            <p class="muted" id="request-vacancy">
                "岗位："<a href=format!("/vacancies/{}", v.id)>{v.position.clone()}</a>
                {format!("（{}，{}）", v.region_name, super::vacancies::wage_range(v.wage_min_yuan, v.wage_max_yuan))}
            </p>
            <input type="hidden" name="vacancy_id" value=v.id/>
        }
    });
    let none_chosen = chosen.trim().is_empty();
    // Coming from a job fair's page: the request counts as that fair's outcome.
    let event_id = use_query_map()
        .read_untracked()
        .get("event")
        .and_then(|e| e.trim().parse::<i32>().ok());
    let event_line = event_id.map(|id| {
        view! {
            <p class="muted" id="request-event">"来自"<a href=format!("/events/{id}")>"招聘活动"</a>"：本次邀约计入该活动的对接成果。"</p>
            <input type="hidden" name="event_id" value=id/>
        }
    });
    view! {
        {none_chosen.then(|| view! {
            <p class="notice">"还没有选择工人：请在"<a href="/search">"找工人"</a>"或"<a href="/shortlists">"候选名单"</a>"中点“发出邀约”，或在下面填写劳动者编号。"</p>
        })}
        {(!workers.is_empty()).then(|| view! {
            <h2>{format!("邀约的工人（{} 位）", workers.len())}</h2>
            <ol class="hits" id="chosen-workers">
                {workers.into_iter().map(|hit| {
                    let facts = hit_facts(&hit).join(" · ");
                    view! {
                        <li class="hit" data-worker-id=hit.id>
                            <div class="hit-head">
                                <a class="hit-name" href=format!("/search/workers/{}", hit.id)>{hit.display_name.clone()}</a>
                                {hit.brand.clone().map(|b| view! { <span class="badge brand">{b}</span> })}
                                <CertificateBadge level=hit.certificate_level.clone() verified=hit.verified/>
                            </div>
                            <p class="hit-occupations">{hit.occupations.join("、")}</p>
                            <p class="muted">{facts}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        })}
        <p class="muted">"工人属于不同劳务公司时，会向每家公司各发一份邀约。工人姓名和联系方式在签订劳动合同后才会显示。"</p>
        <ActionForm action=send attr:class="form" attr:id="hire-request-form">
            {vacancy_line}
            {event_line}
            <Field id="req-workers" name="worker_ids" label="劳动者编号，用逗号分隔" outcome>
                <input id="req-workers" name="worker_ids" required autocomplete="off" placeholder="如 12, 15, 31" value=chosen/>
            </Field>
            <Field id="req-position" name="position" label="岗位名称" outcome>
                <input id="req-position" name="position" required maxlength="32" placeholder="如 中餐厨师" value=position/>
            </Field>
            <Field id="req-place" name="place" label="工作地点" outcome>
                <input id="req-place" name="place" required maxlength="64" placeholder="如 上海市浦东新区某酒店" value=place/>
            </Field>
            <Field id="req-region" name="region_code" label="工作地所在省份代码" outcome>
                <input id="req-region" name="region_code" required maxlength="6" inputmode="numeric"
                    placeholder="如 310000" list="province-codes" autocomplete="off" value=region_code/>
                <ProvinceCodes id="province-codes"/>
            </Field>
            <Field id="req-wage" name="monthly_wage_yuan" label="月薪（元）" outcome>
                <input id="req-wage" name="monthly_wage_yuan" type="number" required min="1000" max="100000" step="100" value=wage/>
            </Field>
            <Field id="req-start" name="start_date" label="到岗日期" outcome>
                <input id="req-start" name="start_date" type="date" required value=start_date/>
            </Field>
            <Field id="req-term" name="term_months" label="合同期限（月，不填为 12 个月）" outcome>
                <input id="req-term" name="term_months" type="number" min="1" max="120" placeholder="12"/>
            </Field>
            <Field id="req-conditions" name="conditions" label="食宿、加班等条件（可不填）" outcome>
                <textarea id="req-conditions" name="conditions" rows="3" maxlength="500"></textarea>
            </Field>
            <Field id="req-message" name="message" label="给劳务公司的留言（可不填）" outcome>
                <textarea id="req-message" name="message" rows="3" maxlength="500"></textarea>
            </Field>
            <p class="form-error" role="alert" id="hire-request-error">{general_message(outcome, REQUEST_FIELDS)}</p>
            <button type="submit" class="button primary" disabled=move || send.pending().get()>"发出邀约"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
pub fn HireRequestPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let id = crate::ui::route_id();
    let answer = ServerAction::<AnswerHireLine>::new();
    let withdraw = ServerAction::<WithdrawHireRequest>::new();
    let outcome = LatestAnswer::new()
        .follow(answer.value())
        .follow(withdraw.value())
        .outcome();
    // Reload after every answer: a refused one (someone else answered first) needs the news.
    let data = Resource::new(
        move || (id(), answer.version().get(), withdraw.version().get()),
        |(id, ..)| hire_request(id),
    );
    view! {
        <Title text="用工邀约"/>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || {
                let user = auth.signed_in();
                data.get().map(|result| match result {
                    Ok(request) => {
                        let side = side_of(user.as_ref(), &request);
                        view! { <RequestDetail request side answer withdraw outcome/> }.into_any()
                    }
                    Err(e) => view! {
                        <section class="card">
                            <p><a href="/hiring">"← 用工邀约"</a></p>
                            <h1>"用工邀约"</h1>
                            <p class="form-error" role="alert">{e.message}</p>
                        </section>
                    }.into_any(),
                })
            }}
        </Transition>
    }
}

#[component]
fn RequestDetail(
    request: HireRequestView,
    side: Option<HireSide>,
    answer: ServerAction<AnswerHireLine>,
    withdraw: ServerAction<WithdrawHireRequest>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let started = match request.started_by {
        HireSide::Company => "劳务公司为空岗推荐",
        _ => "用工单位发出",
    };
    let may_withdraw =
        side == Some(request.started_by) && request.lines.iter().any(|l| l.state.is_open());
    let request_id = request.id;
    view! {
        <Title text=format!("用工邀约 · {}", request.position)/>
        <section class="card" id="hire-request">
            <p><a href="/hiring">"← 用工邀约"</a></p>
            <h1>{request.position.clone()}</h1>
            <p class="muted">{format!("{} → {}（{}）", request.employer_name, request.company_name, started)}</p>
            <dl class="facts">
                <dt>"工作地点"</dt><dd>{format!("{}（{}）", request.place, request.region_name)}</dd>
                <dt>"月薪"</dt><dd id="request-wage">{format!("{} 元/月", request.monthly_wage_yuan)}</dd>
                <dt>"到岗日期"</dt><dd>{request.start_date.clone()}</dd>
                <dt>"合同期限"</dt><dd>{format!("{} 个月", request.term_months)}</dd>
                {(!request.conditions.is_empty()).then(|| view! { <dt>"其他条件"</dt><dd class="prose">{request.conditions.clone()}</dd> })}
                {(!request.message.is_empty()).then(|| view! { <dt>"留言"</dt><dd class="prose">{request.message.clone()}</dd> })}
                {request.vacancy_id.map(|id| view! { <dt>"空岗"</dt><dd><a href=format!("/vacancies/{id}")>"查看空岗信息"</a></dd> })}
                {request.event_id.map(|id| view! { <dt>"来源"</dt><dd><a href=format!("/events/{id}")>"招聘活动"</a></dd> })}
                <dt>"发出时间"</dt><dd>{request.created_at.clone()}</dd>
                <dt>"答复期限"</dt><dd>{request.expires_at.clone()}</dd>
            </dl>
            <OutcomeLine outcome done="已提交。" id="hire-result"/>
            {may_withdraw.then(|| view! {
                <ActionForm action=withdraw attr:class="inline-form" attr:id="withdraw-request-form">
                    <input type="hidden" name="id" value=request_id/>
                    <button type="submit" class="button small danger">"撤回整个邀约"</button>
                </ActionForm>
            })}
        </section>
        <ul class="stack hire-lines" id="hire-lines">
            {request.lines.into_iter().map(|line| view! { <LineCard line request_id side answer/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Whether a line has reached a contract (a draft is created on acceptance).
fn has_contract(state: HireState) -> bool {
    matches!(
        state,
        HireState::Accepted | HireState::Contracted | HireState::Placed | HireState::Ended
    )
}

/// `月薪 6500 元 · 2026-03-01 到岗`, from whichever parts there are.
fn terms_text(wage: Option<i64>, start: Option<&str>) -> Option<String> {
    let parts: Vec<String> = wage
        .map(|w| format!("月薪 {w} 元"))
        .into_iter()
        .chain(start.map(|d| format!("{d} 到岗")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[component]
fn LineCard(
    line: HireLineView,
    request_id: i32,
    side: Option<HireSide>,
    answer: ServerAction<AnswerHireLine>,
) -> impl IntoView {
    let counter = terms_text(line.counter_wage_yuan, line.counter_start_date.as_deref());
    let agreed = terms_text(line.agreed_wage_yuan, line.agreed_start_date.as_deref());
    let awaits = line.awaits.map(|s| {
        if Some(s) == side {
            "等待您答复".to_string()
        } else {
            format!("等待{}答复", s.label())
        }
    });
    let state = line.state;
    let keys = LineKeys {
        request_id,
        line_id: line.id,
        version: line.version,
    };
    // Which answers the caller's side may give in this state.
    let (accept_decline, counter_form, withdraw) = match (side, state) {
        (Some(HireSide::Company), HireState::Requested) => (true, true, false),
        (Some(HireSide::Company), HireState::Proposed) => (false, false, true),
        (Some(HireSide::Employer), HireState::Proposed) => (true, false, false),
        (Some(HireSide::Employer), HireState::Countered) => (true, false, true),
        (Some(HireSide::Employer), HireState::Requested) => (false, false, true),
        _ => (false, false, false),
    };
    let any_action = accept_decline || counter_form || withdraw;
    view! {
        <li class="card hire-line" data-line=line.id data-state=state.code()>
            <div class="hit-head">
                <strong class="hit-name">{line.worker_name.clone()}</strong>
                <StateBadge state label=line.state_label.clone()/>
                {awaits.map(|text| view! { <span class="muted awaits">{text}</span> })}
            </div>
            <p class="hit-occupations">{line.occupations.join("、")}</p>
            {line.decline_reason.clone().map(|r| view! { <p class="decline-reason">"拒绝理由："{r}</p> })}
            {counter.map(|t| view! { <p class="counter-terms">"新条件："{t}</p> })}
            {agreed.map(|t| view! { <p class="agreed-terms">"商定条件："{t}</p> })}
            {has_contract(state).then(|| view! {
                <p class="contract-link"><a href="/contracts">"查看合同"</a></p>
            })}
            {any_action.then(|| view! {
                <div class="line-actions">
                    {accept_decline.then(|| view! {
                        <ActionForm action=answer attr:class="inline">
                            <LineKeyInputs keys action="accept"/>
                            <button type="submit" class="button small primary">"接受"</button>
                        </ActionForm>
                        <ActionForm action=answer attr:class="inline">
                            <LineKeyInputs keys action="decline"/>
                            <input name="reason" required maxlength="200" placeholder="拒绝理由" aria-label="拒绝理由"/>
                            <button type="submit" class="button small danger">"拒绝"</button>
                        </ActionForm>
                    })}
                    {counter_form.then(|| view! {
                        <ActionForm action=answer attr:class="inline counter-form">
                            <LineKeyInputs keys action="counter"/>
                            <input name="counter_wage_yuan" type="number" min="1000" max="100000" step="100"
                                placeholder="月薪（元）" aria-label="新的月薪（元）"/>
                            <input name="counter_start_date" type="date" aria-label="新的到岗日期"/>
                            <button type="submit" class="button small">"提出新条件"</button>
                        </ActionForm>
                    })}
                    {withdraw.then(|| view! {
                        <ActionForm action=answer attr:class="inline">
                            <LineKeyInputs keys action="withdraw"/>
                            <button type="submit" class="button small danger">"撤回"</button>
                        </ActionForm>
                    })}
                </div>
            })}
            {(!line.history.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="history">
                        <thead><tr><th>"时间"</th><th>"操作方"</th><th>"状态"</th><th>"说明"</th></tr></thead>
                        <tbody>
                            {line.history.into_iter().map(|event| {
                                let who = match &event.actor_name {
                                    Some(name) => format!("{} {name}", event.side.label()),
                                    None => event.side.label().to_string(),
                                };
                                let change = match event.from_state {
                                    Some(from) => format!("{} → {}", from.label(), event.to_state.label()),
                                    None => event.to_state.label().to_string(),
                                };
                                view! {
                                    <tr data-action=event.action.clone()>
                                        <td>{event.at}</td>
                                        <td>{who}</td>
                                        <td>{change}</td>
                                        <td class="wrap">{event.detail}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </li>
    }
    .into_any()
}

/// What every answer form of a line sends besides the answer itself.
#[derive(Debug, Clone, Copy)]
struct LineKeys {
    request_id: i32,
    line_id: i32,
    version: i32,
}

#[component]
fn LineKeyInputs(keys: LineKeys, action: &'static str) -> impl IntoView {
    view! {
        <input type="hidden" name="request_id" value=keys.request_id/>
        <input type="hidden" name="line_id" value=keys.line_id/>
        <input type="hidden" name="version" value=keys.version/>
        <input type="hidden" name="action" value=action/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_ids_in_the_url_may_be_separated_by_commas_or_spaces() {
        assert_eq!(worker_ids("1,2, 3，4 x"), [1, 2, 3, 4]);
        assert!(worker_ids("").is_empty());
    }

    #[test]
    fn terms_name_whatever_was_given() {
        assert_eq!(
            terms_text(Some(6500), Some("2026-03-01")).as_deref(),
            Some("月薪 6500 元 · 2026-03-01 到岗")
        );
        assert_eq!(
            terms_text(None, Some("2026-03-01")).as_deref(),
            Some("2026-03-01 到岗")
        );
        assert_eq!(terms_text(None, None), None);
    }
}
