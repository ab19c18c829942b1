//! The `Addon` extractor: proves a request comes from Google for our deployment and for a known
//! user before anything in its body is trusted or any row is read.

use crate::i18n::Ui;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::header::{AUTHORIZATION, CONTENT_LENGTH};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use cached::{Cached, LruTtlCache};
use futures_util::StreamExt;
use uuid::Uuid;

use crate::error::ApiError;
use crate::event::Event;
use crate::google::id_token::{MAX_TOKEN_BYTES, TokenError, UserIdentity};
use crate::startup::AppState;
use crate::storage;

/// Largest event body accepted; Google's events are a few KiB.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// OAuth scopes the add-on asks for (see `manifest/deployment.json` and the README for why).
pub mod scopes {
    /// Run as a Gmail add-on at all.
    pub const GMAIL_EXECUTE: &str = "https://www.googleapis.com/auth/gmail.addons.execute";
    /// Read the open message's headers (From, To, Cc) in the contextual trigger.
    pub const GMAIL_MESSAGE_METADATA: &str =
        "https://www.googleapis.com/auth/gmail.addons.current.message.metadata";
    /// Insert recipients into the draft from the compose trigger.
    pub const GMAIL_COMPOSE: &str =
        "https://www.googleapis.com/auth/gmail.addons.current.action.compose";
    /// Receive the user's ID token, which tells who the user is.
    pub const USERINFO_EMAIL: &str = "https://www.googleapis.com/auth/userinfo.email";
    /// Receive the user's locale and time zone to show dates their way.
    pub const LOCALE: &str = "https://www.googleapis.com/auth/script.locale";
}

/// What a route needs the user to have granted.
pub trait Needs {
    /// Scopes asked for together when any is missing (Google's advice for granular consent).
    const SCOPES: &'static [&'static str];
}

/// Homepage and card actions: identity only.
pub struct Basic;
impl Needs for Basic {
    const SCOPES: &'static [&'static str] = &[scopes::GMAIL_EXECUTE, scopes::USERINFO_EMAIL];
}

/// The Gmail contextual trigger: also reads the open message's headers.
pub struct MessageOpen;
impl Needs for MessageOpen {
    const SCOPES: &'static [&'static str] = &[
        scopes::GMAIL_EXECUTE,
        scopes::USERINFO_EMAIL,
        scopes::GMAIL_MESSAGE_METADATA,
    ];
}

/// The compose trigger: also edits the draft.
pub struct Compose;
impl Needs for Compose {
    const SCOPES: &'static [&'static str] = &[
        scopes::GMAIL_EXECUTE,
        scopes::USERINFO_EMAIL,
        scopes::GMAIL_COMPOSE,
    ];
}

/// A verified add-on request: the user it acts for and the event Google sent.
pub struct Addon<N: Needs = Basic> {
    /// Sharebook's id for the user.
    pub user_id: Uuid,
    /// Who the user is, from the verified `userIdToken`.
    pub identity: UserIdentity,
    /// The event object, parsed only after the system token was verified.
    pub event: Event,
    /// The user's language, locale and time zone, from the event.
    pub ui: Ui,
    needs: PhantomData<N>,
}

/// Users seen recently, so that steady traffic does not write or even read the users table.
/// Keyed by the whole identity: a changed email misses the cache and updates the row.
pub struct KnownUsers(Mutex<LruTtlCache<UserIdentity, Uuid>>);

impl KnownUsers {
    /// An empty cache of `size` entries kept `lifespan`.
    pub fn new(size: usize, lifespan: Duration) -> Self {
        Self(Mutex::new(LruTtlCache::new(size, lifespan)))
    }

    fn get(&self, who: &UserIdentity) -> Option<Uuid> {
        self.0.lock().ok()?.cache_get(who).copied()
    }

    fn remember(&self, who: UserIdentity, id: Uuid) {
        if let Ok(mut cache) = self.0.lock() {
            cache.cache_set(who, id);
        }
    }
}

impl<N: Needs + 'static> FromRequest for Addon<N> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move { authenticate::<N>(&req, payload).await })
    }
}

