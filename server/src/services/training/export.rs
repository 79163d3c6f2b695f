//! A programme's roster and results as an .xlsx sheet (培训花名册及考核结果), for the
//! institution's files and the county's subsidy paperwork. ID numbers stay masked.

use super::TrainingService;
use crate::db::entities::training_enrolment;
use crate::services::brands::audit_entry;
use crate::services::{audit, unexpected};
use app::api::AppError;
use app::api::context::RequestIdentity;
use app::api::training::{EnrolmentView, ProgrammeView};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const HEADERS: [&str; 11] = [
    "序号",
    "姓名",
    "身份证号",
    "所属劳务公司",
    "首次免费培训",
    "出勤率（%）",
    "考核结果",
    "成绩",
    "证书编号",
    "考核日期",
    "再次免费培训原因",
];

impl TrainingService {
    pub(super) async fn roster_workbook(
        &self,
        caller: &RequestIdentity,
        id: i32,
    ) -> Result<(String, Vec<u8>), AppError> {
        let user = caller.user.as_ref();
        let row = self.managed(caller, id).await?;
        let fail = |e| unexpected("exporting a programme roster", e);
        let rows = training_enrolment::Entity::find()
            .filter(training_enrolment::Column::ProgrammeId.eq(id))
            .order_by_asc(training_enrolment::Column::Id)
            .all(&self.db)
            .await
            .map_err(fail)?;
        let (people, _) = self.people_of(&rows).await?;
        let masked: Vec<String> = rows
            .iter()
            .map(|e| {
                people
                    .get(&e.worker_id)
                    .map(|p| p.id_number_masked.clone())
                    .unwrap_or_default()
            })
            .collect();
        let enrolments = self.enrolment_views(user, rows).await?;
        let programme = self.views(user, vec![row]).await?.remove(0);
        let bytes = write(&programme, &enrolments, &masked)
            .map_err(|e| unexpected("writing a programme roster", e))?;
        audit::record(
            &self.db,
            audit_entry(
                caller,
                "training.export",
                format!("training_programme:{id}"),
                Some(format!("rows={}", enrolments.len())),
            ),
        )
        .await
        .map_err(fail)?;
        Ok((format!("{}培训花名册.xlsx", programme.title), bytes))
    }
}

fn write(
    programme: &ProgrammeView,
    enrolments: &[EnrolmentView],
    masked_ids: &[String],
) -> Result<Vec<u8>, XlsxError> {
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#E8EEF7");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("培训花名册")?;
    let last_col = u16::try_from(HEADERS.len() - 1).unwrap_or(0);
    sheet.merge_range(
        0,
        0,
        0,
        last_col,
        &format!("{} 培训花名册及考核结果", programme.title),
        &title,
    )?;
    let facts = [
        (
            "培训机构",
            programme
                .institution_name
                .clone()
                .unwrap_or_else(|| "待定".into()),
        ),
        (
            "举办地",
            format!("{} {}", programme.county_name, programme.place),
        ),
        ("工种", programme.occupation.clone()),
        (
            "类型 / 模式",
            format!(
                "{} / {}",
                programme.training_type_label, programme.mode_label
            ),
        ),
        (
            "培训期",
            format!("{} 至 {}", programme.starts_on, programme.ends_on),
        ),
        (
            "费用",
            match &programme.fee_yuan {
                Some(fee) => format!("收费 {fee} 元"),
                None => "免费".into(),
            },
        ),
        (
            "品牌",
            programme.brand_name.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            "报名 / 名额",
            format!("{} / {}", programme.enrolled, programme.seats),
        ),
    ];
    let mut row = 1u32;
    for (label, value) in facts {
        sheet.write_string(row, 0, label)?;
        sheet.merge_range(row, 1, row, 4, &value, &Format::new())?;
        row += 1;
    }
    row += 1;
    for (col, text) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(row, u16::try_from(col).unwrap_or(0), *text, &header)?;
    }
    for (i, (e, id_masked)) in enrolments.iter().zip(masked_ids).enumerate() {
        let r = row + 1 + u32::try_from(i).unwrap_or(0);
        let number = u32::try_from(i + 1).unwrap_or(0);
        sheet.write_number_with_format(r, 0, number, &cell)?;
        sheet.write_string_with_format(r, 1, &e.worker_name, &cell)?;
        sheet.write_string_with_format(r, 2, id_masked, &cell)?;
        sheet.write_string_with_format(r, 3, &e.company_name, &cell)?;
        sheet.write_string_with_format(r, 4, if e.free_once { "是" } else { "否" }, &cell)?;
        match e.attendance_percent {
            Some(p) => sheet.write_number_with_format(r, 5, p, &cell)?,
            None => sheet.write_string_with_format(r, 5, "", &cell)?,
        };
        sheet.write_string_with_format(r, 6, &e.result_label, &cell)?;
        match e.score {
            Some(s) => sheet.write_number_with_format(r, 7, s, &cell)?,
            None => sheet.write_string_with_format(r, 7, "", &cell)?,
        };
        sheet.write_string_with_format(
            r,
            8,
            e.certificate_number.as_deref().unwrap_or(""),
            &cell,
        )?;
        sheet.write_string_with_format(r, 9, e.result_on.as_deref().unwrap_or(""), &cell)?;
        sheet.write_string_with_format(r, 10, e.repeat_reason.as_deref().unwrap_or(""), &cell)?;
    }
    let widths = [
        6.0, 10.0, 22.0, 24.0, 12.0, 10.0, 10.0, 8.0, 20.0, 12.0, 24.0,
    ];
    for (col, width) in widths.into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col).unwrap_or(0), width)?;
    }
    workbook.save_to_buffer()
}
