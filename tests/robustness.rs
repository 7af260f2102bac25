//! Bad input never crashes: randomized edits of the real, valid files that authors and admins
//! write, checked for the product's standard.
//!
//! Each test starts from a valid file (the shipped banks' files, or a file forvalt itself writes)
//! and applies one to three random edits: delete, duplicate or swap lines, truncate, flip or
//! insert bytes (invalid UTF-8, NUL, a BOM, CRLF), very long values, random Unicode, a TOML
//! value or CSV field replaced by one of another type (huge numbers, NaN, inf, negative and
//! out-of-range values, dates, tables), duplicated keys and tables. The properties:
//!
//! - reading never panics (each case runs under `catch_unwind`);
//! - every problem names its file and a line that exists in it (1 ≤ line ≤ lines of the file;
//!   a whole-file problem is on line 1);
//! - the same input gives the same answer twice;
//! - a valid file is accepted, also with harmless edits (CRLF, a blank line, a comment), so the harness
//!   raises no false alarms of its own.
//!
//! The cases are drawn by proptest from a fixed seed per test, so every run tries the same
//! inputs; a failure is shrunk to a minimal list of edits and printed with the seed and the
//! edited file. `ROBUSTNESS_CASES=5000 ROBUSTNESS_SEED=7 cargo test --test tests robustness::`
//! explores further. Inputs that once failed are kept below as regression tests, by name.

use std::fmt;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use forvalt::app::roster;
use forvalt::bank::proposal::{self, ProposalRow};
use forvalt::bank::{self, Diagnostic, Severity};
use forvalt::config;
use forvalt::interchange;
use forvalt::text::Form;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

use crate::support::{TempDir, repo};

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 12, 7);

// --- The edits ---

/// A piece of text (or not: some are invalid UTF-8) that edits put into a file.
#[derive(Clone, Copy)]
struct Token(&'static [u8]);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

/// What edits insert: syntax of both formats, values of every type and range, encodings.
const TOKENS: &[&[u8]] = &[
    b"",
    b" ",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\xef\xbb\xbf",
    b"\r",
    b"\r\n",
    b"\n",
    b"\t",
    b"\"",
    b"'",
    b"\\",
    b"\\u",
    b"\"\"\"",
    b"'''",
    b",",
    b"=",
    b"#",
    b"[",
    b"]",
    b"{",
    b"}",
    b".",
    b"[[topic]]",
    b"[[act]]",
    b"[[change]]",
    b"[irt]",
    b"[nn]",
    b"[test]",
    b"[bank]",
    b"[act.ledd]",
    b"nan",
    b"-nan",
    b"inf",
    b"-inf",
    b"NaN",
    b"Infinity",
    b"1e400",
    b"-1e400",
    b"1e-400",
    b"-0",
    b"0",
    b"-1",
    b"1",
    b"2",
    b"0.5",
    b"1.5",
    b"1,5",
    b"0x10",
    b"1_000",
    b"99999999999999999999",
    b"18446744073709551615",
    b"18446744073709551616",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"4294967295",
    b"4294967296",
    b"65536",
    b"true",
    b"false",
    b"[]",
    b"{}",
    b"[1, 2]",
    b"{ a = 1 }",
    b"\"\"",
    b"\"x\"",
    b"[\"\"]",
    b"\"unterminated",
    b"1979-05-27",
    b"0000-01-01",
    b"9999-12-31",
    b"2026-02-30",
    b"2026-13-01",
    b"1979-05-27T07:32:00Z",
    b"07:32:00",
    "ø".as_bytes(),
    "Å".as_bytes(),
    "e\u{301}".as_bytes(),
    "\u{200b}".as_bytes(),
    "\u{202e}".as_bytes(),
    "\u{2028}".as_bytes(),
    "🦀".as_bytes(),
    "§".as_bytes(),
    "§ 999999999999999999999".as_bytes(),
    "forvaltningsloven § 6".as_bytes(),
    b"id",
    b"k",
    b"a",
    b"id = \"x\"",
    b"key = \"E\"",
    b"a,b,c,d,e,f,g",
    b"x@y",
    b"nn",
    b"admin",
];

/// Numbers at and past the limits of the types that read them (and some that are not numbers).
const NUMBERS: &[&[u8]] = &[
    b"0",
    b"-1",
    b"-0.0",
    b"1e308",
    b"1e400",
    b"-1e400",
    b"5e-324",
    b"nan",
    b"inf",
    b"-inf",
    b"127",
    b"255",
    b"256",
    b"32767",
    b"65535",
    b"65536",
    b"2147483647",
    b"2147483648",
    b"4294967295",
    b"4294967296",
    b"9007199254740993",
    b"9223372036854775807",
    b"-9223372036854775808",
    b"9223372036854775808",
    b"18446744073709551615",
    b"\"9223372036854775807\"",
    b"\"18446744073709551615\"",
    b"\"-1\"",
    b"\"nan\"",
];

/// One edit of a file's bytes. Line and byte positions are [`Index`]es, valid for any length.
#[derive(Clone, Debug)]
enum Edit {
    DeleteLine(Index),
    DuplicateLine(Index),
    /// A line repeated 300 times (an array element: hundreds of options).
    RepeatLine(Index),
    SwapLines(Index, Index),
    /// Cut the file at a byte (possibly inside a UTF-8 sequence).
    Truncate(Index),
    /// XOR one byte with a non-zero mask.
    FlipByte(Index, u8),
    InsertBytes(Index, Token),
    InsertLine(Index, Token),
    /// Replace a value: after the first `=` of a line (TOML), else one of its comma-separated
    /// fields (CSV).
    ReplaceValue(Index, Index, Token),
    /// The same with an extreme number.
    ReplaceNumber(Index, Index, Token),
    /// The same, with the token repeated into a value of tens of kilobytes.
    LongValue(Index, Index, Token),
    /// Every `\n` becomes `\r\n`.
    Crlf,
    /// A byte-order mark in front.
    Bom,
}

fn token() -> impl Strategy<Value = Token> {
    prop::sample::select(TOKENS).prop_map(Token)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => any::<Index>().prop_map(Edit::DeleteLine),
        3 => any::<Index>().prop_map(Edit::DuplicateLine),
        1 => any::<Index>().prop_map(Edit::RepeatLine),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        2 => any::<Index>().prop_map(Edit::Truncate),
        2 => (any::<Index>(), 1..=255u8).prop_map(|(at, mask)| Edit::FlipByte(at, mask)),
        3 => (any::<Index>(), token()).prop_map(|(at, t)| Edit::InsertBytes(at, t)),
        2 => (any::<Index>(), token()).prop_map(|(at, t)| Edit::InsertLine(at, t)),
        8 => (any::<Index>(), any::<Index>(), token())
            .prop_map(|(line, field, t)| Edit::ReplaceValue(line, field, t)),
        4 => (any::<Index>(), any::<Index>(), prop::sample::select(NUMBERS).prop_map(Token))
            .prop_map(|(line, field, t)| Edit::ReplaceNumber(line, field, t)),
        1 => (any::<Index>(), any::<Index>(), token())
            .prop_map(|(line, field, t)| Edit::LongValue(line, field, t)),
        1 => Just(Edit::Crlf),
        1 => Just(Edit::Bom),
    ]
}

