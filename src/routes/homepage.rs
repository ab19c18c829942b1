//! The homepage trigger: the caller's labels with their role, and a way to create one.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::auth::Addon;
use crate::error::ApiError;
use crate::google::id_token::UserIdentity;
use crate::navigation;
use crate::render::{Fragment, Slot, Template, render};
use crate::startup::AppState;
use crate::storage::labels;

/// Labels listed on the homepage; Google allows 100 widgets per section.
const LISTED_LABELS: usize = 90;

/// `POST /addon/home`.
pub async fn homepage(addon: Addon, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(navigation::trigger_card(
        &home_card(&state, addon.user_id, &addon.identity).await?,
    ))
}

/// The homepage card for `user`.
pub async fn home_card(
    state: &AppState,
    user: Uuid,
    identity: &UserIdentity,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let limit = i64::try_from(LISTED_LABELS + 1).unwrap_or(i64::MAX);
    let labels = labels::list_labels_for_user(&client, user, limit).await?;
    drop(client);
    let urls = &state.config.public_url;
    let open_url = urls.url_for(super::LABEL_OPEN);
    let mut rows = Vec::with_capacity(labels.len().min(LISTED_LABELS) + 1);
    for label in labels.iter().take(LISTED_LABELS) {
        let id = label.id.to_string();
        rows.push(render(
            Template::LabelRow,
            &[
                ("name", Slot::Text(&label.name)),
                ("role", Slot::Text(label.role.title())),
                ("label_id", Slot::Text(&id)),
                ("open_url", Slot::Text(&open_url)),
            ],
        )?);
    }
    if labels.is_empty() {
        rows.push(render(Template::HomepageEmpty, &[])?);
    } else if labels.len() > LISTED_LABELS {
        let note = format!("Showing your first {LISTED_LABELS} labels, by name.");
        rows.push(render(Template::Note, &[("message", Slot::Text(&note))])?);
    }
    Ok(render(
        Template::Homepage,
        &[
            ("subtitle", Slot::Text(&identity.email)),
            ("label_rows", Slot::List(&rows)),
            ("new_label_url", Slot::Text(&urls.url_for(super::LABEL_NEW))),
        ],
    )?)
}
