//! The People API's per-user rate quotas: the named buckets, what each method costs (as the
//! "Read and Manage Contacts" guide lists it), a sliding-window limiter and Google's 429 body.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::errors::ApiError;

/// Google Cloud project number of the sandbox deployment (the prefix of its OAuth client id).
const PROJECT_NUMBER: &str = "100000000001";
/// The People API's service name, as quota errors spell it.
const SERVICE: &str = "people.googleapis.com";
/// Window of every bucket unless changed: Google's buckets are per minute.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// A per-user quota bucket of the People API, as named on the Cloud Console quota page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuotaBucket {
    /// "Critical read requests (Contact and Profile Reads)".
    CriticalRead,
    /// "Critical write requests (Contact Creates and Updates)".
    CriticalWrite,
    /// "Write requests (Contact Deletes and Contact Group Writes)".
    Write,
    /// "Read requests (Contact Group Reads)".
    Read,
}

impl QuotaBucket {
    /// Every bucket, in the order a refused call reports the first one it would overflow.
    pub const ALL: [Self; 4] = [
        Self::CriticalRead,
        Self::CriticalWrite,
        Self::Write,
        Self::Read,
    ];

    /// The bucket's name on the Console quota page, so reports match what operators see.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::CriticalRead => "Critical read requests (Contact and Profile Reads)",
            Self::CriticalWrite => "Critical write requests (Contact Creates and Updates)",
            Self::Write => "Write requests (Contact Deletes and Contact Group Writes)",
            Self::Read => "Read requests (Contact Group Reads)",
        }
    }

    /// The quota metric as a 429's message names it (`'Critical write requests'`).
    pub fn metric(self) -> &'static str {
        match self {
            Self::CriticalRead => "Critical read requests",
            Self::CriticalWrite => "Critical write requests",
            Self::Write => "Write requests",
            Self::Read => "Read requests",
        }
    }

    /// The metric's id in a 429's `ErrorInfo.metadata.quota_metric`.
    pub fn metric_id(self) -> &'static str {
        match self {
            Self::CriticalRead => "people.googleapis.com/critical_read_requests",
            Self::CriticalWrite => "people.googleapis.com/critical_write_requests",
            Self::Write => "people.googleapis.com/write_requests",
            Self::Read => "people.googleapis.com/read_requests",
        }
    }

    /// The limit's id in a 429's `ErrorInfo.metadata.quota_limit`.
    pub fn limit_id(self) -> &'static str {
        match self {
            Self::CriticalRead => "CriticalReadRequestsPerMinutePerUser",
            Self::CriticalWrite => "CriticalWriteRequestsPerMinutePerUser",
            Self::Write => "WriteRequestsPerMinutePerUser",
            Self::Read => "ReadRequestsPerMinutePerUser",
        }
    }

    fn index(self) -> usize {
        match self {
            Self::CriticalRead => 0,
            Self::CriticalWrite => 1,
            Self::Write => 2,
            Self::Read => 3,
        }
    }
}

/// A People API method the stand-in serves; names and costs are shared with the client side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeopleMethod {
    /// `GET /v1/contactGroups`.
    ListContactGroups,
    /// `GET /v1/contactGroups:batchGet`.
    BatchGetContactGroups,
    /// `GET /v1/contactGroups/{id}`.
    GetContactGroup,
    /// `POST /v1/contactGroups`.
    CreateContactGroup,
    /// `PUT /v1/contactGroups/{id}`.
    UpdateContactGroup,
    /// `DELETE /v1/contactGroups/{id}`.
    DeleteContactGroup,
    /// `POST /v1/contactGroups/{id}/members:modify`.
    ModifyContactGroupMembers,
    /// `POST /v1/people:createContact`.
    CreateContact,
    /// `POST /v1/people:batchCreateContacts`.
    BatchCreateContacts,
    /// `PATCH /v1/people/{id}:updateContact`.
    UpdateContact,
    /// `POST /v1/people:batchUpdateContacts`.
    BatchUpdateContacts,
    /// `DELETE /v1/people/{id}:deleteContact`.
    DeleteContact,
    /// `POST /v1/people:batchDeleteContacts`.
    BatchDeleteContacts,
    /// `GET /v1/people/{id}`.
    GetPerson,
    /// `GET /v1/people:batchGet`.
    BatchGetPeople,
    /// `GET /v1/people/me/connections`.
    ListConnections,
}

