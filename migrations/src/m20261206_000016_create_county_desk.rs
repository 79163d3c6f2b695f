//! The county desk: 建档立卡 households from the county ledger (and each import's report),
//! local jobs (就地就近就业) of rostered workers, and the county's yearly targets (目标任务).
//! Workers link to their household by the household number they already carry; nothing here
//! copies a worker fact. Indexes for the dashboard's aggregates come along: placements by
//! start date, workers by home county, and the newest change of each table the dashboard's
//! figures are read from.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum County {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
    HouseholdCountyCode,
}

#[derive(DeriveIden)]
enum Placement {
    Table,
    StartsOn,
}

#[derive(DeriveIden)]
enum SubsidyClaim {
    Table,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Household {
    Table,
    Id,
    /// 户编号: unique nationwide in the 建档立卡 system.
    Number,
    CountyCode,
    Township,
    Village,
    /// A `PovertyStatus` code.
    Status,
    HeadName,
    /// 劳动力人数: members of working age able to work.
    LabourCount,
    /// 有就业意愿人数: of those, members who want work.
    WillingCount,
    /// Keyed hash of the household's ledger row: an unchanged re-import is a no-op.
    LedgerHash,
    Version,
    CreatedAt,
    UpdatedAt,
}

/// A household ledger import's report, so a page loaded after a plain form post can show it.
#[derive(DeriveIden)]
enum HouseholdImport {
    Table,
    Id,
    CountyCode,
    UserId,
    FileSha256,
    Mode,
    DryRun,
    Written,
    /// Counts and rejected rows (row, column, reason) as JSON.
    Report,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LocalJob {
    Table,
    Id,
    WorkerId,
    /// The county the job is in: the worker's home county when it was recorded.
    CountyCode,
    /// A `LocalJobKind` code.
    Kind,
    EmployerName,
    StartsOn,
    EndsOn,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CountyTarget {
    Table,
    Id,
    CountyCode,
    Year,
    HouseholdsToEmploy,
    WorkersToTrain,
    WorkersToExport,
    UpdatedBy,
    Version,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Household::Table)
                    .col(pk_auto(Household::Id))
                    .col(string_len_uniq(Household::Number, 32))
                    .col(string_len(Household::CountyCode, 6))
                    .col(string_len(Household::Township, 32))
                    .col(string_len(Household::Village, 32))
                    .col(string_len(Household::Status, 16))
                    .col(string_len(Household::HeadName, 32))
                    .col(integer(Household::LabourCount))
                    .col(integer(Household::WillingCount))
                    .col(string_len(Household::LedgerHash, 64))
                    .col(integer(Household::Version).default(1))
                    .col(timestamp_with_time_zone(Household::CreatedAt))
                    .col(timestamp_with_time_zone(Household::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Household::Table, Household::CountyCode)
                            .to(County::Table, County::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HouseholdImport::Table)
                    .col(pk_auto(HouseholdImport::Id))
                    .col(string_len(HouseholdImport::CountyCode, 6))
                    .col(integer_null(HouseholdImport::UserId))
                    .col(string_len(HouseholdImport::FileSha256, 64))
                    .col(string_len(HouseholdImport::Mode, 16))
                    .col(boolean(HouseholdImport::DryRun))
                    .col(boolean(HouseholdImport::Written))
                    .col(text(HouseholdImport::Report))
                    .col(timestamp_with_time_zone(HouseholdImport::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LocalJob::Table)
                    .col(pk_auto(LocalJob::Id))
                    .col(integer(LocalJob::WorkerId))
                    .col(string_len(LocalJob::CountyCode, 6))
                    .col(string_len(LocalJob::Kind, 24))
                    .col(string_len(LocalJob::EmployerName, 64))
                    .col(string_len(LocalJob::StartsOn, 10))
                    .col(string_len_null(LocalJob::EndsOn, 10))
                    .col(integer_null(LocalJob::CreatedBy))
                    .col(integer(LocalJob::Version).default(1))
                    .col(timestamp_with_time_zone(LocalJob::CreatedAt))
                    .col(timestamp_with_time_zone(LocalJob::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LocalJob::Table, LocalJob::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LocalJob::Table, LocalJob::CountyCode)
                            .to(County::Table, County::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CountyTarget::Table)
                    .col(pk_auto(CountyTarget::Id))
                    .col(string_len(CountyTarget::CountyCode, 6))
                    .col(integer(CountyTarget::Year))
                    .col(integer(CountyTarget::HouseholdsToEmploy))
                    .col(integer(CountyTarget::WorkersToTrain))
                    .col(integer(CountyTarget::WorkersToExport))
                    .col(integer_null(CountyTarget::UpdatedBy))
                    .col(integer(CountyTarget::Version).default(1))
                    .col(timestamp_with_time_zone(CountyTarget::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CountyTarget::Table, CountyTarget::CountyCode)
                            .to(County::Table, County::Code),
                    )
                    .to_owned(),
            )
            .await?;

        let indexes = [
            Index::create()
                .name("idx_household_area")
                .table(Household::Table)
                .col(Household::CountyCode)
                .col(Household::Township)
                .col(Household::Village)
                .to_owned(),
            Index::create()
                .name("idx_household_updated_at")
                .table(Household::Table)
                .col(Household::UpdatedAt)
                .to_owned(),
            Index::create()
                .name("idx_local_job_worker")
                .table(LocalJob::Table)
                .col(LocalJob::WorkerId)
                .to_owned(),
            Index::create()
                .name("idx_local_job_county_start")
                .table(LocalJob::Table)
                .col(LocalJob::CountyCode)
                .col(LocalJob::StartsOn)
                .to_owned(),
            Index::create()
                .name("idx_local_job_updated_at")
                .table(LocalJob::Table)
                .col(LocalJob::UpdatedAt)
                .to_owned(),
            Index::create()
                .name("uq_county_target_year")
                .table(CountyTarget::Table)
                .col(CountyTarget::CountyCode)
                .col(CountyTarget::Year)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_placement_starts_on")
                .table(Placement::Table)
                .col(Placement::StartsOn)
                .to_owned(),
            Index::create()
                .name("idx_worker_household_county")
                .table(Worker::Table)
                .col(Worker::HouseholdCountyCode)
                .to_owned(),
            Index::create()
                .name("idx_subsidy_claim_updated_at")
                .table(SubsidyClaim::Table)
                .col(SubsidyClaim::UpdatedAt)
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("idx_placement_starts_on", Placement::Table.into_iden()),
            ("idx_worker_household_county", Worker::Table.into_iden()),
            (
                "idx_subsidy_claim_updated_at",
                SubsidyClaim::Table.into_iden(),
            ),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        for table in [
            CountyTarget::Table.into_iden(),
            LocalJob::Table.into_iden(),
            HouseholdImport::Table.into_iden(),
            Household::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
