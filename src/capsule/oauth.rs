//! Capsule's OAuth 2 flow for a registered application (`CAPSULE_CLIENT_ID`/`_SECRET`): only
//! such an application may subscribe REST hooks, which make updates instant.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;
use uuid::Uuid;

use crate::sealed::{KeyRing, SealError, Sealed};

use super::{CapsuleApi, CapsuleError};

/// The registered application.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    /// Capsule's `/oauth/` base (`https://api.capsulecrm.com/oauth/`).
    pub base: Url,
    /// The application's client id.
    pub client_id: String,
    /// Its secret.
    pub client_secret: SecretString,
}

/// What a feed holds to call Capsule: a personal token, or OAuth tokens.
#[derive(Serialize, Deserialize)]
pub struct Credentials {
    /// The bearer token.
    pub access: String,
    /// For OAuth: what gets a new access token when the old one expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(..)")
    }
}

impl Credentials {
    /// Sealed for the feed of `label` (the label id binds them to that row).
    pub fn seal(&self, keys: &KeyRing, label: Uuid) -> Result<Sealed, SealError> {
        let plain = serde_json::to_vec(self).map_err(|_| SealError::Corrupt)?;
        keys.seal(&plain, label.as_bytes())
    }

    /// The feed of `label`'s credentials, opened.
    pub fn open(keys: &KeyRing, sealed: &Sealed, label: Uuid) -> Result<Self, SealError> {
        serde_json::from_slice(&keys.open(sealed, label.as_bytes())?)
            .map_err(|_| SealError::Corrupt)
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
}

impl OAuthApp {
    /// Where the owner's browser goes to allow Sharebook to read their Capsule account.
    pub fn authorise_url(&self, redirect: &str, state: &str) -> Result<Url, CapsuleError> {
        let mut url = self
            .base
            .join("authorise")
            .map_err(|e| CapsuleError::Decode(e.to_string()))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", redirect)
            // Reading is all the feed does; hooks are managed with the same grant.
            .append_pair("scope", "read")
            .append_pair("state", state);
        Ok(url)
    }

    /// Trades the code Capsule sent back for tokens.
    pub async fn exchange(
        &self,
        api: &CapsuleApi,
        code: &str,
        redirect: &str,
    ) -> Result<Credentials, CapsuleError> {
        self.token(
            api,
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect),
            ],
        )
        .await
    }

    /// A new access token; the refresh token is kept unless Capsule sends another.
    pub async fn refresh(
        &self,
        api: &CapsuleApi,
        refresh: &str,
    ) -> Result<Credentials, CapsuleError> {
        let mut fresh = self
            .token(
                api,
                &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
            )
            .await?;
        if fresh.refresh.is_none() {
            fresh.refresh = Some(refresh.to_owned());
        }
        Ok(fresh)
    }

    async fn token(
        &self,
        api: &CapsuleApi,
        form: &[(&str, &str)],
    ) -> Result<Credentials, CapsuleError> {
        let url = self
            .base
            .join("token")
            .map_err(|e| CapsuleError::Decode(e.to_string()))?;
        let mut fields = form.to_vec();
        fields.push(("client_id", &self.client_id));
        fields.push(("client_secret", self.client_secret.expose_secret()));
        let response = api
            .http()
            .post(url)
            .header("Accept", "application/json")
            .form(&fields)
            .send()
            .await
            .map_err(CapsuleError::from_transport)?;
        let status = response.status();
        if status.is_server_error() {
            return Err(CapsuleError::Unavailable(status.to_string()));
        }
        if !status.is_success() {
            // An unknown, used or expired code, or a revoked refresh token.
            return Err(CapsuleError::Unauthorized);
        }
        let answer: TokenAnswer = response
            .json()
            .await
            .map_err(|e| CapsuleError::Decode(e.without_url().to_string()))?;
        Ok(Credentials {
            access: answer.access_token,
            refresh: answer.refresh_token,
        })
    }
}
