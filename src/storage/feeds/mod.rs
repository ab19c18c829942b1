//! CRM feeds: the connection of a label to a CRM account, what its owner and members see of it,
//! and (in `runs`) the worker's side. Owner-only reads and writes are authorised in SQL.

mod runs;

pub use self::runs::{
    RunEnd, RunRecord, claim, connector_may_run, contact_live, fence, finish, next_due, parties,
    save_credentials, save_party, save_progress,
};

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::StorageError;
use crate::domain::audit::{AuditAction, Origin};
use crate::domain::contact::ContactData;
use crate::domain::permission::Action;
use crate::domain::principal::Principal;
use crate::sealed::Sealed;

/// How a feed is authorised at the CRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// A personal access token pasted by the owner.
    Token,
    /// OAuth tokens of the registered application (REST hooks possible).
    OAuth,
}

impl AuthKind {
    fn key(self) -> &'static str {
        match self {
            AuthKind::Token => "token",
            AuthKind::OAuth => "oauth",
        }
    }

    fn from_key(key: &str) -> Result<Self, StorageError> {
        match key {
            "token" => Ok(AuthKind::Token),
            "oauth" => Ok(AuthKind::OAuth),
            other => Err(StorageError::Corrupt(format!("auth kind {other:?}"))),
        }
    }
}

/// Where a feed stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedState {
    /// Connected; the owner has not chosen which parties to take yet.
    Setup,
    /// The first full read is under way.
    Importing,
    /// Reading what changed, every poll interval and on each hook.
    Live,
    /// The CRM refused the credentials (or the connector lost the label): nothing runs until the
    /// owner reconnects.
    Paused,
}

impl FeedState {
    fn from_key(key: &str) -> Result<Self, StorageError> {
        match key {
            "setup" => Ok(FeedState::Setup),
            "importing" => Ok(FeedState::Importing),
            "live" => Ok(FeedState::Live),
            "paused" => Ok(FeedState::Paused),
            other => Err(StorageError::Corrupt(format!("feed state {other:?}"))),
        }
    }
}

/// A feed as its run needs it.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The label it feeds.
    pub label_id: Uuid,
    /// The owner who connected it; the feed writes as them.
    pub connected_by: Uuid,
    /// Their address.
    pub connector_email: String,
    /// The account's address (for links back to parties).
    pub account_url: String,
    /// How it is authorised.
    pub auth: AuthKind,
    /// Its credentials, sealed.
    pub sealed: Sealed,
    /// `None`: every party; otherwise parties with one of these tags.
    pub tags: Option<Vec<String>>,
    /// Where it stands.
    pub state: FeedState,
    /// Start of the last complete read.
    pub watermark: Option<DateTime<Utc>>,
    /// First import: pages read so far.
    pub import_pages: i32,
    /// First import: when its first page was asked for (the watermark once it completes).
    pub import_started_at: Option<DateTime<Utc>>,
    /// Consecutive failed runs.
    pub failures: i32,
    /// What Capsule last said of the hourly allowance.
    pub budget: Option<crate::capsule::client::Budget>,
}

/// What the feed card shows its owner.
#[derive(Debug, Clone)]
pub struct FeedView {
    /// The CRM account's name.
    pub account_name: String,
    /// Its address.
    pub account_url: String,
    /// The CRM user whose token it is.
    pub account_user: String,
    /// Who connected it.
    pub connected_by: String,
    /// Token or OAuth.
    pub auth: AuthKind,
    /// Tags chosen (`None`: all parties).
    pub tags: Option<Vec<String>>,
    /// Where it stands.
    pub state: FeedState,
    /// Why it is paused.
    pub paused_reason: Option<String>,
    /// Last run, last good run, next run.
    pub last_run_at: Option<DateTime<Utc>>,
    /// The last run that completed.
    pub last_success_at: Option<DateTime<Utc>>,
    /// When it runs next.
    pub due_at: DateTime<Utc>,
    /// The last failure, until a run succeeds.
    pub last_error: Option<String>,
    /// First import: pages read.
    pub import_pages: i32,
    /// Whether REST hooks are subscribed (instant updates).
    pub hooks: bool,
    /// Parties in the label now.
    pub taken: i64,
    /// Parties removed from the label (deleted, restricted, lost their details, untagged).
    pub removed: i64,
    /// Parties outside the chosen tags.
    pub filtered: i64,
    /// Skipped parties by reason: how many, and a few names.
    pub skipped: Vec<SkippedGroup>,
    /// Parties that could not be identified at all, and why.
    pub unreadable: i32,
    /// The last such reason.
    pub unreadable_reason: Option<String>,
    /// Requests made to the CRM, in all.
    pub requests: i64,
}

