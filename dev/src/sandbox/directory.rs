//! Stand-in for the Admin SDK Directory API's `members.list`: groups of users and nested groups,
//! paged as Google pages them, readable by admins with a token from the token stand-in.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::gmail::{bearer, google_error, insufficient_permission, unauthenticated};
use super::token::TokenEndpoint;

/// Route of `members.list`.
pub const MEMBERS_PATH: &str = "/admin/directory/v1/groups/{group_key}/members";
/// Scopes that allow listing members, narrowest first.
pub const MEMBER_LIST_SCOPES: [&str; 4] = [
    "https://www.googleapis.com/auth/admin.directory.group.member.readonly",
    "https://www.googleapis.com/auth/admin.directory.group.member",
    "https://www.googleapis.com/auth/admin.directory.group.readonly",
    "https://www.googleapis.com/auth/admin.directory.group",
];
/// Route of `users.get`.
pub const USER_PATH: &str = "/admin/directory/v1/users/{user_key}";
/// Scopes that allow reading users, narrowest first.
pub const USER_READ_SCOPES: [&str; 2] = [
    "https://www.googleapis.com/auth/admin.directory.user.readonly",
    "https://www.googleapis.com/auth/admin.directory.user",
];
/// Page size when `maxResults` is absent, and the largest allowed.
const MAX_RESULTS: usize = 200;

/// What a group member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberType {
    /// A user account.
    User,
    /// Another group.
    Group,
}

impl MemberType {
    fn as_str(self) -> &'static str {
        match self {
            Self::User => "USER",
            Self::Group => "GROUP",
        }
    }
}

/// Groups (by lowercased email) and their direct members, in insertion order.
pub struct DirectoryStandIn {
    tokens: Arc<TokenEndpoint>,
    groups: RwLock<HashMap<String, Vec<(String, MemberType)>>>,
    admins: RwLock<HashSet<String>>,
    /// Accounts by address: `true` when suspended. Admins exist too.
    users: RwLock<HashMap<String, bool>>,
    requests: AtomicUsize,
    failures: Mutex<VecDeque<u16>>,
}

impl DirectoryStandIn {
    /// A directory whose callers must hold tokens issued by `tokens`.
    pub fn new(tokens: Arc<TokenEndpoint>) -> Self {
        Self {
            tokens,
            groups: RwLock::default(),
            admins: RwLock::default(),
            users: RwLock::default(),
            requests: AtomicUsize::new(0),
            failures: Mutex::default(),
        }
    }

    /// Makes `email` a super admin (an account with `isAdmin`), who may read every group and
    /// user.
    pub fn add_admin(&self, email: &str) {
        if let Ok(mut admins) = self.admins.write() {
            admins.insert(email.to_lowercase());
        }
        self.add_user(email);
    }

    /// Creates the account `email` (active), if it does not exist.
    pub fn add_user(&self, email: &str) {
        if let Ok(mut users) = self.users.write() {
            users.entry(email.to_lowercase()).or_insert(false);
        }
    }

    /// Suspends the account `email` (creating it if needed).
    pub fn suspend_user(&self, email: &str) {
        if let Ok(mut users) = self.users.write() {
            users.insert(email.to_lowercase(), true);
        }
    }

    /// Deletes the account `email`: `users.get` answers 404 from now on.
    pub fn delete_user(&self, email: &str) {
        if let Ok(mut users) = self.users.write() {
            users.remove(&email.to_lowercase());
        }
        if let Ok(mut admins) = self.admins.write() {
            admins.remove(&email.to_lowercase());
        }
    }

