//! `/register/employer`: an employer (用工单位) registers itself and its first account, then
//! waits for a promoter's or admin's verification. `/employer`: the employer's own page with its
//! colleagues' accounts. `/manage/employers`: officials verify employers.

use crate::api::hiring::{AddColleague, RegisterEmployer, VerifyEmployer, employers, my_employer};
use crate::api::types::EmployerView;
use crate::ui::{Field, FormOutcome, OutcomeLine, ProvinceCodes, form_outcome, general_message};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

const REGISTER_FIELDS: &[&str] = &[
    "name",
    "credit_code",
    "province_code",
    "city_code",
    "city_name",
    "industry",
    "contact_name",
    "contact_phone",
    "username",
    "password",
];

const COLLEAGUE_FIELDS: &[&str] = &["username", "display_name", "password"];

/// What an unverified employer may and may not do yet.
pub const UNVERIFIED_NOTICE: &str =
    "贵单位尚未通过审核：审核通过后才能发布空岗和发出用工邀约；现在可以先搜索、收藏工人。";

#[component]
pub fn RegisterEmployerPage() -> impl IntoView {
    let register = ServerAction::<RegisterEmployer>::new();
    let outcome = form_outcome(register.value());
    view! {
        <Title text="用工单位注册"/>
        <section class="card narrow">
            <h1>"用工单位注册"</h1>
            <p class="muted">"注册后由人社部门审核。劳务公司请使用"<a href="/register">"劳务公司注册"</a>"。"</p>
            <Show when=move || !matches!(outcome.get(), Some(FormOutcome::Done))
                fallback=|| view! {
                    <p class="success" role="status" id="employer-register-done">
                        "注册成功。请"<a href="/login">"登录"</a>"；审核通过后即可发布空岗、发出用工邀约，审核前可以先搜索、收藏工人。"
                    </p>
                }>
                <ActionForm action=register attr:class="form" attr:id="employer-register-form">
                    <Field id="emp-name" name="name" label="单位全称" outcome>
                        <input id="emp-name" name="name" required maxlength="64" placeholder="如 上海某某餐饮管理有限公司"/>
                    </Field>
                    <Field id="emp-credit-code" name="credit_code" label="统一社会信用代码" outcome>
                        <input id="emp-credit-code" name="credit_code" required maxlength="18" autocomplete="off"/>
                    </Field>
                    <Field id="emp-province" name="province_code" label="所在省份代码" outcome>
                        <input id="emp-province" name="province_code" required maxlength="6" inputmode="numeric"
                            placeholder="如 310000" list="province-codes" autocomplete="off"/>
                        <ProvinceCodes id="province-codes"/>
                    </Field>
                    <Field id="emp-city-code" name="city_code" label="所在城市代码" outcome>
                        <input id="emp-city-code" name="city_code" required maxlength="6" inputmode="numeric"
                            placeholder="如 310100" autocomplete="off"/>
                        <small class="muted hint">"地级市代码：省份代码前两位 + 城市两位 + 00，如 上海 310100、乌鲁木齐 650100。"</small>
                    </Field>
                    <Field id="emp-city-name" name="city_name" label="所在城市" outcome>
                        <input id="emp-city-name" name="city_name" required maxlength="16" placeholder="如 上海"/>
                    </Field>
                    <Field id="emp-industry" name="industry" label="所属行业" outcome>
                        <input id="emp-industry" name="industry" required maxlength="32" placeholder="如 餐饮、建筑、家政"/>
                    </Field>
                    <Field id="emp-contact" name="contact_name" label="联系人" outcome>
                        <input id="emp-contact" name="contact_name" required maxlength="32"/>
                    </Field>
                    <Field id="emp-phone" name="contact_phone" label="联系人手机号" outcome>
                        <input id="emp-phone" name="contact_phone" required inputmode="numeric" maxlength="11"/>
                    </Field>
                    <Field id="emp-username" name="username" label="登录用户名" outcome>
                        <input id="emp-username" name="username" required maxlength="64" autocomplete="username"/>
                    </Field>
                    <Field id="emp-password" name="password" label="密码（至少 8 位）" outcome>
                        <input id="emp-password" name="password" type="password" required autocomplete="new-password"/>
                    </Field>
                    <p class="form-error" role="alert" id="employer-register-error">{general_message(outcome, REGISTER_FIELDS)}</p>
                    <button type="submit" class="button primary" disabled=move || register.pending().get()>"注册"</button>
                </ActionForm>
            </Show>
        </section>
    }
    .into_any()
}

/// The 已审核 / 待审核 badge.
#[component]
pub fn VerifiedBadge(verified: bool) -> impl IntoView {
    if verified {
        view! { <span class="badge verified" data-testid="employer-status">"已审核"</span> }
    } else {
        view! { <span class="badge pending" data-testid="employer-status">"待审核"</span> }
    }
}

fn place_of(employer: &EmployerView) -> String {
    let short = |name: &str| name.trim_end_matches('市').to_string();
    match &employer.city_name {
        // 北京市 · 北京市 or 上海市 · 上海: the municipality once.
        Some(city) if short(city) != short(&employer.province_name) => {
            format!("{} {city}", employer.province_name)
        }
        _ => employer.province_name.clone(),
    }
}

