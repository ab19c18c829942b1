//! The owner's CRM feed cards: connect a Capsule account, choose which parties it takes, and the
//! feed's state (account, runs, what it took, skipped and removed), with its actions.

use uuid::Uuid;

use crate::config::PublicUrl;
use crate::domain::message::Msg;
use crate::i18n::Ui;
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
    pub refused: Option<&'a Msg>,
}

/// The connect form: paste a personal access token (with what was typed and why it was refused),
/// or sign in with Capsule when the application is registered.
pub fn connect_form(
    urls: &PublicUrl,
    label_id: Uuid,
    label_name: &str,
    typed: &str,
    error: Option<&Msg>,
    choices: &ConnectChoices<'_>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let lid = label_id.to_string();
    let title = ui.t("label-connect-feed");
    let mut w = vec![widgets::note(&ui.t("feed-connect-intro"))?];
    if !choices.keys {
        w.push(widgets::field_error(&ui.t("feed-no-keys"))?);
        return form("feed_connect", &title, label_name, &w);
    }
    if let Some(why) = choices.refused {
        w.push(widgets::field_error(&ui.msg(why))?);
        return form("feed_connect", &title, label_name, &w);
    }
    if let Some(url) = choices.oauth_url {
        w.push(widgets::link_button(&ui.t("feed-sign-in"), url)?);
        w.push(widgets::note(&ui.t("feed-sign-in-note"))?);
    }
    w.push(widgets::text_input(
        TOKEN_FIELD,
        &ui.t("feed-token"),
        typed,
        false,
    )?);
    if let Some(e) = error {
        w.push(widgets::field_error(&ui.msg(e))?);
    }
    w.push(widgets::note(&ui.t("feed-token-help"))?);
    w.push(widgets::button(
        &ui.t("feed-connect"),
        &urls.url_for(FEED_CONNECT),
        &[(params::LABEL_ID, &lid)],
    )?);
    form("feed_connect", &title, label_name, &w)
}

