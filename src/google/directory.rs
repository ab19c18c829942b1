//! Admin SDK Directory client: who is in a Google Group (nested groups flattened), read with a
//! delegated token acting as a Workspace admin, each group cached for a few minutes.
//!
//! See <https://developers.google.com/admin-sdk/directory/reference/rest/v1/members/list>.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cached::{Cached, LruTtlCache};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use secrecy::ExposeSecret;
use serde::Deserialize;
use url::Url;

use super::service_account::{ServiceAccountKey, TokenError, TokenSource};

/// The narrowest scope that lists group members.
pub const MEMBER_READONLY_SCOPE: &str =
    "https://www.googleapis.com/auth/admin.directory.group.member.readonly";
/// The narrowest scope that reads a user's record (`users.get`: `isAdmin`, `suspended`).
pub const USER_READONLY_SCOPE: &str =
    "https://www.googleapis.com/auth/admin.directory.user.readonly";
/// Largest page `members.list` allows.
pub const MAX_PAGE_SIZE: u32 = 200;
/// How long a group's member set is trusted.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(300);
/// How many groups' member sets are remembered.
const CACHE_ENTRIES: usize = 2_000;
/// Groups fetched at once by `groups_containing`.
const CONCURRENT_FETCHES: usize = 8;
/// Stop following `nextPageToken` after this many pages (200 000 members).
const MAX_PAGES: usize = 1_000;

/// Why a group's members could not be listed. Never carries a token.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// No group with this key (also answered from the cache for as long as a member set would be).
    #[error("the group was not found")]
    GroupNotFound,
    /// The admin subject may not read this group, or the token was refused (401 or 403).
    #[error("the Directory API refused access to the group")]
    Forbidden,
    /// Rate-limited, failing, slow or unreachable; worth retrying later.
    #[error("the Directory API is unavailable")]
    Unavailable(#[source] Option<reqwest::Error>),
    /// No delegated token could be had.
    #[error("no token for the Directory API")]
    Token(#[source] TokenError),
    /// Any other answer.
    #[error("unexpected answer from the Directory API (HTTP {status})")]
    Unexpected {
        /// HTTP status.
        status: u16,
    },
    /// A success answer that is not a members page, or paging that does not end.
    #[error("the Directory API's answer could not be read")]
    InvalidResponse(#[source] Option<reqwest::Error>),
    /// The configured Directory base URL cannot have a path appended.
    #[error("the Directory API base URL is not usable")]
    InvalidBaseUrl,
}

impl DirectoryError {
    /// Whether the same request may succeed later without any change of setup.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Unavailable(_) => true,
            Self::Token(e) => e.is_retryable(),
            _ => false,
        }
    }
}

/// One page of `members.list`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MembersPage {
    #[serde(default)]
    members: Vec<Member>,
    #[serde(default)]
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
struct Member {
    #[serde(default)]
    email: Option<String>,
    #[serde(default, rename = "type")]
    member_type: Option<String>,
}

/// Google's error body; only the reasons are read, to tell rate limits from refusals.
#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    error: ErrorDetail,
}

#[derive(Deserialize, Default)]
struct ErrorDetail {
    #[serde(default)]
    errors: Vec<ErrorReason>,
}

#[derive(Deserialize)]
struct ErrorReason {
    #[serde(default)]
    reason: String,
}

/// Older Google APIs answer rate limits with 403 and one of these reasons.
const RATE_LIMIT_REASONS: [&str; 3] = [
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "quotaExceeded",
];

/// A group's cached answer: its users, or that it does not exist.
#[derive(Clone)]
enum Membership {
    Users(Arc<HashSet<String>>),
    NotFound,
}

/// Lists Google Group members through the Directory API.
pub struct DirectoryClient {
    base: Url,
    http: reqwest::Client,
    tokens: Arc<TokenSource>,
    admin_subject: String,
    cache: Mutex<LruTtlCache<String, Membership>>,
}

impl std::fmt::Debug for DirectoryClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectoryClient")
            .field("base", &self.base.as_str())
            .field("admin_subject", &self.admin_subject)
            .finish_non_exhaustive()
    }
}

impl DirectoryClient {
    /// A client for the Directory API at `base` (`https://admin.googleapis.com` in production),
    /// acting as the Workspace admin `admin_subject`.
    pub fn new(
        base: Url,
        http: reqwest::Client,
        tokens: Arc<TokenSource>,
        admin_subject: String,
    ) -> Self {
        Self::with_cache_ttl(base, http, tokens, admin_subject, DEFAULT_CACHE_TTL)
    }

    /// The client Sharebook's service account `key` gets when it may act as the Workspace admin
    /// `admin` (domain-wide delegation); `None` when either is not configured, and then no group
    /// share reaches anyone.
    pub fn for_service_account(
        key: Option<&ServiceAccountKey>,
        admin: Option<&str>,
        token_url: &Url,
        base: &Url,
        http: reqwest::Client,
    ) -> Option<Self> {
        let (key, admin) = (key?, admin?);
        let tokens = Arc::new(TokenSource::new(
            key.clone(),
            token_url.clone(),
            http.clone(),
        ));
        Some(Self::new(base.clone(), http, tokens, admin.to_owned()))
    }

