//! Stand-in for Google's OAuth token endpoint, JWT bearer grant only (domain-wide delegation).
//!
//! Assertions are checked as Google checks them; issued tokens are remembered so the other
//! stand-ins can accept them.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use anyhow::Context;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::issuer::now;
use sharebook::google::service_account::{JWT_BEARER_GRANT, KeyFileError, ServiceAccountKey};

/// Path of the endpoint, as at `https://oauth2.googleapis.com/token`.
pub const TOKEN_PATH: &str = "/token";
/// Lifetime Google gives delegated access tokens.
pub const DEFAULT_TOKEN_LIFETIME_SECONDS: u64 = 3599;
/// Clock skew Google tolerates on `iat`.
const SKEW_SECONDS: u64 = 60;
/// Longest assertion Google accepts.
const MAX_ASSERTION_LIFETIME_SECONDS: u64 = 3600;

/// A freshly generated service account key: the key file and its public half.
pub struct NewServiceAccountKey {
    /// The service account's email.
    pub client_email: String,
    /// The key's id (`private_key_id`, the assertions' `kid`).
    pub key_id: String,
    /// The key file, in the JSON format Google's console downloads.
    pub key_file_json: String,
    /// The public key, PEM (SPKI).
    pub public_key_pem: String,
}

impl std::fmt::Debug for NewServiceAccountKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewServiceAccountKey")
            .field("client_email", &self.client_email)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl NewServiceAccountKey {
    /// The key file parsed as production code parses it.
    pub fn key(&self) -> Result<ServiceAccountKey, KeyFileError> {
        ServiceAccountKey::from_json(&self.key_file_json)
    }
}

/// Generates a 2048-bit RSA key for `client_email` as a Google key file naming `token_uri`.
///
/// Register it with [`TokenEndpoint::register`], or use
/// [`TokenEndpoint::create_service_account`], which does both.
pub fn new_service_account_key(
    client_email: &str,
    token_uri: &str,
) -> anyhow::Result<NewServiceAccountKey> {
    let (_, private_pem, public_pem) = super::issuer::generate_rsa()?;
    let key_id = format!(
        "{:032x}{:08x}",
        rand::random::<u128>(),
        rand::random::<u32>()
    );
    let key_file = json!({
        "type": "service_account",
        "project_id": "sharebook-sandbox",
        "private_key_id": key_id,
        "private_key": private_pem,
        "client_email": client_email,
        "client_id": format!("1{:020}", rand::random::<u64>()),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "universe_domain": "googleapis.com",
    });
    Ok(NewServiceAccountKey {
        client_email: client_email.to_owned(),
        key_id,
        key_file_json: serde_json::to_string_pretty(&key_file)
            .context("Failed to write the key file")?,
        public_key_pem: public_pem,
    })
}

/// What an issued token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The user the service account acts as (`sub`, or the service account itself).
    pub subject: String,
    /// Granted scopes.
    pub scopes: Vec<String>,
}

struct Issued {
    subject: String,
    scopes: Vec<String>,
    expires_at: u64,
}

/// The token endpoint's state: registered service account keys and issued tokens.
pub struct TokenEndpoint {
    audience: String,
    accounts: RwLock<HashMap<String, HashMap<String, DecodingKey>>>,
    issued: Mutex<HashMap<String, Issued>>,
    requests: AtomicUsize,
    lifetime_seconds: AtomicU64,
    failures: Mutex<VecDeque<u16>>,
}

/// The claims Google reads from an assertion.
#[derive(Deserialize)]
struct Assertion {
    #[serde(default)]
    iss: Option<String>,
    #[serde(default)]
    sub: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    aud: Option<Value>,
    #[serde(default)]
    iat: Option<u64>,
    #[serde(default)]
    exp: Option<u64>,
}

