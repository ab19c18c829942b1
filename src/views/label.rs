//! One label opened: a page of its contacts by name, and the actions the caller's role allows.

use crate::config::PublicUrl;
use crate::domain::permission::{Action, allows};
use crate::event::Event;
use crate::routes::{
    CONTACT_NEW, CONTACT_OPEN, FEED_OPEN, LABEL_DELETED, LABEL_HELD, LABEL_OPEN, LABEL_SETTINGS,
    LABEL_SYNC, SHARES_OPEN,
};
use crate::storage::contacts::ContactSummary;
use crate::storage::feeds::FeedBadge;
use crate::storage::held::Held;
use crate::storage::imports::Progress;
use crate::storage::labels::LabelView;
use crate::storage::sync::SyncOff;
use crate::views::params;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::widgets;

/// Contacts per page of a label.
pub const PAGE_SIZE: i64 = 40;

/// What the label card shows.
#[derive(Debug, Clone)]
pub struct LabelPage {
    /// The label, with the caller's role.
    pub label: LabelView,
    /// This page's contacts by name; one more than [`PAGE_SIZE`] says a next page exists.
    pub contacts: Vec<ContactSummary>,
    /// The page shown, from 0.
    pub page: i64,
    /// Why the caller's sync of this label into their Google Contacts is off, if it is.
    pub sync_off: Option<SyncOff>,
    /// Deletions made in Google Contacts held for the caller to review (owner only).
    pub held: Vec<Held>,
    /// How far the import that made the label from a Google label got, if one did.
    pub import: Option<Progress>,
    /// The CRM feed that fills the label, if one does.
    pub feed: Option<FeedBadge>,
}

/// The label card.
pub fn card(p: &LabelPage, urls: &PublicUrl, event: &Event) -> Result<Fragment, RenderError> {
    let label = &p.label;
    let page_size = usize::try_from(PAGE_SIZE).unwrap_or(40);
    let open_url = urls.url_for(CONTACT_OPEN);
    let mut rows = Vec::new();
    for c in p.contacts.iter().take(page_size) {
        let detail = match (&c.email, c.organization.is_empty()) {
            (Some(e), true) => e.clone(),
            (Some(e), false) => format!("{} · {e}", c.organization),
            (None, _) => c.organization.clone(),
        };
        let cid = c.id.to_string();
        rows.push(render(
            Template::ContactRow,
            &[
                ("name", Slot::Text(&c.name)),
                ("detail", Slot::Text(&detail)),
                ("open_url", Slot::Text(&open_url)),
                ("contact_id", Slot::Text(&cid)),
            ],
        )?);
    }
    let label_id = label.id.to_string();
    let mut notices = Vec::new();
    if p.sync_off == Some(SyncOff::GroupDeleted) {
        notices.push(widgets::note(
            "You deleted this label in Google Contacts, so Sharebook stopped syncing it to you. \
             Its contacts are still shared here.",
        )?);
        notices.push(widgets::button(
            "Sync it to my Google Contacts again",
            &urls.url_for(LABEL_SYNC),
            &[(params::LABEL_ID, &label_id), (params::SYNC, "on")],
        )?);
    }
    match &p.import {
        Some(Progress {
            failed: Some(why), ..
        }) => notices.push(widgets::field_error(&format!(
            "Sharing from Google Contacts stopped: {why}"
        ))?),
        Some(Progress {
            finished_at: None,
            done,
            total,
            ..
        }) => notices.push(widgets::note(&format!(
            "Sharing from Google Contacts: {done} of {total} contacts read. They appear here as \
             they are read."
        ))?),
        _ => {}
    }
    if let Some(feed) = &p.feed {
        let (alarm, text) = crate::views::feeds::badge_text(feed, event);
        notices.push(if alarm {
            widgets::field_error(&text)?
        } else {
            widgets::note(&text)?
        });
    }
    let review = urls.url_for(LABEL_HELD);
    for h in &p.held {
        let id = h.id.to_string();
        notices.push(widgets::field_error(&format!(
            "{} deletions made in Google Contacts by {} were held: too many at once. The contacts \
             are still here and back in their Google Contacts.",
            h.count, h.member
        ))?);
        if !h.owner_decides {
            notices.push(widgets::note(
                "Your administrator reviews held deletions in this domain.",
            )?);
            continue;
        }
        notices.push(widgets::button(
            "Delete them",
            &review,
            &[(params::HELD_ID, &id), (params::DECISION, "approve")],
        )?);
        notices.push(widgets::button(
            "Keep them",
            &review,
            &[(params::HELD_ID, &id), (params::DECISION, "dismiss")],
        )?);
    }
    rows.splice(0..0, notices);
    if p.contacts.is_empty() && p.page == 0 {
        rows.push(widgets::note(
            if allows(Some(label.role), Action::AddContact) {
                "No contacts yet. Add one, or open an email and add its sender."
            } else {
                "No contacts yet."
            },
        )?);
    }
    let mut actions = Vec::new();
    let open_label = urls.url_for(LABEL_OPEN);
    if p.page > 0 {
        let prev = (p.page - 1).to_string();
        actions.push(widgets::button(
            "Previous page",
            &open_label,
            &[(params::LABEL_ID, &label_id), (params::PAGE, &prev)],
        )?);
    }
    if p.contacts.len() > page_size {
        let next = (p.page + 1).to_string();
        actions.push(widgets::button(
            "Next page",
            &open_label,
            &[(params::LABEL_ID, &label_id), (params::PAGE, &next)],
        )?);
    }
    let allowed = |action| allows(Some(label.role), action);
    if allowed(Action::AddContact) {
        actions.push(widgets::button(
            "Add contact",
            &urls.url_for(CONTACT_NEW),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if allowed(Action::ManageShares) {
        actions.push(widgets::button(
            "Sharing",
            &urls.url_for(SHARES_OPEN),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if allowed(Action::DeleteContact) {
        actions.push(widgets::button(
            "Deleted contacts",
            &urls.url_for(LABEL_DELETED),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if allowed(Action::ChooseSync) && p.sync_off != Some(SyncOff::GroupDeleted) {
        let (text, choice) = if p.sync_off.is_some() {
            ("Sync to my Google Contacts", "on")
        } else {
            ("Stop syncing to my Google Contacts", "off")
        };
        actions.push(widgets::button(
            text,
            &urls.url_for(LABEL_SYNC),
            &[(params::LABEL_ID, &label_id), (params::SYNC, choice)],
        )?);
    }
    if allowed(Action::ManageFeed) {
        actions.push(widgets::button(
            if p.feed.is_some() {
                "Capsule CRM feed"
            } else {
                "Connect Capsule CRM"
            },
            &urls.url_for(FEED_OPEN),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if allowed(Action::RenameLabel) {
        actions.push(widgets::button(
            "Label settings",
            &urls.url_for(LABEL_SETTINGS),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    render(
        Template::Label,
        &[
            ("label_name", Slot::Text(&label.name)),
            ("role", Slot::Text(label.role.title())),
            ("contact_count", Slot::Int(label.contact_count)),
            ("contact_rows", Slot::List(&rows)),
            ("actions", Slot::List(&actions)),
        ],
    )
}
