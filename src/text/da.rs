//! Danish: the language of an installation whose item bank is Danish (`[bank] language = "da"`).

use super::*;

mod author;
mod hr;
mod refusal;
mod service;

pub static TEXTS: Texts = Texts {
    layout: Layout {
        skip_link: "Gå til hovedindholdet",
        site: "Forvalt",
        log_out: "Log ud",
        to_home: "Til forsiden",
        privacy_link: "Databeskyttelse: hvad vi gemmer, og hvem der ser hvad",
    },
    errors: Errors {
        title_not_found: "Siden blev ikke fundet",
        title_forbidden: "Ingen adgang",
        title_too_many: "For mange forsøg",
        title_unauthorized: "Ikke logget ind",
        title_bad_request: "Fejl i forespørgslen",
        title_error: "Fejl",
        log_in_first: "Du skal logge ind.",
        bad_credentials: "Forkert medarbejdernummer eller adgangskode.",
        rate_limited: |minutes| {
            format!("For mange mislykkede login. Prøv igen om {minutes} minutter.")
        },
        rate_limited_login: "For mange mislykkede login. Vent lidt, og prøv igen.",
        csrf: "Formularen kunne ikke sendes, fordi sikkerhedsnøglen manglede eller var udløbet. \
               Gå tilbage, genindlæs siden, og prøv igen.",
        forbidden: "Du har ikke adgang til denne side.",
        not_found: "Siden findes ikke.",
        bad_request: |why| format!("Forespørgslen kunne ikke behandles: {why}"),
        too_large: "Forespørgslen er for stor.",
        unavailable: "Tjenesten er midlertidigt utilgængelig. Det, du sendte, blev ikke gemt; \
                      prøv igen om nogle minutter.",
        internal: "Noget gik galt hos os. Prøv igen om lidt.",
    },
    login: Login {
        title: "Log ind",
        employee_id: "Medarbejdernummer",
        password: "Adgangskode",
        submit: "Log ind",
        sso_button: |provider| format!("Log ind med {provider}"),
        password_heading: "Log ind med adgangskode",
        sso_unavailable: |provider| {
            format!(
                "Log ind med {provider} er ikke muligt lige nu. Prøv igen om lidt, eller kontakt \
                 support, hvis det varer ved."
            )
        },
        password_off: "Log ind med adgangskode er slået fra her. Brug knappen for at logge ind \
                       med organisationens konto.",
        sso_expired: "Log ind-forsøget er udløbet eller allerede brugt. Start forfra.",
        sso_denied: |provider| {
            format!("Log ind hos {provider} blev afbrudt. Du er ikke logget ind.")
        },
        sso_rejected: |provider| {
            format!(
                "Svaret fra {provider} kunne ikke bekræftes, så du er ikke logget ind. Prøv igen; \
                 kontakt support, hvis det sker igen."
            )
        },
        sso_no_claim: |provider| {
            format!(
                "{provider} sendte ikke dit medarbejdernummer, så vi ved ikke, hvem du er. \
                 Kontakt support."
            )
        },
        sso_error_code: |code| format!("Fejlkode: {code}"),
        no_access_title: "Ingen adgang til Forvalt",
        not_in_roster: |provider, id| {
            format!(
                "Du er logget ind hos {provider} som »{id}«, men du står ikke på personlisten i \
                 Forvalt. Kontakt HR eller den, der administrerer Forvalt i organisationen."
            )
        },
        deactivated: "Din bruger i Forvalt er deaktiveret, så du kan ikke logge ind. Kontakt HR, \
                      hvis det er en fejl.",
        sso_log_out_there: |provider| {
            format!("Log ud hos {provider} (for at logge ind som en anden)")
        },
        signed_in_title: "Du er logget ind",
        continue_link: "Gå videre til Forvalt",
        logged_out_title: "Du er logget ud",
        logged_out: "Du er logget ud af Forvalt.",
    },
    home: Home {
        title: "Forside",
        greeting: |name| format!("Hej {name}"),
        your_tests: "Dine test",
        no_cycles: "Der er endnu ingen testrunder.",
        cycle: |name| format!("Testrunde {name}"),
        opens_deadline: |opens, deadline| format!("Åbner {opens}, frist {deadline}. "),
        status: "Status: ",
        upcoming: "Ikke åbnet endnu",
        due: "Skal tages",
        in_progress: "Påbegyndt",
        completed: "Gennemført",
        overdue: "Fristen er overskredet",
        answered: |n| format!(" ({n} spørgsmål besvaret)"),
        see_result: "Se dit resultat",
        certificate: "Kursusbevis for",
        resume: "Fortsæt testen",
        start_note: "Testen tager omkring 30 minutter. Du kan holde pauser; dine svar gemmes \
                     undervejs.",
        start: "Start testen",
        form_heading: "Sprog",
        form_now: "Du får testen og siderne på dansk.",
        form_legend: "Sprog for testen og siderne",
        form_save: "Gem sprog",
        form_note: "Spørgsmål, der allerede er vist, beholder det sprog, de blev vist på.",
        form_missing: "vælg et sprog.",
        closed: "Fristen er overskredet, og testen kan ikke længere tages. Kontakt din leder.",
        leader_link: |unit| format!("Ledersider for {unit}"),
        leader_link_rest: ": hvem der har gennemført, og enhedens emnerapport",
        signed_in_as: |role| format!("Du er logget ind som {role}."),
        role_caseworker: "sagsbehandler",
        role_hr: "HR",
        role_author: "opgaveforfatter",
        role_admin: "administrator",
    },
    question: Question {
        title: |n| format!("Spørgsmål {n}"),
        progress: |answered, max, covered, topics| {
            format!(
                "{answered} besvaret (testen har højst {max} spørgsmål). \
                 {covered} af {topics} emner er berørt."
            )
        },
        answer: "Svar",
        choose_one: "Vælg en af svarmulighederne.",
    },
    result: ResultTexts {
        title: "Resultat",
        heading: |cycle| format!("Dit resultat – {cycle}"),
        n_correct: |right, answered| {
            format!("Du svarede rigtigt på {right} af {answered} spørgsmål.")
        },
        overall: "Samlet niveau",
        level: |level| format!("Dit niveau i forvaltningsret er {level}."),
        levels: [
            "grundlæggende",
            "under middel",
            "middel",
            "over middel",
            "højt",
        ],
        precise: "Målingen er præcis nok til, at vi er ret sikre på dette niveau.",
        range: |low, high| {
            format!(
                "En kort test giver altid en vis usikkerhed: dit niveau ligger sandsynligvis et \
                 sted mellem {low} og {high}."
            )
        },
        compared: " Niveauet sammenlignes med de fleste sagsbehandlere, og testen tilpassede \
                   spørgsmålene efter dine svar, så antallet af rigtige svar alene siger ikke \
                   meget.",
        by_topic: "Emne for emne",
        topic_caveat: "Hvert emne fik kun 2–4 spørgsmål. Det siger ikke meget om én person: brug \
                       det som et fingerpeg om, hvad du kan læse op på, ikke som en dom.",
        topic_score: |right, n| format!("{right} af {n} rigtige. "),
        too_few: "For få spørgsmål til at sige noget om dette emne.",
        weaker: "Færre rigtige end vi ville forvente ud fra dit samlede niveau – måske værd at se \
                 nærmere på.",
        as_expected: "Omtrent som forventet ud fra dit samlede niveau.",
        stronger: "Flere rigtige end vi ville forvente ud fra dit samlede niveau.",
        reflect: "Til eftertanke:",
        missed_heading: "De spørgsmål, du svarede forkert på",
        all_right: "Du svarede rigtigt på alle spørgsmålene.",
        you_answered: "Du svarede: ",
        right_answer: "Rigtigt svar: ",
        explanation: "Forklaring: ",
        references: "Retsgrundlag: ",
    },
    admin: ADMIN,
    reports: hr::REPORTS,
    service: service::SERVICE,
    refusals: refusal::REFUSALS,
    author: author::AUTHOR,
    password: PasswordTexts {
        title: "Vælg adgangskode",
        intro: |name| format!("Hej {name}. Vælg den adgangskode, du skal logge ind i Forvalt med."),
        policy: |min| {
            format!("Mindst {min} tegn. Almindelige adgangskoder som «Kodeord123» godtages ikke.")
        },
        new_password: "Ny adgangskode",
        repeat: "Gentag adgangskoden",
        submit: "Gem adgangskoden",
        mismatch: "De to adgangskoder er ikke ens. Skriv den samme adgangskode to gange.",
        too_weak: "Adgangskoden er for kort eller for almindelig. Vælg en længere adgangskode, \
                   der er svær at gætte.",
        done_title: "Adgangskoden er gemt",
        done: "Adgangskoden er gemt. Du kan nu logge ind med dit medarbejdernummer og den nye \
               adgangskode.",
        log_in: "Log ind",
        refused_title: "Linket kan ikke bruges",
        expired: "Linket er udløbet. Bed administratoren om et nyt link.",
        used: "Linket er allerede brugt til at vælge en adgangskode og kan kun bruges én gang. \
               Har du glemt adgangskoden, så bed administratoren om et nyt link.",
        replaced: "Linket gælder ikke længere: der er lavet et nyere link, eller adgangskoden er \
                   ændret siden. Brug det nyeste link, du har fået.",
        unknown: "Linket er ikke gyldigt. Tjek, at du har fået hele linket med fra e-mailen.",
        deactivated: "Din bruger er deaktiveret. Kontakt administratoren.",
        mail_subject: "Vælg adgangskode til Forvalt",
        mail_body: |name, link, hours| {
            format!(
                "Hej {name}\n\nVælg din adgangskode til Forvalt her:\n{link}\n\nLinket kan \
                 bruges én gang og gælder i {hours} timer. Har du ikke bedt om det, kan du se \
                 bort fra e-mailen.\n"
            )
        },
    },
};

