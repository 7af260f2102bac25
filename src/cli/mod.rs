//! Command-line front end: argument definitions and the commands behind them.
//!
//! Each command reads its inputs, calls the library and prints; errors are printed as one clear
//! message and a non-zero exit code.

mod backup_cmd;
mod bank_cmd;
mod calibrate_cmd;
pub mod config_cmd;
mod cycles_cmd;
mod db_cmd;
mod export_cmd;
mod law_cmd;
mod loadtest_cmd;
mod mail_cmd;
mod remote;
mod remote_admin;
mod retention_cmd;
mod serve_cmd;
mod simulate_cmd;
mod users_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "forvalt",
    version,
    about = "Adaptive tests in administrative law for caseworkers"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check, summarise and search the item bank.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Simulate adaptive tests: recover known abilities and report precision and exposure.
    Simulate(simulate_cmd::SimulateArgs),
    /// Compute Sympson–Hetter exposure parameters by iterative simulation.
    Exposure(simulate_cmd::ExposureArgs),
    /// Serve the web application (caseworkers take the test in the browser).
    Serve(serve_cmd::ServeArgs),
    /// Manage users: import a roster, add, reset passwords.
    #[command(subcommand)]
    Users(users_cmd::UsersCommand),
    /// Manage test cycles.
    #[command(subcommand)]
    Cycles(cycles_cmd::CyclesCommand),
    /// Export all stored responses as CSV or JSON lines.
    Export(export_cmd::ExportArgs),
    /// Calibrate item parameters (2PL/3PL, marginal maximum likelihood) from a response file.
    Calibrate(calibrate_cmd::CalibrateArgs),
    /// Law changes: register a changed section, and send the items citing it to draft or retire them.
    #[command(subcommand)]
    Law(law_cmd::LawCommand),
    /// Print an example configuration, or the settings in effect.
    #[command(subcommand)]
    Config(config_cmd::ConfigCommand),
    /// Write a consistent copy of the database (also while a server runs).
    Backup(backup_cmd::BackupArgs),
    /// Replace the database by a backup (the server must be stopped).
    Restore(backup_cmd::RestoreArgs),
    /// Pseudonymise personal data of cycles older than the N most recent.
    Retention(retention_cmd::RetentionArgs),
    /// Check the database file.
    #[command(subcommand)]
    Db(db_cmd::DbCommand),
    /// Load-test a running server through the JSON API with simulated caseworkers.
    #[command(subcommand)]
    Loadtest(loadtest_cmd::LoadtestCommand),
    /// E-mail follow-up: the dry run, queueing, the outbox.
    #[command(subcommand)]
    Mail(mail_cmd::MailCommand),
}

#[derive(Debug, Subcommand)]
enum BankCommand {
    /// Validate every file of the bank; exit code 1 when there are errors.
    Check {
        #[arg(default_value = "item-bank")]
        dir: PathBuf,
        /// List every warning instead of summarising repeated ones.
        #[arg(long)]
        all: bool,
    },
    /// Active items per topic and difficulty band, topic information across θ, items per section.
    Stats {
        #[arg(default_value = "item-bank")]
        dir: PathBuf,
    },
    /// Every item citing a section, e.g. "forvaltningsloven § 11a".
    Cites {
        section: String,
        #[arg(long, default_value = "item-bank")]
        bank: PathBuf,
    },
}

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Bank(BankCommand::Check { dir, all }) => {
            let warnings = if all {
                bank_cmd::Warnings::All
            } else {
                bank_cmd::Warnings::Summarised
            };
            bank_cmd::check(&dir, warnings)
        }
        Command::Bank(BankCommand::Stats { dir }) => bank_cmd::stats(&dir),
        Command::Bank(BankCommand::Cites { section, bank }) => bank_cmd::cites(&bank, &section),
        Command::Simulate(args) => simulate_cmd::simulate(args),
        Command::Exposure(args) => simulate_cmd::exposure(args),
        Command::Serve(args) => serve_cmd::serve(args),
        Command::Users(command) => users_cmd::run(command),
        Command::Cycles(command) => cycles_cmd::run(command),
        Command::Export(args) => export_cmd::export(args),
        Command::Calibrate(args) => calibrate_cmd::calibrate(args),
        Command::Law(command) => law_cmd::run(command),
        Command::Config(command) => config_cmd::run(command),
        Command::Backup(args) => backup_cmd::backup(args),
        Command::Restore(args) => backup_cmd::restore(args),
        Command::Retention(args) => retention_cmd::retention(args),
        Command::Db(command) => db_cmd::run(command),
        Command::Loadtest(command) => loadtest_cmd::run(command),
        Command::Mail(command) => mail_cmd::run(command),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("forvalt: {message}");
            ExitCode::from(2)
        }
    }
}

/// Today's date in the local time zone, for review-interval checks.
pub fn today() -> jiff::civil::Date {
    crate::app::today(jiff::Timestamp::now())
}
