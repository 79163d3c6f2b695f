//! From what an employer typed to results: words that name a county, brand, region, level or
//! wage become filter chips; the rest are searched as text with synonyms and pinyin; filters
//! narrow; facets count; ties are broken so that equal scores never come back in arbitrary
//! order. The user's text is never parsed as query syntax: every word becomes term queries.

use super::analysis::Lexicon;
use super::collect::{
    PagePlan, RankedBy, SCORE_PRECISION, SegmentCaches, collect_page, top_values, worker_id_of,
};
use super::facet_key::FACET_FIELDS;
use super::{Fields, SearchError};
use app::api::types::{FacetCount, SearchChip, SearchFacets};
use app::domain::calendar::CalendarDate;
use app::domain::credentials::FieldError;
use app::domain::roster::CertificateLevel;
use app::domain::search::{SearchFilters, SearchRequest, find_wage, level_named, level_rank};
use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;
use tantivy::collector::Count;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{Score, Searcher, Term};

/// How much a match counts by field: the brand, trade and certificate say what a worker is;
/// the bio only mentions things.
const TEXT_FIELD_BOOSTS: [(&str, Score); 5] = [
    ("brand_text", 3.0),
    ("occupation_text", 3.0),
    ("certificate_text", 2.5),
    ("name", 2.0),
    ("bio", 1.0),
];
/// A match by spelling counts less than the word itself or a dictionary word it spells:
/// initials are ambiguous (jz: 家政, 建筑).
const PINYIN_BOOST: Score = 0.8;
/// Workers of an occupation a query word describes (馒头 → 中式面点师) rank below workers who
/// name the word itself in their trade or bio.
const DESCRIBED_BOOST: Score = 0.5;
/// Facet values listed per facet.
const FACET_VALUES: usize = 30;

/// The names queries and parameters may use, from the database.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Name, short name or code → county code.
    pub counties: HashMap<String, String>,
    pub county_names: HashMap<String, String>,
    /// Name, short name or code → region code.
    pub regions: HashMap<String, String>,
    /// Region code → short name (a group's name is its own code).
    pub region_names: HashMap<String, String>,
    /// A group's name → the region codes it covers (京津冀 → 北京, 天津, 河北).
    pub region_groups: HashMap<String, Vec<String>>,
    /// Brand name or slug → slug.
    pub brands: HashMap<String, String>,
    pub brand_names: HashMap<String, String>,
    /// Brand slug → its county (for unmet demand).
    pub brand_counties: HashMap<String, String>,
}

/// The request after its words were read.
#[derive(Debug, Clone, PartialEq)]
pub struct Understood {
    /// Words still to be matched as text.
    pub words: Vec<String>,
    pub filters: SearchFilters,
    pub chips: Vec<SearchChip>,
    /// The region codes the region filter covers: its own, or a group's.
    pub regions: Vec<String>,
}

fn chip(param: &str, value: String, label: String, from_query: Option<&str>) -> SearchChip {
    SearchChip {
        param: param.to_string(),
        value,
        label,
        from_query: from_query.map(str::to_string),
    }
}

fn level_label(level: CertificateLevel) -> String {
    format!("{}及以上", level.label())
}

