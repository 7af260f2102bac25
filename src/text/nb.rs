//! Bokmål.

use super::*;

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
};
