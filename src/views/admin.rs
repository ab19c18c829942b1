//! The admin card and the cards it leads to.
//!
//! The domain's policies (with the shares they now forbid), held deletions for admins, people who left, the audit log, people and labels, and
//! offboarding. Admins see who shared what with whom, never contacts.

use uuid::Uuid;

use crate::domain::audit::{AuditAction, FilterError};
use crate::domain::message::Msg;
use crate::domain::policy::{Approver, OutsideSharing, PolicyError, PolicyForm};
use crate::domain::role::Role;
use crate::i18n::Ui;
use crate::routes::{
    ADMIN_AUDIT, ADMIN_AUDIT_CSV, ADMIN_HELD, ADMIN_LABELS, ADMIN_OFFBOARD, ADMIN_PEOPLE,
    ADMIN_PERSON, ADMIN_POLICIES, ADMIN_REVOKE,
};
use crate::storage::admin::{DomainLabel, DomainShare, Person};
use crate::storage::audit::Logged;
use crate::storage::held::HeldForAdmins;
use crate::storage::policies::DomainRecord;
use crate::views::params;
use crate::views::render::{Fragment, RenderError, Slot, Template, render};
use crate::views::widgets;

/// Entries per page of the audit card (Google allows 100 widgets per section).
pub const AUDIT_PAGE: i64 = 40;
/// People or labels per page.
pub const LIST_PAGE: i64 = 40;

/// The filter form's fields.
pub mod fields {
    /// Actor address (part).
    pub const USER: &str = "audit_user";
    /// Label id or name (part).
    pub const LABEL: &str = "audit_label";
    /// Action.
    pub const ACTION: &str = "audit_action";
    /// First day.
    pub const FROM: &str = "audit_from";
    /// Last day.
    pub const UNTIL: &str = "audit_until";
    /// Outside sharing.
    pub const OUTSIDE: &str = "policy_outside";
    /// Outside domains.
    pub const DOMAINS: &str = "policy_domains";
    /// Highest outside role.
    pub const OUTSIDE_MAX: &str = "policy_outside_max";
    /// Whole-domain shares and CRM feeds (check boxes).
    pub const ALLOW: &str = "policy_allow";
    /// Guard share.
    pub const GUARD_PERCENT: &str = "policy_guard_percent";
    /// Guard count.
    pub const GUARD_AT_LEAST: &str = "policy_guard_at_least";
    /// Held deletions' approver.
    pub const APPROVER: &str = "policy_approver";
    /// The new owner when offboarding.
    pub const RECIPIENT: &str = "offboard_to";
}

/// The check-box values of [`fields::ALLOW`].
pub const ALLOW_DOMAIN_SHARES: &str = "domain_shares";
/// See [`ALLOW_DOMAIN_SHARES`].
pub const ALLOW_FEEDS: &str = "feeds";

