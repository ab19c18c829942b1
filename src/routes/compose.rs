//! The Gmail compose trigger, offered while the user writes a draft.
//!
//! Until recipients can be inserted from labels (shared-labels work), it shows the caller's labels.

use actix_web::{HttpResponse, web};

use super::homepage::home_card;
use crate::auth::{Addon, Compose};
use crate::error::ApiError;
use crate::navigation;
use crate::startup::AppState;

/// `POST /addon/compose`.
pub async fn compose(
    addon: Addon<Compose>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::trigger_card(
        &home_card(&state, addon.user_id, &addon.identity).await?,
    ))
}
