//! Our contact group for each label in a member's Google Contacts: made, adopted, renamed, and let
//! go or deleted when the label leaves them; and a person another of their labels still holds.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::SyncError;
use super::member::Member;
use super::person::{self, LABEL_KEY};
use crate::google::people::{Call, PeopleError};
use crate::storage::sync::{self as store, GroupCopy};

impl Member<'_> {
    /// Of `deletes`, those whose Google contact also stands for a contact that stays (one person
    /// in two of the member's labels) are forgotten, and that Google contact rewritten without
    /// them (out of this label's group when none of its contacts remains there); the others are
    /// returned, to be deleted.
    pub(super) async fn keep_shared_people(
        &self,
        deletes: Vec<(Uuid, String)>,
    ) -> Result<Vec<(Uuid, String)>, SyncError> {
        if deletes.is_empty() {
            return Ok(deletes);
        }
        let names: Vec<String> = deletes.iter().map(|(_, r)| r.clone()).collect();
        let copies = {
            let client = self.ctx.pool.get().await?;
            store::copies_at(&client, self.user, &names).await?
        };
        let leaving: BTreeSet<Uuid> = deletes.iter().map(|(c, _)| *c).collect();
        let kept: BTreeSet<&str> = copies
            .iter()
            .filter(|c| !leaving.contains(&c.contact_id))
            .filter_map(|c| c.resource_name.as_deref())
            .collect();
        let (shared, delete): (Vec<_>, Vec<_>) = deletes
            .into_iter()
            .partition(|(_, r)| kept.contains(r.as_str()));
        if !shared.is_empty() {
            let ids: Vec<Uuid> = shared.iter().map(|(c, _)| *c).collect();
            {
                let client = self.ctx.pool.get().await?;
                store::delete_contact_copies(&client, self.user, &ids).await?;
            }
            let names: Vec<String> = shared
                .into_iter()
                .map(|(_, r)| r)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            self.reshape(&names).await?;
        }
        Ok(delete)
    }

    /// Our group for the label, created, adopted or renamed as needed; `None` when the member
    /// deleted it (their sync of the label is then switched off).
    #[tracing::instrument(level = "debug", skip_all)]
    pub(super) async fn ensure_group(
        &self,
        label: Uuid,
        name: &str,
    ) -> Result<Option<String>, SyncError> {
        let client = self.ctx.pool.get().await?;
        let existing = store::group_copy(&client, self.user, label).await?;
        drop(client);
        let marker = person::group_marker(label);
        if let Some(group) = &existing {
            if group.name == name {
                return Ok(Some(group.resource_name.clone()));
            }
            let mut etag = group.etag.clone();
            for _ in 0..3 {
                let renamed = self
                    .call(Call::UpdateGroup, || {
                        self.session.update_group(
                            &group.resource_name,
                            etag.as_deref(),
                            name,
                            &marker,
                        )
                    })
                    .await;
                match renamed {
                    Ok(g) => {
                        self.save_group(label, &g.resource_name, g.etag, name, &g.name)
                            .await?;
                        return Ok(Some(g.resource_name));
                    }
                    Err(SyncError::People(PeopleError::StaleEtag)) => {
                        let fresh = self
                            .call(Call::GetGroup, || {
                                self.session.get_group(&group.resource_name)
                            })
                            .await?;
                        etag = fresh.etag;
                    }
                    // The member deleted our group.
                    Err(SyncError::People(PeopleError::NotFound)) => {
                        self.group_gone(label).await?;
                        return Ok(None);
                    }
                    // The new name is taken by one of the member's own groups: keep ours as is.
                    Err(SyncError::People(PeopleError::AlreadyExists)) => {
                        let kept = group.google_name.clone().unwrap_or_default();
                        self.save_group(label, &group.resource_name, etag, name, &kept)
                            .await?;
                        return Ok(Some(group.resource_name.clone()));
                    }
                    Err(e) => return Err(e),
                }
            }
            return Err(SyncError::People(PeopleError::StaleEtag));
        }
        self.create_group(label, name).await.map(Some)
    }

    /// Whether our group is gone from the member's Google Contacts (they deleted it).
    pub(super) async fn group_is_gone(&self, group: &str) -> Result<bool, SyncError> {
        match self
            .call(Call::GetGroup, || self.session.get_group(group))
            .await
        {
            Ok(_) => Ok(false),
            Err(SyncError::People(PeopleError::NotFound)) => Ok(true),
            Err(e) => Err(e),
        }
    }

    async fn create_group(&self, label: Uuid, name: &str) -> Result<String, SyncError> {
        let marker = person::group_marker(label);
        let candidates = std::iter::once(name.to_owned()).chain((1..=5).map(|n| match n {
            1 => format!("{name} (Sharebook)"),
            n => format!("{name} (Sharebook {n})"),
        }));
        for candidate in candidates {
            match self
                .call(Call::CreateGroup, || {
                    self.session.create_group(&candidate, &marker)
                })
                .await
            {
                Ok(g) => {
                    self.save_group(label, &g.resource_name, g.etag, name, &g.name)
                        .await?;
                    return Ok(g.resource_name);
                }
                Err(SyncError::People(PeopleError::AlreadyExists)) => {
                    // Ours from a run that stopped before recording it, or the member's own.
                    let groups = self
                        .call(Call::ListGroups, || self.session.list_groups())
                        .await?;
                    let label_text = label.to_string();
                    if let Some(g) = groups.into_iter().find(|g| {
                        g.client_data
                            .iter()
                            .any(|c| c.key == LABEL_KEY && c.value == label_text)
                    }) {
                        self.save_group(label, &g.resource_name, g.etag, &g.name, &g.name)
                            .await?;
                        return Ok(g.resource_name);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Err(SyncError::People(PeopleError::AlreadyExists))
    }

    async fn save_group(
        &self,
        label: Uuid,
        resource_name: &str,
        etag: Option<String>,
        name: &str,
        google_name: &str,
    ) -> Result<(), SyncError> {
        let client = self.ctx.pool.get().await?;
        store::save_group_copy(
            &client,
            self.user,
            label,
            &GroupCopy {
                resource_name: resource_name.to_owned(),
                etag,
                name: name.to_owned(),
                google_name: Some(google_name.to_owned()).filter(|n| !n.is_empty()),
                adopted: false,
            },
        )
        .await?;
        Ok(())
    }

    /// Removes the label from the member's Google Contacts: our contacts, then our group.
    #[tracing::instrument(level = "debug", skip_all, fields(label = %label))]
    pub(super) async fn remove_label(&self, label: Uuid) -> Result<(), SyncError> {
        let client = self.ctx.pool.get().await?;
        let copies = store::contact_copies(&client, self.user, label).await?;
        let group = store::group_copy(&client, self.user, label).await?;
        drop(client);
        // The member's own contacts that the label adopted stay theirs: let go, never deleted.
        let (known, unknown): (Vec<_>, Vec<_>) = copies
            .into_iter()
            .partition(|c| c.resource_name.is_some() && !c.adopted);
        let deletes: Vec<(Uuid, String)> = known
            .into_iter()
            .filter_map(|c| c.resource_name.map(|r| (c.contact_id, r)))
            .collect();
        // A person another of their labels still holds stays, out of this label's group.
        let deletes = self.keep_shared_people(deletes).await?;
        self.delete_contacts(deletes).await?;
        if !unknown.is_empty() {
            let ids: Vec<Uuid> = unknown.iter().map(|c| c.contact_id).collect();
            let client = self.ctx.pool.get().await?;
            store::delete_contact_copies(&client, self.user, &ids).await?;
        }
        if group.as_ref().is_some_and(|g| g.adopted) {
            let client = self.ctx.pool.get().await?;
            store::delete_group_copy(&client, self.user, label).await?;
        } else if let Some(group) = group {
            match self
                .call(Call::DeleteGroup, || {
                    self.session.delete_group(&group.resource_name)
                })
                .await
            {
                Ok(()) | Err(SyncError::People(PeopleError::NotFound)) => {}
                Err(e) => return Err(e),
            }
            let client = self.ctx.pool.get().await?;
            store::delete_group_copy(&client, self.user, label).await?;
        }
        Ok(())
    }
}
