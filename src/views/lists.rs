//! Lists: search results, mentions, a contact's history, deleted contacts, the labels offered
//! when composing, and the notice after a deletion.

use crate::config::PublicUrl;
use crate::domain::contact::Via;
use crate::domain::message::Msg;
use crate::domain::recipients::RecipientField;
use crate::i18n::Ui;
use crate::routes::{COMPOSE_INSERT, CONTACT_OPEN, CONTACT_RESTORE, SEARCH};
use crate::storage::comments::Mention;
use crate::storage::contacts::{ContactSummary, ContactView, HistoryEntry};
use crate::storage::labels::LabelView;
use crate::views::params;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::widgets;

/// The homepage's search box (named in `cards/homepage.json` too).
pub const QUERY_FIELD: &str = "search_query";
/// Search results per page.
pub const SEARCH_PAGE_SIZE: i64 = 30;
/// History entries shown (Google allows 100 widgets per section).
const HISTORY_SHOWN: usize = 45;

/// A list card: title, subtitle, rows, then actions.
pub(super) fn list(
    name: &str,
    title: &str,
    subtitle: &str,
    rows: &[Fragment],
    actions: &[Fragment],
) -> Result<Fragment, RenderError> {
    render(
        Template::List,
        &[
            ("card_name", Slot::Text(name)),
            ("title", Slot::Text(title)),
            ("subtitle", Slot::Text(subtitle)),
            ("rows", Slot::List(rows)),
            ("actions", Slot::List(actions)),
        ],
    )
}

/// What a search found, or why it did not run.
#[derive(Debug, Clone)]
pub enum Search {
    /// The query was refused; the message goes under it.
    Refused(Msg),
    /// This page of contacts; one more than [`SEARCH_PAGE_SIZE`] says more exist.
    Found(Vec<ContactSummary>),
}

/// Search results for `query`, page `page`.
pub fn search(
    urls: &PublicUrl,
    query: &str,
    page: i64,
    outcome: &Search,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    // The box comes back with the query, so a refused or fruitless search is mended in place.
    let mut rows = vec![widgets::text_input(
        QUERY_FIELD,
        &ui.t("home-search-label"),
        query,
        false,
    )?];
    let mut actions = Vec::new();
    if let Search::Refused(message) = outcome {
        rows.push(widgets::field_error(&ui.msg(message))?);
    }
    rows.push(widgets::button(
        &ui.t("home-search"),
        &urls.url_for(SEARCH),
        &[],
    )?);
    match outcome {
        Search::Refused(_) => {}
        Search::Found(found) => {
            let page_size = usize::try_from(SEARCH_PAGE_SIZE).unwrap_or(30);
            let open = urls.url_for(CONTACT_OPEN);
            for c in found.iter().take(page_size) {
                let detail = [
                    c.organization.as_str(),
                    c.email.as_deref().unwrap_or_default(),
                ]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · ");
                rows.push(render(
                    Template::ContactRow,
                    &[
                        ("name", Slot::Text(&c.name)),
                        ("detail", Slot::Text(&detail)),
                        ("open_url", Slot::Text(&open)),
                        ("contact_id", Slot::Text(&c.id.to_string())),
                    ],
                )?);
            }
            if found.is_empty() {
                rows.push(widgets::note(&ui.t("search-nobody"))?);
            }
            let url = urls.url_for(SEARCH);
            if page > 0 {
                actions.push(widgets::button(
                    &ui.t("previous-page"),
                    &url,
                    &[("q", query), (params::PAGE, &(page - 1).to_string())],
                )?);
            }
            if found.len() > page_size {
                actions.push(widgets::button(
                    &ui.t("search-more"),
                    &url,
                    &[("q", query), (params::PAGE, &(page + 1).to_string())],
                )?);
            }
        }
    }
    let title = if query.is_empty() {
        ui.t("home-search")
    } else {
        format!("“{query}”")
    };
    list("search", &title, &ui.t("search-results"), &rows, &actions)
}

