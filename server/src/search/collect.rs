//! The work of one results page, in two passes over each segment that each do only what they
//! must. Counting every match and its six facets needs no scores, so the first pass runs the
//! query unscored, a block of documents at a time. Choosing the page needs scores only for
//! documents that can still make it, so the second pass asks tantivy to prune below the page's
//! lowest score (block-max WAND when the ranking query is a plain union of terms) and reads the
//! tie-break columns only for documents that reach the page's lowest score.

use super::facet_key::{FacetKeyCache, SegmentFacetCounter};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::Arc;
use tantivy::columnar::{Column, ColumnIndex, ColumnValues};
use tantivy::index::{SegmentId, SegmentReader};
use tantivy::query::{BitSetDocSet, EnableScoring, Query, Weight};
use tantivy::{BitSet, DocAddress, DocId, DocSet, Score, Searcher, TERMINATED};

/// Scores equal to three decimals are ties (float noise must not decide the order).
pub const SCORE_PRECISION: Score = 1000.0;

/// The order of results: score to three decimals, then verified certificate level, then
/// experience, then the most recently updated, then the lowest worker id, so no two workers
/// ever tie. Larger is better.
pub type SortKey = (u64, u64, u64, u64, u64);

pub fn quantized(score: Score) -> u64 {
    // Adding a half and truncating rounds a non-negative score; `f32::round` is a libm call,
    // and this runs for every candidate.
    (score.max(0.0) * SCORE_PRECISION + 0.5) as u64
}

/// The lowest raw score that still quantizes to `quantized_score` or more, a little lower so
/// that float rounding never excludes a tie (which the tie-breaks must decide).
fn score_floor(quantized_score: u64) -> Score {
    ((quantized_score as Score - 0.5) / SCORE_PRECISION - 1e-4).max(0.0) - f32::EPSILON
}

/// Per facet field (in [`super::facet_key::FACET_FIELDS`] order): value → matching documents.
pub type FacetCounts = [HashMap<String, u64>; 6];

/// What to run for one page.
pub struct PagePlan<'a> {
    /// Decides which workers match, and scores them.
    pub matching: &'a dyn Query,
    /// The words of `matching` without its filters, when tantivy can prune them: they score
    /// every match exactly as `matching` does (filters add nothing to the score).
    pub words_alone: Option<&'a dyn Query>,
    /// Offset + limit: how many of the best documents the page needs.
    pub best: usize,
    /// Threads to share the segments among: all cores on an idle server; one under load,
    /// where splitting a search only adds work (each thread prunes against its own page).
    pub threads: usize,
}

/// What the passes found.
#[derive(Debug, Default)]
pub struct Collected {
    pub total: u64,
    /// Best first.
    pub best: Vec<(SortKey, DocAddress)>,
    pub facets: FacetCounts,
}

/// Ranking by the words alone with pruning (checking each document against the matches) pays
/// when the filters keep at least one in this many of a segment's documents: then the page
/// fills early and pruning skips most of the words' matches. Below that, moving the words'
/// scorer from match to match is cheaper.
const WORDS_ALONE_MIN_SHARE: u32 = 8;

/// The weights of a plan, made once per search and shared by the threads searching segments.
struct Weights {
    counting: Box<dyn Weight>,
    ranking: Box<dyn Weight>,
    ranking_words: Option<Box<dyn Weight>>,
}

/// What one thread found in its segments.
struct Partial {
    total: u64,
    facets: FacetCounts,
    page: Page,
}

