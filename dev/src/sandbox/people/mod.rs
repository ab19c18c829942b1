//! Stand-in for the Google People API v1 (contacts and contact groups) as the sync uses it.
//!
//! Google's paths, JSON, status codes and error bodies; per-user state keyed by the delegated
//! token's subject; per-user quotas; knobs (latency, injected faults) and inspection for tests,
//! benchmarks and the sandbox page.
//!
//! Choices where Google documents nothing (each visible to the client, so stated here):
//! - `batchDeleteContacts` / `batchUpdateContacts` naming an unknown contact fail whole with 404
//!   `NOT_FOUND` listing the names, and change nothing.
//! - A user group's etag changes when its name or client data does, not when members do.
//! - Connections are listed in creation order whatever `sortOrder` says; page tokens resume
//!   after the last item, so edits between pages neither skip nor repeat contacts.
//! - `connections.list` keeps sync tokens: a token is the number of the last change it covers;
//!   a read with it lists the contacts changed since (current state, oldest change first) and
//!   those deleted (`metadata.deleted`). A change shows only once older than the account's sync
//!   lag ([`PeopleStandIn::set_sync_lag`], none by default), since Google warns that sync results
//!   may trail writes by minutes. [`PeopleStandIn::expire_sync_tokens`] plays the seven-day
//!   expiry (400 `FAILED_PRECONDITION`, `ErrorInfo` reason `EXPIRED_SYNC_TOKEN`). A token past
//!   the latest change, or not of this form, is a 400 `INVALID_ARGUMENT`. A paged full read's
//!   token covers the changes its first page saw, so nothing changed mid-read is missed.
//! - `contactGroups.list` keeps them the same way (its last page always carries one, as it has no
//!   `requestSyncToken`): user groups created, renamed or with new client data, and deleted ones.
//!   A change of members is not a change of the group (its etag stays too).
//! - A batch `readMask` missing from the body is a 400; present but empty skips the read-back
//!   (the answer is `{}`), as the reference describes.
//! - Zero counts (`memberCount`, `totalItems`, `totalPeople`) are left out, as proto3 JSON does.

mod api;
mod errors;
mod fields;
mod group;
mod methods;
pub mod pane;
mod quota;
mod store;

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

pub use self::api::{MAX_BATCH_CONTACTS, MAX_BATCH_DELETE, MAX_MODIFY_MEMBERS};
pub use self::quota::{DEFAULT_WINDOW, PeopleMethod, QuotaBucket, quota_cost};

use self::api::{Query, Route, parse_body};
use self::errors::ApiError;
use self::quota::{Limiter, rate_limited};
use self::store::{Account, person_key};
use super::gmail::{bearer, insufficient_permission, unauthenticated};
use super::token::TokenEndpoint;

/// The scope every People API call here accepts.
pub const CONTACTS_SCOPE: &str = "https://www.googleapis.com/auth/contacts";
/// The read-only scope, accepted by the read methods as at Google.
pub const CONTACTS_READONLY_SCOPE: &str = "https://www.googleapis.com/auth/contacts.readonly";
/// Route of every People API method (`/v1/contactGroups…`, `/v1/people…`).
pub const API_PATH: &str = "/v1/{tail:.*}";
/// Route of the sandbox page's JSON view of one user's contacts.
pub const DEV_VIEW_PATH: &str = "/sandbox/people/{email}";
/// Prefix of the `clientData` keys the sync marks its groups and contacts with.
pub const SHAREBOOK_MARKER_PREFIX: &str = "sharebook";
/// Largest request body taken (200 full contacts fit with room to spare).
const MAX_BODY_BYTES: usize = 16 << 20;

