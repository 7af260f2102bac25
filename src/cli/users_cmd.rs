//! `forvalt users import | add | reset-password | list`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::app::{generate_password, hash_password, roster};
use crate::store::{Role, Store, UserInput};

#[derive(Debug, clap::Subcommand)]
pub enum UsersCommand {
    /// Import a roster CSV (employee_id,name,email,department,role). Idempotent; a file with
    /// any bad row imports nothing.
    Import {
        roster: PathBuf,
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
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
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
    },
    /// Give a user a new random password and print it.
    ResetPassword {
        employee_id: String,
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
    },
    /// List the users.
    List {
        #[arg(long, default_value = "forvalt.redb")]
        db: PathBuf,
    },
}

pub fn run(command: UsersCommand) -> Result<ExitCode, String> {
    let now = jiff::Timestamp::now();
    match command {
        UsersCommand::Import { roster: path, db } => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let users = roster::parse(&text)
                .and_then(|users| roster::parse_malform(&text).map(|forms| (users, forms)));
            let (users, forms) = users.map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}:{e}", path.display()))
                    .collect();
                format!(
                    "nothing imported; {} problem(s):\n{}",
                    errors.len(),
                    lines.join("\n")
                )
            })?;
            let leads = roster::parse_leads(&text).map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}:{e}", path.display()))
                    .collect();
                format!(
                    "nothing imported; {} problem(s):\n{}",
                    errors.len(),
                    lines.join("\n")
                )
            })?;
            let store = open(&db)?;
            let summary = store.upsert_users(&users, now).map_err(|e| e.to_string())?;
            // Unit leaders (the optional `leads` column), after the users exist.
            if let Some(leads) = leads {
                store.set_leads(&leads).map_err(|e| e.to_string())?;
            }
            if let Some(forms) = forms {
                let changed = store
                    .set_roster_malform(&forms)
                    .map_err(|e| e.to_string())?;
                println!("målform from the roster changed for {changed} user(s)");
            }
            println!(
                "{} created, {} updated, {} unchanged",
                summary.created, summary.updated, summary.unchanged
            );
            if summary.created > 0 {
                println!(
                    "new users have no password yet: `forvalt users reset-password <employee_id>`"
                );
            }
        }
        UsersCommand::Add {
            employee_id,
            name,
            email,
            department,
            role,
            password,
            db,
        } => {
            let role = Role::parse(&role).ok_or_else(|| {
                format!("role \"{role}\" is not one of caseworker, hr, author, admin")
            })?;
            roster::check_department(&department)?;
            if let Some(password) = &password {
                crate::app::check_password_policy(
                    password,
                    crate::app::Config::default().password_min_length,
                )?;
            }
            let generated = password.is_none();
            let password = password.unwrap_or_else(generate_password);
            let user = UserInput {
                employee_id: employee_id.clone(),
                name,
                email,
                department,
                role,
                password_hash: Some(hash_password(&password)),
            };
            open(&db)?
                .upsert_users(&[user], now)
                .map_err(|e| e.to_string())?;
            if generated {
                println!("{employee_id}: password {password}");
            } else {
                println!("{employee_id}: saved");
            }
        }
        UsersCommand::ResetPassword { employee_id, db } => {
            let password = generate_password();
            if !open(&db)?
                .set_password(&employee_id, hash_password(&password))
                .map_err(|e| e.to_string())?
            {
                return Err(format!("no user with employee id \"{employee_id}\""));
            }
            println!("{employee_id}: new password {password}");
        }
        UsersCommand::List { db } => {
            for u in open(&db)?.users().map_err(|e| e.to_string())? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.employee_id,
                    u.role.as_str(),
                    u.name,
                    u.email,
                    u.department
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn open(db: &std::path::Path) -> Result<Store, String> {
    Store::open(db).map_err(|e| e.to_string())
}
