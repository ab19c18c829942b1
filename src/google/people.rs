//! People API client for the sync: contact groups and contacts in one member's Google Contacts.
//!
//! Acts as that member through domain-wide delegation. Knows Google's limits and error shapes;
//! the order, pacing and retrying of calls belong to the caller (`sync`).
//!
//! See <https://developers.google.com/people/api/rest/v1/people> and
//! <https://developers.google.com/people/api/rest/v1/contactGroups>.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::{Method, RequestBuilder, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::service_account::{TokenError, TokenSource};

/// The scope the sync asks for: read and write the member's contacts.
pub const CONTACTS_SCOPE: &str = "https://www.googleapis.com/auth/contacts";
/// `people.batchCreateContacts` takes at most this many contacts.
pub const MAX_BATCH_CREATE: usize = 200;
/// `people.batchUpdateContacts` takes at most this many contacts.
pub const MAX_BATCH_UPDATE: usize = 200;
/// `people.batchDeleteContacts` takes at most this many resource names.
pub const MAX_BATCH_DELETE: usize = 500;
/// `people.getBatchGet` takes at most this many resource names.
pub const MAX_BATCH_GET: usize = 200;
/// `contactGroups.members.modify` takes at most this many names to add and remove together.
pub const MAX_MEMBER_CHANGES: usize = 1000;
/// Largest page of `people.connections.list` and `contactGroups.list`.
const MAX_PAGE_SIZE: &str = "1000";
/// Stop following `nextPageToken` after this many pages.
const MAX_PAGES: usize = 100;
/// The system group every contact we create also joins, so it never loses its last group.
pub const MY_CONTACTS: &str = "contactGroups/myContacts";
/// The person fields the sync writes, and so replaces, on update.
pub const UPDATE_MASK: &str =
    "names,emailAddresses,phoneNumbers,organizations,addresses,biographies,userDefined,clientData";
/// [`UPDATE_MASK`] and the group memberships.
pub const REGROUP_MASK: &str = "names,emailAddresses,phoneNumbers,organizations,addresses,biographies,\
userDefined,clientData,memberships";
/// Fields read back after a write: enough to recognise our contacts and keep their etags.
const READ_MASK: &str = "clientData,metadata";
/// Fields read to take in what a member changed: every field the sync models, the groups, our
/// marker and the sources' etags and update times.
const FULL_READ_MASK: &str = "names,emailAddresses,phoneNumbers,organizations,addresses,biographies,\
userDefined,memberships,clientData,metadata";
/// Group fields read.
const GROUP_READ_MASK: &str = "clientData,groupType,memberCount,metadata,name";

/// The per-user quota buckets of the People API, as named on the Cloud Console quota page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuotaBucket {
    /// "Critical read requests (Contact and Profile Reads)".
    CriticalReads,
    /// "Critical write requests (Contact Creates and Updates)".
    CriticalWrites,
    /// "Write requests (Contact Deletes and Contact Group Writes)".
    DeletesAndGroupWrites,
    /// "Read requests (Contact Group Reads)".
    GroupReads,
}

/// The People API methods the sync calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `contactGroups.list`.
    ListGroups,
    /// `contactGroups.get`.
    GetGroup,
    /// `contactGroups.create`.
    CreateGroup,
    /// `contactGroups.update`.
    UpdateGroup,
    /// `contactGroups.delete`.
    DeleteGroup,
    /// `contactGroups.members.modify`.
    ModifyMembers,
    /// `people.createContact`.
    CreateContact,
    /// `people.batchCreateContacts`.
    BatchCreate,
    /// `people.batchUpdateContacts`.
    BatchUpdate,
    /// `people.updateContact`.
    UpdateContact,
    /// `people.batchDeleteContacts`.
    BatchDelete,
    /// `people.deleteContact`.
    DeleteContact,
    /// `people.getBatchGet`.
    BatchGet,
    /// `people.connections.list`, one page.
    ListConnections,
}

impl Call {
    /// Up to how many contacts sending them one by one (`self`) costs no more quota than one
    /// `batch` call: 6 for `createContact` against `batchCreateContacts`. Beyond it, batches pay.
    pub fn singles_pay_up_to(self, batch: Call) -> usize {
        let writes = |call: Call| {
            call.cost()
                .iter()
                .filter(|(bucket, _)| *bucket == QuotaBucket::CriticalWrites)
                .map(|(_, n)| *n)
                .sum::<u32>()
        };
        match writes(self) {
            0 => 0,
            single => usize::try_from(writes(batch) / single).unwrap_or(0),
        }
    }

