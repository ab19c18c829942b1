//! Shares: who has which role on a label. Every write checks the caller's role in SQL too.
//!
//! Triggers its writes fire: `shares_seed_hidden_fields` (a new share starts from what the owner
//! hid from that grantee), `label_access_shares_*` (the label's `label_access` rows),
//! `change_counters_shares_*` and `sync_shares_*`; `grantee_hidden_fields` writes fire
//! `label_access_grantee_hidden_*`.

use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::StorageError;
use crate::domain::audit::{AuditAction, Origin};
use crate::domain::permission::Action;
use crate::domain::policy::Grantee;
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::domain::share::MAX_GRANTABLE;

/// Kinds of grantee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GranteeKind {
    /// One person, by email.
    User,
    /// A Google Group, by its address.
    Group,
    /// Everyone in a Workspace domain.
    Domain,
}

impl GranteeKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            GranteeKind::User => "user",
            GranteeKind::Group => "group",
            GranteeKind::Domain => "domain",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [GranteeKind::User, GranteeKind::Group, GranteeKind::Domain]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// The grantee `address` (or domain) of this kind, as domain policies see it.
    pub fn grantee(self, address: &str) -> Grantee<'_> {
        match self {
            GranteeKind::User => Grantee::Person(address),
            GranteeKind::Group => Grantee::Group(address),
            GranteeKind::Domain => Grantee::Domain(address),
        }
    }
}

/// A share as managers see it.
#[derive(Debug, Clone)]
pub struct ShareView {
    /// Share id.
    pub id: Uuid,
    /// Its label.
    pub label_id: Uuid,
    /// Kind of grantee.
    pub kind: GranteeKind,
    /// Email, group address or domain.
    pub grantee: String,
    /// Role given.
    pub role: Role,
    /// A person who has not used Sharebook yet.
    pub pending: bool,
}

const LIST_SHARES: &str = "
SELECT s.id, s.label_id, s.grantee_kind, s.grantee, s.role_rank,
       (s.grantee_kind = 'user' AND s.user_id IS NULL) AS pending
FROM shares s
WHERE s.label_id = $1 AND label_role($1, $2, $3) >= $4
ORDER BY s.role_rank DESC, s.grantee";

/// Shares of a label, for managers and the owner only.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn list_shares(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Vec<ShareView>, StorageError> {
    let stmt = client.prepare_cached(LIST_SHARES).await?;
    let rows = client
        .query(
            &stmt,
            &super::acting_on(&label, who, &Action::ManageShares.min_rank()),
        )
        .await?;
    rows.iter().map(share_from_row).collect()
}

const GET_SHARE: &str = "
SELECT s.id, s.label_id, s.grantee_kind, s.grantee, s.role_rank,
       (s.grantee_kind = 'user' AND s.user_id IS NULL) AS pending
FROM shares s
WHERE s.id = $1 AND label_role(s.label_id, $2, $3) >= $4";

/// One share, for managers and the owner of its label only.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn get_share(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<Option<ShareView>, StorageError> {
    let stmt = client.prepare_cached(GET_SHARE).await?;
    let row = client
        .query_opt(
            &stmt,
            &super::acting_on(&id, who, &Action::ManageShares.min_rank()),
        )
        .await?;
    row.as_ref().map(share_from_row).transpose()
}

fn share_from_row(r: &tokio_postgres::Row) -> Result<ShareView, StorageError> {
    let kind: String = r.try_get("grantee_kind")?;
    let rank: i16 = r.try_get("role_rank")?;
    Ok(ShareView {
        id: r.try_get("id")?,
        label_id: r.try_get("label_id")?,
        kind: GranteeKind::parse(&kind)
            .ok_or_else(|| StorageError::Corrupt(format!("grantee kind {kind}")))?,
        grantee: r.try_get("grantee")?,
        role: Role::from_rank(rank)
            .ok_or_else(|| StorageError::Corrupt(format!("role rank {rank}")))?,
        pending: r.try_get("pending")?,
    })
}

