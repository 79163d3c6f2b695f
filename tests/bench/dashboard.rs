//! `make bench-dashboard`: seeds a city the size the county dashboard is meant for (default
//! 200,000 建档立卡 households and 1,000,000 workers, with placements, local jobs, subsidy claims
//! and targets) with bulk multi-row INSERTs, then prints how long the dashboard takes: the
//! figures computed in-process (`figures::compute`, `figures::data_mark`, and each of its SQL
//! statements alone), and over HTTP against the release server signed in as the demo admin —
//! warm (the kept snapshot) with 1 and 8 clients for the city and for one county, and the first
//! request after a change. A benchmark: it measures and prints, it asserts nothing.
//!
//! Flags: `--households N`, `--workers N` (placements, local jobs and claims follow the workers
//! unless `--placements N`, `--local-jobs N`, `--claims N`), `--backend sqlite|postgres`
//! (default both), `--data-dir DIR` (keeps the seeded SQLite database there and reuses it next
//! time), `--requests N` (per HTTP figure, default 300), `--runs N` (in-process repetitions,
//! default 3), `--changes N` (samples after a change, default 5), `--county CODE` (default
//! 141027), `--explain` (print each statement's plan), `--in-process-only`.
//!
//! The per-statement figures run the server's own statements (`figures::statements`,
//! `figures::data_mark_statement`, `dashboard::waiting_households`), each alone.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use chrono::{DateTime, Days, NaiveDate, SecondsFormat, TimeZone, Utc};
use laowu_tests::{announced_address, laowu_binary};
use sea_orm::{
    ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement, TransactionTrait,
    Value,
};
use server::config::{Settings, Sources};
use server::search::indexer::rebuild;
use server::services::dashboard::figures;
use server::startup::{open_search_index, prepare_database};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Linfen's 17 county codes with how many of the city's households each holds (relative).
const COUNTIES: [(&str, u32); 17] = [
    ("141002", 14),
    ("141021", 5),
    ("141022", 6),
    ("141023", 8),
    ("141024", 12),
    ("141025", 3),
    ("141026", 2),
    ("141027", 5),
    ("141028", 4),
    ("141029", 6),
    ("141030", 3),
    ("141031", 5),
    ("141032", 3),
    ("141033", 4),
    ("141034", 5),
    ("141081", 4),
    ("141082", 6),
];
const TOWNSHIPS: [&str; 12] = [
    "城关镇",
    "东关镇",
    "西河乡",
    "南辛店乡",
    "北王镇",
    "大阳镇",
    "刘村镇",
    "屯里镇",
    "魏村镇",
    "土门镇",
    "贾得乡",
    "乔李镇",
];
const VILLAGE_HEADS: [&str; 18] = [
    "东", "西", "南", "北", "上", "下", "前", "后", "张", "李", "王", "刘", "赵", "杨", "郭", "贾",
    "薛", "段",
];
const VILLAGE_TAILS: [&str; 6] = ["庄", "河", "峪", "坡", "沟", "堡"];
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "郭", "贾", "薛", "卫", "段",
];
const GIVEN: [&str; 12] = [
    "建国", "秀英", "海平", "桂兰", "志强", "红梅", "晓东", "丽娜", "永刚", "春燕", "文军", "小红",
];
const OCCUPATIONS: [&str; 8] = [
    "中式烹调师",
    "中式面点师",
    "养老护理员",
    "家政服务员",
    "保育师",
    "电工",
    "焊工",
    "砌筑工",
];
/// (region code, place) of placements across provinces; in-province ones go to 太原.
const DESTINATIONS: [(&str, &str); 6] = [
    ("110000", "北京市朝阳区"),
    ("310000", "上海市浦东新区"),
    ("120000", "天津市河西区"),
    ("320000", "江苏省苏州市"),
    ("330000", "浙江省杭州市"),
    ("440000", "广东省深圳市"),
];
const LOCAL_KINDS: [(&str, u32); 6] = [
    ("public_welfare", 30),
    ("poverty_workshop", 25),
    ("cooperative", 15),
    ("local_enterprise", 20),
    ("key_project", 5),
    ("self_employed", 5),
];
const CLAIM_KINDS: [(&str, u32); 4] = [
    ("transport", 45),
    ("social_insurance", 35),
    ("employer_hiring", 10),
    ("employer_insurance", 10),
];
const CLAIM_STATES: [(&str, u32); 5] = [
    ("computed", 30),
    ("submitted", 25),
    ("approved", 20),
    ("rejected", 5),
    ("paid", 20),
];
const EDUCATION: [(&str, u32); 6] = [
    ("primary", 10),
    ("junior_middle", 50),
    ("senior_middle", 15),
    ("vocational", 15),
    ("college", 8),
    ("university", 2),
];
const LEVELS: [(&str, u32); 5] = [("5", 40), ("4", 30), ("3", 20), ("2", 8), ("1", 2)];
const POVERTY: [(&str, u32); 3] = [("poor", 10), ("lifted_out", 75), ("monitored", 15)];

