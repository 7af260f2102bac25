//! HR reports through the real router: the `/hr` page (heatmap, table, completion), the
//! follow-up plan, CSV/JSON exports, suppression of small departments, and role checks.
//!
//! Tests are taken through the service (the same code path as the pages, without argon2 logins
//! for two dozen simulated caseworkers) on the fixture bank; HR logs in through the login form.

use axum::http::{StatusCode, header};
use forvalt::app::hash_password;
use forvalt::app::simulee::{caseworker, enrol, take_test};
use forvalt::store::{CycleId, Role, TestId, UserInput};
use forvalt::web::AppState;

pub use crate::web::logged_in;
use crate::web::{Browser, PASSWORD, add_admin, app};

/// `n` caseworkers `{prefix}1…` in `department` take the test of `cycle` through the
/// application. Answers are right except at every third position; a person answers every item of
/// topic `wrong_topic` wrongly; answers take 4, 5 or 6 seconds. Returns the answers stored.
/// The tests are taken now, or at noon on the cycle's last day if that is past (see
/// [`closed_app`]).
pub fn take_tests(
    state: &AppState,
    cycle: u64,
    prefix: &str,
    department: &str,
    n: usize,
    wrong_topic: Option<usize>,
) -> usize {
    let service = &state.app;
    let deadline = service
        .store()
        .cycle(CycleId(cycle))
        .unwrap()
        .unwrap()
        .deadline;
    let now = if deadline < jiff::Zoned::now().date() {
        deadline
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::system())
            .unwrap()
            .timestamp()
    } else {
        jiff::Timestamp::now()
    };
    let users: Vec<UserInput> = (1..=n)
        .map(|i| {
            caseworker(
                format!("{prefix}{i}"),
                format!("{prefix} nr {i}"),
                department,
                "example.no",
            )
        })
        .collect();
    let mut answers = 0;
    for (i, principal) in enrol(service.store(), &users, now)
        .unwrap()
        .iter()
        .enumerate()
    {
        let test = service
            .test_taking
            .start_test(principal, CycleId(cycle), now)
            .unwrap();
        answers += take_test(
            &service.test_taking,
            principal,
            TestId(test.id),
            now,
            usize::MAX,
            |shown| {
                let position = shown.view.position;
                let right = Some(shown.item.topic) != wrong_topic
                    && !(i + position as usize).is_multiple_of(3);
                if right {
                    shown.right(4000 + 1000 * (position as u64 % 3))
                } else {
                    shown.wrong(4000 + 1000 * (position as u64 % 3))
                }
            },
        )
        .unwrap();
    }
    answers
}

/// Four people placed directly in "Etat" (k − 1, no department of their own), then departments
/// under it: A (10 people, all wrong in topic 0), B (5), C (4 = k − 1), D (10).
///
/// Every figure moves only by batches of at least k people ([`forvalt::report::publish`]): C's 4
/// completions wait for a fifth, so C is in no report; the 4 in Etat itself are published with
/// A's first batch (Etat then gains 9). They are never a row of their own, but Etat − A − B − D
/// would reveal them, so B (the smallest sibling) is suppressed.
pub fn organisation(state: &AppState) {
    take_tests(state, 1, "e", "Etat", 4, None);
    take_tests(state, 1, "a", "Etat/A", 10, Some(0));
    take_tests(state, 1, "b", "Etat/B", 5, None);
    take_tests(state, 1, "c", "Etat/C", 4, None);
    take_tests(state, 1, "d", "Etat/D", 10, None);
}

/// A test app whose cycle 1 ("2025–2026") closed two days ago, and the open cycle of [`app`] as
/// cycle 2. Drill-downs show item rows only after a cycle's deadline; [`take_tests`] takes the
/// tests of cycle 1 on its last day.
pub fn closed_app() -> (crate::support::TempDir, axum::Router, AppState) {
    let dir = crate::support::TempDir::new("web");
    let store = forvalt::store::Store::open(&dir.db()).unwrap();
    let today = jiff::Zoned::now().date();
    let closed = store
        .add_cycle(
            "2025–2026",
            today - jiff::ToSpan::days(60),
            today - jiff::ToSpan::days(2),
        )
        .unwrap();
    assert_eq!(closed.id, 1);
    crate::web::seed(&store);
    drop(store);
    let (router, state) = crate::web::app_on(&dir.db(), forvalt::app::Config::default());
    (dir, router, state)
}

