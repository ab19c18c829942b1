//! Sending an email as a user through the Gmail API (`users.messages.send`).
//!
//! The token is the service account's for that user, by domain-wide delegation: the email comes
//! from the colleague whose action it tells of, as Google Docs' sharing emails do.
//!
//! See <https://developers.google.com/gmail/api/reference/rest/v1/users.messages/send>.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE;
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use url::Url;

use super::service_account::TokenSource;

/// The one scope sending needs (granted to the service account in the domain's delegation).
pub const GMAIL_SEND_SCOPE: &str = "https://www.googleapis.com/auth/gmail.send";

/// Why a send failed. Never carries a token or the message.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// No token for the user: delegation not granted for `gmail.send`, or the account is gone.
    #[error("no Gmail token for the sender: {0}")]
    Token(String),
    /// Google refused the sender (401/403): the scope is missing or the account is suspended.
    #[error("Gmail refused to send as this user (HTTP {0})")]
    Refused(u16),
    /// Rate-limited (429), failing (5xx), slow or unreachable: worth retrying.
    #[error("Gmail is unavailable{}", .0.as_ref().map(|e| format!(": {e}")).unwrap_or_default())]
    Unavailable(#[source] Option<reqwest::Error>),
    /// Rate-limited (429) or failing (5xx): worth retrying.
    #[error("Gmail answered HTTP {0}; trying again later")]
    Busy(u16),
    /// Another answer (400: the message itself was refused).
    #[error("Gmail refused the message (HTTP {0})")]
    Rejected(u16),
}

impl SendError {
    /// Whether trying again later may succeed (everything but a refused message).
    pub fn is_retryable(&self) -> bool {
        !matches!(self, SendError::Rejected(_))
    }
}

/// Sends messages as users of the domain.
#[derive(Debug, Clone)]
pub struct GmailSender {
    base: Url,
    http: reqwest::Client,
    tokens: Arc<TokenSource>,
}

impl GmailSender {
    /// A sender against the Gmail API at `base`.
    pub fn new(base: Url, http: reqwest::Client, tokens: Arc<TokenSource>) -> Self {
        Self { base, http, tokens }
    }

    /// Sends `message` (RFC 5322, its `From` being `user`) as `user`; Gmail's message id.
    pub async fn send(&self, user: &str, message: &[u8]) -> Result<String, SendError> {
        let token = self
            .tokens
            .access_token(user, &[GMAIL_SEND_SCOPE])
            .await
            .map_err(|e| SendError::Token(e.to_string()))?;
        let url = self
            .base
            .join("gmail/v1/users/me/messages/send")
            .map_err(|_| SendError::Rejected(0))?;
        let body = serde_json::json!({ "raw": URL_SAFE.encode(message) });
        let post = || {
            self.http
                .post(url.clone())
                .bearer_auth(token.expose_secret())
                .json(&body)
                .send()
        };
        let response = match post().await {
            Ok(r) => r,
            // A pooled connection the server had just closed fails before anything was sent
            // (reqwest retries that only for idempotent methods): once more, on a new one. A
            // timeout is not retried here: Gmail may have taken the message.
            Err(e) if (e.is_connect() || e.is_request()) && !e.is_timeout() => {
                tracing::debug!(error = %e, "Gmail send failed before an answer; once more");
                post().await.map_err(|e| SendError::Unavailable(Some(e)))?
            }
            Err(e) => return Err(SendError::Unavailable(Some(e))),
        };
        let status = response.status();
        match status {
            s if s.is_success() => {
                #[derive(serde::Deserialize)]
                struct Sent {
                    id: String,
                }
                let sent: Sent = response
                    .json()
                    .await
                    .map_err(|e| SendError::Unavailable(Some(e)))?;
                Ok(sent.id)
            }
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                Err(SendError::Refused(status.as_u16()))
            }
            StatusCode::TOO_MANY_REQUESTS => Err(SendError::Busy(status.as_u16())),
            s if s.is_server_error() => Err(SendError::Busy(s.as_u16())),
            s => Err(SendError::Rejected(s.as_u16())),
        }
    }
}
