//! Sharing a label the owner already has in Google Contacts: its contacts read and made the
//! shared label's, the owner's own Google contacts adopted as their copies, never duplicated.
//!
//! Runs in the owner's sync run (their lease: nothing else writes to their contacts meanwhile),
//! before any read of their changes, in rounds of 200 people, each recorded in one transaction
//! with the import's progress: a run stopped half-way goes on where it stopped.

use std::collections::HashSet;

use serde_json::{Value, json};
use uuid::Uuid;

use super::SyncError;
use super::member::Member;
use super::person::{self, CONTACT_KEY, LABEL_KEY};
use crate::domain::contact::Via;
use crate::domain::principal::Principal;
use crate::google::people::{Call, MAX_BATCH_GET, MAX_BATCH_UPDATE, PeopleError, PersonRef};
use crate::storage::imports::{self, Pending};
use crate::storage::sync::{self as store, Written};
use crate::storage::{StorageError, contacts};

/// Most members of one group read (Google's per-account ceiling is 25,000 contacts).
const MAX_GROUP_MEMBERS: usize = 30_000;

impl Member<'_> {
    /// Finishes every import the member started; whether there was any.
    #[tracing::instrument(level = "debug", skip_all)]
    pub(super) async fn run_imports(&self) -> Result<bool, SyncError> {
        let pending = {
            let client = self.ctx.pool.get().await?;
            imports::unfinished(&client, self.user).await?
        };
        for import in &pending {
            self.import(import).await?;
        }
        Ok(!pending.is_empty())
    }

    async fn import(&self, import: &Pending) -> Result<(), SyncError> {
        let label = import.label_id;
        let marked = self.mark_group(label, &import.group).await;
        let members = match marked {
            Ok(()) => {
                self.call(Call::GetGroup, || {
                    self.session.group_members(&import.group, MAX_GROUP_MEMBERS)
                })
                .await
            }
            Err(e) => Err(e),
        };
        let members = match members {
            Ok(m) => m,
            Err(SyncError::People(PeopleError::NotFound)) => {
                let client = self.ctx.pool.get().await?;
                imports::finish(
                    &client,
                    label,
                    Some("The label was deleted in Google Contacts before it could be shared."),
                )
                .await?;
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let (owner, mut done) = {
            let client = self.ctx.pool.get().await?;
            imports::set_total(
                &client,
                label,
                i32::try_from(members.len()).unwrap_or(i32::MAX),
            )
            .await?;
            let done: HashSet<String> = store::copies_at(&client, self.user, &members)
                .await?
                .into_iter()
                .filter(|c| c.label_id == label)
                .filter_map(|c| c.resource_name)
                .collect();
            let owner = store::standing(&client, label, self.user)
                .await?
                .map(|s| s.who);
            (owner, done)
        };
        // The owner is a target of their new label once fan-out has run; until then, act as the
        // owner directly (the label's SQL checks still apply).
        let owner = match owner {
            Some(o) => o,
            None => self.owner_principal().await?,
        };
        let todo: Vec<String> = members
            .iter()
            .filter(|m| !done.contains(*m))
            .cloned()
            .collect();
        let mut count = done.len();
        // Read and shared first (the label is complete in Sharebook as soon as it can be), then
        // marked: the markers cost write quota the reads do not wait for.
        let mut to_mark = Vec::new();
        for part in todo.chunks(MAX_BATCH_GET) {
            let got = self
                .call(Call::BatchGet, || self.session.batch_get(part))
                .await?;
            let people: Vec<PersonRef> = got.into_iter().filter_map(|(_, p)| p).collect();
            let adopted = self.adopt(label, &owner, &people).await?;
            count += part.len();
            {
                let client = self.ctx.pool.get().await?;
                imports::set_done(&client, label, i32::try_from(count).unwrap_or(i32::MAX)).await?;
            }
            to_mark.extend(people.into_iter().zip(adopted));
            done.extend(part.iter().cloned());
        }
        for chunk in to_mark.chunks(MAX_BATCH_UPDATE) {
            let (people, ids): (Vec<PersonRef>, Vec<Uuid>) = chunk.iter().cloned().unzip();
            self.mark(label, &people, &ids).await?;
        }
        // A contact already in another of their shared labels is one Google contact for both,
        // and in step as it is.
        let names: Vec<String> = to_mark
            .iter()
            .map(|(p, _)| p.resource_name.clone())
            .collect();
        self.record_in_step(&names).await?;
        let client = self.ctx.pool.get().await?;
        imports::finish(&client, label, None).await?;
        Ok(())
    }

    /// Writes our marker into the adopted group's `clientData`, its name unchanged.
    async fn mark_group(&self, label: Uuid, group: &str) -> Result<(), SyncError> {
        let marker = person::group_marker(label);
        for _ in 0..3 {
            let current = self
                .call(Call::GetGroup, || self.session.get_group(group))
                .await?;
            if current.client_data.iter().any(|c| c.key == LABEL_KEY) {
                return Ok(());
            }
            let mut data = current.client_data.clone();
            data.extend(marker.iter().cloned());
            match self
                .call(Call::UpdateGroup, || {
                    self.session
                        .update_group(group, current.etag.as_deref(), &current.name, &data)
                })
                .await
            {
                Ok(g) => {
                    let client = self.ctx.pool.get().await?;
                    if let Some(mut copy) = store::group_copy(&client, self.user, label).await? {
                        copy.etag = g.etag;
                        copy.google_name = Some(g.name);
                        store::save_group_copy(&client, self.user, label, &copy).await?;
                    }
                    return Ok(());
                }
                // Renamed or changed meanwhile: read it again.
                Err(SyncError::People(PeopleError::StaleEtag)) => {}
                Err(e) => return Err(e),
            }
        }
        Err(SyncError::People(PeopleError::StaleEtag))
    }

    async fn owner_principal(&self) -> Result<Principal, SyncError> {
        let client = self.ctx.pool.get().await?;
        let email = store::member_email(&client, self.user)
            .await?
            .ok_or(SyncError::UnknownMember)?;
        Ok(Principal {
            user_id: self.user,
            email,
            domain: None,
            groups: Vec::new(),
        })
    }

    /// Makes `people` contacts of the label, each person the owner's copy of its contact, in one
    /// transaction; the contact ids, in order.
    async fn adopt(
        &self,
        label: Uuid,
        owner: &Principal,
        people: &[PersonRef],
    ) -> Result<Vec<Uuid>, SyncError> {
        let mut client = self.ctx.pool.get().await?;
        let tx = client
            .transaction()
            .await
            .map_err(|e| SyncError::Storage(StorageError::Db(e)))?;
        let mut copies = Vec::with_capacity(people.len());
        for p in people {
            let theirs = person::data_from(&p.fields);
            let data = theirs.acceptable();
            let Some(id) =
                contacts::insert_contact(&tx, label, owner, &data, Via::GoogleContacts).await?
            else {
                // No longer the owner's to fill (the label changed hands meanwhile).
                return Err(SyncError::Storage(StorageError::Corrupt(
                    "imported label no longer the importer's".into(),
                )));
            };
            // Written as in step: the owner's copy stays exactly as it is until the contact
            // changes in Sharebook.
            let digest = person::digest(&person::person(id, label, &data, &[]));
            copies.push(Written {
                contact_id: id,
                resource_name: p.resource_name.clone(),
                etag: p.contact_etag(),
                digest: Some(digest),
                content: Some(theirs),
                updated: p.contact_updated(),
            });
        }
        store::save_contact_copies(&tx, self.user, label, &copies).await?;
        let ids: Vec<Uuid> = copies.iter().map(|c| c.contact_id).collect();
        store::mark_adopted(&tx, self.user, &ids).await?;
        tx.commit()
            .await
            .map_err(|e| SyncError::Storage(StorageError::Db(e)))?;
        Ok(ids)
    }

    /// Writes our marker into the adopted people's `clientData` alone (every other field stays
    /// as it is). One the owner changed meanwhile keeps its old etag; the next read takes the
    /// change in and the next write adds the marker. One already marked for another label keeps
    /// that marker (one Google contact, two shared labels).
    async fn mark(&self, label: Uuid, people: &[PersonRef], ids: &[Uuid]) -> Result<(), SyncError> {
        let body: Vec<(String, Value)> = people
            .iter()
            .zip(ids)
            .filter(|(p, _)| p.client_value(CONTACT_KEY).is_none())
            .filter_map(|(p, id)| {
                let mut data: Vec<Value> = p
                    .client_data
                    .iter()
                    .map(|c| json!({ "key": c.key, "value": c.value }))
                    .collect();
                data.push(json!({ "key": CONTACT_KEY, "value": id.to_string() }));
                data.push(json!({ "key": LABEL_KEY, "value": label.to_string() }));
                let etag = p.contact_etag()?;
                Some((
                    p.resource_name.clone(),
                    person::with_etag(json!({ "clientData": data }), &etag),
                ))
            })
            .collect();
        if body.is_empty() {
            return Ok(());
        }
        let updated = match self
            .call(Call::BatchUpdate, || {
                self.session.batch_set_client_data(&body)
            })
            .await
        {
            Ok(u) => u,
            Err(SyncError::People(PeopleError::StaleEtag | PeopleError::NotFound)) => {
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let by_name: std::collections::HashMap<&str, &PersonRef> = updated
            .iter()
            .map(|p| (p.resource_name.as_str(), p))
            .collect();
        let client = self.ctx.pool.get().await?;
        let copies = store::copies_at(
            &client,
            self.user,
            &body.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(),
        )
        .await?;
        let refreshed: Vec<Written> = copies
            .into_iter()
            .filter(|c| c.label_id == label)
            .filter_map(|c| {
                let p = by_name.get(c.resource_name.as_deref()?)?;
                Some(Written {
                    contact_id: c.contact_id,
                    resource_name: p.resource_name.clone(),
                    etag: p.contact_etag().or(c.etag),
                    digest: c.digest,
                    content: c.written,
                    updated: p.contact_updated().or(c.google_updated),
                })
            })
            .collect();
        store::save_contact_copies(&client, self.user, label, &refreshed).await?;
        Ok(())
    }
}