const ROWS_PER_STATEMENT: usize = 1_000;
const ROWS_PER_TRANSACTION: usize = 50_000;

struct Args {
    households: usize,
    workers: usize,
    placements: Option<usize>,
    local_jobs: Option<usize>,
    claims: Option<usize>,
    backends: Vec<&'static str>,
    data_dir: Option<PathBuf>,
    requests: usize,
    runs: usize,
    changes: usize,
    county: String,
    explain: bool,
    in_process_only: bool,
}

fn args() -> Args {
    let mut args = Args {
        households: 200_000,
        workers: 1_000_000,
        placements: None,
        local_jobs: None,
        claims: None,
        backends: vec!["sqlite", "postgres"],
        data_dir: None,
        requests: 300,
        runs: 3,
        changes: 5,
        county: "141027".to_string(),
        explain: false,
        in_process_only: false,
    };
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < raw.len() {
        let value = raw.get(i + 1).cloned().unwrap_or_default();
        let number = |flag: &str| -> usize {
            value
                .replace('_', "")
                .parse()
                .unwrap_or_else(|_| panic!("{flag} N"))
        };
        match raw[i].as_str() {
            "--households" => args.households = number("--households"),
            "--workers" => args.workers = number("--workers"),
            "--placements" => args.placements = Some(number("--placements")),
            "--local-jobs" => args.local_jobs = Some(number("--local-jobs")),
            "--claims" => args.claims = Some(number("--claims")),
            "--requests" => args.requests = number("--requests").max(1),
            "--runs" => args.runs = number("--runs").max(1),
            "--changes" => args.changes = number("--changes"),
            "--county" => args.county = value,
            "--data-dir" => args.data_dir = Some(value.into()),
            "--backend" => {
                args.backends = match value.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    _ => vec!["sqlite", "postgres"],
                }
            }
            "--explain" => {
                args.explain = true;
                i += 1;
                continue;
            }
            "--in-process-only" => {
                args.in_process_only = true;
                i += 1;
                continue;
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

/// Deterministic data: the same city every run (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn weighted<T: Copy>(&mut self, choices: &[(T, u32)]) -> T {
        let total: u32 = choices.iter().map(|(_, w)| w).sum();
        let mut at = (self.next() % u64::from(total)) as u32;
        for (choice, weight) in choices {
            if at < *weight {
                return *choice;
            }
            at -= weight;
        }
        choices[0].0
    }

    /// Skewed towards low indices: the first townships and villages are the big ones.
    fn skewed(&mut self, n: usize) -> usize {
        self.below(n).min(self.below(n))
    }
}

/// A timestamp as the application stores it (sqlx writes RFC 3339 on SQLite).
fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn day_after(start: NaiveDate, days: usize) -> NaiveDate {
    start + Days::new(days as u64)
}

fn at_noon(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(4, 0, 0).unwrap())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    percentile(&sorted, 50.0)
}

fn summary(samples: &[Duration]) -> String {
    let mut sorted = samples.to_vec();
    sorted.sort();
    format!(
        "p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  (n={})",
        ms(percentile(&sorted, 50.0)),
        ms(percentile(&sorted, 95.0)),
        ms(percentile(&sorted, 99.0)),
        ms(sorted.last().copied().unwrap_or_default()),
        sorted.len()
    )
}

fn list(samples: &[Duration]) -> String {
    samples
        .iter()
        .map(|d| format!("{:.0}", ms(*d)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `?` placeholders as `$1, $2 …` for PostgreSQL (the statements have no `?` in literals).
fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DatabaseBackend::Postgres {
        let mut numbered = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                write!(numbered, "${n}").unwrap();
            } else {
                numbered.push(c);
            }
        }
        numbered
    } else {
        sql.to_string()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .and_then(|row| row.try_get_by_index::<Option<i64>>(0).ok().flatten())
        .unwrap_or(0)
}

async fn next_id(db: &DatabaseConnection, table: &str) -> usize {
    usize::try_from(scalar(db, &format!("SELECT CAST(MAX(id) AS BIGINT) FROM {table}")).await)
        .unwrap_or(0)
        + 1
}

/// `count` rows as multi-row INSERTs of `ROWS_PER_STATEMENT`, `ROWS_PER_TRANSACTION` a
/// transaction; `row(i, sql)` appends row i's values (without the parentheses).
async fn bulk_insert(
    db: &DatabaseConnection,
    table: &str,
    columns: &str,
    count: usize,
    mut row: impl FnMut(usize, &mut String),
) {
    let mut i = 0;
    while i < count {
        let txn = db.begin().await.unwrap();
        let txn_end = (i + ROWS_PER_TRANSACTION).min(count);
        while i < txn_end {
            let end = (i + ROWS_PER_STATEMENT).min(txn_end);
            let mut sql = String::with_capacity(256 * (end - i));
            write!(sql, "INSERT INTO {table} ({columns}) VALUES ").unwrap();
            for k in i..end {
                if k > i {
                    sql.push(',');
                }
                sql.push('(');
                row(k, &mut sql);
                sql.push(')');
            }
            txn.execute_unprepared(&sql)
                .await
                .unwrap_or_else(|e| panic!("inserting into {table}: {e}"));
            i = end;
        }
        txn.commit().await.unwrap();
    }
}

fn quoted_or_null(value: Option<&str>) -> String {
    value.map_or_else(|| "NULL".to_string(), |v| format!("'{v}'"))
}

fn boolean(value: bool) -> &'static str {
    if value { "TRUE" } else { "FALSE" }
}

