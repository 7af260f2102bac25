//! The one CSV writer of every export (HR tables, the author statistics, the audit log).
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

/// A CSV download of `rows` (a header row from the field names, one record per row).
pub fn csv<T: Serialize>(filename: &str, rows: &[T]) -> Result<Response, WebError> {
    let mut raw = csv::Writer::from_writer(Vec::new());
    for row in rows {
        raw.serialize(row).map_err(csv_error)?;
    }
    let raw = raw.into_inner().map_err(csv_error)?;
    // Read the records back as text cells and neutralise them: serde decides the cells and
    // the header, this module decides what a cell may start with.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(raw.as_slice());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        records.push(record.iter().map(str::to_string).collect());
    }
    csv_records(filename, records)
}

/// A CSV download of records given cell by cell (the first is the header).
pub fn csv_records(filename: &str, records: Vec<Vec<String>>) -> Result<Response, WebError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for record in records {
        out.write_record(record.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(csv_error)?;
    }
    let bytes = out.into_inner().map_err(csv_error)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `cell`, with a leading `'` if a spreadsheet could take it for a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn csv_error(e: impl std::fmt::Display) -> WebError {
    WebError::Internal(format!("csv: {e}"))
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_starts_get_a_quote_and_numbers_stay_numbers() {
        for (cell, want) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+Team", "'+Team"),
            ("-Team", "'-Team"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("\rCR", "'\rCR"),
            ("-0.4200", "-0.4200"),
            ("+3", "+3"),
            ("Kari Nordmann", "Kari Nordmann"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), want, "{cell:?}");
        }
    }
}
