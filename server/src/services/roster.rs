//! The real-name roster: ledger import (CSV) with a whole-file check, export in the same
//! format, and the company's worker list. Personal data goes in and out only through the
//! [`PiiVault`].

use super::audit::{self, AuditEntry};
use super::ledger_file::{self, LedgerFormat, LedgerInput, LedgerSource, file_error, stream_rows};
use super::uploads::ImportBoard;
use super::{begin_write, unexpected};
use crate::crypto::{PiiKind, PiiVault};
use crate::db::entities::{company, county, import_job, region, worker, worker_certificate};
use crate::search::change_log::{self, ChangeReason};
use app::api::context::{RequestIdentity, RosterDesk, SpooledUpload, UploadSpool};
pub use app::api::types::{
    ConsentInput, ImportMode, ImportProgress, ImportReport, RejectedRow, RevealedContact,
    RosterEntry, RosterPage, WorkerChange, WorkerDetail, WorkerInput,
};
use app::api::{AppError, ErrorCode};
use app::domain::brand::CertificateStatus;
use app::domain::calendar::CalendarDate;
use app::domain::credit_code::CreditCode;
use app::domain::id_number::Sex;
use app::domain::roster::{
    CellError, CertificateForm, CertificateLevel, Education, LedgerColumn, PovertyStatus,
    ReferenceData, RosterFilter, RosterSort, RosterStatus, WorkerRecord, check_row, guard_formula,
    is_published, map_headers, yes_no_cell,
};
use async_trait::async_trait;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, SqlErr,
};
use std::collections::HashMap;
use std::path::PathBuf;

/// Rows looked up or written per statement: well under SQLite's and PostgreSQL's parameter limits.
const BATCH: usize = 500;

pub struct RosterService {
    pub(super) db: DatabaseConnection,
    pub(super) vault: PiiVault,
    imports: ImportBoard<i32>,
    /// Where uploads are spooled while they are imported.
    upload_dir: PathBuf,
}

/// Who is importing, for the audit log.
pub struct Actor {
    pub user_id: Option<i32>,
    pub role: Option<String>,
    pub client_ip: Option<String>,
}

impl Actor {
    /// An audit entry for this actor's `action` on `target`; `target` never holds unmasked
    /// personal data.
    pub fn audit(
        &self,
        action: &'static str,
        target: String,
        detail: Option<String>,
    ) -> AuditEntry {
        AuditEntry {
            actor_user_id: self.user_id,
            actor_role: self.role.clone(),
            action,
            target: Some(target),
            outcome: "ok",
            client_ip: self.client_ip.clone(),
            detail,
        }
    }
}

impl RosterService {
    pub fn new(db: DatabaseConnection, vault: PiiVault, upload_dir: PathBuf) -> Self {
        Self {
            imports: ImportBoard::shared(db.clone(), "company"),
            db,
            vault,
            upload_dir,
        }
    }

