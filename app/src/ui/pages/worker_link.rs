//! The worker's own QR code: on the company's worker page, issue (print it on the worker's
//! card or brand badge) and revoke; `/v/:token`, the public page a scan opens, verifying the
//! brand, certificate, attested work and awards without any personal data.

use crate::api::worker_links::{
    BadgeView, IssueWorkerLink, IssuedLink, RevokeWorkerLink, worker_badge,
};
use crate::ui::{FormOutcome, form_outcome};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// On the company's worker page: the code, shown once when issued, and its revocation.
#[component]
pub fn WorkerQrCode(worker_id: i32) -> impl IntoView {
    let issue = ServerAction::<IssueWorkerLink>::new();
    let revoke = ServerAction::<RevokeWorkerLink>::new();
    let revoked = form_outcome(revoke.value());
    let issued = move || issue.value().get().and_then(Result::ok);
    view! {
        <section class="card" id="worker-qr">
            <h2>"本人二维码"</h2>
            <p class="muted">"印在工作证或品牌徽章上：用工单位扫码可核验品牌、证书、平台核实的工作经历和获奖记录，不显示姓名、身份证号和手机号。重新生成后旧码作废。"</p>
            <ActionForm action=issue attr:class="inline" attr:id="issue-link-form">
                <input type="hidden" name="worker_id" value=worker_id/>
                <button type="submit" class="button small primary">"生成二维码"</button>
            </ActionForm>
            <ActionForm action=revoke attr:class="inline" attr:id="revoke-link-form">
                <input type="hidden" name="worker_id" value=worker_id/>
                <button type="submit" class="button small">"作废二维码"</button>
            </ActionForm>
            <p role="status" id="revoke-link-result">
                {move || match revoked.get() {
                    Some(FormOutcome::Done) => Some("已作废：扫码将显示“已作废”。".to_string()),
                    Some(FormOutcome::Failed(e)) => Some(e.message),
                    None => None,
                }}
            </p>
            <p class="form-error" role="alert">
                {move || issue.value().get().and_then(Result::err).map(|e| e.message)}
            </p>
            {move || issued().map(|link: IssuedLink| view! {
                <figure class="qr" id="issued-qr">
                    <div inner_html=link.qr_svg.clone()></div>
                    <figcaption>
                        <a id="issued-link" href=link.url.clone()>{link.url.clone()}</a>
                        <br/>{format!("有效期至 {}；用浏览器打印本页即可打印。", link.valid_until)}
                    </figcaption>
                </figure>
            })}
        </section>
    }
}

/// `/v/:token`: what a scan verifies.
#[component]
pub fn BadgePage() -> impl IntoView {
    let params = use_params_map();
    let badge = Resource::new(
        move || params.read().get("token").unwrap_or_default(),
        worker_badge,
    );
    view! {
        <Title text="劳务品牌核验"/>
        <section class="card badge-check" id="badge">
            <h1>"劳务品牌核验"</h1>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || badge.get().map(|result| match result {
                    Ok(b) => view! { <BadgeFacts b/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert" id="badge-refused">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn BadgeFacts(b: BadgeView) -> impl IntoView {
    view! {
        <dl class="facts" id="badge-facts">
            <dt>"劳务品牌"</dt>
            <dd>{match (b.brand_name.clone(), b.brand_slug.clone()) {
                (Some(name), Some(slug)) => view! { <a href=format!("/brands/{slug}")>{name}</a> }.into_any(),
                _ => view! { <span>"未加盟品牌"</span> }.into_any(),
            }}</dd>
            <dt>"劳务公司"</dt><dd>{b.company_name.clone()}</dd>
            <dt>"工种"</dt><dd>{b.occupations.join("、")}</dd>
            <dt>"职业技能等级"</dt>
            <dd id="badge-certificate">
                {b.certificate_level.clone().unwrap_or_else(|| "无".to_string())}
                {b.certificate_level.is_some().then(|| format!("（{}）", b.certificate_status))}
            </dd>
            <dt>"有效期至"</dt><dd>{b.valid_until.clone()}</dd>
        </dl>
        <h2>"平台核实的工作经历"</h2>
        {if b.attested_work.is_empty() {
            view! { <p class="muted" id="badge-no-work">"暂无在本平台签约上岗并结束的记录。"</p> }.into_any()
        } else {
            view! {
                <ul class="attested" id="badge-work">
                    {b.attested_work.into_iter().map(|w| view! {
                        <li>{format!("{} · {} · {} 至 {}", w.position, w.region_name, w.starts_on, w.ends_on.unwrap_or_default())}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(!b.awards.is_empty()).then(|| view! {
            <h2>"技能大赛获奖"</h2>
            <super::events::AwardList awards=b.awards.clone()/>
        })}
        <p class="muted">"本页不显示姓名、身份证号和手机号；签订劳动合同后，用工单位可在平台上查看联系方式。"</p>
    }
}
