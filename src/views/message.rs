//! The people on an open email: what the team knows about each (details, comments, a box to
//! comment) and, for the others, a way to add them to a label.

use std::collections::HashSet;

use crate::config::PublicUrl;
use crate::domain::contact::Field;
use crate::domain::permission::{Action, allows};
use crate::google::gmail::Participant;
use crate::i18n::Ui;
use crate::routes::{COMMENT_CREATE, CONTACT_NEW, CONTACT_OPEN};
use crate::storage::comments::CommentView;
use crate::storage::contacts::{ContactView, KnownPerson, LabelChoice, MessagePeople};
use crate::views;
use crate::views::params;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::widgets;

/// Longest comment shown whole on the message card.
const COMMENT_SHOWN_CHARS: usize = 280;
/// Widgets shown before "Show more" in the section of someone not yet in a label.
const UNKNOWN_SHOWN: i64 = 4;

/// The card for `people`, `found` being what the database holds on them, for the user at
/// `my_address`.
pub fn card(
    urls: &PublicUrl,
    my_address: &str,
    people: &[Participant],
    found: &MessagePeople,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let known = &found.known;
    let mut sections = Vec::new();
    let mut unknown = Vec::new();
    let mut done = HashSet::new();
    for person in people {
        let theirs: Vec<&KnownPerson> = known
            .iter()
            .filter(|k| k.contact.data.email_keys().contains(&person.email))
            .take(3)
            .collect();
        if theirs.is_empty() {
            unknown.push(person);
            continue;
        }
        for k in theirs.into_iter().filter(|k| done.insert(k.contact.id)) {
            sections.push(known_section(
                urls,
                my_address,
                &k.contact,
                &k.comments,
                ui,
            )?);
        }
    }
    if !unknown.is_empty() {
        // Customers and partners are who a label is for: offer them first, colleagues of the
        // user's own domain after them (stable, so the email's order stands within each).
        let my_domain = domain_of(my_address);
        unknown.sort_by_key(|p| domain_of(&p.email) == my_domain);
        let writable: Vec<_> = found
            .writable
            .iter()
            .filter(|l| allows(Some(l.role), Action::AddContact))
            .collect();
        for (i, person) in unknown.iter().enumerate() {
            sections.push(unknown_section(urls, person, &writable, i, ui)?);
        }
    }
    if sections.is_empty() {
        let only = [widgets::note(&ui.t("message-nobody-else"))?];
        sections.push(render(
            Template::Section,
            &[
                ("header", Slot::Text("")),
                ("shown", Slot::Int(UNKNOWN_SHOWN)),
                ("widgets", Slot::List(&only)),
            ],
        )?);
    }
    let subtitle = ui.tr("message-people", &[("count", people.len().into())]);
    render(
        Template::Message,
        &[
            ("title", Slot::Text("Sharebook")),
            ("subtitle", Slot::Text(&subtitle)),
            ("sections", Slot::List(&sections)),
        ],
    )
}

/// The domain of an address, lowercased (`None` without an `@`).
fn domain_of(address: &str) -> Option<String> {
    address
        .rsplit_once('@')
        .map(|(_, domain)| domain.to_ascii_lowercase())
}

