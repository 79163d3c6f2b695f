//! The HTML document, the root component and the route table.

use super::auth::Auth;
use super::nav::{TopBar, UnreadMessages};
use super::pages::{
    account::AccountPage,
    admin_users::AdminUsersPage,
    audit_log::AuditLogPage,
    brand_form::{EditBrandPage, NewBrandPage},
    brands::{BrandPage, BrandsPage},
    cases::{CasePage, CasesPage},
    certificates::CertificatesPage,
    companies::CompaniesPage,
    contracts::{ContractPage, ContractTemplatesPage, ContractsPage, PlacementsPage},
    county_workers::CountyWorkersPage,
    dashboard::DashboardPage,
    employee_system::EmployeeSystemPage,
    employers::{EmployerPage, ManageEmployersPage, RegisterEmployerPage},
    event_form::{EditEventPage, NewEventPage},
    events::{EventPage, EventsPage},
    export_bases::ExportBasesPage,
    hiring::{HireRequestPage, HireRequestsPage, NewHireRequestPage},
    home::HomePage,
    households::{HouseholdPage, HouseholdsPage, NewHouseholdPage},
    inbox::InboxPage,
    insurance::{InsuranceEnrolmentPage, InsurancePage},
    local_jobs::{LocalJobsPage, NewLocalJobPage},
    login::LoginPage,
    memberships::MembershipsPage,
    not_found::NotFound,
    policy_parameters::PolicyParametersPage,
    register::RegisterPage,
    roster::RosterPage,
    search::{SearchPage, WorkerProfilePage},
    shortlists::{SavedSearchesPage, ShortlistsPage},
    stations::{StationEditPage, StationsPage},
    subsidies::{SubsidiesPage, SubsidyClaimPage},
    targets::TargetsPage,
    training::{TrainingDetailPage, TrainingListPage},
    training_form::{EditProgrammePage, NewProgrammePage},
    unmet_demand::UnmetDemandPage,
    vacancies::{VacanciesPage, VacancyPage},
    worker::{NewWorkerPage, WorkerPage},
    worker_link::BadgePage,
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The name of the browser bundle and stylesheet under `/pkg`.
pub const BUNDLE_NAME: &str = "laowu";

/// The HTML document the server renders around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="临汾劳务品牌市场：认证工人、劳务公司与用工单位对接平台"/>
                <link rel="icon" href="data:,"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    let auth = Auth::provide();
    UnreadMessages::provide(auth);

    view! {
        <Stylesheet id="laowu" href=format!("/pkg/{BUNDLE_NAME}.css")/>
        <Title formatter=|title: String| {
            if title.is_empty() { "劳务品牌市场".to_string() } else { format!("{title} · 劳务品牌市场") }
        }/>
        <Router>
            <TopBar/>
            <main class="page">
                // Async: the whole page, data included, is rendered before it is sent, so it
                // reads the same with JavaScript off or before the WebAssembly arrives.
                <Routes fallback=NotFound>
                    <Route path=path!("/") ssr=SsrMode::Async view=HomePage/>
                    <Route path=path!("/login") ssr=SsrMode::Async view=LoginPage/>
                    <Route path=path!("/account") ssr=SsrMode::Async view=AccountPage/>
                    <Route path=path!("/admin/users") ssr=SsrMode::Async view=AdminUsersPage/>
                    <Route path=path!("/audit") ssr=SsrMode::Async view=AuditLogPage/>
                    <Route path=path!("/v/:token") ssr=SsrMode::Async view=BadgePage/>
                    <Route path=path!("/roster") ssr=SsrMode::Async view=RosterPage/>
                    <Route path=path!("/roster/workers/new") ssr=SsrMode::Async view=NewWorkerPage/>
                    <Route path=path!("/roster/workers/:id") ssr=SsrMode::Async view=WorkerPage/>
                    <Route path=path!("/register") ssr=SsrMode::Async view=RegisterPage/>
                    <Route path=path!("/brands") ssr=SsrMode::Async view=BrandsPage/>
                    <Route path=path!("/brands/:slug") ssr=SsrMode::Async view=BrandPage/>
                    <Route path=path!("/memberships") ssr=SsrMode::Async view=MembershipsPage/>
                    <Route path=path!("/manage/brands/new") ssr=SsrMode::Async view=NewBrandPage/>
                    <Route path=path!("/manage/brands/:slug") ssr=SsrMode::Async view=EditBrandPage/>
                    <Route path=path!("/manage/certificates") ssr=SsrMode::Async view=CertificatesPage/>
                    <Route path=path!("/manage/export-bases") ssr=SsrMode::Async view=ExportBasesPage/>
                    <Route path=path!("/manage/companies") ssr=SsrMode::Async view=CompaniesPage/>
                    <Route path=path!("/search") ssr=SsrMode::Async view=SearchPage/>
                    <Route path=path!("/search/workers/:id") ssr=SsrMode::Async view=WorkerProfilePage/>
                    <Route path=path!("/shortlists") ssr=SsrMode::Async view=ShortlistsPage/>
                    <Route path=path!("/saved-searches") ssr=SsrMode::Async view=SavedSearchesPage/>
                    <Route path=path!("/manage/demand") ssr=SsrMode::Async view=UnmetDemandPage/>
                    <Route path=path!("/register/employer") ssr=SsrMode::Async view=RegisterEmployerPage/>
                    <Route path=path!("/employer") ssr=SsrMode::Async view=EmployerPage/>
                    <Route path=path!("/manage/employers") ssr=SsrMode::Async view=ManageEmployersPage/>
                    <Route path=path!("/vacancies") ssr=SsrMode::Async view=VacanciesPage/>
                    <Route path=path!("/vacancies/:id") ssr=SsrMode::Async view=VacancyPage/>
                    <Route path=path!("/hiring") ssr=SsrMode::Async view=HireRequestsPage/>
                    <Route path=path!("/hiring/new") ssr=SsrMode::Async view=NewHireRequestPage/>
                    <Route path=path!("/hiring/:id") ssr=SsrMode::Async view=HireRequestPage/>
                    <Route path=path!("/inbox") ssr=SsrMode::Async view=InboxPage/>
                    <Route path=path!("/contracts") ssr=SsrMode::Async view=ContractsPage/>
                    <Route path=path!("/contracts/:id") ssr=SsrMode::Async view=ContractPage/>
                    <Route path=path!("/placements") ssr=SsrMode::Async view=PlacementsPage/>
                    <Route path=path!("/manage/contract-templates") ssr=SsrMode::Async view=ContractTemplatesPage/>
                    <Route path=path!("/employee-system") ssr=SsrMode::Async view=EmployeeSystemPage/>
                    <Route path=path!("/insurance") ssr=SsrMode::Async view=InsurancePage/>
                    <Route path=path!("/insurance/:id") ssr=SsrMode::Async view=InsuranceEnrolmentPage/>
                    <Route path=path!("/subsidies") ssr=SsrMode::Async view=SubsidiesPage/>
                    <Route path=path!("/subsidies/:id") ssr=SsrMode::Async view=SubsidyClaimPage/>
                    <Route path=path!("/manage/policy-parameters") ssr=SsrMode::Async view=PolicyParametersPage/>
                    <Route path=path!("/dashboard") ssr=SsrMode::Async view=DashboardPage/>
                    <Route path=path!("/dashboard/targets") ssr=SsrMode::Async view=TargetsPage/>
                    <Route path=path!("/households") ssr=SsrMode::Async view=HouseholdsPage/>
                    <Route path=path!("/households/new") ssr=SsrMode::Async view=NewHouseholdPage/>
                    <Route path=path!("/households/:id") ssr=SsrMode::Async view=HouseholdPage/>
                    <Route path=path!("/county-workers") ssr=SsrMode::Async view=CountyWorkersPage/>
                    <Route path=path!("/local-jobs") ssr=SsrMode::Async view=LocalJobsPage/>
                    <Route path=path!("/local-jobs/new") ssr=SsrMode::Async view=NewLocalJobPage/>
                    <Route path=path!("/training") ssr=SsrMode::Async view=TrainingListPage/>
                    <Route path=path!("/stations") ssr=SsrMode::Async view=StationsPage/>
                    <Route path=path!("/stations/:id/edit") ssr=SsrMode::Async view=StationEditPage/>
                    <Route path=path!("/events") ssr=SsrMode::Async view=EventsPage/>
                    <Route path=path!("/events/new") ssr=SsrMode::Async view=NewEventPage/>
                    <Route path=path!("/events/:id") ssr=SsrMode::Async view=EventPage/>
                    <Route path=path!("/events/:id/edit") ssr=SsrMode::Async view=EditEventPage/>
                    <Route path=path!("/cases") ssr=SsrMode::Async view=CasesPage/>
                    <Route path=path!("/cases/:id") ssr=SsrMode::Async view=CasePage/>
                    <Route path=path!("/training/new") ssr=SsrMode::Async view=NewProgrammePage/>
                    <Route path=path!("/training/:id") ssr=SsrMode::Async view=TrainingDetailPage/>
                    <Route path=path!("/training/:id/edit") ssr=SsrMode::Async view=EditProgrammePage/>
                </Routes>
            </main>
            <footer class="footer">
                <p>"临汾市劳务品牌市场 · 依据临政办发〔2017〕52号文件建设"</p>
            </footer>
        </Router>
    }
}

/// Pages get a CSP whose nonce matches the inline hydration script Leptos writes; everything
/// else (API, files) gets the server's stricter default.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
