//! A worker's own link: issuing (the company, for its own workers; the old link stops
//! working), revoking, and the public badge a scan opens. The token is 24 random bytes, kept
//! only as its SHA-256 like a session id, so a database reader cannot rebuild a code; scans
//! are rate-limited per address and a dead code says why without naming anyone.

use crate::db::entities::{brand, brand_membership, company, placement, worker, worker_link};
use crate::services::brands::{audit_entry, signed_in};
use crate::services::events::EventService;
use crate::services::{audit, begin_write, unexpected};
use app::api::context::RequestIdentity;
use app::api::events::EventsDesk;
use app::api::types::AttestedWork;
use app::api::worker_links::{BadgeView, IssuedLink, WorkerLinkDesk};
use app::api::{AppError, ErrorCode};
use app::domain::brand::CertificateStatus;
use app::domain::role::Scope;
use app::domain::roster::CertificateLevel;
use app::domain::worker_link::{LINK_VALID_DAYS, LinkState, SCANS_PER_MINUTE};
use async_trait::async_trait;
use chrono::{TimeDelta, Utc};
use governor::{DefaultKeyedRateLimiter, Quota};
use qrcode::QrCode;
use qrcode::render::svg;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::num::NonZeroU32;

pub struct WorkerLinkService {
    db: DatabaseConnection,
    scans: DefaultKeyedRateLimiter<IpAddr>,
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

impl WorkerLinkService {
    pub fn new(db: DatabaseConnection) -> Self {
        let per_minute = NonZeroU32::new(SCANS_PER_MINUTE).unwrap_or(NonZeroU32::MIN);
        Self {
            db,
            scans: DefaultKeyedRateLimiter::keyed(Quota::per_minute(per_minute)),
        }
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
        let user = signed_in(caller)?;
        let mut bytes = [0u8; 24];
        rand::rng().fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        let url = format!("{}/v/{token}", origin.trim_end_matches('/'));
        let qr_svg = qr_svg(&url)?;
        let now = Utc::now();
        let expires_at = now + TimeDelta::days(LINK_VALID_DAYS);
        let fail = |e| unexpected("issuing a worker's link", e);
        let txn = begin_write(&self.db).await.map_err(fail)?;
        worker_link::Entity::update_many()
            .col_expr(worker_link::Column::RevokedAt, Expr::value(Some(now)))
            .filter(worker_link::Column::WorkerId.eq(person.id))
            .filter(worker_link::Column::RevokedAt.is_null())
            .exec(&txn)
            .await
            .map_err(fail)?;
        worker_link::ActiveModel {
            worker_id: Set(person.id),
            token_hash: Set(token_hash(&token)),
            created_by: Set(Some(user.id)),
            created_at: Set(now),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(fail)?;
        audit::record(
            &txn,
            audit_entry(
                caller,
                "worker.link_issue",
                format!("worker:{}", person.id),
                None,
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)?;
        Ok(IssuedLink {
            worker_id: person.id,
            url,
            qr_svg,
            valid_until: (expires_at + TimeDelta::hours(8))
                .format("%Y-%m-%d")
                .to_string(),
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
        if self.scans.len() > 100_000 {
            self.scans.retain_recent();
        }
        if self.scans.check_key(&caller.client_ip).is_err() {
            return Err(AppError::with_message(
                ErrorCode::RateLimited,
                "扫码过于频繁，请一分钟后再试",
            ));
        }
        let fail = |e| unexpected("reading a worker's badge", e);
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
        let company_name = company::Entity::find_by_id(person.company_id)
            .one(&self.db)
            .await
            .map_err(fail)?
            .map(|c| c.name)
            .unwrap_or_default();
        let brand = self.brand_of(person.company_id).await?;
        let regions = crate::services::region_names(&self.db).await?;
        let attested_work = placement::Entity::find()
            .filter(placement::Column::WorkerId.eq(person.id))
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
            .collect();
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
}
