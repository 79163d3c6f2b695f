//! Brand management: a brand's standard, recognition tier, trademark and story; companies'
//! applications to join brands (加盟); counties' export bases (劳务输出基地) and their companies;
//! and a promoter's verification of a worker's certificate.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum County {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Company {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Brand {
    Table,
    Id,
    StandardText,
    StandardVersion,
    TierGrantedBy,
    TierGrantedOn,
    TrademarkNumber,
    Story,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BrandMembership {
    Table,
    Id,
    BrandId,
    CompanyId,
    Status,
    Reason,
    AppliedAt,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum ExportBase {
    Table,
    Id,
    CountyCode,
    Name,
    Description,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ExportBaseCompany {
    Table,
    ExportBaseId,
    CompanyId,
    LinkedAt,
}

#[derive(DeriveIden)]
enum Worker {
    Table,
    CertificateStatus,
    CertificateCheckedBy,
    CertificateCheckedAt,
    CertificateRejectReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in [
            text(Brand::StandardText).default("").to_owned(),
            string_len_null(Brand::StandardVersion, 32),
            string_len_null(Brand::TierGrantedBy, 64),
            string_len_null(Brand::TierGrantedOn, 10),
            string_len_null(Brand::TrademarkNumber, 32),
            text(Brand::Story).default("").to_owned(),
            integer(Brand::Version).default(1).to_owned(),
            timestamp_with_time_zone_null(Brand::UpdatedAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Brand::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            string_len(Worker::CertificateStatus, 16)
                .default("unverified")
                .to_owned(),
            integer_null(Worker::CertificateCheckedBy),
            timestamp_with_time_zone_null(Worker::CertificateCheckedAt),
            string_len_null(Worker::CertificateRejectReason, 200),
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
            .create_table(
                Table::create()
                    .table(BrandMembership::Table)
                    .col(pk_auto(BrandMembership::Id))
                    .col(integer(BrandMembership::BrandId))
                    .col(integer(BrandMembership::CompanyId))
                    .col(string_len(BrandMembership::Status, 16))
                    .col(string_len_null(BrandMembership::Reason, 200))
                    .col(timestamp_with_time_zone(BrandMembership::AppliedAt))
                    .col(integer_null(BrandMembership::DecidedBy))
                    .col(timestamp_with_time_zone_null(BrandMembership::DecidedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(BrandMembership::Table, BrandMembership::BrandId)
                            .to(Brand::Table, Brand::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(BrandMembership::Table, BrandMembership::CompanyId)
                            .to(Company::Table, Company::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(BrandMembership::Table, BrandMembership::DecidedBy)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_brand_membership_brand_company")
                    .table(BrandMembership::Table)
                    .col(BrandMembership::BrandId)
                    .col(BrandMembership::CompanyId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ExportBase::Table)
                    .col(pk_auto(ExportBase::Id))
                    .col(string_len(ExportBase::CountyCode, 6))
                    .col(string_len_uniq(ExportBase::Name, 64))
                    .col(text(ExportBase::Description))
                    .col(timestamp_with_time_zone(ExportBase::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExportBase::Table, ExportBase::CountyCode)
                            .to(County::Table, County::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExportBaseCompany::Table)
                    .col(integer(ExportBaseCompany::ExportBaseId))
                    .col(integer(ExportBaseCompany::CompanyId))
                    .col(timestamp_with_time_zone(ExportBaseCompany::LinkedAt))
                    .primary_key(
                        Index::create()
                            .col(ExportBaseCompany::ExportBaseId)
                            .col(ExportBaseCompany::CompanyId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExportBaseCompany::Table, ExportBaseCompany::ExportBaseId)
                            .to(ExportBase::Table, ExportBase::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExportBaseCompany::Table, ExportBaseCompany::CompanyId)
                            .to(Company::Table, Company::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ExportBaseCompany::Table.into_iden(),
            ExportBase::Table.into_iden(),
            BrandMembership::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [
            Worker::CertificateRejectReason.into_iden(),
            Worker::CertificateCheckedAt.into_iden(),
            Worker::CertificateCheckedBy.into_iden(),
            Worker::CertificateStatus.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Worker::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            Brand::UpdatedAt.into_iden(),
            Brand::Version.into_iden(),
            Brand::Story.into_iden(),
            Brand::TrademarkNumber.into_iden(),
            Brand::TierGrantedOn.into_iden(),
            Brand::TierGrantedBy.into_iden(),
            Brand::StandardVersion.into_iden(),
            Brand::StandardText.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Brand::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
