//! One Google contact per person in a member's Google Contacts: which copies are the same person,
//! what one Google contact stands for, and the merges of two copies into one.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::domain::contact::{ContactData, Field};
use crate::storage::{StorageError, query_map};

/// A copy in the member's Google Contacts that is the same person as a contact asked about.
#[derive(Debug, Clone)]
pub struct SamePerson {
    /// The contact asked about.
    pub contact_id: Uuid,
    /// The Google contact of the same person (`people/…`).
    pub resource_name: String,
}

// Keys are what the member sees: an address hidden from them in a label does not make its
// contact the same person as another. Phone numbers count only where neither contact has an
// address. Candidates come from the contacts' GIN indexes in one probe per kind, then are
// matched by a hash join of keys.
const SAME_PERSON_COPIES: &str = "
WITH asked AS (
    SELECT c.id, c.email_keys, c.phone_keys, t.hidden_fields AS hidden
    FROM contacts c JOIN sync_targets t ON t.label_id = c.label_id AND t.user_id = $1
    WHERE c.id = ANY ($2) AND c.deleted_at IS NULL
), asked_keys AS (
    SELECT id, 'e' AS kind, k AS key FROM asked, unnest(email_keys) k
    WHERE NOT 'emails' = ANY (hidden)
    UNION
    SELECT id, 'p', k FROM asked, unnest(phone_keys) k
    WHERE NOT 'phones' = ANY (hidden) AND (cardinality(email_keys) = 0 OR 'emails' = ANY (hidden))
), candidates AS (
    SELECT o.id, o.email_keys, o.phone_keys FROM contacts o
    WHERE o.email_keys && ARRAY(SELECT key FROM asked_keys WHERE kind = 'e') AND o.deleted_at IS NULL
    UNION
    SELECT o.id, o.email_keys, o.phone_keys FROM contacts o
    WHERE o.phone_keys && ARRAY(SELECT key FROM asked_keys WHERE kind = 'p') AND o.deleted_at IS NULL
), copies AS (
    SELECT s.contact_id, s.resource_name, c.email_keys, c.phone_keys, t.hidden_fields AS hidden
    FROM candidates c
    JOIN sync_contacts s ON s.user_id = $1 AND s.contact_id = c.id
    JOIN sync_targets t ON t.label_id = s.label_id AND t.user_id = $1
    WHERE s.resource_name IS NOT NULL
), copy_keys AS (
    SELECT contact_id, resource_name, 'e' AS kind, k AS key FROM copies, unnest(email_keys) k
    WHERE NOT 'emails' = ANY (hidden)
    UNION
    SELECT contact_id, resource_name, 'p', k FROM copies, unnest(phone_keys) k
    WHERE NOT 'phones' = ANY (hidden) AND (cardinality(email_keys) = 0 OR 'emails' = ANY (hidden))
)
SELECT DISTINCT a.id AS contact_id, k.resource_name
FROM asked_keys a JOIN copy_keys k ON k.kind = a.kind AND k.key = a.key AND k.contact_id <> a.id
ORDER BY 1, 2";

/// The member's Google contacts that are the same person as one of `ids`.
///
/// The same person: an address in common, or a phone number by digits when neither has an
/// address, as the member sees them. The contacts' own copies are left out.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user, n = ids.len()))]
pub async fn same_person_copies(
    client: &impl GenericClient,
    user: Uuid,
    ids: &[Uuid],
) -> Result<Vec<SamePerson>, StorageError> {
    query_map(client, SAME_PERSON_COPIES, &[&user, &ids], |r| {
        Ok(SamePerson {
            contact_id: r.try_get("contact_id")?,
            resource_name: r.try_get("resource_name")?,
        })
    })
    .await
}

