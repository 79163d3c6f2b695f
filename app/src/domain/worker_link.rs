//! A worker's own link, printed as a QR code on their card and brand badge: how long it lives,
//! and what a scan of a dead one says (and nothing else).

/// A link is valid this long after it is issued.
pub const LINK_VALID_DAYS: i64 = 365;

/// Scans of badge pages allowed per client address per minute.
pub const SCANS_PER_MINUTE: u32 = 30;

/// Workers on one printed sheet of QR cards at most (ten A4 pages).
pub const SHEET_MAX_WORKERS: usize = 120;

/// Tries of the ID-number ending allowed per link in ten minutes, right or wrong.
pub const SELF_ATTEMPTS_PER_TEN_MINUTES: u32 = 10;

/// The consent method recorded when the worker gives it on their own link.
pub const SELF_CONSENT_METHOD: &str = "本人扫码确认";

/// Whether `typed` is the last six characters of the worker's ID number (the check character
/// X in either case): what the worker proves, on their own link, that the code is theirs.
pub fn id_suffix_matches(id_number: &str, typed: &str) -> bool {
    let typed = typed.trim();
    let chars: Vec<char> = id_number.trim().chars().collect();
    typed.chars().count() == 6
        && chars.len() >= 6
        && chars[chars.len() - 6..]
            .iter()
            .copied()
            .eq(typed.chars().map(|c| c.to_ascii_uppercase()))
}

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
    fn the_worker_proves_the_code_is_theirs_with_the_last_six_characters() {
        assert!(id_suffix_matches("14102719850312123X", "12123X"));
        assert!(id_suffix_matches("14102719850312123X", "12123x"));
        assert!(id_suffix_matches("141027198503121234", " 121234 "));
        assert!(!id_suffix_matches("141027198503121234", "121235"));
        assert!(!id_suffix_matches("141027198503121234", "21234"));
        assert!(!id_suffix_matches("141027198503121234", ""));
    }

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
