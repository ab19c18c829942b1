//! What a new user tripped on (issue 13), each with the test that shows it mended: comments
//! visible on the email card, refusals seen where the user is, an empty search, a viewer told
//! their comment is private, and a revoke that asks first.

use serde_json::Value;
use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OWNER, card_of, form, param, spawn_app, texts};
use crate::sharing::{contact, label, share};

const VIEWER: &str = "viewer@sharebook.test";

fn notification(body: &Value) -> Option<&str> {
    body["renderActions"]["action"]["notification"]["text"].as_str()
}

/// The section of the message card about `name`.
fn section<'a>(card: &'a Value, name: &str) -> &'a Value {
    card["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["header"] == name)
        .unwrap_or_else(|| panic!("no section {name}: {card}"))
}

#[tokio::test]
async fn the_email_card_shows_the_latest_comments_and_the_box_without_a_click() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let c = contact(
        &app,
        &l,
        &[
            ("name", "Ann Lee"),
            ("emails", "ann@client.test"),
            ("phones", "+44 20 7946 0001"),
            ("organization", "Acme"),
            ("title", "Buyer"),
            ("notes", "Prefers mornings"),
        ],
    )
    .await;
    let long = format!("Renewal due in May. {}", "Details follow. ".repeat(40));
    let mut i = param("contact_id", &c);
    i.form_inputs
        .insert("comment_body".into(), vec![long.clone()]);
    i.form_inputs
        .insert("comment_visibility".into(), vec!["public".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    app.gmail.add_message(
        OWNER,
        "msg-f:ann",
        "thread-f:ann",
        vec![
            ("From".into(), "Ann Lee <ann@client.test>".into()),
            ("To".into(), OWNER.into()),
        ],
    );
    let open = Interaction {
        message_id: Some("msg-f:ann".into()),
        ..Default::default()
    };
    let (_, body) = app.invoke("/addon/message", OWNER, open).await;
    let ann = section(card_of(&body), "Ann Lee");
    let shown = usize::try_from(ann["uncollapsibleWidgetsCount"].as_i64().unwrap()).unwrap();
    let visible = serde_json::to_string(&ann["widgets"].as_array().unwrap()[..shown]).unwrap();
    assert!(visible.contains("Renewal due in May"), "{visible}");
    assert!(
        visible.contains("comment_body."),
        "the box shows: {visible}"
    );
    assert!(visible.contains("Post comment"), "{visible}");
    // A long comment is cut on the email card and whole on the contact card.
    assert!(!visible.contains(&long) && visible.contains("Open contact to read it all"));
    let (_, body) = app
        .invoke("/addon/contacts/open", OWNER, param("contact_id", &c))
        .await;
    assert!(texts(card_of(&body)).contains(long.trim()));
}

#[tokio::test]
async fn a_refused_comment_is_said_in_a_notification_too() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let c = contact(&app, &l, &[("name", "Ann Lee")]).await;
    let mut i = param("contact_id", &c);
    i.form_inputs
        .insert("comment_body".into(), vec!["   ".into()]);
    let (_, body) = app.invoke("/addon/comments/create", OWNER, i).await;
    assert_eq!(
        notification(&body),
        Some("Write something first."),
        "{body}"
    );
    assert!(texts(card_of(&body)).contains("Write something first."));
    assert_eq!(app.count("comments").await, 0);
}

#[tokio::test]
async fn an_empty_search_keeps_a_search_box_and_a_plain_title() {
    let app = spawn_app().await;
    let (_, body) = app
        .invoke("/addon/search", OWNER, form("search_query", ""))
        .await;
    let card = card_of(&body);
    assert_eq!(card["header"]["title"], "Search", "{card}");
    let t = card.to_string();
    assert!(t.contains("\"name\":\"search_query\"") && t.contains("Type at least two characters."));
    // A search that runs keeps the box, with the query in it.
    let (_, body) = app
        .invoke("/addon/search", OWNER, form("search_query", "ann"))
        .await;
    let t = card_of(&body).to_string();
    assert!(t.contains("\"value\":\"ann\""), "{t}");
}

