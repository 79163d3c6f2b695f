//! Views that server functions return to the UI. Wire types, not database rows.

use crate::domain::role::Role;
use serde::{Deserialize, Serialize};

/// One row of the admin's user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope_label: Option<String>,
    pub active: bool,
}

/// A brand as shown on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandCard {
    pub slug: String,
    pub name: String,
    pub county_name: String,
    pub occupations: Vec<String>,
}
