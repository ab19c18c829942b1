//! Forms: a contact, a new label, a comment, and the owner's label settings. Each keeps what was
//! typed and shows messages under the fields they are about.

use std::collections::BTreeMap;

use uuid::Uuid;

use crate::config::PublicUrl;
use crate::domain::contact::{ContactForm, Field, FieldErrors};
use crate::domain::message::Msg;
use crate::domain::text::Lines;
use crate::i18n::Ui;
use crate::routes::{
    COMMENT_REMOVE, COMMENT_UPDATE, CONTACT_CREATE, CONTACT_OPEN, CONTACT_SAVE, LABEL_CREATE,
    LABEL_DELETE, LABEL_RENAME, LABEL_TRANSFER,
};
use crate::storage::contacts::{ContactView, Duplicate};
use crate::storage::labels::{LabelView, Member};
use crate::views::contact::BODY_FIELD;
use crate::views::params;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::widgets;

/// The name box of the new-label form and of the settings.
pub const LABEL_NAME_FIELD: &str = "label_name";
/// The member picked as new owner in the settings.
pub const NEW_OWNER_FIELD: &str = "new_owner";

/// Name of the form input for `field`.
pub fn input_name(field: Field) -> String {
    format!("contact_{}", field.key())
}

fn multiline(field: Field) -> bool {
    field.lines() == Lines::Multi
}

