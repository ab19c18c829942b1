//! Contacts through the side panel: adding, bad input, editing with merges and clashes,
//! deleting with undo, history.

use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OWNER, TestApp, card_of, form, param, spawn_app, texts};

const EDITOR: &str = "editor@sharebook.test";

async fn label_shared_with_editor(app: &TestApp) -> String {
    app.invoke(
        "/addon/labels/create",
        OWNER,
        form("label_name", "Customers"),
    )
    .await;
    let label = app.scalar("SELECT id::text FROM labels").await;
    let mut i = param("label_id", &label);
    for (k, v) in [
        ("share_grantee", EDITOR),
        ("share_kind", "user"),
        ("share_role", "editor"),
    ] {
        i.form_inputs.insert(k.into(), vec![v.into()]);
    }
    app.invoke("/addon/shares/create", OWNER, i).await;
    label
}

fn contact_form(mut i: Interaction, pairs: &[(&str, &str)]) -> Interaction {
    for (k, v) in pairs {
        i.form_inputs
            .insert(format!("contact_{k}"), vec![(*v).into()]);
    }
    i
}

async fn add(app: &TestApp, label: &str, pairs: &[(&str, &str)]) -> String {
    let (_, body) = app
        .invoke(
            "/addon/contacts/create",
            OWNER,
            contact_form(param("label_id", label), pairs),
        )
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"], "Contact added",
        "{body}"
    );
    app.scalar("SELECT id::text FROM contacts ORDER BY created_at DESC LIMIT 1")
        .await
}

fn save(contact: &str, version: i32, pairs: &[(&str, &str)]) -> Interaction {
    let mut i = param("contact_id", contact);
    i.parameters.insert("version".into(), version.to_string());
    contact_form(i, pairs)
}

#[tokio::test]
async fn a_contact_is_added_shown_and_listed() {
    let app = spawn_app().await;
    let label = label_shared_with_editor(&app).await;
    let id = add(
        &app,
        &label,
        &[
            ("name", "Zoë Martín"),
            ("emails", "zoe@client.test"),
            ("phones", "+33 1 23 45 67 89"),
            ("organization", "Acme"),
        ],
    )
    .await;
    let (_, body) = app
        .invoke("/addon/contacts/open", EDITOR, param("contact_id", &id))
        .await;
    let card = card_of(&body);
    assert_eq!(card["header"]["title"], "Zoë Martín");
    let t = texts(card);
    assert!(
        t.contains("zoe@client.test")
            && t.contains("Acme")
            && t.contains("Last changed by owner@sharebook.test"),
        "{t}"
    );
    let (_, body) = app
        .invoke("/addon/labels/open", EDITOR, param("label_id", &label))
        .await;
    assert!(texts(card_of(&body)).contains("Acme · zoe@client.test"));
    assert!(
        card_of(&body)["header"]["subtitle"]
            .as_str()
            .unwrap()
            .contains("1 contact")
    );
}

#[tokio::test]
async fn bad_input_returns_the_form_with_messages_and_typed_values_and_writes_nothing() {
    let app = spawn_app().await;
    let label = label_shared_with_editor(&app).await;
    let before = app.fingerprint().await;
    let long_notes = "n".repeat(10_001);
    let (_, body) = app
        .invoke(
            "/addon/contacts/create",
            OWNER,
            contact_form(
                param("label_id", &label),
                &[
                    ("name", " "),
                    ("emails", "nope"),
                    ("phones", "call me"),
                    ("notes", &long_notes),
                ],
            ),
        )
        .await;
    let t = texts(card_of(&body));
    for message in [
        "Enter a name.",
        "“nope” is not an email address.",
        "“call me” is not a phone number.",
        "Use at most 10000 characters.",
    ] {
        assert!(t.contains(message), "{message}: {t}");
    }
    assert!(
        t.contains("call me") && t.contains(&long_notes),
        "typed values are kept"
    );
    assert_eq!(app.fingerprint().await, before);
}

