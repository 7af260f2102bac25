//! Single sign-on with OpenID Connect: the authorization-code flow with PKCE, `state` and
//! `nonce`, against a provider found by discovery (Microsoft Entra ID, ID-porten, Feide, …).
//!
//! [`Sso::begin`] makes a pending login (state, nonce, PKCE verifier, where to go afterwards),
//! kept here in memory for [`PENDING_LIFETIME`] and bound to the browser's random key (a
//! cookie the web layer sets); [`Sso::finish`] takes the provider's answer, removes the pending
//! login (a `state` is used once), exchanges the code, and checks the ID token with the
//! `openidconnect` crate: signature against the provider's JWKS (fetched again once when the
//! token names a key the set does not have: key rotation), issuer, audience, expiry and nonce.
//! The employee id is the configured claim, from the ID token or else from the userinfo
//! endpoint. [`Sso::sign_in`] then opens a session like a password login does, for a person in
//! the roster who is not deactivated, and writes the sign-in (or its refusal) to the audit log.
//!
//! Unlike the rest of the application layer, [`Sso::begin`], [`Sso::finish`] and
//! [`Sso::logout_url`] are async: they wait for the provider, not for the database. The
//! provider's metadata is fetched at first use and cached (the server starts while the provider
//! is down); after a failure, pages say so without asking again for [`RETRY_AFTER`], and
//! starting a login always asks again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJsonWebKeySet,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId,
    ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IssuerUrl,
    LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, RequestTokenError, Scope,
    SignatureVerificationError, SubjectIdentifier, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};

use super::{Accounts, Principal, ServiceError, VerifiedSignIn};
use crate::store::{AuditRecord, Role, Store};

/// A login started but not finished is forgotten after this long.
pub const PENDING_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// After a failed discovery, pages show "not available" for this long before asking again.
pub const RETRY_AFTER: Duration = Duration::from_secs(10);
/// The discovered metadata is fetched again when it is older than this.
const METADATA_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);
/// The key set is fetched again for an unknown key at most this often.
const JWKS_REFETCH_MIN: Duration = Duration::from_secs(5);
/// Logins in progress kept at most (a flood of started logins cannot grow memory without end).
const MAX_PENDING: usize = 50_000;
/// The path of the redirect URI, under the configured `base_url`.
pub const CALLBACK_PATH: &str = "/logg-inn/sso/retur";
/// Where the provider sends the browser after logging out there.
pub const POST_LOGOUT_PATH: &str = "/logg-inn";

/// The single sign-on settings (`oidc_*` keys).
#[derive(Debug, Clone, PartialEq)]
pub struct SsoConfig {
    /// The issuer URL; its `/.well-known/openid-configuration` is the discovery document.
    pub issuer: String,
    pub client_id: String,
    /// `None` for a public client (PKCE only).
    pub client_secret: Option<String>,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    /// The claim whose value is the employee id (`preferred_username`, `pid`, …).
    pub employee_claim: String,
    /// The provider's name on the button: "Logg inn med {display_name}".
    pub display_name: String,
    /// The claim with the person's groups or roles; with it, the provider decides roles.
    pub roles_claim: Option<String>,
    /// Group values and the role each gives.
    pub role_map: Vec<(String, Role)>,
    /// The address users reach forvalt at (`base_url`), for the redirect URIs.
    pub base_url: String,
}

impl SsoConfig {
    pub fn redirect_uri(&self) -> String {
        format!("{}{CALLBACK_PATH}", self.base_url)
    }

    pub fn post_logout_uri(&self) -> String {
        format!("{}{POST_LOGOUT_PATH}", self.base_url)
    }

    /// The role the provider's `groups` give: the highest mapped one (admin, HR, author), or
    /// caseworker when none is mapped. `None` when no roles claim is configured.
    pub fn role_for(&self, groups: &[String]) -> Option<Role> {
        self.roles_claim.as_ref()?;
        let rank = |r: &Role| match r {
            Role::Admin => 3,
            Role::Hr => 2,
            Role::Author => 1,
            Role::Caseworker => 0,
        };
        let mapped = self
            .role_map
            .iter()
            .filter(|(group, _)| groups.iter().any(|g| g == group))
            .map(|(_, role)| *role)
            .max_by_key(rank);
        Some(mapped.unwrap_or(Role::Caseworker))
    }
}

