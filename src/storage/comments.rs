//! Comments on contacts: public ones for every member, private ones for their author only.
//!
//! Triggers its writes fire: `change_counters_comments_*` (the contact's key).

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::StorageError;
use crate::domain::permission::Action;
use crate::domain::principal::Principal;

/// A comment as the caller sees it.
#[derive(Debug, Clone)]
pub struct CommentView {
    /// Comment id.
    pub id: Uuid,
    /// Author's email.
    pub author: String,
    /// Whether the caller wrote it.
    pub mine: bool,
    /// Public or private.
    pub is_public: bool,
    /// Text.
    pub body: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl CommentView {
    fn from_row(r: &tokio_postgres::Row) -> Result<Self, StorageError> {
        Ok(Self {
            id: r.try_get("id")?,
            author: r.try_get("author")?,
            mine: r.try_get("mine")?,
            is_public: r.try_get("is_public")?,
            body: r.try_get("body")?,
            created_at: r.try_get("created_at")?,
        })
    }
}

const LIST_COMMENTS: &str = "
SELECT m.id, u.email AS author, m.author_id = $2 AS mine, m.is_public, m.body, m.created_at
FROM comments m
JOIN contacts c ON c.id = m.contact_id
JOIN users u ON u.id = m.author_id
WHERE m.contact_id = $1 AND m.deleted_at IS NULL AND (m.is_public OR m.author_id = $2)
  AND label_role(c.label_id, $2, $3) >= $5
ORDER BY m.created_at DESC, m.id DESC
LIMIT $4";

/// The newest comments on a contact the caller may read.
#[tracing::instrument(level = "debug", skip_all, fields(contact = %contact))]
pub async fn list_comments(
    client: &impl GenericClient,
    contact: Uuid,
    who: &Principal,
    limit: i64,
) -> Result<Vec<CommentView>, StorageError> {
    let stmt = client.prepare_cached(LIST_COMMENTS).await?;
    let rows = client
        .query(
            &stmt,
            &[
                &contact,
                &who.user_id,
                &who.groups,
                &limit,
                &Action::View.min_rank(),
            ],
        )
        .await?;
    rows.iter().map(CommentView::from_row).collect()
}

const INSERT_COMMENT: &str = "
INSERT INTO comments (id, contact_id, author_id, is_public, body)
SELECT $1, c.id, $3, $5, $6 FROM contacts c
WHERE c.id = $2 AND c.deleted_at IS NULL
  AND label_role(c.label_id, $3, $4) >= $7
RETURNING id";

const INSERT_MENTIONS: &str = "
INSERT INTO comment_mentions (comment_id, user_id)
SELECT $1, u.id FROM users u JOIN contacts c ON c.id = $2
WHERE lower(u.email) = ANY ($3) AND label_role(c.label_id, u.id, '{}') >= $4
ON CONFLICT DO NOTHING";

/// Adds a comment if the caller may (viewer for private, editor for public); @mentions of
/// members of the label are recorded. `None` when refused.
#[tracing::instrument(level = "debug", skip_all, fields(contact = %contact))]
pub async fn insert_comment(
    client: &impl GenericClient,
    contact: Uuid,
    who: &Principal,
    is_public: bool,
    body: &str,
    mentions: &[String],
) -> Result<Option<Uuid>, StorageError> {
    let stmt = client.prepare_cached(INSERT_COMMENT).await?;
    let id = Uuid::new_v4();
    let row = client
        .query_opt(
            &stmt,
            &[
                &id,
                &contact,
                &who.user_id,
                &who.groups,
                &is_public,
                &body,
                &if is_public {
                    Action::CommentPublicly
                } else {
                    Action::CommentPrivately
                }
                .min_rank(),
            ],
        )
        .await?;
    if row.is_none() {
        return Ok(None);
    }
    if is_public && !mentions.is_empty() {
        let stmt = client.prepare_cached(INSERT_MENTIONS).await?;
        client
            .execute(&stmt, &[&id, &contact, &mentions, &Action::View.min_rank()])
            .await?;
    }
    Ok(Some(id))
}

/// A public comment that @mentioned the caller.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The contact commented on.
    pub contact_id: Uuid,
    /// Its name.
    pub contact_name: String,
    /// Who wrote it.
    pub author: String,
    /// Text.
    pub body: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

const LIST_MENTIONS: &str = "
SELECT c.id AS contact_id, c.name AS contact_name, u.email AS author, m.body, m.created_at
FROM comment_mentions cm
JOIN comments m ON m.id = cm.comment_id
JOIN contacts c ON c.id = m.contact_id
JOIN users u ON u.id = m.author_id
WHERE cm.user_id = $1 AND m.deleted_at IS NULL AND m.is_public AND c.deleted_at IS NULL
  AND label_role(c.label_id, $1, $2) >= $4
ORDER BY m.created_at DESC
LIMIT $3";

/// Recent public comments that mention the caller, on contacts they can still see.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list_mentions(
    client: &impl GenericClient,
    who: &Principal,
    limit: i64,
) -> Result<Vec<Mention>, StorageError> {
    let stmt = client.prepare_cached(LIST_MENTIONS).await?;
    let rows = client
        .query(
            &stmt,
            &[&who.user_id, &who.groups, &limit, &Action::View.min_rank()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Mention {
                contact_id: r.try_get("contact_id")?,
                contact_name: r.try_get("contact_name")?,
                author: r.try_get("author")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// A comment with what the caller may do to it.
#[derive(Debug, Clone)]
pub struct CommentAccess {
    /// The comment.
    pub comment: CommentView,
    /// The contact it is on.
    pub contact_id: Uuid,
    /// The caller's role rank on the contact's label.
    pub role_rank: i16,
}

const GET_COMMENT: &str = "
SELECT m.id, u.email AS author, m.author_id = $2 AS mine, m.is_public, m.body, m.created_at, m.contact_id, r.rank
FROM comments m
JOIN contacts c ON c.id = m.contact_id
JOIN users u ON u.id = m.author_id
CROSS JOIN LATERAL (SELECT label_role(c.label_id, $2, $3) AS rank) r
WHERE m.id = $1 AND m.deleted_at IS NULL AND (m.is_public OR m.author_id = $2) AND r.rank >= $4";

/// One comment the caller can read.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn get_comment(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<Option<CommentAccess>, StorageError> {
    let stmt = client.prepare_cached(GET_COMMENT).await?;
    let row = client
        .query_opt(&stmt, &super::acting_on(&id, who, &Action::View.min_rank()))
        .await?;
    row.map(|r| {
        Ok(CommentAccess {
            comment: CommentView::from_row(&r)?,
            contact_id: r.try_get("contact_id")?,
            role_rank: r.try_get("rank")?,
        })
    })
    .transpose()
}

const UPDATE_COMMENT: &str = "
UPDATE comments SET body = $3, edited_at = now()
WHERE id = $1 AND author_id = $2 AND deleted_at IS NULL
RETURNING id";

/// Changes a comment's text; only its author may.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn update_comment(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
    body: &str,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(UPDATE_COMMENT).await?;
    Ok(client
        .query_opt(&stmt, &[&id, &who.user_id, &body])
        .await?
        .is_some())
}

const REMOVE_COMMENT: &str = "
UPDATE comments m SET deleted_at = now()
FROM contacts c
WHERE m.id = $1 AND c.id = m.contact_id AND m.deleted_at IS NULL
  AND (m.author_id = $2 OR (m.is_public AND label_role(c.label_id, $2, $3) >= $4))
RETURNING m.id";

/// Removes a comment: its author may, and managers and the owner may remove public ones.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn remove_comment(
    client: &impl GenericClient,
    id: Uuid,
    who: &Principal,
) -> Result<bool, StorageError> {
    let stmt = client.prepare_cached(REMOVE_COMMENT).await?;
    Ok(client
        .query_opt(
            &stmt,
            &super::acting_on(&id, who, &Action::ModerateComments.min_rank()),
        )
        .await?
        .is_some())
}
