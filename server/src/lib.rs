//! The `laowu` server: configuration, database, sessions, services, HTTP, CLI.
//!
//! `main.rs` only parses the command line and calls into here; tests build the same
//! [`startup::Application`] on port 0.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod http;
pub mod search;
pub mod secrets;
pub mod seed;
pub mod seed_search;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
