//! The author pages in the reader's language (issues 19 and 20): an author whose målform is
//! nynorsk reads the overview, an item's statistics, the item form and the review page in
//! nynorsk (a bokmål author beside them still reads bokmål), and an installation on the Danish
//! bank shows them in Danish, where authors write, review and publish a Danish item end to end
//! with Danish references ("§ 9, stk. 1"). Every text exists in every language.

use std::path::PathBuf;

use axum::Router;
use axum::http::StatusCode;
use forvalt::app::{App, Config};
use forvalt::bank;
use forvalt::store::{Role, Store, UserId, UserInput};
use forvalt::text::Form;
use forvalt::web::{self, AppState, Cookies};

use crate::support::{self, TempDir};
use crate::web::{Browser, PASSWORD, hidden, logged_in, seed};
use crate::web_author::{app, bank_copy, copy_bank};
use crate::web_hr::take_tests;

fn html_lang(body: &str) -> &str {
    let start = body
        .find("<html lang=\"")
        .expect("an html element with lang")
        + 12;
    let end = body[start..].find('"').unwrap();
    &body[start..start + end]
}

/// A second author, `bea`, so that changes can be approved.
fn add_author(state: &AppState, id: &str, name: &str) {
    state
        .app
        .store()
        .upsert_users(
            &[UserInput {
                employee_id: id.into(),
                name: name.into(),
                email: format!("{id}@example.no"),
                department: "BUF/Fag".into(),
                role: Role::Author,
                password_hash: Some(forvalt::app::hash_password(PASSWORD)),
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
}

fn choose_form(state: &AppState, employee_id: &str, form: Form) {
    let user = state
        .app
        .store()
        .user_by_login(employee_id)
        .unwrap()
        .unwrap();
    assert!(
        state
            .app
            .store()
            .set_chosen_malform(UserId(user.id), form)
            .unwrap()
    );
}

async fn get_ok(browser: &mut Browser, url: &str) -> String {
    let page = browser.get(url).await;
    assert_eq!(page.status, StatusCode::OK, "{url}: {}", page.body);
    page.body
}

fn assert_has(body: &str, texts: &[&str]) {
    for text in texts {
        assert!(body.contains(text), "«{text}» missing in:\n{body}");
    }
}

fn assert_lacks(body: &str, texts: &[&str]) {
    for text in texts {
        assert!(!body.contains(text), "«{text}» should not be in:\n{body}");
    }
}

#[test]
fn every_language_has_every_author_text() {
    let count = Form::Nb.texts().author.all().len();
    assert!(count > 240, "{count}");
    for form in Form::ALL {
        let all = form.texts().author.all();
        assert_eq!(all.len(), count);
        for (i, text) in all.iter().enumerate() {
            assert!(!text.trim().is_empty(), "{form}: text {i} is empty");
        }
    }
    // Words that give away an untranslated text.
    let nn = Form::Nn.texts().author.all().join("\n");
    for bokmal in [
        " ikke ", "oppgave ", "oppgaven", "ennå", "hvorfor", " fra ", " hva ", "lagret",
    ] {
        assert!(
            !nn.contains(bokmal),
            "bokmål «{bokmal}» in the nynorsk texts"
        );
    }
    let da = Form::Da.texts().author.all().join("\n");
    for norwegian in [
        "oppgav",
        "oppgåv",
        "ennå",
        "enno",
        "lagret",
        "utkastet er",
        "gjennomg",
        "hjemler",
    ] {
        assert!(
            !da.contains(norwegian),
            "Norwegian «{norwegian}» in the Danish texts"
        );
    }
    let (nb, nn, da) = (
        &Form::Nb.texts().author,
        &Form::Nn.texts().author,
        &Form::Da.texts().author,
    );
    for (b, n, d) in [
        (nb.bank_title, nn.bank_title, da.bank_title),
        (
            nb.attention_heading,
            nn.attention_heading,
            da.attention_heading,
        ),
        (nb.own_change, nn.own_change, da.own_change),
        (nb.hint_stem, nn.hint_stem, da.hint_stem),
        (nb.flag_expert, nn.flag_expert, da.flag_expert),
    ] {
        assert!(b != n && n != d && b != d, "{b} / {n} / {d}");
    }
    assert_eq!(da.status_retired, "udgået");
    assert_eq!(
        (da.state_in_review)("Aud"),
        "Til gennemsyn: venter på godkendelse fra en anden forfatter end Aud."
    );
}

#[tokio::test]
async fn an_author_with_nynorsk_reads_the_author_pages_in_nynorsk() {
    let dir = TempDir::new("author-texts-nn");
    let bank_dir = bank_copy(&dir);
    let (router, state) = app(&dir, &bank_dir);
    add_author(&state, "bea", "Bea Bokstav");
    choose_form(&state, "aud", Form::Nn);
    take_tests(&state, 1, "sb", "BUF/Område Nord", 6, None);

    let mut aud = logged_in(&router, "aud").await;
    let overview = get_ok(&mut aud, "/forfatter").await;
    assert_eq!(html_lang(&overview), "nn");
    assert_has(
        &overview,
        &[
            "<h1>Oppgåvebanken</h1>",
            "Dette treng merksemd",
            "Oppgåver per tema, status og vanskegrad",
            "Ingen aktive oppgåver er kalibrerte enno",
            "Oppgåvestatistikk",
            "Logg ut",
        ],
    );
    assert_lacks(&overview, &["Oppgavebanken", "Dette trenger oppmerksomhet"]);

    let item = get_ok(&mut aud, "/forfatter/oppgaver/hab-001").await;
    assert_eq!(html_lang(&item), "nn");
    assert_has(
        &item,
        &[
            "<h1>Oppgåve hab-001</h1>",
            "Slik ser saksbehandlaren oppgåva",
            "Statistikk frå svara",
            "Nøkkeltal (alle syklusar)",
            "Parametrane er anslåtte av ein fagperson",
            "Modelltilpassing",
            "Sist gjennomgått",
        ],
    );
    assert_lacks(
        &item,
        &["Statistikk fra svarene", "Nøkkeltall", "Andel riktige"],
    );

    // A bad query is refused in nynorsk too.
    let bad = aud.get("/forfatter?syklus=x").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(html_lang(&bad.body), "nn");
    assert!(
        bad.body.contains("«syklus» må vere eit tal"),
        "{}",
        bad.body
    );

    // The edit form, then a saved change and its review page.
    let form = get_ok(&mut aud, "/forfatter/oppgaver/hab-001/rediger").await;
    assert_eq!(html_lang(&form), "nn");
    assert_has(
        &form,
        &[
            "Rediger oppgåve hab-001",
            "Svaralternativ (tomme felt blir ikkje tekne med)",
            "Heimlar: lov, paragraf, ledd og nr./bokstav",
            "Førehandsvis og kontroller",
            "Lagre utkast",
            // The ledd of a Norwegian bank stay as the references are written.
            "første ledd",
        ],
    );
    let csrf = hidden(&form, "csrf");
    let mut fields = form_fields(&form);
    set(&mut fields, "csrf", &csrf);
    let explanation = format!("{} Endra i nettlesaren.", get(&fields, "forklaring"));
    set(&mut fields, "forklaring", &explanation);
    set(&mut fields, "merknad", "presisering");
    set(&mut fields, "handling", "lagre");
    let saved = post(&mut aud, "/forfatter/oppgaver/hab-001/rediger", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let work = get_ok(&mut aud, "/forfatter/oppgaver/hab-001/arbeid").await;
    assert_eq!(html_lang(&work), "nn");
    assert_has(
        &work,
        &[
            "Utkast (sist lagra av aud Forfattersen).",
            "Utkastet, slik saksbehandlaren vil sjå det",
            "Endringar mot publisert versjon",
            "<th scope=\"row\">forklaring</th>",
            "Send til gjennomgang",
            "Lagra utkast: presisering",
            "Set oppgåva som utgått",
        ],
    );
    let revision = hidden(&work, "versjon");
    let sent = aud
        .post(
            "/forfatter/oppgaver/hab-001/send",
            &[("csrf", &csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let review = get_ok(&mut aud, "/forfatter/oppgaver/hab-001/arbeid?ok=sendt").await;
    assert_has(
        &review,
        &[
            "Utkastet er sendt til gjennomgang.",
            "Til gjennomgang: ventar på godkjenning frå ein annan forfattar enn aud Forfattersen.",
            "Du har skrive denne endringa, så ein annan forfattar må godkjenne henne.",
            "Sendt til gjennomgang",
        ],
    );
    // A refusal from the form is a nynorsk page.
    let no_number = aud
        .post(
            "/forfatter/oppgaver/hab-001/godkjenn",
            &[("csrf", &csrf), ("versjon", "x")],
        )
        .await;
    assert_eq!(no_number.status, StatusCode::BAD_REQUEST);
    assert_eq!(html_lang(&no_number.body), "nn");
    assert!(
        no_number
            .body
            .contains("«versjon» manglar eller er ikkje eit tal"),
        "{}",
        no_number.body
    );

    // The bokmål author beside them reads the same pages in bokmål, and approves.
    let mut bea = logged_in(&router, "bea").await;
    let work_nb = get_ok(&mut bea, "/forfatter/oppgaver/hab-001/arbeid").await;
    assert_eq!(html_lang(&work_nb), "nb");
    assert_has(
        &work_nb,
        &[
            "Til gjennomgang: venter på godkjenning fra en annen forfatter enn aud Forfattersen.",
            "Godkjenn og publiser",
        ],
    );
    let bea_csrf = hidden(&work_nb, "csrf");
    let approved = bea
        .post(
            "/forfatter/oppgaver/hab-001/godkjenn",
            &[("csrf", &bea_csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let history = get_ok(&mut aud, "/forfatter/oppgaver/hab-001/arbeid").await;
    assert_has(
        &history,
        &["Publisert, status aktiv.", "Godkjend (versjon", "Historikk"],
    );
    let overview_nb = get_ok(&mut bea, "/forfatter").await;
    assert_eq!(html_lang(&overview_nb), "nb");
    assert_has(
        &overview_nb,
        &["<h1>Oppgavebanken</h1>", "Dette trenger oppmerksomhet"],
    );

    let law = get_ok(&mut aud, "/forfatter/lovendringer").await;
    assert_eq!(html_lang(&law), "nn");
    assert_has(
        &law,
        &[
            "<h1>Lovendringar</h1>",
            "Ingen endra lovføresegner er registrerte.",
        ],
    );
    let calibration = get_ok(&mut aud, "/forfatter/kalibrering").await;
    assert_eq!(html_lang(&calibration), "nn");
    assert_has(
        &calibration,
        &[
            "Det finst ikkje noko kalibreringsframlegg enno.",
            "Til oppgåvebanken",
        ],
    );
}

/// The Danish bank copied to `dir/bank`, and an app on it with authors `aud` and `bea`.
fn danish_app(dir: &TempDir) -> (PathBuf, Router, AppState) {
    let bank_dir = dir.path().join("bank");
    copy_bank(&support::repo().join("item-bank/da"), &bank_dir);
    let loaded = bank::load(&bank_dir, jiff::Zoned::now().date());
    let bank = loaded.bank.expect("the Danish bank loads");
    assert_eq!(bank.language, Form::Da);
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let state = AppState::new(App::new(store, bank, Config::default()), Cookies::PlainHttp);
    add_author(&state, "aud", "Aud Andersen");
    add_author(&state, "bea", "Bea Berg");
    // A målform on file means nothing in a Danish installation.
    choose_form(&state, "aud", Form::Nn);
    (bank_dir, web::app(state.clone()), state)
}

#[tokio::test]
async fn a_danish_installation_shows_the_author_pages_in_danish_and_authors_publish_there() {
    let dir = TempDir::new("author-texts-da");
    let (bank_dir, router, state) = danish_app(&dir);
    take_tests(&state, 1, "sb", "Kommune/Jobcenter", 4, None);

    let mut aud = logged_in(&router, "aud").await;
    let overview = get_ok(&mut aud, "/forfatter").await;
    assert_eq!(html_lang(&overview), "da");
    assert_has(
        &overview,
        &[
            "<h1>Opgavebanken</h1>",
            "Det her kræver opmærksomhed",
            "Skriv en ny opgave",
            "Opgaver pr. emne, status og sværhedsgrad",
            "alle testrunder",
            "Log ud",
        ],
    );
    assert_lacks(
        &overview,
        &["Oppgavebanken", "Oppgave", "Oppgåve", "ikke kalibrert ennå"],
    );

    let item = get_ok(&mut aud, "/forfatter/oppgaver/dk-pai-006").await;
    assert_eq!(html_lang(&item), "da");
    assert_has(
        &item,
        &[
            "<h1>Opgave dk-pai-006</h1>",
            "Sådan ser sagsbehandleren opgaven",
            "Statistik fra svarene",
            "Nøgletal (alle testrunder)",
            "Parametrene er skønnet af en fagperson",
            "forvaltningsloven § 12, stk. 1",
        ],
    );
    // One language in the bank: no comparison of written forms.
    assert_lacks(&item, &["Nynorsk og bokmål", "nynorsk", "Nøkkeltall"]);

    // The form of an existing item: Danish labels, the stk. of each reference selected.
    let form = get_ok(&mut aud, "/forfatter/oppgaver/dk-pai-006/rediger").await;
    assert_eq!(html_lang(&form), "da");
    assert_has(
        &form,
        &[
            "Redigér opgave dk-pai-006",
            "Svarmuligheder (tomme felter medtages ikke)",
            "Hjemmel: lov, paragraf, stk. og nr./litra",
            "<option value=\"1\" selected>stk. 1</option>",
            "Forhåndsvis og kontrollér",
            "Gem udkast",
        ],
    );
    assert_lacks(&form, &["første ledd", "Lagre utkast"]);
    let csrf = hidden(&form, "csrf");

    // A new Danish item, checked first, then saved, submitted and approved by another author.
    let mut fields: Vec<(String, String)> = [
        ("csrf", csrf.as_str()),
        ("tema", "partsaktindsigt"),
        (
            "sporsmal",
            "En borger beder om aktindsigt i sin egen sag. Hvem afgør, om der gives aktindsigt?",
        ),
        ("alternativ-0", "Borgeren selv"),
        ("alternativ-1", "Den myndighed, der behandler sagen"),
        ("alternativ-2", "Folketingets Ombudsmand"),
        ("alternativ-3", "Den nærmeste domstol"),
        ("fasit", "B"),
        (
            "forklaring",
            "Det er den myndighed, der behandler sagen, som afgør anmodningen (B).",
        ),
        ("hjemmel-0-lov", "forvaltningsloven"),
        ("hjemmel-0-paragraf", "9"),
        ("hjemmel-0-ledd", "1"),
        ("emneord", "aktindsigt"),
        ("merknad", "ny opgave"),
        ("handling", "vis"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let preview = post(&mut aud, "/forfatter/oppgaver/ny", &fields).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(html_lang(&preview.body), "da");
    assert_has(
        &preview.body,
        &["<h1>Ny opgave</h1>", "Sådan ser sagsbehandleren opgaven"],
    );
    assert!(state.app.store().item_histories().unwrap().is_empty());

    // An unknown act is refused at its field, on a Danish page, and nothing is stored.
    set(&mut fields, "hjemmel-0-lov", "ukendtloven");
    set(&mut fields, "handling", "lagre");
    let refused = post(&mut aud, "/forfatter/oppgaver/ny", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_has(
        &refused.body,
        &[
            "Ændringen er ikke gemt:",
            "id=\"melding-references\"",
            "Fejl: ",
        ],
    );
    assert!(state.app.store().item_histories().unwrap().is_empty());

    set(&mut fields, "hjemmel-0-lov", "forvaltningsloven");
    let saved = post(&mut aud, "/forfatter/oppgaver/ny", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let work_url = saved.location().to_string();
    let id = work_url
        .strip_prefix("/forfatter/oppgaver/")
        .and_then(|rest| rest.strip_suffix("/arbeid"))
        .expect("the item's workflow page")
        .to_string();
    assert!(id.starts_with("dk-pai-"), "{id}");
    let work = get_ok(&mut aud, &work_url).await;
    assert_eq!(html_lang(&work), "da");
    assert_has(
        &work,
        &[
            "Udkast (sidst gemt af Aud Andersen).",
            "Udkastet, som sagsbehandleren vil se det",
            "<th scope=\"row\">hjemmel</th>",
            "forvaltningsloven § 9, stk. 1",
            "Send til gennemsyn",
            "Gemte udkast: ny opgave",
        ],
    );
    let revision = hidden(&work, "versjon");
    let sent = aud
        .post(
            &format!("/forfatter/oppgaver/{id}/send"),
            &[("csrf", &csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mut bea = logged_in(&router, "bea").await;
    let review = get_ok(&mut bea, &work_url).await;
    assert_eq!(html_lang(&review), "da");
    assert_has(
        &review,
        &[
            "Til gennemsyn: venter på godkendelse fra en anden forfatter end Aud Andersen.",
            "Godkend og offentliggør",
            "Send tilbage med kommentar",
        ],
    );
    let bea_csrf = hidden(&review, "csrf");
    let approved = bea
        .post(
            &format!("/forfatter/oppgaver/{id}/godkjenn"),
            &[("csrf", &bea_csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let done = get_ok(&mut bea, &format!("{work_url}?ok=godkjent")).await;
    assert_has(
        &done,
        &[
            "Ændringen er godkendt og skrevet til opgavefilen.",
            "Offentliggjort, status aktiv.",
        ],
    );
    let file = bank_dir.join(format!("items/partsaktindsigt/{id}.toml"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"forvaltningsloven § 9, stk. 1\""), "{text}");
    let reloaded = bank::load(&bank_dir, jiff::Zoned::now().date())
        .bank
        .expect("the bank still loads");
    assert_eq!(
        reloaded.item(&id).unwrap().references,
        [bank::LawRef::parse("forvaltningsloven § 9, stk. 1").unwrap()]
    );
    assert!(
        state.app.bank().item(&id).is_some(),
        "live without a restart"
    );

    // Editing an existing item keeps its Danish references as they were.
    let form = get_ok(&mut aud, "/forfatter/oppgaver/dk-pai-006/rediger").await;
    let mut fields = form_fields(&form);
    set(&mut fields, "csrf", &csrf);
    set(&mut fields, "emneord", "beskæftigelse, interne dokumenter");
    set(&mut fields, "merknad", "emneord");
    set(&mut fields, "handling", "lagre");
    let saved = post(&mut aud, "/forfatter/oppgaver/dk-pai-006/rediger", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let work = get_ok(&mut aud, "/forfatter/oppgaver/dk-pai-006/arbeid").await;
    assert_has(
        &work,
        &["<th scope=\"row\">emneord</th>", "interne dokumenter"],
    );
    assert_lacks(&work, &["<th scope=\"row\">hjemmel</th>"]);

    // Refusals are Danish pages: approving one's own change, a bad cycle query.
    let revision = hidden(&work, "versjon");
    let sent = aud
        .post(
            "/forfatter/oppgaver/dk-pai-006/send",
            &[("csrf", &csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let own = aud
        .post(
            "/forfatter/oppgaver/dk-pai-006/godkjenn",
            &[("csrf", &csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "{}", own.body);
    assert_eq!(html_lang(&own.body), "da");
    assert!(own.body.contains("Fejl i forespørgslen"), "{}", own.body);
    let bad = aud.get("/forfatter?syklus=x").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("«syklus» skal være et tal"),
        "{}",
        bad.body
    );

    let law = get_ok(&mut aud, "/forfatter/lovendringer").await;
    assert_eq!(html_lang(&law), "da");
    assert_has(&law, &["<h1>Lovændringer</h1>", "Til opgavebanken"]);
    let calibration = get_ok(&mut aud, "/forfatter/kalibrering").await;
    assert_eq!(html_lang(&calibration), "da");
    assert_has(&calibration, &["Der er endnu intet kalibreringsforslag."]);
}

// ---------------------------------------------------------------------------------------------
// Authoring's refusals and the bank check's field messages in the author's language.

/// What an author must read in `form` (and must not read in the others).
struct Said {
    /// A bank check message at the explanation field (the explanation left empty).
    empty_explanation: &'static str,
    /// Four eyes: approving one's own change.
    own_change: &'static str,
    /// Approving a draft another author saved again since it was shown.
    draft_changed: &'static str,
}

fn said(form: Form) -> Said {
    match form {
        Form::Nb => Said {
            empty_explanation: "forklaringen er tom",
            own_change: "du kan ikke godkjenne en endring du selv har skrevet",
            draft_changed: "utkastet er endret siden du så det (av aud ",
        },
        Form::Nn => Said {
            empty_explanation: "forklaringa manglar",
            own_change: "du kan ikkje godkjenne ei endring du sjølv har skrive",
            draft_changed: "utkastet er endra sidan du såg det (av aud ",
        },
        Form::Da => Said {
            empty_explanation: "der mangler en forklaring",
            own_change: "du kan ikke godkende en ændring, du selv har skrevet",
            draft_changed: "udkastet er ændret, siden du så det (af Aud ",
        },
    }
}

/// `body` says `pick(form)` and no other language's sentence, nor `bank check`'s English.
fn says_only(form: Form, body: &str, pick: fn(&Said) -> &'static str, english: &str) {
    assert!(
        body.contains(pick(&said(form))),
        "{form}: «{}» missing in {body}",
        pick(&said(form))
    );
    for other in Form::ALL.into_iter().filter(|f| *f != form) {
        let theirs = pick(&said(other));
        assert!(
            !body.contains(theirs),
            "{form}: the {other} «{theirs}» in {body}"
        );
    }
    assert!(
        !body.contains(english),
        "{form}: English «{english}» in {body}"
    );
}

/// Save the edit form of `id` with the explanation extended by `addition`; returns the draft's
/// revision from the item's review page.
async fn save_change(browser: &mut Browser, id: &str, addition: &str) -> String {
    let form = get_ok(browser, &format!("/forfatter/oppgaver/{id}/rediger")).await;
    let mut fields = form_fields(&form);
    set(&mut fields, "csrf", &hidden(&form, "csrf"));
    let explanation = format!("{} {addition}", get(&fields, "forklaring"));
    set(&mut fields, "forklaring", &explanation);
    set(&mut fields, "handling", "lagre");
    let url = format!("/forfatter/oppgaver/{id}/rediger");
    let saved = post(browser, &url, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let work = get_ok(browser, &format!("/forfatter/oppgaver/{id}/arbeid")).await;
    hidden(&work, "versjon")
}

/// An author reading `form` meets a bank check message at a field, the four-eyes refusal and a
/// stale revision, each in `form` only. Nynorsk through the authors' chosen målform; Danish
/// through the Danish bank.
async fn authoring_refusals_are_in(form: Form) {
    let dir = TempDir::new(&format!("author-refusals-{form}"));
    let (router, state) = if form == Form::Da {
        let (_, router, state) = danish_app(&dir);
        (router, state)
    } else {
        let bank_dir = bank_copy(&dir);
        let (router, state) = app(&dir, &bank_dir);
        add_author(&state, "bea", "Bea Bokstav");
        for author in ["aud", "bea"] {
            choose_form(&state, author, form);
        }
        (router, state)
    };
    let id = state
        .app
        .bank()
        .items
        .iter()
        .find(|i| i.status == bank::Status::Active)
        .expect("an active item")
        .id
        .clone();
    let mut aud = logged_in(&router, "aud").await;

    // A bank check message at its field: the explanation left empty, previewed.
    let edit = get_ok(&mut aud, &format!("/forfatter/oppgaver/{id}/rediger")).await;
    let csrf = hidden(&edit, "csrf");
    let mut fields = form_fields(&edit);
    set(&mut fields, "csrf", &csrf);
    set(&mut fields, "forklaring", "");
    set(&mut fields, "handling", "vis");
    let url = format!("/forfatter/oppgaver/{id}/rediger");
    let preview = post(&mut aud, &url, &fields).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(html_lang(&preview.body), form.code());
    assert!(
        preview.body.contains("id=\"melding-explanation\""),
        "{}",
        preview.body
    );
    says_only(
        form,
        &preview.body,
        |s| s.empty_explanation,
        "explanation is empty",
    );

    // Four eyes: the author cannot approve their own change.
    let revision = save_change(&mut aud, id.as_str(), "Presisert.").await;
    let sent = aud
        .post(
            &format!("/forfatter/oppgaver/{id}/send"),
            &[("csrf", &csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let approve = format!("/forfatter/oppgaver/{id}/godkjenn");
    let own = aud
        .post(&approve, &[("csrf", &csrf), ("versjon", &revision)])
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "{}", own.body);
    assert_eq!(html_lang(&own.body), form.code());
    says_only(form, &own.body, |s| s.own_change, "you cannot approve");

    // A stale revision: bea looks at the draft, aud saves again, bea approves what she saw.
    let mut bea = logged_in(&router, "bea").await;
    let work = get_ok(&mut bea, &format!("/forfatter/oppgaver/{id}/arbeid")).await;
    let (bea_csrf, seen) = (hidden(&work, "csrf"), hidden(&work, "versjon"));
    assert_eq!(seen, revision);
    let newer = save_change(&mut aud, id.as_str(), "Og presisert igjen.").await;
    assert_ne!(newer, seen);
    let stale = bea
        .post(&approve, &[("csrf", &bea_csrf), ("versjon", &seen)])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(html_lang(&stale.body), form.code());
    says_only(form, &stale.body, |s| s.draft_changed, "was changed since");
    let history = state.app.store().item_history(id.as_str()).unwrap();
    assert!(
        !history
            .iter()
            .any(|r| matches!(r.event, forvalt::store::ItemEvent::Approved { .. })),
        "nothing was approved"
    );
}

#[tokio::test]
async fn authoring_refusals_in_bokmal() {
    authoring_refusals_are_in(Form::Nb).await;
}

#[tokio::test]
async fn authoring_refusals_in_nynorsk() {
    authoring_refusals_are_in(Form::Nn).await;
}

#[tokio::test]
async fn authoring_refusals_in_danish() {
    authoring_refusals_are_in(Form::Da).await;
}

// ---------------------------------------------------------------------------------------------
// The form's fields as a browser would send them back.

/// The named inputs, textareas, checked radios and selected options of the item form (the
/// page's first form that posts to an item).
fn form_fields(page: &str) -> Vec<(String, String)> {
    let start = page
        .find("<form method=\"post\" action=\"/forfatter/oppgaver/")
        .expect("the item form");
    let html = &page[start..start + page[start..].find("</form>").unwrap()];
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[at..].find('"')?;
        Some(unescape(&tag[at..at + end]))
    };
    let mut fields = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if tag.starts_with("<input") {
            if let Some(name) = attribute(tag, "name") {
                let kind = attribute(tag, "type").unwrap_or_default();
                let value = attribute(tag, "value").unwrap_or_default();
                if kind != "radio" && kind != "checkbox" || tag.contains(" checked") {
                    fields.push((name, value));
                }
            }
        } else if tag.starts_with("<textarea") {
            if let Some(name) = attribute(tag, "name") {
                let close = rest.find("</textarea>").unwrap();
                fields.push((name, unescape(&rest[end + 1..close])));
            }
        } else if tag.starts_with("<select")
            && let Some(name) = attribute(tag, "name")
        {
            let close = rest.find("</select>").unwrap();
            let options = &rest[end..close];
            let value = options
                .split("<option")
                .find(|o| o.contains(" selected"))
                .and_then(|o| attribute(o, "value"))
                .unwrap_or_default();
            fields.push((name, value));
        }
        rest = &rest[end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1..];
    }
    fields.retain(|(name, _)| name != "handling");
    fields
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn get<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(field) => field.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}

async fn post(browser: &mut Browser, url: &str, fields: &[(String, String)]) -> crate::web::Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(url, &pairs).await
}

// ---------------------------------------------------------------------------------------------
// axe-core on the author pages in nynorsk and in Danish (tests/browser/author.mjs, as
// `author_browser` runs it in bokmål). Needs Node, Chromium and tests/browser/node_modules.

/// Run author.mjs for `author` against `state` served on loopback; returns its output.
fn axe_author_pages(state: AppState, author: &str, item: &str) -> String {
    let chromium = support::chromium();
    assert!(
        std::path::Path::new("tests/browser/node_modules").exists(),
        "run `npm ci` in tests/browser (the web_browser test does it too)"
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(web::serve(listener, state));
    let output = std::process::Command::new("node")
        .args(["author.mjs", &url, author, PASSWORD, item])
        .current_dir("tests/browser")
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node is needed for the browser test");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("\"violations\":0"), "{stdout}");
    runtime.shutdown_background();
    stdout
}

#[test]
fn author_pages_in_nynorsk_and_danish_pass_axe() {
    // Nynorsk: the fixture bank with a law change and a proposal, as in `author_browser`.
    let dir = TempDir::new("author-texts-axe-nn");
    let bank_dir = bank_copy(&dir);
    crate::web_author::cite_section_17(&bank_dir);
    std::fs::write(
        bank_dir.join(bank::LAW_CHANGES_FILE),
        "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nchanged_on = 2026-11-10\nnote = \"Utgreiingsplikta\"\n",
    )
    .unwrap();
    std::fs::write(
        bank_dir.join(bank::proposal::PROPOSAL_FILE),
        "id,old_a,old_b,old_c,old_source,a,b,c,se_a,se_b,se_c,n,anchored,problem\n\
         kla-001,1,0,0.2,expert,1.1,-0.2,0,0.1,0.1,0,300,false,\n",
    )
    .unwrap();
    let (_, state) = app(&dir, &bank_dir);
    choose_form(&state, "aud", Form::Nn);
    take_tests(&state, 1, "sb", "BUF/Område Nord", 10, None);
    let item = most_answered(&state);
    println!("{}", axe_author_pages(state, "aud", &item));

    // Danish: an item reviewed before a registered change of the section it cites.
    let dir = TempDir::new("author-texts-axe-da");
    let bank_dir = dir.path().join("bank");
    copy_bank(&support::repo().join("item-bank/da"), &bank_dir);
    // Room for an item to leave the active pool.
    let blueprint = bank_dir.join("blueprint.toml");
    let text = std::fs::read_to_string(&blueprint).unwrap();
    assert!(text.contains("min_active_per_topic = 15"), "{text}");
    std::fs::write(
        &blueprint,
        text.replace("min_active_per_topic = 15", "min_active_per_topic = 3"),
    )
    .unwrap();
    let path = bank_dir.join("items/partsaktindsigt/dk-pai-006.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("reviewed = 2026-12-05"), "{text}");
    std::fs::write(
        &path,
        text.replace("reviewed = 2026-12-05", "reviewed = 2026-01-05"),
    )
    .unwrap();
    std::fs::write(
        bank_dir.join(bank::LAW_CHANGES_FILE),
        "[[change]]\nact = \"forvaltningsloven\"\nsection = \"12\"\nchanged_on = 2026-06-01\nnote = \"Interne dokumenter\"\n",
    )
    .unwrap();
    std::fs::write(
        bank_dir.join(bank::proposal::PROPOSAL_FILE),
        "id,old_a,old_b,old_c,old_source,a,b,c,se_a,se_b,se_c,n,anchored,problem\n\
         dk-pai-001,1,0,0.2,expert,1.1,-0.2,0,0.1,0.1,0,300,false,\n",
    )
    .unwrap();
    let bank = bank::load(&bank_dir, jiff::Zoned::now().date())
        .bank
        .expect("the Danish bank copy loads");
    assert!(
        bank::lawchange::flagged_items(&bank)
            .iter()
            .any(|f| f.item.id == "dk-pai-006")
    );
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let state = AppState::new(App::new(store, bank, Config::default()), Cookies::PlainHttp);
    add_author(&state, "aud", "Aud Andersen");
    take_tests(&state, 1, "sb", "Kommune/Jobcenter", 10, None);
    let item = most_answered(&state);
    println!("{}", axe_author_pages(state, "aud", &item));
}

/// The item most answered in the ten tests (all published: two batches of k = 5); an item
/// answered by fewer than k people shows no fit plot.
fn most_answered(state: &AppState) -> String {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for r in state.app.store().all_responses().unwrap() {
        *counts.entry(r.item_id).or_default() += 1;
    }
    let (id, n) = counts.into_iter().max_by_key(|(_, n)| *n).unwrap();
    assert!(n >= 5, "{id}: {n}");
    id
}

// ---------------------------------------------------------------------------------------------
// The bank check's messages about the bank's other files and law changes (not an item's fields).

/// What `bank check` says about a law change and the bank's files, in `form`: an item citing a
/// section with a registered change (a warning), a topic file the blueprint does not list, and a
/// registered change that is not one section.
fn file_messages(form: Form) -> [&'static str; 3] {
    match form {
        Form::Nb => [
            "viser til en paragraf som er endret, sist gjennomgått",
            "temaet «ekstra» står ikke i blueprint.toml",
            "paragrafen «første» må være én paragraf",
        ],
        Form::Nn => [
            "viser til ein paragraf som er endra, sist gjennomgått",
            "temaet «ekstra» står ikkje i blueprint.toml",
            "paragrafen «første» må vere éin paragraf",
        ],
        Form::Da => [
            "henviser til en paragraf, der er ændret, senest gennemgået",
            "emnet «ekstra» står ikke i blueprint.toml",
            "paragraffen «første» skal være én paragraf",
        ],
    }
}

/// `body` has message `ix` of `form` and neither the other languages' nor the English one.
fn says_file_message(form: Form, body: &str, ix: usize, english: &str) {
    let mine = file_messages(form)[ix];
    assert!(body.contains(mine), "{form}: «{mine}» missing in {body}");
    for other in Form::ALL.into_iter().filter(|f| *f != form) {
        let theirs = file_messages(other)[ix];
        assert!(
            !body.contains(theirs),
            "{form}: the {other} «{theirs}» in {body}"
        );
    }
    assert!(
        !body.contains(english),
        "{form}: English «{english}» in {body}"
    );
}

/// An author reading `form` meets the law-change warning at an item in the editor, and the
/// bank's file errors (a topic file, `law-changes.toml`) in the list on the overview and the
/// law-change page, each in `form` only.
async fn bank_file_messages_are_in(form: Form) {
    use jiff::ToSpan;
    let dir = TempDir::new(&format!("author-file-messages-{form}"));
    let (bank_dir, router, state) = if form == Form::Da {
        danish_app(&dir)
    } else {
        let bank_dir = bank_copy(&dir);
        let (router, state) = app(&dir, &bank_dir);
        choose_form(&state, "aud", form);
        (bank_dir, router, state)
    };
    let item = state
        .app
        .bank()
        .items
        .iter()
        .find(|i| i.status == bank::Status::Active && !i.references.is_empty())
        .expect("an active item citing a law")
        .clone();
    let cited = &item.references[0];
    // A change registered ahead of its day flags the item even when it is reviewed today.
    let changed_on = jiff::Zoned::now().date().checked_add(60.days()).unwrap();
    let change = format!(
        "[[change]]\nact = \"{}\"\nsection = \"{}\"\nchanged_on = {changed_on}\n",
        cited.act, cited.section
    );
    let changes = bank_dir.join(bank::LAW_CHANGES_FILE);
    std::fs::write(&changes, &change).unwrap();
    let mut aud = logged_in(&router, "aud").await;

    // The warning at the item, previewed unchanged in the editor.
    let url = format!("/forfatter/oppgaver/{}/rediger", item.id);
    let edit = get_ok(&mut aud, &url).await;
    let mut fields = form_fields(&edit);
    set(&mut fields, "csrf", &hidden(&edit, "csrf"));
    set(&mut fields, "handling", "vis");
    let preview = post(&mut aud, &url, &fields).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(html_lang(&preview.body), form.code());
    says_file_message(form, &preview.body, 0, "cites a changed section");

    // Errors in the bank's other files, in the list on the overview and the law-change page.
    std::fs::write(bank_dir.join("topics/ekstra.toml"), "id = \"ekstra\"\n").unwrap();
    std::fs::write(
        &changes,
        format!(
            "{change}[[change]]\nact = \"{}\"\nsection = \"første\"\nchanged_on = 2026-01-01\n",
            cited.act
        ),
    )
    .unwrap();
    for page in ["/forfatter", "/forfatter/lovendringer"] {
        let body = get_ok(&mut aud, page).await;
        assert_eq!(html_lang(&body), form.code(), "{page}");
        says_file_message(form, &body, 1, "is not in blueprint.toml");
        says_file_message(form, &body, 2, "must be one section");
    }
}

#[tokio::test]
async fn bank_file_messages_in_bokmal() {
    bank_file_messages_are_in(Form::Nb).await;
}

#[tokio::test]
async fn bank_file_messages_in_nynorsk() {
    bank_file_messages_are_in(Form::Nn).await;
}

#[tokio::test]
async fn bank_file_messages_in_danish() {
    bank_file_messages_are_in(Form::Da).await;
}

/// The home page of someone who is not a caseworker (here an author) names the role and links
/// the author pages and the privacy notice in the reader's language, not in bokmål only.
#[tokio::test]
async fn an_authors_home_page_is_in_their_language() {
    let expected = |form: Form| match form {
        Form::Nb => [
            "Du er logget inn som oppgaveforfatter.",
            ">Oppgavebanken<",
            "Personvern: hva vi lagrer og hvem som ser hva",
        ],
        Form::Nn => [
            "Du er logga inn som oppgåveforfattar.",
            ">Oppgåvebanken<",
            "Personvern: kva vi lagrar og kven som ser kva",
        ],
        Form::Da => [
            "Du er logget ind som opgaveforfatter.",
            ">Opgavebanken<",
            "Databeskyttelse: hvad vi gemmer, og hvem der ser hvad",
        ],
    };
    for form in Form::ALL {
        let dir = TempDir::new(&format!("author-home-{form}"));
        let router = if form == Form::Da {
            danish_app(&dir).1
        } else {
            let bank_dir = bank_copy(&dir);
            let (router, state) = app(&dir, &bank_dir);
            choose_form(&state, "aud", form);
            router
        };
        let mut aud = logged_in(&router, "aud").await;
        let home = get_ok(&mut aud, "/").await;
        assert_eq!(html_lang(&home), form.code());
        assert_has(&home, &expected(form));
        for other in Form::ALL.into_iter().filter(|f| *f != form) {
            assert_lacks(&home, &expected(other));
        }
    }
}

/// Accepting from a calibration proposal that cannot be read is refused in the reader's
/// language (the file's own problem quoted), not with an English 400.
#[tokio::test]
async fn an_unreadable_proposal_is_refused_in_the_readers_language() {
    let expected = |form: Form| match form {
        Form::Nb => "kalibreringsforslaget kan ikke leses (",
        Form::Nn => "kalibreringsforslaget kan ikkje lesast (",
        Form::Da => "kalibreringsforslaget kan ikke læses (",
    };
    for form in Form::ALL {
        let dir = TempDir::new(&format!("author-proposal-{form}"));
        let (bank_dir, router) = if form == Form::Da {
            let (bank_dir, router, _) = danish_app(&dir);
            (bank_dir, router)
        } else {
            let bank_dir = bank_copy(&dir);
            let (router, state) = app(&dir, &bank_dir);
            choose_form(&state, "aud", form);
            (bank_dir, router)
        };
        std::fs::write(
            bank_dir.join(bank::proposal::PROPOSAL_FILE),
            "id,old_a\nx,1\n",
        )
        .unwrap();
        let mut aud = logged_in(&router, "aud").await;
        let page = get_ok(&mut aud, "/forfatter/kalibrering").await;
        let csrf = hidden(&page, "csrf");
        let reply = aud
            .post(
                "/forfatter/kalibrering",
                &[("csrf", csrf.as_str()), ("godta-x", "1")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert_eq!(html_lang(&reply.body), form.code());
        assert!(
            reply.body.contains(expected(form)),
            "{form}: {}",
            reply.body
        );
        for other in Form::ALL.into_iter().filter(|f| *f != form) {
            assert!(
                !reply.body.contains(expected(other)),
                "{form}: {}",
                reply.body
            );
        }
        assert!(
            !reply.body.contains("cannot be read"),
            "{form}: English in {}",
            reply.body
        );
    }
}
