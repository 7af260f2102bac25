//! The web application through its real router (`tower::ServiceExt::oneshot`) on a temporary
//! database and the small bank in `tests/fixtures/bank` (3 topics, tests of exactly 8 items).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use forvalt::app::{self, App, Config};
use forvalt::bank::{self, ItemBank};
use forvalt::store::{ExportFormat, Role, Store, StoreError, TestId, UserId, UserInput};
use forvalt::web::{self, AppState, Cookies};

pub use crate::support::TempDir;
use jiff::ToSpan;
use tower::ServiceExt;

pub const FIXTURE_BANK: &str = "tests/fixtures/bank";
pub const PASSWORD: &str = "riktig-passord";
/// Items per test in the fixture bank.
const TEST_LENGTH: usize = 8;

pub fn fixture_bank() -> ItemBank {
    let loaded = bank::load(Path::new(FIXTURE_BANK), jiff::civil::date(2026, 11, 23));
    loaded.bank.expect("the fixture bank is valid")
}

/// Users `kari` and `ola` (caseworkers), `hanne` (HR); one open cycle (id 1).
pub fn seed(store: &Store) {
    let hash = app::hash_password(PASSWORD);
    let user = |id: &str, role| UserInput {
        employee_id: id.into(),
        name: format!("{id} Testesen"),
        email: format!("{id}@example.no"),
        department: "BUF/Område Nord/Team 3".into(),
        role,
        password_hash: Some(hash.clone()),
    };
    store
        .upsert_users(
            &[
                user("kari", Role::Caseworker),
                user("ola", Role::Caseworker),
                user("hanne", Role::Hr),
            ],
            jiff::Timestamp::now(),
        )
        .unwrap();
    let today = jiff::Zoned::now().date();
    store
        .add_cycle("2026–2027", today - 1.day(), today + 30.days())
        .unwrap();
}

pub fn app_on(db: &Path, config: Config) -> (Router, AppState) {
    let store = Store::open(db).unwrap();
    let state = AppState::new(App::new(store, fixture_bank(), config), Cookies::PlainHttp);
    (web::app(state.clone()), state)
}