#[tokio::test]
async fn a_viewers_comment_box_says_the_comment_will_be_private() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let c = contact(&app, &l, &[("name", "Ann Lee")]).await;
    share(&app, OWNER, &l, VIEWER, "user", "viewer").await;
    let (_, body) = app
        .invoke("/addon/contacts/open", VIEWER, param("contact_id", &c))
        .await;
    assert!(texts(card_of(&body)).contains("Add a private comment (only you will see it)"));
    let (_, body) = app
        .invoke("/addon/contacts/open", OWNER, param("contact_id", &c))
        .await;
    let t = texts(card_of(&body));
    assert!(t.contains("Add a comment") && !t.contains("Add a private comment"));
}

#[tokio::test]
async fn revoking_access_asks_first_and_changes_nothing_until_confirmed() {
    let app = spawn_app().await;
    let l = label(&app).await;
    share(&app, OWNER, &l, VIEWER, "user", "viewer").await;
    let id = app.scalar("SELECT id::text FROM shares").await;
    let before = app.fingerprint().await;
    let (_, body) = app
        .invoke("/addon/shares/revoke", OWNER, param("share_id", &id))
        .await;
    let card = card_of(&body);
    assert_eq!(card["header"]["title"], "Revoke access?", "{card}");
    assert!(texts(card).contains("removed from their Google Contacts"));
    assert_eq!(app.fingerprint().await, before);
    let mut i = param("share_id", &id);
    i.parameters.insert("confirm".into(), "yes".into());
    let (_, body) = app.invoke("/addon/shares/revoke", OWNER, i).await;
    assert_eq!(notification(&body), Some("Access revoked"), "{body}");
    assert_eq!(app.count("shares").await, 0);
}

/// Fires the compose action as Gmail does with `draftAccess: METADATA`: the draft's recipients
/// ride along.
async fn insert_into_draft(
    app: &crate::helpers::TestApp,
    label: &str,
    field: Option<&str>,
    draft: Value,
) -> Value {
    let mut i = param("label_id", label);
    if let Some(f) = field {
        i.form_inputs
            .insert("recipient_field".into(), vec![f.into()]);
    }
    let mut event = app.host.event(&crate::helpers::user(OWNER), &i).unwrap();
    event["gmail"] = draft;
    let response = app
        .host
        .post(&app.public_url.url_for("/addon/compose/insert"), &event)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn compose_adds_to_the_draft_in_the_field_chosen_without_repeating_anyone() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(&app, &l, &[("name", "Ann"), ("emails", "ann@client.test")]).await;
    contact(&app, &l, &[("name", "Bob"), ("emails", "bob@client.test")]).await;
    let (_, body) = app
        .invoke("/addon/compose", OWNER, Interaction::default())
        .await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("Add as") && t.contains("Bcc") && t.contains("Add Customers (2)"),
        "{t}"
    );

    let draft = serde_json::json!({
        "accessToken": "x",
        "toRecipients": ["boss@corp.test"],
        "ccRecipients": ["Ann <ANN@client.test>"],
        "bccRecipients": [],
    });
    // To keeps what was typed and adds the label, without Ann (already in Cc).
    let body = insert_into_draft(&app, &l, None, draft.clone()).await;
    let markup = &body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"];
    assert_eq!(
        markup["updateToRecipients"]["toRecipients"],
        serde_json::json!(["boss@corp.test", "bob@client.test"]),
        "{body}"
    );
    assert_eq!(
        notification(&body),
        Some("Added 1 recipient to To (1 already there)")
    );
    // Bcc, for a mailing to the whole label.
    let body = insert_into_draft(&app, &l, Some("bcc"), draft.clone()).await;
    let markup = &body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"];
    assert_eq!(
        markup["updateBccRecipients"]["bccRecipients"],
        serde_json::json!(["bob@client.test"]),
        "{body}"
    );
    assert!(markup.get("updateToRecipients").is_none());
    // Everyone already there: nothing added, and said so.
    let full = serde_json::json!({
        "toRecipients": ["ann@client.test"], "ccRecipients": [], "bccRecipients": ["bob@client.test"],
    });
    let body = insert_into_draft(&app, &l, Some("cc"), full).await;
    assert_eq!(
        notification(&body),
        Some("Everyone in this label is on the draft already")
    );
    // A field the dropdown never offers is forged.
    let body = insert_into_draft(&app, &l, Some("everyone"), draft).await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available", "{body}");
}

fn contact_form_values(label: &str, pairs: &[(&str, &str)]) -> Interaction {
    let mut i = param("label_id", label);
    for (k, v) in pairs {
        i.form_inputs
            .insert(format!("contact_{k}"), vec![(*v).into()]);
    }
    i
}

