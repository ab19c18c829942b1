//! Stand-in for the Gmail API's `users.messages.get` as an add-on calls it: the user's OAuth
//! token plus the per-message `X-Goog-Gmail-Access-Token`, answered with Google's shapes.
//!
//! It also lists a mailbox, for the sandbox page's simulated inbox, and accepts
//! `users.messages.send` with a delegated token carrying `gmail.send`, delivering into the
//! recipients' stand-in mailboxes (so an invitation shows up in the invited user's inbox).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::issuer::SandboxUser;
use sharebook::google::gmail::GMAIL_ACCESS_TOKEN_HEADER;

/// Route of `users.messages.get`.
pub const MESSAGE_PATH: &str = "/gmail/v1/users/{user_id}/messages/{id}";
/// Prefix of the user OAuth tokens the sandbox host puts in events.
const USER_TOKEN_PREFIX: &str = "ya29.sandbox-";

/// The `userOAuthToken` the sandbox host sends for `email`.
pub fn user_oauth_token(email: &str) -> String {
    format!("{USER_TOKEN_PREFIX}{}", SandboxUser::workspace(email).sub())
}

/// The `gmail.accessToken` the sandbox host sends for `message_id`.
pub fn gmail_access_token(message_id: &str) -> String {
    format!("gmail-sandbox-{message_id}")
}

struct StoredMessage {
    thread_id: String,
    headers: Vec<(String, String)>,
    snippet: String,
    /// Arrival order, so a mailbox lists newest first like Gmail.
    seq: u64,
}

/// One message of a mailbox as the sandbox page's inbox shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageSummary {
    /// Gmail message id (what the contextual trigger carries).
    pub id: String,
    /// Its thread.
    pub thread_id: String,
    /// Raw headers (name, value), in the order given.
    pub headers: Vec<(String, String)>,
    /// The start of the body, as Gmail's `snippet`.
    pub snippet: String,
}

/// A message `users.messages.send` accepted, as delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    /// The authenticated sender (Gmail puts them in `From`).
    pub from: String,
    /// Every recipient (To, Cc, Bcc), lower-cased.
    pub to: Vec<String>,
    /// The decoded subject.
    pub subject: String,
    /// The `Message-ID` header.
    pub message_id: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// Largest `raw` message Gmail accepts through this call (35 MB).
const MAX_RAW_BYTES: usize = 35 * 1024 * 1024;

/// Messages by (owner's account id, message id), plus knobs for latency and failures.
#[derive(Default)]
pub struct GmailStandIn {
    messages: RwLock<HashMap<(String, String), StoredMessage>>,
    sent: Mutex<Vec<SentMail>>,
    arrivals: AtomicU64,
    delay_ms: AtomicU64,
    requests: AtomicUsize,
    failures: Mutex<VecDeque<u16>>,
}

impl GmailStandIn {
    /// An empty mail store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts a message with these raw headers (name, value) in `owner_email`'s mailbox.
    pub fn add_message(
        &self,
        owner_email: &str,
        message_id: &str,
        thread_id: &str,
        headers: Vec<(String, String)>,
    ) {
        self.add_message_with_snippet(owner_email, message_id, thread_id, headers, "");
    }

