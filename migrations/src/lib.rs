//! Laowu's schema history. Each migration is frozen once released: change the schema by adding a
//! new file, never by editing an old one. Only the portable builder DSL is used, so the same
//! history runs on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_create_reference_regions;
mod m20261128_000002_create_organisations;
mod m20261128_000003_create_accounts;
mod m20261128_000004_create_roster;
mod m20261128_000005_create_import_job;
mod m20261129_000006_create_brand_management;
mod m20261129_000007_add_worker_wishes;
mod m20261129_000008_create_worker_certificate;
mod m20261129_000009_add_worker_household;
mod m20261129_000010_add_worker_placed;
mod m20261129_000011_add_company_approval;
mod m20261129_000012_create_search;
mod m20261129_000013_create_hiring;
mod m20261129_000014_create_contracts;
mod m20261129_000015_create_subsidy_ledger;
mod m20261206_000016_create_county_desk;
mod m20261206_000017_create_training;
mod m20261206_000018_create_follow_up;
mod m20261206_000019_create_events;
mod m20261206_000020_chain_audit_log;
mod m20261206_000021_create_worker_link;
mod m20261206_000022_create_contract_confirmation;
mod m20261206_000023_create_region_cities;
mod m20261206_000024_create_region_groups;
mod m20261206_000025_create_shared_node_state;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_reference_regions::Migration),
            Box::new(m20261128_000002_create_organisations::Migration),
            Box::new(m20261128_000003_create_accounts::Migration),
            Box::new(m20261128_000004_create_roster::Migration),
            Box::new(m20261128_000005_create_import_job::Migration),
            Box::new(m20261129_000006_create_brand_management::Migration),
            Box::new(m20261129_000007_add_worker_wishes::Migration),
            Box::new(m20261129_000008_create_worker_certificate::Migration),
            Box::new(m20261129_000009_add_worker_household::Migration),
            Box::new(m20261129_000010_add_worker_placed::Migration),
            Box::new(m20261129_000011_add_company_approval::Migration),
            Box::new(m20261129_000012_create_search::Migration),
            Box::new(m20261129_000013_create_hiring::Migration),
            Box::new(m20261129_000014_create_contracts::Migration),
            Box::new(m20261129_000015_create_subsidy_ledger::Migration),
            Box::new(m20261206_000016_create_county_desk::Migration),
            Box::new(m20261206_000017_create_training::Migration),
            Box::new(m20261206_000018_create_follow_up::Migration),
            Box::new(m20261206_000019_create_events::Migration),
            Box::new(m20261206_000020_chain_audit_log::Migration),
            Box::new(m20261206_000021_create_worker_link::Migration),
            Box::new(m20261206_000022_create_contract_confirmation::Migration),
            Box::new(m20261206_000023_create_region_cities::Migration),
            Box::new(m20261206_000024_create_region_groups::Migration),
            Box::new(m20261206_000025_create_shared_node_state::Migration),
        ]
    }
}
