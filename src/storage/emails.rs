//! The email outbox: what requests and triggers ask to be told, the worker's claims on it, and
//! each user's language and the kinds of email they switched off.
//!
//! Rows are written in the transaction of the action they tell of (held deletions and paused
//! feeds by triggers of V20), and sent later by `notify`.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use serde_json::Value;
use uuid::Uuid;

use super::StorageError;
use crate::domain::email::EmailKind;
use crate::domain::permission::Action;

const SET_LANG: &str = "UPDATE users SET lang = $2 WHERE id = $1 AND lang IS DISTINCT FROM $2";

/// Records the language `user` used Sharebook in last: their emails are written in it.
pub async fn set_lang(
    client: &impl GenericClient,
    user: Uuid,
    lang: &str,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SET_LANG).await?;
    client.execute(&stmt, &[&user, &lang]).await?;
    Ok(())
}

const OPT_OUTS: &str = "SELECT kind FROM email_opt_outs WHERE user_id = $1";

/// The kinds of email `user` switched off.
pub async fn opt_outs(
    client: &impl GenericClient,
    user: Uuid,
) -> Result<Vec<EmailKind>, StorageError> {
    let stmt = client.prepare_cached(OPT_OUTS).await?;
    client
        .query(&stmt, &[&user])
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            EmailKind::parse(&kind).ok_or(StorageError::Corrupt(kind))
        })
        .collect()
}

const SAVE_OPT_OUTS: &str = "
WITH gone AS (
    DELETE FROM email_opt_outs WHERE user_id = $1 AND kind <> ALL ($2)
)
INSERT INTO email_opt_outs (user_id, kind)
SELECT $1, k FROM unnest($2::text[]) k
ON CONFLICT DO NOTHING";

/// Switches off exactly the kinds in `off` for `user` (the others on).
pub async fn save_opt_outs(
    client: &impl GenericClient,
    user: Uuid,
    off: &[EmailKind],
) -> Result<(), StorageError> {
    let kinds: Vec<&str> = off.iter().map(|k| k.as_str()).collect();
    let stmt = client.prepare_cached(SAVE_OPT_OUTS).await?;
    client.execute(&stmt, &[&user, &kinds]).await?;
    Ok(())
}

const ENQUEUE: &str = "
INSERT INTO email_outbox (kind, recipient, sender_id, label_id, payload, lang, due_at)
SELECT $1, lower(r), $3, $4, $5, $6, now() + make_interval(secs => $7)
FROM unnest($2::text[]) r
WHERE lower(r) <> (SELECT lower(email) FROM users WHERE id = $3)";

/// What to tell, to whom, on whose behalf.
#[derive(Debug, Clone)]
pub struct NewEmail<'a> {
    /// The kind.
    pub kind: EmailKind,
    /// The addresses told (never the sender themself).
    pub recipients: &'a [String],
    /// Whose action it tells of.
    pub sender: Uuid,
    /// The label it is about.
    pub label: Uuid,
    /// The rest of what it says.
    pub payload: Value,
    /// The sender's language, for recipients who never used Sharebook.
    pub lang: &'a str,
    /// Seconds to wait for more of the same news (a burst becomes one email).
    pub gather_secs: f64,
}

/// Queues an email to each recipient, in the caller's transaction.
pub async fn enqueue(client: &impl GenericClient, e: &NewEmail<'_>) -> Result<u64, StorageError> {
    let stmt = client.prepare_cached(ENQUEUE).await?;
    Ok(client
        .execute(
            &stmt,
            &[
                &e.kind.as_str(),
                &e.recipients,
                &e.sender,
                &e.label,
                &e.payload,
                &e.lang,
                &e.gather_secs,
            ],
        )
        .await?)
}

const MAY_SEE: &str = "
SELECT e FROM unnest($2::text[]) e
WHERE EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = e AND label_role($1, u.id, $3) >= $4)
   OR EXISTS (SELECT 1 FROM shares s WHERE s.label_id = $1
              AND ((s.grantee_kind = 'user' AND s.grantee = e)
                OR (s.grantee_kind = 'domain' AND s.grantee = split_part(e, '@', 2))
                OR (s.grantee_kind = 'group' AND s.grantee = ANY ($3))))
   OR EXISTS (SELECT 1 FROM labels l JOIN users o ON o.id = l.owner_id
              WHERE l.id = $1 AND lower(o.email) = e)";

