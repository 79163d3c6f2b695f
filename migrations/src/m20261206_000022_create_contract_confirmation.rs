//! The worker's own confirmation of a contract version's content, given on their link before
//! the company signs on their behalf. It names the content hash it confirms, so an edit of the
//! draft (a new hash) needs a new confirmation.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contract {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum WorkerLink {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ContractConfirmation {
    Table,
    Id,
    ContractId,
    ContentHash,
    WorkerLinkId,
    ConfirmedAt,
    ClientIp,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContractConfirmation::Table)
                    .col(pk_auto(ContractConfirmation::Id))
                    .col(integer(ContractConfirmation::ContractId))
                    .col(string_len(ContractConfirmation::ContentHash, 64))
                    .col(integer(ContractConfirmation::WorkerLinkId))
                    .col(timestamp_with_time_zone(ContractConfirmation::ConfirmedAt))
                    .col(string_len(ContractConfirmation::ClientIp, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ContractConfirmation::Table,
                                ContractConfirmation::ContractId,
                            )
                            .to(Contract::Table, Contract::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ContractConfirmation::Table,
                                ContractConfirmation::WorkerLinkId,
                            )
                            .to(WorkerLink::Table, WorkerLink::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contract_confirmation_hash")
                    .table(ContractConfirmation::Table)
                    .col(ContractConfirmation::ContractId)
                    .col(ContractConfirmation::ContentHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContractConfirmation::Table).to_owned())
            .await
    }
}
