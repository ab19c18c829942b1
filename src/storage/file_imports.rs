//! Files in and out of a label: single-use links, and imports with their rows.
//!
//! Imports are staged for a preview, applied by a worker and undone as a whole. Every read and
//! write checks the caller's role on the label in SQL.

use deadpool_postgres::GenericClient;
use serde_json::json;
use uuid::Uuid;

use super::StorageError;
use crate::domain::contact::ContactData;
use crate::domain::file_import::OnMatch;
use crate::domain::message::{Msg, MsgArg};
use crate::domain::permission::Action;
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::files::{Format, Row};

/// What a link was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The page that takes a file for a label.
    Upload,
    /// A label's export.
    Export,
}

impl Purpose {
    fn key(self) -> &'static str {
        match self {
            Purpose::Upload => "upload",
            Purpose::Export => "export",
        }
    }
}

/// A live link: who it is for, which label, and (an export) in what format.
#[derive(Debug, Clone)]
pub struct Link {
    /// The user the link was made for, with the groups they had then.
    pub who: Principal,
    /// The label.
    pub label_id: Uuid,
    /// The export's format.
    pub format: Option<Format>,
    /// The user's language when they made it.
    pub lang: String,
}

const CREATE_LINK: &str = "
INSERT INTO file_links (digest, purpose, user_id, label_id, format, groups, lang, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))";

/// Stores a link's digest for `who` and `label`, valid for `ttl_secs`.
#[allow(clippy::too_many_arguments)]
pub async fn create_link(
    client: &impl GenericClient,
    digest: &[u8],
    purpose: Purpose,
    who: &Principal,
    label: Uuid,
    format: Option<Format>,
    lang: &str,
    ttl_secs: f64,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(CREATE_LINK).await?;
    client
        .execute(
            &stmt,
            &[
                &digest,
                &purpose.key(),
                &who.user_id,
                &label,
                &format.map(Format::key),
                &who.groups,
                &lang,
                &ttl_secs,
            ],
        )
        .await?;
    Ok(())
}

fn link_from(r: &tokio_postgres::Row) -> Result<Link, StorageError> {
    let format: Option<String> = r.try_get("format")?;
    Ok(Link {
        who: Principal {
            user_id: r.try_get("user_id")?,
            email: r.try_get("email")?,
            domain: None,
            groups: r.try_get("groups")?,
        },
        label_id: r.try_get("label_id")?,
        format: format.as_deref().and_then(Format::from_key),
        lang: r.try_get("lang")?,
    })
}

const PEEK_LINK: &str = "
SELECT k.user_id, u.email, k.label_id, k.format, k.groups, k.lang
FROM file_links k JOIN users u ON u.id = k.user_id
WHERE k.digest = $1 AND k.purpose = $2 AND k.expires_at > now()";

/// The link, if it is live, without using it up (the upload page shows its form first).
pub async fn peek_link(
    client: &impl GenericClient,
    digest: &[u8],
    purpose: Purpose,
) -> Result<Option<Link>, StorageError> {
    query_link(client, PEEK_LINK, digest, purpose).await
}

async fn query_link(
    client: &impl GenericClient,
    sql: &str,
    digest: &[u8],
    purpose: Purpose,
) -> Result<Option<Link>, StorageError> {
    let stmt = client.prepare_cached(sql).await?;
    client
        .query_opt(&stmt, &[&digest, &purpose.key()])
        .await?
        .as_ref()
        .map(link_from)
        .transpose()
}

const TAKE_LINK: &str = "
WITH taken AS (DELETE FROM file_links WHERE digest = $1 AND purpose = $2 RETURNING *)
SELECT t.user_id, u.email, t.label_id, t.format, t.groups, t.lang
FROM taken t JOIN users u ON u.id = t.user_id
WHERE t.expires_at > now()";

/// Uses the link up: it is returned once, while it is live.
pub async fn take_link(
    client: &impl GenericClient,
    digest: &[u8],
    purpose: Purpose,
) -> Result<Option<Link>, StorageError> {
    query_link(client, TAKE_LINK, digest, purpose).await
}

