//! Calibration proposals: new parameters next to the bank's, for an author to review and accept.
//!
//! `forvalt calibrate --db …` writes a proposal as CSV (by default `calibration-proposal.csv` in
//! the bank folder, where the author area finds it):
//!
//! `id,old_a,old_b,old_c,old_source,a,b,c,se_a,se_b,se_c,n,anchored,problem`
//!
//! One row per item with answers. `anchored` rows kept their parameters (they fixed the scale);
//! rows with a `problem` were not calibrated (too few answers, all right, …) and cannot be
//! accepted. Accepting writes `a`, `b`, `c`, `source = "calibrated"`, `n` and the date into the
//! item files ([`super::writeback`]), all or nothing.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use super::writeback::{self, Edit, WritebackError};
use super::{ItemBank, ItemId, ParamSource};
use crate::calibrate::{Anchor, Calibration};

/// Where the author area looks for the latest proposal, inside the bank folder.
pub const PROPOSAL_FILE: &str = "calibration-proposal.csv";

const COLUMNS: [&str; 14] = [
    "id",
    "old_a",
    "old_b",
    "old_c",
    "old_source",
    "a",
    "b",
    "c",
    "se_a",
    "se_b",
    "se_c",
    "n",
    "anchored",
    "problem",
];

/// One item of a proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalRow {
    pub id: String,
    pub old_a: f64,
    pub old_b: f64,
    pub old_c: f64,
    /// `expert` or `calibrated`.
    pub old_source: String,
    /// NaN when not calibrated.
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub se_a: f64,
    pub se_b: f64,
    pub se_c: f64,
    pub n: u64,
    pub anchored: bool,
    /// Why the item was not calibrated; empty when it was.
    pub problem: String,
}

impl ProposalRow {
    /// Whether an author can accept this row: calibrated, not an anchor.
    pub fn acceptable(&self) -> bool {
        !self.anchored && self.problem.is_empty() && self.a.is_finite() && self.b.is_finite()
    }
}