/// Skipped parties sharing a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedGroup {
    /// The reason.
    pub reason: String,
    /// How many.
    pub count: i64,
    /// A few of their names.
    pub names: Vec<String>,
}

/// What every member of a label sees of its feed (one line on the label card).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedBadge {
    /// The CRM account's name.
    pub account_name: String,
    /// Where it stands.
    pub state: FeedState,
    /// First import: pages read.
    pub import_pages: i32,
    /// Parties in the label from the CRM.
    pub taken: i64,
    /// The last run that completed.
    pub last_success_at: Option<DateTime<Utc>>,
}

/// What the feed last did with one party.
#[derive(Debug, Clone)]
pub struct PartyRecord {
    /// The label's contact for it.
    pub contact_id: Option<Uuid>,
    /// What the CRM last sent.
    pub sent: Option<ContactData>,
    /// `taken`, `skipped`, `filtered` or `removed`.
    pub status: String,
}

/// A new connection's details.
pub struct Connection<'a> {
    /// The CRM account's name.
    pub account_name: &'a str,
    /// Its address.
    pub account_url: &'a str,
    /// The CRM user whose token it is.
    pub account_user: &'a str,
    /// Token or OAuth.
    pub auth: AuthKind,
    /// The credentials, sealed for this label.
    pub sealed: &'a Sealed,
}

const CONNECT: &str = "
WITH connected AS (
INSERT INTO crm_feeds (label_id, connected_by, account_name, account_url, account_user, auth_kind,
                       secret_key_id, secret, state, due_at)
SELECT $1, $2, $5, $6, $7, $8, $9, $10, 'setup', now()
WHERE label_role($1, $2, $3) >= $4
ON CONFLICT (label_id) DO UPDATE SET
    connected_by = EXCLUDED.connected_by, account_name = EXCLUDED.account_name,
    account_url = EXCLUDED.account_url, account_user = EXCLUDED.account_user,
    auth_kind = EXCLUDED.auth_kind, secret_key_id = EXCLUDED.secret_key_id, secret = EXCLUDED.secret,
    -- Reconnecting a paused feed resumes it where it was; a new account starts over.
    state = CASE WHEN crm_feeds.account_url = EXCLUDED.account_url AND crm_feeds.state = 'paused'
                 THEN CASE WHEN crm_feeds.watermark IS NULL THEN 'importing' ELSE 'live' END
                 WHEN crm_feeds.account_url = EXCLUDED.account_url THEN crm_feeds.state
                 ELSE 'setup' END,
    watermark = CASE WHEN crm_feeds.account_url = EXCLUDED.account_url THEN crm_feeds.watermark END,
    import_pages = CASE WHEN crm_feeds.account_url = EXCLUDED.account_url THEN crm_feeds.import_pages ELSE 0 END,
    paused_reason = NULL, failures = 0, last_error = NULL, due_at = now(), hinted_at = now()
RETURNING label_id, state
)
SELECT c.state, audit($2, $11, l.owner_id, l.id, l.name, $5, $6, $12)
FROM connected c JOIN labels l ON l.id = c.label_id";

