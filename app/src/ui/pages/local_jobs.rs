//! `/local-jobs`: 就地就近就业 — the jobs at home of rostered workers (a company's own, a
//! county's, the city's), ended when they end; `/local-jobs/new?worker=ID` records one for a
//! worker picked from the roster, the county's workers or a household.

use crate::api::local_jobs::{
    EndLocalJob, LocalJobPage, LocalJobView, RecordLocalJob, local_job_worker, local_jobs,
};
use crate::domain::local_job::LocalJobKind;
use crate::ui::{
    Field, FormOutcome, LatestAnswer, OutcomeLine, PagerLinks, form_outcome, general_message,
    page_href,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LocalJobsPage() -> impl IntoView {
    let query = use_query_map();
    let end = ServerAction::<EndLocalJob>::new();
    let answer = LatestAnswer::new().follow(end.value());
    let ended = crate::ui::successes(end.value());
    let params = move || {
        let q = query.read();
        (q.get("county"), q.get("active"), q.get("page"))
    };
    let list = Resource::new(
        move || (params(), ended.get()),
        |((county, active, page), _)| local_jobs(county, None, active, page),
    );
    let active = move || query.read().get("active").unwrap_or_default();
    view! {
        <Title text="就地就近就业"/>
        <section class="card">
            <h1>"就地就近就业"</h1>
            <p class="muted">
                "公益性岗位、扶贫车间、合作社/公司+农户、本地企业、重点项目和自主创业。在岗期间，劳动者所在的建档立卡户计为已就业。"
                "登记新的就业：劳务公司从"<a href="/roster">"花名册"</a>"的工人页面，县区从"<a href="/county-workers">"县域劳动力"</a>"或建档立卡户页面进入。"
            </p>
            <Form method="GET" action="/local-jobs" attr:class="filters" attr:id="local-job-filters">
                <select name="active" aria-label="在岗">
                    <option value="">"全部"</option>
                    <option value="yes" selected=move || active() == "yes">"在岗"</option>
                    <option value="no" selected=move || active() == "no">"已结束或未开始"</option>
                </select>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <OutcomeLine outcome=answer.outcome() done="已登记结束。" id="local-job-result"/>
            // A job recorded on its own page lands here.
            {move || query.read().get("recorded").map(|_| view! {
                <p class="success" role="status" id="local-job-recorded">"已登记。"</p>
            })}
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(page) if page.total == 0 => view! { <p class="muted">"还没有就地就近就业记录。"</p> }.into_any(),
                    Ok(page) => {
                        let (_, active, _) = params();
                        view! { <JobTable page active end/> }.into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn JobTable(
    page: LocalJobPage,
    active: Option<String>,
    end: ServerAction<EndLocalJob>,
) -> impl IntoView {
    let last_page = page.total.div_ceil(page.per_page).max(1);
    let href = move |number: u64| page_href("/local-jobs", &[("active", &active)], number);
    view! {
        <p class="muted">{format!("共 {} 条，第 {}/{} 页", page.total, page.page, last_page)}</p>
        <div class="table-wrap">
            <table id="local-job-table">
                <thead><tr>
                    <th>"劳动者"</th><th>"劳务公司"</th><th>"区县"</th><th>"形式"</th><th>"单位或项目"</th>
                    <th>"开始"</th><th>"结束"</th><th>"状态"</th><th></th>
                </tr></thead>
                <tbody>
                    {page.jobs.into_iter().map(|job| view! { <JobRow job end/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <PagerLinks page=page.page last_page href/>
    }
}

#[component]
fn JobRow(job: LocalJobView, end: ServerAction<EndLocalJob>) -> impl IntoView {
    let open = job.ends_on.is_none();
    view! {
        <tr>
            <td>{job.worker_name}</td><td>{job.company_name}</td><td>{job.county_name}</td>
            <td>{job.kind_label}</td><td>{job.employer_name}</td>
            <td>{job.starts_on}</td><td>{job.ends_on.unwrap_or_default()}</td>
            <td>{if job.active { "在岗" } else { "不在岗" }}</td>
            <td>
                {open.then(|| view! {
                    <ActionForm action=end attr:class="inline">
                        <input type="hidden" name="id" value=job.id/>
                        <input type="hidden" name="version" value=job.version/>
                        <input type="date" name="ends_on" required aria-label="最后在岗日"/>
                        <button type="submit" class="button small">"登记结束"</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

const FIELDS: &[&str] = &["worker_id", "kind", "employer_name", "starts_on", "ends_on"];

/// `/local-jobs/new?worker=ID`.
#[component]
pub fn NewLocalJobPage() -> impl IntoView {
    let query = use_query_map();
    let record = ServerAction::<RecordLocalJob>::new();
    let outcome = form_outcome(record.value());
    let worker_id = move || {
        query
            .read()
            .get("worker")
            .and_then(|w| w.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let worker = Resource::new(worker_id, local_job_worker);
    view! {
        <Title text="登记就地就近就业"/>
        <section class="card">
            <p><a href="/local-jobs">"← 就地就近就业"</a></p>
            <h1>"登记就地就近就业"</h1>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || worker.get().map(|result| match result {
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    Ok(w) => view! {
                        <dl class="facts">
                            <dt>"劳动者"</dt><dd id="local-job-worker">{w.name.clone()}</dd>
                            <dt>"劳务公司"</dt><dd>{w.company_name.clone()}</dd>
                            <dt>"户籍区县"</dt><dd>{w.county_name.clone()}</dd>
                            <dt>"建档立卡户编号"</dt><dd>{w.household_number.clone().unwrap_or_else(|| "（无）".to_string())}</dd>
                        </dl>
                        <ActionForm action=record attr:class="form" attr:id="local-job-form">
                            <input type="hidden" name="worker_id" value=w.worker_id/>
                            <Field id="lj-kind" name="kind" label="就业形式" outcome>
                                <select id="lj-kind" name="kind">
                                    {LocalJobKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label()}</option> }).collect_view()}
                                </select>
                            </Field>
                            <Field id="lj-employer" name="employer_name" label="用工单位、车间、合作社或项目名称（自主创业填经营项目）" outcome>
                                <input id="lj-employer" name="employer_name" required maxlength="64"/>
                            </Field>
                            <Field id="lj-start" name="starts_on" label="开始日期" outcome>
                                <input id="lj-start" name="starts_on" type="date" required/>
                            </Field>
                            <Field id="lj-end" name="ends_on" label="结束日期（仍在岗则留空）" outcome>
                                <input id="lj-end" name="ends_on" type="date"/>
                            </Field>
                            <p class="form-error" role="alert" id="local-job-error">{general_message(outcome, FIELDS)}</p>
                            <p class="success" role="status">
                                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已登记。")}
                            </p>
                            <button type="submit" class="button primary" disabled=move || record.pending().get()>"登记"</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
