//! Importing a file into a label: what a row that matches a contact of the label does to it,
//! and who may undo an import.

use super::contact::{ContactData, Field};
use super::permission::{Action, allows};
use super::role::Role;

/// Days a finished import can be undone (its rows are then forgotten).
pub const UNDO_DAYS: i32 = 30;

/// For each row, the line of an earlier row of the same file that is the same person (a shared
/// address, or phone number by digits), which is applied first.
pub fn same_person_as_earlier(rows: &[crate::files::Row]) -> Vec<Option<u32>> {
    let mut first: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    rows.iter()
        .map(|r| {
            let Ok(c) = &r.outcome else { return None };
            let (emails, digits) = c.identity();
            let keys: Vec<String> = emails
                .into_iter()
                .map(|e| format!("e:{e}"))
                .chain(digits.into_iter().map(|d| format!("p:{d}")))
                .collect();
            let earlier = keys.iter().find_map(|k| first.get(k).copied());
            for k in keys {
                first.entry(k).or_insert(r.line);
            }
            earlier
        })
        .collect()
}

/// What to do with a file's row that matches a contact already in the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnMatch {
    /// Leave the contact as it is.
    Skip,
    /// Fill the contact's empty fields from the file.
    Fill,
    /// Replace the contact's fields with every value the file gives (fields the file leaves
    /// empty are kept).
    Overwrite,
}

impl OnMatch {
    /// Every choice, in the order the preview offers them.
    pub const ALL: [OnMatch; 3] = [OnMatch::Skip, OnMatch::Fill, OnMatch::Overwrite];

    /// As stored and sent by the form.
    pub fn key(self) -> &'static str {
        match self {
            OnMatch::Skip => "skip",
            OnMatch::Fill => "fill",
            OnMatch::Overwrite => "overwrite",
        }
    }

    /// From the form or the database.
    pub fn from_key(key: &str) -> Option<OnMatch> {
        OnMatch::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The catalogue id of its wording.
    pub fn message_id(self) -> &'static str {
        match self {
            OnMatch::Skip => "file-on-match-skip",
            OnMatch::Fill => "file-on-match-fill",
            OnMatch::Overwrite => "file-on-match-overwrite",
        }
    }
}

/// The fields a matched row changes on `stored` (taking the row's values); none when it
/// changes nothing.
///
/// Only `visible` fields are touched: a value hidden from the importer is neither read nor
/// written through a file.
pub fn apply_match(
    stored: &ContactData,
    incoming: &ContactData,
    on_match: OnMatch,
    visible: &[Field],
) -> Vec<Field> {
    let empty = ContactData::default();
    visible
        .iter()
        .copied()
        .filter(|f| {
            let given = incoming.display(*f) != empty.display(*f);
            let differs = incoming.display(*f) != stored.display(*f);
            match on_match {
                OnMatch::Skip => false,
                OnMatch::Fill => given && stored.display(*f) == empty.display(*f),
                OnMatch::Overwrite => given && differs,
            }
        })
        .collect()
}

/// Whether `role` may undo an import: the member who imported while they may still add
/// contacts, or anyone who may delete contacts (undoing deletes what the import added).
pub fn may_undo(role: Option<Role>, is_importer: bool) -> bool {
    (is_importer && allows(role, Action::AddContact)) || allows(role, Action::DeleteContact)
}

/// The least rank that may undo, bound into the SQL that does it.
pub fn undo_rank(is_importer: bool) -> i16 {
    if is_importer {
        Action::AddContact.min_rank()
    } else {
        Action::DeleteContact.min_rank()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> ContactData {
        ContactData {
            name: "Ann Lee".into(),
            emails: vec!["ann@example.com".into()],
            title: "CEO".into(),
            ..ContactData::default()
        }
    }

    fn incoming() -> ContactData {
        ContactData {
            name: "Ann B. Lee".into(),
            emails: vec!["ann@example.com".into()],
            phones: vec!["555 0100".into()],
            title: String::new(),
            notes: "from the fair".into(),
            ..ContactData::default()
        }
    }

    #[test]
    fn skip_changes_nothing() {
        assert!(apply_match(&stored(), &incoming(), OnMatch::Skip, &Field::ALL).is_empty());
    }

    #[test]
    fn fill_takes_only_empty_fields() {
        assert_eq!(
            apply_match(&stored(), &incoming(), OnMatch::Fill, &Field::ALL),
            [Field::Phones, Field::Notes]
        );
    }

    #[test]
    fn overwrite_takes_every_given_value_and_keeps_the_rest() {
        // The title the file leaves empty is kept; the same address is no change.
        assert_eq!(
            apply_match(&stored(), &incoming(), OnMatch::Overwrite, &Field::ALL),
            [Field::Name, Field::Phones, Field::Notes]
        );
    }

    #[test]
    fn hidden_fields_are_never_written() {
        let visible: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| *f != Field::Phones)
            .collect();
        assert_eq!(
            apply_match(&stored(), &incoming(), OnMatch::Fill, &visible),
            [Field::Notes]
        );
    }

    #[test]
    fn who_may_undo() {
        for role in Role::ALL {
            let r = Some(role);
            assert_eq!(may_undo(r, true), allows(r, Action::AddContact), "{role:?}");
            assert_eq!(
                may_undo(r, false),
                allows(r, Action::DeleteContact),
                "{role:?}"
            );
        }
        assert!(!may_undo(None, true));
    }
}
