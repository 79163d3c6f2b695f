//! Domain rules in plain Rust: no HTTP, no SQL, no clock. Compiled for the server and the browser.

pub mod access;
pub mod credentials;
pub mod role;
pub mod session_policy;