/// Reads the request's words and parameters.
///
/// # Errors
/// A county, brand or region parameter that names nothing known, by parameter name.
pub fn understand(
    request: &SearchRequest,
    lexicon: &Lexicon,
    vocabulary: &Vocabulary,
) -> Result<Understood, FieldError> {
    let mut filters = request.filters.clone();
    let mut chips = Vec::new();
    // Parameters first: they are explicit, and the query's words do not override them.
    if let Some(county) = filters.county.take() {
        let code = vocabulary
            .counties
            .get(&county)
            .ok_or_else(|| FieldError::new("county", format!("没有这个区县：{county}")))?;
        filters.county = Some(code.clone());
    }
    if let Some(brand) = filters.brand.take() {
        let slug = vocabulary
            .brands
            .get(&brand)
            .ok_or_else(|| FieldError::new("brand", format!("没有这个劳务品牌：{brand}")))?;
        filters.brand = Some(slug.clone());
    }
    if let Some(region) = filters.region.take() {
        let code = vocabulary
            .regions
            .get(&region)
            .ok_or_else(|| FieldError::new("region", format!("没有这个地区：{region}")))?;
        filters.region = Some(code.clone());
    }
    if let Some(occupation) = filters.occupation.take() {
        let official = lexicon
            .official_occupation(&occupation)
            .map_or(occupation.clone(), str::to_string);
        filters.occupation = Some(official);
    }

    let mut text = request.text.clone();
    let mut wage_words: Option<String> = None;
    if filters.wage_min.is_none()
        && filters.wage_max.is_none()
        && let Some((wage, span)) = find_wage(&text)
    {
        wage_words = Some(text[span.clone()].to_string());
        text.replace_range(span, " ");
        filters.wage_min = wage.min;
        filters.wage_max = wage.max;
    }
    let mut from_query: HashMap<&'static str, String> = HashMap::new();
    let mut words = Vec::new();
    for word in lexicon.understood_words(&text) {
        let mut forms = vec![word.clone()];
        if word.chars().all(|c| c.is_ascii_alphabetic()) {
            forms.extend(lexicon.spelled(&word));
        }
        let recognised = forms.iter().find_map(|form| {
            if filters.county.is_none()
                && let Some(code) = vocabulary.counties.get(form)
            {
                return Some(("county", code.clone()));
            }
            if filters.brand.is_none()
                && let Some(slug) = vocabulary.brands.get(form)
            {
                return Some(("brand", slug.clone()));
            }
            if filters.region.is_none()
                && let Some(code) = vocabulary.regions.get(form)
            {
                return Some(("region", code.clone()));
            }
            if filters.level.is_none()
                && let Some(level) = level_named(form)
            {
                return Some(("level", level.code().to_string()));
            }
            None
        });
        match recognised {
            Some(("county", code)) => {
                filters.county = Some(code);
                from_query.insert("county", word);
            }
            Some(("brand", slug)) => {
                filters.brand = Some(slug);
                from_query.insert("brand", word);
            }
            Some(("region", code)) => {
                filters.region = Some(code);
                from_query.insert("region", word);
            }
            Some(("level", code)) => {
                filters.level = CertificateLevel::from_code(&code);
                from_query.insert("level", word);
            }
            _ => words.push(word),
        }
    }

    let source = |param: &'static str| from_query.get(param).map(String::as_str);
    if let Some(code) = &filters.county {
        let label = vocabulary
            .county_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.clone());
        chips.push(chip("county", code.clone(), label, source("county")));
    }
    if let Some(slug) = &filters.brand {
        let label = vocabulary
            .brand_names
            .get(slug)
            .cloned()
            .unwrap_or_else(|| slug.clone());
        chips.push(chip("brand", slug.clone(), label, source("brand")));
    }
    if let Some(occupation) = &filters.occupation {
        chips.push(chip(
            "occupation",
            occupation.clone(),
            occupation.clone(),
            None,
        ));
    }
    if let Some(level) = filters.level {
        chips.push(chip(
            "level",
            level.code().to_string(),
            level_label(level),
            source("level"),
        ));
    }
    if filters.verified_only {
        chips.push(chip("verified", "true".into(), "证书已核验".into(), None));
    }
    if let Some(code) = &filters.region {
        let label = vocabulary
            .region_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.clone());
        chips.push(chip(
            "region",
            code.clone(),
            format!("意向{label}"),
            source("region"),
        ));
    }
    if let Some(date) = filters.available_by {
        chips.push(chip(
            "available_by",
            date.to_string(),
            format!("{date} 前可到岗"),
            None,
        ));
    }
    if let Some(min) = filters.wage_min {
        chips.push(chip(
            "wage_min",
            min.to_string(),
            format!("月薪 ≥ {min} 元"),
            wage_words.as_deref(),
        ));
    }
    if let Some(max) = filters.wage_max {
        chips.push(chip(
            "wage_max",
            max.to_string(),
            format!("月薪 ≤ {max} 元"),
            wage_words.as_deref(),
        ));
    }
    if let Some(min) = filters.age_min {
        chips.push(chip(
            "age_min",
            min.to_string(),
            format!("{min} 岁及以上"),
            None,
        ));
    }
    if let Some(max) = filters.age_max {
        chips.push(chip(
            "age_max",
            max.to_string(),
            format!("{max} 岁及以下"),
            None,
        ));
    }
    if let Some(sex) = filters.sex {
        chips.push(chip(
            "sex",
            sex.label().to_string(),
            sex.label().to_string(),
            None,
        ));
    }
    let regions = filters.region.as_ref().map_or_else(Vec::new, |code| {
        vocabulary
            .region_groups
            .get(code)
            .cloned()
            .unwrap_or_else(|| vec![code.clone()])
    });
    Ok(Understood {
        words,
        filters,
        chips,
        regions,
    })
}

