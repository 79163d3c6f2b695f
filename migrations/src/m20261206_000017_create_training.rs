//! Training 培训: institutions, programmes and enrolments with their results, the policy's
//! training and 技能鉴定 subsidy amounts as parameters, and what unmet demand needs to be
//! grouped (the occupation and region asked for, how many were found, the month).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum County {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Brand {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TrainingInstitution {
    Table,
    Id,
    Name,
    /// The county it was registered in (a promoter's, or the creating company's).
    CountyCode,
    Address,
    Contact,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TrainingProgramme {
    Table,
    Id,
    Title,
    /// None while a draft has no institution chosen yet.
    InstitutionId,
    CountyCode,
    Occupation,
    /// A `TrainingType` code.
    TrainingType,
    /// A `TrainingMode` code.
    Mode,
    StartsOn,
    EndsOn,
    Place,
    Seats,
    /// 免费 (counts for the free-once target) or fee-paying.
    Free,
    FeeFen,
    /// The brand it prepares workers for, if any.
    BrandId,
    /// Set when a brand company (not a promoter) runs it.
    CompanyId,
    /// A `ProgrammeStatus` code: draft, published, cancelled.
    Status,
    /// Where a draft came from (an unmet-demand group), in words.
    DemandNote,
    /// The region of the unmet-demand group a draft came from (none: no region).
    DemandRegionCode,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrainingEnrolment {
    Table,
    Id,
    ProgrammeId,
    WorkerId,
    EnrolledBy,
    /// The worker's first free training: the one the target counts.
    FreeOnce,
    /// Why a worker who already had a free training is enrolled in another free one.
    RepeatReason,
    AttendancePercent,
    /// An `EnrolmentResult` code: pending, passed, failed.
    Result,
    Score,
    CertificateNumber,
    /// The worker certificate a passing result created.
    CertificateId,
    ResultOn,
    ResultBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UnmetSearch {
    Table,
    /// The work asked for: the occupation chip, else the query's words.
    Occupation,
    /// The region the workers were wanted in: the region chip, else the employer's.
    RegionCode,
    ResultCount,
    /// YYYY-MM, Asia/Shanghai.
    Month,
}

#[derive(DeriveIden)]
enum PolicyVersion {
    Table,
    /// 职业培训补贴 per free trainee who passed.
    TrainingPerPersonFen,
    /// 创业培训补贴 per free trainee who passed an entrepreneurship course.
    EntrepreneurshipTrainingFen,
    /// 技能鉴定补贴 per certificate obtained through a free training.
    SkillAppraisalFen,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TrainingInstitution::Table)
                    .col(pk_auto(TrainingInstitution::Id))
                    .col(string_len(TrainingInstitution::Name, 64))
                    .col(string_len(TrainingInstitution::CountyCode, 6))
                    .col(string_len(TrainingInstitution::Address, 128).default(""))
                    .col(string_len(TrainingInstitution::Contact, 64).default(""))
                    .col(integer_null(TrainingInstitution::CreatedBy))
                    .col(timestamp_with_time_zone(TrainingInstitution::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingInstitution::Table, TrainingInstitution::CountyCode)
                            .to(County::Table, County::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrainingProgramme::Table)
                    .col(pk_auto(TrainingProgramme::Id))
                    .col(string_len(TrainingProgramme::Title, 64))
                    .col(integer_null(TrainingProgramme::InstitutionId))
                    .col(string_len(TrainingProgramme::CountyCode, 6))
                    .col(string_len(TrainingProgramme::Occupation, 32))
                    .col(string_len(TrainingProgramme::TrainingType, 24))
                    .col(string_len(TrainingProgramme::Mode, 24))
                    .col(string_len(TrainingProgramme::StartsOn, 10))
                    .col(string_len(TrainingProgramme::EndsOn, 10))
                    .col(string_len(TrainingProgramme::Place, 128))
                    .col(integer(TrainingProgramme::Seats))
                    .col(boolean(TrainingProgramme::Free))
                    .col(big_integer(TrainingProgramme::FeeFen).default(0))
                    .col(integer_null(TrainingProgramme::BrandId))
                    .col(integer_null(TrainingProgramme::CompanyId))
                    .col(string_len(TrainingProgramme::Status, 16))
                    .col(string_len_null(TrainingProgramme::DemandNote, 200))
                    .col(string_len_null(TrainingProgramme::DemandRegionCode, 6))
                    .col(integer_null(TrainingProgramme::CreatedBy))
                    .col(integer(TrainingProgramme::Version).default(1))
                    .col(timestamp_with_time_zone(TrainingProgramme::CreatedAt))
                    .col(timestamp_with_time_zone(TrainingProgramme::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingProgramme::Table, TrainingProgramme::InstitutionId)
                            .to(TrainingInstitution::Table, TrainingInstitution::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingProgramme::Table, TrainingProgramme::CountyCode)
                            .to(County::Table, County::Code),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingProgramme::Table, TrainingProgramme::BrandId)
                            .to(Brand::Table, Brand::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrainingEnrolment::Table)
                    .col(pk_auto(TrainingEnrolment::Id))
                    .col(integer(TrainingEnrolment::ProgrammeId))
                    .col(integer(TrainingEnrolment::WorkerId))
                    .col(integer_null(TrainingEnrolment::EnrolledBy))
                    .col(boolean(TrainingEnrolment::FreeOnce))
                    .col(string_len_null(TrainingEnrolment::RepeatReason, 200))
                    .col(integer_null(TrainingEnrolment::AttendancePercent))
                    .col(string_len(TrainingEnrolment::Result, 16))
                    .col(integer_null(TrainingEnrolment::Score))
                    .col(string_len_null(TrainingEnrolment::CertificateNumber, 64))
                    .col(integer_null(TrainingEnrolment::CertificateId))
                    .col(string_len_null(TrainingEnrolment::ResultOn, 10))
                    .col(integer_null(TrainingEnrolment::ResultBy))
                    .col(integer(TrainingEnrolment::Version).default(1))
                    .col(timestamp_with_time_zone(TrainingEnrolment::CreatedAt))
                    .col(timestamp_with_time_zone(TrainingEnrolment::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingEnrolment::Table, TrainingEnrolment::ProgrammeId)
                            .to(TrainingProgramme::Table, TrainingProgramme::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrainingEnrolment::Table, TrainingEnrolment::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .to_owned(),
            )
            .await?;

        // SQLite takes one column per ALTER TABLE.
        for column in [
            string_len_null(UnmetSearch::Occupation, 64),
            string_len_null(UnmetSearch::RegionCode, 6),
            integer(UnmetSearch::ResultCount).default(0).to_owned(),
            string_len_null(UnmetSearch::Month, 7),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(UnmetSearch::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // Placeholders an admin replaces with the county's published standard.
        for (column, default) in [
            (PolicyVersion::TrainingPerPersonFen, 100_000_i64),
            (PolicyVersion::EntrepreneurshipTrainingFen, 100_000),
            (PolicyVersion::SkillAppraisalFen, 15_000),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PolicyVersion::Table)
                        .add_column(big_integer(column).default(default))
                        .to_owned(),
                )
                .await?;
        }

        let indexes = [
            Index::create()
                .name("uq_training_institution_name")
                .table(TrainingInstitution::Table)
                .col(TrainingInstitution::CountyCode)
                .col(TrainingInstitution::Name)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_training_programme_status_start")
                .table(TrainingProgramme::Table)
                .col(TrainingProgramme::Status)
                .col(TrainingProgramme::StartsOn)
                .to_owned(),
            Index::create()
                .name("idx_training_programme_county")
                .table(TrainingProgramme::Table)
                .col(TrainingProgramme::CountyCode)
                .to_owned(),
            Index::create()
                .name("uq_training_enrolment_worker")
                .table(TrainingEnrolment::Table)
                .col(TrainingEnrolment::ProgrammeId)
                .col(TrainingEnrolment::WorkerId)
                .unique()
                .to_owned(),
            Index::create()
                .name("idx_training_enrolment_worker")
                .table(TrainingEnrolment::Table)
                .col(TrainingEnrolment::WorkerId)
                .col(TrainingEnrolment::FreeOnce)
                .to_owned(),
            Index::create()
                .name("idx_training_enrolment_updated_at")
                .table(TrainingEnrolment::Table)
                .col(TrainingEnrolment::UpdatedAt)
                .to_owned(),
            Index::create()
                .name("idx_unmet_search_month")
                .table(UnmetSearch::Table)
                .col(UnmetSearch::Month)
                .to_owned(),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_unmet_search_month")
                    .table(UnmetSearch::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            UnmetSearch::Occupation,
            UnmetSearch::RegionCode,
            UnmetSearch::ResultCount,
            UnmetSearch::Month,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(UnmetSearch::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            PolicyVersion::TrainingPerPersonFen,
            PolicyVersion::EntrepreneurshipTrainingFen,
            PolicyVersion::SkillAppraisalFen,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(PolicyVersion::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            TrainingEnrolment::Table.into_iden(),
            TrainingProgramme::Table.into_iden(),
            TrainingInstitution::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
