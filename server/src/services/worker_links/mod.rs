//! A worker's own link: issuing (the company, for its own workers; the old link stops
//! working), revoking, and the public badge a scan opens. The token is 24 random bytes, kept
//! only as its SHA-256 like a session id, so a database reader cannot rebuild a code; scans
//! are rate-limited per address and a dead code says why without naming anyone.

mod sheet;

use crate::auth::rate_limit::SharedLimit;
use crate::crypto::{PiiKind, PiiVault};
use crate::db::entities::{brand, brand_membership, company, worker, worker_link};
use crate::services::brands::{audit_entry, signed_in};
use crate::services::events::EventService;
use crate::services::roster::{Actor, RosterService};
use crate::services::search::SearchService;
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::events::EventsDesk;
use app::api::types::{ConsentInput, WorkerChange};
use app::api::worker_links::{BadgeView, IssuedLink, SelfView, WorkerLinkDesk};
use app::api::{AppError, ErrorCode};
use app::domain::brand::CertificateStatus;
use app::domain::role::Scope;
use app::domain::roster::CertificateLevel;
use app::domain::search::masked_name;
use app::domain::worker_link::{
    LINK_VALID_DAYS, LinkState, SCANS_PER_MINUTE, SELF_ATTEMPTS_PER_TEN_MINUTES,
    SELF_CONSENT_METHOD, SHEET_MAX_WORKERS, id_suffix_matches,
};
use async_trait::async_trait;
use chrono::{TimeDelta, Utc};
use qrcode::QrCode;
use qrcode::render::svg;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub struct WorkerLinkService {
    db: DatabaseConnection,
    roster: Arc<RosterService>,
    search: Arc<SearchService>,
    vault: PiiVault,
    scans: SharedLimit,
    /// Tries of the ID-number ending, per link.
    self_tries: SharedLimit,
    /// The CJK font the printed sheet embeds (setting contract_font).
    font_path: PathBuf,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// The QR code of `url` as an SVG document.
///
/// # Errors
/// `Internal` when the address is too long for a QR code (it never is).
pub fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = QrCode::new(url.as_bytes()).map_err(|e| unexpected("drawing a QR code", e))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build())
}

