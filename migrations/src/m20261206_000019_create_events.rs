//! Events 活动: job fairs (春风行动, 就业洽谈会, 招聘会, 就业服务月) with the employers and
//! workers taking part, and skill competitions with entrants, scores and awards. A hire
//! request sent from a fair names it, so a fair's outcome is counted from real requests.

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
enum Employer {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum HireRequest {
    Table,
    /// The fair the request was sent from, if any.
    EventId,
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
    /// An `EventKind` code.
    Kind,
    Title,
    /// The organising county (GB/T 2260).
    CountyCode,
    /// The organising labour company, if a company organises it.
    CompanyId,
    /// The brand a competition is for (丁陶杯 for 襄汾烧饼), if any.
    BrandId,
    /// Where it is held: a province code.
    RegionCode,
    Venue,
    /// YYYY-MM-DD.
    StartsOn,
    EndsOn,
    Description,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventEmployer {
    Table,
    EventId,
    EmployerId,
    JoinedAt,
}

#[derive(DeriveIden)]
enum EventWorker {
    Table,
    Id,
    EventId,
    WorkerId,
    RegisteredBy,
    RegisteredAt,
    /// A competition's score in tenths of a point (0–1000).
    ScoreTenths,
    /// An `Award` code.
    Award,
    ResultRecordedBy,
    ResultRecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Event::Table)
                    .col(pk_auto(Event::Id))
                    .col(string_len(Event::Kind, 24))
                    .col(string_len(Event::Title, 64))
                    .col(string_len(Event::CountyCode, 6))
                    .col(integer_null(Event::CompanyId))
                    .col(integer_null(Event::BrandId))
                    .col(string_len(Event::RegionCode, 6))
                    .col(string_len(Event::Venue, 128))
                    .col(string_len(Event::StartsOn, 10))
                    .col(string_len(Event::EndsOn, 10))
                    .col(text(Event::Description))
                    .col(integer_null(Event::CreatedBy))
                    .col(integer(Event::Version).default(1))
                    .col(timestamp_with_time_zone(Event::CreatedAt))
                    .col(timestamp_with_time_zone(Event::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Event::Table, Event::RegionCode)
                            .to(Region::Table, Region::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventEmployer::Table)
                    .col(integer(EventEmployer::EventId))
                    .col(integer(EventEmployer::EmployerId))
                    .col(timestamp_with_time_zone(EventEmployer::JoinedAt))
                    .primary_key(
                        Index::create()
                            .col(EventEmployer::EventId)
                            .col(EventEmployer::EmployerId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventEmployer::Table, EventEmployer::EventId)
                            .to(Event::Table, Event::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventEmployer::Table, EventEmployer::EmployerId)
                            .to(Employer::Table, Employer::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventWorker::Table)
                    .col(pk_auto(EventWorker::Id))
                    .col(integer(EventWorker::EventId))
                    .col(integer(EventWorker::WorkerId))
                    .col(integer_null(EventWorker::RegisteredBy))
                    .col(timestamp_with_time_zone(EventWorker::RegisteredAt))
                    .col(integer_null(EventWorker::ScoreTenths))
                    .col(string_len_null(EventWorker::Award, 16))
                    .col(integer_null(EventWorker::ResultRecordedBy))
                    .col(timestamp_with_time_zone_null(EventWorker::ResultRecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventWorker::Table, EventWorker::EventId)
                            .to(Event::Table, Event::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventWorker::Table, EventWorker::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .to_owned(),
            )
            .await?;
        let indexes = [
            Index::create()
                .name("idx_event_county_starts")
                .table(Event::Table)
                .col(Event::CountyCode)
                .col(Event::StartsOn)
                .to_owned(),
            Index::create()
                .name("uq_event_worker")
                .table(EventWorker::Table)
                .col(EventWorker::EventId)
                .col(EventWorker::WorkerId)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_event_worker_worker")
                .table(EventWorker::Table)
                .col(EventWorker::WorkerId)
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(HireRequest::Table)
                    .add_column(integer_null(HireRequest::EventId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_hire_request_event")
                    .table(HireRequest::Table)
                    .col(HireRequest::EventId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_hire_request_event")
                    .table(HireRequest::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(HireRequest::Table)
                    .drop_column(HireRequest::EventId)
                    .to_owned(),
            )
            .await?;
        for table in [
            EventWorker::Table.into_iden(),
            EventEmployer::Table.into_iden(),
            Event::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
