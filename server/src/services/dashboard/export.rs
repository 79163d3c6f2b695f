//! The 考核 workbook: a county's (or the city's) figures quarter by quarter against its
//! targets, its townships (or counties) side by side, and the households still waiting for
//! work, laid out to be forwarded as it is.

use super::assemble::{Area, assemble};
use super::{DashboardService, waiting_households};
use crate::db::entities::household;
use crate::services::brands::audit_entry;
use crate::services::{audit, unexpected};
use app::api::AppError;
use app::api::context::RequestIdentity;
use app::api::dashboard::{AreaFigures, DashboardView};
use app::domain::calendar::CalendarDate;
use app::domain::dashboard::{completion_percent, quarter_ends};
use app::domain::roster::PovertyStatus;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// One line of the quarterly sheet: label, unit, the figure of a dashboard, and the target it
/// is measured against (if any).
struct Indicator {
    label: &'static str,
    unit: &'static str,
    value: fn(&DashboardView) -> f64,
    target: Option<fn(&DashboardView) -> Option<u32>>,
    money: bool,
}

#[allow(clippy::cast_precision_loss)]
fn n(value: u64) -> f64 {
    value as f64
}

#[allow(clippy::cast_precision_loss)]
fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

const INDICATORS: [Indicator; 12] = [
    Indicator {
        label: "建档立卡户",
        unit: "户",
        value: |d| n(d.households.total),
        target: None,
        money: false,
    },
    Indicator {
        label: "其中：有就业意愿和劳动能力成员的户",
        unit: "户",
        value: |d| n(d.households.willing),
        target: None,
        money: false,
    },
    Indicator {
        label: "　　至少一人就业的户",
        unit: "户",
        value: |d| n(d.households.employed),
        target: Some(|d| d.targets.as_ref().map(|t| t.targets.households_to_employ)),
        money: false,
    },
    Indicator {
        label: "　　尚无成员就业的户",
        unit: "户",
        value: |d| n(d.households.without_work),
        target: None,
        money: false,
    },
    Indicator {
        label: "有培训意愿的法定劳动年龄劳动力",
        unit: "人",
        value: |d| n(d.training.willing),
        target: None,
        money: false,
    },
    Indicator {
        label: "　　其中：已参加培训",
        unit: "人",
        value: |d| n(d.training.trained),
        target: Some(|d| d.targets.as_ref().map(|t| t.targets.workers_to_train)),
        money: false,
    },
    Indicator {
        label: "转移输出就业（年初累计）",
        unit: "人次",
        value: |d| n(d.placements.cross_province + d.placements.in_province),
        target: Some(|d| d.targets.as_ref().map(|t| t.targets.workers_to_export)),
        money: false,
    },
    Indicator {
        label: "　　其中：跨省",
        unit: "人次",
        value: |d| n(d.placements.cross_province),
        target: None,
        money: false,
    },
    Indicator {
        label: "　　　　　省内",
        unit: "人次",
        value: |d| n(d.placements.in_province),
        target: None,
        money: false,
    },
    Indicator {
        label: "就地就近就业（年初累计）",
        unit: "人次",
        value: |d| n(d.placements.local),
        target: None,
        money: false,
    },
    Indicator {
        label: "补贴申请金额（不含驳回）",
        unit: "元",
        value: |d| {
            d.subsidies.as_ref().map_or(0.0, |s| {
                yuan(s.computed_fen + s.submitted_fen + s.approved_fen + s.paid_fen)
            })
        },
        target: None,
        money: true,
    },
    Indicator {
        label: "　　其中：已拨付",
        unit: "元",
        value: |d| d.subsidies.as_ref().map_or(0.0, |s| yuan(s.paid_fen)),
        target: None,
        money: true,
    },
];

const QUARTERS: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    text: Format,
    number: Format,
    money: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            note: Format::new().set_font_size(10),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(0x00D9_E1F2)
                .set_text_wrap(),
            text: cell.clone(),
            number: cell.clone().set_num_format("#,##0"),
            money: cell.clone().set_num_format("#,##0.00"),
            percent: cell.set_num_format("0\"%\""),
        }
    }
}

