//! `bank check`: every kind of broken input is reported with its file, line and what is wrong.

use std::fs;
use std::path::Path;

use forvalt::bank::{self, Diagnostic, Severity};

use crate::support::TempDir;

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 23);

const LAWS: &str = r#"[[act]]
name = "forvaltningsloven"
id = "LOV-1967-02-10"
title = "Forvaltningsloven"
in_force = true

[[act]]
name = "nye forvaltningsloven"
id = "LOV-2025-06-20-81"
title = "Forvaltningsloven 2025"
in_force = false

[[act]]
name = "arkivlova"
id = "LOV-1992-12-04-126"
title = "Arkivlova 1992"
in_force = false
repealed = true
"#;

const BLUEPRINT: &str = r#"[test]
min_items = 2
max_items = 4
se_target = 0.4
max_exposure = 0.25
review_interval_days = 730

[bank]
min_active_per_topic = 3

[[topic]]
id = "t1"
min = 1
max = 2

[[topic]]
id = "t2"
min = 1
max = 2
"#;

/// A valid item; the line numbers of its fields are what the tests below assert.
fn item(id: &str, topic: &str) -> String {
    format!(
        r#"id = "{id}"
topic = "{topic}"
status = "active"
author = "test"
reviewed = 2026-11-01
stem = "Hva gjelder for {id}?"
options = ["Alfa", "Beta", "Gamma", "Delta"]
key = "B"
explanation = "Fordi."
references = ["forvaltningsloven § 6 første ledd"]
enemies = []

[irt]
a = 1.0
b = 0.0
c = 0.25
source = "expert"
"#
    )
}

/// Write a small valid bank: two topics with three active items each.
fn write_bank(dir: &Path) {
    fs::write(dir.join("laws.toml"), LAWS).unwrap();
    fs::write(dir.join("blueprint.toml"), BLUEPRINT).unwrap();
    fs::create_dir_all(dir.join("topics")).unwrap();
    for topic in ["t1", "t2"] {
        fs::write(
            dir.join(format!("topics/{topic}.toml")),
            format!("id = \"{topic}\"\nname = \"Tema {topic}\"\ndescription = \"Om {topic}.\"\ncovers = [\"forvaltningsloven § 6\"]\nreflection = [\"Hva gjør vi?\"]\n"),
        )
        .unwrap();
        fs::create_dir_all(dir.join(format!("items/{topic}"))).unwrap();
        for n in 1..=3 {
            let id = format!("{topic}-{n}");
            fs::write(
                dir.join(format!("items/{topic}/{id}.toml")),
                item(&id, topic),
            )
            .unwrap();
        }
    }
}

/// Load a bank after `mutate` has broken it.
fn check(mutate: impl FnOnce(&Path)) -> Vec<Diagnostic> {
    let dir = TempDir::new("bank");
    write_bank(dir.path());
    mutate(dir.path());
    let loaded = bank::load(dir.path(), TODAY);
    assert_eq!(
        loaded.bank.is_some(),
        loaded.errors().next().is_none(),
        "a bank is returned exactly when there are no errors"
    );
    loaded.diagnostics
}