struct Sizes {
    households: usize,
    workers: usize,
    placements: usize,
    local_jobs: usize,
    claims: usize,
}

/// Seeds the city with bulk INSERTs; prints each table's time.
async fn seed(db: &DatabaseConnection, sizes: &Sizes, today: NaiveDate) {
    let backend = db.get_database_backend();
    let started = Instant::now();
    let mut rng = Rng(2026);
    let now = Utc::now();
    let year = today.format("%Y").to_string();
    let year_start =
        NaiveDate::from_ymd_opt(today.format("%Y").to_string().parse().unwrap(), 1, 1).unwrap();
    let placements_from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let span = usize::try_from((today - placements_from).num_days()).unwrap() + 1;
    let year_span = usize::try_from((today - year_start).num_days()).unwrap() + 1;

    // One labour company per county, set up by the city; the demo employer takes everyone.
    let names: BTreeMap<String, String> = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT code, name FROM county",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.try_get("", "code").unwrap(),
                r.try_get("", "name").unwrap(),
            )
        })
        .collect();
    let mut sql =
        "INSERT INTO company (name, county_code, created_at, approved_at) VALUES ".to_string();
    for (i, (code, _)) in COUNTIES.iter().enumerate() {
        if i > 0 {
            sql.push(',');
        }
        let stamp = ts(now);
        write!(
            sql,
            "('{}劳务派遣有限公司（基准）', '{code}', '{stamp}', '{stamp}')",
            names[*code]
        )
        .unwrap();
    }
    db.execute_unprepared(&sql).await.unwrap();
    let mut companies = Vec::new();
    for (code, _) in COUNTIES {
        companies.push(
            scalar(
                db,
                &format!("SELECT CAST(MAX(id) AS BIGINT) FROM company WHERE county_code = '{code}' AND name LIKE '%（基准）'"),
            )
            .await,
        );
    }
    let employer = scalar(db, "SELECT CAST(MIN(id) AS BIGINT) FROM employer").await;
    let user = scalar(
        db,
        "SELECT CAST(id AS BIGINT) FROM app_user WHERE username = 'jingweilou'",
    )
    .await;
    let policy = scalar(db, "SELECT CAST(MIN(id) AS BIGINT) FROM policy_version").await;

    // Households.
    let phase = Instant::now();
    let first_household = next_id(db, "household").await;
    let mut household_county = Vec::with_capacity(sizes.households);
    let mut household_status = Vec::with_capacity(sizes.households);
    let mut willing_by_county = [0u32; 17];
    let household_stamp = ts(at_noon(day_after(placements_from, 30)));
    bulk_insert(
        db,
        "household",
        "id, number, county_code, township, village, status, head_name, labour_count, \
         willing_count, ledger_hash, version, created_at, updated_at",
        sizes.households,
        |i, sql| {
            let county = rng.weighted(&COUNTIES_INDEXED);
            let townships = 8 + county % 5;
            let township = rng.skewed(townships);
            let village = rng.skewed(12 + (township * 3 + county) % 7);
            let status = rng.weighted(&POVERTY);
            let labour = 1 + rng.below(4);
            let willing = if rng.percent(80) {
                1 + rng.below(labour)
            } else {
                0
            };
            household_county.push(county as u8);
            household_status.push(status);
            if willing > 0 {
                willing_by_county[county] += 1;
            }
            let code = COUNTIES[county].0;
            write!(
                sql,
                "{}, '{code}{i:08}', '{code}', '{}', '{}{}村', '{status}', '{}{}', {labour}, \
                 {willing}, 'h{i}', 1, '{household_stamp}', '{household_stamp}'",
                first_household + i,
                TOWNSHIPS[township],
                VILLAGE_HEADS[village],
                VILLAGE_TAILS[(village + township) % VILLAGE_TAILS.len()],
                SURNAMES[rng.below(SURNAMES.len())],
                GIVEN[rng.below(GIVEN.len())],
            )
            .unwrap();
        },
    )
    .await;
    println!(
        "  households:      {:>9} rows in {:>6.1} s",
        sizes.households,
        phase.elapsed().as_secs_f64()
    );

    // Placements are decided first: their workers are out (placed_since) in the roster.
    struct Placed {
        worker: usize,
        starts: NaiveDate,
        ends: Option<NaiveDate>,
        cross: bool,
    }
    let mut placed = Vec::with_capacity(sizes.placements);
    let mut placed_since: Vec<Option<NaiveDate>> = vec![None; sizes.workers];
    for k in 0..sizes.placements {
        let worker = k * sizes.workers / sizes.placements.max(1);
        let starts = day_after(placements_from, rng.below(span));
        let ends = if rng.percent(30) {
            let end = day_after(starts, 30 + rng.below(270));
            (end < today).then_some(end)
        } else {
            None
        };
        if ends.is_none() {
            placed_since[worker] = Some(starts);
        }
        placed.push(Placed {
            worker,
            starts,
            ends,
            cross: rng.percent(70),
        });
    }

    // Workers: 60% in a registered household (its county), the rest by home county.
    let phase = Instant::now();
    let first_worker = next_id(db, "worker").await;
    let mut worker_county: Vec<u8> = Vec::with_capacity(sizes.workers);
    let mut linked: Vec<bool> = Vec::with_capacity(sizes.workers);
    let worker_stamp = ts(at_noon(day_after(placements_from, 10)));
    bulk_insert(
        db,
        "worker",
        "id, company_id, name, id_number_enc, id_number_index, id_number_masked, birth_date, \
         sex, phone_enc, phone_masked, household_county_code, poverty_registered, occupations, \
         certificate_level, certificate_date, certificate_status, years_experience, \
         expected_wage_fen, target_regions, bio, active, ledger_hash, version, created_at, \
         updated_at, education, training_wish, employment_wish, household_number, \
         poverty_status, placed_since",
        sizes.workers,
        |i, sql| {
            let household =
                (sizes.households > 0 && rng.percent(60)).then(|| rng.below(sizes.households));
            let county = household.map_or_else(
                || rng.weighted(&COUNTIES_INDEXED),
                |h| usize::from(household_county[h]),
            );
            worker_county.push(county as u8);
            linked.push(household.is_some());
            let code = COUNTIES[county].0;
            let home = if household.is_some() || rng.percent(90) {
                Some(code)
            } else {
                None
            };
            let male = rng.percent(58);
            let age = 16 + rng.below(56);
            let birth = today
                .checked_sub_days(Days::new((age * 365 + rng.below(365)) as u64))
                .unwrap();
            let level = (!rng.percent(55)).then(|| rng.weighted(&LEVELS));
            let (status, certified) = match level {
                None => ("unverified", None),
                Some(_) => (
                    rng.weighted(&[("verified", 50), ("unverified", 42), ("rejected", 8)]),
                    (!rng.percent(10))
                        .then(|| {
                            day_after(
                                NaiveDate::from_ymd_opt(2012, 1, 1).unwrap(),
                                rng.below(5000),
                            )
                        })
                        .filter(|d| *d <= today)
                        .map(|d| d.to_string()),
                ),
            };
            let number = household.map(|h| format!("{code}{h:08}"));
            let poverty = household.map(|h| household_status[h]);
            write!(
                sql,
                "{}, {}, '{}{}', 'enc', 'bench{i:07}', '{code}********{:04}', '{birth}', '{}', \
                 'enc', '138****{:04}', {}, {}, '{}', {}, {}, '{status}', {}, {}, '', '', {}, \
                 'w{i}', 1, '{worker_stamp}', '{worker_stamp}', '{}', {}, {}, {}, {}, {}",
                first_worker + i,
                companies[county],
                SURNAMES[rng.below(SURNAMES.len())],
                GIVEN[rng.below(GIVEN.len())],
                i % 10_000,
                if male { "male" } else { "female" },
                i % 10_000,
                quoted_or_null(home),
                boolean(household.is_some()),
                OCCUPATIONS[rng.below(OCCUPATIONS.len())],
                quoted_or_null(level),
                quoted_or_null(certified.as_deref()),
                rng.below(20),
                (4_000 + rng.below(6_000)) * 100,
                boolean(!rng.percent(4)),
                rng.weighted(&EDUCATION),
                boolean(rng.percent(40)),
                boolean(rng.percent(75)),
                quoted_or_null(number.as_deref()),
                quoted_or_null(poverty),
                quoted_or_null(placed_since[i].map(|d| ts(at_noon(d))).as_deref()),
            )
            .unwrap();
        },
    )
    .await;
    println!(
        "  workers:         {:>9} rows in {:>6.1} s",
        sizes.workers,
        phase.elapsed().as_secs_f64()
    );

    // The hiring chain a placement needs: a request per company, then line → contract →
    // placement, one each per placement.
    let phase = Instant::now();
    let mut sql =
        "INSERT INTO hire_request (employer_id, company_id, started_by, position, place, \
                   region_code, monthly_wage_fen, start_date, term_months, conditions, message, \
                   created_by, created_at, expires_at) VALUES "
            .to_string();
    for (i, company) in companies.iter().enumerate() {
        if i > 0 {
            sql.push(',');
        }
        let stamp = ts(at_noon(placements_from));
        write!(
            sql,
            "({employer}, {company}, 'employer', '厨师', '北京市朝阳区', '110000', 600000, \
             '{placements_from}', 12, '', '', {user}, '{stamp}', '{stamp}')"
        )
        .unwrap();
    }
    db.execute_unprepared(&sql).await.unwrap();
    let mut requests = Vec::new();
    for company in &companies {
        requests.push(
            scalar(
                db,
                &format!(
                    "SELECT CAST(MAX(id) AS BIGINT) FROM hire_request WHERE company_id = {company}"
                ),
            )
            .await,
        );
    }
    let first_line = next_id(db, "hire_line").await;
    bulk_insert(
        db,
        "hire_line",
        "id, hire_request_id, worker_id, state, agreed_wage_fen, agreed_start_date, version, \
         updated_at",
        placed.len(),
        |k, sql| {
            let p = &placed[k];
            write!(
                sql,
                "{}, {}, {}, '{}', 600000, '{}', 1, '{}'",
                first_line + k,
                requests[usize::from(worker_county[p.worker])],
                first_worker + p.worker,
                if p.ends.is_some() { "ended" } else { "placed" },
                p.starts,
                ts(at_noon(p.starts)),
            )
            .unwrap();
        },
    )
    .await;
    let first_contract = next_id(db, "contract").await;
    bulk_insert(
        db,
        "contract",
        "id, hire_line_id, version_number, employer_id, company_id, worker_id, kind, terms, \
         state, row_version, created_by, created_at, updated_at, signed_at",
        placed.len(),
        |k, sql| {
            let p = &placed[k];
            let signed = ts(at_noon(p.starts));
            write!(
                sql,
                "{}, {}, 1, {employer}, {}, {}, 'direct', '{{}}', '{}', 1, {user}, '{signed}', \
                 '{signed}', '{signed}'",
                first_contract + k,
                first_line + k,
                companies[usize::from(worker_county[p.worker])],
                first_worker + p.worker,
                if p.ends.is_some() {
                    "expired"
                } else {
                    "signed"
                },
            )
            .unwrap();
        },
    )
    .await;
    let first_placement = next_id(db, "placement").await;
    bulk_insert(
        db,
        "placement",
        "id, hire_line_id, contract_id, worker_id, employer_id, company_id, position, place, \
         region_code, cross_province, starts_on, ends_on, end_reason, state, created_at",
        placed.len(),
        |k, sql| {
            let p = &placed[k];
            let (region, place) = if p.cross {
                DESTINATIONS[k % DESTINATIONS.len()]
            } else {
                ("140000", "山西省太原市")
            };
            write!(
                sql,
                "{}, {}, {}, {}, {employer}, {}, '厨师', '{place}', '{region}', {}, '{}', {}, {}, \
                 '{}', '{}'",
                first_placement + k,
                first_line + k,
                first_contract + k,
                first_worker + p.worker,
                companies[usize::from(worker_county[p.worker])],
                boolean(p.cross),
                p.starts,
                quoted_or_null(p.ends.map(|d| d.to_string()).as_deref()),
                quoted_or_null(p.ends.map(|_| "合同到期")),
                if p.ends.is_some() { "ended" } else { "active" },
                ts(at_noon(p.starts)),
            )
            .unwrap();
        },
    )
    .await;
    println!(
        "  placements:      {:>9} rows in {:>6.1} s (with as many hire lines and contracts)",
        placed.len(),
        phase.elapsed().as_secs_f64()
    );

    // Local jobs: mostly members of registered households, in their home county.
    let phase = Instant::now();
    let first_job = next_id(db, "local_job").await;
    bulk_insert(
        db,
        "local_job",
        "id, worker_id, county_code, kind, employer_name, starts_on, ends_on, version, \
         created_at, updated_at",
        sizes.local_jobs,
        |k, sql| {
            let mut worker = rng.below(sizes.workers);
            for _ in 0..4 {
                if linked[worker] || rng.percent(20) {
                    break;
                }
                worker = rng.below(sizes.workers);
            }
            let starts = day_after(placements_from, rng.below(span));
            let ends = rng
                .percent(25)
                .then(|| day_after(starts, 30 + rng.below(200)))
                .filter(|d| *d < today);
            let stamp = ts(at_noon(starts));
            write!(
                sql,
                "{}, {}, '{}', '{}', '村集体合作社', '{starts}', {}, 1, '{stamp}', '{stamp}'",
                first_job + k,
                first_worker + worker,
                COUNTIES[usize::from(worker_county[worker])].0,
                rng.weighted(&LOCAL_KINDS),
                quoted_or_null(ends.map(|d| d.to_string()).as_deref()),
            )
            .unwrap();
        },
    )
    .await;
    println!(
        "  local jobs:      {:>9} rows in {:>6.1} s",
        sizes.local_jobs,
        phase.elapsed().as_secs_f64()
    );

    // Claims of this year in every state.
    let phase = Instant::now();
    let first_claim = next_id(db, "subsidy_claim").await;
    bulk_insert(
        db,
        "subsidy_claim",
        "id, kind, fact_key, worker_id, company_id, employer_id, county_code, period, year, \
         amount_fen, travel_cost_fen, policy_version_id, explanation, state, evidence, \
         row_version, created_at, updated_at",
        sizes.claims,
        |k, sql| {
            let worker = rng.below(sizes.workers);
            let county = usize::from(worker_county[worker]);
            let kind = rng.weighted(&CLAIM_KINDS);
            let day = day_after(year_start, rng.below(year_span));
            let monthly = kind == "social_insurance" || kind == "employer_insurance";
            let (amount, travel) = match kind {
                "transport" => (20_000 + rng.below(30_000), Some(20_000 + rng.below(40_000))),
                "social_insurance" => (40_000 + rng.below(40_000), None),
                "employer_hiring" => (100_000, None),
                _ => (30_000, None),
            };
            let stamp = ts(at_noon(day));
            write!(
                sql,
                "{}, '{kind}', 'bench:{k}', {}, {}, {}, '{}', {}, {year}, {amount}, {}, {policy}, \
                 '{{}}', '{}', '', 1, '{stamp}', '{stamp}'",
                first_claim + k,
                first_worker + worker,
                companies[county],
                if kind.starts_with("employer") {
                    employer.to_string()
                } else {
                    "NULL".to_string()
                },
                COUNTIES[county].0,
                quoted_or_null(monthly.then(|| day.format("%Y-%m").to_string()).as_deref()),
                travel.map_or_else(|| "NULL".to_string(), |t| t.to_string()),
                rng.weighted(&CLAIM_STATES),
            )
            .unwrap();
        },
    )
    .await;
    println!(
        "  subsidy claims:  {:>9} rows in {:>6.1} s",
        sizes.claims,
        phase.elapsed().as_secs_f64()
    );

    // This year's and last year's targets for every county.
    let this_year: i32 = year.parse().unwrap();
    bulk_insert(
        db,
        "county_target",
        "county_code, year, households_to_employ, workers_to_train, workers_to_export, \
         version, updated_at",
        COUNTIES.len() * 2,
        |k, sql| {
            let county = k % COUNTIES.len();
            let willing = willing_by_county[county];
            write!(
                sql,
                "'{}', {}, {}, {}, {}, 1, '{}'",
                COUNTIES[county].0,
                this_year - i32::from(k >= COUNTIES.len()),
                willing * 7 / 10,
                willing / 2,
                willing,
                ts(now),
            )
            .unwrap();
        },
    )
    .await;

    if backend == DatabaseBackend::Postgres {
        for table in [
            "household",
            "worker",
            "hire_line",
            "contract",
            "placement",
            "local_job",
            "subsidy_claim",
        ] {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .await
            .unwrap();
        }
    }
    println!("seeded in {:.1} s", started.elapsed().as_secs_f64());
}