/// Runs both passes over every segment, with the segments shared out among up to
/// `plan.threads` threads.
///
/// # Errors
/// Index errors.
pub fn collect_page(
    searcher: &Searcher,
    facet_keys: &FacetKeyCache,
    plan: &PagePlan<'_>,
) -> tantivy::Result<Collected> {
    let weights = Weights {
        counting: plan
            .matching
            .weight(EnableScoring::disabled_from_searcher(searcher))?,
        ranking: plan
            .matching
            .weight(EnableScoring::enabled_from_searcher(searcher))?,
        ranking_words: plan
            .words_alone
            .map(|q| q.weight(EnableScoring::enabled_from_searcher(searcher)))
            .transpose()?,
    };
    let segments = searcher.segment_readers();
    let live: HashSet<SegmentId> = segments.iter().map(SegmentReader::segment_id).collect();
    let threads = plan.threads.min(segments.len()).max(1);
    let share = |thread: usize| {
        segments
            .iter()
            .enumerate()
            .skip(thread)
            .step_by(threads)
            .map(|(ordinal, segment)| (u32::try_from(ordinal).unwrap_or(u32::MAX), segment))
    };
    let partials: Vec<tantivy::Result<Partial>> = if threads == 1 {
        vec![collect_segments(
            &weights,
            facet_keys,
            &live,
            share(0),
            plan.best,
        )]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads)
                .map(|thread| {
                    let (weights, live, share) = (&weights, &live, &share);
                    scope.spawn(move || {
                        collect_segments(weights, facet_keys, live, share(thread), plan.best)
                    })
                })
                .collect();
            let mut partials = vec![collect_segments(
                &weights,
                facet_keys,
                &live,
                share(0),
                plan.best,
            )];
            for handle in handles {
                partials.push(handle.join().unwrap_or_else(|_| {
                    Err(tantivy::TantivyError::InternalError(
                        "a search thread panicked".to_string(),
                    ))
                }));
            }
            partials
        })
    };
    let mut collected = Collected::default();
    let mut best = Vec::new();
    for partial in partials {
        let partial = partial?;
        collected.total += partial.total;
        for (into, from) in collected.facets.iter_mut().zip(partial.facets) {
            for (value, count) in from {
                *into.entry(value).or_insert(0) += count;
            }
        }
        best.extend(partial.page.into_best());
    }
    best.sort_by_key(|entry| Reverse(entry.0));
    best.truncate(plan.best);
    collected.best = best;
    Ok(collected)
}

/// Both passes over some of the segments.
fn collect_segments<'s>(
    weights: &Weights,
    facet_keys: &FacetKeyCache,
    live: &HashSet<SegmentId>,
    segments: impl Iterator<Item = (u32, &'s SegmentReader)>,
    best: usize,
) -> tantivy::Result<Partial> {
    let mut partial = Partial {
        total: 0,
        facets: Default::default(),
        // One page across segments: a later segment starts from the scores the earlier ones
        // reached, so more of it is pruned.
        page: Page::new(best),
    };
    let page = &mut partial.page;
    let mut alive_docs: Vec<DocId> = Vec::new();
    for (segment_ord, segment) in segments {
        let mut facets = SegmentFacetCounter::open(facet_keys, segment, live)?;
        let mut matched = weights
            .ranking_words
            .is_some()
            .then(|| BitSet::with_max_value(segment.max_doc()));
        let mut total = 0u32;
        let alive = segment.alive_bitset();
        weights
            .counting
            .for_each_no_score(segment, &mut |docs: &[DocId]| {
                let docs = match alive {
                    None => docs,
                    Some(alive) => {
                        alive_docs.clear();
                        alive_docs.extend(docs.iter().filter(|&&d| alive.is_alive(d)));
                        &alive_docs
                    }
                };
                total += docs.len() as u32;
                facets.count(docs);
                if let Some(matched) = matched.as_mut() {
                    for &doc in docs {
                        matched.insert(doc);
                    }
                }
            })?;
        partial.total += u64::from(total);
        facets.harvest_into(&mut partial.facets);
        if total == 0 || best == 0 {
            continue;
        }
        let columns = TieBreakColumns::open(segment);
        // The callbacks return the score a document must now exceed.
        match weights.ranking_words.as_ref().zip(matched) {
            Some((words, matched)) if total >= segment.max_doc() / WORDS_ALONE_MIN_SHARE => {
                words.for_each_pruning(page.threshold(), segment, &mut |doc, score| {
                    if matched.contains(doc) {
                        page.offer(&columns, DocAddress::new(segment_ord, doc), score);
                    }
                    page.threshold()
                })?;
            }
            Some((words, matched)) => {
                // Few matches: score each by moving the words' scorer to it, rather than
                // intersecting the words with the filters a second time. Every match is a
                // match of the words, and they come in order, so each seek lands on it.
                let mut scorer = words.scorer(segment, 1.0)?;
                let mut matches = BitSetDocSet::from(matched);
                let mut doc = matches.doc();
                while doc != TERMINATED {
                    if scorer.seek(doc) == doc {
                        page.offer(&columns, DocAddress::new(segment_ord, doc), scorer.score());
                    }
                    doc = matches.advance();
                }
            }
            None => {
                weights.ranking.for_each_pruning(
                    page.threshold(),
                    segment,
                    &mut |doc, score| {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            page.offer(&columns, DocAddress::new(segment_ord, doc), score);
                        }
                        page.threshold()
                    },
                )?;
            }
        }
    }
    Ok(partial)
}

