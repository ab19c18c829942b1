//! The mirror of Google's side: which group and which contact copies Sharebook wrote into each
//! member's Google Contacts, with their etags and digests, and the intents that make creates safe
//! to retry.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::domain::contact::ContactData;
use crate::storage::{StorageError, query_map};

/// Our contact group for a label in a member's Google Contacts.
#[derive(Debug, Clone)]
pub struct GroupCopy {
    /// `contactGroups/…`.
    pub resource_name: String,
    /// Its etag when last written.
    pub etag: Option<String>,
    /// The label name it was written for.
    pub name: String,
    /// Its name in the member's Google Contacts as last written or seen, when known.
    pub google_name: Option<String>,
    /// The member's own group, adopted: let go, never deleted, when the label leaves.
    pub adopted: bool,
}

fn group_copy_row(r: &tokio_postgres::Row) -> Result<GroupCopy, StorageError> {
    Ok(GroupCopy {
        resource_name: r.try_get("resource_name")?,
        etag: r.try_get("etag")?,
        name: r.try_get("name")?,
        google_name: r.try_get("google_name")?,
        adopted: r.try_get("adopted")?,
    })
}

const GROUP_COPY: &str = "SELECT resource_name, etag, name, google_name, adopted FROM sync_groups
             WHERE user_id = $1 AND label_id = $2";

/// Our group for (member, label), if we made one.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn group_copy(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
) -> Result<Option<GroupCopy>, StorageError> {
    let stmt = client.prepare_cached(GROUP_COPY).await?;
    client
        .query_opt(&stmt, &[&user, &label_id])
        .await?
        .map(|r| group_copy_row(&r))
        .transpose()
}

const SAVE_GROUP_COPY: &str =
    "INSERT INTO sync_groups (user_id, label_id, resource_name, etag, name, google_name, adopted)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (user_id, label_id) DO UPDATE
             SET resource_name = EXCLUDED.resource_name, etag = EXCLUDED.etag, name = EXCLUDED.name,
                 google_name = EXCLUDED.google_name";

/// Records our group for (member, label).
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn save_group_copy(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    group: &GroupCopy,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SAVE_GROUP_COPY).await?;
    client
        .execute(
            &stmt,
            &[
                &user,
                &label_id,
                &group.resource_name,
                &group.etag,
                &group.name,
                &group.google_name,
                &group.adopted,
            ],
        )
        .await?;
    Ok(())
}

const DELETE_GROUP_COPY: &str = "DELETE FROM sync_groups WHERE user_id = $1 AND label_id = $2";

/// Forgets our group for (member, label) once it is deleted.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn delete_group_copy(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(DELETE_GROUP_COPY).await?;
    client.execute(&stmt, &[&user, &label_id]).await?;
    Ok(())
}

/// Our copy of one contact in a member's Google Contacts.
#[derive(Debug, Clone)]
pub struct ContactCopy {
    /// The Sharebook contact.
    pub contact_id: Uuid,
    /// `people/…`; `None` while a create's outcome is unknown.
    pub resource_name: Option<String>,
    /// Etag when last written.
    pub etag: Option<String>,
    /// Digest of what was written.
    pub digest: Option<Vec<u8>>,
    /// The label it copies a contact of.
    pub label_id: Uuid,
    /// What the copy held when last written or read, when known: the base a member's changes
    /// are measured from.
    pub written: Option<ContactData>,
    /// The copy's update time then: a read of a version no newer is our own write.
    pub google_updated: Option<DateTime<Utc>>,
    /// The member's own contact, adopted: let go, never deleted, when the label leaves.
    pub adopted: bool,
    /// Since when the member has had the label synced (`None` once it no longer is).
    pub since: Option<DateTime<Utc>>,
}

fn contact_copy(r: &tokio_postgres::Row) -> Result<ContactCopy, StorageError> {
    let written: Option<serde_json::Value> = r.try_get("written")?;
    Ok(ContactCopy {
        contact_id: r.try_get("contact_id")?,
        resource_name: r.try_get("resource_name")?,
        etag: r.try_get("etag")?,
        digest: r.try_get("digest")?,
        label_id: r.try_get("label_id")?,
        // An unreadable base is an unknown one: the member's copy is then put back, never guessed.
        written: written.and_then(|w| serde_json::from_value(w).ok()),
        google_updated: r.try_get("google_updated")?,
        adopted: r.try_get("adopted")?,
        since: r.try_get("since")?,
    })
}

