//! Per-member pacing of People API calls against the configured per-user quotas.
//!
//! The sync stays under the quotas instead of learning them from 429s: a sliding window per
//! bucket, like the per-minute-per-user quotas on Google's console.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::google::people::{Call, QuotaBucket};

/// The per-user quotas of the Cloud project (Console → People API → Quotas), per window.
#[derive(Debug, Clone)]
pub struct Quotas {
    /// The window the limits count over (a minute at Google).
    pub window: Duration,
    /// Limit per bucket; a bucket not listed is not limited.
    pub limits: HashMap<QuotaBucket, u32>,
}

#[derive(Default)]
struct Spent {
    /// (when the call was answered, bucket, units), oldest first.
    calls: Vec<(Instant, QuotaBucket, u32)>,
}

/// What each member has spent recently.
pub struct Limiter {
    quotas: Quotas,
    members: Mutex<HashMap<Uuid, Spent>>,
}

impl Limiter {
    /// A limiter for these quotas.
    pub fn new(quotas: Quotas) -> Self {
        Self {
            quotas,
            members: Mutex::new(HashMap::new()),
        }
    }

    /// How long `member` must wait before `call` fits in every bucket it costs (zero: now).
    pub fn delay(&self, member: Uuid, call: Call, now: Instant) -> Duration {
        let Ok(mut members) = self.members.lock() else {
            return Duration::ZERO;
        };
        let Some(spent) = members.get_mut(&member) else {
            return Duration::ZERO;
        };
        let window = self.quotas.window;
        spent
            .calls
            .retain(|(at, _, _)| now.saturating_duration_since(*at) < window);
        let mut wait = Duration::ZERO;
        for &(bucket, cost) in call.cost() {
            let Some(&limit) = self.quotas.limits.get(&bucket) else {
                continue;
            };
            let mut used: u32 = spent
                .calls
                .iter()
                .filter(|(_, b, _)| *b == bucket)
                .map(|(_, _, c)| *c)
                .sum();
            // Walk the oldest calls out of the window until this one fits.
            for (at, b, c) in &spent.calls {
                if used + cost <= limit {
                    break;
                }
                if *b == bucket {
                    used -= c;
                    wait = wait.max((*at + window).saturating_duration_since(now));
                }
            }
        }
        wait
    }

    /// Counts `call` against `member` (after its answer, so our window never ends before
    /// Google's does).
    pub fn record(&self, member: Uuid, call: Call, at: Instant) {
        if let Ok(mut members) = self.members.lock() {
            let spent = members.entry(member).or_default();
            for &(bucket, cost) in call.cost() {
                spent.calls.push((at, bucket, cost));
            }
        }
    }

    /// Forgets members with nothing in the window (called now and then to bound memory).
    pub fn prune(&self, now: Instant) {
        let window = self.quotas.window;
        if let Ok(mut members) = self.members.lock() {
            members.retain(|_, s| {
                s.calls
                    .retain(|(at, _, _)| now.saturating_duration_since(*at) < window);
                !s.calls.is_empty()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(writes: u32) -> Limiter {
        Limiter::new(Quotas {
            window: Duration::from_secs(60),
            limits: HashMap::from([(QuotaBucket::CriticalWrites, writes)]),
        })
    }

    #[test]
    fn batches_fit_until_the_window_is_full_then_wait_for_the_oldest() {
        let l = limiter(30);
        let m = Uuid::new_v4();
        let t0 = Instant::now();
        for i in 0..5 {
            let at = t0 + Duration::from_secs(i);
            assert_eq!(l.delay(m, Call::BatchCreate, at), Duration::ZERO);
            l.record(m, Call::BatchCreate, at);
        }
        // 30 units spent: the sixth batch waits until the first leaves the window.
        let now = t0 + Duration::from_secs(10);
        assert_eq!(l.delay(m, Call::BatchCreate, now), Duration::from_secs(50));
        assert_eq!(
            l.delay(m, Call::BatchCreate, t0 + Duration::from_secs(60)),
            Duration::ZERO
        );
        // Other members and unlimited buckets are not affected.
        assert_eq!(
            l.delay(Uuid::new_v4(), Call::BatchCreate, now),
            Duration::ZERO
        );
        assert_eq!(l.delay(m, Call::DeleteGroup, now), Duration::ZERO);
    }

    #[test]
    fn a_call_larger_than_the_free_room_waits_for_enough_to_leave() {
        let l = limiter(10);
        let m = Uuid::new_v4();
        let t0 = Instant::now();
        l.record(m, Call::BatchUpdate, t0); // 6
        l.record(m, Call::BatchUpdate, t0 + Duration::from_secs(5)); // 12 > 10 already
        let wait = l.delay(m, Call::BatchUpdate, t0 + Duration::from_secs(6));
        assert_eq!(wait, Duration::from_secs(59));
        l.prune(t0 + Duration::from_secs(120));
        assert_eq!(
            l.delay(m, Call::BatchUpdate, t0 + Duration::from_secs(120)),
            Duration::ZERO
        );
    }
}
