//! Top navigation: the links each role sees, and the sign-in state.

use super::auth::Auth;
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
    let mut links = vec![link("/", "首页"), link("/brands", "劳务品牌")];
    match role {
        None => links.push(link("/register", "劳务公司注册")),
        Some(Role::Admin) => {
            links.push(link("/search", "找工人"));
            links.push(link("/manage/demand", "未满足需求"));
            links.push(link("/memberships", "加盟审核"));
            links.push(link("/manage/certificates", "证书核验"));
            links.push(link("/manage/export-bases", "输出基地"));
            links.push(link("/manage/companies", "劳务公司"));
            links.push(link("/admin/users", "用户管理"));
            links.push(link("/account", "我的账号"));
        }
        Some(Role::Promoter) => {
            links.push(link("/search", "找工人"));
            links.push(link("/manage/demand", "未满足需求"));
            links.push(link("/memberships", "加盟审核"));
            links.push(link("/manage/certificates", "证书核验"));
            links.push(link("/manage/export-bases", "输出基地"));
            links.push(link("/manage/companies", "劳务公司"));
            links.push(link("/account", "我的账号"));
        }
        Some(Role::Company) => {
            links.push(link("/roster", "花名册"));
            links.push(link("/memberships", "我的加盟"));
            links.push(link("/account", "我的账号"));
        }
        Some(Role::Employer) => {
            links.push(link("/search", "找工人"));
            links.push(link("/shortlists", "候选名单"));
            links.push(link("/saved-searches", "保存的搜索"));
            links.push(link("/account", "我的账号"));
        }
    }
    links
}

#[component]
pub fn TopBar() -> impl IntoView {
    let auth = Auth::use_auth();
    let user = move || auth.user.get().and_then(|r| r.ok()).flatten();
    view! {
        <header class="topbar">
            <a class="logo" href="/">
                <span class="logo-mark">"劳"</span>
                <span class="logo-text">"劳务品牌市场"</span>
            </a>
            <Transition fallback=|| view! { <nav class="nav"></nav> }>
                {move || view! { <NavLinks user=user()/> }}
            </Transition>
        </header>
    }
}

#[component]
fn NavLinks(user: Option<SessionUser>) -> impl IntoView {
    let auth = Auth::use_auth();
    let links = links_for(user.as_ref().map(|u| u.role));
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
    view! {
        <nav class="nav" aria-label="主导航">
            <ul>
                {links
                    .into_iter()
                    .map(|l| view! { <li><a href=l.href>{l.label}</a></li> })
                    .collect_view()}
            </ul>
            <div class="account">{account}</div>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visitors_see_only_public_links() {
        let hrefs: Vec<_> = links_for(None).iter().map(|l| l.href).collect();
        assert_eq!(hrefs, ["/", "/brands", "/register"]);
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
    fn only_company_users_see_the_roster() {
        for role in Role::ALL {
            let has_roster = links_for(Some(role)).iter().any(|l| l.href == "/roster");
            assert_eq!(has_roster, role == Role::Company, "{role}");
        }
    }

    #[test]
    fn every_signed_in_role_reaches_its_account_page() {
        for role in Role::ALL {
            assert!(links_for(Some(role)).iter().any(|l| l.href == "/account"));
        }
    }
}
