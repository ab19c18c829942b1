//! Who is a Sharebook admin for a domain, and what an admin may do to the domain's users.
//!
//! Admin rights are a domain's: they come from the account's own Workspace domain (`hd`), never
//! reach another domain, and show who shared what with whom, never contacts.

/// The configured admins (`SHAREBOOK_ADMINS`) and whether they replace the Directory's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminList {
    /// Lowercased addresses.
    pub emails: Vec<String>,
    /// `SHAREBOOK_ADMINS_ONLY`: the list alone decides (self-hosted, no Directory access).
    pub only: bool,
}

impl AdminList {
    /// Whether the Directory should be asked about `email` at all.
    pub fn asks_directory(&self, email: &str) -> bool {
        !self.only && !self.lists(email)
    }

    /// Whether `email` is listed.
    pub fn lists(&self, email: &str) -> bool {
        let email = email.trim().to_lowercase();
        self.emails.contains(&email)
    }
}

/// The domain `email` administers, if any.
///
/// That is their Workspace domain, when the list names them or (unless the list replaces it) the
/// Directory says they are a super admin. A personal account (no `hd`) administers nothing,
/// whatever the list says.
pub fn administered_domain(
    email: &str,
    hd: Option<&str>,
    list: &AdminList,
    directory_says_admin: bool,
) -> Option<String> {
    let hd = hd?.trim().to_lowercase();
    let own = email
        .trim()
        .rsplit_once('@')
        .is_some_and(|(_, d)| d.eq_ignore_ascii_case(&hd));
    let admin = list.lists(email) || (!list.only && directory_says_admin);
    (own && admin).then_some(hd)
}

/// Why an offboarding was refused; the text goes next to the recipient field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OffboardError {
    /// No recipient typed, or not an address.
    #[error("Type the address of the colleague who takes over the labels.")]
    NoRecipient,
    /// The recipient is the departing user.
    #[error("The labels must go to someone else.")]
    SamePerson,
    /// The recipient is outside the domain.
    #[error("The new owner must be in {domain}.")]
    OutsideDomain {
        /// The admin's domain.
        domain: String,
    },
    /// The recipient has never used Sharebook, or was offboarded.
    #[error(
        "{email} has not used Sharebook yet (or was offboarded): ask them to open it once in Gmail."
    )]
    NotAUser {
        /// The address typed.
        email: String,
    },
}

impl super::message::Explain for OffboardError {
    fn message(&self) -> super::message::Msg {
        use super::message::Msg;
        match self {
            OffboardError::NoRecipient => Msg::new("error-offboard-no-recipient"),
            OffboardError::SamePerson => Msg::new("error-offboard-same-person"),
            OffboardError::OutsideDomain { domain } => {
                Msg::new("error-offboard-outside-domain").with("domain", domain)
            }
            OffboardError::NotAUser { email } => {
                Msg::new("error-offboard-not-a-user").with("email", email)
            }
        }
    }
}

/// Checks the recipient an admin of `domain` typed for `leaving`'s labels.
pub fn check_recipient(
    domain: &str,
    leaving: &str,
    recipient: &str,
) -> Result<String, OffboardError> {
    let recipient = recipient.trim().to_lowercase();
    let Some((_, d)) = recipient.rsplit_once('@') else {
        return Err(OffboardError::NoRecipient);
    };
    if recipient == leaving.trim().to_lowercase() {
        return Err(OffboardError::SamePerson);
    }
    if !d.eq_ignore_ascii_case(domain) {
        return Err(OffboardError::OutsideDomain {
            domain: domain.to_owned(),
        });
    }
    Ok(recipient)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(emails: &[&str], only: bool) -> AdminList {
        AdminList {
            emails: emails.iter().map(|e| e.to_string()).collect(),
            only,
        }
    }

    #[test]
    fn admin_rights_come_from_the_directory_or_the_list_within_ones_own_domain() {
        let none = AdminList::default();
        assert_eq!(
            administered_domain("boss@acme.com", Some("acme.com"), &none, true),
            Some("acme.com".into())
        );
        assert_eq!(
            administered_domain("ann@acme.com", Some("acme.com"), &none, false),
            None
        );
        let listed = list(&["ann@acme.com"], false);
        assert_eq!(
            administered_domain("Ann@Acme.com", Some("acme.com"), &listed, false),
            Some("acme.com".into())
        );
        let only = list(&["ann@acme.com"], true);
        assert_eq!(
            administered_domain("boss@acme.com", Some("acme.com"), &only, true),
            None,
            "the list replaces the Directory"
        );
        assert!(!only.asks_directory("boss@acme.com"));
        assert!(!listed.asks_directory("ann@acme.com"));
        assert!(listed.asks_directory("boss@acme.com"));
    }

    #[test]
    fn no_domain_no_rights_and_never_another_domain() {
        let listed = list(&["me@gmail.com", "x@other.com"], false);
        assert_eq!(
            administered_domain("me@gmail.com", None, &listed, true),
            None
        );
        assert_eq!(
            administered_domain("x@other.com", Some("acme.com"), &listed, true),
            None,
            "an address outside its hd"
        );
    }

    #[test]
    fn recipients_stay_in_the_domain() {
        assert_eq!(
            check_recipient("acme.com", "a@acme.com", " B@acme.com"),
            Ok("b@acme.com".into())
        );
        assert_eq!(
            check_recipient("acme.com", "a@acme.com", "A@acme.com"),
            Err(OffboardError::SamePerson)
        );
        assert!(matches!(
            check_recipient("acme.com", "a@acme.com", "b@other.com"),
            Err(OffboardError::OutsideDomain { .. })
        ));
        assert_eq!(
            check_recipient("acme.com", "a@acme.com", ""),
            Err(OffboardError::NoRecipient)
        );
    }
}
