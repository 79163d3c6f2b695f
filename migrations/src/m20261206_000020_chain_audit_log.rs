//! A tamper-evident audit log: each entry carries its place in one chain (`seq`), the hash of
//! the entry before it and its own keyed hash (HMAC-SHA256 with a key from secrets.toml, which
//! the database never holds). `audit_chain` is the chain's head: the last place and hash,
//! locked by every write so entries join the chain one at a time, and the chain's id, by which
//! a process finds the key it loaded for this database.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditChain {
    Table,
    Id,
    ChainId,
    /// The last entry's place; 0 for an empty chain.
    Seq,
    /// The last entry's hash; empty for an empty chain.
    LastHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            big_integer_null(AuditLog::Seq),
            string_len_null(AuditLog::PrevHash, 64),
            string_len_null(AuditLog::Hash, 64),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditLog::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("uq_audit_log_seq")
                    .table(AuditLog::Table)
                    .col(AuditLog::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditChain::Table)
                    .col(integer(AuditChain::Id).primary_key())
                    .col(string_len(AuditChain::ChainId, 32))
                    .col(big_integer(AuditChain::Seq).default(0))
                    .col(string_len(AuditChain::LastHash, 64).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditChain::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_audit_log_seq")
                    .table(AuditLog::Table)
                    .to_owned(),
            )
            .await?;
        for column in [AuditLog::Hash, AuditLog::PrevHash, AuditLog::Seq] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditLog::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
