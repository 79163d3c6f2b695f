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

/// How an import treats bad rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Nothing is imported if any row is bad (the default).
    AllOrNothing,
    /// Import the good rows, report the bad ones.
    GoodRows,
}

impl ImportMode {
    pub fn code(self) -> &'static str {
        match self {
            ImportMode::AllOrNothing => "all_or_nothing",
            ImportMode::GoodRows => "good_rows",
        }
    }
}

/// One rejected row: its spreadsheet row number (header = row 1), column and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RejectedRow {
    pub row: usize,
    /// The Chinese column header.
    pub column: String,
    pub reason: String,
}

/// What an import did (or, for a dry run or a refused file, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<RejectedRow>,
    /// Whether anything was written (false for a dry run or a refused all-or-nothing file).
    pub written: bool,
}

/// A worker as the company's roster shows it: ID and phone masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub id: i32,
    pub name: String,
    pub id_number_masked: String,
    pub phone_masked: String,
    pub sex: String,
    pub birth_date: String,
    pub occupations: Vec<String>,
    pub certificate_level: Option<String>,
    pub active: bool,
    pub consented: bool,
    /// Active and consented: the only workers employers may ever see.
    pub published: bool,
    /// Send it back when editing: a stale version is refused with 409.
    pub version: i32,
}

/// One page of the roster list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RosterPage {
    pub workers: Vec<RosterEntry>,
    /// Workers matching the filter, on all pages.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A roster filter as the query string carries it (the filter form, the API); every field is
/// optional and empty means "any". [`RosterQuery::to_filter`] checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct RosterQuery {
    /// Part of an occupation name, e.g. 烹调.
    pub occupation: Option<String>,
    /// 五级 … 一级 (or 5 … 1).
    pub level: Option<String>,
    /// `active`, `inactive`, `published` or `unpublished`.
    pub status: Option<String>,
    /// `-created` (default), `created`, `name` or `-name`.
    pub sort: Option<String>,
    /// 1-based page number.
    pub page: Option<String>,
    /// 1–200, default 50.
    pub per_page: Option<String>,
}

impl RosterQuery {
    /// # Errors
    /// A [`FieldError`](crate::domain::credentials::FieldError) naming the bad parameter.
    pub fn to_filter(
        &self,
    ) -> Result<crate::domain::roster::RosterFilter, crate::domain::credentials::FieldError> {
        crate::domain::roster::RosterFilter::parse(
            self.occupation.as_deref(),
            self.level.as_deref(),
            self.status.as_deref(),
            self.sort.as_deref(),
            self.page.as_deref(),
            self.per_page.as_deref(),
        )
    }
}