    /// `users.get`, as Google answers it: the caller's token must carry a user scope and act for
    /// a super admin (anyone else, the user themselves included, gets 403 for `admin_view`).
    fn user(&self, req: &HttpRequest, user_key: &str) -> HttpResponse {
        if let Some(failure) = self.take_failure() {
            return failure;
        }
        if let Some(refused) = self.refused_unless_admin(req, &USER_READ_SCOPES) {
            return refused;
        }
        let admins = self.admins.read().map(|a| a.clone()).unwrap_or_default();
        let key = user_key.to_lowercase();
        let Some(suspended) = self.users.read().ok().and_then(|u| u.get(&key).copied()) else {
            return google_error(
                StatusCode::NOT_FOUND,
                "Resource Not Found: userKey",
                "notFound",
            );
        };
        let local = key.split('@').next().unwrap_or_default();
        let mut body = json!({
            "kind": "admin#directory#user",
            "id": numeric_id(&key),
            "etag": etag(&key),
            "primaryEmail": key,
            "name": { "givenName": local, "familyName": "", "fullName": local },
            "isAdmin": admins.contains(&key),
            "isDelegatedAdmin": false,
            "suspended": suspended,
            "archived": false,
            "customerId": "C0sandbox",
            "orgUnitPath": "/",
        });
        if suspended && let Some(map) = body.as_object_mut() {
            map.insert("suspensionReason".into(), json!("ADMIN"));
        }
        HttpResponse::Ok().json(body)
    }

    /// Creates `group_email` with no members (no-op if it exists).
    pub fn add_group(&self, group_email: &str) {
        if let Ok(mut groups) = self.groups.write() {
            groups.entry(group_email.to_lowercase()).or_default();
        }
    }

    /// Adds a direct member to `group_email`, creating the group if needed.
    pub fn add_member(&self, group_email: &str, member_email: &str, member_type: MemberType) {
        if let Ok(mut groups) = self.groups.write() {
            let members = groups.entry(group_email.to_lowercase()).or_default();
            let member_email = member_email.to_lowercase();
            if !members.iter().any(|(e, _)| *e == member_email) {
                members.push((member_email, member_type));
            }
        }
    }

    /// Makes the next call fail with `status` (queued: call again for more failures).
    pub fn fail_next(&self, status: u16) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.push_back(status);
        }
    }

    /// Google's refusal, unless the request's token carries one of `scopes` and acts for a super
    /// admin.
    fn refused_unless_admin(&self, req: &HttpRequest, scopes: &[&str]) -> Option<HttpResponse> {
        let Some(info) = bearer(req).and_then(|t| self.tokens.token_info(t)) else {
            return Some(unauthenticated());
        };
        if !info.scopes.iter().any(|s| scopes.contains(&s.as_str())) {
            return Some(insufficient_permission(
                "Request had insufficient authentication scopes.",
            ));
        }
        if !self.admins.read().is_ok_and(|a| a.contains(&info.subject)) {
            return Some(google_error(
                StatusCode::FORBIDDEN,
                "Not Authorized to access this resource/api",
                "forbidden",
            ));
        }
        None
    }

    /// The failure queued by [`DirectoryStandIn::fail_next`], if any, as Google answers it.
    fn take_failure(&self) -> Option<HttpResponse> {
        let status = self
            .failures
            .lock()
            .ok()
            .and_then(|mut f| f.pop_front())
            .and_then(|s| StatusCode::from_u16(s).ok())?;
        Some(google_error(status, "Backend Error", "backendError"))
    }

    /// How many calls (`members.list` and `users.get`) were received.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Direct members, then (when `derived`) members of nested groups, each email once.
    fn members(
        groups: &HashMap<String, Vec<(String, MemberType)>>,
        group: &str,
        derived: bool,
    ) -> Vec<(String, MemberType)> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut visited = HashSet::from([group.to_owned()]);
        let mut queue = VecDeque::from([group.to_owned()]);
        while let Some(current) = queue.pop_front() {
            for (email, kind) in groups.get(&current).into_iter().flatten() {
                if seen.insert(email.clone()) {
                    out.push((email.clone(), *kind));
                }
                if derived && *kind == MemberType::Group && visited.insert(email.clone()) {
                    queue.push_back(email.clone());
                }
            }
        }
        out
    }

    fn answer(&self, req: &HttpRequest, group_key: &str) -> HttpResponse {
        if let Some(failure) = self.take_failure() {
            return failure;
        }
        if let Some(refused) = self.refused_unless_admin(req, &MEMBER_LIST_SCOPES) {
            return refused;
        }
        let query: HashMap<String, String> =
            url::form_urlencoded::parse(req.query_string().as_bytes())
                .into_owned()
                .collect();
        let max_results = match query.get("maxResults").map(|v| v.parse::<usize>()) {
            None => MAX_RESULTS,
            Some(Ok(n)) if (1..=MAX_RESULTS).contains(&n) => n,
            Some(_) => return invalid_input("maxResults"),
        };
        let derived = query
            .get("includeDerivedMembership")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let group = group_key.to_lowercase();
        let offset = match query.get("pageToken") {
            None => 0,
            Some(token) => match decode_page_token(token, &group, derived) {
                Some(offset) => offset,
                None => return invalid_input("pageToken"),
            },
        };
        let Ok(groups) = self.groups.read() else {
            return google_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Backend Error",
                "backendError",
            );
        };
        if !groups.contains_key(&group) {
            return google_error(
                StatusCode::NOT_FOUND,
                "Resource Not Found: groupKey",
                "notFound",
            );
        }
        let all = Self::members(&groups, &group, derived);
        let page: Vec<Value> = all
            .iter()
            .skip(offset)
            .take(max_results)
            .map(|(email, kind)| member_resource(email, *kind))
            .collect();
        let mut body = json!({ "kind": "admin#directory#members", "etag": etag(&group) });
        if let Some(map) = body.as_object_mut() {
            if !page.is_empty() {
                map.insert("members".into(), Value::Array(page));
            }
            let next = offset + max_results;
            if next < all.len() {
                map.insert(
                    "nextPageToken".into(),
                    json!(encode_page_token(&group, derived, next)),
                );
            }
        }
        HttpResponse::Ok().json(body)
    }
}

