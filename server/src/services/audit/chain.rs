//! The audit log's hash chain. Entry *n* stores the hash of entry *n−1* and its own
//! HMAC-SHA256 over its fields and that hash, keyed with `audit_chain_key` from secrets.toml.
//! Someone with only database access can edit rows but cannot recompute the hashes, so
//! [`verify`] names the first entry that was changed, deleted or inserted.
//!
//! Writers take their place by bumping the chain's head row (`audit_chain`, id 1) first: that
//! write locks the head until the transaction ends (a row lock on PostgreSQL, the database's
//! write lock on SQLite), so concurrent entries join one at a time and in commit order.
//!
//! The key is found through the chain's random id: a process may serve several databases at
//! once (the integration tests run many applications in one process), each with its own key,
//! while the eighty-odd audit writes across the services pass only a connection.
//!
//! Known limit: cutting entries off the end *and* rewinding the head row to an earlier entry
//! leaves a shorter chain that verifies; the head's last place and hash are logged at start-up
//! (`laowu serve`) so an operator can compare.

use super::AuditEntry;
use crate::db::entities::{audit_chain, audit_log};
use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{LazyLock, PoisonError, RwLock};

const HEAD: i32 = 1;

/// Chain id → key, for the chains opened in this process.
static KEYRING: LazyLock<RwLock<HashMap<String, [u8; 32]>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

fn register(chain_id: &str, key: [u8; 32]) {
    KEYRING
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(chain_id.to_string(), key);
}

fn key_for(chain_id: &str) -> Option<[u8; 32]> {
    KEYRING
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(chain_id)
        .copied()
}

/// What an entry's hash covers.
struct Hashed<'a> {
    seq: i64,
    at: DateTime<Utc>,
    actor_user_id: Option<i32>,
    actor_role: Option<&'a str>,
    action: &'a str,
    target: Option<&'a str>,
    outcome: &'a str,
    client_ip: Option<&'a str>,
    detail: Option<&'a str>,
}

impl<'a> Hashed<'a> {
    fn of(row: &'a audit_log::Model, seq: i64) -> Self {
        Hashed {
            seq,
            at: row.at,
            actor_user_id: row.actor_user_id,
            actor_role: row.actor_role.as_deref(),
            action: &row.action,
            target: row.target.as_deref(),
            outcome: &row.outcome,
            client_ip: row.client_ip.as_deref(),
            detail: row.detail.as_deref(),
        }
    }
}

/// HMAC-SHA256 (hex) over the entry's fields and the previous hash. Every field is written
/// with its length, so no two different entries read the same.
fn entry_hash(key: &[u8; 32], prev_hash: &str, entry: &Hashed<'_>) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    let at = entry.at.to_rfc3339_opts(SecondsFormat::Micros, true);
    let actor = entry.actor_user_id.map(|id| id.to_string());
    let seq = entry.seq.to_string();
    let fields = [
        Some(seq.as_str()),
        Some(at.as_str()),
        actor.as_deref(),
        entry.actor_role,
        Some(entry.action),
        entry.target,
        Some(entry.outcome),
        entry.client_ip,
        entry.detail,
        Some(prev_hash),
    ];
    for field in fields {
        match field {
            None => mac.update(b"-|"),
            Some(text) => {
                mac.update(text.len().to_string().as_bytes());
                mac.update(b":");
                mac.update(text.as_bytes());
                mac.update(b"|");
            }
        }
    }
    hex::encode(mac.finalize().into_bytes())
}

/// Opens the chain of this database for this process: creates the head on first use, seals
/// entries written before the chain existed (only while the chain is empty: later, an entry
/// without a place is one inserted behind the application's back), and loads the key.
///
/// # Errors
/// Database errors.
pub async fn open(db: &DatabaseConnection, key: [u8; 32]) -> Result<audit_chain::Model, DbErr> {
    let txn = crate::services::begin_write(db).await?;
    let head = match audit_chain::Entity::find_by_id(HEAD).one(&txn).await? {
        Some(head) => head,
        None => {
            let mut id = [0u8; 16];
            rand::rng().fill_bytes(&mut id);
            audit_chain::ActiveModel {
                id: Set(HEAD),
                chain_id: Set(hex::encode(id)),
                seq: Set(0),
                last_hash: Set(String::new()),
            }
            .insert(&txn)
            .await?
        }
    };
    let head = if head.seq == 0 {
        seal_earlier_entries(&txn, &key, head).await?
    } else {
        head
    };
    txn.commit().await?;
    register(&head.chain_id, key);
    tracing::info!(
        chain = %head.chain_id,
        entries = head.seq,
        last_hash = %head.last_hash,
        "audit chain opened"
    );
    Ok(head)
}