/// A failure to play on a coming call, as Google or the network sometimes does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status and Google's error body for it; nothing is applied.
    Status(u16),
    /// Hold the answer for `wait`, so a client with a shorter timeout gives up. With
    /// `after_apply` the call takes effect first and its real answer follows the wait; without,
    /// nothing is applied and a 504 `DEADLINE_EXCEEDED` follows the wait.
    Timeout {
        /// How long the answer is held.
        wait: Duration,
        /// Whether the call takes effect before the wait.
        after_apply: bool,
    },
    /// The next `updateContact` / `batchUpdateContacts` finds its (first) target's etag changed,
    /// as if the user had edited it on their phone, and so fails `FAILED_PRECONDITION`. Other
    /// calls pass over this fault.
    StaleEtag,
    /// Close the connection without an HTTP answer; nothing is applied.
    Drop,
    /// Apply the call, then close the connection without an HTTP answer.
    DropAfterApply,
}

impl Fault {
    fn applies_to(&self, method: PeopleMethod) -> bool {
        match self {
            Self::StaleEtag => method.updates_contacts(),
            _ => true,
        }
    }
}

/// One call as the stand-in answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    /// Google's method id, e.g. `people.batchCreateContacts`.
    pub method: &'static str,
    /// HTTP status answered; 0 when the connection was dropped instead.
    pub status: u16,
    /// When the request arrived.
    pub at: Instant,
}

/// A user's whole People state as JSON, for assertions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleSnapshot {
    /// Every contact group, all fields, `memberCount` always and all `memberResourceNames`.
    pub groups: Vec<Value>,
    /// Every contact, all fields including `metadata`, in creation order.
    pub people: Vec<Value>,
}

#[derive(Default)]
struct Activity {
    calls: Vec<CallRecord>,
    in_flight: usize,
    max_in_flight: usize,
    writes: usize,
}

#[derive(Default)]
struct Faults {
    any: VecDeque<Fault>,
    by_user: HashMap<String, VecDeque<Fault>>,
}

/// Takes the first fault in `queue` that applies to `method`.
fn take_from(queue: &mut VecDeque<Fault>, method: PeopleMethod) -> Option<Fault> {
    let index = queue.iter().position(|f| f.applies_to(method))?;
    queue.remove(index)
}

enum Auth {
    Allowed(String),
    Denied(String),
    Unknown,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Every user's contacts and groups, the knobs, and what was asked of it.
pub struct PeopleStandIn {
    tokens: Arc<TokenEndpoint>,
    accounts: Mutex<HashMap<String, Account>>,
    activity: Mutex<HashMap<String, Activity>>,
    limiter: Mutex<Limiter>,
    faults: Mutex<Faults>,
    delay_micros: AtomicU64,
}

/// Counts a mutate call as in flight for its user until dropped.
struct InFlight<'a> {
    state: &'a PeopleStandIn,
    user: String,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut activity = lock(&self.state.activity);
        let entry = activity.entry(self.user.clone()).or_default();
        entry.in_flight = entry.in_flight.saturating_sub(1);
    }
}

impl PeopleStandIn {
    /// A People API whose callers must hold tokens issued by `tokens`.
    pub fn new(tokens: Arc<TokenEndpoint>) -> Self {
        Self {
            tokens,
            accounts: Mutex::default(),
            activity: Mutex::default(),
            limiter: Mutex::default(),
            faults: Mutex::default(),
            delay_micros: AtomicU64::new(0),
        }
    }

    /// Makes a change to `user_email`'s contacts show in sync-token reads only `lag` after it
    /// was made (full reads show it at once).
    pub fn set_sync_lag(&self, user_email: &str, lag: Duration) {
        let mut accounts = lock(&self.accounts);
        let account = accounts.entry(user_email.to_lowercase()).or_default();
        account.changes.lag = lag;
        account.group_changes.lag = lag;
    }

    /// Expires every sync token issued so far for `user_email` (contacts' and groups'), as seven
    /// days do at Google.
    pub fn expire_sync_tokens(&self, user_email: &str) {
        let mut accounts = lock(&self.accounts);
        let account = accounts.entry(user_email.to_lowercase()).or_default();
        account.changes.expire_all();
        account.group_changes.expire_all();
    }

