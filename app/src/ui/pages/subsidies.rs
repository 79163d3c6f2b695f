//! `/subsidies`: the subsidy claims (补贴申请) the caller may see, filtered by a plain GET form
//! (state, kind, year, county for officials; `worker_id` from other pages); officials also get
//! the totals by county, kind and year, the Excel export and a recomputation.
//! `/subsidies/{id}`: one claim with the reasons for its amount (rule, parameter version, inputs,
//! formula); its claimant adds evidence and submits it, officials approve, reject or mark it
//! paid. Every form carries the claim's `row_version`: a stale one is refused.

use crate::api::brands::counties;
use crate::api::subsidy::{
    ApproveClaim, AttachClaimEvidence, PayClaim, RecomputeClaims, RejectClaim, SubmitClaim,
    claim_totals, subsidy_claim, subsidy_claims,
};
use crate::api::types::{ClaimTotal, ClaimView, County};
use crate::domain::access::SessionUser;
use crate::domain::money::Fen;
use crate::domain::role::{Role, Scope};
use crate::domain::subsidy::{ClaimKind, ClaimState};
use crate::ui::auth::Auth;
use crate::ui::pages::contracts::yuan_text;
use crate::ui::{
    Field, FormOutcome, LatestAnswer, OutcomeLine, form_outcome, percent_encode, successes,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// The claim filter as the URL carries it; empty means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimQuery {
    pub state: String,
    pub kind: String,
    pub year: String,
    pub county: String,
    pub worker_id: Option<i32>,
}

