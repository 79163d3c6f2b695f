//! `/manage/brands/new` and `/manage/brands/{slug}`: a promoter creates or edits a brand of their
//! county (admins: any, or city-wide). Works as a plain form post; errors come back beside the
//! field they concern.

use crate::api::brands::{SaveBrand, counties, load_brand};
use crate::api::types::{BrandProfile, County};
use crate::domain::brand::RecognitionTier;
use crate::ui::auth::Auth;
use crate::ui::{Field, FormOutcome, form_outcome, general_message};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const FIELDS: &[&str] = &[
    "slug",
    "name",
    "county_code",
    "occupations",
    "standard_text",
    "standard_version",
    "tier",
    "tier_granted_by",
    "tier_granted_on",
    "trademark_number",
    "story",
];

#[component]
pub fn NewBrandPage() -> impl IntoView {
    let counties = Resource::new(|| (), |_| counties());
    view! {
        <Title text="新建劳务品牌"/>
        <Suspense fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || counties.get().map(|result| match result {
                Ok(counties) => view! { <BrandEditor existing=None counties/> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn EditBrandPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        |slug| async move {
            Ok::<_, crate::api::AppError>((load_brand(slug).await?, counties().await?))
        },
    );
    view! {
        <Title text="编辑劳务品牌"/>
        <Suspense fallback=|| view! { <p class="muted">"加载中…"</p> }>
            {move || data.get().map(|result| match result {
                Ok((profile, counties)) => view! { <BrandEditor existing=Some(profile) counties/> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn BrandEditor(existing: Option<BrandProfile>, counties: Vec<County>) -> impl IntoView {
    let auth = Auth::use_auth();
    let save = ServerAction::<SaveBrand>::new();
    let outcome = form_outcome(save.value());
    let user_county = move || auth.county_code();
    let title = if existing.is_some() {
        "编辑劳务品牌"
    } else {
        "新建劳务品牌"
    };
    let text = |pick: fn(&BrandProfile) -> String| existing.as_ref().map(pick).unwrap_or_default();
    let name = text(|p| p.summary.name.clone());
    let slug = text(|p| p.summary.slug.clone());
    let occupations = text(|p| p.summary.occupations.join("、"));
    let tier_by = text(|p| p.tier_granted_by.clone().unwrap_or_default());
    let tier_on = text(|p| p.tier_granted_on.clone().unwrap_or_default());
    let trademark = text(|p| p.trademark_number.clone().unwrap_or_default());
    let standard_version = text(|p| p.standard_version.clone().unwrap_or_default());
    let standard_text = text(|p| p.standard_text.clone());
    let story = text(|p| p.story.clone());
    let current_county = existing
        .as_ref()
        .and_then(|p| p.summary.county_code.clone());
    let current_tier = existing
        .as_ref()
        .map_or(RecognitionTier::Cultivating, |p| p.summary.tier);
    let hidden = existing.map(|p| (p.summary.slug, p.version));
    view! {
        <section class="card">
            <h1>{title}</h1>
            <ActionForm action=save attr:class="form" attr:id="brand-form">
                {hidden.map(|(original, version)| view! {
                    <input type="hidden" name="original_slug" value=original/>
                    <input type="hidden" name="version" value=version/>
                })}
                <Field id="brand-name" name="name" label="品牌名称" outcome>
                    <input id="brand-name" name="name" required maxlength="32" value=name/>
                </Field>
                <Field id="brand-slug" name="slug" label="网址名（小写字母、数字、连字符）" outcome>
                    <input id="brand-slug" name="slug" required maxlength="48" pattern="[a-z0-9-]+" value=slug/>
                </Field>
                <Field id="brand-county" name="county_code" label="所属区县" outcome>
                    <select id="brand-county" name="county_code">
                        <option value="">"临汾市（市级统筹品牌）"</option>
                        {counties.into_iter().map(|c| {
                            let chosen = current_county.clone();
                            let code = c.code.clone();
                            view! {
                                <option value=c.code.clone()
                                    selected=move || chosen.clone().or_else(user_county).as_deref() == Some(code.as_str())>
                                    {c.name}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="brand-occupations" name="occupations" label="覆盖工种（用、分隔）" outcome>
                    <input id="brand-occupations" name="occupations" required value=occupations/>
                </Field>
                <Field id="brand-tier" name="tier" label="认定级别" outcome>
                    <select id="brand-tier" name="tier">
                        {RecognitionTier::ALL.into_iter().map(|t| view! {
                            <option value=t.code() selected=t == current_tier>{t.label()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="brand-tier-by" name="tier_granted_by" label="认定单位" outcome>
                    <input id="brand-tier-by" name="tier_granted_by" maxlength="64" value=tier_by/>
                </Field>
                <Field id="brand-tier-on" name="tier_granted_on" label="认定日期" outcome>
                    <input id="brand-tier-on" name="tier_granted_on" type="date" value=tier_on/>
                </Field>
                <Field id="brand-trademark" name="trademark_number" label="商标注册号" outcome>
                    <input id="brand-trademark" name="trademark_number" maxlength="32" value=trademark/>
                </Field>
                <Field id="brand-standard-version" name="standard_version" label="服务标准版本" outcome>
                    <input id="brand-standard-version" name="standard_version" maxlength="32" value=standard_version/>
                </Field>
                <Field id="brand-standard" name="standard_text" label="服务标准" outcome>
                    <textarea id="brand-standard" name="standard_text" rows="6">{standard_text}</textarea>
                </Field>
                <Field id="brand-story" name="story" label="品牌故事" outcome>
                    <textarea id="brand-story" name="story" rows="6">{story}</textarea>
                </Field>
                <p class="form-error" role="alert" id="brand-error">{general_message(outcome, FIELDS)}</p>
                <p class="success" role="status">
                    {move || matches!(outcome.get(), Some(FormOutcome::Done)).then_some("已保存。")}
                </p>
                <button type="submit" class="button primary" disabled=move || save.pending().get()>"保存"</button>
            </ActionForm>
        </section>
    }
}
