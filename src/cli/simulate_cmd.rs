//! `forvalt simulate` and `forvalt exposure`.
//!
//! With `--bank`, both run on the live engine ([`Engine::new`], the function `forvalt serve`
//! builds its engine with): the active items with their enemies, the bank's blueprint, and for
//! `simulate` the configured exposure control and the live test loop with pretest seeding
//! ([`simulate::run_live`]). Flags that change the rules (`--exposure`, `--blueprint`,
//! `--topic-min`, `--se`, `--max-items`, `--min-items`, `--estimator`) then deviate from what the
//! server runs; the output lists them under `deviations`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::bank::{self, BlueprintSpec};
use crate::cat::{Blueprint, Exposure, Pool, PoolItem, Rules, TopicRange};
use crate::engine::Engine;
use crate::interchange;
use crate::irt::{Estimator, Prior};
use crate::simulate::{self, Outcome, ShConfig};

/// Where the items come from: an interchange CSV or the item bank.
#[derive(Debug, Args)]
pub struct ItemSource {
    /// Item parameters as CSV: id,topic,a,b,c.
    #[arg(long, conflicts_with = "bank", required_unless_present = "bank")]
    params: Option<PathBuf>,
    /// Use an item bank folder instead (e.g. item-bank/): the live engine, as `forvalt serve`
    /// builds it (active items with their enemies, the bank's blueprint and exposure control).
    #[arg(long)]
    bank: Option<PathBuf>,
    /// Blueprint: a blueprint.toml, or "none" for no topic constraints. Default: the bank's own
    /// with --bank (giving it deviates from the live engine), none with --params.
    #[arg(long)]
    blueprint: Option<String>,
    /// A uniform blueprint: at least N items from every topic (instead of --blueprint; not
    /// with --bank).
    #[arg(long, conflicts_with = "blueprint")]
    topic_min: Option<usize>,
    /// Stop when the standard error is at or below this (default: the blueprint's, else 0.3;
    /// with --bank it deviates from the live engine).
    #[arg(long)]
    se: Option<f64>,
    /// Maximum test length (default: the blueprint's, else 30; with --bank it deviates from the
    /// live engine).
    #[arg(long)]
    max_items: Option<usize>,
    /// Minimum test length (default: the blueprint's, else 1; with --bank it deviates from the
    /// live engine).
    #[arg(long)]
    min_items: Option<usize>,
    /// eap, map or mle (default: eap, as live tests; another with --bank deviates from the live
    /// engine).
    #[arg(long, value_parser = parse_estimator)]
    estimator: Option<Estimator>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    source: ItemSource,
    /// True abilities as CSV: examinee,theta. Without it, --examinees draws from N(0, 1).
    #[arg(long)]
    thetas: Option<PathBuf>,
    #[arg(long, default_value_t = 1000)]
    examinees: usize,
    /// With --bank: the server's configuration file, whose `exposure` setting the simulation
    /// uses as `forvalt serve` does (default: $FORVALT_CONFIG, else none; `FORVALT_EXPOSURE`
    /// and `FORVALT_EXPOSURE_RANDOMESQUE_K` apply too).
    #[arg(long)]
    config: Option<PathBuf>,
    /// none, randomesque:K or sympson-hetter. Default: none with --params; with --bank the
    /// configured exposure control, and giving this flag deviates from the live engine.
    #[arg(long)]
    exposure: Option<String>,
    /// Sympson–Hetter target: the highest share of examinees an item may reach.
    #[arg(long, default_value_t = 0.25)]
    sh_target: f64,
    /// Sympson–Hetter parameters from `forvalt exposure` (CSV id,k); computed on the fly if absent.
    #[arg(long)]
    sh_params: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExposureArgs {
    #[command(flatten)]
    source: ItemSource,
    #[arg(long, default_value_t = 0.25)]
    target: f64,
    /// Simulees per iteration.
    #[arg(long, default_value_t = 2000)]
    examinees: usize,
    #[arg(long, default_value_t = 40)]
    iterations: usize,
    /// Where to write the parameters (CSV id,k); standard output if absent.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn parse_estimator(text: &str) -> Result<Estimator, String> {
    match text {
        "eap" => Ok(Estimator::Eap),
        "map" => Ok(Estimator::Map),
        "mle" => Ok(Estimator::Mle),
        _ => Err(format!("unknown estimator \"{text}\" (eap, map or mle)")),
    }
}

/// The pool and rules a simulation runs on, with item ids and topic names for reports.
struct Study {
    /// The live engine, with --bank.
    engine: Option<Engine>,
    /// The pool from --params (with --bank, the engine's).
    params_pool: Option<Pool>,
    rules: Rules,
    /// Per pool index.
    ids: Vec<String>,
    topics: Vec<String>,
    /// Flags that change the live engine's rules (with --bank).
    deviations: Vec<String>,
}

impl Study {
    fn pool(&self) -> &Pool {
        match (&self.engine, &self.params_pool) {
            (Some(engine), _) => engine.pool(),
            (None, Some(pool)) => pool,
            (None, None) => unreachable!("a study has a pool"),
        }
    }
}

/// The study for `source`. With --bank, `exposure` is the configured exposure control (`None`:
/// the bank's own), as for `forvalt serve`.
fn study(source: &ItemSource, exposure: Option<Exposure>) -> Result<Study, String> {
    match (&source.params, &source.bank) {
        (Some(path), _) => params_study(source, path),
        (None, Some(dir)) => bank_study(source, super::bank_cmd::load_valid(dir)?, exposure),
        (None, None) => Err("give --params FILE or --bank DIR".into()),
    }
}

/// The live engine on a bank, with the rule flags given applied as deviations.
fn bank_study(
    source: &ItemSource,
    bank: bank::ItemBank,
    exposure: Option<Exposure>,
) -> Result<Study, String> {
    if source.topic_min.is_some() {
        return Err(
            "--topic-min is for --params; with --bank give --blueprint FILE (which deviates from \
             the live engine)"
                .into(),
        );
    }
    let engine = Engine::new(bank, exposure);
    let topics: Vec<String> = engine.bank().topics.iter().map(|t| t.id.clone()).collect();
    let ids = (0..engine.pool().len())
        .map(|ix| engine.item(ix).id.to_string())
        .collect();
    let flags = [
        source
            .blueprint
            .as_ref()
            .map(|b| format!("--blueprint {b}")),
        source.se.map(|se| format!("--se {se}")),
        source.max_items.map(|n| format!("--max-items {n}")),
        source.min_items.map(|n| format!("--min-items {n}")),
        source
            .estimator
            .filter(|e| *e != Estimator::Eap)
            .map(|e| format!("--estimator {e:?}").to_lowercase()),
    ];
    let deviations: Vec<String> = flags.into_iter().flatten().collect();
    let rules = if deviations.is_empty() {
        engine.rules().clone()
    } else {
        let bank = engine.bank();
        let spec = BlueprintSpec {
            test: bank.test.clone(),
            topics: bank
                .topics
                .iter()
                .map(|t| {
                    (
                        t.id.clone(),
                        TopicRange {
                            min: t.min,
                            max: t.max,
                        },
                    )
                })
                .collect(),
        };
        Rules {
            exposure: engine.rules().exposure.clone(),
            ..rules_for(source, &topics, Some(spec))?
        }
    };
    Ok(Study {
        engine: Some(engine),
        params_pool: None,
        rules,
        ids,
        topics,
        deviations,
    })
}

/// A study on an interchange CSV of item parameters (no enemies, no exposure control).
fn params_study(source: &ItemSource, path: &Path) -> Result<Study, String> {
    let rows = interchange::read_params(path).map_err(|e| e.to_string())?;
    let blueprint_file = match source.blueprint.as_deref() {
        Some("none") | None => None,
        Some(path) => Some(read_blueprint(Path::new(path))?),
    };
    // Topic order: the blueprint's, or first appearance in the CSV.
    let topics: Vec<String> = match &blueprint_file {
        Some(spec) => spec.topics.iter().map(|(id, _)| id.clone()).collect(),
        None => rows.iter().fold(Vec::new(), |mut acc, r| {
            if !acc.contains(&r.topic) {
                acc.push(r.topic.clone());
            }
            acc
        }),
    };
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let Some(topic) = topics.iter().position(|t| *t == row.topic) else {
            return Err(format!(
                "{}:{}: unknown topic \"{}\" (not in the blueprint)",
                path.display(),
                row.line,
                row.topic
            ));
        };
        items.push(PoolItem {
            params: row.params,
            topic,
            enemies: Vec::new(),
        });
    }
    let pool = Pool::new(items, topics.len()).map_err(|e| e.to_string())?;
    let rules = rules_for(source, &topics, None)?;
    Ok(Study {
        engine: None,
        params_pool: Some(pool),
        rules,
        ids: rows.into_iter().map(|r| r.id).collect(),
        topics,
        deviations: Vec::new(),
    })
}

