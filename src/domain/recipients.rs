//! Adding a label's addresses to a draft: to which field, and without repeating anyone already on it.

use super::contact::normalize_email;

/// A draft's recipient field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientField {
    /// To.
    To,
    /// Cc.
    Cc,
    /// Bcc: what a mailing to a whole label uses, so members do not see each other's addresses.
    Bcc,
}

impl RecipientField {
    /// Every field, in the order offered.
    pub const ALL: [RecipientField; 3] =
        [RecipientField::To, RecipientField::Cc, RecipientField::Bcc];

    /// The value sent by the form.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientField::To => "to",
            RecipientField::Cc => "cc",
            RecipientField::Bcc => "bcc",
        }
    }

    /// The catalogue id of its name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            RecipientField::To => "recipient-to",
            RecipientField::Cc => "recipient-cc",
            RecipientField::Bcc => "recipient-bcc",
        }
    }

    /// From the form's value.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// The address in a recipient as Gmail lists it (`ann@x.test` or `Ann <ann@x.test>`), lower-cased.
fn address(recipient: &str) -> String {
    let inner = match (recipient.rfind('<'), recipient.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            recipient.get(open + 1..close).unwrap_or(recipient)
        }
        _ => recipient,
    };
    normalize_email(inner.trim())
        .unwrap_or_else(|| inner.trim().to_owned())
        .to_lowercase()
}

/// The field's new list: what it held, then each of `adding` not already anywhere on the draft
/// (`on_draft`: every field's recipients), in order and once; with how many were added.
///
/// Gmail's `updateToRecipients` (and Cc, Bcc) replace a field's list, so what the field held is
/// sent back with the additions.
pub fn add(field: &[String], on_draft: &[&[String]], adding: &[String]) -> (Vec<String>, usize) {
    let mut seen: Vec<String> = on_draft
        .iter()
        .flat_map(|list| list.iter())
        .map(|r| address(r))
        .collect();
    let mut out = field.to_vec();
    let mut added = 0;
    for r in adding {
        let a = address(r);
        if a.is_empty() || seen.contains(&a) {
            continue;
        }
        seen.push(a);
        out.push(r.clone());
        added += 1;
    }
    (out, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn what_the_field_held_stays_and_nobody_is_added_twice() {
        let to = v(&["boss@corp.test"]);
        let cc = v(&["Ann Lee <ANN@client.test>"]);
        let (list, added) = add(
            &to,
            &[&to, &cc, &[]],
            &v(&[
                "ann@client.test",
                "bob@client.test",
                "Bob@Client.test",
                "boss@corp.test",
            ]),
        );
        assert_eq!(list, v(&["boss@corp.test", "bob@client.test"]));
        assert_eq!(added, 1);
    }

    #[test]
    fn fields_round_trip() {
        for f in RecipientField::ALL {
            assert_eq!(RecipientField::parse(f.as_str()), Some(f));
        }
        assert_eq!(RecipientField::parse("everyone"), None);
    }
}
