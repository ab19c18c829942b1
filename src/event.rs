//! Serde types for the add-on event object Google POSTs to every trigger and action.
//!
//! Everything is optional and unknown fields are ignored: Google adds fields over time, and
//! numbers sometimes arrive as strings. See
//! <https://developers.google.com/workspace/add-ons/concepts/event-objects>.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer, Serialize};

/// The whole event object.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Host-independent fields.
    #[serde(default)]
    pub common_event_object: CommonEvent,
    /// Tokens and granted scopes; never logged.
    #[serde(default, skip_serializing)]
    pub authorization_event_object: AuthorizationEvent,
    /// Gmail context (message or draft), when the host is Gmail.
    #[serde(default)]
    pub gmail: Option<GmailEvent>,
}

/// `commonEventObject`.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommonEvent {
    /// `GMAIL`, `CALENDAR`, ...
    #[serde(default)]
    pub host_app: Option<String>,
    /// `WEB`, `IOS`, `ANDROID` (kept as text: Google's own schema misspells one).
    #[serde(default)]
    pub platform: Option<String>,
    /// Widget values on action callbacks.
    #[serde(default)]
    pub form_inputs: HashMap<String, FormInput>,
    /// Action parameters, always strings.
    #[serde(default)]
    pub parameters: HashMap<String, String>,
    /// Such as `en-US`; only with `useLocaleFromApp` and the `script.locale` scope.
    #[serde(default)]
    pub user_locale: Option<String>,
    /// The user's time zone, same opt-in as the locale.
    #[serde(default)]
    pub time_zone: Option<TimeZone>,
}

/// `commonEventObject.timeZone`.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct TimeZone {
    /// IANA name such as `Europe/Paris`.
    #[serde(default)]
    pub id: Option<String>,
    /// Offset from UTC in milliseconds (a number or a string, depending on the source).
    #[serde(default, deserialize_with = "lenient_i64")]
    pub offset: Option<i64>,
}

/// One entry of `formInputs`.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormInput {
    /// Text inputs and selections.
    #[serde(default)]
    pub string_inputs: Option<StringInputs>,
    /// Date and time pickers.
    #[serde(default)]
    pub date_time_input: Option<DateTimeInput>,
    /// Date-only pickers.
    #[serde(default)]
    pub date_input: Option<DateTimeInput>,
}

/// `stringInputs`: every selected or typed value.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct StringInputs {
    /// The values, one for a text input.
    #[serde(default)]
    pub value: Vec<String>,
}

/// `dateTimeInput` / `dateInput`.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DateTimeInput {
    /// Milliseconds since the epoch (a number or a string).
    #[serde(default, deserialize_with = "lenient_i64")]
    pub ms_since_epoch: Option<i64>,
}

/// `authorizationEventObject`; only present on HTTP add-on requests.
#[derive(Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationEvent {
    /// The user's OAuth access token (the schema spells it `userOAuthToken`, some prose `userOauthToken`).
    #[serde(default, alias = "userOauthToken")]
    pub user_o_auth_token: Option<String>,
    /// The user's ID token, present with the `userinfo.email` scope.
    #[serde(default)]
    pub user_id_token: Option<String>,
    /// Copy of the system ID token; the `Authorization` header is what we verify.
    #[serde(default)]
    pub system_id_token: Option<String>,
    /// Scopes the user granted (granular consent); `None` when Google did not say.
    #[serde(default)]
    pub authorized_scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for AuthorizationEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Tokens must never reach the logs, not even through a stray `{:?}`.
        f.debug_struct("AuthorizationEvent")
            .field(
                "user_o_auth_token",
                &self.user_o_auth_token.as_ref().map(|_| "[redacted]"),
            )
            .field(
                "user_id_token",
                &self.user_id_token.as_ref().map(|_| "[redacted]"),
            )
            .field(
                "system_id_token",
                &self.system_id_token.as_ref().map(|_| "[redacted]"),
            )
            .field("authorized_scopes", &self.authorized_scopes)
            .finish()
    }
}

