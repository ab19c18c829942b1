//! The People API's REST surface: which method a request is, and its query, body, field masks
//! and page tokens read and checked as Google checks them.

use actix_web::http::Method;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::errors::ApiError;
use super::fields::{GROUP_FIELDS, READABLE_FIELDS};
use super::quota::PeopleMethod;

/// Most contacts `batchCreateContacts` / `batchUpdateContacts` / `people:batchGet` take.
pub const MAX_BATCH_CONTACTS: usize = 200;
/// Most resource names `batchDeleteContacts` takes.
pub const MAX_BATCH_DELETE: usize = 500;
/// Most names `members:modify` takes (adds and removes together).
pub const MAX_MODIFY_MEMBERS: usize = 1000;
/// Largest `pageSize` of the list methods.
const MAX_PAGE_SIZE: usize = 1000;
/// Where Google's masks are documented, quoted in its mask errors.
pub(super) const MASK_DOCS: &str = "https://developers.google.com/people/api/rest/v1/people/get";
/// Query parameters every Google API accepts.
const SYSTEM_PARAMETERS: [&str; 11] = [
    "$.xgafv",
    "access_token",
    "alt",
    "callback",
    "fields",
    "key",
    "oauth_token",
    "prettyPrint",
    "quotaUser",
    "uploadType",
    "upload_protocol",
];
/// Group fields of `get`/`list` when none are asked for.
pub(super) const DEFAULT_GROUP_READ: [&str; 4] = ["metadata", "groupType", "memberCount", "name"];
/// Group fields of `create`/`update` answers when none are asked for.
pub(super) const DEFAULT_GROUP_WRITE_READ: [&str; 3] = ["metadata", "groupType", "name"];

/// A request routed to one method, with its path parameter.
#[derive(Debug, Clone)]
pub(super) enum Route {
    ListGroups,
    BatchGetGroups,
    CreateGroup,
    GetGroup(String),
    UpdateGroup(String),
    DeleteGroup(String),
    ModifyMembers(String),
    CreateContact,
    BatchCreate,
    UpdateContact(String),
    BatchUpdate,
    DeleteContact(String),
    BatchDelete,
    GetPerson(String),
    BatchGet,
    ListConnections,
}

impl Route {
    /// The method of `verb` on `tail` (the path after `/v1/`), if the People API has one.
    pub(super) fn parse(verb: &Method, tail: &str) -> Option<Self> {
        let is = |m: Method| *verb == m;
        if let Some(rest) = tail.strip_prefix("contactGroups") {
            return match rest {
                "" if is(Method::GET) => Some(Self::ListGroups),
                "" if is(Method::POST) => Some(Self::CreateGroup),
                ":batchGet" if is(Method::GET) => Some(Self::BatchGetGroups),
                _ => {
                    let rest = rest.strip_prefix('/')?;
                    if let Some(id) = rest.strip_suffix("/members:modify") {
                        return (is(Method::POST) && valid_id(id))
                            .then(|| Self::ModifyMembers(id.to_owned()));
                    }
                    if !valid_id(rest) {
                        return None;
                    }
                    let id = rest.to_owned();
                    if is(Method::GET) {
                        Some(Self::GetGroup(id))
                    } else if is(Method::PUT) {
                        Some(Self::UpdateGroup(id))
                    } else if is(Method::DELETE) {
                        Some(Self::DeleteGroup(id))
                    } else {
                        None
                    }
                }
            };
        }
        match tail {
            "people:createContact" if is(Method::POST) => return Some(Self::CreateContact),
            "people:batchCreateContacts" if is(Method::POST) => return Some(Self::BatchCreate),
            "people:batchUpdateContacts" if is(Method::POST) => return Some(Self::BatchUpdate),
            "people:batchDeleteContacts" if is(Method::POST) => return Some(Self::BatchDelete),
            "people:batchGet" if is(Method::GET) => return Some(Self::BatchGet),
            "people/me/connections" if is(Method::GET) => return Some(Self::ListConnections),
            _ => {}
        }
        let rest = tail.strip_prefix("people/")?;
        if let Some(id) = rest.strip_suffix(":updateContact") {
            return (is(Method::PATCH) && valid_id(id)).then(|| Self::UpdateContact(id.to_owned()));
        }
        if let Some(id) = rest.strip_suffix(":deleteContact") {
            return (is(Method::DELETE) && valid_id(id))
                .then(|| Self::DeleteContact(id.to_owned()));
        }
        (is(Method::GET) && valid_id(rest) && !rest.contains(':'))
            .then(|| Self::GetPerson(rest.to_owned()))
    }

