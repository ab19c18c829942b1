//! The authorization matrix: every action × every role (direct, through a group, through a
//! domain), the owner, and a caller with no access who knows valid ids. A denied action must
//! answer "Not available" (or, to a member whose role is too low, "Not allowed") and change nothing
//! in the database.

use sharebook::domain::permission::Action;
use sharebook::domain::role::Role;
use sharebook_dev::sandbox::directory::MemberType;
use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OWNER, TestApp, card_of, confirmed, form, param, spawn_app, texts};

/// How a principal reaches the label.
#[derive(Debug, Clone, Copy)]
enum Via {
    Direct,
    Group,
    Domain,
}

struct Fixture {
    label: String,
    owner_comment: String,
    contact: String,
    deleted_contact: String,
    spare_share: String,
    revoked_share: String,
    /// Deletions made in Google Contacts, held by the guard.
    held: String,
}

/// The owner creates a label with two contacts (one deleted) and two extra shares.
async fn fixture(app: &TestApp) -> Fixture {
    app.invoke(
        "/addon/labels/create",
        OWNER,
        form("label_name", "Customers"),
    )
    .await;
    let label: String = app.scalar("SELECT id::text FROM labels").await;
    for name in ["Ann Lee", "Bob Roe"] {
        let mut i = param("label_id", &label);
        i.form_inputs
            .insert("contact_name".into(), vec![name.into()]);
        i.form_inputs.insert(
            "contact_emails".into(),
            vec![format!(
                "{}@client.test",
                name.split(' ').next().unwrap().to_lowercase()
            )],
        );
        let (status, body) = app.invoke("/addon/contacts/create", OWNER, i).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(card_of(&body)["header"]["title"], name, "{body}");
    }
    let contact: String = app
        .scalar("SELECT id::text FROM contacts WHERE name = 'Ann Lee'")
        .await;
    let deleted_contact: String = app
        .scalar("SELECT id::text FROM contacts WHERE name = 'Bob Roe'")
        .await;
    app.invoke(
        "/addon/contacts/delete",
        OWNER,
        param("contact_id", &deleted_contact),
    )
    .await;
    for grantee in ["spare@sharebook.test", "revokable@sharebook.test"] {
        let mut i = param("label_id", &label);
        i.form_inputs
            .insert("share_grantee".into(), vec![grantee.into()]);
        i.form_inputs
            .insert("share_kind".into(), vec!["user".into()]);
        i.form_inputs
            .insert("share_role".into(), vec!["viewer".into()]);
        app.invoke("/addon/shares/create", OWNER, i).await;
    }
    let spare_share = app
        .scalar("SELECT id::text FROM shares WHERE grantee = 'spare@sharebook.test'")
        .await;
    let revoked_share = app
        .scalar("SELECT id::text FROM shares WHERE grantee = 'revokable@sharebook.test'")
        .await;
    let mut i = param("contact_id", &contact);
    i.form_inputs
        .insert("comment_body".into(), vec!["owner's public note".into()]);
    i.form_inputs
        .insert("comment_visibility".into(), vec!["public".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    let owner_comment = app
        .scalar("SELECT id::text FROM comments WHERE body = 'owner''s public note'")
        .await;
    // A member's mass deletion in Google Contacts, held for the owner (as the sync records it).
    let held = app
        .scalar(&format!(
            "INSERT INTO held_deletions (id, label_id, member_id, contact_ids)
             SELECT gen_random_uuid(), '{label}', owner_id, ARRAY['{contact}'::uuid]
             FROM labels WHERE id = '{label}' RETURNING id::text"
        ))
        .await;
    // A Capsule feed the owner connected (its sealed token is never opened by a refused caller).
    app.exec(&format!(
        "INSERT INTO crm_feeds (label_id, connected_by, account_name, account_url, account_user,
                                auth_kind, secret_key_id, secret, state)
         SELECT '{label}', owner_id, 'Acme Sales', 'https://acme.capsulecrm.com', 'Sam', 'token',
                'sandbox', '\\x00', 'live'
         FROM labels WHERE id = '{label}'"
    ))
    .await;
    Fixture {
        label,
        owner_comment,
        contact,
        deleted_contact,
        spare_share,
        revoked_share,
        held,
    }
}

/// Gives `email` `role` on the label the way `via` says.
async fn grant(app: &TestApp, f: &Fixture, email: &str, role: Role, via: Via) {
    let (kind, grantee) = match via {
        Via::Direct => ("user", email.to_owned()),
        Via::Group => {
            let group = format!("{}-team@sharebook.test", role.as_str());
            app.directory.add_member(&group, email, MemberType::User);
            ("group", group)
        }
        Via::Domain => ("domain", email.rsplit_once('@').unwrap().1.to_owned()),
    };
    let mut i = param("label_id", &f.label);
    i.form_inputs.insert("share_grantee".into(), vec![grantee]);
    i.form_inputs.insert("share_kind".into(), vec![kind.into()]);
    i.form_inputs
        .insert("share_role".into(), vec![role.as_str().into()]);
    let (status, body) = app.invoke("/addon/shares/create", OWNER, i).await;
    assert_eq!(status, 200);
    assert!(
        texts(card_of(&body)).contains("Sharing Customers"),
        "{body}"
    );
}

/// One attempt: the action it exercises, the route and what is sent.
fn attempts(f: &Fixture) -> Vec<(Action, &'static str, Interaction)> {
    let with_form = |mut i: Interaction, pairs: &[(&str, &str)]| {
        for (k, v) in pairs {
            i.form_inputs.insert((*k).into(), vec![(*v).into()]);
        }
        i
    };
    vec![
        (
            Action::View,
            "/addon/labels/open",
            param("label_id", &f.label),
        ),
        (
            Action::View,
            "/addon/contacts/open",
            param("contact_id", &f.contact),
        ),
        (
            Action::View,
            "/addon/contacts/history",
            param("contact_id", &f.contact),
        ),
        (
            Action::CommentPrivately,
            "/addon/comments/create",
            with_form(
                param("contact_id", &f.contact),
                &[
                    ("comment_body", "private note"),
                    ("comment_visibility", "private"),
                ],
            ),
        ),
        (
            Action::CommentPublicly,
            "/addon/comments/create",
            with_form(
                param("contact_id", &f.contact),
                &[
                    ("comment_body", "public note"),
                    ("comment_visibility", "public"),
                ],
            ),
        ),
        (
            Action::AddContact,
            "/addon/contacts/new",
            param("label_id", &f.label),
        ),
        (
            Action::AddContact,
            "/addon/contacts/create",
            with_form(param("label_id", &f.label), &[("contact_name", "Cy Doe")]),
        ),
        (
            Action::AddContact,
            "/addon/files/import",
            param("label_id", &f.label),
        ),
        (
            Action::View,
            "/addon/files/export",
            param("label_id", &f.label),
        ),
        (Action::View, "/addon/files/export", {
            let mut i = param("label_id", &f.label);
            i.parameters.insert("format".into(), "vcard".into());
            i
        }),
        (
            Action::EditContact,
            "/addon/contacts/edit",
            param("contact_id", &f.contact),
        ),
        (
            Action::EditContact,
            "/addon/contacts/save",
            with_form(
                {
                    let mut i = param("contact_id", &f.contact);
                    i.parameters.insert("version".into(), "1".into());
                    i
                },
                &[
                    ("contact_name", "Ann Lee-Smith"),
                    ("contact_emails", "ann@client.test"),
                ],
            ),
        ),
        (
            Action::DeleteContact,
            "/addon/labels/deleted",
            param("label_id", &f.label),
        ),
        (
            Action::DeleteContact,
            "/addon/labels/duplicates",
            param("label_id", &f.label),
        ),
        (
            Action::DeleteContact,
            "/addon/contacts/restore",
            param("contact_id", &f.deleted_contact),
        ),
        (
            Action::ManageShares,
            "/addon/shares/open",
            param("label_id", &f.label),
        ),
        (
            Action::ManageShares,
            "/addon/shares/create",
            with_form(
                param("label_id", &f.label),
                &[
                    ("share_grantee", "new@sharebook.test"),
                    ("share_kind", "user"),
                    ("share_role", "viewer"),
                ],
            ),
        ),
        (
            Action::ManageShares,
            "/addon/shares/one",
            param("share_id", &f.spare_share),
        ),
        (
            Action::ManageShares,
            "/addon/shares/update",
            with_form(
                param("share_id", &f.spare_share),
                &[("share_role", "editor")],
            ),
        ),
        (
            Action::ManageShares,
            "/addon/shares/revoke",
            confirmed(param("share_id", &f.revoked_share)),
        ),
        (
            Action::ManageShares,
            "/addon/shares/reinvite",
            param("share_id", &f.spare_share),
        ),
        (
            Action::RenameLabel,
            "/addon/labels/settings",
            param("label_id", &f.label),
        ),
        (
            Action::DeleteLabel,
            "/addon/labels/delete",
            param("label_id", &f.label),
        ),
        (
            Action::RenameLabel,
            "/addon/labels/rename",
            with_form(param("label_id", &f.label), &[("label_name", "Clients")]),
        ),
        (Action::ReviewHeldDeletions, "/addon/labels/held", {
            let mut i = param("held_id", &f.held);
            i.parameters.insert("decision".into(), "dismiss".into());
            i
        }),
        (Action::ChooseSync, "/addon/labels/sync", {
            let mut i = param("label_id", &f.label);
            i.parameters.insert("sync".into(), "off".into());
            i
        }),
        (
            Action::ManageFeed,
            "/addon/feeds/open",
            param("label_id", &f.label),
        ),
        (
            Action::ManageFeed,
            "/addon/feeds/sync",
            param("label_id", &f.label),
        ),
        (
            Action::ManageFeed,
            "/addon/feeds/filter",
            param("label_id", &f.label),
        ),
        (
            Action::ManageFeed,
            "/addon/feeds/choose",
            with_form(param("label_id", &f.label), &[("feed_scope", "all")]),
        ),
        (
            Action::ManageFeed,
            "/addon/feeds/connect",
            with_form(
                param("label_id", &f.label),
                &[("capsule_token", "not-a-token")],
            ),
        ),
        (
            Action::ManageFeed,
            "/addon/feeds/disconnect",
            confirmed(param("label_id", &f.label)),
        ),
        (
            Action::ModerateComments,
            "/addon/comments/remove",
            param("comment_id", &f.owner_comment),
        ),
        // Last, so the contact is there for everything above.
        (
            Action::DeleteContact,
            "/addon/contacts/delete",
            param("contact_id", &f.contact),
        ),
    ]
}

/// Attempts with forged or invalid parameters on every write route: refused for every role,
/// the owner included, and leaving every table as it was.
fn forged(f: &Fixture) -> Vec<(&'static str, Interaction)> {
    let with = |mut i: Interaction, forms: &[(&str, &[&str])], params: &[(&str, &str)]| {
        for (k, v) in forms {
            i.form_inputs
                .insert((*k).into(), v.iter().map(|s| (*s).to_owned()).collect());
        }
        for (k, v) in params {
            i.parameters.insert((*k).into(), (*v).into());
        }
        i
    };
    let share = || param("share_id", &f.spare_share);
    let label = || param("label_id", &f.label);
    let contact = || param("contact_id", &f.contact);
    vec![
        // A valid role with a forged hidden field: nothing of it may stick (F4).
        (
            "/addon/shares/update",
            with(
                share(),
                &[
                    ("share_role", &["editor"]),
                    ("hidden_fields", &["phones", "password"]),
                ],
                &[],
            ),
        ),
        (
            "/addon/shares/update",
            with(share(), &[("share_role", &["owner"])], &[]),
        ),
        (
            "/addon/shares/update",
            with(share(), &[("share_role", &["superuser"])], &[]),
        ),
        (
            "/addon/shares/update",
            with(
                param("share_id", "not-a-uuid"),
                &[("share_role", &["viewer"])],
                &[],
            ),
        ),
        (
            "/addon/shares/create",
            with(
                label(),
                &[
                    ("share_grantee", &["x@sharebook.test"]),
                    ("share_kind", &["team"]),
                    ("share_role", &["viewer"]),
                ],
                &[],
            ),
        ),
        (
            "/addon/shares/create",
            with(
                label(),
                &[
                    ("share_grantee", &["x@sharebook.test"]),
                    ("share_kind", &["user"]),
                    ("share_role", &["owner"]),
                ],
                &[],
            ),
        ),
        (
            "/addon/shares/revoke",
            param("share_id", "00000000-0000-0000-0000-000000000000"),
        ),
        (
            "/addon/contacts/save",
            with(
                contact(),
                &[("contact_name", &["Forged"])],
                &[("version", "not-a-number")],
            ),
        ),
        (
            "/addon/contacts/save",
            with(
                contact(),
                &[("contact_name", &["Forged"])],
                &[("version", "99999999999999999999")],
            ),
        ),
        (
            "/addon/contacts/create",
            with(
                Interaction::default(),
                &[("contact_name", &["Forged"])],
                &[("label_field", "nowhere")],
            ),
        ),
        ("/addon/contacts/restore", param("contact_id", "not-a-uuid")),
        (
            "/addon/labels/held",
            with(param("held_id", &f.held), &[], &[("decision", "maybe")]),
        ),
        (
            "/addon/labels/held",
            with(
                param("held_id", "not-a-uuid"),
                &[],
                &[("decision", "approve")],
            ),
        ),
        (
            "/addon/labels/sync",
            with(label(), &[], &[("sync", "maybe")]),
        ),
        (
            "/addon/labels/transfer",
            with(label(), &[("new_owner", &["not-a-uuid"])], &[]),
        ),
        (
            "/addon/labels/transfer",
            with(
                label(),
                &[("new_owner", &["00000000-0000-0000-0000-000000000000"])],
                &[],
            ),
        ),
        (
            "/addon/comments/create",
            with(
                contact(),
                &[
                    ("comment_body", &["forged"]),
                    ("comment_visibility", &["everyone"]),
                ],
                &[],
            ),
        ),
        (
            "/addon/comments/update",
            with(
                param("comment_id", "not-a-uuid"),
                &[("comment_body", &["x"])],
                &[],
            ),
        ),
        (
            "/addon/comments/remove",
            param("comment_id", "00000000-0000-0000-0000-000000000000"),
        ),
    ]
}

async fn check_principal(email: &str, role: Option<Role>, via: Via) -> usize {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    if let Some(r) = role.filter(|r| *r != Role::Owner) {
        grant(&app, &f, email, r, via).await;
    }
    // First sight creates the user: that write is not part of any action.
    app.home(email).await;
    let mut checked = 0;
    for (path, interaction) in forged(&f) {
        let before = app.fingerprint().await;
        let (status, body) = app.invoke(path, email, interaction).await;
        assert_eq!(status, 200, "{email} {path}: {body}");
        assert!(
            refusal(&body, role),
            "{email} ({role:?} via {via:?}) forged {path}: {body}"
        );
        assert_eq!(
            app.fingerprint().await,
            before,
            "{email} forged {path}: a refused action changed data"
        );
        checked += 1;
    }
    for (action, path, interaction) in attempts(&f) {
        let allowed = role.is_some_and(|r| r >= action.minimum_role());
        let before = app.fingerprint().await;
        let (status, body) = app.invoke(path, email, interaction).await;
        assert_eq!(status, 200, "{email} {path}: {body}");
        let denied = refusal(&body, role);
        assert_eq!(
            !denied, allowed,
            "{email} ({role:?} via {via:?}) {path} ({action:?}): {body}"
        );
        if denied {
            assert_eq!(
                app.fingerprint().await,
                before,
                "{email} {path}: a denied action changed data"
            );
        }
        checked += 1;
    }
    checked
}

/// Whether `body` refuses: "Not available" for anyone, "Not allowed" (the role is too low) only
/// for a member, who sees the label anyway: a non-member learns nothing of what exists.
fn refusal(body: &serde_json::Value, role: Option<Role>) -> bool {
    let title = card_of_opt(body).map(|c| c["header"]["title"].clone());
    match title.as_ref().and_then(|t| t.as_str()) {
        Some("Not available") => true,
        Some("Not allowed") => {
            assert!(role.is_some(), "a non-member was told of a role: {body}");
            true
        }
        _ => false,
    }
}

fn card_of_opt(body: &serde_json::Value) -> Option<&serde_json::Value> {
    let action = body
        .get("renderActions")
        .and_then(|r| r.get("action"))
        .or_else(|| body.get("action"))?;
    action["navigations"]
        .as_array()?
        .iter()
        .rev()
        .find_map(|n| n.get("pushCard").or_else(|| n.get("updateCard")))
}

#[tokio::test]
async fn every_action_for_every_role_direct() {
    let mut n = check_principal(OWNER, Some(Role::Owner), Via::Direct).await;
    n += check_principal("stranger@elsewhere.test", None, Via::Direct).await;
    for role in [Role::Viewer, Role::Editor, Role::Deleter, Role::Manager] {
        n += check_principal(
            &format!("{}@sharebook.test", role.as_str()),
            Some(role),
            Via::Direct,
        )
        .await;
    }
    assert!(n >= 6 * (21 + 17));
}

#[tokio::test]
async fn every_action_for_every_role_through_a_group() {
    for role in [Role::Viewer, Role::Editor, Role::Deleter, Role::Manager] {
        check_principal(
            &format!("g-{}@sharebook.test", role.as_str()),
            Some(role),
            Via::Group,
        )
        .await;
    }
}

#[tokio::test]
async fn every_action_for_every_role_through_a_domain() {
    for role in [Role::Viewer, Role::Editor, Role::Deleter, Role::Manager] {
        check_principal(
            &format!("someone@{}-corp.test", role.as_str()),
            Some(role),
            Via::Domain,
        )
        .await;
    }
}