fn member_resource(email: &str, kind: MemberType) -> Value {
    let mut member = json!({
        "kind": "admin#directory#member", "etag": etag(email), "id": numeric_id(email),
        "email": email, "role": "MEMBER", "type": kind.as_str(),
    });
    if let (MemberType::User, Some(map)) = (kind, member.as_object_mut()) {
        map.insert("status".into(), json!("ACTIVE"));
    }
    member
}

fn numeric_id(email: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(email.as_bytes());
    let n = digest
        .iter()
        .take(8)
        .fold(0u64, |n, b| (n << 8) | u64::from(*b));
    format!("1{n:020}")
}

fn etag(seed: &str) -> String {
    format!("\"sandbox-{}\"", numeric_id(seed))
}

fn encode_page_token(group: &str, derived: bool, offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("{group}|{derived}|{offset}"))
}

fn decode_page_token(token: &str, group: &str, derived: bool) -> Option<usize> {
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let mut parts = raw.rsplitn(3, '|');
    let offset = parts.next()?.parse().ok()?;
    let token_derived = parts.next()? == "true";
    (parts.next()? == group && token_derived == derived).then_some(offset)
}

fn invalid_input(parameter: &str) -> HttpResponse {
    google_error(
        StatusCode::BAD_REQUEST,
        &format!("Invalid Input: {parameter}"),
        "invalid",
    )
}

/// Mounts `GET /admin/directory/v1/groups/{group_key}/members`; needs a
/// `web::Data<DirectoryStandIn>`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(MEMBERS_PATH, web::get().to(list_members))
        .route(USER_PATH, web::get().to(get_user));
}

async fn list_members(
    state: web::Data<DirectoryStandIn>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    state.requests.fetch_add(1, Ordering::SeqCst);
    state.answer(&req, &path.into_inner())
}

async fn get_user(
    state: web::Data<DirectoryStandIn>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    state.requests.fetch_add(1, Ordering::SeqCst);
    state.user(&req, &path.into_inner())
}