/// The rules the flags ask for on a pool with `topics` (in pool order): the blueprint from
/// --blueprint, else `own` (the bank's), then --topic-min, --se, --max-items, --min-items and
/// --estimator; no exposure control.
fn rules_for(
    source: &ItemSource,
    topics: &[String],
    own: Option<BlueprintSpec>,
) -> Result<Rules, String> {
    let blueprint_file = match source.blueprint.as_deref() {
        Some("none") => None,
        Some(path) => Some(read_blueprint(Path::new(path))?),
        None => own,
    };
    let unbounded = |min| TopicRange {
        min,
        max: usize::MAX,
    };
    let (test, ranges) = match (&blueprint_file, source.topic_min) {
        (Some(spec), _) => {
            let ranges = topics
                .iter()
                .map(|id| {
                    spec.topics
                        .iter()
                        .find(|(t, _)| t == id)
                        .map(|(_, range)| *range)
                        .ok_or_else(|| {
                            format!(
                                "{}: no [[topic]] \"{id}\" (the bank has it)",
                                source.blueprint.as_deref().unwrap_or("blueprint")
                            )
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            (Some(spec.test.clone()), ranges)
        }
        (None, Some(min)) => (None, vec![unbounded(min); topics.len()]),
        (None, None) => (None, vec![unbounded(0); topics.len()]),
    };
    let max_items = source
        .max_items
        .or(test.as_ref().map(|t| t.max_items))
        .unwrap_or(30);
    let min_items = source
        .min_items
        .or(test.as_ref().map(|t| t.min_items))
        .unwrap_or(1);
    let se_target = source
        .se
        .or(test.as_ref().map(|t| t.se_target))
        .unwrap_or(0.3);
    if se_target.is_nan() || se_target <= 0.0 {
        return Err(format!("--se must be positive, got {se_target}"));
    }
    let blueprint =
        Blueprint::new(ranges, min_items, max_items).map_err(|e| format!("blueprint: {e}"))?;
    Ok(Rules {
        blueprint,
        estimator: source.estimator.unwrap_or(Estimator::Eap),
        prior: Prior::default(),
        se_target,
        exposure: Exposure::None,
    })
}

fn read_blueprint(path: &Path) -> Result<BlueprintSpec, String> {
    bank::read_blueprint(path).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn read_sh_params(path: &Path, ids: &[String]) -> Result<Vec<f64>, String> {
    let (rows, errors) = interchange::read_exposure(path);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"));
    }
    let mut k = vec![1.0; ids.len()];
    for row in rows {
        let ix = ids.iter().position(|i| *i == row.id).ok_or_else(|| {
            format!(
                "{}:{}: unknown item \"{}\"",
                path.display(),
                row.line,
                row.id
            )
        })?;
        k[ix] = row.k;
    }
    Ok(k)
}

pub fn simulate(args: SimulateArgs) -> Result<ExitCode, String> {
    let configured = match &args.source.bank {
        Some(_) => {
            super::config_cmd::settings(
                args.config.as_deref(),
                Vec::new(),
                crate::config::Mode::Regular,
            )?
            .app
            .exposure
        }
        None if args.config.is_some() => {
            return Err("--config is for --bank (the server's settings for its engine)".into());
        }
        None => None,
    };
    let mut study = study(&args.source, configured)?;
    let thetas: Vec<f64> = match &args.thetas {
        Some(path) => interchange::read_thetas(path)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(_, t)| t)
            .collect(),
        None => simulate::normal_thetas(args.examinees, args.source.seed),
    };
    let mut sh = None;
    if let Some(text) = &args.exposure {
        if study.engine.is_some() {
            study.deviations.push(format!("--exposure {text}"));
        }
        study.rules.exposure = match text.as_str() {
            "none" => Exposure::None,
            "sympson-hetter" => {
                let k = match &args.sh_params {
                    Some(path) => read_sh_params(path, &study.ids)?,
                    None => {
                        let result = simulate::sympson_hetter(
                            study.pool(),
                            &study.rules,
                            &ShConfig::new(args.sh_target),
                            args.source.seed ^ 0x5348,
                        );
                        let k = result.k.clone();
                        sh = Some(result);
                        k
                    }
                };
                Exposure::SympsonHetter { k }
            }
            other => match other.strip_prefix("randomesque:").map(str::parse::<usize>) {
                Some(Ok(k)) if k >= 1 => Exposure::Randomesque { k },
                _ => {
                    return Err(format!(
                        "--exposure \"{other}\": expected none, randomesque:K (K ≥ 1) or sympson-hetter"
                    ));
                }
            },
        };
    }
    let exposure = describe(&study.rules.exposure);
    let started = Instant::now();
    let (outcomes, pretest): (Vec<Outcome>, Option<f64>) = match study.engine.take() {
        Some(engine) => {
            for flag in &study.deviations {
                eprintln!("simulate: {flag} deviates from the live engine");
            }
            let engine = engine.with_rules(study.rules.clone());
            let tests =
                simulate::run_live(&engine, &thetas, args.source.seed, &[], &BTreeMap::new());
            let shown: usize = tests
                .iter()
                .map(|t| t.answers.iter().filter(|a| a.pretest).count())
                .sum();
            study.engine = Some(engine);
            (
                tests.into_iter().map(|t| t.outcome).collect(),
                Some(shown as f64 / thetas.len().max(1) as f64),
            )
        }
        None => (
            simulate::run(study.pool(), &study.rules, &thetas, args.source.seed),
            None,
        ),
    };
    let wall = started.elapsed().as_secs_f64();
    let summary = simulate::summarize(study.pool(), &study.rules, &study.topics, &outcomes);
    let mut json = serde_json::to_value(&summary).map_err(|e| e.to_string())?;
    json["wall_seconds"] = wall.into();
    json["seconds_per_examinee"] = (wall / thetas.len().max(1) as f64).into();
    json["seconds_per_item"] =
        (wall / outcomes.iter().map(|o| o.items.len()).sum::<usize>().max(1) as f64).into();
    json["exposure"] = exposure.into();
    if let Some(pretest) = pretest {
        json["engine"] = if study.deviations.is_empty() {
            "live"
        } else {
            "live with deviations"
        }
        .into();
        json["deviations"] = study.deviations.clone().into();
        json["mean_pretest_items"] = pretest.into();
    }
    if let Some(sh) = sh {
        json["sympson_hetter"] = serde_json::json!({
            "iterations": sh.iterations,
            "converged": sh.converged,
            "max_exposure_in_calibration": sh.max_exposure,
        });
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}

/// The exposure control as the output names it: none, randomesque:K or sympson-hetter.
fn describe(exposure: &Exposure) -> String {
    match exposure {
        Exposure::None => "none".into(),
        Exposure::Randomesque { k } => format!("randomesque:{k}"),
        Exposure::SympsonHetter { .. } => "sympson-hetter".into(),
    }
}

pub fn exposure(args: ExposureArgs) -> Result<ExitCode, String> {
    // The exposure control is what is being computed: whatever is configured is replaced.
    let study = study(&args.source, None)?;
    let config = ShConfig {
        examinees: args.examinees,
        max_iterations: args.iterations,
        ..ShConfig::new(args.target)
    };
    let result = simulate::sympson_hetter(study.pool(), &study.rules, &config, args.source.seed);
    let mut csv = String::from("id,k\n");
    for (id, k) in study.ids.iter().zip(&result.k) {
        csv.push_str(&format!("{id},{k:.6}\n"));
    }
    match &args.out {
        Some(path) => std::fs::write(path, csv).map_err(|e| format!("{}: {e}", path.display()))?,
        None => print!("{csv}"),
    }
    eprintln!(
        "Sympson–Hetter: {} iteration(s), max exposure {:.3} (accepted at {:.3}), {}",
        result.iterations,
        result.max_exposure,
        config.accept,
        if result.converged {
            "converged"
        } else {
            "NOT converged: raise --iterations or enlarge the bank"
        }
    );
    Ok(if result.converged {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
