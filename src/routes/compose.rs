//! The Gmail compose trigger: insert a label's addresses as recipients of the draft.

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::auth::Compose;
use crate::domain::recipients::{self, RecipientField};
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::{contacts, labels};
use crate::views::lists::RECIPIENT_FIELD;
use crate::views::params;
use crate::views::{self, navigation};

/// Labels offered (Google allows 100 widgets per section).
const COMPOSE_LABELS: i64 = 90;
/// Most recipients inserted at once: a label is not a mailing list.
const MAX_RECIPIENTS: i64 = 100;

/// `POST /addon/compose`: the labels whose addresses can be inserted.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn compose(
    Caller { addon, who }: Caller<Compose>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let client = state.pool.get().await?;
    let labels = labels::list_labels_for_user(&client, &who, COMPOSE_LABELS).await?;
    drop(client);
    let card = views::lists::compose(&state.config.public_url, &labels, &addon.ui)?;
    Ok(navigation::trigger_card(&card))
}

/// `POST /addon/compose/insert`: adds the label's addresses to the draft's To, Cc or Bcc, after
/// what is there and without repeating anyone already on the draft.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn insert_recipients(
    Caller { addon, who }: Caller<Compose>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label_id = uuid_param(&addon, params::LABEL_ID)?;
    // To unless the dropdown says otherwise; a value it never offers is forged.
    let field = match addon.event.form_value(RECIPIENT_FIELD) {
        None => RecipientField::To,
        Some(v) => RecipientField::parse(v).ok_or(ApiError::NotFound)?,
    };
    let client = state.pool.get().await?;
    labels::get_label_for_user(&client, label_id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let list = contacts::list_contacts(&client, label_id, &who, 0, MAX_RECIPIENTS).await?;
    drop(client);
    let adding: Vec<String> = list.iter().filter_map(|c| c.email.clone()).collect();
    let draft = addon.event.gmail.clone().unwrap_or_default();
    let current = match field {
        RecipientField::To => &draft.to_recipients,
        RecipientField::Cc => &draft.cc_recipients,
        RecipientField::Bcc => &draft.bcc_recipients,
    };
    let (recipients, added) = recipients::add(
        current,
        &[
            &draft.to_recipients,
            &draft.cc_recipients,
            &draft.bcc_recipients,
        ],
        &adding,
    );
    Ok(navigation::update_draft_recipients(
        field,
        &recipients,
        adding.len(),
        added,
        &addon.ui,
    ))
}
