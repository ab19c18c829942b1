//! Response envelopes Google expects: a `RenderAction` for triggers and a `SubmitFormResponse`
//! (`renderActions`) for action callbacks.

use actix_web::HttpResponse;
use serde_json::{Value, json};

/// One navigation step, applied by Google in order.
#[derive(Debug, Clone)]
pub enum Navigation {
    /// Push a card on the stack.
    Push(Value),
    /// Replace the top card (form values of same-named fields are kept by Google).
    Update(Value),
    /// Go back to the first card.
    PopToRoot,
    /// Go back one card.
    Pop,
}

impl Navigation {
    fn to_json(&self) -> Value {
        match self {
            Navigation::Push(card) => json!({ "pushCard": card }),
            Navigation::Update(card) => json!({ "updateCard": card }),
            Navigation::PopToRoot => json!({ "popToRoot": true }),
            Navigation::Pop => json!({ "pop": true }),
        }
    }
}

fn action(navigations: &[Navigation], notification: Option<&str>) -> Value {
    let mut action =
        json!({ "navigations": navigations.iter().map(Navigation::to_json).collect::<Vec<_>>() });
    if let (Some(text), Some(map)) = (notification, action.as_object_mut()) {
        map.insert("notification".into(), json!({ "text": text }));
    }
    action
}

/// Answer to a trigger (homepage, message open, compose): the card to show.
pub fn trigger_card(card: Value) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "action": action(&[Navigation::Push(card)], None) }))
}

/// Answer to an action callback.
pub fn action_response(navigations: &[Navigation], notification: Option<&str>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "renderActions": { "action": action(navigations, notification) },
        "stateChanged": notification.is_some(),
    }))
}

/// Asks Google to request more OAuth scopes from the user, then re-run the same request.
pub fn request_scopes(scopes: &[&str]) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "requesting_google_scopes": { "scopes": scopes } }))
}
