//! Contacts and their history. Reads return only contacts the caller may see, with the fields
//! hidden from them blanked in SQL; writes check the caller's role in their `WHERE` clause.
//!
//! Triggers its writes fire: `label_access_contacts_lock` (waits out a `label_access` rewrite),
//! `contacts_recount_*` (the label's size, and its copy in each member's `label_access` row),
//! `change_counters_contacts_*` (old and new addresses) and `sync_contacts_*` (the outbox).

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use serde_json::json;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use super::access::{caller_labels, caller_labels_by_name};
use super::comments::CommentView;
use super::{StorageError, query_map};
use crate::domain::contact::{ContactData, Field, Via};
use crate::domain::permission::Action;
use crate::domain::principal::Principal;
use crate::domain::role::Role;

/// A contact as one caller sees it.
#[derive(Debug, Clone)]
pub struct ContactView {
    /// Contact id.
    pub id: Uuid,
    /// Its label.
    pub label_id: Uuid,
    /// Its label's name.
    pub label_name: String,
    /// Version, for optimistic concurrency.
    pub version: i32,
    /// The values, hidden fields blank.
    pub data: ContactData,
    /// Fields hidden from the caller.
    pub hidden: Vec<Field>,
    /// The caller's role on the label.
    pub role: Role,
    /// Who changed it last.
    pub updated_by: String,
    /// When.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted, if it was.
    pub deleted_at: Option<DateTime<Utc>>,
    /// In a label fed from a CRM: the account's name, and whether this contact comes from it
    /// (`false`: a member added it by hand). Loaded apart (`feeds::source`).
    pub source: Option<(String, bool)>,
}

/// One line of a contact list.
#[derive(Debug, Clone)]
pub struct ContactSummary {
    /// Contact id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Company, unless hidden.
    pub organization: String,
    /// First email, unless hidden.
    pub email: Option<String>,
}

impl ContactSummary {
    fn from_row(r: &Row) -> Result<Self, StorageError> {
        Ok(Self {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            organization: r.try_get("organization")?,
            email: r.try_get("email")?,
        })
    }
}

/// Outcome of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Updated {
    /// Saved as this version.
    Saved(i32),
    /// Someone saved another version first.
    Stale,
    /// Gone, deleted, or not editable by the caller.
    NotFound,
}

/// The columns a caller may see, hidden fields blanked; pair with [`visible_from`].
const VISIBLE_COLUMNS: &str = "
    c.id, c.label_id, l.name AS label_name, c.version, c.name,
    CASE WHEN 'emails' = ANY (acc.hidden) THEN '{}' ELSE c.emails END AS emails,
    CASE WHEN 'phones' = ANY (acc.hidden) THEN '{}' ELSE c.phones END AS phones,
    CASE WHEN 'organization' = ANY (acc.hidden) THEN '' ELSE c.organization END AS organization,
    CASE WHEN 'title' = ANY (acc.hidden) THEN '' ELSE c.title END AS title,
    CASE WHEN 'addresses' = ANY (acc.hidden) THEN '{}' ELSE c.addresses END AS addresses,
    CASE WHEN 'notes' = ANY (acc.hidden) THEN '' ELSE c.notes END AS notes,
    CASE WHEN 'custom' = ANY (acc.hidden) THEN '[]' ELSE c.custom END AS custom,
    acc.hidden, acc.rank AS role_rank, u.email AS updated_by, c.updated_at, c.deleted_at";

/// `FROM {source}` (which must bind `c` to contacts) joined to what [`VISIBLE_COLUMNS`] needs;
/// `$2` is the caller and `groups` the placeholder of their groups, if any (see
/// [`caller_labels`]). Contacts in labels the caller cannot reach yield no row.
fn visible_from(source: &str, groups: Option<&str>) -> String {
    format!(
        "FROM {source}
         CROSS JOIN LATERAL ({access}) acc
         JOIN labels l ON l.id = c.label_id
         JOIN users u ON u.id = c.updated_by",
        access = caller_labels("$2", groups, Some("c.label_id"))
    )
}

/// A contact's values from a row holding its columns by name (`name` … `custom`): the one place
/// a row becomes [`ContactData`].
pub(crate) fn data_from_row(row: &Row) -> Result<ContactData, StorageError> {
    let custom: serde_json::Value = row.try_get("custom")?;
    Ok(ContactData {
        name: row.try_get("name")?,
        emails: row.try_get("emails")?,
        phones: row.try_get("phones")?,
        organization: row.try_get("organization")?,
        title: row.try_get("title")?,
        addresses: row.try_get("addresses")?,
        notes: row.try_get("notes")?,
        custom: serde_json::from_value(custom).map_err(|e| StorageError::Corrupt(e.to_string()))?,
    })
}

