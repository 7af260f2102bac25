//! `forvalt cycles add | list`.

use std::path::PathBuf;
use std::process::ExitCode;

use jiff::civil::Date;

#[derive(Debug, clap::Subcommand)]
pub enum CyclesCommand {
    /// Define a test cycle: each caseworker takes one test per cycle.
    Add {
        /// E.g. "2025–2026".
        #[arg(long)]
        name: String,
        /// First day of the cycle (YYYY-MM-DD).
        #[arg(long)]
        opens: Date,
        /// Last day to take the test (YYYY-MM-DD).
        #[arg(long)]
        deadline: Date,
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
    },
    /// List the cycles.
    List {
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
    },
}

pub fn run(command: CyclesCommand) -> Result<ExitCode, String> {
    match command {
        CyclesCommand::Add {
            name,
            opens,
            deadline,
            db,
        } => {
            if deadline < opens {
                return Err(format!(
                    "the deadline {deadline} is before the opening {opens}"
                ));
            }
            let cycle = super::users_cmd::open(&db)?
                .add_cycle(&name, opens, deadline)
                .map_err(|e| e.to_string())?;
            println!(
                "cycle {}: \"{}\" {} – {}",
                cycle.id, cycle.name, cycle.opens, cycle.deadline
            );
        }
        CyclesCommand::List { db } => {
            for c in super::users_cmd::open(&db)?
                .cycles()
                .map_err(|e| e.to_string())?
            {
                println!("{}\t{}\t{}\t{}", c.id, c.name, c.opens, c.deadline);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