    /// What one call costs against each per-user bucket, from Google's "Read and Manage Contacts"
    /// guide (a batch of up to 200 counts as 6 critical reads and 6 critical writes).
    pub fn cost(self) -> &'static [(QuotaBucket, u32)] {
        use QuotaBucket::*;
        match self {
            Call::ListGroups | Call::GetGroup => &[(GroupReads, 1)],
            Call::CreateGroup | Call::UpdateGroup | Call::DeleteGroup | Call::ModifyMembers => {
                &[(DeletesAndGroupWrites, 1)]
            }
            Call::BatchCreate | Call::BatchUpdate => &[(CriticalReads, 6), (CriticalWrites, 6)],
            Call::CreateContact | Call::UpdateContact => &[(CriticalReads, 1), (CriticalWrites, 1)],
            Call::BatchDelete => &[(DeletesAndGroupWrites, 10)],
            Call::DeleteContact => &[(DeletesAndGroupWrites, 1)],
            Call::BatchGet | Call::ListConnections => &[(CriticalReads, 1)],
        }
    }

    /// Whether the call changes the member's contacts (Google asks for these one at a time).
    pub fn is_mutation(self) -> bool {
        !matches!(
            self,
            Call::ListGroups | Call::GetGroup | Call::BatchGet | Call::ListConnections
        )
    }
}

/// Why a call failed. Never carries a token or contact data.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    /// 429 RESOURCE_EXHAUSTED, or 403 with a rate-limit reason: wait, then retry.
    #[error("the People API quota is exhausted ({message})")]
    RateLimited {
        /// Seconds Google asked us to wait, if it did.
        retry_after: Option<Duration>,
        /// Google's message (names the quota).
        message: String,
    },
    /// 5xx, a timeout or a dropped connection: worth retrying.
    #[error("the People API is unavailable (HTTP {status:?})")]
    Unavailable {
        /// HTTP status, if an answer came at all.
        status: Option<u16>,
        /// Seconds Google asked us to wait, if it did.
        retry_after: Option<Duration>,
    },
    /// 400 FAILED_PRECONDITION (or 412): the etag sent is not the current one.
    #[error("the contact changed since its etag was read")]
    StaleEtag,
    /// 404: no such contact or group.
    #[error("not found in the member's Google Contacts")]
    NotFound,
    /// 400 with reason `EXPIRED_SYNC_TOKEN` (a token is good for seven days): read everything
    /// again, without a token.
    #[error("the sync token has expired")]
    SyncTokenExpired,
    /// 409: a contact group with this name exists.
    #[error("a contact group with this name exists")]
    AlreadyExists,
    /// Any other refusal; retrying the same request will not help.
    #[error("the People API refused the request (HTTP {status}, {status_text}: {message})")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// Google's `status` (for example INVALID_ARGUMENT or PERMISSION_DENIED).
        status_text: String,
        /// Google's message.
        message: String,
    },
    /// No delegated token for the member.
    #[error("no token to act as the member")]
    Token(#[source] TokenError),
    /// A success answer that could not be read.
    #[error("the People API's answer could not be read")]
    InvalidResponse(#[source] Option<reqwest::Error>),
}

impl PeopleError {
    /// Whether the same call may succeed later without any change of setup.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Unavailable { .. } => true,
            Self::Token(e) => e.is_retryable(),
            _ => false,
        }
    }

    /// How long Google asked us to wait before retrying.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } | Self::Unavailable { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }
}

/// A `clientData` entry; ours carry keys starting with `sharebook.`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct ClientData {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
}

/// A contact group as the sync needs it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactGroup {
    /// `contactGroups/…`.
    pub resource_name: String,
    /// Current etag.
    #[serde(default)]
    pub etag: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Client data.
    #[serde(default)]
    pub client_data: Vec<ClientData>,
    /// `USER_CONTACT_GROUP` for the user's own, `SYSTEM_CONTACT_GROUP` for Google's.
    #[serde(default)]
    pub group_type: Option<String>,
    /// Contacts in the group (absent when none).
    #[serde(default)]
    pub member_count: Option<i64>,
    /// In a read with a sync token: whether the group was deleted since.
    #[serde(default)]
    pub metadata: Option<GroupMetadata>,
}

/// `ContactGroup.metadata`, the part the sync reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GroupMetadata {
    /// The group was deleted (reads with a sync token).
    #[serde(default)]
    pub deleted: bool,
}

