//! The People API methods themselves: each routed, authorised call checked as Google checks it
//! and answered from one user's [`Account`], all or nothing.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::api::{
    DEFAULT_GROUP_READ, DEFAULT_GROUP_WRITE_READ, MASK_DOCS, MAX_BATCH_CONTACTS, MAX_BATCH_DELETE,
    MAX_MODIFY_MEMBERS, Query, Route, body_str, expired_sync_token, group_fields, mask,
    optional_person_fields, page_size, page_token, read_page_token, required_person_fields,
    string_list,
};
use super::errors::ApiError;
use super::fields::{READABLE_FIELDS, UPDATABLE_FIELDS, UPDATABLE_GROUP_FIELDS};
use super::store::{Account, Change, ChangeLog, group_id, person_key};

fn contact_key(id: &str) -> Result<u64, ApiError> {
    person_key(&format!("people/{id}")).ok_or_else(|| {
        ApiError::invalid(format!(
            "Resource name \"people/{id}\" is not a valid contact resource name."
        ))
    })
}

fn existing_contact(account: &Account, id: &str) -> Result<u64, ApiError> {
    let key = contact_key(id)?;
    account
        .person(key)
        .map(|_| key)
        .ok_or_else(|| ApiError::not_found("Requested entity was not found."))
}

/// Runs a routed, authorised call on `account`: the JSON answer or Google's refusal. Nothing
/// is changed when it fails.
pub(super) fn apply(
    account: &mut Account,
    route: &Route,
    query: &Query,
    body: &Value,
) -> Result<Value, ApiError> {
    query.check(route.parameters())?;
    match route {
        Route::ListGroups => list_groups(account, query),
        Route::BatchGetGroups => batch_get_groups(account, query),
        Route::GetGroup(id) => {
            let fields = group_fields(query.get("groupFields"), &DEFAULT_GROUP_READ)?;
            let max_members = query.number("maxMembers")?.unwrap_or(0);
            if account.group(id).is_none() {
                return Err(ApiError::not_found("Requested entity was not found."));
            }
            Ok(account.render_group(id, &fields, max_members))
        }
        Route::CreateGroup => {
            let fields =
                group_fields(body_str(body, "readGroupFields"), &DEFAULT_GROUP_WRITE_READ)?;
            let group = body.get("contactGroup").cloned().unwrap_or(Value::Null);
            let name = body_str(&group, "name").unwrap_or_default();
            let client_data = group
                .get("clientData")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let id = account.create_group(name, client_data)?;
            Ok(account.render_group(&id, &fields, 0))
        }
        Route::UpdateGroup(id) => {
            let read = group_fields(body_str(body, "readGroupFields"), &DEFAULT_GROUP_WRITE_READ)?;
            let mut update = mask(
                body_str(body, "updateGroupFields").unwrap_or_default(),
                &UPDATABLE_GROUP_FIELDS,
                "updateGroupFields",
            )?;
            if update.is_empty() {
                update.push("name");
            }
            let group = body
                .get("contactGroup")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            account.update_group(id, &group, &update)?;
            Ok(account.render_group(id, &read, 0))
        }
        Route::DeleteGroup(id) => {
            let delete_contacts = match query.get("deleteContacts") {
                None | Some("false") => false,
                Some("true") => true,
                Some(other) => {
                    return Err(ApiError::invalid(format!(
                        "Invalid value at 'delete_contacts' (TYPE_BOOL), \"{other}\""
                    )));
                }
            };
            account.delete_group(id, delete_contacts)?;
            Ok(json!({}))
        }
        Route::ModifyMembers(id) => {
            let add = string_list(body, "resourceNamesToAdd")?;
            let remove = string_list(body, "resourceNamesToRemove")?;
            if add.len() + remove.len() > MAX_MODIFY_MEMBERS {
                return Err(ApiError::invalid(format!(
                    "Too many resource names: resourceNamesToAdd and resourceNamesToRemove may \
                     hold at most {MAX_MODIFY_MEMBERS} in total."
                )));
            }
            let outcome = account.modify_members(id, &add, &remove)?;
            let mut answer = Map::new();
            if !outcome.not_found.is_empty() {
                answer.insert("notFoundResourceNames".into(), json!(outcome.not_found));
            }
            if !outcome.last_group.is_empty() {
                answer.insert(
                    "canNotRemoveLastContactGroupResourceNames".into(),
                    json!(outcome.last_group),
                );
            }
            Ok(Value::Object(answer))
        }
        Route::CreateContact => {
            let fields = optional_person_fields(query.get("personFields"))?;
            let prepared = account.prepare_person(body, "person")?;
            let key = account.insert_person(prepared);
            Ok(account.render_person(key, &fields))
        }
        Route::BatchCreate => batch_create(account, body),
        Route::UpdateContact(id) => {
            let update = mask(
                query.get("updatePersonFields").unwrap_or_default(),
                &UPDATABLE_FIELDS,
                "updatePersonFields",
            )?;
            if update.is_empty() {
                return Err(ApiError::invalid(
                    "updatePersonFields mask is required. Please specify one or more valid \
                     paths. Valid paths are documented at \
                     https://developers.google.com/people/api/rest/v1/people/updateContact.",
                ));
            }
            let fields = optional_person_fields(query.get("personFields"))?;
            let key = existing_contact(account, id)?;
            account.check_etag(key, body)?;
            let person = account.prepare_update(key, body, &update, "person")?;
            account.replace_person(key, person);
            Ok(account.render_person(key, &fields))
        }
        Route::BatchUpdate => batch_update(account, body),
        Route::DeleteContact(id) => {
            let key = existing_contact(account, id)?;
            account.delete_person(key);
            Ok(json!({}))
        }
        Route::BatchDelete => {
            let names = string_list(body, "resourceNames")?;
            if names.is_empty() {
                return Err(ApiError::invalid("resourceNames must not be empty."));
            }
            if names.len() > MAX_BATCH_DELETE {
                return Err(ApiError::invalid(format!(
                    "Too many resource names: at most {MAX_BATCH_DELETE} may be deleted in one \
                     request."
                )));
            }
            let mut keys = Vec::with_capacity(names.len());
            let mut missing = Vec::new();
            for name in &names {
                match person_key(name).filter(|k| account.person(*k).is_some()) {
                    Some(key) => keys.push(key),
                    None => missing.push(name.as_str()),
                }
            }
            if !missing.is_empty() {
                return Err(ApiError::not_found(format!(
                    "Requested entities were not found: {}",
                    missing.join(", ")
                )));
            }
            for key in keys {
                account.delete_person(key);
            }
            Ok(json!({}))
        }
        Route::GetPerson(id) => {
            let fields = required_person_fields(query)?;
            let key = existing_contact(account, id)?;
            Ok(account.render_person(key, &fields))
        }
        Route::BatchGet => batch_get(account, query),
        Route::ListConnections => list_connections(account, query),
    }
}

