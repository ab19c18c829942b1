//! A contact's history: who changed which fields, when, from what to what.

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::{contacts, merges};
use crate::views;
use crate::views::navigation::{self};
use crate::views::params;

/// `POST /addon/contacts/history`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn contact_history(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::CONTACT_ID)?;
    let client = state.pool.get().await?;
    let contact = contacts::get_contact(&client, id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let entries = contacts::list_history(&client, id, &who, 0, &contact.hidden).await?;
    let mut merged = Vec::new();
    for merge in merges::into(&client, id, &who).await? {
        let entries =
            contacts::list_history(&client, merge.merged_id, &who, 0, &contact.hidden).await?;
        merged.push(views::lists::MergedHistory { merge, entries });
    }
    drop(client);
    let card = views::lists::history(
        &state.config.public_url,
        &who.email,
        &contact,
        &entries,
        &merged,
        &addon.ui,
    )?;
    Ok(navigation::push(&card))
}
