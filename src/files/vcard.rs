//! vCard files (RFC 2426 3.0, RFC 6350 4.0) through Stalwart's `calcard`: each card read into
//! a row, and contacts written as vCard 4.0.

use calcard::vcard::{
    VCard, VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue, VCardVersion,
};
use calcard::{Entry, Parser};

use super::{Found, Rejected, Row, address_of};
use crate::domain::contact::ContactData;
use crate::domain::message::Msg;

/// The property our custom fields are written as, grouped with Apple's `X-ABLabel` naming it.
const CUSTOM: &str = "X-SHAREBOOK-CUSTOM";
/// Apple Contacts' label of a grouped property (`item1.X-ABLabel:Website`).
const AB_LABEL: &str = "X-ABLABEL";

/// Every card of a vCard file, each a row starting at its `BEGIN:VCARD` line.
///
/// The cards are split at their `BEGIN`/`END` lines (a folded line never starts a line with
/// them) so that one damaged card is one rejected row, and each is parsed by `calcard`, which
/// unfolds lines and reads both versions' escapes and parameters.
pub(super) fn read(text: &str) -> Result<Vec<Row>, Msg> {
    let mut rows = Vec::new();
    let mut card: Option<(u32, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let bare = line.trim_end();
        if bare.eq_ignore_ascii_case("BEGIN:VCARD") {
            if let Some((start, _)) = card.take() {
                rows.push(unterminated(start));
            }
            card = Some((line_no, String::from("BEGIN:VCARD\r\n")));
        } else if bare.eq_ignore_ascii_case("END:VCARD") {
            if let Some((start, mut body)) = card.take() {
                body.push_str("END:VCARD\r\n");
                rows.push(parse_card(start, &body));
            }
        } else if let Some((_, body)) = card.as_mut() {
            body.push_str(line);
            body.push_str("\r\n");
        }
        if rows.len() > super::MAX_ROWS {
            break;
        }
    }
    if let Some((start, _)) = card {
        rows.push(unterminated(start));
    }
    Ok(rows)
}

fn unterminated(line: u32) -> Row {
    Row {
        line,
        outcome: Err(Rejected {
            field: None,
            why: Msg::new("file-card-unterminated"),
        }),
    }
}

fn parse_card(line: u32, body: &str) -> Row {
    match Parser::new(body).entry() {
        Entry::VCard(card) => found(&card).check(line),
        _ => Row {
            line,
            outcome: Err(Rejected {
                field: None,
                why: Msg::new("file-row-unreadable"),
            }),
        },
    }
}

/// A value's text: a list component's items joined with spaces, dates and other typed values
/// left out (Sharebook has no field for them).
fn text_of(value: &VCardValue) -> Option<String> {
    match value {
        VCardValue::Text(s) => Some(s.clone()),
        VCardValue::Component(items) => Some(items.join(" ")),
        _ => None,
    }
}

/// The components of a structured value (N, ADR, ORG), by position.
fn parts(entry: &VCardEntry) -> Vec<String> {
    entry
        .values
        .iter()
        .map(|v| text_of(v).unwrap_or_default())
        .collect()
}

/// The whole value of a single-valued text property (commas inside it kept).
fn whole(entry: &VCardEntry) -> String {
    entry
        .values
        .iter()
        .filter_map(text_of)
        .collect::<Vec<_>>()
        .join(",")
        .trim()
        .to_owned()
}

fn is_named(entry: &VCardEntry, name: &str) -> bool {
    matches!(&entry.name, VCardProperty::Other(n) if n.eq_ignore_ascii_case(name))
}

/// Apple writes its standard labels as `_$!<HomePage>!$_`.
fn apple_label(raw: &str) -> String {
    raw.trim()
        .trim_start_matches("_$!<")
        .trim_end_matches(">!$_")
        .to_owned()
}

