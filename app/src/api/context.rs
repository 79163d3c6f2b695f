//! Server-only glue between server functions and the services the `server` crate implements.
//!
//! The server resolves the session cookie once per request (middleware) and stores a
//! [`RequestIdentity`] in the request's extensions; it also provides [`Services`] as Leptos
//! context. Server functions read both through [`RequestContext::current`], which returns an
//! error instead of panicking when either is missing.

use super::error::{AppError, ErrorCode};
use super::server_fn_access;
use super::types::{
    BoardQuery, ClaimDecision, ClaimEvidence, ClaimFilter, ClaimTotal, ClaimView,
    EmployeeSystemCandidate, EmployeeSystemRow, EmployeeSystemView, InsuranceEnrolmentView,
    PolicyVersionView, RecomputeReport,
};
use super::types::{
    BrandCard, BrandProfile, BrandSummary, CertificateReview, CompanyView, County, ExportBaseView,
    ImportMode, ImportProgress, ImportReport, MembershipView, RevealedContact, RosterPage,
    SavedSearchView, SearchHit, SearchResults, ShortlistView, UnmetSearchView, UserSummary,
    WorkerChange, WorkerDetail, WorkerInput,
};
use super::types::{
    ContractEdit, ContractSigning, ContractTemplateView, ContractTermination, ContractView,
    PlacementEnd, PlacementView, WorkerContact,
};
use super::types::{
    EmployerView, HireLineAnswer, HireRequestView, InboxView, NewColleague, NewHireRequest,
    VacancyFilter, VacancyProposal, VacancyStatusChange, VacancyView,
};
use crate::domain::access::{Access, SessionUser};
use crate::domain::brand::{
    BrandForm, CertificateFinding, CertificateStatus, MembershipDecision, MembershipStatus,
};
use crate::domain::company::CompanyRegistration;
use crate::domain::contract::{ContractClauses, ContractKind};
use crate::domain::credentials::LoginAttempt;
use crate::domain::hiring::{EmployerRegistration, VacancyForm};
use crate::domain::insurance::{
    ContributionBaseForm, ContributionForm, EmployeeSystemForm, EnrolmentEnd,
    InsuranceEnrolmentForm,
};
use crate::domain::policy::PolicyVersionForm;
use crate::domain::roster::CertificateForm;
use crate::domain::roster::RosterFilter;
use crate::domain::search::SearchParams;
use crate::domain::subsidy::ClaimStep;
use async_trait::async_trait;
use http::header::{HeaderValue, SET_COOKIE};
use http::request::Parts;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::net::IpAddr;
use std::sync::Arc;

/// Who is calling, resolved by the server's session middleware.
#[derive(Debug, Clone)]
pub struct RequestIdentity {
    pub user: Option<SessionUser>,
    /// The stored (hashed) id of the caller's session, if the cookie named a live one.
    pub session_id: Option<String>,
    pub client_ip: IpAddr,
}

/// A successful login: the user and the new session's cookie token (only ever sent as a cookie).
pub struct LoginSuccess {
    pub user: SessionUser,
    pub session_token: String,
}

/// Accounts and sessions. Implemented by the server over the database.
#[async_trait]
pub trait AccountDesk: Send + Sync {
    /// Verifies the attempt (rate-limited, same answer for unknown users and wrong passwords),
    /// ends `previous_session` if any, and opens a new session.
    async fn login(
        &self,
        attempt: LoginAttempt,
        previous_session: Option<String>,
        client_ip: IpAddr,
    ) -> Result<LoginSuccess, AppError>;

    /// Ends the caller's session, if there is one.
    async fn logout(&self, identity: &RequestIdentity) -> Result<(), AppError>;

    /// Every account, for admins.
    async fn list_users(&self, actor: &SessionUser) -> Result<Vec<UserSummary>, AppError>;

    /// Records a refused call in the audit log.
    async fn record_denial(&self, identity: &RequestIdentity, endpoint: &str);
}

