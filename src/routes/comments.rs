//! Comments: public ones for every member (editor and above), private ones for their author.

use actix_web::{HttpResponse, web};

use super::contacts::{CommentBox, contact_card};
use super::uuid_param;
use crate::auth::Addon;
use crate::domain::comment::{self, mentioned_emails};
use crate::domain::permission::{Action, allows};
use crate::error::ApiError;
use crate::navigation::{self, Navigation};
use crate::principal;
use crate::startup::AppState;
use crate::storage::{comments, contacts};

/// The comment box.
pub const BODY_FIELD: &str = "comment_body";
/// The visibility dropdown.
pub const VISIBILITY_FIELD: &str = "comment_visibility";

/// `POST /addon/comments/create`.
pub async fn create_comment(
    addon: Addon,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "contact_id")?;
    let who = principal::resolve(&state, &addon).await?;
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
    let body = match comment::check_new(contact.role, &typed, public) {
        Ok(body) => body,
        Err(e) => {
            drop(client);
            let comment_box = CommentBox {
                typed,
                error: Some(e.to_string()),
            };
            let card = contact_card(&state, id, &who, &addon.event, &comment_box).await?;
            return Ok(navigation::action_response(
                &[Navigation::Update(&card)],
                None,
            ));
        }
    };
    let tx = client.transaction().await?;
    comments::insert_comment(&tx, id, &who, public, &body, &mentioned_emails(&body))
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    drop(client);
    if addon.event.parameter("from") == Some("message")
        && let Ok(card) = super::message::message_card(&state, &addon, &who).await
    {
        return Ok(navigation::action_response(
            &[Navigation::Update(&card)],
            Some("Comment added"),
        ));
    }
    let card = contact_card(&state, id, &who, &addon.event, &CommentBox::default()).await?;
    Ok(navigation::action_response(
        &[Navigation::Update(&card)],
        Some("Comment added"),
    ))
}