fn facet_term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, &Facet::from_path([value])),
        IndexRecordOption::Basic,
    ))
}

fn u64_range(field: Field, low: Bound<u64>, high: Bound<u64>) -> Box<dyn Query> {
    let term = |v: u64| Term::from_field_u64(field, v);
    Box::new(RangeQuery::new(low.map(term), high.map(term)))
}

fn i64_range(field: Field, low: Bound<i64>, high: Bound<i64>) -> Box<dyn Query> {
    let term = |v: i64| Term::from_field_i64(field, v);
    Box::new(RangeQuery::new(low.map(term), high.map(term)))
}

/// Clauses for one word in every text field, with the field's weight.
fn word_clauses(term: &str, text_fields: &[(Field, Score)]) -> Vec<(Occur, Box<dyn Query>)> {
    text_fields
        .iter()
        .map(|(field, boost)| {
            let query: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(*field, term),
                IndexRecordOption::WithFreqs,
            ));
            (
                Occur::Should,
                Box::new(BoostQuery::new(query, *boost)) as Box<dyn Query>,
            )
        })
        .collect()
}

/// The tantivy queries for one request.
pub struct SearchQuery {
    /// Every word must match (in some field, as itself, a synonym or what its pinyin spells);
    /// every filter must hold and adds nothing to the score.
    pub matching: Box<dyn Query>,
    /// Each word's own query and each filter (what `matching` requires), for counting matches
    /// from their kept match sets ([`super::match_cache`]).
    pub words: Vec<Box<dyn Query>>,
    pub filters: Vec<Box<dyn Query>>,
    /// The words alone, when there are words and filters: they score every match exactly as
    /// `matching` does (filters score nothing), so the page is chosen among the filtered
    /// matches by the words' scores without intersecting them with the filters again.
    pub ranking_words: Option<RankingWords>,
}

/// The words of a filtered query, alone.
pub struct RankingWords {
    pub query: Box<dyn Query>,
    /// Whether they are one word matched by a plain union of terms, which tantivy can prune
    /// (block-max WAND).
    pub prunable: bool,
}

