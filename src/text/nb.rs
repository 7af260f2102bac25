//! Bokmål.

use super::*;

mod author;
mod hr;
mod refusal;
mod service;

pub static TEXTS: Texts = Texts {
    layout: Layout {
        skip_link: "Hopp til hovedinnholdet",
        site: "Forvalt",
        log_out: "Logg ut",
        to_home: "Til forsiden",
        privacy_link: "Personvern: hva vi lagrer og hvem som ser hva",
    },
    errors: Errors {
        title_not_found: "Fant ikke siden",
        title_forbidden: "Ingen tilgang",
        title_too_many: "For mange forsøk",
        title_unauthorized: "Ikke innlogget",
        title_bad_request: "Feil i forespørselen",
        title_error: "Feil",
        log_in_first: "Du må logge inn.",
        bad_credentials: "Feil ansattnummer eller passord.",
        rate_limited: |minutes| {
            format!("For mange mislykkede innlogginger. Prøv igjen om {minutes} minutter.")
        },
        rate_limited_login: "For mange mislykkede innlogginger. Vent en stund og prøv igjen.",
        csrf: "Skjemaet kunne ikke sendes fordi sikkerhetsnøkkelen manglet eller var utløpt. \
               Gå tilbake, last siden på nytt og prøv igjen.",
        forbidden: "Du har ikke tilgang til denne siden.",
        not_found: "Siden finnes ikke.",
        bad_request: |why| format!("Forespørselen kunne ikke behandles: {why}"),
        too_large: "Forespørselen er for stor.",
        unavailable: "Tjenesten er midlertidig utilgjengelig. Det du sendte ble ikke lagret; \
                      prøv igjen om noen minutter.",
        internal: "Noe gikk galt hos oss. Prøv igjen om litt.",
    },
    login: Login {
        title: "Logg inn",
        employee_id: "Ansattnummer",
        password: "Passord",
        submit: "Logg inn",
        sso_button: |provider| format!("Logg inn med {provider}"),
        password_heading: "Logg inn med passord",
        sso_unavailable: |provider| {
            format!(
                "Innlogging med {provider} er ikke tilgjengelig akkurat nå. Prøv igjen om litt, \
                 eller kontakt brukerstøtte hvis det varer."
            )
        },
        password_off: "Innlogging med passord er slått av her. Bruk knappen for innlogging \
                       med virksomhetens konto.",
        sso_expired: "Innloggingen er utløpt eller allerede brukt. Start innloggingen på nytt.",
        sso_denied: |provider| {
            format!("Innloggingen hos {provider} ble avbrutt. Du er ikke logget inn.")
        },
        sso_rejected: |provider| {
            format!(
                "Svaret fra {provider} kunne ikke bekreftes, så du er ikke logget inn. Prøv igjen; \
                 kontakt brukerstøtte hvis det gjentar seg."
            )
        },
        sso_no_claim: |provider| {
            format!(
                "{provider} sendte ikke ansattnummeret ditt, så vi vet ikke hvem du er. Kontakt \
                 brukerstøtte."
            )
        },
        sso_error_code: |code| format!("Feilkode: {code}"),
        no_access_title: "Ingen tilgang til Forvalt",
        not_in_roster: |provider, id| {
            format!(
                "Du er logget inn hos {provider} som «{id}», men du står ikke i personlisten i \
                 Forvalt. Kontakt HR eller den som administrerer Forvalt i virksomheten."
            )
        },
        deactivated: "Brukeren din i Forvalt er deaktivert, så du kan ikke logge inn. Kontakt \
                      HR hvis dette er feil.",
        sso_log_out_there: |provider| {
            format!("Logg ut hos {provider} (for å logge inn som en annen)")
        },
        signed_in_title: "Du er logget inn",
        continue_link: "Gå videre til Forvalt",
        logged_out_title: "Du er logget ut",
        logged_out: "Du er logget ut av Forvalt.",
    },
    home: Home {
        title: "Forside",
        greeting: |name| format!("Hei, {name}"),
        your_tests: "Dine tester",
        no_cycles: "Det er ingen testsykluser ennå.",
        cycle: |name| format!("Syklus {name}"),
        opens_deadline: |opens, deadline| format!("Åpner {opens}, frist {deadline}. "),
        status: "Status: ",
        upcoming: "Ikke åpnet ennå",
        due: "Skal tas",
        in_progress: "Påbegynt",
        completed: "Fullført",
        overdue: "Fristen er passert",
        answered: |n| format!(" ({n} spørsmål besvart)"),
        see_result: "Se resultatet ditt",
        certificate: "Kursbevis for",
        resume: "Fortsett testen",
        start_note: "Testen tar rundt 30 minutter. Du kan ta pauser; svarene dine lagres underveis.",
        start: "Start testen",
        form_heading: "Målform",
        form_now: "Du får testen og sidene på bokmål.",
        form_legend: "Målform for testen og sidene",
        form_save: "Lagre målform",
        form_note: "Spørsmål som alt er vist, beholder målformen de ble vist i.",
        form_missing: "velg bokmål eller nynorsk.",
        closed: "Fristen er ute, og testen kan ikke lenger tas. Ta kontakt med lederen din.",
        leader_link: |unit| format!("Ledersider for {unit}"),
        leader_link_rest: ": hvem som har fullført, og enhetens temarapport",
        signed_in_as: |role| format!("Du er logget inn som {role}."),
        role_caseworker: "saksbehandler",
        role_hr: "HR",
        role_author: "oppgaveforfatter",
        role_admin: "administrator",
    },
    question: Question {
        title: |n| format!("Spørsmål {n}"),
        progress: |answered, max, covered, topics| {
            format!(
                "{answered} besvart (testen har høyst {max} spørsmål). \
                 {covered} av {topics} temaer er berørt."
            )
        },
        answer: "Svar",
        choose_one: "Velg ett av svaralternativene.",
    },
    result: ResultTexts {
        title: "Resultat",
        heading: |cycle| format!("Resultatet ditt – {cycle}"),
        n_correct: |right, answered| format!("Du svarte riktig på {right} av {answered} spørsmål."),
        overall: "Samlet nivå",
        level: |level| format!("Nivået ditt i forvaltningsrett er {level}."),
        levels: [
            "grunnleggende",
            "under middels",
            "middels",
            "over middels",
            "høyt",
        ],
        precise: "Målingen er presis nok til at vi er ganske sikre på dette nivået.",
        range: |low, high| {
            format!(
                "En kort test gir alltid noe usikkerhet: nivået ditt ligger trolig et sted mellom \
                 {low} og {high}."
            )
        },
        compared: " Nivået sammenlignes med saksbehandlere flest, og testen tilpasset spørsmålene \
                   etter svarene dine, så antall riktige alene sier lite.",
        by_topic: "Tema for tema",
        topic_caveat: "Hvert tema fikk bare 2–4 spørsmål. Det sier lite om én person: bruk det \
                       som et hint om hva du kan lese deg opp på, ikke som en dom.",
        topic_score: |right, n| format!("{right} av {n} riktige. "),
        too_few: "For få spørsmål til å si noe om dette temaet.",
        weaker: "Færre riktige enn vi ville ventet ut fra ditt samlede nivå – kanskje verdt å se \
                 nærmere på.",
        as_expected: "Omtrent som ventet ut fra ditt samlede nivå.",
        stronger: "Flere riktige enn vi ville ventet ut fra ditt samlede nivå.",
        reflect: "Til ettertanke:",
        missed_heading: "Spørsmålene du svarte feil på",
        all_right: "Du svarte riktig på alle spørsmålene.",
        you_answered: "Du svarte: ",
        right_answer: "Riktig svar: ",
        explanation: "Forklaring: ",
        references: "Lovhenvisning: ",
    },
    author: author::AUTHOR,
    password: PasswordTexts {
        title: "Velg passord",
        intro: |name| format!("Hei, {name}. Velg passordet du skal logge inn i Forvalt med."),
        policy: |min| format!("Minst {min} tegn. Vanlige passord som «Passord123» godtas ikke."),
        new_password: "Nytt passord",
        repeat: "Gjenta passordet",
        submit: "Lagre passordet",
        mismatch: "De to passordene er ikke like. Skriv det samme passordet to ganger.",
        too_weak: "Passordet er for kort eller for vanlig. Velg et lengre passord som er \
                   vanskelig å gjette.",
        done_title: "Passordet er lagret",
        done: "Passordet er lagret. Du kan nå logge inn med ansattnummeret ditt og det nye \
               passordet.",
        log_in: "Logg inn",
        refused_title: "Lenken kan ikke brukes",
        expired: "Lenken har gått ut. Be administratoren om en ny lenke.",
        used: "Lenken er allerede brukt til å velge et passord, og kan bare brukes én gang. \
               Har du glemt passordet, be administratoren om en ny lenke.",
        replaced: "Lenken gjelder ikke lenger: en nyere lenke er laget, eller passordet er \
                   endret siden. Bruk den nyeste lenken du har fått.",
        unknown: "Lenken er ikke gyldig. Sjekk at du har fått med hele lenken fra e-posten.",
        deactivated: "Brukeren din er deaktivert. Ta kontakt med administratoren.",
        mail_subject: "Velg passord for Forvalt",
        mail_body: |name, link, hours| {
            format!(
                "Hei, {name}.\n\nVelg passordet ditt for Forvalt her:\n{link}\n\nLenken kan \
                 brukes én gang og gjelder i {hours} timer. Har du ikke bedt om dette, kan du se \
                 bort fra e-posten.\n"
            )
        },
    },
    admin: ADMIN,
    reports: hr::REPORTS,
    service: service::SERVICE,
    refusals: refusal::REFUSALS,
};

