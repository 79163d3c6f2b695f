//! `/dashboard`: 目标任务完成情况. A promoter sees their county, an admin the city with every
//! county side by side; both drill down county → township → village. Charts are SVG drawn on
//! the server, with the numbers in tables beside them; the 考核 workbook and the targets are
//! a link away.

use crate::api::dashboard::{AreaFigures, DashboardView, dashboard};
use crate::domain::dashboard::{FIRST_YEAR, completion_percent};
use crate::domain::role::Role;
use crate::ui::auth::Auth;
use crate::ui::chart::{BarRow, Column, StackedBars, StackedColumns, TargetBar};
use crate::ui::percent_encode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// A dashboard link keeping the year: `county` and `township` as given.
fn dashboard_href(county: Option<&str>, township: Option<&str>, year: i32) -> String {
    let mut params = Vec::new();
    if let Some(county) = county {
        params.push(format!("county={}", percent_encode(county)));
    }
    if let Some(township) = township {
        params.push(format!("township={}", percent_encode(township)));
    }
    params.push(format!("year={year}"));
    format!("/dashboard?{}", params.join("&"))
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, (fen % 100).abs())
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (
            q.get("county").filter(|c| !c.is_empty()),
            q.get("year").and_then(|y| y.parse::<i32>().ok()),
            q.get("township").filter(|t| !t.is_empty()),
        )
    };
    let data = Resource::new(params, |(county, year, township)| {
        dashboard(county, year, township)
    });
    view! {
        <Title text="县区看板"/>
        <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || data.get().map(|result| match result {
                Ok(d) => view! { <Dashboard d/> }.into_any(),
                Err(e) => view! {
                    <section class="card"><h1>"县区看板"</h1><p class="form-error" role="alert">{e.message}</p></section>
                }.into_any(),
            })}
        </Transition>
        <FollowUpFigures/>
    }
}

