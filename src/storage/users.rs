//! Users: Google accounts, created on first sight and kept in step with their token's email.

use deadpool_postgres::GenericClient;
use uuid::Uuid;

use crate::google::id_token::UserIdentity;

const UPSERT_USER: &str = "
WITH changed AS (
    INSERT INTO users (id, google_sub, email, hd)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT (google_sub) DO UPDATE
        SET email = EXCLUDED.email, hd = EXCLUDED.hd, updated_at = now()
        WHERE (users.email, users.hd) IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.hd)
    RETURNING id
)
SELECT id FROM changed
UNION ALL
SELECT id FROM users WHERE google_sub = $2
LIMIT 1";

const BIND_PENDING_SHARES: &str = "
UPDATE shares SET user_id = $1, updated_at = now()
WHERE grantee_kind = 'user' AND grantee = lower($2) AND user_id IS NULL";

/// Returns the user's id, creating the user on first sight and updating a changed email or domain.
/// Shares that waited for this address take effect now. Writes nothing when nothing changed.
pub async fn upsert_user(
    client: &impl GenericClient,
    who: &UserIdentity,
) -> Result<Uuid, tokio_postgres::Error> {
    let stmt = client.prepare_cached(UPSERT_USER).await?;
    let row = client
        .query_one(&stmt, &[&Uuid::new_v4(), &who.sub, &who.email, &who.hd])
        .await?;
    let id: Uuid = row.try_get("id")?;
    let stmt = client.prepare_cached(BIND_PENDING_SHARES).await?;
    client.execute(&stmt, &[&id, &who.email]).await?;
    Ok(id)
}
