//! How an email leaves: the Gmail API as its sender, or an SMTP server (`SMTP_URL`), in both
//! cases as one RFC 5322 message built by lettre with a plain-text and an HTML part.

use lettre::message::header::{self, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::google::gmail_send::{GmailSender, SendError};
use crate::views::email::Email;

/// Why an email was not sent.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The addresses or headers could not make a message (a bad stored address).
    #[error("the message could not be built: {0}")]
    Build(String),
    /// The Gmail API failed.
    #[error(transparent)]
    Gmail(#[from] SendError),
    /// The SMTP server failed.
    #[error("SMTP: {0}")]
    Smtp(String),
    /// The SMTP server refused for good (5xx).
    #[error("SMTP refused the message: {0}")]
    SmtpRefused(String),
}

impl TransportError {
    /// Whether trying again later may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            TransportError::Build(_) | TransportError::SmtpRefused(_) => false,
            TransportError::Gmail(e) => e.is_retryable(),
            TransportError::Smtp(_) => true,
        }
    }
}

/// Where emails go out.
#[derive(Clone)]
pub enum Transport {
    /// As the sender, through the Gmail API.
    Gmail(GmailSender),
    /// Through an SMTP server, from `from`, the sender as `Reply-To`.
    Smtp {
        /// The server.
        mailer: AsyncSmtpTransport<Tokio1Executor>,
        /// The `From` address.
        from: String,
    },
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Transport::Gmail(_) => "Transport::Gmail",
            Transport::Smtp { .. } => "Transport::Smtp",
        })
    }
}

impl Transport {
    /// The SMTP transport for `url` (lettre's form: `smtps://user:pass@host`,
    /// `smtp://host:587?tls=required`).
    pub fn smtp(url: &secrecy::SecretString, from: &str) -> Result<Self, String> {
        let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
            .map_err(|e| e.to_string())?
            .build();
        Ok(Transport::Smtp {
            mailer,
            from: from.to_owned(),
        })
    }

    /// Sends `email` from `sender` (display name `sender_name`) to `to`; `message_id` makes every
    /// attempt of the same email the same message (Gmail keeps one of messages sharing an id).
    pub async fn send(
        &self,
        sender: &str,
        to: &str,
        email: &Email,
        message_id: &str,
    ) -> Result<(), TransportError> {
        let build = |e: &dyn std::fmt::Display| TransportError::Build(e.to_string());
        let to: Mailbox = to.parse().map_err(|e| build(&e))?;
        let sender_box: Mailbox = sender.parse().map_err(|e| build(&e))?;
        let builder = Message::builder()
            .to(to.clone())
            .subject(email.subject.clone())
            .message_id(Some(message_id.to_owned()))
            .header(AutoSubmitted);
        let builder = match self {
            Transport::Gmail(_) => builder.from(sender_box),
            Transport::Smtp { from, .. } => {
                let from: Mailbox = from.parse().map_err(|e| build(&e))?;
                let shown = Mailbox::new(Some(format!("{sender} (Sharebook)")), from.email);
                builder.from(shown).reply_to(sender_box)
            }
        };
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| build(&e))?;
        match self {
            Transport::Gmail(gmail) => {
                gmail.send(sender, &message.formatted()).await?;
                Ok(())
            }
            Transport::Smtp { mailer, .. } => match mailer.send(message).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(TransportError::SmtpRefused(e.to_string())),
                Err(e) => Err(TransportError::Smtp(e.to_string())),
            },
        }
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no out-of-office replies to a notification.
#[derive(Clone)]
struct AutoSubmitted;

impl header::Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}
