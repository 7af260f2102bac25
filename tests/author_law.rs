//! `forvalt law changed|apply` and `bank check` on a temporary copy of the fixture bank, end to
//! end through the binary.

use crate::support::{TempDir, forvalt};
use crate::web_author::{bank_copy, cite_section_17};

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_registered_change_flags_citing_items_and_apply_sends_them_to_draft() {
    let dir = TempDir::new("law-cli");
    let bank = bank_copy(&dir);
    let bank_arg = bank.to_str().unwrap();
    let item = cite_section_17(&bank);

    let out = forvalt(&[
        "law",
        "changed",
        "--act",
        "LOV-1967-02-10",
        "--section",
        "§ 17",
        "--date",
        "2026-11-10",
        "--note",
        "Utredningsplikten presisert",
        "--bank",
        bank_arg,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    assert!(
        printed.contains("forvaltningsloven § 17 changed on 2026-11-10"),
        "{printed}"
    );
    assert!(printed.contains("1 item(s) flagged"), "{printed}");
    assert!(printed.contains("vei-006"), "{printed}");
    let registry = std::fs::read_to_string(bank.join("law-changes.toml")).unwrap();
    assert!(registry.contains("section = \"17\""), "{registry}");

    // Registering the same change twice is refused.
    let again = forvalt(&[
        "law",
        "changed",
        "--act",
        "forvaltningsloven",
        "--section",
        "17",
        "--date",
        "2026-11-10",
        "--bank",
        bank_arg,
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again).contains("already registered"),
        "{}",
        text(&again)
    );

    // bank check: a warning at the item's `reviewed` line (line 5), no error.
    let check = forvalt(&["bank", "check", bank_arg]);
    assert!(check.status.success(), "{}", text(&check));
    let report = text(&check);
    let expected = format!("{}:5: cites a changed section", item.display());
    assert!(report.contains(&expected), "{report}");
    assert!(
        report.contains("forvaltningsloven § 17 (changed 2026-11-10)"),
        "{report}"
    );

    let apply = forvalt(&["law", "apply", "--to", "draft", "--bank", bank_arg]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert!(
        text(&apply).contains("1 item(s) set to draft: vei-006"),
        "{}",
        text(&apply)
    );
    let edited = std::fs::read_to_string(&item).unwrap();
    assert!(edited.contains("status = \"draft\""), "{edited}");
    assert!(forvalt(&["bank", "check", bank_arg]).status.success());
    // Applying again changes nothing.
    let apply = forvalt(&["law", "apply", "--to", "draft", "--bank", bank_arg]);
    assert!(
        text(&apply).contains("0 item(s) set to draft"),
        "{}",
        text(&apply)
    );
}

#[test]
fn a_ledd_on_the_command_line_is_checked_and_written() {
    let dir = TempDir::new("law-cli-ledd");
    let bank = bank_copy(&dir);
    let bank_arg = bank.to_str().unwrap();
    let changed = |ledd: &str| {
        forvalt(&[
            "law",
            "changed",
            "--act",
            "forvaltningsloven",
            "--section",
            "17",
            "--ledd",
            ledd,
            "--date",
            "2026-11-10",
            "--bank",
            bank_arg,
        ])
    };
    let zero = changed("0");
    assert_eq!(zero.status.code(), Some(2));
    assert!(text(&zero).contains("ledd 0"), "{}", text(&zero));
    assert!(!bank.join("law-changes.toml").exists(), "nothing written");
    let out = changed("2");
    assert!(out.status.success(), "{}", text(&out));
    let registry = std::fs::read_to_string(bank.join("law-changes.toml")).unwrap();
    assert!(registry.contains("ledd = 2"), "{registry}");
    assert!(forvalt(&["bank", "check", bank_arg]).status.success());
    // The same ledd again is the same change; the whole section on the same day is another.
    let again = changed("2");
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again).contains("already registered"),
        "{}",
        text(&again)
    );
}

#[test]
fn apply_that_would_break_the_bank_writes_nothing() {
    let dir = TempDir::new("law-cli-refused");
    let bank = bank_copy(&dir);
    let bank_arg = bank.to_str().unwrap();
    let out = forvalt(&[
        "law",
        "changed",
        "--act",
        "forvaltningsloven",
        "--section",
        "11",
        "--date",
        "2026-11-10",
        "--bank",
        bank_arg,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("6 item(s) flagged"), "{}", text(&out));
    let item = bank.join("items/veiledning/vei-001.toml");
    let before = std::fs::read_to_string(&item).unwrap();
    let apply = forvalt(&["law", "apply", "--to", "retired", "--bank", bank_arg]);
    assert_eq!(apply.status.code(), Some(2));
    let message = text(&apply);
    assert!(message.contains("nothing was changed"), "{message}");
    assert!(message.contains("0 active items"), "{message}");
    assert_eq!(std::fs::read_to_string(&item).unwrap(), before);
}

#[test]
fn bad_law_input_is_refused_clearly() {
    let dir = TempDir::new("law-cli-bad");
    let bank = bank_copy(&dir);
    let bank_arg = bank.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--act", "fvl", "--section", "17", "--date", "2026-11-10"],
            "unknown act \"fvl\"",
        ),
        (
            &[
                "--act",
                "forvaltningsloven",
                "--section",
                "17 første ledd",
                "--date",
                "2026-11-10",
            ],
            "one section",
        ),
        (
            &[
                "--act",
                "forvaltningsloven",
                "--section",
                "17",
                "--date",
                "10.11.2026",
            ],
            "must be a date",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["law", "changed", "--bank", bank_arg];
        all.extend_from_slice(args);
        let out = forvalt(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out).contains(expected), "{args:?}: {}", text(&out));
    }
    assert!(!bank.join("law-changes.toml").exists());
    let out = forvalt(&["law", "apply", "--to", "delete", "--bank", bank_arg]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("draft or retired"), "{}", text(&out));

    // A broken registry is a bank check error with file and line.
    std::fs::write(
        bank.join("law-changes.toml"),
        "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nchanged_on = \"i fjor\"\n",
    )
    .unwrap();
    let check = forvalt(&["bank", "check", bank_arg]);
    assert_eq!(check.status.code(), Some(1));
    let report = text(&check);
    assert!(report.contains("law-changes.toml:4:"), "{report}");
}

