//! Contacts: open one, add one, edit one (merging concurrent edits field by field).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use super::uuid_param;
use crate::domain::comment;
use crate::domain::contact::{ContactData, ContactForm, Field, FieldErrors, Merge, merge};
use crate::domain::permission::{Action, allows};
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::event::Event;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::contacts::{self, ContactView, Updated};
use crate::storage::{comments, labels};
use crate::views::navigation::{self, Navigation};
use crate::views::render::{Fragment, Slot, Template, render};
use crate::views::widgets;

/// Name of the form input for `field`.
pub fn input_name(field: Field) -> String {
    format!("contact_{}", field.key())
}

fn multiline(field: Field) -> bool {
    matches!(
        field,
        Field::Emails | Field::Phones | Field::Addresses | Field::Notes | Field::Custom
    )
}

/// What was typed in the contact form, fields hidden from the caller left out.
fn typed_form(event: &Event, hidden: &[Field]) -> ContactForm {
    let mut values = BTreeMap::new();
    for f in Field::ALL.into_iter().filter(|f| !hidden.contains(f)) {
        values.insert(
            f,
            event
                .form_value(&input_name(f))
                .unwrap_or_default()
                .to_owned(),
        );
    }
    ContactForm { values }
}

/// Where a form posts, and what it says.
struct FormTarget<'a> {
    title: &'a str,
    subtitle: &'a str,
    url: String,
    params: Vec<(&'static str, String)>,
}

fn contact_form(
    target: &FormTarget<'_>,
    form: &ContactForm,
    hidden: &[Field],
    errors: &FieldErrors,
    notes: &BTreeMap<Field, String>,
) -> Result<Fragment, ApiError> {
    let mut widgets_out = Vec::new();
    for f in Field::ALL.into_iter().filter(|f| !hidden.contains(f)) {
        let label = if multiline(f) && f != Field::Notes {
            format!("{} (one per line)", f.title())
        } else {
            f.title().to_owned()
        };
        widgets_out.push(widgets::text_input(
            &input_name(f),
            &label,
            form.get(f),
            multiline(f),
        )?);
        if let Some(message) = errors.get(&f) {
            widgets_out.push(widgets::field_error(message)?);
        }
        if let Some(message) = notes.get(&f) {
            widgets_out.push(widgets::field_error(message)?);
        }
    }
    let params: Vec<(&str, &str)> = target
        .params
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    widgets_out.push(widgets::button("Save", &target.url, &params)?);
    Ok(render(
        Template::Form,
        &[
            ("card_name", Slot::Text("contact_form")),
            ("title", Slot::Text(target.title)),
            ("subtitle", Slot::Text(target.subtitle)),
            ("widgets", Slot::List(&widgets_out)),
        ],
    )?)
}

/// `POST /addon/contacts/new`: the empty form for a label the caller may add to.
pub async fn new_contact_form(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // From a label card the id is a parameter; from an email, the label picked in a dropdown.
    let label_id = match addon.event.parameter("label_field") {
        Some(field) => addon
            .event
            .form_value(field)
            .and_then(|v| v.parse().ok())
            .ok_or(ApiError::NotFound)?,
        None => uuid_param(&addon, "label_id")?,
    };
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, label_id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(label.role), Action::AddContact) {
        return Err(ApiError::NotFound);
    }
    let mut form = ContactForm::default();
    // Prefilled from the open email ("Add to a label").
    for f in [Field::Name, Field::Emails] {
        if let Some(v) = addon.event.parameter(f.key()) {
            form.values.insert(f, v.to_owned());
        }
    }
    let target = create_target(&state, &label.name, label_id);
    let card = contact_form(&target, &form, &[], &FieldErrors::new(), &BTreeMap::new())?;
    Ok(navigation::action_response(
        &[Navigation::Push(&card)],
        None,
    ))
}

fn create_target<'a>(state: &AppState, label_name: &'a str, label_id: Uuid) -> FormTarget<'a> {
    FormTarget {
        title: "New contact",
        subtitle: label_name,
        url: state.config.public_url.url_for(super::CONTACT_CREATE),
        params: vec![("label_id", label_id.to_string())],
    }
}

/// `POST /addon/contacts/create`.
pub async fn create_contact(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label_id = uuid_param(&addon, "label_id")?;
    let mut client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, label_id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(label.role), Action::AddContact) {
        return Err(ApiError::NotFound);
    }
    let form = typed_form(&addon.event, &[]);
    let data = match form.validate() {
        Ok(d) => d,
        Err(errors) => {
            let target = create_target(&state, &label.name, label_id);
            let card = contact_form(&target, &form, &[], &errors, &BTreeMap::new())?;
            return Ok(navigation::action_response(
                &[Navigation::Update(&card)],
                None,
            ));
        }
    };
    let tx = client.transaction().await?;
    let id = contacts::insert_contact(&tx, label_id, &who, &data)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    drop(client);
    tracing::info!(contact_id = %id, "Contact created");
    let card = contact_card(&state, id, &who, &addon.event, &CommentBox::default()).await?;
    Ok(navigation::action_response(
        &[Navigation::Update(&card)],
        Some("Contact added"),
    ))
}

