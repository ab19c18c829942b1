//! A contact's history: who changed which fields, when, from what to what.

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::contacts;
use crate::views::navigation::{self, Navigation};
use crate::views::render::{Slot, Template, render};
use crate::views::widgets;

/// `POST /addon/contacts/history`.
pub async fn contact_history(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "contact_id")?;
    let client = state.pool.get().await?;
    let contact = contacts::get_contact(&client, id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let entries = contacts::list_history(&client, id, &who, 0, &contact.hidden).await?;
    drop(client);
    let mut rows = Vec::new();
    for e in entries.iter().take(45) {
        let verb = match e.action.as_str() {
            "create" => "Added",
            "delete" => "Deleted",
            "restore" => "Restored",
            _ => "Edited",
        };
        let when = widgets::format_time(e.changed_at, &addon.event);
        let detail: Vec<String> = e
            .changes
            .iter()
            .filter(|(_, old, new)| old != new)
            .map(|(f, old, new)| match (old.is_empty(), new.is_empty()) {
                (true, _) => format!("{}: {new}", f.title()),
                (false, true) => format!("{}: removed {old}", f.title()),
                (false, false) => format!("{}: {old} → {new}", f.title()),
            })
            .collect();
        rows.push(widgets::field_row(
            &format!("{verb} by {} · {when}", e.changed_by),
            &detail.join("\n"),
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note("No history.")?);
    }
    let card = render(
        Template::List,
        &[
            ("card_name", Slot::Text("history")),
            (
                "title",
                Slot::Text(&format!("History of {}", contact.data.name)),
            ),
            ("subtitle", Slot::Text(&contact.label_name)),
            ("rows", Slot::List(&rows)),
            ("actions", Slot::List(&[])),
        ],
    )?;
    Ok(navigation::action_response(
        &[Navigation::Push(&card)],
        None,
    ))
}
