//! The owner's label settings: rename, transfer ownership, delete.

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
use crate::views::navigation::{self, Navigation};
use crate::views::render::{Fragment, Slot, Template, render};
use crate::views::widgets;

/// The new name.
const NAME_FIELD: &str = "label_name";
/// The member picked as new owner.
const OWNER_FIELD: &str = "new_owner";

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
    error: Option<&str>,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let members = labels::transfer_candidates(&client, label.id, who.user_id).await?;
    drop(client);
    let urls = &state.config.public_url;
    let lid = label.id.to_string();
    let mut w = vec![widgets::text_input(NAME_FIELD, "Label name", typed, false)?];
    if let Some(e) = error {
        w.push(widgets::field_error(e)?);
    }
    w.push(widgets::button(
        "Rename",
        &urls.url_for(super::LABEL_RENAME),
        &[("label_id", &lid)],
    )?);
    if members.is_empty() {
        w.push(widgets::note(
            "To hand this label to someone, share it with them first.",
        )?);
    } else {
        let ids: Vec<String> = members.iter().map(|m| m.user_id.to_string()).collect();
        let items: Vec<(&str, &str, bool)> = members
            .iter()
            .zip(&ids)
            .enumerate()
            .map(|(i, (m, id))| (m.email.as_str(), id.as_str(), i == 0))
            .collect();
        w.push(widgets::dropdown(
            OWNER_FIELD,
            "Transfer ownership to",
            &items,
        )?);
        w.push(widgets::button(
            "Transfer ownership",
            &urls.url_for(super::LABEL_TRANSFER),
            &[("label_id", &lid)],
        )?);
    }
    w.push(widgets::button(
        "Delete label",
        &urls.url_for(super::LABEL_DELETE),
        &[("label_id", &lid)],
    )?);
    Ok(render(
        Template::Form,
        &[
            ("card_name", Slot::Text("label_settings")),
            ("title", Slot::Text(&format!("Settings of {}", label.name))),
            ("subtitle", Slot::Text("Only you, the owner, see this")),
            ("widgets", Slot::List(&w)),
        ],
    )?)
}

/// `POST /addon/labels/settings`.
pub async fn open_settings(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "label_id")?;
    let label = owned_label(&state, id, &who).await?;
    let card = settings_card(&state, &label, &who, &label.name, None).await?;
    Ok(navigation::action_response(
        &[Navigation::Push(&card)],
        None,
    ))
}

/// `POST /addon/labels/rename`.
pub async fn rename_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "label_id")?;
    let label = owned_label(&state, id, &who).await?;
    let typed = addon.event.form_value(NAME_FIELD).unwrap_or_default();
    let name = match LabelName::parse(typed) {
        Ok(n) => n,
        Err(e) => return refuse(&state, &label, &who, typed, &e.to_string()).await,
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
                &format!("You already have a label named “{name}”."),
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    }
    drop(client);
    let card = views::label::card(
        &screens::label::load(&state, id, &who, 0).await?,
        &state.config.public_url,
    )?;
    Ok(navigation::action_response(
        &[Navigation::Pop, Navigation::Update(&card)],
        Some("Label renamed"),
    ))
}

async fn refuse(
    state: &AppState,
    label: &labels::LabelView,
    who: &Principal,
    typed: &str,
    message: &str,
) -> Result<HttpResponse, ApiError> {
    let card = settings_card(state, label, who, typed, Some(message)).await?;
    Ok(navigation::action_response(
        &[Navigation::Update(&card)],
        None,
    ))
}

/// `POST /addon/labels/transfer`: the owner hands the label to a member and stays on as manager.
pub async fn transfer_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "label_id")?;
    let to: uuid::Uuid = addon
        .event
        .form_value(OWNER_FIELD)
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
    let home = views::home::card(&home, &state.config.public_url, &addon.event)?;
    Ok(navigation::action_response(
        &[Navigation::PopToRoot, Navigation::Update(&home)],
        Some("Ownership transferred"),
    ))
}

/// `POST /addon/labels/delete`: asks first; with `confirm=yes`, deletes the label for everyone.
pub async fn delete_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "label_id")?;
    let label = owned_label(&state, id, &who).await?;
    if addon.event.parameter("confirm") != Some("yes") {
        let lid = id.to_string();
        let w = [
            widgets::field_error(&format!(
                "Deleting “{}” removes its {} contacts, their comments and history, for everyone it is shared with. This cannot be undone.",
                label.name, label.contact_count
            ))?,
            widgets::button(
                "Delete for everyone",
                &state.config.public_url.url_for(super::LABEL_DELETE),
                &[("label_id", &lid), ("confirm", "yes")],
            )?,
        ];
        let card = render(
            Template::Form,
            &[
                ("card_name", Slot::Text("confirm_delete")),
                ("title", Slot::Text("Delete label?")),
                ("subtitle", Slot::Text(&label.name)),
                ("widgets", Slot::List(&w)),
            ],
        )?;
        return Ok(navigation::action_response(
            &[Navigation::Push(&card)],
            None,
        ));
    }
    let client = state.pool.get().await?;
    if !labels::delete_label(&client, id, who.user_id).await? {
        return Err(ApiError::NotFound);
    }
    drop(client);
    tracing::info!(label_id = %id, "Label deleted");
    let home = screens::home::load(&state, &who, &addon.identity.email).await?;
    let home = views::home::card(&home, &state.config.public_url, &addon.event)?;
    Ok(navigation::action_response(
        &[Navigation::PopToRoot, Navigation::Update(&home)],
        Some("Label deleted"),
    ))
}
