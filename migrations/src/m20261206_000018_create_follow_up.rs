//! Follow-up care at the destination: service stations (联络、维权、应急服务站) in receiving
//! regions, the brands each serves, and follow-up cases (跟踪服务) with their notes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PolicyVersion {
    Table,
    /// 就业服务补贴 per person a station served in a year: default 30,000 (300 yuan).
    StationServiceFen,
}

#[derive(DeriveIden)]
enum Brand {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ServiceStation {
    Table,
    Id,
    Name,
    /// The receiving province (GB/T 2260).
    RegionCode,
    /// The city or district within it, in words.
    City,
    Address,
    ContactName,
    ContactPhone,
    /// The labour company that runs it, if a company does.
    CompanyId,
    /// The county that runs it (or the running company's county).
    CountyCode,
    /// The export base it serves, if any.
    ExportBaseId,
    Active,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StationBrand {
    Table,
    StationId,
    BrandId,
}

#[derive(DeriveIden)]
enum FollowUpCase {
    Table,
    Id,
    WorkerId,
    StationId,
    /// A `CaseKind` code.
    Kind,
    Subject,
    /// YYYY-MM-DD.
    OpenedOn,
    /// `open` or `resolved`.
    Status,
    Outcome,
    ResolvedOn,
    /// The placement that brought the worker to the station's region (welcome cases).
    PlacementId,
    OpenedBy,
    /// The last note or change: an open case without one for too long is overdue.
    LastActivityAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CaseNote {
    Table,
    Id,
    CaseId,
    AuthorId,
    AuthorName,
    Body,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServiceStation::Table)
                    .col(pk_auto(ServiceStation::Id))
                    .col(string_len(ServiceStation::Name, 64))
                    .col(string_len(ServiceStation::RegionCode, 6))
                    .col(string_len(ServiceStation::City, 32).default(""))
                    .col(string_len(ServiceStation::Address, 128))
                    .col(string_len(ServiceStation::ContactName, 32))
                    .col(string_len(ServiceStation::ContactPhone, 20))
                    .col(integer_null(ServiceStation::CompanyId))
                    .col(string_len(ServiceStation::CountyCode, 6))
                    .col(integer_null(ServiceStation::ExportBaseId))
                    .col(boolean(ServiceStation::Active).default(true))
                    .col(integer_null(ServiceStation::CreatedBy))
                    .col(integer(ServiceStation::Version).default(1))
                    .col(timestamp_with_time_zone(ServiceStation::CreatedAt))
                    .col(timestamp_with_time_zone(ServiceStation::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ServiceStation::Table, ServiceStation::RegionCode)
                            .to(Region::Table, Region::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StationBrand::Table)
                    .col(integer(StationBrand::StationId))
                    .col(integer(StationBrand::BrandId))
                    .primary_key(
                        Index::create()
                            .col(StationBrand::StationId)
                            .col(StationBrand::BrandId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StationBrand::Table, StationBrand::StationId)
                            .to(ServiceStation::Table, ServiceStation::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StationBrand::Table, StationBrand::BrandId)
                            .to(Brand::Table, Brand::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUpCase::Table)
                    .col(pk_auto(FollowUpCase::Id))
                    .col(integer(FollowUpCase::WorkerId))
                    .col(integer(FollowUpCase::StationId))
                    .col(string_len(FollowUpCase::Kind, 24))
                    .col(string_len(FollowUpCase::Subject, 100))
                    .col(string_len(FollowUpCase::OpenedOn, 10))
                    .col(string_len(FollowUpCase::Status, 12))
                    .col(string_len_null(FollowUpCase::Outcome, 500))
                    .col(string_len_null(FollowUpCase::ResolvedOn, 10))
                    .col(integer_null(FollowUpCase::PlacementId))
                    .col(integer_null(FollowUpCase::OpenedBy))
                    .col(timestamp_with_time_zone(FollowUpCase::LastActivityAt))
                    .col(integer(FollowUpCase::Version).default(1))
                    .col(timestamp_with_time_zone(FollowUpCase::CreatedAt))
                    .col(timestamp_with_time_zone(FollowUpCase::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FollowUpCase::Table, FollowUpCase::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FollowUpCase::Table, FollowUpCase::StationId)
                            .to(ServiceStation::Table, ServiceStation::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseNote::Table)
                    .col(pk_auto(CaseNote::Id))
                    .col(integer(CaseNote::CaseId))
                    .col(integer_null(CaseNote::AuthorId))
                    .col(string_len(CaseNote::AuthorName, 64))
                    .col(text(CaseNote::Body))
                    .col(timestamp_with_time_zone(CaseNote::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseNote::Table, CaseNote::CaseId)
                            .to(FollowUpCase::Table, FollowUpCase::Id),
                    )
                    .to_owned(),
            )
            .await?;
        let indexes = [
            Index::create()
                .name("idx_service_station_region")
                .table(ServiceStation::Table)
                .col(ServiceStation::RegionCode)
                .to_owned(),
            Index::create()
                .name("idx_follow_up_case_station")
                .table(FollowUpCase::Table)
                .col(FollowUpCase::StationId)
                .col(FollowUpCase::Status)
                .to_owned(),
            Index::create()
                .name("idx_follow_up_case_worker")
                .table(FollowUpCase::Table)
                .col(FollowUpCase::WorkerId)
                .to_owned(),
            Index::create()
                .name("uq_follow_up_case_placement")
                .table(FollowUpCase::Table)
                .col(FollowUpCase::PlacementId)
                .col(FollowUpCase::StationId)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_case_note_case")
                .table(CaseNote::Table)
                .col(CaseNote::CaseId)
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(PolicyVersion::Table)
                    .add_column(big_integer(PolicyVersion::StationServiceFen).default(30_000))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(PolicyVersion::Table)
                    .drop_column(PolicyVersion::StationServiceFen)
                    .to_owned(),
            )
            .await?;
        for table in [
            CaseNote::Table.into_iden(),
            FollowUpCase::Table.into_iden(),
            StationBrand::Table.into_iden(),
            ServiceStation::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
