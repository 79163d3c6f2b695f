//! A worker's own link, printed as a QR code on their card and brand badge: how long it lives,
//! and what a scan of a dead one says (and nothing else).

/// A link is valid this long after it is issued.
pub const LINK_VALID_DAYS: i64 = 365;

/// Scans of badge pages allowed per client address per minute.
pub const SCANS_PER_MINUTE: u32 = 30;

/// What a scanned token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Valid,
    Revoked,
    Expired,
}

impl LinkState {
    /// Revocation wins over expiry: the company's act is the more useful news.
    pub fn of(revoked: bool, expired: bool) -> Self {
        match (revoked, expired) {
            (true, _) => LinkState::Revoked,
            (false, true) => LinkState::Expired,
            (false, false) => LinkState::Valid,
        }
    }

    /// What a scan of this link says when it is not valid; it names no worker.
    pub fn refusal(self) -> Option<&'static str> {
        match self {
            LinkState::Valid => None,
            LinkState::Revoked => Some("这个二维码已被劳务公司作废，请向持码人索取新的二维码。"),
            LinkState::Expired => Some("这个二维码已过期，请向持码人索取新的二维码。"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revoked_link_says_so_even_when_it_has_also_expired() {
        assert_eq!(LinkState::of(false, false), LinkState::Valid);
        assert_eq!(LinkState::of(true, true), LinkState::Revoked);
        assert_eq!(LinkState::of(false, true), LinkState::Expired);
        assert_eq!(LinkState::Valid.refusal(), None);
        assert!(LinkState::Revoked.refusal().unwrap().contains("作废"));
        assert!(LinkState::Expired.refusal().unwrap().contains("过期"));
    }
}
