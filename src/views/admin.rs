//! The admin card and the cards it leads to.
//!
//! The domain's policies (with the shares they now forbid), held deletions for admins, people who left, the audit log, people and labels, and
//! offboarding. Admins see who shared what with whom, never contacts.

use uuid::Uuid;

use crate::domain::audit::{AuditAction, FilterError};
use crate::domain::policy::{Approver, OutsideSharing, PolicyError, PolicyForm};
use crate::domain::role::Role;
use crate::event::Event;
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
    pub forbidden: Vec<(DomainShare, String)>,
    /// Held deletions waiting for admins.
    pub held: Vec<HeldForAdmins>,
    /// Label owners the Directory says left (address, "suspended" or "deleted").
    pub departed: Vec<(Uuid, String, &'static str)>,
    /// Why the Directory could not be asked, if it could not.
    pub directory_note: Option<String>,
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
) -> Result<(), RenderError> {
    if let Some(e) = error.filter(|e| e.field == field) {
        w.push(widgets::field_error(&e.message)?);
    }
    Ok(())
}

/// The admin card.
pub fn home(
    urls: &crate::config::PublicUrl,
    a: &AdminHome,
    event: &Event,
) -> Result<Fragment, RenderError> {
    let mut sections = Vec::new();
    let install = match (
        a.licensing,
        a.record.as_ref().and_then(|r| r.domain_install),
    ) {
        (_, Some(true)) => "Installed for the whole domain from the Workspace Marketplace",
        (_, Some(false)) => "Not installed for the whole domain: each user installed it",
        (true, None) => "Not checked with the Marketplace yet",
        (false, None) => "Unknown: the Marketplace API is not configured",
    };
    let mut domain = vec![widgets::field_row("Installation", install)?];
    if let Some(r) = &a.record {
        domain.push(widgets::field_row(
            "First used",
            &widgets::format_time(r.first_seen_at, event),
        )?);
    }
    domain.push(widgets::button(
        "Audit log",
        &urls.url_for(ADMIN_AUDIT),
        &[],
    )?);
    domain.push(widgets::button("People", &urls.url_for(ADMIN_PEOPLE), &[])?);
    domain.push(widgets::button("Labels", &urls.url_for(ADMIN_LABELS), &[])?);
    sections.push(section("Domain", &domain)?);

    if !a.departed.is_empty() || a.directory_note.is_some() {
        let mut w = Vec::new();
        for (id, email, status) in &a.departed {
            w.push(widgets::field_error(&format!(
                "{email} owns labels but their account is {status}: hand their labels to someone."
            ))?);
            w.push(widgets::button(
                &format!("Offboard {email}"),
                &urls.url_for(ADMIN_PERSON),
                &[(params::USER_ID, &id.to_string())],
            )?);
        }
        if let Some(note) = &a.directory_note {
            w.push(widgets::note(note)?);
        }
        sections.push(section("People who left", &w)?);
    }

    if !a.held.is_empty() {
        let mut w = Vec::new();
        for h in &a.held {
            let id = h.held.id.to_string();
            w.push(widgets::field_row(
                &h.label_name,
                &format!(
                    "{} deletions made in Google Contacts by {}, held {}",
                    h.held.count,
                    h.held.member,
                    widgets::format_time(h.held.held_at, event)
                ),
            )?);
            w.push(widgets::button(
                "Delete them",
                &urls.url_for(ADMIN_HELD),
                &[(params::HELD_ID, &id), (params::DECISION, "approve")],
            )?);
            w.push(widgets::button(
                "Keep them",
                &urls.url_for(ADMIN_HELD),
                &[(params::HELD_ID, &id), (params::DECISION, "dismiss")],
            )?);
        }
        sections.push(section("Held deletions", &w)?);
    }

    sections.push(section(
        "Policies",
        &policy_widgets(urls, &a.form, a.error.as_ref())?,
    )?);

    if !a.forbidden.is_empty() {
        let mut w = vec![widgets::note(
            "These shares were made before the policies changed. Nothing was revoked by itself.",
        )?];
        for (share, why) in a.forbidden.iter().take(40) {
            w.push(widgets::field_row(
                &share.label_name,
                &format!("{} ({}): {why}", share.grantee, share.role.title()),
            )?);
        }
        if a.forbidden.len() > 40 {
            w.push(widgets::note(&format!(
                "And {} more.",
                a.forbidden.len() - 40
            ))?);
        }
        w.push(widgets::button(
            &format!("Revoke these {} shares", a.forbidden.len()),
            &urls.url_for(ADMIN_REVOKE),
            &[],
        )?);
        sections.push(section("Shares the policies forbid", &w)?);
    }
    card("admin", "Admin", &a.domain, &sections)
}

