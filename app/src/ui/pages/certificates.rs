//! `/manage/certificates`: a promoter verifies or rejects (with reason) the certificates of
//! workers on their county's companies' rosters. Shows no ID or phone numbers.

use crate::api::brands::{CheckCertificate, certificates};
use crate::api::types::CertificateReview;
use crate::domain::brand::CertificateStatus;
use crate::ui::{FormOutcome, form_outcome};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CertificatesPage() -> impl IntoView {
    let query = use_query_map();
    let check = ServerAction::<CheckCertificate>::new();
    let outcome = form_outcome(check.value());
    // Unverified first: that is the work to do.
    let status = move || {
        query
            .read()
            .get("status")
            .or_else(|| Some("unverified".to_string()))
    };
    let list = Resource::new(
        move || (status(), check.version().get()),
        |(s, _)| certificates(s),
    );
    view! {
        <Title text="证书核验"/>
        <section class="card">
            <h1>"证书核验"</h1>
            <Form method="GET" action="/manage/certificates" attr:class="filters">
                <select name="status" aria-label="核验状态">
                    {[CertificateStatus::Unverified, CertificateStatus::Verified, CertificateStatus::Rejected]
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.code() selected=move || status().as_deref() == Some(s.code())>{s.label()}</option>
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <p role="alert" id="check-result">
                {move || match outcome.get() {
                    Some(FormOutcome::Done) => Some("已记录。".to_string()),
                    Some(FormOutcome::Failed(e)) => Some(e.message),
                    None => None,
                }}
            </p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">"没有需要处理的证书。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap">
                            <table id="certificate-table">
                                <thead><tr>
                                    <th>"工人"</th><th>"劳务公司"</th><th>"工种"</th><th>"等级"</th>
                                    <th>"证书编号"</th><th>"发证机构"</th><th>"发证日期"</th><th>"状态"</th><th>"核验"</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|c| view! { <CertificateRow c check/> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CertificateRow(c: CertificateReview, check: ServerAction<CheckCertificate>) -> impl IntoView {
    let worker_id = c.worker_id;
    let certificate_id = c.certificate_id;
    let version = c.version;
    let which = move || {
        view! {
            <input type="hidden" name="version" value=version/>
            {certificate_id.map(|id| view! { <input type="hidden" name="certificate_id" value=id/> })}
        }
    };
    view! {
        <tr data-worker=worker_id data-certificate=certificate_id.map(|id| id.to_string()).unwrap_or_default()>
            <td>{c.worker_name}</td>
            <td>{c.company_name}</td>
            <td>{c.occupations.join("、")}</td>
            <td>{c.level}</td>
            <td>{c.number.unwrap_or_default()}</td>
            <td>{c.issuer.unwrap_or_default()}</td>
            <td>{c.issued_on.unwrap_or_default()}</td>
            <td class="status" title=c.reject_reason.unwrap_or_default()>{c.status_label}</td>
            <td class="decisions">
                {(c.status != CertificateStatus::Verified).then(|| view! {
                    <ActionForm action=check attr:class="inline">
                        <input type="hidden" name="worker_id" value=worker_id/>
                        {which()}
                        <input type="hidden" name="decision" value="verify"/>
                        <button type="submit" class="button small primary">"核验通过"</button>
                    </ActionForm>
                })}
                <ActionForm action=check attr:class="inline">
                    <input type="hidden" name="worker_id" value=worker_id/>
                    {which()}
                    <input type="hidden" name="decision" value="reject"/>
                    <input name="reason" placeholder="驳回理由" aria-label="驳回理由" required maxlength="200"/>
                    <button type="submit" class="button small">"驳回"</button>
                </ActionForm>
            </td>
        </tr>
    }
}