    /// A company by its 统一社会信用代码 (CLI).
    ///
    /// # Errors
    /// `InvalidInput` on `company` when no company has that code.
    pub async fn company_by_credit_code(&self, code: &str) -> Result<company::Model, AppError> {
        let code =
            CreditCode::parse(code).map_err(|e| AppError::invalid("company", e.to_string()))?;
        company::Entity::find()
            .filter(company::Column::CreditCode.eq(code.as_str()))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("looking up a company", e))?
            .ok_or_else(|| {
                AppError::invalid(
                    "company",
                    format!("没有统一社会信用代码为 {code} 的劳务公司"),
                )
            })
    }

    /// A self-registered company keeps a roster only once its county has approved it.
    ///
    /// # Errors
    /// `Forbidden` with a message saying so; `NotFound` for an unknown company.
    pub async fn ensure_may_keep_roster(&self, company_id: i32) -> Result<(), AppError> {
        let company = company::Entity::find_by_id(company_id)
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a company", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        if company.approved_at.is_none() {
            return Err(AppError::with_message(
                ErrorCode::Forbidden,
                "贵公司的注册正在等待所在县人社局审核，审核通过后才能登记工人",
            ));
        }
        Ok(())
    }

    /// Counties and regions from the database, the lookups the row check needs.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn reference(&self) -> Result<ReferenceData, AppError> {
        let fail = |e| unexpected("loading reference data", e);
        let counties = county::Entity::find().all(&self.db).await.map_err(fail)?;
        let regions = region::Entity::find().all(&self.db).await.map_err(fail)?;
        Ok(ReferenceData::new(
            counties.iter().map(|c| (c.code.as_str(), c.name.as_str())),
            regions
                .iter()
                .map(|r| (r.code.as_str(), r.name.as_str(), r.short_name.as_str())),
        ))
    }

    /// Checks the whole ledger, then (unless `dry_run`, or a bad row in all-or-nothing mode)
    /// writes it in one transaction. Workers are keyed by ID number: a row identical to what is
    /// stored is `unchanged`, a changed row updates its worker.
    ///
    /// The file is read twice and never held whole: the first pass checks every row and keeps
    /// only each good row's keyed hashes; the second re-reads the rows to write and writes them
    /// in batches. `progress` hears how far each pass has got.
    ///
    /// # Errors
    /// `InvalidInput` on `file` when the file or its header is not a ledger's; `Internal` on
    /// database failure (nothing is written then).
    #[allow(clippy::too_many_arguments)]
    pub async fn import_source(
        &self,
        company_id: i32,
        actor: &Actor,
        source: &LedgerSource,
        mode: ImportMode,
        dry_run: bool,
        today: CalendarDate,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        self.ensure_may_keep_roster(company_id).await?;
        let reference = self.reference().await?;

        // Pass 1: check every row; remember only keyed hashes.
        let mut rows = stream_rows(source.clone());
        let mut columns: Option<Vec<Option<LedgerColumn>>> = None;
        let mut report = ImportReport::default();
        let mut first_row_of: HashMap<String, usize> = HashMap::new();
        // (read order, spreadsheet row, blind index, ledger hash) of each good row. The plan
        // is keyed by read order: spreadsheet row numbers need not be unique (a CR-only CSV).
        let mut good: Vec<(usize, usize, String, String)> = Vec::new();
        let mut checked_rows = 0usize;
        let mut ordinal = 0usize;
        while let Some(batch) = rows.recv().await {
            for (row_number, row) in batch? {
                let Some(columns) = &columns else {
                    columns = Some(map_headers(&row).map_err(file_error)?);
                    continue;
                };
                ordinal += 1;
                if row.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                checked_rows += 1;
                match check_row(&cells_of(columns, row), &reference, today) {
                    Ok(record) => {
                        let index = self
                            .vault
                            .blind_index(PiiKind::IdNumber, record.id_number.as_str());
                        if let Some(first) = first_row_of.get(&index) {
                            report.rejected.push(RejectedRow {
                                row: row_number,
                                column: LedgerColumn::IdNumber.chinese().to_string(),
                                reason: format!("与第 {first} 行的身份证号重复"),
                            });
                        } else {
                            first_row_of.insert(index.clone(), row_number);
                            let hash = self.ledger_hash(&record, &reference);
                            good.push((ordinal, row_number, index, hash));
                        }
                    }
                    Err(errors) => report
                        .rejected
                        .extend(errors.into_iter().map(|e| rejected(row_number, e))),
                }
            }
            progress(ImportProgress::checking(checked_rows));
        }
        let columns = columns.ok_or_else(|| file_error("文件是空的"))?;
        // Columns the file does not have keep their stored values when a worker is updated.
        let absent: Vec<LedgerColumn> = LedgerColumn::ALL
            .into_iter()
            .filter(|c| !columns.contains(&Some(*c)))
            .collect();
        drop(first_row_of);

        // Who already holds these people? In batches, by blind index; only what the plan needs.
        let mut existing: HashMap<String, (i32, String)> = HashMap::new();
        for batch in good.chunks(BATCH) {
            let found: Vec<(String, i32, String)> = worker::Entity::find()
                .select_only()
                .column(worker::Column::IdNumberIndex)
                .column(worker::Column::CompanyId)
                .column(worker::Column::LedgerHash)
                .filter(
                    worker::Column::IdNumberIndex
                        .is_in(batch.iter().map(|(_, _, index, _)| index.clone())),
                )
                .into_tuple()
                .all(&self.db)
                .await
                .map_err(|e| unexpected("looking up workers by ID", e))?;
            existing.extend(
                found
                    .into_iter()
                    .map(|(index, company, hash)| (index, (company, hash))),
            );
        }

        let mut plan: HashMap<usize, (Planned, String)> = HashMap::new();
        for (ordinal, row_number, index, hash) in good {
            match existing.get(&index) {
                Some((company, _)) if *company != company_id => {
                    report.rejected.push(RejectedRow {
                        row: row_number,
                        column: LedgerColumn::IdNumber.chinese().to_string(),
                        // Deliberately says nothing about the other company or the worker.
                        reason: "此人已在其他劳务公司的花名册中登记，不能重复登记".to_string(),
                    })
                }
                Some((_, stored)) if *stored == hash => report.unchanged += 1,
                Some(_) => {
                    report.updated += 1;
                    plan.insert(ordinal, (Planned::Update, index));
                }
                None => {
                    report.inserted += 1;
                    plan.insert(ordinal, (Planned::Insert, index));
                }
            }
        }
        drop(existing);
        report.rejected.sort_by_key(|r| r.row);

        let refused = mode == ImportMode::AllOrNothing && !report.rejected.is_empty();
        if dry_run || refused {
            if refused {
                report.inserted = 0;
                report.updated = 0;
            }
            return Ok(report);
        }

        // Pass 2: re-read, and write the planned rows in batches, all in one transaction.
        let total = plan.len();
        let written_from = Utc::now();
        let txn = begin_write(&self.db)
            .await
            .map_err(|e| unexpected("starting an import", e))?;
        let mut writer = BatchWriter {
            service: self,
            company_id,
            reference: &reference,
            absent: &absent,
            inserts: Vec::new(),
            updates: Vec::new(),
            written: 0,
            unchanged_after_merge: 0,
        };
        let changed_since_check =
            || AppError::with_message(ErrorCode::Conflict, "文件在导入期间发生了变化，请重新导入");
        let mut rows = stream_rows(source.clone());
        let mut header = true;
        let mut ordinal = 0usize;
        while let Some(batch) = rows.recv().await {
            for (_, row) in batch? {
                if std::mem::take(&mut header) {
                    continue;
                }
                ordinal += 1;
                let Some((planned, index)) = plan.get(&ordinal) else {
                    continue;
                };
                let record = check_row(&cells_of(&columns, row), &reference, today)
                    .map_err(|_| changed_since_check())?;
                // The same person as pass 1 planned for, or the file changed under us.
                if self
                    .vault
                    .blind_index(PiiKind::IdNumber, record.id_number.as_str())
                    != *index
                {
                    return Err(changed_since_check());
                }
                writer.push(*planned, record, &txn).await?;
            }
            progress(ImportProgress::writing(writer.written, total));
        }
        writer.flush(&txn).await?;
        change_log::log_company_workers(
            &txn,
            &[company_id],
            Some(written_from),
            ChangeReason::Imported,
        )
        .await
        .map_err(|e| unexpected("logging an import for search", e))?;
        audit::record(
            &txn,
            actor.audit(
                "roster.import",
                format!("company:{company_id}"),
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
        .map_err(|e| unexpected("auditing an import", e))?;
        txn.commit()
            .await
            .map_err(|e| unexpected("committing an import", e))?;
        progress(ImportProgress::writing(total, total));
        // A file without some columns can turn out to change nothing once merged.
        report.updated -= writer.unchanged_after_merge;
        report.unchanged += writer.unchanged_after_merge;
        report.written = true;
        Ok(report)
    }

    /// A keyed hash of the worker's canonical ledger row: equal means an unchanged re-import.
    fn ledger_hash(&self, record: &WorkerRecord, reference: &ReferenceData) -> String {
        let row = record.ledger_cells(reference).join("\u{1f}");
        self.vault.blind_index(PiiKind::LedgerRow, &row)
    }

    /// The columns a ledger row sets; identity, timestamps and version are the caller's.
    fn active_model(&self, record: &WorkerRecord, ledger_hash: &str) -> worker::ActiveModel {
        let certificate = record.certificate.as_ref();
        worker::ActiveModel {
            name: Set(record.name.clone()),
            id_number_enc: Set(self
                .vault
                .encrypt(PiiKind::IdNumber, record.id_number.as_str())),
            id_number_masked: Set(record.id_number.masked()),
            birth_date: Set(record.id_number.birth_date().to_string()),
            sex: Set(match record.id_number.sex() {
                Sex::Male => "male",
                Sex::Female => "female",
            }
            .to_string()),
            phone_enc: Set(self.vault.encrypt(PiiKind::Phone, record.phone.as_str())),
            phone_masked: Set(record.phone.masked()),
            household_county_code: Set(record.household_county.clone()),
            poverty_registered: Set(record.poverty_registered),
            occupations: Set(record.occupations.join("、")),
            certificate_level: Set(certificate.map(|c| c.level.code().to_string())),
            certificate_number: Set(certificate.and_then(|c| c.number.clone())),
            certificate_issuer: Set(certificate.and_then(|c| c.issuer.clone())),
            certificate_date: Set(certificate.and_then(|c| c.issued_on).map(|d| d.to_string())),
            years_experience: Set(record.years_experience.map(i32::from)),
            expected_wage_fen: Set(record.expected_wage.map(|w| w.0)),
            target_regions: Set(record.target_regions.join(",")),
            available_from: Set(record.available_from.map(|d| d.to_string())),
            bio: Set(record.bio.clone()),
            education: Set(record.education.map(|e| e.code().to_string())),
            training_wish: Set(record.training_wish),
            employment_wish: Set(record.employment_wish),
            household_number: Set(record.household_number.clone()),
            poverty_status: Set(record.poverty_status.map(|s| s.code().to_string())),
            ledger_hash: Set(ledger_hash.to_string()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
    }

    /// The company's active workers as a ledger file in the import format: exporting and
    /// re-importing changes nothing.
    ///
    /// # Errors
    /// `Internal` when the database fails or a stored value does not decrypt.
    pub async fn export(
        &self,
        company_id: i32,
        actor: &Actor,
        format: LedgerFormat,
    ) -> Result<Vec<u8>, AppError> {
        let reference = self.reference().await?;
        let workers = worker::Entity::find()
            .filter(worker::Column::CompanyId.eq(company_id))
            .filter(worker::Column::Active.eq(true))
            .order_by_asc(worker::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| unexpected("listing workers for export", e))?;
        let mut rows = Vec::with_capacity(workers.len() + 1);
        rows.push(
            LedgerColumn::ALL
                .iter()
                .map(|c| c.chinese().to_string())
                .collect(),
        );
        for model in &workers {
            let record = self.record_of(model, &reference)?;
            rows.push(
                record
                    .ledger_cells(&reference)
                    .iter()
                    .map(|c| guard_formula(c))
                    .collect(),
            );
        }
        let bytes = ledger_file::write_rows(&rows, format)?;
        // The file carries full ID and phone numbers: one disclosure per worker, and no file
        // unless they are all recorded.
        let mut entries = vec![actor.audit(
            "roster.export",
            format!("company:{company_id}"),
            Some(format!("rows={}", workers.len())),
        )];
        entries.extend(workers.iter().map(|w| {
            actor.audit(
                "worker.export",
                format!("worker:{}", w.id),
                Some(format!("roster export of company:{company_id}")),
            )
        }));
        audit::record_all(&self.db, entries)
            .await
            .map_err(|e| unexpected("recording the roster export", e))?;
        Ok(bytes)
    }

    /// Rebuilds the checked record of a stored worker (decrypting its ID and phone).
    fn record_of(
        &self,
        model: &worker::Model,
        reference: &ReferenceData,
    ) -> Result<WorkerRecord, AppError> {
        let id_number = self
            .vault
            .decrypt(PiiKind::IdNumber, &model.id_number_enc)
            .map_err(|e| unexpected("decrypting an ID number", e))?;
        let phone = self
            .vault
            .decrypt(PiiKind::Phone, &model.phone_enc)
            .map_err(|e| unexpected("decrypting a phone number", e))?;
        let level = model
            .certificate_level
            .as_deref()
            .and_then(CertificateLevel::from_code);
        let cells: HashMap<LedgerColumn, String> = [
            (LedgerColumn::Name, model.name.clone()),
            (LedgerColumn::IdNumber, id_number),
            (LedgerColumn::Phone, phone),
            (
                LedgerColumn::HouseholdCounty,
                model.household_county_code.clone().unwrap_or_default(),
            ),
            (
                LedgerColumn::PovertyRegistered,
                yes_no_cell(model.poverty_registered),
            ),
            (LedgerColumn::Occupations, model.occupations.clone()),
            (
                LedgerColumn::CertificateLevel,
                level.map(|l| l.label().to_string()).unwrap_or_default(),
            ),
            (
                LedgerColumn::CertificateNumber,
                model.certificate_number.clone().unwrap_or_default(),
            ),
            (
                LedgerColumn::CertificateIssuer,
                model.certificate_issuer.clone().unwrap_or_default(),
            ),
            (
                LedgerColumn::CertificateDate,
                model.certificate_date.clone().unwrap_or_default(),
            ),
            (
                LedgerColumn::YearsExperience,
                model
                    .years_experience
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
            ),
            (
                LedgerColumn::ExpectedWage,
                model
                    .expected_wage_fen
                    .map(|f| app::domain::money::Fen(f).to_string())
                    .unwrap_or_default(),
            ),
            (
                LedgerColumn::TargetRegions,
                model.target_regions.replace(',', "、"),
            ),
            (
                LedgerColumn::AvailableFrom,
                model.available_from.clone().unwrap_or_default(),
            ),
            (LedgerColumn::Bio, model.bio.clone()),
            (
                LedgerColumn::Education,
                model
                    .education
                    .as_deref()
                    .and_then(Education::from_code)
                    .map(|e| e.label().to_string())
                    .unwrap_or_default(),
            ),
            (LedgerColumn::TrainingWish, yes_no_cell(model.training_wish)),
            (
                LedgerColumn::EmploymentWish,
                yes_no_cell(model.employment_wish),
            ),
            (
                LedgerColumn::HouseholdNumber,
                model.household_number.clone().unwrap_or_default(),
            ),
            (
                LedgerColumn::PovertyStatus,
                model
                    .poverty_status
                    .as_deref()
                    .and_then(PovertyStatus::from_code)
                    .map(|s| s.label().to_string())
                    .unwrap_or_default(),
            ),
        ]
        .into_iter()
        .collect();
        // A far-future "today": stored data was valid when written; only its shape matters here.
        let today =
            CalendarDate::new(2999, 12, 31).map_err(|e| unexpected("building a date", e))?;
        check_row(&cells, reference, today).map_err(|errors| {
            tracing::error!(
                worker = model.id,
                ?errors,
                "a stored worker no longer passes the ledger check"
            );
            AppError::new(ErrorCode::Internal)
        })
    }

    /// The company's roster, masked, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn list(
        &self,
        company_id: i32,
        filter: &RosterFilter,
    ) -> Result<RosterPage, AppError> {
        use worker::Column;
        let mut query = worker::Entity::find().filter(Column::CompanyId.eq(company_id));
        if let Some(occupation) = &filter.occupation {
            query = query.filter(Column::Occupations.contains(occupation.as_str()));
        }
        if let Some(level) = filter.level {
            query = query.filter(Column::CertificateLevel.eq(level.code()));
        }
        if let Some(certificate) = filter.certificate {
            // Any of the worker's certificates in that state: the ledger's or a further one.
            let further = worker_certificate::Entity::find()
                .select_only()
                .column(worker_certificate::Column::WorkerId)
                .filter(worker_certificate::Column::Status.eq(certificate.code()))
                .into_query();
            query = query.filter(
                sea_orm::Condition::any()
                    .add(
                        sea_orm::Condition::all()
                            .add(Column::CertificateLevel.is_not_null())
                            .add(Column::CertificateStatus.eq(certificate.code())),
                    )
                    .add(Column::Id.in_subquery(further)),
            );
        }
        query = match filter.status {
            None => query,
            Some(RosterStatus::Active) => query.filter(Column::Active.eq(true)),
            Some(RosterStatus::Inactive) => query.filter(Column::Active.eq(false)),
            Some(RosterStatus::Published) => query
                .filter(Column::Active.eq(true))
                .filter(Column::ConsentAt.is_not_null()),
            Some(RosterStatus::Unpublished) => query
                .filter(Column::Active.eq(true))
                .filter(Column::ConsentAt.is_null()),
            Some(RosterStatus::Placed) => query
                .filter(Column::Active.eq(true))
                .filter(Column::PlacedSince.is_not_null()),
            Some(RosterStatus::Available) => query
                .filter(Column::Active.eq(true))
                .filter(Column::ConsentAt.is_not_null())
                .filter(Column::PlacedSince.is_null()),
        };
        // The id breaks ties so paging is stable.
        query = match filter.sort {
            RosterSort::NewestFirst => query.order_by_desc(Column::Id),
            RosterSort::OldestFirst => query.order_by_asc(Column::Id),
            RosterSort::NameAscending => query.order_by_asc(Column::Name).order_by_asc(Column::Id),
            RosterSort::NameDescending => {
                query.order_by_desc(Column::Name).order_by_asc(Column::Id)
            }
        };
        let fail = |e| unexpected("listing the roster", e);
        let pages = query.paginate(&self.db, filter.per_page);
        let total = pages.num_items().await.map_err(fail)?;
        let workers = pages.fetch_page(filter.page - 1).await.map_err(fail)?;
        Ok(RosterPage {
            workers: workers.into_iter().map(entry_of).collect(),
            total,
            page: filter.page,
            per_page: filter.per_page,
        })
    }
}

fn change_action(change: &WorkerChange) -> &'static str {
    match change {
        WorkerChange::GiveConsent(_) => "worker.consent.give",
        WorkerChange::WithdrawConsent => "worker.consent.withdraw",
        WorkerChange::Deactivate => "worker.deactivate",
        WorkerChange::Reactivate => "worker.reactivate",
        WorkerChange::Placed => "worker.placed",
        WorkerChange::Available => "worker.available",
    }
}

impl RosterService {
    /// One of the company's workers. Another company's worker is "not found", so ids reveal
    /// nothing across tenants.
    ///
    /// # Errors
    /// `NotFound`, or `Internal` on database failure.
    pub async fn own_worker(
        &self,
        company_id: i32,
        worker_id: i32,
    ) -> Result<worker::Model, AppError> {
        worker::Entity::find_by_id(worker_id)
            .filter(worker::Column::CompanyId.eq(company_id))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading a worker", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))
    }

    /// One of the company's workers as the roster shows it.
    ///
    /// # Errors
    /// `NotFound` for another company's worker.
    pub async fn entry(&self, company_id: i32, worker_id: i32) -> Result<RosterEntry, AppError> {
        self.own_worker(company_id, worker_id).await.map(entry_of)
    }

    /// Records consent, withdraws it, or (de)activates a worker, with an audit entry in the
    /// same transaction.
    ///
    /// # Errors
    /// `NotFound` for another company's worker, `InvalidInput` naming `method` or `scope`.
    pub async fn change_worker(
        &self,
        company_id: i32,
        worker_id: i32,
        change: WorkerChange,
        actor: &Actor,
    ) -> Result<RosterEntry, AppError> {
        self.ensure_may_keep_roster(company_id).await?;
        if let WorkerChange::GiveConsent(consent) = &change {
            for (field, value) in [("method", &consent.method), ("scope", &consent.scope)] {
                let length = value.trim().chars().count();
                if length == 0 || length > 128 {
                    return Err(AppError::invalid(
                        field,
                        "请填写同意的方式和范围（1–128 个字）",
                    ));
                }
            }
        }
        let txn = begin_write(&self.db)
            .await
            .map_err(|e| unexpected("starting a change", e))?;
        let current = worker::Entity::find_by_id(worker_id)
            .filter(worker::Column::CompanyId.eq(company_id))
            .one(&txn)
            .await
            .map_err(|e| unexpected("loading a worker", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        let version = current.version;
        let mut model: worker::ActiveModel = current.into();
        match &change {
            WorkerChange::GiveConsent(consent) => {
                model.consent_at = Set(Some(Utc::now()));
                model.consent_method = Set(Some(consent.method.trim().to_string()));
                model.consent_scope = Set(Some(consent.scope.trim().to_string()));
            }
            WorkerChange::WithdrawConsent => {
                model.consent_at = Set(None);
                model.consent_method = Set(None);
                model.consent_scope = Set(None);
            }
            WorkerChange::Deactivate => model.active = Set(false),
            WorkerChange::Reactivate => model.active = Set(true),
            WorkerChange::Placed => model.placed_since = Set(Some(Utc::now())),
            WorkerChange::Available => model.placed_since = Set(None),
        }
        model.version = Set(version + 1);
        model.updated_at = Set(Utc::now());
        let updated = model
            .update(&txn)
            .await
            .map_err(|e| unexpected("changing a worker", e))?;
        let reason = match &change {
            WorkerChange::GiveConsent(_) | WorkerChange::WithdrawConsent => ChangeReason::Consent,
            _ => ChangeReason::Status,
        };
        change_log::log_workers(&txn, &[worker_id], reason)
            .await
            .map_err(|e| unexpected("logging a worker change for search", e))?;
        audit::record(
            &txn,
            actor.audit(change_action(&change), format!("worker:{worker_id}"), None),
        )
        .await
        .map_err(|e| unexpected("auditing a worker change", e))?;
        txn.commit()
            .await
            .map_err(|e| unexpected("committing a worker change", e))?;
        Ok(entry_of(updated))
    }
}

impl RosterService {
    /// Imports a ledger file and keeps the report as an import job. While it runs, the
    /// company's progress is on the [`ImportBoard`] (and goes to `progress`).
    ///
    /// # Errors
    /// As [`LedgerSource::open`] and [`RosterService::import_source`].
    #[allow(clippy::too_many_arguments)]
    pub async fn import_ledger_file(
        &self,
        company_id: i32,
        actor: &Actor,
        input: LedgerInput,
        file_name: Option<&str>,
        mode: ImportMode,
        dry_run: bool,
        progress: &(dyn Fn(ImportProgress) + Send + Sync),
    ) -> Result<(i32, ImportReport), AppError> {
        // Reading a whole file (its checks, its hash) is blocking work: off the async threads.
        let name = file_name.map(str::to_string);
        let (source, file_sha256) = tokio::task::spawn_blocking(move || {
            let source = LedgerSource::open(input.clone(), name.as_deref())?;
            Ok::<_, AppError>((source, input.sha256_hex()?))
        })
        .await
        .map_err(|e| unexpected("checking an upload", e))??;
        let today = crate::clock::shanghai_today();
        let board = self.imports.clone();
        let report_progress = |p: ImportProgress| {
            board.set(company_id, p);
            progress(p);
        };
        // Cleared however the import ends, even when the request is dropped half-way.
        let _clear = self.imports.clear_on_drop(company_id);
        let report = self
            .import_source(
                company_id,
                actor,
                &source,
                mode,
                dry_run,
                today,
                &report_progress,
            )
            .await?;
        let job = import_job::ActiveModel {
            company_id: Set(company_id),
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
        .map_err(|e| unexpected("saving an import job", e))?;
        Ok((job.id, report))
    }

    /// The company's import in progress, on whichever node it runs.
    pub async fn import_progress(&self, company_id: i32) -> Option<ImportProgress> {
        self.imports.get(&company_id).await
    }
}

#[async_trait]
impl RosterDesk for RosterService {
    async fn roster(&self, company_id: i32, filter: &RosterFilter) -> Result<RosterPage, AppError> {
        self.list(company_id, filter).await
    }

    fn spool_upload(&self) -> Result<Box<dyn UploadSpool>, AppError> {
        super::uploads::spool_upload(&self.upload_dir)
    }

    async fn import_progress(&self, company_id: i32) -> Option<ImportProgress> {
        RosterService::import_progress(self, company_id).await
    }

    async fn import_ledger(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        file: SpooledUpload,
        file_name: Option<String>,
        mode: ImportMode,
        dry_run: bool,
    ) -> Result<(i32, ImportReport), AppError> {
        let actor = Actor::of(caller);
        // `file` lives until the import is done; dropping it removes the temporary file.
        self.import_ledger_file(
            company_id,
            &actor,
            LedgerInput::File(file.path.clone()),
            file_name.as_deref(),
            mode,
            dry_run,
            &|_| {},
        )
        .await
    }

    async fn import_job(&self, company_id: i32, job_id: i32) -> Result<ImportReport, AppError> {
        let job = import_job::Entity::find_by_id(job_id)
            .filter(import_job::Column::CompanyId.eq(company_id))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("loading an import job", e))?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound))?;
        serde_json::from_str(&job.report).map_err(|e| unexpected("reading a stored report", e))
    }

    async fn worker(&self, company_id: i32, worker_id: i32) -> Result<WorkerDetail, AppError> {
        self.detail(company_id, worker_id).await
    }

    async fn save_worker(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: Option<i32>,
        input: WorkerInput,
    ) -> Result<WorkerDetail, AppError> {
        self.save_from_form(company_id, &Actor::of(caller), worker_id, input)
            .await
    }

    async fn change_worker(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: i32,
        change: WorkerChange,
    ) -> Result<WorkerDetail, AppError> {
        RosterService::change_worker(self, company_id, worker_id, change, &Actor::of(caller))
            .await?;
        self.detail(company_id, worker_id).await
    }

    async fn add_certificate(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: i32,
        form: CertificateForm,
    ) -> Result<WorkerDetail, AppError> {
        RosterService::add_certificate(self, company_id, &Actor::of(caller), worker_id, &form).await
    }

    async fn remove_certificate(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: i32,
        certificate_id: i32,
    ) -> Result<WorkerDetail, AppError> {
        RosterService::remove_certificate(
            self,
            company_id,
            &Actor::of(caller),
            worker_id,
            certificate_id,
        )
        .await
    }

    async fn reveal(
        &self,
        company_id: i32,
        caller: &RequestIdentity,
        worker_id: i32,
        purpose: &str,
    ) -> Result<RevealedContact, AppError> {
        self.reveal_contact(company_id, &Actor::of(caller), worker_id, purpose)
            .await
    }
}

impl RosterService {
    /// Checks a worker form; the first bad field is named (by its API name).
    async fn checked(
        &self,
        input: &WorkerInput,
    ) -> Result<(WorkerRecord, ReferenceData), AppError> {
        let reference = self.reference().await?;
        let record = check_row(
            &input.ledger_cells(),
            &reference,
            crate::clock::shanghai_today(),
        )
        .map_err(|errors| match errors.into_iter().next() {
            Some(e) => AppError::invalid(e.column.english(), e.reason),
            None => AppError::new(ErrorCode::InvalidInput),
        })?;
        Ok((record, reference))
    }

    /// Adds one worker to the company's roster.
    ///
    /// # Errors
    /// `InvalidInput` naming the field; `Conflict` when the person is already on a roster
    /// (this company's or, without saying whose, another's).
    pub async fn add_worker(
        &self,
        company_id: i32,
        actor: &Actor,
        input: &WorkerInput,
    ) -> Result<RosterEntry, AppError> {
        self.ensure_may_keep_roster(company_id).await?;
        let (record, reference) = self.checked(input).await?;
        let index = self
            .vault
            .blind_index(PiiKind::IdNumber, record.id_number.as_str());
        let existing = worker::Entity::find()
            .filter(worker::Column::IdNumberIndex.eq(index.clone()))
            .one(&self.db)
            .await
            .map_err(|e| unexpected("looking up a worker by ID", e))?;
        if let Some(existing) = existing {
            return Err(already_registered(existing.company_id == company_id));
        }
        let hash = self.ledger_hash(&record, &reference);
        let now = Utc::now();
        let mut model = self.active_model(&record, &hash);
        model.company_id = Set(company_id);
        model.id_number_index = Set(index);
        model.active = Set(true);
        model.version = Set(1);
        model.created_at = Set(now);
        let txn = begin_write(&self.db)
            .await
            .map_err(|e| unexpected("starting an insert", e))?;
        let inserted = match model.insert(&txn).await {
            Ok(w) => w,
            // Lost a race with another insert of the same person.
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(already_registered(false));
            }
            Err(e) => return Err(unexpected("adding a worker", e)),
        };
        audit::record(
            &txn,
            actor.audit("worker.create", format!("worker:{}", inserted.id), None),
        )
        .await
        .map_err(|e| unexpected("auditing a new worker", e))?;
        change_log::log_workers(&txn, &[inserted.id], ChangeReason::WorkerSaved)
            .await
            .map_err(|e| unexpected("logging a new worker for search", e))?;
        txn.commit()
            .await
            .map_err(|e| unexpected("committing a new worker", e))?;
        Ok(entry_of(inserted))
    }

    /// Replaces a worker's ledger fields, if nobody changed the worker since `input.version`.
    ///
    /// # Errors
    /// `NotFound` for another company's worker, `InvalidInput` naming the field, `Conflict`
    /// for a stale version or an ID number that belongs to someone else on a roster.
    pub async fn edit_worker(
        &self,
        company_id: i32,
        actor: &Actor,
        worker_id: i32,
        input: &WorkerInput,
    ) -> Result<RosterEntry, AppError> {
        self.ensure_may_keep_roster(company_id).await?;
        let version = input
            .version
            .ok_or_else(|| AppError::invalid("version", "修改时须提供读取到的版本号 version"))?;
        let (record, reference) = self.checked(input).await?;
        let current = self.own_worker(company_id, worker_id).await?;
        let index = self
            .vault
            .blind_index(PiiKind::IdNumber, record.id_number.as_str());
        let hash = self.ledger_hash(&record, &reference);
        let mut model = self.active_model(&record, &hash);
        recheck_if_certificate_changed(&current, &mut model);
        model.id_number_index = Set(index);
        model.version = Set(next_version(version)?);
        let txn = begin_write(&self.db)
            .await
            .map_err(|e| unexpected("starting an edit", e))?;
        // Optimistic locking: the row changes only if it is still at the version the editor read.
        let result = worker::Entity::update_many()
            .set(model)
            .filter(worker::Column::Id.eq(worker_id))
            .filter(worker::Column::CompanyId.eq(company_id))
            .filter(worker::Column::Version.eq(version))
            .exec(&txn)
            .await;
        match result {
            Ok(r) if r.rows_affected == 1 => {}
            Ok(_) => return Err(AppError::new(ErrorCode::Conflict)),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(already_registered(false));
            }
            Err(e) => return Err(unexpected("editing a worker", e)),
        }
        audit::record(
            &txn,
            actor.audit("worker.update", format!("worker:{}", worker_id), None),
        )
        .await
        .map_err(|e| unexpected("auditing a worker edit", e))?;
        change_log::log_workers(&txn, &[worker_id], ChangeReason::WorkerSaved)
            .await
            .map_err(|e| unexpected("logging a worker edit for search", e))?;
        txn.commit()
            .await
            .map_err(|e| unexpected("committing a worker edit", e))?;
        self.entry(company_id, worker_id).await
    }
}