/// Builds the queries for `understood`.
pub fn build_query(
    understood: &Understood,
    fields: &Fields,
    lexicon: &Lexicon,
    today: CalendarDate,
) -> SearchQuery {
    let text_fields: Vec<(Field, Score)> = TEXT_FIELD_BOOSTS
        .iter()
        .map(|(name, boost)| {
            let field = match *name {
                "brand_text" => fields.brand_text,
                "occupation_text" => fields.occupation_text,
                "certificate_text" => fields.certificate_text,
                "name" => fields.name,
                _ => fields.bio,
            };
            (field, *boost)
        })
        .collect();
    let trade_fields: Vec<(Field, Score)> = text_fields
        .iter()
        .filter(|(field, _)| {
            [fields.occupation_text, fields.certificate_text, fields.bio].contains(field)
        })
        .copied()
        .collect();
    let described_fields: Vec<(Field, Score)> = text_fields
        .iter()
        .filter(|(field, _)| [fields.occupation_text, fields.certificate_text].contains(field))
        .map(|(field, boost)| (*field, boost * DESCRIBED_BOOST))
        .collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut only_terms = true;
    for word in &understood.words {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let forms = lexicon.forms(word);
        for form in lexicon.alternatives(word) {
            // A synonym names a trade: matching it in a brand or a person's name would be a
            // coincidence, and each extra field is another posting list to merge.
            let fields = if forms.contains(&form) {
                &text_fields
            } else {
                &trade_fields
            };
            alternatives.extend(word_clauses(&form, fields));
        }
        // Work described in words (照顾老人) reaches the occupations that do it, by trade and
        // certificate only.
        if let Some(occupations) = lexicon.described_occupations(word) {
            let mut reached = BTreeSet::new();
            for occupation in occupations {
                reached.extend(lexicon.alternatives(occupation));
            }
            for form in reached.difference(&lexicon.alternatives(word)) {
                alternatives.extend(word_clauses(form, &described_fields));
            }
        }
        // A Latin word may spell any indexed word, in the dictionary or not (cuiru → 催乳).
        if word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic()) {
            let spelled: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(fields.pinyin, &word.to_ascii_lowercase()),
                IndexRecordOption::WithFreqs,
            ));
            alternatives.push((
                Occur::Should,
                Box::new(BoostQuery::new(spelled, PINYIN_BOOST)),
            ));
        }
        if !lexicon.is_known_word(word) {
            let parts = lexicon.parts_of(word);
            if parts.len() >= 2 {
                let all_parts: Vec<(Occur, Box<dyn Query>)> = parts
                    .iter()
                    .map(|part| {
                        (
                            Occur::Must,
                            Box::new(BooleanQuery::new(word_clauses(part, &text_fields)))
                                as Box<dyn Query>,
                        )
                    })
                    .collect();
                alternatives.push((Occur::Should, Box::new(BooleanQuery::new(all_parts))));
                only_terms = false;
            }
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
    }
    let each_word: Vec<Box<dyn Query>> = clauses.iter().map(|(_, q)| q.box_clone()).collect();
    // One word is its union of alternatives itself, not a boolean query around it: only a
    // top-level union of terms can be pruned.
    let words: Box<dyn Query> = match clauses.len() {
        0 => Box::new(AllQuery),
        1 => clauses.remove(0).1,
        _ => Box::new(BooleanQuery::new(clauses)),
    };
    let prunable_words = understood.words.len() == 1 && only_terms;
    let f = &understood.filters;
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    if let Some(code) = &f.county {
        filters.push(facet_term(fields.county, code));
    }
    if let Some(slug) = &f.brand {
        filters.push(facet_term(fields.brand, slug));
    }
    if let Some(occupation) = &f.occupation {
        filters.push(facet_term(fields.occupation, occupation));
    }
    match understood.regions.as_slice() {
        [] => {}
        [code] => filters.push(facet_term(fields.region, code)),
        group => filters.push(Box::new(BooleanQuery::new(
            group
                .iter()
                .map(|code| (Occur::Should, facet_term(fields.region, code)))
                .collect(),
        ))),
    }
    if let Some(sex) = f.sex {
        filters.push(facet_term(fields.sex, sex.code()));
    }
    if let Some(level) = f.level {
        filters.push(u64_range(
            fields.level_rank,
            Bound::Included(level_rank(Some(level))),
            Bound::Unbounded,
        ));
    }
    if f.verified_only {
        filters.push(Box::new(TermQuery::new(
            Term::from_field_u64(fields.verified, 1),
            IndexRecordOption::Basic,
        )));
    }
    if let Some(date) = f.available_by {
        filters.push(i64_range(
            fields.available_days,
            Bound::Unbounded,
            Bound::Included(date.days_since_epoch()),
        ));
    }
    if f.wage_min.is_some() || f.wage_max.is_some() {
        filters.push(u64_range(
            fields.wage_yuan,
            f.wage_min
                .map_or(Bound::Unbounded, |w| Bound::Included(u64::from(w))),
            f.wage_max
                .map_or(Bound::Unbounded, |w| Bound::Included(u64::from(w))),
        ));
    }
    // Age a at least: born on or before today minus a years. Age at most b: born after today
    // minus b+1 years.
    let born_by = f
        .age_min
        .and_then(|a| today.years_earlier(a))
        .map_or(Bound::Unbounded, |d| Bound::Included(d.days_since_epoch()));
    let born_after = f
        .age_max
        .and_then(|b| today.years_earlier(b + 1))
        .map_or(Bound::Unbounded, |d| Bound::Excluded(d.days_since_epoch()));
    if f.age_min.is_some() || f.age_max.is_some() {
        filters.push(i64_range(fields.birth_days, born_after, born_by));
    }
    filtered(words, each_word, filters, prunable_words)
}

/// The query that requires `words` (scored) and every filter (scoring nothing); `each_word`
/// are what `words` requires, one query each.
fn filtered(
    words: Box<dyn Query>,
    each_word: Vec<Box<dyn Query>>,
    filters: Vec<Box<dyn Query>>,
    prunable_words: bool,
) -> SearchQuery {
    if filters.is_empty() {
        return SearchQuery {
            matching: words,
            words: each_word,
            filters,
            ranking_words: None,
        };
    }
    let ranking_words = (!each_word.is_empty()).then(|| RankingWords {
        query: words.box_clone(),
        prunable: prunable_words,
    });
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
    for filter in &filters {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
        ));
    }
    SearchQuery {
        matching: Box::new(BooleanQuery::new(clauses)),
        words: each_word,
        filters,
        ranking_words,
    }
}

/// What each word a worker has adds to the score of an any-word search: more than one word's
/// text score ever comes to, so workers with more of the words always rank first.
pub const WORD_MATCHED_STEP: Score = 1000.0;

