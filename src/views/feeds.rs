//! The owner's CRM feed cards: connect a Capsule account, choose which parties it takes, and the
//! feed's state (account, runs, what it took, skipped and removed), with its actions.

use uuid::Uuid;

use crate::config::PublicUrl;
use crate::event::Event;
use crate::routes::{FEED_CHOOSE, FEED_CONNECT, FEED_DISCONNECT, FEED_FILTER, FEED_SYNC};
use crate::storage::feeds::{AuthKind, FeedBadge, FeedState, FeedView};
use crate::views::lists::list;
use crate::views::params;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::widgets;

/// The token box of the connect form.
pub const TOKEN_FIELD: &str = "capsule_token";
/// All parties, or tagged ones only.
pub const SCOPE_FIELD: &str = "feed_scope";
/// The tags ticked.
pub const TAGS_FIELD: &str = "feed_tags";

/// How connecting can go.
pub struct ConnectChoices<'a> {
    /// Where the OAuth button leads (`None`: no registered application, or no keys).
    pub oauth_url: Option<&'a str>,
    /// Whether the server can hold tokens at all (`CRM_TOKEN_KEYS` set).
    pub keys: bool,
    /// Why the domain's policy refuses feeds, when it does.
    pub refused: Option<&'a str>,
}

/// The connect form: paste a personal access token (with what was typed and why it was refused),
/// or sign in with Capsule when the application is registered.
pub fn connect_form(
    urls: &PublicUrl,
    label_id: Uuid,
    label_name: &str,
    typed: &str,
    error: Option<&str>,
    choices: &ConnectChoices<'_>,
) -> Result<Fragment, RenderError> {
    let lid = label_id.to_string();
    let mut w = vec![widgets::note(
        "Connect a Capsule CRM account: its people and organisations with an email, phone or \
         address become contacts of this label, and changes made in Capsule reach everyone. \
         Nothing is ever written to Capsule.",
    )?];
    if !choices.keys {
        w.push(widgets::field_error(
            "CRM feeds are not set up on this server: its administrator has to set \
             CRM_TOKEN_KEYS first.",
        )?);
        return form("feed_connect", "Connect Capsule CRM", label_name, &w);
    }
    if let Some(why) = choices.refused {
        w.push(widgets::field_error(why)?);
        return form("feed_connect", "Connect Capsule CRM", label_name, &w);
    }
    if let Some(url) = choices.oauth_url {
        w.push(widgets::link_button("Sign in with Capsule", url)?);
        w.push(widgets::note(
            "Signing in as a Capsule administrator makes updates instant. Or paste a token:",
        )?);
    }
    w.push(widgets::text_input(
        TOKEN_FIELD,
        "Capsule personal access token",
        typed,
        false,
    )?);
    if let Some(e) = error {
        w.push(widgets::field_error(e)?);
    }
    w.push(widgets::note(
        "In Capsule: My Preferences → API Authentication Tokens → Generate new API token. \
         Sharebook stores it encrypted and never shows it again.",
    )?);
    w.push(widgets::button(
        "Connect",
        &urls.url_for(FEED_CONNECT),
        &[(params::LABEL_ID, &lid)],
    )?);
    form("feed_connect", "Connect Capsule CRM", label_name, &w)
}

/// Which parties to take: all, or those with ticked tags.
pub fn choose_form(
    urls: &PublicUrl,
    label_id: Uuid,
    account: &str,
    tags: &[String],
    chosen: Option<&[String]>,
    error: Option<&str>,
) -> Result<Fragment, RenderError> {
    let lid = label_id.to_string();
    let mut w = vec![widgets::note(&format!(
        "Connected to {account}. Which parties should this label take?"
    ))?];
    w.push(widgets::dropdown(
        SCOPE_FIELD,
        "Parties",
        &[
            (
                "Every person and organisation with contact details",
                "all",
                chosen.is_none(),
            ),
            (
                "Only those with a tag ticked below",
                "tagged",
                chosen.is_some(),
            ),
        ],
    )?);
    if tags.is_empty() {
        w.push(widgets::note("This Capsule account has no tags yet.")?);
    } else {
        let items: Vec<(&str, &str, bool)> = tags
            .iter()
            .map(|t| {
                let ticked = chosen.is_some_and(|c| c.iter().any(|x| x.eq_ignore_ascii_case(t)));
                (t.as_str(), t.as_str(), ticked)
            })
            .collect();
        w.push(widgets::checkboxes(TAGS_FIELD, "Tags", &items)?);
    }
    if let Some(e) = error {
        w.push(widgets::field_error(e)?);
    }
    w.push(widgets::button(
        "Save and sync",
        &urls.url_for(FEED_CHOOSE),
        &[(params::LABEL_ID, &lid)],
    )?);
    form("feed_choose", "Choose parties", account, &w)
}

fn form(name: &str, title: &str, subtitle: &str, w: &[Fragment]) -> Result<Fragment, RenderError> {
    render(
        Template::Form,
        &[
            ("card_name", Slot::Text(name)),
            ("title", Slot::Text(title)),
            ("subtitle", Slot::Text(subtitle)),
            ("widgets", Slot::List(w)),
        ],
    )
}

fn parties(n: i64) -> String {
    match n {
        1 => "1 party".into(),
        n => format!("{n} parties"),
    }
}

