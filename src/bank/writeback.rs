//! Writing changes back into the authors' files: an item's status, calibrated parameters, its
//! whole content as authors edit it in the browser, new item files, and entries of the
//! law-change registry. [`check`] tries files out on a copy of the bank without touching it.
//!
//! The files are edited with `toml_edit`, which keeps comments, key order, blank lines and the
//! comment after a value, so a write-back shows up in review as the few lines that changed. A
//! write-back is all or nothing: every file is edited in memory first, then written (each
//! through a temporary file and a rename), then the whole bank is loaded again; if it no longer
//! passes `bank check` (for example because retiring items leaves a topic below its minimum),
//! every file is restored and the errors are returned.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jiff::civil::Date;
use toml_edit::{DocumentMut, Item as TomlItem, TableLike, Value};

use super::{Diagnostic, ItemBank, LAW_CHANGES_FILE, LawChange, Status, load};

/// One change to one item file.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Status(Status),
    /// Calibrated parameters: written with `source = "calibrated"`, `n` and `calibrated_on`.
    Params {
        a: f64,
        b: f64,
        c: f64,
        n: u64,
        on: Date,
    },
    /// The fields authors edit; a field whose value is unchanged keeps its layout, and every
    /// key and table not among them (such as `[irt]` or an `[nn]` translation) stays as written.
    Content(Box<ItemText>),
    /// The date of the last review by a second author.
    Reviewed(Date),
}

/// The fields of an item file that authors edit, as written (references as text, the key as a
/// letter). Texts are kept trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemText {
    pub topic: String,
    pub stem: String,
    pub options: Vec<String>,
    pub key: String,
    pub explanation: String,
    pub references: Vec<String>,
    pub future_references: Vec<String>,
    pub tags: Vec<String>,
    pub enemies: Vec<String>,
}

/// What a new item file holds besides its [`ItemText`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub id: String,
    pub status: Status,
    pub author: String,
    pub reviewed: Date,
}

#[derive(Debug, thiserror::Error)]
pub enum WritebackError {
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    /// The edited bank fails `bank check`; every file was restored.
    #[error("the change would break the item bank (nothing was changed):\n{}", list(.0))]
    Invalid(Vec<Diagnostic>),
}

fn list(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Write-backs from the web and the CLI in one process never interleave.
static LOCK: Mutex<()> = Mutex::new(());

/// Apply `edits` to the item files of the bank in `dir`, then reload it. Returns the reloaded
/// bank, or restores every file and returns why not.
pub fn apply(
    dir: &Path,
    edits: &[(PathBuf, Edit)],
    today: Date,
) -> Result<ItemBank, WritebackError> {
    commit(dir, edited_files(edits)?, today)
}

/// (path, original text, edited text) per file; several edits of one file apply in order.
fn edited_files(edits: &[(PathBuf, Edit)]) -> Result<Vec<Changed>, WritebackError> {
    let mut changed: Vec<Changed> = Vec::new();
    for (path, edit) in edits {
        let at = changed.iter().position(|(p, _, _)| p == path);
        let current = match at {
            Some(i) => changed[i].2.clone(),
            None => read(path)?,
        };
        let edited = edit_item(&current, edit).map_err(|message| WritebackError::File {
            path: path.clone(),
            message,
        })?;
        match at {
            Some(i) => changed[i].2 = edited,
            None => changed.push((path.clone(), Some(current), edited)),
        }
    }
    Ok(changed)
}

/// Write a new item file at `path` (which must not exist) with `text`, then reload the bank;
/// if the bank no longer loads, the file is removed again and the errors are returned.
pub fn create(
    dir: &Path,
    path: &Path,
    text: &str,
    today: Date,
) -> Result<ItemBank, WritebackError> {
    if path.exists() {
        return Err(WritebackError::File {
            path: path.to_path_buf(),
            message: "the file exists already".into(),
        });
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| WritebackError::File {
            path: parent.to_path_buf(),
            message: format!("cannot create the folder: {e}"),
        })?;
    }
    commit(
        dir,
        vec![(path.to_path_buf(), None, text.to_string())],
        today,
    )
}

