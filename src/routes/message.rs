//! The Gmail contextual trigger: the people on the open email, what the team knows about them,
//! and a way to add the unknown ones to a label.

use std::sync::Arc;

use actix_web::{HttpResponse, web};

use crate::auth::{Addon, MessageOpen, Needs};
use crate::domain::contact::Field;
use crate::domain::permission::{Action, allows};
use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::google::gmail::{GmailError, Participant};
use crate::message_cache::{self, CachedCard};
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::contacts::{ContactView, KnownPerson, LabelChoice, MessagePeople};
use crate::storage::{changes, comments, contacts};
use crate::views::navigation;
use crate::views::render::{Fragment, Slot, Template, render};
use crate::views::widgets;

/// Comments shown per contact on the message card (the contact card shows more).
const COMMENTS_SHOWN: i64 = 5;
/// People shown: Google allows 100 sections, and a long Cc list helps nobody.
const PEOPLE_SHOWN: usize = 10;

/// `POST /addon/message`.
pub async fn message_open(
    Caller { addon, who }: Caller<MessageOpen>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::trigger_card(
        &message_card(&state, &addon, &who).await?,
    ))
}

/// The card for the open message; also re-rendered after a comment is posted from it.
pub async fn message_card<N: Needs>(
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
        return render_card(state, &people, &MessagePeople::default(), &addon.event);
    }
    // Everything the card shows comes from `people`, the database and the time zone: a card
    // rendered for the same ones is reused while the change counters stand still.
    let utc_offset = addon
        .event
        .common_event_object
        .time_zone
        .as_ref()
        .and_then(|tz| tz.offset);
    let key = message_cache::Key::new(who, Arc::clone(&people), utc_offset);
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
    let card = render_card(state, &people, &found, &addon.event)?;
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

/// The card for `people`, `found` being what the database holds on them.
fn render_card(
    state: &AppState,
    people: &[Participant],
    found: &MessagePeople,
    event: &crate::event::Event,
) -> Result<Fragment, ApiError> {
    let known = &found.known;
    let mut sections = Vec::new();
    let mut unknown = Vec::new();
    let mut done = std::collections::HashSet::new();
    for person in people {
        let theirs: Vec<&KnownPerson> = known
            .iter()
            .filter(|k| k.contact.data.email_keys().contains(&person.email))
            .take(3)
            .collect();
        if theirs.is_empty() {
            unknown.push(person);
            continue;
        }
        for k in theirs.into_iter().filter(|k| done.insert(k.contact.id)) {
            sections.push(known_section(state, &k.contact, &k.comments, event)?);
        }
    }
    if !unknown.is_empty() {
        let writable: Vec<_> = found
            .writable
            .iter()
            .filter(|l| allows(Some(l.role), Action::AddContact))
            .collect();
        for (i, person) in unknown.iter().enumerate() {
            sections.push(unknown_section(state, person, &writable, i)?);
        }
    }
    if sections.is_empty() {
        let only = [widgets::note("Nobody else is on this email.")?];
        sections.push(render(
            Template::Section,
            &[("header", Slot::Text("")), ("widgets", Slot::List(&only))],
        )?);
    }
    let subtitle = match people.len() {
        1 => "1 person on this email".to_owned(),
        n => format!("{n} people on this email"),
    };
    Ok(render(
        Template::Message,
        &[
            ("title", Slot::Text("Sharebook")),
            ("subtitle", Slot::Text(&subtitle)),
            ("sections", Slot::List(&sections)),
        ],
    )?)
}

fn known_section(
    state: &AppState,
    contact: &ContactView,
    comment_list: &[comments::CommentView],
    event: &crate::event::Event,
) -> Result<Fragment, ApiError> {
    let urls = &state.config.public_url;
    let cid = contact.id.to_string();
    let mut w = vec![widgets::field_row(
        &format!(
            "In {} · you are {}",
            contact.label_name,
            contact.role.title()
        ),
        &contact.data.name,
    )?];
    for f in [
        Field::Emails,
        Field::Phones,
        Field::Organization,
        Field::Title,
        Field::Notes,
    ] {
        let value = contact.data.display(f);
        if !contact.hidden.contains(&f) && !value.is_empty() {
            w.push(widgets::field_row(f.title(), &value)?);
        }
    }
    let when = widgets::format_time(contact.updated_at, event);
    w.push(widgets::note(&format!(
        "Last changed by {}, {when}",
        contact.updated_by
    ))?);
    for c in comment_list {
        w.push(super::contacts::comment_row(c, contact.role, state, event)?);
    }
    let body_field = format!("{}.{cid}", super::comments::BODY_FIELD);
    w.push(widgets::text_input(&body_field, "Add a comment", "", true)?);
    if allows(Some(contact.role), Action::CommentPublicly) {
        let visibility_field = format!("{}.{cid}", super::comments::VISIBILITY_FIELD);
        w.push(widgets::dropdown(
            &visibility_field,
            "Who sees it",
            &[
                ("Everyone with access", "public", true),
                ("Only me", "private", false),
            ],
        )?);
    }
    w.push(widgets::button(
        "Post comment",
        &urls.url_for(super::COMMENT_CREATE),
        &[("contact_id", &cid), ("from", "message")],
    )?);
    w.push(widgets::button(
        "Open contact",
        &urls.url_for(super::CONTACT_OPEN),
        &[("contact_id", &cid)],
    )?);
    Ok(render(
        Template::Section,
        &[
            ("header", Slot::Text(&contact.data.name)),
            ("widgets", Slot::List(&w)),
        ],
    )?)
}

fn unknown_section(
    state: &AppState,
    person: &Participant,
    writable: &[&LabelChoice],
    index: usize,
) -> Result<Fragment, ApiError> {
    let name = person.name.clone().unwrap_or_default();
    let header = if name.is_empty() {
        person.email.clone()
    } else {
        format!("{name} <{}>", person.email)
    };
    let mut w = vec![widgets::note("Not in any label you can see.")?];
    if writable.is_empty() {
        w.push(widgets::note("You have no label you can add contacts to.")?);
    } else {
        let field = format!("add_label.{index}");
        let items: Vec<(&str, String, bool)> = writable
            .iter()
            .enumerate()
            .map(|(i, l)| (l.name.as_str(), l.id.to_string(), i == 0))
            .collect();
        let items: Vec<(&str, &str, bool)> =
            items.iter().map(|(t, v, s)| (*t, v.as_str(), *s)).collect();
        w.push(widgets::dropdown(&field, "Label", &items)?);
        w.push(widgets::button(
            "Add to a label",
            &state.config.public_url.url_for(super::CONTACT_NEW),
            &[
                ("label_field", &field),
                ("name", &name),
                ("emails", &person.email),
            ],
        )?);
    }
    Ok(render(
        Template::Section,
        &[("header", Slot::Text(&header)), ("widgets", Slot::List(&w))],
    )?)
}
