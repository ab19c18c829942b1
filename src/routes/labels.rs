//! Label actions: the creation form, creating a label, opening one with its contacts.

use crate::domain::message::{Explain, Msg};
use crate::i18n::Ui;
use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::auth::Addon;
use crate::domain::label::LabelName;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::{StorageError, labels};
use crate::views;
use crate::views::forms;
use crate::views::navigation::{self, Navigation};
use crate::views::params;

/// `POST /addon/labels/new`: the empty form.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn new_label_form(
    addon: Addon,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::action_response(
        &[Navigation::Push(&forms::label_form(
            &state.config.public_url,
            "",
            None,
            &addon.ui,
        )?)],
        None,
    ))
}

/// `POST /addon/labels/create`: creates a label owned by the caller and shows it; a bad name
/// returns the form with the message under the field and the typed text kept.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let typed = addon
        .event
        .form_value(forms::LABEL_NAME_FIELD)
        .unwrap_or_default();
    let name = match LabelName::parse(typed) {
        Ok(name) => name,
        Err(e) => return form_again(&state, typed, &e.message(), &addon.ui),
    };
    let client = state.pool.get().await?;
    let id = match labels::insert_label(&client, addon.user_id, &name).await {
        Ok(id) => id,
        Err(StorageError::Conflict) => {
            return form_again(
                &state,
                typed,
                &Msg::new("error-label-name-taken").with("name", name.as_str()),
                &addon.ui,
            );
        }
        Err(e) => return Err(e.into()),
    };
    drop(client);
    tracing::info!(label_id = %id, "Label created");
    let urls = &state.config.public_url;
    let home = screens::home::load(&state, &who, &addon.identity.email).await?;
    let home = views::home::card(&home, urls, &addon.ui)?;
    let label = views::label::card(
        &screens::label::load(&state, id, &who, 0).await?,
        urls,
        &addon.ui,
    )?;
    Ok(navigation::action_response(
        &[
            Navigation::PopToRoot,
            Navigation::Update(&home),
            Navigation::Push(&label),
        ],
        Some(&addon.ui.t("done-label-created")),
    ))
}

fn form_again(
    state: &AppState,
    typed: &str,
    message: &Msg,
    ui: &Ui,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::action_response(
        &[Navigation::Update(&forms::label_form(
            &state.config.public_url,
            typed,
            Some(message),
            ui,
        )?)],
        None,
    ))
}

/// `POST /addon/labels/open`: one label and a page of its contacts, if the caller can see it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let page = super::page_param(&addon);
    let page = screens::label::load(&state, id, &who, page).await?;
    let card = views::label::card(&page, &state.config.public_url, &addon.ui)?;
    let nav = if addon.event.parameter(params::PAGE).is_some() {
        Navigation::Update(&card)
    } else {
        Navigation::Push(&card)
    };
    Ok(navigation::action_response(&[nav], None))
}
