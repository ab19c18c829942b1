//! Who may grant, change and revoke which roles.
//!
//! Owners and managers share. Nobody grants the owner role (ownership moves only by transfer); a
//! manager grants at most manager and may not change or revoke the owner or anyone above them.

use super::permission::Action;
use super::role::Role;

/// Why a sharing change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The caller's role does not allow sharing at all.
    #[error("Only managers and the owner can change who has access.")]
    NotAllowed,
    /// The role asked for is above what the caller may grant.
    #[error("You can give at most the manager role.")]
    AboveOwnRights,
    /// The owner's access is not a share and cannot be changed here.
    #[error("The owner's access can only change by transferring ownership.")]
    OwnerUntouchable,
    /// The member's current role is above the caller's.
    #[error("This member's role is above yours.")]
    TargetAbove,
}

impl super::message::Explain for ShareError {
    fn message(&self) -> super::message::Msg {
        super::message::Msg::new(match self {
            ShareError::NotAllowed => "error-share-not-allowed",
            ShareError::AboveOwnRights => "error-share-above-own-rights",
            ShareError::OwnerUntouchable => "error-share-owner-untouchable",
            ShareError::TargetAbove => "error-share-target-above",
        })
    }
}

/// The highest role a share can carry: ownership is never shared, only transferred.
pub const MAX_GRANTABLE: Role = Role::Manager;

/// Highest role `actor` may give.
pub fn highest_grantable(actor: Role) -> Option<Role> {
    (actor >= Action::ManageShares.minimum_role()).then_some(MAX_GRANTABLE)
}

/// Whether `actor` may create a share with `role`.
pub fn check_grant(actor: Role, role: Role) -> Result<(), ShareError> {
    let highest = highest_grantable(actor).ok_or(ShareError::NotAllowed)?;
    if role > highest {
        return Err(ShareError::AboveOwnRights);
    }
    Ok(())
}

/// Whether `actor` may change a share whose current role is `current` to `role`.
pub fn check_change(actor: Role, current: Role, role: Role) -> Result<(), ShareError> {
    check_revoke(actor, current)?;
    check_grant(actor, role)
}

/// Whether `actor` may revoke a share whose current role is `current`.
pub fn check_revoke(actor: Role, current: Role) -> Result<(), ShareError> {
    highest_grantable(actor).ok_or(ShareError::NotAllowed)?;
    if current == Role::Owner {
        return Err(ShareError::OwnerUntouchable);
    }
    if current > actor {
        return Err(ShareError::TargetAbove);
    }
    Ok(())
}

/// Roles `actor` may offer in a picker, lowest first.
pub fn grantable_roles(actor: Role) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| check_grant(actor, *r).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn role() -> impl Strategy<Value = Role> {
        prop::sample::select(Role::ALL.to_vec())
    }

    #[derive(Debug, Clone)]
    enum Op {
        Grant(usize, Role, Role),
        Change(Role, usize, Role),
        Revoke(Role, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..6usize, role(), role()).prop_map(|(m, a, r)| Op::Grant(m, a, r)),
            (role(), 0..6usize, role()).prop_map(|(ar, m, r)| Op::Change(ar, m, r)),
            (role(), 0..6usize).prop_map(|(ar, m)| Op::Revoke(ar, m)),
        ]
    }

    proptest! {
        /// Whatever sequence of requests arrives, no share ends above manager, nothing a manager
        /// did exceeds manager, and every applied change was allowed for its actor.
        #[test]
        fn no_one_ends_above_what_the_rules_allow(ops in prop::collection::vec(op(), 1..60)) {
            let mut shares: [Option<Role>; 6] = [None; 6];
            for op in ops {
                match op {
                    Op::Grant(member, actor, role) => {
                        if check_grant(actor, role).is_ok() {
                            prop_assert!(actor >= Role::Manager && role <= Role::Manager);
                            shares[member] = Some(role);
                        }
                    }
                    Op::Change(actor, member, role) => {
                        if let Some(current) = shares[member]
                            && check_change(actor, current, role).is_ok()
                        {
                            prop_assert!(current <= actor && role <= Role::Manager);
                            shares[member] = Some(role);
                        }
                    }
                    Op::Revoke(actor, member) => {
                        if let Some(current) = shares[member]
                            && check_revoke(actor, current).is_ok()
                        {
                            shares[member] = None;
                        }
                    }
                }
                prop_assert!(shares.iter().flatten().all(|r| *r <= Role::Manager));
            }
        }

        /// Revoking twice is the same as revoking once: the second finds nothing to revoke.
        #[test]
        fn revoke_is_idempotent(actor in role(), current in role()) {
            let mut share = Some(current);
            for _ in 0..2 {
                if let Some(c) = share
                    && check_revoke(actor, c).is_ok()
                {
                    share = None;
                }
            }
            let once = if check_revoke(actor, current).is_ok() { None } else { Some(current) };
            prop_assert_eq!(share, once);
        }

        #[test]
        fn offered_roles_are_exactly_the_grantable_ones(actor in role()) {
            for r in Role::ALL {
                prop_assert_eq!(grantable_roles(actor).contains(&r), check_grant(actor, r).is_ok());
            }
        }
    }

    #[test]
    fn managers_and_owners_share_up_to_manager_only() {
        assert_eq!(
            grantable_roles(Role::Owner),
            vec![Role::Viewer, Role::Editor, Role::Deleter, Role::Manager]
        );
        assert_eq!(
            grantable_roles(Role::Manager),
            vec![Role::Viewer, Role::Editor, Role::Deleter, Role::Manager]
        );
        assert!(grantable_roles(Role::Deleter).is_empty());
        assert_eq!(
            check_grant(Role::Owner, Role::Owner),
            Err(ShareError::AboveOwnRights)
        );
        assert_eq!(
            check_revoke(Role::Manager, Role::Owner),
            Err(ShareError::OwnerUntouchable)
        );
        assert_eq!(
            check_revoke(Role::Editor, Role::Viewer),
            Err(ShareError::NotAllowed)
        );
        assert_eq!(
            check_change(Role::Manager, Role::Manager, Role::Viewer),
            Ok(())
        );
    }
}
