//! The dashboard's figures for the whole city on one counting day, per county and village:
//! a handful of grouped queries over households, workers, placements, local jobs, claims and
//! targets. Nothing is stored; [`super::DashboardService`] keeps recent results while the
//! data they were read from is unchanged.
//!
//! Where a worker counts: with their registered household, where it is (county, township,
//! village); without one, in their home county (户籍区县, else their company's) under no
//! township.

use app::domain::calendar::CalendarDate;
use app::domain::dashboard::{Targets, working_age_births, year_start};
use app::domain::id_number::Sex;
use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, QueryResult, Statement, Value,
};
use std::collections::BTreeMap;

/// The figures of one area (a village, or the workers of a county with no household).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AreaCounts {
    pub households_total: u64,
    pub households_willing: u64,
    pub households_employed: u64,
    pub training_willing: u64,
    pub training_trained: u64,
    pub cross_province: u64,
    pub in_province: u64,
    pub local: u64,
}

impl AreaCounts {
    pub fn add(&mut self, other: &AreaCounts) {
        self.households_total += other.households_total;
        self.households_willing += other.households_willing;
        self.households_employed += other.households_employed;
        self.training_willing += other.training_willing;
        self.training_trained += other.training_trained;
        self.cross_province += other.cross_province;
        self.in_province += other.in_province;
        self.local += other.local;
    }
}

/// New placements and local jobs of one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthCounts {
    pub cross_province: u64,
    pub in_province: u64,
    pub local: u64,
}

/// Claims of one kind in one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCounts {
    pub kind: String,
    pub state: String,
    pub claims: u64,
    pub amount_fen: i64,
}

/// One county's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountyFigures {
    /// (township, village) → figures; ("", "") holds workers of no registered household.
    pub villages: BTreeMap<(String, String), AreaCounts>,
    /// (township, YYYY-MM) → new placements and local jobs.
    pub months: BTreeMap<(String, String), MonthCounts>,
    pub claims: Vec<ClaimCounts>,
    pub targets: Option<Targets>,
}

/// The whole city on one counting day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub year: i32,
    pub as_of: CalendarDate,
    pub computed_at: DateTime<Utc>,
    /// County code → figures; counties with nothing recorded are absent.
    pub counties: BTreeMap<String, CountyFigures>,
}

/// Who counts as trained by the counting day: a worker whose first free training
/// (`free_once`, see `app::domain::training::free_once`) has a result given by then, passed
/// or not: the target is that everyone willing is trained once, not that everyone passes.
const TRAINED_BY: &str = "EXISTS (SELECT 1 FROM training_enrolment te WHERE te.worker_id = w.id \
     AND te.free_once = ? AND te.result IN ('passed', 'failed') AND te.result_on <= ?)";

/// A worker's county, township and village (see the module comment), as the first three
/// columns of a query over `worker w`, its `company c` and its `household h` (grouped by
/// position).
const WORKER_AREA: &str = "COALESCE(h.county_code, w.household_county_code, c.county_code) \
     AS county, COALESCE(h.township, '') AS township, COALESCE(h.village, '') AS village";

/// The figures of one village of a county, created empty when first met.
fn area_in(
    counties: &mut BTreeMap<String, CountyFigures>,
    county: String,
    township: String,
    village: String,
) -> &mut AreaCounts {
    counties
        .entry(county)
        .or_default()
        .villages
        .entry((township, village))
        .or_default()
}

/// Writes `?` placeholders as `$1, $2 …` for PostgreSQL. The statements here have no `?`
/// inside literals.
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut numbered = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                numbered.push_str(&format!("${n}"));
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

fn count(row: &QueryResult, column: &str) -> Result<u64, DbErr> {
    Ok(u64::try_from(row.try_get::<Option<i64>>("", column)?.unwrap_or(0)).unwrap_or(0))
}

fn text(row: &QueryResult, column: &str) -> Result<String, DbErr> {
    Ok(row
        .try_get::<Option<String>>("", column)?
        .unwrap_or_default())
}

/// What one of the statements reads (and how its rows join the snapshot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Households,
    EmployedHouseholds,
    Training,
    Placements,
    LocalJobs,
    Claims,
    Targets,
}