/// One contact a Google contact stands for.
#[derive(Debug, Clone)]
pub struct Part {
    /// `people/…`.
    pub resource_name: String,
    /// The Sharebook contact.
    pub contact_id: Uuid,
    /// Its label.
    pub label_id: Uuid,
    /// The contact now; `None` when it is deleted or the label no longer synced to the member
    /// (it is on its way out).
    pub data: Option<ContactData>,
    /// The fields hidden from the member in the label.
    pub hidden: Vec<Field>,
    /// Since when the member has had the label synced.
    pub since: Option<DateTime<Utc>>,
    /// The member's own contact, adopted: never deleted by Sharebook.
    pub adopted: bool,
    /// Digest of what was last written to the Google contact.
    pub digest: Option<Vec<u8>>,
    /// The etag then.
    pub etag: Option<String>,
    /// The Google contact's update time then.
    pub google_updated: Option<DateTime<Utc>>,
}

const PARTS_AT: &str = "
SELECT s.resource_name, s.contact_id, s.label_id, s.adopted, s.digest, s.etag, s.google_updated,
       t.since, t.hidden_fields, c.id IS NOT NULL AND t.user_id IS NOT NULL AS live,
       c.name, c.emails, c.phones, c.organization, c.title, c.addresses, c.notes, c.custom
FROM sync_contacts s
LEFT JOIN sync_targets t ON t.label_id = s.label_id AND t.user_id = s.user_id
LEFT JOIN contacts c ON c.id = s.contact_id AND c.label_id = s.label_id AND c.deleted_at IS NULL
WHERE s.user_id = $1 AND s.resource_name = ANY ($2)
ORDER BY s.resource_name, t.since NULLS LAST, s.label_id, s.contact_id";

/// Every contact the Google contacts `resource_names` stand for, each resource's from the label
/// the member has had longest.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user, n = resource_names.len()))]
pub async fn parts_at(
    client: &impl GenericClient,
    user: Uuid,
    resource_names: &[String],
) -> Result<Vec<Part>, StorageError> {
    query_map(client, PARTS_AT, &[&user, &resource_names], |r| {
        let live: bool = r.try_get("live")?;
        let data = if live {
            Some(crate::storage::contacts::data_from_row(r)?)
        } else {
            None
        };
        let hidden: Option<Vec<String>> = r.try_get("hidden_fields")?;
        Ok(Part {
            resource_name: r.try_get("resource_name")?,
            contact_id: r.try_get("contact_id")?,
            label_id: r.try_get("label_id")?,
            data,
            hidden: hidden
                .unwrap_or_default()
                .iter()
                .filter_map(|h| Field::from_key(h))
                .collect(),
            since: r.try_get("since")?,
            adopted: r.try_get("adopted")?,
            digest: r.try_get("digest")?,
            etag: r.try_get("etag")?,
            google_updated: r.try_get("google_updated")?,
        })
    })
    .await
}

const JOIN_PERSON: &str = "INSERT INTO sync_contacts (user_id, contact_id, label_id, resource_name)
             SELECT $1, c, $2, r FROM unnest($3::uuid[], $4::text[]) AS x (c, r)
             ON CONFLICT (user_id, contact_id) DO UPDATE
             SET resource_name = EXCLUDED.resource_name, label_id = EXCLUDED.label_id,
                 etag = NULL, digest = NULL, written = NULL, google_updated = NULL";

/// Records contacts of `label_id` as standing in the member's existing Google contacts of the
/// same person (`joins`: contact, `people/…`), their content not yet written there.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user, label_id = %label_id))]
pub async fn join_people(
    client: &impl GenericClient,
    user: Uuid,
    label_id: Uuid,
    joins: &[(Uuid, String)],
) -> Result<(), StorageError> {
    let ids: Vec<Uuid> = joins.iter().map(|(c, _)| *c).collect();
    let names: Vec<&str> = joins.iter().map(|(_, r)| r.as_str()).collect();
    let stmt = client.prepare_cached(JOIN_PERSON).await?;
    client
        .execute(&stmt, &[&user, &label_id, &ids, &names])
        .await?;
    Ok(())
}

const MERGE_INTO_1: &str = "UPDATE sync_contacts
             SET resource_name = $3, etag = NULL, digest = NULL, written = NULL, google_updated = NULL
             WHERE user_id = $1 AND resource_name = $2";
