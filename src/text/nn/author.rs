//! The author pages in nynorsk.

use crate::text::author::Author;

pub(crate) const AUTHOR: Author = Author {
    status_draft: "utkast",
    status_pretest: "utprøving",
    status_active: "aktiv",
    status_retired: "utgått",
    source_expert: "anslått av fagperson",
    source_calibrated: |on, n| format!("kalibrert {on} frå {n} svar"),

    err_cycle_not_number: "«syklus» må vere eit tal",
    err_choose_law_action: "vel om oppgåvene skal tilbake til utkast eller gå ut",
    err_not_number: |name| format!("«{name}» manglar eller er ikkje eit tal"),
    err_restore_invalid: |why| format!("versjonen kan ikkje hentast fram att: {why}"),
    err_restore_conflict: |by| {
        format!("oppgåva er endra av {by} sidan du såg henne: sjå på henne på nytt")
    },

    bank_title: "Oppgåvebanken",
    back_to_bank: "Tilbake til oppgåvebanken",
    to_bank: "Til oppgåvebanken",
    csv_file: "oppgavestatistikk.csv",
    scope_label: "Svar frå ",
    scope_all: "alle syklusar",
    scope_cycle: |name| format!("syklus {name}"),
    scope_show: "Vis",
    freshness: |when, answers| format!("Statistikk rekna ut {when}, {answers} svar"),
    refreshing: " (ny statistikk blir rekna ut no – last sida på nytt om litt)",
    bank_errors_heading: "Filene i oppgåvebanken har feil",
    bank_errors_rest: " (køyr «forvalt bank check»). Sidene viser banken slik han var då \
                        tenaren starta. Dei første feila:",
    col_item: "Oppgåve",
    col_topic: "Tema",
    col_status: "Status",
    col_answers: "Svar",
    and: " og ",

    tests_in_scope: |n| format!("{n} testar med minst eitt svar i utvalet."),
    h_topics: "Oppgåver per tema, status og vanskegrad",
    h_information: "Testinformasjon per tema",
    h_law: "Lovendringar",
    no_law_changes: "Ingen endra lovføresegner er registrerte.",
    flagged_count: |n| {
        format!(
            "{n} oppgåver viser til ei føresegn som er endra etter at dei sist vart gjennomgått. "
        )
    },
    flagged_link: "Sjå oppgåvene og vel kva som skal skje med dei",
    h_calibration: "Kalibrering",
    calibration_link: "Sjå kalibreringsframlegget og godta nye parametrar",
    h_pretest: "Utprøving",
    no_pretest: "Ingen oppgåver er til utprøving.",
    pretest_caption: |target| {
        format!(
            "Oppgåver til utprøving: svar samla inn mot målet for kalibrering ({target} svar, \
             pretest_target i blueprint.toml)"
        )
    },
    col_progress: "Framdrift",
    pretest_enough: "nok svar: blir ikkje lenger vist i testar; ",
    pretest_calibrate: "kalibrer og set som aktiv",
    pretest_share: |percent, target| format!("{percent} % av {target}"),
    h_statistics: "Oppgåvestatistikk",
    csv_link: "Last ned tabellen som CSV",
    topic_caption: "Talet på oppgåver etter vanskegrad b, mot krava i blåkopien",
    col_sum: "Sum",
    col_required: "Krav",
    required: |min, least, most| format!("minst {min} aktive; {least}–{most} per test"),
    too_few: "for få",
    information_caption: "Fisher-informasjon frå dei beste aktive oppgåvene (så mange som ein \
                          test kan ta) ved ulike dugleiksnivå θ",
    statistics_caption: "Oppgåvene med statistikk frå svara",
    col_share_correct: "Del rette",
    col_point_biserial: "Punkt\u{ad}biserial",
    col_exposure: "Eksponering",
    col_flags: "Merknader",

    attention_heading: "Dette treng merksemd",
    write_new: "Skriv ei ny oppgåve",
    waiting_review: "Ventar på godkjenning frå ein annan forfattar",
    written_by: |names| format!(": skriven av {names}"),
    drafts: "Utkast",
    last_saved_by: |name| format!(": sist lagra av {name}"),
    no_attention: "Ingen oppgåver har varsel.",
    attention_items: |n| format!("Oppgåver med varsel ({n}), viktigast først"),
    wl_uncalibrated_bank: "Ingen aktive oppgåver er kalibrerte enno: vanskegrad og skiljeevne \
                           er anslåtte av fagpersonar. Det gjeld heile banken og står difor \
                           berre her.",
    wl_wrong_way: "dei som elles gjer det godt, svarar oftare feil: sjekk fasiten",
    wl_law_changed: |sections| format!("sitert paragraf er endra ({sections})"),
    wl_too_easy: |p| format!("for lett: {:.0} % rett", p * 100.0),
    wl_too_hard: |p| format!("for vanskeleg: {:.0} % rett", p * 100.0),
    wl_weak: "skil dårleg mellom sterke og svake",
    wl_over_exposed: |rate| format!("blir vist for ofte: i {:.0} % av testane", rate * 100.0),
    wl_review_overdue: |reviewed| format!("bør gåast gjennom fagleg på nytt (sist {reviewed})"),
    wl_form_harder: |nynorsk| {
        format!(
            "{}forma er vanskelegare enn den andre: sjekk omsetjinga",
            if nynorsk { "Nynorsk" } else { "Bokmåls" }
        )
    },
    wl_not_calibrated: "ikkje kalibrert enno",
    wl_key_longest: "rett svar er det lengste alternativet",

    item_title: |id| format!("Oppgåve {id}"),
    edit: "Rediger",
    review_history: "Gjennomgang og historikk",
    copy: "Lag ein kopi",
    author: "Forfattar",
    reviewed: "Sist gjennomgått",
    parameters: "Parametrar",
    references: "Lovtilvisingar",
    version: "Versjon",
    h_as_caseworker: "Slik ser saksbehandlaren oppgåva",
    right_answer: "Rett svar: ",
    explanation: "Forklaring: ",
    in_nynorsk: "På nynorsk",
    h_flags: "Merknader",
    no_flags: "Ingen merknader.",
    h_item_statistics: "Statistikk frå svara",
    pretest_status: |n, target| {
        format!("Til utprøving: {n} av {target} svar som trengst for å kalibrere.")
    },
    key_figures: |scope| format!("Nøkkeltal ({scope})"),
    row_answers: "Talet på svar",
    row_share: "Del rette",
    row_point_biserial: "Punktbiserial (mot θ̂ utan denne oppgåva)",
    row_exposure: "Eksponering (del av testane)",
    exposure_limit: |limit| format!(" (grense {limit})"),
    row_infit: "Infit (venta 1)",
    row_outfit: "Outfit (venta 1)",
    row_median: "Median svartid",
    not_available: "ikkje tilgjengeleg",
    row_population: "Venta del rette blant alle som er testa",
    h_fit: "Modelltilpassing",
    no_answers: "Ingen svar enno.",
    fewer_than_k: |n, k| {
        format!(
            "{n} av dei publiserte testane har svar på oppgåva. Tal rekna frå svara blir viste \
             først når minst {k} personar har svart, så ingen einskildpersons svar kan lesast av."
        )
    },
    fit_caption: "Observert del rette (punkt) mot det modellen ventar (kurve) i \
                  dugleiksgrupper. Tala står i tabellen under.",
    fit_table_caption: "Observert og venta del rette per dugleiksgruppe",
    col_group: "Gruppe",
    col_theta_range: "θ̂ frå–til",
    col_observed: "Observert",
    col_expected: "Venta",
    to: " til ",
    plot_group: |g, observed, expected| {
        format!(
            "gruppe {g}: observert {:.0} %, venta {:.0} %",
            observed * 100.0,
            expected * 100.0
        )
    },
    plot_title: |id| format!("Modelltilpassing for {id}"),
    plot_axis: "θ̂ (dugleik)",

    flag_negative: |r| {
        format!(
            "Negativ diskriminering (punktbiserial {r:.2}): dei som elles gjer det godt, svarar \
             oftare feil. Sjekk fasiten og svaralternativa."
        )
    },
    flag_weak: |r| {
        format!(
            "Svak diskriminering (punktbiserial {r:.2}): oppgåva skil dårleg mellom sterke og \
             svake."
        )
    },
    flag_too_easy: |p| {
        format!(
            "For lett for populasjonen: venta del rette blant alle som er testa, er {:.0} %.",
            p * 100.0
        )
    },
    flag_too_hard: |p| {
        format!(
            "For vanskeleg for populasjonen: venta del rette blant alle som er testa, er {:.0} %.",
            p * 100.0
        )
    },
    flag_over_exposed: |rate, max| {
        format!(
            "Overeksponert: vist i {:.0} % av testane, over grensa på {:.0} %.",
            rate * 100.0,
            max * 100.0
        )
    },
    flag_expert: "Parametrane er anslåtte av ein fagperson, ikkje kalibrerte frå svar.",
    flag_review_overdue: |reviewed, due| {
        format!(
            "Fagleg gjennomgang er på overtid: sist gjennomgått {reviewed}, skulle vore \
             gjennomgått innan {due}."
        )
    },
    flag_law_changed: |list| {
        format!("Viser til ei føresegn som er endra etter siste gjennomgang: {list}.")
    },
    changed_on: |section, on| format!("{section} (endra {on})"),
    flag_form_harder: |nynorsk, delta| {
        format!(
            "{} er vanskelegare enn den andre målforma for folk på same nivå (MH Δ = \
             {delta:.2}, ETS-klasse C): sjekk at dei to formene seier det same og er like klare.",
            if nynorsk {
                "Nynorskforma"
            } else {
                "Bokmålsforma"
            }
        )
    },

    h_forms: "Nynorsk og bokmål",
    no_nn_form: "Oppgåva har inga nynorskform enno.",
    nobody_nn: "Ingen har fått oppgåva på nynorsk enno.",
    forms_too_few: |nb, nn, min| {
        format!(
            "{nb} svar på bokmål og {nn} på nynorsk: for få til å samanlikne formene (det \
             trengst {min} på kvar)."
        )
    },
    forms_verdict: "Nynorsk og bokmål: ",
    dif_equal: "likeverdige",
    dif_nn_slightly: "nynorskforma er litt vanskelegare",
    dif_nb_slightly: "bokmålsforma er litt vanskelegare",
    dif_nn: "nynorskforma er vanskelegare",
    dif_nb: "bokmålsforma er vanskelegare",
    forms_counts: |nb, nn| format!(" ({nb} svar på bokmål, {nn} på nynorsk)."),
    dif_details: |class, delta, se, chi| {
        format!(
            "Mantel–Haenszel med dugleiksgrupper etter θ̂: ETS-klasse {class}, Δ = {delta} \
             (standardfeil {se}), χ² = {chi}. Negativ Δ tyder at nynorskforma er vanskelegare \
             for folk på same nivå; A er utan tyding, B moderat, C stor skilnad."
        )
    },

    calibration_title: "Kalibrering",
    calibration_done: |n| {
        format!("{n} oppgåver har fått kalibrerte parametrar i filene i oppgåvebanken.")
    },
    calibration_help: |dir| {
        format!(
            "Start ei kalibrering med knappen under: tenaren reknar ut eit nytt framlegg frå alle \
             lagra svar medan testane går som vanleg, og sida viser kor langt ho har kome. \
             Aktive, kalibrerte oppgåver blir haldne faste og bestemmer skalaen; dei andre får \
             nye parametrar. Godtekne parametrar blir skrivne i oppgåvefilene med source = \
             \"calibrated\", talet på svar og dato. Alternativt på kommandolinja: «forvalt \
             calibrate --db forvalt.redb --bank {dir} --anchors active»."
        )
    },
    no_proposal: "Det finst ikkje noko kalibreringsframlegg enno.",
    proposal_unreadable: "Framlegget kan ikkje lesast: ",
    proposal_caption: "Framlegg: gamle og nye parametrar (med standardfeil)",
    col_accept: "Godta",
    col_now: "No",
    col_proposal: "Framlegg",
    col_se: "Standardfeil",
    col_note: "Merknad",
    accept_item: |id| format!("Godta {id}"),
    calibrated: "kalibrert",
    estimated: "anslått",
    anchored: "ankeroppgåve (halden fast)",
    not_calibrated: "ikkje kalibrert: ",
    gone: "finst ikkje lenger i banken",
    already_written: "allereie skriven til fila",
    too_few_answers: |n, min| format!("for få svar til å godta: {n} av minst {min}"),
    write_selected: "Skriv dei valde parametrane til oppgåvefilene",
    h_job: "Nytt framlegg",
    job_start: "Start kalibrering",
    job_running: |by, at| format!("Kalibrering starta av {by} {at} køyrer."),
    job_progress: |n, max| format!("EM-runde {n} av høgst {max}"),
    job_refresh: "Oppdater",
    job_auto_on: "Oppdater sida automatisk kvart 15. sekund",
    job_auto_off: "Slå av automatisk oppdatering",
    job_auto_note: "Sida blir oppdatert automatisk kvart 15. sekund medan kalibreringa køyrer.",
    job_finished: |at, rounds, n, converged| {
        format!(
            "Kalibreringa vart ferdig {at} etter {rounds} EM-rundar{}: {n} oppgåver kan godtakast.",
            if converged {
                ""
            } else {
                " (utan å konvergere: sjå framlegget med varsemd)"
            }
        )
    },
    job_failed: |at| format!("Kalibreringa feila {at}:"),
    job_no_answers: "det er ikkje lagra nokon svar på oppgåvene i banken enno.",
    job_bank_invalid: "oppgåvebanken har feil:",
    job_store: "databasen kunne ikkje lesast:",
    job_write: "framlegget kunne ikkje skrivast:",
    job_stopped: "jobben stoppa utan resultat. Start han på nytt.",
    certainty_sure: "sikker",
    certainty_fairly: "nokså sikker",
    certainty_unsure: "usikker",
    certainty_expert: "uvisse ukjend (fagleg overslag)",
    certainty_from_n: "rekna ut frå talet på svar",
    certainty_help: "Kor sikre parametrane er, står i ord ved dei: «sikker» når 95 %-intervallet \
                     for både a og b er høgst 0,5 breitt, «nokså sikker» når det er høgst 1,0 \
                     breitt, elles «usikker». Vanskegraden blir vist i band som er 1 breie, så eit \
                     sikkert overslag hamnar i eitt band, eit usikkert kan hamne i tre.",

    law_title: "Lovendringar",
    law_done: |n| format!("{n} oppgåver er endra i filene i oppgåvebanken."),
    law_help: "Registrer ei endring i skjemaet under: lov, paragraf, eventuelt ledd, og datoen \
               endringa gjeld frå. Ei oppgåve som viser til ei endra føresegn og sist vart \
               gjennomgått før endringa, må gåast gjennom på nytt; lista nedst viser dei. \
               Alternativt på kommandolinja: «forvalt law changed --act … --section … --date …».",
    law_caption: "Registrerte endringar",
    col_section: "Føresegn",
    col_changed: "Endra",
    h_law_review: "Oppgåver som må gåast gjennom",
    nothing_to_review: "Ingen oppgåver må gåast gjennom på grunn av lovendringar.",
    n_items: |n| format!("{n} oppgåver"),
    col_changed_sections: "Endra føresegner",
    law_legend: "Kva skal skje med alle oppgåvene i lista?",
    law_to_draft: "Tilbake til utkast (blir tekne ut av testane til dei er gjennomgått og \
                   aktiverte igjen)",
    law_retire: "Utgått (blir tekne ut av bruk for godt)",
    law_submit: "Endre status i filene",
    h_law_register: "Registrer ei lovendring",
    law_act: "Lov",
    law_section: "Paragraf (eitt tal, eventuelt med bokstav, til dømes 17 eller 11a)",
    law_date: "Endringa gjeld frå (dato, til dømes 2026-07-01)",
    law_note: "Kva er endra (valfritt)",
    law_register_submit: "Registrer endringa",
    law_registered: |n| {
        format!("Endringa er registrert. {n} oppgåver viser til føresegna og må gjennomgåast.")
    },
    law_not_registered: "Endringa er ikkje registrert. Rett felta som er merkte.",
    err_law_act: "Vel ei lov frå lista.",
    err_law_section: "Skriv éin paragraf: eit tal, eventuelt med bokstav, til dømes 11a.",
    err_law_date: "Skriv ein dato som 2026-07-01.",
    err_law_duplicate: "Denne føresegna er alt registrert som endra denne datoen.",
    law_ledd: "Ledd (valfritt, eit tal, til dømes 2)",
    err_law_ledd: "Skriv leddet som eit tal frå 1 og oppover, høgst talet på ledd i paragrafen.",
    ledd_words: |n| format!("{n}. ledd"),

    edit_title: |id| format!("Rediger oppgåve {id}"),
    new_title: "Ny oppgåve",
    conflict_heading: |by| format!("Oppgåva er endra av {by} medan du skreiv"),
    conflict_text: "Ingenting av ditt er lagra enno, og ingenting er tapt: skjemaet under har \
                    teksten din. Dette er endringane den andre gjorde. Ta med det som skal bli \
                    ståande, og lagre på nytt.",
    not_saved: |n| {
        format!("Endringa er ikkje lagra: {n} feil må rettast (sjå meldingane ved felta).")
    },
    error_prefix: "Feil: ",
    warning_prefix: "Åtvaring: ",
    bank_accepts: "Oppgåvebanken godtek endringa.",
    field_topic: "Tema",
    field_stem: "Spørsmål",
    hint_stem: "Situasjonen og spørsmålet, slik saksbehandlaren les det.",
    options_legend: "Svaralternativ (tomme felt blir ikkje tekne med)",
    option_label: |letter| format!("Alternativ {letter}"),
    key_legend: "Rett svar",
    field_explanation: "Forklaring",
    hint_explanation: "Kvifor det rette svaret er rett og dei andre ikkje, med heimel.",
    references_legend: "Heimlar: lov, paragraf, ledd og nr./bokstav (tomme rader blir ikkje \
                        tekne med)",
    ref_act: |n| format!("Lov (heimel {n})"),
    ref_section: |n| format!("Paragraf (heimel {n})"),
    ref_ledd: |n| format!("Ledd (heimel {n})"),
    ref_detail: |n| format!("Nr./bokstav (heimel {n}, t.d. «bokstav a»)"),
    field_future: "Heimlar i vedteken lov som ikkje har tredd i kraft enno (éin per linje)",
    field_tags: "Emneord (skil med komma)",
    field_enemies: "Fiendar: oppgåver som ikkje skal kome i same test (id-ar, skil med komma)",
    field_note: "Kva er endra, og kvifor (blir vist i historikken)",
    preview_button: "Førehandsvis og kontroller",
    save_button: "Lagre utkast",

    no_changes: "Ingen felt er endra.",
    col_field: "Felt",
    col_before: "Før",
    col_after: "Etter",
    diff_fields: [
        "tema",
        "spørsmål",
        "svaralternativ",
        "rett svar",
        "forklaring",
        "heimlar",
        "framtidige heimlar",
        "emneord",
        "fiendar",
    ],

    state_in_review: |names| {
        format!("Til gjennomgang: ventar på godkjenning frå ein annan forfattar enn {names}.")
    },
    state_draft: |by| format!("Utkast (sist lagra av {by})."),
    state_published: |status| format!("Publisert, status {status}."),
    state_unpublished: "Ikkje publisert.",
    ev_imported: "Slik var oppgåva i fila før første endring i nettlesaren",
    ev_saved: "Lagra utkast",
    ev_saved_note: |note| format!("Lagra utkast: {note}"),
    ev_submitted: "Sendt til gjennomgang",
    ev_returned: |comment| format!("Sendt tilbake: {comment}"),
    ev_approved: |revision| format!("Godkjend (versjon {revision}) og skriven til fila"),
    ev_comment: |text| format!("Kommentar: {text}"),
    ev_retired: |reason| format!("Sett som utgått: {reason}"),
    done_sent: "Utkastet er sendt til gjennomgang.",
    done_approved: "Endringa er godkjend og skriven til oppgåvefila. Nye testar bruker henne no.",
    done_returned: "Utkastet er sendt tilbake.",
    done_commented: "Kommentaren er lagra.",
    done_retired: "Oppgåva er sett som utgått.",
    done_restored: "Den tidlegare versjonen er lagra som nytt utkast.",
    done_saved: "Lagra.",
    statistics_link: "Statistikk",
    h_draft: "Utkastet, slik saksbehandlaren vil sjå det",
    h_changes: "Endringar mot publisert versjon",
    send_review: "Send til gjennomgang",
    own_change: "Du har skrive denne endringa, så ein annan forfattar må godkjenne henne.",
    approve: "Godkjenn og publiser",
    return_label: "Send tilbake med kommentar",
    return_button: "Send tilbake",
    h_comment: "Kommentar",
    comment_label: "Kommentar til oppgåva",
    comment_save: "Lagre kommentar",
    h_history: "Historikk",
    no_history: "Oppgåva er ikkje endra i nettlesaren enno.",
    version_n: |n| format!("Versjon {n}"),
    restore: |n| format!("Hent fram att versjon {n} som nytt utkast"),
    h_retire: "Set oppgåva som utgått",
    retire_label: "Kvifor skal oppgåva gå ut?",
    retire_button: "Set som utgått",
};
