//! Who is calling, for authorization: the [`Caller`] extractor.
//!
//! It turns a verified add-on request into the [`Principal`] authorization works with (the user,
//! their Workspace domain, and the Google Groups among those with shares they belong to), once
//! per request, for every handler that acts on labels.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use cached::{Cached, LruTtlCache};

use crate::auth::{Addon, Basic, Needs};
use crate::domain::principal::{Principal, vouched};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::storage;

/// Group addresses with shares, per domain, remembered briefly: a new group share is honoured
/// within this delay on every instance.
pub struct GroupCandidates(Mutex<LruTtlCache<Vec<String>, Vec<String>>>);

impl GroupCandidates {
    /// An empty cache.
    pub fn new() -> Self {
        Self(Mutex::new(LruTtlCache::new(
            10_000,
            Duration::from_secs(30),
        )))
    }
}

impl GroupCandidates {
    /// Forgets every domain's list: called after a group share is added here, so this instance
    /// honours it at once (others within the cache's lifetime).
    pub fn invalidate(&self) {
        if let Ok(mut c) = self.0.lock() {
            c.cache_clear();
        }
    }
}

impl Default for GroupCandidates {
    fn default() -> Self {
        Self::new()
    }
}

/// A verified add-on request and the caller resolved from it: what a handler that reads or writes
/// labels takes, so that no handler resolves the caller by hand.
pub struct Caller<N: Needs = Basic> {
    /// The verified event and user.
    pub addon: Addon<N>,
    /// Who they are for authorization.
    pub who: Principal,
}

impl<N: Needs + 'static> FromRequest for Caller<N> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let addon = Addon::<N>::from_request(req, payload);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let addon = addon.await?;
            let state = state.ok_or_else(|| anyhow::anyhow!("AppState is not registered"))?;
            let who = resolve(&state, &addon).await?;
            Ok(Caller { addon, who })
        })
    }
}

/// The caller as authorization sees them.
pub async fn resolve<N: Needs>(state: &AppState, addon: &Addon<N>) -> Result<Principal, ApiError> {
    let identity = &addon.identity;
    let mut domains: Vec<String> = identity.hd.iter().cloned().collect();
    if let Some((_, d)) = identity.email.rsplit_once('@')
        && !domains.iter().any(|x| x == d)
    {
        domains.push(d.to_owned());
    }
    let cached = state
        .group_candidates
        .0
        .lock()
        .ok()
        .and_then(|mut c| c.cache_get(&domains).cloned());
    let candidates = match cached {
        Some(c) => c,
        None => {
            let client = state.pool.get().await?;
            let found = storage::labels::groups_with_shares(&client, &domains).await?;
            if let Ok(mut c) = state.group_candidates.0.lock() {
                c.cache_set(domains.clone(), found.clone());
            }
            found
        }
    };
    // A group lists addresses: only an account Google vouches for owns one.
    let groups = if candidates.is_empty() || !vouched(&identity.email, identity.hd.as_deref()) {
        Vec::new()
    } else {
        match &state.directory {
            Some(directory) => directory
                .groups_containing(&identity.email, &candidates)
                .await
                .unwrap_or_else(|e| {
                    // Fail closed but keep working: without the Directory, access through groups is
                    // withheld for this request; direct and domain shares still apply.
                    tracing::warn!(error = %e, "Group membership unavailable; group shares ignored");
                    Vec::new()
                }),
            None => {
                tracing::warn!(
                    "Labels are shared with groups but the Directory API is not configured"
                );
                Vec::new()
            }
        }
    };
    Ok(Principal {
        user_id: addon.user_id,
        email: identity.email.clone(),
        domain: identity.hd.clone(),
        groups,
    })
}
