//! Contacts: open one, add one, edit one (merging concurrent edits field by field).

use crate::domain::message::Msg;
use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::domain::contact::{ContactData, ContactForm, Field, Merge, Via, merge};
use crate::domain::permission::{Action, allows};
use crate::error::ApiError;
use crate::event::Event;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::contacts::{self, ContactView, Updated};
use crate::storage::labels;
use crate::views::contact::CommentBox;
use crate::views::forms;
use crate::views::navigation::{self, Navigation};
use crate::views::params;

/// What was typed in the contact form, fields hidden from the caller left out.
fn typed_form(event: &Event, hidden: &[Field]) -> ContactForm {
    let mut values = BTreeMap::new();
    for f in Field::ALL.into_iter().filter(|f| !hidden.contains(f)) {
        values.insert(
            f,
            event
                .form_value(&forms::input_name(f))
                .unwrap_or_default()
                .to_owned(),
        );
    }
    ContactForm { values }
}

/// `POST /addon/contacts/new`: the empty form for a label the caller may add to.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn new_contact_form(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // From a label card the id is a parameter; from an email, the label picked in a dropdown.
    let label_id = match addon.event.parameter(params::LABEL_FIELD) {
        Some(field) => addon
            .event
            .form_value(field)
            .and_then(|v| v.parse().ok())
            .ok_or(ApiError::NotFound)?,
        None => uuid_param(&addon, params::LABEL_ID)?,
    };
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, label_id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(label.role), Action::AddContact) {
        return Err(ApiError::NotAllowed {
            role: label.role,
            action: Action::AddContact,
        });
    }
    let mut form = ContactForm::default();
    // Prefilled from the open email ("Add to a label").
    for f in [Field::Name, Field::Emails] {
        if let Some(v) = addon.event.parameter(f.key()) {
            form.values.insert(f, v.to_owned());
        }
    }
    let target = forms::create_target(&state.config.public_url, &label.name, label_id, &addon.ui);
    let card = forms::contact_form(
        &state.config.public_url,
        &target,
        &form,
        &[],
        &forms::Messages::default(),
        &addon.ui,
    )?;
    Ok(navigation::push(&card))
}

/// `POST /addon/contacts/create`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create_contact(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label_id = uuid_param(&addon, params::LABEL_ID)?;
    let mut client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, label_id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(label.role), Action::AddContact) {
        return Err(ApiError::NotAllowed {
            role: label.role,
            action: Action::AddContact,
        });
    }
    let form = typed_form(&addon.event, &[]);
    let data = match form.validate() {
        Ok(d) => d,
        Err(errors) => {
            let target =
                forms::create_target(&state.config.public_url, &label.name, label_id, &addon.ui);
            let card = forms::contact_form(
                &state.config.public_url,
                &target,
                &form,
                &[],
                &forms::Messages {
                    errors,
                    ..Default::default()
                },
                &addon.ui,
            )?;
            return Ok(navigation::update(&card, None));
        }
    };
    if addon.event.parameter(params::DUPLICATE_OK) != Some("yes") {
        let found = contacts::duplicates(&client, label_id, &who, &data, None).await?;
        if !found.is_empty() {
            let target =
                forms::create_target(&state.config.public_url, &label.name, label_id, &addon.ui);
            let card = forms::contact_form(
                &state.config.public_url,
                &target,
                &form,
                &[],
                &forms::Messages {
                    duplicates: found,
                    ..Default::default()
                },
                &addon.ui,
            )?;
            return Ok(navigation::update(
                &card,
                Some(&addon.ui.t("done-already-in-label")),
            ));
        }
    }
    let tx = client.transaction().await?;
    let id = contacts::insert_contact(&tx, label_id, &who, &data, Via::SidePanel)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    drop(client);
    tracing::info!(contact_id = %id, "Contact created");
    let card = screens::contact::card(&state, id, &who, &addon.ui, &CommentBox::default()).await?;
    // Added from an open email: the email's card below is stale now (it said the person is in no
    // label), so it is rendered again under the new contact, and Back shows it fresh.
    let from_email = addon
        .event
        .gmail
        .as_ref()
        .is_some_and(|g| g.message_id.is_some());
    if from_email && let Ok(email) = screens::message::card(&state, &addon, &who).await {
        return Ok(navigation::action_response(
            &[
                Navigation::PopToRoot,
                Navigation::Update(&email),
                Navigation::Push(&card),
            ],
            Some(&addon.ui.t("done-contact-added")),
        ));
    }
    Ok(navigation::update(
        &card,
        Some(&addon.ui.t("done-contact-added")),
    ))
}

/// `POST /addon/contacts/open`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open_contact(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::CONTACT_ID)?;
    let card = screens::contact::card(&state, id, &who, &addon.ui, &CommentBox::default()).await?;
    Ok(navigation::push(&card))
}

