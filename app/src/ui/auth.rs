//! The signed-in user as UI state, refreshed whenever someone logs in or out.

use crate::api::AppError;
use crate::api::accounts::{Login, Logout, current_user};
use crate::domain::access::SessionUser;
use leptos::prelude::*;

/// Shared by every page through context; created once by [`App`](super::shell::App).
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
}

impl Auth {
    pub fn provide() -> Self {
        let login = ServerAction::<Login>::new();
        let logout = ServerAction::<Logout>::new();
        let user = Resource::new(
            move || (login.version().get(), logout.version().get()),
            |_| current_user(),
        );
        let auth = Auth {
            user,
            login,
            logout,
        };
        provide_context(auth);
        auth
    }

    /// The signed-in user, if any (tracked: re-read when someone logs in or out).
    pub fn signed_in(&self) -> Option<SessionUser> {
        self.user.get().and_then(|r| r.ok()).flatten()
    }

    /// The county of a signed-in promoter.
    pub fn county_code(&self) -> Option<String> {
        match self.signed_in()?.scope {
            crate::domain::role::Scope::County { code } => Some(code),
            _ => None,
        }
    }

    /// Whether a promoter or an admin is signed in.
    pub fn is_county_official(&self) -> bool {
        self.signed_in().is_some_and(|u| {
            matches!(
                u.role,
                crate::domain::role::Role::Promoter | crate::domain::role::Role::Admin
            )
        })
    }

    /// Reads the context [`provide`](Self::provide) set up.
    pub fn use_auth() -> Self {
        expect_context::<Auth>()
    }
}
