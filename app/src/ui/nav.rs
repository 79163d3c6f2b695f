//! Top navigation: the links each role sees, and the sign-in state.

use super::auth::Auth;
use crate::api::hiring::inbox;
use crate::domain::access::SessionUser;
use crate::domain::role::Role;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// A navigation entry: where it goes and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
}

const fn link(href: &'static str, label: &'static str) -> NavLink {
    NavLink { href, label }
}

/// The links for a visitor (`None`) or a signed-in role. Each issue that adds pages adds them here.
pub fn links_for(role: Option<Role>) -> Vec<NavLink> {
    let mut links = vec![
        link("/", "首页"),
        link("/brands", "劳务品牌"),
        link("/training", "技能培训"),
        link("/stations", "服务站"),
        link("/events", "活动"),
    ];
    match role {
        None => links.push(link("/register", "劳务公司注册")),
        Some(Role::Admin) => {
            links.push(link("/dashboard", "县区看板"));
            links.push(link("/households", "建档立卡户"));
            links.push(link("/county-workers", "县域劳动力"));
            links.push(link("/local-jobs", "就地就业"));
            links.push(link("/search", "找工人"));
            links.push(link("/manage/demand", "未满足需求"));
            links.push(link("/memberships", "加盟审核"));
            links.push(link("/manage/certificates", "证书核验"));
            links.push(link("/manage/export-bases", "输出基地"));
            links.push(link("/manage/companies", "劳务公司"));
            links.push(link("/manage/employers", "用工单位"));
            links.push(link("/hiring", "用工邀约"));
            links.push(link("/contracts", "合同"));
            links.push(link("/placements", "输出就业"));
            links.push(link("/employee-system", "员工制"));
            links.push(link("/insurance", "社会保险"));
            links.push(link("/subsidies", "补贴申请"));
            links.push(link("/manage/policy-parameters", "政策参数"));
            links.push(link("/manage/contract-templates", "合同模板"));
            links.push(link("/cases", "跟踪服务"));
            links.push(link("/inbox", "消息"));
            links.push(link("/audit", "审计日志"));
            links.push(link("/admin/users", "用户管理"));
            links.push(link("/account", "我的账号"));
        }
        Some(Role::Promoter) => {
            links.push(link("/dashboard", "县区看板"));
            links.push(link("/households", "建档立卡户"));
            links.push(link("/county-workers", "县域劳动力"));
            links.push(link("/local-jobs", "就地就业"));
            links.push(link("/search", "找工人"));
            links.push(link("/manage/demand", "未满足需求"));
            links.push(link("/memberships", "加盟审核"));
            links.push(link("/manage/certificates", "证书核验"));
            links.push(link("/manage/export-bases", "输出基地"));
            links.push(link("/manage/companies", "劳务公司"));
            links.push(link("/manage/employers", "用工单位"));
            links.push(link("/hiring", "用工邀约"));
            links.push(link("/contracts", "合同"));
            links.push(link("/placements", "输出就业"));
            links.push(link("/employee-system", "员工制"));
            links.push(link("/insurance", "社会保险"));
            links.push(link("/subsidies", "补贴申请"));
            links.push(link("/manage/policy-parameters", "政策参数"));
            links.push(link("/cases", "跟踪服务"));
            links.push(link("/inbox", "消息"));
            links.push(link("/audit", "审计日志"));
            links.push(link("/account", "我的账号"));
        }
        Some(Role::Company) => {
            links.push(link("/roster", "花名册"));
            links.push(link("/local-jobs", "就地就业"));
            links.push(link("/memberships", "我的加盟"));
            links.push(link("/vacancies", "空岗信息"));
            links.push(link("/hiring", "用工邀约"));
            links.push(link("/contracts", "合同"));
            links.push(link("/placements", "输出就业"));
            links.push(link("/employee-system", "员工制"));
            links.push(link("/insurance", "社会保险"));
            links.push(link("/subsidies", "补贴申请"));
            links.push(link("/manage/policy-parameters", "政策参数"));
            links.push(link("/cases", "跟踪服务"));
            links.push(link("/inbox", "消息"));
            links.push(link("/account", "我的账号"));
        }
        Some(Role::Employer) => {
            links.push(link("/search", "找工人"));
            links.push(link("/shortlists", "候选名单"));
            links.push(link("/saved-searches", "保存的搜索"));
            links.push(link("/vacancies", "空岗信息"));
            links.push(link("/hiring", "用工邀约"));
            links.push(link("/contracts", "合同"));
            links.push(link("/placements", "输出就业"));
            links.push(link("/subsidies", "补贴申请"));
            links.push(link("/cases", "跟踪服务"));
            links.push(link("/inbox", "消息"));
            links.push(link("/employer", "单位信息"));
            links.push(link("/account", "我的账号"));
        }
    }
    links
}