    /// The method, for quotas and call records.
    pub(super) fn method(&self) -> PeopleMethod {
        match self {
            Self::ListGroups => PeopleMethod::ListContactGroups,
            Self::BatchGetGroups => PeopleMethod::BatchGetContactGroups,
            Self::CreateGroup => PeopleMethod::CreateContactGroup,
            Self::GetGroup(_) => PeopleMethod::GetContactGroup,
            Self::UpdateGroup(_) => PeopleMethod::UpdateContactGroup,
            Self::DeleteGroup(_) => PeopleMethod::DeleteContactGroup,
            Self::ModifyMembers(_) => PeopleMethod::ModifyContactGroupMembers,
            Self::CreateContact => PeopleMethod::CreateContact,
            Self::BatchCreate => PeopleMethod::BatchCreateContacts,
            Self::UpdateContact(_) => PeopleMethod::UpdateContact,
            Self::BatchUpdate => PeopleMethod::BatchUpdateContacts,
            Self::DeleteContact(_) => PeopleMethod::DeleteContact,
            Self::BatchDelete => PeopleMethod::BatchDeleteContacts,
            Self::GetPerson(_) => PeopleMethod::GetPerson,
            Self::BatchGet => PeopleMethod::BatchGetPeople,
            Self::ListConnections => PeopleMethod::ListConnections,
        }
    }

    /// Query parameters the method takes (besides Google's system parameters).
    pub(super) fn parameters(&self) -> &'static [&'static str] {
        match self {
            Self::ListGroups => &["pageSize", "pageToken", "groupFields", "syncToken"],
            Self::BatchGetGroups => &["resourceNames", "maxMembers", "groupFields"],
            Self::GetGroup(_) => &["maxMembers", "groupFields"],
            Self::DeleteGroup(_) => &["deleteContacts"],
            Self::CreateContact => &["personFields", "sources"],
            Self::UpdateContact(_) => &["updatePersonFields", "personFields", "sources"],
            Self::GetPerson(_) => &["personFields", "requestMask.includeField", "sources"],
            Self::BatchGet => &[
                "resourceNames",
                "personFields",
                "requestMask.includeField",
                "sources",
            ],
            Self::ListConnections => &[
                "pageSize",
                "pageToken",
                "personFields",
                "requestMask.includeField",
                "sortOrder",
                "requestSyncToken",
                "syncToken",
                "sources",
            ],
            _ => &[],
        }
    }

    /// Top-level fields of the request body, or `None` when the body is a Person / ignored.
    fn body_fields(&self) -> Option<&'static [&'static str]> {
        match self {
            Self::CreateGroup => Some(&["contactGroup", "readGroupFields"]),
            Self::UpdateGroup(_) => Some(&["contactGroup", "updateGroupFields", "readGroupFields"]),
            Self::ModifyMembers(_) => Some(&["resourceNamesToAdd", "resourceNamesToRemove"]),
            Self::BatchCreate => Some(&["contacts", "readMask", "sources"]),
            Self::BatchUpdate => Some(&["contacts", "updateMask", "readMask", "sources"]),
            Self::BatchDelete => Some(&["resourceNames"]),
            _ => None,
        }
    }

    fn has_body(&self) -> bool {
        self.body_fields().is_some() || matches!(self, Self::CreateContact | Self::UpdateContact(_))
    }

    /// The contacts an update-type call targets, in the order it names them.
    pub(super) fn update_targets(&self, body: &Value) -> Vec<String> {
        match self {
            Self::UpdateContact(id) => vec![format!("people/{id}")],
            Self::BatchUpdate => body
                .get("contacts")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && !id.contains('/')
}

/// A request's query, names in camelCase (Google also binds snake_case names).
pub(super) struct Query(Vec<(String, String)>);

impl Query {
    pub(super) fn parse(raw: &str) -> Self {
        Self(
            url::form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .map(|(k, v)| (camel_case(&k), v))
                .collect(),
        )
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub(super) fn check(&self, allowed: &[&str]) -> Result<(), ApiError> {
        for (name, _) in &self.0 {
            if !allowed.contains(&name.as_str()) && !SYSTEM_PARAMETERS.contains(&name.as_str()) {
                return Err(ApiError::invalid(format!(
                    "Invalid JSON payload received. Unknown name \"{name}\": Cannot bind query \
                     parameter. Field '{name}' could not be found in request message."
                )));
            }
        }
        Ok(())
    }

    pub(super) fn number(&self, name: &str) -> Result<Option<usize>, ApiError> {
        self.get(name)
            .map(|v| {
                v.parse::<usize>().map_err(|_| {
                    ApiError::invalid(format!(
                        "Invalid value at '{}' (TYPE_INT32), \"{v}\"",
                        snake_case(name)
                    ))
                })
            })
            .transpose()
    }
}

fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Parses and checks a request body; an empty body is `{}`.
pub(super) fn parse_body(route: &Route, raw: &[u8]) -> Result<Value, ApiError> {
    if !route.has_body() {
        return Ok(Value::Null);
    }
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    let body: Value = serde_json::from_slice(raw).map_err(|e| {
        ApiError::invalid(format!(
            "Invalid JSON payload received. {e} (line {}, column {}).",
            e.line(),
            e.column()
        ))
    })?;
    let Some(object) = body.as_object() else {
        return Err(ApiError::invalid(
            "Invalid JSON payload received. Expected an object.",
        ));
    };
    if let Some(fields) = route.body_fields() {
        for key in object.keys() {
            if !fields.contains(&key.as_str()) {
                return Err(ApiError::invalid(format!(
                    "Invalid JSON payload received. Unknown name \"{key}\": Cannot find field."
                )));
            }
        }
    }
    Ok(body)
}

/// A field mask: comma-separated paths, each one of `valid` (a `person.` prefix is allowed).
pub(super) fn mask(
    raw: &str,
    valid: &[&'static str],
    parameter: &str,
) -> Result<Vec<&'static str>, ApiError> {
    let mut out = Vec::new();
    for path in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bare = path
            .strip_prefix("person.")
            .or_else(|| path.strip_prefix("contactGroup."))
            .unwrap_or(path);
        let Some(field) = valid.iter().find(|v| **v == bare) else {
            return Err(ApiError::invalid(format!(
                "Invalid {parameter} mask path: \"{path}\". Valid paths are documented at \
                 {MASK_DOCS}."
            )));
        };
        if !out.contains(field) {
            out.push(*field);
        }
    }
    Ok(out)
}

/// A required person mask from the query (`personFields`, or the older
/// `requestMask.includeField`).
pub(super) fn required_person_fields(query: &Query) -> Result<Vec<&'static str>, ApiError> {
    let raw = query
        .get("personFields")
        .or_else(|| query.get("requestMask.includeField"))
        .unwrap_or_default();
    let fields = mask(raw, &READABLE_FIELDS, "personFields")?;
    if fields.is_empty() {
        return Err(ApiError::invalid(format!(
            "personFields mask is required. Please specify one or more valid paths. Valid paths \
             are documented at {MASK_DOCS}."
        )));
    }
    Ok(fields)
}

