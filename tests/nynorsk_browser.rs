//! The browser test in nynorsk: a caseworker switches to nynorsk on the home page and takes a
//! whole test with the keyboard only in headless Chromium, axe-core (WCAG 2.1 A/AA) on every
//! page (`tests/browser/nynorsk.mjs`). Against the server running in-process with
//! `tests/fixtures/bank-nn`, whose items and topics all have a nynorsk form.

use std::path::Path;
use std::process::Command;

use forvalt::app::{App, Config};
use forvalt::store::Store;
use forvalt::text::Form;
use forvalt::web::{self, AppState, Cookies};

use crate::web::{PASSWORD, TempDir, seed};

const BROWSER_DIR: &str = "tests/browser";

#[test]
fn whole_test_in_nynorsk_by_keyboard_passes_axe_on_every_page() {
    let chromium = crate::support::chromium();

    let dir = TempDir::new("nn-browser");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let bank = forvalt::bank::load(
        Path::new("tests/fixtures/bank-nn"),
        jiff::Zoned::now().date(),
    )
    .bank
    .expect("the nynorsk fixture bank is valid");
    let state = AppState::new(App::new(store, bank, Config::default()), Cookies::PlainHttp);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(web::serve(listener, state.clone()));

    let output = Command::new("node")
        .args(["nynorsk.mjs", &url, "kari", PASSWORD])
        .current_dir(BROWSER_DIR)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node is needed for the browser test");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "nynorsk.mjs failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("\"violations\":0"), "{stdout}");
    assert!(stdout.contains("\"items\":8"), "{stdout}");
    println!("nynorsk.mjs: {stdout}");

    // What the browser did is stored: eight answers, each in nynorsk.
    let responses = state.app.store().all_responses().unwrap();
    assert_eq!(responses.len(), 8);
    assert!(
        responses.iter().all(|r| r.form == Form::Nn),
        "{responses:?}"
    );
    runtime.shutdown_background();
}
