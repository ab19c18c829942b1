//! Merging two contacts of a label that are one person: every value kept, without repeats.

use super::contact::{ContactData, ContactForm, Field, FieldErrors, phone_digits};
use super::permission::{Action, allows};
use super::role::Role;

/// Whether `role` may merge contacts (and undo a merge): merging deletes one of them.
pub fn may_merge(role: Option<Role>) -> bool {
    allows(role, Action::DeleteContact)
}

/// `kept` and `other` as one contact.
///
/// Lists are joined without repeats (addresses compared without case, phone numbers by digits).
/// A single value comes from `kept`, or from `other` when `kept` has none; when both have one and
/// they differ, `other`'s notes are added after `kept`'s, and its name, company or title become
/// custom fields named by `field_name` (the merging user's words), so nothing is lost.
pub fn merge(
    kept: &ContactData,
    other: &ContactData,
    field_name: impl Fn(Field) -> String,
) -> Result<ContactData, FieldErrors> {
    let mut m = kept.clone();
    join_lists(&mut m, other);
    let mut extra = Vec::new();
    for (field, mine, theirs) in [
        (Field::Name, &mut m.name, &other.name),
        (
            Field::Organization,
            &mut m.organization,
            &other.organization,
        ),
        (Field::Title, &mut m.title, &other.title),
    ] {
        if mine.trim().is_empty() {
            mine.clone_from(theirs);
        } else if !theirs.trim().is_empty() && !theirs.eq_ignore_ascii_case(mine) {
            extra.push((field_name(field), theirs.clone()));
        }
    }
    if m.notes.trim().is_empty() {
        m.notes.clone_from(&other.notes);
    } else if !other.notes.trim().is_empty() && !m.notes.contains(other.notes.trim()) {
        m.notes = format!("{}\n\n{}", m.notes.trim_end(), other.notes.trim());
    }
    for kv in &extra {
        if !m.custom.contains(kv) {
            m.custom.push(kv.clone());
        }
    }
    // The joined contact must still be one the side panel accepts (at most 20 addresses...).
    ContactForm::from_data(&m).validate()
}

/// Whether two values of list `field` are one value: addresses compared without case, phone
/// numbers by digits, postal addresses without case.
pub fn same_value(field: Field, a: &str, b: &str) -> bool {
    match field {
        Field::Phones => phone_digits(a) == phone_digits(b),
        Field::Emails => a.eq_ignore_ascii_case(b),
        _ => a.to_lowercase() == b.to_lowercase(),
    }
}

/// Adds to `into`'s lists (addresses, phones, postal addresses, custom fields) the values of
/// `other`'s it lacks, in `other`'s order.
pub fn join_lists(into: &mut ContactData, other: &ContactData) {
    for (field, mine, theirs) in [
        (Field::Emails, &mut into.emails, &other.emails),
        (Field::Phones, &mut into.phones, &other.phones),
        (Field::Addresses, &mut into.addresses, &other.addresses),
    ] {
        for v in theirs {
            if !mine.iter().any(|x| same_value(field, x, v)) {
                mine.push(v.clone());
            }
        }
    }
    for kv in &other.custom {
        if !into.custom.contains(kv) {
            into.custom.push(kv.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(f: Field) -> String {
        format!("{f:?}")
    }

    #[test]
    fn every_value_is_kept_once() {
        let kept = ContactData {
            name: "Ann Lee".into(),
            emails: vec!["ann@client.test".into()],
            phones: vec!["+44 20 7946 0018".into()],
            organization: "Acme".into(),
            notes: "Met in May".into(),
            custom: vec![("Tier".into(), "gold".into())],
            ..ContactData::default()
        };
        let other = ContactData {
            name: "Ann B. Lee".into(),
            emails: vec!["ANN@client.test".into(), "ann@home.test".into()],
            phones: vec!["+44 (20) 7946-0018".into(), "555 0100".into()],
            organization: "acme".into(),
            title: "Buyer".into(),
            addresses: vec!["1 High St\nLondon".into()],
            notes: "Prefers email".into(),
            custom: vec![
                ("Tier".into(), "gold".into()),
                ("Region".into(), "EU".into()),
            ],
        };
        let m = merge(&kept, &other, name).unwrap();
        assert_eq!(m.name, "Ann Lee");
        assert_eq!(m.emails, ["ann@client.test", "ann@home.test"]);
        assert_eq!(m.phones, ["+44 20 7946 0018", "555 0100"]);
        assert_eq!(m.organization, "Acme");
        assert_eq!(m.title, "Buyer");
        assert_eq!(m.addresses, ["1 High St\nLondon"]);
        assert_eq!(m.notes, "Met in May\n\nPrefers email");
        assert_eq!(
            m.custom,
            [
                ("Tier".to_owned(), "gold".to_owned()),
                ("Region".to_owned(), "EU".to_owned()),
                ("Name".to_owned(), "Ann B. Lee".to_owned())
            ]
        );
    }

    #[test]
    fn a_merge_past_the_limits_is_refused() {
        let many = |p: &str| ContactData {
            name: "X".into(),
            emails: (0..15).map(|i| format!("{p}{i}@x.test")).collect(),
            ..ContactData::default()
        };
        let errors = merge(&many("a"), &many("b"), name).unwrap_err();
        assert!(errors.contains_key(&Field::Emails));
    }

    #[test]
    fn only_deleters_and_above_merge() {
        for role in Role::ALL {
            assert_eq!(
                may_merge(Some(role)),
                allows(Some(role), Action::DeleteContact)
            );
        }
        assert!(!may_merge(None));
    }
}
