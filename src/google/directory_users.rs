//! Admin SDK Directory `users.get`: whether an account is a super admin, and whether a domain's
//! account was suspended or deleted. Read with delegated tokens, answers cached a few minutes.
//!
//! See <https://developers.google.com/admin-sdk/directory/reference/rest/v1/users/get>.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cached::{Cached, LruTtlCache};
use futures_util::stream::{self, StreamExt};
use secrecy::ExposeSecret;
use serde::Deserialize;
use url::Url;

use super::directory::{DEFAULT_CACHE_TTL, DirectoryError, USER_READONLY_SCOPE, refusal};
use super::service_account::TokenSource;

/// Accounts remembered.
const CACHE_ENTRIES: usize = 10_000;
/// Lookups at once.
const CONCURRENT: usize = 8;

/// A Workspace account's state, as an admin of its domain sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    /// In use.
    Active,
    /// Suspended by an admin.
    Suspended,
    /// No such account any more (`users.get` answers 404).
    Deleted,
}

impl AccountStatus {
    /// The catalogue id of its name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::Active => "account-active",
            Self::Suspended => "account-suspended",
            Self::Deleted => "account-deleted",
        }
    }
}

/// The fields of the user resource read here.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserResource {
    #[serde(default)]
    is_admin: bool,
    #[serde(default)]
    suspended: bool,
}

/// Reads users through the Directory API.
pub struct DirectoryUsers {
    base: Url,
    http: reqwest::Client,
    tokens: Arc<TokenSource>,
    admins: Mutex<LruTtlCache<String, bool>>,
    statuses: Mutex<LruTtlCache<String, AccountStatus>>,
}

impl std::fmt::Debug for DirectoryUsers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectoryUsers")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

impl DirectoryUsers {
    /// A client for the Directory API at `base` (`https://admin.googleapis.com`), answers kept
    /// five minutes.
    pub fn new(base: Url, http: reqwest::Client, tokens: Arc<TokenSource>) -> Self {
        Self::with_cache_ttl(base, http, tokens, DEFAULT_CACHE_TTL)
    }

    /// As [`DirectoryUsers::new`], answers kept `ttl`.
    pub fn with_cache_ttl(
        base: Url,
        http: reqwest::Client,
        tokens: Arc<TokenSource>,
        ttl: Duration,
    ) -> Self {
        Self {
            base,
            http,
            tokens,
            admins: Mutex::new(LruTtlCache::new(CACHE_ENTRIES, ttl)),
            statuses: Mutex::new(LruTtlCache::new(CACHE_ENTRIES, ttl)),
        }
    }

    /// Whether `email` is a super admin (`isAdmin`), asked as that user themselves: Google
    /// refuses a non-admin's `admin_view` read (403), which means "no". Errors that may pass
    /// (rate limits, outages) are not remembered.
    pub async fn is_super_admin(&self, email: &str) -> Result<bool, DirectoryError> {
        let key = email.trim().to_lowercase();
        if let Some(hit) = self
            .admins
            .lock()
            .ok()
            .and_then(|mut c| c.cache_get(&key).copied())
        {
            return Ok(hit);
        }
        let answer = match self.get(&key, &key).await {
            Ok(Some(user)) => user.is_admin && !user.suspended,
            Ok(None) | Err(DirectoryError::Forbidden) => false,
            Err(e) => return Err(e),
        };
        if let Ok(mut c) = self.admins.lock() {
            c.cache_set(key, answer);
        }
        Ok(answer)
    }

    /// The state of the account `email`, asked as the admin `admin` of its domain.
    pub async fn account_status(
        &self,
        admin: &str,
        email: &str,
    ) -> Result<AccountStatus, DirectoryError> {
        let key = email.trim().to_lowercase();
        if let Some(hit) = self
            .statuses
            .lock()
            .ok()
            .and_then(|mut c| c.cache_get(&key).copied())
        {
            return Ok(hit);
        }
        let status = match self.get(&admin.trim().to_lowercase(), &key).await? {
            None => AccountStatus::Deleted,
            Some(u) if u.suspended => AccountStatus::Suspended,
            Some(_) => AccountStatus::Active,
        };
        if let Ok(mut c) = self.statuses.lock() {
            c.cache_set(key, status);
        }
        Ok(status)
    }

    /// [`DirectoryUsers::account_status`] of each of `emails`, in order, a few at a time.
    pub async fn account_statuses(
        &self,
        admin: &str,
        emails: &[String],
    ) -> Vec<Result<AccountStatus, DirectoryError>> {
        stream::iter(emails)
            .map(|e| self.account_status(admin, e))
            .buffered(CONCURRENT)
            .collect()
            .await
    }

    /// `users.get` of `user` acting as `subject`; `None` for 404.
    async fn get(&self, subject: &str, user: &str) -> Result<Option<UserResource>, DirectoryError> {
        let token = self
            .tokens
            .access_token(subject, &[USER_READONLY_SCOPE])
            .await
            .map_err(DirectoryError::Token)?;
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| DirectoryError::InvalidBaseUrl)?
            .pop_if_empty()
            .extend(["admin", "directory", "v1", "users", user]);
        url.query_pairs_mut()
            .append_pair("projection", "basic")
            .append_pair("viewType", "admin_view");
        let response = self
            .http
            .get(url)
            .bearer_auth(token.expose_secret())
            .send()
            .await
            .map_err(|e| DirectoryError::Unavailable(Some(e)))?;
        match response.status().as_u16() {
            200..=299 => {}
            404 => return Ok(None),
            _ => return Err(refusal(response).await),
        }
        response.json().await.map(Some).map_err(|e| {
            if e.is_timeout() {
                DirectoryError::Unavailable(Some(e))
            } else {
                DirectoryError::InvalidResponse(Some(e))
            }
        })
    }
}
