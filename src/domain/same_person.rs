//! One person in several labels a member sees: one Google contact for them, merged, and how an
//! edit made to it there reaches each label's contact.
//!
//! The sync decides which contacts are one person (the same address, or the same phone number when
//! neither has an address: `storage::sync::same_person_copies`); this says what the one Google
//! contact holds and what a member's edit of it means for each contact it stands for.

use super::contact::{ContactData, Field};
use super::merge::{join_lists, same_value};

/// The Google contact for one person: `parts` (each as the member sees it, hidden fields blank)
/// ordered from the label the member has had longest.
///
/// Lists hold every part's values without repeats. A single value (name, company, title, notes)
/// comes from the first part that has one: the label held longest wins, the others' values stay
/// visible in the side panel.
pub fn merged<'a>(parts: impl IntoIterator<Item = &'a ContactData>) -> ContactData {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return ContactData::default();
    };
    let mut m = first.clone();
    for p in parts {
        join_lists(&mut m, p);
        for (mine, theirs) in [
            (&mut m.name, &p.name),
            (&mut m.organization, &p.organization),
            (&mut m.title, &p.title),
            (&mut m.notes, &p.notes),
        ] {
            if mine.trim().is_empty() {
                mine.clone_from(theirs);
            }
        }
    }
    m
}

/// What makes `seen` (a contact as the member sees it) the same person as another.
///
/// Its addresses, or, when it has none, its phone numbers by digits: two contacts sharing a key
/// are one person. The sync's SQL (`storage::sync::same_person_copies`) applies the same rule to stored contacts.
pub fn keys(seen: &ContactData) -> Vec<String> {
    let (emails, digits) = seen.identity();
    if emails.is_empty() {
        digits.into_iter().map(|k| format!("p:{k}")).collect()
    } else {
        emails.into_iter().map(|k| format!("e:{k}")).collect()
    }
}

/// What happened to one field of a contact when a member's edit of the merged Google contact
/// reached it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// `next` holds the edit.
    Taken,
    /// The contact's own value changed in Sharebook since it was written there: it is kept, and
    /// the member's value goes to history as a clash.
    Clash,
}