/// The feed's state for its owner, with its actions.
pub fn card(
    urls: &PublicUrl,
    label_id: Uuid,
    label_name: &str,
    feed: &FeedView,
    event: &Event,
) -> Result<Fragment, RenderError> {
    let lid = label_id.to_string();
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(|| "never".to_owned(), |t| widgets::format_time(t, event))
    };
    let mut rows = vec![widgets::field_row(
        "Capsule account",
        &format!(
            "{} ({}) · token of {}",
            feed.account_name, feed.account_url, feed.account_user
        ),
    )?];
    rows.push(widgets::field_row(
        "Connected by",
        &format!(
            "{} · {}",
            feed.connected_by,
            match (feed.auth, feed.hooks) {
                (AuthKind::OAuth, true) => "instant updates (REST hooks), checked every poll too",
                (AuthKind::OAuth, false) =>
                    "signed in; instant updates need a Capsule administrator, so it polls",
                (AuthKind::Token, _) => "personal token; reads what changed every poll",
            }
        ),
    )?);
    match feed.state {
        FeedState::Paused => rows.push(widgets::field_error(&format!(
            "Paused: {} Last successful run: {}.",
            feed.paused_reason.as_deref().unwrap_or(""),
            when(feed.last_success_at)
        ))?),
        FeedState::Importing => rows.push(widgets::note(&format!(
            "First import under way: {} pages of 100 parties read.",
            feed.import_pages
        ))?),
        FeedState::Setup => rows.push(widgets::note(
            "Choose which parties to take to start the import.",
        )?),
        FeedState::Live => {}
    }
    rows.push(widgets::field_row(
        "Runs",
        &format!(
            "Last: {} · last successful: {} · next: {}",
            when(feed.last_run_at),
            when(feed.last_success_at),
            if feed.state == FeedState::Paused {
                "paused".to_owned()
            } else {
                widgets::format_time(feed.due_at, event)
            }
        ),
    )?);
    rows.push(widgets::field_row(
        "Taking",
        &match &feed.tags {
            None => "every party with an email, phone or address".to_owned(),
            Some(t) => format!("parties tagged {}", t.join(", ")),
        },
    )?);
    rows.push(widgets::field_row(
        "In this label",
        &format!(
            "{} taken · {} removed (deleted, restricted or without details now){}",
            parties(feed.taken),
            parties(feed.removed),
            if feed.filtered > 0 {
                format!(" · {} outside the chosen tags", parties(feed.filtered))
            } else {
                String::new()
            }
        ),
    )?);
    for s in &feed.skipped {
        let more = if s.count > i64::try_from(s.names.len()).unwrap_or(0) {
            ", …"
        } else {
            ""
        };
        rows.push(widgets::field_row(
            &format!("{} skipped: {}", parties(s.count), s.reason),
            &format!("{}{more}", s.names.join(", ")),
        )?);
    }
    if feed.unreadable > 0 {
        rows.push(widgets::field_row(
            &format!("{} unreadable", parties(i64::from(feed.unreadable))),
            feed.unreadable_reason.as_deref().unwrap_or(""),
        )?);
    }
    if let Some(e) = &feed.last_error
        && feed.state != FeedState::Paused
    {
        rows.push(widgets::field_error(&format!("Last error: {e}"))?);
    }
    rows.push(widgets::note(&format!(
        "{} requests made to Capsule so far (Capsule allows 4,000 an hour per user).",
        feed.requests
    ))?);
    let mut actions = Vec::new();
    let p = [(params::LABEL_ID, lid.as_str())];
    if matches!(feed.state, FeedState::Live | FeedState::Importing) {
        actions.push(widgets::button("Sync now", &urls.url_for(FEED_SYNC), &p)?);
    }
    actions.push(widgets::button(
        "Change which parties",
        &urls.url_for(FEED_FILTER),
        &p,
    )?);
    if feed.state == FeedState::Paused {
        actions.push(widgets::button(
            "Connect again",
            &urls.url_for(FEED_CONNECT),
            &p,
        )?);
    }
    actions.push(widgets::button(
        "Disconnect",
        &urls.url_for(FEED_DISCONNECT),
        &p,
    )?);
    list("feed", "Capsule CRM feed", label_name, &rows, &actions)
}

/// Asks before a feed is disconnected.
pub fn confirm_disconnect(
    urls: &PublicUrl,
    label_id: Uuid,
    account: &str,
) -> Result<Fragment, RenderError> {
    let lid = label_id.to_string();
    let w = [
        widgets::note(&format!(
            "Disconnecting deletes the stored token and stops the feed from {account}. The \
             contacts it brought stay in the label, as ordinary contacts."
        ))?,
        widgets::button(
            "Disconnect",
            &urls.url_for(FEED_DISCONNECT),
            &[(params::LABEL_ID, &lid), (params::CONFIRM, "yes")],
        )?,
    ];
    form("feed_disconnect", "Disconnect Capsule?", account, &w)
}

/// The label card's line about its feed.
pub fn badge_text(badge: &FeedBadge, event: &Event) -> (bool, String) {
    match badge.state {
        FeedState::Paused => (
            true,
            format!(
                "The feed from Capsule CRM ({}) is paused: Capsule refused its token. Last \
                 successful run: {}. Its owner can connect it again.",
                badge.account_name,
                badge
                    .last_success_at
                    .map_or_else(|| "never".to_owned(), |t| widgets::format_time(t, event))
            ),
        ),
        FeedState::Importing | FeedState::Setup => (
            false,
            format!(
                "Importing from Capsule CRM ({}): {} so far. They appear here as they are read.",
                badge.account_name,
                parties(badge.taken)
            ),
        ),
        FeedState::Live => (
            false,
            format!(
                "Fed from Capsule CRM ({}): {} come from it, and changes made there reach \
                 everyone.",
                badge.account_name,
                parties(badge.taken)
            ),
        ),
    }
}
