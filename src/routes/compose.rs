//! The Gmail compose trigger: insert a label's addresses as recipients of the draft.

use actix_web::{HttpResponse, web};

use super::uuid_param;
use crate::auth::Compose;
use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::{contacts, labels};
use crate::views::navigation;
use crate::views::render::{Fragment, Slot, Template, render};
use crate::views::widgets;

/// Most recipients inserted at once: a label is not a mailing list.
const MAX_RECIPIENTS: i64 = 100;

/// `POST /addon/compose`: the labels whose addresses can be inserted.
pub async fn compose(
    Caller { addon: _, who }: Caller<Compose>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Ok(navigation::trigger_card(&compose_card(&state, &who).await?))
}

async fn compose_card(state: &AppState, who: &Principal) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let list = labels::list_labels_for_user(&client, who, 90).await?;
    drop(client);
    let url = state.config.public_url.url_for(super::COMPOSE_INSERT);
    let mut rows = Vec::new();
    for l in list.iter().filter(|l| l.contact_count > 0) {
        rows.push(widgets::button(
            &format!("Add {} ({})", l.name, l.contact_count),
            &url,
            &[("label_id", &l.id.to_string())],
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note("None of your labels has contacts yet.")?);
    }
    Ok(render(
        Template::List,
        &[
            ("card_name", Slot::Text("compose")),
            ("title", Slot::Text("Add recipients")),
            (
                "subtitle",
                Slot::Text("Every address of a label goes to To"),
            ),
            ("rows", Slot::List(&rows)),
            ("actions", Slot::List(&[])),
        ],
    )?)
}

/// `POST /addon/compose/insert`: puts the label's addresses in the draft's To.
pub async fn insert_recipients(
    Caller { addon, who }: Caller<Compose>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label_id = uuid_param(&addon, "label_id")?;
    let client = state.pool.get().await?;
    labels::get_label_for_user(&client, label_id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let list = contacts::list_contacts(&client, label_id, &who, 0, MAX_RECIPIENTS).await?;
    drop(client);
    let recipients: Vec<String> = list.iter().filter_map(|c| c.email.clone()).collect();
    Ok(navigation::update_draft_recipients(&recipients))
}
