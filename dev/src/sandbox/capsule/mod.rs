//! Stand-in for Capsule CRM's REST API v2 (dev, tests and benchmarks; never the product binary).
//!
//! It holds accounts with users and parties, deleted and restricted parties, paging by `Link` header,
//! rate-limit headers and 429s, REST hooks with their deliveries, the OAuth code flow, 401 for a
//! revoked token, and fault injection. Follows `../shared/reference/capsule-api.md`.

mod api;
mod oauth;
pub mod pane;
pub mod seed;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::web;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

/// The sandbox's registered OAuth application.
pub const SANDBOX_CLIENT_ID: &str = "sharebook-sandbox";
/// Its secret.
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-secret";
/// Capsule's documented hourly allowance per user.
pub const HOURLY_LIMIT: u32 = 4_000;
/// REST hook subscriptions allowed per account.
pub const MAX_HOOKS: usize = 20;

/// One Capsule user.
#[derive(Debug, Clone)]
struct User {
    id: i64,
    name: String,
    username: String,
    admin: bool,
}

/// A party and its fate.
#[derive(Debug, Clone)]
struct Party {
    value: Value,
    updated: DateTime<Utc>,
    deleted: Option<DateTime<Utc>>,
    restricted: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
struct Hook {
    id: i64,
    event: String,
    target: String,
    description: String,
    client_id: String,
    created: DateTime<Utc>,
}

#[derive(Debug, Default)]
struct Account {
    name: String,
    users: Vec<User>,
    parties: BTreeMap<i64, Party>,
    hooks: Vec<Hook>,
    requests: u64,
}

/// Who a token is.
#[derive(Debug, Clone)]
struct Grant {
    subdomain: String,
    user: i64,
    /// The OAuth application it was issued to (`None`: a personal token).
    client: Option<String>,
    revoked: bool,
}

#[derive(Debug, Clone)]
struct Code {
    grant: Grant,
    redirect: String,
    expires: Instant,
}

#[derive(Default)]
struct State {
    accounts: HashMap<String, Account>,
    tokens: HashMap<String, Grant>,
    refresh: HashMap<String, Grant>,
    codes: HashMap<String, Code>,
    clients: HashMap<String, String>,
    next_id: i64,
    latency: Duration,
    limit: u32,
    /// Per user: when their hour started and requests in it.
    windows: HashMap<i64, (DateTime<Utc>, u32)>,
    failures: Vec<u16>,
    stalls: Vec<Duration>,
}

/// Hook deliveries: target URL, body, answer's status (0: unreachable).
type Deliveries = Arc<Mutex<Vec<(String, Value, u16)>>>;

/// The Capsule stand-in.
pub struct CapsuleStandIn {
    state: Mutex<State>,
    deliveries: Deliveries,
    http: reqwest::Client,
}

impl Default for CapsuleStandIn {
    fn default() -> Self {
        Self::new()
    }
}

/// Capsule's timestamps: seconds, UTC.
fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn token() -> String {
    let bytes: [u8; 24] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl CapsuleStandIn {
    /// An empty Capsule: no account, no latency, 4,000 requests an hour.
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State {
                next_id: 1,
                limit: HOURLY_LIMIT,
                ..State::default()
            }),
            deliveries: Deliveries::default(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut state)
    }

    /// A Capsule account (site), keyed by `subdomain` everywhere below.
    pub fn create_account(&self, subdomain: &str, site_name: &str) {
        self.with(|s| {
            s.accounts.entry(subdomain.to_owned()).or_default().name = site_name.to_owned();
        });
    }

    /// A user of the account; `admin` users may manage REST hooks. Returns the user id.
    pub fn add_user(&self, subdomain: &str, name: &str, username: &str, admin: bool) -> i64 {
        self.with(|s| {
            let id = s.next_id;
            s.next_id += 1;
            s.accounts
                .entry(subdomain.to_owned())
                .or_default()
                .users
                .push(User {
                    id,
                    name: name.to_owned(),
                    username: username.to_owned(),
                    admin,
                });
            id
        })
    }

    /// A personal access token for that user (it cannot manage REST hooks: 403).
    pub fn issue_token(&self, subdomain: &str, user_id: i64) -> String {
        let t = token();
        self.with(|s| {
            s.tokens.insert(
                t.clone(),
                Grant {
                    subdomain: subdomain.to_owned(),
                    user: user_id,
                    client: None,
                    revoked: false,
                },
            );
        });
        t
    }

