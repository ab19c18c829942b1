//! Everything that talks to Capsule CRM (the first CRM a label can be fed from); no actix here.

pub mod client;
pub mod oauth;
pub mod party;

use chrono::{DateTime, Utc};

pub use self::client::{CapsuleApi, Session};

/// Why a Capsule call failed, in the terms the feed acts on.
#[derive(Debug, thiserror::Error)]
pub enum CapsuleError {
    /// 401: the token is invalid, expired or revoked.
    #[error("Capsule refused the token (401)")]
    Unauthorized,
    /// 403: the token may not do this (a personal token managing hooks, a non-admin user).
    #[error("Capsule refused access (403): {0}")]
    Forbidden(String),
    /// 404.
    #[error("not found in Capsule (404)")]
    NotFound,
    /// 429, or the feed's own pacing: nothing more until `reset`.
    #[error("Capsule's hourly request limit is reached until {reset}")]
    RateLimited {
        /// When the window resets (`X-RateLimit-Reset`).
        reset: DateTime<Utc>,
    },
    /// 5xx, a timeout or no connection: worth trying again later.
    #[error("Capsule is unavailable: {0}")]
    Unavailable(String),
    /// Another 4xx.
    #[error("Capsule refused the request ({status}): {message}")]
    Refused {
        /// The status.
        status: u16,
        /// Capsule's message.
        message: String,
    },
    /// An answer that does not read as documented.
    #[error("unexpected answer from Capsule: {0}")]
    Decode(String),
}

impl CapsuleError {
    fn from_transport(e: reqwest::Error) -> Self {
        // Never the URL (it holds no secret, but the message need not either).
        let e = e.without_url();
        let kind = if e.is_timeout() {
            "timed out"
        } else if e.is_connect() {
            "no connection"
        } else {
            "transport error"
        };
        CapsuleError::Unavailable(format!("{kind}: {e}"))
    }

    /// Whether the credentials are at fault: the feed pauses until the owner reconnects.
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            CapsuleError::Unauthorized | CapsuleError::Forbidden(_)
        )
    }
}