const FORGET_EXPIRED: &str = "DELETE FROM file_links WHERE expires_at < now()";

/// Forgets links past their time (retention).
pub async fn forget_expired_links(client: &impl GenericClient) -> Result<u64, StorageError> {
    let stmt = client.prepare_cached(FORGET_EXPIRED).await?;
    Ok(client.execute(&stmt, &[]).await?)
}

const STAGE: &str = "
INSERT INTO file_imports (id, label_id, user_id, groups, file_name, format, total)
SELECT $1, $2, $3, $4, $5, $6, $7
WHERE label_role($2, $3, $4) >= $8
RETURNING id";

const STAGE_ROWS: &str = "
INSERT INTO file_import_rows (import_id, line, dup_of, data, rejected, email_keys, phone_keys)
SELECT $1, r.line, r.dup_of, r.data, r.rejected,
       ARRAY(SELECT lower(e) FROM jsonb_array_elements_text(r.data -> 'emails') e),
       phone_keys(ARRAY(SELECT jsonb_array_elements_text(r.data -> 'phones')))
FROM unnest($2::int4[], $3::int4[], $4::jsonb[], $5::jsonb[]) AS r (line, dup_of, data, rejected)";

/// Rows written per statement when a file is staged.
const STAGE_CHUNK: usize = 2_000;

/// A rejection as stored: the field, the catalogue id and its variables.
fn rejection_json(field: Option<&str>, why: &Msg) -> serde_json::Value {
    let args: serde_json::Map<String, serde_json::Value> = why
        .args
        .iter()
        .map(|(k, v)| {
            let v = match v {
                MsgArg::Text(s) => json!(s),
                MsgArg::Num(n) => json!(n),
                MsgArg::Id(id) => json!({ "id": id }),
            };
            ((*k).to_owned(), v)
        })
        .collect();
    json!({ "field": field, "id": why.id, "args": args })
}

/// Stages a file read for `who`'s preview: the import and every row, with the earlier row of the
/// same person noted. `None` if `who` may not add contacts to `label`. Run in a transaction.
pub async fn stage(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    file_name: &str,
    format: Format,
    rows: &[Row],
) -> Result<Option<Uuid>, StorageError> {
    let id = Uuid::new_v4();
    let total = i32::try_from(rows.len()).unwrap_or(i32::MAX);
    let stmt = client.prepare_cached(STAGE).await?;
    let staged = client
        .query_opt(
            &stmt,
            &[
                &id,
                &label,
                &who.user_id,
                &who.groups,
                &file_name,
                &format.key(),
                &total,
                &Action::AddContact.min_rank(),
            ],
        )
        .await?;
    if staged.is_none() {
        return Ok(None);
    }
    let dups = crate::domain::file_import::same_person_as_earlier(rows);
    let stmt = client.prepare_cached(STAGE_ROWS).await?;
    for (chunk, dup_chunk) in rows.chunks(STAGE_CHUNK).zip(dups.chunks(STAGE_CHUNK)) {
        let mut lines = Vec::with_capacity(chunk.len());
        let mut data = Vec::with_capacity(chunk.len());
        let mut rejected = Vec::with_capacity(chunk.len());
        for r in chunk {
            lines.push(i32::try_from(r.line).unwrap_or(i32::MAX));
            match &r.outcome {
                Ok(c) => {
                    data.push(Some(json!(c)));
                    rejected.push(None);
                }
                Err(e) => {
                    data.push(None);
                    rejected.push(Some(rejection_json(e.field.map(|f| f.key()), &e.why)));
                }
            }
        }
        let dup_of: Vec<Option<i32>> = dup_chunk
            .iter()
            .map(|d| d.and_then(|l| i32::try_from(l).ok()))
            .collect();
        client
            .execute(&stmt, &[&id, &lines, &dup_of, &data, &rejected])
            .await?;
    }
    Ok(Some(id))
}

