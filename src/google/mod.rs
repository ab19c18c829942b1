//! Everything that talks to or about Google; no actix types here.

pub mod directory;
pub mod directory_users;
pub mod gmail;
pub mod gmail_send;
pub mod id_token;
pub mod keys;
pub mod marketplace;
pub mod people;
pub mod service_account;

use std::time::Duration;

/// The HTTP client used for every call to Google, with timeouts so a slow Google never hangs a request.
pub fn http_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(3))
        .timeout(Duration::from_secs(10))
        .user_agent(concat!("sharebook/", env!("CARGO_PKG_VERSION")))
        .build()
}
