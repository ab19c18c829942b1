//! Duplicates within a label: listing likely pairs, merging two contacts into one, and undoing a
//! merge (deleters and above).

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::domain::merge::{may_merge, merge as join};
use crate::domain::permission::Action;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::merges::{self, Merged, Unmerged};
use crate::storage::{contacts, labels};
use crate::views;
use crate::views::navigation;
use crate::views::params;

/// Pairs the duplicates card lists.
const PAIRS_SHOWN: i64 = 20;

/// `POST /addon/labels/duplicates` with `label_id`: likely duplicates of the label.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn duplicates(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::LABEL_ID)?;
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !may_merge(Some(label.role)) {
        return Err(ApiError::NotAllowed {
            role: label.role,
            action: Action::DeleteContact,
        });
    }
    let pairs = merges::pairs(&client, id, &who, PAIRS_SHOWN).await?;
    drop(client);
    let card = views::merges::duplicates(&state.config.public_url, &label, &pairs, &addon.ui)?;
    Ok(navigation::push(&card))
}

/// `POST /addon/contacts/merge` with `contact_id` (kept) and `other_id`: the preview, then, with
/// `confirm=yes`, the merge; the kept contact's card after it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn merge(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let kept = uuid_param(&addon, params::CONTACT_ID)?;
    let other = uuid_param(&addon, params::OTHER_ID)?;
    let ui = &addon.ui;
    let field_name = |f: crate::domain::contact::Field| ui.t(f.message_id());
    let mut client = state.pool.get().await?;
    let (Some(k), Some(o)) = (
        contacts::get_contact(&client, kept, &who).await?,
        contacts::get_contact(&client, other, &who).await?,
    ) else {
        return Err(ApiError::NotFound);
    };
    if k.label_id != o.label_id || kept == other || k.deleted_at.is_some() || o.deleted_at.is_some()
    {
        return Err(ApiError::NotFound);
    }
    if !may_merge(Some(k.role)) {
        return Err(ApiError::NotAllowed {
            role: k.role,
            action: Action::DeleteContact,
        });
    }
    if addon.event.parameter(params::CONFIRM) != Some("yes") {
        let joined = join(&k.data, &o.data, field_name);
        let card = views::merges::preview(&state.config.public_url, &k, &o, &joined, ui)?;
        return Ok(navigation::push(&card));
    }
    let tx = client.transaction().await?;
    match merges::merge(&tx, kept, other, &who, |a, b| join(a, b, field_name)).await? {
        Merged::Done(_) => tx.commit().await?,
        Merged::Refused(errors) => {
            drop(tx);
            let card = views::merges::preview(&state.config.public_url, &k, &o, &Err(errors), ui)?;
            return Ok(navigation::update(&card, None));
        }
        Merged::NotFound => return Err(ApiError::NotFound),
    }
    drop(client);
    let card = screens::contact::card(&state, kept, &who, ui, &Default::default()).await?;
    let note = ui.tr(
        "merge-done",
        &[
            ("other", (&o.data.name).into()),
            ("kept", (&k.data.name).into()),
        ],
    );
    Ok(navigation::update(&card, Some(&note)))
}

/// `POST /addon/contacts/unmerge` with `merge_id`: undoes a merge while neither contact changed.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn unmerge(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::MERGE_ID)?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let (kept, note) = match merges::unmerge(&tx, id, &who).await? {
        Unmerged::Done(kept) => {
            tx.commit().await?;
            (kept, "merge-undone")
        }
        Unmerged::ChangedSince(kept) => {
            drop(tx);
            (kept, "merge-undo-changed")
        }
        Unmerged::NotFound => return Err(ApiError::NotFound),
    };
    drop(client);
    let card = screens::contact::card(&state, kept, &who, &addon.ui, &Default::default()).await?;
    Ok(navigation::update(&card, Some(&addon.ui.t(note))))
}
