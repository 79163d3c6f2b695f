//! From database rows to search documents: which workers are searchable, and what employers may
//! see of them. Never ID number, phone or 建档立卡 status.

use super::Fields;
use crate::db::entities::{brand, brand_membership, county, region, worker, worker_certificate};
use app::api::types::SearchHit;
use app::domain::brand::{CertificateStatus, MembershipStatus};
use app::domain::calendar::CalendarDate;
use app::domain::roster::{CertificateLevel, is_published};
use app::domain::search::{is_searchable, level_rank, masked_name};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::{BTreeSet, HashMap};
use tantivy::TantivyDocument;
use tantivy::schema::Facet;

/// Names of counties, regions and brands, loaded once per batch.
#[derive(Debug, Default, Clone)]
pub struct Names {
    pub counties: HashMap<String, String>,
    /// Region code → short name (北京).
    pub regions: HashMap<String, String>,
    pub brands: HashMap<i32, brand::Model>,
}

impl Names {
    /// # Errors
    /// Database errors.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Names {
            counties: county::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.code, c.name))
                .collect(),
            regions: region::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|r| (r.code, r.short_name))
                .collect(),
            brands: brand::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|b| (b.id, b))
                .collect(),
        })
    }
}

/// What decides between workers of equal score, in order: the verified certificate level,
/// then attested experience, then the most recently updated (to the second), then the lowest
/// worker id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TieBreak {
    /// The verified level's rank (1 五级 … 5 一级), else 0.
    pub verified_rank: u64,
    pub experience_years: u64,
    pub updated_secs: u64,
    pub worker_id: u64,
}

const RANK_BITS: u32 = 3;
const EXPERIENCE_BITS: u32 = 7;
/// Seconds since 1970 until the year 2514.
const UPDATED_BITS: u32 = 34;
/// Ids below 2^20 - 1 are told apart inside the key; above, the worker id column decides.
const ID_BITS: u32 = 64 - RANK_BITS - EXPERIENCE_BITS - UPDATED_BITS;

/// The tie-break as one number, larger is better, which segments are sorted by (descending):
/// the bits of each part from the first to decide to the last, each part capped to its bits.
/// Ordering by (`rank_key`, then lowest `worker_id`) is exactly the [`TieBreak`] order for any
/// experience under 128 years, so the key never contradicts the full order; it only leaves
/// workers with ids of 2^20 - 1 or more to the id column.
pub fn rank_key(tie: TieBreak) -> u64 {
    let capped = |value: u64, bits: u32| value.min((1 << bits) - 1);
    let id_part = (1 << ID_BITS) - 1 - capped(tie.worker_id, ID_BITS);
    (capped(tie.verified_rank, RANK_BITS) << (64 - RANK_BITS))
        | (capped(tie.experience_years, EXPERIENCE_BITS) << (UPDATED_BITS + ID_BITS))
        | (capped(tie.updated_secs, UPDATED_BITS) << ID_BITS)
        | id_part
}

/// A searchable worker as the index holds them.
#[derive(Debug, Clone)]
pub struct WorkerDocument {
    pub id: i32,
    pub name: String,
    /// (slug, name) of the approved brands whose trades the worker has.
    pub brands: Vec<(String, String)>,
    pub county: Option<(String, String)>,
    pub occupations: Vec<String>,
    pub certificate_words: Vec<String>,
    pub level: Option<CertificateLevel>,
    pub verified: bool,
    pub experience_years: Option<i32>,
    pub wage_yuan: Option<i64>,
    pub regions: Vec<(String, String)>,
    pub available_from: Option<CalendarDate>,
    pub birth_date: Option<CalendarDate>,
    pub sex: String,
    pub bio: String,
    pub updated_secs: u64,
    pub published_secs: u64,
}

