//! Calibration from the stored answers and write-back: `forvalt calibrate --db … --anchors active`
//! writes a proposal, `forvalt calibrate accept` and the author page write accepted parameters
//! into the item files of a temporary copy of the fixture bank.

use std::path::Path;

use axum::http::StatusCode;
use forvalt::app::simulee::{caseworker, enrol, take_test};
use forvalt::bank::{self, ParamSource};
use forvalt::store::{TestId, UserInput};
use forvalt::web::AppState;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use statrs::distribution::Normal;

use crate::support::{TempDir, forvalt};
use crate::web::hidden;
use crate::web_author::{app, app_with, bank_copy, logged_in};

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `forvalt calibrate` from the store's answers: a 2PL proposal with the active items as anchors.
fn calibrate_from_db(db: &str, bank: &str) -> std::process::Output {
    forvalt(&[
        "calibrate",
        "--db",
        db,
        "--bank",
        bank,
        "--model",
        "2pl",
        "--anchors",
        "active",
    ])
}

/// `forvalt calibrate accept` of `proposal` into `bank`: the rows named by `items`, or all.
fn accept(proposal: &Path, bank: &str, items: Option<&str>) -> std::process::Output {
    let mut args = vec![
        "calibrate",
        "accept",
        proposal.to_str().unwrap(),
        "--bank",
        bank,
    ];
    args.extend(items.iter().flat_map(|items| ["--items", *items]));
    forvalt(&args)
}

/// `n` simulated caseworkers with θ ~ N(0, 1) take the test of cycle 1, answering right with
/// the probability the item's bank parameters give. Returns the number of answers.
fn simulate(state: &AppState, n: usize, seed: u64) -> usize {
    let service = &state.app;
    let now = jiff::Timestamp::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let users: Vec<UserInput> = (1..=n)
        .map(|i| {
            caseworker(
                format!("sim{i}"),
                format!("Simulert {i}"),
                "BUF/Simulert",
                "example.no",
            )
        })
        .collect();
    let mut answers = 0;
    for principal in &enrol(service.store(), &users, now).unwrap() {
        let theta: f64 = rng.sample(Normal::standard());
        let test = service.test_taking.start_test(principal, 1, now).unwrap();
        answers += take_test(
            &service.test_taking,
            principal,
            TestId(test.id),
            now,
            usize::MAX,
            |shown| {
                let right = rng.random::<f64>() < shown.item.params.p(theta);
                shown.right_or_next(right, 5000)
            },
        )
        .unwrap();
    }
    answers
}

/// Mark the six habilitet items as calibrated (active, so they become anchors).
pub fn calibrate_habilitet(bank_dir: &Path) {
    for i in 1..=6 {
        let path = bank_dir.join(format!("items/habilitet/hab-00{i}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace(
                "source = \"expert\"",
                "source = \"calibrated\"\nn = 500\ncalibrated_on = 2026-01-15",
            ),
        )
        .unwrap();
    }
}

