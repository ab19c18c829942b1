//! A contact group as the People API shows it, and the fresh etags and timestamps Google gives
//! groups and contacts alike.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

/// Now, as Google writes `updateTime` (RFC 3339, UTC, microseconds).
pub(super) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A fresh opaque etag with Google's prefix for its kind (`%Eg` people, `#` sources).
pub(super) fn random_tag(prefix: &str) -> String {
    format!("{prefix}{}", STANDARD.encode(rand::random::<[u8; 15]>()))
}

/// A contact group.
pub(super) struct Group {
    pub(super) id: String,
    pub(super) seq: u64,
    pub(super) system: bool,
    pub(super) name: String,
    pub(super) formatted_name: String,
    pub(super) client_data: Vec<Value>,
    pub(super) etag: String,
    pub(super) update_time: String,
}

impl Group {
    pub(super) fn system(id: &str, formatted_name: &str, seq: u64) -> Self {
        Self {
            id: id.to_owned(),
            seq,
            system: true,
            name: id.to_owned(),
            formatted_name: formatted_name.to_owned(),
            client_data: Vec::new(),
            etag: random_tag(""),
            update_time: now_rfc3339(),
        }
    }

    /// Position in the user's list (system groups first, then by creation), for paging.
    pub(super) fn seq(&self) -> u64 {
        self.seq
    }

    pub(super) fn touch(&mut self) {
        self.etag = random_tag("");
        self.update_time = now_rfc3339();
    }

    /// The group's JSON with `fields`; `members` only when asked for (`maxMembers`).
    pub(super) fn render(
        &self,
        fields: &[&str],
        member_count: usize,
        members: Option<Vec<String>>,
        always_count: bool,
    ) -> Value {
        let mut out = Map::new();
        out.insert(
            "resourceName".into(),
            json!(format!("contactGroups/{}", self.id)),
        );
        out.insert("etag".into(), json!(self.etag));
        for field in fields {
            match *field {
                "name" => {
                    out.insert("name".into(), json!(self.name));
                    out.insert("formattedName".into(), json!(self.formatted_name));
                }
                "groupType" => {
                    let kind = if self.system {
                        "SYSTEM_CONTACT_GROUP"
                    } else {
                        "USER_CONTACT_GROUP"
                    };
                    out.insert("groupType".into(), json!(kind));
                }
                "memberCount" if member_count > 0 || always_count => {
                    out.insert("memberCount".into(), json!(member_count));
                }
                "metadata" => {
                    out.insert("metadata".into(), json!({ "updateTime": self.update_time }));
                }
                "clientData" if !self.client_data.is_empty() => {
                    out.insert("clientData".into(), Value::Array(self.client_data.clone()));
                }
                _ => {}
            }
        }
        if let Some(members) = members.filter(|m| !m.is_empty()) {
            out.insert("memberResourceNames".into(), json!(members));
        }
        Value::Object(out)
    }
}
