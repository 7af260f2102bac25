//! `forvalt calibrate`: item parameters by MML/EM, from an `examinee,item,correct` file or from
//! the stored answers (`--db`, then written as a proposal), and `forvalt calibrate accept` to
//! write an accepted proposal into the item files.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Subcommand};

use crate::app::authoring::calibration::{calibration_data, write_proposal};
use crate::bank::ItemId;
use crate::bank::proposal::{self, PROPOSAL_FILE};
use crate::calibrate::{self, Anchor, Calibration, Config, Model};
use crate::interchange;
use crate::store::{CycleId, Store};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CalibrateArgs {
    #[command(subcommand)]
    action: Option<CalibrateAction>,
    /// Responses as CSV: examinee,item,correct (0 or 1); sparse data are fine.
    #[arg(long, required_unless_present = "db", conflicts_with = "db")]
    responses: Option<PathBuf>,
    /// Calibrate from the stored answers in this database (through the running server when it holds it) and write a
    /// proposal: old and new parameters per item, to review and accept.
    #[arg(long)]
    db: Option<PathBuf>,
    /// The item bank (with --db).
    #[arg(long, default_value = "item-bank")]
    bank: PathBuf,
    /// Only answers from this cycle id (with --db).
    #[arg(long, requires = "db")]
    cycle: Option<u64>,
    /// Fixed-parameter calibration: `active` (with --db: active items with calibrated
    /// parameters keep them and fix the scale) or a CSV file with columns id,a,b,c.
    #[arg(long)]
    anchors: Option<String>,
    /// 2pl or 3pl (3pl with a Beta(5, 17) prior on c).
    #[arg(long, default_value = "2pl", value_parser = parse_model)]
    model: Model,
    /// Where to write the result. With --responses: id,a,b,c,se_a,se_b,se_c,n (standard output
    /// if absent). With --db: the proposal (default: calibration-proposal.csv in the bank,
    /// where the author area reads it).
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
    /// With --db while a server holds it: the server to ask for a consistent copy.
    #[command(flatten)]
    remote: super::remote_admin::RemoteArgs,
}

#[derive(Debug, Subcommand)]
enum CalibrateAction {
    /// Write a proposal's new parameters into the item files (source = "calibrated", n, today's
    /// date), all or nothing; the bank must still pass `bank check`.
    Accept {
        /// The proposal CSV written by `forvalt calibrate --db`.
        proposal: PathBuf,
        #[arg(long, default_value = "item-bank")]
        bank: PathBuf,
        /// Only these items (comma-separated); default: every acceptable row.
        #[arg(long, value_delimiter = ',')]
        items: Option<Vec<ItemId>>,
    },
}

fn parse_model(text: &str) -> Result<Model, String> {
    match text.to_ascii_lowercase().as_str() {
        "2pl" => Ok(Model::TwoPl),
        "3pl" => Ok(Model::ThreePl),
        _ => Err(format!("unknown model \"{text}\" (2pl or 3pl)")),
    }
}

