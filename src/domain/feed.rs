//! A CRM feeding a label one way: which parties it takes, how its changes meet what members
//! edited, and how a failing feed backs off.

use std::time::Duration;

use super::contact::{ContactData, Field};

/// Why a party is not in the label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// No email address, phone number or postal address (Capsule's own Google Contacts rule).
    NoDetails,
    /// It could not be read; the reason is kept for the feed card.
    BadData(String),
}

/// The reason stored for a party without contact details: a catalogue id, worded when shown.
pub const NO_DETAILS: &str = "feed-skip-no-details";

impl Skip {
    /// The reason, in the words the feed card shows.
    pub fn reason(&self) -> String {
        match self {
            Skip::NoDetails => NO_DETAILS.to_owned(),
            Skip::BadData(why) => format!("unreadable: {why}"),
        }
    }
}

/// Whether a party with `tags` is one the feed takes (`chosen`: `None` takes every party).
pub fn chosen(tags: &[String], chosen: Option<&[String]>) -> bool {
    chosen.is_none_or(|wanted| {
        tags.iter()
            .any(|t| wanted.iter().any(|w| w.eq_ignore_ascii_case(t)))
    })
}

/// A CRM change to a contact members may have edited.
///
/// The fields the CRM changed since it last sent the party (`before`) take its new value, whatever a member made of them; the others stay
/// as members left them. Returns the contact to store and the fields the CRM overwrote.
pub fn apply_change(
    before: &ContactData,
    after: &ContactData,
    current: &ContactData,
) -> (ContactData, Vec<Field>) {
    let mut next = current.clone();
    let mut fields = Vec::new();
    for field in after.changed_fields(before) {
        if current.display(field) != after.display(field) {
            next.take_field(after, field);
            fields.push(field);
        }
    }
    (next, fields)
}

/// How long a feed waits after `failures` consecutive failures (5xx, timeouts): the poll
/// interval doubled each time, at most an hour, so a CRM outage is not hammered.
pub fn backoff(poll: Duration, failures: u32) -> Duration {
    let factor = 2u32.saturating_pow(failures.min(16));
    poll.saturating_mul(factor).min(Duration::from_secs(3600))
}

/// How far back an incremental read reaches before the last complete one started.
///
/// The watermark is taken before the first request of a read, so parties changed while its pages
/// are read (Capsule documents no order) come again next time; the overlap covers the rest:
/// whether `since` is inclusive (undocumented; `updatedAt` has one-second precision) and the
/// difference between our clock and Capsule's. Each change is read again at most about
/// `OVERLAP / poll` times, which writes nothing (unchanged parties are compared, not written) but
/// costs pages after a burst: two minutes keeps a burst's re-reads to about two polls.
pub const OVERLAP: Duration = Duration::from_secs(120);

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, phone: &str, notes: &str) -> ContactData {
        ContactData {
            name: name.into(),
            phones: vec![phone.into()],
            notes: notes.into(),
            ..ContactData::default()
        }
    }

    #[test]
    fn the_crm_overwrites_only_what_it_changed() {
        let before = contact("Ada", "111111", "from crm");
        // A member changed the phone and the notes in Sharebook.
        let current = contact("Ada", "222222", "member's note");
        // The CRM changes the notes and the name, not the phone.
        let after = contact("Ada Byron", "111111", "crm's new note");
        let (next, fields) = apply_change(&before, &after, &current);
        assert_eq!(next, contact("Ada Byron", "222222", "crm's new note"));
        assert_eq!(fields, [Field::Name, Field::Notes]);
    }

    #[test]
    fn nothing_changed_in_the_crm_writes_nothing() {
        let before = contact("Ada", "111111", "x");
        let current = contact("Ada", "999999", "y");
        let (next, fields) = apply_change(&before, &before, &current);
        assert_eq!(next, current);
        assert!(fields.is_empty());
    }

    #[test]
    fn a_crm_change_a_member_already_made_is_no_change() {
        let before = contact("Ada", "111111", "x");
        let after = contact("Ada", "222222", "x");
        let (next, fields) = apply_change(&before, &after, &after);
        assert_eq!(next, after);
        assert!(fields.is_empty());
    }

    #[test]
    fn backoff_doubles_to_an_hour() {
        let poll = Duration::from_secs(60);
        assert_eq!(backoff(poll, 0), poll);
        assert_eq!(backoff(poll, 1), Duration::from_secs(120));
        assert_eq!(backoff(poll, 3), Duration::from_secs(480));
        assert_eq!(backoff(poll, 40), Duration::from_secs(3600));
    }

    #[test]
    fn tags_choose_parties_case_blind() {
        let tags = vec!["Customer".to_owned()];
        assert!(chosen(&tags, None));
        assert!(chosen(&tags, Some(&["customer".to_owned()])));
        assert!(!chosen(&tags, Some(&["Prospect".to_owned()])));
        assert!(!chosen(&[], Some(&["Prospect".to_owned()])));
    }
}
