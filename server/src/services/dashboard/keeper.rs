//! Keeping the city's figures between requests. Reading them takes a few grouped queries over
//! every household and worker (seconds at a million workers), so the last figures of each
//! counting day are kept while the tables they came from are unchanged
//! ([`figures::data_mark`], a few index lookups per request), and at most five minutes.
//!
//! After a change the next request reads them again, one reading at a time. It waits for the
//! new figures at most `wait`; past it, it answers with the figures read before (marked as
//! being refreshed) and the reading finishes in the background, so a large city's dashboard
//! stays quick while its data changes. With nothing kept yet, it waits for the reading.

use super::figures::{self, Snapshot};
use crate::services::unexpected;
use app::api::AppError;
use app::domain::calendar::CalendarDate;
use sea_orm::DatabaseConnection;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Counting days kept (this year's today, the quarter ends an export reads, past years).
const KEPT_SNAPSHOTS: usize = 12;
/// A kept snapshot is read again after this long even if nothing seems changed: a safety net
/// for the rare change no mark sees (a claim removed with its fact and nothing else).
const LONGEST_KEPT: Duration = Duration::from_secs(300);

struct Kept {
    year: i32,
    as_of: CalendarDate,
    mark: Vec<Option<String>>,
    read_at: Instant,
    snapshot: Arc<Snapshot>,
}

/// Figures as a request gets them.
pub struct Figures {
    pub snapshot: Arc<Snapshot>,
    /// Read before the latest change; newer ones are being read.
    pub refreshing: bool,
}

pub struct Keeper {
    db: DatabaseConnection,
    kept: Mutex<Vec<Kept>>,
    /// One reading of the figures at a time: others wait for it rather than repeat it.
    reading: tokio::sync::Mutex<()>,
    wait: Duration,
}

impl Keeper {
    pub fn new(db: DatabaseConnection, wait: Duration) -> Self {
        Self {
            db,
            kept: Mutex::new(Vec::new()),
            reading: tokio::sync::Mutex::new(()),
            wait,
        }
    }

    /// The kept figures of the day, if any (and not past their longest keeping), and whether
    /// they were read under `mark`.
    fn kept(
        &self,
        year: i32,
        as_of: CalendarDate,
        mark: &[Option<String>],
    ) -> Option<(Arc<Snapshot>, bool)> {
        let kept = self.kept.lock().ok()?;
        kept.iter()
            .find(|k| k.year == year && k.as_of == as_of && k.read_at.elapsed() < LONGEST_KEPT)
            .map(|k| (k.snapshot.clone(), k.mark == mark))
    }

    fn keep(&self, mark: Vec<Option<String>>, snapshot: Arc<Snapshot>) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.retain(|k| !(k.year == snapshot.year && k.as_of == snapshot.as_of));
            if kept.len() >= KEPT_SNAPSHOTS {
                kept.remove(0);
            }
            kept.push(Kept {
                year: snapshot.year,
                as_of: snapshot.as_of,
                mark,
                read_at: Instant::now(),
                snapshot,
            });
        }
    }

    /// Reads the figures unless a reading that finished meanwhile kept them under `mark`.
    async fn read(
        &self,
        year: i32,
        as_of: CalendarDate,
        mark: Vec<Option<String>>,
    ) -> Result<Arc<Snapshot>, AppError> {
        let _reading = self.reading.lock().await;
        if let Some((snapshot, true)) = self.kept(year, as_of, &mark) {
            return Ok(snapshot);
        }
        // The mark was read before the figures: a change while they are read makes the next
        // request read them again, never the other way round.
        let snapshot = Arc::new(
            figures::compute(&self.db, year, as_of)
                .await
                .map_err(|e| unexpected("reading the dashboard's figures", e))?,
        );
        self.keep(mark, snapshot.clone());
        Ok(snapshot)
    }

    /// The city's figures for `year` counted on `as_of` (see the module comment).
    ///
    /// # Errors
    /// `Internal` when the database fails.
    pub async fn figures(
        self: &Arc<Self>,
        year: i32,
        as_of: CalendarDate,
    ) -> Result<Figures, AppError> {
        let mark = figures::data_mark(&self.db)
            .await
            .map_err(|e| unexpected("reading the dashboard's data mark", e))?;
        let before = match self.kept(year, as_of, &mark) {
            Some((snapshot, true)) => {
                return Ok(Figures {
                    snapshot,
                    refreshing: false,
                });
            }
            Some((snapshot, false)) => Some(snapshot),
            None => None,
        };
        let keeper = self.clone();
        let reading = tokio::spawn(async move { keeper.read(year, as_of, mark).await });
        let joined = match before {
            // A reading not done in time goes on (the task is detached) and keeps its figures.
            Some(snapshot) => match tokio::time::timeout(self.wait, reading).await {
                Ok(joined) => joined,
                Err(_) => {
                    return Ok(Figures {
                        snapshot,
                        refreshing: true,
                    });
                }
            },
            None => reading.await,
        };
        Ok(Figures {
            snapshot: joined.map_err(|e| unexpected("reading the dashboard's figures", e))??,
            refreshing: false,
        })
    }
}
