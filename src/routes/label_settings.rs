//! The owner's label settings: rename, transfer ownership, delete.

use crate::domain::message::{Explain, Msg};
use crate::i18n::Ui;
use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::domain::label::LabelName;
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::{StorageError, labels};
use crate::views;
use crate::views::forms;
use crate::views::navigation::{self, Navigation};
use crate::views::params;
use crate::views::render::Fragment;

async fn owned_label(
    state: &AppState,
    id: uuid::Uuid,
    who: &Principal,
) -> Result<labels::LabelView, ApiError> {
    let client = state.pool.get().await?;
    match labels::get_label_for_user(&client, id, who).await? {
        Some(l) if l.role == Role::Owner => Ok(l),
        _ => Err(ApiError::NotFound),
    }
}

async fn settings_card(
    state: &AppState,
    label: &labels::LabelView,
    who: &Principal,
    typed: &str,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let members = labels::transfer_candidates(&client, label.id, who.user_id).await?;
    drop(client);
    Ok(forms::settings(
        &state.config.public_url,
        label,
        &members,
        typed,
        error,
        ui,
    )?)
}

/// `POST /addon/labels/settings`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open_settings(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let label = owned_label(&state, id, &who).await?;
    let card = settings_card(&state, &label, &who, &label.name, None, &addon.ui).await?;
    Ok(navigation::push(&card))
}

/// `POST /addon/labels/rename`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn rename_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let label = owned_label(&state, id, &who).await?;
    let typed = addon
        .event
        .form_value(forms::LABEL_NAME_FIELD)
        .unwrap_or_default();
    let name = match LabelName::parse(typed) {
        Ok(n) => n,
        Err(e) => return refuse(&state, &label, &who, typed, &e.message(), &addon.ui).await,
    };
    let client = state.pool.get().await?;
    match labels::rename_label(&client, id, who.user_id, &name).await {
        Ok(true) => {}
        Ok(false) => return Err(ApiError::NotFound),
        Err(StorageError::Conflict) => {
            drop(client);
            return refuse(
                &state,
                &label,
                &who,
                typed,
                &Msg::new("error-label-name-taken").with("name", name.as_str()),
                &addon.ui,
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    }
    drop(client);
    let card = screens::label::card(&state, id, &who, 0, &addon.ui).await?;
    Ok(navigation::back_to(
        &card,
        Some(&addon.ui.t("done-label-renamed")),
    ))
}

async fn refuse(
    state: &AppState,
    label: &labels::LabelView,
    who: &Principal,
    typed: &str,
    message: &Msg,
    ui: &Ui,
) -> Result<HttpResponse, ApiError> {
    let card = settings_card(state, label, who, typed, Some(message), ui).await?;
    Ok(navigation::update(&card, None))
}

/// `POST /addon/labels/transfer`: the owner hands the label to a member and stays on as manager.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn transfer_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let to: uuid::Uuid = addon
        .event
        .form_value(forms::NEW_OWNER_FIELD)
        .and_then(|v| v.parse().ok())
        .ok_or(ApiError::NotFound)?;
    owned_label(&state, id, &who).await?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    if !labels::transfer_label(&tx, id, who.user_id, to).await? {
        return Err(ApiError::NotFound);
    }
    tx.commit().await?;
    drop(client);
    tracing::info!(label_id = %id, "Ownership transferred");
    let home = screens::home::load(&state, &who, &addon.identity.email).await?;
    let home = views::home::card(&home, &state.config.public_url, &addon.ui)?;
    Ok(navigation::action_response(
        &[Navigation::PopToRoot, Navigation::Update(&home)],
        Some(&addon.ui.t("done-ownership-transferred")),
    ))
}

/// `POST /addon/labels/delete`: asks first; with `confirm=yes`, deletes the label for everyone.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn delete_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let label = owned_label(&state, id, &who).await?;
    if addon.event.parameter(params::CONFIRM) != Some("yes") {
        let card = forms::confirm_delete(&state.config.public_url, &label, &addon.ui)?;
        return Ok(navigation::push(&card));
    }
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // A CRM feed goes with the label; its REST hooks are removed in Capsule afterwards (an
    // account holds at most 20, so forgotten ones would soon block new feeds).
    let feed = crate::storage::feeds::disconnect(&tx, id, &who).await?;
    if !labels::delete_label(&tx, id, who.user_id).await? {
        return Err(ApiError::NotFound);
    }
    tx.commit().await?;
    drop(client);
    if let Some((sealed, hooks)) = feed
        && !hooks.is_empty()
    {
        screens::feed::unsubscribe(&state, id, &sealed, &hooks).await;
    }
    tracing::info!(label_id = %id, "Label deleted");
    let home = screens::home::load(&state, &who, &addon.identity.email).await?;
    let home = views::home::card(&home, &state.config.public_url, &addon.ui)?;
    Ok(navigation::action_response(
        &[Navigation::PopToRoot, Navigation::Update(&home)],
        Some(&addon.ui.t("done-label-deleted")),
    ))
}
