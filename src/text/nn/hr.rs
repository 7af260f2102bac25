//! The report pages in nynorsk.

use crate::text::hr::*;

pub const REPORTS: ReportTexts = ReportTexts {
    bands: Bands {
        relative: [
            "tydeleg svakare enn dei andre temaa i avdelinga",
            "svakare enn dei andre temaa i avdelinga, men ikkje sikkert nok når mange celler blir samanlikna",
            "kanskje svakare (kan kome av tilfeldigheiter)",
            "ingen tydeleg skilnad",
            "kanskje sterkare (kan kome av tilfeldigheiter)",
            "sterkare enn dei andre temaa i avdelinga",
        ],
        absolute: [
            "tydeleg svakare enn organisasjonen",
            "svakare enn organisasjonen, men ikkje sikkert nok når mange celler blir samanlikna",
            "kanskje svakare (kan kome av tilfeldigheiter)",
            "ingen tydeleg skilnad",
            "kanskje sterkare (kan kome av tilfeldigheiter)",
            "sterkare enn organisasjonen",
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
        no_groups: "Ingen avdelingar på dette nivået har fullførte testar i syklusen.",
        no_cycles: "Det finst ingen testsyklusar enno.",
        no_caseworkers: "Ingen saksbehandlarar er registrerte.",
        no_department: "(utan avdeling)",
        col_department: "Avdeling",
        col_topic: "Tema",
        col_people: "Personar",
        cycle_lead: "Syklus ",
        label_cycle: "Syklus",
        label_level: "Nivå i organisasjonen",
        level_option: |n| format!("Nivå {n}"),
        top_level: " (øvste)",
        label_statistic: "Fargane i varmekartet viser",
        statistic_relative: "temaet mot avdelinga sitt eige nivå (relativ)",
        statistic_absolute: "avdelinga mot heile organisasjonen (absolutt)",
        show: "Vis",
        title: "Rapportar for HR",
        heatmap_heading: "Varmekart: avdeling × tema",
        table_heading: "Tabell: avdeling × tema",
        table_intro: "Same tal som i varmekartet. Last ned som ",
        completion_heading: "Gjennomføring",
        completion_link: "Gjennomføring per avdeling med namneliste",
        then_download_as: ". Last ned som ",
        names_for_follow_up: " Namneliste for oppfølging av gjennomføringa: ",
        follow_up_heading: "Oppfølging",
        plan_link_print: "Oppfølgingsplan per avdeling (for utskrift)",
        act_heading: "Kva bør følgjast opp først",
        nothing_flagged: "Inga avdeling er tydeleg svakare i noko tema i denne syklusen.",
        worth_a_look: "Ikkje flagga, men størst avstand til avdelinga sitt eige nivå:",
        what_pulls_down: |topic| format!("Kva trekkjer ned i {topic}?"),
        plan_link: "Oppfølgingsplan per avdeling: dei to–tre temaa kvar avdeling bør ta først",
        department_action: |department, flagged, shown, share, expected| {
            format!(
                "{department}: tydeleg svakare enn organisasjonen i {flagged} av {shown} tema – \
                 opplæring i heile faget: i snitt {share} rette der organisasjonen har {expected}."
            )
        },
        relative_action: |department, topic, words, share, expected, also| {
            let also = if also {
                " Også tydeleg svakare enn organisasjonen."
            } else {
                ""
            };
            format!(
                "{department}: {topic} – {words}: {share} rette der {expected} var venta ut frå \
                 avdelinga sitt eige nivå.{also}"
            )
        },
        absolute_action: |department, topic, words, share, expected| {
            format!(
                "{department}: {topic} – {words}: {share} rette der organisasjonen har {expected}."
            )
        },
        look: |department, topic, words, share, expected| {
            format!(
                "{department}: {topic} – {words}: {share} rette der {expected} var venta ut frå \
                 avdelinga sitt eige nivå."
            )
        },
        power_lead: |people| {
            format!(
                "Kva rapporten kan sjå: med om lag {people} personar i ei avdeling blir eit tema \
                 som ligg "
            )
        },
        points: |points| format!("{points:.0} prosentpoeng"),
        power_middle: " under avdelinga sitt eige nivå funne 8 av 10 gonger, og ei avdeling som \
                       ligg ",
        power_tail: " under organisasjonen i eit tema funnen 8 av 10 gonger. Mindre skilnader blir \
                     ofte ikkje funne: at eit tema ikkje står på lista, tyder ikkje at det ikkje \
                     er noko å hente.",
        why_summary: "Kvifor er dette flagga?",
        why_percent: "Prosentane er venta del rette på ei typisk oppgåve i temaet (ei oppgåve av \
                      middels vanskegrad blant dei som vart brukte i syklusen). Tala tek omsyn til \
                      kor vanskelege oppgåvene kvar person fekk, var.",
        why_relative_label: "Mot dei andre temaa i avdelinga (relativ): ",
        why_relative: "korleis avdelinga gjer det i temaet samanlikna med kva dei same personane \
                       får til i dei andre temaa. Svarar på «kva tema bør avdelinga ta først?».",
        why_absolute_label: "Mot organisasjonen (absolutt): ",
        why_absolute: "nivået til avdelinga i temaet samanlikna med gjennomsnittet av avdelingane. \
                       Det gjeld dei personane som er med i tala – er akkurat dei svakare i \
                       temaet? – ikkje kven avdelinga kunne ha hatt; uvissa kjem av at kvar person \
                       svarte på få oppgåver i temaet. Ei avdeling som er svakare i heile faget, er \
                       svakare i alle tema her.",
        why_flag: |groups, topics, relative, absolute| {
            format!(
                "Eit tema blir flagga som «tydeleg svakare» berre når to ting held: (1) heile \
                 95 %-intervallet ligg under samanlikninga, og (2) skilnaden står seg etter \
                 korreksjon for mange samanlikningar. Med {groups} avdelingar og {topics} tema blir \
                 mange celler samanlikna samtidig, og nokre vil sjå svake ut berre av \
                 tilfeldigheit. Korreksjonen (Benjamini–Hochberg) held delen falske flagg blant \
                 dei flagga nede på om lag {relative:.0} % for tema mot dei andre temaa i \
                 avdelinga og {absolute:.0} % mot organisasjonen. Eit falskt flagg kostar ein \
                 workshop; eit tema som ikkje blir funne, blir ståande utan opplæring. Difor er \
                 grensa sett slik at dei fleste reelle svakheitene blir funne, og berre nokre få \
                 flagg er falske."
            )
        },
        why_words: "«Svakare, men ikkje sikkert nok» tyder at intervallet ligg under, men at \
                    skilnaden ikkje står seg etter korreksjonen. «Kanskje» tyder at intervallet \
                    også rommar ingen skilnad. Eit ord seier aldri meir enn intervallet.",
        explanation: |level, k| {
            format!(
                ", nivå {level}. Tala byggjer på svara i fullførte testar. Avdelingar med færre enn \
                 k = {k} personar i eit tema blir ikkje viste for det temaet («skjult (færre enn \
                 k)»), og heller ikkje ei avdeling som elles kunne brukast til å rekne ut eit \
                 skjult tal. Ingen svar eller resultat frå enkeltpersonar blir viste. Nye fullførte \
                 testar kjem med i rapporten i puljer, først når minst {k} nye personar i kvar \
                 avdeling og kvart tema har fullført, så ein test som nett er fullført, blir ikkje \
                 vist med ein gong. Rå del rette blir berre vist som tilleggsinformasjon: ein \
                 adaptiv test gir alle oppgåver nær eige nivå, så han seier lite åleine."
            )
        },
        skipped: |n| {
            format!(
                "{n} svar på oppgåver som er endra sidan, er haldne utanfor (dei nye versjonane er \
                 ikkje kalibrerte)."
            )
        },
        heatmap_label: "Varmekart",
        heatmap_relative: "temaet mot dei andre temaa i avdelinga",
        heatmap_absolute: "avdelinga mot organisasjonen",
        heatmap_title: |what| format!("Varmekart: {what}"),
        heatmap_desc: "Kvar rute er ei avdeling og eit tema. Tala står i tabellen under \
                       varmekartet.",
        cell_counts: |people, answers| format!("{people} personar, {answers} svar."),
        legend: |k| {
            format!(
                "Forklaring: «SVAK» = tydeleg svakare (flagga), «under» = svakare, men ikkje sikkert \
                 nok etter korreksjon for mange samanlikningar, «under?» / «over?» = kanskje \
                 svakare / sterkare (usikkert), «≈» = ingen tydeleg skilnad, «over» = sterkare, \
                 «skjult» = færre enn {k} personar. Talet er venta del rette på ei typisk oppgåve \
                 i temaet."
            )
        },
        relative_text: |words, share, expected| {
            format!("{words}: {share} rette der {expected} var venta ut frå eige nivå")
        },
        absolute_text: |words, share, organisation| {
            format!("{words}: {share} rette der organisasjonen har {organisation}")
        },
        logits: |words, difference, low, high| {
            format!("{words} ({difference} logit; 95 % intervall {low} til {high} logit)")
        },
        trend: |change, low, high| {
            format!("{change} prosentpoeng (95 % intervall {low} til {high})")
        },
        table_caption: |cycle, level| {
            format!(
                "Avdeling og tema, syklus {cycle}, nivå {level} (venta del rette på ei typisk \
                 oppgåve i temaet)"
            )
        },
        col_level: "Nivå (95 % intervall)",
        col_relative: "Mot dei andre temaa i avdelinga (relativ)",
        col_absolute: "Mot organisasjonen (absolutt)",
        col_people_answers: "Personar / svar",
        col_raw: "Rå del rette (tillegg)",
        col_change: |previous| format!("Endring i nivå sidan {previous}"),
        previous_cycle: "førre syklus",
        weak_mark: "Svak. ",
        details_summary: "Detaljar: skilnadene i logit",
        details_intro: "Logit er skalaen testen måler på: 1 logit svarar om lag til 20–25 \
                        prosentpoeng nær midten av skalaen. Negative tal tyder svakare.",
        details_caption: "Skilnader i logit, med 95 % intervall og standardfeil",
        col_relative_logit: "Relativ (logit)",
        col_absolute_logit: "Absolutt (logit)",
        completion_title: "Gjennomføring",
        completion_caption: |cycle| format!("Gjennomføring per avdeling, syklus {cycle}"),
        col_due: "Skal ta testen",
        col_in_progress: "Byrja på",
        col_completed: "Fullført",
        col_overdue: "Fristen er ute",
        col_upcoming: "Ikkje opna enno",
        col_total: "I alt",
        download_table_as: "Last ned tabellen som ",
        names_lead: " Namnelista: ",
        names_heading: "Namneliste",
        names_intro: "Kven som har fullført, for oppfølging av gjennomføringa. Ingen resultat blir \
                      viste her.",
        names_caption: |cycle| format!("Saksbehandlarar og status, syklus {cycle}"),
        col_name: "Namn",
        col_employee_id: "Tilsettnummer",
        col_status: "Status",
        statuses: [
            "fullført",
            "byrja på",
            "fristen er ute",
            "ikkje opna enno",
            "ikkje byrja",
        ],
        plan_title: "Oppfølgingsplan",
        plan_intro: |k| {
            format!(
                "For kvar avdeling: dei temaa der avdelinga gjer det svakast samanlikna med sitt \
                 eige nivå i dei andre temaa (dei to svakaste, og eit tredje når det er tydeleg \
                 svakt), med spørsmål til refleksjon frå oppgåvebanken. Tema med færre enn {k} \
                 personar er ikkje med."
            )
        },
        plan_too_few: "For få personar til å vise noko for denne avdelinga.",
        plan_none_below: "Ingen tema ligg under avdelinga sitt eige nivå.",
        plan_clearly_weak: " – tydeleg svakt",
        plan_shares: |words, share, expected| {
            format!(
                "{words}: {share} rette der {expected} var venta ut frå avdelinga sitt eige nivå."
            )
        },
        reflection: "Spørsmål til refleksjon:",
        plan_suppressed: |n, k| {
            format!(
                "{n} tema er skjulte for å verne enkeltpersonar (færre enn {k} personar, eller talet \
                 kunne reknast ut frå andre avdelingar)."
            )
        },
        kinds: ["Lovføresegn", "Sakstype", "Oppgåve"],
        drill_intro: |level, k| {
            format!(
                ", nivå {level}. Kva lovføresegner, sakstypar og oppgåver som trekkjer ned i \
                 temaet. «Observert − venta» er talet på rette svar minus det talet som var venta \
                 ut frå det samla nivået kvar person hadde i testen; negative tal tyder fleire feil \
                 enn venta. Dei svakaste står først. Oppgåver med færre enn k = {k} personar blir \
                 ikkje viste, heller ikkje når tala deira kunne reknast ut frå andre rader eller \
                 avdelingar, og ingen svar frå enkeltpersonar blir viste. Radene for lovføresegner \
                 og sakstypar summerer berre oppgåvene som blir viste."
            )
        },
        drill_waiting: |deadline| {
            format!(
                "Oppgåvene blir viste når fristen for syklusen er ute, frå dagen etter {deadline}. \
                 Då blir dei rekna ut éin gong for alle frå dei testane som var med i rapporten ved \
                 fristen, slik at ingen kan sjå kva den einskilde svara ved å samanlikne tala før \
                 og etter at nokon tok testen."
            )
        },
        drill_suppressed: |k| {
            format!(
                ": færre enn {k} personar i avdelinga har svara på oppgåver i temaet, eller tala \
                 kunne reknast ut frå andre avdelingar."
            )
        },
        drill_none: |k| {
            format!(
                "Ingen oppgåver i temaet kan visast for avdelinga utan at færre enn {k} personar \
                 kunne skiljast ut."
            )
        },
        drill_caption: |topic, department| {
            format!("{topic}, {department}: lovføresegner, sakstypar og oppgåver, svakast først")
        },
        col_kind: "Type",
        col_key: "Lovføresegn, sakstype eller oppgåve",
        col_items: "Oppgåver",
        col_answers: "Svar",
        col_share_correct: "Del rette",
        col_observed: "Observert − venta rette",
        drill_hidden: |n, k| {
            format!(
                "{n} oppgåver er skjulte (færre enn {k} personar, eller tala kunne reknast ut frå \
                 andre rader)."
            )
        },
        err_number: |key| format!("«{key}» må vere eit tal"),
        err_format: |other| {
            format!("ukjend format «{other}» (bruk csv, excel-csv, xlsx eller json)")
        },
        err_statistic: |other| format!("ukjend statistikk «{other}» (bruk relativ eller absolutt)"),
        err_page_format: "sida har fleire tabellar: bruk /hr/tema, /hr/gjennomforing eller \
                          /hr/oppfolging for eksport",
        err_no_department: "«avdeling» manglar",
    },
    leader: Leader {
        statuses: [
            "Fullført",
            "Byrja på",
            "Ikkje starta",
            "Over fristen",
            "Ikkje opna enno",
        ],
        label_cycle: "Syklus ",
        cycle_option: |cycle, deadline| format!("{cycle} (frist {deadline})"),
        show: "Vis",
        title: "Eininga di",
        heading: |unit| format!("Eininga di: {unit}"),
        back_to: |unit| format!("Tilbake til heile {unit}"),
        completion_heading: |cycle| format!("Gjennomføring – {cycle}"),
        counts: |completed, total, in_progress, due, overdue, deadline| {
            format!(
                "{completed} av {total} har fullført. {in_progress} har byrja, {due} har ikkje \
                 starta, {overdue} er over fristen ({deadline})."
            )
        },
        privacy: "Du ser kven som har fullført, ikkje svara eller resultata deira. ",
        report_link: "Temarapport for eininga",
        report_link_tail: " viser korleis eininga som gruppe står i kvart tema.",
        no_people: "Ingen saksbehandlarar er registrerte i eininga.",
        people_caption: |unit| format!("Saksbehandlarar i {unit}"),
        col_name: "Namn",
        col_department: "Avdeling",
        col_status: "Status",
        col_certificate: "Kursbevis",
        certificate_for: |name| format!("Kursbevis for {name}"),
        no_cycles: "Det finst ingen testsyklusar enno.",
        report_title: "Temarapport for eininga",
        report_heading: |unit, cycle| format!("Temarapport for {unit} – {cycle}"),
        report_intro: |k| {
            format!(
                "Rapporten viser eininga som gruppe, aldri enkeltpersonar. Eit tema blir berre vist \
                 når minst {k} personar i eininga har svara på det; elles er det skjult."
            )
        },
        not_published: |k| {
            format!(
                "Ingen resultat for eininga er publiserte i denne syklusen enno. Fullførte testar \
                 kjem med i rapporten i puljer, først når minst {k} nye personar har fullført, så \
                 ingen kan lese resultatet til ein enkeltperson ut av ei endring."
            )
        },
        topics_caption: |unit| format!("Tema for {unit}"),
        col_topic: "Tema",
        col_people: "Personar",
        col_relative: "Mot eininga sitt eige nivå",
        col_absolute: "Mot heile verksemda",
        hidden: |k| format!("Skjult (færre enn {k} personar)"),
        back_to_completion: "Tilbake til gjennomføringa",
        err_cycle: |cycle| format!("ugyldig syklus: {cycle}"),
    },
    certificate: Certificate {
        title: "Kursbevis",
        confirms: "Dette stadfestar at",
        name: "Namn",
        employee_id: "Tilsettnummer",
        unit: "Eining",
        cycle: "Syklus",
        completed: "Fullført",
        has_completed: "har fullført testen i forvaltningsrett. Beviset viser ikkje resultatet av \
                        testen.",
        print: "Skriv ut eller lagre som PDF med utskriftsfunksjonen i nettlesaren (Ctrl+P).",
    },
};