const MERGE_INTO_2: &str = "INSERT INTO sync_discards (user_id, resource_name, keeper)
             VALUES ($1, $2, $3) ON CONFLICT (user_id, resource_name) DO UPDATE SET keeper = $3";

/// Moves what the Google contact `from` stands for to `keeper`, and records `from` for deletion
/// once the keeper holds it (call within a transaction).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn merge_into(
    client: &impl GenericClient,
    user: Uuid,
    from: &str,
    keeper: &str,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(MERGE_INTO_1).await?;
    client.execute(&stmt, &[&user, &from, &keeper]).await?;
    let stmt = client.prepare_cached(MERGE_INTO_2).await?;
    client.execute(&stmt, &[&user, &from, &keeper]).await?;
    Ok(())
}

const DISCARDS: &str =
    "SELECT resource_name, keeper FROM sync_discards WHERE user_id = $1 ORDER BY keeper";

/// Google contacts merged into another and not yet known deleted: (`people/…`, keeper).
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn discards(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<(String, String)>, StorageError> {
    query_map(client, DISCARDS, &[&user], |r| {
        Ok((r.try_get("resource_name")?, r.try_get("keeper")?))
    })
    .await
}

const FORGET_DISCARDS: &str =
    "DELETE FROM sync_discards WHERE user_id = $1 AND resource_name = ANY ($2)";

/// Forgets discarded Google contacts once deleted.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn forget_discards(
    client: &impl GenericClient,
    user: Uuid,
    resource_names: &[String],
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(FORGET_DISCARDS).await?;
    client.execute(&stmt, &[&user, &resource_names]).await?;
    Ok(())
}

/// What one write of a Google contact left, for each contact it stands for.
#[derive(Debug, Clone)]
pub struct Rewritten {
    /// `people/…`.
    pub resource_name: String,
    /// Its etag now.
    pub etag: Option<String>,
    /// Digest of what it holds.
    pub digest: Vec<u8>,
    /// Its update time now.
    pub updated: Option<DateTime<Utc>>,
    /// Each contact it stands for, with what that contact gave it (as the member sees it).
    pub parts: Vec<(Uuid, ContactData)>,
}

const SAVE_REWRITTEN: &str = "UPDATE sync_contacts s
             SET etag = $3, digest = $4, google_updated = $5, written = x.w
             FROM unnest($6::uuid[], $7::jsonb[]) AS x (c, w)
             WHERE s.user_id = $1 AND s.resource_name = $2 AND s.contact_id = x.c";

/// Records a write of one Google contact standing for several contacts.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
pub async fn save_rewritten(
    client: &impl GenericClient,
    user: Uuid,
    done: &Rewritten,
) -> Result<(), StorageError> {
    let ids: Vec<Uuid> = done.parts.iter().map(|(c, _)| *c).collect();
    let written: Vec<serde_json::Value> = done
        .parts
        .iter()
        .map(|(_, d)| serde_json::to_value(d).map_err(|e| StorageError::Corrupt(e.to_string())))
        .collect::<Result<_, _>>()?;
    let stmt = client.prepare_cached(SAVE_REWRITTEN).await?;
    client
        .execute(
            &stmt,
            &[
                &user,
                &done.resource_name,
                &done.etag,
                &done.digest,
                &done.updated,
                &ids,
                &written,
            ],
        )
        .await?;
    Ok(())
}

const SHARED_AT: &str = "SELECT resource_name FROM sync_contacts
             WHERE user_id = $1 AND resource_name = ANY ($2)
             GROUP BY resource_name HAVING count(*) > 1";

/// Those of `resource_names` that stand for several contacts.
#[tracing::instrument(level = "debug", skip_all, fields(user = %user, n = resource_names.len()))]
pub async fn shared_at(
    client: &impl GenericClient,
    user: Uuid,
    resource_names: &[String],
) -> Result<Vec<String>, StorageError> {
    crate::storage::query_column(
        client,
        SHARED_AT,
        &[&user, &resource_names],
        "resource_name",
    )
    .await
}
