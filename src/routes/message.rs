//! The Gmail contextual trigger: the people on the open email, what the team knows about them,
//! and a way to add the unknown ones to a label.

use actix_web::{HttpResponse, web};

use crate::auth::MessageOpen;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::views::navigation;

/// `POST /addon/message`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn message_open(
    Caller { addon, who }: Caller<MessageOpen>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let card = screens::message::card(&state, &addon, &who).await?;
    Ok(navigation::trigger_card(&card))
}
