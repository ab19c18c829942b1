//! The email worker: sends what the outbox holds, one email per recipient, kind and sender for
//! everything due together, in the recipient's language; retries with backoff; never twice.
//!
//! Several workers may run: each claims its rows (`FOR UPDATE SKIP LOCKED`, then a lease). A
//! worker that dies before sending leaves its claim to lapse and another sends. One that dies
//! after Gmail accepted the message but before recording it would let it go out again after the
//! lease; the Message-ID is the same for every attempt, and Gmail keeps a single message of
//! those sharing one, so the recipient still sees it once.

pub mod transport;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use deadpool_postgres::Pool;
use uuid::Uuid;

use crate::config::Common;
use crate::domain::email::{EmailKind, MAX_ATTEMPTS, MAX_LISTED, retry_after_secs};
use crate::domain::role::Role;
use crate::google::gmail_send::GmailSender;
use crate::google::service_account::TokenSource;
use crate::i18n::{Lang, Ui};
use crate::storage::emails::{self, Queued};
use crate::views::email::{Item, Told, email};
pub use transport::{Transport, TransportError};

/// How often the outbox is looked at.
const POLL: Duration = Duration::from_secs(5);
/// Due rows claimed per pass.
const BATCH: i64 = 50;
/// How long a claim holds: longer than one send can take.
const LEASE_SECS: f64 = 120.0;

/// Sends the outbox.
#[derive(Debug, Clone)]
pub struct EmailWorker {
    pool: Pool,
    transport: Transport,
}

impl EmailWorker {
    /// The worker `config` describes: SMTP when `SMTP_URL` is set, the Gmail API through the
    /// service account's delegation otherwise; `None` (emails stay queued) without either.
    pub fn build(config: &Common) -> anyhow::Result<Option<Self>> {
        let transport = match (&config.email.smtp_url, &config.service_account_key) {
            (Some(url), _) => {
                let from = config
                    .email
                    .smtp_from
                    .as_deref()
                    .context("SMTP_FROM is required with SMTP_URL")?;
                Transport::smtp(url, from)
                    .map_err(|e| anyhow::anyhow!("SMTP_URL is not usable: {e}"))?
            }
            (None, Some(key)) => {
                let http = reqwest::Client::builder()
                    .connect_timeout(Duration::from_secs(3))
                    .timeout(Duration::from_secs(30))
                    .user_agent(concat!("sharebook/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .context("Failed to build the HTTP client")?;
                let tokens = Arc::new(TokenSource::new(
                    key.clone(),
                    config.google_token_url.clone(),
                    http.clone(),
                ));
                Transport::Gmail(GmailSender::new(config.gmail_api_url.clone(), http, tokens))
            }
            (None, None) => {
                tracing::warn!(
                    "Neither SMTP_URL nor GOOGLE_SERVICE_ACCOUNT_KEY_FILE is set: emails stay queued"
                );
                return Ok(None);
            }
        };
        let pool = crate::storage::pool(&config.database_url, 2)?;
        Ok(Some(Self { pool, transport }))
    }

    /// A worker on `pool` sending through `transport` (tests, the sandbox).
    pub fn new(pool: Pool, transport: Transport) -> Self {
        Self { pool, transport }
    }

    /// Sends what is due, every few seconds, until dropped.
    pub async fn run(self) {
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = self.run_once().await {
                tracing::warn!(error = %e, "Email outbox pass failed; trying again shortly");
            }
        }
    }

    /// One pass over what is due; how many emails went out.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        let client = self.pool.get().await?;
        let claimed = emails::claim(&client, BATCH, LEASE_SECS).await?;
        drop(client);
        let mut groups: BTreeMap<(String, EmailKind, Option<Uuid>), Vec<Queued>> = BTreeMap::new();
        for q in claimed {
            groups
                .entry((q.recipient.clone(), q.kind, q.sender))
                .or_default()
                .push(q);
        }
        let mut sent = 0;
        for ((recipient, kind, sender), mut rows) in groups {
            rows.sort_by_key(|r| r.id);
            match self.deliver(&recipient, kind, sender, &rows).await {
                Ok(true) => sent += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(
                    error = format!("{e:#}"),
                    kind = kind.as_str(),
                    "Email not sent"
                ),
            }
        }
        Ok(sent)
    }

