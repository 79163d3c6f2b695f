//! Domain rules in plain Rust: no HTTP, no SQL, no clock. Compiled for the server and the browser.

pub mod access;
pub mod brand;
pub mod calendar;
pub mod company;
pub mod contract;
pub mod county_view;
pub mod credentials;
pub mod credit_code;
pub mod dashboard;
pub mod event;
pub mod follow_up;
pub mod hiring;
pub mod household;
pub mod id_number;
pub mod insurance;
pub mod local_job;
pub mod money;
pub mod phone;
pub mod policy;
pub mod role;
pub mod roster;
pub mod search;
pub mod session_policy;
pub mod subsidy;
pub mod training;
pub mod training_subsidy;
