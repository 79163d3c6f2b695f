//! `/dashboard/targets`: a county's targets (目标任务) for a year — households to employ,
//! workers to train, workers to export. A promoter sets their county's; an admin picks one.

use crate::api::brands::counties;
use crate::api::dashboard::{SaveTargets, county_targets};
use crate::domain::dashboard::FIRST_YEAR;
use crate::ui::auth::Auth;
use crate::ui::{Field, OutcomeLine, form_outcome, successes};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const FIELDS: [(&str, &str, &str); 3] = [
    (
        "households_to_employ",
        "至少一人就业的建档立卡户（户）",
        "targets-households",
    ),
    ("workers_to_train", "免费培训人数（人）", "targets-training"),
    (
        "workers_to_export",
        "转移输出人次（跨省＋省内）",
        "targets-export",
    ),
];

#[component]
pub fn TargetsPage() -> impl IntoView {
    let auth = Auth::use_auth();
    let query = use_query_map();
    let save = ServerAction::<SaveTargets>::new();
    let outcome = form_outcome(save.value());
    let saved = successes(save.value());
    let year = move || query.read().get("year").and_then(|y| y.parse::<i32>().ok());
    let county = move || query.read().get("county").filter(|c| !c.is_empty());
    let targets = Resource::new(
        move || (county(), year(), saved.get()),
        move |(county, year, _)| async move {
            // A promoter's own county when none is asked for.
            let county = match county {
                Some(county) => Some(county),
                None => match auth.user.await {
                    Ok(Some(user)) => match user.scope {
                        crate::domain::role::Scope::County { code } => Some(code),
                        _ => None,
                    },
                    _ => None,
                },
            };
            match (county, year) {
                (Some(county), Some(year)) => county_targets(county, year).await.map(Some),
                _ => Ok(None),
            }
        },
    );
    let all_counties = Resource::new(|| (), |_| counties());
    view! {
        <Title text="年度目标"/>
        <section class="card narrow-wide">
            <h1>"年度目标任务"</h1>
            <Form method="GET" action="/dashboard/targets" attr:class="filters" attr:id="targets-pick">
                <Transition fallback=|| ()>
                    {move || all_counties.get().and_then(|r| r.ok()).map(|list| {
                        let own = auth.county_code();
                        view! {
                            <select name="county" aria-label="区县">
                                {list.into_iter()
                                    .filter(|c| own.as_ref().is_none_or(|o| *o == c.code))
                                    .map(|c| {
                                        let selected = county().or_else(|| own.clone()).as_deref() == Some(c.code.as_str());
                                        view! { <option value=c.code selected=selected>{c.name}</option> }
                                    }).collect_view()}
                            </select>
                        }
                    })}
                </Transition>
                <input name="year" type="number" min=FIRST_YEAR max="2100" aria-label="年度" required
                    prop:value=move || year().map(|y| y.to_string()).unwrap_or_default()/>
                <button type="submit" class="button small">"查看"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || targets.get().map(|result| match result {
                    Ok(None) => view! { <p class="muted">"请选择区县和年度。"</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    Ok(Some(view)) => {
                        let value = |field: &str| view.targets.map(|t| match field {
                            "households_to_employ" => t.households_to_employ,
                            "workers_to_train" => t.workers_to_train,
                            _ => t.workers_to_export,
                        }.to_string()).unwrap_or_default();
                        let values: Vec<String> = FIELDS.iter().map(|(f, _, _)| value(f)).collect();
                        let back = format!("/dashboard?county={}&year={}", view.county_code, view.year);
                        view! {
                            <h2>{format!("{} {} 年", view.county_name, view.year)}</h2>
                            <p class="muted">{match &view.updated_at {
                                Some(at) => format!("最近修改于 {at}。"),
                                None => "尚未设定。".to_string(),
                            }}</p>
                            <ActionForm action=save attr:class="form" attr:id="targets-form">
                                <input type="hidden" name="county" value=view.county_code.clone()/>
                                <input type="hidden" name="year" value=view.year/>
                                <input type="hidden" name="version" value=view.version/>
                                {FIELDS.iter().zip(values).map(|((name, label, id), value)| view! {
                                    <Field id=*id name=*name label=*label outcome>
                                        <input id=*id name=*name inputmode="numeric" required value=value/>
                                    </Field>
                                }).collect_view()}
                                <button type="submit" class="button primary">"保存目标"</button>
                            </ActionForm>
                            <OutcomeLine outcome done="目标已保存。" id="targets-result"/>
                            <p><a href=back>"返回看板"</a></p>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