/// Why a single sign-on did not give a session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsoError {
    /// The provider cannot be reached or answered with something unusable (discovery, keys,
    /// token endpoint): a configuration or availability problem, not the person's.
    #[error("the OpenID Provider is not available: {0}")]
    Unavailable(String),
    /// No pending login for this browser and `state`: it expired, was used already, or was
    /// started in another browser.
    #[error("no pending login for this state (expired, already used, or another browser)")]
    UnknownState,
    /// The person cancelled at the provider, or the provider refused (its `error`).
    #[error("the provider answered with an error: {0}")]
    Denied(String),
    /// The provider would not exchange the code (wrong PKCE verifier, used or expired code).
    #[error("the provider refused the authorization code: {0}")]
    CodeRefused(String),
    /// The ID token failed a check.
    #[error("the ID token was refused ({}): {detail}", .reason.code())]
    Rejected { reason: Rejection, detail: String },
    /// The ID token and userinfo lack the configured employee-id claim.
    #[error("no `{0}` claim in the ID token or userinfo")]
    MissingClaim(String),
}

impl SsoError {
    /// A short code to show on the page, for support.
    pub fn code(&self) -> &'static str {
        match self {
            SsoError::Unavailable(_) => "provider_unavailable",
            SsoError::UnknownState => "state",
            SsoError::Denied(_) => "denied",
            SsoError::CodeRefused(_) => "code_refused",
            SsoError::Rejected { reason, .. } => reason.code(),
            SsoError::MissingClaim(_) => "claim_missing",
        }
    }
}

/// Which check of the ID token failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    Signature,
    Audience,
    Issuer,
    Expired,
    Nonce,
    /// The access token does not belong to the ID token (`at_hash`).
    AccessTokenHash,
    Other,
}

impl Rejection {
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::Signature => "id_token_signature",
            Rejection::Audience => "id_token_audience",
            Rejection::Issuer => "id_token_issuer",
            Rejection::Expired => "id_token_expired",
            Rejection::Nonce => "id_token_nonce",
            Rejection::AccessTokenHash => "id_token_at_hash",
            Rejection::Other => "id_token_invalid",
        }
    }

    fn of(e: &ClaimsVerificationError) -> Rejection {
        match e {
            ClaimsVerificationError::SignatureVerification(_) => Rejection::Signature,
            ClaimsVerificationError::InvalidAudience(_) => Rejection::Audience,
            ClaimsVerificationError::InvalidIssuer(_) => Rejection::Issuer,
            ClaimsVerificationError::Expired(_) => Rejection::Expired,
            ClaimsVerificationError::InvalidNonce(_) => Rejection::Nonce,
            _ => Rejection::Other,
        }
    }
}

/// What the provider's answer to the browser carried (the callback's query).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// A person as the provider vouched for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// The configured claim's value.
    pub employee_id: String,
    /// The provider's subject identifier (`sub`).
    pub subject: String,
    /// The role the provider's groups give, when a roles claim is configured.
    pub role: Option<Role>,
    /// The ID token, for the logout hint.
    pub id_token: String,
    /// Where the person wanted to go (a path on this site).
    pub return_to: String,
}

/// What a single sign-on came to, after the roster. Made once per sign-in and matched at once,
/// so the size of `SignedIn` costs nothing worth a box.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum SignInOutcome {
    SignedIn { token: String, principal: Principal },
    NotInRoster,
    Deactivated,
}

/// Whether the login page can offer single sign-on now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderStatus {
    Available,
    /// Discovery failed (the detail is logged, not shown).
    Unavailable,
}

/// Every claim of an ID token or userinfo answer that is not a standard one, so the employee id
/// can be any claim (`employeeId`, `pid`, a URI-named Feide claim).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OtherClaims {
    #[serde(flatten)]
    claims: serde_json::Map<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

