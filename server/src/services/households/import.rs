//! The household ledger import, with the roster import's guarantees: every bad row is named
//! with its row, column and reason; all-or-nothing unless asked otherwise; a second run of the
//! same file changes nothing; progress is on the board while it runs.
//!
//! A county's ledger is tens of thousands of rows at most, so the checked records are kept in
//! memory between checking and writing (the file itself is read row by row).

use super::{HouseholdService, active_model, ledger_hash};
use crate::db::entities::{household, household_import};
use crate::services::ledger_file::{LedgerInput, LedgerSource, file_error, stream_rows};
use crate::services::roster::Actor;
use crate::services::{audit, begin_write, unexpected};
use app::api::types::{ImportMode, ImportProgress, ImportReport, RejectedRow};
use app::api::{AppError, ErrorCode};
use app::domain::household::{
    HouseholdCellError, HouseholdColumn, HouseholdRecord, check_household_row,
    map_household_headers,
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr};
use std::collections::HashMap;

/// Rows looked up or written per statement.
const BATCH: usize = 500;

/// What the write pass does with a checked row.
enum Planned {
    Insert,
    Update { id: i32, version: i32 },
}

impl HouseholdService {
    /// Checks a household ledger for `county`, then (unless `dry_run`, or a bad row in
    /// all-or-nothing mode) writes it in one transaction, and keeps the report.
    ///
    /// # Errors
    /// `InvalidInput` on `file` when the file or its header is not a household ledger;
    /// `Conflict` when someone registered one of its households meanwhile; `Internal` on
    /// database failure (nothing is written then).
    pub async fn import_file(
        &self,
        actor: &Actor,
        county: &str,
        input: LedgerInput,
        file_name: Option<&str>,
        mode: ImportMode,
        dry_run: bool,
    ) -> Result<(i32, ImportReport), AppError> {
        let name = file_name.map(str::to_string);
        let (source, file_sha256) = tokio::task::spawn_blocking(move || {
            let source = LedgerSource::open(input.clone(), name.as_deref())?;
            Ok::<_, AppError>((source, input.sha256_hex()?))
        })
        .await
        .map_err(|e| unexpected("checking an upload", e))??;
        let board = self.imports.clone();
        let _clear = board.clear_on_drop(county.to_string());
        let progress = |p: ImportProgress| board.set(county.to_string(), p);

        let (mut report, plan) = self.check_file(county, &source, &progress).await?;
        let refused = mode == ImportMode::AllOrNothing && !report.rejected.is_empty();
        if refused {
            report.inserted = 0;
            report.updated = 0;
        } else if !dry_run {
            self.write(actor, county, &plan, &report, &progress).await?;
            report.written = true;
        }
        let job = household_import::ActiveModel {
            county_code: Set(county.to_string()),
            user_id: Set(actor.user_id),
            file_sha256: Set(file_sha256),
            mode: Set(mode.code().to_string()),
            dry_run: Set(dry_run),
            written: Set(report.written),
            report: Set(
                serde_json::to_string(&report).map_err(|e| unexpected("saving a report", e))?
            ),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| unexpected("saving a household import", e))?;
        Ok((job.id, report))
    }

