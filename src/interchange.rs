//! Plain CSV interchange files, for comparing forvalt with other IRT and CAT software on
//! identical data: item parameters `id,topic,a,b,c`, true abilities `examinee,theta`, responses
//! `examinee,item,correct` and calibrated parameters `id,a,b,c,se_a,se_b,se_c,n`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::irt::{ItemParams, ParamError};

/// One row of an item-parameter file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamRow {
    pub id: String,
    pub topic: String,
    pub params: ItemParams,
    /// 1-based line in the file, for later errors (e.g. an unknown topic).
    pub line: usize,
}

/// A problem in an interchange file, printed as `file:line: problem`.
#[derive(Debug, Clone, PartialEq)]
pub struct InterchangeError {
    pub path: PathBuf,
    /// 1-based; 0 only for a file that cannot be opened.
    pub line: usize,
    pub problem: CsvProblem,
}

impl fmt::Display for InterchangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.problem)
    }
}

impl std::error::Error for InterchangeError {}

/// What is wrong in an interchange file, with the values it names (numbers as written). The
/// `Display` is the English sentence the command line prints; the bank turns the ones of
/// `exposure.csv` into its own typed problems.
#[derive(Debug, Clone, PartialEq)]
pub enum CsvProblem {
    /// The file cannot be opened (the operating system's reason).
    CannotRead(String),
    /// The header cannot be read (the CSV reader's reason).
    CannotReadHeader(String),
    /// A record the CSV reader cannot parse (its reason).
    Malformed(String),
    NoRows,
    /// `need`: every required column, comma-separated.
    MissingColumn {
        column: String,
        need: String,
    },
    /// A value that is not a finite number.
    NotANumber {
        name: &'static str,
        value: String,
    },
    EmptyId,
    EmptyTopic {
        id: String,
    },
    DuplicateId {
        id: String,
        first_line: usize,
    },
    /// Parameters no item can have.
    BadParams {
        id: String,
        error: ParamError,
    },
    /// An exposure parameter that is not a number in [0, 1].
    ExposureK {
        value: String,
    },
    EmptyExaminee,
    EmptyItem,
    /// `correct` other than 0 or 1.
    BadCorrect {
        value: String,
    },
    DuplicateAnswer {
        examinee: String,
        item: String,
        first_line: usize,
    },
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvProblem::CannotRead(why) => write!(f, "cannot read file: {why}"),
            CsvProblem::CannotReadHeader(why) => write!(f, "cannot read header: {why}"),
            CsvProblem::Malformed(why) => write!(f, "malformed CSV: {why}"),
            CsvProblem::NoRows => write!(f, "the file has no rows"),
            CsvProblem::MissingColumn { column, need } => {
                write!(f, "missing column \"{column}\" (need: {need})")
            }
            CsvProblem::NotANumber { name, value } => {
                write!(f, "{name} = \"{value}\" is not a finite number")
            }
            CsvProblem::EmptyId => write!(f, "empty id"),
            CsvProblem::EmptyTopic { id } => write!(f, "item {id}: empty topic"),
            CsvProblem::DuplicateId { id, first_line } => {
                write!(f, "duplicate id \"{id}\" (first on line {first_line})")
            }
            CsvProblem::BadParams { id, error } => write!(f, "item {id}: {error}"),
            CsvProblem::ExposureK { value } => {
                write!(f, "k = \"{value}\" must be a number in [0, 1]")
            }
            CsvProblem::EmptyExaminee => write!(f, "empty examinee"),
            CsvProblem::EmptyItem => write!(f, "empty item"),
            CsvProblem::BadCorrect { value } => {
                write!(f, "correct = \"{value}\" must be 0 or 1")
            }
            CsvProblem::DuplicateAnswer {
                examinee,
                item,
                first_line,
            } => write!(
                f,
                "duplicate answer by examinee \"{examinee}\" to item \"{item}\" (first on line {first_line})"
            ),
        }
    }
}

/// A CSV file with named columns, read record by record with line numbers.
struct Table {
    path: PathBuf,
    columns: Vec<usize>,
    records: Vec<(usize, csv::StringRecord)>,
}

/// A CSV reader after its header, with the positions of the `required` columns in order.
type Opened = (csv::Reader<std::fs::File>, Vec<usize>);