/// An import as its preview and the label card show it.
#[derive(Debug, Clone)]
pub struct ImportView {
    /// Its id.
    pub id: Uuid,
    /// Its label.
    pub label_id: Uuid,
    /// The label's name.
    pub label_name: String,
    /// Whether the caller made it.
    pub mine: bool,
    /// Who made it.
    pub importer: String,
    /// The file's name.
    pub file_name: String,
    /// What the file was.
    pub format: Format,
    /// `preview`, `queued`, `done`, `cancelled`, `undone` or `failed`.
    pub state: String,
    /// The choice for matches, once confirmed.
    pub on_match: Option<OnMatch>,
    /// Rows in the file.
    pub total: i64,
    /// Rows applied so far.
    pub done: i64,
    /// Contacts made, changed, and rows left alone.
    pub created: i64,
    /// See `created`.
    pub updated: i64,
    /// See `created`.
    pub skipped: i64,
    /// Why it stopped, if it failed (a catalogue id).
    pub error: Option<String>,
    /// The caller's role on the label.
    pub role: Role,
}

const VIEW_COLUMNS: &str = "
    i.id, i.label_id, l.name AS label_name, i.user_id = $2 AS mine, u.email AS importer, i.file_name,
    i.format, i.state, i.on_match, i.total::int8 AS total, i.done::int8 AS done,
    i.created::int8 AS created, i.updated::int8 AS updated, i.skipped::int8 AS skipped, i.error";

fn view_from(r: &tokio_postgres::Row) -> Result<ImportView, StorageError> {
    let format: String = r.try_get("format")?;
    let on_match: Option<String> = r.try_get("on_match")?;
    let rank: i16 = r.try_get("rank")?;
    Ok(ImportView {
        id: r.try_get("id")?,
        label_id: r.try_get("label_id")?,
        label_name: r.try_get("label_name")?,
        mine: r.try_get("mine")?,
        importer: r.try_get("importer")?,
        file_name: r.try_get("file_name")?,
        format: Format::from_key(&format)
            .ok_or_else(|| StorageError::Corrupt(format!("import format {format:?}")))?,
        state: r.try_get("state")?,
        on_match: on_match.as_deref().and_then(OnMatch::from_key),
        total: r.try_get("total")?,
        done: r.try_get("done")?,
        created: r.try_get("created")?,
        updated: r.try_get("updated")?,
        skipped: r.try_get("skipped")?,
        error: r.try_get("error")?,
        role: Role::from_rank(rank)
            .ok_or_else(|| StorageError::Corrupt(format!("role rank {rank}")))?,
    })
}

/// What the preview shows.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The import.
    pub import: ImportView,
    /// Rows that would add a contact.
    pub new: i64,
    /// Rows matching a contact of the label (or an earlier row of the file).
    pub matched: i64,
    /// Rows rejected.
    pub rejected: i64,
    /// The first rejected rows: line, field key, and the message as stored.
    pub rejections: Vec<(i32, Option<String>, serde_json::Value)>,
}

static PREVIEW: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {VIEW_COLUMNS}, label_role(i.label_id, $2, $3) AS rank,
            (SELECT count(*) FROM file_import_rows r WHERE r.import_id = i.id AND r.rejected IS NOT NULL)
                AS rejected,
            (SELECT count(*) FROM file_import_rows r
             WHERE r.import_id = i.id AND r.data IS NOT NULL AND r.dup_of IS NOT NULL)
            + (SELECT count(DISTINCT mine.line)
               FROM (SELECT r.line, 'e' AS kind, k FROM file_import_rows r, unnest(r.email_keys) k
                     WHERE r.import_id = i.id AND r.data IS NOT NULL AND r.dup_of IS NULL
                       AND NOT 'emails' = ANY (h.hidden)
                     UNION ALL
                     SELECT r.line, 'p', k FROM file_import_rows r, unnest(r.phone_keys) k
                     WHERE r.import_id = i.id AND r.data IS NOT NULL AND r.dup_of IS NULL
                       AND NOT 'phones' = ANY (h.hidden)) mine
               JOIN (SELECT 'e' AS kind, k FROM contacts c, unnest(c.email_keys) k
                     WHERE c.label_id = i.label_id AND c.deleted_at IS NULL
                     UNION ALL
                     SELECT 'p', k FROM contacts c, unnest(c.phone_keys) k
                     WHERE c.label_id = i.label_id AND c.deleted_at IS NULL) theirs
                 ON theirs.kind = mine.kind AND theirs.k = mine.k)
                AS matched
         FROM file_imports i JOIN labels l ON l.id = i.label_id JOIN users u ON u.id = i.user_id,
              LATERAL (SELECT caller_hidden_fields(i.label_id, $2, $3) AS hidden) h
         WHERE i.id = $1 AND i.user_id = $2 AND label_role(i.label_id, $2, $3) >= $4"
    )
});

