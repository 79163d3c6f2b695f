//! `make bench-cluster`: search through HAProxy in front of 1, 2 and 3 `laowu serve` nodes on one
//! PostgreSQL database, 16 clients, in one run. Prints p50/p95/p99 and requests per second for
//! each size. A measurement, not a test (`harness = false`).
//!
//! Arguments: `--workers N` (generated, consented workers; default 20,000), `--seconds S` per
//! size (default 20). The nodes run the release binary (`LAOWU_BIN`, set by the Makefile).

#![allow(clippy::unwrap_used)]

use laowu_tests::cluster::{Cluster, ClusterPlan};
use sea_orm::{ConnectionTrait, Database};
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;
/// Queries employers type, over the generated ledger and the demo cast.
const QUERIES: [&str; 10] = [
    "q=%E5%8E%A8%E5%B8%88",                             // 厨师
    "q=%E6%B5%AE%E5%B1%B1+%E5%8E%A8%E5%B8%88",          // 浮山 厨师
    "q=hugong",                                         // 护工 by pinyin
    "q=%E5%8C%97%E4%BA%AC+%E6%9C%88%E5%AB%82",          // 北京 月嫂
    "q=%E9%9D%A2%E7%82%B9&level=3",                     // 面点 三级及以上
    "q=%E7%BE%8A%E6%B1%A4",                             // 羊汤
    "q=%E4%BA%AC%E6%B4%A5%E5%86%80+%E6%8A%A4%E5%B7%A5", // 京津冀 护工
    "region=%E6%96%B0%E7%96%86&per_page=50",            // 意向新疆
    "q=%E7%83%A7%E9%A5%BC&verified=true",               // 烧饼, verified
    "",                                                 // everyone
];

struct Args {
    workers: usize,
    seconds: u64,
}

fn args() -> Args {
    let mut parsed = Args {
        workers: 20_000,
        seconds: 20,
    };
    let mut list = std::env::args().skip(1);
    while let Some(arg) = list.next() {
        match arg.as_str() {
            "--workers" => parsed.workers = list.next().and_then(|v| v.parse().ok()).unwrap(),
            "--seconds" => parsed.seconds = list.next().and_then(|v| v.parse().ok()).unwrap(),
            // cargo bench passes --bench
            _ => {}
        }
    }
    parsed
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

/// 16 clients searching through the balancer for `seconds`: every latency, and the wall time.
async fn load(address: &str, client: &reqwest::Client, seconds: u64) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let client = client.clone();
        let address = address.to_string();
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut i = c;
            while Instant::now() < until {
                let url = format!(
                    "{address}/api/v1/workers/search?{}",
                    QUERIES[i % QUERIES.len()]
                );
                let asked = Instant::now();
                let response = client.get(&url).send().await.unwrap();
                let status = response.status();
                let _ = response.bytes().await.unwrap();
                assert!(status.is_success(), "{url}: {status}");
                samples.push(asked.elapsed());
                i += 1;
            }
            samples
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    (all, started.elapsed())
}

#[tokio::main]
async fn main() {
    let args = args();
    let Some(plan) = ClusterPlan::new().await else {
        eprintln!("bench-cluster needs PostgreSQL on 127.0.0.1:5432");
        std::process::exit(1);
    };
    let started = Instant::now();
    let seeded = plan
        .cli(&["seed", "--workers", &args.workers.to_string()])
        .output()
        .unwrap();
    assert!(
        seeded.status.success(),
        "laowu seed: {}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let db = Database::connect(plan.database_url()).await.unwrap();
    db.execute_unprepared(
        "UPDATE worker SET consent_at = created_at, consent_method = 'bench', consent_scope = 'bench' \
         WHERE consent_at IS NULL",
    )
    .await
    .unwrap();
    db.close().await.ok();
    println!(
        "seeded {} generated workers on PostgreSQL in {:.1} s",
        args.workers,
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut cluster = Cluster::start_planned(
        plan,
        3,
        &[
            ("LAOWU_LOG_LEVEL", "warn"),
            ("LAOWU_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE", "1000"),
        ],
    )
    .await;
    println!(
        "3 nodes started together (each rebuilt its own index) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let client = laowu_tests::signed_in_at(&cluster.address, laowu_tests::EMPLOYER).await;
    // Each node's index must hold everyone before it is measured.
    for node in &cluster.nodes {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            let page: serde_json::Value = client
                .get(node.url("/api/v1/workers/search?per_page=1"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if page["total"].as_u64().unwrap_or(0) >= args.workers as u64 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{} never indexed everyone",
                node.address
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    println!(
        "search through HAProxy, {CLIENTS} clients, {} s per size, {} queries in turn:",
        args.seconds,
        QUERIES.len()
    );
    for nodes in 1..=3 {
        cluster.balance_over(nodes).await;
        // Warm each node's caches a little, as a running cluster's would be.
        let _ = load(&cluster.address, &client, 2).await;
        let (mut samples, wall) = load(&cluster.address, &client, args.seconds).await;
        samples.sort();
        println!(
            "  {nodes} node{}: {} searches, {:.0} per second; p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
            if nodes == 1 { "" } else { "s" },
            samples.len(),
            samples.len() as f64 / wall.as_secs_f64(),
            percentile(&samples, 0.50).as_secs_f64() * 1000.0,
            percentile(&samples, 0.95).as_secs_f64() * 1000.0,
            percentile(&samples, 0.99).as_secs_f64() * 1000.0,
        );
    }
    drop(cluster);
}
