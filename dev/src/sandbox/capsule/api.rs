//! The stand-in's `/api/v2/` routes: users, site, parties (paged, `since`, by ids, deleted,
//! tags) and REST hooks, each answer with Capsule's rate-limit headers.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, web};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{CapsuleStandIn, Grant, Hook, MAX_HOOKS, State, hook_json, stamp};
use crate::sandbox::gmail::bearer;

/// Capsule's API prefix.
pub const API_PATH: &str = "/api/v2/{tail:.*}";

pub(super) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(API_PATH, web::route().to(handle));
}

fn message(status: StatusCode, text: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "message": text }))
}

/// A 422 as Capsule words validation errors.
fn validation(resource: &str, field: &str, text: &str) -> Answer {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({
            "message": "Validation Failed",
            "errors": [{ "resource": resource, "field": field, "message": text }],
        }),
        None,
    )
}

fn not_found() -> Answer {
    (
        StatusCode::NOT_FOUND,
        json!({ "message": "Could not find resource" }),
        None,
    )
}

/// The limit headers for a user's window.
struct Limits {
    limit: u32,
    remaining: u32,
    reset: i64,
}

impl Limits {
    fn apply(&self, mut b: HttpResponseBuilder) -> HttpResponseBuilder {
        b.insert_header(("X-RateLimit-Limit", self.limit.to_string()))
            .insert_header(("X-RateLimit-Remaining", self.remaining.to_string()))
            .insert_header(("X-RateLimit-Reset", self.reset.to_string()));
        b
    }
}

/// What one request is allowed to do, decided under the lock.
enum Gate {
    Fail(u16),
    Unauthorized,
    Limited(Limits),
    Go(Grant, Limits),
}

async fn handle(
    state: web::Data<CapsuleStandIn>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let (latency, stall) = state.with(|s| {
        let stall = (!s.stalls.is_empty()).then(|| s.stalls.remove(0));
        (s.latency, stall)
    });
    tokio::time::sleep(latency + stall.unwrap_or_default()).await;
    let token = bearer(&req).map(str::to_owned);
    let gate = state.with(|s| gate(s, token.as_deref()));
    let (grant, limits) = match gate {
        Gate::Fail(429) => {
            let limits = Limits {
                limit: state.with(|s| s.limit),
                remaining: 0,
                reset: Utc::now().timestamp() + 3600,
            };
            return limits
                .apply(HttpResponse::TooManyRequests())
                .json(json!({ "error": "rate limit reached" }));
        }
        Gate::Fail(status) => {
            return message(
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                "Simulated failure",
            );
        }
        Gate::Unauthorized => {
            return HttpResponse::Unauthorized()
                .insert_header((
                    "WWW-Authenticate",
                    "Bearer realm=\"Capsule\", error=\"invalid_token\"",
                ))
                .json(json!({ "message": "Unauthorized" }));
        }
        Gate::Limited(limits) => {
            return limits
                .apply(HttpResponse::TooManyRequests())
                .json(json!({ "error": "rate limit reached" }));
        }
        Gate::Go(grant, limits) => (grant, limits),
    };
    let tail = req.match_info().get("tail").unwrap_or_default().to_owned();
    let base = format!(
        "{}://{}",
        req.connection_info().scheme(),
        req.connection_info().host()
    );
    let query: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| query.iter().find(|(q, _)| q == k).map(|(_, v)| v.as_str());
    let segments: Vec<&str> = tail.trim_end_matches('/').split('/').collect();
    let method = req.method().as_str().to_owned();
    let (status, body, header) = state.with(|s| match (method.as_str(), segments.as_slice()) {
        ("GET", ["users", "current"]) => current_user(s, &grant),
        ("GET", ["site"]) => site(s, &grant),
        ("GET", ["parties", "tags"]) => tags(s, &grant),
        ("GET", ["parties", "deleted"]) => deleted(s, &grant, get("since")),
        ("GET", ["parties"]) => list(
            s,
            &grant,
            &base,
            get("since"),
            get("page"),
            get("perPage"),
            get("embed"),
        ),
        ("GET", ["parties", ids]) => by_ids(s, &grant, ids),
        ("GET", ["resthooks"]) => hooks(s, &grant),
        ("POST", ["resthooks"]) => subscribe(s, &grant, &body, &base),
        ("DELETE", ["resthooks", id]) => unsubscribe(s, &grant, id),
        _ => not_found(),
    });
    let mut b = limits.apply(HttpResponse::build(status));
    if let Some(header) = header {
        b.insert_header(header);
    }
    if status == StatusCode::NO_CONTENT {
        return b.finish();
    }
    b.json(body)
}

