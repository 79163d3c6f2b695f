//! `/training`: open training programmes for everyone (免费培训一次); `/training/:id`: one
//! programme, where companies and promoters enrol workers and its managers record attendance
//! and results (a pass with a certificate number puts the certificate on the worker).

use crate::api::training::{
    CancelTrainingProgramme, EnrolInTraining, EnrolmentView, ProgrammeQuery, ProgrammeView,
    RecordTrainingResult, training_programme, training_programmes,
};
use crate::domain::roster::CertificateLevel;
use crate::domain::training::EnrolmentResult;
use crate::ui::auth::Auth;
use crate::ui::{
    Field, FormOutcome, LatestAnswer, OutcomeLine, PagerLinks, form_outcome, general_message,
    page_href, route_id,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TrainingListPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        ProgrammeQuery {
            county: q.get("county"),
            q: q.get("q"),
            brand: q.get("brand"),
            mine: q.get("mine"),
            past: q.get("past"),
            page: q.get("page"),
        }
    };
    let list = Resource::new(params, training_programmes);
    let text = move || query.read().get("q").unwrap_or_default();
    let mine = move || query.read().get("mine").as_deref() == Some("yes");
    view! {
        <Title text="职业技能培训"/>
        <section class="card">
            <h1>"职业技能培训"</h1>
            <p class="muted">
                "法定劳动年龄内有培训意愿的农村贫困劳动力，每人可免费参加一次职业技能或创业培训。"
                "培训模式：先培训后就业、先就业后培训、边培训边就业、需求储备式。"
            </p>
            <Form method="GET" action="/training" attr:class="filters" attr:id="training-filters">
                <input name="q" placeholder="工种或班名，如 面点、护工" aria-label="工种" value=text/>
                <label class="inline">
                    <input type="checkbox" name="past" value="yes"
                        checked=move || query.read().get("past").as_deref() == Some("yes")/>
                    "含已结业"
                </label>
                <Transition fallback=|| ()>
                    {move || auth.signed_in().filter(|u| u.role != crate::domain::role::Role::Employer).map(|_| view! {
                        <label class="inline">
                            <input type="checkbox" name="mine" value="yes" checked=mine/>
                            "我管理的（含草稿）"
                        </label>
                    })}
                </Transition>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <Transition fallback=|| ()>
                {move || auth.signed_in().filter(|u| u.role != crate::domain::role::Role::Employer).map(|_| view! {
                    <p><a class="button" id="new-programme" href="/training/new">"新建培训班"</a></p>
                })}
            </Transition>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(page) if page.total == 0 => view! { <p class="muted" id="no-programmes">"暂无培训班。"</p> }.into_any(),
                    Ok(page) => {
                        let p = params();
                        let last_page = page.total.div_ceil(page.per_page).max(1);
                        let href = move |n: u64| page_href("/training", &[("q", &p.q), ("mine", &p.mine), ("past", &p.past)], n);
                        view! {
                            <p class="muted">{format!("共 {} 个培训班", page.total)}</p>
                            <div class="table-wrap">
                                <table id="programme-table">
                                    <thead><tr>
                                        <th>"培训班"</th><th>"工种"</th><th>"类型 / 模式"</th><th>"机构"</th>
                                        <th>"区县"</th><th>"培训期"</th><th class="num">"报名 / 名额"</th><th>"费用"</th><th>"状态"</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.programmes.into_iter().map(|p| view! { <ProgrammeRow p/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <PagerLinks page=page.page last_page href/>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProgrammeRow(p: ProgrammeView) -> impl IntoView {
    view! {
        <tr data-programme=p.id>
            <td><a href=format!("/training/{}", p.id)>{p.title}</a>
                {p.brand_name.map(|b| view! { <span class="badge">{b}</span> })}</td>
            <td>{p.occupation}</td>
            <td>{format!("{} / {}", p.training_type_label, p.mode_label)}</td>
            <td>{p.institution_name.unwrap_or_else(|| "待定".into())}</td>
            <td>{p.county_name}</td>
            <td>{format!("{} 至 {}", p.starts_on, p.ends_on)}</td>
            <td class="num">{format!("{} / {}", p.enrolled, p.seats)}</td>
            <td>{p.fee_yuan.map_or_else(|| "免费".to_string(), |f| format!("{f} 元"))}</td>
            <td>{if p.open_for_enrolment { "报名中".to_string() } else { p.status_label }}</td>
        </tr>
    }
}

const ENROL_FIELDS: &[&str] = &["worker_id", "repeat_reason"];

#[component]
pub fn TrainingDetailPage() -> impl IntoView {
    let id = route_id();
    let query = use_query_map();
    let enrol = ServerAction::<EnrolInTraining>::new();
    let grade = ServerAction::<RecordTrainingResult>::new();
    let cancel = ServerAction::<CancelTrainingProgramme>::new();
    let enrolled = crate::ui::successes(enrol.value());
    let graded = crate::ui::successes(grade.value());
    let cancelled = crate::ui::successes(cancel.value());
    let answer = LatestAnswer::new()
        .follow(grade.value())
        .follow(cancel.value());
    let enrol_outcome = form_outcome(enrol.value());
    let detail = Resource::new(
        move || (id(), enrolled.get(), graded.get(), cancelled.get()),
        |(id, ..)| training_programme(id),
    );
    let worker = move || query.read().get("worker").unwrap_or_default();
    view! {
        <Title text="培训班"/>
        <section class="card">
            <p><a href="/training">"← 职业技能培训"</a></p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || detail.get().map(|result| match result {
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    Ok(d) => {
                        let p = d.programme.clone();
                        let managing = p.can_manage;
                        view! {
                            <h1 id="programme-title">{p.title.clone()}</h1>
                            {(query.read().get("saved").is_some()).then(|| view! { <p class="success" role="status">"已保存。"</p> })}
                            <ProgrammeFacts p=p.clone()/>
                            {managing.then(|| view! {
                                <p class="actions">
                                    <a class="button" href=format!("/training/{}/edit", p.id)>"修改"</a>
                                    <a class="button" id="programme-export" rel="external"
                                        href=format!("/api/v1/training/programmes/{}/export.xlsx", p.id)>"导出培训花名册（.xlsx）"</a>
                                    {(p.status != "cancelled").then(|| view! {
                                        <ActionForm action=cancel attr:class="inline">
                                            <input type="hidden" name="id" value=p.id/>
                                            <input type="hidden" name="version" value=p.version/>
                                            <button type="submit" class="button danger">"取消培训班"</button>
                                        </ActionForm>
                                    })}
                                </p>
                            })}
                            <OutcomeLine outcome=answer.outcome() done="已保存。" id="training-result"/>
                            {d.can_enrol.then(|| view! {
                                <h2>"报名"</h2>
                                <p class="muted">"劳务公司可为本公司花名册上的在册工人报名，推广员可为本县有培训意愿的工人报名（也可从工人页面报名）。"</p>
                                <ActionForm action=enrol attr:class="form" attr:id="enrol-form">
                                    <input type="hidden" name="programme_id" value=p.id/>
                                    <Field id="enrol-worker" name="worker_id" label="工人" outcome=enrol_outcome>
                                        <WorkerChoice chosen=worker()/>
                                    </Field>
                                    <Field id="enrol-reason" name="repeat_reason" label="再次免费培训的原因（已参加过免费培训时填写）" outcome=enrol_outcome>
                                        <input id="enrol-reason" name="repeat_reason" maxlength="200"/>
                                    </Field>
                                    <p class="form-error" role="alert" id="enrol-error">{general_message(enrol_outcome, ENROL_FIELDS)}</p>
                                    <p class="success" role="status" id="enrol-done">
                                        {move || matches!(enrol_outcome.get(), Some(FormOutcome::Done)).then_some("已报名。")}
                                    </p>
                                    <button type="submit" class="button primary" disabled=move || enrol.pending().get()>"报名"</button>
                                </ActionForm>
                            })}
                            {(!d.enrolments.is_empty()).then(|| view! {
                                <h2>"学员与考核结果"</h2>
                                <div class="table-wrap">
                                    <table id="enrolment-table">
                                        <thead><tr>
                                            <th>"学员"</th><th>"劳务公司"</th><th>"首次免费"</th><th>"出勤率"</th>
                                            <th>"结果"</th><th>"成绩"</th><th>"证书编号"</th><th>"考核日期"</th>
                                            {managing.then(|| view! { <th>"登记结果"</th> })}
                                        </tr></thead>
                                        <tbody>
                                            {d.enrolments.into_iter().map(|e| view! { <EnrolmentRow e grade/> }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProgrammeFacts(p: ProgrammeView) -> impl IntoView {
    view! {
        <dl class="facts" id="programme-facts">
            <dt>"状态"</dt><dd id="programme-status">{if p.open_for_enrolment { "报名中".to_string() } else { p.status_label }}</dd>
            <dt>"工种"</dt><dd>{p.occupation}</dd>
            <dt>"类型"</dt><dd>{p.training_type_label}</dd>
            <dt>"模式"</dt><dd>{p.mode_label}</dd>
            <dt>"培训机构"</dt><dd>{p.institution_name.unwrap_or_else(|| "待定".into())}
                {(!p.institution_address.is_empty()).then(|| format!("（{}）", p.institution_address))}</dd>
            {(!p.institution_contact.is_empty()).then(|| view! { <dt>"联系方式"</dt><dd>{p.institution_contact}</dd> })}
            <dt>"举办区县"</dt><dd>{p.county_name}</dd>
            <dt>"培训地点"</dt><dd>{if p.place.is_empty() { "待定".to_string() } else { p.place }}</dd>
            <dt>"培训期"</dt><dd>{format!("{} 至 {}", p.starts_on, p.ends_on)}</dd>
            <dt>"报名 / 名额"</dt><dd>{format!("{} / {}", p.enrolled, p.seats)}</dd>
            <dt>"费用"</dt><dd>{p.fee_yuan.map_or_else(|| "免费（计入免费培训一次）".to_string(), |f| format!("收费 {f} 元"))}</dd>
            {p.brand_name.map(|b| view! { <dt>"品牌"</dt><dd>{b}</dd> })}
            {p.company_name.map(|c| view! { <dt>"举办企业"</dt><dd>{c}</dd> })}
            {p.demand_note.map(|n| view! { <dt>"来源"</dt><dd>{n}</dd> })}
        </dl>
    }
}

#[component]
fn EnrolmentRow(e: EnrolmentView, grade: ServerAction<RecordTrainingResult>) -> impl IntoView {
    let can_grade = e.can_grade;
    let result = e.result.clone();
    view! {
        <tr id=format!("enrolment-{}", e.id) data-worker=e.worker_id>
            <td>{e.worker_name}</td>
            <td>{e.company_name}</td>
            <td>{if e.free_once { "是".to_string() } else { e.repeat_reason.map_or_else(|| "否".to_string(), |r| format!("否（{r}）")) }}</td>
            <td>{e.attendance_percent.map(|p| format!("{p}%")).unwrap_or_default()}</td>
            <td class="result">{e.result_label}</td>
            <td>{e.score.map(|s| s.to_string()).unwrap_or_default()}</td>
            <td>{e.certificate_number.clone().unwrap_or_default()}</td>
            <td>{e.result_on.clone().unwrap_or_default()}</td>
            {can_grade.then(|| view! {
                <td>
                    <ActionForm action=grade attr:class="inline result-form">
                        <input type="hidden" name="programme_id" value=e.programme_id/>
                        <input type="hidden" name="id" value=e.id/>
                        <input type="hidden" name="version" value=e.version/>
                        <input name="attendance_percent" type="number" min="0" max="100" aria-label="出勤率（%）"
                            placeholder="出勤%" value=e.attendance_percent.map(|p| p.to_string()).unwrap_or_default()/>
                        <select name="result" aria-label="考核结果">
                            {EnrolmentResult::ALL.iter().map(|r| {
                                let selected = r.code() == result;
                                view! { <option value=r.code() selected=selected>{r.label()}</option> }
                            }).collect_view()}
                        </select>
                        <input name="score" type="number" min="0" max="100" aria-label="成绩" placeholder="成绩"
                            value=e.score.map(|s| s.to_string()).unwrap_or_default()/>
                        <input name="certificate_number" aria-label="证书编号" placeholder="证书编号（合格时）"
                            value=e.certificate_number.unwrap_or_default()/>
                        <select name="certificate_level" aria-label="证书等级">
                            {CertificateLevel::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.label()}</option> }).collect_view()}
                        </select>
                        <input name="result_on" type="date" aria-label="考核日期" value=e.result_on.unwrap_or_default()/>
                        <button type="submit" class="button small">"保存"</button>
                    </ActionForm>
                </td>
            })}
        </tr>
    }
}

/// The workers the caller may enrol: a company's active roster, a promoter's county's workers
/// who want training (first pages); a worker number otherwise (admins, or a long list).
#[component]
fn WorkerChoice(chosen: String) -> impl IntoView {
    let auth = Auth::use_auth();
    let candidates = Resource::new(
        move || auth.signed_in().map(|u| u.role),
        |role| async move {
            use crate::domain::role::Role;
            match role {
                Some(Role::Company) => crate::api::roster::roster(
                    None,
                    None,
                    Some("active".into()),
                    None,
                    Some("name".into()),
                    None,
                )
                .await
                .map(|p| {
                    p.workers
                        .into_iter()
                        .map(|w| (w.id, w.name))
                        .collect::<Vec<_>>()
                }),
                Some(Role::Promoter) => crate::api::households::county_workers(
                    None,
                    None,
                    None,
                    None,
                    Some("yes".into()),
                    None,
                    None,
                    None,
                )
                .await
                .map(|p| {
                    p.workers
                        .into_iter()
                        .map(|w| (w.worker_id, w.name))
                        .collect::<Vec<_>>()
                }),
                _ => Ok(Vec::new()),
            }
        },
    );
    view! {
        <Transition fallback=|| ()>
            {
                let chosen = chosen.clone();
                move || {
                    let chosen = chosen.clone();
                    match candidates.get().and_then(|r| r.ok()).filter(|list| !list.is_empty()) {
                        Some(list) => view! {
                            <select id="enrol-worker" name="worker_id">
                                {list.into_iter().map(|(id, name)| {
                                    let selected = id.to_string() == chosen;
                                    view! { <option value=id selected=selected>{format!("{name}（{id}）")}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any(),
                        None => view! {
                            <input id="enrol-worker" name="worker_id" type="number" min="1" required
                                placeholder="工人编号" value=chosen/>
                        }.into_any(),
                    }
                }
            }
        </Transition>
    }
}
