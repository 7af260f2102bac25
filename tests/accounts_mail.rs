//! Issue 14: the e-mail invitation of someone without a password carries a working
//! set-password link, delivered through a real SMTP server (aiosmtpd, `tests/mail/smtp_sink.py`).
//! The outbox never holds the token, and a message sent again carries the same link.

use std::time::Duration;

use axum::http::StatusCode;
use forvalt::app::roster::Actor;
use forvalt::app::{App, Config, FollowupConfig};
use forvalt::mail::{MailSettings, Mailer, SmtpSettings, Tls, Worker};
use forvalt::store::{Role, Store, UserId, UserInput};
use forvalt::web::{self, AppState, Cookies};
use jiff::ToSpan;

use crate::mail_outbox::{Sink, text};
use crate::support::TempDir;
use crate::web::{Browser, hidden};

const BASE: &str = "https://forvalt.etat.test";

fn app(dir: &TempDir) -> App {
    let store = Store::open(&dir.db()).unwrap();
    let user = |id: &str, role, password: Option<String>| UserInput {
        employee_id: id.into(),
        name: format!("{id} Testesen"),
        email: format!("{id}@etat.test"),
        department: "BUF/Nord".into(),
        role,
        password_hash: password,
    };
    store
        .upsert_users(
            &[
                user("kari", Role::Caseworker, None),
                user(
                    "ola",
                    Role::Caseworker,
                    Some(forvalt::app::hash_password("ola sitt gode passord")),
                ),
                user(
                    "adam",
                    Role::Admin,
                    Some(forvalt::app::hash_password("adam sitt gode passord")),
                ),
            ],
            jiff::Timestamp::now(),
        )
        .unwrap();
    let today = crate::support::today();
    store
        .add_cycle("Høst", today - 1.day(), today + 30.days())
        .unwrap();
    let config = Config {
        followup: FollowupConfig {
            base_url: BASE.into(),
            mail_enabled: true,
            ..FollowupConfig::default()
        },
        ..Config::default()
    };
    App::new(store, crate::web::fixture_bank(), config)
}

fn worker(app: &App, port: u16) -> Worker {
    let smtp = SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: Tls::None,
        credentials: None,
        from: "Forvalt <forvalt@etat.test>".into(),
        timeout: Duration::from_secs(20),
    };
    Worker::new(
        app.store_handle(),
        Mailer::new(&smtp).unwrap(),
        MailSettings {
            smtp: Some(smtp),
            ..MailSettings::default()
        },
        app.followup.wake(),
    )
}

/// The set-password path (`/passord/…`) in a delivered message to `to`, the last one.
fn link_to(sink: &Sink, to: &str) -> Option<String> {
    let messages = sink.messages();
    let message = messages.iter().rev().find(|m| m["rcpt_tos"][0] == to)?;
    let body = text(message["data"].as_str().unwrap());
    let start = body.find(&format!("{BASE}/passord/"))? + BASE.len();
    let path: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    Some(path)
}