/// The facet values with the most matches, most first, then by value.
pub fn top_values(counts: &HashMap<String, u64>, limit: usize) -> Vec<(String, u64)> {
    let mut values: Vec<(String, u64)> = counts.iter().map(|(v, c)| (v.clone(), *c)).collect();
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    values.truncate(limit);
    values
}

/// One tie-break column of a segment: read directly when every document has a value.
enum TieBreakColumn {
    Dense(Arc<dyn ColumnValues<u64>>),
    Sparse(Column<u64>),
    Missing,
}

impl TieBreakColumn {
    fn open(segment: &SegmentReader, name: &str) -> Self {
        match segment.fast_fields().u64(name) {
            Ok(column) if matches!(column.index, ColumnIndex::Full) => {
                TieBreakColumn::Dense(column.values)
            }
            Ok(column) => TieBreakColumn::Sparse(column),
            Err(_) => TieBreakColumn::Missing,
        }
    }

    fn get(&self, doc: DocId) -> u64 {
        match self {
            TieBreakColumn::Dense(values) => values.get_val(doc),
            TieBreakColumn::Sparse(column) => column.first(doc).unwrap_or(0),
            TieBreakColumn::Missing => 0,
        }
    }
}

/// The tie-break columns of one segment, in the order they decide.
struct TieBreakColumns {
    verified_rank: TieBreakColumn,
    experience: TieBreakColumn,
    updated: TieBreakColumn,
    worker_id: TieBreakColumn,
}

impl TieBreakColumns {
    fn open(segment: &SegmentReader) -> Self {
        TieBreakColumns {
            verified_rank: TieBreakColumn::open(segment, "verified_rank"),
            experience: TieBreakColumn::open(segment, "experience"),
            updated: TieBreakColumn::open(segment, "updated"),
            worker_id: TieBreakColumn::open(segment, "worker_id"),
        }
    }

    fn key(&self, doc: DocId, score: u64) -> SortKey {
        (
            score,
            self.verified_rank.get(doc),
            self.experience.get(doc),
            self.updated.get(doc),
            u64::MAX - self.worker_id.get(doc),
        )
    }

    /// The document's key if it sorts after `lowest`, reading only the columns needed to tell
    /// (most ties are decided by the first one or two).
    fn key_if_above(&self, doc: DocId, score: u64, lowest: &SortKey) -> Option<SortKey> {
        let mut key: SortKey = (score, 0, 0, 0, 0);
        if score != lowest.0 {
            return (score > lowest.0).then(|| self.key(doc, score));
        }
        key.1 = self.verified_rank.get(doc);
        if key.1 != lowest.1 {
            return (key.1 > lowest.1).then(|| self.key(doc, score));
        }
        key.2 = self.experience.get(doc);
        if key.2 != lowest.2 {
            return (key.2 > lowest.2).then(|| self.key(doc, score));
        }
        key.3 = self.updated.get(doc);
        key.4 = u64::MAX - self.worker_id.get(doc);
        (key > *lowest).then_some(key)
    }
}

/// The best documents so far: a min-heap on the sort key, at most `capacity` long.
struct Page {
    capacity: usize,
    heap: BinaryHeap<Reverse<(SortKey, DocAddress)>>,
}

impl Page {
    fn new(capacity: usize) -> Self {
        Page {
            capacity,
            heap: BinaryHeap::with_capacity(capacity + 1),
        }
    }

    fn lowest(&self) -> Option<SortKey> {
        self.heap.peek().map(|Reverse((key, _))| *key)
    }

    fn offer(&mut self, columns: &TieBreakColumns, address: DocAddress, score: Score) {
        let score = quantized(score);
        if self.heap.len() < self.capacity {
            let key = columns.key(address.doc_id, score);
            self.heap.push(Reverse((key, address)));
            return;
        }
        // Only a document that reaches the lowest score on the page needs its tie-breaks read.
        let Some(lowest) = self.lowest() else {
            return;
        };
        if score < lowest.0 {
            return;
        }
        if let Some(key) = columns.key_if_above(address.doc_id, score, &lowest)
            && let Some(mut top) = self.heap.peek_mut()
        {
            *top = Reverse((key, address));
        }
    }

    /// Scores at or below this cannot enter the page.
    fn threshold(&self) -> Score {
        match self.lowest() {
            Some(key) if self.heap.len() >= self.capacity => score_floor(key.0),
            _ => Score::MIN,
        }
    }

