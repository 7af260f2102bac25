//! `forvalt export`: every stored response, one row each, with who, where and when.
//!
//! The CSV form is opened in spreadsheets as often as it is read by programs, and three of its
//! columns (cycle name, employee id, department) are text an admin or a roster wrote. A
//! spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (some also a tab or a carriage
//! return) as a formula, so such a cell gets a leading `'` ([`spreadsheet_text`], the rule every
//! HR and author download follows too; OWASP "CSV injection"). JSON lines are for programs and
//! keep every value as stored.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use super::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    JsonLines,
}

/// One exported response. Column names are part of the export format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRow {
    pub test_id: u64,
    pub cycle: String,
    pub employee_id: String,
    pub department: String,
    pub position: u32,
    pub item_id: String,
    pub item_version: String,
    /// The option letter chosen (A, B, …).
    pub option: String,
    pub correct: bool,
    pub response_ms: u64,
    pub answered_at: String,
    /// An unscored pretest answer (for calibration only).
    pub pretest: bool,
}

impl ExportRow {
    /// This row with every text cell safe to open in a spreadsheet.
    fn for_spreadsheet(&self) -> ExportRow {
        let text = |cell: &str| spreadsheet_text(cell).into_owned();
        ExportRow {
            cycle: text(&self.cycle),
            employee_id: text(&self.employee_id),
            department: text(&self.department),
            item_id: text(&self.item_id),
            item_version: text(&self.item_version),
            ..self.clone()
        }
    }
}

/// `cell`, with a leading `'` if a spreadsheet could take it for a formula. A number
/// (`-0.42`, `+3`) stays as it is: it cannot be a formula.
pub fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

impl Store {
    /// All responses joined with their test, user and cycle, in (test, position) order.
    pub fn export_rows(&self) -> Result<Vec<ExportRow>, StoreError> {
        let users: HashMap<u64, _> = self.users()?.into_iter().map(|u| (u.id, u)).collect();
        let cycles: HashMap<u64, _> = self.cycles()?.into_iter().map(|c| (c.id, c)).collect();
        let tests: HashMap<u64, _> = self.tests()?.into_iter().map(|t| (t.id, t)).collect();
        let mut rows = Vec::new();
        for r in self.all_responses()? {
            let test = tests.get(&r.test_id);
            let user = test.and_then(|t| users.get(&t.user_id));
            let cycle = test.and_then(|t| cycles.get(&t.cycle_id));
            rows.push(ExportRow {
                test_id: r.test_id,
                cycle: cycle.map(|c| c.name.clone()).unwrap_or_default(),
                employee_id: user.map(|u| u.employee_id.clone()).unwrap_or_default(),
                department: user
                    .map(|u| u.department.clone())
                    .or_else(|| test.and_then(|t| t.department.clone()))
                    .unwrap_or_default(),
                position: r.position,
                item_id: r.item_id,
                item_version: r.version,
                option: ((b'A' + r.option) as char).to_string(),
                correct: r.correct,
                response_ms: r.response_ms,
                answered_at: r.answered_at.to_string(),
                pretest: r.pretest,
            });
        }
        Ok(rows)
    }

    /// Write all responses to `out`; returns the number of rows.
    pub fn export(&self, format: ExportFormat, out: impl Write) -> Result<usize, ExportError> {
        let rows = self.export_rows()?;
        match format {
            ExportFormat::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                for row in &rows {
                    writer.serialize(row.for_spreadsheet())?;
                }
                writer.flush()?;
            }
            ExportFormat::JsonLines => {
                let mut out = std::io::BufWriter::new(out);
                for row in &rows {
                    serde_json::to_writer(&mut out, row).map_err(std::io::Error::from)?;
                    out.write_all(b"\n")?;
                }
                out.flush()?;
            }
        }
        Ok(rows.len())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the export: {0}")]
    Csv(#[from] csv::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(spreadsheet_text(cell), want, "{cell:?}");
        }
    }
}
