//! Retention: audit log entries older than `AUDIT_RETENTION_DAYS`, expired admin and file
//! links, sent emails and the rows of imports too old to undo.
//!
//! Every worker process removes them once an hour (removing what another already removed is a
//! no-op, so several instances need no coordination).

use std::time::Duration;

use deadpool_postgres::Pool;

use crate::storage;

/// How often entries past their retention are removed.
const EVERY: Duration = Duration::from_secs(3_600);

/// Removes what is past its retention now, then every hour, until dropped.
pub async fn run(pool: Pool, keep_days: i32) {
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match once(&pool, keep_days).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                removed = n,
                keep_days,
                "Audit log entries past retention removed"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "Audit log retention failed; retrying within the hour")
            }
        }
    }
}

/// One pass; how many audit entries it removed.
pub async fn once(pool: &Pool, keep_days: i32) -> anyhow::Result<i64> {
    let client = pool.get().await?;
    let removed = storage::audit::prune(&client, keep_days).await?;
    storage::admin::forget_expired_links(&client).await?;
    // Emails sent or dropped are kept a month, for support questions ("did it go out?").
    storage::emails::prune(&client, 31).await?;
    // Links to upload or download a file live minutes; an import's rows are kept while it can
    // be undone.
    storage::file_imports::forget_expired_links(&client).await?;
    storage::file_imports::prune_rows(&client, crate::domain::file_import::UNDO_DAYS).await?;
    Ok(removed)
}
