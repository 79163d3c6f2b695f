//! The work of one results page, in two passes over each segment that each do only what they
//! must. Counting every match and its six facets needs no scores, so the first pass
//! intersects the match sets of the query's words and filters, kept per segment
//! ([`super::match_cache`]), and counts what is left. Choosing the page needs scores only for
//! documents that can still make it, so the second pass asks tantivy to prune below the page's
//! lowest score (block-max WAND when the ranking query is a plain union of terms) and reads the
//! tie-break columns only for documents that reach the page's lowest score.
//!
//! Segments are sorted by the tie-break ([`super::RANK_KEY_FIELD`]), best first, so once a
//! segment is read past the documents whose rank key reaches the page's lowest entry's, every
//! later document of it with the same score loses to that entry: pruning can then drop the
//! whole tie, not only lower scores. Broad words tie a lot (厨师 scores alike for most cooks),
//! and this is what lets block-max WAND skip them.

mod page;

use super::facet_key::{FacetKeyCache, SegmentFacetCounter};
use super::match_cache::{ClauseKey, MatchCache, MatchSet};
use super::per_segment::PerSegment;
use page::{Page, TieBreakColumns};
use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::sync::Arc;
use tantivy::index::{SegmentId, SegmentReader};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocAddress, DocSet, Score, Searcher};

/// Scores equal to three decimals are ties (float noise must not decide the order).
pub const SCORE_PRECISION: Score = 1000.0;

/// The order of results: score to three decimals, then the tie-break
/// ([`super::document::TieBreak`]: verified certificate level, experience, the most recently
/// updated) as its rank key, then the lowest worker id, so no two workers ever tie. Larger is
/// better.
pub type SortKey = (u64, u64, u64);

/// The worker a sort key belongs to.
pub fn worker_id_of(key: &SortKey) -> i32 {
    i32::try_from(u64::MAX - key.2).unwrap_or(0)
}

pub fn quantized(score: Score) -> u64 {
    // Adding a half and truncating rounds a non-negative score; `f32::round` is a libm call,
    // and this runs for every candidate.
    (score.max(0.0) * SCORE_PRECISION + 0.5) as u64
}

/// The lowest raw score that quantizes to `quantized_score` or more.
fn first_score_reaching(quantized_score: u64) -> Score {
    // Estimated, then walked to the exact float: quantizing never decreases as scores grow.
    let mut score = ((quantized_score as Score - 0.5) / SCORE_PRECISION).max(0.0);
    while score > 0.0 && quantized(score.next_down()) >= quantized_score {
        score = score.next_down();
    }
    while quantized(score) < quantized_score {
        score = score.next_up();
    }
    score
}

/// Scores at or below this quantize below `quantized_score`, save the few within two
/// millionths of it: pruning at it keeps every score that reaches `quantized_score` even when
/// a document's terms are summed in another order than their bounds (a sum of a few dozen
/// floats is off by about that at most). The margin must stay that thin: once the page's
/// lowest entry can no longer be tied, this floor is what skips its ties, and broad words tie
/// by the thousand.
fn score_floor(quantized_score: u64) -> Score {
    if quantized_score == 0 {
        return -f32::EPSILON;
    }
    let first = first_score_reaching(quantized_score);
    first - first * 2e-6
}

/// Per facet field (in [`super::facet_key::FACET_FIELDS`] order): value → matching documents.
pub type FacetCounts = [HashMap<String, u64>; 6];

/// What to run for one page.
pub struct PagePlan<'a> {
    /// Decides which workers match, and scores them.
    pub matching: &'a dyn Query,
    /// What `matching` requires of each word, and each filter: counting intersects their
    /// match sets, kept per segment.
    pub words: &'a [Box<dyn Query>],
    pub filters: &'a [Box<dyn Query>],
    /// The words alone, when there are words and filters.
    pub ranking_words: Option<RankedBy<'a>>,
    /// Offset + limit: how many of the best documents the page needs.
    pub best: usize,
    /// Threads to share the segments among: all cores on an idle server; one under load,
    /// where splitting a search only adds work (each thread prunes against its own page).
    pub threads: usize,
}

/// The words of a filtered query alone: they score every match exactly as the whole query
/// does (filters add nothing to the score).
#[derive(Clone, Copy)]
pub struct RankedBy<'a> {
    pub words: &'a dyn Query,
    /// One word matched by a plain union of terms, which tantivy prunes (block-max WAND).
    pub prunable: bool,
}