async fn seal_earlier_entries(
    txn: &impl ConnectionTrait,
    key: &[u8; 32],
    mut head: audit_chain::Model,
) -> Result<audit_chain::Model, DbErr> {
    let earlier = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .order_by_asc(audit_log::Column::Id)
        .all(txn)
        .await?;
    for row in earlier {
        let seq = head.seq + 1;
        let hash = entry_hash(key, &head.last_hash, &Hashed::of(&row, seq));
        audit_log::Entity::update_many()
            .col_expr(audit_log::Column::Seq, Expr::value(seq))
            .col_expr(
                audit_log::Column::PrevHash,
                Expr::value(head.last_hash.clone()),
            )
            .col_expr(audit_log::Column::Hash, Expr::value(hash.clone()))
            .filter(audit_log::Column::Id.eq(row.id))
            .exec(txn)
            .await?;
        head.seq = seq;
        head.last_hash = hash;
    }
    audit_chain::Entity::update_many()
        .col_expr(audit_chain::Column::Seq, Expr::value(head.seq))
        .col_expr(
            audit_chain::Column::LastHash,
            Expr::value(head.last_hash.clone()),
        )
        .filter(audit_chain::Column::Id.eq(HEAD))
        .exec(txn)
        .await?;
    Ok(head)
}

/// Adds the entries, in order, at the end of the chain, inside `txn`.
pub(super) async fn append(
    txn: &impl ConnectionTrait,
    entries: Vec<AuditEntry>,
) -> Result<(), DbErr> {
    let count = i64::try_from(entries.len()).unwrap_or(i64::MAX);
    if count == 0 {
        return Ok(());
    }
    // Taking the places first locks the head for the rest of the transaction.
    let bumped = audit_chain::Entity::update_many()
        .col_expr(
            audit_chain::Column::Seq,
            Expr::col(audit_chain::Column::Seq).add(count),
        )
        .filter(audit_chain::Column::Id.eq(HEAD))
        .exec(txn)
        .await?;
    if bumped.rows_affected != 1 {
        return Err(DbErr::Custom("the audit chain was not opened".into()));
    }
    let head = audit_chain::Entity::find_by_id(HEAD)
        .one(txn)
        .await?
        .ok_or_else(|| DbErr::Custom("the audit chain head is gone".into()))?;
    let key = key_for(&head.chain_id).ok_or_else(|| {
        DbErr::Custom(format!(
            "no key loaded for audit chain {}: open the chain first",
            head.chain_id
        ))
    })?;
    // Stored to the microsecond, as PostgreSQL keeps it, so the hash reads back the same.
    let at = Utc::now().trunc_subsecs(6);
    let mut seq = head.seq - count;
    let mut last_hash = head.last_hash;
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        seq += 1;
        let target: Option<String> = entry.target.map(|t| t.chars().take(128).collect());
        let hash = entry_hash(
            &key,
            &last_hash,
            &Hashed {
                seq,
                at,
                actor_user_id: entry.actor_user_id,
                actor_role: entry.actor_role.as_deref(),
                action: entry.action,
                target: target.as_deref(),
                outcome: entry.outcome,
                client_ip: entry.client_ip.as_deref(),
                detail: entry.detail.as_deref(),
            },
        );
        rows.push(audit_log::ActiveModel {
            at: Set(at),
            actor_user_id: Set(entry.actor_user_id),
            actor_role: Set(entry.actor_role),
            action: Set(entry.action.to_string()),
            target: Set(target),
            outcome: Set(entry.outcome.to_string()),
            client_ip: Set(entry.client_ip),
            detail: Set(entry.detail),
            seq: Set(Some(seq)),
            prev_hash: Set(Some(std::mem::replace(&mut last_hash, hash.clone()))),
            hash: Set(Some(hash)),
            ..Default::default()
        });
    }
    audit_chain::Entity::update_many()
        .col_expr(audit_chain::Column::LastHash, Expr::value(last_hash))
        .filter(audit_chain::Column::Id.eq(HEAD))
        .exec(txn)
        .await?;
    // Chunks keep each statement under the databases' bind-parameter limits.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        audit_log::Entity::insert_many(chunk).exec(txn).await?;
    }
    Ok(())
}

/// A chain that holds: how many entries it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intact {
    pub entries: i64,
    pub chain_id: String,
}

