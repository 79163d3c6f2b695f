//! Ledger files from outside: CSV (UTF-8, or GB18030 as Chinese Excel saves it) and .xlsx,
//! read into rows of text after the checks an upload needs: the content must be what the name
//! claims, and a zip container is measured before anything is unpacked (zip bombs).

use app::api::AppError;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;

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

/// Where a ledger's bytes are: an upload spooled to a temporary file, a file named on the
/// command line, or bytes already in memory (the demo seed, tests).
#[derive(Debug, Clone)]
pub enum LedgerInput {
    File(PathBuf),
    Bytes(Arc<[u8]>),
}

trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

impl LedgerInput {
    fn open(&self) -> Result<Box<dyn ReadSeek>, AppError> {
        match self {
            LedgerInput::File(path) => std::fs::File::open(path)
                .map(|f| Box::new(BufReader::with_capacity(256 * 1024, f)) as Box<dyn ReadSeek>)
                .map_err(|e| file_error(format!("文件无法打开：{e}"))),
            LedgerInput::Bytes(bytes) => Ok(Box::new(Cursor::new(bytes.clone()))),
        }
    }

    /// SHA-256 of the content, read in chunks.
    ///
    /// # Errors
    /// When the file cannot be read.
    pub fn sha256_hex(&self) -> Result<String, AppError> {
        use sha2::{Digest, Sha256};
        let mut reader = self.open()?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = reader
                .read(&mut buffer)
                .map_err(|e| file_error(format!("文件无法读取：{e}")))?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        Ok(hex::encode(hasher.finalize()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SourceKind {
    Csv(CsvShape),
    Xlsx,
}

/// What the CSV scan found: the encoding, and what row numbering needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CsvShape {
    gb18030: bool,
    length: u64,
    ends_with_newline: bool,
    /// Lines end in CR LF (Windows): the reader stops between the two after a record.
    crlf: bool,
}

/// A ledger file that passed the upload checks, read row by row so a large file never sits in
/// memory as a whole (the import reads it twice: once to check, once to write).
#[derive(Debug, Clone)]
pub struct LedgerSource {
    input: LedgerInput,
    kind: SourceKind,
}

impl LedgerSource {
    /// Checks the content against the file name's claim, measures a zip container before
    /// anything is unpacked, and settles a CSV file's encoding.
    ///
    /// # Errors
    /// `InvalidInput` on `file` naming what is wrong.
    pub fn open(input: LedgerInput, claimed_name: Option<&str>) -> Result<Self, AppError> {
        let extension = claimed_name
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, ext)| ext.to_ascii_lowercase());
        let mut reader = input.open()?;
        let mut magic = [0u8; 4];
        let read = read_up_to(&mut reader, &mut magic)?;
        let is_zip = read == 4 && &magic == b"PK\x03\x04";
        let kind = match (extension.as_deref(), is_zip) {
            (Some("xls"), _) => {
                return Err(file_error(
                    "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV",
                ));
            }
            (Some("xlsx"), false) => {
                return Err(file_error("文件扩展名是 .xlsx，但内容不是 Excel 工作簿"));
            }
            (Some("csv" | "txt"), true) => {
                return Err(file_error(
                    "文件扩展名是 .csv，但内容是压缩文件（可能是 .xlsx）",
                ));
            }
            (_, true) => {
                reader
                    .seek(SeekFrom::Start(0))
                    .map_err(|e| file_error(format!("文件无法读取：{e}")))?;
                check_zip_container(reader)?;
                SourceKind::Xlsx
            }
            (_, false) => {
                reader
                    .seek(SeekFrom::Start(0))
                    .map_err(|e| file_error(format!("文件无法读取：{e}")))?;
                SourceKind::Csv(scan_csv(reader)?)
            }
        };
        Ok(Self { input, kind })
    }

    /// Calls `row` with each row's spreadsheet row number (1-based) and cell text, header
    /// first. Stops at the first error `row` returns.
    ///
    /// # Errors
    /// `InvalidInput` on `file` when the file cannot be read, or `row`'s error.
    pub fn for_each_row(
        &self,
        mut row: impl FnMut(usize, Vec<String>) -> Result<(), AppError>,
    ) -> Result<(), AppError> {
        match self.kind {
            SourceKind::Csv(shape) => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(self.input.open()?);
                let mut record = csv::ByteRecord::new();
                let mut index = 0usize;
                let mut last_line = 0usize;
                loop {
                    let more = reader
                        .read_byte_record(&mut record)
                        .map_err(|e| file_error(format!("第 {} 行无法读取：{e}", index + 1)))?;
                    if !more {
                        return Ok(());
                    }
                    index += 1;
                    // The reader now stands after the record's line break, on the next line;
                    // the last record of a file without a final line break has none.
                    let end = reader.position();
                    let last_unterminated = end.byte() == shape.length && !shape.ends_with_newline;
                    let line = usize::try_from(end.line())
                        .map(|l| {
                            if last_unterminated || shape.crlf {
                                l
                            } else {
                                l - 1
                            }
                        })
                        .unwrap_or(index)
                        // Old Mac files end lines in a bare CR, which the line count misses:
                        // numbers must still go up by at least one per row.
                        .max(last_line + 1);
                    last_line = line;
                    let cells = record
                        .iter()
                        .map(|field| {
                            if shape.gb18030 {
                                encoding_rs::GB18030
                                    .decode_without_bom_handling(field)
                                    .0
                                    .into_owned()
                            } else {
                                String::from_utf8_lossy(field).into_owned()
                            }
                        })
                        .collect();
                    row(line, cells)?;
                }
            }
            SourceKind::Xlsx => {
                use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
                let mut workbook: Xlsx<_> = open_workbook_from_rs(self.input.open()?)
                    .map_err(|e| file_error(format!("Excel 文件无法读取：{e}")))?;
                let sheet = workbook
                    .sheet_names()
                    .first()
                    .cloned()
                    .ok_or_else(|| file_error("Excel 文件中没有工作表"))?;
                let mut cells = workbook
                    .worksheet_cells_reader(&sheet)
                    .map_err(|e| file_error(format!("第一个工作表无法读取：{e}")))?;
                let mut current: Option<u32> = None;
                let mut buffer: Vec<String> = Vec::new();
                while let Some(cell) = cells
                    .next_cell()
                    .map_err(|e| file_error(format!("第一个工作表无法读取：{e}")))?
                {
                    let (r, c) = cell.get_position();
                    if current != Some(r) {
                        if let Some(previous) = current {
                            row(previous as usize + 1, std::mem::take(&mut buffer))?;
                        }
                        current = Some(r);
                    }
                    let c = c as usize;
                    if c >= MAX_COLUMNS {
                        continue;
                    }
                    if buffer.len() <= c {
                        buffer.resize(c + 1, String::new());
                    }
                    buffer[c] = cell_text(&Data::from(cell.get_value().clone()));
                }
                if let Some(previous) = current {
                    row(previous as usize + 1, buffer)?;
                }
                Ok(())
            }
        }
    }
}

