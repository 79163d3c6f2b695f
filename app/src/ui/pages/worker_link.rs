//! The worker's own QR code: on the company's worker page, issue (print it on the worker's
//! card or brand badge) and revoke; `/v/:token`, the public page a scan opens, verifying the
//! brand, certificate, attested work and awards without any personal data.

use crate::api::AppError;
use crate::api::types::SearchHit;
use crate::api::worker_links::{
    BadgeView, ContractToConfirm, IssueWorkerLink, IssuedLink, RevokeWorkerLink, SelfView,
    WorkerConfirmContract, WorkerSelf, WorkerSelfConsent, worker_badge,
};
use crate::ui::pages::search::{CertificateBadge, hit_facts};
use crate::ui::{FormOutcome, form_outcome};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// On the company's worker page: the code, shown once when issued, and its revocation.
#[island]
pub fn WorkerQrCode(worker_id: i32) -> impl IntoView {
    crate::ui::island::provide_page_url();
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
                    Ok(b) => view! {
                        <BadgeFacts b/>
                        <SelfSection token=params.read_untracked().get("token").unwrap_or_default()/>
                    }.into_any(),
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

/// The worker's own part of the page: opened with the last six characters of their ID
/// number; consent given or withdrawn (本人扫码确认), contracts to confirm before the company
/// signs on their behalf, and who saw their full numbers.
#[island]
fn SelfSection(token: String) -> impl IntoView {
    let open = ServerAction::<WorkerSelf>::new();
    let consent = ServerAction::<WorkerSelfConsent>::new();
    let confirm = ServerAction::<WorkerConfirmContract>::new();
    let suffix = RwSignal::new(String::new());
    let current = RwSignal::new(None::<SelfView>);
    let failure = RwSignal::new(None::<String>);
    show_latest(open.value(), current, failure);
    show_latest(consent.value(), current, failure);
    show_latest(confirm.value(), current, failure);
    let token_for_steps = token.clone();
    view! {
        <section class="self-service" id="self-service">
            <h2>"本人查看与确认"</h2>
            <ActionForm action=open attr:class="inline" attr:id="self-open-form">
                <input type="hidden" name="token" value=token.clone()/>
                <label for="self-suffix">"身份证号后六位"</label>
                <input id="self-suffix" name="id_suffix" required maxlength="6" autocomplete="off"
                    inputmode="text" on:input=move |ev| suffix.set(event_target_value(&ev))/>
                <button type="submit" class="button small primary">"查看"</button>
            </ActionForm>
            <p class="form-error" role="alert" id="self-error">{move || failure.get()}</p>
            {move || current.get().map(|me: SelfView| {
                let token = token_for_steps.clone();
                let token_for_contracts = token.clone();
                view! {
                    <dl class="facts" id="self-facts">
                        <dt>"本人"</dt><dd>{me.masked_name.clone()}</dd>
                        <dt>"向用工单位展示"</dt>
                        <dd id="self-consent">{match &me.consent {
                            Some(line) => format!("已同意（{line}）{}", if me.published { "，正在展示" } else { "" }),
                            None => "未同意，用工单位看不到您".to_string(),
                        }}</dd>
                    </dl>
                    {me.as_employers_see.clone().map(|hit| view! { <AsEmployersSee hit/> })}
                    <ActionForm action=consent attr:class="inline" attr:id="self-consent-form">
                        <input type="hidden" name="token" value=token/>
                        <input type="hidden" name="id_suffix" value=move || suffix.get()/>
                        <input type="hidden" name="give" value=if me.consent.is_some() { "false" } else { "true" }/>
                        <button type="submit" class="button small">
                            {if me.consent.is_some() { "撤回同意（立即停止展示）" } else { "本人同意向认证用工单位展示" }}
                        </button>
                    </ActionForm>
                    <SelfContracts contracts=me.contracts.clone() token=token_for_contracts confirm suffix/>
                    <h3>"谁查看过我的完整身份证号或手机号"</h3>
                    {if me.disclosures.is_empty() {
                        view! { <p class="muted" id="self-no-disclosures">"还没有人查看过。"</p> }.into_any()
                    } else {
                        view! {
                            <ul class="history" id="self-disclosures">
                                {me.disclosures.into_iter().map(|d| view! {
                                    <li>{format!("{} · {} · {} · {}", d.at, d.who, d.what, d.why)}</li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </section>
    }
    .into_any()
}

/// The worker's card as employers see it in search and on the profile page.
#[component]
fn AsEmployersSee(hit: SearchHit) -> impl IntoView {
    let facts = hit_facts(&hit).join(" · ");
    view! {
        <section class="card" id="self-as-employers-see">
            <h3>"用工单位看到的您"</h3>
            <p>
                <strong>{hit.display_name.clone()}</strong>" "
                {hit.brand.clone().map(|b| view! { <span class="badge">{b}</span> })}" "
                <CertificateBadge level=hit.certificate_level.clone() verified=hit.verified/>
            </p>
            <p>{hit.occupations.join("、")}</p>
            <p class="muted">{facts}</p>
            {(!hit.bio.is_empty()).then(|| view! { <p>{hit.bio.clone()}</p> })}
            {(!hit.attested_work.is_empty()).then(|| view! {
                <ul class="history">
                    {hit.attested_work.iter().map(|w| view! {
                        <li>{format!("{} · {} · {} 至 {}", w.position, w.region_name, w.starts_on,
                            w.ends_on.clone().unwrap_or_else(|| "今".to_string()))}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// Whichever step answered last shows its result.
fn show_latest<S>(value: S, current: RwSignal<Option<SelfView>>, failure: RwSignal<Option<String>>)
where
    S: Get<Value = Option<Result<SelfView, AppError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| match value.get() {
        Some(Ok(me)) => {
            current.set(Some(me));
            failure.set(None);
        }
        Some(Err(e)) => failure.set(Some(e.message)),
        None => {}
    });
}

/// Contract versions the company will sign on the worker's behalf: the worker reads each and
/// confirms its content hash.
#[component]
fn SelfContracts(
    contracts: Vec<ContractToConfirm>,
    token: String,
    confirm: ServerAction<WorkerConfirmContract>,
    suffix: RwSignal<String>,
) -> impl IntoView {
    if contracts.is_empty() {
        return view! { <p class="muted" id="self-no-contracts">"没有待您确认的劳动合同。"</p> }
            .into_any();
    }
    view! {
        <h3>"待我确认的劳动合同"</h3>
        <p class="muted">"劳务公司将代您签署下列合同。请逐条阅读，内容无误再确认；合同修改后需要重新确认。"</p>
        {contracts.into_iter().map(|c| {
            let token = token.clone();
            view! {
                <article class="card self-contract" id=format!("self-contract-{}", c.contract_id)>
                    <h4>{format!("第 {} 版 · 甲方 {} · {}", c.version_number, c.party_a, c.other_party)}</h4>
                    <details>
                        <summary>"阅读全部条款"</summary>
                        <dl class="facts">
                            {c.clauses.into_iter().map(|clause| view! {
                                <dt>{clause.heading}</dt><dd>{clause.text}</dd>
                            }).collect_view()}
                        </dl>
                    </details>
                    <p class="muted">"内容摘要 SHA-256 "<code class="hash">{c.content_hash.clone()}</code></p>
                    {match c.confirmed_at {
                        Some(at) => view! {
                            <p class="notice self-confirmed">{format!("您已于 {at} 确认本版内容。")}</p>
                        }.into_any(),
                        None => view! {
                            <ActionForm action=confirm attr:class="inline self-confirm-form">
                                <input type="hidden" name="token" value=token/>
                                <input type="hidden" name="id_suffix" value=move || suffix.get()/>
                                <input type="hidden" name="contract_id" value=c.contract_id/>
                                <input type="hidden" name="content_hash" value=c.content_hash/>
                                <button type="submit" class="button small primary">"我已阅读，确认合同内容无误"</button>
                            </ActionForm>
                        }.into_any(),
                    }}
                </article>
            }
        }).collect_view()}
    }
    .into_any()
}