/// Replace line `line` (1-based) of an item file.
fn edit_line(dir: &Path, file: &str, line: usize, text: &str) {
    let path = dir.join(file);
    let mut lines: Vec<String> = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines[line - 1] = text.to_string();
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// Assert one diagnostic of `severity` in a file ending with `file`, at `line`, containing `text`.
fn assert_reported(
    diagnostics: &[Diagnostic],
    severity: Severity,
    file: &str,
    line: usize,
    text: &str,
) {
    let found = diagnostics.iter().any(|d| {
        d.severity == severity
            && d.path.ends_with(file)
            && d.line == line
            && d.message.contains(text)
    });
    assert!(
        found,
        "expected {severity:?} {file}:{line}: …{text}…, got:\n{}",
        render(diagnostics)
    );
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{:?} {d}\n", d.severity))
        .collect()
}

const T1: &str = "items/t1/t1-1.toml";

#[test]
fn valid_bank_has_no_errors_and_warns_about_expert_parameters() {
    let diagnostics = check(|_| {});
    assert!(
        diagnostics.iter().all(|d| d.severity == Severity::Warning),
        "{}",
        render(&diagnostics)
    );
    assert_reported(
        &diagnostics,
        Severity::Warning,
        T1,
        13,
        "expert-guessed parameters",
    );
}

#[test]
fn toml_syntax_error() {
    let d = check(|dir| edit_line(dir, T1, 8, "key = \"B"));
    assert_reported(&d, Severity::Error, T1, 8, "");
}

#[test]
fn missing_field() {
    let d = check(|dir| edit_line(dir, T1, 8, ""));
    assert!(
        d.iter()
            .any(|d| d.path.ends_with(T1) && d.message.contains("missing field `key`")),
        "{}",
        render(&d)
    );
}

#[test]
fn unknown_field() {
    let d = check(|dir| edit_line(dir, T1, 11, "colour = \"red\""));
    assert_reported(&d, Severity::Error, T1, 11, "unknown field `colour`");
}

#[test]
fn duplicate_id() {
    let d = check(|dir| fs::write(dir.join("items/t2/t1-1.toml"), item("t1-1", "t2")).unwrap());
    assert_reported(
        &d,
        Severity::Error,
        "items/t2/t1-1.toml",
        1,
        "duplicate id \"t1-1\"",
    );
}

#[test]
fn id_not_matching_file_name() {
    let d = check(|dir| edit_line(dir, T1, 1, "id = \"t1-9\""));
    assert_reported(&d, Severity::Error, T1, 1, "does not match the file name");
}

#[test]
fn key_not_among_options() {
    let d = check(|dir| edit_line(dir, T1, 8, "key = \"E\""));
    assert_reported(
        &d,
        Severity::Error,
        T1,
        8,
        "key \"E\" is not among the options (A to D)",
    );
}

#[test]
fn duplicate_options() {
    let d = check(|dir| edit_line(dir, T1, 7, "options = [\"Alfa\", \"Beta\", \"alfa\"]"));
    assert_reported(
        &d,
        Severity::Error,
        T1,
        7,
        "option C repeats an earlier option",
    );
}

#[test]
fn too_few_options() {
    let d = check(|dir| edit_line(dir, T1, 7, "options = [\"Alfa\", \"Beta\"]"));
    assert_reported(&d, Severity::Error, T1, 7, "3 to 5 options");
}

#[test]
fn unknown_topic() {
    let d = check(|dir| edit_line(dir, T1, 2, "topic = \"t9\""));
    assert_reported(&d, Severity::Error, T1, 2, "unknown topic \"t9\"");
}

#[test]
fn unknown_status() {
    let d = check(|dir| edit_line(dir, T1, 3, "status = \"live\""));
    assert_reported(&d, Severity::Error, T1, 3, "status \"live\"");
}

#[test]
fn parameters_out_of_range() {
    let d = check(|dir| {
        edit_line(dir, T1, 14, "a = 9.0");
        edit_line(dir, T1, 15, "b = -7");
        edit_line(dir, T1, 16, "c = 0.8");
    });
    assert_reported(&d, Severity::Error, T1, 14, "parameter a = 9 is outside");
    assert_reported(&d, Severity::Error, T1, 15, "parameter b = -7 is outside");
    assert_reported(&d, Severity::Error, T1, 16, "parameter c = 0.8 is outside");
}

#[test]
fn calibrated_parameters_need_n_and_date() {
    let d = check(|dir| edit_line(dir, T1, 17, "source = \"calibrated\""));
    assert_reported(&d, Severity::Error, T1, 17, "need n and calibrated_on");
}

#[test]
fn enemy_pointing_nowhere() {
    let d = check(|dir| edit_line(dir, T1, 11, "enemies = [\"t1-2\", \"ghost\"]"));
    assert_reported(
        &d,
        Severity::Error,
        T1,
        11,
        "enemy \"ghost\" is not an item",
    );
    assert!(
        !d.iter().any(|d| d.message.contains("t1-2\" is not")),
        "{}",
        render(&d)
    );
}

#[test]
fn item_citing_no_law() {
    let d = check(|dir| edit_line(dir, T1, 10, "references = []"));
    assert_reported(&d, Severity::Error, T1, 10, "cites no law");
}

#[test]
fn malformed_or_unknown_law_reference() {
    let d = check(|dir| {
        edit_line(dir, T1, 10, "references = [\"fvl § 6\"]");
        edit_line(
            dir,
            "items/t1/t1-2.toml",
            10,
            "references = [\"forvaltningsloven seks\"]",
        );
        edit_line(
            dir,
            "items/t1/t1-3.toml",
            10,
            "references = [\"nye forvaltningsloven § 14\"]",
        );
    });
    assert_reported(&d, Severity::Error, T1, 10, "unknown act \"fvl\"");
    assert_reported(
        &d,
        Severity::Error,
        "items/t1/t1-2.toml",
        10,
        "must be written",
    );
    assert_reported(
        &d,
        Severity::Error,
        "items/t1/t1-3.toml",
        10,
        "not in force yet",
    );
}

#[test]
fn topic_below_its_minimum_of_active_items() {
    let d = check(|dir| edit_line(dir, T1, 3, "status = \"draft\""));
    assert_reported(
        &d,
        Severity::Error,
        "blueprint.toml",
        11,
        "topic \"t1\" has 2 active items, below the bank minimum of 3",
    );
}

#[test]
fn topic_without_file_and_file_without_topic() {
    let d = check(|dir| {
        fs::rename(dir.join("topics/t2.toml"), dir.join("topics/t3.toml")).unwrap();
    });
    assert_reported(
        &d,
        Severity::Error,
        "blueprint.toml",
        16,
        "topic \"t2\" has no file",
    );
    assert_reported(
        &d,
        Severity::Error,
        "topics/t3.toml",
        1,
        "not in blueprint.toml",
    );
}

#[test]
fn inconsistent_blueprint() {
    let d = check(|dir| {
        let text = BLUEPRINT
            .replace("max_items = 4", "max_items = 1")
            .replace("min_items = 2", "min_items = 1");
        fs::write(dir.join("blueprint.toml"), text).unwrap();
    });
    assert_reported(
        &d,
        Severity::Error,
        "blueprint.toml",
        2,
        "topic minimums add up to 2",
    );
}

#[test]
fn stale_review_date_is_a_warning() {
    let d = check(|dir| edit_line(dir, T1, 5, "reviewed = 2020-01-15"));
    assert_reported(
        &d,
        Severity::Warning,
        T1,
        5,
        "last reviewed 2020-01-15, more than 730 days ago",
    );
    assert!(d.iter().all(|d| d.severity == Severity::Warning));
}

#[test]
fn not_utf8() {
    let d = check(|dir| fs::write(dir.join(T1), b"id = \"t1-1\"\nstem = \"\xff\"\n").unwrap());
    assert_reported(&d, Severity::Error, T1, 2, "not valid UTF-8");
}

#[test]
fn shipped_bank_is_valid_with_every_topic_at_its_minimum() {
    let loaded = bank::load(&crate::support::repo().join("item-bank"), TODAY);
    let errors: Vec<String> = loaded.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let bank = loaded.bank.unwrap();
    let active = bank
        .items
        .iter()
        .filter(|i| i.status == bank::Status::Active)
        .count();
    // 311 since 2026-12-06 (issue 18 asks for at least 310, every topic at least 20): taus-018,
    // ark-018, vedt-025 and vedt-029 activated after checking them, and eight new items. The
    // per-topic floor is checked below.
    assert!(active >= 311, "{active} active items");
    for (t, topic) in bank.topics.iter().enumerate() {
        let n = bank
            .items
            .iter()
            .filter(|i| i.topic == t && i.status == bank::Status::Active)
            .count();
        assert!(n >= 20, "{}: {n}", topic.id);
        assert!(
            !topic.reflection.is_empty(),
            "{} has no reflection questions",
            topic.id
        );
    }
    for item in &bank.items {
        assert!(!item.references.is_empty(), "{} cites no law", item.id);
    }
}

#[test]
fn cites_finds_items_by_section_and_ledd() {
    let bank = bank::load(&crate::support::repo().join("item-bank"), TODAY)
        .bank
        .unwrap();
    let query = bank::LawRef::parse("forvaltningsloven § 6").unwrap();
    let hits: Vec<&str> = bank
        .items
        .iter()
        .filter(|i| i.cites(&query))
        .map(|i| i.id.as_str())
        .collect();
    assert!(hits.contains(&"hab-001"), "{hits:?}");
    let narrower = bank::LawRef::parse("forvaltningsloven § 6 første ledd bokstav b").unwrap();
    assert!(bank.item("hab-001").unwrap().cites(&narrower));
    let other = bank::LawRef::parse("forvaltningsloven § 6 andre ledd").unwrap();
    assert!(!bank.item("hab-001").unwrap().cites(&other));
}

#[test]
fn exposure_file_is_checked_against_the_bank() {
    let d = check(|dir| {
        fs::write(
            dir.join("exposure.csv"),
            "id,k\nt1-1,0.5\nghost,0.2\nt1-2,1.7\n",
        )
        .unwrap()
    });
    assert_reported(
        &d,
        Severity::Error,
        "exposure.csv",
        3,
        "unknown item \"ghost\"",
    );
    assert_reported(
        &d,
        Severity::Error,
        "exposure.csv",
        4,
        "k = \"1.7\" must be a number in [0, 1]",
    );
    assert_reported(
        &d,
        Severity::Warning,
        "exposure.csv",
        1,
        "active item(s) have no exposure parameter",
    );
}

#[test]
fn exposure_file_becomes_sympson_hetter_for_live_tests() {
    let dir = TempDir::new("bank");
    write_bank(dir.path());
    let rows: String = ["t1-1", "t1-2", "t1-3", "t2-1", "t2-2", "t2-3"]
        .iter()
        .map(|id| format!("{id},0.5\n"))
        .collect();
    fs::write(dir.path().join("exposure.csv"), format!("id,k\n{rows}")).unwrap();
    let loaded = bank::load(dir.path(), TODAY);
    assert!(
        loaded.warnings().all(|d| !d.path.ends_with("exposure.csv")),
        "{:?}",
        loaded.diagnostics
    );
    let bank = loaded.bank.unwrap();
    let (_, items) = bank.pool(bank::Status::Active);
    assert_eq!(
        bank.live_exposure(&items),
        forvalt::cat::Exposure::SympsonHetter { k: vec![0.5; 6] }
    );
}

#[test]
fn repealed_act_is_an_error_in_active_items_and_a_warning_in_drafts() {
    let d = check(|dir| {
        edit_line(dir, T1, 10, "references = [\"arkivlova § 6\"]");
        edit_line(
            dir,
            "items/t2/t2-1.toml",
            10,
            "references = [\"arkivlova § 6\"]",
        );
        edit_line(dir, "items/t2/t2-1.toml", 3, "status = \"draft\"");
        fs::write(dir.join("items/t2/t2-4.toml"), item("t2-4", "t2")).unwrap();
    });
    assert_reported(
        &d,
        Severity::Error,
        T1,
        10,
        "\"arkivlova\" (LOV-1992-12-04-126) is repealed",
    );
    assert_reported(
        &d,
        Severity::Warning,
        "items/t2/t2-1.toml",
        10,
        "is repealed",
    );
    assert!(
        !d.iter()
            .any(|d| d.severity == Severity::Error && d.path.ends_with("t2-1.toml")),
        "{}",
        render(&d)
    );
}

#[test]
fn key_that_stands_out_by_length_is_a_warning_at_its_key_line() {
    let d = check(|dir| {
        edit_line(
            dir,
            T1,
            7,
            "options = [\"Alfa\", \"Beta med mye ekstra tekst\", \"Gamma\", \"Delta\"]",
        );
        // Longest, but not by a clear margin: no warning.
        edit_line(
            dir,
            "items/t2/t2-1.toml",
            7,
            "options = [\"Alfa alfa\", \"Beta beta!\", \"Gamma\", \"Delta\"]",
        );
    });
    assert_reported(
        &d,
        Severity::Warning,
        T1,
        8,
        "the key is the longest option by a clear margin (25 characters, the next 5)",
    );
    assert!(
        !d.iter()
            .any(|d| d.path.ends_with("t2-1.toml") && d.message.contains("clear margin")),
        "{}",
        render(&d)
    );
}

#[test]
fn stats_report_the_share_of_keys_that_are_longest_and_key_positions() {
    let dir = TempDir::new("bank");
    write_bank(dir.path());
    edit_line(
        dir.path(),
        T1,
        7,
        "options = [\"Alfa\", \"Beta er lengst\", \"Gamma\", \"Delta\"]",
    );
    // "Delta" ties with "Gamma" (ties count as longest); "Alfa" is not the longest.
    edit_line(dir.path(), "items/t2/t2-1.toml", 8, "key = \"A\"");
    edit_line(dir.path(), "items/t2/t2-2.toml", 8, "key = \"D\"");
    let bank = bank::load(dir.path(), TODAY).bank.unwrap();
    let stats = bank::stats::compute(&bank);
    assert_eq!(stats.cues.active, 6);
    assert_eq!(
        stats.cues.key_longest, 2,
        "t1-1's key, and t2-2's tied with C"
    );
    assert_eq!(stats.cues.key_positions, [1, 4, 0, 1, 0]);
    // "Beta" has "Gamma" and "Delta" above it; "Alfa" too; "Delta" (t2-2) has none.
    assert_eq!(stats.cues.key_length_ranks, [2, 0, 4, 0, 0]);
    assert!((stats.cues.key_longest_share() - 2.0 / 6.0).abs() < 1e-12);
    assert!((stats.cues.chance_share() - 0.25).abs() < 1e-12);
    let text = bank::stats::render(&stats);
    assert!(
        text.contains("The key is the longest option in 2 of 6 active items (33 %; chance 25 %)"),
        "{text}"
    );
    assert!(text.contains("Key position: A 1 B 4 C 0 D 1\n"), "{text}");
    assert!(
        text.contains("Options longer than the key: 0: 2 1: 0 2: 4 3: 0\n"),
        "{text}"
    );
}

/// `laws.toml` with ledd counts for forvaltningsloven § 6 (four ledd) and § 41 (one).
fn laws_with_ledd() -> String {
    LAWS.replacen(
        "in_force = true\n",
        "in_force = true\nledd = { \"6\" = 4, \"41\" = 1 }\n",
        1,
    )
}

#[test]
fn section_with_several_ledd_cited_without_one_is_a_warning() {
    let d = check(|dir| {
        fs::write(dir.join("laws.toml"), laws_with_ledd()).unwrap();
        edit_line(
            dir,
            T1,
            10,
            "references = [\"forvaltningsloven § 6\", \"forvaltningsloven § 41\"]",
        );
        edit_line(
            dir,
            "items/t1/t1-2.toml",
            10,
            "references = [\"forvaltningsloven § 6 femte ledd\"]",
        );
        edit_line(
            dir,
            "items/t1/t1-3.toml",
            10,
            "references = [\"forvaltningsloven § 6 tredje og fjerde ledd\", \"forvaltningsloven § 17\"]",
        );
    });
    assert_reported(
        &d,
        Severity::Warning,
        T1,
        10,
        "forvaltningsloven § 6 has 4 ledd: cite the ledd the rule is in",
    );
    assert_reported(
        &d,
        Severity::Warning,
        "items/t1/t1-2.toml",
        10,
        "cites ledd 5, but forvaltningsloven § 6 has 4 ledd",
    );
    let ledd_warnings: Vec<String> = d
        .iter()
        .filter(|d| d.message.contains("ledd"))
        .map(|d| d.to_string())
        .collect();
    // § 41 has one ledd, § 17 is not in laws.toml, and t1-3 names ledd that exist.
    assert_eq!(ledd_warnings.len(), 2, "{ledd_warnings:?}");
}

#[test]
fn malformed_ledd_counts_in_laws_toml_are_errors() {
    let d = check(|dir| {
        fs::write(
            dir.join("laws.toml"),
            LAWS.replacen(
                "in_force = true\n",
                "in_force = true\nledd = { \"6 a\" = 2, \"7\" = 0 }\n",
                1,
            ),
        )
        .unwrap()
    });
    assert_reported(&d, Severity::Error, "laws.toml", 1, "section \"6 a\"");
    assert_reported(&d, Severity::Error, "laws.toml", 1, "§ 7 has 0 ledd");
}

#[test]
fn shipped_bank_has_no_length_cue_and_cites_ledd() {
    let loaded = bank::load(&crate::support::repo().join("item-bank"), TODAY);
    let bank = loaded.bank.as_ref().unwrap();
    let cues = bank::stats::compute(bank).cues;
    // No rank by length is much more common than chance (a quarter each with four options).
    for (longer, n) in cues.key_length_ranks.iter().take(4).enumerate() {
        assert!(
            *n as f64 / cues.active as f64 <= 0.35,
            "{n} of {} keys have {longer} longer option(s)",
            cues.active
        );
    }
    assert!(
        cues.key_longest_share() <= 0.30,
        "the key is the longest option in {} of {} active items",
        cues.key_longest,
        cues.active
    );
    for (ix, n) in cues.key_positions.iter().take(4).enumerate() {
        let share = *n as f64 / cues.active as f64;
        assert!(
            (0.15..=0.35).contains(&share),
            "key position {} in {n} of {} active items",
            bank::Item::letter(ix),
            cues.active
        );
    }
    let active_paths: Vec<&Path> = bank
        .items
        .iter()
        .filter(|i| i.status == bank::Status::Active)
        .map(|i| i.path.as_path())
        .collect();
    let flagged: Vec<String> = loaded
        .warnings()
        .filter(|d| active_paths.contains(&d.path.as_path()))
        .filter(|d| d.message.contains("clear margin") || d.message.contains(" ledd"))
        .map(|d| d.to_string())
        .collect();
    assert!(flagged.is_empty(), "{}", flagged.join("\n"));
}

/// The small bank with the new act replacing forvaltningsloven, t1-1 flagged (its answer changes)
/// with a successor draft t1-9, t1-2 with a counterpart in the new act, t1-3 with none.
fn bank_for_transition(dir: &Path) {
    let laws = LAWS.replace(
        "title = \"Forvaltningsloven 2025\"\nin_force = false\n",
        "title = \"Forvaltningsloven 2025\"\nin_force = false\nreplaces = \"forvaltningsloven\"\n",
    );
    fs::write(dir.join("laws.toml"), laws).unwrap();
    let with_future = |id: &str, extra: &str| {
        item(id, "t1").replace(
            "enemies = []",
            &format!("future_references = [\"nye forvaltningsloven § 28\"]\n{extra}enemies = []"),
        )
    };
    fs::write(
        dir.join(T1),
        with_future("t1-1", "future_change = \"Ny ordlyd\"\n"),
    )
    .unwrap();
    fs::write(dir.join("items/t1/t1-2.toml"), with_future("t1-2", "")).unwrap();
    let successor = item("t1-9", "t1")
        .replace("status = \"active\"", "status = \"draft\"")
        .replace(
            "references = [\"forvaltningsloven § 6 første ledd\"]",
            "references = [\"nye forvaltningsloven § 28\"]\nsuccessor_of = \"t1-1\"",
        );
    fs::write(dir.join("items/t1/t1-9.toml"), successor).unwrap();
}

#[test]
fn enter_into_force_plan_retires_flagged_items_and_counts_topics() {
    let dir = TempDir::new("bank");
    write_bank(dir.path());
    bank_for_transition(dir.path());
    let loaded = bank::load(dir.path(), TODAY);
    let errors: Vec<String> = loaded.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let bank = loaded.bank.unwrap();
    let plan =
        bank::transition::plan(&bank, "LOV-2025-06-20-81", jiff::civil::date(2027, 7, 1)).unwrap();
    assert_eq!(plan.replaces, "forvaltningsloven");
    let retired: Vec<(&str, Vec<&str>)> = plan
        .retired
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.successors.iter().map(|s| s.as_str()).collect(),
            )
        })
        .collect();
    // t1-1's answer changes (replaced by t1-9); t1-3 and t2-* have no counterpart recorded.
    assert_eq!(retired[0], ("t1-1", vec!["t1-9"]));
    assert!(matches!(
        plan.retired[0].reason,
        bank::transition::RetireReason::AnswerChanges(_)
    ));
    let ids: Vec<&str> = retired.iter().map(|r| r.0).collect();
    assert_eq!(ids, ["t1-1", "t1-3", "t2-1", "t2-2", "t2-3"]);
    assert_eq!(plan.remapped.len(), 1);
    assert_eq!(plan.remapped[0].id, "t1-2");
    assert_eq!(
        plan.remapped[0].references[0].to_string(),
        "nye forvaltningsloven § 28"
    );
    let t1 = &plan.topics[0];
    assert_eq!((t1.active_now, t1.kept, t1.with_successors), (3, 1, 2));
    assert!(!plan.topics_ok_with_successors(), "minimum is 3");
    let text = bank::transition::render(&plan);
    assert!(text.contains("t1-1\treplaced by t1-9"), "{text}");
    assert!(text.contains("BELOW MINIMUM"), "{text}");

    // An act already in force, or one that replaces nothing, has no plan.
    assert!(bank::transition::plan(&bank, "forvaltningsloven", TODAY).is_err());
}

