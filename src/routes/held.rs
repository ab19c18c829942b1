//! The owner approving or dismissing deletions made in Google Contacts that the guard held.

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::held;
use crate::views::navigation;
use crate::views::params;

/// `POST /addon/labels/held` with `held_id` and `decision` (`approve` or `dismiss`).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn review_held(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::HELD_ID)?;
    let apply = match addon.event.parameter(params::DECISION) {
        Some("approve") => true,
        Some("dismiss") => false,
        _ => return Err(ApiError::NotFound),
    };
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // Authorised in SQL: a caller who may not review it learns nothing, not even that it exists.
    let label = held::settle(&tx, id, held::Reviewer::Owner(&who), apply)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    drop(client);
    let card = screens::label::card(&state, label, &who, 0, &addon.ui).await?;
    let note = addon.ui.t(if apply {
        "done-held-deleted"
    } else {
        "done-held-kept"
    });
    Ok(navigation::update(&card, Some(&note)))
}
