//! The service pages in bokmål.

use crate::text::service::*;

pub const SERVICE: ServiceTexts = ServiceTexts {
    admin_home: AdminHome {
        title: "Administrasjon",
        people: (
            "Personer",
            "søk, rolle, avdeling, deaktiver eller reaktiver, send lenke for å velge passord",
        ),
        roster: (
            "Last opp personalliste",
            "se hva som endres (nye, flyttinger, sluttet) før noe lagres",
        ),
        cycles: (
            "Sykluser",
            "opprett, flytt fristen, tillat sen gjennomføring, lukk",
        ),
        settings: (
            "Innstillinger",
            "innstillingene som gjelder, og hvor hver kommer fra",
        ),
        audit: (
            "Revisjonslogg",
            "hvem som har sett eller lastet ned hvilke rapporter, og hva administratorer har gjort",
        ),
        outbox: (
            "Utboks for e-post",
            "invitasjoner, påminnelser og ukesoversikter – sendt, i kø og feilet",
        ),
        reports: "Rapporter",
        bank: "Oppgavebanken",
        commands: "Sikkerhetskopi og sletting av gamle persondata gjøres med kommandoene «forvalt \
                   backup» og «forvalt retention». Alle administrasjonskommandoene («forvalt users \
                   …», «forvalt cycles …», «forvalt export» og flere) virker også mens tjenesten \
                   kjører.",
        to_home: "Til forsiden",
    },
    outbox: Outbox {
        title: "Utboks",
        heading: "Utboks for e-post",
        counts: |queued, sending, sent, failed| {
            format!("{queued} i kø, {sending} sendes nå, {sent} sendt, {failed} feilet.")
        },
        retries: "En melding som ikke kunne sendes, prøves igjen med stadig lengre mellomrom. \
                  Etter siste forsøk står den som feilet med årsaken, og du kan sende den igjen.",
        empty: "Ingen e-post er lagt i kø ennå.",
        caption: "Alle meldinger, nyeste først",
        col_status: "Status",
        col_purpose: "Type",
        col_to: "Mottaker",
        col_subject: "Emne",
        col_attempts: "Forsøk",
        col_error: "Siste feil",
        col_decided: "Besluttet",
        col_sent: "Sendt",
        col_action: "Handling",
        send_again: "Send igjen",
        send_again_to: |to| format!("Send igjen til {to}"),
        plan_heading: "Prøvekjøring: dette ville blitt lagt i kø nå",
        plan_empty: "Ingenting nytt: alt som er aktuelt nå, er allerede i utboksen.",
        plan_caption: |n| format!("{n} meldinger"),
        queued: "I kø",
        sending: "Sendes",
        sent: "Sendt",
        failed: "Feilet",
        invitation: "Invitasjon",
        reminder: "Påminnelse",
        digest: "Ukesoversikt til leder",
        back: "Til administrasjon",
    },
    audit: AuditLog {
        title: "Revisjonslogg",
        intro: |n| {
            format!(
                "Hvem som har sett eller eksportert HR-rapporter, nyeste først (inntil {n} \
                 oppføringer). "
            )
        },
        download: "Last ned alt som CSV",
        empty: "Ingen oppføringer ennå.",
        caption: "Visninger og eksporter av rapporter",
        col_time: "Tidspunkt (UTC)",
        col_user: "Bruker",
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
        controller: |c| format!("Behandlingsansvarlig: {c}."),
        stored_heading: "Hva vi lagrer",
        stored: [
            "Navn, ansattnummer, e-postadresse og avdeling, fra personallisten.",
            "Hvilke spørsmål du fikk, hva du svarte, og når.",
            "Resultatet ditt, beregnet ut fra svarene.",
            "E-post vi sender deg (invitasjon og påminnelser), til den er levert.",
            "Innlogginger, og hvem som har sett hvilke rapporter (revisjonslogg).",
        ],
        who_heading: "Hvem som ser hva",
        you: ("Du", " ser ditt eget resultat og svarene dine."),
        hr: "HR og ledere",
        hr_sees: |k| {
            format!(
                " ser bare grupper på minst {k} personer – aldri svarene eller resultatet ditt. \
                 Et tema for en mindre gruppe vises ikke."
            )
        },
        leader: (
            "Lederen din",
            " ser hvem i enheten som har fullført testen, og kan hente kursbeviset ditt. \
             Kursbeviset viser at du har fullført, ikke resultatet.",
        ),
        authors: ("Oppgaveforfattere", |k| {
            format!(
                " ser hvordan spørsmålene fungerer samlet, bare i tall fra minst {k} \
                     personer – ikke hvem som svarte hva."
            )
        }),
        kept_heading: "Hvor lenge det lagres",
        kept_cycles: |n| {
            format!(
                "Personopplysninger fra de {n} siste testsyklusene beholdes. Eldre svar kobles \
                 fra navnet ditt og brukes bare i samlet form."
            )
        },
        kept_until_deleted: |contact| {
            format!(
                "Opplysningene beholdes til virksomheten sletter dem. Spør {contact} om hvor lenge."
            )
        },
        basis_heading: "Rettslig grunnlag",
        rights_heading: "Dine rettigheter og kontakt",
        rights: |contact| {
            format!(
                "Du kan be om innsyn i og retting av opplysningene om deg. Spørsmål om \
                 behandlingen rettes til {contact}. Du kan også klage til Datatilsynet."
            )
        },
        to_home: "Til forsiden",
        default_controller: "Virksomheten du er ansatt i",
        default_contact: "personvernombudet i virksomheten",
        default_legal_basis: "Testen er en del av virksomhetens opplæring av saksbehandlere. \
                              Behandlingen av personopplysninger skjer for å utføre en oppgave i \
                              allmennhetens interesse (personvernforordningen artikkel 6 nr. 1 \
                              bokstav e), som ledd i arbeidsgivers ansvar for at \
                              saksbehandlingen er forsvarlig.",
    },
};
