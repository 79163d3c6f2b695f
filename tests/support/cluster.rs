//! Several real `laowu serve` processes on one PostgreSQL database, each with its own data
//! directory (its own search index) and the same secrets.toml, behind HAProxy (Debian's package,
//! installed by `scripts/setup.sh test`), as README's PostgreSQL section describes a cluster.

use super::{announced_address, create_postgres_database, drop_postgres_database, laowu_binary};
use sea_orm::{Database, DatabaseConnection};
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// One node: a `laowu serve` process on a fixed port, so a restart keeps its place behind the
/// balancer.
pub struct Node {
    child: Option<Child>,
    pub address: String,
    pub data_dir: TempDir,
    env: BTreeMap<String, String>,
}

impl Node {
    fn command(&self) -> Command {
        let mut command = Command::new(laowu_binary());
        command
            .envs(&self.env)
            .env_remove("LAOWU_CONFIG")
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(self.data_dir.path().join("server.log"))
                    .map_or_else(|_| Stdio::null(), Stdio::from),
            );
        command
    }

    fn spawn(&mut self) -> std::sync::mpsc::Receiver<String> {
        let mut child = self
            .command()
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", laowu_binary().display()));
        let stdout = child.stdout.take().expect("stdout");
        self.child = Some(child);
        announced_address(stdout)
    }

    fn wait_until_listening(&self, announced: &std::sync::mpsc::Receiver<String>) {
        announced
            .recv_timeout(Duration::from_secs(180))
            .unwrap_or_else(|_| {
                panic!(
                    "node {} did not start; see {}",
                    self.address,
                    self.data_dir.path().join("server.log").display()
                )
            });
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// SIGKILL: no graceful shutdown, nothing flushed.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the node again on the same data directory, port and database.
    pub fn restart(&mut self) {
        self.kill();
        let announced = self.spawn();
        self.wait_until_listening(&announced);
    }
}

/// The nodes, the balancer in front of them and their database.
pub struct Cluster {
    pub nodes: Vec<Node>,
    /// The balancer's address: requests go to any node.
    pub address: String,
    balancer: Option<Child>,
    balancer_dir: TempDir,
    database_url: String,
    database_name: Option<String>,
}

/// A new PostgreSQL database and the keys every node of the cluster will share, before any
/// node starts (a benchmark fills the database first with [`ClusterPlan::cli`]).
pub struct ClusterPlan {
    name: String,
    url: String,
    secrets: Vec<u8>,
    _keys_dir: TempDir,
}

impl ClusterPlan {
    /// `None` when PostgreSQL is not available here.
    pub async fn new() -> Option<ClusterPlan> {
        if !super::postgres_available() {
            return None;
        }
        let (name, url) = create_postgres_database().await;
        // One node's keys for all: a cluster shares secrets.toml (README, PostgreSQL).
        let keys_dir = tempfile::tempdir().expect("temporary directory");
        server::secrets::SecretKeys::load_or_create(keys_dir.path()).expect("secret keys");
        let secrets = std::fs::read(keys_dir.path().join("secrets.toml")).expect("secrets.toml");
        Some(ClusterPlan {
            name,
            url,
            secrets,
            _keys_dir: keys_dir,
        })
    }

    pub fn database_url(&self) -> &str {
        &self.url
    }