impl Figure {
    pub fn label(self) -> &'static str {
        match self {
            Figure::Households => "households by village",
            Figure::EmployedHouseholds => "households employed",
            Figure::Training => "training (workers)",
            Figure::Placements => "placements by month",
            Figure::LocalJobs => "local jobs by month",
            Figure::Claims => "claims by state",
            Figure::Targets => "targets",
        }
    }
}

/// The statements the city's figures for `year`, counted on `as_of`, are read with. Public so
/// the benchmark times exactly these.
pub fn statements(backend: DbBackend, year: i32, as_of: CalendarDate) -> Vec<(Figure, Statement)> {
    let day = as_of.to_string();
    let from = year_start(as_of).to_string();
    let (men_after, men_until) = working_age_births(Sex::Male, as_of).unwrap_or((as_of, as_of));
    let (women_after, women_until) =
        working_age_births(Sex::Female, as_of).unwrap_or((as_of, as_of));
    vec![
        (
            Figure::Households,
            statement(
                backend,
                "SELECT county_code AS county, township, village, COUNT(*) AS total, \
                 SUM(CASE WHEN willing_count > 0 THEN 1 ELSE 0 END) AS willing \
                 FROM household GROUP BY county_code, township, village",
                vec![],
            ),
        ),
        // A willing household is employed when a member's placement or local job runs that day.
        (
            Figure::EmployedHouseholds,
            statement(
                backend,
                "SELECT h.county_code AS county, h.township AS township, h.village AS village, \
                 COUNT(*) AS employed FROM household h \
                 WHERE h.willing_count > 0 AND h.number IN ( \
                   SELECT w.household_number FROM worker w JOIN placement p ON p.worker_id = w.id \
                   WHERE w.household_number IS NOT NULL AND p.starts_on <= ? \
                     AND (p.ends_on IS NULL OR p.ends_on >= ?) \
                   UNION \
                   SELECT w.household_number FROM worker w JOIN local_job j ON j.worker_id = w.id \
                   WHERE w.household_number IS NOT NULL AND j.starts_on <= ? \
                     AND (j.ends_on IS NULL OR j.ends_on >= ?)) \
                 GROUP BY h.county_code, h.township, h.village",
                vec![
                    day.clone().into(),
                    day.clone().into(),
                    day.clone().into(),
                    day.clone().into(),
                ],
            ),
        ),
        (
            Figure::Training,
            statement(
                backend,
                &format!(
                    "SELECT {WORKER_AREA}, COUNT(*) AS willing, \
                     SUM(CASE WHEN {TRAINED_BY} THEN 1 ELSE 0 END) AS trained \
                     FROM worker w JOIN company c ON c.id = w.company_id \
                     LEFT JOIN household h ON h.number = w.household_number \
                     WHERE w.active = ? AND w.training_wish = ? AND ( \
                       (w.sex = 'male' AND w.birth_date > ? AND w.birth_date <= ?) \
                       OR (w.sex = 'female' AND w.birth_date > ? AND w.birth_date <= ?)) \
                     GROUP BY 1, 2, 3"
                ),
                vec![
                    true.into(),
                    day.clone().into(),
                    true.into(),
                    true.into(),
                    men_after.to_string().into(),
                    men_until.to_string().into(),
                    women_after.to_string().into(),
                    women_until.to_string().into(),
                ],
            ),
        ),
        (
            Figure::Placements,
            statement(
                backend,
                &format!(
                    "SELECT {WORKER_AREA}, SUBSTR(p.starts_on, 1, 7) AS month, \
                     SUM(CASE WHEN p.cross_province THEN 1 ELSE 0 END) AS cross_province, \
                     SUM(CASE WHEN p.cross_province THEN 0 ELSE 1 END) AS in_province \
                     FROM placement p JOIN worker w ON w.id = p.worker_id \
                     JOIN company c ON c.id = w.company_id \
                     LEFT JOIN household h ON h.number = w.household_number \
                     WHERE p.starts_on >= ? AND p.starts_on <= ? \
                     GROUP BY 1, 2, 3, 4"
                ),
                vec![from.clone().into(), day.clone().into()],
            ),
        ),
        // A local job counts where it was recorded; its worker's household places it in a
        // village.
        (
            Figure::LocalJobs,
            statement(
                backend,
                "SELECT j.county_code AS county, COALESCE(h.township, '') AS township, \
                 COALESCE(h.village, '') AS village, SUBSTR(j.starts_on, 1, 7) AS month, \
                 COUNT(*) AS jobs \
                 FROM local_job j JOIN worker w ON w.id = j.worker_id \
                 LEFT JOIN household h ON h.number = w.household_number \
                   AND h.county_code = j.county_code \
                 WHERE j.starts_on >= ? AND j.starts_on <= ? \
                 GROUP BY j.county_code, COALESCE(h.township, ''), COALESCE(h.village, ''), \
                   SUBSTR(j.starts_on, 1, 7)",
                vec![from.into(), day.into()],
            ),
        ),
        // Claims of the year that had arisen by the counting day, in their state now.
        (
            Figure::Claims,
            statement(
                backend,
                "SELECT county_code AS county, kind, state, COUNT(*) AS claims, \
                 CAST(SUM(amount_fen) AS BIGINT) AS amount \
                 FROM subsidy_claim WHERE year = ? AND created_at <= ? \
                 GROUP BY county_code, kind, state",
                vec![year.into(), as_of_end_utc(as_of).into()],
            ),
        ),
        (
            Figure::Targets,
            statement(
                backend,
                "SELECT county_code AS county, households_to_employ, workers_to_train, \
                 workers_to_export FROM county_target WHERE year = ?",
                vec![year.into()],
            ),
        ),
    ]
}

