//! Labour contracts: versions drafted from an accepted hire line, the parties' signatures (who,
//! when, from where, and the SHA-256 of the content they signed), the clause templates admins
//! edit, and the placements (输出就业) a signed contract starts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contract {
    Table,
    Id,
    /// The hire line the contract is for: all versions of one contract share it.
    HireLineId,
    VersionNumber,
    /// The signed version this one amends.
    AmendsId,
    EmployerId,
    CompanyId,
    WorkerId,
    Kind,
    /// The terms as canonical JSON (`ContractTerms`): what is shown, printed and hashed.
    Terms,
    State,
    /// SHA-256 (hex) of `terms` once every party signed.
    ContentHash,
    /// Bumped on every change: a change based on an older one is refused (409).
    RowVersion,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    SignedAt,
    TerminatedOn,
    TerminationReason,
    TerminatedBy,
}

#[derive(DeriveIden)]
enum ContractSignature {
    Table,
    Id,
    ContractId,
    Party,
    UserId,
    SignedAt,
    ClientIp,
    ContentHash,
    /// How the worker confirmed what the company signs on their behalf.
    WorkerConfirmationMethod,
    WorkerConfirmedOn,
}

#[derive(DeriveIden)]
enum ContractTemplate {
    Table,
    Id,
    Kind,
    Rest,
    SocialInsurance,
    LabourProtection,
    Other,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Placement {
    Table,
    Id,
    HireLineId,
    ContractId,
    WorkerId,
    EmployerId,
    CompanyId,
    Position,
    Place,
    RegionCode,
    CrossProvince,
    StartsOn,
    EndsOn,
    EndReason,
    EndedBy,
    State,
    CreatedAt,
}

#[derive(DeriveIden)]
enum HireLine {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

const DEFAULT_CLAUSES: [(&str, &str, &str, &str, &str); 2] = [
    (
        "direct",
        "甲方执行国家工时制度，保证乙方每周至少休息一日；安排加班的，依法支付加班工资或安排补休。乙方依法享受法定节假日、年休假、婚丧假、产假等假期。",
        "甲方依法为乙方办理基本养老、基本医疗、失业、工伤、生育等社会保险并按时足额缴费，个人缴费部分由甲方从乙方工资中代扣代缴。",
        "甲方为乙方提供符合国家规定的劳动安全卫生条件和必要的劳动防护用品，对从事有职业危害作业的乙方定期进行健康检查，并进行岗前安全培训。",
        "甲方为外地务工的乙方提供住宿或住宿补贴；双方如发生劳动争议，可向用工地或劳动者户籍地劳动人事争议仲裁委员会申请仲裁。",
    ),
    (
        "employee_system",
        "甲方（劳务公司）与用工单位约定乙方的工作时间，保证乙方每周至少休息一日；可按约定实行弹性工时、轮岗轮休。乙方依法享受法定节假日和带薪年休假。",
        "甲方作为用人单位，依法在乙方户籍地为乙方办理基本养老保险和基本医疗保险（可按灵活就业人员参保），并按规定申请社会保险补贴；用工单位依法为乙方办理工伤保险。",
        "用工单位提供符合国家规定的劳动安全卫生条件和劳动防护用品，甲方督促用工单位落实，并在用工地服务站为乙方提供维权和应急服务。",
        "甲方负责乙方的跟踪服务；乙方在用工单位的劳动报酬不低于当地同岗位水平。双方如发生劳动争议，可申请劳动人事争议仲裁。",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Contract::Table)
                    .col(pk_auto(Contract::Id))
                    .col(integer(Contract::HireLineId))
                    .col(integer(Contract::VersionNumber))
                    .col(integer_null(Contract::AmendsId))
                    .col(integer(Contract::EmployerId))
                    .col(integer(Contract::CompanyId))
                    .col(integer(Contract::WorkerId))
                    .col(string_len(Contract::Kind, 32))
                    .col(text(Contract::Terms))
                    .col(string_len(Contract::State, 32))
                    .col(string_len_null(Contract::ContentHash, 64))
                    .col(integer(Contract::RowVersion))
                    .col(integer(Contract::CreatedBy))
                    .col(timestamp_with_time_zone(Contract::CreatedAt))
                    .col(timestamp_with_time_zone(Contract::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Contract::SignedAt))
                    .col(string_len_null(Contract::TerminatedOn, 10))
                    .col(string_len_null(Contract::TerminationReason, 200))
                    .col(integer_null(Contract::TerminatedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contract::Table, Contract::HireLineId)
                            .to(HireLine::Table, HireLine::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contract::Table, Contract::AmendsId)
                            .to(Contract::Table, Contract::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // One version number per contract: two amendments at once cannot both be version 2.
        manager
            .create_index(
                Index::create()
                    .name("uq_contract_line_version")
                    .table(Contract::Table)
                    .col(Contract::HireLineId)
                    .col(Contract::VersionNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContractSignature::Table)
                    .col(pk_auto(ContractSignature::Id))
                    .col(integer(ContractSignature::ContractId))
                    .col(string_len(ContractSignature::Party, 16))
                    .col(integer(ContractSignature::UserId))
                    .col(timestamp_with_time_zone(ContractSignature::SignedAt))
                    .col(string_len(ContractSignature::ClientIp, 64))
                    .col(string_len(ContractSignature::ContentHash, 64))
                    .col(string_len_null(
                        ContractSignature::WorkerConfirmationMethod,
                        64,
                    ))
                    .col(string_len_null(ContractSignature::WorkerConfirmedOn, 10))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContractSignature::Table, ContractSignature::ContractId)
                            .to(Contract::Table, Contract::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContractSignature::Table, ContractSignature::UserId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_contract_signature_party")
                    .table(ContractSignature::Table)
                    .col(ContractSignature::ContractId)
                    .col(ContractSignature::Party)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContractTemplate::Table)
                    .col(pk_auto(ContractTemplate::Id))
                    .col(string_len_uniq(ContractTemplate::Kind, 32))
                    .col(text(ContractTemplate::Rest))
                    .col(text(ContractTemplate::SocialInsurance))
                    .col(text(ContractTemplate::LabourProtection))
                    .col(text(ContractTemplate::Other))
                    .col(integer_null(ContractTemplate::UpdatedBy))
                    .col(timestamp_with_time_zone(ContractTemplate::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        let mut templates = Query::insert()
            .into_table(ContractTemplate::Table)
            .columns([
                ContractTemplate::Kind,
                ContractTemplate::Rest,
                ContractTemplate::SocialInsurance,
                ContractTemplate::LabourProtection,
                ContractTemplate::Other,
                ContractTemplate::UpdatedAt,
            ])
            .to_owned();
        for (kind, rest, insurance, protection, other) in DEFAULT_CLAUSES {
            templates.values_panic([
                kind.into(),
                rest.into(),
                insurance.into(),
                protection.into(),
                other.into(),
                Expr::current_timestamp(),
            ]);
        }
        manager.exec_stmt(templates).await?;

        manager
            .create_table(
                Table::create()
                    .table(Placement::Table)
                    .col(pk_auto(Placement::Id))
                    .col(integer_uniq(Placement::HireLineId))
                    .col(integer(Placement::ContractId))
                    .col(integer(Placement::WorkerId))
                    .col(integer(Placement::EmployerId))
                    .col(integer(Placement::CompanyId))
                    .col(string_len(Placement::Position, 32))
                    .col(string_len(Placement::Place, 64))
                    .col(string_len(Placement::RegionCode, 6))
                    .col(boolean(Placement::CrossProvince))
                    .col(string_len(Placement::StartsOn, 10))
                    .col(string_len_null(Placement::EndsOn, 10))
                    .col(string_len_null(Placement::EndReason, 200))
                    .col(integer_null(Placement::EndedBy))
                    .col(string_len(Placement::State, 16))
                    .col(timestamp_with_time_zone(Placement::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Placement::Table, Placement::ContractId)
                            .to(Contract::Table, Contract::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_placement_worker")
                    .table(Placement::Table)
                    .col(Placement::WorkerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Placement::Table.into_iden(),
            ContractTemplate::Table.into_iden(),
            ContractSignature::Table.into_iden(),
            Contract::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
