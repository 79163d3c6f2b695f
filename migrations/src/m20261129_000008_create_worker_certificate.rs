//! A worker's further certificates, beyond the one the ledger row carries (a cook often holds
//! both 中式烹调师 and 中式面点师). Each names its own occupation and is checked by promoters.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum WorkerCertificate {
    Table,
    Id,
    WorkerId,
    Occupation,
    Level,
    Number,
    Issuer,
    IssuedOn,
    Status,
    CheckedBy,
    CheckedAt,
    RejectReason,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WorkerCertificate::Table)
                    .col(pk_auto(WorkerCertificate::Id))
                    .col(integer(WorkerCertificate::WorkerId))
                    .col(string_len(WorkerCertificate::Occupation, 64))
                    .col(string_len(WorkerCertificate::Level, 16))
                    .col(string_len_null(WorkerCertificate::Number, 64))
                    .col(string_len_null(WorkerCertificate::Issuer, 128))
                    .col(string_len_null(WorkerCertificate::IssuedOn, 10))
                    .col(string_len(WorkerCertificate::Status, 16).default("unverified"))
                    .col(integer_null(WorkerCertificate::CheckedBy))
                    .col(timestamp_with_time_zone_null(WorkerCertificate::CheckedAt))
                    .col(string_len_null(WorkerCertificate::RejectReason, 200))
                    .col(timestamp_with_time_zone(WorkerCertificate::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkerCertificate::Table, WorkerCertificate::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_worker_certificate_worker_id")
                    .table(WorkerCertificate::Table)
                    .col(WorkerCertificate::WorkerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WorkerCertificate::Table).to_owned())
            .await
    }
}
