//! `sharebook dev`: the whole add-on on one machine, with Google replaced by the stand-ins in
//! `sandbox`, verified by exactly the production code.
//!
//! It seeds a demo workspace and serves the sandbox page to try it in a browser.

use std::io::Write as _;
use std::net::SocketAddr;

use anyhow::Context;
use secrecy::SecretString;

use crate::local_postgres::LocalPostgres;
use crate::sandbox::{self, StandIns, seed};
use sharebook::config::PublicUrl;
use sharebook::startup::Application;
use sharebook::sync::SyncConfig;
use sharebook::sync::Worker;
use sharebook::{storage, telemetry};

/// The sync as configured, except that members' Google Contacts are read every few seconds unless
/// `SYNC_READ_ACTIVE` / `SYNC_READ_IDLE` say otherwise: a change made in the page's Google
/// Contacts pane shows in the side panel while the visitor watches.
fn demo_sync() -> anyhow::Result<SyncConfig> {
    let mut sync = SyncConfig::from_env()?;
    if std::env::var_os("SYNC_READ_ACTIVE").is_none() {
        sync.settings.read.active = std::time::Duration::from_secs(3);
    }
    if std::env::var_os("SYNC_READ_IDLE").is_none() {
        sync.settings.read.idle = std::time::Duration::from_secs(10);
    }
    Ok(sync)
}

/// Runs until Ctrl-C, then stops everything it started. Once the banner is printed, `logs` (if
/// any) gets the filter `RUST_LOG` asks for.
pub async fn run(logs: Option<telemetry::FilterHandle>) -> anyhow::Result<()> {
    let (database_url, cluster) = match std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        Some(url) => (url, None),
        None => {
            let _ = writeln!(
                std::io::stdout(),
                "DATABASE_URL is unset: starting a private PostgreSQL cluster, then seeding the demo…"
            );
            let cluster = tokio::task::spawn_blocking(LocalPostgres::start).await??;
            create_database(&cluster.url("postgres"), "sharebook").await?;
            (cluster.url("sharebook"), Some(cluster))
        }
    };
    let database_url = SecretString::from(database_url);
    storage::migrate(&database_url).await?;
    if cluster.is_none() {
        // A kept database remembers what an earlier run synced into a People stand-in that is
        // gone now: start the sync over against the fresh one.
        let pool = storage::pool(&database_url, 1)?;
        storage::sync::forget_google_side(&pool.get().await?).await?;
    }

    let bind_addr: SocketAddr = env_addr("BIND_ADDR", "127.0.0.1:8080")?;
    let sandbox_addr = env_addr("SANDBOX_ADDR", "127.0.0.1:8081")?;
    let public_host = if bind_addr.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], bind_addr.port()))
    } else {
        bind_addr
    };
    let public_url =
        PublicUrl::parse(&format!("http://{public_host}")).map_err(anyhow::Error::msg)?;
    let (stand_ins, stand_in_server) = StandIns::start(public_url.clone(), sandbox_addr)
        .context("Set SANDBOX_ADDR to another address if this one is taken")?;
    let sandbox_url = stand_ins.base.as_str().trim_end_matches('/').to_owned();
    let config = stand_ins.config(database_url, bind_addr)?;
    let app = Application::build(config.clone())?;
    // The sync worker, as `serve` runs it: members' Google Contacts (the People stand-in, shown
    // on the page) follow every change.
    let worker = Worker::build(&config.common, &demo_sync()?, app.metrics())?;
    let syncing = tokio::spawn(worker.run());
    // The CRM feed worker, polling the Capsule stand-in (hooks make it instant when connected
    // with OAuth).
    let feeding =
        sharebook::feeds::FeedWorker::build(&config.common)?.map(|f| tokio::spawn(f.run()));
    // The email worker, sending through the Gmail stand-in into its users' inboxes (the page's
    // mailbox shows an invitation arriving).
    let _emailing =
        sharebook::notify::EmailWorker::build(&config.common)?.map(|w| tokio::spawn(w.run()));
    // Both listeners are bound: requests wait in the backlog until the servers run.
    let served = tokio::spawn(app.run_until_stopped());
    let stood_in = tokio::spawn(stand_in_server);
    let seeded = seed::seed(&stand_ins).await;

    let demo = match &seeded {
        Ok(r) if r.skipped => format!(
            "Demo data: kept from an earlier run (the owner already has labels); {} emails.",
            r.messages
        ),
        Ok(r) => format!(
            "Demo data: {} labels, {} contacts, {} comments, {} emails (seeded in {:.1} s).",
            r.labels,
            r.contacts,
            r.comments,
            r.messages,
            r.elapsed.as_secs_f64()
        ),
        Err(e) => format!("Demo data could NOT be seeded: {e:#}"),
    };
    let capsule = match &seeded {
        Ok(r) => format!(
            "\n  Capsule CRM (stand-in, account Acme Sales): on a label you own, \"Connect Capsule CRM\" \
             and paste the token {} (also shown in the page's Capsule pane).",
            r.capsule_token
        ),
        Err(_) => String::new(),
    };
    let users: Vec<&str> = seed::USERS.iter().map(|u| u.email).collect();
    // Not println!: a reader that went away (`sharebook dev | head`) must not stop the servers.
    let _ = writeln!(
        std::io::stdout(),
        "\nTry Sharebook in a browser: {sandbox_url}/\
         \n  A simulated Gmail with the add-on's side panel; switch between {users}.\
         \n  {demo}{capsule}\
         \n\nSharebook is running (Ctrl-C to stop).\
         \n  Add-on server:   {public_url}   (healthz: {public_url}/healthz)\
         \n  Google stand-in: {sandbox_url}   (key set: {sandbox_url}{certs})\
         \n\nSee the homepage card as {user}:\
         \n  curl -s {sandbox_url}/sandbox/invoke/addon/home\
         \nCreate a label, then open the homepage again:\
         \n  curl -s '{sandbox_url}/sandbox/invoke/addon/labels/create?form.label_name=Customers'\
         \nAct as someone else with ?as=EMAIL. Each call is signed like Google's and verified by the server.\n",
        users = users.join(", "),
        certs = sandbox::CERTS_PATH,
        user = sandbox::DEFAULT_USER,
    );
    if let Some(logs) = logs {
        let _ = logs.reload(telemetry::env_filter());
    }
    if let Err(e) = &seeded {
        tracing::error!(error = %format!("{e:#}"), "Seeding the demo workspace failed");
    }

    let (served, stood_in) = tokio::join!(served, stood_in);
    syncing.abort();
    if let Some(f) = feeding {
        f.abort();
    }
    if let Some(cluster) = cluster {
        tokio::task::spawn_blocking(move || cluster.stop()).await?;
    }
    served??;
    stood_in??;
    Ok(())
}

fn env_addr(var: &'static str, default: &str) -> anyhow::Result<SocketAddr> {
    let raw = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    raw.parse()
        .with_context(|| format!("{var} is invalid: {raw:?} is not an address such as {default}"))
}

/// Creates `name` on the server at `admin_url` unless it exists.
pub async fn create_database(admin_url: &str, name: &str) -> anyhow::Result<()> {
    let (client, connection) = tokio_postgres::connect(admin_url, tokio_postgres::NoTls).await?;
    let driver = tokio::spawn(connection);
    let exists = client
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .await?
        .is_some();
    if !exists {
        // Identifiers cannot be parameters; `name` is ours, never user input.
        client
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await?;
    }
    drop(client);
    let _ = driver.await;
    Ok(())
}