/// `query` with any of its words instead of all of them: workers with more of the words first,
/// then by text score; the filters still all hold.
pub fn any_word(query: &SearchQuery) -> SearchQuery {
    let union: Vec<(Occur, Box<dyn Query>)> = query
        .words
        .iter()
        .flat_map(|word| {
            let matched: Box<dyn Query> =
                Box::new(ConstScoreQuery::new(word.box_clone(), WORD_MATCHED_STEP));
            [(Occur::Should, word.box_clone()), (Occur::Should, matched)]
        })
        .collect();
    let union: Box<dyn Query> = Box::new(BooleanQuery::new(union));
    let filters = query.filters.iter().map(|f| f.box_clone()).collect();
    filtered(union.box_clone(), vec![union], filters, false)
}

/// What one search found, before labels are attached to facets.
#[derive(Debug)]
pub struct Found {
    pub total: u64,
    /// The page's workers, best first: (worker id, score). Their cards come from the database.
    pub ranked: Vec<(i32, Score)>,
    pub facets: HashMap<&'static str, Vec<(String, u64)>>,
}

/// Which results page to find, and on how many threads.
#[derive(Debug, Clone, Copy)]
pub struct PageSpan {
    pub offset: usize,
    pub limit: usize,
    pub threads: usize,
}

/// Runs the query for one page.
///
/// # Errors
/// Index errors.
pub fn execute(
    searcher: &Searcher,
    caches: &SegmentCaches,
    query: &SearchQuery,
    span: PageSpan,
) -> Result<Found, SearchError> {
    let PageSpan {
        offset,
        limit,
        threads,
    } = span;
    let plan = PagePlan {
        matching: query.matching.as_ref(),
        words: &query.words,
        filters: &query.filters,
        ranking_words: query.ranking_words.as_ref().map(|words| RankedBy {
            words: words.query.as_ref(),
            prunable: words.prunable,
        }),
        best: offset + limit,
        threads,
    };
    let collected = collect_page(searcher, caches, &plan)?;
    let ranked = collected
        .best
        .into_iter()
        .skip(offset)
        .map(|(key, _)| (worker_id_of(&key), key.0 as Score / SCORE_PRECISION))
        .collect();
    let facets = FACET_FIELDS
        .iter()
        .zip(&collected.facets)
        .map(|(name, counts)| (*name, top_values(counts, FACET_VALUES)))
        .collect();
    Ok(Found {
        total: collected.total,
        ranked,
        facets,
    })
}

/// Labels the facet values with names from the vocabulary.
pub fn labelled_facets(
    raw: &HashMap<&'static str, Vec<(String, u64)>>,
    vocabulary: &Vocabulary,
) -> SearchFacets {
    let label = |facet: &str, value: &str| -> String {
        match facet {
            "county" => vocabulary.county_names.get(value).cloned(),
            "brand" => vocabulary.brand_names.get(value).cloned(),
            "region" => vocabulary.region_names.get(value).cloned(),
            "level" => CertificateLevel::from_code(value).map(|l| l.label().to_string()),
            "sex" => Some(match value {
                "male" => "男".to_string(),
                "female" => "女".to_string(),
                other => other.to_string(),
            }),
            _ => None,
        }
        .unwrap_or_else(|| value.to_string())
    };
    let list = |facet: &'static str| -> Vec<FacetCount> {
        raw.get(facet)
            .map(|values| {
                values
                    .iter()
                    .map(|(value, count)| FacetCount {
                        value: if facet == "sex" {
                            label(facet, value)
                        } else {
                            value.clone()
                        },
                        label: label(facet, value),
                        count: *count,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    SearchFacets {
        county: list("county"),
        brand: list("brand"),
        occupation: list("occupation"),
        level: list("level"),
        region: list("region"),
        sex: list("sex"),
    }
}

/// How many workers match, and how many of them entered search after `since` (seconds).
///
/// # Errors
/// Index errors.
pub fn count_with_published_after(
    searcher: &Searcher,
    fields: &Fields,
    query: SearchQuery,
    since: u64,
) -> Result<(u64, u64), SearchError> {
    let query = query.matching;
    let total = searcher.search(query.as_ref(), &Count)?;
    let newer = BooleanQuery::new(vec![
        (Occur::Must, query),
        (
            Occur::Must,
            u64_range(fields.published, Bound::Excluded(since), Bound::Unbounded),
        ),
    ]);
    let new = searcher.search(&newer, &Count)?;
    Ok((total as u64, new as u64))
}