/// One to three edits.
fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..=3)
}

/// The file's lines, each with its `\n`.
fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// A line's content and its ending (`\n`, `\r\n` or none).
fn split_ending(line: &[u8]) -> (&[u8], &[u8]) {
    let content = line.strip_suffix(b"\n").unwrap_or(line);
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    line.split_at(content.len())
}

/// The line `at` picks among those with a value (`key = value`, or CSV fields), not comments;
/// any line if none has one.
fn value_line(lines: &[Vec<u8>], at: &Index) -> usize {
    let with_value: Vec<usize> = (0..lines.len())
        .filter(|&ix| {
            let line = &lines[ix];
            !line.starts_with(b"#") && line.iter().any(|&b| b == b'=' || b == b',')
        })
        .collect();
    if with_value.is_empty() {
        at.index(lines.len())
    } else {
        with_value[at.index(with_value.len())]
    }
}

/// `line` with its value (TOML) or one field (CSV) replaced by `value`.
fn replace_value(line: &[u8], field: &Index, value: &[u8]) -> Vec<u8> {
    let (content, ending) = split_ending(line);
    let mut out = Vec::new();
    if let Some(eq) = content.iter().position(|&b| b == b'=') {
        out.extend_from_slice(&content[..=eq]);
        out.push(b' ');
        out.extend_from_slice(value);
    } else {
        let fields: Vec<&[u8]> = content.split(|&b| b == b',').collect();
        let chosen = field.index(fields.len());
        for (ix, f) in fields.iter().enumerate() {
            if ix > 0 {
                out.push(b',');
            }
            out.extend_from_slice(if ix == chosen { value } else { f });
        }
    }
    out.extend_from_slice(ending);
    out
}