/// `COUNTIES` as (index, weight), for `Rng::weighted`.
const COUNTIES_INDEXED: [(usize, u32); 17] = {
    let mut indexed = [(0, 0); 17];
    let mut i = 0;
    while i < 17 {
        indexed[i] = (i, COUNTIES[i].1);
        i += 1;
    }
    indexed
};

async fn postgres_database() -> Option<(String, String)> {
    let admin = Database::connect("postgres://postgres@127.0.0.1:5432/postgres")
        .await
        .ok()?;
    let name = format!("laowu_bench_dashboard_{}", std::process::id());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .ok()?;
    Some((
        name.clone(),
        format!("postgres://postgres@127.0.0.1:5432/{name}"),
    ))
}

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

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Rows of each table, and the database's size on disk.
async fn print_sizes(db: &DatabaseConnection, settings: &Settings) {
    let mut counts = Vec::new();
    for table in [
        "household",
        "worker",
        "placement",
        "contract",
        "local_job",
        "subsidy_claim",
        "county_target",
    ] {
        let n = scalar(db, &format!("SELECT COUNT(*) FROM {table}")).await;
        counts.push(format!("{table} {n}"));
    }
    println!("rows: {}", counts.join(", "));
    if settings.is_postgres() {
        let total = scalar(db, "SELECT pg_database_size(current_database())").await;
        let mut tables = Vec::new();
        for table in [
            "household",
            "worker",
            "placement",
            "contract",
            "subsidy_claim",
        ] {
            let bytes = scalar(db, &format!("SELECT pg_total_relation_size('{table}')")).await;
            tables.push(format!("{table} {:.0}", bytes as f64 / 1_048_576.0));
        }
        println!(
            "database size: {:.0} MiB (MiB with indexes: {})",
            total as f64 / 1_048_576.0,
            tables.join(", ")
        );
    } else {
        let file = settings.data_dir.join("laowu.db");
        println!(
            "database size: {:.0} MiB ({}; WAL {:.0} MiB)",
            file_size(&file) as f64 / 1_048_576.0,
            file.display(),
            file_size(&settings.data_dir.join("laowu.db-wal")) as f64 / 1_048_576.0
        );
    }
}

