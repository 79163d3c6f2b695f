//! Test support: start the real application on 127.0.0.1 with a fresh database and data
//! directory per test, on SQLite or PostgreSQL, and talk to it over HTTP.

pub mod cluster;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::{Settings, Sources};
use server::startup::Application;
use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use tempfile::TempDir;

/// The demo accounts the seed creates (see server::seed::DEMO_USERS).
pub const ADMIN: (&str, &str) = ("admin", "laowu-admin-2026");
pub const PROMOTER: (&str, &str) = ("fushan", "laowu-promoter-2026");
pub const COMPANY: (&str, &str) = ("xinchu", "laowu-company-2026");
pub const EMPLOYER: (&str, &str) = ("jingweilou", "laowu-employer-2026");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on. Overridable for other machines.
fn postgres_admin_url() -> String {
    std::env::var("LAOWU_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

fn postgres_required() -> bool {
    std::env::var("LAOWU_REQUIRE_POSTGRES").is_ok_and(|v| v == "1" || v == "true")
}

/// Whether PostgreSQL answers on its port. When it does not, PostgreSQL tests are skipped
/// locally and fail in CI (`LAOWU_REQUIRE_POSTGRES=1`).
pub fn postgres_available() -> bool {
    let url = postgres_admin_url();
    let host_port = url
        .split('@')
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("127.0.0.1:5432");
    let reachable = host_port
        .parse::<SocketAddr>()
        .is_ok_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok());
    assert!(
        reachable || !postgres_required(),
        "LAOWU_REQUIRE_POSTGRES is set but PostgreSQL is not reachable at {host_port}"
    );
    if !reachable {
        eprintln!("PostgreSQL not reachable at {host_port}: skipping the PostgreSQL variant");
    }
    reachable
}

/// A running application and an HTTP client with its own cookie jar.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub data_dir: TempDir,
    pub settings: Settings,
    postgres_database: Option<String>,
}

/// Builder-style options for [`TestApp::spawn_with`].
#[derive(Default, Clone)]
pub struct Options {
    /// Extra `LAOWU_*` settings (lower-case key without the prefix, as in laowu.toml).
    pub settings: BTreeMap<String, String>,
    /// Reuse this data directory (and its SQLite database) instead of a fresh one.
    pub reuse: Option<(std::path::PathBuf, Option<String>)>,
}

