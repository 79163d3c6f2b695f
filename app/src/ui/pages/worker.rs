//! `/roster/workers/new` and `/roster/workers/{id}`: a company adds a worker by form, sees one
//! worker's page (masked), edits it, records or withdraws consent, deactivates it, and reveals
//! the full ID and phone number for a stated purpose (audited, capped per day).

use crate::api::brands::counties;
use crate::api::roster::{
    AddCertificate, ChangeWorker, RemoveCertificate, RevealWorker, SaveWorker, worker,
};
use crate::api::types::{County, WorkerDetail};
use crate::domain::roster::{CertificateLevel, Education, PovertyStatus};
use crate::ui::{Field, FormOutcome, form_outcome, general_message};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const FIELDS: &[&str] = &[
    "name",
    "id_number",
    "phone",
    "household_county",
    "poverty_registered",
    "household_number",
    "poverty_status",
    "education",
    "occupations",
    "certificate_level",
    "certificate_number",
    "certificate_issuer",
    "certificate_date",
    "years_experience",
    "expected_wage",
    "target_regions",
    "available_from",
    "bio",
];

#[component]
pub fn NewWorkerPage() -> impl IntoView {
    let counties = Resource::new(|| (), |_| counties());
    let save = ServerAction::<SaveWorker>::new();
    view! {
        <Title text="添加工人"/>
        <section class="card">
            <h1>"添加工人"</h1>
            <Suspense fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || counties.get().map(|result| match result {
                    Ok(counties) => view! { <WorkerForm existing=None counties save/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn WorkerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i32>().ok());
    let save = ServerAction::<SaveWorker>::new();
    let change = ServerAction::<ChangeWorker>::new();
    let certificates = CertificateActions {
        add: ServerAction::<AddCertificate>::new(),
        remove: ServerAction::<RemoveCertificate>::new(),
    };
    let data = Resource::new(
        move || {
            (
                id(),
                save.version().get(),
                change.version().get(),
                certificates.add.version().get(),
                certificates.remove.version().get(),
            )
        },
        |(id, ..)| async move {
            let id =
                id.ok_or_else(|| crate::api::AppError::new(crate::api::ErrorCode::NotFound))?;
            Ok::<_, crate::api::AppError>((worker(id).await?, counties().await?))
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || data.get().map(|result| match result {
                Ok((detail, counties)) => view! { <WorkerView detail counties save change certificates/> }.into_any(),
                Err(e) => view! {
                    <Title text="工人"/>
                    <section class="card"><h1>"工人"</h1><p class="form-error" role="alert">{e.message}</p></section>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn WorkerView(
    detail: WorkerDetail,
    counties: Vec<County>,
    save: ServerAction<SaveWorker>,
    change: ServerAction<ChangeWorker>,
    certificates: CertificateActions,
) -> impl IntoView {
    let id = detail.entry.id;
    let others = detail.other_certificates.clone();
    let changed = form_outcome(change.value());
    let entry = detail.entry.clone();
    let status = match (entry.active, entry.published, entry.placed) {
        (false, _, _) => "已停用",
        (true, _, true) => "已输出就业",
        (true, true, false) => "已发布，可接单（用工单位可见）",
        (true, false, false) => "在册，未同意展示",
    };
    let certificate = entry.certificate_level.clone().map(|level| {
        format!(
            "{level} · {} · {} · {}（{}）",
            detail.certificate_number.clone().unwrap_or_default(),
            detail.certificate_issuer.clone().unwrap_or_default(),
            detail.certificate_date.clone().unwrap_or_default(),
            entry.certificate_status.label()
        )
    });
    let consent_line = detail.consent_at.clone().map(|at| {
        format!(
            "{} · {} · {}",
            at.chars().take(10).collect::<String>(),
            detail.consent_method.clone().unwrap_or_default(),
            detail.consent_scope.clone().unwrap_or_default()
        )
    });
    view! {
        <Title text=entry.name.clone()/>
        <section class="card" id="worker-detail">
            <h1>{entry.name.clone()}</h1>
            <p class="muted">{status}</p>
            <dl class="facts">
                <dt>"身份证号"</dt><dd id="worker-id-number">{entry.id_number_masked.clone()}</dd>
                <dt>"手机号"</dt><dd id="worker-phone">{entry.phone_masked.clone()}</dd>
                <dt>"性别 · 年龄"</dt>
                <dd>{if entry.sex == "male" { "男" } else { "女" }}" · "{entry.age}" 岁（"{entry.birth_date.clone()}" 出生）"</dd>
                <dt>"户籍区县"</dt><dd>{detail.household_county_name.clone().unwrap_or_default()}</dd>
                <dt>"建档立卡"</dt>
                <dd>
                    {if detail.poverty_registered { "是" } else { "否" }}
                    {detail.poverty_status.clone().map(|s| format!(" · {s}"))}
                    {detail.household_number.clone().map(|n| format!(" · 户编号 {n}"))}
                </dd>
                <dt>"学历"</dt><dd>{detail.education.clone().unwrap_or_default()}</dd>
                <dt>"意愿"</dt>
                <dd>
                    {if detail.training_wish { "有培训意愿" } else { "无培训意愿" }}" · "
                    {if detail.employment_wish { "有就业意愿" } else { "无就业意愿" }}
                </dd>
                <dt>"工种"</dt><dd>{entry.occupations.join("、")}</dd>
                <dt>"证书"</dt><dd id="worker-certificate">{certificate.unwrap_or_else(|| "无".to_string())}</dd>
                <dt>"从业年限"</dt><dd>{detail.years_experience.map(|y| format!("{y} 年")).unwrap_or_default()}</dd>
                <dt>"期望月薪"</dt><dd>{detail.expected_wage.clone().map(|w| format!("{w} 元")).unwrap_or_default()}</dd>
                <dt>"意向地区"</dt><dd>{detail.target_region_names.join("、")}</dd>
                <dt>"可到岗日期"</dt><dd>{detail.available_from.clone().unwrap_or_default()}</dd>
                <dt>"简介"</dt><dd class="prose">{detail.bio.clone()}</dd>
                <dt>"展示同意"</dt><dd id="worker-consent">{consent_line.clone().unwrap_or_else(|| "未记录".to_string())}</dd>
            </dl>
            <Reveal id/>
            <p><a class="button small" href=format!("/local-jobs/new?worker={id}") id="record-local-job">"登记就地就近就业"</a></p>
        </section>
        <section class="card">
            <h2>"展示同意与在册状态"</h2>
            <p class="form-error" role="alert">
                {move || match changed.get() { Some(FormOutcome::Failed(e)) => Some(e.message), _ => None }}
            </p>
            {if consent_line.is_some() {
                view! {
                    <ActionForm action=change attr:class="inline" attr:id="withdraw-consent-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="change" value="withdraw_consent"/>
                        <button type="submit" class="button small">"撤回同意（立即停止展示）"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=change attr:class="form" attr:id="consent-form">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="change" value="consent"/>
                        <div class="field">
                            <label for="consent-method">"同意方式"</label>
                            <input id="consent-method" name="method" required maxlength="128" placeholder="书面签字、短信确认…"/>
                        </div>
                        <div class="field">
                            <label for="consent-scope">"同意范围"</label>
                            <input id="consent-scope" name="scope" required maxlength="128" value="向认证用工单位展示技能、等级、求职意向和简介"/>
                        </div>
                        <button type="submit" class="button small primary">"记录单独同意"</button>
                    </ActionForm>
                }.into_any()
            }}
            <ActionForm action=change attr:class="inline" attr:id="placed-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="change" value=if entry.placed { "available" } else { "placed" }/>
                <button type="submit" class="button small">{if entry.placed { "已返回，可接单" } else { "标记为已输出就业" }}</button>
            </ActionForm>
            <ActionForm action=change attr:class="inline" attr:id="active-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="change" value=if entry.active { "deactivate" } else { "reactivate" }/>
                <button type="submit" class="button small">{if entry.active { "停用（移出在册）" } else { "恢复在册" }}</button>
            </ActionForm>
        </section>
        <OtherCertificates worker_id=id others actions=certificates/>
        <super::worker_training::WorkerTrainings worker_id=id/>
        <super::events::WorkerAwards worker_id=id/>
        <super::cases::WorkerCases worker_id=id/>
        <super::audit_log::WorkerDisclosures worker_id=id/>
        <super::worker_link::WorkerQrCode worker_id=id/>
        <section class="card">
            <h2>"修改信息"</h2>
            <WorkerForm existing=Some(detail) counties save/>
        </section>
    }
}

/// The actions on a worker's further certificates.
#[derive(Clone, Copy)]
struct CertificateActions {
    add: ServerAction<AddCertificate>,
    remove: ServerAction<RemoveCertificate>,
}

#[component]
fn OtherCertificates(
    worker_id: i32,
    others: Vec<crate::api::types::CertificateView>,
    actions: CertificateActions,
) -> impl IntoView {
    let added = form_outcome(actions.add.value());
    view! {
        <section class="card">
            <h2>"其他证书"</h2>
            <p class="muted">"台账中只能登记一本证书；其他工种的证书在这里添加，由县人社局核验。"</p>
            {if others.is_empty() {
                view! { <p class="muted">"暂无。"</p> }.into_any()
            } else {
                view! {
                    <ul id="other-certificates" class="stack">
                        {others.into_iter().map(|c| view! {
                            <li>
                                {format!("{} · {} · {} · {} · {}", c.occupation, c.level,
                                    c.number.unwrap_or_default(), c.issued_on.unwrap_or_default(), c.status_label)}
                                {c.reject_reason.map(|r| format!("（{r}）"))}
                                <ActionForm action=actions.remove attr:class="inline">
                                    <input type="hidden" name="worker_id" value=worker_id/>
                                    <input type="hidden" name="certificate_id" value=c.id/>
                                    <button type="submit" class="link-button">"删除"</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ActionForm action=actions.add attr:class="form" attr:id="certificate-form">
                <input type="hidden" name="worker_id" value=worker_id/>
                <Field id="c-occupation" name="occupation" label="工种" outcome=added>
                    <input id="c-occupation" name="occupation" required maxlength="32"/>
                </Field>
                <Field id="c-level" name="level" label="职业技能等级" outcome=added>
                    <select id="c-level" name="level">
                        {CertificateLevel::ALL.into_iter().map(|l| view! { <option value=l.label()>{l.label()}</option> }).collect_view()}
                    </select>
                </Field>
                <Field id="c-number" name="number" label="证书编号" outcome=added>
                    <input id="c-number" name="number" maxlength="64"/>
                </Field>
                <Field id="c-issuer" name="issuer" label="发证机构" outcome=added>
                    <input id="c-issuer" name="issuer" maxlength="64"/>
                </Field>
                <Field id="c-issued-on" name="issued_on" label="发证日期" outcome=added>
                    <input id="c-issued-on" name="issued_on" type="date"/>
                </Field>
                <p class="form-error" role="alert">{general_message(added, &["occupation", "level", "number", "issuer", "issued_on"])}</p>
                <button type="submit" class="button small primary">"添加证书"</button>
            </ActionForm>
        </section>
    }
}

/// The reveal control: a purpose, then the full numbers in place (never stored in the page
/// until asked for).
#[island]
fn Reveal(id: i32) -> impl IntoView {
    let reveal = ServerAction::<RevealWorker>::new();
    view! {
        <ActionForm action=reveal attr:class="inline" attr:id="reveal-form">
            <input type="hidden" name="id" value=id/>
            <input name="purpose" required maxlength="100" placeholder="用途，如 办理社保" aria-label="查看用途"/>
            <button type="submit" class="button small">"查看完整号码"</button>
        </ActionForm>
        <p id="reveal-result" role="status">
            {move || reveal.value().get().map(|result| match result {
                Ok(contact) => format!(
                    "身份证号 {} · 手机号 {}（已记录查看；今天还可查看 {} 次）",
                    contact.id_number, contact.phone, contact.remaining_today
                ),
                Err(e) => e.message,
            })}
        </p>
    }
}

#[component]
fn WorkerForm(
    existing: Option<WorkerDetail>,
    counties: Vec<County>,
    save: ServerAction<SaveWorker>,
) -> impl IntoView {
    let outcome = form_outcome(save.value());
    let editing = existing.is_some();
    let text = |pick: fn(&WorkerDetail) -> String| existing.as_ref().map(pick).unwrap_or_default();
    let name = text(|d| d.entry.name.clone());
    let occupations = text(|d| d.entry.occupations.join("、"));
    let certificate_number = text(|d| d.certificate_number.clone().unwrap_or_default());
    let certificate_issuer = text(|d| d.certificate_issuer.clone().unwrap_or_default());
    let certificate_date = text(|d| d.certificate_date.clone().unwrap_or_default());
    let years = text(|d| {
        d.years_experience
            .map(|y| y.to_string())
            .unwrap_or_default()
    });
    let wage = text(|d| d.expected_wage.clone().unwrap_or_default());
    let regions = text(|d| d.target_region_names.join("、"));
    let available = text(|d| d.available_from.clone().unwrap_or_default());
    let bio = text(|d| d.bio.clone());
    let household = text(|d| d.household_number.clone().unwrap_or_default());
    let poverty_status = existing.as_ref().and_then(|d| d.poverty_status.clone());
    let county = existing
        .as_ref()
        .and_then(|d| d.household_county_code.clone());
    let education = existing.as_ref().and_then(|d| d.education.clone());
    let level = existing
        .as_ref()
        .and_then(|d| d.entry.certificate_level.clone());
    let flags = existing.as_ref().map_or((false, false, true), |d| {
        (d.poverty_registered, d.training_wish, d.employment_wish)
    });
    let hidden = existing.map(|d| (d.entry.id, d.entry.version));
    let keep = if editing { "留空则不修改" } else { "" };
    view! {
        <ActionForm action=save attr:class="form" attr:id="worker-form">
            {hidden.map(|(id, version)| view! {
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
            })}
            <Field id="w-name" name="name" label="姓名" outcome>
                <input id="w-name" name="name" required maxlength="32" value=name/>
            </Field>
            <Field id="w-id-number" name="id_number" label="身份证号" outcome>
                <input id="w-id-number" name="id_number" maxlength="18" autocomplete="off" required=!editing placeholder=keep/>
            </Field>
            <Field id="w-phone" name="phone" label="手机号" outcome>
                <input id="w-phone" name="phone" maxlength="11" inputmode="numeric" autocomplete="off" required=!editing placeholder=keep/>
            </Field>
            <Field id="w-county" name="household_county" label="户籍区县" outcome>
                <select id="w-county" name="household_county">
                    <option value="">"（未填）"</option>
                    {counties.into_iter().map(|c| {
                        let selected = county.as_deref() == Some(c.code.as_str());
                        view! { <option value=c.code selected=selected>{c.name}</option> }
                    }).collect_view()}
                </select>
            </Field>
            <label class="checkbox"><input type="checkbox" name="poverty_registered" checked=flags.0/>" 建档立卡户成员"</label>
            <Field id="w-household" name="household_number" label="建档立卡户编号" outcome>
                <input id="w-household" name="household_number" maxlength="32" value=household/>
            </Field>
            <Field id="w-poverty-status" name="poverty_status" label="脱贫状态" outcome>
                <select id="w-poverty-status" name="poverty_status">
                    <option value="">"（非建档立卡户）"</option>
                    {PovertyStatus::ALL.into_iter().map(|p| view! {
                        <option value=p.label() selected=poverty_status.as_deref() == Some(p.label())>{p.label()}</option>
                    }).collect_view()}
                </select>
            </Field>
            <Field id="w-education" name="education" label="学历" outcome>
                <select id="w-education" name="education">
                    <option value="">"（未填）"</option>
                    {Education::ALL.into_iter().map(|e| view! {
                        <option value=e.label() selected=education.as_deref() == Some(e.label())>{e.label()}</option>
                    }).collect_view()}
                </select>
            </Field>
            <label class="checkbox"><input type="checkbox" name="training_wish" checked=flags.1/>" 有培训意愿"</label>
            <label class="checkbox"><input type="checkbox" name="employment_wish" checked=flags.2/>" 有就业意愿"</label>
            <Field id="w-occupations" name="occupations" label="技能工种（用、分隔）" outcome>
                <input id="w-occupations" name="occupations" value=occupations/>
            </Field>
            <Field id="w-level" name="certificate_level" label="职业技能等级" outcome>
                <select id="w-level" name="certificate_level">
                    <option value="">"（无证书）"</option>
                    {CertificateLevel::ALL.into_iter().map(|l| view! {
                        <option value=l.label() selected=level.as_deref() == Some(l.label())>{l.label()}</option>
                    }).collect_view()}
                </select>
            </Field>
            <Field id="w-cert-number" name="certificate_number" label="证书编号" outcome>
                <input id="w-cert-number" name="certificate_number" maxlength="64" value=certificate_number/>
            </Field>
            <Field id="w-cert-issuer" name="certificate_issuer" label="发证机构" outcome>
                <input id="w-cert-issuer" name="certificate_issuer" maxlength="64" value=certificate_issuer/>
            </Field>
            <Field id="w-cert-date" name="certificate_date" label="发证日期" outcome>
                <input id="w-cert-date" name="certificate_date" type="date" value=certificate_date/>
            </Field>
            <Field id="w-years" name="years_experience" label="从业年限" outcome>
                <input id="w-years" name="years_experience" inputmode="numeric" maxlength="2" value=years/>
            </Field>
            <Field id="w-wage" name="expected_wage" label="期望月薪（元）" outcome>
                <input id="w-wage" name="expected_wage" inputmode="decimal" maxlength="12" value=wage/>
            </Field>
            <Field id="w-regions" name="target_regions" label="意向地区（如 北京、上海）" outcome>
                <input id="w-regions" name="target_regions" value=regions/>
            </Field>
            <Field id="w-available" name="available_from" label="可到岗日期" outcome>
                <input id="w-available" name="available_from" type="date" value=available/>
            </Field>
            <Field id="w-bio" name="bio" label="个人简介" outcome>
                <textarea id="w-bio" name="bio" rows="3" maxlength="500">{bio}</textarea>
            </Field>
            <p class="form-error" role="alert" id="worker-error">{general_message(outcome, FIELDS)}</p>
            <p class="success" role="status">
                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已保存。")}
            </p>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>"保存"</button>
        </ActionForm>
    }
}
