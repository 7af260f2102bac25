//! Refusals in bokmål.

use crate::text::refusal::*;

pub const REFUSALS: Refusals = Refusals {
    cycle_not_open: |cycle, opens| format!("syklusen «{cycle}» åpner {opens}"),
    deadline_passed: |cycle, deadline| {
        format!("Fristen for «{cycle}» var {deadline}. Testen kan ikke startes etter fristen.")
    },
    grace_over: |cycle, deadline| {
        format!(
            "Fristen for «{cycle}» var {deadline}, og fristen for å fullføre en påbegynt test er ute."
        )
    },
    no_such_option: |option| format!("svaralternativ {option} finnes ikke"),
    test_not_finished: "testen er ikke ferdig ennå",
    no_such_level: |level, max| format!("nivå {level} finnes ikke (velg 1–{max})"),
    own_admin_role: "du kan ikke ta fra deg selv administratorrollen",
    deactivate_self: "du kan ikke deaktivere deg selv",
    password_links_off: "innlogging med passord er slått av; det sendes ingen passordlenker",
    person_deactivated: "personen er deaktivert; reaktiver først",
    message_already_sent: "meldingen er sendt eller sendes nå",
    rows: RowTexts {
        unreadable: |why| format!("raden kunne ikke leses ({why})"),
        missing_column: |column| format!("kolonnen «{column}» mangler"),
        empty_employee_id: "ansattnummeret (employee_id) er tomt",
        employee_id_space: |id| format!("ansattnummeret «{id}» inneholder mellomrom"),
        duplicate_employee_id: |id, line| {
            format!("ansattnummeret «{id}» står også på linje {line}")
        },
        empty_name: "navnet er tomt",
        bad_email: |email| format!("«{email}» er ikke en e-postadresse"),
        empty_department: "avdelingen er tom",
        department_empty_part: |path| {
            format!("avdelingen «{path}» har en tom del (skriv den som «BUF/Område Nord/Team 3»)")
        },
        bad_role: |role| format!("rollen «{role}» er ikke en av caseworker, hr, author og admin"),
        leads: |why| format!("leder for (leads): {why}"),
        bad_malform: |form| format!("målformen «{form}» er verken nb eller nn"),
    },
    // Calibration
    calibration_running: "en kalibrering kjører allerede; vent til den er ferdig",
    no_calibration_proposal: "det finnes ikke noe kalibreringsforslag",
    calibration_too_few_answers: |item, n, min| {
        format!("{item} har bare {n} svar; nye parametre kan godtas fra {min} svar")
    },
};
