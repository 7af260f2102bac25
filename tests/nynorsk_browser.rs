//! The browser test in nynorsk: a caseworker switches to nynorsk on the home page and takes a
//! whole test with the keyboard only in headless Chromium, axe-core (WCAG 2.1 A/AA) on every
//! page (`tests/browser/nynorsk.mjs`). Against the server running in-process with
//! `tests/fixtures/bank-nn`, whose items and topics all have a nynorsk form.

use std::path::Path;

use forvalt::app::{App, Config};
use forvalt::store::Store;
use forvalt::text::Form;
use forvalt::web::{AppState, Cookies};

use crate::web::{PASSWORD, TempDir, seed};

#[test]
fn whole_test_in_nynorsk_by_keyboard_passes_axe_on_every_page() {
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
    let server = crate::support::LiveServer::start(&state);
    let stdout = crate::support::axe_clean_script("nynorsk.mjs", &[&server.url, "kari", PASSWORD]);
    assert!(stdout.contains("\"items\":8"), "{stdout}");

    // What the browser did is stored: eight answers, each in nynorsk.
    let responses = state.app.store().all_responses().unwrap();
    assert_eq!(responses.len(), 8);
    assert!(
        responses.iter().all(|r| r.form == Form::Nn),
        "{responses:?}"
    );
}