/// Where a form posts, and what it says.
pub struct FormTarget {
    /// The card's title.
    pub title: String,
    /// Under the title.
    pub subtitle: String,
    /// Where Save posts.
    pub url: String,
    /// Its action parameters.
    pub params: Vec<(&'static str, String)>,
}

/// What the contact form says besides the boxes: why a value was refused, what changed meanwhile,
/// and who in the label looks like the same person.
#[derive(Debug, Default)]
pub struct Messages {
    /// Under their field: why the value was refused.
    pub errors: FieldErrors,
    /// Under their field: what someone else saved meanwhile.
    pub notes: BTreeMap<Field, Msg>,
    /// Contacts of the label with an address or number typed here.
    pub duplicates: Vec<Duplicate>,
}

/// The contact form: one box per field the caller may see, each with its message, then Save.
pub fn contact_form(
    urls: &PublicUrl,
    target: &FormTarget,
    form: &ContactForm,
    hidden: &[Field],
    messages: &Messages,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let Messages {
        errors,
        notes,
        duplicates,
    } = messages;
    let mut widgets_out = Vec::new();
    for f in Field::ALL.into_iter().filter(|f| !hidden.contains(f)) {
        let name = ui.t(f.message_id());
        let label = if multiline(f) && f != Field::Notes {
            ui.tr("form-one-per-line", &[("field", (&name).into())])
        } else {
            name
        };
        widgets_out.push(widgets::text_input(
            &input_name(f),
            &label,
            form.get(f),
            multiline(f),
        )?);
        if let Some(message) = errors.get(&f) {
            widgets_out.push(widgets::field_error(&ui.msg(message))?);
        }
        if let Some(message) = notes.get(&f) {
            widgets_out.push(widgets::field_error(&ui.msg(message))?);
        }
    }
    let mut params: Vec<(&str, &str)> = target
        .params
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    // Someone with the same address or number is in the label already: say who, offer to open
    // them, and save only if the user says so.
    let ids: Vec<String> = duplicates.iter().map(|d| d.id.to_string()).collect();
    for (d, id) in duplicates.iter().zip(&ids) {
        let what = if d.by_email { "email" } else { "phone" };
        widgets_out.push(widgets::field_error(&ui.tr(
            "form-duplicate",
            &[("name", (&d.name).into()), ("what", what.into())],
        ))?);
        widgets_out.push(widgets::button(
            &ui.tr("open-name", &[("name", (&d.name).into())]),
            &urls.url_for(CONTACT_OPEN),
            &[(params::CONTACT_ID, id)],
        )?);
    }
    let save = if duplicates.is_empty() {
        "save"
    } else {
        params.push((params::DUPLICATE_OK, "yes"));
        "form-save-anyway"
    };
    widgets_out.push(widgets::button(&ui.t(save), &target.url, &params)?);
    render(
        Template::Form,
        &[
            ("card_name", Slot::Text("contact_form")),
            ("title", Slot::Text(&target.title)),
            ("subtitle", Slot::Text(&target.subtitle)),
            ("widgets", Slot::List(&widgets_out)),
        ],
    )
}

/// The form adding a contact to a label.
pub fn create_target(urls: &PublicUrl, label_name: &str, label_id: Uuid, ui: &Ui) -> FormTarget {
    FormTarget {
        title: ui.t("form-new-contact"),
        subtitle: label_name.to_owned(),
        url: urls.url_for(CONTACT_CREATE),
        params: vec![(params::LABEL_ID, label_id.to_string())],
    }
}

/// The form editing a contact, based on version `based_on` (what the user started from, which a
/// form shown again keeps so that concurrent edits still merge).
pub fn edit_target(urls: &PublicUrl, contact: &ContactView, based_on: i32, ui: &Ui) -> FormTarget {
    FormTarget {
        title: ui.t("form-edit-contact"),
        subtitle: String::new(),
        url: urls.url_for(CONTACT_SAVE),
        params: vec![
            (params::CONTACT_ID, contact.id.to_string()),
            (params::VERSION, based_on.to_string()),
        ],
    }
}

/// The form creating a label, with what was typed and the message under the name.
pub fn label_form(
    urls: &PublicUrl,
    typed: &str,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let name_error = match error {
        Some(message) => vec![widgets::field_error(&ui.msg(message))?],
        None => Vec::new(),
    };
    render(
        Template::LabelForm,
        &[
            ("title", Slot::Text(&ui.t("form-new-label"))),
            ("subtitle", Slot::Text(&ui.t("form-new-label-subtitle"))),
            ("name_label", Slot::Text(&ui.t("form-label-name"))),
            ("name_hint", Slot::Text(&ui.t("form-label-name-hint"))),
            ("create", Slot::Text(&ui.t("form-create"))),
            ("name", Slot::Text(typed)),
            ("name_error", Slot::List(&name_error)),
            ("create_url", Slot::Text(&urls.url_for(LABEL_CREATE))),
        ],
    )
}

/// The author's form to change or delete their comment.
pub fn comment_form(
    urls: &PublicUrl,
    id: uuid::Uuid,
    typed: &str,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let cid = id.to_string();
    let mut w = vec![widgets::text_input(
        BODY_FIELD,
        &ui.t("form-comment"),
        typed,
        true,
    )?];
    if let Some(e) = error {
        w.push(widgets::field_error(&ui.msg(e))?);
    }
    w.push(widgets::button(
        &ui.t("save"),
        &urls.url_for(COMMENT_UPDATE),
        &[(params::COMMENT_ID, &cid)],
    )?);
    w.push(widgets::button(
        &ui.t("form-delete-comment"),
        &urls.url_for(COMMENT_REMOVE),
        &[(params::COMMENT_ID, &cid), (params::FROM, "form")],
    )?);
    render(
        Template::Form,
        &[
            ("card_name", Slot::Text("comment_form")),
            ("title", Slot::Text(&ui.t("form-edit-comment"))),
            ("subtitle", Slot::Text("")),
            ("widgets", Slot::List(&w)),
        ],
    )
}

/// The owner's settings: rename (with what was typed and its message), transfer to a member,
/// delete.
pub fn settings(
    urls: &PublicUrl,
    label: &LabelView,
    members: &[Member],
    typed: &str,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let lid = label.id.to_string();
    let mut w = vec![widgets::text_input(
        LABEL_NAME_FIELD,
        &ui.t("form-label-name"),
        typed,
        false,
    )?];
    if let Some(e) = error {
        w.push(widgets::field_error(&ui.msg(e))?);
    }
    w.push(widgets::button(
        &ui.t("settings-rename"),
        &urls.url_for(LABEL_RENAME),
        &[(params::LABEL_ID, &lid)],
    )?);
    if members.is_empty() {
        w.push(widgets::note(&ui.t("settings-share-first"))?);
    } else {
        let ids: Vec<String> = members.iter().map(|m| m.user_id.to_string()).collect();
        let items: Vec<(&str, &str, bool)> = members
            .iter()
            .zip(&ids)
            .enumerate()
            .map(|(i, (m, id))| (m.email.as_str(), id.as_str(), i == 0))
            .collect();
        w.push(widgets::dropdown(
            NEW_OWNER_FIELD,
            &ui.t("settings-transfer-to"),
            &items,
        )?);
        w.push(widgets::button(
            &ui.t("settings-transfer"),
            &urls.url_for(LABEL_TRANSFER),
            &[(params::LABEL_ID, &lid)],
        )?);
    }
    w.push(widgets::button(
        &ui.t("settings-delete-label"),
        &urls.url_for(LABEL_DELETE),
        &[(params::LABEL_ID, &lid)],
    )?);
    render(
        Template::Form,
        &[
            ("card_name", Slot::Text("label_settings")),
            (
                "title",
                Slot::Text(&ui.tr("settings-title", &[("label", (&label.name).into())])),
            ),
            ("subtitle", Slot::Text(&ui.t("settings-subtitle"))),
            ("widgets", Slot::List(&w)),
        ],
    )
}

/// Asks before a label is deleted for everyone.
pub fn confirm_delete(
    urls: &PublicUrl,
    label: &LabelView,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let lid = label.id.to_string();
    let w = [
        widgets::field_error(&ui.tr(
            "settings-delete-warning",
            &[
                ("label", (&label.name).into()),
                ("count", label.contact_count.into()),
            ],
        ))?,
        widgets::button(
            &ui.t("settings-delete-everyone"),
            &urls.url_for(LABEL_DELETE),
            &[(params::LABEL_ID, &lid), (params::CONFIRM, "yes")],
        )?,
    ];
    render(
        Template::Form,
        &[
            ("card_name", Slot::Text("confirm_delete")),
            ("title", Slot::Text(&ui.t("settings-delete-title"))),
            ("subtitle", Slot::Text(&label.name)),
            ("widgets", Slot::List(&w)),
        ],
    )
}
