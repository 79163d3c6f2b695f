//! The training demo, loaded once after the county desk's (`demo_county`): a 浮山厨师 面点 class
//! of 浮山县 and a 吕梁山护工 class, both finished this year with results (passes with
//! certificates, a fail, a second free training with its reason), and a 面点 class opening in
//! two weeks that is open for enrolment. Everything goes through the training service's checks.

use crate::db::entities::training_programme;
use crate::seed_county::{as_user, this_year, worker_named};
use crate::services::training::TrainingService;
use crate::services::unexpected;
use app::api::AppError;
use app::api::context::RequestIdentity;
use app::api::training::{EnrolForm, TrainingDesk};
use app::domain::calendar::CalendarDate;
use app::domain::training::{ProgrammeForm, ResultForm};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

/// (worker, result, score, certificate number, reason for a second free training).
type Trainee = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const MIANDIAN_TRAINEES: [Trainee; 4] = [
    ("王秋菊", "passed", "91", "S1410272026000101", None),
    ("张二虎", "passed", "84", "S1410272026000102", None),
    ("李小军", "failed", "52", "", None),
    ("郭金锁", "passed", "78", "", None),
];

const HUGONG_TRAINEES: [Trainee; 4] = [
    ("郭翠萍", "passed", "88", "S1410282026000301", None),
    ("杨桂香", "passed", "80", "S1410282026000302", None),
    ("梁春燕", "passed", "93", "S1410282026000303", None),
    (
        "王秋菊",
        "passed",
        "75",
        "",
        Some("转岗养老护理，面点班已享受过一次免费培训"),
    ),
];

pub(crate) fn day_after(day: CalendarDate, days: i64) -> String {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(day.year()),
        u32::from(day.month()),
        u32::from(day.day()),
    )
    .and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days)))
    .map_or_else(|| day.to_string(), |d| d.format("%Y-%m-%d").to_string())
}

pub struct TrainingDemo<'a> {
    pub db: &'a DatabaseConnection,
    pub training: &'a TrainingService,
}

impl TrainingDemo<'_> {
    /// Loads the demo once (nothing happens when any programme exists).
    ///
    /// # Errors
    /// Database errors, or demo data that fails its own checks (a bug in this file).
    pub async fn seed(&self) -> Result<(), AppError> {
        let any = training_programme::Entity::find()
            .count(self.db)
            .await
            .map_err(|e| unexpected("checking the training demo", e))?;
        if any > 0 {
            return Ok(());
        }
        let today = crate::clock::shanghai_today();
        let fushan = as_user(self.db, "fushan").await?;
        let admin = as_user(self.db, "admin").await?;
        let (start, end) = (this_year(today, 3, 2), this_year(today, 3, 31));
        let miandian = ProgrammeForm {
            title: "浮山厨师面点班（2026 春季）".into(),
            institution_name: "浮山县职业技术学校".into(),
            institution_address: "浮山县天坛镇府前街".into(),
            institution_contact: "教务处 0357-8022xxx".into(),
            occupation: "中式面点师".into(),
            training_type: "employment_skills".into(),
            mode: "train_then_work".into(),
            starts_on: start.to_string(),
            ends_on: end.to_string(),
            place: "浮山县职业技术学校实训楼".into(),
            seats: "30".into(),
            free: "yes".into(),
            brand: "fushan-chushi".into(),
            ..ProgrammeForm::default()
        };
        self.class(&fushan, &fushan, miandian, &MIANDIAN_TRAINEES, end)
            .await?;
        let (start, end) = (this_year(today, 9, 1), this_year(today, 9, 26));
        let hugong = ProgrammeForm {
            title: "吕梁山护工养老护理班".into(),
            institution_name: "吉县家政护工培训学校".into(),
            occupation: "养老护理员".into(),
            training_type: "order".into(),
            mode: "train_while_work".into(),
            starts_on: start.to_string(),
            ends_on: end.to_string(),
            place: "吉县吉昌镇".into(),
            seats: "40".into(),
            free: "yes".into(),
            brand: "lvliangshan-jiazheng-hugong".into(),
            county: "141028".into(),
            ..ProgrammeForm::default()
        };
        self.class(&admin, &fushan, hugong, &HUGONG_TRAINEES, end)
            .await?;
        let upcoming = ProgrammeForm {
            title: "浮山厨师面点班（冬季）".into(),
            institution_name: "浮山县职业技术学校".into(),
            occupation: "中式面点师".into(),
            training_type: "employment_skills".into(),
            mode: "reserve".into(),
            starts_on: day_after(today, 14),
            ends_on: day_after(today, 35),
            place: "浮山县职业技术学校实训楼".into(),
            seats: "30".into(),
            free: "yes".into(),
            brand: "fushan-chushi".into(),
            ..ProgrammeForm::default()
        };
        self.training
            .save_programme(&fushan, None, None, &upcoming)
            .await?;
        Ok(())
    }

    /// A finished class: published while it ran (so workers could enrol), graded at its end.
    async fn class(
        &self,
        organiser: &RequestIdentity,
        promoter: &RequestIdentity,
        form: ProgrammeForm,
        trainees: &[Trainee],
        graded_on: CalendarDate,
    ) -> Result<(), AppError> {
        let saved = self
            .training
            .save_programme(organiser, None, None, &form)
            .await?;
        // Enrolment closes when a class ends; the demo enrols as if it were still running.
        let open_until = ProgrammeForm {
            ends_on: day_after(crate::clock::shanghai_today(), 1),
            ..form.clone()
        };
        let running = self
            .training
            .save_programme(organiser, Some(saved.id), Some(saved.version), &open_until)
            .await?;
        let mut enrolments = Vec::new();
        for (name, result, score, certificate, reason) in trainees {
            let person = worker_named(self.db, name).await?;
            // 浮山 workers are enrolled by their county; the others by the organiser.
            let by = if person.household_county_code.as_deref() == Some("141027") {
                promoter
            } else {
                organiser
            };
            let enrolment = self
                .training
                .enrol(
                    by,
                    running.id,
                    &EnrolForm {
                        worker_id: person.id,
                        repeat_reason: reason.map(str::to_string),
                    },
                )
                .await?;
            enrolments.push((enrolment, *result, *score, *certificate));
        }
        let finished = self
            .training
            .save_programme(organiser, Some(running.id), Some(running.version), &form)
            .await?;
        debug_assert_eq!(finished.ends_on, form.ends_on);
        for (enrolment, result, score, certificate) in enrolments {
            let form = ResultForm {
                attendance_percent: if result == "failed" { "70" } else { "96" }.into(),
                result: result.into(),
                score: score.into(),
                certificate_number: certificate.into(),
                result_on: graded_on.to_string(),
                ..ResultForm::default()
            };
            self.training
                .record_result(organiser, enrolment.id, enrolment.version, &form)
                .await?;
        }
        Ok(())
    }
}
