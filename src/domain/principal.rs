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

/// Whether Google vouches that an account with this `email` and Workspace domain `hd` owns the
/// address: a @gmail.com address, or `hd` equal to the address's domain.
///
/// Google's `email` claim is authoritative only for those two cases; a personal Google account can
/// be registered with any company's address. Only a vouched account counts as a member of a Google
/// Group (whose membership lists addresses). The same rule is `email_vouched` in SQL (migration
/// V13), which decides who may hold a user share; a test keeps the two equal.
pub fn vouched(email: &str, hd: Option<&str>) -> bool {
    let Some((_, domain)) = email.rsplit_once('@') else {
        return false;
    };
    domain.eq_ignore_ascii_case("gmail.com") || hd.is_some_and(|hd| hd.eq_ignore_ascii_case(domain))
}

#[cfg(test)]
mod tests {
    use super::vouched;

    #[test]
    fn google_vouches_for_gmail_and_for_workspace_accounts_of_their_own_domain() {
        assert!(vouched("ann@gmail.com", None));
        assert!(vouched("Ann@Acme.test", Some("acme.test")));
        assert!(!vouched("ann@acme.test", None));
        assert!(!vouched("ann@acme.test", Some("other.test")));
        assert!(!vouched("not-an-address", Some("acme.test")));
    }
}
