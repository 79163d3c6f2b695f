//! What several `laowu serve` processes on one PostgreSQL database must share instead of keeping
//! in memory: which secret keys the data was written with (a node with other keys refuses to
//! start rather than write data the others cannot read), rate-limit counters (a limit holds
//! whichever node answers) and the progress of imports (shown by whichever node is asked).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum KeyFingerprint {
    Table,
    Id,
    Fingerprint,
    RecordedAt,
}

#[derive(DeriveIden)]
enum RateLimitWindow {
    Table,
    Key,
    WindowStart,
    Hits,
}

#[derive(DeriveIden)]
enum ImportProgress {
    Table,
    Owner,
    Phase,
    Done,
    Total,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(KeyFingerprint::Table)
                    .col(integer(KeyFingerprint::Id).primary_key())
                    .col(string_len(KeyFingerprint::Fingerprint, 64))
                    .col(timestamp_with_time_zone(KeyFingerprint::RecordedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RateLimitWindow::Table)
                    .col(string_len(RateLimitWindow::Key, 200))
                    // Seconds since the epoch at the window's start.
                    .col(big_integer(RateLimitWindow::WindowStart))
                    .col(integer(RateLimitWindow::Hits))
                    .primary_key(
                        Index::create()
                            .col(RateLimitWindow::Key)
                            .col(RateLimitWindow::WindowStart),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_limit_window_start")
                    .table(RateLimitWindow::Table)
                    .col(RateLimitWindow::WindowStart)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportProgress::Table)
                    // `company:<id>` or `county:<code>`.
                    .col(string_len(ImportProgress::Owner, 40).primary_key())
                    .col(string_len(ImportProgress::Phase, 16))
                    .col(big_integer(ImportProgress::Done))
                    .col(big_integer(ImportProgress::Total))
                    .col(timestamp_with_time_zone(ImportProgress::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            KeyFingerprint::Table.into_iden(),
            RateLimitWindow::Table.into_iden(),
            ImportProgress::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
