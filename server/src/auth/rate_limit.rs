//! Login rate limits, per client IP and per account (OWASP ASVS 6.1.1, 6.3.1). A limit only
//! delays: there is no lockout an attacker could use to keep a real user out for long.

use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;

/// Forget idle keys once this many are tracked, so a flood of random usernames cannot grow
/// memory without bound.
const MAX_TRACKED_KEYS: usize = 100_000;

pub struct LoginLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitHit {
    Ip,
    Account,
}

impl LoginLimiter {
    /// Each limit allows a burst of `n` attempts, refilled evenly over a minute.
    pub fn new(per_ip_per_minute: u32, per_account_per_minute: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            per_ip: DefaultKeyedRateLimiter::keyed(quota(per_ip_per_minute)),
            per_account: DefaultKeyedRateLimiter::keyed(quota(per_account_per_minute)),
        }
    }

    /// Counts one attempt; `Err` names the limit that is exhausted.
    ///
    /// # Errors
    /// [`LimitHit`] when the IP or the account has no attempts left.
    pub fn check(&self, ip: IpAddr, username: &str) -> Result<(), LimitHit> {
        if self.per_ip.len() > MAX_TRACKED_KEYS {
            self.per_ip.retain_recent();
        }
        if self.per_account.len() > MAX_TRACKED_KEYS {
            self.per_account.retain_recent();
        }
        self.per_ip.check_key(&ip).map_err(|_| LimitHit::Ip)?;
        self.per_account
            .check_key(&username.to_string())
            .map_err(|_| LimitHit::Account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ip_limit_stops_the_attempt_after_the_burst() {
        let limiter = LoginLimiter::new(3, 100);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for n in 0..3 {
            assert_eq!(limiter.check(ip, &format!("user{n}")), Ok(()));
        }
        assert_eq!(limiter.check(ip, "another"), Err(LimitHit::Ip));
        // Another address is unaffected.
        assert_eq!(
            limiter.check("127.0.0.2".parse().unwrap(), "another"),
            Ok(())
        );
    }

    #[test]
    fn the_account_limit_holds_across_addresses() {
        let limiter = LoginLimiter::new(100, 2);
        for last in 1..=2u8 {
            assert_eq!(
                limiter.check(IpAddr::from([10, 0, 0, last]), "admin"),
                Ok(())
            );
        }
        assert_eq!(
            limiter.check(IpAddr::from([10, 0, 0, 9]), "admin"),
            Err(LimitHit::Account)
        );
        assert_eq!(limiter.check(IpAddr::from([10, 0, 0, 9]), "other"), Ok(()));
    }
}
