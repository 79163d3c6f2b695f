//! `/manage/companies`: the labour companies of a promoter's county. A self-registered company
//! waits here until the promoter approves it; only then may it keep a roster.

use crate::api::brands::{ApproveCompany, companies};
use crate::ui::{FormOutcome, form_outcome};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CompaniesPage() -> impl IntoView {
    let approve = ServerAction::<ApproveCompany>::new();
    let outcome = form_outcome(approve.value());
    let list = Resource::new(move || approve.version().get(), |_| companies());
    view! {
        <Title text="劳务公司"/>
        <section class="card">
            <h1>"劳务公司"</h1>
            <p class="muted">"自行注册的劳务公司须经审核，审核通过后才能登记工人、导入台账。"</p>
            <p role="alert" id="approve-result">
                {move || match outcome.get() {
                    Some(FormOutcome::Done) => Some("已审核通过。".to_string()),
                    Some(FormOutcome::Failed(e)) => Some(e.message),
                    None => None,
                }}
            </p>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">"本县还没有劳务公司。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap">
                            <table id="company-table">
                                <thead><tr><th>"名称"</th><th>"统一社会信用代码"</th><th>"区县"</th><th>"状态"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|c| view! {
                                        <tr data-company=c.id>
                                            <td>{c.name}</td>
                                            <td>{c.credit_code.unwrap_or_default()}</td>
                                            <td>{c.county_name}</td>
                                            <td class="decisions">
                                                {if c.approved {
                                                    view! { <span>"已审核"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ActionForm action=approve attr:class="inline">
                                                            <input type="hidden" name="id" value=c.id/>
                                                            <span>"待审核 "</span>
                                                            <button type="submit" class="button small primary">"审核通过"</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }).collect_view()}
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
