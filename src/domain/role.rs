//! The five roles a member can hold on a label, ordered from least to most powerful.

use std::fmt;
use std::str::FromStr;

/// A member's role on a label. Each role includes everything the roles before it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Sees the contacts; writes private comments.
    Viewer,
    /// Adds and edits contacts; writes public comments.
    Editor,
    /// Deletes and restores contacts.
    Deleter,
    /// Shares the label up to manager.
    Manager,
    /// The one owner: renames, deletes, transfers, hides fields.
    Owner,
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 5] = [
        Role::Viewer,
        Role::Editor,
        Role::Deleter,
        Role::Manager,
        Role::Owner,
    ];

    /// The stable name stored in the database and sent in action parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Deleter => "deleter",
            Role::Manager => "manager",
            Role::Owner => "owner",
        }
    }

    /// The catalogue id of its name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            Role::Viewer => "role-viewer",
            Role::Editor => "role-editor",
            Role::Deleter => "role-deleter",
            Role::Manager => "role-manager",
            Role::Owner => "role-owner",
        }
    }
}

impl Role {
    /// The rank stored in the database (`shares.role_rank`, `label_role()`): 1 viewer … 5 owner.
    pub fn rank(self) -> i16 {
        match self {
            Role::Viewer => 1,
            Role::Editor => 2,
            Role::Deleter => 3,
            Role::Manager => 4,
            Role::Owner => 5,
        }
    }

    /// The role of a rank; 0 (no access) and unknown ranks are `None`.
    pub fn from_rank(rank: i16) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.rank() == rank)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of the five.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown role")]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(UnknownRole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_round_trip() {
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Deleter);
        assert!(Role::Deleter < Role::Manager && Role::Manager < Role::Owner);
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert_eq!("admin".parse::<Role>(), Err(UnknownRole));
        assert_eq!("Owner".parse::<Role>(), Err(UnknownRole));
    }
}