    /// Makes every call wait `delay` before it is handled, to model Google's latency.
    pub fn set_delay(&self, delay: Duration) {
        let micros = u64::try_from(delay.as_micros()).unwrap_or(u64::MAX);
        self.delay_micros.store(micros, Ordering::SeqCst);
    }

    /// Sets `bucket`'s per-user limit per window (`None`: unlimited, the default), so tests
    /// can make the sync meet Google's 429s.
    pub fn set_quota(&self, bucket: QuotaBucket, limit: Option<u32>) {
        lock(&self.limiter).set_limit(bucket, limit);
    }

    /// Sets the sliding window of every bucket (Google's is a minute), so tests stay short.
    pub fn set_quota_window(&self, window: Duration) {
        lock(&self.limiter).set_window(window);
    }

    /// Queues `fault` for the next call of any user it applies to.
    pub fn inject(&self, fault: Fault) {
        lock(&self.faults).any.push_back(fault);
    }

    /// Queues `fault` for `user_email`'s next call it applies to (taken before global faults).
    pub fn inject_for(&self, user_email: &str, fault: Fault) {
        lock(&self.faults)
            .by_user
            .entry(user_email.to_lowercase())
            .or_default()
            .push_back(fault);
    }

    /// `user_email`'s groups and contacts as full JSON (a user never seen has the two system
    /// groups and no contacts).
    pub fn snapshot(&self, user_email: &str) -> PeopleSnapshot {
        let accounts = lock(&self.accounts);
        let fresh = Account::default();
        let account = accounts.get(&user_email.to_lowercase()).unwrap_or(&fresh);
        PeopleSnapshot {
            groups: account.full_groups(),
            people: account.full_people(),
        }
    }

    /// The authenticated calls made as `user_email`, by arrival.
    pub fn calls(&self, user_email: &str) -> Vec<CallRecord> {
        let mut calls = lock(&self.activity)
            .get(&user_email.to_lowercase())
            .map(|a| a.calls.clone())
            .unwrap_or_default();
        calls.sort_by_key(|c| c.at);
        calls
    }

    /// How many mutate calls as `user_email` took effect (answered or not).
    pub fn write_calls(&self, user_email: &str) -> usize {
        lock(&self.activity)
            .get(&user_email.to_lowercase())
            .map_or(0, |a| a.writes)
    }

    /// The most mutate calls as `user_email` ever handled at once. Google asks for one at a
    /// time per user; a call counts from arrival until it has been applied or refused (an
    /// injected timeout's wait is not handling).
    pub fn max_concurrent_mutations(&self, user_email: &str) -> usize {
        lock(&self.activity)
            .get(&user_email.to_lowercase())
            .map_or(0, |a| a.max_in_flight)
    }

    /// Applies `edit` to contact `resource_name` as the user would in Google Contacts, then
    /// gives it a new etag; whether the contact exists.
    pub fn edit_as_user(
        &self,
        user_email: &str,
        resource_name: &str,
        edit: impl FnOnce(&mut Value),
    ) -> bool {
        let Some(key) = person_key(resource_name) else {
            return false;
        };
        lock(&self.accounts)
            .get_mut(&user_email.to_lowercase())
            .is_some_and(|account| account.edit_person(key, edit))
    }

    /// Creates a contact from Person JSON as the user would (no call recorded, no quota);
    /// its resource name.
    pub fn create_as_user(&self, user_email: &str, person: &Value) -> anyhow::Result<String> {
        let mut accounts = lock(&self.accounts);
        let account = accounts.entry(user_email.to_lowercase()).or_default();
        let prepared = account
            .prepare_person(person, "person")
            .map_err(|e| anyhow::anyhow!("{}", e.body()))?;
        Ok(store::person_name(account.insert_person(prepared)))
    }