impl PeopleMethod {
    /// Every method, for tables and exhaustive tests.
    pub const ALL: [Self; 16] = [
        Self::ListContactGroups,
        Self::BatchGetContactGroups,
        Self::GetContactGroup,
        Self::CreateContactGroup,
        Self::UpdateContactGroup,
        Self::DeleteContactGroup,
        Self::ModifyContactGroupMembers,
        Self::CreateContact,
        Self::BatchCreateContacts,
        Self::UpdateContact,
        Self::BatchUpdateContacts,
        Self::DeleteContact,
        Self::BatchDeleteContacts,
        Self::GetPerson,
        Self::BatchGetPeople,
        Self::ListConnections,
    ];

    /// The method's id as Google's reference names it (`people.batchCreateContacts`), used in
    /// call records so tests read like the API docs.
    pub fn name(self) -> &'static str {
        match self {
            Self::ListContactGroups => "contactGroups.list",
            Self::BatchGetContactGroups => "contactGroups.batchGet",
            Self::GetContactGroup => "contactGroups.get",
            Self::CreateContactGroup => "contactGroups.create",
            Self::UpdateContactGroup => "contactGroups.update",
            Self::DeleteContactGroup => "contactGroups.delete",
            Self::ModifyContactGroupMembers => "contactGroups.members.modify",
            Self::CreateContact => "people.createContact",
            Self::BatchCreateContacts => "people.batchCreateContacts",
            Self::UpdateContact => "people.updateContact",
            Self::BatchUpdateContacts => "people.batchUpdateContacts",
            Self::DeleteContact => "people.deleteContact",
            Self::BatchDeleteContacts => "people.batchDeleteContacts",
            Self::GetPerson => "people.get",
            Self::BatchGetPeople => "people.getBatchGet",
            Self::ListConnections => "people.connections.list",
        }
    }

    /// Whether Google asks for this method to be sent sequentially per user (every "mutate").
    pub fn is_mutation(self) -> bool {
        matches!(
            self,
            Self::CreateContactGroup
                | Self::UpdateContactGroup
                | Self::DeleteContactGroup
                | Self::ModifyContactGroupMembers
                | Self::CreateContact
                | Self::BatchCreateContacts
                | Self::UpdateContact
                | Self::BatchUpdateContacts
                | Self::DeleteContact
                | Self::BatchDeleteContacts
        )
    }

    /// Whether the method changes existing contacts (the calls a `StaleEtag` fault waits for).
    pub fn updates_contacts(self) -> bool {
        matches!(self, Self::UpdateContact | Self::BatchUpdateContacts)
    }
}

/// What one call of `method` takes from each per-user bucket, per Google's "Read and Manage
/// Contacts" guide; the sync's client uses the same table to pace itself.
pub fn quota_cost(method: PeopleMethod) -> &'static [(QuotaBucket, u32)] {
    use QuotaBucket::{CriticalRead, CriticalWrite, Read, Write};
    match method {
        PeopleMethod::CreateContact | PeopleMethod::UpdateContact => {
            &[(CriticalRead, 1), (CriticalWrite, 1)]
        }
        PeopleMethod::BatchCreateContacts | PeopleMethod::BatchUpdateContacts => {
            &[(CriticalRead, 6), (CriticalWrite, 6)]
        }
        PeopleMethod::DeleteContact
        | PeopleMethod::CreateContactGroup
        | PeopleMethod::UpdateContactGroup
        | PeopleMethod::DeleteContactGroup
        | PeopleMethod::ModifyContactGroupMembers => &[(Write, 1)],
        PeopleMethod::BatchDeleteContacts => &[(Write, 10)],
        PeopleMethod::GetPerson | PeopleMethod::BatchGetPeople | PeopleMethod::ListConnections => {
            &[(CriticalRead, 1)]
        }
        PeopleMethod::ListContactGroups
        | PeopleMethod::BatchGetContactGroups
        | PeopleMethod::GetContactGroup => &[(Read, 1)],
    }
}