const REJECTIONS: &str = "
SELECT line, rejected FROM file_import_rows
WHERE import_id = $1 AND rejected IS NOT NULL ORDER BY line LIMIT $2";

/// The preview of an import `who` made, while they may still add contacts to its label.
pub async fn preview(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    shown: i64,
) -> Result<Option<Preview>, StorageError> {
    let stmt = client.prepare_cached(&PREVIEW).await?;
    let Some(r) = client
        .query_opt(
            &stmt,
            &super::acting_on(&id, who, &Action::AddContact.min_rank()),
        )
        .await?
    else {
        return Ok(None);
    };
    let import = view_from(&r)?;
    let rejected: i64 = r.try_get("rejected")?;
    let matched: i64 = r.try_get("matched")?;
    let stmt = client.prepare_cached(REJECTIONS).await?;
    let rejections = client
        .query(&stmt, &[&id, &shown])
        .await?
        .iter()
        .map(|r| {
            let v: serde_json::Value = r.try_get("rejected")?;
            let field = v.get("field").and_then(|f| f.as_str()).map(str::to_owned);
            Ok((r.try_get("line")?, field, v))
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    Ok(Some(Preview {
        new: import.total - rejected - matched,
        matched,
        rejected,
        rejections,
        import,
    }))
}

static FOR_LABEL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {VIEW_COLUMNS}, label_role($1, $2, $3) AS rank
         FROM file_imports i JOIN labels l ON l.id = i.label_id JOIN users u ON u.id = i.user_id
         WHERE i.label_id = $1 AND label_role($1, $2, $3) >= $4
           AND ((i.state = 'preview' AND i.user_id = $2)
                OR i.state = 'queued'
                OR (i.state IN ('done', 'failed') AND i.finished_at > now() - interval '7 days'))
         ORDER BY i.created_at DESC
         LIMIT 3"
    )
});

