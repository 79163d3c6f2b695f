//! `/manage/demand`: unmet demand — employers' searches that found fewer than three workers,
//! grouped by the work asked for and the region, month by month; a promoter turns a group
//! into a draft training programme. The latest searches follow, as they were typed.

use crate::api::search::unmet_demand;
use crate::api::training::{DraftProgrammeFromDemand, unmet_demand_groups};
use crate::domain::training::FEW_RESULTS;
use crate::ui::{LatestAnswer, OutcomeLine};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UnmetDemandPage() -> impl IntoView {
    let draft = ServerAction::<DraftProgrammeFromDemand>::new();
    let drafted = crate::ui::successes(draft.value());
    let answer = LatestAnswer::new().follow(draft.value());
    let groups = Resource::new(move || drafted.get(), |_| unmet_demand_groups());
    let rows = Resource::new(|| (), |_| unmet_demand());
    view! {
        <Title text="未满足的用工需求"/>
        <section class="card">
            <h1>"未满足的用工需求"</h1>
            <p class="muted">{format!(
                "用工单位搜索后找到的工人少于 {FEW_RESULTS} 人的记录，按工种和地区分组、逐月计数（近六个月）：提到本县（或本县品牌）的，和没有指定区县的。可据此生成“需求储备式”培训计划草稿。"
            )}</p>
            <OutcomeLine outcome=answer.outcome() done="已生成培训计划草稿。" id="draft-result"/>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || groups.get().map(|result| match result {
                    Ok(report) if report.groups.is_empty() => view! { <p class="muted" id="no-demand">"近六个月暂无未满足的需求。"</p> }.into_any(),
                    Ok(report) => view! {
                        <div class="table-wrap">
                            <table id="demand-groups">
                                <thead><tr>
                                    <th>"工种或搜索词"</th><th>"地区"</th>
                                    {report.months.iter().map(|m| view! { <th class="num">{m[5..].trim_start_matches('0').to_string() + "月"}</th> }).collect_view()}
                                    <th class="num">"合计"</th><th>"培训计划"</th>
                                </tr></thead>
                                <tbody>
                                    {report.groups.into_iter().map(|g| {
                                        let occupation = g.occupation.clone();
                                        view! {
                                        <tr data-occupation=occupation>
                                            <td>{g.occupation.clone()}</td>
                                            <td>{g.region_name.clone().unwrap_or_else(|| "未指定".into())}</td>
                                            {g.per_month.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
                                            <td class="num">{g.searches}</td>
                                            <td>
                                                {g.drafts.iter().map(|id| view! {
                                                    <a href=format!("/training/{id}")>{format!("#{id} ")}</a>
                                                }).collect_view()}
                                                <ActionForm action=draft attr:class="inline">
                                                    <input type="hidden" name="occupation" value=g.occupation.clone()/>
                                                    <input type="hidden" name="region_code" value=g.region_code.clone().unwrap_or_default()/>
                                                    <button type="submit" class="button small">"生成培训计划草稿"</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
            <h2>"最近的搜索"</h2>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || rows.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">"暂无记录。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="table-wrap">
                            <table id="unmet-demand">
                                <thead><tr><th>"时间"</th><th>"搜索词"</th><th>"条件"</th><th>"区县"</th><th>"用工单位所在地"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td>{r.searched_at}</td>
                                            <td>{r.query}</td>
                                            <td>{r.filters}</td>
                                            <td>{r.county.unwrap_or_else(|| "未指定".into())}</td>
                                            <td>{r.employer_region.unwrap_or_default()}</td>
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