#[test]
fn successor_and_future_change_are_checked() {
    let d = check(|dir| {
        bank_for_transition(dir);
        edit_line(dir, "items/t1/t1-9.toml", 11, "successor_of = \"t1-404\"");
    });
    assert_reported(
        &d,
        Severity::Error,
        "items/t1/t1-9.toml",
        11,
        "successor_of \"t1-404\" is not an item",
    );
    // Without a successor, the flagged active item is a warning at its future_change line.
    let d = check(|dir| {
        bank_for_transition(dir);
        fs::remove_file(dir.join("items/t1/t1-9.toml")).unwrap();
    });
    assert_reported(&d, Severity::Warning, T1, 12, "no draft has successor_of");
    // future_change without future_references, and an active successor citing the new act.
    let d = check(|dir| {
        bank_for_transition(dir);
        edit_line(dir, "items/t1/t1-2.toml", 11, "future_change = \"x\"");
        edit_line(dir, "items/t1/t1-9.toml", 3, "status = \"active\"");
    });
    assert_reported(
        &d,
        Severity::Error,
        "items/t1/t1-2.toml",
        11,
        "future_change needs future_references",
    );
    assert_reported(
        &d,
        Severity::Error,
        "items/t1/t1-9.toml",
        10,
        "stays draft until it is",
    );
}

