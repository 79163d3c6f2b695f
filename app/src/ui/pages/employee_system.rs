//! `/employee-system`: the 员工制 board. A labour company sees the workers it employs under
//! 员工制 (contract, work arrangements, placement, insurance, subsidy months used, arrears and
//! claims), enrols a worker under a signed 员工制 contract and ends an enrolment; promoters and
//! admins read their county's / the city's board. Sorting is carried in the URL
//! (`?sort=worker|started_on|arrears|months_used|claims&order=asc|desc`), and the same order is
//! exported as Excel.

use crate::api::subsidy::{
    EndEmployeeSystem, EnrolEmployeeSystem, employee_system_board, employee_system_candidates,
};
use crate::api::types::{EmployeeSystemCandidate, EmployeeSystemRow};
use crate::domain::insurance::WorkArrangement;
use crate::domain::money::Fen;
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::{
    Field, FormOutcome, LatestAnswer, OutcomeLine, field_message, general_message, percent_encode,
    successes,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const ENROL_FIELDS: &[&str] = &[
    "contract_id",
    "started_on",
    "work_arrangements",
    "ended_on",
    "reason",
];

/// The sortable columns: the `sort` value and the header.
const SORTABLE: [(&str, &str); 5] = [
    ("worker", "劳动者"),
    ("started_on", "纳入日期"),
    ("months_used", "补贴月数"),
    ("arrears", "欠缴"),
    ("claims", "补贴申请"),
];

/// The link of a sortable header: ascending first; descending when the board is already sorted
/// ascending by that column.
pub fn sort_href(column: &str, sort: &str, order: &str) -> String {
    let next = if sort == column && order != "desc" {
        "desc"
    } else {
        "asc"
    };
    format!("/employee-system?sort={column}&order={next}")
}

/// `aria-sort` of a header, when the board is sorted by it.
fn aria_sort(column: &str, sort: &str, order: &str) -> Option<&'static str> {
    (sort == column).then_some(if order == "desc" {
        "descending"
    } else {
        "ascending"
    })
}

/// The Excel export of the board in the order shown.
pub fn export_href(sort: &str, order: &str) -> String {
    format!(
        "/api/v1/employee-system/export.xlsx?sort={}&order={}",
        percent_encode(sort),
        percent_encode(order)
    )
}

