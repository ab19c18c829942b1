//! A member switching a label's sync into their own Google Contacts off, or back on, and asking
//! for their Google Contacts to be read now.

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::domain::permission::{Action, allows};
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::{labels, sync};
use crate::views;
use crate::views::navigation::{self};
use crate::views::params;

/// `POST /addon/labels/sync` with `label_id` and `sync` (`on` or `off`).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn choose_sync(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let synced = match addon.event.parameter(params::SYNC) {
        Some("on") => true,
        Some("off") => false,
        _ => return Err(ApiError::NotFound),
    };
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, id, &who)
        .await?
        .filter(|l| allows(Some(l.role), Action::ChooseSync))
        .ok_or(ApiError::NotFound)?;
    if !sync::set_opt_out(&client, &who, id, synced).await? {
        return Err(ApiError::NotFound);
    }
    drop(client);
    let card = screens::label::card(&state, id, &who, 0, &addon.ui).await?;
    let note = if synced {
        format!("“{}” will be synced to your Google Contacts", label.name)
    } else {
        format!("“{}” will be removed from your Google Contacts", label.name)
    };
    Ok(navigation::update(&card, Some(&note)))
}

/// `POST /addon/sync/now`: reads the caller's Google Contacts at once (and retries a failing
/// sync now), then shows the homepage again.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn sync_now(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let client = state.pool.get().await?;
    let started = sync::read_now(&client, who.user_id).await?;
    drop(client);
    let home = screens::home::load(&state, &who, &addon.identity.email).await?;
    let card = views::home::card(&home, &state.config.public_url, &addon.ui)?;
    let note = addon.ui.t(if started {
        "done-sync-reading"
    } else {
        "done-sync-nothing"
    });
    Ok(navigation::update(&card, Some(&note)))
}