/// The administrator's pages in Danish.
const ADMIN: Admin = Admin {
    back: "Til administration",
    cycles_title: "Testrunder",
    cycles_intro: "Hver sagsbehandler tager én test pr. testrunde. Efter fristen kan ingen starte \
                   testen, medmindre testrunden tillader sen gennemførelse; en påbegyndt test kan \
                   gøres færdig i nogle dage efter fristen.",
    cycles_caption: "Alle testrunder, nyeste først",
    no_cycles: "Der er endnu ingen testrunder.",
    col_name: "Navn",
    col_opens: "Åbner",
    col_deadline: "Frist",
    col_late: "Sen gennemførelse",
    col_state: "Status",
    col_done: "Test",
    state_not_open: "Ikke åbnet endnu",
    state_open: "Åben",
    state_late: "Efter fristen, sen start tilladt",
    state_grace: |until| {
        format!("Efter fristen: påbegyndte test kan gøres færdige til og med {until}")
    },
    state_closed: "Lukket",
    late: |allowed, own, default| {
        let start = if allowed {
            "Start efter fristen tilladt"
        } else {
            "Ingen start efter fristen"
        };
        match own {
            Some(d) => format!("{start}; {d} dage til at gøre testen færdig"),
            None => format!("{start}; {default} dage til at gøre testen færdig (standard)"),
        }
    },
    done: |finished, unfinished| format!("{finished} gennemført, {unfinished} påbegyndt"),
    new_heading: "Ny testrunde",
    label_name: "Navn",
    label_opens: "Første dag",
    label_deadline: "Frist (sidste dag for at tage testen)",
    date_hint: "Dato på formen ÅÅÅÅ-MM-DD.",
    create: "Opret testrunden",
    change_heading: |name| format!("Ret »{name}«"),
    label_allow_late: "Tillad at starte testen efter fristen",
    label_grace: |default| {
        format!(
            "Dage efter fristen til at gøre en påbegyndt test færdig (tomt: standard, {default})"
        )
    },
    save: "Gem ændringen",
    deadline_fixed: |deadline| {
        format!(
            "Fristen {deadline} er overskredet og kan ikke flyttes, for rapporterne pr. fristen \
             ligger fast. Du kan stadig tillade sen gennemførelse."
        )
    },
    close_help: "At lukke testrunden betyder, at ingen kan starte eller fortsætte testen fra i \
                 dag. Er fristen ikke overskredet, sættes den til i går.",
    close: |name| format!("Luk »{name}«"),
    created: |name| format!("Testrunden »{name}« er oprettet."),
    changed: |name| format!("Ændringen af »{name}« er gemt."),
    closed: |name| format!("»{name}« er lukket."),
    refused: "Ændringen blev ikke foretaget:",
    bad_date: |field, value| format!("{field}: »{value}« er ikke en dato på formen ÅÅÅÅ-MM-DD."),
    bad_days: |value| format!("»{value}« er ikke et antal dage."),
    err_empty_name: "Testrunden skal have et navn.",
    err_name_too_long: |n| format!("Navnet må højst have {n} tegn."),
    err_deadline_before_opening: |deadline, opens| {
        format!("Fristen {deadline} ligger før første dag {opens}.")
    },
    err_duplicate: |name, opens, deadline| {
        format!("Der findes allerede en testrunde, der hedder »{name}« ({opens} – {deadline}).")
    },
    err_no_such_cycle: |name| format!("Ingen testrunde hedder »{name}«."),
    err_deadline_passed: |name, deadline| {
        format!(
            "Fristen for »{name}« ({deadline}) er overskredet og kan ikke flyttes, for rapporterne \
             pr. fristen ligger fast. Tillad sen gennemførelse i stedet."
        )
    },
    err_grace_days: |max| format!("Højst {max} dage efter fristen."),
    err_not_opened: |name, opens| {
        format!("»{name}« åbner {opens} og har ikke været åben en hel dag. Ret datoerne i stedet.")
    },
    err_already_closed: |name| format!("»{name}« er allerede lukket."),
    settings_title: "Indstillinger",
    settings_intro: "De indstillinger, serveren kører med, og hvor hver af dem kommer fra. \
                     Hemmeligheder vises ikke. Ændringer foretages i konfigurationsfilen eller \
                     miljøvariablerne og gælder efter genstart.",
    settings_caption: "Indstillinger i brug",
    col_key: "Indstilling",
    col_value: "Værdi",
    col_source: "Kilde",
    unset: "(ikke angivet)",
    masked: "(skjult)",
    source_default: "standardværdi",
    source_file: |path, line| format!("{path}, linje {line}"),
    source_env: |var| format!("miljøvariablen {var}"),
    source_cli: |flag| format!("kommandolinjen ({flag})"),
    settings_unknown: "Serveren er ikke startet med »forvalt serve«, så indstillingerne kendes \
                       ikke her.",
    link_cycles: "Testrunder",
    link_settings: "Indstillinger",
    people_title: "Medarbejdere",
    search_label: "Søg på navn, medarbejdernummer eller afdeling",
    search: "Søg",
    people_found: |n, query, page, pages| {
        let hits = if query.is_empty() {
            String::new()
        } else {
            format!(", der matcher »{query}«")
        };
        format!("{n} medarbejdere{hits}. Side {page} af {pages}.")
    },
    people_caption: "Medarbejdere efter afdeling og navn",
    col_employee_id: "Medarbejdernummer",
    col_department: "Afdeling",
    col_role: "Rolle",
    pages_nav: "Sider",
    previous_page: "Forrige side",
    next_page: "Næste side",
    bad_page: |n| format!("ugyldigt sidetal »{n}«"),
    role_caseworker: "sagsbehandler",
    role_hr: "HR",
    role_author: "forfatter",
    role_admin: "administrator",
    status_active: "aktiv",
    status_no_password: "aktiv, uden adgangskode",
    status_deactivated: |date| format!("deaktiveret {date}"),
    label_email: "E-mail",
    label_leads: "Leder af",
    role_heading: "Skift rolle",
    save_role: "Gem rollen",
    unknown_role: |role| format!("ukendt rolle »{role}«"),
    role_now: |role| format!("Rollen er nu {role}."),
    department_heading: "Flyt til en anden afdeling",
    label_department: "Afdeling",
    department_hint: |max| {
        format!(
            "Skriv afdelingen som en sti, for eksempel »Styrelse/Område Syd/Team 2« (højst {max} \
             tegn). De test, medarbejderen har taget, bliver i den afdeling, de blev taget i."
        )
    },
    save_department: "Flyt",
    moved: |name, department| format!("{name} er flyttet til {department}."),
    err_department_empty: "Skriv en afdeling.",
    err_department_empty_part: "Afdelingen har en tom del mellem to skråstreger. Skriv den \
                                som »Styrelse/Område Syd/Team 2«.",
    err_department_control: "Afdelingen må ikke indeholde linjeskift eller andre kontroltegn.",
    err_department_too_long: |max| format!("Afdelingen må højst have {max} tegn."),
    deactivate_heading: "Deaktiver",
    deactivate_help: "En medarbejder, der er fratrådt, kan ikke logge ind og får ingen e-mails. \
                      Log-ind-sessionerne afsluttes med det samme. Testene bliver i rapporterne.",
    deactivate_button: |name| format!("Deaktiver {name}"),
    deactivated: |name| format!("{name} er deaktiveret, og sessionerne er afsluttet."),
    reactivate_heading: "Genaktiver",
    reactivate_button: |name| format!("Genaktiver {name}"),
    reactivated: |name| format!("{name} er genaktiveret."),
    link_heading: "Link til at vælge adgangskode",
    link_help: "Linket kan bruges én gang. Ældre links holder op med at virke, og medarbejderen \
                logges ud.",
    link_button: "Send link til at vælge adgangskode",
    link_queued: |to| format!("Linket sendes med e-mail til {to}."),
    outbox_link: "Se udbakken",
    link_show: |name, until| {
        format!(
            "E-mail er ikke sat op. Giv dette link til {name} (det virker én gang, indtil \
             {until}):"
        )
    },
    to_people: "Til medarbejdere",
    roster_title: "Personliste",
    roster_upload_heading: "Upload personliste",
    roster_intro: "Indsæt personlisten (CSV). Du ser, hvad der vil blive ændret, før noget \
                   gemmes. Medarbejdere, der ikke står på listen, deaktiveres (de slettes aldrig).",
    roster_errors_heading: "Listen har fejl – intet er ændret",
    roster_line: |line, message| format!("linje {line}: {message}"),
    roster_label: "Personliste (CSV)",
    roster_help: "Kolonner: employee_id, name, email, department, role og valgfrit leads og \
                  malform. Første linje er overskriften.",
    show_changes: "Vis ændringerne",
    field_name: "navn",
    field_email: "e-mail",
    field_department_move: "afdeling (flytning)",
    field_role: "rolle",
    field_leads: "leder af",
    field_malform: "sprogform",
    field_status: "status",
    value_active: "aktiv",
    value_deactivated: "deaktiveret",
    plan_counts: |new, changed, leavers, unchanged| {
        format!(
            "{new} nye, {changed} ændret, {leavers} fratrådt (deaktiveres), {unchanged} uændret."
        )
    },
    new_caption: "Nye medarbejdere",
    changes_caption: "Ændringer",
    col_change: "Ændring",
    leavers_caption: "Fratrådt: deaktiveres, testene bliver stående",
    preview_heading: "Ændringer fra personlisten",
    nothing_changed_yet: "Intet er ændret endnu.",
    roster_matches: "Listen stemmer med databasen; der er intet at ændre.",
    apply_changes: "Gennemfør ændringerne",
    upload_another: "Upload en anden liste",
    applied_heading: "Ændringerne er gemt",
    nothing_changed: "Intet er ændret",
    changed_since: "Medarbejderne i databasen er ændret siden forhåndsvisningen. Se \
                    ændringerne igen, før du gennemfører dem.",
    show_again: "Vis ændringerne igen",
    self_lockout: "Listen ville deaktivere dig selv. Tilføj dig selv til listen, eller lad en \
                   anden administrator gøre det.",
    back_link: "Tilbage",
};