/// Public comments that @mentioned the caller (`email`).
pub fn mentions(
    urls: &PublicUrl,
    email: &str,
    found: &[Mention],
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let open = urls.url_for(CONTACT_OPEN);
    let mut rows = Vec::new();
    for m in found {
        rows.push(widgets::field_row(
            &ui.tr(
                "mention-row",
                &[
                    ("author", (&m.author).into()),
                    ("contact", (&m.contact_name).into()),
                    ("when", (&ui.time(m.created_at)).into()),
                ],
            ),
            &m.body,
        )?);
        rows.push(widgets::button(
            &ui.tr("open-name", &[("name", (&m.contact_name).into())]),
            &open,
            &[(params::CONTACT_ID, &m.contact_id.to_string())],
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note(&ui.t("mentions-none"))?);
    }
    list("mentions", &ui.t("home-mentions"), email, &rows, &[])
}

/// A contact merged into the one whose history is shown, with its own history.
#[derive(Debug, Clone)]
pub struct MergedHistory {
    /// The merge.
    pub merge: crate::storage::merges::MergeView,
    /// The merged contact's history, newest first.
    pub entries: Vec<HistoryEntry>,
}

/// A contact's history: who changed which fields, when, from what to what; then the history of
/// each contact merged into it, with the merge's undo for those who may.
pub fn history(
    urls: &PublicUrl,
    my_address: &str,
    contact: &ContactView,
    entries: &[HistoryEntry],
    merged: &[MergedHistory],
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut rows = Vec::new();
    for e in entries.iter().take(HISTORY_SHOWN) {
        rows.push(history_row(my_address, e, ui)?);
    }
    let may_undo = crate::domain::merge::may_merge(Some(contact.role));
    for m in merged {
        rows.push(widgets::field_error(&ui.tr(
            "history-merged-from",
            &[("name", (&m.merge.merged_name).into())],
        ))?);
        if may_undo && m.merge.undoable {
            rows.push(widgets::button(
                &ui.t("merge-undo"),
                &urls.url_for(crate::routes::CONTACT_UNMERGE),
                &[(params::MERGE_ID, &m.merge.id.to_string())],
            )?);
        }
        for e in m.entries.iter().take(HISTORY_SHOWN / 3) {
            rows.push(history_row(my_address, e, ui)?);
        }
    }
    if rows.is_empty() {
        rows.push(widgets::note(&ui.t("history-none"))?);
    }
    list(
        "history",
        &ui.tr("history-title", &[("name", (&contact.data.name).into())]),
        &contact.label_name,
        &rows,
        &[],
    )
}

/// A label's recently deleted contacts, each with Restore.
pub fn deleted_contacts(
    urls: &PublicUrl,
    label: &LabelView,
    deleted: &[ContactSummary],
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let restore = urls.url_for(CONTACT_RESTORE);
    let mut rows = Vec::new();
    for c in deleted {
        rows.push(widgets::field_row(&ui.t("deleted"), &c.name)?);
        rows.push(widgets::button(
            &ui.tr("restore-name", &[("name", (&c.name).into())]),
            &restore,
            &[(params::CONTACT_ID, &c.id.to_string())],
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note(&ui.t("deleted-none"))?);
    }
    let actions = [crate::views::label::back_button(urls, label.id, ui)?];
    list(
        "deleted_contacts",
        &ui.t("label-deleted-contacts"),
        &label.name,
        &rows,
        &actions,
    )
}

/// Said after a contact was deleted, with Undo.
pub fn deleted_notice(
    urls: &PublicUrl,
    contact: &ContactView,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let cid = contact.id.to_string();
    let rows = [widgets::note(&ui.tr(
        "deleted-notice",
        &[
            ("name", (&contact.data.name).into()),
            ("label", (&contact.label_name).into()),
        ],
    ))?];
    let actions = [
        widgets::button(
            &ui.t("undo"),
            &urls.url_for(CONTACT_RESTORE),
            &[(params::CONTACT_ID, &cid)],
        )?,
        crate::views::label::back_button(urls, contact.label_id, ui)?,
    ];
    list(
        "deleted",
        &ui.t("contact-deleted-title"),
        &contact.label_name,
        &rows,
        &actions,
    )
}

/// The compose card's title in English.
///
/// It is the name of the draft toolbar's button that opens it (the manifest's `composeTrigger`
/// action, which Google shows as written), so that both say the same thing to English readers.
pub const COMPOSE_TITLE: &str = "Insert shared contacts";

/// The dropdown choosing the draft field a label's addresses go to.
pub const RECIPIENT_FIELD: &str = "recipient_field";

/// The labels whose addresses can be added to a draft, and the field they go to.
pub fn compose(urls: &PublicUrl, labels: &[LabelView], ui: &Ui) -> Result<Fragment, RenderError> {
    let url = urls.url_for(COMPOSE_INSERT);
    let names: Vec<String> = RecipientField::ALL
        .iter()
        .map(|f| ui.t(f.message_id()))
        .collect();
    let fields: Vec<(&str, &str, bool)> = RecipientField::ALL
        .iter()
        .zip(&names)
        .map(|(f, name)| (name.as_str(), f.as_str(), *f == RecipientField::To))
        .collect();
    let mut rows = vec![widgets::dropdown(
        RECIPIENT_FIELD,
        &ui.t("compose-add-as"),
        &fields,
    )?];
    for l in labels.iter().filter(|l| l.contact_count > 0) {
        rows.push(widgets::button(
            &ui.tr(
                "compose-add-label",
                &[
                    ("label", (&l.name).into()),
                    ("count", l.contact_count.into()),
                ],
            ),
            &url,
            &[(params::LABEL_ID, &l.id.to_string())],
        )?);
    }
    if rows.len() == 1 {
        rows.push(widgets::note(&ui.t("compose-no-contacts"))?);
    } else {
        rows.push(widgets::note(&ui.t("compose-note"))?);
    }
    list(
        "compose",
        &ui.t("compose-title"),
        &ui.t("compose-subtitle"),
        &rows,
        &[],
    )
}

/// One entry of a history.
fn history_row(my_address: &str, e: &HistoryEntry, ui: &Ui) -> Result<Fragment, RenderError> {
    let action = match e.action.as_str() {
        "create" | "delete" | "restore" | "clash" | "merge" | "unmerge" => e.action.as_str(),
        _ => "edit",
    };
    let via = match e.via {
        Via::GoogleContacts => "google",
        Via::Capsule => "capsule",
        Via::File(_) => "file",
        Via::SidePanel => "panel",
    };
    let detail: Vec<String> = e
        .changes
        .iter()
        .filter(|(_, old, new)| old != new)
        .map(|(f, old, new)| {
            let id = match (e.action.as_str(), old.is_empty(), new.is_empty()) {
                ("clash", _, _) => "history-change-clash",
                (_, true, _) => "history-change-added",
                (_, false, true) => "history-change-removed",
                (_, false, false) => "history-change",
            };
            ui.tr(
                id,
                &[
                    ("field", (&ui.t(f.message_id())).into()),
                    ("old", old.into()),
                    ("new", new.into()),
                ],
            )
        })
        .collect();
    widgets::field_row(
        &ui.tr(
            "history-row",
            &[
                ("action", action.into()),
                ("via", via.into()),
                ("file", e.file.as_deref().unwrap_or_default().into()),
                ("who", (&ui.who(&e.changed_by, my_address)).into()),
                ("when", (&ui.time(e.changed_at)).into()),
            ],
        ),
        &detail.join("\n"),
    )
}