    /// Revokes a token (personal, OAuth access or refresh): later calls get 401.
    pub fn revoke_token(&self, token: &str) {
        self.with(|s| {
            for map in [&mut s.tokens, &mut s.refresh] {
                if let Some(g) = map.get_mut(token) {
                    g.revoked = true;
                }
            }
        });
    }

    /// Registers an OAuth application whose tokens may manage REST hooks.
    pub fn register_client(&self, client_id: &str, client_secret: &str) {
        self.with(|s| {
            s.clients
                .insert(client_id.to_owned(), client_secret.to_owned());
        });
    }

    /// Adds a party (as Capsule returns it, without `id`, `createdAt`, `updatedAt`: they are
    /// assigned; ids only increase). Fires `party/created` hooks.
    pub fn add_party(&self, subdomain: &str, mut party: Value) -> i64 {
        let now = Utc::now();
        let id = self.with(|s| {
            let id = s.next_id;
            s.next_id += 1;
            if let Some(m) = party.as_object_mut() {
                m.insert("id".into(), json!(id));
                m.insert("createdAt".into(), json!(stamp(now)));
                m.insert("updatedAt".into(), json!(stamp(now)));
            }
            s.accounts
                .entry(subdomain.to_owned())
                .or_default()
                .parties
                .insert(
                    id,
                    Party {
                        value: party,
                        updated: now,
                        deleted: None,
                        restricted: None,
                    },
                );
            id
        });
        self.fire(subdomain, "party/created", id);
        id
    }

    /// Stores a party exactly as given (only `id` assigned when absent, `updatedAt` kept) to
    /// test tolerance of bad data. No hook fires.
    pub fn add_raw_party(&self, subdomain: &str, mut party: Value) -> i64 {
        self.with(|s| {
            let id = s.next_id;
            s.next_id += 1;
            if let Some(m) = party.as_object_mut()
                && !m.contains_key("id")
            {
                m.insert("id".into(), json!(id));
            }
            s.accounts
                .entry(subdomain.to_owned())
                .or_default()
                .parties
                .insert(
                    id,
                    Party {
                        value: party,
                        updated: Utc::now(),
                        deleted: None,
                        restricted: None,
                    },
                );
            id
        })
    }

    /// Replaces the given top-level keys of a live party and bumps `updatedAt`. Fires
    /// `party/updated` hooks. Whether the party was there.
    pub fn update_party(&self, subdomain: &str, id: i64, changes: Value) -> bool {
        let now = Utc::now();
        let found = self.with(|s| {
            let Some(p) = s
                .accounts
                .get_mut(subdomain)
                .and_then(|a| a.parties.get_mut(&id))
                .filter(|p| p.deleted.is_none())
            else {
                return false;
            };
            if let (Some(m), Some(c)) = (p.value.as_object_mut(), changes.as_object()) {
                for (k, v) in c {
                    m.insert(k.clone(), v.clone());
                }
                m.insert("updatedAt".into(), json!(stamp(now)));
            }
            p.updated = now;
            true
        });
        if found {
            self.fire(subdomain, "party/updated", id);
        }
        found
    }

    /// Deletes a party: it leaves `/parties` and shows in `/parties/deleted`. Fires
    /// `party/deleted` hooks.
    pub fn delete_party(&self, subdomain: &str, id: i64) -> bool {
        let found = self.with(|s| {
            match s
                .accounts
                .get_mut(subdomain)
                .and_then(|a| a.parties.get_mut(&id))
                .filter(|p| p.deleted.is_none())
            {
                Some(p) => {
                    p.deleted = Some(Utc::now());
                    true
                }
                None => false,
            }
        });
        if found {
            self.fire(subdomain, "party/deleted", id);
        }
        found
    }

    /// Makes a party restricted for every user of the account (moved to a team they cannot
    /// see): it leaves `/parties` and shows in `restrictedParties`.
    pub fn restrict_party(&self, subdomain: &str, id: i64) -> bool {
        self.with(|s| {
            match s
                .accounts
                .get_mut(subdomain)
                .and_then(|a| a.parties.get_mut(&id))
                .filter(|p| p.deleted.is_none() && p.restricted.is_none())
            {
                Some(p) => {
                    p.restricted = Some(Utc::now());
                    true
                }
                None => false,
            }
        })
    }