async fn authenticate<N: Needs>(req: &HttpRequest, payload: Payload) -> Result<Addon<N>, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| anyhow::anyhow!("AppState is not registered"))?;

    // 1. The system ID token, for exactly the URL Google called.
    let token = bearer_token(req).map_err(|e| rejected(req, e))?;
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path(), |pq| pq.as_str());
    let audience = state.config.public_url.audience_for(path_and_query);
    state
        .verifier
        .verify_system(token, &audience, &state.config.addon_service_account_email)
        .await
        .map_err(|e| rejected(req, e))?;

    // 2. Only now is the body read and parsed.
    let body = read_body(req, payload).await?;
    let event: Event =
        serde_json::from_slice(&body).map_err(|e| ApiError::MalformedEvent(e.to_string()))?;
    // From here on, an error card is worded in the user's language.
    let ui = Ui::of(&event);
    req.extensions_mut().insert(ui.clone());

    // 3. The user, from their own ID token.
    let auth = &event.authorization_event_object;
    let granted = auth.authorized_scopes.as_deref();
    let Some(user_token) = auth.user_id_token.as_deref() else {
        return Err(match granted {
            Some(g) if g.iter().any(|s| s == scopes::USERINFO_EMAIL) => ApiError::NoUserIdentity,
            _ => ApiError::NeedScopes(N::SCOPES),
        });
    };
    let identity = state
        .verifier
        .verify_user(user_token, &state.config.addon_oauth_client_id)
        .await
        .map_err(|e| rejected(req, e))?;

    // 4. Granular consent: without a list, Google granted every manifest scope at install.
    if let Some(granted) = granted
        && !N::SCOPES
            .iter()
            .all(|needed| granted.iter().any(|g| g == needed))
    {
        return Err(ApiError::NeedScopes(N::SCOPES));
    }

    let user_id = match state.known_users.get(&identity) {
        Some(id) => id,
        None => {
            let client = state.pool.get().await?;
            let id = storage::users::upsert_user(&client, &identity).await?;
            // Seen now: their Google Contacts are read often while they use the side panel.
            // Once per stay in the cache, so steady traffic writes nothing.
            storage::sync::mark_active(&client, id, storage::sync::SEEN_LATELY.as_secs_f64())
                .await?;
            // Their emails are written in the language they last used Sharebook in.
            if event.common_event_object.user_locale.is_some() {
                storage::emails::set_lang(&client, id, ui.lang().code()).await?;
            }
            // A domain's first request records it (the admin card's "customer"), and asks the
            // Marketplace whether its admin installed Sharebook domain-wide, off the request.
            if let Some(hd) = identity.hd.as_deref()
                && storage::policies::record_domain(&client, hd).await?
                && state.admins.licensing()
            {
                let state = state.clone();
                let domain = hd.to_owned();
                tokio::spawn(async move { state.admins.check_license(&state.pool, &domain).await });
            }
            state.known_users.remember(identity.clone(), id);
            id
        }
    };
    tracing::Span::current().record("user_id", tracing::field::display(user_id));
    Ok(Addon {
        user_id,
        identity,
        event,
        ui,
        needs: PhantomData,
    })
}

fn bearer_token(req: &HttpRequest) -> Result<&str, TokenError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .ok_or(TokenError::Missing)?;
    if header.len() > MAX_TOKEN_BYTES + "Bearer ".len() {
        return Err(TokenError::Malformed);
    }
    let value = header.to_str().map_err(|_| TokenError::Malformed)?;
    let (scheme, token) = value.split_once(' ').ok_or(TokenError::Malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(TokenError::Malformed);
    }
    Ok(token.trim())
}

fn rejected(req: &HttpRequest, e: TokenError) -> ApiError {
    // The reason is logged, never the token.
    tracing::warn!(path = req.path(), reason = %e, "Rejected add-on request");
    match e {
        TokenError::KeysUnavailable(_) => ApiError::KeysUnavailable(e),
        e => ApiError::Unauthenticated(e),
    }
}

async fn read_body(req: &HttpRequest, mut payload: Payload) -> Result<web::BytesMut, ApiError> {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(4096).min(MAX_BODY_BYTES));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::MalformedEvent(e.to_string()))?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