impl Edit {
    fn apply(&self, bytes: Vec<u8>) -> Vec<u8> {
        let mut lines = split_lines(&bytes);
        let n = lines.len();
        match self {
            Edit::DeleteLine(at) if n > 0 => {
                lines.remove(at.index(n));
            }
            Edit::DuplicateLine(at) if n > 0 => {
                let ix = at.index(n);
                let mut line = lines[ix].clone();
                if !line.ends_with(b"\n") {
                    line.push(b'\n');
                }
                lines.insert(ix, line);
            }
            Edit::RepeatLine(at) if n > 0 => {
                let ix = at.index(n);
                let mut line = lines[ix].clone();
                if !line.ends_with(b"\n") {
                    line.push(b'\n');
                }
                for _ in 0..300 {
                    lines.insert(ix, line.clone());
                }
            }
            Edit::SwapLines(a, b) if n > 0 => lines.swap(a.index(n), b.index(n)),
            Edit::ReplaceValue(at, field, token) | Edit::ReplaceNumber(at, field, token)
                if n > 0 =>
            {
                let ix = value_line(&lines, at);
                lines[ix] = replace_value(&lines[ix], field, token.0);
            }
            Edit::LongValue(at, field, token) if n > 0 => {
                let ix = value_line(&lines, at);
                let long = token.0.repeat(40_000 / token.0.len().max(1)).to_vec();
                lines[ix] = replace_value(&lines[ix], field, &long);
            }
            Edit::InsertLine(at, token) => {
                let mut line = token.0.to_vec();
                line.push(b'\n');
                lines.insert(at.index(n + 1), line);
            }
            Edit::Truncate(at) => return bytes[..at.index(bytes.len() + 1)].to_vec(),
            Edit::FlipByte(at, mask) if !bytes.is_empty() => {
                let mut bytes = bytes;
                let ix = at.index(bytes.len());
                bytes[ix] ^= mask;
                return bytes;
            }
            Edit::InsertBytes(at, token) => {
                let mut bytes = bytes;
                let ix = at.index(bytes.len() + 1);
                bytes.splice(ix..ix, token.0.iter().copied());
                return bytes;
            }
            Edit::Crlf => {
                let mut out = Vec::with_capacity(bytes.len() + n);
                for &b in &bytes {
                    if b == b'\n' {
                        out.push(b'\r');
                    }
                    out.push(b);
                }
                return out;
            }
            Edit::Bom => return [b"\xef\xbb\xbf".as_slice(), &bytes].concat(),
            _ => {}
        }
        lines.concat()
    }
}

fn apply(original: &[u8], edits: &[Edit]) -> Vec<u8> {
    edits
        .iter()
        .fold(original.to_vec(), |bytes, edit| edit.apply(bytes))
}

// --- Running and checking ---

/// Run `test` on `cases` values of `strategy` from a fixed seed (one per test name; the
/// environment's `ROBUSTNESS_SEED` and `ROBUSTNESS_CASES` override). A failure is shrunk and
/// reported with the seed.
fn run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), String>,
) where
    S::Value: fmt::Debug,
{
    let seed = std::env::var("ROBUSTNESS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            // FNV-1a of the name: a stable seed per test.
            name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        });
    let cases = std::env::var("ROBUSTNESS_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    let config = Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        max_shrink_iters: 512,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&strategy, |value| test(value).map_err(TestCaseError::fail)) {
        panic!("{name}, seed {seed} (ROBUSTNESS_SEED={seed} reruns it): {e}");
    }
}

/// `f()`, or the message of its panic.
fn no_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(not a string)".into());
        format!("panicked: {message}")
    })
}

/// The number of lines of a file as an editor shows them (at least 1).
fn line_count(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes).lines().count().max(1)
}

/// `line` exists in `bytes`.
fn check_line(what: &str, bytes: &[u8], line: u64) -> Result<(), String> {
    let lines = line_count(bytes) as u64;
    if (1..=lines).contains(&line) {
        Ok(())
    } else {
        Err(format!(
            "{what}: line {line}, but the file has {lines} line(s)"
        ))
    }
}

/// A failed case: what went wrong, with the edited file.
fn failure(problem: String, path: &Path, bytes: &[u8]) -> String {
    let shown: String = if bytes.len() > 4000 {
        format!("{} … ({} bytes)", bytes[..4000].escape_ascii(), bytes.len())
    } else {
        bytes.escape_ascii().to_string()
    };
    format!("{problem}\n--- {} ---\n{shown}", path.display())
}

/// Write `bytes` to `path` for the length of `f`, then put the original back.
fn with_file<T>(path: &Path, bytes: &[u8], f: impl FnOnce() -> T) -> T {
    let original = fs::read(path).ok();
    fs::write(path, bytes).unwrap();
    let result = f();
    match original {
        Some(original) => fs::write(path, original).unwrap(),
        None => fs::remove_file(path).unwrap(),
    }
    result
}

// --- The item banks ---

/// A copy of a shipped bank in a temporary folder (`da/`, the Danish bank, left out of the
/// Norwegian one).
struct BankCopy {
    dir: TempDir,
}

impl BankCopy {
    fn new(source: &Path) -> BankCopy {
        let dir = TempDir::new("robustness-bank");
        copy_dir(source, dir.path());
        BankCopy { dir }
    }

    fn norwegian() -> BankCopy {
        BankCopy::new(&repo().join("item-bank"))
    }

