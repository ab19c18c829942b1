//! Builds the HTTP service: shared state, the route table and the listener.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use deadpool_postgres::Pool;
use secrecy::SecretString;
use tracing_actix_web::TracingLogger;

use crate::auth::KnownUsers;
use crate::config::{Common, Config};
use crate::google::directory::DirectoryClient;
use crate::google::gmail::GmailClient;
use crate::google::id_token::Verifier;
use crate::google::keys::KeyStore;
use crate::google::people::PeopleClient;
use crate::google::service_account::TokenSource;
use crate::message_cache::{MessageCache, Outcomes};
use crate::principal::GroupCandidates;
use crate::sync::metrics::SyncMetrics;
use crate::telemetry::RequestSpan;
use crate::views::render;
use crate::{google, routes, storage};

/// What every handler can reach.
pub struct AppState {
    /// The configuration the server started with.
    pub config: Config,
    /// Database pool.
    pub pool: Pool,
    /// Google ID token verifier (with its key and token caches).
    pub verifier: Verifier,
    /// Users seen recently.
    pub known_users: KnownUsers,
    /// Gmail API client (message headers for the contextual trigger).
    pub gmail: GmailClient,
    /// Directory API client for group membership; `None` when not configured.
    pub directory: Option<DirectoryClient>,
    /// People API client, acting as each user through the service account (the Google labels
    /// a user can share); `None` when no service account is configured.
    pub people: Option<PeopleClient>,
    /// Group addresses with shares, per domain.
    pub group_candidates: GroupCandidates,
    /// Message cards and messages' people, reused while nothing they show changes.
    pub message_cache: MessageCache,
    /// Capsule CRM's API (connecting feeds).
    pub capsule: crate::capsule::CapsuleApi,
    /// Who administers which domain; domains' Marketplace licenses.
    pub admins: crate::admins::Admins,
}

/// What the operational endpoints (`/healthz`, `/readyz`, `/metrics`) reach, in every process.
pub struct Ops {
    /// Database pool (the add-on's own, where the process serves it).
    pub pool: Pool,
    /// The sync's metrics (this process's worker, if it runs one).
    pub metrics: Arc<SyncMetrics>,
    /// The scrape token `/metrics` asks for, if any.
    pub metrics_token: Option<SecretString>,
    /// The message card cache's lookups, where the process serves the add-on.
    pub message_cache: Option<Arc<Outcomes>>,
}

/// A bound, not yet running, HTTP server.
pub struct Application {
    port: u16,
    server: Server,
    metrics: Arc<SyncMetrics>,
}

/// Binds the configured address.
fn bind(common: &Common) -> anyhow::Result<TcpListener> {
    TcpListener::bind(common.bind_addr)
        .with_context(|| format!("Failed to listen on {}", common.bind_addr))
}

impl Application {
    /// Binds `config.common.bind_addr` and builds the add-on's server.
    pub fn build(config: Config) -> anyhow::Result<Self> {
        let listener = bind(&config.common)?;
        Self::build_with_listener(config, listener)
    }

    /// Builds the add-on's server on a listener bound by the caller (tests bind port 0 first to
    /// learn the URL).
    pub fn build_with_listener(config: Config, listener: TcpListener) -> anyhow::Result<Self> {
        render::check_templates().context("A card template is broken")?;
        let pool = storage::pool(&config.common.database_url, config.database_pool_size)?;
        let http = google::http_client().context("Failed to build the HTTP client")?;
        let keys = KeyStore::new(
            config.google_certs_url.clone(),
            http.clone(),
            config.certs_refetch_cooldown,
        );
        let gmail = GmailClient::new(config.common.gmail_api_url.clone(), http.clone());
        let common = &config.common;
        let people = common.service_account_key.as_ref().map(|key| {
            let tokens = Arc::new(TokenSource::new(
                key.clone(),
                common.google_token_url.clone(),
                http.clone(),
            ));
            PeopleClient::new(common.people_api_url.clone(), http.clone(), tokens)
        });
        let admins = crate::admins::Admins::new(common, &http);
        let directory = DirectoryClient::for_service_account(
            common.service_account_key.as_ref(),
            common.directory_admin_email.as_deref(),
            &common.google_token_url,
            &common.directory_api_url,
            http,
        );
        let message_cache = MessageCache::default();
        let capsule =
            crate::capsule::CapsuleApi::new(common.crm.capsule_api_url.clone(), common.crm.timeout)
                .context("Failed to build the Capsule HTTP client")?;
        let ops = Ops {
            pool: pool.clone(),
            metrics: Arc::new(SyncMetrics::new()),
            metrics_token: common.metrics_token.clone(),
            message_cache: Some(message_cache.outcomes.clone()),
        };
        let prefix = config.public_url.prefix().to_owned();
        let state = web::Data::new(AppState {
            config,
            pool,
            verifier: Verifier::new(keys),
            known_users: KnownUsers::new(10_000, Duration::from_secs(600)),
            gmail,
            directory,
            people,
            group_candidates: GroupCandidates::new(),
            message_cache,
            capsule,
            admins,
        });
        Self::serve(listener, ops, move |cfg| {
            cfg.app_data(state.clone());
            routes::configure(cfg, &prefix);
        })
    }

    /// The operational endpoints alone (`worker`: Cloud Run still wants a port), on
    /// `common.bind_addr`.
    pub fn ops_only(common: &Common) -> anyhow::Result<Self> {
        let listener = bind(common)?;
        let ops = Ops {
            pool: storage::pool(&common.database_url, 2)?,
            metrics: Arc::new(SyncMetrics::new()),
            metrics_token: common.metrics_token.clone(),
            message_cache: None,
        };
        Self::serve(listener, ops, routes::configure_ops)
    }

    fn serve(
        listener: TcpListener,
        ops: Ops,
        routes: impl Fn(&mut web::ServiceConfig) + Clone + Send + 'static,
    ) -> anyhow::Result<Self> {
        let metrics = ops.metrics.clone();
        let ops = web::Data::new(ops);
        let port = listener.local_addr()?.port();
        let server = HttpServer::new(move || {
            App::new()
                .wrap(actix_web::middleware::from_fn(
                    crate::error::speak_the_users_language,
                ))
                .wrap(TracingLogger::<RequestSpan>::new())
                .app_data(ops.clone())
                .configure(routes.clone())
        })
        .listen(listener)?
        // Cloud Run sends SIGTERM and waits 10 s: finish what is in flight within that.
        .shutdown_timeout(9)
        .run();
        Ok(Self {
            port,
            server,
            metrics,
        })
    }

    /// The metrics `/metrics` serves, for a worker running in this process to report into.
    pub fn metrics(&self) -> Arc<SyncMetrics> {
        self.metrics.clone()
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM/SIGINT (or a handle's stop), draining in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