    /// `laowu <args>` on the planned database with the shared keys.
    pub fn cli(&self, args: &[&str]) -> Command {
        let mut command = Command::new(laowu_binary());
        command
            .env_remove("LAOWU_CONFIG")
            .env("LAOWU_DATABASE_URL", &self.url)
            .env("LAOWU_DATA_DIR", self._keys_dir.path())
            .env("LAOWU_DEMO_DATA", "true")
            .env("LAOWU_LOG_LEVEL", "warn")
            .args(args);
        command
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn haproxy() -> String {
    ["/usr/sbin/haproxy", "/usr/bin/haproxy"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("haproxy")
        .to_string()
}

impl Cluster {
    /// Starts `count` nodes at the same moment on a new PostgreSQL database (with the demo
    /// data and the searchable cast), sharing one secrets.toml, then HAProxy in front of them;
    /// `None` when PostgreSQL is not available here. `settings` are extra `LAOWU_*` variables.
    pub async fn start(count: usize, settings: &[(&str, &str)]) -> Option<Cluster> {
        let plan = ClusterPlan::new().await?;
        Some(Self::start_planned(plan, count, settings).await)
    }

    /// Starts `count` nodes on the planned database (which a benchmark may have filled first).
    pub async fn start_planned(
        plan: ClusterPlan,
        count: usize,
        settings: &[(&str, &str)],
    ) -> Cluster {
        let ClusterPlan {
            name,
            url,
            secrets,
            _keys_dir,
        } = plan;
        let mut nodes = Vec::new();
        for _ in 0..count {
            let data_dir = tempfile::Builder::new()
                .prefix("laowu-node-")
                .tempdir()
                .expect("temporary directory");
            std::fs::write(data_dir.path().join("secrets.toml"), &secrets).expect("secrets");
            let port = free_port();
            let mut env = BTreeMap::new();
            for (key, value) in [
                ("LAOWU_BIND", format!("127.0.0.1:{port}")),
                ("LAOWU_DATABASE_URL", url.clone()),
                ("LAOWU_DATA_DIR", data_dir.path().display().to_string()),
                ("LAOWU_DEMO_DATA", "true".into()),
                ("LAOWU_DEMO_WORKERS", "true".into()),
                ("LAOWU_DEMO_COUNTY", "false".into()),
                ("LAOWU_LOG_LEVEL", "info".into()),
            ] {
                env.insert(key.to_string(), value);
            }
            for (key, value) in settings {
                env.insert((*key).to_string(), (*value).to_string());
            }
            nodes.push(Node {
                child: None,
                address: format!("http://127.0.0.1:{port}"),
                data_dir,
                env,
            });
        }
        // Together: one takes the start-up lock and migrates and seeds, the others wait.
        let announced: Vec<_> = nodes.iter_mut().map(Node::spawn).collect();
        for (node, announced) in nodes.iter().zip(&announced) {
            node.wait_until_listening(announced);
        }
        let mut cluster = Cluster {
            nodes,
            address: format!("http://127.0.0.1:{}", free_port()),
            balancer: None,
            balancer_dir: tempfile::tempdir().expect("temporary directory"),
            database_url: url,
            database_name: Some(name),
        };
        cluster.balance_over(count).await;
        cluster
    }

    /// (Re)starts HAProxy in front of the first `count` nodes, round robin, each checked at
    /// `/readyz` every 200 ms so that a dead node leaves the rotation at once.
    pub async fn balance_over(&mut self, count: usize) {
        if let Some(mut old) = self.balancer.take() {
            let _ = old.kill();
            let _ = old.wait();
        }
        let servers: String = self.nodes[..count]
            .iter()
            .enumerate()
            .map(|(i, n)| {
                format!(
                    "  server node{i} {} check inter 200ms fall 1 rise 1\n",
                    n.address.trim_start_matches("http://")
                )
            })
            .collect();
        let bind = self.address.trim_start_matches("http://");
        let config = format!(
            "global\n  maxconn 1024\n\
             defaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n  \
             option redispatch\n  retries 2\n\
             frontend laowu\n  bind {bind}\n  default_backend nodes\n\
             backend nodes\n  balance roundrobin\n  option httpchk GET /readyz\n{servers}"
        );
        let config_path = self.balancer_dir.path().join("haproxy.cfg");
        std::fs::write(&config_path, config).expect("haproxy.cfg");
        let balancer = Command::new(haproxy())
            .arg("-f")
            .arg(&config_path)
            .arg("-db")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start haproxy (scripts/setup.sh test installs it)");
        self.balancer = Some(balancer);
        self.wait_for_balancer().await;
    }

    async fn wait_for_balancer(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = reqwest::get(self.url("/readyz"))
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                return;
            }
            assert!(Instant::now() < deadline, "haproxy did not answer");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// A connection to the cluster's database.
    pub async fn database(&self) -> DatabaseConnection {
        Database::connect(self.database_url.clone())
            .await
            .expect("connect to the cluster's database")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some(mut balancer) = self.balancer.take() {
            let _ = balancer.kill();
            let _ = balancer.wait();
        }
        for node in &mut self.nodes {
            node.kill();
        }
        if let Some(name) = self.database_name.take() {
            drop_postgres_database(name);
        }
    }
}
