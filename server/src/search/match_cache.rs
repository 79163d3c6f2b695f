//! Which documents of a segment match a word or a filter, kept for the next search with it.
//!
//! A word matches through every text field, its synonyms and what its pinyin spells: 厨师 is
//! the union of some twenty posting lists, and merging them is most of the work of counting a
//! broad word and its facets; a wage or age filter reads a column of every worker. A segment
//! never changes (deletes are applied when a set is read), so each is done once per segment,
//! not on every search, and a search intersects sets a machine word at a time. Sets are never
//! stale, only dropped when their segment leaves the index or they are the least recently used
//! over the byte budget. Lucene keeps its query cache per segment for the same reason. Scores
//! are not kept: they depend on statistics of the whole index, which every commit changes.

use lru::LruCache;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use tantivy::DocId;
use tantivy::fastfield::AliveBitSet;
use tantivy::index::{SegmentId, SegmentReader};
use tantivy::query::Weight;

/// The budget when the settings give none: a set costs one bit per document of its segment,
/// 125 KB per word or filter over a million workers, so this keeps about five hundred.
pub const DEFAULT_BUDGET_BYTES: usize = 64 << 20;

/// A set of documents of one segment, one bit each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchSet {
    bits: Box<[u64]>,
    len: u32,
}

impl MatchSet {
    /// An empty set for documents below `max_doc`.
    pub fn empty(max_doc: DocId) -> Self {
        MatchSet {
            bits: vec![0; max_doc.div_ceil(64) as usize].into_boxed_slice(),
            len: 0,
        }
    }

    fn insert(&mut self, doc: DocId) {
        if let Some(bits) = self.bits.get_mut((doc / 64) as usize) {
            let bit = 1u64 << (doc % 64);
            if *bits & bit == 0 {
                *bits |= bit;
                self.len += 1;
            }
        }
    }

    pub fn contains(&self, doc: DocId) -> bool {
        self.bits
            .get((doc / 64) as usize)
            .is_some_and(|bits| bits & (1u64 << (doc % 64)) != 0)
    }

    /// How many documents, deleted ones included.
    pub fn len(&self) -> u32 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The documents in both sets.
    pub fn intersection(&self, other: &MatchSet) -> MatchSet {
        let bits: Box<[u64]> = self
            .bits
            .iter()
            .zip(other.bits.iter())
            .map(|(a, b)| a & b)
            .collect();
        let len = bits.iter().map(|b| b.count_ones()).sum();
        MatchSet { bits, len }
    }

    fn bytes(&self) -> usize {
        self.bits.len() * 8 + std::mem::size_of::<Self>()
    }

    /// Calls `each` with every document of the set that `alive` keeps, in order. Generic, so
    /// that the work done per document is inlined into the loop.
    #[inline]
    pub fn for_each_alive(&self, alive: Option<&AliveBitSet>, each: impl FnMut(DocId)) {
        self.for_each_alive_from(0, alive, each);
    }

    /// [`MatchSet::for_each_alive`] for the documents from `first` on.
    #[inline]
    pub fn for_each_alive_from(
        &self,
        first: DocId,
        alive: Option<&AliveBitSet>,
        mut each: impl FnMut(DocId),
    ) {
        let first_word = (first / 64) as usize;
        for (index, &word) in self.bits.iter().enumerate().skip(first_word) {
            let mut rest = if index == first_word {
                word & (u64::MAX << (first % 64))
            } else {
                word
            };
            while rest != 0 {
                let doc = index as DocId * 64 + rest.trailing_zeros();
                rest &= rest - 1;
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    each(doc);
                }
            }
        }
    }
}

/// A word's or a filter's query, as the cache knows it: its rendering names every term, field,
/// bound and boost, so equal keys are equal queries.
pub type ClauseKey = String;

struct Kept {
    sets: LruCache<(SegmentId, ClauseKey), Arc<MatchSet>>,
    bytes: usize,
}

/// Match sets by segment and clause (a word or a filter), within a byte budget (0: none are
/// kept).
pub struct MatchCache {
    budget: usize,
    kept: Mutex<Kept>,
}

impl std::fmt::Debug for MatchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatchCache")
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

impl Default for MatchCache {
    fn default() -> Self {
        Self::new(DEFAULT_BUDGET_BYTES)
    }
}

