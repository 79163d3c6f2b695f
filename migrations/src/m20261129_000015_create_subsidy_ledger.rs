//! 员工制 enrolment, flexible-employment social insurance (enrolments per scheme, the yearly
//! contribution base, monthly contributions), the dated policy-parameter versions, and the
//! subsidy claims computed from them. Money is integer fen; months are `YYYY-MM`, dates
//! `YYYY-MM-DD`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PolicyVersion {
    Table,
    Id,
    /// None: city-wide.
    CountyCode,
    EffectiveFrom,
    /// Last day in force; none: until replaced.
    EffectiveTo,
    AnnualAverageWageFen,
    BaseFloorPercent,
    BaseCeilingPercent,
    PensionRateBp,
    MedicalRateBp,
    TransportCapFen,
    InsuranceShareNumerator,
    InsuranceShareDenominator,
    InsuranceMaxMonths,
    EmployerHiringFen,
    EmployerInsuranceMonthlyFen,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EmployeeSystemEnrolment {
    Table,
    Id,
    WorkerId,
    CompanyId,
    /// The signed 员工制 contract (one enrolment per contract).
    ContractId,
    /// `WorkArrangement` codes separated by `,`.
    WorkArrangements,
    StartedOn,
    EndedOn,
    EndReason,
    CreatedBy,
    EndedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InsuranceEnrolment {
    Table,
    Id,
    WorkerId,
    CompanyId,
    /// `pension` or `medical`.
    Scheme,
    /// 参保地: the worker's home county.
    InsuredCountyCode,
    StartPeriod,
    /// The last month due, once ended.
    EndPeriod,
    EndReason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ContributionBase {
    Table,
    Id,
    EnrolmentId,
    Year,
    MonthlyBaseFen,
    /// The version whose floor and ceiling it was checked against.
    PolicyVersionId,
    SetBy,
    SetAt,
}

#[derive(DeriveIden)]
enum InsuranceContribution {
    Table,
    Id,
    EnrolmentId,
    WorkerId,
    Period,
    BaseFen,
    PaidFen,
    PaidOn,
    /// `manual` or `statement`.
    Source,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum SubsidyClaim {
    Table,
    Id,
    Kind,
    /// What makes the claim unique within its kind: the same facts never produce a second
    /// claim (`worker:year`, `worker:scheme:period`, `worker:employer`,
    /// `worker:employer:period`).
    FactKey,
    WorkerId,
    /// The labour company: the claimant of worker claims, and whose worker it is.
    CompanyId,
    /// The employer: the claimant of employer claims.
    EmployerId,
    /// Whose promoters review it: the worker's home county.
    CountyCode,
    /// The month (insurance claims) or none.
    Period,
    Year,
    AmountFen,
    /// Transport claims: the actual travel cost the company entered.
    TravelCostFen,
    PolicyVersionId,
    /// The `Explanation` as JSON: rule, version, inputs, formula.
    Explanation,
    State,
    Evidence,
    SubmittedBy,
    SubmittedAt,
    ReviewedBy,
    ReviewedAt,
    RejectReason,
    PaidBy,
    PaidAt,
    PaymentReference,
    RowVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Company {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contract {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PolicyVersion::Table)
                    .col(pk_auto(PolicyVersion::Id))
                    .col(string_len_null(PolicyVersion::CountyCode, 6))
                    .col(string_len(PolicyVersion::EffectiveFrom, 10))
                    .col(string_len_null(PolicyVersion::EffectiveTo, 10))
                    .col(big_integer(PolicyVersion::AnnualAverageWageFen))
                    .col(big_integer(PolicyVersion::BaseFloorPercent))
                    .col(big_integer(PolicyVersion::BaseCeilingPercent))
                    .col(big_integer(PolicyVersion::PensionRateBp))
                    .col(big_integer(PolicyVersion::MedicalRateBp))
                    .col(big_integer(PolicyVersion::TransportCapFen))
                    .col(big_integer(PolicyVersion::InsuranceShareNumerator))
                    .col(big_integer(PolicyVersion::InsuranceShareDenominator))
                    .col(big_integer(PolicyVersion::InsuranceMaxMonths))
                    .col(big_integer(PolicyVersion::EmployerHiringFen))
                    .col(big_integer(PolicyVersion::EmployerInsuranceMonthlyFen))
                    .col(string_len(PolicyVersion::Note, 200))
                    .col(integer_null(PolicyVersion::CreatedBy))
                    .col(timestamp_with_time_zone(PolicyVersion::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // The defaults of design.md, city-wide from the policy's year; admins replace the
        // average wage with the published figure.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(PolicyVersion::Table)
                    .columns([
                        PolicyVersion::EffectiveFrom,
                        PolicyVersion::AnnualAverageWageFen,
                        PolicyVersion::BaseFloorPercent,
                        PolicyVersion::BaseCeilingPercent,
                        PolicyVersion::PensionRateBp,
                        PolicyVersion::MedicalRateBp,
                        PolicyVersion::TransportCapFen,
                        PolicyVersion::InsuranceShareNumerator,
                        PolicyVersion::InsuranceShareDenominator,
                        PolicyVersion::InsuranceMaxMonths,
                        PolicyVersion::EmployerHiringFen,
                        PolicyVersion::EmployerInsuranceMonthlyFen,
                        PolicyVersion::Note,
                        PolicyVersion::CreatedAt,
                    ])
                    .values_panic([
                        "2017-01-01".into(),
                        8_800_000i64.into(),
                        40i64.into(),
                        300i64.into(),
                        2000i64.into(),
                        800i64.into(),
                        80_000i64.into(),
                        2i64.into(),
                        3i64.into(),
                        36i64.into(),
                        0i64.into(),
                        0i64.into(),
                        "临政办发〔2017〕52号 默认值".into(),
                        Expr::current_timestamp(),
                    ])
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmployeeSystemEnrolment::Table)
                    .col(pk_auto(EmployeeSystemEnrolment::Id))
                    .col(integer(EmployeeSystemEnrolment::WorkerId))
                    .col(integer(EmployeeSystemEnrolment::CompanyId))
                    .col(integer_uniq(EmployeeSystemEnrolment::ContractId))
                    .col(string_len(EmployeeSystemEnrolment::WorkArrangements, 64))
                    .col(string_len(EmployeeSystemEnrolment::StartedOn, 10))
                    .col(string_len_null(EmployeeSystemEnrolment::EndedOn, 10))
                    .col(string_len_null(EmployeeSystemEnrolment::EndReason, 200))
                    .col(integer(EmployeeSystemEnrolment::CreatedBy))
                    .col(integer_null(EmployeeSystemEnrolment::EndedBy))
                    .col(timestamp_with_time_zone(EmployeeSystemEnrolment::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                EmployeeSystemEnrolment::Table,
                                EmployeeSystemEnrolment::WorkerId,
                            )
                            .to(Worker::Table, Worker::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                EmployeeSystemEnrolment::Table,
                                EmployeeSystemEnrolment::CompanyId,
                            )
                            .to(Company::Table, Company::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                EmployeeSystemEnrolment::Table,
                                EmployeeSystemEnrolment::ContractId,
                            )
                            .to(Contract::Table, Contract::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InsuranceEnrolment::Table)
                    .col(pk_auto(InsuranceEnrolment::Id))
                    .col(integer(InsuranceEnrolment::WorkerId))
                    .col(integer(InsuranceEnrolment::CompanyId))
                    .col(string_len(InsuranceEnrolment::Scheme, 16))
                    .col(string_len(InsuranceEnrolment::InsuredCountyCode, 6))
                    .col(string_len(InsuranceEnrolment::StartPeriod, 7))
                    .col(string_len_null(InsuranceEnrolment::EndPeriod, 7))
                    .col(string_len_null(InsuranceEnrolment::EndReason, 200))
                    .col(integer(InsuranceEnrolment::CreatedBy))
                    .col(timestamp_with_time_zone(InsuranceEnrolment::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(InsuranceEnrolment::Table, InsuranceEnrolment::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(InsuranceEnrolment::Table, InsuranceEnrolment::CompanyId)
                            .to(Company::Table, Company::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_insurance_enrolment_worker")
                    .table(InsuranceEnrolment::Table)
                    .col(InsuranceEnrolment::WorkerId)
                    .col(InsuranceEnrolment::Scheme)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContributionBase::Table)
                    .col(pk_auto(ContributionBase::Id))
                    .col(integer(ContributionBase::EnrolmentId))
                    .col(integer(ContributionBase::Year))
                    .col(big_integer(ContributionBase::MonthlyBaseFen))
                    .col(integer(ContributionBase::PolicyVersionId))
                    .col(integer(ContributionBase::SetBy))
                    .col(timestamp_with_time_zone(ContributionBase::SetAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContributionBase::Table, ContributionBase::EnrolmentId)
                            .to(InsuranceEnrolment::Table, InsuranceEnrolment::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContributionBase::Table, ContributionBase::PolicyVersionId)
                            .to(PolicyVersion::Table, PolicyVersion::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_contribution_base_year")
                    .table(ContributionBase::Table)
                    .col(ContributionBase::EnrolmentId)
                    .col(ContributionBase::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InsuranceContribution::Table)
                    .col(pk_auto(InsuranceContribution::Id))
                    .col(integer(InsuranceContribution::EnrolmentId))
                    .col(integer(InsuranceContribution::WorkerId))
                    .col(string_len(InsuranceContribution::Period, 7))
                    .col(big_integer(InsuranceContribution::BaseFen))
                    .col(big_integer(InsuranceContribution::PaidFen))
                    .col(string_len_null(InsuranceContribution::PaidOn, 10))
                    .col(string_len(InsuranceContribution::Source, 16))
                    .col(integer(InsuranceContribution::RecordedBy))
                    .col(timestamp_with_time_zone(InsuranceContribution::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                InsuranceContribution::Table,
                                InsuranceContribution::EnrolmentId,
                            )
                            .to(InsuranceEnrolment::Table, InsuranceEnrolment::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // One row per month and scheme: importing a statement twice updates, never doubles.
        manager
            .create_index(
                Index::create()
                    .name("uq_insurance_contribution_period")
                    .table(InsuranceContribution::Table)
                    .col(InsuranceContribution::EnrolmentId)
                    .col(InsuranceContribution::Period)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SubsidyClaim::Table)
                    .col(pk_auto(SubsidyClaim::Id))
                    .col(string_len(SubsidyClaim::Kind, 32))
                    .col(string_len(SubsidyClaim::FactKey, 64))
                    .col(integer(SubsidyClaim::WorkerId))
                    .col(integer(SubsidyClaim::CompanyId))
                    .col(integer_null(SubsidyClaim::EmployerId))
                    .col(string_len(SubsidyClaim::CountyCode, 6))
                    .col(string_len_null(SubsidyClaim::Period, 7))
                    .col(integer(SubsidyClaim::Year))
                    .col(big_integer(SubsidyClaim::AmountFen))
                    .col(big_integer_null(SubsidyClaim::TravelCostFen))
                    .col(integer(SubsidyClaim::PolicyVersionId))
                    .col(text(SubsidyClaim::Explanation))
                    .col(string_len(SubsidyClaim::State, 16))
                    .col(string_len(SubsidyClaim::Evidence, 500))
                    .col(integer_null(SubsidyClaim::SubmittedBy))
                    .col(timestamp_with_time_zone_null(SubsidyClaim::SubmittedAt))
                    .col(integer_null(SubsidyClaim::ReviewedBy))
                    .col(timestamp_with_time_zone_null(SubsidyClaim::ReviewedAt))
                    .col(string_len_null(SubsidyClaim::RejectReason, 200))
                    .col(integer_null(SubsidyClaim::PaidBy))
                    .col(timestamp_with_time_zone_null(SubsidyClaim::PaidAt))
                    .col(string_len_null(SubsidyClaim::PaymentReference, 64))
                    .col(integer(SubsidyClaim::RowVersion))
                    .col(timestamp_with_time_zone(SubsidyClaim::CreatedAt))
                    .col(timestamp_with_time_zone(SubsidyClaim::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SubsidyClaim::Table, SubsidyClaim::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SubsidyClaim::Table, SubsidyClaim::PolicyVersionId)
                            .to(PolicyVersion::Table, PolicyVersion::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The same facts never produce a second claim, whoever computes it and however often.
        manager
            .create_index(
                Index::create()
                    .name("uq_subsidy_claim_fact")
                    .table(SubsidyClaim::Table)
                    .col(SubsidyClaim::Kind)
                    .col(SubsidyClaim::FactKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_subsidy_claim_county")
                    .table(SubsidyClaim::Table)
                    .col(SubsidyClaim::CountyCode)
                    .col(SubsidyClaim::State)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SubsidyClaim::Table.into_iden(),
            InsuranceContribution::Table.into_iden(),
            ContributionBase::Table.into_iden(),
            InsuranceEnrolment::Table.into_iden(),
            EmployeeSystemEnrolment::Table.into_iden(),
            PolicyVersion::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