/// What searches keep per segment: a segment never changes, so neither does what is derived
/// from it alone.
#[derive(Debug, Default)]
pub struct SegmentCaches {
    facet_keys: FacetKeyCache,
    /// Opening a column decodes its block index: done once per segment, not per search.
    tie_breaks: PerSegment<TieBreakColumns>,
    pub matches: MatchCache,
}

impl SegmentCaches {
    pub fn new(matches: MatchCache) -> Self {
        SegmentCaches {
            facet_keys: FacetKeyCache::default(),
            tie_breaks: PerSegment::default(),
            matches,
        }
    }
}

/// What one search found.
#[derive(Debug, Default)]
pub struct Collected {
    pub total: u64,
    /// Best first.
    pub best: Vec<(SortKey, DocAddress)>,
    pub facets: FacetCounts,
}

/// Whether to choose a segment's part of the page by pruning over the words' matches (checking
/// each against the filtered matches) rather than by moving the words' scorer from match to
/// match. Pruning visits about `best` × `words_matches` / `matches` of the words' matches until
/// the page is full of filtered ones; after that, in a sorted segment, it skips everything that
/// ties the page's lowest entry. Moving the scorer visits every match. So pruning pays when
/// `matches`² ≥ `best` × `words_matches`.
fn rank_by_words_alone(matches: u32, words_matches: u32, best: usize) -> bool {
    u64::from(matches).pow(2)
        >= u64::try_from(best)
            .unwrap_or(u64::MAX)
            .saturating_mul(u64::from(words_matches))
}

/// The weights of a plan, made once per search and shared by the threads searching segments.
struct Weights {
    /// Each word, then each filter, unscored, with the key its match sets are kept under.
    clauses: Vec<(ClauseKey, Box<dyn Weight>)>,
    /// How many of `clauses` are words.
    words: usize,
    ranking: Box<dyn Weight>,
    /// The words alone, scored, and whether tantivy can prune them.
    ranking_words: Option<(Box<dyn Weight>, bool)>,
}