impl DashboardService {
    /// The workbook and its file name; audited.
    pub(super) async fn workbook(
        &self,
        caller: &RequestIdentity,
        area: &Area,
        year: i32,
        as_of: CalendarDate,
    ) -> Result<(String, Vec<u8>), AppError> {
        let counties = self.counties().await?;
        let mut quarters = Vec::new();
        for (quarter, day) in quarter_ends(as_of) {
            let figures = self.snapshot(year, day).await?;
            quarters.push((quarter, assemble(&figures.snapshot, area, &counties)));
        }
        let latest = assemble(&self.snapshot(year, as_of).await?.snapshot, area, &counties);
        let waiting = match area {
            Area::City => Vec::new(),
            Area::County(county) | Area::Township { county, .. } => {
                let township = match area {
                    Area::Township { township, .. } => Some(township.as_str()),
                    _ => None,
                };
                waiting_households(county, township, as_of)
                    .all(&self.db)
                    .await
                    .map_err(|e| unexpected("listing households without work", e))?
            }
        };
        let bytes = write_workbook(&latest, &quarters, &waiting)
            .map_err(|e| unexpected("writing the 考核 workbook", e))?;
        audit::record(
            &self.db,
            audit_entry(
                caller,
                "dashboard.export",
                match area {
                    Area::City => "city".to_string(),
                    Area::County(c) | Area::Township { county: c, .. } => format!("county:{c}"),
                },
                Some(format!("year={year} waiting_rows={}", waiting.len())),
            ),
        )
        .await
        .map_err(|e| unexpected("auditing an export", e))?;
        Ok((
            format!(
                "{}{year}年转移就业目标任务完成情况.xlsx",
                latest.scope.label
            ),
            bytes,
        ))
    }
}

fn write_workbook(
    latest: &DashboardView,
    quarters: &[(u8, DashboardView)],
    waiting: &[household::Model],
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    quarterly_sheet(workbook.add_worksheet(), &formats, latest, quarters)?;
    let (areas, area_title) = if latest.by_county.is_empty() {
        (&latest.by_township, "乡镇")
    } else {
        (&latest.by_county, "区县")
    };
    areas_sheet(
        workbook.add_worksheet(),
        &formats,
        latest,
        areas,
        area_title,
    )?;
    if !waiting.is_empty() || latest.scope.kind != "city" {
        waiting_sheet(workbook.add_worksheet(), &formats, latest, waiting)?;
    }
    workbook.save_to_buffer()
}

fn quarterly_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    latest: &DashboardView,
    quarters: &[(u8, DashboardView)],
) -> Result<(), XlsxError> {
    sheet.set_name("季度考核")?;
    let last_col: u16 = 8;
    sheet.merge_range(
        0,
        0,
        0,
        last_col,
        &format!(
            "{}{}年农村贫困劳动力转移就业目标任务完成情况",
            latest.scope.label, latest.year
        ),
        &f.title,
    )?;
    sheet.merge_range(
        1,
        0,
        1,
        last_col,
        &format!(
            "统计截至 {}（季度数为季末数；输出、就地就业为年初至季末累计）。依据临政办发〔2017〕52号。生成于 {}",
            latest.as_of, latest.computed_at
        ),
        &f.note,
    )?;
    let headers = [
        "指标",
        "单位",
        "年度目标",
        QUARTERS[0],
        QUARTERS[1],
        QUARTERS[2],
        QUARTERS[3],
        &format!("截至{}", latest.as_of),
        "目标完成率",
    ];
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(3, col(c), *header, &f.header)?;
    }
    for (i, indicator) in INDICATORS.iter().enumerate() {
        let row = 4 + u32::try_from(i).unwrap_or(0);
        let value_format = if indicator.money { &f.money } else { &f.number };
        sheet.write_string_with_format(row, 0, indicator.label, &f.text)?;
        sheet.write_string_with_format(row, 1, indicator.unit, &f.text)?;
        let target = indicator.target.and_then(|t| t(latest));
        match target {
            Some(t) => sheet.write_number_with_format(row, 2, f64::from(t), &f.number)?,
            None => sheet.write_string_with_format(row, 2, "", &f.text)?,
        };
        for quarter in 1..=4u8 {
            let column = 2 + u16::from(quarter);
            match quarters.iter().find(|(q, _)| *q == quarter) {
                Some((_, d)) => sheet.write_number_with_format(
                    row,
                    column,
                    (indicator.value)(d),
                    value_format,
                )?,
                None => sheet.write_string_with_format(row, column, "", &f.text)?,
            };
        }
        let now = (indicator.value)(latest);
        sheet.write_number_with_format(row, 7, now, value_format)?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let percent = target.and_then(|t| completion_percent(now as u64, u64::from(t)));
        match percent {
            #[allow(clippy::cast_precision_loss)]
            Some(p) => sheet.write_number_with_format(row, 8, p as f64, &f.percent)?,
            None => sheet.write_string_with_format(row, 8, "", &f.text)?,
        };
    }
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 6)?;
    for c in 2..=8 {
        sheet.set_column_width(c, 13)?;
    }
    sheet.set_freeze_panes(4, 1)?;
    Ok(())
}

