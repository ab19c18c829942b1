//! Sharing a label: who has access, the form to share it, and one share's role and hidden fields.
//! Choices above the caller's rights are never offered.

use crate::config::PublicUrl;
use crate::domain::contact::Field;
use crate::domain::role::Role;
use crate::domain::share::{self, grantable_roles};
use crate::routes::{SHARE_CREATE, SHARE_OPEN, SHARE_REVOKE, SHARE_UPDATE};
use crate::storage::labels::LabelView;
use crate::storage::shares::{GranteeKind, ShareView};
use crate::views::params;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::widgets;

/// The address or domain typed.
pub const GRANTEE_FIELD: &str = "share_grantee";
/// user, group or domain.
pub const KIND_FIELD: &str = "share_kind";
/// The role picked.
pub const ROLE_FIELD: &str = "share_role";
/// Fields the owner hides from the grantee.
pub const HIDDEN_FIELD: &str = "hidden_fields";

/// What the sharing form holds: typed values kept after a refusal, and its message.
pub struct Typed<'a> {
    /// Address, group or domain typed.
    pub grantee: &'a str,
    /// `user`, `group` or `domain`.
    pub kind: &'a str,
    /// The role picked.
    pub role: &'a str,
    /// Shown under the address.
    pub error: Option<String>,
}

impl Typed<'static> {
    /// A fresh form: a person, as viewer.
    pub fn blank() -> Self {
        Typed {
            grantee: "",
            kind: "user",
            role: "viewer",
            error: None,
        }
    }
}

/// The sharing card: the owner, every share (with a button where the caller may change it), and
/// the form to share, as `typed`.
pub fn card(
    urls: &PublicUrl,
    label: &LabelView,
    list: &[ShareView],
    typed: &Typed<'_>,
) -> Result<Fragment, RenderError> {
    let mut rows = vec![widgets::field_row(
        "Owner",
        if label.role == Role::Owner {
            "You"
        } else {
            "The label's owner"
        },
    )?];
    for s in list {
        let kind = match s.kind {
            GranteeKind::User => "",
            GranteeKind::Group => "Group: ",
            GranteeKind::Domain => "Everyone at ",
        };
        let pending = if s.pending {
            " · pending: has not opened Sharebook yet"
        } else {
            ""
        };
        rows.push(widgets::field_row(
            &format!("{}{pending}", s.role.title()),
            &format!("{kind}{}", s.grantee),
        )?);
        if share::check_revoke(label.role, s.role).is_ok() {
            let sid = s.id.to_string();
            rows.push(widgets::button(
                &format!("Change or revoke {}", s.grantee),
                &urls.url_for(SHARE_OPEN),
                &[(params::SHARE_ID, &sid)],
            )?);
        }
    }
    let mut form = vec![widgets::text_input(
        GRANTEE_FIELD,
        "Email, group address or domain",
        typed.grantee,
        false,
    )?];
    if let Some(e) = &typed.error {
        form.push(widgets::field_error(e)?);
    }
    form.push(widgets::dropdown(
        KIND_FIELD,
        "Share with",
        &[
            (
                "A person",
                "user",
                typed.kind == "user" || typed.kind.is_empty(),
            ),
            ("A Google Group", "group", typed.kind == "group"),
            ("Everyone in a domain", "domain", typed.kind == "domain"),
        ],
    )?);
    form.push(role_picker(label.role, typed.role)?);
    let lid = label.id.to_string();
    form.push(widgets::button(
        "Share",
        &urls.url_for(SHARE_CREATE),
        &[(params::LABEL_ID, &lid)],
    )?);
    rows.extend(form);
    render(
        Template::List,
        &[
            ("card_name", Slot::Text("sharing")),
            ("title", Slot::Text(&format!("Sharing {}", label.name))),
            (
                "subtitle",
                Slot::Text(&format!("Your role: {}", label.role.title())),
            ),
            ("rows", Slot::List(&rows)),
            ("actions", Slot::List(&[])),
        ],
    )
}

/// The roles `actor` may give, `selected` picked.
pub fn role_picker(actor: Role, selected: &str) -> Result<Fragment, RenderError> {
    let roles = grantable_roles(actor);
    let selected = if selected.is_empty() {
        Role::Viewer.as_str()
    } else {
        selected
    };
    let items: Vec<(&str, &str, bool)> = roles
        .iter()
        .map(|r| (r.title(), r.as_str(), r.as_str() == selected))
        .collect();
    widgets::dropdown(ROLE_FIELD, "Role", &items)
}

/// One share: its role (up to what the caller may give) and, for the owner (`hidden` given), the
/// fields hidden from its grantee; Save and Revoke.
///
/// `refused` brings the form back with the role the caller picked and why it was refused.
pub fn share_form(
    urls: &PublicUrl,
    share: &ShareView,
    label: &LabelView,
    hidden: Option<&[String]>,
    refused: Option<(&str, &str)>,
) -> Result<Fragment, RenderError> {
    let id = share.id;
    let sid = id.to_string();
    let role = refused.map_or(share.role.as_str(), |(role, _)| role);
    let mut widgets_out = vec![
        widgets::field_row("Access for", &share.grantee)?,
        role_picker(label.role, role)?,
    ];
    if let Some((_, why)) = refused {
        widgets_out.push(widgets::field_error(why)?);
    }
    if let Some(hidden) = hidden {
        let items: Vec<(&str, &str, bool)> = Field::HIDEABLE
            .iter()
            .map(|f| (f.title(), f.key(), hidden.iter().any(|h| h == f.key())))
            .collect();
        widgets_out.push(widgets::checkboxes(
            HIDDEN_FIELD,
            "Hide from them (not shown, not synced)",
            &items,
        )?);
    }
    widgets_out.push(widgets::button(
        "Save",
        &urls.url_for(SHARE_UPDATE),
        &[(params::SHARE_ID, &sid)],
    )?);
    widgets_out.push(widgets::button(
        "Revoke access",
        &urls.url_for(SHARE_REVOKE),
        &[(params::SHARE_ID, &sid)],
    )?);
    render(
        Template::Form,
        &[
            ("card_name", Slot::Text("share")),
            ("title", Slot::Text(&share.grantee)),
            ("subtitle", Slot::Text(&label.name)),
            ("widgets", Slot::List(&widgets_out)),
        ],
    )
}

/// Asks before a share is revoked, saying what it does to the grantee's Google Contacts.
pub fn confirm_revoke(
    urls: &PublicUrl,
    share: &ShareView,
    label: &LabelView,
) -> Result<Fragment, RenderError> {
    let sid = share.id.to_string();
    let who = match share.kind {
        GranteeKind::User => share.grantee.clone(),
        GranteeKind::Group => format!("every member of {}", share.grantee),
        GranteeKind::Domain => format!("everyone at {}", share.grantee),
    };
    let w = [
        widgets::field_error(&format!(
            "{who} will no longer see “{}”, and its contacts will be removed from their Google Contacts (unless another share still reaches them).",
            label.name
        ))?,
        widgets::button(
            "Revoke access",
            &urls.url_for(SHARE_REVOKE),
            &[(params::SHARE_ID, &sid), (params::CONFIRM, "yes")],
        )?,
    ];
    render(
        Template::Form,
        &[
            ("card_name", Slot::Text("confirm_revoke")),
            ("title", Slot::Text("Revoke access?")),
            ("subtitle", Slot::Text(&share.grantee)),
            ("widgets", Slot::List(&w)),
        ],
    )
}
