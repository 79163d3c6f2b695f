//! `/account`: who you are signed in as, and your organisation.

use crate::ui::auth::Auth;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = Auth::use_auth();
    view! {
        <Title text="我的账号"/>
        <section class="card narrow">
            <h1>"我的账号"</h1>
            <Transition fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || auth.user.get().map(|result| match result {
                    Ok(Some(user)) => view! {
                        <dl class="facts">
                            <dt>"姓名"</dt><dd>{user.display_name}</dd>
                            <dt>"用户名"</dt><dd>{user.username}</dd>
                            <dt>"角色"</dt><dd>{user.role.label()}</dd>
                            <dt>"所属"</dt><dd>{user.scope_label.unwrap_or_else(|| "临汾市".to_string())}</dd>
                        </dl>
                        <ActionForm action=auth.logout>
                            <button type="submit" class="button">"退出登录"</button>
                        </ActionForm>
                    }.into_any(),
                    Ok(None) => view! {
                        <p>"您还没有登录。"</p>
                        <p><a class="button primary" href="/login">"去登录"</a></p>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
