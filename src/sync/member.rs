//! One member's run: their Google Contacts brought in line with every label queued for them.
//!
//! It holds the member's lease, makes one People API call at a time, and records each result as
//! it lands, so a run stopped at any point is finished, not repeated, by the next.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::Rng;
use serde_json::Value;
use uuid::Uuid;

use super::person;
use super::{Context, SyncError};
use crate::domain::contact::{ContactData, Field};
use crate::google::people::{
    Call, MAX_BATCH_CREATE, MAX_BATCH_DELETE, MAX_BATCH_GET, MAX_BATCH_UPDATE, PeopleError,
    PeopleSession, PersonRef,
};
use crate::storage::sync::{self as store, ContactCopy, Lease, Written};

/// Pending rows taken per round.
const ROUND: i64 = 5_000;

/// Runs the leased member's queued work, then gives the lease back (recording the failure, if
/// any).
#[tracing::instrument(level = "debug", skip_all, fields(user = %lease.user))]
pub async fn run(ctx: Arc<Context>, lease: Lease) {
    let user = lease.user;
    let started = Instant::now();
    let outcome = sync(&ctx, lease).await;
    let client = match ctx.pool.get().await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(%user, error = %e, "sync lease not released; it will expire");
            return;
        }
    };
    let released = match &outcome {
        Ok((queued, read)) => {
            store::release_synced(&client, lease, *queued, *read, ctx.settings.read).await
        }
        Err(SyncError::LostLease) => Ok(()),
        Err(e) => {
            ctx.metrics.error(e.kind());
            tracing::warn!(%user, error = %e, "member sync failed; will retry");
            // A refusal (no delegation for this account, a rejected request) waits at least a
            // minute and up to an hour between attempts.
            let (base, max) = if e.is_retryable() {
                (ctx.settings.retry_base, ctx.settings.retry_max)
            } else {
                (
                    ctx.settings.retry_base.max(Duration::from_secs(60)),
                    ctx.settings.retry_max.max(Duration::from_secs(3600)),
                )
            };
            store::release_failed(
                &client,
                lease,
                &e.to_string(),
                base.as_secs_f64(),
                max.as_secs_f64(),
            )
            .await
        }
    };
    if let Err(e) = released {
        tracing::warn!(%user, error = %e, "sync lease not released; it will expire");
    }
    tracing::debug!(%user, elapsed_ms = started.elapsed().as_millis() as u64, ok = outcome.is_ok(), "member sync");
}

#[derive(Default)]
struct Work {
    whole: bool,
    contacts: BTreeSet<Uuid>,
}

/// The member's changes in Google Contacts taken in (when a read is due), then their queue worked
/// through; how much work had been queued when it was seen empty, and whether they were read.
async fn sync(ctx: &Context, lease: Lease) -> Result<(i64, bool), SyncError> {
    let user = lease.user;
    let email = {
        let client = ctx.pool.get().await?;
        store::member_email(&client, user).await?
    }
    .ok_or(SyncError::UnknownMember)?;
    let session = ctx.people.session(&email).await?;
    let member = Member {
        ctx,
        user,
        lease,
        session,
    };
    {
        let client = ctx.pool.get().await?;
        if store::has_create_intents(&client, user).await? {
            drop(client);
            member.recover_intents().await?;
        }
    }
    // Merges a stopped run left half-done are finished before anything else is written.
    member.finish_discards().await?;
    // Labels they made from their own Google labels are filled first, before any read of their
    // changes (a contact not yet imported would otherwise look added to our group).
    member.run_imports().await?;
    // Read before writing: what the member changed is taken in before a push could overwrite it.
    let read = {
        let client = ctx.pool.get().await?;
        store::read_state(&client, user).await?.due
    };
    if read {
        member.read_back().await?;
    }
    loop {
        let (queued, pending) = {
            let client = ctx.pool.get().await?;
            // Read before the queue: work queued after this keeps the member due.
            let queued = store::queued(&client, user).await?;
            (queued, store::pending_for(&client, user, ROUND).await?)
        };
        if pending.is_empty() {
            return Ok((queued, read));
        }
        let mut by_label: BTreeMap<Uuid, (Work, Vec<&store::Pending>)> = BTreeMap::new();
        for p in &pending {
            let (work, rows) = by_label.entry(p.label_id).or_default();
            rows.push(p);
            match p.contact_id {
                None => work.whole = true,
                Some(c) => {
                    work.contacts.insert(c);
                }
            }
        }
        // Each label on its own: one that keeps failing (a contact Google refuses) must not hold
        // back the others, least of all a removal after access was revoked.
        let mut failure = None;
        for (label, (work, rows)) in by_label {
            match member.sync_label(label, work).await {
                Ok(()) => {
                    let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
                    let client = ctx.pool.get().await?;
                    store::delete_pending(&client, &ids).await?;
                    let now = chrono::Utc::now();
                    for p in rows {
                        ctx.metrics
                            .observe_lag((now - p.changed_at).to_std().unwrap_or_default());
                    }
                }
                Err(e @ SyncError::LostLease) => return Err(e),
                Err(e) => {
                    tracing::warn!(%user, %label, error = %e, "label not synced for this member");
                    failure.get_or_insert(e);
                }
            }
        }
        if let Some(e) = failure {
            return Err(e);
        }
    }
}