impl ContactGroup {
    /// Whether a read with a sync token reports the group deleted.
    pub fn is_deleted(&self) -> bool {
        self.metadata.as_ref().is_some_and(|m| m.deleted)
    }

    /// Whether this is one of the user's own groups (not My Contacts, Starred, ...).
    pub fn is_user_group(&self) -> bool {
        self.group_type.as_deref() == Some("USER_CONTACT_GROUP")
    }
}

/// A person as the sync needs it: who it is, its etag, our marker.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonRef {
    /// `people/c…`.
    pub resource_name: String,
    /// Current etag.
    #[serde(default)]
    pub etag: Option<String>,
    /// Client data.
    #[serde(default)]
    pub client_data: Vec<ClientData>,
    /// Sources; the `CONTACT` one carries the etag updates are checked against.
    #[serde(default)]
    pub metadata: Option<PersonMetadata>,
    /// The modelled fields, in full reads ([`FULL_READ_MASK`]); empty otherwise.
    #[serde(flatten)]
    pub fields: PersonFields,
}

/// The person fields Sharebook models, as Google holds them.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PersonFields {
    /// Names (one for a contact source).
    #[serde(default)]
    pub names: Vec<Name>,
    /// Email addresses.
    #[serde(default)]
    pub email_addresses: Vec<Valued>,
    /// Phone numbers.
    #[serde(default)]
    pub phone_numbers: Vec<Valued>,
    /// Organizations; the first is the company and title.
    #[serde(default)]
    pub organizations: Vec<Organization>,
    /// Postal addresses.
    #[serde(default)]
    pub addresses: Vec<Address>,
    /// Notes (one for a contact source).
    #[serde(default)]
    pub biographies: Vec<Valued>,
    /// Custom fields.
    #[serde(default)]
    pub user_defined: Vec<UserDefined>,
    /// Groups the person is in.
    #[serde(default)]
    pub memberships: Vec<Membership>,
}

/// A `names` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Name {
    /// What the user typed as one string, when they did.
    #[serde(default)]
    pub unstructured_name: Option<String>,
    /// Google's display form.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Given name.
    #[serde(default)]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub family_name: Option<String>,
}

/// An entry whose content is one `value` (emails, phones, biographies).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Valued {
    /// The value.
    #[serde(default)]
    pub value: String,
}

/// An `organizations` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Organization {
    /// Company name.
    #[serde(default)]
    pub name: String,
    /// Job title.
    #[serde(default)]
    pub title: String,
}

/// An `addresses` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// The address as one text (Google derives it from the parts when it is not given).
    #[serde(default)]
    pub formatted_value: Option<String>,
    /// Street.
    #[serde(default)]
    pub street_address: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// Postal code.
    #[serde(default)]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(default)]
    pub country: Option<String>,
}

/// A `userDefined` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct UserDefined {
    /// Key.
    #[serde(default)]
    pub key: String,
    /// Value.
    #[serde(default)]
    pub value: String,
}

/// A `memberships` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    /// Set for a contact group membership.
    #[serde(default)]
    pub contact_group_membership: Option<GroupMembership>,
}

/// `Membership.contactGroupMembership`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GroupMembership {
    /// `contactGroups/…`.
    #[serde(default)]
    pub contact_group_resource_name: String,
}

/// `Person.metadata`, the part the sync reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonMetadata {
    /// Where the person's data comes from.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// In a read with a sync token: the contact was deleted since.
    #[serde(default)]
    pub deleted: bool,
}

/// One `metadata.sources` entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    /// `CONTACT` for the user's own contact.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The source's etag.
    #[serde(default)]
    pub etag: Option<String>,
    /// When the source last changed.
    #[serde(default)]
    pub update_time: Option<chrono::DateTime<chrono::Utc>>,
}

impl PersonRef {
    /// The etag `updateContact` checks: the `CONTACT` source's (Google compares
    /// `person.metadata.sources.etag`), else the person's.
    pub fn contact_etag(&self) -> Option<String> {
        self.metadata
            .as_ref()
            .and_then(|m| m.sources.iter().find(|s| s.kind == "CONTACT"))
            .and_then(|s| s.etag.clone())
            .or_else(|| self.etag.clone())
    }

    /// When the `CONTACT` source last changed: a version no newer than the one our last write
    /// returned is that write coming back.
    pub fn contact_updated(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.metadata
            .as_ref()
            .and_then(|m| m.sources.iter().find(|s| s.kind == "CONTACT"))
            .and_then(|s| s.update_time)
    }