    fn danish() -> BankCopy {
        BankCopy::new(&repo().join("item-bank/da"))
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The item files, sorted.
    fn items(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut stack = vec![self.path().join("items")];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    found.push(path);
                }
            }
        }
        found.sort();
        found
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "da" {
                copy_dir(&path, &target);
            }
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Load the bank in `dir` and check it: no panic, a bank exactly when there are no errors,
/// every diagnostic on an existing line of an existing file and phrased in every language, and
/// the same diagnostics on a second load.
fn check_bank(dir: &Path) -> Result<Vec<Diagnostic>, String> {
    let load = || {
        no_panic(|| {
            let loaded = bank::load(dir, TODAY);
            // The texts too: every problem in every language.
            for d in &loaded.diagnostics {
                for form in Form::ALL {
                    let _ = d.to_string_in(form);
                }
            }
            loaded
        })
    };
    let loaded = load()?;
    if loaded.bank.is_some() != loaded.errors().next().is_none() {
        return Err("a bank must be returned exactly when there are no errors".into());
    }
    for d in &loaded.diagnostics {
        if d.problem.is_none() || d.message.trim().is_empty() {
            return Err(format!(
                "{d}: a diagnostic without a typed problem or message"
            ));
        }
        if d.path.is_dir() {
            if d.line != 1 {
                return Err(format!("{d}: a folder's problem is on line 1"));
            }
        } else {
            let bytes = fs::read(&d.path).unwrap_or_default();
            check_line(&d.to_string(), &bytes, d.line as u64)?;
        }
    }
    let again = load()?;
    if again.diagnostics != loaded.diagnostics {
        return Err("a second load of the same files gave other diagnostics".into());
    }
    Ok(loaded.diagnostics)
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// Check the bank of `copy` with `path` edited to `bytes`: [`check_bank`], and a TOML file that
/// no longer parses must be named by an error (a broken file is never skipped in silence).
fn check_edited(copy: &BankCopy, path: &Path, bytes: &[u8]) -> Result<(), String> {
    let check = || -> Result<(), String> {
        let diagnostics = with_file(path, bytes, || check_bank(copy.path()))?;
        let parses = std::str::from_utf8(bytes).is_ok_and(|t| t.parse::<toml::Table>().is_ok());
        let toml = path.extension().is_some_and(|e| e == "toml");
        if toml
            && !parses
            && !diagnostics
                .iter()
                .any(|d| d.path == path && d.severity == Severity::Error)
        {
            return Err("the file does not parse, and no error names it".into());
        }
        Ok(())
    };
    check().map_err(|e| failure(e, path, bytes))
}

/// Fuzz the bank file `file` (relative to the bank folder) of `copy`.
fn fuzz_bank_file(name: &str, cases: u32, copy: &BankCopy, file: &str) {
    let path = copy.path().join(file);
    let original = fs::read(&path).unwrap();
    run(name, cases, edits(), |edits| {
        let bytes = apply(&original, &edits);
        check_edited(copy, &path, &bytes)
    });
}

/// Fuzz one of the item files of `copy`, a different one each case.
fn fuzz_item_files(name: &str, cases: u32, copy: &BankCopy) {
    let items = copy.items();
    run(name, cases, (any::<Index>(), edits()), |(which, edits)| {
        let path = &items[which.index(items.len())];
        let original = fs::read(path).unwrap();
        let bytes = apply(&original, &edits);
        check_edited(copy, path, &bytes)
    });
}

/// Fuzz one of the topic files of `copy`.
fn fuzz_topic_files(name: &str, cases: u32, copy: &BankCopy) {
    let mut topics: Vec<PathBuf> = fs::read_dir(copy.path().join("topics"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    topics.sort();
    run(name, cases, (any::<Index>(), edits()), |(which, edits)| {
        let path = &topics[which.index(topics.len())];
        let original = fs::read(path).unwrap();
        let bytes = apply(&original, &edits);
        check_edited(copy, path, &bytes)
    });
}

/// A law-change registry naming a real section of the bank's first act (two changes, one of a
/// single ledd).
fn law_changes(act: &str) -> String {
    format!(
        "# Sections changed since the items were written.\n\n\
         [[change]]\nact = \"{act}\"\nsection = \"17\"\nchanged_on = 2026-07-01\nnote = \"Presisert\"\n\n\
         [[change]]\nact = \"{act}\"\nsection = \"6\"\nledd = 1\nchanged_on = 2025-01-01\n"
    )
}

/// The shipped banks load with no error, also after harmless edits: the harness's starting
/// point is valid, and CRLF line endings or a comment change no diagnostic's line.
#[test]
fn the_shipped_banks_are_valid_to_start_from() {
    for copy in [BankCopy::norwegian(), BankCopy::danish()] {
        let before = check_bank(copy.path()).unwrap();
        assert!(errors(&before).is_empty(), "{:?}", errors(&before));
        // The law-change registry the fuzzing starts from is valid too.
        fs::write(
            copy.path().join(bank::LAW_CHANGES_FILE),
            law_changes("forvaltningsloven"),
        )
        .unwrap();
        let with_changes = check_bank(copy.path()).unwrap();
        assert!(
            errors(&with_changes).is_empty(),
            "{:?}",
            errors(&with_changes)
        );
        fs::remove_file(copy.path().join(bank::LAW_CHANGES_FILE)).unwrap();
        let key = |d: &Diagnostic| (d.path.clone(), d.line, d.message.clone());
        let files = ["laws.toml", "blueprint.toml", bank::EXPOSURE_FILE]
            .into_iter()
            .map(|f| copy.path().join(f))
            .chain(copy.items().into_iter().take(3));
        for path in files {
            let original = fs::read(&path).unwrap();
            let crlf = apply(&original, &[Edit::Crlf]);
            let blank_line = [original.as_slice(), b"\n"].concat();
            let comment = [b"# A comment.\n".as_slice(), &original].concat();
            let toml = path.extension().is_some_and(|e| e == "toml");
            for (label, bytes) in [("CRLF", &crlf), ("a blank line", &blank_line)]
                .into_iter()
                .chain(toml.then_some(("a comment", &comment)))
            {
                let after = with_file(&path, bytes, || check_bank(copy.path())).unwrap();
                assert!(
                    errors(&after).is_empty(),
                    "{label} in {}: {:?}",
                    path.display(),
                    errors(&after)
                );
                if label != "a comment" {
                    assert_eq!(
                        after.iter().map(key).collect::<Vec<_>>(),
                        before.iter().map(key).collect::<Vec<_>>(),
                        "{label} in {}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn item_files() {
    fuzz_item_files("item_files", 200, &BankCopy::norwegian());
}

#[test]
fn danish_item_files() {
    fuzz_item_files("danish_item_files", 120, &BankCopy::danish());
}

#[test]
fn laws_toml() {
    fuzz_bank_file("laws_toml", 150, &BankCopy::norwegian(), "laws.toml");
}

#[test]
fn danish_laws_toml() {
    fuzz_bank_file("danish_laws_toml", 100, &BankCopy::danish(), "laws.toml");
}

#[test]
fn blueprint_toml() {
    fuzz_bank_file(
        "blueprint_toml",
        150,
        &BankCopy::norwegian(),
        "blueprint.toml",
    );
}

#[test]
fn danish_blueprint_toml() {
    fuzz_bank_file(
        "danish_blueprint_toml",
        100,
        &BankCopy::danish(),
        "blueprint.toml",
    );
}

#[test]
fn topic_files() {
    fuzz_topic_files("topic_files", 150, &BankCopy::norwegian());
    fuzz_topic_files("danish_topic_files", 100, &BankCopy::danish());
}

#[test]
fn exposure_csv() {
    fuzz_bank_file(
        "exposure_csv",
        150,
        &BankCopy::norwegian(),
        bank::EXPOSURE_FILE,
    );
    fuzz_bank_file(
        "danish_exposure_csv",
        100,
        &BankCopy::danish(),
        bank::EXPOSURE_FILE,
    );
}

#[test]
fn law_changes_toml() {
    for (name, copy) in [
        ("law_changes_toml", BankCopy::norwegian()),
        ("danish_law_changes_toml", BankCopy::danish()),
    ] {
        fs::write(
            copy.path().join(bank::LAW_CHANGES_FILE),
            law_changes("forvaltningsloven"),
        )
        .unwrap();
        fuzz_bank_file(name, 100, &copy, bank::LAW_CHANGES_FILE);
    }
}

// --- CSV files read outside the bank ---

/// Check a file reader's answer on `bytes`: no panic, every line an error names exists, the
/// same answer twice. `lines` gives the lines an error names.
fn check_reader<T: fmt::Debug, E: fmt::Debug>(
    path: &Path,
    bytes: &[u8],
    read: impl Fn(&Path) -> Result<T, E>,
    lines: impl Fn(&Path, &E) -> Vec<u64>,
) -> Result<(), String> {
    with_file(path, bytes, || {
        let first = no_panic(|| read(path))?;
        if let Err(e) = &first {
            for line in lines(path, e) {
                check_line(&format!("{e:?}"), bytes, line)?;
            }
        }
        // Compared as printed: NaN (a proposal's "not calibrated") is not equal to itself.
        let second = no_panic(|| read(path))?;
        if format!("{first:?}") != format!("{second:?}") {
            return Err("two reads differ".into());
        }
        Ok(())
    })
    .map_err(|e| failure(e, path, bytes))
}

/// The line a `file:line: message` string about `path` names; an error that must name one and
/// does not counts as line 0.
fn named_line(path: &Path, message: &str) -> Vec<u64> {
    match line_in_message(path, message).as_slice() {
        [] => vec![0],
        lines => lines.to_vec(),
    }
}

/// The line in a `file:line: message` string about `path` (none when it names no line, as for
/// a setting that needs another).
fn line_in_message(path: &Path, message: &str) -> Vec<u64> {
    let Some(rest) = message.strip_prefix(&format!("{}:", path.display())) else {
        return Vec::new();
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().into_iter().collect()
}

/// Fuzz a CSV reader from the valid file `valid`.
fn fuzz_reader<T: fmt::Debug, E: fmt::Debug>(
    name: &str,
    cases: u32,
    valid: &str,
    read: impl Fn(&Path) -> Result<T, E>,
    lines: impl Fn(&Path, &E) -> Vec<u64>,
) {
    let dir = TempDir::new("robustness-csv");
    let path = dir.path().join(format!("{name}.csv"));
    fs::write(&path, valid).unwrap();
    assert!(
        read(&path).is_ok(),
        "{name}: the valid file is accepted: {:?}",
        read(&path).err()
    );
    run(name, cases, edits(), |edits| {
        check_reader(&path, &apply(valid.as_bytes(), &edits), &read, &lines)
    });
}

/// Responses `examinee,item,correct` of the first 200 examinees of LSAT-6.
fn lsat6_responses() -> String {
    let patterns = fs::read_to_string(repo().join("tests/fixtures/lsat6/patterns.csv")).unwrap();
    let mut out = String::from("examinee,item,correct\n");
    let mut person = 0;
    for row in patterns.lines().skip(1) {
        let fields: Vec<&str> = row.split(',').collect();
        let count: usize = fields[5].parse().unwrap();
        for _ in 0..count {
            person += 1;
            if person > 200 {
                return out;
            }
            for (item, answer) in fields[..5].iter().enumerate() {
                out.push_str(&format!("p{person},item{},{answer}\n", item + 1));
            }
        }
    }
    out
}

/// The shipped bank's active items as `id,topic,a,b,c`.
fn bank_params() -> String {
    let bank = bank::load(&repo().join("item-bank"), TODAY).bank.unwrap();
    let mut out = String::from("id,topic,a,b,c\n");
    for item in bank.items.iter().take(60) {
        let p = item.params;
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            item.id,
            bank.topics[item.topic].id,
            p.a(),
            p.b(),
            p.c()
        ));
    }
    out
}

#[test]
fn interchange_responses() {
    fuzz_reader(
        "responses",
        300,
        &lsat6_responses(),
        interchange::read_responses,
        |_, e| vec![e.line as u64],
    );
}

#[test]
fn interchange_params_thetas_and_exposure() {
    fuzz_reader(
        "params",
        250,
        &bank_params(),
        interchange::read_params,
        |_, e| vec![e.line as u64],
    );
    let thetas: String = (0..50).fold(String::from("examinee,theta\n"), |mut out, i| {
        out.push_str(&format!("p{i},{:.3}\n", (i as f64 - 25.0) / 10.0));
        out
    });
    fuzz_reader("thetas", 200, &thetas, interchange::read_thetas, |_, e| {
        vec![e.line as u64]
    });
    let exposure = fs::read_to_string(repo().join("item-bank/exposure.csv")).unwrap();
    fuzz_reader(
        "exposure",
        200,
        &exposure,
        |path| {
            let (rows, errors) = interchange::read_exposure(path);
            if errors.is_empty() {
                Ok(rows)
            } else {
                Err(errors)
            }
        },
        |_, errors: &Vec<interchange::InterchangeError>| {
            errors.iter().map(|e| e.line as u64).collect()
        },
    );
}

#[test]
fn calibration_anchors_and_proposal() {
    let anchors = "id,a,b,c\nitem1,0.825,-3.361,0\nitem2,0.723,-1.370,0\nitem3,0.890,-0.280,0\nitem4,0.689,-1.866,0\nitem5,0.658,-3.124,0\n";
    let ids = ["item1", "item2", "item3", "item4", "item5"];
    fuzz_reader(
        "anchors",
        250,
        anchors,
        |path| proposal::read_anchors(path, &ids),
        |path, e| named_line(path, e),
    );
    let bank = bank::load(&repo().join("item-bank"), TODAY).bank.unwrap();
    let rows: Vec<ProposalRow> = bank
        .items
        .iter()
        .take(40)
        .enumerate()
        .map(|(ix, item)| ProposalRow {
            id: item.id.to_string(),
            old_a: item.params.a(),
            old_b: item.params.b(),
            old_c: item.params.c(),
            old_source: "expert".into(),
            a: if ix % 7 == 3 {
                f64::NAN
            } else {
                1.0 + ix as f64 / 40.0
            },
            b: if ix % 7 == 3 {
                f64::NAN
            } else {
                ix as f64 / 10.0 - 2.0
            },
            c: if ix % 7 == 3 { f64::NAN } else { 0.2 },
            se_a: 0.1,
            se_b: 0.12,
            se_c: 0.02,
            n: 300 + ix as u64,
            anchored: ix % 5 == 0,
            problem: if ix % 7 == 3 {
                "too few responses; not calibrated".into()
            } else {
                String::new()
            },
        })
        .collect();
    fuzz_reader(
        "proposal",
        250,
        &proposal::to_csv(&rows),
        proposal::read,
        |path, e| named_line(path, e),
    );
}

// --- The roster ---

const ROSTER: &str = "employee_id,name,email,department,role,leads,malform\n\
    adam,Adam Admin,adam@example.no,Etat/IT,admin,,\n\
    kari,Kari Testesen,kari@example.no,BUF/Område Sør,caseworker,,nn\n\
    hanne,Hanne Testesen,hanne@example.no,BUF/Område Nord/Team 3,hr,BUF/Område Nord,nb\n\
    nina,\"Nina, Ny\",nina@example.no,BUF/Område Sør,caseworker,,\n\
    per,Per Forfatter,per@example.no,Etat/Fag,author,,nn\n";

#[test]
fn roster_import() {
    assert!(roster::parse_rows(ROSTER).is_ok());
    run("roster", 400, edits(), |edits| {
        let bytes = apply(ROSTER.as_bytes(), &edits);
        // The command line and the admin page read the roster as text.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let check = || -> Result<(), String> {
            let first = no_panic(|| {
                let result = roster::parse_rows(&text);
                if let Err(errors) = &result {
                    for e in errors {
                        let _ = e.to_string();
                        for form in Form::ALL {
                            let _ = e.problem.message(form);
                        }
                    }
                }
                result
            })?;
            if let Err(errors) = &first {
                for e in errors {
                    check_line(&e.to_string(), text.as_bytes(), e.line)?;
                }
            }
            if no_panic(|| roster::parse_rows(&text))? != first {
                return Err("two reads differ".into());
            }
            Ok(())
        };
        check().map_err(|e| failure(e, Path::new("roster.csv"), text.as_bytes()))
    });
}

// --- The configuration file ---

/// `forvalt config example` with every setting uncommented: a valid file that sets every key.
fn full_config() -> String {
    config::example()
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(setting)
                if setting
                    .split_once(" = ")
                    .is_some_and(|(key, _)| config::KEYS.iter().any(|k| k.name == key)) =>
            {
                setting
            }
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn configuration_file() {
    let dir = TempDir::new("robustness-config");
    let path = dir.path().join("forvalt.toml");
    let valid = full_config();
    let resolve = |path: &Path| {
        config::resolve(Some(path), &[], &Vec::new(), config::Mode::Regular)
            .map(|settings| format!("{:?}", settings.origins))
    };
    fs::write(&path, &valid).unwrap();
    assert!(resolve(&path).is_ok(), "{:?}", resolve(&path).err());
    run("config", 300, edits(), |edits| {
        check_reader(
            &path,
            &apply(valid.as_bytes(), &edits),
            resolve,
            |path, e| line_in_message(path, &e.0),
        )
    });
}

// --- Regression tests: inputs that once failed, exactly ---

/// A value cut off at the end of a file that ends with a newline was reported on the line after
/// the last, which no editor shows.
#[test]
fn a_value_cut_off_at_the_end_is_on_the_last_line() {
    let copy = BankCopy::norwegian();
    for (file, text) in [
        ("blueprint.toml", "[test]\nmin_items = 24\nmax_items\n"),
        ("laws.toml", "[[act]]\nname = \"x\"\nid\n"),
        (
            bank::LAW_CHANGES_FILE,
            "[[change]]\nact = \"forvaltningsloven\"\nsection\n",
        ),
        (
            "topics/arkiv.toml",
            "id = \"arkiv\"\nname = \"\"\"\nArkiv\n",
        ),
    ] {
        let path = copy.path().join(file);
        let diagnostics = with_file(&path, text.as_bytes(), || check_bank(copy.path())).unwrap();
        let here: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.path == path).collect();
        assert_eq!(here.len(), 1, "{here:?}");
        assert_eq!(here[0].line, 3, "{}", here[0]);
    }
}

/// Three topics whose minimums add up past the largest number made the blueprint check
/// overflow.
#[test]
fn blueprint_minimums_past_the_largest_number_are_refused() {
    let copy = BankCopy::norwegian();
    let path = copy.path().join("blueprint.toml");
    let text = fs::read_to_string(&path).unwrap().replace(
        "min = 2\nmax = 4",
        "min = 9223372036854775807\nmax = 9223372036854775807",
    );
    let diagnostics = with_file(&path, text.as_bytes(), || check_bank(copy.path())).unwrap();
    assert!(
        diagnostics.iter().any(|d| d.path == path
            && d.problem
                .as_ref()
                .is_some_and(|p| p.code() == "inconsistent_blueprint")),
        "{diagnostics:?}"
    );
}

/// A review interval beyond the largest 32-bit signed number wrapped round to a negative one,
/// and every item was "due for review".
#[test]
fn a_huge_review_interval_flags_no_item() {
    let copy = BankCopy::norwegian();
    let path = copy.path().join("blueprint.toml");
    let text = fs::read_to_string(&path).unwrap().replace(
        "review_interval_days = 730",
        "review_interval_days = 4294967295",
    );
    let diagnostics = with_file(&path, text.as_bytes(), || check_bank(copy.path())).unwrap();
    let due: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.problem.as_ref().is_some_and(|p| p.code() == "review_due"))
        .collect();
    assert!(due.is_empty(), "{due:?}");
}

/// Numbers past what a setting can hold: minutes whose seconds do not fit in 64 bits made the
/// configuration overflow; a connection limit past the server's semaphore would panic at start;
/// link hours and mail attempts were cut to 32 bits (4294967296 attempts became none). Each is
/// refused with the file and line.
#[test]
fn numbers_past_what_a_setting_can_hold_are_refused() {
    let dir = TempDir::new("robustness-config");
    let path = dir.path().join("forvalt.toml");
    for (key, value) in [
        ("login_window_minutes", "9223372036854775807"),
        ("session_lifetime_minutes", "9223372036854775807"),
        ("session_lifetime_minutes", "527041"),
        ("session_idle_minutes", "9223372036854775807"),
        ("author_statistics_max_age_minutes", "9223372036854775807"),
        ("mail_schedule_minutes", "9223372036854775807"),
        ("max_connections", "9223372036854775807"),
        ("password_link_hours", "4294967296"),
        ("mail_max_attempts", "4294967296"),
    ] {
        fs::write(
            &path,
            format!("addr = \"127.0.0.1:9000\"\n{key} = {value}\n"),
        )
        .unwrap();
        let result =
            no_panic(|| config::resolve(Some(&path), &[], &Vec::new(), config::Mode::Regular))
                .unwrap_or_else(|panic| panic!("{key}: {panic}"));
        let error = result
            .err()
            .unwrap_or_else(|| panic!("{key} = {value} accepted"))
            .0;
        assert!(
            error.starts_with(&format!(
                "{}:2: {key}: expected a whole number from 1 to ",
                path.display()
            )),
            "{error}"
        );
    }
    // The largest allowed values are accepted.
    fs::write(&path, "session_lifetime_minutes = 527040\npassword_link_hours = 8784\nmail_max_attempts = 4294967295\n").unwrap();
    assert!(config::resolve(Some(&path), &[], &Vec::new(), config::Mode::Regular).is_ok());
}

/// A law-change registry that is not UTF-8 was "cannot read file" on line 1; like the bank's
/// other files it names the line of the first bad byte.
#[test]
fn a_law_change_registry_not_in_utf8_names_the_line() {
    let copy = BankCopy::norwegian();
    let path = copy.path().join(bank::LAW_CHANGES_FILE);
    let text = law_changes("forvaltningsloven");
    let line = text.lines().position(|l| l.contains("Presisert")).unwrap() + 1;
    let bytes = text
        .replacen("Presisert", "Pres\u{1}", 1)
        .replace('\u{1}', "\u{7f}");
    let mut bytes = bytes.into_bytes();
    let at = bytes.iter().position(|&b| b == 0x7f).unwrap();
    bytes[at] = 0xff;
    let diagnostics = with_file(&path, &bytes, || check_bank(copy.path())).unwrap();
    let here: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.path == path)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        here,
        [format!(
            "{}:{line}: file is not valid UTF-8",
            path.display()
        )]
    );
}

/// A calibration proposal or anchor file that is not UTF-8 was refused without a line; the
/// CSV reader now names it.
#[test]
fn a_proposal_not_in_utf8_names_the_line() {
    let dir = TempDir::new("robustness-csv");
    let path = dir.path().join("p.csv");
    let mut text = proposal::to_csv(&[]).into_bytes();
    text.extend_from_slice(b"x-1,1,0,0.2,expert,1.1,0.1,0.2,0.1,0.1,0.01,300,false,\n");
    text.extend_from_slice(b"x-2,1,0,0.2,exp\xffert,1.1,0.1,0.2,0.1,0.1,0.01,300,false,\n");
    fs::write(&path, &text).unwrap();
    let error = proposal::read(&path).unwrap_err();
    assert!(
        error.starts_with(&format!("{}:3: ", path.display())),
        "{error}"
    );
    fs::write(&path, b"id,a,b,c\nitem1,1,0,0\nitem\xff2,1,0,0\n").unwrap();
    let error = proposal::read_anchors(&path, &["item1", "item2"]).unwrap_err();
    assert!(
        error.starts_with(&format!("{}:3: ", path.display())),
        "{error}"
    );
}

/// An item file with more options than letters panicked in `bank check` (the letter of a
/// repeated option 191 to 255 overflowed a byte). It is refused as having the wrong number of options, and a repeated
/// option past Z is named with "?".
#[test]
fn an_item_with_hundreds_of_options_is_refused() {
    let copy = BankCopy::norwegian();
    let path = copy.items()[0].clone();
    let text = fs::read_to_string(&path).unwrap();
    let start = text.find("options = [").unwrap();
    let end = start + text[start..].find("]\n").unwrap() + 2;
    let mut options: Vec<String> = (0..300).map(|i| format!("\"Svar {i}\"")).collect();
    options[200] = "\"Svar 1\"".into();
    let edited = format!(
        "{}options = [{}]\n{}",
        &text[..start],
        options.join(", "),
        &text[end..]
    );
    let diagnostics = with_file(&path, edited.as_bytes(), || check_bank(copy.path())).unwrap();
    let here: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.path == path && d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(here.iter().any(|m| m.contains("300")), "{here:?}");
    assert!(here.iter().any(|m| m.contains("option ?")), "{here:?}");
    assert_eq!(forvalt::bank::Item::letter(25), 'Z');
    assert_eq!(forvalt::bank::Item::letter(26), '?');
}