/// What the admin card shows.
#[derive(Debug, Clone)]
pub struct AdminHome {
    /// The admin's domain.
    pub domain: String,
    /// What is known of it.
    pub record: Option<DomainRecord>,
    /// Whether the Marketplace is asked about licenses.
    pub licensing: bool,
    /// The policy form (saved, or as typed).
    pub form: PolicyForm,
    /// Why the typed policy was refused.
    pub error: Option<PolicyError>,
    /// Shares the saved policy forbids, with why.
    pub forbidden: Vec<(DomainShare, Msg)>,
    /// Held deletions waiting for admins.
    pub held: Vec<HeldForAdmins>,
    /// Label owners the Directory says left (id, address, the account state's message id).
    pub departed: Vec<(Uuid, String, &'static str)>,
    /// Why the Directory could not be asked, if it could not.
    pub directory_note: Option<Msg>,
}

fn section(header: &str, w: &[Fragment]) -> Result<Fragment, RenderError> {
    render(
        Template::Section,
        &[
            ("header", Slot::Text(header)),
            ("shown", Slot::Int(i64::try_from(w.len()).unwrap_or(0))),
            ("widgets", Slot::List(w)),
        ],
    )
}

fn card(
    name: &str,
    title: &str,
    subtitle: &str,
    sections: &[Fragment],
) -> Result<Fragment, RenderError> {
    render(
        Template::Sections,
        &[
            ("card_name", Slot::Text(name)),
            ("title", Slot::Text(title)),
            ("subtitle", Slot::Text(subtitle)),
            ("sections", Slot::List(sections)),
        ],
    )
}

fn error_under(
    w: &mut Vec<Fragment>,
    field: &str,
    error: Option<&PolicyError>,
    ui: &Ui,
) -> Result<(), RenderError> {
    if let Some(e) = error.filter(|e| e.field == field) {
        w.push(widgets::field_error(&ui.msg(&e.message))?);
    }
    Ok(())
}

/// The admin card.
pub fn home(
    urls: &crate::config::PublicUrl,
    a: &AdminHome,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut sections = Vec::new();
    let install = match (
        a.licensing,
        a.record.as_ref().and_then(|r| r.domain_install),
    ) {
        (_, Some(true)) => "admin-install-domain",
        (_, Some(false)) => "admin-install-users",
        (true, None) => "admin-install-unchecked",
        (false, None) => "admin-install-unknown",
    };
    let mut domain = vec![widgets::field_row(
        &ui.t("admin-installation"),
        &ui.t(install),
    )?];
    if let Some(r) = &a.record {
        domain.push(widgets::field_row(
            &ui.t("admin-first-used"),
            &ui.time(r.first_seen_at),
        )?);
    }
    domain.push(widgets::button(
        &ui.t("admin-audit-log"),
        &urls.url_for(ADMIN_AUDIT),
        &[],
    )?);
    domain.push(widgets::button(
        &ui.t("admin-people"),
        &urls.url_for(ADMIN_PEOPLE),
        &[],
    )?);
    domain.push(widgets::button(
        &ui.t("admin-labels"),
        &urls.url_for(ADMIN_LABELS),
        &[],
    )?);
    sections.push(section(&ui.t("admin-domain"), &domain)?);

    if !a.departed.is_empty() || a.directory_note.is_some() {
        let mut w = Vec::new();
        for (id, email, status) in &a.departed {
            w.push(widgets::field_error(&ui.tr(
                "admin-departed",
                &[("email", email.into()), ("status", (&ui.t(status)).into())],
            ))?);
            w.push(widgets::button(
                &ui.tr("admin-offboard-name", &[("email", email.into())]),
                &urls.url_for(ADMIN_PERSON),
                &[(params::USER_ID, &id.to_string())],
            )?);
        }
        if let Some(note) = &a.directory_note {
            w.push(widgets::note(&ui.msg(note))?);
        }
        sections.push(section(&ui.t("admin-people-who-left"), &w)?);
    }

    if !a.held.is_empty() {
        let mut w = Vec::new();
        for h in &a.held {
            let id = h.held.id.to_string();
            w.push(widgets::field_row(
                &h.label_name,
                &ui.tr(
                    "admin-held",
                    &[
                        ("count", h.held.count.into()),
                        ("member", (&h.held.member).into()),
                        ("when", (&ui.time(h.held.held_at)).into()),
                    ],
                ),
            )?);
            w.push(widgets::button(
                &ui.t("label-held-delete"),
                &urls.url_for(ADMIN_HELD),
                &[(params::HELD_ID, &id), (params::DECISION, "approve")],
            )?);
            w.push(widgets::button(
                &ui.t("label-held-keep"),
                &urls.url_for(ADMIN_HELD),
                &[(params::HELD_ID, &id), (params::DECISION, "dismiss")],
            )?);
        }
        sections.push(section(&ui.t("admin-held-deletions"), &w)?);
    }

    sections.push(section(
        &ui.t("admin-policies"),
        &policy_widgets(urls, &a.form, a.error.as_ref(), ui)?,
    )?);

    if !a.forbidden.is_empty() {
        let mut w = vec![widgets::note(&ui.t("admin-forbidden-note"))?];
        for (share, why) in a.forbidden.iter().take(40) {
            w.push(widgets::field_row(
                &share.label_name,
                &ui.tr(
                    "admin-forbidden-share",
                    &[
                        ("grantee", (&share.grantee).into()),
                        ("role", (&ui.t(share.role.message_id())).into()),
                        ("why", (&ui.msg(why)).into()),
                    ],
                ),
            )?);
        }
        if a.forbidden.len() > 40 {
            w.push(widgets::note(&ui.tr(
                "and-more",
                &[("count", (a.forbidden.len() - 40).into())],
            ))?);
        }
        w.push(widgets::button(
            &ui.tr("admin-revoke-n", &[("count", a.forbidden.len().into())]),
            &urls.url_for(ADMIN_REVOKE),
            &[],
        )?);
        sections.push(section(&ui.t("admin-forbidden"), &w)?);
    }
    card("admin", &ui.t("home-admin"), &a.domain, &sections)
}

fn policy_widgets(
    urls: &crate::config::PublicUrl,
    f: &PolicyForm,
    error: Option<&PolicyError>,
    ui: &Ui,
) -> Result<Vec<Fragment>, RenderError> {
    let mut w = Vec::new();
    let names: Vec<String> = OutsideSharing::ALL
        .iter()
        .map(|o| ui.t(o.message_id()))
        .collect();
    let outside: Vec<(&str, &str, bool)> = OutsideSharing::ALL
        .iter()
        .zip(&names)
        .map(|(o, name)| (name.as_str(), o.as_str(), f.outside == o.as_str()))
        .collect();
    w.push(widgets::dropdown(
        fields::OUTSIDE,
        &ui.t("policy-outside"),
        &outside,
    )?);
    error_under(&mut w, "outside", error, ui)?;
    w.push(widgets::text_input(
        fields::DOMAINS,
        &ui.t("policy-domains"),
        &f.domains,
        false,
    )?);
    error_under(&mut w, "domains", error, ui)?;
    let below_owner: Vec<Role> = Role::ALL.into_iter().filter(|r| *r < Role::Owner).collect();
    let names: Vec<String> = below_owner.iter().map(|r| ui.t(r.message_id())).collect();
    let roles: Vec<(&str, &str, bool)> = below_owner
        .iter()
        .zip(&names)
        .map(|(r, name)| (name.as_str(), r.as_str(), f.outside_max == r.as_str()))
        .collect();
    w.push(widgets::dropdown(
        fields::OUTSIDE_MAX,
        &ui.t("policy-outside-max"),
        &roles,
    )?);
    error_under(&mut w, "outside_max", error, ui)?;
    w.push(widgets::checkboxes(
        fields::ALLOW,
        &ui.t("policy-users-may"),
        &[
            (
                &ui.t("policy-domain-shares"),
                ALLOW_DOMAIN_SHARES,
                f.domain_shares,
            ),
            (&ui.t("policy-feeds"), ALLOW_FEEDS, f.feeds),
        ],
    )?);
    w.push(widgets::text_input(
        fields::GUARD_PERCENT,
        &ui.t("policy-guard-percent"),
        &f.guard_percent,
        false,
    )?);
    error_under(&mut w, "guard_percent", error, ui)?;
    w.push(widgets::text_input(
        fields::GUARD_AT_LEAST,
        &ui.t("policy-guard-at-least"),
        &f.guard_at_least,
        false,
    )?);
    error_under(&mut w, "guard_at_least", error, ui)?;
    let names: Vec<String> = Approver::ALL.iter().map(|a| ui.t(a.message_id())).collect();
    let approvers: Vec<(&str, &str, bool)> = Approver::ALL
        .iter()
        .zip(&names)
        .map(|(a, name)| (name.as_str(), a.as_str(), f.approver == a.as_str()))
        .collect();
    w.push(widgets::dropdown(
        fields::APPROVER,
        &ui.t("policy-approver"),
        &approvers,
    )?);
    error_under(&mut w, "approver", error, ui)?;
    w.push(widgets::button(
        &ui.t("policy-save"),
        &urls.url_for(ADMIN_POLICIES),
        &[],
    )?);
    Ok(w)
}

/// Asks before revoking the shares the policies forbid.
pub fn confirm_revoke(
    urls: &crate::config::PublicUrl,
    n: usize,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let w = [
        widgets::note(&ui.tr("admin-revoke-warning", &[("count", n.into())]))?,
        widgets::button(
            &ui.tr("admin-revoke-n", &[("count", n.into())]),
            &urls.url_for(ADMIN_REVOKE),
            &[(params::CONFIRM, "yes")],
        )?,
    ];
    card(
        "admin_revoke",
        &ui.t("admin-revoke-title"),
        "",
        &[section("", &w)?],
    )
}

/// The filter form as typed.
#[derive(Debug, Clone, Default)]
pub struct AuditTyped<'a> {
    /// Actor.
    pub user: &'a str,
    /// Label.
    pub label: &'a str,
    /// Action.
    pub action: &'a str,
    /// From.
    pub from: &'a str,
    /// Until.
    pub until: &'a str,
}

