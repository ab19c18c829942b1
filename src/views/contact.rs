//! One contact opened: the fields the caller may see, who changed it last, the actions their
//! role allows, and the comments with a box to add one.

use crate::config::PublicUrl;
use crate::domain::comment;
use crate::domain::contact::Field;
use crate::domain::message::Msg;
use crate::domain::permission::{Action, allows};
use crate::domain::role::Role;
use crate::i18n::Ui;
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
pub fn comment_box_label(role: Role, ui: &Ui) -> String {
    ui.t(if allows(Some(role), Action::CommentPublicly) {
        "comment-box"
    } else {
        "comment-box-private"
    })
}

/// What the comment box shows: the text typed and a message, after a refused comment.
#[derive(Debug, Default)]
pub struct CommentBox {
    /// Typed text kept.
    pub typed: String,
    /// Error next to the box.
    pub error: Option<Msg>,
}

/// The contact card: visible fields, who changed it last, actions by role, comments; for the user
/// at `my_address`.
pub fn card(
    urls: &PublicUrl,
    my_address: &str,
    contact: &ContactView,
    clashes: &[HistoryEntry],
    comments: &[CommentView],
    ui: &Ui,
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
            fields.push(widgets::field_row(&ui.t(f.message_id()), &value)?);
        }
    }
    for clash in clashes {
        for (field, kept, typed) in &clash.changes {
            fields.push(widgets::note(
                &ui.tr(
                    "contact-clash",
                    &[
                        ("who", clash.changed_by.as_str().into()),
                        (
                            "mine",
                            if clash.changed_by.eq_ignore_ascii_case(my_address) {
                                "yes"
                            } else {
                                "no"
                            }
                            .into(),
                        ),
                        ("typed", typed.into()),
                        ("field", (&ui.t(field.message_id())).into()),
                        ("kept", kept.into()),
                    ],
                ),
            )?);
        }
    }
    if contact.deleted_at.is_some() {
        fields.push(widgets::field_error(&ui.t("contact-deleted"))?);
    } else if fields.is_empty() {
        fields.push(widgets::note(&ui.t("contact-no-details"))?);
    }
    let mut actions = Vec::new();
    if contact.deleted_at.is_none() {
        if allows(Some(contact.role), Action::EditContact) {
            actions.push(widgets::button(
                &ui.t("edit"),
                &urls.url_for(CONTACT_EDIT),
                &[(params::CONTACT_ID, &cid)],
            )?);
        }
        if allows(Some(contact.role), Action::DeleteContact) {
            actions.push(widgets::button(
                &ui.t("delete"),
                &urls.url_for(CONTACT_DELETE),
                &[(params::CONTACT_ID, &cid)],
            )?);
        }
    } else if allows(Some(contact.role), Action::DeleteContact) {
        actions.push(widgets::button(
            &ui.t("restore"),
            &urls.url_for(CONTACT_RESTORE),
            &[(params::CONTACT_ID, &cid)],
        )?);
    }
    actions.push(widgets::button(
        &ui.t("contact-history"),
        &urls.url_for(CONTACT_HISTORY),
        &[(params::CONTACT_ID, &cid)],
    )?);

    let mut comment_widgets = Vec::new();
    for c in comments {
        comment_widgets.push(comment_row(c, contact.role, urls, ui)?);
    }
    if comments.is_empty() {
        comment_widgets.push(widgets::note(&ui.t("comments-none"))?);
    }
    if contact.deleted_at.is_none() {
        comment_widgets.push(widgets::text_input(
            BODY_FIELD,
            &comment_box_label(contact.role, ui),
            &comment_box.typed,
            true,
        )?);
        if let Some(e) = &comment_box.error {
            comment_widgets.push(widgets::field_error(&ui.msg(e))?);
        }
        if allows(Some(contact.role), Action::CommentPublicly) {
            comment_widgets.push(widgets::dropdown(
                VISIBILITY_FIELD,
                &ui.t("comment-who-sees"),
                &[
                    (&ui.t("comment-everyone"), "public", true),
                    (&ui.t("comment-only-me"), "private", false),
                ],
            )?);
        }
        comment_widgets.push(widgets::button(
            &ui.t("comment-post"),
            &urls.url_for(COMMENT_CREATE),
            &[(params::CONTACT_ID, &cid)],
        )?);
    }
    if let Some((account, from_crm)) = &contact.source {
        fields.push(widgets::field_row(
            &ui.t("contact-source"),
            &ui.tr(
                if *from_crm {
                    "contact-source-crm"
                } else {
                    "contact-source-hand"
                },
                &[("account", account.into())],
            ),
        )?);
    }
    let last_changed = ui.tr(
        "contact-last-changed",
        &[
            ("who", (&ui.who(&contact.updated_by, my_address)).into()),
            ("when", (&ui.time(contact.updated_at)).into()),
        ],
    );
    let subtitle = ui.tr(
        "contact-subtitle",
        &[
            ("label", (&contact.label_name).into()),
            ("role", (&ui.t(contact.role.message_id())).into()),
        ],
    );
    render(
        Template::Contact,
        &[
            ("name", Slot::Text(&contact.data.name)),
            ("subtitle", Slot::Text(&subtitle)),
            ("fields", Slot::List(&fields)),
            ("last_changed", Slot::Text(&last_changed)),
            ("comments_header", Slot::Text(&ui.t("comments"))),
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
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let when = ui.time(c.created_at);
    let visibility = ui.t(if c.is_public {
        "comment-public"
    } else {
        "comment-private"
    });
    let you = ui.t("you-capital");
    let mut slots = vec![
        ("author", Slot::Text(if c.mine { &you } else { &c.author })),
        ("when", Slot::Text(&when)),
        ("body", Slot::Text(&c.body)),
        ("visibility", Slot::Text(&visibility)),
    ];
    let id = c.id.to_string();
    let action = if comment::may_edit(c.mine) {
        Some((ui.t("edit"), urls.url_for(COMMENT_EDIT)))
    } else if comment::may_remove(role, c.mine, c.is_public) {
        Some((ui.t("remove"), urls.url_for(COMMENT_REMOVE)))
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
