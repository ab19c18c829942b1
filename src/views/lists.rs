//! Lists: search results, mentions, a contact's history, deleted contacts, the labels offered
//! when composing, and the notice after a deletion.

use crate::config::PublicUrl;
use crate::domain::contact::Via;
use crate::domain::recipients::RecipientField;
use crate::event::Event;
use crate::routes::{COMPOSE_INSERT, CONTACT_OPEN, CONTACT_RESTORE, LABEL_OPEN, SEARCH};
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
    Refused(String),
    /// This page of contacts; one more than [`SEARCH_PAGE_SIZE`] says more exist.
    Found(Vec<ContactSummary>),
}

/// Search results for `query`, page `page`.
pub fn search(
    urls: &PublicUrl,
    query: &str,
    page: i64,
    outcome: &Search,
) -> Result<Fragment, RenderError> {
    // The box comes back with the query, so a refused or fruitless search is mended in place.
    let mut rows = vec![widgets::text_input(
        QUERY_FIELD,
        "Search contacts (name, email, phone, company)",
        query,
        false,
    )?];
    let mut actions = Vec::new();
    if let Search::Refused(message) = outcome {
        rows.push(widgets::field_error(message)?);
    }
    rows.push(widgets::button("Search", &urls.url_for(SEARCH), &[])?);
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
                rows.push(widgets::note("Nobody found.")?);
            }
            let url = urls.url_for(SEARCH);
            if page > 0 {
                actions.push(widgets::button(
                    "Previous",
                    &url,
                    &[("q", query), (params::PAGE, &(page - 1).to_string())],
                )?);
            }
            if found.len() > page_size {
                actions.push(widgets::button(
                    "More",
                    &url,
                    &[("q", query), (params::PAGE, &(page + 1).to_string())],
                )?);
            }
        }
    }
    let title = if query.is_empty() {
        "Search".to_owned()
    } else {
        format!("“{query}”")
    };
    list("search", &title, "Search results", &rows, &actions)
}