/// An ID token with every claim kept.
type FullIdToken = IdToken<
    OtherClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// A client built from the discovered metadata.
type DiscoveredClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A login started by [`Sso::begin`].
struct Pending {
    /// A hash of the browser's key: the login can only be finished from the browser that
    /// started it.
    browser: String,
    nonce: String,
    pkce_verifier: String,
    return_to: String,
    started: Instant,
}

/// The provider's metadata as last fetched, or the last failure.
#[derive(Default)]
struct Discovery {
    metadata: Option<(Arc<ProviderMetadataWithLogout>, Instant)>,
    failed: Option<Instant>,
    jwks_fetched: Option<Instant>,
}

/// Single sign-on: the configuration, the provider's cached metadata and the logins in progress.
pub struct Sso {
    config: SsoConfig,
    http: openidconnect::reqwest::Client,
    discovery: tokio::sync::Mutex<Discovery>,
    pending: Mutex<HashMap<String, Pending>>,
    /// Session (hashed token) → the ID token it was opened with, for the logout hint. In memory:
    /// after a restart, logging out ends the local session only.
    id_tokens: Mutex<HashMap<String, (String, Instant)>>,
    accounts: Arc<Accounts>,
    store: Arc<Store>,
}

impl std::fmt::Debug for Sso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sso")
            .field("issuer", &self.config.issuer)
            .field("client_id", &self.config.client_id)
            .finish_non_exhaustive()
    }
}

impl Sso {
    pub fn new(config: SsoConfig, accounts: Arc<Accounts>, store: Arc<Store>) -> Sso {
        let http = openidconnect::reqwest::Client::builder()
            // Following redirects would let a provider's answer point requests anywhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            // A kept-alive connection the provider has closed meanwhile fails the token request
            // ("connection reset"): idle connections are dropped well before common server
            // keep-alive timeouts (Node: 5 s).
            .pool_idle_timeout(Duration::from_secs(2))
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client with rustls builds");
        Sso {
            config,
            http,
            discovery: tokio::sync::Mutex::new(Discovery::default()),
            pending: Mutex::new(HashMap::new()),
            id_tokens: Mutex::new(HashMap::new()),
            accounts,
            store,
        }
    }

    pub fn config(&self) -> &SsoConfig {
        &self.config
    }

    /// Whether the provider's metadata is at hand; fetches it unless a fetch failed within
    /// [`RETRY_AFTER`].
    pub async fn status(&self) -> ProviderStatus {
        match self.metadata(false).await {
            Ok(_) => ProviderStatus::Available,
            Err(_) => ProviderStatus::Unavailable,
        }
    }

