//! One Google contact per person in a member's Google Contacts.
//!
//! A contact that is the same person as a Google contact the member already has (from another
//! label, or another contact of the label) joins it instead of being created; two Google contacts
//! of one person (from before, or made apart) become one: the kept one is put in every group and
//! rewritten before the other is deleted, so the person never disappears. A Google contact that
//! stands for several contacts is written merged (`domain::same_person`), in each of their labels'
//! groups.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::Value;
use uuid::Uuid;

use super::SyncError;
use super::member::Member;
use super::person;
use crate::domain::contact::ContactData;
use crate::domain::same_person;
use crate::google::people::{
    Call, MAX_BATCH_DELETE, MAX_BATCH_GET, MAX_BATCH_UPDATE, MY_CONTACTS, PeopleError, PersonRef,
};
use crate::storage::sync::{self as store, ContactCopy, Part, Rewritten};

/// What one Google contact should hold: the person written and, for each live contact it stands
/// for, what that contact gives it.
pub(super) struct Merged {
    pub(super) person: Value,
    pub(super) digest: Vec<u8>,
    pub(super) parts: Vec<(Uuid, ContactData)>,
    labels: Vec<Uuid>,
}

/// The Google contact `parts` (one resource's, from the label held longest) should be; `None`
/// when none of its contacts is live any more (their labels' runs remove it).
pub(super) fn merged(parts: &[&Part]) -> Option<Merged> {
    let live: Vec<(Uuid, Uuid, ContactData)> = parts
        .iter()
        .filter_map(|p| {
            let data = p.data.as_ref()?;
            Some((p.contact_id, p.label_id, person::as_seen(data, &p.hidden)))
        })
        .collect();
    if live.is_empty() {
        return None;
    }
    let content = same_person::merged(live.iter().map(|(_, _, d)| d));
    let ids: Vec<(Uuid, Uuid)> = live.iter().map(|(c, l, _)| (*c, *l)).collect();
    let person = person::written(&ids, &content);
    let mut labels = Vec::new();
    for (_, l, _) in &live {
        if !labels.contains(l) {
            labels.push(*l);
        }
    }
    Some(Merged {
        digest: person::digest(&person),
        person,
        parts: live.into_iter().map(|(c, _, d)| (c, d)).collect(),
        labels,
    })
}

fn by_resource(parts: &[Part]) -> BTreeMap<&str, Vec<&Part>> {
    let mut out: BTreeMap<&str, Vec<&Part>> = BTreeMap::new();
    for p in parts {
        out.entry(p.resource_name.as_str()).or_default().push(p);
    }
    out
}