fn list_groups(account: &Account, query: &Query) -> Result<Value, ApiError> {
    let size = page_size(query, 30)?;
    let fields = group_fields(query.get("groupFields"), &DEFAULT_GROUP_READ)?;
    if let Some(token) = query.get("syncToken").filter(|t| !t.is_empty()) {
        let read = Read {
            fields: &fields.join(","),
            size,
            always_token: true,
        };
        let (page, answer) = changes_since(&account.group_changes, query, token, &read)?;
        let groups: Vec<Value> = page
            .into_iter()
            .filter_map(|change| match change {
                Change::Current(seq) => account
                    .group_at(seq)
                    .map(|g| account.render_group(&g.id, &fields, 0)),
                Change::Deleted(tombstone) => Some(tombstone),
            })
            .collect();
        return Ok(with_items(answer, "contactGroups", groups));
    }
    let binding = fields.join(",");
    let (cut, after) = full_read_page(query, "groups", &binding, account.group_changes.seq())?;
    let (page, more) = account.group_page(after, size);
    let groups: Vec<Value> = page
        .iter()
        .map(|g| account.render_group(&g.id, &fields, 0))
        .collect();
    let mut answer = Map::new();
    if !groups.is_empty() {
        answer.insert("contactGroups".into(), Value::Array(groups));
    }
    answer.insert("totalItems".into(), json!(account.group_count()));
    if more && let Some(last) = page.last() {
        answer.insert(
            "nextPageToken".into(),
            json!(full_read_token(cut, "groups", last.seq(), &binding)),
        );
    }
    // contactGroups.list has no `requestSyncToken`: its last page always carries a token.
    if !more {
        answer.insert("nextSyncToken".into(), json!(sync_token(cut)));
    }
    Ok(Value::Object(answer))
}

