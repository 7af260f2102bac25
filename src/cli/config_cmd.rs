//! `forvalt config example | show`, and the settings every server-side command resolves.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::{self, CliValues, Mode, Settings};

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Print a commented example configuration file with every key and its default.
    Example,
    /// Print the settings in effect (file, environment, defaults) and where each comes from.
    Show {
        /// The configuration file (default: $FORVALT_CONFIG, else none).
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

pub fn run(command: ConfigCommand) -> Result<ExitCode, String> {
    match command {
        ConfigCommand::Example => {
            print!("{}", config::example());
        }
        ConfigCommand::Show { config } => {
            let settings = settings(config.as_deref(), Vec::new(), Mode::Regular)?;
            for (key, value, source) in &settings.origins {
                let value = if value.is_empty() { "(unset)" } else { value };
                println!("{key:<32} {value:<24} {source}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolve the settings: `--config` (or `$FORVALT_CONFIG`), the `FORVALT_*` variables and the
/// command-line values.
pub fn settings(file: Option<&Path>, cli: CliValues, mode: Mode) -> Result<Settings, String> {
    let from_env = std::env::var_os("FORVALT_CONFIG").map(PathBuf::from);
    let file = file.map(Path::to_path_buf).or(from_env);
    config::resolve(file.as_deref(), &config::process_env(), &cli, mode).map_err(|e| e.0)
}
