//! The web UI: the HTML shell, the route table, navigation and pages.

pub mod auth;
pub mod nav;
pub mod pages;
pub mod shell;