    /// The groups the person is in (`contactGroups/…`), in order.
    pub fn groups(&self) -> Vec<&str> {
        self.fields
            .memberships
            .iter()
            .filter_map(|m| m.contact_group_membership.as_ref())
            .map(|g| g.contact_group_resource_name.as_str())
            .collect()
    }

    /// Whether the person is in `group` (`contactGroups/…`).
    pub fn is_in(&self, group: &str) -> bool {
        self.fields.memberships.iter().any(|m| {
            m.contact_group_membership
                .as_ref()
                .is_some_and(|g| g.contact_group_resource_name == group)
        })
    }

    /// A person known only as deleted (a direct read found it gone).
    pub fn gone(resource_name: String) -> Self {
        Self {
            resource_name,
            etag: None,
            client_data: Vec::new(),
            metadata: Some(PersonMetadata {
                sources: Vec::new(),
                deleted: true,
            }),
            fields: PersonFields::default(),
        }
    }

    /// Whether a read with a sync token reports this contact deleted.
    pub fn is_deleted(&self) -> bool {
        self.metadata.as_ref().is_some_and(|m| m.deleted)
    }

    /// The value of the client data entry `key`, if present.
    pub fn client_value(&self, key: &str) -> Option<&str> {
        self.client_data
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.value.as_str())
    }
}

/// The People API, for any member.
#[derive(Clone)]
pub struct PeopleClient {
    base: Url,
    http: reqwest::Client,
    tokens: Arc<TokenSource>,
}

impl PeopleClient {
    /// A client for the API at `base` (`https://people.googleapis.com/` in production).
    pub fn new(base: Url, http: reqwest::Client, tokens: Arc<TokenSource>) -> Self {
        Self { base, http, tokens }
    }

    /// Acts as `member_email` (a delegated token, cached by the token source).
    pub async fn session(&self, member_email: &str) -> Result<PeopleSession, PeopleError> {
        let token = self
            .tokens
            .access_token(member_email, &[CONTACTS_SCOPE])
            .await
            .map_err(PeopleError::Token)?;
        Ok(PeopleSession {
            client: self.clone(),
            token,
        })
    }
}

/// Calls made as one member.
pub struct PeopleSession {
    client: PeopleClient,
    token: SecretString,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupsPage {
    #[serde(default)]
    contact_groups: Vec<ContactGroup>,
    #[serde(default)]
    next_page_token: Option<String>,
    #[serde(default)]
    next_sync_token: Option<String>,
}

/// What a read of the member's contact groups found, and the token to read what changes next.
#[derive(Debug, Clone)]
pub struct Groups {
    /// Every group (a full read), or those changed since the token, deleted ones with
    /// `metadata.deleted`.
    pub groups: Vec<ContactGroup>,
    /// Where the next incremental read starts.
    pub next_sync_token: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionsPage {
    #[serde(default)]
    connections: Vec<PersonRef>,
    #[serde(default)]
    next_page_token: Option<String>,
    #[serde(default)]
    next_sync_token: Option<String>,
}

/// What a read of the member's contacts found, and the token to read what changes next.
#[derive(Debug, Clone)]
pub struct Connections {
    /// Every contact (a full read), or those changed since the token, deleted ones with
    /// `metadata.deleted` (an incremental read), oldest change first.
    pub people: Vec<PersonRef>,
    /// Where the next incremental read starts.
    pub next_sync_token: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersonResponse {
    #[serde(default)]
    person: Option<PersonRef>,
    #[serde(default)]
    http_status_code: Option<u16>,
    #[serde(default)]
    requested_resource_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchCreated {
    #[serde(default)]
    created_people: Vec<PersonResponse>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchUpdated {
    #[serde(default)]
    update_result: std::collections::HashMap<String, PersonResponse>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchGot {
    #[serde(default)]
    responses: Vec<PersonResponse>,
}

/// What `members.modify` could not do.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModifyOutcome {
    /// Names that are not (or no longer) contacts.
    #[serde(default)]
    pub not_found_resource_names: Vec<String>,
    /// Names that would have lost their last group.
    #[serde(default)]
    pub can_not_remove_last_contact_group_resource_names: Vec<String>,
}

impl PeopleSession {
    /// Every contact group of the member.
    pub async fn list_groups(&self) -> Result<Vec<ContactGroup>, PeopleError> {
        Ok(self.read_groups(None).await?.groups)
    }

    /// The member's contact groups: all of them without `sync_token`, or what changed since it;
    /// an expired token is [`PeopleError::SyncTokenExpired`]. Each page is one call
    /// ([`Call::ListGroups`]).
    pub async fn read_groups(&self, sync_token: Option<&str>) -> Result<Groups, PeopleError> {
        let mut groups = Vec::new();
        let mut page_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = vec![
                ("pageSize", MAX_PAGE_SIZE.to_owned()),
                ("groupFields", GROUP_READ_MASK.to_owned()),
            ];
            if let Some(t) = sync_token {
                query.push(("syncToken", t.to_owned()));
            }
            if let Some(t) = page_token.take() {
                query.push(("pageToken", t));
            }
            let page: GroupsPage = self
                .send(self.request(Method::GET, "v1/contactGroups")?.query(&query))
                .await?;
            groups.extend(page.contact_groups);
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(t) => page_token = Some(t),
                None => {
                    let next_sync_token = page
                        .next_sync_token
                        .filter(|t| !t.is_empty())
                        .ok_or(PeopleError::InvalidResponse(None))?;
                    return Ok(Groups {
                        groups,
                        next_sync_token,
                    });
                }
            }
        }
        Err(PeopleError::InvalidResponse(None))
    }

    /// The resource names of up to `max` members of a group (one [`Call::GetGroup`]).
    pub async fn group_members(
        &self,
        resource_name: &str,
        max: usize,
    ) -> Result<Vec<String>, PeopleError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct WithMembers {
            #[serde(default)]
            member_resource_names: Vec<String>,
        }
        let got: WithMembers = self
            .send(
                self.request(Method::GET, &format!("v1/{resource_name}"))?
                    .query(&[("groupFields", "name"), ("maxMembers", &max.to_string())]),
            )
            .await?;
        Ok(got.member_resource_names)
    }