/// The statements `figures::compute` runs (the server's own), the data mark every request
/// reads, the county page's list of households waiting for work (run on every county request,
/// not kept), and the contract sweep the server runs each minute.
fn statements(
    backend: DatabaseBackend,
    as_of: app::domain::calendar::CalendarDate,
    county: &str,
) -> Vec<(&'static str, Statement)> {
    use sea_orm::{QuerySelect, QueryTrait};
    let mut all: Vec<(&'static str, Statement)> =
        figures::statements(backend, i32::from(as_of.year()), as_of)
            .into_iter()
            .map(|(figure, statement)| (figure.label(), statement))
            .collect();
    all.push((
        "data mark (every request)",
        figures::data_mark_statement(backend),
    ));
    all.push((
        "waiting households (county page)",
        server::services::dashboard::waiting_households(county, None, as_of)
            .limit(20)
            .build(backend),
    ));
    all.push((
        "contract sweep (server, each minute)",
        statement(
            backend,
            "SELECT * FROM contract WHERE state = 'signed'",
            vec![],
        ),
    ));
    all
}

async fn explain(db: &DatabaseConnection, label: &str, stmt: &Statement) {
    let backend = db.get_database_backend();
    let (prefix, column) = if backend == DatabaseBackend::Postgres {
        ("EXPLAIN (ANALYZE, BUFFERS) ", "QUERY PLAN")
    } else {
        ("EXPLAIN QUERY PLAN ", "detail")
    };
    let plan = Statement {
        sql: format!("{prefix}{}", stmt.sql),
        ..stmt.clone()
    };
    println!("  plan of {label}:");
    for row in db.query_all_raw(plan).await.unwrap() {
        println!(
            "    {}",
            row.try_get::<String>("", column).unwrap_or_default()
        );
    }
}

/// The machine's load, printed next to the figures (other builds on the machine skew them).
fn load() -> String {
    let average = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let figures: Vec<&str> = average.split_whitespace().take(3).collect();
    format!(
        "machine load (1/5/15 min): {} on {} cores",
        figures.join(" "),
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    )
}

/// The figures in-process: data_mark, compute, and each statement alone.
async fn in_process(db: &DatabaseConnection, args: &Args) {
    println!("{}", load());
    let today = server::clock::shanghai_today();
    let year = i32::from(today.year());

    let mut marks = Vec::new();
    for _ in 0..args.runs.max(10) {
        let started = Instant::now();
        figures::data_mark(db).await.unwrap();
        marks.push(started.elapsed());
    }
    println!(
        "in-process data_mark:            first {:>8.2} ms, median {:>8.2} ms (n={})",
        ms(marks[0]),
        ms(median(&marks)),
        marks.len()
    );
    let mut computes = Vec::new();
    let mut snapshot = None;
    for _ in 0..args.runs {
        let started = Instant::now();
        snapshot = Some(figures::compute(db, year, today).await.unwrap());
        computes.push(started.elapsed());
    }
    println!(
        "in-process compute ({year}):       first {:>8.1} ms, median {:>8.1} ms (runs: {} ms)",
        ms(computes[0]),
        ms(median(&computes)),
        list(&computes)
    );
    if let Some(snapshot) = snapshot {
        let mut city = figures::AreaCounts::default();
        let mut villages = 0;
        for county in snapshot.counties.values() {
            villages += county.villages.len();
            for area in county.villages.values() {
                city.add(area);
            }
        }
        println!(
            "  the city's figures: {} counties, {villages} areas; households {} (willing {}, \
             employed {}); training willing {} (trained {}); placements {} cross / {} in \
             province; local jobs {}",
            snapshot.counties.len(),
            city.households_total,
            city.households_willing,
            city.households_employed,
            city.training_willing,
            city.training_trained,
            city.cross_province,
            city.in_province,
            city.local
        );
    }
    println!(
        "per statement (median of {} runs, rows returned):",
        args.runs
    );
    for (label, stmt) in statements(db.get_database_backend(), today, &args.county) {
        let mut samples = Vec::new();
        let mut rows = 0;
        for _ in 0..args.runs {
            let started = Instant::now();
            rows = db.query_all_raw(stmt.clone()).await.unwrap().len();
            samples.push(started.elapsed());
        }
        println!(
            "  {label:<38} {:>9.2} ms  ({rows} rows; runs: {} ms)",
            ms(median(&samples)),
            list(&samples)
        );
        if args.explain {
            explain(db, label, &stmt).await;
        }
    }
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

/// One GET, timed; panics on anything but success.
async fn timed_get(client: &reqwest::Client, url: &str) -> (Duration, usize) {
    let started = Instant::now();
    let response = client.get(url).send().await.unwrap();
    let status = response.status();
    let body = response.bytes().await.unwrap();
    let took = started.elapsed();
    assert!(status.is_success(), "{url}: {status} {body:?}");
    (took, body.len())
}

/// `total` requests of `url` spread over `clients` concurrent clients (one session).
async fn round(client: &reqwest::Client, url: &str, clients: usize, total: usize) -> Vec<Duration> {
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, url) = (client.clone(), url.to_string());
        let share = total / clients + usize::from(c < total % clients);
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::with_capacity(share);
            for _ in 0..share {
                samples.push(timed_get(&client, &url).await.0);
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

/// Makes the dashboard's data mark move: one household's `updated_at` becomes now.
async fn touch_household(db: &DatabaseConnection) {
    db.execute_unprepared(&format!(
        "UPDATE household SET updated_at = '{}' WHERE id = (SELECT MIN(id) FROM household)",
        ts(Utc::now())
    ))
    .await
    .unwrap();
}

async fn over_http(db: &DatabaseConnection, env: &BTreeMap<String, String>, args: &Args) {
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
    let started = Instant::now();
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", release.display()));
    let address = announced_address(child.stdout.take().unwrap())
        .recv_timeout(Duration::from_secs(300))
        .unwrap();
    println!(
        "release server listening after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let pid = child.id();
    let client = laowu_tests::signed_in_at(&address, laowu_tests::ADMIN).await;

    let city = format!("{address}/api/v1/dashboard");
    let county = format!("{address}/api/v1/dashboard?county={}", args.county);
    let (first, city_bytes) = timed_get(&client, &city).await;
    println!(
        "HTTP first request after start, city:      {:>8.1} ms ({city_bytes} bytes)",
        ms(first)
    );
    let (first, county_bytes) = timed_get(&client, &county).await;
    println!(
        "HTTP first request, county {}:             {:>8.1} ms ({county_bytes} bytes)",
        args.county,
        ms(first)
    );
    let n = args.requests;
    let label = format!("county {},", args.county);
    println!("{}", load());
    for (clients, name) in [(1, "1 client:"), (8, "8 clients:")] {
        for (area, url) in [("city,", &city), (label.as_str(), &county)] {
            let samples = round(&client, url, clients, n).await;
            println!("HTTP warm, {area:<14} {name:<11} {}", summary(&samples));
        }
    }
    for (area, url) in [("city", &city), (label.as_str(), &county)] {
        let mut samples = Vec::new();
        for _ in 0..args.changes {
            touch_household(db).await;
            samples.push(timed_get(&client, url).await.0);
            // The next one warm again: only the first after the change recomputes.
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        if !samples.is_empty() {
            let after = timed_get(&client, url).await.0;
            println!(
                "HTTP first after a change, {:<14} median {:>8.1} ms (samples: {} ms; the next one {:.1} ms)",
                area.trim_end_matches(','),
                ms(median(&samples)),
                list(&samples),
                ms(after)
            );
        }
    }
    let (rss, peak) = read_memory(pid);
    println!("server memory: RSS {rss} MiB, peak {peak} MiB");
    let _ = child.kill();
    let _ = child.wait();
}

async fn run(backend: &'static str, args: &Args) {
    let scale = |given: Option<usize>, per_million: usize| {
        given.unwrap_or(args.workers * per_million / 1_000_000)
    };
    let sizes = Sizes {
        households: args.households,
        workers: args.workers,
        placements: scale(args.placements, 150_000).min(args.workers),
        local_jobs: scale(args.local_jobs, 50_000),
        claims: scale(args.claims, 100_000),
    };
    println!(
        "\n=== {backend}: {} households, {} workers, {} placements, {} local jobs, {} claims ===",
        sizes.households, sizes.workers, sizes.placements, sizes.local_jobs, sizes.claims
    );
    let temporary = tempfile::Builder::new()
        .prefix("laowu-bench-dashboard-")
        .tempdir()
        .unwrap();
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
    let today = server::clock::shanghai_today();
    let today = NaiveDate::from_ymd_opt(
        i32::from(today.year()),
        u32::from(today.month()),
        u32::from(today.day()),
    )
    .unwrap();

    let existing = scalar(&db, "SELECT COUNT(*) FROM household").await;
    if existing > 0 {
        println!("reusing the data seeded in {}", data_dir.display());
    } else {
        seed(&db, &sizes, today).await;
        if backend == "postgres" {
            // What autovacuum does soon after a bulk load.
            let started = Instant::now();
            db.execute_unprepared("VACUUM ANALYZE").await.unwrap();
            println!("VACUUM ANALYZE in {:.1} s", started.elapsed().as_secs_f64());
        } else {
            // The server never runs ANALYZE on SQLite: the planner has no statistics, as in
            // a deployment.
            db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .unwrap();
        }
    }
    print_sizes(&db, &settings).await;

    // The search index as the server would build it at start (no worker is consented, so it
    // is empty): built here so the server starts on a current one.
    let index = open_search_index(&settings, &db).await.unwrap();
    if index.needs_rebuild().unwrap() {
        rebuild(&db, &index, |_, _| {}).await.unwrap();
    }
    drop(index);

    in_process(&db, args).await;
    if !args.in_process_only {
        over_http(&db, &env, args).await;
    }
    db.close().await.unwrap();
    drop_postgres(postgres.as_deref()).await;
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args = args();
    println!(
        "dashboard benchmark: {} households, {} workers; {} requests per HTTP figure, {} in-process runs",
        args.households, args.workers, args.requests, args.runs
    );
    for backend in args.backends.clone() {
        run(backend, &args).await;
    }
}