/// Departments large enough for item rows in the drill-down: A (16 people, all wrong in topic
/// 0), B (11), C (3: hidden), D (9). Each person gets 2–3 of a topic's 6 items.
fn large_organisation(state: &AppState) {
    take_tests(state, 1, "a", "Etat/A", 16, Some(0));
    take_tests(state, 1, "b", "Etat/B", 11, None);
    take_tests(state, 1, "c", "Etat/C", 3, None);
    take_tests(state, 1, "d", "Etat/D", 9, None);
}

/// Every HR URL, with each export format.
const HR_URLS: &[&str] = &[
    "/hr",
    "/hr?syklus=1&niva=2",
    "/hr/tema?format=csv",
    "/hr/tema?format=json",
    "/hr/tema?syklus=1&niva=2&format=csv",
    "/hr/gjennomforing?format=csv",
    "/hr/gjennomforing?format=json",
    "/hr/gjennomforing/personer?format=csv",
    "/hr/gjennomforing/personer?format=json",
    "/hr/oppfolging",
    "/hr/oppfolging?format=csv",
    "/hr/oppfolging?format=json",
    "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA",
    "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA&format=csv",
    "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA&format=json",
];

#[tokio::test]
async fn caseworkers_and_authors_get_403_on_every_hr_url_and_export() {
    let (_dir, router, state) = app();
    organisation(&state);
    state
        .app
        .store()
        .upsert_users(
            &[
                UserInput {
                    employee_id: "frida".into(),
                    name: "Frida Forfatter".into(),
                    email: "frida@example.no".into(),
                    department: "Etat/Fagstab".into(),
                    role: Role::Author,
                    password_hash: Some(hash_password(PASSWORD)),
                },
                UserInput {
                    employee_id: "adam".into(),
                    name: "Adam Admin".into(),
                    email: "adam@example.no".into(),
                    department: "Etat/IT".into(),
                    role: Role::Admin,
                    password_hash: Some(hash_password(PASSWORD)),
                },
            ],
            jiff::Timestamp::now(),
        )
        .unwrap();
    for who in ["kari", "frida"] {
        let mut browser = logged_in(&router, who).await;
        for url in HR_URLS {
            let reply = browser.get(url).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who} {url}");
            assert!(!reply.body.contains("Etat/A"), "{who} {url}");
        }
        // A malformed query is refused for the role first, not parsed.
        assert_eq!(
            browser.get("/hr/tema?niva=x&format=xml").await.status,
            StatusCode::FORBIDDEN
        );
    }
    let mut anonymous = Browser::new(&router);
    let reply = anonymous.get("/hr/tema?format=csv").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "to the login page");
    for who in ["hanne", "adam"] {
        let mut browser = logged_in(&router, who).await;
        for url in HR_URLS {
            assert_eq!(browser.get(url).await.status, StatusCode::OK, "{who} {url}");
        }
    }
}

