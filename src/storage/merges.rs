//! Duplicates within a label and their merges: the likely pairs, a merge (the kept contact takes
//! every value, the other is deleted and its comments move over), and its undo.
//!
//! Deleters and above only, checked in every statement; pairs are found on the fields the caller
//! may see, so a hidden value cannot be probed through them.

use deadpool_postgres::GenericClient;
use serde_json::json;
use uuid::Uuid;

use super::StorageError;
use super::contacts::{self, Updated};
use crate::domain::contact::{ContactData, Field, FieldErrors, Via};
use crate::domain::permission::Action;
use crate::domain::principal::Principal;

/// Two contacts of a label that look like one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The first, by name.
    pub a: (Uuid, String),
    /// The second.
    pub b: (Uuid, String),
    /// Whether an address matched (else a phone number).
    pub by_email: bool,
}

// Every address and phone key of the label's live contacts, joined on itself by hash: one pass
// over the label, however large, where a pair-wise comparison would be quadratic.
const PAIRS: &str = "
WITH h AS (SELECT caller_hidden_fields($1, $2, $3) AS hidden WHERE label_role($1, $2, $3) >= $4),
keys AS (
    SELECT c.id, c.name, 'e' AS kind, k FROM h, contacts c, unnest(c.email_keys) k
    WHERE c.label_id = $1 AND c.deleted_at IS NULL AND NOT 'emails' = ANY (h.hidden)
    UNION
    SELECT c.id, c.name, 'p', k FROM h, contacts c, unnest(c.phone_keys) k
    WHERE c.label_id = $1 AND c.deleted_at IS NULL AND NOT 'phones' = ANY (h.hidden))
SELECT a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name,
       bool_or(a.kind = 'e') AS by_email
FROM keys a JOIN keys b ON b.kind = a.kind AND b.k = a.k
     AND (lower(b.name), b.id) > (lower(a.name), a.id)
GROUP BY a.id, a.name, b.id, b.name
ORDER BY lower(a.name), a.id, lower(b.name), b.id
LIMIT $5";

/// Up to `limit` likely duplicate pairs of `label` (same address, or phone number by digits).
pub async fn pairs(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    limit: i64,
) -> Result<Vec<Pair>, StorageError> {
    let stmt = client.prepare_cached(PAIRS).await?;
    client
        .query(
            &stmt,
            &[
                &label,
                &who.user_id,
                &who.groups,
                &Action::DeleteContact.min_rank(),
                &limit,
            ],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(Pair {
                a: (r.try_get("a_id")?, r.try_get("a_name")?),
                b: (r.try_get("b_id")?, r.try_get("b_name")?),
                by_email: r.try_get("by_email")?,
            })
        })
        .collect()
}

/// What a merge did, or why not.
#[derive(Debug, Clone)]
pub enum Merged {
    /// Done: the merge's id.
    Done(Uuid),
    /// The joined contact would break a limit (too many addresses, say): nothing was changed.
    Refused(FieldErrors),
    /// Not two live contacts of one label the caller may delete from.
    NotFound,
}

const LOCK_PAIR: &str = "
SELECT c.id, c.label_id FROM contacts c
WHERE c.id = ANY ($1) AND c.deleted_at IS NULL AND label_role(c.label_id, $2, $3) >= $4
ORDER BY c.id
FOR UPDATE";

const MOVE_COMMENTS: &str =
    "UPDATE comments SET contact_id = $2 WHERE contact_id = $1 RETURNING id";

const RECORD: &str = "
INSERT INTO contact_merges (id, label_id, kept_id, merged_id, kept_before, kept_version, merged_version,
                            comment_ids, merged_by)
VALUES ($1, $2, $3, $4, $5, $6, (SELECT version FROM contacts WHERE id = $4), $7, $8)";

/// Merges `merged` into `kept` (two live contacts of one label) as `who`, the values joined by
/// `join`. Run in a transaction.
pub async fn merge(
    client: &impl GenericClient,
    kept: Uuid,
    merged: Uuid,
    who: &Principal,
    join: impl Fn(&ContactData, &ContactData) -> Result<ContactData, FieldErrors>,
) -> Result<Merged, StorageError> {
    if kept == merged {
        return Ok(Merged::NotFound);
    }
    contacts::share_access_lock(client).await?;
    let stmt = client.prepare_cached(LOCK_PAIR).await?;
    let rows = client
        .query(
            &stmt,
            &[
                &vec![kept, merged],
                &who.user_id,
                &who.groups,
                &Action::DeleteContact.min_rank(),
            ],
        )
        .await?;
    let labels: Vec<Uuid> = rows
        .iter()
        .map(|r| r.try_get("label_id"))
        .collect::<Result<_, _>>()?;
    let [first, second] = labels.as_slice() else {
        return Ok(Merged::NotFound);
    };
    if first != second {
        return Ok(Merged::NotFound);
    }
    let label = *first;
    let (Some((version, before)), Some((_, other))) = (
        contacts::lock_for_edit(client, kept, who).await?,
        contacts::lock_for_edit(client, merged, who).await?,
    ) else {
        return Ok(Merged::NotFound);
    };
    let joined = match join(&before, &other) {
        Ok(j) => j,
        Err(errors) => return Ok(Merged::Refused(errors)),
    };
    let kept_version = match contacts::rewrite(
        client,
        kept,
        who,
        version,
        &joined,
        &Field::ALL,
        Via::SidePanel,
        "merge",
    )
    .await?
    {
        Updated::Saved(v) => v,
        Updated::Stale | Updated::NotFound => return Ok(Merged::NotFound),
    };
    if !contacts::set_deleted(client, merged, who, true, Via::SidePanel).await? {
        return Ok(Merged::NotFound);
    }
    let stmt = client.prepare_cached(MOVE_COMMENTS).await?;
    let comments: Vec<Uuid> = client
        .query(&stmt, &[&merged, &kept])
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let id = Uuid::new_v4();
    let stmt = client.prepare_cached(RECORD).await?;
    client
        .execute(
            &stmt,
            &[
                &id,
                &label,
                &kept,
                &merged,
                &json!(before),
                &kept_version,
                &comments,
                &who.user_id,
            ],
        )
        .await?;
    Ok(Merged::Done(id))
}

