//! Duplicates within a label: a deleter sees likely pairs, merges two contacts into one keeping
//! every value, their comments and both histories, and can undo it while neither changed.

use crate::helpers::{OWNER, TestApp, card_of, form, param, spawn_app, texts};
use crate::sharing::{label, share};

const DELETER: &str = "deleter@sharebook.test";
const EDITOR: &str = "editor@sharebook.test";
const STRANGER: &str = "stranger@sharebook.test";

fn merge_of(kept: &str, other: &str, confirm: bool) -> sharebook_dev::sandbox::host::Interaction {
    let mut i = param("contact_id", kept);
    i.parameters.insert("other_id".into(), other.into());
    if confirm {
        i.parameters.insert("confirm".into(), "yes".into());
    }
    i
}

async fn comment(app: &TestApp, who: &str, contact: &str, body: &str) {
    let mut i = param("contact_id", contact);
    i.form_inputs
        .insert("comment_body".into(), vec![body.into()]);
    i.form_inputs
        .insert("comment_visibility".into(), vec!["public".into()]);
    let (status, b) = app.invoke("/addon/comments/create", who, i).await;
    assert_eq!(status, 200, "{b}");
}

/// Adds a contact as the owner, past the "looks like a duplicate" question.
async fn contact(app: &TestApp, label: &str, pairs: &[(&str, &str)]) -> String {
    let mut i = param("label_id", label);
    i.parameters.insert("duplicate_ok".into(), "yes".into());
    for (k, v) in pairs {
        i.form_inputs
            .insert(format!("contact_{k}"), vec![(*v).into()]);
    }
    let (status, body) = app.invoke("/addon/contacts/create", OWNER, i).await;
    assert_eq!(status, 200, "{body}");
    app.scalar("SELECT id::text FROM contacts ORDER BY created_at DESC LIMIT 1")
        .await
}

async fn values(app: &TestApp, id: &str) -> String {
    app.scalar(&format!(
        "SELECT concat_ws('|', name, array_to_string(emails, ','), array_to_string(phones, ','),
                organization, title, notes, custom::text, (deleted_at IS NOT NULL)::text)
         FROM contacts WHERE id = '{id}'"
    ))
    .await
}