pub fn calibrate(args: CalibrateArgs) -> Result<ExitCode, String> {
    if let Some(CalibrateAction::Accept {
        proposal: path,
        bank: dir,
        items,
    }) = &args.action
    {
        let bank = super::bank_cmd::load_valid(dir)?;
        let rows = proposal::read(path)?;
        let (ids, _) = proposal::accept(&bank, &rows, items.as_deref(), super::today())
            .map_err(|e| e.to_string())?;
        println!(
            "{} item(s) written with calibrated parameters{}{}",
            ids.len(),
            if ids.is_empty() { "" } else { ": " },
            ids.iter()
                .map(ItemId::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !(args.tolerance.is_finite() && args.tolerance > 0.0) {
        return Err("--tolerance must be a positive number".into());
    }
    let mut config = Config::new(args.model);
    config.tolerance = args.tolerance;
    config.max_iterations = args.max_iterations;
    config.min_responses = args.min_responses;

    let started = Instant::now();
    let (ids, result, examinees, answers) = match (&args.responses, &args.db) {
        (Some(path), _) => {
            let data = interchange::read_responses(path).map_err(|e| e.to_string())?;
            let anchors = match args.anchors.as_deref() {
                None => Vec::new(),
                Some("active") => {
                    return Err("--anchors active needs --db (the bank says which items are active); give a CSV file id,a,b,c".into());
                }
                Some(file) => proposal::read_anchors(std::path::Path::new(file), &data.items)?,
            };
            let result = calibrate::calibrate(data.items.len(), &data.answers, &anchors, &config);
            let csv = interchange::write_calibration(&data.items, &result.items);
            match &args.out {
                Some(path) => std::fs::write(path, csv)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
                None => print!("{csv}"),
            }
            (data.items, result, data.examinees.len(), data.answers.len())
        }
        (None, Some(db)) => {
            let bank = super::bank_cmd::load_valid(&args.bank)?;
            let (store, _copy) = open_or_copy(db, &args.remote)?;
            let data = calibration_data(&store, &bank, args.cycle.map(CycleId))
                .map_err(|e| e.to_string())?;
            if data.answers.is_empty() {
                return Err(format!(
                    "{} holds no answers to items of the bank{}",
                    db.display(),
                    args.cycle
                        .map(|c| format!(" in cycle {c}"))
                        .unwrap_or_default()
                ));
            }
            let anchors: Vec<Anchor> = match args.anchors.as_deref() {
                None => Vec::new(),
                Some("active") => data.active_anchors(&bank),
                Some(file) => proposal::read_anchors(std::path::Path::new(file), &data.ids)?,
            };
            let result = calibrate::calibrate(data.ids.len(), &data.answers, &anchors, &config);
            let rows = proposal::propose(&bank, &data.ids, &result);
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| args.bank.join(PROPOSAL_FILE));
            // Atomically, as the server's calibration job writes it: a reader never sees half.
            write_proposal(&out, &rows)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            eprintln!(
                "{} anchor item(s); {} answer(s) to items no longer in the bank left out; proposal for {} item(s) in {} (accept with `forvalt calibrate accept {} --bank {}` or in the author area)",
                anchors.len(),
                data.unknown_items,
                rows.iter().filter(|r| r.acceptable()).count(),
                out.display(),
                out.display(),
                args.bank.display()
            );
            let n = data.answers.len();
            let ids = data.ids.iter().map(ItemId::to_string).collect();
            (ids, result, data.examinees, n)
        }
        (None, None) => return Err("give --responses FILE or --db FILE".into()),
    };
    report(
        &ids,
        &result,
        examinees,
        answers,
        started.elapsed().as_secs_f64(),
    );
    Ok(if result.converged {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn report(ids: &[String], result: &Calibration, examinees: usize, answers: usize, seconds: f64) {
    eprintln!(
        "{answers} answers, {examinees} examinees, {} items; {} after {} EM cycles (last change {:.2e}); \
         log-likelihood {:.2}; {seconds:.2} s",
        ids.len(),
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
                ids[*i],
                result.items[*i].n,
                problem.describe()
            );
        }
    }
}

/// A copy of the database that is deleted when dropped.
struct TempCopy(std::path::PathBuf);

impl Drop for TempCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Open `db`, or, while a server holds it, read a consistent copy from that server
/// (`/ops/backup`, audited and rate-limited there) into a temporary file and open that.
fn open_or_copy(
    db: &std::path::Path,
    remote: &super::remote_admin::RemoteArgs,
) -> Result<(Store, Option<TempCopy>), String> {
    match super::remote_admin::target(db, remote)? {
        (super::remote_admin::Target::Local(store), _) => Ok((store, None)),
        (super::remote_admin::Target::Remote(server), _) => {
            let path = std::env::temp_dir().join(format!(
                "forvalt-calibrate-{}-{}.redb",
                std::process::id(),
                jiff::Timestamp::now().as_nanosecond()
            ));
            let copy = TempCopy(path.clone());
            server.backup_to(&path)?;
            eprintln!(
                "{} is in use: calibrating from a consistent copy from the server at {}",
                db.display(),
                server.addr
            );
            let store = Store::open(&path).map_err(|e| e.to_string())?;
            Ok((store, Some(copy)))
        }
    }
}
