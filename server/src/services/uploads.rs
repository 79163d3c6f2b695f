//! What every ledger import shares: uploads spooled to temporary files (a large ledger never
//! sits in memory) and the board of imports in progress that pages poll.

use super::unexpected;
use crate::db::entities::import_progress;
use app::api::AppError;
use app::api::context::{SpooledUpload, UploadSpool};
use app::api::types::{ImportPhase, ImportProgress};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use std::fmt::Display;
use std::hash::Hash;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A new temporary file in `dir` (created if missing) for an upload.
///
/// # Errors
/// `Internal` when the directory or the file cannot be created.
pub fn spool_upload(dir: &Path) -> Result<Box<dyn UploadSpool>, AppError> {
    std::fs::create_dir_all(dir).map_err(|e| unexpected("creating the upload directory", e))?;
    let file = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| unexpected("creating an upload file", e))?;
    Ok(Box::new(FileSpool {
        writer: std::io::BufWriter::with_capacity(256 * 1024, file),
        written: 0,
    }))
}

/// An upload being written to a temporary file in the upload directory.
struct FileSpool {
    writer: std::io::BufWriter<tempfile::NamedTempFile>,
    written: u64,
}

impl UploadSpool for FileSpool {
    fn write(&mut self, chunk: &[u8]) -> Result<(), AppError> {
        use std::io::Write;
        self.writer
            .write_all(chunk)
            .map_err(|e| unexpected("spooling an upload", e))?;
        self.written += chunk.len() as u64;
        Ok(())
    }

    fn len(&self) -> u64 {
        self.written
    }

    fn finish(self: Box<Self>) -> Result<SpooledUpload, AppError> {
        let file = self
            .writer
            .into_inner()
            .map_err(|e| unexpected("spooling an upload", e.error().to_string()))?;
        let path = file.into_temp_path();
        Ok(SpooledUpload {
            path: path.to_path_buf(),
            guard: Box::new(path),
        })
    }
}

/// Imports in progress, per owner (a company's roster, a county's households), for the UI's
/// progress line on whichever node it asks: the running import's node keeps its progress in
/// memory and a writer task copies it to the database (`import_progress`) every
/// [`FLUSH_EVERY`], refreshing it while the import runs; a row not refreshed for
/// [`STALE_AFTER`] belongs to a node that died and is not shown.
pub struct ImportBoard<K> {
    kind: &'static str,
    db: Option<DatabaseConnection>,
    state: Arc<Mutex<BoardState<K>>>,
    writer: Arc<std::sync::OnceLock<()>>,
}

struct BoardState<K> {
    running: HashMap<K, ImportProgress>,
    ended: Vec<K>,
}

/// How often the running imports' progress is written for other nodes.
pub const FLUSH_EVERY: Duration = Duration::from_millis(250);
/// Progress not refreshed for this long is an import whose node died.
pub const STALE_AFTER: Duration = Duration::from_secs(15);

impl<K> Clone for ImportBoard<K> {
    fn clone(&self) -> Self {
        Self {
            kind: self.kind,
            db: self.db.clone(),
            state: self.state.clone(),
            writer: self.writer.clone(),
        }
    }
}