fn found(card: &VCard) -> Found {
    let mut f = Found::default();
    let label_of = |group: &Option<String>| {
        group.as_ref().and_then(|g| {
            card.entries
                .iter()
                .find(|e| e.group.as_ref() == Some(g) && is_named(e, AB_LABEL))
                .map(|e| apple_label(&whole(e)))
        })
    };
    let mut structured_name = String::new();
    for e in &card.entries {
        match &e.name {
            VCardProperty::Fn => f.name = whole(e),
            VCardProperty::N => {
                // family; given; additional; prefixes; suffixes
                let p = parts(e);
                let at = |i: usize| p.get(i).map_or("", String::as_str);
                structured_name = [at(3), at(1), at(2), at(0), at(4)]
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            VCardProperty::Email => f.emails.push(whole(e)),
            VCardProperty::Tel => {
                let t = whole(e);
                // A `tel:` URI (vCard 4.0) as a number a person reads: "+1-418 ext 102".
                let t = t
                    .strip_prefix("tel:")
                    .unwrap_or(&t)
                    .replace(";ext=", " ext ");
                f.phones.push(t);
            }
            VCardProperty::Org => {
                f.organization = parts(e).first().cloned().unwrap_or_default();
            }
            VCardProperty::Title => f.title = whole(e),
            VCardProperty::Note => {
                if !f.notes.is_empty() {
                    f.notes.push('\n');
                }
                f.notes.push_str(&whole(e));
            }
            VCardProperty::Adr => {
                // PO box; extended; street; locality; region; code; country
                let p = parts(e);
                let at = |i: usize| p.get(i).map_or("", String::as_str);
                let block = address_of(&[at(0), at(1), at(2)], at(3), at(4), at(5), at(6));
                if !block.is_empty() {
                    f.addresses.push(block);
                }
            }
            VCardProperty::Url => {
                let key = label_of(&e.group).unwrap_or_else(|| "Website".to_owned());
                f.custom.push((key, whole(e)));
            }
            VCardProperty::Other(name)
                if name.eq_ignore_ascii_case(CUSTOM)
                    || name.eq_ignore_ascii_case("X-ABRELATEDNAMES") =>
            {
                if let Some(key) = label_of(&e.group) {
                    f.custom.push((key, whole(e)));
                }
            }
            _ => {}
        }
    }
    if f.name.trim().is_empty() {
        f.name = structured_name;
    }
    f
}

/// A contact as a vCard 4.0 card (CRLF lines folded at 75 octets by `calcard`).
pub fn write_vcard(c: &ContactData) -> String {
    let text =
        |name: VCardProperty, value: &str| VCardEntry::new(name).with_value(value.to_owned());
    let mut card = VCard {
        entries: vec![text(VCardProperty::Fn, &c.name)],
    };
    for e in &c.emails {
        card.entries.push(text(VCardProperty::Email, e));
    }
    for p in &c.phones {
        card.entries
            .push(text(VCardProperty::Tel, p).with_param(VCardParameter {
                name: VCardParameterName::Value,
                value: VCardParameterValue::Text("text".to_owned()),
            }));
    }
    if !c.organization.is_empty() {
        card.entries.push(text(VCardProperty::Org, &c.organization));
    }
    if !c.title.is_empty() {
        card.entries.push(text(VCardProperty::Title, &c.title));
    }
    for a in &c.addresses {
        // The whole address as its street: Sharebook keeps addresses as written, not in parts.
        card.entries
            .push(VCardEntry::new(VCardProperty::Adr).with_values(vec![
                VCardValue::Text(String::new()),
                VCardValue::Text(String::new()),
                VCardValue::Text(a.clone()),
                VCardValue::Text(String::new()),
                VCardValue::Text(String::new()),
                VCardValue::Text(String::new()),
                VCardValue::Text(String::new()),
            ]));
    }
    if !c.notes.is_empty() {
        card.entries.push(text(VCardProperty::Note, &c.notes));
    }
    for (i, (k, v)) in c.custom.iter().enumerate() {
        let group = Some(format!("item{}", i + 1));
        card.entries.push(
            text(VCardProperty::Other(AB_LABEL.replace("LABEL", "Label")), k)
                .with_group(group.clone()),
        );
        card.entries
            .push(text(VCardProperty::Other(CUSTOM.to_owned()), v).with_group(group));
    }
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = card.write_to(&mut out, VCardVersion::V4_0);
    out
}
