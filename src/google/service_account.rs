//! Access tokens for Sharebook's own service account acting as a Workspace user (domain-wide
//! delegation): a signed JWT exchanged at the OAuth token endpoint, cached per subject and scopes.
//!
//! See <https://developers.google.com/identity/protocols/oauth2/service-account#delegatingauthority>.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cached::{Cached, Expires, ExpiringLruCache};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use url::Url;

/// The grant type of the JWT bearer flow (RFC 7523).
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// Lifetime asked for in the assertion; Google refuses anything longer.
pub const ASSERTION_LIFETIME_SECONDS: u64 = 3600;
/// A cached token is replaced this long before Google says it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// How many (subject, scopes) tokens are remembered.
const CACHE_ENTRIES: usize = 1_000;

/// Why a key file could not be used. Never carries key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file could not be read.
    #[error("the key file could not be read")]
    Io(#[source] std::io::Error),
    /// The text is not a JSON key file (position only, so no key material reaches the logs).
    #[error(
        "the key file is not valid JSON for a service account key (line {line}, column {column})"
    )]
    Json {
        /// Line of the first error.
        line: usize,
        /// Column of the first error.
        column: usize,
    },
    /// The key file is for something other than a service account.
    #[error("the key file's type is {0:?}, not \"service_account\"")]
    WrongType(String),
    /// `private_key` is not an RSA key in PKCS#8 PEM.
    #[error("the key file's private_key is not a usable RSA key")]
    PrivateKey(#[source] jsonwebtoken::errors::Error),
}

/// Why no access token could be had. Never carries a token or the assertion.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The assertion could not be signed.
    #[error("failed to sign the token request")]
    Signing(#[source] jsonwebtoken::errors::Error),
    /// Google refused the grant (bad key, delegation not set up, unknown subject, scope not
    /// authorised); retrying will not help until the setup changes.
    #[error("the token endpoint refused the grant (HTTP {status}, {error}: {description})")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// OAuth `error` code, such as `invalid_grant` or `unauthorized_client`.
        error: String,
        /// Google's `error_description`.
        description: String,
    },
    /// Rate-limited, failing or unreachable; worth retrying later.
    #[error("the token endpoint is unavailable")]
    Unavailable(#[source] Option<reqwest::Error>),
    /// Any other answer.
    #[error("unexpected answer from the token endpoint (HTTP {status})")]
    Unexpected {
        /// HTTP status.
        status: u16,
    },
    /// A success answer that is not a bearer token response.
    #[error("the token endpoint's answer could not be read")]
    InvalidResponse(#[source] Option<reqwest::Error>),
}

impl TokenError {
    /// Whether the same request may succeed later without any change of setup.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

/// A service account key, as in the JSON key file Google lets you download.
#[derive(Clone)]
pub struct ServiceAccountKey {
    /// The service account's email: the `iss` of every assertion.
    pub client_email: String,
    /// Id of the key pair: the `kid` of every assertion.
    pub private_key_id: String,
    /// Token endpoint named in the file; informational, the configured URL is the one used.
    pub token_uri: String,
    encoding: EncodingKey,
}

impl std::fmt::Debug for ServiceAccountKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceAccountKey")
            .field("client_email", &self.client_email)
            .field("private_key_id", &self.private_key_id)
            .field("token_uri", &self.token_uri)
            .field("private_key", &"[REDACTED]")
            .finish()
    }
}

/// The fields of Google's key file that Sharebook reads; the others are ignored.
#[derive(Deserialize)]
struct KeyFile {
    #[serde(rename = "type")]
    key_type: String,
    client_email: String,
    private_key: String,
    private_key_id: String,
    #[serde(default)]
    token_uri: String,
}

impl ServiceAccountKey {
    /// Reads a JSON key file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, KeyFileError> {
        let text = std::fs::read_to_string(path).map_err(KeyFileError::Io)?;
        Self::from_json(&text)
    }

    /// Parses the contents of a JSON key file.
    pub fn from_json(json: &str) -> Result<Self, KeyFileError> {
        let file: KeyFile = serde_json::from_str(json).map_err(|e| KeyFileError::Json {
            line: e.line(),
            column: e.column(),
        })?;
        if file.key_type != "service_account" {
            return Err(KeyFileError::WrongType(file.key_type));
        }
        let encoding = EncodingKey::from_rsa_pem(file.private_key.as_bytes())
            .map_err(KeyFileError::PrivateKey)?;
        Ok(Self {
            client_email: file.client_email,
            private_key_id: file.private_key_id,
            token_uri: file.token_uri,
            encoding,
        })
    }
}

/// Claims of the assertion, as the service-account guide lists them.
#[derive(Serialize)]
struct Assertion<'a> {
    iss: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
    scope: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

/// A successful token response; deliberately not `Debug`.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
    #[serde(default)]
    token_type: Option<String>,
}

/// An OAuth error response (RFC 6749 §5.2).
#[derive(Deserialize, Default)]
struct ErrorResponse {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
}

#[derive(Clone)]
struct CachedToken {
    token: SecretString,
    refresh_at: Instant,
}

impl Expires for CachedToken {
    fn is_expired(&self) -> bool {
        Instant::now() >= self.refresh_at
    }
}