impl ContactView {
    fn from_row(row: &Row) -> Result<Self, StorageError> {
        let rank: i16 = row.try_get("role_rank")?;
        let hidden: Vec<String> = row.try_get("hidden")?;
        Ok(Self {
            id: row.try_get("id")?,
            label_id: row.try_get("label_id")?,
            label_name: row.try_get("label_name")?,
            version: row.try_get("version")?,
            data: data_from_row(row)?,
            hidden: hidden.iter().filter_map(|h| Field::from_key(h)).collect(),
            role: Role::from_rank(rank)
                .ok_or_else(|| StorageError::Corrupt(format!("role rank {rank}")))?,
            updated_by: row.try_get("updated_by")?,
            updated_at: row.try_get("updated_at")?,
            deleted_at: row.try_get("deleted_at")?,
            source: None,
        })
    }
}

static GET_CONTACT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {VISIBLE_COLUMNS} {} WHERE c.id = $1",
        visible_from("contacts c", Some("$3"))
    )
});

/// One contact (deleted ones too, for undo), only if the caller can see its label.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn get_contact(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<Option<ContactView>, StorageError> {
    let stmt = client.prepare_cached(&GET_CONTACT).await?;
    let row = client
        .query_opt(&stmt, &[&id, &who.user_id, &who.groups])
        .await?;
    row.as_ref().map(ContactView::from_row).transpose()
}

/// A contact on an open email, with the newest comments the caller may read on it.
#[derive(Debug, Clone)]
pub struct KnownPerson {
    /// The contact, as the caller sees it.
    pub contact: ContactView,
    /// Its newest comments, newest first.
    pub comments: Vec<CommentView>,
}

/// What the message card needs from the database.
#[derive(Debug, Clone, Default)]
pub struct MessagePeople {
    /// Contacts on the email the caller can see, by name.
    pub known: Vec<KnownPerson>,
    /// Labels the caller may add contacts to (at most 200, by name), for anyone unknown.
    pub writable: Vec<LabelChoice>,
    /// The change counters' sum over the keys given and those of the contacts in `known`, read
    /// with the data (see [`super::changes`]).
    pub changes: i64,
}

/// A label offered to add a contact to. (No size: the card does not show it, and a cached card
/// would show a stale one, since sizes are not among the change counters.)
#[derive(Debug, Clone)]
pub struct LabelChoice {
    /// Label id.
    pub id: Uuid,
    /// Label name.
    pub name: String,
    /// The caller's effective role on it.
    pub role: Role,
}