impl ClaimQuery {
    fn from_params(query: &ParamsMap) -> Self {
        let get = |key: &str| {
            query
                .get(key)
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        ClaimQuery {
            state: get("state"),
            kind: get("kind"),
            year: get("year"),
            county: get("county"),
            worker_id: query.get("worker_id").and_then(|v| v.trim().parse().ok()),
        }
    }

    /// The finance office's workbook of the claims shown.
    pub fn export_href(&self) -> String {
        format!(
            "/api/v1/subsidy-claims/export.xlsx?state={}&kind={}&year={}&county={}",
            percent_encode(&self.state),
            percent_encode(&self.kind),
            percent_encode(&self.year),
            percent_encode(&self.county)
        )
    }
}

fn given(value: String) -> Option<String> {
    Some(value).filter(|v| !v.is_empty())
}

/// Whether the user claims this claim: the labour company for transport and social-insurance
/// claims, the employer for the employer's own.
pub fn is_claimant(user: Option<&SessionUser>, claim: &ClaimView) -> bool {
    match (user.map(|u| &u.scope), claim.kind.claimed_by_employer()) {
        (Some(Scope::Company { id }), false) => *id == claim.company_id,
        (Some(Scope::Employer { id }), true) => Some(*id) == claim.employer_id,
        _ => false,
    }
}

fn is_official(user: Option<&SessionUser>) -> bool {
    user.is_some_and(|u| matches!(u.role, Role::Promoter | Role::Admin))
}

/// Who claims: the employer for its own kinds, the labour company otherwise.
fn claimant_name(claim: &ClaimView) -> String {
    if claim.kind.claimed_by_employer() {
        claim.employer_name.clone().unwrap_or_default()
    } else {
        claim.company_name.clone()
    }
}

/// `2026-03`, or `2026 年` for a yearly claim.
fn claim_period(claim: &ClaimView) -> String {
    claim
        .period
        .clone()
        .unwrap_or_else(|| format!("{} 年", claim.year))
}

/// The kind a rule code names, in Chinese (the code itself when unknown).
pub fn rule_label(rule: &str) -> String {
    match rule {
        "entrepreneurship_training" => "创业培训补贴".to_string(),
        _ => ClaimKind::parse(rule).map_or_else(|| rule.to_string(), |k| k.label().to_string()),
    }
}

#[component]
fn ClaimStateBadge(state: ClaimState, label: String) -> impl IntoView {
    view! { <span class=format!("badge claim-{}", state.code()) data-state=state.code()>{label}</span> }
}

#[component]
pub fn SubsidiesPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let filter = move || ClaimQuery::from_params(&query.read());
    let recompute = ServerAction::<RecomputeClaims>::new();
    let recomputed = successes(recompute.value());
    let recompute_outcome = form_outcome(recompute.value());
    let claims = Resource::new(
        move || (filter(), recomputed.get()),
        |(f, _)| {
            subsidy_claims(
                given(f.state),
                given(f.kind),
                given(f.year),
                given(f.county),
                f.worker_id,
            )
        },
    );
    // Officials: the county filter's choices and the totals; nobody else is asked.
    let official_data = Resource::new(
        move || {
            let f = filter();
            (f.year, f.county, recomputed.get())
        },
        move |(year, county, _)| async move {
            let user = auth.user.await.ok().flatten();
            if !is_official(user.as_ref()) {
                return Ok(None);
            }
            let choices = counties().await.unwrap_or_default();
            claim_totals(given(year), given(county))
                .await
                .map(|totals| Some((choices, totals)))
        },
    );
    view! {
        <Title text="补贴申请"/>
        <section class="card">
            <h1>"补贴申请"</h1>
            <Suspense fallback=|| ()>
                {move || match auth.signed_in().map(|u| u.role) {
                    Some(Role::Company) => Some(view! {
                        <p class="muted">"系统按政策规则自动计算一次性交通补助和社会保险补贴。补充凭证后提交，由区县人社部门审核、拨付。每笔金额都注明所依据的规则和参数版本（见"<a href="/manage/policy-parameters">"政策参数"</a>"）。"</p>
                    }.into_any()),
                    Some(Role::Employer) => Some(view! {
                        <p class="muted">"贵单位吸纳建档立卡劳动者可申请的补贴。补充凭证后提交，由区县人社部门审核、拨付（见"<a href="/manage/policy-parameters">"政策参数"</a>"）。"</p>
                    }.into_any()),
                    Some(Role::Promoter | Role::Admin) => Some(view! {
                        <p class="muted">"您所辖范围内的补贴申请。待审核的申请请逐条核对凭证后核准或驳回；已核准的拨付后登记拨付凭证号（见"<a href="/manage/policy-parameters">"政策参数"</a>"）。"</p>
                    }.into_any()),
                    None => None,
                }}
            </Suspense>
            <Transition fallback=|| ()>
                {move || official_data.get().map(|data| {
                    let choices = data.ok().flatten().map(|(choices, _)| choices);
                    view! { <ClaimFilters choices/> }
                })}
            </Transition>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || claims.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="muted" id="no-claims">"没有符合条件的补贴申请。"</p>
                    }.into_any(),
                    Ok(rows) => view! { <ClaimTable rows/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || official_data.get().map(|data| match data {
                Ok(Some((_, totals))) => view! {
                    <section class="card" id="claim-totals-section">
                        <h2>"汇总"</h2>
                        <div class="actions">
                            <a class="button small" id="claims-export" href=move || filter().export_href()
                                download="subsidy-claims.xlsx">"导出 Excel"</a>
                            <ActionForm action=recompute attr:class="inline-form" attr:id="recompute-claims">
                                <button type="submit" class="button small" disabled=move || recompute.pending().get()>"重新计算"</button>
                            </ActionForm>
                        </div>
                        <p class="muted hint">"重新计算会补算已有事实（参保缴费、跨省就业等）应得而尚未生成的补贴，例如区县设定新参数之后；已提交的申请不受影响。"</p>
                        <p role="status" id="recompute-result"
                            class=move || match recompute_outcome.get() { Some(FormOutcome::Failed(_)) => "form-error", _ => "success" }>
                            {move || match (recompute.value().get(), recompute_outcome.get()) {
                                (Some(Ok(r)), _) => Some(format!(
                                    "重新计算完成：新增 {} 条，更新 {} 条，未变化 {} 条。",
                                    r.created, r.updated, r.unchanged
                                )),
                                (_, Some(FormOutcome::Done)) => Some("重新计算完成。".to_string()),
                                (_, Some(FormOutcome::Failed(e))) => Some(e.message),
                                (_, None) => None,
                            }}
                        </p>
                        <TotalsTable totals/>
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

/// The filter form (a plain GET, so the URL can be shared and it works without JavaScript).
#[component]
fn ClaimFilters(choices: Option<Vec<County>>) -> impl IntoView {
    let query = use_query_map();
    let current = move |key: &'static str| move || query.read().get(key).unwrap_or_default();
    let worker_id = query.read_untracked().get("worker_id");
    view! {
        <Form method="GET" action="/subsidies" attr:class="filters" attr:id="claim-filters">
            <select name="state" aria-label="状态">
                <option value="">"全部状态"</option>
                {ClaimState::ALL.into_iter().map(|s| {
                    let code = s.code();
                    view! { <option value=code selected=move || current("state")() == code>{s.label()}</option> }
                }).collect_view()}
            </select>
            <select name="kind" aria-label="补贴类型">
                <option value="">"全部类型"</option>
                {ClaimKind::ALL.into_iter().map(|k| {
                    let code = k.code();
                    view! { <option value=code selected=move || current("kind")() == code>{k.label()}</option> }
                }).collect_view()}
            </select>
            <input type="number" name="year" min="2000" max="2999" placeholder="年度" aria-label="年度"
                value=current("year")()/>
            {choices.map(|choices| view! {
                <select name="county" aria-label="区县">
                    <option value="">"全部区县"</option>
                    {choices.into_iter().map(|c| {
                        let code = c.code.clone();
                        view! { <option value=c.code.clone() selected=move || current("county")() == code>{c.name}</option> }
                    }).collect_view()}
                </select>
            })}
            {worker_id.clone().map(|id| view! { <input type="hidden" name="worker_id" value=id/> })}
            <button type="submit" class="button small">"筛选"</button>
            {worker_id.map(|id| view! {
                <span class="muted" id="worker-filter">{format!("仅看劳动者 #{id}")}" "<a href="/subsidies">"查看全部"</a></span>
            })}
        </Form>
    }
    .into_any()
}

#[component]
fn ClaimTable(rows: Vec<ClaimView>) -> impl IntoView {
    let count = rows.len();
    let sum: i64 = rows
        .iter()
        .filter(|c| c.state != ClaimState::Rejected)
        .map(|c| c.amount_fen)
        .sum();
    view! {
        <p class="muted" id="claims-summary">{format!("共 {count} 条，未驳回的合计 {} 元。", Fen(sum))}</p>
        <div class="table-wrap">
            <table id="claim-table">
                <thead><tr>
                    <th>"编号"</th><th>"补贴类型"</th><th>"劳动者"</th><th>"申请单位"</th><th>"区县"</th>
                    <th>"所属期"</th><th class="num">"金额（元）"</th><th>"状态"</th><th></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|c| {
                        let href = format!("/subsidies/{}", c.id);
                        view! {
                            <tr data-claim=c.id data-kind=c.kind.code() data-state=c.state.code()>
                                <td><a href=href.clone()>{format!("#{}", c.id)}</a></td>
                                <td>{c.kind_label.clone()}</td>
                                <td>{c.worker_name.clone()}</td>
                                <td>{claimant_name(&c)}</td>
                                <td>{c.county_name.clone()}</td>
                                <td>{claim_period(&c)}</td>
                                <td class="num">{Fen(c.amount_fen).to_string()}</td>
                                <td><ClaimStateBadge state=c.state label=c.state_label.clone()/></td>
                                <td><a href=href>"查看"</a></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn TotalsTable(totals: Vec<ClaimTotal>) -> impl IntoView {
    if totals.is_empty() {
        return view! { <p class="muted" id="no-claim-totals">"没有补贴申请。"</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table id="claim-totals">
                <thead><tr>
                    <th>"区县"</th><th>"补贴类型"</th><th>"年度"</th><th class="num">"件数"</th>
                    <th class="num">"待提交（元）"</th><th class="num">"待审核（元）"</th>
                    <th class="num">"已核准（元）"</th><th class="num">"已拨付（元）"</th><th class="num">"已驳回（元）"</th>
                </tr></thead>
                <tbody>
                    {totals.into_iter().map(|t| view! {
                        <tr data-county=t.county_code.clone() data-kind=t.kind.code() data-year=t.year>
                            <td>{t.county_name}</td>
                            <td>{t.kind_label}</td>
                            <td>{t.year}</td>
                            <td class="num">{t.claims}</td>
                            <td class="num">{Fen(t.computed_fen).to_string()}</td>
                            <td class="num">{Fen(t.submitted_fen).to_string()}</td>
                            <td class="num">{Fen(t.approved_fen).to_string()}</td>
                            <td class="num">{Fen(t.paid_fen).to_string()}</td>
                            <td class="num">{Fen(t.rejected_fen).to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The actions of the claim page, created once with the page.
#[derive(Clone, Copy)]
struct ClaimActions {
    attach: ServerAction<AttachClaimEvidence>,
    submit: ServerAction<SubmitClaim>,
    approve: ServerAction<ApproveClaim>,
    reject: ServerAction<RejectClaim>,
    pay: ServerAction<PayClaim>,
    outcome: Memo<Option<FormOutcome>>,
}

#[component]
pub fn SubsidyClaimPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let id = crate::ui::route_id();
    let attach = ServerAction::<AttachClaimEvidence>::new();
    let submit = ServerAction::<SubmitClaim>::new();
    let approve = ServerAction::<ApproveClaim>::new();
    let reject = ServerAction::<RejectClaim>::new();
    let pay = ServerAction::<PayClaim>::new();
    let outcome = LatestAnswer::new()
        .follow(attach.value())
        .follow(submit.value())
        .follow(approve.value())
        .follow(reject.value())
        .follow(pay.value())
        .outcome();
    let actions = ClaimActions {
        attach,
        submit,
        approve,
        reject,
        pay,
        outcome,
    };
    // Reload after every answer: a refused one (someone else acted first) needs the news, and
    // every change moves the row version the next form must send.
    let data = Resource::new(
        move || {
            (
                id(),
                attach.version().get(),
                submit.version().get(),
                approve.version().get(),
                reject.version().get(),
                pay.version().get(),
            )
        },
        |(id, ..)| subsidy_claim(id),
    );
    view! {
        <Title text="补贴申请"/>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || {
                let user = auth.signed_in();
                data.get().map(|result| match result {
                    Ok(claim) => {
                        let claimant = is_claimant(user.as_ref(), &claim);
                        let official = is_official(user.as_ref());
                        view! { <ClaimDetail claim claimant official actions/> }.into_any()
                    }
                    Err(e) => view! {
                        <section class="card">
                            <p><a href="/subsidies">"← 补贴申请"</a></p>
                            <h1>"补贴申请"</h1>
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
fn ClaimKeys(id: i32, row_version: i32) -> impl IntoView {
    view! {
        <input type="hidden" name="id" value=id/>
        <input type="hidden" name="row_version" value=row_version/>
    }
}

#[component]
fn ClaimDetail(
    claim: ClaimView,
    claimant: bool,
    official: bool,
    actions: ClaimActions,
) -> impl IntoView {
    let c = claim;
    let outcome = actions.outcome;
    let explanation = c.explanation.clone();
    let version_href = format!(
        "/manage/policy-parameters#version-{}",
        explanation.parameter_version
    );
    let editable = claimant && c.state.is_editable();
    let deciding = official && c.state == ClaimState::Submitted;
    let paying = official && c.state == ClaimState::Approved;
    let transport = c.kind == ClaimKind::Transport;
    let keys = (c.id, c.row_version);
    let evidence = c.evidence.clone();
    let travel_cost = c.travel_cost_fen.map(yuan_text).unwrap_or_default();
    view! {
        <Title text=format!("补贴申请 #{} · {}", c.id, c.kind_label)/>
        <section class="card" id="claim" data-claim=c.id data-row-version=c.row_version>
            <p><a href="/subsidies">"← 补贴申请"</a></p>
            <h1>
                <span id="claim-title">{format!("{} #{}", c.kind_label, c.id)}</span>" "
                <ClaimStateBadge state=c.state label=c.state_label.clone()/>
            </h1>
            <dl class="facts">
                <dt>"补贴类型"</dt><dd id="claim-kind" data-kind=c.kind.code()>{c.kind_label.clone()}</dd>
                <dt>"劳动者"</dt><dd id="claim-worker">{c.worker_name.clone()}</dd>
                <dt>"劳务公司"</dt><dd>{c.company_name.clone()}</dd>
                {c.employer_name.clone().map(|name| view! { <dt>"用工单位"</dt><dd>{name}</dd> })}
                <dt>"区县"</dt><dd>{c.county_name.clone()}</dd>
                <dt>"所属期"</dt><dd>{claim_period(&c)}</dd>
                <dt>"补贴金额"</dt><dd><strong id="claim-amount" data-fen=c.amount_fen>{format!("{} 元", Fen(c.amount_fen))}</strong></dd>
                {c.travel_cost_fen.map(|fen| view! { <dt>"实际交通费用"</dt><dd id="claim-travel-cost-shown">{format!("{} 元", Fen(fen))}</dd> })}
                <dt>"状态"</dt><dd id="claim-state">{c.state_label.clone()}</dd>
                <dt>"凭证"</dt>
                <dd class="prose" id="claim-evidence-shown">
                    {if c.evidence.trim().is_empty() { "未填写".to_string() } else { c.evidence.clone() }}
                </dd>
                {c.submitted_at.clone().map(|at| view! { <dt>"提交时间"</dt><dd>{at}</dd> })}
                {c.reviewed_at.clone().map(|at| view! { <dt>"审核时间"</dt><dd>{at}</dd> })}
                {c.reject_reason.clone().map(|r| view! { <dt>"驳回原因"</dt><dd class="prose decline-reason" id="claim-reject-reason">{r}</dd> })}
                {c.paid_at.clone().map(|at| view! { <dt>"拨付时间"</dt><dd>{at}</dd> })}
                {c.payment_reference.clone().map(|r| view! { <dt>"拨付凭证号"</dt><dd id="claim-payment-reference">{r}</dd> })}
            </dl>
        </section>
        <section class="card explanation" id="claim-explanation">
            <h2>"计算依据"</h2>
            <dl class="facts">
                <dt>"规则"</dt>
                <dd id="claim-rule" data-rule=explanation.rule.clone()>{rule_label(&explanation.rule)}</dd>
                <dt>"参数版本"</dt>
                <dd><a id="claim-parameter-version" href=version_href>{format!("参数版本 #{}", explanation.parameter_version)}</a></dd>
            </dl>
            <h3>"计算所用数据"</h3>
            {if explanation.inputs.is_empty() {
                view! { <p class="muted">"无"</p> }.into_any()
            } else {
                view! {
                    <dl class="facts inputs" id="claim-inputs">
                        {explanation.inputs.into_iter().map(|(name, value)| view! {
                            <dt>{name}</dt><dd>{value}</dd>
                        }).collect_view()}
                    </dl>
                }.into_any()
            }}
            <h3>"计算公式"</h3>
            <p class="formula" id="claim-formula">{explanation.formula}</p>
        </section>
        {(editable || deciding || paying).then(|| view! {
            <section class="card" id="claim-actions">
                <h2>{if editable { "提交申请" } else if deciding { "审核" } else { "拨付" }}</h2>
                <OutcomeLine outcome done="已保存。" id="claim-result"/>
                {editable.then(|| view! {
                    <ActionForm action=actions.attach attr:class="form" attr:id="claim-evidence">
                        <ClaimKeys id=keys.0 row_version=keys.1/>
                        <Field id="claim-evidence-text" name="evidence" label="凭证（票据号、收据号等）" outcome>
                            <textarea id="claim-evidence-text" name="evidence" rows="3" required maxlength="500">{evidence.clone()}</textarea>
                        </Field>
                        {transport.then(|| view! {
                            <Field id="claim-travel-cost" name="travel_cost_yuan" label="实际交通费用（元），补助不超过上限" outcome>
                                <input id="claim-travel-cost" name="travel_cost_yuan" type="number" required min="0.01" step="0.01"
                                    value=travel_cost.clone()/>
                            </Field>
                        })}
                        <button type="submit" class="button" disabled=move || actions.attach.pending().get()>"保存凭证"</button>
                    </ActionForm>
                    <ActionForm action=actions.submit attr:class="form" attr:id="submit-claim">
                        <ClaimKeys id=keys.0 row_version=keys.1/>
                        <p class="muted">"提交前请先保存凭证；提交后由区县人社部门审核，审核期间不能修改。"</p>
                        <button type="submit" class="button primary" disabled=move || actions.submit.pending().get()>"提交申请"</button>
                    </ActionForm>
                })}
                {deciding.then(|| view! {
                    <ActionForm action=actions.approve attr:class="form" attr:id="approve-claim">
                        <ClaimKeys id=keys.0 row_version=keys.1/>
                        <button type="submit" class="button primary" disabled=move || actions.approve.pending().get()>"核准"</button>
                    </ActionForm>
                    <ActionForm action=actions.reject attr:class="form" attr:id="reject-claim">
                        <ClaimKeys id=keys.0 row_version=keys.1/>
                        <Field id="claim-reject-reason-input" name="reason" label="驳回原因" outcome>
                            <textarea id="claim-reject-reason-input" name="reason" rows="2" required maxlength="500"></textarea>
                        </Field>
                        <button type="submit" class="button danger" disabled=move || actions.reject.pending().get()>"驳回"</button>
                    </ActionForm>
                })}
                {paying.then(|| view! {
                    <ActionForm action=actions.pay attr:class="form" attr:id="pay-claim">
                        <ClaimKeys id=keys.0 row_version=keys.1/>
                        <Field id="claim-payment-reference-input" name="payment_reference" label="拨付凭证号" outcome>
                            <input id="claim-payment-reference-input" name="payment_reference" required maxlength="64"/>
                        </Field>
                        <button type="submit" class="button primary" disabled=move || actions.pay.pending().get()>"登记拨付"</button>
                    </ActionForm>
                })}
            </section>
        })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::subsidy::Explanation;

    fn claim(kind: ClaimKind) -> ClaimView {
        ClaimView {
            id: 7,
            kind,
            kind_label: kind.label().to_string(),
            worker_id: 3,
            worker_name: "王**".to_string(),
            company_id: 11,
            company_name: "浮山劳务".to_string(),
            employer_id: Some(21),
            employer_name: Some("上海某酒店".to_string()),
            county_code: "141027".to_string(),
            county_name: "浮山县".to_string(),
            period: None,
            year: 2026,
            amount_fen: 80_000,
            travel_cost_fen: None,
            policy_version_id: 1,
            explanation: Explanation {
                rule: kind.code().to_string(),
                parameter_version: 1,
                inputs: Vec::new(),
                formula: String::new(),
            },
            state: ClaimState::Computed,
            state_label: ClaimState::Computed.label().to_string(),
            evidence: String::new(),
            submitted_at: None,
            reviewed_at: None,
            reject_reason: None,
            paid_at: None,
            payment_reference: None,
            row_version: 1,
        }
    }

    fn user(role: Role, scope: Scope) -> SessionUser {
        SessionUser {
            id: 1,
            username: "u".to_string(),
            display_name: "u".to_string(),
            role,
            scope,
            scope_label: None,
        }
    }

    #[test]
    fn the_company_claims_transport_and_the_employer_its_own_kinds() {
        let company = user(Role::Company, Scope::Company { id: 11 });
        let other_company = user(Role::Company, Scope::Company { id: 12 });
        let employer = user(Role::Employer, Scope::Employer { id: 21 });
        let promoter = user(
            Role::Promoter,
            Scope::County {
                code: "141027".to_string(),
            },
        );
        let transport = claim(ClaimKind::Transport);
        let hiring = claim(ClaimKind::EmployerHiring);
        assert!(is_claimant(Some(&company), &transport));
        assert!(!is_claimant(Some(&other_company), &transport));
        assert!(!is_claimant(Some(&employer), &transport));
        assert!(is_claimant(Some(&employer), &hiring));
        assert!(!is_claimant(Some(&company), &hiring));
        assert!(!is_claimant(Some(&promoter), &transport));
        assert!(!is_claimant(None, &transport));
        assert!(is_official(Some(&promoter)));
        assert!(!is_official(Some(&company)));
    }

    #[test]
    fn rules_read_as_the_kind_they_grant() {
        assert_eq!(rule_label("social_insurance"), "社会保险补贴");
        assert_eq!(rule_label("something_else"), "something_else");
    }

    #[test]
    fn the_export_carries_the_filter() {
        let query = ClaimQuery {
            state: "approved".to_string(),
            year: "2026".to_string(),
            ..ClaimQuery::default()
        };
        assert_eq!(
            query.export_href(),
            "/api/v1/subsidy-claims/export.xlsx?state=approved&kind=&year=2026&county="
        );
    }
}