impl TestApp {
    /// Starts the app with demo data on the given backend; `None` when that backend is not
    /// available here (PostgreSQL down and not required).
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, Options::default()).await
    }

    /// Starts the app with demo data and the searchable demo cast (server::seed_search).
    pub async fn spawn_with_cast(backend: Backend) -> Option<TestApp> {
        let mut options = Options::default();
        options
            .settings
            .insert("demo_workers".to_string(), "true".to_string());
        Self::spawn_with(backend, options).await
    }

    pub async fn spawn_with(backend: Backend, options: Options) -> Option<TestApp> {
        let data_dir = tempfile::Builder::new()
            .prefix("laowu-test-")
            .tempdir()
            .expect("temporary directory");
        let mut env = BTreeMap::new();
        env.insert("bind".to_string(), "127.0.0.1:0".to_string());
        env.insert("demo_data".to_string(), "true".to_string());
        // The searchable demo cast only where a test asks for it: other tests count workers.
        env.insert("demo_workers".to_string(), "false".to_string());
        // Nor the county desk's demo (households, placements): tests count those too.
        env.insert("demo_county".to_string(), "false".to_string());
        // A dashboard read right after a change shows the new figures, however busy the machine
        // (tests/api/county.rs turns this down to see the figures read before).
        env.insert("dashboard_wait_ms".to_string(), "600000".to_string());
        env.insert("log_level".to_string(), "warn".to_string());
        env.insert(
            "data_dir".to_string(),
            data_dir.path().display().to_string(),
        );
        let postgres_database = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                if !postgres_available() {
                    return None;
                }
                let (name, url) = create_postgres_database().await;
                env.insert("database_url".to_string(), url);
                Some(name)
            }
        };
        if let Some((dir, url)) = &options.reuse {
            env.insert("data_dir".to_string(), dir.display().to_string());
            if let Some(url) = url {
                env.insert("database_url".to_string(), url.clone());
            }
        }
        env.extend(options.settings);
        let settings = Settings::load(&Sources { file: None, env }).expect("test settings");
        let app = Application::build(settings.clone())
            .await
            .expect("the application starts");
        let address = format!("http://{}", app.address());
        let db = app.database();
        tokio::spawn(app.run_until(std::future::pending()));
        Some(TestApp {
            address,
            client: client(),
            db,
            data_dir,
            settings,
            postgres_database,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A second, independent browser (its own cookie jar).
    pub fn new_client(&self) -> reqwest::Client {
        client()
    }

    /// `POST /api/v1/auth/login` with this app's client.
    pub async fn login(&self, (username, password): (&str, &str)) -> reqwest::Response {
        login_with(&self.client, &self.address, username, password).await
    }

    /// `GET` and read the JSON answer, whatever the status.
    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        self.get(path).await.json().await.expect("a JSON answer")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// Creates a second labour company in 浮山县 and a company user for it.
    pub async fn create_company_with_user(
        &self,
        name: &str,
        username: &str,
        password: &str,
    ) -> i32 {
        self.create_company_in("141027", name, username, password)
            .await
    }

    /// Creates a labour company in `county_code` and a company user for it.
    pub async fn create_company_in(
        &self,
        county_code: &str,
        name: &str,
        username: &str,
        password: &str,
    ) -> i32 {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        use server::db::entities::company;
        let company = company::ActiveModel {
            name: Set(name.to_string()),
            county_code: Set(county_code.to_string()),
            created_at: Set(chrono::Utc::now()),
            credit_code: Set(None),
            contact_name: Set(None),
            contact_phone: Set(None),
            // Set up by the city (as `laowu` does for existing companies): approved.
            approved_at: Set(Some(chrono::Utc::now())),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("insert a company");
        self.create_user(
            app::domain::role::Role::Company,
            app::domain::role::Scope::Company { id: company.id },
            username,
            password,
        )
        .await;
        company.id
    }

    /// Creates an account directly (as `laowu create-user` does).
    pub async fn create_user(
        &self,
        role: app::domain::role::Role,
        scope: app::domain::role::Scope,
        username: &str,
        password: &str,
    ) {
        let limiter =
            server::auth::rate_limit::LoginLimiter::new(self.db.clone(), "test-login", 100, 100);
        let accounts = server::services::accounts::AccountService::new(self.db.clone(), limiter)
            .await
            .expect("account service");
        accounts
            .create_user(server::services::accounts::NewAccount {
                username: username.to_string(),
                display_name: username.to_string(),
                role,
                scope,
                password: password.to_string(),
            })
            .await
            .expect("create the user");
    }

    /// A client signed in as `account`.
    pub async fn client_for(&self, account: (&str, &str)) -> reqwest::Client {
        signed_in_at(&self.address, account).await
    }

    /// Uploads a ledger to `POST /api/v1/rosters/import` with this app's client.
    pub async fn import_roster(&self, csv: &str, query: &str) -> reqwest::Response {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
                .file_name("roster.csv")
                .mime_str("text/csv")
                .expect("a mime type"),
        );
        self.client
            .post(self.url(&format!("/api/v1/rosters/import{query}")))
            .multipart(form)
            .send()
            .await
            .expect("POST import")
    }

    /// The number of audit rows with this action and outcome.
    pub async fn audit_count(&self, action: &str, outcome: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                self.db.get_database_backend(),
                match self.db.get_database_backend() {
                    sea_orm::DatabaseBackend::Postgres => {
                        "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND outcome = $2"
                    }
                    _ => "SELECT COUNT(*) AS n FROM audit_log WHERE action = ? AND outcome = ?",
                },
                [action.into(), outcome.into()],
            ))
            .await
            .expect("count audit rows")
            .expect("one row");
        row.try_get::<i64>("", "n").expect("a count")
    }
}

pub async fn login_with(
    client: &reqwest::Client,
    base: &str,
    username: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({ "username": username, "password": password }))
        .send()
        .await
        .expect("POST login")
}

/// Sends a request and reads its JSON answer, whatever the status.
/// A new client (its own cookie jar) signed in as `account` at `address` (a node, a balancer,
/// a benchmark's server).
pub async fn signed_in_at(address: &str, (username, password): (&str, &str)) -> reqwest::Client {
    let client = client();
    let response = login_with(&client, address, username, password).await;
    assert_eq!(
        response.status(),
        reqwest::StatusCode::OK,
        "sign in as {username} at {address}"
    );
    client
}

pub async fn send_json(request: reqwest::RequestBuilder) -> serde_json::Value {
    request
        .send()
        .await
        .expect("the request is answered")
        .json()
        .await
        .expect("a JSON answer")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some(name) = self.postgres_database.take() else {
            return;
        };
        drop_postgres_database(name);
    }
}

/// Declares each listed `async fn(TestApp)` as two tests, one per database backend.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $crate::on_both_databases_using!(spawn; $($name),*);
    };
}

/// As [`on_both_databases!`], with the searchable demo cast loaded (server::seed_search).
#[macro_export]
macro_rules! on_both_databases_with_cast {
    ($($name:ident),* $(,)?) => {
        $crate::on_both_databases_using!(spawn_with_cast; $($name),*);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! on_both_databases_using {
    ($spawn:ident; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::TestApp::$spawn($crate::Backend::Sqlite)
                        .await
                        .expect("SQLite is always available");
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(app) = $crate::TestApp::$spawn($crate::Backend::Postgres).await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}

/// The `laowu` binary `make test` builds (`target/debug/laowu`), for tests that must start,
/// kill and restart a real server process.
pub fn laowu_binary() -> std::path::PathBuf {
    if let Ok(path) = std::env::var("LAOWU_BIN") {
        return path.into();
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("debug/laowu")
}

/// The address a starting `laowu serve` announces on its standard output ("laowu listening on
/// http://…"), sent once it is printed; the rest of the output is read and dropped.
pub fn announced_address(stdout: std::process::ChildStdout) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(address) = line.strip_prefix("laowu listening on ") {
                let _ = sender.send(address.to_string());
            }
        }
    });
    receiver
}

