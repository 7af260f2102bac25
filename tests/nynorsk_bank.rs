//! Items and topics in nynorsk (`[nn]`): `bank check` refuses a broken nynorsk form with its
//! file and line, warns about active items and topics without one, and the loaded item gives
//! its text in the form asked for (bokmål when it has none).

use std::fs;
use std::path::Path;

use forvalt::bank::{self, Diagnostic, Form, Severity};

use crate::support::{TempDir, repo};

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 23);
const NN_BANK: &str = "tests/fixtures/bank-nn";
const HAB1: &str = "items/habilitet/hab-001.toml";

/// Copy the nynorsk fixture bank into a temporary folder.
fn copy_bank(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                fs::copy(&path, &target).unwrap();
            }
        }
    }
    copy(&repo().join(NN_BANK), to);
}

/// Load the nynorsk fixture bank after `mutate` has changed it.
fn check(mutate: impl FnOnce(&Path)) -> Vec<Diagnostic> {
    let dir = TempDir::new("nn-bank");
    copy_bank(dir.path());
    mutate(dir.path());
    let loaded = bank::load(dir.path(), TODAY);
    assert_eq!(loaded.bank.is_some(), loaded.errors().next().is_none());
    loaded.diagnostics
}

/// Replace the first occurrence of `from` in a file of the bank.
fn replace(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn assert_error(diagnostics: &[Diagnostic], file: &str, line: usize, text: &str) {
    let found = diagnostics.iter().any(|d| {
        d.severity == Severity::Error
            && d.path.ends_with(file)
            && d.line == line
            && d.message.contains(text)
    });
    assert!(
        found,
        "expected error {file}:{line}: …{text}…, got:\n{}",
        diagnostics
            .iter()
            .map(|d| format!("{:?} {d}\n", d.severity))
            .collect::<String>()
    );
}

#[test]
fn nynorsk_fixture_bank_is_complete_and_gives_each_form() {
    let loaded = bank::load(&repo().join(NN_BANK), TODAY);
    let nn_warnings: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("nynorsk") || d.message.contains("[nn]"))
        .map(|d| d.to_string())
        .collect();
    assert!(nn_warnings.is_empty(), "{}", nn_warnings.join("\n"));
    let bank = loaded.bank.expect("the fixture bank loads");
    let item = bank.item("hab-001").unwrap();
    let nn = item.text(Form::Nn);
    assert_eq!(nn.form, Form::Nn);
    assert_eq!(
        nn.stem,
        "Testspørsmål 1 om habilitet: kva for eit svar er rett?"
    );
    assert_eq!(nn.options.len(), item.options.len());
    assert_eq!(nn.options[item.key], "Svar B for hab-001");
    assert_eq!(
        nn.explanation,
        "Forklaring til hab-001: B er rett etter lova."
    );
    let nb = item.text(Form::Nb);
    assert_eq!((nb.form, nb.stem), (Form::Nb, item.stem.as_str()));
    assert_eq!(
        nb.version(item.key),
        item.version,
        "bokmål text is the item version"
    );
    assert_ne!(nn.version(item.key), item.version);
    let topic = &bank.topics[item.topic];
    assert_eq!(topic.text(Form::Nn).name, "Habilitet");
    assert_eq!(
        topic.text(Form::Nn).reflection,
        ["Kva tyder dette i kvardagen din?"]
    );
    assert_eq!(topic.text(Form::Nb).description, topic.description);
    assert!(bank.items.iter().all(|i| i.nn.is_some()));
}

#[test]
fn item_and_topic_without_nynorsk_fall_back_to_bokmal_with_a_warning() {
    let loaded = bank::load(&repo().join("tests/fixtures/bank"), TODAY);
    assert!(loaded.errors().next().is_none());
    let warnings: Vec<&Diagnostic> = loaded.warnings().collect();
    let items = warnings
        .iter()
        .filter(|d| d.message.contains("active item without a nynorsk form"))
        .count();
    let topics = warnings
        .iter()
        .filter(|d| d.message.contains("topic without a nynorsk form"))
        .count();
    assert_eq!((items, topics), (18, 3));
    let bank = loaded.bank.unwrap();
    let item = bank.item("hab-001").unwrap();
    let text = item.text(Form::Nn);
    assert_eq!((text.form, text.stem), (Form::Nb, item.stem.as_str()));
    assert_eq!(bank.topics[0].text(Form::Nn).name, bank.topics[0].name);
}

#[test]
fn nynorsk_form_with_another_number_of_options_is_an_error_at_its_line() {
    let d = check(|dir| replace(dir, HAB1, "  \"Svar D for hab-001\",\n", ""));
    assert_error(&d, HAB1, 30, "[nn] has 3 options, the item 4");
}