/// Cells beyond this column are ignored: a ledger has 18.
const MAX_COLUMNS: usize = 256;

fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> Result<usize, AppError> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) => return Err(file_error(format!("文件无法读取：{e}"))),
        }
    }
    Ok(filled)
}

/// Scans a CSV file once: refuses binary content, and tells UTF-8 from GB18030 (what Excel on
/// Chinese Windows saves as "CSV (逗号分隔)"). Streams; a sequence split across chunks is carried.
fn scan_csv(mut reader: impl Read) -> Result<CsvShape, AppError> {
    let mut buffer = vec![0u8; 64 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    let mut utf8 = true;
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut scratch = String::new();
    let mut gb_ok = true;
    let mut length = 0u64;
    let mut last_byte = None;
    let mut crlf = None;
    loop {
        let n = reader
            .read(&mut buffer)
            .map_err(|e| file_error(format!("文件无法读取：{e}")))?;
        let chunk = &buffer[..n];
        length += n as u64;
        if crlf.is_none()
            && let Some(at) = chunk.iter().position(|&b| b == b'\n')
        {
            let before = if at == 0 {
                last_byte
            } else {
                Some(chunk[at - 1])
            };
            crlf = Some(before == Some(b'\r'));
        }
        if let Some(&last) = chunk.last() {
            last_byte = Some(last);
        }
        if chunk.contains(&0) {
            return Err(file_error("文件不是文本格式的 CSV 台账"));
        }
        if gb_ok {
            scratch.clear();
            scratch.reserve(chunk.len() * 2 + 16);
            let (_, _, had_errors) = decoder.decode_to_string(chunk, &mut scratch, n == 0);
            gb_ok = !had_errors;
        }
        if utf8 {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                Err(e) if e.error_len().is_none() && n > 0 => {
                    // An incomplete sequence at the end: keep it for the next chunk.
                    let valid = e.valid_up_to();
                    carry.drain(..valid);
                }
                Err(_) => utf8 = false,
            }
        }
        if n == 0 {
            break;
        }
    }
    let gb18030 = match (utf8, gb_ok) {
        (true, _) => false,
        (false, true) => true,
        (false, false) => return Err(file_error("无法识别文件编码，请另存为“CSV UTF-8”")),
    };
    Ok(CsvShape {
        gb18030,
        length,
        ends_with_newline: last_byte == Some(b'\n'),
        crlf: crlf == Some(true),
    })
}

