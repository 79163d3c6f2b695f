//! The scale-out design, tested: two `laowu serve` processes started together on one
//! PostgreSQL database behind HAProxy. A change made through one node reaches the other's
//! search index through the change log; sessions, rate limits and import progress hold
//! whichever node answers; a node killed in the middle of an import and started again agrees
//! with the database. PostgreSQL only: SQLite serves one process.

use laowu_tests::cluster::Cluster;
use laowu_tests::{COMPANY, PROMOTER, login_with, signed_in_at};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use server::db::entities::{app_user, worker};
use std::time::{Duration, Instant};

/// The design's promise for changes reaching every node's results.
const DEADLINE: Duration = Duration::from_secs(2);
/// Attempts per account per minute in this cluster.
const ACCOUNT_ATTEMPTS: usize = 4;

fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .build()
        .expect("HTTP client")
}

/// 集群 and the number in Chinese digits (names take no Arabic digits).
fn name_of(n: usize) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digits: String = n
        .to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect();
    format!("集群{digits}")
}

/// `count` workers, each with `marker` in the bio, numbered from `first`.
fn ledger(first: usize, count: usize, marker: &str) -> String {
    let mut csv = String::from(
        "姓名,身份证号,手机号,户籍区县,是否建档立卡,技能工种,职业技能等级,证书编号,发证机构,发证日期,从业年限,期望月薪,意向地区,可到岗日期,个人简介\n",
    );
    for n in first..first + count {
        let id = app::domain::id_number::with_check_char(&format!(
            "141027{}{:02}{:02}{:03}",
            1970 + n % 30,
            1 + n % 12,
            1 + n % 28,
            n % 1000
        ))
        .expect("an ID number");
        csv.push_str(&format!(
            "{},{id},137{n:08},浮山县,否,中式烹调师,四级/中级工,K{n:07},临汾市职业技能鉴定指导中心,2021-03-15,5,6000,北京,2027-03-01,{marker}厨师\n",
            name_of(n)
        ));
    }
    csv
}

async fn import(client: &Client, node: &str, csv: String) -> reqwest::Result<reqwest::Response> {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(csv.into_bytes())
            .file_name("roster.csv")
            .mime_str("text/csv")
            .expect("a mime type"),
    );
    client
        .post(format!("{node}/api/v1/rosters/import"))
        .multipart(form)
        .send()
        .await
}

async fn search_total(client: &Client, node: &str, q: &str) -> u64 {
    let page: Value = client
        .get(format!("{node}/api/v1/workers/search"))
        .query(&[("q", q)])
        .send()
        .await
        .expect("search")
        .json()
        .await
        .expect("JSON");
    page["total"].as_u64().unwrap_or_else(|| panic!("{page}"))
}