/// Every diagnostic of `diagnostics` carries its typed problem, whose English sentence is the
/// message, and `expected` (path suffix, line, English message) are among them word for word:
/// `bank check` prints these sentences unchanged while the browser phrases the problem in the
/// reader's language.
fn assert_typed_and_worded(diagnostics: &[Diagnostic], expected: &[(&str, usize, &str)]) {
    for d in diagnostics {
        let problem = d.problem.as_ref().unwrap_or_else(|| panic!("untyped: {d}"));
        assert_eq!(problem.to_string(), d.message, "{d}");
        for form in forvalt::text::Form::ALL {
            assert_ne!(d.message_in(form), d.message, "{form}: still English: {d}");
        }
    }
    for (file, line, message) in expected {
        assert!(
            diagnostics
                .iter()
                .any(|d| d.path.ends_with(file) && d.line == *line && d.message == *message),
            "expected {file}:{line}: {message}, got:\n{}",
            render(diagnostics)
        );
    }
}

#[test]
fn laws_toml_problems_are_typed_and_worded_as_before() {
    let d = check(|dir| {
        let laws = format!(
            "{LAWS}\n[[act]]\nname = \"forvaltningsloven\"\nid = \"X\"\ntitle = \"X\"\nin_force = true\n\n\
             [[act]]\nname = \"offentleglova\"\nid = \"LOV-2006-05-19-16\"\ntitle = \"Offentleglova\"\n\
             in_force = true\nurl = \"http://lovdata.no/offentleglova\"\nreplaces = \"ingen\"\n\
             ledd = {{ \"9 A\" = 2, \"13\" = 0 }}\n"
        );
        fs::write(dir.join("laws.toml"), laws).unwrap();
    });
    assert_typed_and_worded(
        &d,
        &[
            ("laws.toml", 20, "act \"forvaltningsloven\" is listed twice"),
            (
                "laws.toml",
                26,
                "act \"offentleglova\": ledd lists section \"9 A\"; expected a number with an optional lower-case letter, e.g. 11a",
            ),
            (
                "laws.toml",
                26,
                "act \"offentleglova\": § 13 has 0 ledd; a section has at least one",
            ),
            (
                "laws.toml",
                31,
                "act \"offentleglova\": url \"http://lovdata.no/offentleglova\" must be an https:// address",
            ),
            (
                "laws.toml",
                32,
                "act \"offentleglova\" replaces \"ingen\", which is not another act in laws.toml",
            ),
        ],
    );
}