    /// Creates a contact group as the user would; its resource name.
    pub fn create_group_as_user(&self, user_email: &str, name: &str) -> anyhow::Result<String> {
        let mut accounts = lock(&self.accounts);
        let account = accounts.entry(user_email.to_lowercase()).or_default();
        let id = account
            .create_group(name, Vec::new())
            .map_err(|e| anyhow::anyhow!("{}", e.body()))?;
        Ok(format!("contactGroups/{id}"))
    }

    /// Deletes a contact as the user would; whether it existed.
    pub fn delete_as_user(&self, user_email: &str, resource_name: &str) -> bool {
        let Some(key) = person_key(resource_name) else {
            return false;
        };
        lock(&self.accounts)
            .get_mut(&user_email.to_lowercase())
            .is_some_and(|account| account.delete_person(key))
    }

    /// Deletes a contact group as the user would in Google Contacts, keeping its contacts (those
    /// left without a group stay in My Contacts); whether it existed.
    pub fn delete_group_as_user(&self, user_email: &str, resource_name: &str) -> bool {
        let Some(id) = resource_name.strip_prefix("contactGroups/") else {
            return false;
        };
        lock(&self.accounts)
            .get_mut(&user_email.to_lowercase())
            .is_some_and(|account| account.delete_group(id, false).is_ok())
    }

    /// Renames a contact group as the user would in Google Contacts; whether it could be.
    pub fn rename_group_as_user(&self, user_email: &str, resource_name: &str, name: &str) -> bool {
        let Some(id) = resource_name.strip_prefix("contactGroups/") else {
            return false;
        };
        let mut accounts = lock(&self.accounts);
        let Some(account) = accounts.get_mut(&user_email.to_lowercase()) else {
            return false;
        };
        let Some(etag) = account.group(id).map(|g| g.etag.clone()) else {
            return false;
        };
        let mut input = serde_json::Map::new();
        input.insert("name".into(), Value::String(name.to_owned()));
        input.insert("etag".into(), Value::String(etag));
        account.update_group(id, &input, &["name"]).is_ok()
    }

    /// Puts a contact into a group (`add`) or takes it out, as the user would in Google
    /// Contacts; whether it could be.
    pub fn set_group_as_user(
        &self,
        user_email: &str,
        person: &str,
        group: &str,
        add: bool,
    ) -> bool {
        let Some(id) = group.strip_prefix("contactGroups/") else {
            return false;
        };
        let names = [person.to_owned()];
        let (add, remove): (&[String], &[String]) = if add { (&names, &[]) } else { (&[], &names) };
        lock(&self.accounts)
            .get_mut(&user_email.to_lowercase())
            .and_then(|account| account.modify_members(id, add, remove).ok())
            .is_some_and(|o| o.not_found.is_empty() && o.last_group.is_empty())
    }

    /// Forgets every user's data, calls, faults and quota use, and restores the default knobs
    /// (no delay, unlimited quotas, one-minute window).
    pub fn reset(&self) {
        lock(&self.accounts).clear();
        lock(&self.activity).clear();
        *lock(&self.limiter) = Limiter::default();
        *lock(&self.faults) = Faults::default();
        self.delay_micros.store(0, Ordering::SeqCst);
    }

