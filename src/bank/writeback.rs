//! Writing changes back into the authors' files: an item's status, calibrated parameters, and
//! entries of the law-change registry.
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
    // (path, original text, edited text); several edits of one file apply in order.
    let mut changed: Vec<(PathBuf, String, String)> = Vec::new();
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
            None => changed.push((path.clone(), current, edited)),
        }
    }
    commit(dir, changed, today)
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
    commit(dir, vec![(path, original, edited)], today)
}

/// Write every (path, original, edited) and reload; on any failure put the originals back.
fn commit(
    dir: &Path,
    files: Vec<(PathBuf, String, String)>,
    today: Date,
) -> Result<ItemBank, WritebackError> {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let mut written: Vec<&(PathBuf, String, String)> = Vec::new();
    let restore = |written: &[&(PathBuf, String, String)]| {
        for (path, original, _) in written {
            let _ = write(path, original);
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
    }
    Ok(doc.to_string())
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
            changed_on: jiff::civil::date(2026, 7, 1),
            note: "Ny".into(),
        };
        let first = add_change_text("", &change).unwrap();
        assert!(first.starts_with("# Sections of law"), "{first}");
        assert!(first.contains("[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nchanged_on = 2026-07-01\nnote = \"Ny\"\n"), "{first}");
        let second = add_change_text(&first, &change).unwrap();
        assert_eq!(second.matches("[[change]]").count(), 2);
        assert!(second.starts_with(&first));
    }
}