#[tokio::test]
async fn hr_page_shows_heatmap_table_completion_and_plan_link() {
    let (_dir, router, state) = app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    let page = hanne.get("/hr?syklus=1&niva=2").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    // The selector is a plain GET form with labels.
    assert!(
        body.contains(r#"<form method="get" action="/hr""#),
        "{body}"
    );
    assert!(body.contains(r#"<label for="syklus">"#) && body.contains(r#"<label for="niva">"#));
    // The heatmap: SVG with a title per cell.
    assert!(body.contains("<svg") && body.contains(r#"role="img""#));
    assert!(body.contains("<title>Etat/A, Habilitet:"), "{body}");
    // The table fallback: caption, header scopes, people/answers, interval, raw % as secondary.
    assert!(body.contains("<caption"));
    assert!(body.contains(r#"<th scope="col">"#) && body.contains(r#"<th scope="row">"#));
    assert!(body.contains("95 % intervall"));
    assert!(body.contains("Rå andel riktige (tillegg)"));
    // Etat/B is suppressed so that the 4 people placed in Etat itself (k − 1) cannot be worked
    // out: shown as suppressed, in the heatmap and the table.
    assert!(body.contains("<title>Etat/B, Habilitet: skjult (færre enn k)</title>"));
    assert!(body.contains("skjult (færre enn k)</td>"));
    // A's planted weakness in topic 0 is at least marked in words, not only colour.
    assert!(
        body.contains("Svak.") || body.contains("kanskje svakere"),
        "{body}"
    );
    // Completion per department, with names only in the CSV/JSON list.
    assert!(body.contains("Gjennomføring per avdeling"));
    assert!(body.contains("/hr/gjennomforing/personer?syklus=1&amp;niva=2&amp;format=csv"));
    assert!(body.contains("/hr/oppfolging?syklus=1&amp;niva=2"));
    assert!(!body.contains("θ") && !body.contains("theta"));

    let plan = hanne.get("/hr/oppfolging?syklus=1&niva=2").await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    assert!(plan.body.contains("Oppfølgingsplan"));
    assert!(
        plan.body.contains("<h2 id=\"plan-0\">Etat/A</h2>"),
        "{}",
        plan.body
    );
    assert!(
        plan.body.contains("Hva betyr dette i din hverdag?"),
        "reflection questions from the bank: {}",
        plan.body
    );
    assert!(plan.body.contains("@media print"));
}

#[tokio::test]
async fn topic_export_suppresses_k_minus_one_people_in_csv_and_json() {
    let (_dir, router, state) = app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;

    let csv = hanne.get("/hr/tema?syklus=1&niva=2&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let mut lines = csv.body.lines();
    let head = lines.next().unwrap();
    assert!(
        head.starts_with("department,topic_id,topic,shown,people,answers,level_words"),
        "{head}"
    );
    assert!(!head.contains("theta"));
    let rows: Vec<&str> = lines.collect();
    // C's 4 people (k − 1) are waiting for a fifth: C is in no report yet.
    assert_eq!(rows.len(), 3 * 3, "3 departments × 3 topics");
    assert!(!rows.iter().any(|r| r.starts_with("Etat/C,")));
    for row in rows
        .iter()
        .filter(|r| r.starts_with("Etat/C,") || r.starts_with("Etat/B,"))
    {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(fields[3], "false", "{row}");
        assert!(
            fields[4..].iter().all(|f| f.is_empty()),
            "no numbers: {row}"
        );
    }
    let shown_a: Vec<&&str> = rows.iter().filter(|r| r.starts_with("Etat/A,")).collect();
    assert!(shown_a.iter().all(|r| r.split(',').nth(3) == Some("true")));
    assert!(
        shown_a.iter().all(|r| r.split(',').nth(4) == Some("10")),
        "{shown_a:?}"
    );

    let json = hanne.get("/hr/tema?syklus=1&niva=2&format=json").await;
    assert_eq!(json.status, StatusCode::OK);
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(value["min_people"], 5);
    assert_eq!(value["level"], 2);
    let rows = value["rows"].as_array().unwrap();
    for row in rows.iter().filter(|r| r["department"] == "Etat/B") {
        assert_eq!(row["shown"], false);
        assert!(row["people"].is_null() && row["relative_difference"].is_null());
        assert!(row["raw_share_correct"].is_null());
    }
    let a0 = rows
        .iter()
        .find(|r| r["department"] == "Etat/A" && r["topic_id"] == "habilitet")
        .unwrap();
    assert_eq!(a0["people"], 10);
    assert!(a0["relative_difference"].as_f64().unwrap() < 0.0, "{a0}");
    assert!(a0["level_share_low"].as_f64().unwrap() <= a0["level_share"].as_f64().unwrap());
    assert!(!json.body.contains("theta"));

    // At level 1 everyone published is one group ("Etat"): 4 + 10 + 5 + 10 people, shown.
    let top = hanne.get("/hr/tema?syklus=1&niva=1&format=json").await;
    let value: serde_json::Value = serde_json::from_str(&top.body).unwrap();
    assert!(
        value["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["shown"] == true && r["people"] == 29)
    );
}

#[tokio::test]
async fn completion_counts_and_names_export() {
    let (_dir, router, state) = app();
    take_tests(&state, 1, "c", "Etat/C", 2, None);
    let mut hanne = logged_in(&router, "hanne").await;
    let json = hanne
        .get("/hr/gjennomforing?syklus=1&niva=1&format=json")
        .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let rows = value["rows"].as_array().unwrap();
    let etat = rows.iter().find(|r| r["department"] == "Etat").unwrap();
    assert_eq!(
        (etat["completed"].as_u64(), etat["total"].as_u64()),
        (Some(2), Some(2))
    );
    let buf = rows.iter().find(|r| r["department"] == "BUF").unwrap();
    assert_eq!(
        (buf["due"].as_u64(), buf["total"].as_u64()),
        (Some(2), Some(2)),
        "kari and ola"
    );

    let csv = hanne
        .get("/hr/gjennomforing?syklus=1&niva=1&format=csv")
        .await;
    assert!(
        csv.body
            .starts_with("department,due,in_progress,completed,overdue,upcoming,total\n"),
        "{}",
        csv.body
    );

    let people = hanne
        .get("/hr/gjennomforing/personer?syklus=1&format=csv")
        .await;
    assert_eq!(people.status, StatusCode::OK);
    assert!(
        people
            .body
            .starts_with("department,employee_id,name,status\n"),
        "{}",
        people.body
    );
    assert!(people.body.contains("Etat/C,c1,c nr 1,completed"));
    assert!(
        people
            .body
            .contains("BUF/Område Nord/Team 3,kari,kari Testesen,due")
    );
    assert!(
        !people.body.contains("hanne"),
        "only caseworkers are listed"
    );
}

#[tokio::test]
async fn bad_queries_are_400_and_unknown_cycles_404() {
    let (_dir, router, _state) = app();
    let mut hanne = logged_in(&router, "hanne").await;
    assert_eq!(
        hanne.get("/hr?niva=9").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        hanne.get("/hr?niva=0").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        hanne.get("/hr/tema?format=xml").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        hanne.get("/hr/tema?syklus=x").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        hanne.get("/hr?syklus=99").await.status,
        StatusCode::NOT_FOUND
    );
    // No tests taken yet: the page still renders, with no departments to show.
    let page = hanne.get("/hr").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ingen avdelinger"), "{}", page.body);
}

#[tokio::test]
async fn a_later_cycle_shows_the_change_since_the_previous_one() {
    let (_dir, router, state) = app();
    let today = jiff::Zoned::now().date();
    let second = state
        .app
        .store()
        .add_cycle("2027–2028", today, today + jiff::ToSpan::days(30))
        .unwrap();
    take_tests(&state, 1, "a", "Etat/A", 7, Some(0));
    take_tests(&state, 1, "d", "Etat/D", 6, None);
    // The same people again (they get other items: last cycle's are excluded).
    take_tests(&state, second.id, "a", "Etat/A", 7, None);
    take_tests(&state, second.id, "d", "Etat/D", 6, None);
    let mut hanne = logged_in(&router, "hanne").await;
    let url = format!("/hr/tema?syklus={}&niva=2&format=json", second.id);
    let value: serde_json::Value = serde_json::from_str(&hanne.get(&url).await.body).unwrap();
    assert_eq!(value["previous_cycle"]["name"], "2026–2027");
    let a0 = value["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["department"] == "Etat/A" && r["topic_id"] == "habilitet")
        .unwrap();
    assert!(
        a0["trend_difference"].as_f64().unwrap() > 0.0,
        "A stopped failing topic 0: {a0}"
    );
    let page = hanne.get(&format!("/hr?syklus={}&niva=2", second.id)).await;
    assert!(
        page.body.contains("Endring i nivå siden 2026–2027"),
        "{}",
        page.body
    );
}

/// The drill-down of topic `habilitet` (topic 0) for a department at level 2, as JSON.
async fn drill_json(browser: &mut Browser, department: &str) -> serde_json::Value {
    drill_json_at(browser, 2, department).await
}

async fn drill_json_at(browser: &mut Browser, level: usize, department: &str) -> serde_json::Value {
    let reply = browser
        .get(&format!(
            "/hr/tema/habilitet?syklus=1&niva={level}&avdeling={department}&format=json"
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

#[tokio::test]
async fn drill_down_shows_section_rows_for_a_department_above_k() {
    let (_dir, router, state) = closed_app();
    large_organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;

    let json = drill_json(&mut hanne, "Etat%2FA").await;
    assert_eq!(json["shown"], true);
    let rows = json["rows"].as_array().unwrap();
    let section = rows
        .iter()
        .find(|r| r["kind"] == "section")
        .expect("a section row");
    assert!(section["key"].as_str().unwrap().contains('§'), "{section}");
    assert!(section["people"].as_u64().unwrap() >= 5);
    // Everyone in A answers every habilitet item wrongly: fewer right than expected.
    assert_eq!(section["share_correct"].as_f64().unwrap(), 0.0);
    assert!(section["observed_minus_expected"].as_f64().unwrap() < 0.0);
    let worst: Vec<f64> = rows
        .iter()
        .map(|r| r["observed_minus_expected"].as_f64().unwrap())
        .collect();
    assert!(worst.windows(2).all(|w| w[0] <= w[1]), "worst first");
    assert!(!json.to_string().contains("\"theta\""));

    let page = hanne
        .get("/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<caption"), "{}", page.body);
    assert!(page.body.contains("scope=\"row\""));
    assert!(page.body.contains("Lovbestemmelse"));

    let csv = hanne
        .get("/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA&format=csv")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body
            .starts_with("kind,key,stem_start,items,answers,people,share_correct")
    );

    // The heatmap table links to the drill-down.
    let hr = hanne.get("/hr?syklus=1&niva=2").await;
    assert!(
        hr.body
            .contains("/hr/tema/habilitet?syklus=1&amp;niva=2&amp;avdeling=Etat%2FA"),
        "{}",
        hr.body
    );
}

/// Answers of the shown item rows of a drill-down, by item id.
fn item_answers(drill: &serde_json::Value) -> std::collections::BTreeMap<String, u64> {
    drill["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "item")
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_string(),
                r["answers"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn no_difference_of_published_figures_isolates_fewer_than_k_answers() {
    // What an HR user can subtract: a published cell minus its shown item rows, and an item's
    // row in a parent minus the same item's rows in the sub-departments. Either difference must
    // cover no answer or at least k (each person answers an item once, so fewer than k answers
    // would mean fewer than k people).
    let (_dir, router, state) = closed_app();
    large_organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    let k = 5;
    let mut cells = std::collections::BTreeMap::new();
    for level in [1, 2] {
        let report: serde_json::Value = serde_json::from_str(
            &hanne
                .get(&format!("/hr/tema?syklus=1&niva={level}&format=json"))
                .await
                .body,
        )
        .unwrap();
        for row in report["rows"].as_array().unwrap() {
            if row["topic_id"] == "habilitet" && row["shown"] == true {
                let department = row["department"].as_str().unwrap().to_string();
                cells.insert(department, row["answers"].as_u64().unwrap());
            }
        }
    }
    let departments = [
        (1, "Etat"),
        (2, "Etat/A"),
        (2, "Etat/B"),
        (2, "Etat/C"),
        (2, "Etat/D"),
    ];
    let mut items = std::collections::BTreeMap::new();
    for (level, department) in departments {
        let drill = drill_json_at(&mut hanne, level, &department.replace('/', "%2F")).await;
        let shown = item_answers(&drill);
        assert_eq!(drill["shown"] == true, cells.contains_key(department));
        if let Some(&cell) = cells.get(department) {
            let hidden = cell - shown.values().sum::<u64>();
            assert!(
                hidden == 0 || hidden >= k,
                "{department}: the cell minus its item rows leaves {hidden} answers"
            );
        }
        items.insert(department, shown);
    }
    assert!(!cells.contains_key("Etat/C") && items["Etat/C"].is_empty());
    assert!(
        items["Etat/A"].len() >= 2,
        "the test is not vacuous: {items:?}"
    );
    for (item, total) in &items["Etat"] {
        let children: u64 = departments[1..]
            .iter()
            .filter_map(|(_, d)| items[d].get(item))
            .sum();
        let hidden = total - children;
        assert!(
            hidden == 0 || hidden >= k,
            "{item}: Etat minus its departments leaves {hidden} answers"
        );
    }
}

#[tokio::test]
async fn exports_accept_a_bearer_token_from_the_api_login_with_the_same_role_checks() {
    let (_dir, router, state) = app();
    organisation(&state);
    let hr = crate::web::api_login(&router, "hanne").await;
    let (status, json) = crate::web::api(
        &router,
        "GET",
        "/hr/tema?syklus=1&niva=2&format=json",
        Some(&hr),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["level"], 2);
    assert!(json["rows"].as_array().is_some_and(|r| !r.is_empty()));
    let caseworker = crate::web::api_login(&router, "kari").await;
    for url in HR_URLS {
        let (status, _) = crate::web::api(&router, "GET", url, Some(&caseworker), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{url}");
    }
    let (status, _) = crate::web::api(&router, "GET", HR_URLS[3], Some("not-a-token"), None).await;
    assert_ne!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_cycles_report_does_not_change_when_someone_moves_department() {
    // Otherwise the same report viewed before and after a move would differ by exactly the
    // answers of the person who moved.
    let (_dir, router, state) = closed_app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    let url = "/hr/tema?syklus=1&niva=2&format=json";
    let before = hanne.get(url).await.body;
    let drill_before = drill_json(&mut hanne, "Etat%2FA").await;
    let store = state.app.store();
    let mut moved = store.user_by_login("a1").unwrap().unwrap();
    moved.department = "Etat/B".into();
    store
        .upsert_users(
            &[UserInput {
                employee_id: moved.employee_id.clone(),
                name: moved.name.clone(),
                email: moved.email.clone(),
                department: moved.department.clone(),
                role: moved.role,
                password_hash: None,
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
    assert_eq!(
        store.user_by_login("a1").unwrap().unwrap().department,
        "Etat/B"
    );
    assert_eq!(hanne.get(url).await.body, before);
    assert_eq!(drill_json(&mut hanne, "Etat%2FA").await, drill_before);
}

#[tokio::test]
async fn drill_down_suppresses_a_department_of_k_minus_one_people() {
    let (_dir, router, state) = closed_app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;

    let json = drill_json(&mut hanne, "Etat%2FC").await;
    assert_eq!(json["shown"], false);
    assert_eq!(json["rows"].as_array().unwrap().len(), 0);
    let csv = hanne
        .get("/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FC&format=csv")
        .await;
    assert_eq!(csv.body.lines().count(), 0, "{}", csv.body);
    let page = hanne
        .get("/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FC")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("færre enn 5 personer"), "{}", page.body);
    assert!(!page.body.contains("<table"));
    // B (6 people) is hidden in the report so that C cannot be worked out: hidden here too.
    let b = drill_json(&mut hanne, "Etat%2FB").await;
    assert_eq!(b["shown"], false);
}

#[tokio::test]
async fn drill_down_hides_the_stem_of_secret_items() {
    let (_dir, router, state) = closed_app();
    large_organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;

    // Not secret: item rows carry the start of the stem.
    let open = drill_json(&mut hanne, "Etat%2FA").await;
    let items: Vec<&serde_json::Value> = open["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "item")
        .collect();
    assert!(!items.is_empty());
    assert!(items.iter().all(|r| r["stem_start"].is_string()));

    // The same database with every habilitet item marked secret.
    let mut bank = crate::web::fixture_bank();
    for item in bank.items.iter_mut().filter(|i| i.topic == 0) {
        item.secret = true;
    }
    drop(hanne);
    drop(router);
    let db = _dir.db();
    drop(state);
    let store = forvalt::store::Store::open(&db).unwrap();
    let state = AppState::new(
        forvalt::app::App::new(store, bank, forvalt::app::Config::default()),
        forvalt::web::Cookies::PlainHttp,
    );
    let router = forvalt::web::app(state.clone());
    let mut hanne = logged_in(&router, "hanne").await;
    let secret = drill_json(&mut hanne, "Etat%2FA").await;
    let items: Vec<&serde_json::Value> = secret["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "item")
        .collect();
    assert!(!items.is_empty());
    assert!(items.iter().all(|r| r["stem_start"].is_null()), "{secret}");
    let page = hanne
        .get("/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA")
        .await;
    assert!(page.body.contains("hab-"), "item ids are shown");
    assert!(!page.body.contains("Testspørsmål"), "{}", page.body);
}

#[tokio::test]
async fn caseworkers_and_authors_get_403_on_the_drill_down() {
    let (_dir, router, state) = app();
    organisation(&state);
    for who in ["kari"] {
        let mut browser = logged_in(&router, who).await;
        for url in [
            "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA",
            "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA&format=csv",
            "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA&format=json",
        ] {
            let reply = browser.get(url).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who} {url}");
            assert!(!reply.body.contains("Lovbestemmelse"));
        }
    }
}

/// Issue 13 item 5: a name or department that starts like a spreadsheet formula is exported as
/// text (with a leading `'`) in the completion and people exports and in the audit log's CSV;
/// numbers stay numbers.
#[tokio::test]
async fn exports_write_formula_like_names_and_departments_as_text() {
    let (_dir, router, state) = app();
    take_tests(&state, 1, "=x", "+Etat/Team", 1, None);
    add_admin(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    let people = hanne
        .get("/hr/gjennomforing/personer?syklus=1&format=csv")
        .await;
    assert_eq!(people.status, StatusCode::OK);
    assert!(
        people.body.contains("'+Etat/Team,'=x1,'=x nr 1,completed"),
        "{}",
        people.body
    );
    let completion = hanne
        .get("/hr/gjennomforing?syklus=1&niva=1&format=csv")
        .await;
    assert!(
        completion.body.contains("\n'+Etat,0,0,1,0,0,1\n"),
        "{}",
        completion.body
    );
    assert!(!completion.body.contains("\n+Etat"), "{}", completion.body);
    let drill = hanne
        .get("/hr/tema/habilitet?syklus=1&niva=1&avdeling=%2BEtat&format=csv")
        .await;
    assert_eq!(drill.status, StatusCode::OK, "{}", drill.body);

    let mut adam = logged_in(&router, "adam").await;
    let audit = adam.get("/admin/revisjon?format=csv").await;
    assert_eq!(audit.status, StatusCode::OK);
    assert!(
        audit.body.contains(",habilitet,'+Etat,csv"),
        "{}",
        audit.body
    );
    assert!(!audit.body.contains(",+Etat"), "{}", audit.body);
}

/// Issue 13 item 5: a drill-down into a department that does not exist is 404 (it was an
/// empty 200 page), and a refused request is not written to the audit log.
#[tokio::test]
async fn an_unknown_department_in_the_drill_down_is_404_and_not_audited() {
    let (_dir, router, state) = app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    for url in [
        "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FFinnesIkke",
        "/hr/tema/habilitet?syklus=1&niva=2&avdeling=%2BUkjent&format=csv",
        "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Eta&format=json",
    ] {
        assert_eq!(hanne.get(url).await.status, StatusCode::NOT_FOUND, "{url}");
    }
    let known = hanne
        .get("/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA")
        .await;
    assert_eq!(known.status, StatusCode::OK);
    let log = state.app.store().audit_log(100).unwrap();
    assert_eq!(log.len(), 1, "only the known department: {log:?}");
    assert_eq!(log[0].department.as_deref(), Some("Etat/A"));
}

// The installation's operating point of the weak flags (`report_fdr`, `report_absolute_fdr`)
// reaches the report: its JSON states both rates and "why is this flagged" names them.
#[tokio::test]
async fn the_configured_false_discovery_rates_are_the_reports() {
    let dir = crate::support::TempDir::new("web-fdr");
    crate::web::seed(&forvalt::store::Store::open(&dir.db()).unwrap());
    let config = forvalt::app::Config {
        report_fdr: 0.05,
        report_absolute_fdr: 0.1,
        ..forvalt::app::Config::default()
    };
    let (router, state) = crate::web::app_on(&dir.db(), config);
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    let json = hanne.get("/hr/tema?syklus=1&niva=2&format=json").await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    let json: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(json["fdr"], 0.05);
    assert_eq!(json["absolute_fdr"], 0.1);
    let page = hanne.get("/hr?syklus=1&niva=2").await;
    assert!(
        page.body.contains(
            "omkring 5 % for temaer mot avdelingens andre temaer og 10 % mot organisasjonen"
        ),
        "{}",
        page.body
    );

    // The defaults: 20 % for both.
    let (_dir, router, state) = app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    let json = hanne.get("/hr/tema?syklus=1&niva=2&format=json").await;
    let json: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(
        (json["fdr"].as_f64(), json["absolute_fdr"].as_f64()),
        (Some(0.2), Some(0.2))
    );
}
