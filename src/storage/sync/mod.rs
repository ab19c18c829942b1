//! The sync's tables, one module per aggregate.
//!
//! `fanout` (the outbox and who a label reaches), `work` (leases and pending work per member) and
//! `mirror` (what sits in each member's Google Contacts), `people` (one Google contact per
//! person) and `reads` (reading members' changes
//! back). Callers name them through this module.
//!
//! Triggers its writes fire: `sync_outbox_notify` (wakes the workers) and, for opt-outs,
//! `sync_opt_outs_*`.

mod fanout;
mod mirror;
mod people;
mod reads;
mod work;

pub use fanout::*;
pub use mirror::*;
pub use people::*;
pub use reads::*;
pub use work::*;