impl<K: Eq + Hash + Clone + Display + Send + 'static> ImportBoard<K> {
    /// A board whose progress other nodes read from `db`, under `kind` (company, county).
    pub fn shared(db: DatabaseConnection, kind: &'static str) -> Self {
        Self::new(Some(db), kind)
    }

    /// Without a database, progress stays on this node.
    fn new(db: Option<DatabaseConnection>, kind: &'static str) -> Self {
        Self {
            kind,
            db,
            state: Arc::new(Mutex::new(BoardState {
                running: HashMap::new(),
                ended: Vec::new(),
            })),
            writer: Arc::default(),
        }
    }

    fn owner_key(kind: &str, owner: &K) -> String {
        format!("{kind}:{owner}")
    }

    pub fn set(&self, owner: K, progress: ImportProgress) {
        if let Ok(mut state) = self.state.lock() {
            // A new import of an owner whose last one just ended: its row is kept, not deleted.
            state.ended.retain(|ended| ended != &owner);
            state.running.insert(owner, progress);
        }
        self.start_writer();
    }

    /// The owner's running import: this node's own, else another node's from the database.
    pub async fn get(&self, owner: &K) -> Option<ImportProgress> {
        {
            let state = self.state.lock().ok()?;
            if let Some(progress) = state.running.get(owner) {
                return Some(*progress);
            }
            // Ended here, and its row not deleted yet.
            if state.ended.contains(owner) {
                return None;
            }
        }
        let db = self.db.as_ref()?;
        let row = import_progress::Entity::find_by_id(Self::owner_key(self.kind, owner))
            .one(db)
            .await
            .ok()
            .flatten()?;
        let age = Utc::now() - row.updated_at;
        if age.to_std().is_ok_and(|a| a > STALE_AFTER) {
            return None;
        }
        let done = usize::try_from(row.done).unwrap_or(0);
        let total = usize::try_from(row.total).unwrap_or(0);
        Some(match row.phase.as_str() {
            "checking" => ImportProgress::checking(done),
            _ => ImportProgress::writing(done, total),
        })
    }

    /// Takes the owner's import off the board when the guard is dropped, however the import
    /// ends (even when its request is dropped half-way).
    pub fn clear_on_drop(&self, owner: K) -> ClearOnDrop<K> {
        ClearOnDrop {
            board: self.clone(),
            owner,
        }
    }

    /// One writer per board, started by the first import.
    fn start_writer(&self) {
        let Some(db) = self.db.clone() else { return };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        self.writer.get_or_init(|| {
            let state = self.state.clone();
            let kind = self.kind;
            runtime.spawn(async move {
                let mut tick = tokio::time::interval(FLUSH_EVERY);
                loop {
                    tick.tick().await;
                    let (running, ended): (Vec<(String, ImportProgress)>, Vec<K>) =
                        match state.lock() {
                            Ok(s) => (
                                s.running
                                    .iter()
                                    .map(|(owner, p)| (Self::owner_key(kind, owner), *p))
                                    .collect(),
                                s.ended.clone(),
                            ),
                            Err(_) => return,
                        };
                    let ended_keys: Vec<String> = ended
                        .iter()
                        .map(|owner| format!("{kind}:{owner}"))
                        .collect();
                    match write_progress(&db, &running, &ended_keys).await {
                        // Forgotten only once their rows are gone.
                        Ok(()) => {
                            if let Ok(mut s) = state.lock() {
                                s.ended.retain(|owner| !ended.contains(owner));
                            }
                        }
                        Err(e) => tracing::warn!(error = %e, "sharing import progress"),
                    }
                }
            });
        });
    }
}

/// Writes the running imports (refreshing their time) and removes the ended ones, by owner key.
async fn write_progress(
    db: &DatabaseConnection,
    running: &[(String, ImportProgress)],
    ended: &[String],
) -> Result<(), sea_orm::DbErr> {
    use import_progress::Column;
    let now = Utc::now();
    for (owner, progress) in running {
        let phase = match progress.phase {
            ImportPhase::Checking => "checking",
            ImportPhase::Writing => "writing",
        };
        import_progress::Entity::insert(import_progress::ActiveModel {
            owner: Set(owner.clone()),
            phase: Set(phase.to_string()),
            done: Set(i64::try_from(progress.done).unwrap_or(i64::MAX)),
            total: Set(i64::try_from(progress.total).unwrap_or(i64::MAX)),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(Column::Owner)
                .update_columns([
                    Column::Phase,
                    Column::Done,
                    Column::Total,
                    Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    }
    if !ended.is_empty() {
        import_progress::Entity::delete_many()
            .filter(Column::Owner.is_in(ended.iter().cloned()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// See [`ImportBoard::clear_on_drop`].
pub struct ClearOnDrop<K: Eq + Hash> {
    board: ImportBoard<K>,
    owner: K,
}

impl<K: Eq + Hash> Drop for ClearOnDrop<K> {
    fn drop(&mut self) {
        if let Ok(mut state) = self.board.state.lock()
            && let Some((owner, _)) = state.running.remove_entry(&self.owner)
        {
            state.ended.push(owner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_import_leaves_the_board_when_its_guard_is_dropped() {
        let board: ImportBoard<String> = ImportBoard::new(None, "county");
        {
            let _guard = board.clear_on_drop("141027".to_string());
            board.set("141027".to_string(), ImportProgress::checking(10));
            assert_eq!(
                board.get(&"141027".to_string()).await,
                Some(ImportProgress::checking(10))
            );
            assert_eq!(board.get(&"141023".to_string()).await, None);
        }
        assert_eq!(board.get(&"141027".to_string()).await, None);
    }
}