/// `POST /addon/contacts/open`.
pub async fn open_contact(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "contact_id")?;
    let card = contact_card(&state, id, &who, &addon.event, &CommentBox::default()).await?;
    Ok(navigation::action_response(
        &[Navigation::Push(&card)],
        None,
    ))
}

/// What the comment box shows: the text typed and a message, after a refused comment.
#[derive(Debug, Default)]
pub struct CommentBox {
    /// Typed text kept.
    pub typed: String,
    /// Error next to the box.
    pub error: Option<String>,
}

/// The contact card: visible fields, who changed it last, actions by role, comments.
pub async fn contact_card(
    state: &AppState,
    id: Uuid,
    who: &Principal,
    event: &Event,
    comment_box: &CommentBox,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let contact = contacts::get_contact(&client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let comments = comments::list_comments(&client, id, who, 30).await?;
    drop(client);
    render_contact(state, &contact, &comments, event, comment_box)
}

/// Renders a contact already loaded (also used by the message-open trigger).
pub fn render_contact(
    state: &AppState,
    contact: &ContactView,
    comments: &[comments::CommentView],
    event: &Event,
    comment_box: &CommentBox,
) -> Result<Fragment, ApiError> {
    let urls = &state.config.public_url;
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
                &urls.url_for(super::CONTACT_EDIT),
                &[("contact_id", &cid)],
            )?);
        }
        if allows(Some(contact.role), Action::DeleteContact) {
            actions.push(widgets::button(
                "Delete",
                &urls.url_for(super::CONTACT_DELETE),
                &[("contact_id", &cid)],
            )?);
        }
    } else if allows(Some(contact.role), Action::DeleteContact) {
        actions.push(widgets::button(
            "Restore",
            &urls.url_for(super::CONTACT_RESTORE),
            &[("contact_id", &cid)],
        )?);
    }
    actions.push(widgets::button(
        "History",
        &urls.url_for(super::CONTACT_HISTORY),
        &[("contact_id", &cid)],
    )?);

    let mut comment_widgets = Vec::new();
    for c in comments {
        comment_widgets.push(comment_row(c, contact.role, state, event)?);
    }
    if comments.is_empty() {
        comment_widgets.push(widgets::note("No comments yet.")?);
    }
    if contact.deleted_at.is_none() {
        comment_widgets.push(widgets::text_input(
            super::comments::BODY_FIELD,
            "Add a comment",
            &comment_box.typed,
            true,
        )?);
        if let Some(e) = &comment_box.error {
            comment_widgets.push(widgets::field_error(e)?);
        }
        if allows(Some(contact.role), Action::CommentPublicly) {
            comment_widgets.push(widgets::dropdown(
                super::comments::VISIBILITY_FIELD,
                "Who sees it",
                &[
                    ("Everyone with access to the label", "public", true),
                    ("Only me", "private", false),
                ],
            )?);
        }
        comment_widgets.push(widgets::button(
            "Post comment",
            &urls.url_for(super::COMMENT_CREATE),
            &[("contact_id", &cid)],
        )?);
    }
    let updated_at = widgets::format_time(contact.updated_at, event);
    Ok(render(
        Template::Contact,
        &[
            ("name", Slot::Text(&contact.data.name)),
            ("label_name", Slot::Text(&contact.label_name)),
            ("role", Slot::Text(contact.role.title())),
            ("fields", Slot::List(&fields)),
            ("updated_by", Slot::Text(&contact.updated_by)),
            ("updated_at", Slot::Text(&updated_at)),
            ("actions", Slot::List(&actions)),
            ("comments", Slot::List(&comment_widgets)),
        ],
    )?)
}

/// One comment: author, time in the user's zone, text, who sees it, and the one thing the caller
/// may do to it (edit their own, or remove someone's public comment as a manager).
pub fn comment_row(
    c: &comments::CommentView,
    role: Role,
    state: &AppState,
    event: &Event,
) -> Result<Fragment, ApiError> {
    let when = widgets::format_time(c.created_at, event);
    let visibility = if c.is_public {
        "Public"
    } else {
        "Private: only you see it"
    };
    let mut slots = vec![
        ("author", Slot::Text(&c.author)),
        ("when", Slot::Text(&when)),
        ("body", Slot::Text(&c.body)),
        ("visibility", Slot::Text(visibility)),
    ];
    let urls = &state.config.public_url;
    let id = c.id.to_string();
    let action = if comment::may_edit(c.mine) {
        Some(("Edit", urls.url_for(super::COMMENT_EDIT)))
    } else if comment::may_remove(role, c.mine, c.is_public) {
        Some(("Remove", urls.url_for(super::COMMENT_REMOVE)))
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
    Ok(render(template, &slots)?)
}

fn edit_target(state: &AppState, contact: &ContactView) -> FormTarget<'static> {
    FormTarget {
        title: "Edit contact",
        subtitle: "",
        url: state.config.public_url.url_for(super::CONTACT_SAVE),
        params: vec![
            ("contact_id", contact.id.to_string()),
            ("version", contact.version.to_string()),
        ],
    }
}

