//! The homepage trigger: the caller's labels with their role and size, search, mentions, and a
//! way to create a label.

use actix_web::{HttpResponse, web};

use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::event::Event;
use crate::google::id_token::UserIdentity;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::{labels, sync};
use crate::views::navigation;
use crate::views::render::{Fragment, Slot, Template, render};
use crate::views::widgets;

/// Labels listed on the homepage; Google allows 100 widgets per section.
const LISTED_LABELS: usize = 90;

/// `POST /addon/home`.
pub async fn homepage(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::trigger_card(
        &home_card(&state, &who, &addon.identity, &addon.event).await?,
    ))
}

/// The homepage card for `who`.
pub async fn home_card(
    state: &AppState,
    who: &Principal,
    identity: &UserIdentity,
    event: &Event,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let limit = i64::try_from(LISTED_LABELS + 1).unwrap_or(i64::MAX);
    let (labels, sync_status) = labels::home_listing(&client, who, limit).await?;
    drop(client);
    let urls = &state.config.public_url;
    let open_url = urls.url_for(super::LABEL_OPEN);
    let mut rows = Vec::with_capacity(labels.len().min(LISTED_LABELS) + 1);
    for label in labels.iter().take(LISTED_LABELS) {
        let id = label.id.to_string();
        let detail = match label.contact_count {
            1 => format!("{} · 1 contact", label.role.title()),
            n => format!("{} · {n} contacts", label.role.title()),
        };
        rows.push(render(
            Template::LabelRow,
            &[
                ("name", Slot::Text(&label.name)),
                ("role", Slot::Text(&detail)),
                ("label_id", Slot::Text(&id)),
                ("open_url", Slot::Text(&open_url)),
            ],
        )?);
    }
    if labels.is_empty() {
        rows.push(render(Template::HomepageEmpty, &[])?);
    } else if labels.len() > LISTED_LABELS {
        rows.push(widgets::note(&format!(
            "Showing your first {LISTED_LABELS} labels, by name."
        ))?);
    }
    Ok(render(
        Template::Homepage,
        &[
            ("subtitle", Slot::Text(&identity.email)),
            ("label_rows", Slot::List(&rows)),
            ("sync_status", Slot::Json(&sync_line(&sync_status, event)?)),
            ("search_url", Slot::Text(&urls.url_for(super::SEARCH))),
            ("mentions_url", Slot::Text(&urls.url_for(super::MENTIONS))),
            ("new_label_url", Slot::Text(&urls.url_for(super::LABEL_NEW))),
        ],
    )?)
}

/// Where the caller's Google Contacts stand: in step, or how many changes are on their way and
/// why the last attempt failed.
fn sync_line(status: &sync::SyncStatus, event: &Event) -> Result<Fragment, ApiError> {
    let text = match (status.pending, &status.last_error) {
        (0, _) => match status.last_synced_at {
            Some(at) => format!("In step (last update {})", widgets::format_time(at, event)),
            None => "In step".to_owned(),
        },
        (n, None) => match n {
            1 => "1 change on its way".to_owned(),
            n => format!("{n} changes on their way"),
        },
        (n, Some(error)) => format!(
            "{n} change{} waiting. Last attempt failed: {error}. Sharebook retries automatically.",
            if n == 1 { "" } else { "s" }
        ),
    };
    Ok(widgets::field_row("Your Google Contacts", &text)?)
}
