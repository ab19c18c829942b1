//! Google CSV and Outlook CSV read with the `csv` crate: the header says which it is and where
//! each value is, as both Google Contacts and Outlook read them.

use std::collections::HashMap;

use super::{Format, Found, Rejected, Row, address_of, split_multi};
use crate::domain::message::Msg;

/// Outlook's phone columns, in the order their numbers are kept.
const OUTLOOK_PHONES: [&str; 19] = [
    "mobile phone",
    "business phone",
    "home phone",
    "other phone",
    "primary phone",
    "business phone 2",
    "home phone 2",
    "company main phone",
    "assistant's phone",
    "car phone",
    "callback",
    "radio phone",
    "pager",
    "business fax",
    "home fax",
    "other fax",
    "isdn",
    "telex",
    "tty/tdd phone",
];

/// The columns of a header, by lower-cased name.
struct Columns {
    by_name: HashMap<String, usize>,
    names: Vec<String>,
}

impl Columns {
    fn new(header: &csv::StringRecord) -> Self {
        let names: Vec<String> = header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let mut by_name = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            by_name.entry(n.clone()).or_insert(i);
        }
        Self { by_name, names }
    }

    fn has(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> &'r str {
        self.by_name
            .get(name)
            .and_then(|i| row.get(*i))
            .map_or("", str::trim)
    }

    fn first<'r>(&self, row: &'r csv::StringRecord, names: &[&str]) -> &'r str {
        names
            .iter()
            .map(|n| self.get(row, n))
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }

    /// The numbers N of columns named `{prefix} N {suffix}` ("e-mail 2 - value"), in order.
    fn numbered(&self, prefix: &str, suffix: &str) -> Vec<u32> {
        let mut found: Vec<u32> = self
            .names
            .iter()
            .filter_map(|n| {
                n.strip_prefix(prefix)?
                    .strip_suffix(suffix)?
                    .trim()
                    .parse()
                    .ok()
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Reads a CSV file of Google's or Outlook's shape (either generation of Google's header).
pub(super) fn read(text: &str) -> Result<(Format, Vec<Row>), Msg> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|_| Msg::new("file-unknown-format"))?
        .clone();
    let cols = Columns::new(&header);
    let format = if [
        "e-mail 1 - value",
        "given name",
        "organization name",
        "group membership",
        "organization 1 - name",
        "phone 1 - value",
        "labels",
    ]
    .iter()
    .any(|h| cols.has(h))
    {
        Format::Google
    } else if [
        "e-mail address",
        "job title",
        "business phone",
        "mobile phone",
        "company",
    ]
    .iter()
    .any(|h| cols.has(h))
    {
        Format::Outlook
    } else {
        return Err(Msg::new("file-unknown-format"));
    };
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = Lines::new(text);
    loop {
        let start = reader.position().byte();
        let read = reader.read_record(&mut record);
        let start = record.position().map_or(start, csv::Position::byte);
        let line = lines.line_at(start);
        match read {
            Ok(false) => break,
            Ok(true) => {
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let f = match format {
                    Format::Google => google(&cols, &record),
                    _ => outlook(&cols, &record),
                };
                rows.push(f.check(line));
            }
            // A broken row (bad UTF-8 cannot happen: the text is decoded already) is rejected
            // alone; the reader goes on after it.
            Err(_) => rows.push(Row {
                line,
                outcome: Err(Rejected {
                    field: None,
                    why: Msg::new("file-row-unreadable"),
                }),
            }),
        }
        if rows.len() > super::MAX_ROWS {
            break;
        }
    }
    Ok((format, rows))
}

fn joined(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn google(cols: &Columns, r: &csv::StringRecord) -> Found {
    let mut f = Found {
        name: cols.get(r, "name").to_owned(),
        organization: cols
            .first(r, &["organization name", "organization 1 - name"])
            .to_owned(),
        title: cols
            .first(r, &["organization title", "organization 1 - title"])
            .to_owned(),
        notes: cols.get(r, "notes").to_owned(),
        ..Found::default()
    };
    if f.name.is_empty() {
        f.name = joined(&[
            cols.get(r, "name prefix"),
            cols.first(r, &["first name", "given name"]),
            cols.first(r, &["middle name", "additional name"]),
            cols.first(r, &["last name", "family name"]),
            cols.get(r, "name suffix"),
        ]);
    }
    for n in cols.numbered("e-mail ", " - value") {
        f.emails
            .extend(split_multi(cols.get(r, &format!("e-mail {n} - value"))));
    }
    for n in cols.numbered("phone ", " - value") {
        f.phones
            .extend(split_multi(cols.get(r, &format!("phone {n} - value"))));
    }
    for n in cols.numbered("address ", " - formatted") {
        let at = |part: &str| cols.get(r, &format!("address {n} - {part}"));
        let formatted = at("formatted");
        let block = if formatted.is_empty() {
            address_of(
                &[at("po box"), at("extended address"), at("street")],
                at("city"),
                at("region"),
                at("postal code"),
                at("country"),
            )
        } else {
            formatted.to_owned()
        };
        if !block.is_empty() {
            f.addresses.push(block);
        }
    }
    for n in cols.numbered("custom field ", " - value") {
        let key = cols.first(
            r,
            &[
                &format!("custom field {n} - label"),
                &format!("custom field {n} - type"),
            ],
        );
        let value = cols.get(r, &format!("custom field {n} - value"));
        f.custom.push((key.to_owned(), value.to_owned()));
    }
    for n in cols.numbered("website ", " - value") {
        for url in split_multi(cols.get(r, &format!("website {n} - value"))) {
            f.custom.push(("Website".to_owned(), url));
        }
    }
    let birthday = cols.get(r, "birthday");
    if !birthday.is_empty() {
        f.custom.push(("Birthday".to_owned(), birthday.to_owned()));
    }
    f
}

fn outlook(cols: &Columns, r: &csv::StringRecord) -> Found {
    let mut f = Found {
        name: joined(&[
            cols.get(r, "title"),
            cols.get(r, "first name"),
            cols.get(r, "middle name"),
            cols.get(r, "last name"),
            cols.get(r, "suffix"),
        ]),
        organization: cols.get(r, "company").to_owned(),
        title: cols.get(r, "job title").to_owned(),
        notes: cols.get(r, "notes").to_owned(),
        ..Found::default()
    };
    for h in ["e-mail address", "e-mail 2 address", "e-mail 3 address"] {
        f.emails.push(cols.get(r, h).to_owned());
    }
    for h in OUTLOOK_PHONES {
        f.phones.push(cols.get(r, h).to_owned());
    }
    for kind in ["business", "home", "other"] {
        let at = |part: &str| cols.get(r, &format!("{kind} {part}"));
        let mut block = address_of(
            &[
                at("address po box"),
                at("street"),
                at("street 2"),
                at("street 3"),
            ],
            at("city"),
            at("state"),
            at("postal code"),
            cols.first(
                r,
                &[
                    &format!("{kind} country"),
                    &format!("{kind} country/region"),
                ],
            ),
        );
        if block.is_empty() {
            block = at("address").to_owned();
        }
        if !block.is_empty() {
            f.addresses.push(block);
        }
    }
    let web = cols.get(r, "web page");
    if !web.is_empty() {
        f.custom.push(("Website".to_owned(), web.to_owned()));
    }
    // Outlook writes "0/0/00" for a birthday it does not know.
    let birthday = cols.get(r, "birthday");
    if !birthday.is_empty() && birthday != "0/0/00" {
        f.custom.push(("Birthday".to_owned(), birthday.to_owned()));
    }
    for n in 1..=4 {
        let v = cols.get(r, &format!("user {n}"));
        if v.is_empty() {
            continue;
        }
        // What Sharebook writes there is "key: value"; anything else keeps the column's name.
        match v.split_once(": ") {
            Some((k, val)) if !k.trim().is_empty() => {
                f.custom.push((k.trim().to_owned(), val.trim().to_owned()));
            }
            _ => f.custom.push((format!("User {n}"), v.to_owned())),
        }
    }
    f
}

/// Line numbers from byte offsets, counted once through the file.
///
/// `csv`'s own line count is off by one after CRLF endings (a record's position is the LF that
/// ended the one before), so lines are counted here: a record starting at that LF is on the
/// next line.
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    newlines: u32,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text: text.as_bytes(),
            at: 0,
            newlines: 0,
        }
    }

    /// The 1-based line of the record starting at byte `start` (never before the last asked).
    fn line_at(&mut self, start: u64) -> u32 {
        let upto = usize::try_from(start)
            .unwrap_or(usize::MAX)
            .saturating_add(1)
            .min(self.text.len());
        if upto > self.at {
            let seen = self.text.get(self.at..upto).unwrap_or_default();
            let n = seen.iter().filter(|b| **b == b'\n').count();
            self.newlines = self
                .newlines
                .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            self.at = upto;
        }
        self.newlines.saturating_add(1)
    }
}
