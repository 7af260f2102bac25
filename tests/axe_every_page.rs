//! axe-core on every page the server serves, as every kind of browser caller that gets it.
//!
//! The pages come from the access matrix ([`crate::access_matrix::table`]), not from a list of
//! their own, so a route added to the matrix is checked here without anyone remembering to. The
//! matrix's rows are first run in-process on one fixture, in the matrix's order, as every caller;
//! what a browser caller (nobody, the caseworkers, the leaders, HR, the author, the
//! administrator) gets as `text/html` is a page to check: every 200 of a GET row, the first 400,
//! 403, 404 and 405 page each caller meets, and the page a form answers with (a refused form
//! re-rendered with its errors, a preview). JSON, CSV and .xlsx answers are not pages, and a
//! redirect's target is a row of its own. Then a second, fresh fixture is served on a loopback
//! port and one headless Chromium per caller (`tests/browser/every_page.mjs`) signs in through
//! the login form and runs axe-core (WCAG 2.1 A and AA) on its pages in one session: the GET
//! pages are visited, a form's answer is given to the browser at the form's URL as the server
//! wrote it. The test fails on any violation, and when a page route of the table was never
//! checked by any caller ([`unchecked`]).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use axum::http::Method;

use crate::access_matrix::{CALLERS, Caller, Fixture, Reply, Token, probe, table};
use crate::support::{self, LiveServer, TempDir};
use crate::web::PASSWORD;

/// Pages no row of the matrix names: the fallback's 404 page and the 400 page of a query that
/// does not parse. Checked for every browser caller who gets them as a page.
const ERROR_PAGES: [(&str, &str); 2] = [
    ("(fallback)", "/finnes-ikke"),
    ("/hr", "/hr?syklus=ikke-et-tall"),
];

/// One page to check as one caller.
#[derive(Debug, Clone)]
struct Page {
    /// `METHOD pattern`: the route of the table (what [`unchecked`] counts).
    route: String,
    /// `METHOD path` with the row's placeholders, the name the browser script reports back.
    name: String,
    /// The row's path, placeholders (`<open>`) unfilled: the fixture served is not the one the
    /// rows were run on.
    path: String,
    status: u16,
    /// The answer to a posted form (the browser is given it; a GET page is visited).
    html: Option<String>,
}

/// The callers with a browser session (or none at all): the matrix's columns without the API
/// and ops tokens.
fn browser_callers() -> Vec<Caller> {
    CALLERS
        .into_iter()
        .filter(|c| !c.uses_api_token() && *c != Caller::Ops)
        .collect()
}

fn is_page(reply: &Reply) -> bool {
    reply.content_type.starts_with("text/html") && !reply.status.is_redirection()
}

/// The pages each browser caller gets, from the matrix's rows run in order on `fixture`.
async fn pages(fixture: &Fixture) -> BTreeMap<usize, Vec<Page>> {
    let browsers = browser_callers();
    let mut plan: BTreeMap<usize, Vec<Page>> = BTreeMap::new();
    // The error page differs by caller (its menu), hardly by route.
    let mut error_pages: BTreeSet<(usize, u16)> = BTreeSet::new();
    for row in table() {
        // Logging out answers with a redirect to the login page, checked as its own row.
        let skip = row.fresh_session;
        for caller in CALLERS {
            // Every caller's request is sent, in the matrix's order, so the state a row meets
            // is the one the matrix gives it.
            let reply = probe(fixture, &row, caller, Token::Own).await;
            let Some(index) = browsers.iter().position(|c| *c == caller) else {
                continue;
            };
            if skip || !is_page(&reply) {
                continue;
            }
            let status = reply.status.as_u16();
            let get = row.method == Method::GET;
            // The error pages (401, 403, 404, 405, and a GET's 400) once per caller and status;
            // every page a form answers with, a refused form's errors included.
            let error = matches!(status, 401 | 403 | 404 | 405) || (get && status != 200);
            if error && !error_pages.insert((index, status)) {
                continue;
            }
            let html = (!get).then(|| reply.text());
            plan.entry(index).or_default().push(Page {
                route: format!("{} {}", row.method, row.pattern),
                name: format!("{} {}", row.method, row.path),
                path: row.path.to_string(),
                status,
                html,
            });
        }
    }
    for (pattern, path) in ERROR_PAGES {
        for (index, caller) in browsers.iter().enumerate() {
            let reply = fixture
                .send(fixture.credentials(*caller), Method::GET, path, None)
                .await;
            if is_page(&reply) {
                plan.entry(index).or_default().push(Page {
                    route: format!("GET {pattern}"),
                    name: format!("GET {path}"),
                    path: path.to_string(),
                    status: reply.status.as_u16(),
                    html: None,
                });
            }
        }
    }
    plan
}

/// The routes of `planned` that no caller's run reports as checked (`checked` holds the page
/// names each caller's browser reported), and the pages planned but not checked.
fn unchecked(
    planned: &BTreeMap<usize, Vec<Page>>,
    checked: &BTreeMap<usize, BTreeSet<String>>,
) -> (Vec<String>, Vec<String>) {
    let empty = BTreeSet::new();
    let mut routes: BTreeMap<&str, bool> = BTreeMap::new();
    let mut pages = Vec::new();
    for (index, list) in planned {
        let done = checked.get(index).unwrap_or(&empty);
        for page in list {
            let ok = done.contains(&page.name);
            *routes.entry(&page.route).or_default() |= ok;
            if !ok {
                pages.push(format!("{:?}: {}", browser_callers()[*index], page.name));
            }
        }
    }
    let routes = routes
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(route, _)| route.to_string())
        .collect();
    (routes, pages)
}

