//! What members change in their Google Contacts, read back and taken in or put back by role
//! (`domain::google_side`), each change applied exactly once.
//!
//! A member's run reads what changed since its last read (sync tokens), matches it to our copies
//! and groups, and applies each change in one transaction together with the new record of the
//! copy. The tokens are saved only after everything read was applied, so a run stopped half-way
//! reads the same changes again and finds them applied: a version no newer than the one recorded
//! is skipped, and a deletion of a copy no longer recorded is nobody's.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use uuid::Uuid;

use super::SyncError;
use super::member::Member;
use super::person::{self, CONTACT_KEY};
use crate::domain::contact::{ContactData, ContactForm, Field, Via};
use crate::domain::google_side::{GoogleChange, Outcome, decide};
use crate::domain::label::LabelName;
use crate::domain::role::Role;
use crate::domain::same_person;
use crate::google::people::{
    Call, ContactGroup, MAX_BATCH_GET, MY_CONTACTS, PeopleError, PersonRef,
};
use crate::storage::contacts;
use crate::storage::sync::{self as store, ContactCopy, Standing, Written};

/// What one read found for one label.
enum Found {
    /// Fields of our copy changed.
    Edited {
        copy: ContactCopy,
        person: PersonRef,
        theirs: ContactData,
        /// For a Google contact standing for several contacts, what it held as last written
        /// (merged from what each gave it).
        shared: Option<Box<ContactData>>,
    },
    /// Our copy was deleted, or taken out of our group.
    Removed {
        copy: ContactCopy,
        person: PersonRef,
    },
    /// A contact not ours was put into our group.
    Added {
        person: PersonRef,
        theirs: ContactData,
    },
}