#[test]
fn blueprint_problems_are_typed_and_worded_as_before() {
    let d = check(|dir| {
        let blueprint = BLUEPRINT
            .replace("se_target = 0.4", "se_target = 2.5")
            .replace("max_exposure = 0.25", "max_exposure = 1.5")
            .replace("min_items = 2", "min_items = 5")
            .replace(
                "[bank]\n",
                "[bank]\njurisdiction = \"SE\"\nlanguage = \"da\"\nforms = [\"nn\", \"sv\"]\n",
            )
            + "\n[[topic]]\nid = \"t2\"\nmin = 1\nmax = 2\n";
        fs::write(dir.join("blueprint.toml"), blueprint).unwrap();
    });
    assert_typed_and_worded(
        &d,
        &[
            (
                "blueprint.toml",
                2,
                "inconsistent blueprint: minimum length 5 must be at least 1 and at most the maximum length 4",
            ),
            ("blueprint.toml", 4, "se_target must be in (0, 2), got 2.5"),
            (
                "blueprint.toml",
                5,
                "max_exposure must be in (0, 1], got 1.5",
            ),
            (
                "blueprint.toml",
                9,
                "unknown jurisdiction \"SE\" in [bank] (known: \"NO\", \"DK\")",
            ),
            (
                "blueprint.toml",
                10,
                "[bank] language \"da\" does not fit the jurisdiction: a Norwegian bank is written in \"nb\"",
            ),
            (
                "blueprint.toml",
                11,
                "unknown written form \"sv\" in [bank] forms (known: \"nb\", \"nn\", \"da\")",
            ),
            ("blueprint.toml", 24, "topic \"t2\" is listed twice"),
        ],
    );
    let d = check(|dir| {
        let blueprint = BLUEPRINT.replace(
            "[bank]\n",
            "[bank]\njurisdiction = \"DK\"\nforms = [\"nn\"]\n",
        );
        fs::write(dir.join("blueprint.toml"), blueprint).unwrap();
    });
    assert_typed_and_worded(
        &d,
        &[(
            "blueprint.toml",
            10,
            "written form \"nn\" in [bank] forms: a bank in \"da\" cannot have it",
        )],
    );
    let d = check(|dir| {
        let blueprint = BLUEPRINT.replace(
            "max_exposure = 0.25\n",
            "max_exposure = 0.25\npretest_target = 0\n",
        );
        let topics = blueprint.find("[[topic]]").unwrap();
        fs::write(dir.join("blueprint.toml"), &blueprint[..topics]).unwrap();
    });
    assert_typed_and_worded(
        &d,
        &[
            ("blueprint.toml", 1, "the blueprint lists no [[topic]]"),
            ("blueprint.toml", 6, "pretest_target must be at least 1"),
        ],
    );
}

