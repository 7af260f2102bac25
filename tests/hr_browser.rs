//! The HR pages' layout in headless Chromium (tests/browser/hr_layout.mjs): 10 departments × the
//! shipped bank's 12 topics fit the page width at 1280 and 390 px, and `/hr` and `/hr/oppfolging`
//! print on A4 in at most 3 pages with every column on the page.
//!
//! Needs Node and Chromium, as the other browser test (`web_browser.rs`).

use std::path::Path;
use std::process::Command;

use forvalt::app::{App, Config};
use forvalt::store::Store;
use forvalt::web::{AppState, Cookies};

use crate::web::{PASSWORD, TempDir, seed};
use crate::web_hr::take_tests;

#[test]
fn hr_pages_fit_the_width_and_print_on_three_a4_pages() {
    let dir = TempDir::new("hr-browser");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let bank = forvalt::bank::load(Path::new("item-bank"), jiff::Zoned::now().date())
        .bank
        .expect("the shipped item bank validates");
    let topics = bank.topics.len();
    let state = AppState::new(App::new(store, bank, Config::default()), Cookies::PlainHttp);
    for d in 1..=10 {
        take_tests(
            &state,
            1,
            &format!("d{d}p"),
            &format!("Etat/Avdeling {d:02}"),
            6,
            (d == 3).then_some(d % topics),
        );
    }

    let server = crate::support::LiveServer::start(&state);

    let pdfs = dir.path().join("pdf");
    std::fs::create_dir_all(&pdfs).unwrap();
    let stdout = crate::support::browser_script(
        "hr_layout.mjs",
        &[
            &server.url,
            "hanne",
            PASSWORD,
            "syklus=1&niva=2",
            pdfs.to_str().unwrap(),
        ],
    );
    let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    for name in ["hr", "oppfolging"] {
        let pages = summary["pages"][name].as_u64().unwrap();
        assert!((1..=3).contains(&pages), "{name}: {pages} A4 pages");
        // Cross-check the script's count with poppler's where it is installed.
        let pdf = pdfs.join(format!("{name}.pdf"));
        if let Ok(info) = Command::new("pdfinfo").arg(&pdf).output() {
            let info = String::from_utf8_lossy(&info.stdout).to_string();
            let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
            assert_eq!(
                line.split_whitespace().nth(1),
                Some(pages.to_string().as_str())
            );
            let size: Vec<f64> = info
                .lines()
                .find(|l| l.starts_with("Page size:"))
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            assert!(
                info.contains("(A4)") && size[0] > size[1],
                "A4 landscape: {info}"
            );
        }
    }
    assert_eq!(topics, 12, "the shipped bank has 12 topics");
}
