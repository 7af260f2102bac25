//! `forvalt simulate` and `forvalt exposure`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::bank::{self, BlueprintSpec, Status};
use crate::cat::{Blueprint, Exposure, Pool, PoolItem, Rules, TopicRange};
use crate::interchange;
use crate::irt::{Estimator, Prior};
use crate::simulate::{self, ShConfig};

/// Where the items come from: an interchange CSV or the item bank.
#[derive(Debug, Args)]
pub struct ItemSource {
    /// Item parameters as CSV: id,topic,a,b,c.
    #[arg(long, conflicts_with = "bank", required_unless_present = "bank")]
    params: Option<PathBuf>,
    /// Use the active items of an item bank folder instead (e.g. item-bank/).
    #[arg(long)]
    bank: Option<PathBuf>,
    /// Blueprint: a blueprint.toml, or "none" for no topic constraints. Default: the bank's own
    /// with --bank, none with --params.
    #[arg(long)]
    blueprint: Option<String>,
    /// A uniform blueprint: at least N items from every topic (instead of --blueprint).
    #[arg(long, conflicts_with = "blueprint")]
    topic_min: Option<usize>,
    /// Stop when the standard error is at or below this (default: the blueprint's, else 0.3).
    #[arg(long)]
    se: Option<f64>,
    /// Maximum test length (default: the blueprint's, else 30).
    #[arg(long)]
    max_items: Option<usize>,
    /// Minimum test length (default: the blueprint's, else 1).
    #[arg(long)]
    min_items: Option<usize>,
    /// eap, map or mle.
    #[arg(long, default_value = "eap", value_parser = parse_estimator)]
    estimator: Estimator,
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
    /// none, randomesque:K or sympson-hetter.
    #[arg(long, default_value = "none")]
    exposure: String,
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
    pool: Pool,
    rules: Rules,
    ids: Vec<String>,
    topics: Vec<String>,
}

fn study(source: &ItemSource) -> Result<Study, String> {
    let (rows, bank_blueprint): (Vec<interchange::ParamRow>, Option<BlueprintSpec>) =
        match (&source.params, &source.bank) {
            (Some(path), _) => (
                interchange::read_params(path).map_err(|e| e.to_string())?,
                None,
            ),
            (None, Some(dir)) => {
                let bank = super::bank_cmd::load_valid(dir)?;
                let rows = bank
                    .items
                    .iter()
                    .filter(|i| i.status == Status::Active)
                    .map(|i| interchange::ParamRow {
                        id: i.id.clone(),
                        topic: bank.topics[i.topic].id.clone(),
                        params: i.params,
                        line: 0,
                    })
                    .collect();
                let topics = bank
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
                    .collect();
                (
                    rows,
                    Some(BlueprintSpec {
                        test: bank.test.clone(),
                        topics,
                    }),
                )
            }
            (None, None) => return Err("give --params FILE or --bank DIR".into()),
        };
    let blueprint_file = match source.blueprint.as_deref() {
        Some("none") => None,
        Some(path) => Some(read_blueprint(Path::new(path))?),
        None => bank_blueprint,
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
            let file = source.params.as_deref().unwrap_or(Path::new("?")).display();
            return Err(format!(
                "{file}:{}: unknown topic \"{}\" (not in the blueprint)",
                row.line, row.topic
            ));
        };
        items.push(PoolItem {
            params: row.params,
            topic,
            enemies: Vec::new(),
        });
    }
    let pool = Pool::new(items, topics.len()).map_err(|e| e.to_string())?;
    let (test, ranges) = match (&blueprint_file, source.topic_min) {
        (
            Some(BlueprintSpec {
                test,
                topics: ranges,
            }),
            _,
        ) => (
            Some(test.clone()),
            ranges.iter().map(|(_, r)| *r).collect::<Vec<_>>(),
        ),
        (None, Some(min)) => (
            None,
            vec![
                TopicRange {
                    min,
                    max: usize::MAX
                };
                topics.len()
            ],
        ),
        (None, None) => (
            None,
            vec![
                TopicRange {
                    min: 0,
                    max: usize::MAX
                };
                topics.len()
            ],
        ),
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
    let rules = Rules {
        blueprint,
        estimator: source.estimator,
        prior: Prior::default(),
        se_target,
        exposure: Exposure::None,
    };
    Ok(Study {
        pool,
        rules,
        ids: rows.into_iter().map(|r| r.id).collect(),
        topics,
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
    let mut study = study(&args.source)?;
    let thetas: Vec<f64> = match &args.thetas {
        Some(path) => interchange::read_thetas(path)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(_, t)| t)
            .collect(),
        None => simulate::normal_thetas(args.examinees, args.source.seed),
    };
    let mut sh = None;
    study.rules.exposure = match args.exposure.as_str() {
        "none" => Exposure::None,
        "sympson-hetter" => {
            let k = match &args.sh_params {
                Some(path) => read_sh_params(path, &study.ids)?,
                None => {
                    let result = simulate::sympson_hetter(
                        &study.pool,
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
    let started = Instant::now();
    let outcomes = simulate::run(&study.pool, &study.rules, &thetas, args.source.seed);
    let wall = started.elapsed().as_secs_f64();
    let summary = simulate::summarize(&study.pool, &study.rules, &study.topics, &outcomes);
    let mut json = serde_json::to_value(&summary).map_err(|e| e.to_string())?;
    json["wall_seconds"] = wall.into();
    json["seconds_per_examinee"] = (wall / thetas.len().max(1) as f64).into();
    json["seconds_per_item"] =
        (wall / outcomes.iter().map(|o| o.items.len()).sum::<usize>().max(1) as f64).into();
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

pub fn exposure(args: ExposureArgs) -> Result<ExitCode, String> {
    let study = study(&args.source)?;
    let config = ShConfig {
        examinees: args.examinees,
        max_iterations: args.iterations,
        ..ShConfig::new(args.target)
    };
    let result = simulate::sympson_hetter(&study.pool, &study.rules, &config, args.source.seed);
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