/// The bank in `dir` as it would load with `files` (path, text) written and `edits` applied,
/// tried on a copy in a temporary folder: the bank itself is not touched. Diagnostics name the
/// bank's own paths.
pub fn check(
    dir: &Path,
    files: &[(PathBuf, String)],
    edits: &[(PathBuf, Edit)],
    today: Date,
) -> Result<crate::bank::Loaded, WritebackError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let copy = std::env::temp_dir().join(format!(
        "forvalt-check-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let io = |path: &Path, e: std::io::Error| WritebackError::File {
        path: path.to_path_buf(),
        message: format!("cannot try the change on a copy: {e}"),
    };
    let result = (|| {
        let mut all: Vec<(PathBuf, String)> = files.to_vec();
        for (path, _, edited) in edited_files(edits)? {
            all.push((path, edited));
        }
        copy_dir(dir, &copy).map_err(|e| io(&copy, e))?;
        for (path, text) in &all {
            let target = copy.join(path.strip_prefix(dir).unwrap_or(path));
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            std::fs::write(&target, text).map_err(|e| io(&target, e))?;
        }
        let mut loaded = load(&copy, today);
        for d in &mut loaded.diagnostics {
            if let Ok(rest) = d.path.strip_prefix(&copy) {
                d.path = dir.join(rest);
            }
        }
        if let Some(bank) = &mut loaded.bank {
            bank.dir = dir.to_path_buf();
        }
        Ok(loaded)
    })();
    let _ = std::fs::remove_dir_all(&copy);
    result
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Add `change` to the bank's `law-changes.toml` (created if missing), then reload the bank.
pub fn add_law_change(
    dir: &Path,
    change: &LawChange,
    today: Date,
) -> Result<ItemBank, WritebackError> {
    let path = dir.join(LAW_CHANGES_FILE);
    let original = if path.exists() {
        read(&path)?
    } else {
        String::new()
    };
    let edited = add_change_text(&original, change).map_err(|message| WritebackError::File {
        path: path.clone(),
        message,
    })?;
    let original = path.exists().then_some(original);
    commit(dir, vec![(path, original, edited)], today)
}

/// (path, original text or `None` for a new file, edited text).
type Changed = (PathBuf, Option<String>, String);

/// Write every (path, original, edited) and reload; on any failure put the originals back (and
/// remove new files).
fn commit(dir: &Path, files: Vec<Changed>, today: Date) -> Result<ItemBank, WritebackError> {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let mut written: Vec<&Changed> = Vec::new();
    let restore = |written: &[&Changed]| {
        for (path, original, _) in written {
            let _ = match original {
                Some(original) => write(path, original),
                None => std::fs::remove_file(path).map_err(|e| WritebackError::File {
                    path: path.clone(),
                    message: e.to_string(),
                }),
            };
        }
    };
    for file in &files {
        if let Err(e) = write(&file.0, &file.2) {
            restore(&written);
            return Err(e);
        }
        written.push(file);
    }
    let loaded = load(dir, today);
    match loaded.bank {
        Some(bank) => Ok(bank),
        None => {
            restore(&written);
            Err(WritebackError::Invalid(loaded.errors().cloned().collect()))
        }
    }
}

fn read(path: &Path) -> Result<String, WritebackError> {
    std::fs::read_to_string(path).map_err(|e| WritebackError::File {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })
}

/// Replace the file through a temporary file in the same folder and a rename, so a crash
/// leaves either the old or the new file, never half of one.
fn write(path: &Path, text: &str) -> Result<(), WritebackError> {
    let error = |e: std::io::Error| WritebackError::File {
        path: path.to_path_buf(),
        message: format!("cannot write: {e}"),
    };
    let temporary = path.with_extension("toml.writing");
    std::fs::write(&temporary, text).map_err(error)?;
    std::fs::rename(&temporary, path).map_err(error)
}

/// An item file's text with `edit` applied; everything else is kept as written.
pub fn edit_item(text: &str, edit: &Edit) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("not valid TOML: {}", e.message()))?;
    match edit {
        Edit::Status(status) => set(doc.as_table_mut(), "status", Value::from(status.as_str())),
        Edit::Params { a, b, c, n, on } => {
            let irt = doc
                .get_mut("irt")
                .and_then(TomlItem::as_table_like_mut)
                .ok_or("the item has no [irt] table")?;
            set(irt, "a", Value::from(round(*a)));
            set(irt, "b", Value::from(round(*b)));
            set(irt, "c", Value::from(round(*c)));
            set(irt, "source", Value::from("calibrated"));
            set(irt, "n", Value::from(i64::try_from(*n).unwrap_or(i64::MAX)));
            set(irt, "calibrated_on", Value::from(toml_date(*on)));
        }
        Edit::Reviewed(on) => set(doc.as_table_mut(), "reviewed", Value::from(toml_date(*on))),
        Edit::Content(content) => set_content(&mut doc, content)?,
    }
    Ok(doc.to_string())
}