impl<'a> AuditTyped<'a> {
    /// The parameters a button needs to carry the filter to the next page or the download.
    fn parameters(&self) -> Vec<(&'static str, &'a str)> {
        vec![
            (fields::USER, self.user),
            (fields::LABEL, self.label),
            (fields::ACTION, self.action),
            (fields::FROM, self.from),
            (fields::UNTIL, self.until),
        ]
    }
}

/// The audit log: the filter, a page of entries, older ones and the download.
#[allow(clippy::too_many_arguments)]
pub fn audit(
    urls: &crate::config::PublicUrl,
    domain: &str,
    typed: &AuditTyped<'_>,
    error: Option<&FilterError>,
    entries: &[Logged],
    older: Option<i64>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut f = Vec::new();
    let under = |f: &mut Vec<Fragment>, field: &str| -> Result<(), RenderError> {
        if let Some(e) = error.filter(|e| e.field == field) {
            f.push(widgets::field_error(&ui.msg(&e.message))?);
        }
        Ok(())
    };
    f.push(widgets::text_input(
        fields::USER,
        &ui.t("audit-who"),
        typed.user,
        false,
    )?);
    f.push(widgets::text_input(
        fields::LABEL,
        &ui.t("audit-label"),
        typed.label,
        false,
    )?);
    let names: Vec<String> = AuditAction::ALL
        .iter()
        .map(|a| ui.t(a.message_id()))
        .collect();
    let any = ui.t("audit-any-action");
    let mut actions: Vec<(&str, &str, bool)> = vec![(
        &any,
        "any",
        typed.action.is_empty() || typed.action == "any",
    )];
    actions.extend(
        AuditAction::ALL
            .iter()
            .zip(&names)
            .map(|(a, name)| (name.as_str(), a.as_str(), typed.action == a.as_str())),
    );
    f.push(widgets::dropdown(
        fields::ACTION,
        &ui.t("audit-action"),
        &actions,
    )?);
    under(&mut f, "action")?;
    f.push(widgets::text_input(
        fields::FROM,
        &ui.t("audit-from"),
        typed.from,
        false,
    )?);
    under(&mut f, "from")?;
    f.push(widgets::text_input(
        fields::UNTIL,
        &ui.t("audit-until"),
        typed.until,
        false,
    )?);
    under(&mut f, "until")?;
    f.push(widgets::button(
        &ui.t("audit-filter"),
        &urls.url_for(ADMIN_AUDIT),
        &[],
    )?);
    f.push(widgets::button(
        &ui.t("audit-download"),
        &urls.url_for(ADMIN_AUDIT_CSV),
        &typed.parameters(),
    )?);
    let mut rows = Vec::new();
    for e in entries {
        let action = ui.t(e.action.message_id());
        let what = [
            Some(action.as_str()),
            e.label_name.as_deref(),
            (!e.subject.is_empty()).then_some(e.subject.as_str()),
            (!e.detail.is_empty()).then_some(e.detail.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        rows.push(widgets::field_row(
            &format!(
                "{} · {} · {}",
                ui.time(e.at),
                e.actor_email,
                ui.t(e.via.message_id())
            ),
            &what,
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note(&ui.t("audit-nothing"))?);
    }
    if let Some(before) = older {
        let before = before.to_string();
        let mut p = typed.parameters();
        p.push((params::BEFORE, &before));
        rows.push(widgets::button(
            &ui.t("audit-older"),
            &urls.url_for(ADMIN_AUDIT),
            &p,
        )?);
    }
    card(
        "admin_audit",
        &ui.t("admin-audit-log"),
        domain,
        &[
            section(&ui.t("audit-filter"), &f)?,
            section(&ui.t("audit-entries"), &rows)?,
        ],
    )
}

/// The download link, valid a few minutes and once.
pub fn download(url: &str, minutes: u64, ui: &Ui) -> Result<Fragment, RenderError> {
    let w = [
        widgets::note(&ui.tr(
            "audit-link-note",
            &[("minutes", i64::try_from(minutes).unwrap_or(i64::MAX).into())],
        ))?,
        widgets::link_button(&ui.t("audit-link"), url)?,
    ];
    card(
        "admin_download",
        &ui.t("audit-csv-title"),
        "",
        &[section("", &w)?],
    )
}

/// The domain's users who used Sharebook.
pub fn people(
    urls: &crate::config::PublicUrl,
    domain: &str,
    people: &[Person],
    next: Option<&str>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut rows = Vec::new();
    for p in people {
        let last = p.last_seen.map_or_else(|| ui.t("unknown"), |t| ui.time(t));
        let mut line = ui.tr(
            "admin-person-line",
            &[
                ("owned", p.owned.into()),
                ("shared", p.shared.into()),
                ("member", p.member_of.into()),
                ("last", (&last).into()),
            ],
        );
        if let Some(at) = p.offboarded_at {
            line.push_str(&ui.tr("admin-offboarded-at", &[("when", (&ui.time(at)).into())]));
        }
        rows.push(widgets::field_row(&p.email, &line)?);
        rows.push(widgets::button(
            &ui.t("admin-open"),
            &urls.url_for(ADMIN_PERSON),
            &[(params::USER_ID, &p.id.to_string())],
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note(&ui.t("admin-nobody"))?);
    }
    if let Some(after) = next {
        rows.push(widgets::button(
            &ui.t("search-more"),
            &urls.url_for(ADMIN_PEOPLE),
            &[(params::AFTER, after)],
        )?);
    }
    card(
        "admin_people",
        &ui.t("admin-people"),
        domain,
        &[section("", &rows)?],
    )
}

/// The domain's labels: owner, size, members; never their contacts.
pub fn labels(
    urls: &crate::config::PublicUrl,
    domain: &str,
    labels: &[DomainLabel],
    next: Option<(&str, Uuid)>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut rows = Vec::new();
    for l in labels {
        rows.push(widgets::field_row(&l.name, &label_line(l, ui))?);
    }
    if rows.is_empty() {
        rows.push(widgets::note(&ui.t("admin-no-labels"))?);
    }
    if let Some((name, id)) = next {
        rows.push(widgets::button(
            &ui.t("search-more"),
            &urls.url_for(ADMIN_LABELS),
            &[(params::AFTER, name), (params::LABEL_ID, &id.to_string())],
        )?);
    }
    card(
        "admin_labels",
        &ui.t("admin-labels"),
        domain,
        &[section("", &rows)?],
    )
}

fn label_line(l: &DomainLabel, ui: &Ui) -> String {
    ui.tr(
        "admin-label-line",
        &[
            ("owner", (&l.owner_email).into()),
            ("size", l.size.into()),
            ("shares", l.shares.into()),
            ("members", l.members.into()),
        ],
    )
}

/// One user: their account's state, their labels, and offboarding.
#[allow(clippy::too_many_arguments)]
pub fn person(
    urls: &crate::config::PublicUrl,
    domain: &str,
    p: &Person,
    status: &Msg,
    owned: &[DomainLabel],
    recipient: &str,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut about = vec![
        widgets::field_row(&ui.t("admin-google-account"), &ui.msg(status))?,
        widgets::field_row(
            &ui.t("admin-labels"),
            &ui.tr(
                "admin-person-labels",
                &[
                    ("owned", p.owned.into()),
                    ("shared", p.shared.into()),
                    ("member", p.member_of.into()),
                ],
            ),
        )?,
    ];
    for l in owned.iter().take(40) {
        about.push(widgets::field_row(&l.name, &label_line(l, ui))?);
    }
    let uid = p.id.to_string();
    let mut off = vec![widgets::note(&ui.t("admin-offboard-note"))?];
    off.push(widgets::text_input(
        fields::RECIPIENT,
        &ui.tr("admin-new-owner", &[("domain", domain.into())]),
        recipient,
        false,
    )?);
    if let Some(e) = error {
        off.push(widgets::field_error(&ui.msg(e))?);
    }
    off.push(widgets::button(
        &ui.t("admin-offboard"),
        &urls.url_for(ADMIN_OFFBOARD),
        &[(params::USER_ID, &uid)],
    )?);
    card(
        "admin_person",
        &p.email,
        domain,
        &[
            section(&ui.t("admin-account"), &about)?,
            section(&ui.t("admin-offboard"), &off)?,
        ],
    )
}

/// Asks before offboarding.
pub fn confirm_offboard(
    urls: &crate::config::PublicUrl,
    p: &Person,
    recipient: &str,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let uid = p.id.to_string();
    let w = [
        widgets::note(&ui.tr(
            "admin-offboard-confirm",
            &[
                ("owned", p.owned.into()),
                ("email", (&p.email).into()),
                ("recipient", recipient.into()),
                ("member", p.member_of.into()),
            ],
        ))?,
        widgets::button(
            &ui.t("admin-offboard"),
            &urls.url_for(ADMIN_OFFBOARD),
            &[
                (params::USER_ID, &uid),
                (fields::RECIPIENT, recipient),
                (params::CONFIRM, "yes"),
            ],
        )?,
    ];
    card(
        "admin_offboard",
        &ui.t("admin-offboard"),
        &p.email,
        &[section("", &w)?],
    )
}
