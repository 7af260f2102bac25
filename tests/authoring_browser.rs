//! Authors in headless Chromium (issue 17): author A writes an item with the keyboard, author B
//! approves it, and a caseworker's new test shows it, on a running server without a restart;
//! axe-core on every new author page (tests/browser/authoring.mjs). Needs what `web_browser`
//! needs (Node, Chromium, tests/browser/node_modules).

use std::path::Path;
use std::process::Command;

use forvalt::web;

use crate::authoring_workflow::{authors_app, small_bank};
use crate::support::TempDir;
use crate::web::PASSWORD;

#[test]
fn an_item_written_and_approved_in_the_browser_is_served_in_a_new_test() {
    let chromium = crate::support::chromium();
    assert!(
        Path::new("tests/browser/node_modules").exists(),
        "run `npm ci` in tests/browser (the web_browser test does it too)"
    );
    let dir = TempDir::new("authoring-browser");
    let bank_dir = small_bank(&dir);
    let (_, state) = authors_app(&dir, &bank_dir);
    let store_state = state.clone();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(web::serve(listener, state));
    let output = Command::new("node")
        .args(["authoring.mjs", &url, PASSWORD])
        .current_dir("tests/browser")
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node is needed for the browser test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    println!("{stdout}");
    assert!(stdout.contains("\"violations\":0"), "{stdout}");
    let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let item = summary["item"].as_str().unwrap().to_string();
    let test_id: u64 = summary["test"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    runtime.shutdown_background();

    assert!(bank_dir.join(format!("items/klage/{item}.toml")).exists());
    let shown: Vec<String> = store_state
        .app
        .store()
        .all_responses()
        .unwrap()
        .into_iter()
        .filter(|r| r.test_id == test_id)
        .map(|r| r.item_id)
        .collect();
    assert!(shown.contains(&item), "{item} not in {shown:?}");
    assert!(!shown.iter().any(|id| id == "kla-001"), "{shown:?}");
}
