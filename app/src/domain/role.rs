//! The four kinds of account and the organisation each one is scoped to.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Who a user is in the marketplace. Every account has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 用工单位: searches, shortlists and hires workers. Scoped to one employer.
    Employer,
    /// 劳务公司: keeps the roster of its workers. Scoped to one labour company.
    Company,
    /// 品牌推广 (county HR staff): manages the county's brands. Scoped to one county.
    Promoter,
    /// 市人社局: city-wide administration. Not scoped.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Employer, Role::Company, Role::Promoter, Role::Admin];

    /// The stable code used in the database, the API and the CLI.
    pub fn code(self) -> &'static str {
        match self {
            Role::Employer => "employer",
            Role::Company => "company",
            Role::Promoter => "promoter",
            Role::Admin => "admin",
        }
    }

    /// The Chinese label shown in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Employer => "用工单位",
            Role::Company => "劳务公司",
            Role::Promoter => "品牌推广",
            Role::Admin => "管理员",
        }
    }

    /// Which organisation an account of this role must be attached to.
    pub fn required_scope(self) -> ScopeKind {
        match self {
            Role::Employer => ScopeKind::Employer,
            Role::Company => ScopeKind::Company,
            Role::Promoter => ScopeKind::County,
            Role::Admin => ScopeKind::None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role '{0}'; accepted: employer, company, promoter, admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.code() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

/// The kind of organisation an account is scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeKind {
    None,
    County,
    Company,
    Employer,
}

/// The organisation an account is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// City-wide (admins).
    City,
    /// A county by GB/T 2260 code (promoters).
    County {
        code: String,
    },
    Company {
        id: i32,
    },
    Employer {
        id: i32,
    },
}

impl Scope {
    pub fn kind(&self) -> ScopeKind {
        match self {
            Scope::City => ScopeKind::None,
            Scope::County { .. } => ScopeKind::County,
            Scope::Company { .. } => ScopeKind::Company,
            Scope::Employer { .. } => ScopeKind::Employer,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("a {role} account needs a {needed:?} scope, got {given:?}")]
    Mismatch {
        role: Role,
        needed: ScopeKind,
        given: ScopeKind,
    },
}

/// Checks that an account's scope is the one its role requires: a promoter belongs to a county,
/// a company user to a company, an employer user to an employer, an admin to the city.
pub fn check_scope(role: Role, scope: &Scope) -> Result<(), ScopeError> {
    let needed = role.required_scope();
    if scope.kind() == needed {
        Ok(())
    } else {
        Err(ScopeError::Mismatch {
            role,
            needed,
            given: scope.kind(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_code() {
        for role in Role::ALL {
            assert_eq!(role.code().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn an_unknown_role_names_the_accepted_values() {
        let err = "boss".parse::<Role>().unwrap_err();
        assert!(
            err.to_string()
                .contains("employer, company, promoter, admin")
        );
    }

    #[test]
    fn a_promoter_must_be_scoped_to_a_county() {
        let county = Scope::County {
            code: "141027".into(),
        };
        assert!(check_scope(Role::Promoter, &county).is_ok());
        assert!(check_scope(Role::Promoter, &Scope::City).is_err());
        assert!(check_scope(Role::Promoter, &Scope::Company { id: 1 }).is_err());
    }

    #[test]
    fn company_and_employer_users_must_be_scoped_to_their_organisation() {
        assert!(check_scope(Role::Company, &Scope::Company { id: 3 }).is_ok());
        assert!(check_scope(Role::Company, &Scope::Employer { id: 3 }).is_err());
        assert!(check_scope(Role::Employer, &Scope::Employer { id: 3 }).is_ok());
        assert!(check_scope(Role::Employer, &Scope::City).is_err());
    }

    #[test]
    fn an_admin_is_city_wide() {
        assert!(check_scope(Role::Admin, &Scope::City).is_ok());
        assert!(
            check_scope(
                Role::Admin,
                &Scope::County {
                    code: "141002".into()
                }
            )
            .is_err()
        );
    }
}