/// The whole message card in one statement.
///
/// Contacts whose address is one of `emails`, in every label the caller can see, each with its
/// newest `per_contact` comments the caller may read, and the labels where the caller holds at
/// least `writer`; with them, in the same snapshot, the change counters' sum over `keys` and the
/// keys of the contacts found ([`super::changes::contact_key`]).
///
/// Each statement costs PostgreSQL far more in protocol, transaction and wake-up than this one's
/// extra work, so the label list rides along even when everyone turns out to be known (figures
/// in BENCHMARKS.md, shared labels). The statement always returns a row, carrying the labels,
/// with the contact columns null when nobody is known.
///
/// The address lookup runs first, on its own (a materialised CTE): the planner cannot estimate
/// `&&` on arrays, and without the fence it hashes whole tables to join a handful of rows. It keeps
/// only contacts the caller can reach before its cap of 1,000: capped first, an address in a
/// thousand other people's labels would hide the caller's own contact. The contacts found are
/// then fetched by primary key behind an `OFFSET 0` fence: guessing a hundred hits, the generic
/// plan for a small database scanned every contact to hash-join the two or three found (the
/// measured cost of both fences is in BENCHMARKS.md).
/// Comments and labels come back as parallel arrays, decoded natively rather than through JSON.
/// Labels keep the database's name order, as on the homepage: they are aggregated straight from a
/// sorted sub-select with nothing joined at that level, which PostgreSQL's documentation gives as
/// the way to feed aggregates in order, and which spares the sort each `array_agg(... ORDER BY)`
/// runs on its own (the four arrays line up in any case: one pass feeds them all). Contacts come
/// in the database's name order too (the collation's, which Rust's lowercase and byte order are
/// not); comments are put in order here.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn message_people(
    client: &impl GenericClient,
    emails: &[String],
    who: &Principal,
    per_contact: i64,
    writer: Role,
    keys: &[String],
) -> Result<MessagePeople, StorageError> {
    // Most callers are in no group with shares: their statement reads `label_access` alone.
    static WITH_GROUPS: LazyLock<String> = LazyLock::new(|| message_people_sql(Some("$6")));
    static WITHOUT_GROUPS: LazyLock<String> = LazyLock::new(|| message_people_sql(None));
    let writer = writer.rank();
    let rows = if who.groups.is_empty() {
        let stmt = client.prepare_cached(&WITHOUT_GROUPS).await?;
        let params: [&(dyn ToSql + Sync); 5] =
            [&emails, &who.user_id, &per_contact, &writer, &keys];
        client.query(&stmt, &params).await?
    } else {
        let stmt = client.prepare_cached(&WITH_GROUPS).await?;
        let params: [&(dyn ToSql + Sync); 6] = [
            &emails,
            &who.user_id,
            &per_contact,
            &writer,
            &keys,
            &who.groups,
        ];
        client.query(&stmt, &params).await?
    };
    let mut out = MessagePeople::default();
    if let Some(first) = rows.first() {
        out.changes = first.try_get("changes")?;
        let ids: Vec<Uuid> = first.try_get("writable_ids")?;
        let names: Vec<String> = first.try_get("writable_names")?;
        let ranks: Vec<i16> = first.try_get("writable_ranks")?;
        out.writable = ids
            .into_iter()
            .zip(names)
            .zip(ranks)
            .map(|((id, name), rank)| {
                Ok(LabelChoice {
                    id,
                    name,
                    role: Role::from_rank(rank)
                        .ok_or_else(|| StorageError::Corrupt(format!("role rank {rank}")))?,
                })
            })
            .collect::<Result<_, StorageError>>()?;
    }
    for row in &rows {
        if row.try_get::<_, Option<Uuid>>("id")?.is_none() {
            continue;
        }
        let ids: Vec<Uuid> = row.try_get("comment_ids")?;
        let authors: Vec<String> = row.try_get("comment_authors")?;
        let mine: Vec<bool> = row.try_get("comment_mine")?;
        let public: Vec<bool> = row.try_get("comment_public")?;
        let bodies: Vec<String> = row.try_get("comment_bodies")?;
        let times: Vec<DateTime<Utc>> = row.try_get("comment_times")?;
        let mut comments: Vec<CommentView> = ids
            .into_iter()
            .zip(authors)
            .zip(mine.into_iter().zip(public))
            .zip(bodies.into_iter().zip(times))
            .map(
                |(((id, author), (mine, is_public)), (body, created_at))| CommentView {
                    id,
                    author,
                    mine,
                    is_public,
                    body,
                    created_at,
                },
            )
            .collect();
        comments.sort_by_key(|c| std::cmp::Reverse((c.created_at, c.id)));
        out.known.push(KnownPerson {
            contact: ContactView::from_row(row)?,
            comments,
        });
    }
    Ok(out)
}

/// The statement of [`message_people`]: `$1` addresses, `$2` caller, `$3` comments per contact,
/// `$4` lowest writer rank, `$5` change counter keys, and `groups` the placeholder of the caller's
/// groups if they have any.
fn message_people_sql(groups: Option<&str>) -> String {
    format!(
        "WITH hits AS MATERIALIZED (
         SELECT h.id FROM contacts h
         WHERE h.email_keys && $1 AND h.deleted_at IS NULL AND EXISTS ({reachable})
         LIMIT 1000),
     writable AS (
         SELECT COALESCE(array_agg(x.id), '{{}}') AS writable_ids,
                COALESCE(array_agg(x.name), '{{}}') AS writable_names,
                COALESCE(array_agg(x.role_rank), '{{}}') AS writable_ranks
         FROM ({writable}) x),
     people AS (
         SELECT {VISIBLE_COLUMNS},
                COALESCE(cm.ids, '{{}}') AS comment_ids,
                COALESCE(cm.authors, '{{}}') AS comment_authors,
                COALESCE(cm.mine, '{{}}') AS comment_mine,
                COALESCE(cm.public, '{{}}') AS comment_public,
                COALESCE(cm.bodies, '{{}}') AS comment_bodies,
                COALESCE(cm.times, '{{}}') AS comment_times
         {from}
         CROSS JOIN LATERAL (
             SELECT array_agg(x.id) AS ids, array_agg(x.author) AS authors,
                    array_agg(x.mine) AS mine, array_agg(x.is_public) AS public,
                    array_agg(x.body) AS bodies, array_agg(x.created_at) AS times
             FROM (SELECT m.id, w.email AS author, m.author_id = $2 AS mine, m.is_public,
                          m.body, m.created_at
                   FROM comments m JOIN users w ON w.id = m.author_id
                   WHERE m.contact_id = c.id AND m.deleted_at IS NULL
                     AND (m.is_public OR m.author_id = $2)
                   ORDER BY m.created_at DESC, m.id DESC
                   LIMIT $3) x) cm
         ORDER BY lower(c.name), c.id
         LIMIT 50),
     counted AS (
         SELECT {changes} AS changes)
     SELECT w.*, k.changes, p.* FROM writable w CROSS JOIN counted k LEFT JOIN people p ON true
     ORDER BY lower(p.name), p.id",
        reachable = caller_labels("$2", groups, Some("h.label_id")),
        writable = caller_labels_by_name("$2", groups, Some("$4"), "200", ""),
        changes = super::changes::sum_of(&format!(
            "$5::text[] || ARRAY(SELECT {} FROM people p)",
            super::changes::contact_key_sql("p.id")
        )),
        from = visible_from(
            "hits CROSS JOIN LATERAL (SELECT * FROM contacts c0 WHERE c0.id = hits.id OFFSET 0) c",
            groups
        )
    )
}

