//! The Danish edition: the shipped Danish bank (item-bank/da) is complete and valid, the engine
//! meets its blueprint on it, an installation on it speaks Danish, and a whole test is taken in
//! Danish in headless Chromium, keyboard only, axe-core on every page (`tests/browser/danish.mjs`).

use std::path::Path;
use std::process::Command;

use forvalt::app::{App, Config};
use forvalt::bank::{Jurisdiction, Severity, Status};
use forvalt::store::Store;
use forvalt::text::Form;
use forvalt::web::{self, AppState, Cookies};

use crate::web::{Browser, PASSWORD, TempDir, seed};

const DANISH_BANK: &str = "item-bank/da";

fn danish_bank() -> forvalt::bank::ItemBank {
    let loaded = forvalt::bank::load(Path::new(DANISH_BANK), jiff::Zoned::now().date());
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    loaded.bank.expect("the Danish bank loads")
}

#[test]
fn the_shipped_danish_bank_is_danish_complete_and_cue_free() {
    let bank = danish_bank();
    assert_eq!(bank.jurisdiction, Jurisdiction::Dk);
    assert_eq!(bank.language, Form::Da);
    let active: Vec<_> = bank
        .items
        .iter()
        .filter(|i| i.status == Status::Active)
        .collect();
    assert!(active.len() >= 180, "{} active items", active.len());
    assert!(bank.topics.len() >= 10);
    for (t, topic) in bank.topics.iter().enumerate() {
        let n = active.iter().filter(|i| i.topic == t).count();
        assert!(n >= 15, "topic {} has {n} active items", topic.id);
    }
    // Danish references, and each active item's first one links to the act's official text.
    for item in &active {
        assert!(item.nn.is_none(), "{} has a nynorsk table", item.id);
        for r in &item.references {
            assert!(
                !r.detail.contains("ledd"),
                "{}: a Norwegian reference {r}",
                item.id
            );
        }
    }
    let linked = active
        .iter()
        .filter(|i| {
            i.references[0]
                .url(&bank.acts)
                .is_some_and(|u| u.starts_with("https://www.retsinformation.dk/eli/lta/"))
        })
        .count();
    assert!(
        linked * 10 >= active.len() * 7,
        "{linked} of {}",
        active.len()
    );
}

/// `forvalt bank check item-bank/da` as an author runs it: no errors, exit 0.
#[test]
fn bank_check_passes_on_the_danish_bank() {
    let output = Command::new(env!("CARGO_BIN_EXE_forvalt"))
        .args(["bank", "check", DANISH_BANK])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("0 error(s)"), "{stdout}");
}

/// The live engine on the Danish bank: every simulated test meets the blueprint, covers every
/// topic, and stays within the length bounds.
#[test]
fn simulation_on_the_danish_bank_meets_the_blueprint() {
    let output = Command::new(env!("CARGO_BIN_EXE_forvalt"))
        .args(["simulate", "--bank", DANISH_BANK, "--examinees", "200"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["engine"], "live", "{json}");
    assert_eq!(json["share_meeting_blueprint"], 1.0, "{json}");
    let topics = json["topic_mean_items"].as_object().unwrap();
    assert_eq!(topics.len(), 12);
    assert!(
        topics.values().all(|v| v.as_f64().unwrap() >= 2.0),
        "{topics:?}"
    );
    let mean_length = json["mean_test_length"].as_f64().unwrap();
    assert!((24.0..=36.0).contains(&mean_length), "{json}");
}

fn danish_state(dir: &TempDir) -> AppState {
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    AppState::new(
        App::new(store, danish_bank(), Config::default()),
        Cookies::PlainHttp,
    )
}

#[tokio::test]
async fn an_installation_on_the_danish_bank_speaks_danish() {
    let dir = TempDir::new("da-web");
    let state = danish_state(&dir);
    let router = web::app(state.clone());
    let mut browser = Browser::new(&router);
    let login = browser.get("/logg-inn").await;
    assert!(login.body.contains("<html lang=\"da\""), "{}", login.body);
    assert!(login.body.contains("Medarbejdernummer"), "{}", login.body);
    browser.login("kari", PASSWORD).await;
    let home = browser.get("/").await;
    assert!(home.body.contains("Dine test"), "{}", home.body);
    assert!(!home.body.contains("name=\"malform\""), "{}", home.body);
    // Målform cannot be chosen in a Danish installation: a person with nynorsk on the roster
    // still reads Danish.
    let kari = state.app.store().user_by_login("kari").unwrap().unwrap();
    let mut nynorsk = kari.clone();
    nynorsk.malform.chosen = Some(Form::Nn);
    assert_eq!(state.app.test_taking.form_of(&nynorsk), Form::Da);
}

#[test]
fn whole_test_in_danish_by_keyboard_passes_axe_on_every_page() {
    let dir = TempDir::new("da-browser");
    let state = danish_state(&dir);
    let server = crate::support::LiveServer::start(&state);
    crate::support::axe_clean_script("danish.mjs", &[&server.url, "kari", PASSWORD]);

    let responses = state.app.store().all_responses().unwrap();
    assert!(responses.len() >= 24, "{}", responses.len());
    assert!(
        responses.iter().all(|r| r.form == Form::Da),
        "{responses:?}"
    );
}
