//! What a domain's admins read and do.
//!
//! Its users and labels, shares a policy now forbids, offboarding, and the short-lived links
//! their card opens. Every statement is bound to the
//! admin's domain (`$1`): nothing here reaches another domain, and no contact data leaves.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::StorageError;
use crate::domain::audit::{AuditAction, AuditFilter, Origin};
use crate::domain::role::Role;
use crate::storage::shares::GranteeKind;

/// A user of the domain as the admin card lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// User id.
    pub id: Uuid,
    /// Address.
    pub email: String,
    /// Last request, when known.
    pub last_seen: Option<DateTime<Utc>>,
    /// When an admin offboarded them.
    pub offboarded_at: Option<DateTime<Utc>>,
    /// Labels they own.
    pub owned: i64,
    /// Of those, labels shared with someone.
    pub shared: i64,
    /// Labels shared with them directly.
    pub member_of: i64,
}

/// What the admin card shows of a user: labels owned and shared, shares to them, last seen.
macro_rules! person_select {
    () => {
        "SELECT u.id, u.email, u.last_active_at, u.offboarded_at,
       (SELECT count(*) FROM labels l WHERE l.owner_id = u.id) AS owned,
       (SELECT count(*) FROM labels l WHERE l.owner_id = u.id
          AND EXISTS (SELECT 1 FROM shares s WHERE s.label_id = l.id)) AS shared,
       (SELECT count(*) FROM shares s WHERE s.user_id = u.id) AS member_of
FROM users u"
    };
}

const PEOPLE: &str = concat!(
    person_select!(),
    "
WHERE u.hd = $1 AND lower(u.email) > $2
ORDER BY lower(u.email)
LIMIT $3"
);

/// The domain's users by address, after `after` (lowercased), at most `limit`.
pub async fn people(
    client: &impl GenericClient,
    domain: &str,
    after: &str,
    limit: i64,
) -> Result<Vec<Person>, StorageError> {
    super::query_map(client, PEOPLE, &[&domain, &after, &limit], person).await
}

fn person(r: &tokio_postgres::Row) -> Result<Person, StorageError> {
    Ok(Person {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        last_seen: r.try_get("last_active_at")?,
        offboarded_at: r.try_get("offboarded_at")?,
        owned: r.try_get("owned")?,
        shared: r.try_get("shared")?,
        member_of: r.try_get("member_of")?,
    })
}

const PERSON: &str = concat!(person_select!(), " WHERE u.hd = $1 AND u.id = $2");

/// One user of the domain; `None` for anyone else.
pub async fn person_of(
    client: &impl GenericClient,
    domain: &str,
    id: Uuid,
) -> Result<Option<Person>, StorageError> {
    let stmt = client.prepare_cached(PERSON).await?;
    client
        .query_opt(&stmt, &[&domain, &id])
        .await?
        .as_ref()
        .map(person)
        .transpose()
}

const PERSON_BY_EMAIL: &str = "
SELECT u.id FROM users u WHERE u.hd = $1 AND lower(u.email) = lower($2) AND u.offboarded_at IS NULL";

/// The id of the domain's user at `email`, if they used Sharebook and were not offboarded.
pub async fn person_by_email(
    client: &impl GenericClient,
    domain: &str,
    email: &str,
) -> Result<Option<Uuid>, StorageError> {
    let stmt = client.prepare_cached(PERSON_BY_EMAIL).await?;
    Ok(client
        .query_opt(&stmt, &[&domain, &email])
        .await?
        .map(|r| r.try_get("id"))
        .transpose()?)
}

/// A label of the domain as the admin card lists it: no contact data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainLabel {
    /// Label id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Owner's address.
    pub owner_email: String,
    /// Contacts in it.
    pub size: i64,
    /// People, groups and domains it is shared with.
    pub shares: i64,
    /// Accounts it reaches (the owner included).
    pub members: i64,
}