fn batch_get_groups(account: &Account, query: &Query) -> Result<Value, ApiError> {
    let names = query.all("resourceNames");
    if names.is_empty() {
        return Err(ApiError::invalid("resourceNames must not be empty."));
    }
    if names.len() > MAX_BATCH_CONTACTS {
        return Err(ApiError::invalid(format!(
            "Too many resource names: at most {MAX_BATCH_CONTACTS} per request."
        )));
    }
    let fields = group_fields(query.get("groupFields"), &DEFAULT_GROUP_READ)?;
    let max_members = query.number("maxMembers")?.unwrap_or(0);
    let responses: Vec<Value> = names
        .iter()
        .map(
            |name| match group_id(name).filter(|id| account.group(id).is_some()) {
                Some(id) => json!({
                    "requestedResourceName": name,
                    "contactGroup": account.render_group(id, &fields, max_members),
                    "status": {},
                }),
                None => json!({
                    "requestedResourceName": name,
                    "status": { "code": 5, "message": "Requested entity was not found." },
                }),
            },
        )
        .collect();
    Ok(json!({ "responses": responses }))
}

/// The `readMask` of a batch mutation: required in the body; an empty one skips the read-back.
fn batch_read_mask(body: &Value) -> Result<Vec<&'static str>, ApiError> {
    let Some(raw) = body.get("readMask") else {
        return Err(ApiError::invalid(format!(
            "readMask is required. Please specify one or more valid paths. Valid paths are \
             documented at {MASK_DOCS}."
        )));
    };
    let raw = raw
        .as_str()
        .ok_or_else(|| ApiError::invalid("Invalid value at 'read_mask', expected a string."))?;
    mask(raw, &READABLE_FIELDS, "readMask")
}

fn batch_create(account: &mut Account, body: &Value) -> Result<Value, ApiError> {
    let contacts = match body.get("contacts") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => {
            return Err(ApiError::invalid(
                "Invalid value at 'contacts', expected a list.",
            ));
        }
    };
    if contacts.is_empty() {
        return Err(ApiError::invalid("contacts must not be empty."));
    }
    if contacts.len() > MAX_BATCH_CONTACTS {
        return Err(ApiError::invalid(format!(
            "Too many contacts in the request: at most {MAX_BATCH_CONTACTS} may be created at \
             once."
        )));
    }
    let fields = batch_read_mask(body)?;
    let mut prepared = Vec::with_capacity(contacts.len());
    for (i, contact) in contacts.iter().enumerate() {
        let person = contact.get("contactPerson").ok_or_else(|| {
            ApiError::invalid(format!("contacts[{i}].contactPerson is required."))
        })?;
        prepared.push(account.prepare_person(person, &format!("contacts[{i}].contact_person"))?);
    }
    let keys: Vec<u64> = prepared
        .into_iter()
        .map(|p| account.insert_person(p))
        .collect();
    if fields.is_empty() {
        return Ok(json!({}));
    }
    let created: Vec<Value> = keys
        .iter()
        .map(|k| json!({ "httpStatusCode": 200, "person": account.render_person(*k, &fields) }))
        .collect();
    Ok(json!({ "createdPeople": created }))
}

