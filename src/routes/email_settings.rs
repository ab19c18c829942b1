//! Each user's email settings: which kinds of notification they get (all, until they untick one).

use actix_web::{HttpResponse, web};

use crate::domain::email::EmailKind;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::emails;
use crate::views::{home, navigation};

/// `POST /addon/settings/email`: the settings card.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open(
    Caller { addon, who: _ }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let client = state.pool.get().await?;
    let off = emails::opt_outs(&client, addon.user_id).await?;
    drop(client);
    let card = home::email_settings(&state.config.public_url, &off, &addon.ui)?;
    Ok(navigation::push(&card))
}

/// `POST /addon/settings/email/save`: the kinds left ticked stay on, the others go off. A value
/// the form never offers is refused.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn save(
    Caller { addon, who: _ }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let ticked = addon.event.form_values(home::EMAIL_KINDS_FIELD);
    let mut on = Vec::new();
    for t in ticked {
        on.push(EmailKind::parse(t).ok_or(ApiError::NotFound)?);
    }
    let off: Vec<EmailKind> = EmailKind::ALL
        .into_iter()
        .filter(|k| !on.contains(k))
        .collect();
    let client = state.pool.get().await?;
    emails::save_opt_outs(&client, addon.user_id, &off).await?;
    drop(client);
    let card = home::email_settings(&state.config.public_url, &off, &addon.ui)?;
    Ok(navigation::update(&card, Some(&addon.ui.t("done-saved"))))
}
