//! Who may call what. Every server function and API route states an [`Access`] rule and checks
//! it with [`Access::check`] before doing anything else.

use super::role::{Role, Scope};
use serde::{Deserialize, Serialize};

/// The signed-in user as the rest of the app sees it. Carries no secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope: Scope,
    /// The organisation's name for display (县名, company or employer name).
    pub scope_label: Option<String>,
}

/// An access rule, declared by each endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("not signed in")]
    NotSignedIn,
    #[error("role {0} may not do this")]
    WrongRole(Role),
}

impl Access {
    /// Admins only.
    pub const ADMIN: Access = Access::Roles(&[Role::Admin]);

    /// Applies the rule to the caller.
    ///
    /// # Errors
    /// [`Denied::NotSignedIn`] when the rule needs a user and there is none, and
    /// [`Denied::WrongRole`] when the user's role is not among those allowed.
    pub fn check(self, user: Option<&SessionUser>) -> Result<(), Denied> {
        match (self, user) {
            (Access::Public, _) => Ok(()),
            (_, None) => Err(Denied::NotSignedIn),
            (Access::SignedIn, Some(_)) => Ok(()),
            (Access::Roles(allowed), Some(user)) if allowed.contains(&user.role) => Ok(()),
            (Access::Roles(_), Some(user)) => Err(Denied::WrongRole(user.role)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> SessionUser {
        SessionUser {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            scope: Scope::City,
            scope_label: None,
        }
    }

    #[test]
    fn public_endpoints_admit_everyone() {
        assert_eq!(Access::Public.check(None), Ok(()));
        assert_eq!(Access::Public.check(Some(&user(Role::Employer))), Ok(()));
    }

    #[test]
    fn signed_in_endpoints_refuse_anonymous_callers() {
        assert_eq!(Access::SignedIn.check(None), Err(Denied::NotSignedIn));
        for role in Role::ALL {
            assert_eq!(Access::SignedIn.check(Some(&user(role))), Ok(()));
        }
    }

    #[test]
    fn role_endpoints_admit_only_the_listed_roles() {
        let rule = Access::Roles(&[Role::Promoter, Role::Admin]);
        assert_eq!(rule.check(Some(&user(Role::Promoter))), Ok(()));
        assert_eq!(rule.check(Some(&user(Role::Admin))), Ok(()));
        assert_eq!(
            rule.check(Some(&user(Role::Company))),
            Err(Denied::WrongRole(Role::Company))
        );
        assert_eq!(rule.check(None), Err(Denied::NotSignedIn));
    }
}