/// Mints delegated access tokens for one service account, remembering them until shortly before
/// they expire.
pub struct TokenSource {
    key: ServiceAccountKey,
    token_url: Url,
    http: reqwest::Client,
    cache: Mutex<ExpiringLruCache<(String, String), CachedToken>>,
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSource")
            .field("key", &self.key)
            .field("token_url", &self.token_url.as_str())
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    /// A token source for `key`, exchanging assertions at `token_url` (also their audience).
    pub fn new(key: ServiceAccountKey, token_url: Url, http: reqwest::Client) -> Self {
        Self {
            key,
            token_url,
            http,
            cache: Mutex::new(ExpiringLruCache::new(CACHE_ENTRIES)),
        }
    }

    /// The service account's email.
    pub fn client_email(&self) -> &str {
        &self.key.client_email
    }

    /// An access token for `scopes`, acting as the Workspace user `subject`.
    pub async fn access_token(
        &self,
        subject: &str,
        scopes: &[&str],
    ) -> Result<SecretString, TokenError> {
        self.token(Some(subject), scopes).await
    }

    /// An access token for `scopes` as the service account itself (no `sub`): for APIs that
    /// answer the application, not a user (the Marketplace's license API).
    pub async fn own_access_token(&self, scopes: &[&str]) -> Result<SecretString, TokenError> {
        self.token(None, scopes).await
    }

    async fn token(
        &self,
        subject: Option<&str>,
        scopes: &[&str],
    ) -> Result<SecretString, TokenError> {
        let mut sorted: Vec<&str> = scopes.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let scope = sorted.join(" ");
        // Subjects are addresses: the service account itself is keyed by the empty string.
        let cache_key = (subject.unwrap_or_default().to_lowercase(), scope);
        if let Some(token) = self.cached(&cache_key) {
            return Ok(token);
        }
        let (token, expires_in) = self.fetch(subject, &cache_key.1).await?;
        if let Some(lifetime) = Duration::from_secs(expires_in).checked_sub(REFRESH_MARGIN)
            && let Ok(mut cache) = self.cache.lock()
        {
            cache.cache_set(
                cache_key,
                CachedToken {
                    token: token.clone(),
                    refresh_at: Instant::now() + lifetime,
                },
            );
        }
        Ok(token)
    }

    fn cached(&self, key: &(String, String)) -> Option<SecretString> {
        let mut cache = self.cache.lock().ok()?;
        cache.cache_get(key).map(|c| c.token.clone())
    }

    /// Signs an assertion and exchanges it; the token and its lifetime in seconds.
    async fn fetch(
        &self,
        subject: Option<&str>,
        scope: &str,
    ) -> Result<(SecretString, u64), TokenError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_secs();
        let claims = Assertion {
            iss: &self.key.client_email,
            sub: subject,
            scope,
            aud: self.token_url.as_str(),
            iat: now,
            exp: now + ASSERTION_LIFETIME_SECONDS,
        };
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.key.private_key_id.clone());
        let assertion = jsonwebtoken::encode(&header, &claims, &self.key.encoding)
            .map_err(TokenError::Signing)?;
        let response = self
            .http
            .post(self.token_url.clone())
            .form(&[("grant_type", JWT_BEARER_GRANT), ("assertion", &assertion)])
            .send()
            .await
            .map_err(|e| TokenError::Unavailable(Some(e)))?;
        let status = response.status();
        if status.is_success() {
            let body: TokenResponse = response
                .json()
                .await
                .map_err(|e| TokenError::InvalidResponse(Some(e)))?;
            if body.access_token.is_empty()
                || !body
                    .token_type
                    .as_deref()
                    .is_none_or(|t| t.eq_ignore_ascii_case("bearer"))
            {
                return Err(TokenError::InvalidResponse(None));
            }
            return Ok((SecretString::from(body.access_token), body.expires_in));
        }
        let code = status.as_u16();
        if code == 429 || status.is_server_error() {
            return Err(TokenError::Unavailable(None));
        }
        if matches!(code, 400 | 401 | 403) {
            let body: ErrorResponse = response.json().await.unwrap_or_default();
            return Err(TokenError::Rejected {
                status: code,
                error: body.error,
                description: body.error_description,
            });
        }
        Err(TokenError::Unexpected { status: code })
    }
}

#[cfg(test)]
mod tests {
    use super::{KeyFileError, ServiceAccountKey};

    #[test]
    fn key_files_of_other_types_are_refused() {
        let json = r#"{"type":"authorized_user","client_email":"a@b","private_key":"x","private_key_id":"k"}"#;
        assert!(matches!(
            ServiceAccountKey::from_json(json),
            Err(KeyFileError::WrongType(t)) if t == "authorized_user"
        ));
    }

    #[test]
    fn broken_private_keys_are_refused_without_echoing_them() {
        let json = r#"{"type":"service_account","client_email":"a@b","private_key":"-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n","private_key_id":"k"}"#;
        let err = ServiceAccountKey::from_json(json).unwrap_err();
        assert!(matches!(err, KeyFileError::PrivateKey(_)));
        assert!(!format!("{err} {err:?}").contains("c2VjcmV0"));
    }

    #[test]
    fn json_errors_give_only_a_position() {
        let err = ServiceAccountKey::from_json(r#"{"private_key": "s3cr3t""#).unwrap_err();
        assert!(matches!(err, KeyFileError::Json { .. }));
        assert!(!format!("{err} {err:?}").contains("s3cr3t"));
    }
}
