//! The `forvalt` command line: parses arguments and hands over to [`forvalt::cli`]. No logic here.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    forvalt::cli::run(forvalt::cli::Cli::parse())
}