/// One member's run: the lease it holds and the People API session it acts through.
pub(super) struct Member<'a> {
    pub(super) ctx: &'a Context,
    pub(super) user: Uuid,
    pub(super) lease: Lease,
    pub(super) session: PeopleSession,
}

/// A contact as it should be in the member's Google Contacts.
#[derive(Clone)]
struct Desired {
    id: Uuid,
    person: Value,
    digest: Vec<u8>,
    /// The contact as the member sees it (hidden fields blank): what their copy holds once
    /// written.
    seen: ContactData,
}

/// How many times a label's push starts again after taking in a change the member made meanwhile.
const TAKE_IN_ROUNDS: usize = 3;

impl Member<'_> {
    /// Brings one label in line; when a copy turns out changed by the member since it was last
    /// read, that change is taken in first and the label is looked at again.
    #[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
    async fn sync_label(&self, label: Uuid, work: Work) -> Result<(), SyncError> {
        for _ in 0..TAKE_IN_ROUNDS {
            match self.sync_label_once(label, &work).await {
                Err(SyncError::TookIn) => {}
                other => return other,
            }
        }
        self.sync_label_once(label, &work).await
    }

    async fn sync_label_once(&self, label: Uuid, work: &Work) -> Result<(), SyncError> {
        let client = self.ctx.pool.get().await?;
        let Some((name, hidden)) = store::target(&client, label, self.user).await? else {
            drop(client);
            return self.remove_label(label).await;
        };
        let hidden: Vec<Field> = hidden.iter().filter_map(|h| Field::from_key(h)).collect();
        let (contacts, copies) = if work.whole {
            (
                store::live_contacts(&client, label).await?,
                store::contact_copies(&client, self.user, label).await?,
            )
        } else {
            let ids: Vec<Uuid> = work.contacts.iter().copied().collect();
            (
                store::live_contacts_among(&client, label, &ids).await?,
                store::contact_copies_among(&client, self.user, label, &ids).await?,
            )
        };
        drop(client);
        let Some(group) = self.ensure_group(label, &name).await? else {
            return Ok(());
        };
        let desired: Vec<Desired> = contacts
            .iter()
            .map(|(id, data)| {
                let person = person::person(*id, label, data, &hidden);
                let digest = person::digest(&person);
                Desired {
                    id: *id,
                    person,
                    digest,
                    seen: person::as_seen(data, &hidden),
                }
            })
            .collect();
        let wanted: BTreeSet<Uuid> = desired.iter().map(|d| d.id).collect();
        let copies: HashMap<Uuid, ContactCopy> =
            copies.into_iter().map(|c| (c.contact_id, c)).collect();
        let deletes: Vec<(Uuid, String)> = copies
            .values()
            .filter(|c| !wanted.contains(&c.contact_id))
            .filter_map(|c| c.resource_name.clone().map(|r| (c.contact_id, r)))
            .collect();
        let deletes = self.keep_shared_people(deletes).await?;
        self.delete_contacts(deletes).await?;
        let ids: Vec<Uuid> = desired.iter().map(|d| d.id).collect();
        let settled = self.settle_people(label, &ids, &copies).await?;
        let held: Vec<String> = desired
            .iter()
            .filter(|d| !settled.contains(&d.id))
            .filter_map(|d| copies.get(&d.id)?.resource_name.clone())
            .collect();
        let shared_names: BTreeSet<String> = {
            let client = self.ctx.pool.get().await?;
            let mut shared = BTreeSet::new();
            for part in held.chunks(5_000) {
                shared.extend(store::shared_at(&client, self.user, part).await?);
            }
            shared
        };
        let mut creates = Vec::new();
        let mut updates = Vec::new();
        let mut shared = BTreeSet::new();
        for d in desired {
            if settled.contains(&d.id) {
                continue;
            }
            match copies.get(&d.id) {
                Some(ContactCopy {
                    resource_name: Some(resource),
                    etag,
                    digest,
                    ..
                }) => {
                    if shared_names.contains(resource) {
                        shared.insert(resource.clone());
                    } else if digest.as_deref() != Some(d.digest.as_slice()) {
                        updates.push((d, resource.clone(), etag.clone().unwrap_or_default()));
                    }
                }
                _ => creates.push(d),
            }
        }
        // Two new contacts of one person: the first is created, the others then join it.
        let (creates, followers) = first_of_each_person(creates);
        if self.create_or_stop(label, &group, creates).await? {
            return Ok(());
        }
        if !followers.is_empty() {
            let ids: Vec<Uuid> = followers.iter().map(|d| d.id).collect();
            let now: HashMap<Uuid, ContactCopy> = {
                let client = self.ctx.pool.get().await?;
                store::contact_copies_among(&client, self.user, label, &ids)
                    .await?
                    .into_iter()
                    .map(|c| (c.contact_id, c))
                    .collect()
            };
            let joined = self.settle_people(label, &ids, &now).await?;
            let rest = followers
                .into_iter()
                .filter(|d| !joined.contains(&d.id))
                .collect();
            if self.create_or_stop(label, &group, rest).await? {
                return Ok(());
            }
        }
        self.update_contacts(label, updates).await?;
        let shared: Vec<String> = shared.into_iter().collect();
        self.rewrite_shared(&shared).await
    }

    /// Creates `creates`; when Google refuses because the member deleted our group, their sync of
    /// the label stops, as when a read finds the group gone (then `true`: nothing more to write).
    async fn create_or_stop(
        &self,
        label: Uuid,
        group: &str,
        creates: Vec<Desired>,
    ) -> Result<bool, SyncError> {
        match self.create_contacts(label, group, creates).await {
            Err(SyncError::People(PeopleError::Rejected { status: 400, .. }))
                if self.group_is_gone(group).await? =>
            {
                self.group_gone(label).await.map(|()| true)
            }
            other => other.map(|()| false),
        }
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub(super) async fn delete_contacts(
        &self,
        deletes: Vec<(Uuid, String)>,
    ) -> Result<(), SyncError> {
        for chunk in deletes.chunks(MAX_BATCH_DELETE) {
            let names: Vec<String> = chunk.iter().map(|(_, r)| r.clone()).collect();
            let ids: Vec<Uuid> = chunk.iter().map(|(id, _)| *id).collect();
            self.delete_people(&names).await?;
            let client = self.ctx.pool.get().await?;
            store::delete_contact_copies(&client, self.user, &ids).await?;
        }
        Ok(())
    }

    /// Deletes up to [`MAX_BATCH_DELETE`] Google contacts. Some may already be gone (deleted by
    /// the member, or by a run that stopped before recording it): then one by one, gone counting
    /// as done.
    pub(super) async fn delete_people(&self, names: &[String]) -> Result<(), SyncError> {
        match self
            .call(Call::BatchDelete, || self.session.batch_delete(names))
            .await
        {
            Ok(()) => Ok(()),
            Err(SyncError::People(
                PeopleError::NotFound | PeopleError::Rejected { status: 400, .. },
            )) => {
                for name in names {
                    match self
                        .call(Call::DeleteContact, || self.session.delete_contact(name))
                        .await
                    {
                        Ok(()) | Err(SyncError::People(PeopleError::NotFound)) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn create_contacts(
        &self,
        label: Uuid,
        group: &str,
        creates: Vec<Desired>,
    ) -> Result<(), SyncError> {
        for chunk in by_quota(
            &creates,
            MAX_BATCH_CREATE,
            Call::CreateContact,
            Call::BatchCreate,
        ) {
            let ids: Vec<Uuid> = chunk.iter().map(|d| d.id).collect();
            {
                let client = self.ctx.pool.get().await?;
                store::save_create_intents(&client, self.user, label, &ids).await?;
            }
            let mut remaining: Vec<&Desired> = chunk.iter().collect();
            let mut attempt = 0;
            while !remaining.is_empty() {
                let people: Vec<Value> = remaining
                    .iter()
                    .map(|d| person::new_person(d.person.clone(), group))
                    .collect();
                let result = match people.as_slice() {
                    [person] => self
                        .call_once(Call::CreateContact, || self.session.create_contact(person))
                        .await
                        .map(|p| vec![p]),
                    _ => {
                        self.call_once(Call::BatchCreate, || self.session.batch_create(&people))
                            .await
                    }
                };
                match result {
                    Ok(created) => {
                        self.record_created(label, &remaining, &created).await?;
                        break;
                    }
                    Err(SyncError::People(e))
                        if e.is_retryable() && attempt < self.ctx.settings.max_retries =>
                    {
                        self.pause(backoff(&self.ctx.settings, attempt, e.retry_after()))
                            .await?;
                        attempt += 1;
                        // The call may have been applied before the answer was lost.
                        let found = self.find_ours().await?;
                        let adopted: Vec<(Uuid, PersonRef)> = remaining
                            .iter()
                            .filter_map(|d| Some((d.id, found.get(&d.id)?.clone())))
                            .collect();
                        // What an adopted copy holds is not known: the next run rewrites it.
                        self.record_adopted(label, &adopted).await?;
                        remaining.retain(|d| !found.contains_key(&d.id));
                    }
                    // A definite refusal created nothing: forget the intents so the next run does
                    // not search the account for them.
                    Err(e @ SyncError::People(PeopleError::Rejected { .. })) => {
                        let ids: Vec<Uuid> = remaining.iter().map(|d| d.id).collect();
                        let client = self.ctx.pool.get().await?;
                        store::delete_contact_copies(&client, self.user, &ids).await?;
                        return Err(e);
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    /// Records people found by their marker, content unknown.
    async fn record_adopted(
        &self,
        label: Uuid,
        found: &[(Uuid, PersonRef)],
    ) -> Result<(), SyncError> {
        let copies: Vec<Written> = found
            .iter()
            .map(|(id, p)| Written {
                contact_id: *id,
                resource_name: p.resource_name.clone(),
                etag: p.contact_etag(),
                digest: None,
                content: None,
                updated: p.contact_updated(),
            })
            .collect();
        let client = self.ctx.pool.get().await?;
        store::save_contact_copies(&client, self.user, label, &copies).await?;
        Ok(())
    }

    /// Records created people, matched to our contacts by their marker.
    async fn record_created(
        &self,
        label: Uuid,
        sent: &[&Desired],
        created: &[PersonRef],
    ) -> Result<(), SyncError> {
        let sent: HashMap<Uuid, &&Desired> = sent.iter().map(|d| (d.id, d)).collect();
        let copies: Vec<Written> = created
            .iter()
            .filter_map(|p| {
                let id: Uuid = *person::marked_contacts(p).first()?;
                let d = sent.get(&id);
                Some(Written {
                    contact_id: id,
                    resource_name: p.resource_name.clone(),
                    etag: p.contact_etag(),
                    digest: d.map(|d| d.digest.clone()),
                    content: d.map(|d| d.seen.clone()),
                    updated: p.contact_updated(),
                })
            })
            .collect();
        if copies.len() != created.len() {
            return Err(SyncError::People(PeopleError::InvalidResponse(None)));
        }
        let client = self.ctx.pool.get().await?;
        store::save_contact_copies(&client, self.user, label, &copies).await?;
        Ok(())
    }

    /// Rewrites changed copies, each carrying the etag it was last written or read with. One
    /// changed by the member since (the etag no longer matches) or deleted by them is read and
    /// taken in first ([`SyncError::TookIn`]): a push never overwrites what a member typed.
    #[tracing::instrument(level = "debug", skip_all)]
    async fn update_contacts(
        &self,
        label: Uuid,
        updates: Vec<(Desired, String, String)>,
    ) -> Result<(), SyncError> {
        for chunk in by_quota(
            &updates,
            MAX_BATCH_UPDATE,
            Call::UpdateContact,
            Call::BatchUpdate,
        ) {
            let body: Vec<(String, Value)> = chunk
                .iter()
                .map(|(d, r, e)| (r.clone(), person::with_etag(d.person.clone(), e)))
                .collect();
            let result = match body.as_slice() {
                [(resource, person)] => self
                    .call(Call::UpdateContact, || {
                        self.session.update_contact(resource, person)
                    })
                    .await
                    .map(|p| vec![p]),
                _ => {
                    self.call(Call::BatchUpdate, || self.session.batch_update(&body))
                        .await
                }
            };
            match result {
                Ok(updated) => {
                    let by_name: HashMap<&str, &PersonRef> = updated
                        .iter()
                        .map(|p| (p.resource_name.as_str(), p))
                        .collect();
                    let copies: Vec<Written> = chunk
                        .iter()
                        .map(|(d, r, e)| {
                            let got = by_name.get(r.as_str());
                            Written {
                                contact_id: d.id,
                                resource_name: r.clone(),
                                etag: got.and_then(|p| p.contact_etag()).or(Some(e.clone())),
                                digest: Some(d.digest.clone()),
                                content: Some(d.seen.clone()),
                                updated: got.and_then(|p| p.contact_updated()),
                            }
                        })
                        .collect();
                    let client = self.ctx.pool.get().await?;
                    store::save_contact_copies(&client, self.user, label, &copies).await?;
                }
                Err(SyncError::People(PeopleError::StaleEtag | PeopleError::NotFound)) => {
                    let names: Vec<String> = chunk.iter().map(|(_, r, _)| r.clone()).collect();
                    let mut fresh = Vec::new();
                    for part in names.chunks(MAX_BATCH_GET) {
                        let got = self
                            .call(Call::BatchGet, || self.session.batch_get(part))
                            .await?;
                        fresh.extend(
                            got.into_iter()
                                .map(|(name, p)| p.unwrap_or_else(|| PersonRef::gone(name))),
                        );
                    }
                    self.take_in(fresh, false, &BTreeSet::new()).await?;
                    return Err(SyncError::TookIn);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Our contacts in the member's Google Contacts, by Sharebook contact id (one standing for
    /// several contacts is found under each). Duplicates of one contact (a create applied twice)
    /// are deleted here, so nobody keeps two copies of it; one standing for several contacts is
    /// never deleted here (merging settles those).
    #[tracing::instrument(level = "debug", skip_all)]
    async fn find_ours(&self) -> Result<HashMap<Uuid, PersonRef>, SyncError> {
        let all = self
            .call(Call::ListConnections, || self.session.list_connections())
            .await?;
        let mut ours: HashMap<Uuid, PersonRef> = HashMap::new();
        let mut extra: Vec<(Uuid, String)> = Vec::new();
        for p in all {
            let ids = person::marked_contacts(&p);
            for id in &ids {
                match ours.entry(*id) {
                    std::collections::hash_map::Entry::Occupied(slot) => {
                        let single = |q: &PersonRef| person::marked_contacts(q).len() == 1;
                        if ids.len() == 1 && single(slot.get()) {
                            extra.push((*id, p.resource_name.clone()));
                        }
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(p.clone());
                    }
                }
            }
        }
        for (_, name) in extra {
            match self
                .call(Call::DeleteContact, || self.session.delete_contact(&name))
                .await
            {
                Ok(()) | Err(SyncError::People(PeopleError::NotFound)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(ours)
    }

    /// Settles creates whose outcome a stopped run left unknown: adopts those that happened
    /// (content unknown, so they are rewritten), forgets the others (they are created again).
    #[tracing::instrument(level = "debug", skip_all)]
    async fn recover_intents(&self) -> Result<(), SyncError> {
        let ours = self.find_ours().await?;
        let client = self.ctx.pool.get().await?;
        let intents = store::create_intents(&client, self.user).await?;
        let mut forget = Vec::new();
        let mut by_label: BTreeMap<Uuid, Vec<Written>> = BTreeMap::new();
        for (contact, label) in intents {
            match ours.get(&contact) {
                Some(p) => by_label.entry(label).or_default().push(Written {
                    contact_id: contact,
                    resource_name: p.resource_name.clone(),
                    etag: p.contact_etag(),
                    digest: None,
                    content: None,
                    updated: p.contact_updated(),
                }),
                None => forget.push(contact),
            }
        }
        for (label, copies) in by_label {
            store::save_contact_copies(&client, self.user, label, &copies).await?;
        }
        store::delete_contact_copies(&client, self.user, &forget).await?;
        Ok(())
    }

    /// One call, paced, fenced and retried on 429, 5xx and timeouts.
    pub(super) async fn call<T, F, Fut>(&self, call: Call, mut f: F) -> Result<T, SyncError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, PeopleError>>,
    {
        let mut attempt = 0;
        loop {
            match self.call_once(call, &mut f).await {
                Err(SyncError::People(e))
                    if e.is_retryable() && attempt < self.ctx.settings.max_retries =>
                {
                    self.pause(backoff(&self.ctx.settings, attempt, e.retry_after()))
                        .await?;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// One call, paced and fenced, not retried (creates decide themselves).
    async fn call_once<T, F, Fut>(&self, call: Call, mut f: F) -> Result<T, SyncError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, PeopleError>>,
    {
        loop {
            let wait = self.ctx.limiter.delay(self.user, call, Instant::now());
            if wait.is_zero() {
                break;
            }
            self.pause(wait).await?;
        }
        if call.is_mutation() {
            self.renew_lease().await?;
        }
        let result = f().await;
        if !matches!(result, Err(PeopleError::RateLimited { .. })) {
            self.ctx.limiter.record(self.user, call, Instant::now());
        }
        self.ctx.metrics.call(call, result.as_ref().err());
        Ok(result?)
    }

    /// Waits, renewing the lease meanwhile so a long wait does not hand the member to another
    /// worker.
    async fn pause(&self, mut wait: Duration) -> Result<(), SyncError> {
        let slice = self.ctx.settings.lease / 3;
        while !wait.is_zero() {
            self.renew_lease().await?;
            let step = wait.min(slice);
            tokio::time::sleep(step).await;
            wait -= step;
        }
        self.renew_lease().await
    }

    async fn renew_lease(&self) -> Result<(), SyncError> {
        let client = self.ctx.pool.get().await?;
        if store::renew_lease(&client, self.lease, self.ctx.settings.lease.as_secs_f64()).await? {
            Ok(())
        } else {
            Err(SyncError::LostLease)
        }
    }
}

/// Splits new contacts into the first of each person and those that are the same person as an
/// earlier one (an address in common, or a phone number when neither has an address, as the
/// member sees them), which join it once it exists.
fn first_of_each_person(creates: Vec<Desired>) -> (Vec<Desired>, Vec<Desired>) {
    let mut claimed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut first = Vec::new();
    let mut followers = Vec::new();
    for d in creates {
        let keys = crate::domain::same_person::keys(&d.seen);
        if keys.iter().any(|k| claimed.contains(k)) {
            followers.push(d);
        } else {
            claimed.extend(keys);
            first.push(d);
        }
    }
    (first, followers)
}

/// Splits `items` into the calls that spend least quota: batches of up to `max_batch`, except
/// where so few contacts remain that sending them one by one (`single`) costs no more than one
/// `batch`. A new member's first fill goes in batches; an edit, or the handful a burst leaves,
/// one by one (a sixth of a batch each), so a run of single changes does not spend six units each.
pub(super) fn by_quota<T>(items: &[T], max_batch: usize, single: Call, batch: Call) -> Vec<&[T]> {
    let singles_up_to = single.singles_pay_up_to(batch);
    items
        .chunks(max_batch.max(1))
        .flat_map(|chunk| {
            if chunk.len() <= singles_up_to {
                chunk.chunks(1).collect()
            } else {
                vec![chunk]
            }
        })
        .collect()
}

/// Exponential backoff with full jitter, never shorter than what Google asked for.
fn backoff(settings: &super::Settings, attempt: u32, retry_after: Option<Duration>) -> Duration {
    let ceiling = settings
        .retry_base
        .saturating_mul(2u32.saturating_pow(attempt.min(16)))
        .min(settings.retry_max);
    let jittered = ceiling.mul_f64(rand::rng().random_range(0.5..=1.0));
    jittered.max(retry_after.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_contacts_go_one_by_one_and_many_in_batches() {
        let sizes = |n: usize, max: usize| -> Vec<usize> {
            let items: Vec<usize> = (0..n).collect();
            by_quota(&items, max, Call::CreateContact, Call::BatchCreate)
                .iter()
                .map(|c| c.len())
                .collect()
        };
        assert_eq!(Call::CreateContact.singles_pay_up_to(Call::BatchCreate), 6);
        assert_eq!(Call::UpdateContact.singles_pay_up_to(Call::BatchUpdate), 6);
        assert!(sizes(0, 200).is_empty());
        assert_eq!(sizes(1, 200), [1]);
        assert_eq!(sizes(6, 200), [1; 6]);
        assert_eq!(sizes(7, 200), [7]);
        assert_eq!(sizes(450, 200), [200, 200, 50]);
        assert_eq!(sizes(403, 200), [200, 200, 1, 1, 1]);
    }
}
