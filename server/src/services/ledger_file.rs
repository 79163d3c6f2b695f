//! Ledger files from outside: CSV (UTF-8, or GB18030 as Chinese Excel saves it) and .xlsx,
//! read into rows of text after the checks an upload needs: the content must be what the name
//! claims, and a zip container is measured before anything is unpacked (zip bombs).

use app::api::AppError;
use std::io::Cursor;

/// More entries than any real workbook has.
const MAX_XLSX_ENTRIES: usize = 1_000;
/// Declared uncompressed size of the whole workbook; a 100,000-row ledger is well under this.
const MAX_XLSX_UNCOMPRESSED_BYTES: u64 = 256 * 1024 * 1024;
/// Worksheet XML compresses 10–30×; a bomb compresses thousands of times.
const MAX_COMPRESSION_RATIO: u64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerFormat {
    Csv,
    Xlsx,
}

impl LedgerFormat {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "csv" => Some(LedgerFormat::Csv),
            "xlsx" => Some(LedgerFormat::Xlsx),
            _ => None,
        }
    }
}

/// An error about the uploaded file, shown beside the file field.
pub(crate) fn file_error(message: impl Into<String>) -> AppError {
    AppError::invalid("file", message)
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a ledger into rows of cell text (header first), checking the content against the
/// file name's claim.
///
/// # Errors
/// `InvalidInput` on `file` naming what is wrong.
pub fn read_rows(bytes: &[u8], claimed_name: Option<&str>) -> Result<Vec<Vec<String>>, AppError> {
    let extension = claimed_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match (extension.as_deref(), is_zip(bytes)) {
        (Some("xls"), _) => Err(file_error(
            "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV",
        )),
        (Some("xlsx"), false) => Err(file_error("文件扩展名是 .xlsx，但内容不是 Excel 工作簿")),
        (Some("csv" | "txt"), true) => Err(file_error(
            "文件扩展名是 .csv，但内容是压缩文件（可能是 .xlsx）",
        )),
        (_, true) => read_xlsx(bytes),
        (_, false) => read_csv(bytes),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    if bytes.contains(&0) {
        return Err(file_error("文件不是文本格式的 CSV 台账"));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        // Excel on Chinese Windows saves "CSV (逗号分隔)" in GB18030/GBK.
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(file_error("无法识别文件编码，请另存为“CSV UTF-8”"));
            }
            decoded.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| file_error(format!("第 {} 行无法读取：{e}", index + 1)))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// Measures the container from its central directory before anything is decompressed.
fn check_zip_container(bytes: &[u8]) -> Result<(), AppError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| file_error("Excel 文件已损坏或不是 .xlsx 格式"))?;
    if archive.len() > MAX_XLSX_ENTRIES {
        return Err(file_error("Excel 文件包含的部件过多，已拒绝"));
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|_| file_error("Excel 文件已损坏或不是 .xlsx 格式"))?;
        let (size, compressed) = (entry.size(), entry.compressed_size().max(1));
        total = total.saturating_add(size);
        if size / compressed > MAX_COMPRESSION_RATIO || total > MAX_XLSX_UNCOMPRESSED_BYTES {
            return Err(file_error("Excel 文件解压后过大（疑似压缩炸弹），已拒绝"));
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};

    check_zip_container(bytes)?;
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| file_error(format!("Excel 文件无法读取：{e}")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| file_error("Excel 文件中没有工作表"))?
        .map_err(|e| file_error(format!("第一个工作表无法读取：{e}")))?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

/// A cell as the ledger check reads it: numbers without a spurious `.0`, dates as YYYY-MM-DD.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => excel_serial_to_date(dt.as_f64()).unwrap_or_default(),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Excel's 1900 date system: day 1 is 1900-01-01, with the 1900 leap-year bug, so serials
/// count from 1899-12-30.
fn excel_serial_to_date(serial: f64) -> Option<String> {
    let days = serial.floor();
    if !(1.0..=2_958_465.0).contains(&days) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch
        .checked_add_signed(chrono::TimeDelta::days(days as i64))
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// Writes rows (header first) as a ledger file.
///
/// # Errors
/// `Internal` when the writer fails.
pub fn write_rows(rows: &[Vec<String>], format: LedgerFormat) -> Result<Vec<u8>, AppError> {
    let fail =
        |e: &dyn std::fmt::Display| super::unexpected("writing a ledger file", e.to_string());
    match format {
        LedgerFormat::Csv => {
            // A BOM so Excel opens the UTF-8 correctly.
            let mut writer =
                csv::WriterBuilder::new().from_writer(Vec::from("\u{feff}".as_bytes()));
            for row in rows {
                writer.write_record(row).map_err(|e| fail(&e))?;
            }
            writer
                .into_inner()
                .map_err(|e| fail(&e.error().to_string()))
        }
        LedgerFormat::Xlsx => {
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let sheet = workbook.add_worksheet();
            sheet.set_name("花名册").map_err(|e| fail(&e))?;
            for (r, row) in rows.iter().enumerate() {
                let r = u32::try_from(r).map_err(|e| fail(&e))?;
                for (c, cell) in row.iter().enumerate() {
                    let c = u16::try_from(c).map_err(|e| fail(&e))?;
                    // Everything as text: an ID number as a number would lose its last digits.
                    sheet.write_string(r, c, cell).map_err(|e| fail(&e))?;
                }
            }
            workbook.save_to_buffer().map_err(|e| fail(&e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<String>> {
        vec![
            vec!["姓名".into(), "身份证号".into(), "手机号".into()],
            vec![
                "王建国".into(),
                "11010519491231002X".into(),
                "13812345678".into(),
            ],
        ]
    }

    #[test]
    fn xlsx_and_csv_round_trip_the_same_rows() {
        for format in [LedgerFormat::Csv, LedgerFormat::Xlsx] {
            let bytes = write_rows(&rows(), format).unwrap();
            let name = if format == LedgerFormat::Csv {
                "a.csv"
            } else {
                "a.xlsx"
            };
            assert_eq!(read_rows(&bytes, Some(name)).unwrap(), rows(), "{format:?}");
        }
    }

    #[test]
    fn a_gbk_csv_from_chinese_excel_is_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,手机号\n王建国,13812345678\n");
        let rows = read_rows(&gbk, Some("台账.csv")).unwrap();
        assert_eq!(rows[1][0], "王建国");
    }

    #[test]
    fn a_file_that_is_not_what_its_name_claims_is_refused() {
        let xlsx = write_rows(&rows(), LedgerFormat::Xlsx).unwrap();
        assert!(
            read_rows(&xlsx, Some("a.csv"))
                .unwrap_err()
                .message
                .contains(".csv")
        );
        assert!(
            read_rows(b"a,b\n", Some("a.xlsx"))
                .unwrap_err()
                .message
                .contains(".xlsx")
        );
        assert!(
            read_rows(b"a,b\n", Some("a.xls"))
                .unwrap_err()
                .message
                .contains(".xls")
        );
        assert!(read_rows(b"\x00\x01binary", Some("a.csv")).is_err());
        assert!(
            read_rows(b"PK\x03\x04garbage", None)
                .unwrap_err()
                .message
                .contains("损坏")
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_unpacked() {
        use std::io::Write;
        let mut buffer = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buffer);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
            let zeros = vec![0u8; 1024 * 1024];
            for _ in 0..64 {
                zip.write_all(&zeros).unwrap();
            }
            zip.finish().unwrap();
        }
        let bomb = buffer.into_inner();
        assert!(
            bomb.len() < 1024 * 1024,
            "64 MiB of zeros compresses to {} bytes",
            bomb.len()
        );
        let err = read_rows(&bomb, Some("bomb.xlsx")).unwrap_err();
        assert!(err.message.contains("压缩炸弹"), "{}", err.message);
    }

    #[test]
    fn excel_date_serials_become_calendar_dates() {
        assert_eq!(
            excel_serial_to_date(45_658.0).as_deref(),
            Some("2025-01-01")
        );
        assert_eq!(
            excel_serial_to_date(36_526.0).as_deref(),
            Some("2000-01-01")
        );
        assert_eq!(excel_serial_to_date(-3.0), None);
    }
}
