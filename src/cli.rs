//! The command line: `serve`, `worker`, `migrate`, `manifest` (`dev` is `sharebook-dev`'s).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{self, Common, Config, ConfigError, LogFormat};
use crate::feeds::FeedWorker;
use crate::startup::Application;
use crate::sync::SyncConfig;
use crate::sync::Worker;
use crate::{manifest, storage, telemetry};

/// Sharebook: share Google Contacts labels with your team, from Gmail.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the add-on over HTTP (configured by environment variables; see README).
    ///
    /// Applies pending migrations first unless --no-migrate is given.
    Serve {
        /// Do not apply migrations at start-up (when a separate job runs `sharebook migrate`).
        #[arg(long)]
        no_migrate: bool,
        /// Serve the add-on only; run the sync elsewhere with `sharebook worker`.
        #[arg(long)]
        no_worker: bool,
    },
    /// Run the sync worker alone (keeps members' Google Contacts in step), serving only
    /// /healthz, /readyz and /metrics on the HTTP port.
    Worker {
        /// Do not apply migrations at start-up.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply pending database migrations to DATABASE_URL and exit.
    Migrate,
    /// Print the add-on deployment file for PUBLIC_URL, for `gcloud workspace-add-ons deployments create`.
    Manifest,
}

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli.command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    let log_format = match std::env::var("LOG_FORMAT").as_deref() {
        Ok("json") => LogFormat::Json,
        _ => LogFormat::Text,
    };
    match command {
        Command::Serve {
            no_migrate,
            no_worker,
        } => {
            let (config, sync) = checked(Config::from_env(), |c| &c.common, !no_worker)?;
            telemetry::init(config.common.log_format);
            if !no_migrate {
                storage::migrate(&config.common.database_url).await?;
            }
            let app = Application::build(config.clone())?;
            let worker = match &sync {
                Some(sync) => Some(Worker::build(&config.common, sync, app.metrics())?),
                None => None,
            };
            // The CRM feeds run wherever the sync does.
            let feeds = match &worker {
                Some(_) => FeedWorker::build(&config.common)?,
                None => None,
            };
            tracing::info!(addr = %config.common.bind_addr, public_url = %config.public_url, sync = worker.is_some(), feeds = feeds.is_some(), "Serving");
            run_with_worker(app, worker, feeds, &config.common).await?;
            tracing::info!("Stopped");
            Ok(())
        }
        Command::Worker { no_migrate } => {
            let (common, sync) = checked(Common::from_env(), |c| c, true)?;
            let sync = sync.ok_or(ConfigError::Several(Vec::new()))?;
            telemetry::init(common.log_format);
            if !no_migrate {
                storage::migrate(&common.database_url).await?;
            }
            let app = Application::ops_only(&common)?;
            let worker = Worker::build(&common, &sync, app.metrics())?;
            let feeds = FeedWorker::build(&common)?;
            tracing::info!(addr = %common.bind_addr, feeds = feeds.is_some(), "Sync worker running");
            run_with_worker(app, Some(worker), feeds, &common).await?;
            tracing::info!("Stopped");
            Ok(())
        }
        Command::Migrate => {
            telemetry::init(log_format);
            storage::migrate(&config::database_url_from_env()?).await?;
            tracing::info!(
                version = storage::latest_migration_version(),
                "Database is up to date"
            );
            Ok(())
        }
        Command::Manifest => {
            let public_url = config::public_url_from_env()?;
            println!(
                "{}",
                serde_json::to_string_pretty(&manifest::render(&public_url)?)?
            );
            Ok(())
        }
    }
}

/// A command's settings (`serve`'s [`Config`] or `worker`'s [`Common`]) and, `with_worker`, the
/// sync's, checked before anything is started or the database touched, every problem reported at
/// once: the command's, the sync's (its key file too) and `RUST_LOG`, which would otherwise fall
/// back to `info` silently.
fn checked<T>(
    settings: Result<T, ConfigError>,
    common: impl Fn(&T) -> &Common,
    with_worker: bool,
) -> Result<(T, Option<SyncConfig>), ConfigError> {
    let mut problems = Vec::new();
    let settings = settings.map_err(|e| problems.push(e)).ok();
    let sync = if with_worker {
        SyncConfig::from_env().map_err(|e| problems.push(e)).ok()
    } else {
        None
    };
    // Checked also when other settings failed, so that one attempt names every problem.
    let has_key = settings.as_ref().map_or_else(
        || config::is_set("GOOGLE_SERVICE_ACCOUNT_KEY_FILE"),
        |s| common(s).service_account_key.is_some(),
    );
    if with_worker && !has_key {
        problems.push(ConfigError::Invalid {
            var: "GOOGLE_SERVICE_ACCOUNT_KEY_FILE",
            reason: "required for the sync worker (run `serve --no-worker` to serve the add-on \
                     without syncing)"
                .into(),
        });
    }
    if let Ok(filter) = std::env::var("RUST_LOG")
        && !filter.trim().is_empty()
        && let Err(e) = tracing_subscriber::EnvFilter::try_new(&filter)
    {
        problems.push(ConfigError::Invalid {
            var: "RUST_LOG",
            reason: format!("{e} (see the tracing EnvFilter syntax)"),
        });
    }
    ConfigError::all(problems)?;
    let settings = settings.ok_or(ConfigError::Several(Vec::new()))?;
    Ok((settings, sync))
}

/// Serves until SIGTERM/SIGINT; the workers, if any, stop with the server (stopping them
/// anywhere is safe: another worker, or this one restarted, finishes what it was doing).
async fn run_with_worker(
    app: Application,
    worker: Option<Worker>,
    feeds: Option<FeedWorker>,
    common: &Common,
) -> std::io::Result<()> {
    // Retention runs wherever the sync does.
    let syncing = worker.is_some();
    let retention = async {
        match (syncing, crate::storage::pool(&common.database_url, 2)) {
            (true, Ok(pool)) => {
                crate::retention::run(pool, common.admin.audit_retention_days).await
            }
            (true, Err(e)) => {
                tracing::warn!(error = %e, "No pool for retention; the audit log is not pruned");
                std::future::pending().await
            }
            (false, _) => std::future::pending().await,
        }
    };
    let sync = async {
        match worker {
            Some(w) => w.run().await,
            None => std::future::pending().await,
        }
    };
    let feeds = async {
        match feeds {
            Some(f) => f.run().await,
            None => std::future::pending().await,
        }
    };
    // Emails go out wherever the sync runs.
    let emails = async {
        match (syncing, crate::notify::EmailWorker::build(common)) {
            (true, Ok(Some(w))) => w.run().await,
            (true, Ok(None)) | (false, _) => std::future::pending().await,
            (true, Err(e)) => {
                tracing::error!(error = %e, "Email worker not started; emails stay queued");
                std::future::pending().await
            }
        }
    };
    // File imports run wherever the sync runs.
    let imports = async {
        match (syncing, crate::storage::pool(&common.database_url, 2)) {
            (true, Ok(pool)) => crate::importer::ImportWorker::new(pool).run().await,
            (true, Err(e)) => {
                tracing::error!(error = %e, "Import worker not started; confirmed imports wait");
                std::future::pending().await
            }
            (false, _) => std::future::pending().await,
        }
    };
    tokio::select! {
        served = app.run_until_stopped() => served,
        () = imports => Ok(()),
        () = sync => Ok(()),
        () = feeds => Ok(()),
        () = retention => Ok(()),
        () = emails => Ok(()),
    }
}
