//! Search across every contact the caller can see, and the comments that mention them.

use actix_web::{HttpResponse, web};

use crate::domain::contact::fold;
use crate::domain::text::{self, Lines};
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::{comments, contacts};
use crate::views::navigation::{self, Navigation};
use crate::views::render::{Slot, Template, render};
use crate::views::widgets;

/// The search box on the homepage (named in `cards/homepage.json` too).
pub const QUERY_FIELD: &str = "search_query";
/// Results per page.
const PAGE_SIZE: i64 = 30;

/// `POST /addon/search`: name, email, phone or company; case- and accent-insensitive; paged.
pub async fn search(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = addon
        .event
        .form_value(QUERY_FIELD)
        .or_else(|| addon.event.parameter("q"))
        .unwrap_or_default()
        .trim()
        .chars()
        .take(100)
        .collect::<String>();
    let page = super::page_param(&addon);
    let urls = &state.config.public_url;
    let mut rows = Vec::new();
    let mut actions = Vec::new();
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
    if let Err(e) = text::check(&query, Lines::Single) {
        rows.push(widgets::field_error(&e.to_string())?);
    } else if needle.chars().count() < 2 {
        rows.push(widgets::field_error("Type at least two characters.")?);
    } else {
        let client = state.pool.get().await?;
        let found =
            contacts::search(&client, &who, &needle, page * PAGE_SIZE, PAGE_SIZE + 1).await?;
        drop(client);
        let open = urls.url_for(super::CONTACT_OPEN);
        for c in found.iter().take(usize::try_from(PAGE_SIZE).unwrap_or(30)) {
            let detail = [
                c.organization.as_str(),
                c.email.as_deref().unwrap_or_default(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ");
            rows.push(render(
                Template::ContactRow,
                &[
                    ("name", Slot::Text(&c.name)),
                    ("detail", Slot::Text(&detail)),
                    ("open_url", Slot::Text(&open)),
                    ("contact_id", Slot::Text(&c.id.to_string())),
                ],
            )?);
        }
        if found.is_empty() {
            rows.push(widgets::note("Nobody found.")?);
        }
        let url = urls.url_for(super::SEARCH);
        if page > 0 {
            actions.push(widgets::button(
                "Previous",
                &url,
                &[("q", &query), ("page", &(page - 1).to_string())],
            )?);
        }
        if found.len() > usize::try_from(PAGE_SIZE).unwrap_or(30) {
            actions.push(widgets::button(
                "More",
                &url,
                &[("q", &query), ("page", &(page + 1).to_string())],
            )?);
        }
    }
    let card = render(
        Template::List,
        &[
            ("card_name", Slot::Text("search")),
            ("title", Slot::Text(&format!("“{query}”"))),
            ("subtitle", Slot::Text("Search results")),
            ("rows", Slot::List(&rows)),
            ("actions", Slot::List(&actions)),
        ],
    )?;
    let nav = if addon.event.parameter("page").is_some() {
        Navigation::Update(&card)
    } else {
        Navigation::Push(&card)
    };
    Ok(navigation::action_response(&[nav], None))
}

/// `POST /addon/mentions`: public comments that @mentioned the caller.
pub async fn mentions(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let client = state.pool.get().await?;
    let list = comments::list_mentions(&client, &who, 30).await?;
    drop(client);
    let open = state.config.public_url.url_for(super::CONTACT_OPEN);
    let mut rows = Vec::new();
    for m in &list {
        let when = widgets::format_time(m.created_at, &addon.event);
        rows.push(widgets::field_row(
            &format!("{} on {} · {when}", m.author, m.contact_name),
            &m.body,
        )?);
        rows.push(widgets::button(
            &format!("Open {}", m.contact_name),
            &open,
            &[("contact_id", &m.contact_id.to_string())],
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note("Nobody has mentioned you yet.")?);
    }
    let card = render(
        Template::List,
        &[
            ("card_name", Slot::Text("mentions")),
            ("title", Slot::Text("Mentions")),
            ("subtitle", Slot::Text(&addon.identity.email)),
            ("rows", Slot::List(&rows)),
            ("actions", Slot::List(&[])),
        ],
    )?;
    Ok(navigation::action_response(
        &[Navigation::Push(&card)],
        None,
    ))
}