    /// Start a login for the browser with key `browser`: remember the pending login and return
    /// the provider's authorization URL to send the browser to.
    pub async fn begin(&self, browser: &str, return_to: &str) -> Result<String, SsoError> {
        let metadata = self.metadata(true).await?;
        let client = self.client(&metadata)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in &self.config.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        let pending = Pending {
            browser: hash(browser),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            return_to: safe_return_path(return_to).to_string(),
            started: Instant::now(),
        };
        let mut all = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if all.len() >= MAX_PENDING {
            all.retain(|_, p| p.started.elapsed() < PENDING_LIFETIME);
            if all.len() >= MAX_PENDING {
                // Still full of fresh ones (a flood): the oldest give way.
                let oldest = all
                    .iter()
                    .min_by_key(|(_, p)| p.started)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    all.remove(&oldest);
                }
            }
        }
        all.insert(state.secret().clone(), pending);
        Ok(url.to_string())
    }

    /// Finish the login the provider's answer belongs to: the pending login for `state` and
    /// this browser is removed whatever happens next (a state is used once); then the code is
    /// exchanged and the ID token checked as of `now`.
    pub async fn finish(
        &self,
        browser: &str,
        answer: &Callback,
        now: Timestamp,
    ) -> Result<Identity, SsoError> {
        let pending = {
            let mut all = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            let state = answer.state.as_deref().unwrap_or_default();
            match all.get(state) {
                Some(p) if constant_time_eq(&p.browser, &hash(browser)) => all.remove(state),
                _ => None,
            }
        };
        let pending = pending
            .filter(|p| p.started.elapsed() < PENDING_LIFETIME)
            .ok_or(SsoError::UnknownState)?;
        if let Some(error) = &answer.error {
            let description = answer.error_description.as_deref().unwrap_or_default();
            return Err(SsoError::Denied(format!("{error}: {description}")));
        }
        let code = answer
            .code
            .clone()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| SsoError::Denied("no code in the answer".to_string()))?;
        let metadata = self.metadata(true).await?;
        let client = self.client(&metadata)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| SsoError::Unavailable(format!("token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(r) => SsoError::CodeRefused(r.to_string()),
                other => SsoError::Unavailable(format!("token endpoint: {}", error_chain(&other))),
            })?;
        let id_token = response
            .id_token()
            .ok_or_else(|| SsoError::Unavailable("the token response has no ID token".into()))?
            .to_string();
        let (claims, metadata) = self.verify_id_token(&id_token, &pending.nonce, now).await?;
        // The access token must be the one issued with this ID token.
        if let Some(expected) = claims.get("at_hash").and_then(|v| v.as_str()) {
            let parsed: FullIdToken = id_token.parse().map_err(|e| rejected_other(&e))?;
            let client = self.client(&metadata)?;
            let verifier = client.id_token_verifier();
            let alg = parsed.signing_alg().map_err(|e| rejected_other(&e))?;
            let key = parsed
                .signing_key(&verifier)
                .map_err(|e| rejected_other(&e))?;
            let actual = AccessTokenHash::from_token(response.access_token(), alg, key)
                .map_err(|e| rejected_other(&e))?;
            if actual.as_str() != expected {
                return Err(SsoError::Rejected {
                    reason: Rejection::AccessTokenHash,
                    detail: "at_hash does not match the access token".into(),
                });
            }
        }
        let subject = claims
            .get("sub")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let mut employee_id = claim_text(&claims, &self.config.employee_claim);
        let mut groups = self
            .config
            .roles_claim
            .as_ref()
            .map(|c| claim_list(&claims, c));
        let missing_groups = groups.as_ref().is_some_and(|g| g.is_empty());
        if employee_id.is_none() || missing_groups {
            // Claims asked for by scope may be only at the userinfo endpoint (the code flow).
            if let Some(info) = self
                .userinfo(&metadata, response.access_token(), &subject)
                .await?
            {
                employee_id =
                    employee_id.or_else(|| claim_text(&info, &self.config.employee_claim));
                if missing_groups {
                    groups = self
                        .config
                        .roles_claim
                        .as_ref()
                        .map(|c| claim_list(&info, c));
                }
            }
        }
        let employee_id = employee_id
            .ok_or_else(|| SsoError::MissingClaim(self.config.employee_claim.clone()))?;
        Ok(Identity {
            employee_id,
            subject,
            role: groups.and_then(|g| self.config.role_for(&g)),
            id_token,
            return_to: pending.return_to,
        })
    }

    /// Check an ID token as of `now` against the provider's keys, the issuer, this client as
    /// audience, and `nonce`; a token signed with a key the cached set lacks makes one fresh
    /// fetch of the set (the provider rotated its keys). Returns every claim of the token and
    /// the metadata it was checked with.
    pub async fn verify_id_token(
        &self,
        id_token: &str,
        nonce: &str,
        now: Timestamp,
    ) -> Result<
        (
            serde_json::Map<String, serde_json::Value>,
            Arc<ProviderMetadataWithLogout>,
        ),
        SsoError,
    > {
        let token: FullIdToken = id_token.parse().map_err(|e| rejected_other(&e))?;
        let mut metadata = self.metadata(true).await?;
        let mut result = self.check(&token, &metadata, nonce, now);
        if let Err(ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::NoMatchingKey,
        )) = result
            && let Some(fresh) = self.refetch_keys().await?
        {
            metadata = fresh;
            result = self.check(&token, &metadata, nonce, now);
        }
        Ok((result.map_err(|e| rejected(&e))?, metadata))
    }

    fn check(
        &self,
        token: &FullIdToken,
        metadata: &ProviderMetadataWithLogout,
        nonce: &str,
        now: Timestamp,
    ) -> Result<serde_json::Map<String, serde_json::Value>, ClaimsVerificationError> {
        let client = self
            .client(metadata)
            .map_err(|e| ClaimsVerificationError::Other(e.to_string()))?;
        let at = chrono::DateTime::from_timestamp(now.as_second(), now.subsec_nanosecond() as u32)
            .unwrap_or_default();
        let verifier = client.id_token_verifier().set_time_fn(move || at);
        let claims = token.claims(&verifier, &Nonce::new(nonce.to_string()))?;
        match serde_json::to_value(claims) {
            Ok(serde_json::Value::Object(map)) => Ok(map),
            _ => Err(ClaimsVerificationError::Other(
                "claims are not an object".into(),
            )),
        }
    }

    /// Open a session for `identity` if the roster has the person and they are not
    /// deactivated; the sign-in or its refusal goes to the audit log.
    pub fn sign_in(
        &self,
        identity: &Identity,
        now: Timestamp,
    ) -> Result<SignInOutcome, ServiceError> {
        let outcome = self
            .accounts
            .sign_in_verified(&identity.employee_id, identity.role, now)?;
        let (user_id, employee_id, role, department, what) = match &outcome {
            VerifiedSignIn::SignedIn {
                principal,
                previous_role,
                ..
            } => {
                let user = &principal.user;
                let what = if *previous_role == user.role {
                    "oidc".to_string()
                } else {
                    format!(
                        "oidc; role {} -> {}",
                        previous_role.as_str(),
                        user.role.as_str()
                    )
                };
                (
                    user.id,
                    user.employee_id.clone(),
                    user.role,
                    Some(user.department.clone()),
                    what,
                )
            }
            VerifiedSignIn::Deactivated(user) => (
                user.id,
                user.employee_id.clone(),
                user.role,
                Some(user.department.clone()),
                "oidc; refused: deactivated".to_string(),
            ),
            VerifiedSignIn::NotInRoster => (
                0,
                identity.employee_id.clone(),
                Role::Caseworker,
                None,
                "oidc; refused: not in the roster".to_string(),
            ),
        };
        self.store.append_audit(&AuditRecord {
            id: 0,
            at: now,
            user_id,
            employee_id,
            role,
            route: CALLBACK_PATH.to_string(),
            cycle_id: None,
            level: None,
            topic: None,
            department,
            format: what,
        })?;
        Ok(match outcome {
            VerifiedSignIn::SignedIn {
                token, principal, ..
            } => {
                let mut hints = self.id_tokens.lock().unwrap_or_else(|e| e.into_inner());
                if hints.len() > MAX_PENDING {
                    hints.retain(|_, (_, at)| at.elapsed() < Duration::from_secs(24 * 60 * 60));
                }
                hints.insert(hash(&token), (identity.id_token.clone(), Instant::now()));
                SignInOutcome::SignedIn { token, principal }
            }
            VerifiedSignIn::NotInRoster => SignInOutcome::NotInRoster,
            VerifiedSignIn::Deactivated(_) => SignInOutcome::Deactivated,
        })
    }

    /// Where to send the browser to log out at the provider as well, after the session with
    /// token `session` ended here: the provider's end-session endpoint with the ID token as hint
    /// and the login page as the way back. `None` when the session was not opened by single
    /// sign-on (in this process), or the provider has no end-session endpoint.
    pub async fn logout_url(&self, session: &str) -> Option<String> {
        let id_token = {
            let mut hints = self.id_tokens.lock().unwrap_or_else(|e| e.into_inner());
            hints.remove(&hash(session))?.0
        };
        self.end_session_url(Some(&id_token)).await
    }

    /// The provider's end-session URL with `id_token` as hint (if given), this client and the
    /// way back; `None` when the provider offers none or cannot be reached.
    pub async fn end_session_url(&self, id_token: Option<&str>) -> Option<String> {
        let metadata = self.metadata(false).await.ok()?;
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.config.client_id.clone()));
        if let Some(id_token) = id_token.and_then(|t| t.parse::<FullIdToken>().ok()) {
            request = request.set_id_token_hint(&id_token);
        }
        if let Ok(back) = PostLogoutRedirectUrl::new(self.config.post_logout_uri()) {
            request = request.set_post_logout_redirect_uri(back);
        }
        Some(request.http_get_url().to_string())
    }

    /// The provider's metadata (with its keys), fetched if not cached or too old. Unless
    /// `force`, a fetch that failed within [`RETRY_AFTER`] is not tried again.
    async fn metadata(&self, force: bool) -> Result<Arc<ProviderMetadataWithLogout>, SsoError> {
        let mut discovery = self.discovery.lock().await;
        if let Some((metadata, fetched)) = &discovery.metadata
            && fetched.elapsed() < METADATA_MAX_AGE
        {
            return Ok(metadata.clone());
        }
        if !force && discovery.failed.is_some_and(|t| t.elapsed() < RETRY_AFTER) {
            return Err(SsoError::Unavailable("discovery failed recently".into()));
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| SsoError::Unavailable(format!("issuer URL: {e}")))?;
        match ProviderMetadataWithLogout::discover_async(issuer, &self.http).await {
            Ok(metadata) => {
                let metadata = Arc::new(metadata);
                discovery.metadata = Some((metadata.clone(), Instant::now()));
                discovery.failed = None;
                Ok(metadata)
            }
            Err(e) => {
                let detail = format!("discovery at {}: {}", self.config.issuer, error_chain(&e));
                tracing::warn!("single sign-on unavailable: {detail}");
                discovery.failed = Some(Instant::now());
                // Stale metadata is better than none while the provider is down.
                match &discovery.metadata {
                    Some((metadata, _)) => Ok(metadata.clone()),
                    None => Err(SsoError::Unavailable(detail)),
                }
            }
        }
    }

    /// Fetch the provider's key set again (its keys rotated); `None` if fetched very recently.
    async fn refetch_keys(&self) -> Result<Option<Arc<ProviderMetadataWithLogout>>, SsoError> {
        let mut discovery = self.discovery.lock().await;
        if discovery
            .jwks_fetched
            .is_some_and(|t| t.elapsed() < JWKS_REFETCH_MIN)
        {
            return Ok(None);
        }
        let Some((metadata, fetched)) = discovery.metadata.clone() else {
            return Ok(None);
        };
        discovery.jwks_fetched = Some(Instant::now());
        let keys = CoreJsonWebKeySet::fetch_async(metadata.jwks_uri(), &self.http)
            .await
            .map_err(|e| SsoError::Unavailable(format!("key set: {}", error_chain(&e))))?;
        tracing::info!(
            keys = keys.keys().len(),
            "fetched the provider's keys again"
        );
        let fresh = Arc::new((*metadata).clone().set_jwks(keys));
        discovery.metadata = Some((fresh.clone(), fetched));
        Ok(Some(fresh))
    }

    async fn userinfo(
        &self,
        metadata: &ProviderMetadataWithLogout,
        access_token: &openidconnect::AccessToken,
        subject: &str,
    ) -> Result<Option<serde_json::Map<String, serde_json::Value>>, SsoError> {
        let client = self.client(metadata)?;
        let Ok(request) = client.user_info(
            access_token.clone(),
            Some(SubjectIdentifier::new(subject.to_string())),
        ) else {
            return Ok(None); // no userinfo endpoint
        };
        let info: UserInfoClaims<OtherClaims, CoreGenderClaim> = request
            .request_async(&self.http)
            .await
            .map_err(|e| SsoError::Unavailable(format!("userinfo: {}", error_chain(&e))))?;
        match serde_json::to_value(info) {
            Ok(serde_json::Value::Object(map)) => Ok(Some(map)),
            _ => Ok(None),
        }
    }

    fn client(&self, metadata: &ProviderMetadataWithLogout) -> Result<DiscoveredClient, SsoError> {
        let redirect = RedirectUrl::new(self.config.redirect_uri())
            .map_err(|e| SsoError::Unavailable(format!("redirect URI: {e}")))?;
        Ok(CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }
}