impl Member<'_> {
    /// Reads what the member changed in Google Contacts since the last read, applies it, and
    /// records where the next read starts.
    #[tracing::instrument(level = "debug", skip_all)]
    pub(super) async fn read_back(&self) -> Result<(), SyncError> {
        let state = {
            let client = self.ctx.pool.get().await?;
            store::read_state(&client, self.user).await?
        };
        let groups = match self
            .call(Call::ListGroups, || {
                self.session.read_groups(state.groups_token.as_deref())
            })
            .await
        {
            Err(SyncError::People(PeopleError::SyncTokenExpired)) => None,
            other => Some(other?),
        };
        let (groups, groups_full) = match groups {
            Some(g) => (g, state.groups_token.is_none()),
            None => (
                self.call(Call::ListGroups, || self.session.read_groups(None))
                    .await?,
                true,
            ),
        };
        let people = match self
            .call(Call::ListConnections, || {
                self.session.read_connections(state.people_token.as_deref())
            })
            .await
        {
            Err(SyncError::People(PeopleError::SyncTokenExpired)) => None,
            other => Some(other?),
        };
        let (people, people_full) = match people {
            Some(p) => (p, state.people_token.is_none()),
            None => (
                self.call(Call::ListConnections, || {
                    self.session.read_connections(None)
                })
                .await?,
                true,
            ),
        };
        let stopped = self.take_in_groups(&groups.groups, groups_full).await?;
        self.take_in(people.people, people_full, &stopped).await?;
        let client = self.ctx.pool.get().await?;
        if !store::save_tokens(
            &client,
            self.lease,
            &people.next_sync_token,
            &groups.next_sync_token,
        )
        .await?
        {
            return Err(SyncError::LostLease);
        }
        self.ctx.metrics.read();
        Ok(())
    }

    /// Takes in what happened to our groups; the labels whose group is gone (their contacts'
    /// removals are the group's deletion, not the member's).
    async fn take_in_groups(
        &self,
        groups: &[ContactGroup],
        full: bool,
    ) -> Result<BTreeSet<Uuid>, SyncError> {
        let ours = {
            let client = self.ctx.pool.get().await?;
            store::member_groups(&client, self.user).await?
        };
        let by_resource: HashMap<&str, (Uuid, &store::GroupCopy)> = ours
            .iter()
            .map(|(label, g)| (g.resource_name.as_str(), (*label, g)))
            .collect();
        let mut gone = BTreeSet::new();
        let mut seen = HashSet::new();
        for g in groups {
            let Some((label, copy)) = by_resource.get(g.resource_name.as_str()) else {
                continue;
            };
            seen.insert(g.resource_name.as_str());
            if g.is_deleted() {
                gone.insert(*label);
            } else if copy.google_name.as_deref().is_some_and(|n| n != g.name) && !g.name.is_empty()
            {
                self.group_renamed(*label, &g.name).await?;
            }
        }
        if full {
            // Not listed: gone, or not yet listed (reads may lag writes). Asked directly.
            for (resource, (label, _)) in &by_resource {
                if seen.contains(resource) {
                    continue;
                }
                match self
                    .call(Call::GetGroup, || self.session.get_group(resource))
                    .await
                {
                    Err(SyncError::People(PeopleError::NotFound)) => {
                        gone.insert(*label);
                    }
                    Ok(_) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        for label in &gone {
            self.group_gone(*label).await?;
        }
        Ok(gone)
    }

    /// The member deleted our group: their sync of the label stops (the homepage offers to switch
    /// it back on); nothing else changes.
    pub(super) async fn group_gone(&self, label: Uuid) -> Result<(), SyncError> {
        let client = self.ctx.pool.get().await?;
        store::stop_syncing(&client, self.user, label).await?;
        tracing::info!(user = %self.user, %label, "group deleted in Google Contacts; sync switched off");
        Ok(())
    }

    async fn group_renamed(&self, label: Uuid, name: &str) -> Result<(), SyncError> {
        let mut client = self.ctx.pool.get().await?;
        let Some(standing) = store::standing(&client, label, self.user).await? else {
            return Ok(());
        };
        let tx = client.transaction().await.map_err(store_error)?;
        let renamed = match (
            decide(&GoogleChange::GroupRenamed, role_of(&standing), &[]),
            LabelName::parse(name),
        ) {
            (Outcome::RenameLabel, Ok(parsed)) => {
                match crate::storage::labels::rename_label(&tx, label, self.user, &parsed).await {
                    Ok(done) => done,
                    // The owner has another label of that name: put back.
                    Err(crate::storage::StorageError::Conflict) => false,
                    Err(e) => return Err(e.into()),
                }
            }
            _ => false,
        };
        store::set_group_name(&tx, self.user, label, name).await?;
        if !renamed {
            // The label keeps its name; the next run of it renames the group back.
            fanout_one(&tx, self.user, label, None).await?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(())
    }

    /// Takes in `people` read from the member's Google Contacts: changes to our copies and
    /// contacts put into our groups, except on labels in `skip`. After a full read, copies it
    /// did not list are looked up directly: gone, or listed late.
    pub(super) async fn take_in(
        &self,
        people: Vec<PersonRef>,
        full: bool,
        skip: &BTreeSet<Uuid>,
    ) -> Result<(), SyncError> {
        let groups = {
            let client = self.ctx.pool.get().await?;
            store::member_groups(&client, self.user).await?
        };
        let group_of: HashMap<Uuid, String> = groups
            .iter()
            .map(|(label, g)| (*label, g.resource_name.clone()))
            .collect();
        let names: Vec<String> = people.iter().map(|p| p.resource_name.clone()).collect();
        let mut copies: HashMap<String, Vec<ContactCopy>> = HashMap::new();
        {
            let client = self.ctx.pool.get().await?;
            for part in names.chunks(5_000) {
                for c in store::copies_at(&client, self.user, part).await? {
                    if let Some(r) = c.resource_name.clone() {
                        copies.entry(r).or_default().push(c);
                    }
                }
            }
        }
        let mut found: BTreeMap<Uuid, Vec<Found>> = BTreeMap::new();
        let listed: HashSet<String> = names.into_iter().collect();
        for p in people {
            classify(p, &copies, &groups, &group_of, skip, &mut found);
        }
        if full {
            let missing: Vec<String> = {
                let client = self.ctx.pool.get().await?;
                store::all_copies(&client, self.user)
                    .await?
                    .into_iter()
                    .filter(|c| !skip.contains(&c.label_id))
                    .filter_map(|c| c.resource_name)
                    .filter(|r| !listed.contains(r))
                    .collect::<BTreeSet<String>>()
                    .into_iter()
                    .collect()
            };
            for part in missing.chunks(MAX_BATCH_GET) {
                let got = self
                    .call(Call::BatchGet, || self.session.batch_get(part))
                    .await?;
                let client = self.ctx.pool.get().await?;
                let mut late = HashMap::new();
                for c in store::copies_at(&client, self.user, part).await? {
                    if let Some(r) = c.resource_name.clone() {
                        late.entry(r).or_insert_with(Vec::new).push(c);
                    }
                }
                drop(client);
                for (name, person) in got {
                    let p = person.unwrap_or_else(|| PersonRef::gone(name));
                    classify(p, &late, &groups, &group_of, skip, &mut found);
                }
            }
        }
        for (label, changes) in found {
            self.apply_label(label, group_of.get(&label).map(String::as_str), changes)
                .await?;
        }
        Ok(())
    }

    /// Applies what was found on one label, as the member's role there allows.
    async fn apply_label(
        &self,
        label: Uuid,
        group: Option<&str>,
        changes: Vec<Found>,
    ) -> Result<(), SyncError> {
        let standing = {
            let client = self.ctx.pool.get().await?;
            store::standing(&client, label, self.user).await?
        };
        // No longer synced to them: what they changed there is not ours to take.
        let Some(standing) = standing else {
            return Ok(());
        };
        let role = role_of(&standing);
        let hidden: Vec<Field> = standing
            .hidden
            .iter()
            .filter_map(|h| Field::from_key(h))
            .collect();
        let deletions = changes
            .iter()
            .filter(|f| matches!(f, Found::Removed { .. }))
            .count();
        let held = decide(&GoogleChange::Removed, role, &hidden) == Outcome::Delete
            && standing
                .guard
                .unwrap_or(self.ctx.settings.guard)
                .holds(deletions, usize::try_from(standing.size).unwrap_or(0));
        let mut removed = Vec::new();
        for change in changes {
            match change {
                Found::Edited {
                    copy,
                    person,
                    theirs,
                    shared,
                } => {
                    let edit = Edit {
                        copy,
                        person: &person,
                        theirs,
                        shared: shared.map(|s| *s),
                    };
                    self.apply_edit(label, &standing, &hidden, edit).await?
                }
                Found::Removed { copy, person } => removed.push((copy, person)),
                Found::Added { person, theirs } => {
                    self.apply_added(label, group, &standing, &hidden, &person, theirs)
                        .await?
                }
            }
        }
        if held {
            return self.hold(label, group, removed).await;
        }
        for (copy, person) in removed {
            self.apply_removed(label, group, &standing, &hidden, copy, &person)
                .await?;
        }
        Ok(())
    }

    async fn apply_edit(
        &self,
        label: Uuid,
        standing: &Standing,
        hidden: &[Field],
        edit: Edit<'_>,
    ) -> Result<(), SyncError> {
        let Edit {
            copy,
            person,
            theirs,
            shared,
        } = edit;
        let mut client = self.ctx.pool.get().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        if shared.is_some() && copy.written.is_none() {
            // Joined to this Google contact and not yet written into it: the edit is not about
            // this contact, and the push writes it in.
            self.record(&tx, label, &copy, person, None, None).await?;
            fanout_one(&tx, self.user, label, Some(copy.contact_id)).await?;
            tx.commit().await.map_err(store_error)?;
            return Ok(());
        }
        let current = contacts::lock_for_edit(&tx, copy.contact_id, &standing.who).await?;
        // The base their change is measured from: what we last wrote or read (for a Google
        // contact standing for several contacts, their merge), or for a copy recorded before
        // bases were kept, the contact as it is when the copy's digest says that is what it
        // holds.
        let base = shared.clone().or_else(|| copy.written.clone()).or_else(|| {
            let (_, data) = current.as_ref()?;
            let seen = person::as_seen(data, hidden);
            let written = person::person(copy.contact_id, label, data, hidden);
            (copy.digest.as_deref() == Some(person::digest(&written).as_slice())).then_some(seen)
        });
        let changed = match &base {
            Some(base) => base.changed_fields(&theirs),
            None => Field::ALL.to_vec(),
        };
        // What the row records as the copy's content: for a shared Google contact, what this
        // contact gives it; otherwise what it holds.
        let kept_content = if shared.is_some() {
            copy.written.clone()
        } else {
            Some(theirs.clone())
        };
        if base.is_some() && changed.is_empty() {
            // Nothing we model changed (a photo, a birthday, or our own write): keep the etag.
            self.record(&tx, label, &copy, person, kept_content, copy.digest.clone())
                .await?;
            tx.commit().await.map_err(store_error)?;
            return Ok(());
        }
        let role = role_of(standing);
        let outcome = match (&base, &current) {
            (Some(_), Some(_)) => decide(&GoogleChange::Edited(changed), role, hidden),
            // Unknown base, or a contact gone or no longer theirs to edit: put back.
            _ => Outcome::PutBack,
        };
        let (fields, put_back) = match outcome {
            Outcome::Apply { fields, put_back } => (fields, put_back),
            _ => (Vec::new(), true),
        };
        let mut digest = None;
        let mut content = kept_content;
        if let (Some(base), Some((version, current)), false) = (&base, &current, fields.is_empty())
        {
            let mut next = current.clone();
            let mut taken = Vec::new();
            let mut clashes = Vec::new();
            for f in fields {
                match (&shared, &copy.written) {
                    (Some(_), Some(part_base)) => {
                        match same_person::spread_edit(
                            &mut next, f, base, &theirs, part_base, current,
                        ) {
                            same_person::Spread::Taken => taken.push(f),
                            same_person::Spread::Clash => clashes.push(f),
                        }
                    }
                    _ => {
                        let theirs_value = theirs.display(f);
                        if current.display(f) != base.display(f)
                            && current.display(f) != theirs_value
                        {
                            clashes.push(f);
                        } else {
                            next.take_field(&theirs, f);
                            taken.push(f);
                        }
                    }
                }
            }
            let next = match ContactForm::from_data(&next).validate() {
                Ok(clean) => Some(clean),
                Err(_) => {
                    // Refused by the side panel's rules (an address that is not one): kept in
                    // history like a clash, so nothing typed is lost.
                    clashes.append(&mut taken);
                    None
                }
            };
            let mut version = *version;
            if let Some(next) = next.as_ref().filter(|_| !taken.is_empty()) {
                match contacts::update_contact(
                    &tx,
                    copy.contact_id,
                    &standing.who,
                    version,
                    next,
                    &taken,
                    Via::GoogleContacts,
                )
                .await?
                {
                    contacts::Updated::Saved(v) => version = v,
                    // Locked above: neither can happen within this transaction.
                    contacts::Updated::Stale | contacts::Updated::NotFound => {
                        return Err(SyncError::Storage(crate::storage::StorageError::Corrupt(
                            "contact changed under its lock".into(),
                        )));
                    }
                }
            }
            if !clashes.is_empty() {
                contacts::record_clash(
                    &tx,
                    copy.contact_id,
                    version,
                    current,
                    &theirs,
                    &clashes,
                    self.user,
                )
                .await?;
            }
            if shared.is_some() {
                // The push writes the Google contact merged again, this contact as it is now.
                content = Some(person::as_seen(next.as_ref().unwrap_or(current), hidden));
            } else if let Some(next) = next.filter(|_| !put_back && clashes.is_empty()) {
                // Their copy already holds the new contact: the push has nothing to write.
                if person::as_seen(&next, hidden) == theirs {
                    digest = Some(person::digest(&person::person(
                        copy.contact_id,
                        label,
                        &next,
                        hidden,
                    )));
                }
            }
        }
        self.record(&tx, label, &copy, person, content, digest.clone())
            .await?;
        if digest.is_none() {
            fanout_one(&tx, self.user, label, Some(copy.contact_id)).await?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(())
    }

    async fn apply_removed(
        &self,
        label: Uuid,
        group: Option<&str>,
        standing: &Standing,
        hidden: &[Field],
        copy: ContactCopy,
        person: &PersonRef,
    ) -> Result<(), SyncError> {
        if decide(&GoogleChange::Removed, role_of(standing), hidden) != Outcome::Delete {
            return self
                .put_back_removals(label, group, vec![(copy, person.clone())])
                .await;
        }
        let mut client = self.ctx.pool.get().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        let deleted = contacts::set_deleted(
            &tx,
            copy.contact_id,
            &standing.who,
            true,
            Via::GoogleContacts,
        )
        .await?;
        if person.is_deleted() {
            store::delete_contact_copies(&tx, self.user, &[copy.contact_id]).await?;
            if !deleted {
                // Already deleted, or no longer theirs to delete: the push recreates it if live.
                fanout_one(&tx, self.user, label, Some(copy.contact_id)).await?;
            }
        } else if !deleted {
            tx.commit().await.map_err(store_error)?;
            return self
                .put_back_removals(label, group, vec![(copy, person.clone())])
                .await;
        }
        // Taken out of the group only: the contact's deletion removes the copy from their
        // Google Contacts, as from everyone's.
        tx.commit().await.map_err(store_error)?;
        Ok(())
    }

    /// Too many deletions in one read: none applies; they wait for the owner, and the copies are
    /// put back.
    async fn hold(
        &self,
        label: Uuid,
        group: Option<&str>,
        removed: Vec<(ContactCopy, PersonRef)>,
    ) -> Result<(), SyncError> {
        let ids: Vec<Uuid> = removed.iter().map(|(c, _)| c.contact_id).collect();
        {
            let client = self.ctx.pool.get().await?;
            store::hold_deletions(&client, label, self.user, &ids).await?;
        }
        tracing::warn!(user = %self.user, %label, deletions = ids.len(), "deletions in Google Contacts held for the owner");
        self.ctx.metrics.held(ids.len());
        self.put_back_removals(label, group, removed).await
    }

    /// Puts back copies the member deleted (created again) or took out of our group (added
    /// back).
    async fn put_back_removals(
        &self,
        label: Uuid,
        group: Option<&str>,
        removed: Vec<(ContactCopy, PersonRef)>,
    ) -> Result<(), SyncError> {
        let (deleted, out): (Vec<_>, Vec<_>) =
            removed.into_iter().partition(|(_, p)| p.is_deleted());
        if !deleted.is_empty() {
            let ids: Vec<Uuid> = deleted.iter().map(|(c, _)| c.contact_id).collect();
            let mut client = self.ctx.pool.get().await?;
            let tx = client.transaction().await.map_err(store_error)?;
            store::delete_contact_copies(&tx, self.user, &ids).await?;
            for id in &ids {
                fanout_one(&tx, self.user, label, Some(*id)).await?;
            }
            tx.commit().await.map_err(store_error)?;
        }
        if let Some(group) = group {
            let names: Vec<String> = out
                .iter()
                .filter_map(|(c, _)| c.resource_name.clone())
                .collect();
            for chunk in names.chunks(crate::google::people::MAX_MEMBER_CHANGES) {
                self.call(Call::ModifyMembers, || {
                    self.session.modify_members(group, chunk, &[])
                })
                .await?;
            }
        }
        Ok(())
    }

    async fn apply_added(
        &self,
        label: Uuid,
        group: Option<&str>,
        standing: &Standing,
        hidden: &[Field],
        person: &PersonRef,
        theirs: ContactData,
    ) -> Result<(), SyncError> {
        let Some(group) = group else { return Ok(()) };
        let data = person::as_seen(&theirs, hidden).acceptable();
        if decide(&GoogleChange::Added, role_of(standing), hidden) == Outcome::AddToLabel {
            let mut client = self.ctx.pool.get().await?;
            let tx = client.transaction().await.map_err(store_error)?;
            if let Some(id) =
                contacts::insert_contact(&tx, label, &standing.who, &data, Via::GoogleContacts)
                    .await?
            {
                // Their contact becomes our copy; the push writes our marker (and the contact
                // as Sharebook keeps it) into it.
                store::save_contact_copies(
                    &tx,
                    self.user,
                    label,
                    &[Written {
                        contact_id: id,
                        resource_name: person.resource_name.clone(),
                        etag: person.contact_etag(),
                        digest: None,
                        content: Some(theirs),
                        updated: person.contact_updated(),
                    }],
                )
                .await?;
                tx.commit().await.map_err(store_error)?;
                return Ok(());
            }
        }
        // Not theirs to add: out of our group, left in their own contacts untouched.
        let name = [person.resource_name.clone()];
        let outcome = self
            .call(Call::ModifyMembers, || {
                self.session.modify_members(group, &[], &name)
            })
            .await?;
        if !outcome
            .can_not_remove_last_contact_group_resource_names
            .is_empty()
        {
            self.call(Call::ModifyMembers, || {
                self.session.modify_members(MY_CONTACTS, &name, &[])
            })
            .await?;
            self.call(Call::ModifyMembers, || {
                self.session.modify_members(group, &[], &name)
            })
            .await?;
        }
        Ok(())
    }

    /// Records what the copy holds now (`content`: as read, or what this contact gives a shared
    /// one) with its etag and update time;
    /// `digest` `None` has the next push rewrite it.
    async fn record(
        &self,
        client: &impl deadpool_postgres::GenericClient,
        label: Uuid,
        copy: &ContactCopy,
        person: &PersonRef,
        content: Option<ContactData>,
        digest: Option<Vec<u8>>,
    ) -> Result<(), SyncError> {
        store::save_contact_copies(
            client,
            self.user,
            label,
            &[Written {
                contact_id: copy.contact_id,
                resource_name: person.resource_name.clone(),
                etag: person.contact_etag().or_else(|| copy.etag.clone()),
                digest,
                content,
                updated: person.contact_updated().or(copy.google_updated),
            }],
        )
        .await?;
        Ok(())
    }
}

/// One edit of a copy, as [`Found::Edited`] carries it.
struct Edit<'a> {
    copy: ContactCopy,
    person: &'a PersonRef,
    theirs: ContactData,
    shared: Option<ContactData>,
}

/// What a Google contact standing for several copies held as last written: their contents
/// merged, from the label held longest (copies joined and not yet written gave it nothing).
fn shared_base(copies: &[ContactCopy]) -> Option<ContactData> {
    if copies.len() < 2 {
        return None;
    }
    let mut ordered: Vec<&ContactCopy> = copies.iter().collect();
    ordered.sort_by_key(|c| (c.since.is_none(), c.since, c.label_id, c.contact_id));
    Some(same_person::merged(
        ordered.iter().filter_map(|c| c.written.as_ref()),
    ))
}

/// Sorts one person read into what it means for each of our labels.
fn classify(
    person: PersonRef,
    copies: &HashMap<String, Vec<ContactCopy>>,
    groups: &[(Uuid, store::GroupCopy)],
    group_of: &HashMap<Uuid, String>,
    skip: &BTreeSet<Uuid>,
    found: &mut BTreeMap<Uuid, Vec<Found>>,
) {
    let Some(ours) = copies.get(&person.resource_name) else {
        // Someone else's contact put into one of our groups (ours carry our marker; a copy of a
        // label no longer synced to them is left alone).
        if person.is_deleted() || person.client_value(CONTACT_KEY).is_some() {
            return;
        }
        for (label, g) in groups {
            if !skip.contains(label) && person.is_in(&g.resource_name) {
                found.entry(*label).or_default().push(Found::Added {
                    person: person.clone(),
                    theirs: person::data_from(&person.fields),
                });
            }
        }
        return;
    };
    for copy in ours {
        if skip.contains(&copy.label_id) {
            continue;
        }
        let Some(group) = group_of.get(&copy.label_id) else {
            continue;
        };
        let change = if person.is_deleted() || !person.is_in(group) {
            Found::Removed {
                copy: copy.clone(),
                person: person.clone(),
            }
        } else {
            // A version no newer than the one recorded is our own write, or a read that lags.
            if let (Some(seen), Some(at)) = (copy.google_updated, person.contact_updated())
                && at <= seen
            {
                continue;
            }
            Found::Edited {
                copy: copy.clone(),
                person: person.clone(),
                theirs: person::data_from(&person.fields),
                shared: shared_base(ours).map(Box::new),
            }
        };
        found.entry(copy.label_id).or_default().push(change);
    }
}

fn role_of(standing: &Standing) -> Role {
    Role::from_rank(standing.rank).unwrap_or(Role::Viewer)
}

fn store_error(e: tokio_postgres::Error) -> SyncError {
    SyncError::Storage(crate::storage::StorageError::Db(e))
}

/// Queues one contact (or the whole label) for this member only: their copy is rewritten.
async fn fanout_one(
    client: &impl deadpool_postgres::GenericClient,
    user: Uuid,
    label: Uuid,
    contact: Option<Uuid>,
) -> Result<(), SyncError> {
    store::add_pending(client, &[user], label, contact, chrono::Utc::now()).await?;
    Ok(())
}