/// The label's imports its card tells of: the caller's own waiting preview, those running, and
/// those finished this week.
pub async fn for_label(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Vec<ImportView>, StorageError> {
    let stmt = client.prepare_cached(&FOR_LABEL).await?;
    client
        .query(
            &stmt,
            &super::acting_on(&label, who, &Action::View.min_rank()),
        )
        .await?
        .iter()
        .map(view_from)
        .collect()
}

const CONFIRM: &str = "
UPDATE file_imports SET state = 'queued', on_match = $5
WHERE id = $1 AND user_id = $2 AND state = 'preview' AND label_role(label_id, $2, $3) >= $4
RETURNING label_id";

/// Queues `who`'s previewed import with their choice for matches; the label, or `None` when
/// there is no such preview (already confirmed or cancelled, or no longer theirs to run).
pub async fn confirm(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    on_match: OnMatch,
) -> Result<Option<Uuid>, StorageError> {
    let stmt = client.prepare_cached(CONFIRM).await?;
    let rank = Action::AddContact.min_rank();
    Ok(client
        .query_opt(
            &stmt,
            &[&id, &who.user_id, &who.groups, &rank, &on_match.key()],
        )
        .await?
        .map(|r| r.try_get("label_id"))
        .transpose()?)
}

const CANCEL: &str = "
UPDATE file_imports SET state = 'cancelled', finished_at = now()
WHERE id = $1 AND user_id = $2 AND state = 'preview' AND label_role(label_id, $2, $3) >= $4
RETURNING label_id";

const DROP_ROWS: &str = "DELETE FROM file_import_rows WHERE import_id = $1";

/// Drops `who`'s previewed import and its rows; the label, or `None` if there was none.
pub async fn cancel(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<Option<Uuid>, StorageError> {
    let stmt = client.prepare_cached(CANCEL).await?;
    let Some(r) = client
        .query_opt(&stmt, &super::acting_on(&id, who, &Action::View.min_rank()))
        .await?
    else {
        return Ok(None);
    };
    let stmt = client.prepare_cached(DROP_ROWS).await?;
    client.execute(&stmt, &[&id]).await?;
    Ok(Some(r.try_get("label_id")?))
}

/// An import a worker took to run.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The import.
    pub id: Uuid,
    /// Its label.
    pub label_id: Uuid,
    /// The importer, who the contacts are written as.
    pub who: Principal,
    /// The choice for matches.
    pub on_match: OnMatch,
}

/// How long a worker holds an import between two batches before another may take it.
pub const CLAIM_SECONDS: f64 = 120.0;

const CLAIM: &str = "
UPDATE file_imports i SET claimed_until = now() + make_interval(secs => $1)
FROM users u
WHERE i.id = (SELECT id FROM file_imports
              WHERE state = 'queued' AND (claimed_until IS NULL OR claimed_until < now())
              ORDER BY created_at
              FOR UPDATE SKIP LOCKED
              LIMIT 1)
  AND u.id = i.user_id
RETURNING i.id, i.label_id, i.user_id, u.email, i.groups, i.on_match";

/// Takes the oldest queued import no live worker holds.
pub async fn claim(client: &impl GenericClient) -> Result<Option<Claimed>, StorageError> {
    let stmt = client.prepare_cached(CLAIM).await?;
    let Some(r) = client.query_opt(&stmt, &[&CLAIM_SECONDS]).await? else {
        return Ok(None);
    };
    let on_match: Option<String> = r.try_get("on_match")?;
    Ok(Some(Claimed {
        id: r.try_get("id")?,
        label_id: r.try_get("label_id")?,
        who: Principal {
            user_id: r.try_get("user_id")?,
            email: r.try_get("email")?,
            domain: None,
            groups: r.try_get("groups")?,
        },
        on_match: on_match
            .as_deref()
            .and_then(OnMatch::from_key)
            .unwrap_or(OnMatch::Skip),
    }))
}

const PENDING: &str = "
SELECT line, dup_of IS NOT NULL AS repeats, data FROM file_import_rows
WHERE import_id = $1 AND applied IS NULL AND data IS NOT NULL
ORDER BY line LIMIT $2";

/// A row to apply.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Its line.
    pub line: i32,
    /// Whether an earlier row of the file is the same person.
    pub repeats: bool,
    /// The contact it holds.
    pub data: ContactData,
}

/// The next rows not yet applied, in file order.
pub async fn pending(
    client: &impl GenericClient,
    id: Uuid,
    limit: i64,
) -> Result<Vec<Pending>, StorageError> {
    let stmt = client.prepare_cached(PENDING).await?;
    client
        .query(&stmt, &[&id, &limit])
        .await?
        .iter()
        .map(|r| {
            let data: serde_json::Value = r.try_get("data")?;
            let data = serde_json::from_value(data)
                .map_err(|e| StorageError::Corrupt(format!("import row: {e}")))?;
            Ok(Pending {
                line: r.try_get("line")?,
                repeats: r.try_get("repeats")?,
                data,
            })
        })
        .collect()
}

// Two probes of the GIN indexes rather than one `OR`, which no index serves (the batch plans
// for its values: `plan_for_values`).
const MATCH: &str = "
SELECT id FROM (
    SELECT c.id, c.created_at FROM contacts c
    WHERE c.label_id = $1 AND c.deleted_at IS NULL AND c.email_keys && $2::text[]
    UNION
    SELECT c.id, c.created_at FROM contacts c
    WHERE c.label_id = $1 AND c.deleted_at IS NULL AND c.phone_keys && $3::text[]) m
ORDER BY created_at, id
LIMIT 1";

