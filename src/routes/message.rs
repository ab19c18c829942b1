//! The Gmail contextual trigger, fired when the user opens a message.
//!
//! Until participants are looked up (shared-labels work), it shows the caller's labels so the
//! side panel is useful in every context.

use actix_web::{HttpResponse, web};

use super::homepage::home_card;
use crate::auth::{Addon, MessageOpen};
use crate::error::ApiError;
use crate::navigation;
use crate::startup::AppState;

/// `POST /addon/message`.
pub async fn message_open(
    addon: Addon<MessageOpen>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::trigger_card(
        &home_card(&state, addon.user_id, &addon.identity).await?,
    ))
}
