//! The browser test: a whole test taken with the keyboard only in headless Chromium, and
//! axe-core (WCAG 2.1 A/AA) on the login, home, item and result pages; then the demo history is
//! added and HR uses the report pages with the keyboard (level form, drill-down link, follow-up
//! plan), axe-checked too. Against the server running in-process on 127.0.0.1:0 with the shipped
//! item bank.
//!
//! Needs Node and Chromium at /usr/bin/chromium (`apt-get install -y chromium`); runs `npm ci`
//! in tests/browser when its node_modules is missing.

use std::path::Path;

use forvalt::app::{App, Config};
use forvalt::store::Store;
use forvalt::web::{AppState, Cookies};

use crate::support::{LiveServer, axe_clean_script};
use crate::web::{PASSWORD, TempDir, seed};

#[test]
fn keyboard_only_test_passes_axe_on_every_page() {
    let dir = TempDir::new("web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let bank = forvalt::bank::load(Path::new("item-bank"), jiff::Zoned::now().date())
        .bank
        .expect("the shipped item bank validates (run `cargo run -- bank check`)");
    let state = AppState::new(App::new(store, bank, Config::default()), Cookies::PlainHttp);

    let server = LiveServer::start(&state);
    axe_clean_script("run.mjs", &[&server.url, "kari", PASSWORD, ""]);

    // The demo history gives the HR pages shown cells at every level.
    forvalt::app::demo::ensure(&state.app, jiff::Timestamp::now()).unwrap();
    let (hr, _, _, _, password) = forvalt::app::demo::USERS[3];
    // The report of the demo cycle: the newest cycle by opening date holds only kari's test,
    // which the publication rule keeps back until k people have completed.
    let demo_cycle = state
        .app
        .store()
        .cycles()
        .unwrap()
        .into_iter()
        .find(|c| c.name == forvalt::app::demo::CYCLE_NAME)
        .unwrap();
    let report = format!("/hr?syklus={}", demo_cycle.id);
    let summary = axe_clean_script("hr.mjs", &[&server.url, hr, password, &report]);
    assert!(!summary.contains("\"drill_links\":0"), "{summary}");
}