static LIST_CONTACTS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT c.id, c.name,
                CASE WHEN 'organization' = ANY (acc.hidden) THEN '' ELSE c.organization END AS organization,
                CASE WHEN 'emails' = ANY (acc.hidden) THEN NULL ELSE c.emails[1] END AS email
         FROM ({}) acc
         JOIN contacts c ON c.label_id = acc.label_id
         WHERE c.deleted_at IS NULL
         ORDER BY lower(c.name), c.id
         OFFSET $4 LIMIT $5",
        caller_labels("$2", Some("$3"), Some("$1"))
    )
});

/// A page of a label's contacts by name, empty if the caller cannot see the label.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn list_contacts(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    offset: i64,
    limit: i64,
) -> Result<Vec<ContactSummary>, StorageError> {
    let stmt = client.prepare_cached(&LIST_CONTACTS).await?;
    let rows = client
        .query(&stmt, &[&label, &who.user_id, &who.groups, &offset, &limit])
        .await?;
    rows.iter().map(ContactSummary::from_row).collect()
}

const INSERT_CONTACT: &str = "
INSERT INTO contacts (id, label_id, name, emails, phones, organization, title, addresses, notes, custom,
                      email_keys, search_text, name_key, created_by, updated_by)
SELECT $1, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15, $3, $3
WHERE label_role($2, $3, $14) >= $16
RETURNING id";

/// Adds a contact to `label` if the caller may (editor and above); `None` otherwise.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn insert_contact(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    data: &ContactData,
    via: Via,
) -> Result<Option<Uuid>, StorageError> {
    let stmt = client.prepare_cached(INSERT_CONTACT).await?;
    let id = Uuid::new_v4();
    let custom = json!(data.custom);
    let row = client
        .query_opt(
            &stmt,
            &[
                &id,
                &label,
                &who.user_id,
                &data.name,
                &data.emails,
                &data.phones,
                &data.organization,
                &data.title,
                &data.addresses,
                &data.notes,
                &custom,
                &data.email_keys(),
                &data.search_text(),
                &who.groups,
                &data.name_key(),
                &Action::AddContact.min_rank(),
            ],
        )
        .await?;
    if row.is_none() {
        return Ok(None);
    }
    let empty = ContactData::default();
    insert_history(
        client,
        id,
        1,
        "create",
        &changes(&empty, data, &crate::domain::contact::Field::ALL),
        who.user_id,
        via,
    )
    .await?;
    Ok(Some(id))
}

const INSERT_MANY: &str = "
WITH new AS (
    INSERT INTO contacts (id, label_id, name, emails, phones, organization, title, addresses, notes, custom,
                          email_keys, search_text, name_key, created_by, updated_by)
    SELECT r.id, $1, r.d ->> 'name',
           ARRAY(SELECT jsonb_array_elements_text(r.d -> 'emails')),
           ARRAY(SELECT jsonb_array_elements_text(r.d -> 'phones')),
           r.d ->> 'organization', r.d ->> 'title',
           ARRAY(SELECT jsonb_array_elements_text(r.d -> 'addresses')),
           r.d ->> 'notes', r.d -> 'custom',
           ARRAY(SELECT jsonb_array_elements_text(r.k -> 'email_keys')),
           r.k ->> 'search_text', r.k ->> 'name_key', $2, $2
    FROM unnest($4::uuid[], $5::jsonb[], $6::jsonb[]) AS r (id, d, k)
    WHERE label_role($1, $2, $3) >= $7
    RETURNING id)
INSERT INTO contact_history (contact_id, version, action, changes, changed_by, via, import_id)
SELECT n.id, 1, 'create', h.changes, $2, $9, $10
FROM new n JOIN unnest($4::uuid[], $8::jsonb[]) AS h (id, changes) ON h.id = n.id
RETURNING contact_id";

