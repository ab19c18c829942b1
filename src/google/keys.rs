//! Google's signing keys: fetched from the JWK set URL, cached as `Cache-Control` allows.
//!
//! An unknown `kid` triggers a refetch at most once per cooldown, so a flood of forged tokens
//! cannot turn into a flood of requests to Google.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet, KeyAlgorithm, PublicKeyUse};
use tokio::sync::{Mutex, RwLock};
use url::Url;

/// Used when the key set response carries no usable `max-age`.
const DEFAULT_MAX_AGE: Duration = Duration::from_secs(3600);
/// Upper bound on how long a key set is trusted without asking again.
const LONGEST_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

/// Why no key could be had for a token.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key set does not contain this `kid` (after a refetch, or within the cooldown).
    #[error("no published key has this kid")]
    UnknownKid,
    /// The key set could not be fetched and no copy is cached.
    #[error("the key set could not be fetched")]
    Unavailable(#[source] anyhow::Error),
}

#[derive(Default)]
struct Cached {
    keys: HashMap<String, Arc<DecodingKey>>,
    fresh_until: Option<Instant>,
    last_fetch: Option<Instant>,
}

/// Cache of the RSA keys published at one JWK set URL.
pub struct KeyStore {
    url: Url,
    http: reqwest::Client,
    cooldown: Duration,
    cached: RwLock<Cached>,
    fetching: Mutex<()>,
}

impl KeyStore {
    /// A store for the key set at `url`; nothing is fetched until a key is needed.
    pub fn new(url: Url, http: reqwest::Client, cooldown: Duration) -> Self {
        Self {
            url,
            http,
            cooldown,
            cached: RwLock::default(),
            fetching: Mutex::new(()),
        }
    }

    /// The key for `kid`, fetching the key set when the cache is stale or the `kid` is new.
    pub async fn key(&self, kid: &str) -> Result<Arc<DecodingKey>, KeyError> {
        {
            let cached = self.cached.read().await;
            if let Some(key) = cached.keys.get(kid)
                && cached.fresh_until.is_some_and(|t| Instant::now() < t)
            {
                return Ok(key.clone());
            }
        }
        // Only one task fetches; the others wait and then read what it stored.
        let _fetching = self.fetching.lock().await;
        let (known, stale, recently, empty) = {
            let cached = self.cached.read().await;
            let now = Instant::now();
            (
                cached.keys.get(kid).cloned(),
                cached.fresh_until.is_none_or(|t| now >= t),
                cached
                    .last_fetch
                    .is_some_and(|t| now.duration_since(t) < self.cooldown),
                cached.keys.is_empty(),
            )
        };
        match known {
            // Fresh, or stale after a failed refresh that is too recent to retry.
            Some(key) if !stale || recently => return Ok(key),
            None if recently && empty => {
                return Err(KeyError::Unavailable(anyhow::anyhow!(
                    "the last key set fetch failed"
                )));
            }
            None if recently => return Err(KeyError::UnknownKid),
            _ => {}
        }
        match self.fetch().await {
            Ok(fresh) => {
                let key = fresh.keys.get(kid).cloned();
                *self.cached.write().await = fresh;
                key.ok_or(KeyError::UnknownKid)
            }
            Err(err) => {
                self.cached.write().await.last_fetch = Some(Instant::now());
                match known {
                    // Google keeps retired keys published for a while; a stale copy beats an outage.
                    Some(key) => {
                        tracing::warn!(error = ?err, "Using cached signing keys after a failed refresh");
                        Ok(key)
                    }
                    None => Err(KeyError::Unavailable(err)),
                }
            }
        }
    }

    async fn fetch(&self) -> anyhow::Result<Cached> {
        use anyhow::Context;
        let response = self
            .http
            .get(self.url.clone())
            .send()
            .await
            .context("Failed to reach the key set URL")?
            .error_for_status()
            .context("The key set URL answered with an error")?;
        let max_age = response
            .headers()
            .get(reqwest::header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .and_then(max_age)
            .unwrap_or(DEFAULT_MAX_AGE)
            .min(LONGEST_MAX_AGE);
        let set: JwkSet = response
            .json()
            .await
            .context("The key set is not a JWK set")?;
        let keys = usable_keys(&set);
        anyhow::ensure!(!keys.is_empty(), "The key set holds no RS256 signing key");
        tracing::info!(
            keys = keys.len(),
            max_age_s = max_age.as_secs(),
            "Fetched signing keys"
        );
        let now = Instant::now();
        Ok(Cached {
            keys,
            fresh_until: Some(now + max_age),
            last_fetch: Some(now),
        })
    }
}

/// Keeps the RSA signing keys that may sign RS256 tokens, keyed by `kid`.
fn usable_keys(set: &JwkSet) -> HashMap<String, Arc<DecodingKey>> {
    set.keys
        .iter()
        .filter(|jwk| matches!(jwk.algorithm, AlgorithmParameters::RSA(_)))
        .filter(|jwk| {
            matches!(
                jwk.common.public_key_use,
                None | Some(PublicKeyUse::Signature)
            )
        })
        .filter(|jwk| matches!(jwk.common.key_algorithm, None | Some(KeyAlgorithm::RS256)))
        .filter_map(|jwk| {
            let kid = jwk.common.key_id.clone()?;
            let key = DecodingKey::from_jwk(jwk).ok()?;
            Some((kid, Arc::new(key)))
        })
        .collect()
}

/// The `max-age` directive of a `Cache-Control` header.
fn max_age(header: &str) -> Option<Duration> {
    header.split(',').find_map(|directive| {
        let (name, value) = directive.trim().split_once('=')?;
        name.trim().eq_ignore_ascii_case("max-age").then_some(())?;
        value
            .trim()
            .trim_matches('"')
            .parse()
            .ok()
            .map(Duration::from_secs)
    })
}

#[cfg(test)]
mod tests {
    use super::max_age;
    use std::time::Duration;

    #[test]
    fn reads_max_age_from_google_style_headers() {
        assert_eq!(
            max_age("public, max-age=24873, must-revalidate, no-transform"),
            Some(Duration::from_secs(24873))
        );
        assert_eq!(max_age("no-cache"), None);
        assert_eq!(max_age("max-age=abc"), None);
        assert_eq!(max_age("Max-Age=\"60\""), Some(Duration::from_secs(60)));
    }
}
