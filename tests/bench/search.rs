//! `make bench-search`: seeds N consented workers (default 100,000; `--workers 1000000`),
//! rebuilds the index, and prints index build throughput, index size, server memory, and the
//! p50/p95/p99 latency of realistic queries — in-process, and over HTTP against the running
//! release server with 1 and 16 concurrent clients — next to the same queries answered by a
//! plain SQL substring search (LIKE on SQLite; ILIKE with a pg_trgm GIN index on PostgreSQL,
//! in a database whose LC_CTYPE is C.UTF-8). A benchmark: it measures and prints, it asserts
//! nothing.
//!
//! `--data-dir DIR` keeps the seeded SQLite database in DIR and reuses it next time;
//! `--skip-rebuild` searches the index the last run left there; `--in-process-only` stops after
//! the in-process figures (for profiling the query path), and with it `--only TEXT` runs only
//! the queries whose label contains TEXT; `--http-only` measures only the server as it runs
//! with match sets kept and no result cache (for profiling the server under load).

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use app::domain::search::{SearchParams, SearchRequest};
use laowu_tests::{announced_address, laowu_binary};
use sea_orm::{
    ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement, Value as SqlValue,
};
use server::config::{Settings, Sources};
use server::search::indexer::rebuild;
use server::services::roster::{Actor, ImportMode, RosterService};
use server::services::search::{SearchService, params_from_query_string};
use server::startup::{open_search_index, prepare_database};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// (label, query string). Realistic: what employers type, with and without filters.
const QUERIES: [(&str, &str); 36] = [
    ("厨师", "q=厨师"),
    ("浮山 厨师 北京", "q=浮山 厨师 北京"),
    ("羊汤", "q=羊汤"),
    ("会做羊汤的师傅", "q=会做羊汤的师傅"),
    ("过油肉", "q=过油肉"),
    ("烧饼", "q=烧饼"),
    ("石头饼", "q=石头饼"),
    ("月饼", "q=月饼"),
    ("月子护理", "q=月子护理"),
    ("护工", "q=护工"),
    ("hugong", "q=hugong"),
    ("chushi", "q=chushi"),
    ("fscs", "q=fscs"),
    ("面点师 上海", "q=面点师 上海"),
    ("养老护理 高级", "q=养老护理 高级"),
    ("大厨 新疆", "q=大厨 新疆"),
    ("厨师 8000以内", "q=厨师 8000以内"),
    ("厨师 5000-7000", "q=厨师 5000-7000"),
    ("保姆", "q=保姆"),
    ("阿姨 北京", "q=阿姨 北京"),
    ("老人护理", "q=老人护理"),
    ("糖醋鲤鱼", "q=糖醋鲤鱼"),
    ("晋南家常菜", "q=晋南家常菜"),
    ("大锅菜 天津", "q=大锅菜 天津"),
    ("羊杂割", "q=羊杂割"),
    ("带徒弟", "q=带徒弟"),
    ("空心月饼", "q=空心月饼"),
    ("家务整理", "q=家务整理"),
    ("襄汾 面点", "q=襄汾 面点"),
    ("曲沃 厨师 高级", "q=曲沃 厨师 高级"),
    ("厨师 +verified", "q=厨师&verified=true"),
    ("护理 +sex +age", "q=护理&sex=女&age_max=45"),
    (
        "厨师 +wage +region",
        "q=厨师&wage_min=6000&wage_max=8000&region=北京",
    ),
    ("面点师 +available_by", "q=面点师&available_by=2027-03-01"),
    ("(no words) +county", "county=浮山"),
    ("护工 +level", "q=护工&level=3"),
];

struct Args {
    workers: usize,
    backends: Vec<&'static str>,
    repeat: usize,
    /// Keep the seeded data here and reuse it on the next run (seeding a million takes minutes).
    data_dir: Option<std::path::PathBuf>,
    /// Only the in-process measurements: for profiling the query path.
    in_process_only: bool,
    /// With `--data-dir`: search the index the last run built.
    skip_rebuild: bool,
    /// With `--in-process-only`: only the queries whose label contains this (for profiling one).
    only: Option<String>,
    /// Only the HTTP figures with match sets kept and no result cache.
    http_only: bool,
}

