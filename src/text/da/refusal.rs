//! Refusals in Danish.

use crate::text::refusal::*;

pub const REFUSALS: Refusals = Refusals {
    cycle_not_open: |cycle, opens| format!("runden «{cycle}» åbner {opens}"),
    deadline_passed: |cycle, deadline| {
        format!(
            "Fristen for «{cycle}» var {deadline}. Fristen for denne runde er overskredet, og \
             testen kan ikke påbegyndes efter fristen."
        )
    },
    grace_over: |cycle, deadline| {
        format!(
            "Fristen for «{cycle}» var {deadline}, og fristen for at gennemføre en påbegyndt test \
             er udløbet."
        )
    },
    no_such_option: |option| format!("svarmulighed {option} findes ikke"),
    test_not_finished: "testen er ikke færdig endnu",
    no_such_level: |level, max| format!("niveau {level} findes ikke (vælg 1–{max})"),
    own_admin_role: "du kan ikke fratage dig selv administratorrollen",
    deactivate_self: "du kan ikke deaktivere dig selv",
    password_links_off: "login med adgangskode er slået fra; der sendes ingen links til adgangskoder",
    person_deactivated: "personen er deaktiveret; genaktivér først",
    message_already_sent: "beskeden er sendt eller ved at blive sendt",
    rows: RowTexts {
        unreadable: |why| format!("rækken kunne ikke læses ({why})"),
        missing_column: |column| format!("kolonnen «{column}» mangler"),
        empty_employee_id: "medarbejdernummeret (employee_id) er tomt",
        employee_id_space: |id| format!("medarbejdernummeret «{id}» indeholder mellemrum"),
        duplicate_employee_id: |id, line| {
            format!("medarbejdernummeret «{id}» står også i linje {line}")
        },
        empty_name: "navnet er tomt",
        bad_email: |email| format!("«{email}» er ikke en e-mailadresse"),
        empty_department: "afdelingen er tom",
        department_empty_part: |path| {
            format!("afdelingen «{path}» har en tom del (skriv den som «BUF/Område Nord/Team 3»)")
        },
        bad_role: |role| format!("rollen «{role}» er ikke en af caseworker, hr, author og admin"),
        leads: |why| format!("leder af (leads): {why}"),
        bad_malform: |form| format!("målformen «{form}» er hverken nb eller nn"),
    },
    // Calibration
    calibration_running: "en kalibrering kører allerede; vent til den er færdig",
    no_calibration_proposal: "der er intet kalibreringsforslag",
    calibration_too_few_answers: |item, n, min| {
        format!("{item} har kun {n} svar; nye parametre kan godkendes fra {min} svar")
    },
};
