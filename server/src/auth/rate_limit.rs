//! Rate limits counted in the database, so that a limit holds whichever node answers: login
//! attempts per client IP and per account (OWASP ASVS 6.1.1, 6.3.1), registrations, badge scans
//! and a worker's tries at their ID number's ending. A limit only delays: there is no lockout an
//! attacker could use to keep a real user out for long.
//!
//! Each key counts hits in fixed windows; a hit is allowed while the sliding-window estimate
//! (this window's hits plus the previous window's, weighted by how much of that window is still
//! within one window of now) stays within the limit. Nodes asking at the same instant may
//! together let one or two more through: a limit, not a ledger.

use crate::db::entities::rate_limit_window;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Windows older than this are deleted now and then: far longer than any limit's window.
const KEEP_WINDOWS_SECONDS: i64 = 24 * 3600;
/// One hit in this many also deletes old windows.
const SWEEP_EVERY: u64 = 500;

static HITS_SEEN: AtomicU64 = AtomicU64::new(0);

/// The sliding-window estimate of hits within one window of now.
fn estimate(previous: u32, current: u32, seconds_into_window: i64, window: i64) -> f64 {
    let window = window.max(1);
    let still_within = (window - seconds_into_window.clamp(0, window)) as f64 / window as f64;
    f64::from(previous) * still_within + f64::from(current)
}

/// `limit` hits per `window` for each key, under a name that keeps its keys apart.
#[derive(Clone)]
pub struct SharedLimit {
    db: DatabaseConnection,
    name: String,
    limit: u32,
    window: i64,
}

impl SharedLimit {
    pub fn new(
        db: DatabaseConnection,
        name: impl Into<String>,
        limit: u32,
        window: Duration,
    ) -> Self {
        Self {
            db,
            name: name.into(),
            limit: limit.max(1),
            window: i64::try_from(window.as_secs()).unwrap_or(i64::MAX).max(1),
        }
    }

    /// Whether `key` may have one more hit now; an allowed hit is counted. When the database
    /// cannot be asked the hit is allowed (the request that follows needs the database anyway).
    pub async fn allow(&self, key: &str) -> bool {
        match self.try_allow(key, chrono::Utc::now().timestamp()).await {
            Ok(allowed) => allowed,
            Err(e) => {
                tracing::warn!(limit = %self.name, error = %e, "rate limit not checked");
                true
            }
        }
    }

    async fn try_allow(&self, key: &str, now: i64) -> Result<bool, DbErr> {
        use rate_limit_window::Column;
        // Here only: its methods (max, add …) shadow the integers' own everywhere else.
        use sea_orm::sea_query::ExprTrait;
        let key = format!("{}:{key}", self.name);
        let start = now - now.rem_euclid(self.window);
        let rows = rate_limit_window::Entity::find()
            .filter(Column::Key.eq(key.clone()))
            .filter(Column::WindowStart.is_in([start - self.window, start]))
            .all(&self.db)
            .await?;
        let hits_in = |window_start: i64| {
            rows.iter()
                .find(|r| r.window_start == window_start)
                .map_or(0, |r| u32::try_from(r.hits).unwrap_or(0))
        };
        let seen = estimate(
            hits_in(start - self.window),
            hits_in(start),
            now - start,
            self.window,
        );
        if seen + 1.0 > f64::from(self.limit) {
            return Ok(false);
        }
        rate_limit_window::Entity::insert(rate_limit_window::ActiveModel {
            key: Set(key),
            window_start: Set(start),
            hits: Set(1),
        })
        .on_conflict(
            OnConflict::columns([Column::Key, Column::WindowStart])
                .value(
                    Column::Hits,
                    Expr::col((rate_limit_window::Entity, Column::Hits)).add(1),
                )
                .to_owned(),
        )
        .exec(&self.db)
        .await?;
        if HITS_SEEN
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(SWEEP_EVERY)
        {
            rate_limit_window::Entity::delete_many()
                .filter(Column::WindowStart.lt(now - KEEP_WINDOWS_SECONDS))
                .exec(&self.db)
                .await?;
        }
        Ok(true)
    }
}

/// Sign-in (or registration) attempts per client IP and per account name.
#[derive(Clone)]
pub struct LoginLimiter {
    per_ip: SharedLimit,
    per_account: SharedLimit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitHit {
    Ip,
    Account,
}

impl LoginLimiter {
    /// `n` attempts a minute per IP and per account, counted under `purpose` (login,
    /// brand-registration …).
    pub fn new(
        db: DatabaseConnection,
        purpose: &'static str,
        per_ip_per_minute: u32,
        per_account_per_minute: u32,
    ) -> Self {
        let minute = Duration::from_secs(60);
        Self {
            per_ip: SharedLimit::new(
                db.clone(),
                format!("{purpose}-ip"),
                per_ip_per_minute,
                minute,
            ),
            per_account: SharedLimit::new(
                db,
                format!("{purpose}-account"),
                per_account_per_minute,
                minute,
            ),
        }
    }

    /// Counts one attempt; `Err` names the limit that is exhausted.
    ///
    /// # Errors
    /// [`LimitHit`] when the IP or the account has no attempts left.
    pub async fn check(&self, ip: IpAddr, username: &str) -> Result<(), LimitHit> {
        if !self.per_ip.allow(&ip.to_string()).await {
            return Err(LimitHit::Ip);
        }
        if !self.per_account.allow(username).await {
            return Err(LimitHit::Account);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_previous_window_counts_less_as_the_current_one_goes_on() {
        // 10 hits last minute, none yet in this one.
        assert!((estimate(10, 0, 0, 60) - 10.0).abs() < 1e-9);
        assert!((estimate(10, 0, 30, 60) - 5.0).abs() < 1e-9);
        assert!((estimate(10, 0, 60, 60)).abs() < 1e-9);
        assert!((estimate(10, 4, 45, 60) - 6.5).abs() < 1e-9);
    }

    #[test]
    fn a_burst_at_a_window_boundary_is_still_limited() {
        // 3 allowed at the end of one window: at the start of the next they still count.
        let seen = estimate(3, 0, 1, 60);
        assert!(seen + 1.0 > 3.0, "{seen}");
    }
}
