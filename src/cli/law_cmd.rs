//! `forvalt law`: the law-change registry (`law-changes.toml` in the bank).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::bank::{self, ReviewAction, lawchange, transition, writeback};

#[derive(Debug, Subcommand)]
pub enum LawCommand {
    /// Register that a section changed on a date; items citing it that were reviewed before
    /// then are flagged for review (bank check, the author area).
    Changed {
        /// The act: its name in laws.toml (e.g. forvaltningsloven) or its Lovdata id.
        #[arg(long)]
        act: String,
        /// One section: a number with an optional letter, e.g. 17 or 11a.
        #[arg(long)]
        section: String,
        /// Only this ledd of the section changed (a number from 1); without it, the whole
        /// section. Items citing only other ledd of the section are not flagged.
        #[arg(long)]
        ledd: Option<i64>,
        /// The day the change took effect, e.g. 2026-07-01.
        #[arg(long)]
        date: String,
        /// What changed, for the authors.
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, default_value = "item-bank")]
        bank: PathBuf,
    },
    /// Set the status of every flagged item (in its file): back to draft, or retired.
    Apply {
        /// draft or retired.
        #[arg(long, value_parser = parse_action)]
        to: ReviewAction,
        #[arg(long, default_value = "item-bank")]
        bank: PathBuf,
    },
    /// Show what an adopted act entering into force would do to the bank: the items retired,
    /// their successors, the items kept with their future references, and the topic minimums.
    EnterIntoForce {
        /// The adopted act: its name in laws.toml or its Lovdata id (e.g. LOV-2025-06-20-81).
        #[arg(long)]
        act: String,
        /// The day it enters into force, e.g. 2027-07-01.
        #[arg(long)]
        date: String,
        /// Only report; required (nothing is written yet).
        #[arg(long)]
        dry_run: bool,
        #[arg(long, default_value = "item-bank")]
        bank: PathBuf,
    },
}

fn parse_action(text: &str) -> Result<ReviewAction, String> {
    ReviewAction::parse(text).ok_or_else(|| format!("\"{text}\" must be draft or retired"))
}

pub fn run(command: LawCommand) -> Result<ExitCode, String> {
    let today = super::today();
    match command {
        LawCommand::Changed {
            act,
            section,
            ledd,
            date,
            note,
            bank: dir,
        } => {
            let changed_on: jiff::civil::Date = date
                .trim()
                .parse()
                .map_err(|_| format!("--date \"{date}\" must be a date like 2026-07-01"))?;
            let bank = super::bank_cmd::load_valid(&dir)?;
            let mut change = lawchange::new_change(&bank.acts, &act, &section, changed_on, &note)
                .map_err(|e| e.to_string())?;
            if let Some(ledd) = ledd {
                let act = lawchange::find_act(&bank.acts, &act).map_err(|e| e.to_string())?;
                change.ledd = Some(
                    lawchange::check_ledd(act, &change.section, ledd).map_err(|e| e.to_string())?,
                );
            }
            if bank.law_changes.iter().any(|c| c.same_as(&change)) {
                return Err(format!(
                    "{} changed on {changed_on} is already registered",
                    change.section_key()
                ));
            }
            let bank =
                writeback::add_law_change(&dir, &change, today).map_err(|e| e.to_string())?;
            let flagged: Vec<_> = lawchange::flagged_items(&bank)
                .into_iter()
                .filter(|f| f.changes.iter().any(|c| **c == change))
                .collect();
            println!(
                "Registered {} changed on {changed_on} in {}; {} item(s) flagged for review:",
                change.section_key(),
                dir.join(bank::LAW_CHANGES_FILE).display(),
                flagged.len()
            );
            for f in flagged {
                println!(
                    "  {} ({}, reviewed {}) {}",
                    f.item.id,
                    f.item.status.as_str(),
                    f.item.reviewed,
                    f.item.path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        LawCommand::EnterIntoForce {
            act,
            date,
            dry_run,
            bank: dir,
        } => {
            if !dry_run {
                return Err(
                    "only --dry-run is supported: review the successor drafts and set their status by hand"
                        .to_string(),
                );
            }
            let date: jiff::civil::Date = date
                .trim()
                .parse()
                .map_err(|_| format!("--date \"{date}\" must be a date like 2027-07-01"))?;
            let bank = super::bank_cmd::load_valid(&dir)?;
            let plan = transition::plan(&bank, &act, date)?;
            print!("{}", transition::render(&plan));
            Ok(ExitCode::SUCCESS)
        }
        LawCommand::Apply { to, bank: dir } => {
            let bank = super::bank_cmd::load_valid(&dir)?;
            let (ids, _) =
                lawchange::send_flagged_to(&bank, to, today).map_err(|e| e.to_string())?;
            println!(
                "{} item(s) set to {}{}{}",
                ids.len(),
                to.status().as_str(),
                if ids.is_empty() { "" } else { ": " },
                ids.join(", ")
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
