//! The page being chosen: the best documents so far, and the tie-break columns that order
//! equal scores (rank key, then worker id) and tell, in a sorted segment, where a tie ends.

use super::{SortKey, quantized, score_floor};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;
use tantivy::columnar::{Column, ColumnIndex, ColumnValues};
use tantivy::index::SegmentReader;
use tantivy::{DocAddress, DocId, Score};

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

/// The tie-break columns of one segment.
pub(super) struct TieBreakColumns {
    rank_key: TieBreakColumn,
    worker_id: TieBreakColumn,
    /// Whether the segment is sorted by the rank key, best first.
    sorted: bool,
}

impl TieBreakColumns {
    pub(super) fn open(segment: &SegmentReader, sorted: bool) -> Self {
        TieBreakColumns {
            rank_key: TieBreakColumn::open(segment, crate::search::RANK_KEY_FIELD),
            worker_id: TieBreakColumn::open(segment, "worker_id"),
            sorted,
        }
    }

    pub(super) fn key(&self, doc: DocId, score: u64) -> SortKey {
        (
            score,
            self.rank_key.get(doc),
            u64::MAX - self.worker_id.get(doc),
        )
    }

    /// The document's key if it sorts after `lowest`, reading only the columns needed to tell.
    fn key_if_above(&self, doc: DocId, score: u64, lowest: &SortKey) -> Option<SortKey> {
        if score != lowest.0 {
            return (score > lowest.0).then(|| self.key(doc, score));
        }
        let rank_key = self.rank_key.get(doc);
        if rank_key != lowest.1 {
            return (rank_key > lowest.1).then(|| self.key(doc, score));
        }
        let key = (score, rank_key, u64::MAX - self.worker_id.get(doc));
        (key > *lowest).then_some(key)
    }

    /// In a sorted segment where every document has a rank key, the last document from `doc`
    /// on with the same rank key: every document after it has a lower one.
    fn end_of_rank_key_run(&self, doc: DocId) -> Option<DocId> {
        let TieBreakColumn::Dense(values) = &self.rank_key else {
            return None;
        };
        if !self.sorted {
            return None;
        }
        let key = values.get_val(doc);
        let end = values.num_vals();
        // Most keys are unique: one read tells.
        if doc + 1 >= end || values.get_val(doc + 1) != key {
            return Some(doc);
        }
        // values[low] == key; values[high] < key, or high is the end.
        let (mut low, mut high) = (doc + 1, end);
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if values.get_val(middle) == key {
                low = middle;
            } else {
                high = middle;
            }
        }
        Some(low)
    }

    /// In a sorted segment where every document has a rank key, how many documents from the
    /// first have a rank key of at least `rank_key`: every later one has a lower one.
    fn count_at_least(&self, rank_key: u64) -> Option<DocId> {
        let TieBreakColumn::Dense(values) = &self.rank_key else {
            return None;
        };
        if !self.sorted {
            return None;
        }
        // values[..low] ≥ rank_key; values[high..] < rank_key.
        let (mut low, mut high) = (0, values.num_vals());
        while low < high {
            let middle = low + (high - low) / 2;
            if values.get_val(middle) >= rank_key {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        Some(low)
    }
}

/// The best documents so far: a min-heap on the sort key, at most `capacity` long.
pub(super) struct Page {
    capacity: usize,
    heap: BinaryHeap<Reverse<(SortKey, DocAddress)>>,
    /// For the lowest entry and a segment, once asked ([`Page::threshold_after`]): how many
    /// documents from the segment's first have a rank key of at least the entry's.
    lowest_run: Option<(DocAddress, u32, Option<DocId>)>,
}

impl Page {
    pub(super) fn new(capacity: usize) -> Self {
        Page {
            capacity,
            heap: BinaryHeap::with_capacity(capacity + 1),
            lowest_run: None,
        }
    }

    fn lowest(&self) -> Option<SortKey> {
        self.heap.peek().map(|Reverse((key, _))| *key)
    }

    pub(super) fn offer(&mut self, columns: &TieBreakColumns, address: DocAddress, score: Score) {
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
    pub(super) fn threshold(&self) -> Score {
        match self.lowest() {
            Some(key) if self.heap.len() >= self.capacity => score_floor(key.0),
            _ => Score::MIN,
        }
    }

    /// Scores at or below this cannot enter the page from the documents after `doc` in segment
    /// `segment_ord`. In a sorted segment, once `doc` is past the documents whose rank key is at
    /// least the lowest entry's, the later documents rank below it on ties too, so its own
    /// score is out. When the lowest entry is from this segment, that is the end of its rank
    /// key run.
    pub(super) fn threshold_after(
        &mut self,
        columns: &TieBreakColumns,
        segment_ord: u32,
        doc: DocId,
    ) -> Score {
        if self.heap.len() < self.capacity {
            return Score::MIN;
        }
        let Some(Reverse((lowest, address))) = self.heap.peek().copied() else {
            return Score::MIN;
        };
        let at_least = match self.lowest_run {
            Some((known, segment, at_least)) if known == address && segment == segment_ord => {
                at_least
            }
            _ => {
                let at_least = if address.segment_ord == segment_ord {
                    columns
                        .end_of_rank_key_run(address.doc_id)
                        .map(|end| end + 1)
                } else {
                    columns.count_at_least(lowest.1)
                };
                self.lowest_run = Some((address, segment_ord, at_least));
                at_least
            }
        };
        if at_least.is_some_and(|count| doc + 1 >= count) {
            return score_floor(lowest.0 + 1);
        }
        score_floor(lowest.0)
    }

    pub(super) fn into_best(self) -> Vec<(SortKey, DocAddress)> {
        let mut best: Vec<(SortKey, DocAddress)> =
            self.heap.into_iter().map(|Reverse(entry)| entry).collect();
        best.sort_by_key(|entry| Reverse(entry.0));
        best
    }
}
