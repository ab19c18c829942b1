//! One contact opened: the fields the caller may see, who changed it last, the actions their
//! role allows, and the comments with a box to add one.

use crate::config::PublicUrl;
use crate::domain::comment;
use crate::domain::contact::Field;
use crate::domain::permission::{Action, allows};
use crate::domain::role::Role;
use crate::event::Event;
use crate::routes::{
    COMMENT_CREATE, COMMENT_EDIT, COMMENT_REMOVE, CONTACT_DELETE, CONTACT_EDIT, CONTACT_HISTORY,
    CONTACT_RESTORE,
};
use crate::storage::comments::CommentView;
use crate::storage::contacts::{ContactView, HistoryEntry};
use crate::views::params;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::widgets;

/// The comment box (one per contact on the message card, suffixed with the contact's id).
pub const BODY_FIELD: &str = "comment_body";
/// The visibility dropdown, named like the box.
pub const VISIBILITY_FIELD: &str = "comment_visibility";

/// The comment box's label: a member who may only comment privately is told so before typing.
pub fn comment_box_label(role: Role) -> &'static str {
    if allows(Some(role), Action::CommentPublicly) {
        "Add a comment"
    } else {
        "Add a private comment (only you will see it)"
    }
}

/// What the comment box shows: the text typed and a message, after a refused comment.
#[derive(Debug, Default)]
pub struct CommentBox {
    /// Typed text kept.
    pub typed: String,
    /// Error next to the box.
    pub error: Option<String>,
}

/// The contact card: visible fields, who changed it last, actions by role, comments; for the user
/// at `my_address`.
pub fn card(
    urls: &PublicUrl,
    my_address: &str,
    contact: &ContactView,
    clashes: &[HistoryEntry],
    comments: &[CommentView],
    event: &Event,
    comment_box: &CommentBox,
) -> Result<Fragment, RenderError> {
    let cid = contact.id.to_string();
    let mut fields = Vec::new();
    for f in Field::ALL
        .into_iter()
        .filter(|f| *f != Field::Name && !contact.hidden.contains(f))
    {
        let value = contact.data.display(f);
        if !value.is_empty() {
            fields.push(widgets::field_row(f.title(), &value)?);
        }
    }
    for clash in clashes {
        for (field, kept, typed) in &clash.changes {
            fields.push(widgets::note(&format!(
                "At the same time, {} typed “{typed}” for {} in Google Contacts; “{kept}” was \
                 kept. Their value is in the history.",
                widgets::who(&clash.changed_by, my_address),
                field.title().to_lowercase(),
            ))?);
        }
    }
    if contact.deleted_at.is_some() {
        fields.push(widgets::field_error("This contact was deleted.")?);
    } else if fields.is_empty() {
        fields.push(widgets::note("No other details.")?);
    }
    let mut actions = Vec::new();
    if contact.deleted_at.is_none() {
        if allows(Some(contact.role), Action::EditContact) {
            actions.push(widgets::button(
                "Edit",
                &urls.url_for(CONTACT_EDIT),
                &[(params::CONTACT_ID, &cid)],
            )?);
        }
        if allows(Some(contact.role), Action::DeleteContact) {
            actions.push(widgets::button(
                "Delete",
                &urls.url_for(CONTACT_DELETE),
                &[(params::CONTACT_ID, &cid)],
            )?);
        }
    } else if allows(Some(contact.role), Action::DeleteContact) {
        actions.push(widgets::button(
            "Restore",
            &urls.url_for(CONTACT_RESTORE),
            &[(params::CONTACT_ID, &cid)],
        )?);
    }
    actions.push(widgets::button(
        "History",
        &urls.url_for(CONTACT_HISTORY),
        &[(params::CONTACT_ID, &cid)],
    )?);

    let mut comment_widgets = Vec::new();
    for c in comments {
        comment_widgets.push(comment_row(c, contact.role, urls, event)?);
    }
    if comments.is_empty() {
        comment_widgets.push(widgets::note("No comments yet.")?);
    }
    if contact.deleted_at.is_none() {
        comment_widgets.push(widgets::text_input(
            BODY_FIELD,
            comment_box_label(contact.role),
            &comment_box.typed,
            true,
        )?);
        if let Some(e) = &comment_box.error {
            comment_widgets.push(widgets::field_error(e)?);
        }
        if allows(Some(contact.role), Action::CommentPublicly) {
            comment_widgets.push(widgets::dropdown(
                VISIBILITY_FIELD,
                "Who sees it",
                &[
                    ("Everyone with access to the label", "public", true),
                    ("Only me", "private", false),
                ],
            )?);
        }
        comment_widgets.push(widgets::button(
            "Post comment",
            &urls.url_for(COMMENT_CREATE),
            &[(params::CONTACT_ID, &cid)],
        )?);
    }
    if let Some((account, from_crm)) = &contact.source {
        fields.push(widgets::field_row(
            "Source",
            &if *from_crm {
                format!(
                    "Capsule CRM ({account}): changes made there overwrite the same fields here"
                )
            } else {
                format!("Added by hand: not from Capsule CRM ({account})")
            },
        )?);
    }
    let updated_at = widgets::format_time(contact.updated_at, event);
    render(
        Template::Contact,
        &[
            ("name", Slot::Text(&contact.data.name)),
            ("label_name", Slot::Text(&contact.label_name)),
            ("role", Slot::Text(contact.role.title())),
            ("fields", Slot::List(&fields)),
            (
                "updated_by",
                Slot::Text(widgets::who(&contact.updated_by, my_address)),
            ),
            ("updated_at", Slot::Text(&updated_at)),
            ("actions", Slot::List(&actions)),
            ("comments", Slot::List(&comment_widgets)),
        ],
    )
}

/// One comment: author, time in the user's zone, text, who sees it, and the one thing the caller
/// may do to it (edit their own, or remove someone's public comment as a manager).
pub fn comment_row(
    c: &CommentView,
    role: Role,
    urls: &PublicUrl,
    event: &Event,
) -> Result<Fragment, RenderError> {
    let when = widgets::format_time(c.created_at, event);
    let visibility = if c.is_public {
        "Public"
    } else {
        "Private: only you see it"
    };
    let mut slots = vec![
        ("author", Slot::Text(if c.mine { "You" } else { &c.author })),
        ("when", Slot::Text(&when)),
        ("body", Slot::Text(&c.body)),
        ("visibility", Slot::Text(visibility)),
    ];
    let id = c.id.to_string();
    let action = if comment::may_edit(c.mine) {
        Some(("Edit", urls.url_for(COMMENT_EDIT)))
    } else if comment::may_remove(role, c.mine, c.is_public) {
        Some(("Remove", urls.url_for(COMMENT_REMOVE)))
    } else {
        None
    };
    let template = match &action {
        Some((text, url)) => {
            slots.extend([
                ("action_text", Slot::Text(text)),
                ("action_url", Slot::Text(url)),
                ("comment_id", Slot::Text(&id)),
            ]);
            Template::CommentRowAction
        }
        None => Template::CommentRow,
    };
    render(template, &slots)
}
