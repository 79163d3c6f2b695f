//! The real-name roster: companies get their credit code and contacts; workers with their
//! ledger fields. ID and phone numbers are stored only encrypted, with a keyed hash (blind
//! index) whose unique constraint makes a person belong to exactly one company.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Company {
    Table,
    Id,
    CreditCode,
    ContactName,
    ContactPhone,
}

#[derive(DeriveIden)]
enum County {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
    CompanyId,
    Name,
    IdNumberEnc,
    IdNumberIndex,
    IdNumberMasked,
    BirthDate,
    Sex,
    PhoneEnc,
    PhoneMasked,
    HouseholdCountyCode,
    PovertyRegistered,
    Occupations,
    CertificateLevel,
    CertificateNumber,
    CertificateIssuer,
    CertificateDate,
    YearsExperience,
    ExpectedWageFen,
    TargetRegions,
    AvailableFrom,
    Bio,
    Active,
    ConsentAt,
    ConsentMethod,
    ConsentScope,
    /// SHA-256 of the worker's ledger row in canonical form: an unchanged re-import is a no-op.
    LedgerHash,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in [
            string_len_null(Company::CreditCode, 18),
            string_len_null(Company::ContactName, 64),
            string_len_null(Company::ContactPhone, 32),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Company::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("uq_company_credit_code")
                    .table(Company::Table)
                    .col(Company::CreditCode)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Worker::Table)
                    .col(pk_auto(Worker::Id))
                    .col(integer(Worker::CompanyId))
                    .col(string_len(Worker::Name, 64))
                    .col(string_len(Worker::IdNumberEnc, 128))
                    .col(string_len_uniq(Worker::IdNumberIndex, 64))
                    .col(string_len(Worker::IdNumberMasked, 18))
                    .col(string_len(Worker::BirthDate, 10))
                    .col(string_len(Worker::Sex, 8))
                    .col(string_len(Worker::PhoneEnc, 128))
                    .col(string_len(Worker::PhoneMasked, 11))
                    .col(string_len_null(Worker::HouseholdCountyCode, 6))
                    .col(boolean(Worker::PovertyRegistered).default(false))
                    .col(text(Worker::Occupations))
                    .col(string_len_null(Worker::CertificateLevel, 16))
                    .col(string_len_null(Worker::CertificateNumber, 64))
                    .col(string_len_null(Worker::CertificateIssuer, 128))
                    .col(string_len_null(Worker::CertificateDate, 10))
                    .col(integer_null(Worker::YearsExperience))
                    .col(big_integer_null(Worker::ExpectedWageFen))
                    .col(text(Worker::TargetRegions))
                    .col(string_len_null(Worker::AvailableFrom, 10))
                    .col(text(Worker::Bio))
                    .col(boolean(Worker::Active).default(true))
                    .col(timestamp_with_time_zone_null(Worker::ConsentAt))
                    .col(string_len_null(Worker::ConsentMethod, 32))
                    .col(string_len_null(Worker::ConsentScope, 128))
                    .col(string_len(Worker::LedgerHash, 64))
                    .col(integer(Worker::Version).default(1))
                    .col(timestamp_with_time_zone(Worker::CreatedAt))
                    .col(timestamp_with_time_zone(Worker::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Worker::Table, Worker::CompanyId)
                            .to(Company::Table, Company::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Worker::Table, Worker::HouseholdCountyCode)
                            .to(County::Table, County::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_worker_company_id")
                    .table(Worker::Table)
                    .col(Worker::CompanyId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Worker::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_company_credit_code")
                    .table(Company::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Company::ContactPhone,
            Company::ContactName,
            Company::CreditCode,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Company::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
