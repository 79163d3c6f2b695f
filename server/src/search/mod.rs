//! The employer search index. The database is the truth; this is derived from it and can always
//! be rebuilt. One writer (the [`indexer`]) keeps it current from the `search_change` log; every
//! request takes a fresh searcher from the one reader.
//!
//! On disk: `<data_dir>/index/CURRENT` names the live generation directory beside it. A rebuild
//! writes a new generation and then replaces `CURRENT` in one rename, so a half-built index is
//! never live and search keeps answering from the old one meanwhile.

pub mod analysis;
pub mod change_log;
pub mod collect;
pub mod document;
pub mod facet_key;
pub mod indexer;
pub mod match_cache;
pub mod per_segment;
pub mod query;
pub mod relax;
pub mod result_cache;

use analysis::{ChineseTokenizer, Lexicon, PinyinTokenizer};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexSettings, IndexSortByField, Order, ReloadPolicy, Searcher};

/// The tokenizer name the text fields are indexed with.
const CHINESE: &str = "laowu_chinese";
/// The tokenizer of the pinyin field: the pinyin and initials of every indexed word.
const PINYIN: &str = "laowu_pinyin";
/// Bumped whenever the schema or the way text is analysed changes: an index built otherwise is
/// rebuilt at start-up instead of being read wrongly.
pub const SCHEMA_VERSION: u32 = 6;
const CURRENT_FILE: &str = "CURRENT";
/// The field every segment is sorted by, best first: among equal scores the first document of
/// a segment wins, which lets ranking skip the rest of a tie ([`collect`]).
pub const RANK_KEY_FIELD: &str = "rank_key";

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("search index: {0}")]
    Poisoned(&'static str),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Field handles, resolved once from the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The worker id: deleting by it is how a document is replaced.
    pub worker_id: Field,
    pub name: Field,
    pub brand_text: Field,
    pub occupation_text: Field,
    pub certificate_text: Field,
    pub bio: Field,
    /// The pinyin and initials of every word of the trade, certificate, brand and bio texts.
    pub pinyin: Field,
    pub county: Field,
    pub brand: Field,
    pub occupation: Field,
    pub level: Field,
    pub region: Field,
    pub sex: Field,
    /// 0 none, 1 五级 … 5 一级 ([`app::domain::search::level_rank`]).
    pub level_rank: Field,
    pub verified: Field,
    /// Every tie-break in one number ([`document::rank_key`]); segments are sorted by it.
    pub rank_key: Field,
    pub wage_yuan: Field,
    /// Days since 1970-01-01.
    pub birth_days: Field,
    /// Days since 1970-01-01 from which the worker can start; 0 when now.
    pub available_days: Field,
    /// When the worker entered search (for "new since your last visit").
    pub published: Field,
    /// All six facets' values as one value, for counting them ([`facet_key`]).
    pub facet_key: Field,
}

fn schema() -> (Schema, Fields) {
    // Nothing is stored: result cards are read from the database, the truth, for the page's
    // workers only. A document store would be written, and then copied again in rank-key
    // order, for every worker a rebuild indexes.
    let mut builder = Schema::builder();
    // Term frequencies without positions: queries are words, not phrases.
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(CHINESE)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let numeric = INDEXED | FAST;
    let fields = Fields {
        worker_id: builder.add_u64_field("worker_id", INDEXED | FAST),
        name: builder.add_text_field("name", text.clone()),
        brand_text: builder.add_text_field("brand_text", text.clone()),
        occupation_text: builder.add_text_field("occupation_text", text.clone()),
        certificate_text: builder.add_text_field("certificate_text", text.clone()),
        bio: builder.add_text_field("bio", text),
        pinyin: builder.add_text_field(
            "pinyin",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PINYIN)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        county: builder.add_facet_field("county", INDEXED),
        brand: builder.add_facet_field("brand", INDEXED),
        occupation: builder.add_facet_field("occupation", INDEXED),
        level: builder.add_facet_field("level", INDEXED),
        region: builder.add_facet_field("region", INDEXED),
        sex: builder.add_facet_field("sex", INDEXED),
        level_rank: builder.add_u64_field("level_rank", numeric.clone()),
        verified: builder.add_u64_field("verified", numeric.clone()),
        rank_key: builder.add_u64_field(RANK_KEY_FIELD, FAST),
        wage_yuan: builder.add_u64_field("wage_yuan", numeric.clone()),
        birth_days: builder.add_i64_field("birth_days", numeric.clone()),
        available_days: builder.add_i64_field("available_days", numeric.clone()),
        published: builder.add_u64_field("published", numeric),
        facet_key: builder.add_text_field(
            facet_key::FACET_KEY_FIELD,
            TextOptions::default().set_fast("raw"),
        ),
    };
    (builder.build(), fields)
}

/// What an index commit records: how far into the change log it got.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CommitMark {
    pub schema: u32,
    /// Every change with this id or lower is reflected in the index.
    pub applied_through: i64,
}

/// One generation of the index: a directory, its index and its reader.
pub struct Generation {
    pub name: String,
    pub index: Index,
    pub reader: IndexReader,
}