/// A changed certificate must be checked again: the promoter's earlier finding no longer holds.
fn recheck_if_certificate_changed(current: &worker::Model, model: &mut worker::ActiveModel) {
    let same = |value: &sea_orm::ActiveValue<Option<String>>, old: &Option<String>| {
        value.try_as_ref().is_some_and(|v| v == old)
    };
    let unchanged = same(&model.certificate_level, &current.certificate_level)
        && same(&model.certificate_number, &current.certificate_number)
        && same(&model.certificate_issuer, &current.certificate_issuer)
        && same(&model.certificate_date, &current.certificate_date);
    if !unchanged {
        model.certificate_status = Set(CertificateStatus::Unverified.code().to_string());
        model.certificate_checked_by = Set(None);
        model.certificate_checked_at = Set(None);
        model.certificate_reject_reason = Set(None);
    }
}

/// The version after `version`, for optimistic locking; a version no save can have is bad input.
pub(super) fn next_version(version: i32) -> Result<i32, AppError> {
    version
        .checked_add(1)
        .ok_or_else(|| AppError::invalid("version", "版本号无效，请刷新后重试"))
}

fn already_registered(own_roster: bool) -> AppError {
    let message = if own_roster {
        "此人已在本公司花名册中，请直接修改该工人"
    } else {
        "此人已在其他劳务公司的花名册中登记，不能重复登记"
    };
    let mut error = AppError::with_message(ErrorCode::Conflict, message);
    error.field = Some("id_number".to_string());
    error
}