fn known_section(
    urls: &PublicUrl,
    my_address: &str,
    contact: &ContactView,
    comment_list: &[CommentView],
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let cid = contact.id.to_string();
    // What the panel is opened for comes first and shows without a click: who this is, the team's
    // latest comments and the box to add one; the details follow, behind Google's "Show more".
    let mut w = vec![widgets::field_row(
        &ui.tr(
            "message-in-label",
            &[
                ("label", (&contact.label_name).into()),
                ("role", (&ui.t(contact.role.message_id())).into()),
            ],
        ),
        &contact.data.name,
    )?];
    for c in comment_list {
        w.push(views::contact::comment_row(
            &shortened(c, ui),
            contact.role,
            urls,
            ui,
        )?);
    }
    let body_field = format!("{}.{cid}", views::contact::BODY_FIELD);
    w.push(widgets::text_input(
        &body_field,
        &views::contact::comment_box_label(contact.role, ui),
        "",
        true,
    )?);
    if allows(Some(contact.role), Action::CommentPublicly) {
        let visibility_field = format!("{}.{cid}", views::contact::VISIBILITY_FIELD);
        w.push(widgets::dropdown(
            &visibility_field,
            &ui.t("comment-who-sees"),
            &[
                (&ui.t("message-everyone"), "public", true),
                (&ui.t("comment-only-me"), "private", false),
            ],
        )?);
    }
    w.push(widgets::button(
        &ui.t("comment-post"),
        &urls.url_for(COMMENT_CREATE),
        &[(params::CONTACT_ID, &cid), (params::FROM, "message")],
    )?);
    w.push(widgets::button(
        &ui.t("message-open-contact"),
        &urls.url_for(CONTACT_OPEN),
        &[(params::CONTACT_ID, &cid)],
    )?);
    let shown = i64::try_from(w.len()).unwrap_or(i64::MAX);
    for f in [
        Field::Emails,
        Field::Phones,
        Field::Organization,
        Field::Title,
        Field::Notes,
    ] {
        let value = contact.data.display(f);
        if !contact.hidden.contains(&f) && !value.is_empty() {
            w.push(widgets::field_row(&ui.t(f.message_id()), &value)?);
        }
    }
    w.push(widgets::note(&ui.tr(
        "contact-last-changed",
        &[
            ("who", (&ui.who(&contact.updated_by, my_address)).into()),
            ("when", (&ui.time(contact.updated_at)).into()),
        ],
    ))?);
    render(
        Template::Section,
        &[
            ("header", Slot::Text(&contact.data.name)),
            ("shown", Slot::Int(shown)),
            ("widgets", Slot::List(&w)),
        ],
    )
}

/// A comment as the message card shows it: whole up to [`COMMENT_SHOWN_CHARS`], then cut, the
/// contact card (one click away) showing it all.
fn shortened(c: &CommentView, ui: &Ui) -> CommentView {
    if c.body.chars().count() <= COMMENT_SHOWN_CHARS {
        return c.clone();
    }
    let mut short = c.clone();
    short.body =
        c.body.chars().take(COMMENT_SHOWN_CHARS).collect::<String>() + &ui.t("message-comment-cut");
    short
}

fn unknown_section(
    urls: &PublicUrl,
    person: &Participant,
    writable: &[&LabelChoice],
    index: usize,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let name = person.name.clone().unwrap_or_default();
    let header = if name.is_empty() {
        person.email.clone()
    } else {
        format!("{name} <{}>", person.email)
    };
    let mut w = vec![widgets::note(&ui.t("message-not-in-label"))?];
    if writable.is_empty() {
        w.push(widgets::note(&ui.t("message-no-writable-label"))?);
    } else {
        let field = format!("add_label.{index}");
        let items: Vec<(&str, String, bool)> = writable
            .iter()
            .enumerate()
            .map(|(i, l)| (l.name.as_str(), l.id.to_string(), i == 0))
            .collect();
        let items: Vec<(&str, &str, bool)> =
            items.iter().map(|(t, v, s)| (*t, v.as_str(), *s)).collect();
        w.push(widgets::dropdown(&field, &ui.t("message-label"), &items)?);
        w.push(widgets::button(
            &ui.t("message-add-to-label"),
            &urls.url_for(CONTACT_NEW),
            &[
                (params::LABEL_FIELD, &field),
                ("name", &name),
                ("emails", &person.email),
            ],
        )?);
    }
    render(
        Template::Section,
        &[
            ("header", Slot::Text(&header)),
            ("shown", Slot::Int(UNKNOWN_SHOWN)),
            ("widgets", Slot::List(&w)),
        ],
    )
}