    /// Like [`Self::add_message`], with the body's start that Gmail returns as `snippet` (the
    /// sandbox page shows it in the inbox and reading pane).
    pub fn add_message_with_snippet(
        &self,
        owner_email: &str,
        message_id: &str,
        thread_id: &str,
        headers: Vec<(String, String)>,
        snippet: &str,
    ) {
        let seq = self.arrivals.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut messages) = self.messages.write() {
            messages.insert(
                (
                    SandboxUser::workspace(owner_email).sub(),
                    message_id.to_owned(),
                ),
                StoredMessage {
                    thread_id: thread_id.to_owned(),
                    headers,
                    snippet: snippet.to_owned(),
                    seq,
                },
            );
        }
    }

    /// `owner_email`'s mailbox, newest first (the last added is the newest, as it arrived last).
    pub fn list_messages(&self, owner_email: &str) -> Vec<MessageSummary> {
        let sub = SandboxUser::workspace(owner_email).sub();
        let Ok(messages) = self.messages.read() else {
            return Vec::new();
        };
        let mut mine: Vec<(u64, MessageSummary)> = messages
            .iter()
            .filter(|((owner, _), _)| *owner == sub)
            .map(|((_, id), m)| {
                (
                    m.seq,
                    MessageSummary {
                        id: id.clone(),
                        thread_id: m.thread_id.clone(),
                        headers: m.headers.clone(),
                        snippet: m.snippet.clone(),
                    },
                )
            })
            .collect();
        mine.sort_by_key(|m| std::cmp::Reverse(m.0));
        mine.into_iter().map(|(_, m)| m).collect()
    }

    /// Every message sent through `users.messages.send`, oldest first.
    pub fn sent(&self) -> Vec<SentMail> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Makes every call wait `delay` before answering.
    pub fn set_delay(&self, delay: Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.delay_ms.store(ms, Ordering::SeqCst);
    }

    /// Makes the next call fail with `status` (queued: call again for more failures).
    pub fn fail_next(&self, status: u16) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.push_back(status);
        }
    }

    /// How many calls were received.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The failure queued by [`Self::fail_next`], if any, as Google answers it.
    fn take_failure(&self) -> Option<HttpResponse> {
        let status = self
            .failures
            .lock()
            .ok()
            .and_then(|mut f| f.pop_front())
            .and_then(|s| StatusCode::from_u16(s).ok())?;
        Some(google_error(status, "Backend Error", "backendError"))
    }

    fn answer(&self, req: &HttpRequest, user_id: &str, message_id: &str) -> HttpResponse {
        if let Some(failure) = self.take_failure() {
            return failure;
        }
        let Some(sub) = bearer(req).and_then(|t| t.strip_prefix(USER_TOKEN_PREFIX)) else {
            return unauthenticated();
        };
        if sub.is_empty() {
            return unauthenticated();
        }
        if user_id != "me" && SandboxUser::workspace(user_id).sub() != sub {
            return google_error(
                StatusCode::FORBIDDEN,
                "Delegation denied for the requested user",
                "forbidden",
            );
        }
        let gmail_token = req
            .headers()
            .get(GMAIL_ACCESS_TOKEN_HEADER)
            .and_then(|v| v.to_str().ok());
        if gmail_token != Some(gmail_access_token(message_id).as_str()) {
            return insufficient_permission("Request had insufficient authentication scopes.");
        }
        let query: Vec<(String, String)> =
            url::form_urlencoded::parse(req.query_string().as_bytes())
                .into_owned()
                .collect();
        let format = query
            .iter()
            .find(|(k, _)| k == "format")
            .map_or("full".to_owned(), |(_, v)| v.to_lowercase());
        match format.as_str() {
            "metadata" | "minimal" => {}
            "full" | "raw" => {
                // The add-on scope is metadata-only, as with gmail.metadata.
                return insufficient_permission(&format!(
                    "Metadata scope doesn't allow format {}",
                    format.to_uppercase()
                ));
            }
            _ => {
                return google_error(
                    StatusCode::BAD_REQUEST,
                    &format!("Invalid value at 'format' ({format})"),
                    "invalid",
                );
            }
        }
        let wanted: Vec<&str> = query
            .iter()
            .filter(|(k, _)| k == "metadataHeaders")
            .map(|(_, v)| v.as_str())
            .collect();
        let Ok(messages) = self.messages.read() else {
            return google_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Backend Error",
                "backendError",
            );
        };
        let Some(message) = messages.get(&(sub.to_owned(), message_id.to_owned())) else {
            return google_error(
                StatusCode::NOT_FOUND,
                "Requested entity was not found.",
                "notFound",
            );
        };
        HttpResponse::Ok().json(resource(message_id, message, &format, &wanted))
    }
}

/// The message resource in `format`, with only the `wanted` headers (all when none are named).
fn resource(id: &str, message: &StoredMessage, format: &str, wanted: &[&str]) -> Value {
    let size: usize = message
        .headers
        .iter()
        .map(|(n, v)| n.len() + v.len() + 4)
        .sum();
    let mut body = json!({
        "id": id, "threadId": message.thread_id, "labelIds": ["INBOX"],
        "snippet": message.snippet, "sizeEstimate": size,
    });
    if format == "metadata"
        && let Some(map) = body.as_object_mut()
    {
        let headers: Vec<Value> = message
            .headers
            .iter()
            .filter(|(name, _)| {
                wanted.is_empty() || wanted.iter().any(|w| w.eq_ignore_ascii_case(name))
            })
            .map(|(name, value)| json!({ "name": name, "value": value }))
            .collect();
        map.insert(
            "payload".into(),
            json!({ "mimeType": "multipart/alternative", "headers": headers }),
        );
    }
    body
}

/// The token of an `Authorization: Bearer` header.
pub(crate) fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get("Authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Google's error body for `status`, with one `errors[]` entry of `reason`.
pub(crate) fn google_error(status: StatusCode, message: &str, reason: &str) -> HttpResponse {
    let canonical = match status.as_u16() {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        503 => "UNAVAILABLE",
        _ => "INTERNAL",
    };
    HttpResponse::build(status).json(json!({ "error": {
        "code": status.as_u16(), "message": message,
        "errors": [{ "message": message, "domain": "global", "reason": reason }],
        "status": canonical,
    }}))
}

/// Google's 401 for a missing or unknown token.
pub(crate) fn unauthenticated() -> HttpResponse {
    let mut response = google_error(
        StatusCode::UNAUTHORIZED,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login \
         cookie or other valid authentication credential. See \
         https://developers.google.com/identity/sign-in/web/devconsole-project.",
        "authError",
    );
    if let Ok(value) = "Bearer realm=\"https://accounts.google.com/\"".parse() {
        response
            .headers_mut()
            .insert(actix_web::http::header::WWW_AUTHENTICATE, value);
    }
    response
}

/// Google's 403 for a token that does not allow this call.
pub(crate) fn insufficient_permission(message: &str) -> HttpResponse {
    google_error(StatusCode::FORBIDDEN, message, "insufficientPermissions")
}

/// Mounts `GET /gmail/v1/users/{user_id}/messages/{id}` and
/// `POST /gmail/v1/users/{user_id}/messages/send`; needs `web::Data<GmailStandIn>` and the
/// token endpoint's `web::Data<TokenEndpoint>`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(SEND_PATH, web::post().to(send_message))
        .route(MESSAGE_PATH, web::get().to(get_message));
}

