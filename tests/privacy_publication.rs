//! Issue 13 item 1: no two versions of any aggregate HR can obtain differ by fewer than k people.
//!
//! Completions enter the reports in batches ([`forvalt::report::publish`]), so differencing two
//! exports taken before and after someone finished shows nothing; the drill-down's item rows are
//! computed once, from the tests published as of the cycle's deadline. Everything here goes
//! through the real router with k from the application's config (3, not the default 5, to show
//! that the rule follows the configured k).

use std::collections::{BTreeMap, BTreeSet};

use axum::Router;
use axum::http::StatusCode;
use forvalt::app::simulee::{caseworker, enrol, take_test};
use forvalt::app::{Config, Principal};
use forvalt::store::{CycleId, Store, TestId};
use forvalt::web::AppState;
use jiff::{Timestamp, ToSpan};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::support::TempDir;
use crate::web::{Browser, app_on, logged_in, seed};

/// The k of these tests' configuration.
const K: usize = 3;
const TOPICS: [&str; 3] = ["habilitet", "klage", "veiledning"];

fn config() -> Config {
    Config {
        report_min_people: K,
        ..Config::default()
    }
}

/// The seeded app (cycle 1 open until 30 days on) with k = [`K`].
fn open_app() -> (TempDir, Router, AppState) {
    let dir = TempDir::new("privacy");
    seed(&Store::open(&dir.db()).unwrap());
    let (router, state) = app_on(&dir.db(), config());
    (dir, router, state)
}

/// An app with k = [`K`] whose cycle 1 closed two days ago (the seeded open cycle is cycle 2).
fn closed_app() -> (TempDir, Router, AppState, jiff::civil::Date) {
    let dir = TempDir::new("privacy");
    let store = Store::open(&dir.db()).unwrap();
    let today = jiff::Zoned::now().date();
    let closed = store
        .add_cycle("2025–2026", today - 60.days(), today - 2.days())
        .unwrap();
    assert_eq!(closed.id, 1);
    seed(&store);
    drop(store);
    let (router, state) = app_on(&dir.db(), config());
    (dir, router, state, closed.deadline)
}

/// Noon on `date` (system time zone), as the server's clock would read it.
fn noon(date: jiff::civil::Date) -> Timestamp {
    date.at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::system())
        .unwrap()
        .timestamp()
}

/// Caseworker `id` in `department` starts the test of cycle 1 at `started` and answers it to the
/// end at `finished`; right or wrong by position and id, so people differ.
fn complete(state: &AppState, id: &str, department: &str, started: Timestamp, finished: Timestamp) {
    let app = &state.app;
    let user = caseworker(
        id.to_string(),
        format!("{id} Testesen"),
        department,
        "example.no",
    );
    let principal: Principal = enrol(app.store(), &[user], started).unwrap().remove(0);
    let test = app
        .test_taking
        .start_test(&principal, CycleId(1), started)
        .unwrap();
    let salt = id.bytes().map(usize::from).sum::<usize>();
    take_test(
        &app.test_taking,
        &principal,
        TestId(test.id),
        finished,
        usize::MAX,
        |shown| {
            let right = !(salt + shown.view.position as usize).is_multiple_of(3);
            if right {
                shown.right(5000)
            } else {
                shown.wrong(5000)
            }
        },
    )
    .unwrap();
}

fn complete_now(state: &AppState, id: &str, department: &str) {
    let now = Timestamp::now();
    complete(state, id, department, now, now);
}

async fn get_ok(browser: &mut Browser, url: &str) -> String {
    let reply = browser.get(url).await;
    assert_eq!(reply.status, StatusCode::OK, "{url}: {}", reply.body);
    reply.body
}

async fn json(browser: &mut Browser, url: &str) -> serde_json::Value {
    serde_json::from_str(&get_ok(browser, url).await).unwrap()
}

