//! The service pages in Danish.

use crate::text::service::*;

pub const SERVICE: ServiceTexts = ServiceTexts {
    admin_home: AdminHome {
        title: "Administration",
        people: (
            "Personer",
            "søg, rolle, afdeling, deaktiver eller genaktiver, send link til at vælge adgangskode",
        ),
        roster: (
            "Upload personaleliste",
            "se, hvad der ændres (nye, flytninger, fratrådte), før noget gemmes",
        ),
        cycles: (
            "Testrunder",
            "opret, flyt fristen, tillad sen gennemførelse, luk",
        ),
        settings: (
            "Indstillinger",
            "de indstillinger, der gælder, og hvor hver enkelt kommer fra",
        ),
        audit: (
            "Revisionslog",
            "hvem der har set eller hentet hvilke rapporter, og hvad administratorer har gjort",
        ),
        outbox: (
            "Udbakke for e-mail",
            "invitationer, påmindelser og ugeoversigter – sendt, i kø og fejlet",
        ),
        reports: "Rapporter",
        bank: "Opgavebanken",
        commands: "Sikkerhedskopi og sletning af gamle persondata sker med kommandoerne «forvalt \
                   backup» og «forvalt retention». Alle administrationskommandoer («forvalt users \
                   …», «forvalt cycles …», «forvalt export» m.fl.) virker også, mens tjenesten \
                   kører.",
        to_home: "Til forsiden",
    },
    outbox: Outbox {
        title: "Udbakke",
        heading: "Udbakke for e-mail",
        counts: |queued, sending, sent, failed| {
            format!("{queued} i kø, {sending} sendes nu, {sent} sendt, {failed} fejlet.")
        },
        retries: "En besked, der ikke kunne sendes, forsøges igen med stadig længere mellemrum. \
                  Efter sidste forsøg står den som fejlet med årsagen, og du kan sende den igen.",
        empty: "Der er endnu ingen e-mails i kø.",
        caption: "Alle beskeder, nyeste først",
        col_status: "Status",
        col_purpose: "Type",
        col_to: "Modtager",
        col_subject: "Emne",
        col_attempts: "Forsøg",
        col_error: "Seneste fejl",
        col_decided: "Besluttet",
        col_sent: "Sendt",
        col_action: "Handling",
        send_again: "Send igen",
        send_again_to: |to| format!("Send igen til {to}"),
        plan_heading: "Prøvekørsel: dette ville blive lagt i kø nu",
        plan_empty: "Intet nyt: alt, hvad der er aktuelt nu, ligger allerede i udbakken.",
        plan_caption: |n| format!("{n} beskeder"),
        queued: "I kø",
        sending: "Sendes",
        sent: "Sendt",
        failed: "Fejlet",
        invitation: "Invitation",
        reminder: "Påmindelse",
        digest: "Ugeoversigt til leder",
        back: "Til administration",
    },
    audit: AuditLog {
        title: "Revisionslog",
        intro: |n| {
            format!(
                "Hvem der har set eller eksporteret HR-rapporter, nyeste først (op til {n} \
                 poster). "
            )
        },
        download: "Hent det hele som CSV",
        empty: "Endnu ingen poster.",
        caption: "Visninger og eksporter af rapporter",
        col_time: "Tidspunkt (UTC)",
        col_user: "Bruger",
        col_role: "Rolle",
        col_report: "Rapport",
        col_cycle: "Testrunde",
        col_level: "Niveau",
        col_topic: "Emne",
        col_department: "Afdeling",
        col_format: "Format",
        bad_format: |other| format!("ukendt format »{other}« (brug csv)"),
        back: "Til administration",
    },
    privacy: Privacy {
        title: "Databeskyttelse",
        heading: "Databeskyttelse i testen i forvaltningsret",
        controller: |c| format!("Dataansvarlig: {c}."),
        stored_heading: "Hvad vi gemmer",
        stored: [
            "Navn, medarbejdernummer, e-mailadresse og afdeling fra personalelisten.",
            "Hvilke spørgsmål du fik, hvad du svarede, og hvornår.",
            "Dit resultat, beregnet ud fra svarene.",
            "E-mails, vi sender dig (invitation og påmindelser), indtil de er leveret.",
            "Log ind, og hvem der har set hvilke rapporter (revisionslog).",
        ],
        who_heading: "Hvem ser hvad",
        you: ("Du", " ser dit eget resultat og dine svar."),
        hr: "HR og ledere",
        hr_sees: |k| {
            format!(
                " ser kun grupper på mindst {k} personer – aldrig dine svar eller dit resultat. \
                 Et emne for en mindre gruppe vises ikke."
            )
        },
        leader: (
            "Din leder",
            " ser, hvem i enheden der har gennemført testen, og kan hente dit kursusbevis. \
             Kursusbeviset viser, at du har gennemført, ikke resultatet.",
        ),
        authors: ("Opgaveforfattere", |k| {
            format!(
                " ser, hvordan spørgsmålene fungerer samlet, kun i tal fra mindst {k} \
                     personer – ikke hvem der svarede hvad."
            )
        }),
        kept_heading: "Hvor længe det gemmes",
        kept_cycles: |n| {
            format!(
                "Personoplysninger fra de {n} seneste testrunder gemmes. Ældre svar kobles fra \
                 dit navn og bruges kun samlet."
            )
        },
        kept_until_deleted: |contact| {
            format!(
                "Oplysningerne gemmes, indtil organisationen sletter dem. Spørg {contact}, hvor \
                 længe."
            )
        },
        basis_heading: "Retsgrundlag",
        rights_heading: "Dine rettigheder og kontakt",
        rights: |contact| {
            format!(
                "Du kan bede om indsigt i og berigtigelse af oplysningerne om dig. Spørgsmål om \
                 behandlingen rettes til {contact}. Du kan også klage til Datatilsynet."
            )
        },
        to_home: "Til forsiden",
        default_controller: "Den organisation, du er ansat i",
        default_contact: "organisationens databeskyttelsesrådgiver",
        default_legal_basis: "Testen er en del af organisationens oplæring af sagsbehandlere. \
                              Personoplysningerne behandles for at udføre en opgave i \
                              samfundets interesse (databeskyttelsesforordningens artikel 6, \
                              stk. 1, litra e) som led i arbejdsgiverens ansvar for en \
                              forsvarlig sagsbehandling.",
    },
};