#[component]
pub fn EmployerPage() -> impl IntoView {
    let add = ServerAction::<AddColleague>::new();
    let added = form_outcome(add.value());
    let employer = Resource::new(move || add.version().get(), |_| my_employer());
    view! {
        <Title text="单位信息"/>
        <Transition fallback=|| view! { <section class="card"><p class="muted">"加载中…"</p></section> }>
            {move || employer.get().map(|result| match result {
                Ok(employer) => view! { <EmployerView employer add added/> }.into_any(),
                Err(e) => view! {
                    <section class="card"><h1>"单位信息"</h1><p class="form-error" role="alert">{e.message}</p></section>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn EmployerView(
    employer: EmployerView,
    add: ServerAction<AddColleague>,
    added: Memo<Option<FormOutcome>>,
) -> impl IntoView {
    let place = place_of(&employer);
    let contact = match (&employer.contact_name, &employer.contact_phone) {
        (Some(name), Some(phone)) => format!("{name} {phone}"),
        (Some(name), None) => name.clone(),
        (None, Some(phone)) => phone.clone(),
        (None, None) => String::new(),
    };
    view! {
        <section class="card" id="employer-detail">
            <h1>{employer.name.clone()}" "<VerifiedBadge verified=employer.verified/></h1>
            {(!employer.verified).then(|| view! { <p class="notice" role="note" id="unverified-notice">{UNVERIFIED_NOTICE}</p> })}
            <dl class="facts">
                <dt>"统一社会信用代码"</dt><dd>{employer.credit_code.clone().unwrap_or_default()}</dd>
                <dt>"所在地"</dt><dd>{place}</dd>
                <dt>"所属行业"</dt><dd>{employer.industry.clone().unwrap_or_default()}</dd>
                <dt>"联系人"</dt><dd>{contact}</dd>
            </dl>
            <p class="actions">
                <a class="button small" href="/search">"找工人"</a>
                <a class="button small" href="/vacancies">"空岗信息"</a>
                <a class="button small" href="/hiring">"用工邀约"</a>
            </p>
        </section>
        <section class="card">
            <h2>"同事账号"</h2>
            {if employer.users.is_empty() {
                view! { <p class="muted">"还没有账号。"</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table id="colleague-table">
                            <thead><tr><th>"姓名"</th><th>"用户名"</th><th>"状态"</th></tr></thead>
                            <tbody>
                                {employer.users.into_iter().map(|u| view! {
                                    <tr data-username=u.username.clone()>
                                        <td>{u.display_name}</td>
                                        <td>{u.username.clone()}</td>
                                        <td>{if u.active { "正常" } else { "已停用" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <h3>"添加同事"</h3>
            <ActionForm action=add attr:class="form" attr:id="colleague-form">
                <Field id="col-username" name="username" label="登录用户名" outcome=added>
                    <input id="col-username" name="username" required maxlength="64" autocomplete="off"/>
                </Field>
                <Field id="col-name" name="display_name" label="姓名" outcome=added>
                    <input id="col-name" name="display_name" required maxlength="32"/>
                </Field>
                <Field id="col-password" name="password" label="初始密码（至少 8 位）" outcome=added>
                    <input id="col-password" name="password" type="password" required autocomplete="new-password"/>
                </Field>
                <p class="form-error" role="alert">{general_message(added, COLLEAGUE_FIELDS)}</p>
                <p class="success" role="status" id="colleague-result">
                    {move || matches!(added.get(), Some(FormOutcome::Done)).then_some("已添加，同事可以用新账号登录。")}
                </p>
                <button type="submit" class="button primary" disabled=move || add.pending().get()>"添加"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
pub fn ManageEmployersPage() -> impl IntoView {
    let verify = ServerAction::<VerifyEmployer>::new();
    let outcome = form_outcome(verify.value());
    let list = Resource::new(move || verify.version().get(), |_| employers());
    view! {
        <Title text="用工单位"/>
        <section class="card">
            <h1>"用工单位"</h1>
            <p class="muted">"自行注册的用工单位须经审核，审核通过后才能发布空岗、发出用工邀约。"</p>
            <OutcomeLine outcome done="已审核通过。" id="verify-result"/>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || list.get().map(|result| match result {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">"还没有用工单位。"</p> }.into_any(),
                    Ok(mut rows) => {
                        // Those waiting for a decision first.
                        rows.sort_by_key(|e| e.verified);
                        view! {
                            <div class="table-wrap">
                                <table id="employer-table">
                                    <thead><tr><th>"名称"</th><th>"统一社会信用代码"</th><th>"所在地"</th><th>"行业"</th><th>"联系人"</th><th>"状态"</th></tr></thead>
                                    <tbody>
                                        {rows.into_iter().map(|e| {
                                            let place = place_of(&e);
                                            view! {
                                                <tr data-employer=e.id>
                                                    <td>{e.name}</td>
                                                    <td>{e.credit_code.unwrap_or_default()}</td>
                                                    <td>{place}</td>
                                                    <td>{e.industry.unwrap_or_default()}</td>
                                                    <td>{e.contact_name.unwrap_or_default()}" "{e.contact_phone.unwrap_or_default()}</td>
                                                    <td class="decisions">
                                                        {if e.verified {
                                                            view! { <VerifiedBadge verified=true/> }.into_any()
                                                        } else {
                                                            view! {
                                                                <ActionForm action=verify attr:class="inline">
                                                                    <input type="hidden" name="id" value=e.id/>
                                                                    <VerifiedBadge verified=false/>
                                                                    <button type="submit" class="button small primary">"审核通过"</button>
                                                                </ActionForm>
                                                            }.into_any()
                                                        }}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
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
    .into_any()
}
