//! What a member's Google copy of a shared contact holds, and back. Pure: no IO.
//!
//! Out: the contact's fields minus those hidden from the member, in the People API's `Person`
//! shape, marked as ours. Back: what a copy holds, in Sharebook's terms.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::contact::{ContactData, Field};
use crate::google::people::{ClientData, MY_CONTACTS, PersonFields, PersonRef};

/// `clientData` key naming the Sharebook contact a Google contact copies.
pub const CONTACT_KEY: &str = "sharebook.contact";
/// `clientData` key naming the Sharebook label of a contact or a contact group.
pub const LABEL_KEY: &str = "sharebook.label";

/// Our marker on a contact group.
pub fn group_marker(label_id: Uuid) -> Vec<ClientData> {
    vec![ClientData {
        key: LABEL_KEY.to_owned(),
        value: label_id.to_string(),
    }]
}

/// The person written for `contact` (id `contact_id`, in `label_id`) to a member.
///
/// Fields in `hidden` are left out. Every field the sync owns is present, empty when blank or
/// hidden, so an update replaces what an earlier version wrote.
pub fn person(contact_id: Uuid, label_id: Uuid, contact: &ContactData, hidden: &[Field]) -> Value {
    written(&[(contact_id, label_id)], &as_seen(contact, hidden))
}

/// The person written for one person standing for several contacts (`parts`: contact and label),
/// holding `seen` (their merged content, as the member sees it).
///
/// The marker names every contact and label it stands for, space-separated; one contact's marker
/// is its id alone, as before contacts were merged.
pub fn written(parts: &[(Uuid, Uuid)], seen: &ContactData) -> Value {
    let mut organizations = Vec::new();
    if !seen.organization.is_empty() || !seen.title.is_empty() {
        organizations.push(json!({ "name": seen.organization, "title": seen.title }));
    }
    let list = |values: &[String], key: &str| -> Vec<Value> {
        values.iter().map(|v| json!({ key: v })).collect()
    };
    let biographies: Vec<Value> = if seen.notes.is_empty() {
        Vec::new()
    } else {
        vec![json!({ "value": seen.notes, "contentType": "TEXT_PLAIN" })]
    };
    let user_defined: Vec<Value> = seen
        .custom
        .iter()
        .map(|(k, v)| json!({ "key": k, "value": v }))
        .collect();
    let join = |ids: &mut dyn Iterator<Item = Uuid>| -> String {
        ids.map(|id| id.to_string()).collect::<Vec<_>>().join(" ")
    };
    let mut labels: Vec<Uuid> = Vec::new();
    for (_, label) in parts {
        if !labels.contains(label) {
            labels.push(*label);
        }
    }
    json!({
        "names": [{ "unstructuredName": seen.name }],
        "emailAddresses": list(&seen.emails, "value"),
        "phoneNumbers": list(&seen.phones, "value"),
        "organizations": organizations,
        "addresses": list(&seen.addresses, "formattedValue"),
        "biographies": biographies,
        "userDefined": user_defined,
        "clientData": [
            { "key": CONTACT_KEY, "value": join(&mut parts.iter().map(|(c, _)| *c)) },
            { "key": LABEL_KEY, "value": join(&mut labels.into_iter()) },
        ],
    })
}

