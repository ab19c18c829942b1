//! Loads a label's page of contacts.

use uuid::Uuid;

use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::i18n::Ui;
use crate::startup::AppState;
use crate::storage::{contacts, feeds, file_imports, held, imports, labels, sync};
use crate::views;
use crate::views::label::{LabelPage, PAGE_SIZE};
use crate::views::render::Fragment;

/// Page `page` of label `id`, if `who` can see it (not found otherwise).
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn load(
    state: &AppState,
    id: Uuid,
    who: &Principal,
    page: i64,
) -> Result<LabelPage, ApiError> {
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let offset = page.saturating_mul(PAGE_SIZE);
    let contacts = contacts::list_contacts(&client, id, who, offset, PAGE_SIZE + 1).await?;
    let sync_off = sync::sync_off(&client, who.user_id, id).await?;
    let held = held::list_for_label(&client, id, who).await?;
    let import = imports::progress(&client, id).await?;
    let feed = feeds::badge(&client, id, who).await?;
    let files = file_imports::for_label(&client, id, who).await?;
    Ok(LabelPage {
        files,
        label,
        contacts,
        page,
        sync_off,
        held,
        import,
        feed,
    })
}

/// The label card of `id` for `who` at `page`: what a route answers after changing the label.
pub async fn card(
    state: &AppState,
    id: Uuid,
    who: &Principal,
    page: i64,
    ui: &Ui,
) -> Result<Fragment, ApiError> {
    let loaded = load(state, id, who, page).await?;
    Ok(views::label::card(&loaded, &state.config.public_url, ui)?)
}
