//! `forvalt cycles add | list | deadline | late | close`. The rules are
//! [`crate::app::cycles`]'s, the same as on the admin page; while a server holds the database
//! the command goes through it ([`super::remote_admin`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use jiff::civil::Date;

use super::remote_admin::{RemoteArgs, Server, Target, target};
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

impl CyclesCommand {
    /// The database the command is about, and how to reach a server that holds it.
    fn place(&self) -> (&Path, &RemoteArgs) {
        match self {
            CyclesCommand::Add { db, remote, .. }
            | CyclesCommand::List { db, remote }
            | CyclesCommand::Deadline { db, remote, .. }
            | CyclesCommand::Late { db, remote, .. }
            | CyclesCommand::Close { db, remote, .. } => (db, remote),
        }
    }
}

pub fn run(command: CyclesCommand) -> Result<ExitCode, String> {
    let (db, remote) = command.place();
    let line = match target(db, remote)? {
        (Target::Local(store), settings) => {
            let cycles = Cycles::over(
                Arc::new(store),
                settings.app.late_grace_days,
                settings.app.report_min_people,
            );
            here(command, &cycles)?
        }
        (Target::Remote(server), _) => through(command, &server)?,
    };
    if !line.trim().is_empty() {
        println!("{}", line.trim_end());
    }
    Ok(ExitCode::SUCCESS)
}

/// The command on the database opened here; the line to print.
fn here(command: CyclesCommand, cycles: &Cycles) -> Result<String, String> {
    let now = jiff::Timestamp::now();
    let actor = Actor::Ops(LOCAL.to_string());
    let current = |name: &str| -> Result<_, String> {
        Ok(cycles
            .store()
            .cycles()
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|c| c.name == name.trim()))
    };
    let changed = match command {
        CyclesCommand::Add {
            name,
            opens,
            deadline,
            ..
        } => cycles.add(
            &actor,
            NewCycle {
                name,
                opens,
                deadline,
            },
            now,
        ),
        CyclesCommand::List { .. } => {
            return Ok(cycles
                .store()
                .cycles()
                .map_err(|e| e.to_string())?
                .iter()
                .map(list_line)
                .collect::<Vec<_>>()
                .join("\n"));
        }
        CyclesCommand::Deadline { name, deadline, .. } => {
            let current = current(&name)?;
            let change = DeadlineChange {
                deadline,
                allow_late: current.as_ref().is_some_and(|c| c.allow_late),
                grace_days: current.and_then(|c| c.grace_days),
            };
            cycles.change(&actor, &name, change, now)
        }
        CyclesCommand::Late {
            name,
            allow,
            grace_days,
            ..
        } => {
            let current = current(&name)?.ok_or_else(|| format!("no cycle is named \"{name}\""))?;
            let change = DeadlineChange {
                deadline: current.deadline,
                allow_late: allow,
                grace_days,
            };
            cycles.change(&actor, &name, change, now)
        }
        CyclesCommand::Close { name, .. } => cycles.close(&actor, &name, now),
    };
    Ok(describe_line(
        &changed
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?,
    ))
}

/// The command through the server that holds the database; its answer is the line to print.
fn through(command: CyclesCommand, server: &Server) -> Result<String, String> {
    let answer = match command {
        CyclesCommand::Add {
            name,
            opens,
            deadline,
            ..
        } => server.post(
            "/ops/admin/cycles/add",
            &[
                ("name", name),
                ("opens", opens.to_string()),
                ("deadline", deadline.to_string()),
            ],
        )?,
        CyclesCommand::List { .. } => {
            let mut out = Vec::new();
            server.get("/ops/admin/cycles", &mut out)?;
            out
        }
        CyclesCommand::Deadline { name, deadline, .. } => server.post(
            "/ops/admin/cycles/deadline",
            &[("name", name), ("deadline", deadline.to_string())],
        )?,
        CyclesCommand::Late {
            name,
            allow,
            grace_days,
            ..
        } => server.post(
            "/ops/admin/cycles/deadline",
            &[
                ("name", name),
                ("allow_late", allow.to_string()),
                (
                    "grace_days",
                    grace_days.map(|d| d.to_string()).unwrap_or_default(),
                ),
            ],
        )?,
        CyclesCommand::Close { name, .. } => {
            server.post("/ops/admin/cycles/close", &[("name", name)])?
        }
    };
    Ok(String::from_utf8_lossy(&answer).into_owned())
}