/// The `/hr` page up to its completion section: the report (explanation, heatmap, table) with
/// every number it shows. Completion counts are not results and may change at once.
fn report_part(page: &str) -> &str {
    let end = page
        .find(r#"id="gjennomforing""#)
        .unwrap_or_else(|| panic!("the page has a completion section: {page}"));
    &page[..end]
}

/// Every result HR can obtain for cycle 1: the page's report part, the topic table, the
/// follow-up plan and the drill-down of every topic for every department of `departments` (cut
/// to each level), each as HTML, CSV and JSON.
async fn everything(hanne: &mut Browser, departments: &[&str]) -> BTreeMap<String, String> {
    let max_level = departments
        .iter()
        .map(|d| d.split('/').count())
        .max()
        .unwrap();
    let mut seen = BTreeMap::new();
    for level in 1..=max_level {
        let q = format!("syklus=1&niva={level}");
        let page = get_ok(hanne, &format!("/hr?{q}")).await;
        seen.insert(format!("/hr?{q}"), report_part(&page).to_string());
        let mut urls = Vec::new();
        for base in ["/hr/tema", "/hr/oppfolging"] {
            for format in ["", "&format=csv", "&format=json"] {
                urls.push(format!("{base}?{q}{format}"));
            }
        }
        let at_level: BTreeSet<String> = departments
            .iter()
            .map(|d| d.split('/').take(level).collect::<Vec<_>>().join("/"))
            .collect();
        for department in &at_level {
            for topic in TOPICS {
                let d = department.replace('/', "%2F");
                for format in ["", "&format=csv", "&format=json"] {
                    urls.push(format!("/hr/tema/{topic}?{q}&avdeling={d}{format}"));
                }
            }
        }
        for url in urls {
            let body = get_ok(hanne, &url).await;
            seen.insert(url, body);
        }
    }
    seen
}

/// `(department, topic) → (people, answers)` of the shown cells of the topic table at `level`.
async fn cells(hanne: &mut Browser, level: usize) -> BTreeMap<(String, String), (u64, u64)> {
    let table = json(
        hanne,
        &format!("/hr/tema?syklus=1&niva={level}&format=json"),
    )
    .await;
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["shown"] == true)
        .map(|r| {
            let key = (
                r["department"].as_str().unwrap().to_string(),
                r["topic_id"].as_str().unwrap().to_string(),
            );
            let value = (
                r["people"].as_u64().unwrap(),
                r["answers"].as_u64().unwrap(),
            );
            (key, value)
        })
        .collect()
}

/// The drill-downs of every topic for the organisation and for A and B, as HTML, CSV and JSON.
async fn drills(browser: &mut Browser) -> BTreeMap<String, String> {
    let mut seen = BTreeMap::new();
    for (level, department) in [(1, "Etat"), (2, "Etat/A"), (2, "Etat/B")] {
        for topic in TOPICS {
            let d = department.replace('/', "%2F");
            let q = format!("syklus=1&niva={level}&avdeling={d}");
            for format in ["", "&format=csv", "&format=json"] {
                let url = format!("/hr/tema/{topic}?{q}{format}");
                let body = get_ok(browser, &url).await;
                seen.insert(url, body);
            }
        }
    }
    seen
}

