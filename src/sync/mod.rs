//! The sync worker: keeps every member's Google Contacts in step with the labels shared with them.
//!
//! Woken by LISTEN/NOTIFY when the outbox fills, and by a periodic sweep for anything a lost
//! notification missed; any number of workers may run against one database.

pub mod config;
pub mod fanout;
mod groups;
mod import;
mod inbound;
pub mod limiter;
pub mod member;
pub mod metrics;
mod people;
pub mod person;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use deadpool_postgres::Pool;
use futures_util::StreamExt;
use secrecy::SecretString;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use uuid::Uuid;

pub use self::config::SyncConfig;
use self::limiter::Limiter;
use self::metrics::SyncMetrics;
use crate::config::Common;
use crate::domain::google_side::DeletionGuard;
use crate::google::directory::DirectoryClient;
use crate::google::people::{PeopleClient, PeopleError};
use crate::google::service_account::TokenSource;
use crate::storage::sync::ReadPace;
use crate::storage::{self, StorageError};

/// The notification channel the outbox trigger signals.
pub const CHANNEL: &str = "sharebook_sync";

/// How the worker paces itself.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Members synced at once by this process.
    pub concurrency: usize,
    /// How long a member's lease lasts without renewal (longer than any one People API call).
    pub lease: Duration,
    /// Retries of one call on 429, 5xx and timeouts before the run gives up for now.
    pub max_retries: u32,
    /// First backoff; doubled on each retry.
    pub retry_base: Duration,
    /// Longest backoff.
    pub retry_max: Duration,
    /// How often the outbox and queue are looked at without a notification.
    pub sweep: Duration,
    /// How often group shares are expanded again (Directory changes are not notified).
    pub group_refresh: Duration,
    /// How often members' Google Contacts are read back.
    pub read: ReadPace,
    /// When one member's deletions in Google Contacts are held for the owner.
    pub guard: DeletionGuard,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            concurrency: 16,
            lease: Duration::from_secs(60),
            max_retries: 5,
            retry_base: Duration::from_millis(500),
            retry_max: Duration::from_secs(300),
            sweep: Duration::from_secs(10),
            group_refresh: Duration::from_secs(300),
            read: ReadPace {
                active: Duration::from_secs(30),
                idle: Duration::from_secs(15 * 60),
            },
            guard: DeletionGuard::default(),
        }
    }
}

/// Why a member's run stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// A People API call failed (after retries, if it was worth retrying).
    #[error(transparent)]
    People(#[from] PeopleError),
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// No database connection.
    #[error("no database connection")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// Another worker took the member's lease (this one stalled): stop writing at once.
    #[error("the member's lease was taken by another worker")]
    LostLease,
    /// The member's user row is gone.
    #[error("unknown member")]
    UnknownMember,
    /// A push found a copy the member had changed, and took their change in first: the label is
    /// looked at again (never seen outside a member's run).
    #[error("a change made in Google Contacts was taken in first")]
    TookIn,
}

impl SyncError {
    /// Whether trying again soon may help (a refused grant or request will not until someone
    /// changes the setup, so it is retried rarely).
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::People(e) => e.is_retryable(),
            SyncError::Storage(_)
            | SyncError::Pool(_)
            | SyncError::LostLease
            | SyncError::TookIn => true,
            SyncError::UnknownMember => false,
        }
    }

    /// A short cause, for the error counter.
    pub fn kind(&self) -> &'static str {
        match self {
            SyncError::People(PeopleError::RateLimited { .. }) => "rate_limited",
            SyncError::People(PeopleError::Unavailable { .. }) => "unavailable",
            SyncError::People(PeopleError::Token(_)) => "token",
            SyncError::People(_) => "people",
            SyncError::Storage(_) | SyncError::Pool(_) => "database",
            SyncError::LostLease => "lost_lease",
            SyncError::UnknownMember => "unknown_member",
            SyncError::TookIn => "took_in",
        }
    }
}

/// What every member run shares.
pub struct Context {
    /// Database.
    pub pool: Pool,
    /// People API.
    pub people: PeopleClient,
    /// Per-member pacing.
    pub limiter: Limiter,
    /// Metrics.
    pub metrics: Arc<SyncMetrics>,
    /// This process's identity as a lease holder.
    pub worker_id: Uuid,
    /// Pacing.
    pub settings: Settings,
}

/// A sync worker process.
pub struct Worker {
    ctx: Arc<Context>,
    /// Members this process is running now (never claimed twice, even when a stalled run's
    /// lease lapses).
    active: Arc<std::sync::Mutex<std::collections::HashSet<Uuid>>>,
    directory: Option<DirectoryClient>,
    database_url: SecretString,
}

