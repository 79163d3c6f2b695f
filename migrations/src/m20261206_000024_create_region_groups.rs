//! Reference data: the names employers use for several receiving regions at once (京津冀,
//! 长三角, 江浙沪 …), each with the provincial-level regions it covers, so "长三角 护工" finds
//! carers who want to work in any of them. Regions are provinces here, so 珠三角 stands for
//! 广东 as a whole.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum RegionGroup {
    Table,
    Name,
    RegionCode,
}

/// (group name, the region codes it covers).
const GROUPS: &[(&str, &[&str])] = &[
    ("京津冀", &["110000", "120000", "130000"]),
    ("长三角", &["310000", "320000", "330000", "340000"]),
    ("江浙沪", &["310000", "320000", "330000"]),
    ("珠三角", &["440000"]),
    ("成渝", &["500000", "510000"]),
    ("东北", &["210000", "220000", "230000"]),
    ("东三省", &["210000", "220000", "230000"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RegionGroup::Table)
                    .col(string_len(RegionGroup::Name, 16))
                    .col(string_len(RegionGroup::RegionCode, 6))
                    .primary_key(
                        Index::create()
                            .col(RegionGroup::Name)
                            .col(RegionGroup::RegionCode),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RegionGroup::Table, RegionGroup::RegionCode)
                            .to(Region::Table, Region::Code),
                    )
                    .to_owned(),
            )
            .await?;
        let mut rows = Query::insert()
            .into_table(RegionGroup::Table)
            .columns([RegionGroup::Name, RegionGroup::RegionCode])
            .to_owned();
        for (name, codes) in GROUPS {
            for code in *codes {
                rows.values_panic([(*name).into(), (*code).into()]);
            }
        }
        manager.exec_stmt(rows).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RegionGroup::Table).to_owned())
            .await
    }
}