/// An optional person mask; all readable fields when absent.
pub(super) fn optional_person_fields(raw: Option<&str>) -> Result<Vec<&'static str>, ApiError> {
    let fields = mask(raw.unwrap_or_default(), &READABLE_FIELDS, "personFields")?;
    Ok(if fields.is_empty() {
        READABLE_FIELDS.to_vec()
    } else {
        fields
    })
}

pub(super) fn group_fields(
    raw: Option<&str>,
    default: &[&'static str],
) -> Result<Vec<&'static str>, ApiError> {
    let fields = mask(raw.unwrap_or_default(), &GROUP_FIELDS, "groupFields")?;
    Ok(if fields.is_empty() {
        default.to_vec()
    } else {
        fields
    })
}

pub(super) fn page_size(query: &Query, default: usize) -> Result<usize, ApiError> {
    match query.number("pageSize")? {
        None | Some(0) => Ok(default),
        Some(n) if n <= MAX_PAGE_SIZE => Ok(n),
        Some(_) => Err(ApiError::invalid(format!(
            "pageSize must be between 1 and {MAX_PAGE_SIZE}."
        ))),
    }
}

pub(super) fn string_list(body: &Value, field: &str) -> Result<Vec<String>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str().map(str::to_owned).ok_or_else(|| {
                    ApiError::invalid(format!("Invalid value at '{field}', expected strings."))
                })
            })
            .collect(),
        Some(_) => Err(ApiError::invalid(format!(
            "Invalid value at '{field}', expected a list."
        ))),
    }
}

pub(super) fn body_str<'a>(body: &'a Value, field: &str) -> Option<&'a str> {
    body.get(field).and_then(Value::as_str)
}

/// `nextPageToken` for `kind` resuming after `last`; bound to the request's mask, as Google
/// requires later pages to repeat the first call's parameters.
pub(super) fn page_token(kind: &str, last: u64, binding: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}|{last}|{binding}"))
}

pub(super) fn read_page_token(
    token: Option<&str>,
    kind: &str,
    binding: &str,
) -> Result<Option<u64>, ApiError> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let invalid = || ApiError::invalid("Page token is invalid or does not match the request.");
    let raw = URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid)?;
    let mut parts = raw.splitn(3, '|');
    let (Some(k), Some(last), Some(b)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    if k != kind || b != binding {
        return Err(invalid());
    }
    last.parse().map(Some).map_err(|_| invalid())
}

/// Google's answer for a `syncToken`: sync tokens are not kept here, so every one has expired
/// and the client must run a full sync, as it must after seven days at Google.
pub(super) fn expired_sync_token() -> ApiError {
    ApiError::failed_precondition(
        "Sync token is expired. Clear local cache and retry call without the sync token.",
    )
    .with_detail(json!({
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "EXPIRED_SYNC_TOKEN",
        "domain": "people.googleapis.com",
    }))
}
