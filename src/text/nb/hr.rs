//! The report pages in bokmål.

use crate::text::hr::*;

pub const REPORTS: ReportTexts = ReportTexts {
    bands: Bands {
        relative: [
            "tydelig svakere enn avdelingens andre temaer",
            "svakere enn avdelingens andre temaer, men ikke sikkert nok når mange celler sammenlignes",
            "kanskje svakere (kan skyldes tilfeldigheter)",
            "ingen tydelig forskjell",
            "kanskje sterkere (kan skyldes tilfeldigheter)",
            "sterkere enn avdelingens andre temaer",
        ],
        absolute: [
            "tydelig svakere enn organisasjonen",
            "svakere enn organisasjonen, men ikke sikkert nok når mange celler sammenlignes",
            "kanskje svakere (kan skyldes tilfeldigheter)",
            "ingen tydelig forskjell",
            "kanskje sterkere (kan skyldes tilfeldigheter)",
            "sterkere enn organisasjonen",
        ],
        short: ["SVAK", "under", "under?", "≈", "over?", "over"],
    },
    hr: Hr {
        suppressed: "skjult (færre enn k)",
        suppressed_short: "skjult",
        back_to_report: "Tilbake til rapporten",
        download_as: "Last ned som ",
        or: " eller ",
        csv_excel: "CSV for norsk Excel",
        xlsx: "Excel (.xlsx)",
        no_groups: "Ingen avdelinger på dette nivået har fullførte tester i syklusen.",
        no_cycles: "Det er ingen testsykluser ennå.",
        no_caseworkers: "Ingen saksbehandlere er registrert.",
        no_department: "(uten avdeling)",
        col_department: "Avdeling",
        col_topic: "Tema",
        col_people: "Personer",
        cycle_lead: "Syklus ",
        label_cycle: "Syklus",
        label_level: "Nivå i organisasjonen",
        level_option: |n| format!("Nivå {n}"),
        top_level: " (øverste)",
        label_statistic: "Fargene i varmekartet viser",
        statistic_relative: "temaet mot avdelingens eget nivå (relativ)",
        statistic_absolute: "avdelingen mot hele organisasjonen (absolutt)",
        show: "Vis",
        title: "Rapporter for HR",
        heatmap_heading: "Varmekart: avdeling × tema",
        table_heading: "Tabell: avdeling × tema",
        table_intro: "Samme tall som varmekartet. Last ned som ",
        completion_heading: "Gjennomføring",
        completion_link: "Gjennomføring per avdeling med navneliste",
        then_download_as: ". Last ned som ",
        names_for_follow_up: " Navneliste for oppfølging av gjennomføringen: ",
        follow_up_heading: "Oppfølging",
        plan_link_print: "Oppfølgingsplan per avdeling (for utskrift)",
        act_heading: "Hva bør følges opp først",
        nothing_flagged: "Ingen avdeling er tydelig svakere i noe tema i denne syklusen.",
        worth_a_look: "Ikke flagget, men størst avstand til avdelingens eget nivå:",
        what_pulls_down: |topic| format!("Hva trekker ned i {topic}?"),
        plan_link: "Oppfølgingsplan per avdeling: de to–tre temaene hver avdeling bør ta først",
        department_action: |department, flagged, shown, share, expected| {
            format!(
                "{department}: tydelig svakere enn organisasjonen i {flagged} av {shown} temaer – \
                 opplæring i hele faget: i snitt {share} riktige der organisasjonen har {expected}."
            )
        },
        relative_action: |department, topic, words, share, expected, also| {
            let also = if also {
                " Også tydelig svakere enn organisasjonen."
            } else {
                ""
            };
            format!(
                "{department}: {topic} – {words}: {share} riktige der {expected} var ventet ut fra \
                 avdelingens eget nivå.{also}"
            )
        },
        absolute_action: |department, topic, words, share, expected| {
            format!(
                "{department}: {topic} – {words}: {share} riktige der organisasjonen har {expected}."
            )
        },
        look: |department, topic, words, share, expected| {
            format!(
                "{department}: {topic} – {words}: {share} riktige der {expected} var ventet ut fra \
                 avdelingens eget nivå."
            )
        },
        power_lead: |people| {
            format!(
                "Hva rapporten kan se: med omkring {people} personer i en avdeling finnes et tema \
                 som ligger "
            )
        },
        points: |points| format!("{points:.0} prosentpoeng"),
        power_middle: " under avdelingens eget nivå 8 av 10 ganger, og en avdeling som ligger ",
        power_tail: " under organisasjonen i et tema 8 av 10 ganger. Mindre forskjeller blir ofte \
                     ikke funnet: at et tema ikke står på listen, betyr ikke at det ikke er noe å \
                     hente.",
        why_summary: "Hvorfor er dette flagget?",
        why_percent: "Prosentene er ventet andel riktige på en typisk oppgave i temaet (en oppgave \
                      av middels vanskelighet blant dem som ble brukt i syklusen). Tallene tar \
                      hensyn til hvor vanskelige oppgavene hver person fikk var.",
        why_relative_label: "Mot avdelingens andre temaer (relativ): ",
        why_relative: "hvordan avdelingen gjør det i temaet sammenlignet med hva de samme personene \
                       får til i de andre temaene. Svarer på «hvilket tema bør avdelingen ta \
                       først?».",
        why_absolute_label: "Mot organisasjonen (absolutt): ",
        why_absolute: "avdelingens nivå i temaet sammenlignet med gjennomsnittet av avdelingene. \
                       Det gjelder de personene som er med i tallene – er akkurat de svakere i \
                       temaet? – ikke hvem avdelingen kunne ha hatt; usikkerheten kommer av at hver \
                       person svarte på få oppgaver i temaet. En avdeling som er svakere i hele \
                       faget, er svakere i alle temaer her.",
        why_flag: |groups, topics, relative, absolute| {
            format!(
                "Et tema flagges som «tydelig svakere» bare når to ting holder: (1) hele \
                 95 %-intervallet ligger under sammenligningen, og (2) forskjellen står seg etter \
                 korreksjon for mange sammenligninger. Med {groups} avdelinger og {topics} temaer \
                 sammenlignes mange celler samtidig, og noen vil se svake ut bare ved \
                 tilfeldighet. Korreksjonen (Benjamini–Hochberg) holder andelen falske flagg blant \
                 de flaggede nede på omkring {relative:.0} % for temaer mot avdelingens andre \
                 temaer og {absolute:.0} % mot organisasjonen. Et falskt flagg koster en workshop; \
                 et tema som ikke blir funnet, blir stående uten opplæring. Derfor er grensen satt \
                 slik at de fleste reelle svakheter blir funnet, og bare noen få flagg er falske."
            )
        },
        why_words: "«Svakere, men ikke sikkert nok» betyr at intervallet ligger under, men at \
                    forskjellen ikke står seg etter korreksjonen. «Kanskje» betyr at intervallet \
                    også rommer ingen forskjell. Et ord sier aldri mer enn intervallet.",
        explanation: |level, k| {
            format!(
                ", nivå {level}. Tallene bygger på svarene i fullførte tester. Avdelinger med færre \
                 enn k = {k} personer i et tema vises ikke for det temaet («skjult (færre enn k)»), \
                 og heller ikke en avdeling som ellers kunne brukes til å regne ut et skjult tall. \
                 Ingen enkeltpersoners svar eller resultater vises. Nye fullførte tester kommer med \
                 i rapporten i puljer, først når minst {k} nye personer i hver avdeling og hvert \
                 tema har fullført, så en test som nettopp er fullført, vises ikke med en gang. Rå \
                 andel riktige vises bare som tilleggsinformasjon: en adaptiv test gir alle \
                 oppgaver nær eget nivå, så den sier lite alene."
            )
        },
        skipped: |n| {
            format!(
                "{n} svar på oppgaver som er endret siden er holdt utenfor (de nye versjonene er \
                 ikke kalibrert)."
            )
        },
        heatmap_label: "Varmekart",
        heatmap_relative: "temaet mot avdelingens andre temaer",
        heatmap_absolute: "avdelingen mot organisasjonen",
        heatmap_title: |what| format!("Varmekart: {what}"),
        heatmap_desc: "Hver rute er en avdeling og et tema. Tallene står i tabellen under \
                       varmekartet.",
        cell_counts: |people, answers| format!("{people} personer, {answers} svar."),
        legend: |k| {
            format!(
                "Forklaring: «SVAK» = tydelig svakere (flagget), «under» = svakere, men ikke sikkert \
                 nok etter korreksjon for mange sammenligninger, «under?» / «over?» = kanskje \
                 svakere / sterkere (usikkert), «≈» = ingen tydelig forskjell, «over» = sterkere, \
                 «skjult» = færre enn {k} personer. Tallet er ventet andel riktige på en typisk \
                 oppgave i temaet."
            )
        },
        relative_text: |words, share, expected| {
            format!("{words}: {share} riktige der {expected} var ventet ut fra eget nivå")
        },
        absolute_text: |words, share, organisation| {
            format!("{words}: {share} riktige der organisasjonen har {organisation}")
        },
        logits: |words, difference, low, high| {
            format!("{words} ({difference} logit; 95 % intervall {low} til {high} logit)")
        },
        trend: |change, low, high| {
            format!("{change} prosentpoeng (95 % intervall {low} til {high})")
        },
        table_caption: |cycle, level| {
            format!(
                "Avdeling og tema, syklus {cycle}, nivå {level} (ventet andel riktige på en typisk \
                 oppgave i temaet)"
            )
        },
        col_level: "Nivå (95 % intervall)",
        col_relative: "Mot avdelingens andre temaer (relativ)",
        col_absolute: "Mot organisasjonen (absolutt)",
        col_people_answers: "Personer / svar",
        col_raw: "Rå andel riktige (tillegg)",
        col_change: |previous| format!("Endring i nivå siden {previous}"),
        previous_cycle: "forrige syklus",
        weak_mark: "Svak. ",
        details_summary: "Detaljer: forskjellene i logit",
        details_intro: "Logit er skalaen testen måler på: 1 logit tilsvarer omtrent 20–25 \
                        prosentpoeng nær midten av skalaen. Negative tall betyr svakere.",
        details_caption: "Forskjeller i logit, med 95 % intervall og standardfeil",
        col_relative_logit: "Relativ (logit)",
        col_absolute_logit: "Absolutt (logit)",
        completion_title: "Gjennomføring",
        completion_caption: |cycle| format!("Gjennomføring per avdeling, syklus {cycle}"),
        col_due: "Skal ta testen",
        col_in_progress: "Påbegynt",
        col_completed: "Fullført",
        col_overdue: "Fristen er passert",
        col_upcoming: "Ikke åpnet ennå",
        col_total: "I alt",
        download_table_as: "Last ned tabellen som ",
        names_lead: " Navnelisten: ",
        names_heading: "Navneliste",
        names_intro: "Hvem som har fullført, for oppfølging av gjennomføringen. Ingen resultater \
                      vises her.",
        names_caption: |cycle| format!("Saksbehandlere og status, syklus {cycle}"),
        col_name: "Navn",
        col_employee_id: "Ansattnummer",
        col_status: "Status",
        statuses: [
            "fullført",
            "påbegynt",
            "fristen er passert",
            "ikke åpnet ennå",
            "ikke påbegynt",
        ],
        plan_title: "Oppfølgingsplan",
        plan_intro: |k| {
            format!(
                "For hver avdeling: de temaene der avdelingen gjør det svakest sammenlignet med sitt \
                 eget nivå i de andre temaene (de to svakeste, og et tredje når det er tydelig \
                 svakt), med spørsmål til refleksjon fra oppgavebanken. Temaer med færre enn {k} \
                 personer er ikke med."
            )
        },
        plan_too_few: "For få personer til å vise noe for denne avdelingen.",
        plan_none_below: "Ingen tema ligger under avdelingens eget nivå.",
        plan_clearly_weak: " – tydelig svakt",
        plan_shares: |words, share, expected| {
            format!(
                "{words}: {share} riktige der {expected} var ventet ut fra avdelingens eget nivå."
            )
        },
        reflection: "Spørsmål til refleksjon:",
        plan_suppressed: |n, k| {
            format!(
                "{n} tema er skjult for å verne enkeltpersoner (færre enn {k} personer, eller \
                 tallet kunne regnes ut fra andre avdelinger)."
            )
        },
        kinds: ["Lovbestemmelse", "Sakstype", "Oppgave"],
        drill_intro: |level, k| {
            format!(
                ", nivå {level}. Hvilke lovbestemmelser, sakstyper og oppgaver som trekker ned i \
                 temaet. «Observert − ventet» er antall riktige svar minus det antallet som var \
                 ventet ut fra hver persons samlede nivå i testen; negative tall betyr flere feil \
                 enn ventet. De svakeste står først. Oppgaver med færre enn k = {k} personer vises \
                 ikke, heller ikke når tallene deres kunne regnes ut fra andre rader eller \
                 avdelinger, og ingen enkeltpersoners svar vises. Radene for lovbestemmelser og \
                 sakstyper summerer bare oppgavene som vises."
            )
        },
        drill_waiting: |deadline| {
            format!(
                "Oppgavene vises når fristen for syklusen er ute, fra dagen etter {deadline}. Da \
                 regnes de ut én gang for alle fra de testene som var med i rapporten ved fristen, \
                 slik at ingen kan se hva den enkelte svarte ved å sammenligne tallene før og etter \
                 at noen tok testen."
            )
        },
        drill_suppressed: |k| {
            format!(
                ": færre enn {k} personer i avdelingen har svart på oppgaver i temaet, eller \
                 tallene kunne regnes ut fra andre avdelinger."
            )
        },
        drill_none: |k| {
            format!(
                "Ingen oppgaver i temaet kan vises for avdelingen uten at færre enn {k} personer \
                 kunne skilles ut."
            )
        },
        drill_caption: |topic, department| {
            format!("{topic}, {department}: lovbestemmelser, sakstyper og oppgaver, svakest først")
        },
        col_kind: "Type",
        col_key: "Lovbestemmelse, sakstype eller oppgave",
        col_items: "Oppgaver",
        col_answers: "Svar",
        col_share_correct: "Andel riktige",
        col_observed: "Observert − ventet riktige",
        drill_hidden: |n, k| {
            format!(
                "{n} oppgaver er skjult (færre enn {k} personer, eller tallene kunne regnes ut fra \
                 andre rader)."
            )
        },
        err_number: |key| format!("«{key}» må være et tall"),
        err_format: |other| {
            format!("ukjent format «{other}» (bruk csv, excel-csv, xlsx eller json)")
        },
        err_statistic: |other| format!("ukjent statistikk «{other}» (bruk relativ eller absolutt)"),
        err_page_format: "siden har flere tabeller: bruk /hr/tema, /hr/gjennomforing eller \
                          /hr/oppfolging for eksport",
        err_no_department: "«avdeling» mangler",
    },
    leader: Leader {
        statuses: [
            "Fullført",
            "Påbegynt",
            "Ikke startet",
            "Over fristen",
            "Ikke åpnet ennå",
        ],
        label_cycle: "Syklus ",
        cycle_option: |cycle, deadline| format!("{cycle} (frist {deadline})"),
        show: "Vis",
        title: "Enheten din",
        heading: |unit| format!("Enheten din: {unit}"),
        back_to: |unit| format!("Tilbake til hele {unit}"),
        completion_heading: |cycle| format!("Gjennomføring – {cycle}"),
        counts: |completed, total, in_progress, due, overdue, deadline| {
            format!(
                "{completed} av {total} har fullført. {in_progress} har påbegynt, {due} har ikke \
                 startet, {overdue} er over fristen ({deadline})."
            )
        },
        privacy: "Du ser hvem som har fullført, ikke svarene eller resultatene deres. ",
        report_link: "Temarapport for enheten",
        report_link_tail: " viser hvordan enheten som gruppe står på hvert tema.",
        no_people: "Ingen saksbehandlere er registrert i enheten.",
        people_caption: |unit| format!("Saksbehandlere i {unit}"),
        col_name: "Navn",
        col_department: "Avdeling",
        col_status: "Status",
        col_certificate: "Kursbevis",
        certificate_for: |name| format!("Kursbevis for {name}"),
        no_cycles: "Det er ingen testsykluser ennå.",
        report_title: "Temarapport for enheten",
        report_heading: |unit, cycle| format!("Temarapport for {unit} – {cycle}"),
        report_intro: |k| {
            format!(
                "Rapporten viser enheten som gruppe, aldri enkeltpersoner. Et tema vises bare når \
                 minst {k} personer i enheten har svart på det; ellers er det skjult."
            )
        },
        not_published: |k| {
            format!(
                "Ingen resultater for enheten er publisert i denne syklusen ennå. Fullførte tester \
                 kommer med i rapporten i puljer, først når minst {k} nye personer har fullført, så \
                 ingen enkeltpersons resultat kan leses ut av en endring."
            )
        },
        topics_caption: |unit| format!("Temaer for {unit}"),
        col_topic: "Tema",
        col_people: "Personer",
        col_relative: "Mot enhetens eget nivå",
        col_absolute: "Mot hele virksomheten",
        hidden: |k| format!("Skjult (færre enn {k} personer)"),
        back_to_completion: "Tilbake til gjennomføringen",
        err_cycle: |cycle| format!("ugyldig syklus: {cycle}"),
    },
    certificate: Certificate {
        title: "Kursbevis",
        confirms: "Dette bekrefter at",
        name: "Navn",
        employee_id: "Ansattnummer",
        unit: "Enhet",
        cycle: "Syklus",
        completed: "Fullført",
        has_completed: "har fullført testen i forvaltningsrett. Beviset viser ikke resultatet av \
                        testen.",
        print: "Skriv ut eller lagre som PDF med nettleserens utskriftsfunksjon (Ctrl+P).",
    },
};