/// A test app on a fresh, seeded database.
pub fn app() -> (TempDir, Router, AppState) {
    let dir = TempDir::new("web");
    seed(&Store::open(&dir.db()).unwrap());
    let (router, state) = app_on(&dir.db(), Config::default());
    (dir, router, state)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Admin `adam` (with the shared test password).
pub fn add_admin(state: &AppState) {
    state
        .app
        .store()
        .upsert_users(
            &[UserInput {
                employee_id: "adam".into(),
                name: "Adam Admin".into(),
                email: "adam@example.no".into(),
                department: "Etat/IT".into(),
                role: Role::Admin,
                password_hash: Some(app::hash_password(PASSWORD)),
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
}

/// A browser logged in as `employee_id` (with the shared test password).
pub async fn logged_in(router: &Router, employee_id: &str) -> Browser {
    let mut browser = Browser::new(router);
    let reply = browser.login(employee_id, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    browser
}

/// A browser: keeps cookies, sends forms.
pub struct Browser {
    pub router: Router,
    pub cookies: HashMap<String, String>,
    pub ip: Option<[u8; 4]>,
}

impl Browser {
    pub fn new(router: &Router) -> Browser {
        Browser {
            router: router.clone(),
            cookies: HashMap::new(),
            ip: None,
        }
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Reply {
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        if let Some(ip) = self.ip {
            req.extensions_mut()
                .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
        }
        let response = self.router.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let (pair, _) = text.split_once(';').unwrap_or((text, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Log in through the login form; returns the reply to the POST.
    pub async fn login(&mut self, employee_id: &str, password: &str) -> Reply {
        let form = self.get("/logg-inn").await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf = hidden(&form.body, "csrf");
        self.post(
            "/logg-inn",
            &[
                ("csrf", &csrf),
                ("employee_id", employee_id),
                ("password", password),
            ],
        )
        .await
    }

    /// Start the test of cycle 1 from the home page; returns the test's URL.
    pub async fn start(&mut self) -> String {
        let home = self.get("/").await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.body);
        assert!(home.body.contains("Skal tas"), "{}", home.body);
        let csrf = hidden(&home.body, "csrf");
        let reply = self.post("/sykluser/1/start", &[("csrf", &csrf)]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        reply.location().to_string()
    }

    /// The item page of a test: (position, csrf, number of options).
    pub async fn item(&mut self, test_url: &str) -> Option<(String, String, usize)> {
        let page = self.get(test_url).await;
        if page.status == StatusCode::SEE_OTHER {
            assert!(page.location().ends_with("/resultat"));
            return None;
        }
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let options = page.body.matches("type=\"radio\"").count();
        Some((
            hidden(&page.body, "position"),
            hidden(&page.body, "csrf"),
            options,
        ))
    }

    pub async fn answer(
        &mut self,
        test_url: &str,
        position: &str,
        csrf: &str,
        option: usize,
    ) -> Reply {
        self.post(
            &format!("{test_url}/svar"),
            &[
                ("csrf", csrf),
                ("position", position),
                ("option", &option.to_string()),
            ],
        )
        .await
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of the hidden input `name` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

fn test_id(url: &str) -> u64 {
    url.rsplit('/').next().unwrap().parse().unwrap()
}

/// Answer until the test ends, choosing B (the key in the fixture) on even positions and A on
/// odd ones. Returns the number of answers.
pub async fn finish(browser: &mut Browser, url: &str) -> usize {
    let mut n = 0;
    while let Some((position, csrf, _)) = browser.item(url).await {
        let option = if position.parse::<usize>().unwrap() % 2 == 0 {
            1
        } else {
            0
        };
        let reply = browser.answer(url, &position, &csrf, option).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        n += 1;
        assert!(n <= 50, "the test does not end");
    }
    n
}

#[tokio::test]
async fn full_test_from_login_to_result() {
    let (_dir, router, state) = app();
    let mut kari = Browser::new(&router);
    let login = kari.login("kari", PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let cookie = login
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );

    let url = kari.start().await;
    let page = kari.get(&url).await;
    assert!(page.body.contains("<fieldset") && page.body.contains("<legend>"));
    assert_eq!(
        page.headers[header::CACHE_CONTROL],
        "no-store",
        "back button asks again"
    );
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    assert!(page.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    assert!(page.body.contains("0 besvart"));

    assert_eq!(finish(&mut kari, &url).await, TEST_LENGTH);

    let result = kari.get(&format!("{url}/resultat")).await;
    assert_eq!(result.status, StatusCode::OK);
    assert!(result.body.contains("Samlet nivå"), "{}", result.body);
    assert!(
        result.body.contains("2–4 spørsmål"),
        "the topic caveat is shown"
    );
    assert!(
        result.body.contains("Forklaring"),
        "missed items are explained"
    );
    assert!(
        result.body.contains("forvaltningsloven §"),
        "with their law references"
    );
    assert!(!result.body.contains("θ"), "no raw theta");

    let home = kari.get("/").await;
    assert!(home.body.contains("Fullført"), "{}", home.body);

    let (answers, pending) = state.app.store().history(TestId(test_id(&url))).unwrap();
    assert_eq!(answers.len(), TEST_LENGTH);
    assert!(pending.is_none());
    let positions: Vec<u32> = answers.iter().map(|a| a.position).collect();
    assert_eq!(positions, (0..TEST_LENGTH as u32).collect::<Vec<_>>());
    assert!(answers.iter().all(|a| {
        state
            .app
            .store()
            .item_version(&a.version)
            .unwrap()
            .is_some()
    }));
}

#[tokio::test]
async fn resume_after_reopening_the_database() {
    let dir = TempDir::new("web");
    seed(&Store::open(&dir.db()).unwrap());
    let (router, state) = app_on(&dir.db(), Config::default());
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let url = kari.start().await;
    for _ in 0..3 {
        let (position, csrf, _) = kari.item(&url).await.unwrap();
        kari.answer(&url, &position, &csrf, 1).await;
    }
    let before = kari.get(&url).await.body;
    drop((router, state));
    kari.router = Router::new(); // the last handle on the old store

    // A new process on the same file: the cookie still works and the same item is shown.
    let (router, _state) = app_on(&dir.db(), Config::default());
    kari.router = router;
    let after = kari.get(&url).await.body;
    assert_eq!(hidden(&after, "position"), "3");
    let legend = |html: &str| {
        html[html.find("<legend>").unwrap()..html.find("</legend>").unwrap()].to_string()
    };
    assert_eq!(legend(&before), legend(&after));
    assert_eq!(finish(&mut kari, &url).await, TEST_LENGTH - 3);
}

#[tokio::test]
async fn double_submit_stores_one_answer() {
    let (_dir, router, state) = app();
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let url = kari.start().await;
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    let first = kari.answer(&url, &position, &csrf, 1).await;
    let second = kari.answer(&url, &position, &csrf, 1).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(
        second.status,
        StatusCode::SEE_OTHER,
        "a repeat is not an error"
    );
    let (answers, pending) = state.app.store().history(TestId(test_id(&url))).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(pending.unwrap().position, 1);
}

#[tokio::test]
async fn stale_position_is_ignored_and_current_item_shown() {
    let (_dir, router, state) = app();
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let url = kari.start().await;
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    kari.answer(&url, &position, &csrf, 1).await;
    // The back button: the old form is sent again with another option.
    let stale = kari.answer(&url, "0", &csrf, 3).await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER);
    assert_eq!(stale.location(), url);
    let (now, _, _) = kari.item(&url).await.unwrap();
    assert_eq!(now, "1");
    // A position from the future is ignored too.
    kari.answer(&url, "5", &csrf, 1).await;
    let (answers, _) = state.app.store().history(TestId(test_id(&url))).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].option, 1, "the first answer stands");
}

#[tokio::test]
async fn another_caseworkers_test_is_not_found() {
    let (_dir, router, _state) = app();
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let url = kari.start().await;
    let (position, _, _) = kari.item(&url).await.unwrap();

    let mut ola = Browser::new(&router);
    ola.login("ola", PASSWORD).await;
    let home = ola.get("/").await;
    let csrf = hidden(&home.body, "csrf");
    assert_eq!(ola.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        ola.get(&format!("{url}/resultat")).await.status,
        StatusCode::NOT_FOUND
    );
    let answer = ola.answer(&url, &position, &csrf, 1).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let token = api_login(&router, "ola").await;
    let (status, _) = api(
        &router,
        "GET",
        &format!("/api/tests/{}", test_id(&url)),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_forbidden() {
    let (_dir, router, state) = app();
    let mut kari = Browser::new(&router);
    // Login form without its token.
    kari.get("/logg-inn").await;
    let reply = kari
        .post(
            "/logg-inn",
            &[("employee_id", "kari"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(!kari.cookies.contains_key("forvalt_session"));

    kari.login("kari", PASSWORD).await;
    assert_eq!(
        kari.post("/sykluser/1/start", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let url = kari.start().await;
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    let missing = kari
        .post(
            &format!("{url}/svar"),
            &[("position", &position), ("option", "1")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = kari.answer(&url, &position, "0123456789abcdef", 1).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    // Another session's token does not work either.
    let mut other = Browser::new(&router);
    other.login("kari", PASSWORD).await;
    let other_csrf = hidden(&other.get("/").await.body, "csrf");
    assert_ne!(other_csrf, csrf);
    assert_eq!(
        kari.answer(&url, &position, &other_csrf, 1).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        kari.post("/logg-ut", &[]).await.status,
        StatusCode::FORBIDDEN
    );

    let (answers, _) = state.app.store().history(TestId(test_id(&url))).unwrap();
    assert!(answers.is_empty());
}

#[tokio::test]
async fn wrong_password_is_refused() {
    let (_dir, router, _state) = app();
    let mut kari = Browser::new(&router);
    let reply = kari.login("kari", "feil").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.body.contains("Feil ansattnummer eller passord"));
    assert!(reply.body.contains("aria-describedby=\"innlogging-feil\""));
    assert!(!kari.cookies.contains_key("forvalt_session"));
    assert_eq!(
        kari.login("finnes-ikke", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Without a session, pages send you to the login form.
    let home = kari.get("/").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), "/logg-inn");
}

#[tokio::test]
async fn failed_logins_are_rate_limited_per_account_and_per_client() {
    let dir = TempDir::new("web");
    seed(&Store::open(&dir.db()).unwrap());
    let config = Config {
        max_failures_per_account: 3,
        max_failures_per_client: 5,
        ..Config::default()
    };
    let (router, _state) = app_on(&dir.db(), config);

    let mut attacker = Browser::new(&router);
    attacker.ip = Some([10, 0, 0, 1]);
    for _ in 0..3 {
        assert_eq!(
            attacker.login("kari", "gjett").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let blocked = attacker.login("kari", PASSWORD).await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password"
    );
    // The account is blocked from everywhere …
    let mut kari = Browser::new(&router);
    kari.ip = Some([10, 0, 0, 2]);
    assert_eq!(
        kari.login("kari", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // … and the client is blocked for every account after 5 failures.
    for _ in 0..2 {
        attacker.login("ola", "gjett").await;
    }
    assert_eq!(
        attacker.login("hanne", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Other clients and accounts are unaffected.
    let mut hanne = Browser::new(&router);
    hanne.ip = Some([10, 0, 0, 3]);
    assert_eq!(
        hanne.login("hanne", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // The API shares the limiter.
    let (status, _) = api(
        &router,
        "POST",
        "/api/login",
        None,
        Some(r#"{"employee_id":"kari","password":"riktig-passord"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn malformed_requests_get_4xx() {
    let (_dir, router, _state) = app();
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let url = kari.start().await;
    let (position, csrf, n_options) = kari.item(&url).await.unwrap();
    let n = n_options.to_string();
    for fields in [
        vec![
            ("csrf", csrf.as_str()),
            ("position", "abc"),
            ("option", "1"),
        ],
        vec![
            ("csrf", csrf.as_str()),
            ("position", position.as_str()),
            ("option", n.as_str()),
        ],
        vec![
            ("csrf", csrf.as_str()),
            ("position", position.as_str()),
            ("option", "-1"),
        ],
        vec![("csrf", csrf.as_str())],
    ] {
        let reply = kari.post(&format!("{url}/svar"), &fields).await;
        assert!(
            reply.status.is_client_error(),
            "{fields:?}: {}",
            reply.status
        );
    }
    // No option chosen: the item again, with the error tied to the radio group.
    let none = kari
        .post(
            &format!("{url}/svar"),
            &[("csrf", &csrf), ("position", &position)],
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("aria-describedby=\"svar-feil\""));
    assert_eq!(
        kari.get("/tester/abc").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(kari.get("/tester/999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(kari.get("/finnes/ikke").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        kari.post("/sykluser/999/start", &[("csrf", &csrf)])
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let token = api_login(&router, "kari").await;
    let tid = test_id(&url);
    let answer = format!("/api/tests/{tid}/answer");
    for body in [
        "not json",
        "{}",
        r#"{"position":"x","option":1}"#,
        r#"{"position":0,"option":99}"#,
    ] {
        let (status, _) = api(&router, "POST", &answer, Some(&token), Some(body)).await;
        assert!(status.is_client_error(), "{body}: {status}");
    }
    let (status, json) = api(&router, "GET", "/api/cycles", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(json["error"], "unauthenticated");
    let (status, _) = api(&router, "GET", "/api/cycles", Some("wrong-token"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = api(
        &router,
        "GET",
        &format!("/api/tests/{tid}/result"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "no result before the test ends"
    );
}

#[tokio::test]
async fn roles_guard_the_staff_pages() {
    let (_dir, router, _state) = app();
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    assert_eq!(kari.get("/hr").await.status, StatusCode::FORBIDDEN);
    assert_eq!(kari.get("/admin").await.status, StatusCode::FORBIDDEN);
    let mut hanne = Browser::new(&router);
    hanne.login("hanne", PASSWORD).await;
    assert_eq!(hanne.get("/hr").await.status, StatusCode::OK);
    assert_eq!(hanne.get("/forfatter").await.status, StatusCode::FORBIDDEN);
    let csrf = hidden(&hanne.get("/").await.body, "csrf");
    assert_eq!(
        hanne
            .post("/sykluser/1/start", &[("csrf", &csrf)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let (_dir, router, _state) = app();
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let session = kari.cookies["forvalt_session"].clone();
    let csrf = hidden(&kari.get("/").await.body, "csrf");
    assert_eq!(
        kari.post("/logg-ut", &[("csrf", &csrf)]).await.status,
        StatusCode::SEE_OTHER
    );
    kari.cookies.insert("forvalt_session".into(), session);
    assert_eq!(
        kari.get("/").await.status,
        StatusCode::SEE_OTHER,
        "the old cookie is dead"
    );
}

/// The seeded database plus a second cycle that opens today: a caseworker's second test has
/// a previous cycle.
pub fn seed_with_second_cycle(dir: &TempDir) {
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let today = jiff::Zoned::now().date();
    store
        .add_cycle("2027–2028", today, today + 60.days())
        .unwrap();
}

#[tokio::test]
async fn items_from_the_previous_cycle_are_not_repeated() {
    let dir = TempDir::new("web");
    seed_with_second_cycle(&dir);
    let (router, state) = app_on(&dir.db(), Config::default());
    let token = api_login(&router, "kari").await;
    let first = api_test(&router, &token, 1).await;
    let second = api_test(&router, &token, 2).await;
    let items = |id| -> Vec<String> {
        state
            .app
            .store()
            .history(id)
            .unwrap()
            .0
            .into_iter()
            .map(|r| r.item_id)
            .collect()
    };
    let (a, b) = (items(TestId(first)), items(TestId(second)));
    assert_eq!((a.len(), b.len()), (TEST_LENGTH, TEST_LENGTH));
    assert!(a.iter().all(|id| !b.contains(id)), "{a:?} vs {b:?}");
}

#[tokio::test]
async fn json_api_runs_the_same_flow() {
    let (_dir, router, _state) = app();
    let token = api_login(&router, "kari").await;
    let (status, cycles) = api(&router, "GET", "/api/cycles", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cycles[0]["status"], "due");
    let test = api_test(&router, &token, 1).await;
    let (status, result) = api(
        &router,
        "GET",
        &format!("/api/tests/{test}/result"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result["answered"], TEST_LENGTH);
    assert!(result["level_text"].is_string());
    assert!(
        result["missed"][0]["references"][0]
            .as_str()
            .unwrap()
            .starts_with("forvaltningsloven")
    );
    let (_, cycles) = api(&router, "GET", "/api/cycles", Some(&token), None).await;
    assert_eq!(cycles[0]["status"], "completed");
    // A finished test accepts nothing.
    let (status, reply) = api(
        &router,
        "POST",
        &format!("/api/tests/{test}/answer"),
        Some(&token),
        Some(r#"{"position":8,"option":1}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["stored"], false);
    assert_eq!(reply["current"]["status"], "finished");
}

#[tokio::test]
async fn export_writes_every_response() {
    let (_dir, router, state) = app();
    let token = api_login(&router, "kari").await;
    api_test(&router, &token, 1).await;
    let (n, csv) = export(&state, ExportFormat::Csv);
    assert_eq!(n, TEST_LENGTH);
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("test_id,cycle,employee_id,department,position,item_id,item_version,option,correct,response_ms,answered_at,pretest\n"));
    assert_eq!(text.lines().count(), TEST_LENGTH + 1);
    let (_, jsonl) = export(&state, ExportFormat::JsonLines);
    let first: serde_json::Value =
        serde_json::from_slice(jsonl.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["employee_id"], "kari");
}

/// The machine export (`forvalt export`) of everything stored: rows and bytes.
fn export(state: &AppState, format: ExportFormat) -> (usize, Vec<u8>) {
    let mut out = Vec::new();
    let n = state.app.store().export(format, &mut out).unwrap();
    (n, out)
}

/// A roster's text reaches the machine export: in CSV (opened in spreadsheets) a cell that
/// could run as a formula starts with `'`; JSON lines keep the value as stored.
#[tokio::test]
async fn the_csv_export_neutralises_formula_like_roster_text() {
    let (_dir, router, state) = app();
    let formula = "=HYPERLINK(\"http://evil.example\",\"Nord\")";
    let kari = state.app.store().user_by_login("kari").unwrap().unwrap();
    state
        .app
        .store()
        .upsert_users(
            &[UserInput {
                employee_id: kari.employee_id.clone(),
                name: kari.name.clone(),
                email: kari.email.clone(),
                department: formula.into(),
                role: kari.role,
                password_hash: kari.password_hash.clone(),
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
    let token = api_login(&router, "kari").await;
    api_test(&router, &token, 1).await;

    let (_, csv) = export(&state, ExportFormat::Csv);
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "department")
        .unwrap();
    let departments: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect();
    assert_eq!(departments.len(), TEST_LENGTH);
    for department in &departments {
        assert_eq!(department, &format!("'{formula}"));
    }

    let (_, jsonl) = export(&state, ExportFormat::JsonLines);
    let first: serde_json::Value =
        serde_json::from_slice(jsonl.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["department"], formula);
}

#[test]
fn a_newer_schema_version_is_refused_with_a_clear_error() {
    let dir = TempDir::new("web");
    Store::open(&dir.db())
        .unwrap()
        .force_schema_version(99)
        .unwrap();
    let error = Store::open(&dir.db()).unwrap_err();
    assert!(matches!(
        error,
        StoreError::SchemaMismatch {
            found: 99,
            supported: forvalt::store::SCHEMA_VERSION,
            ..
        }
    ));
    let message = error.to_string();
    assert!(
        message.contains("schema version 99") && message.contains("newer forvalt"),
        "{message}"
    );
}

#[test]
fn a_corrupt_file_is_refused_with_a_clear_error() {
    let dir = TempDir::new("web");
    std::fs::write(dir.db(), vec![0x42; 8192]).unwrap();
    let message = Store::open(&dir.db()).unwrap_err().to_string();
    assert!(message.starts_with("cannot open the database"), "{message}");
}

#[test]
fn the_database_is_locked_to_one_process() {
    let dir = TempDir::new("web");
    let _open = Store::open(&dir.db()).unwrap();
    let message = Store::open(&dir.db()).unwrap_err().to_string();
    assert!(message.contains("already open"), "{message}");
}

pub async fn api(
    router: &Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let req = req
        .body(Body::from(body.unwrap_or("").to_string()))
        .unwrap();
    let response = router.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

pub async fn api_login(router: &Router, employee_id: &str) -> String {
    let body = format!(r#"{{"employee_id":"{employee_id}","password":"{PASSWORD}"}}"#);
    let (status, json) = api(router, "POST", "/api/login", None, Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    json["token"].as_str().unwrap().to_string()
}

/// Take the whole test of `cycle` through the API, answering B (right) on even positions and A
/// on odd ones; returns the test id.
async fn api_test(router: &Router, token: &str, cycle: u64) -> u64 {
    let (status, started) = api(
        router,
        "POST",
        &format!("/api/cycles/{cycle}/test"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let test = started["test_id"].as_u64().unwrap();
    let mut current = started["current"].clone();
    while current["status"] == "item" {
        let position = current["position"].as_u64().unwrap();
        let option = if position % 2 == 0 { 1 } else { 0 };
        let body = format!(r#"{{"position":{position},"option":{option},"response_ms":1234}}"#);
        let (status, reply) = api(
            router,
            "POST",
            &format!("/api/tests/{test}/answer"),
            Some(token),
            Some(&body),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        assert_eq!(reply["stored"], true);
        current = reply["current"].clone();
    }
    test
}

#[tokio::test]
async fn concurrent_double_click_stores_one_answer() {
    let (_dir, router, state) = app();
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let url = kari.start().await;
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    let mut second = Browser::new(&router);
    second.cookies = kari.cookies.clone();
    let (a, b) = tokio::join!(
        kari.answer(&url, &position, &csrf, 1),
        second.answer(&url, &position, &csrf, 2),
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    let (answers, pending) = state.app.store().history(TestId(test_id(&url))).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(pending.unwrap().position, 1);
}

#[tokio::test]
async fn home_page_shows_each_cycles_status() {
    let dir = TempDir::new("web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let today = jiff::Zoned::now().date();
    store
        .add_cycle("Gammel", today - 90.days(), today - 30.days())
        .unwrap();
    store
        .add_cycle("Neste", today + 30.days(), today + 90.days())
        .unwrap();
    drop(store);
    let (router, _state) = app_on(&dir.db(), Config::default());
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let home = kari.get("/").await.body;
    for status in ["Skal tas", "Fristen er passert", "Ikke åpnet ennå"] {
        assert!(home.contains(status), "{status}: {home}");
    }
    let url = kari.start().await;
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    kari.answer(&url, &position, &csrf, 1).await;
    let home = kari.get("/").await.body;
    assert!(
        home.contains("Påbegynt") && home.contains("1 spørsmål besvart"),
        "{home}"
    );
    let csrf = hidden(&home, "csrf");
    let early = kari.post("/sykluser/3/start", &[("csrf", &csrf)]).await;
    assert_eq!(
        early.status,
        StatusCode::BAD_REQUEST,
        "a cycle that has not opened"
    );
}

#[tokio::test]
async fn full_test_on_the_shipped_bank_meets_the_blueprint() {
    let dir = TempDir::new("web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let bank = bank::load(Path::new("item-bank"), jiff::Zoned::now().date())
        .bank
        .expect("the shipped item bank validates (run `cargo run -- bank check`)");
    let state = AppState::new(
        App::new(store, bank.clone(), Config::default()),
        Cookies::PlainHttp,
    );
    let router = web::app(state.clone());
    let token = api_login(&router, "kari").await;
    let test = api_test(&router, &token, 1).await;
    let (answers, _) = state.app.store().history(TestId(test)).unwrap();
    let mut per_topic = vec![0; bank.topics.len()];
    for a in &answers {
        per_topic[bank.item(&a.item_id).unwrap().topic] += 1;
    }
    assert!((bank.test.min_items..=bank.test.max_items).contains(&answers.len()));
    for (topic, n) in bank.topics.iter().zip(&per_topic) {
        assert!((topic.min..=topic.max).contains(n), "{}: {n}", topic.id);
    }
    let (status, result) = api(
        &router,
        "GET",
        &format!("/api/tests/{test}/result"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        result["topics"].as_array().unwrap().len(),
        bank.topics.len()
    );
}

#[tokio::test]
async fn an_item_edited_or_retired_mid_test_keeps_the_version_shown() {
    let dir = TempDir::new("web");
    seed(&Store::open(&dir.db()).unwrap());
    let (router, state) = app_on(&dir.db(), Config::default());
    let token = api_login(&router, "kari").await;
    let (_, started) = api(&router, "POST", "/api/cycles/1/test", Some(&token), None).await;
    let test = started["test_id"].as_u64().unwrap();
    let shown_stem = started["current"]["stem"].as_str().unwrap().to_string();
    let pending = state.app.store().history(TestId(test)).unwrap().1.unwrap();
    drop((router, state));

    // The author rewrites the item (new text, new key), and then retires it.
    let mut bank = fixture_bank();
    let ix = bank
        .items
        .iter()
        .position(|i| i.id == pending.item_id)
        .unwrap();
    bank.items[ix].stem = "Omskrevet spørsmål".into();
    bank.items[ix].key = 0;
    bank.items[ix].status = forvalt::bank::Status::Retired;
    let store = Store::open(&dir.db()).unwrap();
    let state = AppState::new(App::new(store, bank, Config::default()), Cookies::PlainHttp);
    let router = web::app(state.clone());
    let token = api_login(&router, "kari").await;
    let (_, current) = api(
        &router,
        "GET",
        &format!("/api/tests/{test}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(current["stem"], shown_stem.as_str(), "the text shown stays");
    let (status, reply) = api(
        &router,
        "POST",
        &format!("/api/tests/{test}/answer"),
        Some(&token),
        Some(r#"{"position":0,"option":1}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["stored"], true);
    assert_eq!(reply["current"]["position"], 1);
    let (answers, _) = state.app.store().history(TestId(test)).unwrap();
    assert!(
        answers[0].correct,
        "scored against the version shown (key B)"
    );
    assert_eq!(answers[0].version, pending.version);
}

#[tokio::test]
async fn demo_setup_is_idempotent_and_its_users_can_log_in() {
    let dir = TempDir::new("web");
    let (router, state) = app_on(&dir.db(), Config::default());
    let now = jiff::Timestamp::now();
    let first = app::demo::ensure(&state.app, now).unwrap();
    let second = app::demo::ensure(&state.app, now).unwrap();
    assert_eq!(first, second);
    let users = state.app.store().users().unwrap();
    assert_eq!(
        users.len(),
        app::demo::USERS.len() + app::demo::SIMULATED_PEOPLE
    );
    // The simulated history: two cycles, tests taken once (the second call added none).
    let tests = state.app.store().tests().unwrap();
    assert_eq!(state.app.store().cycles().unwrap().len(), 2);
    let finished = tests.iter().filter(|t| t.finished.is_some()).count();
    assert!(finished > app::demo::SIMULATED_PEOPLE, "{finished}");
    assert!(tests.len() < 2 * app::demo::SIMULATED_PEOPLE);
    for role in [Role::Caseworker, Role::Hr, Role::Author, Role::Admin] {
        assert!(users.iter().any(|u| u.role == role));
    }
    let (id, _, _, _, password) = app::demo::USERS[0];
    let mut browser = Browser::new(&router);
    assert_eq!(
        browser.login(id, password).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(browser.get("/").await.body.contains("Skal tas"));
    // HR sees figures, not only suppressed cells.
    let mut hr = Browser::new(&router);
    let (id, _, _, _, password) = app::demo::USERS[3];
    assert_eq!(hr.login(id, password).await.status, StatusCode::SEE_OTHER);
    let report: serde_json::Value =
        serde_json::from_str(&hr.get("/hr/tema?niva=2&format=json").await.body).unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert!(
        rows.iter().filter(|r| r["shown"] == true).count() >= 6,
        "{report}"
    );
    // The demo's unit leader follows up Område Nord (45 simulated people) and nobody else.
    let (unit, id, password) = demo_leader();
    assert_eq!(unit, "BUF/Område Nord");
    let mut leader = Browser::new(&router);
    assert_eq!(
        leader.login(id, password).await.status,
        StatusCode::SEE_OTHER
    );
    let page = leader.get("/leder").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Område Nord"), "{}", page.body);
    let north = users
        .iter()
        .find(|u| u.department.starts_with("BUF/Område Nord/Team 1") && u.password_hash.is_none())
        .unwrap();
    let south = users
        .iter()
        .find(|u| u.department.starts_with("BUF/Område Sør/") && u.password_hash.is_none())
        .unwrap();
    assert!(page.body.contains(&north.name), "{}", page.body);
    assert!(!page.body.contains(&south.name), "{}", page.body);
    let report = leader.get("/leder/rapport").await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(hr.get("/leder").await.status, StatusCode::FORBIDDEN);
    // A second start keeps an admin's change of the demo leader.
    state
        .app
        .store()
        .set_leads(&[(id.to_string(), None)])
        .unwrap();
    app::demo::ensure(&state.app, now).unwrap();
    let again = state.app.store().user_by_login(id).unwrap().unwrap();
    assert_eq!(again.leads, None);
}

/// The Norwegian demo's leader: (unit, employee id, password).
fn demo_leader() -> (&'static str, &'static str, &'static str) {
    let (id, unit) = app::demo::NORWEGIAN.leaders[0];
    let (_, _, _, _, password) = app::demo::USERS
        .iter()
        .find(|u| u.0 == id)
        .copied()
        .unwrap();
    (unit, id, password)
}

// ---------------------------------------------------------------------------------------------
// Fixtures shared by other test modules (support.rs is also compiled into the benchmarks, which
// have no web fixture).

/// The web fixture ([`seed`]: kari, ola, hanne; cycle 1 open) plus cycle 2
/// «Forrige», whose deadline was 3 days ago.
pub fn seed_with_past_cycle(store: &forvalt::store::Store) {
    use jiff::ToSpan;
    seed(store);
    let today = crate::support::today();
    store
        .add_cycle("Forrige", today - 60.days(), today - 3.days())
        .unwrap();
}

/// A caseworker `employee_id` (named "`employee_id` Leiar", password [`PASSWORD`])
/// in `department` who leads the unit `leads`.
pub fn add_leader(
    state: &forvalt::web::AppState,
    employee_id: &str,
    department: &str,
    leads: &str,
) {
    use forvalt::store::{Role, UserInput};
    let store = state.app.store();
    store
        .upsert_users(
            &[UserInput {
                employee_id: employee_id.into(),
                name: format!("{employee_id} Leiar"),
                email: format!("{employee_id}@example.no"),
                department: department.into(),
                role: Role::Caseworker,
                password_hash: Some(forvalt::app::hash_password(PASSWORD)),
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
    assert!(
        store
            .set_leads(&[(employee_id.into(), Some(leads.into()))])
            .unwrap()
            .is_empty()
    );
}

/// The id of the first test of the caseworker named `name` (e.g. "b nr 1").
pub fn first_test_of(state: &forvalt::web::AppState, name: &str) -> u64 {
    let store = state.app.store();
    let user = store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.name == name)
        .unwrap();
    store.tests_of_user(UserId(user.id)).unwrap()[0].id
}

/// An administrator deactivates person `id` as in the browser: opens the person's page and
/// posts «Deaktiver» with the page's CSRF token. Returns the answer and the token.
pub async fn deactivate(admin: &mut Browser, id: u64) -> (Reply, String) {
    let page = admin.get(&format!("/admin/personer/{id}")).await;
    assert_eq!(page.status, axum::http::StatusCode::OK, "{}", page.body);
    let token = hidden(&page.body, "csrf");
    let done = admin
        .post(
            &format!("/admin/personer/{id}/deaktiver"),
            &[("csrf", &token)],
        )
        .await;
    (done, token)
}
