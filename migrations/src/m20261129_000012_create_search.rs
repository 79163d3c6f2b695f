//! Employer search: the change log (outbox) the index is kept current from, shortlists, saved
//! searches and the searches that found nobody (unmet demand).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchChange {
    Table,
    /// Ascending in commit order (writers serialise on a lock), so an index records how far it
    /// got as one number.
    Id,
    WorkerId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Shortlist {
    Table,
    Id,
    OwnerId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ShortlistEntry {
    Table,
    Id,
    ShortlistId,
    WorkerId,
    AddedAt,
}

#[derive(DeriveIden)]
enum SavedSearch {
    Table,
    Id,
    OwnerId,
    Name,
    /// The search as a URL query string (q=…&county=…), exactly as the search page carries it.
    QueryString,
    LastVisitedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UnmetSearch {
    Table,
    Id,
    Query,
    /// The recognised and chosen filters, as a query string.
    Filters,
    /// The county the search named, if any: its promoters see it; none means every county's.
    CountyCode,
    EmployerRegionCode,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Worker {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchChange::Table)
                    .col(big_pk_auto(SearchChange::Id))
                    .col(integer(SearchChange::WorkerId))
                    .col(string_len(SearchChange::Reason, 32))
                    .col(timestamp_with_time_zone(SearchChange::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_change_created_at")
                    .table(SearchChange::Table)
                    .col(SearchChange::CreatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Shortlist::Table)
                    .col(pk_auto(Shortlist::Id))
                    .col(integer(Shortlist::OwnerId))
                    .col(string_len(Shortlist::Name, 64))
                    .col(timestamp_with_time_zone(Shortlist::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Shortlist::Table, Shortlist::OwnerId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_shortlist_owner_name")
                    .table(Shortlist::Table)
                    .col(Shortlist::OwnerId)
                    .col(Shortlist::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ShortlistEntry::Table)
                    .col(pk_auto(ShortlistEntry::Id))
                    .col(integer(ShortlistEntry::ShortlistId))
                    .col(integer(ShortlistEntry::WorkerId))
                    .col(timestamp_with_time_zone(ShortlistEntry::AddedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ShortlistEntry::Table, ShortlistEntry::ShortlistId)
                            .to(Shortlist::Table, Shortlist::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ShortlistEntry::Table, ShortlistEntry::WorkerId)
                            .to(Worker::Table, Worker::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_shortlist_entry")
                    .table(ShortlistEntry::Table)
                    .col(ShortlistEntry::ShortlistId)
                    .col(ShortlistEntry::WorkerId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SavedSearch::Table)
                    .col(pk_auto(SavedSearch::Id))
                    .col(integer(SavedSearch::OwnerId))
                    .col(string_len(SavedSearch::Name, 64))
                    .col(text(SavedSearch::QueryString))
                    .col(timestamp_with_time_zone(SavedSearch::LastVisitedAt))
                    .col(timestamp_with_time_zone(SavedSearch::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SavedSearch::Table, SavedSearch::OwnerId)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_saved_search_owner_name")
                    .table(SavedSearch::Table)
                    .col(SavedSearch::OwnerId)
                    .col(SavedSearch::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UnmetSearch::Table)
                    .col(pk_auto(UnmetSearch::Id))
                    .col(string_len(UnmetSearch::Query, 200))
                    .col(text(UnmetSearch::Filters))
                    .col(string_len_null(UnmetSearch::CountyCode, 6))
                    .col(string_len_null(UnmetSearch::EmployerRegionCode, 6))
                    .col(integer(UnmetSearch::UserId))
                    .col(timestamp_with_time_zone(UnmetSearch::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_unmet_search_county_created")
                    .table(UnmetSearch::Table)
                    .col(UnmetSearch::CountyCode)
                    .col(UnmetSearch::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            UnmetSearch::Table.into_iden(),
            SavedSearch::Table.into_iden(),
            ShortlistEntry::Table.into_iden(),
            Shortlist::Table.into_iden(),
            SearchChange::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