    /// Writes only `clientData` of up to [`MAX_BATCH_UPDATE`] contacts (each person carrying
    /// its current etag), leaving every other field as it is: how an adopted contact gets our
    /// marker. The new etags and update times.
    pub async fn batch_set_client_data(
        &self,
        people: &[(String, Value)],
    ) -> Result<Vec<PersonRef>, PeopleError> {
        let contacts: serde_json::Map<String, Value> = people.iter().cloned().collect();
        let body = json!({
            "contacts": contacts, "updateMask": "clientData", "readMask": READ_MASK,
        });
        let updated: BatchUpdated = self
            .send(
                self.request(Method::POST, "v1/people:batchUpdateContacts")?
                    .json(&body),
            )
            .await?;
        updated
            .update_result
            .into_values()
            .map(|r| r.person.ok_or(PeopleError::InvalidResponse(None)))
            .collect()
    }

    /// Creates a user contact group.
    pub async fn create_group(
        &self,
        name: &str,
        client_data: &[ClientData],
    ) -> Result<ContactGroup, PeopleError> {
        let body = json!({
            "contactGroup": { "name": name, "clientData": client_data },
            "readGroupFields": GROUP_READ_MASK,
        });
        self.send(self.request(Method::POST, "v1/contactGroups")?.json(&body))
            .await
    }

    /// Renames a group; `etag` must be the current one.
    pub async fn update_group(
        &self,
        resource_name: &str,
        etag: Option<&str>,
        name: &str,
        client_data: &[ClientData],
    ) -> Result<ContactGroup, PeopleError> {
        let body = json!({
            "contactGroup": { "name": name, "etag": etag, "clientData": client_data },
            "updateGroupFields": "name,clientData",
            "readGroupFields": GROUP_READ_MASK,
        });
        self.send(
            self.request(Method::PUT, &format!("v1/{resource_name}"))?
                .json(&body),
        )
        .await
    }

    /// One group.
    pub async fn get_group(&self, resource_name: &str) -> Result<ContactGroup, PeopleError> {
        self.send(
            self.request(Method::GET, &format!("v1/{resource_name}"))?
                .query(&[("groupFields", GROUP_READ_MASK)]),
        )
        .await
    }

    /// Deletes a group, keeping its contacts (ours are deleted one by one before, by name).
    pub async fn delete_group(&self, resource_name: &str) -> Result<(), PeopleError> {
        let _: Value = self
            .send(
                self.request(Method::DELETE, &format!("v1/{resource_name}"))?
                    .query(&[("deleteContacts", "false")]),
            )
            .await?;
        Ok(())
    }