/// Reads every figure of the city for `year`, counted on `as_of`: the statements run side by
/// side, as many at a time as the machine has cores (each scans a large table; more at once
/// would only take connections other requests need).
///
/// # Errors
/// Database errors.
pub async fn compute(
    db: &DatabaseConnection,
    year: i32,
    as_of: CalendarDate,
) -> Result<Snapshot, DbErr> {
    let at_once = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(at_once));
    let mut running = tokio::task::JoinSet::new();
    for (index, (figure, statement)) in statements(db.get_database_backend(), year, as_of)
        .into_iter()
        .enumerate()
    {
        let (db, permits) = (db.clone(), permits.clone());
        running.spawn(async move {
            let _permit = permits
                .acquire_owned()
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))?;
            let rows = db.query_all_raw(statement).await?;
            Ok::<_, DbErr>((index, figure, rows))
        });
    }
    let mut results = Vec::new();
    while let Some(joined) = running.join_next().await {
        results.push(joined.map_err(|e| DbErr::Custom(e.to_string()))??);
    }
    // In statement order: households before the employed among them, and so on.
    results.sort_by_key(|(index, _, _)| *index);
    let mut counties: BTreeMap<String, CountyFigures> = BTreeMap::new();
    for (_, figure, rows) in &results {
        apply(&mut counties, *figure, rows)?;
    }
    Ok(Snapshot {
        year,
        as_of,
        computed_at: Utc::now(),
        counties,
    })
}

/// Adds a row's new placements or local jobs to its village and to its township's month.
fn add_month(
    counties: &mut BTreeMap<String, CountyFigures>,
    county: String,
    row: &QueryResult,
    month: MonthCounts,
) -> Result<(), DbErr> {
    let township = text(row, "township")?;
    let area = area_in(
        counties,
        county.clone(),
        township.clone(),
        text(row, "village")?,
    );
    area.cross_province += month.cross_province;
    area.in_province += month.in_province;
    area.local += month.local;
    let entry = counties
        .entry(county)
        .or_default()
        .months
        .entry((township, text(row, "month")?))
        .or_default();
    entry.cross_province += month.cross_province;
    entry.in_province += month.in_province;
    entry.local += month.local;
    Ok(())
}

