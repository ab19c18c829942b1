//! The homepage trigger: the caller's labels with their role and size, search, mentions, and a
//! way to create a label.

use actix_web::{HttpResponse, web};

use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::views::{self, navigation};

/// `POST /addon/home`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn homepage(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut home = screens::home::load(&state, &who, &addon.identity.email).await?;
    home.admin = state.admins.domain_of(&addon.identity).await.is_some();
    let card = views::home::card(&home, &state.config.public_url, &addon.ui)?;
    Ok(navigation::trigger_card(&card))
}