impl Generation {
    /// The commit mark of the last commit, if the index was ever committed by us.
    ///
    /// # Errors
    /// When the index metadata cannot be read.
    pub fn mark(&self) -> Result<Option<CommitMark>, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str::<CommitMark>(p).ok()))
    }
}

/// The live index of this process.
pub struct SearchIndex {
    root: PathBuf,
    lexicon: Arc<Lexicon>,
    fields: Fields,
    schema: Schema,
    live: RwLock<Arc<Generation>>,
    caches: Arc<collect::SegmentCaches>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the live generation under `root`, or creates an empty one (which the indexer then
    /// fills by a rebuild, see [`SearchIndex::needs_rebuild`]).
    ///
    /// # Errors
    /// When the directory cannot be created or read.
    pub fn open(root: &Path, lexicon: Arc<Lexicon>) -> Result<Self, SearchError> {
        std::fs::create_dir_all(root).map_err(io_error(root))?;
        let (schema, fields) = schema();
        let mut this = SearchIndex {
            root: root.to_path_buf(),
            lexicon,
            fields,
            schema,
            live: RwLock::new(Arc::new(placeholder_generation()?)),
            caches: Arc::default(),
        };
        let generation = match this.current_name()? {
            Some(name) => match this.open_generation(&name) {
                // Field handles are positions in this build's schema: an index of another
                // schema would be read wrongly until its rebuild, so it is not searched at all.
                Ok(generation) if generation.index.schema() != this.schema => {
                    tracing::warn!(generation = %name, "search index of an older schema; starting an empty one to rebuild");
                    this.create_generation()?
                }
                Ok(generation) => generation,
                Err(e) => {
                    tracing::warn!(error = %e, generation = %name, "search index unreadable; starting an empty one to rebuild");
                    this.create_generation()?
                }
            },
            None => this.create_generation()?,
        };
        this.remove_abandoned_generations(&generation.name);
        this.live = RwLock::new(Arc::new(generation));
        Ok(this)
    }

    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// What searches keep per segment: decoded facet keys, opened tie-break columns, and
    /// words' and filters' match sets.
    pub fn caches(&self) -> &Arc<collect::SegmentCaches> {
        &self.caches
    }

    /// Keeps words' and filters' match sets within `bytes` (0: none), instead of
    /// [`match_cache::DEFAULT_BUDGET_BYTES`].
    #[must_use]
    pub fn with_match_cache_budget(mut self, bytes: usize) -> Self {
        self.caches = Arc::new(collect::SegmentCaches::new(match_cache::MatchCache::new(
            bytes,
        )));
        self
    }

    pub fn lexicon(&self) -> &Arc<Lexicon> {
        &self.lexicon
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The generation serving searches now.
    ///
    /// # Errors
    /// Only if a thread panicked while swapping generations.
    pub fn live(&self) -> Result<Arc<Generation>, SearchError> {
        self.live
            .read()
            .map(|g| g.clone())
            .map_err(|_| SearchError::Poisoned("live generation"))
    }

    /// A searcher for one request.
    ///
    /// # Errors
    /// See [`SearchIndex::live`].
    pub fn searcher(&self) -> Result<Searcher, SearchError> {
        Ok(self.live()?.reader.searcher())
    }

    /// Whether the live generation lacks a commit of this schema version, so only a rebuild
    /// can make it match the database.
    ///
    /// # Errors
    /// When the index metadata cannot be read.
    pub fn needs_rebuild(&self) -> Result<bool, SearchError> {
        Ok(self
            .live()?
            .mark()?
            .is_none_or(|mark| mark.schema != SCHEMA_VERSION))
    }

    /// The generation `CURRENT` names, if any.
    ///
    /// # Errors
    /// When `CURRENT` exists but cannot be read.
    pub fn current_name(&self) -> Result<Option<String>, SearchError> {
        let path = self.root.join(CURRENT_FILE);
        match std::fs::read_to_string(&path) {
            Ok(name) => Ok(Some(name.trim().to_string()).filter(|n| !n.is_empty())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(&path)(e)),
        }
    }

    fn open_generation(&self, name: &str) -> Result<Generation, SearchError> {
        let mut index = Index::open_in_dir(self.root.join(name))?;
        self.register_tokenizer(&mut index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Generation {
            name: name.to_string(),
            index,
            reader,
        })
    }

    /// A new, empty generation directory (not yet live).
    ///
    /// # Errors
    /// When the directory or the index cannot be created.
    pub fn create_generation(&self) -> Result<Generation, SearchError> {
        let millis = chrono::Utc::now().timestamp_millis();
        let mut n = 0;
        let (name, dir) = loop {
            let name = format!("gen-{millis}-{n}");
            let dir = self.root.join(&name);
            if !dir.exists() {
                break (name, dir);
            }
            n += 1;
        };
        std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        let mut index = Index::builder()
            .schema(self.schema.clone())
            .settings(IndexSettings {
                sort_by_field: Some(IndexSortByField {
                    field: RANK_KEY_FIELD.to_string(),
                    order: Order::Desc,
                }),
                ..IndexSettings::default()
            })
            .create_in_dir(&dir)?;
        self.register_tokenizer(&mut index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Generation {
            name,
            index,
            reader,
        })
    }

    fn register_tokenizer(&self, index: &mut Index) {
        index
            .tokenizers()
            .register(CHINESE, ChineseTokenizer::new(self.lexicon.clone()));
        index
            .tokenizers()
            .register(PINYIN, PinyinTokenizer::new(self.lexicon.clone()));
    }

    /// Makes `generation` the one `CURRENT` names (one rename: atomic) and, in this process,
    /// the one searches use.
    ///
    /// # Errors
    /// When `CURRENT` cannot be written.
    pub fn publish(&self, generation: Generation) -> Result<Arc<Generation>, SearchError> {
        let temporary = self.root.join(format!("{CURRENT_FILE}.tmp"));
        std::fs::write(&temporary, &generation.name).map_err(io_error(&temporary))?;
        let current = self.root.join(CURRENT_FILE);
        std::fs::rename(&temporary, &current).map_err(io_error(&current))?;
        self.adopt(generation)
    }

    /// Uses `generation` for searches in this process (after another process published it).
    ///
    /// # Errors
    /// Only if a thread panicked while swapping generations.
    pub fn adopt(&self, generation: Generation) -> Result<Arc<Generation>, SearchError> {
        let generation = Arc::new(generation);
        let old = {
            let mut live = self
                .live
                .write()
                .map_err(|_| SearchError::Poisoned("live generation"))?;
            std::mem::replace(&mut *live, generation.clone())
        };
        if old.name != generation.name {
            self.remove_generation(&old.name);
        }
        Ok(generation)
    }

    /// Opens the generation another process published, if `CURRENT` moved on.
    ///
    /// # Errors
    /// When `CURRENT` or the named generation cannot be read.
    pub fn follow_current(&self) -> Result<Option<Arc<Generation>>, SearchError> {
        let Some(name) = self.current_name()? else {
            return Ok(None);
        };
        if name == self.live()?.name {
            return Ok(None);
        }
        let generation = self.open_generation(&name)?;
        self.adopt(generation).map(Some)
    }

    /// Deletes the generation directory `name`; open searchers keep its files alive until they
    /// finish (unlinked files stay readable on Unix).
    fn remove_generation(&self, name: &str) {
        if !name.starts_with("gen-") {
            return;
        }
        if let Err(e) = std::fs::remove_dir_all(self.root.join(name)) {
            tracing::warn!(error = %e, generation = %name, "could not remove an old search index generation");
        }
    }

    /// Removes generations left behind by a rebuild that was killed before it finished.
    fn remove_abandoned_generations(&self, keep: &str) {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name != keep {
                self.remove_generation(&name);
            }
        }
    }

    /// The default location: `<data_dir>/index`.
    pub fn root_in(data_dir: &Path) -> PathBuf {
        data_dir.join("index")
    }
}

/// A generation in RAM, only ever seen while `open` decides which generation is live.
fn placeholder_generation() -> Result<Generation, SearchError> {
    let (schema, _) = schema();
    let index = Index::create_in_ram(schema);
    let reader = index.reader()?;
    Ok(Generation {
        name: String::new(),
        index,
        reader,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Arc<Lexicon> {
        Arc::new(Lexicon::load(None, []).unwrap())
    }

    #[test]
    fn a_published_generation_is_reopened_and_sorted_by_the_rank_key() {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(dir.path(), lexicon()).unwrap();
        let published = index.publish(index.create_generation().unwrap()).unwrap();
        let sort = published.index.settings().sort_by_field.clone().unwrap();
        assert_eq!(
            (sort.field.as_str(), sort.order),
            (RANK_KEY_FIELD, Order::Desc)
        );
        drop(index);
        let reopened = SearchIndex::open(dir.path(), lexicon()).unwrap();
        assert_eq!(reopened.live().unwrap().name, published.name);
    }

    #[test]
    fn an_index_of_another_schema_is_not_searched_but_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = Schema::builder();
        builder.add_u64_field("worker_id", INDEXED | FAST);
        let older = dir.path().join("gen-older");
        std::fs::create_dir_all(&older).unwrap();
        Index::create_in_dir(&older, builder.build()).unwrap();
        std::fs::write(dir.path().join(CURRENT_FILE), "gen-older").unwrap();
        let index = SearchIndex::open(dir.path(), lexicon()).unwrap();
        let live = index.live().unwrap();
        assert_ne!(live.name, "gen-older");
        assert_eq!(live.index.schema(), index.schema);
        assert!(index.needs_rebuild().unwrap(), "the new one is rebuilt");
    }

    #[test]
    fn the_index_stores_no_field() {
        // Cards come from the database; a stored field would be written and then copied in
        // rank-key order for every worker a rebuild indexes.
        let (schema, _) = schema();
        let stored: Vec<&str> = schema
            .fields()
            .filter(|(_, entry)| entry.is_stored())
            .map(|(_, entry)| entry.name())
            .collect();
        assert_eq!(stored, Vec::<&str>::new());
    }
}
