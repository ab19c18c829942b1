//! Deleting and restoring contacts: every deletion can be undone, and recent ones are listed.

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::domain::contact::Via;
use crate::domain::permission::{Action, allows};
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::{contacts, labels};
use crate::views;
use crate::views::contact::CommentBox;
use crate::views::navigation::{self};
use crate::views::params;

/// Deletes or restores a contact the caller may delete (deleter and above); the contact as it was
/// before, and whether anything changed.
async fn set_deleted(
    state: &AppState,
    id: uuid::Uuid,
    who: &crate::domain::principal::Principal,
    deleted: bool,
) -> Result<(contacts::ContactView, bool), ApiError> {
    let mut client = state.pool.get().await?;
    let contact = contacts::get_contact(&client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(contact.role), Action::DeleteContact) {
        return Err(ApiError::NotAllowed {
            role: contact.role,
            action: Action::DeleteContact,
        });
    }
    let tx = client.transaction().await?;
    let changed = contacts::set_deleted(&tx, id, who, deleted, Via::SidePanel).await?;
    tx.commit().await?;
    Ok((contact, changed))
}

/// `POST /addon/contacts/delete`: deletes (softly) and offers Undo.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn delete_contact(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::CONTACT_ID)?;
    let (contact, changed) = set_deleted(&state, id, &who, true).await?;
    if changed {
        tracing::info!(contact_id = %id, "Contact deleted");
    }
    let card = views::lists::deleted_notice(&state.config.public_url, &contact, &addon.ui)?;
    Ok(navigation::update(
        &card,
        Some(&addon.ui.t("done-contact-deleted")),
    ))
}

/// `POST /addon/contacts/restore`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn restore_contact(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::CONTACT_ID)?;
    set_deleted(&state, id, &who, false).await?;
    let card = screens::contact::card(&state, id, &who, &addon.ui, &CommentBox::default()).await?;
    Ok(navigation::update(
        &card,
        Some(&addon.ui.t("done-contact-restored")),
    ))
}

/// `POST /addon/labels/deleted`: recently deleted contacts of a label, each with Restore.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn deleted_contacts(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label_id = uuid_param(&addon, params::LABEL_ID)?;
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, label_id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(label.role), Action::DeleteContact) {
        return Err(ApiError::NotAllowed {
            role: label.role,
            action: Action::DeleteContact,
        });
    }
    let deleted = contacts::list_deleted(&client, label_id, &who).await?;
    drop(client);
    let card =
        views::lists::deleted_contacts(&state.config.public_url, &label, &deleted, &addon.ui)?;
    Ok(navigation::push(&card))
}