#[test]
fn enter_into_force_dry_run_lists_retired_items_successors_and_topic_minimums() {
    let bank = crate::support::repo().join("item-bank");
    let bank_arg = bank.to_str().unwrap();
    let out = forvalt(&[
        "law",
        "enter-into-force",
        "--act",
        "LOV-2025-06-20-81",
        "--date",
        "2027-07-01",
        "--dry-run",
        "--bank",
        bank_arg,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    assert!(
        printed.contains("replaces \"forvaltningsloven\""),
        "{printed}"
    );
    // A flagged item is retired and replaced by its successor draft; a mapped one is kept.
    assert!(
        printed.contains("klag-008\treplaced by klag-034"),
        "{printed}"
    );
    assert!(printed.contains("nye forvaltningsloven § 63"), "{printed}");
    assert!(printed.contains("Active items per topic"), "{printed}");
    for topic in ["habilitet", "klage", "arkiv"] {
        assert!(printed.contains(topic), "{printed}");
    }

    // Without --dry-run nothing is done, and a bad date is refused.
    let refused = forvalt(&[
        "law",
        "enter-into-force",
        "--act",
        "nye forvaltningsloven",
        "--date",
        "2027-07-01",
        "--bank",
        bank_arg,
    ]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("--dry-run"), "{}", text(&refused));
    let bad = forvalt(&[
        "law",
        "enter-into-force",
        "--act",
        "nye forvaltningsloven",
        "--date",
        "juli",
        "--dry-run",
        "--bank",
        bank_arg,
    ]);
    assert!(text(&bad).contains("must be a date"), "{}", text(&bad));
}
