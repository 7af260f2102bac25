//! The one table writer of every export (HR tables, the author statistics, the audit log): plain
//! CSV, CSV for Norwegian Excel (UTF-8 with a byte-order mark, `;` between cells and a decimal
//! comma, which is what Excel with Norwegian settings expects when a file is opened by
//! double-click) and `.xlsx` (written with `rust_xlsxwriter`, numbers as numbers).
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some with a tab or a
//! carriage return) as a formula, so a name like `=HYPERLINK(..)` in a roster could act when
//! HR opens an export. Every text cell that starts with one of these gets a leading `'`, which
//! spreadsheets show as text (OWASP "CSV injection"). A cell that is a number (`-0.42`) stays a
//! number: it cannot be a formula.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::WebError;
use crate::store::spreadsheet_text as neutralise;

/// How a table is downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// RFC 4180 CSV: `,` and a decimal point.
    Csv,
    /// CSV for Norwegian Excel: a UTF-8 byte-order mark, `;` and a decimal comma.
    ExcelCsv,
    /// An Excel workbook with one sheet.
    Xlsx,
}

impl Sheet {
    /// The `format=` value of each sheet: `csv`, `excel-csv`, `xlsx`.
    pub fn parse(format: &str) -> Option<Sheet> {
        match format {
            "csv" => Some(Sheet::Csv),
            "excel-csv" => Some(Sheet::ExcelCsv),
            "xlsx" => Some(Sheet::Xlsx),
            _ => None,
        }
    }
}

/// `rows` as a download named `stem` plus the sheet's extension (a header row from the field
/// names, one record per row).
pub fn table<T: Serialize>(sheet: Sheet, stem: &str, rows: &[T]) -> Result<Response, WebError> {
    let records = records(rows)?;
    match sheet {
        Sheet::Csv => csv_records(&format!("{stem}.csv"), records),
        Sheet::ExcelCsv => excel_csv(&format!("{stem}.csv"), records),
        Sheet::Xlsx => xlsx(&format!("{stem}.xlsx"), records),
    }
}

/// A CSV download of `rows` (a header row from the field names, one record per row).
pub fn csv<T: Serialize>(filename: &str, rows: &[T]) -> Result<Response, WebError> {
    csv_records(filename, records(rows)?)
}

/// The header and the records of `rows` as text cells: serde decides the cells and the header,
/// this module decides what a cell may start with.
fn records<T: Serialize>(rows: &[T]) -> Result<Vec<Vec<String>>, WebError> {
    let mut raw = csv::Writer::from_writer(Vec::new());
    for row in rows {
        raw.serialize(row).map_err(csv_error)?;
    }
    let raw = raw.into_inner().map_err(csv_error)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(raw.as_slice());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        records.push(record.iter().map(str::to_string).collect());
    }
    Ok(records)
}

/// A CSV download of records given cell by cell (the first is the header).
pub fn csv_records(filename: &str, records: Vec<Vec<String>>) -> Result<Response, WebError> {
    let bytes = write_csv(records, b',', |cell| neutralise(cell).into_owned())?;
    Ok(attachment(filename, "text/csv; charset=utf-8", bytes))
}

/// CSV for Norwegian Excel: byte-order mark, `;`, and numbers with a decimal comma.
fn excel_csv(filename: &str, records: Vec<Vec<String>>) -> Result<Response, WebError> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(write_csv(records, b';', |cell| match number(cell) {
        Some(_) => cell.replace('.', ","),
        None => neutralise(cell).into_owned(),
    })?);
    Ok(attachment(filename, "text/csv; charset=utf-8", bytes))
}

fn write_csv(
    records: Vec<Vec<String>>,
    delimiter: u8,
    cell: impl Fn(&str) -> String,
) -> Result<Vec<u8>, WebError> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    for record in records {
        out.write_record(record.iter().map(|c| cell(c)))
            .map_err(csv_error)?;
    }
    out.into_inner().map_err(csv_error)
}

/// An `.xlsx` workbook of one sheet: the header row bold, numbers as numbers, text neutralised
/// (a workbook cell written as text is not run as a formula, but a copy pasted elsewhere may be).
fn xlsx(filename: &str, records: Vec<Vec<String>>) -> Result<Response, WebError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (r, record) in records.iter().enumerate() {
        let row = u32::try_from(r).map_err(xlsx_error)?;
        for (c, cell) in record.iter().enumerate() {
            let col = u16::try_from(c).map_err(xlsx_error)?;
            match number(cell) {
                Some(x) if r > 0 => sheet.write_number(row, col, x).map(|_| ()),
                _ if r == 0 => sheet
                    .write_string_with_format(row, col, neutralise(cell), &bold)
                    .map(|_| ()),
                _ => sheet.write_string(row, col, neutralise(cell)).map(|_| ()),
            }
            .map_err(xlsx_error)?;
        }
    }
    let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
    Ok(attachment(
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    ))
}

/// A cell that is a finite number: written as a number, never neutralised. Digits with a
/// leading zero (an employee number such as `00123`) stay text, so nothing is lost.
fn number(cell: &str) -> Option<f64> {
    let digits = cell.trim_start_matches('-');
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    if leading_zero || cell.starts_with('+') || cell.trim() != cell {
        return None;
    }
    cell.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn attachment(filename: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn csv_error(e: impl std::fmt::Display) -> WebError {
    WebError::Internal(format!("csv: {e}"))
}

fn xlsx_error(e: impl std::fmt::Display) -> WebError {
    WebError::Internal(format!("xlsx: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_numbers_and_ids_stay_text() {
        assert_eq!(number("-0.42"), Some(-0.42));
        assert_eq!(number("12"), Some(12.0));
        assert_eq!(number("0.5"), Some(0.5));
        for text in ["00123", "+3", "NaN", "inf", " 1", "1,5", "Team 2", ""] {
            assert_eq!(number(text), None, "{text:?}");
        }
    }
}
