//! A worker's employment status (design.md: available / placed / inactive): since when they are
//! out working (输出就业). Set by their company today; hire placements will set it later.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Worker {
    Table,
    PlacedSince,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Worker::Table)
                    .add_column(timestamp_with_time_zone_null(Worker::PlacedSince))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Worker::Table)
                    .drop_column(Worker::PlacedSince)
                    .to_owned(),
            )
            .await
    }
}
