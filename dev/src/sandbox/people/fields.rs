//! The Person JSON rules: which fields exist and which a client may write, how Google cleans
//! and completes submitted values (derived names, `formattedType`, per-value `metadata`).

use serde_json::{Map, Value, json};

use super::errors::ApiError;

/// Fields `updatePersonFields` may name (and that a create stores).
pub(super) const UPDATABLE_FIELDS: [&str; 24] = [
    "addresses",
    "biographies",
    "birthdays",
    "calendarUrls",
    "clientData",
    "emailAddresses",
    "events",
    "externalIds",
    "genders",
    "imClients",
    "interests",
    "locales",
    "locations",
    "memberships",
    "miscKeywords",
    "names",
    "nicknames",
    "occupations",
    "organizations",
    "phoneNumbers",
    "relations",
    "sipAddresses",
    "urls",
    "userDefined",
];

/// Fields `personFields` / `readMask` may name.
pub(super) const READABLE_FIELDS: [&str; 29] = [
    "addresses",
    "ageRanges",
    "biographies",
    "birthdays",
    "calendarUrls",
    "clientData",
    "coverPhotos",
    "emailAddresses",
    "events",
    "externalIds",
    "genders",
    "imClients",
    "interests",
    "locales",
    "locations",
    "memberships",
    "metadata",
    "miscKeywords",
    "names",
    "nicknames",
    "occupations",
    "organizations",
    "phoneNumbers",
    "photos",
    "relations",
    "sipAddresses",
    "skills",
    "urls",
    "userDefined",
];

/// Fields a contact source may hold only one value of.
const SINGLETON_FIELDS: [&str; 4] = ["biographies", "birthdays", "genders", "names"];

/// Fields `groupFields` / `readGroupFields` may name.
pub(super) const GROUP_FIELDS: [&str; 5] =
    ["clientData", "groupType", "memberCount", "metadata", "name"];
/// Fields `updateGroupFields` may name.
pub(super) const UPDATABLE_GROUP_FIELDS: [&str; 2] = ["clientData", "name"];

/// The group data entries Google keeps: objects with a string `key`.
pub(super) fn clean_client_data(items: Vec<Value>) -> Vec<Value> {
    items
        .into_iter()
        .filter(|i| i.get("key").is_some_and(Value::is_string))
        .map(|i| json!({ "key": i.get("key"), "value": i.get("value").cloned().unwrap_or(json!("")) }))
        .collect()
}

/// The `CONTACT` entry of `metadata.sources`.
pub(super) fn contact_source(person: &Value) -> Option<&Value> {
    person
        .pointer("/metadata/sources")
        .and_then(Value::as_array)?
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("CONTACT"))
}

/// A person body as an object whose fields all exist on Person.
pub(super) fn person_object<'a>(
    input: &'a Value,
    location: &str,
) -> Result<&'a Map<String, Value>, ApiError> {
    let object = input.as_object().ok_or_else(|| {
        ApiError::invalid(format!(
            "Invalid value at '{location}', expected a Person object."
        ))
    })?;
    for key in object.keys() {
        let known =
            key == "resourceName" || key == "etag" || READABLE_FIELDS.contains(&key.as_str());
        if !known {
            return Err(ApiError::invalid(format!(
                "Invalid JSON payload received. Unknown name \"{key}\" at '{location}': Cannot \
                 find field."
            )));
        }
    }
    Ok(object)
}

/// A field's items, cleaned of output-only parts and with derived parts filled in; `None` when
/// absent or empty. More than one value of a singleton field is refused.
pub(super) fn clean_field(
    person: &Map<String, Value>,
    field: &str,
    location: &str,
) -> Result<Option<Vec<Value>>, ApiError> {
    let Some(value) = person.get(field).filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let items = value.as_array().ok_or_else(|| {
        ApiError::invalid(format!(
            "Invalid value at '{location}.{field}', expected a list."
        ))
    })?;
    if items.len() > 1 && SINGLETON_FIELDS.contains(&field) {
        return Err(ApiError::invalid(format!(
            "Only one {field} value may be set on a contact source ('{location}.{field}')."
        )));
    }
    let mut cleaned = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(item) = item else {
            return Err(ApiError::invalid(format!(
                "Invalid value at '{location}.{field}', expected objects."
            )));
        };
        let mut item = item.clone();
        item.remove("metadata");
        item.remove("formattedType");
        if let Some(kind) = item.get("type").and_then(Value::as_str) {
            let formatted = capitalise(kind);
            item.insert("formattedType".into(), json!(formatted));
        }
        if field == "names" {
            fill_name(&mut item);
        }
        cleaned.push(Value::Object(item));
    }
    Ok((!cleaned.is_empty()).then_some(cleaned))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Google's derived name parts: `displayName`, `displayNameLastFirst`, `unstructuredName`.
fn fill_name(name: &mut Map<String, Value>) {
    let part = |key: &str| {
        name.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (prefix, given, middle, family, suffix) = (
        part("honorificPrefix"),
        part("givenName"),
        part("middleName"),
        part("familyName"),
        part("honorificSuffix"),
    );
    let display: Vec<&str> = [&prefix, &given, &middle, &family, &suffix]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let display = if display.is_empty() {
        part("unstructuredName").unwrap_or_default()
    } else {
        display.join(" ")
    };
    if display.is_empty() {
        return;
    }
    let first: Vec<&str> = [&given, &middle]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let last_first = match (&family, first.is_empty()) {
        (Some(family), false) => format!("{family}, {}", first.join(" ")),
        _ => display.clone(),
    };
    if part("unstructuredName").is_none() {
        name.insert("unstructuredName".into(), json!(display));
    }
    name.insert("displayName".into(), json!(display));
    name.insert("displayNameLastFirst".into(), json!(last_first));
}

pub(super) fn membership(group: &str) -> Value {
    json!({ "contactGroupMembership": {
        "contactGroupId": group,
        "contactGroupResourceName": format!("contactGroups/{group}"),
    }})
}

/// Field metadata as Google adds it to every value of a contact.
pub(super) fn stamp(item: &mut Value, primary: bool, is_membership: bool, source_id: &str) {
    let Value::Object(item) = item else {
        return;
    };
    let source = json!({ "type": "CONTACT", "id": source_id });
    let metadata = if is_membership {
        json!({ "source": source })
    } else if primary {
        json!({ "primary": true, "sourcePrimary": true, "source": source })
    } else {
        json!({ "source": source })
    };
    item.insert("metadata".into(), metadata);
}
