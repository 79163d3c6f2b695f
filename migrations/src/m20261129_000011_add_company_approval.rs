//! A self-registered labour company waits for its county's promoters before it may keep a
//! roster: the county vets who handles its people's ID numbers. Companies that existed before
//! this migration were set up by the city and count as approved.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Company {
    Table,
    CreatedAt,
    ApprovedAt,
    ApprovedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            timestamp_with_time_zone_null(Company::ApprovedAt),
            integer_null(Company::ApprovedBy),
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
            .exec_stmt(
                Query::update()
                    .table(Company::Table)
                    .value(Company::ApprovedAt, Expr::col(Company::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Company::ApprovedBy, Company::ApprovedAt] {
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
