//! The homepage: the caller's labels with their role and size, where their Google Contacts
//! stand, search, mentions, and a way to create a label.

use crate::config::PublicUrl;
use crate::domain::email::EmailKind;
use crate::i18n::Ui;
use crate::routes::{
    ADMIN, EMAIL_SETTINGS, EMAIL_SETTINGS_SAVE, FEED_OPEN, IMPORT_PICK, LABEL_NEW, LABEL_OPEN,
    LABEL_SYNC, MENTIONS, SEARCH, SYNC_NOW,
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
pub fn card(home: &Home, urls: &PublicUrl, ui: &Ui) -> Result<Fragment, RenderError> {
    let open_url = urls.url_for(LABEL_OPEN);
    let mut rows = Vec::with_capacity(home.labels.len().min(LISTED_LABELS) + 1);
    let mut stopped = Vec::new();
    for label in home.labels.iter().take(LISTED_LABELS) {
        let id = label.id.to_string();
        let mut detail = ui.tr(
            "home-label-detail",
            &[
                ("role", ui.t(label.role.message_id()).as_str().into()),
                ("count", label.contact_count.into()),
            ],
        );
        if home.sync.stopped.contains(&label.id) {
            detail.push_str(&ui.t("home-label-not-synced"));
            stopped.push(widgets::button(
                &ui.tr("home-sync-again", &[("label", (&label.name).into())]),
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
            let last = last.map_or_else(|| ui.t("never"), |t| ui.time(t));
            detail.push_str(&ui.tr("home-feed-paused", &[("last", (&last).into())]));
            stopped.push(widgets::button(
                &ui.tr("home-fix-feed", &[("label", (&label.name).into())]),
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
    for (import, file) in &home.sync.imports_waiting {
        rows.push(widgets::button(
            &ui.tr("file-review", &[("file", file.into())]),
            &urls.url_for(crate::routes::FILES_PREVIEW),
            &[(params::IMPORT_ID, &import.to_string())],
        )?);
    }
    if home.labels.is_empty() {
        rows.push(render(
            Template::HomepageEmpty,
            &[("message", Slot::Text(&ui.t("home-empty")))],
        )?);
    } else if home.labels.len() > LISTED_LABELS {
        rows.push(widgets::note(
            &ui.tr("home-first-labels", &[("count", LISTED_LABELS.into())]),
        )?);
    }
    let mut more = vec![widgets::button(
        &ui.t("home-share-google-label"),
        &urls.url_for(IMPORT_PICK),
        &[],
    )?];
    more.push(widgets::button(
        &ui.t("home-email-settings"),
        &urls.url_for(EMAIL_SETTINGS),
        &[],
    )?);
    if home.admin {
        more.push(widgets::button(
            &ui.t("home-admin"),
            &urls.url_for(ADMIN),
            &[],
        )?);
    }
    render(
        Template::Homepage,
        &[
            ("subtitle", Slot::Text(&home.email)),
            ("label_rows", Slot::List(&rows)),
            ("sync_status", Slot::Json(&sync_line(&home.sync, ui)?)),
            (
                "sync_now",
                Slot::Json(&widgets::button(
                    &ui.t("home-sync-now"),
                    &urls.url_for(SYNC_NOW),
                    &[],
                )?),
            ),
            ("your_labels", Slot::Text(&ui.t("home-your-labels"))),
            ("create_label", Slot::Text(&ui.t("home-create-label"))),
            ("find_people", Slot::Text(&ui.t("home-find-people"))),
            ("search_label", Slot::Text(&ui.t("home-search-label"))),
            ("search", Slot::Text(&ui.t("home-search"))),
            ("mentions", Slot::Text(&ui.t("home-mentions"))),
            ("import", Slot::List(&more)),
            ("search_url", Slot::Text(&urls.url_for(SEARCH))),
            ("mentions_url", Slot::Text(&urls.url_for(MENTIONS))),
            ("new_label_url", Slot::Text(&urls.url_for(LABEL_NEW))),
        ],
    )
}

/// Where the caller's Google Contacts stand: in step, or how many changes are on their way and
/// why the last attempt failed.
fn sync_line(status: &SyncStatus, ui: &Ui) -> Result<Fragment, RenderError> {
    let text = match (status.pending, &status.last_error) {
        (0, _) => match status.last_synced_at {
            Some(at) => ui.tr("sync-in-step-since", &[("when", (&ui.time(at)).into())]),
            None => ui.t("sync-in-step"),
        },
        (n, None) => ui.tr("sync-on-their-way", &[("count", n.into())]),
        (n, Some(error)) => ui.tr(
            "sync-failed",
            &[("count", n.into()), ("error", error.as_str().into())],
        ),
    };
    widgets::field_row(&ui.t("sync-your-google-contacts"), &text)
}

/// The check boxes of the email settings.
pub const EMAIL_KINDS_FIELD: &str = "email_kinds";

/// Which emails the user gets: one box per kind, ticked unless in `off`.
pub fn email_settings(
    urls: &PublicUrl,
    off: &[EmailKind],
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let names: Vec<String> = EmailKind::ALL
        .iter()
        .map(|k| ui.t(k.message_id()))
        .collect();
    let items: Vec<(&str, &str, bool)> = EmailKind::ALL
        .iter()
        .zip(&names)
        .map(|(k, name)| (name.as_str(), k.as_str(), !off.contains(k)))
        .collect();
    let rows = [
        widgets::note(&ui.t("email-settings-intro"))?,
        widgets::checkboxes(EMAIL_KINDS_FIELD, &ui.t("email-settings-label"), &items)?,
        widgets::button(&ui.t("save"), &urls.url_for(EMAIL_SETTINGS_SAVE), &[])?,
    ];
    crate::views::lists::list(
        "email_settings",
        &ui.t("home-email-settings"),
        "",
        &rows,
        &[],
    )
}