/// A merge into a contact, as its card tells of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeView {
    /// The merge.
    pub id: Uuid,
    /// The contact merged in (deleted).
    pub merged_id: Uuid,
    /// Its name.
    pub merged_name: String,
    /// Whether neither contact changed since, so it can be undone.
    pub undoable: bool,
}

const INTO: &str = "
SELECT m.id, m.merged_id, o.name AS merged_name,
       (k.version = m.kept_version AND o.version = m.merged_version AND o.deleted_at IS NOT NULL)
           AS undoable
FROM contact_merges m JOIN contacts k ON k.id = m.kept_id JOIN contacts o ON o.id = m.merged_id
WHERE m.kept_id = $1 AND m.undone_at IS NULL AND label_role(m.label_id, $2, $3) >= $4
ORDER BY m.merged_at DESC
LIMIT 10";

/// The merges into `kept` not undone, for a caller who may see it.
pub async fn into(
    client: &impl GenericClient,
    kept: Uuid,
    who: &Principal,
) -> Result<Vec<MergeView>, StorageError> {
    let stmt = client.prepare_cached(INTO).await?;
    client
        .query(
            &stmt,
            &super::acting_on(&kept, who, &Action::View.min_rank()),
        )
        .await?
        .iter()
        .map(|r| {
            Ok(MergeView {
                id: r.try_get("id")?,
                merged_id: r.try_get("merged_id")?,
                merged_name: r.try_get("merged_name")?,
                undoable: r.try_get("undoable")?,
            })
        })
        .collect()
}

/// What undoing a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmerged {
    /// Both contacts are as before; the kept one's id.
    Done(Uuid),
    /// One of them changed since: nothing was undone. The kept one's id.
    ChangedSince(Uuid),
    /// No such merge the caller may undo.
    NotFound,
}

const LOCK_MERGE: &str = "
SELECT m.kept_id, m.merged_id, m.kept_before, m.kept_version, m.merged_version, m.comment_ids,
       k.version AS kept_now, o.version AS merged_now, o.deleted_at IS NOT NULL AS merged_deleted
FROM contact_merges m JOIN contacts k ON k.id = m.kept_id JOIN contacts o ON o.id = m.merged_id
WHERE m.id = $1 AND m.undone_at IS NULL AND label_role(m.label_id, $2, $3) >= $4
FOR UPDATE OF m, k, o";

const MOVE_BACK: &str =
    "UPDATE comments SET contact_id = $2 WHERE id = ANY ($3) AND contact_id = $1";

const MARK_UNDONE: &str = "UPDATE contact_merges SET undone_at = now() WHERE id = $1";

/// Undoes merge `id` if neither contact changed since: the kept contact gets its values back,
/// the other is restored with its comments. Run in a transaction.
pub async fn unmerge(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<Unmerged, StorageError> {
    contacts::share_access_lock(client).await?;
    let stmt = client.prepare_cached(LOCK_MERGE).await?;
    let Some(r) = client
        .query_opt(
            &stmt,
            &super::acting_on(&id, who, &Action::DeleteContact.min_rank()),
        )
        .await?
    else {
        return Ok(Unmerged::NotFound);
    };
    let kept: Uuid = r.try_get("kept_id")?;
    let merged: Uuid = r.try_get("merged_id")?;
    let kept_version: i32 = r.try_get("kept_version")?;
    if r.try_get::<_, i32>("kept_now")? != kept_version
        || r.try_get::<_, i32>("merged_now")? != r.try_get::<_, i32>("merged_version")?
        || !r.try_get::<_, bool>("merged_deleted")?
    {
        return Ok(Unmerged::ChangedSince(kept));
    }
    let before: serde_json::Value = r.try_get("kept_before")?;
    let before: ContactData = serde_json::from_value(before)
        .map_err(|e| StorageError::Corrupt(format!("merge before: {e}")))?;
    let restored = contacts::rewrite(
        client,
        kept,
        who,
        kept_version,
        &before,
        &Field::ALL,
        Via::SidePanel,
        "unmerge",
    )
    .await?;
    if !matches!(restored, Updated::Saved(_))
        || !contacts::set_deleted(client, merged, who, false, Via::SidePanel).await?
    {
        return Ok(Unmerged::NotFound);
    }
    let comments: Vec<Uuid> = r.try_get("comment_ids")?;
    let stmt = client.prepare_cached(MOVE_BACK).await?;
    client.execute(&stmt, &[&kept, &merged, &comments]).await?;
    let stmt = client.prepare_cached(MARK_UNDONE).await?;
    client.execute(&stmt, &[&id]).await?;
    Ok(Unmerged::Done(kept))
}
