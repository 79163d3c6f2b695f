//! The one writer: applies the `search_change` log to the index in batches, records in each
//! commit how far it got, and rebuilds the whole index from the database when asked (or when
//! there is no usable index). Killed at any point, it resumes from the last commit's mark: a
//! change is either in a commit or still after its mark, and applying one twice is harmless
//! because a worker's document is always rebuilt from the worker's current rows.

use super::document::{Names, Page, documents_after, documents_for_ids, published_workers};
use super::{CommitMark, SCHEMA_VERSION, SearchError, SearchIndex};
use crate::db::entities::search_change;
use chrono::Utc;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Changes applied per commit: an import of 100,000 workers becomes 50 commits, and one batch's
/// documents stay a few megabytes.
const CHANGES_PER_COMMIT: u64 = 2_000;
/// How often an idle writer looks for new changes. Withdrawn consent must leave the results
/// within 2 seconds; a commit and reload take well under the rest.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// After an error (database away, disk full) wait this long before trying again.
const RETRY_INTERVAL: Duration = Duration::from_secs(2);
/// Indexing memory for the live writer: small, it sees a few thousand documents at a time.
const LIVE_WRITER_HEAP: usize = 50_000_000;
/// Indexing memory for a rebuild: bigger segments, fewer merges. Keeps the server well under
/// its memory budget (issue 4: 600 MB with a million workers).
const REBUILD_WRITER_HEAP: usize = 200_000_000;
/// Workers read from the database per page during a rebuild.
const REBUILD_PAGE: u64 = 5_000;
/// Applied changes are deleted after this long (other nodes have long caught up by then).
const KEEP_APPLIED_CHANGES: chrono::TimeDelta = chrono::TimeDelta::days(7);
/// How often old changes are pruned.
const PRUNE_INTERVAL: Duration = Duration::from_secs(3600);

#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("reading the database for the search index: {0}")]
    Database(#[from] DbErr),
    #[error("search index task: {0}")]
    Task(String),
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct RebuildReport {
    pub workers_read: u64,
    pub indexed: u64,
    pub seconds: f64,
    /// Of `seconds`, waiting for the next page from the database (read while the last one is
    /// indexed; the rest is analysis and indexing).
    pub reading_seconds: f64,
    /// Of `seconds`, the final commit and segment merges.
    pub commit_seconds: f64,
}

fn commit_with_mark(writer: &mut IndexWriter, applied_through: i64) -> Result<(), IndexerError> {
    let mark = CommitMark {
        schema: SCHEMA_VERSION,
        applied_through,
    };
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&serde_json::to_string(&mark).unwrap_or_default());
    prepared.commit()?;
    Ok(())
}

