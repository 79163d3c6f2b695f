//! What is derived from one segment alone, kept while the segment is in the index: a segment
//! never changes, so neither does anything read or decoded from it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tantivy::index::{SegmentId, SegmentReader};

/// One value per segment of the live index.
pub struct PerSegment<T> {
    kept: Mutex<HashMap<SegmentId, Arc<T>>>,
}

impl<T> Default for PerSegment<T> {
    fn default() -> Self {
        PerSegment {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> std::fmt::Debug for PerSegment<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let segments = self.kept.lock().map_or(0, |kept| kept.len());
        f.debug_struct("PerSegment")
            .field("segments", &segments)
            .finish()
    }
}

impl<T> PerSegment<T> {
    /// The value kept for `segment`, made by `make` on first use. `live` are the segments of
    /// the searcher in use: values of segments no longer among them are dropped.
    ///
    /// # Errors
    /// What `make` returns.
    pub fn get_or_make<E>(
        &self,
        segment: &SegmentReader,
        live: &HashSet<SegmentId>,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        let id = segment.segment_id();
        if let Ok(kept) = self.kept.lock()
            && let Some(value) = kept.get(&id)
        {
            return Ok(value.clone());
        }
        // Made outside the lock: another search may make the same value meanwhile, which
        // costs time but never correctness.
        let made = Arc::new(make()?);
        if let Ok(mut kept) = self.kept.lock() {
            kept.retain(|id, _| live.contains(id));
            kept.insert(id, made.clone());
        }
        Ok(made)
    }

    /// How many segments have a value kept.
    #[cfg(test)]
    fn kept_segments(&self) -> usize {
        self.kept.lock().map_or(0, |kept| kept.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// An index of three segments, one document each.
    fn three_segments() -> Index {
        let mut builder = Schema::builder();
        let bio = builder.add_text_field("bio", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in ["chef", "carer", "welder"] {
            let mut doc = TantivyDocument::default();
            doc.add_text(bio, text);
            writer.add_document(doc).unwrap();
            writer.commit().unwrap();
        }
        index
    }

    #[test]
    fn a_value_is_made_once_per_segment_and_goes_with_its_segment() {
        let index = three_segments();
        let searcher = index.reader().unwrap().searcher();
        let segments = searcher.segment_readers();
        assert_eq!(segments.len(), 3);
        let live: HashSet<SegmentId> = segments.iter().map(SegmentReader::segment_id).collect();
        let kept = PerSegment::<usize>::default();
        let mut made = 0;
        let mut value_of = |ordinal: usize, live: &HashSet<SegmentId>| {
            kept.get_or_make(&segments[ordinal], live, || {
                made += 1;
                Ok::<_, Infallible>(ordinal)
            })
        };
        let Ok(first) = value_of(0, &live);
        let Ok(again) = value_of(0, &live);
        assert!(Arc::ptr_eq(&first, &again), "made once, then served");
        let Ok(second) = value_of(1, &live);
        assert_eq!((*first, *second), (0, 1));
        assert_eq!(made, 2);
        assert_eq!(kept.kept_segments(), 2);
        // The first segment leaves the index (merged away): its value goes with the next made.
        let later: HashSet<SegmentId> = segments[1..]
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        let Ok(third) = kept.get_or_make(&segments[2], &later, || Ok::<_, Infallible>(2));
        assert_eq!(*third, 2);
        assert_eq!(kept.kept_segments(), 2, "the first segment's value went");
    }

    #[test]
    fn a_value_that_cannot_be_made_is_an_error_and_nothing_is_kept() {
        let index = three_segments();
        let searcher = index.reader().unwrap().searcher();
        let segment = searcher.segment_reader(0);
        let live: HashSet<SegmentId> = [segment.segment_id()].into();
        let kept = PerSegment::<usize>::default();
        let failed = kept.get_or_make(segment, &live, || Err("unreadable column"));
        assert_eq!(failed, Err("unreadable column"));
        assert_eq!(kept.kept_segments(), 0);
        assert_eq!(
            kept.get_or_make(segment, &live, || Ok::<_, &str>(5)),
            Ok(Arc::new(5))
        );
    }
}
