//! `forvalt bank check | stats | cites`.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::bank::{self, Diagnostic, ItemBank, LawRef, stats};

/// Repeated warnings beyond this many are summarised unless `--all` is given.
const SHOWN_PER_MESSAGE: usize = 3;

/// How `bank check` lists warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warnings {
    /// A message repeated more than a few times is listed a few times and then counted.
    Summarised,
    /// Every warning (`--all`).
    All,
}

pub fn check(dir: &Path, warnings: Warnings) -> Result<ExitCode, String> {
    let loaded = bank::load(dir, super::today());
    let errors: Vec<&Diagnostic> = loaded.errors().collect();
    let written = write_check(&mut std::io::stdout().lock(), &loaded, warnings);
    match written {
        Ok(()) => {}
        // `bank check … | head` closes the pipe early: that is a normal end, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(format!("cannot write the report: {e}")),
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The `bank check` report: errors, then warnings (repeated ones summarised unless
/// [`Warnings::All`]).
fn write_check(out: &mut impl Write, loaded: &bank::Loaded, warnings: Warnings) -> io::Result<()> {
    let all = warnings == Warnings::All;
    let errors: Vec<&Diagnostic> = loaded.errors().collect();
    let warnings: Vec<&Diagnostic> = loaded.warnings().collect();
    writeln!(out, "{} error(s)", errors.len())?;
    for d in &errors {
        writeln!(out, "{d}")?;
    }
    writeln!(out, "{} warning(s)", warnings.len())?;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for d in &warnings {
        let count = seen.entry(d.message.as_str()).or_default();
        *count += 1;
        if all || *count <= SHOWN_PER_MESSAGE {
            writeln!(out, "{d}")?;
        }
    }
    if !all {
        let mut hidden: Vec<(&str, usize)> = seen
            .into_iter()
            .filter(|(_, n)| *n > SHOWN_PER_MESSAGE)
            .collect();
        hidden.sort();
        for (message, n) in hidden {
            writeln!(
                out,
                "  … and {} more: {message} (--all lists them)",
                n - SHOWN_PER_MESSAGE
            )?;
        }
    }
    if let Some(bank) = &loaded.bank {
        let active = bank
            .items
            .iter()
            .filter(|i| i.status == bank::Status::Active)
            .count();
        writeln!(
            out,
            "ok: {} items ({active} active) in {} topics",
            bank.items.len(),
            bank.topics.len()
        )?;
    }
    out.flush()
}

/// Load a bank for a command that needs a valid one.
pub fn load_valid(dir: &Path) -> Result<ItemBank, String> {
    let loaded = bank::load(dir, super::today());
    match loaded.bank {
        Some(bank) => Ok(bank),
        None => {
            let first: Vec<String> = loaded.errors().take(5).map(|d| d.to_string()).collect();
            Err(format!(
                "the item bank in {} has errors (run `forvalt bank check {}`):\n{}",
                dir.display(),
                dir.display(),
                first.join("\n")
            ))
        }
    }
}

pub fn stats(dir: &Path) -> Result<ExitCode, String> {
    let bank = load_valid(dir)?;
    print!("{}", stats::render(&stats::compute(&bank)));
    Ok(ExitCode::SUCCESS)
}

pub fn cites(dir: &Path, section: &str) -> Result<ExitCode, String> {
    let query = LawRef::parse(section).map_err(|e| e.to_string())?;
    let bank = load_valid(dir)?;
    if !bank
        .acts
        .iter()
        .any(|a| a.name.eq_ignore_ascii_case(&query.act))
    {
        return Err(format!("unknown act \"{}\"", query.act));
    }
    let hits: Vec<_> = bank.items.iter().filter(|i| i.cites(&query)).collect();
    for item in &hits {
        let refs: Vec<String> = item
            .references
            .iter()
            .chain(&item.future_references)
            .filter(|r| r.matches(&query))
            .map(|r| r.to_string())
            .collect();
        println!(
            "{}\t{}\t{}\t{}\t{}",
            item.id,
            item.status.as_str(),
            bank.topics[item.topic].id,
            refs.join("; "),
            item.path.display()
        );
    }
    eprintln!("{} item(s) cite {query}", hits.len());
    Ok(ExitCode::SUCCESS)
}
