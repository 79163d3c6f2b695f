use sea_orm::entity::prelude::*;

/// One dated version of the policy parameters, city-wide or for one county.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub county_code: Option<String>,
    pub effective_from: String,
    pub effective_to: Option<String>,
    pub annual_average_wage_fen: i64,
    pub base_floor_percent: i64,
    pub base_ceiling_percent: i64,
    pub pension_rate_bp: i64,
    pub medical_rate_bp: i64,
    pub transport_cap_fen: i64,
    pub insurance_share_numerator: i64,
    pub insurance_share_denominator: i64,
    pub insurance_max_months: i64,
    pub employer_hiring_fen: i64,
    pub employer_insurance_monthly_fen: i64,
    pub training_per_person_fen: i64,
    pub entrepreneurship_training_fen: i64,
    pub skill_appraisal_fen: i64,
    pub station_service_fen: i64,
    pub note: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