/// Set the edited fields whose values differ from the file's.
fn set_content(doc: &mut DocumentMut, content: &ItemText) -> Result<(), String> {
    let old = read_item_text(&doc.to_string())?.1;
    let root = doc.as_table_mut();
    if old.topic != content.topic {
        set(root, "topic", Value::from(content.topic.as_str()));
    }
    if old.stem != content.stem {
        set(root, "stem", long_text(&content.stem));
    }
    if old.options != content.options {
        set(
            root,
            "options",
            Value::Array(string_array(&content.options, true)),
        );
    }
    if old.key != content.key {
        set(root, "key", Value::from(content.key.as_str()));
    }
    if old.explanation != content.explanation {
        set(root, "explanation", long_text(&content.explanation));
    }
    if old.references != content.references {
        set(
            root,
            "references",
            Value::Array(string_array(&content.references, false)),
        );
    }
    for (key, old, new) in [
        (
            "future_references",
            &old.future_references,
            &content.future_references,
        ),
        ("enemies", &old.enemies, &content.enemies),
        ("tags", &old.tags, &content.tags),
    ] {
        if old != new {
            if new.is_empty() {
                root.remove(key);
            } else {
                set(root, key, Value::Array(string_array(new, false)));
            }
        }
    }
    Ok(())
}

/// The fields authors edit, as they are in an item file. Unlike [`super::files::ItemFile`] it
/// accepts keys it does not know (an `[nn]` translation, say): it only reads, `bank check`
/// judges the file.
#[derive(serde::Deserialize)]
struct EditedFields {
    id: toml::Spanned<String>,
    topic: toml::Spanned<String>,
    stem: toml::Spanned<String>,
    options: toml::Spanned<Vec<toml::Spanned<String>>>,
    key: toml::Spanned<String>,
    explanation: toml::Spanned<String>,
    references: toml::Spanned<Vec<toml::Spanned<String>>>,
    #[serde(default)]
    future_references: Vec<toml::Spanned<String>>,
    #[serde(default)]
    enemies: Vec<toml::Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
}

/// The id and the edited fields of an item file's text.
pub fn read_item_text(text: &str) -> Result<(String, ItemText), String> {
    let file: EditedFields =
        toml::from_str(text).map_err(|e| format!("not a valid item file: {}", e.message()))?;
    let strings = |v: &[toml::Spanned<String>]| -> Vec<String> {
        v.iter().map(|s| s.get_ref().trim().to_string()).collect()
    };
    Ok((
        file.id.get_ref().clone(),
        ItemText {
            topic: file.topic.get_ref().clone(),
            stem: file.stem.get_ref().trim().to_string(),
            options: strings(file.options.get_ref()),
            key: file.key.get_ref().trim().to_string(),
            explanation: file.explanation.get_ref().trim().to_string(),
            references: strings(file.references.get_ref()),
            future_references: strings(&file.future_references),
            tags: file.tags.iter().map(|t| t.trim().to_string()).collect(),
            enemies: strings(&file.enemies),
        },
    ))
}

/// Which edited field of an item file's `text` line `line` (1-based) belongs to: "stem",
/// "options", "key", "explanation", "references", "future_references", "enemies", "topic", or
/// `None` (another key, or the file does not parse).
pub fn field_at_line(text: &str, line: usize) -> Option<&'static str> {
    let file: EditedFields = toml::from_str(text).ok()?;
    let mut spans: Vec<(&'static str, std::ops::Range<usize>)> = vec![
        ("topic", file.topic.span()),
        ("stem", file.stem.span()),
        ("options", file.options.span()),
        ("key", file.key.span()),
        ("explanation", file.explanation.span()),
        ("references", file.references.span()),
    ];
    spans.extend(
        file.future_references
            .iter()
            .map(|r| ("future_references", r.span())),
    );
    spans.extend(file.enemies.iter().map(|r| ("enemies", r.span())));
    spans
        .into_iter()
        .filter(|(_, span)| {
            let (first, last) = (
                super::line_of(text, span.start),
                super::line_of(text, span.end.saturating_sub(1)),
            );
            first <= line && line <= last
        })
        .min_by_key(|(_, span)| span.len())
        .map(|(field, _)| field)
}

