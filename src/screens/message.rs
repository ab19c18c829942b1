//! Loads and shows the people on an open email.
//!
//! Gmail asks on every open, so a rendered card is kept and served again while PostgreSQL's change
//! counters show nothing it depends on changed (`message_cache`): that is why this screen renders
//! as well as loads.

use std::sync::Arc;

use crate::auth::{Addon, Needs};
use crate::domain::permission::Action;
use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::google::gmail::{GmailError, Participant};
use crate::message_cache::{self, CachedCard};
use crate::startup::AppState;
use crate::storage::contacts::MessagePeople;
use crate::storage::{changes, contacts};
use crate::views;
use crate::views::render::Fragment;

/// Comments shown per contact on the message card (the contact card shows more).
const COMMENTS_SHOWN: i64 = 5;
/// People shown: Google allows 100 sections, and a long Cc list helps nobody.
const PEOPLE_SHOWN: usize = 10;

/// The card for the open message; also re-rendered after a comment is posted from it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn card<N: Needs>(
    state: &AppState,
    addon: &Addon<N>,
    who: &Principal,
) -> Result<Fragment, ApiError> {
    let gmail = addon.event.gmail.as_ref();
    let (Some(message_id), Some(access), Some(oauth)) = (
        gmail.and_then(|g| g.message_id.as_deref()),
        gmail.and_then(|g| g.access_token.as_deref()),
        addon
            .event
            .authorization_event_object
            .user_o_auth_token
            .as_deref(),
    ) else {
        return Err(ApiError::MalformedEvent(
            "message context without message id or tokens".into(),
        ));
    };
    let people = match state.message_cache.people(who.user_id, message_id) {
        Some(people) => people,
        None => {
            let people = read_people(state, who, message_id, oauth, access).await?;
            state
                .message_cache
                .keep_people(who.user_id, message_id, Arc::clone(&people));
            people
        }
    };
    if people.is_empty() {
        return Ok(views::message::card(
            &state.config.public_url,
            &who.email,
            &people,
            &MessagePeople::default(),
            &addon.ui,
        )?);
    }
    // Everything the card shows comes from `people`, the database and the time zone: a card
    // rendered for the same ones is reused while the change counters stand still.
    let utc_offset = addon
        .event
        .common_event_object
        .time_zone
        .as_ref()
        .and_then(|tz| tz.offset);
    let locale = addon.event.common_event_object.user_locale.as_deref();
    let key = message_cache::Key::new(who, Arc::clone(&people), utc_offset, locale);
    let client = state.pool.get().await?;
    if let Some(cached) = state.message_cache.get(&key) {
        let current = changes::sum(&client, &cached.keys).await? == cached.changes;
        state.message_cache.checked(current);
        if current {
            return Ok(cached.card.clone());
        }
    }
    let emails: Vec<String> = people.iter().map(|p| p.email.clone()).collect();
    let mut keys = changes::message_keys(who, &emails);
    let writer = Action::AddContact.minimum_role();
    let found =
        contacts::message_people(&client, &emails, who, COMMENTS_SHOWN, writer, &keys).await?;
    drop(client);
    let card = views::message::card(
        &state.config.public_url,
        &who.email,
        &people,
        &found,
        &addon.ui,
    )?;
    // The statement summed the counters of the contacts it found along with `keys`.
    keys.extend(
        found
            .known
            .iter()
            .map(|k| changes::contact_key(k.contact.id)),
    );
    state.message_cache.put(
        key,
        Arc::new(CachedCard {
            card: card.clone(),
            keys,
            changes: found.changes,
        }),
    );
    Ok(card)
}

/// The people on the message other than the caller, as its headers name them, from the Gmail API.
async fn read_people(
    state: &AppState,
    who: &Principal,
    message_id: &str,
    oauth: &str,
    access: &str,
) -> Result<Arc<[Participant]>, ApiError> {
    let participants = match state
        .gmail
        .message_participants(message_id, oauth, access)
        .await
    {
        Ok(p) => p,
        Err(GmailError::NotFound) => return Err(ApiError::NotFound),
        Err(e) => {
            return Err(ApiError::Unexpected(
                anyhow::Error::new(e).context("Failed to read the message's headers"),
            ));
        }
    };
    Ok(participants
        .all()
        .into_iter()
        .filter(|p| p.email != who.email)
        .take(PEOPLE_SHOWN)
        .collect())
}