/// The highest change id so far (0 for none).
async fn last_change_id(db: &DatabaseConnection) -> Result<i64, DbErr> {
    Ok(search_change::Entity::find()
        .select_only()
        .column(search_change::Column::Id)
        .order_by_desc(search_change::Column::Id)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}

/// Rebuilds the whole index from the database into a new generation and publishes it when
/// complete. `progress(done, total)` is called after every page.
///
/// # Errors
/// Database or index errors; the live generation is then left as it was.
pub async fn rebuild(
    db: &DatabaseConnection,
    index: &SearchIndex,
    mut progress: impl FnMut(u64, u64),
) -> Result<RebuildReport, IndexerError> {
    let started = Instant::now();
    // Read before the workers: any change after this point is replayed on top of the rebuild.
    let applied_through = last_change_id(db).await?;
    let total = published_workers().count(db).await?;
    let generation = index.create_generation()?;
    let mut writer: IndexWriter<TantivyDocument> = generation.index.writer(REBUILD_WRITER_HEAP)?;
    let fields = index.fields();
    let names = Names::load(db).await?;
    // The next page is read while this one is indexed: reading is about as slow as indexing.
    let (pages, mut next_page) = tokio::sync::mpsc::channel(2);
    let reader = tokio::spawn(read_pages(db.clone(), names, pages));
    let (mut read, mut indexed) = (0u64, 0u64);
    let mut reading = Duration::ZERO;
    loop {
        let asked = Instant::now();
        let page = next_page.recv().await;
        reading += asked.elapsed();
        let Some(page) = page else { break };
        read += page.read;
        for document in &page.documents {
            writer.add_document(document.to_tantivy(&fields))?;
        }
        indexed += page.documents.len() as u64;
        progress(read.min(total), total);
    }
    reader
        .await
        .map_err(|e| IndexerError::Task(e.to_string()))??;
    // Committing and merging block on disk: off the async threads.
    let committing = Instant::now();
    let generation = tokio::task::spawn_blocking(move || -> Result<_, IndexerError> {
        commit_with_mark(&mut writer, applied_through)?;
        writer.wait_merging_threads()?;
        generation.reader.reload()?;
        Ok(generation)
    })
    .await
    .map_err(|e| IndexerError::Task(e.to_string()))??;
    let commit_seconds = committing.elapsed().as_secs_f64();
    index.publish(generation)?;
    Ok(RebuildReport {
        workers_read: total,
        indexed,
        seconds: started.elapsed().as_secs_f64(),
        reading_seconds: reading.as_secs_f64(),
        commit_seconds,
    })
}

/// Sends every page of workers in id order, until there are no more or the receiver is gone.
async fn read_pages(
    db: DatabaseConnection,
    names: Names,
    pages: tokio::sync::mpsc::Sender<Page>,
) -> Result<(), IndexerError> {
    let mut after = 0;
    loop {
        let page = documents_after(&db, &names, after, REBUILD_PAGE).await?;
        let Some(last) = page.last_id else {
            return Ok(());
        };
        after = last;
        if pages.send(page).await.is_err() {
            return Ok(());
        }
    }
}

/// The background writer of one server process.
pub struct Indexer {
    db: DatabaseConnection,
    index: Arc<SearchIndex>,
    /// The writer and the generation it writes to.
    writer: Option<(String, IndexWriter<TantivyDocument>)>,
    last_prune: Option<Instant>,
}

impl Indexer {
    pub fn new(db: DatabaseConnection, index: Arc<SearchIndex>) -> Self {
        Self {
            db,
            index,
            writer: None,
            last_prune: None,
        }
    }

    /// Runs until the process ends: catches up from the change log, then follows it.
    pub async fn run(mut self) {
        loop {
            match self.step().await {
                Ok(0) => tokio::time::sleep(POLL_INTERVAL).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "search indexer");
                    self.writer = None;
                    tokio::time::sleep(RETRY_INTERVAL).await;
                }
            }
        }
    }

    /// One round: follow a generation another process published, rebuild if there is no
    /// usable index, else apply the next batch of changes. Returns how many changes (or
    /// workers, for a rebuild) it applied.
    ///
    /// # Errors
    /// Database or index errors; nothing is marked as applied then.
    pub async fn step(&mut self) -> Result<u64, IndexerError> {
        if self.index.follow_current()?.is_some() {
            tracing::info!("search index: following a rebuilt generation");
            self.writer = None;
        }
        if self.index.needs_rebuild()? {
            self.writer = None;
            tracing::info!("search index: building from the database");
            let report = rebuild(&self.db, &self.index, |_, _| {}).await?;
            tracing::info!(
                workers = report.workers_read,
                indexed = report.indexed,
                seconds = report.seconds,
                "search index: built"
            );
            return Ok(report.indexed.max(1));
        }
        let generation = self.index.live()?;
        let mark = generation.mark()?.unwrap_or_default();
        let changes: Vec<(i64, i32)> = search_change::Entity::find()
            .select_only()
            .column(search_change::Column::Id)
            .column(search_change::Column::WorkerId)
            .filter(search_change::Column::Id.gt(mark.applied_through))
            .order_by_asc(search_change::Column::Id)
            .limit(CHANGES_PER_COMMIT)
            .into_tuple()
            .all(&self.db)
            .await?;
        let Some(&(through, _)) = changes.last() else {
            self.prune(mark.applied_through).await;
            return Ok(0);
        };
        let mut ids: Vec<i32> = changes.iter().map(|(_, w)| *w).collect();
        ids.sort_unstable();
        ids.dedup();
        let names = Names::load(&self.db).await?;
        let documents = documents_for_ids(&self.db, &names, &ids).await?;
        let fields = self.index.fields();
        let mut writer = match self.writer.take() {
            Some((name, writer)) if name == generation.name => writer,
            _ => generation.index.writer(LIVE_WRITER_HEAP)?,
        };
        let documents: Vec<TantivyDocument> =
            documents.iter().map(|d| d.to_tantivy(&fields)).collect();
        let name = generation.name.clone();
        // Committing blocks on disk: off the async threads. The writer comes back for reuse.
        let writer = tokio::task::spawn_blocking(move || -> Result<_, IndexerError> {
            for id in &ids {
                writer.delete_term(Term::from_field_u64(
                    fields.worker_id,
                    u64::try_from(*id).unwrap_or(0),
                ));
            }
            for document in documents {
                writer.add_document(document)?;
            }
            commit_with_mark(&mut writer, through)?;
            generation.reader.reload()?;
            Ok(writer)
        })
        .await
        .map_err(|e| IndexerError::Task(e.to_string()))??;
        self.writer = Some((name, writer));
        Ok(changes.len() as u64)
    }

    /// Deletes applied changes older than [`KEEP_APPLIED_CHANGES`], once an hour.
    async fn prune(&mut self, applied_through: i64) {
        if self
            .last_prune
            .is_some_and(|at| at.elapsed() < PRUNE_INTERVAL)
        {
            return;
        }
        self.last_prune = Some(Instant::now());
        let result = search_change::Entity::delete_many()
            .filter(search_change::Column::Id.lte(applied_through))
            .filter(search_change::Column::CreatedAt.lt(Utc::now() - KEEP_APPLIED_CHANGES))
            .exec(&self.db)
            .await;
        if let Err(e) = result {
            tracing::warn!(error = %e, "search indexer: pruning old changes");
        }
    }
}