/// The administrator's pages, in bokmål.
pub const ADMIN: Admin = Admin {
    back: "Til administrasjon",
    cycles_title: "Sykluser",
    cycles_intro: "Hver saksbehandler tar én test per syklus. Etter fristen kan ingen starte \
                   testen, med mindre syklusen tillater sen gjennomføring; en påbegynt test \
                   kan fullføres i noen dager etter fristen.",
    cycles_caption: "Alle sykluser, nyeste først",
    no_cycles: "Ingen sykluser ennå.",
    col_name: "Navn",
    col_opens: "Åpner",
    col_deadline: "Frist",
    col_late: "Sen gjennomføring",
    col_state: "Status",
    col_done: "Tester",
    state_not_open: "Ikke åpnet ennå",
    state_open: "Åpen",
    state_late: "Etter fristen, sen start tillatt",
    state_grace: |until| {
        format!("Etter fristen: påbegynte tester kan fullføres til og med {until}")
    },
    state_closed: "Lukket",
    late: |allowed, own, default| {
        let start = if allowed {
            "Start etter fristen tillatt"
        } else {
            "Ingen start etter fristen"
        };
        match own {
            Some(d) => format!("{start}; {d} dager til å fullføre"),
            None => format!("{start}; {default} dager til å fullføre (standard)"),
        }
    },
    done: |finished, unfinished| format!("{finished} fullført, {unfinished} påbegynt"),
    new_heading: "Ny syklus",
    label_name: "Navn",
    label_opens: "Første dag",
    label_deadline: "Frist (siste dag for å ta testen)",
    date_hint: "Dato på formen ÅÅÅÅ-MM-DD.",
    create: "Opprett syklusen",
    change_heading: |name| format!("Endre «{name}»"),
    label_allow_late: "Tillat å starte testen etter fristen",
    label_grace: |default| {
        format!("Dager etter fristen til å fullføre en påbegynt test (tomt: standard, {default})")
    },
    save: "Lagre endringen",
    deadline_fixed: |deadline| {
        format!(
            "Fristen {deadline} er passert og kan ikke flyttes, for rapportene per fristen ligger \
             fast. Du kan fortsatt tillate sen gjennomføring."
        )
    },
    close_help: "Å lukke syklusen betyr at ingen kan starte eller fortsette testen fra i dag. \
                 Er fristen ikke passert, blir den satt til i går.",
    close: |name| format!("Lukk «{name}»"),
    created: |name| format!("Syklusen «{name}» er opprettet."),
    changed: |name| format!("Endringen av «{name}» er lagret."),
    closed: |name| format!("«{name}» er lukket."),
    refused: "Endringen ble ikke gjort:",
    bad_date: |field, value| format!("{field}: «{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD."),
    bad_days: |value| format!("«{value}» er ikke et antall dager."),
    err_empty_name: "Syklusen må ha et navn.",
    err_name_too_long: |n| format!("Navnet kan ha høyst {n} tegn."),
    err_deadline_before_opening: |deadline, opens| {
        format!("Fristen {deadline} er før første dag {opens}.")
    },
    err_duplicate: |name, opens, deadline| {
        format!("Det finnes allerede en syklus som heter «{name}» ({opens} – {deadline}).")
    },
    err_no_such_cycle: |name| format!("Ingen syklus heter «{name}»."),
    err_deadline_passed: |name, deadline| {
        format!(
            "Fristen for «{name}» ({deadline}) er passert og kan ikke flyttes, for rapportene \
             per fristen ligger fast. Tillat sen gjennomføring i stedet."
        )
    },
    err_grace_days: |max| format!("Høyst {max} dager etter fristen."),
    err_not_opened: |name, opens| {
        format!("«{name}» åpner {opens} og har ikke vart en hel dag. Endre datoene i stedet.")
    },
    err_already_closed: |name| format!("«{name}» er allerede lukket."),
    settings_title: "Innstillinger",
    settings_intro: "Innstillingene serveren kjører med, og hvor hver av dem kommer fra. \
                     Hemmeligheter vises ikke. Endringer gjøres i konfigurasjonsfilen eller \
                     miljøvariablene og gjelder etter omstart.",
    settings_caption: "Innstillinger i bruk",
    col_key: "Innstilling",
    col_value: "Verdi",
    col_source: "Kilde",
    unset: "(ikke satt)",
    masked: "(skjult)",
    source_default: "standardverdi",
    source_file: |path, line| format!("{path}, linje {line}"),
    source_env: |var| format!("miljøvariabelen {var}"),
    source_cli: |flag| format!("kommandolinjen ({flag})"),
    settings_unknown: "Serveren er ikke startet med «forvalt serve», så innstillingene er ikke kjent her.",
    link_cycles: "Sykluser",
    link_settings: "Innstillinger",
    people_title: "Personer",
    search_label: "Søk på navn, ansattnummer eller avdeling",
    search: "Søk",
    people_found: |n, query, page, pages| {
        let hits = if query.is_empty() {
            String::new()
        } else {
            format!(" treffer «{query}»")
        };
        format!("{n} personer{hits}. Side {page} av {pages}.")
    },
    people_caption: "Personer, etter avdeling og navn",
    col_employee_id: "Ansattnummer",
    col_department: "Avdeling",
    col_role: "Rolle",
    pages_nav: "Sider",
    previous_page: "Forrige side",
    next_page: "Neste side",
    bad_page: |n| format!("ugyldig sidetall «{n}»"),
    role_caseworker: "saksbehandler",
    role_hr: "HR",
    role_author: "forfatter",
    role_admin: "administrator",
    status_active: "aktiv",
    status_no_password: "aktiv, uten passord",
    status_deactivated: |date| format!("deaktivert {date}"),
    label_email: "E-post",
    label_leads: "Leder for",
    role_heading: "Endre rolle",
    save_role: "Lagre rollen",
    unknown_role: |role| format!("ukjent rolle «{role}»"),
    role_now: |role| format!("Rollen er nå {role}."),
    department_heading: "Flytt til en annen avdeling",
    label_department: "Avdeling",
    department_hint: |max| {
        format!(
            "Skriv avdelingen som en sti, for eksempel «Etat/Område Sør/Team 2» (høyst {max} \
             tegn). Testene personen har tatt, blir stående i den avdelingen de ble tatt i."
        )
    },
    save_department: "Flytt",
    moved: |name, department| format!("{name} er flyttet til {department}."),
    err_department_empty: "Skriv inn en avdeling.",
    err_department_empty_part: "Avdelingen har en tom del mellom to skråstreker. Skriv den \
                                som «Etat/Område Sør/Team 2».",
    err_department_control: "Avdelingen kan ikke inneholde linjeskift eller andre kontrolltegn.",
    err_department_too_long: |max| format!("Avdelingen kan ha høyst {max} tegn."),
    deactivate_heading: "Deaktiver",
    deactivate_help: "En som har sluttet, kan ikke logge inn og får ingen e-post. \
                      Innloggingene avsluttes med en gang. Testene blir stående i rapportene.",
    deactivate_button: |name| format!("Deaktiver {name}"),
    deactivated: |name| format!("{name} er deaktivert, og innloggingene er avsluttet."),
    reactivate_heading: "Reaktiver",
    reactivate_button: |name| format!("Reaktiver {name}"),
    reactivated: |name| format!("{name} er reaktivert."),
    link_heading: "Lenke for å velge passord",
    link_help: "Lenken kan brukes én gang. Eldre lenker slutter å virke, og personen logges ut.",
    link_button: "Send lenke for å velge passord",
    link_queued: |to| format!("Lenken sendes på e-post til {to}."),
    outbox_link: "Se utboksen",
    link_show: |name, until| {
        format!(
            "E-post er ikke satt opp. Gi denne lenken til {name} (den virker én gang, til {until}):"
        )
    },
    to_people: "Til personer",
    roster_title: "Personalliste",
    roster_upload_heading: "Last opp personalliste",
    roster_intro: "Lim inn personallisten (CSV). Du ser hva som vil endres før noe lagres. \
                   Personer som ikke står på listen, deaktiveres (de slettes aldri).",
    roster_errors_heading: "Listen har feil – ingenting er endret",
    roster_line: |line, message| format!("linje {line}: {message}"),
    roster_label: "Personalliste (CSV)",
    roster_help: "Kolonner: employee_id, name, email, department, role, og valgfritt leads og \
                  malform. Første linje er overskriften.",
    show_changes: "Vis endringene",
    field_name: "navn",
    field_email: "e-post",
    field_department_move: "avdeling (flytting)",
    field_role: "rolle",
    field_leads: "leder for",
    field_malform: "målform",
    field_status: "status",
    value_active: "aktiv",
    value_deactivated: "deaktivert",
    plan_counts: |new, changed, leavers, unchanged| {
        format!(
            "{new} nye, {changed} endret, {leavers} sluttet (deaktiveres), {unchanged} uendret."
        )
    },
    new_caption: "Nye personer",
    changes_caption: "Endringer",
    col_change: "Endring",
    leavers_caption: "Sluttet: deaktiveres, testene blir stående",
    preview_heading: "Endringer fra personallisten",
    nothing_changed_yet: "Ingenting er endret ennå.",
    roster_matches: "Listen stemmer med databasen; det er ingenting å endre.",
    apply_changes: "Bruk endringene",
    upload_another: "Last opp en annen liste",
    applied_heading: "Endringene er lagret",
    nothing_changed: "Ingenting er endret",
    changed_since: "Personene i databasen er endret siden forhåndsvisningen. Se på endringene \
                    på nytt før du bruker dem.",
    show_again: "Vis endringene på nytt",
    self_lockout: "Listen ville deaktivert deg selv. Legg deg til i listen, eller la en annen \
                   administrator gjøre det.",
    back_link: "Tilbake",
};
