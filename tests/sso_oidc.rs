//! Single sign-on against a real OpenID Provider: panva's `oidc-provider` (OpenID-certified),
//! started by these tests on loopback from tests/oidc/provider.mjs, with forvalt served
//! in-process. The provider runs at `http://localhost:PORT` and forvalt at `http://127.0.0.1:PORT`,
//! so the way back from the provider is a cross-site navigation, as in production.
//!
//! - In headless Chromium (tests/browser/sso.mjs): the login page with the button passes axe;
//!   someone not in the roster gets the no-access page; kari signs in on the provider's page and
//!   lands on the home page; logging out ends both sessions.
//! - Over HTTP (a client that stops at forvalt's callback): sign-in with the employee id from
//!   the userinfo endpoint and the role from the provider's groups; a replayed `state`, a state
//!   from another browser, a cancelled login, someone not in the roster and someone deactivated
//!   are refused; a token signed by another key under the same key id (a second provider on the
//!   same address with other keys) is refused, and a rotated key (a new key id) is fetched and
//!   accepted; an ID token checked later than its expiry is refused.
//! - A provider that is down gives a clear page with the password form, and sign-in works once
//!   it is up, without a restart.
//! - ID tokens a correct provider never issues (for another client, with another nonce, from
//!   another issuer, unsigned, expired) are signed with the provider's own key by `jose`
//!   (tests/oidc/mint.mjs) and given to forvalt's ID-token check directly.
//!
//! Needs Node (and Chromium for the browser test); runs `npm ci` in tests/oidc when its
//! node_modules is missing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use forvalt::app::sso::{Callback, Rejection, SsoConfig, SsoError};
use forvalt::app::{App, Config};
use forvalt::store::{Role, Store};
use forvalt::web::{self, AppState, Cookies};
use openidconnect::reqwest;

use crate::support::{TempDir, repo};
use crate::web::{fixture_bank, seed};

const CLIENT_ID: &str = "forvalt-test";
const CLIENT_SECRET: &str = "a-client-secret-for-the-tests";
const PROVIDER_NAME: &str = "Testleverandør";

/// The provider's npm packages, installed once.
fn oidc_dir() -> PathBuf {
    crate::support::npm_packages("tests/oidc")
}

/// A free loopback port (bound, then released for the provider to take).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A signing key with key id `kid`, in `dir`.
fn keys(dir: &Path, kid: &str, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}.json"));
    let status = Command::new("node")
        .arg("keys.mjs")
        .arg(&out)
        .arg(kid)
        .current_dir(oidc_dir())
        .stdout(Stdio::null())
        .status()
        .expect("node runs keys.mjs");
    assert!(status.success());
    out
}

/// A running test provider, stopped when dropped.
struct Provider {
    child: Child,
}

