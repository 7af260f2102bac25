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
    // Authoring.
    bank_has_errors: |list| format!("oppgåvebanken har feil og kan ikkje endrast: {list}"),
    would_break_bank: |list| {
        format!("endringa ville gjort oppgåvebanken ugyldig, så ingenting er endra: {list}")
    },
    unknown_topic: |topic| format!("temaet «{topic}» finst ikkje"),
    bad_item_id: |id| {
        format!("«{id}» kan ikkje brukast som id: bruk små bokstavar, tal og bindestrek")
    },
    no_open_change: "oppgåva har inga open endring",
    draft_changed: |by| format!("utkastet er endra sidan du såg det (av {by}): sjå på det på nytt"),
    not_in_review: "utkastet er ikkje til gjennomgang",
    empty_comment: "du har ikkje skrive nokon kommentar",
    own_change: "du kan ikkje godkjenne ei endring du sjølv har skrive: ein annan forfattar må \
                 godkjenne henne",
    not_submitted: "utkastet må sendast til gjennomgang før det kan godkjennast",
    retire_reason_missing: "skriv kvifor oppgåva skal setjast som utgått",
    already_retired: "oppgåva er alt utgått",
    problems: ProblemTexts {
        id_invalid: |id| format!("«{id}» kan ikkje brukast som id: berre bokstavar, tal, - og _"),
        id_not_file_name: |id| format!("id-en «{id}» stemmer ikkje med filnamnet"),
        unknown_topic: |topic| format!("temaet «{topic}» finst ikkje"),
        topic_folder: |topic| format!("temaet er «{topic}», men fila ligg ikkje i items/{topic}/"),
        bad_status: |status| {
            format!("status «{status}» må vere draft, pretest, active eller retired")
        },
        bad_reviewed: "reviewed må vere ein dato som 2026-11-23",
        reviewed_in_future: |date| format!("gjennomgangsdatoen {date} ligg fram i tid"),
        review_due: |date, days| {
            format!(
                "sist gjennomgått {date}, for meir enn {days} dagar sidan: gå gjennom oppgåva mot \
                 gjeldande lov"
            )
        },
        empty_stem: "spørsmålet manglar",
        empty_explanation: "forklaringa manglar",
        option_count: |n| format!("ei oppgåve må ha 3 til 5 svaralternativ, men har {n}"),
        empty_option: |letter| format!("svaralternativ {letter} manglar tekst"),
        repeated_option: |letter| {
            format!("svaralternativ {letter} er likt eit tidlegare alternativ")
        },
        key_not_an_option: |key, last| {
            format!("rett svar «{key}» er ikkje mellom alternativa (A til {last})")
        },
        key_longest: |key, next| {
            format!(
                "det rette svaret er klart det lengste alternativet ({key} teikn, det nest \
                 lengste {next}): testvane kandidatar vel det utan å kunne regelen; gjer eit gale \
                 alternativ lengre eller det rette strammare"
            )
        },
        no_references: "oppgåva viser ikkje til nokon lov: legg til minst éin heimel",
        reference_shape: |r| {
            format!("heimelen «{r}» må skrivast «<lov> § <paragraf>[ <ledd/bokstav>]»")
        },
        reference_section: |r, section| {
            format!(
                "heimelen «{r}» har paragraf «{section}»: skriv eit tal, eventuelt med bokstav, til \
                 dømes 11a"
            )
        },
        unknown_act: |act, known| format!("ukjend lov «{act}» (laws.toml har: {known})"),
        repealed_act: |act, id| format!("«{act}» ({id}) er oppheva: vis til lova som gjeld no"),
        successor_act_not_in_force: |act| {
            format!(
                "«{act}» har ikkje tredd i kraft enno: ein etterfølgjar skriven for henne blir \
                 verande utkast til lova trer i kraft"
            )
        },
        in_force_under_future: |act| {
            format!("«{act}» er i kraft: før henne opp under heimlar, ikkje framtidige heimlar")
        },
        not_yet_in_force: |act| {
            format!("«{act}» har ikkje tredd i kraft enno: før henne opp under framtidige heimlar")
        },
        danish_detail: |r, example| {
            format!("«{r}»: skriv detaljane på dansk vis, til dømes «{example}»")
        },
        ledd_missing: |section, n, danish| {
            if danish {
                format!(
                    "{section} har {n} stk.: oppgi kva stk. regelen står i (til dømes \
                     «{section}, stk. 1»)"
                )
            } else {
                format!(
                    "{section} har {n} ledd: oppgi kva ledd regelen står i (til dømes \
                     «{section} første ledd»)"
                )
            }
        },
        ledd_beyond: |r, cited, section, n, danish| {
            let unit = if danish { "stk." } else { "ledd" };
            format!(
                "«{r}» viser til {unit} {cited}, men {section} har berre {n} {unit} (laws.toml)"
            )
        },
        future_change_empty: "future_change er tom: skriv kva som blir endra med den nye lova, \
                              eller fjern linja",
        future_change_without_references: "future_change krev framtidige heimlar: paragrafane i \
                                           den nye lova",
        parameter_out_of_range: |name, value, range| {
            format!("parameteren {name} = {value} ligg utanfor {range}")
        },
        guessing_high: |c, n| {
            format!("c = {c} er godt over 1/{n} for ei oppgåve med {n} alternativ")
        },
        expert_takes_no_calibration: "parametrar anslått av ein fagperson (expert) skal ikkje ha \
                                      n eller calibrated_on",
        calibrated_incomplete: "kalibrerte parametrar treng n og calibrated_on (ein dato)",
        bad_source: |source| format!("kjelda «{source}» må vere expert eller calibrated"),
        expert_parameters: "aktiv oppgåve med parametrar anslått av ein fagperson: kalibrer når \
                            det finst nok svar",
        nynorsk_missing: "aktiv oppgåve utan nynorsk utgåve: legg til ein [nn]-tabell (spørsmål, \
                          alternativ, forklaring)",
        nynorsk_not_norwegian: "ein [nn]-tabell (nynorsk) i ein bank som ikkje er norsk: fjern han",
        nn_empty_stem: "det nynorske spørsmålet ([nn]) manglar",
        nn_empty_explanation: "den nynorske forklaringa ([nn]) manglar",
        nn_option_count: |nn, item| {
            format!(
                "[nn] har {nn} alternativ, oppgåva {item}: dei same alternativa i same \
                 rekkjefølgje, så det same svaret er rett"
            )
        },
        nn_empty_option: |letter| {
            format!("det nynorske alternativet {letter} ([nn]) manglar tekst")
        },
        nn_repeated_option: |letter| {
            format!("det nynorske alternativet {letter} ([nn]) er likt eit tidlegare alternativ")
        },
        nn_key_longest: |key, next| {
            format!(
                "[nn]: det rette svaret er klart det lengste alternativet ({key} teikn, det nest \
                 lengste {next})"
            )
        },
        own_successor: "ei oppgåve kan ikkje vere etterfølgjar av seg sjølv",
        unknown_successor: |of| format!("successor_of «{of}» er ikkje ei oppgåve i banken"),
        duplicate_id: |id, other| format!("id-en «{id}» er brukt to gonger (òg i {other})"),
        own_enemy: "ei oppgåve kan ikkje vere fiende av seg sjølv",
        unknown_enemy: |enemy| format!("fienden «{enemy}» er ikkje ei oppgåve i banken"),
        successor_missing: |id| {
            format!(
                "svaret blir endra med den nye lova, men ingen utkast har successor_of = «{id}»"
            )
        },
        topic_below_minimum: |topic, n, min| {
            format!(
                "temaet «{topic}» har {n} aktive oppgåver, under minstetalet for banken på {min}"
            )
        },
        topic_below_max: |topic, n, max| {
            format!("temaet «{topic}» har {n} aktive oppgåver, færre enn dei {max} ein test kan ta")
        },
        answered_keeps_topic: "nokon har svart på denne oppgåva, så ho held på temaet sitt; lag \
                               ein kopi for å skrive ei oppgåve til eit anna tema",
        // The bank's other files.
        not_utf8: "fila er ikkje gyldig UTF-8: lagre ho som UTF-8",
        cannot_read_file: |detail| format!("fila kan ikkje lesast: {detail}"),
        cannot_read_folder: |detail| format!("mappa kan ikkje lesast: {detail}"),
        toml_syntax: |detail| format!("fila er ikkje gyldig TOML ({detail})"),
        unknown_field: |field, allowed| match allowed {
            Some(allowed) => format!("feltet «{field}» finst ikkje her (tillatne felt: {allowed})"),
            None => format!("feltet «{field}» finst ikkje her"),
        },
        missing_field: |field| format!("feltet «{field}» manglar"),
        act_listed_twice: |act| format!("lova «{act}» står to gonger"),
        laws_ledd_section: |act, section| {
            format!(
                "lova «{act}»: ledd-lista har paragraf «{section}»; skriv eit tal, eventuelt med \
                 liten bokstav, til dømes 11a"
            )
        },
        laws_ledd_zero: |act, section| {
            format!("lova «{act}»: § {section} har 0 ledd; ein paragraf har minst eitt ledd")
        },
        laws_url: |act, url| format!("lova «{act}»: adressa «{url}» må byrje med https://"),
        replaces_unknown: |act, other| {
            format!("lova «{act}» erstattar «{other}», som ikkje er ei anna lov i laws.toml")
        },
        blueprint_topic_twice: |topic| format!("temaet «{topic}» står to gonger"),
        blueprint_no_topics: "blueprint.toml har ingen tema ([[topic]])",
        blueprint_topic_range: |topic, min, max| {
            format!(
                "blueprint.toml er sjølvmotseiande: tema nr. {} har minimum {min}, over maksimum \
                 {max}",
                topic + 1
            )
        },
        blueprint_length: |min, max| {
            format!(
                "blueprint.toml er sjølvmotseiande: min_items ({min}) må vere minst 1 og høgst \
                 max_items ({max})"
            )
        },
        blueprint_minimums: |sum, max| {
            format!(
                "blueprint.toml er sjølvmotseiande: minimuma for temaa er til saman {sum}, meir \
                 enn max_items ({max})"
            )
        },
        se_target: |value| {
            format!("se_target må vere større enn 0 og mindre enn 2, men er {value}")
        },
        max_exposure: |value| {
            format!("max_exposure må vere større enn 0 og høgst 1, men er {value}")
        },
        pretest_target: "pretest_target må vere minst 1",
        unknown_jurisdiction: |value| {
            format!("ukjend jurisdiksjon «{value}» i [bank] (kjende: «NO», «DK»)")
        },
        language_not_jurisdiction: |language, danish, expected| {
            format!(
                "språket «{language}» i [bank] passar ikkje til jurisdiksjonen: ein {} bank er \
                 skriven på «{expected}»",
                if danish { "dansk" } else { "norsk" }
            )
        },
        form_not_for_bank: |form, language| {
            format!(
                "skriftforma «{form}» i [bank] forms: ein bank på «{language}» kan ikkje ha henne"
            )
        },
        unknown_form: |form| {
            format!("ukjend skriftform «{form}» i [bank] forms (kjende: «nb», «nn», «da»)")
        },
        topic_file_missing: |topic, path| format!("temaet «{topic}» har inga fil {path}"),
        no_reflection: "temaet har ingen refleksjonsspørsmål til oppfølgingssamtalar",
        topic_not_in_blueprint: |topic| format!("temaet «{topic}» står ikkje i blueprint.toml"),
        topic_nynorsk_missing: "temaet har inga nynorsk utgåve: legg til ein [nn]-tabell (namn, \
                                skildring, refleksjonsspørsmål)",
        topic_nn_empty_name: "det nynorske namnet ([nn]) manglar",
        topic_nn_empty_description: "den nynorske skildringa ([nn]) manglar",
        topic_nn_reflection_count: |nn, topic| {
            format!(
                "[nn] har {nn} refleksjonsspørsmål, temaet {topic}: like mange på begge målformene"
            )
        },
        topic_nn_reflection_empty: |n| {
            format!("det nynorske refleksjonsspørsmålet nr. {n} ([nn]) manglar tekst")
        },
        csv_no_rows: "fila har ingen rader",
        csv_missing_column: |column, need| {
            format!("kolonnen «{column}» manglar (fila treng: {need})")
        },
        csv_unreadable: |detail| format!("CSV-fila kan ikkje lesast ({detail})"),
        exposure_k: |value| format!("k = «{value}» må vere eit tal frå og med 0 til og med 1"),
        exposure_not_active: |id| format!("oppgåva «{id}» er ikkje aktiv; rada blir ikkje brukt"),
        exposure_unknown_item: |id| format!("ukjend oppgåve «{id}»"),
        exposure_missing: |n| {
            format!(
                "{n} aktive oppgåver har ingen eksponeringsparameter (blir rekna som 1): køyr \
                 forvalt exposure på nytt"
            )
        },
        change_section: |section| {
            format!(
                "paragrafen «{section}» må vere éin paragraf: eit tal, eventuelt med bokstav, til \
                 dømes 11a"
            )
        },
        change_ledd_beyond: |ledd, section, most| {
            format!("ledd {ledd} i {section}: paragrafen har berre ledd 1 til {most}")
        },
        change_ledd_from_one: |ledd| format!("ledd {ledd}: leddet må vere eit tal frå 1"),
        change_date: "changed_on må vere ein dato som 2026-07-01",
        change_in_future: |date| {
            format!("changed_on {date} ligg fram i tid; oppgåvene blir flagga alt no")
        },
        change_twice: |section, date| format!("{section} endra {date} står to gonger"),
        cites_changed_section: |reviewed, changes| {
            let list: Vec<String> = changes
                .iter()
                .map(|(section, on)| format!("{section} (endra {on})"))
                .collect();
            format!(
                "viser til ein paragraf som er endra, sist gjennomgått {reviewed}: {}; gå gjennom \
                 oppgåva på nytt (eller send henne tilbake til utkast på sida Lovendringar)",
                list.join(", ")
            )
        },
    },
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
    proposal_unreadable: |detail| format!("kalibreringsforslaget kan ikkje lesast ({detail})"),
    nothing_chosen: "ingen oppgåver er valde",
    not_in_proposal: |item| {
        format!("«{item}» er ikkje med i det gjeldande kalibreringsforslaget: last sida på nytt")
    },
    not_acceptable: |item| {
        format!(
            "«{item}» har ikkje noko estimat som kan godtakast i forslaget (sjå merknaden på rada)"
        )
    },
    calibration_too_few_answers: |item, n, min| {
        format!("{item} har berre {n} svar; nye parametrar kan godtakast frå {min} svar")
    },
};
