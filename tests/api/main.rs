//! End-to-end tests of the running application over HTTP. One binary, one module per concern;
//! each test gets its own application, database and data directory, on SQLite and PostgreSQL.

// Test code: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod access;
mod audit;
mod auth;
mod brands;
mod cluster;
mod config;
mod contracts;
mod county;
mod database;
mod events;
mod follow_up;
mod hiring;
mod pages;
mod roster;
mod search;
mod search_process;
mod search_relevance;
mod security;
mod subsidy;
mod training;
mod worker_links;
mod worker_self;
mod workers;
