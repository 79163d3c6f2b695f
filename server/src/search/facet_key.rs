//! A worker's six facet values as one fast-field value, the facet key. Counting the facets of
//! a match is then one read of a dense column instead of six reads of multi-valued ones, and
//! because many workers share a key (same county, brand, trades, level, regions and sex), a
//! segment has far fewer keys than documents: the keys matched are counted first and turned
//! into facet values once per key.
//!
//! A segment never changes, so its keys are decoded once and kept in a [`FacetKeyCache`].

use super::collect::FacetCounts;
use super::per_segment::PerSegment;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tantivy::DocId;
use tantivy::columnar::{ColumnIndex, StrColumn};
use tantivy::index::{SegmentId, SegmentReader};

/// The facets in a key, in this order.
pub const FACET_FIELDS: [&str; 6] = ["county", "brand", "occupation", "level", "region", "sex"];
/// The fast field holding the key.
pub const FACET_KEY_FIELD: &str = "facet_key";
/// Between the facets of a key, and between the values of one facet (control characters: no
/// county code, brand slug, trade, level, region code or sex contains them).
const BETWEEN_FACETS: char = '\u{1f}';
const BETWEEN_VALUES: char = '\u{1e}';

/// The key for these values, one list per facet in [`FACET_FIELDS`] order. Values are sorted
/// and deduplicated, so the same values always give the same key.
pub fn encode(facets: [Vec<&str>; 6]) -> String {
    facets
        .into_iter()
        .map(|mut values| {
            values.retain(|v| !v.contains([BETWEEN_FACETS, BETWEEN_VALUES]));
            values.sort_unstable();
            values.dedup();
            values.join(&BETWEEN_VALUES.to_string())
        })
        .collect::<Vec<_>>()
        .join(&BETWEEN_FACETS.to_string())
}

/// The values of a key, one list per facet.
pub fn decode(key: &str) -> [Vec<&str>; 6] {
    let mut facets: [Vec<&str>; 6] = Default::default();
    for (values, part) in facets.iter_mut().zip(key.split(BETWEEN_FACETS)) {
        values.extend(part.split(BETWEEN_VALUES).filter(|v| !v.is_empty()));
    }
    facets
}

/// One segment's keys, decoded: for each key ordinal, its values as indexes into per-facet
/// value tables.
#[derive(Debug, Default)]
pub struct SegmentKeys {
    /// Per facet: the values that occur in this segment.
    values: [Vec<String>; 6],
    /// Key ordinal k's values are `pairs[starts[k]..starts[k + 1]]`, as (facet, value index).
    starts: Vec<u32>,
    pairs: Vec<(u8, u32)>,
    /// Each document's key ordinal, when every document has one key (as every worker does):
    /// the column decoded once, so counting a match is one array read rather than a decode.
    doc_keys: Option<Box<[u32]>>,
}

impl SegmentKeys {
    fn decode_column(column: &StrColumn) -> std::io::Result<Self> {
        let mut keys = SegmentKeys::default();
        let ords = column.ords();
        if matches!(ords.index, ColumnIndex::Full) {
            let mut all = vec![0u64; ords.values.num_vals() as usize];
            ords.values.get_range(0, &mut all);
            // An ordinal beyond u32 (never: a segment has fewer documents) counts nowhere.
            keys.doc_keys = Some(
                all.into_iter()
                    .map(|ord| u32::try_from(ord).unwrap_or(u32::MAX))
                    .collect(),
            );
        }
        let mut interned: [HashMap<String, u32>; 6] = Default::default();
        let mut stream = column.dictionary().stream()?;
        keys.starts.reserve(column.num_terms() + 1);
        while stream.advance() {
            keys.starts.push(keys.pairs.len() as u32);
            let key = String::from_utf8_lossy(stream.key());
            for (facet, values) in decode(&key).into_iter().enumerate() {
                for value in values {
                    let index = *interned[facet].entry(value.to_string()).or_insert_with(|| {
                        keys.values[facet].push(value.to_string());
                        (keys.values[facet].len() - 1) as u32
                    });
                    keys.pairs.push((facet as u8, index));
                }
            }
        }
        keys.starts.push(keys.pairs.len() as u32);
        Ok(keys)
    }

