//! `/insurance`: flexible-employment social insurance (灵活就业人员参保) of a labour company's
//! workers: the enrolments with their arrears, the enrol form and the import of an insurance
//! agency's statement (works as a plain form post before the WebAssembly loads, in place
//! after); promoters and admins read their county's / the city's. `/insurance/{id}`: one
//! enrolment: its yearly bases, its monthly contributions (arrears marked), and the forms to set
//! a base, record a month and end the enrolment.

use crate::api::roster::roster;
use crate::api::subsidy::{
    EndInsurance, EnrolInsurance, RecordContribution, SetContributionBase, insurance_enrolment,
    insurance_enrolments,
};
use crate::api::types::{InsuranceEnrolmentView, RosterEntry};
use crate::domain::money::Fen;
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::pages::contracts::yuan_text;
use crate::ui::{
    Field, FormOutcome, LatestAnswer, OutcomeLine, form_outcome, general_message, successes,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Fields of the statement import: its errors are shown by the import form, not the enrol form.
const IMPORT_FIELDS: &[&str] = &["file", "mode"];

/// Errors the enrol form does not repeat under itself: its own fields' (shown by each field)
/// and the import's.
const ENROL_FORM_QUIET: &[&str] = &[
    "worker_id",
    "schemes",
    "start_period",
    "monthly_base_yuan",
    "file",
    "mode",
];

/// `2026-03 起`, or `2026-03 至 2026-12` once ended.
fn span(start: &str, end: Option<&str>) -> String {
    match end {
        Some(end) => format!("{start} 至 {end}"),
        None => format!("{start} 起"),
    }
}

/// `无`, or `3 个月 / 1408.00 元`.
pub fn arrears_text(months: usize, amount_fen: i64) -> String {
    if months == 0 {
        "无".to_string()
    } else {
        format!("{months} 个月 / {} 元", Fen(amount_fen))
    }
}

/// Where a month's record came from.
fn source_label(source: &str) -> &str {
    match source {
        "manual" => "手工录入",
        "statement" => "对账单导入",
        other => other,
    }
}

/// What the redirect after a plain-form import says (`?imported=&updated=&unchanged=&rejected=`).
fn redirect_summary(imported: &str, updated: &str, unchanged: &str, rejected: &str) -> String {
    let counts = format!("新增 {imported} 条，更新 {updated} 条，未变化 {unchanged} 条");
    match rejected.parse::<usize>().unwrap_or(0) {
        0 => format!("导入完成：{counts}。"),
        n => format!(
            "对账单中有 {n} 行有错误（选择“整个文件都不导入”时本次没有写入任何数据）；{counts}。启用 JavaScript 后重新导入可逐行查看错误原因。"
        ),
    }
}

#[component]
pub fn InsurancePage() -> impl IntoView {
    let auth = Auth::use_auth();
    let enrol = ServerAction::<EnrolInsurance>::new();
    let outcome = form_outcome(enrol.value());
    let enrolled = successes(enrol.value());
    let list = Resource::new(move || enrolled.get(), |_| insurance_enrolments(None));
    // A company picks the worker from its roster; officials only read.
    let workers = Resource::new(
        || (),
        move |_| async move {
            let company = auth
                .user
                .await
                .ok()
                .flatten()
                .is_some_and(|u| u.role == Role::Company);
            if company {
                roster(
                    None,
                    None,
                    Some("active".to_string()),
                    None,
                    Some("name".to_string()),
                    None,
                )
                .await
                .map(|page| Some((page.workers, page.total)))
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <Title text="社会保险"/>
        <section class="card">
            <h1>"社会保险"</h1>
            <Suspense fallback=|| ()>
                {move || match auth.signed_in().map(|u| u.role) {
                    Some(Role::Company) => Some(view! {
                        <p class="muted">"劳动者以灵活就业人员身份在户籍地参加基本养老保险和基本医疗保险。缴费基数不低于全省在岗职工平均工资的 40%，见"<a href="/manage/policy-parameters">"政策参数"</a>"。"</p>
                    }.into_any()),
                    Some(Role::Promoter | Role::Admin) => Some(view! {
                        <p class="muted">"您所辖范围内劳动者的参保和缴费情况，仅供查看。"</p>
                    }.into_any()),
                    _ => None,
                }}
            </Suspense>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="muted" id="no-insurance">"还没有参保记录。"</p>
                    }.into_any(),
                    Ok(rows) => view! { <EnrolmentTable rows/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || workers.get().map(|result| match result {
                Ok(Some((workers, total))) => view! {
                    <section class="card" id="enrol-insurance-section">
                        <h2>"参保登记"</h2>
                        <EnrolForm workers total enrol outcome/>
                    </section>
                    <section class="card" id="import-statement-section">
                        <h2>"导入社保对账单"</h2>
                        <StatementImport/>
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
fn EnrolmentTable(rows: Vec<InsuranceEnrolmentView>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table id="insurance-table">
                <thead><tr>
                    <th>"劳动者"</th><th>"险种"</th><th>"参保地"</th><th>"参保期间"</th>
                    <th class="num">"缴费基数（元/月）"</th><th class="num">"欠缴"</th><th></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|e| {
                        let base = e
                            .bases
                            .iter()
                            .max_by_key(|b| b.year)
                            .map(|b| format!("{}（{} 年）", Fen(b.monthly_base_fen), b.year))
                            .unwrap_or_else(|| "—".to_string());
                        let owed = !e.arrears.months.is_empty();
                        view! {
                            <tr data-enrolment=e.id data-worker=e.worker_id data-scheme=e.scheme.code()
                                class=if owed { "arrears" } else if e.active { "" } else { "ended" }>
                                <td>{e.worker_name.clone()}</td>
                                <td>{e.scheme_label.clone()}</td>
                                <td>{format!("{}（{}）", e.insured_county_name, e.insured_county_code)}</td>
                                <td>
                                    {span(&e.start_period, e.end_period.as_deref())}
                                    {(!e.active).then(|| view! { " "<span class="badge">"已停保"</span> })}
                                </td>
                                <td class="num">{base}</td>
                                <td class="num" data-arrears-months=e.arrears.months.len()>
                                    {arrears_text(e.arrears.months.len(), e.arrears.amount_fen)}
                                </td>
                                <td><a href=format!("/insurance/{}", e.id)>"查看"</a></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Enrols a roster worker: a list when the whole roster fits on one page, the worker's number
/// otherwise (with the first page as suggestions).
#[component]
fn EnrolForm(
    workers: Vec<RosterEntry>,
    total: u64,
    enrol: ServerAction<EnrolInsurance>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let all_listed = u64::try_from(workers.len()).is_ok_and(|n| n >= total);
    // Errors of the statement import (after a plain post) belong to the import form.
    let general = general_message(outcome, ENROL_FORM_QUIET);
    let worker_input = if all_listed {
        view! {
            <select id="ins-worker" name="worker_id" required>
                <option value="">"请选择劳动者"</option>
                {workers.into_iter().map(|w| view! {
                    <option value=w.id>{format!("{} · {}", w.name, w.id_number_masked)}</option>
                }).collect_view()}
            </select>
        }
        .into_any()
    } else {
        view! {
            <input id="ins-worker" name="worker_id" type="number" min="1" required list="ins-workers"
                inputmode="numeric" autocomplete="off" placeholder="劳动者编号"/>
            <datalist id="ins-workers">
                {workers.into_iter().map(|w| view! {
                    <option value=w.id>{format!("{} · {}", w.name, w.id_number_masked)}</option>
                }).collect_view()}
            </datalist>
            <small class="muted hint">"花名册人数较多：请填写劳动者编号（见"<a href="/roster">"花名册"</a>"中工人页面的地址）。"</small>
        }
        .into_any()
    };
    view! {
        <p class="muted">"在劳动者户籍所在县参保；缴费基数须在当年政策参数规定的上下限之间。"</p>
        <ActionForm action=enrol attr:class="form" attr:id="enrol-insurance">
            <Field id="ins-worker" name="worker_id" label="劳动者" outcome>
                {worker_input}
            </Field>
            <Field id="ins-start" name="start_period" label="参保起始月（YYYY-MM）" outcome>
                <input id="ins-start" name="start_period" type="month" required placeholder="2026-03"
                    pattern="[0-9]{4}-[0-9]{2}"/>
            </Field>
            <Field id="ins-base" name="monthly_base_yuan" label="月缴费基数（元）" outcome>
                <input id="ins-base" name="monthly_base_yuan" type="number" required min="0.01" step="0.01"
                    placeholder="如 2934"/>
            </Field>
            <fieldset class="benefits" id="ins-schemes">
                <legend>"险种"</legend>
                <label class="checkbox"><input type="checkbox" name="pension" value="on" checked/>" 基本养老保险"</label>
                <label class="checkbox"><input type="checkbox" name="medical" value="on" checked/>" 基本医疗保险"</label>
            </fieldset>
            <p class="field-error" role="alert" data-field="schemes">{crate::ui::field_message(outcome, "schemes")}</p>
            <p class="form-error" role="alert" id="enrol-insurance-error">{general}</p>
            <p class="success" role="status" id="enrol-insurance-result">
                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已参保登记。")}
            </p>
            <button type="submit" class="button primary" disabled=move || enrol.pending().get()>"参保登记"</button>
        </ActionForm>
    }
    .into_any()
}

/// The statement upload: posts `multipart/form-data` to the server function (in the background
/// once the WebAssembly has loaded, `ui::in_place`); the server redirects back with the counts.
#[component]
fn StatementImport() -> impl IntoView {
    let query = use_query_map();
    let redirect_error = move || {
        let q = query.read();
        let field = q.get("field").unwrap_or_default();
        q.get("error")
            .filter(|_| IMPORT_FIELDS.contains(&field.as_str()))
    };
    // After a plain-form import the server redirects here with the counts.
    let redirect_counts = move || {
        let q = query.read();
        q.get("imported").map(|imported| {
            let rejected = q.get("rejected").unwrap_or_default();
            let text = redirect_summary(
                &imported,
                &q.get("updated").unwrap_or_default(),
                &q.get("unchanged").unwrap_or_default(),
                &rejected,
            );
            let failed = !rejected.is_empty() && rejected != "0";
            view! {
                <p role="status" id="import-statement-summary" class=if failed { "form-error" } else { "success" }>{text}</p>
            }
        })
    };
    view! {
        <p class="muted">"社保经办机构的缴费对账单（.xlsx 或 CSV）：按身份证号和险种对应到参保记录，逐月记入实缴金额。重复导入同一对账单不会重复记账。"</p>
        <form class="form import-form" id="import-statement" method="post" action="/sfn/import_statement"
            enctype="multipart/form-data">
            <div class="field">
                <label for="statement-file">"对账单文件"</label>
                <input id="statement-file" name="file" type="file" required
                    accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
            </div>
            <div class="field">
                <label for="statement-mode">"有错误的行时"</label>
                <select id="statement-mode" name="mode">
                    <option value="good_rows" selected>"只导入正确的行"</option>
                    <option value="all_or_nothing">"整个文件都不导入"</option>
                </select>
            </div>
            <div class="actions">
                <button type="submit" class="button primary">"导入"</button>
            </div>
        </form>
        <div id="import-statement-result" aria-live="polite">
            <p class="form-error" role="alert">{redirect_error}</p>
            {redirect_counts}
        </div>
    }
    .into_any()
}

/// The actions of the enrolment page, created once with the page.
#[derive(Clone, Copy)]
struct EnrolmentActions {
    set_base: ServerAction<SetContributionBase>,
    record: ServerAction<RecordContribution>,
    end: ServerAction<EndInsurance>,
    outcome: Memo<Option<FormOutcome>>,
}

#[component]
pub fn InsuranceEnrolmentPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let id = crate::ui::route_id();
    let set_base = ServerAction::<SetContributionBase>::new();
    let record = ServerAction::<RecordContribution>::new();
    let end = ServerAction::<EndInsurance>::new();
    let outcome = LatestAnswer::new()
        .follow(set_base.value())
        .follow(record.value())
        .follow(end.value())
        .outcome();
    let actions = EnrolmentActions {
        set_base,
        record,
        end,
        outcome,
    };
    // Reload after a change that went through; a refused one keeps what was typed.
    let based = successes(set_base.value());
    let recorded = successes(record.value());
    let ended = successes(end.value());
    let data = Resource::new(
        move || (id(), based.get(), recorded.get(), ended.get()),
        |(id, ..)| insurance_enrolment(id),
    );
    view! {
        <Title text="参保记录"/>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || {
                let company = auth.signed_in().is_some_and(|u| u.role == Role::Company);
                data.get().map(|result| match result {
                    Ok(enrolment) => view! { <EnrolmentDetail enrolment company actions/> }.into_any(),
                    Err(e) => view! {
                        <section class="card">
                            <p><a href="/insurance">"← 社会保险"</a></p>
                            <h1>"参保记录"</h1>
                            <p class="form-error" role="alert">{e.message}</p>
                        </section>
                    }.into_any(),
                })
            }}
        </Transition>
    }
    .into_any()
}

#[component]
fn EnrolmentDetail(
    enrolment: InsuranceEnrolmentView,
    company: bool,
    actions: EnrolmentActions,
) -> impl IntoView {
    let e = enrolment;
    let outcome = actions.outcome;
    let owed: Vec<String> = e.arrears.months.clone();
    let latest_base = e
        .bases
        .iter()
        .max_by_key(|b| b.year)
        .map(|b| yuan_text(b.monthly_base_fen))
        .unwrap_or_default();
    let record_base = latest_base.clone();
    let mut bases = e.bases.clone();
    bases.sort_by_key(|b| std::cmp::Reverse(b.year));
    let recorded: Vec<&str> = e.contributions.iter().map(|c| c.period.as_str()).collect();
    let unrecorded: Vec<String> = owed
        .iter()
        .filter(|m| !recorded.contains(&m.as_str()))
        .cloned()
        .collect();
    let claims_href = format!("/subsidies?worker_id={}", e.worker_id);
    view! {
        <Title text=format!("参保记录 · {} · {}", e.worker_name, e.scheme_label)/>
        <section class="card" id="insurance-enrolment" data-enrolment=e.id>
            <p><a href="/insurance">"← 社会保险"</a></p>
            <h1>
                {format!("{} · {}", e.worker_name, e.scheme_label)}" "
                {if e.active {
                    view! { <span class="badge verified">"参保中"</span> }.into_any()
                } else {
                    view! { <span class="badge">"已停保"</span> }.into_any()
                }}
            </h1>
            <dl class="facts">
                <dt>"险种"</dt><dd>{e.scheme_label.clone()}</dd>
                <dt>"参保地"</dt><dd>{format!("{}（{}）", e.insured_county_name, e.insured_county_code)}</dd>
                <dt>"参保期间"</dt><dd>{span(&e.start_period, e.end_period.as_deref())}</dd>
                {e.end_reason.clone().map(|r| view! { <dt>"停保原因"</dt><dd class="prose">{r}</dd> })}
                <dt>"欠缴"</dt>
                <dd id="insurance-arrears" class=if owed.is_empty() { "" } else { "arrears-text" } data-arrears-months=owed.len()>
                    {arrears_text(owed.len(), e.arrears.amount_fen)}
                    {(!owed.is_empty()).then(|| format!("（{}）", owed.join("、")))}
                </dd>
                <dt>"补贴"</dt><dd><a href=claims_href>"查看该劳动者的补贴申请"</a></dd>
            </dl>
            <OutcomeLine outcome done="已保存。" id="insurance-result"/>
        </section>
        <section class="card" id="contribution-bases">
            <h2>"缴费基数"</h2>
            {if bases.is_empty() {
                view! { <p class="muted">"还没有设定缴费基数。"</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table id="base-table">
                            <thead><tr><th>"年度"</th><th class="num">"月缴费基数（元）"</th><th>"政策参数"</th></tr></thead>
                            <tbody>
                                {bases.into_iter().map(|b| view! {
                                    <tr data-year=b.year>
                                        <td>{b.year}</td>
                                        <td class="num">{Fen(b.monthly_base_fen).to_string()}</td>
                                        <td><a href=format!("/manage/policy-parameters#version-{}", b.policy_version_id)>{format!("版本 #{}", b.policy_version_id)}</a></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {company.then(|| view! {
                <h3>"设定年度缴费基数"</h3>
                <ActionForm action=actions.set_base attr:class="form" attr:id="set-contribution-base">
                    <input type="hidden" name="enrolment_id" value=e.id/>
                    <Field id="base-year" name="year" label="缴费年度" outcome>
                        <input id="base-year" name="year" type="number" required min="2000" max="2999" placeholder="如 2026"/>
                    </Field>
                    <Field id="base-amount" name="monthly_base_yuan" label="月缴费基数（元）" outcome>
                        <input id="base-amount" name="monthly_base_yuan" type="number" required min="0.01" step="0.01"
                            value=latest_base/>
                    </Field>
                    <button type="submit" class="button" disabled=move || actions.set_base.pending().get()>"保存基数"</button>
                </ActionForm>
            })}
        </section>
        <section class="card" id="contributions">
            <h2>"缴费记录"</h2>
            {(!unrecorded.is_empty()).then(|| view! {
                <p class="notice" id="unrecorded-months">"以下月份应缴未见缴费记录："{unrecorded.join("、")}</p>
            })}
            {if e.contributions.is_empty() {
                view! { <p class="muted" id="no-contributions">"还没有缴费记录。"</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table id="contribution-table">
                            <thead><tr>
                                <th>"费款所属期"</th><th class="num">"缴费基数"</th><th class="num">"应缴"</th>
                                <th class="num">"实缴"</th><th>"缴费日期"</th><th>"来源"</th>
                            </tr></thead>
                            <tbody>
                                {e.contributions.iter().map(|c| {
                                    let in_arrears = owed.contains(&c.period) || c.paid_fen < c.due_fen;
                                    view! {
                                        <tr data-period=c.period.clone() class=if in_arrears { "arrears" } else { "" }>
                                            <td>
                                                {c.period.clone()}
                                                {in_arrears.then(|| view! { " "<span class="badge arrears">"欠缴"</span> })}
                                            </td>
                                            <td class="num">{Fen(c.base_fen).to_string()}</td>
                                            <td class="num">{Fen(c.due_fen).to_string()}</td>
                                            <td class="num">{Fen(c.paid_fen).to_string()}</td>
                                            <td>{c.paid_on.clone().unwrap_or_else(|| "—".to_string())}</td>
                                            <td>{source_label(&c.source).to_string()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {company.then(|| view! {
                <h3>"记录一个月的缴费"</h3>
                <p class="muted">"同一月份再次记录会更正原记录；未缴费的月份实缴填 0、缴费日期留空。"</p>
                <ActionForm action=actions.record attr:class="form" attr:id="record-contribution">
                    <input type="hidden" name="enrolment_id" value=e.id/>
                    <Field id="contrib-period" name="period" label="费款所属期（YYYY-MM）" outcome>
                        <input id="contrib-period" name="period" type="month" required placeholder="2026-03"
                            pattern="[0-9]{4}-[0-9]{2}"/>
                    </Field>
                    <Field id="contrib-base" name="base_yuan" label="缴费基数（元）" outcome>
                        <input id="contrib-base" name="base_yuan" type="number" required min="0.01" step="0.01"
                            value=record_base/>
                    </Field>
                    <Field id="contrib-paid" name="paid_yuan" label="实缴金额（元）" outcome>
                        <input id="contrib-paid" name="paid_yuan" type="number" required min="0" step="0.01"/>
                    </Field>
                    <Field id="contrib-paid-on" name="paid_on" label="缴费日期" outcome>
                        <input id="contrib-paid-on" name="paid_on" type="date"/>
                    </Field>
                    <button type="submit" class="button primary" disabled=move || actions.record.pending().get()>"记录缴费"</button>
                </ActionForm>
            })}
        </section>
        {(company && e.active).then(|| view! {
            <section class="card" id="end-insurance-section">
                <h2>"停保"</h2>
                <p class="muted">"停保日期所在月份为最后一个应缴月份。"</p>
                <ActionForm action=actions.end attr:class="form" attr:id="end-insurance">
                    <input type="hidden" name="id" value=e.id/>
                    <Field id="ins-end-on" name="ended_on" label="停保日期" outcome>
                        <input id="ins-end-on" name="ended_on" type="date" required/>
                    </Field>
                    <Field id="ins-end-reason" name="reason" label="停保原因" outcome>
                        <input id="ins-end-reason" name="reason" required maxlength="200" placeholder="如 解除劳动合同"/>
                    </Field>
                    <button type="submit" class="button danger" disabled=move || actions.end.pending().get()>"停保"</button>
                </ActionForm>
            </section>
        })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrears_read_as_months_and_yuan() {
        assert_eq!(arrears_text(0, 0), "无");
        assert_eq!(arrears_text(2, 117_360), "2 个月 / 1173.60 元");
    }

    #[test]
    fn a_plain_import_says_what_happened() {
        assert_eq!(
            redirect_summary("3", "1", "0", "0"),
            "导入完成：新增 3 条，更新 1 条，未变化 0 条。"
        );
        assert!(redirect_summary("3", "0", "0", "2").starts_with("对账单中有 2 行有错误"));
    }
}
