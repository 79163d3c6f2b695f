//! The `laowu` server: configuration, database, sessions, services, HTTP, CLI.
//!
//! `main.rs` only parses the command line and calls into here; tests build the same
//! [`startup::Application`] on port 0.

// mimalloc rather than glibc's malloc, for Rust and (with the `override` feature) for SQLite's
// C code too: indexing allocates on one thread and frees on another, SQLite's values are made
// on its worker thread and freed on ours, and glibc's arenas spent over a quarter of a
// million-worker rebuild in malloc, free and consolidation. Set here, so the laowu binary, the
// tests and the benchmarks all run on the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
pub mod seed_county;
pub mod seed_events;
pub mod seed_follow_up;
pub mod seed_search;
pub mod seed_training;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