/// A real `laowu serve` process with its own data directory and database, which a test can
/// kill (SIGKILL, no shutdown) and start again on the same data.
pub struct ServerProcess {
    child: Option<std::process::Child>,
    pub address: String,
    pub data_dir: TempDir,
    env: BTreeMap<String, String>,
    postgres_database: Option<String>,
}

impl ServerProcess {
    /// Starts a server with the demo data and the searchable demo cast; `None` when the backend
    /// is not available here.
    pub async fn start(backend: Backend) -> Option<ServerProcess> {
        let data_dir = tempfile::Builder::new()
            .prefix("laowu-process-")
            .tempdir()
            .expect("temporary directory");
        let mut env = BTreeMap::new();
        env.insert("LAOWU_BIND".to_string(), "127.0.0.1:0".to_string());
        env.insert("LAOWU_DEMO_DATA".to_string(), "true".to_string());
        env.insert("LAOWU_DEMO_WORKERS".to_string(), "true".to_string());
        env.insert("LAOWU_DEMO_COUNTY".to_string(), "false".to_string());
        env.insert("LAOWU_LOG_LEVEL".to_string(), "info".to_string());
        env.insert(
            "LAOWU_DATA_DIR".to_string(),
            data_dir.path().display().to_string(),
        );
        let mut postgres_database = None;
        if backend == Backend::Postgres {
            if !postgres_available() {
                return None;
            }
            let (name, url) = create_postgres_database().await;
            env.insert("LAOWU_DATABASE_URL".to_string(), url);
            postgres_database = Some(name);
        }
        let mut server = ServerProcess {
            child: None,
            address: String::new(),
            data_dir,
            env,
            postgres_database,
        };
        server.spawn();
        Some(server)
    }

    fn command(&self) -> std::process::Command {
        let mut command = std::process::Command::new(laowu_binary());
        command.envs(&self.env).env_remove("LAOWU_CONFIG");
        command
    }

    /// Starts the process and waits for its "listening" line.
    pub fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir.path().join("server.log"))
            .expect("server log");
        let mut child = self
            .command()
            .arg("serve")
            .stdout(std::process::Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", laowu_binary().display()));
        let stdout = child.stdout.take().expect("stdout");
        self.address = announced_address(stdout)
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| {
                panic!(
                    "the server did not start; see {}",
                    self.log_path().display()
                )
            });
        self.child = Some(child);
    }

    pub fn log_path(&self) -> std::path::PathBuf {
        self.data_dir.path().join("server.log")
    }

    /// SIGKILL: no graceful shutdown, no flushing.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// `laowu <args>` on the same data and database, ready to run.
    pub fn cli_command(&self, args: &[&str]) -> std::process::Command {
        let mut command = self.command();
        command.args(args);
        command
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A connection to the server's database.
    pub async fn database(&self) -> DatabaseConnection {
        let env: BTreeMap<String, String> = self
            .env
            .iter()
            .map(|(k, v)| (k.trim_start_matches("LAOWU_").to_lowercase(), v.clone()))
            .collect();
        let settings = Settings::load(&Sources { file: None, env }).expect("settings");
        Database::connect(settings.database_url)
            .await
            .expect("connect to the server's database")
    }

    /// A client signed in as `account`.
    pub async fn client_for(&self, account: (&str, &str)) -> reqwest::Client {
        signed_in_at(&self.address, account).await
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
        if let Some(name) = self.postgres_database.take() {
            drop_postgres_database(name);
        }
    }
}

/// A new, empty PostgreSQL database: (name, URL).
async fn create_postgres_database() -> (String, String) {
    let name = format!("laowu_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(postgres_admin_url())
        .await
        .expect("connect to PostgreSQL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create the test database");
    admin.close().await.ok();
    let base = postgres_admin_url();
    let url = format!(
        "{}/{name}",
        base.rsplit_once('/').map_or(base.as_str(), |(b, _)| b)
    );
    (name, url)
}

/// Drops a test database. Called from `Drop`, inside the test's runtime: a thread with its own
/// runtime reaches PostgreSQL.
fn drop_postgres_database(name: String) {
    let dropped = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        runtime.block_on(async {
            let admin = Database::connect(postgres_admin_url()).await.ok()?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await
                .ok()
        })
    })
    .join();
    if !matches!(dropped, Ok(Some(_))) {
        eprintln!("could not drop a PostgreSQL test database");
    }
}
