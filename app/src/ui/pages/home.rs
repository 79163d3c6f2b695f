//! `/`: a signed-in user's own work first ([`MyWork`]), then what Laowu is, for whom, and the
//! county brands it carries.

use super::my_work::MyWork;
use crate::api::brands::featured_brands;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let brands = Resource::new(|| (), |_| featured_brands());
    view! {
        <Title text=""/>
        <MyWork/>
        <section class="hero">
            <h1>"临汾劳务品牌市场"</h1>
            <p class="lead">
                "把浮山厨师、曲沃羊汤、襄汾烧饼、吕梁山家政护工等临汾劳务品牌的持证工人，"
                "与京津冀、长三角、新疆等输入地的用工单位直接对接；签约、员工制、社保、补贴和跟踪服务全程留痕。"
            </p>
        </section>
        <section class="roles" aria-label="谁在使用">
            <article class="card">
                <h2>"用工单位"</h2>
                <p>"按工种、技能等级、地区和期望薪资查找持证工人，发出用工邀约，在线签订劳动合同。"</p>
            </article>
            <article class="card">
                <h2>"劳务公司"</h2>
                <p>"实名登记工人花名册，导入导出台账，应答用工邀约，办理员工制和社会保险。"</p>
            </article>
            <article class="card">
                <h2>"县区人社部门"</h2>
                <p>"培育和推广本县劳务品牌，审核加盟和证书，审批补贴，"<a href="/dashboard">"查看目标任务完成情况"</a>"。"</p>
            </article>
        </section>
        <section class="brands">
            <h2>"劳务品牌"</h2>
            <Suspense fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || brands.get().map(|result| match result {
                    Ok(list) => view! {
                        <ul class="brand-grid">
                            {list.into_iter().map(|b| view! {
                                <li class="card brand-card">
                                    <h3><a href=format!("/brands/{}", b.slug)>{b.name}</a></h3>
                                    <p class="muted">{b.county_name}</p>
                                    <p class="tags">
                                        {b.occupations.into_iter().map(|o| view! { <span class="tag">{o}</span> }).collect_view()}
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
