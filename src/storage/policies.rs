//! Workspace domains and their policies: recorded at a domain's first request, read where an
//! action they govern happens, changed by the domain's admins (with an audit entry).

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::StorageError;
use crate::domain::audit::{AuditAction, Origin};
use crate::domain::google_side::DeletionGuard;
use crate::domain::policy::{Approver, OutsideSharing, Policy};
use crate::domain::role::Role;

const RECORD_DOMAIN: &str = "
INSERT INTO workspace_domains (domain) VALUES (lower($1))
ON CONFLICT (domain) DO NOTHING
RETURNING domain";

/// Records a domain at its first request; whether it was new.
pub async fn record_domain(
    client: &impl GenericClient,
    domain: &str,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(RECORD_DOMAIN).await?;
    Ok(client.query_opt(&stmt, &[&domain]).await?.is_some())
}

const SET_LICENSE: &str = "
UPDATE workspace_domains SET license_state = $2, license_checked_at = now() WHERE domain = lower($1)";

/// Stores what the Marketplace said of the domain's license (`ACTIVE` or `UNLICENSED`).
pub async fn set_license(
    client: &impl GenericClient,
    domain: &str,
    active: bool,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SET_LICENSE).await?;
    let state = if active { "ACTIVE" } else { "UNLICENSED" };
    client.execute(&stmt, &[&domain, &state]).await?;
    Ok(())
}

/// What Sharebook knows of a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainRecord {
    /// The domain.
    pub domain: String,
    /// Its first request.
    pub first_seen_at: DateTime<Utc>,
    /// The Marketplace's answer: `Some(true)` for an admin (domain-wide) install.
    pub domain_install: Option<bool>,
    /// When the Marketplace was last asked.
    pub license_checked_at: Option<DateTime<Utc>>,
}

const GET_DOMAIN: &str = "
SELECT domain, first_seen_at, license_state, license_checked_at FROM workspace_domains WHERE domain = $1";

/// The domain's record, if it made a request yet.
pub async fn domain(
    client: &impl GenericClient,
    domain: &str,
) -> Result<Option<DomainRecord>, StorageError> {
    let stmt = client.prepare_cached(GET_DOMAIN).await?;
    let Some(r) = client.query_opt(&stmt, &[&domain]).await? else {
        return Ok(None);
    };
    let state: Option<String> = r.try_get("license_state")?;
    Ok(Some(DomainRecord {
        domain: r.try_get("domain")?,
        first_seen_at: r.try_get("first_seen_at")?,
        domain_install: state.map(|s| s == "ACTIVE"),
        license_checked_at: r.try_get("license_checked_at")?,
    }))
}

const COLUMNS: &str = "outside_sharing, outside_domains, outside_max_rank, domain_shares, guard_permille, \
     guard_at_least, held_approver, feeds_allowed";

/// The policy from a `domain_policies` row (or the defaults when there is none).
fn from_row(row: Option<&tokio_postgres::Row>) -> Result<Policy, StorageError> {
    let Some(r) = row else {
        return Ok(Policy::default());
    };
    let outside: String = r.try_get("outside_sharing")?;
    let approver: String = r.try_get("held_approver")?;
    let rank: i16 = r.try_get("outside_max_rank")?;
    let permille: i32 = r.try_get("guard_permille")?;
    let at_least: i32 = r.try_get("guard_at_least")?;
    Ok(Policy {
        outside: OutsideSharing::parse(&outside)
            .ok_or_else(|| StorageError::Corrupt(format!("outside sharing {outside}")))?,
        outside_domains: r.try_get("outside_domains")?,
        outside_max: Role::from_rank(rank)
            .ok_or_else(|| StorageError::Corrupt(format!("role rank {rank}")))?,
        domain_shares: r.try_get("domain_shares")?,
        guard: DeletionGuard::from_stored(permille, at_least),
        approver: Approver::parse(&approver)
            .ok_or_else(|| StorageError::Corrupt(format!("held approver {approver}")))?,
        feeds_allowed: r.try_get("feeds_allowed")?,
    })
}

/// The policy of `domain` (`None`: a personal account, which has the defaults).
pub async fn for_domain(
    client: &impl GenericClient,
    domain: Option<&str>,
) -> Result<Policy, StorageError> {
    let Some(domain) = domain else {
        return Ok(Policy::default());
    };
    let sql = format!("SELECT {COLUMNS} FROM domain_policies WHERE domain = lower($1)");
    let stmt = client.prepare_cached(&sql).await?;
    from_row(client.query_opt(&stmt, &[&domain]).await?.as_ref())
}

/// A label's owner's domain and that domain's policy: what governs actions on the label.
pub async fn for_label(
    client: &impl GenericClient,
    label: Uuid,
) -> Result<(Option<String>, Policy), StorageError> {
    let sql = format!(
        "SELECT o.hd AS home, {} FROM labels l JOIN users o ON o.id = l.owner_id
         LEFT JOIN domain_policies p ON p.domain = o.hd WHERE l.id = $1",
        COLUMNS
            .split(", ")
            .map(|c| format!("p.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let stmt = client.prepare_cached(&sql).await?;
    let Some(row) = client.query_opt(&stmt, &[&label]).await? else {
        return Ok((None, Policy::default()));
    };
    let home: Option<String> = row.try_get("home")?;
    let has_policy: Option<String> = row.try_get("outside_sharing")?;
    let policy = from_row(has_policy.is_some().then_some(&row))?;
    Ok((home, policy))
}

const SAVE: &str = "
INSERT INTO domain_policies (domain, outside_sharing, outside_domains, outside_max_rank, domain_shares,
    guard_permille, guard_at_least, held_approver, feeds_allowed, updated_by, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
ON CONFLICT (domain) DO UPDATE SET outside_sharing = $2, outside_domains = $3, outside_max_rank = $4,
    domain_shares = $5, guard_permille = $6, guard_at_least = $7, held_approver = $8,
    feeds_allowed = $9, updated_by = $10, updated_at = now()";

/// Saves `domain`'s policy as its admin `admin` set it, with an audit entry naming what
/// changed (`changes`). Run inside a transaction.
pub async fn save(
    tx: &deadpool_postgres::Transaction<'_>,
    domain: &str,
    admin: Uuid,
    policy: &Policy,
    changes: &str,
) -> Result<(), StorageError> {
    let stmt = tx.prepare_cached(SAVE).await?;
    let permille = policy.guard.permille();
    let at_least = i32::try_from(policy.guard.at_least).unwrap_or(i32::MAX);
    tx.execute(
        &stmt,
        &[
            &domain,
            &policy.outside.as_str(),
            &policy.outside_domains,
            &policy.outside_max.rank(),
            &policy.domain_shares,
            &permille,
            &at_least,
            &policy.approver.as_str(),
            &policy.feeds_allowed,
            &admin,
        ],
    )
    .await?;
    super::audit::record(
        tx,
        &super::audit::Entry {
            action: AuditAction::PolicyChanged,
            actor: admin,
            owner: None,
            label: None,
            label_name: "",
            subject: domain,
            detail: changes,
            via: Origin::AdminCard,
        },
    )
    .await
}