/// The label's contact a row is the same person as (same address, or phone number by digits),
/// matched only on the fields the importer may see (`hidden` are theirs).
pub async fn find_match(
    client: &impl GenericClient,
    label: Uuid,
    hidden: &[crate::domain::contact::Field],
    data: &ContactData,
) -> Result<Option<Uuid>, StorageError> {
    use crate::domain::contact::Field;
    let (mut emails, mut digits) = data.identity();
    if hidden.contains(&Field::Emails) {
        emails.clear();
    }
    if hidden.contains(&Field::Phones) {
        digits.clear();
    }
    if emails.is_empty() && digits.is_empty() {
        return Ok(None);
    }
    let stmt = client.prepare_cached(MATCH).await?;
    Ok(client
        .query_opt(&stmt, &[&label, &emails, &digits])
        .await?
        .map(|r| r.try_get("id"))
        .transpose()?)
}

/// What applying a row to a contact it matched did (new contacts are recorded by
/// [`mark_created`]).
#[derive(Debug, Clone)]
pub enum Applied {
    /// A contact changed, at this version, with its values before.
    Updated(Uuid, i32, ContactData),
    /// Nothing (a match left alone, or nothing to change).
    Skipped(Option<Uuid>),
}

const MARK: &str = "
UPDATE file_import_rows SET applied = $3, contact_id = $4, version_after = $5, before = $6
WHERE import_id = $1 AND line = $2";

const COUNT: &str = "
UPDATE file_imports SET done = done + 1,
    created = created + ($2 = 'created')::int, updated = updated + ($2 = 'updated')::int,
    skipped = skipped + ($2 = 'skipped')::int
WHERE id = $1";

/// Records what a row did, in the transaction that did it (so a worker taking the import over
/// never applies it twice).
pub async fn mark(
    client: &impl GenericClient,
    id: Uuid,
    line: i32,
    applied: &Applied,
) -> Result<(), StorageError> {
    let (kind, contact, version, before) = match applied {
        Applied::Updated(c, v, before) => ("updated", Some(*c), Some(*v), Some(json!(before))),
        Applied::Skipped(c) => ("skipped", *c, None, None),
    };
    let stmt = client.prepare_cached(MARK).await?;
    client
        .execute(&stmt, &[&id, &line, &kind, &contact, &version, &before])
        .await?;
    let stmt = client.prepare_cached(COUNT).await?;
    client.execute(&stmt, &[&id, &kind]).await?;
    Ok(())
}

const MARK_CREATED: &str = "
UPDATE file_import_rows r SET applied = 'created', contact_id = x.id, version_after = 1
FROM unnest($2::int4[], $3::uuid[]) AS x (line, id)
WHERE r.import_id = $1 AND r.line = x.line";

const COUNT_CREATED: &str = "
UPDATE file_imports SET done = done + $2, created = created + $2 WHERE id = $1";

/// Records rows that each made the contact beside them, in the transaction that made them.
pub async fn mark_created(
    client: &impl GenericClient,
    id: Uuid,
    lines: &[i32],
    contacts: &[Uuid],
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(MARK_CREATED).await?;
    client.execute(&stmt, &[&id, &lines, &contacts]).await?;
    let n = i32::try_from(lines.len()).unwrap_or(i32::MAX);
    let stmt = client.prepare_cached(COUNT_CREATED).await?;
    client.execute(&stmt, &[&id, &n]).await?;
    Ok(())
}

const CUSTOM_PLANS: &str = "SET LOCAL plan_cache_mode = force_custom_plan";

/// Plans the rest of the transaction's statements for their values.
///
/// Sharebook's connections plan each statement once for all values (requests repeat the same
/// small lookups), but a plan made while a label was empty stays a scan of it as an import fills
/// it: a batch of hundreds of rows is worth planning for its values.
pub async fn plan_for_values(client: &impl GenericClient) -> Result<(), StorageError> {
    client.batch_execute(CUSTOM_PLANS).await?;
    Ok(())
}

const CREATED: &str = "SELECT created::int8 AS n FROM file_imports WHERE id = $1";