fn batch_update(account: &mut Account, body: &Value) -> Result<Value, ApiError> {
    let contacts = match body.get("contacts") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => {
            return Err(ApiError::invalid(
                "Invalid value at 'contacts', expected a map of resource names to people.",
            ));
        }
    };
    if contacts.is_empty() {
        return Err(ApiError::invalid("contacts must not be empty."));
    }
    if contacts.len() > MAX_BATCH_CONTACTS {
        return Err(ApiError::invalid(format!(
            "Too many contacts in the request: at most {MAX_BATCH_CONTACTS} may be updated at \
             once."
        )));
    }
    let update = mask(
        body_str(body, "updateMask").unwrap_or_default(),
        &UPDATABLE_FIELDS,
        "updateMask",
    )?;
    if update.is_empty() {
        return Err(ApiError::invalid(
            "updateMask is required. Please specify one or more valid paths. Valid paths are \
             documented at https://developers.google.com/people/api/rest/v1/people/batchUpdateContacts.",
        ));
    }
    let fields = batch_read_mask(body)?;
    let mut keys = HashMap::new();
    let mut missing = Vec::new();
    for name in contacts.keys() {
        match person_key(name).filter(|k| account.person(*k).is_some()) {
            Some(key) => {
                keys.insert(name.clone(), key);
            }
            None => missing.push(name.as_str()),
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::not_found(format!(
            "Requested entities were not found: {}",
            missing.join(", ")
        )));
    }
    let mut stale = Vec::new();
    for (name, person) in &contacts {
        let key = keys.get(name).copied().unwrap_or_default();
        match account.check_etag(key, person) {
            Ok(()) => {}
            Err(e) if e.is_failed_precondition() => stale.push(name.as_str()),
            Err(e) => return Err(e),
        }
    }
    if !stale.is_empty() {
        return Err(ApiError::failed_precondition(format!(
            "Request person.etag is different than the current person.etag for {}. Clear local \
             cache and get the latest person.",
            stale.join(", ")
        )));
    }
    let mut updated = Vec::with_capacity(contacts.len());
    for (name, person) in &contacts {
        let key = keys.get(name).copied().unwrap_or_default();
        let location = format!("contacts[{name}]");
        updated.push((
            name.clone(),
            key,
            account.prepare_update(key, person, &update, &location)?,
        ));
    }
    let mut results = Map::new();
    for (name, key, person) in updated {
        account.replace_person(key, person);
        if !fields.is_empty() {
            results.insert(
                name,
                json!({ "httpStatusCode": 200, "person": account.render_person(key, &fields) }),
            );
        }
    }
    if fields.is_empty() {
        return Ok(json!({}));
    }
    Ok(json!({ "updateResult": results }))
}

fn batch_get(account: &Account, query: &Query) -> Result<Value, ApiError> {
    let names = query.all("resourceNames");
    if names.is_empty() {
        return Err(ApiError::invalid("resourceNames must not be empty."));
    }
    if names.len() > MAX_BATCH_CONTACTS {
        return Err(ApiError::invalid(format!(
            "Too many resource names: at most {MAX_BATCH_CONTACTS} per request."
        )));
    }
    let fields = required_person_fields(query)?;
    let responses: Vec<Value> = names
        .iter()
        .map(|name| match person_key(name) {
            Some(key) if account.person(key).is_some() => json!({
                "httpStatusCode": 200,
                "person": account.render_person(key, &fields),
                "requestedResourceName": name,
                "status": {},
            }),
            Some(_) => json!({
                "httpStatusCode": 404,
                "requestedResourceName": name,
                "status": { "code": 5, "message": "Requested entity was not found." },
            }),
            None => json!({
                "httpStatusCode": 400,
                "requestedResourceName": name,
                "status": { "code": 3, "message": "Resource name is not a valid contact resource name." },
            }),
        })
        .collect();
    Ok(json!({ "responses": responses }))
}

fn list_connections(account: &Account, query: &Query) -> Result<Value, ApiError> {
    let fields = required_person_fields(query)?;
    if let Some(token) = query.get("syncToken").filter(|t| !t.is_empty()) {
        return connections_since(account, query, token, &fields);
    }
    let size = page_size(query, 100)?;
    if let Some(order) = query.get("sortOrder")
        && !matches!(
            order,
            "LAST_MODIFIED_ASCENDING"
                | "LAST_MODIFIED_DESCENDING"
                | "FIRST_NAME_ASCENDING"
                | "LAST_NAME_ASCENDING"
        )
    {
        return Err(ApiError::invalid(format!(
            "Invalid value at 'sort_order' (type.googleapis.com/google.people.v1.ListConnectionsRequest.SortOrder), \"{order}\""
        )));
    }
    let binding = fields.join(",");
    let (cut, after) = full_read_page(query, "connections", &binding, account.changes.seq())?;
    let (keys, more) = account.people_page(after, size);
    let people: Vec<Value> = keys
        .iter()
        .map(|k| account.render_person(*k, &fields))
        .collect();
    let total = account.people_count();
    let mut answer = Map::new();
    if !people.is_empty() {
        answer.insert("connections".into(), Value::Array(people));
    }
    if more && let Some(last) = keys.last() {
        answer.insert(
            "nextPageToken".into(),
            json!(full_read_token(cut, "connections", *last, &binding)),
        );
    }
    if !more && query.get("requestSyncToken") == Some("true") {
        answer.insert("nextSyncToken".into(), json!(sync_token(cut)));
    }
    if total > 0 {
        answer.insert("totalPeople".into(), json!(total));
        answer.insert("totalItems".into(), json!(total));
    }
    Ok(Value::Object(answer))
}

