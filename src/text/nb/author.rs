//! The author pages in bokmål.

use crate::text::author::Author;

pub(crate) const AUTHOR: Author = Author {
    status_draft: "utkast",
    status_pretest: "utprøving",
    status_active: "aktiv",
    status_retired: "utgått",
    source_expert: "anslått av fagperson",
    source_calibrated: |on, n| format!("kalibrert {on} fra {n} svar"),

    err_cycle_not_number: "«syklus» må være et tall",
    err_choose_law_action: "velg om oppgavene skal tilbake til utkast eller utgå",
    err_not_number: |name| format!("«{name}» mangler eller er ikke et tall"),
    err_restore_invalid: |why| format!("versjonen kan ikke gjenopprettes: {why}"),
    err_restore_conflict: |by| {
        format!("oppgaven er endret av {by} siden du så den: se på den på nytt")
    },

    bank_title: "Oppgavebanken",
    back_to_bank: "Tilbake til oppgavebanken",
    to_bank: "Til oppgavebanken",
    csv_file: "oppgavestatistikk.csv",
    scope_label: "Svar fra ",
    scope_all: "alle sykluser",
    scope_cycle: |name| format!("syklus {name}"),
    scope_show: "Vis",
    freshness: |when, answers| format!("Statistikk beregnet {when}, {answers} svar"),
    refreshing: " (ny statistikk beregnes nå – last siden på nytt om litt)",
    bank_errors_heading: "Filene i oppgavebanken har feil",
    bank_errors_rest: " (kjør «forvalt bank check»). Sidene viser banken slik den var da \
                        serveren startet. De første feilene:",
    col_item: "Oppgave",
    col_topic: "Tema",
    col_status: "Status",
    col_answers: "Svar",
    and: " og ",

    tests_in_scope: |n| format!("{n} tester med minst ett svar i utvalget."),
    h_topics: "Oppgaver per tema, status og vanskelighet",
    h_information: "Testinformasjon per tema",
    h_law: "Lovendringer",
    no_law_changes: "Ingen endrede lovbestemmelser er registrert.",
    flagged_count: |n| {
        format!(
            "{n} oppgaver viser til en bestemmelse som er endret etter at de sist ble gjennomgått. "
        )
    },
    flagged_link: "Se oppgavene og velg hva som skal skje med dem",
    h_calibration: "Kalibrering",
    calibration_link: "Se kalibreringsforslaget og godta nye parametre",
    h_pretest: "Utprøving",
    no_pretest: "Ingen oppgaver er til utprøving.",
    pretest_caption: |target| {
        format!(
            "Oppgaver til utprøving: svar samlet inn mot målet for kalibrering ({target} svar, \
             pretest_target i blueprint.toml)"
        )
    },
    col_progress: "Framdrift",
    pretest_enough: "nok svar: vises ikke lenger i tester; ",
    pretest_calibrate: "kalibrer og sett som aktiv",
    pretest_share: |percent, target| format!("{percent} % av {target}"),
    h_statistics: "Oppgavestatistikk",
    csv_link: "Last ned tabellen som CSV",
    topic_caption: "Antall oppgaver etter vanskelighet b, mot kravene i blåkopien",
    col_sum: "Sum",
    col_required: "Krav",
    required: |min, least, most| format!("minst {min} aktive; {least}–{most} per test"),
    too_few: "for få",
    information_caption: "Fisher-informasjon fra de beste aktive oppgavene (så mange som en \
                          test kan ta) ved ulike ferdighetsnivåer θ",
    statistics_caption: "Oppgavene med statistikk fra svarene",
    col_share_correct: "Andel riktige",
    col_point_biserial: "Punkt\u{ad}biserial",
    col_exposure: "Eksponering",
    col_flags: "Merknader",

    attention_heading: "Dette trenger oppmerksomhet",
    write_new: "Skriv en ny oppgave",
    waiting_review: "Venter på godkjenning fra en annen forfatter",
    written_by: |names| format!(": skrevet av {names}"),
    drafts: "Utkast",
    last_saved_by: |name| format!(": sist lagret av {name}"),
    no_attention: "Ingen oppgaver har varsler.",
    attention_items: |n| format!("Oppgaver med varsler ({n}), viktigst først"),
    wl_uncalibrated_bank: "Ingen aktive oppgaver er kalibrert ennå: vanskelighet og skilleevne \
                           er anslått av fagpersoner. Det gjelder hele banken og står derfor \
                           bare her.",
    wl_wrong_way: "de som ellers gjør det godt, svarer oftere feil: sjekk fasiten",
    wl_law_changed: |sections| format!("sitert paragraf er endret ({sections})"),
    wl_too_easy: |p| format!("for lett: {:.0} % riktig", p * 100.0),
    wl_too_hard: |p| format!("for vanskelig: {:.0} % riktig", p * 100.0),
    wl_weak: "skiller dårlig mellom sterke og svake",
    wl_over_exposed: |rate| format!("vises for ofte: i {:.0} % av testene", rate * 100.0),
    wl_review_overdue: |reviewed| format!("bør gjennomgås faglig på nytt (sist {reviewed})"),
    wl_form_harder: |nynorsk| {
        format!(
            "{}-formen er vanskeligere enn den andre: sjekk oversettelsen",
            if nynorsk { "nynorsk" } else { "bokmåls" }
        )
    },
    wl_not_calibrated: "ikke kalibrert ennå",
    wl_key_longest: "riktig svar er det lengste alternativet",

    item_title: |id| format!("Oppgave {id}"),
    edit: "Rediger",
    review_history: "Gjennomgang og historikk",
    copy: "Lag en kopi",
    author: "Forfatter",
    reviewed: "Sist gjennomgått",
    parameters: "Parametre",
    references: "Lovhenvisninger",
    version: "Versjon",
    h_as_caseworker: "Slik ser saksbehandleren oppgaven",
    right_answer: "Riktig svar: ",
    explanation: "Forklaring: ",
    in_nynorsk: "På nynorsk",
    h_flags: "Merknader",
    no_flags: "Ingen merknader.",
    h_item_statistics: "Statistikk fra svarene",
    pretest_status: |n, target| {
        format!("Til utprøving: {n} av {target} svar som trengs for å kalibrere.")
    },
    key_figures: |scope| format!("Nøkkeltall ({scope})"),
    row_answers: "Antall svar",
    row_share: "Andel riktige",
    row_point_biserial: "Punktbiserial (mot θ̂ uten denne oppgaven)",
    row_exposure: "Eksponering (andel av testene)",
    exposure_limit: |limit| format!(" (grense {limit})"),
    row_infit: "Infit (forventet 1)",
    row_outfit: "Outfit (forventet 1)",
    row_median: "Median svartid",
    not_available: "ikke tilgjengelig",
    row_population: "Ventet andel riktige blant alle testede",
    h_fit: "Modelltilpasning",
    no_answers: "Ingen svar ennå.",
    fewer_than_k: |n, k| {
        format!(
            "{n} av de publiserte testene har svar på oppgaven. Tall regnet fra svarene vises \
             først når minst {k} personer har svart, så ingen enkeltpersons svar kan leses av."
        )
    },
    fit_caption: "Observert andel riktige (punkter) mot modellens forventning (kurve) i \
                  ferdighetsgrupper. Tallene står i tabellen under.",
    fit_table_caption: "Observert og forventet andel riktige per ferdighetsgruppe",
    col_group: "Gruppe",
    col_theta_range: "θ̂ fra–til",
    col_observed: "Observert",
    col_expected: "Forventet",
    to: " til ",
    plot_group: |g, observed, expected| {
        format!(
            "gruppe {g}: observert {:.0} %, forventet {:.0} %",
            observed * 100.0,
            expected * 100.0
        )
    },
    plot_title: |id| format!("Modelltilpasning for {id}"),
    plot_axis: "θ̂ (ferdighet)",

    flag_negative: |r| {
        format!(
            "Negativ diskriminering (punktbiserial {r:.2}): de som ellers gjør det godt, svarer \
             oftere feil. Sjekk fasiten og svaralternativene."
        )
    },
    flag_weak: |r| {
        format!(
            "Svak diskriminering (punktbiserial {r:.2}): oppgaven skiller dårlig mellom sterke \
             og svake."
        )
    },
    flag_too_easy: |p| {
        format!(
            "For lett for populasjonen: ventet andel riktige blant alle testede er {:.0} %.",
            p * 100.0
        )
    },
    flag_too_hard: |p| {
        format!(
            "For vanskelig for populasjonen: ventet andel riktige blant alle testede er {:.0} %.",
            p * 100.0
        )
    },
    flag_over_exposed: |rate, max| {
        format!(
            "Overeksponert: vist i {:.0} % av testene, over grensen på {:.0} %.",
            rate * 100.0,
            max * 100.0
        )
    },
    flag_expert: "Parameterne er anslått av en fagperson, ikke kalibrert fra svar.",
    flag_review_overdue: |reviewed, due| {
        format!(
            "Faglig gjennomgang er på overtid: sist gjennomgått {reviewed}, skulle vært \
             gjennomgått innen {due}."
        )
    },
    flag_law_changed: |list| {
        format!("Viser til en bestemmelse som er endret etter siste gjennomgang: {list}.")
    },
    changed_on: |section, on| format!("{section} (endret {on})"),
    flag_form_harder: |nynorsk, delta| {
        format!(
            "{} er vanskeligere enn den andre målformen for folk på samme nivå (MH Δ = \
             {delta:.2}, ETS-klasse C): sjekk at de to formene sier det samme og er like klare.",
            if nynorsk {
                "Nynorskformen"
            } else {
                "Bokmålsformen"
            }
        )
    },

    h_forms: "Nynorsk og bokmål",
    no_nn_form: "Oppgaven har ingen nynorskform ennå.",
    nobody_nn: "Ingen har fått oppgaven på nynorsk ennå.",
    forms_too_few: |nb, nn, min| {
        format!(
            "{nb} svar på bokmål og {nn} på nynorsk: for få til å sammenligne formene (det \
             trengs {min} på hver)."
        )
    },
    forms_verdict: "Nynorsk og bokmål: ",
    dif_equal: "likeverdige",
    dif_nn_slightly: "nynorskformen er litt vanskeligere",
    dif_nb_slightly: "bokmålsformen er litt vanskeligere",
    dif_nn: "nynorskformen er vanskeligere",
    dif_nb: "bokmålsformen er vanskeligere",
    forms_counts: |nb, nn| format!(" ({nb} svar på bokmål, {nn} på nynorsk)."),
    dif_details: |class, delta, se, chi| {
        format!(
            "Mantel–Haenszel med ferdighetsgrupper etter θ̂: ETS-klasse {class}, Δ = {delta} \
             (standardfeil {se}), χ² = {chi}. Negativ Δ betyr at nynorskformen er vanskeligere \
             for folk på samme nivå; A er ubetydelig, B moderat, C stor forskjell."
        )
    },

    calibration_title: "Kalibrering",
    calibration_done: |n| {
        format!("{n} oppgaver har fått kalibrerte parametre i filene i oppgavebanken.")
    },
    calibration_help: |dir| {
        format!(
            "Start en kalibrering med knappen under: serveren beregner et nytt forslag fra alle \
             lagrede svar mens testene går som vanlig, og siden viser hvor langt den har kommet. \
             Aktive, kalibrerte oppgaver holdes fast og bestemmer skalaen; de andre får nye \
             parametre. Godtatte parametre skrives i oppgavefilene med source = \"calibrated\", \
             antall svar og dato. Alternativt på kommandolinjen: «forvalt calibrate --db \
             forvalt.redb --bank {dir} --anchors active»."
        )
    },
    no_proposal: "Det finnes ikke noe kalibreringsforslag ennå.",
    proposal_unreadable: "Forslaget kan ikke leses: ",
    proposal_caption: "Forslag: gamle og nye parametre (med standardfeil)",
    col_accept: "Godta",
    col_now: "Nå",
    col_proposal: "Forslag",
    col_se: "Standardfeil",
    col_note: "Merknad",
    accept_item: |id| format!("Godta {id}"),
    calibrated: "kalibrert",
    estimated: "anslått",
    anchored: "ankeroppgave (holdt fast)",
    not_calibrated: "ikke kalibrert: ",
    gone: "finnes ikke lenger i banken",
    already_written: "allerede skrevet til filen",
    too_few_answers: |n, min| format!("for få svar til å godta: {n} av minst {min}"),
    write_selected: "Skriv valgte parametre til oppgavefilene",
    h_job: "Nytt forslag",
    job_start: "Start kalibrering",
    job_running: |by, at| format!("Kalibrering startet av {by} {at} kjører."),
    job_progress: |n, max| format!("EM-runde {n} av høyst {max}"),
    job_refresh: "Oppdater",
    job_auto_on: "Oppdater siden automatisk hvert 15. sekund",
    job_auto_off: "Slå av automatisk oppdatering",
    job_auto_note: "Siden oppdateres automatisk hvert 15. sekund mens kalibreringen kjører.",
    job_finished: |at, rounds, n, converged| {
        format!(
            "Kalibreringen ble ferdig {at} etter {rounds} EM-runder{}: {n} oppgaver kan godtas.",
            if converged {
                ""
            } else {
                " (uten å konvergere: se forslaget med forsiktighet)"
            }
        )
    },
    job_failed: |at| format!("Kalibreringen feilet {at}:"),
    job_no_answers: "det er ikke lagret noen svar på oppgavene i banken ennå.",
    job_bank_invalid: "oppgavebanken har feil:",
    job_store: "databasen kunne ikke leses:",
    job_write: "forslaget kunne ikke skrives:",
    job_stopped: "jobben stoppet uten resultat. Start den på nytt.",
    certainty_sure: "sikker",
    certainty_fairly: "nokså sikker",
    certainty_unsure: "usikker",
    certainty_expert: "usikkerhet ukjent (faglig anslag)",
    certainty_from_n: "anslått ut fra antall svar",
    certainty_help: "Sikkerheten står i ord ved parametrene: «sikker» når 95 %-intervallet for \
                     både a og b er høyst 0,5 bredt, «nokså sikker» når det er høyst 1,0 bredt, \
                     ellers «usikker». En vanskelighetsgrad er vist i bånd som er 1 bredt, så et \
                     sikkert anslag havner i ett bånd, et usikkert kan havne i tre.",

    law_title: "Lovendringer",
    law_done: |n| format!("{n} oppgaver er endret i filene i oppgavebanken."),
    law_help: "Registrer en endring i skjemaet under: lov, paragraf, eventuelt ledd, og datoen \
               endringen gjelder fra. En oppgave som viser til en endret bestemmelse og sist ble \
               gjennomgått før endringen, må gjennomgås på nytt; listen nederst viser dem. \
               Alternativt på kommandolinjen: «forvalt law changed --act … --section … --date …».",
    law_caption: "Registrerte endringer",
    col_section: "Bestemmelse",
    col_changed: "Endret",
    h_law_review: "Oppgaver som må gjennomgås",
    nothing_to_review: "Ingen oppgaver må gjennomgås på grunn av lovendringer.",
    n_items: |n| format!("{n} oppgaver"),
    col_changed_sections: "Endrede bestemmelser",
    law_legend: "Hva skal skje med alle oppgavene i listen?",
    law_to_draft: "Tilbake til utkast (tas ut av testene til de er gjennomgått og aktivert \
                   igjen)",
    law_retire: "Utgått (tas ut av bruk for godt)",
    law_submit: "Endre status i filene",
    h_law_register: "Registrer en lovendring",
    law_act: "Lov",
    law_section: "Paragraf (ett tall, eventuelt med bokstav, for eksempel 17 eller 11a)",
    law_date: "Endringen gjelder fra (dato, for eksempel 2026-07-01)",
    law_note: "Hva er endret (valgfritt)",
    law_register_submit: "Registrer endringen",
    law_registered: |n| {
        format!("Endringen er registrert. {n} oppgaver viser til bestemmelsen og må gjennomgås.")
    },
    law_not_registered: "Endringen er ikke registrert. Rett feltene som er merket.",
    err_law_act: "Velg en lov fra listen.",
    err_law_section: "Skriv én paragraf: et tall, eventuelt med bokstav, for eksempel 11a.",
    err_law_date: "Skriv en dato som 2026-07-01.",
    err_law_duplicate: "Denne bestemmelsen er allerede registrert som endret denne datoen.",
    law_ledd: "Ledd (valgfritt, et tall, for eksempel 2)",
    err_law_ledd: "Skriv leddet som et tall fra 1 og oppover, høyst antallet ledd i paragrafen.",
    ledd_words: |n| format!("{n}. ledd"),

    edit_title: |id| format!("Rediger oppgave {id}"),
    new_title: "Ny oppgave",
    conflict_heading: |by| format!("Oppgaven er endret av {by} mens du skrev"),
    conflict_text: "Ingenting av ditt er lagret ennå, og ingenting er tapt: skjemaet under har \
                    din tekst. Dette er endringene den andre gjorde. Ta med det som skal bli \
                    stående, og lagre på nytt.",
    not_saved: |n| {
        format!("Endringen er ikke lagret: {n} feil må rettes (se meldingene ved feltene).")
    },
    error_prefix: "Feil: ",
    warning_prefix: "Advarsel: ",
    bank_accepts: "Oppgavebanken godtar endringen.",
    field_topic: "Tema",
    field_stem: "Spørsmål",
    hint_stem: "Situasjonen og spørsmålet, slik saksbehandleren leser det.",
    options_legend: "Svaralternativer (tomme felt tas ikke med)",
    option_label: |letter| format!("Alternativ {letter}"),
    key_legend: "Riktig svar",
    field_explanation: "Forklaring",
    hint_explanation: "Hvorfor det riktige svaret er riktig og de andre ikke, med hjemmel.",
    references_legend: "Hjemler: lov, paragraf, ledd og nr./bokstav (tomme rader tas ikke med)",
    ref_act: |n| format!("Lov (hjemmel {n})"),
    ref_section: |n| format!("Paragraf (hjemmel {n})"),
    ref_ledd: |n| format!("Ledd (hjemmel {n})"),
    ref_detail: |n| format!("Nr./bokstav (hjemmel {n}, f.eks. «bokstav a»)"),
    field_future: "Hjemler i vedtatt lov som ikke er i kraft ennå (én per linje)",
    field_tags: "Emneord (skill med komma)",
    field_enemies: "Fiender: oppgaver som ikke skal komme i samme test (id-er, skill med komma)",
    field_note: "Hva er endret, og hvorfor (vises i historikken)",
    preview_button: "Forhåndsvis og kontroller",
    save_button: "Lagre utkast",

    no_changes: "Ingen felt er endret.",
    col_field: "Felt",
    col_before: "Før",
    col_after: "Etter",
    diff_fields: [
        "tema",
        "spørsmål",
        "svaralternativer",
        "riktig svar",
        "forklaring",
        "hjemler",
        "fremtidige hjemler",
        "emneord",
        "fiender",
    ],

    state_in_review: |names| {
        format!("Til gjennomgang: venter på godkjenning fra en annen forfatter enn {names}.")
    },
    state_draft: |by| format!("Utkast (sist lagret av {by})."),
    state_published: |status| format!("Publisert, status {status}."),
    state_unpublished: "Ikke publisert.",
    ev_imported: "Slik var oppgaven i filen før første endring i nettleseren",
    ev_saved: "Lagret utkast",
    ev_saved_note: |note| format!("Lagret utkast: {note}"),
    ev_submitted: "Sendt til gjennomgang",
    ev_returned: |comment| format!("Sendt tilbake: {comment}"),
    ev_approved: |revision| format!("Godkjent (versjon {revision}) og skrevet til filen"),
    ev_comment: |text| format!("Kommentar: {text}"),
    ev_retired: |reason| format!("Satt som utgått: {reason}"),
    done_sent: "Utkastet er sendt til gjennomgang.",
    done_approved: "Endringen er godkjent og skrevet til oppgavefilen. Nye tester bruker den nå.",
    done_returned: "Utkastet er sendt tilbake.",
    done_commented: "Kommentaren er lagret.",
    done_retired: "Oppgaven er satt som utgått.",
    done_restored: "Den tidligere versjonen er lagret som nytt utkast.",
    done_saved: "Lagret.",
    statistics_link: "Statistikk",
    h_draft: "Utkastet, slik saksbehandleren vil se det",
    h_changes: "Endringer mot publisert versjon",
    send_review: "Send til gjennomgang",
    own_change: "Du har skrevet denne endringen, så en annen forfatter må godkjenne den.",
    approve: "Godkjenn og publiser",
    return_label: "Send tilbake med kommentar",
    return_button: "Send tilbake",
    h_comment: "Kommentar",
    comment_label: "Kommentar til oppgaven",
    comment_save: "Lagre kommentar",
    h_history: "Historikk",
    no_history: "Oppgaven er ikke endret i nettleseren ennå.",
    version_n: |n| format!("Versjon {n}"),
    restore: |n| format!("Gjenopprett versjon {n} som nytt utkast"),
    h_retire: "Sett oppgaven som utgått",
    retire_label: "Hvorfor skal oppgaven utgå?",
    retire_button: "Sett som utgått",
};
