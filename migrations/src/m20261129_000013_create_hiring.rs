//! Hiring: employers' registration details and verification, vacancies (空岗信息), hire requests
//! (用工邀约) with one line per requested worker and the history of every line, and the in-app
//! inbox that tells each user what changed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Employer {
    Table,
    Id,
    CreatedAt,
    /// 统一社会信用代码 (GB 32100); null only for employers the city set up before registration.
    CreditCode,
    CityCode,
    CityName,
    Industry,
    ContactName,
    /// Masked: a business contact, shown like every phone number outside the vault.
    ContactPhone,
    /// A promoter or admin checked the employer; until then it may search but not hire.
    VerifiedAt,
    VerifiedBy,
}

#[derive(DeriveIden)]
enum Vacancy {
    Table,
    Id,
    EmployerId,
    Position,
    Occupation,
    Headcount,
    Place,
    RegionCode,
    WageMinFen,
    WageMaxFen,
    /// YYYY-MM-DD (Asia/Shanghai).
    StartsOn,
    EndsOn,
    Housing,
    Meals,
    Insurance,
    Requirements,
    Status,
    /// Bumped on every change: an edit based on an older version is refused (409).
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum HireRequest {
    Table,
    Id,
    EmployerId,
    CompanyId,
    VacancyId,
    /// `employer` (the employer asked) or `company` (the company proposed workers).
    StartedBy,
    Position,
    Place,
    RegionCode,
    MonthlyWageFen,
    StartDate,
    TermMonths,
    Conditions,
    Message,
    CreatedBy,
    CreatedAt,
    /// Open lines not answered by then expire.
    ExpiresAt,
}

#[derive(DeriveIden)]
enum HireLine {
    Table,
    Id,
    HireRequestId,
    WorkerId,
    /// A `HireState` code.
    State,
    DeclineReason,
    CounterWageFen,
    CounterStartDate,
    /// The terms both sides agreed to, set on acceptance.
    AgreedWageFen,
    AgreedStartDate,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum HireEvent {
    Table,
    Id,
    HireLineId,
    FromState,
    ToState,
    Action,
    /// `employer`, `company` or `system`.
    Side,
    ActorId,
    Detail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InboxMessage {
    Table,
    Id,
    UserId,
    Kind,
    Title,
    Body,
    /// The page the message is about.
    Link,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Company {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null(Employer::CreditCode, 18),
            string_len_null(Employer::CityCode, 6),
            string_len_null(Employer::CityName, 16),
            string_len_null(Employer::Industry, 32),
            string_len_null(Employer::ContactName, 32),
            string_len_null(Employer::ContactPhone, 16),
            timestamp_with_time_zone_null(Employer::VerifiedAt),
            integer_null(Employer::VerifiedBy),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Employer::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // Employers the city set up before self-registration existed were vetted by the city.
        manager
            .exec_stmt(
                Query::update()
                    .table(Employer::Table)
                    .value(Employer::VerifiedAt, Expr::col(Employer::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_employer_credit_code")
                    .table(Employer::Table)
                    .col(Employer::CreditCode)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Vacancy::Table)
                    .col(pk_auto(Vacancy::Id))
                    .col(integer(Vacancy::EmployerId))
                    .col(string_len(Vacancy::Position, 32))
                    .col(string_len(Vacancy::Occupation, 32))
                    .col(integer(Vacancy::Headcount))
                    .col(string_len(Vacancy::Place, 64))
                    .col(string_len(Vacancy::RegionCode, 6))
                    .col(big_integer(Vacancy::WageMinFen))
                    .col(big_integer(Vacancy::WageMaxFen))
                    .col(string_len(Vacancy::StartsOn, 10))
                    .col(string_len_null(Vacancy::EndsOn, 10))
                    .col(boolean(Vacancy::Housing))
                    .col(boolean(Vacancy::Meals))
                    .col(boolean(Vacancy::Insurance))
                    .col(text(Vacancy::Requirements))
                    .col(string_len(Vacancy::Status, 16))
                    .col(integer(Vacancy::Version))
                    .col(integer(Vacancy::CreatedBy))
                    .col(timestamp_with_time_zone(Vacancy::CreatedAt))
                    .col(timestamp_with_time_zone(Vacancy::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Vacancy::Table, Vacancy::EmployerId)
                            .to(Employer::Table, Employer::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Vacancy::Table, Vacancy::RegionCode)
                            .to(Region::Table, Region::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_vacancy_status_region")
                    .table(Vacancy::Table)
                    .col(Vacancy::Status)
                    .col(Vacancy::RegionCode)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(HireRequest::Table)
                    .col(pk_auto(HireRequest::Id))
                    .col(integer(HireRequest::EmployerId))
                    .col(integer(HireRequest::CompanyId))
                    .col(integer_null(HireRequest::VacancyId))
                    .col(string_len(HireRequest::StartedBy, 16))
                    .col(string_len(HireRequest::Position, 32))
                    .col(string_len(HireRequest::Place, 64))
                    .col(string_len(HireRequest::RegionCode, 6))
                    .col(big_integer(HireRequest::MonthlyWageFen))
                    .col(string_len(HireRequest::StartDate, 10))
                    .col(integer(HireRequest::TermMonths))
                    .col(text(HireRequest::Conditions))
                    .col(text(HireRequest::Message))
                    .col(integer(HireRequest::CreatedBy))
                    .col(timestamp_with_time_zone(HireRequest::CreatedAt))
                    .col(timestamp_with_time_zone(HireRequest::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(HireRequest::Table, HireRequest::EmployerId)
                            .to(Employer::Table, Employer::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(HireRequest::Table, HireRequest::CompanyId)
                            .to(Company::Table, Company::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(HireRequest::Table, HireRequest::VacancyId)
                            .to(Vacancy::Table, Vacancy::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_hire_request_employer", HireRequest::EmployerId),
            ("idx_hire_request_company", HireRequest::CompanyId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(HireRequest::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(HireLine::Table)
                    .col(pk_auto(HireLine::Id))
                    .col(integer(HireLine::HireRequestId))
                    .col(integer(HireLine::WorkerId))
                    .col(string_len(HireLine::State, 16))
                    .col(string_len_null(HireLine::DeclineReason, 200))
                    .col(big_integer_null(HireLine::CounterWageFen))
                    .col(string_len_null(HireLine::CounterStartDate, 10))
                    .col(big_integer_null(HireLine::AgreedWageFen))
                    .col(string_len_null(HireLine::AgreedStartDate, 10))
                    .col(integer(HireLine::Version))
                    .col(timestamp_with_time_zone(HireLine::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(HireLine::Table, HireLine::HireRequestId)
                            .to(HireRequest::Table, HireRequest::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(HireLine::Table, HireLine::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_hire_line_worker")
                    .table(HireLine::Table)
                    .col(HireLine::HireRequestId)
                    .col(HireLine::WorkerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_hire_line_worker_state")
                    .table(HireLine::Table)
                    .col(HireLine::WorkerId)
                    .col(HireLine::State)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(HireEvent::Table)
                    .col(pk_auto(HireEvent::Id))
                    .col(integer(HireEvent::HireLineId))
                    .col(string_len_null(HireEvent::FromState, 16))
                    .col(string_len(HireEvent::ToState, 16))
                    .col(string_len(HireEvent::Action, 16))
                    .col(string_len(HireEvent::Side, 16))
                    .col(integer_null(HireEvent::ActorId))
                    .col(text(HireEvent::Detail))
                    .col(timestamp_with_time_zone(HireEvent::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(HireEvent::Table, HireEvent::HireLineId)
                            .to(HireLine::Table, HireLine::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_hire_event_line")
                    .table(HireEvent::Table)
                    .col(HireEvent::HireLineId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InboxMessage::Table)
                    .col(big_pk_auto(InboxMessage::Id))
                    .col(integer(InboxMessage::UserId))
                    .col(string_len(InboxMessage::Kind, 32))
                    .col(string_len(InboxMessage::Title, 128))
                    .col(text(InboxMessage::Body))
                    .col(string_len(InboxMessage::Link, 256))
                    .col(timestamp_with_time_zone_null(InboxMessage::ReadAt))
                    .col(timestamp_with_time_zone(InboxMessage::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(InboxMessage::Table, InboxMessage::UserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inbox_message_user")
                    .table(InboxMessage::Table)
                    .col(InboxMessage::UserId)
                    .col(InboxMessage::ReadAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            InboxMessage::Table.into_iden(),
            HireEvent::Table.into_iden(),
            HireLine::Table.into_iden(),
            HireRequest::Table.into_iden(),
            Vacancy::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("uq_employer_credit_code")
                    .table(Employer::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Employer::VerifiedBy,
            Employer::VerifiedAt,
            Employer::ContactPhone,
            Employer::ContactName,
            Employer::Industry,
            Employer::CityName,
            Employer::CityCode,
            Employer::CreditCode,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Employer::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
