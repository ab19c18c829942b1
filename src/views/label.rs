//! One label opened: a page of its contacts by name, and the actions the caller's role allows.

use crate::config::PublicUrl;
use crate::domain::permission::{Action, allows};
use crate::i18n::Ui;
use crate::routes::{
    CONTACT_NEW, CONTACT_OPEN, FEED_OPEN, FILES_EXPORT, FILES_IMPORT, LABEL_DELETED,
    LABEL_DUPLICATES, LABEL_HELD, LABEL_OPEN, LABEL_SETTINGS, LABEL_SYNC, SHARES_OPEN,
};
use crate::storage::contacts::ContactSummary;
use crate::storage::feeds::FeedBadge;
use crate::storage::file_imports::ImportView;
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
    /// File imports into the label the card tells of.
    pub files: Vec<ImportView>,
}

/// The button back to label `id`'s card, which the cards opened from it end with.
pub fn back_button(urls: &PublicUrl, id: uuid::Uuid, ui: &Ui) -> Result<Fragment, RenderError> {
    widgets::button(
        &ui.t("back-to-label"),
        &urls.url_for(LABEL_OPEN),
        &[(params::LABEL_ID, &id.to_string())],
    )
}

/// The label card.
pub fn card(p: &LabelPage, urls: &PublicUrl, ui: &Ui) -> Result<Fragment, RenderError> {
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
        notices.push(widgets::note(&ui.t("label-group-deleted"))?);
        notices.push(widgets::button(
            &ui.t("label-sync-again"),
            &urls.url_for(LABEL_SYNC),
            &[(params::LABEL_ID, &label_id), (params::SYNC, "on")],
        )?);
    }
    match &p.import {
        Some(Progress {
            failed: Some(why), ..
        }) => notices.push(widgets::field_error(
            &ui.tr("label-import-stopped", &[("why", why.into())]),
        )?),
        Some(Progress {
            finished_at: None,
            done,
            total,
            ..
        }) => notices.push(widgets::note(&ui.tr(
            "label-import-progress",
            &[("done", (*done).into()), ("total", (*total).into())],
        ))?),
        _ => {}
    }
    if let Some(feed) = &p.feed {
        let (alarm, text) = crate::views::feeds::badge_text(feed, ui);
        notices.push(if alarm {
            widgets::field_error(&text)?
        } else {
            widgets::note(&text)?
        });
    }
    notices.extend(crate::views::files::notices(urls, &p.files, ui)?);
    let review = urls.url_for(LABEL_HELD);
    for h in &p.held {
        let id = h.id.to_string();
        notices.push(widgets::field_error(&ui.tr(
            "label-held",
            &[("count", h.count.into()), ("member", (&h.member).into())],
        ))?);
        if !h.owner_decides {
            notices.push(widgets::note(&ui.t("label-held-by-admins"))?);
            continue;
        }
        notices.push(widgets::button(
            &ui.t("label-held-delete"),
            &review,
            &[(params::HELD_ID, &id), (params::DECISION, "approve")],
        )?);
        notices.push(widgets::button(
            &ui.t("label-held-keep"),
            &review,
            &[(params::HELD_ID, &id), (params::DECISION, "dismiss")],
        )?);
    }
    rows.splice(0..0, notices);
    if p.contacts.is_empty() && p.page == 0 {
        rows.push(widgets::note(&ui.t(
            if allows(Some(label.role), Action::AddContact) {
                "label-empty-add"
            } else {
                "label-empty"
            },
        ))?);
    }
    let mut actions = Vec::new();
    let open_label = urls.url_for(LABEL_OPEN);
    if p.page > 0 {
        let prev = (p.page - 1).to_string();
        actions.push(widgets::button(
            &ui.t("previous-page"),
            &open_label,
            &[(params::LABEL_ID, &label_id), (params::PAGE, &prev)],
        )?);
    }
    if p.contacts.len() > page_size {
        let next = (p.page + 1).to_string();
        actions.push(widgets::button(
            &ui.t("next-page"),
            &open_label,
            &[(params::LABEL_ID, &label_id), (params::PAGE, &next)],
        )?);
    }
    let allowed = |action| allows(Some(label.role), action);
    if allowed(Action::AddContact) {
        actions.push(widgets::button(
            &ui.t("label-add-contact"),
            &urls.url_for(CONTACT_NEW),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if allowed(Action::AddContact) {
        actions.push(widgets::button(
            &ui.t("label-import-file"),
            &urls.url_for(FILES_IMPORT),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    actions.push(widgets::button(
        &ui.t("label-export-file"),
        &urls.url_for(FILES_EXPORT),
        &[(params::LABEL_ID, &label_id)],
    )?);
    if allowed(Action::ManageShares) {
        actions.push(widgets::button(
            &ui.t("label-sharing"),
            &urls.url_for(SHARES_OPEN),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if crate::domain::merge::may_merge(Some(label.role)) {
        actions.push(widgets::button(
            &ui.t("label-duplicates"),
            &urls.url_for(LABEL_DUPLICATES),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if allowed(Action::DeleteContact) {
        actions.push(widgets::button(
            &ui.t("label-deleted-contacts"),
            &urls.url_for(LABEL_DELETED),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if allowed(Action::ChooseSync) && p.sync_off != Some(SyncOff::GroupDeleted) {
        let (text, choice) = if p.sync_off.is_some() {
            ("label-sync-on", "on")
        } else {
            ("label-sync-off", "off")
        };
        actions.push(widgets::button(
            &ui.t(text),
            &urls.url_for(LABEL_SYNC),
            &[(params::LABEL_ID, &label_id), (params::SYNC, choice)],
        )?);
    }
    if allowed(Action::ManageFeed) {
        actions.push(widgets::button(
            &ui.t(if p.feed.is_some() {
                "label-feed"
            } else {
                "label-connect-feed"
            }),
            &urls.url_for(FEED_OPEN),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    if allowed(Action::RenameLabel) {
        actions.push(widgets::button(
            &ui.t("label-settings"),
            &urls.url_for(LABEL_SETTINGS),
            &[(params::LABEL_ID, &label_id)],
        )?);
    }
    render(
        Template::Label,
        &[
            ("label_name", Slot::Text(&label.name)),
            (
                "subtitle",
                Slot::Text(&ui.tr(
                    "label-subtitle",
                    &[
                        ("role", ui.t(label.role.message_id()).as_str().into()),
                        ("count", label.contact_count.into()),
                    ],
                )),
            ),
            ("contact_rows", Slot::List(&rows)),
            ("actions", Slot::List(&actions)),
        ],
    )
}
