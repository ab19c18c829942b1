//! What the sync exports on `/metrics`: how long changes take to reach Google, how calls end,
//! and why runs fail.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::google::people::{Call, PeopleError};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    method: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ErrorLabels {
    kind: String,
}

/// The sync's metrics, shared by the worker and the `/metrics` route.
pub struct SyncMetrics {
    registry: Registry,
    lag: Histogram,
    calls: Family<CallLabels, Counter>,
    errors: Family<ErrorLabels, Counter>,
    reads: Counter,
    held: Counter,
}

impl Default for SyncMetrics {
    fn default() -> Self {
        Self::new()
    }
}

impl SyncMetrics {
    /// Registers every metric.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("sharebook_sync");
        // 50 ms to about 7 hours.
        let lag = Histogram::new(exponential_buckets(0.05, 2.0, 20));
        let calls = Family::<CallLabels, Counter>::default();
        let errors = Family::<ErrorLabels, Counter>::default();
        registry.register_with_unit(
            "lag",
            "Time from a change's commit to its arrival in a member's Google Contacts",
            prometheus_client::registry::Unit::Seconds,
            lag.clone(),
        );
        registry.register(
            "people_calls",
            "People API calls by method and outcome",
            calls.clone(),
        );
        registry.register(
            "errors",
            "Member sync runs that failed, by cause",
            errors.clone(),
        );
        let reads = Counter::default();
        let held = Counter::default();
        registry.register(
            "reads",
            "Reads of a member's Google Contacts that were taken in",
            reads.clone(),
        );
        registry.register(
            "held_deletions",
            "Deletions made in Google Contacts held by the mass-deletion guard",
            held.clone(),
        );
        Self {
            registry,
            lag,
            calls,
            errors,
            reads,
            held,
        }
    }

    /// One change reached one member after `lag`.
    pub fn observe_lag(&self, lag: Duration) {
        self.lag.observe(lag.as_secs_f64());
    }

    /// A People API call ended (with `error`, if it failed).
    pub fn call(&self, call: Call, error: Option<&PeopleError>) {
        let outcome = match error {
            None => "ok",
            Some(PeopleError::RateLimited { .. }) => "rate_limited",
            Some(PeopleError::Unavailable { .. }) => "unavailable",
            Some(PeopleError::StaleEtag) => "stale_etag",
            Some(PeopleError::NotFound) => "not_found",
            Some(PeopleError::SyncTokenExpired) => "sync_token_expired",
            Some(PeopleError::AlreadyExists) => "already_exists",
            Some(PeopleError::Rejected { .. }) => "rejected",
            Some(PeopleError::Token(_)) => "token",
            Some(PeopleError::InvalidResponse(_)) => "invalid_response",
        };
        self.calls
            .get_or_create(&CallLabels {
                method: format!("{call:?}"),
                outcome: outcome.to_owned(),
            })
            .inc();
    }

    /// A member's Google Contacts were read and what changed taken in.
    pub fn read(&self) {
        self.reads.inc();
    }

    /// `n` deletions were held for the owner.
    pub fn held(&self, n: usize) {
        self.held.inc_by(u64::try_from(n).unwrap_or(u64::MAX));
    }

    /// A member's run failed for `kind`.
    pub fn error(&self, kind: &str) {
        self.errors
            .get_or_create(&ErrorLabels {
                kind: kind.to_owned(),
            })
            .inc();
    }

    /// The metrics in the OpenMetrics text format, `extra` (already encoded lines) before the end.
    pub fn encode(&self, extra: &str) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode_registry(&mut out, &self.registry)?;
        out.push_str(extra);
        prometheus_client::encoding::text::encode_eof(&mut out)?;
        Ok(out)
    }
}