/// Faults first, then the token, then the user's hourly window.
fn gate(s: &mut State, token: Option<&str>) -> Gate {
    if !s.failures.is_empty() {
        return Gate::Fail(s.failures.remove(0));
    }
    let Some(grant) = token
        .and_then(|t| s.tokens.get(t))
        .filter(|g| !g.revoked)
        .cloned()
    else {
        return Gate::Unauthorized;
    };
    if let Some(a) = s.accounts.get_mut(&grant.subdomain) {
        a.requests += 1;
    }
    let now = Utc::now();
    let limit = s.limit;
    let window = s.windows.entry(grant.user).or_insert((now, 0));
    if now - window.0 >= chrono::Duration::hours(1) {
        *window = (now, 0);
    }
    let reset = (window.0 + chrono::Duration::hours(1)).timestamp();
    if window.1 >= limit {
        return Gate::Limited(Limits {
            limit,
            remaining: 0,
            reset,
        });
    }
    window.1 += 1;
    Gate::Go(
        grant,
        Limits {
            limit,
            remaining: limit - window.1,
            reset,
        },
    )
}

/// Status, body, and one header (`Link` or `Location`).
type Answer = (StatusCode, Value, Option<(&'static str, String)>);

fn ok(v: Value) -> Answer {
    (StatusCode::OK, v, None)
}

fn current_user(s: &State, g: &Grant) -> Answer {
    let user = s
        .accounts
        .get(&g.subdomain)
        .and_then(|a| a.users.iter().find(|u| u.id == g.user));
    match user {
        Some(u) => ok(json!({ "user": {
            "id": u.id, "username": u.username, "name": u.name, "pictureURL": null,
            "role": if u.admin { "Admin" } else { "User" },
        }})),
        None => not_found(),
    }
}

fn site(s: &State, g: &Grant) -> Answer {
    let name = s
        .accounts
        .get(&g.subdomain)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    ok(json!({ "site": {
        "subdomain": g.subdomain, "name": name,
        "url": format!("https://{}.capsulecrm.com", g.subdomain),
    }}))
}

/// Every tag any live party carries, with stable ids by name.
fn tags(s: &State, g: &Grant) -> Answer {
    let mut names = std::collections::BTreeSet::new();
    if let Some(a) = s.accounts.get(&g.subdomain) {
        for p in a.parties.values().filter(|p| p.deleted.is_none()) {
            for t in p
                .value
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(n) = t["name"].as_str() {
                    names.insert(n.to_owned());
                }
            }
        }
    }
    let tags: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, n)| json!({ "id": i + 1, "name": n, "dataTag": false }))
        .collect();
    ok(json!({ "tags": tags }))
}

fn since_of(raw: Option<&str>) -> Result<Option<DateTime<Utc>>, Box<Answer>> {
    match raw {
        None => Ok(None),
        Some(r) => DateTime::parse_from_rfc3339(r)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| Box::new(validation("party", "since", "since is not a valid date"))),
    }
}

/// A party as returned: tags and fields only when embedded.
fn shown(p: &Value, embed: Option<&str>) -> Value {
    let mut v = p.clone();
    let wanted = |what: &str| embed.is_some_and(|e| e.split(',').any(|x| x.trim() == what));
    if let Some(m) = v.as_object_mut() {
        if !wanted("tags") {
            m.remove("tags");
        }
        if !wanted("fields") {
            m.remove("fields");
        }
    }
    v
}

fn list(
    s: &State,
    g: &Grant,
    base: &str,
    since: Option<&str>,
    page: Option<&str>,
    per_page: Option<&str>,
    embed: Option<&str>,
) -> Answer {
    let since = match since_of(since) {
        Ok(t) => t,
        Err(answer) => return *answer,
    };
    let per_page: usize = match per_page.map(str::parse) {
        None => 50,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        _ => return validation("party", "perPage", "perPage must be between 1 and 100"),
    };
    let page: usize = page
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let live: Vec<&Value> = s
        .accounts
        .get(&g.subdomain)
        .map(|a| {
            a.parties
                .values()
                .filter(|p| p.deleted.is_none() && p.restricted.is_none())
                .filter(|p| since.is_none_or(|t| p.updated.timestamp() > t.timestamp()))
                .map(|p| &p.value)
                .collect()
        })
        .unwrap_or_default();
    let start = (page - 1).saturating_mul(per_page);
    let parties: Vec<Value> = live
        .iter()
        .skip(start)
        .take(per_page)
        .map(|p| shown(p, embed))
        .collect();
    // Capsule's own link keeps only the page: clients rebuild their other parameters.
    let link = (start + per_page < live.len()).then(|| {
        (
            "Link",
            format!(
                "<{base}/api/v2/parties?page={}&perPage={per_page}>; rel=\"next\"",
                page + 1
            ),
        )
    });
    (StatusCode::OK, json!({ "parties": parties }), link)
}

fn by_ids(s: &State, g: &Grant, ids: &str) -> Answer {
    let ids: Vec<Option<i64>> = ids.split(',').map(|i| i.trim().parse().ok()).collect();
    if ids.len() > 10 {
        return (
            StatusCode::BAD_REQUEST,
            json!({ "message": "too many ids" }),
            None,
        );
    }
    let account = s.accounts.get(&g.subdomain);
    let mut found = Vec::new();
    for id in &ids {
        match id
            .and_then(|id| account.and_then(|a| a.parties.get(&id)))
            .filter(|p| p.deleted.is_none() && p.restricted.is_none())
        {
            Some(p) => found.push(shown(&p.value, Some("tags,fields"))),
            None => return not_found(),
        }
    }
    match found.as_slice() {
        [one] if ids.len() == 1 => ok(json!({ "party": one })),
        _ => ok(json!({ "parties": found })),
    }
}

