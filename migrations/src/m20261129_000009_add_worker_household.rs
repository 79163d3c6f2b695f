//! The worker's 建档立卡 household: its number (members of one household share it) and where
//! it stands (贫困户 / 已脱贫 / 监测户). The county's "at least one member of every poor
//! household employed" target counts by it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Worker {
    Table,
    HouseholdNumber,
    PovertyStatus,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null(Worker::HouseholdNumber, 32),
            string_len_null(Worker::PovertyStatus, 16),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Worker::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_worker_household_number")
                    .table(Worker::Table)
                    .col(Worker::HouseholdNumber)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_worker_household_number")
                    .table(Worker::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Worker::PovertyStatus, Worker::HouseholdNumber] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Worker::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
