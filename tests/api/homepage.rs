//! The homepage trigger: users on first sight, the label list, the empty state.

use serde_json::json;
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::{OAUTH_CLIENT_ID, SERVICE_ACCOUNT_EMAIL};

use crate::helpers::{OTHER, OWNER, card_of, form, spawn_app, texts, user};

#[tokio::test]
async fn the_first_visit_creates_the_user_and_shows_the_empty_state() {
    let app = spawn_app().await;
    let body = app.home(OWNER).await;
    let card = card_of(&body);
    assert!(
        texts(card).contains("You have no shared labels yet"),
        "{card}"
    );
    assert!(texts(card).contains("Create label"));
    let client = app.pool.get().await.unwrap();
    let row = client
        .query_one("SELECT google_sub, email, hd FROM users", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), user(OWNER).sub());
    assert_eq!(row.get::<_, String>(1), OWNER);
    assert_eq!(
        row.get::<_, Option<String>>(2).as_deref(),
        Some("sharebook.test")
    );
    insta::assert_json_snapshot!("homepage_empty", body, {
        ".**.function" => "[url]", ".action.navigations[0].pushCard.header.subtitle" => "[email]",
    });
}

#[tokio::test]
async fn a_changed_email_updates_the_same_user() {
    let app = spawn_app().await;
    app.home(OWNER).await;
    // Same Google account (sub), new address.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = app
        .issuer
        .sign(&json!({
            "iss": "https://accounts.google.com", "aud": OAUTH_CLIENT_ID, "sub": user(OWNER).sub(),
            "email": "renamed@sharebook.test", "email_verified": true, "iat": now, "exp": now + 3600,
        }))
        .unwrap();
    let mut event = app
        .host
        .event(&user(OWNER), &Interaction::default())
        .unwrap();
    event["authorizationEventObject"]["userIdToken"] = json!(token);
    let url = app.public_url.url_for("/addon/home");
    let response = app.host.post(&url, &event).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let client = app.pool.get().await.unwrap();
    let rows = client
        .query("SELECT email, hd FROM users", &[])
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<_, String>(0), "renamed@sharebook.test");
    assert_eq!(rows[0].get::<_, Option<String>>(1), None);
    let _ = SERVICE_ACCOUNT_EMAIL;
}

#[tokio::test]
async fn labels_are_listed_by_name_with_their_role_and_escaped() {
    let app = spawn_app().await;
    for name in ["zeta", "<b>Alpha</b> & co", "Middle"] {
        let (status, _) = app
            .invoke("/addon/labels/create", OWNER, form("label_name", name))
            .await;
        assert_eq!(status, 200);
    }
    let body = app.home(OWNER).await;
    let rows: Vec<_> = card_of(&body)["sections"][0]["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["decoratedText"].clone())
        .collect();
    let names: Vec<_> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["&lt;b&gt;Alpha&lt;/b&gt; &amp; co", "Middle", "zeta"]
    );
    assert!(
        rows.iter()
            .all(|r| r["bottomLabel"] == "Owner · 0 contacts"),
        "{rows:?}"
    );
    insta::assert_json_snapshot!("homepage_labels", body, {
        ".**.function" => "[url]", ".**.parameters[].value" => "[id]",
        ".action.navigations[0].pushCard.header.subtitle" => "[email]",
    });
    // Someone else sees none of them.
    let other = app.home(OTHER).await;
    assert!(texts(card_of(&other)).contains("You have no shared labels yet"));
}

#[tokio::test]
async fn the_message_and_compose_triggers_answer_with_a_card() {
    let app = spawn_app().await;
    let open = Interaction {
        message_id: Some("msg-f:1".into()),
        ..Default::default()
    };
    let (status, body) = app.invoke("/addon/message", OWNER, open).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .invoke("/addon/compose", OWNER, Interaction::default())
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_long_list_stays_within_googles_widget_limit() {
    let app = spawn_app().await;
    app.home(OWNER).await;
    let client = app.pool.get().await.unwrap();
    client
        .execute(
            "INSERT INTO labels (id, owner_id, name)
             SELECT gen_random_uuid(), u.id, 'Label ' || lpad(n::text, 3, '0') FROM users u, generate_series(1, 120) n",
            &[],
        )
        .await
        .unwrap();
    let body = app.home(OWNER).await;
    let widgets = card_of(&body)["sections"][0]["widgets"].as_array().unwrap();
    assert_eq!(widgets.len(), 91, "90 labels and a note");
    assert_eq!(widgets[0]["decoratedText"]["text"], "Label 001");
    assert!(texts(&widgets[90]).contains("Showing your first 90 labels"));
}