fn policy_widgets(
    urls: &crate::config::PublicUrl,
    f: &PolicyForm,
    error: Option<&PolicyError>,
) -> Result<Vec<Fragment>, RenderError> {
    let mut w = Vec::new();
    let outside: Vec<(&str, &str, bool)> = OutsideSharing::ALL
        .iter()
        .map(|o| (o.title(), o.as_str(), f.outside == o.as_str()))
        .collect();
    w.push(widgets::dropdown(
        fields::OUTSIDE,
        "Sharing outside the domain",
        &outside,
    )?);
    error_under(&mut w, "outside", error)?;
    w.push(widgets::text_input(
        fields::DOMAINS,
        "Domains allowed outside (comma-separated)",
        &f.domains,
        false,
    )?);
    error_under(&mut w, "domains", error)?;
    let roles: Vec<(&str, &str, bool)> = Role::ALL
        .iter()
        .filter(|r| **r < Role::Owner)
        .map(|r| (r.title(), r.as_str(), f.outside_max == r.as_str()))
        .collect();
    w.push(widgets::dropdown(
        fields::OUTSIDE_MAX,
        "Highest role for people outside",
        &roles,
    )?);
    error_under(&mut w, "outside_max", error)?;
    w.push(widgets::checkboxes(
        fields::ALLOW,
        "Users may",
        &[
            (
                "Share a label with the whole domain",
                ALLOW_DOMAIN_SHARES,
                f.domain_shares,
            ),
            ("Connect a CRM feed to a label", ALLOW_FEEDS, f.feeds),
        ],
    )?);
    w.push(widgets::text_input(
        fields::GUARD_PERCENT,
        "Hold deletions made in Google Contacts above this share of a label (%)",
        &f.guard_percent,
        false,
    )?);
    error_under(&mut w, "guard_percent", error)?;
    w.push(widgets::text_input(
        fields::GUARD_AT_LEAST,
        "… and at least this many at once",
        &f.guard_at_least,
        false,
    )?);
    error_under(&mut w, "guard_at_least", error)?;
    let approvers: Vec<(&str, &str, bool)> = Approver::ALL
        .iter()
        .map(|a| (a.title(), a.as_str(), f.approver == a.as_str()))
        .collect();
    w.push(widgets::dropdown(
        fields::APPROVER,
        "Who approves held deletions",
        &approvers,
    )?);
    error_under(&mut w, "approver", error)?;
    w.push(widgets::button(
        "Save policies",
        &urls.url_for(ADMIN_POLICIES),
        &[],
    )?);
    Ok(w)
}

/// Asks before revoking the shares the policies forbid.
pub fn confirm_revoke(urls: &crate::config::PublicUrl, n: usize) -> Result<Fragment, RenderError> {
    let w = [
        widgets::note(&format!(
            "Revoke {n} shares? Their grantees lose access and the labels' contacts leave their \
             Google Contacts. Each revocation is in the audit log."
        ))?,
        widgets::button(
            &format!("Revoke {n} shares"),
            &urls.url_for(ADMIN_REVOKE),
            &[(params::CONFIRM, "yes")],
        )?,
    ];
    card("admin_revoke", "Revoke shares", "", &[section("", &w)?])
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
pub fn audit(
    urls: &crate::config::PublicUrl,
    domain: &str,
    typed: &AuditTyped<'_>,
    error: Option<&FilterError>,
    entries: &[Logged],
    older: Option<i64>,
    event: &Event,
) -> Result<Fragment, RenderError> {
    let mut f = Vec::new();
    let under = |f: &mut Vec<Fragment>, field: &str| -> Result<(), RenderError> {
        if let Some(e) = error.filter(|e| e.field == field) {
            f.push(widgets::field_error(&e.message)?);
        }
        Ok(())
    };
    f.push(widgets::text_input(
        fields::USER,
        "Who (address)",
        typed.user,
        false,
    )?);
    f.push(widgets::text_input(
        fields::LABEL,
        "Label (name)",
        typed.label,
        false,
    )?);
    let mut actions: Vec<(&str, &str, bool)> = vec![(
        "Any action",
        "any",
        typed.action.is_empty() || typed.action == "any",
    )];
    actions.extend(
        AuditAction::ALL
            .iter()
            .map(|a| (a.title(), a.as_str(), typed.action == a.as_str())),
    );
    f.push(widgets::dropdown(fields::ACTION, "Action", &actions)?);
    under(&mut f, "action")?;
    f.push(widgets::text_input(
        fields::FROM,
        "From (YYYY-MM-DD)",
        typed.from,
        false,
    )?);
    under(&mut f, "from")?;
    f.push(widgets::text_input(
        fields::UNTIL,
        "Until (YYYY-MM-DD)",
        typed.until,
        false,
    )?);
    under(&mut f, "until")?;
    f.push(widgets::button("Filter", &urls.url_for(ADMIN_AUDIT), &[])?);
    f.push(widgets::button(
        "Download as CSV",
        &urls.url_for(ADMIN_AUDIT_CSV),
        &typed.parameters(),
    )?);
    let mut rows = Vec::new();
    for e in entries {
        let what = [
            Some(e.action.title()),
            e.label_name.as_deref().map(|n| n as &str),
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
                widgets::format_time(e.at, event),
                e.actor_email,
                e.via.title()
            ),
            &what,
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note("Nothing matches.")?);
    }
    if let Some(before) = older {
        let before = before.to_string();
        let mut p = typed.parameters();
        p.push((params::BEFORE, &before));
        rows.push(widgets::button(
            "Older entries",
            &urls.url_for(ADMIN_AUDIT),
            &p,
        )?);
    }
    card(
        "admin_audit",
        "Audit log",
        domain,
        &[
            section("Filter", &f)?,
            section("Entries, newest first", &rows)?,
        ],
    )
}