fn areas_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    latest: &DashboardView,
    areas: &[AreaFigures],
    area_title: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(format!("分{area_title}"))?;
    sheet.merge_range(
        0,
        0,
        0,
        9,
        &format!(
            "{}{}年分{area_title}情况（截至 {}）",
            latest.scope.label, latest.year, latest.as_of
        ),
        &f.title,
    )?;
    let headers = [
        area_title,
        "建档立卡户",
        "有就业意愿的户",
        "至少一人就业的户",
        "尚无成员就业的户",
        "有培训意愿劳动力",
        "已培训",
        "跨省输出",
        "省内输出",
        "就地就近就业",
    ];
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(2, col(c), *header, &f.header)?;
    }
    for (i, area) in areas.iter().enumerate() {
        let row = 3 + u32::try_from(i).unwrap_or(0);
        sheet.write_string_with_format(row, 0, &area.name, &f.text)?;
        let values = [
            area.households.total,
            area.households.willing,
            area.households.employed,
            area.households.without_work,
            area.training.willing,
            area.training.trained,
            area.placements.cross_province,
            area.placements.in_province,
            area.placements.local,
        ];
        for (c, value) in values.into_iter().enumerate() {
            sheet.write_number_with_format(row, col(c + 1), n(value), &f.number)?;
        }
    }
    sheet.set_column_width(0, 26)?;
    for c in 1..=9 {
        sheet.set_column_width(c, 12)?;
    }
    sheet.set_freeze_panes(3, 1)?;
    Ok(())
}

fn waiting_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    latest: &DashboardView,
    waiting: &[household::Model],
) -> Result<(), XlsxError> {
    sheet.set_name("尚无成员就业的户")?;
    sheet.merge_range(
        0,
        0,
        0,
        6,
        &format!(
            "{} 有就业意愿但尚无成员就业的建档立卡户（截至 {}，共 {} 户）",
            latest.scope.label,
            latest.as_of,
            waiting.len()
        ),
        &f.title,
    )?;
    let headers = [
        "户编号",
        "户主姓名",
        "乡镇",
        "村",
        "脱贫状态",
        "劳动力人数",
        "有就业意愿人数",
    ];
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(2, col(c), *header, &f.header)?;
    }
    for (i, h) in waiting.iter().enumerate() {
        let row = 3 + u32::try_from(i).unwrap_or(0);
        let status = PovertyStatus::from_code(&h.status).map_or("", |s| s.label());
        // Text, never a number: a long household number would lose digits.
        for (c, value) in [&h.number, &h.head_name, &h.township, &h.village]
            .into_iter()
            .enumerate()
        {
            sheet.write_string_with_format(row, col(c), guard(value), &f.text)?;
        }
        sheet.write_string_with_format(row, 4, status, &f.text)?;
        sheet.write_number_with_format(row, 5, h.labour_count, &f.number)?;
        sheet.write_number_with_format(row, 6, h.willing_count, &f.number)?;
    }
    sheet.set_column_width(0, 22)?;
    for c in 1..=6 {
        sheet.set_column_width(c, 12)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    Ok(())
}

/// Guards a cell against formula injection when the workbook is opened (OWASP ASVS 1.2.10).
fn guard(value: &str) -> String {
    app::domain::roster::guard_formula(value)
}

fn col(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}