/// The text of a new item file: the usual layout of the bank's files, expert parameters
/// (a = 1, b = 0, c = 1 / options) to be replaced by calibration.
pub fn new_item_text(new: &NewItem, content: &ItemText) -> String {
    let mut doc = DocumentMut::new();
    let root = doc.as_table_mut();
    root.insert("id", toml_edit::value(new.id.as_str()));
    root.insert("topic", toml_edit::value(content.topic.as_str()));
    root.insert("status", toml_edit::value(new.status.as_str()));
    root.insert("author", toml_edit::value(new.author.as_str()));
    root.insert("reviewed", toml_edit::value(toml_date(new.reviewed)));
    // A blank line before the long fields, as in the files authors write.
    let spaced = |root: &mut toml_edit::Table, key: &str, value: Value| {
        root.insert(key, TomlItem::Value(value));
        if let Some(mut k) = root.key_mut(key) {
            k.leaf_decor_mut().set_prefix("\n");
        }
    };
    spaced(root, "stem", long_text(&content.stem));
    spaced(
        root,
        "options",
        Value::Array(string_array(&content.options, true)),
    );
    root.insert("key", toml_edit::value(content.key.as_str()));
    spaced(root, "explanation", long_text(&content.explanation));
    spaced(
        root,
        "references",
        Value::Array(string_array(&content.references, false)),
    );
    for (key, values) in [
        ("future_references", &content.future_references),
        ("enemies", &content.enemies),
        ("tags", &content.tags),
    ] {
        if !values.is_empty() {
            root.insert(
                key,
                TomlItem::Value(Value::Array(string_array(values, false))),
            );
        }
    }
    let mut irt = toml_edit::Table::new();
    let c = if content.options.is_empty() {
        0.25
    } else {
        round(1.0 / content.options.len() as f64)
    };
    irt.insert("a", toml_edit::value(1.0));
    irt.insert("b", toml_edit::value(0.0));
    irt.insert("c", toml_edit::value(c));
    irt.insert("source", toml_edit::value("expert"));
    irt.decor_mut().set_prefix("\n");
    root.insert("irt", TomlItem::Table(irt));
    doc.to_string()
}

/// A long text as a multi-line basic string (`"""` on lines of their own).
fn long_text(text: &str) -> Value {
    let mut escaped = String::with_capacity(text.len() + 8);
    for ch in text.trim().chars() {
        match ch {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' | '\t' => escaped.push(ch),
            c if c.is_control() => escaped.push_str(&format!("\\u{:04X}", c as u32)),
            c => escaped.push(c),
        }
    }
    format!("\"\"\"\n{escaped}\n\"\"\"")
        .parse()
        .unwrap_or_else(|_| Value::from(text.trim()))
}

/// An array of strings: one per line (`multiline`) or on one line.
fn string_array(values: &[String], multiline: bool) -> toml_edit::Array {
    let mut array = toml_edit::Array::new();
    for v in values {
        let mut value = Value::from(v.as_str());
        if multiline {
            value.decor_mut().set_prefix("\n  ");
        }
        array.push_formatted(value);
    }
    if multiline && !values.is_empty() {
        array.set_trailing_comma(true);
        array.set_trailing("\n");
    }
    array
}

/// `text` (a `law-changes.toml`, possibly empty) with one more `[[change]]`.
pub fn add_change_text(text: &str, change: &LawChange) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("not valid TOML: {}", e.message()))?;
    if text.trim().is_empty() {
        doc.decor_mut().set_prefix(
            "# Sections of law that changed: items citing them and reviewed before the change are\n\
             # flagged for review (forvalt bank check, the author area). See item-bank/README.md.\n",
        );
    }
    let mut table = toml_edit::Table::new();
    table.insert("act", toml_edit::value(change.act.as_str()));
    table.insert("section", toml_edit::value(change.section.as_str()));
    if let Some(ledd) = change.ledd {
        table.insert("ledd", toml_edit::value(i64::from(ledd)));
    }
    table.insert("changed_on", toml_edit::value(toml_date(change.changed_on)));
    if !change.note.is_empty() {
        table.insert("note", toml_edit::value(change.note.as_str()));
    }
    let entry = doc
        .entry("change")
        .or_insert(TomlItem::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    entry
        .as_array_of_tables_mut()
        .ok_or("\"change\" is not an array of [[change]] tables")?
        .push(table);
    Ok(doc.to_string())
}