/// Brands, memberships (加盟), certificate checks, export bases and company registration.
/// Every method that changes something takes the caller, checks the caller's scope (a
/// promoter acts only on their county) and writes an audit entry in the same transaction.
#[async_trait]
pub trait BrandDesk: Send + Sync {
    async fn featured_brands(&self) -> Result<Vec<BrandCard>, AppError>;

    /// Linfen's counties, for forms.
    async fn counties(&self) -> Result<Vec<County>, AppError>;

    /// The public catalogue with counts.
    async fn brands(&self) -> Result<Vec<BrandSummary>, AppError>;

    /// A brand's public page; `NotFound` for an unknown slug.
    async fn brand_profile(&self, slug: &str) -> Result<BrandProfile, AppError>;

    /// Promoters (own county) and admins (any, or city-wide).
    async fn create_brand(
        &self,
        caller: &RequestIdentity,
        form: &BrandForm,
    ) -> Result<BrandProfile, AppError>;

    /// Replaces the brand's fields if nobody changed it since `version`.
    async fn edit_brand(
        &self,
        caller: &RequestIdentity,
        slug: &str,
        form: &BrandForm,
        version: i32,
    ) -> Result<BrandProfile, AppError>;

    /// A company user applies for their company to join the brand.
    async fn apply_for_membership(
        &self,
        caller: &RequestIdentity,
        slug: &str,
    ) -> Result<MembershipView, AppError>;

    /// Memberships the caller may see: a company its own; a promoter those of their county's
    /// brands; an admin all. Optionally only one status.
    async fn memberships(
        &self,
        caller: &RequestIdentity,
        status: Option<MembershipStatus>,
    ) -> Result<Vec<MembershipView>, AppError>;

    async fn decide_membership(
        &self,
        caller: &RequestIdentity,
        membership_id: i32,
        decision: MembershipDecision,
        reason: Option<String>,
    ) -> Result<MembershipView, AppError>;

    /// Certificates of workers on the rosters of the caller's county's companies.
    async fn certificates(
        &self,
        caller: &RequestIdentity,
        status: Option<CertificateStatus>,
    ) -> Result<Vec<CertificateReview>, AppError>;

    /// A finding on the worker's ledger certificate (`certificate_id` None) or on one of
    /// their further certificates.
    async fn check_certificate(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
        certificate_id: Option<i32>,
        seen_version: Option<i32>,
        finding: CertificateFinding,
    ) -> Result<CertificateReview, AppError>;

    /// Companies of the caller's county (all, for admins).
    async fn companies(&self, caller: &RequestIdentity) -> Result<Vec<CompanyView>, AppError>;

    async fn export_bases(&self, caller: &RequestIdentity)
    -> Result<Vec<ExportBaseView>, AppError>;

    async fn create_export_base(
        &self,
        caller: &RequestIdentity,
        county_code: &str,
        name: &str,
        description: &str,
    ) -> Result<ExportBaseView, AppError>;

    /// Ties a company of the base's county to the base (`linked`), or unties it.
    async fn link_company(
        &self,
        caller: &RequestIdentity,
        base_id: i32,
        company_id: i32,
        linked: bool,
    ) -> Result<ExportBaseView, AppError>;

    /// Approves a self-registered company of the caller's county, so it may keep a roster.
    async fn approve_company(
        &self,
        caller: &RequestIdentity,
        company_id: i32,
    ) -> Result<CompanyView, AppError>;

    /// Registers a company and its first account (public, rate-limited per address).
    async fn register_company(
        &self,
        caller: &RequestIdentity,
        registration: &CompanyRegistration,
    ) -> Result<CompanyView, AppError>;
}

/// An upload being written to a temporary file on the server, so a large ledger is never
/// held in memory.
pub trait UploadSpool: Send {
    /// Appends a chunk of the upload.
    ///
    /// # Errors
    /// `Internal` when the disk write fails.
    fn write(&mut self, chunk: &[u8]) -> Result<(), AppError>;