/// The download link, valid a few minutes and once.
pub fn download(url: &str, minutes: u64) -> Result<Fragment, RenderError> {
    let w = [
        widgets::note(&format!(
            "The link below works once, within {minutes} minutes, for you only."
        ))?,
        widgets::link_button("Download the audit log (CSV)", url)?,
    ];
    card(
        "admin_download",
        "Audit log as CSV",
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
    event: &Event,
) -> Result<Fragment, RenderError> {
    let mut rows = Vec::new();
    for p in people {
        let mut line = format!(
            "owns {} labels, {} shared · member of {} · last seen {}",
            p.owned,
            p.shared,
            p.member_of,
            p.last_seen
                .map_or_else(|| "unknown".to_owned(), |t| widgets::format_time(t, event))
        );
        if let Some(at) = p.offboarded_at {
            line.push_str(&format!(
                " · offboarded {}",
                widgets::format_time(at, event)
            ));
        }
        rows.push(widgets::field_row(&p.email, &line)?);
        rows.push(widgets::button(
            "Open",
            &urls.url_for(ADMIN_PERSON),
            &[(params::USER_ID, &p.id.to_string())],
        )?);
    }
    if rows.is_empty() {
        rows.push(widgets::note(
            "Nobody in this domain has used Sharebook yet.",
        )?);
    }
    if let Some(after) = next {
        rows.push(widgets::button(
            "More",
            &urls.url_for(ADMIN_PEOPLE),
            &[(params::AFTER, after)],
        )?);
    }
    card("admin_people", "People", domain, &[section("", &rows)?])
}

/// The domain's labels: owner, size, members; never their contacts.
pub fn labels(
    urls: &crate::config::PublicUrl,
    domain: &str,
    labels: &[DomainLabel],
    next: Option<(&str, Uuid)>,
) -> Result<Fragment, RenderError> {
    let mut rows = Vec::new();
    for l in labels {
        rows.push(widgets::field_row(&l.name, &label_line(l))?);
    }
    if rows.is_empty() {
        rows.push(widgets::note("No labels in this domain yet.")?);
    }
    if let Some((name, id)) = next {
        rows.push(widgets::button(
            "More",
            &urls.url_for(ADMIN_LABELS),
            &[(params::AFTER, name), (params::LABEL_ID, &id.to_string())],
        )?);
    }
    card("admin_labels", "Labels", domain, &[section("", &rows)?])
}

fn label_line(l: &DomainLabel) -> String {
    format!(
        "owner {} · {} contacts · shared {} times · {} members",
        l.owner_email, l.size, l.shares, l.members
    )
}

/// One user: their account's state, their labels, and offboarding.
pub fn person(
    urls: &crate::config::PublicUrl,
    domain: &str,
    p: &Person,
    status: &str,
    owned: &[DomainLabel],
    recipient: &str,
    error: Option<&str>,
) -> Result<Fragment, RenderError> {
    let mut about = vec![
        widgets::field_row("Google account", status)?,
        widgets::field_row(
            "Labels",
            &format!(
                "owns {} ({} shared), member of {}",
                p.owned, p.shared, p.member_of
            ),
        )?,
    ];
    for l in owned.iter().take(40) {
        about.push(widgets::field_row(&l.name, &label_line(l))?);
    }
    let uid = p.id.to_string();
    let mut off = vec![widgets::note(
        "Offboarding hands every label they own to the colleague below, revokes their shares \
         and removes the labels' contacts from their Google Contacts. It is in the audit log.",
    )?];
    off.push(widgets::text_input(
        fields::RECIPIENT,
        &format!("New owner (an address in {domain})"),
        recipient,
        false,
    )?);
    if let Some(e) = error {
        off.push(widgets::field_error(e)?);
    }
    off.push(widgets::button(
        "Offboard",
        &urls.url_for(ADMIN_OFFBOARD),
        &[(params::USER_ID, &uid)],
    )?);
    card(
        "admin_person",
        &p.email,
        domain,
        &[section("Account", &about)?, section("Offboard", &off)?],
    )
}

/// Asks before offboarding.
pub fn confirm_offboard(
    urls: &crate::config::PublicUrl,
    p: &Person,
    recipient: &str,
) -> Result<Fragment, RenderError> {
    let uid = p.id.to_string();
    let w = [
        widgets::note(&format!(
            "Hand {} labels of {} to {recipient}, revoke their {} shares and remove the labels \
             from their Google Contacts?",
            p.owned, p.email, p.member_of
        ))?,
        widgets::button(
            "Offboard",
            &urls.url_for(ADMIN_OFFBOARD),
            &[
                (params::USER_ID, &uid),
                (fields::RECIPIENT, recipient),
                (params::CONFIRM, "yes"),
            ],
        )?,
    ];
    card("admin_offboard", "Offboard", &p.email, &[section("", &w)?])
}
