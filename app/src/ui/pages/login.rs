//! `/login`. A plain form that posts to the `login` server function, so it works before the
//! WebAssembly loads; once hydrated (an island) a wrong password is answered in place and a
//! right one opens the home page.

use crate::api::accounts::Login;
use crate::api::{AppError, ErrorCode};
use crate::ui::island::{load_page, provide_page_url};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Title text="登录"/>
        <LoginForm/>
    }
}

#[island]
fn LoginForm() -> impl IntoView {
    provide_page_url();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();

    // After a plain form post the server redirects back here with ?error=…&field=….
    let error_from_redirect = move || {
        let query = query.read();
        let code = ErrorCode::from_query(&query.get("error")?)?;
        let mut error = AppError::new(code);
        error.field = query.get("field").filter(|f| !f.is_empty());
        Some(error)
    };
    let error = Memo::new(move |_| match login.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(_)) => None,
        None => error_from_redirect(),
    });
    let field_message = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.for_field(field).map(str::to_string))
        }
    };
    let general_message = move || error.get().filter(|e| e.field.is_none()).map(|e| e.message);

    // Signed in, the whole page changes (navigation, home page): load it.
    Effect::new(move |_| {
        if let Some(Ok(_)) = login.value().get() {
            load_page("/");
        }
    });

    let (show_password, set_show_password) = signal(false);

    view! {
        <section class="card narrow">
            <h1>"登录"</h1>
            {move || query.read().get("registered").map(|_| view! {
                <p class="success" role="status">"注册成功，请用新账号登录。"</p>
            })}
            <p class="muted">
                "还没有账号？"<a href="/register">"劳务公司注册"</a>" · "<a href="/register/employer" id="employer-register-link">"用工单位注册"</a>
            </p>
            <ActionForm action=login attr:class="form" attr:id="login-form">
                <div class="field">
                    <label for="username">"用户名"</label>
                    <input id="username" name="username" type="text" autocomplete="username"
                        maxlength="64" required/>
                    <p class="field-error" role="alert">{field_message("username")}</p>
                </div>
                <div class="field">
                    <label for="password">"密码"</label>
                    <div class="password-row">
                        <input id="password" name="password" autocomplete="current-password"
                            maxlength="128" required
                            type=move || if show_password.get() { "text" } else { "password" }/>
                        <button type="button" class="link-button" id="toggle-password"
                            aria-pressed=move || show_password.get().to_string()
                            on:click=move |_| set_show_password.update(|shown| *shown = !*shown)>
                            {move || if show_password.get() { "隐藏" } else { "显示" }}
                        </button>
                    </div>
                    <p class="field-error" role="alert">{field_message("password")}</p>
                </div>
                <p class="form-error" role="alert" id="login-error">{general_message}</p>
                <button type="submit" class="button primary" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "正在登录…" } else { "登录" }}
                </button>
            </ActionForm>
        </section>
    }
}
