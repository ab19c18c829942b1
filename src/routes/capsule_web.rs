//! What reaches us from Capsule outside the add-on: the owner's browser coming back from Capsule's
//! OAuth consent, and REST hook deliveries. Neither carries a Google token: the OAuth callback is
//! bound by its single-use `state`, a delivery by the unguessable secret in its URL.

use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{HttpRequest, HttpResponse, web};
use secrecy::SecretString;
use serde::Deserialize;

use crate::capsule::{CapsuleError, Session};
use crate::domain::permission::{Action, allows};
use crate::domain::principal::Principal;
use crate::i18n::{Lang, Ui};
use crate::screens::feed::{digest, oauth_redirect, store, url_secret};
use crate::startup::AppState;
use crate::storage::feeds::{self, AuthKind};
use crate::storage::labels;

/// The events a feed subscribes to.
pub const HOOK_EVENTS: [&str; 3] = ["party/created", "party/updated", "party/deleted"];

/// The OAuth callback's query.
#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// A plain page for the window Capsule sent back (it is closed by the owner; the card reloads).
fn page(ui: &Ui, status: actix_web::http::StatusCode, title: &str, message: &str) -> HttpResponse {
    crate::views::pages::message(ui, status, title, message)
}

/// `GET /capsule/oauth/callback?code=&state=`: trades the code, checks the account, stores the
/// tokens sealed and subscribes the REST hooks.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn oauth_callback(
    req: HttpRequest,
    query: web::Query<Callback>,
    state: web::Data<AppState>,
) -> HttpResponse {
    use actix_web::http::StatusCode;
    let ui = Ui::in_lang(Lang::from_accept_language(
        req.headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    ));
    let ui = &ui;
    let (Some(app), Some(secret)) = (&state.config.common.crm.capsule_oauth, &query.state) else {
        return page(
            ui,
            StatusCode::BAD_REQUEST,
            "page-not-connected",
            &ui.t("page-not-a-sign-in"),
        );
    };
    let taken = match state.pool.get().await {
        Ok(client) => feeds::take_oauth(&client, &digest(secret)).await,
        Err(e) => return failed(ui, &e),
    };
    let (label_id, user_id, email) = match taken {
        Ok(Some(found)) => found,
        Ok(None) => {
            return page(
                ui,
                StatusCode::BAD_REQUEST,
                "page-not-connected",
                &ui.t("page-sign-in-used"),
            );
        }
        Err(e) => return failed(ui, &e),
    };
    if query.error.is_some() || query.code.is_none() {
        return page(
            ui,
            StatusCode::OK,
            "page-not-connected",
            &ui.t("page-no-access"),
        );
    }
    let code = query.code.as_deref().unwrap_or_default();
    let who = Principal {
        user_id,
        email,
        domain: None,
        groups: Vec::new(),
    };
    let label = match state.pool.get().await {
        Ok(client) => match labels::get_label_for_user(&client, label_id, &who).await {
            Ok(Some(l)) if allows(Some(l.role), Action::ManageFeed) => l,
            Ok(_) => {
                return page(
                    ui,
                    StatusCode::FORBIDDEN,
                    "page-not-connected",
                    &ui.t("page-not-owner"),
                );
            }
            Err(e) => return failed(ui, &e),
        },
        Err(e) => return failed(ui, &e),
    };
    let creds = match app
        .exchange(&state.capsule, code, &oauth_redirect(&state))
        .await
    {
        Ok(c) => c,
        Err(e) => return refused(ui, &e),
    };
    let access = creds.access.clone();
    let name = match store(&state, &label, &who, creds, AuthKind::OAuth).await {
        Ok(Ok((name, _))) => name,
        Ok(Err(e)) => return refused(ui, &e),
        Err(e) => return failed(ui, &e),
    };
    let mut session = state.capsule.session(SecretString::from(access));
    let hooks = subscribe(&state, &mut session, label_id).await;
    let message = ui.tr(
        if hooks {
            "page-connected-hooks"
        } else {
            "page-connected-polling"
        },
        &[("account", (&name).into()), ("label", (&label.name).into())],
    );
    page(ui, StatusCode::OK, "page-connected", &message)
}

/// Subscribes the feed's hooks, each to a URL holding a fresh secret; whether they are on.
async fn subscribe(state: &AppState, session: &mut Session<'_>, label: uuid::Uuid) -> bool {
    let secret = url_secret();
    let target = state
        .config
        .public_url
        .url_for(&format!("{}/{secret}", super::CAPSULE_HOOKS));
    let mut ids = Vec::new();
    for event in HOOK_EVENTS {
        match session.subscribe(event, &target).await {
            Ok(id) => ids.push(id),
            Err(e) => {
                tracing::info!(error = %e, "Capsule REST hooks unavailable; the feed polls");
                for id in ids {
                    let _ = session.unsubscribe(id).await;
                }
                return false;
            }
        }
    }
    match state.pool.get().await {
        Ok(client) => feeds::set_hooks(&client, label, Some(&digest(&secret)), &ids)
            .await
            .is_ok(),
        Err(_) => false,
    }
}

fn refused(ui: &Ui, e: &CapsuleError) -> HttpResponse {
    tracing::info!(error = %e, "Capsule sign-in refused");
    page(
        ui,
        actix_web::http::StatusCode::BAD_GATEWAY,
        "page-not-connected",
        &ui.t("page-refused"),
    )
}

fn failed(ui: &Ui, e: &dyn std::fmt::Display) -> HttpResponse {
    let reference = uuid::Uuid::new_v4().to_string();
    tracing::error!(%reference, error = %e, "Capsule sign-in failed");
    page(
        ui,
        actix_web::http::StatusCode::INTERNAL_SERVER_ERROR,
        "page-not-connected",
        &ui.tr("page-failed", &[("reference", (&reference).into())]),
    )
}

/// `POST /capsule/hooks/{secret}`: a delivery. Its body is never trusted (nothing signs it): it
/// only makes the feed read Capsule again now. Unknown secrets get 404 and change nothing.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn hook(path: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let secret = path.into_inner();
    if secret.len() > 100 {
        return HttpResponse::NotFound().finish();
    }
    let client = match state.pool.get().await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "Capsule hook: no database connection");
            // Capsule may retry; the poll catches up in any case.
            return HttpResponse::ServiceUnavailable().finish();
        }
    };
    match feeds::hint(&client, &digest(&secret)).await {
        Ok(true) => HttpResponse::Ok().finish(),
        Ok(false) => HttpResponse::NotFound().finish(),
        Err(e) => {
            tracing::warn!(error = %e, "Capsule hook not recorded");
            HttpResponse::ServiceUnavailable().finish()
        }
    }
}