    fn into_best(self) -> Vec<(SortKey, DocAddress)> {
        let mut best: Vec<(SortKey, DocAddress)> =
            self.heap.into_iter().map(|Reverse(entry)| entry).collect();
        best.sort_by_key(|entry| Reverse(entry.0));
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_floor_admits_every_score_that_rounds_to_it() {
        for q in [0u64, 1, 999, 1000, 1234, 25_000, 99_999] {
            let floor = score_floor(q);
            // The smallest raw score that still rounds to q.
            let lowest_raw = (q as f32 - 0.5) / SCORE_PRECISION;
            let lowest_raw = if q == 0 { 0.0 } else { lowest_raw };
            assert!(floor < lowest_raw, "q={q}: floor {floor} ≥ {lowest_raw}");
            // A score rounding to q-2 is not admitted (the floor is tight enough to prune).
            if q >= 2 {
                let below = (q - 2) as f32 / SCORE_PRECISION;
                assert!(floor > below, "q={q}: floor {floor} ≤ {below}");
            }
        }
    }

    #[test]
    fn facet_values_are_ordered_by_count_then_value() {
        let counts: HashMap<String, u64> = [("b", 5), ("a", 5), ("c", 9), ("d", 1)]
            .into_iter()
            .map(|(v, c)| (v.to_string(), c))
            .collect();
        let top = top_values(&counts, 3);
        assert_eq!(
            top,
            vec![
                ("c".to_string(), 9),
                ("a".to_string(), 5),
                ("b".to_string(), 5)
            ]
        );
    }
    mod against_brute_force {
        use super::super::*;
        use crate::search::facet_key::{FACET_FIELDS, FACET_KEY_FIELD, encode};
        use tantivy::collector::{DocSetCollector, FacetCollector, TopDocs};
        use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, TermQuery};
        use tantivy::schema::{
            FAST, Facet, INDEXED, IndexRecordOption, STRING, Schema, TEXT, TextOptions,
        };
        use tantivy::{Index, IndexWriter, TantivyDocument, Term};

        /// A matching query and, when it has filters, its words alone.
        type Case = (Box<dyn Query>, Option<Box<dyn Query>>);

        const WORDS: [&str; 6] = ["chef", "cook", "noodle", "soup", "carer", "weld"];
        const COUNTIES: [&str; 3] = ["141027", "141029", "141021"];

        struct Rng(u64);
        impl Rng {
            fn below(&mut self, n: u64) -> u64 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                self.0 % n
            }
        }

        /// An index in several segments, with deletions, whose documents share words, lengths
        /// and tie-break values, so that scores tie a lot.
        fn index(seed: u64) -> (Index, Schema) {
            let mut builder = Schema::builder();
            builder.add_u64_field("worker_id", INDEXED | FAST);
            builder.add_text_field("bio", TEXT);
            builder.add_text_field("occupation_text", TEXT);
            for name in FACET_FIELDS {
                builder.add_facet_field(name, INDEXED);
            }
            builder.add_text_field(FACET_KEY_FIELD, TextOptions::default().set_fast("raw"));
            builder.add_text_field("tag", STRING);
            for name in ["verified_rank", "experience", "updated"] {
                builder.add_u64_field(name, FAST);
            }
            let schema = builder.build();
            let index = Index::create_in_ram(schema.clone());
            let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
            let field = |name: &str| schema.get_field(name).unwrap();
            let mut rng = Rng(seed);
            for id in 1..=2_000u64 {
                let mut doc = TantivyDocument::default();
                doc.add_u64(field("worker_id"), id);
                let bio: Vec<&str> = (0..1 + rng.below(3))
                    .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
                    .collect();
                doc.add_text(field("bio"), bio.join(" "));
                let occupation = WORDS[rng.below(3) as usize];
                doc.add_text(field("occupation_text"), occupation);
                let county = COUNTIES[rng.below(3) as usize];
                let sex = if rng.below(2) == 0 { "male" } else { "female" };
                doc.add_facet(field("county"), Facet::from_path([county]));
                doc.add_facet(field("occupation"), Facet::from_path([occupation]));
                doc.add_facet(field("sex"), Facet::from_path([sex]));
                let key = encode([
                    vec![county],
                    vec![],
                    vec![occupation],
                    vec![],
                    vec![],
                    vec![sex],
                ]);
                doc.add_text(field(FACET_KEY_FIELD), key);
                doc.add_text(field("tag"), if rng.below(4) == 0 { "a" } else { "b" });
                doc.add_u64(field("verified_rank"), rng.below(3));
                doc.add_u64(field("experience"), rng.below(3));
                doc.add_u64(field("updated"), rng.below(4));
                writer.add_document(doc).unwrap();
                if id % 500 == 0 {
                    writer.commit().unwrap();
                }
            }
            for id in (7..2_000u64).step_by(37) {
                writer.delete_term(Term::from_field_u64(field("worker_id"), id));
            }
            writer.commit().unwrap();
            (index, schema)
        }