/// The Sharebook contacts a Google contact's marker names (none for one not ours).
pub fn marked_contacts(person: &PersonRef) -> Vec<Uuid> {
    person
        .client_value(CONTACT_KEY)
        .map(|v| {
            v.split_whitespace()
                .filter_map(|id| id.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// `person` plus the memberships it is created with: our group, and My Contacts so that it
/// never loses its last group (Google refuses that) and shows in the member's main list.
pub fn new_person(person: Value, group: &str) -> Value {
    with_groups(person, &[group, MY_CONTACTS])
}

/// `person` with exactly the memberships `groups` (`contactGroups/…`).
pub fn with_groups(mut person: Value, groups: &[&str]) -> Value {
    if let Some(map) = person.as_object_mut() {
        let memberships: Vec<Value> = groups
            .iter()
            .map(|g| json!({ "contactGroupMembership": { "contactGroupResourceName": g } }))
            .collect();
        map.insert("memberships".into(), Value::Array(memberships));
    }
    person
}

/// `person` with the etag an update must carry: the contact source's, in `metadata.sources`
/// (Google answers 400 without it, and FAILED_PRECONDITION when it is not the current one).
pub fn with_etag(mut person: Value, etag: &str) -> Value {
    if let Some(map) = person.as_object_mut() {
        map.insert(
            "metadata".into(),
            json!({ "sources": [{ "type": "CONTACT", "etag": etag }] }),
        );
    }
    person
}

/// What a Google contact holds, in Sharebook's fields.
///
/// The inverse of [`person`] for what it writes, and the closest reading of what a person typed
/// in Google Contacts (a structured name or address without its one-line form, several
/// organizations).
pub fn data_from(fields: &PersonFields) -> ContactData {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let name = fields
        .names
        .first()
        .map(|n| {
            let typed = text(&n.unstructured_name);
            if !typed.is_empty() {
                return typed;
            }
            let display = text(&n.display_name);
            if !display.is_empty() {
                return display;
            }
            [text(&n.given_name), text(&n.family_name)]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let values = |items: &[crate::google::people::Valued]| -> Vec<String> {
        items
            .iter()
            .map(|v| v.value.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let organization = fields.organizations.first();
    let addresses = fields
        .addresses
        .iter()
        .map(|a| {
            let formatted = text(&a.formatted_value);
            if !formatted.is_empty() {
                return formatted;
            }
            [&a.street_address, &a.postal_code, &a.city, &a.country]
                .into_iter()
                .map(text)
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|a| !a.is_empty())
        .collect();
    ContactData {
        name,
        emails: values(&fields.email_addresses),
        phones: values(&fields.phone_numbers),
        organization: organization
            .map(|o| o.name.trim().to_owned())
            .unwrap_or_default(),
        title: organization
            .map(|o| o.title.trim().to_owned())
            .unwrap_or_default(),
        addresses,
        notes: fields
            .biographies
            .first()
            .map(|b| b.value.trim().to_owned())
            .unwrap_or_default(),
        custom: fields
            .user_defined
            .iter()
            .map(|u| (u.key.trim().to_owned(), u.value.trim().to_owned()))
            .filter(|(k, v)| !k.is_empty() || !v.is_empty())
            .collect(),
    }
}

/// `contact` as a member from whom `hidden` fields are hidden holds it: those fields blank.
pub fn as_seen(contact: &ContactData, hidden: &[Field]) -> ContactData {
    let mut seen = contact.clone();
    let blank = ContactData::default();
    for f in hidden {
        seen.take_field(&blank, *f);
    }
    seen
}

/// A digest of what `person` writes: equal digests, nothing to send.
pub fn digest(person: &Value) -> Vec<u8> {
    Sha256::digest(person.to_string().as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact() -> ContactData {
        ContactData {
            name: "Ada Lovelace".into(),
            emails: vec!["ada@example.com".into()],
            phones: vec!["+44 20 1234".into()],
            organization: "Analytical".into(),
            title: "Countess".into(),
            addresses: vec!["London".into()],
            notes: "Met at the Royal Society".into(),
            custom: vec![("Tier".into(), "Gold".into())],
        }
    }

    #[test]
    fn hidden_fields_are_written_empty_so_an_update_clears_them() {
        let (c, l) = (Uuid::new_v4(), Uuid::new_v4());
        let all = person(c, l, &contact(), &[]);
        assert_eq!(all["emailAddresses"][0]["value"], "ada@example.com");
        assert_eq!(all["organizations"][0]["title"], "Countess");
        let some = person(
            c,
            l,
            &contact(),
            &[Field::Emails, Field::Notes, Field::Title],
        );
        assert_eq!(some["emailAddresses"], json!([]));
        assert_eq!(some["biographies"], json!([]));
        assert_eq!(
            some["organizations"][0],
            json!({ "name": "Analytical", "title": "" })
        );
        assert_eq!(some["phoneNumbers"][0]["value"], "+44 20 1234");
        assert_ne!(digest(&all), digest(&some));
        assert_eq!(some["clientData"][0]["value"], c.to_string());
    }

    #[test]
    fn what_we_write_reads_back_as_the_same_contact() {
        let (c, l) = (Uuid::new_v4(), Uuid::new_v4());
        for hidden in [
            vec![],
            vec![Field::Emails, Field::Notes, Field::Organization],
        ] {
            let written = person(c, l, &contact(), &hidden);
            let fields: PersonFields = serde_json::from_value(written).unwrap();
            assert_eq!(data_from(&fields), as_seen(&contact(), &hidden));
        }
    }

    #[test]
    fn a_contact_typed_in_google_contacts_reads_as_sharebook_fields() {
        let fields: PersonFields = serde_json::from_value(json!({
            "names": [{ "displayName": "Grace Hopper", "givenName": "Grace", "familyName": "Hopper" }],
            "emailAddresses": [{ "value": " grace@navy.example ", "type": "work" }, { "value": "" }],
            "organizations": [{ "name": "Navy" }, { "name": "Harvard", "title": "Fellow" }],
            "addresses": [{ "streetAddress": "1 Main St", "city": "Arlington", "country": "US" }],
            "memberships": [{ "contactGroupMembership": { "contactGroupResourceName": "contactGroups/x" } }],
        }))
        .unwrap();
        let data = data_from(&fields);
        assert_eq!(data.name, "Grace Hopper");
        assert_eq!(data.emails, ["grace@navy.example"]);
        assert_eq!(
            (data.organization.as_str(), data.title.as_str()),
            ("Navy", "")
        );
        assert_eq!(data.addresses, ["1 Main St, Arlington, US"]);
        let structured: PersonFields = serde_json::from_value(json!({
            "names": [{ "givenName": "Ada", "familyName": "Lovelace" }],
        }))
        .unwrap();
        assert_eq!(data_from(&structured).name, "Ada Lovelace");
    }

    #[test]
    fn new_people_join_our_group_and_my_contacts() {
        let p = new_person(
            person(Uuid::nil(), Uuid::nil(), &contact(), &[]),
            "contactGroups/abc",
        );
        let groups: Vec<&str> = p["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["contactGroupMembership"]["contactGroupResourceName"].as_str())
            .collect();
        assert_eq!(groups, ["contactGroups/abc", MY_CONTACTS]);
        let updated = with_etag(p, "e1");
        assert_eq!(updated["metadata"]["sources"][0]["etag"], "e1");
    }
}