    /// Adds and removes members of a group (at most [`MAX_MEMBER_CHANGES`] together).
    pub async fn modify_members(
        &self,
        group: &str,
        add: &[String],
        remove: &[String],
    ) -> Result<ModifyOutcome, PeopleError> {
        let body = json!({ "resourceNamesToAdd": add, "resourceNamesToRemove": remove });
        self.send(
            self.request(Method::POST, &format!("v1/{group}/members:modify"))?
                .json(&body),
        )
        .await
    }

    /// Creates one contact (a sixth of a batch's quota cost); its resource name and etag.
    pub async fn create_contact(&self, person: &Value) -> Result<PersonRef, PeopleError> {
        self.send(
            self.request(Method::POST, "v1/people:createContact")?
                .query(&[("personFields", READ_MASK)])
                .json(person),
        )
        .await
    }

    /// Creates up to [`MAX_BATCH_CREATE`] contacts; their resource names and etags, in order.
    pub async fn batch_create(&self, people: &[Value]) -> Result<Vec<PersonRef>, PeopleError> {
        let contacts: Vec<Value> = people
            .iter()
            .map(|p| json!({ "contactPerson": p }))
            .collect();
        let body = json!({ "contacts": contacts, "readMask": READ_MASK });
        let created: BatchCreated = self
            .send(
                self.request(Method::POST, "v1/people:batchCreateContacts")?
                    .json(&body),
            )
            .await?;
        created
            .created_people
            .into_iter()
            .map(|r| r.person.ok_or(PeopleError::InvalidResponse(None)))
            .collect()
    }

    /// Replaces [`UPDATE_MASK`] of up to [`MAX_BATCH_UPDATE`] contacts; each person must carry
    /// its current etag. The new etags, by resource name.
    pub async fn batch_update(
        &self,
        people: &[(String, Value)],
    ) -> Result<Vec<PersonRef>, PeopleError> {
        self.batch_update_masked(people, UPDATE_MASK).await
    }

    /// [`Self::batch_update`] that also replaces the contacts' group memberships (each person
    /// carries them all, the member's own groups included): one write puts a merged contact in
    /// its labels' groups.
    pub async fn batch_regroup(
        &self,
        people: &[(String, Value)],
    ) -> Result<Vec<PersonRef>, PeopleError> {
        self.batch_update_masked(people, REGROUP_MASK).await
    }

    async fn batch_update_masked(
        &self,
        people: &[(String, Value)],
        mask: &str,
    ) -> Result<Vec<PersonRef>, PeopleError> {
        let contacts: serde_json::Map<String, Value> = people.iter().cloned().collect();
        let body = json!({
            "contacts": contacts, "updateMask": mask, "readMask": READ_MASK,
        });
        let updated: BatchUpdated = self
            .send(
                self.request(Method::POST, "v1/people:batchUpdateContacts")?
                    .json(&body),
            )
            .await?;
        updated
            .update_result
            .into_values()
            .map(|r| r.person.ok_or(PeopleError::InvalidResponse(None)))
            .collect()
    }

    /// Replaces [`UPDATE_MASK`] of one contact (a sixth of a batch's quota cost); the person must
    /// carry its current etag.
    pub async fn update_contact(
        &self,
        resource_name: &str,
        person: &Value,
    ) -> Result<PersonRef, PeopleError> {
        self.update_contact_masked(resource_name, person, UPDATE_MASK)
            .await
    }

    /// [`Self::update_contact`] that also replaces the contact's group memberships, as
    /// [`Self::batch_regroup`] does.
    pub async fn regroup_contact(
        &self,
        resource_name: &str,
        person: &Value,
    ) -> Result<PersonRef, PeopleError> {
        self.update_contact_masked(resource_name, person, REGROUP_MASK)
            .await
    }

    async fn update_contact_masked(
        &self,
        resource_name: &str,
        person: &Value,
        mask: &str,
    ) -> Result<PersonRef, PeopleError> {
        self.send(
            self.request(Method::PATCH, &format!("v1/{resource_name}:updateContact"))?
                .query(&[("updatePersonFields", mask), ("personFields", READ_MASK)])
                .json(person),
        )
        .await
    }

    /// Deletes up to [`MAX_BATCH_DELETE`] contacts.
    pub async fn batch_delete(&self, resource_names: &[String]) -> Result<(), PeopleError> {
        let body = json!({ "resourceNames": resource_names });
        let _: Value = self
            .send(
                self.request(Method::POST, "v1/people:batchDeleteContacts")?
                    .json(&body),
            )
            .await?;
        Ok(())
    }

