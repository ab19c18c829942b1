//! What Sharebook does with a change a member made to their copy of a shared label in Google
//! Contacts (on the web, their phone, Gmail's contact card): taken in, or put back, by role.
//!
//! Pure rules; the sync reads the member's changes, asks these, and applies the outcome. Nothing a
//! member may not do in the side panel may be done from Google Contacts either, and a field hidden
//! from them is never taken from their copy (what they hold there is blank or stale by design).

use super::contact::Field;
use super::permission::{Action, allows};
use super::role::Role;

/// A change found in a member's Google Contacts, on one of our contacts or groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoogleChange {
    /// Fields of one of our contacts changed.
    Edited(Vec<Field>),
    /// One of our contacts was deleted, or taken out of our group.
    Removed,
    /// A contact not ours was put into our group.
    Added,
    /// Our group was renamed.
    GroupRenamed,
    /// Our group was deleted.
    GroupDeleted,
}

/// What to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Take these fields into the shared contact (as that member, into history); with
    /// `put_back`, the member's copy is also rewritten, because some of what they changed was
    /// not theirs to change.
    Apply {
        /// Fields taken in.
        fields: Vec<Field>,
        /// Whether the member's copy must be rewritten afterwards.
        put_back: bool,
    },
    /// Rewrite the member's copy from the shared contact (or group); nothing else changes.
    PutBack,
    /// Soft-delete the shared contact (undoable, in history), for every member.
    Delete,
    /// Add the contact to the label.
    AddToLabel,
    /// Take the contact out of our group, leaving it in the member's own contacts untouched.
    TakeOutOfGroup,
    /// Rename the label.
    RenameLabel,
    /// Switch the sync off for this member's share of the label (the homepage says so).
    StopSyncing,
}

/// The outcome of `change`, made by a member with `role` from whom `hidden` fields are hidden.
pub fn decide(change: &GoogleChange, role: Role, hidden: &[Field]) -> Outcome {
    let may = |action| allows(Some(role), action);
    match change {
        GoogleChange::Edited(fields) => {
            if !may(Action::EditContact) {
                return Outcome::PutBack;
            }
            let (taken, refused): (Vec<Field>, Vec<Field>) =
                fields.iter().partition(|f| !hidden.contains(f));
            if taken.is_empty() {
                Outcome::PutBack
            } else {
                Outcome::Apply {
                    fields: taken,
                    put_back: !refused.is_empty(),
                }
            }
        }
        GoogleChange::Removed if may(Action::DeleteContact) => Outcome::Delete,
        GoogleChange::Removed => Outcome::PutBack,
        GoogleChange::Added if may(Action::AddContact) => Outcome::AddToLabel,
        GoogleChange::Added => Outcome::TakeOutOfGroup,
        GoogleChange::GroupRenamed if may(Action::RenameLabel) => Outcome::RenameLabel,
        GoogleChange::GroupRenamed => Outcome::PutBack,
        GoogleChange::GroupDeleted => Outcome::StopSyncing,
    }
}

/// When one member's deletions in one read are held for the owner instead of applied.
///
/// A phone reset or a misbehaving app emptying a member's group must never empty everyone's
/// label. Below `at_least` deletions nothing is held, so a label of ten or fewer contacts can be emptied by one
/// deleter; those deletions are soft and undoable, like any deletion in the side panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeletionGuard {
    /// Share of the label above which deletions are held (0.10: more than a tenth of it).
    pub share: f64,
    /// Fewest deletions ever held (below it, deletions apply however small the label).
    pub at_least: usize,
}

impl Default for DeletionGuard {
    fn default() -> Self {
        Self {
            share: 0.10,
            at_least: 10,
        }
    }
}

impl DeletionGuard {
    /// The guard as stored: a share in thousandths, and a count.
    pub fn from_stored(permille: i32, at_least: i32) -> Self {
        Self {
            share: f64::from(permille.clamp(0, 1000)) / 1000.0,
            at_least: usize::try_from(at_least).unwrap_or(1).max(1),
        }
    }

    /// The share in thousandths, as stored.
    pub fn permille(self) -> i32 {
        (self.share.clamp(0.0, 1.0) * 1000.0).round() as i32
    }

