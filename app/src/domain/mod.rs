//! Domain rules in plain Rust: no HTTP, no SQL, no clock. Compiled for the server and the browser.

pub mod access;
pub mod brand;
pub mod calendar;
pub mod company;
pub mod contract;
pub mod credentials;
pub mod credit_code;
pub mod hiring;
pub mod id_number;
pub mod insurance;
pub mod money;
pub mod phone;
pub mod policy;
pub mod role;
pub mod roster;
pub mod search;
pub mod session_policy;
pub mod subsidy;
