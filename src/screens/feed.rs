//! Connecting and disconnecting a CRM feed.
//!
//! Shared by the feed's routes, the OAuth callback and label deletion: the secrets of its URLs, checking credentials with Capsule before they are
//! sealed and stored, and removing its REST hooks.

use secrecy::SecretString;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::capsule::CapsuleError;
use crate::capsule::oauth::Credentials;
use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::storage::feeds::{self, AuthKind, Connection};
use crate::storage::labels::LabelView;
use crate::storage::policies;

/// SHA-256, as secrets are looked up by (the hook URL's, the OAuth state's).
pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// A fresh unguessable secret for a URL (256 bits, URL-safe).
pub fn url_secret() -> String {
    use base64::Engine as _;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Where Capsule sends the owner back after OAuth.
pub fn oauth_redirect(state: &AppState) -> String {
    state
        .config
        .public_url
        .url_for(crate::routes::CAPSULE_OAUTH_CALLBACK)
}

/// Checks `creds` with Capsule (`/users/current`, `/site`, the tags), then stores them sealed for
/// the label. Returns the account's name and tags, or why Capsule refused.
pub async fn store(
    state: &AppState,
    label: &LabelView,
    who: &Principal,
    creds: Credentials,
    auth: AuthKind,
) -> Result<Result<(String, Vec<String>), CapsuleError>, ApiError> {
    let keys = state
        .config
        .common
        .crm
        .keys
        .as_ref()
        .ok_or(ApiError::NotFound)?;
    // The domain's policy, at the moment of connecting (the card offers no form when it refuses).
    let client = state.pool.get().await?;
    let (_, policy) = policies::for_label(&client, label.id).await?;
    drop(client);
    policy.check_feed().map_err(|_| ApiError::NotFound)?;
    let mut session = state
        .capsule
        .session(SecretString::from(creds.access.clone()));
    let checked = async {
        let user = session.current_user().await?;
        let site = session.site().await?;
        let tags = session.tags().await?;
        Ok::<_, CapsuleError>((user, site, tags))
    }
    .await;
    let (user, site, tags) = match checked {
        Ok(found) => found,
        Err(e) => return Ok(Err(e)),
    };
    let sealed = creds
        .seal(keys, label.id)
        .map_err(|e| ApiError::Unexpected(anyhow::Error::new(e)))?;
    let account_user = if user.username.is_empty() {
        user.name.clone()
    } else {
        format!("{} ({})", user.name, user.username)
    };
    let client = state.pool.get().await?;
    feeds::connect(
        &client,
        label.id,
        who,
        &Connection {
            account_name: &site.name,
            account_url: &site.url,
            account_user: &account_user,
            auth,
            sealed: &sealed,
        },
    )
    .await?
    .ok_or(ApiError::NotFound)?;
    Ok(Ok((site.name, tags)))
}

/// Removes the feed's REST hooks in Capsule, best effort: the feed is gone already, and a
/// delivery for it now finds no feed and is ignored.
pub async fn unsubscribe(
    state: &AppState,
    label: Uuid,
    sealed: &crate::sealed::Sealed,
    hooks: &[i64],
) {
    let Some(keys) = &state.config.common.crm.keys else {
        return;
    };
    let Ok(creds) = Credentials::open(keys, sealed, label) else {
        return;
    };
    let mut session = state.capsule.session(SecretString::from(creds.access));
    for id in hooks {
        if let Err(e) = session.unsubscribe(*id).await {
            tracing::warn!(error = %e, "could not remove a Capsule REST hook");
        }
    }
}