    /// Sends one email for `rows`; whether it went out.
    async fn deliver(
        &self,
        recipient: &str,
        kind: EmailKind,
        sender: Option<Uuid>,
        rows: &[Queued],
    ) -> anyhow::Result<bool> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let client = self.pool.get().await?;
        let facts = emails::recipient(&client, recipient, kind).await?;
        if facts.opted_out {
            emails::mark_dropped(&client, &ids, "opted_out", None).await?;
            return Ok(false);
        }
        let sender_email = match sender {
            Some(id) => emails::email_of(&client, id).await?,
            None => None,
        };
        let label_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.label).collect();
        let labels = emails::labels(&client, &label_ids).await?;
        let items: Vec<Item> = rows
            .iter()
            .filter_map(|r| {
                let label = labels.iter().find(|l| Some(l.id) == r.label)?;
                item(r, &label.name, label.contacts)
            })
            .collect();
        let Some(sender_email) = sender_email.filter(|_| !items.is_empty()) else {
            // The label or the sender is gone: nothing true is left to tell.
            emails::mark_dropped(&client, &ids, "nobody", None).await?;
            return Ok(false);
        };
        drop(client);
        let lang = Lang::from_code(
            facts
                .lang
                .as_deref()
                .or_else(|| rows.first().map(|r| r.lang.as_str()))
                .unwrap_or("en"),
        );
        let more = items.len().saturating_sub(MAX_LISTED);
        let told = Told {
            kind,
            sender: sender_email.clone(),
            recipient: recipient.to_owned(),
            items: items.into_iter().take(MAX_LISTED).collect(),
            more,
        };
        let message = email(&told, &Ui::in_lang(lang));
        let domain = sender_email
            .rsplit_once('@')
            .map_or("sharebook.invalid", |(_, d)| d);
        let message_id = format!(
            "<sharebook.{}.{}@{domain}>",
            kind.as_str(),
            ids.first().copied().unwrap_or_default()
        );
        let outcome = self
            .transport
            .send(&sender_email, recipient, &message, &message_id)
            .await;
        let client = self.pool.get().await?;
        match outcome {
            Ok(()) => {
                emails::mark_sent(&client, &ids).await?;
                tracing::info!(kind = kind.as_str(), items = ids.len(), "Email sent");
                Ok(true)
            }
            Err(e) => {
                let attempts = rows.iter().map(|r| r.attempts).max().unwrap_or(1);
                let error = e.to_string();
                if e.is_retryable() && attempts < MAX_ATTEMPTS {
                    let after = retry_after_secs(attempts - 1);
                    emails::retry_later(&client, &ids, &error, after as f64).await?;
                } else {
                    emails::mark_dropped(&client, &ids, "failed", Some(&error)).await?;
                }
                Err(e.into())
            }
        }
    }
}

/// The news one queued row tells, with its label's name and size now.
fn item(r: &Queued, label: &str, contacts: i64) -> Option<Item> {
    let text = |key: &str| {
        r.payload
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let label = label.to_owned();
    Some(match r.kind {
        EmailKind::Invitation => Item::Invitation {
            label,
            role: r
                .payload
                .get("rank")
                .and_then(|v| v.as_i64())
                .and_then(|n| i16::try_from(n).ok())
                .and_then(Role::from_rank)?,
            contacts,
            group: Some(text("group")).filter(|g| !g.is_empty()),
        },
        EmailKind::Mention => Item::Mention {
            label,
            contact: text("contact"),
            comment: text("comment"),
        },
        EmailKind::HeldDeletions => Item::Held {
            label,
            count: r.payload.get("count").and_then(|v| v.as_i64()).unwrap_or(0),
        },
        EmailKind::FeedPaused => Item::FeedPaused {
            label,
            account: text("account"),
            reason: text("reason"),
        },
    })
}
