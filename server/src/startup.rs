//! Turning settings into a running server: data directory, secrets, database, migrations,
//! first-start demo seed, services, router, listener.

use crate::auth::rate_limit::LoginLimiter;
use crate::config::Settings;
use crate::crypto::PiiVault;
use crate::search::SearchIndex;
use crate::search::analysis::Lexicon;
use crate::search::indexer::Indexer;
use crate::secrets::{SecretKeys, SecretsError};
use crate::services::accounts::AccountService;
use crate::services::brands::BrandService;
use crate::services::contracts::ContractService;
use crate::services::dashboard::DashboardService;
use crate::services::hiring::HiringService;
use crate::services::households::HouseholdService;
use crate::services::local_jobs::LocalJobService;
use crate::services::roster::RosterService;
use crate::services::search::SearchService;
use crate::services::subsidy::SubsidyService;
use crate::state::AppState;
use crate::{db, http, seed, seed_search};
use app::api::AppError;
use app::api::context::{Services, SessionCookie};
use app::domain::session_policy::LONGEST_SESSION_SECONDS;
use app::ui::shell::BUNDLE_NAME;
use leptos::config::LeptosOptions;
use sea_orm::{DatabaseConnection, DbErr};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error("database {url}: {source}")]
    Database { url: String, source: DbErr },
    #[error("cannot listen on {addr} (setting bind / LAOWU_BIND): {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Service(String),
}

impl StartupError {
    fn database(settings: &Settings) -> impl Fn(DbErr) -> StartupError + '_ {
        move |source| StartupError::Database {
            url: redact_password(&settings.database_url),
            source,
        }
    }
}

impl From<AppError> for StartupError {
    fn from(e: AppError) -> Self {
        StartupError::Service(e.message)
    }
}

/// Hides the password part of a database URL in messages.
fn redact_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Opens the database, applies migrations and seeds demo data into a brand-new database when
/// `demo_data` is on. Used by `serve` and `migrate`.
///
/// # Errors
/// When the data directory, the database or a migration fails.
pub async fn prepare_database(settings: &Settings) -> Result<DatabaseConnection, StartupError> {
    let (db, lock) = prepare_database_locked(settings).await?;
    lock.release()
        .await
        .map_err(StartupError::database(settings))?;
    Ok(db)
}

/// [`prepare_database`], still holding the start-up lock, so that a node can finish seeding
/// before the next node starting with it looks at the database.
async fn prepare_database_locked(
    settings: &Settings,
) -> Result<(DatabaseConnection, db::StartupLock), StartupError> {
    std::fs::create_dir_all(&settings.data_dir).map_err(|source| StartupError::DataDir {
        path: settings.data_dir.display().to_string(),
        source,
    })?;
    let db = db::connect(settings)
        .await
        .map_err(StartupError::database(settings))?;
    // Several nodes may start together on one PostgreSQL database: one migrates and seeds,
    // the others wait and then find nothing to do.
    let lock = db::StartupLock::acquire(&db)
        .await
        .map_err(StartupError::database(settings))?;
    let is_new = db::is_new(&db)
        .await
        .map_err(StartupError::database(settings))?;
    db::migrate(&db)
        .await
        .map_err(StartupError::database(settings))?;
    let keys = SecretKeys::load_or_create(&settings.data_dir)?;
    check_key_fingerprint(&db, &keys, settings).await?;
    // Every command opens the audit chain before it writes: entries are hashed with its key.
    crate::services::audit::chain::open(&db, keys.audit_chain_key)
        .await
        .map_err(StartupError::database(settings))?;
    if is_new && settings.demo_data {
        let accounts = AccountService::new(db.clone(), limiter(settings, &db, "login")).await?;
        seed::seed_demo(&db, &accounts).await?;
        tracing::info!("new database: demo data seeded");
    }
    Ok((db, lock))
}

