//! The worker's own confirmation of a contract's content on their link (本人扫码确认): the
//! company signs on the worker's behalf, so the worker reads the version and confirms its
//! SHA-256 first. A confirmation covers one content hash; an edited draft needs a new one.

use super::{content_hash, state_of, terms_of};
use crate::clock::shanghai_today;
use crate::db::entities::{contract, contract_confirmation, contract_signature};
use crate::services::audit::{self, AuditEntry};
use crate::services::hiring::{conflict, shanghai_time};
use crate::services::{begin_write, region_names, unexpected};
use app::api::AppError;
use app::api::context::RequestIdentity;
use app::api::types::ClauseView;
use app::api::worker_links::ContractToConfirm;
use app::domain::calendar::CalendarDate;
use app::domain::contract::{ContractState, SigningParty};
use app::domain::worker_link::SELF_CONSENT_METHOD;
use chrono::{TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

/// The worker's versions still waiting for the company's signature, with what they confirmed.
///
/// # Errors
/// `Internal` on a database failure or unreadable terms.
pub(crate) async fn awaiting_worker(
    db: &DatabaseConnection,
    worker_id: i32,
) -> Result<Vec<ContractToConfirm>, AppError> {
    let fail = |e| unexpected("reading a worker's contracts to confirm", e);
    let rows = contract::Entity::find()
        .filter(contract::Column::WorkerId.eq(worker_id))
        .filter(contract::Column::State.is_in([
            ContractState::Draft.code(),
            ContractState::AwaitingSignatures.code(),
        ]))
        .order_by_asc(contract::Column::Id)
        .all(db)
        .await
        .map_err(fail)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let company_signed: Vec<i32> = contract_signature::Entity::find()
        .filter(contract_signature::Column::ContractId.is_in(ids.clone()))
        .filter(contract_signature::Column::Party.eq(SigningParty::Company.code()))
        .all(db)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|s| s.contract_id)
        .collect();
    let confirmations = confirmed_at(db, ids).await?;
    let regions = region_names(db).await?;
    let mut awaiting = Vec::new();
    for row in rows.into_iter().filter(|r| !company_signed.contains(&r.id)) {
        let terms = terms_of(&row)?;
        let hash = content_hash(&terms);
        let region_name = regions.get(&terms.region_code).cloned().unwrap_or_default();
        awaiting.push(ContractToConfirm {
            contract_id: row.id,
            version_number: row.version_number,
            party_a: terms.party_a.clone(),
            other_party: terms.other_party.clone(),
            clauses: terms
                .clauses_in_order(&region_name)
                .into_iter()
                .map(|(heading, text)| ClauseView { heading, text })
                .collect(),
            confirmed_at: confirmations
                .get(&(row.id, hash.clone()))
                .map(|at| shanghai_time(*at)),
            content_hash: hash,
        });
    }
    Ok(awaiting)
}

/// When the worker confirmed each (version, content hash) of these versions, in one query.
///
/// # Errors
/// `Internal` on a database failure.
pub(super) async fn confirmed_at<C: ConnectionTrait>(
    db: &C,
    contract_ids: Vec<i32>,
) -> Result<HashMap<(i32, String), chrono::DateTime<Utc>>, AppError> {
    Ok(contract_confirmation::Entity::find()
        .filter(contract_confirmation::Column::ContractId.is_in(contract_ids))
        .all(db)
        .await
        .map_err(|e| unexpected("reading workers' confirmations", e))?
        .into_iter()
        .map(|c| ((c.contract_id, c.content_hash), c.confirmed_at))
        .collect())
}

/// Records the worker's confirmation of `typed_hash` on version `contract_id`, audited with
/// the role `worker` and the address; confirming twice is harmless.
///
/// # Errors
/// 404 when the version is not the worker's; 409 when the company already signed, the version
/// cannot be signed any more, or the hash is not the content as it stands.
pub(crate) async fn confirm(
    db: &DatabaseConnection,
    caller: &RequestIdentity,
    worker_id: i32,
    worker_link_id: i32,
    contract_id: i32,
    typed_hash: &str,
) -> Result<(), AppError> {
    let fail = |e| unexpected("confirming a contract on the worker's link", e);
    let txn = begin_write(db).await.map_err(fail)?;
    let row = contract::Entity::find_by_id(contract_id)
        .one(&txn)
        .await
        .map_err(fail)?
        .filter(|r| r.worker_id == worker_id)
        .ok_or_else(|| AppError::invalid("contract_id", "没有这份待确认的合同"))?;
    if !state_of(&row).is_editable() {
        return Err(conflict(format!(
            "合同{}，无需再确认",
            state_of(&row).label()
        )));
    }
    let company_signed = contract_signature::Entity::find()
        .filter(contract_signature::Column::ContractId.eq(contract_id))
        .filter(contract_signature::Column::Party.eq(SigningParty::Company.code()))
        .one(&txn)
        .await
        .map_err(fail)?
        .is_some();
    if company_signed {
        return Err(conflict("劳务公司已代您签署本版合同"));
    }
    let hash = content_hash(&terms_of(&row)?);
    if !typed_hash.trim().eq_ignore_ascii_case(&hash) {
        return Err(conflict(
            "合同内容已修改，与您核对的版本不同：请刷新后重新阅读并确认",
        ));
    }
    let known = contract_confirmation::Entity::find()
        .filter(contract_confirmation::Column::ContractId.eq(contract_id))
        .filter(contract_confirmation::Column::ContentHash.eq(hash.clone()))
        .one(&txn)
        .await
        .map_err(fail)?;
    if known.is_some() {
        return Ok(());
    }
    contract_confirmation::ActiveModel {
        contract_id: Set(contract_id),
        content_hash: Set(hash.clone()),
        worker_link_id: Set(worker_link_id),
        confirmed_at: Set(Utc::now()),
        client_ip: Set(caller.client_ip.to_string()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(fail)?;
    audit::record(
        &txn,
        AuditEntry {
            actor_user_id: None,
            actor_role: Some("worker".to_string()),
            action: "contract.worker_confirm",
            target: Some(format!("contract:{contract_id}")),
            outcome: "ok",
            client_ip: Some(caller.client_ip.to_string()),
            detail: Some(format!("sha256={hash} method={SELF_CONSENT_METHOD}")),
        },
    )
    .await
    .map_err(fail)?;
    txn.commit().await.map_err(fail)
}

/// The worker's own confirmation of exactly `hash`, as the method and Beijing date a
/// signature on their behalf records.
///
/// # Errors
/// `Internal` on a database failure.
pub(super) async fn on_link<C: ConnectionTrait>(
    db: &C,
    contract_id: i32,
    hash: &str,
) -> Result<Option<(String, CalendarDate)>, AppError> {
    let found = contract_confirmation::Entity::find()
        .filter(contract_confirmation::Column::ContractId.eq(contract_id))
        .filter(contract_confirmation::Column::ContentHash.eq(hash))
        .one(db)
        .await
        .map_err(|e| unexpected("reading a worker's confirmation", e))?;
    Ok(found.map(|c| {
        let day = (c.confirmed_at + TimeDelta::hours(8))
            .format("%Y-%m-%d")
            .to_string();
        (
            SELF_CONSENT_METHOD.to_string(),
            CalendarDate::parse(&day).unwrap_or_else(|_| shanghai_today()),
        )
    }))
}
