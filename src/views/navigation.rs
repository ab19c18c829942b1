//! Response envelopes Google expects: a `RenderAction` for triggers and a `SubmitFormResponse`
//! (`renderActions`) for action callbacks. Cards arrive as rendered [`Fragment`]s.

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use serde_json::json;

use crate::domain::recipients::RecipientField;
use crate::i18n::Ui;
use crate::views::render::Fragment;

/// One navigation step, applied by Google in order.
#[derive(Debug, Clone, Copy)]
pub enum Navigation<'a> {
    /// Push a card on the stack.
    Push(&'a Fragment),
    /// Replace the top card (form values of same-named fields are kept by Google).
    Update(&'a Fragment),
    /// Go back to the first card.
    PopToRoot,
    /// Go back one card.
    Pop,
}

fn write_action(out: &mut Vec<u8>, navigations: &[Navigation<'_>], notification: Option<&str>) {
    out.extend_from_slice(br#"{"navigations":["#);
    for (i, nav) in navigations.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match nav {
            Navigation::Push(card) => wrap(out, br#"{"pushCard":"#, card),
            Navigation::Update(card) => wrap(out, br#"{"updateCard":"#, card),
            Navigation::PopToRoot => out.extend_from_slice(br#"{"popToRoot":true}"#),
            Navigation::Pop => out.extend_from_slice(br#"{"pop":true}"#),
        }
    }
    out.push(b']');
    if let Some(text) = notification {
        out.extend_from_slice(br#","notification":{"text":"#);
        // Writing a &str into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
        out.push(b'}');
    }
    out.push(b'}');
}

fn wrap(out: &mut Vec<u8>, open: &[u8], card: &Fragment) {
    out.extend_from_slice(open);
    out.extend_from_slice(card.as_bytes());
    out.push(b'}');
}

fn json_response(body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body)
}

/// Answer to a trigger (homepage, message open, compose): the card to show.
pub fn trigger_card(card: &Fragment) -> HttpResponse {
    let mut out = Vec::with_capacity(card.as_bytes().len() + 48);
    out.extend_from_slice(br#"{"action":"#);
    write_action(&mut out, &[Navigation::Push(card)], None);
    out.push(b'}');
    json_response(out)
}

/// Pushes `card`: what an action that opens something answers.
pub fn push(card: &Fragment) -> HttpResponse {
    action_response(&[Navigation::Push(card)], None)
}

/// Replaces the top card with `card` (a form shown again, a card refreshed after a change).
pub fn update(card: &Fragment, notification: Option<&str>) -> HttpResponse {
    action_response(&[Navigation::Update(card)], notification)
}

/// Goes back one card and refreshes the one below with `card` (after saving a pushed form).
pub fn back_to(card: &Fragment, notification: Option<&str>) -> HttpResponse {
    action_response(&[Navigation::Pop, Navigation::Update(card)], notification)
}

/// Answer to an action callback.
pub fn action_response(navigations: &[Navigation<'_>], notification: Option<&str>) -> HttpResponse {
    let size: usize = navigations
        .iter()
        .map(|n| match n {
            Navigation::Push(c) | Navigation::Update(c) => c.as_bytes().len() + 16,
            _ => 20,
        })
        .sum();
    let mut out = Vec::with_capacity(size + 96);
    out.extend_from_slice(br#"{"renderActions":{"action":"#);
    write_action(&mut out, navigations, notification);
    out.extend_from_slice(if notification.is_some() {
        br#"},"stateChanged":true}"#
    } else {
        br#"},"stateChanged":false}"#
    });
    json_response(out)
}

/// Asks Google to request more OAuth scopes from the user, then re-run the same request.
pub fn request_scopes(scopes: &[&str]) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "requesting_google_scopes": { "scopes": scopes } }))
}

/// Sets the draft's `field` to `recipients` (compose trigger), via `updateDraftActionMarkup`, saying
/// how many of `offered` addresses were `added` (the others were on the draft already).
pub fn update_draft_recipients(
    field: RecipientField,
    recipients: &[String],
    offered: usize,
    added: usize,
    ui: &Ui,
) -> HttpResponse {
    let text = match (offered, added) {
        (0, _) => ui.t("draft-no-addresses"),
        (_, 0) => ui.t("draft-all-there"),
        (o, a) => ui.tr(
            "draft-added",
            &[
                ("count", a.into()),
                ("field", (&ui.t(field.message_id())).into()),
                ("there", (o - a).into()),
            ],
        ),
    };
    let markup = match field {
        RecipientField::To => json!({ "updateToRecipients": { "toRecipients": recipients } }),
        RecipientField::Cc => json!({ "updateCcRecipients": { "ccRecipients": recipients } }),
        RecipientField::Bcc => json!({ "updateBccRecipients": { "bccRecipients": recipients } }),
    };
    HttpResponse::Ok().json(json!({
        "renderActions": {
            "action": { "notification": { "text": text } },
            "hostAppAction": { "gmailAction": { "updateDraftActionMarkup": markup } }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::render::{Slot, render_text};
    use actix_web::body::MessageBody;

    fn body(r: HttpResponse) -> serde_json::Value {
        serde_json::from_slice(&r.into_body().try_into_bytes().unwrap()).unwrap()
    }

    #[test]
    fn envelopes_are_valid_json_in_googles_shape() {
        let card = render_text(
            r#"{"header": {"title": "{{t}}"}}"#,
            "t",
            Some(crate::views::card_schema::Msg::Card),
            &[("t", Slot::Text("a\"b"))],
        )
        .unwrap();
        assert_eq!(
            body(trigger_card(&card)),
            json!({"action": {"navigations": [{"pushCard": {"header": {"title": "a\"b"}}}]}})
        );
        assert_eq!(
            body(action_response(
                &[
                    Navigation::PopToRoot,
                    Navigation::Update(&card),
                    Navigation::Pop
                ],
                Some("Done \"!\"")
            )),
            json!({"renderActions": {"action": {
                "navigations": [{"popToRoot": true}, {"updateCard": {"header": {"title": "a\"b"}}}, {"pop": true}],
                "notification": {"text": "Done \"!\""}}}, "stateChanged": true})
        );
    }
}
