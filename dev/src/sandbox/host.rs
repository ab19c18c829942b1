//! Plays Google's side of the add-on protocol: builds event objects the way Gmail does and POSTs
//! them with freshly signed tokens, so the server's real verification runs on every call.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::issuer::{Issuer, SandboxUser};
use sharebook::auth::scopes;
use sharebook::config::PublicUrl;

/// Every scope in the deployment manifest, as granted by a user who accepted them all.
pub const ALL_SCOPES: [&str; 5] = [
    scopes::GMAIL_EXECUTE,
    scopes::GMAIL_MESSAGE_METADATA,
    scopes::GMAIL_COMPOSE,
    scopes::USERINFO_EMAIL,
    scopes::LOCALE,
];

/// The Google side of a deployment: who signs, for which URL, service account and client.
#[derive(Clone)]
pub struct GoogleHost {
    /// Token issuer.
    pub issuer: Arc<Issuer>,
    /// Where the add-on is deployed.
    pub public_url: PublicUrl,
    /// The deployment's service account.
    pub service_account_email: String,
    /// The deployment's OAuth client id.
    pub client_id: String,
    http: reqwest::Client,
}

/// What the user did that makes Gmail call the add-on.
#[derive(Debug, Clone, Default)]
pub struct Interaction {
    /// Values of form widgets, by widget name.
    pub form_inputs: HashMap<String, Vec<String>>,
    /// Action parameters.
    pub parameters: HashMap<String, String>,
    /// Open message, for the contextual trigger and actions on its cards.
    pub message_id: Option<String>,
    /// The user's locale (`userLocale`), `en-GB` when not set.
    pub locale: Option<String>,
}

impl GoogleHost {
    /// A host for one deployment.
    pub fn new(
        issuer: Arc<Issuer>,
        public_url: PublicUrl,
        service_account_email: &str,
        client_id: &str,
    ) -> Self {
        Self {
            issuer,
            public_url,
            service_account_email: service_account_email.to_owned(),
            client_id: client_id.to_owned(),
            http: reqwest::Client::new(),
        }
    }

    /// The event object Gmail would send for `user` doing `interaction`.
    pub fn event(&self, user: &SandboxUser, interaction: &Interaction) -> anyhow::Result<Value> {
        let form_inputs: serde_json::Map<String, Value> = interaction
            .form_inputs
            .iter()
            .map(|(k, v)| (k.clone(), json!({ "stringInputs": { "value": v } })))
            .collect();
        let mut common = json!({
            "hostApp": "GMAIL", "platform": "WEB", "userLocale": "en-GB",
            "timeZone": { "id": "Europe/London", "offset": 0 },
        });
        if let Some(map) = common.as_object_mut() {
            if let Some(locale) = &interaction.locale {
                map.insert("userLocale".into(), json!(locale));
            }
            if !form_inputs.is_empty() {
                map.insert("formInputs".into(), Value::Object(form_inputs));
            }
            if !interaction.parameters.is_empty() {
                map.insert("parameters".into(), json!(interaction.parameters));
            }
        }
        let mut event = json!({
            "commonEventObject": common,
            "authorizationEventObject": {
                "userOAuthToken": format!("ya29.sandbox-{}", user.sub()),
                "userIdToken": self.issuer.user_token(&self.client_id, user)?,
                "authorizedScopes": ALL_SCOPES,
            },
        });
        if let (Some(message_id), Some(map)) = (&interaction.message_id, event.as_object_mut()) {
            map.insert(
                "gmail".into(),
                json!({ "messageId": message_id, "threadId": format!("thread-{message_id}"),
                        "accessToken": format!("gmail-sandbox-{message_id}") }),
            );
        }
        Ok(event)
    }

    /// POSTs `event` to `url` (a full URL under the public URL) with a system token for that URL.
    pub async fn post(&self, url: &str, event: &Value) -> anyhow::Result<reqwest::Response> {
        let token = self.issuer.system_token(url, &self.service_account_email)?;
        Ok(self
            .http
            .post(url)
            .bearer_auth(token)
            .json(event)
            .send()
            .await?)
    }

    /// Fires the trigger or action at `path` as `user` and returns Google's view of the answer.
    pub async fn invoke(
        &self,
        path: &str,
        user: &SandboxUser,
        interaction: &Interaction,
    ) -> anyhow::Result<(u16, Value)> {
        let event = self.event(user, interaction)?;
        let response = self.post(&self.public_url.url_for(path), &event).await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok((status, body))
    }
}