/// What the admin card shows of a label: owner, size, shares and members, never its contacts.
macro_rules! domain_label_select {
    () => {
        "SELECT l.id, l.name, o.email AS owner_email, l.contact_count::bigint AS size,
       (SELECT count(*) FROM shares s WHERE s.label_id = l.id) AS shares,
       (SELECT count(*) FROM label_access a WHERE a.label_id = l.id) AS members
FROM labels l JOIN users o ON o.id = l.owner_id"
    };
}

const LABELS: &str = concat!(
    domain_label_select!(),
    "
WHERE o.hd = $1 AND (lower(l.name), l.id) > ($2, $3)
ORDER BY lower(l.name), l.id
LIMIT $4"
);

fn domain_label(r: &tokio_postgres::Row) -> Result<DomainLabel, StorageError> {
    Ok(DomainLabel {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        owner_email: r.try_get("owner_email")?,
        size: r.try_get("size")?,
        shares: r.try_get("shares")?,
        members: r.try_get("members")?,
    })
}

/// The domain's labels by name, after (`after_name`, `after_id`), at most `limit`.
pub async fn labels(
    client: &impl GenericClient,
    domain: &str,
    after: (&str, Uuid),
    limit: i64,
) -> Result<Vec<DomainLabel>, StorageError> {
    super::query_map(
        client,
        LABELS,
        &[&domain, &after.0, &after.1, &limit],
        domain_label,
    )
    .await
}

const OWNED_BY: &str = concat!(
    domain_label_select!(),
    "
WHERE o.hd = $1 AND o.id = $2
ORDER BY lower(l.name), l.id"
);

/// The labels a user of the domain owns.
pub async fn owned_by(
    client: &impl GenericClient,
    domain: &str,
    user: Uuid,
) -> Result<Vec<DomainLabel>, StorageError> {
    super::query_map(client, OWNED_BY, &[&domain, &user], domain_label).await
}

const OWNERS: &str = "
SELECT DISTINCT o.id, o.email FROM labels l JOIN users o ON o.id = l.owner_id
WHERE o.hd = $1 AND o.offboarded_at IS NULL
ORDER BY o.email
LIMIT $2";

/// The domain's label owners (id and address, at most `limit`): whose accounts the admin card
/// asks the Directory about, so a label whose owner left is seen.
pub async fn owners(
    client: &impl GenericClient,
    domain: &str,
    limit: i64,
) -> Result<Vec<(Uuid, String)>, StorageError> {
    super::query_map(client, OWNERS, &[&domain, &limit], |r| {
        Ok((r.try_get("id")?, r.try_get("email")?))
    })
    .await
}

/// A share of one of the domain's labels that may go against a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainShare {
    /// Share id.
    pub id: Uuid,
    /// Its label's name.
    pub label_name: String,
    /// Kind of grantee.
    pub kind: GranteeKind,
    /// Address or domain.
    pub grantee: String,
    /// Role given.
    pub role: Role,
}

const OUTSIDE_OR_DOMAIN_SHARES: &str = "
SELECT s.id, l.name, s.grantee_kind, s.grantee, s.role_rank
FROM shares s JOIN labels l ON l.id = s.label_id JOIN users o ON o.id = l.owner_id
WHERE o.hd = $1
  AND (s.grantee_kind = 'domain' OR split_part(s.grantee, '@', 2) <> $1)
ORDER BY lower(l.name), s.grantee
LIMIT $2";

/// The domain's shares a policy can concern (outside the domain, or with a whole domain), at
/// most `limit`; which of them a policy forbids is `Policy::check_share`'s to say.
pub async fn policy_candidates(
    client: &impl GenericClient,
    domain: &str,
    limit: i64,
) -> Result<Vec<DomainShare>, StorageError> {
    super::query_map(client, OUTSIDE_OR_DOMAIN_SHARES, &[&domain, &limit], |r| {
        let kind: String = r.try_get("grantee_kind")?;
        let rank: i16 = r.try_get("role_rank")?;
        Ok(DomainShare {
            id: r.try_get("id")?,
            label_name: r.try_get("name")?,
            kind: GranteeKind::parse(&kind)
                .ok_or_else(|| StorageError::Corrupt(format!("grantee kind {kind}")))?,
            grantee: r.try_get("grantee")?,
            role: Role::from_rank(rank)
                .ok_or_else(|| StorageError::Corrupt(format!("role rank {rank}")))?,
        })
    })
    .await
}

