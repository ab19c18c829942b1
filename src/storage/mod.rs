//! Postgres: the connection pool, migrations under an advisory lock, one module per aggregate.

pub mod access;
pub mod changes;
pub mod comments;
pub mod contacts;
pub mod labels;
pub mod shares;
pub mod sync;
pub mod users;

use std::time::Duration;

use anyhow::Context;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use secrecy::{ExposeSecret, SecretString};
use tokio_postgres::NoTls;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Advisory-lock key that serialises migrations across every instance sharing the database
/// ("sharebook" in ASCII, so it is recognisable in `pg_locks`).
const MIGRATION_LOCK_KEY: i64 = 0x7368_6172_6562_6f6f;

/// A storage failure, with the one outcome callers act on (a unique key taken) separated out.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// A unique constraint refused the write.
    #[error("conflicts with an existing row")]
    Conflict,
    /// A row holds a value the code does not know; a schema and code mismatch.
    #[error("unexpected value in the database: {0}")]
    Corrupt(String),
    /// Anything else from the driver.
    #[error(transparent)]
    Db(#[from] tokio_postgres::Error),
}

impl StorageError {
    /// Classifies a driver error, turning unique violations into [`StorageError::Conflict`].
    pub fn classify(e: tokio_postgres::Error) -> Self {
        if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) {
            StorageError::Conflict
        } else {
            StorageError::Db(e)
        }
    }
}

/// Parses a connection string and names the application in `pg_stat_activity`.
pub fn connection_config(database_url: &SecretString) -> anyhow::Result<tokio_postgres::Config> {
    let mut config: tokio_postgres::Config = database_url
        .expose_secret()
        .parse()
        .context("DATABASE_URL is not a valid PostgreSQL connection string")?;
    if config.get_application_name().is_none() {
        config.application_name("sharebook");
    }
    config.connect_timeout(Duration::from_secs(5));
    // Every statement is prepared once per connection (`prepare_cached`); a generic plan lets the
    // server plan it once too. Custom plans re-planned each call (inlining `label_role()` means
    // parsing its body again) and cost more than the queries themselves (BENCHMARKS.md).
    let options = config.get_options().map(str::to_owned).unwrap_or_default();
    config.options(format!("{options} -c plan_cache_mode=force_generic_plan").trim());
    Ok(config)
}

/// The request pool. Connections carry no session state, so the cheap recycling check suffices.
pub fn pool(database_url: &SecretString, max_size: usize) -> anyhow::Result<Pool> {
    let manager = Manager::from_config(
        connection_config(database_url)?,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(max_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(5)))
        .create_timeout(Some(Duration::from_secs(5)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .build()
        .context("Failed to build the database pool")
}

/// Applies pending migrations. Several instances may start at once: a session advisory lock on a
/// dedicated, unpooled connection lets one migrate while the others wait, then find nothing to do.
pub async fn migrate(database_url: &SecretString) -> anyhow::Result<()> {
    let config = connection_config(database_url)?;
    let (mut client, connection) = config
        .connect(NoTls)
        .await
        .context("Failed to connect to the database")?;
    let driver = tokio::spawn(connection);
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK_KEY])
        .await
        .context("Failed to take the migration lock")?;
    let outcome = embedded::migrations::runner().run_async(&mut client).await;
    let unlocked = client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK_KEY])
        .await;
    drop(client);
    // The connection task ends once the client is gone; closing the session also drops the lock.
    let _ = driver.await;
    let report = outcome.context("Failed to apply migrations")?;
    unlocked.context("Failed to release the migration lock")?;
    for m in report.applied_migrations() {
        tracing::info!(version = m.version(), name = m.name(), "Applied migration");
    }
    Ok(())
}

/// The newest migration this binary carries; `/readyz` checks the database has it.
///
/// Worked out once: building the runner checksums every migration's text, which cost each
/// readiness probe more than its query.
pub fn latest_migration_version() -> i32 {
    static LATEST: std::sync::LazyLock<i32> = std::sync::LazyLock::new(|| {
        embedded::migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| m.version())
            .max()
            .unwrap_or(0)
    });
    *LATEST
}

const SCHEMA_HAS_VERSION: &str = "SELECT version FROM refinery_schema_history WHERE version = $1";

/// Whether the database is reachable and migrated to this binary's newest version.
pub async fn schema_is_current(
    client: &impl deadpool_postgres::GenericClient,
) -> Result<bool, tokio_postgres::Error> {
    let stmt = client.prepare_cached(SCHEMA_HAS_VERSION).await?;
    Ok(client
        .query_opt(&stmt, &[&latest_migration_version()])
        .await?
        .is_some())
}
