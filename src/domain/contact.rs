//! Contacts: the fields a shared contact holds, how typed values are checked, and how two
//! concurrent edits merge field by field.

use super::message::{Explain, Msg};
use std::collections::BTreeMap;

use super::text::{self, Lines};

/// Longest name, in characters.
pub const MAX_NAME: usize = 200;
/// Longest notes, in characters.
pub const MAX_NOTES: usize = 10_000;
/// Longest short text field (organisation, title, one address line block), in characters.
pub const MAX_SHORT: usize = 500;
/// Most values in a list field (emails, phones, addresses, custom fields).
pub const MAX_ITEMS: usize = 20;

/// A contact field, as named in forms, history and per-member hiding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Full name.
    Name,
    /// Email addresses.
    Emails,
    /// Phone numbers.
    Phones,
    /// Company.
    Organization,
    /// Job title.
    Title,
    /// Postal addresses.
    Addresses,
    /// Free text.
    Notes,
    /// Custom key/value pairs.
    Custom,
}

impl Field {
    /// Every field, in display order.
    pub const ALL: [Field; 8] = [
        Field::Name,
        Field::Emails,
        Field::Phones,
        Field::Organization,
        Field::Title,
        Field::Addresses,
        Field::Notes,
        Field::Custom,
    ];

    /// Fields the owner may hide from a member (the name always shows).
    pub const HIDEABLE: [Field; 7] = [
        Field::Emails,
        Field::Phones,
        Field::Organization,
        Field::Title,
        Field::Addresses,
        Field::Notes,
        Field::Custom,
    ];

    /// Stable name used in forms, the database and history.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Emails => "emails",
            Field::Phones => "phones",
            Field::Organization => "organization",
            Field::Title => "title",
            Field::Addresses => "addresses",
            Field::Notes => "notes",
            Field::Custom => "custom",
        }
    }

    /// The catalogue id of its name (`locales/`).
    pub fn message_id(self) -> &'static str {
        match self {
            Field::Name => "field-name",
            Field::Emails => "field-emails",
            Field::Phones => "field-phones",
            Field::Organization => "field-organization",
            Field::Title => "field-title",
            Field::Addresses => "field-addresses",
            Field::Notes => "field-notes",
            Field::Custom => "field-custom",
        }
    }

    /// Whether the form's box for this field holds one line or several.
    pub fn lines(self) -> Lines {
        match self {
            Field::Name | Field::Organization | Field::Title => Lines::Single,
            Field::Emails | Field::Phones | Field::Addresses | Field::Notes | Field::Custom => {
                Lines::Multi
            }
        }
    }

    /// The field named `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// The values of a contact, already checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContactData {
    /// Full name, never empty.
    pub name: String,
    /// Email addresses, lower-cased domain, in order.
    pub emails: Vec<String>,
    /// Phone numbers as typed (trimmed).
    pub phones: Vec<String>,
    /// Company.
    pub organization: String,
    /// Job title.
    pub title: String,
    /// Postal addresses, one per entry.
    pub addresses: Vec<String>,
    /// Notes.
    pub notes: String,
    /// Custom fields, in order.
    pub custom: Vec<(String, String)>,
}

/// What a user typed in the contact form, one string per field (lists one item per line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactForm {
    /// Typed values by field.
    pub values: BTreeMap<Field, String>,
}

/// Messages to show next to fields.
pub type FieldErrors = BTreeMap<Field, super::message::Msg>;

impl ContactForm {
    /// The text typed for `field` ("" when empty).
    pub fn get(&self, field: Field) -> &str {
        self.values.get(&field).map_or("", String::as_str)
    }

    /// The form as it shows `data`.
    pub fn from_data(data: &ContactData) -> Self {
        let mut values = BTreeMap::new();
        for f in Field::ALL {
            values.insert(f, data.display(f));
        }
        Self { values }
    }