    fn num_keys(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Adds per-key match counts to per-facet value counts.
    fn add_counts(&self, key_counts: &[u32], into: &mut FacetCounts) {
        let mut by_value: [Vec<u64>; 6] = Default::default();
        for (facet, counts) in by_value.iter_mut().enumerate() {
            counts.resize(self.values[facet].len(), 0);
        }
        for (key, &count) in key_counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let (start, end) = (self.starts[key] as usize, self.starts[key + 1] as usize);
            for &(facet, value) in &self.pairs[start..end] {
                by_value[facet as usize][value as usize] += u64::from(count);
            }
        }
        for (facet, counts) in by_value.iter().enumerate() {
            for (value, &count) in counts.iter().enumerate() {
                if count > 0 {
                    *into[facet]
                        .entry(self.values[facet][value].clone())
                        .or_insert(0) += count;
                }
            }
        }
    }
}

/// Decoded keys by segment, for the segments of the live index.
#[derive(Debug, Default)]
pub struct FacetKeyCache {
    segments: PerSegment<SegmentKeys>,
}

impl FacetKeyCache {
    /// The decoded keys of `segment`, decoding them on first use. `live` are the segments of
    /// the searcher in use: keys of segments no longer among them are dropped.
    fn keys_of(
        &self,
        segment: &SegmentReader,
        live: &HashSet<SegmentId>,
    ) -> tantivy::Result<Arc<SegmentKeys>> {
        self.segments.get_or_make(segment, live, || {
            Ok(match segment.fast_fields().str(FACET_KEY_FIELD)? {
                Some(column) => SegmentKeys::decode_column(&column)?,
                None => SegmentKeys::default(),
            })
        })
    }
}

thread_local! {
    /// A search thread's per-key counts, reused from segment to segment and search to search:
    /// a segment has tens of thousands of keys, and zeroing a kept buffer is cheaper than
    /// fresh pages each time.
    static KEY_COUNTS: Cell<Vec<u32>> = const { Cell::new(Vec::new()) };
}

/// Counts the facet keys of one segment's matches.
pub struct SegmentFacetCounter {
    keys: Arc<SegmentKeys>,
    /// The key column, read per document only when the keys do not list each document's.
    column: Option<StrColumn>,
    counts: Vec<u32>,
}

impl SegmentFacetCounter {
    /// # Errors
    /// When the segment's key column cannot be read.
    pub fn open(
        cache: &FacetKeyCache,
        segment: &SegmentReader,
        live: &HashSet<SegmentId>,
    ) -> tantivy::Result<Self> {
        let keys = cache.keys_of(segment, live)?;
        let column = match keys.doc_keys {
            Some(_) => None,
            None => segment.fast_fields().str(FACET_KEY_FIELD)?,
        };
        let mut counts = KEY_COUNTS.take();
        counts.clear();
        counts.resize(keys.num_keys(), 0);
        Ok(SegmentFacetCounter {
            keys,
            column,
            counts,
        })
    }

