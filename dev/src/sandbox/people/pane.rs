//! The sandbox page's Google Contacts pane, editable, as the selected user.
//!
//! What a user does in Google Contacts (edit a field, delete a contact, add one to a label, take
//! one out, rename or delete a label) is applied to the stand-in as that user, so the sync reads
//! it back as it would read a real change.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::PeopleStandIn;

/// Where the page sends a change: `POST` with one [`Change`] as JSON.
pub const DEV_CHANGE_PATH: &str = "/sandbox/people/{email}/change";

/// One change made in the pane.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// New values for a contact's name, first email, first phone and company.
    Edit {
        /// `people/…`.
        person: String,
        /// Name.
        name: String,
        /// Email address (empty: none).
        email: String,
        /// Phone number (empty: none).
        phone: String,
        /// Company (empty: none).
        organization: String,
    },
    /// Deletes a contact.
    Delete {
        /// `people/…`.
        person: String,
    },
    /// A new contact, in a label.
    Create {
        /// Name.
        name: String,
        /// Email address (empty: none).
        email: String,
        /// `contactGroups/…`.
        group: String,
    },
    /// Takes a contact out of a label.
    Remove {
        /// `people/…`.
        person: String,
        /// `contactGroups/…`.
        group: String,
    },
    /// Renames a label.
    RenameGroup {
        /// `contactGroups/…`.
        group: String,
        /// New name.
        name: String,
    },
    /// Deletes a label, keeping its contacts.
    DeleteGroup {
        /// `contactGroups/…`.
        group: String,
    },
}

fn values(value: &str) -> Value {
    if value.trim().is_empty() {
        json!([])
    } else {
        json!([{ "value": value.trim() }])
    }
}

impl PeopleStandIn {
    /// Applies `change` as `user_email` would in Google Contacts; why not, if it could not be.
    pub fn apply_pane_change(&self, user_email: &str, change: Change) -> Result<(), String> {
        let done = match change {
            Change::Edit {
                person,
                name,
                email,
                phone,
                organization,
            } => self.edit_as_user(user_email, &person, |p| {
                let name = name.trim();
                p["names"] = json!([{ "unstructuredName": name, "displayName": name }]);
                p["emailAddresses"] = values(&email);
                p["phoneNumbers"] = values(&phone);
                let title = p
                    .pointer("/organizations/0/title")
                    .cloned()
                    .unwrap_or(json!(""));
                p["organizations"] = if organization.trim().is_empty() && title == json!("") {
                    json!([])
                } else {
                    json!([{ "name": organization.trim(), "title": title }])
                };
            }),
            Change::Delete { person } => self.delete_as_user(user_email, &person),
            Change::Create { name, email, group } => {
                let person = json!({
                    "names": [{ "unstructuredName": name.trim() }],
                    "emailAddresses": values(&email),
                    "memberships": [
                        { "contactGroupMembership": { "contactGroupResourceName": group } },
                        { "contactGroupMembership": { "contactGroupResourceName": "contactGroups/myContacts" } },
                    ],
                });
                self.create_as_user(user_email, &person)
                    .map_err(|e| e.to_string())?;
                true
            }
            Change::Remove { person, group } => {
                self.set_group_as_user(user_email, &person, &group, false)
            }
            Change::RenameGroup { group, name } => {
                self.rename_group_as_user(user_email, &group, name.trim())
            }
            Change::DeleteGroup { group } => self.delete_group_as_user(user_email, &group),
        };
        if done {
            Ok(())
        } else {
            Err("Google Contacts refused this change (gone, or not allowed)".to_owned())
        }
    }
}

/// `POST /sandbox/people/{email}/change`.
pub(super) async fn change(
    state: web::Data<PeopleStandIn>,
    email: web::Path<String>,
    body: web::Json<Change>,
) -> HttpResponse {
    match state.apply_pane_change(&email, body.into_inner()) {
        Ok(()) => HttpResponse::NoContent().finish(),
        Err(why) => HttpResponse::UnprocessableEntity().json(json!({ "error": why })),
    }
}
