//! Sharing a label: who has access, the form to share it, and one share's role and hidden fields.
//! Choices above the caller's rights are never offered.

use crate::config::PublicUrl;
use crate::domain::contact::Field;
use crate::domain::message::Msg;
use crate::domain::role::Role;
use crate::domain::share::{self, grantable_roles};
use crate::i18n::Ui;
use crate::routes::{SHARE_CREATE, SHARE_OPEN, SHARE_REINVITE, SHARE_REVOKE, SHARE_UPDATE};
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
    pub error: Option<Msg>,
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
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut rows = vec![widgets::field_row(
        &ui.t("role-owner"),
        &ui.t(if label.role == Role::Owner {
            "you-capital"
        } else {
            "approver-owner"
        }),
    )?];
    for s in list {
        let role = ui.t(s.role.message_id());
        let role = if s.pending {
            ui.tr("sharing-pending", &[("role", (&role).into())])
        } else {
            role
        };
        rows.push(widgets::field_row(
            &role,
            &grantee_name(s.kind, &s.grantee, ui),
        )?);
        if share::check_revoke(label.role, s.role).is_ok() {
            let sid = s.id.to_string();
            if s.pending && s.kind == GranteeKind::User {
                rows.push(widgets::button(
                    &ui.tr("sharing-reinvite", &[("grantee", (&s.grantee).into())]),
                    &urls.url_for(SHARE_REINVITE),
                    &[(params::SHARE_ID, &sid)],
                )?);
            }
            rows.push(widgets::button(
                &ui.tr("sharing-change", &[("grantee", (&s.grantee).into())]),
                &urls.url_for(SHARE_OPEN),
                &[(params::SHARE_ID, &sid)],
            )?);
        }
    }
    let mut form = vec![widgets::text_input(
        GRANTEE_FIELD,
        &ui.t("sharing-grantee"),
        typed.grantee,
        false,
    )?];
    if let Some(e) = &typed.error {
        form.push(widgets::field_error(&ui.msg(e))?);
    }
    form.push(widgets::dropdown(
        KIND_FIELD,
        &ui.t("sharing-with"),
        &[
            (
                &ui.t("sharing-person"),
                "user",
                typed.kind == "user" || typed.kind.is_empty(),
            ),
            (&ui.t("sharing-group"), "group", typed.kind == "group"),
            (&ui.t("sharing-domain"), "domain", typed.kind == "domain"),
        ],
    )?);
    form.push(role_picker(label.role, typed.role, ui)?);
    let lid = label.id.to_string();
    form.push(widgets::button(
        &ui.t("sharing-share"),
        &urls.url_for(SHARE_CREATE),
        &[(params::LABEL_ID, &lid)],
    )?);
    rows.extend(form);
    render(
        Template::List,
        &[
            ("card_name", Slot::Text("sharing")),
            (
                "title",
                Slot::Text(&ui.tr("sharing-title", &[("label", (&label.name).into())])),
            ),
            (
                "subtitle",
                Slot::Text(&ui.tr(
                    "your-role",
                    &[("role", (&ui.t(label.role.message_id())).into())],
                )),
            ),
            ("rows", Slot::List(&rows)),
            ("actions", Slot::List(&[])),
        ],
    )
}

/// How a grantee reads: an address, "Group: …" or "Everyone at …".
fn grantee_name(kind: GranteeKind, grantee: &str, ui: &Ui) -> String {
    match kind {
        GranteeKind::User => grantee.to_owned(),
        GranteeKind::Group => ui.tr("sharing-group-name", &[("grantee", grantee.into())]),
        GranteeKind::Domain => ui.tr("sharing-domain-name", &[("grantee", grantee.into())]),
    }
}

/// The roles `actor` may give, `selected` picked.
pub fn role_picker(actor: Role, selected: &str, ui: &Ui) -> Result<Fragment, RenderError> {
    let roles = grantable_roles(actor);
    let selected = if selected.is_empty() {
        Role::Viewer.as_str()
    } else {
        selected
    };
    let names: Vec<String> = roles.iter().map(|r| ui.t(r.message_id())).collect();
    let items: Vec<(&str, &str, bool)> = roles
        .iter()
        .zip(&names)
        .map(|(r, name)| (name.as_str(), r.as_str(), r.as_str() == selected))
        .collect();
    widgets::dropdown(ROLE_FIELD, &ui.t("sharing-role"), &items)
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
    refused: Option<(&str, &Msg)>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let id = share.id;
    let sid = id.to_string();
    let role = refused.map_or(share.role.as_str(), |(role, _)| role);
    let mut widgets_out = vec![
        widgets::field_row(&ui.t("sharing-access-for"), &share.grantee)?,
        role_picker(label.role, role, ui)?,
    ];
    if let Some((_, why)) = refused {
        widgets_out.push(widgets::field_error(&ui.msg(why))?);
    }
    if let Some(hidden) = hidden {
        let names: Vec<String> = Field::HIDEABLE
            .iter()
            .map(|f| ui.t(f.message_id()))
            .collect();
        let items: Vec<(&str, &str, bool)> = Field::HIDEABLE
            .iter()
            .zip(&names)
            .map(|(f, name)| (name.as_str(), f.key(), hidden.iter().any(|h| h == f.key())))
            .collect();
        widgets_out.push(widgets::checkboxes(
            HIDDEN_FIELD,
            &ui.t("sharing-hide"),
            &items,
        )?);
    }
    widgets_out.push(widgets::button(
        &ui.t("save"),
        &urls.url_for(SHARE_UPDATE),
        &[(params::SHARE_ID, &sid)],
    )?);
    widgets_out.push(widgets::button(
        &ui.t("sharing-revoke"),
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
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let sid = share.id.to_string();
    let kind = match share.kind {
        GranteeKind::User => "user",
        GranteeKind::Group => "group",
        GranteeKind::Domain => "domain",
    };
    let w = [
        widgets::field_error(&ui.tr(
            "sharing-revoke-warning",
            &[
                ("kind", kind.into()),
                ("grantee", (&share.grantee).into()),
                ("label", (&label.name).into()),
            ],
        ))?,
        widgets::button(
            &ui.t("sharing-revoke"),
            &urls.url_for(SHARE_REVOKE),
            &[(params::SHARE_ID, &sid), (params::CONFIRM, "yes")],
        )?,
    ];
    render(
        Template::Form,
        &[
            ("card_name", Slot::Text("confirm_revoke")),
            ("title", Slot::Text(&ui.t("sharing-revoke-title"))),
            ("subtitle", Slot::Text(&share.grantee)),
            ("widgets", Slot::List(&w)),
        ],
    )
}
