//! `/contracts`: the caller's labour contracts (劳动合同), latest versions. `/contracts/{id}`: one
//! version with every clause, its hashes and signatures; while unsigned its parties edit and
//! sign it, once signed they draft an amendment or terminate it. `/placements`: placements
//! (输出就业) that follow a signed contract; their parties end them, and an employer may look up
//! a placed worker's name and phone (audited, only on request). `/manage/contract-templates`:
//! admins edit the clauses new contracts start from.

use crate::api::contracts::{
    self as api, AmendContract, EditContract, EndPlacement, PlacementContact, SaveContractTemplate,
    SignContract, TerminateContract,
};
use crate::api::types::{
    ContractTemplateView, ContractView, PlacementView, SignatureView, WorkerContact,
};
use crate::domain::contract::{
    ContractClauses, ContractKind, ContractState, ContractTerms, HoursSystem, SigningParty,
    TermKind,
};
use crate::domain::money::Fen;
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::{Field, FormOutcome, LatestAnswer, OutcomeLine, form_outcome, successes};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// How the worker may have confirmed a contract the company signs for them (suggestions).
const CONFIRMATION_METHODS: [&str; 3] = ["当面签字确认", "电话录音确认", "微信视频确认"];

/// The side a user signs for: an employer or company user who can see a contract is one of
/// its parties (the server only shows them their own); officials only look.
pub fn signing_party(role: Option<Role>) -> Option<SigningParty> {
    match role? {
        Role::Employer => Some(SigningParty::Employer),
        Role::Company => Some(SigningParty::Company),
        Role::Promoter | Role::Admin => None,
    }
}

/// `劳动合同`, or `变更协议 第 N 版` for an amendment.
pub fn contract_title(contract: &ContractView) -> String {
    if contract.amends_id.is_none() {
        "劳动合同".to_string()
    } else {
        format!("变更协议 第 {} 版", contract.version_number)
    }
}

/// Yuan as a form value: `8000`, or `8000.50` when there are fen.
pub fn yuan_text(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        Fen(fen).to_string()
    }
}

/// `2027-03-01 至 2028-02-29`, or `2027-03-01 起` without an end.
fn period(start: &str, end: Option<&str>) -> String {
    match end {
        Some(end) => format!("{start} 至 {end}"),
        None => format!("{start} 起"),
    }
}