/// Route of `users.messages.send`.
pub const SEND_PATH: &str = "/gmail/v1/users/{user_id}/messages/send";

#[derive(serde::Deserialize)]
struct SendBody {
    raw: Option<String>,
}

async fn send_message(
    state: web::Data<GmailStandIn>,
    tokens: web::Data<super::token::TokenEndpoint>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    use base64::Engine;
    state.requests.fetch_add(1, Ordering::SeqCst);
    if let Some(failure) = state.take_failure() {
        return failure;
    }
    let Some(info) = bearer(&req).and_then(|t| tokens.token_info(t)) else {
        return unauthenticated();
    };
    if !info
        .scopes
        .iter()
        .any(|s| s == sharebook::google::gmail_send::GMAIL_SEND_SCOPE)
    {
        return insufficient_permission("Request had insufficient authentication scopes.");
    }
    let user_id = path.into_inner();
    if user_id != "me" && !user_id.eq_ignore_ascii_case(&info.subject) {
        return google_error(
            StatusCode::FORBIDDEN,
            "Delegation denied for the requested user",
            "forbidden",
        );
    }
    if body.len() > MAX_RAW_BYTES * 4 / 3 + 1024 {
        return google_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request too large",
            "uploadTooLarge",
        );
    }
    let Some(raw) = serde_json::from_slice::<SendBody>(&body)
        .ok()
        .and_then(|b| b.raw)
    else {
        return google_error(
            StatusCode::BAD_REQUEST,
            "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
            "invalidArgument",
        );
    };
    let trimmed = raw.trim_end_matches('=');
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(trimmed) else {
        return google_error(
            StatusCode::BAD_REQUEST,
            "Invalid value for ByteString",
            "invalid",
        );
    };
    let Ok(parsed) = mailparse::parse_mail(&bytes) else {
        return google_error(
            StatusCode::BAD_REQUEST,
            "Invalid RFC 822 message",
            "invalidArgument",
        );
    };
    use mailparse::MailHeaderMap;
    let header = |name: &str| parsed.headers.get_first_value(name).unwrap_or_default();
    let mut to = Vec::new();
    for name in ["To", "Cc", "Bcc"] {
        for h in parsed.headers.get_all_headers(name) {
            if let Ok(list) = mailparse::addrparse_header(h) {
                for addr in list.iter() {
                    match addr {
                        mailparse::MailAddr::Single(s) => to.push(s.addr.to_lowercase()),
                        mailparse::MailAddr::Group(g) => {
                            to.extend(g.addrs.iter().map(|s| s.addr.to_lowercase()))
                        }
                    }
                }
            }
        }
    }
    if to.is_empty() {
        return google_error(
            StatusCode::BAD_REQUEST,
            "Recipient address required",
            "invalidArgument",
        );
    }
    let part = |mime: &str| {
        parsed
            .subparts
            .iter()
            .find(|p| p.ctype.mimetype == mime)
            .or((parsed.ctype.mimetype == mime).then_some(&parsed))
            .and_then(|p| p.get_body().ok())
            .unwrap_or_default()
    };
    // Gmail sends as the authenticated user whatever `From` says (unless it is one of their
    // verified aliases, which the stand-in has none of).
    let mail = SentMail {
        from: info.subject.to_lowercase(),
        to: to.clone(),
        subject: header("Subject"),
        message_id: header("Message-ID"),
        text: part("text/plain"),
        html: part("text/html"),
    };
    let id = format!("sent-{}", state.arrivals.fetch_add(1, Ordering::SeqCst));
    for recipient in &to {
        // Gmail keeps one message of those sharing a Message-ID in a mailbox.
        let duplicate = state.list_messages(recipient).iter().any(|m| {
            m.headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("Message-ID") && *v == mail.message_id)
        });
        if duplicate {
            continue;
        }
        state.add_message_with_snippet(
            recipient,
            &format!("{id}-{recipient}"),
            &id,
            vec![
                ("From".to_owned(), mail.from.clone()),
                ("To".to_owned(), header("To")),
                ("Subject".to_owned(), mail.subject.clone()),
                ("Message-ID".to_owned(), mail.message_id.clone()),
                ("Date".to_owned(), chrono::Utc::now().to_rfc2822()),
            ],
            &mail.text.chars().take(200).collect::<String>(),
        );
    }
    if let Ok(mut sent) = state.sent.lock() {
        sent.push(mail);
    }
    HttpResponse::Ok().json(json!({ "id": id, "threadId": id, "labelIds": ["SENT"] }))
}

async fn get_message(
    state: web::Data<GmailStandIn>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    state.requests.fetch_add(1, Ordering::SeqCst);
    let delay = state.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let (user_id, message_id) = path.into_inner();
    state.answer(&req, &user_id, &message_id)
}