impl Table {
    fn read(path: &Path, required: &[&str]) -> Result<Table, InterchangeError> {
        let error = |line, problem| InterchangeError {
            path: path.to_path_buf(),
            line,
            problem,
        };
        let (mut reader, columns) = Table::open(path, required, true)?;
        let mut records = Vec::new();
        for record in reader.records() {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(0, |p| p.line() as usize);
                    if record.iter().all(str::is_empty) {
                        continue;
                    }
                    records.push((line, record));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    return Err(error(line, CsvProblem::Malformed(e.to_string())));
                }
            }
        }
        if records.is_empty() {
            return Err(error(1, CsvProblem::NoRows));
        }
        Ok(Table {
            path: path.to_path_buf(),
            columns,
            records,
        })
    }

    /// Opens `path` and finds the `required` columns (case-insensitive, trimmed); `trim` also
    /// trims every field read later.
    fn open(path: &Path, required: &[&str], trim: bool) -> Result<Opened, InterchangeError> {
        let error = |line, problem| InterchangeError {
            path: path.to_path_buf(),
            line,
            problem,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(if trim {
                csv::Trim::All
            } else {
                csv::Trim::Headers
            })
            .from_path(path)
            .map_err(|e| error(0, CsvProblem::CannotRead(e.to_string())))?;
        let headers = reader
            .headers()
            .map_err(|e| error(1, CsvProblem::CannotReadHeader(e.to_string())))?
            .clone();
        let mut columns = Vec::new();
        for name in required {
            match headers.iter().position(|h| h.eq_ignore_ascii_case(name)) {
                Some(ix) => columns.push(ix),
                None => {
                    return Err(error(
                        1,
                        CsvProblem::MissingColumn {
                            column: name.to_string(),
                            need: required.join(","),
                        },
                    ));
                }
            }
        }
        Ok((reader, columns))
    }

    fn error(&self, line: usize, problem: CsvProblem) -> InterchangeError {
        InterchangeError {
            path: self.path.clone(),
            line,
            problem,
        }
    }

    fn text<'r>(&self, record: &'r csv::StringRecord, column: usize) -> &'r str {
        record.get(self.columns[column]).unwrap_or("")
    }

    fn number(
        &self,
        line: usize,
        record: &csv::StringRecord,
        column: usize,
        name: &'static str,
    ) -> Result<f64, InterchangeError> {
        let text = self.text(record, column);
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(self.error(
                line,
                CsvProblem::NotANumber {
                    name,
                    value: text.to_string(),
                },
            )),
        }
    }
}

/// Read item parameters. Refuses missing columns, non-numeric values, a ≤ 0, c outside [0, 1),
/// empty or duplicate ids, each with file and line.
pub fn read_params(path: &Path) -> Result<Vec<ParamRow>, InterchangeError> {
    let table = Table::read(path, &["id", "topic", "a", "b", "c"])?;
    let mut rows: Vec<ParamRow> = Vec::with_capacity(table.records.len());
    let mut seen = std::collections::HashMap::new();
    for (line, record) in &table.records {
        let line = *line;
        let id = table.text(record, 0).to_string();
        let topic = table.text(record, 1).to_string();
        if id.is_empty() {
            return Err(table.error(line, CsvProblem::EmptyId));
        }
        if topic.is_empty() {
            return Err(table.error(line, CsvProblem::EmptyTopic { id }));
        }
        if let Some(first_line) = seen.insert(id.clone(), line) {
            return Err(table.error(line, CsvProblem::DuplicateId { id, first_line }));
        }
        let a = table.number(line, record, 2, "a")?;
        let b = table.number(line, record, 3, "b")?;
        let c = table.number(line, record, 4, "c")?;
        let params = match ItemParams::new(a, b, c) {
            Ok(params) => params,
            Err(error) => return Err(table.error(line, CsvProblem::BadParams { id, error })),
        };
        rows.push(ParamRow {
            id,
            topic,
            params,
            line,
        });
    }
    Ok(rows)
}

/// Read true abilities: (examinee, θ) in file order.
pub fn read_thetas(path: &Path) -> Result<Vec<(String, f64)>, InterchangeError> {
    let table = Table::read(path, &["examinee", "theta"])?;
    table
        .records
        .iter()
        .map(|(line, record)| {
            let theta = table.number(*line, record, 1, "theta")?;
            Ok((table.text(record, 0).to_string(), theta))
        })
        .collect()
}

/// One row of a Sympson–Hetter parameter file (`id,k`), as `forvalt exposure` writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExposureRow {
    pub id: String,
    pub k: f64,
    /// 1-based line in the file.
    pub line: usize,
}

/// Read exposure parameters: every valid row, and every problem (missing column, k not a
/// number in [0, 1]) with its line, so a caller can report them all at once.
pub fn read_exposure(path: &Path) -> (Vec<ExposureRow>, Vec<InterchangeError>) {
    let table = match Table::read(path, &["id", "k"]) {
        Ok(table) => table,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    for (line, record) in &table.records {
        match table.number(*line, record, 1, "k") {
            Ok(k) if (0.0..=1.0).contains(&k) => rows.push(ExposureRow {
                id: table.text(record, 0).to_string(),
                k,
                line: *line,
            }),
            _ => errors.push(table.error(
                *line,
                CsvProblem::ExposureK {
                    value: table.text(record, 1).to_string(),
                },
            )),
        }
    }
    (rows, errors)
}

/// Responses read from an `examinee,item,correct` file, with people and items numbered in order
/// of first appearance.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseFile {
    pub examinees: Vec<String>,
    pub items: Vec<String>,
    pub answers: Vec<crate::calibrate::Answer>,
}