const REVOKE: &str = "
WITH gone AS (
    DELETE FROM shares s USING labels l, users o
    WHERE s.id = ANY ($2) AND l.id = s.label_id AND o.id = l.owner_id AND o.hd = $1
    RETURNING s.label_id, s.grantee, l.name, l.owner_id
)
SELECT audit($3, $4, g.owner_id, g.label_id, g.name, g.grantee, $5, $6) FROM gone g";

/// Revokes the listed shares of the domain's labels as admin `admin`, each with an audit entry
/// saying why (`reason`); how many. Shares of other domains' labels are left alone.
pub async fn revoke(
    client: &impl GenericClient,
    domain: &str,
    admin: Uuid,
    shares: &[Uuid],
    reason: &str,
) -> Result<u64, StorageError> {
    let stmt = client.prepare_cached(REVOKE).await?;
    let rows = client
        .query(
            &stmt,
            &[
                &domain,
                &shares,
                &admin,
                &AuditAction::AccessRevoked.as_str(),
                &reason,
                &Origin::AdminCard.as_str(),
            ],
        )
        .await?;
    Ok(rows.len() as u64)
}

/// What offboarding did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offboarded {
    /// Labels handed to the new owner.
    pub labels: u64,
    /// Shares revoked.
    pub shares: u64,
}

const TRANSFER_ALL: &str = "
WITH moved AS (
    UPDATE labels l SET owner_id = $3, updated_at = now(),
        name = CASE WHEN EXISTS (SELECT 1 FROM labels x WHERE x.owner_id = $3 AND lower(x.name) = lower(l.name))
                    THEN left(l.name, 55) || ' (from ' || left(f.email, 37) || ')' ELSE l.name END
    FROM users f, users t
    WHERE l.owner_id = $2 AND f.id = $2 AND f.hd = $1 AND t.id = $3 AND t.hd = $1
    RETURNING l.id, l.name, f.email AS from_email
)
SELECT m.id, audit($4, $5, $3, m.id, m.name, (SELECT email FROM users WHERE id = $3),
                   'from ' || m.from_email, $6) FROM moved m";

const DROP_RECIPIENT_SHARES: &str = "
DELETE FROM shares s WHERE s.label_id = ANY ($1) AND s.grantee_kind = 'user' AND s.user_id = $2";

const REVOKE_LEAVERS_SHARES: &str = "
WITH gone AS (
    DELETE FROM shares s USING labels l, users o, users u
    WHERE u.id = $2 AND l.id = s.label_id AND o.id = l.owner_id AND o.hd = $1
      AND s.grantee_kind = 'user' AND (s.user_id = $2 OR s.grantee = lower(u.email))
    RETURNING s.label_id, s.grantee, l.name, l.owner_id
)
SELECT audit($3, $4, g.owner_id, g.label_id, g.name, g.grantee, 'offboarded', $5) FROM gone g";

const STOP_THEIR_SYNC: &str = "
INSERT INTO sync_opt_outs (user_id, label_id, reason)
SELECT $1, a.label_id, 'offboarded' FROM label_access a WHERE a.user_id = $1
ON CONFLICT (user_id, label_id) DO UPDATE SET reason = 'offboarded'";

const MARK_OFFBOARDED: &str = "
UPDATE users SET offboarded_at = now() WHERE id = $1 AND hd = $2 RETURNING email";

