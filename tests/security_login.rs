//! Login limits (issue 13, items 3 and 4): attempts are counted before the password is checked,
//! so concurrent attempts cannot get past the limits; the client address comes from a trusted
//! proxy only; and a targeted person can still sign in while someone guesses at the account.

use std::net::{IpAddr, SocketAddr};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use forvalt::app::Config;
use forvalt::store::Store;
use forvalt::web::HttpSettings;
use tower::ServiceExt;

use crate::web::{Browser, PASSWORD, TempDir, app_on, seed};

/// One API login from `ip` with extra headers; returns the status and Retry-After.
async fn api_login_from(
    router: &Router,
    ip: [u8; 4],
    headers: &[(&str, &str)],
    employee_id: &str,
    password: &str,
) -> (StatusCode, Option<u64>) {
    let mut request = Request::post("/api/login").header(header::CONTENT_TYPE, "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request
        .body(Body::from(format!(
            r#"{{"employee_id":"{employee_id}","password":"{password}"}}"#
        )))
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 41000))));
    let response = router.clone().oneshot(request).await.unwrap();
    let retry = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (response.status(), retry)
}

fn limited_app(dir: &TempDir) -> (Router, forvalt::web::AppState) {
    seed(&Store::open(&dir.db()).unwrap());
    app_on(&dir.db(), Config::default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_concurrent_wrong_passwords_check_at_most_the_limit() {
    let dir = TempDir::new("security");
    let (router, _state) = limited_app(&dir);
    let attempts: Vec<_> = (0..60)
        .map(|_| {
            let router = router.clone();
            tokio::spawn(async move {
                api_login_from(&router, [10, 9, 9, 9], &[], "kari", "gjett-gjett").await
            })
        })
        .collect();
    let mut checked = 0;
    let mut refused = 0;
    for attempt in attempts {
        match attempt.await.unwrap().0 {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    let limit = Config::default().max_failures_per_account;
    assert!(
        checked <= limit,
        "{checked} passwords were checked, the limit is {limit}"
    );
    assert_eq!(checked + refused, 60);
}

#[tokio::test]
async fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
    // Without trusted proxies a client cannot pick its own address for the limits.
    let dir = TempDir::new("security");
    let (router, _state) = limited_app(&dir);
    for n in 0..5 {
        let spoofed = format!("198.51.100.{n}");
        let (status, _) = api_login_from(
            &router,
            [10, 1, 1, 1],
            &[("x-forwarded-for", &spoofed)],
            "kari",
            "gjett-gjett",
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = api_login_from(
        &router,
        [10, 1, 1, 1],
        &[("x-forwarded-for", "198.51.100.77")],
        "kari",
        PASSWORD,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a made-up X-Forwarded-For does not make a new client"
    );

    // Behind a trusted proxy every user shares the proxy's address; the real client is the
    // right-most untrusted hop, so one person's failures do not lock out the others.
    let dir = TempDir::new("security");
    seed(&Store::open(&dir.db()).unwrap());
    let (_, state) = app_on(&dir.db(), Config::default());
    let router = forvalt::web::app(state.with_http(HttpSettings {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..HttpSettings::default()
    }));
    for n in 0..25 {
        // The attacker writes a fake left-most hop; the proxy appends the real address.
        api_login_from(
            &router,
            [127, 0, 0, 1],
            &[("x-forwarded-for", "192.0.2.1, 203.0.113.66")],
            &format!("gjettet{n}"),
            "gjett-gjett",
        )
        .await;
    }
    let (status, _) = api_login_from(
        &router,
        [127, 0, 0, 1],
        &[("x-forwarded-for", "203.0.113.10")],
        "hanne",
        PASSWORD,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another user behind the same proxy signs in"
    );
    let (status, _) = api_login_from(
        &router,
        [127, 0, 0, 1],
        &[("x-forwarded-for", "192.0.2.1, 203.0.113.66")],
        "hanne",
        PASSWORD,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the attacker is slowed"
    );
}

#[test]
fn the_client_address_is_the_right_most_untrusted_hop() {
    use forvalt::web::client_address;
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    let headers = |v: &str| {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    };
    let trusted = [ip("127.0.0.1"), ip("10.0.0.2")];
    let peer = ip("127.0.0.1");
    assert_eq!(
        client_address(ip("192.0.2.9"), &headers("1.2.3.4"), &trusted),
        ip("192.0.2.9")
    );
    assert_eq!(
        client_address(peer, &headers("1.2.3.4, 5.6.7.8"), &trusted),
        ip("5.6.7.8")
    );
    assert_eq!(
        client_address(peer, &headers("1.2.3.4, 5.6.7.8, 10.0.0.2"), &trusted),
        ip("5.6.7.8")
    );
    assert_eq!(client_address(peer, &HeaderMap::new(), &trusted), peer);
    assert_eq!(
        client_address(peer, &headers("junk, 10.0.0.2"), &trusted),
        ip("10.0.0.2")
    );
}

#[tokio::test]
async fn someone_guessing_a_named_account_does_not_keep_its_owner_out() {
    let dir = TempDir::new("security");
    let (router, _state) = limited_app(&dir);
    // Kari signs in from her usual computer.
    let mut kari = Browser::new(&router);
    kari.ip = Some([10, 0, 0, 5]);
    assert_eq!(
        kari.login("kari", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // Someone guesses at her account from several addresses.
    for n in 0..12u8 {
        api_login_from(&router, [172, 16, 0, n], &[], "kari", "gjett-gjett").await;
    }
    // Her own computer still gets in with the right password.
    let mut again = Browser::new(&router);
    again.ip = Some([10, 0, 0, 5]);
    assert_eq!(
        again.login("kari", PASSWORD).await.status,
        StatusCode::SEE_OTHER,
        "the owner is not locked out"
    );
    // A new computer is slowed, not locked out for the whole window: it is told to wait a
    // growing, capped time (at most five minutes, not the 15-minute window).
    let (status, retry) = api_login_from(&router, [10, 0, 0, 99], &[], "kari", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry = retry.expect("a Retry-After");
    assert!((1..=300).contains(&retry), "Retry-After {retry}");
}
