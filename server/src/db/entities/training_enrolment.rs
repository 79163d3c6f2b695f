use sea_orm::entity::prelude::*;

/// A roster worker's place in a programme, with attendance and result.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_enrolment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub programme_id: i32,
    pub worker_id: i32,
    pub enrolled_by: Option<i32>,
    /// The worker's first free training, the one the target counts.
    pub free_once: bool,
    pub repeat_reason: Option<String>,
    pub attendance_percent: Option<i32>,
    /// An [`EnrolmentResult`](app::domain::training::EnrolmentResult) code.
    pub result: String,
    pub score: Option<i32>,
    pub certificate_number: Option<String>,
    pub certificate_id: Option<i32>,
    /// YYYY-MM-DD.
    pub result_on: Option<String>,
    pub result_by: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