fn args() -> Args {
    let mut args = Args {
        workers: 100_000,
        backends: vec!["sqlite", "postgres"],
        repeat: 10,
        data_dir: None,
        in_process_only: false,
        skip_rebuild: false,
        only: None,
        http_only: false,
    };
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < raw.len() {
        let value = raw.get(i + 1).cloned().unwrap_or_default();
        match raw[i].as_str() {
            "--workers" => args.workers = value.parse().expect("--workers N"),
            "--repeat" => args.repeat = value.parse().expect("--repeat N"),
            "--data-dir" => args.data_dir = Some(value.into()),
            "--only" => args.only = Some(value),
            "--in-process-only" => {
                args.in_process_only = true;
                i += 1;
                continue;
            }
            "--http-only" => {
                args.http_only = true;
                i += 1;
                continue;
            }
            "--skip-rebuild" => {
                args.skip_rebuild = true;
                i += 1;
                continue;
            }
            "--backend" => {
                args.backends = match value.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    _ => vec!["sqlite", "postgres"],
                }
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    args
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  (n={})",
        percentile(&samples, 50.0).as_secs_f64() * 1e3,
        percentile(&samples, 95.0).as_secs_f64() * 1e3,
        percentile(&samples, 99.0).as_secs_f64() * 1e3,
        samples.len()
    )
}

fn p99(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    percentile(&samples, 99.0)
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        dir_size(&p)
                    } else {
                        e.metadata().map_or(0, |m| m.len())
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

async fn postgres_database() -> Option<(String, String)> {
    let admin_url = "postgres://postgres@127.0.0.1:5432/postgres";
    let admin = Database::connect(admin_url).await.ok()?;
    let name = format!("laowu_bench_{}", std::process::id());
    // pg_trgm only indexes Chinese characters when LC_CTYPE is UTF-8.
    admin
        .execute_unprepared(&format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        ))
        .await
        .ok()?;
    Some((
        name.clone(),
        format!("postgres://postgres@127.0.0.1:5432/{name}"),
    ))
}

/// Drops the run's PostgreSQL database, if it made one.
async fn drop_postgres(name: Option<&str>) {
    let Some(name) = name else {
        return;
    };
    if let Ok(admin) = Database::connect("postgres://postgres@127.0.0.1:5432/postgres").await {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
    }
}

/// The same question in SQL: each query word as a substring of name, occupations or bio, and
/// the recognised filters as columns. No synonyms, no pinyin: that is the baseline.
fn sql_for(
    backend: DatabaseBackend,
    understood: &server::search::query::Understood,
    brand_occupations: &BTreeMap<String, Vec<String>>,
    today: app::domain::calendar::CalendarDate,
) -> (String, Vec<SqlValue>) {
    let postgres = backend == DatabaseBackend::Postgres;
    let mut values: Vec<SqlValue> = Vec::new();
    let placeholder = |v: SqlValue, values: &mut Vec<SqlValue>| {
        values.push(v);
        if postgres {
            format!("${}", values.len())
        } else {
            "?".to_string()
        }
    };
    let mut conditions = vec![
        "w.active = true".to_string(),
        "w.consent_at IS NOT NULL".to_string(),
        "w.placed_since IS NULL".to_string(),
        "w.company_id IN (SELECT company_id FROM brand_membership WHERE status = 'approved')"
            .to_string(),
    ];
    let text = if postgres {
        "(w.name || ' ' || w.occupations || ' ' || w.bio) ILIKE"
    } else {
        "(w.name || ' ' || w.occupations || ' ' || w.bio) LIKE"
    };
    for word in &understood.words {
        let p = placeholder(format!("%{word}%").into(), &mut values);
        conditions.push(format!("{text} {p}"));
    }
    let f = &understood.filters;
    if let Some(slug) = &f.brand {
        // A brand's workers: at a member company, in one of the brand's trades.
        let p = placeholder(slug.clone().into(), &mut values);
        let mut trades = Vec::new();
        for occupation in brand_occupations.get(slug).into_iter().flatten() {
            let o = placeholder(format!("%{occupation}%").into(), &mut values);
            trades.push(format!("w.occupations LIKE {o}"));
        }
        conditions.push(format!(
            "w.company_id IN (SELECT m.company_id FROM brand_membership m JOIN brand b ON b.id = m.brand_id WHERE m.status = 'approved' AND b.slug = {p})"
        ));
        conditions.push(format!(
            "({})",
            if trades.is_empty() {
                "false".to_string()
            } else {
                trades.join(" OR ")
            }
        ));
    }
    if let Some(county) = &f.county {
        let p = placeholder(county.clone().into(), &mut values);
        conditions.push(format!("w.household_county_code = {p}"));
    }
    if let Some(region) = &f.region {
        let p = placeholder(format!("%{region}%").into(), &mut values);
        conditions.push(format!("w.target_regions LIKE {p}"));
    }
    if let Some(level) = f.level {
        let p = placeholder(level.code().to_string().into(), &mut values);
        conditions.push(format!("w.certificate_level <= {p}"));
    }
    if f.verified_only {
        conditions.push("w.certificate_status = 'verified'".to_string());
    }
    if let Some(min) = f.wage_min {
        let p = placeholder((i64::from(min) * 100).into(), &mut values);
        conditions.push(format!("w.expected_wage_fen >= {p}"));
    }
    if let Some(max) = f.wage_max {
        let p = placeholder((i64::from(max) * 100).into(), &mut values);
        conditions.push(format!("w.expected_wage_fen <= {p}"));
    }
    if let Some(sex) = f.sex {
        let p = placeholder(sex.code().to_string().into(), &mut values);
        conditions.push(format!("w.sex = {p}"));
    }
    if let Some(date) = f.available_by {
        let p = placeholder(date.to_string().into(), &mut values);
        conditions.push(format!(
            "(w.available_from IS NULL OR w.available_from <= {p})"
        ));
    }
    if let Some(max) = f.age_max.and_then(|a| today.years_earlier(a + 1)) {
        let p = placeholder(max.to_string().into(), &mut values);
        conditions.push(format!("w.birth_date > {p}"));
    }
    let filter = conditions.join(" AND ");
    (
        format!(
            "SELECT (SELECT COUNT(*) FROM worker w WHERE {filter}) AS n, w.id, w.name, w.bio FROM worker w WHERE {filter} ORDER BY w.id LIMIT 20"
        ),
        values,
    )
}

async fn sql_search(db: &DatabaseConnection, sql: &str, values: &[SqlValue]) -> (u64, Duration) {
    let backend = db.get_database_backend();
    // Each placeholder appears twice (count and page): bind the values twice.
    let mut all = values.to_vec();
    all.extend(values.iter().cloned());
    let sql = if backend == DatabaseBackend::Postgres {
        let offset = values.len();
        let mut renumbered = sql.to_string();
        // The second half of the statement reuses $1..$n: shift them to $n+1..$2n.
        if let Some(split) = renumbered.find(") AS n") {
            let (count, page) = renumbered.split_at(split);
            let mut page = page.to_string();
            for i in (1..=offset).rev() {
                page = page.replace(&format!("${i}"), &format!("${}", i + offset));
            }
            renumbered = format!("{count}{page}");
        }
        renumbered
    } else {
        sql.to_string()
    };
    let started = Instant::now();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, &sql, all))
        .await
        .unwrap();
    let took = started.elapsed();
    let n = rows
        .first()
        .map(|r| r.try_get::<i64>("", "n").unwrap_or(0))
        .unwrap_or(0);
    (u64::try_from(n).unwrap_or(0), took)
}

