//! `/audit`: the audit log for admins (everything) and promoters (their county): who did what
//! to which record, when, from where; filters in the URL, an .xlsx export of what is shown.
//! Also the panel of a worker's page that says who saw the worker's unmasked data.

use crate::api::audit::{AuditPage, AuditQuery, audit_log, worker_disclosures};
use crate::ui::{PagerLinks, page_href, percent_encode};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        let text = |key: &str| q.get(key).filter(|v| !v.trim().is_empty());
        AuditQuery {
            actor: text("actor"),
            action: text("action"),
            target: text("target"),
            from: text("from"),
            to: text("to"),
            page: q.get("page").and_then(|p| p.parse().ok()),
        }
    };
    let page = Resource::new(filters, audit_log);
    let value = move |key: &'static str| move || query.read().get(key).unwrap_or_default();
    view! {
        <Title text="审计日志"/>
        <section class="card">
            <h1>"审计日志"</h1>
            <p class="muted">"每条记录都串入带密钥的哈希链：数据库里改动、删除或插入的记录，都会被 laowu audit verify 指出。"</p>
            <Form method="GET" action="/audit" attr:class="filters" attr:id="audit-filters">
                <input name="actor" placeholder="操作人（登录名）" aria-label="操作人" value=value("actor")/>
                <input name="action" placeholder="操作，如 worker." aria-label="操作" value=value("action")/>
                <input name="target" placeholder="对象，如 worker:12" aria-label="对象" value=value("target")/>
                <input name="from" type="date" aria-label="开始日期" value=value("from")/>
                <input name="to" type="date" aria-label="结束日期" value=value("to")/>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || page.get().map(|result| match result {
                    Ok(p) => view! { <AuditTable p filters=filters()/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AuditTable(p: AuditPage, filters: AuditQuery) -> impl IntoView {
    let last_page = p.total.div_ceil(p.per_page).max(1);
    let params = [
        ("actor", filters.actor.clone()),
        ("action", filters.action.clone()),
        ("target", filters.target.clone()),
        ("from", filters.from.clone()),
        ("to", filters.to.clone()),
    ];
    let export = params
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", percent_encode(v))))
        .collect::<Vec<_>>()
        .join("&");
    let href = move |n: u64| {
        let borrowed: Vec<(&str, &Option<String>)> = params.iter().map(|(k, v)| (*k, v)).collect();
        page_href("/audit", &borrowed, n)
    };
    view! {
        <p class="muted">
            {format!("共 {} 条，第 {}/{} 页 · ", p.total, p.page, last_page)}
            <a id="audit-export" href=format!("/api/v1/audit/export.xlsx?{export}")>"导出 .xlsx"</a>
        </p>
        {if p.rows.is_empty() {
            view! { <p class="muted" id="no-audit">"没有符合条件的记录。"</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table id="audit-table">
                        <thead><tr>
                            <th class="num">"序号"</th><th>"时间"</th><th>"操作人"</th><th>"操作"</th>
                            <th>"对象"</th><th>"结果"</th><th>"来源"</th><th>"说明"</th>
                        </tr></thead>
                        <tbody>
                            {p.rows.into_iter().map(|r| view! {
                                <tr data-seq=r.seq>
                                    <td class="num">{r.seq}</td>
                                    <td>{r.at}</td>
                                    <td>{r.actor}{r.actor_role.map(|role| format!(" · {role}"))}</td>
                                    <td>{r.action}</td>
                                    <td>{r.target.unwrap_or_default()}</td>
                                    <td>{r.outcome}</td>
                                    <td>{r.client_ip.unwrap_or_default()}</td>
                                    <td>{r.detail.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <PagerLinks page=p.page last_page href/>
    }
}

/// On a worker's page: who saw the worker's full ID or phone number, when and why.
#[component]
pub fn WorkerDisclosures(worker_id: i32) -> impl IntoView {
    let seen = Resource::new(move || worker_id, worker_disclosures);
    view! {
        <section class="card" id="worker-disclosures">
            <h2>"谁查看过完整信息"</h2>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || seen.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted" id="no-disclosures">"还没有人查看过完整身份证号或手机号。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="history">
                            {rows.into_iter().map(|d| view! {
                                <li><span class="muted">{d.at}</span>" · "{d.who}" · "{d.what}" · "{d.why}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