/// Reads a whole ledger into rows (header first). For small files and tests; imports stream.
///
/// # Errors
/// As [`LedgerSource::open`] and [`LedgerSource::for_each_row`].
pub fn read_rows(bytes: &[u8], claimed_name: Option<&str>) -> Result<Vec<Vec<String>>, AppError> {
    let source = LedgerSource::open(LedgerInput::Bytes(Arc::from(bytes)), claimed_name)?;
    let mut rows = Vec::new();
    source.for_each_row(|_, cells| {
        rows.push(cells);
        Ok(())
    })?;
    Ok(rows)
}

/// Measures the container from its central directory before anything is decompressed.
fn check_zip_container(reader: impl Read + Seek) -> Result<(), AppError> {
    let mut archive = zip::ZipArchive::new(reader)
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

/// A batch of (spreadsheet row number, cells), or the error that stopped reading.
pub type RowBatch = Result<Vec<(usize, Vec<String>)>, AppError>;

/// Rows read per batch: well under SQLite's and PostgreSQL's parameter limits when a batch
/// becomes one statement.
const ROW_BATCH: usize = 500;

/// Rows from a ledger file, read on a blocking thread in batches; a bounded channel keeps at
/// most a few batches in memory.
pub fn stream_rows(source: LedgerSource) -> tokio::sync::mpsc::Receiver<RowBatch> {
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(ROW_BATCH);
        let result = source.for_each_row(|row_number, cells| {
            batch.push((row_number, cells));
            if batch.len() == ROW_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(ROW_BATCH));
                // The importer stopped listening (an error): stop reading.
                sender
                    .blocking_send(Ok(full))
                    .map_err(|_| AppError::internal())?;
            }
            Ok(())
        });
        let last = match result {
            Ok(()) => Ok(batch),
            Err(e) => Err(e),
        };
        let _ = sender.blocking_send(last);
    });
    receiver
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
    fn a_utf8_character_split_across_read_chunks_is_still_utf8() {
        // Pad so that a three-byte character straddles the 64 KiB chunk boundary.
        let mut text = String::from("姓名,手机号\n");
        while text.len() < 64 * 1024 - 1 {
            text.push('a');
        }
        text.push_str("王建国,13812345678\n");
        let source =
            LedgerSource::open(LedgerInput::Bytes(Arc::from(text.as_bytes())), None).unwrap();
        assert!(matches!(
            source.kind,
            SourceKind::Csv(CsvShape { gb18030: false, .. })
        ));
    }

    #[test]
    fn rows_keep_their_spreadsheet_row_numbers() {
        let csv = "姓名,手机号\n\n王建国,13812345678\n\n李秀英,13912345678\n";
        let source =
            LedgerSource::open(LedgerInput::Bytes(Arc::from(csv.as_bytes())), Some("a.csv"))
                .unwrap();
        let mut numbers = Vec::new();
        source
            .for_each_row(|n, _| {
                numbers.push(n);
                Ok(())
            })
            .unwrap();
        assert_eq!(numbers, [1, 3, 5]);
        let unterminated = "姓名\r\n王建国\r\n\r\n李秀英";
        let source = LedgerSource::open(
            LedgerInput::Bytes(Arc::from(unterminated.as_bytes())),
            Some("a.csv"),
        )
        .unwrap();
        numbers.clear();
        source
            .for_each_row(|n, _| {
                numbers.push(n);
                Ok(())
            })
            .unwrap();
        assert_eq!(numbers, [1, 2, 4]);
        let old_mac = "姓名\r王建国\r李秀英\r";
        let source = LedgerSource::open(
            LedgerInput::Bytes(Arc::from(old_mac.as_bytes())),
            Some("a.csv"),
        )
        .unwrap();
        numbers.clear();
        source
            .for_each_row(|n, _| {
                numbers.push(n);
                Ok(())
            })
            .unwrap();
        assert_eq!(numbers, [1, 2, 3]);

        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "姓名").unwrap();
        sheet.write_string(3, 0, "王建国").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let source =
            LedgerSource::open(LedgerInput::Bytes(Arc::from(bytes)), Some("a.xlsx")).unwrap();
        let mut rows = Vec::new();
        source
            .for_each_row(|n, cells| {
                rows.push((n, cells));
                Ok(())
            })
            .unwrap();
        assert_eq!(
            rows,
            [
                (1, vec!["姓名".to_string()]),
                (4, vec!["王建国".to_string()])
            ]
        );
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