#[component]
pub fn EmployeeSystemPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let sort = move || query.read().get("sort").unwrap_or_default();
    let order = move || query.read().get("order").unwrap_or_default();
    let enrol = ServerAction::<EnrolEmployeeSystem>::new();
    let end = ServerAction::<EndEmployeeSystem>::new();
    let outcome = LatestAnswer::new()
        .follow(enrol.value())
        .follow(end.value())
        .outcome();
    // Reload after a change that went through; a refused one keeps what was typed.
    let enrolled = successes(enrol.value());
    let ended = successes(end.value());
    let board = Resource::new(
        move || (sort(), order(), enrolled.get(), ended.get()),
        |(sort, order, ..)| {
            let given = |v: String| Some(v).filter(|v| !v.is_empty());
            employee_system_board(given(sort), given(order))
        },
    );
    // Only a labour company enrols; officials are not asked.
    let candidates = Resource::new(
        move || (enrolled.get(), ended.get()),
        move |_| async move {
            let company = auth
                .user
                .await
                .ok()
                .flatten()
                .is_some_and(|u| u.role == Role::Company);
            if company {
                employee_system_candidates().await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <Title text="员工制"/>
        <section class="card">
            <h1>"员工制管理"</h1>
            <Suspense fallback=|| ()>
                {move || match auth.signed_in().map(|u| u.role) {
                    Some(Role::Company) => Some(view! {
                        <p class="muted">"贵公司与劳动者签订员工制劳动合同、派往用工单位工作，并在户籍地为其缴纳社会保险。社会保险补贴最长 36 个月，按实际缴费计算。"</p>
                    }.into_any()),
                    Some(Role::Promoter | Role::Admin) => Some(view! {
                        <p class="muted">"您所辖范围内劳务公司的员工制劳动者，仅供查看。"</p>
                    }.into_any()),
                    _ => None,
                }}
            </Suspense>
            <OutcomeLine outcome done="已保存。" id="employee-system-result"/>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || {
                    let company = auth.signed_in().is_some_and(|u| u.role == Role::Company);
                    board.get().map(|result| match result {
                        Ok(rows) if rows.is_empty() => view! {
                            <p class="muted" id="no-employee-system">"还没有纳入员工制的劳动者。"</p>
                        }.into_any(),
                        Ok(rows) => view! {
                            <p class="actions">
                                <a class="button small" id="employee-system-export" href=export_href(&sort(), &order())
                                    download="employee-system.xlsx">"导出 Excel"</a>
                            </p>
                            <BoardTable rows sort=sort() order=order() company end/>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    })
                }}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || candidates.get().map(|result| match result {
                Ok(Some(candidates)) => view! {
                    <section class="card" id="enrol-employee-system-section">
                        <h2>"纳入员工制"</h2>
                        <EnrolForm candidates enrol outcome/>
                    </section>
                }.into_any(),
                Ok(None) => ().into_any(),
                Err(e) => view! {
                    <section class="card"><p class="form-error" role="alert">{e.message}</p></section>
                }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn SortHeader(
    column: &'static str,
    label: &'static str,
    sort: String,
    order: String,
) -> impl IntoView {
    let arrow = match aria_sort(column, &sort, &order) {
        Some("descending") => " ▼",
        Some(_) => " ▲",
        None => "",
    };
    view! {
        <th aria-sort=aria_sort(column, &sort, &order) data-sort=column>
            <a class="sort" href=sort_href(column, &sort, &order)>{label}{arrow}</a>
        </th>
    }
}

#[component]
fn BoardTable(
    rows: Vec<EmployeeSystemRow>,
    sort: String,
    order: String,
    company: bool,
    end: ServerAction<EndEmployeeSystem>,
) -> impl IntoView {
    let header = |column: &'static str| {
        let label = SORTABLE
            .iter()
            .find(|(c, _)| *c == column)
            .map_or(column, |(_, l)| *l);
        view! { <SortHeader column label sort=sort.clone() order=order.clone()/> }
    };
    view! {
        <div class="table-wrap">
            <table id="employee-system-table">
                <thead>
                    <tr>
                        {header("worker")}
                        <th>"劳动合同"</th>
                        <th>"用工方式"</th>
                        {header("started_on")}
                        <th>"输出就业"</th>
                        <th>"参保情况"</th>
                        {header("months_used")}
                        {header("arrears")}
                        {header("claims")}
                        {company.then(|| view! { <th>"操作"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! { <BoardRow row company end/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn BoardRow(
    row: EmployeeSystemRow,
    company: bool,
    end: ServerAction<EndEmployeeSystem>,
) -> impl IntoView {
    let e = row.enrolment;
    let id = e.id;
    let started = match (&e.ended_on, &e.end_reason) {
        (Some(on), Some(reason)) => format!("{} 至 {on}（{reason}）", e.started_on),
        (Some(on), None) => format!("{} 至 {on}", e.started_on),
        _ => e.started_on.clone(),
    };
    let placement = match (row.placement, row.placement_state) {
        (Some(p), Some(state)) => format!("{p}（{state}）"),
        (Some(p), None) => p,
        (None, _) => "未上岗".to_string(),
    };
    let arrears = if row.arrears_months == 0 {
        "无".to_string()
    } else {
        format!("{} 个月 / {} 元", row.arrears_months, Fen(row.arrears_fen))
    };
    let claims = format!("{} 条 / {} 元", row.claims, Fen(row.claims_fen));
    let claims_href = format!("/subsidies?worker_id={}", e.worker_id);
    let on_id = format!("es-end-{id}-on");
    let reason_id = format!("es-end-{id}-reason");
    let class = match (e.active, row.arrears_months > 0) {
        (false, _) => "ended",
        (true, true) => "arrears",
        (true, false) => "",
    };
    view! {
        <tr data-enrolment=id data-worker=e.worker_id data-active=if e.active { "true" } else { "false" } class=class>
            <td>{e.worker_name.clone()}{(!e.active).then(|| view! { " "<span class="badge">"已结束"</span> })}</td>
            <td><a href=format!("/contracts/{}", e.contract_id)>{e.contract_state_label.clone()}</a></td>
            <td>{e.work_arrangements_label.clone()}</td>
            <td class="wrap">{started}</td>
            <td class="wrap">{placement}</td>
            <td class="wrap">{row.insurance_state.clone()}</td>
            <td class="num" data-months-used=row.subsidised_months>{format!("{}/{}", row.subsidised_months, row.max_subsidised_months)}</td>
            <td class="num" data-arrears-months=row.arrears_months>{arrears}</td>
            <td class="num"><a href=claims_href>{claims}</a></td>
            {company.then(|| view! {
                <td class="decisions">
                    {e.active.then(|| view! {
                        <ActionForm action=end attr:class="inline end-employee-system-form" attr:id=format!("end-employee-system-{id}")>
                            <input type="hidden" name="id" value=id/>
                            <label for=on_id.clone() class="visually-hidden">"结束日期"</label>
                            <input id=on_id name="ended_on" type="date" required/>
                            <label for=reason_id.clone() class="visually-hidden">"结束原因"</label>
                            <input id=reason_id name="reason" required maxlength="200" placeholder="结束原因，如 合同期满"/>
                            <button type="submit" class="button small danger" disabled=move || end.pending().get()>"结束"</button>
                        </ActionForm>
                    })}
                </td>
            })}
        </tr>
    }
    .into_any()
}

/// The enrol form: the contract (its worker and employer), the start date and the work
/// arrangements, preselected from what the first contract agreed. (Rendered on the server: when
/// another contract is chosen, the date and arrangements are the user's to set.)
#[component]
fn EnrolForm(
    candidates: Vec<EmployeeSystemCandidate>,
    enrol: ServerAction<EnrolEmployeeSystem>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let Some(first) = candidates.first().cloned() else {
        return view! {
            <p class="muted" id="no-employee-system-candidates">
                "没有待纳入的员工制合同。先在"<a href="/contracts">"劳动合同"</a>"中与劳动者签订用工形式为“员工制”的合同，签署生效后即可在这里纳入。"
            </p>
        }
        .into_any();
    };
    let (chosen, set_chosen) = signal(first.contract_id);
    let list = StoredValue::new(candidates.clone());
    let candidate =
        move |id: i32| list.with_value(|l| l.iter().find(|c| c.contract_id == id).cloned());
    view! {
        <p class="muted">"劳动者须已与贵公司签订员工制劳动合同。请至少选择一种用工方式。"</p>
        <ActionForm action=enrol attr:class="form" attr:id="enrol-employee-system">
            <Field id="es-contract" name="contract_id" label="员工制劳动合同" outcome>
                <select id="es-contract" name="contract_id" required
                    on:change=move |ev| {
                        if let Ok(id) = event_target_value(&ev).parse::<i32>() {
                            set_chosen.set(id);
                        }
                    }>
                    {candidates.into_iter().map(|c| view! {
                        <option value=c.contract_id selected=c.contract_id == first.contract_id data-worker=c.worker_id>
                            {format!("{} · {} · {} 起（合同 #{}）", c.worker_name, c.employer_name, c.start_date, c.contract_id)}
                        </option>
                    }).collect_view()}
                </select>
            </Field>
            <Field id="es-started" name="started_on" label="纳入员工制日期" outcome>
                <input id="es-started" name="started_on" type="date" required value=first.start_date.clone()
                    prop:value=move || candidate(chosen.get()).map(|c| c.start_date).unwrap_or_default()/>
            </Field>
            <fieldset class="benefits" id="es-arrangements">
                <legend>"用工方式"</legend>
                {WorkArrangement::ALL.into_iter().map(|a| {
                    let initially = first.work_arrangements.contains(&a);
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" name=a.code() value="on" checked=initially
                                prop:checked=move || candidate(chosen.get()).is_some_and(|c| c.work_arrangements.contains(&a))/>
                            " "{a.label()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <p class="field-error" role="alert" data-field="work_arrangements">{field_message(outcome, "work_arrangements")}</p>
            <p class="form-error" role="alert" id="enrol-employee-system-error">{general_message(outcome, ENROL_FIELDS)}</p>
            <button type="submit" class="button primary" disabled=move || enrol.pending().get()>"纳入员工制"</button>
        </ActionForm>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_sorts_ascending_first_then_toggles() {
        assert_eq!(
            sort_href("worker", "", ""),
            "/employee-system?sort=worker&order=asc"
        );
        assert_eq!(
            sort_href("worker", "worker", "asc"),
            "/employee-system?sort=worker&order=desc"
        );
        assert_eq!(
            sort_href("worker", "worker", "desc"),
            "/employee-system?sort=worker&order=asc"
        );
        assert_eq!(
            sort_href("arrears", "worker", "desc"),
            "/employee-system?sort=arrears&order=asc"
        );
        assert_eq!(aria_sort("claims", "claims", "desc"), Some("descending"));
        assert_eq!(aria_sort("claims", "worker", "desc"), None);
    }

    #[test]
    fn the_export_keeps_the_order_shown() {
        assert_eq!(
            export_href("arrears", "desc"),
            "/api/v1/employee-system/export.xlsx?sort=arrears&order=desc"
        );
        assert_eq!(
            export_href("", ""),
            "/api/v1/employee-system/export.xlsx?sort=&order="
        );
    }
}