    /// Checks every field, returning the contact or one message per faulty field.
    pub fn validate(&self) -> Result<ContactData, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = self.get(Field::Name).trim().to_owned();
        if name.is_empty() {
            errors.insert(Field::Name, Msg::new("error-contact-name-empty"));
        } else if name.chars().count() > MAX_NAME {
            errors.insert(
                Field::Name,
                Msg::new("error-too-long").with("max", MAX_NAME),
            );
        }
        let emails = lines(self.get(Field::Emails));
        let mut normalized = Vec::new();
        for e in &emails {
            match normalize_email(e) {
                Some(n) => normalized.push(n),
                None => {
                    errors.insert(
                        Field::Emails,
                        Msg::new("error-not-an-email").with("value", e.as_str()),
                    );
                    break;
                }
            }
        }
        let phones = lines(self.get(Field::Phones));
        if let Some(bad) = phones.iter().find(|p| !is_phone(p)) {
            errors.insert(
                Field::Phones,
                Msg::new("error-not-a-phone").with("value", bad.as_str()),
            );
        }
        let addresses = blocks(self.get(Field::Addresses));
        let mut custom = Vec::new();
        for line in lines(self.get(Field::Custom)) {
            match line.split_once(':') {
                Some((k, v)) if !k.trim().is_empty() => {
                    custom.push((k.trim().to_owned(), v.trim().to_owned()))
                }
                _ => {
                    errors.insert(
                        Field::Custom,
                        Msg::new("error-custom-line").with("value", line.as_str()),
                    );
                    break;
                }
            }
        }
        for (field, count) in [
            (Field::Emails, emails.len()),
            (Field::Phones, phones.len()),
            (Field::Addresses, addresses.len()),
            (Field::Custom, custom.len()),
        ] {
            if count > MAX_ITEMS {
                errors.insert(field, Msg::new("error-too-many").with("max", MAX_ITEMS));
            }
        }
        for field in [Field::Organization, Field::Title] {
            if self.get(field).trim().chars().count() > MAX_SHORT {
                errors.insert(field, Msg::new("error-too-long").with("max", MAX_SHORT));
            }
        }
        if addresses.iter().any(|a| a.chars().count() > MAX_SHORT) {
            errors.insert(
                Field::Addresses,
                Msg::new("error-address-too-long").with("max", MAX_SHORT),
            );
        }
        if self.get(Field::Notes).chars().count() > MAX_NOTES {
            errors.insert(
                Field::Notes,
                Msg::new("error-too-long").with("max", MAX_NOTES),
            );
        }
        // Last: a control character is the root of any other complaint about its field.
        for field in Field::ALL {
            if let Err(e) = text::check(self.get(field).trim(), field.lines()) {
                errors.insert(field, e.message());
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ContactData {
            name,
            emails: dedup(normalized),
            phones,
            organization: self.get(Field::Organization).trim().to_owned(),
            title: self.get(Field::Title).trim().to_owned(),
            addresses,
            notes: self.get(Field::Notes).trim().to_owned(),
            custom,
        })
    }
}

impl ContactData {
    /// This contact as the side panel would accept it, for one typed elsewhere (in Google
    /// Contacts) that must be shared as it is rather than refused.
    ///
    /// Without a name it is named after its first address, phone or company, as Google Contacts
    /// shows it; a name too long is cut; a field the side panel would refuse otherwise is left
    /// empty. The caller keeps the original (it stays in the member's copy).
    pub fn acceptable(&self) -> ContactData {
        const UNNAMED: &str = "Unnamed contact";
        let mut data = self.clone();
        let nameless = data.name.trim().is_empty();
        if nameless {
            data.name = UNNAMED.to_owned();
        } else if data.name.chars().count() > MAX_NAME {
            data.name = data.name.chars().take(MAX_NAME).collect();
        }
        let blank = ContactData::default();
        let mut clean = None;
        for _ in 0..=Field::ALL.len() {
            match ContactForm::from_data(&data).validate() {
                Ok(c) => {
                    clean = Some(c);
                    break;
                }
                Err(errors) => {
                    for field in errors.keys() {
                        if *field == Field::Name {
                            data.name = UNNAMED.to_owned();
                        } else {
                            data.take_field(&blank, *field);
                        }
                    }
                }
            }
        }
        let mut clean = clean.unwrap_or(data);
        if nameless
            && let Some(name) = clean
                .emails
                .first()
                .or(clean.phones.first())
                .cloned()
                .or_else(|| Some(clean.organization.clone()).filter(|o| !o.is_empty()))
        {
            clean.name = name;
        }
        clean
    }