impl MatchCache {
    pub fn new(budget: usize) -> Self {
        MatchCache {
            budget,
            kept: Mutex::new(Kept {
                sets: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }

    /// The documents of `segment` that `clause` (whose query is `key`) matches, deleted ones
    /// included. `live` are the segments of the searcher in use: sets of other segments go.
    ///
    /// # Errors
    /// Index errors.
    pub fn matches(
        &self,
        segment: &SegmentReader,
        key: &str,
        clause: &dyn Weight,
        live: &HashSet<SegmentId>,
    ) -> tantivy::Result<Arc<MatchSet>> {
        let id = segment.segment_id();
        if self.budget > 0
            && let Ok(mut kept) = self.kept.lock()
            && let Some(set) = kept.sets.get(&(id, key.to_string()))
        {
            return Ok(set.clone());
        }
        // Found outside the lock: another search may find the same set meanwhile, which
        // costs time but never correctness.
        let mut set = MatchSet::empty(segment.max_doc());
        clause.for_each_no_score(segment, &mut |docs: &[DocId]| {
            for &doc in docs {
                set.insert(doc);
            }
        })?;
        let set = Arc::new(set);
        if self.budget > 0
            && set.bytes() <= self.budget
            && let Ok(mut kept) = self.kept.lock()
        {
            let kept = &mut *kept;
            let gone: Vec<(SegmentId, ClauseKey)> = kept
                .sets
                .iter()
                .filter(|((segment, _), _)| !live.contains(segment))
                .map(|(k, _)| k.clone())
                .collect();
            for k in gone {
                if let Some(old) = kept.sets.pop(&k) {
                    kept.bytes -= old.bytes();
                }
            }
            if let Some(old) = kept.sets.put((id, key.to_string()), set.clone()) {
                kept.bytes -= old.bytes();
            }
            kept.bytes += set.bytes();
            while kept.bytes > self.budget {
                match kept.sets.pop_lru() {
                    Some((_, old)) => kept.bytes -= old.bytes(),
                    None => break,
                }
            }
        }
        Ok(set)
    }

    /// How many sets are kept, and their bytes.
    pub fn usage(&self) -> (usize, usize) {
        self.kept
            .lock()
            .map_or((0, 0), |kept| (kept.sets.len(), kept.bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{EnableScoring, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument, Term};

    #[test]
    fn a_set_holds_what_was_inserted_and_intersects() {
        let mut a = MatchSet::empty(200);
        let mut b = MatchSet::empty(200);
        for doc in [0, 5, 64, 130, 199] {
            a.insert(doc);
        }
        a.insert(5);
        for doc in [5, 63, 130, 198] {
            b.insert(doc);
        }
        assert_eq!(a.len(), 5);
        assert!(a.contains(199) && !a.contains(198) && !a.contains(1000));
        let both = a.intersection(&b);
        assert_eq!(both.len(), 2);
        let mut docs = Vec::new();
        both.for_each_alive(None, |doc| docs.push(doc));
        assert_eq!(docs, vec![5, 130]);
        let mut each = Vec::new();
        a.for_each_alive(None, |doc| each.push(doc));
        assert_eq!(each, vec![0, 5, 64, 130, 199]);
        let mut from = Vec::new();
        for first in [5, 6, 64, 65, 200] {
            a.for_each_alive_from(first, None, |doc| from.push(doc));
            from.push(u32::MAX);
        }
        let end = u32::MAX;
        assert_eq!(
            from,
            vec![
                5, 64, 130, 199, end, 64, 130, 199, end, 64, 130, 199, end, 130, 199, end, end
            ]
        );
    }

    fn index_of(bios: &[&str]) -> (Index, tantivy::schema::Field) {
        let mut builder = Schema::builder();
        let bio = builder.add_text_field("bio", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in bios {
            let mut doc = TantivyDocument::default();
            doc.add_text(bio, *text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, bio)
    }

    #[test]
    fn a_kept_set_is_served_again_and_sets_over_the_budget_go() {
        let (index, bio) = index_of(&["chef soup", "chef", "carer", "soup"]);
        let searcher = index.reader().unwrap().searcher();
        let segment = searcher.segment_reader(0);
        let live: HashSet<SegmentId> = [segment.segment_id()].into();
        let weight_of = |word: &str| {
            TermQuery::new(Term::from_field_text(bio, word), IndexRecordOption::Basic)
                .weight(EnableScoring::disabled_from_searcher(&searcher))
                .unwrap()
        };
        let one_set = MatchSet::empty(segment.max_doc()).bytes();
        let cache = MatchCache::new(one_set);
        let chef = cache
            .matches(segment, "chef", weight_of("chef").as_ref(), &live)
            .unwrap();
        let mut docs = Vec::new();
        chef.for_each_alive(None, |doc| docs.push(doc));
        assert_eq!(docs, vec![0, 1]);
        let again = cache
            .matches(segment, "chef", weight_of("chef").as_ref(), &live)
            .unwrap();
        assert!(Arc::ptr_eq(&chef, &again), "served from the cache");
        let soup = cache
            .matches(segment, "soup", weight_of("soup").as_ref(), &live)
            .unwrap();
        assert_eq!(soup.len(), 2);
        assert_eq!(cache.usage(), (1, one_set), "chef made room for soup");
        // A segment no longer live: its sets go with the next one kept.
        cache
            .matches(
                segment,
                "carer",
                weight_of("carer").as_ref(),
                &HashSet::new(),
            )
            .unwrap();
        assert_eq!(cache.usage().0, 1);
        let off = MatchCache::new(0);
        off.matches(segment, "chef", weight_of("chef").as_ref(), &live)
            .unwrap();
        assert_eq!(off.usage(), (0, 0), "a budget of 0 keeps nothing");
    }

    #[test]
    fn deleted_documents_are_left_out_when_a_kept_set_is_read() {
        let (index, bio) = index_of(&["chef one", "chef two", "chef three"]);
        let cache = MatchCache::default();
        let reader = index.reader().unwrap();
        let key = "chef";
        let read = |searcher: &tantivy::Searcher| {
            let segment = searcher.segment_reader(0);
            let live: HashSet<SegmentId> = [segment.segment_id()].into();
            let weight =
                TermQuery::new(Term::from_field_text(bio, "chef"), IndexRecordOption::Basic)
                    .weight(EnableScoring::disabled_from_searcher(searcher))
                    .unwrap();
            let set = cache.matches(segment, key, weight.as_ref(), &live).unwrap();
            let mut docs = Vec::new();
            set.for_each_alive(segment.alive_bitset(), |doc| docs.push(doc));
            docs
        };
        assert_eq!(read(&reader.searcher()), vec![0, 1, 2]);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.delete_term(Term::from_field_text(bio, "two"));
        writer.commit().unwrap();
        reader.reload().unwrap();
        assert_eq!(read(&reader.searcher()), vec![0, 2]);
    }
}