/// Which of `emails` (lower-cased) may see `label`.
///
/// Members with a role, people a pending share names, a domain share's people, and members of
/// `groups` (the Google Groups of these addresses, when the caller could ask the Directory).
pub async fn may_see(
    client: &impl GenericClient,
    label: Uuid,
    emails: &[String],
    groups: &[String],
) -> Result<Vec<String>, StorageError> {
    let stmt = client.prepare_cached(MAY_SEE).await?;
    Ok(client
        .query(&stmt, &[&label, &emails, &groups, &Action::View.min_rank()])
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?)
}

const GROUP_GRANTEES: &str =
    "SELECT grantee FROM shares WHERE label_id = $1 AND grantee_kind = 'group' ORDER BY grantee";

/// The Google Groups `label` is shared with (only then is the Directory worth asking).
pub async fn group_grantees(
    client: &impl GenericClient,
    label: Uuid,
) -> Result<Vec<String>, StorageError> {
    let stmt = client.prepare_cached(GROUP_GRANTEES).await?;
    Ok(client
        .query(&stmt, &[&label])
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?)
}

/// One queued row, claimed for sending.
#[derive(Debug, Clone)]
pub struct Queued {
    /// Row id.
    pub id: i64,
    /// What it tells of.
    pub kind: EmailKind,
    /// To whom.
    pub recipient: String,
    /// On whose behalf.
    pub sender: Option<Uuid>,
    /// The label, when it still exists.
    pub label: Option<Uuid>,
    /// The rest.
    pub payload: Value,
    /// The sender's language.
    pub lang: String,
    /// Attempts so far, this one included.
    pub attempts: i32,
    /// When it was asked for.
    pub created_at: DateTime<Utc>,
}

const CLAIM: &str = "
WITH due AS (
    SELECT recipient, kind, sender_id FROM email_outbox
    WHERE sent_at IS NULL AND dropped IS NULL AND due_at <= now()
      AND (claimed_until IS NULL OR claimed_until < now())
    ORDER BY due_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), grp AS (
    SELECT DISTINCT recipient, kind, sender_id FROM due
)
UPDATE email_outbox o
SET claimed_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
FROM grp
WHERE o.recipient = grp.recipient AND o.kind = grp.kind
  AND o.sender_id IS NOT DISTINCT FROM grp.sender_id
  AND o.sent_at IS NULL AND o.dropped IS NULL
  AND (o.claimed_until IS NULL OR o.claimed_until < now())
RETURNING o.id, o.kind, o.recipient, o.sender_id, o.label_id, o.payload, o.lang, o.attempts,
          o.created_at";

