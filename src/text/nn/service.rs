//! The service pages in nynorsk.

use crate::text::service::*;

pub const SERVICE: ServiceTexts = ServiceTexts {
    admin_home: AdminHome {
        title: "Administrasjon",
        people: (
            "Personar",
            "søk, rolle, avdeling, deaktiver eller reaktiver, send lenkje for å velje passord",
        ),
        roster: (
            "Last opp personallista",
            "sjå kva som blir endra (nye, flyttingar, slutta) før noko blir lagra",
        ),
        cycles: (
            "Syklusar",
            "opprett, flytt fristen, tillat sein gjennomføring, lukk",
        ),
        settings: (
            "Innstillingar",
            "innstillingane som gjeld, og kvar kvar av dei kjem frå",
        ),
        audit: (
            "Revisjonslogg",
            "kven som har sett eller lasta ned kva rapportar, og kva administratorar har gjort",
        ),
        outbox: (
            "Utboks for e-post",
            "invitasjonar, påminningar og vekeoversikter – sende, i kø og feila",
        ),
        reports: "Rapportar",
        bank: "Oppgåvebanken",
        commands: "Tryggingskopi og sletting av gamle persondata blir gjorde med kommandoane \
                   «forvalt backup» og «forvalt retention». Alle administrasjonskommandoane \
                   («forvalt users …», «forvalt cycles …», «forvalt export» og fleire) verkar òg \
                   medan tenesta køyrer.",
        to_home: "Til framsida",
    },
    outbox: Outbox {
        title: "Utboks",
        heading: "Utboks for e-post",
        counts: |queued, sending, sent, failed| {
            format!("{queued} i kø, {sending} blir sende no, {sent} sende, {failed} feila.")
        },
        retries: "Ei melding som ikkje kunne sendast, blir prøvd igjen med stadig lengre \
                  mellomrom. Etter siste forsøk står ho som feila med årsaka, og du kan sende ho \
                  igjen.",
        empty: "Ingen e-post er lagd i kø enno.",
        caption: "Alle meldingar, nyaste først",
        col_status: "Status",
        col_purpose: "Type",
        col_to: "Mottakar",
        col_subject: "Emne",
        col_attempts: "Forsøk",
        col_error: "Siste feil",
        col_decided: "Avgjort",
        col_sent: "Send",
        col_action: "Handling",
        send_again: "Send igjen",
        send_again_to: |to| format!("Send igjen til {to}"),
        plan_heading: "Prøvekøyring: dette ville blitt lagt i kø no",
        plan_empty: "Ikkje noko nytt: alt som er aktuelt no, er alt i utboksen.",
        plan_caption: |n| format!("{n} meldingar"),
        queued: "I kø",
        sending: "Blir send",
        sent: "Send",
        failed: "Feila",
        invitation: "Invitasjon",
        reminder: "Påminning",
        digest: "Vekeoversikt til leiar",
        back: "Til administrasjon",
    },
    audit: AuditLog {
        title: "Revisjonslogg",
        intro: |n| {
            format!(
                "Kven som har sett eller eksportert HR-rapportar, nyaste først (inntil {n} \
                 oppføringar). "
            )
        },
        download: "Last ned alt som CSV",
        empty: "Ingen oppføringar enno.",
        caption: "Visingar og eksportar av rapportar",
        col_time: "Tidspunkt (UTC)",
        col_user: "Brukar",
        col_role: "Rolle",
        col_report: "Rapport",
        col_cycle: "Syklus",
        col_level: "Nivå",
        col_topic: "Tema",
        col_department: "Avdeling",
        col_format: "Format",
        bad_format: |other| format!("ukjent format «{other}» (bruk csv)"),
        back: "Til administrasjon",
    },
    privacy: Privacy {
        title: "Personvern",
        heading: "Personvern i testen i forvaltningsrett",
        controller: |c| format!("Behandlingsansvarleg: {c}."),
        stored_heading: "Kva vi lagrar",
        stored: [
            "Namn, tilsetjingsnummer, e-postadresse og avdeling, frå personallista.",
            "Kva spørsmål du fekk, kva du svarte, og når.",
            "Resultatet ditt, rekna ut frå svara.",
            "E-post vi sender deg (invitasjon og påminningar), til han er levert.",
            "Innloggingar, og kven som har sett kva rapportar (revisjonslogg).",
        ],
        who_heading: "Kven som ser kva",
        you: ("Du", " ser ditt eige resultat og svara dine."),
        hr: "HR og leiarar",
        hr_sees: |k| {
            format!(
                " ser berre grupper på minst {k} personar – aldri svara eller resultatet ditt. \
                 Eit tema for ei mindre gruppe blir ikkje vist."
            )
        },
        leader: (
            "Leiaren din",
            " ser kven i eininga som har fullført testen, og kan hente kursbeviset ditt. \
             Kursbeviset viser at du har fullført, ikkje resultatet.",
        ),
        authors: ("Oppgåveforfattarar", |k| {
            format!(
                " ser korleis spørsmåla fungerer samla, berre i tal frå minst {k} \
                     personar – ikkje kven som svarte kva."
            )
        }),
        kept_heading: "Kor lenge det blir lagra",
        kept_cycles: |n| {
            format!(
                "Personopplysningar frå dei {n} siste testsyklusane blir tekne vare på. Eldre \
                 svar blir kopla frå namnet ditt og blir berre brukte i samla form."
            )
        },
        kept_until_deleted: |contact| {
            format!(
                "Opplysningane blir tekne vare på til verksemda slettar dei. Spør {contact} om \
                 kor lenge."
            )
        },
        basis_heading: "Rettsleg grunnlag",
        rights_heading: "Rettane dine og kontakt",
        rights: |contact| {
            format!(
                "Du kan be om innsyn i og retting av opplysningane om deg. Spørsmål om \
                 behandlinga kan du rette til {contact}. Du kan òg klage til Datatilsynet."
            )
        },
        to_home: "Til framsida",
        default_controller: "Verksemda du er tilsett i",
        default_contact: "personvernombodet i verksemda",
        default_legal_basis: "Testen er ein del av opplæringa verksemda gir sakshandsamarane \
                              sine. Personopplysningane blir behandla for å utføre ei oppgåve i \
                              ålmenta si interesse (personvernforordninga artikkel 6 nr. 1 \
                              bokstav e), som ledd i ansvaret arbeidsgivaren har for at \
                              sakshandsaminga er forsvarleg.",
    },
};
