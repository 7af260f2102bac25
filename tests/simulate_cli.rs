//! `forvalt simulate` as a user runs it: bad input gives file and line, good input JSON.

use std::fs;

use crate::support::{self, TempDir};

fn forvalt(args: &[&str]) -> (bool, String, String) {
    let out = support::forvalt(args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const GOOD: &str = "id,topic,a,b,c\ni1,t1,1.0,-1.0,0.2\ni2,t1,1.2,0.0,0.2\ni3,t2,0.9,0.5,0.25\ni4,t2,1.1,1.0,0.2\n";

#[test]
fn bad_parameter_files_name_file_and_line() {
    let dir = TempDir::new("sim");
    let cases = [
        ("id,topic,a,b\ni1,t1,1,0\n", ":1: missing column \"c\""),
        (
            "id,topic,a,b,c\ni1,t1,1,0,0.2\ni2,t1,x,0,0.2\n",
            ":3: a = \"x\" is not a finite number",
        ),
        (
            "id,topic,a,b,c\ni1,t1,-1,0,0.2\n",
            ":2: item i1: discrimination a must be > 0",
        ),
        (
            "id,topic,a,b,c\ni1,t1,1,0,1.0\n",
            ":2: item i1: guessing c must be in [0, 1)",
        ),
        (
            "id,topic,a,b,c\ni1,t1,1,0,0.2\ni1,t2,1,0,0.2\n",
            ":3: duplicate id \"i1\" (first on line 2)",
        ),
    ];
    for (n, (content, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("p{n}.csv"));
        fs::write(&path, content).unwrap();
        let (ok, _, stderr) = forvalt(&[
            "simulate",
            "--params",
            path.to_str().unwrap(),
            "--examinees",
            "5",
        ]);
        assert!(!ok, "case {n} should fail");
        assert!(
            stderr.contains(&format!("p{n}.csv{expected}")),
            "case {n}: {stderr}"
        );
    }
}

#[test]
fn unknown_topic_against_a_blueprint() {
    let dir = TempDir::new("sim");
    let params = dir.path().join("params.csv");
    fs::write(&params, GOOD.replace("i4,t2", "i4,nope")).unwrap();
    let blueprint = dir.path().join("blueprint.toml");
    fs::write(&blueprint, "[test]\nmin_items = 2\nmax_items = 3\nse_target = 0.3\nmax_exposure = 0.25\nreview_interval_days = 730\n[bank]\nmin_active_per_topic = 1\n[[topic]]\nid = \"t1\"\nmin = 1\nmax = 2\n[[topic]]\nid = \"t2\"\nmin = 1\nmax = 2\n").unwrap();
    let (ok, _, stderr) = forvalt(&[
        "simulate",
        "--params",
        params.to_str().unwrap(),
        "--blueprint",
        blueprint.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("params.csv:5: unknown topic \"nope\""),
        "{stderr}"
    );
}

#[test]
fn bad_thetas_and_options_are_refused() {
    let dir = TempDir::new("sim");
    let params = dir.path().join("params.csv");
    fs::write(&params, GOOD).unwrap();
    let thetas = dir.path().join("thetas.csv");
    fs::write(&thetas, "examinee,theta\ne1,0.5\ne2,high\n").unwrap();
    let (ok, _, stderr) = forvalt(&[
        "simulate",
        "--params",
        params.to_str().unwrap(),
        "--thetas",
        thetas.to_str().unwrap(),
    ]);
    assert!(
        !ok && stderr.contains("thetas.csv:3: theta = \"high\""),
        "{stderr}"
    );
    let (ok, _, stderr) = forvalt(&[
        "simulate",
        "--params",
        params.to_str().unwrap(),
        "--exposure",
        "randomesque:0",
    ]);
    assert!(!ok && stderr.contains("randomesque:K"), "{stderr}");
    let (ok, _, stderr) = forvalt(&[
        "simulate",
        "--params",
        params.to_str().unwrap(),
        "--estimator",
        "wle",
    ]);
    assert!(!ok && stderr.contains("unknown estimator"), "{stderr}");
}

#[test]
fn simulate_on_csv_prints_the_documented_json() {
    let dir = TempDir::new("sim");
    let params = dir.path().join("params.csv");
    fs::write(&params, GOOD).unwrap();
    let thetas = dir.path().join("thetas.csv");
    fs::write(&thetas, "examinee,theta\ne1,-1\ne2,0\ne3,1.5\n").unwrap();
    let (ok, stdout, stderr) = forvalt(&[
        "simulate",
        "--params",
        params.to_str().unwrap(),
        "--thetas",
        thetas.to_str().unwrap(),
        "--max-items",
        "3",
        "--topic-min",
        "1",
        "--estimator",
        "map",
    ]);
    assert!(ok, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for key in [
        "examinees",
        "items_in_bank",
        "wall_seconds",
        "seconds_per_examinee",
        "mean_test_length",
        "rmse_theta",
        "bias_theta",
        "corr_theta",
        "max_item_exposure",
        "share_of_bank_never_used",
        "topic_mean_items",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {stdout}");
    }
    assert_eq!(json["examinees"], 3);
    assert_eq!(json["items_in_bank"], 4);
    assert_eq!(json["mean_test_length"], 3.0);
    assert!(json["topic_mean_items"]["t1"].as_f64().unwrap() >= 1.0);
}

#[test]
fn simulate_runs_on_the_shipped_bank_and_covers_every_topic() {
    let (ok, stdout, stderr) = forvalt(&[
        "simulate",
        "--bank",
        "item-bank",
        "--examinees",
        "200",
        "--exposure",
        "randomesque:3",
    ]);
    assert!(ok, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["share_meeting_blueprint"], 1.0);
    let topics = json["topic_mean_items"].as_object().unwrap();
    assert_eq!(topics.len(), 12);
    assert!(
        topics.values().all(|v| v.as_f64().unwrap() >= 2.0),
        "{topics:?}"
    );
}

#[test]
fn simulate_on_a_bank_runs_the_configured_live_engine() {
    let run = |extra: &[&str]| {
        let mut args = vec!["simulate", "--bank", "item-bank", "--examinees", "20"];
        args.extend_from_slice(extra);
        let (ok, stdout, stderr) = forvalt(&args);
        assert!(ok, "{stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        (json, stderr)
    };
    // The bank's own exposure control: Sympson–Hetter from its exposure.csv.
    let (json, _) = run(&[]);
    assert_eq!(json["engine"], "live");
    assert_eq!(json["exposure"], "sympson-hetter");
    assert_eq!(json["deviations"], serde_json::json!([]));
    assert_eq!(json["share_meeting_blueprint"], 1.0);
    assert_eq!(
        json["mean_pretest_items"], 0.0,
        "the shipped bank has no pretest items"
    );

    // The server's configuration file decides, as for `forvalt serve`.
    let dir = TempDir::new("sim-config");
    let config = dir.path().join("forvalt.toml");
    fs::write(
        &config,
        "exposure = \"randomesque\"\nexposure_randomesque_k = 2\n",
    )
    .unwrap();
    let (json, _) = run(&["--config", config.to_str().unwrap()]);
    assert_eq!(json["engine"], "live");
    assert_eq!(json["exposure"], "randomesque:2");

    // A flag that changes the engine is reported as a deviation.
    let (json, stderr) = run(&["--exposure", "none", "--max-items", "30"]);
    assert_eq!(json["engine"], "live with deviations");
    assert_eq!(json["exposure"], "none");
    assert_eq!(
        json["deviations"],
        serde_json::json!(["--max-items 30", "--exposure none"])
    );
    assert!(
        stderr.contains("--exposure none deviates from the live engine"),
        "{stderr}"
    );
    assert!(json["mean_test_length"].as_f64().unwrap() <= 30.0);
}

#[test]
fn simulate_on_a_bank_refuses_topic_min_and_a_bad_config() {
    let (ok, _, stderr) = forvalt(&["simulate", "--bank", "item-bank", "--topic-min", "2"]);
    assert!(
        !ok && stderr.contains("--topic-min is for --params"),
        "{stderr}"
    );
    let dir = TempDir::new("sim-bad-config");
    let config = dir.path().join("forvalt.toml");
    fs::write(&config, "exposure = \"sympson\"\n").unwrap();
    let (ok, _, stderr) = forvalt(&[
        "simulate",
        "--bank",
        "item-bank",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(
        !ok && stderr.contains("forvalt.toml:1: exposure"),
        "{stderr}"
    );
    let (ok, _, stderr) = forvalt(&["simulate", "--params", "x.csv", "--config", "y.toml"]);
    assert!(!ok && stderr.contains("--bank"), "{stderr}");
}