/// Set `key` to `value`, keeping the spacing and comment around the old value.
fn set(table: &mut dyn TableLike, key: &str, mut value: Value) {
    match table.get_mut(key).and_then(TomlItem::as_value_mut) {
        Some(old) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        None => {
            table.insert(key, TomlItem::Value(value));
        }
    }
}

/// Three decimals: more than any calibration supports, few enough to read.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn toml_date(date: Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = r#"id = "x-1"   # stable
status = "active"  # draft | pretest | active | retired

[irt]   # 3PL
a = 1.0        # discrimination
b = -1.2
c = 0.25
source = "expert"   # a guess
# n = 1840
"#;

    #[test]
    fn status_edit_changes_one_value_and_keeps_comments() {
        let edited = edit_item(ITEM, &Edit::Status(Status::Draft)).unwrap();
        assert_eq!(
            edited,
            ITEM.replace("status = \"active\"", "status = \"draft\"")
        );
    }

    #[test]
    fn params_edit_writes_calibrated_source_n_and_date() {
        let edit = Edit::Params {
            a: 1.23456,
            b: -0.5,
            c: 0.2,
            n: 812,
            on: jiff::civil::date(2026, 11, 23),
        };
        let edited = edit_item(ITEM, &edit).unwrap();
        assert!(
            edited.contains("a = 1.235        # discrimination\n"),
            "{edited}"
        );
        assert!(edited.contains("b = -0.5\n"), "{edited}");
        assert!(
            edited.contains("source = \"calibrated\"   # a guess\n"),
            "{edited}"
        );
        assert!(edited.contains("n = 812\n"), "{edited}");
        assert!(edited.contains("calibrated_on = 2026-11-23\n"), "{edited}");
        assert!(edited.starts_with("id = \"x-1\"   # stable\n"), "{edited}");
        assert!(edited.contains("# n = 1840\n"), "{edited}");
        // Editing again replaces, never duplicates.
        let again = edit_item(&edited, &edit).unwrap();
        assert_eq!(again.matches("calibrated_on").count(), 1);
        assert_eq!(again, edited);
    }

    /// An item with its nynorsk form after `[irt]`, as the agreed format puts it.
    const ITEM_NN: &str = r#"id = "x-1"
status = "active"

[irt]
a = 1.0
b = -1.2
c = 0.25
source = "expert"

[nn]
stem = """
Kva gjeld når \
ein part ber om innsyn?
"""
options = [
  "Alfa",  # first
  "Beta",
]
explanation = "Fordi."
"#;

    #[test]
    fn edits_keep_the_nn_form_as_written() {
        let (before, nn) = ITEM_NN.split_at(ITEM_NN.find("[nn]").unwrap());
        let edited = edit_item(ITEM_NN, &Edit::Status(Status::Retired)).unwrap();
        assert_eq!(edited, ITEM_NN.replace("\"active\"", "\"retired\""));
        let edit = Edit::Params {
            a: 1.1,
            b: 0.5,
            c: 0.2,
            n: 400,
            on: jiff::civil::date(2026, 12, 1),
        };
        let edited = edit_item(ITEM_NN, &edit).unwrap();
        // The new keys go into [irt], above [nn]; [nn] is kept byte for byte.
        let at = edited.find("[nn]").unwrap();
        assert!(
            edited[..at].contains("calibrated_on = 2026-12-01\n"),
            "{edited}"
        );
        assert!(edited[..at].starts_with(&before[..before.find("[irt]").unwrap()]));
        assert_eq!(&edited[at..], nn, "{edited}");
    }

    #[test]
    fn broken_files_and_missing_irt_are_refused() {
        assert!(edit_item("id = ", &Edit::Status(Status::Draft)).is_err());
        let edit = Edit::Params {
            a: 1.0,
            b: 0.0,
            c: 0.2,
            n: 1,
            on: jiff::civil::date(2026, 1, 1),
        };
        assert!(
            edit_item("id = \"x\"\n", &edit)
                .unwrap_err()
                .contains("[irt]")
        );
    }

    #[test]
    fn law_changes_are_appended() {
        let change = LawChange {
            act: "forvaltningsloven".into(),
            section: "17".into(),
            ledd: None,
            changed_on: jiff::civil::date(2026, 7, 1),
            note: "Ny".into(),
        };
        let first = add_change_text("", &change).unwrap();
        assert!(first.starts_with("# Sections of law"), "{first}");
        assert!(first.contains("[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nchanged_on = 2026-07-01\nnote = \"Ny\"\n"), "{first}");
        let second = add_change_text(&first, &change).unwrap();
        assert_eq!(second.matches("[[change]]").count(), 2);
        assert!(second.starts_with(&first));
        let with_ledd = LawChange {
            ledd: Some(2),
            ..change
        };
        let third = add_change_text(&second, &with_ledd).unwrap();
        assert!(
            third.ends_with("section = \"17\"\nledd = 2\nchanged_on = 2026-07-01\nnote = \"Ny\"\n"),
            "{third}"
        );
    }

    const FULL: &str = r#"id = "x-1"