    /// How a field reads in forms and history (lists one item per line).
    pub fn display(&self, field: Field) -> String {
        match field {
            Field::Name => self.name.clone(),
            Field::Emails => self.emails.join("\n"),
            Field::Phones => self.phones.join("\n"),
            Field::Organization => self.organization.clone(),
            Field::Title => self.title.clone(),
            Field::Addresses => self.addresses.join("\n\n"),
            Field::Notes => self.notes.clone(),
            Field::Custom => self
                .custom
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Sets `field` from its display form (the inverse of [`ContactData::display`]).
    pub fn set_display(&mut self, field: Field, text: &str) {
        match field {
            Field::Name => self.name = text.to_owned(),
            Field::Emails => self.emails = lines(text),
            Field::Phones => self.phones = lines(text),
            Field::Organization => self.organization = text.to_owned(),
            Field::Title => self.title = text.to_owned(),
            Field::Addresses => self.addresses = blocks(text),
            Field::Notes => self.notes = text.to_owned(),
            Field::Custom => {
                self.custom = lines(text)
                    .iter()
                    .filter_map(|l| {
                        l.split_once(':')
                            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    })
                    .collect();
            }
        }
    }

    /// Copies `field` from `other`.
    pub fn take_field(&mut self, other: &ContactData, field: Field) {
        match field {
            Field::Name => self.name.clone_from(&other.name),
            Field::Emails => self.emails.clone_from(&other.emails),
            Field::Phones => self.phones.clone_from(&other.phones),
            Field::Organization => self.organization.clone_from(&other.organization),
            Field::Title => self.title.clone_from(&other.title),
            Field::Addresses => self.addresses.clone_from(&other.addresses),
            Field::Notes => self.notes.clone_from(&other.notes),
            Field::Custom => self.custom.clone_from(&other.custom),
        }
    }

    /// Fields whose values differ between `self` and `other`.
    pub fn changed_fields(&self, other: &ContactData) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| self.display(*f) != other.display(*f))
            .collect()
    }

    /// Lower-cased email addresses, for lookups by address.
    pub fn email_keys(&self) -> Vec<String> {
        self.emails.iter().map(|e| e.to_lowercase()).collect()
    }

    /// The folded name, searched for members with hidden fields.
    pub fn name_key(&self) -> String {
        fold(&self.name)
    }

    /// The text searched: name, emails, phone digits and company, folded.
    pub fn search_text(&self) -> String {
        let digits: Vec<String> = self.phones.iter().map(|p| phone_digits(p)).collect();
        fold(&format!(
            "{} {} {} {}",
            self.name,
            self.emails.join(" "),
            digits.join(" "),
            self.organization
        ))
    }
}

/// A phone number's digits: how numbers are compared, however they were typed.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// Digits long enough to say two numbers are one (shorter ones, an extension, match too much).
pub const MIN_MATCHING_DIGITS: usize = 6;

impl ContactData {
    /// What identifies this person within a label: lower-cased addresses and phone digits.
    pub fn identity(&self) -> (Vec<String>, Vec<String>) {
        let digits = self
            .phones
            .iter()
            .map(|p| phone_digits(p))
            .filter(|d| d.len() >= MIN_MATCHING_DIGITS)
            .collect();
        (self.email_keys(), digits)
    }
}

/// Where a change to a contact was made, as its history tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// In the side panel.
    SidePanel,
    /// In a member's Google Contacts, taken in by the sync.
    GoogleContacts,
    /// In Capsule CRM, brought in by the label's feed (as the owner who connected it).
    Capsule,
    /// By importing a file (the import's id), or undoing that import.
    File(uuid::Uuid),
}

