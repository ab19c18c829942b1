//! The sandbox page's Capsule pane.
//!
//! It shows the demo account's parties, its token to paste into the add-on, and offers adding, editing and deleting parties as a Capsule user would (hooks fire as they
//! do for API changes).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::CapsuleStandIn;

/// What the page reads: `GET` the account's parties, token and hooks as JSON.
pub const PANE_PATH: &str = "/sandbox/capsule/{subdomain}";
/// Where the page sends a change: `POST` one [`Change`] as JSON.
pub const CHANGE_PATH: &str = "/sandbox/capsule/{subdomain}/change";

/// One change made in the pane.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// A new person.
    Add {
        /// First name.
        first: String,
        /// Last name.
        last: String,
        /// Email address (empty: none).
        email: String,
        /// Tags, comma-separated.
        #[serde(default)]
        tags: String,
    },
    /// New name, email and job title for a party.
    Edit {
        /// The party.
        id: i64,
        /// First name (organisations: the name).
        first: String,
        /// Last name.
        last: String,
        /// Email address (empty: none).
        email: String,
        /// Job title.
        #[serde(default)]
        title: String,
    },
    /// Deletes a party.
    Delete {
        /// The party.
        id: i64,
    },
}

pub(super) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(PANE_PATH, web::get().to(view))
        .route(CHANGE_PATH, web::post().to(change));
}

async fn view(state: web::Data<CapsuleStandIn>, subdomain: web::Path<String>) -> HttpResponse {
    let (name, token, hooks) = state.with(|s| {
        let name = s.accounts.get(subdomain.as_str()).map(|a| a.name.clone());
        // The demo's personal token: the first unrevoked one of the account.
        let token = s
            .tokens
            .iter()
            .filter(|(_, g)| g.subdomain == *subdomain && g.client.is_none() && !g.revoked)
            .map(|(t, _)| t.clone())
            .min();
        let hooks = s
            .accounts
            .get(subdomain.as_str())
            .map_or(0, |a| a.hooks.len());
        (name, token, hooks)
    });
    let Some(name) = name else {
        return HttpResponse::NotFound().json(json!({ "error": "no such Capsule account" }));
    };
    let parties: Vec<Value> = state
        .parties(&subdomain)
        .iter()
        .map(|p| {
            let list = |key: &str, field: &str| -> Vec<Value> {
                p[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x[field].as_str().map(|s| json!(s)))
                    .collect()
            };
            json!({
                "id": p["id"], "type": p["type"],
                "name": p["name"].as_str().map(str::to_owned).unwrap_or_else(|| format!(
                    "{} {}", p["firstName"].as_str().unwrap_or(""), p["lastName"].as_str().unwrap_or("")).trim().to_owned()),
                "first": p["firstName"].as_str().or(p["name"].as_str()).unwrap_or(""),
                "last": p["lastName"].as_str().unwrap_or(""),
                "title": p["jobTitle"].as_str().unwrap_or(""),
                "emails": list("emailAddresses", "address"),
                "phones": list("phoneNumbers", "number"),
                "tags": list("tags", "name"),
            })
        })
        .collect();
    HttpResponse::Ok().json(json!({
        "subdomain": *subdomain, "name": name, "token": token, "hooks": hooks, "parties": parties,
    }))
}

async fn change(
    state: web::Data<CapsuleStandIn>,
    subdomain: web::Path<String>,
    change: web::Json<Change>,
) -> HttpResponse {
    let emails = |e: &str| -> Value {
        let e = e.trim();
        if e.is_empty() {
            json!([])
        } else {
            json!([{ "type": "Work", "address": e }])
        }
    };
    let done = match change.into_inner() {
        Change::Add {
            first,
            last,
            email,
            tags,
        } => {
            let tags: Vec<Value> = tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| json!({ "name": t }))
                .collect();
            state.add_party(
                &subdomain,
                json!({ "type": "person", "firstName": first.trim(), "lastName": last.trim(),
                        "emailAddresses": emails(&email), "phoneNumbers": [], "addresses": [],
                        "websites": [], "tags": tags }),
            );
            true
        }
        Change::Edit {
            id,
            first,
            last,
            email,
            title,
        } => {
            let organisation = state
                .party(&subdomain, id)
                .is_some_and(|p| p.get("type") == Some(&json!("organisation")));
            let changes = if organisation {
                json!({ "name": first.trim(), "emailAddresses": emails(&email) })
            } else {
                json!({ "firstName": first.trim(), "lastName": last.trim(),
                        "jobTitle": title.trim(), "emailAddresses": emails(&email) })
            };
            state.update_party(&subdomain, id, changes)
        }
        Change::Delete { id } => state.delete_party(&subdomain, id),
    };
    if done {
        HttpResponse::Ok().json(json!({ "ok": true }))
    } else {
        HttpResponse::NotFound().json(json!({ "error": "no such party" }))
    }
}
