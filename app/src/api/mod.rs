//! Server functions: the public endpoints behind the UI. Each one declares its [`Access`] rule,
//! checks it first, and hands the work to a service the server injected (see [`context`]).
//!
//! [`Access`]: crate::domain::access::Access

pub mod accounts;
pub mod audit;
pub mod brands;
#[cfg(feature = "ssr")]
pub mod context;
pub mod contracts;
#[cfg(feature = "ssr")]
pub mod county_context;
pub mod dashboard;
pub mod error;
pub mod events;
pub mod follow_up;
pub mod hiring;
pub mod households;
pub mod local_jobs;
pub mod roster;
pub mod search;
pub mod subsidy;
pub mod training;
pub mod types;
pub mod worker_links;

pub use error::{AppError, ErrorCode};

use crate::domain::access::Access;
use crate::domain::role::Role;

/// Where server functions are mounted. Stable names: tests and the docs refer to them.
pub const SERVER_FN_PREFIX: &str = "/sfn";

/// Every server function's endpoint name and who may call it: the one place access to server
/// functions is declared. Each function checks its entry first thing
/// ([`context::RequestContext::authorize`]); a function missing from this list refuses everyone,
/// and a test fails if a registered function is not listed.
pub const SERVER_FN_ACCESS: &[(&str, Access)] = &[
    ("login", Access::Public),
    ("logout", Access::Public),
    ("current_user", Access::Public),
    ("featured_brands", Access::Public),
    ("brands", Access::Public),
    ("counties", Access::Public),
    ("load_brand", Access::Public),
    ("register_company", Access::Public),
    ("save_brand", COUNTY_OFFICIALS),
    ("apply_membership", Access::Roles(&[Role::Company])),
    (
        "memberships",
        Access::Roles(&[Role::Company, Role::Promoter, Role::Admin]),
    ),
    ("decide_membership", COUNTY_OFFICIALS),
    ("certificates", COUNTY_OFFICIALS),
    ("check_certificate", COUNTY_OFFICIALS),
    ("companies", COUNTY_OFFICIALS),
    ("approve_company", COUNTY_OFFICIALS),
    ("export_bases", COUNTY_OFFICIALS),
    ("create_export_base", COUNTY_OFFICIALS),
    ("link_company", COUNTY_OFFICIALS),
    ("list_users", Access::ADMIN),
    ("roster", Access::Roles(&[Role::Company])),
    ("import_roster", Access::Roles(&[Role::Company])),
    ("import_job", Access::Roles(&[Role::Company])),
    ("import_progress", Access::Roles(&[Role::Company])),
    ("worker", Access::Roles(&[Role::Company])),
    ("save_worker", Access::Roles(&[Role::Company])),
    ("change_worker", Access::Roles(&[Role::Company])),
    ("reveal_worker", Access::Roles(&[Role::Company])),
    ("add_certificate", Access::Roles(&[Role::Company])),
    ("remove_certificate", Access::Roles(&[Role::Company])),
    ("search_workers", SEARCHERS),
    ("worker_profile", SEARCHERS),
    ("shortlists", SEARCHERS),
    ("create_shortlist", SEARCHERS),
    ("delete_shortlist", SEARCHERS),
    ("shortlist_worker", SEARCHERS),
    ("unshortlist_worker", SEARCHERS),
    ("saved_searches", SEARCHERS),
    ("save_search", SEARCHERS),
    ("delete_saved_search", SEARCHERS),
    ("visit_saved_search", SEARCHERS),
    ("unmet_demand", COUNTY_OFFICIALS),
    ("register_employer", Access::Public),
    (
        "employers",
        Access::Roles(&[Role::Employer, Role::Promoter, Role::Admin]),
    ),
    ("my_employer", EMPLOYERS),
    ("verify_employer", COUNTY_OFFICIALS),
    ("add_colleague", EMPLOYERS),
    ("vacancies", Access::SignedIn),
    ("vacancy", Access::SignedIn),
    ("vacancy_suggestions", SEARCHERS),
    ("save_vacancy", EMPLOYERS),
    ("change_vacancy_status", EMPLOYERS),
    ("send_hire_request", EMPLOYERS),
    ("propose_for_vacancy", Access::Roles(&[Role::Company])),
    ("hire_requests", Access::SignedIn),
    ("hire_request", Access::SignedIn),
    ("answer_hire_line", HIRING_PARTIES),
    ("withdraw_hire_request", HIRING_PARTIES),
    ("inbox", Access::SignedIn),
    ("mark_read", Access::SignedIn),
    ("contracts", Access::SignedIn),
    ("contract", Access::SignedIn),
    ("edit_contract", HIRING_PARTIES),
    ("sign_contract", HIRING_PARTIES),
    ("amend_contract", HIRING_PARTIES),
    ("terminate_contract", HIRING_PARTIES),
    ("placements", Access::SignedIn),
    ("end_placement", HIRING_PARTIES),
    ("placement_contact", EMPLOYERS),
    ("contract_templates", Access::ADMIN),
    ("save_contract_template", Access::ADMIN),
    ("employee_system_board", WELFARE_KEEPERS),
    (
        "employee_system_candidates",
        Access::Roles(&[Role::Company]),
    ),
    ("enrol_employee_system", Access::Roles(&[Role::Company])),
    ("end_employee_system", Access::Roles(&[Role::Company])),
    ("insurance_enrolments", WELFARE_KEEPERS),
    ("insurance_enrolment", WELFARE_KEEPERS),
    ("enrol_insurance", Access::Roles(&[Role::Company])),
    ("end_insurance", Access::Roles(&[Role::Company])),
    ("set_contribution_base", Access::Roles(&[Role::Company])),
    ("record_contribution", Access::Roles(&[Role::Company])),
    ("import_statement", Access::Roles(&[Role::Company])),
    ("policy_versions", Access::SignedIn),
    ("create_policy_version", COUNTY_OFFICIALS),
    ("subsidy_claims", Access::SignedIn),
    ("subsidy_claim", Access::SignedIn),
    ("attach_claim_evidence", HIRING_PARTIES),
    ("submit_claim", HIRING_PARTIES),
    ("approve_claim", COUNTY_OFFICIALS),
    ("reject_claim", COUNTY_OFFICIALS),
    ("pay_claim", COUNTY_OFFICIALS),
    ("claim_totals", COUNTY_OFFICIALS),
    ("recompute_claims", COUNTY_OFFICIALS),
    ("households", COUNTY_OFFICIALS),
    ("household", COUNTY_OFFICIALS),
    ("save_household", COUNTY_OFFICIALS),
    ("import_households", COUNTY_OFFICIALS),
    ("household_import", COUNTY_OFFICIALS),
    ("household_import_progress", COUNTY_OFFICIALS),
    ("county_workers", COUNTY_OFFICIALS),
    ("local_jobs", LOCAL_JOB_KEEPERS),
    ("local_job_worker", LOCAL_JOB_KEEPERS),
    ("record_local_job", LOCAL_JOB_KEEPERS),
    ("end_local_job", LOCAL_JOB_KEEPERS),
    ("dashboard", COUNTY_OFFICIALS),
    ("county_targets", COUNTY_OFFICIALS),
    ("save_targets", COUNTY_OFFICIALS),
    ("training_programmes", Access::Public),
    ("training_programme", Access::Public),
    ("save_training_programme", TRAINING_KEEPERS),
    ("cancel_training_programme", TRAINING_KEEPERS),
    ("enrol_in_training", TRAINING_KEEPERS),
    ("record_training_result", TRAINING_KEEPERS),
    ("worker_trainings", TRAINING_KEEPERS),
    ("unmet_demand_groups", COUNTY_OFFICIALS),
    ("draft_programme_from_demand", COUNTY_OFFICIALS),
    ("stations", Access::Public),
    ("station", Access::Public),
    ("save_station", TRAINING_KEEPERS),
    ("set_station_active", TRAINING_KEEPERS),
    ("follow_up_cases", Access::SignedIn),
    ("follow_up_case", Access::SignedIn),
    ("open_case", TRAINING_KEEPERS),
    ("add_case_note", TRAINING_KEEPERS),
    ("resolve_case", TRAINING_KEEPERS),
    ("events", Access::Public),
    ("event", Access::Public),
    ("save_event", COUNTY_OFFICIALS),
    ("join_event", EVENT_EMPLOYERS),
    ("register_event_workers", TRAINING_KEEPERS),
    ("withdraw_event_worker", TRAINING_KEEPERS),
    ("record_event_result", COUNTY_OFFICIALS),
    ("worker_awards", Access::Public),
    ("brand_awards", Access::Public),
    ("activity_figures", COUNTY_OFFICIALS),
    ("audit_log", COUNTY_OFFICIALS),
    ("worker_disclosures", TRAINING_KEEPERS),
    ("issue_worker_link", Access::Roles(&[Role::Company])),
    ("revoke_worker_link", Access::Roles(&[Role::Company])),
    ("worker_badge", Access::Public),
    ("worker_self", Access::Public),
    ("worker_self_consent", Access::Public),
    ("worker_confirm_contract", Access::Public),
];

