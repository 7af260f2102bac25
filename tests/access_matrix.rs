//! The access matrix: every route the server has × every kind of caller, in one table
//! ([`table`]), probed through the real router.
//!
//! Callers (the columns): nobody (no cookie, no token), a caseworker who owns the tests the rows
//! name, another caseworker, the leader of the first caseworker's unit, the leader of another
//! unit, HR, an author, an administrator, the API bearer tokens of the caseworker and of HR, and
//! the ops bearer token. Every request comes from the loopback address, so the ops routes show
//! that loopback alone opens nothing (trusting it is opt-in, and off here).
//!
//! A form is posted with a valid CSRF token of the caller's own session, so what refuses is the
//! role check, not the CSRF check; [`forms_without_their_own_csrf_token_are_refused`] checks
//! separately that every form is refused without its token or with another session's, even for a
//! caller who may use it. [`the_table_lists_every_route_of_the_router`] reads the routes from
//! `src/web` and fails when one has no row, so a route added without thinking about who may
//! use it fails here. The rows are run in order on one server: a row that changes something
//! (an administrator deactivating a person, say) comes before the rows that depend on it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use forvalt::app::Principal;
use forvalt::app::simulee::take_test;
use forvalt::store::{CycleId, Role, TestId, UserInput};
use forvalt::web::AppState;
use forvalt::web::ops::OpsSettings;
use jiff::ToSpan;
use tower::ServiceExt;

use crate::support::{self, TempDir};
use crate::web::{PASSWORD, add_leader, api_login, first_test_of, hidden, logged_in};
use crate::web_author::bank_copy;
use crate::web_hr::take_tests;

/// The ops bearer token of the test server.
const OPS_TOKEN: &str = "access-matrix-ops-token";

/// Who is asking: the columns of the table, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Caller {
    /// No cookie, no token.
    Anonymous,
    /// `kari`, caseworker in BUF/Område Nord/Team 3: owns the tests the rows name.
    Caseworker,
    /// `ola`, a caseworker in the same team.
    OtherCaseworker,
    /// `lena`, a caseworker who leads BUF/Område Nord (kari's unit).
    Leader,
    /// `otto`, a caseworker who leads BUF/Område Sør.
    OtherLeader,
    /// `hanne`.
    Hr,
    /// `aud`.
    Author,
    /// `ada`.
    Admin,
    /// kari's API bearer token (from `POST /api/login`), no cookie.
    ApiCaseworker,
    /// hanne's API bearer token, no cookie.
    ApiHr,
    /// The ops bearer token, no cookie.
    Ops,
}

pub(crate) const CALLERS: [Caller; 11] = [
    Caller::Anonymous,
    Caller::Caseworker,
    Caller::OtherCaseworker,
    Caller::Leader,
    Caller::OtherLeader,
    Caller::Hr,
    Caller::Author,
    Caller::Admin,
    Caller::ApiCaseworker,
    Caller::ApiHr,
    Caller::Ops,
];

impl Caller {
    /// The person behind a browser session or an API token.
    pub(crate) fn employee_id(self) -> Option<&'static str> {
        match self {
            Caller::Anonymous | Caller::Ops => None,
            Caller::Caseworker | Caller::ApiCaseworker => Some("kari"),
            Caller::OtherCaseworker => Some("ola"),
            Caller::Leader => Some("lena"),
            Caller::OtherLeader => Some("otto"),
            Caller::Hr | Caller::ApiHr => Some("hanne"),
            Caller::Author => Some("aud"),
            Caller::Admin => Some("ada"),
        }
    }

    pub(crate) fn uses_api_token(self) -> bool {
        matches!(self, Caller::ApiCaseworker | Caller::ApiHr)
    }
}

/// What a caller gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// 2xx, or a redirect that is not to the login page.
    Ok,
    /// A redirect to the login page (a page without a session).
    Login,
    /// A redirect to the login page that also deletes the session cookie (logging out).
    LoggedOut,
    /// 401 (the API without a bearer token).
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    /// 400, 409, 410 or 422: the caller passed the role check; the request itself was refused
    /// (a stale digest, an invalid form, a draft in another state).
    Refused,
    /// In the table only: [`Outcome::Ok`] or [`Outcome::Refused`], where which one depends on
    /// timing (a background job of an earlier probe still running), but the role check passed.
    Passed,
    Other(u16),
}

impl Outcome {
    /// Whether `got` is what `self` expects.
    fn admits(self, got: Outcome) -> bool {
        self == got || (self == Outcome::Passed && matches!(got, Outcome::Ok | Outcome::Refused))
    }
}

use Outcome::{
    Forbidden as E403, LoggedOut as OUT, Login as LOGIN, NotFound as E404, Ok as OK,
    Passed as PASSED, Refused as REFUSED, Unauthorized as E401,
};