/// Which parties to take: all, or those with ticked tags.
pub fn choose_form(
    urls: &PublicUrl,
    label_id: Uuid,
    account: &str,
    tags: &[String],
    chosen: Option<&[String]>,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let lid = label_id.to_string();
    let mut w = vec![widgets::note(
        &ui.tr("feed-choose-intro", &[("account", account.into())]),
    )?];
    w.push(widgets::dropdown(
        SCOPE_FIELD,
        &ui.t("feed-parties"),
        &[
            (&ui.t("feed-parties-all"), "all", chosen.is_none()),
            (&ui.t("feed-parties-tagged"), "tagged", chosen.is_some()),
        ],
    )?);
    if tags.is_empty() {
        w.push(widgets::note(&ui.t("feed-no-tags"))?);
    } else {
        let items: Vec<(&str, &str, bool)> = tags
            .iter()
            .map(|t| {
                let ticked = chosen.is_some_and(|c| c.iter().any(|x| x.eq_ignore_ascii_case(t)));
                (t.as_str(), t.as_str(), ticked)
            })
            .collect();
        w.push(widgets::checkboxes(TAGS_FIELD, &ui.t("feed-tags"), &items)?);
    }
    if let Some(e) = error {
        w.push(widgets::field_error(&ui.msg(e))?);
    }
    w.push(widgets::button(
        &ui.t("feed-save-and-sync"),
        &urls.url_for(FEED_CHOOSE),
        &[(params::LABEL_ID, &lid)],
    )?);
    form("feed_choose", &ui.t("feed-choose-title"), account, &w)
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

fn parties(n: i64, ui: &Ui) -> String {
    ui.tr("feed-n-parties", &[("count", n.into())])
}

/// The feed's state for its owner, with its actions.
pub fn card(
    urls: &PublicUrl,
    label_id: Uuid,
    label_name: &str,
    feed: &FeedView,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let lid = label_id.to_string();
    let when =
        |t: Option<chrono::DateTime<chrono::Utc>>| t.map_or_else(|| ui.t("never"), |t| ui.time(t));
    let mut rows = vec![widgets::field_row(
        &ui.t("feed-account"),
        &ui.tr(
            "feed-account-value",
            &[
                ("name", (&feed.account_name).into()),
                ("url", (&feed.account_url).into()),
                ("user", (&feed.account_user).into()),
            ],
        ),
    )?];
    let how = match (feed.auth, feed.hooks) {
        (AuthKind::OAuth, true) => "hooks",
        (AuthKind::OAuth, false) => "oauth",
        (AuthKind::Token, _) => "token",
    };
    rows.push(widgets::field_row(
        &ui.t("feed-connected-by"),
        &ui.tr(
            "feed-connected-by-value",
            &[("who", (&feed.connected_by).into()), ("how", how.into())],
        ),
    )?);
    match feed.state {
        FeedState::Paused => rows.push(widgets::field_error(&ui.tr(
            "feed-paused",
            &[
                (
                    "reason",
                    (&ui.stored(feed.paused_reason.as_deref().unwrap_or(""))).into(),
                ),
                ("last", (&when(feed.last_success_at)).into()),
            ],
        ))?),
        FeedState::Importing => rows.push(widgets::note(
            &ui.tr("feed-importing", &[("pages", feed.import_pages.into())]),
        )?),
        FeedState::Setup => rows.push(widgets::note(&ui.t("feed-setup"))?),
        FeedState::Live => {}
    }
    let next = if feed.state == FeedState::Paused {
        ui.t("feed-paused-word")
    } else {
        ui.time(feed.due_at)
    };
    rows.push(widgets::field_row(
        &ui.t("feed-runs"),
        &ui.tr(
            "feed-runs-value",
            &[
                ("last", (&when(feed.last_run_at)).into()),
                ("success", (&when(feed.last_success_at)).into()),
                ("next", (&next).into()),
            ],
        ),
    )?);
    rows.push(widgets::field_row(
        &ui.t("feed-taking"),
        &match &feed.tags {
            None => ui.t("feed-taking-all"),
            Some(t) => ui.tr("feed-taking-tagged", &[("tags", (&t.join(", ")).into())]),
        },
    )?);
    let mut in_label = ui.tr(
        "feed-in-label-value",
        &[
            ("taken", (&parties(feed.taken, ui)).into()),
            ("removed", (&parties(feed.removed, ui)).into()),
        ],
    );
    if feed.filtered > 0 {
        in_label.push_str(&ui.tr(
            "feed-filtered",
            &[("filtered", (&parties(feed.filtered, ui)).into())],
        ));
    }
    rows.push(widgets::field_row(&ui.t("feed-in-label"), &in_label)?);
    for s in &feed.skipped {
        let more = if s.count > i64::try_from(s.names.len()).unwrap_or(0) {
            ", …"
        } else {
            ""
        };
        rows.push(widgets::field_row(
            &ui.tr(
                "feed-skipped",
                &[
                    ("parties", (&parties(s.count, ui)).into()),
                    ("reason", (&ui.stored(&s.reason)).into()),
                ],
            ),
            &format!("{}{more}", s.names.join(", ")),
        )?);
    }
    if feed.unreadable > 0 {
        rows.push(widgets::field_row(
            &ui.tr(
                "feed-unreadable",
                &[("parties", (&parties(i64::from(feed.unreadable), ui)).into())],
            ),
            feed.unreadable_reason.as_deref().unwrap_or(""),
        )?);
    }
    if let Some(e) = &feed.last_error
        && feed.state != FeedState::Paused
    {
        rows.push(widgets::field_error(
            &ui.tr("feed-last-error", &[("error", e.into())]),
        )?);
    }
    rows.push(widgets::note(
        &ui.tr("feed-requests", &[("count", feed.requests.into())]),
    )?);
    let mut actions = Vec::new();
    let p = [(params::LABEL_ID, lid.as_str())];
    if matches!(feed.state, FeedState::Live | FeedState::Importing) {
        actions.push(widgets::button(
            &ui.t("home-sync-now"),
            &urls.url_for(FEED_SYNC),
            &p,
        )?);
    }
    actions.push(widgets::button(
        &ui.t("feed-change-parties"),
        &urls.url_for(FEED_FILTER),
        &p,
    )?);
    if feed.state == FeedState::Paused {
        actions.push(widgets::button(
            &ui.t("feed-connect-again"),
            &urls.url_for(FEED_CONNECT),
            &p,
        )?);
    }
    actions.push(widgets::button(
        &ui.t("feed-disconnect"),
        &urls.url_for(FEED_DISCONNECT),
        &p,
    )?);
    list("feed", &ui.t("label-feed"), label_name, &rows, &actions)
}

/// Asks before a feed is disconnected.
pub fn confirm_disconnect(
    urls: &PublicUrl,
    label_id: Uuid,
    account: &str,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let lid = label_id.to_string();
    let w = [
        widgets::note(&ui.tr("feed-disconnect-warning", &[("account", account.into())]))?,
        widgets::button(
            &ui.t("feed-disconnect"),
            &urls.url_for(FEED_DISCONNECT),
            &[(params::LABEL_ID, &lid), (params::CONFIRM, "yes")],
        )?,
    ];
    form(
        "feed_disconnect",
        &ui.t("feed-disconnect-title"),
        account,
        &w,
    )
}

/// The label card's line about its feed.
pub fn badge_text(badge: &FeedBadge, ui: &Ui) -> (bool, String) {
    let account = (&badge.account_name).into();
    match badge.state {
        FeedState::Paused => (
            true,
            ui.tr(
                "feed-badge-paused",
                &[
                    ("account", account),
                    (
                        "last",
                        (&badge
                            .last_success_at
                            .map_or_else(|| ui.t("never"), |t| ui.time(t)))
                            .into(),
                    ),
                ],
            ),
        ),
        FeedState::Importing | FeedState::Setup => (
            false,
            ui.tr(
                "feed-badge-importing",
                &[
                    ("account", account),
                    ("parties", (&parties(badge.taken, ui)).into()),
                ],
            ),
        ),
        FeedState::Live => (
            false,
            ui.tr(
                "feed-badge-live",
                &[
                    ("account", account),
                    ("parties", (&parties(badge.taken, ui)).into()),
                ],
            ),
        ),
    }
}