    /// Deletes one contact.
    pub async fn delete_contact(&self, resource_name: &str) -> Result<(), PeopleError> {
        let _: Value = self
            .send(self.request(Method::DELETE, &format!("v1/{resource_name}:deleteContact"))?)
            .await?;
        Ok(())
    }

    /// Up to [`MAX_BATCH_GET`] contacts; `None` for those that no longer exist.
    pub async fn batch_get(
        &self,
        resource_names: &[String],
    ) -> Result<Vec<(String, Option<PersonRef>)>, PeopleError> {
        let mut query: Vec<(&str, &str)> = resource_names
            .iter()
            .map(|n| ("resourceNames", n.as_str()))
            .collect();
        query.push(("personFields", FULL_READ_MASK));
        let got: BatchGot = self
            .send(
                self.request(Method::GET, "v1/people:batchGet")?
                    .query(&query),
            )
            .await?;
        got.responses
            .into_iter()
            .filter_map(|r| {
                let name = r
                    .requested_resource_name
                    .clone()
                    .or_else(|| r.person.as_ref().map(|p| p.resource_name.clone()))?;
                Some((name, r))
            })
            .map(|(name, r)| match r.http_status_code {
                // Only "not found" means gone; any other failure is not a verdict on the contact.
                Some(404) => Ok((name, None)),
                None | Some(200) => Ok((name, r.person)),
                Some(status) => Err(PeopleError::Unavailable {
                    status: Some(status),
                    retry_after: None,
                }),
            })
            .collect()
    }

    /// Every contact of the member, with client data and etag (to find ours after a crash).
    pub async fn list_connections(&self) -> Result<Vec<PersonRef>, PeopleError> {
        Ok(self.read_connections(None).await?.people)
    }

    /// The member's contacts: all of them without `sync_token`, or what changed since it (with
    /// `metadata.deleted` on those deleted), and the token to read from next. An expired token is
    /// [`PeopleError::SyncTokenExpired`]: read in full again. Each page is one call
    /// ([`Call::ListConnections`]).
    pub async fn read_connections(
        &self,
        sync_token: Option<&str>,
    ) -> Result<Connections, PeopleError> {
        let mut people = Vec::new();
        let mut page_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = vec![
                ("pageSize", MAX_PAGE_SIZE.to_owned()),
                ("personFields", FULL_READ_MASK.to_owned()),
                ("requestSyncToken", "true".to_owned()),
            ];
            if let Some(t) = sync_token {
                query.push(("syncToken", t.to_owned()));
            }
            if let Some(t) = page_token.take() {
                query.push(("pageToken", t));
            }
            let page: ConnectionsPage = self
                .send(
                    self.request(Method::GET, "v1/people/me/connections")?
                        .query(&query),
                )
                .await?;
            people.extend(page.connections);
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(t) => page_token = Some(t),
                None => {
                    let next_sync_token = page
                        .next_sync_token
                        .filter(|t| !t.is_empty())
                        .ok_or(PeopleError::InvalidResponse(None))?;
                    return Ok(Connections {
                        people,
                        next_sync_token,
                    });
                }
            }
        }
        Err(PeopleError::InvalidResponse(None))
    }

    fn request(&self, method: Method, path: &str) -> Result<RequestBuilder, PeopleError> {
        let url = self
            .client
            .base
            .join(path)
            .map_err(|_| PeopleError::InvalidResponse(None))?;
        Ok(self
            .client
            .http
            .request(method, url)
            .bearer_auth(self.token.expose_secret()))
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: RequestBuilder,
    ) -> Result<T, PeopleError> {
        let response = request.send().await.map_err(|_| PeopleError::Unavailable {
            status: None,
            retry_after: None,
        })?;
        let status = response.status();
        if status.is_success() {
            let bytes = response
                .bytes()
                .await
                .map_err(|_| PeopleError::Unavailable {
                    status: Some(status.as_u16()),
                    retry_after: None,
                })?;
            let text = if bytes.is_empty() { &b"{}"[..] } else { &bytes };
            return serde_json::from_slice(text).map_err(|_| PeopleError::InvalidResponse(None));
        }
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body: GoogleErrorBody = response.json().await.unwrap_or_default();
        Err(classify(status, retry_after, body.error))
    }
}

#[derive(Debug, Default, Deserialize)]
struct GoogleErrorBody {
    #[serde(default)]
    error: GoogleError,
}

