//! When every word of a query is required and no worker has them all, an employer should not
//! face an empty page while workers match most of what they typed (one uncommon or misspelt
//! word sinks an AND query). The words no worker matches are set aside, then the rarest of the
//! rest, one at a time, until some workers match; the page says which words were set aside.
//! When all of them together find only a few workers, those come first and workers with some
//! of the words follow, most words first, so the page is not a dead end either.
//! Filters (chips) are never relaxed: they are what the employer chose.

use super::Fields;
use super::SearchError;
use super::analysis::Lexicon;
use super::collect::SegmentCaches;
use super::query::{Found, PageSpan, Understood, any_word, build_query, execute};
use app::domain::calendar::CalendarDate;
use tantivy::Searcher;
use tantivy::collector::Count;

/// Fewer workers than this with every word of a query is very little: workers with some of
/// the words are listed after them.
pub const FEW_FULL_MATCHES: u64 = 5;

/// What one search found, and how far it went beyond the query's words.
pub struct Relaxed {
    pub found: Found,
    /// The words not required, when all of them together found nobody; empty otherwise.
    pub set_aside: Vec<String>,
    /// How many workers have every word, when only a few do and workers with some of the
    /// words follow them in `found`; `None` when every worker found has every word.
    pub fully_matched: Option<u64>,
}

/// Which words to keep, given each word's number of matches alone: none that match nothing,
/// and the rarest dropped first while `matches_all(kept)` is false.
///
/// # Errors
/// Whatever `matches_all` returns.
pub fn words_to_keep<E>(
    counts: &[(String, u64)],
    mut matches_all: impl FnMut(&[String]) -> Result<bool, E>,
) -> Result<(Vec<String>, Vec<String>), E> {
    let mut kept: Vec<(String, u64)> = Vec::new();
    let mut set_aside: Vec<String> = Vec::new();
    for (word, count) in counts {
        if *count == 0 {
            set_aside.push(word.clone());
        } else {
            kept.push((word.clone(), *count));
        }
    }
    loop {
        let words: Vec<String> = kept.iter().map(|(w, _)| w.clone()).collect();
        if words.is_empty() || matches_all(&words)? {
            return Ok((words, set_aside));
        }
        // The first of the rarest, so the same query always sets aside the same word.
        let rarest = kept
            .iter()
            .enumerate()
            .min_by_key(|(i, (_, count))| (*count, *i))
            .map_or(0, |(i, _)| i);
        set_aside.push(kept.remove(rarest).0);
    }
}

/// Runs `understood` for one page, relaxing its words when all of them together find nobody,
/// and following a few full matches with partial ones ([`FEW_FULL_MATCHES`]).
///
/// # Errors
/// Index errors.
pub fn execute_relaxing(
    searcher: &Searcher,
    caches: &SegmentCaches,
    understood: &Understood,
    fields: &Fields,
    lexicon: &Lexicon,
    today: CalendarDate,
    span: PageSpan,
) -> Result<Relaxed, SearchError> {
    let query = build_query(understood, fields, lexicon, today);
    let found = execute(searcher, caches, &query, span)?;
    let exactly = |found| Relaxed {
        found,
        set_aside: Vec::new(),
        fully_matched: None,
    };
    if understood.words.len() < 2 {
        return Ok(exactly(found));
    }
    if found.total > 0 {
        if found.total >= FEW_FULL_MATCHES {
            return Ok(exactly(found));
        }
        let broader = execute(searcher, caches, &any_word(&query), span)?;
        if broader.total <= found.total {
            return Ok(exactly(found));
        }
        return Ok(Relaxed {
            fully_matched: Some(found.total),
            found: broader,
            set_aside: Vec::new(),
        });
    }
    let with_words = |words: &[String]| Understood {
        words: words.to_vec(),
        ..understood.clone()
    };
    let count = |words: &[String]| -> Result<u64, SearchError> {
        let query = build_query(&with_words(words), fields, lexicon, today);
        Ok(searcher.search(query.matching.as_ref(), &Count)? as u64)
    };
    let mut counts = Vec::with_capacity(understood.words.len());
    for word in &understood.words {
        counts.push((word.clone(), count(std::slice::from_ref(word))?));
    }
    let (kept, set_aside) =
        words_to_keep(&counts, |words| Ok::<_, SearchError>(count(words)? > 0))?;
    if kept.is_empty() {
        // No word matches anyone: the honest answer is nobody.
        return Ok(exactly(found));
    }
    let found = execute(
        searcher,
        caches,
        &build_query(&with_words(&kept), fields, lexicon, today),
        span,
    )?;
    Ok(Relaxed {
        found,
        set_aside,
        fully_matched: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    fn counts(list: &[(&str, u64)]) -> Vec<(String, u64)> {
        list.iter().map(|(w, n)| ((*w).to_string(), *n)).collect()
    }

    #[test]
    fn words_nobody_matches_are_set_aside_first() {
        let (kept, aside) = words_to_keep(&counts(&[("厨师", 40), ("火星", 0)]), |_| {
            Ok::<_, Infallible>(true)
        })
        .unwrap();
        assert_eq!(kept, ["厨师"]);
        assert_eq!(aside, ["火星"]);
    }

    #[test]
    fn the_rarest_word_goes_until_the_rest_match_together() {
        // 厨师 and 焊工 each match, but never the same worker with 柳编.
        let together = |words: &[String]| Ok::<_, Infallible>(!words.iter().any(|w| w == "柳编"));
        let (kept, aside) = words_to_keep(
            &counts(&[("厨师", 40), ("柳编", 3), ("面点", 12)]),
            together,
        )
        .unwrap();
        assert_eq!(kept, ["厨师", "面点"]);
        assert_eq!(aside, ["柳编"]);
    }

    #[test]
    fn nothing_is_kept_when_no_word_matches() {
        let (kept, aside) = words_to_keep(&counts(&[("甲", 0), ("乙", 0)]), |_| {
            Ok::<_, Infallible>(false)
        })
        .unwrap();
        assert!(kept.is_empty());
        assert_eq!(aside, ["甲", "乙"]);
    }
}
