//! The message card per caller, people and time zone, reused while the change counters say
//! nothing it shows has changed.
//!
//! Gmail runs the contextual trigger each time a message is opened, and people go back to the
//! same messages. The card's one statement costs PostgreSQL about twice what the rest of the
//! request does, and rendering the card a good part of the rest; checking the change counters
//! (migration V11) costs one primary-key read per key. Nothing is served without that check, so a
//! revoked share, an edit or a new comment shows on the next open, on every instance, exactly as
//! without the cache.
//!
//! What the counters do not cover is a user's own address changing (it is shown as a comment's
//! author or a contact's last editor): it can show the old address for up to [`TTL`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cached::{Cached, LruTtlCache};
use uuid::Uuid;

use crate::domain::principal::Principal;
use crate::google::gmail::Participant;
use crate::views::render::Fragment;

/// Entries kept per instance.
const CAPACITY: usize = 2_048;
/// How long an entry may be reused at all (it is checked against the counters every time).
pub const TTL: Duration = Duration::from_secs(300);
/// Larger cards (long notes and comments, many people) are not kept: with [`CAPACITY`] this
/// bounds the cards at 128 MiB (their keys and the messages' people below add a few more), though a
/// typical card is under 10 KiB.
const MAX_ENTRY_BYTES: usize = 64 * 1024;
/// A message whose people's names and addresses are longer than this is not kept (names are
/// whatever the sender wrote).
const MAX_PEOPLE_BYTES: usize = 4 * 1024;

/// What the card depends on besides the database: who asks, the people on the email as its
/// headers name them, and the time zone times are shown in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    user: Uuid,
    groups: Vec<String>,
    people: Arc<[Participant]>,
    utc_offset_ms: Option<i64>,
    /// The user's locale tag: the card's language and date format.
    locale: Option<String>,
}

impl Key {
    /// The key for `who` seeing `people` (in card order) in `locale`, with times at
    /// `utc_offset_ms`.
    pub fn new(
        who: &Principal,
        people: Arc<[Participant]>,
        utc_offset_ms: Option<i64>,
        locale: Option<&str>,
    ) -> Self {
        let mut groups = who.groups.clone();
        groups.sort();
        Self {
            user: who.user_id,
            groups,
            people,
            utc_offset_ms,
            locale: locale.map(str::to_owned),
        }
    }
}

/// A rendered card, the change counters it depends on and their sum read with its data.
#[derive(Debug)]
pub struct CachedCard {
    /// The card.
    pub card: Fragment,
    /// The counters' keys: the caller's, their groups', the addresses' and the contacts' shown.
    pub keys: Vec<String>,
    /// Their sum (see [`crate::storage::changes`]).
    pub changes: i64,
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
    entries: Mutex<LruTtlCache<Key, Arc<CachedCard>>>,
    /// The people shown for a message, by mailbox (user) and message id.
    people: Mutex<LruTtlCache<MessageKey, Arc<[Participant]>>>,
    /// Lookup outcomes since start.
    pub outcomes: Arc<Outcomes>,
}

/// A message in a mailbox: the user and Gmail's message id.
type MessageKey = (Uuid, String);

/// Messages whose people are kept per instance (a few hundred bytes each).
const MESSAGES: usize = 10_000;
/// How long they are kept: only to bound memory, as a message never changes.
const MESSAGES_TTL: Duration = Duration::from_secs(3_600);

impl Default for MessageCache {
    fn default() -> Self {
        Self {
            entries: Mutex::new(LruTtlCache::new(CAPACITY, TTL)),
            people: Mutex::new(LruTtlCache::new(MESSAGES, MESSAGES_TTL)),
            outcomes: Arc::default(),
        }
    }
}

impl MessageCache {
    /// The people shown for `message_id` in `user`'s mailbox, if read before.
    ///
    /// Gmail messages cannot be changed once created (developers.google.com/gmail/api, "Message"):
    /// their headers are read from the Gmail API once, sparing each later open a call that costs
    /// the user tens of milliseconds and the project Gmail quota.
    pub fn people(&self, user: Uuid, message_id: &str) -> Option<Arc<[Participant]>> {
        let key = (user, message_id.to_owned());
        self.people
            .lock()
            .ok()
            .and_then(|mut c| c.cache_get(&key).cloned())
    }

    /// Keeps the people shown for `message_id` in `user`'s mailbox, unless unusually long.
    pub fn keep_people(&self, user: Uuid, message_id: &str, people: Arc<[Participant]>) {
        let bytes: usize = people
            .iter()
            .map(|p| p.email.len() + p.name.as_ref().map_or(0, String::len))
            .sum();
        if bytes > MAX_PEOPLE_BYTES {
            return;
        }
        if let Ok(mut c) = self.people.lock() {
            c.cache_set((user, message_id.to_owned()), people);
        }
    }

    /// The card last rendered for `key`, if any; the caller must check its `changes` before use.
    pub fn get(&self, key: &Key) -> Option<Arc<CachedCard>> {
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

    /// Keeps `card` for `key`, unless it is too large to be worth keeping.
    pub fn put(&self, key: Key, card: Arc<CachedCard>) {
        if card.card.as_bytes().len() > MAX_ENTRY_BYTES {
            return;
        }
        if let Ok(mut c) = self.entries.lock() {
            c.cache_set(key, card);
        }
    }
}
