//! `/vacancies`: an employer's own vacancies (空岗信息) and the form to publish one; for a
//! labour company the open vacancies with a filter (carried in the URL, a plain GET form); for
//! officials all of them. `/vacancies/{id}`: one vacancy; its employer edits it, changes its
//! status and sees suggested workers, a company proposes its own workers for it.

use super::search::{CertificateBadge, hit_facts};
use crate::api::AppError;
use crate::api::hiring::{
    ChangeVacancyStatus, ProposeForVacancy, SaveVacancy, vacancies, vacancy, vacancy_suggestions,
};
use crate::api::roster::roster;
use crate::api::types::{RosterEntry, SearchResults, VacancyFilter, VacancyView};
use crate::domain::access::SessionUser;
use crate::domain::hiring::VacancyStatus;
use crate::domain::role::{Role, Scope};
use crate::ui::auth::Auth;
use crate::ui::{
    Field, FormOutcome, OutcomeLine, ProvinceCodes, form_outcome, general_message, successes,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const VACANCY_FIELDS: &[&str] = &[
    "position",
    "occupation",
    "headcount",
    "place",
    "region_code",
    "wage_min_yuan",
    "wage_max_yuan",
    "starts_on",
    "ends_on",
    "housing",
    "meals",
    "insurance",
    "requirements",
];

/// How many suggested workers the vacancy page lists before linking to the search.
const SUGGESTIONS_SHOWN: usize = 5;

/// `6000–8000 元/月`, or one amount when both ends are the same.
pub fn wage_range(min: i64, max: i64) -> String {
    if min == max {
        format!("{min} 元/月")
    } else {
        format!("{min}–{max} 元/月")
    }
}

/// 包住、包吃、缴纳社保, or 无.
fn benefits(vacancy: &VacancyView) -> String {
    let list: Vec<&str> = [
        (vacancy.housing, "包住"),
        (vacancy.meals, "包吃"),
        (vacancy.insurance, "缴纳社保"),
    ]
    .into_iter()
    .filter_map(|(on, label)| on.then_some(label))
    .collect();
    if list.is_empty() {
        "无".to_string()
    } else {
        list.join("、")
    }
}

/// Whether the user works for the employer that published the vacancy.
fn owns(user: Option<&SessionUser>, employer_id: i32) -> bool {
    user.is_some_and(|u| u.role == Role::Employer && u.scope == Scope::Employer { id: employer_id })
}

#[component]
fn StatusBadge(status: VacancyStatus, label: String) -> impl IntoView {
    view! { <span class=format!("badge vacancy-{}", status.code()) data-status=status.code()>{label}</span> }
}

/// The filter of the vacancy list, as the URL carries it.
///
/// The status is always sent (`all` when the URL names none, which the server reads the same
/// way): a filter with every field empty would reach the server function as no argument at
/// all, which it refuses.
fn filter_of(query: &leptos_router::params::ParamsMap) -> VacancyFilter {
    let get = |key: &str| query.get(key).filter(|v| !v.trim().is_empty());
    VacancyFilter {
        occupation: get("occupation"),
        region: get("region"),
        wage_min: get("wage_min"),
        status: get("status").or_else(|| Some("all".to_string())),
    }
}

#[component]
pub fn VacanciesPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let save = ServerAction::<SaveVacancy>::new();
    let saved = form_outcome(save.value());
    let published = successes(save.value());
    let list = Resource::new(
        move || (filter_of(&query.read()), published.get()),
        |(filter, _)| vacancies(filter),
    );
    let role = move || auth.signed_in().map(|u| u.role);
    view! {
        <Title text="空岗信息"/>
        <section class="card">
            <h1>"空岗信息"</h1>
            <Suspense fallback=|| ()>
                {move || match role() {
                    Some(Role::Employer) => view! {
                        <p class="muted">"贵单位发布的空岗。招聘中的空岗劳务公司可以看到，并可推荐工人。"</p>
                    }.into_any(),
                    Some(role) => view! {
                        <p class="muted">
                            {if role == Role::Company {
                                "用工单位发布的招聘中空岗。可以向合适的空岗推荐本公司的工人。"
                            } else {
                                "各用工单位发布的空岗。"
                            }}
                        </p>
                        <VacancyFilterForm/>
                    }.into_any(),
                    None => ().into_any(),
                }}
            </Suspense>
        </section>
        <Suspense fallback=|| ()>
            {move || (role() == Some(Role::Employer)).then(|| view! {
                <section class="card" id="new-vacancy">
                    <h2>"发布空岗"</h2>
                    <VacancyEditor existing=None save outcome=saved/>
                </section>
            })}
        </Suspense>
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted" id="no-vacancies">"没有符合的空岗。"</p> }.into_any(),
                    Ok(rows) => view! { <VacancyTable rows show_employer=role() != Some(Role::Employer)/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// The GET filter form; its values are the URL's, so a filtered list can be bookmarked.
#[component]
fn VacancyFilterForm() -> impl IntoView {
    let query = use_query_map();
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    view! {
        <Form method="GET" action="/vacancies" attr:class="filters" attr:id="vacancy-filter">
            <input type="search" name="occupation" placeholder="工种或岗位，如 厨师" aria-label="工种或岗位"
                value=move || current("occupation") prop:value=move || current("occupation")/>
            <input name="region" placeholder="地区，如 上海 或 310000" aria-label="地区" maxlength="16"
                value=move || current("region") prop:value=move || current("region")/>
            <input type="number" name="wage_min" min="0" step="500" placeholder="月薪不低于（元）" aria-label="月薪不低于"
                value=move || current("wage_min") prop:value=move || current("wage_min")/>
            <button type="submit" class="button small primary">"筛选"</button>
            <a class="button small" href="/vacancies">"清除"</a>
        </Form>
    }
}

#[component]
fn VacancyTable(rows: Vec<VacancyView>, show_employer: bool) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table id="vacancy-table">
                <thead>
                    <tr>
                        <th>"岗位"</th>
                        {show_employer.then(|| view! { <th>"用工单位"</th> })}
                        <th>"工种"</th><th>"人数"</th><th>"工作地点"</th><th>"月薪"</th><th>"开始"</th><th>"状态"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|v| view! {
                        <tr data-vacancy=v.id>
                            <td><a href=format!("/vacancies/{}", v.id)>{v.position.clone()}</a></td>
                            {show_employer.then(|| view! { <td>{v.employer_name.clone()}</td> })}
                            <td>{v.occupation.clone()}</td>
                            <td>{v.headcount}</td>
                            <td>{format!("{}（{}）", v.place, v.region_name)}</td>
                            <td>{wage_range(v.wage_min_yuan, v.wage_max_yuan)}</td>
                            <td>{v.starts_on.clone()}</td>
                            <td><StatusBadge status=v.status label=v.status_label.clone()/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The form that publishes a vacancy (`existing` None) or edits one (with its id and version).
#[component]
fn VacancyEditor(
    existing: Option<VacancyView>,
    save: ServerAction<SaveVacancy>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let text = |read: fn(&VacancyView) -> String| existing.as_ref().map(read).unwrap_or_default();
    let position = text(|v| v.position.clone());
    let occupation = text(|v| v.occupation.clone());
    let headcount = existing
        .as_ref()
        .map_or_else(|| "1".to_string(), |v| v.headcount.to_string());
    let place = text(|v| v.place.clone());
    let region_code = text(|v| v.region_code.clone());
    let wage_min = text(|v| v.wage_min_yuan.to_string());
    let wage_max = text(|v| v.wage_max_yuan.to_string());
    let starts_on = text(|v| v.starts_on.clone());
    let ends_on = text(|v| v.ends_on.clone().unwrap_or_default());
    let requirements = text(|v| v.requirements.clone());
    let (housing, meals, insurance) = existing
        .as_ref()
        .map_or((false, false, false), |v| (v.housing, v.meals, v.insurance));
    let editing = existing.is_some();
    let identity = existing.as_ref().map(|v| {
        view! {
            <input type="hidden" name="id" value=v.id/>
            <input type="hidden" name="version" value=v.version/>
        }
    });
    view! {
        <ActionForm action=save attr:class="form" attr:id=if editing { "vacancy-edit-form" } else { "vacancy-form" }>
            {identity}
            <Field id="vac-position" name="position" label="岗位名称" outcome>
                <input id="vac-position" name="position" required maxlength="32" placeholder="如 后厨帮厨" value=position/>
            </Field>
            <Field id="vac-occupation" name="occupation" label="工种" outcome>
                <input id="vac-occupation" name="occupation" required maxlength="32" placeholder="如 中式烹调师" value=occupation/>
            </Field>
            <Field id="vac-headcount" name="headcount" label="招聘人数" outcome>
                <input id="vac-headcount" name="headcount" type="number" required min="1" max="500" value=headcount/>
            </Field>
            <Field id="vac-place" name="place" label="工作地点" outcome>
                <input id="vac-place" name="place" required maxlength="64" placeholder="如 上海市浦东新区某酒店" value=place/>
            </Field>
            <Field id="vac-region" name="region_code" label="工作地所在省份代码" outcome>
                <input id="vac-region" name="region_code" required maxlength="6" inputmode="numeric"
                    placeholder="如 310000" list="province-codes" autocomplete="off" value=region_code/>
                <ProvinceCodes id="province-codes"/>
            </Field>
            <Field id="vac-wage-min" name="wage_min_yuan" label="月薪下限（元）" outcome>
                <input id="vac-wage-min" name="wage_min_yuan" type="number" required min="1000" max="100000" step="100" value=wage_min/>
            </Field>
            <Field id="vac-wage-max" name="wage_max_yuan" label="月薪上限（元）" outcome>
                <input id="vac-wage-max" name="wage_max_yuan" type="number" required min="1000" max="100000" step="100" value=wage_max/>
            </Field>
            <Field id="vac-starts-on" name="starts_on" label="开始日期" outcome>
                <input id="vac-starts-on" name="starts_on" type="date" required value=starts_on/>
            </Field>
            <Field id="vac-ends-on" name="ends_on" label="结束日期（长期用工可不填）" outcome>
                <input id="vac-ends-on" name="ends_on" type="date" value=ends_on/>
            </Field>
            <fieldset class="benefits">
                <legend>"待遇"</legend>
                <label class="checkbox"><input type="checkbox" name="housing" value="on" checked=housing/>" 包住"</label>
                <label class="checkbox"><input type="checkbox" name="meals" value="on" checked=meals/>" 包吃"</label>
                <label class="checkbox"><input type="checkbox" name="insurance" value="on" checked=insurance/>" 缴纳社保"</label>
            </fieldset>
            <Field id="vac-requirements" name="requirements" label="要求（可不填）" outcome>
                <textarea id="vac-requirements" name="requirements" rows="4" maxlength="1000"
                    placeholder="如 持中式烹调师四级及以上证书，能适应早晚班">{requirements}</textarea>
            </Field>
            <p class="form-error" role="alert">{general_message(outcome, VACANCY_FIELDS)}</p>
            <p class="success" role="status" id="vacancy-result">
                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some(if editing { "已保存。" } else { "已发布。" })}
            </p>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>
                {if editing { "保存修改" } else { "发布" }}
            </button>
        </ActionForm>
    }
    .into_any()
}

#[component]
pub fn VacancyPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let id = crate::ui::route_id();
    let save = ServerAction::<SaveVacancy>::new();
    let status = ServerAction::<ChangeVacancyStatus>::new();
    let propose = ServerAction::<ProposeForVacancy>::new();
    // Reload after a successful edit (a failed one keeps what was typed) and after any status
    // change (a refused one because the page was stale needs the new version).
    let edited = successes(save.value());
    // One resource, created with the page, so the server and the browser create resources in
    // the same order; the suggestions are asked for only by the vacancy's own employer.
    let data = Resource::new(
        move || (id(), edited.get(), status.version().get()),
        move |(id, ..)| async move {
            let vacancy = vacancy(id).await?;
            let user = auth.user.await.ok().flatten();
            let suggestions = if owns(user.as_ref(), vacancy.employer_id) {
                Some(vacancy_suggestions(id).await)
            } else {
                None
            };
            // A company proposing workers picks them from its published roster.
            let candidates = if user.as_ref().is_some_and(|u| u.role == Role::Company)
                && vacancy.status == VacancyStatus::Open
            {
                roster(None, None, Some("published".to_string()), None, None, None)
                    .await
                    .map(|page| page.workers.into_iter().filter(|w| !w.placed).collect())
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            Ok::<_, AppError>((vacancy, user, suggestions, candidates))
        },
    );
    view! {
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || {
                data.get().map(|result| match result {
                    Ok((vacancy, user, suggestions, candidates)) => view! { <VacancyDetail vacancy user suggestions candidates save status propose/> }.into_any(),
                    Err(e) => view! {
                        <Title text="空岗信息"/>
                        <section class="card">
                            <p><a href="/vacancies">"← 空岗信息"</a></p>
                            <h1>"空岗信息"</h1>
                            <p class="form-error" role="alert">{e.message}</p>
                        </section>
                    }.into_any(),
                })
            }}
        </Transition>
    }
}

#[component]
fn VacancyDetail(
    vacancy: VacancyView,
    user: Option<SessionUser>,
    suggestions: Option<Result<SearchResults, AppError>>,
    candidates: Vec<RosterEntry>,
    save: ServerAction<SaveVacancy>,
    status: ServerAction<ChangeVacancyStatus>,
    propose: ServerAction<ProposeForVacancy>,
) -> impl IntoView {
    let owner = owns(user.as_ref(), vacancy.employer_id);
    let company = user.as_ref().is_some_and(|u| u.role == Role::Company);
    let open = vacancy.status == VacancyStatus::Open;
    let period = match &vacancy.ends_on {
        Some(end) => format!("{} 至 {end}", vacancy.starts_on),
        None => format!("{} 起，长期", vacancy.starts_on),
    };
    let saved = form_outcome(save.value());
    let v = vacancy.clone();
    view! {
        <Title text=vacancy.position.clone()/>
        <section class="card" id="vacancy-detail">
            <p><a href="/vacancies">"← 空岗信息"</a></p>
            <h1>{vacancy.position.clone()}" "<StatusBadge status=vacancy.status label=vacancy.status_label.clone()/></h1>
            <dl class="facts">
                <dt>"用工单位"</dt><dd>{vacancy.employer_name.clone()}</dd>
                <dt>"工种"</dt><dd>{vacancy.occupation.clone()}</dd>
                <dt>"招聘人数"</dt><dd>{format!("{} 人", vacancy.headcount)}</dd>
                <dt>"工作地点"</dt><dd>{format!("{}（{}）", vacancy.place, vacancy.region_name)}</dd>
                <dt>"月薪"</dt><dd>{wage_range(vacancy.wage_min_yuan, vacancy.wage_max_yuan)}</dd>
                <dt>"用工期间"</dt><dd>{period}</dd>
                <dt>"待遇"</dt><dd>{benefits(&vacancy)}</dd>
                <dt>"要求"</dt><dd class="prose">{if vacancy.requirements.is_empty() { "无".to_string() } else { vacancy.requirements.clone() }}</dd>
                <dt>"更新于"</dt><dd>{vacancy.updated_at.clone()}</dd>
            </dl>
        </section>
        {owner.then(|| view! { <OwnerTools vacancy=v.clone() suggestions=suggestions.clone() save saved status/> })}
        {(company && open).then(|| view! { <ProposeForm vacancy_id=vacancy.id candidates propose/> })}
    }
    .into_any()
}

/// What the employer that published the vacancy can do with it.
#[component]
fn OwnerTools(
    vacancy: VacancyView,
    suggestions: Option<Result<SearchResults, AppError>>,
    save: ServerAction<SaveVacancy>,
    saved: Memo<Option<FormOutcome>>,
    status: ServerAction<ChangeVacancyStatus>,
) -> impl IntoView {
    let changed = form_outcome(status.value());
    let moves: &[(&str, &str)] = match vacancy.status {
        VacancyStatus::Open => &[("filled", "已招满"), ("closed", "关闭")],
        VacancyStatus::Filled | VacancyStatus::Closed => &[("open", "重新开放")],
    };
    let search_href = if vacancy.suggestion_query.is_empty() {
        "/search".to_string()
    } else {
        format!("/search?{}", vacancy.suggestion_query)
    };
    let (id, version) = (vacancy.id, vacancy.version);
    view! {
        <section class="card" id="vacancy-status">
            <h2>"招聘状态"</h2>
            <div class="actions">
                {moves.iter().map(|(code, label)| view! {
                    <ActionForm action=status attr:class="inline">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="version" value=version/>
                        <input type="hidden" name="status" value=*code/>
                        <button type="submit" class="button small" data-status=*code>{*label}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
            <OutcomeLine outcome=changed done="状态已更新。" id="vacancy-status-result"/>
        </section>
        <section class="card" id="vacancy-suggestions">
            <h2>"推荐的工人"</h2>
            <p class="actions">
                <a class="button small" href=search_href id="suggestion-search">"推荐的工人"</a>
                <a class="button small primary" href=format!("/hiring/new?vacancy={id}")>"为此岗位发出用工邀约"</a>
            </p>
            {suggestions.map(|found| view! { <Suggestions vacancy_id=id found/> })}
        </section>
        <section class="card">
            <h2>"修改空岗"</h2>
            <VacancyEditor existing=Some(vacancy) save outcome=saved/>
        </section>
    }
    .into_any()
}

/// The first workers the search suggests for the vacancy.
#[component]
fn Suggestions(vacancy_id: i32, found: Result<SearchResults, AppError>) -> impl IntoView {
    match found {
        Ok(found) if found.hits.is_empty() => view! {
            <p class="muted">"暂时没有符合的工人。可以放宽条件后在“找工人”里搜索。"</p>
        }
        .into_any(),
        Ok(found) => view! {
            <p class="muted">{format!("共 {} 位符合的工人，前 {} 位：", found.total, found.hits.len().min(SUGGESTIONS_SHOWN))}</p>
            <ol class="hits" id="suggested-workers">
                {found.hits.into_iter().take(SUGGESTIONS_SHOWN).map(|hit| {
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
                            <a class="button small" href=format!("/hiring/new?workers={}&vacancy={vacancy_id}", hit.id)>"发出邀约"</a>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any(),
        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
    }
}

/// A labour company proposes its own workers for an open vacancy.
#[component]
fn ProposeForm(
    vacancy_id: i32,
    candidates: Vec<RosterEntry>,
    propose: ServerAction<ProposeForVacancy>,
) -> impl IntoView {
    let outcome = form_outcome(propose.value());
    view! {
        <section class="card" id="propose">
            <h2>"推荐本公司工人"</h2>
            <p class="muted">"填写下表中工人的编号；用工单位确认后即可签约。"</p>
            <ActionForm action=propose attr:class="form" attr:id="propose-form">
                <input type="hidden" name="vacancy_id" value=vacancy_id/>
                <Field id="propose-workers" name="worker_ids" label="劳动者编号，用逗号分隔" outcome>
                    <input id="propose-workers" name="worker_ids" required placeholder="如 12, 15, 31" autocomplete="off"/>
                </Field>
                <Field id="propose-message" name="message" label="留言（可不填）" outcome>
                    <textarea id="propose-message" name="message" rows="3" maxlength="500"></textarea>
                </Field>
                <p class="form-error" role="alert">{general_message(outcome, &["worker_ids", "message"])}</p>
                <button type="submit" class="button primary" disabled=move || propose.pending().get()>"推荐"</button>
            </ActionForm>
            {(!candidates.is_empty()).then(|| view! {
                <table class="table" id="propose-candidates">
                    <caption>"本公司已公开、未上岗的工人"</caption>
                    <thead><tr><th>"编号"</th><th>"姓名"</th><th>"工种"</th><th>"等级"</th></tr></thead>
                    <tbody>
                        {candidates.iter().map(|w| view! {
                            <tr>
                                <td>{w.id}</td>
                                <td>{w.name.clone()}</td>
                                <td>{w.occupations.join("、")}</td>
                                <td>{w.certificate_level.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
    .into_any()
}