/// `POST /addon/contacts/edit`: the form filled with the current values.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn edit_contact_form(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::CONTACT_ID)?;
    let client = state.pool.get().await?;
    let contact = editable(contacts::get_contact(&client, id, &who).await?)?;
    let form = ContactForm::from_data(&contact.data);
    let card = forms::contact_form(
        &state.config.public_url,
        &forms::edit_target(
            &state.config.public_url,
            &contact,
            contact.version,
            &addon.ui,
        ),
        &form,
        &contact.hidden,
        &forms::Messages::default(),
        &addon.ui,
    )?;
    Ok(navigation::push(&card))
}

fn editable(contact: Option<ContactView>) -> Result<ContactView, ApiError> {
    match contact {
        Some(c) if c.deleted_at.is_none() && allows(Some(c.role), Action::EditContact) => Ok(c),
        // A viewer sees the contact: say what they lack rather than pretend it is gone.
        Some(c) if c.deleted_at.is_none() => Err(ApiError::NotAllowed {
            role: c.role,
            action: Action::EditContact,
        }),
        _ => Err(ApiError::NotFound),
    }
}

/// `POST /addon/contacts/save`: saves an edit. If someone saved since the form was opened,
/// changes to different fields merge; a clash on the same field returns the form showing both
/// values, with the typed ones kept, and nothing is written.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn save_contact(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::CONTACT_ID)?;
    let base_version: i32 = addon
        .event
        .parameter(params::VERSION)
        .and_then(|v| v.parse().ok())
        .ok_or(ApiError::NotFound)?;
    let mut client = state.pool.get().await?;
    let current = editable(contacts::get_contact(&client, id, &who).await?)?;
    let form = typed_form(&addon.event, &current.hidden);
    let mine = match form.validate() {
        Ok(d) => d,
        Err(errors) => {
            let target =
                forms::edit_target(&state.config.public_url, &current, base_version, &addon.ui);
            let card = forms::contact_form(
                &state.config.public_url,
                &target,
                &form,
                &current.hidden,
                &forms::Messages {
                    errors,
                    ..Default::default()
                },
                &addon.ui,
            )?;
            return Ok(navigation::update(&card, None));
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
                    let note = Msg::new("form-changed-meanwhile").with("who", &current.updated_by);
                    let note = if theirs.is_empty() {
                        note.with_id("value", "form-empty")
                    } else {
                        note.with("value", theirs)
                    };
                    (*f, note)
                })
                .collect();
            let card = forms::contact_form(
                &state.config.public_url,
                &forms::edit_target(
                    &state.config.public_url,
                    &current,
                    current.version,
                    &addon.ui,
                ),
                &form,
                &current.hidden,
                &forms::Messages {
                    notes,
                    ..Default::default()
                },
                &addon.ui,
            )?;
            return Ok(navigation::update(
                &card,
                Some(&addon.ui.t("done-someone-else-edited")),
            ));
        }
    };
    if addon.event.parameter(params::DUPLICATE_OK) != Some("yes") {
        let found = contacts::duplicates(&client, current.label_id, &who, &mine, Some(id)).await?;
        if !found.is_empty() {
            let target =
                forms::edit_target(&state.config.public_url, &current, base_version, &addon.ui);
            let card = forms::contact_form(
                &state.config.public_url,
                &target,
                &form,
                &current.hidden,
                &forms::Messages {
                    duplicates: found,
                    ..Default::default()
                },
                &addon.ui,
            )?;
            return Ok(navigation::update(
                &card,
                Some(&addon.ui.t("done-already-in-label")),
            ));
        }
    }
    let tx = client.transaction().await?;
    let outcome = contacts::update_contact(
        &tx,
        id,
        &who,
        current.version,
        &mine,
        &fields,
        Via::SidePanel,
    )
    .await?;
    match outcome {
        Updated::Saved(_) => tx.commit().await?,
        Updated::Stale => {
            drop(tx);
            let card = forms::contact_form(
                &state.config.public_url,
                &forms::edit_target(
                    &state.config.public_url,
                    &current,
                    current.version,
                    &addon.ui,
                ),
                &form,
                &current.hidden,
                &forms::Messages::default(),
                &addon.ui,
            )?;
            return Ok(navigation::update(
                &card,
                Some(&addon.ui.t("done-saved-same-moment")),
            ));
        }
        Updated::NotFound => return Err(ApiError::NotFound),
    }
    drop(client);
    let card = screens::contact::card(&state, id, &who, &addon.ui, &CommentBox::default()).await?;
    Ok(navigation::back_to(&card, Some(&addon.ui.t("done-saved"))))
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