/// Adds `many` contacts to `label` in one statement, each with its `create` history.
///
/// Their ids in order, or `None` if the caller may not add contacts (editor and above). A file
/// import writes its new contacts so: the statement-level triggers (counts, the sync's outbox)
/// then run once for them all.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label, n = many.len()))]
pub async fn insert_many(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    many: &[ContactData],
    via: Via,
) -> Result<Option<Vec<Uuid>>, StorageError> {
    if many.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let ids: Vec<Uuid> = many.iter().map(|_| Uuid::new_v4()).collect();
    let data: Vec<serde_json::Value> = many.iter().map(|d| json!(d)).collect();
    let keys: Vec<serde_json::Value> = many
        .iter()
        .map(|d| {
            json!({
                "email_keys": d.email_keys(),
                "search_text": d.search_text(),
                "name_key": d.name_key(),
            })
        })
        .collect();
    let empty = ContactData::default();
    let history: Vec<serde_json::Value> = many
        .iter()
        .map(|d| changes(&empty, d, &Field::ALL))
        .collect();
    let stmt = client.prepare_cached(INSERT_MANY).await?;
    let written = client
        .query(
            &stmt,
            &[
                &label,
                &who.user_id,
                &who.groups,
                &ids,
                &data,
                &keys,
                &Action::AddContact.min_rank(),
                &history,
                &via.key(),
                &via.import_id(),
            ],
        )
        .await?;
    if written.len() != ids.len() {
        return Ok(None);
    }
    Ok(Some(ids))
}

const SHARE_ACCESS_LOCK: &str = "SELECT label_access_share_lock()";

/// The contact-write side of the `label_access` lock (V16), taken before locking contact rows
/// with `FOR UPDATE`, as every contact write does.
pub(crate) async fn share_access_lock(client: &impl GenericClient) -> Result<(), StorageError> {
    let share = client.prepare_cached(SHARE_ACCESS_LOCK).await?;
    client.execute(&share, &[]).await?;
    Ok(())
}

const LOCK_CONTACT: &str = "
SELECT c.version, c.name, c.emails, c.phones, c.organization, c.title, c.addresses, c.notes, c.custom
FROM contacts c
WHERE c.id = $1 AND c.deleted_at IS NULL AND label_role(c.label_id, $2, $3) >= $4
FOR UPDATE";

/// The contact as stored now, locked until the transaction ends, if the caller may edit it (the
/// sync merges a member's Google-side edit into it before saving).
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn lock_for_edit(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<Option<(i32, ContactData)>, StorageError> {
    // The contact-write side of the `label_access` lock, before the row lock below (V16).
    let share = client.prepare_cached(SHARE_ACCESS_LOCK).await?;
    client.execute(&share, &[]).await?;
    let stmt = client.prepare_cached(LOCK_CONTACT).await?;
    client
        .query_opt(
            &stmt,
            &super::acting_on(&id, who, &Action::EditContact.min_rank()),
        )
        .await?
        .map(|row| Ok((row.try_get("version")?, data_from_row(&row)?)))
        .transpose()
}

const UPDATE_CONTACT: &str = "
UPDATE contacts SET name = $3, emails = $4, phones = $5, organization = $6, title = $7, addresses = $8,
    notes = $9, custom = $10, email_keys = $11, search_text = $12, updated_by = $13, name_key = $14, updated_at = now(),
    version = version + 1
WHERE id = $1 AND version = $2
RETURNING version";

/// Saves `fields` of `typed` onto the contact if it is still at `version` and editable by the caller.
///
/// Fields not listed keep their stored value (including fields hidden from the caller).
/// Run inside a transaction.
pub async fn update_contact(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    version: i32,
    typed: &ContactData,
    fields: &[Field],
    via: Via,
) -> Result<Updated, StorageError> {
    rewrite(client, id, who, version, typed, fields, via, "edit").await
}

/// [`update_contact`], recorded in history as `action` (`edit`, or `merge` and `unmerge`).
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub(crate) async fn rewrite(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    version: i32,
    typed: &ContactData,
    fields: &[Field],
    via: Via,
    action: &str,
) -> Result<Updated, StorageError> {
    // The contact-write side of the `label_access` lock, before the row lock below (V16).
    let share = client.prepare_cached(SHARE_ACCESS_LOCK).await?;
    client.execute(&share, &[]).await?;
    let stmt = client.prepare_cached(LOCK_CONTACT).await?;
    let Some(row) = client
        .query_opt(
            &stmt,
            &super::acting_on(&id, who, &Action::EditContact.min_rank()),
        )
        .await?
    else {
        return Ok(Updated::NotFound);
    };
    let current_version: i32 = row.try_get("version")?;
    if current_version != version {
        return Ok(Updated::Stale);
    }
    let stored = data_from_row(&row)?;
    let mut next = stored.clone();
    for f in fields {
        next.take_field(typed, *f);
    }
    let changed = stored.changed_fields(&next);
    if changed.is_empty() {
        return Ok(Updated::Saved(version));
    }
    let stmt = client.prepare_cached(UPDATE_CONTACT).await?;
    let custom = json!(next.custom);
    let row = client
        .query_opt(
            &stmt,
            &[
                &id,
                &version,
                &next.name,
                &next.emails,
                &next.phones,
                &next.organization,
                &next.title,
                &next.addresses,
                &next.notes,
                &custom,
                &next.email_keys(),
                &next.search_text(),
                &who.user_id,
                &next.name_key(),
            ],
        )
        .await?;
    let Some(row) = row else {
        return Ok(Updated::Stale);
    };
    let new_version: i32 = row.try_get("version")?;
    insert_history(
        client,
        id,
        new_version,
        action,
        &changes(&stored, &next, &changed),
        who.user_id,
        via,
    )
    .await?;
    Ok(Updated::Saved(new_version))
}

const SET_DELETED: &str = "
UPDATE contacts c SET deleted_at = CASE WHEN $4 THEN now() ELSE NULL END,
    deleted_by = CASE WHEN $4 THEN $2 ELSE NULL END, version = version + 1, updated_by = $2, updated_at = now()
WHERE c.id = $1 AND (c.deleted_at IS NULL) = $4 AND label_role(c.label_id, $2, $3) >= $5
RETURNING version";

/// Deletes (softly) or restores a contact if the caller may (deleter and above). Returns whether
/// anything changed; deleting a deleted contact or restoring a live one changes nothing.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn set_deleted(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    deleted: bool,
    via: Via,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(SET_DELETED).await?;
    let row = client
        .query_opt(
            &stmt,
            &[
                &id,
                &who.user_id,
                &who.groups,
                &deleted,
                &Action::DeleteContact.min_rank(),
            ],
        )
        .await?;
    let Some(row) = row else { return Ok(false) };
    let version: i32 = row.try_get("version")?;
    let action = if deleted { "delete" } else { "restore" };
    insert_history(client, id, version, action, &json!({}), who.user_id, via).await?;
    Ok(true)
}

