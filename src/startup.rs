//! Builds the HTTP service: shared state, the route table and the listener.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use deadpool_postgres::Pool;
use tracing_actix_web::TracingLogger;

use crate::auth::KnownUsers;
use crate::config::Config;
use crate::google::directory::DirectoryClient;
use crate::google::gmail::GmailClient;
use crate::google::id_token::Verifier;
use crate::google::keys::KeyStore;
use crate::message_cache::MessageCache;
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
    /// Group addresses with shares, per domain.
    pub group_candidates: GroupCandidates,
    /// Message cards and messages' people, reused while nothing they show changes.
    pub message_cache: MessageCache,
    /// The sync's metrics (this process's worker, if it runs one), for `/metrics`.
    pub metrics: Arc<SyncMetrics>,
}

/// Which routes a process serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routes {
    /// The add-on and the operational endpoints (`serve`).
    All,
    /// Only `/healthz`, `/readyz` and `/metrics` (`worker`: Cloud Run still wants a port).
    OpsOnly,
}

/// A bound, not yet running, HTTP server.
pub struct Application {
    port: u16,
    server: Server,
    metrics: Arc<SyncMetrics>,
}

impl Application {
    /// Binds `config.bind_addr` and builds the server.
    pub fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.bind_addr)
            .with_context(|| format!("Failed to listen on {}", config.bind_addr))?;
        Self::build_with_listener(config, listener)
    }

    /// Builds the server on a listener bound by the caller (tests bind port 0 first to learn the URL).
    pub fn build_with_listener(config: Config, listener: TcpListener) -> anyhow::Result<Self> {
        Self::build_for(config, listener, Routes::All)
    }

    /// Builds a server with `routes` on `listener`.
    pub fn build_for(
        config: Config,
        listener: TcpListener,
        routes: Routes,
    ) -> anyhow::Result<Self> {
        let metrics = Arc::new(SyncMetrics::new());
        render::check_templates().context("A card template is broken")?;
        let pool = storage::pool(&config.database_url, config.database_pool_size)?;
        let http = google::http_client().context("Failed to build the HTTP client")?;
        let keys = KeyStore::new(
            config.google_certs_url.clone(),
            http.clone(),
            config.certs_refetch_cooldown,
        );
        let gmail = GmailClient::new(config.gmail_api_url.clone(), http.clone());
        let directory = DirectoryClient::for_service_account(
            config.service_account_key.as_ref(),
            config.directory_admin_email.as_deref(),
            &config.google_token_url,
            &config.directory_api_url,
            http,
        );
        let prefix = config.public_url.prefix().to_owned();
        let state = web::Data::new(AppState {
            config,
            pool,
            verifier: Verifier::new(keys),
            known_users: KnownUsers::new(10_000, Duration::from_secs(600)),
            gmail,
            directory,
            group_candidates: GroupCandidates::new(),
            message_cache: MessageCache::default(),
            metrics: metrics.clone(),
        });
        let port = listener.local_addr()?.port();
        let server = HttpServer::new(move || {
            App::new()
                .wrap(TracingLogger::<RequestSpan>::new())
                .app_data(state.clone())
                .configure(|cfg| match routes {
                    Routes::All => routes::configure(cfg, &prefix),
                    Routes::OpsOnly => routes::configure_ops(cfg),
                })
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
