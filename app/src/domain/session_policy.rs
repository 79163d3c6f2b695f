//! How long a session lives (OWASP ASVS 7.3): an idle timeout and an absolute lifetime,
//! shorter for admins, whose sessions can do the most harm.

use super::role::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLifetime {
    pub idle_seconds: i64,
    pub absolute_seconds: i64,
}

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;

pub fn session_lifetime(role: Role) -> SessionLifetime {
    match role {
        Role::Admin => SessionLifetime {
            idle_seconds: 15 * MINUTE,
            absolute_seconds: 8 * HOUR,
        },
        Role::Employer | Role::Company | Role::Promoter => SessionLifetime {
            idle_seconds: 30 * MINUTE,
            absolute_seconds: 12 * HOUR,
        },
    }
}

/// The longest any session may live; the cookie's Max-Age.
pub const LONGEST_SESSION_SECONDS: i64 = 12 * HOUR;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Live,
    /// Unused for longer than the idle timeout.
    Idle,
    /// Older than the absolute lifetime.
    Expired,
}

/// Judges a session by its timestamps (Unix seconds).
pub fn session_state(
    lifetime: SessionLifetime,
    created_at: i64,
    last_seen_at: i64,
    now: i64,
) -> SessionState {
    if now - created_at >= lifetime.absolute_seconds {
        SessionState::Expired
    } else if now - last_seen_at >= lifetime.idle_seconds {
        SessionState::Idle
    } else {
        SessionState::Live
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_time_out_sooner_than_other_roles() {
        let admin = session_lifetime(Role::Admin);
        let company = session_lifetime(Role::Company);
        assert!(admin.idle_seconds < company.idle_seconds);
        assert!(admin.absolute_seconds < company.absolute_seconds);
        assert!(company.absolute_seconds <= LONGEST_SESSION_SECONDS);
    }

    #[test]
    fn a_session_in_use_lives_until_its_absolute_lifetime() {
        let l = session_lifetime(Role::Employer);
        assert_eq!(session_state(l, 0, 0, 60), SessionState::Live);
        let almost = l.absolute_seconds - 1;
        assert_eq!(session_state(l, 0, almost - 10, almost), SessionState::Live);
        assert_eq!(
            session_state(l, 0, l.absolute_seconds - 1, l.absolute_seconds),
            SessionState::Expired
        );
    }

    #[test]
    fn an_unused_session_ends_after_the_idle_timeout() {
        let l = session_lifetime(Role::Admin);
        assert_eq!(
            session_state(l, 0, 100, 100 + l.idle_seconds - 1),
            SessionState::Live
        );
        assert_eq!(
            session_state(l, 0, 100, 100 + l.idle_seconds),
            SessionState::Idle
        );
    }
}
