//! A worker's trainings on their page, and enrolment in an open programme from there.

use crate::api::training::{
    EnrolInTraining, ProgrammeQuery, training_programmes, worker_trainings,
};
use crate::ui::{Field, FormOutcome, form_outcome, general_message};
use leptos::form::ActionForm;
use leptos::prelude::*;

const FIELDS: &[&str] = &["programme_id", "worker_id", "repeat_reason"];

#[component]
pub fn WorkerTrainings(worker_id: i32) -> impl IntoView {
    let enrol = ServerAction::<EnrolInTraining>::new();
    let outcome = form_outcome(enrol.value());
    let enrolled = crate::ui::successes(enrol.value());
    let trainings = Resource::new(move || enrolled.get(), move |_| worker_trainings(worker_id));
    let open = Resource::new(|| (), |_| training_programmes(ProgrammeQuery::default()));
    view! {
        <section class="card" id="worker-trainings">
            <h2>"培训记录"</h2>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || trainings.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">"尚未参加培训。"</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="plain" id="worker-training-list">
                            {rows.into_iter().map(|e| view! {
                                <li>
                                    <a href=format!("/training/{}", e.programme_id)>{e.programme_title}</a>
                                    {format!(" · {}{}{}",
                                        e.result_label,
                                        e.certificate_number.map(|n| format!(" · 证书 {n}")).unwrap_or_default(),
                                        if e.free_once { " · 首次免费培训" } else { "" })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || open.get().and_then(|r| r.ok()).map(|page| {
                    let choices: Vec<_> = page.programmes.into_iter().filter(|p| p.open_for_enrolment).collect();
                    if choices.is_empty() {
                        return view! { <p class="muted">"目前没有可报名的培训班。"</p> }.into_any();
                    }
                    view! {
                        <ActionForm action=enrol attr:class="form" attr:id="worker-enrol-form">
                            <input type="hidden" name="worker_id" value=worker_id/>
                            <Field id="we-programme" name="programme_id" label="报名培训班" outcome>
                                <select id="we-programme" name="programme_id">
                                    {choices.into_iter().map(|p| view! {
                                        <option value=p.id>{format!("{} · {} · {} 起{}", p.title, p.county_name, p.starts_on,
                                            if p.free { " · 免费" } else { "" })}</option>
                                    }).collect_view()}
                                </select>
                            </Field>
                            <Field id="we-reason" name="repeat_reason" label="再次免费培训的原因（已参加过免费培训时填写）" outcome>
                                <input id="we-reason" name="repeat_reason" maxlength="200"/>
                            </Field>
                            <p class="form-error" role="alert">{general_message(outcome, FIELDS)}</p>
                            <p class="success" role="status">
                                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已报名。")}
                            </p>
                            <button type="submit" class="button small primary" disabled=move || enrol.pending().get()>"报名"</button>
                        </ActionForm>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
