//! The page for addresses that match no route (served with status 404).

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text="页面不存在"/>
        <section class="card narrow center">
            <h1>"404 · 页面不存在"</h1>
            <p>"您访问的地址不存在，可能已被移动或输入有误。"</p>
            <p><a class="button" href="/">"返回首页"</a></p>
        </section>
    }
}