fn split_list(text: &str, separators: &[char]) -> Vec<String> {
    text.split(separators)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The worker columns a search document is made of: no ciphertexts, hashes or consent text,
/// which halves what a rebuild reads.
#[derive(Debug, Clone, FromQueryResult)]
pub struct SearchRow {
    pub id: i32,
    pub company_id: i32,
    pub name: String,
    pub birth_date: String,
    pub sex: String,
    pub household_county_code: Option<String>,
    pub occupations: String,
    pub certificate_level: Option<String>,
    pub certificate_issuer: Option<String>,
    pub certificate_status: String,
    pub years_experience: Option<i32>,
    pub expected_wage_fen: Option<i64>,
    pub target_regions: String,
    pub available_from: Option<String>,
    pub bio: String,
    pub active: bool,
    pub consent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub placed_since: Option<chrono::DateTime<chrono::Utc>>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Published, not-placed workers; their company's membership is checked per batch.
pub fn published_workers() -> sea_orm::Select<worker::Entity> {
    worker::Entity::find()
        .filter(worker::Column::Active.eq(true))
        .filter(worker::Column::ConsentAt.is_not_null())
        .filter(worker::Column::PlacedSince.is_null())
}

/// Runs `select` for [`SearchRow`]'s columns only.
async fn search_rows(
    db: &impl ConnectionTrait,
    select: sea_orm::Select<worker::Entity>,
) -> Result<Vec<SearchRow>, DbErr> {
    use worker::Column as C;
    select
        .select_only()
        .columns([
            C::Id,
            C::CompanyId,
            C::Name,
            C::BirthDate,
            C::Sex,
            C::HouseholdCountyCode,
            C::Occupations,
            C::CertificateLevel,
            C::CertificateIssuer,
            C::CertificateStatus,
            C::YearsExperience,
            C::ExpectedWageFen,
            C::TargetRegions,
            C::AvailableFrom,
            C::Bio,
            C::Active,
            C::ConsentAt,
            C::PlacedSince,
            C::UpdatedAt,
        ])
        .into_model::<SearchRow>()
        .all(db)
        .await
}

/// Loads the searchable ones among `workers`: the rest are not returned (and must be removed
/// from the index).
///
/// # Errors
/// Database errors.
pub async fn documents_of(
    db: &impl ConnectionTrait,
    names: &Names,
    workers: Vec<SearchRow>,
) -> Result<Vec<WorkerDocument>, DbErr> {
    if workers.is_empty() {
        return Ok(Vec::new());
    }
    let company_ids: BTreeSet<i32> = workers.iter().map(|w| w.company_id).collect();
    let mut memberships: HashMap<i32, Vec<i32>> = HashMap::new();
    for m in brand_membership::Entity::find()
        .filter(brand_membership::Column::CompanyId.is_in(company_ids))
        .filter(brand_membership::Column::Status.eq(MembershipStatus::Approved.code()))
        .all(db)
        .await?
    {
        memberships
            .entry(m.company_id)
            .or_default()
            .push(m.brand_id);
    }
    let worker_ids: Vec<i32> = workers.iter().map(|w| w.id).collect();
    let mut further: HashMap<i32, Vec<worker_certificate::Model>> = HashMap::new();
    for c in worker_certificate::Entity::find()
        .filter(worker_certificate::Column::WorkerId.is_in(worker_ids))
        .all(db)
        .await?
    {
        further.entry(c.worker_id).or_default().push(c);
    }
    let mut out = Vec::with_capacity(workers.len());
    for w in workers {
        let member_of = memberships.get(&w.company_id);
        if !is_searchable(
            is_published(w.active, w.consent_at.is_some()),
            w.placed_since.is_some(),
            member_of.is_some(),
        ) {
            continue;
        }
        let certificates = further.remove(&w.id).unwrap_or_default();
        out.push(document_of(
            w,
            certificates,
            member_of.map_or(&[][..], Vec::as_slice),
            names,
        ));
    }
    Ok(out)
}

fn document_of(
    w: SearchRow,
    certificates: Vec<worker_certificate::Model>,
    member_of: &[i32],
    names: &Names,
) -> WorkerDocument {
    let mut occupations = split_list(&w.occupations, &['、', ',', '，']);
    let mut certificate_words = Vec::new();
    // (level, verified) of every certificate the worker holds.
    let mut held: Vec<(CertificateLevel, bool)> = Vec::new();
    if let Some(level) = w
        .certificate_level
        .as_deref()
        .and_then(CertificateLevel::from_code)
    {
        held.push((
            level,
            w.certificate_status == CertificateStatus::Verified.code(),
        ));
        certificate_words.push(level.label().to_string());
        certificate_words.extend(w.certificate_issuer.clone());
        certificate_words.extend(occupations.iter().cloned());
    }
    for c in &certificates {
        if let Some(level) = CertificateLevel::from_code(&c.level) {
            held.push((level, c.status == CertificateStatus::Verified.code()));
            certificate_words.push(level.label().to_string());
        }
        certificate_words.push(c.occupation.clone());
        certificate_words.extend(c.issuer.clone());
        if !occupations.contains(&c.occupation) {
            occupations.push(c.occupation.clone());
        }
    }
    // Shown: the best verified level, else the best level at all (unverified).
    let best = |only_verified: bool| {
        held.iter()
            .filter(|(_, verified)| *verified || !only_verified)
            .map(|(level, _)| *level)
            .max_by_key(|level| level_rank(Some(*level)))
    };
    let (level, verified) = match best(true) {
        Some(level) => (Some(level), true),
        None => (best(false), false),
    };
    let mut brands: Vec<(String, String)> = member_of
        .iter()
        .filter_map(|id| names.brands.get(id))
        .filter(|b| {
            split_list(&b.occupations, &['、', ',', '，'])
                .iter()
                .any(|o| occupations.contains(o))
        })
        .map(|b| (b.slug.clone(), b.name.clone()))
        .collect();
    brands.sort();
    brands.dedup();
    let county = w.household_county_code.as_ref().map(|code| {
        (
            code.clone(),
            names
                .counties
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.clone()),
        )
    });
    let regions = split_list(&w.target_regions, &[',', '、'])
        .into_iter()
        .map(|code| {
            let name = names
                .regions
                .get(&code)
                .cloned()
                .unwrap_or_else(|| code.clone());
            (code, name)
        })
        .collect();
    WorkerDocument {
        id: w.id,
        name: w.name,
        brands,
        county,
        occupations,
        certificate_words,
        level,
        verified,
        experience_years: w.years_experience,
        wage_yuan: w.expected_wage_fen.map(|fen| fen / 100),
        regions,
        available_from: w
            .available_from
            .as_deref()
            .and_then(|d| CalendarDate::parse(d).ok()),
        birth_date: CalendarDate::parse(&w.birth_date).ok(),
        sex: w.sex,
        bio: w.bio,
        updated_secs: u64::try_from(w.updated_at.timestamp()).unwrap_or(0),
        published_secs: w
            .consent_at
            .map_or(0, |at| u64::try_from(at.timestamp()).unwrap_or(0)),
    }
}

/// Loads documents for these worker ids; ids not returned are not searchable.
///
/// # Errors
/// Database errors.
pub async fn documents_for_ids(
    db: &impl ConnectionTrait,
    names: &Names,
    ids: &[i32],
) -> Result<Vec<WorkerDocument>, DbErr> {
    // Not published: not returned, so the caller's delete-by-id removes the worker.
    let select = published_workers().filter(worker::Column::Id.is_in(ids.iter().copied()));
    let workers = search_rows(db, select).await?;
    documents_of(db, names, workers).await
}

/// One page of workers in id order, for rebuilding.
#[derive(Debug)]
pub struct Page {
    pub documents: Vec<WorkerDocument>,
    /// The last worker id read; `None` when there were no more workers.
    pub last_id: Option<i32>,
    pub read: u64,
}

/// The page of workers after `after_id`, with the searchable ones as documents.
///
/// # Errors
/// Database errors.
pub async fn documents_after(
    db: &impl ConnectionTrait,
    names: &Names,
    after_id: i32,
    limit: u64,
) -> Result<Page, DbErr> {
    let select = published_workers()
        .filter(worker::Column::Id.gt(after_id))
        .order_by_asc(worker::Column::Id)
        .limit(limit);
    let workers = search_rows(db, select).await?;
    let last_id = workers.last().map(|w| w.id);
    let read = workers.len() as u64;
    Ok(Page {
        documents: documents_of(db, names, workers).await?,
        last_id,
        read,
    })
}

fn facet(value: &str) -> Facet {
    Facet::from_path([value])
}

impl WorkerDocument {
    /// The card employers see, as of `today` (the age changes with it), without a score.
    pub fn card(&self, today: CalendarDate) -> SearchHit {
        SearchHit {
            id: self.id,
            display_name: masked_name(&self.name),
            brand: self.brands.first().map(|(_, name)| name.clone()),
            brand_slug: self.brands.first().map(|(slug, _)| slug.clone()),
            county: self.county.as_ref().map(|(_, name)| name.clone()),
            occupations: self.occupations.clone(),
            certificate_level: self.level.map(|l| l.label().to_string()),
            verified: self.verified,
            experience_years: self.experience_years,
            expected_wage_yuan: self.wage_yuan,
            target_regions: self.regions.iter().map(|(_, name)| name.clone()).collect(),
            available_from: self.available_from.map(|d| d.to_string()),
            age: self.birth_date.map(|born| born.age_on(today)),
            sex: match self.sex.as_str() {
                "male" => "男".to_string(),
                "female" => "女".to_string(),
                other => other.to_string(),
            },
            bio: self.bio.clone(),
            score: 0.0,
            attested_work: Vec::new(),
        }
    }

    /// The values of the six facets, in [`super::facet_key::FACET_FIELDS`] order: both the
    /// facet fields (for filters) and the facet key (for counts) are made from them.
    fn facet_values(&self) -> [Vec<&str>; 6] {
        [
            self.county.iter().map(|(code, _)| code.as_str()).collect(),
            self.brands.iter().map(|(slug, _)| slug.as_str()).collect(),
            self.occupations.iter().map(String::as_str).collect(),
            self.level.iter().map(|l| l.code()).collect(),
            self.regions.iter().map(|(code, _)| code.as_str()).collect(),
            vec![self.sex.as_str()],
        ]
    }

    pub fn to_tantivy(&self, f: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.worker_id, u64::try_from(self.id).unwrap_or(0));
        doc.add_text(f.name, &self.name);
        for (_, name) in &self.brands {
            doc.add_text(f.brand_text, name);
        }
        for occupation in &self.occupations {
            doc.add_text(f.occupation_text, occupation);
        }
        doc.add_text(f.certificate_text, self.certificate_words.join(" "));
        doc.add_text(f.bio, &self.bio);
        // Everything but the person's name, spelled: a Latin query finds any of these words.
        for (_, name) in &self.brands {
            doc.add_text(f.pinyin, name);
        }
        for occupation in &self.occupations {
            doc.add_text(f.pinyin, occupation);
        }
        doc.add_text(f.pinyin, self.certificate_words.join(" "));
        doc.add_text(f.pinyin, &self.bio);
        let facet_values = self.facet_values();
        let facet_fields = [f.county, f.brand, f.occupation, f.level, f.region, f.sex];
        for (field, values) in facet_fields.iter().zip(&facet_values) {
            for value in values {
                doc.add_facet(*field, facet(value));
            }
        }
        doc.add_text(f.facet_key, super::facet_key::encode(facet_values));
        let rank = level_rank(self.level);
        doc.add_u64(f.level_rank, rank);
        doc.add_u64(f.verified, u64::from(self.verified));
        doc.add_u64(
            f.rank_key,
            rank_key(TieBreak {
                verified_rank: if self.verified { rank } else { 0 },
                experience_years: self
                    .experience_years
                    .and_then(|y| u64::try_from(y).ok())
                    .unwrap_or(0),
                updated_secs: self.updated_secs,
                worker_id: u64::try_from(self.id).unwrap_or(0),
            }),
        );
        if let Some(wage) = self.wage_yuan.and_then(|w| u64::try_from(w).ok()) {
            doc.add_u64(f.wage_yuan, wage);
        }
        if let Some(birth) = self.birth_date {
            doc.add_i64(f.birth_days, birth.days_since_epoch());
        }
        doc.add_i64(
            f.available_days,
            self.available_from
                .map_or(0, CalendarDate::days_since_epoch),
        );
        doc.add_u64(f.published, self.published_secs);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Reverse;

    fn full_order(tie: TieBreak) -> (u64, u64, u64, Reverse<u64>) {
        (
            tie.verified_rank,
            tie.experience_years,
            tie.updated_secs,
            Reverse(tie.worker_id),
        )
    }

    #[test]
    fn the_rank_key_then_the_id_orders_exactly_as_the_tie_break() {
        // Values at and around every part's edges, the id on both sides of 2^20 - 1.
        let ranks = [0, 1, 4, 5];
        let years = [0, 1, 59, 60, 127];
        let seconds = [0, 1, 1_700_000_000, 1_700_000_001, (1 << 34) - 1];
        let ids = [
            1,
            2,
            1_000_000,
            (1 << 20) - 2,
            (1 << 20) - 1,
            1 << 20,
            5_000_000,
        ];
        let mut ties = Vec::new();
        for verified_rank in ranks {
            for experience_years in years {
                for updated_secs in seconds {
                    for worker_id in ids {
                        ties.push(TieBreak {
                            verified_rank,
                            experience_years,
                            updated_secs,
                            worker_id,
                        });
                    }
                }
            }
        }
        for a in &ties {
            for b in &ties {
                let by_key =
                    (rank_key(*a), Reverse(a.worker_id)).cmp(&(rank_key(*b), Reverse(b.worker_id)));
                assert_eq!(
                    by_key,
                    full_order(*a).cmp(&full_order(*b)),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn workers_with_small_ids_have_keys_of_their_own() {
        let tie = |worker_id| TieBreak {
            verified_rank: 3,
            experience_years: 8,
            updated_secs: 1_800_000_000,
            worker_id,
        };
        assert!(rank_key(tie(7)) > rank_key(tie(8)));
        assert_eq!(rank_key(tie(1 << 20)), rank_key(tie(1 << 21)));
    }
}
