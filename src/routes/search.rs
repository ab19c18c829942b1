//! Search across every contact the caller can see, and the comments that mention them.

use crate::domain::message::{Explain, Msg};
use actix_web::{HttpResponse, web};

use crate::domain::contact::fold;
use crate::domain::text::{self, Lines};
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::{comments, contacts};
use crate::views;
use crate::views::lists::{QUERY_FIELD, SEARCH_PAGE_SIZE, Search};
use crate::views::navigation::{self, Navigation};
use crate::views::params;

/// `POST /addon/search`: name, email, phone or company; case- and accent-insensitive; paged.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn search(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = addon
        .event
        .form_value(QUERY_FIELD)
        .or_else(|| addon.event.parameter(params::QUERY))
        .unwrap_or_default()
        .trim()
        .chars()
        .take(100)
        .collect::<String>();
    let page = super::page_param(&addon);
    let folded = fold(&query);
    // Phone numbers are indexed as digits: "+33 1 23" finds "0123…" typed any way.
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    let needle = if !digits.is_empty()
        && digits.len() * 2 >= query.chars().filter(|c| !c.is_whitespace()).count()
    {
        digits
    } else {
        folded
    };
    let outcome = if let Err(e) = text::check(&query, Lines::Single) {
        Search::Refused(e.message())
    } else if needle.chars().count() < 2 {
        Search::Refused(Msg::new("search-too-short"))
    } else {
        let client = state.pool.get().await?;
        let offset = page * SEARCH_PAGE_SIZE;
        Search::Found(contacts::search(&client, &who, &needle, offset, SEARCH_PAGE_SIZE + 1).await?)
    };
    let card = views::lists::search(&state.config.public_url, &query, page, &outcome, &addon.ui)?;
    let nav = if addon.event.parameter(params::PAGE).is_some() {
        Navigation::Update(&card)
    } else {
        Navigation::Push(&card)
    };
    Ok(navigation::action_response(&[nav], None))
}

/// `POST /addon/mentions`: public comments that @mentioned the caller.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn mentions(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let client = state.pool.get().await?;
    let list = comments::list_mentions(&client, &who, 30).await?;
    drop(client);
    let card = views::lists::mentions(
        &state.config.public_url,
        &addon.identity.email,
        &list,
        &addon.ui,
    )?;
    Ok(navigation::push(&card))
}
