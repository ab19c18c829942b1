//! What a Capsule CRM party becomes in a label: the import rule and the field mapping, pure
//! (no IO), with table tests.
//!
//! Capsule documents the party's shape but client authors found nulls, missing keys and numbers
//! sent as strings (`../shared/reference/capsule-api.md` §2.3), so every key is read tolerantly
//! and a party that cannot be read is skipped with its reason, never failing the feed.

use serde_json::Value;

use crate::domain::contact::{ContactData, MAX_ITEMS, is_phone, normalize_email};
use crate::domain::feed::Skip;

/// A party as the feed reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Capsule's id (ids only ever increase).
    pub id: i64,
    /// Its name, for the feed card's lists (even when skipped).
    pub name: String,
    /// Its tags' names (with `embed=tags`).
    pub tags: Vec<String>,
    /// What it becomes, or why it is not taken.
    pub outcome: Result<ContactData, Skip>,
}

/// A party the feed could not even identify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

/// Reads one party of `GET /parties` (or a hook's payload); `site_url` is the account's address,
/// for the link back to the party.
pub fn read_party(raw: &Value, site_url: &str) -> Result<Party, Unreadable> {
    let Some(obj) = raw.as_object() else {
        return Err(Unreadable("a party that is not a JSON object".into()));
    };
    let id = obj
        .get("id")
        .and_then(integer)
        .ok_or_else(|| Unreadable("a party without a usable id".into()))?;
    let tags = list(raw, "tags")
        .filter_map(|t| text(t, "name"))
        .collect::<Vec<_>>();
    let name = display_name(raw);
    let outcome = map(raw, &name, &tags, id, site_url);
    Ok(Party {
        id,
        name: if name.is_empty() {
            format!("Party {id}")
        } else {
            name
        },
        tags,
        outcome,
    })
}

fn map(
    raw: &Value,
    name: &str,
    tags: &[String],
    id: i64,
    site_url: &str,
) -> Result<ContactData, Skip> {
    let kind = raw.get("type").and_then(Value::as_str).unwrap_or("");
    if !matches!(kind, "person" | "organisation" | "organization") {
        return Err(Skip::BadData(if kind.is_empty() {
            "no party type".into()
        } else {
            format!("unknown party type “{kind}”")
        }));
    }
    let person = kind == "person";
    let emails: Vec<String> = list(raw, "emailAddresses")
        .filter_map(|e| text(e, "address"))
        .collect();
    let phones: Vec<String> = list(raw, "phoneNumbers")
        .filter_map(|p| text(p, "number"))
        .collect();
    let addresses: Vec<String> = list(raw, "addresses").filter_map(address).collect();
    if emails.is_empty() && phones.is_empty() && addresses.is_empty() {
        return Err(Skip::NoDetails);
    }
    // The link back first: it survives the cap on custom values.
    let mut custom = vec![(
        "Capsule".to_owned(),
        format!("{}/party/{id}", site_url.trim_end_matches('/')),
    )];
    for site in list(raw, "websites") {
        if let Some(url) = text(site, "url").or_else(|| text(site, "address")) {
            custom.push((website_label(site), url));
        }
    }
    for field in list(raw, "fields") {
        let key = field
            .get("definition")
            .and_then(|d| text(d, "name"))
            .unwrap_or_else(|| "Field".into());
        if let Some(value) = field.get("value").and_then(scalar) {
            custom.push((key, value));
        }
    }
    if !tags.is_empty() {
        custom.push(("Tags".into(), tags.join(", ")));
    }
    let data = ContactData {
        name: name.to_owned(),
        emails: emails
            .iter()
            .filter_map(|e| normalize_email(e))
            .take(MAX_ITEMS)
            .collect(),
        phones: phones
            .into_iter()
            .filter(|p| is_phone(p))
            .take(MAX_ITEMS)
            .collect(),
        organization: if person {
            raw.get("organisation")
                .and_then(|o| text(o, "name"))
                .unwrap_or_default()
        } else {
            String::new()
        },
        title: if person {
            text(raw, "jobTitle").unwrap_or_default()
        } else {
            String::new()
        },
        addresses: addresses.into_iter().take(MAX_ITEMS).collect(),
        notes: text(raw, "about").unwrap_or_default(),
        custom: custom
            .into_iter()
            .take(MAX_ITEMS)
            .map(|(k, v)| (one_line(&k), one_line(&v)))
            .collect(),
    };
    // Values the side panel would refuse (too many, too long) are cut, never the whole party.
    Ok(data.acceptable())
}