    /// Bytes written so far.
    fn len(&self) -> u64;

    /// Whether nothing was written.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Closes the file for reading.
    ///
    /// # Errors
    /// `Internal` when the final write fails.
    fn finish(self: Box<Self>) -> Result<SpooledUpload, AppError>;
}

/// A finished upload on disk; the file is removed when this is dropped.
pub struct SpooledUpload {
    pub path: std::path::PathBuf,
    /// Whatever removes the file when dropped.
    pub guard: Box<dyn std::any::Any + Send + Sync>,
}

/// The company's roster. Implemented by the server over the database and the PII vault.
#[async_trait]
pub trait RosterDesk: Send + Sync {
    /// A new temporary file for an upload.
    fn spool_upload(&self) -> Result<Box<dyn UploadSpool>, AppError>;

    /// The company's import in progress, on whichever node it runs.
    async fn import_progress(&self, company_id: i32) -> Option<ImportProgress>;

    /// One page of the company's workers, ID and phone masked.
    async fn roster(&self, company_id: i32, filter: &RosterFilter) -> Result<RosterPage, AppError>;

    /// Checks and (unless refused or a dry run) imports a ledger file; returns the import
    /// job's id and its report.
    async fn import_ledger(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        file: SpooledUpload,
        file_name: Option<String>,
        mode: ImportMode,
        dry_run: bool,
    ) -> Result<(i32, ImportReport), AppError>;

    /// An earlier import's report; another company's job is not found.
    async fn import_job(&self, company_id: i32, job_id: i32) -> Result<ImportReport, AppError>;

    /// One of the company's workers, masked; another company's is not found.
    async fn worker(&self, company_id: i32, worker_id: i32) -> Result<WorkerDetail, AppError>;

    /// Adds a worker (`worker_id` None) or replaces one's fields (with `input.version`). When
    /// editing, an empty ID or phone number keeps the stored one.
    async fn save_worker(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: Option<i32>,
        input: WorkerInput,
    ) -> Result<WorkerDetail, AppError>;

    /// Consent given or withdrawn, deactivated or reactivated; audited.
    async fn change_worker(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: i32,
        change: WorkerChange,
    ) -> Result<WorkerDetail, AppError>;

    /// Adds a further certificate (unverified until a promoter checks it); audited.
    async fn add_certificate(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: i32,
        form: CertificateForm,
    ) -> Result<WorkerDetail, AppError>;

    /// Removes one of the worker's further certificates; audited.
    async fn remove_certificate(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: i32,
        certificate_id: i32,
    ) -> Result<WorkerDetail, AppError>;

    /// The worker's full ID and phone number, for a stated purpose: audited, and capped per
    /// user per day (`RateLimited` beyond).
    async fn reveal(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: i32,
        purpose: &str,
    ) -> Result<RevealedContact, AppError>;
}

/// Employer search, shortlists, saved searches and unmet demand.
#[async_trait]
pub trait SearchDesk: Send + Sync {
    /// Searches published workers.
    async fn search(
        &self,
        caller: &RequestIdentity,
        params: &SearchParams,
    ) -> Result<SearchResults, AppError>;