const LIST_DELETED: &str = "
SELECT c.id, c.name, '' AS organization, NULL::text AS email
FROM contacts c
WHERE c.label_id = $1 AND c.deleted_at IS NOT NULL AND label_role($1, $2, $3) >= $4
ORDER BY c.deleted_at DESC
LIMIT 50";

/// Recently deleted contacts of a label, for deleters and above.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn list_deleted(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<Vec<ContactSummary>, StorageError> {
    let stmt = client.prepare_cached(LIST_DELETED).await?;
    let rows = client
        .query(
            &stmt,
            &super::acting_on(&label, who, &Action::DeleteContact.min_rank()),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ContactSummary {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                organization: String::new(),
                email: None,
            })
        })
        .collect()
}

/// One entry of a contact's history.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// Version it produced.
    pub version: i32,
    /// create, edit, delete or restore.
    pub action: String,
    /// Field key → (old, new) display values.
    pub changes: Vec<(Field, String, String)>,
    /// Who.
    pub changed_by: String,
    /// Where.
    pub via: Via,
    /// The imported file's name, for a change an import made.
    pub file: Option<String>,
    /// When.
    pub changed_at: DateTime<Utc>,
}

const LIST_HISTORY: &str = "
SELECT h.version, h.action, h.changes, u.email AS changed_by, h.changed_at, h.via, h.import_id,
       fi.file_name
FROM contact_history h JOIN contacts c ON c.id = h.contact_id JOIN users u ON u.id = h.changed_by
LEFT JOIN file_imports fi ON fi.id = h.import_id
WHERE h.contact_id = $1 AND h.version > $4 AND label_role(c.label_id, $2, $3) >= $5
ORDER BY h.version DESC
LIMIT 100";

/// History of a contact after `after_version`, newest first; values of fields hidden from the
/// caller are left out.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn list_history(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    after_version: i32,
    hidden: &[Field],
) -> Result<Vec<HistoryEntry>, StorageError> {
    let stmt = client.prepare_cached(LIST_HISTORY).await?;
    let rows = client
        .query(
            &stmt,
            &[
                &id,
                &who.user_id,
                &who.groups,
                &after_version,
                &Action::View.min_rank(),
            ],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let changes: serde_json::Value = r.try_get("changes")?;
            let mut list = Vec::new();
            if let Some(map) = changes.as_object() {
                for (key, v) in map {
                    let Some(field) = Field::from_key(key) else {
                        continue;
                    };
                    if hidden.contains(&field) {
                        continue;
                    }
                    let text = |k: &str| {
                        v.get(k)
                            .and_then(|s| s.as_str())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    list.push((field, text("old"), text("new")));
                }
            }
            Ok(HistoryEntry {
                version: r.try_get("version")?,
                action: r.try_get("action")?,
                changes: list,
                changed_by: r.try_get("changed_by")?,
                changed_at: r.try_get("changed_at")?,
                via: Via::from_key(
                    r.try_get::<_, Option<&str>>("via")?,
                    r.try_get("import_id")?,
                ),
                file: r.try_get("file_name")?,
            })
        })
        .collect()
}