/// How many contacts an import has made so far.
pub async fn created_count(client: &impl GenericClient, id: Uuid) -> Result<u64, StorageError> {
    let stmt = client.prepare_cached(CREATED).await?;
    let n: i64 = client.query_one(&stmt, &[&id]).await?.try_get("n")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

const ANALYZE: &str = "ANALYZE contacts (label_id, email_keys, phone_keys)";

/// Refreshes the planner's statistics of the columns an import's lookups filter on.
///
/// Autovacuum analyzes a table only after a good share of it changed, so a label an import fills
/// from nothing would stay "a few rows" to the planner, which then scans the label for each row
/// instead of probing the address and phone indexes. Outside any transaction.
pub async fn analyze_contacts(client: &impl GenericClient) -> Result<(), StorageError> {
    client.batch_execute(ANALYZE).await?;
    Ok(())
}

const EXTEND: &str = "
UPDATE file_imports SET claimed_until = now() + make_interval(secs => $2)
WHERE id = $1 AND state = 'queued'";

/// Keeps the claim between batches; `false` if the import is no longer queued (the label went).
pub async fn extend(client: &impl GenericClient, id: Uuid) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(EXTEND).await?;
    Ok(client.execute(&stmt, &[&id, &CLAIM_SECONDS]).await? == 1)
}

const FINISH: &str = "
UPDATE file_imports SET state = $2, error = $3, finished_at = now(), claimed_until = NULL
WHERE id = $1 AND state = 'queued'";

/// Ends a run: `done`, or `failed` with why (a catalogue id).
pub async fn finish(
    client: &impl GenericClient,
    id: Uuid,
    error: Option<&str>,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(FINISH).await?;
    let state = if error.is_some() { "failed" } else { "done" };
    client.execute(&stmt, &[&id, &state, &error]).await?;
    Ok(())
}

/// What undoing an import did, or why it did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    /// Contacts removed and contacts put back as they were.
    Undone {
        /// Contacts the import added, now deleted (restorable like any deletion).
        removed: u64,
        /// Contacts the import changed, now as before.
        restored: u64,
    },
    /// This many of its contacts were changed since; nothing was undone.
    EditedSince(i64),
    /// The caller may not undo it.
    NotAllowed,
    /// No finished import by that id on a label the caller can see.
    NotFound,
}

const LOCK_DONE: &str = "
SELECT i.user_id = $2 AS mine, i.label_id, label_role(i.label_id, $2, $3) AS rank
FROM file_imports i
WHERE i.id = $1 AND i.state = 'done' AND label_role(i.label_id, $2, $3) >= $4
  AND EXISTS (SELECT 1 FROM file_import_rows r WHERE r.import_id = i.id)
FOR UPDATE OF i";

const EDITED_SINCE: &str = "
SELECT count(*) AS n
FROM (SELECT contact_id, max(version_after) AS v FROM file_import_rows
      WHERE import_id = $1 AND applied IN ('created', 'updated') GROUP BY contact_id) r
JOIN contacts c ON c.id = r.contact_id
WHERE c.version <> r.v OR c.deleted_at IS NOT NULL";

const REMOVE_CREATED: &str = "
WITH gone AS (
    UPDATE contacts c SET deleted_at = now(), deleted_by = $2, version = c.version + 1,
        updated_by = $2, updated_at = now()
    FROM (SELECT DISTINCT contact_id FROM file_import_rows WHERE import_id = $1 AND applied = 'created') r
    WHERE c.id = r.contact_id AND c.deleted_at IS NULL AND label_role(c.label_id, $2, $3) >= $4
    RETURNING c.id, c.version)
INSERT INTO contact_history (contact_id, version, action, changes, changed_by, via, import_id)
SELECT id, version, 'delete', '{}', $2, 'file', $1 FROM gone";

const CHANGED: &str = "
SELECT DISTINCT ON (r.contact_id) r.contact_id, r.before, c.version
FROM file_import_rows r JOIN contacts c ON c.id = r.contact_id
WHERE r.import_id = $1 AND r.applied = 'updated'
  AND NOT EXISTS (SELECT 1 FROM file_import_rows k
                  WHERE k.import_id = $1 AND k.applied = 'created' AND k.contact_id = r.contact_id)
ORDER BY r.contact_id, r.line";

const MARK_UNDONE: &str = "UPDATE file_imports SET state = 'undone' WHERE id = $1";

