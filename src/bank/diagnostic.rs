//! Problems found in the bank, each pointing at a file and line.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where it is and what is wrong, printed as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Collects diagnostics for one source file, turning byte offsets into line numbers.
pub(crate) struct FileReport<'a> {
    path: &'a Path,
    source: &'a str,
    out: &'a mut Vec<Diagnostic>,
    errors: usize,
}

impl<'a> FileReport<'a> {
    pub fn new(path: &'a Path, source: &'a str, out: &'a mut Vec<Diagnostic>) -> FileReport<'a> {
        FileReport {
            path,
            source,
            out,
            errors: 0,
        }
    }

    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.errors += 1;
        self.push(Severity::Error, offset, message.into());
    }

    pub fn warning(&mut self, offset: usize, message: impl Into<String>) {
        self.push(Severity::Warning, offset, message.into());
    }

    /// Errors reported through this value so far.
    pub fn errors(&self) -> usize {
        self.errors
    }

    fn push(&mut self, severity: Severity, offset: usize, message: String) {
        let line = line_of(self.source, offset);
        self.out.push(Diagnostic {
            severity,
            path: self.path.to_path_buf(),
            line,
            message,
        });
    }
}

/// 1-based line number of byte `offset` in `source`.
pub fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A parse error from the toml crate as a diagnostic: its message's first line, at its span.
pub(crate) fn toml_error(report: &mut FileReport<'_>, error: &toml::de::Error) {
    let offset = error.span().map_or(0, |span| span.start);
    let message = error
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .trim()
        .to_string();
    report.error(offset, message);
}
