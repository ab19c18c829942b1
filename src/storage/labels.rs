//! Labels: named sets of contacts with one owner. Every read is filtered for the caller in SQL.

use deadpool_postgres::GenericClient;
use tokio_postgres::Row;
use uuid::Uuid;

use super::StorageError;
use crate::domain::label::LabelName;
use crate::domain::role::Role;

/// A label as one member sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelView {
    /// Label id.
    pub id: Uuid,
    /// Label name.
    pub name: String,
    /// The caller's role on it.
    pub role: Role,
}

impl LabelView {
    fn from_row(row: &Row) -> Result<Self, StorageError> {
        let role: String = row.try_get("role")?;
        Ok(Self {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            role: role
                .parse()
                .map_err(|_| StorageError::Corrupt(format!("unknown role {role:?}")))?,
        })
    }
}

const INSERT_LABEL: &str =
    "INSERT INTO labels (id, owner_id, name) VALUES ($1, $2, $3) RETURNING id";

/// Creates a label owned by `owner`. A name the owner already uses (in any case) is a conflict.
pub async fn insert_label(
    client: &impl GenericClient,
    owner: Uuid,
    name: &LabelName,
) -> Result<Uuid, StorageError> {
    let stmt = client.prepare_cached(INSERT_LABEL).await?;
    let row = client
        .query_one(&stmt, &[&Uuid::new_v4(), &owner, &name.as_str()])
        .await
        .map_err(StorageError::classify)?;
    Ok(row.try_get("id")?)
}

const LIST_LABELS_FOR_USER: &str = "
SELECT id, name, 'owner' AS role
FROM labels
WHERE owner_id = $1
ORDER BY lower(name), id
LIMIT $2";

/// The labels `user` can see, by name, at most `limit` of them.
pub async fn list_labels_for_user(
    client: &impl GenericClient,
    user: Uuid,
    limit: i64,
) -> Result<Vec<LabelView>, StorageError> {
    let stmt = client.prepare_cached(LIST_LABELS_FOR_USER).await?;
    client
        .query(&stmt, &[&user, &limit])
        .await?
        .iter()
        .map(LabelView::from_row)
        .collect()
}

const GET_LABEL_FOR_USER: &str = "
SELECT id, name, 'owner' AS role
FROM labels
WHERE id = $1 AND owner_id = $2";

/// One label, only if `user` can see it.
pub async fn get_label_for_user(
    client: &impl GenericClient,
    label: Uuid,
    user: Uuid,
) -> Result<Option<LabelView>, StorageError> {
    let stmt = client.prepare_cached(GET_LABEL_FOR_USER).await?;
    client
        .query_opt(&stmt, &[&label, &user])
        .await?
        .as_ref()
        .map(LabelView::from_row)
        .transpose()
}