    /// A live party as `GET /parties/{id}` shows it (with tags).
    pub fn party(&self, subdomain: &str, id: i64) -> Option<Value> {
        self.with(|s| {
            s.accounts
                .get(subdomain)
                .and_then(|a| a.parties.get(&id))
                .filter(|p| p.deleted.is_none() && p.restricted.is_none())
                .map(|p| p.value.clone())
        })
    }

    /// Every live party of the account, by id.
    pub fn parties(&self, subdomain: &str) -> Vec<Value> {
        self.with(|s| {
            s.accounts
                .get(subdomain)
                .map(|a| {
                    a.parties
                        .values()
                        .filter(|p| p.deleted.is_none() && p.restricted.is_none())
                        .map(|p| p.value.clone())
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Delay before every API answer (the benchmarks use 100 ms).
    pub fn set_latency(&self, d: Duration) {
        self.with(|s| s.latency = d);
    }

    /// Requests per hour per user; each user's hour starts at their first request.
    pub fn set_hourly_limit(&self, n: u32) {
        self.with(|s| s.limit = n);
    }

    /// The next `n` API calls answer `status` (500, 503, 429, ...), before any other check.
    pub fn fail_next(&self, n: u32, status: u16) {
        self.with(|s| s.failures.extend(std::iter::repeat_n(status, n as usize)));
    }

    /// The next `n` API calls wait `d` before answering normally (client timeouts).
    pub fn stall_next(&self, n: u32, d: Duration) {
        self.with(|s| s.stalls.extend(std::iter::repeat_n(d, n as usize)));
    }

    /// API requests the account's users made so far, whatever the answer.
    pub fn requests(&self, subdomain: &str) -> u64 {
        self.with(|s| s.accounts.get(subdomain).map_or(0, |a| a.requests))
    }

    /// The account's REST hook subscriptions, as `GET /resthooks` shows them.
    pub fn hooks(&self, subdomain: &str) -> Vec<Value> {
        self.with(|s| {
            s.accounts
                .get(subdomain)
                .map(|a| a.hooks.iter().map(hook_json).collect())
                .unwrap_or_default()
        })
    }

    /// Hook deliveries so far: target URL, body, answer's status (0: unreachable).
    pub fn deliveries(&self) -> Vec<(String, Value, u16)> {
        self.deliveries
            .lock()
            .map(|d| d.clone())
            .unwrap_or_default()
    }

    /// POSTs `event` for party `id` to every hook of the account subscribed to it, in the
    /// background, after the configured latency; never signed, as Capsule's are not.
    fn fire(&self, subdomain: &str, event: &str, id: i64) {
        let (targets, latency, payload) = self.with(|s| {
            let Some(a) = s.accounts.get(subdomain) else {
                return (Vec::new(), s.latency, Value::Null);
            };
            let targets: Vec<String> = a
                .hooks
                .iter()
                .filter(|h| h.event == event)
                .map(|h| h.target.clone())
                .collect();
            let payload = match a.parties.get(&id) {
                Some(p) if event != "party/deleted" => p.value.clone(),
                _ => json!({ "id": id }),
            };
            (targets, s.latency, payload)
        });
        if targets.is_empty() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let body = json!({ "event": event, "payload": [payload] });
        for target in targets {
            let http = self.http.clone();
            let body = body.clone();
            let log = self.deliveries.clone();
            runtime.spawn(async move {
                tokio::time::sleep(latency).await;
                let status = match http.post(&target).json(&body).send().await {
                    Ok(r) => r.status().as_u16(),
                    Err(_) => 0,
                };
                if let Ok(mut log) = log.lock() {
                    log.push((target, body, status));
                }
            });
        }
    }
}

fn hook_json(h: &Hook) -> Value {
    json!({
        "id": h.id, "event": h.event, "targetUrl": h.target, "description": h.description,
        "clientId": h.client_id, "createdAt": stamp(h.created),
    })
}

/// Mounts the API, OAuth and the sandbox pane; needs `web::Data<CapsuleStandIn>`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    api::configure(cfg);
    oauth::configure(cfg);
    pane::configure(cfg);
}