/// A path on this site to go to after login: `/…` but not `//…` (another host); else `/`.
pub fn safe_return_path(path: &str) -> &str {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.len() <= 300
        && !path.chars().any(|c| c.is_control());
    if ok { path } else { "/" }
}

/// The claim `name` as text (a string, or a number such as an employee number).
fn claim_text(claims: &serde_json::Map<String, serde_json::Value>, name: &str) -> Option<String> {
    match claims.get(name)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The claim `name` as a list of texts (an array, or one string).
fn claim_list(claims: &serde_json::Map<String, serde_json::Value>, name: &str) -> Vec<String> {
    match claims.get(name) {
        Some(serde_json::Value::Array(values)) => values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn rejected(e: &ClaimsVerificationError) -> SsoError {
    SsoError::Rejected {
        reason: Rejection::of(e),
        detail: error_chain(e),
    }
}

fn rejected_other(e: &dyn std::error::Error) -> SsoError {
    SsoError::Rejected {
        reason: Rejection::Other,
        detail: error_chain(e),
    }
}

/// An error and its sources, for the log.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

/// A BLAKE2b hash as hex: browser keys and session tokens are kept only hashed.
fn hash(value: &str) -> String {
    use blake2::{Blake2b512, Digest};
    Blake2b512::digest(value.as_bytes())[..32]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(roles: bool) -> SsoConfig {
        SsoConfig {
            issuer: "https://login.example".into(),
            client_id: "forvalt".into(),
            client_secret: None,
            scopes: vec![],
            employee_claim: "preferred_username".into(),
            display_name: "Test".into(),
            roles_claim: roles.then(|| "groups".to_string()),
            role_map: vec![
                ("g-hr".into(), Role::Hr),
                ("g-admin".into(), Role::Admin),
                ("g-author".into(), Role::Author),
            ],
            base_url: "https://forvalt.etat.no".into(),
        }
    }

    #[test]
    fn groups_map_to_the_highest_role_or_caseworker() {
        let c = config(true);
        let groups = |g: &[&str]| g.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(c.role_for(&groups(&["x", "g-hr"])), Some(Role::Hr));
        assert_eq!(
            c.role_for(&groups(&["g-author", "g-admin"])),
            Some(Role::Admin)
        );
        assert_eq!(c.role_for(&groups(&["g-author", "g-hr"])), Some(Role::Hr));
        assert_eq!(c.role_for(&groups(&["other"])), Some(Role::Caseworker));
        assert_eq!(config(false).role_for(&groups(&["g-admin"])), None);
        assert_eq!(
            c.redirect_uri(),
            "https://forvalt.etat.no/logg-inn/sso/retur"
        );
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(safe_return_path("/hr?syklus=2"), "/hr?syklus=2");
        for bad in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil",
            "",
            "hr",
            "/a\nb",
        ] {
            assert_eq!(safe_return_path(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn claims_are_read_as_text_and_lists() {
        let claims: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"pid": "12345678901", "num": 4711, "groups": ["a", "b"], "role": "c", "empty": " "}"#,
        )
        .unwrap();
        assert_eq!(claim_text(&claims, "pid").as_deref(), Some("12345678901"));
        assert_eq!(claim_text(&claims, "num").as_deref(), Some("4711"));
        assert_eq!(claim_text(&claims, "empty"), None);
        assert_eq!(claim_text(&claims, "missing"), None);
        assert_eq!(claim_list(&claims, "groups"), vec!["a", "b"]);
        assert_eq!(claim_list(&claims, "role"), vec!["c"]);
        assert!(claim_list(&claims, "missing").is_empty());
    }
}