/// "Dr Ada Byron" for a person, the name for an organisation.
fn display_name(raw: &Value) -> String {
    if let Some(name) = text(raw, "name") {
        return one_line(&name);
    }
    let parts: Vec<String> = ["title", "firstName", "lastName"]
        .iter()
        .filter_map(|k| text(raw, k))
        .collect();
    one_line(&parts.join(" "))
}

/// One address as one entry: its lines and parts joined by commas.
fn address(a: &Value) -> Option<String> {
    let parts: Vec<String> = ["street", "city", "state", "zip", "country"]
        .iter()
        .filter_map(|k| text(a, k))
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn website_label(site: &Value) -> String {
    match site.get("service").and_then(Value::as_str).unwrap_or("URL") {
        "LINKED_IN" => "LinkedIn",
        "TWITTER" => "Twitter",
        "GITHUB" => "GitHub",
        "SKYPE" => "Skype",
        "YOUTUBE" => "YouTube",
        "INSTAGRAM" => "Instagram",
        "PINTEREST" => "Pinterest",
        "FLICKR" => "Flickr",
        _ => "Website",
    }
    .to_owned()
}

/// The items of an array key; a missing key, `null` or another type reads as none.
fn list<'a>(raw: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    raw.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter())
        .into_iter()
        .flatten()
}

/// A non-blank text value (numbers accepted: Capsule sends some as strings, some not).
fn text(raw: &Value, key: &str) -> Option<String> {
    raw.get(key)
        .and_then(scalar)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "Yes" } else { "No" }.to_owned()),
        _ => None,
    }
}

