//! `/roster`: a labour company's real-name roster. Import a ledger (works as a plain form post
//! before the WebAssembly loads; once hydrated, an island that shows progress and the report in
//! place), export it, and see the workers, masked.

use crate::api::roster::{RosterQuery, import_job, import_progress, import_roster, roster};
use crate::api::types::{RosterEntry, RosterPage};
use crate::domain::roster::CertificateLevel;
use crate::ui::import::{
    ImportChoices, ImportProgressLine, ImportResult, show_written_import, submit_upload,
};
use crate::ui::island::provide_page_url;
use crate::ui::percent_encode;
use leptos::prelude::*;
use leptos::web_sys::FormData;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RosterPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        RosterQuery {
            occupation: q.get("occupation"),
            level: q.get("level"),
            status: q.get("status"),
            certificate: q.get("certificate"),
            sort: q.get("sort"),
            page: q.get("page"),
            per_page: None,
        }
    };
    let workers = Resource::new(filter, |f| {
        roster(
            f.occupation,
            f.level,
            f.status,
            f.certificate,
            f.sort,
            f.page,
        )
    });

    view! {
        <Title text="花名册"/>
        <RosterImport/>
        <section class="card">
            <h2>"在册工人"</h2>
            <Form method="GET" action="/roster" attr:class="filters" attr:id="roster-filters">
                <input type="search" name="occupation" placeholder="工种，如 烹调" aria-label="工种"
                    prop:value=move || query.read().get("occupation").unwrap_or_default()/>
                <select name="level" aria-label="技能等级">
                    <option value="">"全部等级"</option>
                    {CertificateLevel::ALL.into_iter().map(|level| {
                        let code = level.code();
                        view! {
                            <option value=code selected=move || query.read().get("level").as_deref() == Some(code)>
                                {level.label()}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <select name="status" aria-label="状态">
                    {[("", "全部状态"), ("available", "可接单"), ("placed", "已输出"), ("published", "已发布"), ("unpublished", "未同意展示"), ("active", "在册"), ("inactive", "已停用")]
                        .into_iter()
                        .map(|(value, label)| view! {
                            <option value=value selected=move || query.read().get("status").unwrap_or_default() == value>{label}</option>
                        })
                        .collect_view()}
                </select>
                <select name="certificate" aria-label="证书核验">
                    {[("", "全部证书"), ("verified", "已核验"), ("unverified", "待核验"), ("rejected", "核验未通过")]
                        .into_iter()
                        .map(|(value, label)| view! {
                            <option value=value selected=move || query.read().get("certificate").unwrap_or_default() == value>{label}</option>
                        })
                        .collect_view()}
                </select>
                <select name="sort" aria-label="排序">
                    {[("-created", "最新在前"), ("created", "最早在前"), ("name", "姓名 A→Z"), ("-name", "姓名 Z→A")]
                        .into_iter()
                        .map(|(value, label)| view! {
                            <option value=value selected=move || query.read().get("sort").unwrap_or_else(|| "-created".into()) == value>{label}</option>
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || workers.get().map(|result| match result {
                    Ok(page) if page.total == 0 => view! { <p class="muted">"没有符合条件的工人（还没有工人时，请先导入台账）。"</p> }.into_any(),
                    Ok(page) => {
                        let pager = Pager::new(&page, filter());
                        view! {
                            <p class="muted">{format!("共 {} 人，第 {}/{} 页", page.total, page.page, pager.last_page)}</p>
                            <WorkerTable workers=page.workers/>
                            <nav class="pager" aria-label="分页">
                                {pager.previous.map(|href| view! { <a class="button small" href=href>"上一页"</a> })}
                                {pager.next.map(|href| view! { <a class="button small" href=href>"下一页"</a> })}
                            </nav>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The ledger import: an island, so the upload shows its progress and report in place; when
/// it wrote workers, the page loads again with the report, to list them.
#[island]
fn RosterImport() -> impl IntoView {
    provide_page_url();
    let upload = Action::new_local(|data: &FormData| import_roster(data.clone().into()));
    show_written_import(upload, "/roster");
    let on_submit = submit_upload(upload);
    // The upload's report, for the result area (a plain form post is redirected there).
    let latest = Signal::derive(move || upload.value().get().map(|r| r.map(|o| o.report)));

    view! {
        <section class="card">
            <h1>"实名花名册"</h1>
            <form class="form import-form" id="import-form" method="post" action="/sfn/import_roster"
                enctype="multipart/form-data" on:submit=on_submit>
                <div class="field">
                    <label for="ledger-file">"导入台账（.xlsx 或 CSV，表头：姓名、身份证号、手机号 …）"</label>
                    <input id="ledger-file" name="file" type="file" required
                        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                </div>
                <ImportChoices mode_id="import-mode" pending=upload.pending()>
                    <a class="button" href="/api/v1/rosters/export?format=xlsx" download="roster.xlsx">"导出 Excel"</a>
                    <a class="button" href="/api/v1/rosters/export?format=csv" download="roster.csv">"导出 CSV"</a>
                    <a class="button" href="/roster/workers/new" id="add-worker">"添加工人"</a>
                </ImportChoices>
            </form>
            <ImportProgressLine pending=upload.pending() fetch=import_progress/>
            <ImportResult latest stored=import_job/>
        </section>
    }
}

#[component]
fn WorkerTable(workers: Vec<RosterEntry>) -> impl IntoView {
    view! {
        // Plain form: prints without WebAssembly; the PDF opens in a new tab.
        <form id="qr-sheet-form" method="post" action="/api/v1/workers/qr-sheet" target="_blank">
        <div class="table-wrap">
            <table id="roster-table">
                <thead><tr>
                    <th><span class="visually-hidden">"选择"</span></th>
                    <th>"姓名"</th><th>"身份证号"</th><th>"手机号"</th><th>"性别"</th><th>"年龄"</th>
                    <th>"工种"</th><th>"等级"</th><th>"证书核验"</th><th>"状态"</th>
                </tr></thead>
                <tbody>
                    {workers.into_iter().map(|w| view! {
                        <tr>
                            <td>{w.active.then(|| view! {
                                <input type="checkbox" name="worker_id" value=w.id
                                    aria-label=format!("选择 {}", w.name)/>
                            })}</td>
                            <td><a href=format!("/roster/workers/{}", w.id)>{w.name.clone()}</a></td>
                            <td>{w.id_number_masked}</td>
                            <td>{w.phone_masked}</td>
                            <td>{if w.sex == "male" { "男" } else { "女" }}</td>
                            <td title=w.birth_date>{w.age}</td>
                            <td>{w.occupations.join("、")}</td>
                            <td>{w.certificate_level.clone().unwrap_or_default()}</td>
                            <td title=w.certificate_reject_reason.unwrap_or_default()>
                                {w.certificate_level.is_some().then(|| w.certificate_status.label())}
                            </td>
                            <td>{status_label(w.active, w.consented, w.placed)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="actions">
            <button type="submit" class="button small" id="qr-sheet-print">"打印所选劳动者的二维码卡片（PDF）"</button>
            <small class="muted hint">"每人生成新码（有效一年），原来的码随即作废；每页 12 张，沿框线裁剪。"</small>
        </p>
        </form>
    }
}

/// Links to the neighbouring pages, keeping the filter.
struct Pager {
    last_page: u64,
    previous: Option<String>,
    next: Option<String>,
}

impl Pager {
    fn new(page: &RosterPage, filter: RosterQuery) -> Self {
        let last_page = page.total.div_ceil(page.per_page).max(1);
        let href = |number: u64| {
            let mut params: Vec<String> = [
                ("occupation", &filter.occupation),
                ("level", &filter.level),
                ("status", &filter.status),
                ("certificate", &filter.certificate),
                ("sort", &filter.sort),
            ]
            .into_iter()
            .filter_map(|(key, value)| {
                value
                    .as_ref()
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{key}={}", percent_encode(v)))
            })
            .collect();
            params.push(format!("page={number}"));
            format!("/roster?{}", params.join("&"))
        };
        Pager {
            last_page,
            previous: (page.page > 1).then(|| href(page.page - 1)),
            next: (page.page < last_page).then(|| href(page.page + 1)),
        }
    }
}

/// The roster's status column.
fn status_label(active: bool, consented: bool, placed: bool) -> &'static str {
    match (active, consented, placed) {
        (false, _, _) => "已停用",
        (true, _, true) => "已输出",
        (true, false, false) => "在册（未同意展示）",
        (true, true, false) => "已发布，可接单",
    }
}
