//! Employer search, shortlists, saved searches and unmet demand. The index (derived from the
//! database) finds and ranks; the cards of the page's workers are read from the database;
//! shortlists, saved searches and unmet demand are rows.

use super::brands::{county_official, signed_in};
use super::unexpected;
use crate::clock::shanghai_today;
use crate::db::entities::{
    brand, county, employer, placement, region, region_city, region_group, saved_search, shortlist,
    shortlist_entry, unmet_search,
};
use crate::search::document::{Names, WorkerDocument, documents_for_ids};
use crate::search::query::{self, Found, Vocabulary};
use crate::search::relax;
use crate::search::result_cache::ResultCache;
use crate::search::{SearchError, SearchIndex};
use app::api::context::{RequestIdentity, SearchDesk};
use app::api::error::{AppError, ErrorCode};
use app::api::types::{
    AttestedWork, DescribedWork, SavedSearchView, SearchHit, SearchResults, ShortlistView,
    UnmetSearchView,
};
use app::domain::access::SessionUser;
use app::domain::calendar::CalendarDate;
use app::domain::role::{Role, Scope};
use app::domain::search::{SearchParams, SearchRequest};
use async_trait::async_trait;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Brand, county and region names change rarely; a new brand is recognised in queries (and
/// named on cards) within this long.
const VOCABULARY_LIFETIME: Duration = Duration::from_secs(30);
/// Unmet-demand rows a promoter's list shows.
const UNMET_LISTED: u64 = 200;
/// Names of shortlists and saved searches.
const MAX_NAME_CHARS: usize = 40;
const MAX_SHORTLISTS: u64 = 50;
const MAX_SHORTLIST_WORKERS: u64 = 500;

pub struct SearchService {
    db: DatabaseConnection,
    index: Arc<SearchIndex>,
    /// The names queries may use and cards show, and when they were read.
    known: RwLock<Option<(Instant, Known)>>,
    /// One search at a time per core, first come first served: under load a broad query waits
    /// its turn and then runs at full speed, instead of every query sharing the cores and
    /// each taking as long as the slowest.
    searching: tokio::sync::Semaphore,
    cores: usize,
    /// Answers to recent searches on the current index state.
    answers: ResultCache<Answer>,
}

/// Brand, county and region names, as queries read them and as cards show them.
#[derive(Clone)]
struct Known {
    vocabulary: Arc<Vocabulary>,
    names: Arc<Names>,
}

/// A search's answer: what the index found, and the cards of the page's workers.
struct Answer {
    found: Found,
    hits: Vec<SearchHit>,
    /// The query's words not required, when all of them together found nobody.
    set_aside: Vec<String>,
    /// How many have every word, when only a few do and partial matches follow.
    fully_matched: Option<u64>,
}

impl SearchService {
    /// Completed placements: work history attested through Laowu (search cards, profiles and
    /// the worker's public badge).
    pub(crate) async fn attested_work(
        &self,
        worker_id: i32,
    ) -> Result<Vec<AttestedWork>, AppError> {
        let fail = |e| unexpected("loading attested work", e);
        let regions = super::region_names(&self.db).await?;
        Ok(placement::Entity::find()
            .filter(placement::Column::WorkerId.eq(worker_id))
            .filter(placement::Column::State.eq("ended"))
            .order_by_desc(placement::Column::StartsOn)
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|p| AttestedWork {
                region_name: regions.get(&p.region_code).cloned().unwrap_or_default(),
                position: p.position,
                starts_on: p.starts_on,
                ends_on: p.ends_on,
            })
            .collect())
    }
}

/// Employers search; promoters and admins search too (to see what employers see).
fn searcher(caller: &RequestIdentity) -> Result<&SessionUser, AppError> {
    let user = signed_in(caller)?;
    match user.role {
        Role::Employer | Role::Promoter | Role::Admin => Ok(user),
        Role::Company => Err(AppError::with_message(
            ErrorCode::Forbidden,
            "劳务公司请在花名册中查看自己的工人",
        )),
    }
}

fn conflict_on_name(message: &str) -> AppError {
    AppError {
        field: Some("name".to_string()),
        ..AppError::with_message(ErrorCode::Conflict, message)
    }
}

fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "请填写名称"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid(
            "name",
            format!("名称最多 {MAX_NAME_CHARS} 个字"),
        ));
    }
    Ok(name.to_string())
}