    /// Reads and checks every row; plans an insert or update for each good, changed one.
    async fn check_file(
        &self,
        county: &str,
        source: &LedgerSource,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<(ImportReport, Vec<(HouseholdRecord, Planned)>), AppError> {
        let lookup = self.county_lookup().await?;
        let mut rows = stream_rows(source.clone());
        let mut columns: Option<Vec<Option<HouseholdColumn>>> = None;
        let mut report = ImportReport::default();
        let mut first_row_of: HashMap<String, usize> = HashMap::new();
        let mut good: Vec<(usize, HouseholdRecord)> = Vec::new();
        let mut checked = 0usize;
        while let Some(batch) = rows.recv().await {
            for (row_number, row) in batch? {
                let Some(columns) = &columns else {
                    columns = Some(map_household_headers(&row).map_err(file_error)?);
                    continue;
                };
                if row.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                checked += 1;
                let cells: HashMap<HouseholdColumn, String> = columns
                    .iter()
                    .zip(row)
                    .filter_map(|(column, cell)| column.map(|c| (c, cell)))
                    .collect();
                match check_household_row(&cells, &lookup.counties) {
                    Err(errors) => report
                        .rejected
                        .extend(errors.into_iter().map(|e| rejected(row_number, e))),
                    Ok(record) if record.county_code.as_deref().is_some_and(|c| c != county) => {
                        report.rejected.push(RejectedRow {
                            row: row_number,
                            column: HouseholdColumn::County.chinese().to_string(),
                            reason: format!(
                                "该户属于{}，不能导入{}的台账",
                                name_of(&lookup.county_names, record.county_code.as_deref()),
                                name_of(&lookup.county_names, Some(county)),
                            ),
                        });
                    }
                    Ok(record) => match first_row_of.get(&record.number) {
                        Some(first) => report.rejected.push(RejectedRow {
                            row: row_number,
                            column: HouseholdColumn::Number.chinese().to_string(),
                            reason: format!("与第 {first} 行的户编号重复"),
                        }),
                        None => {
                            first_row_of.insert(record.number.clone(), row_number);
                            good.push((row_number, record));
                        }
                    },
                }
            }
            progress(ImportProgress::checking(checked));
        }
        if columns.is_none() {
            return Err(file_error("文件是空的"));
        }
        drop(first_row_of);

        let mut plan = Vec::new();
        for batch in good.chunks(BATCH) {
            let stored: HashMap<String, household::Model> = household::Entity::find()
                .filter(
                    household::Column::Number.is_in(batch.iter().map(|(_, r)| r.number.clone())),
                )
                .all(&self.db)
                .await
                .map_err(|e| unexpected("looking up households", e))?
                .into_iter()
                .map(|h| (h.number.clone(), h))
                .collect();
            for (row_number, record) in batch {
                match stored.get(&record.number) {
                    Some(h) if h.county_code != county => report.rejected.push(RejectedRow {
                        row: *row_number,
                        column: HouseholdColumn::Number.chinese().to_string(),
                        // Says nothing about the other county's household.
                        reason: "此户编号已在其他区县登记，不能重复登记".to_string(),
                    }),
                    Some(h) if h.ledger_hash == ledger_hash(record, county) => {
                        report.unchanged += 1;
                    }
                    Some(h) => {
                        report.updated += 1;
                        plan.push((
                            record.clone(),
                            Planned::Update {
                                id: h.id,
                                version: h.version,
                            },
                        ));
                    }
                    None => {
                        report.inserted += 1;
                        plan.push((record.clone(), Planned::Insert));
                    }
                }
            }
        }
        report.rejected.sort_by_key(|r| r.row);
        Ok((report, plan))
    }

    /// Writes the plan in one transaction, in batches; audited.
    async fn write(
        &self,
        actor: &Actor,
        county: &str,
        plan: &[(HouseholdRecord, Planned)],
        report: &ImportReport,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<(), AppError> {
        let fail = |e| unexpected("writing households", e);
        let changed_meanwhile =
            || AppError::with_message(ErrorCode::Conflict, "导入期间台账被他人修改，请重新导入");
        let txn = begin_write(&self.db).await.map_err(fail)?;
        let now = Utc::now();
        let mut written = 0usize;
        for batch in plan.chunks(BATCH) {
            let mut inserts = Vec::new();
            for (record, planned) in batch {
                let mut model = active_model(record, county, &ledger_hash(record, county));
                match planned {
                    Planned::Insert => {
                        model.version = Set(1);
                        model.created_at = Set(now);
                        inserts.push(model);
                    }
                    Planned::Update { id, version } => {
                        model.version = Set(version + 1);
                        let updated = household::Entity::update_many()
                            .set(model)
                            .filter(household::Column::Id.eq(*id))
                            .filter(household::Column::Version.eq(*version))
                            .exec(&txn)
                            .await
                            .map_err(fail)?;
                        if updated.rows_affected != 1 {
                            return Err(changed_meanwhile());
                        }
                    }
                }
            }
            if !inserts.is_empty() {
                household::Entity::insert_many(inserts)
                    .exec(&txn)
                    .await
                    .map_err(|e| match e.sql_err() {
                        Some(SqlErr::UniqueConstraintViolation(_)) => changed_meanwhile(),
                        _ => fail(e),
                    })?;
            }
            written += batch.len();
            progress(ImportProgress::writing(written, plan.len()));
        }
        audit::record(
            &txn,
            actor.audit(
                "household.import",
                format!("county:{county}"),
                Some(format!(
                    "inserted={} updated={} unchanged={} rejected_rows={}",
                    report.inserted,
                    report.updated,
                    report.unchanged,
                    report.rejected.len()
                )),
            ),
        )
        .await
        .map_err(fail)?;
        txn.commit().await.map_err(fail)
    }
}

fn name_of(names: &HashMap<String, String>, code: Option<&str>) -> String {
    code.and_then(|c| names.get(c).cloned())
        .unwrap_or_else(|| code.unwrap_or_default().to_string())
}

fn rejected(row: usize, error: HouseholdCellError) -> RejectedRow {
    RejectedRow {
        row,
        column: error.column.chinese().to_string(),
        reason: error.reason,
    }
}