/// The few links a role uses most, for the bar at the bottom of a phone's screen (the rest
/// are behind the menu button). Every one is also in [`links_for`].
pub fn primary_for(role: Option<Role>) -> Vec<NavLink> {
    match role {
        None => vec![
            link("/", "首页"),
            link("/brands", "劳务品牌"),
            link("/stations", "服务站"),
            link("/login", "登录"),
        ],
        Some(Role::Admin | Role::Promoter) => vec![
            link("/dashboard", "看板"),
            link("/memberships", "审核"),
            link("/cases", "跟踪服务"),
            link("/inbox", "消息"),
        ],
        Some(Role::Company) => vec![
            link("/roster", "花名册"),
            link("/hiring", "邀约"),
            link("/contracts", "合同"),
            link("/inbox", "消息"),
        ],
        Some(Role::Employer) => vec![
            link("/search", "找工人"),
            link("/hiring", "邀约"),
            link("/contracts", "合同"),
            link("/inbox", "消息"),
        ],
    }
}

/// The signed-in user's unread message count, for the navigation (rendered with each page, so
/// it follows every page load).
#[derive(Clone, Copy)]
pub struct UnreadMessages(pub Resource<Option<u64>>);

impl UnreadMessages {
    /// Created by [`App`](super::shell::App) right after [`Auth`]. Visitors ask nothing.
    pub fn provide(auth: Auth) -> Self {
        let count = Resource::new(
            || (),
            move |_| async move {
                match auth.user.await {
                    Ok(Some(_)) => inbox().await.ok().map(|inbox| inbox.unread),
                    _ => None,
                }
            },
        );
        let unread = UnreadMessages(count);
        provide_context(unread);
        unread
    }
}

#[component]
pub fn TopBar() -> impl IntoView {
    let auth = Auth::use_auth();
    let user = move || auth.user.get().and_then(|r| r.ok()).flatten();
    let unread = use_context::<UnreadMessages>();
    let count = move || unread.and_then(|u| u.0.get()).flatten();
    view! {
        <header class="topbar">
            <a class="logo" href="/">
                <span class="logo-mark">"劳"</span>
                <span class="logo-text">"劳务品牌市场"</span>
            </a>
            <Transition fallback=|| view! { <nav class="nav"></nav> }>
                {move || view! { <NavLinks user=user() unread=count()/> }}
            </Transition>
        </header>
    }
}