fn has_hex_token(text: &str) -> bool {
    text.as_bytes()
        .windows(64)
        .any(|w| w.iter().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn an_invitation_carries_a_working_set_password_link_and_the_same_link_when_resent() {
    let dir = TempDir::new("accounts-mail");
    let sink = Sink::start(&dir.path().join("received"), 0);
    let app = app(&dir);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let queued = app.followup.schedule(jiff::Timestamp::now()).unwrap();
    assert_eq!(queued.len(), 2, "kari and ola: {queued:?}");
    for message in app.store().outbox().unwrap() {
        assert!(
            !has_hex_token(&message.body),
            "no token in the outbox: {}",
            message.body
        );
    }
    let pass = runtime.block_on(worker(&app, sink.port).pass()).unwrap();
    assert_eq!(pass.sent, 2, "{pass:?}");
    let link = link_to(&sink, "kari@etat.test").expect("kari has no password: a link");
    assert_eq!(link.len(), "/passord/".len() + 64, "{link}");
    let ola = sink
        .messages()
        .into_iter()
        .find(|m| m["rcpt_tos"][0] == "ola@etat.test")
        .unwrap();
    let ola_body = text(ola["data"].as_str().unwrap());
    assert!(
        ola_body.contains(&format!("{BASE}/logg-inn")),
        "ola has a password: {ola_body}"
    );
    assert!(!ola_body.contains("/passord/"), "{ola_body}");

    // Sent again (as after a crash between the server's 250 and the `sent` commit): same link.
    let kari_id = app.store().user_by_login("kari").unwrap().unwrap().id;
    let id = format!("invitation-c1-u{kari_id}");
    app.store()
        .mark_attempt_failed(&id, "resent by the test", Some(jiff::Timestamp::now()))
        .unwrap()
        .unwrap();
    runtime.block_on(worker(&app, sink.port).pass()).unwrap();
    assert_eq!(sink.messages().len(), 3);
    assert_eq!(
        link_to(&sink, "kari@etat.test").unwrap(),
        link,
        "the same link"
    );

    // The link works in the browser, once.
    let state = AppState::new(app.clone(), Cookies::PlainHttp);
    let router = web::app(state);
    let mut kari = Browser::new(&router);
    let form = runtime.block_on(kari.get(&link));
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = hidden(&form.body, "csrf");
    let password = "mitt eget lange passord";
    let done = runtime.block_on(kari.post(
        &link,
        &[
            ("csrf", &csrf),
            ("password", password),
            ("repeat", password),
        ],
    ));
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        runtime.block_on(kari.login("kari", password)).status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        runtime.block_on(Browser::new(&router).get(&link)).status,
        StatusCode::GONE
    );

    // A resend now that kari has a password still carries the (used) link's address? No: the
    // login page, since the link is used up.
    app.store()
        .mark_attempt_failed(&id, "resent again", Some(jiff::Timestamp::now()))
        .unwrap()
        .unwrap();
    runtime.block_on(worker(&app, sink.port).pass()).unwrap();
    let last = sink.messages().pop().unwrap();
    let body = text(last["data"].as_str().unwrap());
    assert!(body.contains(&format!("{BASE}/logg-inn")), "{body}");
}

/// A person who reads nynorsk gets the invitation in nynorsk through the real SMTP server, with
/// the same working link; the others keep bokmål.
#[test]
fn an_invitation_is_delivered_in_the_persons_malform() {
    let dir = TempDir::new("accounts-mail-nn");
    let sink = Sink::start(&dir.path().join("received"), 0);
    let app = app(&dir);
    let kari = app.store().user_by_login("kari").unwrap().unwrap();
    assert!(
        app.store()
            .set_chosen_malform(UserId(kari.id), forvalt::text::Form::Nn)
            .unwrap()
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    app.followup.schedule(jiff::Timestamp::now()).unwrap();
    let pass = runtime.block_on(worker(&app, sink.port).pass()).unwrap();
    assert_eq!(pass.sent, 2, "{pass:?}");
    let body_to = |to: &str| {
        let message = sink
            .messages()
            .into_iter()
            .find(|m| m["rcpt_tos"][0] == to)
            .unwrap();
        text(message["data"].as_str().unwrap())
    };
    let nynorsk = body_to("kari@etat.test");
    assert!(
        nynorsk.contains("er open frå") && nynorsk.contains("Korleis svara dine blir brukte"),
        "{nynorsk}"
    );
    assert!(!nynorsk.contains("er åpen fra"), "{nynorsk}");
    assert!(link_to(&sink, "kari@etat.test").is_some(), "{nynorsk}");
    let bokmal = body_to("ola@etat.test");
    assert!(bokmal.contains("er åpen fra"), "{bokmal}");
    assert!(!bokmal.contains("frå"), "{bokmal}");
}

#[test]
fn an_administrator_sends_a_set_password_link_by_e_mail() {
    let dir = TempDir::new("accounts-mail-admin");
    let sink = Sink::start(&dir.path().join("received"), 0);
    let app = app(&dir);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = app.store();
    let adam = Actor::User(store.user_by_login("adam").unwrap().unwrap());
    let ola_id = store.user_by_login("ola").unwrap().unwrap().id;
    let delivery = app
        .accounts
        .send_password_link(&adam, UserId(ola_id), jiff::Timestamp::now())
        .unwrap();
    let forvalt::app::roster::LinkDelivery::Queued { message_id, to } = delivery else {
        panic!("mail is configured: {delivery:?}")
    };
    assert_eq!(to, "ola@etat.test");
    let queued = store.outbox_message(&message_id).unwrap().unwrap();
    assert!(!has_hex_token(&queued.body), "{}", queued.body);
    runtime.block_on(worker(&app, sink.port).pass()).unwrap();
    let link = link_to(&sink, "ola@etat.test").expect("a password message always has its link");
    let router = web::app(AppState::new(app.clone(), Cookies::PlainHttp));
    let mut ola = Browser::new(&router);
    let form = runtime.block_on(ola.get(&link));
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        store
            .audit_log(5)
            .unwrap()
            .iter()
            .any(|e| e.format == "passordlenke lagt i utboksen: ola")
    );
}