const INSERT_SHARE: &str = "
WITH prior AS (SELECT role_rank FROM shares WHERE label_id = $2 AND grantee_kind = $4 AND grantee = $5),
made AS (
INSERT INTO shares (id, label_id, grantee_kind, grantee, user_id, role_rank, hidden_fields, created_by)
SELECT $1, $2, $4, $5, CASE WHEN $4 = 'user' THEN share_holder($5, $3) END,
       $6::smallint, caller_hidden_fields($2, $3, $7), $3
WHERE label_role($2, $3, $7) >= $8 AND $6::smallint <= $9
  AND NOT EXISTS (SELECT 1 FROM labels l JOIN users o ON o.id = l.owner_id WHERE l.id = $2 AND $4 = 'user' AND lower(o.email) = $5)
ON CONFLICT (label_id, grantee_kind, grantee) DO UPDATE
    SET role_rank = EXCLUDED.role_rank, updated_at = now(),
        hidden_fields = ARRAY(SELECT DISTINCT f FROM unnest(shares.hidden_fields || EXCLUDED.hidden_fields) f ORDER BY f)
    WHERE shares.role_rank <= $9
RETURNING id, label_id, grantee, role_rank
),
-- A new share with a person or a group invites them by email (a group delivers to its members);
-- a whole domain is not emailed. The outbox row commits with the share, or not at all.
invited AS (
INSERT INTO email_outbox (kind, recipient, sender_id, label_id, payload, lang, due_at)
SELECT 'invitation', m.grantee, $3, m.label_id,
       jsonb_build_object('rank', m.role_rank, 'group', CASE WHEN $4 = 'group' THEN m.grantee END),
       $14, now() + make_interval(secs => $15)
FROM made m LEFT JOIN prior p ON true
WHERE p.role_rank IS NULL AND $4 IN ('user', 'group')
)
SELECT m.id,
       CASE WHEN p.role_rank IS NULL THEN audit($3, $10, l.owner_id, l.id, l.name, m.grantee, $12, $13)
            WHEN p.role_rank <> m.role_rank THEN audit($3, $11, l.owner_id, l.id, l.name, m.grantee, $12, $13)
       END
FROM made m JOIN labels l ON l.id = m.label_id LEFT JOIN prior p ON true";

/// Shares `label` with a grantee, or changes the role of their existing share.
///
/// Only for a manager or the owner, and only up to manager. Sharing with the owner does nothing.
/// The share hides at least what is hidden from its creator, and what the owner hid from that
/// grantee before (migration V12); a user share goes to the account that may hold the address
/// (migration V13). A new share or a changed role is recorded in the audit log; a new share with
/// a person or a group queues their invitation email, in `lang` until they have used Sharebook,
/// gathered `gather_secs` with others from the same sharer. Returns the share id, or `None` when
/// refused.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn upsert_share(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    kind: GranteeKind,
    grantee: &str,
    role: Role,
    invitation: (&str, f64),
) -> Result<Option<Uuid>, StorageError> {
    let (lang, gather_secs) = invitation;
    let stmt = client.prepare_cached(INSERT_SHARE).await?;
    let row = client
        .query_opt(
            &stmt,
            &[
                &Uuid::new_v4(),
                &label,
                &who.user_id,
                &kind.as_str(),
                &grantee,
                &role.rank(),
                &who.groups,
                &Action::ManageShares.min_rank(),
                &MAX_GRANTABLE.rank(),
                &AuditAction::ShareAdded.as_str(),
                &AuditAction::RoleChanged.as_str(),
                &role.as_str(),
                &Origin::SidePanel.as_str(),
                &lang,
                &gather_secs,
            ],
        )
        .await?;
    row.map(|r| r.try_get("id")).transpose().map_err(Into::into)
}

const UPDATE_SHARE: &str = "
WITH prior AS (SELECT role_rank FROM shares WHERE id = $1),
changed AS (
    UPDATE shares s SET role_rank = $4::smallint, updated_at = now()
    WHERE s.id = $1 AND $4::smallint <= $6 AND label_role(s.label_id, $2, $3) >= GREATEST($5, s.role_rank)
    RETURNING s.id, s.label_id, s.grantee, s.role_rank
)
SELECT c.id,
       CASE WHEN p.role_rank <> c.role_rank THEN audit($2, $7, l.owner_id, l.id, l.name, c.grantee, $8, $9) END
FROM changed c JOIN labels l ON l.id = c.label_id JOIN prior p ON true";

