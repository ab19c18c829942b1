//! A label's contacts as Google CSV (the header Google Contacts exports today) or Outlook CSV,
//! one record at a time so an export streams, quoted by the `csv` crate.

use crate::domain::contact::ContactData;

/// How many numbered columns of each kind a Google CSV export has: as many as the label's
/// fullest contact needs, as Google's own export does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoogleShape {
    /// E-mail N columns.
    pub emails: usize,
    /// Phone N columns.
    pub phones: usize,
    /// Address N columns.
    pub addresses: usize,
    /// Custom Field N columns.
    pub custom: usize,
}

/// Outlook holds three addresses, these phone columns and four "User" fields; more values than
/// that cannot go into its format (the export card says so).
const OUTLOOK_PHONES: [&str; 6] = [
    "Mobile Phone",
    "Business Phone",
    "Home Phone",
    "Other Phone",
    "Business Phone 2",
    "Home Phone 2",
];
const OUTLOOK_STREETS: [&str; 3] = ["Business Street", "Home Street", "Other Street"];
const OUTLOOK_USERS: [&str; 4] = ["User 1", "User 2", "User 3", "User 4"];

fn record(fields: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.write_record(fields);
    w.into_inner().unwrap_or_default()
}

/// "Ann Lee Smith" → ("Ann Lee", "Smith"): the last word as the last name, which reads back to
/// the same full name.
fn split_name(name: &str) -> (String, String) {
    match name.trim().rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim().to_owned(), last.to_owned()),
        None => (name.trim().to_owned(), String::new()),
    }
}

/// The header of a Google CSV export of this shape.
pub fn google_header(shape: GoogleShape) -> Vec<u8> {
    let mut h: Vec<String> = [
        "First Name",
        "Middle Name",
        "Last Name",
        "Organization Name",
        "Organization Title",
        "Notes",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for n in 1..=shape.emails {
        h.push(format!("E-mail {n} - Label"));
        h.push(format!("E-mail {n} - Value"));
    }
    for n in 1..=shape.phones {
        h.push(format!("Phone {n} - Label"));
        h.push(format!("Phone {n} - Value"));
    }
    for n in 1..=shape.addresses {
        h.push(format!("Address {n} - Label"));
        h.push(format!("Address {n} - Formatted"));
    }
    for n in 1..=shape.custom {
        h.push(format!("Custom Field {n} - Label"));
        h.push(format!("Custom Field {n} - Value"));
    }
    record(&h)
}

/// One contact as a Google CSV record of this shape.
pub fn google_row(c: &ContactData, shape: GoogleShape) -> Vec<u8> {
    let (first, last) = split_name(&c.name);
    let mut r = vec![
        first,
        String::new(),
        last,
        c.organization.clone(),
        c.title.clone(),
        c.notes.clone(),
    ];
    let mut slots = |values: Vec<(String, String)>, n: usize| {
        for i in 0..n {
            let (label, value) = values.get(i).cloned().unwrap_or_default();
            r.push(label);
            r.push(value);
        }
    };
    let plain = |v: &[String]| -> Vec<(String, String)> {
        v.iter().map(|s| (String::new(), s.clone())).collect()
    };
    slots(plain(&c.emails), shape.emails);
    slots(plain(&c.phones), shape.phones);
    slots(plain(&c.addresses), shape.addresses);
    slots(c.custom.clone(), shape.custom);
    record(&r)
}

/// The header of an Outlook CSV export.
pub fn outlook_header() -> Vec<u8> {
    let mut h: Vec<String> = [
        "First Name",
        "Last Name",
        "Company",
        "Job Title",
        "E-mail Address",
        "E-mail 2 Address",
        "E-mail 3 Address",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    h.extend(OUTLOOK_PHONES.iter().map(|s| (*s).to_owned()));
    h.extend(OUTLOOK_STREETS.iter().map(|s| (*s).to_owned()));
    h.push("Notes".to_owned());
    h.extend(OUTLOOK_USERS.iter().map(|s| (*s).to_owned()));
    record(&h)
}

/// One contact as an Outlook CSV record (values past Outlook's columns are left out).
pub fn outlook_row(c: &ContactData) -> Vec<u8> {
    let (first, last) = split_name(&c.name);
    let at = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
    let mut r = vec![first, last, c.organization.clone(), c.title.clone()];
    r.extend((0..3).map(|i| at(&c.emails, i)));
    r.extend((0..OUTLOOK_PHONES.len()).map(|i| at(&c.phones, i)));
    r.extend((0..OUTLOOK_STREETS.len()).map(|i| at(&c.addresses, i)));
    r.push(c.notes.clone());
    r.extend((0..OUTLOOK_USERS.len()).map(|i| {
        c.custom
            .get(i)
            .map(|(k, v)| format!("{k}: {v}"))
            .unwrap_or_default()
    }));
    record(&r)
}

/// Whether Outlook's columns hold every value of `c`.
#[cfg(test)]
pub fn fits_outlook(c: &ContactData) -> bool {
    c.emails.len() <= 3
        && c.phones.len() <= OUTLOOK_PHONES.len()
        && c.addresses.len() <= OUTLOOK_STREETS.len()
        && c.custom.len() <= OUTLOOK_USERS.len()
}