    /// Whether `deletions` from one member's read of a label of `label_size` contacts are held.
    pub fn holds(self, deletions: usize, label_size: usize) -> bool {
        // Compared in integers scaled by 1,000, so 10% of 100 is exactly 10.
        let permille = u128::try_from(self.permille()).unwrap_or(0);
        deletions >= self.at_least && (deletions as u128) * 1000 > (label_size as u128) * permille
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn edits_are_taken_from_editors_up_and_put_back_for_viewers() {
        let edit = GoogleChange::Edited(vec![Field::Phones, Field::Notes]);
        assert_eq!(decide(&edit, Role::Viewer, &[]), Outcome::PutBack);
        for role in [Role::Editor, Role::Deleter, Role::Manager, Role::Owner] {
            assert_eq!(
                decide(&edit, role, &[]),
                Outcome::Apply {
                    fields: vec![Field::Phones, Field::Notes],
                    put_back: false
                }
            );
        }
    }

    #[test]
    fn a_hidden_field_is_never_taken_in_and_the_copy_is_put_back() {
        let edit = GoogleChange::Edited(vec![Field::Phones, Field::Notes]);
        assert_eq!(
            decide(&edit, Role::Editor, &[Field::Notes]),
            Outcome::Apply {
                fields: vec![Field::Phones],
                put_back: true
            }
        );
        assert_eq!(
            decide(&edit, Role::Manager, &[Field::Notes, Field::Phones]),
            Outcome::PutBack
        );
    }

    #[test]
    fn removals_additions_and_groups_follow_the_side_panel_s_roles() {
        use GoogleChange::*;
        let cases = [
            (Removed, Role::Editor, Outcome::PutBack),
            (Removed, Role::Deleter, Outcome::Delete),
            (Added, Role::Viewer, Outcome::TakeOutOfGroup),
            (Added, Role::Editor, Outcome::AddToLabel),
            (GroupRenamed, Role::Manager, Outcome::PutBack),
            (GroupRenamed, Role::Owner, Outcome::RenameLabel),
            (GroupDeleted, Role::Viewer, Outcome::StopSyncing),
            (GroupDeleted, Role::Owner, Outcome::StopSyncing),
        ];
        for (change, role, expected) in cases {
            assert_eq!(
                decide(&change, role, &[]),
                expected,
                "{change:?} by {role:?}"
            );
        }
    }

    #[test]
    fn the_guard_holds_more_than_a_tenth_and_at_least_ten() {
        let guard = DeletionGuard::default();
        assert!(!guard.holds(9, 20), "fewer than ten always apply");
        assert!(guard.holds(10, 20));
        assert!(!guard.holds(10, 100), "exactly a tenth applies");
        assert!(guard.holds(11, 100));
        assert!(!guard.holds(99, 1000));
        assert!(guard.holds(101, 1000));
        assert!(guard.holds(25_000, 25_000), "a whole label emptied is held");
    }

    proptest! {
        /// Whatever changes and whoever makes them: nothing is taken that the side panel would
        /// refuse the same member, and no hidden field is ever taken in.
        #[test]
        fn nothing_is_taken_beyond_the_role_or_from_a_hidden_field(
            rank in 1i16..=5,
            fields in proptest::sample::subsequence(Field::ALL.to_vec(), 0..=Field::ALL.len()),
            hidden in proptest::sample::subsequence(Field::HIDEABLE.to_vec(), 0..=Field::HIDEABLE.len()),
            kind in 0usize..5,
        ) {
            let role = Role::from_rank(rank).unwrap();
            let change = match kind {
                0 => GoogleChange::Edited(fields.clone()),
                1 => GoogleChange::Removed,
                2 => GoogleChange::Added,
                3 => GoogleChange::GroupRenamed,
                _ => GoogleChange::GroupDeleted,
            };
            match decide(&change, role, &hidden) {
                Outcome::Apply { fields: taken, put_back } => {
                    prop_assert!(allows(Some(role), Action::EditContact));
                    prop_assert!(taken.iter().all(|f| !hidden.contains(f) && fields.contains(f)));
                    prop_assert_eq!(put_back, taken.len() < fields.len());
                }
                Outcome::Delete => prop_assert!(allows(Some(role), Action::DeleteContact)),
                Outcome::AddToLabel => prop_assert!(allows(Some(role), Action::AddContact)),
                Outcome::RenameLabel => prop_assert!(allows(Some(role), Action::RenameLabel)),
                Outcome::PutBack | Outcome::TakeOutOfGroup | Outcome::StopSyncing => {}
            }
        }

        #[test]
        fn the_guard_never_holds_what_a_smaller_count_would_not(
            size in 0usize..30_000,
            deletions in 0usize..30_000,
        ) {
            let guard = DeletionGuard::default();
            if guard.holds(deletions, size) {
                prop_assert!(deletions >= 10);
                prop_assert!(guard.holds(deletions + 1, size));
            }
        }
    }
}
