//! `/register`: a labour company registers itself and its first account, then signs in.

use crate::api::brands::{RegisterCompany, counties};
use crate::ui::{Field, FormOutcome, form_outcome, general_message};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

const FIELDS: &[&str] = &[
    "name",
    "credit_code",
    "county_code",
    "contact_name",
    "contact_phone",
    "username",
    "password",
];

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = ServerAction::<RegisterCompany>::new();
    let outcome = form_outcome(register.value());
    let counties = Resource::new(|| (), |_| counties());
    view! {
        <Title text="劳务公司注册"/>
        <section class="card narrow">
            <h1>"劳务公司注册"</h1>
            <p class="muted">"用工单位（招工的企业）请使用"<a href="/register/employer" id="employer-register-link">"用工单位注册"</a>"。"</p>
            <Show when=move || !matches!(outcome.get(), Some(FormOutcome::Done))
                fallback=|| view! {
                    <p class="success" role="status" id="register-done">"注册成功。请"<a href="/login">"登录"</a>"后申请加盟劳务品牌；所在县人社局审核通过后即可登记工人、导入花名册。"</p>
                }>
                <ActionForm action=register attr:class="form" attr:id="register-form">
                    <Field id="reg-name" name="name" label="公司全称" outcome>
                        <input id="reg-name" name="name" required maxlength="64"/>
                    </Field>
                    <Field id="reg-credit-code" name="credit_code" label="统一社会信用代码" outcome>
                        <input id="reg-credit-code" name="credit_code" required maxlength="18" autocomplete="off"/>
                    </Field>
                    <Field id="reg-county" name="county_code" label="所在区县" outcome>
                        <Suspense fallback=|| ()>
                            {move || counties.get().and_then(|r| r.ok()).map(|list| view! {
                                <select id="reg-county" name="county_code" required>
                                    {list.into_iter().map(|c| view! { <option value=c.code>{c.name}</option> }).collect_view()}
                                </select>
                            })}
                        </Suspense>
                    </Field>
                    <Field id="reg-contact" name="contact_name" label="联系人" outcome>
                        <input id="reg-contact" name="contact_name" required maxlength="32"/>
                    </Field>
                    <Field id="reg-phone" name="contact_phone" label="联系人手机号" outcome>
                        <input id="reg-phone" name="contact_phone" required inputmode="numeric" maxlength="11"/>
                    </Field>
                    <Field id="reg-username" name="username" label="登录用户名" outcome>
                        <input id="reg-username" name="username" required maxlength="64" autocomplete="username"/>
                    </Field>
                    <Field id="reg-password" name="password" label="密码（至少 8 位）" outcome>
                        <input id="reg-password" name="password" type="password" required autocomplete="new-password"/>
                    </Field>
                    <p class="form-error" role="alert" id="register-error">{general_message(outcome, FIELDS)}</p>
                    <button type="submit" class="button primary" disabled=move || register.pending().get()>"注册"</button>
                </ActionForm>
            </Show>
        </section>
    }
}