#[tokio::test]
async fn edits_to_different_fields_merge_and_a_clash_keeps_both_values() {
    let app = spawn_app().await;
    let label = label_shared_with_editor(&app).await;
    let id = add(
        &app,
        &label,
        &[("name", "Ann"), ("title", "CTO"), ("notes", "met at fair")],
    )
    .await;
    // The editor opened version 1; the owner saves a new title first.
    let (_, body) = app
        .invoke(
            "/addon/contacts/save",
            OWNER,
            save(
                &id,
                1,
                &[("name", "Ann"), ("title", "CEO"), ("notes", "met at fair")],
            ),
        )
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"], "Saved",
        "{body}"
    );
    // The editor changes the notes only, based on version 1: both changes survive.
    let (_, body) = app
        .invoke(
            "/addon/contacts/save",
            EDITOR,
            save(
                &id,
                1,
                &[("name", "Ann"), ("title", "CTO"), ("notes", "called back")],
            ),
        )
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"], "Saved",
        "{body}"
    );
    let row = app
        .scalar("SELECT title || '|' || notes || '|' || version FROM contacts")
        .await;
    assert_eq!(row, "CEO|called back|3");
    // Now the editor changes the title too, still from version 1: a clash, nothing written.
    let before = app.fingerprint().await;
    let (_, body) = app
        .invoke(
            "/addon/contacts/save",
            EDITOR,
            save(
                &id,
                1,
                &[("name", "Ann"), ("title", "CFO"), ("notes", "met at fair")],
            ),
        )
        .await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("changed this meanwhile to: CEO") && t.contains("CFO"),
        "{t}"
    );
    assert_eq!(app.fingerprint().await, before);
    // Saving again from the version the clash showed applies the editor's value.
    let (_, body) = app
        .invoke(
            "/addon/contacts/save",
            EDITOR,
            save(
                &id,
                3,
                &[("name", "Ann"), ("title", "CFO"), ("notes", "called back")],
            ),
        )
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"], "Saved",
        "{body}"
    );
    assert_eq!(app.scalar("SELECT title FROM contacts").await, "CFO");
    // History tells who changed what.
    let (_, body) = app
        .invoke("/addon/contacts/history", EDITOR, param("contact_id", &id))
        .await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("Job title: CTO → CEO")
            && t.contains("Notes: met at fair → called back")
            && t.contains("Job title: CEO → CFO"),
        "{t}"
    );
}

#[tokio::test]
async fn a_deleted_contact_can_be_undone_and_is_listed_until_then() {
    let app = spawn_app().await;
    let label = label_shared_with_editor(&app).await;
    let id = add(&app, &label, &[("name", "Bob")]).await;
    let (_, body) = app
        .invoke("/addon/contacts/delete", OWNER, param("contact_id", &id))
        .await;
    assert!(texts(card_of(&body)).contains("Undo"));
    let (_, body) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &label))
        .await;
    assert!(!texts(card_of(&body)).contains("Bob"));
    let (_, body) = app
        .invoke("/addon/labels/deleted", OWNER, param("label_id", &label))
        .await;
    assert!(texts(card_of(&body)).contains("Restore Bob"));
    let (_, body) = app
        .invoke("/addon/contacts/restore", OWNER, param("contact_id", &id))
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"],
        "Contact restored"
    );
    let (_, body) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &label))
        .await;
    assert!(texts(card_of(&body)).contains("Bob"));
}

