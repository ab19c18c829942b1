//! Contact files: reading Google CSV, Outlook CSV and vCard 3.0/4.0 into contacts, and writing a
//! label's contacts back out in those formats. Pure: bytes in, rows out, no IO.

mod csv_in;
mod csv_out;
mod vcard;

use crate::domain::contact::{ContactData, ContactForm, Field};
use crate::domain::message::Msg;

pub use csv_out::{GoogleShape, google_header, google_row, outlook_header, outlook_row};
pub use vcard::write_vcard;

/// Largest file taken, in bytes: 25,000 contacts of an ordinary export fit several times over.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most contacts one file may hold.
pub const MAX_ROWS: usize = 25_000;

/// A file format Sharebook reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Google Contacts' CSV ("Google CSV").
    Google,
    /// Outlook's CSV.
    Outlook,
    /// vCard (3.0 or 4.0 read; 4.0 written).
    Vcard,
}

impl Format {
    /// Every format, in the order the export card offers them.
    pub const ALL: [Format; 3] = [Format::Google, Format::Outlook, Format::Vcard];

    /// As stored and sent in actions.
    pub fn key(self) -> &'static str {
        match self {
            Format::Google => "google",
            Format::Outlook => "outlook",
            Format::Vcard => "vcard",
        }
    }

    /// From what is stored.
    pub fn from_key(key: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The catalogue id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            Format::Google => "format-google",
            Format::Outlook => "format-outlook",
            Format::Vcard => "format-vcard",
        }
    }

    /// The downloaded file's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Google | Format::Outlook => "csv",
            Format::Vcard => "vcf",
        }
    }

    /// The download's media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Google | Format::Outlook => "text/csv; charset=utf-8",
            Format::Vcard => "text/vcard; charset=utf-8",
        }
    }
}

/// A row of a file: where it starts, and the contact it holds or why it cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The 1-based line the row starts on.
    pub line: u32,
    /// The checked contact, or the field at fault and what is wrong with it.
    pub outcome: Result<ContactData, Rejected>,
}

/// Why a row is not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The field at fault, if one is.
    pub field: Option<Field>,
    /// What is wrong.
    pub why: Msg,
}

/// A file read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// What it turned out to be.
    pub format: Format,
    /// Its rows, in file order.
    pub rows: Vec<Row>,
}

/// Reads a contacts file of any supported format, whatever its encoding.
///
/// A file that is none of them, too large or holding too many contacts is refused as a whole;
/// otherwise each row is a contact or a rejection naming its line.
pub fn read(bytes: &[u8]) -> Result<Read, Msg> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Msg::new("file-too-large").with("max", MAX_FILE_BYTES / (1024 * 1024)));
    }
    let text = decode(bytes)?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(Msg::new("file-empty"));
    }
    let read = if looks_like_vcard(text) {
        Read {
            format: Format::Vcard,
            rows: vcard::read(text)?,
        }
    } else {
        let (format, rows) = csv_in::read(text)?;
        Read { format, rows }
    };
    if read.rows.is_empty() {
        return Err(Msg::new("file-no-contacts"));
    }
    if read.rows.len() > MAX_ROWS {
        return Err(Msg::new("file-too-many")
            .with("count", read.rows.len())
            .with("max", MAX_ROWS));
    }
    Ok(read)
}

/// The text of a file: UTF-8 or UTF-16 as its byte-order mark says, UTF-8 without one, and
/// Windows-1252 (what Outlook writes by default) when it is not UTF-8. Binary data is refused.
fn decode(bytes: &[u8]) -> Result<String, Msg> {
    let text = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = encoding.decode(bytes.get(bom..).unwrap_or_default());
        if bad {
            return Err(Msg::new("file-not-text"));
        }
        text.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        }
    };
    // Text files hold no NULs and few other control characters; random bytes hold many.
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if text.contains('\0') || controls > text.len() / 100 {
        return Err(Msg::new("file-not-text"));
    }
    Ok(text)
}

fn looks_like_vcard(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.eq_ignore_ascii_case("BEGIN:VCARD"))
}

/// The values a row gave, before they are checked as the contact form checks them.
#[derive(Debug, Clone, Default)]
struct Found {
    name: String,
    emails: Vec<String>,
    phones: Vec<String>,
    organization: String,
    title: String,
    addresses: Vec<String>,
    notes: String,
    custom: Vec<(String, String)>,
}

impl Found {
    /// Checks the row as the contact form would: a contact with no name is named after its
    /// company or first address, as Google Contacts shows it.
    fn check(mut self, line: u32) -> Row {
        if self.name.trim().is_empty() {
            self.name = [&self.organization]
                .into_iter()
                .chain(self.emails.first())
                .chain(self.phones.first())
                .find(|s| !s.trim().is_empty())
                .cloned()
                .unwrap_or_default();
        }
        let mut form = ContactForm::default();
        fn list(v: &[String]) -> Vec<&str> {
            v.iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect()
        }
        form.values.insert(Field::Name, one_line(&self.name));
        form.values
            .insert(Field::Emails, list(&self.emails).join("\n"));
        form.values
            .insert(Field::Phones, list(&self.phones).join("\n"));
        form.values
            .insert(Field::Organization, one_line(&self.organization));
        form.values.insert(Field::Title, one_line(&self.title));
        form.values
            .insert(Field::Addresses, list(&self.addresses).join("\n\n"));
        form.values
            .insert(Field::Notes, self.notes.trim().to_owned());
        form.values.insert(
            Field::Custom,
            self.custom
                .iter()
                .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
                .map(|(k, v)| format!("{}: {}", one_line(&k.replace(':', " ")), one_line(v)))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let outcome = form.validate().map_err(|errors| {
            let (field, why) = errors
                .into_iter()
                .next()
                .map_or((None, Msg::new("file-row-unreadable")), |(f, m)| {
                    (Some(f), m)
                });
            Rejected { field, why }
        });
        Row { line, outcome }
    }
}

/// Line breaks inside a single-line value become spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Google CSV puts several values of one kind in a cell, separated by ` ::: `.
fn split_multi(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split(":::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The lines of a postal address from its parts, skipping empty ones.
fn address_of(street: &[&str], city: &str, region: &str, code: &str, country: &str) -> String {
    let mut lines: Vec<String> = street
        .iter()
        .flat_map(|s| s.lines())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let place = [city, region, code]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !place.is_empty() {
        lines.push(place);
    }
    if !country.trim().is_empty() {
        lines.push(country.trim().to_owned());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests;