const COPY_COLUMNS: &str =
    "contact_id, resource_name, etag, digest, label_id, written, google_updated, adopted,
     (SELECT t.since FROM sync_targets t
      WHERE t.label_id = sync_contacts.label_id AND t.user_id = sync_contacts.user_id) AS since";

static CONTACT_COPIES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("SELECT {COPY_COLUMNS} FROM sync_contacts WHERE user_id = $1 AND label_id = $2")
});

/// Our copies of a label's contacts for a member.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn contact_copies(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
) -> Result<Vec<ContactCopy>, StorageError> {
    query_map(client, &CONTACT_COPIES, &[&user, &label_id], contact_copy).await
}

static CONTACT_COPIES_AMONG: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {COPY_COLUMNS} FROM sync_contacts
         WHERE user_id = $1 AND contact_id = ANY ($3) AND label_id = $2"
    )
});

/// Our copies of some contacts of a label for a member.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn contact_copies_among(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<ContactCopy>, StorageError> {
    query_map(
        client,
        &CONTACT_COPIES_AMONG,
        &[&user, &label_id, &ids],
        contact_copy,
    )
    .await
}

const SAVE_CREATE_INTENTS: &str = "INSERT INTO sync_contacts (user_id, contact_id, label_id)
             SELECT $1, c, $2 FROM unnest($3::uuid[]) AS c
             ON CONFLICT (user_id, contact_id) DO NOTHING";

/// Records that creates are about to be sent (outcome unknown until [`save_contact_copies`]).
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn save_create_intents(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    ids: &[Uuid],
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SAVE_CREATE_INTENTS).await?;
    client.execute(&stmt, &[&user, &label_id, &ids]).await?;
    Ok(())
}

/// A copy just written (or found) in a member's Google Contacts.
#[derive(Debug, Clone)]
pub struct Written {
    /// The Sharebook contact.
    pub contact_id: Uuid,
    /// `people/…`.
    pub resource_name: String,
    /// Its etag now.
    pub etag: Option<String>,
    /// Digest of what it holds, when known (unknown forces the next run to rewrite it).
    pub digest: Option<Vec<u8>>,
    /// What it holds in Sharebook's terms, when known.
    pub content: Option<ContactData>,
    /// Its update time now, when known.
    pub updated: Option<DateTime<Utc>>,
}

const SAVE_CONTACT_COPIES: &str = "INSERT INTO sync_contacts
                 (user_id, contact_id, label_id, resource_name, etag, digest, written, google_updated)
             SELECT $1, c, $2, n, e, d, w, u
             FROM unnest($3::uuid[], $4::text[], $5::text[], $6::bytea[], $7::jsonb[], $8::timestamptz[])
                 AS x (c, n, e, d, w, u)
             ON CONFLICT (user_id, contact_id) DO UPDATE
             SET resource_name = EXCLUDED.resource_name, etag = EXCLUDED.etag,
                 digest = EXCLUDED.digest, label_id = EXCLUDED.label_id,
                 written = EXCLUDED.written, google_updated = EXCLUDED.google_updated";

/// Records what was written.
#[tracing::instrument(level = "debug", skip_all, fields(label_id = %label_id, user = %user))]
pub async fn save_contact_copies(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    copies: &[Written],
) -> Result<(), StorageError> {
    let ids: Vec<Uuid> = copies.iter().map(|c| c.contact_id).collect();
    let names: Vec<&str> = copies.iter().map(|c| c.resource_name.as_str()).collect();
    let etags: Vec<Option<&str>> = copies.iter().map(|c| c.etag.as_deref()).collect();
    let digests: Vec<Option<&[u8]>> = copies.iter().map(|c| c.digest.as_deref()).collect();
    let written: Vec<Option<serde_json::Value>> = copies
        .iter()
        .map(|c| {
            c.content
                .as_ref()
                .and_then(|d| serde_json::to_value(d).ok())
        })
        .collect();
    let updated: Vec<Option<DateTime<Utc>>> = copies.iter().map(|c| c.updated).collect();
    let stmt = client.prepare_cached(SAVE_CONTACT_COPIES).await?;
    client
        .execute(
            &stmt,
            &[
                &user, &label_id, &ids, &names, &etags, &digests, &written, &updated,
            ],
        )
        .await?;
    Ok(())
}