/// An OAuth error answer: status, `error`, `error_description`.
type Refusal = (StatusCode, &'static str, String);

fn invalid_grant(description: impl Into<String>) -> Refusal {
    (StatusCode::BAD_REQUEST, "invalid_grant", description.into())
}

impl TokenEndpoint {
    /// An endpoint reachable at `url`, which assertions must name as their audience.
    pub fn new(url: Url) -> Self {
        Self {
            audience: url.to_string(),
            accounts: RwLock::default(),
            issued: Mutex::default(),
            requests: AtomicUsize::new(0),
            lifetime_seconds: AtomicU64::new(DEFAULT_TOKEN_LIFETIME_SECONDS),
            failures: Mutex::default(),
        }
    }

    /// The URL assertions must be addressed to.
    pub fn url(&self) -> &str {
        &self.audience
    }

    /// Trusts `public_key_pem` for assertions from `client_email` with header `kid` = `key_id`.
    pub fn register(
        &self,
        client_email: &str,
        key_id: &str,
        public_key_pem: &str,
    ) -> anyhow::Result<()> {
        let key = DecodingKey::from_rsa_pem(public_key_pem.as_bytes())
            .context("Failed to read the public key")?;
        self.accounts
            .write()
            .map_err(|_| anyhow::anyhow!("token endpoint lock poisoned"))?
            .entry(client_email.to_lowercase())
            .or_default()
            .insert(key_id.to_owned(), key);
        Ok(())
    }

    /// Generates and registers a key for `client_email`; the key file names this endpoint.
    pub fn create_service_account(
        &self,
        client_email: &str,
    ) -> anyhow::Result<NewServiceAccountKey> {
        let key = new_service_account_key(client_email, &self.audience)?;
        self.register(client_email, &key.key_id, &key.public_key_pem)?;
        Ok(key)
    }

    /// Sets `expires_in` for tokens issued from now on.
    pub fn set_token_lifetime(&self, seconds: u64) {
        self.lifetime_seconds.store(seconds, Ordering::SeqCst);
    }

    /// Makes the next request fail with `status` (queued: call again for more failures).
    pub fn fail_next(&self, status: u16) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.push_back(status);
        }
    }

    /// How many token requests were received.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The subject a live token issued here acts for, if it carries `required_scope`.
    pub fn check(&self, bearer: &str, required_scope: &str) -> Option<String> {
        self.token_info(bearer)
            .filter(|info| info.scopes.iter().any(|s| s == required_scope))
            .map(|info| info.subject)
    }

    /// Who a live token issued here acts for and with which scopes (for 401 versus 403).
    pub fn token_info(&self, bearer: &str) -> Option<TokenInfo> {
        let issued = self.issued.lock().ok()?;
        let token = issued.get(bearer).filter(|t| t.expires_at > now())?;
        Some(TokenInfo {
            subject: token.subject.clone(),
            scopes: token.scopes.clone(),
        })
    }

    /// Runs the JWT bearer grant on a form body; the token response or the refusal.
    fn grant(&self, body: &[u8]) -> Result<Value, Refusal> {
        let form: HashMap<String, String> =
            url::form_urlencoded::parse(body).into_owned().collect();
        let grant_type = form.get("grant_type").map_or("", String::as_str);
        if grant_type != JWT_BEARER_GRANT {
            return Err((
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("Invalid grant_type: {grant_type}"),
            ));
        }
        let assertion = form.get("assertion").ok_or((
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: assertion".to_owned(),
        ))?;
        let claims = self.verify(assertion)?;
        let scopes: Vec<String> = claims
            .scope
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if scopes.is_empty() {
            return Err((
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "Invalid OAuth scope or ID token audience provided.".to_owned(),
            ));
        }
        let subject = claims.sub.or(claims.iss).unwrap_or_default().to_lowercase();
        let lifetime = self.lifetime_seconds.load(Ordering::SeqCst);
        let token = format!("ya29.sandbox-sa-{:032x}", rand::random::<u128>());
        let now = now();
        if let Ok(mut issued) = self.issued.lock() {
            issued.retain(|_, t| t.expires_at > now);
            issued.insert(
                token.clone(),
                Issued {
                    subject,
                    scopes,
                    expires_at: now + lifetime,
                },
            );
        }
        Ok(json!({ "access_token": token, "expires_in": lifetime, "token_type": "Bearer" }))
    }

    /// Signature, issuer, audience and time checks, in Google's words when they fail.
    fn verify(&self, assertion: &str) -> Result<Assertion, Refusal> {
        let unverified = jsonwebtoken::dangerous::insecure_decode::<Assertion>(assertion)
            .map_err(|_| invalid_grant("Invalid JWT: could not be parsed."))?;
        let iss = unverified.claims.iss.clone().unwrap_or_default();
        let accounts = self
            .accounts
            .read()
            .map_err(|_| invalid_grant("Invalid grant: account not found"))?;
        let keys = accounts
            .get(&iss.to_lowercase())
            .ok_or_else(|| invalid_grant("Invalid grant: account not found"))?;
        let key = unverified
            .header
            .kid
            .as_ref()
            .and_then(|kid| keys.get(kid))
            .filter(|_| unverified.header.alg == Algorithm::RS256)
            .ok_or_else(|| invalid_grant("Invalid JWT Signature."))?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let claims = jsonwebtoken::decode::<Assertion>(assertion, key, &validation)
            .map_err(|_| invalid_grant("Invalid JWT Signature."))?
            .claims;
        let audience_ok = match &claims.aud {
            Some(Value::String(aud)) => *aud == self.audience,
            Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(&self.audience)),
            _ => false,
        };
        if !audience_ok {
            return Err(invalid_grant(format!(
                "Invalid JWT: Failed audience check. The expected value was {}",
                self.audience
            )));
        }
        let now = now();
        let timely = match (claims.iat, claims.exp) {
            (Some(iat), Some(exp)) => {
                iat <= now + SKEW_SECONDS
                    && exp + SKEW_SECONDS > now
                    && exp > iat
                    && exp - iat <= MAX_ASSERTION_LIFETIME_SECONDS
            }
            _ => false,
        };
        if !timely {
            return Err(invalid_grant(
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable \
                 timeframe. Check your iat and exp values in the JWT claim.",
            ));
        }
        Ok(claims)
    }

    fn injected_failure(&self) -> Option<StatusCode> {
        let status = self.failures.lock().ok()?.pop_front()?;
        StatusCode::from_u16(status).ok()
    }
}

/// Mounts `POST /token`; needs a `web::Data<TokenEndpoint>`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(TOKEN_PATH, web::post().to(token));
}

async fn token(endpoint: web::Data<TokenEndpoint>, body: web::Bytes) -> HttpResponse {
    endpoint.requests.fetch_add(1, Ordering::SeqCst);
    if let Some(status) = endpoint.injected_failure() {
        return HttpResponse::build(status)
            .json(json!({ "error": "internal_failure", "error_description": "Backend Error" }));
    }
    match endpoint.grant(&body) {
        Ok(answer) => HttpResponse::Ok()
            .insert_header((
                "Cache-Control",
                "no-cache, no-store, max-age=0, must-revalidate",
            ))
            .json(answer),
        Err((status, error, description)) => HttpResponse::build(status)
            .json(json!({ "error": error, "error_description": description })),
    }
}