#[tokio::test]
async fn a_deleter_merges_two_contacts_keeping_everything_and_can_undo_it() {
    let app = spawn_app().await;
    let l = label(&app).await;
    share(&app, OWNER, &l, DELETER, "user", "deleter").await;
    share(&app, OWNER, &l, EDITOR, "user", "editor").await;
    let ann = contact(
        &app,
        &l,
        &[
            ("name", "Ann Lee"),
            ("emails", "ann@client.test"),
            ("organization", "Acme"),
            ("notes", "Met in May"),
        ],
    )
    .await;
    let ann2 = contact(
        &app,
        &l,
        &[
            ("name", "Ann B. Lee"),
            ("emails", "ANN@client.test\nann@home.test"),
            ("phones", "+44 20 7946 0018"),
            ("title", "Buyer"),
            ("notes", "Prefers email"),
        ],
    )
    .await;
    let bob = contact(
        &app,
        &l,
        &[("name", "Bob"), ("phones", "+44 (20) 7946-0018")],
    )
    .await;
    contact(&app, &l, &[("name", "Cy"), ("emails", "cy@client.test")]).await;
    comment(&app, OWNER, &ann2, "Called her back").await;
    let before_ann = values(&app, &ann).await;
    let before_ann2 = values(&app, &ann2).await;

    // The label card offers it to a deleter; the list shows the pairs, by address and by phone.
    let (_, card) = app
        .invoke("/addon/labels/open", DELETER, param("label_id", &l))
        .await;
    assert!(texts(card_of(&card)).contains("Find duplicates"));
    let (status, body) = app
        .invoke("/addon/labels/duplicates", DELETER, param("label_id", &l))
        .await;
    assert_eq!(status, 200, "{body}");
    let text = texts(card_of(&body));
    assert!(text.contains("Ann B. Lee and Ann Lee"), "{text}");
    assert!(text.contains("Same email address"), "{text}");
    assert!(
        text.contains("Ann B. Lee and Bob") && text.contains("Same phone number"),
        "{text}"
    );
    assert!(!text.contains("Cy"), "{text}");

    // The preview shows the joined contact; nothing is written yet.
    let fp = app.fingerprint().await;
    let (status, body) = app
        .invoke(
            "/addon/contacts/merge",
            DELETER,
            merge_of(&ann, &ann2, false),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let text = texts(card_of(&body));
    assert!(text.contains("ann@client.test\nann@home.test"), "{text}");
    assert!(
        text.contains("Merge into Ann Lee") && text.contains("Keep Ann B. Lee instead"),
        "{text}"
    );
    assert_eq!(app.fingerprint().await, fp);

    let (status, body) = app
        .invoke(
            "/addon/contacts/merge",
            DELETER,
            merge_of(&ann, &ann2, true),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        texts(&body).contains("Ann B. Lee was merged into Ann Lee"),
        "{body}"
    );
    assert_eq!(
        values(&app, &ann).await,
        "Ann Lee|ann@client.test,ann@home.test|+44 20 7946 0018|Acme|Buyer|Met in May\n\nPrefers email|[[\"Name\", \"Ann B. Lee\"]]|false"
    );
    assert!(
        values(&app, &ann2).await.ends_with("|true"),
        "the other is deleted"
    );
    // Its comment moved over, and both histories show on the kept contact.
    assert!(texts(card_of(&body)).contains("Called her back"), "{body}");
    let (_, history) = app
        .invoke(
            "/addon/contacts/history",
            DELETER,
            param("contact_id", &ann),
        )
        .await;
    let text = texts(card_of(&history));
    assert!(
        text.contains("Merged with another contact by you"),
        "{text}"
    );
    assert!(
        text.contains("Merged into this contact: Ann B. Lee"),
        "{text}"
    );
    assert!(text.contains("Undo this merge"), "{text}");

    // An editor sees the history but no undo; may neither list nor merge; a stranger sees nothing.
    let (_, history) = app
        .invoke("/addon/contacts/history", EDITOR, param("contact_id", &ann))
        .await;
    assert!(!texts(card_of(&history)).contains("Undo this merge"));
    app.home(STRANGER).await;
    let merge_id = app.scalar("SELECT id::text FROM contact_merges").await;
    let fp = app.fingerprint().await;
    for (who, title) in [(EDITOR, "Not allowed"), (STRANGER, "Not available")] {
        let (_, b) = app
            .invoke("/addon/labels/duplicates", who, param("label_id", &l))
            .await;
        assert_eq!(card_of(&b)["header"]["title"], title, "{who}");
        let (_, b) = app
            .invoke("/addon/contacts/merge", who, merge_of(&ann, &bob, true))
            .await;
        assert_eq!(card_of(&b)["header"]["title"], title, "{who}");
        let (_, b) = app
            .invoke("/addon/contacts/unmerge", who, param("merge_id", &merge_id))
            .await;
        assert_eq!(card_of(&b)["header"]["title"], "Not available", "{who}");
    }
    assert_eq!(app.fingerprint().await, fp);

    // Undo: both as they were, the comment back on the other.
    let (status, body) = app
        .invoke(
            "/addon/contacts/unmerge",
            DELETER,
            param("merge_id", &merge_id),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(texts(&body).contains("Merge undone"), "{body}");
    assert_eq!(values(&app, &ann).await, before_ann);
    assert_eq!(values(&app, &ann2).await, before_ann2);
    assert_eq!(
        app.scalar("SELECT contact_id::text FROM comments WHERE body = 'Called her back'")
            .await,
        ann2
    );
    // Undone once: a second undo finds nothing.
    let (_, b) = app
        .invoke(
            "/addon/contacts/unmerge",
            DELETER,
            param("merge_id", &merge_id),
        )
        .await;
    assert_eq!(card_of(&b)["header"]["title"], "Not available");
}

#[tokio::test]
async fn a_merge_is_not_undone_once_a_contact_changed_and_forged_pairs_are_refused() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let a = contact(&app, &l, &[("name", "Ann"), ("emails", "ann@client.test")]).await;
    let b = contact(
        &app,
        &l,
        &[("name", "Ann L"), ("emails", "ann@client.test")],
    )
    .await;
    app.invoke("/addon/labels/create", OWNER, form("label_name", "Other"))
        .await;
    let other_label = app
        .scalar("SELECT id::text FROM labels WHERE name = 'Other'")
        .await;
    let elsewhere = contact(
        &app,
        &other_label,
        &[("name", "Ann"), ("emails", "ann@client.test")],
    )
    .await;
    let fp = app.fingerprint().await;
    for (kept, other) in [
        (&a, &elsewhere),
        (&a, &a),
        (&a, &"00000000-0000-0000-0000-000000000000".to_owned()),
    ] {
        let (_, body) = app
            .invoke("/addon/contacts/merge", OWNER, merge_of(kept, other, true))
            .await;
        assert_eq!(
            card_of(&body)["header"]["title"],
            "Not available",
            "{kept} {other}"
        );
    }
    assert_eq!(app.fingerprint().await, fp);
    app.invoke("/addon/contacts/merge", OWNER, merge_of(&a, &b, true))
        .await;
    let mut save = param("contact_id", &a);
    save.parameters.insert("version".into(), "2".into());
    save.form_inputs
        .insert("contact_name".into(), vec!["Ann Lee".into()]);
    save.form_inputs
        .insert("contact_emails".into(), vec!["ann@client.test".into()]);
    let (status, body) = app.invoke("/addon/contacts/save", OWNER, save).await;
    assert_eq!(status, 200, "{body}");
    let merge_id = app.scalar("SELECT id::text FROM contact_merges").await;
    let fp = app.fingerprint().await;
    let (_, body) = app
        .invoke(
            "/addon/contacts/unmerge",
            OWNER,
            param("merge_id", &merge_id),
        )
        .await;
    assert!(texts(&body).contains("can no longer be undone"), "{body}");
    assert_eq!(app.fingerprint().await, fp);
}