    /// One published worker as employers see them.
    async fn profile(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<SearchHit, AppError>;

    async fn shortlists(&self, caller: &RequestIdentity) -> Result<Vec<ShortlistView>, AppError>;

    async fn create_shortlist(
        &self,
        caller: &RequestIdentity,
        name: &str,
    ) -> Result<ShortlistView, AppError>;

    async fn delete_shortlist(&self, caller: &RequestIdentity, id: i32) -> Result<(), AppError>;

    /// Adds a worker to a shortlist (adding twice is fine).
    async fn shortlist_worker(
        &self,
        caller: &RequestIdentity,
        shortlist_id: i32,
        worker_id: i32,
    ) -> Result<ShortlistView, AppError>;

    async fn unshortlist_worker(
        &self,
        caller: &RequestIdentity,
        shortlist_id: i32,
        worker_id: i32,
    ) -> Result<ShortlistView, AppError>;

    async fn saved_searches(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<SavedSearchView>, AppError>;

    async fn save_search(
        &self,
        caller: &RequestIdentity,
        name: &str,
        query_string: &str,
    ) -> Result<SavedSearchView, AppError>;

    /// Marks a saved search as looked at now and hands back its query string.
    async fn visit_saved_search(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<String, AppError>;

    async fn delete_saved_search(&self, caller: &RequestIdentity, id: i32) -> Result<(), AppError>;

    /// Searches that found nobody: the promoter's county's (and those naming no county).
    async fn unmet_demand(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<UnmetSearchView>, AppError>;
}

/// How the session cookie is written; depends on whether the site is served over https.
#[derive(Debug, Clone, Copy)]
pub struct SessionCookie {
    pub secure: bool,
    pub max_age_seconds: i64,
}

impl SessionCookie {
    /// `__Host-` binds the cookie to this exact host and path, but browsers accept it only
    /// with `Secure`, so plain-http development uses the bare name.
    pub fn name(&self) -> &'static str {
        if self.secure {
            "__Host-laowu_session"
        } else {
            "laowu_session"
        }
    }

    fn attributes(&self) -> &'static str {
        if self.secure {
            "; Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "; Path=/; HttpOnly; SameSite=Lax"
        }
    }

    pub fn set(&self, token: &str) -> String {
        format!(
            "{}={token}; Max-Age={}{}",
            self.name(),
            self.max_age_seconds,
            self.attributes()
        )
    }

    pub fn clear(&self) -> String {
        format!("{}=; Max-Age=0{}", self.name(), self.attributes())
    }
}

/// Hiring: employers and their verification, vacancies, hire requests with one line per
/// worker, and the inbox. Every change checks the caller's organisation, goes through
/// `domain::hiring`, is audited and notifies the other side, in one transaction.
#[async_trait]
pub trait HiringDesk: Send + Sync {
    /// Registers an employer with its first account; it waits for verification.
    async fn register_employer(
        &self,
        caller: &RequestIdentity,
        registration: &EmployerRegistration,
    ) -> Result<EmployerView, AppError>;

    /// Officials: every employer (unverified first). Employers: their own.
    async fn employers(&self, caller: &RequestIdentity) -> Result<Vec<EmployerView>, AppError>;

    /// The caller's own employer.
    async fn my_employer(&self, caller: &RequestIdentity) -> Result<EmployerView, AppError>;

    /// A promoter or admin verifies an employer.
    async fn verify_employer(
        &self,
        caller: &RequestIdentity,
        employer_id: i32,
    ) -> Result<EmployerView, AppError>;

    /// An employer user adds a colleague's account to their own employer.
    async fn add_colleague(
        &self,
        caller: &RequestIdentity,
        colleague: &NewColleague,
    ) -> Result<EmployerView, AppError>;

    /// Employers: their own vacancies; companies: open ones (filtered); officials: all.
    async fn vacancies(
        &self,
        caller: &RequestIdentity,
        filter: &VacancyFilter,
    ) -> Result<Vec<VacancyView>, AppError>;

    async fn vacancy(&self, caller: &RequestIdentity, id: i32) -> Result<VacancyView, AppError>;

    /// Publishes (`id` None) or edits a vacancy (`version` required when editing).
    async fn save_vacancy(
        &self,
        caller: &RequestIdentity,
        id: Option<i32>,
        version: Option<i32>,
        form: &VacancyForm,
    ) -> Result<VacancyView, AppError>;

    /// Workers the search engine suggests for a vacancy (its occupation and region).
    async fn vacancy_suggestions(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<SearchResults, AppError>;

    /// Closes, marks filled or reopens a vacancy.
    async fn change_vacancy_status(
        &self,
        caller: &RequestIdentity,
        id: i32,
        change: &VacancyStatusChange,
    ) -> Result<VacancyView, AppError>;

    /// Sends hire requests: one per company of the named workers.
    async fn send_hire_request(
        &self,
        caller: &RequestIdentity,
        request: &NewHireRequest,
    ) -> Result<Vec<HireRequestView>, AppError>;

    /// A company proposes its workers for an open vacancy.
    async fn propose_for_vacancy(
        &self,
        caller: &RequestIdentity,
        vacancy_id: i32,
        proposal: &VacancyProposal,
    ) -> Result<HireRequestView, AppError>;

    /// The requests the caller's organisation sent or received (officials: their county's).
    async fn hire_requests(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<HireRequestView>, AppError>;

    async fn hire_request(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<HireRequestView, AppError>;

    /// Answers (or withdraws) one worker's line.
    async fn answer_hire_line(
        &self,
        caller: &RequestIdentity,
        line_id: i32,
        answer: &HireLineAnswer,
    ) -> Result<HireRequestView, AppError>;

    /// Withdraws every open line of a request the caller's side started.
    async fn withdraw_hire_request(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<HireRequestView, AppError>;

    async fn inbox(&self, caller: &RequestIdentity) -> Result<InboxView, AppError>;

    /// Marks one message (or, with None, all) as read.
    async fn mark_read(
        &self,
        caller: &RequestIdentity,
        id: Option<i64>,
    ) -> Result<InboxView, AppError>;
}

/// Labour contracts (drafted when a hire line is accepted), their signatures, amendments and
/// terminations, the PDF, placements, and the admins' clause templates.
#[async_trait]
pub trait ContractDesk: Send + Sync {
    /// The caller's organisation's contracts (current versions), newest first; officials:
    /// their county's companies' (admins: all).
    async fn contracts(&self, caller: &RequestIdentity) -> Result<Vec<ContractView>, AppError>;

    async fn contract(&self, caller: &RequestIdentity, id: i32) -> Result<ContractView, AppError>;

    /// Every version of the contract `id` belongs to, oldest first.
    async fn contract_versions(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<Vec<ContractView>, AppError>;

    /// Edits an unsigned version; signatures given so far are voided.
    async fn edit_contract(
        &self,
        caller: &RequestIdentity,
        id: i32,
        edit: &ContractEdit,
    ) -> Result<ContractView, AppError>;

    /// Signs as the caller's side; when every party has signed the version is immutable and,
    /// for a first version, the placement starts.
    async fn sign_contract(
        &self,
        caller: &RequestIdentity,
        id: i32,
        signing: &ContractSigning,
    ) -> Result<ContractView, AppError>;

    /// Drafts an amendment (a new version) of a signed contract.
    async fn amend_contract(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<ContractView, AppError>;

    async fn terminate_contract(
        &self,
        caller: &RequestIdentity,
        id: i32,
        termination: &ContractTermination,
    ) -> Result<ContractView, AppError>;

    /// The version as a PDF (embedded CJK font).
    async fn contract_pdf(&self, caller: &RequestIdentity, id: i32) -> Result<Vec<u8>, AppError>;

    async fn placements(&self, caller: &RequestIdentity) -> Result<Vec<PlacementView>, AppError>;

    async fn end_placement(
        &self,
        caller: &RequestIdentity,
        id: i32,
        end: &PlacementEnd,
    ) -> Result<PlacementView, AppError>;

    /// The placed worker's full name and phone for their employer; audited.
    async fn placement_contact(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<WorkerContact, AppError>;

    async fn contract_templates(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<ContractTemplateView>, AppError>;

    async fn save_contract_template(
        &self,
        caller: &RequestIdentity,
        kind: ContractKind,
        clauses: &ContractClauses,
    ) -> Result<ContractTemplateView, AppError>;
}

/// 员工制 enrolment, flexible-employment social insurance, the policy-parameter versions and
/// the subsidy claims computed from them. Companies act on their own workers, promoters on
/// their county, admins on the city; employers see only their own claims.
#[async_trait]
pub trait SubsidyDesk: Send + Sync {
    /// The 员工制 board: the company's enrolments (officials: their county's / all).
    async fn employee_system_board(
        &self,
        caller: &RequestIdentity,
        query: &BoardQuery,
    ) -> Result<Vec<EmployeeSystemRow>, AppError>;

    /// The board as an .xlsx workbook, in the same order.
    async fn employee_system_xlsx(
        &self,
        caller: &RequestIdentity,
        query: &BoardQuery,
    ) -> Result<Vec<u8>, AppError>;

    /// The company's signed 员工制 contracts whose worker is not enrolled yet.
    async fn employee_system_candidates(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<EmployeeSystemCandidate>, AppError>;

    async fn enrol_employee_system(
        &self,
        caller: &RequestIdentity,
        form: &EmployeeSystemForm,
    ) -> Result<EmployeeSystemView, AppError>;

    async fn end_employee_system(
        &self,
        caller: &RequestIdentity,
        id: i32,
        end: &EnrolmentEnd,
    ) -> Result<EmployeeSystemView, AppError>;

    /// Insurance enrolments with bases, contributions and arrears: the company's workers'
    /// (officials: their county's / all), optionally one worker's.
    async fn insurance_enrolments(
        &self,
        caller: &RequestIdentity,
        worker_id: Option<i32>,
    ) -> Result<Vec<InsuranceEnrolmentView>, AppError>;

    async fn insurance_enrolment(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<InsuranceEnrolmentView, AppError>;

    /// Enrols the worker in each scheme chosen, at their home county, with the start year's
    /// base (checked against the floor and ceiling).
    async fn enrol_insurance(
        &self,
        caller: &RequestIdentity,
        form: &InsuranceEnrolmentForm,
    ) -> Result<Vec<InsuranceEnrolmentView>, AppError>;

    /// Ends an enrolment: the month of `ended_on` is the last due.
    async fn end_insurance(
        &self,
        caller: &RequestIdentity,
        id: i32,
        end: &EnrolmentEnd,
    ) -> Result<InsuranceEnrolmentView, AppError>;

    /// Sets (or changes) the base for a year.
    async fn set_contribution_base(
        &self,
        caller: &RequestIdentity,
        enrolment_id: i32,
        form: &ContributionBaseForm,
    ) -> Result<InsuranceEnrolmentView, AppError>;

    /// Records (or corrects) one month; claims follow.
    async fn record_contribution(
        &self,
        caller: &RequestIdentity,
        enrolment_id: i32,
        form: &ContributionForm,
    ) -> Result<InsuranceEnrolmentView, AppError>;

    /// Imports an insurance agency statement (.xlsx/.csv): rows matched by ID number and
    /// scheme, one report line per bad row; importing again changes nothing.
    async fn import_statement(
        &self,
        caller: &RequestIdentity,
        file_name: Option<String>,
        bytes: Vec<u8>,
        mode: ImportMode,
    ) -> Result<ImportReport, AppError>;

    /// Every version, newest first (officials may add; everyone signed in may read).
    async fn policy_versions(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<PolicyVersionView>, AppError>;

    /// Adds a version: promoters for their county, admins for any county or city-wide.
    /// Claims already computed keep the version they were computed with.
    async fn create_policy_version(
        &self,
        caller: &RequestIdentity,
        form: &PolicyVersionForm,
    ) -> Result<PolicyVersionView, AppError>;

    async fn claims(
        &self,
        caller: &RequestIdentity,
        filter: &ClaimFilter,
    ) -> Result<Vec<ClaimView>, AppError>;

    async fn claim(&self, caller: &RequestIdentity, id: i32) -> Result<ClaimView, AppError>;

    /// The claimant's evidence (and a transport claim's travel cost, which sets its amount).
    async fn attach_evidence(
        &self,
        caller: &RequestIdentity,
        id: i32,
        evidence: &ClaimEvidence,
    ) -> Result<ClaimView, AppError>;

    async fn step_claim(
        &self,
        caller: &RequestIdentity,
        id: i32,
        step: ClaimStep,
        decision: &ClaimDecision,
    ) -> Result<ClaimView, AppError>;

    /// Totals by county, kind and year of the claims the caller may see.
    async fn claim_totals(
        &self,
        caller: &RequestIdentity,
        filter: &ClaimFilter,
    ) -> Result<Vec<ClaimTotal>, AppError>;

    /// The claims and their totals as an .xlsx workbook for the finance office.
    async fn claims_xlsx(
        &self,
        caller: &RequestIdentity,
        filter: &ClaimFilter,
    ) -> Result<Vec<u8>, AppError>;

    /// Computes every claim whose facts exist and which is missing (e.g. after a county set
    /// an amount); idempotent.
    async fn recompute_claims(&self, caller: &RequestIdentity)
    -> Result<RecomputeReport, AppError>;
}

/// Everything the server injects for server functions.
#[derive(Clone)]
pub struct Services {
    pub accounts: Arc<dyn AccountDesk>,
    pub brands: Arc<dyn BrandDesk>,
    pub roster: Arc<dyn RosterDesk>,
    pub search: Arc<dyn SearchDesk>,
    pub hiring: Arc<dyn HiringDesk>,
    pub contracts: Arc<dyn ContractDesk>,
    pub subsidies: Arc<dyn SubsidyDesk>,
    pub households: Arc<dyn super::county_context::HouseholdDesk>,
    pub local_jobs: Arc<dyn super::county_context::LocalJobDesk>,
    pub dashboard: Arc<dyn super::county_context::DashboardDesk>,
    pub training: Arc<dyn super::training::TrainingDesk>,
    pub follow_up: Arc<dyn super::follow_up::FollowUpDesk>,
    pub events: Arc<dyn super::events::EventsDesk>,
    pub audit: Arc<dyn super::audit::AuditDesk>,
    pub worker_links: Arc<dyn super::worker_links::WorkerLinkDesk>,
    pub session_cookie: SessionCookie,
}

/// The current request as a server function sees it.
pub struct RequestContext {
    pub services: Services,
    pub identity: RequestIdentity,
    parts: Parts,
    response: Option<ResponseOptions>,
}

impl RequestContext {
    /// # Errors
    /// `Internal` when the server did not provide the services or the identity (a wiring bug).
    pub fn current() -> Result<Self, AppError> {
        let services = use_context::<Services>().ok_or_else(AppError::internal)?;
        let parts = use_context::<Parts>().ok_or_else(AppError::internal)?;
        let identity = parts
            .extensions
            .get::<RequestIdentity>()
            .cloned()
            .ok_or_else(AppError::internal)?;
        Ok(Self {
            services,
            identity,
            parts,
            response: use_context::<ResponseOptions>(),
        })
    }

    /// Checks the access rule declared for `endpoint` in [`SERVER_FN_ACCESS`]; a refusal is
    /// audited and sets 401/403. An endpoint without a declaration refuses everyone.
    ///
    /// [`SERVER_FN_ACCESS`]: super::SERVER_FN_ACCESS
    ///
    /// # Errors
    /// `Unauthenticated` or `Forbidden`.
    pub async fn authorize(&self, endpoint: &str) -> Result<(), AppError> {
        // Fail closed: an undeclared endpoint admits no role at all.
        let access = server_fn_access(endpoint).unwrap_or(Access::Roles(&[]));
        if let Err(denied) = access.check(self.identity.user.as_ref()) {
            self.services
                .accounts
                .record_denial(&self.identity, endpoint)
                .await;
            return Err(self.fail(denied.into()));
        }
        Ok(())
    }

    /// The signed-in user, or `Unauthenticated`.
    ///
    /// # Errors
    /// `Unauthenticated` when nobody is signed in.
    pub fn user(&self) -> Result<&SessionUser, AppError> {
        self.identity
            .user
            .as_ref()
            .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))
    }

    /// The company a company user acts for.
    ///
    /// # Errors
    /// `Unauthenticated` when nobody is signed in, `Forbidden` for other roles.
    pub fn company_id(&self) -> Result<i32, AppError> {
        match self.user()?.scope {
            crate::domain::role::Scope::Company { id } => Ok(id),
            _ => Err(self.fail(AppError::new(ErrorCode::Forbidden))),
        }
    }

    /// The scheme and host the caller reached us at, for addresses printed outside the browser
    /// (QR codes): the `Host` header, `X-Forwarded-Proto` behind a proxy, else http.
    pub fn origin(&self) -> String {
        origin_of(&self.parts.headers)
    }

    /// A plain HTML form post (no JavaScript yet): answers must be redirects, not data.
    pub fn is_plain_form_post(&self) -> bool {
        self.parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    }

    /// Finishes a form's server function: sets the error status, and for a plain HTML form
    /// post (no JavaScript yet) redirects to `back` with `?done=1`, or with `?error=<message>`
    /// and `&field=<field>` so the page can show what went wrong next to the field.
    pub fn answer_form<T>(&self, result: Result<T, AppError>, back: &str) -> Result<T, AppError> {
        let result = result.map_err(|e| self.fail(e));
        if self.is_plain_form_post() {
            let separator = if back.contains('?') { '&' } else { '?' };
            let target = match &result {
                Ok(_) => format!("{back}{separator}done=1"),
                Err(e) => format!(
                    "{back}{separator}error={}&field={}",
                    crate::ui::percent_encode(&e.message),
                    e.field.as_deref().unwrap_or("")
                ),
            };
            leptos_axum::redirect(&target);
        }
        result
    }

    pub fn set_cookie(&self, cookie: &str) {
        if let (Some(response), Ok(value)) = (&self.response, HeaderValue::from_str(cookie)) {
            response.append_header(SET_COOKIE, value);
        }
    }

    /// Sets the HTTP status that matches the error and hands the error back.
    pub fn fail(&self, error: AppError) -> AppError {
        if let (Some(response), Ok(status)) = (
            &self.response,
            http::StatusCode::from_u16(error.code.http_status()),
        ) {
            response.set_status(status);
        }
        error
    }
}

/// The scheme and host of a request, from its headers (see [`RequestContext::origin`]).
pub fn origin_of(headers: &http::HeaderMap) -> String {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let scheme = match text("x-forwarded-proto") {
        Some("https") => "https",
        _ => "http",
    };
    let host = text("host").unwrap_or("127.0.0.1:3000");
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::{SessionCookie, origin_of};

    #[test]
    fn the_session_cookie_is_http_only_and_same_site_lax() {
        let cookie = SessionCookie {
            secure: false,
            max_age_seconds: 60,
        };
        let set = cookie.set("abc");
        assert!(set.starts_with("laowu_session=abc; Max-Age=60"));
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"));
        assert!(!set.contains("Secure"));
        assert!(cookie.clear().contains("Max-Age=0"));
    }

    #[test]
    fn over_https_the_cookie_is_secure_and_host_bound() {
        let cookie = SessionCookie {
            secure: true,
            max_age_seconds: 60,
        };
        let set = cookie.set("abc");
        assert!(set.starts_with("__Host-laowu_session=abc;"));
        assert!(set.contains("; Secure"));
        assert!(cookie.clear().starts_with("__Host-laowu_session=;"));
    }

    #[test]
    fn the_origin_is_the_host_and_the_forwarded_scheme() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(origin_of(&headers), "http://127.0.0.1:3000");
        headers.insert("host", http::HeaderValue::from_static("laowu.example:8080"));
        assert_eq!(origin_of(&headers), "http://laowu.example:8080");
        headers.insert("x-forwarded-proto", http::HeaderValue::from_static("https"));
        assert_eq!(origin_of(&headers), "https://laowu.example:8080");
    }
}
