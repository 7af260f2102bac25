//! Danish: the language of an installation whose item bank is Danish (`[bank] language = "da"`).

use super::*;

mod author;

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
    author: author::AUTHOR,
    // The administrative pages are not translated yet: bokmål, as HR's.
    admin: super::nb::ADMIN,
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
