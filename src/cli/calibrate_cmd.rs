//! `forvalt calibrate`: item parameters from an `examinee,item,correct` file by MML/EM.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::calibrate::{self, Config, Model};
use crate::interchange;

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Responses as CSV: examinee,item,correct (0 or 1); sparse data are fine.
    #[arg(long)]
    responses: PathBuf,
    /// 2pl or 3pl (3pl with a Beta(5, 17) prior on c).
    #[arg(long, default_value = "2pl", value_parser = parse_model)]
    model: Model,
    /// Where to write id,a,b,c,se_a,se_b,se_c,n; standard output if absent.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Stop when no parameter changes more than this between EM cycles.
    #[arg(long, default_value_t = 1e-4)]
    tolerance: f64,
    #[arg(long, default_value_t = 500)]
    max_iterations: usize,
    /// Items with fewer responses are not calibrated (and reported).
    #[arg(long, default_value_t = 20)]
    min_responses: usize,
}

fn parse_model(text: &str) -> Result<Model, String> {
    match text.to_ascii_lowercase().as_str() {
        "2pl" => Ok(Model::TwoPl),
        "3pl" => Ok(Model::ThreePl),
        _ => Err(format!("unknown model \"{text}\" (2pl or 3pl)")),
    }
}

pub fn calibrate(args: CalibrateArgs) -> Result<ExitCode, String> {
    if !(args.tolerance.is_finite() && args.tolerance > 0.0) {
        return Err("--tolerance must be a positive number".into());
    }
    let data = interchange::read_responses(&args.responses).map_err(|e| e.to_string())?;
    let mut config = Config::new(args.model);
    config.tolerance = args.tolerance;
    config.max_iterations = args.max_iterations;
    config.min_responses = args.min_responses;
    let started = Instant::now();
    let result = calibrate::calibrate(data.items.len(), &data.answers, &[], &config);
    let seconds = started.elapsed().as_secs_f64();
    let csv = interchange::write_calibration(&data.items, &result.items);
    match &args.out {
        Some(path) => std::fs::write(path, csv)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => print!("{csv}"),
    }
    eprintln!(
        "{} answers, {} examinees, {} items; {} after {} EM cycles (last change {:.2e}); \
         log-likelihood {:.2}; {seconds:.2} s",
        data.answers.len(),
        data.examinees.len(),
        data.items.len(),
        if result.converged {
            "converged"
        } else {
            "NOT converged"
        },
        result.iterations,
        result.last_change,
        result.log_likelihood,
    );
    let problems = result.problems();
    if !problems.is_empty() {
        eprintln!("{} items not identified:", problems.len());
        for (i, problem) in &problems {
            eprintln!(
                "  {} (n = {}): {}",
                data.items[*i],
                result.items[*i].n,
                problem.describe()
            );
        }
    }
    Ok(if result.converged {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
