//! The emails Sharebook sends: their kinds, which a user may switch off one by one, and how a
//! burst of the same news to the same person becomes one email.

/// What an email tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EmailKind {
    /// A label was shared with the recipient (or a group they are in).
    Invitation,
    /// The recipient was @mentioned in a public comment.
    Mention,
    /// Deletions made in Google Contacts were held on the recipient's label.
    HeldDeletions,
    /// The CRM feed the recipient connected was paused.
    FeedPaused,
}

impl EmailKind {
    /// Every kind, in the order the settings list them.
    pub const ALL: [EmailKind; 4] = [
        Self::Invitation,
        Self::Mention,
        Self::HeldDeletions,
        Self::FeedPaused,
    ];

    /// Stored name (checked by the tables' constraints).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::Mention => "mention",
            Self::HeldDeletions => "held_deletions",
            Self::FeedPaused => "feed_paused",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The catalogue id of the setting's name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::Invitation => "email-kind-invitation",
            Self::Mention => "email-kind-mention",
            Self::HeldDeletions => "email-kind-held-deletions",
            Self::FeedPaused => "email-kind-feed-paused",
        }
    }
}

/// Most items one email lists; the rest are counted ("and 3 more").
pub const MAX_LISTED: usize = 20;

/// Attempts before an email is given up (with the error kept on its row).
pub const MAX_ATTEMPTS: i32 = 8;

/// Seconds to wait before attempt `attempts + 1`: 1, 2, 4 … minutes, at most an hour.
pub fn retry_after_secs(attempts: i32) -> i64 {
    let exp = u32::try_from(attempts.clamp(0, 6)).unwrap_or(6);
    (60_i64 << exp).min(3600)
}

/// The addresses @mentioned in a comment that are not among `may_see` (the label's members, as
/// found by the caller): a mention of someone who cannot see the label is refused, not dropped.
pub fn unreachable_mentions(mentioned: &[String], may_see: &[String]) -> Vec<String> {
    mentioned
        .iter()
        .filter(|m| !may_see.iter().any(|s| s.eq_ignore_ascii_case(m)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in EmailKind::ALL {
            assert_eq!(EmailKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EmailKind::parse("spam"), None);
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        assert_eq!(retry_after_secs(0), 60);
        assert_eq!(retry_after_secs(1), 120);
        assert_eq!(retry_after_secs(5), 1920);
        assert_eq!(retry_after_secs(6), 3600);
        assert_eq!(retry_after_secs(60), 3600);
    }

    #[test]
    fn mentions_of_people_who_cannot_see_the_label_are_named() {
        let mentioned = vec!["ann@x.test".to_owned(), "eve@y.test".to_owned()];
        assert_eq!(
            unreachable_mentions(&mentioned, &["ANN@x.test".to_owned()]),
            ["eve@y.test"]
        );
        assert!(unreachable_mentions(&mentioned, &mentioned).is_empty());
    }
}
