//! One module per route.

pub mod account;
pub mod admin_users;
pub mod brand_form;
pub mod brands;
pub mod certificates;
pub mod companies;
pub mod contracts;
pub mod employee_system;
pub mod employers;
pub mod export_bases;
pub mod hiring;
pub mod home;
pub mod inbox;
pub mod insurance;
pub mod login;
pub mod memberships;
pub mod not_found;
pub mod policy_parameters;
pub mod register;
pub mod roster;
pub mod search;
pub mod shortlists;
pub mod subsidies;
pub mod vacancies;
pub mod worker;
