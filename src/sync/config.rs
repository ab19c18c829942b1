//! The sync's own settings (`SYNC_*` and `PEOPLE_*` variables), read by the sync rather than by
//! `config`, which stays a leaf.

use std::time::Duration;

use crate::config::ConfigError;

/// How the sync worker runs and paces its People API calls (`SYNC_*` and `PEOPLE_*` variables).
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// Concurrency, leases, retries and sweeps.
    pub settings: crate::sync::Settings,
    /// The project's per-user People API quotas.
    pub quotas: crate::sync::limiter::Quotas,
    /// Longest wait for one People API call (a 200-contact batch can take seconds).
    pub people_timeout: Duration,
}

/// Per-user quota defaults: Google publishes none, and the Cloud Console shows 60 to 180 per
/// minute per user depending on the project; the lowest common value keeps a fresh deployment
/// clear of 429s until the operator copies the real figures.
const QUOTA_DEFAULTS: [(&str, crate::google::people::QuotaBucket, u32); 4] = [
    (
        "PEOPLE_QUOTA_CRITICAL_READS",
        crate::google::people::QuotaBucket::CriticalReads,
        60,
    ),
    (
        "PEOPLE_QUOTA_CRITICAL_WRITES",
        crate::google::people::QuotaBucket::CriticalWrites,
        60,
    ),
    (
        "PEOPLE_QUOTA_DELETES_AND_GROUP_WRITES",
        crate::google::people::QuotaBucket::DeletesAndGroupWrites,
        60,
    ),
    (
        "PEOPLE_QUOTA_GROUP_READS",
        crate::google::people::QuotaBucket::GroupReads,
        60,
    ),
];

impl SyncConfig {
    /// Reads the sync settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the sync settings through `get`; every variable is optional.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let number = |name: &'static str, default: u64, max: u64| -> Result<u64, ConfigError> {
            match get(name).filter(|v| !v.trim().is_empty()) {
                None => Ok(default),
                Some(raw) => raw
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| ConfigError::Invalid {
                        var: name,
                        reason: format!("{raw:?} is not a number from 1 to {max}"),
                    }),
            }
        };
        let defaults = crate::sync::Settings::default();
        let concurrency = number("SYNC_CONCURRENCY", defaults.concurrency as u64, 1_000)?;
        let settings = crate::sync::Settings {
            concurrency: usize::try_from(concurrency).unwrap_or(defaults.concurrency),
            sweep: Duration::from_secs(number("SYNC_SWEEP_SECONDS", 10, 3_600)?),
            group_refresh: Duration::from_secs(number("SYNC_GROUP_REFRESH_SECONDS", 300, 86_400)?),
            read: crate::storage::sync::ReadPace {
                active: Duration::from_secs(number("SYNC_READ_ACTIVE", 30, 86_400)?),
                idle: Duration::from_secs(number("SYNC_READ_IDLE", 900, 7 * 86_400)?),
            },
            guard: crate::domain::google_side::DeletionGuard {
                share: number("SYNC_DELETION_GUARD_PERCENT", 10, 100)? as f64 / 100.0,
                at_least: usize::try_from(number("SYNC_DELETION_GUARD_MIN", 10, 1_000_000)?)
                    .unwrap_or(10),
            },
            ..defaults
        };
        let mut limits = std::collections::HashMap::new();
        for (var, bucket, default) in QUOTA_DEFAULTS {
            let limit = number(var, u64::from(default), 1_000_000)?;
            limits.insert(bucket, u32::try_from(limit).unwrap_or(u32::MAX));
        }
        Ok(Self {
            settings,
            quotas: crate::sync::limiter::Quotas {
                window: Duration::from_secs(number("PEOPLE_QUOTA_WINDOW_SECONDS", 60, 3_600)?),
                limits,
            },
            people_timeout: Duration::from_secs(number("PEOPLE_TIMEOUT_SECONDS", 20, 50)?),
        })
    }
}