/// The `gmail` host object.
#[derive(Default, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GmailEvent {
    /// Open message (contextual trigger and its actions).
    #[serde(default)]
    pub message_id: Option<String>,
    /// Its thread.
    #[serde(default)]
    pub thread_id: Option<String>,
    /// Per-message token for `X-Goog-Gmail-Access-Token`.
    #[serde(default, skip_serializing)]
    pub access_token: Option<String>,
    /// Draft recipients (compose trigger with `draftAccess: METADATA`).
    #[serde(default)]
    pub to_recipients: Vec<String>,
    /// Draft Cc recipients.
    #[serde(default)]
    pub cc_recipients: Vec<String>,
    /// Draft Bcc recipients.
    #[serde(default)]
    pub bcc_recipients: Vec<String>,
}

impl std::fmt::Debug for GmailEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GmailEvent")
            .field("message_id", &self.message_id)
            .field("thread_id", &self.thread_id)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "[redacted]"),
            )
            .finish_non_exhaustive()
    }
}

impl Event {
    /// The first value typed or selected in the widget `name`, if any.
    pub fn form_value(&self, name: &str) -> Option<&str> {
        self.common_event_object
            .form_inputs
            .get(name)?
            .string_inputs
            .as_ref()?
            .value
            .first()
            .map(String::as_str)
    }

    /// Every value selected in the widget `name` (check boxes), none when left empty.
    pub fn form_values(&self, name: &str) -> &[String] {
        self.common_event_object
            .form_inputs
            .get(name)
            .and_then(|i| i.string_inputs.as_ref())
            .map_or(&[], |s| s.value.as_slice())
    }

    /// An action parameter.
    pub fn parameter(&self, key: &str) -> Option<&str> {
        self.common_event_object
            .parameters
            .get(key)
            .map(String::as_str)
    }
}

fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        Int(i64),
        Float(f64),
        Str(String),
    }
    Ok(match Option::<N>::deserialize(d)? {
        None => None,
        Some(N::Int(i)) => Some(i),
        #[allow(clippy::cast_possible_truncation)]
        Some(N::Float(f)) if f.is_finite() => Some(f as i64),
        Some(N::Float(_)) => None,
        Some(N::Str(s)) => s.trim().parse().ok(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_google_sample_with_string_numbers_and_unknown_fields() {
        let raw = r#"{
          "commonEventObject": {"hostApp": "GMAIL", "platform": "ANDRIOD",
            "timeZone": {"id": "Europe/Paris", "offset": "3600000"},
            "formInputs": {"label_name": {"stringInputs": {"value": ["Clients"]}},
                           "due": {"dateTimeInput": {"msSinceEpoch": "1735689600000", "hasDate": true}}},
            "parameters": {"label_id": "abc"}, "somethingNew": 1},
          "authorizationEventObject": {"userOauthToken": "ya29.x", "userIdToken": "eyJ", "authorizedScopes": ["a"]},
          "gmail": {"messageId": "msg-f:1", "threadId": "thread-f:2", "accessToken": "secret"},
          "messageMetadata": {"legacy": true}
        }"#;
        let e: Event = serde_json::from_str(raw).unwrap();
        assert_eq!(e.form_value("label_name"), Some("Clients"));
        assert_eq!(e.parameter("label_id"), Some("abc"));
        assert_eq!(
            e.common_event_object.time_zone.as_ref().unwrap().offset,
            Some(3_600_000)
        );
        let due = &e.common_event_object.form_inputs["due"];
        assert_eq!(
            due.date_time_input.as_ref().unwrap().ms_since_epoch,
            Some(1_735_689_600_000)
        );
        assert_eq!(
            e.authorization_event_object.user_o_auth_token.as_deref(),
            Some("ya29.x")
        );
        let debug = format!("{e:?}");
        assert!(
            !debug.contains("ya29") && !debug.contains("secret") && !debug.contains("eyJ"),
            "{debug}"
        );
    }

    #[test]
    fn an_empty_object_is_a_valid_event() {
        let e: Event = serde_json::from_str("{}").unwrap();
        assert!(e.gmail.is_none());
        assert!(e.authorization_event_object.user_id_token.is_none());
    }
}
