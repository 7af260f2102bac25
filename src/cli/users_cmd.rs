//! `forvalt users import | sync | add | reset-password | deactivate | reactivate | list`.
//!
//! Each command opens the database itself when no process holds it; when a running server has
//! it open, the same request goes to that server (`POST /ops/users`, see [`super::remote`]),
//! which runs it with [`roster::execute`] just as this process would.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::remote;
use crate::app::roster::{self, Actor, UsersRequest};
use crate::app::{generate_password, hash_password};
use crate::store::{Store, StoreError};

/// Where the database is, and the server to ask when it is in use.
#[derive(Debug, Clone, clap::Args)]
pub struct Target {
    #[arg(long, default_value = "forvalt.redb")]
    db: PathBuf,
    /// The running server to ask when the database is in use (default: the configured addr).
    #[arg(long)]
    server: Option<SocketAddr>,
    /// The configuration file (for addr and ops_token).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum UsersCommand {
    /// Import a roster CSV (`employee_id,name,email,department,role[,leads][,malform]`).
    /// Idempotent; a file with any bad row imports nothing. Nobody is deactivated (see sync).
    Import {
        roster: PathBuf,
        #[command(flatten)]
        target: Target,
    },
    /// Compare a roster with the database and print the preview: new people, changes (moves
    /// included) and leavers. With --apply, apply all of it in one transaction (leavers are
    /// deactivated, never deleted; returning people are reactivated).
    Sync {
        roster: PathBuf,
        #[arg(long)]
        apply: bool,
        #[command(flatten)]
        target: Target,
    },
    /// Add (or update) one user and print the password.
    Add {
        #[arg(long)]
        employee_id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// A path such as "BUF/Område Nord/Team 3".
        #[arg(long)]
        department: String,
        /// caseworker, hr, author or admin.
        #[arg(long, default_value = "caseworker")]
        role: String,
        /// The password; a random one is generated and printed when left out.
        #[arg(long)]
        password: Option<String>,
        #[command(flatten)]
        target: Target,
    },
    /// Give a user a new random password and print it (their sessions and links end).
    ResetPassword {
        employee_id: String,
        #[command(flatten)]
        target: Target,
    },
    /// Deactivate a user: no login, no mail, sessions end; their tests stay.
    Deactivate {
        employee_id: String,
        #[command(flatten)]
        target: Target,
    },
    /// Reactivate a deactivated user.
    Reactivate {
        employee_id: String,
        #[command(flatten)]
        target: Target,
    },
    /// List the users.
    List {
        #[command(flatten)]
        target: Target,
    },
}

pub fn run(command: UsersCommand) -> Result<ExitCode, String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let (request, target, printed) = match command {
        UsersCommand::Import { roster, target } => (
            UsersRequest::Import {
                name: roster.display().to_string(),
                text: read(&roster)?,
            },
            target,
            None,
        ),
        UsersCommand::Sync {
            roster,
            apply,
            target,
        } => (
            UsersRequest::Sync {
                name: roster.display().to_string(),
                text: read(&roster)?,
                apply,
            },
            target,
            None,
        ),
        UsersCommand::Add {
            employee_id,
            name,
            email,
            department,
            role,
            password,
            target,
        } => {
            roster::check_department(&department)?;
            if let Some(password) = &password {
                crate::app::check_password_policy(
                    password,
                    crate::app::Config::default().password_min_length,
                )?;
            }
            let generated = password.is_none();
            let password = password.unwrap_or_else(generate_password);
            let printed = generated.then(|| format!("{employee_id}: password {password}\n"));
            (
                UsersRequest::Add {
                    employee_id,
                    name,
                    email,
                    department,
                    role,
                    password_hash: hash_password(&password),
                },
                target,
                printed,
            )
        }
        UsersCommand::ResetPassword {
            employee_id,
            target,
        } => {
            let password = generate_password();
            (
                UsersRequest::ResetPassword {
                    employee_id: employee_id.clone(),
                    password_hash: hash_password(&password),
                },
                target,
                Some(format!("{employee_id}: new password {password}\n")),
            )
        }
        UsersCommand::Deactivate {
            employee_id,
            target,
        } => (UsersRequest::Deactivate { employee_id }, target, None),
        UsersCommand::Reactivate {
            employee_id,
            target,
        } => (UsersRequest::Reactivate { employee_id }, target, None),
        UsersCommand::List { target } => (UsersRequest::List, target, None),
    };
    let output = match Store::open(&target.db) {
        Ok(store) => roster::execute(&store, &Actor::Tool("cli"), request, jiff::Timestamp::now())?,
        Err(StoreError::Locked(_)) => {
            let server =
                remote::Server::locate(target.server, target.config.as_deref(), &target.db)?;
            server.post_json("/ops/users", &request)?
        }
        Err(e) => return Err(e.to_string()),
    };
    print!("{output}");
    // The password is printed only here, never sent back by the server.
    if let Some(printed) = printed {
        print!("{printed}");
    }
    Ok(ExitCode::SUCCESS)
}