/// Claims the due emails (at most `limit` due rows, with every other unsent row of the same
/// recipient, kind and sender: one email each) for `lease_secs`. Several workers claim apart.
pub async fn claim(
    client: &impl GenericClient,
    limit: i64,
    lease_secs: f64,
) -> Result<Vec<Queued>, StorageError> {
    let stmt = client.prepare_cached(CLAIM).await?;
    client
        .query(&stmt, &[&limit, &lease_secs])
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(Queued {
                id: r.try_get("id")?,
                kind: EmailKind::parse(&kind).ok_or(StorageError::Corrupt(kind))?,
                recipient: r.try_get("recipient")?,
                sender: r.try_get("sender_id")?,
                label: r.try_get("label_id")?,
                payload: r.try_get("payload")?,
                lang: r.try_get("lang")?,
                attempts: r.try_get("attempts")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// What the worker needs to know of a recipient.
#[derive(Debug, Clone, Default)]
pub struct Recipient {
    /// The language they last used Sharebook in, if they did.
    pub lang: Option<String>,
    /// Whether they switched this kind off.
    pub opted_out: bool,
    /// Whether they ever opened Sharebook.
    pub known: bool,
}

const RECIPIENT: &str = "
SELECT u.lang, EXISTS (SELECT 1 FROM email_opt_outs x WHERE x.user_id = u.id AND x.kind = $2)
       AS opted_out
FROM users u WHERE lower(u.email) = $1
ORDER BY u.updated_at DESC LIMIT 1";

/// The recipient's language and whether they switched `kind` off.
pub async fn recipient(
    client: &impl GenericClient,
    email: &str,
    kind: EmailKind,
) -> Result<Recipient, StorageError> {
    let stmt = client.prepare_cached(RECIPIENT).await?;
    Ok(
        match client.query_opt(&stmt, &[&email, &kind.as_str()]).await? {
            None => Recipient::default(),
            Some(r) => Recipient {
                lang: r.try_get("lang")?,
                opted_out: r.try_get("opted_out")?,
                known: true,
            },
        },
    )
}

/// A label as an email names it.
#[derive(Debug, Clone)]
pub struct LabelFacts {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Contacts in it now.
    pub contacts: i64,
    /// The owner's address.
    pub owner: String,
}

const LABELS: &str = "
SELECT l.id, l.name, o.email AS owner,
       (SELECT count(*) FROM contacts c WHERE c.label_id = l.id AND c.deleted_at IS NULL) AS contacts
FROM labels l JOIN users o ON o.id = l.owner_id
WHERE l.id = ANY ($1)";

/// The labels `ids` that still exist.
pub async fn labels(
    client: &impl GenericClient,
    ids: &[Uuid],
) -> Result<Vec<LabelFacts>, StorageError> {
    let stmt = client.prepare_cached(LABELS).await?;
    client
        .query(&stmt, &[&ids])
        .await?
        .iter()
        .map(|r| {
            Ok(LabelFacts {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                contacts: r.try_get("contacts")?,
                owner: r.try_get("owner")?,
            })
        })
        .collect()
}

const SENDER: &str = "SELECT email FROM users WHERE id = $1";

/// The address of user `id`.
pub async fn email_of(
    client: &impl GenericClient,
    id: Uuid,
) -> Result<Option<String>, StorageError> {
    let stmt = client.prepare_cached(SENDER).await?;
    Ok(client
        .query_opt(&stmt, &[&id])
        .await?
        .map(|r| r.try_get(0))
        .transpose()?)
}

const SENT: &str =
    "UPDATE email_outbox SET sent_at = now(), claimed_until = NULL, last_error = NULL
WHERE id = ANY ($1)";

/// Marks rows as sent.
pub async fn mark_sent(client: &impl GenericClient, ids: &[i64]) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(SENT).await?;
    client.execute(&stmt, &[&ids]).await?;
    Ok(())
}

const DROPPED: &str = "UPDATE email_outbox SET dropped = $2, claimed_until = NULL, last_error = $3
WHERE id = ANY ($1)";

/// Marks rows as not to be sent: `opted_out`, `nobody` (the label is gone) or `failed`.
pub async fn mark_dropped(
    client: &impl GenericClient,
    ids: &[i64],
    why: &str,
    error: Option<&str>,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(DROPPED).await?;
    client.execute(&stmt, &[&ids, &why, &error]).await?;
    Ok(())
}

const RETRY: &str = "UPDATE email_outbox
SET claimed_until = NULL, last_error = $2, due_at = now() + make_interval(secs => $3)
WHERE id = ANY ($1)";

/// Puts rows back for another attempt in `after_secs`.
pub async fn retry_later(
    client: &impl GenericClient,
    ids: &[i64],
    error: &str,
    after_secs: f64,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(RETRY).await?;
    client.execute(&stmt, &[&ids, &error, &after_secs]).await?;
    Ok(())
}

const PRUNE: &str = "DELETE FROM email_outbox
WHERE (sent_at IS NOT NULL OR dropped IS NOT NULL) AND created_at < now() - make_interval(days => $1)";

/// Forgets emails sent or dropped more than `days` ago.
pub async fn prune(client: &impl GenericClient, days: i32) -> Result<u64, StorageError> {
    let stmt = client.prepare_cached(PRUNE).await?;
    Ok(client.execute(&stmt, &[&days]).await?)
}
