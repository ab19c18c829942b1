//! Who is asking: the user and everything through which a share can reach them.

use uuid::Uuid;

/// The caller, as authorization sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Sharebook's user id.
    pub user_id: Uuid,
    /// Verified email address.
    pub email: String,
    /// Workspace domain (`hd`): domain shares reach only verified Workspace accounts.
    pub domain: Option<String>,
    /// Google Groups the user belongs to, among those that have shares.
    pub groups: Vec<String>,
}
