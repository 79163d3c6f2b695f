//! Table mappings. Plain sea-orm entities that mirror `migrations/`; behaviour lives in
//! `services/` and `auth/`, never here.

pub mod app_user;
pub mod audit_log;
pub mod brand;
pub mod brand_membership;
pub mod company;
pub mod contract;
pub mod contract_signature;
pub mod contract_template;
pub mod contribution_base;
pub mod county;
pub mod employee_system_enrolment;
pub mod employer;
pub mod export_base;
pub mod export_base_company;
pub mod hire_event;
pub mod hire_line;
pub mod hire_request;
pub mod import_job;
pub mod inbox_message;
pub mod insurance_contribution;
pub mod insurance_enrolment;
pub mod placement;
pub mod policy_version;
pub mod region;
pub mod saved_search;
pub mod search_change;
pub mod session;
pub mod shortlist;
pub mod shortlist_entry;
pub mod subsidy_claim;
pub mod unmet_search;
pub mod vacancy;
pub mod worker;
pub mod worker_certificate;
