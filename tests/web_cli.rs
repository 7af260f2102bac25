//! The administration commands (`users`, `cycles`, `export`) run as a user would run them.

use std::path::Path;
use std::process::Output;

use crate::support::forvalt;
use crate::web::TempDir;

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn db_arg(dir: &TempDir) -> String {
    dir.db().to_str().unwrap().to_string()
}

#[test]
fn roster_import_is_idempotent_and_all_or_nothing() {
    let dir = TempDir::new("web");
    let db = db_arg(&dir);
    let good = dir.path().join("roster.csv");
    std::fs::write(
        &good,
        "employee_id,name,email,department,role\n\
         A100,Kari Nordmann,kari@nav.no,BUF/Område Nord/Team 3,caseworker\n\
         A101,Ola Hansen,ola@nav.no,BUF/Område Nord/Team 4,hr\n",
    )
    .unwrap();
    let first = forvalt(&["users", "import", good.to_str().unwrap(), "--db", &db]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("2 created, 0 updated, 0 unchanged"),
        "{}",
        text(&first)
    );
    let again = forvalt(&["users", "import", good.to_str().unwrap(), "--db", &db]);
    assert!(
        text(&again).contains("0 created, 0 updated, 2 unchanged"),
        "{}",
        text(&again)
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "employee_id,name,email,department,role\n\
         A102,Per,per@nav.no,BUF,caseworker\n\
         A103,Lise,lise,BUF,sjef\n",
    )
    .unwrap();
    let refused = forvalt(&["users", "import", bad.to_str().unwrap(), "--db", &db]);
    assert!(!refused.status.success());
    let message = text(&refused);
    assert!(
        message.contains("nothing imported") && message.contains("bad.csv:line 3"),
        "{message}"
    );
    let list = text(&forvalt(&["users", "list", "--db", &db]));
    assert!(!list.contains("a102"), "nothing half-imported: {list}");
    assert_eq!(list.lines().count(), 2);
}

#[test]
fn users_cycles_and_export_commands() {
    let dir = TempDir::new("web");
    let db = db_arg(&dir);
    let add = forvalt(&[
        "users",
        "add",
        "--employee-id",
        "b200",
        "--name",
        "Kari",
        "--email",
        "k@x.no",
        "--department",
        "BUF/Nord",
        "--role",
        "admin",
        "--db",
        &db,
    ]);
    assert!(add.status.success(), "{}", text(&add));
    assert!(text(&add).contains("b200: password "));
    let reset = forvalt(&["users", "reset-password", "b200", "--db", &db]);
    assert!(
        text(&reset).contains("b200: new password "),
        "{}",
        text(&reset)
    );
    let missing = forvalt(&["users", "reset-password", "nobody", "--db", &db]);
    assert!(!missing.status.success());

    let cycle = forvalt(&[
        "cycles",
        "add",
        "--name",
        "2025–2026",
        "--opens",
        "2025-09-01",
        "--deadline",
        "2026-06-30",
        "--db",
        &db,
    ]);
    assert!(
        text(&cycle).contains("cycle 1: \"2025–2026\""),
        "{}",
        text(&cycle)
    );
    let backwards = forvalt(&[
        "cycles",
        "add",
        "--name",
        "x",
        "--opens",
        "2025-09-01",
        "--deadline",
        "2025-01-01",
        "--db",
        &db,
    ]);
    assert!(!backwards.status.success());

    let out = dir.path().join("export.csv");
    let export = forvalt(&[
        "export",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
        "--db",
        &db,
    ]);
    assert!(export.status.success(), "{}", text(&export));
    assert!(
        text(&export).contains("0 response(s) exported"),
        "{}",
        text(&export)
    );
    assert!(Path::new(&out).exists());
}

#[test]
fn a_newer_database_gives_a_clear_message_not_a_panic() {
    let dir = TempDir::new("web");
    forvalt::store::Store::open(&dir.db())
        .unwrap()
        .force_schema_version(7)
        .unwrap();
    let output = forvalt(&["export", "--db", &db_arg(&dir)]);
    assert_eq!(output.status.code(), Some(2));
    let message = text(&output);
    assert!(
        message.contains("schema version 7") && !message.contains("panicked"),
        "{message}"
    );
}
