//! Snapshots of the main cards, ids, URLs and times redacted; each also passes the card checker.

use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OWNER, card_of, form, param, spawn_app};

fn snapshot(name: &str, body: &serde_json::Value) {
    let card = card_of(body);
    insta::with_settings!({filters => vec![
        (r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}", "[time]"),
        (r"http://127\.0\.0\.1:\d+", "[public_url]"),
        (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[id]"),
    ]}, {
        insta::assert_json_snapshot!(name, card);
    });
}

#[tokio::test]
async fn main_cards() {
    let app = spawn_app().await;
    app.invoke(
        "/addon/labels/create",
        OWNER,
        form("label_name", "Customers"),
    )
    .await;
    let label = app.scalar("SELECT id::text FROM labels").await;
    let mut i = param("label_id", &label);
    for (k, v) in [
        ("name", "Ann Lee"),
        ("emails", "ann@client.test"),
        ("phones", "+44 20 7946 0000"),
        ("organization", "Acme"),
        ("title", "CTO"),
    ] {
        i.form_inputs.insert(format!("contact_{k}"), vec![v.into()]);
    }
    app.invoke("/addon/contacts/create", OWNER, i).await;
    let contact = app.scalar("SELECT id::text FROM contacts").await;
    let mut i = param("contact_id", &contact);
    i.form_inputs
        .insert("comment_body".into(), vec!["Renewal due in May".into()]);
    i.form_inputs
        .insert("comment_visibility".into(), vec!["public".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    let mut i = param("label_id", &label);
    for (k, v) in [
        ("share_grantee", "viewer@sharebook.test"),
        ("share_kind", "user"),
        ("share_role", "viewer"),
    ] {
        i.form_inputs.insert(k.into(), vec![v.into()]);
    }
    app.invoke("/addon/shares/create", OWNER, i).await;
    app.gmail.add_message(
        OWNER,
        "msg-f:9",
        "thread-f:9",
        vec![
            ("From".into(), "Ann Lee <ann@client.test>".into()),
            ("Cc".into(), "Carl <carl@prospect.test>".into()),
        ],
    );

    snapshot("home", &app.home(OWNER).await);
    snapshot(
        "label",
        &app.invoke("/addon/labels/open", OWNER, param("label_id", &label))
            .await
            .1,
    );
    snapshot(
        "contact",
        &app.invoke("/addon/contacts/open", OWNER, param("contact_id", &contact))
            .await
            .1,
    );
    snapshot(
        "contact_as_viewer",
        &app.invoke(
            "/addon/contacts/open",
            "viewer@sharebook.test",
            param("contact_id", &contact),
        )
        .await
        .1,
    );
    snapshot(
        "contact_form",
        &app.invoke("/addon/contacts/edit", OWNER, param("contact_id", &contact))
            .await
            .1,
    );
    snapshot(
        "sharing",
        &app.invoke("/addon/shares/open", OWNER, param("label_id", &label))
            .await
            .1,
    );
    let open = Interaction {
        message_id: Some("msg-f:9".into()),
        ..Default::default()
    };
    snapshot(
        "message",
        &app.invoke("/addon/message", OWNER, open).await.1,
    );
}