#[component]
fn ContractStateBadge(state: ContractState, label: String) -> impl IntoView {
    view! { <span class=format!("badge contract-{}", state.code()) data-state=state.code()>{label}</span> }
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let list = Resource::new(|| (), |_| api::contracts());
    view! {
        <Title text="劳动合同"/>
        <section class="card">
            <h1>"劳动合同"</h1>
            <Suspense fallback=|| ()>
                {move || match auth.signed_in().map(|u| u.role) {
                    Some(Role::Employer | Role::Company) => Some(view! {
                        <p class="muted">"邀约被接受后即生成合同草稿。双方可修改草稿，确认无误后分别签署；双方签署后合同生效，工人随即上岗（见"<a href="/placements">"输出就业"</a>"）。"</p>
                    }.into_any()),
                    Some(_) => Some(view! {
                        <p class="muted">"您所辖范围内的劳动合同，仅供查看。"</p>
                    }.into_any()),
                    None => None,
                }}
            </Suspense>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="muted" id="no-contracts">"还没有劳动合同。用工邀约被接受后，这里会出现合同草稿。"</p>
                    }.into_any(),
                    Ok(rows) => view! { <ContractTable rows/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn ContractTable(rows: Vec<ContractView>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table id="contract-table">
                <thead>
                    <tr>
                        <th>"劳动者"</th><th>"用工单位"</th><th>"劳务公司"</th><th>"岗位"</th>
                        <th>"版本"</th><th>"状态"</th><th>"签署时间"</th><th></th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|c| {
                        let href = format!("/contracts/{}", c.id);
                        view! {
                            <tr data-contract=c.id data-state=c.state.code()>
                                <td>{c.terms.worker_name.clone()}</td>
                                <td>{c.employer_name.clone()}</td>
                                <td>{c.company_name.clone()}</td>
                                <td>{c.terms.position.clone()}</td>
                                <td>{format!("第 {} 版", c.version_number)}</td>
                                <td><ContractStateBadge state=c.state label=c.state_label.clone()/></td>
                                <td>{c.signed_at.clone().unwrap_or_else(|| "—".to_string())}</td>
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

/// The actions of the contract page, created once with the page.
#[derive(Clone, Copy)]
struct ContractActions {
    edit: ServerAction<EditContract>,
    sign: ServerAction<SignContract>,
    amend: ServerAction<AmendContract>,
    terminate: ServerAction<TerminateContract>,
    /// The redirect's news after a post.
    outcome: Memo<Option<FormOutcome>>,
}

#[component]
pub fn ContractPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let id = crate::ui::route_id();
    let edit = ServerAction::<EditContract>::new();
    let sign = ServerAction::<SignContract>::new();
    let amend = ServerAction::<AmendContract>::new();
    let terminate = ServerAction::<TerminateContract>::new();
    let outcome = LatestAnswer::new()
        .follow(edit.value())
        .follow(sign.value())
        .follow(amend.value())
        .follow(terminate.value())
        .outcome();
    let actions = ContractActions {
        edit,
        sign,
        amend,
        terminate,
        outcome,
    };
    // Reload after a change that went through; a refused one keeps what was typed.
    let edited = successes(edit.value());
    let signed = successes(sign.value());
    let terminated = successes(terminate.value());
    let data = Resource::new(
        move || (id(), edited.get(), signed.get(), terminated.get()),
        |(id, ..)| api::contract(id),
    );
    view! {
        <Title text="劳动合同"/>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || {
                let party = signing_party(auth.signed_in().map(|u| u.role));
                data.get().map(|result| match result {
                    Ok(contract) => view! { <ContractDetail contract party actions/> }.into_any(),
                    Err(e) => view! {
                        <section class="card">
                            <p><a href="/contracts">"← 劳动合同"</a></p>
                            <h1>"劳动合同"</h1>
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
fn ContractDetail(
    contract: ContractView,
    party: Option<SigningParty>,
    actions: ContractActions,
) -> impl IntoView {
    let title = contract_title(&contract);
    let terms = contract.terms.clone();
    let other_party_label = match terms.kind {
        ContractKind::Direct => "劳务合作单位",
        ContractKind::EmployeeSystem => "实际用工单位",
    };
    let pdf = format!("/api/v1/contracts/{}/pdf", contract.id);
    let editable = contract.state.is_editable();
    let signed = contract.state == ContractState::Signed;
    let awaiting_me = party.is_some_and(|p| contract.awaiting.contains(&p));
    let wage = format!("{} 元/月", yuan_text(terms.monthly_wage_fen));
    let term = period(&terms.start_date, terms.end_date.as_deref());
    let hire_href = format!("/hiring/{}", contract.hire_request_id);
    view! {
        <Title text=format!("{title} · {}", terms.position)/>
        <section class="card" id="contract">
            <p><a href="/contracts">"← 劳动合同"</a></p>
            <h1>
                <span id="contract-title">{title.clone()}</span>" "
                <ContractStateBadge state=contract.state label=contract.state_label.clone()/>
            </h1>
            <dl class="facts">
                <dt>"用工形式"</dt><dd id="contract-kind">{contract.kind_label.clone()}</dd>
                <dt>"甲方"</dt><dd>{terms.party_a.clone()}</dd>
                <dt>"乙方（劳动者）"</dt><dd id="contract-worker">{terms.worker_name.clone()}</dd>
                <dt>{other_party_label}</dt><dd>{terms.other_party.clone()}</dd>
                <dt>"用工单位"</dt><dd>{contract.employer_name.clone()}</dd>
                <dt>"劳务公司"</dt><dd>{contract.company_name.clone()}</dd>
                <dt>"岗位"</dt><dd>{terms.position.clone()}</dd>
                <dt>"工作地点"</dt><dd>{format!("{}（{}）", terms.place, contract.region_name)}</dd>
                <dt>"月工资"</dt><dd>{wage}</dd>
                <dt>"合同期限"</dt><dd>{format!("{}，{term}", terms.term_kind.label())}</dd>
                <dt>"版本"</dt><dd>{format!("第 {} 版", contract.version_number)}</dd>
                <dt>"起草时间"</dt><dd>{contract.created_at.clone()}</dd>
                {contract.signed_at.clone().map(|at| view! { <dt>"生效时间"</dt><dd id="contract-signed-at">{at}</dd> })}
                {contract.terminated_on.clone().map(|on| view! { <dt>"解除日期"</dt><dd>{on}</dd> })}
                {contract.termination_reason.clone().map(|r| view! { <dt>"解除原因"</dt><dd class="prose">{r}</dd> })}
                <dt>"用工邀约"</dt><dd><a href=hire_href>"查看邀约"</a></dd>
            </dl>
            <dl class="facts hashes">
                <dt>"当前内容 SHA-256"</dt><dd><code class="hash" id="current-hash">{contract.current_hash.clone()}</code></dd>
                {contract.content_hash.clone().map(|hash| view! {
                    <dt>"签署内容 SHA-256"</dt><dd><code class="hash" id="content-hash">{hash}</code></dd>
                })}
            </dl>
            <p class="actions">
                <a class="button small" id="contract-pdf" href=pdf target="_blank" rel="external noopener">"下载 PDF"</a>
            </p>
        </section>
        <section class="card" id="contract-clauses">
            <h2>"合同条款"</h2>
            {contract.clauses.iter().map(|clause| view! {
                <section class="clause">
                    <h3>{clause.heading.clone()}</h3>
                    <p class="prose">{clause.text.clone()}</p>
                </section>
            }).collect_view()}
        </section>
        <Signatures signatures=contract.signatures.clone() awaiting=contract.awaiting.clone() party/>
        <Versions contract=contract.clone()/>
        {party.map(|party| view! {
            <section class="card" id="contract-actions">
                <h2>{if editable { "签署" } else { "变更或解除" }}</h2>
                <OutcomeLine outcome=actions.outcome done="已提交。" id="contract-result"/>
                {(editable && awaiting_me).then(|| view! { <SignForm contract=contract.clone() party sign=actions.sign outcome=actions.outcome/> })}
                {(editable && !awaiting_me).then(|| view! {
                    <p class="muted" id="signed-by-me">"您已签署，等待对方签署。"</p>
                })}
                {signed.then(|| view! { <SignedActions contract=contract.clone() actions/> })}
                {(!editable && !signed).then(|| view! { <p class="muted">"此版本已不能再办理。"</p> })}
            </section>
            {editable.then(|| view! { <EditForm terms=terms.clone() contract=contract.clone() edit=actions.edit outcome=actions.outcome/> })}
        })}
    }
    .into_any()
}

#[component]
fn Signatures(
    signatures: Vec<SignatureView>,
    awaiting: Vec<SigningParty>,
    party: Option<SigningParty>,
) -> impl IntoView {
    let awaited = awaiting
        .iter()
        .map(|p| {
            if Some(*p) == party {
                format!("{}（您）", p.label())
            } else {
                p.label().to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("；");
    view! {
        <section class="card" id="contract-signatures">
            <h2>"签署情况"</h2>
            {if signatures.is_empty() {
                view! { <p class="muted" id="no-signatures">"还没有人签署。"</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table id="signature-table">
                            <thead><tr>
                                <th>"签署方"</th><th>"签署人"</th><th>"时间"</th><th>"IP 地址"</th>
                                <th>"所签内容 SHA-256"</th><th>"劳动者确认"</th>
                            </tr></thead>
                            <tbody>
                                {signatures.into_iter().map(|s| {
                                    let confirmation = match (&s.worker_confirmation_method, &s.worker_confirmed_on) {
                                        (Some(method), Some(on)) => format!("{method}（{on}）"),
                                        (Some(method), None) => method.clone(),
                                        (None, Some(on)) => on.clone(),
                                        (None, None) => "—".to_string(),
                                    };
                                    view! {
                                        <tr data-party=s.party.code()>
                                            <td>{s.party_label.clone()}</td>
                                            <td>{s.signer_name.clone()}</td>
                                            <td>{s.signed_at.clone()}</td>
                                            <td>{s.client_ip.clone()}</td>
                                            <td><code class="hash">{s.content_hash.clone()}</code></td>
                                            <td class="wrap">{confirmation}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {(!awaiting.is_empty()).then(|| view! { <p id="awaiting">"等待签署："{awaited}</p> })}
        </section>
    }
    .into_any()
}

#[component]
fn Versions(contract: ContractView) -> impl IntoView {
    let current = contract.id;
    view! {
        <section class="card" id="contract-versions">
            <h2>"版本"</h2>
            <ol class="versions">
                {contract.versions.into_iter().map(|v| {
                    let text = format!(
                        "第 {} 版 · {}{}",
                        v.version_number,
                        v.state_label,
                        v.signed_at.as_deref().map(|at| format!(" · {at} 签署")).unwrap_or_default()
                    );
                    view! {
                        <li data-version=v.version_number data-contract=v.id>
                            {if v.id == current {
                                view! { <strong aria-current="page">{text}" （当前查看）"</strong> }.into_any()
                            } else {
                                view! { <a href=format!("/contracts/{}", v.id)>{text}</a> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
fn ContractKeys(id: i32, row_version: i32) -> impl IntoView {
    view! {
        <input type="hidden" name="id" value=id/>
        <input type="hidden" name="row_version" value=row_version/>
    }
}

/// Signing as the caller's side; the company records how and when the worker confirmed.
#[component]
fn SignForm(
    contract: ContractView,
    party: SigningParty,
    sign: ServerAction<SignContract>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let company = party == SigningParty::Company;
    let confirmed_on_link = contract.worker_confirmed_at.clone();
    let ask_confirmation = company && confirmed_on_link.is_none();
    view! {
        <ActionForm action=sign attr:class="form" attr:id="sign-form">
            <ContractKeys id=contract.id row_version=contract.row_version/>
            <p>
                "签署即确认上面的合同条款（SHA-256 "<code class="hash">{contract.current_hash.clone()}</code>"）。"
                {match (company, &confirmed_on_link) {
                    (true, Some(_)) => "贵公司代劳动者签署。",
                    (true, None) => "贵公司代劳动者签署，请先让劳动者确认合同内容：劳动者可扫描本人二维码，阅读并确认本版合同；也可记录其他确认方式和日期。",
                    (false, _) => "双方均签署后合同生效。",
                }}
            </p>
            {confirmed_on_link.filter(|_| company).map(|at| view! {
                <p class="notice" id="worker-confirmed">
                    {format!("劳动者已于 {at} 在本人二维码页面确认本版合同内容（本人扫码确认），签署将记录此确认。")}
                </p>
            })}
            {ask_confirmation.then(|| view! {
                <Field id="sign-method" name="worker_confirmation.method" label="劳动者确认方式" outcome>
                    <input id="sign-method" name="confirmation_method" required maxlength="64"
                        list="confirmation-methods" autocomplete="off" placeholder="如 当面签字确认"/>
                    <datalist id="confirmation-methods">
                        {CONFIRMATION_METHODS.iter().map(|m| view! { <option value=*m></option> }).collect_view()}
                    </datalist>
                    <small class="muted hint">{format!("常用：{}", CONFIRMATION_METHODS.join("、"))}</small>
                </Field>
                <Field id="sign-confirmed-on" name="worker_confirmation.confirmed_on" label="劳动者确认日期" outcome>
                    <input id="sign-confirmed-on" name="confirmed_on" type="date" required/>
                </Field>
            })}
            <button type="submit" class="button primary" disabled=move || sign.pending().get()>"签署"</button>
        </ActionForm>
    }
    .into_any()
}

/// A signed contract: draft an amendment, or terminate it.
#[component]
fn SignedActions(contract: ContractView, actions: ContractActions) -> impl IntoView {
    let outcome = actions.outcome;
    view! {
        <h3>"变更合同"</h3>
        <p class="muted">"已生效的合同不能修改。需要变更时起草变更协议：双方修改并重新签署后，变更协议取代本版本。"</p>
        <ActionForm action=actions.amend attr:class="inline-form" attr:id="amend-form">
            <input type="hidden" name="id" value=contract.id/>
            <button type="submit" class="button" disabled=move || actions.amend.pending().get()>"起草变更协议"</button>
        </ActionForm>
        <h3>"解除合同"</h3>
        <ActionForm action=actions.terminate attr:class="form" attr:id="terminate-form">
            <ContractKeys id=contract.id row_version=contract.row_version/>
            <Field id="terminate-on" name="on" label="解除日期" outcome>
                <input id="terminate-on" name="on" type="date" required/>
            </Field>
            <Field id="terminate-reason" name="reason" label="解除原因" outcome>
                <textarea id="terminate-reason" name="reason" rows="3" required maxlength="500"></textarea>
            </Field>
            <button type="submit" class="button danger" disabled=move || actions.terminate.pending().get()>"解除合同"</button>
        </ActionForm>
    }
    .into_any()
}

/// The draft's editable terms.
#[component]
fn EditForm(
    terms: ContractTerms,
    contract: ContractView,
    edit: ServerAction<EditContract>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let voids = !contract.signatures.is_empty();
    let ContractClauses {
        rest,
        social_insurance,
        labour_protection,
        other,
    } = terms.clauses.clone();
    view! {
        <section class="card" id="contract-edit">
            <h2>"修改合同草稿"</h2>
            <p class={if voids { "notice" } else { "muted" }} id="edit-voids-signatures">
                "保存修改会作废已有的签署，双方须重新签署。"
                {voids.then_some("本版本已有签署。")}
            </p>
            <ActionForm action=edit attr:class="form" attr:id="contract-edit-form">
                <ContractKeys id=contract.id row_version=contract.row_version/>
                <Field id="ct-kind" name="kind" label="用工形式" outcome>
                    <select id="ct-kind" name="kind">
                        {ContractKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=k == terms.kind>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="ct-term-kind" name="term_kind" label="合同期限类型" outcome>
                    <select id="ct-term-kind" name="term_kind">
                        {TermKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=k == terms.term_kind>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="ct-start" name="start_date" label="开始日期" outcome>
                    <input id="ct-start" name="start_date" type="date" required value=terms.start_date.clone()/>
                </Field>
                <Field id="ct-end" name="end_date" label="结束日期（无固定期限不填）" outcome>
                    <input id="ct-end" name="end_date" type="date" value=terms.end_date.clone().unwrap_or_default()/>
                </Field>
                <Field id="ct-probation" name="probation_months" label="试用期（月，0–6）" outcome>
                    <input id="ct-probation" name="probation_months" type="number" min="0" max="6" value=terms.probation_months/>
                </Field>
                <Field id="ct-position" name="position" label="岗位" outcome>
                    <input id="ct-position" name="position" required maxlength="32" value=terms.position.clone()/>
                </Field>
                <Field id="ct-place" name="place" label="工作地点" outcome>
                    <input id="ct-place" name="place" required maxlength="64" value=terms.place.clone()/>
                </Field>
                <Field id="ct-wage" name="monthly_wage_yuan" label="月工资（元）" outcome>
                    <input id="ct-wage" name="monthly_wage_yuan" type="number" required min="1000" max="100000" step="0.01"
                        value=yuan_text(terms.monthly_wage_fen)/>
                </Field>
                <Field id="ct-pay-day" name="pay_day" label="每月发薪日（1–31）" outcome>
                    <input id="ct-pay-day" name="pay_day" type="number" min="1" max="31" value=terms.pay_day/>
                </Field>
                <Field id="ct-hours" name="hours_system" label="工时制度" outcome>
                    <select id="ct-hours" name="hours_system">
                        {HoursSystem::ALL.into_iter().map(|h| view! {
                            <option value=h.code() selected=h == terms.hours_system>{h.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <fieldset class="benefits">
                    <legend>"灵活约定"</legend>
                    <label class="checkbox"><input type="checkbox" name="flexible_hours" value="on" checked=terms.flexible_hours/>" 弹性工时"</label>
                    <label class="checkbox"><input type="checkbox" name="negotiated_pay" value="on" checked=terms.negotiated_pay/>" 协商薪酬"</label>
                    <label class="checkbox"><input type="checkbox" name="rotation" value="on" checked=terms.rotation/>" 轮岗轮休"</label>
                </fieldset>
                <ClauseFields rest social_insurance labour_protection other outcome ids=DRAFT_CLAUSE_IDS/>
                <button type="submit" class="button primary" disabled=move || edit.pending().get()>"保存修改"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Element ids of the four clause fields: one set per form on a page (`Field` takes 'static ids).
const DRAFT_CLAUSE_IDS: [&str; 4] = [
    "ct-rest",
    "ct-social-insurance",
    "ct-labour-protection",
    "ct-other",
];

fn template_clause_ids(kind: ContractKind) -> [&'static str; 4] {
    match kind {
        ContractKind::Direct => [
            "direct-rest",
            "direct-social-insurance",
            "direct-labour-protection",
            "direct-other",
        ],
        ContractKind::EmployeeSystem => [
            "employee-system-rest",
            "employee-system-social-insurance",
            "employee-system-labour-protection",
            "employee-system-other",
        ],
    }
}

/// The four clause texts, in the contract draft and the template forms.
#[component]
fn ClauseFields(
    rest: String,
    social_insurance: String,
    labour_protection: String,
    other: String,
    outcome: Memo<Option<FormOutcome>>,
    ids: [&'static str; 4],
) -> impl IntoView {
    view! {
        <Field id=ids[0] name="rest" label="工作时间和休息休假" outcome>
            <textarea id=ids[0] name="rest" rows="4" required maxlength="2000">{rest}</textarea>
        </Field>
        <Field id=ids[1] name="social_insurance" label="社会保险" outcome>
            <textarea id=ids[1] name="social_insurance" rows="4" required maxlength="2000">{social_insurance}</textarea>
        </Field>
        <Field id=ids[2] name="labour_protection" label="劳动保护、劳动条件和职业危害防护" outcome>
            <textarea id=ids[2] name="labour_protection" rows="4" required maxlength="2000">{labour_protection}</textarea>
        </Field>
        <Field id=ids[3] name="other" label="其他约定（可不填）" outcome>
            <textarea id=ids[3] name="other" rows="3" maxlength="2000">{other}</textarea>
        </Field>
    }
    .into_any()
}

#[component]
pub fn PlacementsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let end = ServerAction::<EndPlacement>::new();
    let outcome = form_outcome(end.value());
    let ended = successes(end.value());
    let list = Resource::new(move || ended.get(), |_| api::placements());
    view! {
        <Title text="输出就业"/>
        <section class="card">
            <h1>"输出就业"</h1>
            <p class="muted">"劳动合同双方签署后，工人即上岗；上岗期间不会出现在搜索结果中，结束后重新可被搜索。"</p>
            <OutcomeLine outcome done="已结束上岗。" id="placement-result"/>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || {
                    let role = auth.signed_in().map(|u| u.role);
                    list.get().map(|result| match result {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted" id="no-placements">"还没有上岗记录。"</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="stack placements" id="placements">
                                {rows.into_iter().map(|placement| view! { <PlacementCard placement role end outcome/> }).collect_view()}
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
fn PlacementCard(
    placement: PlacementView,
    role: Option<Role>,
    end: ServerAction<EndPlacement>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let party = signing_party(role).is_some();
    let active = placement.state == "active";
    let employer = role == Some(Role::Employer);
    let id = placement.id;
    let on_id = format!("placement-{id}-on");
    let reason_id = format!("placement-{id}-reason");
    view! {
        <li class="placement" data-placement=id data-state=placement.state.clone()>
            <div class="hit-head">
                <strong class="hit-name">{placement.worker_name.clone()}</strong>
                <span class=format!("badge placement-{}", placement.state)>{placement.state_label.clone()}</span>
                {placement.cross_province.then(|| view! { <span class="badge cross-province">"跨省"</span> })}
            </div>
            <p>{format!("{} → {}", placement.company_name, placement.employer_name)}</p>
            <p>{format!("{} · {}（{}）", placement.position, placement.place, placement.region_name)}</p>
            <p class="muted">
                {period(&placement.starts_on, placement.ends_on.as_deref())}
                {placement.end_reason.clone().map(|r| format!(" · 结束原因：{r}"))}
                " · "<a href=format!("/contracts/{}", placement.contract_id)>"查看合同"</a>
            </p>
            {employer.then(|| view! { <ContactReveal placement_id=id/> })}
            {(party && active).then(|| view! {
                <ActionForm action=end attr:class="inline-form end-placement-form">
                    <input type="hidden" name="id" value=id/>
                    <label for=on_id.clone()>"结束日期"</label>
                    <input id=on_id name="on" type="date" required/>
                    <label for=reason_id.clone()>"原因"</label>
                    <input id=reason_id name="reason" required maxlength="200" placeholder="如 合同期满"/>
                    <button type="submit" class="button small danger" disabled=move || end.pending().get()>"结束上岗"</button>
                    <span class="field-error" role="alert">
                        {move || match outcome.get() {
                            Some(FormOutcome::Failed(e)) if matches!(e.field.as_deref(), Some("on" | "reason")) => Some(e.message),
                            _ => None,
                        }}
                    </span>
                </ActionForm>
            })}
        </li>
    }
    .into_any()
}

/// The placed worker's name and phone for their employer, asked for only on a click (each look
/// is audited); needs JavaScript.
#[island]
fn ContactReveal(placement_id: i32) -> impl IntoView {
    let reveal = ServerAction::<PlacementContact>::new();
    let shown = move || reveal.value().get();
    view! {
        <div class="contact-reveal" data-placement=placement_id>
            {move || match shown() {
                Some(Ok(WorkerContact { name, phone, .. })) => view! {
                    <p class="contact">
                        "姓名："<strong class="contact-name">{name}</strong>
                        " · 手机："<strong class="contact-phone">{phone}</strong>
                    </p>
                }.into_any(),
                other => view! {
                    <button type="button" class="button small reveal-contact"
                        disabled=move || reveal.pending().get()
                        on:click=move |_| { reveal.dispatch(PlacementContact { id: placement_id }); }>
                        "查看联系方式"
                    </button>
                    <noscript><small class="muted">" 需要启用 JavaScript"</small></noscript>
                    {match other {
                        Some(Err(e)) => Some(view! { <span class="field-error" role="alert">{e.message}</span> }),
                        _ => None,
                    }}
                    <small class="muted hint">"查看会留下记录。"</small>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
pub fn ContractTemplatesPage() -> impl IntoView {
    let direct = ServerAction::<SaveContractTemplate>::new();
    let employee_system = ServerAction::<SaveContractTemplate>::new();
    let saved_direct = successes(direct.value());
    let saved_employee_system = successes(employee_system.value());
    let list = Resource::new(
        move || (saved_direct.get(), saved_employee_system.get()),
        |_| api::contract_templates(),
    );
    let outcome = LatestAnswer::new()
        .follow(direct.value())
        .follow(employee_system.value())
        .outcome();
    let action_for = move |kind: ContractKind| match kind {
        ContractKind::Direct => direct,
        ContractKind::EmployeeSystem => employee_system,
    };
    view! {
        <Title text="合同模板"/>
        <section class="card">
            <h1>"合同模板"</h1>
            <p class="muted">"新起草的劳动合同从这里的条款开始；已起草的合同不受影响。双方仍可在签署前修改。"</p>
            <OutcomeLine outcome done="模板已保存。" id="template-result"/>
        </section>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || list.get().map(|result| match result {
                Ok(templates) => ContractKind::ALL.into_iter().map(|kind| {
                    let template = templates.iter().find(|t| t.kind == kind).cloned();
                    view! { <TemplateForm kind template save=action_for(kind) outcome/> }
                }).collect_view().into_any(),
                Err(e) => view! { <section class="card"><p class="form-error" role="alert">{e.message}</p></section> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn TemplateForm(
    kind: ContractKind,
    template: Option<ContractTemplateView>,
    save: ServerAction<SaveContractTemplate>,
    outcome: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let updated = template.as_ref().map(|t| t.updated_at.clone());
    let ContractClauses {
        rest,
        social_insurance,
        labour_protection,
        other,
    } = template.map(|t| t.clauses).unwrap_or_default();
    view! {
        <section class="card template" data-kind=kind.code()>
            <h2>{kind.label()}</h2>
            <p class="muted">{match updated {
                Some(at) => format!("更新于 {at}"),
                None => "尚未设置。".to_string(),
            }}</p>
            <ActionForm action=save attr:class="form template-form" attr:id=format!("template-{}", kind.code())>
                <input type="hidden" name="kind" value=kind.code()/>
                <ClauseFields rest social_insurance labour_protection other outcome ids=template_clause_ids(kind)/>
                <button type="submit" class="button primary" disabled=move || save.pending().get()>"保存模板"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_yuan_have_no_decimals() {
        assert_eq!(yuan_text(800_000), "8000");
        assert_eq!(yuan_text(800_050), "8000.50");
    }

    #[test]
    fn only_employer_and_company_users_sign() {
        assert_eq!(
            signing_party(Some(Role::Employer)),
            Some(SigningParty::Employer)
        );
        assert_eq!(
            signing_party(Some(Role::Company)),
            Some(SigningParty::Company)
        );
        assert_eq!(signing_party(Some(Role::Admin)), None);
        assert_eq!(signing_party(Some(Role::Promoter)), None);
        assert_eq!(signing_party(None), None);
    }

    #[test]
    fn periods_say_whether_they_end() {
        assert_eq!(
            period("2027-03-01", Some("2028-02-29")),
            "2027-03-01 至 2028-02-29"
        );
        assert_eq!(period("2027-03-01", None), "2027-03-01 起");
    }
}