#[tokio::test]
async fn comments_are_public_or_private_and_mentions_are_listed() {
    let app = spawn_app().await;
    let label = label_shared_with_editor(&app).await;
    let id = add(&app, &label, &[("name", "Cy")]).await;
    app.home(EDITOR).await;
    let mut i = param("contact_id", &id);
    i.form_inputs.insert(
        "comment_body".into(),
        vec![format!("Ask @{EDITOR} about the <b>renewal</b>")],
    );
    i.form_inputs
        .insert("comment_visibility".into(), vec!["public".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    let mut i = param("contact_id", &id);
    i.form_inputs
        .insert("comment_body".into(), vec!["my secret note".into()]);
    i.form_inputs
        .insert("comment_visibility".into(), vec!["private".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    let (_, body) = app
        .invoke("/addon/contacts/open", EDITOR, param("contact_id", &id))
        .await;
    let t = texts(card_of(&body));
    assert!(t.contains("&lt;b&gt;renewal&lt;/b&gt;"), "escaped: {t}");
    assert!(
        !t.contains("my secret note"),
        "private comments stay private"
    );
    let (_, body) = app
        .invoke("/addon/mentions", EDITOR, Interaction::default())
        .await;
    assert!(texts(card_of(&body)).contains("renewal"));
    // An empty comment gets the box back with a message.
    let mut i = param("contact_id", &id);
    i.form_inputs
        .insert("comment_body".into(), vec!["   ".into()]);
    let (_, body) = app.invoke("/addon/comments/create", EDITOR, i).await;
    assert!(texts(card_of(&body)).contains("Write something first."));
}

#[tokio::test]
async fn authors_edit_their_comments_and_managers_remove_public_ones() {
    let app = spawn_app().await;
    let label = label_shared_with_editor(&app).await;
    for (who, role) in [
        ("manager@sharebook.test", "manager"),
        ("viewer@sharebook.test", "viewer"),
    ] {
        let mut i = param("label_id", &label);
        for (k, v) in [
            ("share_grantee", who),
            ("share_kind", "user"),
            ("share_role", role),
        ] {
            i.form_inputs.insert(k.into(), vec![v.into()]);
        }
        app.invoke("/addon/shares/create", OWNER, i).await;
    }
    let id = add(&app, &label, &[("name", "Dan")]).await;
    let post = |who: &'static str, body: &'static str, visibility: &'static str| {
        let mut i = param("contact_id", &id);
        i.form_inputs
            .insert("comment_body".into(), vec![body.into()]);
        i.form_inputs
            .insert("comment_visibility".into(), vec![visibility.into()]);
        app.invoke("/addon/comments/create", who, i)
    };
    post(EDITOR, "editor public", "public").await;
    post("viewer@sharebook.test", "viewer private", "private").await;
    let public = app
        .scalar("SELECT id::text FROM comments WHERE body = 'editor public'")
        .await;
    let private = app
        .scalar("SELECT id::text FROM comments WHERE body = 'viewer private'")
        .await;

    // The author edits: an empty text comes back with the message; a real one is saved.
    let (_, body) = app
        .invoke("/addon/comments/edit", EDITOR, param("comment_id", &public))
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Edit comment");
    let mut i = param("comment_id", &public);
    i.form_inputs
        .insert("comment_body".into(), vec![" ".into()]);
    let (_, body) = app.invoke("/addon/comments/update", EDITOR, i).await;
    assert!(texts(card_of(&body)).contains("Write something first."));
    let mut i = param("comment_id", &public);
    i.form_inputs
        .insert("comment_body".into(), vec!["editor public, edited".into()]);
    app.invoke("/addon/comments/update", EDITOR, i).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT body FROM comments WHERE id::text = '{public}'"
        ))
        .await
        .as_str(),
        "editor public, edited"
    );

    // Nobody else edits it; the viewer cannot remove it; the manager sees "Remove" and can.
    app.home("manager@sharebook.test").await;
    let before = app.fingerprint().await;
    let (_, body) = app
        .invoke(
            "/addon/comments/edit",
            "manager@sharebook.test",
            param("comment_id", &public),
        )
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
    let (_, body) = app
        .invoke(
            "/addon/comments/remove",
            "viewer@sharebook.test",
            param("comment_id", &public),
        )
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
    // A private comment is nobody's business but its author's, managers included.
    let (_, body) = app
        .invoke(
            "/addon/comments/remove",
            "manager@sharebook.test",
            param("comment_id", &private),
        )
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
    assert_eq!(app.fingerprint().await, before);
    let (_, body) = app
        .invoke(
            "/addon/contacts/open",
            "manager@sharebook.test",
            param("contact_id", &id),
        )
        .await;
    assert!(texts(card_of(&body)).contains("Remove"));
    let (_, body) = app
        .invoke(
            "/addon/comments/remove",
            "manager@sharebook.test",
            param("comment_id", &public),
        )
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"],
        "Comment removed"
    );
    assert!(!texts(card_of(&body)).contains("editor public"));
    // The viewer removes their own private comment.
    let (_, body) = app
        .invoke(
            "/addon/comments/remove",
            "viewer@sharebook.test",
            param("comment_id", &private),
        )
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"],
        "Comment removed"
    );
}

/// A member whose role is too low is told so, with the role they have and the one needed; someone
/// with no access who knows the same ids is told only that nothing is there.
#[tokio::test]
async fn a_role_too_low_is_named_and_a_stranger_learns_nothing() {
    let app = spawn_app().await;
    let label = label_shared_with_editor(&app).await;
    let contact = add(&app, &label, &[("name", "Ann Lee")]).await;
    let mut i = param("label_id", &label);
    for (k, v) in [
        ("share_grantee", "viewer@sharebook.test"),
        ("share_kind", "user"),
        ("share_role", "viewer"),
    ] {
        i.form_inputs.insert(k.into(), vec![v.into()]);
    }
    app.invoke("/addon/shares/create", OWNER, i).await;
    for who in ["viewer@sharebook.test", "outsider@sharebook.test"] {
        app.home(who).await;
    }
    let before = app.fingerprint().await;
    for (path, interaction, needs) in [
        (
            "/addon/contacts/edit",
            param("contact_id", &contact),
            "an editor",
        ),
        (
            "/addon/contacts/new",
            param("label_id", &label),
            "an editor",
        ),
        (
            "/addon/contacts/delete",
            param("contact_id", &contact),
            "a deleter",
        ),
        ("/addon/shares/open", param("label_id", &label), "a manager"),
    ] {
        let (_, body) = app
            .invoke(path, "viewer@sharebook.test", interaction.clone())
            .await;
        let card = card_of(&body);
        assert_eq!(card["header"]["title"], "Not allowed", "{path}: {body}");
        let text = texts(card);
        assert!(
            text.contains("You are a viewer") && text.contains(needs),
            "{path}: {text}"
        );
        let (_, body) = app
            .invoke(path, "outsider@sharebook.test", interaction)
            .await;
        assert_eq!(
            card_of(&body)["header"]["title"],
            "Not available",
            "{path}: {body}"
        );
    }
    assert_eq!(app.fingerprint().await, before);
}
