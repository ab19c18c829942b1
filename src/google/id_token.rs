//! Verification of Google-signed ID tokens: the system token Google sends with every add-on
//! request, and the user's `userIdToken` from the event body.
//!
//! See <https://developers.google.com/workspace/add-ons/guides/alternate-runtimes#validate-requests>
//! and <https://developers.google.com/identity/gsi/web/guides/verify-google-id-token>.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cached::{Cached, Expires, ExpiringLruCache};
use jsonwebtoken::{Algorithm, Validation};
use serde::{Deserialize, Deserializer};
use sha2::{Digest, Sha256};

use super::keys::{KeyError, KeyStore};

/// Issuers Google uses for ID tokens.
pub const GOOGLE_ISSUERS: [&str; 2] = ["accounts.google.com", "https://accounts.google.com"];
/// Clock skew tolerated on `exp`, `nbf` and `iat`.
pub const LEEWAY_SECONDS: u64 = 60;
/// Longest token this verifier accepts; real ones are about 1 KiB.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;
/// Google's libraries refuse ID tokens that live longer than a day.
const MAX_LIFETIME_SECONDS: u64 = 86_400;
/// How many verified tokens are remembered.
const CACHE_ENTRIES: usize = 10_000;

/// Why a token was refused. Never carries the token itself, so it is safe to log.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// No token was sent.
    #[error("no token")]
    Missing,
    /// The token is not a well-formed JWT, or too long.
    #[error("malformed token")]
    Malformed,
    /// The header asks for an algorithm other than RS256, or names no key.
    #[error("token header not acceptable: {0}")]
    Header(&'static str),
    /// No published Google key matches the token's `kid`.
    #[error("unknown signing key")]
    UnknownKey,
    /// Google's key set could not be had; nothing can be verified.
    #[error("signing keys unavailable")]
    KeysUnavailable(#[source] anyhow::Error),
    /// Signature, issuer, audience or time checks failed.
    #[error("token rejected: {0}")]
    Rejected(#[source] jsonwebtoken::errors::Error),
    /// The token was issued in the future (beyond the leeway) or lives too long.
    #[error("token issued at an implausible time")]
    IssuedAt,
    /// The token is valid but for someone else.
    #[error("token is for another principal")]
    WrongPrincipal,
    /// The token's email is not verified by Google.
    #[error("token email is not verified")]
    EmailNotVerified,
}

/// Claims Sharebook reads from a Google ID token.
#[derive(Debug, Clone, Deserialize)]
pub struct Claims {
    /// Stable Google account id.
    pub sub: String,
    /// Account email, present with the `userinfo.email` scope and on system tokens.
    #[serde(default)]
    pub email: Option<String>,
    /// Whether Google verified the email; older tokens send the string "true".
    #[serde(default, deserialize_with = "bool_or_string")]
    pub email_verified: bool,
    /// Workspace domain of the account, absent for consumer accounts.
    #[serde(default)]
    pub hd: Option<String>,
    /// Expiry, seconds since the epoch.
    pub exp: u64,
    /// Issue time, seconds since the epoch.
    pub iat: u64,
}

/// The end user a request acts for, taken from a verified `userIdToken`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserIdentity {
    /// Stable Google account id; users are keyed by this, never by email.
    pub sub: String,
    /// Verified email address.
    pub email: String,
    /// Workspace domain, if any.
    pub hd: Option<String>,
}

#[derive(Clone)]
struct Verified {
    claims: Arc<Claims>,
    exp: u64,
}

impl Expires for Verified {
    fn is_expired(&self) -> bool {
        now() >= self.exp
    }
}

/// Verifies Google ID tokens against one key store, remembering tokens it has already accepted.
pub struct Verifier {
    keys: KeyStore,
    cache: Mutex<ExpiringLruCache<[u8; 32], Verified>>,
}

impl Verifier {
    /// A verifier using `keys`.
    pub fn new(keys: KeyStore) -> Self {
        Self {
            keys,
            cache: Mutex::new(ExpiringLruCache::new(CACHE_ENTRIES)),
        }
    }

    /// Verifies the system ID token Google puts in `Authorization`: signed by Google for exactly
    /// `audience` (the URL called) on behalf of the deployment's service account.
    pub async fn verify_system(
        &self,
        token: &str,
        audience: &str,
        service_account_email: &str,
    ) -> Result<Arc<Claims>, TokenError> {
        let claims = self.verify(token, audience).await?;
        if !claims
            .email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(service_account_email))
        {
            return Err(TokenError::WrongPrincipal);
        }
        if !claims.email_verified {
            return Err(TokenError::EmailNotVerified);
        }
        Ok(claims)
    }

    /// Verifies `authorizationEventObject.userIdToken`, whose audience is the add-on's OAuth client id.
    pub async fn verify_user(
        &self,
        token: &str,
        client_id: &str,
    ) -> Result<UserIdentity, TokenError> {
        let claims = self.verify(token, client_id).await?;
        let email = claims.email.clone().ok_or(TokenError::WrongPrincipal)?;
        if !claims.email_verified {
            return Err(TokenError::EmailNotVerified);
        }
        Ok(UserIdentity {
            sub: claims.sub.clone(),
            email: email.to_lowercase(),
            hd: claims.hd.clone(),
        })
    }

    /// Signature, issuer, audience and time checks common to both tokens.
    async fn verify(&self, token: &str, audience: &str) -> Result<Arc<Claims>, TokenError> {
        if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
            return Err(TokenError::Malformed);
        }
        let cache_key = cache_key(token, audience);
        if let Some(hit) = self.cached(&cache_key) {
            return Ok(hit);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if header.alg != Algorithm::RS256 {
            return Err(TokenError::Header("algorithm is not RS256"));
        }
        let kid = header.kid.ok_or(TokenError::Header("no kid"))?;
        let key = self.keys.key(&kid).await.map_err(|e| match e {
            KeyError::UnknownKid => TokenError::UnknownKey,
            KeyError::Unavailable(e) => TokenError::KeysUnavailable(e),
        })?;
        let data = jsonwebtoken::decode::<Claims>(token, &key, &validation(audience))
            .map_err(TokenError::Rejected)?;
        let claims = data.claims;
        let now = now();
        if claims.iat > now + LEEWAY_SECONDS
            || claims.exp.saturating_sub(claims.iat) > MAX_LIFETIME_SECONDS
        {
            return Err(TokenError::IssuedAt);
        }
        let claims = Arc::new(claims);
        if let Ok(mut cache) = self.cache.lock() {
            cache.cache_set(
                cache_key,
                Verified {
                    exp: claims.exp,
                    claims: claims.clone(),
                },
            );
        }
        Ok(claims)
    }

    fn cached(&self, key: &[u8; 32]) -> Option<Arc<Claims>> {
        let mut cache = self.cache.lock().ok()?;
        cache.cache_get(key).map(|v| v.claims.clone())
    }
}

fn validation(audience: &str) -> Validation {
    let mut v = Validation::new(Algorithm::RS256);
    v.set_issuer(&GOOGLE_ISSUERS);
    v.set_audience(&[audience]);
    v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    v.leeway = LEEWAY_SECONDS;
    v.validate_exp = true;
    v.validate_nbf = true;
    v
}

/// The cache is keyed by audience and token together, so a token accepted for one URL is never
/// taken from the cache for another.
fn cache_key(token: &str, audience: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(audience.as_bytes());
    h.update([0]);
    h.update(token.as_bytes());
    h.finalize().into()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
}

fn bool_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Str(String),
    }
    Ok(match B::deserialize(d)? {
        B::Bool(b) => b,
        B::Str(s) => s.eq_ignore_ascii_case("true"),
    })
}