/// Undoes a finished import as a whole, if nobody changed its contacts since: the contacts it
/// added are deleted, those it changed get their values back. Run in a transaction.
pub async fn undo(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<Undo, StorageError> {
    let stmt = client.prepare_cached(LOCK_DONE).await?;
    let Some(r) = client
        .query_opt(&stmt, &super::acting_on(&id, who, &Action::View.min_rank()))
        .await?
    else {
        return Ok(Undo::NotFound);
    };
    let mine: bool = r.try_get("mine")?;
    let rank: i16 = r.try_get("rank")?;
    if !crate::domain::file_import::may_undo(Role::from_rank(rank), mine) {
        return Ok(Undo::NotAllowed);
    }
    let stmt = client.prepare_cached(EDITED_SINCE).await?;
    let edited: i64 = client.query_one(&stmt, &[&id]).await?.try_get("n")?;
    if edited > 0 {
        return Ok(Undo::EditedSince(edited));
    }
    let undo_rank = crate::domain::file_import::undo_rank(mine);
    let stmt = client.prepare_cached(REMOVE_CREATED).await?;
    let removed = client
        .execute(&stmt, &[&id, &who.user_id, &who.groups, &undo_rank])
        .await?;
    let stmt = client.prepare_cached(CHANGED).await?;
    let mut restored = 0;
    for r in client.query(&stmt, &[&id]).await? {
        let before: serde_json::Value = r.try_get("before")?;
        let before: ContactData = serde_json::from_value(before)
            .map_err(|e| StorageError::Corrupt(format!("import before: {e}")))?;
        let outcome = super::contacts::update_contact(
            client,
            r.try_get("contact_id")?,
            who,
            r.try_get("version")?,
            &before,
            &crate::domain::contact::Field::ALL,
            crate::domain::contact::Via::File(id),
        )
        .await?;
        if matches!(outcome, super::contacts::Updated::Saved(_)) {
            restored += 1;
        }
    }
    let stmt = client.prepare_cached(MARK_UNDONE).await?;
    client.execute(&stmt, &[&id]).await?;
    Ok(Undo::Undone { removed, restored })
}

const LABEL_OF: &str = "
SELECT label_id FROM file_imports WHERE id = $1 AND label_role(label_id, $2, $3) >= $4";

/// The label of an import, if the caller can see it.
pub async fn label_of(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<Option<Uuid>, StorageError> {
    let stmt = client.prepare_cached(LABEL_OF).await?;
    Ok(client
        .query_opt(&stmt, &super::acting_on(&id, who, &Action::View.min_rank()))
        .await?
        .map(|r| r.try_get("label_id"))
        .transpose()?)
}

const HIDDEN: &str = "SELECT caller_hidden_fields($1, $2, $3) AS hidden";

/// The fields of `label` hidden from `who` (a file never reads or writes them).
pub async fn hidden_fields(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Vec<crate::domain::contact::Field>, StorageError> {
    let stmt = client.prepare_cached(HIDDEN).await?;
    let keys: Vec<String> = client
        .query_one(&stmt, &[&label, &who.user_id, &who.groups])
        .await?
        .try_get("hidden")?;
    Ok(keys
        .iter()
        .filter_map(|k| crate::domain::contact::Field::from_key(k))
        .collect())
}

const PRUNE_ROWS: &str = "
DELETE FROM file_import_rows r USING file_imports i
WHERE r.import_id = i.id AND i.finished_at < now() - make_interval(days => $1)";

/// Forgets the rows of imports finished more than `days` ago (they can no longer be undone).
pub async fn prune_rows(client: &impl GenericClient, days: i32) -> Result<u64, StorageError> {
    let stmt = client.prepare_cached(PRUNE_ROWS).await?;
    Ok(client.execute(&stmt, &[&days]).await?)
}

/// Every statement this module assembles with `format!`, as it runs (for the SQL snapshot).
#[cfg(test)]
pub(crate) fn assembled() -> Vec<(&'static str, String)> {
    vec![
        ("file_imports::preview", PREVIEW.clone()),
        ("file_imports::for_label", FOR_LABEL.clone()),
    ]
}