fn deleted(s: &State, g: &Grant, since: Option<&str>) -> Answer {
    let Some(raw) = since else {
        return validation("party", "since", "since is required");
    };
    let since = match since_of(Some(raw)) {
        Ok(Some(t)) => t.timestamp(),
        Ok(None) => 0,
        Err(answer) => return *answer,
    };
    let mut gone = Vec::new();
    let mut restricted = Vec::new();
    if let Some(a) = s.accounts.get(&g.subdomain) {
        for (id, p) in &a.parties {
            if let Some(at) = p.deleted.filter(|t| t.timestamp() > since) {
                gone.push(json!({ "id": id, "deletedAt": stamp(at) }));
            } else if p.deleted.is_none() && p.restricted.is_some_and(|t| t.timestamp() > since) {
                restricted.push(if p.value.get("type") == Some(&json!("organisation")) {
                    json!({ "id": id, "type": "organisation", "name": "Private", "isRestricted": true })
                } else {
                    json!({ "id": id, "type": "person", "firstName": null, "lastName": "Private",
                            "pictureURL": "https://capsulecrm.com/theme/default/images/person_avatar_70.png",
                            "isRestricted": true })
                });
            }
        }
    }
    // `restrictedParties` only when there are some, as Capsule documents for its other lists.
    ok(if restricted.is_empty() {
        json!({ "parties": gone })
    } else {
        json!({ "parties": gone, "restrictedParties": restricted })
    })
}

/// Hooks are managed only through a registered application, by an administrator.
fn may_manage_hooks(s: &State, g: &Grant) -> Result<String, Box<Answer>> {
    let Some(client) = g.client.clone() else {
        return Err(Box::new((
            StatusCode::FORBIDDEN,
            json!({ "message": "REST hooks can only be managed by a registered application" }),
            None,
        )));
    };
    let admin = s
        .accounts
        .get(&g.subdomain)
        .and_then(|a| a.users.iter().find(|u| u.id == g.user))
        .is_some_and(|u| u.admin);
    if !admin {
        return Err(Box::new((
            StatusCode::FORBIDDEN,
            json!({ "message": "Only administrators can manage REST hooks" }),
            None,
        )));
    }
    Ok(client)
}

fn hooks(s: &State, g: &Grant) -> Answer {
    let client = match may_manage_hooks(s, g) {
        Ok(c) => c,
        Err(a) => return *a,
    };
    let hooks: Vec<Value> = s
        .accounts
        .get(&g.subdomain)
        .map(|a| {
            a.hooks
                .iter()
                .filter(|h| h.client_id == client)
                .map(hook_json)
                .collect()
        })
        .unwrap_or_default();
    ok(json!({ "restHooks": hooks }))
}

fn subscribe(s: &mut State, g: &Grant, body: &[u8], base: &str) -> Answer {
    let client = match may_manage_hooks(s, g) {
        Ok(c) => c,
        Err(a) => return *a,
    };
    let req: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let hook = req.get("restHook").cloned().unwrap_or(Value::Null);
    let event = hook
        .get("event")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let target = hook
        .get("targetUrl")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    const EVENTS: [&str; 3] = ["party/created", "party/updated", "party/deleted"];
    if !EVENTS.contains(&event.as_str())
        || !(target.starts_with("https://") || target.starts_with("http://"))
    {
        return validation("restHook", "event", "event or targetUrl is invalid");
    }
    let id = s.next_id;
    s.next_id += 1;
    let Some(account) = s.accounts.get_mut(&g.subdomain) else {
        return not_found();
    };
    if account.hooks.len() >= MAX_HOOKS {
        return validation("restHook", "event", "too many REST hooks");
    }
    let h = Hook {
        id,
        event,
        target,
        description: hook
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        client_id: client,
        created: Utc::now(),
    };
    let shown = hook_json(&h);
    account.hooks.push(h);
    (
        StatusCode::CREATED,
        json!({ "restHook": shown }),
        Some(("Location", format!("{base}/api/v2/resthooks/{id}"))),
    )
}

fn unsubscribe(s: &mut State, g: &Grant, id: &str) -> Answer {
    let client = match may_manage_hooks(s, g) {
        Ok(c) => c,
        Err(a) => return *a,
    };
    let id: i64 = id.parse().unwrap_or(-1);
    let Some(account) = s.accounts.get_mut(&g.subdomain) else {
        return not_found();
    };
    let before = account.hooks.len();
    account
        .hooks
        .retain(|h| !(h.id == id && h.client_id == client));
    if account.hooks.len() == before {
        return not_found();
    }
    (StatusCode::NO_CONTENT, Value::Null, None)
}
