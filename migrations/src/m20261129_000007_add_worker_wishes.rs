//! A worker's education, training wish (有培训意愿) and employment wish (有就业意愿): the
//! ledger's 学历, 培训意愿 and 就业意愿 columns, which the county targets count.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Worker {
    Table,
    Education,
    TrainingWish,
    EmploymentWish,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in [
            string_len_null(Worker::Education, 16),
            boolean(Worker::TrainingWish).default(false).to_owned(),
            boolean(Worker::EmploymentWish).default(false).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Worker::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Worker::EmploymentWish,
            Worker::TrainingWish,
            Worker::Education,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Worker::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
