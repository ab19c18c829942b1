//! Deletions made in Google Contacts that the mass-deletion guard held.
//!
//! They are listed on the label card for the owner (or, by the domain's policy, listed for its admins), who approves them (they
//! apply) or dismisses them (the contacts stay).

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::domain::audit::{AuditAction, Origin};
use crate::domain::contact::Via;
use crate::domain::permission::Action;
use crate::domain::policy::Approver;
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
    /// Whether the label's owner decides (else the domain's admins do, by policy).
    pub owner_decides: bool,
}

const LIST: &str = "
SELECT h.id, u.email, cardinality(h.contact_ids) AS n, h.created_at,
       coalesce(p.held_approver, $5) = $5 AS owner_decides
FROM held_deletions h JOIN users u ON u.id = h.member_id
JOIN labels l ON l.id = h.label_id JOIN users o ON o.id = l.owner_id
LEFT JOIN domain_policies p ON p.domain = o.hd
WHERE h.label_id = $1 AND label_role($1, $2, $3) >= $4
ORDER BY h.created_at
LIMIT 20";

/// The label's held deletions, for those who may review them (none for anyone else); whether
/// they decide or the domain's admins do is in each.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn list_for_label(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Vec<Held>, StorageError> {
    let rank = Action::ReviewHeldDeletions.min_rank();
    let [a, b, c, d] = super::acting_on(&label, who, &rank);
    query_map(client, LIST, &[a, b, c, d, &Approver::Owner.as_str()], held).await
}

fn held(r: &tokio_postgres::Row) -> Result<Held, StorageError> {
    Ok(Held {
        id: r.try_get("id")?,
        member: r.try_get("email")?,
        count: r.try_get("n")?,
        held_at: r.try_get("created_at")?,
        owner_decides: r.try_get("owner_decides")?,
    })
}

/// A held change waiting for the domain's admins.
#[derive(Debug, Clone)]
pub struct HeldForAdmins {
    /// The change.
    pub held: Held,
    /// Its label's id.
    pub label_id: Uuid,
    /// Its label's name.
    pub label_name: String,
}

const LIST_FOR_ADMINS: &str = "
SELECT h.id, u.email, cardinality(h.contact_ids) AS n, h.created_at, false AS owner_decides,
       l.id AS label_id, l.name
FROM held_deletions h JOIN users u ON u.id = h.member_id
JOIN labels l ON l.id = h.label_id JOIN users o ON o.id = l.owner_id
JOIN domain_policies p ON p.domain = o.hd
WHERE o.hd = $1 AND p.held_approver = $2
ORDER BY h.created_at
LIMIT 50";

/// Held changes of `domain`'s labels that its admins approve (none unless the policy says so).
pub async fn list_for_admins(
    client: &impl GenericClient,
    domain: &str,
) -> Result<Vec<HeldForAdmins>, StorageError> {
    query_map(
        client,
        LIST_FOR_ADMINS,
        &[&domain, &Approver::Admins.as_str()],
        |r| {
            Ok(HeldForAdmins {
                held: held(r)?,
                label_id: r.try_get("label_id")?,
                label_name: r.try_get("name")?,
            })
        },
    )
    .await
}

const TAKE: &str = "
WITH taken AS (
    DELETE FROM held_deletions h
    USING labels l JOIN users o ON o.id = l.owner_id LEFT JOIN domain_policies p ON p.domain = o.hd
    WHERE h.id = $1 AND l.id = h.label_id
      AND ((coalesce(p.held_approver, $5) = $5 AND label_role(h.label_id, $2, $3) >= $4)
        OR (p.held_approver = $6 AND o.hd = $7))
    RETURNING h.label_id, h.contact_ids, h.member_id, l.name, l.owner_id
)
SELECT t.label_id, t.contact_ids, t.owner_id,
       audit($2, $8, t.owner_id, t.label_id, t.name, (SELECT email FROM users WHERE id = t.member_id),
             cardinality(t.contact_ids) || ' contacts', $9)
FROM taken t";

/// Who settles a held change.
#[derive(Debug, Clone, Copy)]
pub enum Reviewer<'a> {
    /// The label's owner, from the label card (when the domain's policy leaves it to owners).
    Owner(&'a Principal),
    /// An admin of the label owner's domain, from the admin card (when the policy says admins).
    Admin {
        /// The admin's user id.
        user_id: Uuid,
        /// The domain they administer.
        domain: &'a str,
    },
}

/// Approves (`apply`) or dismisses a held change, if `reviewer` may settle it; its label.
///
/// `None` when there is no such change the reviewer may settle. Approved deletions are soft and
/// undoable like any other, recorded as made in Google Contacts and approved by the owner (an
/// admin's approval applies them as the owner; the audit log names the admin). Run inside a
/// transaction.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn settle(
    client: &impl GenericClient,
    id: Uuid,
    reviewer: Reviewer<'_>,
    apply: bool,
) -> Result<Option<Uuid>, StorageError> {
    let no_groups: Vec<String> = Vec::new();
    let (user, groups, domain, via) = match reviewer {
        Reviewer::Owner(who) => (who.user_id, &who.groups, None, Origin::SidePanel),
        Reviewer::Admin { user_id, domain } => {
            (user_id, &no_groups, Some(domain), Origin::AdminCard)
        }
    };
    let action = if apply {
        AuditAction::HeldApproved
    } else {
        AuditAction::HeldDismissed
    };
    let stmt = client.prepare_cached(TAKE).await?;
    let Some(row) = client
        .query_opt(
            &stmt,
            &[
                &id,
                &user,
                groups,
                &Action::ReviewHeldDeletions.min_rank(),
                &Approver::Owner.as_str(),
                &Approver::Admins.as_str(),
                &domain,
                &action.as_str(),
                &via.as_str(),
            ],
        )
        .await?
    else {
        return Ok(None);
    };
    let label: Uuid = row.try_get("label_id")?;
    if apply {
        let owner = Principal {
            user_id: row.try_get("owner_id")?,
            email: String::new(),
            domain: None,
            groups: Vec::new(),
        };
        let who = match reviewer {
            Reviewer::Owner(who) => who,
            Reviewer::Admin { .. } => &owner,
        };
        let ids: Vec<Uuid> = row.try_get("contact_ids")?;
        for contact in ids {
            contacts::set_deleted(client, contact, who, true, Via::GoogleContacts).await?;
        }
    }
    Ok(Some(label))
}