/// An integer, also when sent as a string.
fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SITE: &str = "https://acme.capsulecrm.com";

    fn data(raw: Value) -> Result<ContactData, Skip> {
        read_party(&raw, SITE)
            .map(|p| p.outcome)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_person_maps_to_every_field() {
        let got = data(json!({
            "id": 501, "type": "person", "title": "Dr", "firstName": "Ada", "lastName": "Byron",
            "jobTitle": "Analyst", "about": "Met at the expo",
            "organisation": {"id": 500, "name": "Engines Ltd"},
            "emailAddresses": [{"id": 1, "type": "Work", "address": "Ada@Engines.Example"}],
            "phoneNumbers": [{"id": 2, "type": null, "number": "+44 20 7946 0000"}],
            "addresses": [{"id": 3, "type": "Office", "street": "1 Loom St\nFloor 2",
                           "city": "London", "state": null, "country": "United Kingdom", "zip": "EC1A 1AA"}],
            "websites": [{"id": 4, "service": "URL", "address": "engines.example", "url": "http://engines.example"},
                         {"id": 5, "service": "LINKED_IN", "address": "ada"}],
            "tags": [{"id": 3, "name": "Customer"}, {"id": 4, "name": "VIP"}],
            "fields": [{"id": 77, "definition": {"id": 12, "name": "Account no"}, "value": 42},
                       {"id": 78, "definition": {"id": 13, "name": "Active"}, "value": true},
                       {"id": 79, "definition": {"id": 14, "name": "Empty"}, "value": null}]
        }))
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got.name, "Dr Ada Byron");
        assert_eq!(got.emails, ["Ada@engines.example"]);
        assert_eq!(got.phones, ["+44 20 7946 0000"]);
        assert_eq!(got.organization, "Engines Ltd");
        assert_eq!(got.title, "Analyst");
        assert_eq!(
            got.addresses,
            ["1 Loom St, Floor 2, London, EC1A 1AA, United Kingdom"]
        );
        assert_eq!(got.notes, "Met at the expo");
        let custom: Vec<(&str, &str)> = got
            .custom
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            custom,
            [
                ("Capsule", "https://acme.capsulecrm.com/party/501"),
                ("Website", "http://engines.example"),
                ("LinkedIn", "ada"),
                ("Account no", "42"),
                ("Active", "Yes"),
                ("Tags", "Customer, VIP"),
            ]
        );
    }

    #[test]
    fn the_import_rule_and_tolerance_table() {
        // (party, expected name or skip reason)
        let cases: Vec<(Value, Result<&str, Skip>)> = vec![
            // Organisation: its name, no person-only keys (absent or null both fine).
            (
                json!({"id": 1, "type": "organisation", "name": "Engines Ltd", "phoneNumbers": [{"number": "020 7946 0001"}]}),
                Ok("Engines Ltd"),
            ),
            (
                json!({"id": 2, "type": "organisation", "name": "Nulls Ltd", "firstName": null, "jobTitle": null,
                       "organisation": null, "emailAddresses": [{"address": "hi@nulls.example"}]}),
                Ok("Nulls Ltd"),
            ),
            // Only a website, only a name, only custom fields: not taken.
            (
                json!({"id": 3, "type": "person", "firstName": "Web", "websites": [{"url": "http://x.example"}]}),
                Err(Skip::NoDetails),
            ),
            (
                json!({"id": 4, "type": "person", "firstName": "Name"}),
                Err(Skip::NoDetails),
            ),
            // Blank values count as none.
            (
                json!({"id": 5, "type": "person", "firstName": "Blank", "emailAddresses": [{"address": "  "}],
                       "phoneNumbers": [{"number": null}], "addresses": [{"street": "", "city": null}]}),
                Err(Skip::NoDetails),
            ),
            // Keys of the wrong type read as missing.
            (
                json!({"id": 6, "type": "person", "firstName": "Odd", "emailAddresses": "x@y.example",
                       "phoneNumbers": [{"number": 442079460000_i64}]}),
                Ok("Odd"),
            ),
            // An unknown type is bad data, kept with its reason.
            (
                json!({"id": 7, "type": "robot", "name": "R2", "phoneNumbers": [{"number": "1"}]}),
                Err(Skip::BadData("unknown party type “robot”".into())),
            ),
            (
                json!({"id": 8, "name": "No type", "phoneNumbers": [{"number": "1"}]}),
                Err(Skip::BadData("no party type".into())),
            ),
            // A nameless person with an email is named after it, as Google Contacts shows it.
            (
                json!({"id": "9", "type": "person", "firstName": null, "lastName": null,
                       "emailAddresses": [{"address": "who@x.example"}]}),
                Ok("who@x.example"),
            ),
            // An address alone is enough.
            (
                json!({"id": 10, "type": "person", "lastName": "Post", "addresses": [{"city": "Leeds"}]}),
                Ok("Post"),
            ),
        ];
        for (raw, expected) in cases {
            let got = data(raw.clone()).map(|d| d.name);
            assert_eq!(got, expected.map(str::to_owned), "{raw}");
        }
    }

    #[test]
    fn a_party_without_a_usable_id_is_unreadable() {
        for raw in [
            json!({"type": "person"}),
            json!({"id": null}),
            json!({"id": "abc"}),
            json!([1]),
            json!(null),
        ] {
            assert!(read_party(&raw, SITE).is_err(), "{raw}");
        }
        assert_eq!(
            read_party(&json!({"id": "12", "type": "person"}), SITE).map(|p| p.id),
            Ok(12)
        );
    }

    #[test]
    fn invalid_values_are_dropped_one_by_one_and_lists_are_capped() {
        let many: Vec<Value> = (0..30)
            .map(|i| json!({"number": format!("+1 555 01{i:02}")}))
            .collect();
        let got = data(json!({"id": 1, "type": "person", "firstName": "Many",
            "emailAddresses": [{"address": "not an address"}, {"address": "ok@x.example"}],
            "phoneNumbers": many}));
        let got = got.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got.emails, ["ok@x.example"]);
        // Twenty phones is the side panel's limit; more would make the field unacceptable.
        assert_eq!(got.phones.len(), MAX_ITEMS);
    }

    #[test]
    fn control_characters_and_newlines_in_names_become_spaces() {
        let got = data(
            json!({"id": 1, "type": "organisation", "name": "Two\nLines\tLtd",
            "phoneNumbers": [{"number": "123456"}]}),
        );
        assert_eq!(got.map(|d| d.name), Ok("Two Lines Ltd".to_owned()));
    }
}