/// `POST /addon/contacts/edit`: the form filled with the current values.
pub async fn edit_contact_form(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "contact_id")?;
    let client = state.pool.get().await?;
    let contact = editable(contacts::get_contact(&client, id, &who).await?)?;
    let form = ContactForm::from_data(&contact.data);
    let card = contact_form(
        &edit_target(&state, &contact),
        &form,
        &contact.hidden,
        &FieldErrors::new(),
        &BTreeMap::new(),
    )?;
    Ok(navigation::action_response(
        &[Navigation::Push(&card)],
        None,
    ))
}

fn editable(contact: Option<ContactView>) -> Result<ContactView, ApiError> {
    match contact {
        Some(c) if c.deleted_at.is_none() && allows(Some(c.role), Action::EditContact) => Ok(c),
        _ => Err(ApiError::NotFound),
    }
}

/// `POST /addon/contacts/save`: saves an edit. If someone saved since the form was opened,
/// changes to different fields merge; a clash on the same field returns the form showing both
/// values, with the typed ones kept, and nothing is written.
pub async fn save_contact(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "contact_id")?;
    let base_version: i32 = addon
        .event
        .parameter("version")
        .and_then(|v| v.parse().ok())
        .ok_or(ApiError::NotFound)?;
    let mut client = state.pool.get().await?;
    let current = editable(contacts::get_contact(&client, id, &who).await?)?;
    let form = typed_form(&addon.event, &current.hidden);
    let mine = match form.validate() {
        Ok(d) => d,
        Err(errors) => {
            let mut target = edit_target(&state, &current);
            target.params = vec![
                ("contact_id", id.to_string()),
                ("version", base_version.to_string()),
            ];
            let card = contact_form(&target, &form, &current.hidden, &errors, &BTreeMap::new())?;
            return Ok(navigation::action_response(
                &[Navigation::Update(&card)],
                None,
            ));
        }
    };
    let base = if current.version == base_version {
        current.data.clone()
    } else {
        let later =
            contacts::list_history(&client, id, &who, base_version, &current.hidden).await?;
        base_of(&current.data, &later)
    };
    let fields = match merge(&base, &mine, &current.data) {
        Merge::Clean(_) => mine.changed_fields(&base),
        Merge::Clash(clashes) => {
            let notes = clashes
                .iter()
                .map(|f| {
                    let theirs = current.data.display(*f);
                    let shown = if theirs.is_empty() { "(empty)".to_owned() } else { theirs };
                    (*f, format!("{} changed this meanwhile to: {shown}. Your value is kept above; save again to use it.", current.updated_by))
                })
                .collect();
            let card = contact_form(
                &edit_target(&state, &current),
                &form,
                &current.hidden,
                &FieldErrors::new(),
                &notes,
            )?;
            return Ok(navigation::action_response(
                &[Navigation::Update(&card)],
                Some("Someone else edited this contact"),
            ));
        }
    };
    let tx = client.transaction().await?;
    let outcome = contacts::update_contact(&tx, id, &who, current.version, &mine, &fields).await?;
    match outcome {
        Updated::Saved(_) => tx.commit().await?,
        Updated::Stale => {
            drop(tx);
            let card = contact_form(
                &edit_target(&state, &current),
                &form,
                &current.hidden,
                &FieldErrors::new(),
                &BTreeMap::new(),
            )?;
            return Ok(navigation::action_response(
                &[Navigation::Update(&card)],
                Some("Someone saved at the same moment: check and save again"),
            ));
        }
        Updated::NotFound => return Err(ApiError::NotFound),
    }
    drop(client);
    let card = contact_card(&state, id, &who, &addon.event, &CommentBox::default()).await?;
    Ok(navigation::action_response(
        &[Navigation::Pop, Navigation::Update(&card)],
        Some("Saved"),
    ))
}

/// The values at the form's base version: the current ones with every later change undone.
fn base_of(current: &ContactData, later_newest_first: &[contacts::HistoryEntry]) -> ContactData {
    let mut base = current.clone();
    for entry in later_newest_first {
        for (field, old, _) in &entry.changes {
            base.set_display(*field, old);
        }
    }
    base
}
