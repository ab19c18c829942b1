//! What each role may do: the one table every route consults before acting.

use super::role::Role;

/// Everything a caller can attempt on a label or its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the label, its contacts and public comments.
    View,
    /// Write a comment only its author sees.
    CommentPrivately,
    /// Write a comment every member sees, with @mentions.
    CommentPublicly,
    /// Add a contact.
    AddContact,
    /// Edit a contact.
    EditContact,
    /// Delete or restore a contact.
    DeleteContact,
    /// Remove someone else's public comment.
    ModerateComments,
    /// Share the label, change or revoke access (never above manager, never the owner).
    ManageShares,
    /// Hide fields from chosen members.
    HideFields,
    /// Rename the label.
    RenameLabel,
    /// Delete the label.
    DeleteLabel,
    /// Hand the label to another member.
    TransferOwnership,
    /// Switch the label's sync into one's own Google Contacts off or back on.
    ChooseSync,
    /// Approve or dismiss deletions a member made in Google Contacts that were too many to apply
    /// at once.
    ReviewHeldDeletions,
    /// Connect a CRM feed to the label, choose what it takes, sync it now, disconnect it.
    ManageFeed,
}

impl Action {
    /// Every action, for exhaustive tests.
    pub const ALL: [Action; 15] = [
        Action::View,
        Action::CommentPrivately,
        Action::CommentPublicly,
        Action::AddContact,
        Action::EditContact,
        Action::DeleteContact,
        Action::ModerateComments,
        Action::ManageShares,
        Action::HideFields,
        Action::RenameLabel,
        Action::DeleteLabel,
        Action::TransferOwnership,
        Action::ChooseSync,
        Action::ReviewHeldDeletions,
        Action::ManageFeed,
    ];

    /// The rank of [`Action::minimum_role`], bound into SQL so queries never spell a rank.
    pub fn min_rank(self) -> i16 {
        self.minimum_role().rank()
    }

    /// The lowest role allowed to do this.
    pub fn minimum_role(self) -> Role {
        match self {
            Action::View | Action::CommentPrivately | Action::ChooseSync => Role::Viewer,
            Action::CommentPublicly | Action::AddContact | Action::EditContact => Role::Editor,
            Action::DeleteContact => Role::Deleter,
            Action::ModerateComments | Action::ManageShares => Role::Manager,
            Action::HideFields
            | Action::RenameLabel
            | Action::DeleteLabel
            | Action::TransferOwnership
            | Action::ReviewHeldDeletions
            | Action::ManageFeed => Role::Owner,
        }
    }
}

/// Whether `role` (or no role at all) may do `action`.
pub fn allows(role: Option<Role>, action: Action) -> bool {
    role.is_some_and(|r| r >= action.minimum_role())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_product_table_holds() {
        use Action::*;
        let table: [(Action, [bool; 5]); 15] = [
            (View, [true; 5]),
            (CommentPrivately, [true; 5]),
            (CommentPublicly, [false, true, true, true, true]),
            (AddContact, [false, true, true, true, true]),
            (EditContact, [false, true, true, true, true]),
            (DeleteContact, [false, false, true, true, true]),
            (ModerateComments, [false, false, false, true, true]),
            (ManageShares, [false, false, false, true, true]),
            (HideFields, [false, false, false, false, true]),
            (RenameLabel, [false, false, false, false, true]),
            (DeleteLabel, [false, false, false, false, true]),
            (TransferOwnership, [false, false, false, false, true]),
            (ChooseSync, [true; 5]),
            (ReviewHeldDeletions, [false, false, false, false, true]),
            (ManageFeed, [false, false, false, false, true]),
        ];
        for (action, expected) in table {
            for (role, allowed) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(allows(Some(role), action), allowed, "{role:?} {action:?}");
            }
            assert!(
                !allows(None, action),
                "no access allows nothing: {action:?}"
            );
        }
    }
}
