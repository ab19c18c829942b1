//! The owner's CRM feed: connect a Capsule account (token or OAuth), choose its parties, sync
//! now, disconnect.

use crate::domain::message::{Explain, Msg};
use crate::i18n::Ui;
use actix_web::{HttpResponse, web};
use secrecy::SecretString;
use uuid::Uuid;

use super::uuid_param;
use crate::capsule::CapsuleError;
use crate::capsule::oauth::Credentials;
use crate::domain::permission::{Action, allows};
use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::screens::feed;
use crate::startup::AppState;
use crate::storage::feeds::{self, AuthKind, FeedState};
use crate::storage::labels::{self, LabelView};
use crate::storage::policies;
use crate::views;
use crate::views::feeds::{ConnectChoices, SCOPE_FIELD, TAGS_FIELD, TOKEN_FIELD};
use crate::views::navigation;
use crate::views::params;
use crate::views::render::Fragment;

/// The label, if the caller may manage its feed (not found for a caller who cannot see it).
async fn owned(state: &AppState, id: Uuid, who: &Principal) -> Result<LabelView, ApiError> {
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(label.role), Action::ManageFeed) {
        return Err(ApiError::NotAllowed {
            role: label.role,
            action: Action::ManageFeed,
        });
    }
    Ok(label)
}

async fn connect_card(
    state: &AppState,
    label: &LabelView,
    who: &Principal,
    typed: &str,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, ApiError> {
    let crm = &state.config.common.crm;
    let client = state.pool.get().await?;
    let (_, policy) = policies::for_label(&client, label.id).await?;
    drop(client);
    if let Err(refusal) = policy.check_feed() {
        return Ok(views::feeds::connect_form(
            &state.config.public_url,
            label.id,
            &label.name,
            typed,
            None,
            &ConnectChoices {
                oauth_url: None,
                keys: crm.keys.is_some(),
                refused: Some(&refusal.message()),
            },
            ui,
        )?);
    }
    // Each card showing the OAuth button gets its own single-use state, bound to this owner and
    // label (a browser coming back cannot be tied to a Google token otherwise).
    let oauth_url = match (&crm.capsule_oauth, &crm.keys) {
        (Some(app), Some(_)) => {
            let secret = feed::url_secret();
            let client = state.pool.get().await?;
            if !feeds::begin_oauth(&client, label.id, who, &feed::digest(&secret)).await? {
                return Err(ApiError::NotFound);
            }
            app.authorise_url(&feed::oauth_redirect(state), &secret)
                .ok()
                .map(|u| u.to_string())
        }
        _ => None,
    };
    Ok(views::feeds::connect_form(
        &state.config.public_url,
        label.id,
        &label.name,
        typed,
        error,
        &ConnectChoices {
            oauth_url: oauth_url.as_deref(),
            keys: crm.keys.is_some(),
            refused: None,
        },
        ui,
    )?)
}

/// The feed card, or the connect form when there is none yet.
async fn feed_or_connect(
    state: &AppState,
    label: &LabelView,
    who: &Principal,
    ui: &Ui,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let view = feeds::view(&client, label.id, who).await?;
    drop(client);
    match view {
        Some(v) if v.state == FeedState::Setup => {
            choose_card(state, label, who, None, None, ui).await
        }
        Some(v) => Ok(views::feeds::card(
            &state.config.public_url,
            label.id,
            &label.name,
            &v,
            ui,
        )?),
        None => connect_card(state, label, who, "", None, ui).await,
    }
}

/// `POST /addon/feeds/open` with `label_id`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label = owned(&state, uuid_param(&addon, params::LABEL_ID)?, &who).await?;
    let card = feed_or_connect(&state, &label, &who, &addon.ui).await?;
    Ok(navigation::push(&card))
}

/// Why a Capsule answer stops a connection, in the owner's words.
fn refusal(e: &CapsuleError) -> Msg {
    Msg::new(match e {
        CapsuleError::Unauthorized | CapsuleError::Forbidden(_) => "feed-error-token-refused",
        CapsuleError::RateLimited { .. } => "feed-error-rate-limited",
        _ => "feed-error-unreachable",
    })
}

/// `POST /addon/feeds/connect` with `label_id` and the token typed: checks it with Capsule, stores
/// it sealed, and asks which parties to take.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn connect(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label = owned(&state, uuid_param(&addon, params::LABEL_ID)?, &who).await?;
    let typed = addon
        .event
        .form_value(TOKEN_FIELD)
        .unwrap_or("")
        .trim()
        .to_owned();
    let again = |message: Msg| {
        let ui = addon.ui.clone();
        let state = state.clone();
        let label = label.clone();
        let who = who.clone();
        let typed = typed.clone();
        async move {
            let card = connect_card(&state, &label, &who, &typed, Some(&message), &ui).await?;
            Ok::<_, ApiError>(navigation::update(&card, None))
        }
    };
    if state.config.common.crm.keys.is_none() {
        return again(Msg::new("feed-error-no-keys")).await;
    }
    // The domain's policy, now: the card says why it refuses, with nothing stored.
    let client = state.pool.get().await?;
    let (_, policy) = policies::for_label(&client, label.id).await?;
    drop(client);
    if policy.check_feed().is_err() {
        let card = connect_card(&state, &label, &who, &typed, None, &addon.ui).await?;
        return Ok(navigation::update(&card, None));
    }
    if typed.is_empty() {
        // Opened from "Connect again": the empty form, no complaint yet.
        if addon.event.form_value(TOKEN_FIELD).is_none() {
            let card = connect_card(&state, &label, &who, "", None, &addon.ui).await?;
            return Ok(navigation::push(&card));
        }
        return again(Msg::new("feed-error-no-token")).await;
    }
    if typed.len() > 500 || typed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return again(Msg::new("feed-error-not-a-token")).await;
    }
    let creds = Credentials {
        access: typed.clone(),
        refresh: None,
    };
    match feed::store(&state, &label, &who, creds, AuthKind::Token).await? {
        Err(e) => again(refusal(&e)).await,
        Ok(tags) => {
            let card = views::feeds::choose_form(
                &state.config.public_url,
                label.id,
                &tags.0,
                &tags.1,
                None,
                None,
                &addon.ui,
            )?;
            Ok(navigation::update(
                &card,
                Some(&addon.ui.t("done-feed-connected")),
            ))
        }
    }
}