/// Sliding-window usage per (user, bucket); limits of `None` are unlimited and not tracked.
pub(super) struct Limiter {
    limits: [Option<u32>; 4],
    window: Duration,
    used: HashMap<(String, QuotaBucket), VecDeque<(Instant, u32)>>,
}

impl Default for Limiter {
    fn default() -> Self {
        Self {
            limits: [None; 4],
            window: DEFAULT_WINDOW,
            used: HashMap::new(),
        }
    }
}

impl Limiter {
    pub(super) fn set_limit(&mut self, bucket: QuotaBucket, limit: Option<u32>) {
        if let Some(slot) = self.limits.get_mut(bucket.index()) {
            *slot = limit;
        }
    }

    pub(super) fn set_window(&mut self, window: Duration) {
        self.window = window;
    }

    /// Takes `method`'s cost from `user`'s buckets, or names the first bucket it would overflow
    /// (and takes nothing, as Google does not count refused calls).
    pub(super) fn charge(
        &mut self,
        user: &str,
        method: PeopleMethod,
        now: Instant,
    ) -> Result<(), QuotaBucket> {
        let cost = quota_cost(method);
        let window = self.window;
        for &(bucket, amount) in cost {
            let Some(limit) = self.limits.get(bucket.index()).copied().flatten() else {
                continue;
            };
            let used = self
                .used
                .get_mut(&(user.to_owned(), bucket))
                .map_or(0, |spent| {
                    while spent
                        .front()
                        .is_some_and(|(at, _)| now.duration_since(*at) >= window)
                    {
                        spent.pop_front();
                    }
                    spent.iter().map(|(_, n)| *n).sum::<u32>()
                });
            if used.saturating_add(amount) > limit {
                return Err(bucket);
            }
        }
        for &(bucket, amount) in cost {
            if self.limits.get(bucket.index()).copied().flatten().is_some() {
                self.used
                    .entry((user.to_owned(), bucket))
                    .or_default()
                    .push_back((now, amount));
            }
        }
        Ok(())
    }

    /// The limit of `bucket`, for the 429's metadata.
    pub(super) fn limit(&self, bucket: QuotaBucket) -> Option<u32> {
        self.limits.get(bucket.index()).copied().flatten()
    }
}

/// Google's 429 for an exhausted per-user bucket: `RESOURCE_EXHAUSTED` with an `ErrorInfo`
/// whose reason is `RATE_LIMIT_EXCEEDED`.
pub(super) fn rate_limited(bucket: QuotaBucket, limit: Option<u32>) -> ApiError {
    let metric = bucket.metric();
    let message = format!(
        "Quota exceeded for quota metric '{metric}' and limit '{metric} per minute per user' of \
         service '{SERVICE}' for consumer 'project_number:{PROJECT_NUMBER}'."
    );
    let mut metadata = json!({
        "quota_metric": bucket.metric_id(),
        "quota_limit": bucket.limit_id(),
        "quota_location": "global",
        "service": SERVICE,
        "consumer": format!("projects/{PROJECT_NUMBER}"),
    });
    if let (Some(limit), Some(map)) = (limit, metadata.as_object_mut()) {
        map.insert("quota_limit_value".into(), Value::String(limit.to_string()));
    }
    ApiError::new(429, "RESOURCE_EXHAUSTED", message)
        .without_legacy_errors()
        .with_detail(json!({
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": metadata,
        }))
}
