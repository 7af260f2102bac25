//! The author pages in Danish: Danish lawyers writing Danish items.

use crate::text::author::Author;

pub(crate) const AUTHOR: Author = Author {
    status_draft: "udkast",
    status_pretest: "afprøvning",
    status_active: "aktiv",
    status_retired: "udgået",
    source_expert: "skønnet af en fagperson",
    source_calibrated: |on, n| format!("kalibreret {on} ud fra {n} svar"),

    err_cycle_not_number: "«syklus» skal være et tal",
    err_choose_law_action: "vælg, om opgaverne skal tilbage til udkast eller udgå",
    err_not_number: |name| format!("«{name}» mangler eller er ikke et tal"),
    err_restore_invalid: |why| format!("versionen kan ikke gendannes: {why}"),
    err_restore_conflict: |by| format!("opgaven er ændret af {by}, siden du så den: se den igen"),

    bank_title: "Opgavebanken",
    back_to_bank: "Tilbage til opgavebanken",
    to_bank: "Til opgavebanken",
    csv_file: "opgavestatistik.csv",
    scope_label: "Svar fra ",
    scope_all: "alle testrunder",
    scope_cycle: |name| format!("testrunde {name}"),
    scope_show: "Vis",
    freshness: |when, answers| format!("Statistik beregnet {when}, {answers} svar"),
    refreshing: " (ny statistik beregnes nu – genindlæs siden om lidt)",
    bank_errors_heading: "Filerne i opgavebanken indeholder fejl",
    bank_errors_rest: " (kør «forvalt bank check»). Siderne viser banken, som den var, da \
                        serveren startede. De første fejl:",
    col_item: "Opgave",
    col_topic: "Emne",
    col_status: "Status",
    col_answers: "Svar",
    and: " og ",

    tests_in_scope: |n| format!("{n} test med mindst ét svar i udvalget."),
    h_topics: "Opgaver pr. emne, status og sværhedsgrad",
    h_information: "Testinformation pr. emne",
    h_law: "Lovændringer",
    no_law_changes: "Der er ikke registreret ændrede lovbestemmelser.",
    flagged_count: |n| {
        format!(
            "{n} opgaver henviser til en bestemmelse, der er ændret, efter at de sidst blev \
             gennemgået. "
        )
    },
    flagged_link: "Se opgaverne, og vælg, hvad der skal ske med dem",
    h_calibration: "Kalibrering",
    calibration_link: "Se kalibreringsforslaget, og godkend nye parametre",
    h_pretest: "Afprøvning",
    no_pretest: "Ingen opgaver er i afprøvning.",
    pretest_caption: |target| {
        format!(
            "Opgaver i afprøvning: indsamlede svar i forhold til målet for kalibrering \
             ({target} svar, pretest_target i blueprint.toml)"
        )
    },
    col_progress: "Fremdrift",
    pretest_enough: "svar nok: vises ikke længere i test; ",
    pretest_calibrate: "kalibrér, og sæt som aktiv",
    pretest_share: |percent, target| format!("{percent} % af {target}"),
    h_statistics: "Opgavestatistik",
    csv_link: "Hent tabellen som CSV",
    topic_caption: "Antal opgaver efter sværhedsgrad b i forhold til kravene i blueprintet",
    col_sum: "I alt",
    col_required: "Krav",
    required: |min, least, most| format!("mindst {min} aktive; {least}–{most} pr. test"),
    too_few: "for få",
    information_caption: "Fisher-information fra de bedste aktive opgaver (så mange, som en \
                          test kan indeholde) ved forskellige færdighedsniveauer θ",
    statistics_caption: "Opgaverne med statistik fra svarene",
    col_share_correct: "Andel rigtige",
    col_point_biserial: "Punkt\u{ad}biseriel",
    col_exposure: "Eksponering",
    col_flags: "Bemærkninger",

    attention_heading: "Det her kræver opmærksomhed",
    write_new: "Skriv en ny opgave",
    waiting_review: "Venter på godkendelse fra en anden forfatter",
    written_by: |names| format!(": skrevet af {names}"),
    drafts: "Udkast",
    last_saved_by: |name| format!(": sidst gemt af {name}"),
    no_attention: "Ingen opgaver har advarsler.",
    attention_items: |n| format!("Opgaver med advarsler ({n}), vigtigste først"),
    wl_uncalibrated_bank: "Ingen aktive opgaver er kalibreret endnu: sværhedsgrad og \
                           skelneevne er skønnet af fagpersoner. Det gælder hele banken og \
                           står derfor kun her.",
    wl_wrong_way: "de, der ellers klarer sig godt, svarer oftere forkert: tjek facitten",
    wl_law_changed: |sections| format!("den citerede paragraf er ændret ({sections})"),
    wl_too_easy: |p| format!("for let: {:.0} % rigtige", p * 100.0),
    wl_too_hard: |p| format!("for svær: {:.0} % rigtige", p * 100.0),
    wl_weak: "skelner dårligt mellem stærke og svage",
    wl_over_exposed: |rate| format!("vises for ofte: i {:.0} % af testene", rate * 100.0),
    wl_review_overdue: |reviewed| format!("bør gennemgås fagligt igen (sidst {reviewed})"),
    wl_form_harder: |nynorsk| {
        format!(
            "{} er sværere end den anden: tjek oversættelsen",
            if nynorsk {
                "Den nynorske udgave"
            } else {
                "Bokmålsudgaven"
            }
        )
    },
    wl_not_calibrated: "ikke kalibreret endnu",
    wl_key_longest: "det rigtige svar er den længste svarmulighed",

    item_title: |id| format!("Opgave {id}"),
    edit: "Redigér",
    review_history: "Gennemsyn og historik",
    copy: "Lav en kopi",
    author: "Forfatter",
    reviewed: "Sidst gennemgået",
    parameters: "Parametre",
    references: "Hjemmel",
    version: "Version",
    h_as_caseworker: "Sådan ser sagsbehandleren opgaven",
    right_answer: "Rigtigt svar: ",
    explanation: "Forklaring: ",
    in_nynorsk: "På nynorsk",
    h_flags: "Bemærkninger",
    no_flags: "Ingen bemærkninger.",
    h_item_statistics: "Statistik fra svarene",
    pretest_status: |n, target| {
        format!("I afprøvning: {n} af de {target} svar, der skal til for at kalibrere.")
    },
    key_figures: |scope| format!("Nøgletal ({scope})"),
    row_answers: "Antal svar",
    row_share: "Andel rigtige",
    row_point_biserial: "Punktbiseriel korrelation (med θ̂ uden denne opgave)",
    row_exposure: "Eksponering (andel af testene)",
    exposure_limit: |limit| format!(" (grænse {limit})"),
    row_infit: "Infit (forventet 1)",
    row_outfit: "Outfit (forventet 1)",
    row_median: "Median svartid",
    not_available: "ikke tilgængelig",
    row_population: "Forventet andel rigtige blandt alle testede",
    h_fit: "Modeltilpasning",
    no_answers: "Ingen svar endnu.",
    fewer_than_k: |n, k| {
        format!(
            "{n} af de offentliggjorte test har svar på opgaven. Tal beregnet ud fra svarene \
             vises først, når mindst {k} personer har svaret, så ingen enkeltpersons svar kan \
             aflæses."
        )
    },
    fit_caption: "Observeret andel rigtige (punkter) over for modellens forventning (kurve) i \
                  færdighedsgrupper. Tallene står i tabellen nedenfor.",
    fit_table_caption: "Observeret og forventet andel rigtige pr. færdighedsgruppe",
    col_group: "Gruppe",
    col_theta_range: "θ̂ fra–til",
    col_observed: "Observeret",
    col_expected: "Forventet",
    to: " til ",
    plot_group: |g, observed, expected| {
        format!(
            "gruppe {g}: observeret {:.0} %, forventet {:.0} %",
            observed * 100.0,
            expected * 100.0
        )
    },
    plot_title: |id| format!("Modeltilpasning for {id}"),
    plot_axis: "θ̂ (færdighed)",

    flag_negative: |r| {
        format!(
            "Negativ diskrimination (punktbiseriel {r:.2}): de, der ellers klarer sig godt, \
             svarer oftere forkert. Tjek facitten og svarmulighederne."
        )
    },
    flag_weak: |r| {
        format!(
            "Svag diskrimination (punktbiseriel {r:.2}): opgaven skelner dårligt mellem stærke \
             og svage."
        )
    },
    flag_too_easy: |p| {
        format!(
            "For let for populationen: den forventede andel rigtige blandt alle testede er \
             {:.0} %.",
            p * 100.0
        )
    },
    flag_too_hard: |p| {
        format!(
            "For svær for populationen: den forventede andel rigtige blandt alle testede er \
             {:.0} %.",
            p * 100.0
        )
    },
    flag_over_exposed: |rate, max| {
        format!(
            "Overeksponeret: vist i {:.0} % af testene, over grænsen på {:.0} %.",
            rate * 100.0,
            max * 100.0
        )
    },
    flag_expert: "Parametrene er skønnet af en fagperson, ikke kalibreret ud fra svar.",
    flag_review_overdue: |reviewed, due| {
        format!(
            "Den faglige gennemgang er forsinket: sidst gennemgået {reviewed}, skulle have været \
             gennemgået senest {due}."
        )
    },
    flag_law_changed: |list| {
        format!("Henviser til en bestemmelse, der er ændret efter seneste gennemgang: {list}.")
    },
    changed_on: |section, on| format!("{section} (ændret {on})"),
    flag_form_harder: |nynorsk, delta| {
        format!(
            "{} er sværere end den anden sprogform for personer på samme niveau (MH Δ = \
             {delta:.2}, ETS-klasse C): tjek, at de to udgaver siger det samme og er lige klare.",
            if nynorsk {
                "Den nynorske udgave"
            } else {
                "Bokmålsudgaven"
            }
        )
    },

    h_forms: "Nynorsk og bokmål",
    no_nn_form: "Opgaven har endnu ingen nynorsk udgave.",
    nobody_nn: "Ingen har endnu fået opgaven på nynorsk.",
    forms_too_few: |nb, nn, min| {
        format!(
            "{nb} svar på bokmål og {nn} på nynorsk: for få til at sammenligne udgaverne (der \
             skal {min} til på hver)."
        )
    },
    forms_verdict: "Nynorsk og bokmål: ",
    dif_equal: "ligeværdige",
    dif_nn_slightly: "den nynorske udgave er lidt sværere",
    dif_nb_slightly: "bokmålsudgaven er lidt sværere",
    dif_nn: "den nynorske udgave er sværere",
    dif_nb: "bokmålsudgaven er sværere",
    forms_counts: |nb, nn| format!(" ({nb} svar på bokmål, {nn} på nynorsk)."),
    dif_details: |class, delta, se, chi| {
        format!(
            "Mantel–Haenszel med færdighedsgrupper efter θ̂: ETS-klasse {class}, Δ = {delta} \
             (standardfejl {se}), χ² = {chi}. Negativ Δ betyder, at den nynorske udgave er \
             sværere for personer på samme niveau; A er ubetydelig, B moderat, C stor forskel."
        )
    },

    calibration_title: "Kalibrering",
    calibration_done: |n| {
        format!("{n} opgaver har fået kalibrerede parametre i opgavebankens filer.")
    },
    calibration_help: |dir| {
        format!(
            "Start en kalibrering med knappen nedenfor: serveren beregner et nyt forslag ud fra \
             alle gemte svar, mens testene kører som sædvanlig, og siden viser, hvor langt den er \
             nået. Aktive, kalibrerede opgaver holdes fast og fastlægger skalaen; de øvrige får \
             nye parametre. Godkendte parametre skrives i opgavefilerne med source = \
             \"calibrated\", antal svar og dato. Alternativt på kommandolinjen: «forvalt \
             calibrate --db forvalt.redb --bank {dir} --anchors active»."
        )
    },
    no_proposal: "Der er endnu intet kalibreringsforslag.",
    proposal_unreadable: "Forslaget kan ikke læses: ",
    proposal_caption: "Forslag: gamle og nye parametre (med standardfejl)",
    col_accept: "Godkend",
    col_now: "Nu",
    col_proposal: "Forslag",
    col_se: "Standardfejl",
    col_note: "Bemærkning",
    accept_item: |id| format!("Godkend {id}"),
    calibrated: "kalibreret",
    estimated: "skønnet",
    anchored: "ankeropgave (holdes fast)",
    not_calibrated: "ikke kalibreret: ",
    gone: "findes ikke længere i banken",
    already_written: "allerede skrevet til filen",
    too_few_answers: |n, min| format!("for få svar til at kunne godkendes: {n} af mindst {min}"),
    write_selected: "Skriv de valgte parametre til opgavefilerne",
    h_job: "Nyt forslag",
    job_start: "Start kalibrering",
    job_running: |by, at| format!("Kalibrering startet af {by} {at} kører."),
    job_progress: |n, max| format!("EM-runde {n} af højst {max}"),
    job_refresh: "Opdatér",
    job_auto_on: "Opdatér siden automatisk hvert 15. sekund",
    job_auto_off: "Slå automatisk opdatering fra",
    job_auto_note: "Siden opdateres automatisk hvert 15. sekund, mens kalibreringen kører.",
    job_finished: |at, rounds, n, converged| {
        format!(
            "Kalibreringen blev færdig {at} efter {rounds} EM-runder{}: {n} opgaver kan godkendes.",
            if converged {
                ""
            } else {
                " (uden at konvergere: brug forslaget med forsigtighed)"
            }
        )
    },
    job_failed: |at| format!("Kalibreringen mislykkedes {at}:"),
    job_no_answers: "der er endnu ikke gemt svar på opgaverne i banken.",
    job_bank_invalid: "opgavebanken har fejl:",
    job_store: "databasen kunne ikke læses:",
    job_write: "forslaget kunne ikke skrives:",
    job_stopped: "jobbet stoppede uden resultat. Start det igen.",
    certainty_sure: "sikker",
    certainty_fairly: "nogenlunde sikker",
    certainty_unsure: "usikker",
    certainty_expert: "usikkerhed ukendt (fagligt skøn)",
    certainty_from_n: "skønnet ud fra antal svar",
    certainty_help: "Sikkerheden står i ord ved parametrene: «sikker», når 95 %-intervallet for \
                     både a og b højst er 0,5 bredt, «nogenlunde sikker», når det højst er 1,0 \
                     bredt, ellers «usikker». Sværhedsgraden vises i bånd, der er 1 brede, så et \
                     sikkert skøn havner i ét bånd, et usikkert kan havne i tre.",

    law_title: "Lovændringer",
    law_done: |n| format!("{n} opgaver er ændret i opgavebankens filer."),
    law_help: "Registrér en ændring i formularen nedenfor: lov, paragraf, eventuelt stykke, og \
               datoen ændringen gælder fra. En opgave, der henviser til en ændret bestemmelse og \
               sidst blev gennemgået før ændringen, skal gennemgås igen; listen nederst viser \
               dem. Alternativt på kommandolinjen: «forvalt law changed --act … --section … \
               --date …».",
    law_caption: "Registrerede ændringer",
    col_section: "Bestemmelse",
    col_changed: "Ændret",
    h_law_review: "Opgaver, der skal gennemgås",
    nothing_to_review: "Ingen opgaver skal gennemgås på grund af lovændringer.",
    n_items: |n| format!("{n} opgaver"),
    col_changed_sections: "Ændrede bestemmelser",
    law_legend: "Hvad skal der ske med alle opgaverne på listen?",
    law_to_draft: "Tilbage til udkast (tages ud af testene, indtil de er gennemgået og \
                   aktiveret igen)",
    law_retire: "Udgået (tages ud af brug for altid)",
    law_submit: "Ændr status i filerne",
    h_law_register: "Registrér en lovændring",
    law_act: "Lov",
    law_section: "Paragraf (et tal, eventuelt med bogstav, for eksempel 17 eller 11a)",
    law_date: "Ændringen gælder fra (dato, for eksempel 2026-07-01)",
    law_note: "Hvad er ændret (valgfrit)",
    law_register_submit: "Registrér ændringen",
    law_registered: |n| {
        format!(
            "Ændringen er registreret. {n} opgaver henviser til bestemmelsen og skal gennemgås."
        )
    },
    law_not_registered: "Ændringen er ikke registreret. Ret de markerede felter.",
    err_law_act: "Vælg en lov fra listen.",
    err_law_section: "Skriv én paragraf: et tal, eventuelt med bogstav, for eksempel 11a.",
    err_law_date: "Skriv en dato som 2026-07-01.",
    err_law_duplicate: "Denne bestemmelse er allerede registreret som ændret på denne dato.",
    law_ledd: "Stykke (valgfrit, et tal, for eksempel 2)",
    err_law_ledd: "Skriv stykket som et tal fra 1 og opefter, højst antallet af stykker i paragraffen.",
    ledd_words: |n| format!("stk. {n}"),

    edit_title: |id| format!("Redigér opgave {id}"),
    new_title: "Ny opgave",
    conflict_heading: |by| format!("Opgaven er ændret af {by}, mens du skrev"),
    conflict_text: "Intet af dit er gemt endnu, og intet er tabt: formularen nedenfor \
                    indeholder din tekst. Her er de ændringer, den anden foretog. Tag det med, \
                    der skal blive stående, og gem igen.",
    not_saved: |n| {
        format!("Ændringen er ikke gemt: {n} fejl skal rettes (se meddelelserne ved felterne).")
    },
    error_prefix: "Fejl: ",
    warning_prefix: "Advarsel: ",
    bank_accepts: "Opgavebanken godkender ændringen.",
    field_topic: "Emne",
    field_stem: "Spørgsmål",
    hint_stem: "Situationen og spørgsmålet, som sagsbehandleren læser det.",
    options_legend: "Svarmuligheder (tomme felter medtages ikke)",
    option_label: |letter| format!("Svarmulighed {letter}"),
    key_legend: "Rigtigt svar",
    field_explanation: "Forklaring",
    hint_explanation: "Hvorfor det rigtige svar er rigtigt, og de andre ikke er, med hjemmel.",
    references_legend: "Hjemmel: lov, paragraf, stk. og nr./litra (tomme rækker medtages ikke)",
    ref_act: |n| format!("Lov (hjemmel {n})"),
    ref_section: |n| format!("Paragraf (hjemmel {n})"),
    ref_ledd: |n| format!("Stk. (hjemmel {n})"),
    ref_detail: |n| format!("Nr./litra/pkt. (hjemmel {n}, fx «nr. 1»)"),
    field_future: "Hjemmel i vedtagne love, der endnu ikke er trådt i kraft (én pr. linje)",
    field_tags: "Emneord (adskil med komma)",
    field_enemies: "Fjender: opgaver, der ikke må komme i samme test (id'er, adskil med komma)",
    field_note: "Hvad er ændret, og hvorfor (vises i historikken)",
    preview_button: "Forhåndsvis og kontrollér",
    save_button: "Gem udkast",

    no_changes: "Ingen felter er ændret.",
    col_field: "Felt",
    col_before: "Før",
    col_after: "Efter",
    diff_fields: [
        "emne",
        "spørgsmål",
        "svarmuligheder",
        "rigtigt svar",
        "forklaring",
        "hjemmel",
        "fremtidig hjemmel",
        "emneord",
        "fjender",
    ],

    state_in_review: |names| {
        format!("Til gennemsyn: venter på godkendelse fra en anden forfatter end {names}.")
    },
    state_draft: |by| format!("Udkast (sidst gemt af {by})."),
    state_published: |status| format!("Offentliggjort, status {status}."),
    state_unpublished: "Ikke offentliggjort.",
    ev_imported: "Sådan så opgaven ud i filen før den første ændring i browseren",
    ev_saved: "Gemte udkast",
    ev_saved_note: |note| format!("Gemte udkast: {note}"),
    ev_submitted: "Sendt til gennemsyn",
    ev_returned: |comment| format!("Sendt tilbage: {comment}"),
    ev_approved: |revision| format!("Godkendt (version {revision}) og skrevet til filen"),
    ev_comment: |text| format!("Kommentar: {text}"),
    ev_retired: |reason| format!("Sat som udgået: {reason}"),
    done_sent: "Udkastet er sendt til gennemsyn.",
    done_approved: "Ændringen er godkendt og skrevet til opgavefilen. Nye test bruger den nu.",
    done_returned: "Udkastet er sendt tilbage.",
    done_commented: "Kommentaren er gemt.",
    done_retired: "Opgaven er sat som udgået.",
    done_restored: "Den tidligere version er gemt som nyt udkast.",
    done_saved: "Gemt.",
    statistics_link: "Statistik",
    h_draft: "Udkastet, som sagsbehandleren vil se det",
    h_changes: "Ændringer i forhold til den offentliggjorte version",
    send_review: "Send til gennemsyn",
    own_change: "Du har skrevet denne ændring, så en anden forfatter skal godkende den.",
    approve: "Godkend og offentliggør",
    return_label: "Send tilbage med kommentar",
    return_button: "Send tilbage",
    h_comment: "Kommentar",
    comment_label: "Kommentar til opgaven",
    comment_save: "Gem kommentar",
    h_history: "Historik",
    no_history: "Opgaven er endnu ikke ændret i browseren.",
    version_n: |n| format!("Version {n}"),
    restore: |n| format!("Gendan version {n} som nyt udkast"),
    h_retire: "Sæt opgaven som udgået",
    retire_label: "Hvorfor skal opgaven udgå?",
    retire_button: "Sæt som udgået",
};