/// Changes a share's role, if the caller is manager or owner and outranks the share; a change is
/// recorded in the audit log.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn update_share(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    role: Role,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(UPDATE_SHARE).await?;
    Ok(client
        .query_opt(
            &stmt,
            &[
                &id,
                &who.user_id,
                &who.groups,
                &role.rank(),
                &Action::ManageShares.min_rank(),
                &MAX_GRANTABLE.rank(),
                &AuditAction::RoleChanged.as_str(),
                &role.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await?
        .is_some())
}

const REINVITE: &str = "
INSERT INTO email_outbox (kind, recipient, sender_id, label_id, payload, lang, due_at)
SELECT 'invitation', s.grantee, $2, s.label_id,
       jsonb_build_object('rank', s.role_rank),
       $5, now()
FROM shares s
WHERE s.id = $1 AND s.grantee_kind = 'user' AND s.user_id IS NULL
  AND label_role(s.label_id, $2, $3) >= GREATEST($4, s.role_rank)
RETURNING id";

/// Sends the invitation of a pending share (someone who never opened Sharebook) again, now;
/// `false` when the share is not pending or the caller may not manage it.
pub async fn reinvite(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    lang: &str,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(REINVITE).await?;
    Ok(client
        .query_opt(
            &stmt,
            &[
                &id,
                &who.user_id,
                &who.groups,
                &Action::ManageShares.min_rank(),
                &lang,
            ],
        )
        .await?
        .is_some())
}

const DELETE_SHARE: &str = "
WITH gone AS (
    DELETE FROM shares s
    WHERE s.id = $1 AND label_role(s.label_id, $2, $3) >= GREATEST($4, s.role_rank)
    RETURNING s.id, s.label_id, s.grantee
)
SELECT g.id, audit($2, $5, l.owner_id, l.id, l.name, g.grantee, '', $6)
FROM gone g JOIN labels l ON l.id = g.label_id";

/// Revokes a share, if the caller is manager or owner and outranks it, with its audit entry.
/// Revoking twice is fine.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn delete_share(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(DELETE_SHARE).await?;
    let rank = Action::ManageShares.min_rank();
    let [a, b, c, d] = super::acting_on(&id, who, &rank);
    Ok(client
        .query_opt(
            &stmt,
            &[
                a,
                b,
                c,
                d,
                &AuditAction::AccessRevoked.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await?
        .is_some())
}

const GET_HIDDEN: &str = "
SELECT s.hidden_fields FROM shares s JOIN labels l ON l.id = s.label_id WHERE s.id = $1 AND l.owner_id = $2";

/// Fields hidden from a share's grantee, for the label's owner only.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn hidden_fields(
    client: &impl GenericClient,
    id: Uuid,
    owner: Uuid,
) -> Result<Option<Vec<String>>, StorageError> {
    let stmt = client.prepare_cached(GET_HIDDEN).await?;
    Ok(client
        .query_opt(&stmt, &[&id, &owner])
        .await?
        .map(|r| r.try_get("hidden_fields"))
        .transpose()?)
}

const SET_HIDDEN: &str = "
WITH prior AS (SELECT hidden_fields FROM shares WHERE id = $1),
changed AS (
    UPDATE shares s SET hidden_fields = $3, updated_at = now()
    FROM labels l WHERE l.id = s.label_id AND s.id = $1 AND l.owner_id = $2
    RETURNING s.label_id, s.grantee_kind, s.grantee, l.name
)
SELECT c.label_id, c.grantee_kind, c.grantee,
       CASE WHEN p.hidden_fields IS DISTINCT FROM $3::text[]
            THEN audit($2, $4, $2, c.label_id, c.name, c.grantee,
                       coalesce(nullif(array_to_string($3::text[], ', '), ''), 'none hidden'), $5) END
FROM changed c JOIN prior p ON true";

const KEEP_GRANTEE_HIDDEN: &str = "
INSERT INTO grantee_hidden_fields (label_id, grantee_kind, grantee, fields) VALUES ($1, $2, $3, $4)
ON CONFLICT (label_id, grantee_kind, grantee) DO UPDATE SET fields = EXCLUDED.fields, updated_at = now()";

const FORGET_GRANTEE_HIDDEN: &str = "
DELETE FROM grantee_hidden_fields WHERE label_id = $1 AND grantee_kind = $2 AND grantee = $3";

/// Sets the fields hidden from a share's grantee; only the label's owner may.
///
/// The choice is also kept for the grantee beyond this share (migration V12): it seeds any later
/// share to them and, for a person, applies through every share that reaches them. Two
/// statements: call it inside the caller's transaction.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn set_hidden_fields(
    client: &impl GenericClient,
    id: Uuid,
    owner: Uuid,
    fields: &[String],
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(SET_HIDDEN).await?;
    let Some(row) = client
        .query_opt(
            &stmt,
            &[
                &id,
                &owner,
                &fields,
                &AuditAction::HiddenFieldsChanged.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await?
    else {
        return Ok(false);
    };
    let label: Uuid = row.try_get("label_id")?;
    let kind: String = row.try_get("grantee_kind")?;
    let grantee: String = row.try_get("grantee")?;
    if fields.is_empty() {
        let stmt = client.prepare_cached(FORGET_GRANTEE_HIDDEN).await?;
        client.execute(&stmt, &[&label, &kind, &grantee]).await?;
    } else {
        let stmt = client.prepare_cached(KEEP_GRANTEE_HIDDEN).await?;
        client
            .execute(&stmt, &[&label, &kind, &grantee, &fields])
            .await?;
    }
    Ok(true)
}
