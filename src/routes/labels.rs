//! Label actions: the creation form, creating a label, opening one.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use super::homepage::home_card;
use crate::auth::Addon;
use crate::domain::label::LabelName;
use crate::error::ApiError;
use crate::navigation::{self, Navigation};
use crate::render::{Fragment, Slot, Template, render};
use crate::startup::AppState;
use crate::storage::{StorageError, labels};

/// Form field holding the new label's name.
const NAME_FIELD: &str = "label_name";

fn label_form(state: &AppState, typed: &str, error: Option<&str>) -> Result<Fragment, ApiError> {
    let name_error = match error {
        Some(message) => vec![render(
            Template::FieldError,
            &[("message", Slot::Text(message))],
        )?],
        None => Vec::new(),
    };
    Ok(render(
        Template::LabelForm,
        &[
            ("name", Slot::Text(typed)),
            ("name_error", Slot::List(&name_error)),
            (
                "create_url",
                Slot::Text(&state.config.public_url.url_for(super::LABEL_CREATE)),
            ),
        ],
    )?)
}

fn label_card(label: &labels::LabelView) -> Result<Fragment, ApiError> {
    Ok(render(
        Template::Label,
        &[
            ("label_name", Slot::Text(&label.name)),
            ("role", Slot::Text(label.role.title())),
        ],
    )?)
}

/// `POST /addon/labels/new`: the empty form.
pub async fn new_label_form(
    _addon: Addon,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::action_response(
        &[Navigation::Push(&label_form(&state, "", None)?)],
        None,
    ))
}

/// `POST /addon/labels/create`: creates a label owned by the caller and shows it; a bad name
/// returns the form with the message under the field and the typed text kept.
pub async fn create_label(
    addon: Addon,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let typed = addon.event.form_value(NAME_FIELD).unwrap_or_default();
    let name = match LabelName::parse(typed) {
        Ok(name) => name,
        Err(e) => return form_again(&state, typed, &e.to_string()),
    };
    let client = state.pool.get().await?;
    let id = match labels::insert_label(&client, addon.user_id, &name).await {
        Ok(id) => id,
        Err(StorageError::Conflict) => {
            return form_again(
                &state,
                typed,
                &format!("You already have a label named “{name}”."),
            );
        }
        Err(e) => return Err(e.into()),
    };
    let label = labels::get_label_for_user(&client, id, addon.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    drop(client);
    tracing::info!(label_id = %id, "Label created");
    let home = home_card(&state, addon.user_id, &addon.identity).await?;
    Ok(navigation::action_response(
        &[
            Navigation::PopToRoot,
            Navigation::Update(&home),
            Navigation::Push(&label_card(&label)?),
        ],
        Some("Label created"),
    ))
}

fn form_again(state: &AppState, typed: &str, message: &str) -> Result<HttpResponse, ApiError> {
    Ok(navigation::action_response(
        &[Navigation::Update(&label_form(
            state,
            typed,
            Some(message),
        )?)],
        None,
    ))
}

/// `POST /addon/labels/open`: one label, if the caller can see it.
pub async fn open_label(
    addon: Addon,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // A forged or foreign id looks exactly like a deleted one: nothing to tell apart.
    let id: Uuid = addon
        .event
        .parameter("label_id")
        .and_then(|s| s.parse().ok())
        .ok_or(ApiError::NotFound)?;
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, id, addon.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(navigation::action_response(
        &[Navigation::Push(&label_card(&label)?)],
        None,
    ))
}
