//! Label actions: the creation form, creating a label, opening one with its contacts.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use super::homepage::home_card;
use super::uuid_param;
use crate::auth::Addon;
use crate::domain::label::LabelName;
use crate::domain::permission::{Action, allows};
use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::{StorageError, contacts, labels};
use crate::views::navigation::{self, Navigation};
use crate::views::render::{Fragment, Slot, Template, render};
use crate::views::widgets;

/// Form field holding the new label's name.
const NAME_FIELD: &str = "label_name";
/// Contacts per page of a label.
pub const PAGE_SIZE: i64 = 40;

fn label_form(state: &AppState, typed: &str, error: Option<&str>) -> Result<Fragment, ApiError> {
    let name_error = match error {
        Some(message) => vec![widgets::field_error(message)?],
        None => Vec::new(),
    };
    Ok(render(
        Template::LabelForm,
        &[
            ("name", Slot::Text(typed)),
            ("name_error", Slot::List(&name_error)),
            (
                "create_url",
                Slot::Text(&state.config.public_url.url_for(super::LABEL_CREATE)),
            ),
        ],
    )?)
}

/// `POST /addon/labels/new`: the empty form.
pub async fn new_label_form(
    _addon: Addon,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::action_response(
        &[Navigation::Push(&label_form(&state, "", None)?)],
        None,
    ))
}

/// `POST /addon/labels/create`: creates a label owned by the caller and shows it; a bad name
/// returns the form with the message under the field and the typed text kept.
pub async fn create_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let typed = addon.event.form_value(NAME_FIELD).unwrap_or_default();
    let name = match LabelName::parse(typed) {
        Ok(name) => name,
        Err(e) => return form_again(&state, typed, &e.to_string()),
    };
    let client = state.pool.get().await?;
    let id = match labels::insert_label(&client, addon.user_id, &name).await {
        Ok(id) => id,
        Err(StorageError::Conflict) => {
            return form_again(
                &state,
                typed,
                &format!("You already have a label named “{name}”."),
            );
        }
        Err(e) => return Err(e.into()),
    };
    drop(client);
    tracing::info!(label_id = %id, "Label created");
    let home = home_card(&state, &who, &addon.identity, &addon.event).await?;
    let label = label_card(&state, id, &who, 0).await?;
    Ok(navigation::action_response(
        &[
            Navigation::PopToRoot,
            Navigation::Update(&home),
            Navigation::Push(&label),
        ],
        Some("Label created"),
    ))
}

fn form_again(state: &AppState, typed: &str, message: &str) -> Result<HttpResponse, ApiError> {
    Ok(navigation::action_response(
        &[Navigation::Update(&label_form(
            state,
            typed,
            Some(message),
        )?)],
        None,
    ))
}

/// `POST /addon/labels/open`: one label and a page of its contacts, if the caller can see it.
pub async fn open_label(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, "label_id")?;
    let page = super::page_param(&addon);
    let card = label_card(&state, id, &who, page).await?;
    let nav = if addon.event.parameter("page").is_some() {
        Navigation::Update(&card)
    } else {
        Navigation::Push(&card)
    };
    Ok(navigation::action_response(&[nav], None))
}

/// The label card: contacts by name, paged, and the actions the caller's role allows.
pub async fn label_card(
    state: &AppState,
    id: Uuid,
    who: &Principal,
    page: i64,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let offset = page.saturating_mul(PAGE_SIZE);
    let list = contacts::list_contacts(&client, id, who, offset, PAGE_SIZE + 1).await?;
    let opted_out = crate::storage::sync::is_opted_out(&client, who.user_id, id).await?;
    drop(client);
    let urls = &state.config.public_url;
    let open_url = urls.url_for(super::CONTACT_OPEN);
    let mut rows = Vec::new();
    for c in list.iter().take(usize::try_from(PAGE_SIZE).unwrap_or(40)) {
        let detail = match (&c.email, c.organization.is_empty()) {
            (Some(e), true) => e.clone(),
            (Some(e), false) => format!("{} · {e}", c.organization),
            (None, _) => c.organization.clone(),
        };
        let cid = c.id.to_string();
        rows.push(render(
            Template::ContactRow,
            &[
                ("name", Slot::Text(&c.name)),
                ("detail", Slot::Text(&detail)),
                ("open_url", Slot::Text(&open_url)),
                ("contact_id", Slot::Text(&cid)),
            ],
        )?);
    }
    if list.is_empty() && page == 0 {
        rows.push(widgets::note(
            if allows(Some(label.role), Action::AddContact) {
                "No contacts yet. Add one, or open an email and add its sender."
            } else {
                "No contacts yet."
            },
        )?);
    }
    let label_id = label.id.to_string();
    let mut actions = Vec::new();
    let open_label = urls.url_for(super::LABEL_OPEN);
    if page > 0 {
        let prev = (page - 1).to_string();
        actions.push(widgets::button(
            "Previous page",
            &open_label,
            &[("label_id", &label_id), ("page", &prev)],
        )?);
    }
    if list.len() > usize::try_from(PAGE_SIZE).unwrap_or(40) {
        let next = (page + 1).to_string();
        actions.push(widgets::button(
            "Next page",
            &open_label,
            &[("label_id", &label_id), ("page", &next)],
        )?);
    }
    if allows(Some(label.role), Action::AddContact) {
        actions.push(widgets::button(
            "Add contact",
            &urls.url_for(super::CONTACT_NEW),
            &[("label_id", &label_id)],
        )?);
    }
    if allows(Some(label.role), Action::ManageShares) {
        actions.push(widgets::button(
            "Sharing",
            &urls.url_for(super::SHARES_OPEN),
            &[("label_id", &label_id)],
        )?);
    }
    if allows(Some(label.role), Action::DeleteContact) {
        actions.push(widgets::button(
            "Deleted contacts",
            &urls.url_for(super::LABEL_DELETED),
            &[("label_id", &label_id)],
        )?);
    }
    if allows(Some(label.role), Action::ChooseSync) {
        let (text, choice) = if opted_out {
            ("Sync to my Google Contacts", "on")
        } else {
            ("Stop syncing to my Google Contacts", "off")
        };
        actions.push(widgets::button(
            text,
            &urls.url_for(super::LABEL_SYNC),
            &[("label_id", &label_id), ("sync", choice)],
        )?);
    }
    if allows(Some(label.role), Action::RenameLabel) {
        actions.push(widgets::button(
            "Label settings",
            &urls.url_for(super::LABEL_SETTINGS),
            &[("label_id", &label_id)],
        )?);
    }
    Ok(render(
        Template::Label,
        &[
            ("label_name", Slot::Text(&label.name)),
            ("role", Slot::Text(label.role.title())),
            ("contact_count", Slot::Int(label.contact_count)),
            ("contact_rows", Slot::List(&rows)),
            ("actions", Slot::List(&actions)),
        ],
    )?)
}
