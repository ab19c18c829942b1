//! The audit log's vocabulary: what was done, from where, and the filters an admin reads it by.

use chrono::NaiveDate;
use uuid::Uuid;

/// An action the audit log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// A label was shared with someone.
    ShareAdded,
    /// A share's role changed.
    RoleChanged,
    /// The fields hidden from a grantee changed.
    HiddenFieldsChanged,
    /// A share was revoked.
    AccessRevoked,
    /// A label changed owner.
    OwnershipTransferred,
    /// A label was created.
    LabelCreated,
    /// A label was renamed.
    LabelRenamed,
    /// A label was deleted.
    LabelDeleted,
    /// A contact was deleted (written by the database with the contact's history).
    ContactDeleted,
    /// A deleted contact was restored (likewise).
    ContactRestored,
    /// A CRM feed was connected.
    FeedConnected,
    /// A CRM feed was disconnected.
    FeedDisconnected,
    /// A domain policy changed.
    PolicyChanged,
    /// The mass-deletion guard held deletions made in Google Contacts.
    DeletionsHeld,
    /// Held deletions were approved.
    HeldApproved,
    /// Held deletions were dismissed.
    HeldDismissed,
    /// An admin offboarded a user.
    UserOffboarded,
}

impl AuditAction {
    /// Every action, in the order the admin's filter offers them.
    pub const ALL: [AuditAction; 17] = [
        Self::ShareAdded,
        Self::RoleChanged,
        Self::HiddenFieldsChanged,
        Self::AccessRevoked,
        Self::OwnershipTransferred,
        Self::LabelCreated,
        Self::LabelRenamed,
        Self::LabelDeleted,
        Self::ContactDeleted,
        Self::ContactRestored,
        Self::FeedConnected,
        Self::FeedDisconnected,
        Self::PolicyChanged,
        Self::DeletionsHeld,
        Self::HeldApproved,
        Self::HeldDismissed,
        Self::UserOffboarded,
    ];

    /// Stored name (checked by the table's constraint).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ShareAdded => "share_added",
            Self::RoleChanged => "role_changed",
            Self::HiddenFieldsChanged => "hidden_fields_changed",
            Self::AccessRevoked => "access_revoked",
            Self::OwnershipTransferred => "ownership_transferred",
            Self::LabelCreated => "label_created",
            Self::LabelRenamed => "label_renamed",
            Self::LabelDeleted => "label_deleted",
            Self::ContactDeleted => "contact_deleted",
            Self::ContactRestored => "contact_restored",
            Self::FeedConnected => "feed_connected",
            Self::FeedDisconnected => "feed_disconnected",
            Self::PolicyChanged => "policy_changed",
            Self::DeletionsHeld => "deletions_held",
            Self::HeldApproved => "held_approved",
            Self::HeldDismissed => "held_dismissed",
            Self::UserOffboarded => "user_offboarded",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The catalogue id of its name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::ShareAdded => "audit-action-share-added",
            Self::RoleChanged => "audit-action-role-changed",
            Self::HiddenFieldsChanged => "audit-action-hidden-fields-changed",
            Self::AccessRevoked => "audit-action-access-revoked",
            Self::OwnershipTransferred => "audit-action-ownership-transferred",
            Self::LabelCreated => "audit-action-label-created",
            Self::LabelRenamed => "audit-action-label-renamed",
            Self::LabelDeleted => "audit-action-label-deleted",
            Self::ContactDeleted => "audit-action-contact-deleted",
            Self::ContactRestored => "audit-action-contact-restored",
            Self::FeedConnected => "audit-action-feed-connected",
            Self::FeedDisconnected => "audit-action-feed-disconnected",
            Self::PolicyChanged => "audit-action-policy-changed",
            Self::DeletionsHeld => "audit-action-deletions-held",
            Self::HeldApproved => "audit-action-held-approved",
            Self::HeldDismissed => "audit-action-held-dismissed",
            Self::UserOffboarded => "audit-action-user-offboarded",
        }
    }
}

/// Where an audited action came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The add-on's cards (Gmail's side panel, or its homepage).
    SidePanel,
    /// A change read back from a member's Google Contacts.
    GoogleContacts,
    /// A CRM feed.
    Feed,
    /// The admin card.
    AdminCard,
}

impl Origin {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SidePanel => "side_panel",
            Self::GoogleContacts => "google_contacts",
            Self::Feed => "feed",
            Self::AdminCard => "admin_card",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::SidePanel,
            Self::GoogleContacts,
            Self::Feed,
            Self::AdminCard,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }

    /// The catalogue id of its name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::SidePanel => "origin-side-panel",
            Self::GoogleContacts => "origin-google-contacts",
            Self::Feed => "origin-feed",
            Self::AdminCard => "origin-admin-card",
        }
    }
}