    /// Counts one matching (live) document.
    #[inline]
    pub fn count(&mut self, doc: DocId) {
        if let Some(doc_keys) = &self.keys.doc_keys {
            if let Some(&key) = doc_keys.get(doc as usize)
                && let Some(count) = self.counts.get_mut(key as usize)
            {
                *count += 1;
            }
        } else if let Some(column) = &self.column {
            for ord in column.ords().values_for_doc(doc) {
                if let Some(count) = self.counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    /// Adds this segment's counts to per-facet value counts.
    pub fn harvest_into(self, into: &mut FacetCounts) {
        self.keys.add_counts(&self.counts, into);
        KEY_COUNTS.set(self.counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TextOptions};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// Counts every document of a one-segment index whose documents have these keys (`None`:
    /// no key), through the per-document keys when every document has one, else the column.
    fn facets_of(keys: &[Option<String>]) -> FacetCounts {
        let mut builder = Schema::builder();
        let field = builder.add_text_field(FACET_KEY_FIELD, TextOptions::default().set_fast("raw"));
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for key in keys {
            let mut doc = TantivyDocument::default();
            if let Some(key) = key {
                doc.add_text(field, key);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let segment = searcher.segment_reader(0);
        let live: HashSet<SegmentId> = [segment.segment_id()].into();
        let mut counter =
            SegmentFacetCounter::open(&FacetKeyCache::default(), segment, &live).unwrap();
        assert_eq!(
            counter.keys.doc_keys.is_some(),
            keys.iter().all(Option::is_some),
            "per-document keys exactly when every document has one"
        );
        for doc in 0..segment.max_doc() {
            counter.count(doc);
        }
        let mut facets = FacetCounts::default();
        counter.harvest_into(&mut facets);
        facets
    }

    #[test]
    fn counting_by_document_keys_or_by_column_gives_the_same_facets() {
        let cook = encode([
            vec!["141027"],
            vec!["fushan-chushi"],
            vec!["中式烹调师"],
            vec!["高级"],
            vec!["11", "31"],
            vec!["male"],
        ]);
        let carer = encode([
            vec!["141023"],
            vec![],
            vec!["养老护理员"],
            vec![],
            vec!["11"],
            vec!["female"],
        ]);
        let every = facets_of(&[Some(cook.clone()), Some(carer.clone()), Some(cook.clone())]);
        let count = |facets: &FacetCounts, facet: usize, value: &str| {
            facets[facet].get(value).copied().unwrap_or(0)
        };
        assert_eq!(count(&every, 0, "141027"), 2);
        assert_eq!(count(&every, 0, "141023"), 1);
        assert_eq!(count(&every, 2, "中式烹调师"), 2);
        assert_eq!(count(&every, 4, "11"), 3);
        assert_eq!(count(&every, 4, "31"), 2);
        assert_eq!(count(&every, 5, "female"), 1);
        assert_eq!(count(&every, 1, "fushan-chushi"), 2);
        assert_eq!(
            every[1].len(),
            1,
            "a worker without a brand counts under none"
        );
        // One worker without a key: the column is read instead, with the same counts.
        let some = facets_of(&[Some(cook.clone()), Some(carer), None, Some(cook)]);
        assert_eq!(some, every);
    }

    #[test]
    fn a_key_lists_each_facets_values_sorted_and_once() {
        let key = encode([
            vec!["141027"],
            vec!["fushan-chushi", "fushan-chushi"],
            vec!["面点师", "中式烹调师"],
            vec![],
            vec!["31", "11"],
            vec!["male"],
        ]);
        let same = encode([
            vec!["141027"],
            vec!["fushan-chushi"],
            vec!["中式烹调师", "面点师"],
            vec![],
            vec!["11", "31"],
            vec!["male"],
        ]);
        assert_eq!(key, same);
        let decoded = decode(&key);
        assert_eq!(decoded[0], vec!["141027"]);
        assert_eq!(decoded[1], vec!["fushan-chushi"]);
        assert_eq!(decoded[2], vec!["中式烹调师", "面点师"]);
        assert!(decoded[3].is_empty());
        assert_eq!(decoded[4], vec!["11", "31"]);
        assert_eq!(decoded[5], vec!["male"]);
    }

    #[test]
    fn a_value_containing_a_separator_is_left_out_rather_than_corrupting_the_key() {
        let key = encode([
            vec!["a\u{1f}b", "c"],
            vec![],
            vec![],
            vec![],
            vec![],
            vec!["female"],
        ]);
        let decoded = decode(&key);
        assert_eq!(decoded[0], vec!["c"]);
        assert_eq!(decoded[5], vec!["female"]);
    }
}
