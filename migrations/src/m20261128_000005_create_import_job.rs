//! Import jobs: every roster import's report, so a plain form post can be answered with a page
//! that shows it, and a company can look back at what an import did.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Company {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ImportJob {
    Table,
    Id,
    CompanyId,
    UserId,
    FileSha256,
    Mode,
    DryRun,
    Written,
    Report,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportJob::Table)
                    .col(pk_auto(ImportJob::Id))
                    .col(integer(ImportJob::CompanyId))
                    .col(integer_null(ImportJob::UserId))
                    .col(string_len(ImportJob::FileSha256, 64))
                    .col(string_len(ImportJob::Mode, 16))
                    .col(boolean(ImportJob::DryRun))
                    .col(boolean(ImportJob::Written))
                    // The report as JSON: counts and rejected rows (row, column, reason; no PII).
                    .col(text(ImportJob::Report))
                    .col(timestamp_with_time_zone(ImportJob::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImportJob::Table, ImportJob::CompanyId)
                            .to(Company::Table, Company::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_import_job_company_id")
                    .table(ImportJob::Table)
                    .col(ImportJob::CompanyId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportJob::Table).to_owned())
            .await
    }
}