#[tokio::test]
async fn proposal_from_the_store_is_accepted_by_cli_and_page() {
    let dir = TempDir::new("calibrate-db");
    let bank_dir = bank_copy(&dir);
    calibrate_habilitet(&bank_dir);
    let db = dir.path().join("forvalt.redb");
    let answers = {
        let (_, state) = app(&dir, &bank_dir);
        simulate(&state, 250, 7)
    };
    let (db_arg, bank_arg) = (db.to_str().unwrap(), bank_dir.to_str().unwrap());

    let out = calibrate_from_db(db_arg, bank_arg);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("6 anchor item(s)"), "{}", text(&out));
    let proposal_path = bank_dir.join(bank::proposal::PROPOSAL_FILE);
    let rows = bank::proposal::read(&proposal_path).unwrap();
    assert_eq!(rows.iter().map(|r| r.n).sum::<u64>() as usize, answers);
    for row in &rows {
        assert_eq!(row.anchored, row.id.starts_with("hab-"), "{row:?}");
        if row.anchored {
            // Anchors keep their parameters and cannot be accepted.
            assert!(
                (row.a - row.old_a).abs() < 1e-9 && !row.acceptable(),
                "{row:?}"
            );
        } else if row.problem.is_empty() {
            assert!(row.acceptable(), "{row:?}");
            assert!(row.a > 0.0 && row.se_a > 0.0 && row.se_b > 0.0, "{row:?}");
            assert_eq!(row.c, 0.0, "2PL");
        } else {
            // An item the adaptive test rarely chose: reported, not calibrated.
            assert!(!row.acceptable() && row.a.is_nan() && row.n < 20, "{row:?}");
        }
    }
    let pick = |prefix: &str| {
        rows.iter()
            .find(|r| r.id.starts_with(prefix) && r.acceptable())
            .unwrap_or_else(|| panic!("no acceptable {prefix} row in {rows:?}"))
            .id
            .clone()
    };
    let kla_id = pick("kla-");

    // Refusals: an anchor, an unknown id, a missing file.
    let anchor = accept(&proposal_path, bank_arg, Some("hab-001"));
    assert_eq!(anchor.status.code(), Some(2));
    assert!(text(&anchor).contains("anchor"), "{}", text(&anchor));
    let unknown = accept(&proposal_path, bank_arg, Some("finnes-ikke"));
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown).contains("finnes-ikke is not in the proposal"),
        "{}",
        text(&unknown)
    );
    let missing = accept(Path::new("/nonexistent/p.csv"), bank_arg, None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing).contains("cannot read"), "{}", text(&missing));

    // Accept one item on the command line.
    let kla = bank_dir.join(format!("items/klage/{kla_id}.toml"));
    let before = std::fs::read_to_string(&kla).unwrap();
    let accepted = accept(&proposal_path, bank_arg, Some(&kla_id));
    assert!(accepted.status.success(), "{}", text(&accepted));
    let after = std::fs::read_to_string(&kla).unwrap();
    let row = rows.iter().find(|r| r.id == kla_id).unwrap();
    assert!(after.contains("source = \"calibrated\""), "{after}");
    assert!(after.contains(&format!("n = {}", row.n)), "{after}");
    assert!(
        after.contains(&format!("calibrated_on = {}", crate::support::today())),
        "{after}"
    );
    // Only the [irt] lines changed: the content above it is byte for byte the same.
    let head = |t: &str| t[..t.find("[irt]").unwrap()].to_string();
    assert_eq!(head(&after), head(&before));
    let loaded = bank::load(&bank_dir, crate::support::today());
    let item = loaded
        .bank
        .as_ref()
        .expect("bank still valid")
        .item(&kla_id)
        .unwrap()
        .clone();
    assert!((item.params.a() - row.a).abs() < 0.001);
    assert!(matches!(item.source, ParamSource::Calibrated { n, .. } if n == row.n));
    assert!(forvalt(&["bank", "check", bank_arg]).status.success());

    // Accept another through the author page, with the minimum number of answers set between
    // two acceptable rows: the one with the most answers can be accepted, one with fewer not.
    let others: Vec<_> = rows
        .iter()
        .filter(|r| r.acceptable() && r.id != kla_id)
        .collect();
    let top = others.iter().max_by_key(|r| r.n).unwrap();
    let low = others
        .iter()
        .filter(|r| r.n < top.n)
        .min_by_key(|r| r.n)
        .expect("acceptable rows with different numbers of answers");
    let vei_id = top.id.clone();
    let config = forvalt::app::Config {
        calibration_min_answers: top.n,
        ..Default::default()
    };
    let (router, state) = app_with(&dir, &bank_dir, config);
    let mut aud = logged_in(&router, "aud").await;
    let page = aud.get("/forfatter/kalibrering").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("name=\"godta-{vei_id}\"")),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(&format!("name=\"godta-{}\"", low.id)),
        "below the minimum: no checkbox"
    );
    assert!(
        page.body.contains(&format!(
            "for få svar til å godta: {} av minst {}",
            low.n, top.n
        )),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("name=\"godta-hab-001\""),
        "anchors have no checkbox"
    );
    assert!(
        !page.body.contains(&format!("name=\"godta-{kla_id}\"")),
        "already written"
    );
    assert!(page.body.contains("allerede skrevet"));
    let csrf = hidden(&page.body, "csrf");
    let low_field = format!("godta-{}", low.id);
    let low_path = bank::load(&bank_dir, crate::support::today())
        .bank
        .unwrap()
        .item(&low.id)
        .unwrap()
        .path
        .clone();
    let low_before = std::fs::read_to_string(&low_path).unwrap();
    let reply = aud
        .post(
            "/forfatter/kalibrering",
            &[("csrf", &csrf), (&low_field, "1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "below the minimum");
    assert!(
        reply.body.contains(&format!("bare {} svar", low.n)),
        "{}",
        reply.body
    );
    assert_eq!(std::fs::read_to_string(&low_path).unwrap(), low_before);
    let field = format!("godta-{vei_id}");
    let reply = aud.post("/forfatter/kalibrering", &[(&field, "1")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "no CSRF token");
    let reply = aud
        .post("/forfatter/kalibrering", &[("csrf", &csrf), (&field, "1")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/forfatter/kalibrering?godtatt=1");
    let vei_path = bank::load(&bank_dir, crate::support::today())
        .bank
        .unwrap()
        .item(&vei_id)
        .unwrap()
        .path
        .clone();
    let vei = std::fs::read_to_string(vei_path).unwrap();
    // Audited: who, which item, from which proposal; the refused accept left no entry.
    let audit: Vec<_> = state
        .app
        .store()
        .audit_log_all()
        .unwrap()
        .into_iter()
        .filter(|e| e.route == "/forfatter/kalibrering")
        .collect();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0].employee_id, "aud");
    assert_eq!(
        audit[0].format,
        format!("kalibrering godtatt fra calibration-proposal.csv: {vei_id}")
    );
    assert!(vei.contains("source = \"calibrated\""), "{vei}");
    let reply = aud
        .post(
            "/forfatter/kalibrering",
            &[("csrf", &csrf), ("godta-hab-002", "1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "anchor");
    let reply = aud.post("/forfatter/kalibrering", &[("csrf", &csrf)]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "nothing chosen");
}

#[test]
fn a_proposal_outside_the_bank_ranges_writes_nothing() {
    let dir = TempDir::new("calibrate-refused");
    let bank_dir = bank_copy(&dir);
    let proposal = dir.path().join("p.csv");
    std::fs::write(
        &proposal,
        "id,old_a,old_b,old_c,old_source,a,b,c,se_a,se_b,se_c,n,anchored,problem\n\
         kla-001,1,0,0.2,expert,1.1,-0.2,0,0.1,0.1,0,300,false,\n\
         kla-002,1,0,0.2,expert,9.5,0.3,0,0.1,0.1,0,300,false,\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(bank_dir.join("items/klage/kla-001.toml")).unwrap();
    let out = accept(&proposal, bank_dir.to_str().unwrap(), None);
    assert_eq!(out.status.code(), Some(2));
    let message = text(&out);
    assert!(message.contains("nothing was changed"), "{message}");
    assert!(
        message.contains("parameter a = 9.5 is outside"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(bank_dir.join("items/klage/kla-001.toml")).unwrap(),
        before
    );
    // A malformed proposal names the line.
    std::fs::write(&proposal, "id,a\nkla-001,1\n").unwrap();
    let out = accept(&proposal, bank_dir.to_str().unwrap(), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("p.csv:1: missing column \"old_a\""),
        "{}",
        text(&out)
    );
}

#[test]
fn anchors_file_on_the_csv_path_fixes_those_items() {
    let dir = TempDir::new("calibrate-anchors");
    // 40 examinees × 3 items, pattern with variation.
    let mut csv = String::from("examinee,item,correct\n");
    for e in 0..40 {
        for (i, item) in ["q1", "q2", "q3"].iter().enumerate() {
            let correct = (e * (i + 2)) % 5 < 3;
            csv.push_str(&format!("p{e},{item},{}\n", u8::from(correct)));
        }
    }
    let responses = dir.path().join("r.csv");
    std::fs::write(&responses, csv).unwrap();
    let anchors = dir.path().join("anchors.csv");
    std::fs::write(&anchors, "id,a,b,c\nq1,1.3,-0.4,0\n").unwrap();
    let out_path = dir.path().join("out.csv");
    let out = forvalt(&[
        "calibrate",
        "--responses",
        responses.to_str().unwrap(),
        "--anchors",
        anchors.to_str().unwrap(),
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", text(&out));
    let result = std::fs::read_to_string(&out_path).unwrap();
    assert!(
        result.contains("q1,1.300000,-0.400000,0.000000,0.000000,0.000000"),
        "{result}"
    );

    // Bad anchors: unknown item, bad number; `active` needs --db.
    std::fs::write(&anchors, "id,a,b,c\nq9,1.3,-0.4,0\n").unwrap();
    let out = forvalt(&[
        "calibrate",
        "--responses",
        responses.to_str().unwrap(),
        "--anchors",
        anchors.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("anchors.csv:2: anchor \"q9\""),
        "{}",
        text(&out)
    );
    std::fs::write(&anchors, "id,a,b,c\nq1,x,-0.4,0\n").unwrap();
    let out = forvalt(&[
        "calibrate",
        "--responses",
        responses.to_str().unwrap(),
        "--anchors",
        anchors.to_str().unwrap(),
    ]);
    assert!(
        text(&out).contains("anchors.csv:2: a \"x\" is not a number"),
        "{}",
        text(&out)
    );
    let out = forvalt(&[
        "calibrate",
        "--responses",
        responses.to_str().unwrap(),
        "--anchors",
        "active",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("needs --db"), "{}", text(&out));
}

#[tokio::test]
async fn a_pretest_item_is_calibrated_from_its_unscored_answers_and_accepting_activates_it() {
    let dir = TempDir::new("calibrate-pretest");
    let bank_dir = bank_copy(&dir);
    calibrate_habilitet(&bank_dir);
    // b = 0.1: an item of middling difficulty, well estimated from 250 answers (an extreme one,
    // such as vei-006 with b = 2.2, can come out outside the bank's ranges and be refused).
    let path = bank_dir.join("items/veiledning/vei-003.toml");
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.contains("status = \"active\""));
    std::fs::write(
        &path,
        file.replace("status = \"active\"", "status = \"pretest\""),
    )
    .unwrap();
    let db = dir.path().join("forvalt.redb");
    {
        let (_, state) = app(&dir, &bank_dir);
        simulate(&state, 250, 11);
        let pretest: Vec<_> = state
            .app
            .store()
            .all_responses()
            .unwrap()
            .into_iter()
            .filter(|r| r.pretest)
            .collect();
        // One pretest item in the bank: every test gets it once, unscored.
        assert_eq!(pretest.len(), 250);
        assert!(pretest.iter().all(|r| r.item_id == "vei-003"));
    }
    let (db_arg, bank_arg) = (db.to_str().unwrap(), bank_dir.to_str().unwrap());
    let out = calibrate_from_db(db_arg, bank_arg);
    assert!(out.status.success(), "{}", text(&out));
    let proposal_path = bank_dir.join(bank::proposal::PROPOSAL_FILE);
    let rows = bank::proposal::read(&proposal_path).unwrap();
    let row = rows.iter().find(|r| r.id == "vei-003").unwrap();
    assert_eq!(row.n, 250);
    assert!(row.acceptable(), "{row:?}");
    let out = accept(&proposal_path, bank_arg, Some("vei-003"));
    assert!(out.status.success(), "{}", text(&out));
    let bank = bank::load(&bank_dir, crate::support::today()).bank.unwrap();
    let item = bank.item("vei-003").unwrap();
    assert_eq!(item.status, bank::Status::Active);
    assert!(
        matches!(item.source, ParamSource::Calibrated { n: 250, .. }),
        "{:?}",
        item.source
    );
}