/// Run `every_page.mjs` for one caller; the names of the pages it checked, or what failed.
fn run_browser(
    dir: &TempDir,
    url: &str,
    caller: Caller,
    pages: &[Page],
) -> Result<BTreeSet<String>, String> {
    let label = format!("{caller:?}").to_lowercase();
    let mut entries = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let html = page.html.as_ref().map(|html| {
            let file = dir.path().join(format!("{label}-{i}.html"));
            std::fs::write(&file, html).unwrap();
            file.to_string_lossy().into_owned()
        });
        entries.push(serde_json::json!({
            "name": page.name,
            "path": page.path,
            "status": page.status,
            "html": html,
        }));
    }
    let plan = serde_json::json!({
        "employee_id": caller.employee_id(),
        "password": PASSWORD,
        "lang": "nb",
        "pages": entries,
    });
    let file = dir.path().join(format!("{label}.json"));
    std::fs::write(&file, plan.to_string()).unwrap();
    let output = Command::new("node")
        .arg("every_page.mjs")
        .arg(url)
        .arg(&file)
        .current_dir(support::repo().join("tests/browser"))
        .env("CHROMIUM", support::chromium())
        .output()
        .expect("node is needed for the browser tests (Node.js 20 or newer)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "{caller:?}:\n{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let summary: serde_json::Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{caller:?}: not a summary ({e}): {stdout}"));
    assert_eq!(summary["violations"], 0, "{summary}");
    Ok(summary["pages_checked"]
        .as_array()
        .expect("pages_checked")
        .iter()
        .map(|name| name.as_str().unwrap().to_string())
        .collect())
}

#[test]
fn every_page_passes_axe_as_every_caller_that_gets_it() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let planned = runtime.block_on(async { pages(&Fixture::new().await).await });
    let fixture = runtime.block_on(Fixture::new());
    let server = LiveServer::start(&fixture.state);
    let dir = TempDir::new("axe-every-page");
    let browsers = browser_callers();
    // The served fixture's values in the paths (its set-password link is its own).
    let mut queue: Vec<(usize, Vec<Page>)> = planned
        .iter()
        .map(|(index, pages)| {
            let pages = pages
                .iter()
                .map(|p| Page {
                    path: fixture.fill(&p.path),
                    ..p.clone()
                })
                .collect();
            (*index, pages)
        })
        .collect();
    queue.reverse();
    // Two browsers at a time: a browser mostly waits (for pages, for axe-core's result).
    let queue = std::sync::Mutex::new(queue);
    let results: Vec<(usize, Result<BTreeSet<String>, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some((index, pages)) = queue.lock().unwrap().pop() {
                        let result = run_browser(&dir, &server.url, browsers[index], &pages);
                        done.push((index, result));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let mut failures = Vec::new();
    let mut checked = BTreeMap::new();
    for (index, result) in results {
        match result {
            Ok(names) => {
                checked.insert(index, names);
            }
            Err(failure) => failures.push(failure),
        }
    }
    for (index, pages) in &planned {
        println!("{:?}: {} pages", browsers[*index], pages.len());
    }
    let total: usize = planned.values().map(Vec::len).sum();
    println!(
        "axe: {total} pages as {} callers, {} routes",
        planned.len(),
        planned
            .values()
            .flatten()
            .map(|p| &p.route)
            .collect::<BTreeSet<_>>()
            .len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let (routes, pages) = unchecked(&planned, &checked);
    assert!(
        routes.is_empty() && pages.is_empty(),
        "pages never checked by axe-core:\n{}\n\nroutes never checked by any caller:\n{}",
        pages.join("\n"),
        routes.join("\n")
    );
}

/// The completeness check itself: a page the browser did not report is named, and its route too
/// when no other caller checked it.
#[test]
fn a_page_left_out_of_the_run_is_reported() {
    let page = |route: &str, name: &str| Page {
        route: route.into(),
        name: name.into(),
        path: String::new(),
        status: 200,
        html: None,
    };
    let planned = BTreeMap::from([
        (0, vec![page("GET /logg-inn", "GET /logg-inn")]),
        (
            1,
            vec![
                page("GET /logg-inn", "GET /logg-inn"),
                page("GET /tester/{test}", "GET /tester/7"),
            ],
        ),
    ]);
    let names = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
    let all = BTreeMap::from([
        (0, names(&["GET /logg-inn"])),
        (1, names(&["GET /logg-inn", "GET /tester/7"])),
    ]);
    assert_eq!(unchecked(&planned, &all), (vec![], vec![]));
    let one_less = BTreeMap::from([
        (0, names(&["login"])),
        (1, names(&["GET /logg-inn", "GET /tester/8"])),
    ]);
    let (routes, pages) = unchecked(&planned, &one_less);
    assert_eq!(routes, vec!["GET /tester/{test}".to_string()]);
    assert_eq!(
        pages,
        vec![
            "Anonymous: GET /logg-inn".to_string(),
            "Caseworker: GET /tester/7".to_string()
        ]
    );
}
