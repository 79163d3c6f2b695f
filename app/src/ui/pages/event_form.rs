//! `/events/new` and `/events/:id/edit`: a county's promoters (or an admin) add or change a
//! job fair or a skill competition.

use crate::api::events::{EventView, SaveEvent, event};
use crate::domain::event::EventKind;
use crate::ui::{Field, FormOutcome, ProvinceCodes, form_outcome, general_message, route_id};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

const FIELDS: &[&str] = &[
    "kind",
    "title",
    "region_code",
    "venue",
    "starts_on",
    "ends_on",
    "brand",
    "description",
];

#[component]
pub fn NewEventPage() -> impl IntoView {
    let save = ServerAction::<SaveEvent>::new();
    view! {
        <Title text="新增活动"/>
        <section class="card">
            <p><a href="/events">"← 活动"</a></p>
            <h1>"新增活动"</h1>
            <EventForm existing=None save/>
        </section>
    }
}

#[component]
pub fn EditEventPage() -> impl IntoView {
    let id = route_id();
    let save = ServerAction::<SaveEvent>::new();
    let saved = crate::ui::successes(save.value());
    let current = Resource::new(move || (id(), saved.get()), |(id, _)| event(id));
    view! {
        <Title text="修改活动"/>
        <section class="card">
            <p><a href=move || format!("/events/{}", id())>"← 返回活动"</a></p>
            <h1>"修改活动"</h1>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || current.get().map(|result| match result {
                    Ok(d) => view! { <EventForm existing=Some(d.event) save/> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn EventForm(existing: Option<EventView>, save: ServerAction<SaveEvent>) -> impl IntoView {
    let outcome = form_outcome(save.value());
    let value = |read: fn(&EventView) -> String| existing.as_ref().map(read).unwrap_or_default();
    let kind = value(|e| e.kind.clone());
    let title = value(|e| e.title.clone());
    let region = existing
        .as_ref()
        .map_or_else(|| "140000".to_string(), |e| e.region_code.clone());
    let venue = value(|e| e.venue.clone());
    let starts_on = value(|e| e.starts_on.clone());
    let ends_on = value(|e| e.ends_on.clone());
    let brand = value(|e| e.brand_slug.clone().unwrap_or_default());
    let description = value(|e| e.description.clone());
    let (id, version) = existing.as_ref().map(|e| (e.id, e.version)).unzip();
    view! {
        <ActionForm action=save attr:class="form" attr:id="event-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            {version.map(|v| view! { <input type="hidden" name="version" value=v/> })}
            <Field id="ev-kind" name="kind" label="类型" outcome>
                <select id="ev-kind" name="kind" required>
                    {EventKind::ALL.iter().map(|k| view! {
                        <option value=k.code() selected=kind == k.code()>{k.label()}</option>
                    }).collect_view()}
                </select>
            </Field>
            <Field id="ev-title" name="title" label="活动名称" outcome>
                <input id="ev-title" name="title" required maxlength="64" value=title/>
            </Field>
            <Field id="ev-region" name="region_code" label="举办地（省级行政区划代码，如山西 140000）" outcome>
                <input id="ev-region" name="region_code" required list="province-codes-event" value=region/>
                <ProvinceCodes id="province-codes-event"/>
            </Field>
            <Field id="ev-venue" name="venue" label="地点" outcome>
                <input id="ev-venue" name="venue" required maxlength="128" value=venue/>
            </Field>
            <Field id="ev-starts" name="starts_on" label="开始日期" outcome>
                <input id="ev-starts" name="starts_on" type="date" required value=starts_on/>
            </Field>
            <Field id="ev-ends" name="ends_on" label="结束日期（一天的活动可不填）" outcome>
                <input id="ev-ends" name="ends_on" type="date" value=ends_on/>
            </Field>
            <Field id="ev-brand" name="brand" label="技能大赛所属品牌（品牌地址，如 xiangfen-shaobing）" outcome>
                <input id="ev-brand" name="brand" maxlength="64" value=brand/>
            </Field>
            <Field id="ev-description" name="description" label="活动介绍" outcome>
                <textarea id="ev-description" name="description" maxlength="2000" rows="4">{description}</textarea>
            </Field>
            <p class="form-error" role="alert">{general_message(outcome, FIELDS)}</p>
            <p class="success" role="status">
                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已保存。")}
            </p>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>"保存"</button>
        </ActionForm>
    }
}
