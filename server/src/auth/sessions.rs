//! Server-side sessions in the database. The browser holds a random 256-bit token in an
//! HttpOnly cookie; the table stores only its SHA-256, so a leaked database opens no session.

use crate::db::entities::{app_user, session};
use app::domain::role::Role;
use app::domain::session_policy::{SessionState, session_lifetime, session_state};
use chrono::{TimeDelta, Utc};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait};
use sha2::{Digest, Sha256};

/// `last_seen_at` is written at most this often, so reads stay reads.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

#[derive(Clone)]
pub struct SessionStore {
    db: DatabaseConnection,
}

/// A live session and its user.
pub struct ResolvedSession {
    pub session_id: String,
    pub user: app_user::Model,
    pub role: Role,
}

/// The stored id of a cookie token.
pub fn session_id_of(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl SessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Starts a session and returns the cookie token.
    ///
    /// # Errors
    /// When the row cannot be written.
    pub async fn open(
        &self,
        user: &app_user::Model,
        role: Role,
        client_ip: &str,
    ) -> Result<String, DbErr> {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        let now = Utc::now();
        let lifetime = session_lifetime(role);
        session::ActiveModel {
            id: Set(session_id_of(&token)),
            user_id: Set(user.id),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + TimeDelta::seconds(lifetime.absolute_seconds)),
            client_ip: Set(client_ip.to_string()),
        }
        .insert(&self.db)
        .await?;
        Ok(token)
    }

    /// Finds the live session a cookie token names. Expired, idle and disabled-account sessions
    /// are deleted and count as none.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn resolve(&self, token: &str) -> Result<Option<ResolvedSession>, DbErr> {
        let id = session_id_of(token);
        let Some(row) = session::Entity::find_by_id(id.clone())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let user = app_user::Entity::find_by_id(row.user_id)
            .one(&self.db)
            .await?;
        let Some((user, role)) = user
            .filter(|u| u.active)
            .and_then(|u| u.role.parse::<Role>().ok().map(|role| (u, role)))
        else {
            self.end(&id).await?;
            return Ok(None);
        };
        let now = Utc::now();
        let state = session_state(
            session_lifetime(role),
            row.created_at.timestamp(),
            row.last_seen_at.timestamp(),
            now.timestamp(),
        );
        if state != SessionState::Live {
            self.end(&id).await?;
            return Ok(None);
        }
        if now.timestamp() - row.last_seen_at.timestamp() >= TOUCH_INTERVAL_SECONDS {
            let mut active: session::ActiveModel = row.into();
            active.last_seen_at = Set(now);
            active.update(&self.db).await?;
        }
        Ok(Some(ResolvedSession {
            session_id: id,
            user,
            role,
        }))
    }

    /// Ends one session. Ending a session that does not exist is not an error.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn end(&self, session_id: &str) -> Result<(), DbErr> {
        session::Entity::delete_by_id(session_id.to_string())
            .exec(&self.db)
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_id_is_the_tokens_sha256() {
        assert_eq!(
            session_id_of("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
