//! `/county-workers`: every worker rostered from the county, read-only and masked, for a
//! promoter to find the households still without work: by township and village, household
//! status, training and employment wish, and whether at work today.

use crate::api::households::{CountyWorkerPage, CountyWorkerQuery, county_workers};
use crate::domain::roster::PovertyStatus;
use crate::ui::auth::Auth;
use crate::ui::{CountyFilter, PagerLinks, page_href, percent_encode};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CountyWorkersPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        CountyWorkerQuery {
            county: q.get("county"),
            township: q.get("township"),
            village: q.get("village"),
            status: q.get("status"),
            training_wish: q.get("training_wish"),
            employment_wish: q.get("employment_wish"),
            employed: q.get("employed"),
            page: q.get("page"),
            per_page: None,
        }
    };
    let list = Resource::new(filter, |f| {
        county_workers(
            f.county,
            f.township,
            f.village,
            f.status,
            f.training_wish,
            f.employment_wish,
            f.employed,
            f.page,
        )
    });
    let is_admin = move || {
        auth.signed_in()
            .is_some_and(|u| u.role == crate::domain::role::Role::Admin)
    };
    let value = move |key: &'static str| move || query.read().get(key).unwrap_or_default();
    let yes_no =
        move |name: &'static str, label: &'static str, yes: &'static str, no: &'static str| {
            let current = value(name);
            view! {
                <select name=name aria-label=label>
                    <option value="">{format!("{label}：全部")}</option>
                    <option value="yes" selected=move || current() == "yes">{yes}</option>
                    <option value="no" selected=move || current() == "no">{no}</option>
                </select>
            }
        };
    view! {
        <Title text="县域劳动力"/>
        <section class="card">
            <h1>"县域劳动力"</h1>
            <p class="muted">"本县（按户籍，未填户籍时按所属劳务公司）在册的全部劳动者，只读；身份证号和手机号已遮蔽。查看记入审计日志。"</p>
            <Form method="GET" action="/county-workers" attr:class="filters" attr:id="county-worker-filters">
                <Transition fallback=|| ()>{move || is_admin().then(|| view! { <CountyFilter/> })}</Transition>
                <input type="search" name="township" placeholder="乡镇" aria-label="乡镇" prop:value=value("township")/>
                <input type="search" name="village" placeholder="村" aria-label="村" prop:value=value("village")/>
                <select name="status" aria-label="户脱贫状态">
                    <option value="">"户状态：全部"</option>
                    {PovertyStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=move || query.read().get("status").as_deref() == Some(s.code())>{s.label()}</option>
                    }).collect_view()}
                </select>
                {yes_no("training_wish", "培训意愿", "有培训意愿", "无培训意愿")}
                {yes_no("employment_wish", "就业意愿", "有就业意愿", "无就业意愿")}
                {yes_no("employed", "就业", "在岗", "未就业")}
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(page) if page.total == 0 => view! { <p class="muted">"没有符合条件的劳动者。"</p> }.into_any(),
                    Ok(page) => view! { <WorkerTable page query=filter()/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn WorkerTable(page: CountyWorkerPage, query: CountyWorkerQuery) -> impl IntoView {
    let last_page = page.total.div_ceil(page.per_page).max(1);
    let href = move |number: u64| {
        page_href(
            "/county-workers",
            &[
                ("county", &query.county),
                ("township", &query.township),
                ("village", &query.village),
                ("status", &query.status),
                ("training_wish", &query.training_wish),
                ("employment_wish", &query.employment_wish),
                ("employed", &query.employed),
            ],
            number,
        )
    };
    view! {
        <p class="muted">{format!("共 {} 人，第 {}/{} 页", page.total, page.page, last_page)}</p>
        <div class="table-wrap">
            <table id="county-worker-table">
                <thead><tr>
                    <th>"姓名"</th><th>"身份证号"</th><th>"手机号"</th><th>"性别"</th><th>"年龄"</th>
                    <th>"劳务公司"</th><th>"工种"</th><th>"户编号"</th><th>"乡镇 · 村"</th><th>"户状态"</th>
                    <th>"培训意愿"</th><th>"就业意愿"</th><th>"就业情况"</th><th></th>
                </tr></thead>
                <tbody>
                    {page.workers.into_iter().map(|w| view! {
                        <tr>
                            <td>{w.name}</td><td>{w.id_number_masked}</td><td>{w.phone_masked}</td>
                            <td>{if w.sex == "female" { "女" } else { "男" }}</td>
                            <td>{if w.working_age { w.age.to_string() } else { format!("{}（非劳动年龄）", w.age) }}</td>
                            <td>{w.company_name}</td><td>{w.occupations.join("、")}</td>
                            <td>{w.household_number.clone().map(|n| view! {
                                <a href=format!("/households?q={}", percent_encode(&n))>{n.clone()}</a>
                            })}</td>
                            <td>{match (w.township, w.village) {
                                (Some(t), Some(v)) => format!("{t} · {v}"),
                                _ => String::new(),
                            }}</td>
                            <td>{w.household_status_label.unwrap_or_default()}</td>
                            <td>{if w.training_wish { "有" } else { "无" }}</td>
                            <td>{if w.employment_wish { "有" } else { "无" }}</td>
                            <td>{w.work.unwrap_or_else(|| "未就业".to_string())}</td>
                            <td><a href=format!("/local-jobs/new?worker={}", w.worker_id)>"登记就地就业"</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <PagerLinks page=page.page last_page href/>
    }
}
