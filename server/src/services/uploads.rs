//! What every ledger import shares: uploads spooled to temporary files (a large ledger never
//! sits in memory) and the board of imports in progress that pages poll.

use super::unexpected;
use app::api::AppError;
use app::api::context::{SpooledUpload, UploadSpool};
use app::api::types::ImportProgress;
use std::collections::HashMap;
use std::hash::Hash;
use std::path::Path;
use std::sync::{Arc, Mutex};

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
/// progress line. In memory: an import runs on one node and its progress is only interesting
/// while it runs.
#[derive(Debug)]
pub struct ImportBoard<K>(Arc<Mutex<HashMap<K, ImportProgress>>>);

impl<K> Default for ImportBoard<K> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

impl<K> Clone for ImportBoard<K> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<K: Eq + Hash + Clone> ImportBoard<K> {
    pub fn set(&self, owner: K, progress: ImportProgress) {
        if let Ok(mut board) = self.0.lock() {
            board.insert(owner, progress);
        }
    }

    pub fn get(&self, owner: &K) -> Option<ImportProgress> {
        self.0.lock().ok().and_then(|b| b.get(owner).copied())
    }

    /// Takes the owner's import off the board when the guard is dropped, however the import
    /// ends (even when its request is dropped half-way).
    pub fn clear_on_drop(&self, owner: K) -> ClearOnDrop<K> {
        ClearOnDrop {
            board: self.clone(),
            owner,
        }
    }
}

/// See [`ImportBoard::clear_on_drop`].
pub struct ClearOnDrop<K: Eq + Hash> {
    board: ImportBoard<K>,
    owner: K,
}

impl<K: Eq + Hash> Drop for ClearOnDrop<K> {
    fn drop(&mut self) {
        if let Ok(mut board) = self.board.0.lock() {
            board.remove(&self.owner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_leaves_the_board_when_its_guard_is_dropped() {
        let board: ImportBoard<String> = ImportBoard::default();
        {
            let _guard = board.clear_on_drop("141027".to_string());
            board.set("141027".to_string(), ImportProgress::checking(10));
            assert_eq!(
                board.get(&"141027".to_string()),
                Some(ImportProgress::checking(10))
            );
            assert_eq!(board.get(&"141023".to_string()), None);
        }
        assert_eq!(board.get(&"141027".to_string()), None);
    }
}
