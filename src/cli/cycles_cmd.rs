//! `forvalt cycles add | list | late`.

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
    /// Late completion of a cycle: whether tests may be started after the deadline, and the
    /// days after it in which a started test may be finished (default: late_grace_days).
    Late {
        /// The cycle's name.
        #[arg(long)]
        name: String,
        /// Allow starting (and finishing) after the deadline.
        #[arg(long)]
        allow: bool,
        /// Days after the deadline to finish a started test; omit to use late_grace_days.
        #[arg(long)]
        grace_days: Option<u32>,
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
        CyclesCommand::Late {
            name,
            allow,
            grace_days,
            db,
        } => {
            let cycle = super::users_cmd::open(&db)?
                .set_cycle_late(&name, allow, grace_days)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no cycle is named \"{name}\""))?;
            println!(
                "cycle {}: \"{}\" late start {}, grace {}",
                cycle.id,
                cycle.name,
                if cycle.allow_late {
                    "allowed"
                } else {
                    "refused"
                },
                cycle
                    .grace_days
                    .map(|d| format!("{d} days"))
                    .unwrap_or_else(|| "from late_grace_days".to_string())
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
