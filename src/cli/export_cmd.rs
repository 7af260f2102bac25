//! `forvalt export`: all stored responses as CSV or JSON lines.

use std::path::PathBuf;
use std::process::ExitCode;

use super::remote_admin::Target;
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
    #[command(flatten)]
    remote: super::remote_admin::RemoteArgs,
}

pub fn export(args: ExportArgs) -> Result<ExitCode, String> {
    let format = match args.format {
        Format::Csv => ExportFormat::Csv,
        Format::Jsonl => ExportFormat::JsonLines,
    };
    let store = match super::remote_admin::target(&args.db, &args.remote)? {
        (Target::Local(store), _) => store,
        (Target::Remote(server), _) => {
            // The server holds the database: it exports (and records that in the audit log).
            let path = format!(
                "/ops/admin/export?format={}",
                match args.format {
                    Format::Csv => "csv",
                    Format::Jsonl => "jsonl",
                }
            );
            let bytes = match &args.out {
                Some(file) => {
                    let mut out = std::fs::File::create(file)
                        .map_err(|e| format!("cannot create {}: {e}", file.display()))?;
                    server.get(&path, &mut out)?
                }
                None => server.get(&path, &mut std::io::stdout().lock())?,
            };
            eprintln!(
                "exported through the server at {} ({bytes} bytes)",
                server.addr
            );
            return Ok(ExitCode::SUCCESS);
        }
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