/// What pass 2 does with a row that pass 1 planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Planned {
    Insert,
    Update,
}

fn cells_of(columns: &[Option<LedgerColumn>], row: Vec<String>) -> HashMap<LedgerColumn, String> {
    columns
        .iter()
        .zip(row)
        .filter_map(|(column, cell)| column.map(|c| (c, cell)))
        .collect()
}

/// Pass 2's writer: inserts and updates in batches inside the import's transaction.
struct BatchWriter<'a> {
    service: &'a RosterService,
    company_id: i32,
    reference: &'a ReferenceData,
    /// Ledger columns the file lacks: an update keeps their stored values.
    absent: &'a [LedgerColumn],
    inserts: Vec<worker::ActiveModel>,
    updates: Vec<(String, WorkerRecord)>,
    written: usize,
    /// Planned updates that matched the stored worker once the absent columns were filled in.
    unchanged_after_merge: usize,
}

impl BatchWriter<'_> {
    async fn push(
        &mut self,
        planned: Planned,
        record: WorkerRecord,
        txn: &sea_orm::DatabaseTransaction,
    ) -> Result<(), AppError> {
        let index = self
            .service
            .vault
            .blind_index(PiiKind::IdNumber, record.id_number.as_str());
        match planned {
            Planned::Insert => {
                let hash = self.service.ledger_hash(&record, self.reference);
                let mut model = self.service.active_model(&record, &hash);
                let now = Utc::now();
                model.company_id = Set(self.company_id);
                model.id_number_index = Set(index);
                model.active = Set(true);
                model.version = Set(1);
                model.created_at = Set(now);
                self.inserts.push(model);
                if self.inserts.len() >= BATCH {
                    self.flush_inserts(txn).await?;
                }
            }
            Planned::Update => {
                self.updates.push((index, record));
                if self.updates.len() >= BATCH {
                    self.flush_updates(txn).await?;
                }
            }
        }
        Ok(())
    }

    async fn flush(&mut self, txn: &sea_orm::DatabaseTransaction) -> Result<(), AppError> {
        self.flush_inserts(txn).await?;
        self.flush_updates(txn).await
    }

    async fn flush_inserts(&mut self, txn: &sea_orm::DatabaseTransaction) -> Result<(), AppError> {
        if self.inserts.is_empty() {
            return Ok(());
        }
        let models = std::mem::take(&mut self.inserts);
        let count = models.len();
        worker::Entity::insert_many(models)
            .exec(txn)
            .await
            .map_err(|e| match e.sql_err() {
                // Someone added one of these people between the passes.
                Some(SqlErr::UniqueConstraintViolation(_)) => AppError::with_message(
                    ErrorCode::Conflict,
                    "导入期间花名册被他人修改，请重新导入",
                ),
                _ => unexpected("inserting workers", e),
            })?;
        self.written += count;
        Ok(())
    }

    async fn flush_updates(&mut self, txn: &sea_orm::DatabaseTransaction) -> Result<(), AppError> {
        if self.updates.is_empty() {
            return Ok(());
        }
        let updates = std::mem::take(&mut self.updates);
        let count = updates.len();
        let current: HashMap<String, worker::Model> = worker::Entity::find()
            .filter(worker::Column::IdNumberIndex.is_in(updates.iter().map(|(i, _)| i.clone())))
            .filter(worker::Column::CompanyId.eq(self.company_id))
            .all(txn)
            .await
            .map_err(|e| unexpected("loading workers to update", e))?
            .into_iter()
            .map(|w| (w.id_number_index.clone(), w))
            .collect();
        for (index, record) in updates {
            let current = current.get(&index).ok_or_else(|| {
                AppError::with_message(ErrorCode::Conflict, "导入期间花名册被他人修改，请重新导入")
            })?;
            let record = if self.absent.is_empty() {
                record
            } else {
                let stored = self.service.record_of(current, self.reference)?;
                record.keep_columns_from(stored, self.absent)
            };
            let hash = self.service.ledger_hash(&record, self.reference);
            if hash == current.ledger_hash {
                self.unchanged_after_merge += 1;
                continue;
            }
            let mut model = self.service.active_model(&record, &hash);
            recheck_if_certificate_changed(current, &mut model);
            model.id = Set(current.id);
            model.version = Set(current.version + 1);
            model
                .update(txn)
                .await
                .map_err(|e| unexpected("updating a worker", e))?;
        }
        self.written += count;
        Ok(())
    }
}

pub(super) fn entry_of(w: worker::Model) -> RosterEntry {
    RosterEntry {
        published: is_published(w.active, w.consent_at.is_some()),
        placed: w.placed_since.is_some(),
        id: w.id,
        name: w.name,
        id_number_masked: w.id_number_masked,
        phone_masked: w.phone_masked,
        sex: w.sex,
        age: CalendarDate::parse(&w.birth_date)
            .map(|born| born.age_on(crate::clock::shanghai_today()))
            .unwrap_or(0),
        birth_date: w.birth_date,
        occupations: super::brands::occupations_of(&w.occupations),
        certificate_level: w
            .certificate_level
            .as_deref()
            .and_then(CertificateLevel::from_code)
            .map(|l| l.label().to_string()),
        certificate_status: CertificateStatus::from_code(&w.certificate_status),
        certificate_reject_reason: w.certificate_reject_reason,
        active: w.active,
        consented: w.consent_at.is_some(),
        version: w.version,
    }
}

fn rejected(row: usize, error: CellError) -> RejectedRow {
    RejectedRow {
        row,
        column: error.column.chinese().to_string(),
        reason: error.reason,
    }
}