/// Records which keys the database is written with, or refuses keys other than those: a node
/// whose secrets.toml differs would write ID numbers the others cannot read.
async fn check_key_fingerprint(
    db: &DatabaseConnection,
    keys: &SecretKeys,
    settings: &Settings,
) -> Result<(), StartupError> {
    use crate::db::entities::key_fingerprint;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let fingerprint = keys.fingerprint();
    let recorded = key_fingerprint::Entity::find_by_id(1)
        .one(db)
        .await
        .map_err(StartupError::database(settings))?;
    match recorded {
        Some(row) if row.fingerprint == fingerprint => Ok(()),
        Some(_) => Err(StartupError::Service(format!(
            "{} holds other keys than the ones this database was written with: copy secrets.toml \
             from a node that already serves this database (see README, PostgreSQL)",
            settings.data_dir.join("secrets.toml").display()
        ))),
        None => {
            key_fingerprint::ActiveModel {
                id: Set(1),
                fingerprint: Set(fingerprint),
                recorded_at: Set(chrono::Utc::now()),
            }
            .insert(db)
            .await
            .map_err(StartupError::database(settings))?;
            Ok(())
        }
    }
}

/// Loads the search vocabulary (word lists, extended from `<data_dir>/search/`, and the names
/// of brands, counties, regions and occupations) and opens the index under `<data_dir>/index`.
///
/// # Errors
/// A word list that cannot be read or understood, or an index directory that cannot be opened.
pub async fn open_search_index(
    settings: &Settings,
    db: &DatabaseConnection,
) -> Result<Arc<SearchIndex>, StartupError> {
    use crate::db::entities::{brand, county, region, region_city, region_group};
    use sea_orm::EntityTrait;
    let fail = StartupError::database(settings);
    let mut names: Vec<String> = Vec::new();
    for b in brand::Entity::find().all(db).await.map_err(&fail)? {
        names.push(b.name);
        names.extend(b.occupations.split('、').map(str::to_string));
    }
    for c in county::Entity::find().all(db).await.map_err(&fail)? {
        names.push(c.name.trim_end_matches(['县', '区', '市']).to_string());
        names.push(c.name);
    }
    for r in region::Entity::find().all(db).await.map_err(&fail)? {
        names.push(r.short_name);
        names.push(r.name);
    }
    // Cities and groups (苏州, 长三角) are words of a query that name where workers are wanted.
    for c in region_city::Entity::find().all(db).await.map_err(&fail)? {
        names.push(c.short_name);
        names.push(c.name);
    }
    for g in region_group::Entity::find().all(db).await.map_err(&fail)? {
        names.push(g.name);
    }
    let lexicon = Lexicon::load(
        Some(&settings.data_dir.join("search")),
        names.iter().map(String::as_str),
    )
    .map_err(|e| StartupError::Service(format!("search word lists: {e}")))?;
    let index = SearchIndex::open(&SearchIndex::root_in(&settings.data_dir), Arc::new(lexicon))
        .map_err(|e| StartupError::Service(e.to_string()))?
        .with_match_cache_budget(settings.search_match_cache_mb << 20);
    Ok(Arc::new(index))
}

/// Unanswered hire requests and ended contracts expire even when nobody looks at them (reads
/// expire them too).
async fn expire_overdue(hiring: Arc<HiringService>, contracts: Arc<ContractService>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        if let Err(e) = hiring.expire_overdue().await {
            tracing::warn!(error = %e.message, "expiring hire requests failed; retrying in a minute");
        }
        if let Err(e) = contracts.expire_ended().await {
            tracing::warn!(error = %e.message, "expiring contracts failed; retrying in a minute");
        }
    }
}

/// Attempts per minute per address and per account for `purpose` (login, brand-registration,
/// employer-registration), counted in the database that every node shares.
pub fn limiter(
    settings: &Settings,
    db: &DatabaseConnection,
    purpose: &'static str,
) -> LoginLimiter {
    LoginLimiter::new(
        db.clone(),
        purpose,
        settings.login_attempts_per_ip_per_minute,
        settings.login_attempts_per_account_per_minute,
    )
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    address: SocketAddr,
    db: DatabaseConnection,
}

impl Application {
    /// Prepares everything and binds the listener (port 0 picks a free port).
    ///
    /// # Errors
    /// Any [`StartupError`]; nothing is served until all of it succeeded.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let (db, startup_lock) = prepare_database_locked(&settings).await?;
        // Loaded now so a missing or damaged key file stops start-up, not a later request.
        let keys = SecretKeys::load_or_create(&settings.data_dir)?;
        let roster = Arc::new(RosterService::new(
            db.clone(),
            PiiVault::new(&keys),
            settings.data_dir.join("uploads"),
        ));

        if settings.demo_data && settings.demo_workers {
            seed_search::seed_search_demo(&db, &roster).await?;
        }
        let search_index = open_search_index(&settings, &db).await?;
        // The one writer: catches up from the change log now, then follows it.
        tokio::spawn(Indexer::new(db.clone(), search_index.clone()).run());