    /// The sandbox page's summary of `user_email`'s contacts; `ours` marks items carrying a
    /// `clientData` key starting with [`SHAREBOOK_MARKER_PREFIX`].
    pub fn dev_view(&self, user_email: &str) -> Value {
        let snapshot = self.snapshot(user_email);
        let group_names: HashMap<&str, &str> = snapshot
            .groups
            .iter()
            .filter_map(|g| Some((g.get("resourceName")?.as_str()?, g.get("name")?.as_str()?)))
            .collect();
        let groups: Vec<Value> = snapshot
            .groups
            .iter()
            .map(|g| {
                json!({
                    "resourceName": g.get("resourceName"),
                    "name": g.get("name"),
                    "memberCount": g.get("memberCount").cloned().unwrap_or(json!(0)),
                    "system": g.get("groupType").and_then(Value::as_str) == Some("SYSTEM_CONTACT_GROUP"),
                    "ours": is_ours(g),
                })
            })
            .collect();
        let people: Vec<Value> = snapshot
            .people
            .iter()
            .map(|p| {
                let values = |field: &str| -> Vec<Value> {
                    p.get(field)
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|i| i.get("value").cloned())
                        .collect()
                };
                let groups: Vec<&str> = p
                    .get("memberships")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| {
                        m.pointer("/contactGroupMembership/contactGroupResourceName")?
                            .as_str()
                    })
                    .filter_map(|rn| group_names.get(rn).copied())
                    .collect();
                json!({
                    "resourceName": p.get("resourceName"),
                    "name": p
                        .pointer("/names/0/displayName")
                        .or_else(|| p.pointer("/names/0/unstructuredName")),
                    "emails": values("emailAddresses"),
                    "phones": values("phoneNumbers"),
                    "organization": p.pointer("/organizations/0/name"),
                    "groups": groups,
                    "groupIds": p
                        .get("memberships")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|m| m.pointer("/contactGroupMembership/contactGroupResourceName"))
                        .collect::<Vec<_>>(),
                    "ours": is_ours(p),
                })
            })
            .collect();
        json!({ "groups": groups, "people": people })
    }

    fn authenticate(&self, req: &HttpRequest, method: PeopleMethod) -> Auth {
        let Some(info) = bearer(req).and_then(|t| self.tokens.token_info(t)) else {
            return Auth::Unknown;
        };
        let user = info.subject.to_lowercase();
        let allowed = info.scopes.iter().any(|s| {
            s == CONTACTS_SCOPE || (!method.is_mutation() && s == CONTACTS_READONLY_SCOPE)
        });
        if allowed {
            Auth::Allowed(user)
        } else {
            Auth::Denied(user)
        }
    }

    fn enter(&self, user: &str) -> InFlight<'_> {
        let mut activity = lock(&self.activity);
        let entry = activity.entry(user.to_owned()).or_default();
        entry.in_flight += 1;
        entry.max_in_flight = entry.max_in_flight.max(entry.in_flight);
        InFlight {
            state: self,
            user: user.to_owned(),
        }
    }

    fn record(&self, user: &str, method: PeopleMethod, status: u16, at: Instant) {
        lock(&self.activity)
            .entry(user.to_owned())
            .or_default()
            .calls
            .push(CallRecord {
                method: method.name(),
                status,
                at,
            });
    }

    fn take_fault(&self, user: &str, method: PeopleMethod) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        if let Some(fault) = faults
            .by_user
            .get_mut(user)
            .and_then(|q| take_from(q, method))
        {
            return Some(fault);
        }
        take_from(&mut faults.any, method)
    }

    fn rate_limited(&self, bucket: QuotaBucket) -> ApiError {
        rate_limited(bucket, lock(&self.limiter).limit(bucket))
    }

    /// Parses and applies one call to `user`'s account.
    fn run(
        &self,
        user: &str,
        route: &Route,
        query: &str,
        raw_body: &[u8],
        stale_etag: bool,
    ) -> Result<Value, ApiError> {
        let body = parse_body(route, raw_body)?;
        let query = Query::parse(query);
        let mut accounts = lock(&self.accounts);
        let account = accounts.entry(user.to_owned()).or_default();
        if stale_etag
            && let Some(key) = route
                .update_targets(&body)
                .iter()
                .filter_map(|name| person_key(name))
                .find(|key| account.person(*key).is_some())
        {
            account.bump_etag(key);
        }
        methods::apply(account, route, &query, &body)
    }

    /// The whole life of one call: authentication, latency, faults, quota, then the method.
    async fn serve(
        &self,
        req: &HttpRequest,
        route: Route,
        body: &[u8],
        at: Instant,
    ) -> HttpResponse {
        let method = route.method();
        let auth = self.authenticate(req, method);
        let guard = match &auth {
            Auth::Allowed(user) if method.is_mutation() => Some(self.enter(user)),
            _ => None,
        };
        let delay = self.delay_micros.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_micros(delay)).await;
        }
        let user = match auth {
            Auth::Allowed(user) => user,
            Auth::Denied(user) => {
                self.record(&user, method, 403, at);
                return insufficient_permission("Request had insufficient authentication scopes.");
            }
            Auth::Unknown => return unauthenticated(),
        };
        let fault = self.take_fault(&user, method);
        match fault {
            Some(Fault::Status(code)) => {
                drop(guard);
                self.record(&user, method, code, at);
                return match code {
                    401 => unauthenticated(),
                    429 => {
                        let bucket = quota_cost(method)
                            .first()
                            .map_or(QuotaBucket::CriticalRead, |(b, _)| *b);
                        self.rate_limited(bucket).response()
                    }
                    _ => ApiError::injected(code).response(),
                };
            }
            Some(Fault::Timeout {
                wait,
                after_apply: false,
            }) => {
                drop(guard);
                self.record(&user, method, 504, at);
                tokio::time::sleep(wait).await;
                return ApiError::injected(504).response();
            }
            Some(Fault::Drop) => {
                drop(guard);
                self.record(&user, method, 0, at);
                return dropped_connection();
            }
            _ => {}
        }
        let charged = lock(&self.limiter).charge(&user, method, Instant::now());
        if let Err(bucket) = charged {
            drop(guard);
            self.record(&user, method, 429, at);
            return self.rate_limited(bucket).response();
        }
        let stale = matches!(fault, Some(Fault::StaleEtag));
        let result = self.run(&user, &route, req.query_string(), body, stale);
        if method.is_mutation() && result.is_ok() {
            lock(&self.activity).entry(user.clone()).or_default().writes += 1;
        }
        drop(guard);
        let (status, response) = match result {
            Ok(answer) => (200, HttpResponse::Ok().json(answer)),
            Err(error) => (error.code(), error.response()),
        };
        match fault {
            Some(Fault::DropAfterApply) => {
                self.record(&user, method, 0, at);
                dropped_connection()
            }
            Some(Fault::Timeout { wait, .. }) => {
                self.record(&user, method, status, at);
                tokio::time::sleep(wait).await;
                response
            }
            _ => {
                self.record(&user, method, status, at);
                response
            }
        }
    }
}