#[component]
fn Dashboard(d: DashboardView) -> impl IntoView {
    let auth = Auth::use_auth();
    let is_admin = move || auth.signed_in().is_some_and(|u| u.role == Role::Admin);
    let year = d.year;
    let county = d.scope.county_code.clone();
    let township = d.scope.township.clone();
    let this_year = d
        .computed_at
        .get(..4)
        .and_then(|y| y.parse::<i32>().ok())
        .unwrap_or(year)
        .max(year);
    let export_href = {
        let mut href = format!("/api/v1/dashboard/export.xlsx?year={year}");
        if let Some(c) = &county {
            href.push_str(&format!("&county={c}"));
        }
        if let Some(t) = &township {
            href.push_str(&format!("&township={}", percent_encode(t)));
        }
        href
    };
    let targets_href = county
        .as_ref()
        .filter(|_| township.is_none())
        .map(|c| format!("/dashboard/targets?county={c}&year={year}"));
    let households_href = {
        let mut href = "/households?willing=yes&employed=no".to_string();
        if let Some(c) = &county {
            href.push_str(&format!("&county={c}"));
        }
        if let Some(t) = &township {
            href.push_str(&format!("&township={}", percent_encode(t)));
        }
        href
    };
    let breadcrumb_county = county.clone();
    let at_city = d.scope.kind == "city";
    let h = d.households;
    let employed_share = completion_percent(h.employed, h.willing);
    view! {
        <section class="card dashboard-head">
            <nav class="breadcrumb" aria-label="层级">
                {move || (is_admin() && !at_city).then(|| view! { <a href=format!("/dashboard?year={year}")>"临汾市"</a>" › " })}
                {township.clone().zip(breadcrumb_county.clone()).map(|(_, c)| view! {
                    <a href=dashboard_href(Some(&c), None, year)>{d.scope.county_name.clone()}</a>" › "
                })}
            </nav>
            <h1>{format!("{} {} 年目标任务完成情况", d.scope.label, year)}</h1>
            {d.refreshing.then(|| view! {
                <p class="notice" role="status" id="dashboard-refreshing">"数据刚有变动，最新数字正在统计，稍后刷新页面即可看到；下面是上一次统计的结果。"</p>
            })}
            <p class="muted">
                {format!("统计截至 {}；数据生成于 {}。依据临政办发〔2017〕52号：每个有就业意愿和劳动能力的建档立卡贫困家庭至少一人就业，每个有培训意愿的法定劳动年龄劳动力免费参加一次培训。", d.as_of, d.computed_at)}
            </p>
            <Form method="GET" action="/dashboard" attr:class="filters" attr:id="dashboard-year">
                {county.clone().map(|c| view! { <input type="hidden" name="county" value=c/> })}
                {township.clone().map(|t| view! { <input type="hidden" name="township" value=t/> })}
                <label for="dashboard-year-select">"年度"</label>
                <select id="dashboard-year-select" name="year">
                    {(i32::from(FIRST_YEAR)..=this_year).rev().map(|y| view! {
                        <option value=y selected=y == year>{y}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button small">"查看"</button>
                <a class="button small" id="export-kaohe" href=export_href download="考核.xlsx">"导出考核表（Excel）"</a>
                {targets_href.map(|href| view! { <a class="button small" href=href id="set-targets">"设定年度目标"</a> })}
            </Form>
        </section>

        <section class="stats" aria-label="主要指标">
            <article class="card stat" id="stat-households">
                <h2>"建档立卡户就业"</h2>
                <p class="figure">{h.employed}<small>{format!(" / {} 户", h.willing)}</small></p>
                <p class="muted">
                    {format!("有就业意愿的 {} 户中，至少一人就业 {} 户{}，尚无成员就业 {} 户；共 {} 户。",
                        h.willing, h.employed,
                        employed_share.map(|p| format!("（{p}%）")).unwrap_or_default(),
                        h.without_work, h.total)}
                </p>
            </article>
            <article class="card stat" id="stat-training">
                <h2>"免费培训"</h2>
                <p class="figure">{d.training.trained}<small>{format!(" / {} 人", d.training.willing)}</small></p>
                <p class="muted">"法定劳动年龄内有培训意愿的劳动力中已培训的人数（暂以持职业技能等级证书计）。"</p>
            </article>
            <article class="card stat" id="stat-placements">
                <h2>"转移就业（年初至今）"</h2>
                <p class="figure">{d.placements.cross_province + d.placements.in_province}<small>" 人次输出"</small></p>
                <p class="muted">{format!("跨省 {} · 省内 {} · 就地就近 {}", d.placements.cross_province, d.placements.in_province, d.placements.local)}</p>
            </article>
            {d.subsidies.clone().map(|s| view! {
                <article class="card stat" id="stat-subsidies">
                    <h2>"补贴（本年度）"</h2>
                    <p class="figure">{yuan(s.paid_fen)}<small>" 元已拨付"</small></p>
                    <p class="muted">{format!("{} 笔申请；待提交 {} 元，待审核 {} 元，已批准 {} 元。", s.claims, yuan(s.computed_fen), yuan(s.submitted_fen), yuan(s.approved_fen))}</p>
                </article>
            })}
        </section>

        {(d.scope.kind != "township").then(|| view! {
            <section class="card" id="targets">
                <h2>"年度目标完成情况"</h2>
                {match d.targets.clone() {
                    Some(t) => view! {
                        <div class="target-bars">
                            <p>"至少一人就业的户"</p>
                            <TargetBar id="target-households" label="至少一人就业的户" actual=h.employed target=u64::from(t.targets.households_to_employ)/>
                            <p>"免费培训人数"</p>
                            <TargetBar id="target-training" label="免费培训人数" actual=d.training.trained target=u64::from(t.targets.workers_to_train)/>
                            <p>"转移输出人次"</p>
                            <TargetBar id="target-export" label="转移输出人次" actual=d.placements.cross_province + d.placements.in_province target=u64::from(t.targets.workers_to_export)/>
                        </div>
                        {(d.scope.kind == "city").then(|| view! {
                            <p class="muted">{format!("全市目标为已设定目标的 {} 个县（市、区）之和。", t.counties_with_targets)}</p>
                        })}
                    }.into_any(),
                    None => view! { <p class="muted">{format!("{year} 年尚未设定目标。")}</p> }.into_any(),
                }}
            </section>
        })}

        <AreaSection d=d.clone()/>
        <MonthSection d=d.clone()/>

        {d.subsidies.clone().filter(|s| !s.by_kind.is_empty()).map(|s| view! {
            <section class="card" id="subsidy-kinds">
                <h2>"补贴分类"</h2>
                <div class="table-wrap"><table>
                    <thead><tr><th>"补贴类型"</th><th>"申请笔数"</th><th>"金额（元，不含驳回）"</th><th>"已拨付（元）"</th></tr></thead>
                    <tbody>
                        {s.by_kind.into_iter().map(|k| view! {
                            <tr><td>{k.label}</td><td>{k.claims}</td><td>{yuan(k.amount_fen)}</td><td>{yuan(k.paid_fen)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            </section>
        })}

        // The households still waiting are listed for this year's view (counted on today).
        {(d.scope.kind != "city" && d.computed_at.starts_with(&d.as_of)).then(|| view! {
            <section class="card" id="waiting-households">
                <h2>"尚无成员就业的建档立卡户"</h2>
                {if d.households_without_work.is_empty() {
                    view! { <p class="success">"有就业意愿的户都已至少一人就业。"</p> }.into_any()
                } else {
                    view! {
                        <p class="muted">{format!("共 {} 户，按乡镇、村排列，列出前 {} 户。", h.without_work, d.households_without_work.len())}</p>
                        <div class="table-wrap"><table>
                            <thead><tr><th>"户编号"</th><th>"户主"</th><th>"乡镇"</th><th>"村"</th><th>"脱贫状态"</th><th>"有就业意愿人数"</th></tr></thead>
                            <tbody>
                                {d.households_without_work.clone().into_iter().map(|w| view! {
                                    <tr>
                                        <td><a href=format!("/households/{}", w.id)>{w.number}</a></td>
                                        <td>{w.head_name}</td><td>{w.township}</td><td>{w.village}</td>
                                        <td>{w.status_label}</td><td>{w.willing_count}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }}
                <p><a href=households_href>"查看全部并安排就业 →"</a></p>
            </section>
        })}
    }
}

/// The areas side by side: counties of the city, townships of a county or villages of a
/// township, each linking one level down.
#[component]
fn AreaSection(d: DashboardView) -> impl IntoView {
    let year = d.year;
    let county = d.scope.county_code.clone();
    let (title, rows, level): (&str, Vec<AreaFigures>, &str) = match d.scope.kind.as_str() {
        "city" => ("各县（市、区）", d.by_county.clone(), "区县"),
        "county" => ("各乡镇", d.by_township.clone(), "乡镇"),
        _ => ("各村", d.by_village.clone(), "村"),
    };
    let kind = d.scope.kind.clone();
    let link = move |area: &AreaFigures| -> Option<String> {
        match kind.as_str() {
            "city" => Some(dashboard_href(Some(&area.key), None, year)),
            "county" => Some(dashboard_href(county.as_deref(), Some(&area.name), year)),
            _ => None,
        }
    };
    let bars: Vec<BarRow> = rows
        .iter()
        .filter(|a| a.households.total > 0 || d.scope.kind == "city")
        .map(|a| BarRow {
            label: a.name.clone(),
            parts: vec![a.households.employed, a.households.without_work],
            note: format!("{}/{}", a.households.employed, a.households.willing),
        })
        .collect();
    let description = bars
        .iter()
        .map(|b| {
            format!(
                "{}：{} 户有意愿，{} 户已就业",
                b.label,
                b.parts.iter().sum::<u64>(),
                b.parts[0]
            )
        })
        .collect::<Vec<_>>()
        .join("；");
    view! {
        <section class="card" id="areas">
            <h2>{format!("{title}：有就业意愿的户中已就业与尚未就业")}</h2>
            {(!bars.is_empty()).then(|| view! {
                <StackedBars id="chart-areas" title=format!("{title}建档立卡户就业情况") description
                    legend=vec!["至少一人就业", "尚无成员就业"] rows=bars/>
            })}
            <div class="table-wrap">
                <table id="area-table">
                    <thead><tr>
                        <th>{level}</th><th>"建档立卡户"</th><th>"有意愿户"</th><th>"已就业户"</th><th>"尚无就业户"</th>
                        <th>"有培训意愿"</th><th>"已培训"</th><th>"跨省"</th><th>"省内"</th><th>"就地就近"</th>
                    </tr></thead>
                    <tbody>
                        {rows.iter().map(|a| {
                            let name = match link(a) {
                                Some(href) => view! { <a href=href>{a.name.clone()}</a> }.into_any(),
                                None => view! { <span>{a.name.clone()}</span> }.into_any(),
                            };
                            view! {
                                <tr>
                                    <td>{name}</td>
                                    <td>{a.households.total}</td><td>{a.households.willing}</td>
                                    <td>{a.households.employed}</td><td>{a.households.without_work}</td>
                                    <td>{a.training.willing}</td><td>{a.training.trained}</td>
                                    <td>{a.placements.cross_province}</td><td>{a.placements.in_province}</td>
                                    <td>{a.placements.local}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// New placements and local jobs month by month.
#[component]
fn MonthSection(d: DashboardView) -> impl IntoView {
    let columns: Vec<Column> = d
        .monthly
        .iter()
        .map(|m| Column {
            label: format!(
                "{}月",
                m.month.get(5..).unwrap_or("").trim_start_matches('0')
            ),
            parts: vec![m.cross_province, m.in_province, m.local],
        })
        .collect();
    let description = d
        .monthly
        .iter()
        .map(|m| {
            format!(
                "{}：跨省 {}，省内 {}，就地就近 {}",
                m.month, m.cross_province, m.in_province, m.local
            )
        })
        .collect::<Vec<_>>()
        .join("；");
    view! {
        <section class="card" id="monthly">
            <h2>"逐月新增就业"</h2>
            <StackedColumns id="chart-months" title=format!("{} 年逐月新增输出和就地就近就业", d.year)
                description legend=vec!["跨省", "省内", "就地就近"] columns/>
            <div class="table-wrap">
                <table id="month-table">
                    <thead><tr>
                        <th>"月份"</th>
                        {d.monthly.iter().map(|m| view! { <th>{m.month.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        <tr><th>"跨省"</th>{d.monthly.iter().map(|m| view! { <td>{m.cross_province}</td> }).collect_view()}</tr>
                        <tr><th>"省内"</th>{d.monthly.iter().map(|m| view! { <td>{m.in_province}</td> }).collect_view()}</tr>
                        <tr><th>"就地就近"</th>{d.monthly.iter().map(|m| view! { <td>{m.local}</td> }).collect_view()}</tr>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Follow-up care and events beside the targets, for the county and year shown: stations,
/// open and overdue cases of the county's workers, fairs with the hire requests sent from
/// them, competitions with their awards.
#[component]
fn FollowUpFigures() -> impl IntoView {
    use crate::api::events::activity_figures;
    let query = use_query_map();
    let figures = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("county").filter(|c| !c.is_empty()),
                q.get("year").and_then(|y| y.parse::<i32>().ok()),
            )
        },
        |(county, year)| activity_figures(county, year),
    );
    view! {
        <Transition fallback=|| ()>
            {move || figures.get().and_then(|r| r.ok()).map(|f| view! {
                <section class="card" id="follow-up-figures">
                    <h2>{format!("输入地服务与活动（{} 年）", f.year)}</h2>
                    <dl class="facts">
                        <dt>"服务站"</dt><dd id="stat-stations">{f.stations}</dd>
                        <dt>"在办 / 逾期案件"</dt><dd id="stat-open-cases">
                            {f.open_cases}" / "<a id="stat-overdue-cases" href="/cases?status=open&overdue=yes">{f.overdue_cases}</a>
                        </dd>
                        <dt>"本年办结案件"</dt><dd id="stat-resolved-cases">{f.resolved_cases}</dd>
                        <dt>"招聘活动"</dt><dd id="stat-fairs">{format!(
                            "{} 场，{} 家单位、{} 名劳动者参加；发出邀约 {} 份（{} 人），已录用 {} 人",
                            f.fairs, f.fair_employers, f.fair_workers, f.fair_hire_requests, f.fair_workers_requested, f.fair_workers_hired
                        )}</dd>
                        <dt>"技能大赛"</dt><dd id="stat-competitions">{format!(
                            "{} 场，{} 人参赛，{} 人获奖", f.competitions, f.competition_entrants, f.awards
                        )}</dd>
                    </dl>
                    <p><a href=format!("/events?year={}", f.year)>"查看活动"</a>" · "<a href="/stations">"查看服务站"</a></p>
                </section>
            })}
        </Transition>
    }
}
