//! The homepage trigger: the caller's labels with their role, and a way to create one.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Addon;
use crate::error::ApiError;
use crate::google::id_token::UserIdentity;
use crate::navigation;
use crate::render::{Template, render};
use crate::startup::AppState;
use crate::storage::labels::{self, LabelView};

/// Labels listed on the homepage; Google allows 100 widgets per section.
const LISTED_LABELS: usize = 90;

/// `POST /addon/home`.
pub async fn homepage(addon: Addon, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(navigation::trigger_card(
        home_card(&state, addon.user_id, &addon.identity).await?,
    ))
}

#[derive(Serialize)]
struct HomeContext {
    subtitle: String,
    label_rows: Vec<Value>,
    new_label_url: String,
}

#[derive(Serialize)]
struct RowContext<'a> {
    name: &'a str,
    role: &'static str,
    label_id: String,
    open_url: String,
}

/// The homepage card for `user`.
pub async fn home_card(
    state: &AppState,
    user: Uuid,
    identity: &UserIdentity,
) -> Result<Value, ApiError> {
    let client = state.pool.get().await?;
    let limit = i64::try_from(LISTED_LABELS + 1).unwrap_or(i64::MAX);
    let labels = labels::list_labels_for_user(&client, user, limit).await?;
    drop(client);
    let urls = &state.config.public_url;
    let mut label_rows = Vec::with_capacity(labels.len().min(LISTED_LABELS) + 1);
    for label in labels.iter().take(LISTED_LABELS) {
        label_rows.push(row(label, urls.url_for(super::LABEL_OPEN))?);
    }
    if labels.is_empty() {
        label_rows.push(render(Template::HomepageEmpty, &serde_json::json!({}))?);
    } else if labels.len() > LISTED_LABELS {
        label_rows.push(render(
            Template::FieldError,
            &serde_json::json!({ "message": format!("Showing your first {LISTED_LABELS} labels, by name.") }),
        )?);
    }
    Ok(render(
        Template::Homepage,
        &HomeContext {
            subtitle: identity.email.clone(),
            label_rows,
            new_label_url: urls.url_for(super::LABEL_NEW),
        },
    )?)
}

fn row(label: &LabelView, open_url: String) -> Result<Value, ApiError> {
    Ok(render(
        Template::LabelRow,
        &RowContext {
            name: &label.name,
            role: label.role.title(),
            label_id: label.id.to_string(),
            open_url,
        },
    )?)
}