/// Polls `node`'s results for `q` until they number `want`; how long it took.
async fn until_total(
    client: &Client,
    node: &str,
    q: &str,
    want: u64,
    within: Duration,
) -> Duration {
    let started = Instant::now();
    loop {
        let total = search_total(client, node, q).await;
        if total == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "{node}: {q} gives {total}, not {want}, after {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn import_progress(client: &Client, node: &str) -> Value {
    client
        .post(format!("{node}/sfn/import_progress"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .expect("import progress")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test]
async fn several_nodes_share_one_postgresql_database() {
    let attempts = ACCOUNT_ATTEMPTS.to_string();
    let Some(mut cluster) = Cluster::start(
        2,
        &[
            (
                "LAOWU_LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE",
                attempts.as_str(),
            ),
            ("LAOWU_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE", "100"),
        ],
    )
    .await
    else {
        return;
    };
    let db = cluster.database().await;
    let (a, b) = (
        cluster.nodes[0].address.clone(),
        cluster.nodes[1].address.clone(),
    );

    // Started together, the database was migrated and seeded once.
    let admins = app_user::Entity::find()
        .filter(app_user::Column::Username.eq("admin"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(admins, 1);

    // A node whose secrets.toml is not the cluster's is refused before it writes anything.
    let stranger = tempfile::tempdir().unwrap();
    let refused = std::process::Command::new(laowu_tests::laowu_binary())
        .env_remove("LAOWU_CONFIG")
        .env("LAOWU_DATABASE_URL", cluster.database_url())
        .env("LAOWU_DATA_DIR", stranger.path())
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("secrets.toml"), "{said}");

    // A session made on one node is good on the other and through the balancer.
    let company = signed_in_at(&cluster.nodes[0].address, COMPANY).await;
    for url in [format!("{b}/api/v1/me"), cluster.url("/api/v1/me")] {
        for _ in 0..3 {
            let me = company.get(&url).send().await.unwrap();
            assert_eq!(me.status(), StatusCode::OK, "{url}");
        }
    }

    // A ledger imported and consented through A is found, every worker, through B.
    let response = import(&company, &a, ledger(0, 40, "集群甲")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let company_id = worker::Entity::find()
        .filter(worker::Column::Name.eq(name_of(0)))
        .one(&db)
        .await
        .unwrap()
        .expect("imported")
        .company_id;
    let imported = worker::Entity::find()
        .filter(worker::Column::CompanyId.eq(company_id))
        .filter(worker::Column::Name.starts_with("集群"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(imported.len(), 40);
    for w in &imported {
        let consent = company
            .post(format!("{a}/api/v1/workers/{}/consent", w.id))
            .json(&json!({"method": "书面签字", "scope": "向认证用工单位展示技能和求职意向"}))
            .send()
            .await
            .unwrap();
        assert!(consent.status().is_success());
    }
    let employer = signed_in_at(&cluster.nodes[1].address, laowu_tests::EMPLOYER).await;
    let took = until_total(&employer, &b, "集群甲", 40, DEADLINE).await;
    println!("imported through A, all found through B in {took:?}");

    // Consent withdrawn through B leaves A's results.
    let withdrawn = company
        .delete(format!("{b}/api/v1/workers/{}/consent", imported[0].id))
        .send()
        .await
        .unwrap();
    assert!(withdrawn.status().is_success());
    let took = until_total(&employer, &a, "集群甲", 39, DEADLINE).await;
    println!("withdrawn through B, gone from A in {took:?}");

    // The per-account limit counts attempts on every node.
    for n in 0..ACCOUNT_ATTEMPTS {
        let node = if n % 2 == 0 { &a } else { &b };
        let wrong = login_with(&client(), node, PROMOTER.0, "not-the-password").await;
        assert_eq!(
            wrong.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {n} at {node}"
        );
    }
    for node in [&a, &b] {
        let limited = login_with(&client(), node, PROMOTER.0, PROMOTER.1).await;
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS, "{node}");
    }

    // A large import through A shows its progress on B; A is killed in the middle of it.
    let importer = company.clone();
    let node_a = a.clone();
    let running =
        tokio::spawn(async move { import(&importer, &node_a, ledger(1000, 6000, "集群乙")).await });
    let deadline = Instant::now() + Duration::from_secs(120);
    let seen_on_b = loop {
        let progress = import_progress(&company, &b).await;
        if progress["phase"] == "writing" && progress["done"].as_u64().unwrap_or(0) > 0 {
            break progress;
        }
        assert!(
            !running.is_finished(),
            "the import ended before B saw it writing"
        );
        assert!(
            Instant::now() < deadline,
            "B never saw the import's progress"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    println!("B sees A's import: {seen_on_b}");
    cluster.nodes[0].kill();
    assert!(
        running.await.unwrap().is_err(),
        "the request died with its node"
    );

    // Changes while A is down, through the balancer (which now only has B).
    let through_balancer = signed_in_at(&cluster.nodes[1].address, COMPANY).await;
    for w in &imported[1..4] {
        let response = through_balancer
            .delete(cluster.url(&format!("/api/v1/workers/{}/consent", w.id)))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
    }
    cluster.nodes[0].restart();

    // B and the restarted A agree with the database: the rows A wrote before it died are
    // there and searchable as they are (not consented: no employer sees them), the consents
    // withdrawn while it was down are gone from its index too.
    let written = worker::Entity::find()
        .filter(worker::Column::CompanyId.eq(company_id))
        .filter(worker::Column::Name.starts_with("集群"))
        .count(&db)
        .await
        .unwrap();
    println!("{written} of the cluster's workers on the roster after A died mid-import");
    let published = worker::Entity::find()
        .filter(worker::Column::CompanyId.eq(company_id))
        .filter(worker::Column::Name.starts_with("集群"))
        .filter(worker::Column::ConsentAt.is_not_null())
        .filter(worker::Column::Active.eq(true))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(published, 36);
    for node in [&a, &b] {
        until_total(&employer, node, "集群", published, Duration::from_secs(30)).await;
        let roster: Value = company
            .get(format!("{node}/api/v1/workers"))
            .query(&[("per_page", "1")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let on_roster = worker::Entity::find()
            .filter(worker::Column::CompanyId.eq(company_id))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(
            roster["total"].as_u64(),
            Some(on_roster),
            "{node}: {roster}"
        );
    }
    // The dead node's progress is not shown for ever.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !import_progress(&company, &b).await.is_null() {
        assert!(
            Instant::now() < deadline,
            "the dead import's progress stays"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
