//! Comments: public ones for every member (editor and above), private ones for their author.

use crate::domain::email::EmailKind;
use crate::domain::message::{Explain, Msg};
use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::domain::comment::{self, mentioned_emails};
use crate::domain::permission::{Action, allows};
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::{comments, contacts, emails};
use crate::views::contact::CommentBox;
use crate::views::contact::{BODY_FIELD, VISIBILITY_FIELD};
use crate::views::forms;
use crate::views::navigation::{self, Navigation};
use crate::views::params;

/// `POST /addon/comments/create`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create_comment(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::CONTACT_ID)?;
    // The message card holds one box per contact, named after it.
    let body_field = format!("{BODY_FIELD}.{id}");
    let visibility_field = format!("{VISIBILITY_FIELD}.{id}");
    let typed = addon
        .event
        .form_value(&body_field)
        .or_else(|| addon.event.form_value(BODY_FIELD))
        .unwrap_or_default()
        .to_owned();
    // Without the dropdown (viewers) a comment is private.
    let public = match addon
        .event
        .form_value(&visibility_field)
        .or_else(|| addon.event.form_value(VISIBILITY_FIELD))
    {
        Some("public") => true,
        Some("private") | None => false,
        Some(_) => return Err(ApiError::NotFound),
    };
    let mut client = state.pool.get().await?;
    let contact = contacts::get_contact(&client, id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Viewers are never offered "public": a public comment from them is forged.
    if contact.deleted_at.is_some()
        || (public && !allows(Some(contact.role), Action::CommentPublicly))
    {
        return Err(ApiError::NotFound);
    }
    let checked = comment::check_new(contact.role, &typed, public).map_err(|e| e.message());
    // A public comment's @mentions are emailed: someone who cannot see the label would be told
    // nothing (or too much), so such a mention is refused before anything is posted.
    let mentioned = match &checked {
        Ok(body) if public => mentioned_emails(body),
        _ => Vec::new(),
    };
    let checked = match checked {
        Ok(body) if !mentioned.is_empty() => {
            let unreachable =
                unreachable_mentions(&state, &client, contact.label_id, &mentioned).await?;
            if unreachable.is_empty() {
                Ok(body)
            } else {
                Err(Msg::new("error-mention-unreachable").with("who", unreachable.join(", ")))
            }
        }
        other => other,
    };
    let body = match checked {
        Ok(body) => body,
        Err(message) => {
            drop(client);
            // The message goes under the box and, since the box may sit far down a long card,
            // in a notification too.
            let said = addon.ui.msg(&message);
            let comment_box = CommentBox {
                typed,
                error: Some(message),
            };
            let card = screens::contact::card(&state, id, &who, &addon.ui, &comment_box).await?;
            return Ok(navigation::update(&card, Some(&said)));
        }
    };
    let tx = client.transaction().await?;
    comments::insert_comment(&tx, id, &who, public, &body, &mentioned)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !mentioned.is_empty() {
        emails::enqueue(
            &tx,
            &emails::NewEmail {
                kind: EmailKind::Mention,
                recipients: &mentioned,
                sender: who.user_id,
                label: contact.label_id,
                payload: serde_json::json!({ "contact": contact.data.name, "comment": body }),
                lang: addon.ui.lang().code(),
                gather_secs: state.config.common.email.gather.as_secs_f64(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    drop(client);
    if addon.event.parameter(params::FROM) == Some("message")
        && let Ok(card) = screens::message::card(&state, &addon, &who).await
    {
        return Ok(navigation::update(
            &card,
            Some(&addon.ui.t("done-comment-added")),
        ));
    }
    let card = screens::contact::card(&state, id, &who, &addon.ui, &CommentBox::default()).await?;
    Ok(navigation::update(
        &card,
        Some(&addon.ui.t("done-comment-added")),
    ))
}

/// The @mentioned addresses that may not see `label`: neither a member, nor named by a pending
/// share, nor in its domain share, nor (asked of the Directory) in a group it is shared with.
async fn unreachable_mentions(
    state: &AppState,
    client: &deadpool_postgres::Client,
    label: uuid::Uuid,
    mentioned: &[String],
) -> Result<Vec<String>, ApiError> {
    let seen = emails::may_see(client, label, mentioned, &[]).await?;
    let mut left = crate::domain::email::unreachable_mentions(mentioned, &seen);
    if left.is_empty() {
        return Ok(left);
    }
    let groups = emails::group_grantees(client, label).await?;
    if let (false, Some(directory)) = (groups.is_empty(), &state.directory) {
        let mut reached = Vec::new();
        for email in &left {
            // Unknown (the Directory failing) counts as not reachable: the user is told, and may
            // post without the mention.
            let theirs = directory
                .groups_containing(email, &groups)
                .await
                .unwrap_or_default();
            if !theirs.is_empty()
                && !emails::may_see(client, label, std::slice::from_ref(email), &theirs)
                    .await?
                    .is_empty()
            {
                reached.push(email.clone());
            }
        }
        left.retain(|e| !reached.contains(e));
    }
    Ok(left)
}

/// A comment its author may edit; not found for anyone else (nobody edits another's words).
async fn own_comment(
    client: &deadpool_postgres::Client,
    id: uuid::Uuid,
    who: &Principal,
) -> Result<comments::CommentAccess, ApiError> {
    let access = comments::get_comment(client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !comment::may_edit(access.comment.mine) {
        return Err(ApiError::NotFound);
    }
    Ok(access)
}

/// `POST /addon/comments/edit`: the author's form to change or delete their comment.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn edit_comment_form(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::COMMENT_ID)?;
    let client = state.pool.get().await?;
    let access = own_comment(&client, id, &who).await?;
    drop(client);
    let card = forms::comment_form(
        &state.config.public_url,
        id,
        &access.comment.body,
        None,
        &addon.ui,
    )?;
    Ok(navigation::push(&card))
}

/// `POST /addon/comments/update`: saves the author's change.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_comment(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::COMMENT_ID)?;
    let typed = addon.event.form_value(BODY_FIELD).unwrap_or_default();
    let client = state.pool.get().await?;
    let access = own_comment(&client, id, &who).await?;
    let role = Role::from_rank(access.role_rank).ok_or(ApiError::NotFound)?;
    let body = match comment::check_new(role, typed, access.comment.is_public) {
        Ok(b) => b,
        Err(e) => {
            let message = e.message();
            let card = forms::comment_form(
                &state.config.public_url,
                id,
                typed,
                Some(&message),
                &addon.ui,
            )?;
            return Ok(navigation::update(&card, Some(&addon.ui.msg(&message))));
        }
    };
    if !comments::update_comment(&client, id, &who, &body).await? {
        return Err(ApiError::NotFound);
    }
    drop(client);
    let card = screens::contact::card(
        &state,
        access.contact_id,
        &who,
        &addon.ui,
        &CommentBox::default(),
    )
    .await?;
    Ok(navigation::back_to(
        &card,
        Some(&addon.ui.t("done-comment-saved")),
    ))
}

/// `POST /addon/comments/remove`: by its author, or by a manager for a public comment.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn remove_comment(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::COMMENT_ID)?;
    let client = state.pool.get().await?;
    let access = comments::get_comment(&client, id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let role = Role::from_rank(access.role_rank).ok_or(ApiError::NotFound)?;
    if !comment::may_remove(role, access.comment.mine, access.comment.is_public)
        || !comments::remove_comment(&client, id, &who).await?
    {
        return Err(ApiError::NotFound);
    }
    drop(client);
    let card = screens::contact::card(
        &state,
        access.contact_id,
        &who,
        &addon.ui,
        &CommentBox::default(),
    )
    .await?;
    let navs: &[Navigation<'_>] = if addon.event.parameter(params::FROM) == Some("form") {
        &[Navigation::Pop, Navigation::Update(&card)]
    } else {
        &[Navigation::Update(&card)]
    };
    Ok(navigation::action_response(
        navs,
        Some(&addon.ui.t("done-comment-removed")),
    ))
}