/// Adds one statement's rows to the counties' figures.
fn apply(
    counties: &mut BTreeMap<String, CountyFigures>,
    figure: Figure,
    rows: &[QueryResult],
) -> Result<(), DbErr> {
    for row in rows {
        let county = text(row, "county")?;
        match figure {
            Figure::Households => {
                let area = area_in(
                    counties,
                    county,
                    text(row, "township")?,
                    text(row, "village")?,
                );
                area.households_total = count(row, "total")?;
                area.households_willing = count(row, "willing")?;
            }
            Figure::EmployedHouseholds => {
                area_in(
                    counties,
                    county,
                    text(row, "township")?,
                    text(row, "village")?,
                )
                .households_employed = count(row, "employed")?;
            }
            Figure::Training => {
                let area = area_in(
                    counties,
                    county,
                    text(row, "township")?,
                    text(row, "village")?,
                );
                area.training_willing = count(row, "willing")?;
                area.training_trained = count(row, "trained")?;
            }
            Figure::Placements => {
                let month = MonthCounts {
                    cross_province: count(row, "cross_province")?,
                    in_province: count(row, "in_province")?,
                    local: 0,
                };
                add_month(counties, county, row, month)?;
            }
            Figure::LocalJobs => {
                let month = MonthCounts {
                    local: count(row, "jobs")?,
                    ..MonthCounts::default()
                };
                add_month(counties, county, row, month)?;
            }
            Figure::Claims => counties
                .entry(county)
                .or_default()
                .claims
                .push(ClaimCounts {
                    kind: text(row, "kind")?,
                    state: text(row, "state")?,
                    claims: count(row, "claims")?,
                    amount_fen: row.try_get::<Option<i64>>("", "amount")?.unwrap_or(0),
                }),
            Figure::Targets => {
                let number = |column: &str| -> Result<u32, DbErr> {
                    Ok(u32::try_from(row.try_get::<i32>("", column)?).unwrap_or(0))
                };
                counties.entry(county).or_default().targets = Some(Targets {
                    households_to_employ: number("households_to_employ")?,
                    workers_to_train: number("workers_to_train")?,
                    workers_to_export: number("workers_to_export")?,
                });
            }
        }
    }
    Ok(())
}

/// The last instant of `day` in Beijing time, as UTC.
fn as_of_end_utc(day: CalendarDate) -> DateTime<Utc> {
    use chrono::{NaiveDate, TimeZone};
    NaiveDate::from_ymd_opt(
        i32::from(day.year()),
        u32::from(day.month()),
        u32::from(day.day()),
    )
    .and_then(|d| d.and_hms_opt(23, 59, 59))
    .and_then(|t| {
        chrono::FixedOffset::east_opt(8 * 3600)?
            .from_local_datetime(&t)
            .single()
    })
    .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// What the dashboard's figures were read from, as it stands now: the newest change of every
/// table they depend on. Equal marks mean a kept snapshot is still true. (Every change to a
/// worker, placements included, appends to the search change log.)
///
/// # Errors
/// Database errors.
pub async fn data_mark(db: &DatabaseConnection) -> Result<Vec<Option<String>>, DbErr> {
    let row = db
        .query_one_raw(data_mark_statement(db.get_database_backend()))
        .await?;
    let Some(row) = row else {
        return Ok(Vec::new());
    };
    (0..MARK_SOURCES.len())
        .map(|i| row.try_get::<Option<String>>("", &format!("m{i}")))
        .collect()
}

/// The tables the figures are read from, and the column whose newest value marks a change.
const MARK_SOURCES: [(&str, &str); 9] = [
    ("search_change", "id"),
    ("placement", "id"),
    ("subsidy_claim", "id"),
    ("subsidy_claim", "updated_at"),
    ("household", "id"),
    ("household", "updated_at"),
    ("local_job", "updated_at"),
    ("county_target", "updated_at"),
    ("training_enrolment", "updated_at"),
];

/// The one statement [`data_mark`] runs (public for the benchmark).
pub fn data_mark_statement(backend: DbBackend) -> Statement {
    let columns: Vec<String> = MARK_SOURCES
        .iter()
        .enumerate()
        .map(|(i, (table, column))| {
            format!("CAST((SELECT MAX({column}) FROM {table}) AS TEXT) AS m{i}")
        })
        .collect();
    statement(backend, &format!("SELECT {}", columns.join(", ")), vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_statements_number_their_placeholders() {
        let s = statement(DbBackend::Postgres, "a = ? AND b IN (?, ?)", vec![]);
        assert_eq!(s.sql, "a = $1 AND b IN ($2, $3)");
        let s = statement(DbBackend::Sqlite, "a = ?", vec![]);
        assert_eq!(s.sql, "a = ?");
    }

    #[test]
    fn a_counting_day_ends_at_midnight_beijing_time() {
        let day = CalendarDate::parse("2026-03-31").unwrap();
        assert_eq!(as_of_end_utc(day).to_rfc3339(), "2026-03-31T15:59:59+00:00");
    }
}