#[tokio::test]
async fn the_same_person_twice_in_a_label_is_warned_and_saved_only_if_asked() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(
        &app,
        &l,
        &[
            ("name", "Ann Lee"),
            ("emails", "ann@client.test"),
            ("phones", "+44 20 7946 0001"),
        ],
    )
    .await;
    // The same address, typed otherwise.
    let i = contact_form_values(&l, &[("name", "Ann L."), ("emails", "ANN@client.test")]);
    let (_, body) = app.invoke("/addon/contacts/create", OWNER, i.clone()).await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("Ann Lee in this label has an email address you typed."),
        "{t}"
    );
    assert!(
        t.contains("Open Ann Lee") && t.contains("Save anyway"),
        "{t}"
    );
    assert!(t.contains("Ann L."), "typed values kept: {t}");
    assert_eq!(app.count("contacts").await, 1);
    // The same number by its digits.
    let phone = contact_form_values(
        &l,
        &[("name", "Reception"), ("phones", "+44 (20) 7946-0001")],
    );
    let (_, body) = app.invoke("/addon/contacts/create", OWNER, phone).await;
    assert!(texts(card_of(&body)).contains("has a phone number you typed"));
    // Saved when the user says so.
    let mut anyway = i;
    anyway
        .parameters
        .insert("duplicate_ok".into(), "yes".into());
    let (_, body) = app.invoke("/addon/contacts/create", OWNER, anyway).await;
    assert_eq!(notification(&body), Some("Contact added"), "{body}");
    assert_eq!(app.count("contacts").await, 2);
}

#[tokio::test]
async fn a_duplicate_is_never_told_through_a_field_hidden_from_the_member() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(
        &app,
        &l,
        &[("name", "Ann Lee"), ("emails", "ann@client.test")],
    )
    .await;
    share(&app, OWNER, &l, "editor@sharebook.test", "user", "editor").await;
    let sid = app.scalar("SELECT id::text FROM shares").await;
    crate::sharing::update_share(&app, &sid, "editor", &["emails"]).await;
    let i = contact_form_values(&l, &[("name", "Someone"), ("emails", "ann@client.test")]);
    let (_, body) = app
        .invoke("/addon/contacts/create", "editor@sharebook.test", i)
        .await;
    assert!(!texts(card_of(&body)).contains("Ann Lee"), "{body}");
    assert_eq!(notification(&body), Some("Contact added"));
}

#[tokio::test]
async fn adding_someone_from_an_email_leaves_the_email_card_fresh() {
    let app = spawn_app().await;
    let l = label(&app).await;
    app.gmail.add_message(
        OWNER,
        "msg-f:carl",
        "thread-f:carl",
        vec![
            ("From".into(), "Carl New <carl@prospect.test>".into()),
            ("To".into(), OWNER.into()),
        ],
    );
    let mut i = contact_form_values(
        &l,
        &[("name", "Carl New"), ("emails", "carl@prospect.test")],
    );
    i.message_id = Some("msg-f:carl".into());
    let (_, body) = app.invoke("/addon/contacts/create", OWNER, i).await;
    let navs = body["renderActions"]["action"]["navigations"]
        .as_array()
        .unwrap();
    assert_eq!(navs[0]["popToRoot"], true, "{body}");
    let email = texts(&navs[1]["updateCard"]);
    assert!(
        email.contains("In Customers") && !email.contains("Not in any label you can see."),
        "{email}"
    );
    assert_eq!(navs[2]["pushCard"]["header"]["title"], "Carl New");
}

#[tokio::test]
async fn the_sandbox_invoke_endpoint_says_what_it_takes() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    let get = |path: &str| {
        let url = app.stand_ins.url(path).unwrap().to_string();
        let http = http.clone();
        async move {
            let r = http.get(url).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, body) = get("/sandbox/invoke/addon/hom").await;
    assert_eq!(status, 404);
    assert!(body.contains("/addon/home"), "{body}");
    let (status, body) = get("/sandbox/invoke/addon/labels/open?label_id=x").await;
    assert_eq!(status, 400);
    assert!(body.contains("param.label_id"), "{body}");
    let (status, _) = get("/sandbox/invoke/addon/home?as=owner@sharebook.test").await;
    assert_eq!(status, 200);
}
