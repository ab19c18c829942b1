//! Sharing a label the caller already has in Google Contacts: pick it, confirm, and the label is
//! made at once and filled in the background by the caller's sync.

use crate::domain::message::{Explain, Msg};
use actix_web::{HttpResponse, web};

use crate::domain::label::LabelName;
use crate::error::ApiError;
use crate::google::people::{PeopleError, PeopleSession};
use crate::principal::Caller;
use crate::screens;
use crate::startup::AppState;
use crate::storage::sync::GroupCopy;
use crate::storage::{StorageError, imports};
use crate::sync::person::LABEL_KEY;
use crate::views;
use crate::views::imports::GoogleLabel;
use crate::views::navigation;
use crate::views::params;

fn unavailable(e: PeopleError) -> ApiError {
    ApiError::GoogleUnavailable(e.to_string())
}

async fn session(state: &AppState, email: &str) -> Result<PeopleSession, ApiError> {
    let people = state.people.as_ref().ok_or_else(|| {
        ApiError::GoogleUnavailable("no service account configured for the People API".into())
    })?;
    people.session(email).await.map_err(unavailable)
}

/// The caller's own Google labels that are not shared yet.
async fn shareable(
    state: &AppState,
    who_id: uuid::Uuid,
    email: &str,
) -> Result<Vec<GoogleLabel>, ApiError> {
    let session = session(state, email).await?;
    let groups = session.list_groups().await.map_err(unavailable)?;
    let client = state.pool.get().await?;
    let shared = imports::shared_groups(&client, who_id).await?;
    let mut labels: Vec<GoogleLabel> = groups
        .into_iter()
        .filter(|g| g.is_user_group() && !g.is_deleted())
        .filter(|g| !g.client_data.iter().any(|c| c.key == LABEL_KEY))
        .filter(|g| !shared.contains(&g.resource_name))
        .map(|g| GoogleLabel {
            resource_name: g.resource_name,
            name: g.name,
            count: g.member_count.unwrap_or(0),
        })
        .collect();
    labels.sort_by_key(|l| l.name.to_lowercase());
    Ok(labels)
}

/// `POST /addon/imports/pick`: the caller's Google labels to share.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn pick(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let labels = shareable(&state, who.user_id, &addon.identity.email).await?;
    Ok(navigation::push(&views::imports::pick(
        &state.config.public_url,
        &labels,
        &addon.ui,
    )?))
}

/// The one of the caller's shareable Google labels named by the `group` parameter.
async fn chosen(
    state: &AppState,
    who_id: uuid::Uuid,
    email: &str,
    group: Option<&str>,
) -> Result<GoogleLabel, ApiError> {
    let group = group.ok_or(ApiError::NotFound)?;
    shareable(state, who_id, email)
        .await?
        .into_iter()
        .find(|l| l.resource_name == group)
        .ok_or(ApiError::NotFound)
}

/// `POST /addon/imports/confirm` with `group`: what sharing it does.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn confirm(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label = chosen(
        &state,
        who.user_id,
        &addon.identity.email,
        addon.event.parameter(params::GROUP),
    )
    .await?;
    Ok(navigation::push(&views::imports::confirm(
        &state.config.public_url,
        &label,
        None,
        &addon.ui,
    )?))
}

/// `POST /addon/imports/start` with `group`: makes the label and answers at once with its card;
/// the caller's sync fills it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn start(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let google = chosen(
        &state,
        who.user_id,
        &addon.identity.email,
        addon.event.parameter(params::GROUP),
    )
    .await?;
    let refused = |message: Msg| -> Result<HttpResponse, ApiError> {
        Ok(navigation::update(
            &views::imports::confirm(&state.config.public_url, &google, Some(&message), &addon.ui)?,
            None,
        ))
    };
    let name = match LabelName::parse(&google.name) {
        Ok(n) => n,
        Err(e) => {
            let why = addon.ui.msg(&e.message());
            return refused(Msg::new("import-name-refused").with("why", why));
        }
    };
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let group = GroupCopy {
        resource_name: google.resource_name.clone(),
        etag: None,
        name: name.as_str().to_owned(),
        google_name: Some(google.name.clone()),
        adopted: true,
    };
    let total = i32::try_from(google.count).unwrap_or(i32::MAX);
    let label = match imports::start(&tx, who.user_id, &name, &group, total).await {
        Ok(id) => id,
        Err(StorageError::Conflict) => {
            return refused(Msg::new("import-name-taken").with("name", &google.name));
        }
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    drop(client);
    let card = screens::label::card(&state, label, &who, 0, &addon.ui).await?;
    Ok(navigation::update(
        &card,
        Some(&addon.ui.t("done-import-started")),
    ))
}