/// Connects (or reconnects) the label to a CRM account, if the caller owns it, with its audit
/// entry.
///
/// Returns the feed's state: `Setup` until the owner chooses the parties; a paused feed reconnected to the
/// same account resumes.
pub async fn connect(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    c: &Connection<'_>,
) -> Result<Option<FeedState>, StorageError> {
    let stmt = client.prepare_cached(CONNECT).await?;
    let row = client
        .query_opt(
            &stmt,
            &[
                &label,
                &who.user_id,
                &who.groups,
                &Action::ManageFeed.min_rank(),
                &c.account_name,
                &c.account_url,
                &c.account_user,
                &c.auth.key(),
                &c.sealed.key_id,
                &c.sealed.bytes,
                &AuditAction::FeedConnected.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await
        .map_err(StorageError::classify)?;
    row.map(|r| FeedState::from_key(r.try_get("state")?))
        .transpose()
}

const CHOOSE: &str = "
UPDATE crm_feeds f SET tags = $5,
    -- New tags mean another set of parties: everything is read again.
    state = CASE WHEN f.state = 'paused' THEN 'paused'
                 WHEN f.state = 'setup' OR f.tags IS DISTINCT FROM $5 THEN 'importing'
                 ELSE f.state END,
    import_pages = CASE WHEN f.state = 'setup' OR f.tags IS DISTINCT FROM $5 THEN 0 ELSE f.import_pages END,
    import_started_at = CASE WHEN f.state = 'setup' OR f.tags IS DISTINCT FROM $5 THEN NULL
                             ELSE f.import_started_at END,
    due_at = now(), hinted_at = now()
WHERE f.label_id = $1 AND label_role($1, $2, $3) >= $4
RETURNING f.state";

/// Sets which parties the feed takes (`None`: all), if the caller owns the label.
pub async fn choose(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    tags: Option<&[String]>,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(CHOOSE).await?;
    let tags: Option<Vec<String>> = tags.map(<[String]>::to_vec);
    let rank = Action::ManageFeed.min_rank();
    let mut params = super::acting_on(&label, who, &rank).to_vec();
    params.push(&tags);
    Ok(client.query_opt(&stmt, &params).await?.is_some())
}

const SYNC_NOW: &str = "
UPDATE crm_feeds SET due_at = now(), hinted_at = now()
WHERE label_id = $1 AND state IN ('importing', 'live') AND label_role($1, $2, $3) >= $4";

/// Asks for a run now, if the caller owns the label; whether there is a running feed.
pub async fn sync_now(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(SYNC_NOW).await?;
    Ok(client
        .execute(
            &stmt,
            &super::acting_on(&label, who, &Action::ManageFeed.min_rank()),
        )
        .await?
        > 0)
}

const DISCONNECT: &str = "
WITH gone AS (
    DELETE FROM crm_feeds WHERE label_id = $1 AND label_role($1, $2, $3) >= $4
    RETURNING label_id, account_name, account_url, secret_key_id, secret, hook_ids
)
SELECT g.secret_key_id, g.secret, g.hook_ids,
       audit($2, $5, l.owner_id, l.id, l.name, g.account_name, g.account_url, $6)
FROM gone g JOIN labels l ON l.id = g.label_id";

/// Deletes the connection and its credentials, if the caller owns the label.
///
/// The contacts stay
/// in the label, no longer fed; recorded in the audit log. Returns the credentials and hook ids,
/// to unsubscribe the hooks.
pub async fn disconnect(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Option<(Sealed, Vec<i64>)>, StorageError> {
    let stmt = client.prepare_cached(DISCONNECT).await?;
    let rank = Action::ManageFeed.min_rank();
    let [a, b, c, d] = super::acting_on(&label, who, &rank);
    client
        .query_opt(
            &stmt,
            &[
                a,
                b,
                c,
                d,
                &AuditAction::FeedDisconnected.as_str(),
                &Origin::SidePanel.as_str(),
            ],
        )
        .await?
        .map(|r| {
            Ok((
                Sealed {
                    key_id: r.try_get("secret_key_id")?,
                    bytes: r.try_get("secret")?,
                },
                r.try_get("hook_ids")?,
            ))
        })
        .transpose()
}

const VIEW: &str = "
SELECT f.account_name, f.account_url, f.account_user, u.email AS connected_by, f.auth_kind, f.tags,
       f.state, f.paused_reason, f.last_run_at, f.last_success_at, f.due_at, f.last_error,
       f.import_pages, cardinality(f.hook_ids) > 0 AS hooks, f.unreadable, f.unreadable_reason,
       f.requests,
       (SELECT count(*) FROM crm_parties p WHERE p.label_id = f.label_id AND p.status = 'taken') AS taken,
       (SELECT count(*) FROM crm_parties p WHERE p.label_id = f.label_id AND p.status = 'removed') AS removed,
       (SELECT count(*) FROM crm_parties p WHERE p.label_id = f.label_id AND p.status = 'filtered') AS filtered
FROM crm_feeds f JOIN users u ON u.id = f.connected_by
WHERE f.label_id = $1 AND label_role($1, $2, $3) >= $4";

const SKIPPED: &str = "
SELECT p.reason, count(*) AS n, (array_agg(p.name ORDER BY p.name))[1:5] AS names
FROM crm_parties p
WHERE p.label_id = $1 AND p.status = 'skipped' AND label_role($1, $2, $3) >= $4
GROUP BY p.reason ORDER BY n DESC, p.reason";

/// The feed card's figures, for the label's owner only.
pub async fn view(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Option<FeedView>, StorageError> {
    let rank = Action::ManageFeed.min_rank();
    let params = super::acting_on(&label, who, &rank);
    let stmt = client.prepare_cached(VIEW).await?;
    let Some(r) = client.query_opt(&stmt, &params).await? else {
        return Ok(None);
    };
    let stmt = client.prepare_cached(SKIPPED).await?;
    let skipped = client
        .query(&stmt, &params)
        .await?
        .iter()
        .map(|s| {
            Ok(SkippedGroup {
                reason: s
                    .try_get::<_, Option<String>>("reason")?
                    .unwrap_or_default(),
                count: s.try_get("n")?,
                names: s.try_get("names")?,
            })
        })
        .collect::<Result<_, StorageError>>()?;
    Ok(Some(FeedView {
        account_name: r.try_get("account_name")?,
        account_url: r.try_get("account_url")?,
        account_user: r.try_get("account_user")?,
        connected_by: r.try_get("connected_by")?,
        auth: AuthKind::from_key(r.try_get("auth_kind")?)?,
        tags: r.try_get("tags")?,
        state: FeedState::from_key(r.try_get("state")?)?,
        paused_reason: r.try_get("paused_reason")?,
        last_run_at: r.try_get("last_run_at")?,
        last_success_at: r.try_get("last_success_at")?,
        due_at: r.try_get("due_at")?,
        last_error: r.try_get("last_error")?,
        import_pages: r.try_get("import_pages")?,
        hooks: r.try_get("hooks")?,
        taken: r.try_get("taken")?,
        removed: r.try_get("removed")?,
        filtered: r.try_get("filtered")?,
        skipped,
        unreadable: r.try_get("unreadable")?,
        unreadable_reason: r.try_get("unreadable_reason")?,
        requests: r.try_get("requests")?,
    }))
}

const BADGE: &str = "
SELECT f.account_name, f.state, f.import_pages, f.last_success_at,
       (SELECT count(*) FROM crm_parties p WHERE p.label_id = f.label_id AND p.status = 'taken') AS taken
FROM crm_feeds f
WHERE f.label_id = $1 AND f.state <> 'setup' AND label_role($1, $2, $3) >= $4";

/// The label card's line about its feed, for anyone who may see the label.
pub async fn badge(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Option<FeedBadge>, StorageError> {
    let stmt = client.prepare_cached(BADGE).await?;
    client
        .query_opt(
            &stmt,
            &super::acting_on(&label, who, &Action::View.min_rank()),
        )
        .await?
        .map(|r| {
            Ok(FeedBadge {
                account_name: r.try_get("account_name")?,
                state: FeedState::from_key(r.try_get("state")?)?,
                import_pages: r.try_get("import_pages")?,
                taken: r.try_get("taken")?,
                last_success_at: r.try_get("last_success_at")?,
            })
        })
        .transpose()
}

const SOURCE: &str = "
SELECT f.account_name, p.party_id IS NOT NULL AS from_crm
FROM contacts c
JOIN crm_feeds f ON f.label_id = c.label_id
LEFT JOIN crm_parties p ON p.contact_id = c.id AND p.status = 'taken'
WHERE c.id = $1 AND label_role(c.label_id, $2, $3) >= $4";

/// For a contact of a fed label: the CRM account's name, and whether the contact comes from it
/// (`false`: a member added it by hand). `None` for a label without a feed.
pub async fn source(
    client: &impl GenericClient,
    contact: Uuid,
    who: &Principal,
) -> Result<Option<(String, bool)>, StorageError> {
    let stmt = client.prepare_cached(SOURCE).await?;
    client
        .query_opt(
            &stmt,
            &super::acting_on(&contact, who, &Action::View.min_rank()),
        )
        .await?
        .map(|r| Ok((r.try_get("account_name")?, r.try_get("from_crm")?)))
        .transpose()
}

const HINT: &str = "
UPDATE crm_feeds SET due_at = now(), hinted_at = now()
WHERE hook_secret_hash = $1 AND state IN ('importing', 'live')";

/// A hook arrived for the feed whose URL secret hashes to `hash`: it runs again now. Whether
/// one matched.
pub async fn hint(client: &impl GenericClient, hash: &[u8]) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(HINT).await?;
    Ok(client.execute(&stmt, &[&hash]).await? > 0)
}

const SET_HOOKS: &str = "
UPDATE crm_feeds SET hook_secret_hash = $2, hook_ids = $3 WHERE label_id = $1";

/// Records the REST hooks subscribed for a feed (none: `hash` `None`, `ids` empty).
pub async fn set_hooks(
    client: &impl GenericClient,
    label: Uuid,
    hash: Option<&[u8]>,
    ids: &[i64],
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SET_HOOKS).await?;
    client.execute(&stmt, &[&label, &hash, &ids]).await?;
    Ok(())
}

const OAUTH_STATE: &str = "
INSERT INTO crm_oauth_states (state_hash, label_id, user_id, expires_at)
SELECT $5, $1, $2, now() + interval '10 minutes'
WHERE label_role($1, $2, $3) >= $4";

// Sign-ins never finished leave their state behind; each new one clears the expired.
const FORGET_OLD_STATES: &str = "DELETE FROM crm_oauth_states WHERE expires_at < now()";

/// Remembers an OAuth `state` (its hash) for the owner connecting `label`; `false` when the
/// caller does not own it.
pub async fn begin_oauth(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    state_hash: &[u8],
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(FORGET_OLD_STATES).await?;
    client.execute(&stmt, &[]).await?;
    let stmt = client.prepare_cached(OAUTH_STATE).await?;
    let rank = Action::ManageFeed.min_rank();
    let mut params = super::acting_on(&label, who, &rank).to_vec();
    params.push(&state_hash);
    Ok(client.execute(&stmt, &params).await? > 0)
}

const TAKE_OAUTH_STATE: &str = "
DELETE FROM crm_oauth_states s USING users u
WHERE s.state_hash = $1 AND u.id = s.user_id
RETURNING s.label_id, s.user_id, u.email, s.expires_at > now() AS fresh";

/// Uses up an OAuth `state`: the label and the user who began, if it existed and is fresh.
pub async fn take_oauth(
    client: &impl GenericClient,
    state_hash: &[u8],
) -> Result<Option<(Uuid, Uuid, String)>, StorageError> {
    let stmt = client.prepare_cached(TAKE_OAUTH_STATE).await?;
    let Some(r) = client.query_opt(&stmt, &[&state_hash]).await? else {
        return Ok(None);
    };
    if !r.try_get::<_, bool>("fresh")? {
        return Ok(None);
    }
    Ok(Some((
        r.try_get("label_id")?,
        r.try_get("user_id")?,
        r.try_get("email")?,
    )))
}

const SEALED_OF: &str = "
SELECT secret_key_id, secret FROM crm_feeds WHERE label_id = $1 AND label_role($1, $2, $3) >= $4";

/// A feed's sealed credentials, for its owner only.
pub async fn sealed_of(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Option<Sealed>, StorageError> {
    let stmt = client.prepare_cached(SEALED_OF).await?;
    client
        .query_opt(
            &stmt,
            &super::acting_on(&label, who, &Action::ManageFeed.min_rank()),
        )
        .await?
        .map(|r| {
            Ok(Sealed {
                key_id: r.try_get("secret_key_id")?,
                bytes: r.try_get("secret")?,
            })
        })
        .transpose()
}
