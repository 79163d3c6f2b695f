//! `/admin/users`: every account, for admins. Others get the server's refusal message.

use crate::api::accounts::list_users;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let users = Resource::new(|| (), |_| list_users());
    view! {
        <Title text="用户管理"/>
        <section class="card">
            <h1>"用户管理"</h1>
            <Suspense fallback=|| view! { <p class="muted">"加载中…"</p> }>
                {move || users.get().map(|result| match result {
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table>
                                <thead><tr>
                                    <th>"用户名"</th><th>"姓名"</th><th>"角色"</th><th>"所属"</th><th>"状态"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|u| view! {
                                        <tr>
                                            <td>{u.username}</td>
                                            <td>{u.display_name}</td>
                                            <td>{u.role.label()}</td>
                                            <td>{u.scope_label.unwrap_or_else(|| "临汾市".to_string())}</td>
                                            <td>{if u.active { "正常" } else { "停用" }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