impl Provider {
    fn start(port: u16, keys: &Path, forvalt: &str, extra: &[&str]) -> Provider {
        let issuer = format!("http://127.0.0.1:{port}");
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .args(["--port", &port.to_string(), "--issuer", &issuer])
            .arg("--keys")
            .arg(keys)
            .args(["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET])
            .args(["--redirect-uri", &format!("{forvalt}/logg-inn/sso/retur")])
            .args(["--post-logout-uri", &format!("{forvalt}/logg-inn")])
            .args(extra)
            .current_dir(oidc_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs provider.mjs");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        // The provider logs on (oidc-provider writes notices with console.log): keep reading,
        // or its next write fails with EPIPE and the provider dies mid-login.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        assert!(
            line.starts_with("ready "),
            "the provider did not start: {line:?}"
        );
        Provider { child }
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// forvalt on a loopback port with single sign-on at `issuer`, over the test fixture's roster
/// (kari and ola caseworkers, hanne HR; ola deactivated).
struct Forvalt {
    url: String,
    state: AppState,
    runtime: tokio::runtime::Runtime,
    _dir: TempDir,
}

fn forvalt(issuer: &str, tune: impl FnOnce(&mut SsoConfig, &mut Config)) -> Forvalt {
    let dir = TempDir::new("sso");
    seed(&Store::open(&dir.db()).unwrap());
    deactivate(&dir.db(), "ola");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let mut sso = SsoConfig {
        issuer: issuer.to_string(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(CLIENT_SECRET.into()),
        scopes: vec!["profile".into(), "employee".into()],
        employee_claim: "employeeId".into(),
        display_name: PROVIDER_NAME.into(),
        roles_claim: None,
        role_map: Vec::new(),
        base_url: String::new(),
    };
    let mut config = Config::default();
    config.followup.base_url = url.clone();
    tune(&mut sso, &mut config);
    config.sso = Some(sso);
    let store = Store::open(&dir.db()).unwrap();
    let state = AppState::new(App::new(store, fixture_bank(), config), Cookies::PlainHttp);
    runtime.spawn(web::serve(listener, state.clone()));
    Forvalt {
        url,
        state,
        runtime,
        _dir: dir,
    }
}

/// Mark `employee_id` deactivated in the stored record, as the roster sync does for leavers.
fn deactivate(db: &Path, employee_id: &str) {
    use redb::{ReadableDatabase, ReadableTable, TableDefinition};
    const USERS: TableDefinition<u64, &[u8]> = TableDefinition::new("users");
    let database = redb::Database::open(db).unwrap();
    let found = {
        let read = database.begin_read().unwrap();
        let table = read.open_table(USERS).unwrap();
        let mut found = None;
        for entry in table.iter().unwrap() {
            let (id, value) = entry.unwrap();
            let mut record: serde_json::Value = serde_json::from_slice(value.value()).unwrap();
            if record["employee_id"] == employee_id {
                record["deactivated_at"] = serde_json::json!(jiff::Timestamp::now().to_string());
                found = Some((id.value(), serde_json::to_vec(&record).unwrap()));
            }
        }
        found.expect("the user exists")
    };
    let write = database.begin_write().unwrap();
    write
        .open_table(USERS)
        .unwrap()
        .insert(found.0, found.1.as_slice())
        .unwrap();
    write.commit().unwrap();
}

/// A browser's cookies (names are distinct across forvalt and the provider, and cookies do not
/// depend on the port).
#[derive(Default, Clone)]
struct Jar(Vec<(String, String)>);

impl Jar {
    fn take(&mut self, response: &reqwest::Response) {
        for header in response.headers().get_all("set-cookie") {
            let text = header.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.0.retain(|(n, _)| n != name);
            let expired = text.to_lowercase().contains("max-age=0") || value.is_empty();
            if !expired {
                self.0.push((name.to_string(), value.to_string()));
            }
        }
    }

    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// A client that does not follow redirects (the tests follow them, cookie by cookie).
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn get(jar: &mut Jar, url: &str) -> reqwest::Response {
    let response = client()
        .get(url)
        .header("cookie", jar.header())
        .send()
        .await
        .unwrap();
    jar.take(&response);
    response
}

fn location(response: &reqwest::Response, base: &str) -> String {
    let location = response
        .headers()
        .get("location")
        .unwrap_or_else(|| {
            panic!(
                "no redirect from {} ({})",
                response.url(),
                response.status()
            )
        })
        .to_str()
        .unwrap();
    if location.starts_with('/') {
        let url = response.url();
        format!("{}://{}{location}", url.scheme(), url.authority())
    } else if location.starts_with("http") {
        location.to_string()
    } else {
        format!("{base}{location}")
    }
}

/// How the person answers the provider's login page.
#[derive(Clone, Copy)]
enum AtProvider<'a> {
    LogIn(&'a str),
    Cancel,
}

/// Start single sign-on at forvalt with `jar` and go through the provider's pages as `answer`
/// says; returns the URL the provider sends the browser back to (forvalt's callback), not yet
/// followed.
async fn through_provider(forvalt: &str, jar: &mut Jar, answer: AtProvider<'_>) -> String {
    let start = get(jar, &format!("{forvalt}/logg-inn/sso")).await;
    assert_eq!(start.status(), 303, "{}", start.text().await.unwrap());
    assert!(
        jar.get("forvalt_sso").is_some(),
        "the browser key cookie is set"
    );
    let mut next = location(&start, forvalt);
    for _ in 0..10 {
        if next.starts_with(forvalt) {
            return next;
        }
        let response = get(jar, &next).await;
        if response.status().is_redirection() {
            next = location(&response, forvalt);
            continue;
        }
        // The provider's login page: a form posting to /interaction/{uid}.
        let url = response.url().clone();
        let page = response.text().await.unwrap();
        assert!(
            page.contains("name=\"login\""),
            "not a login page at {url}: {page}"
        );
        let uid = url.path().trim_start_matches("/interaction/").to_string();
        let origin = format!("{}://{}", url.scheme(), url.authority());
        let response = match answer {
            AtProvider::LogIn(account) => client()
                .post(format!("{origin}/interaction/{uid}"))
                .header("cookie", jar.header())
                .form(&[("prompt", "login"), ("login", account), ("password", "any")])
                .send()
                .await
                .unwrap(),
            AtProvider::Cancel => client()
                .get(format!("{origin}/interaction/{uid}/abort"))
                .header("cookie", jar.header())
                .send()
                .await
                .unwrap(),
        };
        jar.take(&response);
        next = location(&response, &origin);
    }
    panic!("the provider never sent the browser back to forvalt (last: {next})");
}

/// What forvalt's callback answered: status, page text, whether a session cookie was set.
struct Answer {
    status: u16,
    page: String,
    session: bool,
    refresh: Option<String>,
}

async fn callback(jar: &mut Jar, url: &str) -> Answer {
    let response = get(jar, url).await;
    let session = response.headers().get_all("set-cookie").iter().any(|c| {
        c.to_str().unwrap().starts_with("forvalt_session=")
            && !c.to_str().unwrap().contains("Max-Age=0")
    });
    let refresh = response
        .headers()
        .get("refresh")
        .map(|v| v.to_str().unwrap().to_string());
    Answer {
        status: response.status().as_u16(),
        session,
        refresh,
        page: response.text().await.unwrap(),
    }
}

/// The callback URL's query as forvalt's callback reads it.
fn answer_of(url: &str) -> Callback {
    let url = reqwest::Url::parse(url).unwrap();
    let value = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.to_string())
    };
    Callback {
        code: value("code"),
        state: value("state"),
        error: value("error"),
        error_description: value("error_description"),
    }
}

#[test]
fn browser_signs_in_through_the_provider_and_out_again() {
    let chromium = crate::support::chromium();
    let dir = TempDir::new("sso-keys");
    let port = free_port();
    // forvalt first (its address is the provider's redirect URI), then the provider.
    let forvalt = forvalt(&format!("http://127.0.0.1:{port}"), |sso, _| {
        sso.employee_claim = "preferred_username".into();
        sso.scopes = vec!["profile".into(), "email".into()];
    });
    let _provider = Provider::start(
        port,
        &keys(dir.path(), "k1", "k1"),
        &forvalt.url,
        &["--claims-in-id-token"],
    );
    let output = Command::new("node")
        .args(["sso.mjs", &forvalt.url, PROVIDER_NAME])
        .current_dir(repo().join("tests/browser"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs sso.mjs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser script sso.mjs failed:\n{stdout}\n{stderr}"
    );
    println!("sso.mjs: {stdout}");
    assert!(stdout.contains("\"violations\":0"), "{stdout}");
    // The refusal and the sign-in are in the audit log.
    let audit = forvalt.state.app.store().audit_log_all().unwrap();
    let formats: Vec<_> = audit
        .iter()
        .map(|a| (a.employee_id.as_str(), a.format.as_str()))
        .collect();
    assert!(formats.contains(&("kari", "oidc")), "{formats:?}");
    assert!(
        formats.contains(&("ukjent", "oidc; refused: not in the roster")),
        "{formats:?}"
    );
    forvalt.runtime.shutdown_background();
}

#[test]
fn sign_in_over_http_and_every_refusal_at_the_callback() {
    let dir = TempDir::new("sso-keys");
    let port = free_port();
    let forvalt = forvalt(&format!("http://127.0.0.1:{port}"), |sso, _| {
        sso.scopes = vec!["profile".into(), "employee".into(), "groups".into()];
        sso.roles_claim = Some("groups".into());
        sso.role_map = vec![("forvalt-hr".into(), Role::Hr)];
    });
    let url = forvalt.url.clone();
    let key1 = keys(dir.path(), "k1", "k1");
    let mut provider = Provider::start(port, &key1, &url, &["--group", "kari=forvalt-hr"]);
    let rt = &forvalt.runtime;

    // kari signs in: the employee id (employeeId = "KARI") and the groups come from the
    // userinfo endpoint (the provider keeps scope claims out of the ID token, as the
    // specification has it for the code flow); the group makes her HR.
    let mut jar = Jar::default();
    let back = rt.block_on(through_provider(&url, &mut jar, AtProvider::LogIn("kari")));
    let signed_in = rt.block_on(callback(&mut jar, &back));
    assert_eq!(signed_in.status, 200, "{}", signed_in.page);
    assert!(signed_in.session, "a session cookie is set");
    assert_eq!(signed_in.refresh.as_deref(), Some("0;url=/"));
    let home = rt.block_on(async {
        get(&mut jar, &format!("{url}/"))
            .await
            .text()
            .await
            .unwrap()
    });
    assert!(home.contains("Hei, kari Testesen"), "{home}");
    let kari = forvalt
        .state
        .app
        .store()
        .user_by_login("kari")
        .unwrap()
        .unwrap();
    assert_eq!(kari.role, Role::Hr, "the provider's group decides the role");
    let audit = forvalt.state.app.store().audit_log_all().unwrap();
    assert_eq!(audit.last().unwrap().format, "oidc; role caseworker -> hr");

    // The same answer again (a replayed state) is refused, session or not.
    let replay = rt.block_on(callback(&mut jar, &back));
    assert_eq!(replay.status, 400, "{}", replay.page);
    assert!(!replay.session);
    assert!(
        replay.page.contains("utløpt eller allerede brukt"),
        "{}",
        replay.page
    );
    assert!(replay.page.contains("Feilkode: state"), "{}", replay.page);

    // An answer delivered to another browser (login CSRF) is refused, and stays usable by
    // the browser that started it... once.
    let mut jar = Jar::default();
    let back = rt.block_on(through_provider(&url, &mut jar, AtProvider::LogIn("kari")));
    let mut other = Jar::default();
    let elsewhere = rt.block_on(callback(&mut other, &back));
    assert_eq!((elsewhere.status, elsewhere.session), (400, false));
    let own = rt.block_on(callback(&mut jar, &back));
    assert_eq!((own.status, own.session), (200, true), "{}", own.page);

    // Cancelled at the provider.
    let mut jar = Jar::default();
    let back = rt.block_on(through_provider(&url, &mut jar, AtProvider::Cancel));
    let cancelled = rt.block_on(callback(&mut jar, &back));
    assert_eq!((cancelled.status, cancelled.session), (401, false));
    assert!(cancelled.page.contains("ble avbrutt"), "{}", cancelled.page);

    // Known to the provider, not in the roster; and deactivated.
    for (account, says) in [
        ("nobody", "står ikke i personlisten"),
        ("ola", "er deaktivert"),
    ] {
        let mut jar = Jar::default();
        let back = rt.block_on(through_provider(&url, &mut jar, AtProvider::LogIn(account)));
        let refused = rt.block_on(callback(&mut jar, &back));
        assert_eq!((refused.status, refused.session), (403, false), "{account}");
        assert!(refused.page.contains(says), "{account}: {}", refused.page);
        assert!(
            refused.page.contains("/session/end"),
            "a way to log out at the provider"
        );
    }
    let audit = forvalt.state.app.store().audit_log_all().unwrap();
    let refusals: Vec<_> = audit
        .iter()
        .filter(|a| a.format.contains("refused"))
        .map(|a| (a.employee_id.as_str(), a.format.as_str()))
        .collect();
    assert_eq!(
        refusals,
        vec![
            ("NOBODY", "oidc; refused: not in the roster"),
            ("ola", "oidc; refused: deactivated")
        ]
    );

    // An ID token checked after its expiry (forvalt's clock two hours on) is refused.
    let mut jar = Jar::default();
    let back = rt.block_on(through_provider(&url, &mut jar, AtProvider::LogIn("kari")));
    let sso = forvalt.state.app.sso.clone().unwrap();
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(2);
    let browser = jar.get("forvalt_sso").unwrap();
    let expired = rt.block_on(sso.finish(&browser, &answer_of(&back), later));
    assert!(
        matches!(
            expired,
            Err(SsoError::Rejected {
                reason: Rejection::Expired,
                ..
            })
        ),
        "{expired:?}"
    );

    // A second provider on the same address and issuer signs with another key under the same
    // key id: the signature does not verify against the keys forvalt has, and is refused.
    drop(provider);
    let forged = keys(dir.path(), "k1", "forged");
    provider = Provider::start(port, &forged, &url, &[]);
    let mut jar = Jar::default();
    let back = rt.block_on(through_provider(&url, &mut jar, AtProvider::LogIn("kari")));
    let refused = rt.block_on(callback(&mut jar, &back));
    assert_eq!(
        (refused.status, refused.session),
        (401, false),
        "{}",
        refused.page
    );
    assert!(
        refused.page.contains("Feilkode: id_token_signature"),
        "{}",
        refused.page
    );

    // The provider rotates to a new key (a new key id): forvalt fetches the key set again.
    drop(provider);
    let rotated = keys(dir.path(), "k2", "k2");
    let _provider = Provider::start(port, &rotated, &url, &[]);
    let mut jar = Jar::default();
    let back = rt.block_on(through_provider(&url, &mut jar, AtProvider::LogIn("hanne")));
    let signed_in = rt.block_on(callback(&mut jar, &back));
    assert_eq!(
        (signed_in.status, signed_in.session),
        (200, true),
        "{}",
        signed_in.page
    );
    // hanne has no group the map knows: the provider decides, so she is a caseworker now.
    let hanne = forvalt
        .state
        .app
        .store()
        .user_by_login("hanne")
        .unwrap()
        .unwrap();
    assert_eq!(hanne.role, Role::Caseworker);
    forvalt.runtime.shutdown_background();
}

#[test]
fn a_provider_that_is_down_gives_a_clear_page_and_sign_in_works_once_it_is_up() {
    let dir = TempDir::new("sso-keys");
    let port = free_port();
    let forvalt = forvalt(&format!("http://127.0.0.1:{port}"), |_, _| {});
    let url = forvalt.url.clone();
    let rt = &forvalt.runtime;
    let mut jar = Jar::default();

    let login = rt.block_on(async { get(&mut jar, &format!("{url}/logg-inn")).await });
    assert_eq!(login.status(), 200);
    let page = rt.block_on(login.text()).unwrap();
    assert!(
        page.contains("Innlogging med Testleverandør er ikke tilgjengelig akkurat nå"),
        "{page}"
    );
    assert!(
        page.contains("id=\"password\""),
        "the password form is still there"
    );

    let start = rt.block_on(async { get(&mut jar, &format!("{url}/logg-inn/sso")).await });
    assert_eq!(start.status(), 503);
    let page = rt.block_on(start.text()).unwrap();
    assert!(page.contains("ikke tilgjengelig"), "{page}");
    assert!(page.contains("Feilkode: provider_unavailable"), "{page}");
    assert!(page.contains("id=\"password\""));

    // A callback with nothing pending (or made up) says so, without a 500.
    let made_up = rt.block_on(callback(
        &mut jar,
        &format!("{url}/logg-inn/sso/retur?code=x&state=y"),
    ));
    assert_eq!((made_up.status, made_up.session), (400, false));
    let empty = rt.block_on(callback(&mut jar, &format!("{url}/logg-inn/sso/retur")));
    assert_eq!(empty.status, 400);

    // The provider comes up; starting a login asks it again at once.
    let _provider = Provider::start(port, &keys(dir.path(), "k1", "k1"), &url, &[]);
    let back = rt.block_on(through_provider(&url, &mut jar, AtProvider::LogIn("kari")));
    let signed_in = rt.block_on(callback(&mut jar, &back));
    assert_eq!(
        (signed_in.status, signed_in.session),
        (200, true),
        "{}",
        signed_in.page
    );
    forvalt.runtime.shutdown_background();
}

#[test]
fn password_login_can_be_switched_off() {
    let port = free_port();
    let forvalt = forvalt(&format!("http://127.0.0.1:{port}"), |_, config| {
        config.password_login = false;
    });
    let url = forvalt.url.clone();
    let rt = &forvalt.runtime;
    let mut jar = Jar::default();
    let page = rt.block_on(async {
        get(&mut jar, &format!("{url}/logg-inn"))
            .await
            .text()
            .await
            .unwrap()
    });
    assert!(page.contains("Logg inn med Testleverandør"), "{page}");
    assert!(
        !page.contains("id=\"password\""),
        "no password form: {page}"
    );
    // The form posted anyway is refused, even with the right password.
    assert!(
        !page.contains("name=\"csrf\""),
        "no form, no token in the page"
    );
    let token = jar.get("forvalt_login").unwrap();
    let response = rt.block_on(async {
        client()
            .post(format!("{url}/logg-inn"))
            .header("cookie", jar.header())
            .form(&[
                ("csrf", token.as_str()),
                ("employee_id", "kari"),
                ("password", crate::web::PASSWORD),
            ])
            .send()
            .await
            .unwrap()
    });
    assert_eq!(response.status(), 403);
    assert!(
        !response
            .headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("forvalt_session="))
    );
    let page = rt.block_on(response.text()).unwrap();
    assert!(
        page.contains("Innlogging med passord er slått av"),
        "{page}"
    );
    // Scripts cannot log in with a password either.
    let api = rt.block_on(async {
        client()
            .post(format!("{url}/api/login"))
            .header("content-type", "application/json")
            .body(
                serde_json::json!({"employee_id": "kari", "password": crate::web::PASSWORD})
                    .to_string(),
            )
            .send()
            .await
            .unwrap()
    });
    assert_eq!(api.status(), 403);
    // No set-password links: invitations send people to the provider's button, and an
    // administrator cannot send one.
    assert!(!forvalt.state.app.accounts.links_enabled());
    assert!(forvalt.state.app.followup.config().sso);
    forvalt.runtime.shutdown_background();
}

#[test]
fn id_tokens_a_provider_never_issues_are_refused_by_the_check() {
    let dir = TempDir::new("sso-keys");
    let port = free_port();
    let forvalt = forvalt(&format!("http://127.0.0.1:{port}"), |_, _| {});
    let key = keys(dir.path(), "k1", "k1");
    let _provider = Provider::start(port, &key, &forvalt.url, &[]);
    let issuer = format!("http://127.0.0.1:{port}");
    let now = jiff::Timestamp::now().as_second();
    let claims = |changes: serde_json::Value| {
        let mut c = serde_json::json!({
            "iss": issuer, "aud": CLIENT_ID, "sub": "kari", "nonce": "n-1",
            "iat": now, "exp": now + 600, "preferred_username": "kari",
        });
        for (k, v) in changes.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };
    let cases = [
        ("good", claims(serde_json::json!({})), None),
        (
            "another client",
            claims(serde_json::json!({"aud": "another-client"})),
            Some(Rejection::Audience),
        ),
        (
            "another nonce",
            claims(serde_json::json!({"nonce": "n-2"})),
            Some(Rejection::Nonce),
        ),
        (
            "another issuer",
            claims(serde_json::json!({"iss": "http://localhost:1"})),
            Some(Rejection::Issuer),
        ),
        (
            "expired",
            claims(serde_json::json!({"iat": now - 7200, "exp": now - 3600})),
            Some(Rejection::Expired),
        ),
        (
            "unsigned",
            claims(serde_json::json!({"alg": "none"})),
            Some(Rejection::Signature),
        ),
    ];
    let all: Vec<_> = cases.iter().map(|c| c.1.clone()).collect();
    let tokens = mint(&key, &all);
    // And one signed by a key the provider does not have, under its key id.
    let forged = mint(
        &keys(dir.path(), "k1", "forged"),
        &[claims(serde_json::json!({}))],
    );
    let sso: Arc<_> = forvalt.state.app.sso.clone().unwrap();
    let at = jiff::Timestamp::now();
    for ((name, _, want), token) in cases.iter().zip(&tokens) {
        let result = forvalt
            .runtime
            .block_on(sso.verify_id_token(token, "n-1", at));
        match (want, result) {
            (None, Ok((claims, _))) => assert_eq!(claims["preferred_username"], "kari"),
            (Some(want), Err(SsoError::Rejected { reason, .. })) => {
                assert_eq!(reason, *want, "{name}")
            }
            (want, got) => panic!("{name}: wanted {want:?}, got {got:?}"),
        }
    }
    let result = forvalt
        .runtime
        .block_on(sso.verify_id_token(&forged[0], "n-1", at));
    assert!(
        matches!(
            result,
            Err(SsoError::Rejected {
                reason: Rejection::Signature,
                ..
            })
        ),
        "{result:?}"
    );
    forvalt.runtime.shutdown_background();
}

/// ID tokens with `claims`, signed by jose with the key in `keys`.
fn mint(keys: &Path, claims: &[serde_json::Value]) -> Vec<String> {
    let output = Command::new("node")
        .arg("mint.mjs")
        .arg(keys)
        .arg(serde_json::to_string(claims).unwrap())
        .current_dir(oidc_dir())
        .output()
        .expect("node runs mint.mjs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}