#[component]
fn NavLinks(user: Option<SessionUser>, unread: Option<u64>) -> impl IntoView {
    let auth = Auth::use_auth();
    let user_role = user.as_ref().map(|u| u.role);
    let links = links_for(user_role);
    let account = match user {
        Some(user) => view! {
            <span class="whoami" data-testid="whoami">
                {user.display_name.clone()}
                <small>{user.role.label()}</small>
            </span>
            <ActionForm action=auth.logout attr:class="inline-form">
                <button type="submit" class="link-button">"退出"</button>
            </ActionForm>
        }
        .into_any(),
        None => view! { <a class="button small" href="/login">"登录"</a> }.into_any(),
    };
    let primary = primary_for(user_role);
    view! {
        <nav class="nav" aria-label="主导航">
            // On a phone the links fold behind a menu button: a checkbox and its label, so it
            // opens before (and without) WebAssembly.
            <input type="checkbox" id="nav-toggle" class="nav-toggle"/>
            <label for="nav-toggle" class="nav-toggle-button" aria-controls="nav-links">"菜单"</label>
            <ul id="nav-links">
                {links
                    .into_iter()
                    .map(|l| {
                        let badge = (l.href == "/inbox")
                            .then_some(unread)
                            .flatten()
                            .filter(|n| *n > 0)
                            .map(|n| view! {
                                " "<span class="badge new" id="unread-badge" aria-label=format!("{n} 条未读")>{n}</span>
                            });
                        view! { <li><a href=l.href>{l.label}{badge}</a></li> }
                    })
                    .collect_view()}
            </ul>
            <div class="account">{account}</div>
        </nav>
        <nav class="bottom-bar" aria-label="常用">
            {primary
                .into_iter()
                .map(|l| view! { <a href=l.href>{l.label}</a> })
                .collect_view()}
            <label for="nav-toggle">"更多"</label>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_bar_holds_a_few_of_each_roles_own_links() {
        let roles = std::iter::once(None).chain(Role::ALL.into_iter().map(Some));
        for role in roles {
            let primary = primary_for(role);
            assert!(primary.len() <= 4, "{role:?}");
            let all = links_for(role);
            for l in &primary {
                let linked = all.iter().any(|a| a.href == l.href) || l.href == "/login";
                assert!(linked, "{role:?} {}", l.href);
            }
        }
        assert_eq!(primary_for(Some(Role::Employer))[0].href, "/search");
        assert_eq!(primary_for(Some(Role::Company))[0].href, "/roster");
        assert_eq!(primary_for(Some(Role::Promoter))[0].href, "/dashboard");
    }

    #[test]
    fn visitors_see_only_public_links() {
        let hrefs: Vec<_> = links_for(None).iter().map(|l| l.href).collect();
        assert_eq!(
            hrefs,
            [
                "/",
                "/brands",
                "/training",
                "/stations",
                "/events",
                "/register"
            ]
        );
    }

    #[test]
    fn only_county_officials_see_certificate_checks_and_export_bases() {
        for role in Role::ALL {
            let links = links_for(Some(role));
            let official = matches!(role, Role::Promoter | Role::Admin);
            for href in ["/manage/certificates", "/manage/export-bases"] {
                assert_eq!(
                    links.iter().any(|l| l.href == href),
                    official,
                    "{role} {href}"
                );
            }
        }
    }

    #[test]
    fn only_admins_see_user_management() {
        for role in Role::ALL {
            let has_admin = links_for(Some(role))
                .iter()
                .any(|l| l.href == "/admin/users");
            assert_eq!(has_admin, role == Role::Admin, "{role}");
        }
    }

    #[test]
    fn county_officials_reach_the_dashboard_households_and_local_jobs() {
        for role in Role::ALL {
            let links = links_for(Some(role));
            let has = |href: &str| links.iter().any(|l| l.href == href);
            let official = matches!(role, Role::Promoter | Role::Admin);
            assert_eq!(has("/dashboard"), official, "{role}");
            assert_eq!(has("/households"), official, "{role}");
            assert_eq!(has("/county-workers"), official, "{role}");
            assert_eq!(has("/local-jobs"), role != Role::Employer, "{role}");
        }
        assert!(!links_for(None).iter().any(|l| l.href == "/dashboard"));
    }

    #[test]
    fn everyone_reaches_the_training_programmes() {
        assert!(links_for(None).iter().any(|l| l.href == "/training"));
        for role in Role::ALL {
            assert!(
                links_for(Some(role)).iter().any(|l| l.href == "/training"),
                "{role}"
            );
        }
    }

    #[test]
    fn only_company_users_see_the_roster() {
        for role in Role::ALL {
            let has_roster = links_for(Some(role)).iter().any(|l| l.href == "/roster");
            assert_eq!(has_roster, role == Role::Company, "{role}");
        }
    }

    #[test]
    fn every_signed_in_role_reaches_its_account_page_and_inbox() {
        for role in Role::ALL {
            let links = links_for(Some(role));
            assert!(links.iter().any(|l| l.href == "/account"), "{role}");
            assert!(links.iter().any(|l| l.href == "/inbox"), "{role}");
            assert!(links.iter().any(|l| l.href == "/hiring"), "{role}");
        }
    }

    #[test]
    fn every_signed_in_role_reaches_contracts_and_placements() {
        for role in Role::ALL {
            let links = links_for(Some(role));
            assert!(links.iter().any(|l| l.href == "/contracts"), "{role}");
            assert!(links.iter().any(|l| l.href == "/placements"), "{role}");
        }
        let visitor = links_for(None);
        assert!(!visitor.iter().any(|l| l.href == "/contracts"));
        assert!(!visitor.iter().any(|l| l.href == "/placements"));
    }

    #[test]
    fn welfare_pages_are_linked_for_the_roles_that_keep_them() {
        for role in Role::ALL {
            let links = links_for(Some(role));
            let has = |href: &str| links.iter().any(|l| l.href == href);
            let keeper = role != Role::Employer;
            assert_eq!(has("/employee-system"), keeper, "{role}");
            assert_eq!(has("/insurance"), keeper, "{role}");
            assert_eq!(has("/manage/policy-parameters"), keeper, "{role}");
            assert!(has("/subsidies"), "{role}");
        }
        let visitor = links_for(None);
        assert!(!visitor.iter().any(|l| l.href == "/subsidies"));
    }

    #[test]
    fn only_admins_see_contract_templates() {
        for role in Role::ALL {
            let has = links_for(Some(role))
                .iter()
                .any(|l| l.href == "/manage/contract-templates");
            assert_eq!(has, role == Role::Admin, "{role}");
        }
    }

    #[test]
    fn hiring_pages_are_linked_for_the_roles_that_use_them() {
        for role in Role::ALL {
            let links = links_for(Some(role));
            let has = |href: &str| links.iter().any(|l| l.href == href);
            let official = matches!(role, Role::Promoter | Role::Admin);
            assert_eq!(
                has("/vacancies"),
                matches!(role, Role::Employer | Role::Company),
                "{role}"
            );
            assert_eq!(has("/employer"), role == Role::Employer, "{role}");
            assert_eq!(has("/manage/employers"), official, "{role}");
        }
    }
}
