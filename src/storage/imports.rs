//! Labels made from a contact group the owner already had in Google Contacts: started in the side
//! panel, filled in the background by the owner's sync run, with progress for the label card.
//!
//! Triggers its writes fire: `sync_labels_insert` (the new label reaches the sync like any other).

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::domain::label::LabelName;
use crate::storage::sync::{GroupCopy, save_group_copy};
use crate::storage::{StorageError, labels, query_column, query_map};

/// How far an import got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Contacts read and shared so far.
    pub done: i32,
    /// Contacts in the group.
    pub total: i32,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Why it stopped, if it could not finish.
    pub failed: Option<String>,
}

/// An import still to finish.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The new label.
    pub label_id: Uuid,
    /// The owner's group it copies (`contactGroups/…`).
    pub group: String,
}

const INSERT_IMPORT: &str = "INSERT INTO label_imports (label_id, owner_id, group_resource, total)
             VALUES ($1, $2, $3, $4)";

/// Creates the label `name` owned by `owner` from their group `group` (`total` contacts).
///
/// The group becomes the owner's copy of the label (no second group is made) and the owner's
/// sync run fills it. Run inside a transaction. A name the owner already uses is a conflict; a
/// group already shared by them is one too.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn start(
    client: &impl GenericClient,
    owner: Uuid,
    name: &LabelName,
    group: &GroupCopy,
    total: i32,
) -> Result<Uuid, StorageError> {
    let label = labels::insert_label(client, owner, name).await?;
    save_group_copy(client, owner, label, group).await?;
    let stmt = client.prepare_cached(INSERT_IMPORT).await?;
    client
        .execute(&stmt, &[&label, &owner, &group.resource_name, &total])
        .await
        .map_err(StorageError::classify)?;
    Ok(label)
}

const SHARED_GROUPS: &str = "
SELECT resource_name FROM sync_groups WHERE user_id = $1
UNION SELECT group_resource FROM label_imports WHERE owner_id = $1";

/// The groups in `user`'s Google Contacts that are already shared labels (theirs or copies of
/// others'), so not offered for sharing.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn shared_groups(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<String>, StorageError> {
    query_column(client, SHARED_GROUPS, &[&user], "resource_name").await
}

const UNFINISHED: &str = "SELECT label_id, group_resource FROM label_imports
             WHERE owner_id = $1 AND finished_at IS NULL ORDER BY created_at";

/// `user`'s imports still to finish, oldest first.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn unfinished(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<Pending>, StorageError> {
    query_map(client, UNFINISHED, &[&user], |r| {
        Ok(Pending {
            label_id: r.try_get("label_id")?,
            group: r.try_get("group_resource")?,
        })
    })
    .await
}

const SET_TOTAL: &str = "UPDATE label_imports SET total = $2 WHERE label_id = $1";

/// Records how many contacts the group holds.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn set_total(
    client: &impl GenericClient,
    label: Uuid,
    total: i32,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SET_TOTAL).await?;
    client.execute(&stmt, &[&label, &total]).await?;
    Ok(())
}

const SET_DONE: &str = "UPDATE label_imports SET done = $2 WHERE label_id = $1";

/// Records how many contacts are shared so far (in the transaction that shared them).
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn set_done(
    client: &impl GenericClient,
    label: Uuid,
    done: i32,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SET_DONE).await?;
    client.execute(&stmt, &[&label, &done]).await?;
    Ok(())
}

const FINISH: &str =
    "UPDATE label_imports SET finished_at = now(), failed = $2 WHERE label_id = $1";

/// Marks an import finished, or given up with the reason the label card shows.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn finish(
    client: &impl GenericClient,
    label: Uuid,
    failed: Option<&str>,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(FINISH).await?;
    client.execute(&stmt, &[&label, &failed]).await?;
    Ok(())
}

const PROGRESS: &str =
    "SELECT done, total, finished_at, failed FROM label_imports WHERE label_id = $1";

/// How far the import that made `label` got, if it was made by one. Callers have already
/// checked that the reader may see the label.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn progress(
    client: &impl GenericClient,
    label: Uuid,
) -> Result<Option<Progress>, StorageError> {
    let stmt = client.prepare_cached(PROGRESS).await?;
    client
        .query_opt(&stmt, &[&label])
        .await?
        .map(|r| {
            Ok(Progress {
                done: r.try_get("done")?,
                total: r.try_get("total")?,
                finished_at: r.try_get("finished_at")?,
                failed: r.try_get("failed")?,
            })
        })
        .transpose()
}
