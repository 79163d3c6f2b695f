//! A worker's own link (the QR code on their card and brand badge): an unguessable token,
//! stored only as its SHA-256, valid for a year unless the company revokes it. Issuing a new
//! one revokes the old.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum WorkerLink {
    Table,
    Id,
    WorkerId,
    TokenHash,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WorkerLink::Table)
                    .col(pk_auto(WorkerLink::Id))
                    .col(integer(WorkerLink::WorkerId))
                    .col(string_len(WorkerLink::TokenHash, 64).unique_key())
                    .col(integer_null(WorkerLink::CreatedBy))
                    .col(timestamp_with_time_zone(WorkerLink::CreatedAt))
                    .col(timestamp_with_time_zone(WorkerLink::ExpiresAt))
                    .col(timestamp_with_time_zone_null(WorkerLink::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkerLink::Table, WorkerLink::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_worker_link_worker")
                    .table(WorkerLink::Table)
                    .col(WorkerLink::WorkerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WorkerLink::Table).to_owned())
            .await
    }
}
