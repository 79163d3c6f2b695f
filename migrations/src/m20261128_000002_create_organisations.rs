//! The organisations accounts belong to: labour brands, labour companies and employers.
//! Only the columns accounts and the demo seed need; later migrations add the rest.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum County {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Brand {
    Table,
    Id,
    Slug,
    Name,
    CountyCode,
    Occupations,
    Tier,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Company {
    Table,
    Id,
    Name,
    CountyCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Employer {
    Table,
    Id,
    Name,
    RegionCode,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Brand::Table)
                    .col(pk_auto(Brand::Id))
                    .col(string_len_uniq(Brand::Slug, 64))
                    .col(string_len_uniq(Brand::Name, 64))
                    // Null for a city-wide brand such as 吕梁山家政护工 (a 市人社局 programme).
                    .col(string_len_null(Brand::CountyCode, 6))
                    .col(text(Brand::Occupations))
                    .col(string_len(Brand::Tier, 16))
                    .col(timestamp_with_time_zone(Brand::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Brand::Table, Brand::CountyCode)
                            .to(County::Table, County::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Company::Table)
                    .col(pk_auto(Company::Id))
                    .col(string_len_uniq(Company::Name, 128))
                    .col(string_len(Company::CountyCode, 6))
                    .col(timestamp_with_time_zone(Company::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Company::Table, Company::CountyCode)
                            .to(County::Table, County::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Employer::Table)
                    .col(pk_auto(Employer::Id))
                    .col(string_len_uniq(Employer::Name, 128))
                    .col(string_len(Employer::RegionCode, 6))
                    .col(timestamp_with_time_zone(Employer::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Employer::Table, Employer::RegionCode)
                            .to(Region::Table, Region::Code),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Employer::Table.into_iden(),
            Company::Table.into_iden(),
            Brand::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