impl Worker {
    /// A worker for the deployment `config` describes, reporting into `metrics`.
    pub fn build(
        config: &Common,
        sync: &SyncConfig,
        metrics: Arc<SyncMetrics>,
    ) -> anyhow::Result<Self> {
        let key = config.service_account_key.clone().context(
            "GOOGLE_SERVICE_ACCOUNT_KEY_FILE is required for the sync worker \
             (run `serve --no-worker` to serve the add-on without syncing)",
        )?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(sync.people_timeout)
            .user_agent(concat!("sharebook/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("Failed to build the HTTP client")?;
        let tokens = Arc::new(TokenSource::new(
            key,
            config.google_token_url.clone(),
            http.clone(),
        ));
        let people = PeopleClient::new(config.people_api_url.clone(), http.clone(), tokens);
        let pool = storage::pool(&config.database_url, sync.settings.concurrency + 4)?;
        let ctx = Context {
            pool,
            people,
            limiter: Limiter::new(sync.quotas.clone()),
            metrics,
            worker_id: Uuid::new_v4(),
            settings: sync.settings.clone(),
        };
        Ok(Self::new(
            ctx,
            DirectoryClient::for_service_account(
                config.service_account_key.as_ref(),
                config.directory_admin_email.as_deref(),
                &config.google_token_url,
                &config.directory_api_url,
                http,
            ),
            config.database_url.clone(),
        ))
    }

    /// A worker; `database_url` also opens its dedicated LISTEN connection.
    pub fn new(
        ctx: Context,
        directory: Option<DirectoryClient>,
        database_url: SecretString,
    ) -> Self {
        Self {
            ctx: Arc::new(ctx),
            active: Arc::default(),
            directory,
            database_url,
        }
    }

    /// Runs until dropped. Stopping it anywhere is safe: work in flight is found again by
    /// whichever worker next holds the member's lease.
    pub async fn run(self) {
        let wake = Arc::new(Notify::new());
        let _listener = AbortOnDrop(tokio::spawn(listen(
            self.database_url.clone(),
            CHANNEL,
            wake.clone(),
        )));
        let mut running: JoinSet<()> = JoinSet::new();
        let mut sweep = tokio::time::interval(self.ctx.settings.sweep);
        sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tracing::info!(worker = %self.ctx.worker_id, "sync worker started");
        loop {
            let due = match self.step(&mut running).await {
                Ok(due) => due,
                Err(e) => {
                    tracing::warn!(error = %e, "sync step failed; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            // Reads fall due without a notification: wake for the next one (a sweep still
            // comes first when it is further away).
            let next = due.unwrap_or(self.ctx.settings.sweep);
            tokio::select! {
                () = wake.notified() => {}
                Some(_) = running.join_next(), if !running.is_empty() => {}
                () = tokio::time::sleep(next) => {}
                _ = sweep.tick() => {
                    self.ctx.limiter.prune(std::time::Instant::now());
                }
            }
        }
    }

    /// Fans the outbox out, then starts runs for members with work, up to the concurrency; how
    /// long until more falls due, when that is known and no free slot waits for it.
    async fn step(&self, running: &mut JoinSet<()>) -> Result<Option<Duration>, SyncError> {
        loop {
            match fanout::run_batch(&self.ctx.pool, self.directory.as_ref()).await {
                Ok(0) => break,
                Ok(_) => {}
                Err(fanout::FanOutError::Storage(e)) => return Err(e.into()),
                Err(fanout::FanOutError::Pool(e)) => return Err(e.into()),
                Err(fanout::FanOutError::Db(e)) => return Err(StorageError::Db(e).into()),
            }
        }
        let client = self.ctx.pool.get().await?;
        storage::sync::refresh_groups_if_due(
            &client,
            self.ctx.settings.group_refresh.as_secs_f64(),
        )
        .await?;
        let free = self.ctx.settings.concurrency.saturating_sub(running.len());
        if free == 0 {
            return Ok(None);
        }
        let busy: Vec<Uuid> = self
            .active
            .lock()
            .map(|a| a.iter().copied().collect())
            .unwrap_or_default();
        let leases = storage::sync::claim_members(
            &client,
            self.ctx.settings.lease.as_secs_f64(),
            i64::try_from(free).unwrap_or(i64::MAX),
            &busy,
        )
        .await?;
        for lease in leases {
            if let Ok(mut a) = self.active.lock() {
                a.insert(lease.user);
            }
            let ctx = self.ctx.clone();
            let active = self.active.clone();
            running.spawn(async move {
                member::run(ctx, lease).await;
                if let Ok(mut a) = active.lock() {
                    a.remove(&lease.user);
                }
            });
        }
        // A small floor, so a member due now but leased elsewhere is not polled in a busy loop.
        Ok(storage::sync::next_due(&client)
            .await?
            .map(|s| Duration::from_secs_f64(s.clamp(0.05, 3_600.0))))
    }
}

/// Stops a background task when its owner stops (dropping a `JoinHandle` would detach it).
pub(crate) struct AbortOnDrop(pub(crate) tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Keeps a dedicated connection LISTENing (a pooled one would lose it on recycling), waking the
/// worker on each notification and after each reconnection (notifications sent while away are
/// lost, so the tables are looked at again).
pub(crate) async fn listen(database_url: SecretString, channel: &'static str, wake: Arc<Notify>) {
    let mut delay = Duration::from_millis(200);
    loop {
        match listen_once(&database_url, channel, &wake).await {
            Ok(()) => delay = Duration::from_millis(200),
            Err(e) => {
                tracing::warn!(error = %e, "LISTEN connection lost; reconnecting");
                delay = (delay * 2).min(Duration::from_secs(10));
            }
        }
        tokio::time::sleep(delay).await;
    }
}

async fn listen_once(
    database_url: &SecretString,
    channel: &str,
    wake: &Notify,
) -> anyhow::Result<()> {
    let config = storage::connection_config(database_url)?;
    let (client, mut connection) = config.connect(tokio_postgres::NoTls).await?;
    let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
    let statement = format!("LISTEN {channel}");
    {
        let listen = client.batch_execute(&statement);
        // The connection must be polled for LISTEN to complete.
        let mut listen = std::pin::pin!(listen);
        loop {
            tokio::select! {
                done = &mut listen => { done?; break; }
                message = messages.next() => match message {
                    Some(Ok(_)) => {}
                    Some(Err(e)) => return Err(e.into()),
                    None => return Ok(()),
                }
            }
        }
    }
    wake.notify_one();
    while let Some(message) = messages.next().await {
        if let tokio_postgres::AsyncMessage::Notification(_) = message? {
            wake.notify_one();
        }
    }
    drop(client);
    Ok(())
}
