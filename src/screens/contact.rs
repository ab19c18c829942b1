//! Loads a contact with its comments, and shows it.

use uuid::Uuid;

use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::i18n::Ui;
use crate::startup::AppState;
use crate::storage::comments::{self, CommentView};
use crate::storage::contacts::{self, ContactView, HistoryEntry};
use crate::views;
use crate::views::contact::CommentBox;
use crate::views::render::Fragment;

/// Comments shown on the contact card.
const COMMENTS_SHOWN: i64 = 30;

/// Contact `id` and its newest comments, if `who` can see it (not found otherwise).
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn load(
    state: &AppState,
    id: Uuid,
    who: &Principal,
) -> Result<(ContactView, Vec<CommentView>, Vec<HistoryEntry>), ApiError> {
    let client = state.pool.get().await?;
    let mut contact = contacts::get_contact(&client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    contact.source = crate::storage::feeds::source(&client, id, who).await?;
    let comments = comments::list_comments(&client, id, who, COMMENTS_SHOWN).await?;
    // Values typed in Google Contacts that lost to a side-panel edit, while nothing changed since.
    let clashes = contacts::list_history(&client, id, who, contact.version - 1, &contact.hidden)
        .await?
        .into_iter()
        .filter(|h| h.action == "clash" && h.version == contact.version)
        .collect();
    Ok((contact, comments, clashes))
}

/// The contact card of `id` for `who`, the comment box as given.
#[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
pub async fn card(
    state: &AppState,
    id: Uuid,
    who: &Principal,
    ui: &Ui,
    comment_box: &CommentBox,
) -> Result<Fragment, ApiError> {
    let (contact, comments, clashes) = load(state, id, who).await?;
    Ok(views::contact::card(
        &state.config.public_url,
        &who.email,
        &contact,
        &clashes,
        &comments,
        ui,
        comment_box,
    )?)
}