/// Where a page of a full read starts, and the change number the read's first page saw (carried
/// in its page tokens): the read's sync token covers changes up to that number only, so an item
/// changed after it was returned on an earlier page shows again in the next incremental read
/// instead of being lost.
fn full_read_page(
    query: &Query,
    kind: &str,
    binding: &str,
    current: u64,
) -> Result<(u64, Option<u64>), ApiError> {
    match query.get("pageToken").filter(|t| !t.is_empty()) {
        None => Ok((current, None)),
        Some(token) => {
            let (cut, rest) = token
                .split_once(':')
                .and_then(|(c, r)| Some((c.parse::<u64>().ok()?, r)))
                .ok_or_else(|| {
                    ApiError::invalid("Page token is invalid or does not match the request.")
                })?;
            Ok((cut, read_page_token(Some(rest), kind, binding)?))
        }
    }
}

/// The page token after `last` in a full read whose first page saw change number `cut`.
fn full_read_token(cut: u64, kind: &str, last: u64, binding: &str) -> String {
    format!("{cut}:{}", page_token(kind, last, binding))
}

/// A sync token covering changes up to `seq`.
fn sync_token(seq: u64) -> String {
    format!("sandbox-sync-{seq}")
}

/// `connections.list` with a `syncToken`: the contacts changed since it (current state) and those
/// deleted (`metadata.deleted`), oldest change first, paged like a full read.
fn connections_since(
    account: &Account,
    query: &Query,
    token: &str,
    fields: &[&str],
) -> Result<Value, ApiError> {
    let read = Read {
        fields: &fields.join(","),
        size: page_size(query, 100)?,
        always_token: false,
    };
    let (page, answer) = changes_since(&account.changes, query, token, &read)?;
    let people: Vec<Value> = page
        .into_iter()
        .map(|change| match change {
            Change::Current(key) => account.render_person(key, fields),
            Change::Deleted(tombstone) => tombstone,
        })
        .collect();
    Ok(with_items(answer, "connections", people))
}

/// `answer` with `items` under `key` (left out when empty, as proto3 JSON does).
fn with_items(mut answer: Map<String, Value>, key: &str, items: Vec<Value>) -> Value {
    if !items.is_empty() {
        answer.insert(key.into(), Value::Array(items));
    }
    Value::Object(answer)
}

/// How a sync read pages: the fields asked (bound into page tokens), the page size, and whether
/// the last page always carries a token (`contactGroups.list`) or only when asked.
struct Read<'a> {
    fields: &'a str,
    size: usize,
    always_token: bool,
}

/// One page of the changes in `log` since `token`, and the answer's paging and token fields.
/// Changes younger than the log's lag do not show yet, as Google warns; the next token resumes
/// before them. The cut is fixed by the first page (its number rides in the page token), so the
/// pages of one read agree on where it ends.
fn changes_since(
    log: &ChangeLog,
    query: &Query,
    token: &str,
    read: &Read<'_>,
) -> Result<(Vec<Change>, Map<String, Value>), ApiError> {
    let since: u64 = token
        .strip_prefix("sandbox-sync-")
        .and_then(|n| n.parse().ok())
        .filter(|n| *n <= log.seq())
        .ok_or_else(|| ApiError::invalid("Request contains an invalid argument."))?;
    if log.expired(since) {
        return Err(expired_sync_token());
    }
    let binding = format!("{}|{token}", read.fields);
    let (until, after) = match query.get("pageToken").filter(|t| !t.is_empty()) {
        None => (log.visible_seq().max(since), None),
        Some(page) => {
            let (cut, last) = page
                .split_once(':')
                .and_then(|(c, l)| Some((c.parse::<u64>().ok()?, l)))
                .ok_or_else(|| {
                    ApiError::invalid("Page token is invalid or does not match the request.")
                })?;
            (cut, read_page_token(Some(last), "changes", &binding)?)
        }
    };
    let (page, more) = log.since(since, until, after, read.size);
    let mut answer = Map::new();
    match page.last() {
        Some((seq, _)) if more => {
            answer.insert(
                "nextPageToken".into(),
                json!(format!("{until}:{}", page_token("changes", *seq, &binding))),
            );
        }
        _ if read.always_token || query.get("requestSyncToken") == Some("true") => {
            answer.insert("nextSyncToken".into(), json!(sync_token(until)));
        }
        _ => {}
    }
    Ok((page.into_iter().map(|(_, c)| c).collect(), answer))
}
