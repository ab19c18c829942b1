//! What a member's Google copy of a shared contact holds: the contact's fields minus those hidden
//! from the member, in the People API's `Person` shape, marked as ours. Pure: no IO.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::contact::{ContactData, Field};
use crate::google::people::{ClientData, MY_CONTACTS};

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
    let shown = |f: Field| !hidden.contains(&f);
    let mut organizations = Vec::new();
    let org = if shown(Field::Organization) {
        contact.organization.as_str()
    } else {
        ""
    };
    let title = if shown(Field::Title) {
        contact.title.as_str()
    } else {
        ""
    };
    if !org.is_empty() || !title.is_empty() {
        organizations.push(json!({ "name": org, "title": title }));
    }
    let list = |f: Field, values: &[String], key: &str| -> Vec<Value> {
        if shown(f) {
            values.iter().map(|v| json!({ key: v })).collect()
        } else {
            Vec::new()
        }
    };
    let biographies: Vec<Value> = if shown(Field::Notes) && !contact.notes.is_empty() {
        vec![json!({ "value": contact.notes, "contentType": "TEXT_PLAIN" })]
    } else {
        Vec::new()
    };
    let user_defined: Vec<Value> = if shown(Field::Custom) {
        contact
            .custom
            .iter()
            .map(|(k, v)| json!({ "key": k, "value": v }))
            .collect()
    } else {
        Vec::new()
    };
    json!({
        "names": [{ "unstructuredName": contact.name }],
        "emailAddresses": list(Field::Emails, &contact.emails, "value"),
        "phoneNumbers": list(Field::Phones, &contact.phones, "value"),
        "organizations": organizations,
        "addresses": list(Field::Addresses, &contact.addresses, "formattedValue"),
        "biographies": biographies,
        "userDefined": user_defined,
        "clientData": [
            { "key": CONTACT_KEY, "value": contact_id.to_string() },
            { "key": LABEL_KEY, "value": label_id.to_string() },
        ],
    })
}

/// `person` plus the memberships it is created with: our group, and My Contacts so that it
/// never loses its last group (Google refuses that) and shows in the member's main list.
pub fn new_person(mut person: Value, group: &str) -> Value {
    if let Some(map) = person.as_object_mut() {
        map.insert(
            "memberships".into(),
            json!([
                { "contactGroupMembership": { "contactGroupResourceName": group } },
                { "contactGroupMembership": { "contactGroupResourceName": MY_CONTACTS } },
            ]),
        );
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