fn read_memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn http_round(
    address: &str,
    client: &reqwest::Client,
    clients: usize,
    repeat: usize,
) -> Vec<Duration> {
    let mut tasks = Vec::new();
    for c in 0..clients {
        let address = address.to_string();
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            for r in 0..repeat {
                for i in 0..QUERIES.len() {
                    // Different clients start at different queries.
                    let (_, query) = QUERIES[(i + c + r) % QUERIES.len()];
                    let url = format!("{address}/api/v1/workers/search?{query}");
                    let started = Instant::now();
                    let response = client.get(&url).send().await.unwrap();
                    let status = response.status();
                    let _ = response.bytes().await.unwrap();
                    samples.push(started.elapsed());
                    assert!(status.is_success(), "{url}: {status}");
                }
            }
            samples
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all
}

/// The deterministic demo ledger, imported as any ledger is, then consented; two in three
/// certificates verified.
async fn seed(db: &DatabaseConnection, roster: &RosterService, company_id: i32, workers: usize) {
    let started = Instant::now();
    let ledger = server::seed::demo_ledger(workers);
    let (_, report) = roster
        .import_ledger_file(
            company_id,
            &Actor {
                user_id: None,
                role: Some("bench".into()),
                client_ip: None,
            },
            server::services::ledger_file::LedgerInput::Bytes(Arc::from(ledger.into_bytes())),
            Some("bench.csv"),
            ImportMode::GoodRows,
            false,
            &|_| {},
        )
        .await
        .unwrap();
    db.execute_unprepared(
        "UPDATE worker SET consent_at = created_at, consent_method = 'bench', consent_scope = 'bench'",
    )
    .await
    .unwrap();
    db.execute_unprepared("UPDATE worker SET certificate_status = 'verified' WHERE id % 3 <> 0")
        .await
        .unwrap();
    println!(
        "seeded {} workers in {:.1} s",
        report.inserted,
        started.elapsed().as_secs_f64()
    );
}

/// Latencies over HTTP and the server's memory.
struct HttpMeasured {
    one: Vec<Duration>,
    sixteen: Vec<Duration>,
    rss_mib: u64,
    peak_mib: u64,
}

fn print_http(label: &str, measured: &HttpMeasured) {
    println!("\nHTTP, {label}:");
    println!("  1 client:             {}", summary(measured.one.clone()));
    println!(
        "  16 concurrent clients: {}",
        summary(measured.sixteen.clone())
    );
    println!(
        "  server memory: RSS {} MiB, peak {} MiB",
        measured.rss_mib, measured.peak_mib
    );
}

/// Starts the release server with these settings and measures it with 1 and 16 clients.
async fn http_measure(env: &BTreeMap<String, String>, repeat: usize) -> HttpMeasured {
    let release = laowu_binary()
        .parent()
        .and_then(|debug| debug.parent())
        .map(|target| target.join("release/laowu"))
        .unwrap();
    let mut command = std::process::Command::new(&release);
    command.arg("serve").env("LAOWU_BIND", "127.0.0.1:0");
    for (k, v) in env {
        command.env(format!("LAOWU_{}", k.to_uppercase()), v);
    }
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", release.display()));
    let stdout = child.stdout.take().unwrap();
    let address = announced_address(stdout)
        .recv_timeout(Duration::from_secs(300))
        .unwrap();
    let pid = child.id();
    // Signed in once (logins are rate-limited): clones share its cookie jar, so the 16
    // concurrent clients use one session as 16 browser tabs would.
    let client = laowu_tests::signed_in_at(&address, laowu_tests::EMPLOYER).await;
    // Warm up (and let the server's indexer confirm it is current).
    http_round(&address, &client, 1, 1).await;
    let one = http_round(&address, &client, 1, repeat).await;
    let sixteen = http_round(&address, &client, 16, repeat.div_ceil(4)).await;
    let (rss_mib, peak_mib) = read_memory(pid);
    let _ = child.kill();
    let _ = child.wait();
    HttpMeasured {
        one,
        sixteen,
        rss_mib,
        peak_mib,
    }
}

async fn run(backend: &'static str, args: &Args) {
    let (workers, repeat) = (args.workers, args.repeat);
    println!("\n=== {backend}, {workers} workers ===");
    let temporary = tempfile::Builder::new()
        .prefix("laowu-bench-search-")
        .tempdir()
        .unwrap();
    // A kept data directory only for SQLite: a PostgreSQL database is made fresh each run.
    let data_dir = match (&args.data_dir, backend) {
        (Some(dir), "sqlite") => {
            std::fs::create_dir_all(dir).unwrap();
            dir.clone()
        }
        _ => temporary.path().to_path_buf(),
    };
    let mut env = BTreeMap::new();
    env.insert("data_dir".to_string(), data_dir.display().to_string());
    env.insert("demo_data".to_string(), "true".to_string());
    env.insert("demo_workers".to_string(), "false".to_string());
    env.insert("log_level".to_string(), "warn".to_string());
    let mut postgres = None;
    if backend == "postgres" {
        let Some((name, url)) = postgres_database().await else {
            println!("PostgreSQL not reachable on 127.0.0.1:5432: skipped");
            return;
        };
        env.insert("database_url".to_string(), url);
        postgres = Some(name);
    }
    let settings = Settings::load(&Sources {
        file: None,
        env: env.clone(),
    })
    .unwrap();
    let db = prepare_database(&settings).await.unwrap();

    let keys = server::secrets::SecretKeys::load_or_create(&settings.data_dir).unwrap();
    let roster = RosterService::new(
        db.clone(),
        server::crypto::PiiVault::new(&keys),
        settings.data_dir.join("uploads"),
    );
    let company = roster
        .company_by_credit_code(server::seed::DEMO_COMPANY_CREDIT_CODE)
        .await
        .unwrap();
    let seeded: i64 = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM worker",
        ))
        .await
        .unwrap()
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(0);
    if usize::try_from(seeded).unwrap_or(0) >= workers {
        println!("reusing {seeded} workers seeded in {}", data_dir.display());
    } else {
        seed(&db, &roster, company.id, workers).await;
    }

    // Rebuild.
    let index = open_search_index(&settings, &db).await.unwrap();
    if args.skip_rebuild && !index.needs_rebuild().unwrap() {
        println!("index kept from the last run (--skip-rebuild)");
    } else {
        let report = rebuild(&db, &index, |_, _| {}).await.unwrap();
        println!(
            "index rebuild: {} workers in {:.2} s = {:.0} workers/s (waiting for the database {:.2} s, committing {:.2} s)",
            report.indexed,
            report.seconds,
            report.workers_read as f64 / report.seconds,
            report.reading_seconds,
            report.commit_seconds,
        );
    }
    let index_bytes = dir_size(index.root());
    let segments = index.searcher().unwrap().segment_readers().len();
    println!(
        "index {:.1} MiB in {segments} segments",
        index_bytes as f64 / 1_048_576.0
    );
    if args.http_only {
        drop(index);
        let mut env = env.clone();
        env.insert("search_cache_entries".to_string(), "0".to_string());
        print_http(
            "match sets kept, no result cache",
            &http_measure(&env, repeat).await,
        );
        drop_postgres(postgres.as_deref()).await;
        return;
    }

    // In-process.
    // No answers kept: every in-process search is computed, which is what this measures.
    let service = SearchService::new(db.clone(), index.clone(), 0);
    let requests: Vec<SearchRequest> = QUERIES
        .iter()
        .map(|(_, q)| {
            let params: SearchParams = params_from_query_string(q).unwrap();
            params.check().unwrap()
        })
        .collect();
    for request in &requests {
        service.run(request).await.unwrap();
    }
    let mut in_process = Vec::new();
    let mut totals = vec![0; QUERIES.len()];
    let mut per_query_index: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
    for _ in 0..repeat {
        for (i, request) in requests.iter().enumerate() {
            if args.in_process_only
                && args
                    .only
                    .as_deref()
                    .is_some_and(|only| !QUERIES[i].0.contains(only))
            {
                continue;
            }
            let started = Instant::now();
            let found = service.run(request).await.unwrap();
            let took = started.elapsed();
            in_process.push(took);
            per_query_index[i].push(took);
            totals[i] = found.total;
        }
    }
    println!(
        "in-process search:          {}",
        summary(in_process.clone())
    );
    if args.in_process_only {
        println!(
            "\n{:<24} {:>9} {:>11} {:>11}",
            "query", "index n", "p50", "p99"
        );
        for (i, (label, _)) in QUERIES.iter().enumerate() {
            let mut samples = per_query_index[i].clone();
            if samples.is_empty() {
                continue;
            }
            samples.sort();
            println!(
                "{:<24} {:>9} {:>9.2}ms {:>9.2}ms",
                label,
                totals[i],
                percentile(&samples, 50.0).as_secs_f64() * 1e3,
                percentile(&samples, 99.0).as_secs_f64() * 1e3,
            );
        }
        drop_postgres(postgres.as_deref()).await;
        return;
    }

    // SQL substring baseline.
    if backend == "postgres" {
        let started = Instant::now();
        db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            .await
            .unwrap();
        db.execute_unprepared(
            "CREATE INDEX worker_text_trgm ON worker USING gin ((name || ' ' || occupations || ' ' || bio) gin_trgm_ops)",
        )
        .await
        .unwrap();
        db.execute_unprepared("ANALYZE worker").await.unwrap();
        println!(
            "pg_trgm GIN index built in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let today = server::clock::shanghai_today();
    let mut sql_samples = Vec::new();
    let mut per_query_sql: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
    let mut sql_totals = Vec::new();
    let brand_occupations: BTreeMap<String, Vec<String>> = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT slug, occupations FROM brand",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            let slug: String = row.try_get("", "slug").unwrap();
            let occupations: String = row.try_get("", "occupations").unwrap();
            (slug, occupations.split('、').map(str::to_string).collect())
        })
        .collect();
    let mut statements = Vec::new();
    for request in &requests {
        let understood = service.understand(request).await.unwrap();
        statements.push(sql_for(
            db.get_database_backend(),
            &understood,
            &brand_occupations,
            today,
        ));
    }
    let sql_repeat = repeat.clamp(1, 3);
    for round in 0..sql_repeat {
        for (i, (sql, values)) in statements.iter().enumerate() {
            let (n, took) = sql_search(&db, sql, values).await;
            sql_samples.push(took);
            per_query_sql[i].push(took);
            if round == 0 {
                sql_totals.push(n);
            }
        }
    }
    println!(
        "SQL substring search:       {}",
        summary(sql_samples.clone())
    );
    println!(
        "p99 ratio SQL / index (in-process): {:.1}×",
        p99(sql_samples.clone()).as_secs_f64() / p99(in_process.clone()).as_secs_f64()
    );
    println!(
        "\n{:<24} {:>9} {:>9} {:>11} {:>11}",
        "query", "index n", "SQL n", "index p99", "SQL p99"
    );
    let mut fewer = 0;
    for (i, (label, _)) in QUERIES.iter().enumerate() {
        let flag = if totals[i] < sql_totals[i] {
            fewer += 1;
            "  ← fewer than SQL"
        } else {
            ""
        };
        println!(
            "{:<24} {:>9} {:>9} {:>9.2}ms {:>9.2}ms{flag}",
            label,
            totals[i],
            sql_totals[i],
            p99(per_query_index[i].clone()).as_secs_f64() * 1e3,
            p99(per_query_sql[i].clone()).as_secs_f64() * 1e3,
        );
    }
    println!("queries where search found fewer workers than SQL: {fewer}");
    drop(service);
    drop(index);

    // Over HTTP against the release server on the same data: first with nothing kept between
    // searches; then with words' match sets kept per segment (the default) but every answer
    // computed; then as served by default, where repeated searches on an unchanged index are
    // answered from the result cache.
    let mut one_computed = Vec::new();
    for (label, cache_entries, match_cache_mb) in [
        ("nothing kept", Some("0"), Some("0")),
        ("match sets kept, no result cache", Some("0"), None),
        ("default (match sets and result cache)", None, None),
    ] {
        let mut env = env.clone();
        if let Some(entries) = cache_entries {
            env.insert("search_cache_entries".to_string(), entries.to_string());
        }
        if let Some(mb) = match_cache_mb {
            env.insert("search_match_cache_mb".to_string(), mb.to_string());
        }
        let measured = http_measure(&env, repeat).await;
        print_http(label, &measured);
        if cache_entries.is_some() && match_cache_mb.is_none() {
            one_computed = measured.one;
        }
    }
    println!(
        "p99 ratio SQL / HTTP 1 client, no result cache: {:.1}×",
        p99(sql_samples).as_secs_f64() / p99(one_computed).as_secs_f64()
    );
    drop_postgres(postgres.as_deref()).await;
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args = args();
    println!(
        "search benchmark: {} workers, {} queries × {} rounds",
        args.workers,
        QUERIES.len(),
        args.repeat
    );
    for backend in args.backends.clone() {
        run(backend, &args).await;
    }
}