/// Read responses `examinee,item,correct` (correct 0 or 1). Refuses a missing column, empty ids,
/// correct other than 0/1 and a second answer by the same examinee to the same item, each with
/// file and line.
pub fn read_responses(path: &Path) -> Result<ResponseFile, InterchangeError> {
    use std::collections::HashMap;
    // Streamed record by record into reused byte buffers, unlike `Table`: response files have
    // hundreds of thousands of rows, and one allocation per field made reading slower than
    // calibrating.
    let error = |line, problem| InterchangeError {
        path: path.to_path_buf(),
        line,
        problem,
    };
    let (mut reader, columns) = Table::open(path, &["examinee", "item", "correct"], false)?;
    let mut people: HashMap<String, usize> = HashMap::new();
    let mut items: HashMap<String, usize> = HashMap::new();
    let mut out = ResponseFile {
        examinees: Vec::new(),
        items: Vec::new(),
        answers: Vec::new(),
    };
    // (person, item) → line of the answer.
    let mut seen: HashMap<u64, usize, std::hash::BuildHasherDefault<PairHasher>> =
        HashMap::default();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                return Err(error(line, CsvProblem::Malformed(e.to_string())));
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|field| field.trim_ascii().is_empty()) {
            continue;
        }
        let field = |column: usize| {
            let bytes = record.get(columns[column]).unwrap_or(b"").trim_ascii();
            std::str::from_utf8(bytes)
                .map_err(|_| error(line, CsvProblem::Malformed("invalid UTF-8".into())))
        };
        let (examinee, item, correct) = (field(0)?, field(1)?, field(2)?);
        if examinee.is_empty() {
            return Err(error(line, CsvProblem::EmptyExaminee));
        }
        if item.is_empty() {
            return Err(error(line, CsvProblem::EmptyItem));
        }
        let correct = match correct {
            "0" => false,
            "1" => true,
            other => {
                return Err(error(
                    line,
                    CsvProblem::BadCorrect {
                        value: other.to_string(),
                    },
                ));
            }
        };
        let person = match people.get(examinee) {
            Some(&person) => person,
            None => {
                out.examinees.push(examinee.to_string());
                people.insert(examinee.to_string(), out.examinees.len() - 1);
                out.examinees.len() - 1
            }
        };
        let item_ix = match items.get(item) {
            Some(&item_ix) => item_ix,
            None => {
                out.items.push(item.to_string());
                items.insert(item.to_string(), out.items.len() - 1);
                out.items.len() - 1
            }
        };
        if let Some(first_line) = seen.insert((person as u64) << 32 | item_ix as u64, line) {
            return Err(error(
                line,
                CsvProblem::DuplicateAnswer {
                    examinee: examinee.to_string(),
                    item: item.to_string(),
                    first_line,
                },
            ));
        }
        out.answers.push(crate::calibrate::Answer {
            person,
            item: item_ix,
            correct,
        });
    }
    if out.answers.is_empty() {
        return Err(error(1, CsvProblem::NoRows));
    }
    Ok(out)
}

/// A fast hasher for the (person, item) keys of [`read_responses`] (SipHash took a tenth of
/// the time of reading a response file): one multiplication by the golden-ratio constant,
/// with the high bits folded into the low ones that pick the bucket.
#[derive(Default)]
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

/// Calibrated parameters as CSV `id,a,b,c,se_a,se_b,se_c,n`; parameters of items that were not
/// calibrated are left empty.
pub fn write_calibration(ids: &[String], items: &[crate::calibrate::ItemEstimate]) -> String {
    let mut out = String::from("id,a,b,c,se_a,se_b,se_c,n\n");
    let number = |x: f64| {
        if x.is_finite() {
            format!("{x:.6}")
        } else {
            String::new()
        }
    };
    for (id, e) in ids.iter().zip(items) {
        let id = if id.contains([',', '"', '\n']) {
            format!("\"{}\"", id.replace('"', "\"\""))
        } else {
            id.clone()
        };
        out.push_str(&format!(
            "{id},{},{},{},{},{},{},{}\n",
            number(e.a),
            number(e.b),
            number(e.c),
            number(e.se_a),
            number(e.se_b),
            number(e.se_c),
            e.n
        ));
    }
    out
}
