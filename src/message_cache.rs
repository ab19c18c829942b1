//! The message card's data per caller and addresses, reused while the change counters say nothing
//! it depends on has changed.
//!
//! Gmail runs the contextual trigger each time a message is opened, and people go back to the
//! same messages. The card's one statement costs PostgreSQL about twice what the rest of the
//! request does; checking the change counters (migration V11) costs one primary-key read per key.
//! Nothing is served without that check, so a revoked share, an edit or a new comment shows on the
//! next open, on every instance, exactly as without the cache.
//!
//! What the counters do not cover is a user's own address changing (it is shown as a comment's
//! author or a contact's last editor): it can show the old address for up to [`TTL`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cached::{Cached, LruTtlCache};
use uuid::Uuid;

use crate::domain::principal::Principal;
use crate::storage::contacts::MessagePeople;

/// Entries kept per instance.
const CAPACITY: usize = 4_096;
/// How long an entry may be reused at all (it is checked against the counters every time).
pub const TTL: Duration = Duration::from_secs(300);
/// Larger results (long notes and comments, many contacts) are not kept: with [`CAPACITY`] this
/// bounds the cache at 128 MiB, though a typical entry is a few KiB.
const MAX_ENTRY_BYTES: usize = 32 * 1024;

/// What the card's data depends on besides the database: who asks and the addresses on the email.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    user: Uuid,
    groups: Vec<String>,
    emails: Vec<String>,
}

impl Key {
    /// The key for `who` reading the people at `emails` (in any order).
    pub fn new(who: &Principal, emails: &[String]) -> Self {
        let mut groups = who.groups.clone();
        groups.sort();
        let mut emails = emails.to_vec();
        emails.sort();
        emails.dedup();
        Self {
            user: who.user_id,
            groups,
            emails,
        }
    }
}

/// How a lookup went, for `/metrics`.
#[derive(Debug, Default)]
pub struct Outcomes {
    /// Served from the cache, the counters unchanged.
    pub reused: AtomicU64,
    /// Found, but something it depends on had changed.
    pub stale: AtomicU64,
    /// Not in the cache.
    pub missing: AtomicU64,
}

/// The cache, shared by a server's workers.
pub struct MessageCache {
    entries: Mutex<LruTtlCache<Key, Arc<MessagePeople>>>,
    /// Lookup outcomes since start.
    pub outcomes: Outcomes,
}

impl Default for MessageCache {
    fn default() -> Self {
        Self {
            entries: Mutex::new(LruTtlCache::new(CAPACITY, TTL)),
            outcomes: Outcomes::default(),
        }
    }
}

impl MessageCache {
    /// The data last read for `key`, if any; the caller must check its `changes` before use.
    pub fn get(&self, key: &Key) -> Option<Arc<MessagePeople>> {
        let found = self
            .entries
            .lock()
            .ok()
            .and_then(|mut c| c.cache_get(key).cloned());
        if found.is_none() {
            self.outcomes.missing.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// Counts a found entry as reused or stale.
    pub fn checked(&self, current: bool) {
        let outcome = if current {
            &self.outcomes.reused
        } else {
            &self.outcomes.stale
        };
        outcome.fetch_add(1, Ordering::Relaxed);
    }

    /// Keeps `data` for `key`, unless it is too large to be worth keeping.
    pub fn put(&self, key: Key, data: Arc<MessagePeople>) {
        if weight(&data) > MAX_ENTRY_BYTES {
            return;
        }
        if let Ok(mut c) = self.entries.lock() {
            c.cache_set(key, data);
        }
    }
}

/// Roughly the bytes an entry holds: its text, and a fixed amount per contact, comment and label.
fn weight(data: &MessagePeople) -> usize {
    let contacts: usize = data
        .known
        .iter()
        .map(|k| {
            let d = &k.contact.data;
            let lists: usize = [&d.emails, &d.phones, &d.addresses]
                .iter()
                .flat_map(|l| l.iter())
                .map(String::len)
                .sum();
            let custom: usize = d.custom.iter().map(|(a, b)| a.len() + b.len()).sum();
            let comments: usize = k
                .comments
                .iter()
                .map(|c| 96 + c.body.len() + c.author.len())
                .sum();
            256 + d.name.len()
                + d.organization.len()
                + d.title.len()
                + d.notes.len()
                + k.contact.label_name.len()
                + k.contact.updated_by.len()
                + lists
                + custom
                + comments
        })
        .sum();
    let labels: usize = data.writable.iter().map(|l| 48 + l.name.len()).sum();
    contacts + labels
}