fn is_ours(item: &Value) -> bool {
    item.get("clientData")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| d.get("key").and_then(Value::as_str))
        .any(|k| k.starts_with(SHAREBOOK_MARKER_PREFIX))
}

/// An answer whose body fails before a byte is written: actix drops the connection with the
/// status line still unsent, so the client sees a closed connection, not a response.
fn dropped_connection() -> HttpResponse {
    HttpResponse::Ok().streaming(futures_util::stream::once(async {
        Err::<web::Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "sandbox People API: connection dropped by an injected fault",
        ))
    }))
}

/// Mounts the People API (`/v1/…`) and the sandbox page's view (`/sandbox/people/{email}`);
/// needs a `web::Data<PeopleStandIn>`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(DEV_VIEW_PATH, web::get().to(dev_view))
        .route(pane::DEV_CHANGE_PATH, web::post().to(pane::change))
        .service(
            web::resource(API_PATH)
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .route(web::route().to(handle)),
        );
}

async fn handle(
    state: web::Data<PeopleStandIn>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let at = Instant::now();
    let tail = req.match_info().get("tail").unwrap_or_default().to_owned();
    let Some(route) = Route::parse(req.method(), &tail) else {
        return ApiError::not_found(format!(
            "The requested URL /v1/{tail} was not found on this server ({}).",
            req.method()
        ))
        .response();
    };
    state.serve(&req, route, &body, at).await
}

async fn dev_view(state: web::Data<PeopleStandIn>, email: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok().json(state.dev_view(&email))
}