/// Applies the member's edit of `field` to `next` (a contact it stands for, now `current`).
///
/// `base` is the merged contact as last written, `theirs` what the member left, and `part_base`
/// what this contact held then. A list loses what the member removed and gains what they added,
/// keeping the values only this contact had; a single value becomes theirs, unless the contact's
/// own value changed in Sharebook meanwhile.
pub fn spread_edit(
    next: &mut ContactData,
    field: Field,
    base: &ContactData,
    theirs: &ContactData,
    part_base: &ContactData,
    current: &ContactData,
) -> Spread {
    let lists = |d: &ContactData| -> Option<Vec<String>> {
        match field {
            Field::Emails => Some(d.emails.clone()),
            Field::Phones => Some(d.phones.clone()),
            Field::Addresses => Some(d.addresses.clone()),
            _ => None,
        }
    };
    if field == Field::Custom {
        let removed: Vec<_> = base
            .custom
            .iter()
            .filter(|kv| !theirs.custom.contains(kv))
            .collect();
        next.custom.retain(|kv| !removed.contains(&kv));
        for kv in &theirs.custom {
            if !base.custom.contains(kv) && !next.custom.contains(kv) {
                next.custom.push(kv.clone());
            }
        }
        return Spread::Taken;
    }
    let (Some(was), Some(now), Some(mut values)) = (lists(base), lists(theirs), lists(next)) else {
        if current.display(field) != part_base.display(field)
            && current.display(field) != theirs.display(field)
        {
            return Spread::Clash;
        }
        next.take_field(theirs, field);
        return Spread::Taken;
    };
    let has = |list: &[String], v: &str| list.iter().any(|x| same_value(field, x, v));
    values.retain(|v| !has(&was, v) || has(&now, v));
    for v in &now {
        if !has(&was, v) && !has(&values, v) {
            values.push(v.clone());
        }
    }
    let mut holder = ContactData::default();
    match field {
        Field::Emails => holder.emails = values,
        Field::Phones => holder.phones = values,
        _ => holder.addresses = values,
    }
    next.take_field(&holder, field);
    Spread::Taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: &str, emails: &[&str], phones: &[&str], notes: &str) -> ContactData {
        ContactData {
            name: name.into(),
            emails: emails.iter().map(|s| (*s).to_owned()).collect(),
            phones: phones.iter().map(|s| (*s).to_owned()).collect(),
            notes: notes.into(),
            ..ContactData::default()
        }
    }

    #[test]
    fn the_label_held_longest_gives_single_values_and_lists_join_without_repeats() {
        let a = part("Ada L.", &["ada@x.test"], &["+44 20 7946 0001"], "");
        let b = part(
            "Ada Lovelace",
            &["ADA@x.test", "ada@home.test"],
            &["+44 (20) 7946-0001", "555 0100"],
            "Met in May",
        );
        let m = merged([&a, &b]);
        assert_eq!(m.name, "Ada L.");
        assert_eq!(m.emails, ["ada@x.test", "ada@home.test"]);
        assert_eq!(m.phones, ["+44 20 7946 0001", "555 0100"]);
        assert_eq!(
            m.notes, "Met in May",
            "an empty value is filled by the next"
        );
        assert_eq!(merged([&a]), a, "one part is written as it is");
        assert_eq!(merged([&b, &a]).name, "Ada Lovelace");
    }

    #[test]
    fn addresses_make_the_person_and_phones_only_without_one() {
        let with = part("Ada", &["Ada@X.test"], &["+44 20 7946 0001"], "");
        assert_eq!(keys(&with), ["e:ada@x.test"]);
        let without = part("Ada", &[], &["+44 (20) 7946-0001", "12"], "");
        assert_eq!(
            keys(&without),
            ["p:442079460001"],
            "short numbers join nothing"
        );
    }

    #[test]
    fn a_list_edit_removes_and_adds_keeping_what_only_this_contact_had() {
        let a = part("Ada", &["ada@x.test", "only@a.test"], &[], "");
        let b = part("Ada", &["ada@x.test", "b@b.test"], &[], "");
        let base = merged([&a, &b]);
        // The member removed ada@x.test and b@b.test, and added new@x.test.
        let theirs = part("Ada", &["only@a.test", "new@x.test"], &[], "");
        let mut next = a.clone();
        let s = spread_edit(&mut next, Field::Emails, &base, &theirs, &a, &a);
        assert_eq!(s, Spread::Taken);
        assert_eq!(next.emails, ["only@a.test", "new@x.test"]);
        let mut next = b.clone();
        spread_edit(&mut next, Field::Emails, &base, &theirs, &b, &b);
        assert_eq!(next.emails, ["new@x.test"]);
    }

    #[test]
    fn a_single_value_is_taken_unless_it_changed_in_sharebook_meanwhile() {
        let a = part("Ada", &[], &[], "old");
        let base = merged([&a]);
        let theirs = part("Ada King", &[], &[], "old");
        let mut next = a.clone();
        assert_eq!(
            spread_edit(&mut next, Field::Name, &base, &theirs, &a, &a),
            Spread::Taken
        );
        assert_eq!(next.name, "Ada King");
        let current = part("Countess Ada", &[], &[], "old");
        let mut next = current.clone();
        assert_eq!(
            spread_edit(&mut next, Field::Name, &base, &theirs, &a, &current),
            Spread::Clash
        );
        assert_eq!(next.name, "Countess Ada");
    }

    fn arb_part() -> impl Strategy<Value = ContactData> {
        let email = prop::sample::select(vec!["a@x.test", "A@x.test", "b@y.test", "c@z.test"]);
        let phone = prop::sample::select(vec!["+44 20 7946 0001", "020 7946 0001", "555 0100"]);
        let text = prop::sample::select(vec!["", "Ada", "Ada Lovelace"]);
        (
            text.clone(),
            prop::collection::vec(email, 0..3),
            prop::collection::vec(phone, 0..3),
            text,
        )
            .prop_map(|(name, emails, phones, notes)| {
                // Each part as the side panel keeps it: no value twice.
                let once = |field: Field, values: Vec<&str>| -> Vec<String> {
                    let mut out: Vec<String> = Vec::new();
                    for v in values {
                        if !out.iter().any(|x| same_value(field, x, v)) {
                            out.push(v.to_owned());
                        }
                    }
                    out
                };
                ContactData {
                    name: name.to_owned(),
                    emails: once(Field::Emails, emails),
                    phones: once(Field::Phones, phones),
                    notes: notes.to_owned(),
                    ..ContactData::default()
                }
            })
    }

    use proptest::prelude::*;

    proptest! {
        /// Nothing a label gives is lost or repeated, and the first label's single values win.
        #[test]
        fn every_value_is_kept_once_and_the_first_label_wins(
            parts in prop::collection::vec(arb_part(), 1..5),
        ) {
            let m = merged(&parts);
            for p in &parts {
                for (field, values, all) in [
                    (Field::Emails, &p.emails, &m.emails),
                    (Field::Phones, &p.phones, &m.phones),
                ] {
                    for v in values {
                        prop_assert!(all.iter().any(|x| same_value(field, x, v)));
                    }
                }
            }
            for (field, all) in [(Field::Emails, &m.emails), (Field::Phones, &m.phones)] {
                for (i, a) in all.iter().enumerate() {
                    for b in &all[i + 1..] {
                        prop_assert!(!same_value(field, a, b), "{} and {} repeat", a, b);
                    }
                }
            }
            let first = parts.iter().find(|p| !p.name.trim().is_empty());
            prop_assert_eq!(&m.name, &first.map(|p| p.name.clone()).unwrap_or_default());
        }

        /// A list the member left as it was changes nothing in any contact (single values are
        /// spread only when they changed).
        #[test]
        fn an_untouched_list_spreads_as_no_change(
            parts in prop::collection::vec(arb_part(), 1..4),
        ) {
            let base = merged(&parts);
            for p in &parts {
                for f in [Field::Emails, Field::Phones, Field::Addresses, Field::Custom] {
                    let mut next = p.clone();
                    prop_assert_eq!(spread_edit(&mut next, f, &base, &base, p, p), Spread::Taken);
                    prop_assert_eq!(&next, p);
                }
            }
        }
    }

    #[test]
    fn custom_fields_follow_the_same_rule_as_lists() {
        let mut a = part("Ada", &[], &[], "");
        a.custom = vec![("Tier".into(), "Gold".into()), ("Mine".into(), "1".into())];
        let base = a.clone();
        let mut theirs = a.clone();
        theirs.custom = vec![
            ("Tier".into(), "Platinum".into()),
            ("Mine".into(), "1".into()),
        ];
        let mut next = a.clone();
        spread_edit(&mut next, Field::Custom, &base, &theirs, &a, &a);
        assert_eq!(
            next.custom,
            [
                ("Mine".to_owned(), "1".to_owned()),
                ("Tier".to_owned(), "Platinum".to_owned())
            ]
        );
    }
}
