//! The homepage: the caller's labels with their role and size, where their Google Contacts
//! stand, search, mentions, and a way to create a label.

use crate::config::PublicUrl;
use crate::event::Event;
use crate::routes::{
    ADMIN, FEED_OPEN, IMPORT_PICK, LABEL_NEW, LABEL_OPEN, LABEL_SYNC, MENTIONS, SEARCH, SYNC_NOW,
};
use crate::storage::labels::LabelView;
use crate::storage::sync::SyncStatus;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::{params, widgets};

/// Labels listed on the homepage; Google allows 100 widgets per section.
pub const LISTED_LABELS: usize = 90;

/// What the homepage shows.
#[derive(Debug, Clone)]
pub struct Home {
    /// The caller's address, under the title.
    pub email: String,
    /// The caller's first labels by name; one more than [`LISTED_LABELS`] says there are more.
    pub labels: Vec<LabelView>,
    /// Where the caller's Google Contacts stand.
    pub sync: SyncStatus,
    /// Whether the caller administers their domain (the Admin button).
    pub admin: bool,
}

/// The homepage card.
pub fn card(home: &Home, urls: &PublicUrl, event: &Event) -> Result<Fragment, RenderError> {
    let open_url = urls.url_for(LABEL_OPEN);
    let mut rows = Vec::with_capacity(home.labels.len().min(LISTED_LABELS) + 1);
    let mut stopped = Vec::new();
    for label in home.labels.iter().take(LISTED_LABELS) {
        let id = label.id.to_string();
        let mut detail = match label.contact_count {
            1 => format!("{} · 1 contact", label.role.title()),
            n => format!("{} · {n} contacts", label.role.title()),
        };
        if home.sync.stopped.contains(&label.id) {
            detail.push_str(" · not synced: you deleted it in Google Contacts");
            stopped.push(widgets::button(
                &format!("Sync “{}” to my Google Contacts again", label.name),
                &urls.url_for(LABEL_SYNC),
                &[(params::LABEL_ID, &id), (params::SYNC, "on")],
            )?);
        }
        if let Some((_, last)) = home
            .sync
            .feeds_paused
            .iter()
            .find(|(id, _)| *id == label.id)
        {
            detail.push_str(&format!(
                " · Capsule feed paused (last successful run: {})",
                last.map_or_else(|| "never".to_owned(), |t| widgets::format_time(t, event))
            ));
            stopped.push(widgets::button(
                &format!("Fix the Capsule feed of “{}”", label.name),
                &urls.url_for(FEED_OPEN),
                &[(params::LABEL_ID, &id)],
            )?);
        }
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
    rows.append(&mut stopped);
    if home.labels.is_empty() {
        rows.push(render(Template::HomepageEmpty, &[])?);
    } else if home.labels.len() > LISTED_LABELS {
        rows.push(widgets::note(&format!(
            "Showing your first {LISTED_LABELS} labels, by name."
        ))?);
    }
    let mut more = vec![widgets::button(
        "Share a label from Google Contacts",
        &urls.url_for(IMPORT_PICK),
        &[],
    )?];
    if home.admin {
        more.push(widgets::button("Admin", &urls.url_for(ADMIN), &[])?);
    }
    render(
        Template::Homepage,
        &[
            ("subtitle", Slot::Text(&home.email)),
            ("label_rows", Slot::List(&rows)),
            ("sync_status", Slot::Json(&sync_line(&home.sync, event)?)),
            (
                "sync_now",
                Slot::Json(&widgets::button("Sync now", &urls.url_for(SYNC_NOW), &[])?),
            ),
            ("import", Slot::List(&more)),
            ("search_url", Slot::Text(&urls.url_for(SEARCH))),
            ("mentions_url", Slot::Text(&urls.url_for(MENTIONS))),
            ("new_label_url", Slot::Text(&urls.url_for(LABEL_NEW))),
        ],
    )
}

/// Where the caller's Google Contacts stand: in step, or how many changes are on their way and
/// why the last attempt failed.
fn sync_line(status: &SyncStatus, event: &Event) -> Result<Fragment, RenderError> {
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
    widgets::field_row("Your Google Contacts", &text)
}
