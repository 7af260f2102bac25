//! Refusals in Danish.

use crate::text::refusal::*;

pub const REFUSALS: Refusals = Refusals {
    cycle_not_open: |cycle, opens| format!("runden «{cycle}» åbner {opens}"),
    deadline_passed: |cycle, deadline| {
        format!(
            "Fristen for «{cycle}» var {deadline}. Fristen for denne runde er overskredet, og \
             testen kan ikke påbegyndes efter fristen."
        )
    },
    grace_over: |cycle, deadline| {
        format!(
            "Fristen for «{cycle}» var {deadline}, og fristen for at gennemføre en påbegyndt test \
             er udløbet."
        )
    },
    no_such_option: |option| format!("svarmulighed {option} findes ikke"),
    test_not_finished: "testen er ikke færdig endnu",
    no_such_level: |level, max| format!("niveau {level} findes ikke (vælg 1–{max})"),
    // Authoring.
    bank_has_errors: |list| format!("opgavebanken har fejl og kan ikke ændres: {list}"),
    would_break_bank: |list| {
        format!("ændringen ville gøre opgavebanken ugyldig, så intet er ændret: {list}")
    },
    unknown_topic: |topic| format!("ukendt emne «{topic}»"),
    bad_item_id: |id| {
        format!("«{id}» kan ikke bruges som id: brug små bogstaver, tal og bindestreg")
    },
    no_open_change: "opgaven har ingen åben ændring",
    draft_changed: |by| format!("udkastet er ændret, siden du så det (af {by}): se det igen"),
    not_in_review: "udkastet er ikke til gennemsyn",
    empty_comment: "du har ikke skrevet nogen kommentar",
    own_change: "du kan ikke godkende en ændring, du selv har skrevet: en anden forfatter skal \
                 godkende den",
    not_submitted: "udkastet skal sendes til gennemsyn, før det kan godkendes",
    retire_reason_missing: "skriv, hvorfor opgaven skal udgå",
    already_retired: "opgaven er allerede udgået",
    problems: ProblemTexts {
        id_invalid: |id| format!("«{id}» kan ikke bruges som id: kun bogstaver, tal, - og _"),
        id_not_file_name: |id| format!("id'et «{id}» svarer ikke til filnavnet"),
        unknown_topic: |topic| format!("ukendt emne «{topic}»"),
        topic_folder: |topic| format!("emnet er «{topic}», men filen ligger ikke i items/{topic}/"),
        bad_status: |status| {
            format!("status «{status}» skal være draft, pretest, active eller retired")
        },
        bad_reviewed: "reviewed skal være en dato som 2026-11-23",
        reviewed_in_future: |date| format!("gennemsynsdatoen {date} ligger ude i fremtiden"),
        review_due: |date, days| {
            format!(
                "sidst gennemset {date}, for mere end {days} dage siden: gennemgå opgaven i \
                 forhold til gældende ret"
            )
        },
        empty_stem: "spørgsmålet er tomt",
        empty_explanation: "der mangler en forklaring",
        option_count: |n| format!("en opgave skal have 3 til 5 svarmuligheder, men har {n}"),
        empty_option: |letter| format!("svarmulighed {letter} er tom"),
        repeated_option: |letter| {
            format!("svarmulighed {letter} gentager en tidligere svarmulighed")
        },
        key_not_an_option: |key, last| {
            format!("det rigtige svar «{key}» er ikke blandt svarmulighederne (A til {last})")
        },
        key_longest: |key, next| {
            format!(
                "det rigtige svar er klart den længste svarmulighed ({key} tegn, den næstlængste \
                 {next}): testvante deltagere vælger den uden at kende reglen; gør en forkert \
                 svarmulighed længere, eller stram det rigtige svar op"
            )
        },
        no_references: "opgaven henviser ikke til nogen lov: tilføj mindst én hjemmel",
        reference_shape: |r| {
            format!("hjemlen «{r}» skal skrives «<lov> § <paragraf>[, stk. <nr.>]»")
        },
        reference_section: |r, section| {
            format!(
                "hjemlen «{r}» har paragraf «{section}»: skriv et tal, eventuelt med bogstav, fx \
                 11a"
            )
        },
        unknown_act: |act, known| format!("ukendt lov «{act}» (laws.toml indeholder: {known})"),
        repealed_act: |act, id| {
            format!("«{act}» ({id}) er ophævet: henvis til den lov, der gælder nu")
        },
        successor_act_not_in_force: |act| {
            format!(
                "«{act}» er endnu ikke trådt i kraft: en efterfølger skrevet til den forbliver \
                 udkast, indtil loven træder i kraft"
            )
        },
        in_force_under_future: |act| {
            format!("«{act}» er trådt i kraft: angiv den under hjemmel, ikke fremtidig hjemmel")
        },
        not_yet_in_force: |act| {
            format!("«{act}» er endnu ikke trådt i kraft: angiv den under fremtidig hjemmel")
        },
        danish_detail: |r, example| format!("«{r}»: skriv detaljen på dansk, fx «{example}»"),
        ledd_missing: |section, n, danish| {
            if danish {
                format!(
                    "{section} har {n} stk.: angiv det stk., reglen står i (fx «{section}, stk. 1»)"
                )
            } else {
                format!(
                    "{section} har {n} led (ledd): angiv det led, reglen står i (fx «{section} \
                     første ledd»)"
                )
            }
        },
        ledd_beyond: |r, cited, section, n, danish| {
            let unit = if danish { "stk." } else { "ledd" };
            format!(
                "«{r}» henviser til {unit} {cited}, men {section} har kun {n} {unit} (laws.toml)"
            )
        },
        future_change_empty: "future_change er tom: skriv, hvad der ændres med den nye lov, eller \
                              fjern linjen",
        future_change_without_references: "future_change kræver fremtidig hjemmel: paragrafferne \
                                           i den nye lov",
        parameter_out_of_range: |name, value, range| {
            format!("parameteren {name} = {value} ligger uden for {range}")
        },
        guessing_high: |c, n| {
            format!("c = {c} ligger et godt stykke over 1/{n} for en opgave med {n} svarmuligheder")
        },
        expert_takes_no_calibration: "parametre skønnet af en fagperson (expert) skal ikke have n \
                                      eller calibrated_on",
        calibrated_incomplete: "kalibrerede parametre kræver n og calibrated_on (en dato)",
        bad_source: |source| format!("kilden «{source}» skal være expert eller calibrated"),
        expert_parameters: "aktiv opgave med parametre skønnet af en fagperson: kalibrér, når der \
                            er svar nok",
        nynorsk_missing: "aktiv opgave uden nynorsk udgave: tilføj en [nn]-tabel (spørgsmål, \
                          svarmuligheder, forklaring)",
        nynorsk_not_norwegian: "en [nn]-tabel (nynorsk) i en bank, der ikke er norsk: fjern den",
        nn_empty_stem: "det nynorske spørgsmål ([nn]) er tomt",
        nn_empty_explanation: "den nynorske forklaring ([nn]) er tom",
        nn_option_count: |nn, item| {
            format!(
                "[nn] har {nn} svarmuligheder, opgaven {item}: de samme svarmuligheder i samme \
                 rækkefølge, så det samme svar er rigtigt"
            )
        },
        nn_empty_option: |letter| format!("den nynorske svarmulighed {letter} ([nn]) er tom"),
        nn_repeated_option: |letter| {
            format!("den nynorske svarmulighed {letter} ([nn]) gentager en tidligere svarmulighed")
        },
        nn_key_longest: |key, next| {
            format!(
                "[nn]: det rigtige svar er klart den længste svarmulighed ({key} tegn, den \
                 næstlængste {next})"
            )
        },
        own_successor: "en opgave kan ikke være sin egen efterfølger",
        unknown_successor: |of| format!("successor_of «{of}» er ikke en opgave i banken"),
        duplicate_id: |id, other| format!("id'et «{id}» bruges to gange (også i {other})"),
        own_enemy: "en opgave kan ikke være sin egen fjende",
        unknown_enemy: |enemy| format!("fjenden «{enemy}» er ikke en opgave i banken"),
        successor_missing: |id| {
            format!("svaret ændres med den nye lov, men intet udkast har successor_of = «{id}»")
        },
        topic_below_minimum: |topic, n, min| {
            format!("emnet «{topic}» har {n} aktive opgaver, under bankens minimum på {min}")
        },
        topic_below_max: |topic, n, max| {
            format!("emnet «{topic}» har {n} aktive opgaver, færre end de {max}, en test kan tage")
        },
        answered_keeps_topic: "der er svaret på denne opgave, så den beholder sit emne; lav en \
                               kopi for at skrive en opgave til et andet emne",
        // The bank's other files.
        not_utf8: "filen er ikke gyldig UTF-8: gem den som UTF-8",
        cannot_read_file: |detail| format!("filen kan ikke læses: {detail}"),
        cannot_read_folder: |detail| format!("mappen kan ikke læses: {detail}"),
        toml_syntax: |detail| format!("filen kan ikke læses som TOML ({detail})"),
        unknown_field: |field, allowed| match allowed {
            Some(allowed) => {
                format!("feltet «{field}» findes ikke her (tilladte felter: {allowed})")
            }
            None => format!("feltet «{field}» findes ikke her"),
        },
        missing_field: |field| format!("feltet «{field}» er ikke angivet"),
        act_listed_twice: |act| format!("loven «{act}» står der to gange"),
        laws_ledd_section: |act, section| {
            format!(
                "loven «{act}»: ledd nævner paragraf «{section}»; skriv et tal, eventuelt med et \
                 lille bogstav, fx 11a"
            )
        },
        laws_ledd_zero: |act, section| {
            format!("loven «{act}»: § {section} har 0 stk.; en paragraf har mindst ét stk.")
        },
        laws_url: |act, url| format!("loven «{act}»: adressen «{url}» skal begynde med https://"),
        replaces_unknown: |act, other| {
            format!("loven «{act}» afløser «{other}», som ikke er en anden lov i laws.toml")
        },
        blueprint_topic_twice: |topic| format!("emnet «{topic}» står der to gange"),
        blueprint_no_topics: "blueprint.toml har ingen emner ([[topic]])",
        blueprint_topic_range: |topic, min, max| {
            format!(
                "blueprint.toml er selvmodsigende: emne nr. {} har minimum {min}, over maksimum \
                 {max}",
                topic + 1
            )
        },
        blueprint_length: |min, max| {
            format!(
                "blueprint.toml er selvmodsigende: min_items ({min}) skal være mindst 1 og højst \
                 max_items ({max})"
            )
        },
        blueprint_minimums: |sum, max| {
            format!(
                "blueprint.toml er selvmodsigende: emnernes minimum er i alt {sum}, mere end \
                 max_items ({max})"
            )
        },
        se_target: |value| {
            format!("se_target skal være større end 0 og mindre end 2, men er {value}")
        },
        max_exposure: |value| {
            format!("max_exposure skal være større end 0 og højst 1, men er {value}")
        },
        pretest_target: "pretest_target skal være mindst 1",
        unknown_jurisdiction: |value| {
            format!("ukendt jurisdiktion «{value}» i [bank] (kendte: «NO», «DK»)")
        },
        language_not_jurisdiction: |language, danish, expected| {
            format!(
                "sproget «{language}» i [bank] passer ikke til jurisdiktionen: en {} bank skrives \
                 på «{expected}»",
                if danish { "dansk" } else { "norsk" }
            )
        },
        form_not_for_bank: |form, language| {
            format!(
                "skriftformen «{form}» i [bank] forms: en bank på «{language}» kan ikke have den"
            )
        },
        unknown_form: |form| {
            format!("ukendt skriftform «{form}» i [bank] forms (kendte: «nb», «nn», «da»)")
        },
        topic_file_missing: |topic, path| format!("emnet «{topic}» har ingen fil {path}"),
        no_reflection: "emnet har ingen refleksionsspørgsmål til opfølgningssamtaler",
        topic_not_in_blueprint: |topic| format!("emnet «{topic}» står ikke i blueprint.toml"),
        topic_nynorsk_missing: "emnet har ingen nynorsk udgave: tilføj en [nn]-tabel (navn, \
                                beskrivelse, refleksionsspørgsmål)",
        topic_nn_empty_name: "det nynorske navn ([nn]) er tomt",
        topic_nn_empty_description: "den nynorske beskrivelse ([nn]) er tom",
        topic_nn_reflection_count: |nn, topic| {
            format!(
                "[nn] har {nn} refleksionsspørgsmål, emnet {topic}: lige mange i begge skriftformer"
            )
        },
        topic_nn_reflection_empty: |n| {
            format!("det nynorske refleksionsspørgsmål nr. {n} ([nn]) er tomt")
        },
        csv_no_rows: "filen har ingen rækker",
        csv_missing_column: |column, need| {
            format!("kolonnen «{column}» mangler (filen skal have: {need})")
        },
        csv_unreadable: |detail| format!("CSV-filen kan ikke læses ({detail})"),
        exposure_k: |value| format!("k = «{value}» skal være et tal fra og med 0 til og med 1"),
        exposure_not_active: |id| format!("opgaven «{id}» er ikke aktiv; rækken bruges ikke"),
        exposure_unknown_item: |id| format!("ukendt opgave «{id}»"),
        exposure_missing: |n| {
            format!(
                "{n} aktive opgaver har ingen eksponeringsparameter (regnes som 1): kør forvalt \
                 exposure igen"
            )
        },
        change_section: |section| {
            format!(
                "paragraffen «{section}» skal være én paragraf: et tal, eventuelt med bogstav, fx \
                 11a"
            )
        },
        change_ledd_beyond: |ledd, section, most| {
            format!("stk. {ledd} i {section}: paragraffen har kun stk. 1 til {most}")
        },
        change_ledd_from_one: |ledd| format!("stk. {ledd}: stykket skal være et tal fra 1"),
        change_date: "changed_on skal være en dato som 2026-07-01",
        change_in_future: |date| {
            format!("changed_on {date} ligger ude i fremtiden; opgaverne markeres allerede nu")
        },
        change_twice: |section, date| format!("{section} ændret {date} står der to gange"),
        cites_changed_section: |reviewed, changes| {
            let list: Vec<String> = changes
                .iter()
                .map(|(section, on)| format!("{section} (ændret {on})"))
                .collect();
            format!(
                "henviser til en paragraf, der er ændret, senest gennemgået {reviewed}: {}; \
                 gennemgå opgaven igen (eller send den tilbage til udkast på siden Lovændringer)",
                list.join(", ")
            )
        },
    },
    own_admin_role: "du kan ikke fratage dig selv administratorrollen",
    deactivate_self: "du kan ikke deaktivere dig selv",
    password_links_off: "login med adgangskode er slået fra; der sendes ingen links til adgangskoder",
    person_deactivated: "personen er deaktiveret; genaktivér først",
    message_already_sent: "beskeden er sendt eller ved at blive sendt",
    rows: RowTexts {
        unreadable: |why| format!("rækken kunne ikke læses ({why})"),
        missing_column: |column| format!("kolonnen «{column}» mangler"),
        empty_employee_id: "medarbejdernummeret (employee_id) er tomt",
        employee_id_space: |id| format!("medarbejdernummeret «{id}» indeholder mellemrum"),
        duplicate_employee_id: |id, line| {
            format!("medarbejdernummeret «{id}» står også i linje {line}")
        },
        empty_name: "navnet er tomt",
        bad_email: |email| format!("«{email}» er ikke en e-mailadresse"),
        empty_department: "afdelingen er tom",
        department_empty_part: |path| {
            format!("afdelingen «{path}» har en tom del (skriv den som «BUF/Område Nord/Team 3»)")
        },
        bad_role: |role| format!("rollen «{role}» er ikke en af caseworker, hr, author og admin"),
        leads: |why| format!("leder af (leads): {why}"),
        bad_malform: |form| format!("målformen «{form}» er hverken nb eller nn"),
    },
    // Calibration
    calibration_running: "en kalibrering kører allerede; vent til den er færdig",
    no_calibration_proposal: "der er intet kalibreringsforslag",
    proposal_unreadable: |detail| format!("kalibreringsforslaget kan ikke læses ({detail})"),
    nothing_chosen: "ingen opgaver er valgt",
    not_in_proposal: |item| {
        format!("«{item}» er ikke med i det gældende kalibreringsforslag: indlæs siden igen")
    },
    not_acceptable: |item| {
        format!(
            "«{item}» har intet estimat, der kan godkendes, i forslaget (se bemærkningen ved rækken)"
        )
    },
    calibration_too_few_answers: |item, n, min| {
        format!("{item} har kun {n} svar; nye parametre kan godkendes fra {min} svar")
    },
};
