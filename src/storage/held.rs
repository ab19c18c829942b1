//! Deletions made in Google Contacts that the mass-deletion guard held: listed on the label card
//! for the owner, who approves (they apply) or dismisses them (the contacts stay).

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::domain::contact::Via;
use crate::domain::permission::Action;
use crate::domain::principal::Principal;
use crate::storage::{StorageError, contacts, query_map};

/// One held change.
#[derive(Debug, Clone)]
pub struct Held {
    /// Its id.
    pub id: Uuid,
    /// Who deleted them in their Google Contacts.
    pub member: String,
    /// How many contacts.
    pub count: i32,
    /// When the guard held them.
    pub held_at: DateTime<Utc>,
}

const LIST: &str = "
SELECT h.id, u.email, cardinality(h.contact_ids) AS n, h.created_at
FROM held_deletions h JOIN users u ON u.id = h.member_id
WHERE h.label_id = $1 AND label_role($1, $2, $3) >= $4
ORDER BY h.created_at
LIMIT 20";

/// The label's held deletions, for those who may review them (none for anyone else).
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn list_for_label(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Vec<Held>, StorageError> {
    query_map(
        client,
        LIST,
        &super::acting_on(&label, who, &Action::ReviewHeldDeletions.min_rank()),
        |r| {
            Ok(Held {
                id: r.try_get("id")?,
                member: r.try_get("email")?,
                count: r.try_get("n")?,
                held_at: r.try_get("created_at")?,
            })
        },
    )
    .await
}

const TAKE: &str = "
DELETE FROM held_deletions h
WHERE h.id = $1 AND label_role(h.label_id, $2, $3) >= $4
RETURNING h.label_id, h.contact_ids";

/// Approves (`apply`) or dismisses a held change, if the caller may review it; its label.
///
/// `None` when there is no such change the caller may review. Approved deletions are soft and
/// undoable like any other, recorded as made in Google Contacts and approved by the caller. Run
/// inside a transaction.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn settle(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    apply: bool,
) -> Result<Option<Uuid>, StorageError> {
    let stmt = client.prepare_cached(TAKE).await?;
    let Some(row) = client
        .query_opt(
            &stmt,
            &super::acting_on(&id, who, &Action::ReviewHeldDeletions.min_rank()),
        )
        .await?
    else {
        return Ok(None);
    };
    let label: Uuid = row.try_get("label_id")?;
    if apply {
        let ids: Vec<Uuid> = row.try_get("contact_ids")?;
        for contact in ids {
            contacts::set_deleted(client, contact, who, true, Via::GoogleContacts).await?;
        }
    }
    Ok(Some(label))
}