/// The first thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("the audit chain has no head: the audit_chain row is missing")]
    NoHead,
    #[error("audit entry {seq} is missing (deleted)")]
    Missing { seq: i64 },
    #[error("audit entry {seq} (row id {id}) was changed: its hash does not match its content")]
    Changed { seq: i64, id: i64 },
    #[error("audit entry {seq} (row id {id}) does not follow entry {}: an entry was changed, inserted or removed", seq - 1)]
    Unlinked { seq: i64, id: i64 },
    #[error("audit entry {seq} (row id {id}) is beyond the chain's last entry {last}: inserted")]
    Beyond { seq: i64, id: i64, last: i64 },
    #[error(
        "the audit chain ends at entry {found} but its head says {expected}: entries were cut off the end"
    )]
    Truncated { found: i64, expected: i64 },
    #[error("audit row id {id} is not in the chain: inserted behind the application's back")]
    Unchained { id: i64 },
    #[error("the audit chain's head does not match its last entry: the head was changed")]
    HeadChanged,
}

/// What went wrong reading the chain: the database, or the chain itself.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Broken(#[from] ChainBreak),
    #[error("reading the audit log: {0}")]
    Database(#[from] DbErr),
}

const PAGE: u64 = 5_000;

/// Walks the whole chain in order and checks every link and hash.
///
/// # Errors
/// [`VerifyError::Broken`] naming the first entry found wrong, or a database error.
pub async fn verify(db: &DatabaseConnection, key: &[u8; 32]) -> Result<Intact, VerifyError> {
    let head = audit_chain::Entity::find_by_id(HEAD)
        .one(db)
        .await?
        .ok_or(ChainBreak::NoHead)?;
    let mut expected = 1_i64;
    let mut last_hash = String::new();
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gte(expected))
            .order_by_asc(audit_log::Column::Seq)
            .limit(PAGE)
            .all(db)
            .await?;
        let full = page.len() as u64 == PAGE;
        for row in &page {
            let seq = row.seq.unwrap_or_default();
            if seq > head.seq {
                return Err(ChainBreak::Beyond {
                    seq,
                    id: row.id,
                    last: head.seq,
                }
                .into());
            }
            if seq != expected {
                return Err(ChainBreak::Missing { seq: expected }.into());
            }
            if row.prev_hash.as_deref() != Some(last_hash.as_str()) {
                return Err(ChainBreak::Unlinked { seq, id: row.id }.into());
            }
            let hash = entry_hash(key, &last_hash, &Hashed::of(row, seq));
            if row.hash.as_deref() != Some(hash.as_str()) {
                return Err(ChainBreak::Changed { seq, id: row.id }.into());
            }
            last_hash = hash;
            expected += 1;
        }
        if !full {
            break;
        }
    }
    let found = expected - 1;
    if found != head.seq {
        return Err(ChainBreak::Truncated {
            found,
            expected: head.seq,
        }
        .into());
    }
    if last_hash != head.last_hash {
        return Err(ChainBreak::HeadChanged.into());
    }
    if let Some(row) = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .order_by_asc(audit_log::Column::Id)
        .one(db)
        .await?
    {
        return Err(ChainBreak::Unchained { id: row.id }.into());
    }
    Ok(Intact {
        entries: found,
        chain_id: head.chain_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: DateTime<Utc>) -> Hashed<'static> {
        Hashed {
            seq: 7,
            at,
            actor_user_id: Some(3),
            actor_role: Some("company"),
            action: "worker.reveal",
            target: Some("worker:12"),
            outcome: "ok",
            client_ip: Some("127.0.0.1"),
            detail: None,
        }
    }

    #[test]
    fn the_hash_covers_every_field_the_key_and_the_previous_hash() {
        let at = Utc::now().trunc_subsecs(6);
        let key = [7u8; 32];
        let base = entry_hash(&key, "abc", &entry(at));
        assert_eq!(base.len(), 64);
        assert_eq!(base, entry_hash(&key, "abc", &entry(at)), "deterministic");
        assert_ne!(base, entry_hash(&[8u8; 32], "abc", &entry(at)), "keyed");
        assert_ne!(base, entry_hash(&key, "abd", &entry(at)), "chained");
        let changes: [fn(&mut Hashed<'static>); 7] = [
            |e| e.seq = 8,
            |e| e.actor_user_id = None,
            |e| e.actor_role = Some("admin"),
            |e| e.action = "worker.contact",
            |e| e.target = Some("worker:13"),
            |e| e.client_ip = None,
            |e| e.detail = Some(""),
        ];
        for change in changes {
            let mut changed = entry(at);
            change(&mut changed);
            assert_ne!(base, entry_hash(&key, "abc", &changed));
        }
    }

    #[test]
    fn lengths_keep_neighbouring_fields_apart() {
        let at = Utc::now().trunc_subsecs(6);
        let key = [1u8; 32];
        let mut one = entry(at);
        one.target = Some("a|b");
        one.detail = None;
        let mut other = entry(at);
        other.target = Some("a");
        other.detail = Some("b");
        assert_ne!(entry_hash(&key, "", &one), entry_hash(&key, "", &other));
    }
}