#[test]
fn topic_file_problems_are_typed_and_worded_as_before() {
    let d = check(|dir| {
        fs::write(
            dir.join("topics/t1.toml"),
            "id = \"t1\"\nname = \"Tema t1\"\ndescription = \"Om t1.\"\ncovers = [\"forvaltningsloven § 6\"]\nreflection = []\n",
        )
        .unwrap();
        fs::write(
            dir.join("topics/t2.toml"),
            "id = \"t2\"\nname = \"Tema t2\"\ndescription = \"Om t2.\"\ncovers = [\"forvaltningsloven § 6\"]\nreflection = [\"Kva gjer vi?\"]\n\n[nn]\nname = \" \"\ndescription = \"\"\nreflection = [\"\", \"Kvifor?\"]\n",
        )
        .unwrap();
        fs::write(dir.join("topics/t3.toml"), "id = \"t3\"\n").unwrap();
        fs::write(
            dir.join("items/t1/t1-1.toml"),
            item("t1-1", "t1") + "paragraf = 1\n",
        )
        .unwrap();
    });
    assert_typed_and_worded(
        &d,
        &[
            (
                "topics/t1.toml",
                1,
                "no reflection questions for follow-up sessions",
            ),
            ("topics/t2.toml", 8, "[nn] name is empty"),
            ("topics/t2.toml", 9, "[nn] description is empty"),
            (
                "topics/t2.toml",
                10,
                "[nn] has 2 reflection questions, the topic 1",
            ),
            ("topics/t2.toml", 10, "[nn] reflection question 1 is empty"),
            ("topics/t3.toml", 1, "topic \"t3\" is not in blueprint.toml"),
        ],
    );
    let unknown = d
        .iter()
        .find(|d| d.path.ends_with(T1))
        .expect("the unknown field is reported");
    assert!(
        unknown
            .message
            .starts_with("unknown field `paragraf`, expected one of `"),
        "{unknown}"
    );
    assert_eq!(unknown.problem.as_ref().unwrap().code(), "unknown_field");
    assert!(
        unknown
            .message_in(forvalt::text::Form::Nn)
            .starts_with("feltet «paragraf» finst ikkje her (tillatne felt: "),
        "{}",
        unknown.message_in(forvalt::text::Form::Nn)
    );
    let d = check(|dir| fs::remove_file(dir.join("topics/t2.toml")).unwrap());
    assert!(
        d.iter().any(|d| d.path.ends_with("blueprint.toml")
            && d.message.starts_with("topic \"t2\" has no file ")
            && d.message.ends_with("topics/t2.toml")
            && d.problem
                .as_ref()
                .is_some_and(|p| p.code() == "topic_file_missing")),
        "{}",
        render(&d)
    );
}

