//! The report pages in Danish.

use crate::text::hr::*;

pub const REPORTS: ReportTexts = ReportTexts {
    bands: Bands {
        relative: [
            "tydeligt svagere end afdelingens andre emner",
            "svagere end afdelingens andre emner, men ikke sikkert nok, når mange celler sammenlignes",
            "måske svagere (kan skyldes tilfældigheder)",
            "ingen tydelig forskel",
            "måske stærkere (kan skyldes tilfældigheder)",
            "stærkere end afdelingens andre emner",
        ],
        absolute: [
            "tydeligt svagere end organisationen",
            "svagere end organisationen, men ikke sikkert nok, når mange celler sammenlignes",
            "måske svagere (kan skyldes tilfældigheder)",
            "ingen tydelig forskel",
            "måske stærkere (kan skyldes tilfældigheder)",
            "stærkere end organisationen",
        ],
        short: ["SVAG", "under", "under?", "≈", "over?", "over"],
    },
    hr: Hr {
        suppressed: "skjult (færre end k)",
        suppressed_short: "skjult",
        back_to_report: "Tilbage til rapporten",
        download_as: "Hent som ",
        or: " eller ",
        csv_excel: "CSV til dansk Excel",
        xlsx: "Excel (.xlsx)",
        no_groups: "Ingen afdelinger på dette niveau har gennemførte test i testrunden.",
        no_cycles: "Der er endnu ingen testrunder.",
        no_caseworkers: "Der er ikke registreret nogen sagsbehandlere.",
        no_department: "(uden afdeling)",
        col_department: "Afdeling",
        col_topic: "Emne",
        col_people: "Personer",
        cycle_lead: "Testrunde ",
        label_cycle: "Testrunde",
        label_level: "Niveau i organisationen",
        level_option: |n| format!("Niveau {n}"),
        top_level: " (øverste)",
        label_statistic: "Farverne i varmekortet viser",
        statistic_relative: "emnet over for afdelingens eget niveau (relativt)",
        statistic_absolute: "afdelingen over for hele organisationen (absolut)",
        show: "Vis",
        title: "Rapporter til HR",
        heatmap_heading: "Varmekort: afdeling × emne",
        table_heading: "Tabel: afdeling × emne",
        table_intro: "Samme tal som varmekortet. Hent som ",
        completion_heading: "Gennemførelse",
        completion_link: "Gennemførelse pr. afdeling med navneliste",
        then_download_as: ". Hent som ",
        names_for_follow_up: " Navneliste til opfølgning på gennemførelsen: ",
        follow_up_heading: "Opfølgning",
        plan_link_print: "Opfølgningsplan pr. afdeling (til udskrift)",
        act_heading: "Hvad bør følges op først",
        nothing_flagged: "Ingen afdeling er tydeligt svagere i noget emne i denne testrunde.",
        worth_a_look: "Ikke markeret, men størst afstand til afdelingens eget niveau:",
        what_pulls_down: |topic| format!("Hvad trækker ned i {topic}?"),
        plan_link: "Opfølgningsplan pr. afdeling: de to-tre emner, hver afdeling bør tage først",
        department_action: |department, flagged, shown, share, expected| {
            format!(
                "{department}: tydeligt svagere end organisationen i {flagged} af {shown} emner – \
                 undervisning i hele faget: i gennemsnit {share} rigtige, hvor organisationen har \
                 {expected}."
            )
        },
        relative_action: |department, topic, words, share, expected, also| {
            let also = if also {
                " Også tydeligt svagere end organisationen."
            } else {
                ""
            };
            format!(
                "{department}: {topic} – {words}: {share} rigtige, hvor {expected} var forventet ud \
                 fra afdelingens eget niveau.{also}"
            )
        },
        absolute_action: |department, topic, words, share, expected| {
            format!(
                "{department}: {topic} – {words}: {share} rigtige, hvor organisationen har \
                 {expected}."
            )
        },
        look: |department, topic, words, share, expected| {
            format!(
                "{department}: {topic} – {words}: {share} rigtige, hvor {expected} var forventet ud \
                 fra afdelingens eget niveau."
            )
        },
        power_lead: |people| {
            format!(
                "Hvad rapporten kan se: med omkring {people} personer i en afdeling findes et emne, \
                 der ligger "
            )
        },
        points: |points| format!("{points:.0} procentpoint"),
        power_middle: " under afdelingens eget niveau, 8 ud af 10 gange, og en afdeling, der ligger ",
        power_tail: " under organisationen i et emne, 8 ud af 10 gange. Mindre forskelle bliver \
                     ofte ikke fundet: at et emne ikke står på listen, betyder ikke, at der ikke er \
                     noget at hente.",
        why_summary: "Hvorfor er dette markeret?",
        why_percent: "Procenterne er den forventede andel rigtige på en typisk opgave i emnet (en \
                      opgave af middel sværhedsgrad blandt dem, der blev brugt i testrunden). Tallene \
                      tager højde for, hvor svære opgaver hver person fik.",
        why_relative_label: "Over for afdelingens andre emner (relativt): ",
        why_relative: "hvordan afdelingen klarer sig i emnet sammenlignet med, hvad de samme personer \
                       præsterer i de andre emner. Svarer på »hvilket emne bør afdelingen tage \
                       først?«.",
        why_absolute_label: "Over for organisationen (absolut): ",
        why_absolute: "afdelingens niveau i emnet sammenlignet med gennemsnittet af afdelingerne. \
                       Det gælder de personer, der indgår i tallene – er netop de svagere i \
                       emnet? – ikke hvem afdelingen kunne have haft; usikkerheden skyldes, at hver \
                       person svarede på få opgaver i emnet. En afdeling, der er svagere i hele \
                       faget, er svagere i alle emner her.",
        why_flag: |groups, topics, relative, absolute| {
            format!(
                "Et emne markeres som »tydeligt svagere« kun, når to ting holder: (1) hele \
                 95 %-intervallet ligger under sammenligningen, og (2) forskellen holder efter \
                 korrektion for mange sammenligninger. Med {groups} afdelinger og {topics} emner \
                 sammenlignes mange celler på én gang, og nogle vil se svage ud alene ved \
                 tilfældighed. Korrektionen (Benjamini–Hochberg) holder andelen af falske \
                 markeringer blandt de markerede nede på omkring {relative:.0} % for emner over for \
                 afdelingens andre emner og {absolute:.0} % over for organisationen. En falsk \
                 markering koster en workshop; et emne, der ikke bliver fundet, står tilbage uden \
                 undervisning. Derfor er grænsen sat, så de fleste reelle svagheder bliver fundet, \
                 og kun nogle få markeringer er falske."
            )
        },
        why_words: "»Svagere, men ikke sikkert nok« betyder, at intervallet ligger under, men at \
                    forskellen ikke holder efter korrektionen. »Måske« betyder, at intervallet også \
                    rummer ingen forskel. Et ord siger aldrig mere end intervallet.",
        explanation: |level, k| {
            format!(
                ", niveau {level}. Tallene bygger på svarene i gennemførte test. Afdelinger med \
                 færre end k = {k} personer i et emne vises ikke for det emne (»skjult (færre end \
                 k)«), og heller ikke en afdeling, der ellers kunne bruges til at regne et skjult \
                 tal ud. Ingen enkeltpersoners svar eller resultater vises. Nye gennemførte test \
                 kommer med i rapporten i puljer, først når mindst {k} nye personer i hver afdeling \
                 og hvert emne har gennemført, så en test, der lige er gennemført, vises ikke med \
                 det samme. Den rå andel rigtige vises kun som supplerende oplysning: en adaptiv \
                 test giver alle opgaver tæt på eget niveau, så den siger ikke meget alene."
            )
        },
        skipped: |n| {
            format!(
                "{n} svar på opgaver, der er ændret siden, er holdt uden for (de nye versioner er \
                 ikke kalibreret)."
            )
        },
        heatmap_label: "Varmekort",
        heatmap_relative: "emnet over for afdelingens andre emner",
        heatmap_absolute: "afdelingen over for organisationen",
        heatmap_title: |what| format!("Varmekort: {what}"),
        heatmap_desc: "Hvert felt er en afdeling og et emne. Tallene står i tabellen under \
                       varmekortet.",
        cell_counts: |people, answers| format!("{people} personer, {answers} svar."),
        legend: |k| {
            format!(
                "Forklaring: »SVAG« = tydeligt svagere (markeret), »under« = svagere, men ikke \
                 sikkert nok efter korrektion for mange sammenligninger, »under?« / »over?« = \
                 måske svagere / stærkere (usikkert), »≈« = ingen tydelig forskel, »over« = \
                 stærkere, »skjult« = færre end {k} personer. Tallet er den forventede andel \
                 rigtige på en typisk opgave i emnet."
            )
        },
        relative_text: |words, share, expected| {
            format!("{words}: {share} rigtige, hvor {expected} var forventet ud fra eget niveau")
        },
        absolute_text: |words, share, organisation| {
            format!("{words}: {share} rigtige, hvor organisationen har {organisation}")
        },
        logits: |words, difference, low, high| {
            format!("{words} ({difference} logit; 95 %-interval {low} til {high} logit)")
        },
        trend: |change, low, high| {
            format!("{change} procentpoint (95 %-interval {low} til {high})")
        },
        table_caption: |cycle, level| {
            format!(
                "Afdeling og emne, testrunde {cycle}, niveau {level} (forventet andel rigtige på en \
                 typisk opgave i emnet)"
            )
        },
        col_level: "Niveau (95 %-interval)",
        col_relative: "Over for afdelingens andre emner (relativt)",
        col_absolute: "Over for organisationen (absolut)",
        col_people_answers: "Personer / svar",
        col_raw: "Rå andel rigtige (supplerende)",
        col_change: |previous| format!("Ændring i niveau siden {previous}"),
        previous_cycle: "forrige testrunde",
        weak_mark: "Svag. ",
        details_summary: "Detaljer: forskellene i logit",
        details_intro: "Logit er den skala, testen måler på: 1 logit svarer til omkring 20-25 \
                        procentpoint nær midten af skalaen. Negative tal betyder svagere.",
        details_caption: "Forskelle i logit med 95 %-interval og standardfejl",
        col_relative_logit: "Relativt (logit)",
        col_absolute_logit: "Absolut (logit)",
        completion_title: "Gennemførelse",
        completion_caption: |cycle| format!("Gennemførelse pr. afdeling, testrunde {cycle}"),
        col_due: "Skal tage testen",
        col_in_progress: "Påbegyndt",
        col_completed: "Gennemført",
        col_overdue: "Fristen er overskredet",
        col_upcoming: "Ikke åbnet endnu",
        col_total: "I alt",
        download_table_as: "Hent tabellen som ",
        names_lead: " Navnelisten: ",
        names_heading: "Navneliste",
        names_intro: "Hvem der har gennemført, til opfølgning på gennemførelsen. Der vises ingen \
                      resultater her.",
        names_caption: |cycle| format!("Sagsbehandlere og status, testrunde {cycle}"),
        col_name: "Navn",
        col_employee_id: "Medarbejdernummer",
        col_status: "Status",
        statuses: [
            "gennemført",
            "påbegyndt",
            "fristen er overskredet",
            "ikke åbnet endnu",
            "ikke påbegyndt",
        ],
        plan_title: "Opfølgningsplan",
        plan_intro: |k| {
            format!(
                "For hver afdeling: de emner, hvor afdelingen klarer sig svagest sammenlignet med \
                 sit eget niveau i de andre emner (de to svageste og et tredje, når det er tydeligt \
                 svagt), med spørgsmål til refleksion fra opgavebanken. Emner med færre end {k} \
                 personer er ikke med."
            )
        },
        plan_too_few: "For få personer til at vise noget for denne afdeling.",
        plan_none_below: "Intet emne ligger under afdelingens eget niveau.",
        plan_clearly_weak: " – tydeligt svagt",
        plan_shares: |words, share, expected| {
            format!(
                "{words}: {share} rigtige, hvor {expected} var forventet ud fra afdelingens eget \
                 niveau."
            )
        },
        reflection: "Spørgsmål til refleksion:",
        plan_suppressed: |n, k| {
            format!(
                "{n} emner er skjult for at beskytte enkeltpersoner (færre end {k} personer, eller \
                 tallet kunne regnes ud fra andre afdelinger)."
            )
        },
        kinds: ["Lovbestemmelse", "Sagstype", "Opgave"],
        drill_intro: |level, k| {
            format!(
                ", niveau {level}. Hvilke lovbestemmelser, sagstyper og opgaver der trækker ned i \
                 emnet. »Observeret − forventet« er antallet af rigtige svar minus det antal, der \
                 var forventet ud fra hver persons samlede niveau i testen; negative tal betyder \
                 flere fejl end forventet. De svageste står først. Opgaver med færre end k = {k} \
                 personer vises ikke, heller ikke når deres tal kunne regnes ud fra andre rækker \
                 eller afdelinger, og ingen enkeltpersoners svar vises. Rækkerne for \
                 lovbestemmelser og sagstyper summerer kun de opgaver, der vises."
            )
        },
        drill_waiting: |deadline| {
            format!(
                "Opgaverne vises, når fristen for testrunden er udløbet, fra dagen efter \
                 {deadline}. Så regnes de ud én gang for alle fra de test, der var med i rapporten \
                 ved fristen, så ingen kan se, hvad den enkelte svarede, ved at sammenligne tallene \
                 før og efter, at nogen tog testen."
            )
        },
        drill_suppressed: |k| {
            format!(
                ": færre end {k} personer i afdelingen har svaret på opgaver i emnet, eller tallene \
                 kunne regnes ud fra andre afdelinger."
            )
        },
        drill_none: |k| {
            format!(
                "Ingen opgaver i emnet kan vises for afdelingen, uden at færre end {k} personer \
                 kunne skilles ud."
            )
        },
        drill_caption: |topic, department| {
            format!("{topic}, {department}: lovbestemmelser, sagstyper og opgaver, svagest først")
        },
        col_kind: "Type",
        col_key: "Lovbestemmelse, sagstype eller opgave",
        col_items: "Opgaver",
        col_answers: "Svar",
        col_share_correct: "Andel rigtige",
        col_observed: "Observeret − forventet rigtige",
        drill_hidden: |n, k| {
            format!(
                "{n} opgaver er skjult (færre end {k} personer, eller tallene kunne regnes ud fra \
                 andre rækker)."
            )
        },
        err_number: |key| format!("»{key}« skal være et tal"),
        err_format: |other| {
            format!("ukendt format »{other}« (brug csv, excel-csv, xlsx eller json)")
        },
        err_statistic: |other| format!("ukendt statistik »{other}« (brug relativ eller absolutt)"),
        err_page_format: "siden har flere tabeller: brug /hr/tema, /hr/gjennomforing eller \
                          /hr/oppfolging til eksport",
        err_no_department: "»avdeling« mangler",
    },
    leader: Leader {
        statuses: [
            "Gennemført",
            "Påbegyndt",
            "Ikke startet",
            "Fristen er overskredet",
            "Ikke åbnet endnu",
        ],
        label_cycle: "Testrunde ",
        cycle_option: |cycle, deadline| format!("{cycle} (frist {deadline})"),
        show: "Vis",
        title: "Din enhed",
        heading: |unit| format!("Din enhed: {unit}"),
        back_to: |unit| format!("Tilbage til hele {unit}"),
        completion_heading: |cycle| format!("Gennemførelse – {cycle}"),
        counts: |completed, total, in_progress, due, overdue, deadline| {
            format!(
                "{completed} af {total} har gennemført. {in_progress} er i gang, {due} er ikke \
                 startet, {overdue} har overskredet fristen ({deadline})."
            )
        },
        privacy: "Du ser, hvem der har gennemført, ikke deres svar eller resultater. ",
        report_link: "Emnerapport for enheden",
        report_link_tail: " viser, hvordan enheden som gruppe står i hvert emne.",
        no_people: "Der er ikke registreret nogen sagsbehandlere i enheden.",
        people_caption: |unit| format!("Sagsbehandlere i {unit}"),
        col_name: "Navn",
        col_department: "Afdeling",
        col_status: "Status",
        col_certificate: "Kursusbevis",
        certificate_for: |name| format!("Kursusbevis for {name}"),
        no_cycles: "Der er endnu ingen testrunder.",
        report_title: "Emnerapport for enheden",
        report_heading: |unit, cycle| format!("Emnerapport for {unit} – {cycle}"),
        report_intro: |k| {
            format!(
                "Rapporten viser enheden som gruppe, aldrig enkeltpersoner. Et emne vises kun, når \
                 mindst {k} personer i enheden har svaret på det; ellers er det skjult."
            )
        },
        not_published: |k| {
            format!(
                "Der er endnu ikke offentliggjort resultater for enheden i denne testrunde. \
                 Gennemførte test kommer med i rapporten i puljer, først når mindst {k} nye \
                 personer har gennemført, så ingen enkeltpersons resultat kan aflæses af en \
                 ændring."
            )
        },
        topics_caption: |unit| format!("Emner for {unit}"),
        col_topic: "Emne",
        col_people: "Personer",
        col_relative: "Over for enhedens eget niveau",
        col_absolute: "Over for hele organisationen",
        hidden: |k| format!("Skjult (færre end {k} personer)"),
        back_to_completion: "Tilbage til gennemførelsen",
        err_cycle: |cycle| format!("ugyldig testrunde: {cycle}"),
    },
    certificate: Certificate {
        title: "Kursusbevis",
        confirms: "Hermed bekræftes det, at",
        name: "Navn",
        employee_id: "Medarbejdernummer",
        unit: "Enhed",
        cycle: "Testrunde",
        completed: "Gennemført",
        has_completed: "har gennemført testen i forvaltningsret. Beviset viser ikke testens \
                        resultat.",
        print: "Udskriv, eller gem som PDF med browserens udskriftsfunktion (Ctrl+P).",
    },
};
