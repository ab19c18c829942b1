//! The Google Workspace Marketplace API's `customerLicense.get`.
//!
//! It says whether a domain's admin installed Sharebook for the whole domain. There is no install
//! webhook, so a domain is asked about at its first request (google-addon-protocol.md §6).
//!
//! See <https://developers.google.com/workspace/marketplace/reference/rest/v2/customerLicense/get>.

use std::sync::Arc;

use secrecy::ExposeSecret;
use serde::Deserialize;
use url::Url;

use super::service_account::{TokenError, TokenSource};

/// The scope the license API needs; the application's own service account holds it (no
/// customer grants it).
pub const LICENSE_SCOPE: &str = "https://www.googleapis.com/auth/appsmarketplace.license";

/// Why a license could not be read. Never carries a token.
#[derive(Debug, thiserror::Error)]
pub enum MarketplaceError {
    /// No token for the service account.
    #[error("no token for the Marketplace API")]
    Token(#[source] TokenError),
    /// Refused (401/403): the service account may not read this application's licenses.
    #[error("the Marketplace API refused access")]
    Forbidden,
    /// Rate-limited, failing or unreachable.
    #[error("the Marketplace API is unavailable")]
    Unavailable(#[source] Option<reqwest::Error>),
    /// Anything else.
    #[error("unexpected answer from the Marketplace API (HTTP {0})")]
    Unexpected(u16),
    /// The base URL cannot take a path.
    #[error("the Marketplace API base URL is not usable")]
    InvalidBaseUrl,
}

/// A customer's license, as `CustomerLicense.state` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerLicense {
    /// Installed for the domain by an admin.
    Active,
    /// Never installed domain-wide, or uninstalled.
    Unlicensed,
}

#[derive(Deserialize)]
struct LicenseResource {
    #[serde(default)]
    state: String,
}

/// Reads customer licenses of one Marketplace application.
pub struct MarketplaceLicenses {
    base: Url,
    http: reqwest::Client,
    tokens: Arc<TokenSource>,
    application_id: String,
}

impl std::fmt::Debug for MarketplaceLicenses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarketplaceLicenses")
            .field("base", &self.base.as_str())
            .field("application_id", &self.application_id)
            .finish_non_exhaustive()
    }
}

impl MarketplaceLicenses {
    /// A client for application `application_id` (the Cloud project number) at `base`.
    pub fn new(
        base: Url,
        http: reqwest::Client,
        tokens: Arc<TokenSource>,
        application_id: String,
    ) -> Self {
        Self {
            base,
            http,
            tokens,
            application_id,
        }
    }

    /// The license of the customer `domain`. A 404 (no record of the customer) is
    /// [`CustomerLicense::Unlicensed`].
    pub async fn customer_license(
        &self,
        domain: &str,
    ) -> Result<CustomerLicense, MarketplaceError> {
        let token = self
            .tokens
            .own_access_token(&[LICENSE_SCOPE])
            .await
            .map_err(MarketplaceError::Token)?;
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| MarketplaceError::InvalidBaseUrl)?
            .pop_if_empty()
            .extend([
                "appsmarket",
                "v2",
                "customerLicense",
                &self.application_id,
                &domain.trim().to_lowercase(),
            ]);
        let response = self
            .http
            .get(url)
            .bearer_auth(token.expose_secret())
            .send()
            .await
            .map_err(|e| MarketplaceError::Unavailable(Some(e)))?;
        match response.status().as_u16() {
            200..=299 => {}
            404 => return Ok(CustomerLicense::Unlicensed),
            401 | 403 => return Err(MarketplaceError::Forbidden),
            429 | 500..=599 => return Err(MarketplaceError::Unavailable(None)),
            other => return Err(MarketplaceError::Unexpected(other)),
        }
        let body: LicenseResource = response
            .json()
            .await
            .map_err(|e| MarketplaceError::Unavailable(Some(e)))?;
        Ok(if body.state.eq_ignore_ascii_case("ACTIVE") {
            CustomerLicense::Active
        } else {
            CustomerLicense::Unlicensed
        })
    }
}
