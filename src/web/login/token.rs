//! Signed double-submit CSRF tokens for the forms that have no session (login, set-password
//! link): a random nonce and its MAC with the server's login CSRF key, `nonce.mac` in hex. A
//! token someone planted in the cookie without the key does not verify. Each form has its own
//! domain, so a token of one is not accepted by the other.

use crate::web::auth::same;

/// The login form's domain (empty: the tokens from before domains were introduced still verify).
pub(super) const LOGIN: &[u8] = b"";
/// The set-password form's domain.
pub(super) const PASSWORD: &[u8] = b"passord\0";

/// A random nonce and its MAC: `nonce.mac`, both hex.
pub(super) fn new(key: &[u8; 32], domain: &[u8]) -> String {
    let mut bytes = [0u8; 16];
    rand::Rng::fill_bytes(&mut rand::rng(), &mut bytes);
    let nonce: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{nonce}.{}", mac(key, domain, &nonce))
}

/// Whether `token` is a nonce of the right length with its MAC in `domain`.
pub(super) fn verify(key: &[u8; 32], domain: &[u8], token: &str) -> bool {
    token.split_once('.').is_some_and(|(nonce, given)| {
        nonce.len() == 32 && same(Some(given), &mac(key, domain, nonce))
    })
}

/// BLAKE2b keyed with the server's key (a MAC by construction, no HMAC wrapper needed) over the
/// domain and the nonce.
fn mac(key: &[u8; 32], domain: &[u8], nonce: &str) -> String {
    use blake2::digest::{KeyInit, Mac};
    let mut mac = <blake2::Blake2bMac<blake2::digest::consts::U32> as KeyInit>::new_from_slice(key)
        .expect("a 32-byte key fits BLAKE2b");
    mac.update(domain);
    mac.update(nonce.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
