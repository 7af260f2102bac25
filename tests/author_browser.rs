//! axe-core (WCAG 2.1 A/AA) on the author pages in headless Chromium, with data on every page:
//! stored answers (statistics and the fit plot), a law change flagging an item, a proposal, the
//! law-change form with its messages, and the calibration page while a job runs and after.
//! Needs what `web_browser` needs (Node, Chromium, tests/browser/node_modules).

use forvalt::app::Principal;
use forvalt::app::authoring::JobState;
use forvalt::bank;

use crate::support::TempDir;
use crate::web::PASSWORD;
use crate::web_author::{app, bank_copy, cite_section_17};
use crate::web_hr::take_tests;

#[test]
fn author_pages_pass_axe() {
    let dir = TempDir::new("author-browser");
    let bank_dir = bank_copy(&dir);
    cite_section_17(&bank_dir);
    std::fs::write(
        bank_dir.join(bank::LAW_CHANGES_FILE),
        "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nchanged_on = 2026-11-10\nnote = \"Utredningsplikten\"\n",
    )
    .unwrap();
    std::fs::write(
        bank_dir.join(bank::proposal::PROPOSAL_FILE),
        "id,old_a,old_b,old_c,old_source,a,b,c,se_a,se_b,se_c,n,anchored,problem\n\
         kla-001,1,0,0.2,expert,1.1,-0.2,0,0.1,0.1,0,300,false,\n\
         kla-002,1,0,0.2,expert,,,,,,,5,false,too few responses; not calibrated\n",
    )
    .unwrap();
    let (_, state) = app(&dir, &bank_dir);
    take_tests(&state, 1, "sb", "BUF/Område Nord", 12, None);
    let item = state.app.store().all_responses().unwrap()[0]
        .item_id
        .clone();

    // A calibration job claimed and held: the pages see it running.
    let aud = Principal {
        user: state.app.store().user_by_login("aud").unwrap().unwrap(),
        csrf: String::new(),
    };
    let job = state
        .app
        .authoring
        .start_calibration(&aud, jiff::Timestamp::now())
        .unwrap();

    let server = crate::support::LiveServer::start(&state);
    let running = crate::support::axe_clean_script(
        "author.mjs",
        &[&server.url, "aud", PASSWORD, &item, "running"],
    );
    assert!(
        running.contains("\"auto_refresh\":\"15;url=/forfatter/kalibrering?auto=1\""),
        "the opt-in page asks the browser to refresh: {running}"
    );
    // Ended: a proposal from the stored answers (too few to calibrate any item, which the page
    // says per row), then a new start from the keyboard.
    assert!(matches!(
        job.run(crate::support::today()),
        JobState::Finished { .. }
    ));
    crate::support::axe_clean_script(
        "author.mjs",
        &[&server.url, "aud", PASSWORD, &item, "ended"],
    );
}
