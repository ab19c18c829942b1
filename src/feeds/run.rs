//! One run of one feed: open its credentials, read from Capsule, apply page by page, and say
//! when it runs next (or why it paused).

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::{FeedContext, FeedError, apply};
use crate::capsule::oauth::Credentials;
use crate::capsule::{CapsuleError, Session};
use crate::domain::feed::{OVERLAP, backoff};
use crate::storage::feeds::{self, AuthKind, Feed, FeedState, RunEnd, RunRecord};

/// Runs `feed` (its lease held) and releases it with the outcome.
pub async fn run(ctx: &FeedContext, feed: Feed) {
    let started = Utc::now();
    let mut requests = 0_i64;
    let mut budget = feed.budget;
    let end = match attempt(ctx, &feed, started, &mut requests, &mut budget).await {
        Ok(watermark) => RunEnd::Done { watermark },
        Err(FeedError::LostLease) => {
            tracing::warn!(label = %feed.label_id, "feed lease lost; another worker goes on");
            return;
        }
        Err(e) => outcome(ctx, &feed, &e),
    };
    match &end {
        RunEnd::Done { .. } => tracing::debug!(label = %feed.label_id, requests, "feed run done"),
        RunEnd::Retry { error, .. } => {
            tracing::warn!(label = %feed.label_id, requests, error = %error, "feed run failed; retrying later");
        }
        RunEnd::Pause { reason } => {
            tracing::warn!(label = %feed.label_id, reason = %reason, "feed paused");
        }
    }
    let next = Utc::now() + chrono::Duration::from_std(ctx.poll).unwrap_or_default();
    let finished = match ctx.pool.get().await {
        Ok(client) => feeds::finish(
            &client,
            &feed,
            ctx.worker_id,
            &RunRecord {
                requests,
                started,
                next,
                end,
                budget,
            },
        )
        .await
        .map_err(FeedError::from),
        Err(e) => Err(e.into()),
    };
    if let Err(e) = finished {
        // The lease lapses and the run is redone; nothing it wrote is written twice.
        tracing::warn!(label = %feed.label_id, error = %e, "could not record the feed run");
    }
}

/// What a failure means for the feed.
fn outcome(ctx: &FeedContext, feed: &Feed, e: &FeedError) -> RunEnd {
    let retry = |failure: bool| {
        let wait = backoff(ctx.poll, u32::try_from(feed.failures).unwrap_or(0));
        RunEnd::Retry {
            retry_at: Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default(),
            error: e.to_string(),
            failure,
        }
    };
    match e {
        FeedError::Capsule(CapsuleError::RateLimited { reset }) => RunEnd::Retry {
            retry_at: *reset,
            error: e.to_string(),
            failure: false,
        },
        FeedError::Capsule(c) if c.is_auth() => RunEnd::Pause {
            reason: "feed-pause-refused".into(),
        },
        FeedError::NotOwner => RunEnd::Pause {
            reason: "feed-pause-not-owner".into(),
        },
        FeedError::Sealed(_) => RunEnd::Pause {
            reason: "feed-pause-keys".into(),
        },
        _ => retry(true),
    }
}

/// Reads and applies everything; the start of this complete read, for the watermark.
async fn attempt(
    ctx: &FeedContext,
    feed: &Feed,
    started: DateTime<Utc>,
    requests: &mut i64,
    budget: &mut Option<crate::capsule::client::Budget>,
) -> Result<DateTime<Utc>, FeedError> {
    {
        let client = ctx.pool.get().await?;
        if !feeds::connector_may_run(&client, feed.label_id, feed.connected_by).await? {
            return Err(FeedError::NotOwner);
        }
    }
    let mut creds = Credentials::open(&ctx.keys, &feed.sealed, feed.label_id)?;
    let mut refreshed = false;
    loop {
        let mut session = ctx
            .api
            .session_with(SecretString::from(creds.access.clone()), *budget);
        let result = pass(ctx, feed, &mut session, started).await;
        *requests += i64::from(session.requests);
        *budget = session.budget;
        match result {
            Err(FeedError::Capsule(CapsuleError::Unauthorized))
                if feed.auth == AuthKind::OAuth && !refreshed =>
            {
                // OAuth access tokens expire: one refresh, then the same read again.
                let (Some(app), Some(refresh)) = (&ctx.oauth, creds.refresh.clone()) else {
                    return Err(CapsuleError::Unauthorized.into());
                };
                creds = app.refresh(&ctx.api, &refresh).await?;
                *requests += 1;
                refreshed = true;
                let sealed = creds.seal(&ctx.keys, feed.label_id)?;
                let client = ctx.pool.get().await?;
                feeds::save_credentials(&client, feed.label_id, &sealed).await?;
            }
            other => {
                if other.is_ok() && !ctx.keys.is_current(&feed.sealed) {
                    // Rotation: re-sealed under the current key, once it proved good.
                    let sealed = creds.seal(&ctx.keys, feed.label_id)?;
                    let client = ctx.pool.get().await?;
                    feeds::save_credentials(&client, feed.label_id, &sealed).await?;
                }
                return other;
            }
        }
    }
}

/// One read: the first import's remaining pages, or what changed since the watermark; then
/// deletions and restrictions.
async fn pass(
    ctx: &FeedContext,
    feed: &Feed,
    session: &mut Session<'_>,
    started: DateTime<Utc>,
) -> Result<DateTime<Utc>, FeedError> {
    let overlap = chrono::Duration::from_std(OVERLAP).unwrap_or_default();
    let (since, from_page, watermark) = match (feed.state, feed.watermark) {
        (FeedState::Live, Some(w)) => (Some(w - overlap), 1, started),
        // First import (or tags changed): everything, going on from the pages already read.
        _ => {
            let began = feed.import_started_at.unwrap_or(started);
            (None, feed.import_pages + 1, began)
        }
    };
    let importing = since.is_none();
    let mut page = u32::try_from(from_page.max(1)).unwrap_or(1);
    loop {
        let read = session.parties(since, page).await?;
        let mut client = ctx.pool.get().await?;
        let tx = client.transaction().await?;
        if !feeds::fence(&tx, feed.label_id, ctx.worker_id, ctx.lease.as_secs_f64()).await? {
            return Err(FeedError::LostLease);
        }
        let (applied, reason) = apply::parties(&tx, feed, &read.parties).await?;
        let progress = importing.then(|| i32::try_from(page).unwrap_or(i32::MAX));
        feeds::save_progress(
            &tx,
            feed,
            progress,
            watermark,
            applied.unreadable,
            reason.as_deref(),
        )
        .await?;
        tx.commit().await?;
        tracing::debug!(label = %feed.label_id, page, ?applied, "feed page applied");
        match read.next {
            Some(next) if next > page => page = next,
            _ => break,
        }
    }
    let since = since.unwrap_or(watermark - overlap);
    let gone = session.gone(since).await?;
    if !gone.deleted.is_empty() || !gone.restricted.is_empty() {
        let mut client = ctx.pool.get().await?;
        let tx = client.transaction().await?;
        if !feeds::fence(&tx, feed.label_id, ctx.worker_id, ctx.lease.as_secs_f64()).await? {
            return Err(FeedError::LostLease);
        }
        apply::gone(&tx, feed, &gone.deleted, &gone.restricted).await?;
        tx.commit().await?;
    }
    Ok(watermark)
}
