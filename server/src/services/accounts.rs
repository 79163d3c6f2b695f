//! Accounts: login and logout, who is calling, the admin's user list, and creating users.

use super::audit::{self, AuditEntry};
use super::unexpected;
use crate::auth::password;
use crate::auth::rate_limit::{LimitHit, LoginLimiter};
use crate::auth::sessions::SessionStore;
use crate::db::entities::{app_user, company, county, employer};
use app::api::context::{AccountDesk, LoginSuccess, RequestIdentity};
use app::api::types::UserSummary;
use app::api::{AppError, ErrorCode};
use app::domain::access::SessionUser;
use app::domain::credentials::{LoginAttempt, validate_new_password, validate_new_username};
use app::domain::role::{Role, Scope, check_scope};
use async_trait::async_trait;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, SqlErr,
};
use std::collections::HashMap;
use std::net::IpAddr;

/// A request to create an account (CLI, seed, later the admin UI).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope: Scope,
    pub password: String,
}

pub struct AccountService {
    db: DatabaseConnection,
    sessions: SessionStore,
    limiter: LoginLimiter,
    /// Verified against when the username is unknown, so the answer takes as long as for a
    /// wrong password and reveals nothing.
    decoy_hash: String,
}

impl AccountService {
    /// # Errors
    /// When the decoy hash cannot be computed.
    pub async fn new(db: DatabaseConnection, limiter: LoginLimiter) -> Result<Self, AppError> {
        let decoy_hash = password::hash("decoy password for unknown users".into())
            .await
            .map_err(|e| unexpected("computing the decoy hash", e))?;
        Ok(Self {
            sessions: SessionStore::new(db.clone()),
            db,
            limiter,
            decoy_hash,
        })
    }

    /// Resolves a session cookie token into the caller.
    ///
    /// # Errors
    /// `Unavailable` when the database fails.
    pub async fn identify(&self, token: &str) -> Result<Option<(String, SessionUser)>, AppError> {
        let resolved = self.sessions.resolve(token).await.map_err(|e| {
            tracing::error!(error = %e, "session lookup failed");
            AppError::new(ErrorCode::Unavailable)
        })?;
        let Some(resolved) = resolved else {
            return Ok(None);
        };
        let user = self.session_user(resolved.user, resolved.role).await?;
        Ok(Some((resolved.session_id, user)))
    }

    async fn session_user(
        &self,
        user: app_user::Model,
        role: Role,
    ) -> Result<SessionUser, AppError> {
        let scope = scope_of(&user, role);
        let scope_label = self.scope_label(&scope).await?;
        Ok(SessionUser {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            role,
            scope,
            scope_label,
        })
    }

    async fn scope_label(&self, scope: &Scope) -> Result<Option<String>, AppError> {
        let fail = |e| unexpected("loading an account's organisation", e);
        Ok(match scope {
            Scope::City => None,
            Scope::County { code } => county::Entity::find_by_id(code.clone())
                .one(&self.db)
                .await
                .map_err(fail)?
                .map(|c| c.name),
            Scope::Company { id } => company::Entity::find_by_id(*id)
                .one(&self.db)
                .await
                .map_err(fail)?
                .map(|c| c.name),
            Scope::Employer { id } => employer::Entity::find_by_id(*id)
                .one(&self.db)
                .await
                .map_err(fail)?
                .map(|e| e.name),
        })
    }

    /// Creates an account after checking the username, password and role scope.
    ///
    /// # Errors
    /// `InvalidInput` naming the field, or `InvalidInput` on `username` when it is taken.
    pub async fn create_user(&self, new: NewAccount) -> Result<app_user::Model, AppError> {
        let username = validate_new_username(&new.username)?;
        validate_new_password(&new.password, &username)?;
        let display_name = new.display_name.trim().to_string();
        if display_name.is_empty() || display_name.chars().count() > 64 {
            return Err(AppError::invalid("display_name", "姓名须为 1–64 个字符"));
        }
        check_scope(new.role, &new.scope)
            .map_err(|e| AppError::invalid("scope", format!("账号所属单位不符合角色要求：{e}")))?;
        if self.scope_label(&new.scope).await?.is_none() && new.scope != Scope::City {
            return Err(AppError::invalid("scope", "所属区县或单位不存在"));
        }
        let password_hash = password::hash(new.password)
            .await
            .map_err(|e| unexpected("hashing a new password", e))?;
        let (county_code, company_id, employer_id) = match new.scope {
            Scope::City => (None, None, None),
            Scope::County { code } => (Some(code), None, None),
            Scope::Company { id } => (None, Some(id), None),
            Scope::Employer { id } => (None, None, Some(id)),
        };
        let now = Utc::now();
        let inserted = app_user::ActiveModel {
            username: Set(username),
            display_name: Set(display_name),
            password_hash: Set(password_hash),
            role: Set(new.role.code().to_string()),
            county_code: Set(county_code),
            company_id: Set(company_id),
            employer_id: Set(employer_id),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await;
        match inserted {
            Ok(user) => {
                audit::record_best_effort(
                    &self.db,
                    AuditEntry {
                        action: "user.create",
                        target: Some(format!("user:{}", user.id)),
                        outcome: "ok",
                        detail: Some(format!("role={}", user.role)),
                        ..Default::default()
                    },
                )
                .await;
                Ok(user)
            }
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                Err(AppError::invalid("username", "该用户名已被使用"))
            }
            Err(e) => Err(unexpected("creating a user", e)),
        }
    }
}

