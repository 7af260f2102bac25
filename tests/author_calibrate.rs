//! Calibration from the stored answers and write-back: `forvalt calibrate --db … --anchors active`
//! and the author page's background job write a proposal, `forvalt calibrate accept` and the
//! author page write accepted parameters into the item files of a temporary copy of the fixture
//! bank.

use std::path::Path;

use axum::http::StatusCode;
use forvalt::app::authoring::calibration::{
    self, Certainty, JOB_AUDIT_ROUTE, certainty, expected_standard_errors,
};
use forvalt::app::authoring::{JobFailure, JobState, calibration_data};
use forvalt::app::simulee::{caseworker, enrol, take_test};
use forvalt::app::{Principal, Refusal, ServiceError};
use forvalt::bank::{self, ParamSource};
use forvalt::calibrate::{Progress, calibrate};
use forvalt::store::{CycleId, TestId, UserInput};
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
        let test = service
            .test_taking
            .start_test(principal, CycleId(1), now)
            .unwrap();
        answers += take_test(
            &service.test_taking,
            principal,
            TestId(test.id),
            now,
            usize::MAX,
            |shown| {
                let right = rng.random::<f64>() < shown.item.params.p(theta);
                if right {
                    shown.right(5000)
                } else {
                    shown.wrong(5000)
                }
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
    // A page older than the proposal (or a crafted form) names an item the proposal does not
    // hold: refused in words, nothing written.
    let reply = aud
        .post(
            "/forfatter/kalibrering",
            &[("csrf", &csrf), ("godta-finnes-ikke", "1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply
            .body
            .contains("«finnes-ikke» er ikke med i det gjeldende kalibreringsforslaget"),
        "{}",
        reply.body
    );
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
        let (router, state) = app(&dir, &bank_dir);
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
        // The overview counts them as the engine does (every stored answer, towards the
        // blueprint's target of 300).
        let counts = state
            .app
            .authoring
            .pretest_answers(&principal(&state, "aud"))
            .unwrap();
        assert_eq!(counts.get("vei-003"), Some(&250));
        let page = logged_in(&router, "aud").await.get("/forfatter").await;
        assert!(
            page.body.contains("<td>250</td><td>83 % av 300</td>"),
            "{}",
            page.body
        );
        assert!(matches!(
            state
                .app
                .authoring
                .pretest_answers(&principal(&state, "kari")),
            Err(ServiceError::Forbidden)
        ));
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

fn principal(state: &AppState, login: &str) -> Principal {
    Principal {
        user: state.app.store().user_by_login(login).unwrap().unwrap(),
        csrf: String::new(),
    }
}

/// The background job's state once it has ended (EM on a few hundred tests: seconds in a debug
/// build). Waits at most two minutes, so a job that never ends fails the test instead of
/// hanging it.
async fn job_ended(state: &AppState) -> JobState {
    for _ in 0..2400 {
        let job = state.app.authoring.calibration_job();
        if !job.is_running() {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the calibration job did not end");
}

fn job_audit(state: &AppState) -> Vec<String> {
    state
        .app
        .store()
        .audit_log_all()
        .unwrap()
        .into_iter()
        .filter(|e| e.route == JOB_AUDIT_ROUTE)
        .map(|e| format!("{}: {}", e.employee_id, e.format))
        .collect()
}

/// Issue 17: calibration as a background job of the running server. A job held running shows
/// its progress (refreshing only when asked) and refuses a second start; run, it writes the
/// proposal the CLI would write from the same answers; started from the page, it runs on its
/// own and its proposal is accepted in the page. Start and end are audited.
#[tokio::test]
async fn a_calibration_started_in_the_page_runs_in_the_background_and_is_accepted() {
    let dir = TempDir::new("calibrate-job");
    let bank_dir = bank_copy(&dir);
    calibrate_habilitet(&bank_dir);
    let config = forvalt::app::Config {
        calibration_min_answers: 100,
        ..Default::default()
    };
    let (router, state) = app_with(&dir, &bank_dir, config);
    let answers = simulate(&state, 250, 7);
    let proposal_path = bank_dir.join(bank::proposal::PROPOSAL_FILE);

    let mut aud = logged_in(&router, "aud").await;
    let page = aud.get("/forfatter/kalibrering").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Det finnes ikke noe kalibreringsforslag ennå.")
    );
    assert!(
        page.body
            .contains("action=\"/forfatter/kalibrering/start\""),
        "{}",
        page.body
    );
    let csrf = hidden(&page.body, "csrf");

    // Refusals first: no CSRF token, a caseworker, an HR user; none starts a job.
    let reply = aud.post("/forfatter/kalibrering/start", &[]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "no CSRF token");
    for who in ["kari", "hanne"] {
        let mut other = logged_in(&router, who).await;
        let their_csrf = hidden(&other.get("/").await.body, "csrf");
        let reply = other
            .post("/forfatter/kalibrering/start", &[("csrf", &their_csrf)])
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who}");
    }
    assert_eq!(state.app.authoring.calibration_job(), JobState::Idle);
    assert!(job_audit(&state).is_empty());

    // A job claimed but not yet run: the page shows it running, at EM cycle 0 of at most 500.
    let held = state
        .app
        .authoring
        .start_calibration(&principal(&state, "aud"), jiff::Timestamp::now())
        .unwrap();
    let page = aud.get("/forfatter/kalibrering").await;
    assert!(
        page.body.contains("EM-runde 0 av høyst 500"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Kalibrering startet av aud"),
        "{}",
        page.body
    );
    assert!(
        page.headers.get("refresh").is_none(),
        "no automatic refresh unless asked for"
    );
    assert!(page.body.contains("href=\"/forfatter/kalibrering?auto=1\""));
    assert!(
        !page
            .body
            .contains("action=\"/forfatter/kalibrering/start\""),
        "no start button while a job runs"
    );
    let auto = aud.get("/forfatter/kalibrering?auto=1").await;
    assert_eq!(
        auto.headers.get("refresh").map(|v| v.to_str().unwrap()),
        Some("15;url=/forfatter/kalibrering?auto=1"),
        "{}",
        auto.body
    );
    assert!(auto.body.contains("Slå av automatisk oppdatering"));
    // A second start is refused while the first runs, in the reader's language.
    let reply = aud
        .post("/forfatter/kalibrering/start", &[("csrf", &csrf)])
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply
            .body
            .contains("en kalibrering kjører allerede; vent til den er ferdig"),
        "{}",
        reply.body
    );

    // Run it: the proposal is exactly what the CLI computes from the same answers.
    let progress = held.progress().clone();
    let ended = tokio::task::spawn_blocking(move || held.run(crate::support::today()))
        .await
        .unwrap();
    let JobState::Finished {
        rounds,
        converged,
        answers: used,
        ..
    } = ended
    else {
        panic!("{ended:?}");
    };
    assert!(converged);
    assert_eq!(used, answers);
    assert_eq!(progress.e_steps(), rounds, "progress counts every EM cycle");
    let bank = bank::load(&bank_dir, crate::support::today()).bank.unwrap();
    let data = calibration_data(state.app.store(), &bank, None).unwrap();
    let expected = calibrate(
        data.ids.len(),
        &data.answers,
        &data.active_anchors(&bank),
        &calibration::job_config(Progress::new()),
    );
    let expected_rows = bank::proposal::propose(&bank, &data.ids, &expected);
    assert_eq!(
        std::fs::read_to_string(&proposal_path).unwrap(),
        bank::proposal::to_csv(&expected_rows)
    );
    assert!(
        !bank_dir.join(".calibration-proposal.csv.partial").exists(),
        "the temporary file is renamed into place"
    );
    let page = aud.get("/forfatter/kalibrering?auto=1").await;
    assert!(
        page.body.contains("Kalibreringen ble ferdig"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("http-equiv=\"refresh\""),
        "no refresh once the job has ended"
    );
    // The uncertainty in words, next to the new parameters and the old ones.
    for row in expected_rows.iter().filter(|r| r.acceptable()) {
        let words = match certainty(row.se_a, row.se_b).unwrap() {
            Certainty::Sure => "sikker",
            Certainty::FairlySure => "nokså sikker",
            Certainty::Unsure => "usikker",
        };
        assert!(
            page.body.contains(&format!("<strong>{words}</strong>")),
            "{words} for {}",
            row.id
        );
    }
    assert!(page.body.contains("usikkerhet ukjent (faglig anslag)"));

    // Started from the page: it runs by itself, and its proposal is accepted in the page.
    std::fs::remove_file(&proposal_path).unwrap();
    let reply = aud
        .post("/forfatter/kalibrering/start", &[("csrf", &csrf)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/forfatter/kalibrering");
    assert!(matches!(job_ended(&state).await, JobState::Finished { .. }));
    assert_eq!(
        std::fs::read_to_string(&proposal_path).unwrap(),
        bank::proposal::to_csv(&expected_rows),
        "the same answers give the same proposal"
    );
    let rows = bank::proposal::read(&proposal_path).unwrap();
    let chosen = rows
        .iter()
        .filter(|r| r.acceptable() && r.n >= 100)
        .max_by_key(|r| r.n)
        .expect("an acceptable row with enough answers");
    let field = format!("godta-{}", chosen.id);
    let page = aud.get("/forfatter/kalibrering").await;
    assert!(
        page.body.contains(&format!("name=\"{field}\"")),
        "{}",
        page.body
    );
    let reply = aud
        .post("/forfatter/kalibrering", &[("csrf", &csrf), (&field, "1")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let item = bank::load(&bank_dir, crate::support::today())
        .bank
        .unwrap()
        .item(&chosen.id)
        .unwrap()
        .clone();
    assert!(matches!(item.source, ParamSource::Calibrated { n, .. } if n == chosen.n));

    let audit = job_audit(&state);
    assert_eq!(audit.len(), 4, "{audit:?}");
    assert!(
        audit[0].starts_with("aud: kalibrering startet"),
        "{audit:?}"
    );
    assert!(
        audit[1].starts_with("aud: kalibrering ferdig: forslag med"),
        "{audit:?}"
    );
    assert!(
        audit[2].starts_with("aud: kalibrering startet"),
        "{audit:?}"
    );
    assert!(audit[3].starts_with("aud: kalibrering ferdig"), "{audit:?}");
}

/// Two starts at the same moment: exactly one gets the job (the claim is made under a lock).
#[tokio::test]
async fn of_concurrent_starts_exactly_one_wins() {
    let dir = TempDir::new("calibrate-race");
    let bank_dir = bank_copy(&dir);
    let (router, state) = app(&dir, &bank_dir);
    let aud = principal(&state, "aud");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (service, aud, barrier) =
                (state.app.authoring.clone(), aud.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                service.start_calibration(&aud, jiff::Timestamp::now())
            })
        })
        .collect();
    let outcomes: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let (won, lost): (Vec<_>, Vec<_>) = outcomes.into_iter().partition(Result::is_ok);
    assert_eq!(won.len(), 1);
    for refused in lost {
        assert!(
            matches!(
                refused,
                Err(ServiceError::Refused(Refusal::CalibrationRunning))
            ),
            "{refused:?}"
        );
    }
    // Two starts through the router while that job is held: both refused, in each form.
    let mut first = logged_in(&router, "aud").await;
    let mut second = logged_in(&router, "aud").await;
    let csrf_1 = hidden(&first.get("/forfatter/kalibrering").await.body, "csrf");
    let csrf_2 = hidden(&second.get("/forfatter/kalibrering").await.body, "csrf");
    let (fields_1, fields_2) = ([("csrf", csrf_1.as_str())], [("csrf", csrf_2.as_str())]);
    let (a, b) = tokio::join!(
        first.post("/forfatter/kalibrering/start", &fields_1),
        second.post("/forfatter/kalibrering/start", &fields_2),
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::BAD_REQUEST, StatusCode::BAD_REQUEST)
    );
    // The held job ends without running (a server stopping mid-job): the slot is free again,
    // the page says the job stopped, and no proposal was written.
    drop(won);
    let page = first.get("/forfatter/kalibrering").await;
    assert!(
        page.body.contains("jobben stoppet uten resultat"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("action=\"/forfatter/kalibrering/start\"")
    );
    assert!(!bank_dir.join(bank::proposal::PROPOSAL_FILE).exists());
}

/// A job that fails shows why on the page, is audited, and leaves the previous proposal as it
/// was: here the store holds no answers.
#[tokio::test]
async fn a_failed_calibration_shows_its_error_and_keeps_the_old_proposal() {
    let dir = TempDir::new("calibrate-fail");
    let bank_dir = bank_copy(&dir);
    let proposal_path = bank_dir.join(bank::proposal::PROPOSAL_FILE);
    let old = "id,old_a,old_b,old_c,old_source,a,b,c,se_a,se_b,se_c,n,anchored,problem\n\
               kla-001,1,0,0.2,expert,1.1,-0.2,0,0.1,0.1,0,300,false,\n";
    std::fs::write(&proposal_path, old).unwrap();
    let (router, state) = app(&dir, &bank_dir);
    let mut aud = logged_in(&router, "aud").await;
    let csrf = hidden(&aud.get("/forfatter/kalibrering").await.body, "csrf");
    let reply = aud
        .post("/forfatter/kalibrering/start", &[("csrf", &csrf)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let ended = job_ended(&state).await;
    assert!(
        matches!(
            ended,
            JobState::Failed {
                failure: JobFailure::NoAnswers,
                ..
            }
        ),
        "{ended:?}"
    );
    let page = aud.get("/forfatter/kalibrering").await;
    assert!(page.body.contains("Kalibreringen feilet"), "{}", page.body);
    assert!(page.body.contains("det er ikke lagret noen svar"));
    assert!(page.body.contains("role=\"alert\""));
    assert_eq!(std::fs::read_to_string(&proposal_path).unwrap(), old);
    let audit = job_audit(&state);
    assert_eq!(audit.len(), 2, "{audit:?}");
    assert_eq!(
        audit[1],
        "aud: kalibrering feilet: ingen svar å kalibrere fra"
    );
}

/// The words for uncertainty at their thresholds, and the standard errors expected from n
/// answers, against the textbook case: a = 1, b = 0, where the information of one answer about b
/// is E[P(1 − P)] over θ ~ N(0, 1) = 0.206621 (computed by a fine rectangle rule) and SE(b) =
/// 1/√(n · 0.206621).
#[test]
fn uncertainty_in_words_and_expected_standard_errors() {
    let width = |w: f64| w / (2.0 * 1.96);
    assert_eq!(certainty(width(0.5), width(0.2)), Some(Certainty::Sure));
    assert_eq!(
        certainty(width(0.2), width(0.51)),
        Some(Certainty::FairlySure)
    );
    assert_eq!(
        certainty(width(1.0), width(0.2)),
        Some(Certainty::FairlySure)
    );
    assert_eq!(certainty(width(1.01), width(0.2)), Some(Certainty::Unsure));
    assert_eq!(certainty(f64::NAN, 0.1), None);
    let (se_a, se_b) = expected_standard_errors(1.0, 0.0, 0.0, 1000);
    let rasch_b = 1.0 / (1000.0_f64 * 0.206_621).sqrt();
    // At b = 0 the a and b information are uncorrelated (odd integrand), so the joint SE of b
    // is the one-parameter SE.
    assert!(
        (se_b - rasch_b).abs() / rasch_b < 0.001,
        "{se_b} vs {rasch_b}"
    );
    assert!(se_a > 0.0 && se_a.is_finite());
    // Four times the answers, half the standard error.
    let (se_a4, se_b4) = expected_standard_errors(1.0, 0.0, 0.0, 4000);
    assert!((se_a / se_a4 - 2.0).abs() < 1e-9 && (se_b / se_b4 - 2.0).abs() < 1e-9);
    // A hard item is measured less well by a population centred at 0.
    assert!(expected_standard_errors(1.0, 2.0, 0.0, 1000).1 > se_b);
}

// The author area's calibration reads the published tests only, like every figure an author
// sees: with a deterministic EM, two proposals that differed by one person's answers would show
// them in the estimates. (`forvalt calibrate --db`, the operator's tool, reads every answer.)
#[tokio::test]
async fn the_calibration_job_leaves_out_tests_that_are_not_published() {
    let dir = TempDir::new("calibrate-published");
    let bank_dir = bank_copy(&dir);
    let (_, state) = app(&dir, &bank_dir);
    // 50 tests in one unit: published in batches of k = 5.
    let published = simulate(&state, 50, 3);
    // One more, alone in its unit: it waits for k − 1 others there.
    crate::web_hr::take_tests(&state, 1, "solo", "BUF/Ny", 1, None);
    let bank = bank::load(&bank_dir, crate::support::today()).bank.unwrap();
    let everything = calibration_data(state.app.store(), &bank, None).unwrap();
    assert_eq!(everything.examinees, 51);

    let held = state
        .app
        .authoring
        .start_calibration(&principal(&state, "aud"), jiff::Timestamp::now())
        .unwrap();
    let ended = tokio::task::spawn_blocking(move || held.run(crate::support::today()))
        .await
        .unwrap();
    let JobState::Finished {
        answers, examinees, ..
    } = ended
    else {
        panic!("{ended:?}");
    };
    assert_eq!((examinees, answers), (50, published));
}
