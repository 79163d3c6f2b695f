//! Recent answers, kept until the index changes. Employers repeat the popular searches (厨师,
//! 护工, 保姆 …), page through them and come back to them; counting every match and its six
//! facets again each time is most of a search's work. Solr keeps a query result cache and
//! Elasticsearch a request cache for the same reason, and drop them on the same event: an
//! answer is kept only for the exact index state it was computed on (its segments and their
//! deletes), so the first search after any commit or rebuild empties the cache and nothing
//! withdrawn or changed is ever served from it.

use lru::LruCache;
use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::{Opstamp, Searcher};

/// What identifies an index state: every commit, merge or rebuild changes it.
type IndexState = BTreeMap<SegmentId, Option<Opstamp>>;

struct Entries<V> {
    state: IndexState,
    answers: LruCache<String, Arc<V>>,
}

/// At most `capacity` answers for the newest index state; none when the capacity is 0.
pub struct ResultCache<V> {
    entries: Option<Mutex<Entries<V>>>,
}

impl<V> ResultCache<V> {
    pub fn new(capacity: usize) -> Self {
        ResultCache {
            entries: NonZeroUsize::new(capacity).map(|capacity| {
                Mutex::new(Entries {
                    state: IndexState::new(),
                    answers: LruCache::new(capacity),
                })
            }),
        }
    }

    /// The answer to `question` computed on the index state `searcher` reads, if kept.
    pub fn get(&self, searcher: &Searcher, question: &str) -> Option<Arc<V>> {
        let mut entries = self.entries.as_ref()?.lock().ok()?;
        if entries.state != *searcher.generation().segments() {
            return None;
        }
        entries.answers.get(question).cloned()
    }

    /// Keeps `answer`, computed on the index state `searcher` reads. An answer from another
    /// state than the kept ones replaces them all.
    pub fn put(&self, searcher: &Searcher, question: String, answer: Arc<V>) {
        let Some(Ok(mut entries)) = self.entries.as_ref().map(Mutex::lock) else {
            return;
        };
        let state = searcher.generation().segments();
        if entries.state != *state {
            // Usually the index changed. A slow search on an older searcher may also finish
            // after newer ones: then the newer answers go, and are computed again next time.
            entries.state = state.clone();
            entries.answers.clear();
        }
        entries.answers.put(question, answer);
    }

    #[cfg(test)]
    fn kept(&self) -> usize {
        self.entries
            .as_ref()
            .and_then(|entries| entries.lock().ok().map(|e| e.answers.len()))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Field, STORED, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument, Term, doc};

    /// An index holding one document with `word`, and its writer for further changes.
    fn index_with(word: &str) -> (Index, Field, IndexWriter<TantivyDocument>) {
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer(15_000_000).unwrap();
        writer.add_document(doc!(text => word)).unwrap();
        writer.commit().unwrap();
        (index, text, writer)
    }

    #[test]
    fn an_answer_is_served_only_for_the_index_state_it_was_computed_on() {
        let (index, text, mut writer) = index_with("厨师");
        let reader = index.reader().unwrap();
        let before = reader.searcher();
        let cache = ResultCache::new(10);
        cache.put(&before, "q=厨师".into(), Arc::new(1u64));
        assert_eq!(cache.get(&before, "q=厨师").as_deref(), Some(&1));
        assert_eq!(cache.get(&before, "q=护工"), None);

        // A deletion is a new state: the kept answer is not served.
        writer.delete_term(Term::from_field_text(text, "厨师"));
        writer.commit().unwrap();
        reader.reload().unwrap();
        let after = reader.searcher();
        assert_eq!(cache.get(&after, "q=厨师"), None);
        cache.put(&after, "q=厨师".into(), Arc::new(0u64));
        assert_eq!(cache.get(&after, "q=厨师").as_deref(), Some(&0));
        // The older state's answers are gone.
        assert_eq!(cache.get(&before, "q=厨师"), None);
        assert_eq!(cache.kept(), 1);
    }

    #[test]
    fn the_least_recently_used_answer_goes_first_and_capacity_zero_keeps_nothing() {
        let (index, _, _) = index_with("护工");
        let searcher = index.reader().unwrap().searcher();
        let cache = ResultCache::new(2);
        cache.put(&searcher, "a".into(), Arc::new(1u64));
        cache.put(&searcher, "b".into(), Arc::new(2u64));
        assert!(cache.get(&searcher, "a").is_some());
        cache.put(&searcher, "c".into(), Arc::new(3u64));
        assert!(
            cache.get(&searcher, "b").is_none(),
            "b was used least recently"
        );
        assert!(cache.get(&searcher, "a").is_some());
        assert!(cache.get(&searcher, "c").is_some());

        let off = ResultCache::new(0);
        off.put(&searcher, "a".into(), Arc::new(1u64));
        assert!(off.get(&searcher, "a").is_none());
        assert_eq!(off.kept(), 0);
    }
}