fn scope_of(user: &app_user::Model, role: Role) -> Scope {
    match role {
        Role::Admin => Scope::City,
        Role::Promoter => Scope::County {
            code: user.county_code.clone().unwrap_or_default(),
        },
        Role::Company => Scope::Company {
            id: user.company_id.unwrap_or_default(),
        },
        Role::Employer => Scope::Employer {
            id: user.employer_id.unwrap_or_default(),
        },
    }
}

#[async_trait]
impl AccountDesk for AccountService {
    async fn login(
        &self,
        attempt: LoginAttempt,
        previous_session: Option<String>,
        client_ip: IpAddr,
    ) -> Result<LoginSuccess, AppError> {
        let ip = client_ip.to_string();
        let entry = |action, outcome, user: Option<&app_user::Model>| AuditEntry {
            actor_user_id: user.map(|u| u.id),
            actor_role: user.map(|u| u.role.clone()),
            action,
            target: Some(format!("username:{}", attempt.username)),
            outcome,
            client_ip: Some(ip.clone()),
            detail: None,
        };
        if let Err(hit) = self.limiter.check(client_ip, &attempt.username).await {
            let outcome = match hit {
                LimitHit::Ip => "limited_ip",
                LimitHit::Account => "limited_account",
            };
            audit::record_best_effort(&self.db, entry("login", outcome, None)).await;
            return Err(AppError::new(ErrorCode::RateLimited));
        }

        let user = app_user::Entity::find()
            .filter(app_user::Column::Username.eq(attempt.username.clone()))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("looking up a login", e))?;
        let stored = user
            .as_ref()
            .map_or_else(|| self.decoy_hash.clone(), |u| u.password_hash.clone());
        let matches = password::verify(attempt.password.clone(), stored)
            .await
            .map_err(|e| unexpected("verifying a password", e))?;
        let role = user.as_ref().and_then(|u| u.role.parse::<Role>().ok());
        let (Some(user), Some(role), true) = (user, role, matches) else {
            audit::record_best_effort(&self.db, entry("login", "failed", None)).await;
            return Err(AppError::new(ErrorCode::InvalidCredentials));
        };
        if !user.active {
            audit::record_best_effort(&self.db, entry("login", "inactive", Some(&user))).await;
            return Err(AppError::new(ErrorCode::InvalidCredentials));
        }

        // A new id at every login: a session id planted before login is worthless after it.
        if let Some(previous) = previous_session {
            self.sessions
                .end(&previous)
                .await
                .map_err(|e| unexpected("ending the previous session", e))?;
        }
        let session_token = self
            .sessions
            .open(&user, role, &ip)
            .await
            .map_err(|e| unexpected("opening a session", e))?;
        audit::record_best_effort(&self.db, entry("login", "ok", Some(&user))).await;
        let user = self.session_user(user, role).await?;
        Ok(LoginSuccess {
            user,
            session_token,
        })
    }

    async fn logout(&self, identity: &RequestIdentity) -> Result<(), AppError> {
        let Some(session_id) = &identity.session_id else {
            return Ok(());
        };
        self.sessions
            .end(session_id)
            .await
            .map_err(|e| unexpected("ending a session", e))?;
        audit::record_best_effort(
            &self.db,
            AuditEntry {
                actor_user_id: identity.user.as_ref().map(|u| u.id),
                actor_role: identity.user.as_ref().map(|u| u.role.code().to_string()),
                action: "logout",
                outcome: "ok",
                client_ip: Some(identity.client_ip.to_string()),
                ..Default::default()
            },
        )
        .await;
        Ok(())
    }

    async fn list_users(&self, _actor: &SessionUser) -> Result<Vec<UserSummary>, AppError> {
        let fail = |e| unexpected("listing users", e);
        let users = app_user::Entity::find()
            .order_by_asc(app_user::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let counties = super::county_names(&self.db).await.map_err(fail)?;
        let companies: HashMap<i32, String> = company::Entity::find()
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let employers: HashMap<i32, String> = employer::Entity::find()
            .all(&self.db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        Ok(users
            .into_iter()
            .filter_map(|u| {
                let role = u.role.parse::<Role>().ok()?;
                let scope_label = match scope_of(&u, role) {
                    Scope::City => None,
                    Scope::County { code } => counties.get(&code).cloned(),
                    Scope::Company { id } => companies.get(&id).cloned(),
                    Scope::Employer { id } => employers.get(&id).cloned(),
                };
                Some(UserSummary {
                    id: u.id,
                    username: u.username,
                    display_name: u.display_name,
                    role,
                    scope_label,
                    active: u.active,
                })
            })
            .collect())
    }

    async fn record_denial(&self, identity: &RequestIdentity, endpoint: &str) {
        audit::record_best_effort(
            &self.db,
            AuditEntry {
                actor_user_id: identity.user.as_ref().map(|u| u.id),
                actor_role: identity.user.as_ref().map(|u| u.role.code().to_string()),
                action: "access.denied",
                target: Some(endpoint.to_string()),
                outcome: "denied",
                client_ip: Some(identity.client_ip.to_string()),
                detail: None,
            },
        )
        .await;
    }
}
