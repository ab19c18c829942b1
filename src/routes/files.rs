//! Contacts in and out by file, in the add-on: opening the upload page, the preview and its
//! confirmation, undoing an import, and an export's download link.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use super::uuid_param;
use crate::domain::file_import::OnMatch;
use crate::domain::message::Msg;
use crate::domain::permission::{Action, allows};
use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::files::Format;
use crate::i18n::Ui;
use crate::principal::Caller;
use crate::screens;
use crate::screens::feed::{digest, url_secret};
use crate::startup::AppState;
use crate::storage::file_imports::{self as store, Purpose, Undo};
use crate::storage::labels::{self, LabelView};
use crate::views;
use crate::views::navigation;
use crate::views::params;

/// Minutes an upload or download link stays valid.
pub const LINK_MINUTES: u64 = 10;

/// The label `id` if the caller may do `action` on it; not found when they cannot see it, not
/// allowed when their role is too low.
async fn label_for(
    state: &AppState,
    who: &crate::domain::principal::Principal,
    id: uuid::Uuid,
    action: Action,
) -> Result<LabelView, ApiError> {
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(label.role), action) {
        return Err(ApiError::NotAllowed {
            role: label.role,
            action,
        });
    }
    Ok(label)
}

/// A fresh single-use link to `path` for the caller and `label`.
async fn link(
    state: &AppState,
    who: &crate::domain::principal::Principal,
    lang: &str,
    label: uuid::Uuid,
    purpose: Purpose,
    format: Option<Format>,
    path: &str,
) -> Result<String, ApiError> {
    let secret = url_secret();
    let client = state.pool.get().await?;
    store::create_link(
        &client,
        &digest(&secret),
        purpose,
        who,
        label,
        format,
        lang,
        (LINK_MINUTES * 60) as f64,
    )
    .await?;
    Ok(format!(
        "{}?t={secret}",
        state.config.public_url.url_for(path)
    ))
}

/// `POST /addon/files/import` with `label_id`: the card whose button opens the upload page
/// (editors and above), and the caller's import waiting for review, if one is.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn import(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let label = label_for(&state, &who, id, Action::AddContact).await?;
    let url = link(
        &state,
        &who,
        addon.ui.lang().code(),
        id,
        Purpose::Upload,
        None,
        super::FILES_UPLOAD_PAGE,
    )
    .await?;
    let client = state.pool.get().await?;
    let waiting = store::for_label(&client, id, &who)
        .await?
        .into_iter()
        .find(|i| i.mine && i.state == "preview");
    drop(client);
    let card = views::files::import(
        &state.config.public_url,
        &label,
        &url,
        LINK_MINUTES,
        waiting.as_ref(),
        &addon.ui,
    )?;
    Ok(navigation::push(&card))
}

/// `POST /addon/files/preview` with `import_id`: what the caller's file holds and would do.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn preview(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::IMPORT_ID)?;
    let client = state.pool.get().await?;
    let p = store::preview(&client, id, &who, views::files::REJECTIONS_SHOWN)
        .await?
        .ok_or(ApiError::NotFound)?;
    drop(client);
    let card = views::files::preview(&state.config.public_url, &p, None, &addon.ui)?;
    Ok(navigation::push(&card))
}

/// `POST /addon/files/confirm` with `import_id` and the `on_match` choice: queues the import
/// and shows the label with its progress.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn confirm(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::IMPORT_ID)?;
    // No choice is offered when nothing matches; a forged one is refused next to the choice.
    let on_match = match addon.event.form_value(params::ON_MATCH) {
        None => Some(OnMatch::Skip),
        Some(key) => OnMatch::from_key(key),
    };
    let client = state.pool.get().await?;
    let Some(on_match) = on_match else {
        let p = store::preview(&client, id, &who, views::files::REJECTIONS_SHOWN)
            .await?
            .ok_or(ApiError::NotFound)?;
        let card = views::files::preview(
            &state.config.public_url,
            &p,
            Some(&Msg::new("file-on-match-invalid")),
            &addon.ui,
        )?;
        return Ok(navigation::update(&card, None));
    };
    let label = store::confirm(&client, id, &who, on_match)
        .await?
        .ok_or(ApiError::NotFound)?;
    drop(client);
    back_to_label(&state, label, &who, &addon.ui, "file-import-queued").await
}

/// `POST /addon/files/cancel` with `import_id`: drops the caller's previewed import.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn cancel(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::IMPORT_ID)?;
    let client = state.pool.get().await?;
    let label = store::cancel(&client, id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    drop(client);
    back_to_label(&state, label, &who, &addon.ui, "file-import-cancelled").await
}

/// Back to the label's card (the preview is done with), saying `note`.
async fn back_to_label(
    state: &AppState,
    label: Uuid,
    who: &Principal,
    ui: &Ui,
    note: &str,
) -> Result<HttpResponse, ApiError> {
    let card = screens::label::card(state, label, who, 0, ui).await?;
    Ok(navigation::back_to(&card, Some(&ui.t(note))))
}

/// `POST /addon/files/undo` with `import_id`: undoes a finished import as a whole, unless its
/// contacts were changed since.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn undo(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::IMPORT_ID)?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let outcome = store::undo(&tx, id, &who).await?;
    let note = match outcome {
        Undo::Undone { removed, restored } => {
            tx.commit().await?;
            addon.ui.tr(
                "file-undone",
                &[
                    ("removed", i64::try_from(removed).unwrap_or(i64::MAX).into()),
                    ("restored", restored.into()),
                ],
            )
        }
        Undo::EditedSince(n) => {
            drop(tx);
            addon.ui.tr("file-undo-edited", &[("count", n.into())])
        }
        Undo::NotAllowed | Undo::NotFound => return Err(ApiError::NotFound),
    };
    drop(client);
    let label = {
        let client = state.pool.get().await?;
        store::label_of(&client, id, &who)
            .await?
            .ok_or(ApiError::NotFound)?
    };
    let card = screens::label::card(&state, label, &who, 0, &addon.ui).await?;
    Ok(navigation::update(&card, Some(&note)))
}

/// `POST /addon/files/export` with `label_id`, and `format` once chosen: the choice of format,
/// then a single-use download link (viewers and above).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn export(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let label = label_for(&state, &who, id, Action::View).await?;
    let Some(raw) = addon.event.parameter(params::FORMAT) else {
        let card = views::files::export(&state.config.public_url, &label, &addon.ui)?;
        return Ok(navigation::push(&card));
    };
    let format = Format::from_key(raw).ok_or(ApiError::NotFound)?;
    let url = link(
        &state,
        &who,
        addon.ui.lang().code(),
        id,
        Purpose::Export,
        Some(format),
        super::FILES_DOWNLOAD,
    )
    .await?;
    let card = views::files::download(&label, &url, LINK_MINUTES, &addon.ui)?;
    Ok(navigation::push(&card))
}
