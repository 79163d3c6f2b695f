//! `/memberships`: brand memberships (加盟). A company sees its applications and their
//! decisions; a promoter sees those of their county's brands and approves, rejects (with
//! reason) or suspends (with reason) them; an admin sees all.

use crate::api::brands::{DecideMembership, memberships};
use crate::api::types::MembershipView;
use crate::domain::brand::MembershipStatus;
use crate::ui::auth::Auth;
use crate::ui::{FormOutcome, form_outcome};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MembershipsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let decide = ServerAction::<DecideMembership>::new();
    let outcome = form_outcome(decide.value());
    let list = Resource::new(
        move || (query.read().get("status"), decide.version().get()),
        |(status, _)| memberships(status),
    );
    let official = move || auth.is_county_official();
    view! {
        <Title text="品牌加盟"/>
        <section class="card">
            <h1>"品牌加盟"</h1>
            <Form method="GET" action="/memberships" attr:class="filters">
                <select name="status" aria-label="状态">
                    <option value="">"全部"</option>
                    {[MembershipStatus::Pending, MembershipStatus::Approved, MembershipStatus::Rejected, MembershipStatus::Suspended]
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.code() selected=move || query.read().get("status").as_deref() == Some(s.code())>{s.label()}</option>
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="button small">"筛选"</button>
            </Form>
            <p role="alert" id="decision-result" class=move || match outcome.get() {
                Some(FormOutcome::Failed(_)) => "form-error",
                _ => "success",
            }>
                {move || match outcome.get() {
                    Some(FormOutcome::Done) => Some("已处理。".to_string()),
                    Some(FormOutcome::Failed(e)) => Some(e.message),
                    None => None,
                }}
            </p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="muted">"没有加盟记录。劳务公司可在品牌页面申请加盟。"</p>
                    }.into_any(),
                    Ok(rows) => {
                        let official = official();
                        view! {
                            <div class="table-wrap">
                                <table id="membership-table">
                                    <thead><tr>
                                        <th>"品牌"</th><th>"劳务公司"</th><th>"申请时间"</th><th>"状态"</th><th>"理由"</th>
                                        {official.then(|| view! { <th>"处理"</th> })}
                                    </tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|m| view! { <MembershipRow m official decide/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MembershipRow(
    m: MembershipView,
    official: bool,
    decide: ServerAction<DecideMembership>,
) -> impl IntoView {
    let applied = m.applied_at.chars().take(10).collect::<String>();
    let id = m.id;
    let status = m.status;
    view! {
        <tr data-membership=id>
            <td><a href=format!("/brands/{}", m.brand_slug)>{m.brand_name}</a></td>
            <td>{m.company_name}" · "{m.company_county_name}</td>
            <td>{applied}</td>
            <td class="status">{m.status_label}</td>
            <td>{m.reason.unwrap_or_default()}</td>
            {official.then(|| view! {
                <td class="decisions">
                    {matches!(status, MembershipStatus::Pending | MembershipStatus::Suspended).then(|| view! {
                        <ActionForm action=decide attr:class="inline">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="decision" value="approve"/>
                            <button type="submit" class="button small primary">"批准"</button>
                        </ActionForm>
                    })}
                    {(status == MembershipStatus::Pending).then(|| view! {
                        <ActionForm action=decide attr:class="inline">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="decision" value="reject"/>
                            <input name="reason" placeholder="驳回理由" aria-label="驳回理由" required maxlength="200"/>
                            <button type="submit" class="button small">"驳回"</button>
                        </ActionForm>
                    })}
                    {(status == MembershipStatus::Approved).then(|| view! {
                        <ActionForm action=decide attr:class="inline">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="decision" value="suspend"/>
                            <input name="reason" placeholder="暂停理由" aria-label="暂停理由" required maxlength="200"/>
                            <button type="submit" class="button small">"暂停"</button>
                        </ActionForm>
                    })}
                </td>
            })}
        </tr>
    }
}
