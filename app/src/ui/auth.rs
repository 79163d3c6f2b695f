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

    /// Reads the context [`provide`](Self::provide) set up.
    pub fn use_auth() -> Self {
        expect_context::<Auth>()
    }
}
