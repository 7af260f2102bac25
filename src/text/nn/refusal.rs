//! Refusals in nynorsk.

use crate::text::refusal::*;

pub const REFUSALS: Refusals = Refusals {
    cycle_not_open: |cycle, opens| format!("syklusen «{cycle}» opnar {opens}"),
    deadline_passed: |cycle, deadline| {
        format!(
            "Fristen for «{cycle}» var {deadline}. Fristen for denne gjennomføringa gjekk ut, og \
             testen kan ikkje startast etter fristen."
        )
    },
    grace_over: |cycle, deadline| {
        format!(
            "Fristen for «{cycle}» var {deadline}, og fristen for å fullføre ein påbyrja test er ute."
        )
    },
    no_such_option: |option| format!("svaralternativ {option} finst ikkje"),
    test_not_finished: "testen er ikkje ferdig enno",
    no_such_level: |level, max| format!("nivå {level} finst ikkje (vel 1–{max})"),
    own_admin_role: "du kan ikkje ta frå deg sjølv administratorrolla",
    deactivate_self: "du kan ikkje deaktivere deg sjølv",
    password_links_off: "innlogging med passord er slått av; det blir ikkje sendt passordlenker",
    person_deactivated: "personen er deaktivert; aktiver vedkomande att først",
    message_already_sent: "meldinga er send eller blir send no",
    rows: RowTexts {
        unreadable: |why| format!("rada kunne ikkje lesast ({why})"),
        missing_column: |column| format!("kolonnen «{column}» manglar"),
        empty_employee_id: "tilsetjingsnummeret (employee_id) er tomt",
        employee_id_space: |id| format!("tilsetjingsnummeret «{id}» inneheld mellomrom"),
        duplicate_employee_id: |id, line| {
            format!("tilsetjingsnummeret «{id}» står òg på linje {line}")
        },
        empty_name: "namnet er tomt",
        bad_email: |email| format!("«{email}» er ikkje ei e-postadresse"),
        empty_department: "avdelinga er tom",
        department_empty_part: |path| {
            format!("avdelinga «{path}» har ein tom del (skriv ho som «BUF/Område Nord/Team 3»)")
        },
        bad_role: |role| format!("rolla «{role}» er ikkje ei av caseworker, hr, author og admin"),
        leads: |why| format!("leiar for (leads): {why}"),
        bad_malform: |form| format!("målforma «{form}» er verken nb eller nn"),
    },
    // Calibration
    calibration_running: "ei kalibrering køyrer allereie; vent til ho er ferdig",
    no_calibration_proposal: "det finst ikkje noko kalibreringsforslag",
    calibration_too_few_answers: |item, n, min| {
        format!("{item} har berre {n} svar; nye parametrar kan godtakast frå {min} svar")
    },
};