/// Who puts employers at a fair: the employers themselves and the organisers.
pub const EVENT_EMPLOYERS: Access = Access::Roles(&[Role::Employer, Role::Promoter, Role::Admin]);

/// Who runs training: brand companies (their brand's programmes, their workers' enrolments),
/// promoters (their county) and admins.
pub const TRAINING_KEEPERS: Access = Access::Roles(&[Role::Company, Role::Promoter, Role::Admin]);

/// Who records local jobs (就地就近就业): the worker's labour company, the county's
/// promoters and admins.
pub const LOCAL_JOB_KEEPERS: Access = Access::Roles(&[Role::Company, Role::Promoter, Role::Admin]);

/// Who keeps or oversees 员工制 and insurance records: labour companies (their workers),
/// promoters (their county) and admins.
pub const WELFARE_KEEPERS: Access = Access::Roles(&[Role::Company, Role::Promoter, Role::Admin]);

/// Employer users, acting for their employer.
pub const EMPLOYERS: Access = Access::Roles(&[Role::Employer]);

/// The two sides of a hire: the employer and the worker's labour company.
pub const HIRING_PARTIES: Access = Access::Roles(&[Role::Employer, Role::Company]);

/// Promoters (acting on their county) and admins (on the whole city).
pub const COUNTY_OFFICIALS: Access = Access::Roles(&[Role::Promoter, Role::Admin]);

/// Who may search workers: employers, and promoters and admins (to see what employers see).
pub const SEARCHERS: Access = Access::Roles(&[Role::Employer, Role::Promoter, Role::Admin]);

/// Server functions that take `multipart/form-data` (file uploads).
pub const MULTIPART_SERVER_FNS: &[&str] =
    &["import_roster", "import_statement", "import_households"];

/// The declared access rule of a server function, if it has one.
pub fn server_fn_access(endpoint: &str) -> Option<Access> {
    SERVER_FN_ACCESS
        .iter()
        .find(|(name, _)| *name == endpoint)
        .map(|(_, access)| *access)
}