/// What an admin narrows the log to; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditFilter {
    /// The actor's address (exact, case-insensitive) or part of it.
    pub user: Option<String>,
    /// A label's id, or part of its name.
    pub label: Option<String>,
    /// One action's stored name.
    pub action: Option<String>,
    /// From this day (inclusive, UTC).
    pub from: Option<NaiveDate>,
    /// Until this day (inclusive, UTC).
    pub until: Option<NaiveDate>,
}

/// Why an admin's filter was refused, with the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// The form field.
    pub field: &'static str,
    /// What the admin reads next to it.
    pub message: super::message::Msg,
}

impl AuditFilter {
    /// Reads the filter form's values. Dates are `YYYY-MM-DD` (or a date picker's milliseconds);
    /// an unknown action is refused, as the form never offers one.
    pub fn parse(
        user: &str,
        label: &str,
        action: &str,
        from: &str,
        until: &str,
    ) -> Result<Self, FilterError> {
        fn text(s: &str) -> Option<String> {
            let t = s.trim();
            (!t.is_empty()).then(|| t.chars().take(200).collect())
        }
        fn date(field: &'static str, s: &str) -> Result<Option<NaiveDate>, FilterError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            if let Ok(ms) = s.parse::<i64>() {
                return chrono::DateTime::from_timestamp_millis(ms)
                    .map(|t| Some(t.date_naive()))
                    .ok_or_else(|| FilterError {
                        field,
                        message: super::message::Msg::new("filter-error-out-of-range"),
                    });
            }
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| FilterError {
                    field,
                    message: super::message::Msg::new("filter-error-date").with("date", s),
                })
        }
        let action = match text(action) {
            None => None,
            Some(a) if a == "any" => None,
            Some(a) => Some(
                AuditAction::parse(&a)
                    .ok_or_else(|| FilterError {
                        field: "action",
                        message: super::message::Msg::new("filter-error-action"),
                    })?
                    .as_str()
                    .to_owned(),
            ),
        };
        let filter = Self {
            user: text(user).map(|u| u.to_lowercase()),
            label: text(label),
            action,
            from: date("from", from)?,
            until: date("until", until)?,
        };
        if let (Some(f), Some(u)) = (filter.from, filter.until)
            && f > u
        {
            return Err(FilterError {
                field: "until",
                message: super::message::Msg::new("filter-error-end-before-start"),
            });
        }
        Ok(filter)
    }

    /// The label filter as an id, when it is one.
    pub fn label_id(&self) -> Option<Uuid> {
        self.label.as_deref().and_then(|l| l.parse().ok())
    }
}

/// Prefixes a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, return) with
/// an apostrophe: label names and addresses are typed by users, and the CSV is opened by admins.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        for o in [
            Origin::SidePanel,
            Origin::GoogleContacts,
            Origin::Feed,
            Origin::AdminCard,
        ] {
            assert_eq!(Origin::parse(o.as_str()), Some(o));
        }
    }

    #[test]
    fn the_migration_allows_exactly_these_actions() {
        let sql = include_str!("../../migrations/V19__workspace_admins.sql");
        for a in AuditAction::ALL {
            assert!(sql.contains(&format!("'{}'", a.as_str())), "{a:?}");
        }
    }

    #[test]
    fn filters_are_read_and_refused_by_field() {
        let f = AuditFilter::parse(" Ann@Acme.com ", "", "share_added", "2026-12-01", "").unwrap();
        assert_eq!(f.user.as_deref(), Some("ann@acme.com"));
        assert_eq!(f.action.as_deref(), Some("share_added"));
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(
            AuditFilter::parse("", "", "", "1 Dec", "")
                .unwrap_err()
                .field,
            "from"
        );
        assert_eq!(
            AuditFilter::parse("", "", "", "2026-12-02", "2026-12-01")
                .unwrap_err()
                .field,
            "until"
        );
        assert_eq!(
            AuditFilter::parse("", "", "drop table", "", "")
                .unwrap_err()
                .field,
            "action"
        );
        let picked = AuditFilter::parse("", "", "any", "1764806400000", "").unwrap();
        assert_eq!(picked.from, NaiveDate::from_ymd_opt(2025, 12, 4));
        assert_eq!(picked.action, None);
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("Customers"), "Customers");
    }
}