impl Via {
    /// As stored (`contact_history.via`).
    pub fn key(self) -> Option<&'static str> {
        match self {
            Via::SidePanel => None,
            Via::GoogleContacts => Some("google"),
            Via::Capsule => Some("capsule"),
            Via::File(_) => Some("file"),
        }
    }

    /// The import a change came from, stored beside `via`.
    pub fn import_id(self) -> Option<uuid::Uuid> {
        match self {
            Via::File(id) => Some(id),
            _ => None,
        }
    }

    /// From what is stored (`via` and `import_id`).
    pub fn from_key(key: Option<&str>, import: Option<uuid::Uuid>) -> Via {
        match (key, import) {
            (Some("google"), _) => Via::GoogleContacts,
            (Some("capsule"), _) => Via::Capsule,
            (Some("file"), Some(id)) => Via::File(id),
            _ => Via::SidePanel,
        }
    }
}

/// The outcome of saving an edit based on an older version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merge {
    /// Everything applies: the values to store.
    Clean(ContactData),
    /// Someone else changed some of the same fields to other values: nothing is saved; these
    /// fields show both values.
    Clash(Vec<Field>),
}

/// Merges `mine` (typed on top of `base`) into `current` (saved by someone else since `base`).
///
/// Fields I did not touch keep their current value; fields only I changed take mine; a field we
/// both changed to different values is a clash, and nobody's value is lost.
pub fn merge(base: &ContactData, mine: &ContactData, current: &ContactData) -> Merge {
    let mut merged = current.clone();
    let mut clashes = Vec::new();
    for field in mine.changed_fields(base) {
        let theirs_changed = current.display(field) != base.display(field);
        if theirs_changed && current.display(field) != mine.display(field) {
            clashes.push(field);
        } else {
            merged.take_field(mine, field);
        }
    }
    if clashes.is_empty() {
        Merge::Clean(merged)
    } else {
        Merge::Clash(clashes)
    }
}

/// Lower-cases and strips accents, for case- and accent-insensitive search.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A checked, normalised email address (domain lower-cased), or `None`.
pub fn normalize_email(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (local, domain) = raw.rsplit_once('@')?;
    let ok_local = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let ok_domain = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    (ok_local && ok_domain && raw.len() <= 254)
        .then(|| format!("{local}@{}", domain.to_lowercase()))
}