/// Where a form's CSRF token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Csrf {
    /// No CSRF token: GET, the API (bearer token) and the ops routes (ops token).
    None,
    /// The synchronizer token of the caller's session.
    Session,
    /// The signed double-submit token of this page's form (the forms without a session).
    Page(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Payload {
    Empty,
    Form(&'static [(&'static str, &'static str)]),
    Json(&'static str),
}

/// One row: a route, an example request to it and what each caller gets.
pub(crate) struct Row {
    pub(crate) method: Method,
    /// The route as `src/web` writes it.
    pub(crate) pattern: &'static str,
    /// The example request's path (and query); `<name>` is filled in from [`Fixture::vars`].
    pub(crate) path: &'static str,
    pub(crate) payload: Payload,
    pub(crate) csrf: Csrf,
    /// Probe with a session of its own for each caller (logging out ends it).
    pub(crate) fresh_session: bool,
    pub(crate) expect: [Outcome; 11],
}

fn get(pattern: &'static str, path: &'static str, expect: [Outcome; 11]) -> Row {
    Row {
        method: Method::GET,
        pattern,
        path,
        payload: Payload::Empty,
        csrf: Csrf::None,
        fresh_session: false,
        expect,
    }
}

/// A browser form with the session's CSRF token.
fn form(
    pattern: &'static str,
    path: &'static str,
    fields: &'static [(&'static str, &'static str)],
    expect: [Outcome; 11],
) -> Row {
    Row {
        method: Method::POST,
        payload: Payload::Form(fields),
        csrf: Csrf::Session,
        ..get(pattern, path, expect)
    }
}

/// A form of a page without a session (double-submit CSRF token from `page`).
fn public_form(
    pattern: &'static str,
    path: &'static str,
    page: &'static str,
    fields: &'static [(&'static str, &'static str)],
    expect: [Outcome; 11],
) -> Row {
    Row {
        csrf: Csrf::Page(page),
        ..form(pattern, path, fields, expect)
    }
}

/// A JSON request to the API.
fn api_post(
    pattern: &'static str,
    path: &'static str,
    json: &'static str,
    expect: [Outcome; 11],
) -> Row {
    Row {
        method: Method::POST,
        payload: Payload::Json(json),
        ..get(pattern, path, expect)
    }
}

/// A form to an ops route: no CSRF token (the ops token is the credential), and an empty body,
/// so an admitted request is refused for its body (400) and changes nothing.
fn ops_post(pattern: &'static str, path: &'static str, expect: [Outcome; 11]) -> Row {
    Row {
        method: Method::POST,
        payload: Payload::Form(&[]),
        ..get(pattern, path, expect)
    }
}

/// The table. Columns: anonymous, caseworker (kari, owner), other caseworker (ola), leader of
/// kari's unit, leader of another unit, HR, author, admin, kari's API token, HR's API token,
/// ops token. `<open>` is kari's unfinished test (cycle 1), `<done>` her finished one (cycle 2,
/// past its deadline), `<dora>` a caseworker the administrator's forms act on, `<link>` a
/// set-password link of dora's, `<nord>` the unit lena leads (not otto), `<team>` kari's team,
/// `<ensom>` a department of one person, `<later>` and `<much-later>` dates 100 and 130 days
/// ahead.
#[rustfmt::skip]
pub(crate) fn table() -> Vec<Row> {
    vec![
        // Everyone: the login pages, the privacy notice, health.
        //                                                        anon    kari    ola     lena    otto    hr      author  admin   apiCw   apiHr   ops
        get("/logg-inn", "/logg-inn",                             [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK]),
        public_form("/logg-inn", "/logg-inn", "/logg-inn", &[("employee_id", "dora"), ("password", PASSWORD)],
                                                                  [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK]),
        // Single sign-on is not configured here: its routes do not exist (tests/sso_oidc.rs).
        get("/logg-inn/sso", "/logg-inn/sso",                     [E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404]),
        get("/logg-inn/sso/retur", "/logg-inn/sso/retur?code=x&state=y",
                                                                  [E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404]),
        // The link's token is the credential, whoever holds it; mismatched passwords (422) keep
        // the link unused.
        get("/passord/{token}", "/passord/<link>",                [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK]),
        get("/passord/{token}", "/passord/ukjent-lenke",          [E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404,   E404]),
        public_form("/passord/{token}", "/passord/<link>", "/passord/<link>", &[("password", "et-langt-nytt-passord"), ("repeat", "et-annet-nytt-passord")],
                                                                  [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED]),
        get("/personvern", "/personvern",                         [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK]),
        get("/healthz", "/healthz",                               [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK]),

        // Caseworkers: home, taking a test, the result. Other people's tests are "not found".
        get("/", "/",                                             [LOGIN,  OK,     OK,     OK,     OK,     OK,     OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/malform", "/malform", &[("malform", "nb")],        [LOGIN,  OK,     OK,     OK,     OK,     OK,     OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/sykluser/{cycle}/start", "/sykluser/1/start", &[], [LOGIN,  OK,     OK,     OK,     OK,     E403,   E403,   E403,   LOGIN,  LOGIN,  LOGIN]),
        get("/tester/{test}", "/tester/<open>",                   [LOGIN,  OK,     E404,   E404,   E404,   E404,   E404,   E404,   LOGIN,  LOGIN,  LOGIN]),
        form("/tester/{test}/svar", "/tester/<open>/svar", &[("position", "0"), ("option", "1")],
                                                                  [LOGIN,  OK,     E404,   E404,   E404,   E404,   E404,   E404,   LOGIN,  LOGIN,  LOGIN]),
        get("/tester/{test}/resultat", "/tester/<done>/resultat", [LOGIN,  OK,     E404,   E404,   E404,   E404,   E404,   E404,   LOGIN,  LOGIN,  LOGIN]),

        // Unit leaders: their own unit's completion and report; certificates of their people.
        get("/leder", "/leder",                                   [LOGIN,  E403,   E403,   OK,     OK,     E403,   E403,   E403,   LOGIN,  LOGIN,  LOGIN]),
        get("/leder", "/leder?enhet=<nord>",                      [LOGIN,  E403,   E403,   OK,     E403,   E403,   E403,   E403,   LOGIN,  LOGIN,  LOGIN]),
        get("/leder/rapport", "/leder/rapport",                   [LOGIN,  E403,   E403,   OK,     OK,     E403,   E403,   E403,   LOGIN,  LOGIN,  LOGIN]),
        get("/leder/rapport", "/leder/rapport?enhet=<nord>",      [LOGIN,  E403,   E403,   OK,     E403,   E403,   E403,   E403,   LOGIN,  LOGIN,  LOGIN]),
        get("/bevis/{test}", "/bevis/<done>",                     [LOGIN,  OK,     E404,   OK,     E404,   E404,   E404,   E404,   LOGIN,  LOGIN,  LOGIN]),
        get("/bevis/{test}", "/bevis/<open>",                     [LOGIN,  E404,   E404,   E404,   E404,   E404,   E404,   E404,   LOGIN,  LOGIN,  LOGIN]),

        // HR reports (session or bearer token). Never one person's answers: see
        // hr_exports_never_carry_one_persons_answers.
        get("/hr", "/hr",                                         [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr", "/hr?syklus=2",                                [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema", "/hr/tema?syklus=2&format=csv",           [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema", "/hr/tema?syklus=2&format=excel-csv",     [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema", "/hr/tema?syklus=2&format=json",          [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema", "/hr/tema?syklus=2&format=xlsx",          [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema/{topic}", "/hr/tema/klage?syklus=2&niva=3&avdeling=<team>",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema/{topic}", "/hr/tema/klage?syklus=2&niva=2&avdeling=<ensom>&format=csv",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema/{topic}", "/hr/tema/klage?syklus=2&niva=2&avdeling=<ensom>&format=excel-csv",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema/{topic}", "/hr/tema/klage?syklus=2&niva=2&avdeling=<ensom>&format=json",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema/{topic}", "/hr/tema/klage?syklus=2&niva=2&avdeling=<ensom>&format=xlsx",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/tema/{topic}", "/hr/tema/klage?syklus=2&avdeling=Finnes/Ikke",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E404,   E403,   E404,   E403,   E404,   LOGIN]),
        get("/hr/gjennomforing", "/hr/gjennomforing?syklus=2",    [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/gjennomforing", "/hr/gjennomforing?syklus=2&format=csv",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/gjennomforing", "/hr/gjennomforing?syklus=2&format=xlsx",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/gjennomforing/personer", "/hr/gjennomforing/personer?syklus=2&format=json",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/gjennomforing/personer", "/hr/gjennomforing/personer?syklus=2&format=excel-csv",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/oppfolging", "/hr/oppfolging?syklus=2",          [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),
        get("/hr/oppfolging", "/hr/oppfolging?syklus=2&format=csv",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   OK,     E403,   OK,     E403,   OK,     LOGIN]),

        // Authors (and administrators).
        get("/forfatter", "/forfatter",                           [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/forfatter/oppgaver.csv", "/forfatter/oppgaver.csv", [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/forfatter/oppgaver/{id}", "/forfatter/oppgaver/hab-001",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/forfatter/oppgaver/ny", "/forfatter/oppgaver/ny",   [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/forfatter/oppgaver/ny", "/forfatter/oppgaver/ny", NEW_ITEM_PREVIEW,
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/forfatter/oppgaver/{id}/rediger", "/forfatter/oppgaver/hab-001/rediger",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/forfatter/oppgaver/{id}/rediger", "/forfatter/oppgaver/hab-001/rediger", EDIT_PREVIEW,
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/forfatter/oppgaver/{id}/arbeid", "/forfatter/oppgaver/hab-001/arbeid",
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/forfatter/oppgaver/{id}/kommenter", "/forfatter/oppgaver/hab-001/kommenter", &[("kommentar", "Ser bra ut.")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        // hab-001 has no draft: the workflow steps are refused after the role check.
        form("/forfatter/oppgaver/{id}/send", "/forfatter/oppgaver/hab-001/send", &[("versjon", "1")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   REFUSED, REFUSED, LOGIN, LOGIN,  LOGIN]),
        form("/forfatter/oppgaver/{id}/godkjenn", "/forfatter/oppgaver/hab-001/godkjenn", &[("versjon", "1")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   REFUSED, REFUSED, LOGIN, LOGIN,  LOGIN]),
        form("/forfatter/oppgaver/{id}/returner", "/forfatter/oppgaver/hab-001/returner", &[("versjon", "1"), ("kommentar", "Nei")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   REFUSED, REFUSED, LOGIN, LOGIN,  LOGIN]),
        form("/forfatter/oppgaver/{id}/utga", "/forfatter/oppgaver/hab-001/utga", &[("grunn", "")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   REFUSED, REFUSED, LOGIN, LOGIN,  LOGIN]),
        // hab-001 has no version 99.
        form("/forfatter/oppgaver/{id}/gjenopprett", "/forfatter/oppgaver/hab-001/gjenopprett", &[("fra", "99"), ("grunnlag", "0")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E404,   E404,   LOGIN,  LOGIN,  LOGIN]),
        get("/forfatter/lovendringer", "/forfatter/lovendringer", [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/forfatter/lovendringer", "/forfatter/lovendringer", &[("handling", "draft")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/forfatter/lovendringer/ny", "/forfatter/lovendringer/ny", &[("lov", ""), ("paragraf", ""), ("dato", "")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   REFUSED, REFUSED, LOGIN, LOGIN,  LOGIN]),
        get("/forfatter/kalibrering", "/forfatter/kalibrering",   [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     OK,     LOGIN,  LOGIN,  LOGIN]),
        // No item chosen: refused after the role check, nothing accepted.
        form("/forfatter/kalibrering", "/forfatter/kalibrering", &[],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   REFUSED, REFUSED, LOGIN, LOGIN,  LOGIN]),
        // The author's job may still run when the administrator asks (one at a time).
        form("/forfatter/kalibrering/start", "/forfatter/kalibrering/start", &[],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   OK,     PASSED, LOGIN,  LOGIN,  LOGIN]),

        // Administrators.
        get("/admin", "/admin",                                   [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/admin/personer", "/admin/personer",                 [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/admin/personer/{id}", "/admin/personer/<dora>",     [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/personer/{id}/rolle", "/admin/personer/<dora>/rolle", &[("role", "caseworker")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/personer/{id}/avdeling", "/admin/personer/<dora>/avdeling", &[("department", "BUF/Område Sør/Team 1")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/personer/{id}/passordlenke", "/admin/personer/<dora>/passordlenke", &[],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/personer/{id}/deaktiver", "/admin/personer/<dora>/deaktiver", &[],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/personer/{id}/reaktiver", "/admin/personer/<dora>/reaktiver", &[],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/admin/roster", "/admin/roster",                     [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/roster", "/admin/roster", &[("roster", "employee_id;name;email;department;role\nny;Ny Person;ny@example.no;BUF;caseworker\n")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   REFUSED, LOGIN, LOGIN,  LOGIN]),
        // A digest that matches no preview: refused (409) after the role check, nothing applied.
        form("/admin/roster/bruk", "/admin/roster/bruk", &[("roster", "employee_id;name;email;department;role\n"), ("digest", "0000")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   REFUSED, LOGIN, LOGIN,  LOGIN]),
        get("/admin/sykluser", "/admin/sykluser",                 [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/sykluser/ny", "/admin/sykluser/ny", &[("name", "Matrise"), ("opens", "<later>"), ("deadline", "<much-later>")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/sykluser/frist", "/admin/sykluser/frist", &[("name", "Øvelse"), ("deadline", "<much-later>")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        form("/admin/sykluser/lukk", "/admin/sykluser/lukk", &[("name", "Øvelse")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/admin/utboks", "/admin/utboks",                     [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/admin/utboks.json", "/admin/utboks.json",           [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     E403,   E403,   LOGIN]),
        // No such message: the administrator gets past the role check to "not found".
        form("/admin/utboks/send-igjen", "/admin/utboks/send-igjen", &[("id", "ingen-slik-melding")],
                                                                  [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   E404,   LOGIN,  LOGIN,  LOGIN]),
        get("/admin/revisjon", "/admin/revisjon",                 [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/admin/revisjon", "/admin/revisjon?format=csv",      [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),
        get("/admin/innstillinger", "/admin/innstillinger",       [LOGIN,  E403,   E403,   E403,   E403,   E403,   E403,   OK,     LOGIN,  LOGIN,  LOGIN]),

        // The JSON API: a bearer token; a session cookie alone is not enough (no CSRF there).
        api_post("/api/login", "/api/login", r#"{"employee_id":"dora","password":"riktig-passord"}"#,
                                                                  [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK]),
        get("/api/cycles", "/api/cycles",                         [E401,   E401,   E401,   E401,   E401,   E401,   E401,   E401,   OK,     OK,     E401]),
        api_post("/api/cycles/{cycle}/test", "/api/cycles/1/test", "",
                                                                  [E401,   E401,   E401,   E401,   E401,   E401,   E401,   E401,   OK,     E403,   E401]),
        get("/api/tests/{test}", "/api/tests/<open>",             [E401,   E401,   E401,   E401,   E401,   E401,   E401,   E401,   OK,     E404,   E401]),
        api_post("/api/tests/{test}/answer", "/api/tests/<open>/answer", r#"{"position":0,"option":1}"#,
                                                                  [E401,   E401,   E401,   E401,   E401,   E401,   E401,   E401,   OK,     E404,   E401]),
        get("/api/tests/{test}/result", "/api/tests/<done>/result",
                                                                  [E401,   E401,   E401,   E401,   E401,   E401,   E401,   E401,   OK,     E404,   E401]),

        // Operations: the ops token only; a session (even an administrator's) or loopback alone
        // gets 403. The ops token's forms are empty, so they are refused for their body (400).
        get("/metrics", "/metrics",                               [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   OK]),
        ops_post("/ops/backup", "/ops/backup",                    [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   OK]),
        ops_post("/ops/users", "/ops/users",                      [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   REFUSED]),
        get("/ops/admin/cycles", "/ops/admin/cycles",             [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   OK]),
        ops_post("/ops/admin/cycles/add", "/ops/admin/cycles/add",
                                                                  [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   REFUSED]),
        ops_post("/ops/admin/cycles/deadline", "/ops/admin/cycles/deadline",
                                                                  [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   REFUSED]),
        ops_post("/ops/admin/cycles/close", "/ops/admin/cycles/close",
                                                                  [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   REFUSED]),
        get("/ops/admin/export", "/ops/admin/export",             [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   OK]),
        ops_post("/ops/admin/retention", "/ops/admin/retention",  [E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   E403,   REFUSED]),

        // Last: logging out (each caller with a session of its own).
        Row { fresh_session: true, ..form("/logg-ut", "/logg-ut", &[],
                                                                  [LOGIN,  OUT,    OUT,    OUT,    OUT,    OUT,    OUT,    OUT,    LOGIN,  LOGIN,  LOGIN]) },
    ]
}

/// The new-item form asking for a preview (`handling=vis`): checked, not stored.
const NEW_ITEM_PREVIEW: &[(&str, &str)] = &[
    ("tema", "klage"),
    ("sporsmal", "Hvem avgjør en klage?"),
    ("alternativ-0", "Den som fattet vedtaket"),
    ("alternativ-1", "Klageinstansen"),
    ("fasit", "B"),
    ("forklaring", "Klageinstansen avgjør."),
    ("handling", "vis"),
];

/// The edit form of an item asking for a preview.
const EDIT_PREVIEW: &[(&str, &str)] = &[
    ("tema", "habilitet"),
    ("sporsmal", "Når er en tjenesteperson inhabil?"),
    ("alternativ-0", "Aldri"),
    ("alternativ-1", "Når særegne forhold svekker tilliten"),
    ("fasit", "B"),
    ("forklaring", "Se forvaltningsloven § 6."),
    ("grunnlag", "0"),
    ("handling", "vis"),
];

/// A caller's credentials.
#[derive(Debug, Clone, Default)]
pub(crate) struct Credentials {
    cookies: BTreeMap<String, String>,
    bearer: Option<String>,
    /// The session's CSRF token (browser sessions).
    csrf: Option<String>,
}

/// The server and what the rows refer to.
pub(crate) struct Fixture {
    _dir: TempDir,
    router: Router,
    pub(crate) state: AppState,
    callers: Vec<(Caller, Credentials)>,
    vars: HashMap<&'static str, String>,
}

/// Percent-encoding for a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn user(employee_id: &str, department: &str, role: Role) -> UserInput {
    UserInput {
        employee_id: employee_id.into(),
        name: format!("{employee_id} Matrisen"),
        email: format!("{employee_id}@example.no"),
        department: department.into(),
        role,
        password_hash: Some(forvalt::app::hash_password(PASSWORD)),
    }
}

impl Fixture {
    /// The web fixture of `web_author` (kari, ola, hanne, aud, ada; cycle 1 open) on a copy of
    /// the fixture bank, plus: cycle 2 (deadline three days ago) in which kari and one person
    /// alone in BUF/Ensom finished their tests; cycle 3 «Øvelse» (open since yesterday) for the
    /// administrator's deadline and close forms; leaders lena (BUF/Område Nord) and otto (BUF/Område Sør); dora, whom the
    /// administrator's forms change; kari's unfinished test of cycle 1; a set-password link of
    /// dora's. The ops token is [`OPS_TOKEN`].
    pub(crate) async fn new() -> Fixture {
        let dir = TempDir::new("access");
        let bank = bank_copy(&dir);
        let (_, state) = crate::web_author::app(&dir, &bank);
        let state = state.with_ops(OpsSettings {
            token: Some(OPS_TOKEN.into()),
            ..OpsSettings::default()
        });
        let router = forvalt::web::app(state.clone());
        let store = state.app.store();
        let today = support::today();
        let past = store
            .add_cycle("Forrige", today - 60.days(), today - 3.days())
            .unwrap();
        assert_eq!(past.id, 2);
        let exercise = store
            .add_cycle("Øvelse", today - 1.days(), today + 40.days())
            .unwrap();
        assert_eq!(exercise.id, 3);
        add_leader(&state, "lena", "BUF/Område Nord", "BUF/Område Nord");
        add_leader(&state, "otto", "BUF/Område Sør", "BUF/Område Sør");
        store
            .upsert_users(
                &[user("dora", "BUF/Område Sør/Team 1", Role::Caseworker)],
                jiff::Timestamp::now(),
            )
            .unwrap();

        // kari's finished test of cycle 2, taken on its last day; one person alone in BUF/Ensom.
        let at_deadline = past
            .deadline
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::system())
            .unwrap()
            .timestamp();
        let kari = Principal {
            user: store.user_by_login("kari").unwrap().unwrap(),
            csrf: String::new(),
        };
        let done = state
            .app
            .test_taking
            .start_test(&kari, CycleId(2), at_deadline)
            .unwrap();
        take_test(
            &state.app.test_taking,
            &kari,
            TestId(done.id),
            at_deadline,
            usize::MAX,
            |shown| shown.right(4000),
        )
        .unwrap();
        take_tests(&state, 2, "ensom", "BUF/Ensom", 1, None);

        let mut callers = Vec::new();
        for caller in CALLERS {
            callers.push((caller, credentials(&router, caller).await));
        }
        let mut fixture = Fixture {
            _dir: dir,
            router,
            state,
            callers,
            vars: HashMap::new(),
        };

        // kari's unfinished test of cycle 1, one item answered.
        let kari = fixture.credentials(Caller::Caseworker).clone();
        let started = fixture
            .send(
                &kari,
                Method::POST,
                "/sykluser/1/start",
                form_body(&kari, &[]),
            )
            .await;
        assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
        let open: u64 = started
            .location
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let item = fixture
            .send(&kari, Method::GET, &format!("/tester/{open}"), None)
            .await;
        let position = hidden(&item.text(), "position");
        let answered = fixture
            .send(
                &kari,
                Method::POST,
                &format!("/tester/{open}/svar"),
                form_body(&kari, &[("position", &position), ("option", "0")]),
            )
            .await;
        assert_eq!(
            answered.status,
            StatusCode::SEE_OTHER,
            "{}",
            answered.text()
        );

        let dora = store_user_id(&fixture.state, "dora");
        let admin = fixture.credentials(Caller::Admin).clone();
        let sent = fixture
            .send(
                &admin,
                Method::POST,
                &format!("/admin/personer/{dora}/passordlenke"),
                form_body(&admin, &[]),
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
        let text = sent.text();
        let marker = "/passord/";
        let start = text.find(marker).expect("the link is shown") + marker.len();
        let link: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();

        let date = |days: i64| (today + days.days()).to_string();
        fixture.vars = HashMap::from([
            ("open", open.to_string()),
            ("done", done.id.to_string()),
            ("dora", dora.to_string()),
            ("link", link),
            ("nord", encode("BUF/Område Nord")),
            ("team", encode("BUF/Område Nord/Team 3")),
            ("ensom", encode("BUF/Ensom")),
            ("later", date(100)),
            ("much-later", date(130)),
        ]);
        fixture
    }

    pub(crate) fn credentials(&self, caller: Caller) -> &Credentials {
        &self
            .callers
            .iter()
            .find(|(c, _)| *c == caller)
            .expect("every caller has credentials")
            .1
    }

    /// `text` with every `<name>` replaced by its value.
    pub(crate) fn fill(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (name, value) in &self.vars {
            out = out.replace(&format!("<{name}>"), value);
        }
        assert!(
            !out.contains('<'),
            "an unknown placeholder in {text}: {out}"
        );
        out
    }

    pub(crate) async fn send(
        &self,
        credentials: &Credentials,
        method: Method,
        path: &str,
        body: Option<(&'static str, String)>,
    ) -> Reply {
        send(&self.router, credentials, method, path, body).await
    }
}

fn store_user_id(state: &AppState, employee_id: &str) -> u64 {
    state
        .app
        .store()
        .user_by_login(employee_id)
        .unwrap()
        .unwrap()
        .id
}

/// A form body with the session's CSRF token.
fn form_body(credentials: &Credentials, fields: &[(&str, &str)]) -> Option<(&'static str, String)> {
    let mut pairs: Vec<(&str, &str)> = fields.to_vec();
    if let Some(csrf) = &credentials.csrf {
        pairs.push(("csrf", csrf));
    }
    Some(("application/x-www-form-urlencoded", urlencoded(&pairs)))
}

fn urlencoded(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Log `caller` in the way it asks: the login form for a browser, `POST /api/login` for an API
/// token; the ops token as configured.
async fn credentials(router: &Router, caller: Caller) -> Credentials {
    match (caller, caller.employee_id()) {
        (Caller::Ops, _) => Credentials {
            bearer: Some(OPS_TOKEN.into()),
            ..Credentials::default()
        },
        (_, None) => Credentials::default(),
        (_, Some(employee_id)) if caller.uses_api_token() => Credentials {
            bearer: Some(api_login(router, employee_id).await),
            ..Credentials::default()
        },
        (_, Some(employee_id)) => {
            let mut browser = logged_in(router, employee_id).await;
            let home = browser.get("/").await;
            assert_eq!(home.status, StatusCode::OK, "{employee_id}: {}", home.body);
            Credentials {
                cookies: browser.cookies.into_iter().collect(),
                bearer: None,
                csrf: Some(hidden(&home.body, "csrf")),
            }
        }
    }
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    location: String,
    /// The `Content-Type` header (empty without one).
    pub(crate) content_type: String,
    /// The response deletes the session cookie.
    ends_session: bool,
    /// Cookies the response sets (name, value).
    set_cookies: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn outcome(&self) -> Outcome {
        let to_login = self.location.starts_with("/logg-inn");
        match self.status.as_u16() {
            300..=399 if to_login && self.ends_session => Outcome::LoggedOut,
            300..=399 if to_login => Outcome::Login,
            200..=399 => Outcome::Ok,
            401 => Outcome::Unauthorized,
            403 => Outcome::Forbidden,
            404 => Outcome::NotFound,
            405 => Outcome::MethodNotAllowed,
            400 | 409 | 410 | 422 => Outcome::Refused,
            other => Outcome::Other(other),
        }
    }
}

/// One request from the loopback address with `credentials`.
async fn send(
    router: &Router,
    credentials: &Credentials,
    method: Method,
    path: &str,
    body: Option<(&'static str, String)>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(path);
    if !credentials.cookies.is_empty() {
        let cookie = credentials
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        request = request.header(header::COOKIE, cookie);
    }
    if let Some(token) = &credentials.bearer {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some((content_type, body)) => {
            request = request.header(header::CONTENT_TYPE, content_type);
            Body::from(body)
        }
        None => Body::empty(),
    };
    let mut request = request.body(body).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let set_cookies: Vec<(String, String)> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| {
            let pair = v.split(';').next().unwrap_or("");
            pair.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    let ends_session = set_cookies
        .iter()
        .any(|(k, v)| k == "forvalt_session" && v.is_empty());
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        location,
        content_type,
        ends_session,
        set_cookies,
        body,
    }
}

/// How a probe treats the form's CSRF token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// The caller's own.
    Own,
    /// No `csrf` field.
    Missing,
    /// Another session's (or another browser's) token.
    Foreign(&'a str),
}

/// Send `row`'s request as `caller`.
pub(crate) async fn probe(fixture: &Fixture, row: &Row, caller: Caller, token: Token<'_>) -> Reply {
    let mut creds = match row.fresh_session {
        true => credentials(&fixture.router, caller).await,
        false => fixture.credentials(caller).clone(),
    };
    let path = fixture.fill(row.path);
    let body = match row.payload {
        Payload::Empty => None,
        Payload::Json(json) => Some(("application/json", fixture.fill(json))),
        Payload::Form(fields) => {
            let fields: Vec<(&str, String)> =
                fields.iter().map(|(k, v)| (*k, fixture.fill(v))).collect();
            let csrf = match row.csrf {
                Csrf::None => None,
                Csrf::Session => creds.csrf.clone(),
                Csrf::Page(page) => {
                    // The form's page sets the double-submit cookie; its hidden field has the
                    // token.
                    let page = fixture.fill(page);
                    let shown = fixture.send(&creds, Method::GET, &page, None).await;
                    assert_eq!(shown.status, StatusCode::OK, "{page}: {}", shown.text());
                    creds.cookies.extend(shown.set_cookies.iter().cloned());
                    Some(hidden(&shown.text(), "csrf"))
                }
            };
            let csrf = match token {
                Token::Own => csrf,
                Token::Missing => None,
                Token::Foreign(other) => Some(other.to_string()),
            };
            let mut pairs: Vec<(&str, &str)> =
                fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            if let Some(csrf) = &csrf {
                pairs.push(("csrf", csrf));
            }
            Some(("application/x-www-form-urlencoded", urlencoded(&pairs)))
        }
    };
    fixture.send(&creds, row.method.clone(), &path, body).await
}

/// The example path of a row fits its route pattern (so a row cannot claim a route it does not
/// probe).
fn fits(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let (a, b): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(p, s)| (p.starts_with('{') && p.ends_with('}') && !s.is_empty()) || p == s)
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_table_says() {
    let fixture = Fixture::new().await;
    let rows = table();
    let mut wrong = Vec::new();
    let mut probes = 0;
    for row in &rows {
        assert!(
            fits(row.pattern, row.path),
            "{} {} is not an example of {}",
            row.method,
            row.path,
            row.pattern
        );
        for (caller, expected) in CALLERS.iter().zip(row.expect) {
            let reply = probe(&fixture, row, *caller, Token::Own).await;
            probes += 1;
            let got = reply.outcome();
            if !expected.admits(got) {
                let text = reply.text();
                wrong.push(format!(
                    "{} {} as {caller:?}: expected {expected:?}, got {got:?} ({} {}) {}",
                    row.method,
                    row.path,
                    reply.status,
                    reply.location,
                    text.split("<main")
                        .nth(1)
                        .unwrap_or(&text)
                        .chars()
                        .take(400)
                        .collect::<String>()
                ));
            }
        }
    }
    println!(
        "access matrix: {} rows × {} callers = {probes} probes",
        rows.len(),
        CALLERS.len()
    );
    assert!(
        wrong.is_empty(),
        "{} of {probes} probes differ from the table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Every method a route does not serve gets 405, whoever asks.
#[tokio::test]
async fn other_methods_get_405_on_every_route() {
    let fixture = Fixture::new().await;
    let mut wrong = Vec::new();
    for (pattern, methods) in routes_in_source() {
        let row = table()
            .into_iter()
            .find(|r| r.pattern == pattern)
            .unwrap_or_else(|| panic!("no row for {pattern}"));
        let path = fixture.fill(row.path);
        let other = [Method::GET, Method::POST, Method::DELETE]
            .into_iter()
            .find(|m| !methods.contains(m.as_str()))
            .unwrap();
        for caller in [Caller::Anonymous, Caller::Admin] {
            let reply = fixture
                .send(fixture.credentials(caller), other.clone(), &path, None)
                .await;
            if reply.status != StatusCode::METHOD_NOT_ALLOWED {
                wrong.push(format!("{other} {path} as {caller:?}: {}", reply.status));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every form that needs a CSRF token is refused (403) without one and with another session's,
/// by a caller the table lets through with its own token.
#[tokio::test]
async fn forms_without_their_own_csrf_token_are_refused() {
    let fixture = Fixture::new().await;
    // A valid token of another session (and of another browser's login form).
    let other_session = fixture
        .credentials(Caller::OtherCaseworker)
        .csrf
        .clone()
        .unwrap();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for row in table().iter().filter(|r| r.csrf != Csrf::None) {
        // The first caller the table lets through (past the role check) who has what the form
        // needs: a session, or for the forms without one, nothing at all.
        let caller = CALLERS
            .iter()
            .zip(row.expect)
            .filter(|(_, e)| matches!(e, OK | REFUSED | PASSED | OUT | E404))
            .map(|(c, _)| *c)
            .find(|c| match row.csrf {
                Csrf::Page(_) => *c == Caller::Anonymous,
                _ => *c != Caller::OtherCaseworker && fixture.credentials(*c).csrf.is_some(),
            })
            .unwrap_or_else(|| panic!("nobody may use {} {}", row.method, row.path));
        let foreign = match row.csrf {
            Csrf::Page(page) => {
                let shown = fixture
                    .send(
                        &Credentials::default(),
                        Method::GET,
                        &fixture.fill(page),
                        None,
                    )
                    .await;
                hidden(&shown.text(), "csrf")
            }
            _ => other_session.clone(),
        };
        for token in [Token::Missing, Token::Foreign(&foreign)] {
            let reply = probe(&fixture, row, caller, token).await;
            checked += 1;
            if reply.status != StatusCode::FORBIDDEN {
                wrong.push(format!(
                    "{} {} as {caller:?} with {token:?}: {}",
                    row.method, row.path, reply.status
                ));
            }
        }
    }
    println!("csrf: {checked} refusals checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// HR's drill-down and exports for a department of one person who finished the test show no
/// item row: nothing of one person's answers, in any format.
#[tokio::test]
async fn hr_exports_never_carry_one_persons_answers() {
    let fixture = Fixture::new().await;
    let hr = fixture.credentials(Caller::Hr);
    let ensom = encode("BUF/Ensom");
    let json = fixture
        .send(
            hr,
            Method::GET,
            &format!("/hr/tema/klage?syklus=2&niva=2&avdeling={ensom}&format=json"),
            None,
        )
        .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.text());
    let drill: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(drill["shown"], false, "{drill}");
    assert_eq!(drill["rows"], serde_json::json!([]), "{drill}");
    for format in ["csv", "excel-csv", "xlsx"] {
        let sheet = fixture
            .send(
                hr,
                Method::GET,
                &format!("/hr/tema/klage?syklus=2&niva=2&avdeling={ensom}&format={format}"),
                None,
            )
            .await;
        assert_eq!(sheet.status, StatusCode::OK, "{format}");
        let rows = match format {
            "xlsx" => {
                use calamine::Reader as _;
                let mut book = calamine::Xlsx::new(std::io::Cursor::new(sheet.body.clone()))
                    .expect("a valid .xlsx");
                let range = book.worksheet_range_at(0).expect("one sheet").unwrap();
                range.rows().count()
            }
            _ => sheet.text().lines().count(),
        };
        assert!(rows <= 1, "{format}: a header at most: {}", sheet.text());
    }
    // With a department large enough to be shown, the topic table and the follow-up plan have
    // rows, but none for the one person's department.
    take_tests(&fixture.state, 2, "stor", "BUF/Stor", 6, None);
    for url in [
        "/hr/tema?syklus=2&niva=2&format=json",
        "/hr/oppfolging?syklus=2&niva=2&format=json",
    ] {
        let reply = fixture.send(hr, Method::GET, url, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{url}");
        let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
        let rows = json["rows"].as_array().unwrap();
        assert!(!rows.is_empty(), "{url}: BUF/Stor is shown: {json}");
        for row in rows {
            assert_ne!(row["department"], "BUF/Ensom", "{url}: {row}");
            if let Some(people) = row["people"].as_u64() {
                assert!(people >= 5, "{url}: fewer than k people: {row}");
            }
        }
    }
    // The person's own result is theirs alone: no HR, leader or other caseworker URL has it.
    let test = first_test_of(&fixture.state, "ensom nr 1");
    for caller in [
        Caller::Hr,
        Caller::Leader,
        Caller::OtherCaseworker,
        Caller::Admin,
    ] {
        for url in [
            format!("/tester/{test}/resultat"),
            format!("/tester/{test}"),
            format!("/bevis/{test}"),
        ] {
            let reply = fixture
                .send(fixture.credentials(caller), Method::GET, &url, None)
                .await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{url} as {caller:?}");
        }
    }
}

/// The role and the active flag are read at every request: a person demoted by an administrator
/// loses HR's pages at once, in the browser and through an API token; a deactivated person's
/// session and token open nothing, also after reactivation.
#[tokio::test]
async fn a_demoted_or_deactivated_persons_session_and_token_lose_access_at_once() {
    let fixture = Fixture::new().await;
    let (browser, api) = (
        fixture.credentials(Caller::Hr).clone(),
        fixture.credentials(Caller::ApiHr).clone(),
    );
    let admin = fixture.credentials(Caller::Admin).clone();
    let hanne = store_user_id(&fixture.state, "hanne");
    let outcome = |reply: Reply| reply.outcome();
    assert_eq!(
        outcome(fixture.send(&browser, Method::GET, "/hr", None).await),
        OK
    );
    assert_eq!(
        outcome(fixture.send(&api, Method::GET, "/hr", None).await),
        OK
    );

    let demoted = fixture
        .send(
            &admin,
            Method::POST,
            &format!("/admin/personer/{hanne}/rolle"),
            form_body(&admin, &[("role", "caseworker")]),
        )
        .await;
    assert_eq!(demoted.status, StatusCode::OK, "{}", demoted.text());
    assert_eq!(
        outcome(fixture.send(&browser, Method::GET, "/hr", None).await),
        E403
    );
    assert_eq!(
        outcome(
            fixture
                .send(&api, Method::GET, "/hr/tema?format=csv", None)
                .await
        ),
        E403
    );
    assert_eq!(
        outcome(fixture.send(&browser, Method::GET, "/", None).await),
        OK
    );

    for (action, code) in [("deaktiver", StatusCode::OK), ("reaktiver", StatusCode::OK)] {
        let reply = fixture
            .send(
                &admin,
                Method::POST,
                &format!("/admin/personer/{hanne}/{action}"),
                form_body(&admin, &[]),
            )
            .await;
        assert_eq!(reply.status, code, "{action}: {}", reply.text());
        assert_eq!(
            outcome(fixture.send(&browser, Method::GET, "/", None).await),
            LOGIN,
            "after {action}"
        );
        assert_eq!(
            outcome(fixture.send(&api, Method::GET, "/api/cycles", None).await),
            E401,
            "after {action}"
        );
    }
}

/// `(pattern, methods)` of every route in `src/web`: the first argument of each `.route(` call
/// (a string literal or a `const`), prefixed by the `.nest(` that mounts its file, and the
/// method routers (`get(`, `post(`, …) in its second argument.
fn routes_in_source() -> BTreeMap<String, BTreeSet<String>> {
    let root = support::repo().join("src/web");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut nests: HashMap<String, String> = HashMap::new();
    let mut found: Vec<(String, String, BTreeSet<String>)> = Vec::new();
    for file in &files {
        let text = code_only(&std::fs::read_to_string(file).unwrap());
        for forbidden in [".route_service(", ".nest_service(", ".fallback_service("] {
            assert!(
                !text.contains(forbidden),
                "{}: {forbidden} routes are not read by this test; add them to routes_in_source",
                file.display()
            );
        }
        for args in calls(&text, ".nest(") {
            let (prefix, router) = args.split_once(',').expect(".nest(prefix, router)");
            let module = router
                .trim()
                .strip_suffix("::router()")
                .unwrap_or_else(|| panic!("unread .nest({args})"));
            nests.insert(module.trim().to_string(), literal(prefix));
        }
        for args in calls(&text, ".route(") {
            let (path, methods) = args.split_once(',').expect(".route(path, methods)");
            let path = path.trim();
            let path = if path.starts_with('"') {
                literal(path)
            } else {
                constant(path)
            };
            let methods: BTreeSet<String> = [
                "get", "post", "put", "patch", "delete", "head", "options", "trace", "any",
            ]
            .into_iter()
            .filter(|m| method_call(methods, m))
            .map(str::to_uppercase)
            .collect();
            assert!(
                !methods.is_empty(),
                "{}: no method in .route({args})",
                file.display()
            );
            found.push((module_of(&root, file), path, methods));
        }
    }
    let mut routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path, methods) in found {
        let prefix = nests.get(&module).cloned().unwrap_or_default();
        routes
            .entry(format!("{prefix}{path}"))
            .or_default()
            .extend(methods);
    }
    routes
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is: `src/web/api.rs` and `src/web/api/mod.rs` are `api`.
fn module_of(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap();
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The source without `//` comments (doc comments mention routes) and without test modules.
fn code_only(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    code.lines()
        .map(|line| match line.trim_start().starts_with("//") {
            true => "",
            false => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The argument text of every call `name(…)` in `text` (balanced parentheses).
fn calls(text: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let after = &rest[at + name.len()..];
        let mut depth = 1;
        let mut end = None;
        let mut in_string = false;
        for (i, c) in after.char_indices() {
            match c {
                '"' => in_string = !in_string,
                '(' if !in_string => depth += 1,
                ')' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = end.unwrap_or_else(|| panic!("unbalanced {name}"));
        out.push(after[..end].to_string());
        rest = &after[end..];
    }
    out
}

/// Whether `text` calls the method router `name(` (not as part of a longer name).
fn method_call(text: &str, name: &str) -> bool {
    let call = format!("{name}(");
    text.match_indices(&call).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

fn literal(text: &str) -> String {
    let text = text.trim();
    assert!(
        text.starts_with('"') && text.ends_with('"'),
        "not a string literal: {text}"
    );
    text[1..text.len() - 1].to_string()
}

/// The value of `const NAME: &str = "…";` anywhere in `src`.
fn constant(name: &str) -> String {
    let name = name.rsplit("::").next().unwrap().trim();
    let mut files = Vec::new();
    rust_files(&support::repo().join("src"), &mut files);
    let marker = format!("const {name}: &str = ");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        if let Some(at) = text.find(&marker) {
            let rest = &text[at + marker.len()..];
            return literal(&rest[..rest.find(';').unwrap()]);
        }
    }
    panic!("no const {name} in src")
}

#[test]
fn the_table_lists_every_route_of_the_router() {
    let source = routes_in_source();
    println!(
        "{} routes, {} route-method pairs in src/web",
        source.len(),
        source.values().map(BTreeSet::len).sum::<usize>()
    );
    let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in table() {
        listed
            .entry(row.pattern.to_string())
            .or_default()
            .insert(row.method.to_string());
    }
    let missing: Vec<String> = source
        .iter()
        .flat_map(|(p, ms)| ms.iter().map(move |m| (p, m)))
        .filter(|(p, m)| !listed.get(*p).is_some_and(|l| l.contains(*m)))
        .map(|(p, m)| format!("{m} {p}"))
        .collect();
    let stale: Vec<String> = listed
        .iter()
        .flat_map(|(p, ms)| ms.iter().map(move |m| (p, m)))
        .filter(|(p, m)| !source.get(*p).is_some_and(|s| s.contains(*m)))
        .map(|(p, m)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the access matrix (tests/access_matrix.rs, table()): say what \
         every caller gets:\n{}",
        missing.join("\n")
    );
    assert!(
        stale.is_empty(),
        "rows for routes the router does not have:\n{}",
        stale.join("\n")
    );
    // The scan itself finds the routes it must: one of each kind of declaration.
    for (pattern, method) in [
        ("/", "GET"),
        ("/logg-inn", "POST"),
        ("/logg-inn/sso/retur", "GET"),
        ("/api/tests/{test}/answer", "POST"),
        ("/forfatter/kalibrering", "POST"),
    ] {
        assert!(
            source.get(pattern).is_some_and(|m| m.contains(method)),
            "{method} {pattern} not found in src/web: {source:?}"
        );
    }
}