topic = "klage"
status = "active"
author = "A"
reviewed = 2026-11-23

stem = """
Hva \
gjelder?
"""   # the question

options = [
  "Ja",
  "Nei",
]
key = "B"

explanation = """
Fordi.
"""

references = ["forvaltningsloven § 28"]
tags = ["t"]

[irt]
a = 1.0
b = 0.0
c = 0.25
source = "expert"

[nn]
stem = "Kva gjeld?"
"#;

    #[test]
    fn content_edit_changes_only_what_changed_and_keeps_other_tables() {
        let (id, mut text) = read_item_text(FULL).unwrap();
        assert_eq!(id, "x-1");
        assert_eq!(text.stem, "Hva gjelder?");
        assert_eq!(text.options, ["Ja", "Nei"]);
        // Unchanged content: the file is byte for byte the same.
        let same = edit_item(FULL, &Edit::Content(Box::new(text.clone()))).unwrap();
        assert_eq!(same, FULL);
        text.options.push("Kanskje \"nei\"".into());
        text.explanation = "Fordi\nslik er det \\ sagt.".into();
        text.enemies = vec!["x-2".into()];
        text.tags.clear();
        let edited = edit_item(FULL, &Edit::Content(Box::new(text.clone()))).unwrap();
        assert!(edited.contains("[nn]\nstem = \"Kva gjeld?\"\n"), "{edited}");
        assert!(edited.contains("\"\"\"   # the question\n"), "{edited}");
        assert!(
            edited.contains("options = [\n  \"Ja\",\n  \"Nei\",\n  'Kanskje \"nei\"',\n]\n"),
            "{edited}"
        );
        assert!(!edited.contains("tags"), "{edited}");
        assert_eq!(read_item_text(&edited).unwrap().1, text);
    }

    #[test]
    fn a_new_item_file_reads_back_and_fields_are_found_by_line() {
        let content = ItemText {
            topic: "klage".into(),
            stem: "Første linje\nandre linje".into(),
            options: vec!["A-svar".into(), "B-svar".into()],
            key: "A".into(),
            explanation: "Forklaring.".into(),
            references: vec!["forvaltningsloven § 28".into()],
            future_references: vec![],
            tags: vec!["ny".into()],
            enemies: vec!["kla-001".into()],
        };
        let new = NewItem {
            id: "kla-099".into(),
            status: Status::Draft,
            author: "Anne".into(),
            reviewed: jiff::civil::date(2026, 12, 5),
        };
        let text = new_item_text(&new, &content);
        assert!(
            text.starts_with("id = \"kla-099\"\ntopic = \"klage\"\nstatus = \"draft\"\n"),
            "{text}"
        );
        assert!(
            text.contains("\nstem = \"\"\"\nFørste linje\nandre linje\n\"\"\"\n"),
            "{text}"
        );
        assert!(
            text.contains("[irt]\na = 1.0\nb = 0.0\nc = 0.5\nsource = \"expert\"\n"),
            "{text}"
        );
        assert_eq!(
            read_item_text(&text).unwrap(),
            ("kla-099".to_string(), content)
        );
        let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert_eq!(field_at_line(&text, line("andre linje")), Some("stem"));
        assert_eq!(field_at_line(&text, line("B-svar")), Some("options"));
        assert_eq!(field_at_line(&text, line("§ 28")), Some("references"));
        assert_eq!(field_at_line(&text, line("kla-001")), Some("enemies"));
        assert_eq!(field_at_line(&text, line("source")), None);
    }
}