async fn choose_card(
    state: &AppState,
    label: &LabelView,
    who: &Principal,
    typed: Option<Option<Vec<String>>>,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let view = feeds::view(&client, label.id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    drop(client);
    // The tags are Capsule's, read now with the stored token; without them the form still offers
    // "every party".
    let tags = match tags_now(state, label, who).await {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "Capsule tags unavailable");
            Vec::new()
        }
    };
    let chosen = typed.unwrap_or_else(|| view.tags.clone());
    Ok(views::feeds::choose_form(
        &state.config.public_url,
        label.id,
        &view.account_name,
        &tags,
        chosen.as_deref(),
        error,
        ui,
    )?)
}

async fn tags_now(
    state: &AppState,
    label: &LabelView,
    who: &Principal,
) -> Result<Vec<String>, anyhow::Error> {
    let keys = state
        .config
        .common
        .crm
        .keys
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("no keys"))?;
    let client = state.pool.get().await?;
    let sealed = feeds::sealed_of(&client, label.id, who)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no feed"))?;
    drop(client);
    let creds = Credentials::open(keys, &sealed, label.id)?;
    let mut session = state.capsule.session(SecretString::from(creds.access));
    Ok(session.tags().await?)
}

/// `POST /addon/feeds/filter` with `label_id`: the form to choose the parties again.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn filter(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label = owned(&state, uuid_param(&addon, params::LABEL_ID)?, &who).await?;
    let card = choose_card(&state, &label, &who, None, None, &addon.ui).await?;
    Ok(navigation::push(&card))
}

/// `POST /addon/feeds/choose` with `label_id`, the scope and the tags ticked.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn choose(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label = owned(&state, uuid_param(&addon, params::LABEL_ID)?, &who).await?;
    let tags: Vec<String> = addon
        .event
        .form_values(TAGS_FIELD)
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .take(100)
        .collect();
    let chosen = match addon.event.form_value(SCOPE_FIELD) {
        Some("tagged") => Some(tags),
        _ => None,
    };
    if chosen.as_ref().is_some_and(Vec::is_empty) {
        let card = choose_card(
            &state,
            &label,
            &who,
            Some(chosen),
            Some(&Msg::new("feed-error-no-tag")),
            &addon.ui,
        )
        .await?;
        return Ok(navigation::update(&card, None));
    }
    let client = state.pool.get().await?;
    if !feeds::choose(&client, label.id, &who, chosen.as_deref()).await? {
        return Err(ApiError::NotFound);
    }
    drop(client);
    let card = screens::label::card(&state, label.id, &who, 0, &addon.ui).await?;
    Ok(navigation::back_to(
        &card,
        Some(&addon.ui.t("done-feed-saved")),
    ))
}

/// `POST /addon/feeds/sync` with `label_id`: run the feed now.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn sync_now(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label = owned(&state, uuid_param(&addon, params::LABEL_ID)?, &who).await?;
    let client = state.pool.get().await?;
    let running = feeds::sync_now(&client, label.id, &who).await?;
    drop(client);
    let card = feed_or_connect(&state, &label, &who, &addon.ui).await?;
    let note = addon.ui.t(if running {
        "done-feed-syncing"
    } else {
        "done-feed-not-running"
    });
    Ok(navigation::update(&card, Some(&note)))
}

/// `POST /addon/feeds/disconnect` with `label_id` (asks first; `confirm=yes` does it).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn disconnect(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label = owned(&state, uuid_param(&addon, params::LABEL_ID)?, &who).await?;
    if addon.event.parameter(params::CONFIRM) != Some("yes") {
        let client = state.pool.get().await?;
        let view = feeds::view(&client, label.id, &who)
            .await?
            .ok_or(ApiError::NotFound)?;
        return Ok(navigation::push(&views::feeds::confirm_disconnect(
            &state.config.public_url,
            label.id,
            &view.account_name,
            &addon.ui,
        )?));
    }
    let client = state.pool.get().await?;
    let removed = feeds::disconnect(&client, label.id, &who).await?;
    drop(client);
    if let Some((sealed, hooks)) = removed
        && !hooks.is_empty()
    {
        feed::unsubscribe(&state, label.id, &sealed, &hooks).await;
    }
    let card = screens::label::card(&state, label.id, &who, 0, &addon.ui).await?;
    Ok(navigation::back_to(
        &card,
        Some(&addon.ui.t("done-feed-disconnected")),
    ))
}