/// Offboards `leaving` (a user of `domain`) as admin `admin`.
///
/// Every label they own goes to `to` (renamed when `to` already has one of that name), their direct shares on the domain's labels
/// are revoked, and every label still reaching them (a group or domain share, another domain's
/// label) leaves their Google Contacts. `None` when either user is not of the domain. Run inside
/// a transaction.
pub async fn offboard(
    tx: &deadpool_postgres::Transaction<'_>,
    domain: &str,
    admin: Uuid,
    leaving: Uuid,
    to: Uuid,
) -> Result<Option<Offboarded>, StorageError> {
    let stmt = tx.prepare_cached(MARK_OFFBOARDED).await?;
    let Some(row) = tx.query_opt(&stmt, &[&leaving, &domain]).await? else {
        return Ok(None);
    };
    let leaving_email: String = row.try_get("email")?;
    if person_of(tx, domain, to).await?.is_none() {
        return Ok(None);
    }
    let stmt = tx.prepare_cached(TRANSFER_ALL).await?;
    let moved: Vec<Uuid> = tx
        .query(
            &stmt,
            &[
                &domain,
                &leaving,
                &to,
                &admin,
                &AuditAction::OwnershipTransferred.as_str(),
                &Origin::AdminCard.as_str(),
            ],
        )
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let stmt = tx.prepare_cached(DROP_RECIPIENT_SHARES).await?;
    tx.execute(&stmt, &[&moved, &to]).await?;
    let stmt = tx.prepare_cached(REVOKE_LEAVERS_SHARES).await?;
    let shares = tx
        .query(
            &stmt,
            &[
                &domain,
                &leaving,
                &admin,
                &AuditAction::AccessRevoked.as_str(),
                &Origin::AdminCard.as_str(),
            ],
        )
        .await?
        .len() as u64;
    let stmt = tx.prepare_cached(STOP_THEIR_SYNC).await?;
    tx.execute(&stmt, &[&leaving]).await?;
    let done = Offboarded {
        labels: moved.len() as u64,
        shares,
    };
    super::audit::record(
        tx,
        &super::audit::Entry {
            action: AuditAction::UserOffboarded,
            actor: admin,
            owner: None,
            label: None,
            label_name: "",
            subject: &leaving_email,
            detail: &format!(
                "{} labels handed over, {} shares revoked",
                done.labels, done.shares
            ),
            via: Origin::AdminCard,
        },
    )
    .await?;
    Ok(Some(done))
}

const CREATE_LINK: &str = "
INSERT INTO admin_links (token_hash, user_id, domain, filters, expires_at)
VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))";

/// Stores a link's token (hashed) for `admin` of `domain` with the filters it applies, valid for
/// `ttl_secs`.
pub async fn create_link(
    client: &impl GenericClient,
    token_hash: &[u8],
    admin: Uuid,
    domain: &str,
    filter: &AuditFilter,
    ttl_secs: f64,
) -> Result<(), StorageError> {
    let filters = serde_json::to_value(filter)
        .map_err(|e| StorageError::Corrupt(format!("audit filter: {e}")))?;
    let stmt = client.prepare_cached(CREATE_LINK).await?;
    client
        .execute(&stmt, &[&token_hash, &admin, &domain, &filters, &ttl_secs])
        .await?;
    Ok(())
}

const FORGET_EXPIRED: &str = "DELETE FROM admin_links WHERE expires_at < now()";

/// Forgets links past their time (retention).
pub async fn forget_expired_links(client: &impl GenericClient) -> Result<u64, StorageError> {
    let stmt = client.prepare_cached(FORGET_EXPIRED).await?;
    Ok(client.execute(&stmt, &[]).await?)
}

const TAKE_LINK: &str = "
DELETE FROM admin_links WHERE token_hash = $1 RETURNING domain, filters, expires_at > now() AS live";

/// Uses a link once: its domain and filters while it is valid, `None` otherwise.
pub async fn take_link(
    client: &impl GenericClient,
    token_hash: &[u8],
) -> Result<Option<(String, AuditFilter)>, StorageError> {
    let stmt = client.prepare_cached(TAKE_LINK).await?;
    let Some(r) = client.query_opt(&stmt, &[&token_hash]).await? else {
        return Ok(None);
    };
    if !r.try_get::<_, bool>("live")? {
        return Ok(None);
    }
    let filters: serde_json::Value = r.try_get("filters")?;
    let filter = serde_json::from_value(filters)
        .map_err(|e| StorageError::Corrupt(format!("audit filter: {e}")))?;
    Ok(Some((r.try_get("domain")?, filter)))
}