        /// The page, total and facets as tantivy's own collectors find them, scoring every
        /// match.
        fn expected(
            searcher: &Searcher,
            query: &dyn Query,
            best: usize,
        ) -> (u64, Vec<(SortKey, DocAddress)>, FacetCounts) {
            let all = searcher
                .search(query, &TopDocs::with_limit(10_000).order_by_score())
                .unwrap();
            let mut keyed: Vec<(SortKey, DocAddress)> = all
                .iter()
                .map(|(score, address)| {
                    let segment = searcher.segment_reader(address.segment_ord);
                    let key = TieBreakColumns::open(segment).key(address.doc_id, quantized(*score));
                    (key, *address)
                })
                .collect();
            keyed.sort_by_key(|entry| Reverse(entry.0));
            let total = searcher.search(query, &DocSetCollector).unwrap().len() as u64;
            keyed.truncate(best);
            let mut facets: FacetCounts = Default::default();
            for (i, name) in FACET_FIELDS.iter().enumerate() {
                let mut collector = FacetCollector::for_field(*name);
                collector.add_facet(Facet::root());
                let counts = searcher.search(query, &collector).unwrap();
                for (facet, count) in counts.get(Facet::root()) {
                    let value = facet.to_path().last().map(|s| s.to_string()).unwrap();
                    facets[i].insert(value, count);
                }
            }
            (total, keyed, facets)
        }

        #[test]
        fn the_page_total_and_facets_are_what_scoring_every_match_gives() {
            for seed in [0x5eed_u64, 0xfeed_beef, 0x1234_5678_9abc] {
                let (index, schema) = index(seed);
                let searcher = index.reader().unwrap().searcher();
                assert!(searcher.segment_readers().len() >= 4, "several segments");
                let term = |field: &str, word: &str| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(schema.get_field(field).unwrap(), word),
                        IndexRecordOption::WithFreqs,
                    ))
                };
                // A word in two fields, weighted as the search weights fields.
                let word = |w: &str| -> Box<dyn Query> {
                    Box::new(BooleanQuery::new(vec![
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(term("occupation_text", w), 3.0)) as _,
                        ),
                        (
                            Occur::Should,
                            Box::new(BoostQuery::new(term("bio", w), 1.0)) as _,
                        ),
                    ]))
                };
                let filter = |tag: &str| -> Box<dyn Query> {
                    Box::new(ConstScoreQuery::new(term("tag", tag), 0.0))
                };
                let filtered = |w: &str, tag: &str| -> Box<dyn Query> {
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Must, word(w)),
                        (Occur::Must, filter(tag)),
                    ]))
                };
                let two_words: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (Occur::Must, word("chef")),
                    (Occur::Must, word("soup")),
                ]));
                let cases: Vec<Case> = vec![
                    (word("chef"), None),
                    (word("weld"), None),
                    (filtered("cook", "b"), Some(word("cook"))),
                    (filtered("noodle", "a"), Some(word("noodle"))),
                    // Rare words under a rare tag: the filters keep few, and the page is
                    // chosen by moving the words' scorer from match to match.
                    (filtered("weld", "a"), Some(word("weld"))),
                    (two_words, None),
                ];
                let max_docs: u32 = searcher.segment_readers().iter().map(|s| s.max_doc()).sum();
                let few = searcher
                    .search(cases[4].0.as_ref(), &DocSetCollector)
                    .unwrap()
                    .len();
                assert!(
                    (few as u32) < max_docs / WORDS_ALONE_MIN_SHARE,
                    "weld under tag a keeps fewer than the words-alone share ({few} of {max_docs})"
                );
                for (matching, words_alone) in &cases {
                    for (best, threads) in [(1, 1), (10, 2), (45, 1), (45, 3)] {
                        let plan = PagePlan {
                            matching: matching.as_ref(),
                            words_alone: words_alone.as_deref(),
                            best,
                            threads,
                        };
                        let got =
                            collect_page(&searcher, &FacetKeyCache::default(), &plan).unwrap();
                        let (total, page, facets) = expected(&searcher, matching.as_ref(), best);
                        assert_eq!(got.total, total, "{matching:?}");
                        assert!(total > 0, "{matching:?} matches something");
                        assert_eq!(
                            got.best, page,
                            "{matching:?} best {best} threads {threads} seed {seed}"
                        );
                        assert_eq!(got.facets, facets, "{matching:?}");
                    }
                }
            }
        }
    }
}