/// Public comments that @mentioned the caller (`email`).
pub fn mentions(
    urls: &PublicUrl,
    email: &str,
    found: &[Mention],
    event: &Event,
) -> Result<Fragment, RenderError> {
    let open = urls.url_for(CONTACT_OPEN);
    let mut rows = Vec::new();
    for m in found {
        let when = widgets::format_time(m.created_at, event);
        rows.push(widgets::field_row(
            &format!("{} on {} · {when}", m.author, m.contact_name),
            &m.body,
        )?);
        rows.push(widgets::button(
            &format!("Open {}", m.contact_name),
            &open,
            &[(params::CONTACT_ID, &m.contact_id.to_string())],
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note("Nobody has mentioned you yet.")?);
    }
    list("mentions", "Mentions", email, &rows, &[])
}

/// A contact's history: who changed which fields, when, from what to what.
pub fn history(
    my_address: &str,
    contact: &ContactView,
    entries: &[HistoryEntry],
    event: &Event,
) -> Result<Fragment, RenderError> {
    let mut rows = Vec::new();
    for e in entries.iter().take(HISTORY_SHOWN) {
        let verb = match e.action.as_str() {
            "create" => "Added",
            "delete" => "Deleted",
            "restore" => "Restored",
            "clash" => "Not applied (changed in the side panel at the same time): typed",
            _ => "Edited",
        };
        let place = match e.via {
            Via::GoogleContacts => " in Google Contacts",
            Via::Capsule => " in Capsule CRM",
            Via::SidePanel => "",
        };
        let when = widgets::format_time(e.changed_at, event);
        let detail: Vec<String> = e
            .changes
            .iter()
            .filter(|(_, old, new)| old != new)
            .map(
                |(f, old, new)| match (e.action.as_str(), old.is_empty(), new.is_empty()) {
                    ("clash", _, _) => format!("{}: {new} (kept: {old})", f.title()),
                    (_, true, _) => format!("{}: {new}", f.title()),
                    (_, false, true) => format!("{}: removed {old}", f.title()),
                    (_, false, false) => format!("{}: {old} → {new}", f.title()),
                },
            )
            .collect();
        rows.push(widgets::field_row(
            &match e.via {
                // The feed writes as the owner who connected it; Capsule is who changed it.
                Via::Capsule => format!(
                    "{verb}{place} (feed connected by {}) · {when}",
                    widgets::who(&e.changed_by, my_address)
                ),
                _ => format!(
                    "{verb}{place} by {} · {when}",
                    widgets::who(&e.changed_by, my_address)
                ),
            },
            &detail.join("\n"),
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note("No history.")?);
    }
    list(
        "history",
        &format!("History of {}", contact.data.name),
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
) -> Result<Fragment, RenderError> {
    let restore = urls.url_for(CONTACT_RESTORE);
    let mut rows = Vec::new();
    for c in deleted {
        rows.push(widgets::field_row("Deleted", &c.name)?);
        rows.push(widgets::button(
            &format!("Restore {}", c.name),
            &restore,
            &[(params::CONTACT_ID, &c.id.to_string())],
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note("Nothing was deleted recently.")?);
    }
    let lid = label.id.to_string();
    let actions = [widgets::button(
        "Back to the label",
        &urls.url_for(LABEL_OPEN),
        &[(params::LABEL_ID, &lid)],
    )?];
    list(
        "deleted_contacts",
        "Deleted contacts",
        &label.name,
        &rows,
        &actions,
    )
}

/// Said after a contact was deleted, with Undo.
pub fn deleted_notice(urls: &PublicUrl, contact: &ContactView) -> Result<Fragment, RenderError> {
    let cid = contact.id.to_string();
    let lid = contact.label_id.to_string();
    let rows = [widgets::note(&format!(
        "“{}” was deleted from {}.",
        contact.data.name, contact.label_name
    ))?];
    let actions = [
        widgets::button(
            "Undo",
            &urls.url_for(CONTACT_RESTORE),
            &[(params::CONTACT_ID, &cid)],
        )?,
        widgets::button(
            "Back to the label",
            &urls.url_for(LABEL_OPEN),
            &[(params::LABEL_ID, &lid)],
        )?,
    ];
    list(
        "deleted",
        "Contact deleted",
        &contact.label_name,
        &rows,
        &actions,
    )
}

/// The compose card's title: the name of the draft toolbar's button that opens it (the
/// manifest's `composeTrigger` action), so that both say the same thing.
pub const COMPOSE_TITLE: &str = "Insert shared contacts";

/// The dropdown choosing the draft field a label's addresses go to.
pub const RECIPIENT_FIELD: &str = "recipient_field";

/// The labels whose addresses can be added to a draft, and the field they go to.
pub fn compose(urls: &PublicUrl, labels: &[LabelView]) -> Result<Fragment, RenderError> {
    let url = urls.url_for(COMPOSE_INSERT);
    let fields: Vec<(&str, &str, bool)> = RecipientField::ALL
        .iter()
        .map(|f| (f.title(), f.as_str(), *f == RecipientField::To))
        .collect();
    let mut rows = vec![widgets::dropdown(RECIPIENT_FIELD, "Add as", &fields)?];
    for l in labels.iter().filter(|l| l.contact_count > 0) {
        rows.push(widgets::button(
            &format!("Add {} ({})", l.name, l.contact_count),
            &url,
            &[(params::LABEL_ID, &l.id.to_string())],
        )?);
    }
    if rows.len() == 1 {
        rows.push(widgets::note("None of your labels has contacts yet.")?);
    } else {
        rows.push(widgets::note(
            "Addresses already on the draft are not added again. Bcc keeps members' addresses from each other.",
        )?);
    }
    list(
        "compose",
        COMPOSE_TITLE,
        "A label's addresses, added to the draft",
        &rows,
        &[],
    )
}