#[derive(Debug, Default, Deserialize)]
struct GoogleError {
    #[serde(default)]
    status: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    errors: Vec<LegacyReason>,
    #[serde(default)]
    details: Vec<Value>,
}

#[derive(Debug, Default, Deserialize)]
struct LegacyReason {
    #[serde(default)]
    reason: String,
}

impl GoogleError {
    fn has_reason(&self, wanted: &[&str]) -> bool {
        self.errors
            .iter()
            .any(|e| wanted.contains(&e.reason.as_str()))
            || self.details.iter().any(|d| {
                d.get("reason")
                    .and_then(Value::as_str)
                    .is_some_and(|r| wanted.contains(&r))
            })
    }
}

/// Sorts an error answer into what the sync acts on.
fn classify(status: StatusCode, retry_after: Option<Duration>, error: GoogleError) -> PeopleError {
    const RATE_REASONS: [&str; 4] = [
        "RATE_LIMIT_EXCEEDED",
        "rateLimitExceeded",
        "userRateLimitExceeded",
        "quotaExceeded",
    ];
    match status.as_u16() {
        429 => PeopleError::RateLimited {
            retry_after,
            message: error.message,
        },
        403 if error.has_reason(&RATE_REASONS) => PeopleError::RateLimited {
            retry_after,
            message: error.message,
        },
        412 => PeopleError::StaleEtag,
        // Also FAILED_PRECONDITION: told apart by its reason, before the etag case below.
        400 if error.has_reason(&["EXPIRED_SYNC_TOKEN"]) => PeopleError::SyncTokenExpired,
        400 if error.status == "FAILED_PRECONDITION"
            || error.has_reason(&["failedPrecondition"]) =>
        {
            PeopleError::StaleEtag
        }
        404 => PeopleError::NotFound,
        409 => PeopleError::AlreadyExists,
        s if s >= 500 || s == 408 => PeopleError::Unavailable {
            status: Some(s),
            retry_after,
        },
        s => PeopleError::Rejected {
            status: s,
            status_text: error.status,
            message: error.message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: &str, reason: Option<&str>) -> GoogleError {
        GoogleError {
            status: status.into(),
            message: "m".into(),
            errors: vec![],
            details: reason
                .map(|r| {
                    vec![
                        json!({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": r }),
                    ]
                })
                .unwrap_or_default(),
        }
    }

    #[test]
    fn errors_are_sorted_as_google_documents_them() {
        let c = |code: u16, e| classify(StatusCode::from_u16(code).unwrap(), None, e);
        assert!(matches!(
            c(
                429,
                error("RESOURCE_EXHAUSTED", Some("RATE_LIMIT_EXCEEDED"))
            ),
            PeopleError::RateLimited { .. }
        ));
        assert!(matches!(
            c(403, error("PERMISSION_DENIED", Some("rateLimitExceeded"))),
            PeopleError::RateLimited { .. }
        ));
        assert!(matches!(
            c(403, error("PERMISSION_DENIED", None)),
            PeopleError::Rejected { status: 403, .. }
        ));
        assert!(matches!(
            c(400, error("FAILED_PRECONDITION", None)),
            PeopleError::StaleEtag
        ));
        assert!(matches!(c(412, error("", None)), PeopleError::StaleEtag));
        assert!(matches!(
            c(
                400,
                error("FAILED_PRECONDITION", Some("EXPIRED_SYNC_TOKEN"))
            ),
            PeopleError::SyncTokenExpired
        ));
        assert!(matches!(
            c(400, error("INVALID_ARGUMENT", None)),
            PeopleError::Rejected { status: 400, .. }
        ));
        assert!(matches!(
            c(409, error("ALREADY_EXISTS", None)),
            PeopleError::AlreadyExists
        ));
        assert!(matches!(
            c(404, error("NOT_FOUND", None)),
            PeopleError::NotFound
        ));
        assert!(c(503, error("UNAVAILABLE", None)).is_retryable());
        assert!(!c(400, error("INVALID_ARGUMENT", None)).is_retryable());
    }

    #[test]
    fn batches_cost_six_critical_writes() {
        assert_eq!(
            Call::BatchCreate.cost(),
            &[
                (QuotaBucket::CriticalReads, 6),
                (QuotaBucket::CriticalWrites, 6)
            ]
        );
        assert!(Call::BatchDelete.is_mutation());
        assert!(!Call::BatchGet.is_mutation());
    }
}