fn changes(old: &ContactData, new: &ContactData, fields: &[Field]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for f in fields {
        let (o, n) = (old.display(*f), new.display(*f));
        if o != n {
            map.insert(f.key().to_owned(), json!({ "old": o, "new": n }));
        }
    }
    serde_json::Value::Object(map)
}

const INSERT_HISTORY: &str = "INSERT INTO contact_history (contact_id, version, action, changes, changed_by, via, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7)";

async fn insert_history(
    client: &impl GenericClient,
    id: Uuid,
    version: i32,
    action: &str,
    changes: &serde_json::Value,
    by: Uuid,
    via: Via,
) -> Result<(), StorageError> {
    let stmt = client.prepare_cached(INSERT_HISTORY).await?;
    client
        .execute(
            &stmt,
            &[
                &id,
                &version,
                &action,
                changes,
                &by,
                &via.key(),
                &via.import_id(),
            ],
        )
        .await?;
    Ok(())
}

/// Keeps values a member typed in Google Contacts that lost to a side-panel edit made meanwhile.
///
/// They go into history as a clash on the contact's current `version` (the contact card shows it
/// until the contact changes again). Nothing typed is lost.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn record_clash(
    client: &impl GenericClient,
    id: Uuid,
    version: i32,
    current: &ContactData,
    theirs: &ContactData,
    fields: &[Field],
    by: Uuid,
) -> Result<(), StorageError> {
    insert_history(
        client,
        id,
        version,
        "clash",
        &changes(current, theirs, fields),
        by,
        Via::GoogleContacts,
    )
    .await
}

static SEARCH: LazyLock<String> = LazyLock::new(|| {
    format!(
        "WITH visible AS ({})
         SELECT c.id, c.name,
                CASE WHEN 'organization' = ANY (h.hidden) THEN '' ELSE c.organization END AS organization,
                CASE WHEN 'emails' = ANY (h.hidden) THEN NULL ELSE c.emails[1] END AS email
         FROM visible h JOIN contacts c ON c.label_id = h.label_id
         WHERE c.deleted_at IS NULL
           AND ((cardinality(h.hidden) = 0 AND c.search_text LIKE $3 ESCAPE '\\')
                OR c.name_key LIKE $3 ESCAPE '\\')
         ORDER BY lower(c.name), c.id
         OFFSET $4 LIMIT $5",
        caller_labels("$1", Some("$2"), None)
    )
});

/// Contacts the caller can see whose name, email, phone or company contains `folded`.
///
/// `folded` is already folded by [`crate::domain::contact::fold`]. Members with hidden fields on a
/// label find its contacts by name only, so a hidden value cannot be probed through search.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn search(
    client: &impl GenericClient,
    who: &Principal,
    folded: &str,
    offset: i64,
    limit: i64,
) -> Result<Vec<ContactSummary>, StorageError> {
    let pattern = format!("%{}%", escape_like(folded));
    let stmt = client.prepare_cached(&SEARCH).await?;
    let rows = client
        .query(
            &stmt,
            &[&who.user_id, &who.groups, &pattern, &offset, &limit],
        )
        .await?;
    rows.iter().map(ContactSummary::from_row).collect()
}

/// Escapes `%`, `_` and `\\` so user text matches literally in `LIKE`.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Another contact of the label that looks like the same person.
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Whether an address matched (else a phone number).
    pub by_email: bool,
}

const DUPLICATES: &str = "
SELECT c.id, c.name, (c.email_keys && $4::text[] AND NOT 'emails' = ANY (h.hidden)) AS by_email
FROM contacts c, LATERAL (SELECT caller_hidden_fields($1, $2, $3) AS hidden) h
WHERE c.label_id = $1 AND c.deleted_at IS NULL AND c.id IS DISTINCT FROM $6
  AND label_role($1, $2, $3) >= $7
  AND ((c.email_keys && $4::text[] AND NOT 'emails' = ANY (h.hidden))
       OR (NOT 'phones' = ANY (h.hidden)
           AND EXISTS (SELECT 1 FROM unnest(c.phones) p
                       WHERE regexp_replace(p, '[^0-9]', '', 'g') = ANY ($5::text[]))))