/// A new link for the worker in `txn`, their live ones revoked and the issue audited: its
/// address and last valid day (Beijing).
async fn replace_link(
    txn: &DatabaseTransaction,
    caller: &RequestIdentity,
    worker_id: i32,
    origin: &str,
) -> Result<(String, String), AppError> {
    let user = signed_in(caller)?;
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let url = format!("{}/v/{token}", origin.trim_end_matches('/'));
    let now = Utc::now();
    let expires_at = now + TimeDelta::days(LINK_VALID_DAYS);
    let fail = |e| unexpected("issuing a worker's link", e);
    worker_link::Entity::update_many()
        .col_expr(worker_link::Column::RevokedAt, Expr::value(Some(now)))
        .filter(worker_link::Column::WorkerId.eq(worker_id))
        .filter(worker_link::Column::RevokedAt.is_null())
        .exec(txn)
        .await
        .map_err(fail)?;
    worker_link::ActiveModel {
        worker_id: Set(worker_id),
        token_hash: Set(token_hash(&token)),
        created_by: Set(Some(user.id)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(fail)?;
    audit::record(
        txn,
        audit_entry(
            caller,
            "worker.link_issue",
            format!("worker:{worker_id}"),
            None,
        ),
    )
    .await
    .map_err(fail)?;
    let valid_until = (expires_at + TimeDelta::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    Ok((url, valid_until))
}

impl WorkerLinkService {
    pub fn new(
        db: DatabaseConnection,
        roster: Arc<RosterService>,
        search: Arc<SearchService>,
        vault: PiiVault,
        font_path: PathBuf,
    ) -> Self {
        Self {
            scans: SharedLimit::new(
                db.clone(),
                "badge-scan",
                SCANS_PER_MINUTE,
                Duration::from_secs(60),
            ),
            self_tries: SharedLimit::new(
                db.clone(),
                "badge-self",
                SELF_ATTEMPTS_PER_TEN_MINUTES,
                Duration::from_secs(600),
            ),
            db,
            roster,
            search,
            vault,
            font_path,
        }
    }

    /// A scanned token's live link and worker: rate-limited per address, 404 for an unknown
    /// token, 410 (saying which) for a revoked or expired one or a worker no longer on a roster.
    async fn live_link(
        &self,
        caller: &RequestIdentity,
        token: &str,
    ) -> Result<(worker_link::Model, worker::Model), AppError> {
        if !self.scans.allow(&caller.client_ip.to_string()).await {
            return Err(AppError::with_message(
                ErrorCode::RateLimited,
                "扫码过于频繁，请一分钟后再试",
            ));
        }
        let fail = |e| unexpected("reading a worker's link", e);
        let invalid = || AppError::with_message(ErrorCode::NotFound, "二维码无效：没有这个链接");
        if token.trim().len() != 48 || !token.trim().bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid());
        }
        let link = worker_link::Entity::find()
            .filter(worker_link::Column::TokenHash.eq(token_hash(token)))
            .one(&self.db)
            .await
            .map_err(fail)?
            .ok_or_else(invalid)?;
        let state = LinkState::of(link.revoked_at.is_some(), Utc::now() >= link.expires_at);
        if let Some(refusal) = state.refusal() {
            return Err(AppError::with_message(ErrorCode::Gone, refusal));
        }
        let person = worker::Entity::find_by_id(link.worker_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .filter(|w| w.active)
            .ok_or_else(|| {
                AppError::with_message(ErrorCode::Gone, "持码人已不在劳务公司花名册上。")
            })?;
        Ok((link, person))
    }

    /// The link's worker, once the last six characters of their ID number are right.
    async fn own_link(
        &self,
        caller: &RequestIdentity,
        token: &str,
        id_suffix: &str,
    ) -> Result<(worker_link::Model, worker::Model), AppError> {
        let (link, person) = self.live_link(caller, token).await?;
        if !self.self_tries.allow(&link.id.to_string()).await {
            return Err(AppError::with_message(
                ErrorCode::RateLimited,
                "尝试次数过多，请十分钟后再试",
            ));
        }
        let id_number = self
            .vault
            .decrypt(PiiKind::IdNumber, &person.id_number_enc)
            .map_err(|e| unexpected("decrypting an ID number", e))?;
        if !id_suffix_matches(&id_number, id_suffix) {
            return Err(AppError::invalid("id_suffix", "身份证号后六位不对"));
        }
        Ok((link, person))
    }

    async fn self_of(&self, person: worker::Model) -> Result<SelfView, AppError> {
        let disclosures = crate::services::audit::disclosures_of(&self.db, person.id).await?;
        let contracts = crate::services::contracts::awaiting_worker(&self.db, person.id).await?;
        let as_employers_see = self.search.as_employers_see(person.id).await?;
        Ok(SelfView {
            masked_name: masked_name(&person.name),
            consent: person.consent_at.map(|at| {
                format!(
                    "{} · {}",
                    (at + TimeDelta::hours(8)).format("%Y-%m-%d"),
                    person.consent_method.clone().unwrap_or_default()
                )
            }),
            published: as_employers_see.is_some(),
            as_employers_see,
            disclosures,
            contracts,
        })
    }

    /// The caller's company's worker, or 404.
    async fn own_worker(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
    ) -> Result<worker::Model, AppError> {
        let user = signed_in(caller)?;
        let Scope::Company { id: company_id } = user.scope else {
            return Err(AppError::new(ErrorCode::Forbidden));
        };
        worker::Entity::find_by_id(worker_id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a worker", e))?
            .filter(|w| w.company_id == company_id)
            .ok_or_else(|| AppError::with_message(ErrorCode::NotFound, "花名册上没有这位劳动者"))
    }

    async fn brand_of(&self, company_id: i32) -> Result<Option<brand::Model>, AppError> {
        let fail = |e| unexpected("loading a company's brand", e);
        let Some(membership) = brand_membership::Entity::find()
            .filter(brand_membership::Column::CompanyId.eq(company_id))
            .filter(brand_membership::Column::Status.eq("approved"))
            .order_by_asc(brand_membership::Column::Id)
            .one(&self.db)
            .await
            .map_err(fail)?
        else {
            return Ok(None);
        };
        brand::Entity::find_by_id(membership.brand_id)
            .one(&self.db)
            .await
            .map_err(fail)
    }
}

#[async_trait]
impl WorkerLinkDesk for WorkerLinkService {
    async fn issue(
        &self,
        caller: &RequestIdentity,
        worker_id: i32,
        origin: &str,
    ) -> Result<IssuedLink, AppError> {
        let person = self.own_worker(caller, worker_id).await?;
        let fail = |e| unexpected("issuing a worker's link", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let (url, valid_until) = replace_link(&txn, caller, person.id, origin).await?;
        let qr_svg = qr_svg(&url)?;
        txn.commit().await.map_err(fail)?;
        Ok(IssuedLink {
            worker_id: person.id,
            url,
            qr_svg,
            valid_until,
        })
    }

    async fn revoke(&self, caller: &RequestIdentity, worker_id: i32) -> Result<(), AppError> {
        let person = self.own_worker(caller, worker_id).await?;
        let fail = |e| unexpected("revoking a worker's link", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let revoked = worker_link::Entity::update_many()
            .col_expr(
                worker_link::Column::RevokedAt,
                Expr::value(Some(Utc::now())),
            )
            .filter(worker_link::Column::WorkerId.eq(person.id))
            .filter(worker_link::Column::RevokedAt.is_null())
            .exec(&txn)
            .await
            .map_err(fail)?;
        if revoked.rows_affected == 0 {
            return Err(AppError::with_message(
                ErrorCode::Conflict,
                "这位劳动者没有可作废的二维码",
            ));
        }
        audit::record(
            &txn,
            audit_entry(
                caller,
                "worker.link_revoke",
                format!("worker:{}", person.id),
                None,
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)
    }

    async fn badge(&self, caller: &RequestIdentity, token: &str) -> Result<BadgeView, AppError> {
        let (link, person) = self.live_link(caller, token).await?;
        let fail = |e| unexpected("reading a worker's badge", e);
        let company_name = company::Entity::find_by_id(person.company_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .map(|c| c.name)
            .unwrap_or_default();
        let brand = self.brand_of(person.company_id).await?;
        let attested_work = self.search.attested_work(person.id).await?;
        // The badge names nobody: not even the masked name the awards carry elsewhere.
        let awards = EventService::new(self.db.clone())
            .worker_awards(person.id)
            .await?
            .into_iter()
            .map(|mut a| {
                a.display_name.clear();
                a.worker_id = 0;
                a
            })
            .collect();
        let status = CertificateStatus::from_code(&person.certificate_status);
        Ok(BadgeView {
            brand_name: brand.as_ref().map(|b| b.name.clone()),
            brand_slug: brand.map(|b| b.slug),
            company_name,
            occupations: person
                .occupations
                .split('、')
                .filter(|o| !o.is_empty())
                .map(str::to_string)
                .collect(),
            certificate_level: person
                .certificate_level
                .as_deref()
                .and_then(CertificateLevel::from_code)
                .map(|l| l.label().to_string()),
            certificate_status: status.label().to_string(),
            certificate_verified: status == CertificateStatus::Verified,
            attested_work,
            awards,
            valid_until: (link.expires_at + TimeDelta::hours(8))
                .format("%Y-%m-%d")
                .to_string(),
        })
    }

    async fn self_view(
        &self,
        caller: &RequestIdentity,
        token: &str,
        id_suffix: &str,
    ) -> Result<SelfView, AppError> {
        let (_, person) = self.own_link(caller, token, id_suffix).await?;
        self.self_of(person).await
    }

    async fn self_consent(
        &self,
        caller: &RequestIdentity,
        token: &str,
        id_suffix: &str,
        give: bool,
    ) -> Result<SelfView, AppError> {
        let (_, person) = self.own_link(caller, token, id_suffix).await?;
        let change = if give {
            WorkerChange::GiveConsent(ConsentInput {
                method: SELF_CONSENT_METHOD.to_string(),
                scope: "向认证用工单位展示技能、等级、求职意向和简介".to_string(),
            })
        } else {
            WorkerChange::WithdrawConsent
        };
        // The worker acts without an account: the audit names the role and the address.
        let actor = Actor {
            user_id: None,
            role: Some("worker".to_string()),
            client_ip: Some(caller.client_ip.to_string()),
        };
        self.roster
            .change_worker(person.company_id, person.id, change, &actor)
            .await?;
        let person = worker::Entity::find_by_id(person.id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("reloading a worker", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        self.self_of(person).await
    }

    async fn confirm_contract(
        &self,
        caller: &RequestIdentity,
        token: &str,
        id_suffix: &str,
        contract_id: i32,
        content_hash: &str,
    ) -> Result<SelfView, AppError> {
        let (link, person) = self.own_link(caller, token, id_suffix).await?;
        crate::services::contracts::confirm_by_worker(
            &self.db,
            caller,
            person.id,
            link.id,
            contract_id,
            content_hash,
        )
        .await?;
        self.self_of(person).await
    }

    async fn qr_sheet(
        &self,
        caller: &RequestIdentity,
        worker_ids: &[i32],
        origin: &str,
    ) -> Result<Vec<u8>, AppError> {
        let user = signed_in(caller)?;
        let Scope::Company { id: company_id } = user.scope else {
            return Err(AppError::new(ErrorCode::Forbidden));
        };
        let mut wanted: Vec<i32> = worker_ids.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Err(AppError::invalid("worker_id", "请至少选择一位劳动者"));
        }
        if wanted.len() > SHEET_MAX_WORKERS {
            return Err(AppError::invalid(
                "worker_id",
                format!("一次最多打印 {SHEET_MAX_WORKERS} 人的二维码"),
            ));
        }
        let fail = |e| unexpected("printing workers' QR codes", e);
        let people = worker::Entity::find()
            .filter(worker::Column::Id.is_in(wanted.clone()))
            .filter(worker::Column::CompanyId.eq(company_id))
            .filter(worker::Column::Active.eq(true))
            .order_by_asc(worker::Column::Name)
            .all(&self.db)
            .await
            .map_err(fail)?;
        if let Some(missing) = wanted
            .iter()
            .find(|id| !people.iter().any(|p| p.id == **id))
        {
            return Err(AppError::invalid(
                "worker_id",
                format!("花名册上没有编号为 {missing} 的在册劳动者"),
            ));
        }
        let brand = self
            .brand_of(company_id)
            .await?
            .map(|b| b.name)
            .unwrap_or_default();
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let mut cards = Vec::with_capacity(people.len());
        for person in &people {
            let (url, valid_until) = replace_link(&txn, caller, person.id, origin).await?;
            cards.push(sheet::SheetCard {
                name: person.name.clone(),
                brand: brand.clone(),
                trades: person.occupations.clone(),
                valid_until,
                url,
            });
        }
        // Drawn before the commit: a sheet that cannot be printed revokes nobody's code.
        let font_path = self.font_path.clone();
        let pdf = tokio::task::spawn_blocking(move || sheet::render(&cards, &font_path))
            .await
            .map_err(|e| unexpected("drawing a QR sheet", e))??;
        txn.commit().await.map_err(fail)?;
        Ok(pdf)
    }
}
