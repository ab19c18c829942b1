//! The one place where failures become HTTP answers: 401 for bad tokens, error cards for
//! everything the user should see, opaque references for internal failures.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::domain::permission::Action;
use crate::domain::role::Role;
use crate::google::id_token::TokenError;
use crate::views::navigation;
use crate::views::render::{self, Fragment, Slot, Template};

/// Every way an add-on request can fail.
#[derive(thiserror::Error)]
pub enum ApiError {
    /// No, or an unacceptable, Google token: the request is not proven to come from Google for us.
    #[error("unauthenticated: {0}")]
    Unauthenticated(#[source] TokenError),
    /// Google's key set is unreachable, so no token can be verified right now.
    #[error("signing keys unavailable")]
    KeysUnavailable(#[source] TokenError),
    /// The request body is over the limit.
    #[error("request body too large")]
    PayloadTooLarge,
    /// The body is not an event object.
    #[error("malformed event: {0}")]
    MalformedEvent(String),
    /// The user has not granted scopes this request needs.
    #[error("missing OAuth scopes")]
    NeedScopes(&'static [&'static str]),
    /// Google sent no user ID token although the scope for it was granted.
    #[error("no user identity in the event")]
    NoUserIdentity,
    /// The object does not exist or the caller may not see it (never told apart, to leak nothing).
    #[error("not found or not accessible")]
    NotFound,
    /// The caller sees the label but their role is below what `action` needs. Only for a caller
    /// who may see it: telling them leaks nothing they do not already see.
    #[error("{action:?} needs more than the caller's role {role:?}")]
    NotAllowed {
        /// The caller's role on the label.
        role: Role,
        /// What they tried.
        action: Action,
    },
    /// A Google API the request needed (People) failed or is not configured; nothing changed.
    #[error("Google API unavailable: {0}")]
    GoogleUnavailable(String),
    /// Anything else: logged with a reference, shown as an opaque error card.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl std::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Walk the whole cause chain for the logs; the client only ever sees `Display` or less.
        writeln!(f, "{self}")?;
        let mut current = std::error::Error::source(self);
        while let Some(cause) = current {
            writeln!(f, "Caused by:\n\t{cause}")?;
            current = cause.source();
        }
        Ok(())
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        ApiError::Unexpected(anyhow::Error::new(e).context("Failed to get a database connection"))
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        ApiError::Unexpected(anyhow::Error::new(e).context("Database query failed"))
    }
}

impl From<crate::storage::StorageError> for ApiError {
    fn from(e: crate::storage::StorageError) -> Self {
        ApiError::Unexpected(anyhow::Error::new(e).context("Database operation failed"))
    }
}

impl From<render::RenderError> for ApiError {
    fn from(e: render::RenderError) -> Self {
        ApiError::Unexpected(anyhow::Error::new(e))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::KeysUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::MalformedEvent(_) => StatusCode::BAD_REQUEST,
            // Google shows cards only from 200 answers.
            ApiError::NeedScopes(_)
            | ApiError::NoUserIdentity
            | ApiError::NotFound
            | ApiError::NotAllowed { .. }
            | ApiError::GoogleUnavailable(_)
            | ApiError::Unexpected(_) => StatusCode::OK,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        match self {
            ApiError::Unauthenticated(_) => HttpResponse::build(status).body("unauthenticated\n"),
            ApiError::KeysUnavailable(_) => HttpResponse::build(status)
                .insert_header(("Retry-After", "5"))
                .body("signing keys unavailable, retry later\n"),
            ApiError::PayloadTooLarge => {
                HttpResponse::build(status).body("request body too large\n")
            }
            ApiError::MalformedEvent(_) => HttpResponse::build(status).body("malformed event\n"),
            ApiError::NeedScopes(scopes) => navigation::request_scopes(scopes),
            ApiError::NoUserIdentity => error_card(
                "Sign-in needed",
                "Google did not tell Sharebook who you are. Reload Gmail; if this persists, ask your \
                 administrator to reinstall Sharebook with the userinfo.email permission.",
                None,
            ),
            ApiError::NotFound => error_card(
                "Not available",
                "This item does not exist, or you no longer have access to it.",
                None,
            ),
            ApiError::NotAllowed { role, action } => error_card(
                "Not allowed",
                &format!(
                    "You are {} {} on this label; {} needs {} {} or above. Ask the label's owner or \
                     a manager if you need it.",
                    article(role.title()),
                    role.title().to_lowercase(),
                    doing(*action),
                    article(action.minimum_role().title()),
                    action.minimum_role().title().to_lowercase(),
                ),
                None,
            ),
            ApiError::GoogleUnavailable(why) => {
                tracing::warn!(error = %why, "Google API unavailable for a request");
                error_card(
                    "Google Contacts did not answer",
                    "Sharebook could not read your Google Contacts just now. Nothing was changed. \
                     Try again in a moment.",
                    None,
                )
            }
            ApiError::Unexpected(_) => {
                let reference = uuid::Uuid::new_v4().simple().to_string();
                let reference = reference.get(..12).unwrap_or(&reference).to_owned();
                tracing::error!(reference = %reference, error = ?self, "Request failed");
                error_card(
                    "Something went wrong",
                    "Sharebook could not complete this. Nothing was changed. Try again in a moment; \
                     if it keeps failing, give this reference to your administrator.",
                    Some(&reference),
                )
            }
        }
    }
}

/// "a" or "an" before a role's name.
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// What an action is, as the end of "… needs …".
fn doing(action: Action) -> &'static str {
    match action {
        Action::View => "seeing it",
        Action::CommentPrivately => "commenting",
        Action::CommentPublicly => "commenting for everyone",
        Action::AddContact => "adding contacts",
        Action::EditContact => "editing contacts",
        Action::DeleteContact => "deleting or restoring contacts",
        Action::ModerateComments => "removing others' comments",
        Action::ManageShares => "managing who has access",
        Action::HideFields => "hiding fields",
        Action::RenameLabel => "renaming the label",
        Action::DeleteLabel => "deleting the label",
        Action::TransferOwnership => "handing the label over",
        Action::ChooseSync => "choosing the sync",
        Action::ReviewHeldDeletions => "reviewing held deletions",
        Action::ManageFeed => "connecting a CRM",
    }
}

fn error_card(title: &str, message: &str, reference: Option<&str>) -> HttpResponse {
    let details: Vec<Fragment> = match reference
        .map(|r| render::render(Template::Reference, &[("reference", Slot::Text(r))]))
    {
        Some(Ok(fragment)) => vec![fragment],
        Some(Err(e)) => return template_failed(&e),
        None => Vec::new(),
    };
    let slots = [
        ("title", Slot::Text(title)),
        ("message", Slot::Text(message)),
        ("details", Slot::List(&details)),
    ];
    match render::render(Template::Error, &slots) {
        Ok(card) => navigation::trigger_card(&card),
        Err(e) => template_failed(&e),
    }
}

fn template_failed(e: &render::RenderError) -> HttpResponse {
    tracing::error!(error = %e, "Error card template failed");
    HttpResponse::InternalServerError().body("internal error\n")
}