/// The proposal for the bank items `ids` (indexes of `calibration.items`).
pub fn propose(bank: &ItemBank, ids: &[ItemId], calibration: &Calibration) -> Vec<ProposalRow> {
    ids.iter()
        .zip(&calibration.items)
        .filter(|(_, e)| e.n > 0)
        .filter_map(|(id, e)| {
            let item = bank.item(id)?;
            Some(ProposalRow {
                id: id.to_string(),
                old_a: item.params.a(),
                old_b: item.params.b(),
                old_c: item.params.c(),
                old_source: match item.source {
                    ParamSource::Expert => "expert".into(),
                    ParamSource::Calibrated { .. } => "calibrated".into(),
                },
                a: e.a,
                b: e.b,
                c: e.c,
                se_a: e.se_a,
                se_b: e.se_b,
                se_c: e.se_c,
                n: e.n as u64,
                anchored: e.anchored,
                problem: e
                    .problem
                    .map(|p| p.describe().to_string())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// The proposal as CSV.
pub fn to_csv(rows: &[ProposalRow]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let number = |x: f64| {
        if x.is_finite() {
            format!("{x:.4}")
        } else {
            String::new()
        }
    };
    out.write_record(COLUMNS).expect("writing to memory");
    for r in rows {
        out.write_record([
            r.id.clone(),
            number(r.old_a),
            number(r.old_b),
            number(r.old_c),
            r.old_source.clone(),
            number(r.a),
            number(r.b),
            number(r.c),
            number(r.se_a),
            number(r.se_b),
            number(r.se_c),
            r.n.to_string(),
            r.anchored.to_string(),
            r.problem.clone(),
        ])
        .expect("writing to memory");
    }
    String::from_utf8(out.into_inner().expect("writing to memory")).expect("CSV of UTF-8 text")
}

/// Read a proposal; errors name the file and line.
pub fn read(path: &Path) -> Result<Vec<ProposalRow>, String> {
    // Read as bytes: the CSV reader names the line of a field that is not UTF-8.
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let at = |line: u64, message: String| format!("{}:{line}: {message}", path.display());
    let head = reader.headers().map_err(|e| at(1, e.to_string()))?.clone();
    let column: HashMap<&str, usize> = head.iter().enumerate().map(|(i, h)| (h, i)).collect();
    for name in COLUMNS {
        if !column.contains_key(name) {
            return Err(at(1, format!("missing column \"{name}\"")));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| at(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let text = |name: &str| record.get(column[name]).unwrap_or("").trim();
        let number = |name: &str, optional: bool| -> Result<f64, String> {
            let value = text(name);
            if value.is_empty() && optional {
                return Ok(f64::NAN);
            }
            value
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| at(line, format!("{name} \"{value}\" is not a number")))
        };
        let row = ProposalRow {
            id: text("id").to_string(),
            old_a: number("old_a", false)?,
            old_b: number("old_b", false)?,
            old_c: number("old_c", false)?,
            old_source: text("old_source").to_string(),
            a: number("a", true)?,
            b: number("b", true)?,
            c: number("c", true)?,
            se_a: number("se_a", true)?,
            se_b: number("se_b", true)?,
            se_c: number("se_c", true)?,
            n: text("n")
                .parse()
                .map_err(|_| at(line, format!("n \"{}\" is not a count", text("n"))))?,
            anchored: match text("anchored") {
                "true" => true,
                "false" => false,
                other => {
                    return Err(at(
                        line,
                        format!("anchored \"{other}\" must be true or false"),
                    ));
                }
            },
            problem: text("problem").to_string(),
        };
        if row.id.is_empty() {
            return Err(at(line, "empty id".into()));
        }
        if row.problem.is_empty()
            && !row.anchored
            && !(row.a.is_finite() && row.b.is_finite() && row.c.is_finite())
        {
            return Err(at(
                line,
                format!("{}: a, b and c are needed for a calibrated row", row.id),
            ));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Why a proposal cannot be accepted.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error("{0} is not in the proposal")]
    NotProposed(String),
    #[error("{0} cannot be accepted: {1}")]
    NotAcceptable(String, String),
    #[error("{0} is not an item of the bank")]
    NotInBank(String),
    #[error(transparent)]
    Writeback(#[from] WritebackError),
}

/// Write the accepted rows (all acceptable rows, or only `only`) into the item files of `bank`;
/// accepted `pretest` items become `active`. Returns the ids written and the reloaded bank.
pub fn accept(
    bank: &ItemBank,
    rows: &[ProposalRow],
    only: Option<&[ItemId]>,
    today: Date,
) -> Result<(Vec<ItemId>, ItemBank), AcceptError> {
    let chosen: Vec<&ProposalRow> = match only {
        None => rows.iter().filter(|r| r.acceptable()).collect(),
        Some(ids) => ids
            .iter()
            .map(|id| {
                let row = rows
                    .iter()
                    .find(|r| r.id == *id)
                    .ok_or_else(|| AcceptError::NotProposed(id.to_string()))?;
                if row.acceptable() {
                    Ok(row)
                } else if row.anchored {
                    Err(AcceptError::NotAcceptable(
                        id.to_string(),
                        "it was an anchor (its parameters were fixed)".into(),
                    ))
                } else {
                    Err(AcceptError::NotAcceptable(
                        id.to_string(),
                        row.problem.clone(),
                    ))
                }
            })
            .collect::<Result<_, _>>()?,
    };
    let mut edits = Vec::new();
    let mut written = Vec::new();
    for row in &chosen {
        let item = bank
            .item(&row.id)
            .ok_or_else(|| AcceptError::NotInBank(row.id.clone()))?;
        written.push(item.id.clone());
        edits.push((
            item.path.clone(),
            Edit::Params {
                a: row.a,
                b: row.b,
                c: if row.c.is_finite() { row.c } else { 0.0 },
                n: row.n,
                on: today,
            },
        ));
        // A pretest item with calibrated parameters is what pretesting was for: it becomes
        // active (scored) from the next test on.
        if item.status == super::Status::Pretest {
            edits.push((item.path.clone(), Edit::Status(super::Status::Active)));
        }
    }
    let reloaded = writeback::apply(&bank.dir, &edits, today)?;
    Ok((written, reloaded))
}

/// Anchors from a CSV with at least the columns `id,a,b,c` (e.g. an earlier
/// `forvalt calibrate --out` file), for the items in `ids` (the bank's, or a response file's
/// labels). Unknown ids are errors.
pub fn read_anchors(path: &Path, ids: &[impl AsRef<str>]) -> Result<Vec<Anchor>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let at = |line: u64, message: String| format!("{}:{line}: {message}", path.display());
    let head = reader.headers().map_err(|e| at(1, e.to_string()))?.clone();
    let column = |name: &str| {
        head.iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| at(1, format!("missing column \"{name}\"")))
    };
    let (id_col, a_col, b_col, c_col) = (column("id")?, column("a")?, column("b")?, column("c")?);
    let mut anchors: Vec<Anchor> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| at(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let id = record.get(id_col).unwrap_or("").trim();
        let item = ids
            .iter()
            .position(|i| i.as_ref() == id)
            .ok_or_else(|| at(line, format!("anchor \"{id}\" has no answers in the data")))?;
        let number = |col: usize, name: &str| {
            let value = record.get(col).unwrap_or("").trim();
            value
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| at(line, format!("{name} \"{value}\" is not a number")))
        };
        let (a, b, c) = (
            number(a_col, "a")?,
            number(b_col, "b")?,
            number(c_col, "c")?,
        );
        if crate::irt::ItemParams::new(a, b, c).is_err() {
            return Err(at(line, format!("{id}: a must be > 0 and c in [0, 1)")));
        }
        if anchors.iter().any(|x| x.item == item) {
            return Err(at(line, format!("anchor \"{id}\" is listed twice")));
        }
        anchors.push(Anchor { item, a, b, c });
    }
    Ok(anchors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str) -> ProposalRow {
        ProposalRow {
            id: id.into(),
            old_a: 1.0,
            old_b: 0.0,
            old_c: 0.2,
            old_source: "expert".into(),
            a: 1.25,
            b: -0.5,
            c: 0.0,
            se_a: 0.1,
            se_b: 0.08,
            se_c: 0.0,
            n: 400,
            anchored: false,
            problem: String::new(),
        }
    }

    #[test]
    fn csv_round_trips() {
        let mut failed = row("x-2");
        failed.a = f64::NAN;
        failed.b = f64::NAN;
        failed.c = f64::NAN;
        failed.problem = "too few responses; not calibrated".into();
        let rows = vec![row("x-1"), failed];
        let dir = std::env::temp_dir().join(format!("forvalt-proposal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("p.csv");
        std::fs::write(&path, to_csv(&rows)).unwrap();
        let back = read(&path).unwrap();
        assert_eq!(back[0], rows[0]);
        assert!(back[1].a.is_nan() && !back[1].acceptable());
        assert_eq!(back[1].problem, rows[1].problem);
        std::fs::write(&path, to_csv(&rows).replace("400", "many")).unwrap();
        let error = read(&path).unwrap_err();
        assert!(error.ends_with(":2: n \"many\" is not a count"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
