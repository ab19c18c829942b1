//! One user's contacts and contact groups, kept as Google's JSON, with the rules the People API
//! enforces on them (etags, singleton fields, the last-group rule, unique group names).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};

use super::errors::ApiError;
use super::fields::{
    GROUP_FIELDS, UPDATABLE_FIELDS, clean_client_data, clean_field, contact_source, membership,
    person_object, stamp,
};
use super::group::{Group, now_rfc3339, random_tag};

/// The system group every contact lands in when no other is given.
pub(super) const MY_CONTACTS: &str = "myContacts";
/// The other system group contacts may be added to.
pub(super) const STARRED: &str = "starred";

/// Person ids are unique across users, so a client mixing up users' resource names is caught.
static NEXT_PERSON: AtomicU64 = AtomicU64::new(1 << 62);
/// Group ids likewise; Google's user group ids are hexadecimal.
static NEXT_GROUP: AtomicU64 = AtomicU64::new(0x1a2b_3c4d_5e6f_0000);

/// The resource name of person `key`.
pub(super) fn person_name(key: u64) -> String {
    format!("people/c{key}")
}

/// The key of a contact's resource name (`people/c123` → 123).
pub(super) fn person_key(resource_name: &str) -> Option<u64> {
    let digits = resource_name.strip_prefix("people/c")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The id of a group's resource name (`contactGroups/abc` → `abc`).
pub(super) fn group_id(resource_name: &str) -> Option<&str> {
    resource_name
        .strip_prefix("contactGroups/")
        .filter(|id| !id.is_empty() && !id.contains('/'))
}

/// What `members:modify` could not do.
#[derive(Default)]
pub(super) struct ModifyOutcome {
    pub(super) not_found: Vec<String>,
    pub(super) last_group: Vec<String>,
}

/// One user's contacts (by key, in creation order), groups and group membership index.
pub(super) struct Account {
    groups: Vec<Group>,
    people: BTreeMap<u64, Value>,
    members: HashMap<String, BTreeSet<u64>>,
    /// What `connections.list` sync tokens are read against (keyed by person key).
    pub(super) changes: ChangeLog,
    /// What `contactGroups.list` sync tokens are read against (keyed by group position).
    pub(super) group_changes: ChangeLog,
}

/// Every contact's (or group's) last change, in order, for `syncToken` reads: a token is the
/// sequence number of the last change it covers.
#[derive(Default)]
pub(super) struct ChangeLog {
    /// The latest change's number.
    seq: u64,
    /// By number: the contact changed and when.
    by_seq: BTreeMap<u64, (u64, std::time::Instant)>,
    /// Each contact's latest number.
    latest: HashMap<u64, u64>,
    /// What a read reports for a deleted item (resource name, last etag, `metadata.deleted`).
    deleted: HashMap<u64, Value>,
    /// Tokens below this number are expired (Google: after seven days).
    valid_from: u64,
    /// How long a change takes to show in sync reads (Google warns of minutes).
    pub(super) lag: std::time::Duration,
}

/// One change a sync read reports: an item as it is now, or its deletion.
pub(super) enum Change {
    /// The item (current state), by key.
    Current(u64),
    /// A deleted item, as a read reports it.
    Deleted(Value),
}

impl ChangeLog {
    fn record_deletion(&mut self, key: u64, resource_name: String, etag: &str, object_type: &str) {
        let mut metadata = Map::new();
        metadata.insert("deleted".into(), json!(true));
        if !object_type.is_empty() {
            metadata.insert("objectType".into(), json!(object_type));
        }
        self.deleted.insert(
            key,
            json!({ "resourceName": resource_name, "etag": etag, "metadata": metadata }),
        );
        self.record(key);
    }

    fn record(&mut self, key: u64) {
        self.seq += 1;
        if let Some(old) = self.latest.insert(key, self.seq) {
            self.by_seq.remove(&old);
        }
        self.by_seq
            .insert(self.seq, (key, std::time::Instant::now()));
    }

    /// The number a token issued now covers: every change up to it is old enough to show (a
    /// change younger than the lag holds back itself and all after it).
    pub(super) fn visible_seq(&self) -> u64 {
        let now = std::time::Instant::now();
        self.by_seq
            .iter()
            .find(|(_, (_, at))| now.duration_since(*at) < self.lag)
            .map_or(self.seq, |(seq, _)| seq.saturating_sub(1))
    }

    /// Changes after `since` up to `until`, at most `limit` of them from `after` (a page), and
    /// whether more follow.
    pub(super) fn since(
        &self,
        since: u64,
        until: u64,
        after: Option<u64>,
        limit: usize,
    ) -> (Vec<(u64, Change)>, bool) {
        let start = after.unwrap_or(since).max(since).saturating_add(1);
        if start > until {
            return (Vec::new(), false);
        }
        let mut rest = self.by_seq.range(start..=until).map(|(seq, (key, _))| {
            let change = match self.deleted.get(key) {
                Some(tombstone) => Change::Deleted(tombstone.clone()),
                None => Change::Current(*key),
            };
            (*seq, change)
        });
        let page: Vec<(u64, Change)> = rest.by_ref().take(limit).collect();
        (page, rest.next().is_some())
    }

    /// Whether a token covering changes up to `seq` has expired.
    pub(super) fn expired(&self, seq: u64) -> bool {
        seq < self.valid_from
    }

    /// The latest change's number.
    pub(super) fn seq(&self) -> u64 {
        self.seq
    }

    /// Every token issued so far expires; those issued from now on are good.
    pub(super) fn expire_all(&mut self) {
        self.seq += 1;
        self.valid_from = self.seq;
    }
}

impl Default for Account {
    fn default() -> Self {
        Self {
            groups: vec![
                Group::system(MY_CONTACTS, "My Contacts", 0),
                Group::system(STARRED, "Starred", 1),
            ],
            people: BTreeMap::new(),
            members: HashMap::new(),
            changes: ChangeLog::default(),
            group_changes: ChangeLog::default(),
        }
    }
}

impl Account {
    // ----- groups -------------------------------------------------------------------------

    /// User group at position `seq`, if it still exists.
    pub(super) fn group_at(&self, seq: u64) -> Option<&Group> {
        self.groups.iter().find(|g| g.seq == seq)
    }

    pub(super) fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    fn member_keys(&self, id: &str) -> impl Iterator<Item = u64> + '_ {
        self.members.get(id).into_iter().flatten().copied()
    }

    pub(super) fn member_count(&self, id: &str) -> usize {
        self.members.get(id).map_or(0, BTreeSet::len)
    }

    /// Group `id` as JSON, with up to `max_members` member names.
    pub(super) fn render_group(&self, id: &str, fields: &[&str], max_members: usize) -> Value {
        let Some(group) = self.group(id) else {
            return Value::Null;
        };
        let members = (max_members > 0).then(|| {
            self.member_keys(id)
                .take(max_members)
                .map(person_name)
                .collect()
        });
        group.render(fields, self.member_count(id), members, false)
    }

    /// Every group with every field and all members, for snapshots.
    pub(super) fn full_groups(&self) -> Vec<Value> {
        self.groups
            .iter()
            .map(|g| {
                let members = self.member_keys(&g.id).map(person_name).collect();
                g.render(&GROUP_FIELDS, self.member_count(&g.id), Some(members), true)
            })
            .collect()
    }

    /// The groups after sequence number `after`, up to `page_size`, and whether more follow.
    pub(super) fn group_page(&self, after: Option<u64>, page_size: usize) -> (Vec<&Group>, bool) {
        let mut rest = self
            .groups
            .iter()
            .filter(|g| after.is_none_or(|a| g.seq > a));
        let page: Vec<&Group> = rest.by_ref().take(page_size).collect();
        (page, rest.next().is_some())
    }

    pub(super) fn group_count(&self) -> usize {
        self.groups.len()
    }

    fn name_taken(&self, name: &str, except: Option<&str>) -> bool {
        self.groups
            .iter()
            .any(|g| g.name == name && Some(g.id.as_str()) != except)
    }

    /// Creates a user group; 409 when the name is taken.
    pub(super) fn create_group(
        &mut self,
        name: &str,
        client_data: Vec<Value>,
    ) -> Result<String, ApiError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ApiError::invalid("Contact group name must not be empty."));
        }
        if self.name_taken(name, None) {
            return Err(ApiError::already_exists(format!(
                "Contact group name '{name}' already exists."
            )));
        }
        let seq = NEXT_GROUP.fetch_add(1, Ordering::SeqCst);
        let id = format!("{seq:x}");
        self.groups.push(Group {
            id: id.clone(),
            seq,
            system: false,
            name: name.to_owned(),
            formatted_name: name.to_owned(),
            client_data: clean_client_data(client_data),
            etag: random_tag(""),
            update_time: now_rfc3339(),
        });
        self.group_changes.record(seq);
        Ok(id)
    }

    /// Replaces the masked fields of user group `id` after checking its etag.
    pub(super) fn update_group(
        &mut self,
        id: &str,
        input: &Map<String, Value>,
        mask: &[&str],
    ) -> Result<(), ApiError> {
        let group = self
            .group(id)
            .ok_or_else(|| ApiError::not_found("Requested entity was not found."))?;
        if group.system {
            return Err(ApiError::invalid("Cannot update a system contact group."));
        }
        match input.get("etag").and_then(Value::as_str) {
            None => {
                return Err(ApiError::failed_precondition(
                    "Request must set contactGroup.etag.",
                ));
            }
            Some(etag) if etag != group.etag => {
                return Err(ApiError::failed_precondition(
                    "Request contactGroup.etag is different than the current contactGroup.etag. \
                     Clear local cache and get the latest contactGroup.",
                ));
            }
            Some(_) => {}
        }
        let new_name = if mask.contains(&"name") {
            let name = input
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim();
            if name.is_empty() {
                return Err(ApiError::invalid("Contact group name must not be empty."));
            }
            if self.name_taken(name, Some(id)) {
                return Err(ApiError::already_exists(format!(
                    "Contact group name '{name}' already exists."
                )));
            }
            Some(name.to_owned())
        } else {
            None
        };
        let client_data = mask.contains(&"clientData").then(|| {
            clean_client_data(
                input
                    .get("clientData")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            )
        });
        if let Some(group) = self.groups.iter_mut().find(|g| g.id == id) {
            if let Some(name) = new_name {
                group.formatted_name.clone_from(&name);
                group.name = name;
            }
            if let Some(client_data) = client_data {
                group.client_data = client_data;
            }
            group.touch();
            let seq = group.seq;
            self.group_changes.record(seq);
        }
        Ok(())
    }

    /// Deletes user group `id` and, with `delete_contacts`, its members; otherwise members
    /// lose the membership and one left with none falls back to `myContacts`.
    pub(super) fn delete_group(&mut self, id: &str, delete_contacts: bool) -> Result<(), ApiError> {
        let group = self
            .group(id)
            .ok_or_else(|| ApiError::not_found("Requested entity was not found."))?;
        if group.system {
            return Err(ApiError::invalid("Cannot delete a system contact group."));
        }
        let members: Vec<u64> = self.member_keys(id).collect();
        for key in members {
            if delete_contacts {
                self.delete_person(key);
                continue;
            }
            let mut groups = self.membership_ids(key);
            groups.retain(|g| g != id);
            if groups.is_empty() {
                groups.push(MY_CONTACTS.to_owned());
            }
            self.set_memberships(key, &groups);
        }
        self.members.remove(id);
        if let Some(group) = self.groups.iter().find(|g| g.id == id) {
            let (seq, etag) = (group.seq, group.etag.clone());
            self.group_changes
                .record_deletion(seq, format!("contactGroups/{id}"), &etag, "");
        }
        self.groups.retain(|g| g.id != id);
        Ok(())
    }

    /// Adds and removes members of group `id`, reporting unknown contacts and contacts whose
    /// last group it is (those keep it).
    pub(super) fn modify_members(
        &mut self,
        id: &str,
        add: &[String],
        remove: &[String],
    ) -> Result<ModifyOutcome, ApiError> {
        if self.group(id).is_none() {
            return Err(ApiError::not_found("Requested entity was not found."));
        }
        let mut outcome = ModifyOutcome::default();
        for name in add {
            match person_key(name).filter(|k| self.people.contains_key(k)) {
                None => outcome.not_found.push(name.clone()),
                Some(key) => {
                    let mut groups = self.membership_ids(key);
                    if !groups.iter().any(|g| g == id) {
                        groups.push(id.to_owned());
                        self.set_memberships(key, &groups);
                    }
                }
            }
        }
        for name in remove {
            match person_key(name).filter(|k| self.people.contains_key(k)) {
                None => outcome.not_found.push(name.clone()),
                Some(key) => {
                    let mut groups = self.membership_ids(key);
                    if !groups.iter().any(|g| g == id) {
                        continue;
                    }
                    groups.retain(|g| g != id);
                    if groups.is_empty() {
                        outcome.last_group.push(name.clone());
                    } else {
                        self.set_memberships(key, &groups);
                    }
                }
            }
        }
        Ok(outcome)
    }

    // ----- people -------------------------------------------------------------------------

    pub(super) fn person(&self, key: u64) -> Option<&Value> {
        self.people.get(&key)
    }

    pub(super) fn people_count(&self) -> usize {
        self.people.len()
    }

    /// Contact keys after `after`, up to `page_size`, and whether more follow.
    pub(super) fn people_page(&self, after: Option<u64>, page_size: usize) -> (Vec<u64>, bool) {
        let start = after.map_or(0, |a| a.saturating_add(1));
        let mut rest = self.people.range(start..).map(|(k, _)| *k);
        let page: Vec<u64> = rest.by_ref().take(page_size).collect();
        (page, rest.next().is_some())
    }

    /// Every contact's full JSON, for snapshots.
    pub(super) fn full_people(&self) -> Vec<Value> {
        self.people.values().cloned().collect()
    }

    /// Person `key` with `fields` (resource name and etag always).
    pub(super) fn render_person(&self, key: u64, fields: &[&str]) -> Value {
        let Some(Value::Object(person)) = self.people.get(&key) else {
            return Value::Null;
        };
        let mut out = Map::new();
        for always in ["resourceName", "etag"] {
            if let Some(v) = person.get(always) {
                out.insert(always.into(), v.clone());
            }
        }
        for field in fields {
            if let Some(v) = person.get(*field) {
                out.insert((*field).into(), v.clone());
            }
        }
        Value::Object(out)
    }

    /// Checks a new contact's data and returns its stored fields (not yet stamped).
    pub(super) fn prepare_person(
        &self,
        input: &Value,
        location: &str,
    ) -> Result<Map<String, Value>, ApiError> {
        let input = person_object(input, location)?;
        let mut fields = Map::new();
        for field in UPDATABLE_FIELDS {
            if field == "memberships" {
                continue;
            }
            if let Some(items) = clean_field(input, field, location)? {
                fields.insert(field.into(), Value::Array(items));
            }
        }
        let groups = match input.get("memberships") {
            Some(value) => self.membership_input(value, location)?,
            None => Vec::new(),
        };
        let groups = if groups.is_empty() {
            vec![MY_CONTACTS.to_owned()]
        } else {
            groups
        };
        fields.insert(
            "memberships".into(),
            Value::Array(groups.iter().map(|g| membership(g)).collect()),
        );
        Ok(fields)
    }

    /// Stores a prepared contact; its key.
    pub(super) fn insert_person(&mut self, fields: Map<String, Value>) -> u64 {
        let key = NEXT_PERSON.fetch_add(1, Ordering::SeqCst);
        let mut person = fields;
        person.insert("resourceName".into(), json!(person_name(key)));
        self.people.insert(key, Value::Object(person));
        self.touch_person(key);
        key
    }

    /// Checks the etag a client sent against contact `key`'s current one.
    pub(super) fn check_etag(&self, key: u64, input: &Value) -> Result<(), ApiError> {
        let current = self.people.get(&key).cloned().unwrap_or(Value::Null);
        let sent_person = input.get("etag").and_then(Value::as_str);
        let sent_source = contact_source(input)
            .and_then(|s| s.get("etag"))
            .and_then(Value::as_str);
        if sent_person.is_none() && sent_source.is_none() {
            return Err(ApiError::invalid(
                "Request must set person.etag or person.metadata.sources.etag for the source \
                 that is being updated.",
            ));
        }
        if let Some(etag) = sent_person
            && Some(etag) != current.get("etag").and_then(Value::as_str)
        {
            return Err(ApiError::failed_precondition(
                "Request person.etag is different than the current person.etag. Clear local \
                 cache and get the latest person.",
            ));
        }
        let current_source = contact_source(&current)
            .and_then(|s| s.get("etag"))
            .and_then(Value::as_str);
        if let Some(etag) = sent_source
            && Some(etag) != current_source
        {
            return Err(ApiError::failed_precondition(
                "Request person.metadata.sources.etag is different than the current \
                 person.metadata.sources.etag. Clear local cache and get the latest person.",
            ));
        }
        Ok(())
    }

    /// Contact `key` with the masked fields replaced by `input`'s (not yet stored).
    pub(super) fn prepare_update(
        &self,
        key: u64,
        input: &Value,
        mask: &[&str],
        location: &str,
    ) -> Result<Map<String, Value>, ApiError> {
        let object = person_object(input, location)?;
        let Some(Value::Object(current)) = self.people.get(&key) else {
            return Err(ApiError::not_found("Requested entity was not found."));
        };
        let mut person = current.clone();
        for field in mask {
            if *field == "memberships" {
                let groups = match object.get("memberships") {
                    Some(value) => self.membership_input(value, location)?,
                    None => Vec::new(),
                };
                if groups.is_empty() {
                    return Err(ApiError::invalid(
                        "Person must have at least one contact group membership.",
                    ));
                }
                person.insert(
                    "memberships".into(),
                    Value::Array(groups.iter().map(|g| membership(g)).collect()),
                );
                continue;
            }
            match clean_field(object, field, location)? {
                Some(items) => {
                    person.insert((*field).into(), Value::Array(items));
                }
                None => {
                    person.remove(*field);
                }
            }
        }
        Ok(person)
    }

    /// Stores an updated contact and gives it a new etag.
    pub(super) fn replace_person(&mut self, key: u64, person: Map<String, Value>) {
        self.people.insert(key, Value::Object(person));
        self.touch_person(key);
    }

    /// Removes contact `key` from the account and every group; whether it existed.
    pub(super) fn delete_person(&mut self, key: u64) -> bool {
        for members in self.members.values_mut() {
            members.remove(&key);
        }
        match self.people.remove(&key) {
            Some(person) => {
                let etag = person
                    .get("etag")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                self.changes
                    .record_deletion(key, person_name(key), etag, "PERSON");
                true
            }
            None => false,
        }
    }

    /// A user's own edit of contact `key` (in Google Contacts): applied, then a new etag.
    pub(super) fn edit_person(&mut self, key: u64, edit: impl FnOnce(&mut Value)) -> bool {
        let Some(person) = self.people.get_mut(&key) else {
            return false;
        };
        edit(person);
        self.touch_person(key);
        true
    }

    /// Gives contact `key` a new etag without changing anything else (a concurrent edit).
    pub(super) fn bump_etag(&mut self, key: u64) {
        if self.people.contains_key(&key) {
            self.touch_person(key);
        }
    }

    // ----- internals ----------------------------------------------------------------------

    /// New etags and update time, field metadata stamped, membership index refreshed.
    fn touch_person(&mut self, key: u64) {
        let groups: Vec<String> = self.membership_ids(key);
        let Some(Value::Object(person)) = self.people.get_mut(&key) else {
            return;
        };
        let source_id = format!("{key:x}");
        for (field, value) in person.iter_mut() {
            if !UPDATABLE_FIELDS.contains(&field.as_str()) {
                continue;
            }
            if let Value::Array(items) = value {
                for (i, item) in items.iter_mut().enumerate() {
                    stamp(item, i == 0, field == "memberships", &source_id);
                }
            }
        }
        let etag = random_tag("%Eg");
        person.insert("etag".into(), json!(etag));
        person.insert(
            "metadata".into(),
            json!({
                "sources": [{
                    "type": "CONTACT", "id": source_id, "etag": random_tag("#"),
                    "updateTime": now_rfc3339(),
                }],
                "objectType": "PERSON",
            }),
        );
        for members in self.members.values_mut() {
            members.remove(&key);
        }
        for group in groups {
            self.members.entry(group).or_default().insert(key);
        }
        self.changes.record(key);
    }

    /// The group ids of contact `key`'s memberships, in order.
    fn membership_ids(&self, key: u64) -> Vec<String> {
        self.people
            .get(&key)
            .and_then(|p| p.get("memberships"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| {
                m.pointer("/contactGroupMembership/contactGroupId")
                    .and_then(Value::as_str)
            })
            .filter(|id| self.group(id).is_some())
            .map(str::to_owned)
            .collect()
    }

    fn set_memberships(&mut self, key: u64, groups: &[String]) {
        if let Some(Value::Object(person)) = self.people.get_mut(&key) {
            person.insert(
                "memberships".into(),
                Value::Array(groups.iter().map(|g| membership(g)).collect()),
            );
        }
        self.touch_person(key);
    }

    /// The group ids a `memberships` input names, each checked and once.
    fn membership_input(&self, value: &Value, location: &str) -> Result<Vec<String>, ApiError> {
        let items = value.as_array().ok_or_else(|| {
            ApiError::invalid(format!(
                "Invalid value at '{location}.memberships', expected a list."
            ))
        })?;
        let mut groups: Vec<String> = Vec::new();
        for item in items {
            let membership = item.get("contactGroupMembership");
            let id = membership
                .and_then(|m| m.get("contactGroupResourceName"))
                .and_then(Value::as_str)
                .and_then(group_id)
                .or_else(|| {
                    membership
                        .and_then(|m| m.get("contactGroupId"))
                        .and_then(Value::as_str)
                });
            let Some(id) = id else {
                return Err(ApiError::invalid(
                    "Membership must set contactGroupMembership.contactGroupResourceName.",
                ));
            };
            if self.group(id).is_none() {
                return Err(ApiError::invalid(format!(
                    "Contact group not found: contactGroups/{id}"
                )));
            }
            if !groups.iter().any(|g| g == id) {
                groups.push(id.to_owned());
            }
        }
        Ok(groups)
    }
}
