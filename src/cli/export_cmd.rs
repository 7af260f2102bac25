//! `forvalt export`: all stored responses as CSV or JSON lines.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::store::ExportFormat;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Write here instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    #[arg(long, default_value = "forvalt.redb")]
    db: PathBuf,
}

pub fn export(args: ExportArgs) -> Result<ExitCode, String> {
    let store = super::users_cmd::open(&args.db)?;
    let format = match args.format {
        Format::Csv => ExportFormat::Csv,
        Format::Jsonl => ExportFormat::JsonLines,
    };
    let n = match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            store.export(format, file)
        }
        None => store.export(format, std::io::stdout().lock()),
    }
    .map_err(|e| e.to_string())?;
    eprintln!("{n} response(s) exported");
    Ok(ExitCode::SUCCESS)
}
