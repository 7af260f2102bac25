//! Nynorsk.

use super::*;

mod author;
mod hr;
mod refusal;
mod service;

pub static TEXTS: Texts = Texts {
    layout: Layout {
        skip_link: "Hopp til hovudinnhaldet",
        site: "Forvalt",
        log_out: "Logg ut",
        to_home: "Til framsida",
        privacy_link: "Personvern: kva vi lagrar og kven som ser kva",
    },
    errors: Errors {
        title_not_found: "Fann ikkje sida",
        title_forbidden: "Inga tilgang",
        title_too_many: "For mange forsøk",
        title_unauthorized: "Ikkje innlogga",
        title_bad_request: "Feil i førespurnaden",
        title_error: "Feil",
        log_in_first: "Du må logge inn.",
        bad_credentials: "Feil tilsetjingsnummer eller passord.",
        rate_limited: |minutes| {
            format!("For mange mislukka innloggingar. Prøv igjen om {minutes} minutt.")
        },
        rate_limited_login: "For mange mislukka innloggingar. Vent ei stund og prøv igjen.",
        csrf: "Skjemaet kunne ikkje sendast fordi tryggleiksnøkkelen mangla eller var gått ut. \
               Gå tilbake, last sida på nytt og prøv igjen.",
        forbidden: "Du har ikkje tilgang til denne sida.",
        not_found: "Sida finst ikkje.",
        bad_request: |why| format!("Førespurnaden kunne ikkje handsamast: {why}"),
        too_large: "Førespurnaden er for stor.",
        unavailable: "Tenesta er mellombels utilgjengeleg. Det du sende, vart ikkje lagra; \
                      prøv igjen om nokre minutt.",
        internal: "Noko gjekk gale hos oss. Prøv igjen om litt.",
    },
    login: Login {
        title: "Logg inn",
        employee_id: "Tilsetjingsnummer",
        password: "Passord",
        submit: "Logg inn",
        sso_button: |provider| format!("Logg inn med {provider}"),
        password_heading: "Logg inn med passord",
        sso_unavailable: |provider| {
            format!(
                "Innlogging med {provider} er ikkje tilgjengeleg akkurat no. Prøv igjen om litt, \
                 eller kontakt brukarstøtta om det varer."
            )
        },
        password_off: "Innlogging med passord er slått av her. Bruk knappen for innlogging \
                       med kontoen til verksemda.",
        sso_expired: "Innlogginga har gått ut eller er alt brukt. Start innlogginga på nytt.",
        sso_denied: |provider| {
            format!("Innlogginga hos {provider} vart avbroten. Du er ikkje logga inn.")
        },
        sso_rejected: |provider| {
            format!(
                "Svaret frå {provider} kunne ikkje stadfestast, så du er ikkje logga inn. Prøv \
                 igjen; kontakt brukarstøtta om det skjer fleire gonger."
            )
        },
        sso_no_claim: |provider| {
            format!(
                "{provider} sende ikkje tilsetjingsnummeret ditt, så vi veit ikkje kven du er. \
                 Kontakt brukarstøtta."
            )
        },
        sso_error_code: |code| format!("Feilkode: {code}"),
        no_access_title: "Inga tilgang til Forvalt",
        not_in_roster: |provider, id| {
            format!(
                "Du er logga inn hos {provider} som «{id}», men du står ikkje i personlista i \
                 Forvalt. Kontakt HR eller den som administrerer Forvalt i verksemda."
            )
        },
        deactivated: "Brukaren din i Forvalt er deaktivert, så du kan ikkje logge inn. Kontakt \
                      HR om dette er feil.",
        sso_log_out_there: |provider| {
            format!("Logg ut hos {provider} (for å logge inn som ein annan)")
        },
        signed_in_title: "Du er logga inn",
        continue_link: "Gå vidare til Forvalt",
        logged_out_title: "Du er logga ut",
        logged_out: "Du er logga ut av Forvalt.",
    },
    home: Home {
        title: "Framside",
        greeting: |name| format!("Hei, {name}"),
        your_tests: "Testane dine",
        no_cycles: "Det er ingen testsyklusar enno.",
        cycle: |name| format!("Syklus {name}"),
        opens_deadline: |opens, deadline| format!("Opnar {opens}, frist {deadline}. "),
        status: "Status: ",
        upcoming: "Ikkje opna enno",
        due: "Skal takast",
        in_progress: "Påbyrja",
        completed: "Fullført",
        overdue: "Fristen er gått ut",
        answered: |n| format!(" ({n} spørsmål svara på)"),
        see_result: "Sjå resultatet ditt",
        certificate: "Kursbevis for",
        resume: "Hald fram med testen",
        start_note: "Testen tek kring 30 minutt. Du kan ta pausar; svara dine blir lagra undervegs.",
        start: "Start testen",
        form_heading: "Målform",
        form_now: "Du får testen og sidene på nynorsk.",
        form_legend: "Målform for testen og sidene",
        form_save: "Lagre målform",
        form_note: "Spørsmål som alt er viste, held på målforma dei vart viste i.",
        form_missing: "vel bokmål eller nynorsk.",
        closed: "Fristen er ute, og testen kan ikkje takast lenger. Ta kontakt med leiaren din.",
        leader_link: |unit| format!("Leiarsider for {unit}"),
        leader_link_rest: ": kven som har fullført, og temarapporten for eininga",
        signed_in_as: |role| format!("Du er logga inn som {role}."),
        role_caseworker: "saksbehandlar",
        role_hr: "HR",
        role_author: "oppgåveforfattar",
        role_admin: "administrator",
    },
    question: Question {
        title: |n| format!("Spørsmål {n}"),
        progress: |answered, max, covered, topics| {
            format!(
                "{answered} svara (testen har høgst {max} spørsmål). \
                 {covered} av {topics} tema er rørt ved."
            )
        },
        answer: "Svar",
        choose_one: "Vel eitt av svaralternativa.",
    },
    result: ResultTexts {
        title: "Resultat",
        heading: |cycle| format!("Resultatet ditt – {cycle}"),
        n_correct: |right, answered| format!("Du svara rett på {right} av {answered} spørsmål."),
        overall: "Samla nivå",
        level: |level| format!("Nivået ditt i forvaltningsrett er {level}."),
        levels: [
            "grunnleggjande",
            "under middels",
            "middels",
            "over middels",
            "høgt",
        ],
        precise: "Målinga er presis nok til at vi er ganske sikre på dette nivået.",
        range: |low, high| {
            format!(
                "Ein kort test gir alltid noko uvisse: nivået ditt ligg truleg ein stad mellom \
                 {low} og {high}."
            )
        },
        compared: " Nivået blir samanlikna med dei fleste saksbehandlarar, og testen tilpassa \
                   spørsmåla etter svara dine, så talet på rette svar åleine seier lite.",
        by_topic: "Tema for tema",
        topic_caveat: "Kvart tema fekk berre 2–4 spørsmål. Det seier lite om éin person: bruk det \
                       som eit hint om kva du kan lese deg opp på, ikkje som ein dom.",
        topic_score: |right, n| format!("{right} av {n} rette. "),
        too_few: "For få spørsmål til å seie noko om dette temaet.",
        weaker: "Færre rette enn vi ville venta ut frå det samla nivået ditt – kanskje verdt å sjå \
                 nærare på.",
        as_expected: "Omtrent som venta ut frå det samla nivået ditt.",
        stronger: "Fleire rette enn vi ville venta ut frå det samla nivået ditt.",
        reflect: "Til ettertanke:",
        missed_heading: "Spørsmåla du svara feil på",
        all_right: "Du svara rett på alle spørsmåla.",
        you_answered: "Du svara: ",
        right_answer: "Rett svar: ",
        explanation: "Forklaring: ",
        references: "Lovtilvising: ",
    },
    author: author::AUTHOR,
    password: PasswordTexts {
        title: "Vel passord",
        intro: |name| format!("Hei, {name}. Vel passordet du skal logge inn i Forvalt med."),
        policy: |min| {
            format!("Minst {min} teikn. Vanlege passord som «Passord123» blir ikkje godtekne.")
        },
        new_password: "Nytt passord",
        repeat: "Gjenta passordet",
        submit: "Lagre passordet",
        mismatch: "Dei to passorda er ikkje like. Skriv det same passordet to gonger.",
        too_weak: "Passordet er for kort eller for vanleg. Vel eit lengre passord som er \
                   vanskeleg å gjette.",
        done_title: "Passordet er lagra",
        done: "Passordet er lagra. No kan du logge inn med tilsettnummeret ditt og det nye \
               passordet.",
        log_in: "Logg inn",
        refused_title: "Lenka kan ikkje brukast",
        expired: "Lenka har gått ut. Be administratoren om ei ny lenke.",
        used: "Lenka er alt brukt til å velje eit passord, og kan berre brukast éin gong. \
               Har du gløymt passordet, be administratoren om ei ny lenke.",
        replaced: "Lenka gjeld ikkje lenger: ei nyare lenke er laga, eller passordet er endra \
                   sidan. Bruk den nyaste lenka du har fått.",
        unknown: "Lenka er ikkje gyldig. Sjekk at du har fått med heile lenka frå e-posten.",
        deactivated: "Brukaren din er deaktivert. Ta kontakt med administratoren.",
        mail_subject: "Vel passord for Forvalt",
        mail_body: |name, link, hours| {
            format!(
                "Hei, {name}.\n\nVel passordet ditt for Forvalt her:\n{link}\n\nLenka kan \
                 brukast éin gong og gjeld i {hours} timar. Har du ikkje bede om dette, kan du \
                 sjå bort frå e-posten.\n"
            )
        },
    },
    admin: Admin {
        back: "Til administrasjon",
        cycles_title: "Syklusar",
        cycles_intro: "Kvar saksbehandlar tek éin test per syklus. Etter fristen kan ingen starte \
                       testen, med mindre syklusen tillèt sein gjennomføring; ein påbyrja test \
                       kan fullførast i nokre dagar etter fristen.",
        cycles_caption: "Alle syklusar, nyaste først",
        no_cycles: "Ingen syklusar enno.",
        col_name: "Namn",
        col_opens: "Åpner",
        col_deadline: "Frist",
        col_late: "Sein gjennomføring",
        col_state: "Status",
        col_done: "Testar",
        state_not_open: "Ikkje opna enno",
        state_open: "Åpen",
        state_late: "Etter fristen, sein start tillaten",
        state_grace: |until| {
            format!("Etter fristen: påbyrja testar kan fullførast til og med {until}")
        },
        state_closed: "Lukket",
        late: |allowed, own, default| {
            let start = if allowed {
                "Start etter fristen tillaten"
            } else {
                "Ingen start etter fristen"
            };
            match own {
                Some(d) => format!("{start}; {d} dagar til å fullføre"),
                None => format!("{start}; {default} dagar til å fullføre (standard)"),
            }
        },
        done: |finished, unfinished| format!("{finished} fullført, {unfinished} påbyrja"),
        new_heading: "Ny syklus",
        label_name: "Namn",
        label_opens: "Første dag",
        label_deadline: "Frist (siste dag for å ta testen)",
        date_hint: "Dato på forma ÅÅÅÅ-MM-DD.",
        create: "Opprett syklusen",
        change_heading: |name| format!("Endre «{name}»"),
        label_allow_late: "Tillat å starte testen etter fristen",
        label_grace: |default| {
            format!(
                "Dagar etter fristen til å fullføre ein påbyrja test (tomt: standard, {default})"
            )
        },
        save: "Lagre endringa",
        deadline_fixed: |deadline| {
            format!(
                "Fristen {deadline} er passert og kan ikkje flyttast, for rapportane per fristen ligg \
                 fast. Du kan framleis tillate sein gjennomføring."
            )
        },
        close_help: "Å lukke syklusen tyder at ingen kan starte eller halde fram med testen frå i dag. \
                     Er fristen ikkje passert, blir han sett til i går.",
        close: |name| format!("Lukk «{name}»"),
        created: |name| format!("Syklusen «{name}» er oppretta."),
        changed: |name| format!("Endringa av «{name}» er lagra."),
        closed: |name| format!("«{name}» er lukka."),
        refused: "Endringa vart ikkje gjord:",
        bad_date: |field, value| {
            format!("{field}: «{value}» er ikkje ein dato på forma ÅÅÅÅ-MM-DD.")
        },
        bad_days: |value| format!("«{value}» er ikkje eit tal på dagar."),
        err_empty_name: "Syklusen må ha eit namn.",
        err_name_too_long: |n| format!("Namnet kan ha høgst {n} teikn."),
        err_deadline_before_opening: |deadline, opens| {
            format!("Fristen {deadline} er før første dag {opens}.")
        },
        err_duplicate: |name, opens, deadline| {
            format!("Det finst alt ein syklus som heiter «{name}» ({opens} – {deadline}).")
        },
        err_no_such_cycle: |name| format!("Ingen syklus heiter «{name}»."),
        err_deadline_passed: |name, deadline| {
            format!(
                "Fristen for «{name}» ({deadline}) er passert og kan ikkje flyttast, for rapportane \
                 per fristen ligg fast. Tillat sein gjennomføring i staden."
            )
        },
        err_grace_days: |max| format!("Høgst {max} dagar etter fristen."),
        err_not_opened: |name, opens| {
            format!(
                "«{name}» opnar {opens} og har ikkje vart ein heil dag. Endre datoane i staden."
            )
        },
        err_already_closed: |name| format!("«{name}» er alt lukka."),
        settings_title: "Innstillingar",
        settings_intro: "Innstillingane serveren køyrer med, og kvar kvar av dei kjem frå. \
                         Løyndomar blir ikkje viste. Endringar gjer du i konfigurasjonsfila eller \
                         miljøvariablane, og dei gjeld etter omstart.",
        settings_caption: "Innstillingar i bruk",
        col_key: "Innstilling",
        col_value: "Verdi",
        col_source: "Kilde",
        unset: "(ikkje sett)",
        masked: "(skjult)",
        source_default: "standardverdi",
        source_file: |path, line| format!("{path}, linje {line}"),
        source_env: |var| format!("miljøvariabelen {var}"),
        source_cli: |flag| format!("kommandolinjen ({flag})"),
        settings_unknown: "Serveren er ikkje starta med «forvalt serve», så innstillingane er ikkje kjende her.",
        link_cycles: "Syklusar",
        link_settings: "Innstillingar",
        people_title: "Personar",
        search_label: "Søk på namn, tilsetjingsnummer eller avdeling",
        search: "Søk",
        people_found: |n, query, page, pages| {
            let hits = if query.is_empty() {
                String::new()
            } else {
                format!(" som passar med «{query}»")
            };
            format!("{n} personar{hits}. Side {page} av {pages}.")
        },
        people_caption: "Personar, etter avdeling og namn",
        col_employee_id: "Tilsetjingsnummer",
        col_department: "Avdeling",
        col_role: "Rolle",
        pages_nav: "Sider",
        previous_page: "Førre side",
        next_page: "Neste side",
        bad_page: |n| format!("ugyldig sidetal «{n}»"),
        role_caseworker: "saksbehandlar",
        role_hr: "HR",
        role_author: "forfattar",
        role_admin: "administrator",
        status_active: "aktiv",
        status_no_password: "aktiv, utan passord",
        status_deactivated: |date| format!("deaktivert {date}"),
        label_email: "E-post",
        label_leads: "Leiar for",
        role_heading: "Endre rolla",
        save_role: "Lagre rolla",
        unknown_role: |role| format!("ukjend rolle «{role}»"),
        role_now: |role| format!("Rolla er no {role}."),
        department_heading: "Flytt til ei anna avdeling",
        label_department: "Avdeling",
        department_hint: |max| {
            format!(
                "Skriv avdelinga som ein sti, til dømes «Etat/Område Sør/Team 2» (høgst {max} \
                 teikn). Testane personen har teke, blir ståande i den avdelinga dei vart tekne i."
            )
        },
        save_department: "Flytt",
        moved: |name, department| format!("{name} er flytt til {department}."),
        err_department_empty: "Skriv inn ei avdeling.",
        err_department_empty_part: "Avdelinga har ein tom del mellom to skråstrekar. Skriv ho \
                                    som «Etat/Område Sør/Team 2».",
        err_department_control: "Avdelinga kan ikkje innehalde linjeskift eller andre kontrollteikn.",
        err_department_too_long: |max| format!("Avdelinga kan ha høgst {max} teikn."),
        deactivate_heading: "Deaktiver",
        deactivate_help: "Ein som har slutta, kan ikkje logge inn og får ingen e-post. \
                          Innloggingane blir avslutta med ein gong. Testane blir ståande i \
                          rapportane.",
        deactivate_button: |name| format!("Deaktiver {name}"),
        deactivated: |name| format!("{name} er deaktivert, og innloggingane er avslutta."),
        reactivate_heading: "Reaktiver",
        reactivate_button: |name| format!("Reaktiver {name}"),
        reactivated: |name| format!("{name} er reaktivert."),
        link_heading: "Lenke for å velje passord",
        link_help: "Lenka kan brukast éin gong. Eldre lenker sluttar å verke, og personen blir \
                    logga ut.",
        link_button: "Send lenke for å velje passord",
        link_queued: |to| format!("Lenka blir send på e-post til {to}."),
        outbox_link: "Sjå utboksen",
        link_show: |name, until| {
            format!(
                "E-post er ikkje sett opp. Gi denne lenka til {name} (ho verkar éin gong, til \
                 {until}):"
            )
        },
        to_people: "Til personar",
        roster_title: "Personalliste",
        roster_upload_heading: "Last opp personalliste",
        roster_intro: "Lim inn personallista (CSV). Du ser kva som vil bli endra før noko blir \
                       lagra. Personar som ikkje står på lista, blir deaktiverte (dei blir aldri \
                       sletta).",
        roster_errors_heading: "Lista har feil – ingenting er endra",
        roster_line: |line, message| format!("linje {line}: {message}"),
        roster_label: "Personalliste (CSV)",
        roster_help: "Kolonnar: employee_id, name, email, department, role, og valfritt leads og \
                      malform. Første linja er overskrifta.",
        show_changes: "Vis endringane",
        field_name: "namn",
        field_email: "e-post",
        field_department_move: "avdeling (flytting)",
        field_role: "rolle",
        field_leads: "leiar for",
        field_malform: "målform",
        field_status: "status",
        value_active: "aktiv",
        value_deactivated: "deaktivert",
        plan_counts: |new, changed, leavers, unchanged| {
            format!(
                "{new} nye, {changed} endra, {leavers} slutta (blir deaktiverte), {unchanged} \
                 uendra."
            )
        },
        new_caption: "Nye personar",
        changes_caption: "Endringar",
        col_change: "Endring",
        leavers_caption: "Slutta: blir deaktiverte, testane blir ståande",
        preview_heading: "Endringar frå personallista",
        nothing_changed_yet: "Ingenting er endra enno.",
        roster_matches: "Lista stemmer med databasen; det er ingenting å endre.",
        apply_changes: "Bruk endringane",
        upload_another: "Last opp ei anna liste",
        applied_heading: "Endringane er lagra",
        nothing_changed: "Ingenting er endra",
        changed_since: "Personane i databasen er endra sidan førehandsvisinga. Sjå på \
                        endringane på nytt før du brukar dei.",
        show_again: "Vis endringane på nytt",
        self_lockout: "Lista ville ha deaktivert deg sjølv. Legg deg til i lista, eller la ein \
                       annan administrator gjere det.",
        back_link: "Tilbake",
    },
    reports: hr::REPORTS,
    service: service::SERVICE,
    refusals: refusal::REFUSALS,
};
