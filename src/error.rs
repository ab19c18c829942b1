//! The one place where failures become HTTP answers: 401 for bad tokens, error cards for
//! everything the user should see, opaque references for internal failures.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, ResponseError};

use crate::domain::permission::Action;
use crate::domain::role::Role;
use crate::google::id_token::TokenError;
use crate::i18n::{Lang, Ui};
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
        // Logged once, here; the card is worded in English unless `speak_the_users_language`
        // words it again for the user, with the same reference.
        let reference = match self {
            ApiError::GoogleUnavailable(why) => {
                tracing::warn!(error = %why, "Google API unavailable for a request");
                None
            }
            ApiError::Unexpected(_) => {
                let reference = uuid::Uuid::new_v4().simple().to_string();
                let reference = reference.get(..12).unwrap_or(&reference).to_owned();
                tracing::error!(reference = %reference, error = ?self, "Request failed");
                Some(reference)
            }
            _ => None,
        };
        let mut response = self.response(&Ui::default(), reference.as_deref());
        if let Some(reference) = reference {
            response.extensions_mut().insert(Reference(reference));
        }
        response
    }
}

/// The opaque reference of an internal failure, kept with its response so that the card can be
/// worded again in the user's language with the reference that was logged.
#[derive(Debug, Clone)]
struct Reference(String);

impl ApiError {
    /// The answer for this failure, worded for `ui`.
    fn response(&self, ui: &Ui, reference: Option<&str>) -> HttpResponse {
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
            ApiError::NoUserIdentity => {
                error_card(ui, "error-sign-in", &ui.t("error-sign-in-text"), None)
            }
            ApiError::NotFound => {
                error_card(ui, "error-not-found", &ui.t("error-not-found-text"), None)
            }
            ApiError::NotAllowed { role, action } => error_card(
                ui,
                "error-not-allowed",
                &ui.tr(
                    "error-not-allowed-text",
                    &[
                        ("role", role.as_str().into()),
                        ("action", doing(*action).into()),
                        ("needed", action.minimum_role().as_str().into()),
                    ],
                ),
                None,
            ),
            ApiError::GoogleUnavailable(_) => {
                error_card(ui, "error-google", &ui.t("error-google-text"), None)
            }
            ApiError::Unexpected(_) => error_card(
                ui,
                "error-unexpected",
                &ui.t("error-unexpected-text"),
                reference,
            ),
        }
    }
}

/// The card for `error` as JSON (tests render every card in every language).
#[cfg(test)]
pub(crate) fn card_json(error: &ApiError, ui: &Ui, reference: Option<&str>) -> serde_json::Value {
    use actix_web::body::MessageBody;
    let body = error
        .response(ui, reference)
        .into_body()
        .try_into_bytes()
        .unwrap_or_default();
    serde_json::from_slice(&body).unwrap_or_default()
}

/// Words the error card of a failed add-on request in the language of its user, when the request
/// got as far as saying who they are (the `Ui` its `Addon` left in the request).
pub async fn speak_the_users_language(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let res = next.call(req).await?;
    let ui = res
        .request()
        .extensions()
        .get::<Ui>()
        .filter(|ui| ui.lang() != Lang::En)
        .cloned();
    let worded = ui.and_then(|ui| {
        let error = res.response().error()?.as_error::<ApiError>()?;
        let reference = res.response().extensions().get::<Reference>().cloned();
        Some(error.response(&ui, reference.as_ref().map(|r| r.0.as_str())))
    });
    Ok(match worded {
        Some(response) => res.into_response(response).map_into_right_body(),
        None => res.map_into_left_body(),
    })
}

/// What an action is, as the `action` choice of `error-not-allowed-text`.
fn doing(action: Action) -> &'static str {
    match action {
        Action::View => "view",
        Action::CommentPrivately => "comment-privately",
        Action::CommentPublicly => "comment-publicly",
        Action::AddContact => "add-contact",
        Action::EditContact => "edit-contact",
        Action::DeleteContact => "delete-contact",
        Action::ModerateComments => "moderate-comments",
        Action::ManageShares => "manage-shares",
        Action::HideFields => "hide-fields",
        Action::RenameLabel => "rename-label",
        Action::DeleteLabel => "delete-label",
        Action::TransferOwnership => "transfer-ownership",
        Action::ChooseSync => "choose-sync",
        Action::ReviewHeldDeletions => "review-held-deletions",
        Action::ManageFeed => "manage-feed",
    }
}

fn error_card(ui: &Ui, title: &str, message: &str, reference: Option<&str>) -> HttpResponse {
    let label = ui.t("error-reference");
    let details: Vec<Fragment> = match reference.map(|r| {
        render::render(
            Template::Reference,
            &[("label", Slot::Text(&label)), ("reference", Slot::Text(r))],
        )
    }) {
        Some(Ok(fragment)) => vec![fragment],
        Some(Err(e)) => return template_failed(&e),
        None => Vec::new(),
    };
    let title = ui.t(title);
    let slots = [
        ("title", Slot::Text(&title)),
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
