//! Change counters (migration V11): what a server checks before reusing data it read moments ago.
//!
//! Writers bump, in their own transaction, a counter per address of a changed contact, per contact
//! whose comments changed, per user whose `label_access` rows changed, and per group whose shares
//! changed. A read that depends only on those keys stores the counters' sum read in the same
//! statement; the data is still current only if a later read of the sum is equal (it may have
//! moved for a change the read does not show).

use deadpool_postgres::GenericClient;
use uuid::Uuid;

use super::StorageError;
use crate::domain::principal::Principal;

/// Prefix of the key bumped when a contact with this lower-cased address changes.
pub const EMAIL_PREFIX: &str = "e:";
/// Prefix of the key bumped when a contact's comments change.
pub const CONTACT_PREFIX: &str = "c:";
/// Prefix of the key bumped when a user's `label_access` rows change.
pub const USER_PREFIX: &str = "u:";
/// Prefix of the key bumped when a group's shares change.
pub const GROUP_PREFIX: &str = "g:";

/// The keys the message card depends on before its contacts are known: the caller's access, their
/// groups' shares, and the addresses on the email (which contacts have them, and their fields).
pub fn message_keys(who: &Principal, emails: &[String]) -> Vec<String> {
    let mut keys = Vec::with_capacity(1 + who.groups.len() + emails.len());
    keys.push(format!("{USER_PREFIX}{}", who.user_id));
    keys.extend(who.groups.iter().map(|g| format!("{GROUP_PREFIX}{g}")));
    keys.extend(emails.iter().map(|e| format!("{EMAIL_PREFIX}{e}")));
    keys
}

/// The key of a contact's comments, added to those of [`message_keys`] for each contact shown.
pub fn contact_key(contact: Uuid) -> String {
    format!("{CONTACT_PREFIX}{contact}")
}

/// [`contact_key`] in SQL, for the contact id column `id`.
pub fn contact_key_sql(id: &str) -> String {
    format!("'{CONTACT_PREFIX}' || {id}")
}

/// A scalar sub-select summing the counters of the keys in the `text[]` placeholder `keys`, for a
/// statement that reads the sum along with the data it guards.
pub fn sum_of(keys: &str) -> String {
    format!(
        "(SELECT COALESCE(sum(changes), 0)::bigint FROM change_counters WHERE key = ANY ({keys}))"
    )
}

/// The counters' sum for `keys` now.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn sum(client: &impl GenericClient, keys: &[String]) -> Result<i64, StorageError> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("SELECT {} AS changes", sum_of("$1")));
    let stmt = client.prepare_cached(&SQL).await?;
    Ok(client
        .query_one(&stmt, &[&keys])
        .await?
        .try_get("changes")?)
}
