//! `forvalt cycles add | list | deadline | late | close`. The rules are
//! [`crate::app::cycles`]'s, the same as on the admin page; while a server holds the database
//! the command goes through it ([`super::remote_admin`]).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use jiff::civil::Date;

use super::remote_admin::{RemoteArgs, Target, target};
use crate::app::cycles::{Actor, Cycles, DeadlineChange, NewCycle, describe_line, list_line};

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
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// List the cycles.
    List {
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Move a cycle's deadline (only while it has not passed: the reports as of the deadline
    /// are fixed once it has).
    Deadline {
        /// The cycle's name.
        #[arg(long)]
        name: String,
        /// The new last day to take the test (YYYY-MM-DD).
        #[arg(long)]
        deadline: Date,
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
        #[command(flatten)]
        remote: RemoteArgs,
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
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Close a cycle: nobody can start or continue its test from today.
    Close {
        /// The cycle's name.
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
        #[command(flatten)]
        remote: RemoteArgs,
    },
}

/// Who the audit log names for a change made here without a server.
const LOCAL: &str = "cli";

pub fn run(command: CyclesCommand) -> Result<ExitCode, String> {
    let now = jiff::Timestamp::now();
    let actor = Actor::Ops(LOCAL.to_string());
    let line = match command {
        CyclesCommand::Add {
            name,
            opens,
            deadline,
            db,
            remote,
        } => match target(&db, &remote)? {
            (Target::Local(store), settings) => {
                let cycles = Cycles::over(Arc::new(store), settings.app.late_grace_days);
                let new = NewCycle {
                    name,
                    opens,
                    deadline,
                };
                describe_line(
                    &cycles
                        .add(&actor, new, now)
                        .map_err(|e| e.to_string())?
                        .map_err(|e| e.to_string())?,
                )
            }
            (Target::Remote(server), _) => text(server.post(
                "/ops/admin/cycles/add",
                &[
                    ("name", name),
                    ("opens", opens.to_string()),
                    ("deadline", deadline.to_string()),
                ],
            )?),
        },
        CyclesCommand::List { db, remote } => match target(&db, &remote)? {
            (Target::Local(store), _) => store
                .cycles()
                .map_err(|e| e.to_string())?
                .iter()
                .map(list_line)
                .collect::<Vec<_>>()
                .join("\n"),
            (Target::Remote(server), _) => {
                let mut out = Vec::new();
                server.get("/ops/admin/cycles", &mut out)?;
                text(out)
            }
        },
        CyclesCommand::Deadline {
            name,
            deadline,
            db,
            remote,
        } => match target(&db, &remote)? {
            (Target::Local(store), settings) => {
                let current = store
                    .cycles()
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .find(|c| c.name == name.trim());
                let cycles = Cycles::over(Arc::new(store), settings.app.late_grace_days);
                let change = DeadlineChange {
                    deadline,
                    allow_late: current.as_ref().is_some_and(|c| c.allow_late),
                    grace_days: current.and_then(|c| c.grace_days),
                };
                describe_line(
                    &cycles
                        .change(&actor, &name, change, now)
                        .map_err(|e| e.to_string())?
                        .map_err(|e| e.to_string())?,
                )
            }
            (Target::Remote(server), _) => text(server.post(
                "/ops/admin/cycles/deadline",
                &[("name", name), ("deadline", deadline.to_string())],
            )?),
        },
        CyclesCommand::Late {
            name,
            allow,
            grace_days,
            db,
            remote,
        } => match target(&db, &remote)? {
            (Target::Local(store), settings) => {
                let current = store
                    .cycles()
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .find(|c| c.name == name.trim())
                    .ok_or_else(|| format!("no cycle is named \"{name}\""))?;
                let cycles = Cycles::over(Arc::new(store), settings.app.late_grace_days);
                let change = DeadlineChange {
                    deadline: current.deadline,
                    allow_late: allow,
                    grace_days,
                };
                describe_line(
                    &cycles
                        .change(&actor, &name, change, now)
                        .map_err(|e| e.to_string())?
                        .map_err(|e| e.to_string())?,
                )
            }
            (Target::Remote(server), _) => text(server.post(
                "/ops/admin/cycles/deadline",
                &[
                    ("name", name),
                    ("allow_late", allow.to_string()),
                    (
                        "grace_days",
                        grace_days.map(|d| d.to_string()).unwrap_or_default(),
                    ),
                ],
            )?),
        },
        CyclesCommand::Close { name, db, remote } => match target(&db, &remote)? {
            (Target::Local(store), settings) => {
                let cycles = Cycles::over(Arc::new(store), settings.app.late_grace_days);
                describe_line(
                    &cycles
                        .close(&actor, &name, now)
                        .map_err(|e| e.to_string())?
                        .map_err(|e| e.to_string())?,
                )
            }
            (Target::Remote(server), _) => {
                text(server.post("/ops/admin/cycles/close", &[("name", name)])?)
            }
        },
    };
    if !line.trim().is_empty() {
        println!("{}", line.trim_end());
    }
    Ok(ExitCode::SUCCESS)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}
