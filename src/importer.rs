//! Runs confirmed file imports in the background: each row becomes a contact of the label, or
//! fills or overwrites the contact it matches, as the importer chose, written as the importer.
//!
//! Several workers may run at once: an import is claimed (`SKIP LOCKED`, then a lease renewed
//! per batch), and each batch records what its rows did in the transaction that did it, so a
//! worker that takes over a lapsed claim carries on where the other stopped.

use std::time::Duration;

use deadpool_postgres::{GenericClient, Pool};

use crate::domain::contact::{ContactData, Field, Via};
use crate::domain::file_import::{OnMatch, apply_match};
use crate::storage::StorageError;
use crate::storage::contacts::{self, Updated};
use crate::storage::file_imports::{self as store, Applied, Claimed};

/// Rows applied per transaction: progress shows after each, and a crash loses at most one.
const BATCH: i64 = 500;
/// How long an idle worker waits before looking for a queued import again.
const IDLE: Duration = Duration::from_secs(2);

/// Why a run stopped short: the importer may no longer add or edit contacts of the label.
pub const NO_ACCESS: &str = "file-import-no-access";

/// The import worker.
pub struct ImportWorker {
    pool: Pool,
}

impl ImportWorker {
    /// A worker on its own small pool.
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    /// Runs queued imports until dropped.
    pub async fn run(self) {
        loop {
            match self.run_one().await {
                Ok(true) => {}
                Ok(false) => tokio::time::sleep(IDLE).await,
                Err(e) => {
                    tracing::warn!(error = %e, "File import interrupted; it resumes shortly");
                    tokio::time::sleep(IDLE * 5).await;
                }
            }
        }
    }

    /// Claims one queued import and runs it to the end; `false` when none was waiting.
    pub async fn run_one(&self) -> anyhow::Result<bool> {
        let claimed = {
            let client = self.pool.get().await?;
            store::claim(&client).await?
        };
        let Some(claimed) = claimed else {
            return Ok(false);
        };
        let hidden = {
            let client = self.pool.get().await?;
            store::hidden_fields(&client, claimed.label_id, &claimed.who).await?
        };
        let visible: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| !hidden.contains(f))
            .collect();
        let fields = Fields { hidden, visible };
        // The statistics are refreshed as the label grows: after the first batch, then each
        // time it has grown by half again.
        let mut analyze_at: u64 = 1;
        loop {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            store::plan_for_values(&tx).await?;
            if !store::extend(&tx, claimed.id).await? {
                return Ok(true);
            }
            let rows = store::pending(&tx, claimed.id, BATCH).await?;
            if rows.is_empty() {
                store::finish(&tx, claimed.id, None).await?;
                tx.commit().await?;
                tracing::info!(import = %claimed.id, "File import finished");
                return Ok(true);
            }
            // New contacts wait in `new` and are written together; a row that repeats an
            // earlier one of the file is applied after them, so it finds the contact they made.
            let mut new: Vec<(i32, ContactData)> = Vec::new();
            let mut refused = false;
            for row in rows {
                if row.repeats && !flush(&tx, &claimed, &mut new).await? {
                    refused = true;
                    break;
                }
                let found =
                    store::find_match(&tx, claimed.label_id, &fields.hidden, &row.data).await?;
                let Some(existing) = found else {
                    new.push((row.line, row.data));
                    continue;
                };
                match apply(&tx, &claimed, existing, &row.data, &fields.visible).await? {
                    Some(applied) => store::mark(&tx, claimed.id, row.line, &applied).await?,
                    None => {
                        refused = true;
                        break;
                    }
                }
            }
            if refused || !flush(&tx, &claimed, &mut new).await? {
                drop(tx);
                store::finish(&client, claimed.id, Some(NO_ACCESS)).await?;
                tracing::info!(import = %claimed.id, "File import stopped: no longer allowed");
                return Ok(true);
            }
            tx.commit().await?;
            let created = store::created_count(&client, claimed.id).await?;
            if created >= analyze_at {
                store::analyze_contacts(&client).await?;
                analyze_at = created + created / 2 + u64::try_from(BATCH).unwrap_or(500);
            }
        }
    }
}

/// The label's fields hidden from the importer, and the others.
struct Fields {
    hidden: Vec<Field>,
    visible: Vec<Field>,
}

/// Writes the waiting new contacts as the importer and records their rows; `false` if their
/// role no longer allows it.
async fn flush(
    client: &impl GenericClient,
    c: &Claimed,
    new: &mut Vec<(i32, ContactData)>,
) -> Result<bool, StorageError> {
    if new.is_empty() {
        return Ok(true);
    }
    let (lines, data): (Vec<i32>, Vec<ContactData>) = std::mem::take(new).into_iter().unzip();
    let Some(ids) =
        contacts::insert_many(client, c.label_id, &c.who, &data, Via::File(c.id)).await?
    else {
        return Ok(false);
    };
    store::mark_created(client, c.id, &lines, &ids).await?;
    Ok(true)
}

/// Applies a row that matches contact `existing`, as the importer chose; `None` if their role
/// no longer allows it.
async fn apply(
    client: &impl GenericClient,
    c: &Claimed,
    existing: uuid::Uuid,
    data: &ContactData,
    visible: &[Field],
) -> Result<Option<Applied>, StorageError> {
    let via = Via::File(c.id);
    if c.on_match == OnMatch::Skip {
        return Ok(Some(Applied::Skipped(Some(existing))));
    }
    let Some((version, stored)) = contacts::lock_for_edit(client, existing, &c.who).await? else {
        return Ok(None);
    };
    let fields = apply_match(&stored, data, c.on_match, visible);
    if fields.is_empty() {
        return Ok(Some(Applied::Skipped(Some(existing))));
    }
    Ok(
        match contacts::update_contact(client, existing, &c.who, version, data, &fields, via)
            .await?
        {
            Updated::Saved(v) if v != version => Some(Applied::Updated(existing, v, stored)),
            Updated::Saved(_) | Updated::Stale => Some(Applied::Skipped(Some(existing))),
            Updated::NotFound => None,
        },
    )
}