#[test]
fn exposure_and_law_change_problems_are_typed_and_worded_as_before() {
    let d = check(|dir| {
        fs::write(
            dir.join("exposure.csv"),
            "id,k\nt1-1,0.5\nt1-9,0.5\nt1-2,1.7\n",
        )
        .unwrap();
        fs::write(
            dir.join(bank::LAW_CHANGES_FILE),
            concat!(
                "[[change]]\nact = \"forvaltningsloven\"\nsection = \"første\"\nchanged_on = 2026-07-01\n",
                "[[change]]\nact = \"forvaltningsloven\"\nsection = \"6\"\nledd = 0\nchanged_on = 2026-07-01\n",
                "[[change]]\nact = \"forvaltningsloven\"\nsection = \"6\"\nchanged_on = 2026-07-01T10:00:00\n",
                "[[change]]\nact = \"forvaltningsloven\"\nsection = \"6\"\nchanged_on = 2027-01-01\n",
                "[[change]]\nact = \"forvaltningsloven\"\nsection = \"6\"\nchanged_on = 2027-01-01\n",
            ),
        )
        .unwrap();
    });
    assert_typed_and_worded(
        &d,
        &[
            ("exposure.csv", 3, "unknown item \"t1-9\""),
            ("exposure.csv", 4, "k = \"1.7\" must be a number in [0, 1]"),
            (
                "exposure.csv",
                1,
                "5 active item(s) have no exposure parameter (treated as 1): re-run `forvalt exposure --bank <dir> --out <dir>/exposure.csv`",
            ),
            (
                "law-changes.toml",
                3,
                "section \"første\" must be one section: a number with an optional letter, e.g. 11a",
            ),
            ("law-changes.toml", 8, "ledd 0 must be a number from 1"),
            (
                "law-changes.toml",
                13,
                "changed_on must be a date like 2026-07-01",
            ),
            (
                "law-changes.toml",
                17,
                "changed_on 2027-01-01 is in the future; items are flagged from now on",
            ),
            (
                "law-changes.toml",
                19,
                "forvaltningsloven § 6 changed on 2027-01-01 is listed twice",
            ),
            (
                T1,
                5,
                "cites a changed section, last reviewed 2026-11-01: forvaltningsloven § 6 (changed 2027-01-01); review the item (or `forvalt law apply --to draft|retired`)",
            ),
        ],
    );
    let d = check(|dir| fs::write(dir.join("exposure.csv"), "id,x\nt1-1,0.5\n").unwrap());
    assert_typed_and_worded(
        &d,
        &[("exposure.csv", 1, "missing column \"k\" (need: id,k)")],
    );
}
