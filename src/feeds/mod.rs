//! The feed worker: keeps labels fed from a CRM (Capsule) in step with it, one way.
//!
//! Each feed runs under a lease (never twice at once, whatever the number of workers): a first
//! import pages through every party; later runs read what changed since the last complete read
//! (less an overlap) and what was deleted. Runs come every poll interval, at once on a REST hook
//! or "Sync now", and back off when Capsule fails.

mod apply;
mod run;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use deadpool_postgres::Pool;
use secrecy::SecretString;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use uuid::Uuid;

pub use self::apply::Applied;
use crate::capsule::oauth::OAuthApp;
use crate::capsule::{CapsuleApi, CapsuleError};
use crate::config::Common;
use crate::sealed::KeyRing;
use crate::storage::{self, StorageError};

/// The notification channel that wakes feed workers (migration V18's trigger).
pub const CHANNEL: &str = "sharebook_feeds";

/// Why a run stopped short.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// Capsule failed or refused.
    #[error(transparent)]
    Capsule(#[from] CapsuleError),
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// No database connection.
    #[error("no database connection")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// Another worker holds the lease now: this run wrote nothing more.
    #[error("the feed's lease was taken by another worker")]
    LostLease,
    /// The label refused the connector's writes: they no longer own it.
    #[error("the person who connected the feed no longer owns the label")]
    NotOwner,
    /// The credentials do not open (their key left `CRM_TOKEN_KEYS`).
    #[error("the stored credentials cannot be opened: {0}")]
    Sealed(#[from] crate::sealed::SealError),
}

impl From<tokio_postgres::Error> for FeedError {
    fn from(e: tokio_postgres::Error) -> Self {
        FeedError::Storage(StorageError::Db(e))
    }
}

/// What every feed run shares.
pub struct FeedContext {
    /// Database.
    pub pool: Pool,
    /// Capsule's API.
    pub api: CapsuleApi,
    /// Capsule's registered application, to refresh OAuth tokens.
    pub oauth: Option<OAuthApp>,
    /// The keys credentials are sealed with.
    pub keys: Arc<KeyRing>,
    /// This process's identity as a lease holder.
    pub worker_id: Uuid,
    /// How often a live feed reads what changed.
    pub poll: Duration,
    /// How long a lease lasts without renewal (longer than any one Capsule call).
    pub lease: Duration,
    /// Feeds run at once by this process.
    pub concurrency: usize,
}

/// A feed worker process (part of `serve` and `worker`).
pub struct FeedWorker {
    ctx: Arc<FeedContext>,
    database_url: SecretString,
    active: Arc<Mutex<HashSet<Uuid>>>,
}

impl FeedWorker {
    /// The worker for `config`; `None` when no feed can exist (`CRM_TOKEN_KEYS` unset).
    pub fn build(config: &Common) -> anyhow::Result<Option<Self>> {
        let Some(keys) = config.crm.keys.clone() else {
            return Ok(None);
        };
        let api = CapsuleApi::new(config.crm.capsule_api_url.clone(), config.crm.timeout)
            .context("Failed to build the HTTP client")?;
        let concurrency = 4;
        let ctx = FeedContext {
            pool: storage::pool(&config.database_url, concurrency + 2)?,
            api,
            oauth: config.crm.capsule_oauth.clone(),
            keys,
            worker_id: Uuid::new_v4(),
            poll: config.crm.poll,
            lease: config.crm.timeout * 2 + Duration::from_secs(30),
            concurrency,
        };
        Ok(Some(Self::new(ctx, config.database_url.clone())))
    }

    /// A worker with `ctx`; `database_url` opens its LISTEN connection.
    pub fn new(ctx: FeedContext, database_url: SecretString) -> Self {
        Self {
            ctx: Arc::new(ctx),
            database_url,
            active: Arc::default(),
        }
    }

    /// Runs until dropped; stopping anywhere is safe (the lease lapses and another run redoes
    /// at most one page, which writes nothing twice).
    pub async fn run(self) {
        let wake = Arc::new(Notify::new());
        let _listener = crate::sync::AbortOnDrop(tokio::spawn(crate::sync::listen(
            self.database_url.clone(),
            CHANNEL,
            wake.clone(),
        )));
        let mut running: JoinSet<()> = JoinSet::new();
        tracing::info!(worker = %self.ctx.worker_id, "feed worker started");
        loop {
            let next = match self.step(&mut running).await {
                Ok(next) => next,
                Err(e) => {
                    tracing::warn!(error = %e, "feed step failed; retrying");
                    Duration::from_secs(1)
                }
            };
            tokio::select! {
                () = wake.notified() => {}
                Some(_) = running.join_next(), if !running.is_empty() => {}
                () = tokio::time::sleep(next) => {}
            }
        }
    }

    async fn step(&self, running: &mut JoinSet<()>) -> Result<Duration, FeedError> {
        let client = self.ctx.pool.get().await?;
        while running.len() < self.ctx.concurrency {
            let busy: Vec<Uuid> = self
                .active
                .lock()
                .map(|a| a.iter().copied().collect())
                .unwrap_or_default();
            let Some(feed) = storage::feeds::claim(
                &client,
                self.ctx.worker_id,
                self.ctx.lease.as_secs_f64(),
                &busy,
            )
            .await?
            else {
                break;
            };
            let label = feed.label_id;
            if let Ok(mut a) = self.active.lock() {
                a.insert(label);
            }
            let ctx = self.ctx.clone();
            let active = self.active.clone();
            running.spawn(async move {
                run::run(&ctx, feed).await;
                if let Ok(mut a) = active.lock() {
                    a.remove(&label);
                }
            });
        }
        // A small floor, so a feed due now but leased elsewhere is not polled in a busy loop.
        let due = storage::feeds::next_due(&client).await?;
        Ok(due.map_or(self.ctx.poll, |s| {
            Duration::from_secs_f64(s.clamp(0.05, self.ctx.poll.as_secs_f64()))
        }))
    }
}
