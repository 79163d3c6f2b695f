//! `/training/new` and `/training/:id/edit`: the programme form. A promoter's programme runs
//! in their county, a company's for a brand it has joined, an admin chooses the county. A
//! draft (from unmet demand, say) may leave institution, place and seats open.

use crate::api::brands::{brands, counties};
use crate::api::training::{ProgrammeView, SaveTrainingProgramme, training_programme};
use crate::domain::role::Role;
use crate::domain::training::{TrainingMode, TrainingType};
use crate::ui::auth::Auth;
use crate::ui::{Field, FormOutcome, form_outcome, general_message, route_id};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FIELDS: &[&str] = &[
    "title",
    "institution_name",
    "institution_address",
    "institution_contact",
    "occupation",
    "training_type",
    "mode",
    "starts_on",
    "ends_on",
    "place",
    "seats",
    "free",
    "fee_yuan",
    "brand",
    "status",
    "county",
];

#[component]
pub fn NewProgrammePage() -> impl IntoView {
    view! {
        <Title text="新建培训班"/>
        <section class="card">
            <p><a href="/training">"← 职业技能培训"</a></p>
            <h1>"新建培训班"</h1>
            <ProgrammeFormView programme=None/>
        </section>
    }
}

#[component]
pub fn EditProgrammePage() -> impl IntoView {
    let id = route_id();
    let query = use_query_map();
    let programme = Resource::new(id, training_programme);
    view! {
        <Title text="修改培训班"/>
        <section class="card">
            <p><a href=move || format!("/training/{}", id())>"← 培训班"</a></p>
            <h1>"修改培训班"</h1>
            {move || query.read().get("drafted").map(|_| view! {
                <p class="success" role="status">"已根据未满足需求生成培训计划草稿：请补充培训机构、地点和名额后发布。"</p>
            })}
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || programme.get().map(|result| match result {
                    Ok(d) if d.programme.can_manage => view! { <ProgrammeFormView programme=Some(d.programme)/> }.into_any(),
                    Ok(_) => view! { <p class="form-error" role="alert">"只有举办培训的县（区）或企业可以修改。"</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProgrammeFormView(programme: Option<ProgrammeView>) -> impl IntoView {
    let auth = Auth::use_auth();
    let save = ServerAction::<SaveTrainingProgramme>::new();
    let outcome = form_outcome(save.value());
    let brand_list = Resource::new(|| (), |_| brands());
    let county_list = Resource::new(|| (), |_| counties());
    let p = programme.clone();
    let value = |f: fn(&ProgrammeView) -> String| p.as_ref().map(f).unwrap_or_default();
    let v_title = value(|p| p.title.clone());
    let v_occupation = value(|p| p.occupation.clone());
    let v_institution_name = value(|p| p.institution_name.clone().unwrap_or_default());
    let v_institution_address = value(|p| p.institution_address.clone());
    let v_institution_contact = value(|p| p.institution_contact.clone());
    let v_starts_on = value(|p| p.starts_on.clone());
    let v_ends_on = value(|p| p.ends_on.clone());
    let v_place = value(|p| p.place.clone());
    let v_seats = value(|p| {
        if p.seats > 0 {
            p.seats.to_string()
        } else {
            String::new()
        }
    });
    let v_fee_yuan = value(|p| p.fee_yuan.clone().unwrap_or_default());
    let training_type = value(|p| p.training_type.clone());
    let mode = value(|p| p.mode.clone());
    let brand = value(|p| p.brand_slug.clone().unwrap_or_default());
    let free = programme.as_ref().is_none_or(|p| p.free);
    let draft = programme.as_ref().is_some_and(|p| p.status == "draft");
    view! {
        <ActionForm action=save attr:class="form" attr:id="programme-form">
            {programme.as_ref().map(|p| view! {
                <input type="hidden" name="id" value=p.id/>
                <input type="hidden" name="version" value=p.version/>
            })}
            <Field id="tp-title" name="title" label="培训班名称" outcome>
                <input id="tp-title" name="title" required maxlength="64" value=v_title/>
            </Field>
            <Field id="tp-occupation" name="occupation" label="培训工种（如 中式面点师、养老护理员）" outcome>
                <input id="tp-occupation" name="occupation" required maxlength="32" value=v_occupation/>
            </Field>
            <Field id="tp-type" name="training_type" label="培训类型" outcome>
                <select id="tp-type" name="training_type">
                    {TrainingType::ALL.iter().map(|t| {
                        let selected = t.code() == training_type;
                        view! { <option value=t.code() selected=selected>{t.label()}</option> }
                    }).collect_view()}
                </select>
            </Field>
            <Field id="tp-mode" name="mode" label="培训模式" outcome>
                <select id="tp-mode" name="mode">
                    {TrainingMode::ALL.iter().map(|m| {
                        let selected = m.code() == mode;
                        view! { <option value=m.code() selected=selected>{m.label()}</option> }
                    }).collect_view()}
                </select>
            </Field>
            <Field id="tp-institution" name="institution_name" label="培训机构（新名称将登记为本县机构）" outcome>
                <input id="tp-institution" name="institution_name" maxlength="64" value=v_institution_name/>
            </Field>
            <Field id="tp-address" name="institution_address" label="机构地址（可不填）" outcome>
                <input id="tp-address" name="institution_address" maxlength="128" value=v_institution_address/>
            </Field>
            <Field id="tp-contact" name="institution_contact" label="机构联系人及电话（可不填）" outcome>
                <input id="tp-contact" name="institution_contact" maxlength="64" value=v_institution_contact/>
            </Field>
            <Field id="tp-start" name="starts_on" label="开班日期" outcome>
                <input id="tp-start" name="starts_on" type="date" required value=v_starts_on/>
            </Field>
            <Field id="tp-end" name="ends_on" label="结业日期" outcome>
                <input id="tp-end" name="ends_on" type="date" required value=v_ends_on/>
            </Field>
            <Field id="tp-place" name="place" label="培训地点" outcome>
                <input id="tp-place" name="place" maxlength="128" value=v_place/>
            </Field>
            <Field id="tp-seats" name="seats" label="招生人数" outcome>
                <input id="tp-seats" name="seats" type="number" min="1" max="2000"
                    value=v_seats/>
            </Field>
            <Field id="tp-free" name="free" label="是否免费" outcome>
                <select id="tp-free" name="free">
                    <option value="yes" selected=free>"免费（计入免费培训一次）"</option>
                    <option value="no" selected=!free>"收费"</option>
                </select>
            </Field>
            <Field id="tp-fee" name="fee_yuan" label="收费标准（元，收费时填写）" outcome>
                <input id="tp-fee" name="fee_yuan" type="number" min="0" step="0.01" value=v_fee_yuan/>
            </Field>
            <Field id="tp-brand" name="brand" label="对应劳务品牌（劳务公司必选本公司加盟的品牌）" outcome>
                <Transition fallback=|| ()>
                    {
                        let brand = brand.clone();
                        move || brand_list.get().and_then(|r| r.ok()).map(|list| {
                            let brand = brand.clone();
                            view! {
                                <select id="tp-brand" name="brand">
                                    <option value="">"（不限品牌）"</option>
                                    {list.into_iter().map(|b| {
                                        let selected = b.slug == brand;
                                        view! { <option value=b.slug selected=selected>{b.name}</option> }
                                    }).collect_view()}
                                </select>
                            }
                        })
                    }
                </Transition>
            </Field>
            <Transition fallback=|| ()>
                {move || (programme.is_none() && auth.signed_in().is_some_and(|u| u.role == Role::Admin)).then(|| view! {
                    <Field id="tp-county" name="county" label="举办区县" outcome>
                        <select id="tp-county" name="county">
                            {county_list.get().and_then(|r| r.ok()).unwrap_or_default().into_iter()
                                .map(|c| view! { <option value=c.code>{c.name}</option> }).collect_view()}
                        </select>
                    </Field>
                })}
            </Transition>
            <Field id="tp-status" name="status" label="状态" outcome>
                <select id="tp-status" name="status">
                    <option value="published" selected=!draft>"发布（开放报名）"</option>
                    <option value="draft" selected=draft>"草稿（不公开）"</option>
                </select>
            </Field>
            <p class="form-error" role="alert" id="programme-error">{general_message(outcome, FIELDS)}</p>
            <p class="success" role="status">
                {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已保存。")}
            </p>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>"保存"</button>
        </ActionForm>
    }
}