ORDER BY lower(c.name), c.id
LIMIT 5";

/// Contacts of `label` other than `except` sharing an address or a phone number (by digits)
/// with `data`, matched only on fields the caller may see (telling them otherwise would reveal a
/// hidden value).
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn duplicates(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    data: &ContactData,
    except: Option<Uuid>,
) -> Result<Vec<Duplicate>, StorageError> {
    let (emails, digits) = data.identity();
    if emails.is_empty() && digits.is_empty() {
        return Ok(Vec::new());
    }
    let params: [&(dyn ToSql + Sync); 7] = [
        &label,
        &who.user_id,
        &who.groups,
        &emails,
        &digits,
        &except,
        &Action::View.min_rank(),
    ];
    query_map(client, DUPLICATES, &params, |r| {
        Ok(Duplicate {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            by_email: r.try_get("by_email")?,
        })
    })
    .await
}

static EXPORT_PAGE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {VISIBLE_COLUMNS} {}
         WHERE c.label_id = $1 AND c.deleted_at IS NULL AND (lower(c.name), c.id) > ($4, $5)
         ORDER BY lower(c.name), c.id
         LIMIT $6",
        visible_from("contacts c", Some("$3"))
    )
});

/// The next `limit` live contacts of `label` after `after` (lower-cased name and id), in name
/// order, as the caller sees them: an export reads a label in such pages.
#[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
pub async fn export_page(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
    after: &(String, Uuid),
    limit: i64,
) -> Result<Vec<ContactView>, StorageError> {
    let stmt = client.prepare_cached(&EXPORT_PAGE).await?;
    client
        .query(
            &stmt,
            &[
                &label,
                &who.user_id,
                &who.groups,
                &after.0,
                &after.1,
                &limit,
            ],
        )
        .await?
        .iter()
        .map(ContactView::from_row)
        .collect()
}

const EXPORT_SHAPE: &str = "
SELECT coalesce(max(CASE WHEN 'emails' = ANY (h.hidden) THEN 0 ELSE cardinality(c.emails) END), 0) AS emails,
       coalesce(max(CASE WHEN 'phones' = ANY (h.hidden) THEN 0 ELSE cardinality(c.phones) END), 0) AS phones,
       coalesce(max(CASE WHEN 'addresses' = ANY (h.hidden) THEN 0 ELSE cardinality(c.addresses) END), 0)
           AS addresses,
       coalesce(max(CASE WHEN 'custom' = ANY (h.hidden) THEN 0 ELSE jsonb_array_length(c.custom) END), 0)
           AS custom
FROM contacts c, LATERAL (SELECT caller_hidden_fields($1, $2, $3) AS hidden) h
WHERE c.label_id = $1 AND c.deleted_at IS NULL AND label_role($1, $2, $3) >= $4";

/// The most values of each list field any live contact of `label` has, as the caller sees
/// them: the columns a Google CSV export needs.
pub async fn export_shape(
    client: &impl GenericClient,
    label: Uuid,
    who: &Principal,
) -> Result<crate::files::GoogleShape, StorageError> {
    let stmt = client.prepare_cached(EXPORT_SHAPE).await?;
    let r = client
        .query_one(
            &stmt,
            &super::acting_on(&label, who, &Action::View.min_rank()),
        )
        .await?;
    let n = |k: &str| -> Result<usize, StorageError> {
        Ok(usize::try_from(r.try_get::<_, i32>(k)?).unwrap_or(0))
    };
    Ok(crate::files::GoogleShape {
        emails: n("emails")?,
        phones: n("phones")?,
        addresses: n("addresses")?,
        custom: n("custom")?,
    })
}

/// Every statement this module assembles with `format!`, as it runs (for the SQL snapshot).
#[cfg(test)]
pub(crate) fn assembled() -> Vec<(&'static str, String)> {
    vec![
        ("contacts::get_contact", GET_CONTACT.clone()),
        ("contacts::list_contacts", LIST_CONTACTS.clone()),
        ("contacts::search", SEARCH.clone()),
        ("contacts::export_page", EXPORT_PAGE.clone()),
        (
            "contacts::message_people (caller in groups)",
            message_people_sql(Some("$6")),
        ),
        ("contacts::message_people", message_people_sql(None)),
    ]
}

#[cfg(test)]
mod tests {
    use super::VISIBLE_COLUMNS;
    use crate::domain::contact::Field;

    #[test]
    fn exactly_the_hideable_fields_are_blanked_when_hidden() {
        for f in Field::ALL {
            let blanked = VISIBLE_COLUMNS.contains(&format!("'{}' = ANY (acc.hidden)", f.key()));
            assert_eq!(blanked, Field::HIDEABLE.contains(&f), "{f:?}");
        }
    }
}