impl Member<'_> {
    /// Of `ids` (contacts of `label`; `copies` their copies), those that are the same person as
    /// another Google contact of the member: joined to it, or their two Google contacts made one,
    /// and that one rewritten. Returns the contacts settled here, which the caller neither
    /// creates nor updates.
    pub(super) async fn settle_people(
        &self,
        label: Uuid,
        ids: &[Uuid],
        copies: &HashMap<Uuid, ContactCopy>,
    ) -> Result<BTreeSet<Uuid>, SyncError> {
        if ids.is_empty() {
            return Ok(BTreeSet::new());
        }
        let matches = {
            let client = self.ctx.pool.get().await?;
            store::same_person_copies(&client, self.user, ids).await?
        };
        let own = |c: &Uuid| copies.get(c).and_then(|cp| cp.resource_name.clone());
        let mut wanted: BTreeMap<Uuid, BTreeSet<String>> = BTreeMap::new();
        for m in matches {
            wanted
                .entry(m.contact_id)
                .or_default()
                .insert(m.resource_name);
        }
        // People: resources that are one person, with the contacts asked about among them.
        let mut people: Vec<(BTreeSet<String>, BTreeSet<Uuid>)> = Vec::new();
        for (contact, mut resources) in wanted {
            let mine = own(&contact);
            if let Some(r) = &mine {
                resources.insert(r.clone());
            }
            // Already one Google contact for them.
            if resources.len() == 1 && mine.is_some() {
                continue;
            }
            let mut contacts = BTreeSet::from([contact]);
            people.retain(|(rs, cs)| {
                if rs.is_disjoint(&resources) {
                    return true;
                }
                resources.extend(rs.iter().cloned());
                contacts.extend(cs.iter().copied());
                false
            });
            people.push((resources, contacts));
        }
        if people.is_empty() {
            return Ok(BTreeSet::new());
        }
        let names: Vec<String> = people
            .iter()
            .flat_map(|(rs, _)| rs.iter().cloned())
            .collect();
        let parts = {
            let client = self.ctx.pool.get().await?;
            store::parts_at(&client, self.user, &names).await?
        };
        let at = by_resource(&parts);
        let mut joins = Vec::new();
        let mut merges = Vec::new();
        let mut keepers = Vec::new();
        let mut settled = BTreeSet::new();
        for (resources, contacts) in &people {
            let adopted = |r: &str| at.get(r).is_some_and(|ps| ps.iter().any(|p| p.adopted));
            // The member's own contacts are never deleted: two of them stay two.
            if resources.iter().filter(|r| adopted(r)).count() > 1 {
                continue;
            }
            let since = |r: &str| {
                at.get(r)
                    .and_then(|ps| ps.iter().filter_map(|p| p.since).min())
            };
            let Some(keeper) = resources
                .iter()
                .min_by_key(|r| (!adopted(r), since(r).is_none(), since(r), (*r).clone()))
                .cloned()
            else {
                continue;
            };
            for c in contacts {
                if own(c).is_none() {
                    joins.push((*c, keeper.clone()));
                }
                settled.insert(*c);
            }
            for r in resources.iter().filter(|r| **r != keeper) {
                merges.push((r.clone(), keeper.clone()));
            }
            keepers.push(keeper);
        }
        if keepers.is_empty() {
            return Ok(settled);
        }
        {
            let mut client = self.ctx.pool.get().await?;
            let tx = client.transaction().await.map_err(store_error)?;
            store::join_people(&tx, self.user, label, &joins).await?;
            for (from, keeper) in &merges {
                store::merge_into(&tx, self.user, from, keeper).await?;
            }
            tx.commit().await.map_err(store_error)?;
        }
        if !merges.is_empty() {
            tracing::info!(user = %self.user, merged = merges.len(), "Google contacts of one person made one");
        }
        self.reshape(&keepers).await?;
        let discarded: Vec<String> = merges.into_iter().map(|(from, _)| from).collect();
        self.delete_discards(&discarded).await?;
        Ok(settled)
    }

    /// Finishes merges a stopped run left half-done: the kept Google contacts rewritten, then the
    /// others deleted.
    pub(super) async fn finish_discards(&self) -> Result<(), SyncError> {
        let discards = {
            let client = self.ctx.pool.get().await?;
            store::discards(&client, self.user).await?
        };
        if discards.is_empty() {
            return Ok(());
        }
        let keepers: Vec<String> = discards
            .iter()
            .map(|(_, k)| k.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.reshape(&keepers).await?;
        let names: Vec<String> = discards.into_iter().map(|(d, _)| d).collect();
        self.delete_discards(&names).await
    }

    async fn delete_discards(&self, names: &[String]) -> Result<(), SyncError> {
        for chunk in names.chunks(MAX_BATCH_DELETE) {
            self.delete_people(chunk).await?;
            let client = self.ctx.pool.get().await?;
            store::forget_discards(&client, self.user, chunk).await?;
        }
        Ok(())
    }

    /// Records those of `resources` standing for several contacts as holding their merge, as
    /// they are (the member's own contacts, adopted from their Google labels: the same person
    /// read into two labels, so their merge is what it holds).
    pub(super) async fn record_in_step(&self, resources: &[String]) -> Result<(), SyncError> {
        for chunk in resources.chunks(5_000) {
            let client = self.ctx.pool.get().await?;
            let shared = store::shared_at(&client, self.user, chunk).await?;
            let parts = store::parts_at(&client, self.user, &shared).await?;
            for (name, parts) in by_resource(&parts) {
                let Some(m) = merged(&parts) else { continue };
                let Some(latest) = parts.iter().max_by_key(|p| p.google_updated) else {
                    continue;
                };
                let done = Rewritten {
                    resource_name: name.to_owned(),
                    etag: latest.etag.clone(),
                    digest: m.digest,
                    updated: latest.google_updated,
                    parts: m.parts,
                };
                store::save_rewritten(&client, self.user, &done).await?;
            }
        }
        Ok(())
    }

    /// Of the Google contacts `resources` (each standing for several contacts), those whose
    /// merged content differs from what was last written: rewritten.
    pub(super) async fn rewrite_shared(&self, resources: &[String]) -> Result<(), SyncError> {
        let mut stale = Vec::new();
        for chunk in resources.chunks(5_000) {
            let parts = {
                let client = self.ctx.pool.get().await?;
                store::parts_at(&client, self.user, chunk).await?
            };
            for (name, parts) in by_resource(&parts) {
                let Some(m) = merged(&parts) else { continue };
                let live: HashSet<Uuid> = m.parts.iter().map(|(c, _)| *c).collect();
                if parts
                    .iter()
                    .filter(|p| live.contains(&p.contact_id))
                    .any(|p| p.digest.as_deref() != Some(m.digest.as_slice()))
                {
                    stale.push(name.to_owned());
                }
            }
        }
        self.reshape(&stale).await
    }

    /// Writes each of `resources` as the merged contact of what it stands for, in exactly its
    /// labels' groups (the member's own groups kept). It is read first: one the member changed
    /// since our last write or read is taken in first ([`SyncError::TookIn`]).
    pub(super) async fn reshape(&self, resources: &[String]) -> Result<(), SyncError> {
        if resources.is_empty() {
            return Ok(());
        }
        let groups = {
            let client = self.ctx.pool.get().await?;
            store::member_groups(&client, self.user).await?
        };
        let group_of: HashMap<Uuid, &str> = groups
            .iter()
            .map(|(label, g)| (*label, g.resource_name.as_str()))
            .collect();
        let ours: HashSet<&str> = group_of.values().copied().collect();
        for chunk in resources.chunks(MAX_BATCH_GET.min(MAX_BATCH_UPDATE)) {
            let got = self
                .call(Call::BatchGet, || self.session.batch_get(chunk))
                .await?;
            let parts = {
                let client = self.ctx.pool.get().await?;
                store::parts_at(&client, self.user, chunk).await?
            };
            let at = by_resource(&parts);
            let mut changed: Vec<PersonRef> = Vec::new();
            let mut body: Vec<(String, Value)> = Vec::new();
            let mut done: Vec<Rewritten> = Vec::new();
            for (name, found) in got {
                let Some(rows) = at.get(name.as_str()) else {
                    continue;
                };
                let Some(m) = merged(rows) else { continue };
                let Some(current) = found else {
                    changed.push(PersonRef::gone(name));
                    continue;
                };
                let seen = rows.iter().filter_map(|p| p.google_updated).max();
                if let (Some(seen), Some(at)) = (seen, current.contact_updated())
                    && at > seen
                {
                    changed.push(current);
                    continue;
                }
                let mut memberships: Vec<&str> = Vec::new();
                for label in &m.labels {
                    if let Some(g) = group_of.get(label)
                        && !memberships.contains(g)
                    {
                        memberships.push(g);
                    }
                }
                for g in current.groups() {
                    if !ours.contains(g) && !memberships.contains(&g) {
                        memberships.push(g);
                    }
                }
                if memberships.is_empty() {
                    memberships.push(MY_CONTACTS);
                }
                let written = person::with_etag(
                    person::with_groups(m.person.clone(), &memberships),
                    &current.contact_etag().unwrap_or_default(),
                );
                body.push((name.clone(), written));
                done.push(Rewritten {
                    resource_name: name,
                    etag: None,
                    digest: m.digest,
                    updated: None,
                    parts: m.parts,
                });
            }
            if !changed.is_empty() {
                self.take_in(changed, false, &BTreeSet::new()).await?;
                return Err(SyncError::TookIn);
            }
            // As few quota units as may be: a handful one by one, more in a batch. Each call's
            // result is recorded as it lands.
            let mut done = done.into_iter();
            for part in super::member::by_quota(
                &body,
                MAX_BATCH_UPDATE,
                Call::UpdateContact,
                Call::BatchUpdate,
            ) {
                let result = match part {
                    [(name, person)] => self
                        .call(Call::UpdateContact, || {
                            self.session.regroup_contact(name, person)
                        })
                        .await
                        .map(|p| vec![p]),
                    _ => {
                        self.call(Call::BatchUpdate, || self.session.batch_regroup(part))
                            .await
                    }
                };
                let updated = match result {
                    Ok(people) => people,
                    // Changed between our read and our write: read again.
                    Err(SyncError::People(PeopleError::StaleEtag | PeopleError::NotFound)) => {
                        return Err(SyncError::TookIn);
                    }
                    Err(e) => return Err(e),
                };
                let by_name: HashMap<&str, &PersonRef> = updated
                    .iter()
                    .map(|p| (p.resource_name.as_str(), p))
                    .collect();
                let client = self.ctx.pool.get().await?;
                for mut d in done.by_ref().take(part.len()) {
                    if let Some(p) = by_name.get(d.resource_name.as_str()) {
                        d.etag = p.contact_etag();
                        d.updated = p.contact_updated();
                    }
                    store::save_rewritten(&client, self.user, &d).await?;
                }
            }
        }
        Ok(())
    }
}

fn store_error(e: tokio_postgres::Error) -> SyncError {
    SyncError::Storage(crate::storage::StorageError::Db(e))
}
