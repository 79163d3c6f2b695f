//! A worker's six facet values as one fast-field value, the facet key. Counting the facets of
//! a match is then one read of a dense column instead of six reads of multi-valued ones, and
//! because many workers share a key (same county, brand, trades, level, regions and sex), a
//! segment has far fewer keys than documents: the keys matched are counted first and turned
//! into facet values once per key.
//!
//! A segment never changes, so its keys are decoded once and kept in a [`FacetKeyCache`].

use super::collect::FacetCounts;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
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
}

impl SegmentKeys {
    fn decode_column(column: &StrColumn) -> std::io::Result<Self> {
        let mut keys = SegmentKeys::default();
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
    segments: Mutex<HashMap<SegmentId, Arc<SegmentKeys>>>,
}

impl FacetKeyCache {
    /// The decoded keys of `segment`, decoding them on first use. `live` are the segments of
    /// the searcher in use: keys of segments no longer among them are dropped.
    fn keys_of(
        &self,
        segment: &SegmentReader,
        column: &StrColumn,
        live: &HashSet<SegmentId>,
    ) -> std::io::Result<Arc<SegmentKeys>> {
        let id = segment.segment_id();
        if let Ok(cached) = self.segments.lock()
            && let Some(keys) = cached.get(&id)
        {
            return Ok(keys.clone());
        }
        // Decoded outside the lock: another search may decode the same segment meanwhile,
        // which costs time but never correctness.
        let keys = Arc::new(SegmentKeys::decode_column(column)?);
        if let Ok(mut cached) = self.segments.lock() {
            cached.retain(|id, _| live.contains(id));
            cached.insert(id, keys.clone());
        }
        Ok(keys)
    }
}

/// Counts the facet keys of one segment's matches.
pub struct SegmentFacetCounter {
    column: Option<StrColumn>,
    keys: Arc<SegmentKeys>,
    counts: Vec<u32>,
    ords: Vec<u64>,
}

impl SegmentFacetCounter {
    /// # Errors
    /// When the segment's key column cannot be read.
    pub fn open(
        cache: &FacetKeyCache,
        segment: &SegmentReader,
        live: &HashSet<SegmentId>,
    ) -> tantivy::Result<Self> {
        let column = segment.fast_fields().str(FACET_KEY_FIELD)?;
        let keys = match &column {
            Some(column) => cache.keys_of(segment, column, live)?,
            None => Arc::new(SegmentKeys::default()),
        };
        let counts = vec![0; keys.num_keys()];
        Ok(SegmentFacetCounter {
            column,
            keys,
            counts,
            ords: Vec::new(),
        })
    }

    /// Counts a block of matching (live) documents.
    pub fn count(&mut self, docs: &[DocId]) {
        let Some(column) = &self.column else {
            return;
        };
        let ords = column.ords();
        if matches!(ords.index, ColumnIndex::Full) {
            // Every document has a key: read the block at once.
            self.ords.resize(docs.len(), 0);
            ords.values.get_vals(docs, &mut self.ords);
            for &ord in &self.ords {
                if let Some(count) = self.counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        } else {
            for &doc in docs {
                for ord in ords.values_for_doc(doc) {
                    if let Some(count) = self.counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    /// Adds this segment's counts to per-facet value counts.
    pub fn harvest_into(self, into: &mut FacetCounts) {
        self.keys.add_counts(&self.counts, into);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