/// Whether `p` reads as a phone number (digits and the usual punctuation).
pub fn is_phone(p: &str) -> bool {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    (3..=20).contains(&digits)
        && p.chars().count() <= 40
        && p.chars()
            .all(|c| c.is_ascii_digit() || " +-().#*/x".contains(c) || c == 'e' || c == 't')
        && p.chars().filter(|c| *c == '+').count() <= 1
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Blocks separated by blank lines (postal addresses span several lines).
fn blocks(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|b| {
            b.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|b| !b.is_empty())
        .collect()
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i.to_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form(pairs: &[(Field, &str)]) -> ContactForm {
        ContactForm {
            values: pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect(),
        }
    }

    #[test]
    fn a_valid_form_becomes_clean_data() {
        let data = form(&[
            (Field::Name, "  Zoë Martín "),
            (
                Field::Emails,
                "Zoe@Example.COM\n\nzoe@example.com\nz.m@work.example.org",
            ),
            (Field::Phones, "+33 (0)1 23 45 67 89"),
            (
                Field::Addresses,
                "1 Rue de Rivoli\nParis\n\n\n2 Main St\nSpringfield",
            ),
            (Field::Custom, "Customer id: 42\nTier: gold"),
        ])
        .validate()
        .unwrap();
        assert_eq!(data.name, "Zoë Martín");
        assert_eq!(data.emails, ["Zoe@example.com", "z.m@work.example.org"]);
        assert_eq!(data.addresses.len(), 2);
        assert_eq!(data.custom[0], ("Customer id".into(), "42".into()));
        assert!(data.search_text().contains("zoe martin"));
        assert!(data.search_text().contains("33012345"));
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let errors = form(&[
            (Field::Name, "   "),
            (Field::Emails, "not-an-email"),
            (Field::Phones, "call me"),
            (Field::Custom, "no separator"),
            (Field::Notes, &"n".repeat(MAX_NOTES + 1)),
        ])
        .validate()
        .unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            [
                Field::Name,
                Field::Emails,
                Field::Phones,
                Field::Notes,
                Field::Custom
            ]
        );
        assert!(
            form(&[(Field::Name, &"x".repeat(MAX_NAME + 1))])
                .validate()
                .is_err()
        );
        assert!(
            form(&[(Field::Name, &"é".repeat(MAX_NAME))])
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn concurrent_edits_merge_by_field_and_clash_only_on_the_same_field() {
        let base = form(&[
            (Field::Name, "Ann"),
            (Field::Title, "CTO"),
            (Field::Notes, "a"),
        ])
        .validate()
        .unwrap();
        let mut mine = base.clone();
        mine.title = "CEO".into();
        let mut theirs = base.clone();
        theirs.notes = "b".into();
        let Merge::Clean(merged) = merge(&base, &mine, &theirs) else {
            panic!("should merge")
        };
        assert_eq!((merged.title.as_str(), merged.notes.as_str()), ("CEO", "b"));

        theirs.title = "CFO".into();
        assert_eq!(
            merge(&base, &mine, &theirs),
            Merge::Clash(vec![Field::Title])
        );
        // The same change made twice is no clash.
        theirs.title = "CEO".into();
        assert!(matches!(merge(&base, &mine, &theirs), Merge::Clean(_)));
    }

    #[test]
    fn a_contact_typed_elsewhere_is_made_acceptable_not_refused() {
        let typed = ContactData {
            emails: vec!["not an address".into()],
            phones: vec!["+44 20 1234 5678".into()],
            ..Default::default()
        };
        let ok = typed.acceptable();
        assert_eq!(ok.name, "+44 20 1234 5678");
        assert!(ok.emails.is_empty());
        assert_eq!(ok.phones, typed.phones);
        let long = ContactData {
            name: "x".repeat(300),
            ..Default::default()
        };
        assert_eq!(long.acceptable().name.chars().count(), MAX_NAME);
        assert_eq!(ContactData::default().acceptable().name, "Unnamed contact");
    }

    #[test]
    fn display_and_set_display_round_trip() {
        let data = form(&[
            (Field::Name, "Ann"),
            (Field::Emails, "a@x.org\nb@y.org"),
            (Field::Addresses, "1 Road\nTown\n\n2 Street"),
            (Field::Custom, "a: 1\nb: 2"),
            (Field::Notes, "line one\nline two"),
        ])
        .validate()
        .unwrap();
        let mut copy = ContactData::default();
        for f in Field::ALL {
            copy.set_display(f, &data.display(f));
        }
        assert_eq!(copy, data);
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Émile ÇA Straße"), "emile ca straße");
        assert_eq!(fold("ǅemal"), "dzemal");
    }

    proptest! {
        #[test]
        fn a_merge_never_loses_a_value(
            base in "[a-c]{0,2}", mine in "[a-c]{0,2}", theirs in "[a-c]{0,2}",
        ) {
            let mk = |t: &str| ContactData { name: "n".into(), title: t.into(), ..Default::default() };
            match merge(&mk(&base), &mk(&mine), &mk(&theirs)) {
                Merge::Clean(m) => prop_assert!(m.title == mine || m.title == theirs),
                Merge::Clash(f) => prop_assert!(f == vec![Field::Title] && mine != theirs && mine != base && theirs != base),
            }
        }

        #[test]
        fn accepted_emails_round_trip(local in "[a-z0-9]{1,10}", domain in "[a-z]{1,10}\\.[a-z]{2,5}") {
            let e = format!("{local}@{domain}");
            prop_assert_eq!(normalize_email(&e), Some(e.clone()));
        }
    }
}