        let accounts =
            Arc::new(AccountService::new(db.clone(), limiter(&settings, &db, "login")).await?);
        let search = Arc::new(SearchService::new(
            db.clone(),
            search_index.clone(),
            settings.search_cache_entries,
        ));
        let hiring = Arc::new(HiringService::new(
            db.clone(),
            search.clone(),
            settings.hire_request_days,
            limiter(&settings, &db, "employer-registration"),
        ));
        let contracts = Arc::new(ContractService::new(
            db.clone(),
            PiiVault::new(&keys),
            settings.contract_font.clone(),
        ));
        tokio::spawn(expire_overdue(hiring.clone(), contracts.clone()));
        let households = Arc::new(HouseholdService::new(
            db.clone(),
            settings.data_dir.join("uploads"),
        ));
        let local_jobs = Arc::new(LocalJobService::new(db.clone()));
        let dashboard = Arc::new(DashboardService::new(
            db.clone(),
            std::time::Duration::from_millis(settings.dashboard_wait_ms),
        ));
        let training = Arc::new(crate::services::training::TrainingService::new(db.clone()));
        let follow_up = Arc::new(crate::services::follow_up::FollowUpService::new(db.clone()));
        let events = Arc::new(crate::services::events::EventService::new(db.clone()));
        if settings.demo_data && settings.demo_workers && settings.demo_county {
            let follow_up_demo = crate::seed_follow_up::FollowUpDemo {
                db: &db,
                follow_up: &follow_up,
            };
            follow_up_demo.station().await?;
            crate::seed_county::CountyDemo {
                db: &db,
                roster: &roster,
                households: &households,
                local_jobs: &local_jobs,
                hiring: &hiring,
                contracts: &contracts,
                dashboard: &dashboard,
            }
            .seed()
            .await?;
            crate::seed_training::TrainingDemo {
                db: &db,
                training: &training,
            }
            .seed()
            .await?;
            follow_up_demo.cases().await?;
            crate::seed_events::EventsDemo {
                db: &db,
                events: &events,
                hiring: &hiring,
                roster: &roster,
            }
            .seed()
            .await?;
        }
        startup_lock
            .release()
            .await
            .map_err(StartupError::database(&settings))?;
        dashboard.warm_up();
        let services = Services {
            accounts: accounts.clone(),
            brands: Arc::new(BrandService::new(
                db.clone(),
                limiter(&settings, &db, "brand-registration"),
            )),
            roster: roster.clone(),
            search: search.clone(),
            hiring: hiring.clone(),
            contracts: contracts.clone(),
            subsidies: Arc::new(SubsidyService::new(db.clone(), PiiVault::new(&keys))),
            households,
            local_jobs,
            dashboard,
            training,
            follow_up,
            events,
            audit: Arc::new(crate::services::audit::AuditReader::new(db.clone())),
            worker_links: Arc::new(crate::services::worker_links::WorkerLinkService::new(
                db.clone(),
                roster.clone(),
                search.clone(),
                PiiVault::new(&keys),
                settings.contract_font.clone(),
            )),
            session_cookie: SessionCookie {
                secure: settings.secure_cookies,
                max_age_seconds: LONGEST_SESSION_SECONDS,
            },
        };
        let listener =
            TcpListener::bind(settings.bind)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: settings.bind,
                    source,
                })?;
        let address = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: settings.bind,
            source,
        })?;
        let leptos_options = LeptosOptions::builder()
            .output_name(BUNDLE_NAME)
            .site_root(settings.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        let state = AppState {
            leptos_options,
            db: db.clone(),
            settings: Arc::new(settings),
            accounts,
            roster,
            services,
        };
        Ok(Self {
            router: http::router(state),
            listener,
            address,
            db,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The application's pool, for tests and tools that inspect what the server wrote.
    pub fn database(&self) -> DatabaseConnection {
        self.db.clone()
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_never_appear_in_messages() {
        assert_eq!(
            redact_password("postgres://laowu:s3cret@db:5432/laowu"),
            "postgres://laowu:***@db:5432/laowu"
        );
        assert_eq!(
            redact_password("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(
            redact_password("sqlite://data/laowu.db"),
            "sqlite://data/laowu.db"
        );
    }
}
