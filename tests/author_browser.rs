//! axe-core (WCAG 2.1 A/AA) on the author pages in headless Chromium, with data on every page:
//! stored answers (statistics and the fit plot), a law change flagging an item, a proposal.
//! Needs what `web_browser` needs (Node, Chromium, tests/browser/node_modules).

use std::path::Path;
use std::process::Command;

use forvalt::bank;
use forvalt::web;

use crate::support::TempDir;
use crate::web::PASSWORD;
use crate::web_author::{app, bank_copy, cite_section_17};
use crate::web_hr::take_tests;

#[test]
fn author_pages_pass_axe() {
    let chromium = crate::support::chromium();
    assert!(
        Path::new("tests/browser/node_modules").exists(),
        "run `npm ci` in tests/browser (the web_browser test does it too)"
    );
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

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(web::serve(listener, state));
    let output = Command::new("node")
        .args(["author.mjs", &url, "aud", PASSWORD, &item])
        .current_dir("tests/browser")
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node is needed for the browser test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    println!("{stdout}");
    assert!(stdout.contains("\"violations\":0"), "{stdout}");
    runtime.shutdown_background();
}