    /// As [`DirectoryClient::new`], keeping member sets for `ttl` instead of five minutes.
    pub fn with_cache_ttl(
        base: Url,
        http: reqwest::Client,
        tokens: Arc<TokenSource>,
        admin_subject: String,
        ttl: Duration,
    ) -> Self {
        Self {
            base,
            http,
            tokens,
            admin_subject,
            cache: Mutex::new(LruTtlCache::new(CACHE_ENTRIES, ttl)),
        }
    }

    /// The lowercased emails of the users in `group_email`, nested groups included.
    pub async fn group_members(
        &self,
        group_email: &str,
    ) -> Result<Arc<HashSet<String>>, DirectoryError> {
        match self.membership(group_email).await? {
            Membership::Users(users) => Ok(users),
            Membership::NotFound => Err(DirectoryError::GroupNotFound),
        }
    }

    /// Those of `candidate_groups` that contain `user_email` (directly or through nested groups),
    /// in the given order; groups that do not exist contain nobody.
    pub async fn groups_containing(
        &self,
        user_email: &str,
        candidate_groups: &[String],
    ) -> Result<Vec<String>, DirectoryError> {
        let user = user_email.trim().to_lowercase();
        let mut seen = HashSet::new();
        let candidates: Vec<&String> = candidate_groups
            .iter()
            .filter(|g| seen.insert(g.trim().to_lowercase()))
            .collect();
        let found: Vec<Option<String>> = stream::iter(candidates)
            .map(|group| {
                let user = &user;
                async move {
                    Ok::<_, DirectoryError>(match self.membership(group).await? {
                        Membership::Users(users) if users.contains(user) => Some(group.clone()),
                        _ => None,
                    })
                }
            })
            .buffered(CONCURRENT_FETCHES)
            .try_collect()
            .await?;
        Ok(found.into_iter().flatten().collect())
    }

    async fn membership(&self, group_email: &str) -> Result<Membership, DirectoryError> {
        let key = group_email.trim().to_lowercase();
        if let Some(hit) = self
            .cache
            .lock()
            .ok()
            .and_then(|mut c| c.cache_get(&key).cloned())
        {
            return Ok(hit);
        }
        let membership = match self.fetch(&key).await {
            Ok(users) => Membership::Users(Arc::new(users)),
            Err(DirectoryError::GroupNotFound) => Membership::NotFound,
            Err(e) => return Err(e),
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.cache_set(key, membership.clone());
        }
        Ok(membership)
    }

    /// Every page of the group's members; the users' emails.
    async fn fetch(&self, group_key: &str) -> Result<HashSet<String>, DirectoryError> {
        let token = self
            .tokens
            .access_token(&self.admin_subject, &[MEMBER_READONLY_SCOPE])
            .await
            .map_err(DirectoryError::Token)?;
        let mut users = HashSet::new();
        let mut page_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .page(group_key, page_token.as_deref(), token.expose_secret())
                .await?;
            users.extend(
                page.members
                    .into_iter()
                    .filter(|m| {
                        m.member_type
                            .as_deref()
                            .is_some_and(|t| t.eq_ignore_ascii_case("USER"))
                    })
                    .filter_map(|m| m.email)
                    .map(|e| e.trim().to_lowercase()),
            );
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(next) if page_token.as_ref() != Some(&next) => page_token = Some(next),
                Some(_) => return Err(DirectoryError::InvalidResponse(None)),
                None => return Ok(users),
            }
        }
        Err(DirectoryError::InvalidResponse(None))
    }

    async fn page(
        &self,
        group_key: &str,
        page_token: Option<&str>,
        token: &str,
    ) -> Result<MembersPage, DirectoryError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| DirectoryError::InvalidBaseUrl)?
            .pop_if_empty()
            .extend(["admin", "directory", "v1", "groups", group_key, "members"]);
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("includeDerivedMembership", "true")
                .append_pair("maxResults", &MAX_PAGE_SIZE.to_string());
            if let Some(page_token) = page_token {
                query.append_pair("pageToken", page_token);
            }
        }
        let response = self
            .http
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| DirectoryError::Unavailable(Some(e)))?;
        match response.status().as_u16() {
            200..=299 => {}
            404 => return Err(DirectoryError::GroupNotFound),
            _ => return Err(refusal(response).await),
        }
        response.json().await.map_err(|e| {
            if e.is_timeout() {
                DirectoryError::Unavailable(Some(e))
            } else {
                DirectoryError::InvalidResponse(Some(e))
            }
        })
    }
}

/// What a Directory answer other than success or 404 means: 403 with a rate-limit reason and
/// 429/5xx are worth retrying, other 401/403 are refusals.
pub(crate) async fn refusal(response: reqwest::Response) -> DirectoryError {
    match response.status().as_u16() {
        401 => DirectoryError::Forbidden,
        403 => {
            let body: ErrorBody = response.json().await.unwrap_or_default();
            let rate_limited = body
                .error
                .errors
                .iter()
                .any(|e| RATE_LIMIT_REASONS.contains(&e.reason.as_str()));
            if rate_limited {
                DirectoryError::Unavailable(None)
            } else {
                DirectoryError::Forbidden
            }
        }
        429 | 500..=599 => DirectoryError::Unavailable(None),
        other => DirectoryError::Unexpected { status: other },
    }
}