async fn completed_in(hanne: &mut Browser, level: usize, department: &str) -> u64 {
    let completion = json(
        hanne,
        &format!("/hr/gjennomforing?syklus=1&niva={level}&format=json"),
    )
    .await;
    completion["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["department"] == department)
        .map_or(0, |r| r["completed"].as_u64().unwrap())
}

#[tokio::test]
async fn one_more_completion_changes_no_result_hr_can_obtain() {
    let (_dir, router, state) = open_app();
    let departments = ["Etat/A", "Etat/B", "Etat/B/1"];
    for i in 0..K {
        complete_now(&state, &format!("a{i}"), "Etat/A");
        complete_now(&state, &format!("b{i}"), "Etat/B/1");
    }
    let mut hanne = logged_in(&router, "hanne").await;
    assert!(
        cells(&mut hanne, 2)
            .await
            .contains_key(&("Etat/A".into(), "habilitet".into())),
        "the first k are published, so there is something to compare"
    );
    let before = everything(&mut hanne, &departments).await;
    let completed_before = completed_in(&mut hanne, 2, "Etat/A").await;

    complete_now(&state, "a-new", "Etat/A");

    // The completion list shows the new completion at once (not a result)...
    assert_eq!(
        completed_in(&mut hanne, 2, "Etat/A").await,
        completed_before + 1
    );
    // ...but every report, export, plan and drill-down is exactly what it was.
    let after = everything(&mut hanne, &departments).await;
    assert_eq!(before.len(), after.len());
    for (url, body) in &before {
        assert_eq!(&after[url], body, "{url} changed after one completion");
    }
}

#[tokio::test]
async fn the_kth_completion_in_a_unit_publishes_all_k() {
    let (_dir, router, state) = open_app();
    let mut hanne = logged_in(&router, "hanne").await;
    let a = ("Etat/A".to_string(), "habilitet".to_string());
    for round in 1..=2u64 {
        for i in 0..K {
            let before = cells(&mut hanne, 2).await;
            complete_now(&state, &format!("r{round}p{i}"), "Etat/A");
            let after = cells(&mut hanne, 2).await;
            if i + 1 < K {
                assert_eq!(after, before, "round {round}, completion {}", i + 1);
            } else {
                assert_eq!(
                    after.get(&a).map(|c| c.0),
                    Some(round * K as u64),
                    "round {round}: all k appear together: {after:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn random_completions_move_every_cell_by_zero_or_at_least_k_people() {
    let (_dir, router, state) = open_app();
    let mut hanne = logged_in(&router, "hanne").await;
    // Units at three depths, with people placed directly in a parent as well.
    let departments = [
        "Etat/A", "Etat/A", "Etat/B/1", "Etat/B/2", "Etat/B", "Etat", "Stab/X", "Stab",
    ];
    let mut rng = StdRng::seed_from_u64(13);
    // (level, department, topic) → every (people, answers) observed.
    let mut observed: BTreeMap<(usize, String, String), BTreeSet<(u64, u64)>> = BTreeMap::new();
    for step in 0..36 {
        let department = departments[rng.random_range(0..departments.len())];
        complete_now(&state, &format!("s{step}"), department);
        for level in 1..=3 {
            for ((d, t), cell) in cells(&mut hanne, level).await {
                observed.entry((level, d, t)).or_default().insert(cell);
            }
        }
    }
    let mut moved = 0;
    for (key, versions) in &observed {
        let versions: Vec<&(u64, u64)> = versions.iter().collect();
        for (i, earlier) in versions.iter().enumerate() {
            for later in &versions[i + 1..] {
                let people = earlier.0.abs_diff(later.0);
                assert!(
                    people == 0 && earlier.1 == later.1 || people >= K as u64,
                    "{key:?}: {earlier:?} and {later:?} differ by {people} people"
                );
            }
        }
        moved += usize::from(versions.len() > 1);
    }
    assert!(moved >= 6, "cells seen in several versions: {moved}");
    // Some completions are still waiting for others in their unit: the rule was exercised.
    let everyone: u64 = cells(&mut hanne, 1)
        .await
        .iter()
        .filter(|((_, t), _)| t == "habilitet")
        .map(|(_, c)| c.0)
        .sum();
    assert!(everyone < 36, "published {everyone} of 36");
}

#[tokio::test]
async fn the_drill_down_waits_for_the_deadline_in_an_open_cycle() {
    let (_dir, router, state) = open_app();
    for i in 0..2 * K {
        complete_now(&state, &format!("a{i}"), "Etat/A");
    }
    let mut hanne = logged_in(&router, "hanne").await;
    assert!(
        cells(&mut hanne, 2).await.len() == TOPICS.len(),
        "A is in the report"
    );
    let q = "syklus=1&niva=2&avdeling=Etat%2FA";
    for topic in TOPICS {
        let drill = json(&mut hanne, &format!("/hr/tema/{topic}?{q}&format=json")).await;
        assert_eq!(drill["waiting_for_deadline"], true, "{drill}");
        assert_eq!(drill["shown"], false);
        assert!(drill["rows"].as_array().unwrap().is_empty());
        let csv = get_ok(&mut hanne, &format!("/hr/tema/{topic}?{q}&format=csv")).await;
        assert_eq!(csv.lines().count(), 0, "{csv}");
        let page = get_ok(&mut hanne, &format!("/hr/tema/{topic}?{q}")).await;
        assert!(
            page.contains("Oppgavene vises når fristen for syklusen er ute"),
            "{page}"
        );
        assert!(!page.contains("<table") && !page.contains("Observert − ventet riktige</th>"));
    }
}

#[tokio::test]
async fn the_drill_down_is_one_fixed_version_from_the_deadline_on() {
    let (_dir, router, state, deadline) = closed_app();
    let before_deadline = noon(deadline);
    let after_deadline = Timestamp::now();
    let departments = ["Etat/A", "Etat/B"];
    for i in 0..2 * K + 1 {
        complete(
            &state,
            &format!("a{i}"),
            "Etat/A",
            before_deadline,
            before_deadline,
        );
    }
    for i in 0..K + 1 {
        complete(
            &state,
            &format!("b{i}"),
            "Etat/B",
            before_deadline,
            before_deadline,
        );
    }

    // On the last day the deadline has not passed: no rows, whatever has been published.
    let hanne = Principal {
        user: state.app.store().user_by_login("hanne").unwrap().unwrap(),
        csrf: String::new(),
    };
    let waiting = state
        .app
        .reports
        .topic_drill(
            &hanne,
            CycleId(1),
            2,
            "Etat/A",
            "habilitet",
            before_deadline,
        )
        .unwrap();
    assert!(waiting.waiting_for_deadline && !waiting.shown && waiting.rows.is_empty());

    let mut browser = logged_in(&router, "hanne").await;
    let fixed = drills(&mut browser).await;
    let a = json(
        &mut browser,
        "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA&format=json",
    )
    .await;
    assert_eq!(a["waiting_for_deadline"], false);
    assert_eq!(a["shown"], true, "{a}");
    // Which items a unit's few people had is the engine's random choice, so one topic of one
    // unit may hold only items fewer than k answered (all suppressed); across the units and
    // topics some item rows are shown.
    let with_items = fixed
        .iter()
        .filter(|(url, _)| url.ends_with("format=json"))
        .filter(|(_, body)| {
            let drill: serde_json::Value = serde_json::from_str(body).unwrap();
            drill["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["kind"] == "item")
        })
        .count();
    assert!(with_items > 0, "item rows after the deadline: {fixed:?}");
    let report_before = everything(&mut browser, &departments).await;

    // Tests started on the last day and finished after it: published in the report (a batch of
    // at least k in each unit), never in the drill-down.
    for i in 0..2 * K {
        let id = format!("late-a{i}");
        complete(&state, &id, "Etat/A", before_deadline, after_deadline);
    }
    for i in 0..K {
        let id = format!("late-b{i}");
        complete(&state, &id, "Etat/B", before_deadline, after_deadline);
    }
    let report_after = everything(&mut browser, &departments).await;
    let url = "/hr/tema?syklus=1&niva=2&format=json";
    assert_ne!(
        report_after[url], report_before[url],
        "the later completions are published in the report"
    );
    assert_eq!(drills(&mut browser).await, fixed);
}

/// `body` with the session's CSRF tokens blanked: two sessions' pages differ only there.
fn without_csrf(body: &str) -> String {
    const MARK: &str = "name=\"csrf\" value=\"";
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(MARK) {
        let value = at + MARK.len();
        out.push_str(&rest[..value]);
        rest = &rest[value..];
        rest = &rest[rest.find('"').unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

/// The first difference between two bodies, with some context, for a failure message.
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let from = a.floor_char_boundary(at.saturating_sub(120));
    let to_a = a.floor_char_boundary((at + 120).min(a.len()));
    let to_b = b.floor_char_boundary((at + 120).min(b.len()));
    format!(
        "before: …{}…\nafter:  …{}…",
        &a[from..to_a],
        &b[from.min(b.len())..to_b]
    )
}

/// Reopen the database of `state` as a new app over `bank` with `config` (a restart after an
/// author's change or an administrator's change of the configuration).
fn restart(
    dir: &TempDir,
    state: AppState,
    router: Router,
    bank: forvalt::bank::ItemBank,
    config: Config,
) -> (Router, AppState) {
    drop(router);
    drop(state);
    let store = Store::open(&dir.db()).unwrap();
    let state = AppState::new(
        forvalt::app::App::new(store, bank, config),
        forvalt::web::Cookies::PlainHttp,
    );
    (forvalt::web::app(state.clone()), state)
}

/// A published test's answers stay in the reports whatever happens to their items later: an
/// author who edits an item that few people answered (new content, so a new version) and sends it
/// back to draft changes nothing HR can obtain. (Before, answers to an item's earlier version or
/// to a draft were left out, so the two versions of a cell differed by exactly the answers of the
/// few people who had that item.)
#[tokio::test]
async fn an_item_edited_and_sent_back_to_draft_changes_no_result_hr_can_obtain() {
    let (dir, router, state) = open_app();
    let departments = ["Etat/A", "Etat/B", "Etat/B/1"];
    for i in 0..K {
        complete_now(&state, &format!("a{i}"), "Etat/A");
        complete_now(&state, &format!("b{i}"), "Etat/B/1");
    }
    let mut hanne = logged_in(&router, "hanne").await;
    let before = everything(&mut hanne, &departments).await;
    drop(hanne);

    // The scored item the fewest people answered.
    let mut answered: BTreeMap<String, usize> = BTreeMap::new();
    for response in state.app.store().all_responses().unwrap() {
        if !response.pretest {
            *answered.entry(response.item_id.clone()).or_default() += 1;
        }
    }
    let (item_id, _) = answered
        .iter()
        .min_by_key(|&(id, n)| (*n, id.clone()))
        .unwrap();
    let mut bank = crate::web::fixture_bank();
    let item = bank.items.iter_mut().find(|i| &i.id == item_id).unwrap();
    assert_ne!(item.version, "edited");
    item.version = "edited".to_string();
    item.status = forvalt::bank::Status::Draft;

    let (router, _state) = restart(&dir, state, router, bank, config());
    let mut hanne = logged_in(&router, "hanne").await;
    let after = everything(&mut hanne, &departments).await;
    assert_eq!(before.len(), after.len());
    for (url, body) in &before {
        let (body, later) = (without_csrf(body), without_csrf(&after[url]));
        assert!(
            later == body,
            "{url} changed after {item_id} was edited:\n{}",
            first_difference(&body, &later)
        );
    }
}

/// k is fixed for a cycle when it is created: raising the configured k later re-publishes
/// nothing in that cycle (a replay with another k would give a published set that is not nested
/// in the one HR saw, differing by fewer than k people), while cycles without a recorded k
/// (created before it was recorded) follow the configuration.
#[tokio::test]
async fn a_change_of_k_leaves_a_running_cycle_as_published() {
    let (dir, router, state) = open_app();
    state
        .app
        .store()
        .change_cycles(|cycles| {
            let cycle = cycles.iter().find(|c| c.id == 1).unwrap();
            assert_eq!(cycle.min_people, None, "seeded without a recorded k");
            Ok::<_, ()>(Some(forvalt::store::CycleRecord {
                min_people: Some(K),
                ..cycle.clone()
            }))
        })
        .unwrap()
        .unwrap();
    let departments = ["Etat/A", "Etat/B", "Etat/B/1"];
    for i in 0..K {
        complete_now(&state, &format!("a{i}"), "Etat/A");
    }
    complete_now(&state, "b0", "Etat/B/1");
    let mut hanne = logged_in(&router, "hanne").await;
    let before = everything(&mut hanne, &departments).await;
    assert!(
        cells(&mut hanne, 2)
            .await
            .contains_key(&("Etat/A".into(), "habilitet".into())),
        "k = {K} people in Etat/A are published"
    );
    drop(hanne);

    let bigger = Config {
        report_min_people: K + 2,
        ..config()
    };
    let (router, state) = restart(&dir, state, router, crate::web::fixture_bank(), bigger);
    let mut hanne = logged_in(&router, "hanne").await;
    let after = everything(&mut hanne, &departments).await;
    for (url, body) in &before {
        let (body, later) = (without_csrf(body), without_csrf(&after[url]));
        assert!(
            later == body,
            "{url} changed with the configured k:\n{}",
            first_difference(&body, &later)
        );
    }

    // A cycle created now records the configured k.
    let today = jiff::Zoned::now().date();
    let created = forvalt::app::cycles::Cycles::of(&state.app)
        .add(
            &forvalt::app::cycles::Actor::Ops("test".into()),
            forvalt::app::cycles::NewCycle {
                name: "Neste".into(),
                opens: today,
                deadline: today + 30.days(),
            },
            Timestamp::now(),
        )
        .unwrap()
        .unwrap();
    assert_eq!(created.min_people, Some(K + 2));
}