#[test]
fn empty_or_repeated_nynorsk_fields_are_errors_at_their_lines() {
    let d = check(|dir| {
        replace(
            dir,
            HAB1,
            "Testspørsmål 1 om habilitet: kva for eit svar er rett?",
            " ",
        );
        replace(dir, HAB1, "Svar C for hab-001", "");
        replace(dir, HAB1, "Svar D for hab-001", "svar b for hab-001");
        replace(
            dir,
            HAB1,
            "Forklaring til hab-001: B er rett etter lova.",
            "",
        );
    });
    assert_error(&d, HAB1, 28, "[nn] stem is empty");
    assert_error(&d, HAB1, 33, "[nn] option C is empty");
    assert_error(&d, HAB1, 34, "[nn] option D repeats an earlier option");
    assert_error(&d, HAB1, 37, "[nn] explanation is empty");
}

#[test]
fn missing_or_unknown_field_in_nynorsk_form_is_an_error_at_its_line() {
    let d = check(|dir| {
        replace(
            dir,
            HAB1,
            "explanation = \"Forklaring til hab-001: B er rett etter lova.\"",
            "",
        )
    });
    assert_error(&d, HAB1, 27, "missing field `explanation`");
    let d = check(|dir| replace(dir, HAB1, "[nn]\n", "[nn]\nkey = \"C\"\n"));
    assert_error(&d, HAB1, 28, "unknown field `key`");
}

#[test]
fn topic_nynorsk_form_needs_every_reflection_question_and_a_name() {
    let file = "topics/klage.toml";
    let d = check(|dir| {
        replace(
            dir,
            file,
            "reflection = [\"Kva tyder dette i kvardagen din?\"]",
            "reflection = [\"Kva tyder dette?\", \"Og kva så?\"]",
        );
        replace(dir, file, "[nn]\nname = \"Klage\"", "[nn]\nname = \"\"");
    });
    assert_error(&d, file, 8, "[nn] name is empty");
    assert_error(&d, file, 10, "[nn] has 2 reflection questions, the topic 1");
}

/// A bank that declares nynorsk (`[bank] forms = ["nb", "nn"]`, as the shipped bank does) is
/// refused when an active item or a topic lacks its `[nn]` form, at the item's id and the topic
/// file; an unknown form is refused at its line.
#[test]
fn a_bank_declaring_nynorsk_refuses_an_item_or_topic_without_it() {
    let declare = |dir: &Path| {
        replace(
            dir,
            "blueprint.toml",
            "min_active_per_topic = 6\n",
            "min_active_per_topic = 6\nforms = [\"nb\", \"nn\"]\n",
        )
    };
    let strip_nn = |dir: &Path, file: &str| {
        let path = dir.join(file);
        let text = fs::read_to_string(&path).unwrap();
        let cut = text.find("[nn]").expect("the fixture has an [nn] form");
        fs::write(path, &text[..cut]).unwrap();
    };
    // Declared and complete: no error.
    assert!(check(declare).iter().all(|d| d.severity != Severity::Error));
    let d = check(|dir| {
        declare(dir);
        strip_nn(dir, HAB1);
        strip_nn(dir, "topics/klage.toml");
    });
    assert_error(&d, HAB1, 1, "active item without a nynorsk form");
    assert_error(&d, "topics/klage.toml", 1, "topic without a nynorsk form");
    // Not declared: the same gaps are warnings, and the bank loads.
    let d = check(|dir| {
        strip_nn(dir, HAB1);
    });
    assert!(d.iter().all(|d| d.severity != Severity::Error), "{d:?}");
    let d = check(|dir| {
        replace(
            dir,
            "blueprint.toml",
            "min_active_per_topic = 6\n",
            "min_active_per_topic = 6\nforms = [\"nb\", \"sv\"]\n",
        )
    });
    assert_error(&d, "blueprint.toml", 12, "unknown written form \"sv\"");
    // Danish is a language, but not a form a Norwegian bank can have.
    let d = check(|dir| {
        replace(
            dir,
            "blueprint.toml",
            "min_active_per_topic = 6\n",
            "min_active_per_topic = 6\nforms = [\"nb\", \"da\"]\n",
        )
    });
    assert_error(
        &d,
        "blueprint.toml",
        12,
        "written form \"da\" in [bank] forms: a bank in \"nb\" cannot have it",
    );
}

/// The shipped bank declares nynorsk and has it for every active item and topic.
#[test]
fn the_shipped_bank_is_complete_in_nynorsk() {
    let loaded = bank::load(&repo().join("item-bank"), TODAY);
    let errors: Vec<String> = loaded.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let bank = loaded.bank.unwrap();
    for item in bank
        .items
        .iter()
        .filter(|i| i.status == bank::Status::Active)
    {
        assert!(item.nn.is_some(), "{} has no nynorsk form", item.id);
    }
    for topic in &bank.topics {
        assert!(topic.nn.is_some(), "topic {} has no nynorsk form", topic.id);
    }
}
