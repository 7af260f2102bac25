//! Nynorsk.

use super::*;

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
};