const DELETE_CONTACT_COPIES: &str =
    "DELETE FROM sync_contacts WHERE user_id = $1 AND contact_id = ANY ($2)";

const ADOPT: &str = "UPDATE sync_contacts SET adopted = true
             WHERE user_id = $1 AND contact_id = ANY ($2)";

/// Marks copies as the member's own contacts, adopted: let go, never deleted.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn mark_adopted(
    client: &impl GenericClient,
    user: Uuid,
    ids: &[Uuid],
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(ADOPT).await?;
    client.execute(&stmt, &[&user, &ids]).await?;
    Ok(())
}

/// Forgets copies that were deleted (or whose create never happened).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn delete_contact_copies(
    client: &impl GenericClient,
    user: Uuid,
    ids: &[Uuid],
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(DELETE_CONTACT_COPIES).await?;
    client.execute(&stmt, &[&user, &ids]).await?;
    Ok(())
}

const HAS_CREATE_INTENTS: &str =
    "SELECT EXISTS (SELECT 1 FROM sync_contacts WHERE user_id = $1 AND resource_name IS NULL)";

/// Whether any create for `user` has an unknown outcome.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn has_create_intents(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(HAS_CREATE_INTENTS).await?;
    Ok(client.query_one(&stmt, &[&user]).await?.try_get(0)?)
}

const CREATE_INTENTS: &str =
    "SELECT contact_id, label_id FROM sync_contacts WHERE user_id = $1 AND resource_name IS NULL";

/// Creates of unknown outcome for `user`: (contact, label).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn create_intents(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<(Uuid, Uuid)>, StorageError> {
    let stmt = client.prepare_cached(CREATE_INTENTS).await?;
    client
        .query(&stmt, &[&user])
        .await?
        .iter()
        .map(|r| Ok((r.try_get("contact_id")?, r.try_get("label_id")?)))
        .collect()
}

static COPIES_AT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {COPY_COLUMNS} FROM sync_contacts WHERE user_id = $1 AND resource_name = ANY ($2)"
    )
});

/// Our copies among `resource_names` in a member's Google Contacts (a person in two shared
/// labels of theirs is two copies).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn copies_at(
    client: &impl GenericClient,
    user: Uuid,
    resource_names: &[String],
) -> Result<Vec<ContactCopy>, StorageError> {
    query_map(client, &COPIES_AT, &[&user, &resource_names], contact_copy).await
}

static ALL_COPIES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {COPY_COLUMNS} FROM sync_contacts WHERE user_id = $1 AND resource_name IS NOT NULL"
    )
});

/// Every copy in a member's Google Contacts (a full read looks for those gone).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn all_copies(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<ContactCopy>, StorageError> {
    query_map(client, &ALL_COPIES, &[&user], contact_copy).await
}

const MEMBER_GROUPS: &str = "SELECT label_id, resource_name, etag, name, google_name, adopted FROM sync_groups WHERE user_id = $1";

/// Our groups in a member's Google Contacts, by label.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn member_groups(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<(Uuid, GroupCopy)>, StorageError> {
    query_map(client, MEMBER_GROUPS, &[&user], |r| {
        Ok((r.try_get("label_id")?, group_copy_row(r)?))
    })
    .await
}

/// Forgets everything recorded about members' Google Contacts and queues every label again.
/// Only for `dev` with a kept database: its People stand-in starts empty on every run.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn forget_google_side(client: &impl GenericClient) -> Result<(), StorageError> {
    client
        .batch_execute(
            "BEGIN;
             TRUNCATE sync_groups, sync_contacts, sync_targets, sync_pending, sync_discards;
             UPDATE sync_members SET lease_owner = NULL, lease_until = NULL, attempts = 0,
                    next_attempt_at = now(), last_error = NULL, done = queued,
                    people_sync_token = NULL, groups_sync_token = NULL, read_due_at = NULL;
             TRUNCATE label_imports;
             INSERT INTO sync_outbox (label_id) SELECT id FROM labels;
             COMMIT;",
        )
        .await?;
    Ok(())
}