impl Weights {
    fn new(searcher: &Searcher, plan: &PagePlan<'_>) -> tantivy::Result<Self> {
        let unscored = || EnableScoring::disabled_from_searcher(searcher);
        let scored = || EnableScoring::enabled_from_searcher(searcher);
        Ok(Weights {
            clauses: plan
                .words
                .iter()
                .chain(plan.filters)
                .map(|clause| Ok((format!("{clause:?}"), clause.weight(unscored())?)))
                .collect::<tantivy::Result<_>>()?,
            words: plan.words.len(),
            ranking: plan.matching.weight(scored())?,
            ranking_words: plan
                .ranking_words
                .map(|r| Ok::<_, tantivy::TantivyError>((r.words.weight(scored())?, r.prunable)))
                .transpose()?,
        })
    }
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
    caches: &SegmentCaches,
    plan: &PagePlan<'_>,
) -> tantivy::Result<Collected> {
    let weights = Weights::new(searcher, plan)?;
    let segments = searcher.segment_readers();
    let live: HashSet<SegmentId> = segments.iter().map(SegmentReader::segment_id).collect();
    let sorted = sorted_by_rank_key(searcher);
    let threads = plan.threads.min(segments.len()).max(1);
    let share = |thread: usize| {
        segments
            .iter()
            .enumerate()
            .skip(thread)
            .step_by(threads)
            .map(|(ordinal, segment)| (u32::try_from(ordinal).unwrap_or(u32::MAX), segment))
    };
    // One thread's share of the segments, collected.
    let collect_share =
        |thread: usize| collect_segments(&weights, caches, &live, share(thread), plan.best, sorted);
    let partials: Vec<tantivy::Result<Partial>> = if threads == 1 {
        vec![collect_share(0)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads)
                .map(|thread| {
                    let collect_share = &collect_share;
                    scope.spawn(move || collect_share(thread))
                })
                .collect();
            let mut partials = vec![collect_share(0)];
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

/// Whether every segment of the searcher's index is sorted by the rank key, best first (an
/// index of this schema always is; tantivy keeps it so through merges).
fn sorted_by_rank_key(searcher: &Searcher) -> bool {
    searcher
        .index()
        .settings()
        .sort_by_field
        .as_ref()
        .is_some_and(|sort| sort.field == super::RANK_KEY_FIELD && sort.order.is_desc())
}

/// Both passes over some of the segments.
fn collect_segments<'s>(
    weights: &Weights,
    caches: &SegmentCaches,
    live: &HashSet<SegmentId>,
    segments: impl Iterator<Item = (u32, &'s SegmentReader)>,
    best: usize,
    sorted: bool,
) -> tantivy::Result<Partial> {
    let mut partial = Partial {
        total: 0,
        facets: Default::default(),
        // One page across segments: a later segment starts from the scores the earlier ones
        // reached, so more of it is pruned.
        page: Page::new(best),
    };
    let page = &mut partial.page;
    for (segment_ord, segment) in segments {
        let mut facets = SegmentFacetCounter::open(&caches.facet_keys, segment, live)?;
        let mut total = 0u32;
        let alive = segment.alive_bitset();
        let (matched, words_matched) = matched_by_all(weights, caches, segment, live)?;
        let mut count = |doc| {
            total += 1;
            facets.count(doc);
        };
        match &matched {
            Some(matched) => matched.for_each_alive(alive, &mut count),
            // No words and no filters: every worker.
            None => (0..segment.max_doc())
                .filter(|&doc| alive.is_none_or(|a| a.is_alive(doc)))
                .for_each(&mut count),
        }
        partial.total += u64::from(total);
        facets.harvest_into(&mut partial.facets);
        if total == 0 || best == 0 {
            continue;
        }
        let Ok(columns) = caches.tie_breaks.get_or_make(segment, live, || {
            Ok::<_, Infallible>(TieBreakColumns::open(segment, sorted))
        });
        // The callbacks return the score a document must now exceed. A score that could not
        // enter the page cannot later either (the page only gets better), so it only rises.
        let mut floor = page.threshold();
        match (&weights.ranking_words, &matched) {
            (Some((words, prunable)), Some(matched)) => {
                // Where moving the words' scorer starts: after what pruning already covered.
                let mut moving_from = Some(0);
                if *prunable && rank_by_words_alone(total, words_matched, best) {
                    // Pruning pays only while the words' best scorers pass the filters. When
                    // they mostly do not (the word's best workers are elsewhere), it visits
                    // ever more rejects; once it has visited as many as there are matches,
                    // moving the scorer over the matches left is cheaper. A match pruning
                    // skipped scored below the page, so it is not visited again.
                    let mut rejects_left = total;
                    moving_from = None;
                    words.for_each_pruning(floor, segment, &mut |doc, score| {
                        if matched.contains(doc) && alive.is_none_or(|a| a.is_alive(doc)) {
                            page.offer(&columns, DocAddress::new(segment_ord, doc), score);
                        } else {
                            rejects_left = rejects_left.saturating_sub(1);
                            if rejects_left == 0 {
                                moving_from = Some(doc + 1);
                                // No score exceeds this: pruning ends here.
                                return Score::MAX;
                            }
                        }
                        floor = floor.max(page.threshold_after(&columns, segment_ord, doc));
                        floor
                    })?;
                }
                if let Some(from) = moving_from {
                    // Score each match by moving the words' scorer to it, rather than
                    // intersecting the words with the filters again. Every match is a match of
                    // the words, and they come in order, so each seek lands on it.
                    let mut scorer = words.scorer(segment, 1.0)?;
                    matched.for_each_alive_from(from, alive, |doc| {
                        if scorer.seek(doc) == doc {
                            page.offer(&columns, DocAddress::new(segment_ord, doc), scorer.score());
                        }
                    });
                }
            }
            _ => {
                weights
                    .ranking
                    .for_each_pruning(floor, segment, &mut |doc, score| {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            page.offer(&columns, DocAddress::new(segment_ord, doc), score);
                        }
                        floor = floor.max(page.threshold_after(&columns, segment_ord, doc));
                        floor
                    })?;
            }
        }
    }
    Ok(partial)
}

/// The documents of `segment` that every word and filter matches (deleted ones included),
/// from their kept match sets, or `None` when there are neither words nor filters; and how
/// many the rarest word matches.
fn matched_by_all(
    weights: &Weights,
    caches: &SegmentCaches,
    segment: &SegmentReader,
    live: &HashSet<SegmentId>,
) -> tantivy::Result<(Option<Arc<MatchSet>>, u32)> {
    let mut sets = weights
        .clauses
        .iter()
        .map(|(key, clause)| caches.matches.matches(segment, key, clause.as_ref(), live))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let rarest_word = sets[..weights.words]
        .iter()
        .map(|set| set.len())
        .min()
        .unwrap_or(0);
    // Rarest first: the intersection only shrinks, and an empty one ends it.
    sets.sort_by_key(|set| set.len());
    let mut sets = sets.into_iter();
    let Some(first) = sets.next() else {
        return Ok((None, 0));
    };
    let all = sets.fold(first, |all, set| {
        if all.is_empty() {
            all
        } else {
            Arc::new(all.intersection(&set))
        }
    });
    Ok((Some(all), rarest_word))
}

/// The facet values with the most matches, most first, then by value.
pub fn top_values(counts: &HashMap<String, u64>, limit: usize) -> Vec<(String, u64)> {
    let mut values: Vec<(String, u64)> = counts.iter().map(|(v, c)| (v.clone(), *c)).collect();
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    values.truncate(limit);
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_floor_admits_every_score_that_rounds_to_it_and_hardly_any_below() {
        assert!(score_floor(0) < 0.0, "a zero score reaches 0");
        for q in [1u64, 2, 999, 1000, 1234, 4321, 25_000, 99_999, 123_457] {
            let floor = score_floor(q);
            let boundary = (q as f32 - 0.5) / SCORE_PRECISION;
            // Every float around the boundary: those that round to q or more are above the
            // floor, and those more than four millionths below it are at or under it.
            let mut score = boundary * (1.0 - 1e-5);
            while score < boundary * (1.0 + 1e-5) {
                if quantized(score) >= q {
                    assert!(score > floor, "q={q}: {score} rounds to q but is pruned");
                } else if score < boundary * (1.0 - 4e-6) {
                    assert!(score <= floor, "q={q}: {score} rounds below q but is kept");
                }
                score = score.next_up();
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
        use tantivy::query::{
            AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, TermQuery,
        };
        use tantivy::schema::{
            FAST, Facet, INDEXED, IndexRecordOption, STRING, Schema, TEXT, TextOptions,
        };
        use tantivy::{
            DocId, Index, IndexSettings, IndexSortByField, IndexWriter, Order, TantivyDocument,
            Term,
        };

        /// A query's words and filters.
        type Case = (Vec<Box<dyn Query>>, Vec<Box<dyn Query>>);

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
        /// and tie-breaks, so that scores tie a lot; sorted by the rank key as the search index
        /// is, or in the order documents came. Coarse rank keys tie among themselves too (the
        /// worker id decides); fine ones rarely do, as in the search index.
        fn index(seed: u64, sorted: bool, coarse_keys: bool) -> (Index, Schema) {
            let mut builder = Schema::builder();
            builder.add_u64_field("worker_id", INDEXED | FAST);
            builder.add_text_field("bio", TEXT);
            builder.add_text_field("occupation_text", TEXT);
            for name in FACET_FIELDS {
                builder.add_facet_field(name, INDEXED);
            }
            builder.add_text_field(FACET_KEY_FIELD, TextOptions::default().set_fast("raw"));
            builder.add_text_field("tag", STRING);
            builder.add_u64_field(crate::search::RANK_KEY_FIELD, FAST);
            let schema = builder.build();
            let settings = IndexSettings {
                sort_by_field: sorted.then(|| IndexSortByField {
                    field: crate::search::RANK_KEY_FIELD.to_string(),
                    order: Order::Desc,
                }),
                ..IndexSettings::default()
            };
            let index = Index::builder()
                .schema(schema.clone())
                .settings(settings)
                .create_in_ram()
                .unwrap();
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
                if id % 41 == 0 {
                    doc.add_text(field("tag"), "c");
                }
                let fine = if coarse_keys { 0 } else { rng.below(1 << 16) };
                doc.add_u64(
                    field(crate::search::RANK_KEY_FIELD),
                    rng.below(6) << 16 | fine,
                );
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
                    let key = TieBreakColumns::open(segment, false)
                        .key(address.doc_id, quantized(*score));
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
            for (seed, sorted, coarse_keys) in [
                (0x5eed_u64, true, true),
                (0xfeed_beef, true, false),
                (0x1234_5678_9abc, false, true),
            ] {
                let (index, schema) = index(seed, sorted, coarse_keys);
                let searcher = index.reader().unwrap().searcher();
                assert!(searcher.segment_readers().len() >= 4, "several segments");
                assert_eq!(sorted_by_rank_key(&searcher), sorted);
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
                // (words, filters) as the search builds them: the matching query requires
                // every word and filter, and filters score nothing.
                let matching = |case: &Case| -> Box<dyn Query> {
                    let (words, filters) = case;
                    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                        words.iter().map(|w| (Occur::Must, w.box_clone())).collect();
                    for filter in filters {
                        clauses.push((
                            Occur::Must,
                            Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
                        ));
                    }
                    match clauses.len() {
                        0 => return Box::new(AllQuery),
                        1 if filters.is_empty() => return clauses.remove(0).1,
                        _ => {}
                    }
                    Box::new(BooleanQuery::new(clauses))
                };
                let tag = |t: &str| vec![term("tag", t)];
                let county = |code: &str| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_facet(
                            schema.get_field("county").unwrap(),
                            &Facet::from_path([code]),
                        ),
                        IndexRecordOption::Basic,
                    ))
                };
                let cases: Vec<Case> = vec![
                    (vec![word("chef")], vec![]),
                    (vec![word("weld")], vec![]),
                    (vec![word("cook")], tag("b")),
                    (vec![word("noodle")], tag("a")),
                    // Rare words under a rare tag: the filters keep few, and a long page is
                    // chosen by moving the words' scorer from match to match.
                    (vec![word("weld")], tag("a")),
                    // A rarer tag still, and the most common word.
                    (vec![word("chef")], tag("c")),
                    (vec![word("chef"), word("soup")], vec![]),
                    (vec![word("chef"), word("soup")], tag("b")),
                    (
                        vec![word("cook")],
                        vec![term("tag", "b"), county(COUNTIES[1])],
                    ),
                    (vec![], tag("a")),
                    (vec![], vec![]),
                ];
                // Which way each segment's part of the page is chosen for weld under tag a.
                let ways = |best: usize| -> Vec<bool> {
                    let matching = matching(&cases[4])
                        .weight(EnableScoring::disabled_from_searcher(&searcher))
                        .unwrap();
                    let words = cases[4].0[0]
                        .weight(EnableScoring::disabled_from_searcher(&searcher))
                        .unwrap();
                    let segments = searcher.segment_readers();
                    segments
                        .iter()
                        .map(|segment| {
                            let alive = segment.alive_bitset();
                            let mut matches = 0u32;
                            matching
                                .for_each_no_score(segment, &mut |docs: &[DocId]| {
                                    matches +=
                                        docs.iter()
                                            .filter(|&&d| alive.is_none_or(|a| a.is_alive(d)))
                                            .count() as u32;
                                })
                                .unwrap();
                            let mut words_matches = 0u32;
                            words
                                .for_each_no_score(segment, &mut |docs: &[DocId]| {
                                    words_matches += docs.len() as u32;
                                })
                                .unwrap();
                            rank_by_words_alone(matches, words_matches, best)
                        })
                        .collect()
                };
                assert!(
                    ways(45).contains(&false),
                    "a long page moves the scorer: {seed}"
                );
                assert!(ways(1).contains(&true), "a short page prunes: {seed}");
                // Kept match sets give what merging the words' postings again gives.
                let kept = SegmentCaches::default();
                let none_kept = SegmentCaches::new(MatchCache::new(0));
                let check = |searcher: &Searcher, case: &Case, caches: &SegmentCaches| {
                    let matching = matching(case);
                    let (words, filters) = case;
                    let words_alone: Box<dyn Query> = match words.len() {
                        1 => words[0].box_clone(),
                        _ => Box::new(BooleanQuery::new(
                            words.iter().map(|w| (Occur::Must, w.box_clone())).collect(),
                        )),
                    };
                    let ranking_words =
                        (!words.is_empty() && !filters.is_empty()).then(|| RankedBy {
                            words: words_alone.as_ref(),
                            prunable: words.len() == 1,
                        });
                    for (best, threads) in [(1, 1), (10, 2), (45, 1), (45, 3)] {
                        let plan = PagePlan {
                            matching: matching.as_ref(),
                            words,
                            filters,
                            ranking_words,
                            best,
                            threads,
                        };
                        let got = collect_page(searcher, caches, &plan).unwrap();
                        let (total, page, facets) = expected(searcher, matching.as_ref(), best);
                        assert_eq!(got.total, total, "{matching:?}");
                        assert!(total > 0, "{matching:?} matches something");
                        assert_eq!(
                            got.best, page,
                            "{matching:?} best {best} threads {threads} seed {seed}"
                        );
                        assert_eq!(got.facets, facets, "{matching:?}");
                    }
                };
                for case in &cases {
                    check(&searcher, case, &none_kept);
                    check(&searcher, case, &kept);
                    check(&searcher, case, &kept);
                }
                assert!(kept.matches.usage().0 > 0, "match sets were kept");
                // Workers deleted after their segments' sets were kept are not counted.
                let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
                let worker_id = schema.get_field("worker_id").unwrap();
                for id in (3..2_000u64).step_by(5) {
                    writer.delete_term(Term::from_field_u64(worker_id, id));
                }
                writer.commit().unwrap();
                let searcher = index.reader().unwrap().searcher();
                for case in &cases {
                    check(&searcher, case, &kept);
                }
            }
        }
    }
}