/// Parses `a=b&c=d` (percent-encoded) into search parameters.
///
/// # Errors
/// `Invalid` naming `query_string` when it is not a URL query string.
pub fn params_from_query_string(query: &str) -> Result<SearchParams, AppError> {
    serde_urlencoded::from_str(query.trim_start_matches('?'))
        .map_err(|_| AppError::invalid("query_string", "搜索条件的格式不对"))
}

/// The request as a URL query string in the canonical order.
pub fn query_string_of(request: &SearchRequest) -> String {
    serde_urlencoded::to_string(request.to_params()).unwrap_or_default()
}

impl SearchService {
    /// `cached_answers`: how many search answers to keep until the index changes (0: none).
    pub fn new(db: DatabaseConnection, index: Arc<SearchIndex>, cached_answers: usize) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self {
            answers: ResultCache::new(cached_answers),
            db,
            index,
            known: RwLock::new(None),
            searching: tokio::sync::Semaphore::new(cores),
            cores,
        }
    }

    /// Runs `search` on a blocking thread once a core is free for it, telling it how many
    /// cores it may use: all of them when no other search is running, else its own.
    async fn on_search_core<T: Send + 'static>(
        &self,
        what: &'static str,
        search: impl FnOnce(usize) -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, AppError> {
        let _turn = self
            .searching
            .acquire()
            .await
            .map_err(|e| unexpected(what, e))?;
        let cores = if self.searching.available_permits() + 1 == self.cores {
            self.cores
        } else {
            1
        };
        tokio::task::spawn_blocking(move || search(cores))
            .await
            .map_err(|e| unexpected(what, e))?
            .map_err(|e| unexpected(what, e))
    }

    async fn vocabulary(&self) -> Result<Arc<Vocabulary>, AppError> {
        Ok(self.known().await?.vocabulary)
    }

    async fn known(&self) -> Result<Known, AppError> {
        if let Ok(guard) = self.known.read()
            && let Some((at, known)) = guard.as_ref()
            && at.elapsed() < VOCABULARY_LIFETIME
        {
            return Ok(known.clone());
        }
        let fail = |e| unexpected("loading search names", e);
        let mut v = Vocabulary::default();
        for c in county::Entity::find().all(&self.db).await.map_err(fail)? {
            let short = c.name.trim_end_matches(['县', '区', '市']).to_string();
            for key in [c.code.clone(), c.name.clone(), short] {
                if key.chars().count() >= 2 {
                    v.counties.insert(key, c.code.clone());
                }
            }
            v.county_names.insert(c.code, c.name);
        }
        for r in region::Entity::find().all(&self.db).await.map_err(fail)? {
            for key in [r.code.clone(), r.name.clone(), r.short_name.clone()] {
                v.regions.insert(key, r.code.clone());
            }
            v.region_names.insert(r.code, r.short_name);
        }
        // A city stands for its province: workers name the province they want to work in.
        for c in region_city::Entity::find()
            .all(&self.db)
            .await
            .map_err(fail)?
        {
            for key in [c.name, c.short_name] {
                v.regions
                    .entry(key)
                    .or_insert_with(|| c.region_code.clone());
            }
        }
        // A group (京津冀) is its own code: the filter covers each of its regions.
        for g in region_group::Entity::find()
            .all(&self.db)
            .await
            .map_err(fail)?
        {
            v.regions.insert(g.name.clone(), g.name.clone());
            v.region_names.insert(g.name.clone(), g.name.clone());
            v.region_groups
                .entry(g.name)
                .or_default()
                .push(g.region_code);
        }
        let mut names = Names {
            counties: v.county_names.clone(),
            regions: v.region_names.clone(),
            brands: HashMap::new(),
        };
        for b in brand::Entity::find().all(&self.db).await.map_err(fail)? {
            v.brands.insert(b.name.clone(), b.slug.clone());
            v.brands.insert(b.slug.clone(), b.slug.clone());
            if let Some(county) = &b.county_code {
                v.brand_counties.insert(b.slug.clone(), county.clone());
            }
            v.brand_names.insert(b.slug.clone(), b.name.clone());
            names.brands.insert(b.id, b);
        }
        let known = Known {
            vocabulary: Arc::new(v),
            names: Arc::new(names),
        };
        if let Ok(mut guard) = self.known.write() {
            *guard = Some((Instant::now(), known.clone()));
        }
        Ok(known)
    }

    /// The cards of these workers, in this order, as the database has them now (without a
    /// score). A worker employers may no longer see is left out, even while the index still
    /// holds them.
    async fn cards(&self, ids: &[i32], today: CalendarDate) -> Result<Vec<SearchHit>, AppError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let names = self.known().await?.names;
        let mut documents: HashMap<i32, WorkerDocument> = documents_for_ids(&self.db, &names, ids)
            .await
            .map_err(|e| unexpected("loading workers' cards", e))?
            .into_iter()
            .map(|document| (document.id, document))
            .collect();
        Ok(ids
            .iter()
            .filter_map(|id| documents.remove(id).map(|document| document.card(today)))
            .collect())
    }

    /// The worker exactly as employers see them now, or `None` while employers cannot (no
    /// consent, inactive or out working): for the worker's own link.
    ///
    /// # Errors
    /// `Internal` on a database failure.
    pub async fn as_employers_see(&self, worker_id: i32) -> Result<Option<SearchHit>, AppError> {
        let Some(mut hit) = self.cards(&[worker_id], shanghai_today()).await?.pop() else {
            return Ok(None);
        };
        hit.attested_work = self.attested_work(worker_id).await?;
        Ok(Some(hit))
    }

    /// How the request's words were read (chips and the words left to match), for tools that
    /// answer the same question another way (the search benchmark's SQL baseline).
    ///
    /// # Errors
    /// `BadParameter` naming a county, brand or region parameter that names nothing known.
    pub async fn understand(&self, request: &SearchRequest) -> Result<query::Understood, AppError> {
        let vocabulary = self.vocabulary().await?;
        query::understand(request, self.index.lexicon(), &vocabulary)
            .map_err(AppError::bad_parameter)
    }

    /// Runs a checked request.
    ///
    /// # Errors
    /// `Invalid` naming a parameter; `Internal` for index errors.
    pub async fn run(&self, request: &SearchRequest) -> Result<SearchResults, AppError> {
        let started = Instant::now();
        let vocabulary = self.vocabulary().await?;
        let lexicon = self.index.lexicon().clone();
        let understood =
            query::understand(request, &lexicon, &vocabulary).map_err(AppError::bad_parameter)?;
        let fields = self.index.fields();
        let today = shanghai_today();
        let searcher = self
            .index
            .searcher()
            .map_err(|e| unexpected("opening a searcher", e))?;
        let offset = ((request.page - 1) * request.per_page) as usize;
        let limit = request.per_page as usize;
        // Everything the answer depends on besides the index state, which the cache checks.
        let question = format!(
            "{offset}/{limit}/{today}/{:?}/{:?}",
            understood.words, understood.filters
        );
        let answer = match self.answers.get(&searcher, &question) {
            Some(answer) => answer,
            None => {
                let words = understood.clone();
                let caches = self.index.caches().clone();
                let on = searcher.clone();
                // Searching is CPU work: off the async threads.
                let relaxed = self
                    .on_search_core("searching", move |threads| {
                        let span = query::PageSpan {
                            offset,
                            limit,
                            threads,
                        };
                        relax::execute_relaxing(
                            &on, &caches, &words, &fields, &lexicon, today, span,
                        )
                    })
                    .await?;
                let found = relaxed.found;
                let ids: Vec<i32> = found.ranked.iter().map(|(id, _)| *id).collect();
                let mut hits = self.cards(&ids, today).await?;
                let scores: HashMap<i32, f32> = found.ranked.iter().copied().collect();
                for hit in &mut hits {
                    hit.score = scores.get(&hit.id).copied().unwrap_or(0.0);
                }
                let answer = Arc::new(Answer {
                    found,
                    hits,
                    set_aside: relaxed.set_aside,
                    fully_matched: relaxed.fully_matched,
                });
                self.answers.put(&searcher, question, answer.clone());
                answer
            }
        };
        Ok(SearchResults {
            total: answer.found.total,
            page: request.page,
            per_page: request.per_page,
            took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            query_string: query_string_of(request),
            words: understood.words.clone(),
            chips: understood.chips.clone(),
            set_aside: answer.set_aside.clone(),
            fully_matched: answer.fully_matched,
            described_work: understood
                .words
                .iter()
                .filter_map(|word| {
                    let occupations = self.index.lexicon().described_occupations(word)?;
                    Some(DescribedWork {
                        words: word.clone(),
                        occupations: occupations.iter().cloned().collect(),
                    })
                })
                .collect(),
            hits: answer.hits.clone(),
            facets: query::labelled_facets(&answer.found.facets, &vocabulary),
        })
    }

    /// How many workers match `request` and how many of those entered search after `since`.
    async fn count_new(
        &self,
        request: &SearchRequest,
        since: chrono::DateTime<Utc>,
    ) -> Result<(u64, u64), AppError> {
        let vocabulary = self.vocabulary().await?;
        let lexicon = self.index.lexicon().clone();
        let understood = query::understand(request, &lexicon, &vocabulary)?;
        let fields = self.index.fields();
        let searcher = self
            .index
            .searcher()
            .map_err(|e| unexpected("opening a searcher", e))?;
        let since = u64::try_from(since.timestamp()).unwrap_or(0);
        self.on_search_core("counting a saved search", move |_| {
            let query = query::build_query(&understood, &fields, &lexicon, shanghai_today());
            query::count_with_published_after(&searcher, &fields, query, since)
        })
        .await
    }

    async fn record_unmet(
        &self,
        user: &SessionUser,
        request: &SearchRequest,
        results: &SearchResults,
    ) {
        let Scope::Employer { id } = user.scope else {
            return;
        };
        let region = employer::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .ok()
            .flatten()
            .map(|e| e.region_code);
        // A brand search is demand on the brand's county.
        let vocabulary = self.vocabulary().await.ok();
        let brand_county = results
            .chips
            .iter()
            .find(|c| c.param == "brand")
            .and_then(|chip| {
                vocabulary
                    .as_ref()
                    .and_then(|v| v.brand_counties.get(&chip.value).cloned())
            });
        let county = results
            .chips
            .iter()
            .find(|c| c.param == "county")
            .map(|c| c.value.clone())
            .or(brand_county);
        let filters = results
            .chips
            .iter()
            .map(|c| c.label.clone())
            .collect::<Vec<_>>()
            .join("、");
        let chip = |param: &str| {
            results
                .chips
                .iter()
                .find(|c| c.param == param)
                .map(|c| c.value.clone())
        };
        let occupation =
            app::domain::training::demand_occupation(chip("occupation").as_deref(), &results.words);
        // Where the workers are wanted: the region asked for, else where the employer is.
        // A group (京津冀) is not one region: its demand counts where the employer is.
        let wanted_in = chip("region")
            .filter(|code| {
                vocabulary
                    .as_ref()
                    .is_none_or(|v| !v.region_groups.contains_key(code))
            })
            .or_else(|| region.clone());
        let today = shanghai_today();
        let row = unmet_search::ActiveModel {
            query: Set(request.text.chars().take(200).collect()),
            filters: Set(filters),
            county_code: Set(county),
            employer_region_code: Set(region),
            user_id: Set(user.id),
            occupation: Set(occupation),
            region_code: Set(wanted_in),
            result_count: Set(i32::try_from(results.total).unwrap_or(i32::MAX)),
            month: Set(Some(format!("{:04}-{:02}", today.year(), today.month()))),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        if let Err(e) = row.insert(&self.db).await {
            tracing::warn!(error = %e, "recording an unmet search");
        }
    }

    async fn own_shortlist(
        &self,
        user: &SessionUser,
        id: i32,
    ) -> Result<shortlist::Model, AppError> {
        shortlist::Entity::find_by_id(id)
            .filter(shortlist::Column::OwnerId.eq(user.id))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a shortlist", e))?
            .ok_or_else(|| AppError::with_message(ErrorCode::NotFound, "没有这个候选名单"))
    }

    async fn view_of(&self, list: shortlist::Model) -> Result<ShortlistView, AppError> {
        let entries = shortlist_entry::Entity::find()
            .filter(shortlist_entry::Column::ShortlistId.eq(list.id))
            .order_by_asc(shortlist_entry::Column::AddedAt)
            .order_by_asc(shortlist_entry::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading a shortlist", e))?;
        let ids: Vec<i32> = entries.iter().map(|entry| entry.worker_id).collect();
        let workers = self.cards(&ids, shanghai_today()).await?;
        let unavailable = u64::try_from(ids.len() - workers.len()).unwrap_or(0);
        Ok(ShortlistView {
            id: list.id,
            name: list.name,
            workers,
            unavailable,
        })
    }

    async fn saved_view(&self, s: saved_search::Model) -> Result<SavedSearchView, AppError> {
        let request = params_from_query_string(&s.query_string)?.check()?;
        let (total, new) = self.count_new(&request, s.last_visited_at).await?;
        Ok(SavedSearchView {
            id: s.id,
            name: s.name,
            query_string: s.query_string,
            total,
            new_since_last_visit: new,
            last_visited_at: (s.last_visited_at + chrono::TimeDelta::hours(8))
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        })
    }
}

#[async_trait]
impl SearchDesk for SearchService {
    async fn search(
        &self,
        caller: &RequestIdentity,
        params: &SearchParams,
    ) -> Result<SearchResults, AppError> {
        let user = searcher(caller)?;
        let request = params.check().map_err(AppError::bad_parameter)?;
        let results = self.run(&request).await?;
        let asked_something = !request.text.is_empty() || !results.chips.is_empty();
        // Results found only by setting words aside are demand the market did not meet, and
        // so are a few workers with every word followed by partial matches.
        let with_every_word = results.fully_matched.unwrap_or(results.total);
        let too_few =
            with_every_word < app::domain::training::FEW_RESULTS || !results.set_aside.is_empty();
        if too_few && asked_something && request.page == 1 {
            self.record_unmet(user, &request, &results).await;
        }
        Ok(results)
    }

    async fn profile(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<SearchHit, AppError> {
        searcher(caller)?;
        let mut hit = self
            .cards(&[worker_id], shanghai_today())
            .await?
            .pop()
            .ok_or_else(|| {
                AppError::with_message(ErrorCode::NotFound, "没有这位工人，或其已不在求职中")
            })?;
        hit.attested_work = self.attested_work(worker_id).await?;
        Ok(hit)
    }

    async fn shortlists(&self, caller: &RequestIdentity) -> Result<Vec<ShortlistView>, AppError> {
        let user = searcher(caller)?;
        let lists = shortlist::Entity::find()
            .filter(shortlist::Column::OwnerId.eq(user.id))
            .order_by_asc(shortlist::Column::CreatedAt)
            .order_by_asc(shortlist::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading shortlists", e))?;
        let mut views = Vec::with_capacity(lists.len());
        for list in lists {
            views.push(self.view_of(list).await?);
        }
        Ok(views)
    }

    async fn create_shortlist(
        &self,
        caller: &RequestIdentity,
        name: &str,
    ) -> Result<ShortlistView, AppError> {
        let user = searcher(caller)?;
        let name = checked_name(name)?;
        let count = shortlist::Entity::find()
            .filter(shortlist::Column::OwnerId.eq(user.id))
            .count(&self.db)
            .await
            .map_err(|e| unexpected("counting shortlists", e))?;
        if count >= MAX_SHORTLISTS {
            return Err(AppError::invalid(
                "name",
                format!("最多 {MAX_SHORTLISTS} 个候选名单"),
            ));
        }
        let row = shortlist::ActiveModel {
            owner_id: Set(user.id),
            name: Set(name),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => conflict_on_name("已有同名的候选名单"),
            _ => unexpected("creating a shortlist", e),
        })?;
        self.view_of(row).await
    }

    async fn delete_shortlist(&self, caller: &RequestIdentity, id: i32) -> Result<(), AppError> {
        let user = searcher(caller)?;
        let list = self.own_shortlist(user, id).await?;
        shortlist_entry::Entity::delete_many()
            .filter(shortlist_entry::Column::ShortlistId.eq(list.id))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected("deleting a shortlist", e))?;
        shortlist::Entity::delete_by_id(list.id)
            .exec(&self.db)
            .await
            .map_err(|e| unexpected("deleting a shortlist", e))?;
        Ok(())
    }

    async fn shortlist_worker(
        &self,
        caller: &RequestIdentity,
        shortlist_id: i32,
        worker_id: i32,
    ) -> Result<ShortlistView, AppError> {
        let user = searcher(caller)?;
        let list = self.own_shortlist(user, shortlist_id).await?;
        // Only workers search shows can be shortlisted: the card is what the list shows.
        self.profile(caller, worker_id).await?;
        let count = shortlist_entry::Entity::find()
            .filter(shortlist_entry::Column::ShortlistId.eq(list.id))
            .count(&self.db)
            .await
            .map_err(|e| unexpected("counting a shortlist", e))?;
        if count >= MAX_SHORTLIST_WORKERS {
            return Err(AppError::invalid(
                "worker_id",
                format!("一个候选名单最多 {MAX_SHORTLIST_WORKERS} 人"),
            ));
        }
        shortlist_entry::Entity::insert(shortlist_entry::ActiveModel {
            shortlist_id: Set(list.id),
            worker_id: Set(worker_id),
            added_at: Set(Utc::now()),
            ..Default::default()
        })
        .on_conflict_do_nothing_on([
            shortlist_entry::Column::ShortlistId,
            shortlist_entry::Column::WorkerId,
        ])
        .exec(&self.db)
        .await
        .map_err(|e| unexpected("adding to a shortlist", e))?;
        self.view_of(list).await
    }

    async fn unshortlist_worker(
        &self,
        caller: &RequestIdentity,
        shortlist_id: i32,
        worker_id: i32,
    ) -> Result<ShortlistView, AppError> {
        let user = searcher(caller)?;
        let list = self.own_shortlist(user, shortlist_id).await?;
        shortlist_entry::Entity::delete_many()
            .filter(shortlist_entry::Column::ShortlistId.eq(list.id))
            .filter(shortlist_entry::Column::WorkerId.eq(worker_id))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected("removing from a shortlist", e))?;
        self.view_of(list).await
    }

    async fn saved_searches(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<SavedSearchView>, AppError> {
        let user = searcher(caller)?;
        let rows = saved_search::Entity::find()
            .filter(saved_search::Column::OwnerId.eq(user.id))
            .order_by_asc(saved_search::Column::CreatedAt)
            .order_by_asc(saved_search::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading saved searches", e))?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            views.push(self.saved_view(row).await?);
        }
        Ok(views)
    }

    async fn save_search(
        &self,
        caller: &RequestIdentity,
        name: &str,
        query_string: &str,
    ) -> Result<SavedSearchView, AppError> {
        let user = searcher(caller)?;
        let name = checked_name(name)?;
        let request = params_from_query_string(query_string)?
            .check()
            .map_err(|e| {
                AppError::invalid(
                    "query_string",
                    format!("搜索条件 {}：{}", e.field, e.message),
                )
            })?;
        let mut request = request;
        request.page = 1;
        let now = Utc::now();
        let row = saved_search::ActiveModel {
            owner_id: Set(user.id),
            name: Set(name),
            query_string: Set(query_string_of(&request)),
            last_visited_at: Set(now),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => conflict_on_name("已有同名的保存搜索"),
            _ => unexpected("saving a search", e),
        })?;
        self.saved_view(row).await
    }

    async fn visit_saved_search(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<String, AppError> {
        let user = searcher(caller)?;
        let row = saved_search::Entity::find_by_id(id)
            .filter(saved_search::Column::OwnerId.eq(user.id))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a saved search", e))?
            .ok_or_else(|| AppError::with_message(ErrorCode::NotFound, "没有这个保存的搜索"))?;
        let query_string = row.query_string.clone();
        let mut active: saved_search::ActiveModel = row.into();
        active.last_visited_at = Set(Utc::now());
        active
            .update(&self.db)
            .await
            .map_err(|e| unexpected("marking a saved search visited", e))?;
        Ok(query_string)
    }

    async fn delete_saved_search(&self, caller: &RequestIdentity, id: i32) -> Result<(), AppError> {
        let user = searcher(caller)?;
        let result = saved_search::Entity::delete_many()
            .filter(saved_search::Column::Id.eq(id))
            .filter(saved_search::Column::OwnerId.eq(user.id))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected("deleting a saved search", e))?;
        if result.rows_affected == 0 {
            return Err(AppError::with_message(
                ErrorCode::NotFound,
                "没有这个保存的搜索",
            ));
        }
        Ok(())
    }

    async fn unmet_demand(
        &self,
        caller: &RequestIdentity,
    ) -> Result<Vec<UnmetSearchView>, AppError> {
        let user = county_official(caller)?;
        let mut find = unmet_search::Entity::find();
        if let Scope::County { code } = &user.scope {
            find = find.filter(
                Condition::any()
                    .add(unmet_search::Column::CountyCode.eq(code.clone()))
                    .add(unmet_search::Column::CountyCode.is_null()),
            );
        }
        let rows = find
            .order_by_desc(unmet_search::Column::CreatedAt)
            .order_by_desc(unmet_search::Column::Id)
            .limit(UNMET_LISTED)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("loading unmet demand", e))?;
        let vocabulary = self.vocabulary().await?;
        Ok(rows
            .into_iter()
            .map(|r| UnmetSearchView {
                query: r.query,
                filters: r.filters,
                county: r
                    .county_code
                    .map(|c| vocabulary.county_names.get(&c).cloned().unwrap_or(c)),
                employer_region: r
                    .employer_region_code
                    .map(|c| vocabulary.region_names.get(&c).cloned().unwrap_or(c)),
                searched_at: (r.created_at + chrono::TimeDelta::hours(8))
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            })
            .collect())
    }
}
