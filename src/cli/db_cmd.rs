//! `forvalt db check`: verify a database file.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::store;

#[derive(Debug, clap::Subcommand)]
pub enum DbCommand {
    /// Verify the database: redb's integrity check, the schema version, and the links between
    /// users, cycles, tests, answers, pending items and item versions. Prints every problem;
    /// exit code 1 when there is any. Stop the server first (the file is locked to one process).
    Check {
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
    },
}

pub fn run(command: DbCommand) -> Result<ExitCode, String> {
    match command {
        DbCommand::Check { db } => {
            let findings = store::check(&db).map_err(|e| e.to_string())?;
            if findings.is_empty() {
                println!("{}: no problems found", db.display());
                return Ok(ExitCode::SUCCESS);
            }
            for finding in &findings {
                println!("{}: {finding}", db.display());
            }
            println!(
                "{}: {} problem{}",
                db.display(),
                findings.len(),
                if findings.len() == 1 { "" } else { "s" }
            );
            Ok(ExitCode::from(1))
        }
    }
}
