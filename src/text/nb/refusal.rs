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
    // Authoring.
    bank_has_errors: |list| format!("oppgavebanken har feil og kan ikke endres: {list}"),
    would_break_bank: |list| {
        format!("endringen ville gjort oppgavebanken ugyldig, så ingenting er endret: {list}")
    },
    unknown_topic: |topic| format!("ukjent tema «{topic}»"),
    bad_item_id: |id| {
        format!("«{id}» kan ikke brukes som id: bruk små bokstaver, tall og bindestrek")
    },
    no_open_change: "oppgaven har ingen åpen endring",
    draft_changed: |by| format!("utkastet er endret siden du så det (av {by}): se på det på nytt"),
    not_in_review: "utkastet er ikke til gjennomgang",
    empty_comment: "kommentaren er tom",
    own_change: "du kan ikke godkjenne en endring du selv har skrevet: en annen forfatter må \
                 godkjenne den",
    not_submitted: "utkastet må sendes til gjennomgang før det kan godkjennes",
    retire_reason_missing: "skriv hvorfor oppgaven skal utgå",
    already_retired: "oppgaven er allerede utgått",
    problems: ProblemTexts {
        id_invalid: |id| format!("«{id}» kan ikke brukes som id: bare bokstaver, tall, - og _"),
        id_not_file_name: |id| format!("id-en «{id}» stemmer ikke med filnavnet"),
        unknown_topic: |topic| format!("ukjent tema «{topic}»"),
        topic_folder: |topic| {
            format!("temaet er «{topic}», men filen ligger ikke i items/{topic}/")
        },
        bad_status: |status| {
            format!("status «{status}» må være draft, pretest, active eller retired")
        },
        bad_reviewed: "reviewed må være en dato som 2026-11-23",
        reviewed_in_future: |date| format!("gjennomgått-datoen {date} er fram i tid"),
        review_due: |date, days| {
            format!(
                "sist gjennomgått {date}, for mer enn {days} dager siden: gå gjennom oppgaven mot \
                 gjeldende lov"
            )
        },
        empty_stem: "spørsmålet er tomt",
        empty_explanation: "forklaringen er tom",
        option_count: |n| format!("en oppgave må ha 3 til 5 svaralternativer, men har {n}"),
        empty_option: |letter| format!("svaralternativ {letter} er tomt"),
        repeated_option: |letter| {
            format!("svaralternativ {letter} gjentar et tidligere alternativ")
        },
        key_not_an_option: |key, last| {
            format!("riktig svar «{key}» er ikke blant alternativene (A til {last})")
        },
        key_longest: |key, next| {
            format!(
                "det riktige svaret er klart det lengste alternativet ({key} tegn, det nest \
                 lengste {next}): testvante kandidater velger det uten å kunne regelen; gjør et \
                 galt alternativ lengre eller det riktige strammere"
            )
        },
        no_references: "oppgaven viser ikke til noen lov: legg til minst én hjemmel",
        reference_shape: |r| {
            format!("hjemmelen «{r}» må skrives «<lov> § <paragraf>[ <ledd/bokstav>]»")
        },
        reference_section: |r, section| {
            format!(
                "hjemmelen «{r}» har paragraf «{section}»: skriv et tall, eventuelt med bokstav, \
                 for eksempel 11a"
            )
        },
        unknown_act: |act, known| format!("ukjent lov «{act}» (laws.toml har: {known})"),
        repealed_act: |act, id| format!("«{act}» ({id}) er opphevet: vis til loven som gjelder nå"),
        successor_act_not_in_force: |act| {
            format!(
                "«{act}» er ikke i kraft ennå: en etterfølger skrevet for den forblir utkast til \
                 loven trer i kraft"
            )
        },
        in_force_under_future: |act| {
            format!("«{act}» er i kraft: før den opp under hjemler, ikke fremtidige hjemler")
        },
        not_yet_in_force: |act| {
            format!("«{act}» er ikke i kraft ennå: før den opp under fremtidige hjemler")
        },
        danish_detail: |r, example| {
            format!("«{r}»: skriv detaljene på dansk vis, for eksempel «{example}»")
        },
        ledd_missing: |section, n, danish| {
            if danish {
                format!(
                    "{section} har {n} stk.: oppgi hvilket stk. regelen står i (for eksempel \
                     «{section}, stk. 1»)"
                )
            } else {
                format!(
                    "{section} har {n} ledd: oppgi hvilket ledd regelen står i (for eksempel \
                     «{section} første ledd»)"
                )
            }
        },
        ledd_beyond: |r, cited, section, n, danish| {
            let unit = if danish { "stk." } else { "ledd" };
            format!("«{r}» viser til {unit} {cited}, men {section} har bare {n} {unit} (laws.toml)")
        },
        future_change_empty: "future_change er tom: skriv hva som endres med den nye loven, eller \
                              fjern linjen",
        future_change_without_references: "future_change krever fremtidige hjemler: paragrafene \
                                           i den nye loven",
        parameter_out_of_range: |name, value, range| {
            format!("parameteren {name} = {value} er utenfor {range}")
        },
        guessing_high: |c, n| {
            format!("c = {c} er godt over 1/{n} for en oppgave med {n} alternativer")
        },
        expert_takes_no_calibration: "parametre anslått av en fagperson (expert) skal ikke ha n \
                                      eller calibrated_on",
        calibrated_incomplete: "kalibrerte parametre trenger n og calibrated_on (en dato)",
        bad_source: |source| format!("kilden «{source}» må være expert eller calibrated"),
        expert_parameters: "aktiv oppgave med parametre anslått av en fagperson: kalibrer når \
                            det finnes nok svar",
        nynorsk_missing: "aktiv oppgave uten nynorsk utgave: legg til en [nn]-tabell (spørsmål, \
                          alternativer, forklaring)",
        nynorsk_not_norwegian: "en [nn]-tabell (nynorsk) i en bank som ikke er norsk: fjern den",
        nn_empty_stem: "det nynorske spørsmålet ([nn]) er tomt",
        nn_empty_explanation: "den nynorske forklaringen ([nn]) er tom",
        nn_option_count: |nn, item| {
            format!(
                "[nn] har {nn} alternativer, oppgaven {item}: de samme alternativene i samme \
                 rekkefølge, så det samme svaret er riktig"
            )
        },
        nn_empty_option: |letter| format!("det nynorske alternativet {letter} ([nn]) er tomt"),
        nn_repeated_option: |letter| {
            format!("det nynorske alternativet {letter} ([nn]) gjentar et tidligere alternativ")
        },
        nn_key_longest: |key, next| {
            format!(
                "[nn]: det riktige svaret er klart det lengste alternativet ({key} tegn, det nest \
                 lengste {next})"
            )
        },
        own_successor: "en oppgave kan ikke være sin egen etterfølger",
        unknown_successor: |of| format!("successor_of «{of}» er ikke en oppgave i banken"),
        duplicate_id: |id, other| format!("id-en «{id}» er brukt to ganger (også i {other})"),
        own_enemy: "en oppgave kan ikke være sin egen fiende",
        unknown_enemy: |enemy| format!("fienden «{enemy}» er ikke en oppgave i banken"),
        successor_missing: |id| {
            format!("svaret endres med den nye loven, men ingen utkast har successor_of = «{id}»")
        },
        topic_below_minimum: |topic, n, min| {
            format!("temaet «{topic}» har {n} aktive oppgaver, under bankens minimum på {min}")
        },
        topic_below_max: |topic, n, max| {
            format!("temaet «{topic}» har {n} aktive oppgaver, færre enn de {max} en test kan ta")
        },
        answered_keeps_topic: "noen har svart på denne oppgaven, så den beholder temaet sitt; lag \
                               en kopi for å skrive en oppgave til et annet tema",
        // The bank's other files.
        not_utf8: "filen er ikke gyldig UTF-8: lagre den som UTF-8",
        cannot_read_file: |detail| format!("filen kan ikke leses: {detail}"),
        cannot_read_folder: |detail| format!("mappen kan ikke leses: {detail}"),
        toml_syntax: |detail| format!("filen er ikke gyldig TOML ({detail})"),
        unknown_field: |field, allowed| match allowed {
            Some(allowed) => format!("feltet «{field}» finnes ikke her (tillatte felt: {allowed})"),
            None => format!("feltet «{field}» finnes ikke her"),
        },
        missing_field: |field| format!("feltet «{field}» mangler"),
        act_listed_twice: |act| format!("loven «{act}» står to ganger"),
        laws_ledd_section: |act, section| {
            format!(
                "loven «{act}»: ledd-listen har paragraf «{section}»; skriv et tall, eventuelt med \
                 liten bokstav, for eksempel 11a"
            )
        },
        laws_ledd_zero: |act, section| {
            format!("loven «{act}»: § {section} har 0 ledd; en paragraf har minst ett ledd")
        },
        laws_url: |act, url| format!("loven «{act}»: adressen «{url}» må begynne med https://"),
        replaces_unknown: |act, other| {
            format!("loven «{act}» erstatter «{other}», som ikke er en annen lov i laws.toml")
        },
        blueprint_topic_twice: |topic| format!("temaet «{topic}» står to ganger"),
        blueprint_no_topics: "blueprint.toml har ingen temaer ([[topic]])",
        blueprint_topic_range: |topic, min, max| {
            format!(
                "blueprint.toml er selvmotsigende: tema nr. {} har minimum {min}, over maksimum \
                 {max}",
                topic + 1
            )
        },
        blueprint_length: |min, max| {
            format!(
                "blueprint.toml er selvmotsigende: min_items ({min}) må være minst 1 og høyst \
                 max_items ({max})"
            )
        },
        blueprint_minimums: |sum, max| {
            format!(
                "blueprint.toml er selvmotsigende: temaenes minimum er til sammen {sum}, mer enn \
                 max_items ({max})"
            )
        },
        se_target: |value| {
            format!("se_target må være større enn 0 og mindre enn 2, men er {value}")
        },
        max_exposure: |value| {
            format!("max_exposure må være større enn 0 og høyst 1, men er {value}")
        },
        pretest_target: "pretest_target må være minst 1",
        unknown_jurisdiction: |value| {
            format!("ukjent jurisdiksjon «{value}» i [bank] (kjente: «NO», «DK»)")
        },
        language_not_jurisdiction: |language, danish, expected| {
            format!(
                "språket «{language}» i [bank] passer ikke til jurisdiksjonen: en {} bank skrives \
                 på «{expected}»",
                if danish { "dansk" } else { "norsk" }
            )
        },
        form_not_for_bank: |form, language| {
            format!("skriftformen «{form}» i [bank] forms: en bank på «{language}» kan ikke ha den")
        },
        unknown_form: |form| {
            format!("ukjent skriftform «{form}» i [bank] forms (kjente: «nb», «nn», «da»)")
        },
        topic_file_missing: |topic, path| format!("temaet «{topic}» har ingen fil {path}"),
        no_reflection: "temaet har ingen refleksjonsspørsmål til oppfølgingssamtaler",
        topic_not_in_blueprint: |topic| format!("temaet «{topic}» står ikke i blueprint.toml"),
        topic_nynorsk_missing: "temaet har ingen nynorsk utgave: legg til en [nn]-tabell (navn, \
                                beskrivelse, refleksjonsspørsmål)",
        topic_nn_empty_name: "det nynorske navnet ([nn]) er tomt",
        topic_nn_empty_description: "den nynorske beskrivelsen ([nn]) er tom",
        topic_nn_reflection_count: |nn, topic| {
            format!(
                "[nn] har {nn} refleksjonsspørsmål, temaet {topic}: like mange på begge målformer"
            )
        },
        topic_nn_reflection_empty: |n| {
            format!("det nynorske refleksjonsspørsmålet nr. {n} ([nn]) er tomt")
        },
        csv_no_rows: "filen har ingen rader",
        csv_missing_column: |column, need| {
            format!("kolonnen «{column}» mangler (filen trenger: {need})")
        },
        csv_unreadable: |detail| format!("CSV-filen kan ikke leses ({detail})"),
        exposure_k: |value| format!("k = «{value}» må være et tall fra og med 0 til og med 1"),
        exposure_not_active: |id| format!("oppgaven «{id}» er ikke aktiv; raden blir ikke brukt"),
        exposure_unknown_item: |id| format!("ukjent oppgave «{id}»"),
        exposure_missing: |n| {
            format!(
                "{n} aktive oppgaver har ingen eksponeringsparameter (regnes som 1): kjør forvalt \
                 exposure på nytt"
            )
        },
        change_section: |section| {
            format!(
                "paragrafen «{section}» må være én paragraf: et tall, eventuelt med bokstav, for \
                 eksempel 11a"
            )
        },
        change_ledd_beyond: |ledd, section, most| {
            format!("ledd {ledd} i {section}: paragrafen har bare ledd 1 til {most}")
        },
        change_ledd_from_one: |ledd| format!("ledd {ledd}: leddet må være et tall fra 1"),
        change_date: "changed_on må være en dato som 2026-07-01",
        change_in_future: |date| {
            format!("changed_on {date} er fram i tid; oppgavene blir flagget allerede nå")
        },
        change_twice: |section, date| format!("{section} endret {date} står to ganger"),
        cites_changed_section: |reviewed, changes| {
            let list: Vec<String> = changes
                .iter()
                .map(|(section, on)| format!("{section} (endret {on})"))
                .collect();
            format!(
                "viser til en paragraf som er endret, sist gjennomgått {reviewed}: {}; gå gjennom \
                 oppgaven på nytt (eller send den tilbake til utkast på siden Lovendringer)",
                list.join(", ")
            )
        },
    },
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
    proposal_unreadable: |detail| format!("kalibreringsforslaget kan ikke leses ({detail})"),
    nothing_chosen: "ingen oppgaver er valgt",
    not_in_proposal: |item| {
        format!("«{item}» er ikke med i det gjeldende kalibreringsforslaget: last siden på nytt")
    },
    not_acceptable: |item| {
        format!("«{item}» har ikke noe estimat som kan godtas i forslaget (se merknaden på raden)")
    },
    calibration_too_few_answers: |item, n, min| {
        format!("{item} har bare {n} svar; nye parametre kan godtas fra {min} svar")
    },
};
